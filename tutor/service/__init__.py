"""The session service: between the dialogue manager and the surfaces.

It loads a course (dialogues, rule base, the checker built on first use), starts and resumes
stored sessions, and runs each learner event through a `Session` and into the store. The
Textual app, plain mode and the JSON line protocol all drive sessions through it.
"""
