"""A first-time start's opening, worked out in a forked process while the screen starts.

A dialogue opened for the first time with this content has no cached opening: the content
(YAML, and the pydantic models that check it) must be read before the first question can be
asked, and in the app's process that work shares the interpreter lock with the screen being
built. So `tutor --dialogue ID` forks before it imports Textual: the child reads the content,
starts a throwaway session and writes its opening to a pipe; the app shows it as soon as it
arrives, then opens the real session as it does after a cached opening (and redraws if they
differ). The child never touches the database. Where fork is unsafe or missing (not Linux),
or fails, the app reads the content itself, as before. No Textual here: it runs before it loads.

Having sent the opening, and once the app has drawn it (`release`: the question comes first), the
child compiles the answer checker into the on-disk cache (a first start has none), on its own
core while the app opens the session; the app's engine waits for it (`wait`) before it grades,
then reads the checker from the cache instead of compiling it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from contextlib import suppress
from pathlib import Path

from tutor.service.recorder import Course, content_fingerprint
from tutor.storage.database import Store

Opening = tuple[list[dict], tuple[int, int]]  # the moves (as stored) and the progress (k, n)


class OpeningPreview:
    """The forked child computing one dialogue's opening (`result()` waits for it), then the checker."""

    def __init__(self, pid: int, fd: int, go: int):
        self.pid = pid
        self.fd = fd
        self.go = go  # closing it tells the child to go on to the checker
        self.done = False
        self._lock = threading.Lock()  # released from the screen or the engine thread, closed once

    @classmethod
    def start(cls, store: Store, content: list[Path] | None, dialogue: str) -> OpeningPreview | None:
        """Fork the child, unless the opening is cached already or this platform should not fork."""
        if not sys.platform.startswith("linux") or store.opening(dialogue, content_fingerprint(content)):
            return None
        read_end, write_end = os.pipe()
        wait_end, go_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (read_end, write_end, wait_end, go_end):
                os.close(fd)
            return None
        if pid == 0:  # the child (collection paused, as in the parent: see startup.py); never returns here
            try:
                os.close(read_end)
                os.close(go_end)
                from tutor.service.recorder import load_course

                course = load_course(content)
                with os.fdopen(write_end, "wb") as out:
                    out.write(json.dumps(opening(course, dialogue)).encode())
                os.read(wait_end, 1)  # until released (or the app is gone)
                compile_checker(content, course)
            finally:
                os._exit(0)  # no atexit handlers, no flushing the parent's buffers, no closing its database
        os.close(write_end)
        os.close(wait_end)
        return cls(pid, read_end, go_end)

    def result(self) -> Opening | None:
        """The opening, once the child has written it (blocks); None if the child failed."""
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        try:
            moves, (k, n) = json.loads(data)
            return moves, (k, n)
        except ValueError:  # nothing written: the child met a content error, which the app reports itself
            return None

    def release(self) -> None:
        """The opening is on screen: the child may go on to the checker."""
        with self._lock:
            if self.go >= 0:
                os.close(self.go)
                self.go = -1

    def wait(self) -> None:
        """Block until the child has finished (its checker is in the cache, or it failed) and collect it."""
        self.release()
        if not self.done:
            with suppress(ChildProcessError):  # collected by the other thread meanwhile
                os.waitpid(self.pid, 0)
            self.done = True

    def reap(self) -> None:
        """End the child if it still runs (the app is closing) and collect it."""
        if not self.done:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.wait()


def compile_checker(content: list[Path] | None, course: Course) -> None:
    """Compile the checker into the cache (unless it is there), from the rule base read for the opening
    when the files are still those it was read from: keyed after, checked unchanged since before."""
    from tutor.assessment.cache import Read, cache_key, load_compiled

    key = cache_key(content)
    unchanged = content_fingerprint(content) == course.fingerprint  # sizes and times, noted before reading
    load_compiled(content, Read(course.rulebase, key) if unchanged else None)


def opening(course: Course, dialogue: str) -> Opening:
    """What a fresh session of `dialogue` says first, as the cache stores it."""
    from tutor.service.recorder import reply_moves

    reply = course.new_session(dialogue).start()
    k, n = reply.progress
    return reply_moves(reply), (k, n)
