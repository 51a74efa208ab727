"""Run every check over the content in force; return every problem, sorted by file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.content.locate import content_roots
from tutor.content.problems import Problem
from tutor.validate.cues import class_duplicates, costly_cues, cue_problems
from tutor.validate.dialogues import (
    dialogue_ids,
    flow,
    missing_corrections,
    missing_moves,
    pumps_asking_elsewhere,
    unanswerable_prompts,
)
from tutor.validate.examples import wrong_examples
from tutor.validate.ids import dropped_ids, duplicate_ids, unknown_ids
from tutor.validate.inference import unconcluded_points, unproduced_conditions, unused_conclusions
from tutor.validate.loading import load
from tutor.validate.quizzes import quiz_ids
from tutor.validate.sources import path_sources, root_sources

CHECKS = (
    duplicate_ids,
    unknown_ids,
    dropped_ids,
    cue_problems,
    costly_cues,
    class_duplicates,
    unproduced_conditions,
    unused_conclusions,
    unconcluded_points,
    dialogue_ids,
    missing_corrections,
    missing_moves,
    pumps_asking_elsewhere,
    unanswerable_prompts,
    flow,
    quiz_ids,
)


@dataclass(frozen=True)
class Report:
    files: tuple[str, ...]  # the files checked
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check(paths: list[Path], content: list[Path] | None = None) -> Report:
    """Check the layered content (shipped, $TUTOR_CONTENT, `content`) and, given `paths`, those files as
    a last layer over it; with paths, report only the problems found in them."""
    roots = content_roots(content)
    sources = [source for layer, root in enumerate(roots) for source in root_sources(root, layer)]
    missing: list[Problem] = []
    named = []
    for k, path in enumerate(paths):
        found, problems = path_sources(path, len(roots) + k)
        named += found
        missing += problems
    loaded, problems = load(sources + named)
    for run in CHECKS:
        problems += run(loaded)
    files = [source.file for source in (named if paths else sources)]
    if not any(p.severity == "error" for p in missing + problems):  # grading needs a rule base that compiles
        problems += wrong_examples(loaded, set(files) if paths else None)
    if paths:
        problems = [p for p in problems if p.file in files]
    ordered = sorted(set(missing + problems), key=lambda p: (p.file, p.line, p.col, p.severity, p.message))
    return Report(tuple(dict.fromkeys(files)), tuple(ordered))
