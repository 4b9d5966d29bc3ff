"""Backups of the local SQLite workspace, and what to do when its file is damaged.

A backup is a consistent copy through SQLite's online backup API, named
`<stem>-<UTC time>-<why>.sqlite3` in the data folder's `backups/`: taken before each migration (why = the
schema it was at), at least daily while the desktop app runs (`daily`) and on request (`manual`); the newest
KEEP are kept. Before the database is used, its file is checked in a few microseconds (no page is read past
the header): an empty, zeroed, foreign or truncated file is refused with the newest backup to restore instead
of being opened as a new, empty workspace. `restore` keeps the damaged file (and its WAL) aside.
A team's PostgreSQL database is backed up on its server (README).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db.sqlite_file import file_problem
from app.errors import DISK_FULL, READ_ONLY, DatabaseDamagedError, KnownError, fault_kind
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)
KEEP = 7
DAILY = timedelta(hours=24)
SIDE_FILES = ("-wal", "-shm", "-journal")
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    why: str  # "daily", "manual", "restore" or the schema revision a migration started from
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    def describe(self) -> str:
        why = self.why if self.why in ("daily", "manual", "restore") else f"before migrating from schema {self.why}"
        return f"{self.taken_at:%Y-%m-%d %H:%M} UTC, {why}, {_size(self.size)}"


class BackupError(KnownError):
    """A backup cannot be taken, found or restored."""


def backups(backups_dir: Path, stem: str) -> list[Backup]:
    """The backups of the database named `stem`, newest first."""
    pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}}T\d{{6}})(?:\.(\d+))?-(.+)\.sqlite3$")
    found = []
    try:
        entries = list(backups_dir.iterdir()) if backups_dir.is_dir() else []
    except OSError:
        entries = []
    for path in entries:
        match = pattern.match(path.name)
        if match is None or not path.is_file():
            continue
        taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC, microsecond=int((match[2] or "0")[:6].ljust(6, "0")))
        found.append(Backup(path, taken, match[3], path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def newest(backups_dir: Path, stem: str) -> Backup | None:
    found = backups(backups_dir, stem)
    return found[0] if found else None


def take(db_path: Path, backups_dir: Path, why: str, keep: int = KEEP, now: datetime | None = None) -> Path:
    """Copy the database whole (readers and writers go on meanwhile), then prune to the newest `keep`. Refused
    (BackupError) when the copy would leave the disk all but full: a backup must never be what fills it."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    _check_room(db_path, backups_dir)
    now = now or datetime.now(UTC)
    target = backups_dir / f"{db_path.stem}-{now:{_STAMP}}-{why}.sqlite3"
    if target.exists():
        target = backups_dir / f"{db_path.stem}-{now:{_STAMP}}.{now:%f}-{why}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise _copy_failed(exc, backups_dir) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    prune(backups_dir, db_path.stem, keep)
    logger.info("backed up %s to %s (%s)", db_path, target, why)
    return target


SPARE = 32 << 20  # bytes left free after a copy, for the database and the log to go on growing


def _check_room(db_path: Path, backups_dir: Path) -> None:
    import shutil

    size = sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists())
    free = shutil.disk_usage(backups_dir).free
    if free < size + SPARE:
        raise BackupError(Text(QT_TRANSLATE_NOOP(
            "Services", "disk full at {folder}: a backup of the database needs {need} and leaves room to work, "
                        "{free} are free; free some space (or remove old backups) and try again"),
            folder=str(backups_dir), need=_size(size), free=_size(free)))


def _copy_failed(exc: sqlite3.Error, backups_dir: Path) -> Exception:
    """SQLite's words for the target folder's trouble, said of the folder (not of the database being copied)."""
    kind = fault_kind(exc)
    if kind == DISK_FULL:
        return BackupError(Text(QT_TRANSLATE_NOOP(
            "Services", "disk full at {folder}: the backup could not be written whole, so none was kept"),
            folder=str(backups_dir)))
    if kind == READ_ONLY:
        return BackupError(Text(QT_TRANSLATE_NOOP("Services", "cannot write {folder}: {reason}"),
                                folder=str(backups_dir), reason=str(exc)))
    return exc


def prune(backups_dir: Path, stem: str, keep: int = KEEP) -> None:
    for old in backups(backups_dir, stem)[keep:]:
        old.path.unlink(missing_ok=True)
    for partial in backups_dir.glob(f"{stem}-*.sqlite3.partial"):  # left by a backup the process was killed in
        partial.unlink(missing_ok=True)


def take_if_due(db_path: Path, backups_dir: Path, every: timedelta = DAILY, now: datetime | None = None) -> Path | None:
    """A `daily` backup when the newest one (of any kind) is older than `every`; None when none was due."""
    now = now or datetime.now(UTC)
    last = newest(backups_dir, db_path.stem)
    if last is not None and now - last.taken_at < every:
        return None
    if not db_path.is_file() or problem(db_path) is not None:
        return None  # nothing to copy, or a damaged file that must not push a good backup out
    return take(db_path, backups_dir, "daily", now=now)


