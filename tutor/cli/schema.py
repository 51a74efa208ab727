"""`tutor schema [KIND] [--output DIR]`: a JSON Schema for each authored file kind, from its pydantic model.

Editors use them to complete and check YAML: a file that starts with
`# yaml-language-server: $schema=../schemas/rules.schema.json` is checked as you type.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

# kind -> (module, model): the pydantic model is the single description of the file format.
KINDS = {
    "rules": ("tutor.content.rules", "RulesFile"),
    "dialogue": ("tutor.dialogue.models", "Dialogue"),
    "quiz": ("tutor.quiz.script", "QuizScript"),
}


def configure(parser):
    parser.add_argument(
        "kind",
        nargs="?",
        choices=sorted(KINDS),
        help="print only this kind's schema (default: write every kind to --output)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="DIR",
        help="the directory to write KIND.schema.json files in (default: ./schemas)",
    )


def schema(kind: str) -> str:
    """The schema of one file kind, as the text of a JSON file."""
    module, name = KINDS[kind]
    model = getattr(importlib.import_module(module), name)
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema"} | model.model_json_schema()
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def run(args) -> int:
    if args.kind and args.output is None:
        sys.stdout.write(schema(args.kind))
        return 0
    folder = args.output or Path("schemas")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for kind in [args.kind] if args.kind else KINDS:
            path = folder / f"{kind}.schema.json"
            path.write_text(schema(kind), encoding="utf-8")
            print(path)
    except OSError as e:
        print(f"tutor schema: cannot write to {folder}: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0
