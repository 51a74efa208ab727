"""The cue matcher's shortcut for two-term cues ("A ... B") finds exactly what its general search finds."""

import random

from tutor.understanding.patterns import Hits, Term, Terms, _find


def _places(rng: random.Random, size: int) -> dict[int, int]:
    """Where a term stands in a sentence of `size` words: position -> length of its longest option there."""
    return {i: rng.randint(1, 3) for i in sorted(rng.sample(range(size), rng.randint(1, min(size, 6))))}


def test_two_term_cues_match_as_the_general_search_does():
    rng = random.Random(3)
    for _ in range(5000):
        size = rng.randint(2, 30)
        # terms 1 and 2 have one option each (ids 0 and 1), found at random places; term 3's is found nowhere
        hits = Hits({0: _places(rng, size), 1: _places(rng, size)}, {1, 2}, [(), (0,), (1,), (2,)])
        pair = ((1, False, 0), (2, False, rng.randint(0, 6)))
        # A trailing optional term that stands nowhere changes nothing, but takes the general search.
        assert _find(pair, hits) == _find((*pair, (3, True, 0)), hits), pair


def test_a_term_of_several_options_stands_where_any_does_with_its_longest_there():
    terms = Terms()
    both = terms.id(Term(options=(("b",), ("a",), ("a", "b"))))
    shared = terms.id(Term(options=(("b",),)))  # shares an option with the first term
    hits = terms.hits(("b", "a", "b", "c", "a"))
    assert hits.terms == {both, shared}
    assert list(hits.places(both).items()) == [(0, 1), (1, 2), (2, 1), (4, 1)]  # in order, longest at 1
    assert hits.places(shared) == {0: 1, 2: 1}
