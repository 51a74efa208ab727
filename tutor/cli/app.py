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
    from tutor.tui.preview import SessionPreview


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
    full_screen = not (args.json or args.plain or not sys.stdin.isatty() or os.environ.get("TERM") == "dumb")
    preview = start_preview(args) if full_screen else None
    try:
        return run_surface(args, full_screen, preview)
    finally:
        if preview is not None:
            preview.reap()


def start_preview(args: argparse.Namespace) -> SessionPreview | None:
    """A fresh session's first turns, worked out in a forked child while the app starts (see preview.py).
    Forked before Textual is imported (no threads yet) and before the database is opened (never shared)."""
    if not args.dialogue or args.resume:
        return None
    from tutor.tui.preview import SessionPreview

    return SessionPreview.start(args.content, args.dialogue)


def run_surface(args: argparse.Namespace, full_screen: bool, preview: SessionPreview | None) -> int:
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
        if not full_screen:
            from tutor.plain import PlainTutor

            return PlainTutor(store, learner_id, args.content, sys.stdin, sys.stdout).run(args.dialogue, args.resume)
        from tutor.tui.app import TutorApp

        app = TutorApp(
            store, learner_id, content=args.content, dialogue=args.dialogue, resume=args.resume, preview=preview
        )
        app.run()
        return app.return_code or 0
    finally:
        store.close()
