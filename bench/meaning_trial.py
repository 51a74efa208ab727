"""A measured trial of matching by meaning (issue #9, item 4): not part of the tutor.

Where no cue fires in a sentence, the sentence is compared with the examples of its
question's points (expectations and watched misconceptions) using wordllama's bundled
256-dimension static embeddings (loaded from the package's own folder, downloads disabled).
A sentence at least THRESHOLD similar to an example of a point, and holding no negation
word, is taken to make that point. The verdict is then decided as the checker decides it.

    python bench/meaning_trial.py [--thresholds T...] [--content DIR] [SET.jsonl...]

prints accuracy and misconception precision/recall with the rules alone and with the rules
plus meaning at each similarity threshold (no threshold is tuned on the sets it reports).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

from tutor.assessment.checker import load_checker

REPO = Path(__file__).resolve().parent.parent
NEGATIONS = {"not", "no", "never", "nobody", "nothing", "none", "neither", "without", "hardly", "nor"}


def load_model():
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=os.path.dirname(wordllama.__file__), disable_download=True, dim=256)


class Meaning:
    def __init__(self, checker, model):
        self.checker, self.model = checker, model
        rb = checker.rulebase
        self.points: dict[str, list[tuple[str, str, np.ndarray]]] = {}
        for q_id, q in rb.questions.items():
            items = [("expectation", e, t) for e, x in q.expectations.items() for t in x.examples]
            items += [
                ("misconception", m, t)
                for m in q.watch
                if m in rb.misconceptions
                for t in rb.misconceptions[m].examples
            ]
            if items:
                vectors = self.model.embed([t for _, _, t in items], norm=True)
                self.points[q_id] = [(kind, ident, v) for (kind, ident, _), v in zip(items, vectors, strict=True)]

    def assess(self, question: str, text: str, threshold: float | None):
        a = self.checker.assess(question, text)
        if threshold is None or question not in self.points:
            return a.verdict, set(a.misconceptions)
        reading = self.checker.reader.read(text)
        cued = {m.sentence for m in reading.matches}
        spare = [
            s
            for s in reading.sentences
            if s.index not in cued and not NEGATIONS & {t.word for t in s.tokens} and len(s.tokens) >= 3
        ]
        expectations, misconceptions = set(a.expectations), set(a.misconceptions)
        if spare:
            vectors = self.model.embed([" ".join(t.word for t in s.tokens) for s in spare], norm=True)
            for v in vectors:
                for kind, ident, example in self.points[question]:
                    if float(v @ example) >= threshold:
                        (expectations if kind == "expectation" else misconceptions).add(ident)
        total = len(self.checker.rulebase.questions[question].expectations)
        if misconceptions:
            return "misconception", misconceptions
        if expectations:
            return ("correct" if len(expectations) == total else "partial"), misconceptions
        return a.verdict, misconceptions


def score(meaning: Meaning, rows: list[dict], threshold: float | None) -> tuple[float, float, float]:
    right = tp = fp = fn = 0
    for row in rows:
        verdict, got = meaning.assess(row["question"], row["answer"], threshold)
        gold = set(row["misconceptions"])
        right += verdict == row["verdict"]
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    return right / len(rows), tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.55, 0.6, 0.65, 0.7])
    parser.add_argument("--content", type=Path, action="append")
    parser.add_argument("sets", nargs="*", type=Path, help="JSON-lines sets (default: every set in tests/data, pooled)")
    args = parser.parse_args()
    meaning = Meaning(load_checker(args.content), load_model())
    paths = args.sets or sorted((REPO / "tests" / "data").rglob("*.jsonl"))
    rows = [row for path in paths for row in read(path)]
    print(f"{len(rows)} answers from {len(paths)} set(s); accuracy, misconception precision, recall")
    print("rules alone          {:.3f}  {:.3f}  {:.3f}".format(*score(meaning, rows, None)))
    for t in args.thresholds:
        print(f"+ meaning at {t:<5}    " + "{:.3f}  {:.3f}  {:.3f}".format(*score(meaning, rows, t)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
