"""The dialogue manager: AutoTutor's expectation-misconception tailored loop.

For each step the tutor asks the question, has the answer checker assess every reply,
and chooses its next moves from what is covered, missing and misconceived:

- a misconception is met first with a Socratic challenge; if the learner voices it
  again, with a correction and the question asked again;
- a missing expectation is drawn out by escalating help, each item given once:
  pump (only before any hint) -> hints, vague to specific -> prompt -> assertion;
- once every expectation is covered (by the learner) or asserted (by the tutor):
  summary, then the next step, chosen by the step's transitions, else by the
  authored order or, in an adaptive dialogue, by the learner model.

Every learner turn is first classified (its dialogue act, see understanding/acts.py) and
handled as its intent declares: answers are graded, the learner's own questions answered
from the rule base (never graded), requests and social turns answered in kind. A reply is
read against the tutor's last move first (a blank to fill, a yes or a no), then against the
question, and also against the questions still to come: a point made early is credited when
its question comes and never asked for again. A misconception is never met twice in the same
words, and after the third insistence the tutor says where the essay stands and moves on.

No dialogue loops forever: each attempt that covers nothing new moves the ladder one
rung up (a misconception may hold it for two turns: challenge, correction), every
ladder ends in an assertion, MAX_ATTEMPTS caps a step whatever happens, and each step
is asked at most once. A session is a deterministic function of the learner's turns,
so replaying them into a fresh Session restores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from tutor.assessment.types import Assessment, Expected
from tutor.content.rulebase import RuleBase
from tutor.content.rules import Question
from tutor.dialogue import answers, wording
from tutor.dialogue.learner import LearnerModel, prerequisites
from tutor.dialogue.links import explain_link
from tutor.dialogue.models import END, Dialogue, Hint, Prompt, Step
from tutor.dialogue.moves import Move, Reply
from tutor.understanding.acts import LearnerQuestion

MAX_ATTEMPTS = 12  # attempts at one step before the tutor states what is left and moves on
INSISTENCES = 3  # times a learner may hold to a misconception after its challenge before the tutor moves on


class AnswerChecker(Protocol):
    def assess(self, question_id: str, text: str, expected: Expected | None = None) -> Assessment: ...

    def topics(self, text: str) -> tuple[str, ...]: ...


@dataclass
class StepState:
    """Where the learner stands on the current step."""

    step: Step
    question: Question
    order: list[str]  # expectation ids, the order the tutor works through them
    covered: set[str] = field(default_factory=set)  # said by the learner
    asserted: set[str] = field(default_factory=set)  # said by the tutor
    rung: dict[str, int] = field(default_factory=dict)  # expectation -> next rung of its ladder
    pumps_used: set[int] = field(default_factory=set)
    helped: bool = False  # a hint, prompt or assertion has been given
    voiced: dict[str, int] = field(default_factory=dict)  # misconception -> times the learner voiced it here
    first_verdict: str | None = None
    attempts: int = 0
    pending: Move | None = None  # the last thing the tutor asked
    asked: set[str] = field(default_factory=set)  # the wordings of the question said in this step
    expected: Expected = field(default_factory=Expected)  # the reply that move expects

    @property
    def missing(self) -> list[str]:
        return [e for e in self.order if e not in self.covered and e not in self.asserted]


class Session:
    def __init__(self, dialogue: Dialogue, checker: AnswerChecker, rulebase: RuleBase):
        self.dialogue = dialogue
        self.checker = checker
        self.rulebase = rulebase
        self.asked: list[str] = []
        self.state: StepState | None = None
        self.last: Assessment | None = None  # the last assessed attempt, for why()
        self.exercised: set[str] = set()  # refs of the authored items used (quiz coverage)
        self.finished = False
        self.turns = 0
        self.said: set[str] = set()  # challenges and corrections given: never twice in the same words
        self.last_said: tuple[Move, ...] = ()  # the last reply's moves: what a follow-up question asks about
        self.early: dict[str, set[str]] = {}  # question -> its expectations the learner made before it was asked
        self.credited: list[str] = []  # expectations credited in the turn being answered
        self.learner = LearnerModel(sorted({c for s in dialogue.steps for c in self.step_concepts(s)}))

    # -- what surfaces read -------------------------------------------------------------

    @property
    def question(self) -> str | None:
        return None if self.finished or self.state is None else self.state.step.question

    @property
    def current(self) -> StepState:
        """The step being asked: every turn but the opening has one (the opening begins it)."""
        if self.state is None:
            raise RuntimeError("the session has not started: call start() first")
        return self.state

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.asked), len(self.asked) + len(self.remaining_steps())

    @property
    def mastery(self) -> dict[str, float]:
        return self.learner.snapshot()

    # -- the learner's turns --------------------------------------------------------------

    def start(self) -> Reply:
        """The opening: the dialogue's intro and its first question."""
        if self.state is not None:
            return self.repeat()
        first = self.pick_step(self.dialogue.steps)
        moves = self.begin(first)
        if self.dialogue.intro:
            moves[0] = Move("question", f"{self.dialogue.intro.strip()}\n\n{moves[0].text}", moves[0].ref)
        return self.reply(moves, act="start")

    def answer(self, text: str) -> Reply:
        """A learner turn: classified, then handled as its act declares (see HANDLERS)."""
        if self.finished:
            return self.done()
        if self.state is None:
            self.start()  # an answer before the opening answers the first question
        self.credited = []
        a = self.checker.assess(self.current.step.question, text, self.current.expected)
        handle: Callable[[Assessment, str], Reply] = getattr(self, f"_{a.act.do}")
        if a.act.kind == "insistence" and not (a.expectations or a.misconceptions) and self.held():
            handle = self._insist  # "where's the evidence he supported it? wishful thinking": words, but no point
        return handle(a, text)

    def held(self) -> list[str]:
        """The misconceptions the learner has voiced on this question."""
        return [m for m in self.current.voiced if m in self.rulebase.misconceptions]

    # -- what each act's `do` does ----------------------------------------------------------

    def _grade(self, a: Assessment, text: str) -> Reply:
        self.turns += 1
        self.last = a
        moves = [Move("answer", answers.answer(self.rulebase, a.act.question))] if a.act.question else []
        asked = self.current.step.question
        # "Still, there were flashes of restraint" on a first attempt holds to nothing: it answers.
        kind = "answer" if a.act.kind == "insistence" and not self.current.attempts else a.act.kind
        if a.trace.matches:
            self.note_early(text, asked)
        moves += self.attempt(a)
        return self.reply(moves, a, kind)

    _help = _grade

    def _insist(self, a: Assessment, text: str) -> Reply:
        """ "I still disagree": the learner holds to the view they voiced last, if any."""
        held = self.held()
        if not held and a.act.question is not None:  # "where's the evidence for that?" before any view: a question
            return self._answer_question(a, text)
        if not held:
            self.turns += 1
            return self.reply([Move("feedback", wording.HEAR_YOU), *self.still_asking()], a, a.act.kind)
        voiced = self.current.voiced
        held_view = (max(held, key=voiced.__getitem__),)  # a challenge asks nothing more: "prove it" holds the view
        act = replace(a.act, question=None)
        return self._grade(replace(a, verdict="misconception", misconceptions=held_view, act=act), text)

    def _answer_question(self, a: Assessment, text: str) -> Reply:
        """The learner's own question: answered from the rule base, never graded; then the tutor's question again."""
        # An intent authored with this `do` but not as a question asks nothing: the tutor says it cannot answer.
        question = a.act.question or LearnerQuestion("other")
        if question.asks == "follow_up" and not question.topics:  # "meaning?": of what the tutor just said
            question = replace(question, topics=self.topics_said())
        said = answers.answer(self.rulebase, question)
        return self.reply([Move("answer", said), *self.invite()], act=a.act.kind)

    def topics_said(self) -> tuple[str, ...]:
        """What the tutor's last words named: its statements', in the order said, else its question's (not its
        answer to the learner's own question, whose words are the learner's topic)."""
        statements = {m.type for m in self.last_said} - {"question", "answer"}
        return self.named_in_last(statements) or self.named_in_last({"question"})

    def named_in_last(self, kinds: set[str]) -> tuple[str, ...]:
        """The topics the last reply's moves of these kinds name, in the order said."""
        said = " ".join(m.text for m in self.last_said if m.type in kinds)
        return self.checker.topics(said) if said else ()

    def _rephrase(self, a: Assessment, text: str) -> Reply:
        say = self.say(a)
        return self.reply([*say, self.rephrased()], act=a.act.kind)

    def _acknowledge(self, a: Assessment, text: str) -> Reply:
        said = self.say(a)
        self.turns += 1
        return self.reply([*said, *self.still_asking()], act=a.act.kind)

    def _progress(self, a: Assessment, text: str) -> Reply:
        """ "What's my score?": no points, but where the learner stands; then the question again."""
        self.turns += 1
        standing = wording.standing_brief(self.rulebase, self.mastery, self.learner.params.prior)
        said = [*self.say(a), Move("feedback", standing)]
        return self.reply([*said, *self.still_asking()], act=a.act.kind)

    def _hint(self, a: Assessment, text: str) -> Reply:
        return replace(self.hint(), act=a.act.kind)

    def _skip(self, a: Assessment, text: str) -> Reply:
        return replace(self.skip(), act=a.act.kind)

    def _reveal(self, a: Assessment, text: str) -> Reply:
        """ "Just tell me": a waiting blank is filled in and the question asked again; else the gist, as a skip."""
        expected = self.current.expected
        if not (expected.blank and expected.answers):
            return self._skip(a, text)
        self.turns += 1
        filled = expected.blank.replace("___", f"**{(expected.words or expected.answers)[0]}**")
        self.current.pending, self.current.expected = None, Expected()
        return self.reply(
            [Move("feedback", wording.REVEALED), Move("assertion", filled), *self.still_asking()], act=a.act.kind
        )

    def _why(self, a: Assessment, text: str) -> Reply:
        if topics := self.named_in_last({"assertion"}):
            # "why though?" right after the tutor stated a point asks why the point holds, not why a verdict
            said = answers.answer(self.rulebase, LearnerQuestion("link", topics))
            return self.reply([Move("answer", said), *self.invite()], act="question")
        return replace(self.why(), act=a.act.kind)

    def _repeat(self, a: Assessment, text: str) -> Reply:
        if self.finished:
            return self.done()
        return self.reply([*self.say(a), *self.still_asking()], act=a.act.kind)

    def say(self, a: Assessment) -> list[Move]:
        """The intent's own words, varied by turn."""
        lines = self.intent_lines(a)
        return [Move("feedback", wording.pick(lines, self.turns))] if lines else []

    def hint(self) -> Reply:
        if self.finished:
            return self.done()
        self.turns += 1
        return self.reply(self.escalate(pump=False))

    def skip(self) -> Reply:
        if self.finished:
            return self.done()
        self.turns += 1
        return self.reply([Move("feedback", wording.SKIPPED), *self.close_step()])

    def repeat(self) -> Reply:
        return self.reply(self.still_asking())

    def rephrased(self) -> Move:
        """The question in other words: the author's rephrasing, else the rule base's wording, else a hint."""
        st = self.current
        step = st.step
        asked = self.question_move(step).text
        options = [step.rephrase, st.question.ask] + [self.ladder(e)[0].text for e in st.missing[:1]]
        text = next((o.strip() for o in options if o and o.strip() != asked), asked)
        return Move("question", text, f"{step.question}/rephrase")

    def invite(self) -> list[Move]:
        """One line that asks the pending question again, after the tutor answered one of the learner's."""
        if self.finished or self.state is None:
            return []
        pending = self.state.pending or self.question_move(self.state.step)
        return [Move("question", f"{wording.BACK} {pending.text}", pending.ref)]

    def why(self) -> Reply:
        """An explanation: the cues and rules behind the last verdict, and how the step's concepts connect."""
        parts = []
        if self.last is not None:
            parts.append(wording.describe_assessment(self.rulebase, self.last))
        step = self.state.step if self.state else None
        if step is not None and len(step.link) == 2:
            parts.append(explain_link(self.rulebase, *step.link))
        if not parts:
            parts.append(wording.NOTHING_TO_EXPLAIN)
        ref = f"{step.question}/explanation" if step else "explanation"
        return self.reply([Move("explanation", "\n\n".join(parts), ref)])

    # -- one attempt ----------------------------------------------------------------------

    def attempt(self, a: Assessment) -> list[Move]:
        st = self.current
        st.attempts += 1
        st.first_verdict = st.first_verdict or a.verdict
        new = [e for e in st.order if e in a.expectations and e not in st.covered and e not in st.asserted]
        st.covered |= set(new)
        self.credited += new
        for m in a.misconceptions:
            st.voiced[m] = st.voiced.get(m, 0) + 1
        if a.reply != "right" or new or a.misconceptions:
            self.observe(a, new)  # a bare right "yes" is no evidence either way
        moves = self.feedback(a, new)
        if not st.missing:
            return moves + self.close_step()
        if st.attempts >= MAX_ATTEMPTS:
            return moves + self.assert_all() + self.close_step()
        answered, holds_ladder = self.answer_misconceptions(a.misconceptions)
        moves += answered
        if holds_ladder:
            return moves
        if a.reply == "right" and not new and moves[-1].type == "pump":
            return moves  # the learner was asked to say more
        return moves + self.escalate(pump=bool(new))

    def feedback(self, a: Assessment, new: list[str]) -> list[Move]:
        st = self.current
        q = st.step.question
        if new:
            opener = wording.opener(a.verdict, self.turns)
            moves = [Move("feedback", opener)] if opener else []
            for e in new:
                authored = st.step.expectations.get(e)
                if authored and authored.praise:
                    moves.append(self.use(Move("feedback", authored.praise, f"{q}/praise/{e}")))
                elif st.missing:  # with the step complete, the summary that follows says it all
                    moves.append(Move("feedback", wording.praise(st.question.expectations[e].text)))
            return moves
        if a.misconceptions:
            return []  # the challenge or correction that follows is the feedback
        if a.reply == "right" and st.pending is not None and st.pending.type == "challenge":
            return [Move("feedback", wording.pick(wording.SEES_IT, self.turns))]
        if a.reply == "right":
            return [self.asking(Move("pump", wording.pick(wording.SAY_MORE, self.turns), f"{q}/say_more"))]
        if a.reply == "wrong":
            hint = self.hint_of(st.pending)
            if st.pending is not None and hint is not None and hint.if_wrong:
                return [self.use(Move("correction", hint.if_wrong, f"{st.pending.ref}/if_wrong"))]
            return [Move("feedback", wording.pick(wording.NOT_QUITE, self.turns))]
        return [Move("feedback", wording.no_progress(a, bool(a.expectations), self.turns, self.intent_lines(a)))]

    def intent_lines(self, a: Assessment) -> tuple[str, ...]:
        """What rules/intents.yaml gives the tutor to say to this act (`say:`)."""
        intent = self.rulebase.intents.get(a.act.intent or "")
        return tuple(intent.say) if intent else ()

    def answer_misconceptions(self, voiced: tuple[str, ...]) -> tuple[list[Move], bool]:
        """Challenge a new misconception; correct one that persists, each time in other words; after the
        third insistence, say where the essay stands and move on. True when these moves stand in for help."""
        st = self.current
        q = st.step.question
        for m in voiced:
            times = st.voiced[m]
            if times > INSISTENCES:
                self.exercised.add(f"{q}/disagree/{m}")
                return [
                    Move("correction", wording.disagree(self.rulebase, m)),
                    *self.assert_all(),
                    *self.close_step(),
                ], True
            kind, text, ref = self.fresh_words(m, times)
            move = Move(kind, text, ref)
            if kind == "challenge":  # one question at a time: wait for the answer to the challenge
                authored = st.step.misconceptions.get(m)
                expects = authored.expects if authored and times == 1 else None  # `expects` is the first's reply
                return [self.asking(move, Expected(yes_no=expects, wrong_holds=m) if expects else None)], True
            return [self.use(move), *self.ask_again()], True
        return [], False

    def ask_again(self) -> list[Move]:
        """The step's question after a correction, in words not yet said in this step (its wording, then
        its rephrasing); once both are spent, the next rung of help rather than the same words again."""
        st = self.current
        for move in (self.question_move(st.step), self.rephrased()):
            if move.text not in st.asked:
                return [self.asking(move, self.question_expects(st.question))]
        return self.escalate(pump=False)

    def fresh_words(self, m: str, times: int) -> tuple[str, str, str]:
        """(move type, words, ref) for the `times`-th meeting with a misconception: a challenge first, then
        corrections, never in words already said in this session."""
        authored = self.current.step.misconceptions.get(m)
        q = self.current.step.question
        challenges = [
            ("challenge", t, f"{q}/challenge/{m}" + (f"/{i}" if i else ""))
            for i, t in enumerate(authored.challenges if authored else [wording.challenge(self.rulebase, m)])
        ]
        corrections = [
            ("correction", t, f"{q}/correction/{m}" + (f"/{i}" if i else ""))
            for i, t in enumerate(authored.corrections if authored else [])
        ]
        composed = [("correction", t, f"{q}/correction/{m}") for t in wording.corrections(self.rulebase, m)]
        # First a question that exposes the contradiction, then a correction, then another angle.
        order = challenges + corrections + composed if times != 2 else corrections + composed + challenges
        for kind, text, ref in order:
            if text not in self.said:
                self.said.add(text)
                return kind, text, ref
        kind, text, ref = order[times % len(order)]
        return kind, wording.once_more(text, times), ref

    def escalate(self, pump: bool) -> list[Move]:
        """The next rung of help for the first missing expectation; after an assertion, go on to the next."""
        st = self.current
        q = st.step.question
        if pump and not st.helped:
            for i, p in enumerate(st.step.pumps):
                if i not in st.pumps_used and (isinstance(p, str) or p.asks in st.missing):
                    st.pumps_used.add(i)
                    return [self.asking(Move("pump", p if isinstance(p, str) else p.text, f"{q}/pump/{i}"))]
        moves: list[Move] = []
        while st.missing:
            e = st.missing[0]
            move = self.ladder(e)[st.rung.get(e, 0)]
            st.rung[e] = st.rung.get(e, 0) + 1
            st.helped = True
            if move.type != "assertion":
                return moves + [self.asking(move, self.expected_of(e, move))]
            st.asserted.add(e)
            moves.append(self.use(move))
        return moves + self.close_step()

    def ladder(self, e: str) -> list[Move]:
        """Hints, prompt, assertion for one expectation; the rule base's words when the author wrote none."""
        st = self.current
        q = st.step.question
        authored = st.step.expectations.get(e)
        rungs = [
            Move("hint", h if isinstance(h, str) else h.text, f"{q}/hint/{e}/{i}")
            for i, h in enumerate(authored.hints if authored else [])
        ]
        if authored and authored.prompt:
            prompt = authored.prompt
            rungs.append(Move("prompt", prompt if isinstance(prompt, str) else prompt.text, f"{q}/prompt/{e}"))
        text = (
            authored.assertion
            if authored and authored.assertion
            else wording.sentence(st.question.expectations[e].text)
        )
        rungs.append(Move("assertion", text, f"{q}/assertion/{e}"))
        return rungs

    def expected_of(self, e: str, move: Move) -> Expected:
        """The reply a hint or prompt of expectation `e` declares (see dialogue/models.py)."""
        authored = self.current.step.expectations.get(e)
        if authored is None:
            return Expected()
        if move.type == "prompt" and isinstance(authored.prompt, Prompt):
            return Expected(blank=authored.prompt.text, answers=tuple(authored.prompt.answers), serves=e)
        hint = self.hint_of(move)
        if hint is not None:
            return Expected(yes_no=hint.expects, wrong_holds=hint.wrong_holds, answers=tuple(hint.answers), serves=e)
        return Expected()

    def hint_of(self, move: Move | None) -> Hint | None:
        """The authored hint that asks for a reply (see Hint) a hint move of this step says, if it is one."""
        if move is None or move.type != "hint" or not move.ref:
            return None
        _, _, e, i = move.ref.split("/")
        authored = self.current.step.expectations.get(e)
        hint = authored.hints[int(i)] if authored else None
        return hint if isinstance(hint, Hint) else None

    def assert_all(self) -> list[Move]:
        moves = []
        for e in self.current.missing:
            self.current.asserted.add(e)
            moves.append(self.use(self.ladder(e)[-1]))
        return moves

    # -- steps ---------------------------------------------------------------------------

    def begin(self, step: Step) -> list[Move]:
        question = self.rulebase.questions[step.question]
        order = list(step.expectations) + [e for e in question.expectations if e not in step.expectations]
        self.state = StepState(step, question, order)
        self.asked.append(step.question)
        moves = [self.asking(self.question_move(step), self.question_expects(question))]
        early = self.early.pop(step.question, set())
        made = [e for e in order if e in early]
        if not made:
            return moves
        self.state.covered |= set(made)
        self.credited += made
        concepts = {c for e in made for c in question.expectations[e].concepts} & set(self.learner.mastery)
        self.learner.observe_turn(concepts, set())
        moves.append(
            Move(
                "feedback", wording.made_already([question.expectations[e].text for e in made], not self.state.missing)
            )
        )
        return moves + (self.close_step() if not self.state.missing else [])

    @staticmethod
    def question_expects(question: Question) -> Expected:
        y = question.yes_no
        return Expected(yes_no=y.right, wrong_holds=y.wrong_holds, serves=y.serves) if y else Expected()

    def note_early(self, text: str, answered: str) -> None:
        """Points of questions still to come that this answer already makes (AutoTutor keeps coverage
        for the whole conversation): credited when their question comes."""
        for step in self.remaining_steps():
            if step.question == answered:
                continue
            a = self.checker.assess(step.question, text)
            if a.expectations:
                self.early.setdefault(step.question, set()).update(a.expectations)

    def close_step(self) -> list[Move]:
        """Summary, then the next step's question, or the end of the dialogue."""
        st = self.current
        moves = [self.use(Move("summary", st.step.summary.strip(), f"{st.step.question}/summary"))]
        following = self.next_step()
        if following is None:
            self.finished = True
            st.pending = None
            return moves + [
                Move("summary", wording.closing(self.dialogue.closing, self.rulebase, self.mastery), "closing")
            ]
        return moves + self.begin(following)

    def next_step(self) -> Step | None:
        st = self.current
        for j, t in enumerate(st.step.next):
            holds = (
                (t.verdict is None and t.misconception is None)
                or t.verdict == st.first_verdict
                or t.misconception in st.voiced
            )
            if not holds:
                continue
            self.exercised.add(f"{st.step.question}/next/{j}")
            if t.goto == END:
                return None
            if t.goto not in self.asked:
                return self.dialogue.step(t.goto)
        remaining = self.remaining_steps()
        return self.pick_step(remaining) if remaining else None

    def remaining_steps(self) -> list[Step]:
        """Steps still to come: in a fixed dialogue those after the current one, in an adaptive one all unasked."""
        steps = self.dialogue.steps
        if self.dialogue.order == "fixed" and self.state is not None:
            current = next(i for i, s in enumerate(steps) if s.question == self.state.step.question)
            steps = steps[current + 1 :]
        return [s for s in steps if s.question not in self.asked] if not self.finished else []

    def pick_step(self, candidates: list[Step]) -> Step:
        """Fixed order: the first. Adaptive: among steps whose prerequisite concepts no other candidate still
        teaches, the one with the weakest concept (ties: authored order)."""
        if self.dialogue.order == "fixed":
            return candidates[0]
        teaches = {s.question: self.step_concepts(s) for s in candidates}
        needs = {
            s.question: set().union(*(prerequisites(self.rulebase, c) for c in teaches[s.question]))
            - teaches[s.question]
            for s in candidates
        }
        ready = [
            s for s in candidates if not any(needs[s.question] & teaches[o.question] for o in candidates if o is not s)
        ] or candidates
        mastery = self.learner.mastery
        return min(ready, key=lambda s: min((mastery[c] for c in teaches[s.question]), default=1.0))

    def step_concepts(self, step: Step) -> set[str]:
        q = self.rulebase.questions[step.question]
        return set(q.concepts) | {c for e in q.expectations.values() for c in e.concepts}

    # -- helpers ---------------------------------------------------------------------------

    def observe(self, a: Assessment, new: list[str]) -> None:
        """The learner model's evidence from one attempt (see learner.py)."""
        st = self.current

        def concepts(e: str) -> set[str]:
            return set(st.question.expectations[e].concepts) or set(st.question.concepts)

        shown = set(a.concepts).union(*(concepts(e) for e in a.expectations if e in st.question.expectations))
        missed = set().union(*(concepts(e) for e in st.missing)) - shown
        for m in a.misconceptions:
            missed |= set(self.rulebase.misconceptions[m].concepts) if m in self.rulebase.misconceptions else set()
        known = set(self.learner.mastery)
        self.learner.observe_turn(shown & known, missed & known)

    def question_move(self, step: Step) -> Move:
        text = step.ask or self.rulebase.questions[step.question].ask
        return Move("question", text.strip(), f"{step.question}/question")

    def still_asking(self) -> list[Move]:
        """What the tutor is waiting for: the question, and the hint, prompt or challenge on top of it."""
        if self.finished or self.state is None:
            return [Move("feedback", wording.ALREADY_DONE)]
        moves = [self.question_move(self.state.step)]
        pending = self.state.pending
        if pending is not None and pending.type != "question":
            moves.append(pending)
        return moves

    def asking(self, move: Move, expected: Expected | None = None) -> Move:
        self.current.pending = move
        if move.type == "question":
            self.current.asked.add(move.text)
        self.current.expected = expected or Expected()
        return self.use(move)

    def use(self, move: Move) -> Move:
        if move.ref:
            self.exercised.add(move.ref)
        return move

    def done(self) -> Reply:
        return self.reply([Move("feedback", wording.ALREADY_DONE)])

    def reply(self, moves: list[Move], assessment: Assessment | None = None, act: str = "request") -> Reply:
        """The turn's reply. What it credited is the turn's own: a hint, a repeat or a turn after the end
        that follows a credited answer credits nothing again."""
        credited, self.credited = tuple(dict.fromkeys(self.credited)), []
        self.last_said = tuple(moves)
        return Reply(tuple(moves), assessment, self.question, self.progress, self.mastery, self.finished, act, credited)
