"""The screens' header: closing the app while it mounts ends cleanly, not in a traceback."""

import asyncio

from textual.app import App
from textual.widgets._header import HeaderTitle

from tutor.tui.widgets.header import Header


async def test_a_title_update_queued_as_the_header_loses_its_title_does_not_fail_the_app():
    # What the app meets when it exits while the header is still mounting (a session held by another
    # tutor is reported at once): a title update is queued and the header's title is already gone.
    class Closing(App):
        async def on_mount(self) -> None:
            await self.mount(Header())
            await self.query_one(HeaderTitle).remove()
            self.title = "changed"
            await asyncio.sleep(0.05)
            self.exit(return_code=3)

    app = Closing()
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code == 3  # Textual's own Header ends this run with NoMatches
