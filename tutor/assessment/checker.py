"""The answer checker: reads an answer, runs the inference rules, and gives the verdict."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from tutor.assessment.replies import ReplyReader
from tutor.assessment.types import Assessment, Expected, FiredRule, Trace
from tutor.content.rulebase import RuleBase, load_rulebase
from tutor.engine.compile import RULESET, compile_rules, conclusion_fact, describe
from tutor.engine.host import RuleEngine
from tutor.understanding.acts import ANSWER, ActReader
from tutor.understanding.reader import Reader, Reading


RULE_RUNS_REMEMBERED = 4096  # distinct claim sets kept per checker: a few hundred kB


class UnknownQuestion(KeyError):
    pass


class AnswerChecker:
    """One per process (or per thread): it owns one durable-rules host."""

    def __init__(self, rulebase: RuleBase):
        self.rulebase = rulebase
        self.reader = Reader(rulebase)
        self.acts = ActReader(rulebase)
        self.replies = ReplyReader(rulebase, self.reader, self.acts)
        self.rules = {rule.id: rule for rule in rulebase.rules}
        self.engine = RuleEngine(compile_rules(rulebase.rules), self._conclude)
        self.questions = frozenset(rulebase.questions)
        self._rules_fired = lru_cache(maxsize=RULE_RUNS_REMEMBERED)(self._run_rules)

    def _run_rules(self, question_id: str, claims: tuple[tuple[str, str, str, int], ...]) -> tuple[str, ...]:
        """The rules that fire, in order, for a question and the (claim, polarity, stance, sentence) read.
        Each run is a fresh session, so this depends on its arguments alone: answers that make the
        same claims (or none) share one run through the cache in front of it."""
        facts = [{"type": "question", "question": question_id}]
        facts += [{"type": "claim", "claim": claim, "polarity": polarity, "stance": stance, "sentence": sentence}
                  for claim, polarity, stance, sentence in claims]
        return tuple(f.rule for f in self.engine.run(RULESET, facts, final=[{"type": "end"}]))

    def _conclude(self, rule_id: str, facts: dict[str, dict]) -> list[dict]:
        return [conclusion_fact(self.rules[rule_id].then)]

    def assess(self, question_id: str, text: str, expected: Expected | None = None) -> Assessment:
        """The verdict on one learner turn. `expected` is what the tutor's last move asked for (a
        blank, a yes or no); without it the turn is read against the question alone, as `tutor grade` does."""
        if question_id not in self.rulebase.questions:
            raise UnknownQuestion(question_id)
        question = self.rulebase.questions[question_id]
        if expected is None and question.yes_no is not None:
            expected = Expected(yes_no=question.yes_no.right, wrong_holds=question.yes_no.wrong_holds)
        reading = self.reader.read(text)
        act = self.acts.classify(reading.sentences, {m.sentence for m in reading.matches})
        if not act.graded and act.kind != "question" and reading.matches:
            # Content outweighs a stray request word: "two points: states choose..." is an answer.
            judged = self._judge(question_id, reading, reading.matches, act)
            if judged.expectations or judged.misconceptions:
                return replace(judged, act=ANSWER, intent=None)
        if not act.graded:
            return Assessment(question_id, "non_domain", (), tuple(question.expectations), act=act,
                              intent=act.intent, trace=Trace(reading.normalised, intent_cue=act.cue))
        reply = self.replies.read(reading, act, expected) if expected is not None else None
        if reply is not None and reply.rest is not None:
            reading = reply.rest
        asked = act.question.sentences if act.question else ()
        matches = tuple(m for m in reading.matches if m.sentence not in asked)
        a = self._judge(question_id, reading, matches, act)
        return self.replies.merge(a, reply, self.verdict) if reply is not None else a

    def _judge(self, question_id: str, reading: Reading, matches, act) -> Assessment:
        question = self.rulebase.questions[question_id]
        claims = {}
        for m in matches:  # the engine refuses an identical fact twice: the first of each is kept
            claims.setdefault((m.claim, m.polarity, m.stance), m.sentence)
        fired = self._rules_fired(question_id, tuple((*key, sentence) for key, sentence in claims.items()))
        concluded = [(rule, conclusion_fact(self.rules[rule].then)) for rule in fired if rule in self.rules]

        covered = [e for e in question.expectations if any(c.get("expectation") == e for _, c in concluded)]
        misconceptions = sorted({c["misconception"] for _, c in concluded if c["type"] == "misconception"})
        concepts = self._concepts(concluded, covered, question_id, matches)
        intent = act.intent if act.kind != "answer" else None
        # "I don't know", "hint": not an attempt. An insistence is one, however little it says.
        attempt = intent is None or act.kind == "insistence"
        verdict = self.verdict(question_id, covered, misconceptions, not attempt or not reading.on_domain)
        trace = Trace(reading.normalised, matches,
                      tuple(FiredRule(rule, describe(fact), self.rules[rule].because) for rule, fact in concluded),
                      act.cue)
        return Assessment(question_id, verdict, tuple(covered),
                          tuple(e for e in question.expectations if e not in covered), tuple(misconceptions),
                          concepts, intent if verdict == "non_domain" else None, trace, act)

    def verdict(self, question_id: str, covered, misconceptions, off_domain: bool) -> str:
        """The SemEval label of the curriculum, from what an answer covers and endorses."""
        if misconceptions:
            return "misconception"
        if covered:
            return "correct" if len(covered) == len(self.rulebase.questions[question_id].expectations) else "partial"
        return "non_domain" if off_domain else "irrelevant"

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
        self._rules_fired.cache_clear()  # a closed checker grades nothing, not even what it saw before


def load_checker(content: list[Path] | None = None) -> AnswerChecker:
    return AnswerChecker(load_rulebase(content))
