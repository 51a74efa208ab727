"""Cold start of the app, beside a bare Textual app started the same way.

Three cases, each a fresh Python process on a pseudo-terminal of the same size, with
the tutor's bytecode compiled first (as installing the package does):

- first-time: a fresh data directory and a fresh cache directory (nothing on disk from before);
  the clock stops when the first question is on screen;
- returning: a data and cache directory a previous run left behind (the opening is cached);
  the clock stops when the first question is on screen;
- answer at once: a first-time user who types an answer and Enter the moment the question shows;
  the clock stops when the tutor's reply to it is on screen;
- answer at once, returning: the same, in the directories a previous run left behind.

"On screen" means the terminal output contains the words we wait for (a few words of the first
question and "Question 1 of"; a few words of the reply), escapes removed; then Ctrl+Q quits.
A bare app (one Static) runs just before each tutor run, so each pair sees the same machine;
the report gives min / median / max of each case and of the pairwise ratios tutor / bare, in
wall-clock time and (on Linux) in CPU time: the process's user + system seconds, all threads
and children (collected or still running), up to the moment the words were drawn. CPU time
barely moves when other work shares the machine, wall time does; work done in parallel (the
app's forked preview of a first-time opening) shows as a wall ratio below the CPU ratio.

    python bench/cold_start.py [--runs 7] [--dialogue no-choice] [--content DIR] [--size 160x48]
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

import tutor as tutor_package

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")
Bare().run()
"""
BARE_MARKERS = ["BARE-APP-READY"]
ANSWER = "Russia had no choice, NATO forced it to invade."
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])")
TARGETS = {"first-time": 1.3, "returning": 1.3, "answer at once": 2.0, "answer at once, returning": 2.0}


