"""The chat: learner and tutor messages in a log that follows new ones, and an input with history.

The learner's words are data, never markup: a `LearnerMessage` is a Static with markup off,
and control characters (an ANSI escape, say) are shown as visible symbols. Tutor messages
are authored Markdown.
"""
from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Markdown, Static

from tutor.surfaces.display import visible

# How a learner's request (not an answer) appears in the chat.
REQUESTS = {"hint": "(asked for a hint)", "why": "(asked why)", "skip": "(skipped the question)",
            "repeat": "(asked to hear the question again)"}


class LearnerMessage(Static):
    """What the learner typed, shown literally."""

    def __init__(self, text: str):
        super().__init__(visible(text), markup=False)
        self.border_title = "You"


class TutorMessage(Markdown):
    """One tutor move (question, hint, challenge...), rendered as Markdown; styled by its move type."""

    def __init__(self, move_type: str, text: str):
        super().__init__(text, classes=f"-{move_type}")
        self.move_type = move_type
        self.border_title = "Tutor" if move_type == "question" else f"Tutor · {move_type}"


class ChatLog(VerticalScroll):
    """The conversation. Anchored: it follows new messages until the learner scrolls up to read."""

    def on_mount(self) -> None:
        self.anchor()

    def add(self, *messages: Widget) -> None:
        self.mount_all(messages)

    def tutor_moves(self, moves) -> None:
        """Add one message per move; `moves` are objects or dicts with `type` and `text`."""
        self.add(*(TutorMessage(*((m["type"], m["text"]) if isinstance(m, dict) else (m.type, m.text)))
                   for m in moves))

    def learner_turn(self, kind: str, text: str) -> None:
        self.add(LearnerMessage(text if kind == "answer" else REQUESTS.get(kind, kind)))


class HistoryInput(Input):
    """The answer box. Up and down walk through earlier answers, as in a shell."""

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier answer", show=False, id="input.history_back",
                tooltip="Put your previous answer back in the box"),
        Binding("down", "history(1)", "Later answer", show=False, id="input.history_forward",
                tooltip="Walk forward through your answers"),
    ]

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
