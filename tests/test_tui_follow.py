"""The chat follows new messages, unless the learner has scrolled up to read: then it stays put
and a "new messages" marker says what arrived below; its key or a click jumps to them."""

from __future__ import annotations

from test_tui_chat import say, settle, store  # noqa: F401  (store is a fixture)

from tutor.tui.app import TutorApp
from tutor.tui.widgets.chat import ChatLog, LearnerMessage, NewMessages


def screen_lines(app) -> list[str]:
    """The terminal's lines as the learner reads them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def marker(app) -> NewMessages:
    return app.screen.query_one(NewMessages)


async def scrolled_up(pilot) -> ChatLog:
    """A chat taller than the screen, with the learner a page up from the bottom."""
    await settle(pilot)
    for n in range(4):
        await say(pilot, f"no choice, really ({n})")  # the fake challenges each: two messages a turn
    log = pilot.app.screen.query_one(ChatLog)
    assert log.max_scroll_y > 0 and log.scroll_y == log.max_scroll_y  # followed so far
    await pilot.press("pageup")
    await pilot.pause()
    return log


async def test_reading_back_keeps_the_place_and_shows_a_marker_that_jumps_to_the_new_messages(store):  # noqa: F811
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        log = await scrolled_up(pilot)
        place = log.scroll_y
        assert place < log.max_scroll_y

        await say(pilot, "no choice, once more")  # the learner's answer and the tutor's challenge arrive below
        await pilot.pause()
        assert log.scroll_y == place  # not yanked away from what the learner reads
        assert marker(app).display
        assert "2 new messages below" in str(marker(app).label)
        assert any("2 new messages below" in line for line in screen_lines(app))

        await pilot.press("ctrl+end")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not marker(app).display

        await pilot.press("pageup")
        await say(pilot, "no choice, and again")
        assert marker(app).display
        await pilot.click(NewMessages)
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not marker(app).display

        # Following again: the next reply is shown, with no marker.
        await say(pilot, "no choice, still")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not marker(app).display
        assert log.query(LearnerMessage)[-1].region.bottom <= log.region.bottom  # the newest answer is in view


async def test_scrolling_back_down_by_hand_clears_the_marker(store):  # noqa: F811
    app = TutorApp(store, store.learner("ana"), dialogue="fake")
    async with app.run_test(size=(80, 24)) as pilot:
        log = await scrolled_up(pilot)
        await say(pilot, "no choice, once more")
        assert marker(app).display
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert not marker(app).display
