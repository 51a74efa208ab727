"""The understanding stage as a learner meets it: what an answer is taken to claim, and whether
the learner holds that claim, reports someone else's, or denies it."""

import pytest

from tutor.text.normalise import normalise
from tutor.text.tokens import Speller


@pytest.fixture(scope="module")
def reader(checker):
    return checker.reader  # the session checker's: building another costs most of a second


def claims(reader, text):
    """{claim: {(polarity, stance), ...}} for every claim read in the text."""
    out = {}
    for m in reader.read(text).matches:
        out.setdefault(m.claim, set()).add((m.polarity, m.stance))
    return out


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Russia didn\u2019t have a CHOICE!", "russia did not have a choice!"),
        ("it wasnt inevitable, they cant say that", "it was not inevitable, they can not say that"),
        ("ignoring uncertainty -> reckless choices", "ignoring uncertainty leads to reckless choices"),
        ("no choice = no dilemma", "no choice means no dilemma"),
        ("ignore uncertainty \u2192 reckless \u27f6 tragic", "ignore uncertainty leads to reckless leads to tragic"),
        ("self-limit \u2260 passivity", "self limit is not passivity"),  # not "=", as folding would leave it
        ("in the end it is human nature", "ultimately it is human nature"),  # an idiom, not "end it"
        ("States read each other.", "states read one another."),  # not "each" (every) state
        ("Herz cared about law", "herz valued law"),  # not care as in prudence ("careful")
        ("Herz\u2019s point \U0001f914 \x1b[31mred\x1b[0m", "herz point . red"),  # a face ends what it follows
        ("self-limitation \u2014 prudence", "self limitation , prudence"),
        ("un-intended results", "unintended results"),  # a prefix, not a word of its own
        ("he wouldn't of wanted that", "he would not have wanted that"),  # "of" written for "have"
        ("they could of course refuse", "they could of course refuse"),  # but not in "of course"
        ("any leader wouldve done the same", "any leader would have done the same"),  # the apostrophe dropped
        ("security-wise it was fine", "as for security it was fine"),  # not a "wise" policy
        ("all moves without exception alarm", "all moves invariably alarm"),  # not a negation
        # an if-clause without its "if"; but "had" as a plain verb stays
        ("Were it true that X, then Y.", "if were it true that x, then y."),
        ("Russia had the choice, and it chose.", "russia had the choice, and it chose."),
        ("the 'realists don't bend' line", "the { realists do not bend } line"),  # an apostrophe inside a quote
    ],
)
def test_normalisation_folds_case_quotes_contractions_and_symbols(raw, expected):
    assert normalise(raw) == expected


def test_a_plain_no_choice_claim_is_endorsed(reader):
    assert ("affirmed", "own") in claims(reader, "Russia had no choice but to invade")["no_choice"]


@pytest.mark.parametrize(
    "answer",
    [
        "Russia wasn't without options.",
        "It's not true that Russia had no option.",
        "The author doesn't accept that the war was natural and necessary.",
    ],
)
def test_negation_rejects_the_claim(reader, answer):
    assert claims(reader, answer)["no_choice"] == {("negated", "own")}


@pytest.mark.parametrize(
    "answer, claim",
    [
        ("I wouldn't say Russia couldn't have done otherwise.", "no_choice"),
        ("It's not the case that the dilemma can't be escaped.", "dilemma_permanent"),
    ],
)
def test_double_negation_cancels(reader, answer, claim):
    # "couldn't have done otherwise" is itself the no-choice claim; the outer negation denies it.
    assert claims(reader, answer)[claim] == {("negated", "own")}


def test_each_negated_conjunct_is_negated_once(reader):
    # "not A and not B" denies both: B's own "not" is not a second negation of it
    assert claims(reader, "Not cynicism and not passivity.")["inaction_counselled"] == {("negated", "own")}


def test_double_negation_can_affirm(reader):
    found = claims(reader, "It's hard to say Putin wasn't overconfident.")
    assert found["russia_overconfident"] == {("affirmed", "own")}


