"""The app's first minute: the learner may type before the tutor is ready. An answer sent while
the content loads, or while the checker is built, is shown at once marked as being read, and
answered as soon as the tutor can; nothing typed is lost or refused."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from test_storage_recorder import FakeCourse
from test_tui_chat import learner_texts, settle, tutor_texts

from tutor.storage.database import Store
from tutor.tui import app as app_module
from tutor.tui.app import TutorApp
from tutor.tui.widgets.chat import ChatLog, HistoryInput, LearnerMessage, TutorMessage


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("TUTOR_KEYS", raising=False)
    store = Store.open(tmp_path / "tutor.db")
    yield store
    store.close()


async def type_and_send(pilot, text: str) -> None:
    pilot.app.screen.query_one(HistoryInput).value = text
    await pilot.press("enter")
    await pilot.pause()


def chat_order(app) -> list[str]:
    """Who spoke, in the order the chat shows it."""
    return ["you" if isinstance(m, LearnerMessage) else "tutor" for m in app.screen.query_one(ChatLog).children]


async def test_an_answer_sent_while_the_checker_is_built_waits_and_is_then_answered(store, monkeypatch):
    built = threading.Event()
    course = FakeCourse()
    course.checker = SimpleNamespace(warm=built.wait)  # the checker takes until the test says it is built
    monkeypatch.setattr(app_module, "load_course", lambda content: course)
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(100, 30)) as pilot:
        while not tutor_texts(app):
            await pilot.pause()
        await type_and_send(pilot, "States choose how to read each other.")
        await pilot.pause(0.2)
        message = app.screen.query_one(LearnerMessage)
        assert learner_texts(app) == ["States choose how to read each other."]
        assert "reading" in message.border_subtitle
        assert tutor_texts(app) == ["Did Russia have a choice?"]  # not answered yet
        built.set()
        await settle(pilot)
        assert tutor_texts(app)[1:] == [
            "Yes: states **choose** how to read others.",
            "What does self-limitation counsel?",
        ]
        assert not message.border_subtitle
    assert [t.kind for t in store.turns(1)] == ["start", "answer"]


async def test_answers_and_requests_sent_before_the_first_question_come_after_it_in_order(store, monkeypatch):
    loaded = threading.Event()
    monkeypatch.setattr(app_module, "load_course", lambda content: (loaded.wait(), FakeCourse())[1])
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_and_send(pilot, "Russia had no choice.")
        await pilot.press("f2")  # a hint, asked before anything is ready
        await type_and_send(pilot, "States choose.")
        await pilot.pause()
        assert learner_texts(app) == ["Russia had no choice.", "(asked for a hint)", "States choose."]
        assert all("reading" in m.border_subtitle for m in app.screen.query(LearnerMessage))
        assert not tutor_texts(app)
        loaded.set()
        await settle(pilot)
        assert chat_order(app) == ["tutor", "you", "tutor", "you", "tutor", "you", "tutor", "tutor"]
        assert tutor_texts(app)[0] == "Did Russia have a choice?"
        assert tutor_texts(app)[-1] == "What does self-limitation counsel?"
        assert not any(m.border_subtitle for m in app.screen.query(LearnerMessage))
    assert [t.kind for t in store.turns(1)] == ["start", "answer", "hint", "answer"]


async def test_tutor_messages_are_drawn_plain_until_markdown_is_loaded_then_as_markdown(store, monkeypatch):
    from textual.widgets import Markdown, Static

    from tutor.tui.screens import chat as chat_screen
    from tutor.tui.widgets import chat as chat_widgets

    loaded = threading.Event()
    monkeypatch.setattr(chat_widgets, "markdown_widget", None)  # as in a fresh process
    monkeypatch.setattr(chat_screen, "load_markdown", lambda: (loaded.wait(), chat_widgets.load_markdown()))
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_and_send(pilot, "States choose how to read each other.")
        while len(tutor_texts(app)) < 3:
            await pilot.pause()
        feedback = app.screen.query(TutorMessage)[1]
        assert str(feedback.query_one(Static).render()) == "Yes: states choose how to read others."  # no ** shown
        loaded.set()
        await settle(pilot)
        for message in app.screen.query(TutorMessage):
            assert [type(child) for child in message.children] == [Markdown]
        assert feedback.query_one(Markdown).source == "Yes: states **choose** how to read others."


async def test_enter_typed_while_the_app_starts_sends_the_answer(store, monkeypatch):
    # The terminal is in line mode until the app starts: an Enter typed then arrives as a newline (ctrl+j).
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"no choice", "ctrl+j")
        await settle(pilot)
        assert learner_texts(app) == ["no choice"]
        assert app.screen.query_one(HistoryInput).value == ""
