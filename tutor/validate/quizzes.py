"""Quiz scripts: the dialogue, questions, expectations and misconceptions they name must exist."""
from __future__ import annotations

from tutor.content.problems import Problem
from tutor.quiz.script import check_script
from tutor.validate.loading import Content


def quiz_ids(content: Content) -> list[Problem]:
    dialogues = {loaded.model.id: loaded.model for loaded in content.dialogues}
    return [p for loaded in content.quiz for p in check_script(loaded.doc, loaded.model, dialogues, content.base)]
