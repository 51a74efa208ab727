"""docs/authoring.md runs as written: its files are written and its commands run, in document order.

A block preceded by "File `PATH`:" is written to PATH; in a `console` block each `$ `
line is run by the shell and the lines after it are output it must print (a JSON line
must match the keys it shows; any other line must appear as is). Every command must
exit 0.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
BLOCK = re.compile(r"(?:File `(?P<path>[^`]+)`:\n\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)
COMMAND_TUTOR = re.compile(r"(^|\|\s*)tutor\b")  # `tutor` where a command starts: alone or after a pipe


def steps() -> list[tuple[str, str, str]]:
    """("file", path, text) and ("run", command, expected output), in document order."""
    out = []
    for block in BLOCK.finditer(DOC.read_text()):
        if block["path"]:
            out.append(("file", block["path"], block["body"]))
        elif block["lang"] == "console":
            for chunk in re.split(r"^\$ ", block["body"], flags=re.M)[1:]:
                command, _, expected = chunk.partition("\n")
                out.append(("run", command, expected))
    return out


def this_python(command: str) -> str:
    """`command` with `tutor` run by this interpreter (`python -m tutor`), not whatever PATH finds."""
    return COMMAND_TUTOR.sub(lambda m: f"{m[1]}{shlex.quote(sys.executable)} -m tutor", command)


def test_the_doc_has_a_complete_example():
    kinds = [kind for kind, _, _ in steps()]
    files = [path for kind, path, _ in steps() if kind == "file"]
    commands = " ".join(command for kind, command, _ in steps() if kind == "run")
    assert any("/rules/" in f for f in files) and any("/dialogues/" in f for f in files)
    assert any("/quiz/" in f for f in files)
    assert kinds.count("run") >= 4
    for needed in ("tutor validate", "tutor grade", "tutor quiz", "tutor schema"):
        assert needed in commands


def shown(expected_line: str, output: list[str]) -> bool:
    try:
        wanted = json.loads(expected_line)
    except ValueError:
        return expected_line in output
    for line in output:
        try:
            got = json.loads(line)
        except ValueError:
            continue
        if isinstance(got, dict) and all(got.get(k) == v for k, v in wanted.items()):
            return True
    return False


@pytest.mark.slow  # runs each command of the doc as a process
def test_the_worked_example_runs_as_written(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TUTOR_CONTENT"}
    for kind, what, text in steps():
        if kind == "file":
            path = tmp_path / what
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            continue
        done = subprocess.run(
            this_python(what), shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"$ {what}\n{done.stdout}\n{done.stderr}"
        output = done.stdout.splitlines()
        for line in filter(None, text.splitlines()):
            assert shown(line, output), f"$ {what}\nexpected: {line}\ngot:\n{done.stdout}"


@pytest.mark.parametrize("path", [p for kind, p, _ in steps() if kind == "file"])
def test_each_example_file_names_its_schema(path):
    text = {p: t for kind, p, t in steps() if kind == "file"}[path]
    kind = path.split("/")[-2]
    schema = {"rules": "rules", "dialogues": "dialogue", "quiz": "quiz"}[kind]
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{schema}.schema.json"
