"""Every corpus answer gets the same `tutor grade` line as when tests/expected/verdicts.jsonl was
recorded: the reader and checker may get faster, never different. After a change to the rules that
is meant to move verdicts, re-record with `python tests/expected/record.py` and commit the diff."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "expected"))
from record import FIXTURE, corpus_lines, grade


def _differences(got: list[str], expected: list[str]) -> list[str]:
    return [
        f"{json.loads(e)['id']}:\n  expected {e}\n  got      {g}" for g, e in zip(got, expected, strict=False) if g != e
    ]


def test_every_corpus_verdict_is_byte_identical(checker):
    lines = corpus_lines()
    expected = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected), "the corpus changed: re-record with python tests/expected/record.py"
    got = []
    for line in lines:
        row = json.loads(line)
        got.append(
            json.dumps({"id": row["id"]} | checker.assess(row["question"], row["answer"]).to_json(), ensure_ascii=False)
        )
    assert not _differences(got, expected), "\n".join(_differences(got, expected)[:10])


def test_parallel_grading_gives_the_same_lines():
    lines = corpus_lines()
    expected = FIXTURE.read_text(encoding="utf-8").splitlines()
    got = grade(lines, "--jobs", "2")
    assert not _differences(got, expected), "\n".join(_differences(got, expected)[:10])
