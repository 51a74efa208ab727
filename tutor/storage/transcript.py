"""A stored session written out as Markdown (to read) and JSON (for tools).

`TranscriptFile` is the one description of the JSON format. The learner's words are
data: in Markdown they are escaped so that `*`, `[`, `#`... show as typed, and control
characters (ANSI escapes) are shown as visible symbols everywhere.
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from tutor.storage.database import Store

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:$=\"'])")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible(text: str) -> str:
    """Control characters (ESC of an ANSI sequence, bell...) as their visible Unicode pictures (␛, ␇)."""
    return CONTROL.sub(lambda m: chr(0x2421) if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text)


def escape_markdown(text: str) -> str:
    """Learner text for a Markdown document: shown literally, line breaks kept."""
    lines = visible(text).replace("\t", " ").splitlines() or [""]
    return "\\\n".join(MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in lines)


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
    turns = [TurnRecord(at=t.at, kind=t.kind, text=t.text, assessment=t.assessment,
                        moves=[MoveRecord(**m) for m in t.moves]) for t in store.turns(session_id)]
    return TranscriptFile(session=info.id, learner=info.learner, dialogue=info.dialogue, title=info.title,
                          status=info.status, started=info.started, updated=info.updated, progress=info.progress,
                          mastery=info.mastery, turns=turns)


REQUEST_WORDS = {"hint": "(asked for a hint)", "skip": "(skipped the question)", "why": "(asked why)",
                 "repeat": "(asked to hear the question again)"}


def to_markdown(record: TranscriptFile, names: dict[str, str] | None = None) -> str:
    k, n = record.progress
    out = [f"# {escape_markdown(record.title)}", "",
           f"Session {record.session} of {escape_markdown(record.learner)}, dialogue `{record.dialogue}`, "
           f"started {record.started}, {record.status}, question {k} of {n}.", ""]
    for turn in record.turns:
        if turn.kind == "answer":
            out += [f"**You:** {escape_markdown(turn.text)}", ""]
        elif turn.kind in REQUEST_WORDS:
            out += [f"**You:** *{REQUEST_WORDS[turn.kind]}*", ""]
        if turn.assessment:
            out += [f"*Verdict: {turn.assessment.get('verdict', '?')}*", ""]
        for move in turn.moves:
            out += [f"**Tutor** ({move.type}): {move.text}", ""]
    if record.mastery:
        out += ["## Mastery", "", "```", *mastery_lines(record.mastery, names), "```", ""]
    return "\n".join(out)


def save_transcript(store: Store, session_id: int, directory: Path,
                    concept_names: dict[str, str] | None = None) -> tuple[Path, Path]:
    """Write `session-<id>-<dialogue>.md` and `.json` into `directory`; return both paths."""
    record = transcript(store, session_id)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"session-{record.session}-{re.sub(r'[^A-Za-z0-9_-]+', '_', record.dialogue)}"
    markdown, json_file = directory / f"{stem}.md", directory / f"{stem}.json"
    markdown.write_text(to_markdown(record, concept_names), encoding="utf-8")
    json_file.write_text(record.model_dump_json(indent=2), encoding="utf-8")
    return markdown, json_file


def mastery_bar(p: float, width: int = 10) -> str:
    """`p` in [0, 1] as a text bar, e.g. `██████░░░░ 60%`: no colour needed, so it reads in any theme."""
    p = min(max(p, 0.0), 1.0)
    filled = round(p * width)
    return "█" * filled + "░" * (width - filled) + f" {p:4.0%}"


def mastery_lines(mastery: dict[str, float], names: dict[str, str] | None = None, width: int = 10,
                  label_width: int = 40) -> list[str]:
    """One `name  bar` line per concept, strongest first; names longer than `label_width` are cut."""
    names = names or {}
    labels = {c: shorten(names.get(c, c), label_width) for c in mastery}
    pad = max((len(label) for label in labels.values()), default=0)
    return [f"{labels[c]:<{pad}}  {mastery_bar(p, width)}" for c, p in sorted(mastery.items(), key=lambda kv: -kv[1])]


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
