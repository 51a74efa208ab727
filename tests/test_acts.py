"""Dialogue acts: every learner turn is classified before it is graded, by the shipped intents."""

import pytest

from tutor.assessment.types import Expected


@pytest.mark.parametrize(
    "line, asks, topics",
    [
        ("what does self-limitation mean?", "define", ["self_limitation"]),
        ("So what is a social constellation", "define", ["social_constellation"]),
        ("why does ignoring uncertainty lead to tragedy?", "link", ["uncertainty", "tragedy"]),
        ("how is interpretation related to choice?", "link", ["interpretation", "choice"]),
        ("what's the difference between Herz and Mearsheimer?", "contrast", ["herz", "mearsheimer"]),
        ("who was John Herz?", "who", ["herz"]),
        ("whos herz", "who", ["herz"]),  # shorthand, and no question mark
        ("remind me, what's realist liberalism again?", "define", ["realist_liberalism"]),
        ("what do you mean by interpretation?", "define", ["interpretation"]),  # not "what is your question"
        ("what is realist liberalism? I don't get it", "define", ["realist_liberalism"]),
        ("Please, what mean 'hubris'?", "define", ["hubris"]),
        ("what do you mean?", "rephrase", []),
        ("how come the essay says Putin is hostile to self-limitation", "link", ["putin", "self_limitation"]),
        ("what makes hubris so dangerous?", "link", ["hubris"]),
        # questions put as statements or commands, or asked in a last clause, without a "?"
        ("I don't get accommodation", "define", ["accommodation"]),
        ("explain prudence to me, I'm not sure I follow", "define", ["prudence_restraint"]),
        ("remind me, what's Walt's take on all this", "define", ["walt"]),
        ("international law - what was Herz's view on it", "define", ["international_law", "herz"]),
        ("quick q, is tragedy the same thing as fate?", "contrast", ["tragedy", "fate"]),
        ("whats the diff between herz and walt", "contrast", ["herz", "walt"]),
        ("what does 'natural and necessary' mean in the essay?", "define", ["natural_and_necessary"]),
        ("is accommodation good or bad according to the essay", "other", ["accommodation"]),
        # a term and its "?", with no question word
        ("accomodation?", "define", ["accommodation"]),
        ("Herz vs Morgenthau?", "define", ["herz", "morgenthau"]),
        ("uncertainity? never heard of it", "define", ["uncertainty"]),
        # a question naming nothing points back at the term beside it
        ("sylvest? who's that", "who", ["sylvest"]),
        ("mearshiemer?? who is that", "who", ["mearsheimer"]),
        ("what does 'natural and necessary' refer to", "define", ["natural_and_necessary"]),
        # the learner's own gloss, checked: a statement and its "?"
        ("so a spiral is basically an arms race?", "define", ["spiral"]),
        ("tragedy is kind of like fate?", "define", ["tragedy", "fate"]),
        ("wait so anarchy here means chaos, like riots in the street?", "define", ["anarchy"]),
        ("prudence = just playing it safe, is that right?", "define", ["prudence_restraint"]),
        # asked in the middle of a ramble, without its "?"
        (
            "the Russia part makes sense but like what even is a social constellation, sorry",
            "define",
            ["social_constellation"],
        ),
        (
            "got muddled, the essay keeps saying interpretation and I'm not sure what it means there",
            "define",
            ["interpretation"],
        ),
        # who said what
        ("who called putin a first-class strategist", "said", ["putin"]),
        (
            "who said the difference between utopia and a working concern is knowing your limits",
            "said",
            ["koestler", "self_limitation"],
        ),
        ("whats cynicism mean here", "define", ["cynicism"]),
        # polite, with courtesies around the question
        ("Sorry to bother you, but could you kindly tell me who Morgenthau was?", "define", ["morgenthau"]),
        # a clause of courtesy before a question that must open its sentence
        ("Sorry to interrupt, but does the essay think Putin is a good strategist?", "other", ["putin"]),
        ("excuse me, but who was Morgenthau?", "who", ["morgenthau"]),
        # a short guess put as a question right after it goes with the question, and names nothing more
        ("what does choice mean here? like Russia deciding how to read NATO?", "define", ["choice"]),
        # after a colon, or a request put as a statement in a later stretch of the sentence
        ("Quick detour first: what is anarchy?", "define", ["anarchy"]),
        ("Before I answer, define the security dilemma for me.", "define", ["security_dilemma"]),
        # the question word where the answer would stand, and a person's view asked of someone named before
        ("And Herz is who, exactly?", "who", ["herz"]),
        ("Morgenthau comes up a lot. What did the poor man actually believe?", "other", ["morgenthau"]),
        # formal, and switching to Spanish or French
        ("I should very much like to understand why the author brings up Iraq.", "define", ["iraq"]),
        ("I have no clear notion of what the essay means by 'accommodation'.", "define", ["accommodation"]),
        ("antes de responder: qué es exactamente the 'security dilemma'?", "define", ["security_dilemma"]),
        ("c'est quoi 'revanchist empire'?", "define", ["revanchism"]),
        # a term put with its "?", then a remark that it makes no sense, though the term is a point of the essay
        ("opacity of the world?? makes zero sense to me", "define", ["limits_of_knowledge", "uncertainty"]),
        # a letter's greeting and sign-off, a puzzle confessed, a question said to be one, a request beside a guess
        (
            "Dear tutor, might you remind me what classical realism denotes? Kind regards",
            "define",
            ["classical_realism"],
        ),
        ("I confess the mention of esports puzzles me.", "define", ["esports"]),
        ("is hubris just a fancy word or nah? genuinely asking", "other", ["hubris"]),
        ("Is 'gladiatorial' a term of art here? I'd like its precise sense.", "define", ["gladiatorial_facts"]),
        ("Pardon the pedantry, but what precisely counts as security seeking?", "other", ["everyday_security"]),
        ("what's the deal with hostomel", "other", ["russia_war_failures"]),
        ("random but does it say anything about sanctions", "other", ["russia_war_failures"]),
        ("Incidentally, who first coined the term?", "said", []),
        # without a mark: "what happened with X", "what does X actually say", "I don't get what the essay means by X"
        ("hold on what happened with hostomel, i was a kid then", "define", ["russia_war_failures"]),
        ("I want to get this right. What does Walt's definition actually say?", "other", ["walt"]),
        ("anyway I don't get what the essay means by revanchist", "define", ["revanchism"]),
        # fragments, one of them a question's word alone
        ("sylvest; who; the constructivist bit", "who", ["sylvest", "constructivism"]),
        ("revanchism; translation; relevance", "define", ["revanchism"]),
        # which of two senses, after a comma: it asks rather than offers an answer
        ("One point first: is 'restraint' meant as a virtue, or just as a tactic?", "other", ["prudence_restraint"]),
        # a term said first, then the question about it
        ("prudence - is that the same as restraint?", "contrast", ["prudence_restraint"]),
        # whether the essay covers something, in any words
        (
            "Before I go on, one point: does the essay say anything about the Cuban missile crisis?",
            "other",
            ["cuban_missile_crisis"],
        ),  # outside the essay: its entry says so
        ("anything in there abt brexit", "other", []),
        (
            "If it's no trouble, I'd love a reminder of how Walt defines the security dilemma.",
            "define",
            ["walt", "security_dilemma"],
        ),
        (
            "Would you mind telling me what Herz meant by accommodation? I'd be very grateful.",
            "define",
            ["herz", "accommodation"],
        ),
        # question words misspelled, and one ending a short line
        ("wht does revanchist mean", "define", ["revanchism"]),
        ("hw does the spiral start", "link", ["spiral"]),
        ("hostomel, wat happened there", "define", ["russia_war_failures"]),
        ("Could you elaborate on what is meant by 'the limits of knowledge'?", "define", ["limits_of_knowledge"]),
        ("Through what mechanism does social learning operate?", "link", ["social_learning"]),
        (
            "Morgenthau think what about human nature? I mix him with Herz",
            "define",
            ["morgenthau", "human_nature"],
        ),
    ],
)
def test_learner_questions_are_recognised_with_what_they_ask_about(checker, line, asks, topics):
    a = checker.assess("no_choice", line)
    assert a.act.kind == "question" and a.act.question.asks == asks
    assert list(a.act.question.topics) == topics
    assert not a.expectations and not a.misconceptions  # a question is never graded


