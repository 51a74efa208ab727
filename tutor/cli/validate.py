"""`tutor validate [PATH...]`: check rule and dialogue files and report every problem at its line.

With no PATH, checks the content in force: shipped, $TUTOR_CONTENT and each --content
DIR. With paths (content directories, folders of YAML files, or files), checks those
as a last layer over that content and reports only their problems.
"""

from __future__ import annotations

import json
from pathlib import Path


def configure(parser):
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or directories to check (default: the content in force)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="json: one object, for tools")


def run(args) -> int:
    from tutor.validate.check import check

    report = check(args.paths, getattr(args, "content", None))
    failed = report.errors > 0 or (args.strict and report.warnings > 0)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "passed": not failed,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "files": list(report.files),
                    "problems": [p.to_json() for p in report.problems],
                },
                indent=2,
            )
        )
    else:
        for problem in report.problems:
            print(problem)
        print(f"{len(report.files)} files checked: {report.errors} errors, {report.warnings} warnings")
    return 1 if failed else 0
