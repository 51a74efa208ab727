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
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.storage.database import SessionInfo, StorageError, Store, StoredTurn

if TYPE_CHECKING:
    from tutor.assessment.checker import AnswerChecker as Checker
    from tutor.assessment.checker import Compiled
    from tutor.assessment.types import Assessment, Expected
    from tutor.content.rulebase import RuleBase
    from tutor.dialogue.models import Dialogue
    from tutor.dialogue.moves import Reply
    from tutor.dialogue.session import Session

EVENTS = ("answer", "hint", "skip", "why", "repeat")
SURROGATES = re.compile("[\ud800-\udfff]")  # undecodable input bytes, as Python keeps them: not storable text
MAX_ANSWER_CHARS = 4000  # a long paragraph; a pasted file is a mistake, and grading it would stall the tutor


def default_learner() -> str:
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError):  # no user name in containers without a passwd entry
        return "learner"


class CannotResume(StorageError):
    """A stored session cannot be reopened with this content."""


def storable(text: str) -> str:
    """The learner's text with undecodable bytes replaced by U+FFFD, so that it can be saved."""
    return SURROGATES.sub("\ufffd", text)


def answer_problem(text: str) -> str:
    """Why an answer cannot be sent as it is ("" when it can)."""
    if len(text) > MAX_ANSWER_CHARS:
        return f"That answer is {len(text)} characters long; please keep it under {MAX_ANSWER_CHARS}."
    return ""


class LazyChecker:
    """The answer checker, built on first use.

    Compiling the rule base into the inference engine is the slowest part of start-up,
    so the first question goes on screen before it is ready; `warm()` builds it in the
    background while the learner reads.
    """

    def __init__(self, content: list[Path] | None):
        self._content = content
        self._checker: Checker | None = None
        self._lock = threading.Lock()

    def warm(self) -> Checker:
        with self._lock:
            if self._checker is None:
                from tutor.assessment.checker import load_checker

                self._checker = load_checker(self._content)
            return self._checker

    def use(self, compiled: Compiled) -> None:
        """Check with this compiled checker (compiled, or read from the cache, by the caller)."""
        from tutor.assessment.checker import AnswerChecker

        with self._lock:
            self._checker = AnswerChecker(None, compiled, self._content)

    def assess(self, question_id: str, text: str, expected: Expected | None = None) -> Assessment:
        return self.warm().assess(question_id, text, expected)

    def __getattr__(self, name: str):
        return getattr(self.warm(), name)


def content_fingerprint(content: list[Path] | None) -> str:
    """Names, sizes and times of every content file: changes when any rule or dialogue file does."""
    from tutor.content.locate import content_roots, layered_files

    roots = content_roots(content)
    stats = [
        (str(p), p.stat().st_size, p.stat().st_mtime_ns)
        for kind in ("rules", "dialogues")
        for p in layered_files(kind, roots)
    ]
    return hashlib.sha256(repr(stats).encode()).hexdigest()


@dataclass
class Course:
    """The loaded content every session needs: the dialogues, the rule base and the checker."""

    dialogues: dict[str, Dialogue]
    rulebase: RuleBase
    checker: LazyChecker
    fingerprint: str = ""  # content_fingerprint() of the files it was read from

    def new_session(self, dialogue_id: str) -> Session:
        from tutor.dialogue.session import Session

        return Session(self.dialogues[dialogue_id], self.checker, self.rulebase)


def load_dialogues(content: list[Path] | None) -> dict[str, Dialogue]:
    from tutor.dialogue.library import load_dialogues as load

    return load(content)


def load_course(content: list[Path] | None, dialogues: dict | None = None) -> Course:
    """Read the rule base (and the dialogues, unless already read); the checker is built on first use."""
    from tutor.content.rulebase import load_rulebase

    fingerprint = content_fingerprint(content)
    return Course(
        dialogues if dialogues is not None else load_dialogues(content),
        load_rulebase(content),
        LazyChecker(content),
        fingerprint,
    )


def run_event(session: Session, kind: str, text: str = "") -> Reply:
    """One learner event (one of EVENTS) on a session; only an answer has text."""
    if kind not in EVENTS:
        raise ValueError(f"unknown learner event {kind!r}")
    method = getattr(session, kind)
    return method(text) if kind == "answer" else method()


def reply_moves(reply: Reply) -> list[dict]:
    return [{"type": m.type, "text": m.text, "ref": m.ref} for m in reply.moves]


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