def test_a_term_with_a_question_mark_that_makes_the_point_is_a_tentative_answer(checker):
    a = checker.assess("self_limitation", "restraint?")
    assert a.act.kind == "answer" and "prudence_restraint" in a.expectations
    a = checker.assess(
        "critique", "Great news for invaders! Iraq 2003? The US just felt insecure, so nothing is reckless."
    )
    assert a.act.kind == "answer"  # a term with "?" inside an answer is part of the answer


def test_a_guess_put_as_a_gloss_is_an_answer(checker):
    a = checker.assess(
        "social_constellation", "a constellation is stars, so maybe it means states grouped in alliances?"
    )
    assert a.act.kind == "answer" and a.verdict == "irrelevant"


def test_a_gloss_put_as_a_question_that_makes_the_point_is_graded(checker):
    a = checker.assess("tragedy_link", "so tragedy is basically what reckless choices bring about?")
    assert a.act.kind == "answer" and "reckless_tragic" in a.expectations
    a = checker.assess("tragedy_link", "so tragedy is basically what reckless choices bring about.")
    assert a.act.kind == "answer"  # without its "?" a gloss states


def test_a_short_statement_with_a_question_word_inside_it_is_graded(checker):
    a = checker.assess("tragedy_link", "tragedy means what was always going to happen.")
    assert a.act.kind == "answer" and a.misconceptions == ("tragedy_as_fate",)
    assert checker.assess("tragedy_link", "hubris means what exactly").act.kind == "question"


