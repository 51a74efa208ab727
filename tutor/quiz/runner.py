"""Run one quiz script headless through the dialogue manager and check what it expects."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.content.rulebase import RuleBase
from tutor.content.yamlfile import YamlDoc
from tutor.dialogue.models import Dialogue
from tutor.dialogue.moves import Move, Reply
from tutor.dialogue.session import AnswerChecker, Session
from tutor.quiz.script import Expect, QuizScript, RunExpect, Turn


@dataclass
class TurnResult:
    answer: str
    question: str | None  # the question being answered
    reply: Reply
    failures: list[str] = field(default_factory=list)
    before: dict[str, float] = field(default_factory=dict)  # mastery before the turn

    @property
    def act(self) -> str:
        return self.reply.act

    @property
    def verdict(self) -> str | None:
        return self.reply.assessment.verdict if self.reply.assessment else None

    @property
    def expectations(self) -> list[str]:
        """Expectations the turn covered, and those of a question begun that the learner had made earlier."""
        covered = self.reply.assessment.expectations if self.reply.assessment else ()
        return list(dict.fromkeys((*covered, *self.reply.credited)))

    @property
    def misconceptions(self) -> list[str]:
        return list(self.reply.assessment.misconceptions) if self.reply.assessment else []


@dataclass
class ScriptResult:
    script: str  # the file, as the user named it
    dialogue: str
    opening: tuple[Move, ...]
    turns: list[TurnResult]
    failures: list[str]  # about the whole run
    mastery: dict[str, float]
    asked: list[str]
    covered: list[str]  # expectations the learner covered, in order
    exercised: set[str]  # refs of authored items used (coverage)
    finished: bool
    total_checks: int  # expectations the script stated (each key of each `expect`)

    @property
    def passed(self) -> bool:
        return not self.failures and not any(t.failures for t in self.turns)

    @property
    def checks(self) -> tuple[int, int]:
        """(met, total) expectations the script stated."""
        failed = len(self.failures) + sum(len(t.failures) for t in self.turns)
        return self.total_checks - failed, self.total_checks


def run_script(
    doc: YamlDoc, script: QuizScript, dialogue: Dialogue, checker: AnswerChecker, rulebase: RuleBase
) -> ScriptResult:
    session = Session(dialogue, checker, rulebase)
    opening = session.start()
    turns: list[TurnResult] = []
    total = 0
    learner = SimulatedLearner(script.answers, script.default) if script.answers is not None else None
    planned = [(turn, ("turns", i)) for i, turn in enumerate(script.turns or [])]
    while not session.finished:
        if learner is not None:
            if len(turns) >= script.max_turns:
                break
            turn, loc = learner.next(session.current.step.question)
        elif len(turns) < len(planned):
            turn, loc = planned[len(turns)]
        else:
            break
        asked, before = session.question, session.mastery
        result = TurnResult(turn.answer, asked, session.answer(turn.answer), before=before)
        if turn.expect is not None:
            total += count(turn.expect)
            where = f"{doc.file}:{doc.where(loc + ('expect',))[0]}"
            result.failures = [f"{where}: turn {len(turns) + 1}: {f}" for f in check_turn(turn.expect, result)]
        turns.append(result)
    replies = [opening] + [t.reply for t in turns]
    failures = []
    if learner is not None and not session.finished:
        failures.append(f"{doc.file}: the dialogue had not ended after max_turns={script.max_turns} turns")
    if script.expect is not None:
        total += count(script.expect)
        where = f"{doc.file}:{doc.where(('expect',))[0]}"
        failures += [f"{where}: {f}" for f in check_run(script.expect, session, replies)]
    covered = [e for t in turns for e in t.expectations]
    return ScriptResult(
        doc.file,
        dialogue.id,
        opening.moves,
        turns,
        failures,
        session.mastery,
        list(session.asked),
        list(dict.fromkeys(covered)),
        set(session.exercised),
        session.finished,
        total,
    )


class SimulatedLearner:
    """Answers whichever question is asked with its next unused answer, then with the script's default."""

    def __init__(self, answers: dict[str, list[str | Turn]], default: str):
        self.answers = answers
        self.default = default
        self.used: dict[str, int] = {}

    def next(self, question: str) -> tuple[Turn, tuple]:
        answers = self.answers.get(question, [])
        i = self.used.get(question, 0)
        if i >= len(answers):
            return Turn(answer=self.default), ("default",)
        self.used[question] = i + 1
        answer = answers[i]
        return (answer if isinstance(answer, Turn) else Turn(answer=answer)), ("answers", question, i)


def count(expect: Expect | RunExpect) -> int:
    return sum(1 for value in expect.model_dump().values() if value not in (None, []))


def check_turn(expect: Expect, result: TurnResult) -> list[str]:
    failures = []
    reply = result.reply
    if expect.act is not None and result.act != expect.act:
        failures.append(f"expected the turn to be read as {expect.act}, it was read as {result.act}")
    if expect.mastery_kept and any(result.reply.mastery.get(c, p) < p - 1e-9 for c, p in result.before.items()):
        failures.append("expected mastery to stay as it was, it went down")
    if expect.verdict is not None and result.verdict != expect.verdict:
        failures.append(f"expected verdict {expect.verdict}, got {result.verdict}")
    if expect.misconceptions is not None and set(result.misconceptions) != set(expect.misconceptions):
        failures.append(f"expected misconceptions {sorted(expect.misconceptions)}, got {sorted(result.misconceptions)}")
    missing = [e for e in expect.expectations if e not in result.expectations]
    if missing:
        failures.append(f"expected expectations {missing} to be covered, got {result.expectations}")
    if expect.question is not None and result.question != expect.question:
        failures.append(f"expected to be answering {expect.question}, was answering {result.question}")
    if expect.move is not None and not reply.has(expect.move):
        failures.append(f"expected a {expect.move} move, got {[m.type for m in reply.moves]}")
    text = reply.text.lower()
    for phrase in expect.says:
        if phrase.lower() not in text:
            failures.append(f"expected the reply to say {phrase!r}")
    return failures


def check_run(expect: RunExpect, session: Session, replies: list[Reply]) -> list[str]:
    failures = []
    if expect.finished is not None and session.finished != expect.finished:
        failures.append(
            f"expected finished={expect.finished}, the dialogue {'ended' if session.finished else 'had not ended'}"
        )
    not_asked = [q for q in expect.asked if q not in session.asked]
    if not_asked:
        failures.append(f"expected questions {not_asked} to be asked; asked {session.asked}")
    said = [m.text for r in replies for m in r.moves if m.type in expect.varied]
    repeated = sorted({t for t in said if said.count(t) > 1})
    if repeated:
        failures.append(
            f"expected no {'/'.join(expect.varied)} twice in the same words; repeated: {repeated[0][:80]!r}"
        )
    used = {m.type for r in replies for m in r.moves}
    for move in expect.never:
        if move in used:
            failures.append(f"expected no {move} move, but the tutor used one")
    return failures
