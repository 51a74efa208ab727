"""`tutor grade`: JSON lines in, one verdict line per answer out, in order; bad lines reported, never fatal."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.assessment.types import VERDICTS
from tutor.cli import grade
from tutor.cli.main import main

GRADED_KEYS = ["id", "question", "verdict", "expectations", "misconceptions", "concepts"]
DEV = Path(__file__).parent / "data" / "dev.jsonl"


def line(id_, question, answer) -> str:
    return json.dumps({"id": id_, "question": question, "answer": answer}, ensure_ascii=False)


def write(tmp_path: Path, *lines: str | bytes) -> Path:
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    return path


def grade_file(capsys, path: Path, *options: str) -> tuple[int, list[dict], list[str]]:
    status = main(["grade", *options, str(path)])
    out, err = capsys.readouterr()
    return status, [json.loads(x) for x in out.splitlines()], err.splitlines()


def test_each_answer_gets_a_verdict_line_in_input_order(tmp_path, capsys):
    path = write(
        tmp_path,
        line("a", "no_choice", "Russia had no choice but to invade"),
        line("b", "walt_definition", "I think the weather is nice today"),
        line("c", "no_choice", "idk"),
    )
    status, rows, err = grade_file(capsys, path)
    assert status == 0 and err == []
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert all(list(r) == GRADED_KEYS and r["verdict"] in VERDICTS for r in rows)
    assert rows[0]["verdict"] == "misconception" and "no_choice" in rows[0]["misconceptions"]
    assert rows[1]["question"] == "walt_definition"


@pytest.mark.parametrize("answer", ["", "   \t  ", "😀🙃🔥", "\u200b\u200b"])
def test_empty_blank_and_emoji_answers_are_non_domain(tmp_path, capsys, answer):
    status, rows, _ = grade_file(capsys, write(tmp_path, line("x", "no_choice", answer)))
    assert status == 0
    assert rows == [
        {
            "id": "x",
            "question": "no_choice",
            "verdict": "non_domain",
            "expectations": [],
            "misconceptions": [],
            "concepts": [],
        }
    ]


def test_a_one_megabyte_answer_is_graded(tmp_path, capsys):
    sentence = "Russia had no choice because NATO expansion made it insecure, and the dilemma is tragic. "
    answer = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    status, rows, _ = grade_file(
        capsys, write(tmp_path, line("big", "no_choice", answer), line("after", "no_choice", "idk"))
    )
    assert status == 0
    assert [r["id"] for r in rows] == ["big", "after"] and rows[0]["verdict"] in VERDICTS


BAD_LINES = [
    ("this is not json", None, "not JSON: Expecting value at column 1"),
    ('["a", "list"]', None, "expected a JSON object, got an array"),
    (line("q", "no_such_question", "x"), "q", "unknown question id 'no_such_question'"),
    ('{"id": "m", "question": "no_choice"}', "m", "missing field 'answer'"),
    ('{"question": "no_choice", "answer": "x"}', None, "missing field 'id'"),
    ('{"id": "n", "question": "no_choice", "answer": 42}', "n", "field 'answer' must be a string, not a number"),
    (b'{"id": "u", "question": "no_choice", "answer": "\xff\xfe"}', None, "not UTF-8"),
    ("[" * 100_000, None, "not JSON"),
]


@pytest.mark.parametrize("bad, bad_id, message", BAD_LINES)
def test_a_bad_line_is_reported_on_both_streams_and_the_rest_is_graded(tmp_path, capsys, bad, bad_id, message):
    path = write(tmp_path, line("before", "no_choice", "idk"), bad, line("after", "no_choice", "idk"))
    status, rows, err = grade_file(capsys, path)
    assert status == 1
    assert [r["id"] for r in rows] == ["before", bad_id, "after"]
    assert rows[1]["line"] == 2 and message in rows[1]["error"]
    assert rows[2]["verdict"] == "non_domain"
    assert len(err) == 1 and err[0].startswith(f"{path}:2: error: ") and message in err[0]


def test_a_near_miss_question_id_gets_a_suggestion(tmp_path, capsys):
    _, rows, _ = grade_file(capsys, write(tmp_path, line("q", "no_choise", "x")))
    assert "did you mean 'no_choice'?" in rows[0]["error"]


def test_blank_lines_are_skipped_but_counted(tmp_path, capsys):
    path = write(tmp_path, "", line("a", "no_choice", "idk"), "   ", "oops", "")
    status, rows, err = grade_file(capsys, path)
    assert status == 1
    assert [r.get("line") for r in rows] == [None, 4]
    assert err == [f"{path}:4: error: not JSON: Expecting value at column 1"]


def test_a_line_too_long_is_refused_without_reading_it_whole(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(grade, "MAX_LINE_BYTES", 1000)
    path = write(tmp_path, line("long", "no_choice", "x" * 5000), line("after", "no_choice", "idk"))
    status, rows, _ = grade_file(capsys, path)
    assert status == 1
    assert rows[0] == {"id": None, "line": 1, "error": "line is longer than 1,000 bytes"}
    assert rows[1]["id"] == "after" and rows[1]["verdict"] == "non_domain"


def test_a_missing_file_is_one_line_and_status_2(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nope.jsonl")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip().count("\n") == 0 and "cannot read" in err and "nope.jsonl" in err


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["grade", "--jobs", "0", "-"])
    assert exit_.value.code == 2 and "at least 1" in capsys.readouterr().err


@pytest.mark.slow  # worker processes / a real subprocess
def test_jobs_2_gives_the_same_output_as_jobs_1(tmp_path, capsys):
    # Several chunks' worth of lines, good and bad mixed, so order across workers matters.
    dev = [json.loads(x) for x in DEV.read_text().splitlines() if x.strip()]
    lines = [line(d["id"], d["question"], d["answer"]) for d in dev]
    lines[7], lines[100] = "not json", line("zz", "nope", "x")
    path = write(tmp_path, *lines, *lines)
    one = grade_file(capsys, path, "--jobs", "1")
    two = grade_file(capsys, path, "--jobs", "2")
    assert one[0] == two[0] == 1
    assert len(one[1]) == 2 * len(dev)
    assert one == two


@pytest.mark.slow  # worker processes / a real subprocess
def test_stdin_streams_each_answer_out_before_the_next_arrives():
    # As a user would pipe it: one line in, its verdict out, while stdin is still open.
    with subprocess.Popen(
        [sys.executable, "-m", "tutor", "grade", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "0"},
    ) as proc:  # closes its pipes and waits for it at the end
        try:
            answers = []
            selector = selectors.DefaultSelector()
            selector.register(proc.stdout, selectors.EVENT_READ)
            for i in range(3):
                proc.stdin.write((line(f"s{i}", "no_choice", "idk") + "\n").encode())
                proc.stdin.flush()
                assert selector.select(timeout=60), "no verdict came out while stdin was open"
                answers.append(json.loads(proc.stdout.readline()))
            proc.stdin.close()
            assert proc.wait(timeout=60) == 0
        finally:
            proc.kill()
    assert [a["id"] for a in answers] == ["s0", "s1", "s2"]


def test_whole_number_ids_are_echoed_as_given(tmp_path, capsys):
    path = write(
        tmp_path,
        '{"id": 7, "question": "no_choice", "answer": "Russia had no choice"}',
        '{"id": 7.5, "question": "no_choice", "answer": "x"}',
    )
    status, rows, err = grade_file(capsys, path)
    assert rows[0]["id"] == 7 and rows[0]["verdict"] == "misconception"
    assert rows[1]["id"] is None and "whole number" in rows[1]["error"]
    assert status == 1 and len(err) == 1