@pytest.mark.parametrize(
    "line",
    [
        "why does ignoring uncertainty lead to tragedy?",  # names the point, but asks about it
        "what is realist liberalism? I don't get it",
    ],
)
def test_a_question_that_names_a_point_is_not_credited_with_it(checker, line):
    for question in ("self_limitation", "herz_programme", "tragedy_link"):
        a = checker.assess(question, line)
        assert a.verdict == "non_domain" and not a.expectations


@pytest.mark.parametrize(
    "line",
    [
        "why essay say Russia choose",  # the auxiliary dropped, a point named inside
        "why Russia have choice if NATO expand",
        "how essay define security dilemma",
        "where in essay it say that",
        "what the essay call tragedy",
    ],
)
def test_a_question_in_broken_english_asks_without_its_auxiliary(checker, line):
    a = checker.assess("no_choice", line)
    assert a.act.kind == "question" and a.verdict == "non_domain" and not a.expectations


def test_numbered_items_in_one_line_are_read_apart(checker):
    a = checker.assess(
        "social_constellation", '1) holding off on the blank 2) what is "Realist Liberalism", in one line?'
    )
    assert a.act.kind == "question" and a.act.question.topics == ("realist_liberalism",)
    a = checker.assess("no_choice", "two points: 1) states choose how to read others 2) the reading is up to them")
    assert a.act.kind == "answer" and "states_choose_interpretation" in a.expectations


def test_a_bare_question_naming_nothing_goes_with_the_question_before_it(checker):
    a = checker.assess("self_limitation", "how many soldiers Russia lose in this war? essay give number?")
    assert a.act.kind == "question" and a.verdict == "non_domain"


@pytest.mark.parametrize(
    "line",
    [
        "what they mean is that russia chose",  # a bare verb after a plural subject is good English
        "why not, it could have chosen",
        "why? because it chose",  # a lone "why" answered at once
    ],
)
def test_statements_opening_with_a_question_word_are_still_graded(checker, line):
    a = checker.assess("no_choice", line)
    assert a.act.kind == "answer" and "states_choose_interpretation" in a.expectations


@pytest.mark.parametrize(
    "line, question, covers",
    [
        ("isn't it that Russia chose to see NATO as a threat?", "no_choice", "states_choose_interpretation"),
        (
            "Is it because states interpret some actions as threats and others as harmless?",
            "interpretation",
            "interpretation_decides",
        ),
        (
            "Because leaders who ignore uncertainty make reckless choices?",
            "tragedy_link",
            "ignoring_uncertainty_reckless",
        ),
    ],
)
def test_answers_phrased_as_questions_are_graded(checker, line, question, covers):
    a = checker.assess(question, line)
    assert a.act.kind == "answer" and covers in a.expectations


@pytest.mark.parametrize(
    "line",
    [
        "Without choice there would be no dilemma. But what is anarchy?",
        "without choice there would be no dilemma - also what's anarchy?",  # asked in the answer's last clause
        "without choice there would be no dilemma - is that the same as anarchy?",
    ],
)
def test_a_line_that_answers_and_asks_is_graded_and_keeps_its_question(checker, line):
    a = checker.assess("no_choice", line)
    assert a.act.kind == "answer" and "no_choice_no_dilemma" in a.expectations
    assert a.act.question is not None and a.act.question.topics == ("anarchy",)


def test_a_request_to_explain_after_an_answer_asks_about_what_the_answer_named(checker):
    a = checker.assess(
        "walt_definition", "Universities count as security policy now? Go on then, explain how that works."
    )
    assert a.act.question is not None and a.act.question.topics == ("everyday_security",)


@pytest.mark.parametrize(
    "line",
    [
        "they had no choice fr... wait nvm, they chose to see nato as a threat",
        "They were forced to. No, I withdraw that: they chose to read NATO as a threat.",
    ],
)
def test_what_a_learner_takes_back_is_not_graded(checker, line):
    a = checker.assess("no_choice", line)
    assert "states_choose_interpretation" in a.expectations and not a.misconceptions


