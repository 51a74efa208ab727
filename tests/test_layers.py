"""The architecture as a check: dependencies point down the data's path, and only the app imports Textual.

    text, content, storage  ->  understanding  ->  engine  ->  assessment  ->  dialogue  ->  service  ->  surfaces

Every import of a `tutor` package is read from the source (imports inside functions too), so a
module that reaches up a layer fails here, in CI, before a newcomer meets a cycle.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tutor"
LAYERS = [
    {"text", "content", "storage", "processes"},  # words, authored files, records, process checks: no other layer
    {"understanding"},
    {"engine"},
    {"assessment"},
    {"dialogue"},
    {"service"},
    {"surfaces", "cli", "tui", "plain", "protocol", "quiz", "validate", "authoring", "__main__", "__init__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_content" not in p.parts)


def top(path: Path) -> str:
    """The package (or top-level module) a file belongs to: tutor/dialogue/session.py -> dialogue."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_pipeline(path):
    mine = top(path)
    assert mine in LAYER, f"{mine} is in no layer: add it to LAYERS"
    upward = sorted(
        name for name in imported(path) if name.startswith("tutor.") and LAYER.get(name.split(".")[1], 0) > LAYER[mine]
    )
    assert not upward, f"{path.relative_to(PACKAGE)} ({mine}) imports a higher layer: {upward}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_app_imports_textual(path):
    if top(path) == "tui":
        return
    textual = sorted(n for n in imported(path) if n == "textual" or n.startswith("textual."))
    assert not textual, f"{path.relative_to(PACKAGE)} imports {textual}: only tutor/tui/ may"
