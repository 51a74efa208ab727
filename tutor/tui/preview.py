"""A fresh session's first turns, worked out in a forked process while the app starts.

Before the app can ask or answer anything, the content (YAML, and the pydantic models that check
it) must be read and the answer checker compiled or read from its cache; in the app's process that
work shares the interpreter lock with the screen being built. So `tutor --dialogue ID` forks before
it imports Textual, and the child starts a throwaway session of that dialogue:

- it writes the session's opening to a pipe; a first-time start (no cached opening) draws it in
  its first frame if it comes in time (`arrived`), else as soon as it comes;
- it readies the checker (from the on-disk cache, or compiled: a first start has none; then it
  answers first, and finishes the checker and puts it in the cache after its first reply), and
  answers the learner's events that the app hands it (`ask`) until the app's own session is open,
  so an answer typed at once is answered as soon as the child can.

The app opens its own session meanwhile, as it does after a cached opening, runs every event
again in it, and stores and shows what its own session said (redrawing only where the child's
reply differs: the content changed in between). The child never touches the database. Where fork
is unsafe or missing (not Linux), or fails, the app does all of it itself, as it always can.
No Textual here: it runs before it loads.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the child only: the parent forks before it has loaded them
    from collections.abc import Callable

    from tutor.assessment.checker import Compiled
    from tutor.service.course import Course

Opening = tuple[list[dict], tuple[int, int]]  # the moves (as stored) and the progress (k, n)
GRACE = 2.0  # seconds a closing app gives the child to save the checker and end


class SessionPreview:
    """The forked child: its session's opening (`result()`), then its replies to the app's events (`ask`)."""

    def __init__(self, pid: int, replies: int, requests: int):
        self.pid = pid
        self._replies = os.fdopen(replies, "rb")  # the child's lines: the opening, then one reply per event
        self._requests = os.fdopen(requests, "wb")  # closed: no more events, the child may end
        self._opening: Opening | None = None
        self._read_opening = False
        self._lock = threading.Lock()  # one exchange at a time, from worker or engine threads
        self.done = False

    @classmethod
    def start(cls, content: list[Path] | None, dialogue: str) -> SessionPreview | None:
        """Fork the child, unless this platform should not fork (or cannot, now)."""
        if not sys.platform.startswith("linux"):
            return None
        replies_read, replies_write = os.pipe()
        requests_read, requests_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (replies_read, replies_write, requests_read, requests_write):
                os.close(fd)
            return None
        if pid == 0:  # the child (collection paused, as in the parent: see startup.py); never returns here
            try:
                os.close(replies_read)
                os.close(requests_write)
                serve(content, dialogue, replies_write, requests_read)
            finally:
                os._exit(0)  # no atexit handlers, no flushing the parent's buffers, no closing its database
        os.close(replies_write)
        os.close(requests_read)
        return cls(pid, replies_read, requests_write)

    def arrived(self, timeout: float) -> bool:
        """Whether the opening can be read at once (the child has sent it, or ended), after waiting for
        it at most `timeout` seconds."""
        with self._lock:
            return self._read_opening or bool(select.select([self._replies], [], [], timeout)[0])

    def result(self) -> Opening | None:
        """The opening, once the child has written it (blocks); None if the child failed."""
        with self._lock:
            return self._opening_line()

    def _opening_line(self) -> Opening | None:
        if not self._read_opening:
            self._read_opening = True
            with suppress(ValueError, TypeError):  # nothing written: a content error, which the app reports itself
                moves, (k, n) = json.loads(self._replies.readline())
                self._opening = moves, (k, n)
        return self._opening

    def ask(self, kind: str, text: str = "") -> list[dict] | None:
        """What the child's session replies to one learner event, as stored moves (blocks); None when
        the child cannot say (it failed, ended, or the app's own session has taken over)."""
        with self._lock:
            if self._requests.closed or self._opening_line() is None:
                return None
            try:
                self._requests.write(json.dumps([kind, text]).encode() + b"\n")
                self._requests.flush()
                moves = json.loads(self._replies.readline())
            except (OSError, ValueError):  # the child has ended: its pipe is closed, or empty
                return None
            return moves if isinstance(moves, list) else None

    def stop(self, timeout: float = -1) -> None:
        """No more events: the child writes the checker to the cache, if it has not, and ends. Waits for
        an exchange under way (at most `timeout` seconds, if given: one that hangs is left to `reap`)."""
        if self._lock.acquire(timeout=timeout):
            with suppress(OSError):
                self._requests.close()
            self._lock.release()

    def wait(self) -> None:
        """Block until the child has ended (its checker is in the cache, or it failed) and collect it."""
        self.stop()
        if not self.done:
            with suppress(ChildProcessError):  # collected by the other thread meanwhile
                os.waitpid(self.pid, 0)
            self.done = True
        self._replies.close()  # also when `reap` collected the child

    def reap(self, grace: float = GRACE) -> None:
        """End the child (the app is closing) and collect it. Told that no more events come, it saves
        the checker it compiled and ends; one that has not ended within `grace` seconds is killed."""
        self.stop(grace)
        deadline = time.monotonic() + grace
        while not self.done and time.monotonic() < deadline:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                    time.sleep(0.01)
                    continue
            except ChildProcessError:  # collected by the other thread meanwhile
                pass
            self.done = True
        if not self.done:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self.wait()


def serve(content: list[Path] | None, dialogue: str, replies_fd: int, requests_fd: int) -> None:
    """The child's work: the opening, the checker, then a reply to each event until the app stops asking."""
    from tutor.service.course import load_course, reply_moves, run_event, storable

    course = load_course(content)
    session = course.new_session(dialogue)
    with os.fdopen(replies_fd, "wb") as replies, os.fdopen(requests_fd, "rb") as requests:
        replies.write(json.dumps(opening(session.start())).encode() + b"\n")
        replies.flush()
        compiled, save = prepare_checker(content, course)
        course.checker.use(compiled)
        saved = False
        for line in requests:
            kind, text = json.loads(line)
            replies.write(json.dumps(reply_moves(run_event(session, kind, storable(text)))).encode() + b"\n")
            replies.flush()
            if not saved:  # into the cache, for the app's own session, once the learner has a reply
                save()
                saved = True
        if not saved:
            save()


def prepare_checker(content: list[Path] | None, course: Course) -> tuple[Compiled, Callable[[], None]]:
    """The checker, from the cache or compiled (and what saves it there): from the rule base read for
    the opening when the files are still those it was read from (keyed after, checked unchanged since before)."""
    from tutor.assessment.cache import Read, cache_key, prepare
    from tutor.service.course import content_fingerprint

    key = cache_key(content)
    unchanged = content_fingerprint(content) == course.fingerprint  # sizes and times, noted before reading
    return prepare(content, Read(course.rulebase, key) if unchanged else None)


def opening(reply) -> Opening:
    """A session's first reply as the cache stores it."""
    from tutor.service.course import reply_moves

    k, n = reply.progress
    return reply_moves(reply), (k, n)
