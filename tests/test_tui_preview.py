"""A first-time start's opening, worked out in a forked process while the screen starts."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest
from test_storage_recorder import FakeCourse
from test_tui_chat import settle, tutor_texts

from tutor.assessment.cache import ENV_CACHE_DIR
from tutor.service.course import load_course, reply_moves, run_event
from tutor.storage.database import Store
from tutor.tui import app as app_module
from tutor.tui.app import TutorApp
from tutor.tui.preview import SessionPreview
from tutor.tui.widgets.chat import HistoryInput

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preview forks only on Linux")


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    yield store
    store.close()


ANSWER = "Russia had no choice, NATO forced it to invade."


@linux_only
def test_the_forked_child_says_what_a_fresh_session_says_first():
    preview = SessionPreview.start(None, "no-choice")
    reply = load_course(None).new_session("no-choice").start()
    assert preview.result() == (reply_moves(reply), tuple(reply.progress))
    preview.reap()


@linux_only
def test_the_child_answers_each_event_as_a_fresh_session_would():
    preview = SessionPreview.start(None, "no-choice")
    session = load_course(None).new_session("no-choice")
    session.start()
    for kind, text in (("answer", ANSWER), ("hint", ""), ("answer", "yes"), ("why", "")):
        assert preview.ask(kind, text) == reply_moves(run_event(session, kind, text)), kind
    preview.reap()


@linux_only
def test_the_opening_can_be_awaited_for_the_first_frame_then_read():
    preview = SessionPreview.start(None, "no-choice")
    assert preview.arrived(10.0)  # the child sends it within a moment
    assert preview.result() is not None
    assert preview.arrived(0.0)  # once read, it is at hand
    preview.reap()


@linux_only
def test_a_returning_start_skips_the_opening_it_has_already_drawn():
    preview = SessionPreview.start(None, "no-choice")  # result() never read: the opening was cached
    session = load_course(None).new_session("no-choice")
    session.start()
    assert preview.ask("answer", ANSWER) == reply_moves(session.answer(ANSWER))
    preview.reap()


@linux_only
def test_once_stopped_the_child_answers_nothing_and_leaves_the_checker_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))
    preview = SessionPreview.start(None, "no-choice")
    assert preview.result() is not None
    preview.wait()
    assert preview.ask("answer", ANSWER) is None  # the app's own session answers from now on
    assert list((tmp_path / "cache").glob("checker-*.pickle"))  # which reads the checker, not compiles it


@linux_only
def test_an_app_closed_right_after_an_early_answer_still_leaves_the_checker_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))
    preview = SessionPreview.start(None, "no-choice")
    assert preview.ask("answer", ANSWER) is not None
    preview.reap()  # the learner quits at once: the next start reads the checker, not compiles it
    assert list((tmp_path / "cache").glob("checker-*.pickle"))


@linux_only
def test_a_child_that_does_not_end_is_killed_when_the_app_closes():
    preview = SessionPreview.start(None, "no-choice")
    assert preview.result() is not None
    os.kill(preview.pid, signal.SIGSTOP)  # it will never read that no more events come
    preview.reap(grace=0.2)
    assert preview.done
    with pytest.raises(ChildProcessError):
        os.waitpid(preview.pid, os.WNOHANG)  # collected: nothing is left behind


@linux_only
def test_a_child_that_cannot_read_the_dialogue_gives_nothing_and_the_app_reports_it_itself():
    preview = SessionPreview.start(None, "no-such-dialogue")
    assert preview.result() is None
    assert preview.ask("answer", ANSWER) is None
    preview.reap()


@linux_only
def test_a_child_that_died_answers_nothing():
    preview = SessionPreview.start(None, "no-choice")
    os.kill(preview.pid, signal.SIGKILL)
    assert preview.ask("answer", ANSWER) is None
    preview.reap()


class Ready:
    """A preview whose child has the fake dialogue's opening, and answers as `replies` says."""

    def __init__(self, replies=None, in_time=True):
        self.replies = replies or {}
        self.asked: list[tuple[str, str]] = []
        self.in_time = in_time  # the opening is there when the first frame is composed

    def arrived(self, timeout):
        return self.in_time

    def result(self):
        return [{"type": "question", "text": "Did Russia have a choice?", "ref": ""}], (1, 2)

    def ask(self, kind, text=""):
        self.asked.append((kind, text))
        return self.replies.get(text)

    def wait(self):
        pass


@pytest.mark.parametrize("in_time", [True, False], ids=["in the first frame", "after it"])
async def test_the_app_asks_the_previewed_question_then_opens_the_session_without_redrawing_it(
    store, monkeypatch, in_time
):
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    app = TutorApp(store, store.learner("ana"), dialogue="fake", preview=Ready(in_time=in_time))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen.query("TutorMessage").first()
        assert tutor_texts(app) == ["Did Russia have a choice?"]
        assert app.screen.recorder is not None  # the real session is open behind it
        await pilot.pause()
        assert app.screen.query("TutorMessage").first() is first  # not drawn twice
        await furnished(pilot)


