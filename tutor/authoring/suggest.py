"""Cues from examples: what `tutor suggest` proposes for the examples no cue matches yet.

For each expectation or misconception with examples the rules miss, candidate cues are
built from what those examples share: two or three of their key words (shared by two
examples or more, or used by the point's own text) in order, each word also generalised to
the lexicon classes it belongs to, with `...` between them. Each
candidate is read by the tutor's own reader (so negation and stance count as they will),
and kept only if it fires on none of the point's counterexamples. A greedy cover then picks
the fewest cues that take in the most examples, preferring those that fire on fewer corpus
answers not labelled with the point (`tests/data`, when present; an answer to another
question is taken not to make it), and drops those that fire on more than a couple. Each picked cue goes into
one claim per point, with the rule that turns it into the expectation or misconception. An
example the shared words cannot cover gets a cue from its own words, in a second pass.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise

from tutor.assessment.checker import AnswerChecker
from tutor.authoring.examples import examples, grade
from tutor.authoring.words import is_content
from tutor.content.locate import shipped_root
from tutor.content.rulebase import RuleBase
from tutor.content.rules import Claim
from tutor.text.tokens import Sentence
from tutor.understanding.patterns import stems_of
from tutor.understanding.reader import Reader

GAP = 6  # the claim's gap: words `...` may skip
MAX_CLASSES = 2  # classes a word is generalised to (the smallest that hold it)
MAX_CANDIDATES = 3000  # per point, the most widely shared
MAX_CUES = 12  # per point
CORPUS_LIMIT = 2  # corpus answers a cue may wrongly fire on before it is dropped


@dataclass(frozen=True)
class Target:
    """An expectation (under its question) or a misconception, with the examples the rules miss."""

    kind: str  # "expectation" | "misconception"
    ident: str
    question: str
    missed: tuple[str, ...]
    counterexamples: tuple[str, ...]
    meaning: str  # the expectation's text or the misconception's gloss

    @property
    def claim(self) -> str:
        return f"says_{self.ident}"

    @property
    def stance(self) -> str:
        # A point of the essay counts whoever the learner credits with it; a misconception, only as their own.
        return "any" if self.kind == "expectation" else "own"


@dataclass(frozen=True)
class Cue:
    source: str
    new: int  # examples it newly matches, in the order the cues were picked
    counter: int  # counterexamples it fires on (0: the others are dropped)
    corpus: int  # corpus answers of the question it fires on that are not labelled with the point


@dataclass
class Suggestion:
    target: Target
    cues: list[Cue] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)


def targets(checker: AnswerChecker, question: str | None = None) -> list[Target]:
    """The points whose examples the rules miss, with those examples and the point's counterexamples."""
    base = checker.rulebase
    missed: dict[tuple[str, str, str], list[str]] = {}
    counter: dict[tuple[str, str, str], list[str]] = {}
    for e in examples(base):
        if e.kind == "claim" or e.question is None or question not in (None, e.question):
            continue
        key = (e.kind, e.ident, e.question)
        if e.wanted:
            missed.setdefault(key, [])
            if not grade(checker, e).passed:
                missed[key].append(e.text)
        else:
            counter.setdefault(key, []).append(e.text)
    out = []
    for (kind, ident, q), texts in missed.items():
        if texts:
            meaning = (
                base.questions[q].expectations[ident].text
                if kind == "expectation"
                else base.misconceptions[ident].gloss
            )
            out.append(Target(kind, ident, q, tuple(texts), tuple(counter.get((kind, ident, q), ())), meaning))
    return out


def suggest(checker: AnswerChecker, question: str | None = None, corpus: list[dict] | None = None) -> list[Suggestion]:
    corpus = load_corpus() if corpus is None else corpus
    return [suggest_for(checker.rulebase, target, corpus) for target in targets(checker, question)]


def suggest_for(base: RuleBase, target: Target, corpus: list[dict]) -> Suggestion:
    """Cues from the words the examples share; then, for an example still uncovered, from its own words."""
    reader = Reader(base)
    readings = [reader.read(text) for text in target.missed]
    out = Suggestion(target)
    covered: set[int] = set()
    for allowed in (key_stems(reader, target, readings), None):
        left = [r for i, r in enumerate(readings) if i not in covered]
        candidates = candidate_cues(base, left, allowed)
        if candidates and left:
            covered |= pick(base, target, corpus, candidates, covered, out)
    out.uncovered = [text for i, text in enumerate(target.missed) if i not in covered]
    return out


