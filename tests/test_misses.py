"""`tutor misses`: the answers the tutor missed, per question, grouped by shared words, from a file or the sessions."""

from __future__ import annotations

import json
import os

import pytest
from tutor_process import run_tutor as tutor

pytestmark = pytest.mark.slow  # every test runs tutor as a process

ANSWERS = [
    {"id": "s1", "question": "russia_hubris", "answer": "Sanctions squeezed the oligarchs around Putin."},
    {"id": "s2", "question": "russia_hubris", "answer": "The oligarchs lost their yachts to sanctions."},
    {"id": "s3", "question": "russia_hubris", "answer": "Sanctions hit the oligarchs hard."},
    {"id": "f1", "question": "russia_hubris", "answer": "Ukraine's farmers kept planting wheat through the shelling."},
    {
        "id": "ok",
        "question": "russia_hubris",
        "answer": "Russia was far too sure of a quick win and misjudged Ukraine.",
    },
    {"id": "hint", "question": "russia_hubris", "answer": "hint please"},
    {"id": "cat", "question": "russia_hubris", "answer": "my cat is asleep on the sofa"},
    {"id": "w1", "question": "west_record", "answer": "NATO's summits are held in many different cities."},
]


def lines(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_misses_from_a_file_are_grouped_by_shared_words_biggest_first(tmp_path):
    path = tmp_path / "answers.jsonl"
    path.write_text(lines(ANSWERS))
    done = tutor("misses", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    groups = [json.loads(x) for x in done.stdout.splitlines()]
    # the credited answer, the request and the chit-chat are not misses
    listed = [a["id"] for g in groups for a in g["answers"]]
    assert sorted(listed) == ["f1", "s1", "s2", "s3", "w1"]
    first = groups[0]
    assert first["question"] == "russia_hubris" and first["count"] == 3
    assert set(first["shared"]) == {"oligarchs", "sanctions"}
    assert [a["id"] for a in first["answers"]] == ["s1", "s2", "s3"]
    assert [g["count"] for g in groups if g["question"] == "russia_hubris"] == [3, 1]

    text = tutor("misses", str(path), "--question", "russia_hubris").stdout
    assert text.splitlines()[0] == "4 of 7 answers missed"
    assert "3  oligarchs, sanctions   ids: s1, s2, s3" in text and "west_record" not in text


def test_misses_reads_standard_input_and_names_a_bad_line():
    done = tutor("misses", "-", stdin=lines(ANSWERS[:2]) + "{not json\n")
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.strip()
        == 'tutor misses: error: <stdin>:3: expected a JSON object with text "question" and "answer"'
    )


def test_misses_from_recorded_sessions(tmp_path):
    data = tmp_path / "data"
    said = [
        "Moscow decided on its own to see Kyiv drifting west as an existential menace.",
        "The neighbours of Russia always worry about Russian tanks.",
        "what is for lunch",
    ]
    run = tutor(
        "--plain", "--dialogue", "no-choice", "--data-dir", str(data), stdin="\n".join(said) + "\n", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    done = tutor("misses", "--data-dir", str(data), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (group,) = [json.loads(x) for x in done.stdout.splitlines()]
    assert group["question"] == "no_choice"
    assert [a["answer"] for a in group["answers"]] == [said[1]]
    assert group["answers"][0]["id"].startswith("session 1 turn ")


def test_misses_without_a_database_says_where_it_looked(tmp_path):
    done = tutor("misses", "--data-dir", str(tmp_path / "none"), cwd=tmp_path)
    assert done.returncode == 2 and "no session database at" in done.stderr
    assert not (tmp_path / "none").exists()  # read-only: nothing was created


def test_misses_leaves_a_file_that_is_not_its_database_alone(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "tutor.db").write_text("my notes, not a database")
    done = tutor("misses", "--data-dir", str(data), cwd=tmp_path)
    assert done.returncode == 2 and "is not a SQLite database; it was left as it is" in done.stderr
    assert [p.name for p in data.iterdir()] == ["tutor.db"]
    assert (data / "tutor.db").read_text() == "my notes, not a database"


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_misses_refuses_a_path_that_is_not_a_regular_file_at_once(tmp_path, kind):
    path = tmp_path / "answers.jsonl"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()  # a FIFO with no writer would block a plain read forever
    done = tutor("misses", str(path), timeout=30)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"tutor misses: error: cannot read {path}: this is a ")
    assert "not a regular file" in done.stderr
