"""Tokens, sentences and clauses of a normalised answer, with stems and typo correction."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import pairwise
from typing import Any, NamedTuple

import Stemmer  # PyStemmer: Snowball's stemmers in C

_LOCAL = threading.local()  # a PyStemmer stemmer is not to be shared between threads: one each
_SENTENCE_END = {".", "!", "?", ";"}
_CLAUSE_END = {",", ":"}
_MARKS = _SENTENCE_END | _CLAUSE_END | {"{", "}"}  # every piece _WORD finds that is not a word
_WORD = re.compile(r"[a-z0-9]+|[.!?;:,{}]")
WORDS = re.compile(r"[a-z0-9]+")  # the words of normalised text, punctuation left out
# A quotation right after one of these glosses a word in the learner's own voice ("X = 'do nothing'",
# "speak for 'give up'"); elsewhere it mentions someone else's words ("the 'Russia had to' crowd").
_GLOSS = frozenset(
    [
        "means",
        "mean",
        "meant",
        "is",
        "are",
        "was",
        "were",
        "not",
        "equals",
        "for",
        "like",
        "as",
        "to",
        "be",
        "guess",
        "call",
        "called",
        "label",
        "word",
        "term",
        # and the adverbs between the copula and the gloss ("the lesson is basically 'stay home'")
        "basically",
        "essentially",
        "simply",
        "just",
    ]
)


# Words whose stem would fall together with an unrelated word's ("hardly" with "hard").
_OWN_STEMS = {
    "hardly": "hardly",
    "barely": "barely",
    "scarcely": "scarcely",
    "quite": "quite",
    "mechanism": "mechanism",
    "mechanisms": "mechanism",
    "mechanics": "mechanics",
    # "no response" is not "no responsibility"
    "response": "response",
    "responses": "response",
}


_STEMS: dict[str, str] = {}  # word -> stem, filled as words are met and from a cached checker's vocabulary
STEMS_REMEMBERED = 65536
READS_REMEMBERED = 65536  # typed words a Speller remembers how it read


def stem(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= STEMS_REMEMBERED:
            _STEMS.clear()
        found = _STEMS[word] = _OWN_STEMS.get(word) or _stemmer().stemWord(word)
    return found


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("english", 0)  # no cache of its own: _STEMS is one
    return stemmer


class Token(NamedTuple):  # a named tuple, not a dataclass: made for every word read, it is 3x cheaper to build
    word: str  # the word as read (after spelling correction)
    stem: str
    clause: int  # clause index within the sentence (punctuation and words like "but" start one)
    part: int  # index of the stretch between punctuation marks ("if X, Y": X and Y are parts)
    typed: str  # what the learner typed, when a spelling correction replaced it
    quoted: bool = False  # inside quotation marks: words the learner mentions rather than says
    joined: bool = False  # opens a sentence that goes on from the one before ("... So it can change")
    segment: int = 0  # stretch between colons: a denial does not reach past one ("not true: it decided...")


# A Token built straight from its fields' tuple: the named tuple's own __new__ is a Python call more,
# once for every word read.
_token = partial(tuple.__new__, Token)


@dataclass(frozen=True)
class Sentence:
    index: int
    tokens: tuple[Token, ...]
    question: bool = False  # ended with "?"
    # A question that leans towards a statement, and is read as it (`question` False): a negative one
    # ("Didn't Herz value law?", its "not" dropped), one that answers itself ("What else could
    # Russia do?") or a guess ("Maybe it was fate?"). The learner may be asking, or answering (acts.py).
    leaning: bool = False
    # A question that asks which of two things holds ("X, or not?", "X, or was that Y?") or what a text says
    # ("Does the essay say X?"): it offers no answer of its own, so its words claim nothing.
    asking: bool = False

    @cached_property
    def stems(self) -> tuple[str, ...]:  # asked for by every index that searches the sentence
        return tuple(t.stem for t in self.tokens)

    def text(self, start: int = 0, end: int | None = None) -> str:
        return " ".join(t.word for t in self.tokens[start:end])


class Speller:
    """Corrects learner spelling towards the rule base's vocabulary.

    Known misspellings (rules' `spellings`) are replaced exactly and may expand to
    several words ("alot" -> "a lot"). An unknown word close to a vocabulary word is
    corrected when the edit is small for its length: one edit from six letters on,
    two from nine. Shorter words are left alone: too many real words lie one edit apart
    ("greek" is not "greed"); list their misspellings in `spellings` instead.
    """

    def __init__(self, vocabulary: set[str], spellings: dict[str, list[str]]):
        self.vocabulary = frozenset(vocabulary)
        # Kept with the speller, so that a checker read back from the cache need not stem its words again.
        self.stem_of = {w: stem(w) for w in self.vocabulary}
        self.stems = frozenset(self.stem_of.values())  # "seeing" is a form of "see", not a typo of "seeking"
        self.known = {wrong.lower(): right.lower().split() for right, wrongs in spellings.items() for wrong in wrongs}
        self.by_first: dict[str, list[str]] = {}
        for word in sorted(self.vocabulary):  # sorted: the same correction in every process
            if len(word) >= 4:
                self.by_first.setdefault(word[0], []).append(word)
        self._memos()

    def _memos(self) -> None:
        # typed word -> what it is read as; a plain dict (looked up inline by split) emptied when full,
        # as _STEMS is: a hit is one lookup, where an LRU cache also reorders its list.
        self.memo: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self._near_memo: dict[tuple[str, int], list[str]] = {}

    def read(self, typed: str) -> tuple[tuple[str, str, str], ...]:
        found = self.memo.get(typed)
        if found is None:
            if len(self.memo) >= READS_REMEMBERED:
                self.memo = {}  # a new dict, not clear(): another thread may be reading the old one
            found = self.memo[typed] = self._read(typed)
        return found

    def __getstate__(self) -> dict[str, Any]:  # pickled for the checker cache: the memos are rebuilt, not stored
        return {k: v for k, v in self.__dict__.items() if k not in ("memo", "_near_memo")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._memos()
        _STEMS.update(self.stem_of)

    def _near(self, first: str, length: int, limit: int) -> list[str]:
        """The words that could lie within `limit` edits of a word of this first letter and length: only
        those of a length within the limit (in sorted order, as all of by_first: the same tie-breaks)."""
        key = (first, length)
        if key not in self._near_memo:
            words = self.by_first.get(first, [])
            self._near_memo[key] = [w for w in words if abs(len(w) - length) <= limit]
        return self._near_memo[key]

    def _read(self, typed: str) -> tuple[tuple[str, str, str], ...]:
        """What a typed word is read as: (word, its stem, what was typed if a correction replaced it) for
        each word it stands for. Memoised: most words of an answer have been met before."""
        words = self.correct(typed)
        corrected = words != (typed,)
        return tuple((word, stem(word), typed if corrected and i == 0 else "") for i, word in enumerate(words))

    def correct(self, word: str) -> tuple[str, ...]:
        if word in self.known:
            return tuple(self.known[word])
        if len(word) < 6 or word in self.vocabulary or word.isdigit() or stem(word) in self.stems:
            return (word,)
        limit = 1 if len(word) < 9 else 2
        # Nearest first; among equals, a word of the typed length ("choise" is "choice", not "chose"),
        # then the first in sorted order. The distances are computed in one call, in C.
        choices = self._near(word[0], len(word), limit)
        near = _within(word, choices, limit)
        if not near:
            return (word,)
        best = min(near, key=lambda found: (found[1], abs(len(found[0]) - len(word)), found[2]))
        return (best[0],)


def _within(word: str, choices: list[str], limit: int) -> list[tuple[str, float, int]]:
    """The choices within `limit` edits of `word`, with their distance and index: rapidfuzz, imported
    at the first word to correct (~10 ms that a start, or a class's whole batch, may never need)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    distance: Any = Levenshtein.distance  # overloaded: rapidfuzz's own stubs do not accept it
    found: list[tuple[str, float, int]] = process.extract(
        word, choices, scorer=distance, score_cutoff=limit, limit=None
    )
    return found


def split(
    normalised: str,
    speller: Speller,
    breaks: frozenset[tuple[str, ...]] = frozenset(),
    joins: frozenset[tuple[str, ...]] = frozenset(),
    lead_ins: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Sentences of tokens. Punctuation ends sentences and clauses and is not kept as a token;
    a phrase in `breaks` ("but", "and it"...) starts a new clause, and a sentence that opens
    with a phrase in `joins` ("then", "so"...) goes on the one before it. Words in `lead_ins`
    ("so", "wait"...) may stand before a question's opening."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    clause = part = 0
    quoted = joined = False
    segment = 0
    pieces = _WORD.findall(normalised)
    memo = speller.memo
    longest, openers = _phrases(breaks, joins)
    for n, piece in enumerate(pieces):
        if piece not in _MARKS:  # a word: most pieces, so tested first
            if piece in openers and tokens and tokens[-1].clause == clause and _starts(pieces, n, breaks, longest):
                clause += 1
            for word, stemmed, typed in memo.get(piece) or speller.read(piece):
                tokens.append(_token((word, stemmed, clause, part, typed, quoted, joined, segment)))
                joined = False
        elif piece in _SENTENCE_END:
            if (
                tokens
                and piece != "?"
                and n + 1 < len(pieces)
                and pieces[n + 1] in openers
                and _starts(pieces, n + 1, joins, longest)
            ):
                clause, part, joined = clause + 1, part + 1, True
            elif tokens:
                question = piece == "?" and not _tagged(tokens)
                start = _rhetorical_start(tokens) if question else None
                if start is not None:
                    # "Doesn't it come down to X?" asserts X: drop the "not" and the question.
                    tokens, question = [t for i, t in enumerate(tokens) if i != start + 1], False
                elif question:
                    tokens = _answer_apart(sentences, tokens, lead_ins)
                sentences.append(_sentence(len(sentences), tokens, question, rhetorical=start is not None))
                tokens, clause, part, segment = [], 0, 0, 0
        elif piece in _CLAUSE_END:
            clause, part = clause + 1, part + 1
            segment += piece == ":"
        else:  # { or }: a quotation opens or closes
            quoted = piece == "{" and not (n and pieces[n - 1] in _GLOSS)
    if tokens:  # typed without its "?", a last sentence that opens as a question does is one ("why does X")
        question = _inverted(tokens, lead_ins)
        if question:  # "... way too broad btw what does spiral mean"
            tokens = _answer_apart(sentences, tokens, lead_ins)
        sentences.append(_sentence(len(sentences), tokens, question))
    # "Why bother with law? Because Herz valued it.": a question the learner goes on to answer does ask.
    for k in range(1, len(sentences)):
        before = sentences[k - 1]
        if before.leaning and sentences[k].tokens[0].word == "because" and _answers_itself(list(before.tokens)):
            sentences[k - 1] = Sentence(before.index, before.tokens, True, False, _asks(list(before.tokens)))
    return sentences


def _answer_apart(sentences: list[Sentence], tokens: list[Token], lead_ins: frozenset[str]) -> list[Token]:
    """ "it depends on how they read it - also what's a spiral?": an answer, then a question. The answer is made a
    sentence of its own (appended to `sentences`); the question's tokens are returned (all of them, if none)."""
    cut = _asking_tail(tokens, lead_ins)
    if cut:
        sentences.append(_sentence(len(sentences), tokens[:cut], False))
    return tokens[cut:]


def _asking_tail(tokens: list[Token], lead_ins: frozenset[str]) -> int:
    """Where a question's last clause starts, if it asks on its own after an answer of three words or more: a
    question word and an auxiliary ("..., also what is a spiral?"), or an auxiliary and "that" or "it" and
    more than a tag ("..., is that the same as opacity?", not "..., is that right?"), after any lead-ins;
    else 0. Not the question a condition or a "so" leads to: "if there is no choice, then where is the
    dilemma?" reasons."""
    start = next(n for n, t in enumerate(tokens) if t.clause == tokens[-1].clause)
    opening = next((t.word for t in tokens if t.word not in lead_ins), "")
    if start < 3 or opening in _CONDITIONS or opening in _WH or opening in AUXILIARIES:
        return 0  # nor a question from its start ("who is X and what did he think of Y?")
    k = start
    while k < len(tokens) - 1 and tokens[k].word in lead_ins:
        if tokens[k].word in _CONSEQUENCES:
            return 0
        k += 1
    if k + 1 >= len(tokens):
        return 0
    first, second = tokens[k].word, tokens[k + 1].word
    yes_no = first in AUXILIARIES and second in ("that", "this", "it") and len(tokens) - k > 3
    # "who" opens a question with any verb: "..., side question: who coined the term?"
    return start if (first in _WH and (second in AUXILIARIES or first == "who")) or yes_no else 0


_CONDITIONS = frozenset(["if", "when", "once", "since", "unless", "as"])
_CONSEQUENCES = frozenset(["so", "then", "thus", "hence"])


def _sentence(index: int, tokens: list[Token], question: bool, rhetorical: bool = False) -> Sentence:
    """A sentence, with what kind of question it is. "What else could Russia do?" says it could do nothing
    else, and a rhetorical one ("Doesn't it...", its "not" dropped already) asserts: both lean to a statement."""
    leaning = rhetorical or (question and _answers_itself(tokens))
    asking = question and not leaning and _asks(tokens)
    return Sentence(index, tuple(tokens), question and not leaning, leaning, asking)


_TAGS = ("right", "yes", "no", "yeah", "eh", "correct", "agreed", "innit", "true")


_LOOSE_TAGS = ("no", "yeah", "eh", "innit")  # tags a writer drops the comma before ("that's the point no?")


def _tagged(tokens: list[Token]) -> bool:
    """A statement with a tag ("..., right?") asks for agreement; it is not a question."""
    last = tokens[-1]
    if last.word not in _TAGS:
        return False
    if len(tokens) == 1 or tokens[-2].clause != last.clause:
        return True
    # Without the comma only a statement's loose tag: not "Is the answer no?", nor "... or no?".
    first = tokens[0].word
    return (
        last.word in _LOOSE_TAGS
        and len(tokens) > 3
        and tokens[-2].word not in ("or", "not")
        and first not in AUXILIARIES
        and first not in _WH
    )


_WH = frozenset(["what", "who", "whom", "whose", "which", "why", "how", "where", "when"])
AUXILIARIES = frozenset(
    ["do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "would", "could", "should", "can", "will"]
)


_SAID = frozenset(
    ["said", "says", "called", "calls", "wrote", "argued", "argues", "claimed", "claims", "coined", "quoted"]
)


def _inverted(tokens: list[Token], lead_ins: frozenset[str]) -> bool:
    """A sentence typed as a question is, without its "?": after any lead-ins, a wh-word, at most one word
    more, then an auxiliary ("why does X ...", "what role does X ..."; not "what the essay says is ..." nor
    "how states read it decides"); an auxiliary before its subject or an alternative ("could you tell me
    ...", "is the dilemma like ...", "is accommodation good or bad ..."); "how come X"; "who said X"; a last clause that
    asks ("X, what does that even mean", "international law - what was Herz's view on it"; not "..., what
    is more, ..."); or the wh-word where the answer would stand ("hubris means what exactly")."""
    words = [t.word for t in tokens]
    while words and words[0] in lead_ins:
        words = words[1:]
    if len(words) < 3:
        return False
    if words[-2:] in (["or", "nah"], ["or", "what"]):
        return True  # "so herz rated intl law or nah", "like in greek myths or wat": texting's question mark
    if words[:2] in (["what", "about"], ["how", "about"], ["how", "come"], ["what", "happened"]):
        return True  # "what about the sanctions, how do they fit in", "how come the essay says X"
    if words[0] == "who" and words[1] in _SAID:
        return True  # "who said the line about knowing one's limits"
    if words[0] in _WH:
        return words[1] in AUXILIARIES or (words[2] in AUXILIARIES and words[1] not in AUXILIARIES) or _bare(words)
    if words[0] in AUXILIARIES and (words[1] in _SUBJECTS or "or" in words[2:]):
        return True  # "is the dilemma like...", "is accommodation good or bad according to the essay"
    last = tokens[-1].clause
    opening = next(n for n, t in enumerate(tokens) if t.clause == last)
    while opening < len(tokens) - 1 and tokens[opening].word in lead_ins:  # "..., btw what does X mean"
        opening += 1
    clause = [t.word for t in tokens[opening : opening + 3]]
    # a last clause that asks: "X, what does that even mean", "international law - what was Herz's view on it"
    asks = len(clause) > 1 and clause[0] in _WH and clause[1] in AUXILIARIES and clause[2:] != ["more"]
    if asks and (words[-1] in _MEAN or (opening > 0 and clause[0] in ASKING_WH)):
        return True
    end = words[-2:] if words[-1] in _AFTERTHOUGHTS else words[-1:]
    return len(end) <= len(words) - 1 and words[-len(end) - 1] in _MEAN and end[0] in _WH


ASKING_WH = frozenset(["what", "who", "whose", "why", "how", "where", "when"])  # not "which", mostly a relative pronoun
_BARE_VERBS = frozenset(
    [
        "say",
        "mean",
        "define",
        "think",
        "call",
        "argue",
        "claim",
        "believe",
        "write",
        "describe",
        "want",
        "give",
        "mention",
    ]
)
# subjects that take a bare verb in a statement: "what they mean is X", "what states call security"
_PLURAL = frozenset(["i", "you", "u", "we", "they", "people", "most", "some", "many", "others", "to"])


def _bare(words: list[str]) -> bool:
    """ "why essay say Russia choose", "how Herz define security", "where in essay it say that": a question typed
    without its auxiliary, a verb of saying or meaning bare after a singular subject, within five words of the
    wh-word (not "what they mean is X", "what states call security", "how to define it")."""
    at = next((n for n in range(2, min(len(words), 6)) if words[n] in _BARE_VERBS), None)
    if at is None:
        return False
    subject = words[at - 1]
    return subject not in _PLURAL and subject not in AUXILIARIES and (subject == "this" or not subject.endswith("s"))


_SUBJECTS = frozenset(["you", "u", "i", "we", "it", "this", "that", "there", "the", "he", "she", "they", "a", "an"])
_MEAN = frozenset(["mean", "means", "meant"])
_AFTERTHOUGHTS = frozenset(["exactly", "again", "then", "now", "here"])


def _clause_starts(tokens: list[Token]) -> list[int]:
    """Where each clause of the sentence starts."""
    return [n for n in range(len(tokens)) if n == 0 or tokens[n].clause != tokens[n - 1].clause]


def _rhetorical_start(tokens: list[Token]) -> int | None:
    """Where a negative question ("Doesn't it come down to X?") starts, if the sentence is one: at
    its start or at a later clause's ("Honestly, isn't it X?", "Herz or not, aren't people X?"),
    after a leading "and", "but", "so" or "or"."""
    for n in _clause_starts(tokens):
        start = n + (tokens[n].word in ("and", "but", "so", "or"))
        if len(tokens) - start > 2 and tokens[start].word in AUXILIARIES and tokens[start + 1].word == "not":
            return start
    return None


_SUPPOSED_TO_DO = "supposed to do"


def _answers_itself(tokens: list[Token]) -> bool:
    """ "What else could it do?", "What was Moscow supposed to do?": a question that answers itself; and
    "(So) maybe the safest thing is to do nothing?", "I guess tragedy is fate?": a guess offered as an answer,
    with a question mark."""
    return any(
        tokens[n].word in ("maybe", "perhaps", "probably")
        or (
            tokens[n].word in ("so", "i")
            and tokens[n + 1].word in ("maybe", "perhaps", "probably", "guess", "suppose", "reckon", "think")
        )
        or (tokens[n].word in ("what", "who", "how", "where") and tokens[n + 1].word == "else")
        or (tokens[n].word == "what" and _SUPPOSED_TO_DO in " ".join(t.word for t in tokens[n + 2 : n + 7]))
        or (tokens[n].word == "why" and tokens[n + 1].word in ("bother", "even"))  # "why bother with law at all?"
        or (tokens[n].word == "why" and "at all" in " ".join(t.word for t in tokens[n + 2 :]))  # "why act at all?"
        # "NATO left it no option, so what's there to discuss?": the question closes the case it states
        or (tokens[n].word == "what" and [t.word for t in tokens[n + 1 : n + 4]] == ["is", "there", "to"])
        for n in _opening_words(tokens)
        if n + 1 < len(tokens)
    )


_FILLERS = frozenset(
    ["honestly", "frankly", "seriously", "really", "like", "so", "and", "but", "well", "ok", "okay", "anyway"]
)


def _opening_words(tokens: list[Token]) -> list[int]:
    """Where each clause's words start after its fillers ("honestly what else could they do?")."""
    found = []
    for start in _clause_starts(tokens):
        n = start
        while n + 1 < len(tokens) and tokens[n].word in _FILLERS and tokens[n + 1].clause == tokens[n].clause:
            n += 1
        found.append(n)
    return found


_SAYS = frozenset(["say", "saying", "says", "mention", "mentioning", "claim", "claiming", "argue", "arguing"])
_ASKED = frozenset(
    ["you", "u", "i", "we", "one"]
)  # "do you/I/we say X?" puts X forward; it does not ask what a text says


_VAGUE_ENDS = (["something"], ["something", "else"], ["something", "like", "that"], ["whatever"], ["so"])


def _asks(tokens: list[Token]) -> bool:
    """ "X, or not?", "Did Herz back X or was that someone else?", "Does the essay say X?": a question that
    asks rather than offers an answer ("Is it about perception or something?" offers one)."""
    words = [t.word for t in tokens]
    if len(words) > 2 and words[-2:] in (["or", "not"], ["or", "no"]) and tokens[-2].clause != tokens[-3].clause:
        return True  # after a comma: not "whether it is a threat or not?"
    if len(words) > 2 and words[-2:] == ["or", "nah"]:
        return True  # texting, with or without the comma: "is putin a genius or nah?"
    if any(w == "or" and (nxt in AUXILIARIES or nxt in _WH) for w, nxt in pairwise(words)):
        return True
    # "is 'tragedy' used in the sense of Greek drama, or simply as a synonym for disaster?": which of two, after a
    # comma (not "is it about perception or something?", which offers an answer); after a colon too
    opening = next(n for n, t in enumerate(tokens) if t.segment == tokens[-1].segment)
    if words[opening] in AUXILIARIES and any(
        t.word == "or" and n > opening and tokens[n - 1].clause != t.clause and words[n + 1 :] not in _VAGUE_ENDS
        for n, t in enumerate(tokens[:-1])
    ):
        return True
    # "does it say ...", "is the essay saying ...", "did Herz mention ...": whoever is asked about, in a few words
    return (
        len(words) > 2
        and words[0] in AUXILIARIES
        and words[1] not in _ASKED
        and any(w in _SAYS and words[n - 1] != "to" for n, w in enumerate(words[2:5], 2))  # not "fair to say"
    )


@lru_cache(maxsize=8)
def _phrases(breaks: frozenset[tuple[str, ...]], joins: frozenset[tuple[str, ...]]) -> tuple[int, frozenset[str]]:
    """The longest phrase's length, and the words that open a phrase: most words open none, and
    are passed at a glance (once per rule base, not per answer)."""
    phrases = breaks | joins
    return max((len(p) for p in phrases), default=0), frozenset(p[0] for p in phrases if p)


def _starts(pieces: list[str], n: int, phrases: frozenset[tuple[str, ...]], longest: int) -> bool:
    return any(tuple(pieces[n : n + k]) in phrases for k in range(1, longest + 1))
