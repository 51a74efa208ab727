"""The app's first minute: the learner may type before the tutor is ready. An answer sent while
the content loads, or while the checker is built, is shown at once marked as being read, and
answered as soon as the tutor can; nothing typed is lost or refused."""

from __future__ import annotations

import html
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


def on_screen(app) -> str:
    """The text of the terminal as drawn (from the screenshot, which writes spaces as &#160;)."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


@pytest.mark.parametrize("cached", [False, True], ids=["first start", "opening cached"])
async def test_a_frame_after_the_first_question_the_screen_has_all_it_shows(store, monkeypatch, cached):
    # The first frame holds the chat and the input; the header, the footer with its keys, the
    # progress bar and the mastery panel follow once the question is drawn.
    from textual.widgets import Footer, Header, ProgressBar

    from tutor.service.course import content_fingerprint
    from tutor.tui.widgets.panels import MasteryPanel

    fingerprint = content_fingerprint(None)
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse(fingerprint))
    for _ in range(2 if cached else 1):
        app = TutorApp(store, store.learner("ana"), dialogue="fake")
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            screen = on_screen(app)
            assert "Did Russia have a choice?" in screen and "Question 1 of 2" in screen
            assert app.screen.query(Header) and app.screen.query(Footer)
            assert all(key in screen for key in ("Hint", "Why?", "Skip", "Restart", "Help", "Quit"))
            mastery = app.screen.query_one(MasteryPanel)
            assert mastery.region.height and "Prudence and restraint" in str(mastery.render())
            assert app.screen.query_one(ProgressBar).total == 2
            await type_and_send(pilot, "States choose how to read each other.")
            await settle(pilot)
            assert "Question 2 of 2" in on_screen(app)
            assert app.screen.query_one(ProgressBar).progress == 1
            assert "Choice" in str(mastery.render())
            assert [c.id for c in app.screen.query_one("#side").children] == ["progress", "mastery", "map"]


async def test_garbage_is_collected_again_once_the_content_is_read(store, monkeypatch):
    # Start-up runs without cycle collection (tutor/tui/startup.py); a session must not.
    import gc

    from tutor.tui import startup

    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    startup.pause()  # as importing the package does in a fresh process
    try:
        app = TutorApp(store, store.learner("ana"), dialogue="fake")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert tutor_texts(app) == ["Did Russia have a choice?"]
            assert gc.isenabled()
    finally:
        startup.resume()
