"""Grading quality on labeled answers, against the bars of the answer-checker issue:
accuracy >= 0.85, misconception precision >= 0.90 and recall >= 0.85.

dev.jsonl is the shared development set; heldout, fresh and final were written by people who never
saw the rule base, in other learners' words and in the style of web text; misconceptions/ holds, for
each misconception, answers that endorse it in many styles and answers that only report, deny,
question or mention it; blind/ holds sets that were each scored once, unseen, before the rules
were tuned on them (their first figures are in the README)."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def score(checker, rows):
    right = tp = fp = fn = 0
    for row in rows:
        a = checker.assess(row["question"], row["answer"])
        right += a.verdict == row["verdict"]
        got, gold = set(a.misconceptions), set(row["misconceptions"])
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    return right / len(rows), tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


@pytest.mark.parametrize("name", sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.jsonl")))
def test_grading_meets_the_bars(checker, name):
    path = DATA / name
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    accuracy, precision, recall = score(checker, rows)
    assert accuracy >= 0.85, f"accuracy {accuracy:.3f}"
    assert precision >= 0.90, f"misconception precision {precision:.3f}"
    assert recall >= 0.85, f"misconception recall {recall:.3f}"
