"""Cue patterns: compiled once from rules/, matched on the stems of one sentence.

Syntax (see tutor/content/rules.py, class Claim): phrases of words and `{class}`es,
alternatives `a b|c`, optional terms `term?`, and `...` between terms.
Every word is stemmed and spell-corrected as the learner's words are, so a cue
written "interpret" matches "interprets", "interpreted" and "interpretation".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Generic, TypeVar

from tutor.text.normalise import normalise
from tutor.text.tokens import WORDS, stem

K = TypeVar("K")


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    # Each option is a sequence of symbols: a stem, or "{name}" for any member of a lexicon class
    # (stems never hold a brace). Classes stay unexpanded: a sentence's class members are found once,
    # rather than every cue being multiplied out through every member.
    options: tuple[tuple[str, ...], ...]
    optional: bool = False
    gap_before: int = 0  # words allowed between the previous term and this one
    # The stems of the members of each class the options name (a member may be several words).
    classes: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        """Every sequence of stems the term accepts, its classes multiplied out (for the validator)."""
        phrases: set[tuple[str, ...]] = set()
        for option in self.options:
            expansions: list[tuple[str, ...]] = [()]
            for symbol in option:
                members = self.classes[symbol] if symbol.startswith("{") else ((symbol,),)
                expansions = [e + m for e in expansions for m in members]
            phrases.update(expansions)
        return tuple(sorted(phrases))


@dataclass(frozen=True)
class Pattern:
    source: str
    terms: tuple[Term, ...]

    @cached_property
    def key(self) -> Term:
        """The required term to index the pattern by: the one least made of common words."""

        def commonness(term: Term) -> tuple[int, int]:
            firsts = {option[0] for option in term.options}
            return len(firsts & _COMMON), len(firsts)

        return min((t for t in self.terms if not t.optional), key=commonness)


# How one pattern is matched: per term, (the term's id in its CueIndex, optional, gap_before).
Plan = tuple[tuple[int, bool, int], ...]
# A node of a trie: symbol -> child node, _END -> what ends here (an option's id, or the classes a member is of),
# _CLASS -> {} (a mark). Plain dicts, as the walk is the hot path: hence Any for what a key holds.
Trie = dict[str, Any]


class Terms:
    """The terms of one or more CueIndexes in one trie: a sentence is walked once for all of them
    (the reader's claims, language cues and domain words share one), and the walk of the last
    sentence is kept for the next index that searches it."""

    def __init__(self) -> None:
        self.ids: dict[tuple[tuple[str, ...], ...], int] = {}  # many cues share a term ("{state}", "not")
        self.trie: Trie = {}  # symbol -> child node; _END at the node where an option ends: the option's id
        self.members: Trie = {}  # the classes' members: stem -> child; _END lists the "{class}"es
        # Many terms share an option ("russia" stands in a dozen), so the walk records options, once each.
        self.option_terms: list[list[int]] = []  # option id -> the terms that have it
        self.term_options: list[tuple[int, ...]] = []  # term id -> its options' ids
        self._classes: set[str] = set()
        self._last: tuple[tuple[str, ...], Hits] = ((), Hits({}, set(), []))

    def id(self, term: Term) -> int:
        if term.options not in self.ids:
            term_id = self.ids[term.options] = len(self.ids)
            self.term_options.append(tuple(self._option(option, term_id) for option in term.options))
            for symbol, members in term.classes.items():
                if symbol not in self._classes:
                    self._classes.add(symbol)
                    _add(self.members, members, symbol)
            self._last = ((), Hits({}, set(), []))
        return self.ids[term.options]

    def _option(self, option: tuple[str, ...], term_id: int) -> int:
        node = self.trie
        for symbol in option:
            if symbol.startswith("{"):
                node[_CLASS] = {}  # a mark: this node goes on through a class (most nodes do not)
            node = node.setdefault(symbol, {})
        if _END not in node:
            node[_END] = len(self.option_terms)
            self.option_terms.append([])
        self.option_terms[node[_END]].append(term_id)
        return int(node[_END])

    def hits(self, stems: tuple[str, ...]) -> Hits:
        """Where each option matches: from every position, the trie is walked on the stems and, where
        a class member stands, on its "{class}" to the member's end."""
        last = self._last
        if last[0] == stems:
            return last[1]
        found: dict[int, dict[int, int]] = {}  # option id -> {position: its longest length there}
        spans = _walk(self.members, stems) if self.members else {}
        size = len(stems)
        trie = self.trie
        classes_at_root = _CLASS in trie
        for i in range(size):
            # The root's step is taken here: most words start no option and no class member, and are passed at once.
            node = trie.get(stems[i])
            branches: list[tuple[Trie, int]] | None = None
            if classes_at_root and i in spans:
                branches = [(child, end) for symbol, end in spans[i] if (child := trie.get(symbol)) is not None]
            if node is not None:
                k = i + 1
            elif branches:
                node, k = branches.pop()
            else:
                continue
            while True:  # along the stems; where a class member stands, a branch is left to walk later
                option = node.get(_END)
                if option is not None:
                    at = found.get(option)
                    if at is None:
                        found[option] = {i: k - i}
                    elif at.get(i, 0) < k - i:
                        at[i] = k - i  # the longest from i
                if k < size:
                    if _CLASS in node and k in spans:
                        for symbol, end in spans[k]:
                            child = node.get(symbol)
                            if child is not None:
                                if branches is None:
                                    branches = []
                                branches.append((child, end))
                    child = node.get(stems[k])
                    if child is not None:
                        node, k = child, k + 1
                        continue
                if not branches:
                    break
                node, k = branches.pop()
        option_terms = self.option_terms  # the terms of the options found, in one pass
        hits = Hits(found, set().union(*[option_terms[option] for option in found]), self.term_options)
        self._last = (stems, hits)  # one assignment: another thread sees the old pair or the new
        return hits


class Hits:
    """Where the terms of one `Terms` match in one sentence: which terms, and each one's places,
    worked out from its options' when a cue asks (most matched terms are never asked for)."""

    __slots__ = ("_merged", "_options", "_term_options", "terms")

    def __init__(self, options: dict[int, dict[int, int]], terms: set[int], term_options: list[tuple[int, ...]]):
        self._options = options  # option id -> {position: its longest length there}
        self.terms = terms
        self._term_options = term_options
        self._merged: dict[int, dict[int, int]] = {}

    def places(self, term_id: int) -> dict[int, int]:
        """position -> length of the term's longest option there, positions in increasing order."""
        options = self._term_options[term_id]
        if len(options) == 1:  # most terms
            return self._options.get(options[0], _NOWHERE)
        merged = self._merged.get(term_id)
        if merged is None:
            merged = {}
            for option in options:
                for i, length in self._options.get(option, _NOWHERE).items():
                    if merged.get(i, 0) < length:
                        merged[i] = length
            merged = self._merged[term_id] = dict(sorted(merged.items()))  # another thread: the same
        return merged


class CueIndex(Generic[K]):
    """Patterns compiled into one trie of all their terms' options: a sentence is walked once to
    find where every term matches, then only the patterns whose key term matched are tried, each
    only if all its required terms matched. Indexes built on one `Terms` share the walk."""

    def __init__(self, entries: Iterable[tuple[K, Pattern]], terms: Terms | None = None):
        self.entries = list(entries)
        self.terms = terms or Terms()
        self.plans: list[Plan] = []
        self.required: list[frozenset[int]] = []
        self.by_key: dict[int, list[int]] = {}
        for n, (_, pattern) in enumerate(self.entries):
            plan = tuple((self.terms.id(t), t.optional, t.gap_before) for t in pattern.terms)
            self.plans.append(plan)
            self.required.append(frozenset(term_id for term_id, optional, _ in plan if not optional))
            self.by_key.setdefault(self.terms.id(pattern.key), []).append(n)

    def key_by(self, seen: dict[int, int]) -> None:
        """Index each pattern by its required term seen in the fewest sample sentences (`seen`: term id
        -> sentences it stood in), so that fewer patterns are tried in vain: in answers about Russia,
        "{russia}" stands in most sentences. Which patterns match does not change, only how fast."""
        by_key: dict[int, list[int]] = {}
        for n, (_, pattern) in enumerate(self.entries):
            fallback = self.terms.id(pattern.key)
            key = min(self.required[n], key=lambda t: (seen.get(t, 0), t != fallback))
            by_key.setdefault(key, []).append(n)
        self.by_key = by_key  # whole: a search meanwhile uses the old index or the new

    def search(self, stems: tuple[str, ...]) -> list[tuple[K, Pattern, tuple[int, ...]]]:
        hits = self.terms.hits(stems)
        by_key = self.by_key
        terms = hits.terms
        keyed = terms & by_key.keys()  # in C: most hits are other indexes' terms
        if not keyed:
            return []
        required = self.required
        # In the patterns' order: those whose every required term stands somewhere in the sentence.
        candidates = sorted([n for term_id in keyed for n in by_key[term_id] if required[n] <= terms])
        entries, plans = self.entries, self.plans
        return [(*entries[n], positions) for n in candidates for positions in _find(plans[n], hits)]


def _add(trie: Trie, options: Iterable[tuple[str, ...]], value: str) -> None:
    for option in options:
        node = trie
        for s in option:
            node = node.setdefault(s, {})
        node.setdefault(_END, []).append(value)


def _walk(trie: Trie, stems: tuple[str, ...]) -> dict[int, list[tuple[str, int]]]:
    """position -> (value, end) for every entry of a trie that stands in the stems from there."""
    found: dict[int, list[tuple[str, int]]] = {}
    size = len(stems)
    for i in range(size):
        node = trie.get(stems[i])
        k = i + 1
        while node is not None:
            values = node.get(_END)
            if values is not None:
                found.setdefault(i, []).extend((value, k) for value in values)
            if k == size:
                break
            node = node.get(stems[k])
            k += 1
    return found


_END = ""  # marks the end of an option in a trie (no stem is empty)
_CLASS = "{"  # marks a node with a "{class}" child (no stem or class symbol is a lone brace)
_NOWHERE: dict[int, int] = {}


def _find(plan: Plan, hits: Hits) -> list[tuple[int, ...]]:
    """Every match of one pattern, leftmost first and not overlapping, as the positions of the
    words its terms consumed."""
    if len(plan) == 1:  # most language cues and domain words: each place it stands, left to right
        found, end = [], -1
        for start, length in hits.places(plan[0][0]).items():  # a lone term is required: it is there
            if start > end:
                found.append(tuple(range(start, start + length)))
                end = start + length - 1
        return found
    if len(plan) == 2 and not plan[0][1] and not plan[1][1]:
        return _find_pair(plan, hits)
    spots = [hits.places(term_id) for term_id, _, _ in plan]
    places = [list(lengths) for lengths in spots]  # each term's positions, in increasing order
    # A match starts where one of the leading optional terms or the first required one matches.
    starts: set[int] = set()
    for lengths, (_, optional, _) in zip(spots, plan, strict=True):
        starts.update(lengths)
        if not optional:
            break
    # What terms k.. give from a position, remembered: each (term, position, anchored) is tried
    # once per sentence, so a cue costs at most its terms x the words x its gap, whatever it says.
    memo: dict[tuple[int, int, bool], tuple[int, ...] | None] = {}

    def match(k: int, i: int, anchored: bool) -> tuple[int, ...] | None:
        """Terms k.. matched from position i (at i exactly when anchored, else within the term's gap):
        at each term the leftmost place that lets the rest match, taking the term's longest option there."""
        if k == len(plan):
            return ()
        state = (k, i, anchored)
        if state in memo:
            return memo[state]
        _, optional, gap = plan[k]
        last = i if anchored else i + gap
        found = None
        at = places[k]
        for n in range(bisect_left(at, i), len(at)):
            j = at[n]
            if j > last:
                break
            rest = match(k + 1, j + spots[k][j], False)
            if rest is not None:
                found = tuple(range(j, j + spots[k][j])) + rest
                break
        if found is None and optional:
            found = match(k + 1, i, anchored)
        memo[state] = found
        return found

    found, end = [], -1
    for start in sorted(starts):
        if start <= end:
            continue  # a match begins at its start, so it would overlap the one kept before it
        positions = match(0, start, True)
        if positions is not None:
            found.append(positions)
            end = positions[-1]
    return found


def _find_pair(plan: Plan, hits: Hits) -> list[tuple[int, ...]]:
    """`_find` for a cue of two required terms ("A ... B", a third of the cues tried), without its
    general search: from each place of A (its longest option there), the first place of B within
    the gap is the one `_find` takes, as nothing comes after B that could make it look further."""
    (first, _, _), (second, _, gap) = plan
    lengths, others = hits.places(first), hits.places(second)
    places = list(others)
    found: list[tuple[int, ...]] = []
    end = -1
    for start, length in lengths.items():
        if start <= end:
            continue  # it would overlap the match kept before it
        after = start + length
        n = bisect_left(places, after)
        if n < len(places) and places[n] <= after + gap:
            j = places[n]
            found.append((*range(start, after), *range(j, j + others[j])))
            end = j + others[j] - 1
    return found


# Stems too common to index a pattern by (they stand in most sentences).
_COMMON = frozenset(
    stem(w)
    for w in [
        "a",
        "an",
        "the",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "you",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "can",
        "could",
        "would",
        "will",
        "should",
        "may",
        "might",
        "must",
        "not",
        "no",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "as",
        "if",
        "so",
        "but",
        "or",
        "and",
        "then",
        "than",
        "there",
        "what",
        "how",
        "why",
        "who",
        "which",
        "all",
        "just",
        "very",
        "really",
        "also",
        "too",
    ]
)


_SEGMENT = re.compile(r"^[a-z0-9_'{}| -]+\??$")
MAX_OPTIONS = 50_000  # a phrase of several {class}es multiplies out; past this it is a mistake


def compile_pattern(source: str, classes: dict[str, list[str]], gap: int = 6) -> Pattern:
    """Compile one cue; raise PatternError naming what is wrong.

    `...` splits a cue into terms; each term is one or more phrases separated by `|`
    ("had no|has no|lacked"), and a phrase is words and {class}es, matched adjacently.
    A term that ends in `?` is optional.
    """
    text = " ".join(source.lower().split())
    terms: list[Term] = []
    for i, raw in enumerate(text.split("...")):
        segment = raw.strip()
        if not segment:
            if 0 < i < text.count("..."):
                raise PatternError(f"cue {source!r} has nothing between two `...`")
            continue
        if not _SEGMENT.match(segment):
            raise PatternError(f"cue {source!r} has characters outside words, {{class}}, a|b, term? and ...")
        optional = segment.endswith("?")
        options, named = _options(segment.rstrip("?"), classes, source)
        terms.append(Term(options, optional, gap if terms else 0, named))
    if not any(not t.optional for t in terms):
        raise PatternError(f"cue {source!r} has no required word")
    return Pattern(source, tuple(terms))


def _options(
    segment: str, classes: dict[str, list[str]], source: str
) -> tuple[tuple[tuple[str, ...], ...], dict[str, tuple[tuple[str, ...], ...]]]:
    """The term's options as symbols, and the members of the classes they name."""
    options: set[tuple[str, ...]] = set()
    named: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in segment.split("|"):
        symbols: list[str] = []
        count = 1  # the phrases it stands for, classes multiplied out: past MAX_OPTIONS it is a mistake
        for word in phrase.split():
            if word.startswith("{"):
                name = word.strip("{}")
                if name not in classes:
                    raise PatternError(f"cue {source!r} names unknown class {{{name}}}")
                symbol = "{" + name + "}"
                named[symbol], listed = _members(tuple(classes[name]))
                symbols.append(symbol)
                count *= listed
            else:
                symbols += stems_of(word)
                count *= bool(stems_of(word))  # a word with no letters leaves the phrase nothing to match
            if count > MAX_OPTIONS:
                raise PatternError(f"cue {source!r}: {phrase.strip()!r} expands to more than {MAX_OPTIONS} phrases")
        if symbols and count:
            options.add(tuple(symbols))
    if not options:
        raise PatternError(f"cue {source!r}: {segment!r} matches no word")
    return tuple(sorted(options)), {symbol: named[symbol] for option in options for symbol in option if symbol in named}


@cache
def _members(members: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], int]:
    """A class's members as stems, each once, and how many are listed with words (a cue names the same
    class many times: worked out once)."""
    stemmed = [m for m in map(stems_of, members) if m]
    return tuple(dict.fromkeys(stemmed)), len(stemmed)


@cache
def stems_of(phrase: str) -> tuple[str, ...]:
    """The stems of a phrase, read exactly as a learner's words are (normalised, then stemmed)."""
    return tuple(stem(word) for word in WORDS.findall(normalise(phrase)))
