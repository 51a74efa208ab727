"""Whole conversations with the shipped content: every fill-in prompt of every dialogue answered with
the essay's own word is credited; a learner's questions never move or grade the session."""

import re

import pytest

from tutor.dialogue.models import Hint, Pump
from tutor.service.course import load_course

# The essay's word for each blank of the shipped dialogues (a new prompt needs its word here).
ESSAY_WORDS = [
    (r"very ___", "large"),
    (r"state ___ it", "interprets"),
    (r"states ___ (some|the) behaviour", "interpret"),
    (r"political ___", "choices"),
    (r"human ___", "nature"),
    (r"and ___ can transform", "accommodation"),
    (r"conscious of their ___", "limits"),
    (r"cynicism or ___", "inaction"),
    (r"always ___", "uncertainty"),
    (r"shadow of ___", "uncertainty"),
    (r"prudence and ___", "restraint"),
    (r"make ___ choices", "reckless"),
    (r"(bring|incur) ___", "tragic"),
    (r"guard against ___", "tragedy"),
    (r"signal a ___", "mistake"),
    (r"flashes of ___", "restraint"),
    (r"states ___ how", "choose"),
    (r"no ___", "dilemma"),
    (r"reckless or ___", "irresponsible"),
    (r"criticised as ___", "reckless"),
    (r"invasion of ___", "Iraq"),
    (r"certainty and ___", "hubris"),
    (r"perverse and ___", "unintended"),
    (r"international ___", "law"),
]


@pytest.fixture(scope="module")
def course():
    return load_course(None)


def essay_word(prompt: str) -> str:
    words = [w for pattern, w in ESSAY_WORDS if re.search(pattern, prompt, re.I)]
    assert words, f"no essay word known for the prompt {prompt!r}"
    return words[0]


@pytest.mark.parametrize("dialogue", ["walkthrough", "no-choice", "limits-and-tragedy"])
def test_every_prompt_filled_with_the_essays_word_is_credited(course, dialogue):
    session = course.new_session(dialogue)
    reply = session.start()
    prompts = 0
    for _ in range(300):
        if reply.finished:
            break
        prompt = next((m.text for m in reversed(reply.moves) if m.type == "prompt"), "")
        reply = session.answer(essay_word(prompt) if prompt else "I don't know")
        if prompt:
            prompts += 1
            a = reply.assessment
            assert a.verdict in ("correct", "partial") and a.expectations and not a.misconceptions, (prompt, a)
    assert reply.finished and prompts >= 3


@pytest.mark.parametrize(
    "line",
    [
        "what does prudence mean?",
        "who is Mearsheimer?",
        "why does hubris lead to tragedy?",
        "what is the difference between tragedy and fate?",
        "what happened at Hostomel?",
        "whos herz",  # shorthand, no question mark
        "remind me, what's Mearsheimer's argument again?",
        "what do you mean by interpretation?",  # a term, not the tutor's question
        "explain the lethal aid bit pls",
        "didn't herz care about international law?",  # negative, and no point of the question asked
        "hold on, why would anyone see LGBTQ advocacy as a threat?",  # after a lead-in
        "sorry, what does 'revanchist' mean?",
        "what are the 'gladiatorial facts'?",
        "in what sense is the dilemma a social constellation?",
        "why does the essay bring up nato",  # no question mark, but it opens as a question does
        "why was the 2008 signal a mistake?",
        "could you tell me who Morgenthau was",  # typed as a question, without its "?"
        "hubris means what exactly",  # the question word where the answer would stand
        "social constellation, what does that even mean",
        "is the security dilemma like an arms race",
        "I'm confused about what interpretation has to do with any of this",  # a question put as a statement
        "what does prudence look like in practice",
        "quick question: who was Sylvest",  # a lead-in and a colon, not a speaker
        "what about the sanctions, how do they fit in",
        "does 'opacity' just mean uncertainty?",  # asks what a word means; it offers no answer
    ],
)
def test_a_learners_question_is_answered_and_changes_nothing(course, line):
    session = course.new_session("limits-and-tragedy")
    opening = session.start()
    reply = session.answer(line)
    assert reply.act == "question" and reply.assessment is None
    assert reply.mastery == opening.mastery and reply.question == opening.question
    assert reply.moves[0].type == "answer" and "beyond what I can answer" not in reply.moves[0].text
    assert reply.moves[-1].text.endswith(session.state.pending.text)  # the tutor's question, asked again


