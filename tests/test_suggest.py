"""`tutor suggest`: a question built from examples only becomes one the tutor can grade."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from tutor_process import REPO
from tutor_process import run_tutor as tutor

pytestmark = pytest.mark.slow  # every test runs tutor as a process
DEMO = REPO / "tests" / "authoring" / "new_question"


def course(tmp_path: Path) -> Path:
    """The demo folder without the cues suggest wrote for it: examples, no cue."""
    folder = tmp_path / "course"
    shutil.copytree(DEMO, folder)
    (folder / "rules" / "suggested.yaml").unlink()
    return folder


def test_suggest_write_turns_examples_into_rules_that_validate(tmp_path):
    folder = course(tmp_path)
    before = tutor("validate", "--content", "course", "course", cwd=tmp_path)
    assert before.returncode == 1 and "is not credited with it: no cue matched" in before.stdout

    done = tutor(
        "suggest",
        "--content",
        "course",
        "--question",
        "two_dangers",
        "--write",
        "course/rules/suggested.yaml",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    written = yaml.safe_load((folder / "rules" / "suggested.yaml").read_text())
    assert set(written["claims"]) == {"says_utopian_failure", "says_unrestrained_realism", "says_herz_pure_realist"}
    assert {r["then"].get("expectation") or r["then"].get("misconception") for r in written["rules"]} == {
        "utopian_failure",
        "unrestrained_realism",
        "herz_pure_realist",
    }
    # the printed YAML is what was written, each cue with its figures
    assert "fires on 0 counterexamples" in done.stdout
    assert yaml.safe_load(done.stdout) == written

    after = tutor("validate", "--content", "course", "course", cwd=tmp_path)
    assert after.returncode == 0, after.stdout
    assert after.stdout.strip().endswith("0 errors, 0 warnings")

    graded = tutor(
        "grade",
        "--content",
        "course",
        "-",
        cwd=tmp_path,
        stdin='{"id": "x", "question": "two_dangers", "answer": "Herz dismissed liberal ideals as naive."}\n',
    )
    assert '"misconceptions": ["herz_pure_realist"]' in graded.stdout


def test_a_cue_that_fires_on_a_counterexample_is_not_suggested(tmp_path):
    rules = tmp_path / "c" / "rules"
    rules.mkdir(parents=True)
    (rules / "q.yaml").write_text(
        textwrap.dedent("""\
        questions:
          encircled:
            ask: Was Russia encircled?
            expectations:
              not_encircled:
                text: NATO never surrounded Russia.
            watch: [encirclement]
        misconceptions:
          encirclement:
            gloss: NATO encircled Russia.
            correction: Most of Russia's borders are not with NATO members.
            examples:
              - "NATO encircled Russia."
              - "Russia was encircled by NATO."
            counterexamples:
              - "NATO encircled Russia in the propaganda; Russia was encircled by NATO only in speeches."
        """)
    )
    done = tutor("suggest", "--content", "c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "claims:" not in done.stdout  # every cue the examples' words offer also fires on the counterexample
    assert done.stdout.count("# no cue found for this example of misconception encirclement") == 2


def test_write_extends_a_file_suggest_wrote_and_refuses_any_other(tmp_path):
    folder = course(tmp_path)
    target = folder / "rules" / "suggested.yaml"
    target.write_text(
        textwrap.dedent("""\
        claims:
          says_utopian_failure:
            means: kept from an earlier run
            cues: ["utopia ... blind ... power"]
        rules:
          - id: utopian_failure_from_examples
            when: [{claim: says_utopian_failure, stance: any}]
            then: {expectation: utopian_failure}
            questions: [two_dangers]
        """)
    )
    done = tutor("suggest", "--content", "course", "--write", "course/rules/suggested.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = yaml.safe_load(target.read_text())
    claim = written["claims"]["says_utopian_failure"]
    assert claim["means"] == "kept from an earlier run" and claim["cues"][0] == "utopia ... blind ... power"
    assert len(claim["cues"]) > 1
    assert [r["id"] for r in written["rules"]].count("utopian_failure_from_examples") == 1

    other = folder / "rules" / "two_dangers.yaml"
    before = other.read_text()
    refused = tutor("suggest", "--content", "course", "--write", "course/rules/two_dangers.yaml", cwd=tmp_path)
    assert refused.returncode == 2 and "holds more than suggested claims and rules" in refused.stderr
    assert other.read_text() == before


def test_with_every_example_matched_there_is_nothing_to_write(tmp_path):
    done = tutor("suggest", "--write", "suggested.yaml", cwd=tmp_path)  # the shipped content: all examples pass
    assert done.returncode == 0, done.stderr
    assert "nothing to suggest" in done.stdout and "claims:" not in done.stdout
    assert not (tmp_path / "suggested.yaml").exists()


def test_write_refuses_a_target_that_is_not_a_regular_file(tmp_path):
    course(tmp_path)
    os.mkfifo(tmp_path / "suggested.yaml")  # reading what suggest wrote there before would wait for a writer forever
    done = tutor("suggest", "--content", "course", "--write", "suggested.yaml", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "this is a FIFO (named pipe), not a regular file" in done.stderr
