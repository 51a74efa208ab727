"""Whether a process is still running, asked without disturbing it (signal 0)."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else (at worst a reused pid)
    return True
