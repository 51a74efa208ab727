"""The Textual app driven as a learner would (App.run_test), against a fake two-question session."""

from __future__ import annotations

import json

import pytest
from test_storage_recorder import FakeCourse

from tutor.storage.database import Store
from tutor.tui import app as app_module
from tutor.tui.app import TutorApp
from tutor.tui.screens.chat import ChatScreen
from tutor.tui.widgets.chat import ChatLog, HistoryInput, LearnerMessage, TutorMessage
from tutor.tui.widgets.panels import ArgumentMap, MasteryPanel, ProgressPanel

TRICKY = ["[bold]x[/bold]", "a [/b] b", "[@click=app.quit]x[/]", "\x1b[31mred\x1b[0m", "🙂 émoji 😀"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    monkeypatch.delenv("TUTOR_KEYS", raising=False)
    store = Store.open(tmp_path / "tutor.db")
    yield store
    store.close()


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def say(pilot, text: str) -> None:
    pilot.app.screen.query_one(HistoryInput).value = text
    await pilot.press("enter")
    await settle(pilot)


def tutor_texts(app) -> list[str]:
    return [m.source for m in app.screen.query(TutorMessage)]


def learner_texts(app) -> list[str]:
    return [str(m.render()) for m in app.screen.query(LearnerMessage)]


async def test_a_whole_chat_then_resume(store, tmp_path):
    learner = store.learner("ana")
    app = TutorApp(store, learner, dialogue="fake")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert tutor_texts(app) == ["Did Russia have a choice?"]
        assert "Question 1 of 2" in str(app.screen.query_one("#progress-label").render())
        await say(pilot, "Russia had no choice, NATO forced it to invade.")
        assert app.screen.query(TutorMessage)[-1].move_type == "challenge"
        await pilot.press("f2")  # hint
        await settle(pilot)
        assert "Think about who *reads* the threat." in tutor_texts(app)
        await pilot.press("f3")  # why
        await settle(pilot)
        assert tutor_texts(app)[-1] == "I judged your last answer: misconception."
        await say(pilot, "States choose how to read each other.")
        assert "Question 2 of 2" in str(app.screen.query_one("#progress-label").render())
        assert "Choice" in str(app.screen.query_one(MasteryPanel).render())
        assert "✓ Choice" in str(app.screen.query_one(ArgumentMap).nodes["choice"].label)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
    saved = json.loads((tmp_path / "transcripts" / "session-1-fake.json").read_text())
    assert [t["kind"] for t in saved["turns"]] == ["start", "answer", "hint", "why", "answer"]
    assert (tmp_path / "transcripts" / "session-1-fake.md").exists()

    again = TutorApp(store, learner, resume=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert learner_texts(again) == [
            "Russia had no choice, NATO forced it to invade.",
            "(asked for a hint)",
            "(asked why)",
            "States choose how to read each other.",
        ]
        assert tutor_texts(again)[-1] == "What does self-limitation counsel?"
        await say(pilot, "prudence")
        assert again.screen.query_one(ProgressPanel).query_one("#progress-label").render().plain == "Finished"
        assert again.screen.query_one(HistoryInput).disabled
    assert store.sessions()[0].status == "finished"


async def test_learner_text_is_shown_literally_and_triggers_nothing(store):
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        for text in TRICKY:
            await say(pilot, f"{text} no choice")  # stays on question 1: the fake challenges each time
        assert app.is_running  # [@click=app.quit] did not quit
        shown = learner_texts(app)
        assert shown[0] == "[bold]x[/bold] no choice"
        assert shown[1] == "a [/b] b no choice"
        assert shown[2] == "[@click=app.quit]x[/] no choice"
        assert shown[3] == "␛[31mred␛[0m no choice"
        assert shown[4] == "🙂 émoji 😀 no choice"
        # Rendered on screen, with no style taken from the text.
        for message in app.screen.query(LearnerMessage):
            assert not message.render().spans
        app.screen.query_one(HistoryInput).value = "a [/b] b" * 1000
        await pilot.press("enter")
        await settle(pilot)
        assert len(learner_texts(app)) == len(TRICKY)  # the 8000-character answer was refused, not sent
        screen = app.export_screenshot()  # what the terminal shows
        assert "[@click=app.quit]x[/]" in screen and "␛[31mred␛[0m" in screen and "\x1b" not in screen


async def test_input_history_walks_back_through_answers(store):
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test() as pilot:
        await settle(pilot)
        await say(pilot, "no choice one")
        await say(pilot, "no choice two")
        box = app.screen.query_one(HistoryInput)
        await pilot.press("up")
        assert box.value == "no choice two"
        await pilot.press("up", "up")
        assert box.value == "no choice one"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_panels_fold_away_when_narrow_and_come_back_on_request(store):
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        side, chat = app.screen.query_one("#side"), app.screen.query_one("#chat")
        assert not side.display and chat.display
        await pilot.press("ctrl+b")
        assert side.display and not chat.display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert chat.display and isinstance(app.focused, HistoryInput)  # typing goes to the answer again
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert side.display and chat.display


async def test_picker_offers_resume_then_dialogues(store):
    learner = store.learner("ana")
    app = TutorApp(store, learner)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the only dialogue
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        await say(pilot, "States choose.")
    app = TutorApp(store, learner)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")  # first option: resume
        await settle(pilot)
        assert tutor_texts(app)[-1] == "What does self-limitation counsel?"
        assert app.screen.query(ChatLog)


async def test_restart_asks_first_and_keeps_the_old_session(store):
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test() as pilot:
        await settle(pilot)
        await say(pilot, "States choose.")
        await pilot.press("f5")
        await pilot.press("n")
        await settle(pilot)
        assert len(store.sessions()) == 1
        await pilot.press("f5")
        await pilot.press("y")
        await settle(pilot)
        assert tutor_texts(app) == ["Did Russia have a choice?"]
    assert [s.status for s in store.sessions()] == ["active", "abandoned"]


async def test_help_and_palette_list_every_binding_by_id(store):
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from tutor.tui.commands import described_bindings

        ids = {a.binding.id for a in described_bindings(app.screen)}
        assert {"hint", "why", "skip", "restart", "save_transcript", "toggle_panels", "help", "quit"} <= ids
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")


async def test_keys_can_be_remapped_by_id(store, monkeypatch):
    monkeypatch.setenv("TUTOR_KEYS", "hint=f9")
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.query(TutorMessage)[-1].move_type == "hint"


async def test_the_opening_is_cached_for_the_next_start_and_never_shown_twice(store, monkeypatch):
    from tutor.service.course import content_fingerprint

    fingerprint = content_fingerprint(None)
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse(fingerprint))
    for _ in range(2):
        app = TutorApp(store, store.learner("ana"), dialogue="fake")
        async with app.run_test() as pilot:
            await settle(pilot)
            assert tutor_texts(app) == ["Did Russia have a choice?"]
    assert store.opening("fake", fingerprint)[0][0]["text"] == "Did Russia have a choice?"
    assert store.opening("fake", "another version of the content") is None
