"""Inference rules that can never fire, conclusions nothing reads, and points no rule can conclude.

A fact the engine can match is produced by the reader (a claim with cues) or by a
rule's `then` (tutor/assessment/checker.py asserts nothing else). Expectations,
misconceptions and concepts are read by the assessment, so a conclusion of those kinds
is always used; a concluded claim is used only if another rule reads it.
"""

from __future__ import annotations

from tutor.content.problems import Problem
from tutor.content.rules import Condition
from tutor.validate.loading import Content

FACT_KINDS = ("claim", "expectation", "misconception", "concept")


def produced(content: Content) -> dict[str, set[str]]:
    """Every fact the reader or a rule can assert, by kind."""
    base = content.base
    facts: dict[str, set[str]] = {kind: set() for kind in FACT_KINDS}
    facts["claim"] |= {ident for ident, claim in base.claims.items() if claim.cues}
    for rule in base.rules:
        for kind in FACT_KINDS:
            if getattr(rule.then, kind) is not None:
                facts[kind].add(getattr(rule.then, kind))
    return facts


def named(fact: Condition) -> list[tuple[str, str]]:
    return [(kind, getattr(fact, kind)) for kind in FACT_KINDS if getattr(fact, kind) is not None]


def unproduced_conditions(content: Content) -> list[Problem]:
    """A `when` naming a fact nothing asserts means the rule never fires; an `unless`, that it never blocks."""
    facts, base, problems = produced(content), content.base, []
    for rule in base.rules:
        for part in ("when", "unless"):
            for i, condition in enumerate(getattr(rule, part)):
                for kind, ident in named(condition):
                    defined = (
                        any(ident in q.expectations for q in base.questions.values())
                        if kind == "expectation"
                        else ident in getattr(base, kind + "s")
                    )
                    if ident in facts[kind] or not defined:
                        continue  # an undefined id is reported as unknown, not twice
                    effect = "so the rule can never fire" if part == "when" else "so it never blocks the rule"
                    problems.append(
                        Problem(
                            *base.where("rules", rule.id, part, i, kind),
                            "warning",
                            f"rule {rule.id!r} needs {kind} {ident!r}, which no cue or rule produces, {effect}",
                            f"give the {kind} cues, or a rule whose `then` concludes it",
                        )
                    )
    return problems


def unused_conclusions(content: Content) -> list[Problem]:
    """A rule concluding a claim that no other rule reads does nothing."""
    base, problems = content.base, []
    read = {c.claim for rule in base.rules for c in [*rule.when, *rule.unless] if c.claim}
    for rule in base.rules:
        claim = rule.then.claim
        if claim is not None and claim not in read:
            problems.append(
                Problem(
                    *base.where("rules", rule.id, "then"),
                    "warning",
                    f"rule {rule.id!r} concludes claim {claim!r}, which no rule reads",
                    "conclude an expectation, misconception or concept, or use the claim in another rule's `when`",
                )
            )
    return problems


def unconcluded_points(content: Content) -> list[Problem]:
    """An expectation or a watched misconception no rule concludes: the tutor can never credit or catch it."""
    facts, base, problems = produced(content), content.base, []
    for ident, question in base.questions.items():
        for expectation in question.expectations:
            if expectation not in facts["expectation"]:
                problems.append(
                    Problem(
                        *base.where("questions", ident, "expectations", expectation),
                        "warning",
                        f"no rule concludes expectation {expectation!r}, so no answer can cover it",
                        "add a rule with `then: {expectation: " + expectation + "}`",
                    )
                )
    for ident in base.misconceptions:
        if ident not in facts["misconception"]:
            problems.append(
                Problem(
                    *base.where("misconceptions", ident),
                    "warning",
                    f"no rule concludes misconception {ident!r}, so the tutor can never catch it",
                    "add a rule with `then: {misconception: " + ident + "}`",
                )
            )
    return problems