@pytest.mark.parametrize(
    "answer",
    [
        "Walt says Russia had no choice.",
        "According to Mearsheimer, Russia was forced to invade.",
        "Walt and Mearsheimer talk as if Russia simply had to respond.",
        "One member of our group said Russia had no choice.",
        "Some of my classmates took that to mean Russia had no choice.",
        "The podcast I listen to said Russia had no choice.",
        "Walt's is a theory that says Russia had no choice.",
    ],
)
def test_reporting_a_view_does_not_endorse_it(reader, answer):
    assert all(stance != "own" for _, stance in claims(reader, answer)["no_choice"])


@pytest.mark.parametrize(
    "answer",
    [
        "As Mearsheimer rightly shows, Russia was forced to act once Ukraine started drifting West.",
        "Walt is right that Russia had no alternative.",
    ],
)
def test_reporting_with_approval_endorses(reader, answer):
    assert ("affirmed", "own") in claims(reader, answer)["no_choice"]


@pytest.mark.parametrize(
    "answer",
    [
        "My uncle says Russia had no choice, and honestly he is right.",
        "A classmate says Russia had no choice and I agree with her.",
        "A pundit on TV said Russia had no choice, and I'd say the author thinks so too.",
    ],
)
def test_agreeing_after_a_report_takes_it_up(reader, answer):
    assert ("affirmed", "own") in claims(reader, answer)["no_choice"]


def test_citing_what_someone_showed_endorses_it(reader):
    found = claims(reader, "Jervis showed long ago that whatever you do to defend yourself appears aggressive.")
    assert ("affirmed", "own") in found["every_step_alarms"]


def test_an_opening_no_answers_the_question_and_does_not_deny_what_follows(reader):
    assert ("affirmed", "own") in claims(reader, "no it says america and europe messed up too")["west_erred"]


def test_a_report_inside_a_report_stays_reported(reader):
    found = claims(reader, "Some people think the essay says the West was blameless.")
    assert found["west_blameless"] == {("affirmed", "reported")}


def test_a_contrast_ends_the_reported_view(reader):
    found = claims(reader, "Walt says Russia had no choice, but Moscow chose to read NATO as a threat.")
    assert ("affirmed", "own") in found["chose_interpretation"]
    assert ("affirmed", "own") not in found["no_choice"]


@pytest.mark.parametrize(
    "answer",
    [
        "Reckless leaders behave as though the outcome were predetermined.",
        "Mearsheimer's 'tragedy' is that the structure forces states to compete.",
    ],
)
def test_describing_someone_elses_stance_does_not_adopt_it(reader, answer):
    assert all(stance != "own" for _, stance in claims(reader, answer)["tragedy_fated"])


@pytest.mark.parametrize(
    "answer",
    [
        "is the essay saying that Russia had no choice, or not?",
        "did Russia have no choice or was that just Putin's line?",
        "does the essay say that Russia had no choice?",
        "did Mearsheimer really claim that Russia had no choice?",  # whoever is asked about
    ],
)
def test_a_question_that_asks_claims_nothing(reader, answer):
    assert claims(reader, answer) == {}


@pytest.mark.parametrize(
    "answer, claim",
    [
        ("is it whether the other side reads it as a threat or not?", "interpretation_matters"),
        ("is it fair to say that Russia had no choice?", "no_choice"),  # the learner's own, put forward
        ("would you say Russia had no choice?", "no_choice"),
    ],
)
def test_a_question_that_offers_an_answer_still_claims_it(reader, answer, claim):
    assert ("affirmed", "hypothetical") in claims(reader, answer)[claim]


def test_a_statement_with_a_loose_tag_is_a_statement(reader):
    assert claims(reader, "russia had no choice, that's the whole point no?")["no_choice"] == {("affirmed", "own")}
    assert claims(reader, "Is the answer that Russia had no choice?")["no_choice"] == {("affirmed", "hypothetical")}


