"""`tutor`: the entry point. With no subcommand it opens the tutor itself (see cli/app.py)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from tutor.content.locate import content_roots
from tutor.content.problems import ContentError

# name -> one-line help; the module tutor.cli.<name> defines configure() and run().
COMMANDS = {
    "grade": "grade JSON-lines answers headless: one verdict line per input line",
    "trace": "show the trace behind an answer's verdict: the words read, cues, negation, stance, rules fired",
    "link": "show how two concepts link, by walking the rule base's relations",
    "quiz": "run scripted learners through dialogues and report (text, json, junit)",
    "validate": "check rule and dialogue files and report every problem at its line",
    "schema": "write a JSON Schema for each authored file kind",
    "history": "list past sessions with their mastery",
    "misses": "list the answers the tutor missed, per question, grouped by the words they share",
    "suggest": "propose cues, claims and rules from the examples no cue matches yet",
}
# The old names, kept for one release (docs/architecture.md, "One word per idea").
ALIASES = {"explain": "trace", "why": "link"}


def add_content_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        action="append",
        default=default,
        help="an instructor's content directory (rules/, dialogues/) layered over the shipped one; "
        "repeatable; also $TUTOR_CONTENT",
    )


def unknown_question(command: str, question: str | None, known) -> bool:
    """Say so on stderr when a `--question` names no question of the rule base."""
    if question is None or question in known:
        return False
    print(f"tutor {command}: unknown question {question!r} (known: {', '.join(sorted(known))})", file=sys.stderr)
    return True


class _NotTheAppAlone(Exception):
    """Raised by the app-only parser where the full one must speak (an error, help, a command)."""


class _AppParser(argparse.ArgumentParser):
    def error(self, message):
        raise _NotTheAppAlone(message)


def new_parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser, **kwargs) -> argparse.ArgumentParser:
    """The top-level parser: the app's own options and `--content`, without the commands."""
    parser = cls(
        **kwargs,
        prog="tutor",
        description="A Socratic tutor for the essay 'What Walt and Mearsheimer Get Wrong About the Security Dilemma'.",
        epilog="With no command, opens the tutor: choose a dialogue or resume your last session.",
    )
    importlib.import_module("tutor.cli.app").configure(parser)
    add_content_option(parser)
    return parser


def named_command(argv: list[str] | None) -> str | None:
    """The command the command line names (its current name, for an alias), if any."""
    words = sys.argv[1:] if argv is None else argv
    return next((ALIASES.get(a, a) for a in words if a in COMMANDS or a in ALIASES), None)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser. Only the command being run is configured (its module imported), so that
    `tutor` starts without loading what `tutor grade` or `tutor quiz` need, and vice versa."""
    chosen = named_command(argv)
    parser = new_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        aliases = [old for old, new in ALIASES.items() if new == name]
        command = sub.add_parser(name, help=help_text, description=help_text, aliases=aliases)
        # SUPPRESS keeps a `--content` given before the command from being reset by the subparser.
        add_content_option(command, default=argparse.SUPPRESS)
        if name == chosen:
            importlib.import_module(f"tutor.cli.{name}").configure(command)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, read. Opening the app (no command) is read without building the nine
    commands' parsers, most of argparse's share of the app's start. What the app's options alone
    cannot read (a command, `--help`, which that parser lacks, or a mistake) goes to the full
    parser, which answers as it always has."""
    if named_command(argv) is None:
        try:
            args, extra = new_parser(_AppParser, add_help=False).parse_known_args(argv)
        except _NotTheAppAlone:
            pass
        else:
            if not extra:
                args.command = None
                return args
    return build_parser(argv).parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    if sys.stderr is None:  # closed (`2>&-`): print(file=None) would put our messages in the output
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - it stays open for the life of the process
    args = parse_args(argv)
    command = ALIASES.get(args.command, args.command)
    module = importlib.import_module(f"tutor.cli.{command or 'app'}")
    try:
        content_roots(args.content)  # a --content folder that does not exist stops every command here
        return module.run(args)
    except ContentError as e:
        # A mistake in authored files: every problem at its line, no traceback.
        print(e, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tutor grade big.jsonl | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return 0
