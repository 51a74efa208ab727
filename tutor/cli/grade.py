"""`tutor grade [FILE|-]`: grade JSON-lines answers headless, one verdict line per input line.

In:  {"id": "...", "question": "...", "answer": "..."}   one object per line; blank lines skipped
Out: {"id", "question", "verdict", "expectations", "misconceptions", "concepts"}   in input order
A bad line gives {"id": <id or null>, "line": N, "error": "..."} on stdout and `FILE:N: error: ...`
on stderr, whatever went wrong with it (bad JSON, an unknown question, an answer the engine could
not grade, a `--jobs` process that died grading it); the other lines are still graded.

Exit status: 0 every line graded; 1 some lines were bad; 2 the run could not go on (the input
could not be read, the output could not be written, grading processes kept dying), with one line
on stderr saying which.

It streams: each line is read, graded and written (and flushed) before the next is read, so memory
stays flat on any input size. `--jobs N` grades chunks of lines in N processes (at most one per
CPU), forked from this one once its checker is loaded, with a bounded number of chunks in flight;
a chunk is sent as soon as lines are waiting and a worker is free, so a pipe gets each verdict as
promptly as with one process. The output is the same as with one process. Workers end when this
process ends.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from tutor.assessment.checker import AnswerChecker, load_checker
from tutor.cli.orphans import end_with_parent

if TYPE_CHECKING:  # imported by --jobs N only: one process has no pool to start
    from concurrent.futures import Future

MAX_LINE_BYTES = 16 * 1024 * 1024  # one answer of 16 MB is not an answer; refuse it without reading it whole
CHUNK_LINES = 64  # lines sent to a worker at a time
CHUNK_BYTES = 4 * 1024 * 1024  # ... or fewer, when they are long
MAX_DEATHS = 16  # grading processes that may die (each costing one line) before the run stops
IN_FLIGHT_PER_JOB = 2  # chunks queued per worker: enough to keep it busy, few enough to stay small

_checker: AnswerChecker | None = None  # this process's checker: loaded once, in the parent or in each worker


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help='JSON lines {"id", "question", "answer"}; "-" or nothing reads standard input',
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=1,
        metavar="N",
        help="grade in N processes (the output is the same, in input order)",
    )


@dataclass(frozen=True)
class Graded:
    """What one input line gives: a line for stdout, and for a bad line one for stderr."""

    out: str
    error: str | None = None


class StreamError(Exception):
    """The input cannot be read or the output cannot be written; str() is one line for stderr."""


def run(args) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    try:
        if sys.stdout is None:
            raise StreamError("standard output is closed")
        jobs = _cap_jobs(args.jobs)
        broken = _broken_pool() if jobs > 1 else ()  # `except ()` catches nothing
        stream = _open_input(args.file)
        with stream:
            return _grade_stream(stream, name, args.content, jobs)
    except StreamError as e:
        print(f"tutor grade: error: {e}", file=sys.stderr)
        return 2
    except broken:
        print(f"tutor grade: error: {MAX_DEATHS + 1} grading processes died; the output stops here", file=sys.stderr)
        return 2


def _open_input(file: str) -> BinaryIO:
    if file != "-":
        try:
            return open(file, "rb")
        except OSError as e:
            raise StreamError(f"cannot read {file}: {e.strerror or e}") from None
    if sys.stdin is None:
        raise StreamError("standard input is closed (give a FILE, or pipe the answers in)")
    # A reader of our own on the descriptor, not sys.stdin's: a thread blocked reading it must not
    # hold the lock that the interpreter takes to close sys.stdin at exit.
    return open(sys.stdin.fileno(), "rb", closefd=False)


def _grade_stream(stream: BinaryIO, name: str, content, jobs: int) -> int:
    lines = _lines(stream, name)
    results = _grade_in_process(lines, content) if jobs == 1 else _grade_in_workers(lines, content, jobs)
    bad = 0
    for graded in results:
        for line in graded:
            if line.error is not None:
                bad += 1
                print(f"{name}:{line.error}", file=sys.stderr)
        _write("".join(line.out + "\n" for line in graded))
    return 1 if bad else 0


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left early (`| head`): not a failure, see cli/main.py
    except OSError as e:
        # Point the descriptor at /dev/null so that the interpreter's last flush at exit does not
        # fail again with a traceback-like message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise StreamError(f"cannot write the output: {e.strerror or e}") from None


def _cap_jobs(jobs: int) -> int:
    """More processes than CPUs only adds memory and switching: cap at the CPU count, and say so."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > cpus:
        print(f"tutor grade: warning: --jobs {jobs} is more than the {cpus} CPUs here; using {cpus}", file=sys.stderr)
    return min(jobs, cpus)


