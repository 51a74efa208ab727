"""Where content comes from: the shipped rule base and dialogues, then the instructor's own.

An instructor's content directory holds `rules/` and/or `dialogues/`, like the
repository. Directories are layered in order: shipped, then $TUTOR_CONTENT
(separated by the path separator), then each `--content DIR`. A file with the same
name as one in an earlier layer replaces it; other files add to it, and their ids
override earlier definitions of the same id. A named directory that does not exist is an
error, not an empty layer: a typo must not leave the shipped content grading silently.
"""

from __future__ import annotations

import os
from pathlib import Path

from tutor.content.problems import ContentError, Problem

ENV_CONTENT = "TUTOR_CONTENT"


def shipped_root() -> Path:
    """The shipped content: inside the package when installed from a wheel, else the checkout."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_content"
    return bundled if bundled.is_dir() else package.parent


def content_roots(extra: list[Path] | None = None) -> list[Path]:
    """The layers, shipped first; ContentError when $TUTOR_CONTENT or --content names no folder."""
    env = os.environ.get(ENV_CONTENT, "")
    named = [(Path(p), f"${ENV_CONTENT}") for p in env.split(os.pathsep) if p.strip()]
    named += [(Path(p), "--content") for p in extra or []]
    missing = [
        Problem(str(path), 0, 0, "error", f"{source} names a folder that does not exist")
        for path, source in named
        if not path.is_dir()
    ]
    if missing:
        raise ContentError(missing)
    return [shipped_root(), *(path for path, _ in named)]


def layered_files(kind: str, roots: list[Path]) -> list[Path]:
    """The YAML files of `kind` ("rules" or "dialogues") across layers, later names replacing earlier."""
    by_name: dict[str, Path] = {}
    for root in roots:
        folder = root / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.y*ml")):
            if path.suffix in (".yaml", ".yml"):
                by_name[path.relative_to(folder).as_posix()] = path
    return list(by_name.values())
