"""`tutor history`: past sessions, most recent first, each with its mastery of the essay's concepts."""

from __future__ import annotations

import argparse
import json
import sys

from tutor.cli.app import add_data_dir_option, open_store
from tutor.content.problems import ContentError
from tutor.surfaces.display import mastery_lines


def configure(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `tutor --data-dir D history` keeps D, like --content.
    add_data_dir_option(parser, default=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="one JSON object per session, for tools")


def concept_names(content) -> dict[str, str]:
    """Concept names from the rule base; ids if it cannot be read (history must still print)."""
    from tutor.content.rulebase import load_rulebase

    try:
        return {c: concept.name for c, concept in load_rulebase(content).concepts.items()}
    except ContentError:
        return {}


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    if store is None:
        return 2
    try:
        sessions = store.sessions()
    finally:
        store.close()
    for warning in store.warnings:
        print(f"tutor: warning: {warning}", file=sys.stderr)
    if args.json:
        for s in sessions:
            print(
                json.dumps(
                    {
                        "session": s.id,
                        "learner": s.learner,
                        "dialogue": s.dialogue,
                        "title": s.title,
                        "status": s.status,
                        "started": s.started,
                        "updated": s.updated,
                        "progress": list(s.progress),
                        "turns": s.turns,
                        "mastery": s.mastery,
                    }
                )
            )
        return 0
    if not sessions:
        print(f"No sessions yet in {store.path}. Start one with `tutor`.")
        return 0
    names = concept_names(args.content)
    for s in sessions:
        print(
            f"#{s.id}  {s.title} ({s.dialogue})  {s.status}, question {s.progress[0]} of {s.progress[1]}, "
            f"{s.turns} turn{'s' if s.turns != 1 else ''}, started {s.started.replace('T', ' ')[:16]}, last active "
            f"{s.updated.replace('T', ' ')[:16]} UTC"
        )
        for line in mastery_lines(s.mastery, names):
            print(f"    {line}")
        print()
    return 0
