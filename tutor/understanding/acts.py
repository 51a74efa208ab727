"""Dialogue acts: what kind of turn a learner's line is, before anything is graded.

A line may be an answer, a learner's own question ("what does prudence mean?"), a request
("hint please"), a metacognitive turn ("I'm lost"), an insistence ("I still disagree"), a
social turn or chatter. The vocabulary is data: every intent of rules/intents.yaml names its
act, what the tutor does with it (`do`) and, for a question, what it asks. This module only
recognises them:

- an intent whose cue must `open` a sentence counts only there ("why does X..." asks; "that's
  why X" answers); a `whole` intent must be most of the line; any other, a short line;
- a learner question is not one when it opens with a form that asserts ("isn't it that Russia
  chose?", "is it because...") - those are answers phrased as questions, and are graded;
- a question that leans towards a statement (a negative one, "didn't Herz value law?", one that
  answers itself, "what else could Russia do?", or a guess, "maybe it was fate?") is read as that
  statement, and asks only when the statement makes no point of the tutor's question;
- a line that asks and also answers ("States choose. But what is anarchy?") is an answer with
  a question attached: the answer is graded, the question answered;
- a leading "yes" or "no" is a reply to the tutor's yes/no question and is split off, so
  that it does not negate the claim that follows ("no i think russia had no choice").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tutor.content.problems import ContentError, Problem
from tutor.text.tokens import ASKING_WH, AUXILIARIES, WORDS, Sentence, Token, stem
from tutor.understanding.patterns import CueIndex, Pattern, PatternError, compile_pattern

if TYPE_CHECKING:  # an ActReader read back from the checker cache never meets the rule base's models
    from tutor.content.rulebase import RuleBase

SHORT = 15  # words; a longer line that says "no idea" somewhere is still an attempt
BARE_QUESTION = "ask_general"  # the (tentative) intent a question with no question word is taken for
SHORT_REMARK = 6  # words of a remark beside such a question ("never heard of it", "makes zero sense to me")
SHORT_TOPIC = 3  # words of a term said before a question in its sentence ("uncertainty - is that the same as X?")
FRAGMENT_WORDS = 4  # words of each fragment of a line typed as fragments ("herz; morgenthau; difference")
ASKING_WORDS = 8  # a sentence this short may ask without a question mark ("what is anarchy"); a longer one must have it


# An intent's cue found in a sentence: (intent id, its pattern, the positions of the words it took).
IntentCue = tuple[str, Pattern, tuple[int, ...]]


@dataclass(frozen=True)
class LearnerQuestion:
    asks: str  # define | link | contrast | who | said | follow_up | rephrase | life | other
    topics: tuple[str, ...] = ()  # concept and glossary ids it names, in the order named
    sentences: tuple[int, ...] = ()  # the sentences that ask it
    # Whether a topic stands right after the question's words: "who is Herz" names its subject; "who is
    # Henry Kissinger and what did he think of NATO" asks about someone the rule base does not know.
    subject_known: bool = True


@dataclass(frozen=True)
class Act:
    kind: str  # answer | question | request | metacognitive | insistence | social | chatter
    do: str = "grade"  # what the tutor does with it (the intent's `do`)
    intent: str | None = None  # the intent that decided it; None for a plain answer
    cue: str = ""  # the cue that matched
    question: LearnerQuestion | None = None  # a question the learner asked, answered or not alongside

    @property
    def graded(self) -> bool:
        return self.do in ("grade", "help", "insist")


ANSWER = Act("answer")


@dataclass(frozen=True)
class IntentRule:
    """How an intent of rules/intents.yaml is recognised and handled: its fields, as plain data."""

    act: str
    do: str
    asks: str | None
    whole: bool
    opens: bool
    tentative: bool
    stated: bool
    defers: bool


class ActReader:
    """Compiled once from the rule base's intents, concepts, glossary and reply words."""

    def __init__(self, rulebase: RuleBase):
        cues = _Compiler(rulebase)
        self.intents = {
            ident: IntentRule(i.act, i.do, i.asks, i.whole, i.opens, i.tentative, i.stated, i.defers)
            for ident, i in rulebase.intents.items()
        }
        self.index = CueIndex(
            (ident, p)
            for ident, intent in rulebase.intents.items()
            for p in cues.compile(("intents", ident, "cues"), intent.cues, 4)
        )
        # A concept or an entry is named by its name and its terms ("the security dilemma", "dilemma").
        self.topics = CueIndex(
            (ident, p)
            for section in ("concepts", "glossary")
            for ident, named in getattr(rulebase, section).items()
            for p in cues.compile((section, ident, "terms"), [_plain(named.name)] + [_plain(t) for t in named.terms], 0)
        )
        replies = rulebase.replies
        self.replies = CueIndex(
            [("yes", p) for p in cues.compile(("replies", "affirmative"), replies.affirmative, 0)]
            + [("no", p) for p in cues.compile(("replies", "negative"), replies.negative, 0)]
        )
        self.no_followers = frozenset(stem(w) for w in replies.no_followers)
        # Words that may stand before a question's opening: "so what does X mean?", "hold on, why...".
        self.lead_ins = frozenset(stem(w) for phrase in rulebase.language.lead_ins for w in WORDS.findall(phrase))
        self.courtesies = frozenset(stem(w) for phrase in rulebase.language.courtesies for w in WORDS.findall(phrase))
        cues.done()

    def classify(self, sentences: tuple[Sentence, ...], has_claims: set[int]) -> Act:
        """The act of a line read into `sentences`; `has_claims` holds the indexes of sentences
        in which a claim of the rule base was found."""
        searched = [self.index.search(s.stems) for s in sentences]  # each sentence's intent cues, found once
        fragments = self._fragment_question(sentences, searched)
        if fragments is not None:
            return fragments
        words = sum(len(sentence.tokens) for sentence in sentences)
        # (sentence, -words, intent, cue, start) of each learner question
        asked: list[tuple[int, int, str, str, int]] = []
        whole: tuple[str, str] | None = None
        short: tuple[str, str] | None = None
        short_at: tuple[int, tuple[int, ...]] = (-1, ())  # (sentence, positions) of the short intent's cue
        other_acts: set[int] = set()  # sentences with a cue of a request, a social or a metacognitive turn
        deferred: set[int] = set()  # sentences that say the line is no answer yet
        for sentence, found in zip(sentences, searched, strict=True):
            for ident, pattern, positions in found:
                intent = self.intents[ident]
                if intent.opens and not self._opens(sentence, positions[0], intent.stated, has_claims):
                    continue
                if intent.act == "question" and not (
                    sentence.question
                    # stated: "I don't get accommodation" asks; "I don't get it" names nothing to answer
                    or (intent.stated and bool(self.named([sentence])))
                    # a leaning one asks only where a question word opens it: "maybe it means X?" is a guess
                    or (sentence.leaning and intent.tentative and intent.opens)
                    or (
                        len(sentence.tokens) <= ASKING_WORDS
                        and not intent.tentative
                        and self._asks_at(sentence, positions, intent.stated, has_claims)
                    )
                ):
                    if intent.stated:  # "I'd like its precise sense": a request, though it names nothing
                        other_acts.add(sentence.index)
                    continue  # "and what is made can be unmade" states; it does not ask
                if intent.act == "question":
                    if intent.whole and not intent.opens and len(positions) * 2 < words:
                        continue  # "meaning?" asks about the tutor's words; "X means Y?" is another question
                    asked.append((sentence.index, -len(positions), ident, pattern.source, positions[0]))
                    continue
                if not intent.whole or len(positions) * 2 >= len(sentence.tokens):
                    other_acts.add(sentence.index)  # not "maybe" in "maybe, maybe not, it would depend on..."
                if intent.defers:  # "ok wait before i answer - who even is walt?": it says what the line is not
                    deferred.add(sentence.index)
                    continue
                if intent.whole and whole is None and len(positions) * 2 >= words:
                    whole = (ident, pattern.source)
                elif self._counts(intent, sentence, positions, words, has_claims) and (
                    short is None or self._outweighs(intent, positions, short[0], short_at[1])
                ):
                    short, short_at = (ident, pattern.source), (sentence.index, positions)
        if whole is not None:  # "why is that wrong?" asks about the verdict, not about the essay
            return self._act(*whole, has_claims)
        explicit = [a for a in asked if not self._guess(a[2], a[3], sentences[a[0]])]
        # Any other question is the learner's only when nothing but questions and requests stands beside it:
        # "Is Putin a master strategist? That's Mearsheimer's view." asks itself and answers.
        tentative = [a for a in asked if a not in explicit]
        # (a question beside it that names nothing goes with it: "how many soldiers Russia lose? essay give number?")
        statements = {s.index for s in sentences if not s.question or self.named([s])}
        if not explicit and (statements - {a[0] for a in tentative} - other_acts or short):
            tentative = []  # "can you give me a hint?" is a request
        asking = explicit or tentative
        first = min(asking) if asking else None  # the first sentence that asks; there, the longest cue
        at = tuple(sorted({n for n, *_ in asking}))  # the sentences that ask
        # "what was the question again" asks to hear it again: a longer request cue that takes in a question's
        # opening outweighs it; "explain prudence to me, I'm not sure I follow" still asks.
        # So does a request after a polite question's frame or a question that names nothing: "might I ask why you
        # judged it so?", "would you be so kind as to give me a hint?", "what's the tally - how many have I got?".
        if first and not (
            short_at[0] == first[0]
            and (
                (len(short_at[1]) > -first[1] and first[4] in short_at[1])
                or self._frames(first[2], first[4], short, short_at[1], sentences[first[0]])
            )
        ):
            index, minus_words, ident, cue, start = first
            # "sylvest? who's that", "in my language is no word for 'prudence'. what is it?": a question naming
            # nothing points back at a term said beside it (in a line that makes no point of its own).
            topics = self.named([sentences[n] for n in at])
            if not topics:
                # ... or, in a line that makes one, at the sentence right before ("Schools count as security policy
                # now? Do go on, explain how that works.")
                topics = self.named(
                    [s for s in sentences if len(s.tokens) <= SHORT_REMARK or not has_claims]
                ) or self.named(list(sentences[index - 1 : index]) if index else [])
                # "opacity of the world?? makes zero sense to me": a term put with its "?" is what is asked about (not
                # "is tragedy just fate then?", a guess, nor what a "who" points back at)
                if self.intents[ident].asks == "define":
                    at = tuple(sorted({*at, *(s.index for s in sentences if _named_with_mark(s) and self.named([s]))}))
            # "what is opacity? is like fog?": a short guess put as a question right after one goes with it: the
            # learner still asks, and is answered rather than graded on the guess.
            after = sentences[at[-1] + 1 : at[-1] + 2]
            at += tuple(s.index for s in after if s.question and len(s.tokens) <= ASKING_WORDS)
            known = self._names_right_after(sentences[index], start - minus_words)  # from the cue's end
            question = LearnerQuestion(self.intents[ident].asks or "other", topics, at, known)
            # "- not answering yet - anarchy: what does it mean?": a sentence saying it is no answer yet grades nothing
            if has_claims - set(at) - deferred:
                return Act("answer", "grade", ident, cue, question if explicit else None)
            return Act("question", self.intents[ident].do, ident, cue, question)
        if short is not None:
            act = self._act(*short, has_claims)
            if act.do == "insist" and first:  # "where's the evidence for that?": it asks, if no view is held
                question = LearnerQuestion(
                    self.intents[first[2]].asks or "other", self.named([sentences[n] for n in at]), at
                )
                act = replace(act, question=question)
            return act
        # "accomodation?", "animus dominandi??", "Herz vs Morgenthau?": a term of the essay and its "?", with
        # no question word and no point made, asks what the term is.
        # ... or a sentence that asks rather than offers, without a question's words: "so herz rated intl law or nah"
        named = {
            s.index: topics
            for s, found in zip(sentences, searched, strict=True)
            if ((s.asking and not found) or (s.question and _bare(s))) and (topics := self.named([s]))
        }
        # Only beside short remarks ("never heard of it"): "Iraq 2003? The US just felt insecure..." answers, and
        # "Foreign-policy critique? On Twitter? That died years ago." jokes (another bare "?" that names nothing).
        others_short = all(
            s.index in named or (len(s.tokens) <= SHORT_REMARK and not (s.question and _bare(s))) for s in sentences
        )
        if named and others_short and has_claims <= named.keys():  # tentative: "restraint?" making a point is graded
            topics = tuple(dict.fromkeys(t for found in named.values() for t in found))
            asks = "other" if any(sentences[n].asking for n in named) else "define"
            question = LearnerQuestion(asks, topics, tuple(named))
            return Act("question", "answer_question", BARE_QUESTION, "?", question)
        return ANSWER

    def _fragment_question(self, sentences: tuple[Sentence, ...], found: list[list[IntentCue]]) -> Act | None:
        """A line of short fragments, one of them a question's word alone ("koestler; who; the quote about limits",
        "animus dominandi; translation"): the line asks about what the others name. `found`: each one's cues."""
        if len(sentences) < 2 or any(len(s.tokens) > FRAGMENT_WORDS for s in sentences):
            return None
        if all(found):
            return None  # requests and questions only ("how come? explain why"): no fragment names what is asked about
        for sentence, matches in zip(sentences, found, strict=True):
            for ident, pattern, positions in matches:
                intent = self.intents[ident]
                rest = (t for n, t in enumerate(sentence.tokens) if n not in positions)
                if intent.act == "question" and all(t.word in _CURT for t in rest):  # "Donbas. Context, quickly."
                    at = tuple(s.index for s in sentences)
                    question = LearnerQuestion(intent.asks or "other", self.named(list(sentences)), at)
                    return Act("question", intent.do, ident, pattern.source, question)
        return None

    def _counts(
        self, intent: IntentRule, sentence: Sentence, positions: tuple[int, ...], words: int, has_claims: set[int]
    ) -> bool:
        """Whether a cue that is not a question's may be the line's act: in a short line, or where it must open its
        sentence; a request or an insistence also in a long line where it opens its sentence or stands in a
        question ("Repeat the question. I want to see...", "Might I ask ... why you judged my answer that way?"), or,
        put as a statement (`stated`), where no sentence makes a point ("... I'll log off and come back to this
        later"). A whole request's cue may be its own sentence ("... I don't know what the objection is. Skip.")."""
        request = intent.act in ("request", "insistence")  # what the learner wants done, or holds to
        if intent.whole and not (request and len(positions) == len(sentence.tokens)):
            return False
        if intent.opens or words <= SHORT:
            return True
        return request and (
            sentence.question
            or self._lead_ins_only(sentence.tokens[: positions[0]])
            or (intent.stated and not has_claims)
        )

    def _outweighs(self, intent: IntentRule, positions: tuple[int, ...], other: str, other_at: tuple[int, ...]) -> bool:
        """Whether a cue is the line's act rather than the one found before it: a request or an insistence outweighs
        saying how one stands ("dunno i still think im right" insists), which outweighs a courtesy ("Dear tutor,
        might I trouble you for a hint? Kind regards" asks for a hint); between equals, the longer cue."""
        weight, other_weight = _WEIGHT.get(intent.act, 2), _WEIGHT.get(self.intents[other].act, 2)
        return weight > other_weight if weight != other_weight else len(positions) > len(other_at)

    def _frames(
        self, asking: str, start: int, request: tuple[str, str] | None, at: tuple[int, ...], sentence: Sentence
    ) -> bool:
        """Whether a question only frames a request in its sentence: a polite one before it ("would you be so kind as
        to ..."), or one that names nothing of the essay, before or after it ("what's the tally now - how many ...",
        "why that verdict, though - what made it so?")."""
        if request is None or self.intents[request[0]].act != "request":
            return False
        return (at[0] > start and self.intents[asking].stated) or not self.named([sentence])

    def _act(self, ident: str, cue: str, has_claims: set[int]) -> Act:
        intent = self.intents[ident]
        # "I still think they had no choice" voices the view again: it is graded, as an insistence.
        do = "grade" if intent.do == "insist" and has_claims else intent.do
        return Act(intent.act, do, ident, cue)

    def tentative(self, act: Act, sentences: tuple[Sentence, ...]) -> bool:
        """A question that may be a tentative answer: graded when it makes a point of the question."""
        asked = act.question.sentences[0] if act.question and act.question.sentences else None
        return act.intent in self.intents and (asked is None or self._guess(act.intent, act.cue, sentences[asked]))

    def _guess(self, ident: str, cue: str, sentence: Sentence) -> bool:
        """Whether a question's cue may be a guess put as a question ("is it about perception?"): a tentative
        intent's, unless "why" opens a question of its own: "why Russia have choice if NATO expand" asks, in
        broken English. A lone "why?" beside an answer may be rhetorical ("why? because it chose"), as may a "why" that
        a condition leads to ("if you can't know the effects, why act?")."""
        if not self.intents[ident].tentative:
            return False
        if cue != "why" or not sentence.question or len(sentence.tokens) < 3:
            return True
        words = [t.word for t in sentence.tokens]
        return not self._lead_ins_only(sentence.tokens[: words.index("why")])

    def leading_reply(self, sentence: Sentence) -> tuple[str | None, int]:
        """A leading yes or no and how many words it takes: "no, it chose" -> ("no", 1); "no choice" -> (None, 0);
        after lead-ins too ("lol no" -> ("no", 2))."""
        stems = sentence.stems
        begin = next((n for n, s in enumerate(stems) if s not in _FILLERS and s not in _BEFORE_NO), 0)
        if stems[begin] in self.courtesies:  # "Dear tutor, I should think not": past the courtesy's clause
            courtesy = sentence.tokens[begin].clause
            begin = next((n for n, t in enumerate(sentence.tokens) if t.clause > courtesy), begin)
        best: tuple[str | None, int] = (None, 0)
        found = self.replies.search(stems)
        for value, _, positions in found:
            if positions[0] not in (0, begin) or positions[-1] + 1 <= best[1]:
                continue
            end = positions[-1] + 1
            ends_clause = end == len(stems) or sentence.tokens[end].clause != sentence.tokens[end - 1].clause
            # "no" before a noun is a determiner ("no choice"), a reply only before a new clause or a subject
            # ("nah", "never" are no determiners: "never lol, nobody can see the future").
            determiner = sentence.tokens[positions[0]].word == "no"
            if determiner and len(positions) == 1 and not ends_clause and stems[end] not in self.no_followers:
                continue
            best = (value, end)
        said, end = best
        if said == "yes" and any(s in _BEFORE_NO for s in stems[:begin]):
            return None, 0  # "oh sure", "oh yeah": mocking
        tokens = sentence.tokens

        def against(p: tuple[int, ...]) -> bool:  # "yeah no" (not "no, I guess..."), "yes and no"
            if p[0] == end:
                return len(p) == 1 and tokens[end].clause == tokens[end - 1].clause
            return p[0] == end + 1 and stems[end] in ("and", "or")

        if any(v != said and against(p) for v, _, p in found):
            return None, 0  # neither
        if said == "yes" and end > 0 and stems[begin] not in _BARE_YES and stems[0] not in _BARE_YES:
            # "of course it wouldn't": the agreeing word stresses the clause it opens, which says no
            clause = [t.stem for t in tokens[end : end + 4] if t.clause == tokens[end - 1].clause]
            if _NOT in clause:
                return "no", end
        return best

    def closing_reply(self, sentence: Sentence) -> str | None:
        """A "no" that closes a negative statement as its own clause: "I'd not say any of them could, no." (not "it was
        a choice, no?", nor a "yes" or "right" closing one: those are tags that ask for agreement)."""
        tokens = sentence.tokens
        if sentence.question or len(tokens) < 3:
            return None
        start = next(n for n, t in enumerate(tokens) if t.clause == tokens[-1].clause)  # the last clause's
        if not any(t.stem in _NEGATIVE for t in tokens[:start]):
            return None
        for value, _, positions in self.replies.search(sentence.stems):
            if positions[0] == start and positions[-1] == len(tokens) - 1:
                return "no" if value == "no" else None
        return None

    def _asks_at(self, sentence: Sentence, positions: tuple[int, ...], stated: bool, has_claims: set[int]) -> bool:
        """A short line without its "?" asks where the question's words open it ("what is anarchy", see `_opens`)
        or end it ("hubris means what exactly"); "tragedy means what was always going to happen" states."""
        return self._opens(sentence, positions[0], stated, has_claims) or positions[-1] + 2 >= len(sentence.tokens)

    def _opens(self, sentence: Sentence, start: int, stated: bool = False, has_claims: set[int] | None = None) -> bool:
        """Whether the cue at `start` opens a question: at the opening of the sentence after any lead-ins ("so,
        what is..."), or after a clause of courtesy ("sorry to interrupt, but does..."); in a question or a short
        line, at the opening of its last clause ("international law - what was Herz's view on it?"); and, with
        the sentences that make a point known (`has_claims`), at the opening of a later stretch (see `_opens_later`)."""
        tokens = sentence.tokens
        if self._lead_ins_only(tokens[:start]) or self._after_courtesy(tokens, start):
            return True
        if (
            (sentence.question or len(tokens) <= ASKING_WORDS)  # "hostomel, what happened there"
            and tokens[start - 1].clause != tokens[start].clause == tokens[-1].clause
            and tokens[start].word in ASKING_WH  # not "..., which Walt skips over?"
        ):
            return True
        # "not that it isn't off topic, but does the essay say anything about X?": a yes/no question after "but", in a
        # sentence that makes no point ("Russia chose, but did it have to?" makes one)
        if (
            sentence.question
            and has_claims is not None
            and sentence.index not in has_claims
            and start > 1
            and tokens[start - 1].word == "but"
            and tokens[start].word in AUXILIARIES
            and tokens[start - 2].clause != tokens[start - 1].clause == tokens[-1].clause
        ):
            return True
        return has_claims is not None and self._opens_later(sentence, start, stated, has_claims)

    def _lead_ins_only(self, tokens: tuple[Token, ...]) -> bool:
        """Nothing but lead-ins ("so", "wait", "hold on"...), or nothing at all."""
        return all(t.stem in self.lead_ins for t in tokens)

    def _after_courtesy(self, tokens: tuple[Token, ...], start: int) -> bool:
        """The cue opens the clause right after a clause of courtesy, itself after any lead-ins ("um, sorry if
        this is off topic, but what..."): the courtesy is passed over, as lead-ins are."""
        begin = next(n for n, t in enumerate(tokens) if t.clause == tokens[start].clause)
        courtesy = next(n for n, t in enumerate(tokens) if t.stem not in self.lead_ins or t.stem in self.courtesies)
        if courtesy >= begin or not (
            tokens[courtesy].stem in self.courtesies or tokens[courtesy].word in ("if", "with")
        ):
            return False  # most sentences: no clause of courtesy before the cue's
        clause = [t.stem for t in tokens[courtesy:begin] if t.clause == tokens[courtesy].clause]
        # the courtesy opens its clause, or an if- or with-clause holds it ("if you'll permit a detour, does...")
        courteous = clause[:1] == [tokens[courtesy].stem] and (
            clause[0] in self.courtesies
            or (tokens[courtesy].word in ("if", "with") and bool(self.courtesies & set(clause)))
        )
        return (
            courtesy < begin
            and courteous
            and tokens[begin - 1].clause == tokens[courtesy].clause
            and self._lead_ins_only(tokens[begin:start])
        )

    def _opens_later(self, sentence: Sentence, start: int, stated: bool, has_claims: set[int]) -> bool:
        """The cue opens a later stretch between marks, after any lead-ins: a request put as a statement in a
        sentence that makes no point ("before I answer, define X for me"); a question after a colon or a term
        said first ("quick detour first: what is anarchy?", "uncertainty - is that the same as X?"), in a line
        where no other sentence makes a point."""
        tokens = sentence.tokens
        begin = next(n for n, t in enumerate(tokens) if t.part == tokens[start].part)
        if begin == 0 or not self._lead_ins_only(tokens[begin:start]):
            return False
        if stated and sentence.index not in has_claims:
            return True
        # a term said first asks only with a yes/no question about it: in "reckless - and why is that the word the
        # essay uses?" the word answers (a blank, say) and the question is another's
        about_term = begin <= SHORT_TOPIC and tokens[start].word in AUXILIARIES
        # "classical realism - what is it, compared with Walt's kind?", "unintended consequence - which example
        # essay give?": a what- or which-question about the term said before it
        what_of_it = (
            (tokens[start].word == "which" and begin <= SHORT_TOPIC)
            or (  # not "..., which Walt skips?"
                tokens[start].word == "what" and any(t.word in _BACK for t in tokens[start + 1 : start + 3])
            )
        )
        after_topic = tokens[begin].segment != tokens[begin - 1].segment or about_term or what_of_it
        # after a remark's name and its colon it asks whatever else the line does: "... restraint. Side query: does the
        # essay cover the Suez crisis?"
        named_remark = tokens[begin - 1].word in _REMARKS and tokens[begin].segment != tokens[begin - 1].segment
        return sentence.question and (named_remark or (after_topic and has_claims <= {sentence.index}))

    def _names_right_after(self, sentence: Sentence, end: int) -> bool:
        """Whether a concept or entry is named in the three words after a question's own, or nothing follows them."""
        if end >= len(sentence.tokens):
            return True
        return any(end <= positions[0] < end + 3 for _, _, positions in self.topics.search(sentence.stems))

    def named(self, sentences: list[Sentence]) -> tuple[str, ...]:
        """The concepts and glossary entries the sentences name, in the order named."""
        found: list[tuple[int, int, frozenset[int], str]] = []
        for sentence in sentences:
            for ident, _, positions in self.topics.search(sentence.stems):
                found.append((sentence.index, positions[0], frozenset(positions), ident))
        # The longest name wins where names overlap: "human nature" is not "nature".
        kept = [f for f in found if not any(f[0] == g[0] and f[2] < g[2] for g in found)]
        return tuple(dict.fromkeys(ident for *_, ident in sorted(kept)))


