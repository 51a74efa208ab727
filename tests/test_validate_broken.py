"""`tutor validate` on broken content: each problem at its line, and no traceback on any input.

The files in tests/broken/ mark each line that must be reported with
`# !error: words` or `# !warning: words` (see tests/broken/README.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "broken"
MARKER = re.compile(r"#\s*!(error|warning):\s*(.+?)\s*$")
LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")

CASES = (
    sorted(BROKEN.glob("rules/*.yaml"))
    + sorted(BROKEN.glob("dialogues/*.yaml"))
    + [BROKEN / "duplicate", BROKEN / "dropped"]
)


@pytest.fixture(autouse=True)
def at_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)


def validate(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["validate", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def markers(case: Path) -> list[tuple[str, int, str, str]]:
    """(file, line, severity, words) of every marked line under `case`."""
    files = sorted(case.rglob("*.yaml")) if case.is_dir() else [case]
    return [
        (str(f.relative_to(REPO)), n, m.group(1), m.group(2))
        for f in files
        for n, text in enumerate(f.read_text().splitlines(), 1)
        if (m := MARKER.search(text))
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(BROKEN)))
def test_each_problem_is_reported_at_its_line(capsys, case):
    status, report = validate(capsys, str(case.relative_to(REPO)))
    expected = markers(case)
    assert expected, f"{case} marks no line"
    for file, line, severity, words in expected:
        assert any(
            p["file"] == file and p["line"] == line and p["severity"] == severity and words in p["message"]
            for p in report["problems"]
        ), (file, line, severity, words, report["problems"])
    marked = {(file, line) for file, line, _, _ in expected}
    stray = [p for p in report["problems"] if p["severity"] == "error" and (p["file"], p["line"]) not in marked]
    assert not stray, stray
    assert status == (1 if any(s == "error" for _, _, s, _ in expected) else 0)


def test_every_problem_has_a_hint_or_names_the_fault(capsys):
    status, report = validate(capsys, *(str(c.relative_to(REPO)) for c in CASES))
    assert status == 1
    assert len(report["files"]) >= len(CASES)
    for problem in report["problems"]:
        assert problem["line"] >= 1 and problem["col"] >= 1
        assert problem["message"]


def test_text_report_is_one_line_per_problem_then_a_summary(capsys):
    status = main(["validate", "tests/broken/rules/unknown_id.yaml"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[-1] == "1 files checked: 1 errors, 1 warnings"
    assert all(LINE.match(line) for line in lines[:-1])
    assert any(
        line.startswith("tests/broken/rules/unknown_id.yaml:5:24: error: ")
        and "'overconfidense'" in line
        and "(hint: " in line
        for line in lines
    )


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(10)
)

ODD_INPUTS = {
    "binary.yaml": b"\x00\x01\x02GIF89a\x00\xff" * 20,
    "empty.yaml": b"",
    "latin1.yaml": "concepts:\n  caf\xe9: {}\n".encode("latin-1"),
    "bomb.yaml": ALIAS_BOMB.encode(),
    "deep.yaml": b"concepts: " + b"[" * 50_000 + b"]" * 50_000,
    "list.yaml": b"- just\n- a list\n",
    "tabs.yaml": b"concepts:\n\tchoice: {}\n",
    "emoji.yaml": "claims:\n  \U0001f600: {means: x, cues: ['\U0001f600']}\n".encode(),
    "huge_line.yaml": b"concepts: {x: {name: " + b"a" * 1_000_000 + b", summary: s}}\n",
}


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_no_traceback_on_odd_input(capsys, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ODD_INPUTS[name])
    status = main(["validate", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert status in (0, 1)
    assert all(LINE.match(line) for line in lines[:-1]), lines
    if name not in ("empty.yaml", "huge_line.yaml"):  # both are valid, if odd
        assert status == 1 and any(name in line and ": error: " in line for line in lines), lines


def test_alias_bomb_is_refused_at_its_line(capsys, tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB)
    status = main(["validate", str(path)])
    out = capsys.readouterr().out
    assert status == 1 and "alias" in out


def test_a_50_mb_file_is_refused_without_traceback(tmp_path):
    """Through the real command: a user's shell sees one line, not a traceback or a memory blow-up."""
    path = tmp_path / "rules" / "huge.yaml"
    path.parent.mkdir()
    with path.open("w") as f:
        line = "# " + "x" * 1021 + "\n"  # 1 KiB
        for _ in range(50 * 1024):
            f.write(line)
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", str(path)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{path}:1:1: error: file is 51200 KiB" in done.stdout


def test_missing_path_is_an_error_not_a_crash(capsys):
    status = main(["validate", "no/such/file.yaml"])
    assert status == 1
    assert "no/such/file.yaml:1:1: error: no such file or directory" in capsys.readouterr().out
