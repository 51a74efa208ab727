"""`TutorScreen`: a screen that knows its app is a `TutorApp` (Posting's pattern), so that
`self.app.store`, `self.app.course()` and the rest are typed where the screens use them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tutor.tui.app import TutorApp


class TutorScreen(Screen[None]):
    @property
    def app(self) -> TutorApp:  # type: ignore[override]
        return cast("TutorApp", super().app)
