"""Read every source: YAML first, then the pydantic model of its kind; merge the rule base.

A file that fails is reported and left out, so that the other checks still run and
`tutor validate` lists every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from tutor.content.problems import ContentError, Problem
from tutor.content.rulebase import RuleBase, merge
from tutor.content.rules import RulesFile
from tutor.content.yamlfile import YamlDoc, read_yaml, validate
from tutor.dialogue.models import Dialogue
from tutor.quiz.script import QuizScript
from tutor.validate.sources import Source


def models() -> dict[str, type[BaseModel]]:
    """The model of each file kind: the single description of its format."""
    return {"rules": RulesFile, "dialogues": Dialogue, "quiz": QuizScript}


M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    source: Source
    doc: YamlDoc
    model: M

    def problem(self, loc: tuple, message: str, hint: str = "", severity: str = "error") -> Problem:
        return self.doc.problem(loc, message, hint, severity)


@dataclass
class Content:
    """The files in force after layering, parsed, and the rule base they merge into."""

    rules: list[Loaded[RulesFile]] = field(default_factory=list)
    dialogues: list[Loaded[Dialogue]] = field(default_factory=list)
    quiz: list[Loaded[QuizScript]] = field(default_factory=list)
    base: RuleBase = field(default_factory=RuleBase)
    replaced: dict[Path, Source] = field(default_factory=dict)  # a file -> the earlier one it replaces


def load(sources: list[Source]) -> tuple[Content, list[Problem]]:
    problems: list[Problem] = []
    in_force: dict[tuple[str, str], tuple[Source, YamlDoc]] = {}
    content = Content()
    for source in sources:
        try:
            doc = read_yaml(source.path)
        except ContentError as e:
            problems += e.problems
            continue
        except RecursionError:  # PyYAML composes nested collections recursively
            problems.append(
                Problem(
                    source.file,
                    1,
                    1,
                    "error",
                    "values nested too deeply to read",
                    "authored files need a few levels of nesting, not thousands",
                )
            )
            continue
        if source.named and not isinstance(doc.data, dict):
            # An empty file in a content directory is an empty rules file; one named on purpose is a mistake.
            found = "is empty" if doc.data is None else f"holds a {type(doc.data).__name__}, not a mapping of keys"
            problems.append(
                doc.problem(
                    (),
                    f"this file {found}",
                    "a rules, dialogue or quiz file starts with its top-level keys (see `tutor schema`)",
                )
            )
            continue
        kind = source.kind or kind_of(doc)
        if kind is None:
            problems.append(
                doc.problem(
                    (),
                    "cannot tell whether this is a rules file, a dialogue or a quiz script",
                    "put it in a rules/ or dialogues/ folder, or use the top-level keys "
                    "of one kind (see `tutor schema`)",
                )
            )
            continue
        # A quiz script replaces nothing: scripts are not layered.
        key = (kind, str(source.path) if kind == "quiz" else source.name)
        if key in in_force:
            content.replaced[source.path] = in_force[key][0]
        in_force[key] = (Source(source.path, kind, source.layer, source.name, source.named), doc)

    kinds = models()
    for source, doc in in_force.values():
        try:
            loaded = Loaded(source, doc, validate(doc, kinds[source.kind]))
        except ContentError as e:
            problems += e.problems
            continue
        getattr(content, source.kind).append(loaded)  # the list of its kind: models() gave it that kind's model
    for rules in content.rules:
        merge(content.base, rules.doc, rules.model)
    return content, problems


def kind_of(doc: YamlDoc) -> str | None:
    """Tell a file's kind by its top-level keys, when its folder does not."""
    if doc.data is None:
        return "rules"  # an empty file is a valid, empty rules file; nothing else to check
    if not isinstance(doc.data, dict):
        return None
    keys = set(doc.data)
    matches = [kind for kind, model in models().items() if keys & set(model.model_fields)]
    return matches[0] if len(matches) == 1 else None