def test_texting_shorthand_is_read(checker):
    assert checker.assess("tragedy_link", "nxt one pls, skip").act.do == "skip"  # "next one please, skip"
    # "doesnt matter" sets aside who decides; it does not deny the fate that follows
    assert (
        "tragedy_as_fate"
        in checker.assess("tragedy_link", "doesnt matter who decides what, destiny wins").misconceptions
    )


def test_a_clause_of_courtesy_lets_a_question_open_only_right_after_it(checker):
    a = checker.assess("no_choice", "sorry, russia had no choice, but what does the essay say?")
    assert a.act.kind == "answer" and "no_choice" in a.misconceptions


@pytest.mark.parametrize(
    "question, line, covers, topics",
    [
        # without its mark
        (
            "walt_definition",
            "most steps scare nobody so the definition is too broad btw what does spiral mean",
            "range_too_broad",
            ("spiral",),
        ),
        # after a remark's name and its colon
        (
            "self_limitation",
            "States cannot know the effects in advance, so prudence. Side question: does the essay discuss Taiwan?",
            "uncertainty_effects",
            ("china_taiwan",),
        ),
    ],
)
def test_a_question_after_an_answer_is_answered_and_the_answer_graded(checker, question, line, covers, topics):
    a = checker.assess(question, line)
    assert a.act.kind == "answer" and covers in a.expectations
    assert a.act.question is not None and a.act.question.topics == topics


def test_a_question_a_condition_leads_to_reasons_rather_than_asks(checker):
    a = checker.assess("no_choice", "If there is no choice, then where is the dilemma?")
    assert a.act.kind == "answer" and "no_choice_no_dilemma" in a.expectations


@pytest.mark.parametrize(
    "line, kind, do",
    [
        ("I'm lost", "metacognitive", "rephrase"),
        ("i don't know", "metacognitive", "help"),
        ("I disagree", "insistence", "insist"),
        ("That's just your opinion.", "insistence", "insist"),
        ("With respect, I don't think you've addressed my point.", "insistence", "insist"),
        ("nah im not buying it", "insistence", "insist"),
        ("the essay is biased", "insistence", "insist"),
        ("hint please", "request", "hint"),
        ("sorry, what was the question again", "request", "repeat"),
        ("hello", "social", "acknowledge"),
        ("this app is so boring", "chatter", "acknowledge"),
        ("repeat", "request", "repeat"),
        ("no clue, what's the word?", "request", "reveal"),
        ("ok what else did i miss?", "request", "hint"),
        ("Russia has repeatedly threatened its neighbours over the last decade.", "answer", "grade"),  # not "repeat"
        ("Nice try, but a rhetorical question isn't a rebuttal.", "insistence", "insist"),  # pushing back only
        ("I concede nothing.", "insistence", "insist"),
        ("I don't think your question engages with my point.", "insistence", "insist"),
        ("Dear tutor, I must stand by my view. Yours faithfully", "insistence", "insist"),
        ("Sorry, I zoned out. Run that by me again?", "request", "repeat"),
        ("I would rather set this one aside and go on to the next, if that is agreeable to you.", "request", "skip"),
        ("ok what's my score so far?", "request", "progress"),
        ("Why only part of it? What did I miss?", "request", "why"),
        ("how come? explain why", "request", "why"),  # two short requests are no fragments of a question
        ("Might you offer a small clue? I am rather lost in this.", "request", "hint"),  # not a question of its own
        ("pardon, tu peux répéter la question?", "request", "repeat"),
        ("how am I doing", "request", "progress"),
        ("dunno, i still think im right", "insistence", "insist"),  # holding a view outweighs not knowing
        ("With all due respect, I still see it my way.", "insistence", "insist"),
        ("no, I'll stick to my answer", "insistence", "insist"),  # the no holds on; it answers nothing
        ("Sorry, I am not agree with you.", "insistence", "insist"),
        ("You have not moved me at all, I'm afraid.", "insistence", "insist"),
        ("I still prefer my own version, sorry", "insistence", "insist"),
        ("i dont know, hint pls", "request", "hint"),
        ("Honestly I'm no less sure than I was.", "insistence", "insist"),  # litotes
        (
            "I hear what you are saying, but I remain unconvinced, I am afraid, and that is where I stand for now.",
            "insistence",
            "insist",
        ),
    ],
)
def test_other_acts_are_recognised_with_their_handling(checker, line, kind, do):
    a = checker.assess("no_choice", line)
    assert (a.act.kind, a.act.do) == (kind, do)


