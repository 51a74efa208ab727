"""Record what `tutor grade` says about every corpus answer, as the fixture that
tests/test_verdicts_unchanged.py compares against.

    python tests/expected/record.py        # rewrites tests/expected/verdicts.jsonl

Run it only when a verdict is meant to change (a rule was added or fixed), and commit the new
file with that change: a diff of this file is then the list of answers whose verdict moved.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
FIXTURE = Path(__file__).resolve().parent / "verdicts.jsonl"


def corpus_lines() -> list[str]:
    """One `tutor grade` input line per corpus answer; its id names the file and line it came from."""
    lines = []
    for path in sorted(DATA.rglob("*.jsonl")):
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip():
                row = json.loads(text)
                ident = f"{path.relative_to(DATA).as_posix()}:{n}"
                lines.append(
                    json.dumps({"id": ident, "question": row["question"], "answer": row["answer"]}, ensure_ascii=False)
                )
    return lines


def grade(lines: list[str], *options: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", *options, "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


if __name__ == "__main__":
    FIXTURE.write_text("\n".join(grade(corpus_lines())) + "\n", encoding="utf-8")
