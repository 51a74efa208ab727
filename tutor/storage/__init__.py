"""Storage: learners, sessions and every turn in SQLite, committed as it happens. Records only:
what a session does lives in `tutor/service/`, how it is shown in the surfaces.

    location.py    where the database lives (--data-dir, $TUTOR_DATA_DIR, the user data dir)
    database.py    the SQLite file: schema, turns, and moving a corrupt or foreign file aside

Plain Python: no Textual here, so `tutor --plain` and `tutor history` start fast.
"""