@pytest.mark.parametrize(
    "line, do",
    [
        ("could you say again the question please, I forget it", "repeat"),  # the longer cue, not "I forget"
        ("Repeat the question, please. I would like to be sure of what you ask before I accept any of it.", "repeat"),
        ("Might I ask, so that I can follow, why you graded it the way you did?", "why"),  # a polite frame
        ("Would you be so good as to give me a little hint, if it is not too much trouble?", "hint"),
        ("What is the tally at this point - how many did I get right?", "progress"),  # the question names nothing
        ("how much points i have", "progress"),
        ("If it is all the same to you, I would rather leave this one for now.", "skip"),
        ("ok then - skip to the next one", "skip"),
        ("hmm, why exactly was that one wrong?", "why"),  # the question names nothing: it asks about the verdict
        ("why did i get that verdict", "why"),
        ("can u say it again", "repeat"),
        ("Dear tutor, may I trouble you for a small hint? Best wishes", "hint"),  # the courtesies only accompany it
        ("That verdict, though - what made it so?", "why"),  # a question that names nothing, after the request
        ("Why did that one count as right?", "why"),
        ("and why do you say mine is wrong?", "why"),
        ("I think - unless you would rather I carried on - that I would prefer to leave this one now.", "skip"),
        ("I'm not doing too badly, am I?", "progress"),
    ],
)
def test_requests_are_heard_in_long_polite_or_broken_lines(checker, line, do):
    a = checker.assess("no_choice", line)
    assert (a.act.kind, a.act.do) == ("request", do)


def test_an_insistence_with_content_is_graded(checker):
    a = checker.assess("no_choice", "I still think Russia had no choice.")
    assert a.act.kind == "insistence" and a.act.graded and a.misconceptions == ("no_choice",)


def test_that_is_why_in_a_statement_does_not_make_a_question(checker):
    a = checker.assess("no_choice", "Russia chose how to read NATO, and that is why the choice is Russia's.")
    assert a.act.kind == "answer" and "states_choose_interpretation" in a.expectations


@pytest.mark.parametrize(
    "line, misconceptions",
    [
        ("no", ["no_choice"]),  # a bare wrong reply holds the misconception
        ("no i think russia had no choise, nato forced it", ["no_choice"]),  # the leading no negates nothing
        ("nah, they had no choice. nato pushed them into it", ["no_choice"]),
        ("Yes: it chose to read NATO's expansion as a threat.", []),
        ("yes", []),
        ("No choice at all, they were forced.", ["no_choice"]),  # "no choice" is not a reply
    ],
)
def test_a_leading_yes_or_no_answers_the_yes_no_question(checker, line, misconceptions):
    assert list(checker.assess("no_choice", line).misconceptions) == misconceptions


@pytest.mark.parametrize(
    "line, expectations",
    [
        ("yes", ["states_choose_interpretation"]),  # "did Russia have a choice?" "yes": it had one
        ("I suppose so", ["states_choose_interpretation"]),
        ("Yes - otherwise it wouldn't be a dilemma.", ["no_choice_no_dilemma"]),  # graded on its reason alone
    ],
)
def test_a_bare_right_yes_makes_the_point_the_question_says_it_serves(checker, line, expectations):
    a = checker.assess("no_choice", line)
    assert (a.verdict, list(a.expectations)) == ("partial", expectations)


@pytest.mark.parametrize(
    "line", ["Sure, in theory leaders have options, but Russia was cornered and had to invade.", "yes and no"]
)
def test_a_yes_that_concedes_or_is_taken_back_makes_no_point(checker, line):
    assert not checker.assess("no_choice", line).expectations


@pytest.mark.parametrize(
    "line, bare",
    [
        ("i guess so", "yes"),
        ("I suppose so", "yes"),
        ("probably", "yes"),
        ("I'd say no", "no"),
        ("uh huh", "yes"),
        ("not a chance, things always surprise you", "no"),
        ("for sure", "yes"),
        ("of course it didn't", "no"),  # the agreeing word stresses a clause that says no
        ("ya it did", "yes"),
        ("lol no", "no"),  # after a filler
        ("nah obvs not", "no"),
        ("definitely they could not", "no"),
        ("Obviously not.", "no"),
        ("definitely not", "no"),  # not a question about a definition (the two share a stem)
        ("I rather doubt it.", "no"),
        ("I should think so.", "yes"),
    ],
)
def test_a_hedged_yes_or_no_is_read_as_the_bare_one(checker, line, bare):
    plain = checker.assess("no_choice", bare)
    hedged = checker.assess("no_choice", line)
    assert (hedged.verdict, hedged.expectations, hedged.misconceptions) == (
        plain.verdict,
        plain.expectations,
        plain.misconceptions,
    )
    assert hedged.verdict != "non_domain"


