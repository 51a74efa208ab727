"""Running `tutor` as a learner or an author would: a separate process, never the one on PATH."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = tempfile.mkdtemp(prefix="tutor-cache-")  # the checker cache: never the checkout, whatever HOME is


def run_tutor(*argv: str, cwd: Path = REPO, stdin: str = "", timeout: int = 300) -> subprocess.CompletedProcess:
    """`python -m tutor ARGV` in `cwd`, with this checkout's package, no PATH and HOME set to `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "tutor", *argv],
        input=stdin,
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "", "PYTHONPATH": str(REPO), "HOME": str(cwd), "TUTOR_CACHE_DIR": CACHE},
        timeout=timeout,
    )
