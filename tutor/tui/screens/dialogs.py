"""Small modal screens: the help, and a yes/no confirmation.

Imported when first opened, not at start-up (the help needs the Markdown widget). Their text
wraps in a box at most 80 columns wide and scrolls when the terminal is short, so nothing is
cut off even at 80x24.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Markdown, Static

CHAT_TIPS = """\
Answer each question in your own words and press **Enter**. You can also simply type
*hint please*, *why?*, *skip*, *repeat the question* or *I don't know*, and ask questions of
your own (*what does prudence mean?*, *who was Herz?*): the tutor answers them, then asks its
question again. You may type while the tutor is still getting ready or thinking: your answers
wait their turn.
**Up** and **Down** bring back your earlier answers. Every turn is saved as you go:
`tutor --resume` continues where you left off, and `tutor history` lists your sessions.
"""


def help_markdown(keys: list[tuple[str, str, str, str]]) -> str:
    """The help: tips, then one list item per key (a list wraps where a table would be cut)."""
    items = "\n".join(
        f"- `{key}` **{description}**: {tooltip} (id `{ident}`)" for key, description, tooltip, ident in keys
    )
    return (
        f"# Help\n\n{CHAT_TIPS}\n## Keys\n\n{items}\n\n"
        "Remap a key by its id, e.g. `TUTOR_KEYS='hint=ctrl+t,why=f7' tutor`.\n"
    )


class HelpScreen(ModalScreen[None]):
    """How to use the tutor, and every key of the screen below (with any remapping applied)."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help")]

    def __init__(self, keys: list[tuple[str, str, str, str]]):
        """`keys`: (key, description, tooltip, id) for each binding of the screen the help was opened from."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(help_markdown(self.keys))
        yield Label("Press Escape to close; Up, Down and Page keys scroll.", id="help-footer")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # so the arrow and page keys scroll the help

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True for yes."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no", tooltip="Keep things as they are"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            with VerticalScroll(id="confirm-text"):
                yield Static(self.question, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="warning", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