@pytest.mark.parametrize(
    "typed, credited",
    [
        ("laww", True),
        ("international laaw", True),
        ("lawn", False),
        ("claw", False),
        ("war", False),
        ("not laww", False),
    ],
)
def test_a_blanks_short_word_typed_with_a_key_held_down_is_credited(checker, typed, credited):
    blank = Expected(blank="Herz still valued international ___.", answers=("law",), serves="limits_not_inaction")
    a = checker.assess("herz_programme", typed, blank)
    assert ("limits_not_inaction" in a.expectations) == credited


@pytest.mark.parametrize("typed, credited", [("No dilemma.", True), ("dilemma", True), ("no, not dilemma", False)])
def test_a_blanks_own_no_repeated_before_the_word_negates_nothing(checker, typed, credited):
    blank = Expected(
        blank="Without a choice there would be no ___.", answers=("dilemma",), serves="no_choice_no_dilemma"
    )
    assert ("no_choice_no_dilemma" in checker.assess("no_choice", typed, blank).expectations) == credited


@pytest.mark.parametrize(
    "typed, credited",
    [
        ("dilemma, maybe?", True),  # a guess, not a refusal to commit
        ("is it dilemma", True),
        ("would it be a dilemma?", True),
        ("thanks for the nudge - dilemma", True),
        ("what does dilemma mean?", False),  # a question about the word still asks
        ("where does the dilemma come in?", False),  # as does one opening with a question word
        ("dilemma - and why is that the word the essay uses?", True),  # the word said, then another question
        ("Terminological query: is 'dilemma' meant in the everyday sense, or something narrower?", False),  # which?
    ],
)
def test_a_guess_at_a_waiting_blank_fills_it(checker, typed, credited):
    blank = Expected(
        blank="Without a choice there would be no ___.", answers=("dilemma",), serves="no_choice_no_dilemma"
    )
    assert ("no_choice_no_dilemma" in checker.assess("no_choice", typed, blank).expectations) == credited


@pytest.mark.parametrize(
    "line",
    ["nah fr, schools count too", "never lol, nobody can see the future", "Dear tutor, I should think not. Regards"],
)
def test_a_no_that_is_no_determiner_answers_before_any_word(checker, line):
    assert checker.acts.leading_reply(checker.reader.read(line).sentences[0])[0] == "no"


def test_yeah_no_is_neither_yes_nor_no(checker):
    assert checker.assess("no_choice", "yeah no").reply is None


def test_sure_answers_a_waiting_yes_no_question_rather_than_thanking(checker):
    a = checker.assess("no_choice", "for sure")
    assert a.act.kind == "answer" and a.reply == "right"


def test_a_completion_of_the_blank_covers_the_point_it_serves_and_no_misconception(checker):
    blank = Expected(
        blank="Awareness of limits should chasten action, not lead to cynicism or ___.",
        answers=("inaction", "passivity"),
        serves="limits_not_inaction",
    )
    a = checker.assess("herz_programme", "inaction", blank)
    assert a.reply == "right" and a.expectations == ("limits_not_inaction",) and not a.misconceptions
    reckless = Expected(
        blank="Actors who ignore uncertainty make ___ choices.",
        answers=("reckless",),
        serves="ignoring_uncertainty_reckless",
    )
    assert checker.assess("tragedy_link", "reckless", reckless).expectations == ("ignoring_uncertainty_reckless",)
    assert not checker.assess("tragedy_link", "not reckless", reckless).expectations  # a denied word is no completion
    assert checker.assess("herz_programme", "inaction", Expected()).expectations == ()  # without the move: nothing


def test_a_right_yes_no_reply_to_a_hint_covers_its_point(checker):
    hint = Expected(yes_no="no", serves="range_too_broad")
    assert checker.assess("walt_definition", "no", hint).expectations == ("range_too_broad",)
    wrong = checker.assess("walt_definition", "yes", hint)
    assert wrong.reply == "wrong" and not wrong.expectations


@pytest.mark.parametrize(
    "line, kind",
    [
        ("what did Mearsheimer say about Putin?", "question"),  # any other question of the learner's
        ("does Herz support accommodation?", "question"),
        (
            "Is Putin a master strategist? That's Mearsheimer's view, not the author's.",
            "answer",
        ),  # asks itself, answers
        ("Do states choose how to interpret what others do?", "answer"),  # a tentative answer: it makes the point
        ("didn't Herz care about international law?", "question"),  # negative, but no point of this question
        ("Didn't Russia choose to read NATO as a threat?", "answer"),  # negative, and it makes the point
        ("can you give me a hint?", "request"),
    ],
)
def test_other_questions_are_the_learners_unless_they_answer(checker, line, kind):
    assert checker.assess("no_choice", line).act.kind == kind


