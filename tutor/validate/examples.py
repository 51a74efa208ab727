"""Examples the rules get wrong: each one at its line, with what the tutor read in it.

Grading needs a rule base that compiles, so check.py runs this only when the other checks
found no error (an unknown class or id is reported there, once).
"""

from __future__ import annotations

from tutor.assessment.checker import AnswerChecker
from tutor.authoring.examples import examples, grade
from tutor.content.problems import Problem
from tutor.validate.loading import Content


def wrong_examples(content: Content, files: set[str] | None = None) -> list[Problem]:
    """Each example graded wrong; given `files`, only the examples written in them."""
    listed = [e for e in examples(content.base) if files is None or e.where[0] in files]
    if not listed:
        return []
    checker = AnswerChecker(content.base)
    try:
        graded = [grade(checker, example) for example in listed]
    finally:
        checker.close()
    problems = []
    for g in graded:
        if g.passed:
            continue
        e = g.example
        missed = "is not credited with it" if e.kind == "expectation" else "is not taken for it"
        wrong, hint = (
            (missed, "add a cue, a class member or a rule that covers it (`tutor suggest` proposes some)")
            if e.wanted
            else ("is taken for it", "make the cue that fired more specific, or add an `unless:` to the rule")
        )
        problems.append(Problem(*e.where, "error", f"{e.label} {wrong}: {g.read}", hint))
    return problems
