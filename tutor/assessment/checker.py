"""The answer checker: reads an answer, runs the inference rules, and gives the verdict."""
from __future__ import annotations

from pathlib import Path

from tutor.assessment.types import Assessment, FiredRule, Trace
from tutor.content.rulebase import RuleBase, load_rulebase
from tutor.engine.compile import RULESET, compile_rules, conclusion_fact, describe
from tutor.engine.host import RuleEngine
from tutor.understanding.reader import Reader


class UnknownQuestion(KeyError):
    pass


class AnswerChecker:
    """One per process (or per thread): it owns one durable-rules host."""

    def __init__(self, rulebase: RuleBase):
        self.rulebase = rulebase
        self.reader = Reader(rulebase)
        self.rules = {rule.id: rule for rule in rulebase.rules}
        self.engine = RuleEngine(compile_rules(rulebase.rules), self._conclude)
        self.questions = frozenset(rulebase.questions)

    def _conclude(self, rule_id: str, facts: dict[str, dict]) -> list[dict]:
        return [conclusion_fact(self.rules[rule_id].then)]

    def assess(self, question_id: str, text: str) -> Assessment:
        if question_id not in self.rulebase.questions:
            raise UnknownQuestion(question_id)
        question = self.rulebase.questions[question_id]
        reading = self.reader.read(text)
        facts = [{"type": "question", "question": question_id}]
        seen = set()
        for m in reading.matches:
            key = (m.claim, m.polarity, m.stance)
            if key not in seen:  # the engine refuses an identical fact twice
                seen.add(key)
                facts.append({"type": "claim", "claim": m.claim, "polarity": m.polarity, "stance": m.stance,
                              "sentence": m.sentence})
        fired = self.engine.run(RULESET, facts, final=[{"type": "end"}])
        concluded = [(f.rule, conclusion_fact(self.rules[f.rule].then)) for f in fired if f.rule in self.rules]

        covered = [e for e in question.expectations if any(c.get("expectation") == e for _, c in concluded)]
        misconceptions = sorted({c["misconception"] for _, c in concluded if c["type"] == "misconception"})
        concepts = self._concepts(concluded, covered, question_id, reading.matches)
        if misconceptions:
            verdict = "misconception"
        elif covered:
            verdict = "correct" if len(covered) == len(question.expectations) else "partial"
        elif reading.intent or not reading.on_domain:
            verdict = "non_domain"
        else:
            verdict = "irrelevant"
        trace = Trace(reading.normalised, reading.matches,
                      tuple(FiredRule(rule, describe(fact), self.rules[rule].because) for rule, fact in concluded),
                      reading.intent_cue)
        return Assessment(question_id, verdict, tuple(covered),
                          tuple(e for e in question.expectations if e not in covered), tuple(misconceptions),
                          concepts, reading.intent if verdict == "non_domain" else None, trace)

    def _concepts(self, concluded, covered, question_id, matches) -> tuple[str, ...]:
        """Concepts the answer shows: those of covered expectations, of concluded facts, of own claims."""
        rb = self.rulebase
        found = [c for e in covered for c in rb.questions[question_id].expectations[e].concepts]
        found += [c["concept"] for _, c in concluded if c["type"] == "concept"]
        found += [c for m in matches if m.stance == "own" and m.polarity == "affirmed"
                  for c in rb.claims[m.claim].concepts]
        return tuple(dict.fromkeys(found))

    def close(self) -> None:
        self.engine.close()


def load_checker(content: list[Path] | None = None) -> AnswerChecker:
    return AnswerChecker(load_rulebase(content))
