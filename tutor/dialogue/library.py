"""The dialogues: every file of `dialogues/` across content layers, checked against the rule base."""

from __future__ import annotations

from pathlib import Path

from tutor.content.locate import content_roots, layered_files
from tutor.content.problems import ContentError, Problem
from tutor.content.rulebase import RuleBase
from tutor.content.yamlfile import YamlDoc, read_yaml, validate
from tutor.dialogue.models import END, Dialogue, Step


def read_dialogue_file(path: Path) -> tuple[YamlDoc, Dialogue]:
    doc = read_yaml(path)
    return doc, validate(doc, Dialogue)


def load_dialogues(content: list[Path] | None = None, rulebase: RuleBase | None = None) -> dict[str, Dialogue]:
    """Read the layered dialogue files (a later id replaces an earlier one); raise ContentError listing
    every problem. Given a rule base, also check that every id a dialogue names is defined there."""
    dialogues: dict[str, Dialogue] = {}
    problems: list[Problem] = []
    layer_of: dict[str, Path] = {}  # dialogue id -> the content root it was last read from
    roots = content_roots(content)
    for path in layered_files("dialogues", roots):
        try:
            doc, dialogue = read_dialogue_file(path)
        except ContentError as e:
            problems += e.problems
            continue
        problems += check_dialogue(doc, dialogue, rulebase)
        # A later layer may replace a dialogue; two files of one layer may not share an id.
        layer = max((r for r in roots if path.resolve().is_relative_to(r.resolve())), key=lambda r: len(r.parts))
        if layer_of.get(dialogue.id) == layer:
            problems.append(doc.problem(("id",), f"another file of this folder also has dialogue id {dialogue.id!r}"))
        layer_of[dialogue.id] = layer
        dialogues[dialogue.id] = dialogue
    if problems:
        raise ContentError(problems)
    return dialogues


def check_dialogue(doc: YamlDoc, dialogue: Dialogue, rulebase: RuleBase | None) -> list[Problem]:
    """The mistakes pydantic cannot see: repeated steps, unknown ids, transitions to nowhere."""
    problems = []
    questions = [s.question for s in dialogue.steps]
    for i, step in enumerate(dialogue.steps):
        at = ("steps", i)
        if questions.index(step.question) != i:
            problems.append(
                doc.problem(
                    at + ("question",),
                    f"question {step.question!r} has two steps",
                    "a dialogue asks each question once",
                )
            )
        for j, transition in enumerate(step.next):
            if transition.goto != END and transition.goto not in questions:
                problems.append(
                    doc.problem(
                        at + ("next", j, "goto"),
                        f"no step asks question {transition.goto!r}",
                        f"use a question of this dialogue or {END!r}",
                    )
                )
        if rulebase is not None:
            problems += check_ids(doc, at, step, rulebase)
    return problems


def check_ids(doc: YamlDoc, at: tuple[str | int, ...], step: Step, rulebase: RuleBase) -> list[Problem]:
    question = rulebase.questions.get(step.question)
    if question is None:
        return [doc.problem(at + ("question",), f"unknown question {step.question!r}", "see `questions:` in rules/")]
    problems = []
    for ident in step.expectations:
        if ident not in question.expectations:
            problems.append(
                doc.problem(
                    at + ("expectations", ident),
                    f"question {step.question!r} has no expectation {ident!r}",
                    f"its expectations: {', '.join(question.expectations)}",
                )
            )
    named: list[tuple[tuple[str | int, ...], str]] = [(("misconceptions", m), m) for m in step.misconceptions]
    named += [(("next", j, "misconception"), t.misconception) for j, t in enumerate(step.next) if t.misconception]
    for loc, ident in named:
        if ident not in rulebase.misconceptions:
            problems.append(
                doc.problem(at + loc, f"unknown misconception {ident!r}", "see `misconceptions:` in rules/")
            )
    for j, ident in enumerate(step.link):
        if ident not in rulebase.concepts:
            problems.append(doc.problem(at + ("link", j), f"unknown concept {ident!r}", "see `concepts:` in rules/"))
    return problems
