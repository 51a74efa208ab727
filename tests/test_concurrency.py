"""Several tutors on one database: safe concurrent starts, one writer per session.

Reproduces issue #11's probes: two instances started at once on a new data dir (one failed
with `table meta already exists`, 9 of 20 trials), and two instances resuming the same
session (turns interleaved and lost on `UNIQUE constraint failed: turns.session_id, turns.seq`).
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_storage_recorder import FakeCourse

from tutor.service.recorder import Recorder, default_learner
from tutor.storage import database
from tutor.storage.database import NotSaved, SessionBusy, Store

TUTOR = [sys.executable, "-m", "tutor"]
FORK = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork()")


def _open_at_once(path: str, go, errors) -> None:
    go.wait()
    try:
        store = Store.open(Path(path))
        store.learner("ana")
        store.close()
    except Exception as e:  # reported to the test, which fails on any
        errors.put(f"{type(e).__name__}: {e}")


@FORK
def test_tutors_started_at_once_on_a_new_data_dir_all_open_it(tmp_path):
    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    for trial in range(20):
        path = tmp_path / f"trial{trial}" / "tutor.db"
        go = context.Event()
        starts = [context.Process(target=_open_at_once, args=(str(path), go, errors)) for _ in range(4)]
        for p in starts:
            p.start()
        go.set()
        for p in starts:
            p.join(60)
        assert [p.exitcode for p in starts] == [0, 0, 0, 0]
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == []


def _add_turns(path: str, session_id: int, who: str, count: int, go) -> None:
    store = Store.open(Path(path))
    go.wait()
    for i in range(count):
        store.add_turn(session_id, "answer", f"{who}{i}", None, [], (1, 1), {}, False)
    store.close()


@FORK
def test_turn_numbers_are_taken_inside_the_insert_so_writers_never_collide(tmp_path):
    path = tmp_path / "tutor.db"
    store = Store.open(path)
    session = store.start_session(store.learner("ana"), "fake", "Shared")
    store.close()
    context = multiprocessing.get_context("fork")
    go = context.Event()
    writers = [context.Process(target=_add_turns, args=(str(path), session, who, 40, go)) for who in "ab"]
    for p in writers:
        p.start()
    go.set()
    for p in writers:
        p.join(120)
    assert [p.exitcode for p in writers] == [0, 0]
    store = Store.open(path)
    turns = store.turns(session)
    store.close()
    assert [t.seq for t in turns] == list(range(80))
    assert sorted(t.text for t in turns) == sorted(f"{w}{i}" for w in "ab" for i in range(40))


@pytest.fixture
def held(tmp_path):
    """A session begun (and so held) by one tutor."""
    store = Store.open(tmp_path / "tutor.db")
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    yield store, recorder
    store.close()


def test_a_second_tutor_resuming_a_held_session_is_refused_with_a_clear_message(held, tmp_path):
    first, recorder = held
    second = Store.open(tmp_path / "tutor.db")
    with pytest.raises(
        SessionBusy,
        match=rf"session 1 is open in another tutor \(process {os.getpid()}, "
        r"active \d+ s ago\); close it there first, or start a new session",
    ):
        Recorder.resume(second, FakeCourse(), second.session(recorder.session_id))
    first.close()  # the first tutor quits: its hold goes with it
    _, turns = Recorder.resume(second, FakeCourse(), second.session(recorder.session_id))
    assert [t.kind for t in turns] == ["start"]
    second.close()


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


@pytest.mark.parametrize("pid, age", [("dead", 0.0), ("alive", database.STALE_SECONDS + 5)])
def test_a_holder_that_crashed_or_went_silent_is_taken_over(held, tmp_path, pid, age):
    first, recorder = held
    with first._lock:  # as if the holder were another tutor that crashed, or stopped beating
        first._db.execute(
            "UPDATE holders SET token = 'gone', pid = ?, heartbeat = ?",
            (dead_pid() if pid == "dead" else os.getpid(), time.time() - age),
        )
        first._db.commit()
    second = Store.open(tmp_path / "tutor.db")
    resumed, _ = Recorder.resume(second, FakeCourse(), second.session(recorder.session_id))
    resumed.act("hint")
    second.close()


def test_a_tutor_whose_session_was_taken_over_cannot_write_into_it(held, tmp_path):
    first, recorder = held
    with first._lock:
        first._db.execute("UPDATE holders SET heartbeat = ?", (time.time() - database.STALE_SECONDS - 5,))
        first._db.commit()
    second = Store.open(tmp_path / "tutor.db")
    Recorder.resume(second, FakeCourse(), second.session(recorder.session_id))
    with pytest.raises(NotSaved, match="session 1 was taken over by another tutor"):
        recorder.act("answer", "States choose.")
    assert recorder.session.question == "q1"  # and its session did not move on either
    second.close()


def test_the_heartbeat_keeps_a_waiting_learners_hold_fresh(held, monkeypatch):
    store, _ = held
    monkeypatch.setattr(database, "HEARTBEAT_SECONDS", 0.05)
    store.release(1)
    store._heart = None
    store.hold(1)
    (first,) = store._query("SELECT heartbeat FROM holders", ())[0]
    time.sleep(0.5)
    (later,) = store._query("SELECT heartbeat FROM holders", ())[0]
    assert later > first


def test_plain_mode_in_another_process_is_refused_and_offered_a_new_session(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    session = store.start_session(store.learner(default_learner()), "no-choice", "Held elsewhere")
    store.hold(session)
    try:
        done = subprocess.run(
            [*TUTOR, "--plain", "--resume", "--data-dir", str(tmp_path)],
            input="/quit\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        store.close()
    assert done.returncode == 0, done.stderr
    assert f"Cannot resume: session {session} is open in another tutor (process {os.getpid()}" in done.stdout
    assert "Choose a dialogue by number or id" in done.stdout
    db = sqlite3.connect(tmp_path / "tutor.db")
    assert db.execute("SELECT COUNT(*) FROM turns").fetchone() == (0,)  # nothing was written into it
    db.close()


async def test_the_app_resuming_a_held_session_exits_with_the_reason(held, tmp_path, monkeypatch, capsys):
    from test_tui_chat import settle

    from tutor.tui import app as app_module
    from tutor.tui.app import TutorApp

    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    second = Store.open(tmp_path / "tutor.db")
    app = TutorApp(second, second.learner("ana"), resume=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert app.return_code == 2
    assert "tutor: error: session 1 is open in another tutor" in capsys.readouterr().err
    second.close()
