"""`tutor grade [FILE|-]`: grade JSON-lines answers headless, one verdict line per input line.

In:  {"id": "...", "question": "...", "answer": "..."}   one object per line; blank lines skipped
Out: {"id", "question", "verdict", "expectations", "misconceptions", "concepts"}   in input order
A bad line gives {"id": <id or null>, "line": N, "error": "..."} on stdout and `FILE:N: error: ...`
on stderr; the other lines are still graded, and the exit status is 1.

It streams: each line is read, graded and written (and flushed) before the next is read, so memory
stays flat on any input size. `--jobs N` grades chunks of lines in N processes, forked from this one
once its checker is loaded, with a bounded number of chunks in flight; the output is the same as with one process.
"""
from __future__ import annotations

import argparse
import difflib
import gc
import json
import sys
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Iterator

from tutor.assessment.checker import load_checker
from tutor.engine.host import EngineError

if TYPE_CHECKING:  # imported by --jobs N only: one process has no pool to start
    from concurrent.futures import Future

MAX_LINE_BYTES = 16 * 1024 * 1024   # one answer of 16 MB is not an answer; refuse it without reading it whole
CHUNK_LINES = 64                    # lines sent to a worker at a time
CHUNK_BYTES = 4 * 1024 * 1024       # ... or fewer, when they are long
IN_FLIGHT_PER_JOB = 2               # chunks queued per worker: enough to keep it busy, few enough to stay small

_checker = None  # this process's checker: loaded once, in the parent or in each worker


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help='JSON lines {"id", "question", "answer"}; "-" or nothing reads standard input')
    parser.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N",
                        help="grade in N processes (the output is the same, in input order)")


@dataclass(frozen=True)
class Graded:
    """What one input line gives: a line for stdout, and for a bad line one for stderr."""

    out: str
    error: str | None = None


def run(args) -> int:
    name = "<stdin>" if args.file == "-" else args.file
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    except OSError as e:
        print(f"tutor grade: error: cannot read {name}: {e.strerror or e}", file=sys.stderr)
        return 2
    with stream:
        lines = _lines(stream)
        results = _grade_in_process(lines, args.content) if args.jobs == 1 else \
            _grade_in_workers(_chunks(lines), args.content, args.jobs)
        bad = 0
        broken = _broken_pool() if args.jobs > 1 else ()  # `except ()` catches nothing
        try:
            for graded in results:
                for line in graded:
                    sys.stdout.write(line.out + "\n")
                    if line.error is not None:
                        bad += 1
                        print(f"{name}:{line.error}", file=sys.stderr)
                sys.stdout.flush()
        except broken:
            print("tutor grade: error: a grading process died; the output stops here", file=sys.stderr)
            return 2
    return 1 if bad else 0


def grade_chunk(chunk: list[tuple[int, bytes | None]]) -> list[Graded]:
    """Grade (line number, raw line) pairs with this process's checker; None stands for a line too long."""
    return [_grade_line(n, raw) for n, raw in chunk]


def _grade_line(n: int, raw: bytes | None) -> Graded:
    if raw is None:
        return _bad(n, None, f"line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        item = json.loads(raw)
    except UnicodeDecodeError:
        return _bad(n, None, "line is not UTF-8 text")
    except (json.JSONDecodeError, RecursionError) as e:
        return _bad(n, None, f"not JSON: {e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError)
                    else "not JSON: nested too deeply")
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
    if question not in _checker.questions:
        close = difflib.get_close_matches(question, sorted(_checker.questions), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return _bad(n, item_id, f"unknown question id {question!r}{hint}")
    try:
        assessment = _checker.assess(question, item["answer"])
    except EngineError as e:
        return _bad(n, item_id, f"could not grade this answer: {e}")
    return Graded(_dump({"id": item_id} | assessment.to_json()))


def _is_id(value) -> bool:
    """Ids are echoed as given: text, or a whole number (1, not 1.5 or true)."""
    return isinstance(value, str) or isinstance(value, int) and not isinstance(value, bool)


def _bad(n: int, item_id: str | int | None, message: str) -> Graded:
    return Graded(_dump({"id": item_id, "line": n, "error": message}), f"{n}: error: {message}")


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each non-blank line; None for a line over MAX_LINE_BYTES (skipped unread)."""
    n = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drop the rest of this line in bounded pieces
                raw = stream.readline(MAX_LINE_BYTES)
            yield n, None
        elif raw.strip():
            yield n, raw


def _chunks(lines: Iterator[tuple[int, bytes | None]]) -> Iterator[list[tuple[int, bytes | None]]]:
    chunk, size = [], 0
    for n, raw in lines:
        chunk.append((n, raw))
        size += len(raw or b"")
        if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _load(content) -> None:
    global _checker
    _checker = load_checker(content)
    # The rule base lives as long as the process: keep the collector from re-scanning it
    # (one full pass over it paused grading for ~45 ms).
    gc.freeze()


def _grade_in_process(lines, content) -> Iterator[list[Graded]]:
    _load(content)
    for line in lines:  # one at a time: a reader at the other end of a pipe gets each answer at once
        yield grade_chunk([line])


def _grade_in_workers(chunks, content, jobs: int) -> Iterator[list[Graded]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Load once here first: a mistake in the content is reported once, before any worker starts; and
    # workers forked from this process start with its checker instead of each compiling their own.
    _load(content)
    forked = "fork" in multiprocessing.get_all_start_methods()
    options = dict(mp_context=multiprocessing.get_context("fork")) if forked else \
        dict(initializer=_load, initargs=(content,))
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs, **options) as pool:
        for chunk in chunks:
            pending.append(pool.submit(grade_chunk, chunk))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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
