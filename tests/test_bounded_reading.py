"""Bounded work per answer: whatever a learner pastes or an instructor writes as a cue, an answer is
read in time linear in its length, and one too long to read whole is graded on its start, saying so.
These inputs took from 16 s to several minutes each before; here they must simply finish, with the
behaviour asserted (the budget flag, the claims read), not their time."""

import json
import textwrap
from pathlib import Path

import pytest

from tutor.assessment.cache import ENV_CACHE_DIR
from tutor.assessment.checker import load_checker
from tutor.cli.main import main
from tutor.text.normalise import MAX_CHARS, normalise
from tutor.understanding.reader import WORD_BUDGET

NO_CHOICE = "russia had no choice but to invade and nobody is to blame "


def grade_one(capsys, tmp_path: Path, answer: str, *options: str) -> dict:
    path = tmp_path / "answers.jsonl"
    path.write_text(json.dumps({"id": 1, "question": "no_choice", "answer": answer}) + "\n")
    assert main(["grade", *options, str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_lower_case_text_is_cut_at_the_size_limit_too():
    """It used to skip the limit: plain lower-case words took a shortcut past it (1.2 MB: 124 s)."""
    assert len(normalise("no choice " * 120_000)) <= MAX_CHARS


def test_an_answer_past_the_size_limit_is_graded_on_its_start_and_says_so(capsys, tmp_path):
    line = grade_one(capsys, tmp_path, NO_CHOICE * 20_000)
    assert line["truncated"] is True and line["misconceptions"] == ["no_choice"]


def test_past_the_word_budget_the_rest_is_not_read(capsys, tmp_path, checker):
    filler = "states talk about many things in long answers. " * (WORD_BUDGET // 8 + 1)
    late = checker.assess("no_choice", filler + "Russia had no choice.")
    early = checker.assess("no_choice", "Russia had no choice. " + filler)
    assert len(filler) < MAX_CHARS
    assert late.truncated and "no_choice" not in late.misconceptions
    assert early.truncated and early.misconceptions == ("no_choice",)


def test_an_answer_read_whole_has_no_truncated_field(capsys, tmp_path):
    assert "truncated" not in grade_one(capsys, tmp_path, "Russia had no choice but to invade.")


@pytest.mark.parametrize(
    "answer",
    [
        (NO_CHOICE * 400)[:MAX_CHARS],  # 20,000 characters, no punctuation, dense with cues: 22 s before
        "Dilemma " + "no choice " * 1000,  # one sentence of a thousand matches and negations: 16 s before
    ],
)
def test_a_long_sentence_dense_with_cues_is_read(checker, answer):
    assessment = checker.assess("no_choice", answer)
    assert assessment.verdict == "misconception" and "no_choice" in assessment.misconceptions


COSTLY = """\
    claims:
      russia_and_ukraine:
        means: the learner speaks of Russia, again and again, then of Ukraine
        gap: 20
        cues:
          - russia ... russia ... russia ... russia ... russia ... ukraine
    """


def test_an_instructors_cue_of_many_gapped_terms_is_matched_and_validate_warns(capsys, tmp_path, monkeypatch):
    """The matcher tried every place within the gap for each term, remembering nothing: 3.5 KB, 50 s."""
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "cache"))
    course = tmp_path / "course"
    (course / "rules").mkdir(parents=True)
    (course / "rules" / "mine.yaml").write_text(textwrap.dedent(COSTLY))
    checker = load_checker([course])
    never = " ".join(["russia and russia said that"] * 120)  # no "ukraine": every place is tried and fails
    assert not [m for m in checker.reader.read(never).matches if m.claim == "russia_and_ukraine"]
    found = checker.reader.read(never + " ukraine").matches
    assert [m.claim for m in found if m.claim == "russia_and_ukraine"] == ["russia_and_ukraine"]

    assert main(["validate", "--content", str(course)]) == 0
    out = capsys.readouterr().out
    assert "mine.yaml:6:" in out and "6 terms with a gap of 20" in out
