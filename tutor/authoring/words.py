"""Content words: what an answer is about, without the words every answer uses."""

from __future__ import annotations

from tutor.understanding.patterns import stems_of
from tutor.understanding.reader import Reading

# Words that say nothing about what an answer is about (stems, as the reader makes them).
FUNCTION_WORDS = frozenset(
    stems_of(
        "a an the this that these those it its is are was were be been being am do does did have has had i you he she "
        "we they me him her us them my your our their of in on at to for with by from as and or but if so not no yes "
        "very too also just there here what which who how why when would could should can will may might must shall "
        "more most some any all each every other than then only own same such about into over out up down because "
        "while whereas though although yet still even really quite rather think thinks say says said one ones thing "
        "things way get got make makes made like well much many lot lots"
    )
)


def is_content(stem: str) -> bool:
    return stem not in FUNCTION_WORDS and stem.isalpha() and len(stem) > 2


def content_words(reading: Reading) -> dict[str, str]:
    """stem -> the word as first written, for each word of the answer that is not a function word."""
    out: dict[str, str] = {}
    for sentence in reading.sentences:
        for token in sentence.tokens:
            if is_content(token.stem):
                out.setdefault(token.stem, token.word)
    return out
