"""`tutor why A B`: how two concepts connect, told link by link from the relations in rules/."""

from __future__ import annotations

import difflib
import sys

from tutor.content.rulebase import RuleBase, load_rulebase
from tutor.dialogue.links import chains, link_line, name


def configure(parser):
    parser.add_argument("source", metavar="CONCEPT", help="where the chain starts, e.g. self_limitation")
    parser.add_argument("target", metavar="CONCEPT", help="where it ends, e.g. tragedy")


def run(args) -> int:
    rulebase = load_rulebase(args.content)
    for concept in (args.source, args.target):
        if concept not in rulebase.concepts:
            print(f"tutor why: unknown concept {concept!r}{suggestion(rulebase, concept)}", file=sys.stderr)
            return 2
    found = chains(rulebase, args.source, args.target)
    start, goal = name(rulebase, args.source), name(rulebase, args.target)
    if args.source == args.target:
        print(f"{start}: {rulebase.concepts[args.source].summary}")
        return 0
    if not found:
        print(f"No chain of relations in rules/ links {start} to {goal}.")
        return 1
    print(f"How {start} connects to {goal}:")
    for i, chain in enumerate(found, 1):
        print()
        for j, link in enumerate(chain):
            print(f"{f'{i}.' if j == 0 else '':<4}{link_line(rulebase, link)}")
            print(f"       {link.relation.says.strip()}")
    return 0


def suggestion(rulebase: RuleBase, concept: str) -> str:
    close = difflib.get_close_matches(concept, list(rulebase.concepts), n=3)
    if close:
        return f" (did you mean {', '.join(close)}?)"
    return f" (known concepts: {', '.join(sorted(rulebase.concepts))})"
