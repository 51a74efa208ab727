"""Ids: defined twice in one content directory, used but never defined, or dropped from the curriculum.

The curriculum's ids are a contract that `tutor grade` and the dialogues speak. The
shipped rules/concepts.yaml, misconceptions.yaml and questions.yaml hold them; an
instructor's layer may add and override ids but must not drop one.
"""

from __future__ import annotations

from tutor.content.locate import shipped_root
from tutor.content.problems import ContentError, Problem
from tutor.content.rulebase import SECTIONS, dangling_ids
from tutor.content.rules import RulesFile
from tutor.content.yamlfile import read_yaml, validate
from tutor.validate.loading import Content, Loaded

CONTRACT_FILES = {"concepts": "concepts.yaml", "misconceptions": "misconceptions.yaml", "questions": "questions.yaml"}


def defined_ids(loaded: Loaded) -> list[tuple[str, str, tuple]]:
    """(section, id, path in the file) of every definition in a file."""
    if loaded.source.kind == "dialogues":
        return [("dialogue", loaded.model.id, ("id",))]
    out = [(section, ident, (section, ident)) for section in SECTIONS for ident in getattr(loaded.model, section)]
    return out + [("rules", rule.id, ("rules", i)) for i, rule in enumerate(loaded.model.rules)]


def singular(section: str) -> str:
    return {"classes": "class", "spellings": "spelling of"}.get(section, section.rstrip("s"))


def duplicate_ids(content: Content) -> list[Problem]:
    """The same id defined twice within one layer: one silently wins, which is rarely what was meant."""
    problems = []
    first: dict[tuple[int, str, str], str] = {}
    for loaded in content.rules + content.dialogues:
        for section, ident, loc in defined_ids(loaded):
            key = (loaded.source.layer, section, ident)
            here = "{}:{}:{}".format(loaded.doc.file, *loaded.doc.where(loc))
            if key in first:
                problems.append(
                    loaded.problem(
                        loc,
                        f"{singular(section)} {ident!r} is defined twice: first at {first[key]}",
                        "rename one or delete one; to override a shipped id, define it in your own content directory",
                    )
                )
            else:
                first[key] = here
    return problems


def unknown_ids(content: Content) -> list[Problem]:
    return dangling_ids(content.base)


def contract() -> dict[str, dict[str, set[str]]]:
    """The shipped curriculum ids: section -> id -> its sub-ids (a question's expectations)."""
    ids: dict[str, dict[str, set[str]]] = {}
    for section, name in CONTRACT_FILES.items():
        path = shipped_root() / "rules" / name
        try:
            parsed = validate(read_yaml(path), RulesFile)
        except ContentError:
            continue  # a broken shipped file is reported where it is read
        items = getattr(parsed, section)
        ids[section] = {ident: set(getattr(item, "expectations", {})) for ident, item in items.items()}
    return ids


def dropped_ids(content: Content) -> list[Problem]:
    """Curriculum ids an instructor's layer lost by replacing a shipped file (or a question's expectations)."""
    problems = []
    for section, items in contract().items():
        replacing = [
            loaded
            for loaded in content.rules
            if content.replaced.get(loaded.source.path)
            and content.replaced[loaded.source.path].name == CONTRACT_FILES[section]
        ]
        for ident, subs in items.items():
            defined = getattr(content.base, section)
            if ident not in defined:
                if replacing:
                    problems.append(
                        replacing[0].problem(
                            (section,),
                            f"{singular(section)} {ident!r} of the curriculum is missing: this file replaces "
                            f"the shipped rules/{CONTRACT_FILES[section]} without it",
                            "keep every curriculum id; to change a few, put only those in a file with another name",
                        )
                    )
                continue
            for sub in sorted(subs - set(getattr(defined[ident], "expectations", {}))):
                problems.append(
                    Problem(
                        *content.base.where(section, ident, "expectations"),
                        "error",
                        f"question {ident!r} drops the curriculum's expectation {sub!r}",
                        "keep every expectation id of the curriculum; reword its text instead",
                    )
                )
    return problems
