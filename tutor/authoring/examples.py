"""The example answers of the rule base, and how the tutor grades each one.

An expectation's examples must be credited with it (and hold no misconception), a
misconception's examples must be caught as it, a claim's examples must make it in the
learner's own voice; a counterexample must not. Expectations are graded under their
question, misconceptions under the first question that watches them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tutor.assessment.checker import AnswerChecker
from tutor.content.rulebase import RuleBase
from tutor.understanding.matches import CueMatch


@dataclass(frozen=True)
class Example:
    text: str
    wanted: bool  # an example (True) or a counterexample (False)
    kind: str  # "expectation" | "misconception" | "claim"
    ident: str
    question: str | None  # the question it is graded under (None for a claim)
    where: tuple[str, int, int]

    @property
    def label(self) -> str:
        of = "example" if self.wanted else "counterexample"
        under = f" (question {self.question})" if self.question and self.kind != "expectation" else ""
        return f"{of} of {self.kind} {self.ident!r}{under}"


@dataclass(frozen=True)
class Graded:
    example: Example
    passed: bool
    read: str  # one line: what the tutor read in it


def examples(base: RuleBase) -> Iterator[Example]:
    """Every example and counterexample of the rule base, where it stands."""
    for q_id, question in base.questions.items():
        for e_id, expectation in question.expectations.items():
            yield from _of(
                expectation,
                "expectation",
                e_id,
                q_id,
                lambda *at, q=q_id, e=e_id: base.where("questions", q, "expectations", e, *at),
            )
    for m_id, misconception in base.misconceptions.items():
        yield from _of(
            misconception,
            "misconception",
            m_id,
            watching(base, m_id),
            lambda *at, m=m_id: base.where("misconceptions", m, *at),
        )
    for c_id, claim in base.claims.items():
        yield from _of(claim, "claim", c_id, None, lambda *at, c=c_id: base.where("claims", c, *at))


def _of(item, kind: str, ident: str, question: str | None, where) -> Iterator[Example]:
    for field, wanted in (("examples", True), ("counterexamples", False)):
        for i, text in enumerate(getattr(item, field)):
            yield Example(text, wanted, kind, ident, question, where(field, i))


def watching(base: RuleBase, misconception: str) -> str | None:
    """The question a misconception's examples are graded under: the first that watches it, else the
    first a rule concluding it is limited to, else the first question."""
    for q_id, question in base.questions.items():
        if misconception in question.watch:
            return q_id
    limited = [q for rule in base.rules if rule.then.misconception == misconception for q in rule.questions]
    return limited[0] if limited else next(iter(base.questions), None)


def grade(checker: AnswerChecker, example: Example) -> Graded:
    if example.kind == "claim":
        matches = checker.reader.read(example.text).matches
        made = any(m.claim == example.ident and m.polarity == "affirmed" and m.stance == "own" for m in matches)
        return Graded(example, made == example.wanted, describe(matches))
    if example.question is None:
        return Graded(example, False, "no question to grade it under")
    a = checker.assess(example.question, example.text)
    if example.kind == "expectation":
        shown = example.ident in a.expectations and not a.misconceptions
    else:
        shown = example.ident in a.misconceptions
    return Graded(example, shown == example.wanted, f"{describe(a.trace.matches)}; verdict {a.verdict}")


def describe(matches: tuple[CueMatch, ...]) -> str:
    """What was read, in one line: each claim with the words and cue that matched, polarity and stance."""
    if not matches:
        return "no cue matched"
    return "; ".join(f"{m.claim} {m.words!r} (cue {m.cue!r}) {m.polarity}, {m.stance}" for m in matches)


def grade_all(checker: AnswerChecker) -> list[Graded]:
    return [grade(checker, example) for example in examples(checker.rulebase)]
