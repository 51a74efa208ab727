"""Storage under faults: a full disk, a read-only data dir, undecodable input, damaged rows, a FIFO.

Each test reproduces a failure from issue #11 and shows it handled. A full disk is made two
ways: a wrapper around the store's SQLite connection that fails writes as SQLite does when
the disk is full (everywhere), and a real 300 KiB tmpfs (where this machine lets us mount one).
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_plain_mode import course  # noqa: F401  (the fixture: plain mode on the fake two-question course)
from test_storage_recorder import FakeCourse

from tutor import plain
from tutor.service.course import load_course, reply_moves
from tutor.service.recorder import Recorder
from tutor.storage.database import MIGRATIONS, SCHEMA_VERSION, NotSaved, StorageError, Store

TUTOR = [sys.executable, "-m", "tutor"]
FIRST = "Russia had no choice, NATO forced it"
SECOND = "Russia chose to read NATO as a threat; it had other options than invading"
THIRD = "The dilemma is in the reading: states choose how to interpret what others do"


class FullDisk:
    """Stands in for a Store's SQLite connection: while `full`, every write fails as SQLite's does
    on a full disk (reads still work, as they do on a real full disk)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.full = False

    def execute(self, sql: str, params=()):
        if self.full and sql.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.db, name)


def fill(store: Store) -> FullDisk:
    disk = FullDisk(store._db)
    store._db = disk
    return disk


@pytest.fixture(scope="module")
def real_course():
    return load_course(None)


def test_a_failed_save_leaves_the_session_where_the_last_saved_turn_did(tmp_path, real_course):
    # What the session says without any fault: the reference.
    control_store = Store.open(tmp_path / "control.db")
    control, _ = Recorder.begin(control_store, real_course, control_store.learner("ana"), "no-choice")
    control.act("answer", FIRST)
    expected = control.act("answer", SECOND)

    store = Store.open(tmp_path / "tutor.db")
    recorder, _ = Recorder.begin(store, real_course, store.learner("ana"), "no-choice")
    recorder.act("answer", FIRST)
    disk = fill(store)
    disk.full = True
    with pytest.raises(NotSaved, match="database or disk is full"):
        recorder.act("answer", SECOND)
    assert [t.kind for t in store.turns(recorder.session_id)] == ["start", "answer"]
    disk.full = False  # space comes back: the same answer, sent again, gets what it would have got
    retried = recorder.act("answer", SECOND)
    assert reply_moves(retried) == reply_moves(expected)
    assert retried.mastery == expected.mastery and retried.progress == expected.progress
    # ... and every later answer is saved, so a resume stands exactly where the live session does.
    live = recorder.act("answer", THIRD)
    store.close()
    again = Store.open(tmp_path / "tutor.db")
    resumed, turns = Recorder.resume(again, real_course, again.session(recorder.session_id))
    assert [t.text for t in turns if t.kind == "answer"] == [FIRST, SECOND, THIRD]
    assert resumed.session.progress == live.progress and resumed.session.mastery == live.mastery
    assert not resumed.diverged
    again.close()
    control_store.close()


