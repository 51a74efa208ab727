"""What the answer checker says about one answer, and why: dataclasses shared by every surface."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.understanding.acts import ANSWER, Act
from tutor.understanding.matches import CueMatch

VERDICTS = ("correct", "partial", "misconception", "irrelevant", "non_domain")


@dataclass(frozen=True)
class FiredRule:
    rule: str  # the inference rule id
    concluded: str  # e.g. "expectation states_choose_interpretation"
    because: str = ""


@dataclass(frozen=True)
class Trace:
    normalised: str
    matches: tuple[CueMatch, ...] = ()
    fired: tuple[FiredRule, ...] = ()
    intent_cue: str = ""


@dataclass(frozen=True)
class Expected:
    """What the tutor's last move expects of the reply (declared on hints, prompts and challenges in
    dialogues/, and on yes/no questions in rules/): a reply is read against it before the question."""

    blank: str = ""  # a fill-in prompt, its blank written ___
    answers: tuple[str, ...] = ()  # cues of a right completion of the blank
    yes_no: str | None = None  # "yes" or "no": the right reply to a yes/no question
    wrong_holds: str | None = None  # the misconception a bare wrong yes/no holds
    serves: str | None = None  # the expectation a right reply covers (None: it covers none)

    @property
    def words(self) -> tuple[str, ...]:
        """The answers written as plain words, not as {class}es, a|b alternatives or gaps: what can be shown."""
        return tuple(a for a in self.answers if not any(mark in a for mark in ("{", "|", "...")))


@dataclass(frozen=True)
class Assessment:
    question: str
    verdict: str  # one of VERDICTS
    expectations: tuple[str, ...] = ()  # expectations of the question the answer covers
    missing: tuple[str, ...] = ()  # expectations of the question it does not cover
    misconceptions: tuple[str, ...] = ()  # misconceptions the learner endorses
    concepts: tuple[str, ...] = ()  # concepts the answer shows
    intent: str | None = None  # a non-attempt: "dont_know", "hint", "repeat", "why", "skip", ...
    trace: Trace = field(default_factory=lambda: Trace(""))
    act: Act = ANSWER  # what kind of turn it was
    reply: str | None = None  # "right" or "wrong": how it answered the tutor's last move, if it did
    truncated: bool = False  # graded on the answer's start only: it was too long to read whole

    def to_json(self) -> dict[str, Any]:
        """The `tutor grade` line (without the input id)."""
        out = {
            "question": self.question,
            "verdict": self.verdict,
            "expectations": list(self.expectations),
            "misconceptions": list(self.misconceptions),
            "concepts": list(self.concepts),
        }
        return out | {"truncated": True} if self.truncated else out

    def trace_json(self) -> dict[str, Any]:
        out = self.to_json() | {"missing": list(self.missing), "intent": self.intent}
        return out | {"act": self.act.kind, "reply": self.reply, "trace": asdict(self.trace)}
