"""`tutor --plain --json`: the tutoring session as a JSON line protocol, for other front ends (a web
page, an LMS, a chat bot) and for test programs.

In:  one learner turn per line: plain text, or {"text": "..."}, or {"command": "hint|repeat|skip|why"}.
Out: after the opening and after each input line, exactly one JSON object on one line, flushed:
     {"turn", "question", "act", "verdict", "expectations", "misconceptions", "moves", "mastery", "finished"}
     A line that cannot be used gets {"turn", "line", "error"} instead; the session goes on.
Every turn is saved as in plain mode, so `tutor --plain --json --resume` continues a session.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from tutor.dialogue.moves import Reply
from tutor.service.course import load_course, load_dialogues
from tutor.service.recorder import Recorder, answer_problem
from tutor.storage.database import StorageError, Store

COMMANDS = ("hint", "repeat", "skip", "why")


class JsonTutor:
    def __init__(self, store: Store, learner_id: int, content: list[Path] | None, stdin: TextIO, stdout: TextIO):
        self.store, self.learner_id, self.content = store, learner_id, content
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")  # a byte that is not UTF-8 is one odd character, not a lost turn
        self.stdin, self.stdout = stdin, stdout
        self.turn = 0

    def run(self, dialogue_id: str | None, resume: bool) -> int:
        dialogues = load_dialogues(self.content)
        unfinished = self.store.last_unfinished(self.learner_id) if resume else None
        if resume and unfinished is None:
            return self.fail("there is no unfinished session to resume")
        if not resume and dialogue_id not in dialogues:
            known = ", ".join(sorted(dialogues))
            return self.fail(
                f"unknown dialogue {dialogue_id!r}; known: {known}"
                if dialogue_id
                else f"--json needs --dialogue ID or --resume; dialogues: {known}"
            )
        course = load_course(self.content, dialogues)
        try:
            if unfinished is not None:
                recorder, turns = Recorder.resume(self.store, course, unfinished)
                self.turn = sum(t.kind != "start" for t in turns)
                reply = recorder.session.repeat()
            else:
                assert dialogue_id is not None  # a known dialogue: checked above
                recorder, reply = Recorder.begin(self.store, course, self.learner_id, dialogue_id)
        except StorageError as e:  # held by another tutor, made with other content, or not writable
            return self.fail(str(e))
        self.emit(self.reply_json(reply))
        for n, line in enumerate(self.stdin, 1):
            kind, text, problem = parse(line)
            if problem:
                self.emit({"turn": self.turn, "line": n, "error": problem})
                continue
            try:
                reply = recorder.act(kind, text)
            except Exception as e:  # an engine or storage failure: reported, and every turn before it is saved
                self.emit({"turn": self.turn, "line": n, "error": f"the tutor could not handle that turn: {e}"})
                continue
            self.turn += 1
            self.emit(self.reply_json(reply))
        return 0

    def reply_json(self, reply: Reply) -> dict:
        a = reply.assessment
        return {
            "turn": self.turn,
            "question": reply.question,
            "act": reply.act,
            "verdict": a.verdict if a else None,
            "expectations": list(dict.fromkeys((*(a.expectations if a else ()), *reply.credited))),
            "misconceptions": list(a.misconceptions) if a else [],
            "moves": [{"type": m.type, "text": m.text} for m in reply.moves],
            "mastery": reply.mastery,
            "finished": reply.finished,
        }

    def fail(self, message: str) -> int:
        self.emit({"turn": 0, "error": message})
        return 2

    def emit(self, obj: dict) -> None:
        self.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.stdout.flush()


def parse(line: str) -> tuple[str, str, str]:
    """(event kind, text, problem) for one input line; a problem ("" when none) makes it an error object."""
    line = line.strip()
    if not line:
        return "", "", 'empty line: send the learner\'s words, or {"command": "hint"}'
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            return "", "", f"not valid JSON: {e.msg.removesuffix(' at')} at column {e.colno}"  # no "at at"
        if not isinstance(obj, dict):
            return "", "", "a JSON line must be an object"
        if "command" in obj:
            command = obj["command"]
            if command not in COMMANDS:
                return "", "", f"unknown command {command!r}; commands: {', '.join(COMMANDS)}"
            return command, "", ""
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            return "", "", 'a JSON line needs "text" (a non-empty string) or "command"'
        line = text.strip()
    problem = answer_problem(line)
    return ("answer", line, "") if not problem else ("", "", problem)
