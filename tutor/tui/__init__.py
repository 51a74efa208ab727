"""The Textual app: the only package that imports Textual.

app.py       TutorApp: loads the content in the background, owns the engine thread
app.tcss     the one stylesheet (theme variables only, so light and dark themes both read)
commands.py  the chat's actions in the command palette
screens/     choosing a dialogue, the chat, help, confirmations
startup.py   no cycle collection until the content is read (paused here, on import)
widgets/     chat messages and input, the side panels (progress, mastery, argument map)
"""

from tutor.tui import startup

startup.pause()  # importing the app is the first step of opening it: before Textual is imported
