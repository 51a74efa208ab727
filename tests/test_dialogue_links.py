"""Links walk the rule base's relations: `tutor link` (old name `tutor why`) and the chains behind it."""

from __future__ import annotations

from tutor.cli.main import main
from tutor.content.rulebase import RuleBase
from tutor.content.rules import Concept, Relation
from tutor.dialogue.links import chains, concepts_of, explain_link


def rulebase(*relations: tuple[str, str, str]) -> RuleBase:
    rb = RuleBase()
    names = {c for s, _, t in relations for c in (s, t)}
    rb.concepts = {c: Concept(name=c.replace("_", " "), summary=c) for c in names | {"island"}}
    rb.relations = [Relation(source=s, type=t, target=g, says=f"{s} {t} {g}.") for s, t, g in relations]
    return rb


ARGUMENT = rulebase(
    ("self_limitation", "counsels", "prudence"),
    ("prudence", "prevents", "tragedy"),
    ("prudence", "prevents", "recklessness"),
    ("recklessness", "causes", "tragedy"),
    ("uncertainty", "leads_to", "self_limitation"),
    ("uncertainty", "leads_to", "recklessness"),
    ("a", "causes", "b"),
    ("b", "causes", "c"),
    ("c", "causes", "d"),
    ("d", "causes", "tragedy"),
)


def test_chains_give_the_shortest_first_then_those_one_link_longer():
    found = [concepts_of(c) for c in chains(ARGUMENT, "self_limitation", "tragedy")]
    assert found[0] == ["self_limitation", "prudence", "tragedy"]
    assert ["self_limitation", "prudence", "recklessness", "tragedy"] in found
    assert ["self_limitation", "uncertainty", "recklessness", "tragedy"] in found  # walked against a relation
    assert all(len(c) <= 4 for c in found)


def test_unconnected_concepts_have_no_chain_and_the_tutor_says_so():
    assert chains(ARGUMENT, "island", "tragedy") == []
    assert "can't find a link" in explain_link(ARGUMENT, "island", "tragedy")


def test_the_explanation_tells_each_link_in_the_authors_words():
    text = explain_link(ARGUMENT, "self_limitation", "tragedy")
    assert "self_limitation counsels prudence." in text and "recklessness causes tragedy." in text


def test_tutor_link_prints_the_chain_of_the_shipped_rule_base(capsys):
    assert main(["link", "self_limitation", "tragedy"]) == 0
    out = capsys.readouterr().out
    for words in ("uncertainty", "reckless", "prudence and restraint", "tragedy"):
        assert words in out


def test_the_old_name_tutor_why_still_runs_link_and_suggests_a_misspelt_concept(capsys):
    assert main(["why", "self_limitaton", "tragedy"]) == 2
    assert "did you mean self_limitation" in capsys.readouterr().err
