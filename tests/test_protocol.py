"""`tutor --plain --json`: the JSON line protocol, driven as another front end would, in a subprocess."""

import json
import subprocess
import sys


def chat(tmp_path, lines: list[str], *args: str) -> list[dict]:
    run = subprocess.run(
        [sys.executable, "-m", "tutor", "--plain", "--json", *args, "--data-dir", str(tmp_path)],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and run.stderr == "", run.stderr  # no traceback, no chatter
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_one_object_for_the_opening_and_one_per_input_line(tmp_path):
    out = chat(
        tmp_path,
        [
            "what does hubris mean?",
            '{"text": "Russia had no choice."}',
            '{"command": "hint"}',
            "{broken",
            "",
            '{"command": "dance"}',
        ],
        "--dialogue",
        "no-choice",
    )
    assert len(out) == 7
    opening, question, answer, hint, broken, empty, unknown = out
    assert opening["turn"] == 0 and opening["question"] == "no_choice" and opening["moves"][0]["type"] == "question"
    assert set(opening) == {
        "turn",
        "question",
        "act",
        "verdict",
        "expectations",
        "misconceptions",
        "moves",
        "mastery",
        "finished",
    }
    assert question["act"] == "question" and question["verdict"] is None and question["mastery"] == opening["mastery"]
    assert answer["verdict"] == "misconception" and answer["misconceptions"] == ["no_choice"]
    assert answer["moves"][0]["type"] == "challenge"
    assert hint["act"] == "request" and hint["moves"][0]["type"] == "hint"
    for bad in (broken, empty, unknown):
        assert "error" in bad and bad["turn"] == 3
    assert "dance" in unknown["error"]


def test_a_session_is_saved_and_resumed(tmp_path):
    chat(tmp_path, ["Russia chose to read NATO as a threat."], "--dialogue", "no-choice")
    out = chat(tmp_path, ["Without a choice there would be no dilemma."], "--resume")
    assert out[0]["turn"] == 1 and out[0]["question"] == "no_choice"
    assert out[1]["turn"] == 2 and "no_choice_no_dilemma" in out[1]["expectations"]


def test_an_unknown_dialogue_is_one_error_object(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "tutor", "--plain", "--json", "--dialogue", "nope", "--data-dir", str(tmp_path)],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    (error,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert "unknown dialogue 'nope'" in error["error"] and "no-choice" in error["error"]
