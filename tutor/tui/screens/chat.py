"""The tutoring session: the chat on the left, the side panels on the right.

Every learner event goes through the app's engine thread (`app.in_engine`), so grading
never freezes the screen, and through a `Recorder`, so every turn is committed as it
happens. The learner may type before the tutor is ready (the content still loading, the
checker still being built, the last answer still being graded): each event waits its turn
in `waiting`, its message marked as being read, and is answered in order; until the session is
open, the forked child of a fresh start answers them first (see preview.py). Below `NARROW`
columns the side panels fold away; Ctrl+B brings them back.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Button, Footer, Input, Tree

from tutor.content.problems import ContentError
from tutor.service.course import content_fingerprint, reply_moves
from tutor.service.recorder import Recorder, answer_problem
from tutor.storage.database import NotSaved, SessionInfo, StorageError
from tutor.tui.preview import Opening, SessionPreview
from tutor.tui.screens.base import TutorScreen
from tutor.tui.widgets.chat import ChatLog, HistoryInput, LearnerMessage, NewMessages, TutorMessage, load_markdown
from tutor.tui.widgets.header import Header
from tutor.tui.widgets.panels import ArgumentMap, MasteryPanel, ProgressPanel

READY = "Your answer (Enter to send; F1 for help)"
LOADING = "The tutor is getting ready; you can type your answer already"
THINKING = "The tutor is thinking; you can type your next answer"


WELL_DONE = 0.7  # mean mastery at which the end of a dialogue is praised
FURNISH_AFTER = 0.25  # seconds after the first frame, on a fresh start (see after_first_messages)
OPENING_WAIT = 0.1  # seconds the first frame may wait for the forked child's opening (see first_opening)


@dataclass(eq=False)
class Waiting:
    """A learner event sent but not answered yet, and its message in the chat."""

    kind: str
    text: str
    message: LearnerMessage
    asked_early: bool = False  # handed to the forked child, before the session was open here
    early: list[dict] | None = None  # the child's reply (stored moves), drawn as `shown`
    shown: list[TutorMessage] = field(default_factory=list)


class ChatScreen(TutorScreen):
    """One session of one dialogue: started fresh (`dialogue_id`) or resumed (`resume`)."""

    BINDINGS = [
        Binding("f2", "hint", "Hint", id="hint", tooltip="Ask for a hint on the current question"),
        Binding(
            "f3",
            "why",
            "Why?",
            id="why",
            tooltip="Why the tutor judged your last answer so: the cues and rules behind the verdict",
        ),
        Binding("f4", "skip", "Skip", id="skip", tooltip="Skip this question"),
        Binding(
            "f5",
            "restart",
            "Restart",
            id="restart",
            tooltip="Start this dialogue again (this session stays in your history)",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="save_transcript",
            tooltip="Save the transcript as Markdown and JSON in your data directory (a new file each time)",
        ),
        Binding(
            "ctrl+b",
            "toggle_panels",
            "Panels",
            id="toggle_panels",
            tooltip="Show or hide the side panels: progress, mastery, the argument map",
        ),
        Binding(
            "pageup",
            "scroll_chat(-1)",
            "Scroll up",
            show=False,
            id="scroll_up",
            priority=True,
            tooltip="Scroll the chat up a page, to read earlier messages",
        ),
        Binding(
            "pagedown",
            "scroll_chat(1)",
            "Scroll down",
            show=False,
            id="scroll_down",
            priority=True,
            tooltip="Scroll the chat down a page",
        ),
        Binding(
            "ctrl+end",
            "latest",
            "Latest",
            show=False,
            id="latest",
            tooltip="Jump to the newest message; the chat follows new messages again",
        ),
    ]
    NARROW = 100
    AUTO_FOCUS = "#answer"  # the learner can type from the first frame, before the tutor is ready

    def __init__(self, dialogue_id: str | None = None, resume: SessionInfo | None = None):
        super().__init__()
        self.dialogue_id = dialogue_id
        self.resume = resume
        self.recorder: Recorder | None = None
        self.shown_opening: list[dict] | None = None  # the opening drawn from the cache, before loading
        self.busy = True  # while the engine works for this screen: opening the session, a turn, a restart
        self.waiting: deque[Waiting] = deque()  # sent by the learner, not answered yet (oldest first)
        self.finished = False
        self.furnished = False
        self.asking_early = False  # an event is with the forked child (one at a time, in order)
        self.headed = False  # the header is mounted (by `furnish`)
        self.session_title: str | None = None  # shown in the header once it is mounted (see show_title)
        # Mounted by `furnish`; the session may update them before that.
        self.mastery = MasteryPanel(id="mastery")
        self.new_messages = NewMessages(id="new-messages", compact=True)

    def compose(self) -> ComposeResult:
        # The first frame holds what the first question needs (with a cached opening, the question
        # itself: composed here, it is in the first layout); `furnish` adds the rest a frame later.
        opening = self.first_opening()
        self.shown_opening = opening[0] if opening else None
        # Two columns, laid out by the screen itself (app.tcss): every container spans the whole
        # height and is drawn in full: a third, holding the two, cost the first frame ~2 ms.
        with Vertical(id="chat"):
            yield ChatLog(self.shown_opening or [], id="log")
            yield HistoryInput(placeholder=LOADING, id="answer")
        with Vertical(id="side"):
            yield ProgressPanel(opening[1] if opening else None, id="progress")

    def first_opening(self) -> Opening | None:
        """The opening, if it can be in the first frame: cached by an earlier start with this content, or
        sent by the forked child. The child's comes about when the screen is ready to draw: waiting a
        moment for it draws the screen once, with the question, instead of twice."""
        if not self.dialogue_id:
            return None
        cached = self.app.store.opening(self.dialogue_id, content_fingerprint(self.app.content))
        preview = self.app.preview
        if cached is None and preview is not None and preview.arrived(OPENING_WAIT):
            return preview.result()
        return cached

    async def furnish(self) -> None:
        """Once the first messages are drawn: the header, the footer with its keys, the "new messages"
        marker, the progress bar and the mastery panel. (The argument map comes with the rule base.)"""
        if not self.is_attached or self.app.quitting:  # closed before it was drawn, or closing
            return
        # All mounted before the first await: the screen cannot close in between.
        await asyncio.gather(
            self.mount(Header(), before="#chat"),
            self.mount(Footer()),
            self.query_one("#chat").mount(self.new_messages, before="#answer"),
            self.query_one("#side").mount(self.mastery, after="#progress"),
            self.query_one(ProgressPanel).add_bar(),
        )
        self.refresh_bindings()  # a footer shows the keys once told they are set, as they already are
        self.headed = True
        if self.session_title is not None:
            self.sub_title = self.session_title
        self.watch(self.query_one(ChatLog), "unseen", self.show_unseen)

    async def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")
        log = self.query_one(ChatLog)
        if self.resume is not None:
            # The stored transcript goes on screen at once; the replay catches the session up meanwhile.
            for turn in self.app.store.turns(self.resume.id):
                if turn.kind != "start":
                    log.learner_turn(turn.kind, turn.text)
                log.tutor_moves(turn.moves)
            self.show_title(self.resume.title)
            self.after_first_messages()
        elif self.shown_opening is not None:
            # Cached, or sent by the forked child in time: the question is asked (compose); load afterwards.
            self.after_first_messages()
            self.app.after_first_frame(lambda: self.run_worker(self.open_session(), group="tutor"))
            return
        elif self.app.preview is not None:
            self.run_worker(self.open_from_preview(self.app.preview), group="tutor")
            return
        self.run_worker(self.open_session(), group="tutor")

    async def show_early_opening(self, opening: Opening) -> None:
        """Ask the first question before the content is loaded here; open the session afterwards."""
        self.shown_opening, progress = opening
        await self.query_one(ChatLog).show_opening(self.shown_opening)
        self.query_one(ProgressPanel).show(progress, False)
        self.after_first_messages()
        self.app.after_first_frame(lambda: self.run_worker(self.open_session(), group="tutor"))

    async def open_from_preview(self, preview: SessionPreview) -> None:
        opening = await asyncio.to_thread(preview.result)  # waiting on a pipe: the screen stays live
        if opening is not None:
            await self.show_early_opening(opening)
        else:
            await self.open_session()

    def after_first_messages(self) -> None:
        """Once the first messages are on screen, furnish the screen: at once, or, on a fresh start whose
        forked child can answer before the session here is open, a moment later, so that an answer
        typed at once is answered before (furnishing takes the screen's thread for ~40 ms)."""
        if not self.furnished:
            self.furnished = True
            if self.app.preview is None:
                self.app.after_first_frame(self.furnish)
            else:
                self.app.after_first_frame(lambda: self.set_timer(FURNISH_AFTER, self.furnish))

    async def markdown_ready(self) -> None:
        """Load the Markdown widget and redraw the messages with it: on the engine thread, after the work
        queued there (the first answer is graded first). Should that fail, or the app be closing meanwhile,
        the plain text simply stays."""
        await self.app.in_engine(load_markdown)
        if self.is_attached:
            await self.query_one(ChatLog).render_markdown()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def show_title(self, title: str) -> None:
        """The session's title in the header: now, or once the header is mounted. (Textual's Header
        fails if the title changes while it is still being mounted, as it may be while furnishing.)"""
        self.session_title = title
        if self.headed:
            self.sub_title = title

    async def open_session(self) -> None:
        app = self.app
        try:
            course = await app.course()
            if self.resume is None and self.dialogue_id not in course.dialogues:
                app.exit(
                    return_code=2,
                    message=f"tutor: error: unknown dialogue {self.dialogue_id!r}; "
                    f"known: {', '.join(sorted(course.dialogues))}",
                )
                return
            await self.setup_panels(course)
            if self.resume is not None:
                self.recorder, turns = await app.in_engine(Recorder.resume, app.store, course, self.resume)
                self.show_state(self.recorder.session)
                self.query_one(ArgumentMap).mark(c for t in turns if t.assessment for c in t.assessment["concepts"])
                if self.recorder.diverged:
                    self.notify(
                        "The dialogue has changed since this session was saved; continuing from where it stands now.",
                        severity="warning",
                        timeout=8,
                    )
            else:
                self.recorder, reply = await app.in_engine(
                    Recorder.begin, app.store, course, app.learner_id, self.dialogue_id
                )
                if app.preview is not None:  # no more events for it; it puts the checker in the cache (see preview.py)
                    app.in_engine(app.preview.wait)
                if reply_moves(reply) != self.shown_opening:  # not drawn yet, or the content has changed
                    await self.query_one(ChatLog).show_opening(reply.moves)
                    self.after_first_messages()
                self.show_state(reply)
        except (ContentError, StorageError) as e:
            app.exit(return_code=2, message=f"tutor: error: {e}")
            return
        info = app.store.session(self.recorder.session_id)
        self.show_title(info.title if info else "")
        self.call_after_refresh(app.warm_checker, course)  # once the question is drawn: both need the CPU
        # The function, not a coroutine made now: one the worker never starts (the screen closed) is never
        # awaited. (Any: mypy cannot solve run_worker's overloaded work type for an async method.)
        markdown: Any = self.markdown_ready
        self.call_after_refresh(lambda: self.run_worker(markdown, group="markdown", exit_on_error=False))
        self.ready()

    async def setup_panels(self, course) -> None:
        names = {c: concept.name for c, concept in course.rulebase.concepts.items()}
        self.mastery.names = names
        if not self.query(ArgumentMap):
            await self.query_one("#side").mount(ArgumentMap(id="map"))
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

    def on_history_input_joined(self, event: HistoryInput.Joined) -> None:
        self.notify(
            f"You pasted {event.lines} lines: they are in the box as one answer, joined with spaces.", timeout=6
        )

    def action_hint(self) -> None:
        self.send("hint")

    def action_why(self) -> None:
        self.send("why")

    def action_skip(self) -> None:
        self.send("skip")

    def send(self, kind: str, text: str = "") -> None:
        """Show the learner's event at once; the tutor answers it when its turn comes."""
        if self.finished and kind != "why":
            self.notify("This dialogue is finished. F5 starts it again; Ctrl+S saves the transcript.")
            return
        message = self.query_one(ChatLog).learner_turn(kind, text)
        message.waiting()
        self.waiting.append(Waiting(kind, text, message))
        self.answer_next()

    def answer_next(self) -> None:
        """Hand the oldest waiting event to the tutor, unless the session is not open or the tutor is busy."""
        if self.recorder is None:
            self.answer_early()
        if self.busy or self.recorder is None or not self.waiting:
            return
        self.busy = True
        self.query_one(HistoryInput).placeholder = THINKING
        self.run_worker(self.act(self.recorder, self.waiting[0]), group="tutor")

    def answer_early(self) -> None:
        """Before the session is open here, hand the next event to the forked child, which answers at
        once if it can; the session runs the event again once open (see `act`)."""
        preview = self.app.preview
        event = next((e for e in self.waiting if not e.asked_early), None)
        if preview is None or self.recorder is not None or self.asking_early or event is None:
            return
        self.asking_early = event.asked_early = True
        self.run_worker(self.ask_early(preview, event), group="early", exit_on_error=False)

    async def ask_early(self, preview: SessionPreview, event: Waiting) -> None:
        moves = await asyncio.to_thread(preview.ask, event.kind, event.text)  # waits on a pipe
        self.asking_early = False
        if moves is None or event not in self.waiting:  # the child cannot say, or the session has answered
            return
        event.early = moves
        event.message.waiting("")
        event.shown = self.query_one(ChatLog).tutor_moves(moves, before=self.below(event))
        self.answer_early()

    async def stored(self, timeout: float) -> None:
        """Wait until every event sent is answered and stored (or has failed), at most `timeout` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.waiting and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)

    def below(self, event: Waiting) -> LearnerMessage | None:
        """Where a reply to `event` goes: right under it, above anything typed since."""
        waiting = list(self.waiting)
        later = waiting[waiting.index(event) + 1 :]
        return later[0].message if later else None

    async def act(self, recorder: Recorder, event: Waiting) -> None:
        try:
            reply = await self.app.in_engine(recorder.act, event.kind, event.text)
        except ContentError as e:
            self.app.exit(return_code=2, message=str(e))
            return
        except NotSaved as e:  # the session is back at the last saved turn; the words go back in the box
            self.notify(
                f"Not saved: {e}. The tutor has not moved on; press Enter (or the key) to try again.",
                title="Your turn was not saved",
                severity="error",
                markup=False,
                timeout=15,
            )
            self.give_back("not saved: send it again")
        except Exception as e:  # an engine failure must not lose the session: it is saved up to the last turn
            self.notify(f"The tutor could not handle that turn: {e}", severity="error", markup=False, timeout=10)
            self.give_back("not answered: send it again")
        else:
            event.message.waiting("")
            self.show_reply(reply, event)
            self.waiting.popleft()
        self.ready()

    def give_back(self, note: str) -> None:
        """Mark every waiting event unanswered; the first answer goes back in the box (unless it holds text)."""
        answer = self.query_one(HistoryInput)
        for event in self.waiting:
            event.message.waiting(note)
            for message in event.shown:  # the forked child's reply, never stored
                message.remove()
        first = next((e.text for e in self.waiting if e.kind == "answer"), "")
        if first and not answer.value:
            answer.value = first
        self.waiting.clear()

    def action_restart(self) -> None:
        from tutor.tui.screens.dialogs import ConfirmScreen  # opened rarely: not imported at start-up

        if self.recorder is None or self.busy or self.waiting:
            self.notify("One moment: the tutor is still answering you.", timeout=3)
            return
        self.app.push_screen(
            ConfirmScreen("Start this dialogue again from the first question? This session stays in your history."),
            self.restart_confirmed,
        )

    def restart_confirmed(self, yes: bool | None) -> None:
        if yes and self.recorder is not None:
            self.busy = True
            self.run_worker(self.restart(self.recorder), group="tutor")

    async def restart(self, recorder: Recorder) -> None:
        self.recorder, reply = await self.app.in_engine(recorder.restart)
        log = self.query_one(ChatLog)
        await log.clear()
        await self.setup_panels(self.recorder.course)
        self.finished = False
        await log.show_opening(reply.moves)
        self.show_state(reply)
        self.ready()

    def action_save(self) -> None:
        from tutor.surfaces.transcript import save_transcript  # pydantic: not needed before the first save

        if self.recorder is None:
            self.notify("Nothing to save yet.")
            return
        names = {c: concept.name for c, concept in self.recorder.course.rulebase.concepts.items()}
        try:
            markdown, json_file = save_transcript(
                self.app.store, self.recorder.session_id, self.app.store.path.parent / "transcripts", names
            )
        except OSError as e:
            self.notify(f"Could not save the transcript: {e}", severity="error", markup=False)
            return
        self.notify(
            f"Saved the transcript to {markdown} and {json_file.name}",
            title="Transcript saved",
            markup=False,
            timeout=8,
        )

    def action_toggle_panels(self) -> None:
        self.toggle_class("-toggled")
        # Hiding the chat (narrow terminals) takes the focus from the answer box: give it back when the
        # chat shows again, or the learner's typing goes nowhere.
        self.call_after_refresh(self.focus_answer_if_shown)

    def focus_answer_if_shown(self) -> None:
        answer = self.query_one(HistoryInput)
        if self.query_one("#chat").display and not answer.disabled:
            answer.focus()

    def action_scroll_chat(self, pages: int) -> None:
        if not self.query_one("#chat").display:
            raise SkipAction()  # the panels are shown instead: the page keys are theirs
        log = self.query_one(ChatLog)
        if pages > 0:
            log.scroll_page_down(animate=False)
        else:
            log.scroll_page_up(animate=False)

    def action_latest(self) -> None:
        self.query_one(ChatLog).jump_to_latest()
        self.query_one(HistoryInput).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, NewMessages):
            self.action_latest()

    def show_unseen(self, count: int) -> None:
        key = next(
            (self.app.get_key_display(a.binding) for a in self.active_bindings.values() if a.binding.id == "latest"), ""
        )
        self.new_messages.show(count, key)

    # -- showing the session ---------------------------------------------------------------------

    def show_reply(self, reply, event: Waiting) -> None:
        """The session's reply to `event`, in place of the forked child's unless they say the same."""
        if event.early != reply_moves(reply):
            for message in event.shown:
                message.remove()
            self.query_one(ChatLog).tutor_moves(reply.moves, before=self.below(event))
        if reply.assessment is not None:
            self.query_one(ArgumentMap).mark(reply.assessment.concepts)
        self.show_state(reply)

    def show_state(self, state) -> None:
        """Progress and mastery from a Reply or a Session (both carry progress, mastery, finished)."""
        self.finished = state.finished
        self.query_one(ProgressPanel).show(state.progress, state.finished)
        self.mastery.show(state.mastery)
        if state.finished:
            # "Well done" is earned: most concepts mastered, not merely the last question reached.
            mastery = list(state.mastery.values())
            earned = bool(mastery) and sum(mastery) / len(mastery) >= WELL_DONE
            self.notify(
                "Dialogue finished. Ctrl+S saves the transcript; `tutor history` shows your mastery.",
                title="Well done" if earned else "Dialogue finished",
                timeout=10,
            )

    def ready(self) -> None:
        """The engine is free: answer the next waiting event, or wait for the learner."""
        self.busy = False
        if self.finished:
            self.give_back("not sent: the dialogue had finished")
        answer = self.query_one(HistoryInput)
        answer.disabled = self.finished
        answer.placeholder = "The dialogue is finished (F5 to start again, Ctrl+Q to quit)" if self.finished else READY
        if not self.finished:
            answer.focus()
        self.answer_next()

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.notify(f"{event.node.label}: {event.node.data}", markup=False, timeout=10)
