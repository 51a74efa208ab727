"""Which files to check, what kind each is, and which content layer it belongs to.

Layers are numbered in the order they apply: the shipped content, $TUTOR_CONTENT,
each `--content DIR`, then each PATH given to `tutor validate`. A file's `name` is its
path inside `rules/` or `dialogues/`; a later file with the same kind and name
replaces an earlier one, exactly as the loaders do (tutor/content/locate.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.content.locate import layered_files
from tutor.content.problems import Problem, display_path

KINDS = ("rules", "dialogues")


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str  # "rules" | "dialogues" | "quiz", or "" when only the file's keys can tell
    layer: int
    name: str
    named: bool = False  # given on the command line (or in a folder given there), not found in a content directory

    @property
    def file(self) -> str:
        return display_path(self.path)


def root_sources(root: Path, layer: int) -> list[Source]:
    """The files of a content directory (one holding rules/ and/or dialogues/)."""
    return [
        Source(path, kind, layer, path.relative_to(root / kind).as_posix())
        for kind in KINDS
        for path in layered_files(kind, [root])
    ]


def path_sources(path: Path, layer: int) -> tuple[list[Source], list[Problem]]:
    """The files named by one PATH argument: a content directory, a folder of YAML files, or a file."""
    if path.exists() and not path.is_dir():  # not only regular files: reading refuses a FIFO or device, by name
        return [file_source(path, layer)], []
    if not path.is_dir():
        return [], [Problem(display_path(path), 1, 1, "error", "no such file or directory")]
    if any((path / kind).is_dir() for kind in KINDS):
        return root_sources(path, layer), []
    files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        return [], [
            Problem(
                display_path(path),
                1,
                1,
                "warning",
                "no YAML files in this directory",
                "give a content directory (with rules/ or dialogues/) or .yaml files",
            )
        ]
    return [file_source(p, layer) for p in files], []


def file_source(path: Path, layer: int) -> Source:
    """A single file: its kind comes from the nearest folder named rules/ or dialogues/, if any."""
    for folder in path.resolve().parents:
        if folder.name in KINDS:
            return Source(path, folder.name, layer, path.resolve().relative_to(folder).as_posix(), True)
    return Source(path, "", layer, path.name, True)