@pytest.mark.parametrize(
    "line, named",
    [
        ("who says herz was an early constructivist?", ["Sylvest"]),  # the idea's entry says who
        ("who called putin a first-class strategist", ["Mearsheimer"]),
        ("who said the line about utopia and knowing your limits", ["Koestler"]),
        ("which one actually uses the term security dilemma, walt or mearsheimer?", ["Walt", "Mearsheimer"]),
        ("who said the line about knowing one's limits?", ["Koestler"]),
        ("who is Henry Kissinger and what did he think of NATO expansion?", ["doesn't mention that person"]),
        ("so who is to blame?", ["responsibility to choice"]),  # not a person the essay fails to name
        ("how does choice relate to responsibility", ["criticised"]),
    ],
)
def test_a_question_about_who_said_what_names_them(course, line, named):
    session = course.new_session("limits-and-tragedy")
    session.start()
    reply = session.answer(line)
    assert reply.act == "question" and all(n in reply.moves[0].text for n in named)


@pytest.mark.parametrize(
    "line, person",
    [
        ("what year was Herz born?", "John Herz"),
        ("how old was Morgenthau when he died", "Hans Morgenthau"),
        ("and where did Koestler live?", "Arthur Koestler"),
    ],
)
def test_a_fact_of_a_persons_life_is_said_to_be_outside_the_essay_then_what_it_says_of_them(course, line, person):
    session = course.new_session("no-choice")
    opening = session.start()
    reply = session.answer(line)
    assert reply.act == "question" and reply.mastery == opening.mastery
    said = reply.moves[0].text
    assert said.startswith("The essay doesn't say") and person in said


def test_a_sceptics_challenge_holds_the_view_voiced_and_asks_only_before_one(course):
    session = course.new_session("limits-and-tragedy")
    session.start()
    session.answer("Herz was a realist, so he would never accept accommodating rivals")
    reply = session.answer("where is the evidence for that? prove it")
    assert reply.act == "insistence" and reply.assessment.misconceptions == ("herz_against_accommodation",)
    assert not any(m.type == "answer" for m in reply.moves)  # not "that goes beyond the essay"
    session = course.new_session("no-choice")
    opening = session.start()
    reply = session.answer("Where is the evidence for Herz's view?")  # no view held yet: a question
    assert reply.moves[0].type == "answer" and "Herz" in reply.moves[0].text and reply.mastery == opening.mastery


@pytest.mark.parametrize(
    "line, outside, inside",
    [
        ("did the Cold War work like the spiral?", "doesn't discuss the Cold War", "spiral"),
        ("how does Taiwan fit into all this", "doesn't discuss China or Taiwan", None),
        ("is nuclear deterrence part of the security dilemma?", "doesn't discuss nuclear weapons", "dilemma"),
    ],
)
def test_a_topic_the_essay_does_not_discuss_is_said_to_be_outside_it(course, line, outside, inside):
    session = course.new_session("no-choice")
    opening = session.start()
    reply = session.answer(line)
    said = reply.moves[0].text
    assert reply.act == "question" and reply.mastery == opening.mastery and outside in said
    assert inside is None or inside in said.split(outside, 1)[1]  # then what the essay says of the rest


def test_an_insistence_whose_words_make_no_point_holds_the_view(course):
    session = course.new_session("no-choice")
    session.start()
    session.answer("Russia was forced to invade, it had no other option")
    reply = session.answer("I'm not unsure of my view, to be honest.")  # "unsure" is a claim's word, negated
    assert reply.act == "insistence" and reply.assessment.misconceptions == ("no_choice",)


def test_a_question_about_how_a_person_defines_an_idea_hears_the_persons_entry_too(course):
    session = course.new_session("no-choice")
    session.start()
    reply = session.answer("could you remind me how Mearsheimer sees the security dilemma?")
    assert reply.act == "question" and "Mearsheimer" in reply.moves[0].text and "spiral" in reply.moves[0].text


def test_a_follow_up_question_asks_about_what_the_tutor_just_said(course):
    session = course.new_session("walkthrough")
    session.start()
    hint = session.answer("I don't know")  # a hint about the many things states do for security
    assert hint.moves[-1].type == "hint"
    reply = session.answer("examples?")
    assert reply.act == "question" and "cultural diplomacy" in reply.moves[0].text
    assert reply.moves[-1].text.endswith(hint.moves[-1].text)  # the hint asked again
    reply = session.answer("meaning?")  # still about the hint, not about the answer just given
    assert reply.act == "question" and "cultural diplomacy" in reply.moves[0].text


