"""Cues that can never match, that match almost anything, or that another cue of the same claim shadows;
and lexicon classes that list a member twice.

Cues are compiled with the reader's own compiler (tutor/understanding/patterns.py),
so "never matches" means exactly what the tutor will do with the cue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tutor.content.problems import Problem
from tutor.content.rulebase import RuleBase
from tutor.content.yamlfile import YamlDoc
from tutor.text.normalise import normalise
from tutor.understanding.patterns import Pattern, PatternError, Term, compile_pattern, stems_of
from tutor.validate.loading import Content

# Words so common that a cue made only of them fires on answers that say nothing of the claim.
COMMON_WORDS = frozenset(
    stems_of(
        "a an the this that these those it its is are was were be been being am do does did have has had "
        "i you he she we they me him her us them my your our their of in on at to for with by from as "
        "and or but if so not no yes very too also just there here what which who how why when"
    )
)

# The `language:` entries the reader compiles as cues (the rest are plain word lists).
LANGUAGE_CUES = {"negators", "rejecters", "reporters", "endorsers", "own_frames", "hypotheticals"}


@dataclass(frozen=True)
class CueList:
    """The cues of one claim, intent or language entry, and where each one stands."""

    label: str  # e.g. "claim 'no_choice'"
    cues: list[str]
    gap: int
    where: Callable[[int], tuple[str, int, int]]  # cue index -> (file, line, col)
    content_words: bool  # a claim's cue should say something: not only common words
    # Whether only the fact of a match counts, so a cue that extends another adds nothing. Not so for
    # whole-answer intents (the longer cue covers more of the answer), intents that must open a sentence
    # ("as i said" opens where "i said" does not) nor language cues (their span sets a scope).
    extensions: bool


def cue_lists(content: Content) -> list[CueList]:
    base = content.base
    out = [
        CueList(f"claim {ident!r}", claim.cues, claim.gap, _cue_in(base, "claims", ident), True, True)
        for ident, claim in base.claims.items()
    ]
    out += [
        CueList(
            f"intent {ident!r}",
            intent.cues,
            1,
            _cue_in(base, "intents", ident),
            False,
            not intent.whole and not intent.opens,
        )
        for ident, intent in base.intents.items()
    ]
    defining = [(loaded.doc, language) for loaded in content.rules if (language := loaded.model.language) is not None]
    if defining:
        doc, language = defining[-1]  # the last file with a `language:` section is the one in force
        for name in sorted(LANGUAGE_CUES & set(type(language).model_fields)):
            value = getattr(language, name)
            out.append(CueList(f"language.{name}", value, 1, _language_cue(doc, name), False, False))
    return out


def _cue_in(base: RuleBase, section: str, ident: str) -> Callable[[int], tuple[str, int, int]]:
    return lambda i: base.where(section, ident, "cues", i)


def _language_cue(doc: YamlDoc, name: str) -> Callable[[int], tuple[str, int, int]]:
    return lambda i: (doc.file, *doc.where(("language", name, i)))


def cue_problems(content: Content) -> list[Problem]:
    problems = []
    for cues in cue_lists(content):
        compiled, errors = compile_cues(cues, content)
        problems += errors
        for i, pattern in compiled:
            if cues.content_words and all(option_words(t) <= COMMON_WORDS for t in pattern.terms if not t.optional):
                problems.append(
                    warning(
                        cues,
                        i,
                        f"cue {pattern.source!r} has only common words, so it matches "
                        "answers that do not make this claim",
                        "add a word that carries the claim's meaning",
                    )
                )
        problems += shadowed(cues, compiled)
    return problems


def compile_cues(cues: CueList, content: Content) -> tuple[list[tuple[int, Pattern]], list[Problem]]:
    """(index, pattern) of each cue that compiles, and an error for each one that does not."""
    compiled, problems = [], []
    for i, source in enumerate(cues.cues):
        try:
            compiled.append((i, compile_pattern(source, content.base.classes, cues.gap)))
        except PatternError as e:
            problems.append(
                Problem(
                    *cues.where(i),
                    "error",
                    f"{cues.label}: {e}; it can never match",
                    "see the cue syntax in docs/authoring.md",
                )
            )
    return compiled, problems


# Places a cue may try per word of a sentence before the reader gives up on it: its terms x (gap + 1).
# The shipped cues stay under 60; an instructor's "a ... a ... a ... a ... a ... b" at gap 20 is 126.
COSTLY_CUE = 100


def costly_cues(content: Content) -> list[Problem]:
    """Cues whose matching costs many steps per word: many terms, each allowed to skip many words.
    The matcher remembers what each term gives from each place, so the cost stays linear in an
    answer's length, but it is this cost per word, on every sentence of every answer."""
    problems = []
    for cues in cue_lists(content):
        for i, pattern in compile_cues(cues, content)[0]:  # cue_problems reports those that do not compile
            places = len(pattern.terms) * (cues.gap + 1)
            if places > COSTLY_CUE:
                problems.append(
                    warning(
                        cues,
                        i,
                        f"cue {pattern.source!r} has {len(pattern.terms)} terms with a gap of "
                        f"{cues.gap}: it tries up to {places} places per word of every answer",
                        "use fewer `...` or a smaller gap: most cues need a gap of 4 to 6",
                    )
                )
    return problems


