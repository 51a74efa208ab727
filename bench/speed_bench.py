"""How fast `tutor grade` is, each figure against a baseline measured in the same run.

Every figure is a whole process, run `--runs` times, each run paired with its baseline run just
before it (so both meet the same load from whatever else the machine is doing); reported as
min / median / max of the figure, of the baseline, and of the pairwise ratios.

1. Start-up: CPU seconds of a one-line `tutor grade`, against `python -c "import textual"`.
   Target (issue #10): ratio <= 2.
2. Throughput: CPU seconds of `tutor grade` on every distinct answer of tests/data (start-up
   included), against bench/keyword_grader.py (50 keyword regexes per question) on the same file.
   Target: ratio <= 2.5.
3. Parallel: wall seconds of `tutor grade --jobs 2` on the same file, against `--jobs 1`.
   Target: `--jobs 1` / `--jobs 2` >= 1.6 with two free cores.
4. Worst case: CPU seconds of `tutor grade` on one 20,000-character answer dense with cues and
   without punctuation, against the same answer with a full stop after each clause.
   Target: ratio <= 1.5.
5. Instructions (only when asked for, `--only instructions`: about two minutes): the instructions
   executed by figure 2's two processes, counted by valgrind's callgrind, once each. The count is
   exact whatever else the machine does, so it tells whether a change did less work when the timed
   figures are lost in the host's noise; it is not the target's measure (CPU seconds also pay for
   cache misses, which the tutor's dictionaries have more of than the grader's regexes).

    python bench/speed_bench.py [--runs 7] [--only startup,throughput,jobs,worst,instructions]

Prints a table and writes bench/out/speed.json. Not a test: it reports, and exits 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH.parent / "tests" / "data"
OUT = BENCH / "out" / "speed.json"
CLAUSE = "russia had no choice but to invade and nobody is to blame"
TARGETS = {"startup": ("<=", 2.0), "throughput": ("<=", 2.5), "jobs": (">=", 1.6), "worst": ("<=", 1.5)}


def run(command: list[str], source: Path) -> tuple[float, float]:
    """(CPU seconds of the process and the workers it waited for, wall seconds); output discarded."""
    with source.open("rb") as stdin:
        started = time.perf_counter()
        before = os.times()
        done = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        after = os.times()
        wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system), wall


def instructions(command: list[str], source: Path) -> int:
    """The instructions the process executes, counted by valgrind's callgrind."""
    with source.open("rb") as stdin:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    found = re.search(rb"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"valgrind {' '.join(command)} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return int(found[1])


def paired(subject: list[str], baseline: list[str], source: Path, base_source: Path, runs: int) -> dict:
    """Alternate baseline and subject `runs` times: each run's CPU and wall seconds, and their ratios
    to the baseline's."""
    figures, bases = [], []
    for _ in range(runs):
        bases.append(run(baseline, base_source))
        figures.append(run(subject, source))
    return {
        measure: {
            "figure": spread([f[k] for f in figures]),
            "baseline": spread([b[k] for b in bases]),
            "ratio": spread([f[k] / b[k] for f, b in zip(figures, bases, strict=True)]),
        }
        for k, measure in enumerate(("cpu", "wall"))
    }


def spread(values: list[float]) -> dict:
    return {"min": round(min(values), 4), "median": round(statistics.median(values), 4), "max": round(max(values), 4)}


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="pairs of runs per figure")
    ap.add_argument("--only", default="startup,throughput,jobs,worst", help="which figures, comma-separated")
    args = ap.parse_args()
    chosen = args.only.split(",")
    python, grade = sys.executable, [sys.executable, "-m", "tutor", "grade"]
    report: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="speed-bench-") as tmp:
        folder = Path(tmp)
        one = write_lines(folder / "one.jsonl", [{"id": 1, "question": "no_choice", "answer": "Russia had no choice."}])
        rows = [
            json.loads(line)
            for path in sorted(DATA.rglob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        distinct = list({(r["question"], r["answer"]): r for r in rows}.values())
        corpus = write_lines(
            folder / "distinct.jsonl",
            [{"id": n, "question": r["question"], "answer": r["answer"]} for n, r in enumerate(distinct)],
        )
        clauses = 20_000 // (len(CLAUSE) + 1) + 1
        unpunctuated = write_lines(
            folder / "unpunctuated.jsonl",
            [{"id": 1, "question": "no_choice", "answer": " ".join([CLAUSE] * clauses)[:20_000]}],
        )
        punctuated = write_lines(
            folder / "punctuated.jsonl",
            [{"id": 1, "question": "no_choice", "answer": " ".join([CLAUSE + "."] * clauses)[:20_000]}],
        )
        if "startup" in chosen:
            report["startup"] = paired(grade + ["-"], [python, "-c", "import textual"], one, one, args.runs)
        if "throughput" in chosen:
            report["throughput"] = paired(
                grade + ["-"], [python, str(BENCH / "keyword_grader.py"), str(corpus)], corpus, corpus, args.runs
            )
            report["throughput"]["answers"] = len(distinct)
        if "jobs" in chosen:
            # The ratio is --jobs 1 over --jobs 2: in wall seconds the speed-up, in CPU seconds what the
            # second process costs (forked from the loaded checker, it should add little but the IPC).
            report["jobs"] = paired(
                grade + ["--jobs", "1", "-"], grade + ["--jobs", "2", "-"], corpus, corpus, args.runs
            )
        if "worst" in chosen:
            report["worst"] = paired(grade + ["-"], grade + ["-"], unpunctuated, punctuated, args.runs)
        if "instructions" in chosen:
            tutor = instructions(grade + ["-"], corpus)
            keyword = instructions([python, str(BENCH / "keyword_grader.py"), str(corpus)], corpus)
            report["instructions"] = {"figure": tutor, "baseline": keyword, "ratio": round(tutor / keyword, 3)}
    report["machine"] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; written: {OUT}")
    return 0


LABELS = {  # figure: (what is measured, in which unit, the baseline)
    "startup": ("one-line tutor grade", "cpu", "python -c 'import textual'"),
    "throughput": ("tutor grade, distinct answers", "cpu", "keyword grader, same file"),
    "jobs": ("tutor grade --jobs 1", "wall", "--jobs 2 (ratio: the speed-up)"),
    "worst": ("20,000 chars unpunctuated", "cpu", "the same, punctuated"),
}


def print_table(report: dict) -> None:
    def cell(s: dict) -> str:
        return f"{s['min']:.3f} / {s['median']:.3f} / {s['max']:.3f}"

    print(f"{'figure, min / median / max':<36} {'seconds':>24} {'baseline s':>24} {'ratio':>24}  target")
    for key, (label, unit, base_label) in LABELS.items():
        if key not in report:
            continue
        r = report[key][unit]
        op, bound = TARGETS[key]
        met = r["ratio"]["median"] <= bound if op == "<=" else r["ratio"]["median"] >= bound
        print(
            f"{label + ', ' + unit:<36} {cell(r['figure']):>24} {cell(r['baseline']):>24} {cell(r['ratio']):>24}  "
            f"{op} {bound}: {'met' if met else 'MISSED'} (baseline: {base_label})"
        )
    if "instructions" in report:
        r = report["instructions"]
        print(
            f"{'tutor grade, distinct, instructions':<36} {r['figure']:>24,} {r['baseline']:>24,} {r['ratio']:>24}  "
            "(baseline: keyword grader, same file; callgrind, exact)"
        )
    if "jobs" in report:
        r = report["jobs"]["cpu"]
        print(
            f"{'tutor grade --jobs 1, cpu':<36} {cell(r['figure']):>24} {cell(r['baseline']):>24} "
            f"{cell(r['ratio']):>24}  (baseline: --jobs 2; near 1: workers add no start-up)"
        )


if __name__ == "__main__":
    sys.exit(main())
