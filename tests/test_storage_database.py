"""The database file: where it lives, and what happens to a file that is not ours."""

from __future__ import annotations

import sqlite3

import pytest

from tutor.storage.database import StorageError, Store
from tutor.storage.location import data_dir


def test_data_dir_option_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("TUTOR_DATA_DIR")
    assert data_dir().name == "tutor"


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"this is a shopping list, not a database\n", "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 2000, "a corrupt database"),
    ],
)
def test_a_bad_file_is_moved_aside_never_overwritten(tmp_path, content, problem):
    path = tmp_path / "tutor.db"
    path.write_bytes(content)
    store = Store.open(path)
    store.learner("ana")
    store.close()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("tutor.db.bad-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert problem in store.notice and aside[0].name in store.notice


def test_another_programs_sqlite_file_is_moved_aside(tmp_path):
    path = tmp_path / "tutor.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Herz')")
    db.commit()
    db.close()
    store = Store.open(path)
    assert "another program" in store.notice
    store.close()
    (aside,) = tmp_path.glob("tutor.db.bad-*[0-9]")
    assert sqlite3.connect(aside).execute("SELECT name FROM contacts").fetchone() == ("Herz",)


def test_our_own_database_is_reopened_untouched(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    session = store.start_session(store.learner("ana"), "no-choice", "No choice")
    store.close()
    again = Store.open(tmp_path / "tutor.db")
    assert again.notice == ""
    assert again.session(session).title == "No choice"
    again.close()


def test_an_unwritable_data_dir_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot create the data directory"):
        Store.open(blocker / "sub" / "tutor.db")


def test_a_tutor_starts_while_another_is_writing(tmp_path, monkeypatch):
    """Opening a database that is up to date only reads it: a second tutor started while the first
    is saving a turn opens at once and can save, instead of waiting for the write lock."""
    path = tmp_path / "tutor.db"
    Store.open(path).close()
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")  # the first tutor, in the middle of saving
    monkeypatch.setattr("tutor.storage.database.BUSY_SECONDS", 0.2)
    try:
        store = Store.open(path)
    finally:
        writer.rollback()
        writer.close()
    assert store.read_only == ""
    assert store.learner("ada") == store.learner("ada")
    store.close()
