"""Dialogs at 80x24: their text wraps inside the box and nothing is cut off (long text scrolls)."""

from __future__ import annotations

import re

from test_tui_chat import settle, store  # noqa: F401  (store is a fixture)
from test_tui_follow import screen_lines

from tutor.tui.app import TutorApp
from tutor.tui.screens.dialogs import ConfirmScreen


def shown_text(app) -> str:
    """Everything on screen as one line of words (box borders dropped), to find wrapped sentences in."""
    return " ".join(re.sub(r"[│╭╮╰╯─▊▎▔▁]", " ", "\n".join(screen_lines(app))).split())


async def open_dialog(pilot, key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()


async def test_the_restart_question_is_shown_whole_at_80x24(store):  # noqa: F811
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "f5")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question in shown_text(app)
        assert "Yes (y)" in shown_text(app) and "No (n)" in shown_text(app)


async def test_a_long_question_wraps_and_scrolls_with_its_buttons_in_view(store):  # noqa: F811
    question = " ".join(f"word{n}" for n in range(250))  # about 25 lines at 80 columns
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        answers = []
        app.push_screen(ConfirmScreen(question), answers.append)
        await pilot.pause()
        box = app.screen.query_one("#confirm-box")
        assert box.region.width <= 80 and app.screen.region.contains_region(box.region)
        for button in ("#yes", "#no"):
            assert box.region.contains_region(app.screen.query_one(button).region)
        text = app.screen.query_one("#confirm-text")
        assert text.max_scroll_x == 0  # wrapped, never wider than the box
        assert "word0 word1" in shown_text(app)
        text.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "word248 word249" in shown_text(app)  # the end is reachable
        await pilot.press("n")
        assert answers == [False]


async def test_the_help_wraps_every_key_at_80x24(store):  # noqa: F811
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, "f1")
        body = app.screen.query_one("#help-body")
        assert body.region.width <= 80
        assert body.max_scroll_x == 0  # nothing wider than the box
        seen = set()
        for _ in range(20):  # page through the help, reading as we go
            seen.add(shown_text(app))
            await pilot.press("pagedown")
        everything = " ".join(seen)
        for tooltip in (
            "Ask for a hint on the current question",
            "Jump to the newest message; the chat follows new messages again",
        ):
            assert tooltip in everything