@pytest.mark.parametrize(
    "answer, claim",
    [
        ("probably that they should not try to change anything?", "inaction_counselled"),
        ("I think it says the West behaved impeccably?", "west_blameless"),
    ],
)
def test_a_hedged_guess_with_a_question_mark_is_put_forward(reader, answer, claim):
    assert ("affirmed", "own") in claims(reader, answer)[claim]


def test_of_two_claims_that_exclude_each_other_the_one_holding_the_other_stands(reader):
    # "not do anything" (passivity) lies inside "could not do anything else" (no choice)
    found = claims(reader, "russia could not do anything else")
    assert found["no_choice"] == {("affirmed", "own")} and "inaction_counselled" not in found


def test_a_quoted_label_taken_apart_is_not_the_learners_claim(reader):
    found = claims(reader, "The 'tragedy as destiny' frame falls apart because tragedies are authored.")
    assert found["tragedy_fated"] == {("affirmed", "reported")}
    # one word in scare quotes stays the learner's own
    assert claims(reader, "States do not 'read' anything, they just react.")["interpretation_irrelevant"] == {
        ("affirmed", "own")
    }


def test_what_a_learner_takes_back_is_not_read(reader):
    found = claims(reader, "Russia had no choice - sorry, I meant that Russia chose how to see NATO.")
    assert "no_choice" not in found and found["chose_interpretation"] == {("affirmed", "own")}


def test_mockery_does_not_endorse(reader):
    assert claims(reader, "Oh sure, Putin the chess grandmaster.")["putin_brilliant"] == {("affirmed", "reported")}


def test_a_supposition_is_not_a_belief(reader):
    found = claims(reader, "If every reaction is natural and necessary, nobody could be called reckless.")
    assert found["no_choice"] == {("affirmed", "hypothetical")}


@pytest.mark.parametrize(
    "typed, word",
    [
        ("mearshimer", "mearsheimer"),
        ("dilema", "dilemma"),
        ("hertz", "herz"),
        ("uncertanty", "uncertainty"),
        ("interpetation", "interpretation"),
    ],
)
def test_misspelt_domain_words_are_read_as_meant(reader, typed, word):
    tokens = reader.read(f"the {typed} point").sentences[0].tokens
    assert tokens[1].word == word and tokens[1].typed == typed


def test_short_real_words_are_not_corrected_into_domain_words(reader):
    words = [t.word for t in reader.read("greek plays and being honest").sentences[0].tokens]
    assert words == ["greek", "plays", "and", "being", "honest"]


@pytest.mark.parametrize("vocabulary", [["chose", "choice", "chosen"], ["choice", "chosen", "chose"]])
def test_a_typo_between_two_words_is_read_as_the_one_of_its_length(vocabulary):
    # whatever order the rule base lists its words in, "choise" is "choice", not "chose"
    assert Speller(set(vocabulary), {}).correct("choise") == ("choice",)


def test_typos_do_not_stop_grading(checker):
    a = checker.assess(
        "tragedy_link", "ignorng uncertanty -> reckless choices -> tragic consequenses. self limitation prevents it"
    )
    assert a.verdict == "correct"


def test_a_right_point_and_a_misconception_in_one_answer(checker):
    a = checker.assess(
        "no_choice",
        "The essay says states choose how to read each other. "
        "But honestly, Russia had no choice: NATO forced it to invade.",
    )
    assert a.verdict == "misconception"
    assert a.misconceptions == ("no_choice",)
    assert "states_choose_interpretation" in a.expectations


def test_learner_requests_are_recognised_not_graded(checker):
    assert checker.assess("no_choice", "can you give me a hint?").intent == "hint"
    assert checker.assess("no_choice", "sorry, what was the question again").intent == "repeat"
    assert checker.assess("no_choice", "idk").verdict == "non_domain"
    declined = checker.assess("russia_hubris", "I'm from Kyiv, I don't want to answer this one, sorry.")
    assert declined.intent == "decline" and declined.verdict == "non_domain"


@pytest.mark.parametrize(
    "answer",
    [
        "Funny how the 'Russia had no choice' crowd never applies that to Iraq.",
        "> Russia had no choice\nThat is what the essay takes apart.",
    ],
)
def test_quoted_words_are_mentioned_not_said(checker, answer):
    assert "no_choice" not in checker.assess("critique", answer).misconceptions


