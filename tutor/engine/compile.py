"""Compile the rule base's inference rules into a durable-rules ruleset.

Facts in the engine are flat dicts with a `type`:
    {"type": "claim", "claim": id, "polarity": "affirmed"|"negated",
     "stance": "own"|"reported"|"hypothetical"}   -- which sentence made it is the trace's to show:
                                                     no rule tests it, so answers share runs
    {"type": "question", "question": id}
    {"type": "expectation", "expectation": id}, {"type": "misconception", "misconception": id},
    {"type": "concept", "concept": id}
    {"type": "end"}  -- asserted after every fact of the answer: rules with `unless` wait for it,
                        because durable-rules has no truth maintenance and would otherwise decide
                        on the part of the answer read so far.
A rule's conclusion is asserted back as a new fact, so rules chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # grading from the cache needs RULESET and describe, not the rule base's models
    from tutor.content.rules import Conclusion, Condition, InferenceRule
    from tutor.engine.host import Fact, Rule

RULESET = "answer"


def condition_pattern(cond: Condition | Conclusion) -> Fact:
    from tutor.content.rules import Condition

    for kind in ("claim", "expectation", "misconception", "concept"):
        value = getattr(cond, kind)
        if value is not None:
            tests = [{"type": kind}, {kind: value}]
            if kind == "claim" and isinstance(cond, Condition):
                if cond.polarity != "any":
                    tests.append({"polarity": cond.polarity})
                if cond.stance == "not_reported":
                    tests.append({"$neq": {"stance": "reported"}})
                elif cond.stance != "any":
                    tests.append({"stance": cond.stance})
            return {"$and": tests}
    raise ValueError("a condition names no fact")  # the validator reports it at its line first


def compile_rule(rule: InferenceRule) -> Rule:
    patterns = [{f"w{i}": condition_pattern(c)} for i, c in enumerate(rule.when)]
    if rule.questions:
        asked = [{"question": q} for q in rule.questions]
        patterns.append({"q": {"$and": [{"type": "question"}, asked[0] if len(asked) == 1 else {"$or": asked}]}})
    if rule.unless:
        patterns.append({"end": {"type": "end"}})
        patterns += [{f"u{i}$not": condition_pattern(c)} for i, c in enumerate(rule.unless)]
    return {"all": patterns}


def claims_tested(rules: list[InferenceRule], questions: list[str]) -> dict[str, frozenset[tuple[str, str, str]]]:
    """For each question, every (claim, polarity, stance) that a condition of a rule in force there can
    match. A claim read outside these can neither fire a rule nor block one: it is left out of the run,
    so that answers differing only in such claims share a run."""
    tested: dict[str, set[tuple[str, str, str]]] = {q: set() for q in questions}
    for rule in rules:
        facts = {fact for cond in (*rule.when, *rule.unless) for fact in _claim_facts(cond)}
        for q in rule.questions or questions:
            tested.setdefault(q, set()).update(facts)
    return {q: frozenset(facts) for q, facts in tested.items()}


def _claim_facts(cond: Condition) -> set[tuple[str, str, str]]:
    if cond.claim is None:
        return set()
    polarities = ("affirmed", "negated") if cond.polarity == "any" else (cond.polarity,)
    stances = {"any": ("own", "reported", "hypothetical"), "not_reported": ("own", "hypothetical")}.get(
        cond.stance, (cond.stance,)
    )
    return {(cond.claim, polarity, stance) for polarity in polarities for stance in stances}


def compile_rules(rules: list[InferenceRule]) -> dict[str, dict[str, Rule]]:
    """{ruleset name: {rule id: durable rule}}"""
    return {RULESET: {rule.id: compile_rule(rule) for rule in rules}}


def conclusion_fact(then: Conclusion) -> Fact:
    for kind in ("expectation", "misconception", "concept"):
        value = getattr(then, kind)
        if value is not None:
            return {"type": kind, kind: value}
    return {"type": "claim", "claim": then.claim, "polarity": "affirmed", "stance": "own"}


def describe(fact: Fact) -> str:
    """ "misconception no_choice" -- how a conclusion is shown to people."""
    return f"{fact['type']} {fact[fact['type']]}"
