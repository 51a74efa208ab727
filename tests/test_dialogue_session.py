"""The dialogue manager against a small rule base and a fake checker, so each test controls the verdicts.

The fake checker reads answers written as ids: an answer naming an expectation covers it,
one naming a misconception endorses it; a few phrases are the learner's requests.
"""

from __future__ import annotations

import pytest

from tutor.assessment.types import Assessment, Expected, FiredRule, Trace
from tutor.content.rulebase import RuleBase
from tutor.content.rules import Concept, Expectation, Intent, Misconception, Question, Relation
from tutor.dialogue.models import Dialogue
from tutor.dialogue.moves import MOVE_TYPES
from tutor.dialogue.session import MAX_ATTEMPTS, Session
from tutor.dialogue.wording import challenge
from tutor.understanding.acts import Act
from tutor.understanding.matches import CueMatch

# learner line -> (intent, act, what the tutor does)
INTENTS = {
    "i don't know": ("dont_know", "metacognitive", "help"),
    "hint please": ("hint", "request", "hint"),
    "why?": ("why", "request", "why"),
    "skip": ("skip", "request", "skip"),
    "repeat the question": ("repeat", "request", "repeat"),
    "hello": ("greeting", "social", "acknowledge"),
    "i'd rather not answer": ("decline", "social", "acknowledge"),
}

SAY = {"decline": "That's fine - you don't have to answer this one. Say skip to move on."}


def small_rulebase() -> RuleBase:
    rb = RuleBase()
    rb.concepts = {
        "choice": Concept(name="choice", summary="states choose"),
        "dilemma": Concept(name="the dilemma", summary="a hard choice", requires=["choice"]),
        "limits": Concept(name="limits", summary="knowing limits"),
    }
    rb.relations = [Relation(source="choice", type="requires", target="dilemma", says="No choice, no dilemma.")]
    rb.misconceptions = {
        "no_choice": Misconception(gloss="Russia had no choice", correction="States choose.", concepts=["choice"])
    }
    rb.questions = {
        "q_choice": Question(
            ask="Did Russia have a choice?",
            concepts=["choice"],
            watch=["no_choice"],
            expectations={
                "chooses": Expectation(text="states choose how to read others", concepts=["choice"]),
                "no_dilemma": Expectation(text="without choice there is no dilemma", concepts=["dilemma"]),
            },
        ),
        "q_limits": Question(
            ask="What are limits?",
            concepts=["limits"],
            expectations={"knows": Expectation(text="leaders should know their limits", concepts=["limits"])},
        ),
    }
    rb.intents = {
        ident: Intent(means=ident, cues=[line], act=act, do=do, say=[SAY.get(ident, f"({ident} noted)")])
        for line, (ident, act, do) in INTENTS.items()
    }
    return rb


class FakeChecker:
    def __init__(self, rulebase: RuleBase):
        self.rulebase = rulebase

    def assess(self, question: str, text: str, expected: Expected | None = None) -> Assessment:
        if text.lower() in INTENTS:
            ident, act, do = INTENTS[text.lower()]
            return Assessment(question, "non_domain", intent=ident, act=Act(act, do, ident))
        words = text.split()
        expectations = self.rulebase.questions[question].expectations
        covered = tuple(w for w in words if w in expectations)
        held = tuple(w for w in words if w in self.rulebase.misconceptions)
        verdict = (
            "misconception"
            if held
            else "correct"
            if len(covered) == len(expectations)
            else "partial"
            if covered
            else "irrelevant"
        )
        trace = Trace(
            text,
            tuple(CueMatch(w, w, w, 0, "affirmed", "own") for w in covered + held),
            tuple(FiredRule(f"r_{w}", f"expectation {w}", "the learner said so") for w in covered),
        )
        return Assessment(
            question, verdict, covered, tuple(e for e in expectations if e not in covered), held, trace=trace
        )


def dialogue(**overrides) -> Dialogue:
    data = {
        "id": "test",
        "title": "Test",
        "description": "A test dialogue.",
        "intro": "Welcome.",
        "steps": [
            {
                "question": "q_choice",
                "pumps": ["What else?"],
                "expectations": {
                    "chooses": {"hints": ["Hint one.", "Hint two."], "prompt": "States ___."},
                    "no_dilemma": {"hints": ["Dilemma hint."]},
                },
                "misconceptions": {
                    "no_choice": {
                        "challenge": "If there were no choice, would there be a dilemma?",
                        "correction": "Choice is the precondition of any dilemma.",
                    }
                },
                "summary": "Choice summary.",
                "explain": ["choice", "dilemma"],
            },
            {"question": "q_limits", "summary": "Limits summary."},
        ],
    }
    return Dialogue.model_validate(data | overrides)


@pytest.fixture
def session() -> Session:
    rb = small_rulebase()
    return Session(dialogue(), FakeChecker(rb), rb)


def types(reply) -> list[str]:
    return [m.type for m in reply.moves]


def test_opening_gives_intro_and_first_question(session):
    reply = session.start()
    assert types(reply) == ["question"]
    assert "Welcome." in reply.text and "Did Russia have a choice?" in reply.text
    assert reply.question == "q_choice" and reply.progress == (1, 2) and reply.assessment is None


def test_full_answers_get_no_help_and_finish(session):
    session.start()
    first = session.answer("chooses no_dilemma")
    assert "hint" not in types(first) and "summary" in types(first) and first.question == "q_limits"
    last = session.answer("knows")
    assert last.finished and last.question is None
    assert "Limits summary." in last.text


