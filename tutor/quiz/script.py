"""The quiz script format: a learner's turns through one dialogue, and what each turn should bring.

A script gives either `turns` (answers in order) or `answers` (a simulated learner:
for whichever question is being asked, the next unused answer for it, then `default`),
so that one script can test an adaptive dialogue whatever order it picks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from tutor.assessment.types import VERDICTS
from tutor.content.base import Id, Strict
from tutor.content.problems import ContentError, Problem
from tutor.content.rulebase import RuleBase
from tutor.content.rules import ActKind
from tutor.content.yamlfile import YamlDoc, read_yaml, validate
from tutor.dialogue.models import Dialogue
from tutor.dialogue.moves import MOVE_TYPES

MoveType = Literal[MOVE_TYPES]  # type: ignore[valid-type]


class Expect(Strict):
    """What one turn should bring. Every key given must hold."""

    act: ActKind | None = Field(None, description="The dialogue act the learner's turn was read as.")
    verdict: Literal[VERDICTS] | None = None  # type: ignore[valid-type]
    misconceptions: list[Id] | None = Field(None, description="Exactly these misconceptions are endorsed.")
    expectations: list[Id] = Field(default_factory=list, description="These expectations are covered (others may be).")
    question: Id | None = Field(None, description="The question id being answered.")
    move: MoveType | None = Field(None, description="A move type the reply contains.")
    says: list[str] = Field(default_factory=list, description="Phrases the reply contains (case-insensitive).")
    mastery_kept: bool | None = Field(None, description="No concept's mastery went down on this turn.")


class Turn(Strict):
    answer: str
    expect: Expect | None = None


class RunExpect(Strict):
    """What the whole run should bring."""

    finished: bool | None = Field(None, description="The dialogue ended within the turns given.")
    asked: list[Id] = Field(default_factory=list, description="Question ids that were asked (in any order).")
    never: list[MoveType] = Field(default_factory=list, description="Move types the tutor must never use.")
    varied: list[MoveType] = Field(
        default_factory=list,
        description=("Move types the tutor must never repeat word for word (a stubborn learner hears new words)."),
    )


class QuizScript(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="tutor quiz script")

    dialogue: Id
    turns: list[Turn] | None = None
    answers: dict[Id, list[str | Turn]] | None = Field(
        None, description="A simulated learner: question id -> answers, used in order for that question."
    )
    default: str = Field("I don't know", description="The simulated learner's answer once its own run out.")
    max_turns: int = Field(200, ge=1, le=10_000, description="A dialogue not ended by then fails.")
    expect: RunExpect | None = None

    @model_validator(mode="after")
    def turns_or_answers(self) -> QuizScript:
        if (self.turns is None) == (self.answers is None):
            raise ValueError("a script has either `turns` or `answers` (a simulated learner), not both")
        return self


def read_script(path: Path) -> tuple[YamlDoc, QuizScript]:
    doc = read_yaml(path)
    return doc, validate(doc, QuizScript)


def find_scripts(paths: list[Path]) -> list[Path]:
    """The scripts named, a folder standing for every YAML file in it (sorted, recursively)."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found


def check_script(doc: YamlDoc, script: QuizScript, dialogues: dict[str, Dialogue], rulebase: RuleBase) -> list[Problem]:
    """Ids the script names that the content does not define: a typo would otherwise fail silently."""
    if script.dialogue not in dialogues:
        return [
            doc.problem(
                ("dialogue",),
                f"unknown dialogue {script.dialogue!r}",
                f"known dialogues: {', '.join(sorted(dialogues))}",
            )
        ]
    asked = {s.question for s in dialogues[script.dialogue].steps}
    problems = []
    expectations = {e for q in rulebase.questions.values() for e in q.expectations}

    def need(loc: tuple, ident: str, known, what: str) -> None:
        if ident not in known:
            problems.append(doc.problem(loc, f"unknown {what} {ident!r}"))

    expects: list[tuple[tuple, Expect]] = []
    for i, turn in enumerate(script.turns or []):
        if turn.expect:
            expects.append((("turns", i, "expect"), turn.expect))
    for q, answers in (script.answers or {}).items():
        need(("answers", q), q, asked, f"question in dialogue {script.dialogue!r}:")
        for i, answer in enumerate(answers):
            if isinstance(answer, Turn) and answer.expect:
                expects.append((("answers", q, i, "expect"), answer.expect))
    for loc, expect in expects:
        for j, m in enumerate(expect.misconceptions or []):
            need(loc + ("misconceptions", j), m, rulebase.misconceptions, "misconception")
        for j, e in enumerate(expect.expectations):
            need(loc + ("expectations", j), e, expectations, "expectation")
        if expect.question is not None:
            need(loc + ("question",), expect.question, asked, f"question in dialogue {script.dialogue!r}:")
    for j, q in enumerate(script.expect.asked if script.expect else []):
        need(("expect", "asked", j), q, asked, f"question in dialogue {script.dialogue!r}:")
    return problems


def load_scripts(
    paths: list[Path], dialogues: dict[str, Dialogue], rulebase: RuleBase
) -> list[tuple[YamlDoc, QuizScript]]:
    """Read and check every script; raise ContentError listing every problem of every file."""
    loaded, problems = [], []
    files = find_scripts(paths)
    if not files:
        problems.append(
            Problem(
                " ".join(map(str, paths)) or ".",
                1,
                1,
                "error",
                "no quiz scripts found",
                "name .yaml scripts or a folder that holds them",
            )
        )
    for path in files:
        try:
            doc, script = read_script(path)
        except ContentError as e:
            problems += e.problems
            continue
        problems += check_script(doc, script, dialogues, rulebase)
        loaded.append((doc, script))
    if problems:
        raise ContentError(problems)
    return loaded
