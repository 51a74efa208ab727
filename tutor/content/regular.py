"""Opening a path that must be a regular file, without trusting what it claims to be.

A path can name a FIFO (opening it waits for a writer, forever), a device (`/dev/zero`
says it holds 0 bytes and never ends), a socket or a folder, and a link can point at any
of them. `open_regular` opens without waiting, asks the open file what it is, and refuses
anything but a regular file; callers still read at most their limit plus one byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

KINDS = [
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


class NotRegularFile(OSError):
    """The path exists but is not a regular file; `strerror` says what it is."""

    def __init__(self, path: Path, kind: str):
        super().__init__(0, f"this is {kind}, not a regular file", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading in binary; NotRegularFile unless it is a regular file (links followed)."""
    # O_NONBLOCK: a FIFO opens at once instead of waiting for a writer; regular files ignore it.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes. OSError (NotRegularFile among them)
    when it cannot be read or is not a regular file, or is larger; UnicodeDecodeError when not UTF-8."""
    with open_regular(path) as f:
        data = f.read(limit + 1)  # never more than the limit, whatever the file says of its size
    if len(data) > limit:
        raise OSError(0, f"larger than {limit // (1024 * 1024)} MB", str(path))
    return data.decode("utf-8")


def not_regular(path: Path) -> str:
    """What `path` is when it exists but is not a regular file ("" for a regular file or nothing)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return ""
    return "" if stat.S_ISREG(mode) else kind_of(mode)
