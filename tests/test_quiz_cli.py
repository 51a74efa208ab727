"""`tutor quiz` end to end: the shipped dialogues, the real answer checker, the scripts in tests/quiz/."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tutor.cli.main import main

SCRIPTS = Path(__file__).parent / "quiz"


@pytest.fixture(autouse=True)
def no_env_content(monkeypatch):
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)


def test_every_shipped_quiz_script_passes(capsys):
    status = main(["quiz", str(SCRIPTS)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"{len(list(SCRIPTS.glob('*.yaml')))} of {len(list(SCRIPTS.glob('*.yaml')))} scripts passed" in out


def test_each_dialogue_has_a_passing_script():
    named = {
        line.split(":", 1)[1].strip()
        for p in SCRIPTS.glob("*.yaml")
        for line in p.read_text().splitlines()
        if line.startswith("dialogue:")
    }
    assert named >= {"walkthrough", "no-choice", "limits-and-tragedy"}


def test_a_failed_expectation_exits_1_and_the_json_report_says_which(tmp_path):
    script = tmp_path / "wrong.yaml"
    script.write_text(
        'dialogue: no-choice\nturns:\n  - answer: "Russia had no choice, NATO forced it."\n'
        "    expect: {verdict: correct}\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    assert main(["quiz", str(script), "--report", "json", "--output", str(report)]) == 1
    data = json.loads(report.read_text())
    assert data["passed"] is False
    [turn] = data["scripts"][0]["turns"]
    assert turn["verdict"] == "misconception" and "expected verdict correct" in turn["failures"][0]


def test_junit_report_has_a_testcase_per_turn(tmp_path):
    report = tmp_path / "junit.xml"
    assert main(["quiz", str(SCRIPTS / "no-choice-challenged.yaml"), "--report", "junit", "--output", str(report)]) == 0
    suite = ET.parse(report).getroot().find("testsuite")
    assert len(suite.findall("testcase")) == 6 and suite.get("failures") == "0"  # five turns and the whole run


def test_coverage_reports_what_the_scripts_exercised(capsys):
    assert main(["quiz", str(SCRIPTS / "no-choice-challenged.yaml"), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "Dialogue coverage" in out
    no_choice = next(line for line in out.splitlines() if line.startswith("no-choice "))
    walkthrough = next(line for line in out.splitlines() if line.startswith("walkthrough "))
    assert not no_choice.rstrip().endswith(" 0%") and walkthrough.rstrip().endswith(" 0%")
    assert "hint never used: critique/hint/critique_collapses/0" in out


@pytest.mark.parametrize(
    "text, where",
    [
        ("dialogue: nope\nturns: []\n", ":1:1: error: unknown dialogue 'nope'"),
        (
            "dialogue: no-choice\nturns:\n  - answer: x\n    expect: {expectations: [states_choose]}\n",
            ":4:29: error: unknown expectation 'states_choose'",
        ),
        ("dialogue: no-choice\nturns: [\n", ":3:1: error: YAML syntax"),
    ],
)
def test_a_broken_script_exits_2_with_its_line(tmp_path, capsys, text, where):
    script = tmp_path / "broken.yaml"
    script.write_text(text, encoding="utf-8")
    assert main(["quiz", str(script)]) == 2
    err = capsys.readouterr().err
    assert where in err and "Traceback" not in err


def test_coverage_can_be_limited_to_an_authors_own_folder(capsys):
    course = Path(__file__).parent / "authoring" / "new_question"
    assert (
        main(["quiz", "--content", str(course), str(course / "quiz"), "--report", "json", "--coverage-in", str(course)])
        == 0
    )
    coverage = json.loads(capsys.readouterr().out)["coverage"]
    assert list(coverage) == ["two-dangers"]
    assert coverage["two-dangers"]["kinds"]["challenge"] == {"covered": 1, "total": 1}
