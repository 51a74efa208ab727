"""`tutor history`: every learner's past sessions, most recent first, with mastery by concept name."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from tutor.cli.main import main
from tutor.storage.database import Store


@pytest.fixture(autouse=True)
def shipped_content(monkeypatch):
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)


def history(capsys, data_dir, *options: str) -> tuple[int, str, str]:
    status = main(["history", "--data-dir", str(data_dir), *options])
    out, err = capsys.readouterr()
    return status, out, err


def two_learners(data_dir) -> Store:
    """Ana finished no-choice in one answer; then Ben started the walkthrough, answered and asked for a hint."""
    store = Store.open(data_dir / "tutor.db")
    ana = store.start_session(store.learner("ana"), "no-choice", "No choice")
    store.add_turn(ana, "start", "", None, [], (1, 1), {}, finished=False)
    store.add_turn(ana, "answer", "States choose.", None, [], (1, 1), {"choice": 0.9, "tragedy": 0.2}, finished=True)
    ben = store.start_session(store.learner("ben"), "walkthrough", "Walkthrough")
    store.add_turn(ben, "start", "", None, [], (1, 4), {}, finished=False)
    store.add_turn(ben, "answer", "idk", None, [], (1, 4), {}, finished=False)
    store.add_turn(ben, "hint", "", None, [], (2, 4), {"self_limitation": 0.4}, finished=False)
    return store


def test_an_empty_store_says_how_to_start(tmp_path, capsys):
    status, out, err = history(capsys, tmp_path)
    assert status == 0 and err == ""
    assert out == f"No sessions yet in {tmp_path / 'tutor.db'}. Start one with `tutor`.\n"
    assert history(capsys, tmp_path, "--json")[1] == ""  # no lines for tools either


def test_every_learners_sessions_are_listed_most_recent_first(tmp_path, capsys):
    two_learners(tmp_path).close()
    status, out, err = history(capsys, tmp_path)
    assert status == 0 and err == ""
    headers = [line for line in out.splitlines() if line.startswith("#")]
    assert len(headers) == 2
    assert headers[0].startswith("#2  Walkthrough (walkthrough)  active, question 2 of 4, 2 turns")
    assert headers[1].startswith("#1  No choice (no-choice)  finished, question 1 of 1, 1 turn,")
    bars = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert bars[0].startswith("self-limitation") and "40%" in bars[0]  # concept names from the rule base
    assert bars[1].startswith("choice") and "90%" in bars[1]
    assert bars[2].startswith("tragedy") and "20%" in bars[2]  # strongest first within a session


def test_json_has_one_object_per_session_naming_its_learner(tmp_path, capsys):
    two_learners(tmp_path).close()
    status, out, _ = history(capsys, tmp_path, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [(r["session"], r["learner"], r["status"], r["turns"]) for r in rows] == [
        (2, "ben", "active", 2),
        (1, "ana", "finished", 1),
    ]
    assert rows[1]["mastery"] == {"choice": 0.9, "tragedy": 0.2} and rows[0]["progress"] == [2, 4]


def test_a_damaged_session_row_does_not_hide_the_others(tmp_path):
    two_learners(tmp_path).close()
    with sqlite3.connect(tmp_path / "tutor.db") as db:  # a row written by a crashed or older version
        db.execute("UPDATE sessions SET mastery = '{not json' WHERE id = 1")
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "history", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 0
    assert "#2  Walkthrough (walkthrough)" in done.stdout
