"""A stored session written out as Markdown (to read) and JSON (for tools).

`TranscriptFile` is the one description of the JSON format. The learner's words are
data: in Markdown they are escaped (see display.py) so that they show as typed.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from tutor.storage.database import Store
from tutor.surfaces.display import escape_markdown, mastery_lines


class MoveRecord(BaseModel):
    type: str
    text: str
    ref: str = ""


class TurnRecord(BaseModel):
    at: str
    kind: str  # start | answer | hint | skip | why | repeat
    text: str  # the learner's words, for answers
    assessment: dict | None
    moves: list[MoveRecord]


class TranscriptFile(BaseModel):
    session: int
    learner: str
    dialogue: str
    title: str
    status: str
    started: str
    updated: str
    progress: tuple[int, int]
    mastery: dict[str, float]
    turns: list[TurnRecord]


def transcript(store: Store, session_id: int) -> TranscriptFile:
    info = store.session(session_id)
    if info is None:
        raise KeyError(f"no stored session {session_id}")
    turns = [
        TurnRecord(at=t.at, kind=t.kind, text=t.text, assessment=t.assessment, moves=[MoveRecord(**m) for m in t.moves])
        for t in store.turns(session_id)
    ]
    return TranscriptFile(
        session=info.id,
        learner=info.learner,
        dialogue=info.dialogue,
        title=info.title,
        status=info.status,
        started=info.started,
        updated=info.updated,
        progress=info.progress,
        mastery=info.mastery,
        turns=turns,
    )


REQUEST_WORDS = {
    "hint": "(asked for a hint)",
    "skip": "(skipped the question)",
    "why": "(asked why)",
    "repeat": "(asked to hear the question again)",
}


def to_markdown(record: TranscriptFile, names: dict[str, str] | None = None) -> str:
    k, n = record.progress
    out = [
        f"# {escape_markdown(record.title)}",
        "",
        f"Session {record.session} of {escape_markdown(record.learner)}, dialogue `{record.dialogue}`, "
        f"started {record.started}, {record.status}, question {k} of {n}.",
        "",
    ]
    for turn in record.turns:
        if turn.kind == "answer":
            out += [f"**You:** {escape_markdown(turn.text)}", ""]
        elif turn.kind in REQUEST_WORDS:
            out += [f"**You:** *{REQUEST_WORDS[turn.kind]}*", ""]
        if turn.assessment and turn.assessment.get("verdict"):
            out += [f"*Read as: {turn.assessment.get('act', 'answer')}; verdict: {turn.assessment['verdict']}*", ""]
        elif turn.assessment and turn.assessment.get("act"):
            out += [f"*Read as: {turn.assessment['act']}*", ""]
        for move in turn.moves:
            out += [f"**Tutor** ({move.type}): {move.text}", ""]
    if record.mastery:
        out += ["## Mastery", "", "```", *mastery_lines(record.mastery, names), "```", ""]
    return "\n".join(out)


def save_transcript(
    store: Store, session_id: int, directory: Path, concept_names: dict[str, str] | None = None
) -> tuple[Path, Path]:
    """Write `session-<id>-<dialogue>.md` and `.json` into `directory` (`-2`, `-3`... when that
    name is taken: an earlier save is never overwritten); return both paths."""
    record = transcript(store, session_id)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"session-{record.session}-{re.sub(r'[^A-Za-z0-9_-]+', '_', record.dialogue)}"
    n = 0
    while True:
        n += 1
        name = stem if n == 1 else f"{stem}-{n}"
        markdown, json_file = directory / f"{name}.md", directory / f"{name}.json"
        if json_file.exists():
            continue
        try:
            with markdown.open("x", encoding="utf-8") as out:  # "x": fails if the name is taken, even by a racing save
                out.write(to_markdown(record, concept_names))
        except FileExistsError:
            continue
        json_file.write_text(record.model_dump_json(indent=2), encoding="utf-8")
        return markdown, json_file
