"""TutorApp: the Textual tutor. `tutor` opens it (see tutor/cli/app.py).

The first screen draws at once; the content (dialogues, rule base) loads on the engine
thread meanwhile, and the answer checker is compiled after the first question is shown.
One engine thread runs every dialogue call in order, so the checker is only ever used
from one thread and the screen never waits on it.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from rich.console import RenderableType
from textual.app import App
from textual.binding import Binding

from tutor.service.course import Course, load_course
from tutor.storage.database import Store
from tutor.tui import startup
from tutor.tui.preview import SessionPreview
from tutor.tui.screens.chat import ChatScreen
from tutor.tui.screens.picker import PickerScreen

ENV_KEYS = "TUTOR_KEYS"  # remap keys by binding id: "hint=ctrl+t,why=f7"
QUIT_WAIT = 10.0  # seconds Ctrl+Q waits for the turns still being answered to be stored
SAVED = "Your progress is saved. `tutor --resume` continues where you left off."


def tutor_commands():
    """The palette's provider, imported when the palette first opens (as Textual does for its own)."""
    from tutor.tui.commands import TutorCommands

    return TutorCommands


class TutorApp(App[None]):
    """Choose a dialogue (or resume one), then learn by answering the tutor's questions."""

    TITLE = "tutor"
    SUB_TITLE = "the security dilemma"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {tutor_commands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="How to use the tutor, and every key"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit",
            priority=True,
            tooltip="Leave the tutor; your progress is already saved",
        ),
    ]

    def __init__(
        self,
        store: Store,
        learner_id: int,
        content: list[Path] | None = None,
        dialogue: str | None = None,
        resume: bool = False,
        preview: SessionPreview | None = None,
    ):
        super().__init__()
        self.preview = preview  # the first turns of `dialogue`, worked out in a forked process
        self.store = store
        self.learner_id = learner_id
        self.content = content
        self.start_dialogue = dialogue
        self.start_resume = resume
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-engine")
        self._course: asyncio.Future[Course] | None = None
        self._first_frame: list | None = []  # callbacks waiting for the first frame; None once drawn
        self.quitting = False  # the app is closing (Ctrl+Q, or an error): nothing more is mounted

    def on_mount(self) -> None:
        self.apply_keymap(os.environ.get(ENV_KEYS, ""))
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", markup=False, timeout=15)
        if self.start_resume:
            unfinished = self.store.last_unfinished(self.learner_id)
            if unfinished is not None:
                self.push_screen(ChatScreen(resume=unfinished))
                return
            self.notify("There is no unfinished session to resume; choose a dialogue.")
        self.push_screen(ChatScreen(dialogue_id=self.start_dialogue) if self.start_dialogue else PickerScreen())

    def on_ready(self) -> None:
        waiting, self._first_frame = self._first_frame or [], None
        for callback in waiting:
            self.call_after_refresh(callback)

    def after_first_frame(self, callback) -> None:
        """Call `callback` once the screen as it stands is drawn. (While the app starts, Textual
        holds every frame back and runs `call_after_refresh` callbacks at once: work meant for
        after the first question would delay it.)"""
        if self._first_frame is None:
            self.call_after_refresh(callback)
        else:
            self._first_frame.append(callback)

    def exit(self, result: None = None, return_code: int = 0, message: RenderableType | None = None) -> None:
        """Close the app, by any path (Ctrl+Q, or an error such as a session held elsewhere): nothing
        more is mounted from now on (Textual's Header fails if it is mounted as the app closes)."""
        self.quitting = True
        super().exit(result, return_code, message)

    def on_unmount(self) -> None:
        startup.resume()  # in case it closes before the content is read
        self.engine.shutdown(wait=False, cancel_futures=True)

    def in_engine(self, function, *args) -> asyncio.Future:
        """Run `function(*args)` on the engine thread; await the result."""
        return asyncio.get_running_loop().run_in_executor(self.engine, partial(function, *args))

    def course(self) -> asyncio.Future[Course]:
        """The loaded content (awaitable; loaded once)."""
        if self._course is None:
            self._course = asyncio.ensure_future(self.in_engine(load_course, self.content))
            # Reading the content is start-up's last big build of lasting objects (see startup.py).
            self._course.add_done_callback(lambda _: startup.resume())
        return self._course

    def warm_checker(self, course: Course) -> None:
        """Compile the answer checker now, while the learner reads; a failure shows on the first answer."""
        self.run_worker(self.in_engine(course.checker.warm), group="warm", exit_on_error=False)

    def apply_keymap(self, spec: str) -> None:
        """Remap bindings by id from `id=key,id=key` (the learner's $TUTOR_KEYS)."""
        keymap, bad = {}, []
        for item in filter(None, (part.strip() for part in spec.split(","))):
            ident, _, keys = (s.strip() for s in item.partition("="))
            if ident and keys:
                keymap[ident] = keys
            else:
                bad.append(item)
        if bad:
            self.notify(
                f"${ENV_KEYS}: ignored {', '.join(bad)} (write id=key, e.g. hint=ctrl+t)",
                severity="warning",
                markup=False,
            )
        if keymap:
            self.set_keymap(keymap)

    def action_help(self) -> None:
        from tutor.tui.commands import described_bindings
        from tutor.tui.screens.dialogs import HelpScreen  # the help needs Markdown: not loaded at start-up

        keys = [
            (self.get_key_display(a.binding), a.binding.description, a.binding.tooltip, a.binding.id)
            for a in described_bindings(self.screen)
        ]
        self.push_screen(HelpScreen(keys))

    async def action_quit(self) -> None:
        """Quit once everything the learner has sent is answered and stored (an answer typed at once
        may have been answered by the forked child before the session here was open to store it)."""
        self.quitting = True
        screen = self.screen
        if isinstance(screen, ChatScreen) and screen.waiting:
            self.notify("Saving what you sent before quitting…", timeout=QUIT_WAIT)
            self.run_worker(self.quit_when_stored(screen), group="quit", exclusive=True)
        else:
            self.exit(message=SAVED)

    async def quit_when_stored(self, screen: ChatScreen) -> None:
        await screen.stored(QUIT_WAIT)
        self.exit(message=SAVED if not screen.waiting else "Quit before your last turn could be saved.")
