"""The dialogue file format: one pydantic model for every file in `dialogues/`.

A dialogue is a sequence of steps, one per curriculum question. For each question an
author writes what the tutor says when the learner is stuck (pumps; hints from vague
to specific, a fill-in prompt and an assertion per expectation), what it asks when the
learner voices a misconception (a Socratic challenge, then a correction), the summary,
and where to go next. Anything left out falls back to the rule base's own words
(the question's `ask`, an expectation's `text`, a misconception's `correction`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, ConfigDict, Field, model_validator

from tutor.assessment.types import VERDICTS
from tutor.content.base import Id, Strict

Verdict = Literal[VERDICTS]  # type: ignore[valid-type]
END = "end"  # a transition target: finish the dialogue


YesNo = Literal["yes", "no"]


class Hint(Strict):
    """A hint that asks for a reply, a yes or no or a word or two: a right reply makes the point the hint serves."""

    text: str
    expects: YesNo | None = Field(None, description="For a yes/no hint: the reply the essay would give.")
    answers: list[str] = Field(
        default_factory=list,
        description="Cues of a right short reply (words, {class}es, a|b), as a prompt's answers.",
    )
    wrong_holds: Id | None = Field(None, description="The misconception a bare wrong reply holds, if any.")
    if_wrong: str | None = Field(
        None,
        description=(
            "Said to a bare wrong reply that holds no misconception, before the next help: a short correction"
            " of the fact the hint asked about (default: a plain 'not quite')."
        ),
    )

    @model_validator(mode="after")
    def asks_for_something(self) -> Hint:
        if self.expects is None and not self.answers:
            raise ValueError(
                "a hint written out asks for a reply: give `expects` (yes/no) or `answers`, or write it as text"
            )
        return self


class Prompt(Strict):
    """A fill-in question, its blank written ___, with the words that complete it."""

    text: str
    answers: list[str] = Field(
        min_length=1,
        description=("Cues of a right completion (words, {class}es, a|b): the essay's word and its near synonyms."),
    )


class Pump(Strict):
    """A "what else?" nudge that asks for one point of the question: not given once the learner has made it."""

    text: str
    asks: Id = Field(description="The expectation of the step's question that the nudge asks for.")


class ExpectationMoves(Strict):
    """How the tutor draws out one expectation: hints, then a prompt, then it says it itself."""

    hints: list[str | Hint] = Field(default_factory=list, description="From vague to specific; each is given once.")
    prompt: str | Prompt | None = Field(None, description="A fill-in question the learner can answer in a word or two.")
    assertion: str | None = Field(None, description="The tutor states the point (default: the rule base's text).")
    praise: str | None = Field(None, description="Feedback when the learner makes this point.")


class MisconceptionMoves(Strict):
    """A misconception voiced is challenged, then corrected; each time in other words, so several of
    each may be written. After the third insistence the tutor acknowledges the disagreement and moves on."""

    challenge: str | list[str] = Field(description="A question that leads the learner to see the contradiction.")
    correction: str | list[str] | None = Field(
        None, description="If the learner holds on to it (default: the rule base's correction)."
    )
    expects: YesNo | None = Field(
        None,
        description=(
            "For a yes/no challenge: the reply of a learner who sees the contradiction; the other one holds on."
        ),
    )

    @property
    def challenges(self) -> list[str]:
        return [self.challenge] if isinstance(self.challenge, str) else list(self.challenge)

    @property
    def corrections(self) -> list[str]:
        return [self.correction] if isinstance(self.correction, str) else list(self.correction or [])


class Transition(Strict):
    """Where to go after this step: on the verdict of the learner's first attempt, on a misconception
    voiced anywhere in the step, or (with neither) always. The first transition that holds is taken."""

    verdict: Verdict | None = None
    misconception: Id | None = None
    goto: Id = Field(description=f"A question id of a later or earlier step, or {END!r}.")

    @model_validator(mode="after")
    def one_condition(self) -> Transition:
        if self.verdict is not None and self.misconception is not None:
            raise ValueError("a transition has at most one of `verdict` or `misconception`")
        return self


class Step(Strict):
    question: Id = Field(description="A question id from rules/.")
    ask: str | None = Field(None, description="The question in this dialogue's words (default: the rule base's `ask`).")
    rephrase: str | None = Field(None, description="The question in other words, for a learner who asks what it means.")
    pumps: list[str | Pump] = Field(
        default_factory=list,
        description="'What else...?' nudges, used after a partial answer; one that `asks` for a point made is skipped.",
    )
    expectations: dict[Id, ExpectationMoves] = Field(default_factory=dict)
    misconceptions: dict[Id, MisconceptionMoves] = Field(default_factory=dict)
    summary: str = Field(description="What the tutor says once every expectation is covered.")
    link: list[Id] = Field(
        default_factory=list,
        max_length=2,
        validation_alias=AliasChoices("link", "explain"),  # `explain:` is the old name, kept for one release
        description="Two concepts whose link the tutor walks when asked 'why?'.",
    )
    next: list[Transition] = Field(
        default_factory=list,
        description="The first that holds is taken; else the next step (fixed order) "
        "or the learner model's pick (adaptive). A step is asked once at most.",
    )


class Dialogue(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="tutor dialogue file")

    id: Id = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str
    description: str
    intro: str = Field("", description="The tutor's opening words, before the first question.")
    order: Literal["fixed", "adaptive"] = Field(
        "fixed", description="adaptive: the learner model picks the next step (weakest concept first)."
    )
    steps: list[Step] = Field(min_length=1)
    closing: str = Field("", description="The tutor's last words, after the last summary.")

    def step(self, question: Id) -> Step:
        return next(s for s in self.steps if s.question == question)
