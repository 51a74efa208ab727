"""A first-time start's opening, worked out in a forked process while the screen starts."""

from __future__ import annotations

import sys

import pytest
from test_storage_recorder import FakeCourse
from test_tui_chat import settle, tutor_texts

from tutor.assessment.cache import ENV_CACHE_DIR
from tutor.service.recorder import content_fingerprint, load_course, reply_moves
from tutor.storage.database import Store
from tutor.tui import app as app_module
from tutor.tui.app import TutorApp
from tutor.tui.preview import OpeningPreview

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preview forks only on Linux")


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    yield store
    store.close()


@linux_only
def test_the_forked_child_says_what_a_fresh_session_says_first(store):
    preview = OpeningPreview.start(store, None, "no-choice")
    reply = load_course(None).new_session("no-choice").start()
    assert preview.result() == (reply_moves(reply), tuple(reply.progress))
    preview.reap()


@linux_only
def test_the_child_then_leaves_the_compiled_checker_in_the_cache(store, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))
    preview = OpeningPreview.start(store, None, "no-choice")
    assert preview.result() is not None
    assert not list((tmp_path / "cache").glob("checker-*.pickle"))  # not before the app has drawn the question
    preview.release()
    preview.wait()
    assert list((tmp_path / "cache").glob("checker-*.pickle"))  # the app's first answer reads it, not compiles it


@linux_only
def test_a_child_that_cannot_read_the_dialogue_gives_nothing_and_the_app_reports_it_itself(store):
    preview = OpeningPreview.start(store, None, "no-such-dialogue")
    assert preview.result() is None
    preview.reap()


def test_no_child_when_the_opening_is_cached(store):
    store.remember_opening(
        "no-choice", content_fingerprint(None), [{"type": "question", "text": "Q?", "ref": ""}], (1, 3)
    )
    assert OpeningPreview.start(store, None, "no-choice") is None


class Ready:
    """A preview whose child has finished: the fake dialogue's opening."""

    def result(self):
        return [{"type": "question", "text": "Did Russia have a choice?", "ref": ""}], (1, 2)

    def release(self):
        pass

    def wait(self):
        pass


async def test_the_app_asks_the_previewed_question_then_opens_the_session_without_redrawing_it(store, monkeypatch):
    monkeypatch.setattr(app_module, "load_course", lambda content: FakeCourse())
    app = TutorApp(store, store.learner("ana"), dialogue="fake", preview=Ready())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.screen.query("TutorMessage").first()
        assert tutor_texts(app) == ["Did Russia have a choice?"]
        assert app.screen.recorder is not None  # the real session is open behind it
        await pilot.pause()
        assert app.screen.query("TutorMessage").first() is first  # not drawn twice