@pytest.mark.parametrize(
    "line, misconceptions, expectations",
    [
        ("Knowing your limits means not acting. Period.", ("limits_mean_inaction",), ()),
        ("states should not act recklessly, they should be prudent", (), ("prudence_restraint",)),  # a manner
        ("it means not acting rashly but with care", (), ("prudence_restraint",)),
        ("self-limitation means you should not act at all", ("limits_mean_inaction",), ()),
    ],
)
def test_not_acting_is_inaction_unless_a_manner_of_acting_follows(checker, line, misconceptions, expectations):
    a = checker.assess("self_limitation", line)
    assert a.misconceptions == misconceptions and set(expectations) <= set(a.expectations)


@pytest.mark.parametrize(
    "line, asks, topics",
    [
        (
            "If you would allow me a small digression, does the essay say anything about Koestler?",
            "other",
            ("koestler",),
        ),
        ("with all due respect, who was Morgenthau?", "who", ("morgenthau",)),  # an if- or with-clause of courtesy
        ("where in the essay does it say that Russia chose?", "other", ("choice",)),
        ("self-limitation - what does it mean in practice?", "define", ("self_limitation",)),  # "it": the term before
        ("spiral - which example does the essay give?", "other", ("spiral",)),
        ("not answering yet: anarchy - what is it exactly?", "define", ("anarchy",)),  # the line says it is no answer
        ("ok hold on before i answer, who even is morgenthau", "other", ("morgenthau",)),  # saying so asks nothing
        ("It may be a bit off topic, but does the essay mention the Cold War?", "other", ("cold_war",)),
        ("does this essay talk about the Korean War anywhere?", "other", ("other_conflicts",)),
        ("I want to ask: the essay says something about Vietnam?", "other", ("other_conflicts",)),
        ("before I fill that in, who exactly was Morgenthau?", "who", ("morgenthau",)),
    ],
)
def test_questions_after_a_courtesy_a_term_or_a_deferral_are_asked(checker, line, asks, topics):
    a = checker.assess("self_limitation", line)
    assert a.act.kind == "question" and a.act.question.asks == asks and a.act.question.topics[: len(topics)] == topics


def test_a_question_who_after_an_answer_is_split_from_it(checker):
    a = checker.assess(
        "walt_definition",
        "Walt's definition is too broad, most security moves scare nobody - by the way: who coined it?",
    )
    assert "range_too_broad" in a.expectations and a.act.question is not None and a.act.question.asks == "said"


def test_oh_before_no_says_no_but_before_sure_mocks(checker):
    read = checker.reader.read
    assert checker.acts.leading_reply(read("oh, not at all - it is a reason for care").sentences[0])[0] == "no"
    assert checker.acts.leading_reply(read("oh sure, of course").sentences[0])[0] is None


@pytest.mark.parametrize(
    "line, asks, topic",
    [
        ("you keep on saying 'prudence' - what does it mean?", "define", "prudence_restraint"),  # a quote is a mention
        ('"natural and necessary": whose phrase is that?', "said", "natural_and_necessary"),
        ("what does the essay mean by 'convenient amputations'?", "define", "convenient_amputations"),
    ],
)
def test_a_question_about_quoted_words_asks_about_them(checker, line, asks, topic):
    a = checker.assess("critique", line)
    assert a.act.kind == "question" and a.act.question.asks == asks and topic in a.act.question.topics


@pytest.mark.parametrize(
    "line, do",
    [
        ("I tried to work this one out on the bus but I honestly have no idea what the objection is. Next.", "skip"),
        (
            "I have a terrible headache and the screen is making it worse, I read the essay twice but nothing stuck. "
            "Could we do this one tomorrow instead?",
            "acknowledge",
        ),
        (
            "my flatmates kept me up all night with a party and I am useless today, so I will log off and "
            "come back to this later",
            "acknowledge",
        ),
    ],
)
def test_a_long_line_that_makes_no_point_is_heard_as_its_request(checker, line, do):
    a = checker.assess("walt_definition", line)
    assert a.act.kind == "request" and a.act.do == do and a.verdict == "non_domain"


def test_yes_and_no_both_offered_say_neither(checker):
    a = checker.assess("no_choice", "Yes? No? I really have no idea, sorry.")
    assert a.verdict == "non_domain" and not a.expectations


