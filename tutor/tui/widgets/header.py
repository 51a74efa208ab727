"""The screens' header: Textual's, made safe to close the app while it is being mounted."""

from __future__ import annotations

from contextlib import suppress

from textual import events, widgets
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets._header import HeaderTitle  # Textual exports no name for the title it shows


class Header(widgets.Header):
    """Textual's Header, whose title watchers tolerate its title being gone. Textual's catch NoScreen
    only: when the app exits while the header mounts (a session held by another tutor is reported at
    once), a queued title update found no HeaderTitle and the exit ended in a traceback."""

    def _on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # instead of Textual's watchers (and Widget's, which only sets scrollbars)

        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        for owner in (self.app, self.screen):
            self.watch(owner, "title", set_title)
            self.watch(owner, "sub_title", set_title)
