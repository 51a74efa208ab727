"""`tutor --plain`: a line-by-line session for screen readers and pipes; end of input saves and stops."""

from __future__ import annotations

import io

import pytest
from test_storage_recorder import FakeCourse

from tutor import plain
from tutor.storage.database import Store


@pytest.fixture
def course(monkeypatch):
    course = FakeCourse()
    monkeypatch.setattr(plain, "load_dialogues", lambda content: course.dialogues)
    monkeypatch.setattr(plain, "load_course", lambda content, dialogues: course)
    return course


def run(store, lines: str, dialogue="fake", resume=False) -> tuple[int, str]:
    out = io.StringIO()
    code = plain.PlainTutor(store, store.learner("ana"), None, io.StringIO(lines), out).run(dialogue, resume)
    return code, out.getvalue()


def test_a_piped_session_answers_each_line_and_saves_at_end_of_input(tmp_path, course):
    store = Store.open(tmp_path / "tutor.db")
    code, out = run(store, "Russia had no choice\n/hint\n/why\n")
    assert code == 0
    assert "You: Russia had no choice" in out  # piped answers are echoed, so the output reads as a conversation
    assert "Tutor: If Russia truly had no choice" in out  # Markdown shown as plain text: no asterisks
    assert "Tutor: Think about who reads the threat." in out
    assert "I judged your last answer: misconception." in out
    assert "Progress saved" in out and "tutor --plain --resume" in out
    assert [t.kind for t in store.turns(1)] == ["start", "answer", "hint", "why"]


def test_resume_shows_the_earlier_turns_then_continues(tmp_path, course):
    store = Store.open(tmp_path / "tutor.db")
    run(store, "States choose.\n")
    code, out = run(store, "prudence\n", dialogue=None, resume=True)
    assert code == 0
    assert "You: States choose." in out  # the earlier turn, from the database
    assert "The dialogue is finished" in out and "Choice" in out
    assert store.sessions()[0].status == "finished"


def test_without_a_dialogue_the_learner_chooses_by_number(tmp_path, course):
    store = Store.open(tmp_path / "tutor.db")
    _, out = run(store, "7\n1\nStates choose.\n", dialogue=None)
    assert "1. A fake dialogue" in out and "Please type a number from 1 to 1" in out
    assert "What does self-limitation counsel?" in out


def test_unknown_dialogue_is_one_clear_line(tmp_path, course, capsys):
    code, _ = run(Store.open(tmp_path / "tutor.db"), "", dialogue="nope")
    assert code == 2
    assert capsys.readouterr().err == "tutor: error: unknown dialogue 'nope'; known: fake\n"


def test_a_huge_answer_is_refused_politely(tmp_path, course):
    store = Store.open(tmp_path / "tutor.db")
    code, out = run(store, "x" * 100_000 + "\n")
    assert code == 0 and "please keep it under" in out
    assert [t.kind for t in store.turns(1)] == ["start"]
