"""Dialogue coverage: which authored items (hints, challenges, corrections, transitions...) the quiz
scripts exercised, like a test-coverage report. Each item is named by the `ref` its move carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.content.locate import content_roots, layered_files
from tutor.dialogue.library import read_dialogue_file
from tutor.dialogue.models import Dialogue, Hint

KINDS = ("pump", "hint", "prompt", "assertion", "challenge", "correction", "transition")


@dataclass(frozen=True)
class Item:
    kind: str  # one of KINDS
    ref: str  # as carried by Move.ref; transitions as "question/next/j"
    where: str  # file:line of the authored text


def authored_items(dialogue: Dialogue, file: str, where) -> list[Item]:
    """Every item an author wrote in `dialogue`; `where(loc)` gives the (line, col) of a path in its file."""
    items = []

    def add(kind: str, ref: str, loc: tuple) -> None:
        items.append(Item(kind, ref, f"{file}:{where(loc)[0]}"))

    for k, step in enumerate(dialogue.steps):
        q, at = step.question, ("steps", k)
        for i, _ in enumerate(step.pumps):
            add("pump", f"{q}/pump/{i}", at + ("pumps", i))
        for e, moves in step.expectations.items():
            for i, hint in enumerate(moves.hints):
                add("hint", f"{q}/hint/{e}/{i}", at + ("expectations", e, "hints", i))
                if isinstance(hint, Hint) and hint.if_wrong:
                    add("correction", f"{q}/hint/{e}/{i}/if_wrong", at + ("expectations", e, "hints", i, "if_wrong"))
            if moves.prompt:
                add("prompt", f"{q}/prompt/{e}", at + ("expectations", e, "prompt"))
            if moves.assertion:
                add("assertion", f"{q}/assertion/{e}", at + ("expectations", e, "assertion"))
        for m, meeting in step.misconceptions.items():
            for kind, texts in (("challenge", meeting.challenges), ("correction", meeting.corrections or [""])):
                for i, _ in enumerate(texts):  # alternatives are refs of their own: ".../challenge/m/1"
                    loc = at + ("misconceptions", m, kind) + ((i,) if len(texts) > 1 else ())
                    add(kind, f"{q}/{kind}/{m}" + (f"/{i}" if i else ""), loc)
        for j, _ in enumerate(step.next):
            add("transition", f"{q}/next/{j}", at + ("next", j))
    return items


def all_items(dialogues: dict[str, Dialogue], content, within: Path | None = None) -> dict[str, list[Item]]:
    """dialogue id -> its authored items, located in the file each dialogue was read from; given `within`,
    only the dialogues of files under that folder (an author's own)."""
    out: dict[str, list[Item]] = {}
    for path in layered_files("dialogues", content_roots(content)):
        if within is not None and not path.resolve().is_relative_to(within.resolve()):
            continue
        doc, dialogue = read_dialogue_file(path)
        if dialogues.get(dialogue.id) == dialogue:
            out[dialogue.id] = authored_items(dialogue, doc.file, doc.where)
    return out


def coverage_json(items: dict[str, list[Item]], exercised: dict[str, set[str]]) -> dict:
    out = {}
    for dialogue, its in sorted(items.items()):
        used = exercised.get(dialogue, set())
        kinds = {
            kind: {
                "covered": sum(i.ref in used for i in its if i.kind == kind),
                "total": sum(i.kind == kind for i in its),
            }
            for kind in KINDS
        }
        out[dialogue] = {
            "kinds": kinds,
            "missed": [{"kind": i.kind, "ref": i.ref, "where": i.where} for i in its if i.ref not in used],
        }
    return out


def coverage_text(items: dict[str, list[Item]], exercised: dict[str, set[str]]) -> str:
    data = coverage_json(items, exercised)
    header = f"{'dialogue':<20}" + "".join(f"{k + 's':>13}" for k in KINDS) + f"{'total':>8}"
    lines = ["Dialogue coverage (authored items the scripts exercised)", header]
    missed = []
    for dialogue, d in data.items():
        cells = "".join(f"{c['covered']:>7}/{c['total']:<5}" for c in d["kinds"].values())
        covered = sum(c["covered"] for c in d["kinds"].values())
        total = sum(c["total"] for c in d["kinds"].values())
        lines.append(f"{dialogue:<20}{cells}{percent(covered, total):>8}")
        missed += [f"{m['where']}: {m['kind']} never used: {m['ref']}" for m in d["missed"]]
    if missed:
        lines += ["", "Not exercised:"] + [f"  {m}" for m in missed]
    return "\n".join(lines)


def percent(covered: int, total: int) -> str:
    return f"{covered / total:.0%}" if total else "-"