# --- a damaged file -------------------------------------------------------------------------------------------

def damaged(db_path: Path, backups_dir: Path, what: str) -> DatabaseDamagedError:
    """The error to raise for a damaged file: what is wrong, and the newest backup and how to restore it."""
    last = newest(backups_dir, db_path.stem)
    if last is None:
        return DatabaseDamagedError(Text(QT_TRANSLATE_NOOP(
            "Services", "The database {path} is damaged: {what}. There is no backup of it in {folder}; move the file "
                        "away to start a new, empty workspace, or restore a copy you keep elsewhere."),
            path=str(db_path), what=what, folder=str(backups_dir)))
    return DatabaseDamagedError(Text(QT_TRANSLATE_NOOP(
        "Services", "The database {path} is damaged: {what}. The newest backup is {backup} ({when}); restore it with "
                    "`aiconnect db restore {backup}` (the damaged file is kept aside)."),
        path=str(db_path), what=what, backup=last.name, when=f"{last.taken_at:%Y-%m-%d %H:%M} UTC"))


def problem(db_path: Path) -> Text | None:
    """What is wrong with the file as an SQLite database (its size and header), None when it looks whole."""
    return file_problem(db_path)


def check(db_path: Path, backups_dir: Path | None) -> None:
    """Raise DatabaseDamagedError when the file is there but is not a whole SQLite database."""
    what = problem(db_path)
    if what is not None:
        raise damaged(db_path, backups_dir or db_path.parent / "backups", what)


def malformed() -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "SQLite reports it as malformed"))


# --- restoring ------------------------------------------------------------------------------------------------

def find(backups_dir: Path, stem: str, name: str) -> Backup | Path:
    """A backup by its file name, `newest`, or any SQLite file by its path."""
    found = backups(backups_dir, stem)
    if name in ("newest", "latest") and found:
        return found[0]
    match = next((b for b in found if name in (b.name, b.path.stem)), None)
    if match is not None:
        return match
    path = Path(name).expanduser()
    if path.is_file():
        return path
    listing = ", ".join(b.name for b in found[:3]) or "none"
    raise BackupError(Text(QT_TRANSLATE_NOOP("Services", "no backup named {name} (the newest: {listing})"),
                           name=name, listing=listing))


def verify(path: Path) -> None:
    """Refuse a backup that is itself damaged, before the current file is touched."""
    what = problem(path)
    if what is None:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                result = conn.execute("PRAGMA quick_check").fetchone()
            conn.close()
        except sqlite3.DatabaseError as exc:
            result = (str(exc),)
        if result is None or result[0] != "ok":
            what = Text(QT_TRANSLATE_NOOP("Services", "SQLite's check fails ({detail})"), detail=str(result and result[0]))
    if what is not None:
        raise BackupError(Text(QT_TRANSLATE_NOOP("Services", "the backup {path} cannot be restored: {what}"),
                               path=str(path), what=what))


def in_use(db_path: Path) -> bool:
    """Another process has the database open: every SQLite connection in WAL mode holds a shared POSIX lock on the
    "DMS" byte of the -shm file (offset 128) for as long as it is open; asking whether a write lock there would be
    refused tells, without taking it. (Locks of this process are not seen: POSIX locks are per process.)"""
    shm = db_path.with_name(db_path.name + "-shm")
    try:
        import fcntl
        import struct
    except ImportError:  # Windows: the file cannot be renamed while open anyway
        return False
    try:
        with open(shm, "rb") as handle:
            query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
            answer = fcntl.fcntl(handle.fileno(), fcntl.F_GETLK, query)
    except OSError:
        return False
    return struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK


def restore(db_path: Path, source: Path, now: datetime | None = None,
            copy: Callable[[Path, Path], None] | None = None) -> Path | None:
    """Put `source` in place of the database; the current file and its WAL go aside (returned: where the
    database file went, None when there was none). Refused while another program has the database open."""
    if in_use(db_path):
        raise BackupError(Text(QT_TRANSLATE_NOOP(
            "Services", "{path} is open in another program (AIConnect or `aiconnect automations run`?); close it, "
                        "then restore"), path=str(db_path)))
    verify(source)
    now = now or datetime.now(UTC)
    incoming = db_path.with_name(db_path.name + ".restoring")
    (copy or _copy)(source, incoming)
    aside = None
    if db_path.exists():
        aside = db_path.with_name(f"{db_path.name}.damaged-{now:{_STAMP}}")
        os.replace(db_path, aside)
    for suffix in SIDE_FILES:  # a WAL of the old file must never be replayed onto the restored one
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, side.with_name(f"{side.name}.damaged-{now:{_STAMP}}"))
    os.replace(incoming, db_path)
    logger.info("restored %s from %s; the previous file is %s", db_path, source, aside)
    return aside


def _copy(source: Path, target: Path) -> None:
    """Through the backup API (a consistent copy even of a file in WAL mode), flushed to disk."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"
