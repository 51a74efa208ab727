"""`tutor quiz SCRIPT.yaml... [--report text|json|junit] [--output FILE] [--coverage]`

Runs scripted learners through dialogues headless. Exit status: 0 every expectation met,
1 an expectation failed, 2 a script or content error (reported at its file:line).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.content.rulebase import load_rulebase
from tutor.dialogue.library import load_dialogues
from tutor.quiz.coverage import all_items, coverage_json, coverage_text
from tutor.quiz.report import json_report, junit_report, text_report
from tutor.quiz.runner import run_script
from tutor.quiz.script import load_scripts

DEFAULT_SCRIPTS = Path("tests/quiz")


def configure(parser):
    parser.add_argument(
        "scripts",
        metavar="SCRIPT",
        type=Path,
        nargs="*",
        help=f"quiz scripts (.yaml) or folders of them (default: {DEFAULT_SCRIPTS}/)",
    )
    parser.add_argument("--report", choices=("text", "json", "junit"), default="text", help="report format")
    parser.add_argument("--output", metavar="FILE", type=Path, help="write the report here instead of stdout")
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="also report which hints, challenges, corrections and transitions the scripts exercised",
    )
    parser.add_argument(
        "--coverage-in",
        metavar="DIR",
        type=Path,
        help="report coverage only for the dialogues in this folder (your own); implies --coverage",
    )


def run(args) -> int:
    rulebase = load_rulebase(args.content)
    dialogues = load_dialogues(args.content, rulebase)
    scripts = load_scripts(args.scripts or [DEFAULT_SCRIPTS], dialogues, rulebase)
    # Imported late: every command's module is imported to build the parser, and the checker starts
    # a rules engine, which a script with a mistake never needs.
    from tutor.assessment.checker import load_checker

    checker = load_checker(args.content)
    results = [run_script(doc, script, dialogues[script.dialogue], checker, rulebase) for doc, script in scripts]
    coverage = None
    if args.coverage or args.coverage_in:
        exercised: dict[str, set[str]] = {}
        for r in results:
            exercised.setdefault(r.dialogue, set()).update(r.exercised)
        coverage = (all_items(dialogues, args.content, args.coverage_in), exercised)
    if args.report == "json":
        report = json_report(results, coverage_json(*coverage) if coverage else None)
    elif args.report == "junit":
        report = junit_report(results)
        if coverage:
            print(coverage_text(*coverage), file=sys.stderr)
    else:
        report = text_report(results) + ("\n\n" + coverage_text(*coverage) if coverage else "")
    if args.output:
        try:
            args.output.write_text(report if report.endswith("\n") else report + "\n", encoding="utf-8")
        except OSError as e:
            print(f"tutor quiz: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
            return 2
    else:
        print(report)
    return 0 if all(r.passed for r in results) else 1