@pytest.mark.parametrize(
    "line, held",
    [
        ("My tutor said people are just power-hungry by nature. Honestly, I think he was right.", True),
        ("My tutor said people are just power-hungry by nature. I am not convinced.", False),
        ("My tutor said people are just power-hungry by nature.", False),
    ],
)
def test_a_view_reported_is_taken_up_by_agreement_in_the_next_sentence(checker, line, held):
    a = checker.assess("social_constellation", line)
    assert ("human_nature_root" in a.misconceptions) == held


@pytest.mark.parametrize(
    "line, right",
    [
        ("no cuz they still act, only more carefully", True),  # a spelling of "because" after the no
        ("no lol they still act", True),
        ("I would not say they stop acting at all, no.", True),  # a no closing a negative statement
        ("'stop'? no - they go on acting, with care", True),  # past the tutor's word echoed as a question
        ("'acting'? 'altogether'? yes, they stop entirely", False),
        ("it is about acting with care, no?", None),  # a tag asking for agreement: no reply
    ],
)
def test_a_yes_or_no_reply_is_found_past_echoes_and_at_a_negative_statements_end(checker, line, right):
    expected = Expected(yes_no="no", wrong_holds="limits_mean_inaction", serves="limits_not_inaction")
    a = checker.assess("herz_programme", line, expected)
    assert a.reply is None if right is None else a.reply == ("right" if right else "wrong")


@pytest.mark.parametrize(
    "line, topic",
    [
        ("so did morgenthau rate human nature or nah", "morgenthau"),  # texting's question mark, no question word
        ("there's no word for 'hubris' where I'm from. what is it?", "hubris"),  # a word mentioned, not used
        ("why do they call the consequences 'perverse'? perverse is a bad word, no?", "unintended_consequences"),
        ("wdym when u say social constellation", "social_constellation"),
    ],
)
def test_questions_about_words_and_texted_questions_are_asked(checker, line, topic):
    a = checker.assess("social_constellation", line)
    assert a.act.kind == "question" and topic in a.act.question.topics and a.verdict == "non_domain"


def test_a_formal_skip_and_a_hedged_yes_are_heard(checker):
    line = "I should prefer to leave this one, if it is all the same to you, and proceed to the next question."
    assert checker.assess("no_choice", line).act.do == "skip"
    expected = Expected(yes_no="no", wrong_holds="limits_mean_inaction", serves="limits_not_inaction")
    assert checker.assess("herz_programme", "i mean yeah sorta", expected).reply == "wrong"


def test_fragments_between_slashes_are_read_apart_but_alternatives_are_not(checker):
    a = checker.assess("social_constellation", "walt / mearsheimer / difference")
    assert a.act.kind == "question" and a.act.question.topics == ("walt", "mearsheimer")
    a = checker.assess("no_choice", "states choose / interpret how to read the threat")
    assert a.act.kind == "answer" and "states_choose_interpretation" in a.expectations


@pytest.mark.parametrize(
    "line, asks, topic",
    [
        ("Hubris. Define it, please - the essay's sense.", "define", "hubris"),  # a term said, then asked about
        ("Crimea. Background, briefly.", "define", "russia_record"),  # curt fragments
        ("Suez, 1956. In scope of the essay?", "define", "other_conflicts"),  # a case the essay does not discuss
        (
            "I will answer in a moment - though first, if I may, who was it that the essay calls Sylvest? - "
            "because the name is new to me",
            "other",
            "sylvest",
        ),  # a question set between dashes in a long sentence
    ],
)
def test_curt_and_parenthetical_questions_are_asked(checker, line, asks, topic):
    a = checker.assess("no_choice", line)
    assert a.act.kind == "question" and topic in a.act.question.topics and a.verdict == "non_domain"


def test_a_lone_term_is_a_point_when_another_sentence_also_makes_one(checker):
    a = checker.assess("herz_programme", "Modesty. Leaders must know, what is realisable.")
    assert a.act.kind == "answer" and a.expectations


def test_a_bare_list_of_the_essays_terms_earns_nothing(checker):
    a = checker.assess("self_limitation", "anarchy, survival, uncertainty, prudence, restraint, tragedy")
    assert a.verdict == "irrelevant" and not a.expectations and not a.misconceptions


def test_a_dismissive_question_closing_a_statement_leaves_it_asserted(checker):
    a = checker.assess("no_choice", "The West cornered them, it had no other option, so what is there to debate?")
    assert a.act.kind == "answer" and a.misconceptions == ("no_choice",)
