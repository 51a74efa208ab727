"""Start-up without cycle collection.

From `import tutor.tui` (the first step of opening the app) until the first screen the learner
reads is drawn, Python's cycle collector is paused: start-up builds tens of thousands of objects
(Textual's modules, the screen) that live as long as the app and frees almost none, so each
collection would only walk what was just made, a tenth of the start-up's CPU. The app resumes
it once that screen is drawn, or when it closes before (see TutorApp.started). No Textual here.
"""

from __future__ import annotations

import gc

_paused = False  # paused here (not by someone else, whose choice stays theirs)


def pause() -> None:
    global _paused  # noqa: PLW0603  (one switch for the process, as the collector is)
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused  # noqa: PLW0603
    if _paused:
        _paused = False
        gc.enable()