def pick(
    base: RuleBase, target: Target, corpus: list[dict], candidates: list[str], covered: set[int], out: Suggestion
) -> set[int]:
    """Greedy cover: the cue that newly matches most examples, until none adds one. Returns what it covered."""
    trial = Reader(
        replace(
            base,
            claims={str(k): Claim(means="candidate", cues=[c], gap=GAP) for k, c in enumerate(candidates)},
            rules=[],
        )
    )

    def fires(text: str) -> set[int]:
        return {
            int(m.claim)
            for m in trial.read(text).matches
            if m.polarity == "affirmed" and (target.stance == "any" or m.stance == "own")
        }

    on_examples = [fires(text) for text in target.missed]
    fouled = set().union(set(), *(fires(text) for text in target.counterexamples))
    wrong = Counter(k for row in corpus if not labelled(row, target) for k in fires(row["answer"]))
    usable = [k for k in range(len(candidates)) if k not in fouled and wrong[k] <= CORPUS_LIMIT]
    newly: set[int] = set()
    while len(out.cues) < MAX_CUES:
        gain = {k: {i for i, hit in enumerate(on_examples) if k in hit} - covered - newly for k in usable}
        # Most examples first; then cues that fire on fewer corpus answers, have fewer terms, and
        # name a class rather than one word (it carries to the class's other words).
        best = max(
            usable,
            key=lambda k: (
                len(gain[k]),
                -wrong[k],
                -candidates[k].count("..."),
                candidates[k].count("{"),
                candidates[k],
            ),
            default=None,
        )
        if best is None or not gain[best]:
            break
        newly |= gain[best]
        out.cues.append(Cue(candidates[best], len(gain[best]), 0, wrong[best]))
    return newly


def key_stems(reader: Reader, target: Target, readings) -> set[str]:
    """The words a cue may be built from: those two or more examples share, and those of the point itself
    (its text or gloss). A word only one example uses is its wording, not the point."""
    count = Counter(s for r in readings for s in {t.stem for sentence in r.sentences for t in sentence.tokens})
    own = {t.stem for sentence in reader.read(target.meaning).sentences for t in sentence.tokens}
    return {s for s, n in count.items() if n >= 2 or len(readings) == 1} | own


def candidate_cues(base: RuleBase, readings, allowed: set[str] | None) -> list[str]:
    """Two- and three-term cues found in the examples: key words (or their classes) in order, within a gap."""
    classes = word_classes(base)
    shared: Counter[str] = Counter()
    for reading in readings:
        found: set[str] = set()
        for sentence in reading.sentences:
            found |= sentence_cues(sentence, classes, allowed)
        shared.update(found)
    return [cue for cue, _ in shared.most_common(MAX_CANDIDATES)]


def sentence_cues(sentence: Sentence, classes: dict[str, list[str]], allowed: set[str] | None) -> set[str]:
    """The cues one sentence offers; `allowed` limits the words (None: any content word)."""
    spots = [
        (i, terms(token.word, token.stem, classes))
        for i, token in enumerate(sentence.tokens)
        if (allowed is None or token.stem in allowed) and is_content(token.stem)
    ]
    out = set()
    for size in (2, 3):
        for picked in combinations(spots, size):
            if all(b[0] - a[0] - 1 <= GAP for a, b in pairwise(picked)):
                out |= {" ... ".join(words) for words in _product([options for _, options in picked])}
    return out


def _product(options: list[list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for choice in options:
        out = [prefix + (o,) for prefix in out for o in choice]
    return [words for words in out if len(set(words)) == len(words)]


def terms(word: str, stem: str, classes: dict[str, list[str]]) -> list[str]:
    """How a cue may name this word: the word itself, or a (small) lexicon class that holds it."""
    return [word] + [f"{{{c}}}" for c in classes.get(stem, [])]


def word_classes(base: RuleBase) -> dict[str, list[str]]:
    """stem -> the smallest lexicon classes with that one-word member."""
    holders: dict[str, list[str]] = {}
    for name, members in base.classes.items():
        for member in members:
            stems = stems_of(member)
            if len(stems) == 1:
                holders.setdefault(stems[0], []).append(name)
    return {
        s: sorted(set(names), key=lambda n: (len(base.classes[n]), n))[:MAX_CLASSES] for s, names in holders.items()
    }


def labelled(row: dict, target: Target) -> bool:
    """Whether a corpus answer is labelled with the point; an answer to another question never is."""
    return row["question"] == target.question and target.ident in row.get(
        "expectations" if target.kind == "expectation" else "misconceptions", []
    )


def load_corpus() -> list[dict]:
    """The labelled answers in tests/data of the checkout, when there is one (an installed tutor has none)."""
    data = shipped_root() / "tests" / "data"
    rows = []
    for path in sorted(data.rglob("*.jsonl")) if data.is_dir() else []:
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows
