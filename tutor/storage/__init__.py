"""Storage: learners, sessions and every turn in SQLite, committed as it happens.

    location.py    where the database lives (--data-dir, $TUTOR_DATA_DIR, the user data dir)
    database.py    the SQLite file: schema, turns, and moving a corrupt or foreign file aside
    recorder.py    a dialogue session whose every turn is stored; resume by replaying them
    transcript.py  a stored session as Markdown or JSON

Plain Python: no Textual here, so `tutor --plain` and `tutor history` start fast.
"""
