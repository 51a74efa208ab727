"""`tutor schema`: JSON Schemas from the pydantic models, committed in schemas/ and named by the shipped YAML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tutor.cli.main import main
from tutor.content.yamlfile import read_yaml

REPO = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
KIND_OF_FOLDER = {"rules": "rules", "dialogues": "dialogue", "tests/quiz": "quiz"}


def shipped(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.yaml"))


def test_committed_schemas_are_what_tutor_schema_writes(tmp_path, capsys):
    assert main(["schema", "--output", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["dialogue.schema.json", "quiz.schema.json", "rules.schema.json"]
    for name in written:
        committed = REPO / "schemas" / name
        assert committed.read_text() == (tmp_path / name).read_text(), (
            f"schemas/{name} is stale: run `tutor schema` and commit it"
        )


def test_one_kind_goes_to_stdout(capsys):
    assert main(["schema", "rules"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "tutor rules file"
    assert schema["additionalProperties"] is False  # unknown keys are flagged by the editor too
    assert {"concepts", "questions", "claims", "rules"} <= set(schema["properties"])


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["schema", "--output", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tutor schema: cannot write to ")


@pytest.mark.parametrize("folder", ["rules", "dialogues"])
def test_shipped_files_name_their_schema(folder):
    files = shipped(folder)
    if not files:
        pytest.skip(f"no {folder}/ files yet")
    for path in files:
        first = path.read_text().splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.relative_to(REPO)} does not start with a yaml-language-server $schema line"
        target = (path.parent / match.group(1)).resolve()
        assert target == REPO / "schemas" / f"{KIND_OF_FOLDER[folder]}.schema.json", path


@pytest.mark.parametrize("folder", sorted(KIND_OF_FOLDER))
def test_schemas_accept_the_shipped_files(folder):
    """What an editor checks agrees with what the tutor accepts: every shipped file passes its schema."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schemas" / f"{KIND_OF_FOLDER[folder]}.schema.json").read_text())
    files = shipped(folder)
    if not files:
        pytest.skip(f"no {folder}/ files yet")
    for path in files:
        data = read_yaml(path).data or {}
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert not errors, (path.relative_to(REPO), errors[:3])


def test_schema_rejects_what_the_model_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schemas" / "rules.schema.json").read_text())
    bad = {"claims": {"x": {"means": "m", "cues": [], "gap": "wide"}}, "questionz": {}}
    messages = " ".join(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(bad))
    assert "questionz" in messages and "wide" in messages
