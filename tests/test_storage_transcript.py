"""Saved transcripts: Markdown a learner can read, JSON a tool can parse, learner text shown as typed."""

from __future__ import annotations

import json

from test_storage_recorder import FakeCourse

from tutor.service.recorder import Recorder
from tutor.storage.database import Store
from tutor.surfaces.display import escape_markdown, visible
from tutor.surfaces.transcript import TranscriptFile, save_transcript

TRICKY = "[bold]x[/bold] a [/b] b *not emphasis* # not a heading \x1b[31mred\x1b[0m 🙂"


def test_markdown_and_json_hold_every_turn(tmp_path):
    store = Store.open(tmp_path / "tutor.db")
    recorder, _ = Recorder.begin(store, FakeCourse(), store.learner("ana"), "fake")
    recorder.act("answer", TRICKY)
    recorder.act("why")
    markdown, json_file = save_transcript(store, recorder.session_id, tmp_path / "out", {"choice": "Choice"})
    store.close()
    text = markdown.read_text()
    assert "Did Russia have a choice?" in text and "(asked why)" in text
    assert "\x1b" not in text and "␛" in text  # the escape is visible, not sent to a terminal
    assert "\\*not emphasis\\*" in text and "\\# not a heading" in text
    record = TranscriptFile.model_validate(json.loads(json_file.read_text()))
    assert [t.kind for t in record.turns] == ["start", "answer", "why"]
    assert record.turns[1].text == TRICKY  # JSON keeps the exact words


def test_escaped_markdown_renders_back_to_the_learners_words():
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(escape_markdown("*a* _b_ [c](d) `e` <f>"))
    assert html.strip() == "<p>*a* _b_ [c](d) `e` &lt;f&gt;</p>"


def test_control_characters_become_visible_symbols():
    assert visible("a\x1b[1mb\x07") == "a␛[1mb␇"
