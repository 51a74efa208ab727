"""The chat: learner and tutor messages in a log that follows new ones, and an input with history.

The learner's words are data, never markup: a `LearnerMessage` is a Static with markup off,
and control characters (an ANSI escape, say) are shown as visible symbols. Tutor messages
are authored Markdown, drawn with Textual's Markdown widget. That widget (and markdown-it
and pygments behind it) is a quarter of Textual's own import time, so the first screen
draws without it: until `load_markdown()` has run, a tutor message shows its text plain,
and `ChatLog.render_markdown()` redraws them once it has.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Paste
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from tutor.surfaces.display import visible

if TYPE_CHECKING:
    from textual.widgets import Markdown

# How a learner's request (not an answer) appears in the chat.
REQUESTS = {
    "hint": "(asked for a hint)",
    "why": "(asked why)",
    "skip": "(skipped the question)",
    "repeat": "(asked to hear the question again)",
}


class LearnerMessage(Static):
    """What the learner typed, shown literally. Its subtitle says while the tutor has not answered it yet."""

    def __init__(self, text: str):
        super().__init__(visible(text), markup=False)
        self.border_title = "You"

    def waiting(self, note: str = "the tutor is reading this…") -> None:
        """Mark the message as sent but not answered yet ("" when answered)."""
        self.border_subtitle = note
        self.set_class(bool(note), "-waiting")


EMPHASIS = re.compile(r"(\*\*|\*|`)(\S(?:.*?\S)?)\1")  # **strong**, *emphasis*, `code`: shown plain before Markdown
markdown_widget: type[Markdown] | None = None  # textual.widgets.Markdown, once load_markdown() has imported it


def load_markdown() -> None:
    """Import the Markdown widget (slow: run it off the UI thread, after the first screen)."""
    global markdown_widget  # noqa: PLW0603  (one switch, set once, read by every TutorMessage)
    markdown_widget = import_module("textual.widgets").Markdown


class TutorMessage(Widget):
    """One tutor move (question, hint, challenge...): its Markdown `source`, styled by its move type."""

    def __init__(self, move_type: str, text: str):
        super().__init__(classes=f"-{move_type}")
        self.move_type = move_type
        self.source = text
        self.border_title = "Tutor" if move_type == "question" else f"Tutor · {move_type}"

    def compose(self) -> ComposeResult:
        if markdown_widget is None:
            yield Static(EMPHASIS.sub(r"\2", self.source), markup=False)
        else:
            yield markdown_widget(self.source)

    async def render_markdown(self) -> None:
        """Draw the text as Markdown, if it was drawn plain."""
        if markdown_widget is not None and not self.query_children(markdown_widget):
            await self.remove_children()
            await self.mount(markdown_widget(self.source))


def tutor_message(move) -> TutorMessage:
    """A tutor move, given as a Move or as a stored dict with `type` and `text`."""
    kind, text = (move["type"], move["text"]) if isinstance(move, dict) else (move.type, move.text)
    return TutorMessage(kind, text)


class ChatLog(VerticalScroll):
    """The conversation. Anchored: it follows new messages until the learner scrolls up to read.

    `unseen` counts the messages added below while the learner reads further up; it drops to 0
    when they are back at the bottom.
    """

    unseen: reactive[int] = reactive(0)

    def __init__(self, opening=(), **kwargs):
        """`opening`: the session's first moves, when known before the chat is drawn (see show_opening)."""
        self.opening = [tutor_message(m) for m in opening]  # drawn above anything typed early
        super().__init__(*self.opening, **kwargs)
        self.following = True  # at the newest message; False once the learner scrolls up

    def on_mount(self) -> None:
        self.anchor()

    def add(self, *messages: Widget, before: Widget | None = None) -> None:
        if not self.following:
            self.unseen += len(messages)
        self.mount_all(messages, before=before)

    def watch_scroll_y(self, old: float, new: float) -> None:
        # Following new messages moves the view down (or not at all, when Textual's anchor sets it
        # quietly); only the learner moves it up.
        super().watch_scroll_y(old, new)
        if new >= self.max_scroll_y:
            self.following = True
            self.unseen = 0
        elif new < old:
            self.following = False

    async def clear(self) -> None:
        await self.remove_children()
        self.opening = []
        self.unseen = 0

    async def render_markdown(self) -> None:
        for message in self.query_children(TutorMessage):
            await message.render_markdown()

    def jump_to_latest(self) -> None:
        """Scroll to the newest message and follow new ones again."""
        self.scroll_end(animate=False, immediate=True)

    def tutor_moves(self, moves, before: Widget | None = None) -> list[TutorMessage]:
        """Add one message per move (a Move, or a stored dict with `type` and `text`), at the end or `before`."""
        messages = list(map(tutor_message, moves))
        self.add(*messages, before=before)
        return messages

    async def show_opening(self, moves) -> None:
        """The session's opening at the top, above anything the learner typed before it came, in place of
        an opening drawn earlier (from the cache, when the content has changed since)."""
        await self.remove_children(self.opening)
        self.opening = [tutor_message(m) for m in moves]
        await self.mount_all(self.opening, before=next(iter(self.children), None))

    def learner_turn(self, kind: str, text: str) -> LearnerMessage:
        message = LearnerMessage(text if kind == "answer" else REQUESTS.get(kind, kind))
        self.add(message)
        return message


class NewMessages(Button):
    """The "new messages below" marker under the chat, shown while the learner reads further up."""

    def show(self, count: int, key: str) -> None:
        self.display = count > 0
        noun = "message" if count == 1 else "messages"
        self.label = f"↓ {count} new {noun} below · {key} or click to see"


class HistoryInput(Input):
    """The answer box. Up and down walk through earlier answers, as in a shell.

    A paste of several lines keeps every line, joined with spaces (an answer is one line),
    and says so.
    """

    BINDINGS = [
        Binding(
            "up",
            "history(-1)",
            "Earlier answer",
            show=False,
            id="input.history_back",
            tooltip="Put your previous answer back in the box",
        ),
        Binding(
            "down",
            "history(1)",
            "Later answer",
            show=False,
            id="input.history_forward",
            tooltip="Walk forward through your answers",
        ),
        # Enter typed while the app is still starting reaches it as a newline (the terminal's line
        # mode turns the Enter key into one): it sends the answer all the same.
        Binding("ctrl+j", "submit", "Send", show=False),
    ]

    class Joined(Message):
        """A paste of `lines` lines was put in the box as one line."""

        def __init__(self, lines: int):
            super().__init__()
            self.lines = lines

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.history: list[str] = []
        self._at = 0  # index into history; len(history) is the fresh, empty line

    def remember(self, text: str) -> None:
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._at = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._at = min(max(self._at + step, 0), len(self.history))
        self.value = self.history[self._at] if self._at < len(self.history) else ""
        self.cursor_position = len(self.value)

    def _on_paste(self, event: Paste) -> None:
        """A terminal paste (bracketed paste)."""
        if len(event.text.splitlines()) < 2:
            return  # Input's own handler (next in the MRO) pastes one line
        event.prevent_default()  # Input's handler would keep only the first line
        event.stop()
        self.paste(event.text)

    def action_paste(self) -> None:
        """Ctrl+V: the app's clipboard (text selected and copied in the chat)."""
        self.paste(self.app.clipboard)

    def paste(self, text: str) -> None:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.replace(" ".join(lines), *self.selection)
        if len(lines) > 1:
            self.post_message(self.Joined(len(lines)))