def test_why_after_the_tutor_states_a_point_asks_why_the_point_holds(course):
    session = course.new_session("no-choice")
    session.start()
    reply = session.answer("I don't know")
    while not any(m.type == "assertion" for m in reply.moves):
        reply = session.answer("I don't know")
    reply = session.answer("why though?")
    assert reply.act == "question" and reply.moves[0].type == "answer"
    assert "shaped by history" in reply.moves[0].text  # how choice and interpretation connect
    assert "I judged" not in reply.moves[0].text  # not an account of the last verdict


def test_a_stubborn_learner_hears_new_words_and_the_tutor_moves_on(course):
    session = course.new_session("no-choice")
    start = session.start().question
    said, replies = [], []
    for line in ["It had no choice.", "Still no choice.", "They were forced.", "I disagree, no choice."]:
        replies.append(session.answer(line))
        said += [m.text for m in replies[-1].moves if m.type in ("challenge", "correction")]
    assert len(said) == len(set(said)) == 4
    assert "differently" in said[-1] and replies[-1].question != start


@pytest.mark.parametrize(
    "dialogue, lines",
    [
        (
            "walkthrough",
            [
                "Every security step makes others less safe.",
                "Still, anything a state does scares others.",
                "Whatever a country does to be safer makes every other country less safe.",
            ],
        ),
        ("no-choice", ["It had no choice.", "Still no choice.", "They were forced."]),
    ],
)
def test_a_corrected_learner_is_not_asked_the_same_words_again(course, dialogue, lines):
    session = course.new_session(dialogue)
    asked = [m.text for m in session.start().moves if m.type == "question"]
    for line in lines:
        reply = session.answer(line)
        assert reply.assessment.misconceptions
        asked += [m.text for m in reply.moves if m.type in ("question", "challenge", "hint", "prompt")]
    assert len(asked) == len(set(asked)) >= 3


@pytest.mark.parametrize(
    "line",
    ["let's skip this question please", "can we move on to the next one", "pass, I want to go on to something else"],
)
def test_asking_in_words_to_move_on_skips(course, line):
    session = course.new_session("no-choice")
    first = session.start().question
    reply = session.answer(line)
    assert reply.act == "request" and reply.question != first


def test_a_session_replays_to_the_same_state(course):
    lines = ["what is anarchy?", "no", "no, there would be none", "I'm lost", "states choose how to read others"]
    first, second = course.new_session("no-choice"), course.new_session("no-choice")
    first.start(), second.start()
    assert [first.answer(x).text for x in lines] == [second.answer(x).text for x in lines]


@pytest.mark.parametrize("request_kind", ["hint", "repeat", "why", "skip"])
def test_a_request_after_a_credited_answer_credits_nothing_again(course, request_kind):
    session = course.new_session("no-choice")
    session.start()
    assert session.answer("Russia chose to read NATO's expansion as a threat.").credited
    assert getattr(session, request_kind)().credited == ()


def test_a_line_after_the_end_credits_nothing(course):
    session = course.new_session("no-choice")
    reply = session.start()
    for _ in range(300):
        if reply.finished:
            break
        reply = session.skip()
    assert reply.finished
    assert session.answer("Russia chose how to read NATO, so there was a dilemma.").credited == ()


@pytest.mark.parametrize("typed", ["restrained", "restraining"])
def test_a_blank_filled_with_an_inflection_of_the_essays_word_is_credited(course, typed):
    session = course.new_session("walkthrough")
    prompt_reached(session, r"prudence and ___, guards against")
    a = session.answer(typed).assessment
    assert a.verdict in ("correct", "partial") and a.expectations and not a.misconceptions


def prompt_reached(session, pattern: str) -> str:
    """Walks a started-fresh session with "I don't know" until a fill-in prompt matching `pattern`: its text."""
    reply = session.start()
    for _ in range(300):
        prompt = next((m.text for m in reversed(reply.moves) if m.type == "prompt"), "")
        if re.search(pattern, prompt, re.I):
            return prompt
        reply = session.answer("I don't know")
    pytest.fail(f"no fill-in prompt matching {pattern!r} on an 'I don't know' walk")


def hints_reached(course, dialogue, wanted):
    """(hint, a fresh session standing at it) for each authored hint for which `wanted(hint)` holds,
    met on an "I don't know" walk through the dialogue."""
    hints = {
        h.text: h
        for step in course.dialogues[dialogue].steps
        for moves in step.expectations.values()
        for h in moves.hints
        if isinstance(h, Hint) and wanted(h)
    }
    walker = course.new_session(dialogue)
    reply, walk = walker.start(), []
    for _ in range(300):
        if reply.finished:
            return
        if reply.moves[-1].type == "hint" and reply.moves[-1].text in hints:
            session = course.new_session(dialogue)
            session.start()
            for line in walk:
                session.answer(line)
            yield hints[reply.moves[-1].text], session
        walk.append("I don't know")
        reply = walker.answer("I don't know")


