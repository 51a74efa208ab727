"""A dialogue session whose every turn is stored as it happens, and resumed by replaying them.

A `Session` is a deterministic function of the learner's events, so the database keeps
the events (answer text, hint, skip, why, repeat) and what the tutor said; resuming
replays the events into a fresh session and shows the stored transcript. Both surfaces
(the Textual app and `tutor --plain`) drive a session only through a `Recorder`.

Save first, then advance: `act` commits the turn before the session is taken to have moved
on. When the save fails (a full disk, another tutor took the session), the session is put
back where the last saved turn left it, by replaying the saved events into a fresh one, and
`NotSaved` tells the surface, which tells the learner; trying again later loses nothing.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from tutor.service.course import EVENTS, Course, reply_moves, run_event, storable
from tutor.storage.database import SessionInfo, StorageError, Store, StoredTurn

if TYPE_CHECKING:
    from tutor.dialogue.moves import Reply

MAX_ANSWER_CHARS = 4000  # a long paragraph; a pasted file is a mistake, and grading it would stall the tutor


def default_learner() -> str:
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError):  # no user name in containers without a passwd entry
        return "learner"


class CannotResume(StorageError):
    """A stored session cannot be reopened with this content."""


def answer_problem(text: str) -> str:
    """Why an answer cannot be sent as it is ("" when it can)."""
    if len(text) > MAX_ANSWER_CHARS:
        return f"That answer is {len(text)} characters long; please keep it under {MAX_ANSWER_CHARS}."
    return ""


class Recorder:
    """Drives one stored session: `act(kind, text)` runs a learner event and commits the turn."""

    def __init__(self, store: Store, course: Course, session_id: int, dialogue_id: str):
        self.store = store
        self.course = course
        self.session_id = session_id
        self.dialogue_id = dialogue_id
        self.session = course.new_session(dialogue_id)
        self.saved: list[tuple[str, str]] = []  # the learner events committed so far, after the start
        self.diverged = False  # a replay said something other than the stored transcript (content changed)

    @classmethod
    def begin(cls, store: Store, course: Course, learner_id: int, dialogue_id: str) -> tuple[Recorder, Reply]:
        title = getattr(course.dialogues[dialogue_id], "title", dialogue_id)
        recorder = cls(store, course, store.start_session(learner_id, dialogue_id, title), dialogue_id)
        store.hold(recorder.session_id)
        reply = recorder.session.start()
        recorder._store("start", "", reply)
        if course.fingerprint:
            store.remember_opening(dialogue_id, course.fingerprint, reply_moves(reply), reply.progress)
        return recorder, reply

    @classmethod
    def resume(cls, store: Store, course: Course, info: SessionInfo) -> tuple[Recorder, list[StoredTurn]]:
        """Replay the stored events into a fresh session; return it with the stored turns to show.
        CannotResume when the dialogue is not in this content; SessionBusy when another tutor holds it."""
        if info.dialogue not in course.dialogues:
            raise CannotResume(
                f"session {info.id} used the dialogue {info.dialogue!r}, which this content does "
                "not have (was it started with another --content?)"
            )
        store.hold(info.id)
        recorder = cls(store, course, info.id, info.dialogue)
        turns = store.turns(info.id)
        for turn in turns:
            if turn.kind != "start" and turn.kind not in EVENTS:
                store.warnings.append(
                    f"turn {turn.seq} of session {info.id} is an unknown event {turn.kind!r} and was skipped"
                )
                continue
            reply = recorder.session.start() if turn.kind == "start" else recorder._run(turn.kind, turn.text)
            if turn.kind != "start":
                recorder.saved.append((turn.kind, turn.text))
            if reply_moves(reply) != turn.moves:
                recorder.diverged = True
        return recorder, turns

    def act(self, kind: str, text: str = "") -> Reply:
        """Run one learner event and commit it. If either fails, the session is as it was before
        (NotSaved, or the engine's error, is raised), so the learner can simply try again."""
        text = storable(text)
        try:
            reply = self._run(kind, text)
            self._store(kind, text, reply)
        except BaseException:
            self._rollback()
            raise
        self.saved.append((kind, text))
        return reply

    def restart(self) -> tuple[Recorder, Reply]:
        """Leave this session in the history and start the same dialogue afresh."""
        self.store.abandon(self.session_id)
        self.store.release(self.session_id)
        info = self.store.session(self.session_id)
        if info is None:  # its row is damaged: start the same dialogue for the default learner
            return Recorder.begin(self.store, self.course, self.store.learner(default_learner()), self.dialogue_id)
        return Recorder.begin(self.store, self.course, self.store.learner(info.learner), info.dialogue)

    def _rollback(self) -> None:
        """Back to the last saved turn: a session is a deterministic function of its events."""
        self.session = self.course.new_session(self.dialogue_id)
        self.session.start()
        for kind, text in self.saved:
            self._run(kind, text)

    def _run(self, kind: str, text: str) -> Reply:
        return run_event(self.session, kind, text)

    def _store(self, kind: str, text: str, reply: Reply) -> None:
        # The turn's dialogue act is kept with it; an ungraded turn (a learner's question) keeps only that.
        assessment = (
            reply.assessment.trace_json()
            if reply.assessment is not None
            else ({"act": reply.act} if kind == "answer" else None)
        )
        self.store.add_turn(
            self.session_id,
            kind,
            text,
            assessment,
            reply_moves(reply),
            reply.progress,
            dict(reply.mastery),
            reply.finished,
        )