def test_misconception_is_challenged_then_corrected_then_the_essays_view_is_praised(session):
    session.start()
    challenged = session.answer("no_choice")
    assert types(challenged) == ["challenge"] and challenged.assessment.verdict == "misconception"
    corrected = session.answer("no_choice again")
    assert types(corrected) == ["correction", "question"]
    assert "precondition of any dilemma" in corrected.text
    told = session.answer("chooses")
    assert told.moves[0].type == "feedback" and "states choose how to read others" in told.text.lower()


def test_dont_know_escalates_hint_prompt_assertion_without_repeating(session):
    session.start()
    seen = []
    for _ in range(MAX_ATTEMPTS):
        reply = session.answer("I don't know")
        seen += [m for m in reply.moves if m.type in ("hint", "prompt", "assertion", "pump")]
        if reply.finished:
            break
    kinds = [m.type for m in seen]
    assert "pump" not in kinds  # "I don't know" has nothing to pump
    assert kinds[:4] == ["hint", "hint", "prompt", "assertion"]
    assert kinds.count("assertion") == 3 and reply.finished
    hints = [m.text for m in seen if m.type == "hint"]
    assert len(hints) == len(set(hints))


def test_a_partial_answer_is_pumped_and_a_vague_one_is_hinted(session):
    session.start()
    vague = session.answer("well, something")
    assert types(vague)[-1] == "hint"  # "What else?" after "I couldn't connect that" would contradict it
    assert types(session.answer("chooses"))[-1] == "hint"  # a hint was given: no pumping after that
    fresh = Session(dialogue(), FakeChecker(small_rulebase()), small_rulebase())
    fresh.start()
    assert types(fresh.answer("chooses"))[-1] == "pump"


def test_requests_are_answered_without_an_assessment(session):
    session.start()
    hint = session.answer("hint please")
    assert types(hint) == ["hint"] and hint.assessment is None
    repeat = session.answer("repeat the question")
    assert (
        types(repeat) == ["feedback", "question", "hint"] and "Did Russia have a choice?" in repeat.text
    )  # its `say:`, then both
    skipped = session.answer("skip")
    assert "summary" in types(skipped) and skipped.question == "q_limits"


def test_a_learner_who_declines_is_not_pushed_and_keeps_the_question(session):
    session.start()
    reply = session.answer("I'd rather not answer")
    assert "don't have to answer" in reply.text and "skip" in reply.text
    assert "pump" not in types(reply) and "hint" not in types(reply)
    assert reply.question == "q_choice"


def test_why_explains_the_last_verdict_and_the_link(session):
    session.start()
    session.answer("chooses")
    reply = session.answer("why?")
    assert types(reply) == ["explanation"]
    assert "the learner said so" in reply.text  # the rule that fired
    assert "No choice, no dilemma." in reply.text  # the relation walked


@pytest.mark.parametrize("answer", ["no_choice", "nonsense", "I don't know", "chooses"])
def test_no_learner_can_keep_the_dialogue_going_forever(answer):
    rb = small_rulebase()
    s = Session(dialogue(), FakeChecker(rb), rb)
    s.start()
    for _ in range(3 * MAX_ATTEMPTS):
        if s.answer(answer).finished:
            break
    assert s.finished


def test_transition_on_a_misconception_and_each_step_asked_once():
    rb = small_rulebase()
    steps = [step.model_dump() for step in dialogue().steps]
    steps[0]["next"] = [{"misconception": "no_choice", "goto": "end"}]
    s = Session(dialogue(steps=steps), FakeChecker(rb), rb)
    s.start()
    s.answer("no_choice")
    assert s.answer("chooses no_dilemma").finished
    assert "q_choice/next/0" in s.exercised


def test_adaptive_order_respects_prerequisites_then_weakest_first():
    rb = small_rulebase()
    rb.concepts["limits"] = Concept(name="limits", summary="knowing limits", requires=["choice"])
    d = dialogue(order="adaptive", steps=[dialogue().steps[1].model_dump(), dialogue().steps[0].model_dump()])
    s = Session(d, FakeChecker(rb), rb)
    assert s.start().question == "q_choice"  # limits requires choice, which q_choice teaches


def test_replaying_the_same_turns_gives_the_same_session():
    rb = small_rulebase()
    turns = ["no_choice", "hint please", "I don't know", "chooses", "why?", "skip", "knows"]

    def run():
        s = Session(dialogue(), FakeChecker(rb), rb)
        return [s.start()] + [s.answer(t) for t in turns]

    assert run() == run()


def test_every_move_has_a_known_type(session):
    replies = [session.start()] + [session.answer(t) for t in ["no_choice", "no_choice", "x", "hint please", "why?"]]
    assert {m.type for r in replies for m in r.moves} <= set(MOVE_TYPES)


def test_mastery_rises_with_evidence_and_is_reported_at_the_end(session):
    session.start()
    before = session.mastery["choice"]
    reply = session.answer("chooses no_dilemma")
    assert reply.mastery["choice"] > before
    end = session.answer("knows")
    assert end.finished
    assert "limits:" in end.moves[-1].text and "choice:" in end.moves[-1].text


def test_a_composed_challenge_keeps_a_name_capitalised(rulebase):
    assert "Suppose it's true that Russia (or any state)" in challenge(rulebase, "no_choice")
    assert "Suppose it's true that states react" in challenge(rulebase, "mechanical_reaction")
