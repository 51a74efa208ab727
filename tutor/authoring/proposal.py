"""Suggestions as a rules file: YAML an author reviews, each cue with its figures as a comment.

`merge_into` extends a file suggest wrote before (its claims gain cues, its rules stay), so
that running suggest again after adding examples keeps what was accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tutor.authoring.suggest import Suggestion
from tutor.content.regular import read_regular_text
from tutor.content.yamlfile import MAX_BYTES

HEADER = (
    "# Written by `tutor suggest` from the examples of the rule base: review each cue, then run\n"
    "# `tutor validate`. The figures: examples a cue newly matches; counterexamples and corpus answers\n"
    "# (tests/data, when present) it would wrongly fire on.\n"
)


class ProposalError(Exception):
    pass


def proposal(suggestions: list[Suggestion]) -> tuple[dict, list]:
    """(claims, rules) as plain data; each cue is (source, comment)."""
    claims: dict[str, dict] = {}
    rules: list[dict] = []
    for s in suggestions:
        t = s.target
        if not s.cues:
            continue
        claims[t.claim] = {
            "means": t.meaning,
            "gap": 6,
            "cues": [
                (
                    c.source,
                    f"newly matches {c.new} example{'s' * (c.new != 1)}; fires on {c.counter} "
                    f"counterexamples, {c.corpus} corpus answer{'s' * (c.corpus != 1)}",
                )
                for c in s.cues
            ],
        }
        condition = {"claim": t.claim} | ({"stance": "any"} if t.stance == "any" else {})
        rules.append(
            {
                "id": f"{t.ident}_from_examples",
                "because": f"Answers like the examples of {t.kind} {t.ident} say so.",
                "when": [condition],
                "then": {t.kind: t.ident},
                "questions": [t.question],
            }
        )
    return claims, rules


def render(suggestions: list[Suggestion], claims: dict | None = None, rules: list | None = None) -> str:
    if claims is None or rules is None:
        claims, rules = proposal(suggestions)
    out = [HEADER]
    if not suggestions:
        out.append("# Every example is already matched: nothing to suggest.\n")
    for s in suggestions:
        for text in s.uncovered:
            out.append(f"# no cue found for this example of {s.target.kind} {s.target.ident}: {json.dumps(text)}\n")
    if claims:
        out.append("claims:\n")
        for ident, claim in claims.items():
            out.append(f"  {ident}:\n    means: {json.dumps(claim['means'])}\n    gap: {claim['gap']}\n    cues:\n")
            for source, comment in claim["cues"]:
                out.append(f"      - {json.dumps(source)}" + (f"  # {comment}" if comment else "") + "\n")
    if rules:
        out.append("rules:\n")
        for rule in rules:
            out.append(f"  - id: {rule['id']}\n")
            out += [
                f"    {key}: {json.dumps(rule[key])}\n"
                for key in ("because", "when", "then", "questions")
                if key in rule
            ]
    return "".join(out)


def merge_into(path: Path, suggestions: list[Suggestion]) -> bool:
    """Write (or extend) the rules file; False when there is nothing to write. A file that holds more than
    suggest writes is refused, whatever there is to write."""
    old = earlier(path)
    claims, rules = proposal(suggestions)
    if not claims and not rules:
        return False
    merged = {
        ident: {"means": c.get("means", ""), "gap": c.get("gap", 6), "cues": [(s, "") for s in c.get("cues", [])]}
        for ident, c in (old.get("claims") or {}).items()
    }
    for ident, claim in claims.items():
        if ident in merged:
            known = {s for s, _ in merged[ident]["cues"]}
            merged[ident]["cues"] += [(s, note) for s, note in claim["cues"] if s not in known]
        else:
            merged[ident] = claim
    kept = list(old.get("rules") or [])
    rules = kept + [r for r in rules if r["id"] not in {k.get("id") for k in kept}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(suggestions, merged, rules), encoding="utf-8")
    return True


def earlier(path: Path) -> dict:
    """What suggest wrote to `path` before ({} when nothing); ProposalError when it holds anything else."""
    if not path.exists():
        return {}
    try:
        old = yaml.safe_load(read_regular_text(path, MAX_BYTES)) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ProposalError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None
    if not isinstance(old, dict) or set(old) - {"claims", "rules"}:
        raise ProposalError(f"{path} holds more than suggested claims and rules; write to a new file")
    return old
