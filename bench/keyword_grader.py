"""The baseline grader of bench/speed_bench.py: what a naive keyword matcher costs.

Reads `tutor grade` input lines and writes one verdict line each, searching 50 keyword regexes
per question in the lower-cased answer: a few keywords found is "partial", more is "correct",
none is "irrelevant". It knows nothing of negation, stance or misconceptions; it is here only
so that the tutor's cost has something plain to be measured against, in the same run.

    python bench/keyword_grader.py FILE > verdicts.jsonl
"""

from __future__ import annotations

import json
import re
import sys

# The essay's vocabulary; each question searches 50 of these words (a different 50 per question).
WORDS = [
    "security",
    "dilemma",
    "herz",
    "walt",
    "mearsheimer",
    "russia",
    "ukraine",
    "nato",
    "choice",
    "choose",
    "interpretation",
    "interpret",
    "threat",
    "threaten",
    "threatened",
    "fear",
    "uncertainty",
    "intention",
    "intentions",
    "defensive",
    "offensive",
    "arms",
    "armament",
    "weapon",
    "power",
    "balance",
    "state",
    "states",
    "anarchy",
    "structure",
    "realism",
    "realist",
    "liberal",
    "self",
    "limitation",
    "restraint",
    "prudence",
    "tragedy",
    "tragic",
    "inevitable",
    "necessity",
    "necessary",
    "forced",
    "blame",
    "responsible",
    "responsibility",
    "invasion",
    "invade",
    "war",
    "expansion",
    "enlargement",
    "alliance",
    "spiral",
    "escalation",
    "deterrence",
    "military",
    "border",
    "sovereignty",
    "putin",
    "kremlin",
    "moscow",
    "west",
    "western",
    "europe",
    "america",
    "policy",
    "critique",
    "critic",
    "argument",
    "author",
    "essay",
    "definition",
    "broad",
    "wide",
    "narrow",
    "range",
    "action",
    "actions",
    "step",
    "steps",
    "act",
    "acting",
    "decision",
    "decide",
    "agency",
    "option",
    "options",
    "alternative",
    "alternatives",
    "cause",
    "caused",
    "reaction",
    "response",
    "respond",
    "interpretations",
    "misread",
    "perceive",
    "perception",
    "intent",
    "survival",
    "insecure",
    "insecurity",
    "aggression",
    "aggressor",
    "defend",
    "defence",
    "defense",
    "attack",
    "peace",
    "cooperation",
    "trust",
]
PER_QUESTION = 50


def keywords(question: str) -> list[re.Pattern]:
    start = sum(map(ord, question)) % len(WORDS)
    chosen = [WORDS[(start + 7 * k) % len(WORDS)] for k in range(PER_QUESTION)]
    return [re.compile(r"\b" + re.escape(word) + r"\w*") for word in chosen]


def main(path: str) -> int:
    compiled: dict[str, list[re.Pattern]] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            item = json.loads(line)
            patterns = compiled.setdefault(item["question"], keywords(item["question"]))
            answer = item["answer"].lower()
            found = sum(1 for p in patterns if p.search(answer))
            verdict = "correct" if found >= 4 else "partial" if found else "irrelevant"
            sys.stdout.write(json.dumps({"id": item["id"], "question": item["question"], "verdict": verdict}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
