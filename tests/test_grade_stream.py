"""`tutor grade` under hostile input and a failing machine: every failure is a line, not an exit.

Each test reproduces a failure found by probing (issue #11) and shows how it is handled now:
a line Python cannot even parse, an answer that crashes the grader, closed or full streams,
too many --jobs, a pipe fed slowly to workers, and a parent killed under its workers.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.cli import grade
from tutor.cli.main import main

TUTOR = [sys.executable, "-m", "tutor"]
HUGE_NUMBER = "9" * 5000  # over Python's 4,300-digit limit for int(): json.loads raises ValueError


def line(id_, answer, question="no_choice") -> str:
    return json.dumps({"id": id_, "question": question, "answer": answer})


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(x + "\n" for x in lines))
    return path


def four_lines_one_unparseable(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        line("a", "Russia had no choice"),
        '{"id": ' + HUGE_NUMBER + ', "question": "no_choice", "answer": "x"}',
        line("c", "Russia had no choice " + HUGE_NUMBER),
        line("d", "idk"),
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_number_too_long_for_python_is_that_lines_error_and_the_rest_is_graded(tmp_path, capsys, jobs):
    path = four_lines_one_unparseable(tmp_path)
    status = main(["grade", "--jobs", jobs, str(path)])
    out, err = capsys.readouterr()
    rows = [json.loads(x) for x in out.splitlines()]
    assert status == 1
    assert [r["id"] for r in rows] == ["a", None, "c", "d"]
    assert rows[1]["line"] == 2 and "4300 digits" in rows[1]["error"]
    assert rows[0]["verdict"] == rows[2]["verdict"] == "misconception"
    assert err.splitlines() == [f"{path}:2: error: {rows[1]['error']}"]


class CrashesOnBoom:
    """The real checker, except that an answer saying "boom" makes it raise, as a bug would."""

    def __init__(self, checker):
        self.checker = checker

    def assess(self, question, text, *rest):
        if "boom" in text:
            raise ZeroDivisionError("division by zero")
        return self.checker.assess(question, text, *rest)

    def __getattr__(self, name):
        return getattr(self.checker, name)


def test_any_exception_while_grading_an_answer_is_that_lines_error(tmp_path, capsys, monkeypatch):
    real_load = grade.load_checker
    monkeypatch.setattr(grade, "load_checker", lambda content: CrashesOnBoom(real_load(content)))
    status = main(["grade", str(write(tmp_path, line("a", "boom"), line("b", "idk")))])
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert rows[0] == {"id": "a", "line": 1, "error": "could not grade this answer: division by zero"}
    assert rows[1]["verdict"] == "non_domain"


def test_json_messages_do_not_say_at_twice(tmp_path, capsys):
    main(["grade", str(write(tmp_path, '{"id": "a", "answer": "tab\there"}'))])
    error = json.loads(capsys.readouterr().out)["error"]
    assert error == "not JSON: Invalid control character at column 27"


def run_tutor(*args: str, shell_redirect: str = "", **kwargs) -> subprocess.CompletedProcess:
    """Run `tutor ARGS` through a shell, so that a stream can be closed (`<&-`, `>&-`)."""
    command = " ".join([*TUTOR, *args]) + " " + shell_redirect
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120, **kwargs)


@pytest.mark.parametrize(
    "redirect, message",
    [
        ("<&-", "standard input is closed"),
        (">&-", "standard output is closed"),
    ],
)
def test_a_closed_stream_is_one_line_and_status_2(tmp_path, redirect, message):
    source = "-" if redirect == "<&-" else str(write(tmp_path, line("a", "idk")))
    result = run_tutor("grade", source, shell_redirect=redirect)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tutor grade: error: {message}" + (" (give a FILE, or pipe the answers in)" if "input" in message else "")
    ]


def test_with_stderr_closed_the_error_messages_stay_out_of_the_output(tmp_path):
    result = run_tutor("grade", str(write(tmp_path, "not json", line("b", "idk"))), shell_redirect="2>&-")
    assert result.returncode == 1
    assert [json.loads(x).get("error") for x in result.stdout.splitlines()] == [
        "not JSON: Expecting value at column 1",
        None,
    ]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system to stand for a full disk")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_output_device_is_one_line_and_status_2_not_1(tmp_path, jobs):
    path = write(tmp_path, line("a", "idk"), line("b", "idk"))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*TUTOR, "grade", "--jobs", jobs, str(path)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["tutor grade: error: cannot write the output: No space left on device"]


def cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def children(pid: int) -> list[int]:
    """Live child processes of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[1] == str(pid) and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Piped:
    """`tutor grade ARGS -` with a pipe on both ends: answers go in one at a time, as a user types them."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [*TUTOR, "grade", *args, "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)

    def ask(self, id_, answer: str) -> dict:
        self.proc.stdin.write((line(id_, answer) + "\n").encode())
        self.proc.stdin.flush()
        assert self.selector.select(timeout=90), "no verdict came out while the input was still open"
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self.selector.close()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            pipe.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts processes through /proc")
def test_jobs_are_capped_at_the_cpu_count_with_a_warning():
    piped = Piped("--jobs", "64")
    try:
        assert piped.ask("a", "idk")["verdict"] == "non_domain"
        assert len(children(piped.proc.pid)) <= cpus()
        piped.proc.stdin.close()
        assert piped.proc.wait(timeout=60) == 0
        assert f"--jobs 64 is more than the {cpus()} CPUs here; using {cpus()}" in piped.proc.stderr.read().decode()
    finally:
        piped.close()


@pytest.mark.skipif(cpus() < 2, reason="--jobs 2 is capped to one process on a one-CPU machine")
def test_jobs_2_streams_each_verdict_while_the_input_is_open():
    piped = Piped("--jobs", "2")
    try:
        assert [piped.ask(f"s{i}", "Russia had no choice")["id"] for i in range(3)] == ["s0", "s1", "s2"]
        piped.proc.stdin.close()
        assert piped.proc.wait(timeout=60) == 0
    finally:
        piped.close()


@pytest.mark.skipif(not sys.platform.startswith("linux") or cpus() < 2, reason="counts processes through /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_their_parent_is_killed(sig):
    piped = Piped("--jobs", "2")
    try:
        piped.ask("a", "idk")
        workers = children(piped.proc.pid)
        assert workers, "the workers should be running"
        os.kill(piped.proc.pid, sig)
        piped.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [w for w in workers if alive(w)]
        for w in survivors:  # leave no stray process behind, whatever the verdict
            os.kill(w, signal.SIGKILL)
        assert not survivors, "workers outlived their parent"
    finally:
        piped.close()


def test_lines_read_ahead_of_busy_workers_are_bounded_in_bytes_not_only_in_count(monkeypatch):
    # Workers that never finish, and long lines: the reader must stop, not hold 64 lines per slot.
    import threading
    from concurrent.futures import Future

    monkeypatch.setattr(grade, "CHUNK_BYTES", 1000)
    pulled = []

    def long_lines():
        for n in range(1, 1000):
            pulled.append(n)
            yield n, b"x" * 1000

    def drive():
        next(grade._in_order(long_lines(), lambda chunk: Future(), in_flight=1), None)

    threading.Thread(target=drive, daemon=True).start()
    time.sleep(1.0)
    assert 1 <= len(pulled) <= 3  # one sent, one waiting, one the reader holds while it waits


_GRADE_CHUNK = grade.grade_chunk


def dies_on_greedy(chunk):
    """grade_chunk, but the process is killed on an answer that says "greedy", as the kernel's
    out-of-memory killer would kill it. Module-level: workers get it by name (pickled by reference)."""
    if any(b"greedy" in (raw or b"") for _, raw in chunk):
        os.kill(os.getpid(), signal.SIGKILL)
    return _GRADE_CHUNK(chunk)


def test_a_worker_killed_while_grading_costs_only_its_line(tmp_path, capsys, monkeypatch):
    # Workers are forked from this process, so they grade with the patched function.
    monkeypatch.setattr(grade, "grade_chunk", dies_on_greedy)
    answers = [line(f"a{n}", "Russia had no choice") for n in range(150)]
    answers[70] = line("big", "a greedy answer that takes all the memory")
    status = main(["grade", "--jobs", "2", str(write(tmp_path, *answers))])
    out, err = capsys.readouterr()
    rows = [json.loads(x) for x in out.splitlines()]
    assert status == 1  # one bad line, not a stopped run
    assert [r["id"] for r in rows] == [f"a{n}" for n in range(70)] + ["big"] + [f"a{n}" for n in range(71, 150)]
    assert rows[70] == {"id": "big", "line": 71, "error": "the process grading this line died (out of memory?)"}
    assert all(r["verdict"] == "misconception" for i, r in enumerate(rows) if i != 70)
    assert err.count("error:") == 1


def test_workers_that_keep_dying_stop_the_run_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(grade, "grade_chunk", dies_on_greedy)
    answers = [line(f"g{n}", "greedy") for n in range(grade.MAX_DEATHS + 5)]
    status = main(["grade", "--jobs", "2", str(write(tmp_path, *answers))])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.strip().splitlines()[-1] == (
        f"tutor grade: error: {grade.MAX_DEATHS + 1} grading processes died; the output stops here"
    )
    # Every line graded before the run stopped is written: here each was its worker's death.
    assert [json.loads(x)["id"] for x in out.splitlines()] == [f"g{n}" for n in range(grade.MAX_DEATHS + 1)]