def _bare(sentence: Sentence) -> bool:
    """A term and its "?", or two set against each other ("X vs Y?"): not a guess put as a question
    ("tragedy like Romeo and Juliet?", "something about Koestler and utopia?")."""
    words = {t.word for t in sentence.tokens}
    return len(sentence.tokens) <= 3 or bool(words & _VERSUS)


def _named_with_mark(sentence: Sentence) -> bool:
    """A short phrase with its "?" that is not itself a question ("opacity of the world??")."""
    first = sentence.tokens[0].word
    return sentence.question and len(sentence.tokens) <= SHORT_REMARK and first not in AUXILIARIES | ASKING_WH


_VERSUS = frozenset(["vs", "versus"])
_BARE_YES = frozenset(stem(w) for w in ["yes", "yeah", "yep", "yup", "yea", "uh", "mhm", "mm"])
_NOT = stem("not")
# Fillers a yes or no may follow ("lol no", "um yes"); not "oh sure", "yeah right", which mock.
_FILLERS = frozenset(stem(w) for w in ["lol", "haha", "um", "uh", "erm", "hmm", "well", "so", "ok", "okay", "bruh"])
_NEGATIVE = frozenset(stem(w) for w in ["not", "never", "nobody", "nothing", "none", "hardly", "neither", "nor"])
# How much an act weighs beside another in one line: courtesies accompany what is asked, and "I don't know" or
# "I'm lost" says how the learner stands, which a request or an insistence beside it says more precisely.
_WEIGHT = {"social": 0, "chatter": 0, "metacognitive": 1}
_CURT = frozenset(
    ["quickly", "briefly", "brief", "please", "pls", "plz", "confirm", "thanks", "again"]
)  # beside a fragment
_REMARKS = frozenset(["question", "query", "point", "note", "aside", "detour", "thought", "comment", "request"])
_BACK = frozenset(["it", "that", "this", "they", "those", "these"])  # words pointing back at a term said before
_BEFORE_NO = frozenset([stem("oh")])  # "oh, not at all" says no; "oh sure" mocks a yes


class _Compiler:
    """Compiles cues, collecting a problem at its line for each one that cannot be compiled."""

    def __init__(self, rulebase: RuleBase):
        self.rulebase = rulebase
        self.problems: list[Problem] = []

    def compile(self, where: tuple[str, ...], sources: list[str], gap: int) -> list[Pattern]:
        out = []
        for source in sources:
            try:
                out.append(compile_pattern(source, self.rulebase.classes, gap))
            except PatternError as e:
                file, line, col = (
                    self.rulebase.where(where[0], *where[1:2])
                    if len(where) > 2
                    else (str(self.rulebase.files[-1]) if self.rulebase.files else "rules", 1, 1)
                )
                self.problems.append(Problem(file, line, col, "error", f"{' '.join(where[:2])}: {e}"))
        return out

    def done(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def _plain(term: str) -> str:
    """A name as a cue: words only, without a leading article ("the self-limitation" -> "self limitation")."""
    words = WORDS.findall(term.lower())
    return " ".join(words[1:] if len(words) > 1 and words[0] in ("the", "a", "an") else words)
