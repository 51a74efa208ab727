"""Cold start: process start to the first question on screen, beside a bare Textual app started the same way.

Both run in a fresh Python process on a pseudo-terminal of the same size; the clock stops
when the screen output shows the text we wait for (the first question's words and
"Question 1 of" for the tutor, a one-word Static for the bare app), then Ctrl+Q quits.
Runs alternate so that both see the same machine. Prints the medians and their ratio.

    python bench/cold_start.py [--runs 7] [--dialogue no-choice] [--content DIR]
"""

from __future__ import annotations

import argparse
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

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")
Bare().run()
"""
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHMc])")


def screen_text(raw: bytes) -> str:
    """The visible characters Textual wrote, escapes removed (spaces normalised)."""
    return ESCAPES.sub(b" ", raw).decode("utf-8", "replace").replace("\xa0", " ")


def timed_start(argv: list[str], markers: list[str], size=(160, 48), timeout=30.0) -> float:
    """Seconds from spawning `argv` on a pty until every marker has been drawn."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    raw, elapsed = b"", None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    raw += os.read(fd, 65536)
                except OSError:
                    break
                text = re.sub(r"\s+", " ", screen_text(raw))
                if all(m in text for m in markers):
                    elapsed = time.perf_counter() - started
                    break
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
    if elapsed is None:
        raise SystemExit(f"{' '.join(argv)}: the markers {markers} never appeared within {timeout}s")
    return elapsed


def first_question_words(dialogue: str, content: list[Path] | None) -> str:
    """A few words of the tutor's first move, to recognise it on screen (read before timing)."""
    from tutor.service.recorder import load_course

    opening = load_course(content).new_session(dialogue).start().moves[-1].text
    words = re.sub(r"[*_`#>]", "", opening).split()
    return " ".join(words[:3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dialogue", default="no-choice")
    parser.add_argument("--content", type=Path, action="append")
    args = parser.parse_args()
    markers = [first_question_words(args.dialogue, args.content), "Question 1 of"]
    extra = [a for d in args.content or [] for a in ("--content", str(d))]
    tutor_times, bare_times = [], []
    with tempfile.TemporaryDirectory() as data:
        tutor = [sys.executable, "-m", "tutor", "--data-dir", data, "--dialogue", args.dialogue, *extra]
        bare = [sys.executable, "-c", BARE_APP]
        timed_start(bare, ["BARE-APP-READY"])  # warm the file cache for both: imports are shared
        for _ in range(args.runs):
            bare_times.append(timed_start(bare, ["BARE-APP-READY"]))
            tutor_times.append(timed_start(tutor, markers))
    tutor_median, bare_median = statistics.median(tutor_times), statistics.median(bare_times)
    print(f"bare Textual app: median {bare_median * 1000:.0f} ms over {args.runs} runs")
    print(f"tutor, first question on screen: median {tutor_median * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio: {tutor_median / bare_median:.2f}x (aim: <= 1.30x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
