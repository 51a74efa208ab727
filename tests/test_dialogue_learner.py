"""The learner model: Bayesian Knowledge Tracing and the prerequisite order of concepts."""

from __future__ import annotations

from tutor.content.rulebase import RuleBase
from tutor.content.rules import Concept
from tutor.dialogue.learner import BktParameters, LearnerModel, prerequisites


def test_a_correct_showing_raises_mastery_and_a_wrong_one_lowers_it():
    model = LearnerModel(["choice"], BktParameters(prior=0.5, learn=0.0, guess=0.2, slip=0.1))
    model.observe("choice", True)
    assert model.mastery["choice"] == 0.5 * 0.9 / (0.5 * 0.9 + 0.5 * 0.2)
    model = LearnerModel(["choice"], BktParameters(prior=0.5, learn=0.0))
    model.observe("choice", False)
    assert model.mastery["choice"] < 0.5


def test_evidence_converges_and_stays_a_probability():
    model = LearnerModel(["a"])
    for _ in range(30):
        model.observe("a", True)
    assert 0.99 < model.mastery["a"] <= 1.0
    for _ in range(30):
        model.observe("a", False)
    assert 0.0 <= model.mastery["a"] < 0.3


def test_a_concept_both_shown_and_missed_in_one_turn_counts_as_missed():
    model = LearnerModel(["a", "b"])
    model.observe_turn(shown={"a", "b"}, missed={"b"})
    assert model.mastery["a"] > model.params.prior > model.mastery["b"] - model.params.learn


def test_prerequisites_are_transitive_and_tolerate_cycles():
    rb = RuleBase()
    rb.concepts = {
        "a": Concept(name="a", summary="", requires=["b"]),
        "b": Concept(name="b", summary="", requires=["c"]),
        "c": Concept(name="c", summary="", requires=["a"]),
    }
    assert prerequisites(rb, "a") == {"a", "b", "c"}
    assert prerequisites(rb, "unknown") == set()
