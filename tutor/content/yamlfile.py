"""Read a YAML file into plain data, remembering where every value stands.

PyYAML's own loader forgets positions, so we compose the node graph and build the
data ourselves: each value's (line, col) is kept under its path, which is how a
pydantic error such as `questions.no_choice.ask` becomes `questions.yaml:12:5`.
Building it ourselves also lets us refuse what a safe loader would not: duplicate
keys, alias bombs (a node graph that expands without bound) and oversized files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from tutor.content.problems import ContentError, Problem, display_path
from tutor.content.regular import NotRegularFile, open_regular

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

MAX_BYTES = 5 * 1024 * 1024  # authored files are small; a 50 MB file is a mistake
MAX_NODES = 200_000
MAX_DEPTH = 100
# libyaml's loader is ~20x faster and keeps the same marks; fall back where it is not built.
_LOADER = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)  # values built from one file, aliases counted each time they expand

Path_ = tuple  # a path into the data: keys and list indexes
_BRACKETS = re.compile(r"[\[\]{}]")
_STR = "tag:yaml.org,2002:str"  # the tag the resolver gives a plain string, most scalars of a file


@dataclass
class YamlDoc:
    """Data read from one YAML file, with the position of each value."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column (1-based) of the value at `loc`, or of its nearest parent."""
        loc = tuple(loc)
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))

    def problem(self, loc: Path_, message: str, hint: str = "", severity: str = "error") -> Problem:
        line, col = self.where(loc)
        return Problem(self.file, line, col, severity, message, hint)


def read_yaml(path: Path) -> YamlDoc:
    """Read `path`; raise ContentError (one line, with file:line:col) when it is not good YAML."""
    name = display_path(path)
    try:
        with open_regular(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size <= MAX_BYTES:
                raw = f.read(MAX_BYTES + 1)  # never more than the limit, whatever the size said
                size = max(size, len(raw))
    except NotRegularFile as e:
        raise _error(name, 1, 1, e.strerror or str(e), "content files must be regular files") from None
    except OSError as e:
        raise _error(name, 1, 1, f"cannot read file: {e.strerror or e}") from None
    if size > MAX_BYTES:
        raise _error(
            name,
            1,
            1,
            f"file is {size // 1024} KiB; authored files are at most {MAX_BYTES // 1024} KiB",
            "is this the right file?",
        )
    if b"\0" in raw:
        raise _error(name, 1, 1, "this is a binary file, not YAML")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise _error(name, line, 1, "file is not UTF-8 text", "save it as UTF-8") from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlDoc:
    if _flow_depth(text) > MAX_DEPTH:
        # libyaml recurses once per level and would exhaust the C stack (a crash, not an error).
        raise _error(
            name, 1, 1, f"YAML nested more than {MAX_DEPTH} levels deep", "authored files are a few levels deep"
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:
        raise _error(name, 1, 1, "YAML nested too deeply", "authored files are a few levels deep") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _error(
            name,
            line,
            col,
            f"YAML syntax: {e.problem or e.context}",
            "check indentation, colons and quotes on this line or the one above",
        ) from None
    except yaml.YAMLError as e:
        raise _error(name, 1, 1, f"YAML: {e}") from None
    doc = YamlDoc(name, None)
    if node is not None:
        try:
            doc.data = _Builder(doc).build(node, ())
        except RecursionError:
            raise _error(name, 1, 1, "YAML nested too deeply", "authored files are a few levels deep") from None
    return doc


def _flow_depth(text: str) -> int:
    """The deepest nesting of [ and { (an over-estimate when brackets stand in quoted text)."""
    depth = deepest = 0
    for ch in _BRACKETS.findall(text):  # only the brackets: a loop over every character was a tenth of reading
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


class _Builder:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # resolves scalars: ints, bools, nulls...

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            mark = node.start_mark
            raise _error(
                self.doc.file,
                mark.line + 1,
                mark.column + 1,
                f"more than {MAX_NODES} values (an alias that expands without bound?)",
                "authored files should not need nested aliases",
            )
        self.doc.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _error(
                        self.doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "merge keys (<<) are not supported",
                        "write the keys out",
                    )
                key = self.build(key_node, loc + ("<key>",))
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise _error(
                        self.doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "a mapping key must be a plain value",
                    )
                if key in out:
                    raise _error(
                        self.doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"duplicate key {key!r}",
                        "each key may appear once in a mapping",
                    )
                self.doc.positions[loc + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR:  # what the constructor would return, without its generic dispatch
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as e:
            mark = node.start_mark
            raise _error(self.doc.file, mark.line + 1, mark.column + 1, f"bad value: {e}") from None


Model = TypeVar("Model", bound=BaseModel)


def validate(doc: YamlDoc, model: type[Model]) -> Model:
    """Validate a document against a model; every error is reported at its line."""
    try:
        return model.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as e:
        raise ContentError([problem_from_pydantic(doc, err) for err in e.errors()]) from None


def problem_from_pydantic(doc: YamlDoc, err: ErrorDetails) -> Problem:
    loc = tuple(err["loc"])
    where = ".".join(str(part) for part in loc) or "(top level)"
    kind = err["type"]
    if kind == "extra_forbidden":
        message, hint = (
            f"unknown key {loc[-1]!r} in {'.'.join(map(str, loc[:-1])) or 'the top level'}",
            "check its spelling against `tutor schema`",
        )
    elif kind == "missing":
        message, hint = f"{where}: required key is missing", ""
    elif kind == "string_type" and isinstance(err.get("input"), (bool, int, float)):
        message = f"{where}: expected text, found {err['input']!r}"
        hint = "YAML reads bare yes/no/on/off as true/false and digits as numbers: put the value in quotes"
    else:
        message, hint = f"{where}: {err['msg']}", ""
    return doc.problem(loc, message, hint)


def _error(file: str, line: int, col: int, message: str, hint: str = "") -> ContentError:
    return ContentError([Problem(file, line, col, "error", message, hint)])