def test_a_quotation_that_glosses_is_the_learners_own(reader):
    found = claims(reader, "For him, self-limitation means 'do nothing at all'.")
    assert ("affirmed", "own") in found["inaction_counselled"]


@pytest.mark.parametrize(
    "answer",
    [
        "Didn't Russia choose to read NATO as a threat?",
        "Honestly, didn't Russia choose to read NATO as a threat?",
        "Sanctions aside, but didn't Russia choose to read NATO as a threat?",
    ],
)
def test_a_negative_question_asserts(reader, answer):
    found = claims(reader, answer)
    assert ("affirmed", "own") in found["chose_interpretation"]


@pytest.mark.parametrize(
    "answer",
    [
        "What else could Russia have done?",
        "What else was Moscow supposed to do, wait?",
        "Maybe Russia simply had no choice?",  # a guess offered as the answer
        "I side with Mearsheimer here, so maybe Russia simply had no choice?",  # the guess in a later clause
        "I guess Russia simply had no choice?",
    ],
)
def test_a_question_that_answers_itself_asserts(reader, answer):
    assert ("affirmed", "own") in claims(reader, answer)["no_choice"]


def test_not_because_denies_the_reason_it_names(reader):
    found = claims(reader, "Russia invaded not because the threat left it no alternative, but because it chose to.")
    assert ("affirmed", "own") not in found.get("no_choice", set())


def test_a_plain_question_does_not_assert(reader):
    found = claims(reader, "Was Russia forced to invade?")
    assert all(stance == "hypothetical" for _, stance in found["no_choice"])


def test_a_negated_object_denies_the_verb_before_it(reader):
    assert ("affirmed", "own") in claims(reader, "Most security moves scare nobody.")["most_steps_harmless"]


def test_a_speaker_label_reports_a_view(reader):
    found = claims(reader, "Mearsheimer: Russia had no choice. The essay: it chose how to read NATO.")
    assert found["no_choice"] == {("affirmed", "reported")}
    assert ("affirmed", "own") in found["chose_interpretation"]


def test_a_sentence_that_goes_on_with_then_is_read_with_the_one_before(reader):
    sentences = reader.read("Leaders ignore uncertainty and act recklessly. Then come tragic results.").sentences
    assert len(sentences) == 1


def test_a_longer_claim_rereads_the_words_of_a_shorter_one(reader):
    found = claims(reader, "No choice would mean no dilemma.")
    assert "no_choice" not in found and ("affirmed", "own") in found["choice_makes_dilemma"]


def test_a_denial_reaches_past_a_parenthetical(reader):
    found = claims(reader, "It is not true, the author says, that every security step unsettles the neighbours.")
    assert found["every_step_alarms"] == {("negated", "own")}


def test_a_rejection_after_a_denial_agrees_with_it(reader):
    found = claims(reader, "Not that leaders should never act - that's not it at all.")
    assert ("affirmed", "own") not in found["inaction_counselled"]


def test_a_frames_own_negation_does_not_deny_the_claim(reader):
    found = claims(reader, "None of that changes the fact that Russia had no choice.")
    assert ("affirmed", "own") in found["no_choice"]


def test_a_negation_that_ends_a_cue_negates_nothing_else(reader):
    found = claims(reader, "But this does not mean to do nothing or be cynical.")
    assert ("affirmed", "own") not in found["inaction_counselled"]


def test_a_report_inside_the_learners_own_frame_is_conceded_not_reported(reader):
    found = claims(
        reader, "Whatever Walt says about provocation, the essay's view is that NATO kept its cool the entire time."
    )
    assert found["west_blameless"] == {("affirmed", "own")}


def test_an_if_inside_the_learners_own_frame_supposes_nothing(reader):
    found = claims(reader, "If anyone showed prudence and restraint, it was the West.")
    assert found["prudence_counselled"] == {("affirmed", "own")}


