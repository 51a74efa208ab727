"""The reader: answer text -> claim matches, each with polarity and stance (the turn's act is acts.py's)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tutor.content.problems import ContentError, Problem
from tutor.text.normalise import MAX_CHARS, normalise
from tutor.text.tokens import WORDS, Sentence, Speller, split, stem
from tutor.understanding.matches import CueMatch
from tutor.understanding.patterns import CueIndex, Pattern, PatternError, Terms, compile_pattern
from tutor.understanding.scope import CUE_KINDS, LanguageCues

if TYPE_CHECKING:  # a Reader read back from the cache never meets the rule base's models
    from tutor.content.rulebase import RuleBase


# The reading budget, in words. Every step of reading costs at most a bound per word (the trie's depth,
# a cue's terms x its gap, a negation's reach), so words read bound the work whatever the answer or
# the cues say. Real answers are a few hundred words; past the budget, the answer is graded on its start.
WORD_BUDGET = 2_500


@dataclass(frozen=True)
class Reading:
    normalised: str
    sentences: tuple[Sentence, ...]
    matches: tuple[CueMatch, ...]
    on_domain: bool
    truncated: bool = False  # only the start was read: the answer was past MAX_CHARS or WORD_BUDGET


# A cue that matched in a sentence: its claim, its pattern, the positions of the words it consumed.
_Found = tuple[str, Pattern, tuple[int, ...]]


class Reader:
    """Compiled once from the rule base (claims' cues, the language of negation and
    stance, the speller's vocabulary); then `read` is a pure function of the answer text."""

    def __init__(self, rulebase: RuleBase, keyed: bool = True):
        """`keyed=False` leaves the cues indexed by their first required term until `key_cues`: the
        same matches, found a little slower, for a caller in a hurry (a first start's first answer)."""
        lang = rulebase.language
        classes = rulebase.classes
        problems: list[Problem] = []

        def compile_all(section: str, owner: str, sources: list[str], gap: int) -> list[Pattern]:
            out = []
            for source in sources:
                try:
                    out.append(compile_pattern(source, classes, gap))
                except PatternError as e:
                    file, line, col = rulebase.where(section, owner)
                    problems.append(Problem(file, line, col, "error", f"{section} {owner!r}: {e}"))
            return out

        sentence_terms = Terms()  # claims, language cues and domain words: one walk per sentence
        self.cues = CueIndex(
            (
                (claim_id, p)
                for claim_id, claim in rulebase.claims.items()
                for p in compile_all("claims", claim_id, claim.cues, claim.gap)
            ),
            sentence_terms,
        )
        self.language = LanguageCues(
            CueIndex(
                ((kind, p) for kind in CUE_KINDS for p in compile_all("language", "language", getattr(lang, kind), 4)),
                sentence_terms,
            ),
            contrast=frozenset(stem(w) for w in lang.contrast),
            breaks=frozenset(tuple(normalise(b).split()) for b in lang.clause_breaks),
        )
        if problems:
            raise ContentError(problems)
        self.breaks = self.language.breaks
        self.overrides = {claim_id: frozenset(claim.overrides) for claim_id, claim in rulebase.claims.items()}
        everyone = frozenset(rulebase.claims)
        self.excludes = {
            claim_id: (everyone - {claim_id}) if claim.excludes_all else frozenset(claim.excludes)
            for claim_id, claim in rulebase.claims.items()
        }
        self.joins = frozenset(tuple(normalise(j).split()) for j in lang.continuations)
        self.lead_ins = frozenset(w for phrase in lang.lead_ins for w in normalise(phrase).split())
        # "Russia had no choice - sorry, I meant it chose": what stands before a retraction is taken back.
        phrases = sorted({p for p in map(normalise, lang.retractions) if p}, key=len, reverse=True)
        alternatives = "|".join(r"[\s,]+".join(map(re.escape, p.split())) for p in phrases)  # "sorry, i meant"
        self.retraction = re.compile(rf"\b(?:{alternatives})\b[\s,.:;!-]*") if phrases else None
        # On-domain words and phrases ("free will" is on the topic; "will" alone is not).
        self.domain = CueIndex(((None, p) for p in compile_all("language", "language", lang.domain, 0)), sentence_terms)
        self.speller = Speller(_vocabulary(rulebase), rulebase.spellings)
        if keyed:
            self.key_cues(rulebase)

    def key_cues(self, rulebase: RuleBase) -> None:
        """Index each cue by its term least seen in the rule base's own examples (see CueIndex.key_by)."""
        sample = [s.stems for text in _samples(rulebase) for s in self._split(text)]
        seen = Counter(term_id for stems in sample for term_id in self.cues.terms.hits(stems).terms)
        for index in (self.cues, self.language.cues, self.domain):
            index.key_by(seen)

    def _split(self, text: str) -> list[Sentence]:
        return split(normalise(text), self.speller, self.breaks, self.joins, self.lead_ins)

    def read(self, text: str) -> Reading:
        normalised = normalise(text)
        if self.retraction is not None:  # read what follows the last retraction, if anything does
            cut = max((m.end() for m in self.retraction.finditer(normalised)), default=0)
            if 0 < cut < len(normalised):
                normalised = normalised[cut:]
        sentences = tuple(split(normalised, self.speller, self.breaks, self.joins, self.lead_ins))
        within = _within_budget(sentences)
        truncated = len(text) > MAX_CHARS or within != sentences
        sentences = within
        matches: list[CueMatch] = []
        on_domain = False
        for sentence in sentences:
            found = self._read_sentence(sentence)
            if matches and matches[-1].sentence == sentence.index - 1 and self._endorses_before(sentence):
                # "Some realists argue X. I think they're right.": the view reported just before is taken up
                before = matches[-1].sentence
                matches = [
                    replace(m, stance="own", frame=sentence.text())
                    if m.sentence == before and m.stance == "reported"
                    else m
                    for m in matches
                ]
            matches += found
            # A claim of the essay is on its topic; else a domain word may be (searched while the walk is at hand).
            on_domain = on_domain or bool(found) or bool(self.domain.search(sentence.stems))
        return Reading(normalised, sentences, tuple(matches), on_domain, truncated)

    def _endorses_before(self, sentence: Sentence) -> bool:
        """Whether the sentence opens by agreeing with what came before it ("Honestly, I think he was right, and ..."):
        an endorsement within its first five words that ends its clause."""
        tokens = sentence.tokens
        for kind, _, positions in self.language.cues.search(sentence.stems):
            end = positions[-1] + 1
            if (
                kind == "endorsers"
                and positions[0] <= 4
                and (end == len(tokens) or tokens[end].clause != tokens[end - 1].clause)
            ):
                return True
        return False

    def _read_sentence(self, sentence: Sentence) -> list[CueMatch]:
        if sentence.asking:
            return []
        found: list[_Found] = self.cues.search(sentence.stems)
        if not found:
            return []
        found = _maximal(found, self.overrides, self.excludes)
        scope = self.language.scope(sentence)
        # Words a cue consumed belong to its claim: a negation that ends a cue ("do nothing", "scare
        # nobody") negates nothing else. One with more of the cue after it ("is not a call to",
        # "not ... give up") is a negation of the sentence and still governs what follows.
        claiming: set[int] = set()
        for _, _, positions in found:
            governing = {
                i
                for neg in scope.negations.between(positions[0], positions[-1])
                if neg[-1] < positions[-1] and neg[0] >= positions[0]
                for i in neg
            }
            claiming.update(set(positions) - governing)
        claimed = frozenset(claiming)
        out = []
        for claim, pattern, positions in found:
            polarity, negators = self.language.polarity(sentence, scope, positions, claimed)
            stance, frame = self.language.stance(sentence, scope, positions)
            out.append(
                CueMatch(
                    claim,
                    pattern.source,
                    sentence.text(positions[0], positions[-1] + 1),
                    sentence.index,
                    polarity,
                    stance,
                    negators,
                    frame,
                )
            )
        return sorted(out, key=lambda m: (m.sentence, m.words))


def _within_budget(sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The sentences up to WORD_BUDGET words, the last one cut where the budget runs out."""
    kept, left = [], WORD_BUDGET
    for sentence in sentences:
        if len(sentence.tokens) > left:
            if left:
                kept.append(replace(sentence, tokens=sentence.tokens[:left]))
            return tuple(kept)
        kept.append(sentence)
        left -= len(sentence.tokens)
    return sentences


def _maximal(
    found: list[_Found], overrides: dict[str, frozenset[str]], excludes: dict[str, frozenset[str]]
) -> list[_Found]:
    """Keep the longest reading of each stretch of words: a match is dropped when a longer match
    of the same claim, or of a claim that overrides it, consumed all its words and more
    ("natural and necessary" is one cue, not two; "no choice would mean no dilemma" is not
    the claim "no choice")."""
    if len(found) == 1 and found[0][0] not in excludes[found[0][0]]:
        return found  # alone, it stands
    sets = [frozenset(p) for _, _, p in found]
    # Only matches that share a word with one can drop it: in a long sentence, each is compared with
    # those (found through the words), not with all; in a short one, with all (cheaper than the lookup).
    everyone = range(len(found))
    at: dict[int, list[int]] = {}
    if len(found) > 16:
        for j, (_, _, positions) in enumerate(found):
            for p in positions:
                at.setdefault(p, []).append(j)
    kept, seen = [], set()
    for i, match in enumerate(found):
        claim, _, positions = match
        key = (claim, sets[i])
        if key in seen or any(
            _drops(claim, sets[i], found[j][0], sets[j], overrides, excludes)
            for j in ({j for p in positions for j in at[p]} if at else everyone)
        ):
            continue
        seen.add(key)
        kept.append(match)
    return kept


def _drops(
    claim: str,
    words: frozenset[int],
    other: str,
    others: frozenset[int],
    overrides: dict[str, frozenset[str]],
    excludes: dict[str, frozenset[str]],
) -> bool:
    """Whether another match drops this one: it consumed all these words and more, and is of the
    same claim or one that overrides this; or it is of a claim that excludes this one, and they share a word
    (of two claims that exclude each other, a match that holds the other's words and more stands: "could
    not do anything else" is no choice, though "not do anything" in it is passivity)."""
    return (words < others and (other == claim or claim in overrides[other])) or (
        claim in excludes[other] and bool(words & others) and not (other in excludes[claim] and others < words)
    )


def _samples(rulebase: RuleBase) -> list[str]:
    """Learner-like text the rule base holds: its questions and the answers given as examples of its points."""
    points = [*rulebase.claims.values(), *rulebase.misconceptions.values()]
    points += [e for q in rulebase.questions.values() for e in q.expectations.values()]
    return [q.ask for q in rulebase.questions.values()] + [t for p in points for t in p.examples + p.counterexamples]


def _vocabulary(rulebase: RuleBase) -> set[str]:
    """Every word the rule base knows: what a learner's misspelt word may be corrected to."""
    lang = rulebase.language
    phrases = [m for members in rulebase.classes.values() for m in members]
    phrases += [c for claim in rulebase.claims.values() for c in claim.cues]
    phrases += [c for intent in rulebase.intents.values() for c in intent.cues]
    phrases += (
        lang.negators + lang.rejecters + lang.denials + lang.objects + lang.reporters + lang.endorsers + lang.own_frames
    )
    phrases += lang.hypotheticals + lang.domain + lang.contrast + lang.clause_breaks + lang.continuations
    phrases += lang.retractions
    phrases += list(rulebase.spellings)
    words: set[str] = set()
    for phrase in dict.fromkeys(phrases):  # each once: many are both a class member and a cue
        words.update(WORDS.findall(normalise(phrase)))
    return words
