"""The answer checker: reads an answer, runs the inference rules, and gives the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.assessment.replies import ReplyReader
from tutor.assessment.types import Assessment, Expected, FiredRule, Trace
from tutor.engine.compile import RULESET, describe
from tutor.engine.host import Fact, Rule, RuleEngine
from tutor.text.tokens import ASKING_WH
from tutor.understanding.acts import ANSWER, Act, ActReader
from tutor.understanding.matches import CueMatch
from tutor.understanding.reader import Reader, Reading
from tutor.understanding.scope import QUOTED

if TYPE_CHECKING:  # the rule base's models are imported only to compile it, never from the cache
    from tutor.content.rulebase import RuleBase


RULE_RUNS_REMEMBERED = 4096  # distinct claim sets kept per checker: a few hundred kB


class UnknownQuestion(KeyError):
    pass


@dataclass(frozen=True)
class Compiled:
    """What grading needs from the rule base, compiled, as plain data: what the on-disk cache holds."""

    reader: Reader
    ruleset: dict[str, dict[str, Rule]]  # the durable-rules ruleset
    conclusions: dict[str, tuple[Fact, str]]  # rule id -> (the fact it concludes, because)
    expectations: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # question -> ((expectation, concepts), ...)
    claim_concepts: dict[str, tuple[str, ...]]
    acts: ActReader  # dialogue acts: intents, topics, yes and no
    yes_no: dict[str, Expected]  # question -> what a bare yes or no means
    classes: dict[str, list[str]]  # the lexicon, for the cues of a prompt's blank
    tested: dict[str, frozenset[tuple[str, str, str]]]  # question -> the claims a rule there can test

    @classmethod
    def of(cls, rulebase: RuleBase, keyed: bool = True) -> Compiled:
        """`keyed`: see Reader."""
        from tutor.engine.compile import claims_tested, compile_rules, conclusion_fact

        return cls(
            Reader(rulebase, keyed),
            compile_rules(rulebase.rules),
            {rule.id: (conclusion_fact(rule.then), rule.because) for rule in rulebase.rules},
            {
                q_id: tuple((e_id, tuple(e.concepts)) for e_id, e in q.expectations.items())
                for q_id, q in rulebase.questions.items()
            },
            {c_id: tuple(claim.concepts) for c_id, claim in rulebase.claims.items()},
            ActReader(rulebase),
            {
                q_id: Expected(yes_no=q.yes_no.right, wrong_holds=q.yes_no.wrong_holds, serves=q.yes_no.serves)
                for q_id, q in rulebase.questions.items()
                if q.yes_no is not None
            },
            {name: list(members) for name, members in rulebase.classes.items()},
            claims_tested(rulebase.rules, list(rulebase.questions)),
        )


class AnswerChecker:
    """One per process (or per thread): it owns one durable-rules host."""

    def __init__(self, rulebase: RuleBase | None, compiled: Compiled | None = None, content: list[Path] | None = None):
        self._rulebase, self._content = rulebase, content
        if compiled is None:
            if rulebase is None:
                raise ValueError("an answer checker needs the rule base or its compiled form")
            compiled = Compiled.of(rulebase)
        self.reader = compiled.reader
        self.conclusions = compiled.conclusions
        self.expectations = compiled.expectations
        self.claim_concepts = compiled.claim_concepts
        self.acts = compiled.acts
        self.yes_no = compiled.yes_no
        self.tested = compiled.tested
        self.replies = ReplyReader(compiled.classes, self.reader, self.acts)
        self.engine = RuleEngine(compiled.ruleset, self._conclude)
        self.questions = frozenset(compiled.expectations)
        self._rules_fired = lru_cache(maxsize=RULE_RUNS_REMEMBERED)(self._run_rules)

    @property
    def rulebase(self) -> RuleBase:
        """The rule base itself (questions' wording, relations): read when first asked for."""
        if self._rulebase is None:
            from tutor.content.rulebase import load_rulebase

            self._rulebase = load_rulebase(self._content)
        return self._rulebase

    def _run_rules(self, question_id: str, claims: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
        """The rules that fire, in order, for a question and the (claim, polarity, stance) read.
        Each run is a fresh session, so this depends on its arguments alone: answers that make the
        same claims (or none) share one run through the cache in front of it."""
        facts: list[Fact] = [{"type": "question", "question": question_id}]
        facts += [
            {"type": "claim", "claim": claim, "polarity": polarity, "stance": stance}
            for claim, polarity, stance in claims
        ]
        return tuple(f.rule for f in self.engine.run(RULESET, facts, final=[{"type": "end"}]))

    def _conclude(self, rule_id: str, facts: dict[str, Fact]) -> list[Fact]:
        return [self.conclusions[rule_id][0]]

    def topics(self, text: str) -> tuple[str, ...]:
        """The concepts and glossary entries a text names (the tutor's own words, for a follow-up question)."""
        return self.acts.named(list(self.reader.read(text).sentences))

    def assess(self, question_id: str, text: str, expected: Expected | None = None) -> Assessment:
        """The verdict on one learner turn. `expected` is what the tutor's last move asked for (a
        blank, a yes or no); without it the turn is read against the question alone, as `tutor grade` does."""
        if question_id not in self.expectations:
            raise UnknownQuestion(question_id)
        if expected is None:
            expected = self.yes_no.get(question_id)
        reading = self.reader.read(text)
        act = self.acts.classify(reading.sentences, _points(reading))
        tentative = act.kind != "question" or self.acts.tentative(act, reading.sentences)
        reply = None
        if not act.graded and tentative and expected is not None and (expected.answers or expected.yes_no):
            reply = self.replies.read(reading, expected)
            asks_which = act.question is not None and any(reading.sentences[n].asking for n in act.question.sentences)
            if reply.value is not None and act.cue not in ASKING_WH and not asks_which:
                # A guess at a waiting blank ("is it reckless", "dilemma, maybe?", "thanks for the nudge - choices")
                # fills it, and "sure" to a yes/no question answers it; "what does dilemma mean?" still asks, as
                # does a question that opens with a question word ("who invaded iraq??", the blank's word in it) or
                # asks which of two ("is 'tragedy' meant as in Greek drama, or as disaster?").
                act = ANSWER
        if not act.graded and tentative and reading.matches:
            # Content outweighs a stray request word ("two points: states choose..."), and a question that
            # makes a point of the question is a tentative answer ("do states choose how to read others?").
            judged = self._judge(question_id, reading, reading.matches, act)
            if judged.expectations or judged.misconceptions:
                return replace(judged, act=ANSWER, intent=None)
        if not act.graded:
            return Assessment(
                question_id,
                "non_domain",
                missing=tuple(e for e, _ in self.expectations[question_id]),
                intent=act.intent,
                trace=Trace(reading.normalised, intent_cue=act.cue),
                act=act,
                truncated=reading.truncated,
            )
        if reply is None and expected is not None:
            reply = self.replies.read(reading, expected)
        if reply is not None and reply.rest is not None:
            reading = reply.rest
        asked = act.question.sentences if act.question else ()
        matches = tuple(m for m in reading.matches if m.sentence not in asked)
        a = self._judge(question_id, reading, matches, act)
        return self.replies.merge(a, reply, self.verdict) if reply is not None else a

    def _judge(self, question_id: str, reading: Reading, matches: tuple[CueMatch, ...], act: Act) -> Assessment:
        expectations = [e for e, _ in self.expectations[question_id]]
        # The engine refuses an identical fact twice: each claim read once, in the order first read; and
        # only those a rule in force can test (see claims_tested), so that more answers share a run.
        tested = self.tested[question_id]
        claims = tuple(dict.fromkeys(c for m in matches if (c := (m.claim, m.polarity, m.stance)) in tested))
        fired = self._rules_fired(question_id, claims)
        concluded = [(rule, self.conclusions[rule][0]) for rule in fired if rule in self.conclusions]

        covered = [e for e in expectations if any(c.get("expectation") == e for _, c in concluded)]
        misconceptions = sorted({c["misconception"] for _, c in concluded if c["type"] == "misconception"})
        concepts = self._concepts(concluded, covered, question_id, matches)
        intent = act.intent if act.kind != "answer" else None
        # "I don't know", "hint": not an attempt. An insistence is one, however little it says.
        attempt = intent is None or act.kind == "insistence"
        verdict = self.verdict(question_id, covered, misconceptions, not attempt or not reading.on_domain)
        trace = Trace(
            reading.normalised,
            matches,
            tuple(FiredRule(rule, describe(fact), self.conclusions[rule][1]) for rule, fact in concluded),
            act.cue,
        )
        return Assessment(
            question_id,
            verdict,
            tuple(covered),
            tuple(e for e in expectations if e not in covered),
            tuple(misconceptions),
            concepts,
            intent if verdict == "non_domain" else None,
            trace,
            act=act,
            truncated=reading.truncated,
        )

    def verdict(self, question_id: str, covered: Sequence[str], misconceptions: Sequence[str], off_domain: bool) -> str:
        """The SemEval label of the curriculum, from what an answer covers and endorses."""
        if misconceptions:
            return "misconception"
        if covered:
            return "correct" if len(covered) == len(self.expectations[question_id]) else "partial"
        return "non_domain" if off_domain else "irrelevant"

    def _concepts(
        self, concluded: list[tuple[str, Fact]], covered: list[str], question_id: str, matches: tuple[CueMatch, ...]
    ) -> tuple[str, ...]:
        """Concepts the answer shows: those of covered expectations, of concluded facts, of own claims."""
        of_expectation = dict(self.expectations[question_id])
        found = [c for e in covered for c in of_expectation[e]]
        found += [c["concept"] for _, c in concluded if c["type"] == "concept"]
        found += [
            c for m in matches if m.stance == "own" and m.polarity == "affirmed" for c in self.claim_concepts[m.claim]
        ]
        return tuple(dict.fromkeys(found))

    def close(self) -> None:
        self.engine.close()
        self._rules_fired.cache_clear()  # a closed checker grades nothing, not even what it saw before


def load_checker(content: list[Path] | None = None) -> AnswerChecker:
    """The checker for the content in force, compiled from the on-disk cache when it is current."""
    from tutor.assessment.cache import load_compiled

    return AnswerChecker(None, load_compiled(content), content)


# Words that talk about a word: "in my language is no word for 'prudence'", "why they call it 'perverse'?"
_ABOUT_WORDS = frozenset(["word", "words", "term", "terms", "phrase", "call", "calls", "called"])


def _points(reading: Reading) -> set[int]:
    """The sentences that make a point: those with a claim used rather than mentioned. A claim is mentioned when
    quoted ("you keep saying 'self-limitation' - what does it mean?") or a lone word in a sentence about words
    ("perverse is bad word, no?"); and a lone word said as a sentence of its own is a term put forward to ask
    about ("Anarchy. Define it - IR sense."), unless another sentence makes a point ("Modesty. Leaders must...")."""
    used = [m for m in reading.matches if m.frame != QUOTED and not _about_a_word(m, reading)]
    points = {m.sentence for m in used}
    terms = {m.sentence for m in used if len(reading.sentences[m.sentence].tokens) == 1}
    return points if points - terms or not terms else points - terms


def _about_a_word(match: CueMatch, reading: Reading) -> bool:
    return " " not in match.words and any(t.word in _ABOUT_WORDS for t in reading.sentences[match.sentence].tokens)