@pytest.mark.parametrize(
    "answer, claim, reading",
    [
        ("It's a stretch to blame human nature here.", "human_nature_cause", ("negated", "own")),
        (
            "Herz did not think, like Morgenthau, that a lust for power dooms us.",
            "human_nature_cause",
            ("negated", "own"),
        ),
        ("There's no getting around the will to power in people.", "human_nature_cause", ("affirmed", "own")),
        ("They excuse Russia as just responding to insecurity.", "no_choice", ("affirmed", "reported")),
    ],
)
def test_idioms_of_denial_and_insistence(reader, answer, claim, reading):
    assert claims(reader, answer)[claim] == {reading}


def test_the_main_clause_after_an_if_clause_without_its_comma_is_asserted(reader):
    found = claims(reader, "if you know your limits there's no point trying")
    assert found["inaction_counselled"] == {("affirmed", "own")}
    assert found["know_own_limits"] == {("affirmed", "hypothetical")}
    found = claims(reader, "if it is true that they were forced to invade, critique collapses")
    assert ("affirmed", "hypothetical") in found["no_choice"]  # a that-clause stays in the supposition


def test_a_fixed_human_nature_is_not_a_denial_that_the_dilemma_is_human_nature(checker):
    a = checker.assess("social_constellation", "you can't change human nature, so no amount of learning will fix it")
    assert a.misconceptions == ("human_nature_root",) and not a.expectations


def test_answers_that_differ_only_in_a_claim_no_rule_tests_share_a_rule_run(checker):
    # A reported "prudence" claim is tested by no rule at no_choice: it leaves the run, and the verdict, as they were.
    plain = checker.assess("no_choice", "Russia chose to read NATO as a threat.")
    runs = checker._rules_fired.cache_info().misses
    padded = checker.assess("no_choice", "Russia chose to read NATO as a threat. Mearsheimer says prudence matters.")
    assert checker._rules_fired.cache_info().misses == runs
    assert (padded.verdict, padded.expectations) == (plain.verdict, plain.expectations)


@pytest.mark.parametrize(
    "question, answer, expectations, misconceptions",
    [
        # a tragedy bound to come only without restraint is the essay's link, not fate
        ("tragedy_link", "Without self-limitation, tragedy cannot be avoided.", ["limits_prevent"], []),
        ("tragedy_link", "Tragedy can't be avoided, whatever leaders do.", [], ["tragedy_as_fate"]),
        # siding with the realists on Russia's choice holds their view; siding with the essay against them does not
        ("no_choice", "I'm with Walt on this one.", [], ["no_choice"]),
        ("no_choice", "I side with the essay against Mearsheimer.", [], []),
        ("critique", "Unlike Walt, the essay is right about this.", [], []),
    ],
)
def test_conditions_and_sides_taken(checker, question, answer, expectations, misconceptions):
    a = checker.assess(question, answer)
    assert (list(a.expectations), list(a.misconceptions)) == (expectations, misconceptions)


@pytest.mark.parametrize(
    "question, answer, misconceptions",
    [
        # a question that answers itself, after a filler; and "why bother", unless the learner answers it
        ("no_choice", "honestly what else could russia have done with nato creeping closer?", ["no_choice"]),
        (
            "herz_programme",
            "if you know your limits, why bother with international law at all?",
            ["limits_mean_inaction"],
        ),
        ("herz_programme", "Why bother with international law? Because Herz valued it, limits and all.", []),
        ("tragedy_link", "Tragedy is what the gods hand you.", ["tragedy_as_fate"]),
        # a face ends the mockery it follows: what comes after is the learner's own
        ("no_choice", "oh sure, russia chose 🙄 it had no choice, nato forced it", ["no_choice"]),
        # a quotation glossing the learner's own summary is theirs
        (
            "herz_programme",
            "Herz's lesson is basically 'stay home and don't meddle', and that's right.",
            ["limits_mean_inaction"],
        ),
    ],
)
def test_rhetoric_faces_and_glosses(checker, question, answer, misconceptions):
    assert list(checker.assess(question, answer).misconceptions) == misconceptions
