"""The first screen of `tutor`: resume the last unfinished session, or choose a dialogue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Label, LoadingIndicator, OptionList
from textual.widgets.option_list import Option

from tutor.content.problems import ContentError
from tutor.tui.screens.base import TutorScreen
from tutor.tui.widgets.header import Header

RESUME = "resume:"  # option id prefix: resume that session id


class PickerScreen(TutorScreen):
    """A list: the unfinished session first (if any), then every dialogue with its description."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Choose a dialogue and press Enter.", id="picker-intro")
        yield LoadingIndicator()
        yield OptionList(id="dialogues")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.run_worker(self.fill(), group="load")

    async def fill(self) -> None:
        try:
            course = await self.app.course()
        except ContentError as e:
            self.app.exit(return_code=2, message=str(e))
            return
        options: list[Option | None] = []  # None: a separator line
        unfinished = self.app.store.last_unfinished(self.app.learner_id)
        if unfinished is not None:
            k, n = unfinished.progress
            options.append(
                Option(
                    Content.assemble(
                        ("Resume: ", "bold"), unfinished.title, f"  (question {k} of {n}, {unfinished.turns} turns)"
                    ),
                    id=f"{RESUME}{unfinished.id}",
                )
            )
        for dialogue in course.dialogues.values():
            options += [None] if options else []  # a separator line between options
            options.append(
                Option(Content.assemble((dialogue.title, "bold"), "\n", dialogue.description), id=dialogue.id)
            )
        option_list = self.query_one(OptionList)
        option_list.add_options(options)
        self.query_one(LoadingIndicator).display = False
        option_list.display = True
        option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tutor.tui.screens.chat import ChatScreen

        ident = event.option.id or ""
        if ident.startswith(RESUME):
            self.app.switch_screen(ChatScreen(resume=self.app.store.session(int(ident[len(RESUME) :]))))
        else:
            self.app.switch_screen(ChatScreen(dialogue_id=ident))
