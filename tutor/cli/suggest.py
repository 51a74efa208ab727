"""`tutor suggest [--question ID] [--write FILE]`: cues, claims and rules proposed from the examples.

It prints YAML for an author to review: per expectation or misconception whose examples no
cue matches yet, one claim with the cues that match them, each cue with how many examples it
newly matches and how many counterexamples and corpus answers it would wrongly fire on, and
the rule that turns the claim into the point. `--write FILE` writes (or extends) a rules file,
which loads like any other: put it in your content folder's rules/.
"""

from __future__ import annotations

import sys
from pathlib import Path


def configure(parser):
    parser.add_argument("--question", "-q", metavar="ID", help="only this question's expectations and misconceptions")
    parser.add_argument(
        "--write",
        metavar="FILE",
        type=Path,
        help="write the suggestions into this rules file (extending it if suggest wrote it before)",
    )


def run(args) -> int:
    from tutor.assessment.checker import load_checker
    from tutor.authoring.proposal import ProposalError, merge_into, render
    from tutor.authoring.suggest import suggest
    from tutor.cli.main import unknown_question

    checker = load_checker(args.content)
    if unknown_question("suggest", args.question, checker.questions):
        return 2
    suggestions = suggest(checker, args.question)
    print(render(suggestions), end="")
    if args.write:
        try:
            written = merge_into(args.write, suggestions)
        except ProposalError as e:
            print(f"tutor suggest: error: {e}", file=sys.stderr)
            return 2
        print(
            f"# written to {args.write}" if written else f"# nothing to write: {args.write} left as it was",
            file=sys.stderr,
        )
    return 0