@pytest.mark.parametrize("dialogue", ["walkthrough", "no-choice", "limits-and-tragedy"])
def test_a_wrong_bare_reply_to_a_yes_no_hint_is_corrected_then_helped(course, dialogue):
    """A bare wrong reply to a hint with an `if_wrong` hears that correction (not praise, not a bare
    "not quite") and then the next help."""
    reached = 0
    for hint, session in hints_reached(course, dialogue, lambda h: h.if_wrong):
        answer = session.answer("yes" if hint.expects == "no" else "no")
        kinds = [m.type for m in answer.moves]
        assert answer.moves[0].type == "correction" and answer.moves[0].text == hint.if_wrong, kinds
        assert not answer.credited and kinds[-1] in ("hint", "prompt", "question", "pump"), kinds
        reached += 1
    assert reached >= 1


@pytest.mark.parametrize("dialogue", ["walkthrough", "limits-and-tragedy"])
def test_a_short_reply_to_a_hint_that_asks_for_a_word_is_credited(course, dialogue):
    """A hint's first `answers` word, said in a short sentence, covers the point the hint serves: it
    is read against the hint, not the question."""
    reached = 0
    for hint, session in hints_reached(course, dialogue, lambda h: h.answers):
        answer = session.answer(f"I'd say {hint.answers[0]}")
        assert answer.credited and not answer.assessment.misconceptions, hint.text
        reached += 1
    assert reached >= 3


@pytest.mark.parametrize("line", ["no clue, what's the word?", "I give up, just tell me"])
def test_asking_for_a_blanks_word_is_told_it_and_asked_the_question_again(course, line):
    session = course.new_session("limits-and-tragedy")
    prompt = prompt_reached(session, r"___")
    question = session.current.step.question
    reply = session.answer(line)
    told = " ".join(m.text for m in reply.moves)
    assert essay_word(prompt).lower() in told.lower() and "___" not in told
    assert reply.credited == () and session.current.step.question == question  # told, not credited, not moved on
    assert reply.moves[-1].type == "question"


@pytest.mark.parametrize(
    "dialogue, answer, made",
    [
        (
            "walkthrough",
            "States seek security in countless ways, like funding science, and most alarm nobody.",
            "range",
        ),
        (
            "limits-and-tragedy",
            "He did not want them to sit back or turn cynical; he still valued international law.",
            "stop acting",
        ),
    ],
)
def test_a_partial_answer_is_not_nudged_for_the_point_it_made(course, dialogue, answer, made):
    session = course.new_session(dialogue)
    reply = session.start()
    step = session.current.step
    while not any(isinstance(p, Pump) and made in p.text.lower() + p.asks for p in step.pumps):
        reply = session.skip()
        step = session.current.step
    pump = next(p for p in step.pumps if isinstance(p, Pump))
    reply = session.answer(answer)
    assert pump.asks in reply.credited and reply.assessment.verdict == "partial"
    assert pump.text not in reply.text  # the nudge for the point just made is skipped
    assert reply.moves[-1].type in ("pump", "hint", "prompt", "question")


def test_a_first_answer_opening_with_still_is_an_answer_not_an_insistence(course):
    session = course.new_session("walkthrough")
    session.start()
    while session.current.step.question != "west_record":
        session.skip()
    reply = session.answer("Still, NATO's 2008 promise was a mistake.")
    assert reply.act == "answer" and reply.credited == ("west_mistakes",)
    reply = session.answer("Still, the West never put a foot wrong.")  # after an attempt, it holds to a view
    assert reply.act == "insistence"


def test_a_bare_maybe_is_asked_to_commit_and_hears_the_question_again(course):
    session = course.new_session("walkthrough")
    question = session.start().question
    reply = session.answer("maybe?")
    assert reply.act == "metacognitive" and reply.credited == () and reply.question == question
    assert reply.moves[0].type == "feedback" and reply.moves[-1].text.endswith("?")


def test_asking_for_a_score_hears_where_the_learner_stands_and_the_question_again(course):
    session = course.new_session("no-choice")
    question = session.start().question
    before = session.answer("what's my score?")
    assert before.act == "request" and before.credited == () and before.question == question
    assert "Nothing to tell apart yet" in " ".join(m.text for m in before.moves)
    session.answer("Russia chose to read NATO's moves as a threat.")
    after = " ".join(m.text for m in session.answer("how am I doing so far?").moves)
    assert re.search(r"Strongest so far - [^.]*interpretation: \d+%", after)
