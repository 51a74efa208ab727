"""The cue matcher's shortcut for two-term cues ("A ... B") finds exactly what its general search finds."""

import random

from tutor.understanding.patterns import _find


def _places(rng: random.Random, size: int) -> dict[int, int]:
    """Where a term stands in a sentence of `size` words: position -> length of its longest option there."""
    return {i: rng.randint(1, 3) for i in sorted(rng.sample(range(size), rng.randint(1, min(size, 6))))}


def test_two_term_cues_match_as_the_general_search_does():
    rng = random.Random(3)
    for _ in range(5000):
        size = rng.randint(2, 30)
        hits = {1: _places(rng, size), 2: _places(rng, size)}
        pair = ((1, False, 0), (2, False, rng.randint(0, 6)))
        # A trailing optional term that stands nowhere changes nothing, but takes the general search.
        assert _find(pair, hits) == _find((*pair, (3, True, 0)), hits), (pair, hits)
