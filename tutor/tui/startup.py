"""Start-up without cycle collection.

From `import tutor.tui` (the first step of opening the app) until the content is read, Python's
cycle collector is paused: start-up builds tens of thousands of objects (Textual's modules, the
screen, the content's models) that live as long as the app and frees almost none, so each
collection would only walk what was just made: a tenth of the CPU before the first question, a
fifth to a third of reading the content. The app resumes it once the content is read, or when
it closes before (see TutorApp.course). No Textual here.
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
