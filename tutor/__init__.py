"""tutor: a Socratic tutor for one essay's argument about Herz's security dilemma.

The data's path, one package per stage:

    content/        YAML files -> validated pydantic models (the rule base, dialogues)
    text/           raw answer -> normalised tokens, sentences and clauses
    understanding/  tokens -> claim facts (cues, negation, stance)
    engine/         claim facts -> conclusions, by durable-rules inference
    assessment/     conclusions -> a verdict with its trace; `tutor grade`
    dialogue/       assessments -> the tutor's moves, turn after turn
    quiz/           scripted learners through the dialogue manager, with reports
    storage/        learners, sessions and turns in SQLite
    cli/, tui/      the surfaces: commands, and the Textual app

Nothing outside tui/ imports Textual.
"""

import time as _time

# When this process loaded the package: source edited after it is not the code running, and a checker
# this process compiles must not be cached under the edited source's fingerprint (assessment/cache.py).
STARTED = _time.time()
