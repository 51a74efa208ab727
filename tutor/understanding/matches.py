"""What the reader finds in an answer: one claim of the rule base, where and how it was said."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CueMatch:
    """One cue of the rule base found in the answer."""

    claim: str  # the claim id the cue expresses
    cue: str  # the cue pattern as written in rules/
    words: str  # the words of the answer that matched
    sentence: int  # 0-based sentence index
    polarity: str  # "affirmed" | "negated" (an odd number of negations scope over it)
    stance: str  # "own" | "reported" (someone else's view) | "hypothetical"
    negators: tuple[str, ...] = ()  # the negations that decided the polarity
    frame: str = ""  # the words that decided the stance, if any
