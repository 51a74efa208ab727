"""`tutor --plain`: the same tutoring session as a line-by-line prompt, without Textual.

For screen readers, pipes (`echo answers | tutor --plain --dialogue no-choice`) and dumb
terminals. Every line is one learner turn; `/hint`, `/why`, `/skip`, `/repeat` ask for
those moves, `/quit` (or end of input) stops. Progress is saved after every turn.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from tutor.content.problems import ContentError
from tutor.service.course import Course, load_course, load_dialogues
from tutor.service.recorder import Recorder, answer_problem
from tutor.storage.database import NotSaved, StorageError, Store, StoredTurn
from tutor.surfaces.display import mastery_lines, visible

COMMANDS = {"/hint": "hint", "/why": "why", "/skip": "skip", "/repeat": "repeat"}
HELP = (
    "Type your answer and press Enter; you may also ask questions of your own (what does prudence mean?). "
    "Commands: /hint for a hint, /why to hear why the tutor judged "
    "your last answer so, /skip to skip the question, /repeat to hear it again, /quit to stop "
    "(your progress is saved; continue later with `tutor --plain --resume`)."
)


class PlainTutor:
    """The prompt loop: reads learner lines from `stdin`, prints the tutor's moves to `stdout`."""

    def __init__(self, store: Store, learner_id: int, content: list[Path] | None, stdin: TextIO, stdout: TextIO):
        self.store, self.learner_id, self.content = store, learner_id, content
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")  # a byte that is not UTF-8 is one odd character, not a crash
        self.stdin, self.stdout = stdin, stdout
        self.question_shown: tuple[int, int] | None = None

    def run(self, dialogue_id: str | None, resume: bool) -> int:
        dialogues = load_dialogues(self.content)
        if dialogue_id is not None and dialogue_id not in dialogues:
            print(
                f"tutor: error: unknown dialogue {dialogue_id!r}; known: {', '.join(sorted(dialogues))}",
                file=sys.stderr,
            )
            return 2
        unfinished = self.store.last_unfinished(self.learner_id)
        if resume and unfinished is None:
            self.say("There is no unfinished session to resume; choose a dialogue.")
            resume = False
        if dialogue_id is None and not resume:
            dialogue_id, resume = self.choose(dialogues, unfinished)
            if dialogue_id is None and not resume:
                return 0
        course = load_course(self.content, dialogues)
        if resume and unfinished is not None:
            try:
                recorder, turns = Recorder.resume(self.store, course, unfinished)
            except StorageError as e:  # held by another tutor, or made with other content: offer a new one
                self.say(f"Cannot resume: {e}.")
                dialogue_id, _ = self.choose(dialogues, None)
                return self.run(dialogue_id, False) if dialogue_id else 0
            self.warn_damaged()
            self.replay(turns)
            if recorder.diverged:
                self.say(
                    "(The dialogue has changed since this session was saved; continuing from where it stands now.)"
                )
            if recorder.session.finished:
                return self.finish(course, recorder)
        else:
            assert dialogue_id is not None  # given, or chosen: choose() returns None only to leave or resume
            try:
                recorder, reply = Recorder.begin(self.store, course, self.learner_id, dialogue_id)
            except StorageError as e:
                print(f"tutor: error: cannot start the session: {e}", file=sys.stderr)
                return 2
            self.say(f"{course.dialogues[dialogue_id].title}. {HELP}")
            self.show([m.text for m in reply.moves], reply.progress)
        return self.loop(course, recorder)

    def choose(self, dialogues: dict, unfinished) -> tuple[str | None, bool]:
        """Ask which dialogue to start (or to resume); (None, False) when the learner leaves."""
        options = [(d.id, f"{d.title}: {d.description}") for d in dialogues.values()]
        if unfinished is not None:
            options.insert(
                0,
                (
                    "",
                    f"Resume {unfinished.title} (question {unfinished.progress[0]} of "
                    f"{unfinished.progress[1]}, {unfinished.turns} turns so far)",
                ),
            )
        self.say("Choose a dialogue by number or id:")
        for i, (_, label) in enumerate(options, 1):
            self.say(f"  {i}. {label}")
        while (line := self.read()) is not None:
            choice = line.strip()
            for i, (ident, _) in enumerate(options, 1):
                if choice in (str(i), ident) and choice:
                    return (ident or None), ident == ""
            self.say(f"Please type a number from 1 to {len(options)}, or /quit.")
        return None, False

    def loop(self, course: Course, recorder: Recorder) -> int:
        unsaved = ""  # a turn whose save failed: an empty line sends it again
        while (line := self.read()) is not None:
            line = line.strip() or unsaved
            if not line:
                continue
            if line == "/help":
                self.say(HELP)
                continue
            if problem := answer_problem(line):
                self.say(problem)
                continue
            kind = COMMANDS.get(line.lower(), "answer")
            try:
                reply = recorder.act(kind, "" if kind != "answer" else line)
            except ContentError:
                raise
            except NotSaved as e:  # the session is back where the last saved turn left it
                unsaved = line
                self.say(
                    f"That {'answer' if kind == 'answer' else 'request'} was NOT saved ({e}), so the tutor "
                    "has not moved on. Press Enter to send it again (after freeing disk space, say), "
                    "or /quit: everything before it is saved."
                )
                continue
            except Exception as e:  # an engine failure: say so and go on; every turn before it is saved
                print(f"tutor: error: the tutor could not handle that turn: {e}", file=sys.stderr)
                continue
            unsaved = ""
            self.show([m.text for m in reply.moves], reply.progress)
            if reply.finished:
                return self.finish(course, recorder)
        if self.store.read_only:
            self.say(f"Nothing was saved ({self.store.read_only}).")
        else:
            self.say(f"Progress saved (session {recorder.session_id}). Continue with: tutor --plain --resume")
        return 0

    def warn_damaged(self) -> None:
        for warning in self.store.warnings:
            print(f"tutor: warning: {warning}", file=sys.stderr)
        self.store.warnings.clear()

    def read(self) -> str | None:
        """The next line, or None at end of input or on /quit. Piped lines are echoed, so that the
        output reads as a conversation."""
        interactive = self.stdin.isatty()
        if interactive:
            self.stdout.write("> ")
            self.stdout.flush()
        line = self.stdin.readline()
        if not line or line.strip().lower() in ("/quit", "/exit"):
            return None
        if not interactive and line.strip():
            self.say(f"You: {visible(line.strip())}")
        return line

    def replay(self, turns: list[StoredTurn]) -> None:
        self.say("Resuming your session. So far:")
        for turn in turns:
            if turn.kind == "answer":
                self.say(f"You: {visible(turn.text)}")
            elif turn.kind != "start":
                self.say(f"You asked: /{turn.kind}")
            self.show([m["text"] for m in turn.moves], None)

    def show(self, texts: list[str], progress: tuple[int, int] | None) -> None:
        if progress is not None and progress != self.question_shown and progress[1]:
            self.question_shown = progress
            self.say(f"[Question {progress[0]} of {progress[1]}]")
        for text in texts:
            self.say(f"Tutor: {plain_text(text)}")

    def finish(self, course: Course, recorder: Recorder) -> int:
        names = {c: concept.name for c, concept in course.rulebase.concepts.items()}
        self.say("The dialogue is finished. Your mastery of the essay's concepts:")
        for line in mastery_lines(recorder.session.mastery, names):
            self.say(f"  {line}")
        return 0

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n\n")
        self.stdout.flush()


_EMPHASIS = re.compile(r"(\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&:$=\"'])")


def plain_text(markdown: str) -> str:
    """The tutor's Markdown as plain text for a terminal or a screen reader: no asterisks or escapes."""
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub(r"\2", markdown)).replace("`", "")
