"""`tutor` with no command: the tutoring session itself, in the Textual app or as a plain prompt.

Textual is imported only here, inside run(), so that `tutor grade` and friends never load it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.storage.location import ENV_DATA_DIR, database_path

if TYPE_CHECKING:  # the database is imported when a session opens: `tutor grade` never needs it
    from tutor.storage.database import Store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dialogue", metavar="ID", help="start this dialogue at once (e.g. no-choice)")
    parser.add_argument("--resume", action="store_true", help="reopen your last unfinished session at once")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="a line-by-line prompt instead of the full-screen app: for screen readers, pipes "
        "and dumb terminals (also used when input is not a terminal)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="with --plain: the JSON line protocol, one learner turn per input line and one JSON "
        "object per tutor reply (see the README)",
    )
    add_data_dir_option(parser)


def add_data_dir_option(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help=f"where your sessions are kept (default: ${ENV_DATA_DIR}, else your user data directory)",
    )


def open_store(args: argparse.Namespace) -> Store | None:
    """The learner's database, or None after saying on stderr why it cannot be used.
    A bad file moved aside is reported too."""
    from tutor.storage.database import StorageError, Store

    try:
        store = Store.open(database_path(getattr(args, "data_dir", None)))
    except StorageError as e:
        print(f"tutor: error: {e}", file=sys.stderr)
        return None
    if store.notice:
        print(f"tutor: warning: {store.notice}", file=sys.stderr)
    if store.read_only:
        print(
            f"tutor: warning: {store.read_only}: your sessions can be read, but nothing new will be saved",
            file=sys.stderr,
        )
    return store


def continue_without_saving() -> bool:
    """Asked at a terminal when the database is read-only; a pipe goes on (its input is not lost)."""
    if not sys.stdin.isatty():
        return True
    try:
        return input("Continue without saving? [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def run(args: argparse.Namespace) -> int:
    if sys.stdin is None or sys.stdout is None:
        print("tutor: error: standard input or output is closed", file=sys.stderr)
        return 2
    store = open_store(args)
    if store is None:
        return 2
    if store.read_only and not continue_without_saving():
        store.close()
        return 0
    from tutor.service.recorder import default_learner

    try:
        learner_id = store.learner(default_learner())
        if args.json:
            from tutor.protocol import JsonTutor

            return JsonTutor(store, learner_id, args.content, sys.stdin, sys.stdout).run(args.dialogue, args.resume)
        if args.plain or not sys.stdin.isatty() or os.environ.get("TERM") == "dumb":
            from tutor.plain import PlainTutor

            return PlainTutor(store, learner_id, args.content, sys.stdin, sys.stdout).run(args.dialogue, args.resume)
        return run_app(store, learner_id, args)
    finally:
        store.close()


def run_app(store: Store, learner_id: int, args: argparse.Namespace) -> int:
    from tutor.tui.preview import OpeningPreview

    # Forked before Textual is imported (no threads yet): a first-time opening is read meanwhile.
    preview = OpeningPreview.start(store, args.content, args.dialogue) if args.dialogue and not args.resume else None
    try:
        from tutor.tui.app import TutorApp

        app = TutorApp(
            store, learner_id, content=args.content, dialogue=args.dialogue, resume=args.resume, preview=preview
        )
        app.run()
        return app.return_code or 0
    finally:
        if preview is not None:
            preview.reap()
