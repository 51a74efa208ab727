"""What learners said that the tutor missed: the instructor's worklist.

A miss is an answer that no rule of its question concludes anything from: the current rules
grade it `irrelevant` or `non_domain` (or take it for a request, as "lost" in "the oligarchs
lost their yachts"), although the reader matched a cue in it or it looks on-topic: it has a
word of the on-topic list (`language.domain`) or shares a content word with its question
(the ask, the expectations, the watched misconceptions and their examples). Misses of one question are
grouped by the content words they share, so that ten answers saying the same thing in
the same words show up as one group: one new example, one `tutor suggest`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tutor.assessment.checker import AnswerChecker
from tutor.authoring.words import content_words

GROUP_WORDS = 2  # an answer is grouped by (at most) its two most widely shared content words


@dataclass(frozen=True)
class Answer:
    ident: str  # the input line's id, or where the answer was recorded
    question: str
    text: str


@dataclass(frozen=True)
class Miss:
    answer: Answer
    verdict: str
    words: tuple[str, ...]  # its content words, as the learner wrote them


@dataclass(frozen=True)
class Group:
    question: str
    shared: tuple[str, ...]  # the content words the group's answers share (empty: nothing shared)
    misses: tuple[Miss, ...]


def find_misses(checker: AnswerChecker, answers: Iterable[Answer]) -> list[Miss]:
    topics = {q: topic_stems(checker, q) for q in checker.rulebase.questions}
    out = []
    for answer in answers:
        if answer.question not in topics:
            continue
        a = checker.assess(answer.question, answer.text)
        if a.verdict not in ("irrelevant", "non_domain"):
            continue
        reading = checker.reader.read(answer.text)
        words = content_words(reading)
        if reading.on_domain or reading.matches or set(words) & topics[answer.question]:
            out.append(Miss(answer, a.verdict, tuple(words.values())))
    return out


def topic_stems(checker: AnswerChecker, question_id: str) -> set[str]:
    """The content words of a question: what it asks, its points, the misconceptions it watches."""
    rb = checker.rulebase
    q = rb.questions[question_id]
    texts = [q.ask] + [t for e in q.expectations.values() for t in (e.text, *e.examples)]
    texts += [
        t
        for m in q.watch
        if m in rb.misconceptions
        for t in (rb.misconceptions[m].gloss, *rb.misconceptions[m].examples)
    ]
    return {s for text in texts for s in content_words(checker.reader.read(text))}


def group(misses: list[Miss]) -> list[Group]:
    """Per question (most missed first), biggest group first: answers keyed by their most widely shared
    content words."""
    groups: list[Group] = []
    for question in dict.fromkeys(m.answer.question for m in misses):
        mine = [m for m in misses if m.answer.question == question]
        counts = Counter(w for m in mine for w in set(m.words))
        keyed: dict[tuple[str, ...], list[Miss]] = {}
        for m in mine:
            shared = sorted((w for w in set(m.words) if counts[w] > 1), key=lambda w: (-counts[w], w))
            keyed.setdefault(tuple(sorted(shared[:GROUP_WORDS])), []).append(m)
        groups += [Group(question, key, tuple(found)) for key, found in keyed.items()]
    total = Counter(m.answer.question for m in misses)
    return sorted(groups, key=lambda g: (-total[g.question], g.question, -len(g.misses), not g.shared, g.shared))
