"""The tutor's SQLite file: learners, sessions, and every turn, each committed as it happens.

The file is in WAL mode with full sync, so a crash or a kill loses at most the answer
being typed. A file that is not ours (not SQLite, someone else's SQLite, or corrupt) is
never written to: it is renamed aside with a timestamp and a fresh database is made;
`Store.notice` says what happened so the surface can tell the learner. A path that is not
a regular file (a FIFO, a device) is refused. A database we may not write (a read-only
file or folder) is copied into memory: it can be read and used, but nothing is saved, and
`Store.read_only` says why.

Several tutors may share the file. The schema is made (or brought up to date, see
MIGRATIONS) in one write transaction, so two first starts do not collide; a turn's number
is taken inside the transaction that inserts it; and a session is written by one process
at a time: `hold()` puts a row in `holders` with the process id and a heartbeat, and a
second process resuming the same session is refused with `SessionBusy`.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tutor.content.regular import not_regular
from tutor.processes import alive

APP_ID = "tutor"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 10.0  # how long a write waits for another tutor's transaction to finish
HEARTBEAT_SECONDS = 20.0  # how often a holder says it is still there
STALE_SECONDS = 90.0  # a holder silent this long has gone (crashed, or stopped with Ctrl+Z)

# MIGRATIONS[i] brings the schema from version i to i + 1, so the version is len(MIGRATIONS).
# To change the schema, append a step (e.g. ["ALTER TABLE turns ADD COLUMN act TEXT"]): old
# files are brought up to date when they are opened, in the same transaction as a new file.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL
        )""",
        """CREATE TABLE sessions (
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
        )""",
        """CREATE TABLE turns (
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,                       -- start | answer | hint | skip | why | repeat
            text TEXT NOT NULL DEFAULT '',            -- the learner's words (answers only)
            assessment TEXT,                          -- JSON, Assessment.trace_json(), or NULL
            moves TEXT NOT NULL,                      -- JSON list of {type, text, ref}
            PRIMARY KEY (session_id, seq)
        )""",
    ],
    [
        """CREATE TABLE holders (                     -- the one process writing each open session
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
            token TEXT NOT NULL,                      -- the holding Store's own id
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            heartbeat REAL NOT NULL                   -- time.time() of its last sign of life
        )""",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

# A cache, not a record: the opening moves of each dialogue for one version of the content,
# so the first question is on screen before the content is loaded (see service/course.py, content_fingerprint).
OPENINGS = """
CREATE TABLE IF NOT EXISTS openings (
    dialogue TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    moves TEXT NOT NULL,
    question_k INTEGER NOT NULL,
    question_n INTEGER NOT NULL
)"""
HAS_OPENINGS = "SELECT 1 FROM sqlite_master WHERE name = 'openings'"


class StorageError(Exception):
    """The database cannot be used; str() is one line for the learner."""


class NotSaved(StorageError):
    """A write failed (a full disk, a read-only file, another tutor took the session); nothing was changed."""


class SessionBusy(StorageError):
    """Another running tutor holds this session."""


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
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """One open database. Safe to share between the UI thread and the engine thread.

    `warnings` collects rows that could not be read (and were skipped), for the surface to show."""

    def __init__(self, path: Path, connection: sqlite3.Connection, notice: str = "", read_only: str = ""):
        self.path = path
        self.notice = notice
        self.read_only = read_only  # why nothing will be saved ("" when the file is writable)
        self.warnings: list[str] = []
        self.token = uuid.uuid4().hex  # who holds a session: this Store, in this process
        self._db = connection
        self._lock = threading.Lock()
        self._held: set[int] = set()
        self._stop = threading.Event()
        self._heart: threading.Thread | None = None

    @classmethod
    def open(cls, path: Path) -> Store:
        path = Path(path)
        if kind := not_regular(path):
            raise StorageError(f"{path} is {kind}, not a database file; remove it or choose another --data-dir")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"cannot create the data directory {path.parent}: {e.strerror or e}") from None
        if why := unwritable(path):
            return cls(path, copy_to_memory(path), read_only=why)
        notice = ""
        problem = inspect_file(path)
        if problem:
            aside = move_aside(path, problem)
            notice = f"{path} was {problem}; it was moved aside to {aside.name} and a fresh database was started"
        try:
            connection = connect(path)
        except sqlite3.OperationalError as e:  # a full disk, say: the sessions can still be read
            return cls(path, copy_to_memory(path), notice, read_only=f"{path} cannot be written ({e})")
        except sqlite3.Error as e:
            raise StorageError(f"cannot open the database {path}: {e}") from None
        return cls(path, connection, notice)

    def close(self) -> None:
        self._stop.set()
        for session_id in list(self._held):
            self.release(session_id)
        with self._lock:
            self._db.close()

    @contextmanager
    def _writing(self):
        """One write transaction, begun IMMEDIATE (so it never has to upgrade a read lock and fail
        halfway); any SQLite failure becomes NotSaved, and the transaction is rolled back."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.commit()
                except BaseException:
                    self._db.rollback()
                    raise
            except sqlite3.Error as e:
                raise NotSaved(f"{e} ({self.path})") from None

    # -- writing: each call is one committed transaction ------------------------------------------

    def learner(self, name: str) -> int:
        """The id of the learner called `name`, created on first use."""
        known = self._query("SELECT id FROM learners WHERE name = ?", (name,))
        if known:  # every start after the first: no write, so no wait for the disk before the screen
            return known[0][0]
        with self._writing() as db:
            db.execute("INSERT OR IGNORE INTO learners (name, created) VALUES (?, ?)", (name, now()))
            return db.execute("SELECT id FROM learners WHERE name = ?", (name,)).fetchone()[0]

    def start_session(self, learner_id: int, dialogue: str, title: str) -> int:
        stamp = now()
        with self._writing() as db:
            cursor = db.execute(
                "INSERT INTO sessions (learner_id, dialogue, title, started, updated) VALUES (?, ?, ?, ?, ?)",
                (learner_id, dialogue, title, stamp, stamp),
            )
            return cursor.lastrowid

    def add_turn(
        self,
        session_id: int,
        kind: str,
        text: str,
        assessment: dict | None,
        moves: list[dict],
        progress: tuple[int, int],
        mastery: dict[str, float],
        finished: bool,
    ) -> None:
        """Store one turn and the session's state after it, in one transaction; NotSaved if it cannot be."""
        stamp = now()
        with self._writing() as db:
            holder = db.execute("SELECT token, pid FROM holders WHERE session_id = ?", (session_id,)).fetchone()
            if holder is not None and holder[0] != self.token:
                raise NotSaved(f"session {session_id} was taken over by another tutor (process {holder[1]})")
            # The number is taken inside this transaction: two writers can never both take the same one.
            db.execute(
                "INSERT INTO turns (session_id, seq, at, kind, text, assessment, moves)"
                " SELECT ?, COALESCE(MAX(seq) + 1, 0), ?, ?, ?, ?, ? FROM turns WHERE session_id = ?",
                (
                    session_id,
                    stamp,
                    kind,
                    text,
                    None if assessment is None else json.dumps(assessment),
                    json.dumps(moves),
                    session_id,
                ),
            )
            db.execute(
                "UPDATE sessions SET updated = ?, question_k = ?, question_n = ?, mastery = ?,"
                " status = CASE WHEN ? THEN 'finished' ELSE status END WHERE id = ?",
                (stamp, progress[0], progress[1], json.dumps(mastery), finished, session_id),
            )

    def abandon(self, session_id: int) -> None:
        """The learner restarted: the session stays in the history but is no longer resumable."""
        with self._writing() as db:
            db.execute(
                "UPDATE sessions SET status = 'abandoned', updated = ? WHERE id = ? AND status = 'active'",
                (now(), session_id),
            )

    def remember_opening(self, dialogue: str, fingerprint: str, moves: list[dict], progress: tuple[int, int]) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT OR REPLACE INTO openings VALUES (?, ?, ?, ?, ?)",
                (dialogue, fingerprint, json.dumps(moves), *progress),
            )

    # -- one writer per session --------------------------------------------------------------------

    def hold(self, session_id: int) -> None:
        """Take `session_id` for this Store; SessionBusy if another live tutor holds it."""
        with self._writing() as db:
            row = db.execute(
                "SELECT token, pid, host, heartbeat FROM holders WHERE session_id = ?", (session_id,)
            ).fetchone()
            if row is not None and row[0] != self.token and holder_alive(*row[1:]):
                _, pid, host, heartbeat = row
                where = f"process {pid}" + ("" if host == socket.gethostname() else f" on {host}")
                raise SessionBusy(
                    f"session {session_id} is open in another tutor ({where}, active "
                    f"{max(0, int(time.time() - heartbeat))} s ago); close it there first, "
                    "or start a new session"
                )
            db.execute(
                "INSERT OR REPLACE INTO holders VALUES (?, ?, ?, ?, ?)",
                (session_id, self.token, os.getpid(), socket.gethostname(), time.time()),
            )
        self._held.add(session_id)
        if self._heart is None:
            self._heart = threading.Thread(target=self._beat, name="tutor-heartbeat", daemon=True)
            self._heart.start()

    def release(self, session_id: int) -> None:
        self._held.discard(session_id)
        try:
            with self._writing() as db:
                db.execute("DELETE FROM holders WHERE session_id = ? AND token = ?", (session_id, self.token))
        except StorageError:
            pass  # a row left behind goes stale: the next tutor sees this process gone and takes over

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                with self._writing() as db:
                    db.execute("UPDATE holders SET heartbeat = ? WHERE token = ?", (time.time(), self.token))
            except StorageError:
                pass  # a full disk: the next beat tries again; a turn's save reports the problem

    # -- reading -----------------------------------------------------------------------------------

    def sessions(self, learner_id: int | None = None) -> list[SessionInfo]:
        """Past sessions, most recently active first; damaged rows are skipped (see `warnings`)."""
        where, params = ("WHERE s.learner_id = ?", (learner_id,)) if learner_id is not None else ("", ())
        return self._infos(self._query(f"{SESSION_QUERY} {where} ORDER BY s.updated DESC, s.id DESC", params))

    def session(self, session_id: int) -> SessionInfo | None:
        infos = self._infos(self._query(f"{SESSION_QUERY} WHERE s.id = ?", (session_id,)))
        return infos[0] if infos else None

    def last_unfinished(self, learner_id: int) -> SessionInfo | None:
        infos = self._infos(
            self._query(
                f"{SESSION_QUERY} WHERE s.learner_id = ? AND s.status = 'active' ORDER BY s.updated DESC, s.id DESC",
                (learner_id,),
            )
        )
        return infos[0] if infos else None

    def turns(self, session_id: int) -> list[StoredTurn]:
        """The session's turns in order; a damaged turn is skipped (see `warnings`)."""
        turns = []
        for row in self._query(
            "SELECT seq, at, kind, text, assessment, moves FROM turns WHERE session_id = ? ORDER BY seq", (session_id,)
        ):
            seq, at, kind, text, assessment, moves = row
            try:
                turns.append(
                    StoredTurn(
                        seq,
                        str(at),
                        _text(kind),
                        _text(text),
                        json.loads(assessment) if assessment else None,
                        _json_list(moves),
                    )
                )
            except (ValueError, TypeError) as e:
                self._damaged(f"turn {seq} of session {session_id}", e)
        return turns

    def opening(self, dialogue: str, fingerprint: str) -> tuple[list[dict], tuple[int, int]] | None:
        """The opening moves and progress of `dialogue` if they were recorded for this version of the content."""
        rows = self._query(
            "SELECT moves, question_k, question_n FROM openings WHERE dialogue = ? AND fingerprint = ?",
            (dialogue, fingerprint),
        )
        try:
            return (_json_list(rows[0][0]), (int(rows[0][1]), int(rows[0][2]))) if rows else None
        except (ValueError, TypeError):
            return None  # a cache: a damaged entry is simply not used

    def _query(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _infos(self, rows: list[tuple]) -> list[SessionInfo]:
        infos = []
        for row in rows:
            ident, learner, dialogue, title, status, started, updated, k, n, mastery, turns = row
            try:
                mastery = json.loads(mastery)
                if not isinstance(mastery, dict):
                    raise TypeError("mastery is not a mapping")
                infos.append(
                    SessionInfo(
                        ident,
                        _text(learner),
                        _text(dialogue),
                        _text(title),
                        _text(status),
                        _text(started),
                        _text(updated),
                        (int(k), int(n)),
                        {str(c): float(p) for c, p in mastery.items()},
                        turns,
                    )
                )
            except (ValueError, TypeError) as e:
                self._damaged(f"session {ident}", e)
        return infos

    def _damaged(self, what: str, error: Exception) -> None:
        message = f"{what} in {self.path} is damaged and was skipped ({error})"
        if message not in self.warnings:
            self.warnings.append(message)


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _json_list(value) -> list:
    data = json.loads(value)
    if not isinstance(data, list):
        raise TypeError("expected a JSON list")
    return data


def holder_alive(pid: int, host: str, heartbeat: float) -> bool:
    """Whether a holder row stands for a tutor still running: a recent heartbeat, and on this
    machine a live process (a crashed tutor frees its sessions at once, not after STALE_SECONDS)."""
    if time.time() - heartbeat > STALE_SECONDS:
        return False
    return host != socket.gethostname() or alive(pid)


SESSION_QUERY = """
SELECT s.id, l.name, s.dialogue, s.title, s.status, s.started, s.updated, s.question_k, s.question_n, s.mastery,
       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.kind != 'start')
FROM sessions s JOIN learners l ON l.id = s.learner_id"""


def unwritable(path: Path) -> str:
    """Why the database at `path` cannot be written ("" when it can): SQLite writes the file
    and, beside it, its journal, so both the file and its folder must be writable."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path} is read-only"
    return ""


def copy_to_memory(path: Path) -> sqlite3.Connection:
    """A database we may only read, copied into memory: the tutor reads and runs on it, nothing is saved."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    if path.exists() and path.stat().st_size:
        if problem := inspect_file(path):
            raise StorageError(
                f"{path} is {problem}, and read-only: it cannot be moved aside; choose another --data-dir"
            )
        try:
            source = open_read_only(path)
            try:
                source.backup(memory)
            finally:
                source.close()
        except sqlite3.Error as e:
            raise StorageError(f"cannot read the database {path}: {e}") from None
    prepare(memory)
    return memory


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; in a read-only folder, where WAL's shared-memory file cannot be
    made, fall back to reading the file as it stands (immutable)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        db.execute("SELECT 1 FROM sqlite_master").fetchall()
        return db
    except sqlite3.OperationalError:
        db.close()
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def inspect_file(path: Path) -> str:
    """Why the file at `path` must not be used ("" when it is ours, or absent, or empty)."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return ""
    except OSError as e:
        raise StorageError(f"cannot read the database {path}: {e.strerror or e}") from None
    if not header:
        return ""
    if header != SQLITE_HEADER:
        return "not a SQLite database"
    try:
        db = open_read_only(path)
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
        raise StorageError(
            f"{path} was written by a newer version of tutor (schema {meta['schema']}); "
            "upgrade tutor or use another --data-dir"
        )
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
    db = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_SECONDS)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    prepare(db)
    return db


def prepare(db: sqlite3.Connection) -> None:
    """Make the schema, or bring it up to SCHEMA_VERSION, in one transaction. BEGIN IMMEDIATE
    takes the write lock first, so a second tutor starting at the same moment waits here and
    then finds the tables made, instead of failing on `table meta already exists`. A file that is
    up to date (every start after the first) is only read: no write, so no wait for the disk."""
    if schema_version(db) == SCHEMA_VERSION and db.execute(HAS_OPENINGS).fetchone():
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(db)
        for step in MIGRATIONS[version:]:
            for statement in step:
                db.execute(statement)
        if version == 0:
            db.execute("INSERT INTO meta VALUES ('app', ?)", (APP_ID,))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.execute(OPENINGS)
        db.commit()
    except BaseException:
        db.rollback()
        raise


def schema_version(db: sqlite3.Connection) -> int:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return int(row[0]) if row else 0
