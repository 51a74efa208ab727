"""Examples in the rule base: the shipped ones all pass, and `tutor validate` reports a wrong one at its line."""

from __future__ import annotations

import textwrap

import pytest
from tutor_process import run_tutor as run

from tutor.authoring.examples import Example, examples, grade


def test_every_shipped_point_and_misconception_has_examples(rulebase):
    points = [e for q in rulebase.questions.values() for e in q.expectations.values()]
    for item in points + list(rulebase.misconceptions.values()):
        assert len(item.examples) >= 5 and len(item.counterexamples) >= 3, item


def test_the_shipped_examples_are_all_graded_right(checker):
    wrong = [
        (g.example.label, g.example.text, g.read)
        for e in examples(checker.rulebase)
        if not (g := grade(checker, e)).passed
    ]
    assert wrong == []


def test_a_counterexample_is_graded_against_its_point(checker):
    example = next(
        e for e in examples(checker.rulebase) if e.kind == "misconception" and e.ident == "no_choice" and not e.wanted
    )
    flipped = type(example)(example.text, True, example.kind, example.ident, example.question, example.where)
    assert grade(checker, example).passed and not grade(checker, flipped).passed


def test_a_claim_example_must_make_the_claim_in_the_learners_own_voice(checker):
    def graded(text: str, wanted: bool) -> bool:
        return grade(checker, Example(text, wanted, "claim", "no_choice", None, ("rules", 1, 1))).passed

    assert graded("Russia had no choice but to invade.", True)
    assert graded("Walt says Russia had no choice.", False)  # reported: not the learner's claim
    assert graded("Russia did have a choice.", False)
    assert not graded("Walt says Russia had no choice.", True)


@pytest.mark.slow  # runs tutor as a process
def test_validate_reports_a_planted_wrong_example_at_its_line(tmp_path):
    rules = tmp_path / "course" / "rules"
    rules.mkdir(parents=True)
    (rules / "arms.yaml").write_text(
        textwrap.dedent("""\
        questions:
          arms_race:
            ask: What does an arms race show?
            expectations:
              race_spirals:
                text: Each side's arming makes the other arm more.
                examples:
                  - "Every new missile on one side brings a new missile on the other."
                  - "Whatever one rival builds, the other copies and raises."
        claims:
          arming_spirals:
            means: one side's arming makes the other arm
            cues: ["missile ... brings ... missile"]
        rules:
          - id: race
            when: [{claim: arming_spirals, stance: any}]
            then: {expectation: race_spirals}
        """)
    )
    done = run("validate", "course", cwd=tmp_path)
    assert done.returncode == 1
    (line,) = [x for x in done.stdout.splitlines() if ": error:" in x]
    assert line.startswith("course/rules/arms.yaml:9:")
    assert "example of expectation 'race_spirals' is not credited with it: no cue matched" in line
