"""The recorder: every turn is stored as it happens, and a session resumes by replaying them.

The fakes here (a two-question session, a course around it) are also used by the plain-mode
and TUI tests, so that the surfaces are tested apart from the rule base's tuning.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tutor.assessment.types import Assessment
from tutor.dialogue.moves import Move, Reply
from tutor.service.course import Course
from tutor.service.recorder import Recorder
from tutor.storage.database import Store

QUESTIONS = {"q1": "Did Russia have a choice?", "q2": "What does self-limitation counsel?"}


class FakeSession:
    """A deterministic two-question session: 'no choice' draws a challenge, anything else moves on."""

    def __init__(self):
        self.order = list(QUESTIONS)
        self.at = 0
        self.mastery = {"choice": 0.1, "prudence_restraint": 0.1}
        self.last: Assessment | None = None
        self.finished = False

    @property
    def question(self):
        return None if self.finished else self.order[self.at]

    @property
    def progress(self):
        return (min(self.at + 1, len(self.order)), len(self.order))

    def reply(self, moves, assessment=None):
        return Reply(tuple(moves), assessment, self.question, self.progress, dict(self.mastery), self.finished)

    def start(self):
        return self.reply([Move("question", QUESTIONS["q1"])])

    def answer(self, text):
        if "no choice" in text.lower():
            self.last = Assessment(self.question, "misconception", misconceptions=("no_choice",))
            return self.reply(
                [Move("challenge", "If Russia truly had *no choice*, would there be a dilemma at all?")], self.last
            )
        self.last = Assessment(self.question, "correct", concepts=("choice",))
        self.mastery["choice"] = 0.9
        return self.reply([Move("feedback", "Yes: states **choose** how to read others."), *self.advance()], self.last)

    def advance(self):
        self.at += 1
        if self.at >= len(self.order):
            self.finished = True
            return [Move("summary", "That is the essay's argument.")]
        return [Move("question", QUESTIONS[self.order[self.at]])]

    def hint(self):
        return self.reply([Move("hint", "Think about who *reads* the threat.")])

    def why(self):
        verdict = self.last.verdict if self.last else "nothing yet"
        return self.reply([Move("explanation", f"I judged your last answer: {verdict}.")])

    def skip(self):
        return self.reply(self.advance())

    def repeat(self):
        return self.reply([Move("question", QUESTIONS[self.question])])


class FakeCourse(Course):
    def __init__(self, fingerprint: str = ""):
        dialogue = SimpleNamespace(id="fake", title="A fake dialogue", description="Two questions for tests.")
        rulebase = SimpleNamespace(
            concepts={
                "choice": SimpleNamespace(name="Choice", summary="States choose."),
                "prudence_restraint": SimpleNamespace(name="Prudence and restraint", summary="Be careful."),
            },
            relations=[
                SimpleNamespace(
                    source="prudence_restraint", type="prevents", target="choice", says="A made-up link for tests."
                )
            ],
        )
        super().__init__({"fake": dialogue}, rulebase, SimpleNamespace(warm=lambda: None), fingerprint)

    def new_session(self, dialogue_id):
        return FakeSession()


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    yield store
    store.close()


def test_every_turn_is_in_the_database_as_soon_as_it_is_taken(store, tmp_path):
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    recorder.act("answer", "Russia had no choice")
    recorder.act("hint")
    # A second connection (another process, or the same one after a kill) sees every turn.
    other = Store.open(tmp_path / "tutor.db")
    turns = other.turns(recorder.session_id)
    other.close()
    assert [t.kind for t in turns] == ["start", "answer", "hint"]
    assert turns[1].text == "Russia had no choice"
    assert turns[1].assessment["verdict"] == "misconception"
    assert turns[1].moves[0]["type"] == "challenge"


def test_resume_replays_the_events_into_a_fresh_session(store):
    course = FakeCourse()
    learner = store.learner("ana")
    recorder, _ = Recorder.begin(store, course, learner, "fake")
    recorder.act("answer", "States choose how to read others.")
    info = store.last_unfinished(learner)
    resumed, turns = Recorder.resume(store, course, info)
    assert resumed.session.question == "q2"
    assert not resumed.diverged
    assert len(turns) == 2
    assert resumed.act("answer", "prudence").finished
    assert store.last_unfinished(learner) is None
    assert store.session(info.id).status == "finished"


def test_a_changed_dialogue_is_noticed_on_resume(store):
    course = FakeCourse()
    recorder, _ = Recorder.begin(store, course, store.learner("ana"), "fake")
    recorder.act("hint")
    with store._db:
        store._db.execute("UPDATE turns SET moves = '[]' WHERE kind = 'hint'")
    resumed, _ = Recorder.resume(store, course, store.session(recorder.session_id))
    assert resumed.diverged


def test_restart_keeps_the_old_session_in_history_but_not_resumable(store):
    learner = store.learner("ana")
    recorder, _ = Recorder.begin(store, FakeCourse(), learner, "fake")
    fresh, reply = recorder.restart()
    assert reply.moves[0].type == "question"
    assert store.session(recorder.session_id).status == "abandoned"
    assert store.last_unfinished(learner).id == fresh.session_id
    assert len(store.sessions()) == 2
