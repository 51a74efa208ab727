"""The tutor's SQLite file: learners, sessions, and every turn, each committed as it happens.

The file is in WAL mode with full sync, so a crash or a kill loses at most the answer
being typed. A file that is not ours (not SQLite, someone else's SQLite, or corrupt) is
never written to: it is renamed aside with a timestamp and a fresh database is made;
`Store.notice` says what happened so the surface can tell the learner.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

APP_ID = "tutor"
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    dialogue TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',    -- active | finished | abandoned
    started TEXT NOT NULL,
    updated TEXT NOT NULL,
    question_k INTEGER NOT NULL DEFAULT 0,
    question_n INTEGER NOT NULL DEFAULT 0,
    mastery TEXT NOT NULL DEFAULT '{}'        -- JSON: concept id -> P(mastered), after the last turn
);
CREATE TABLE turns (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,                       -- start | answer | hint | skip | why | repeat
    text TEXT NOT NULL DEFAULT '',            -- the learner's words (answers only)
    assessment TEXT,                          -- JSON, Assessment.explain_json(), or NULL
    moves TEXT NOT NULL,                      -- JSON list of {type, text, ref}
    PRIMARY KEY (session_id, seq)
);
"""
# A cache, not a record: the opening moves of each dialogue for one version of the content,
# so the first question is on screen before the content is loaded (see recorder.content_fingerprint).
OPENINGS = """
CREATE TABLE IF NOT EXISTS openings (
    dialogue TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    moves TEXT NOT NULL,
    question_k INTEGER NOT NULL,
    question_n INTEGER NOT NULL
);
"""


class StorageError(Exception):
    """The database cannot be used; str() is one line for the learner."""


@dataclass(frozen=True)
class SessionInfo:
    id: int
    learner: str
    dialogue: str
    title: str
    status: str
    started: str
    updated: str
    progress: tuple[int, int]
    mastery: dict[str, float]
    turns: int


