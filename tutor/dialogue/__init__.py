"""The dialogue stage: what the tutor says back, turn after turn.

models.py    the dialogue file format (pydantic), read by library.py from dialogues/
session.py   the manager: AutoTutor's expectation-misconception tailored loop
moves.py     Move and Reply, what every surface (TUI, plain mode, quiz) receives
learner.py   per-concept mastery by Bayesian Knowledge Tracing
explain.py   how two concepts connect, by walking the rule base's relations
wording.py   the tutor's stock phrases and its account of a verdict
"""