def class_duplicates(content: Content) -> list[Problem]:
    """A member listed twice in one class (once normalised): the second adds nothing."""
    base, problems = content.base, []
    for name, members in base.classes.items():
        first: dict[str, int] = {}
        for i, member in enumerate(members):
            key = " ".join(normalise(member).split())
            if key in first:
                problems.append(
                    Problem(
                        *base.where("classes", name, i),
                        "warning",
                        f"class {name!r} lists {member!r} twice "
                        f"(first at line {base.where('classes', name, first[key])[1]})",
                        "delete one",
                    )
                )
            else:
                first[key] = i
    return problems


def shadowed(cues: CueList, compiled: list[tuple[int, Pattern]]) -> list[Problem]:
    """Each cue whose every match another cue of the list already finds, reported once, at itself."""
    problems = []
    for i, pattern in compiled:
        # Of two identical cues the later one is reported; an extension is reported whatever its place.
        cover = next(
            (
                (j, other)
                for j, other in compiled
                if j != i
                and (
                    (cues.extensions and (covers(other, pattern) or wider(other, pattern, j < i)))
                    or (j < i and _same(pattern, other))
                )
            ),
            None,
        )
        if cover:
            problems.append(
                warning(
                    cues,
                    i,
                    f"cue {pattern.source!r} adds no match: every answer it matches also "
                    f"matches cue {cover[1].source!r} (line {cues.where(cover[0])[1]})",
                    "delete it, or make the other cue more specific",
                )
            )
    return problems


def warning(cues: CueList, i: int, message: str, hint: str) -> Problem:
    """A warning about the i-th cue of a list, at its line."""
    return Problem(*cues.where(i), "warning", f"{cues.label}: {message}", hint)


def wider(broad: Pattern, narrow: Pattern, earlier: bool) -> bool:
    """Every match of `narrow` is a match of `broad`, whose `...` lets through what narrow holds next to
    each other ("explain ... first" matches every "explain first"). Of two cues that match the same, the
    later one is reported."""
    a, b = words(broad), words(narrow)
    if a is None or b is None or a == b or not _embeds(a, b, 0, 0, None):
        return False
    return earlier or not _embeds(b, a, 0, 0, None)


Slot = tuple[frozenset, int, int]  # a term's options, the words `...` may skip before it, its longest option


def words(pattern: Pattern) -> list[Slot] | None:
    """A pattern's terms, with a phrase that is a term's only option split into one term per word (each
    next to the one before), so that "explain first" lines up with "explain ... first". None when a term
    is optional: then which words a match holds depends on the sentence."""
    out: list[Slot] = []
    for term in pattern.terms:
        if term.optional:
            return None
        if len(term.options) == 1:
            phrase = term.options[0]
            out += [(frozenset({(w,)}), term.gap_before if k == 0 else 0, 1) for k, w in enumerate(phrase)]
        else:
            out.append((frozenset(term.options), term.gap_before, max(len(o) for o in term.options)))
    return out


def _embeds(broad: list[Slot], narrow: list[Slot], i: int, j: int, last: int | None) -> bool:
    """broad[i:] can be matched, in order, by narrow's slots from j on (the previous one matched at `last`):
    each narrow slot accepts no option the broad one does not, and at most broad's gap of words lies between."""
    if i == len(broad):
        return True
    options, gap, _ = broad[i]
    for k in range(j, len(narrow)):
        if last is not None:
            between = sum(narrow[m][1] for m in range(last + 1, k + 1)) + sum(narrow[m][2] for m in range(last + 1, k))
            if between > gap:
                break
        if narrow[k][0] <= options and _embeds(broad, narrow, i + 1, k + 1, k):
            return True
    return False


def option_words(term: Term) -> set[str]:
    return {stem for phrase in term.phrases for stem in phrase}


def covers(short: Pattern, long: Pattern) -> bool:
    """Every match of `long` contains a match of `short`: short's terms sit, in order and next to each
    other, among long's required terms, each accepting at least what long's term accepts; or short is
    one term and each phrase of one of long's required terms has a phrase of short inside it."""
    if any(t.optional for t in short.terms):
        return False
    if (
        len(short.terms) == 1
        and any(not t.optional and all(_contains_any(o, short.terms[0].phrases) for o in t.phrases) for t in long.terms)
        and not _same(short, long)
    ):
        return True
    if len(short.terms) >= len(long.terms):
        return False
    n = len(short.terms)
    for start in range(len(long.terms) - n + 1):
        window = long.terms[start : start + n]
        if all(accepts(s, t, first=(k == 0)) for k, (s, t) in enumerate(zip(short.terms, window, strict=True))):
            return True
    return False


def _same(one: Pattern, other: Pattern) -> bool:
    """Two cues that accept the same phrases, term by term, however their classes are written."""
    return [(t.phrases, t.optional, t.gap_before) for t in one.terms] == [
        (t.phrases, t.optional, t.gap_before) for t in other.terms
    ]


def _contains_any(option: tuple[str, ...], inner: tuple[tuple[str, ...], ...]) -> bool:
    return any(option[k : k + len(i)] == i for i in inner for k in range(len(option) - len(i) + 1))


def accepts(short: Term, long: Term, first: bool) -> bool:
    if long.optional or not set(long.phrases) <= set(short.phrases):
        return False
    if not first and long.gap_before > short.gap_before:
        return False
    # The matcher takes a term's longest option; an extra, longer option could shift what follows.
    extra = set(short.phrases) - set(long.phrases)
    return not any(e[: len(o)] == o for e in extra for o in long.phrases)
