"""Dialogue files: the shipped ones load against the shipped rule base; mistakes are reported at their line."""

from __future__ import annotations

import pytest
from test_dialogue_session import small_rulebase

from tutor.content.problems import ContentError
from tutor.content.rulebase import load_rulebase
from tutor.content.yamlfile import parse_yaml
from tutor.dialogue.library import check_dialogue, load_dialogues
from tutor.dialogue.models import Dialogue

GOOD = """\
id: mine
title: Mine
description: An instructor's dialogue.
steps:
  - question: q_choice
    summary: Done.
"""


@pytest.fixture(autouse=True)
def no_env_content(monkeypatch):
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)


def write(tmp_path, text: str, name: str = "mine.yaml"):
    folder = tmp_path / "dialogues"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_the_shipped_dialogues_load_and_name_only_known_ids():
    dialogues = load_dialogues(rulebase=load_rulebase())
    assert {"walkthrough", "no-choice", "limits-and-tragedy"} <= set(dialogues)
    walkthrough = {s.question for s in dialogues["walkthrough"].steps}
    assert walkthrough == set(load_rulebase().questions)  # all ten curriculum questions


def test_an_instructors_dialogue_is_added_and_a_same_named_file_replaces_the_shipped_one(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("id: mine", "id: walkthrough"), "walkthrough.yaml")
    dialogues = load_dialogues([tmp_path])
    assert dialogues["mine"].title == "Mine"
    assert [s.question for s in dialogues["walkthrough"].steps] == ["q_choice"]


@pytest.mark.parametrize(
    "text, line, message",
    [
        (GOOD + "    next: [{goto: nowhere}]\n", 7, "no step asks question 'nowhere'"),
        (GOOD + "  - question: q_choice\n    summary: Again.\n", 7, "question 'q_choice' has two steps"),
        (GOOD.replace("summary: Done.", "sumary: Done."), 6, "unknown key 'sumary'"),
        (GOOD + "    next: [{verdict: correct, misconception: no_choice, goto: end}]\n", 7, "at most one of"),
        (GOOD.replace("id: mine", "id: Mine Dialogue"), 1, "String should match pattern"),
    ],
)
def test_mistakes_are_reported_at_their_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as error:
        load_dialogues([tmp_path])
    problem = next(p for p in error.value.problems if message in p.message)
    assert problem.line == line and problem.file.endswith(path.name)


def test_ids_unknown_to_the_rule_base_are_reported_where_they_are_used():
    text = GOOD.replace(
        "q_choice",
        "q_choice\n    expectations: {chooses: {}, chose: {}}\n    misconceptions: {no_choise: {challenge: 'Sure?'}}",
    )
    doc = parse_yaml(text, "mine.yaml")
    problems = check_dialogue(doc, Dialogue.model_validate(doc.data), small_rulebase())
    assert [(p.line, p.message.split(" ")[-1]) for p in problems] == [(6, "'chose'"), (7, "'no_choise'")]