def screen_text(raw: bytes) -> str:
    """The visible characters Textual wrote, escapes removed, runs of white space made one space."""
    text = ESCAPES.sub(b" ", raw).decode("utf-8", "replace").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far: all its threads, the children it has
    collected, and those still running (the app's forked opening preview) with theirs; NaN where
    /proc is missing."""
    try:
        return _cpu_seconds(pid)
    except OSError:
        return float("nan")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError):  # ended meanwhile
                total += _cpu_seconds(int(child))
    return total


def timed_run(
    argv: list[str],
    stages: list[tuple[list[str], bytes]],
    env: dict[str, str],
    size: tuple[int, int],
    timeout: float = 60.0,
) -> tuple[float, float]:
    """Wall and CPU seconds from spawning `argv` on a pty until the last stage's markers are drawn.

    Each stage waits until all its markers are on screen, then types its bytes (b"" for none).
    Screen output is searched only from where the previous stage ended, so a later stage
    waits for newly drawn words.
    """
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(env)
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    raw, seen_from, elapsed, cpu = b"", 0, None, None
    pending = list(stages)
    try:
        while pending and time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                raw += os.read(fd, 65536)
            except OSError:
                break
            markers, keys = pending[0]
            if all(m in screen_text(raw[seen_from:]) for m in markers):
                elapsed, cpu = time.perf_counter() - started, cpu_seconds(pid)
                pending.pop(0)
                seen_from = len(raw)
                if keys:
                    os.write(fd, keys)
        os.write(fd, b"\x11")  # Ctrl+Q
        deadline = time.perf_counter() + 5
        while pid and time.perf_counter() < deadline:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                pid = 0  # exited and reaped
                break
            with contextlib.suppress(OSError):
                select.select([fd], [], [], 0.05) and os.read(fd, 65536)  # keep the pty drained
    finally:
        if pid:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    if pending:
        raise SystemExit(f"{' '.join(argv)}: the markers {pending[0][0]} never appeared within {timeout}s")
    return elapsed, cpu


def words(markdown: str, n: int = 3) -> str:
    """The first `n` words of a tutor move as they read on screen (Markdown marks dropped)."""
    return " ".join(re.sub(r"[*_`#>]", "", markdown).split()[:n])


def expected_screens(dialogue: str, content: list[Path] | None) -> tuple[list[str], list[str]]:
    """Words of the first question and of the reply to ANSWER, to recognise them (computed before timing)."""
    from tutor.service.course import load_course

    session = load_course(content).new_session(dialogue)
    question = session.start().moves[-1].text
    reply = session.answer(ANSWER).moves[0].text
    return [words(question), "Question 1 of"], [words(reply)]


def summary(values: list[float], unit: str) -> str:
    scale, fmt = (1000, "{:.0f} ms") if unit == "ms" else (1, "{:.2f}x")
    low, mid, high = (fmt.format(v * scale) for v in (min(values), statistics.median(values), max(values)))
    return f"min {low}, median {mid}, max {high}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dialogue", default="no-choice")
    parser.add_argument("--content", type=Path, action="append")
    parser.add_argument("--size", default="160x48", help="terminal columns x rows")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    question, reply = expected_screens(args.dialogue, args.content)
    extra = [a for d in args.content or [] for a in ("--content", str(d))]
    bare = [sys.executable, "-c", BARE_APP]
    base_env = {"TERM": "xterm-256color"}
    wall: dict[str, list[float]] = {case: [] for case in ("bare", *TARGETS)}
    cpu: dict[str, list[float]] = {case: [] for case in ("bare", *TARGETS)}
    ratios: dict[str, dict[str, list[float]]] = {
        "wall": {case: [] for case in TARGETS},
        "CPU": {case: [] for case in TARGETS},
    }

    with tempfile.TemporaryDirectory() as scratch:

        def tutor(data: str) -> list[str]:
            return [sys.executable, "-m", "tutor", "--data-dir", data, "--dialogue", args.dialogue, *extra]

        def fresh() -> tuple[list[str], dict[str, str]]:
            home = tempfile.mkdtemp(dir=scratch)
            return tutor(f"{home}/data"), {**base_env, "XDG_CACHE_HOME": f"{home}/cache"}

        returning_argv, returning_env = fresh()
        answer = [(question, ANSWER.encode() + b"\r"), (reply, b"")]
        cases = {
            "first-time": lambda: (*fresh(), [(question, b"")]),
            "returning": lambda: (returning_argv, returning_env, [(question, b"")]),
            "answer at once": lambda: (*fresh(), answer),
            "answer at once, returning": lambda: (returning_argv, returning_env, answer),
        }
        # The tutor's bytecode, as installing it writes (the bare app's Textual has its own already):
        # where $PYTHONDONTWRITEBYTECODE is set, every run would compile the tutor's modules again.
        compileall.compile_dir(Path(tutor_package.__file__).parent, quiet=1)
        # Warm the file cache for both (imports are shared) and leave the returning user's directories behind.
        timed_run(bare, [(BARE_MARKERS, b"")], base_env, size)
        timed_run(returning_argv, answer, returning_env, size)
        for _ in range(args.runs):
            for case, make in cases.items():
                argv, env, stages = make()
                bare_wall, bare_cpu = timed_run(bare, [(BARE_MARKERS, b"")], env, size)
                tutor_wall, tutor_cpu = timed_run(argv, stages, env, size)
                for times, value in (
                    (wall["bare"], bare_wall),
                    (cpu["bare"], bare_cpu),
                    (wall[case], tutor_wall),
                    (cpu[case], tutor_cpu),
                    (ratios["wall"][case], tutor_wall / bare_wall),
                    (ratios["CPU"][case], tutor_cpu / bare_cpu),
                ):
                    times.append(value)

    print(f"{args.runs} runs of each case at {args.size}, each after a bare Textual app run")
    for case in ("bare", *TARGETS):
        name = "bare Textual app" if case == "bare" else case
        print(f"  {name + ':':27} wall {summary(wall[case], 'ms')}; CPU {summary(cpu[case], 'ms')}")
        if case in TARGETS:
            for kind in ("wall", "CPU"):  # the aims are wall time: CPU counts the child's work on the other core
                aim = f" (aim: <= {TARGETS[case]:.1f}x)" if kind == "wall" else ""
                print(f"  {'':27} {kind} ratio to the bare app: {summary(ratios[kind][case], 'x')}{aim}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
