"""`tutor trace --question ID "answer"`: the trace behind an answer's verdict (what was read, what fired).
`tutor explain` is its old name, kept for one release."""

from __future__ import annotations

import argparse
import json
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--question", "-q", required=True, metavar="ID", help="the question the answer is for")
    parser.add_argument("answer", nargs="?", help="the learner's answer (default: read standard input)")
    parser.add_argument("--json", action="store_true", help="one JSON object, for machines")


def run(args) -> int:
    from tutor.assessment.checker import UnknownQuestion, load_checker

    answer = args.answer if args.answer is not None else sys.stdin.read()
    checker = load_checker(args.content)
    try:
        assessment = checker.assess(args.question, answer)
    except UnknownQuestion:
        known = ", ".join(sorted(checker.questions))
        print(f"tutor trace: unknown question {args.question!r} (known: {known})", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(assessment.trace_json(), ensure_ascii=False))
    else:
        print(render(assessment, checker.rulebase))
    return 0


def render(a, rulebase) -> str:
    """The trace for a person: what was read, what it means, and what follows."""
    trace = a.trace
    lines = [
        f"question     {a.question}: {rulebase.questions[a.question].ask}",
        f"read as      {trace.normalised or '(nothing)'}",
        "",
        "facts found in the answer:",
    ]
    for m in trace.matches:
        polarity = m.polarity + (f" (by {', '.join(repr(n) for n in m.negators)})" if m.negators else "")
        stance = m.stance + (f" ({m.frame!r})" if m.frame else "")
        lines.append(f"  - claim {m.claim}: {rulebase.claims[m.claim].means}")
        lines.append(f"      words {m.words!r} matched cue {m.cue!r} in sentence {m.sentence + 1}")
        lines.append(f"      {polarity}, {stance}")
    if not trace.matches:
        lines.append("  (none)")
    lines += ["", "rules fired:"]
    lines += [f"  - {f.rule} => {f.concluded}" + (f"  -- {f.because}" if f.because else "") for f in trace.fired]
    if not trace.fired:
        lines.append("  (none)")
    act = a.act
    lines += [
        "",
        f"dialogue act          {act.kind}"
        + (f", intent {act.intent} (cue {act.cue!r})" if act.intent else "")
        + (f"; handled by: {act.do}" if act.do != "grade" else ""),
    ]
    if a.reply:
        lines.append(f"reply to the tutor's move: {a.reply}")
    if act.question is not None:
        lines.append(
            f"learner's question    asks {act.question.asks} about {', '.join(act.question.topics) or '-'}"
            " (answered, never graded)"
        )
    lines += [
        f"expectations covered  {', '.join(a.expectations) or '-'}",
        f"expectations missing  {', '.join(a.missing) or '-'}",
        f"misconceptions        {', '.join(a.misconceptions) or '-'}",
        f"concepts shown        {', '.join(a.concepts) or '-'}",
        f"verdict               {a.verdict}",
    ]
    return "\n".join(lines)
