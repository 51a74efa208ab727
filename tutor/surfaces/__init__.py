"""What the surfaces share: learner text shown literally, mastery as text bars, transcript files.

The surfaces themselves are `tutor/cli/` (commands), `tutor/tui/` (the Textual app),
`tutor/plain.py` (the line-by-line prompt) and `tutor/protocol.py` (the JSON line protocol).
"""
