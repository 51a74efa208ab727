"""The rule-base file format: one pydantic model for every file in `rules/`.

Every rules file is a `RulesFile`; each section is optional, and the loader merges
the sections of all files into one `RuleBase` (see rulebase.py). Ids are
snake_case; texts are the project's own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field

from tutor.content.base import Id, Strict
from tutor.content.relations import RELATION_WORDS


class Concept(Strict):
    name: str
    summary: str = Field(
        description="What the concept means, in the project's own words: the tutor's "
        "answer when a learner asks what it is."
    )
    requires: list[Id] = Field(
        default_factory=list, description="Concepts a learner should meet first (the learner model's order)."
    )
    quote: str = Field(
        "",
        max_length=120,
        description="The essay's short phrase the definition rests on (a few words, quoted with attribution).",
    )
    terms: list[str] = Field(
        default_factory=list,
        description=(
            "Cues that name the concept in a learner's question ('what does prudence mean?'); its name is always one."
        ),
    )


class Entry(Strict):
    """A person or a term of the essay that is not one of its concepts: what the tutor answers
    when a learner asks who or what it is."""

    name: str
    kind: Literal["person", "term", "outside"] = Field(
        "term", description="outside: a topic the essay does not discuss (the Cold War), named so the tutor can say so."
    )
    says: str = Field(description="Who or what it is, in the essay's terms and the project's own words.")
    quote: str = Field("", max_length=120, description="A short phrase of the essay, quoted with attribution.")
    terms: list[str] = Field(default_factory=list, description="Cues that name it; its name is always one.")


# The types are RELATION_WORDS' keys, so one list names them. mypy cannot read a Literal built at run
# time, so to it a relation's type is a str; pydantic checks the Literal.
if TYPE_CHECKING:
    RelationType = str
else:
    RelationType = Literal[tuple(RELATION_WORDS)]


class Relation(Strict):
    source: Id
    type: RelationType
    target: Id
    says: str = Field(description="One sentence that explains this link, used by `tutor why`.")


class Exemplified(Strict):
    """A point, mistake or claim with answers that show it: `tutor validate` grades each one, and
    `tutor suggest` proposes cues from those no cue matches yet."""

    examples: list[str] = Field(
        default_factory=list,
        description=(
            "Answers that make this point (or hold this misconception, or make this claim), in learners' words."
        ),
    )
    counterexamples: list[str] = Field(
        default_factory=list,
        description=("Answers that only mention, report, deny or question it: the tutor must not take them for it."),
    )


class Misconception(Exemplified):
    gloss: str = Field(description="The mistaken belief, as a learner might hold it.")
    correction: str = Field(description="What the essay holds instead, in the project's words.")
    concepts: list[Id] = Field(default_factory=list)


class Expectation(Exemplified):
    text: str = Field(description="The point a complete answer makes.")
    concepts: list[Id] = Field(default_factory=list)


class YesNo(Strict):
    """What a bare "yes" or "no" means as a reply to a yes/no question."""

    right: Literal["yes", "no"] = Field(description="The reply the essay would give.")
    wrong_holds: Id | None = Field(None, description="The misconception a bare wrong reply holds, if any.")
    serves: Id | None = Field(
        None,
        description="The expectation of the question a bare right reply covers, if it makes one: "
        '"yes" to "did Russia have a choice?" says it had one.',
    )


class Question(Strict):
    ask: str
    concepts: list[Id] = Field(default_factory=list)
    expectations: dict[Id, Expectation]
    watch: list[Id] = Field(default_factory=list, description="Misconceptions this question is likely to draw.")
    yes_no: YesNo | None = Field(None, description="For a yes/no question: what a leading yes or no means.")


class Claim(Exemplified):
    """Something a learner can say, with the cues (patterns) that say it.

    Pattern syntax, matched on stemmed, typo-corrected words within one sentence:
      had no choice        words next to each other ("choice" also matches "choices")
      {option}             any member of a lexicon class (members may be several words)
      had no|lacked        alternatives: phrases separated by |, e.g. `no other {option}|only way`
      ... between terms    up to `gap` other words may stand there
      term?                the term (between `...`) may be missing
    """

    means: str
    concepts: list[Id] = Field(default_factory=list)
    cues: list[str] = Field(min_length=1)
    gap: int = Field(6, ge=0, le=20, description="How many words `...` may skip.")
    overrides: list[Id] = Field(
        default_factory=list,
        description=(
            "Claims this one re-reads: their matches inside one of this claim's matches are dropped "
            "('no choice would mean no dilemma' is not the claim 'no choice'). Other claims' matches stand."
        ),
    )
    excludes: list[Id] = Field(
        default_factory=list,
        description=(
            "Claims this one rules out where they share words with it: 'with no choice at all there would be "
            "no dilemma' is not the claim 'no choice at all'."
        ),
    )
    excludes_all: bool = Field(
        False,
        description=(
            "It rules out every other claim where they share words: a bare list of the essay's terms makes none "
            "of the points its terms would make alone."
        ),
    )


Polarity = Literal["affirmed", "negated", "any"]
# not_reported: the learner's own view or a supposition ("if X, then Y" still explains X).
Stance = Literal["own", "reported", "hypothetical", "not_reported", "any"]


class Condition(Strict):
    """A fact a rule needs: a claim (with polarity and stance), or a conclusion already drawn."""

    claim: Id | None = None
    polarity: Polarity = "affirmed"
    stance: Stance = "own"
    expectation: Id | None = None
    misconception: Id | None = None
    concept: Id | None = None


class Conclusion(Strict):
    expectation: Id | None = None
    misconception: Id | None = None
    concept: Id | None = None
    claim: Id | None = None


class InferenceRule(Strict):
    id: Id
    because: str = Field("", description="Why the rule holds; shown by `tutor explain`.")
    when: list[Condition] = Field(min_length=1, description="All of these facts...")
    unless: list[Condition] = Field(
        default_factory=list, description="...and none of these, once the whole answer is read."
    )
    then: Conclusion
    questions: list[Id] = Field(default_factory=list, description="Only when answering these questions (default: any).")


# What a learner turn is (its dialogue act), and what the tutor does with each: the dialogue
# manager has one handler per `do`, so a new intent that reuses a handling needs no Python.
ActKind = Literal["answer", "question", "request", "metacognitive", "insistence", "social", "chatter"]
Handling = Literal[
    "grade",
    "help",
    "hint",
    "repeat",
    "rephrase",
    "skip",
    "reveal",
    "why",
    "answer_question",
    "acknowledge",
    "insist",
    "progress",
]
# who: who someone is ("who is Herz?"); said: who said or holds something ("who called Putin a strategist?");
# follow_up: about what the tutor just said, when it names nothing itself ("meaning?", "examples?");
# life: a fact of a person's life, which the essay does not give ("when was Herz born?")
QuestionKind = Literal["define", "link", "contrast", "who", "said", "follow_up", "rephrase", "life", "other"]


class Intent(Strict):
    """A learner turn that is not (only) an attempt at the question: "I don't know", "hint please",
    "what does prudence mean?", "I still disagree"..."""

    means: str
    cues: list[str] = Field(min_length=1)
    whole: bool = Field(True, description="The cue must cover (nearly) the whole answer.")
    opens: bool = Field(False, description="The cue must open a sentence (a learner question's 'what does').")
    act: ActKind = Field("request", description="The kind of turn it makes.")
    do: Handling = Field("grade", description="What the tutor does with it.")
    asks: QuestionKind | None = Field(None, description="For a learner question: what it asks for.")
    tentative: bool = Field(
        False,
        description=(
            "A question that may be a tentative answer ('does it come down to interpretation?'): it counts only "
            "in a sentence that ends with '?', and a line that makes a point of the question is graded instead."
        ),
    )
    stated: bool = Field(
        False,
        description=(
            "A learner question put as a statement ('I'm confused about the spiral'): it asks without a "
            "question mark, however long the sentence."
        ),
    )
    defers: bool = Field(
        False,
        description=(
            "The learner says the line is not yet their answer ('not answering yet - anarchy: what is it?'): "
            "beside a question of theirs, the points its sentence names are not graded."
        ),
    )
    say: list[str] = Field(default_factory=list, description="The tutor's words before it does it; varied in turn.")


class Language(Strict):
    """The words that decide negation, attribution and hypothesis, and what counts as on-domain."""

    negators: list[str] = Field(default_factory=list, description="Cues that negate what follows in their clause.")
    rejecters: list[str] = Field(default_factory=list, description="Cues that negate what came before: 'X is wrong'.")
    denials: list[str] = Field(
        default_factory=list,
        description=("Cues that deny a whole proposition, across commas: 'it is not true, the author says, that X'."),
    )
    objects: list[str] = Field(
        default_factory=list, description="Negated objects that deny the cue just before them: 'alarm no one'."
    )
    clause_breaks: list[str] = Field(default_factory=list, description="Words that start a new clause.")
    continuations: list[str] = Field(
        default_factory=list, description="Words that, opening a sentence, carry on the one before: then, so..."
    )
    contrast: list[str] = Field(default_factory=list, description="Words that end a reported view: but, however...")
    reporters: list[str] = Field(default_factory=list, description="Cues for 'someone else says': {other} says...")
    endorsers: list[str] = Field(
        default_factory=list, description="Cues that turn a report into the learner's own view."
    )
    own_frames: list[str] = Field(
        default_factory=list, description="Cues that start the learner's or the essay's own view."
    )
    hypotheticals: list[str] = Field(
        default_factory=list, description="Cues that make their clause a supposition: if..."
    )
    domain: list[str] = Field(default_factory=list, description="Words that show an answer is on the essay's topic.")
    lead_ins: list[str] = Field(
        default_factory=list,
        description="Words that may stand before a learner question's opening: so, ok, wait, hold on...",
    )
    courtesies: list[str] = Field(
        default_factory=list,
        description=(
            "Words that open a clause of courtesy before a learner question ('sorry to interrupt, but what...', "
            "'excuse me, but does...'): the whole clause is passed over, as lead-ins are."
        ),
    )
    retractions: list[str] = Field(
        default_factory=list,
        description=(
            "Phrases with which learners take back what they said before them in the line ('sorry, I meant', "
            "'no wait'): only what follows the last one is read."
        ),
    )


class Replies(Strict):
    """How a reply is read against the tutor's own last move."""

    affirmative: list[str] = Field(default_factory=list, description="Cues of a leading yes: yes, yeah, of course...")
    negative: list[str] = Field(default_factory=list, description="Cues of a leading no: no, nope, not really...")
    no_followers: list[str] = Field(
        default_factory=list,
        description=(
            "Words after which a leading 'no' is a reply, not a determiner ('no, it', 'no I think' vs 'no choice')."
        ),
    )


class RulesFile(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, title="tutor rules file")

    concepts: dict[Id, Concept] = Field(default_factory=dict)
    relations: list[Relation] = Field(default_factory=list)
    misconceptions: dict[Id, Misconception] = Field(default_factory=dict)
    questions: dict[Id, Question] = Field(default_factory=dict)
    classes: dict[Id, list[str]] = Field(default_factory=dict, description="Lexicon: word classes for {class} in cues.")
    spellings: dict[str, list[str]] = Field(
        default_factory=dict, description="Known misspellings: right -> [wrong...]."
    )
    language: Language | None = None
    claims: dict[Id, Claim] = Field(default_factory=dict)
    rules: list[InferenceRule] = Field(default_factory=list)
    intents: dict[Id, Intent] = Field(default_factory=dict)
    glossary: dict[Id, Entry] = Field(default_factory=dict, description="People and terms a learner may ask about.")
    replies: Replies | None = None
