"""The learner model: per-concept mastery by Bayesian Knowledge Tracing (Corbett & Anderson, 1995).

Each concept is either mastered or not; every attempt is evidence. A correct showing
may be a guess, a wrong one a slip; after each observation the learner may also learn
the concept. P(mastered) starts at `prior` and is updated by Bayes' rule:

    P(L | correct) = P(L)(1 - slip) / (P(L)(1 - slip) + (1 - P(L)) guess)
    P(L | wrong)   = P(L) slip      / (P(L) slip      + (1 - P(L)) (1 - guess))
    P(L next)      = P(L | obs) + (1 - P(L | obs)) learn
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.content.rulebase import RuleBase

CEILING = 0.999


@dataclass(frozen=True)
class BktParameters:
    prior: float = 0.2
    learn: float = 0.15
    guess: float = 0.2
    slip: float = 0.1


@dataclass
class LearnerModel:
    concepts: list[str]
    params: BktParameters = field(default_factory=BktParameters)
    mastery: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for concept in self.concepts:
            self.mastery.setdefault(concept, self.params.prior)

    def observe(self, concept: str, correct: bool) -> None:
        p = self.mastery.get(concept, self.params.prior)
        guess, slip = self.params.guess, self.params.slip
        if correct:
            posterior = p * (1 - slip) / (p * (1 - slip) + (1 - p) * guess)
        else:
            posterior = p * slip / (p * slip + (1 - p) * (1 - guess))
        # Kept off 1.0: in floating point a long run of successes reaches exactly 1, and from there
        # no evidence could ever lower it again.
        self.mastery[concept] = min(posterior + (1 - posterior) * self.params.learn, CEILING)

    def observe_turn(self, shown: set[str], missed: set[str]) -> None:
        """One attempt: each concept counts once, as shown unless the attempt also got it wrong."""
        for concept in sorted(shown | missed):
            self.observe(concept, concept not in missed)

    def snapshot(self) -> dict[str, float]:
        return {c: round(p, 3) for c, p in sorted(self.mastery.items())}


def prerequisites(rulebase: RuleBase, concept: str) -> set[str]:
    """Every concept `concept` requires, directly or through others (cycles are tolerated)."""
    seen: set[str] = set()
    todo = list(rulebase.concepts[concept].requires) if concept in rulebase.concepts else []
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo += rulebase.concepts[other].requires if other in rulebase.concepts else []
    return seen
