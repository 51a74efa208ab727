"""The quiz runner and its reports, with the fake checker of the session tests (verdicts under test control)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from test_dialogue_session import FakeChecker, dialogue, small_rulebase

from tutor.content.problems import ContentError
from tutor.quiz.coverage import authored_items, coverage_json
from tutor.quiz.report import json_report, junit_report, text_report
from tutor.quiz.runner import run_script
from tutor.quiz.script import load_scripts


def run(tmp_path, text: str, name: str = "script.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rb = small_rulebase()
    d = dialogue()
    [(doc, script)] = load_scripts([path], {d.id: d}, rb)
    return run_script(doc, script, d, FakeChecker(rb), rb)


NO_CHOICE_THEN_ESSAY = """\
dialogue: test
turns:
  - answer: "no_choice"
    expect: {verdict: misconception, misconceptions: [no_choice], move: challenge, question: q_choice}
  - answer: "no_choice still"
    expect: {move: correction, says: ["precondition of any dilemma"]}
  - answer: "chooses no_dilemma"
    expect: {verdict: correct, expectations: [chooses, no_dilemma], move: summary}
"""


def test_a_script_whose_expectations_hold_passes(tmp_path):
    result = run(tmp_path, NO_CHOICE_THEN_ESSAY)
    assert result.passed, result.failures + [f for t in result.turns for f in t.failures]
    assert result.checks == (9, 9)


def test_a_failed_expectation_names_the_script_line_and_what_happened(tmp_path):
    result = run(tmp_path, NO_CHOICE_THEN_ESSAY.replace("move: challenge", "move: hint"))
    [failure] = result.turns[0].failures
    assert failure.startswith(f"{tmp_path / 'script.yaml'}:4: turn 1: expected a hint move, got ['challenge']")
    assert not result.passed


def test_a_simulated_learner_who_knows_nothing_is_led_to_the_end_without_loops(tmp_path):
    result = run(tmp_path, "dialogue: test\nanswers: {}\nexpect: {finished: true, asked: [q_choice, q_limits]}\n")
    assert result.passed and result.finished
    kinds = [m.type for t in result.turns for m in t.reply.moves]
    assert kinds.count("assertion") == 3 and "hint" in kinds and "prompt" in kinds


def test_a_simulated_learner_who_knows_everything_gets_no_hints(tmp_path):
    result = run(
        tmp_path,
        "dialogue: test\nanswers: {q_choice: [chooses no_dilemma], q_limits: [knows]}\n"
        "expect: {finished: true, never: [hint, pump, prompt, assertion]}\n",
    )
    assert result.passed and len(result.turns) == 2


def test_a_run_cut_off_by_max_turns_fails(tmp_path):
    result = run(tmp_path, "dialogue: test\nanswers: {}\nmax_turns: 2\n")
    assert not result.passed and "max_turns=2" in result.failures[0]


@pytest.mark.parametrize(
    "text, message",
    [
        ("dialogue: nope\nturns: []\n", "unknown dialogue 'nope'"),
        ("dialogue: test\nturns: []\nanswers: {}\n", "either `turns` or `answers`"),
        ("dialogue: test\nturns:\n  - answer: x\n    expect: {verdit: correct}\n", "unknown key 'verdit'"),
        ("dialogue: test\nturns:\n  - answer: x\n    expect: {misconceptions: [no_chioce]}\n", "unknown misconception"),
        ("dialogue: test\nanswers: {q_nowhere: [x]}\n", "unknown question"),
        ("dialogue: test\nturns: [\n", "YAML syntax"),
    ],
)
def test_script_mistakes_are_content_errors_at_their_line(tmp_path, text, message):
    with pytest.raises(ContentError) as error:
        run(tmp_path, text)
    assert message in str(error.value) and str(error.value).startswith(str(tmp_path / "script.yaml") + ":")


def test_reports_carry_the_issue_shapes(tmp_path):
    result = run(tmp_path, NO_CHOICE_THEN_ESSAY)
    data = json.loads(json_report([result]))
    assert data["passed"] is True
    turn = data["scripts"][0]["turns"][0]
    assert set(turn) == {"answer", "question", "act", "verdict", "expectations", "misconceptions", "moves", "failures"}
    assert turn["moves"][0]["type"] == "challenge" and "mastery" in data["scripts"][0]
    suite = ET.fromstring(junit_report([result]).split("?>", 1)[1]).find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "0"  # three turns and the whole run
    text = text_report([result])
    assert "verdict: misconception" in text and "checks met: 9 of 9" in text and "1 of 1 scripts passed" in text


def test_coverage_counts_the_authored_items_a_run_used(tmp_path):
    result = run(tmp_path, NO_CHOICE_THEN_ESSAY)
    d = dialogue()
    items = authored_items(d, "test.yaml", lambda loc: (1, 1))
    data = coverage_json({"test": items}, {"test": result.exercised})["test"]
    assert data["kinds"]["challenge"] == {"covered": 1, "total": 1}
    assert data["kinds"]["correction"] == {"covered": 1, "total": 1}
    assert data["kinds"]["hint"] == {"covered": 0, "total": 3}
    assert {m["ref"] for m in data["missed"]} >= {"q_choice/hint/chooses/0", "q_choice/pump/0"}
