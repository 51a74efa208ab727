"""Normalise learner text: Unicode, case, punctuation, contractions.

The output keeps words and the punctuation that matters for sentence and clause
splitting; everything else becomes a space. Contractions are expanded so that
negation is always a separate word ("wasn't", "wasnt" -> "was not").
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 20_000  # an answer is a paragraph or two; past this we read the start only

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_ARROW = re.compile(r"-+>|=>")
# Symbols with a meaning, spelled in ASCII before folding (which would drop an arrow, and keep only
# the "=" of "≠"): the passes below read "->" as "leads to" and "!=" as "is not".
# A face ends what it follows, as a full stop would: "oh yes, the essay is SO hard on the West 🙄 it's a love
# letter..." mocks the first part only. Other emoji and symbols are only spaces (see _fold).
_FACES = [*range(0x1F600, 0x1F650), *range(0x1F910, 0x1F930), *range(0x1F970, 0x1F980), 0x1F9D0]
_SYMBOLS = str.maketrans(
    dict.fromkeys("\u2192\u21d2\u27f6\u279c\u2794\u21e8", " -> ")
    | {"\u2260": " != "}
    | dict.fromkeys(map(chr, _FACES), " . ")
)
_EQUALS = re.compile(r"(?<=\w)\s*=\s*(?=\w)")

# Negated auxiliaries, with and without the apostrophe learners often drop.
_NEGATED = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "ain't": "is not",
    "aint": "is not",
    "shan't": "shall not",
}
_AUXILIARIES = "do|does|did|is|was|were|are|would|could|should|has|have|had|must|need|might"
# One pass for both kinds: "can't" -> "can not" (group 1), "doesn't"/"doesnt" -> "does not" (group 2).
_NEGATED_WORDS = "|".join(re.escape(w) for w in sorted(_NEGATED, key=len, reverse=True))
_NEGATION = re.compile(r"\b(?:(" + _NEGATED_WORDS + r")|(" + _AUXILIARIES + r")n'?t)\b")
# Only a text with one of these can hold a negated auxiliary: most answers skip _NEGATION's slower scan.
_MAY_NEGATE = re.compile(r"n'?t\b|cannot")
# Contractions and possessives, in one pass that starts at each apostrophe (found fast, as a literal);
# what stands before it is read by a look-behind. Each alternative is one case, replaced as _suffix says.
_IS_WORDS = "it|that|there|what|he|she|who|where|here|this|everything|nothing"
_SUFFIX = re.compile(
    r"'(?:"
    r"((?:" + "|".join(rf"(?<=\b{w}')" for w in _IS_WORDS.split("|")) + r")s)\b"  # "it's" -> "it is"
    r"|((?<=\blet')s)\b"  # "let's" -> "let us"
    r"|(re|ve|ll|d)\b"  # "they're" -> "they are"
    r"|((?<=\bi')m)\b"  # "i'm" -> "i am"
    r"|((?<=\w')s)\b"  # possessive: "walt's definition" -> "walt definition"
    r"|((?<=s'))(?=\s|$)"  # plural possessive: "states' choices"
    r")"
)
_SUFFIXED = {"re": " are", "ve": " have", "ll": " will", "d": " would"}  # group 3's words
_BY_GROUP = {1: " is", 2: " us", 4: " am"}  # the other groups' replacements; 5 and 6 drop the suffix


def _negation(m: re.Match[str]) -> str:
    return _NEGATED[m[1]] if m[1] else m[2] + " not"


def _suffix(m: re.Match[str]) -> str:
    """The apostrophe and what follows it, replaced; the word before it stays ("it's" -> "it" + " is")."""
    return _SUFFIXED[m[3]] if m[3] else _BY_GROUP.get(m.lastindex or 0, "")


# "Yes: it chose" answers; it does not quote a speaker called Yes. Nor does "Terminological query: is X ...?"
# (a kind of remark, named before it is made).
_SPEAKER = re.compile(
    r"(^|[.!?;]\s*)(?!(?:yes|yeah|yep|no|nope|nah|well|ok|okay|so|true|right|exactly|"
    r"one more thing|sorry|wait|hmm|btw|also|plus|and|ps)\b)"
    r"(?!(?:[a-z]+ )?(?:question|query|point|note|aside|detour|thought|comment|request)s?:)"
    r"([a-z]+(?: [a-z]+)?):\s"
)
_PUNCT = re.compile(r"[^a-z0-9.!?;:,{}\s-]")
# Quoted words are someone's words, not the learner's: "the 'Russia had to' crowd", or a forum
# reply's "> Russia had no choice" line. They are kept between { and } for the tokenizer.
_QUOTED_LINE = re.compile(r"(?m)^[ \t]*>+[ \t]?(.*)$")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,300})"')
# the apostrophe first: found fast; an apostrophe between letters inside ("'realists don't bend'") is no end
_SINGLE_QUOTED = re.compile(r"'(?<![a-z0-9]')((?:[^'\n]|(?<=[a-z])'(?=[a-z])){1,300}?)'(?![a-z0-9])")
# "Were it true that X, ..." and "Had Herz thought X, ...": an if-clause without its "if"
_INVERTING = ("were ", "had ", "should ")
_INVERTING_AFTER = tuple(f"{mark} {word}" for mark in ".!?;" for word in _INVERTING)  # built once, not per answer
_INVERTED_IF = re.compile(
    r"(?:^|(?<=[.!?;] ))"
    r"(?=(?:were|had|should) (?:it|the|this|that|he|she|they|we|a|an|its|their|his|her)\b[^.!?;\n]*,)"
)
_PLAIN = re.compile(r"[a-z0-9 ]*\Z")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_WH = ("what", "why", "how", "who", "where", "when", "which")
# The auxiliaries a question opens with ("isn't" is "is not" by now: negations are expanded first).
_QUESTION_OPENERS = frozenset(
    ["is", "was", "are", "were", "do", "does", "did", "can", "could", "would", "should", "has", "have"]
)
_ITEM = re.compile(r"(?:^|(?<=\s))\d{1,2}\)\s")  # "1) holding off 2) what is X?": a numbered item starts a sentence
# Idioms whose words would be read apart: "in the end it is human nature" does not end anything
# ("end it"), "states read each other" does not say "each" (every) state does anything, and to
# "care about" law is to value it, not to act with care ("careful" and "care" share a stem).
_IDIOMS = {
    "in the end": "ultimately",
    "at the end of the day": "ultimately",
    "each other": "one another",
    "care about": "value",
    "cares about": "values",
    "cared about": "valued",
    "caring about": "valuing",
    "without exception": "invariably",  # not a negation: "all moves, without exception, alarm"
    "without fail": "invariably",
    **{f"{aux}ve": f"{aux} have" for aux in ("would", "could", "should", "must", "might")},  # the apostrophe dropped
}
# and "would of" (not "could of course") is "would have"; "security-wise" is "as for security" (not a "wise" policy)
_IDIOM = re.compile(
    r"\b(?:" + "|".join(_IDIOMS) + r"|(would|could|should|must|might)(n'?t| not)? of(?! course)|([a-z]+)-wise)\b"
)
_HYPHEN = re.compile(r"-(?<=[a-z0-9]-)(?=[a-z0-9])")  # the hyphen first: found fast
_PREFIX = re.compile(r"-(?<=\bun-)(?=[a-z])")  # "un-intended" is "unintended", not "un intended"
_DASH = re.compile(r"\s-+\s|^-+|-+$")
_DASHED_QUESTION = re.compile(r"\s-+\s(?=[^-.!?]*\?)")  # a dash that opens a question ending before the next dash


def normalise(text: str) -> str:
    """Lower-case, ASCII-folded, contraction-expanded text with sentence punctuation kept."""
    text = text[:MAX_CHARS]  # first: no shortcut below may read past the limit
    if _PLAIN.match(text) and not _NEGATION.search(text) and not _IDIOM.search(text):
        return " ".join(text.split())  # already plain words (most cue and class phrases)
    text = _ANSI.sub(" ", text)
    if text.isascii():  # most answers: nothing to compose or fold
        text = text.translate(_QUOTES).lower()
    else:
        text = unicodedata.normalize("NFKC", text.translate(_SYMBOLS)).translate(_QUOTES).lower()
        text = "".join(ch if ch.isascii() else _fold(ch) for ch in text)
    text = _IDIOM.sub(_idiom, text)
    if text.startswith(_INVERTING) or any(after in text for after in _INVERTING_AFTER):
        text = _INVERTED_IF.sub("if ", text)
    # Each pass below needs a character that most answers lack: it runs only when that character is there.
    text = _mark_quotes(text)
    if "\n" in text:
        text = _LINE_BREAK.sub(" . ", text)  # a line break ends a sentence (lists, bullet points)
    if ")" in text:
        text = _ITEM.sub(" . ", text)
    if " / " in text:  # "herz / morgenthau / difference": fragments; "cynicism / inaction": alternatives
        parts = text.split(" / ")
        if len(parts) > 2 or (parts[-1].split() or [""])[0] in _WH:
            text = " ; ".join(parts)
    if ":" in text:
        text = _SPEAKER.sub(r"\1\2 says ", text)  # "Morgenthau: people crave power." is what Morgenthau says
    text = text.replace("!=", " is not ").replace("+", " and ")
    if ">" in text:
        text = _ARROW.sub(" leads to ", text)
    if "=" in text:
        text = _EQUALS.sub(" means ", text)
    text = text.replace("&", " and ").replace("w/o", "without")
    if _MAY_NEGATE.search(text):
        text = _NEGATION.sub(_negation, text)
    if "'" in text:
        text = _SUFFIX.sub(_suffix, text)
    text = text.replace("'", " ").replace('"', " ")
    text = _PUNCT.sub(" ", text)
    if "-" in text:
        if "?" in text:  # "I'll fill it in - though first, what was MH17? - because...": the question apart
            text = _DASHED_QUESTION.sub(_question_apart, text)
        # A hyphen joins words ("self-limitation") unless it stands alone as a dash.
        text = _DASH.sub(" , ", _HYPHEN.sub(" ", _PREFIX.sub("", text)))
    return " ".join(text.split())  # only ASCII spaces are left, which split() takes as \s+ does


def _question_apart(m: re.Match[str]) -> str:
    """A dash before a question becomes a full stop after a statement of its own (four words or more since the last
    mark); after a term ("uncertainty - is that the same as opacity?") it stays a dash, for the reader to weigh."""
    before = re.split(r"[.!?;:]", m.string[: m.start()])[-1].split()
    # not inside a question that the dash only interrupts: "Isn't the point that - schools, sport - not all alarm?"
    opens_question = bool(before) and (before[0] in _WH or before[0] in _QUESTION_OPENERS)
    return " . " if len(before) >= 4 and not opens_question else m.group()


def _idiom(m: re.Match[str]) -> str:
    if m[3]:
        return f"as for {m[3]}"
    return _IDIOMS.get(m.group()) or f"{m.group(1)}{m.group(2) or ''} have"


def _mark_quotes(text: str) -> str:
    text = text.replace("{", " ").replace("}", " ")
    if ">" in text:
        text = _QUOTED_LINE.sub(r" { \1 } .", text)
    if '"' in text:
        text = _DOUBLE_QUOTED.sub(r" { \1 } ", text)
    return _SINGLE_QUOTED.sub(r" { \1 } ", text) if "'" in text else text


def _fold(ch: str) -> str:
    """Strip accents ("é" -> "e"); other non-ASCII (emoji, symbols) becomes a space."""
    decomposed = unicodedata.normalize("NFKD", ch)
    ascii_part = "".join(c for c in decomposed if c.isascii())
    return ascii_part or " "
