"""The rule base: every file of `rules/` merged into one object, checked for dangling ids."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.locate import content_roots, layered_files
from tutor.content.problems import ContentError, Problem
from tutor.content.rules import (Claim, Concept, InferenceRule, Intent, Language, Misconception, Question,
                                 Relation, RulesFile)
from tutor.content.yamlfile import YamlDoc, read_yaml, validate

SECTIONS = ("concepts", "misconceptions", "questions", "classes", "spellings", "claims", "intents")


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
    # Where each definition was read: (section, id) -> (file, line, col). For messages.
    origins: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def where(self, section: str, ident: str) -> tuple[str, int, int]:
        return self.origins.get((section, ident), ("rules", 1, 1))


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
    for section in SECTIONS:
        target = getattr(base, section)
        for ident, value in getattr(parsed, section).items():
            target[ident] = value  # a later layer overrides an earlier definition
            base.origins[(section, ident)] = (doc.file, *doc.where((section, ident)))
    base.relations += parsed.relations
    for i, rule in enumerate(parsed.rules):
        base.rules = [r for r in base.rules if r.id != rule.id] + [rule]
        base.origins[("rules", rule.id)] = (doc.file, *doc.where(("rules", i)))
    if parsed.language is not None:
        base.language = parsed.language


def dangling_ids(base: RuleBase) -> list[Problem]:
    """Ids that are used but never defined: each one reported where it is used."""
    problems = []

    def need(kind: str, ident: str | None, section: str, owner: str) -> None:
        if ident is not None and ident not in getattr(base, kind):
            file, line, col = base.where(section, owner)
            problems.append(Problem(file, line, col, "error", f"{section} {owner!r} names unknown {kind[:-1]} {ident!r}",
                                    f"define it under `{kind}:` or fix the spelling"))

    expectations = {e for q in base.questions.values() for e in q.expectations}
    for ident, concept in base.concepts.items():
        for other in concept.requires:
            need("concepts", other, "concepts", ident)
    for ident, m in base.misconceptions.items():
        for c in m.concepts:
            need("concepts", c, "misconceptions", ident)
    for ident, q in base.questions.items():
        for c in q.concepts + [c for e in q.expectations.values() for c in e.concepts]:
            need("concepts", c, "questions", ident)
        for m in q.watch:
            need("misconceptions", m, "questions", ident)
    for ident, claim in base.claims.items():
        for c in claim.concepts:
            need("concepts", c, "claims", ident)
    for rel in base.relations:
        need("concepts", rel.source, "relations", rel.source)
        need("concepts", rel.target, "relations", rel.source)
    for rule in base.rules:
        for fact in [*rule.when, *rule.unless, rule.then]:
            need("claims", fact.claim, "rules", rule.id)
            need("misconceptions", fact.misconception, "rules", rule.id)
            need("concepts", fact.concept, "rules", rule.id)
            if fact.expectation is not None and fact.expectation not in expectations:
                file, line, col = base.where("rules", rule.id)
                problems.append(Problem(file, line, col, "error",
                                        f"rules {rule.id!r} names unknown expectation {fact.expectation!r}",
                                        "expectations are defined under a question"))
        for q in rule.questions:
            need("questions", q, "rules", rule.id)
    return problems
