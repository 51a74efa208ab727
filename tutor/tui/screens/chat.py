"""The tutoring session: the chat on the left, the side panels on the right.

Every learner event goes through the app's engine thread (`app.in_engine`), so grading
never freezes the screen, and through a `Recorder`, so every turn is committed as it
happens. Below `NARROW` columns the side panels fold away; Ctrl+B brings them back.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Tree

from tutor.content.problems import ContentError
from tutor.storage.database import NotSaved, SessionInfo, StorageError
from tutor.service.recorder import Recorder, answer_problem, content_fingerprint, reply_moves
from tutor.tui.screens.dialogs import ConfirmScreen
from tutor.tui.widgets.chat import ChatLog, HistoryInput
from tutor.tui.widgets.panels import ArgumentMap, MasteryPanel, ProgressPanel

READY = "Your answer (Enter to send; F1 for help)"


class ChatScreen(Screen):
    """One session of one dialogue: started fresh (`dialogue_id`) or resumed (`resume`)."""

    BINDINGS = [
        Binding("f2", "hint", "Hint", id="hint", tooltip="Ask for a hint on the current question"),
        Binding("f3", "why", "Why?", id="why",
                tooltip="Why the tutor judged your last answer so: the cues and rules behind the verdict"),
        Binding("f4", "skip", "Skip", id="skip", tooltip="Skip this question"),
        Binding("f5", "restart", "Restart", id="restart",
                tooltip="Start this dialogue again (this session stays in your history)"),
        Binding("ctrl+s", "save", "Save", id="save_transcript",
                tooltip="Save the transcript as Markdown and JSON in your data directory"),
        Binding("ctrl+b", "toggle_panels", "Panels", id="toggle_panels",
                tooltip="Show or hide the side panels: progress, mastery, the argument map"),
    ]
    NARROW = 100

    def __init__(self, dialogue_id: str | None = None, resume: SessionInfo | None = None):
        super().__init__()
        self.dialogue_id = dialogue_id
        self.resume = resume
        self.recorder: Recorder | None = None
        self.shown_opening: list[dict] | None = None  # the opening drawn from the cache, before loading
        self.busy = True  # until the session is open, and while the tutor thinks
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="chat"):
                yield ChatLog(id="log")
                yield HistoryInput(placeholder="Loading the tutor…", id="answer")
            with Vertical(id="side"):
                yield ProgressPanel(id="progress")
                yield MasteryPanel(id="mastery")
                yield ArgumentMap(id="map")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")
        if self.resume is not None:
            # The stored transcript goes on screen at once; the replay catches the session up meanwhile.
            log = self.query_one(ChatLog)
            for turn in self.app.store.turns(self.resume.id):
                if turn.kind != "start":
                    log.learner_turn(turn.kind, turn.text)
                log.tutor_moves(turn.moves)
            self.sub_title = self.resume.title
        elif cached := self.app.store.opening(self.dialogue_id, content_fingerprint(self.app.content)):
            # Seen this dialogue before with this content: ask the first question now, load afterwards.
            self.shown_opening, progress = cached
            self.query_one(ChatLog).tutor_moves(self.shown_opening)
            self.query_one(ProgressPanel).show(progress, False)
            self.call_after_refresh(lambda: self.run_worker(self.open_session(), group="tutor"))
            return
        self.run_worker(self.open_session(), group="tutor")

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    async def open_session(self) -> None:
        app = self.app
        try:
            course = await app.course()
            if self.resume is None and self.dialogue_id not in course.dialogues:
                app.exit(return_code=2, message=f"tutor: error: unknown dialogue {self.dialogue_id!r}; "
                                                f"known: {', '.join(sorted(course.dialogues))}")
                return
            self.setup_panels(course)
            if self.resume is not None:
                self.recorder, turns = await app.in_engine(Recorder.resume, app.store, course, self.resume)
                self.show_state(self.recorder.session)
                self.query_one(ArgumentMap).mark(c for t in turns if t.assessment for c in t.assessment["concepts"])
                if self.recorder.diverged:
                    self.notify("The dialogue has changed since this session was saved; continuing from where "
                                "it stands now.", severity="warning", timeout=8)
            else:
                self.recorder, reply = await app.in_engine(Recorder.begin, app.store, course, app.learner_id,
                                                           self.dialogue_id)
                if reply_moves(reply) == self.shown_opening:
                    self.show_state(reply)
                else:
                    await self.query_one(ChatLog).remove_children()
                    self.show_reply(reply)
        except (ContentError, StorageError) as e:
            app.exit(return_code=2, message=f"tutor: error: {e}")
            return
        self.sub_title = app.store.session(self.recorder.session_id).title
        self.ready()
        app.warm_checker(course)

    def setup_panels(self, course) -> None:
        names = {c: concept.name for c, concept in course.rulebase.concepts.items()}
        self.query_one(MasteryPanel).names = names
        self.query_one(ArgumentMap).build(course.rulebase)

    # -- learner events --------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            return
        if problem := answer_problem(text):
            self.notify(problem, severity="warning", markup=False)
            return
        answer = self.query_one(HistoryInput)
        answer.remember(text)
        answer.clear()
        self.send("answer", text)

    def action_hint(self) -> None:
        self.send("hint")

    def action_why(self) -> None:
        self.send("why")

    def action_skip(self) -> None:
        self.send("skip")

    def send(self, kind: str, text: str = "") -> None:
        if self.busy:
            self.notify("One moment: the tutor is still thinking.", timeout=2)
            return
        if self.finished and kind != "why":
            self.notify("This dialogue is finished. F5 starts it again; Ctrl+S saves the transcript.")
            return
        self.busy = True
        self.query_one(HistoryInput).placeholder = "The tutor is thinking…"
        self.query_one(ChatLog).learner_turn(kind, text)
        self.run_worker(self.act(kind, text), group="tutor")

    async def act(self, kind: str, text: str) -> None:
        try:
            reply = await self.app.in_engine(self.recorder.act, kind, text)
        except ContentError as e:
            self.app.exit(return_code=2, message=str(e))
            return
        except NotSaved as e:  # the session is back at the last saved turn; the words go back in the box
            if kind == "answer":
                self.query_one(HistoryInput).value = text
            self.notify(f"Not saved: {e}. The tutor has not moved on; press Enter (or the key) to try again.",
                        title="Your turn was not saved", severity="error", markup=False, timeout=15)
        except Exception as e:  # an engine failure must not lose the session: it is saved up to the last turn
            self.notify(f"The tutor could not handle that turn: {e}", severity="error", markup=False, timeout=10)
        else:
            self.show_reply(reply)
        self.ready()

    def action_restart(self) -> None:
        if self.recorder is None or self.busy:
            return
        self.app.push_screen(ConfirmScreen("Start this dialogue again from the first question? "
                                           "This session stays in your history."), self.restart_confirmed)

    def restart_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.busy = True
            self.run_worker(self.restart(), group="tutor")

    async def restart(self) -> None:
        self.recorder, reply = await self.app.in_engine(self.recorder.restart)
        await self.query_one(ChatLog).remove_children()
        self.setup_panels(self.recorder.course)
        self.finished = False
        self.show_reply(reply)
        self.ready()

    def action_save(self) -> None:
        from tutor.surfaces.transcript import save_transcript  # pydantic: not needed before the first save

        if self.recorder is None:
            self.notify("Nothing to save yet.")
            return
        names = {c: concept.name for c, concept in self.recorder.course.rulebase.concepts.items()}
        try:
            markdown, json_file = save_transcript(self.app.store, self.recorder.session_id,
                                                  self.app.store.path.parent / "transcripts", names)
        except OSError as e:
            self.notify(f"Could not save the transcript: {e}", severity="error", markup=False)
            return
        self.notify(f"Saved the transcript to {markdown} and {json_file.name}", title="Transcript saved",
                    markup=False, timeout=8)

    def action_toggle_panels(self) -> None:
        self.toggle_class("-toggled")

    # -- showing the session ---------------------------------------------------------------------

    def show_reply(self, reply) -> None:
        self.query_one(ChatLog).tutor_moves(reply.moves)
        if reply.assessment is not None:
            self.query_one(ArgumentMap).mark(reply.assessment.concepts)
        self.show_state(reply)

    def show_state(self, state) -> None:
        """Progress and mastery from a Reply or a Session (both carry progress, mastery, finished)."""
        self.finished = state.finished
        self.query_one(ProgressPanel).show(state.progress, state.finished)
        self.query_one(MasteryPanel).show(state.mastery)
        if state.finished:
            self.notify("Dialogue finished. Ctrl+S saves the transcript; `tutor history` shows your mastery.",
                        title="Well done", timeout=10)

    def ready(self) -> None:
        self.busy = False
        answer = self.query_one(HistoryInput)
        answer.disabled = self.finished
        answer.placeholder = "The dialogue is finished (F5 to start again, Ctrl+Q to quit)" if self.finished else READY
        if not self.finished:
            answer.focus()

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.notify(f"{event.node.label}: {event.node.data}", markup=False, timeout=10)
