"""Grading speed of two checkouts of the tutor, alternated in one run: did a change make it faster?

    git worktree add /tmp/before HEAD~3      # the code to compare against
    python bench/compare.py /tmp/before .    [--runs 9] [--file ANSWERS.jsonl] [--before-python PY]

Each run grades every distinct answer of tests/data (or --file) with `python -m tutor grade`,
once from each checkout (which goes first alternates), and the keyword grader of
bench/keyword_grader.py once, so that every figure meets the same moment of a shared machine.
Reports CPU seconds (min / median / max) of each, their ratio to the keyword grader, and the
pairwise ratio after / before: on a noisy machine the pairwise ratio is the figure to read, as
both sides of a pair meet the same load. Each checkout keeps its own compiled checker in the
user cache (the cache is keyed by the code), warmed before timing. `--before-python` runs the
older checkout with another interpreter, for one whose dependencies differ (a venv of its own).
Not a test: it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH.parent / "tests" / "data"


def cpu_seconds(command: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one run of `command`, run from `cwd` so that it imports that checkout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, PYTHONPATH=str(cwd))
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def distinct_answers(folder: Path) -> Path:
    rows = [
        json.loads(line)
        for path in sorted(DATA.rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    distinct = {(r["question"], r["answer"]): r for r in rows}.values()
    path = folder / "distinct.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": n, "question": r["question"], "answer": r["answer"]}) + "\n"
            for n, r in enumerate(distinct)
        )
    )
    return path


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="the checkout to compare against")
    ap.add_argument("after", type=Path, help="the checkout with the change")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--file", type=Path, help="answers to grade (default: every distinct answer of tests/data)")
    ap.add_argument("--before-python", default=sys.executable, help="the interpreter for the older checkout")
    args = ap.parse_args()
    trees = [args.before.resolve(), args.after.resolve()]
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        answers = args.file.resolve() if args.file else distinct_answers(Path(tmp))
        grade = {
            tree: [python, "-m", "tutor", "grade", str(answers)]
            for tree, python in zip(trees, (args.before_python, sys.executable), strict=True)
        }
        for tree in trees:
            cpu_seconds(grade[tree], tree)  # compiles and caches each checkout's checker, outside the timing
        seconds: dict[Path, list[float]] = {tree: [] for tree in trees}
        keyword: list[float] = []
        for run in range(args.runs):
            keyword.append(cpu_seconds([sys.executable, str(BENCH / "keyword_grader.py"), str(answers)], BENCH))
            for tree in trees if run % 2 == 0 else trees[::-1]:
                seconds[tree].append(cpu_seconds(grade[tree], tree))
    base = statistics.median(keyword)
    print(f"{'':8} {'CPU s, min / median / max':>28}  ratio to the keyword grader (median)")
    for label, tree in zip(("before", "after"), trees, strict=True):
        print(f"{label:8} {spread(seconds[tree]):>28}  {statistics.median(seconds[tree]) / base:.2f}   ({tree})")
    print(f"{'keyword':8} {spread(keyword):>28}")
    pairs = [b / a for a, b in zip(seconds[trees[0]], seconds[trees[1]], strict=True)]
    print(f"after / before, pairwise: {spread(pairs)}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
