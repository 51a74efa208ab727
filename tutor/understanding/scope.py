"""Negation and stance: does the learner assert a claim, deny it, or report someone else's view?

Polarity is the parity of the negations that scope over a cue match:
- a negation before it in its clause, within NEGATION_REACH words (further across an or-list);
- a negation inside it that the cue did not consume ("any action that does not set it off");
- a denial earlier in the sentence, across commas but not past a colon ("it is not true, the
  author says, that ...");
- a negated object closing its clause ("scare nobody");
- a rejection after it ("... is wrong"), unless a denial was already counted.
Two negations cancel: "I wouldn't say Russia couldn't have done otherwise". A negation that
ends another claim's cue ("do nothing") or stands inside a frame ("none of that changes the
fact that") is that cue's or frame's, not this claim's.

Stance is decided by frames read left to right through the sentence: a reporting frame
("Walt says", "people assume", "Mearsheimer's picture") makes the rest someone else's view
until a contrast ("but"), a sentence that goes on from it ("So ..."), or the learner's own
frame in a new clause ("..., which the essay rejects"); an endorsing frame ("as Mearsheimer
rightly shows", "I side with Walt") makes it the learner's own again. Quoted words are
mentioned, not said. A match inside an if-part, or in a real question, is a supposition.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from tutor.text.tokens import AUXILIARIES, Sentence, Token
from tutor.understanding.patterns import CueIndex, Pattern

NEGATION_REACH = 10  # words from a negation to the claim it denies
DENIAL_REACH = 20  # words from "it is not true that" to the claim it denies
OBJECT_REACH = 2  # words from a claim to a negated object ("scare hardly anyone")

QUOTED = "quotation marks"  # the frame of a claim made of someone's quoted words


class Scope(NamedTuple):  # a named tuple: made for every sentence with a claim, and cheap to build
    """What the language cues found in one sentence."""

    negations: Spans  # positions of each negator match
    rejections: Spans
    denials: Spans
    objects: Spans
    stances: tuple[tuple[str, str], ...]  # per token: (stance, the frame's words)
    framed: frozenset[int]  # positions inside a frame ("none of that changes the fact that")
    suppositions: Spans  # positions of each if-marker
    part_starts: tuple[int, ...]  # per token: where its part (between punctuation) starts; () if no supposition


_OWN = ("own", "")  # the learner's own voice, no frame


class Spans(tuple[tuple[int, ...], ...]):
    """Matches of one kind in a sentence, each the positions of its words, in order of their first word;
    `between` finds those near a position without reading the others."""

    _firsts: list[int] | None = None  # each match's first word, found on the first `between`
    _longest = 1

    def between(self, after: int, before: int) -> list[tuple[int, ...]] | tuple[tuple[int, ...], ...]:
        """The matches, in order, that end at `after` or later and start before `before`."""
        if len(self) < 4:
            return self  # too few to look up: the caller's own tests pick them
        if self._firsts is None:
            self._firsts = [m[0] for m in self]
            self._longest = max(m[-1] - m[0] + 1 for m in self)
        lo = bisect_left(self._firsts, after - self._longest + 1)
        hi = bisect_left(self._firsts, before, lo)
        return [m for m in self[lo:hi] if m[-1] >= after]


_NO_SPANS = Spans()  # most kinds match nowhere in a sentence: one empty Spans serves them all

# The kinds of language cue, each a list in the rules' `language:` section.
CUE_KINDS = ("negators", "rejecters", "denials", "objects", "reporters", "endorsers", "own_frames", "hypotheticals")


@dataclass(frozen=True)
class LanguageCues:
    cues: CueIndex[str]  # every language cue, keyed by its kind (one of CUE_KINDS): one search per sentence
    contrast: frozenset[str]  # stems
    breaks: frozenset[tuple[str, ...]]  # phrases that start a clause

    def scope(self, sentence: Sentence) -> Scope:
        stems = sentence.stems
        found = _longest(self.cues.search(stems))
        endorsed = found["endorsers"]
        # An endorsement covers a report it introduces: "I agree with what Mearsheimer told...".
        covered = {i for m in endorsed for i in range(m[0], m[-1] + 4)}
        own = found["own_frames"]
        # A report inside the learner's own frame is the frame's: "whatever Walt says, X" concedes, then asserts.
        reported = [m for m in found["reporters"] if not covered.intersection(m) and not _inside(m, own)]
        tokens = sentence.tokens
        framed = frozenset(i for m in (*reported, *own, *endorsed) for i in m)
        # Most sentences have no frame: every word is the learner's own (the loops below would say so).
        stances = self._stances(sentence, reported, endorsed, own) if framed else ((_OWN,) * len(tokens))
        denials = found["denials"]
        in_denial = {i for d in denials for i in d}
        negations = tuple(n for n in found["negators"] if not in_denial.issuperset(n))
        # So is an "if" in it: "if anyone showed restraint, it was the West" asserts.
        suppositions = found["hypotheticals"]
        if own and suppositions:
            suppositions = Spans(m for m in suppositions if not _inside(m, own))
        parts = [0] * len(tokens) if suppositions else []  # where each word's part starts: for suppositions only
        for i in range(1, len(parts)):
            parts[i] = parts[i - 1] if tokens[i].part == tokens[i - 1].part else i
        return Scope(
            Spans(negations),
            found["rejecters"],
            denials,
            found["objects"],
            stances,
            framed,
            suppositions,
            tuple(parts),
        )

    def _stances(
        self, sentence: Sentence, reported: list[tuple[int, ...]], endorsed: Spans, own: Spans
    ) -> tuple[tuple[str, str], ...]:
        """Per word: (stance, the frame's words), read left to right through the frames."""
        stems = sentence.stems
        # A report starts with its frame ("Walt treats every step as..."); the learner's own voice
        # resumes after an endorsement ("as Mearsheimer rightly shows, ...") or the learner's own
        # frame, though not inside a report ("people think the essay says X" stays reported).
        starts = {m[0]: ("reported", sentence.text(m[0], m[-1] + 1)) for m in reported}
        endorsing = {m[-1]: ("own", sentence.text(m[0], m[-1] + 1)) for m in endorsed}
        owning = {m[-1]: (m[0], ("own", sentence.text(m[0], m[-1] + 1))) for m in own}
        tokens = sentence.tokens
        stances, current, report_clause = [], ("own", ""), -1
        framing = {i for m in reported for i in m[1:]}  # "as though" is a frame, not a turn
        for i, s in enumerate(stems):
            if (s in self.contrast or tokens[i].joined) and i not in framing:
                current = ("own", "")
            if i in starts:
                current, report_clause = starts[i], tokens[i].clause
            stances.append(current)
            if i in endorsing:
                current = endorsing[i]
            elif i in owning:
                first, frame = owning[i]
                # "people think the essay says X" stays reported; "..., which the essay rejects: X" does not.
                if current[0] != "reported" or tokens[first].clause != report_clause:
                    current = frame
        # An endorsement that closes its clause takes up the report before it:
        # "my uncle says X, and honestly he is right", "a classmate says X and I agree with her".
        for m in endorsed:
            after = m[-1] + 1
            if after < len(tokens) and tokens[after].part == tokens[m[-1]].part:
                continue
            k = m[0] - 1
            while k >= 0 and stances[k][0] == "reported":
                stances[k] = ("own", sentence.text(m[0], after))
                k -= 1
        return tuple(stances)

    def polarity(
        self, sentence: Sentence, scope: Scope, consumed: tuple[int, ...], claimed: frozenset[int] = frozenset()
    ) -> tuple[str, tuple[str, ...]]:
        """("affirmed" | "negated", the negations counted) for the match that consumed these positions.

        A negation before the match governs it when both stand in one clause, within NEGATION_REACH
        words: "not X but Y" does not deny Y, and "no world government ... can't predict" is two thoughts."""
        tokens = sentence.tokens
        start, end = consumed[0], consumed[-1]
        clause = tokens[start].clause
        used = set(consumed)
        counted: list[str] = []
        # Only a negation within reach before the match, or inside it, can count: the others are skipped
        # unread, so a long sentence dense with cues costs its matches x the reach, not x its length.
        for neg in scope.negations.between(start - 2 * NEGATION_REACH, end):
            p = neg[0]
            inside = start < p < end
            if neg[0] in used or (claimed.issuperset(neg) and not inside) or scope.framed.issuperset(neg):
                continue  # part of this cue, or of another claim's ("do nothing" negates nothing else)
            governs = tokens[p].clause == clause == tokens[end].clause or self._leads_clause(
                tokens, neg[0], neg[-1], clause
            )
            reach = NEGATION_REACH * (2 if any(t.word in ("or", "nor") for t in tokens[neg[-1] : start]) else 1)
            before = p < start and start - neg[-1] <= reach and governs
            if before and p > 0 and tokens[p - 1].word in _COORDINATORS:
                counted.clear()  # "not cynicism and not passivity": a conjunct's own negation, not a second one
            if before or inside:
                counted.append(sentence.text(neg[0], neg[-1] + 1))
        last_denial = -1
        for denial in scope.denials.between(
            start - DENIAL_REACH, start
        ):  # "it is not true, X says, that ..." reaches past the commas
            if (
                last_denial < denial[0]
                and denial[-1] < start
                and start - denial[-1] <= DENIAL_REACH
                and tokens[denial[-1]].segment == tokens[start].segment
                and not used.issuperset(denial)
            ):
                counted.append(sentence.text(denial[0], denial[-1] + 1))
                last_denial = denial[-1]  # overlapping cues of one denial count once
        denied = bool(counted)
        for rej in scope.rejections:  # "..., that's wrong" agrees with a denial already made, or makes one
            if rej[0] > end and not denied and not used.intersection(rej) and not scope.framed.issuperset(rej):
                counted.append(sentence.text(rej[0], rej[-1] + 1))
        for obj in scope.objects.between(
            end + 1, end + OBJECT_REACH + 1
        ):  # "scare nobody": a negated object closing the cue's clause
            after = obj[-1] + 1
            closes = after == len(tokens) or tokens[after].clause != tokens[obj[-1]].clause
            if (
                0 < obj[0] - end <= OBJECT_REACH
                and closes
                and tokens[obj[0]].clause == tokens[end].clause
                and not used.intersection(obj)
            ):
                counted.append(sentence.text(obj[0], obj[-1] + 1))
        return ("negated" if len(counted) % 2 else "affirmed"), tuple(counted)

    def _leads_clause(self, tokens: tuple[Token, ...], first: int, last: int, clause: int) -> bool:
        """A negation standing alone before a clause's opening conjunction governs it: "Not because states...";
        so does one right before "because" ("it invaded not because it was forced, but because...")."""
        nxt = last + 1
        alone = first == 0 or tokens[first - 1].clause != tokens[first].clause
        if tokens[first].word not in ("not", "never"):
            return False  # "No - but X" answers the question; it does not deny X
        return (
            nxt < len(tokens)
            and (alone or tokens[nxt].word == "because")
            and tokens[nxt].clause == clause
            and tokens[last].clause == clause - 1
            and (tokens[nxt].word,) in self.breaks
        )

    @staticmethod
    def stance(sentence: Sentence, scope: Scope, consumed: tuple[int, ...]) -> tuple[str, str]:
        """A report stays a report; otherwise a match inside an if-part, or in a question, is a supposition."""
        tokens = sentence.tokens
        start, end = consumed[0], consumed[-1]
        _, frame = scope.stances[start]
        for position in (start, end):  # a match that runs into a report is part of it
            if scope.stances[position][0] == "reported":
                return scope.stances[position]
        if (not frame and tokens[end].quoted) or _partly_quoted(tokens, consumed):
            # the claim's last words are someone else's; or it is made partly of a quoted label ("the 'tragedy
            # as destiny' frame falls apart because tragedies are authored")
            return "reported", QUOTED
        for marker in scope.suppositions.between(scope.part_starts[start], start) if scope.suppositions else ():
            p = marker[0]
            if p < start and p not in consumed and tokens[p].part == tokens[start].part:
                if tokens[marker[-1]].word == "if" and _consequent(tokens, marker[-1] + 1, start):
                    continue  # "if you know your limits there is no point trying": the claim is the main clause's
                return "hypothetical", sentence.text(marker[0], marker[-1] + 1)
        if sentence.question:
            return "hypothetical", "?"
        return scope.stances[start]


_COORDINATORS = frozenset(["and", "or", "but", "nor"])


# Where a main clause starts after an if-clause typed without its comma: a subject and its auxiliary.
_SUBJECT = frozenset(["you", "we", "they", "it", "there", "he", "she", "i", "one"])


def _consequent(tokens: tuple[Token, ...], after_if: int, start: int) -> bool:
    """Whether a main clause begins between an "if" and a claim: a subject and verb that are not the if-clause's
    own first words, nor in a clause it introduces ("if it is true that they are forced" supposes it all)."""
    return any(
        tokens[k].word in _SUBJECT and tokens[k + 1].word in AUXILIARIES and tokens[k - 1].word != "that"
        for k in range(after_if + 1, min(start, len(tokens) - 1))
    )


def _inside(match: tuple[int, ...], frames: Spans) -> bool:
    return any(f[0] <= match[0] and match[-1] <= f[-1] for f in frames)


def _partly_quoted(tokens: tuple[Token, ...], consumed: tuple[int, ...]) -> bool:
    """Whether a match takes words from a quotation of two words or more and from outside it: a quoted
    label taken apart, not one word in scare quotes ("they do not 'read' anything")."""
    inside = [p for p in consumed if tokens[p].quoted]
    if not inside or len(inside) == len(consumed):
        return False
    p = inside[0]
    return (p > 0 and tokens[p - 1].quoted) or (p + 1 < len(tokens) and tokens[p + 1].quoted)


def _longest(matches: list[tuple[str, Pattern, tuple[int, ...]]]) -> dict[str, Spans]:
    """Each kind's matches, in order, the longest where they overlap ("not the case" is one negation)."""
    by_kind: dict[str, set[tuple[int, ...]]] = {}
    for kind, _, positions in matches:
        by_kind.setdefault(kind, set()).add(positions)
    return {kind: _outermost(by_kind[kind]) if kind in by_kind else _NO_SPANS for kind in CUE_KINDS}


def _outermost(found: set[tuple[int, ...]]) -> Spans:
    """The matches whose stretch (first to last word) lies inside no other's. Sorted by start,
    longest first, a stretch is inside another exactly when an earlier one reaches as far."""
    if len(found) < 2:
        return Spans(found)
    inside, reach = set(), -1
    for first, last in sorted({(m[0], m[-1]) for m in found}, key=lambda span: (span[0], -span[1])):
        if reach >= last:
            inside.add((first, last))
        reach = max(reach, last)
    return Spans(sorted(m for m in found if (m[0], m[-1]) not in inside))
