"""The loaded content every session needs (dialogues, rule base, checker), and running a session's events.

Nothing here touches the database (see recorder.py for sessions that are stored): the app's
forked child (tui/preview.py) runs a throwaway session with this alone.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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


def storable(text: str) -> str:
    """The learner's text with undecodable bytes replaced by U+FFFD, so that it can be saved."""
    return SURROGATES.sub("\ufffd", text)


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
