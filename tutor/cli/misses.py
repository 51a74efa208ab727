"""`tutor misses [FILE|-]`: answers the tutor missed, per question, grouped by the words they share.

With FILE (JSON lines {"id"?, "question", "answer"}; "-" is standard input) it reads those
answers; without, the answers recorded in the session database (`--data-dir`). Every answer
is graded again with the rules in force, so the list shrinks as examples and cues are added.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tutor.authoring.misses import Answer, Group
from tutor.cli.app import add_data_dir_option
from tutor.content.regular import read_regular_text

MAX_INPUT_BYTES = 256 * 1024 * 1024  # a file of answers; past this it is not one (and would be read whole)
SHOWN = 3  # answers quoted per group in the text report (all are in --format json)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help='JSON lines {"id", "question", "answer"}; "-" reads standard input; nothing reads the recorded sessions',
    )
    add_data_dir_option(parser, default=argparse.SUPPRESS)
    parser.add_argument("--question", "-q", metavar="ID", help="only this question's answers")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="json: one object per group")


class BadInput(Exception):
    pass


def run(args) -> int:
    from tutor.assessment.checker import load_checker
    from tutor.authoring.misses import find_misses, group
    from tutor.cli.main import unknown_question

    checker = load_checker(args.content)
    if unknown_question("misses", args.question, checker.questions):
        return 2
    try:
        answers = [
            a
            for a in (from_lines(args.file) if args.file else from_sessions(args))
            if args.question in (None, a.question)
        ]
    except BadInput as e:
        print(f"tutor misses: error: {e}", file=sys.stderr)
        return 2
    groups = group(find_misses(checker, answers))
    if args.format == "json":
        for g in groups:
            print(
                json.dumps(
                    {
                        "question": g.question,
                        "shared": list(g.shared),
                        "count": len(g.misses),
                        "answers": [
                            {"id": m.answer.ident, "answer": m.answer.text, "verdict": m.verdict} for m in g.misses
                        ],
                    },
                    ensure_ascii=False,
                )
            )
    else:
        print(render(groups, len(answers)))
    return 0


def from_lines(file: str) -> Iterator[Answer]:
    name = "<stdin>" if file == "-" else file
    try:
        text = sys.stdin.read() if file == "-" else read_regular_text(Path(file), MAX_INPUT_BYTES)
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(f"cannot read {name}: {getattr(e, 'strerror', None) or e}") from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question, answer = row["question"], row["answer"]
            if not isinstance(question, str) or not isinstance(answer, str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            raise BadInput(f'{name}:{n}: expected a JSON object with text "question" and "answer"') from None
        yield Answer(str(row.get("id", f"line {n}")), question, answer)


def from_sessions(args) -> Iterator[Answer]:
    """The answers recorded in the session database; nothing is written to it."""
    from tutor.storage.database import StorageError, Store, inspect_file
    from tutor.storage.location import database_path

    path = database_path(getattr(args, "data_dir", None))
    if not path.is_file():
        raise BadInput(f"no session database at {path} (give --data-dir DIR, or a FILE of answers)")
    try:
        problem = inspect_file(path)  # checked first: opening would move a bad file aside, and we only read
        if problem:
            raise BadInput(f"{path} is {problem}; it was left as it is")
        store = Store.open(path)
    except StorageError as e:
        raise BadInput(str(e)) from None
    try:
        for session in store.sessions():
            for turn in store.turns(session.id):
                question = (turn.assessment or {}).get("question")
                if turn.kind == "answer" and question and turn.text.strip():
                    yield Answer(f"session {session.id} turn {turn.seq}", question, turn.text)
    finally:
        store.close()


def render(groups: list[Group], read: int) -> str:
    total = sum(len(g.misses) for g in groups)
    lines = [f"{total} of {read} answers missed"]
    question = None
    for g in groups:
        if g.question != question:
            question = g.question
            count = sum(len(x.misses) for x in groups if x.question == question)
            lines += ["", f"question {question}: {count} missed"]
        shared = ", ".join(g.shared) if g.shared else "(no words shared with other misses)"
        lines.append(f"  {len(g.misses):3d}  {shared}   ids: {', '.join(m.answer.ident for m in g.misses)}")
        lines += [f"         {m.answer.text[:110]!r}" for m in g.misses[:SHOWN]]
    return "\n".join(lines)
