"""Nothing the learner typed or saved is lost: a paste of several lines keeps every line (and says
so), and each Ctrl+S writes the transcript under a new name instead of over the last one."""

from __future__ import annotations

import json

import pytest
from test_tui_chat import learner_texts, say, settle, store  # noqa: F401  (store is a fixture)
from textual.events import Paste

from tutor.tui.app import TutorApp
from tutor.tui.widgets.chat import HistoryInput

PASTED = "Russia had a choice.\n\nIt read NATO as a threat,\r\nand it chose to invade.\n"


def recording_notices(app) -> list[str]:
    """Every message `app.notify` shows from now on."""
    shown, notify = [], app.notify

    def record(message, *args, **kwargs):
        shown.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = record
    return shown


@pytest.fixture
def app(store):  # noqa: F811
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    app.notices = recording_notices(app)
    return app


async def test_a_multi_line_paste_keeps_every_line_and_says_so(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(HistoryInput)
        box.value = "I think: "
        box.cursor_position = len(box.value)
        box.post_message(Paste(PASTED))
        await pilot.pause()
        assert box.value == "I think: Russia had a choice. It read NATO as a threat, and it chose to invade."
        assert any("3 lines" in n for n in app.notices)
        await pilot.press("enter")
        await settle(pilot)
        assert learner_texts(app) == ["I think: Russia had a choice. It read NATO as a threat, and it chose to invade."]


async def test_a_one_line_paste_goes_in_as_it_is(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = app.screen.query_one(HistoryInput)
        box.post_message(Paste("States choose."))
        await pilot.pause()
        assert box.value == "States choose."
        assert not any("lines" in n for n in app.notices)


async def test_ctrl_v_of_text_copied_from_the_chat_keeps_every_line(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.copy_to_clipboard("Did Russia\nhave a choice?")
        await pilot.press("ctrl+v")
        assert app.screen.query_one(HistoryInput).value == "Did Russia have a choice?"


async def test_each_save_writes_new_files_and_keeps_the_earlier_ones(app, tmp_path):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await say(pilot, "States choose how to read each other.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    folder = tmp_path / "transcripts"
    assert sorted(p.name for p in folder.iterdir()) == [
        "session-1-fake-2.json",
        "session-1-fake-2.md",
        "session-1-fake.json",
        "session-1-fake.md",
    ]
    first, second = (
        json.loads((folder / name).read_text()) for name in ("session-1-fake.json", "session-1-fake-2.json")
    )
    assert [t["kind"] for t in first["turns"]] == ["start"]  # the first save, as it was
    assert [t["kind"] for t in second["turns"]] == ["start", "answer"]
    assert "States choose" in (folder / "session-1-fake-2.md").read_text()
    assert "States choose" not in (folder / "session-1-fake.md").read_text()
    saved = [n for n in app.notices if n.startswith("Saved")]
    assert len(saved) == 2 and "session-1-fake-2.md" in saved[1]
