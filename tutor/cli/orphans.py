"""Worker processes end when the process that started them ends, however it ends.

A pool's workers are told to stop only by their parent; a parent killed by SIGKILL (or by
any signal it does not handle) tells them nothing, and they would grade on for nobody. On
Linux the kernel kills a worker when its parent dies (PR_SET_PDEATHSIG). Elsewhere, or when
workers are started from a server process rather than by the parent itself, a watchdog
thread notices that the parent is gone and ends the worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

from tutor.processes import alive

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 0.5


def end_with_parent(parent_pid: int) -> None:
    """Call first thing in a worker: when `parent_pid` ends, this process ends too."""
    if sys.platform.startswith("linux") and os.getppid() == parent_pid:
        with contextlib.suppress(OSError, AttributeError):  # no prctl in this libc: the watchdog still ends us
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    first_parent = os.getppid()
    threading.Thread(target=_watch, args=(parent_pid, first_parent), name="end-with-parent", daemon=True).start()


def _watch(parent_pid: int, first_parent: int) -> None:
    while True:
        # Handed to another parent (init, a subreaper), or the parent's pid is gone: nobody reads our work.
        if os.getppid() != first_parent or not alive(parent_pid):
            os._exit(1)
        time.sleep(POLL_SECONDS)