class Slow(FakeCourse):
    """The fake course, whose loading waits until the test lets it go (the app's own session opens late)."""

    def __init__(self, gate: threading.Event):
        super().__init__()
        gate.wait(10)


CHALLENGE = "If Russia truly had *no choice*, would there be a dilemma at all?"


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds, however slow the machine (at most `seconds`)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)


async def furnished(pilot) -> None:
    """Until the screen is furnished (FURNISH_AFTER past the first frame on a fresh start): a test
    that ended while Textual mounts the header would close the app under it."""
    await until(pilot, lambda: pilot.app.screen.headed)
    assert pilot.app.screen.headed


async def send(pilot, text: str) -> None:
    """Type `text` in the answer box and press Enter, whether or not the session is open yet."""
    await pilot.pause()
    pilot.app.screen.query_one(HistoryInput).value = text
    await pilot.press("enter")


async def open_late(store, monkeypatch, preview):
    """An app whose content loads only once `gate` is set: the forked child's replies come first."""
    gate = threading.Event()
    monkeypatch.setattr(app_module, "load_course", lambda content: Slow(gate))
    return TutorApp(store, store.learner("ana"), dialogue="fake", preview=preview), gate


async def test_an_answer_typed_before_the_session_opens_is_answered_by_the_child_then_kept(store, monkeypatch):
    preview = Ready({"no choice": [{"type": "challenge", "text": CHALLENGE, "ref": ""}]})
    app, gate = await open_late(store, monkeypatch, preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "no choice")
        await until(pilot, lambda: len(tutor_texts(app)) == 2)
        assert app.screen.recorder is None  # the session is not open yet: the child answered
        assert tutor_texts(app) == ["Did Russia have a choice?", CHALLENGE]
        early = app.screen.query("TutorMessage").last()
        gate.set()
        await settle(pilot)
        assert app.screen.recorder is not None
        assert tutor_texts(app) == ["Did Russia have a choice?", CHALLENGE]
        assert app.screen.query("TutorMessage").last() is early  # the session said the same: not drawn twice
        assert [t.kind for t in store.turns(app.screen.recorder.session_id)] == ["start", "answer"]  # and stored
        await furnished(pilot)


async def test_where_the_child_said_otherwise_the_session_s_own_reply_replaces_it(store, monkeypatch):
    preview = Ready({"no choice": [{"type": "feedback", "text": "Something else entirely.", "ref": ""}]})
    app, gate = await open_late(store, monkeypatch, preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "no choice")
        await until(pilot, lambda: len(tutor_texts(app)) == 2)
        assert tutor_texts(app)[-1] == "Something else entirely."
        gate.set()
        await settle(pilot)
        assert tutor_texts(app) == ["Did Russia have a choice?", CHALLENGE]
        await furnished(pilot)


async def test_events_the_child_cannot_answer_wait_for_the_session(store, monkeypatch):
    preview = Ready()  # it answers nothing (it failed)
    app, gate = await open_late(store, monkeypatch, preview)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "no choice")
        await until(pilot, lambda: preview.asked)
        await pilot.pause(0.1)
        assert tutor_texts(app) == ["Did Russia have a choice?"]
        assert preview.asked == [("answer", "no choice")]  # asked once, then left to the session
        gate.set()
        await settle(pilot)
        assert tutor_texts(app) == ["Did Russia have a choice?", CHALLENGE]
        await furnished(pilot)


async def test_quitting_right_after_the_childs_reply_first_stores_the_turn(store, monkeypatch):
    preview = Ready({"no choice": [{"type": "challenge", "text": CHALLENGE, "ref": ""}]})
    app, gate = await open_late(store, monkeypatch, preview)
    learner = store.learner("ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "no choice")
        await until(pilot, lambda: len(tutor_texts(app)) == 2)
        await pilot.press("ctrl+q")  # the learner has a reply, but the session here has stored nothing yet
        await pilot.pause(0.1)
        assert app.is_running
        gate.set()
        await until(pilot, lambda: not app.is_running)
        assert not app.is_running
    info = store.last_unfinished(learner)
    assert [(t.kind, t.text) for t in store.turns(info.id)] == [("start", ""), ("answer", "no choice")]


@pytest.mark.parametrize("session_first", [True, False], ids=["session first", "header first"])
async def test_the_sessions_title_reaches_the_header_whichever_is_ready_first(store, monkeypatch, session_first):
    app, gate = await open_late(store, monkeypatch, Ready())
    if session_first:
        gate.set()
    async with app.run_test(size=(100, 30)) as pilot:
        await furnished(pilot)
        assert app.screen.query("HeaderTitle")
        gate.set()
        await settle(pilot)
        assert app.screen.recorder is not None
        assert app.screen.sub_title == "A fake dialogue"
        assert "A fake dialogue" in str(app.screen.query_one("HeaderTitle").render())