@dataclass(frozen=True)
class StoredTurn:
    seq: int
    at: str
    kind: str
    text: str
    assessment: dict | None
    moves: list[dict]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """One open database. Safe to share between the UI thread and the engine thread."""

    def __init__(self, path: Path, connection: sqlite3.Connection, notice: str = ""):
        self.path = path
        self.notice = notice
        self._db = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> Store:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"cannot create the data directory {path.parent}: {e.strerror or e}") from None
        notice = ""
        problem = inspect_file(path)
        if problem:
            aside = move_aside(path, problem)
            notice = (f"{path} was {problem}; it was moved aside to {aside.name} "
                      f"and a fresh database was started")
        try:
            connection = connect(path)
        except sqlite3.Error as e:
            raise StorageError(f"cannot open the database {path}: {e}") from None
        return cls(path, connection, notice)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing: each call is one committed transaction ------------------------------------------

    def learner(self, name: str) -> int:
        """The id of the learner called `name`, created on first use."""
        with self._lock, self._db:
            self._db.execute("INSERT OR IGNORE INTO learners (name, created) VALUES (?, ?)", (name, now()))
            return self._db.execute("SELECT id FROM learners WHERE name = ?", (name,)).fetchone()[0]

    def start_session(self, learner_id: int, dialogue: str, title: str) -> int:
        stamp = now()
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO sessions (learner_id, dialogue, title, started, updated) VALUES (?, ?, ?, ?, ?)",
                (learner_id, dialogue, title, stamp, stamp))
            return cursor.lastrowid

    def add_turn(self, session_id: int, kind: str, text: str, assessment: dict | None, moves: list[dict],
                 progress: tuple[int, int], mastery: dict[str, float], finished: bool) -> None:
        """Store one turn and the session's state after it, in one transaction."""
        stamp = now()
        with self._lock, self._db:
            seq = self._db.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()[0]
            self._db.execute(
                "INSERT INTO turns (session_id, seq, at, kind, text, assessment, moves) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, seq, stamp, kind, text, None if assessment is None else json.dumps(assessment),
                 json.dumps(moves)))
            self._db.execute(
                "UPDATE sessions SET updated = ?, question_k = ?, question_n = ?, mastery = ?,"
                " status = CASE WHEN ? THEN 'finished' ELSE status END WHERE id = ?",
                (stamp, progress[0], progress[1], json.dumps(mastery), finished, session_id))

    def abandon(self, session_id: int) -> None:
        """The learner restarted: the session stays in the history but is no longer resumable."""
        with self._lock, self._db:
            self._db.execute("UPDATE sessions SET status = 'abandoned', updated = ? WHERE id = ? AND status = 'active'",
                             (now(), session_id))

    def remember_opening(self, dialogue: str, fingerprint: str, moves: list[dict], progress: tuple[int, int]) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO openings VALUES (?, ?, ?, ?, ?)",
                             (dialogue, fingerprint, json.dumps(moves), *progress))

    # -- reading -----------------------------------------------------------------------------------

    def sessions(self, learner_id: int | None = None) -> list[SessionInfo]:
        """Past sessions, most recently active first."""
        where, params = ("WHERE s.learner_id = ?", (learner_id,)) if learner_id is not None else ("", ())
        return [self._info(row) for row in self._query(
            f"{SESSION_QUERY} {where} ORDER BY s.updated DESC, s.id DESC", params)]

    def session(self, session_id: int) -> SessionInfo | None:
        rows = self._query(f"{SESSION_QUERY} WHERE s.id = ?", (session_id,))
        return self._info(rows[0]) if rows else None

    def last_unfinished(self, learner_id: int) -> SessionInfo | None:
        rows = self._query(f"{SESSION_QUERY} WHERE s.learner_id = ? AND s.status = 'active'"
                           " ORDER BY s.updated DESC, s.id DESC LIMIT 1", (learner_id,))
        return self._info(rows[0]) if rows else None

    def turns(self, session_id: int) -> list[StoredTurn]:
        rows = self._query("SELECT seq, at, kind, text, assessment, moves FROM turns WHERE session_id = ?"
                           " ORDER BY seq", (session_id,))
        return [StoredTurn(seq, at, kind, text, json.loads(a) if a else None, json.loads(m))
                for seq, at, kind, text, a, m in rows]

    def opening(self, dialogue: str, fingerprint: str) -> tuple[list[dict], tuple[int, int]] | None:
        """The opening moves and progress of `dialogue` if they were recorded for this version of the content."""
        rows = self._query("SELECT moves, question_k, question_n FROM openings WHERE dialogue = ? AND fingerprint = ?",
                           (dialogue, fingerprint))
        return (json.loads(rows[0][0]), (rows[0][1], rows[0][2])) if rows else None

    def _query(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @staticmethod
    def _info(row: tuple) -> SessionInfo:
        ident, learner, dialogue, title, status, started, updated, k, n, mastery, turns = row
        return SessionInfo(ident, learner, dialogue, title, status, started, updated, (k, n), json.loads(mastery),
                           turns)


SESSION_QUERY = """
SELECT s.id, l.name, s.dialogue, s.title, s.status, s.started, s.updated, s.question_k, s.question_n, s.mastery,
       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.kind != 'start')
FROM sessions s JOIN learners l ON l.id = s.learner_id"""


def inspect_file(path: Path) -> str:
    """Why the file at `path` must not be used ("" when it is ours, or absent, or empty)."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return ""
    except IsADirectoryError:
        return "a directory, not a database"
    except OSError as e:
        raise StorageError(f"cannot read the database {path}: {e.strerror or e}") from None
    if not header:
        return ""
    if header != SQLITE_HEADER:
        return "not a SQLite database"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "a corrupt database"
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return ""
            if "meta" not in tables:
                return "a SQLite database of another program"
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return "a corrupt database"
    if meta.get("app") != APP_ID:
        return "a SQLite database of another program"
    if int(meta.get("schema", 0)) > SCHEMA_VERSION:
        raise StorageError(f"{path} was written by a newer version of tutor (schema {meta['schema']}); "
                           "upgrade tutor or use another --data-dir")
    return ""


def move_aside(path: Path, problem: str) -> Path:
    """Rename the bad file (and its WAL and shared-memory files) to `<name>.bad-<timestamp>`."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    try:
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(aside.with_name(aside.name + suffix))
    except OSError as e:
        raise StorageError(f"{path} is {problem} and cannot be moved aside: {e.strerror or e}") from None
    return aside


def connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False: the engine thread writes turns, the UI thread reads; Store's lock serialises.
    db = sqlite3.connect(path, check_same_thread=False, timeout=5.0)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        db.executescript(f"BEGIN; {SCHEMA} INSERT INTO meta VALUES ('app', '{APP_ID}'), ('schema', '{SCHEMA_VERSION}');"
                         " COMMIT;")
    db.executescript(OPENINGS)
    return db
