"""The compiled checker kept on disk, so that a second start does not compile the rules again.

The file is named by a fingerprint of everything the compiled checker depends on: the bytes of
every rule file in force (shipped, $TUTOR_CONTENT, --content), this package's source and the
Python version. Changed content or code means another name, so a stale file is never read. A file
that cannot be read back whole, as the very object it should be, with its fingerprint inside,
is compiled again and replaced; a cache directory that cannot be written only means no cache.
It lives in the user cache directory (`$TUTOR_CACHE_DIR` chooses another).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import tutor
from tutor.content.locate import content_roots, layered_files

if TYPE_CHECKING:  # imported when a checker is compiled or read: a cache key alone needs neither
    from tutor.assessment.checker import Compiled
    from tutor.content.rulebase import RuleBase

ENV_CACHE_DIR = "TUTOR_CACHE_DIR"
FORMAT = b"tutor-checker-1"  # bump when the cached object's shape changes in a way the source hash misses
MAX_RULES_BYTES = 5 * 1024 * 1024  # past this a rules file is refused when read (content/yamlfile.py)
KEPT = 8  # cache files kept: a few content sets in use; older versions' files go
PACKAGE = Path(__file__).resolve().parent.parent


def load_compiled(content: list[Path] | None = None, read: Read | None = None) -> Compiled:
    """The compiled checker: from the cache when current, else compiled and cached. `read`, a rule base
    read already with the key of the files it was read from, spares reading them again."""
    compiled, save = prepare(content, read)
    save()
    return compiled


def prepare(content: list[Path] | None = None, read: Read | None = None) -> tuple[Compiled, Callable[[], None]]:
    """The compiled checker, and what finishes it and puts it in the cache (nothing, when it came from
    there): a caller in a hurry checks answers first, with cues not yet keyed (see Reader), and
    finishes after."""
    key = read.key if read is not None else cache_key(content)
    path = cache_dir() / f"checker-{key}.pickle"
    cached = _read(path, key) if key is not None else None
    if cached is not None:
        return cached, _nothing
    from tutor.assessment.checker import Compiled  # compiling: the rule base's models are needed now
    from tutor.content.rulebase import load_rulebase

    rulebase = read.rulebase if read is not None else load_rulebase(content)  # a content mistake raises here
    compiled = Compiled.of(rulebase, keyed=False)

    def finish() -> None:
        compiled.reader.key_cues(rulebase)
        if key is not None:
            _write(path, key, compiled)

    return compiled, finish


def _nothing() -> None:
    pass


@dataclass(frozen=True)
class Read:
    """A rule base read already, and the cache key of the very files it was read from."""

    rulebase: RuleBase
    key: str | None


def cache_key(content: list[Path] | None) -> str | None:
    return fingerprint(layered_files("rules", content_roots(content)))


def fingerprint(files: list[Path]) -> str | None:
    """The cache key; None when a rule file is not a regular file of a sane size (a device, a FIFO, a
    huge file): then nothing is read here, and compiling reports the file at its name. None too when
    the package's source changed after this process loaded it."""
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    now = time.time()
    for source in sorted(PACKAGE.rglob("*.py")):
        if tutor.STARTED < source.stat().st_mtime <= now:
            return None  # edited while this process runs older code (an upgrade, an editor): no cache
        digest.update(source.relative_to(PACKAGE).as_posix().encode() + b"\0" + source.read_bytes())
    for file in files:
        try:
            if not stat.S_ISREG(file.stat().st_mode):
                return None
            with file.open("rb") as f:
                data = f.read(MAX_RULES_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_RULES_BYTES:
            return None
        digest.update(str(file).encode() + b"\0" + data)
    return digest.hexdigest()[:32]


def cache_dir() -> Path:
    chosen = os.environ.get(ENV_CACHE_DIR, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("tutor", appauthor=False))


def _read(path: Path, key: str) -> Compiled | None:
    from tutor.assessment.checker import Compiled  # unpickling it imports it anyway

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        stored_key, compiled = pickle.loads(data)
    except Exception:  # truncated, corrupt or from another version: compiled again below
        return None
    if stored_key != key or not isinstance(compiled, Compiled):
        return None
    return compiled


def _write(path: Path, key: str, compiled: Compiled) -> None:
    """Write beside the final name, then rename: a reader sees the old file or the whole new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".checker-")
    except OSError:
        return  # a read-only or missing cache directory: compile at every start, as without a cache
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(pickle.dumps((key, compiled), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Remove all but the KEPT most recently written cache files: each change of the rules or the
    code leaves one behind, which nothing would read again."""

    def written(file: Path) -> float:
        try:
            return file.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(folder.glob("checker-*.pickle"), key=written, reverse=True)[KEPT:]:
        with suppress(OSError):
            old.unlink()
