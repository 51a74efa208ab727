"""Grading speed and memory: per-answer latency in process, and `tutor grade` throughput with its RSS.

1. Latency: one checker in this process grades the dev answers, repeated; each call is timed.
2. Throughput: `tutor grade FILE` on >= 50,000 answers (the dev answers repeated with fresh ids,
   written to a temporary file), while the process tree's RSS is sampled from /proc: peak, and
   RSS when grading starts (the first verdict is out) against RSS at the end, to show it flat.
3. Distinct answers: `tutor grade` on every answer in tests/data once. Repeated answers hit the
   checker's caches, so this is the figure for a real batch of different learners' answers.

    python bench/grade_bench.py [--repeat 20] [--answers 50000] [--jobs 1]

Prints a table and writes bench/out/grade.json. Targets: p99 <= 5 ms, >= 2,000 answers/s on one
core, RSS flat. Not a test: it reports, and exits 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEV = DATA / "dev.jsonl"
OUT = Path(__file__).resolve().parent / "out" / "grade.json"
TARGET_P99_MS = 5.0
TARGET_RATE = 2000.0
SAMPLE_EVERY = 0.05  # seconds between RSS samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEV, help="answers to repeat (JSON lines with id, question, answer)")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the dev answers for the latency figures")
    ap.add_argument("--answers", type=int, default=50_000, help="answers fed to `tutor grade`")
    ap.add_argument("--jobs", type=int, default=1, help="`tutor grade --jobs` for the throughput run")
    args = ap.parse_args()

    answers = [json.loads(x) for x in args.dev.read_text(encoding="utf-8").splitlines() if x.strip()]
    latency = measure_latency(answers, args.repeat)
    throughput = measure_throughput(answers, args.answers, args.jobs)
    corpus = [
        json.loads(x)
        for f in sorted(DATA.rglob("*.jsonl"))
        for x in f.read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    distinct = list({a["answer"]: a for a in corpus}.values())
    throughput["distinct"] = measure_throughput(distinct, len(distinct), args.jobs)
    report = {
        "latency": latency,
        "throughput": throughput,
        "targets": {"p99_ms": TARGET_P99_MS, "answers_per_s": TARGET_RATE},
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print_table(latency, throughput)
    print(f"\nwritten: {OUT}")
    return 0


def measure_latency(answers: list[dict], repeat: int) -> dict:
    from tutor.assessment.checker import load_checker

    started = time.perf_counter()
    checker = load_checker(None)
    load_s = time.perf_counter() - started
    for a in answers:  # warm up: first calls fill caches
        checker.assess(a["question"], a["answer"])
    times = []
    for _ in range(repeat):
        for a in answers:
            t0 = time.perf_counter_ns()
            checker.assess(a["question"], a["answer"])
            times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    return {
        "answers": len(times),
        "load_s": round(load_s, 3),
        "p50_ms": round(percentile(times, 50), 3),
        "p99_ms": round(percentile(times, 99), 3),
        "mean_ms": round(statistics.fmean(times), 3),
        "max_ms": round(times[-1], 3),
    }


def measure_throughput(answers: list[dict], count: int, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        source, verdicts = Path(tmp) / "answers.jsonl", Path(tmp) / "verdicts.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for i in range(count):
                a = answers[i % len(answers)]
                f.write(json.dumps({"id": f"{a['id']}#{i}", "question": a["question"], "answer": a["answer"]}) + "\n")
        command = ["tutor", "grade", "--jobs", str(jobs), str(source)]
        samples: list[tuple[float, int, int]] = []  # (seconds, RSS kB of the tree, bytes written)
        started = time.perf_counter()
        with verdicts.open("wb") as out:
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
            while proc.poll() is None:
                samples.append((time.perf_counter() - started, tree_rss_kb(proc.pid), verdicts.stat().st_size))
                time.sleep(SAMPLE_EVERY)
        elapsed = time.perf_counter() - started
        stderr = proc.stderr.read().decode(errors="replace")
        size = verdicts.stat().st_size
        with verdicts.open(encoding="utf-8") as f:
            lines = sum(1 for _ in f)
    if proc.returncode != 0 or lines != count:
        sys.exit(f"tutor grade exited {proc.returncode} with {lines} of {count} lines: {stderr[-1000:]}")
    # While grading: from the first verdict out to the last sample before the output was complete
    # (after that, --jobs workers are shutting down and the figure would say nothing about a leak).
    grading = [s for s in samples if 0 < s[2] < size and s[1] > 0]
    first_out = grading[0][0] if grading else elapsed
    return {
        "answers": count,
        "jobs": jobs,
        "seconds": round(elapsed, 2),
        "answers_per_s": round(count / elapsed, 1),
        "answers_per_s_after_start": round(count / max(elapsed - first_out, 1e-9), 1),
        "startup_s": round(first_out, 2),
        "rss_start_mb": round(grading[0][1] / 1024, 1) if grading else None,
        "rss_end_mb": round(grading[-1][1] / 1024, 1) if grading else None,
        "rss_peak_mb": round(max(s[1] for s in samples) / 1024, 1) if samples else None,
        "samples": len(samples),
    }


def tree_rss_kb(pid: int) -> int:
    """RSS of a process and its descendants (the workers of --jobs), from /proc; 0 once it is gone."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            for row in Path(f"/proc/{p}/status").read_text().splitlines():
                if row.startswith("VmRSS:"):
                    total += int(row.split()[1])
        except (OSError, ValueError):
            pass
    return total


def descendants(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                found += [int(child), *descendants(int(child))]
    except OSError:
        pass
    return found


def percentile(sorted_values: list[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def print_table(latency: dict, throughput: dict) -> None:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("in-process latency p50", f"{latency['p50_ms']:.3f} ms", ""),
        (
            "in-process latency p99",
            f"{latency['p99_ms']:.3f} ms",
            f"target <= {TARGET_P99_MS} ms: {verdict(latency['p99_ms'] <= TARGET_P99_MS)}",
        ),
        (
            "in-process latency mean / max",
            f"{latency['mean_ms']:.3f} / {latency['max_ms']:.1f} ms",
            f"{latency['answers']} answers",
        ),
        ("checker load", f"{latency['load_s']:.2f} s", ""),
        (
            f"tutor grade --jobs {throughput['jobs']}",
            f"{throughput['answers_per_s']:.0f} answers/s",
            f"target >= {TARGET_RATE:.0f}: {verdict(throughput['answers_per_s'] >= TARGET_RATE)}",
        ),
        (
            "  after start-up",
            f"{throughput['answers_per_s_after_start']:.0f} answers/s",
            f"{throughput['answers']} answers in {throughput['seconds']} s, start-up {throughput['startup_s']} s",
        ),
        ("  RSS start -> end", f"{throughput['rss_start_mb']} -> {throughput['rss_end_mb']} MB", ""),
        ("  RSS peak", f"{throughput['rss_peak_mb']} MB", f"{throughput['samples']} samples"),
        (
            "distinct answers, after start-up",
            f"{throughput['distinct']['answers_per_s_after_start']:.0f} answers/s",
            f"each of {throughput['distinct']['answers']} corpus answers once; target >= {TARGET_RATE:.0f}: "
            f"{verdict(throughput['distinct']['answers_per_s_after_start'] >= TARGET_RATE)}",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>20}  {note}")


if __name__ == "__main__":
    sys.exit(main())
