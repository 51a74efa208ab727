"""Replies read against the tutor's last move: a blank filled in, a yes or a no.

The tutor's hints, prompts and challenges may say what reply they expect (`Expected`). A
right completion of a blank covers the expectation the prompt serves, and the bare word is
not read for misconceptions ("cynicism or ___" <- "inaction" completes the essay's sentence;
it is not the belief that limits mean inaction). A leading yes or no answers a yes/no
question and is split off before the rest of the line is read; a bare wrong one may hold a
misconception ("did Russia have a choice?" <- "no").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from tutor.assessment.types import Assessment, Expected
from tutor.text.tokens import ASKING_WH, Sentence, stem
from tutor.understanding.acts import ActReader
from tutor.understanding.patterns import CueIndex, compile_pattern

if TYPE_CHECKING:
    from tutor.understanding.reader import Reader, Reading

COMPLETION_WORDS = 8  # a reply this short that fills the blank is the completion, not a statement of its own
_NEGATORS = frozenset(stem(w) for w in ["not", "no", "never", "nor", "neither", "hardly"])


@dataclass(frozen=True)
class ReplyReading:
    value: str | None = None  # "right" or "wrong", when the line answered the move
    covers: tuple[str, ...] = ()  # expectations it covers by answering the move
    holds: tuple[str, ...] = ()  # misconceptions it holds by answering the move
    completion: bool = False  # a short right completion: the line's own misconception readings are dropped
    yes_no: bool = False  # answered by a yes or no ("Yes, because no choice, no dilemma" is graded on its reason)
    rest: Reading | None = None  # the line without its leading yes or no, read again


class ReplyReader:
    def __init__(self, classes: dict[str, list[str]], reader: Reader, acts: ActReader):
        self.classes = classes
        self.reader = reader
        self.acts = acts
        self.index = lru_cache(maxsize=256)(self._index)

    def _index(self, answers: tuple[str, ...]) -> CueIndex[None]:
        return CueIndex((None, compile_pattern(a, self.classes, 2)) for a in answers)

    def read(self, reading: Reading, expected: Expected) -> ReplyReading:
        if expected.yes_no and reading.sentences:
            # past the tutor's words quoted back as questions first: "'reckless'? no - it would mean nothing then",
            # "'frighten'? a fitness programme? no, ..." (not "uncertainity? never heard of it": no reply)
            first = 0
            if _echo(reading.sentences[0]) and all(t.quoted for t in reading.sentences[0].tokens):
                first = next((n for n, s in enumerate(reading.sentences) if not _echo(s)), 0)
            value, words = self.acts.leading_reply(reading.sentences[first])
            if value is None:  # "I'd not say any of them could, no."
                value = self.acts.closing_reply(reading.sentences[first])
            if value is not None and len(reading.sentences) > first + 1:
                later = self.acts.leading_reply(reading.sentences[first + 1])[0]
                if later not in (None, value):
                    value = None  # "Yes? No? Genuinely no clue": both offered, neither said
            if value is not None:
                # A leading "no" would negate the claim after it ("no i think it had no choice"); a "yes" negates
                # nothing, and the line is read whole.
                skip = words + sum(len(s.tokens) for s in reading.sentences[:first]) if words else 0
                rest = self.reader.read(_without_words(reading.normalised, skip)) if value == "no" and skip else None
                right = value == expected.yes_no
                return ReplyReading(
                    "right" if right else "wrong",
                    (expected.serves,) if right and expected.serves else (),
                    (expected.wrong_holds,) if not right and expected.wrong_holds else (),
                    yes_no=True,
                    rest=rest,
                )
        if expected.answers:
            words = sum(len(s.tokens) for s in reading.sentences)
            # "there would be no ___" <- "no dilemma": the blank's own "no", repeated, negates nothing
            own = expected.blank.lower().split("___")[0].split()[-1:]
            for sentence in reading.sentences:
                for _, _, positions in self.index(expected.answers).search(sentence.stems):
                    start = positions[0]
                    if not any(
                        t.stem in _NEGATORS
                        and t.clause == sentence.tokens[start].clause
                        and not (k == start - 1 and [t.word] == own)
                        for k, t in enumerate(sentence.tokens[:start])
                    ):
                        return ReplyReading(
                            "right", (expected.serves,) if expected.serves else (), completion=words <= COMPLETION_WORDS
                        )
            if words <= COMPLETION_WORDS and _mistyped(reading, expected.words):
                return ReplyReading("right", (expected.serves,) if expected.serves else (), completion=True)
        return ReplyReading()

    @staticmethod
    def merge(a: Assessment, reply: ReplyReading, verdict: Callable[..., str]) -> Assessment:
        """The assessment of the line, with what answering the move adds. What a yes or no means counts only
        when the rest of the line makes no point of its own: the misconception a wrong one holds, and the point
        a right one makes (which a misconception after it takes back). A line that answered the move is on the
        topic, whatever else it says."""
        if not reply.value:
            return a
        # "Sure, in theory they had options, but Russia was cornered": a yes that concedes makes no point.
        covers = reply.covers if not (reply.yes_no and (a.expectations or a.misconceptions)) else ()
        covered = a.expectations + tuple(e for e in a.missing if e in covers)
        holds = reply.holds if not a.expectations else ()
        misconceptions = tuple(sorted(set(holds) | (set() if reply.completion else set(a.misconceptions))))
        return replace(
            a,
            verdict=verdict(a.question, covered, misconceptions, False),
            expectations=covered,
            missing=tuple(e for e in a.missing if e not in covered),
            misconceptions=misconceptions,
            reply=reply.value,
            intent=None,
        )


def _mistyped(reading: Reading, words: tuple[str, ...]) -> bool:
    """A short reply with the blank's word typed with a key held down ("laww" for "law", "irraq"): the
    speller leaves words under six letters alone, as too many real words lie one edit apart ("Iran"
    is not "Iraq", "lawn" not "law"), but a doubled letter makes no other word here."""
    tokens = [t for sentence in reading.sentences for t in sentence.tokens]
    if any(t.stem in _NEGATORS for t in tokens):
        return False  # "not laww"
    return any(t.word != w and _undoubled(t.word) == _undoubled(w) for t in tokens for w in words if " " not in w)


def _undoubled(word: str) -> str:
    return "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])


def _without_words(normalised: str, words: int) -> str:
    """The normalised line without its first `words` words (and the punctuation right after them)."""
    pieces = normalised.split(" ")
    seen = 0
    for i, piece in enumerate(pieces):
        if any(ch.isalnum() for ch in piece):
            seen += 1
        if seen == words:
            rest = pieces[i + 1 :]
            while rest and not any(ch.isalnum() for ch in rest[0]):
                rest = rest[1:]
            return " ".join(rest)
    return ""


ECHO_WORDS = 4  # words of a question that only echoes the tutor's ("'frighten'? a fitness programme?")


def _echo(sentence: Sentence) -> bool:
    """A short question that takes up the tutor's words before the reply to them, without a question word."""
    return sentence.question and len(sentence.tokens) <= ECHO_WORDS and sentence.tokens[0].word not in ASKING_WH