def test_an_engine_failure_mid_turn_also_leaves_the_session_as_it_was(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    before = recorder.session

    def broken(text):
        recorder.session.at += 1  # half a turn done, then the engine fails
        raise RuntimeError("engine crashed")

    recorder.session.answer = broken
    with pytest.raises(RuntimeError):
        recorder.act("answer", "anything")
    assert recorder.session is not before and recorder.session.question == "q1"
    store.close()


@pytest.mark.usefixtures("course")
def test_plain_mode_says_the_answer_was_not_saved_and_enter_sends_it_again(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    disk = fill(store)

    class FillsThenFrees(io.StringIO):
        """The learner's input; the disk fills before the first answer and is freed after it."""

        def readline(self, *args):
            line = super().readline(*args)
            disk.full = line == "States choose.\n"
            return line

    out = io.StringIO()
    plain.PlainTutor(store, store.learner("ana"), None, FillsThenFrees("States choose.\n\n"), out).run("fake", False)
    text = out.getvalue()
    assert "That answer was NOT saved (database or disk is full" in text
    assert "Press Enter to send it again" in text
    answers = [t.text for t in store.turns(1) if t.kind == "answer"]
    assert answers == ["States choose."]  # the empty line resent it once space was back
    assert text.count("Yes: states choose how to read others.") == 1


def tmpfs_or_skip(size_kib: int) -> Path:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root on Linux; the FullDisk wrapper covers the logic")
    where = Path(tempfile.mkdtemp(prefix="tutor-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(where)], capture_output=True, text=True
    )
    if done.returncode:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    return where


@pytest.fixture
def small_disk():
    where = tmpfs_or_skip(300)
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)  # lazy: never left mounted
    where.rmdir()


def test_a_real_full_disk_mid_session_loses_nothing(small_disk):
    data = small_disk / "data"
    env = os.environ | {"TUTOR_DATA_DIR": str(data)}
    with subprocess.Popen(
        [*TUTOR, "--plain", "--dialogue", "no-choice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    ) as proc:  # closes its pipes and waits for it at the end

        def send(text: str) -> None:
            proc.stdin.write(text + "\n")
            proc.stdin.flush()

        def wait_for(marker: str) -> str:
            seen = ""
            while marker not in seen:
                line = proc.stdout.readline()
                assert line, f"the tutor stopped before saying {marker!r}:\n{seen}"
                seen += line
            return seen

        try:
            wait_for("did Russia have a choice?")
            send(FIRST)
            wait_for("Tutor:")
            filler = small_disk / "filler"
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1k", "count=1000"], capture_output=True)
            send(SECOND)
            said = wait_for("Press Enter to send it again")
            assert "NOT saved" in said and "full" in said
            filler.unlink()
            send("")
            proc.stdin.close()
            rest = proc.stdout.read()
            assert proc.wait(timeout=60) == 0, rest
            assert "Progress saved" in rest
        finally:
            proc.kill()
    db = sqlite3.connect(data / "tutor.db")
    answers = [text for (text,) in db.execute("SELECT text FROM turns WHERE kind = 'answer' ORDER BY seq")]
    db.close()
    assert answers == [FIRST, SECOND]


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_an_undecodable_byte_in_piped_input_is_replaced_and_saved(tmp_path, locale):
    # In a UTF-8 locale Python's stdin would raise; in the C locale it keeps the byte as a
    # surrogate that SQLite cannot store ("surrogates not allowed"). Both must save the answer.
    env = os.environ | {"TUTOR_DATA_DIR": str(tmp_path), "LC_ALL": locale, "PYTHONIOENCODING": ""}
    env.pop("PYTHONUTF8", None)
    done = subprocess.run(
        [*TUTOR, "--plain", "--dialogue", "no-choice"],
        input=b"Russia had no \xff choice\n",
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    db = sqlite3.connect(tmp_path / "tutor.db")
    (text,) = db.execute("SELECT text FROM turns WHERE kind = 'answer'").fetchone()
    db.close()
    assert text == "Russia had no \ufffd choice"


def test_the_recorder_replaces_surrogates_instead_of_failing_to_save(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    recorder.act("answer", "no \udcff choice")
    assert store.turns(recorder.session_id)[-1].text == "no \ufffd choice"
    store.close()


@pytest.fixture
def saved_session(tmp_path) -> Path:
    data = tmp_path / "data"
    store = Store.open(data / "tutor.db")
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    recorder.act("answer", "Russia had no choice")
    store.close()
    return data


@pytest.fixture
def read_only(saved_session):
    """The data dir made read-only: a read-only tmpfs remount as root (root ignores file modes), else chmod."""
    if os.geteuid() == 0:
        where = tmpfs_or_skip(2048)
        shutil.copytree(saved_session, where / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield where / "data"
        subprocess.run(["umount", "-l", str(where)], check=False)  # lazy: never left mounted
        where.rmdir()
    else:
        saved_session.chmod(0o555)
        yield saved_session
        saved_session.chmod(0o755)


def test_a_read_only_data_dir_is_called_read_only_and_history_still_reads(read_only):
    before = (read_only / "tutor.db").read_bytes()
    done = subprocess.run(
        [*TUTOR, "history", "--data-dir", str(read_only)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    assert "A fake dialogue" in done.stdout and "1 turn" in done.stdout
    assert done.stderr.splitlines() == [
        f"tutor: warning: the folder {read_only} is read-only: your sessions can be read, but nothing new will be saved"
    ]
    assert "corrupt" not in done.stderr
    assert (read_only / "tutor.db").read_bytes() == before


def test_plain_mode_goes_on_without_saving_in_a_read_only_data_dir(read_only):
    done = subprocess.run(
        [*TUTOR, "--plain", "--dialogue", "no-choice", "--data-dir", str(read_only)],
        input="Russia had no choice\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Tutor:" in done.stdout and "Nothing was saved (the folder" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_fifo_as_the_database_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "tutor.db")
    with pytest.raises(StorageError, match=r"is a FIFO \(named pipe\), not a database file"):
        Store.open(tmp_path / "tutor.db")
    done = subprocess.run([*TUTOR, "history", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "not a database file" in done.stderr


def damage(data: Path, sql: str) -> None:
    db = sqlite3.connect(data / "tutor.db")
    with db:
        db.execute(sql)
    db.close()


def test_one_sessions_damaged_mastery_is_skipped_with_a_warning_not_a_crash(saved_session):
    store = Store.open(saved_session / "tutor.db")
    store.start_session(store.learner("ana"), "fake", "A second session")
    store.close()
    damage(saved_session, "UPDATE sessions SET mastery = '{not json' WHERE id = 1")
    done = subprocess.run(
        [*TUTOR, "history", "--data-dir", str(saved_session)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    assert "A second session" in done.stdout and "A fake dialogue" not in done.stdout
    assert done.stderr.startswith(
        f"tutor: warning: session 1 in {saved_session / 'tutor.db'} is damaged and was skipped"
    )


@pytest.mark.usefixtures("course")
def test_resume_skips_a_damaged_turn_and_says_so(saved_session, capsys):
    damage(saved_session, "UPDATE turns SET moves = 'garbage' WHERE seq = 1")
    store = Store.open(saved_session / "tutor.db")
    out = io.StringIO()
    code = plain.PlainTutor(store, store.learner("ana"), None, io.StringIO(""), out).run(None, True)
    assert code == 0 and "Resuming your session" in out.getvalue()
    assert "turn 1 of session 1" in capsys.readouterr().err


@pytest.mark.usefixtures("course")
def test_resuming_a_session_whose_content_is_gone_is_a_clear_message(saved_session):
    damage(saved_session, "UPDATE sessions SET dialogue = 'from-my-own-content'")
    store = Store.open(saved_session / "tutor.db")
    out = io.StringIO()
    code = plain.PlainTutor(store, store.learner("ana"), None, io.StringIO(""), out).run(None, True)
    assert code == 0
    assert (
        "Cannot resume: session 1 used the dialogue 'from-my-own-content', which this content does not have"
        in out.getvalue()
    )
    assert "Choose a dialogue" in out.getvalue()  # offered a new session instead


def test_a_version_1_database_is_migrated_in_place_keeping_its_sessions(tmp_path):
    path = tmp_path / "tutor.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('app', 'tutor'), ('schema', '1')")
    db.execute("INSERT INTO learners VALUES (1, 'ana', '2026-01-01')")
    db.execute(
        "INSERT INTO sessions (learner_id, dialogue, title, started, updated) VALUES (1, 'fake', 'Old', 'x', 'x')"
    )
    db.commit()
    db.close()
    store = Store.open(path)
    assert store.notice == ""
    assert [s.title for s in store.sessions()] == ["Old"]
    store.hold(1)  # the table added by migration 2 is there
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (str(SCHEMA_VERSION),)
    db.close()


async def test_the_app_says_a_turn_was_not_saved_and_gives_the_words_back(tmp_path, monkeypatch):
    from test_tui_chat import settle

    from tutor.tui import app as app_module
    from tutor.tui.app import TutorApp
    from tutor.tui.widgets.chat import HistoryInput

    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    store = Store.open(tmp_path / "tutor.db")
    disk = fill(store)
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: notes.append(message))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(HistoryInput)
        disk.full = True
        box.value = "States choose."
        await pilot.press("enter")
        await settle(pilot)
        assert box.value == "States choose."
        assert any(note.startswith("Not saved: database or disk is full") for note in notes)
        disk.full = False
        await pilot.press("enter")
        await settle(pilot)
        assert box.value == ""
    assert [t.text for t in store.turns(1) if t.kind == "answer"] == ["States choose."]
    store.close()


def test_at_a_terminal_a_read_only_data_dir_asks_before_going_on_without_saving(read_only, monkeypatch, capsys):
    from argparse import Namespace

    from tutor.cli import app as cli_app

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    asked = []
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    monkeypatch.setattr(plain.PlainTutor, "run", lambda *a: pytest.fail("the session started without asking"))
    code = cli_app.run(
        Namespace(data_dir=read_only, plain=True, dialogue="no-choice", resume=False, content=None, json=False)
    )
    assert code == 0 and asked == ["Continue without saving? [y/N] "]
    assert "is read-only: your sessions can be read, but nothing new will be saved" in capsys.readouterr().err
