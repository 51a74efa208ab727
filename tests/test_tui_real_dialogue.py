"""The shipped `no-choice` dialogue in the app, end to end with the real checker: what a learner sees."""

from __future__ import annotations

import json

from test_tui_chat import learner_texts, say, settle

from tutor.storage.database import Store
from tutor.surfaces.display import escape_markdown
from tutor.tui.app import TutorApp
from tutor.tui.widgets.chat import TutorMessage

NO_CHOICE = "Russia had no choice, NATO forced it to invade."


def move_types(app) -> list[str]:
    return [m.move_type for m in app.screen.query(TutorMessage)]


async def test_no_choice_chat_challenge_hint_why_save_quit_and_resume(tmp_path, monkeypatch):
    monkeypatch.delenv("TUTOR_CONTENT", raising=False)
    store = Store.open(tmp_path / "tutor.db")
    learner = store.learner("ana")
    app = TutorApp(store, learner, dialogue="no-choice")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert move_types(app)[-1] == "question"
        await say(pilot, NO_CHOICE)
        assert "challenge" in move_types(app)
        assert "dilemma" in app.screen.query(TutorMessage)[-1].source.lower()
        await pilot.press("f2")
        await settle(pilot)
        assert move_types(app)[-1] == "hint"
        await pilot.press("f3")
        await settle(pilot)
        assert move_types(app)[-1] == "explanation"
        assert "no choice" in app.screen.query(TutorMessage)[-1].source.lower()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert not app.is_running
    saved = json.loads((tmp_path / "transcripts" / "session-1-no-choice.json").read_text())
    assert saved["turns"][1]["text"] == NO_CHOICE
    assert "no_choice" in saved["turns"][1]["assessment"]["misconceptions"]
    assert escape_markdown(NO_CHOICE) in (tmp_path / "transcripts" / "session-1-no-choice.md").read_text()

    again = TutorApp(store, learner, resume=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert learner_texts(again) == [NO_CHOICE, "(asked for a hint)", "(asked why)"]
        assert move_types(again)[-1] == "explanation"
        await say(pilot, "Russia chose to interpret NATO's moves as a threat; it had a choice.")
        assert len(learner_texts(again)) == 4
    assert [t.kind for t in store.turns(1)] == ["start", "answer", "hint", "why", "answer"]
    store.close()