def grade_chunk(chunk: list[tuple[int, bytes | None]]) -> list[Graded]:
    """Grade (line number, raw line) pairs with this process's checker; None stands for a line too long."""
    return [_grade_line(n, raw) for n, raw in chunk]


def _grade_line(n: int, raw: bytes | None) -> Graded:
    try:
        return _grade_item(n, raw)
    except Exception as e:  # whatever goes wrong with one line is that line's error, never the batch's
        return _bad(n, None, f"could not grade this line: {type(e).__name__}: {e}")


def _grade_item(n: int, raw: bytes | None) -> Graded:
    if raw is None:
        return _bad(n, None, f"line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        item = json.loads(raw)
    except UnicodeDecodeError:
        return _bad(n, None, "line is not UTF-8 text")
    except json.JSONDecodeError as e:
        # Some of json's messages end in "at" already ("Invalid control character at").
        return _bad(n, None, f"not JSON: {e.msg.removesuffix(' at')} at column {e.colno}")
    except RecursionError:
        return _bad(n, None, "not JSON: nested too deeply")
    except ValueError as e:  # a number of more than 4,300 digits: Python refuses to convert it
        return _bad(n, None, f"not JSON we can read: {str(e).split(';')[0]}")
    if not isinstance(item, dict):
        return _bad(n, None, f"expected a JSON object, got {_json_type(item)}")
    item_id = item.get("id") if _is_id(item.get("id")) else None
    for key in ("id", "question", "answer"):
        if key not in item:
            return _bad(n, item_id, f"missing field {key!r}")
        if not (_is_id(item[key]) if key == "id" else isinstance(item[key], str)):
            kind = "a string or a whole number" if key == "id" else "a string"
            return _bad(n, item_id, f"field {key!r} must be {kind}, not {_json_type(item[key])}")
    question = item["question"]
    checker = _checker
    assert checker is not None, "the checker is loaded before any line is graded"
    if question not in checker.questions:
        close = difflib.get_close_matches(question, sorted(checker.questions), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return _bad(n, item_id, f"unknown question id {question!r}{hint}")
    try:
        assessment = checker.assess(question, item["answer"])
    except Exception as e:  # the engine's known failures (EngineError) and any other: this answer only
        return _bad(n, item_id, f"could not grade this answer: {e}")
    return Graded(_dump({"id": item_id} | assessment.to_json()))


def _is_id(value) -> bool:
    """Ids are echoed as given: text, or a whole number (1, not 1.5 or true)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _bad(n: int, item_id: str | int | None, message: str) -> Graded:
    return Graded(_dump({"id": item_id, "line": n, "error": message}), f"{n}: error: {message}")


_dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options builds one a line


def _json_type(value) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each non-blank line; None for a line over MAX_LINE_BYTES (skipped unread)."""
    n = 0
    while True:
        raw = _read_line(stream, name, MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drop the rest of this line in bounded pieces
                raw = _read_line(stream, name, MAX_LINE_BYTES)
            yield n, None
        elif raw.strip():
            yield n, raw


def _read_line(stream: BinaryIO, name: str, limit: int) -> bytes:
    try:
        return stream.readline(limit)
    except OSError as e:
        raise StreamError(f"cannot read {name}: {e.strerror or e}") from None


def _load(content) -> None:
    global _checker  # noqa: PLW0603 - one checker per process, set in the parent before workers fork
    _checker = load_checker(content)
    # The rule base lives as long as the process: keep the collector from re-scanning it
    # (one full pass over it paused grading for ~45 ms).
    gc.freeze()


def _grade_in_process(lines, content) -> Iterator[list[Graded]]:
    _load(content)
    for line in lines:  # one at a time: a reader at the other end of a pipe gets each answer at once
        yield grade_chunk([line])


def _start_worker(parent_pid: int, content, forked: bool) -> None:
    # First: Ctrl+C reaches the whole process group; the parent stops the run, and a worker would
    # only print a traceback of wherever it was.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent_pid)
    if not forked:
        _load(content)


def _grade_in_workers(lines, content, jobs: int) -> Iterator[list[Graded]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Load once here first: a mistake in the content is reported once, before any worker starts; and
    # workers forked from this process start with its checker instead of each compiling their own.
    _load(content)
    forked = "fork" in multiprocessing.get_all_start_methods()
    pools: list[ProcessPoolExecutor] = []
    deaths = 0

    def start() -> None:
        if pools:
            pools[-1].shutdown(wait=False, cancel_futures=True)
        pools.append(
            ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context("fork") if forked else None,
                initializer=_start_worker,
                initargs=(os.getpid(), content, forked),
            )
        )

    def submit(chunk: list[tuple[int, bytes | None]]) -> Future:
        try:
            return pools[-1].submit(grade_chunk, chunk)
        except BrokenProcessPool:  # a worker died since the last chunk went out
            start()
            return pools[-1].submit(grade_chunk, chunk)

    def collect(future: Future, chunk: list[tuple[int, bytes | None]]) -> list[Graded]:
        """A chunk's lines; when a worker died (killed for lack of memory, say), every chunk the pool held
        is lost: each of their lines is graded again alone, and one that kills its worker again is
        that line's error. Past MAX_DEATHS deaths, the lines graded so far are the last."""
        nonlocal deaths
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        out: list[Graded] = []
        for n, raw in chunk:
            if deaths > MAX_DEATHS:
                break
            try:
                out += submit([(n, raw)]).result()
            except BrokenProcessPool:
                deaths += 1
                start()
                out.append(_bad(n, _id_of(raw), "the process grading this line died (out of memory?)"))
        return out

    start()
    try:
        for graded in _in_order(lines, submit, jobs * IN_FLIGHT_PER_JOB, collect):
            yield graded
            if deaths > MAX_DEATHS:
                raise BrokenProcessPool("grading processes keep dying")
    finally:
        pools[-1].shutdown(cancel_futures=True)  # stopped early (Ctrl+C, output gone): drop the chunks not started


def _id_of(raw: bytes | None) -> str | int | None:
    try:
        item = json.loads(raw or b"")
    except ValueError:
        return None
    return item.get("id") if isinstance(item, dict) and _is_id(item.get("id")) else None


_DONE, _END = object(), object()  # events: a chunk was graded; the input ended


def _in_order(lines, submit, in_flight: int, collect=lambda future, chunk: future.result()) -> Iterator[list[Graded]]:
    """Send lines to `submit` as they arrive and yield the results in input order.

    A thread reads ahead into one event queue, and each graded chunk posts to the same queue, so
    this loop wakes for whichever comes first: output never waits for more input, and a chunk
    goes out with whatever lines are waiting (up to CHUNK_LINES) as soon as a slot is free."""
    events: queue.Queue = queue.Queue()
    room = _Room(CHUNK_LINES * in_flight, CHUNK_BYTES * in_flight)
    threading.Thread(target=_read_ahead, args=(lines, events, room), name="grade-reader", daemon=True).start()
    waiting: deque = deque()
    pending: deque[tuple[Future, list[tuple[int, bytes | None]]]] = deque()
    ended = False
    while not (ended and not waiting and not pending):
        event = events.get()
        while event is not None:
            if event is _END:
                ended = True
            elif isinstance(event, BaseException):
                raise event  # reading failed (StreamError): the run stops here
            elif event is not _DONE:
                waiting.append(event)
            event = _next_now(events)
        while pending and pending[0][0].done():
            yield collect(*pending.popleft())
        while waiting and len(pending) < in_flight:
            chunk = _take_chunk(waiting)
            for _, raw in chunk:
                room.give(len(raw or b""))
            future = submit(chunk)
            future.add_done_callback(lambda _: events.put(_DONE))
            pending.append((future, chunk))


class _Room:
    """How much the reader may read ahead of the workers, in lines and bytes: memory stays flat
    however long the lines are (one line is always let in, so none is too big to pass)."""

    def __init__(self, lines: int, size: int):
        self.lines, self.size = lines, size
        self.held_lines = self.held_bytes = 0
        self.changed = threading.Condition()

    def take(self, n: int) -> None:
        with self.changed:
            self.changed.wait_for(
                lambda: self.held_lines == 0 or (self.held_lines < self.lines and self.held_bytes + n <= self.size)
            )
            self.held_lines += 1
            self.held_bytes += n

    def give(self, n: int) -> None:
        with self.changed:
            self.held_lines -= 1
            self.held_bytes -= n
            self.changed.notify()


def _read_ahead(lines, events: queue.Queue, room: _Room) -> None:
    try:
        for line in lines:
            room.take(len(line[1] or b""))
            events.put(line)
    except BaseException as e:  # handed to the grading loop, which stops on it
        events.put(e)
    else:
        events.put(_END)


def _next_now(events: queue.Queue):
    try:
        return events.get_nowait()
    except queue.Empty:
        return None


def _take_chunk(waiting: deque) -> list[tuple[int, bytes | None]]:
    chunk: list[tuple[int, bytes | None]] = []
    size = 0
    while waiting and len(chunk) < CHUNK_LINES and size < CHUNK_BYTES:
        n, raw = waiting.popleft()
        chunk.append((n, raw))
        size += len(raw or b"")
    return chunk


def _broken_pool() -> type[Exception]:
    from concurrent.futures.process import BrokenProcessPool

    return BrokenProcessPool


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, at least 1, not {text!r}")
    return value
