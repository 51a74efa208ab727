"""`tutor validate` as an instructor uses it: exit statuses, --strict, --format json, content layers."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tutor.cli.main import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def report(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["validate", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


WARNING_ONLY = """\
    claims:
      says_it_was_so:
        means: the learner agrees with something
        cues: ["it was the"]
    """


def test_shipped_content_has_no_errors(capsys):
    status, out = report(capsys)
    assert [p for p in out["problems"] if p["severity"] == "error"] == []
    assert status == 0 and out["passed"]
    assert any(f.startswith("rules/") for f in out["files"])


def test_warnings_pass_unless_strict(capsys, tmp_path):
    path = write(tmp_path / "rules" / "extra.yaml", WARNING_ONLY)
    status, out = report(capsys, str(path))
    assert status == 0 and out["passed"] and out["warnings"] == 1 and out["errors"] == 0
    status, out = report(capsys, "--strict", str(path))
    assert status == 1 and not out["passed"]


def test_json_report_shape(capsys, tmp_path):
    path = write(tmp_path / "rules" / "extra.yaml", WARNING_ONLY)
    _, out = report(capsys, str(path))
    assert set(out) == {"passed", "errors", "warnings", "files", "problems"}
    assert out["files"] == [str(path)]
    [problem] = out["problems"]
    assert problem == {
        "file": str(path),
        "line": 4,
        "col": 12,
        "severity": "warning",
        "message": problem["message"],
        "hint": problem["hint"],
    }
    assert "only common words" in problem["message"] and problem["hint"]


BAD_CUE = """\
    claims:
      shrewd_putin:
        means: Putin is a shrewd strategist
        cues: ["{strategist_words} putin"]
    """


def test_content_dir_is_checked_with_the_shipped_content(capsys, tmp_path, monkeypatch):
    """No PATH: the content in force, which includes --content DIR and $TUTOR_CONTENT."""
    write(tmp_path / "course" / "rules" / "mine.yaml", BAD_CUE)
    status, out = report(capsys, "--content", str(tmp_path / "course"))
    mine = [p for p in out["problems"] if p["file"].endswith("mine.yaml")]
    assert status == 1 and len(mine) == 1 and mine[0]["line"] == 4 and "{strategist_words}" in mine[0]["message"]

    monkeypatch.setenv("TUTOR_CONTENT", str(tmp_path / "course"))
    status, out = report(capsys)
    assert status == 1 and any(p["file"].endswith("mine.yaml") for p in out["problems"])


def test_content_option_before_the_command_counts_too(capsys, tmp_path):
    write(tmp_path / "course" / "rules" / "mine.yaml", BAD_CUE)
    status = main(["--content", str(tmp_path / "course"), "validate"])
    assert status == 1 and "mine.yaml:4:" in capsys.readouterr().out


def test_an_instructor_file_may_use_shipped_ids(capsys, tmp_path):
    path = write(
        tmp_path / "rules" / "extra.yaml",
        """\
        questions:
          pariah:
            ask: What did the invasion do to Russia's standing in the world?
            concepts: [unintended_consequences]
            expectations:
              pariah_status:
                text: Russia risks becoming an outcast among nations for a generation.
            watch: [putin_master_strategist]
        claims:
          outcast:
            means: Russia has become an outcast
            cues: ["outcast|pariah", "isolated ... world"]
        rules:
          - id: outcast_is_pariah_status
            when: [{claim: outcast}]
            then: {expectation: pariah_status}
        """,
    )
    status, out = report(capsys, str(path))
    assert status == 0, out["problems"]
    assert out["problems"] == []


def test_overriding_a_question_must_keep_its_expectations(capsys, tmp_path):
    path = write(
        tmp_path / "rules" / "override.yaml",
        """\
        questions:
          no_choice:
            ask: Did Russia have a choice?
            expectations:
              states_choose_interpretation:
                text: States choose how to read what others do.
        """,
    )
    status, out = report(capsys, str(path))
    [dropped] = [p for p in out["problems"] if "no_choice_no_dilemma" in p["message"]]
    assert status == 1 and dropped["line"] == 4 and dropped["severity"] == "error"


def test_kind_is_told_by_keys_outside_known_folders(capsys, tmp_path):
    path = write(
        tmp_path / "mine.yaml",
        """\
        id: tiny
        title: Tiny
        description: one step
        steps:
          - question: critique
            summary: Without choice, critique has nothing to stand on.
            next: [{verdict: correct, goto: nowhere}]
        """,
    )
    status, out = report(capsys, str(path))
    assert status == 1
    assert any(p["line"] == 7 and "nowhere" in p["message"] for p in out["problems"])


def test_an_empty_or_non_mapping_file_named_on_the_command_line_is_an_error(capsys, tmp_path):
    empty = write(tmp_path / "empty.yaml", "")
    listed = write(tmp_path / "list.yaml", "- one\n- two\n")
    status, out = report(capsys, str(empty), str(listed))
    assert status == 1
    assert sorted((Path(p["file"]).name, p["line"], p["message"]) for p in out["problems"]) == [
        ("empty.yaml", 1, "this file is empty"),
        ("list.yaml", 1, "this file holds a list, not a mapping of keys"),
    ]


def test_a_quiz_script_is_recognised_and_its_ids_checked(capsys, tmp_path):
    script = write(
        tmp_path / "learner.yaml",
        """\
        dialogue: no-choice
        turns:
          - answer: "Russia had no choice."
            expect: {verdict: misconception, misconceptions: [no_choise]}
        """,
    )
    status, out = report(capsys, str(script))
    assert status == 1
    (problem,) = out["problems"]
    assert (problem["line"], problem["message"]) == (4, "unknown misconception 'no_choise'")
    write(script, script.read_text().replace("no_choise", "no_choice"))
    status, out = report(capsys, str(script))
    assert status == 0 and out["problems"] == []
