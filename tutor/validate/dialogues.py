"""Dialogue checks: ids, corrections, challenges, hints, and the flow from step to step.

The ids and transition targets are checked by the dialogue library itself
(tutor/dialogue/library.py); here are the checks only an author needs to hear about.
"""

from __future__ import annotations

from tutor.assessment.types import VERDICTS
from tutor.content.problems import Problem
from tutor.dialogue.library import check_dialogue
from tutor.dialogue.models import END, Dialogue, Step
from tutor.validate.loading import Content, Loaded


def dialogue_ids(content: Content) -> list[Problem]:
    return [p for loaded in content.dialogues for p in check_dialogue(loaded.doc, loaded.model, content.base)]


def missing_corrections(content: Content) -> list[Problem]:
    """A correction left blank: the tutor would have nothing to say when a learner holds on to a mistake."""
    base, problems = content.base, []
    for ident, misconception in base.misconceptions.items():
        if not misconception.correction.strip():
            problems.append(
                Problem(
                    *base.where("misconceptions", ident, "correction"),
                    "error",
                    f"misconception {ident!r} has an empty correction",
                    "say in a sentence or two what the essay holds instead",
                )
            )
    for loaded, k, step in steps(content):
        for ident, moves in step.misconceptions.items():
            if moves.correction is not None and not all(text.strip() for text in moves.corrections):
                problems.append(
                    loaded.problem(
                        ("steps", k, "misconceptions", ident, "correction"),
                        f"the correction of {ident!r} is empty",
                        "write one, or leave the key out to use the rule base's correction",
                    )
                )
    return problems


def unanswerable_prompts(content: Content) -> list[Problem]:
    """A fill-in prompt with no declared answer: the learner's word would be read against the question
    alone, and a right completion ("reckless") may be taken for nothing, or for a misconception."""
    problems = []
    for loaded, k, step in steps(content):
        for ident, moves in step.expectations.items():
            if isinstance(moves.prompt, str) and "___" in moves.prompt:
                problems.append(
                    loaded.problem(
                        ("steps", k, "expectations", ident, "prompt"),
                        f"the prompt for {ident!r} has a blank but no declared answer",
                        "write it as `prompt: {text: ..., answers: [the essay's word, near synonyms]}`",
                        "warning",
                    )
                )
    return problems


def pumps_asking_elsewhere(content: Content) -> list[Problem]:
    """A nudge that asks for a point its step's question does not have: it would never be skipped."""
    problems = []
    for loaded, k, step in steps(content):
        question = content.base.questions.get(step.question)
        for i, pump in enumerate(step.pumps):
            if question is not None and not isinstance(pump, str) and pump.asks not in question.expectations:
                problems.append(
                    loaded.problem(
                        ("steps", k, "pumps", i, "asks"),
                        f"the nudge asks for {pump.asks!r}, which is not an expectation of {step.question!r}",
                        "use one of: " + ", ".join(question.expectations),
                    )
                )
    return problems


def missing_moves(content: Content) -> list[Problem]:
    """A watched misconception with no challenge, or an expectation with no hints, in a step."""
    problems = []
    for loaded, k, step in steps(content):
        question = content.base.questions.get(step.question)
        if question is None:
            continue  # reported as an unknown question
        for ident in question.watch:
            if ident not in step.misconceptions:
                problems.append(
                    loaded.problem(
                        ("steps", k, "question"),
                        f"question {step.question!r} watches misconception {ident!r}, "
                        "but this step has no challenge for it",
                        f"add `{ident}: {{challenge: ...}}` under this step's `misconceptions:`",
                        "warning",
                    )
                )
        for ident in question.expectations:
            moves = step.expectations.get(ident)
            if moves is None or not moves.hints:
                at = ("steps", k) + (("expectations", ident) if moves else ("question",))
                problems.append(
                    loaded.problem(
                        at,
                        f"expectation {ident!r} of {step.question!r} has no hints, "
                        "so a stuck learner is told the answer at once",
                        f"add `hints:` under `expectations: {ident}:`, vague first",
                        "warning",
                    )
                )
    return problems


def flow(content: Content) -> list[Problem]:
    """Steps no path reaches, and steps from which no path reaches the end."""
    problems = []
    for loaded in content.dialogues:
        dialogue: Dialogue = loaded.model
        if dialogue.order == "adaptive":
            continue  # the learner model visits every step, in its own order
        graph = successors(dialogue)
        for k in range(len(dialogue.steps)):
            if k not in reachable(graph, 0):
                problems.append(
                    loaded.problem(
                        ("steps", k),
                        f"step {dialogue.steps[k].question!r} can never be reached: every way into it goes elsewhere",
                        "add a transition `goto` it, or delete it",
                    )
                )
            elif END not in reachable(graph, k):
                problems.append(
                    loaded.problem(
                        ("steps", k),
                        f"from step {dialogue.steps[k].question!r} the "
                        "dialogue can never end: its transitions only loop back",
                        f"let one transition lead on, or `goto: {END}`",
                    )
                )
    return problems


def successors(dialogue: Dialogue) -> dict[int | str, set[int | str]]:
    """Step index -> where it can go next: its transitions, and the following step unless every verdict
    has its own transition (then the default is never taken)."""
    index = {step.question: k for k, step in enumerate(dialogue.steps)}
    graph: dict[int | str, set[int | str]] = {END: set()}
    for k, step in enumerate(dialogue.steps):
        targets = {END if t.goto == END else index.get(t.goto, END) for t in step.next}
        if not set(VERDICTS) <= {t.verdict for t in step.next}:
            targets.add(k + 1 if k + 1 < len(dialogue.steps) else END)
        graph[k] = targets
    return graph


def reachable(graph: dict, start) -> set:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def steps(content: Content) -> list[tuple[Loaded, int, Step]]:
    return [(loaded, k, step) for loaded in content.dialogues for k, step in enumerate(loaded.model.steps)]
