"""Cue patterns: compiled once from rules/, matched on the stems of one sentence.

Syntax (see tutor/content/rules.py, class Claim): phrases of words and `{class}`es,
alternatives `a b|c`, optional terms `term?`, and `...` between terms.
Every word is stemmed and spell-corrected as the learner's words are, so a cue
written "interpret" matches "interprets", "interpreted" and "interpretation".
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Generic, Iterable, TypeVar

from tutor.text.normalise import normalise
from tutor.text.tokens import stem

K = TypeVar("K")


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    options: tuple[tuple[str, ...], ...]  # each option is a sequence of stems (a class member may be several words)
    optional: bool = False
    gap_before: int = 0                    # words allowed between the previous term and this one

    @cached_property
    def by_first(self) -> dict[str, dict]:
        """The options as a trie of stems, keyed by first stem: matching walks as many words as the
        sentence offers instead of trying every option (a class of phrases may have thousands)."""
        trie: dict[str, dict] = {}
        for option in self.options:
            node = trie
            for s in option:
                node = node.setdefault(s, {})
            node[_END] = True
        return trie

    def match_at(self, stems: tuple[str, ...], i: int) -> int:
        """Length of the longest option matching at position i, or 0."""
        node, best = self.by_first, 0
        for k in range(i, len(stems)):
            node = node.get(stems[k])
            if node is None:
                break
            if _END in node:
                best = k - i + 1
        return best


_END = ""  # marks the end of an option in a term's trie (no stem is empty)


@dataclass(frozen=True)
class Pattern:
    source: str
    terms: tuple[Term, ...]

    @cached_property
    def anchors(self) -> frozenset[str]:
        """The stems a match can start with: those of leading optional terms and of the first required one."""
        stems: set[str] = set()
        for term in self.terms:
            stems.update(term.by_first)
            if not term.optional:
                break
        return frozenset(stems)

    @cached_property
    def required(self) -> tuple[frozenset[str], ...]:
        """For each required term, the stems it can start with: a sentence lacking any set cannot match."""
        return tuple(frozenset(t.by_first) for t in self.terms if not t.optional)

    @cached_property
    def key(self) -> frozenset[str]:
        """The required term to index the pattern by: the one least made of common words."""
        return min(self.required, key=lambda firsts: (len(firsts & _COMMON), len(firsts)))

    def find(self, stems: tuple[str, ...], starts: Iterable[int] | None = None,
             where: dict[str, list[int]] | None = None) -> list[tuple[int, ...]]:
        """Every match, leftmost first, as the positions of the words the terms consumed.
        `starts` are the positions worth trying (default: every one); `where` maps each stem of
        the sentence to its positions (computed if not given)."""
        if where is None:
            where = positions_of(stems)
        # For each term, the positions where one of its options could begin.
        spots = [sorted(i for s in where.keys() & term.by_first.keys() for i in where[s]) for term in self.terms]
        found = []
        for start in range(len(stems)) if starts is None else starts:
            positions = self._match(stems, spots, 0, start, True)
            if positions is not None:
                found.append(positions)
        return _non_overlapping(found)

    def _match(self, stems, spots, k: int, i: int, anchored: bool):
        if k == len(self.terms):
            return ()
        term = self.terms[k]
        last = i if anchored else i + term.gap_before
        candidates = spots[k]
        for j in candidates[bisect_left(candidates, i):bisect_right(candidates, last)]:
            n = term.match_at(stems, j)
            if n:
                rest = self._match(stems, spots, k + 1, j + n, False)
                if rest is not None:
                    return tuple(range(j, j + n)) + rest
        if term.optional:
            return self._match(stems, spots, k + 1, i, anchored)
        return None


def positions_of(stems: tuple[str, ...]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, s in enumerate(stems):
        where.setdefault(s, []).append(i)
    return where


class CueIndex(Generic[K]):
    """Patterns indexed by their least common required term: a sentence tries only the cues
    whose every required term it contains, and each only where it could start."""

    def __init__(self, entries: Iterable[tuple[K, Pattern]]):
        self.entries = list(entries)
        self.by_key: dict[str, list[int]] = {}
        for n, (_, pattern) in enumerate(self.entries):
            for stem_ in pattern.key:
                self.by_key.setdefault(stem_, []).append(n)

    def search(self, stems: tuple[str, ...]) -> list[tuple[K, Pattern, tuple[int, ...]]]:
        where = positions_of(stems)
        present = set(where)  # a set, so that isdisjoint and & walk the smaller side
        candidates = sorted({n for s in present for n in self.by_key.get(s, ())})
        found = []
        for n in candidates:
            key, pattern = self.entries[n]
            if any(firsts.isdisjoint(present) for firsts in pattern.required):
                continue
            starts = sorted(i for s in present & pattern.anchors for i in where[s])
            found += [(key, pattern, positions) for positions in pattern.find(stems, starts, where)]
        return found


# Stems too common to index a pattern by (they stand in most sentences).
_COMMON = frozenset(stem(w) for w in (
    "a an the it its they them their he she you we i this that these those is are was were be been being "
    "do does did have has had can could would will should may might must not no to of in on at by for with "
    "as if so but or and then than there what how why who which all just very really also too").split())


def _non_overlapping(found: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    kept, end = [], -1
    for positions in found:
        if positions[0] > end:
            kept.append(positions)
            end = positions[-1]
    return kept


_SEGMENT = re.compile(r"^[a-z0-9_'{}| -]+\??$")
MAX_OPTIONS = 50_000  # a phrase of several {class}es multiplies out; past this it is a mistake


def compile_pattern(source: str, classes: dict[str, list[str]], gap: int = 6) -> Pattern:
    """Compile one cue; raise PatternError naming what is wrong.

    `...` splits a cue into terms; each term is one or more phrases separated by `|`
    ("had no|has no|lacked"), and a phrase is words and {class}es, matched adjacently.
    A term that ends in `?` is optional.
    """
    text = re.sub(r"\s+", " ", source.strip().lower())
    terms: list[Term] = []
    for i, segment in enumerate(text.split("...")):
        segment = segment.strip()
        if not segment:
            if 0 < i < text.count("..."):
                raise PatternError(f"cue {source!r} has nothing between two `...`")
            continue
        if not _SEGMENT.match(segment):
            raise PatternError(f"cue {source!r} has characters outside words, {{class}}, a|b, term? and ...")
        optional = segment.endswith("?")
        options = _options(segment.rstrip("?"), classes, source)
        terms.append(Term(options, optional, gap if terms else 0))
    if not any(not t.optional for t in terms):
        raise PatternError(f"cue {source!r} has no required word")
    return Pattern(source, tuple(terms))


def _options(segment: str, classes: dict[str, list[str]], source: str) -> tuple[tuple[str, ...], ...]:
    options: set[tuple[str, ...]] = set()
    for phrase in segment.split("|"):
        expansions: list[tuple[str, ...]] = [()]
        for word in phrase.split():
            if word.startswith("{"):
                name = word.strip("{}")
                if name not in classes:
                    raise PatternError(f"cue {source!r} names unknown class {{{name}}}")
                members = [stems_of(m) for m in classes[name]]
            else:
                members = [stems_of(word)]
            expansions = [e + m for e in expansions for m in members if m]
            if len(expansions) > MAX_OPTIONS:
                raise PatternError(f"cue {source!r}: {phrase.strip()!r} expands to more than {MAX_OPTIONS} phrases")
        options.update(e for e in expansions if e)
    if not options:
        raise PatternError(f"cue {source!r}: {segment!r} matches no word")
    return tuple(sorted(options))


@lru_cache(maxsize=None)
def stems_of(phrase: str) -> tuple[str, ...]:
    """The stems of a phrase, read exactly as a learner's words are (normalised, then stemmed)."""
    return tuple(stem(word) for word in re.findall(r"[a-z0-9]+", normalise(phrase)))
