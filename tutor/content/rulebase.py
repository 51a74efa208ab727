"""The rule base: every file of `rules/` merged into one object, checked for dangling ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.locate import content_roots, layered_files
from tutor.content.problems import ContentError, Problem
from tutor.content.rules import (
    Claim,
    Concept,
    Entry,
    InferenceRule,
    Intent,
    Language,
    Misconception,
    Question,
    Relation,
    Replies,
    RulesFile,
)
from tutor.content.yamlfile import YamlDoc, read_yaml, validate

SECTIONS = ("concepts", "misconceptions", "questions", "classes", "spellings", "claims", "intents", "glossary")


@dataclass
class RuleBase:
    concepts: dict[str, Concept] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    misconceptions: dict[str, Misconception] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    classes: dict[str, list[str]] = field(default_factory=dict)
    spellings: dict[str, list[str]] = field(default_factory=dict)
    language: Language = field(default_factory=Language)
    claims: dict[str, Claim] = field(default_factory=dict)
    rules: list[InferenceRule] = field(default_factory=list)
    intents: dict[str, Intent] = field(default_factory=dict)
    glossary: dict[str, Entry] = field(default_factory=dict)
    replies: Replies = field(default_factory=Replies)
    # Where each definition was read: (section, id) -> (file, line, col). For messages.
    origins: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    # The same, as (document, path of the definition in it), to place a message on one item inside it.
    # Relations have no id: they are keyed by their index in `relations`, as a string.
    sources: dict[tuple[str, str], tuple[YamlDoc, tuple]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def where(self, section: str, ident: str, *inside) -> tuple[str, int, int]:
        """Where a definition was read or, given a path `inside` it (e.g. "watch", 0), that item."""
        if (section, ident) not in self.sources:
            return self.origins.get((section, ident), ("rules", 1, 1))
        doc, loc = self.sources[(section, ident)]
        return (doc.file, *doc.where(loc + inside))


def read_rules_file(path: Path) -> tuple[YamlDoc, RulesFile]:
    doc = read_yaml(path)
    return doc, validate(doc, RulesFile)


def load_rulebase(content: list[Path] | None = None, *, check: bool = True) -> RuleBase:
    """Read and merge the layered rule files; raise ContentError listing every problem."""
    base = RuleBase()
    problems: list[Problem] = []
    for path in layered_files("rules", content_roots(content)):
        try:
            doc, parsed = read_rules_file(path)
        except ContentError as e:
            problems += e.problems
            continue
        merge(base, doc, parsed)
    if check:
        problems += dangling_ids(base)
    if problems:
        raise ContentError(problems)
    return base


def merge(base: RuleBase, doc: YamlDoc, parsed: RulesFile) -> None:
    base.files.append(Path(doc.file))

    def record(section: str, ident: str, loc: tuple) -> None:
        base.origins[(section, ident)] = (doc.file, *doc.where(loc))
        base.sources[(section, ident)] = (doc, loc)

    for section in SECTIONS:
        target = getattr(base, section)
        for ident, value in getattr(parsed, section).items():
            target[ident] = value  # a later layer overrides an earlier definition
            record(section, ident, (section, ident))
    for i, relation in enumerate(parsed.relations):
        record("relations", str(len(base.relations)), ("relations", i))
        base.relations.append(relation)
    for i, rule in enumerate(parsed.rules):
        base.rules = [r for r in base.rules if r.id != rule.id] + [rule]
        record("rules", rule.id, ("rules", i))
    if parsed.language is not None:
        base.language = parsed.language
    if parsed.replies is not None:
        base.replies = parsed.replies


def dangling_ids(base: RuleBase) -> list[Problem]:
    """Ids that are used but never defined: each one reported at the line that uses it."""
    problems = []
    expectations = {e for q in base.questions.values() for e in q.expectations}

    def need(kind: str, ident: str | None, section: str, owner: str, *inside) -> None:
        known = expectations if kind == "expectations" else getattr(base, kind)
        if section == "relations":  # a relation may link a concept to a person or term of the glossary
            known = set(known) | set(base.glossary)
        if ident is None or ident in known:
            return
        file, line, col = base.where(section, owner, *inside)
        label = (
            f"relation {base.relations[int(owner)].source} -> {base.relations[int(owner)].target}"
            if section == "relations"
            else f"{section[:-1]} {owner!r}"
        )
        hint = (
            "expectations are defined under a question"
            if kind == "expectations"
            else f"define it under `{kind}:` or fix the spelling"
        )
        problems.append(Problem(file, line, col, "error", f"{label} names unknown {kind[:-1]} {ident!r}", hint))

    for ident, concept in base.concepts.items():
        for i, other in enumerate(concept.requires):
            need("concepts", other, "concepts", ident, "requires", i)
    for ident, m in base.misconceptions.items():
        for i, c in enumerate(m.concepts):
            need("concepts", c, "misconceptions", ident, "concepts", i)
    for ident, q in base.questions.items():
        for i, c in enumerate(q.concepts):
            need("concepts", c, "questions", ident, "concepts", i)
        for e_id, e in q.expectations.items():
            for i, c in enumerate(e.concepts):
                need("concepts", c, "questions", ident, "expectations", e_id, "concepts", i)
        for i, watched in enumerate(q.watch):
            need("misconceptions", watched, "questions", ident, "watch", i)
        if q.yes_no is not None:
            need("misconceptions", q.yes_no.wrong_holds, "questions", ident, "yes_no", "wrong_holds")
            if q.yes_no.serves is not None and q.yes_no.serves not in q.expectations:
                file, line, col = base.where("questions", ident, "yes_no", "serves")
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        "error",
                        f"question {ident!r}: yes_no serves {q.yes_no.serves!r}, not one of its expectations",
                        f"one of: {', '.join(q.expectations)}",
                    )
                )
    for ident, claim in base.claims.items():
        for i, c in enumerate(claim.concepts):
            need("concepts", c, "claims", ident, "concepts", i)
    for k, rel in enumerate(base.relations):
        need("concepts", rel.source, "relations", str(k), "source")
        need("concepts", rel.target, "relations", str(k), "target")
    for rule in base.rules:
        facts = [(part, i, fact) for part in ("when", "unless") for i, fact in enumerate(getattr(rule, part))]
        for part, n, fact in facts + [("then", None, rule.then)]:
            at = (part,) if n is None else (part, n)
            for kind in ("claims", "misconceptions", "concepts", "expectations"):
                need(kind, getattr(fact, kind[:-1]), "rules", rule.id, *at, kind[:-1])
        for i, asked in enumerate(rule.questions):
            need("questions", asked, "rules", rule.id, "questions", i)
    return problems
