"""Quiz scripts: the dialogue, questions, expectations and misconceptions they name must exist."""

from __future__ import annotations

from tutor.content.problems import Problem
from tutor.dialogue.models import Dialogue
from tutor.quiz.script import QuizScript, check_script
from tutor.validate.loading import Content


def quiz_ids(content: Content) -> list[Problem]:
    dialogues = {d.id: d for loaded in content.dialogues if isinstance(d := loaded.model, Dialogue)}
    return [
        p
        for loaded in content.quiz
        if isinstance(script := loaded.model, QuizScript)
        for p in check_script(loaded.doc, script, dialogues, content.base)
    ]
