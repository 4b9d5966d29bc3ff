"""The outside world failing, in one line for the command line (exit 2): the disk, a file, the database.

app/errors.py says which kind of fault an exception is (app/ui/errors.py says the same in the UI's
language); here each kind becomes what happened and what to do. None for anything that is a bug.
"""

from __future__ import annotations

import errno

from app.config import Settings
from app.errors import (
    CONNECTION_LOST,
    DAMAGED,
    DISK_FULL,
    LOCKED,
    LOGIN_REFUSED,
    NO_DATABASE,
    NO_PRIVILEGE,
    READ_ONLY,
    TOO_COMPLEX,
    fault_kind,
    fault_path,
)

FULL_BELOW = 1 << 20  # bytes free under which an SQLite I/O error is taken for a full disk


def explain(exc: BaseException, settings: Settings | None) -> str | None:
    """One line for an expected failure of the disk, a file or the database; None for a bug."""
    kind = fault_kind(exc)
    if (isinstance(exc, OverflowError) and "SQLite INTEGER" in str(exc)) or _sqlstate(exc).startswith("22"):
        # a number (an id typed by hand) the database cannot hold: the value is wrong, not the program
        return f"a value is out of range for the database: {_first_line(getattr(exc, 'orig', None) or exc)}"
    if isinstance(exc, OSError):
        return _file_line(exc, kind, settings)
    if not _is_database_error(exc):
        return None
    where = _database_place(settings)
    detail = _first_line(getattr(exc, "orig", None) or exc)
    lines = {
        DISK_FULL: f"disk full at {where}: the database could not grow; free some space and run the command again "
                   "(nothing was half-written)",
        READ_ONLY: f"cannot write {where}: {detail}; check that its folder exists and is writable",
        LOCKED: f"the database {where} is busy (another program holds it: {detail}); try again in a moment",
        NO_PRIVILEGE: f"the database login lacks a permission this needs ({detail}); ask the database administrator "
                      "to grant it (aiconnect team set-role) or to run `aiconnect db upgrade` as the owner",
        TOO_COMPLEX: "the request is too complex for the database (a search with thousands of words?): "
                     f"use fewer words or filters ({detail})",
        LOGIN_REFUSED: f"the database server {where} refused the login ({detail}); check the user name and password, "
                       "or ask the administrator to enable the login",
        NO_DATABASE: f"the database {where} does not exist ({detail}); check AICONNECT_DATABASE_URL or the team server "
                     "setting, or create it (aiconnect team init)",
        CONNECTION_LOST: f"the connection to the database server {where} was lost or refused ({detail}); "
                         "check the network and that the server is running, then try again",
    }
    if kind is None and _disk_is_full(exc, settings):
        kind = DISK_FULL  # SQLite's "disk I/O error" growing its shared-memory or WAL file on a full disk
    if kind == DAMAGED:
        return _damaged_line(settings)
    if kind in lines:
        return lines[kind]
    if type(exc).__name__ == "OperationalError":  # the database failing in a way not named above: still not a bug
        return f"database error at {where}: {detail}"
    return None


def _file_line(exc: OSError, kind: str | None, settings: Settings | None) -> str:
    path = fault_path(exc)
    reason = exc.strerror or type(exc).__name__
    if path is None:  # no file named: the output (stdout on a full disk) or a stream
        return f"disk full: {reason}" if kind == DISK_FULL else f"cannot read or write: {reason}"
    if kind == DISK_FULL:
        return f"disk full at {path}: free some space and try again"
    if kind == READ_ONLY:
        return f"cannot write {path}: {reason}"
    if exc.errno == errno.EISDIR:
        return f"{path} is a folder, not a file"
    if exc.errno == errno.ENOENT:
        return f"no such file or folder: {path}"
    return f"cannot use {path}: {reason}"


def _damaged_line(settings: Settings | None) -> str:
    path = settings.sqlite_path if settings else None
    if path is None:
        return "the database is damaged (SQLite reports it as malformed); restore a backup with `aiconnect db restore`"
    from app.db import backup

    return str(backup.damaged(path, settings.backups_dir, backup.malformed()))  # type: ignore[union-attr]


def _sqlstate(exc: BaseException) -> str:
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return state if isinstance(state, str) else ""


def _disk_is_full(exc: BaseException, settings: Settings | None) -> bool:
    name = getattr(getattr(exc, "orig", None), "sqlite_errorname", "") or ""
    if not name.startswith("SQLITE_IOERR") or settings is None or settings.sqlite_path is None:
        return False
    import shutil

    try:
        return shutil.disk_usage(settings.sqlite_path.parent).free < FULL_BELOW
    except OSError:
        return False


def _is_database_error(exc: BaseException) -> bool:
    return any(cls.__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")) for cls in type(exc).__mro__[:-2])


def _database_place(settings: Settings | None) -> str:
    if settings is None:
        return "the database"
    if settings.sqlite_path is not None:
        return str(settings.sqlite_path)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(settings.database_url)
    except Exception:  # a malformed URL: say nothing of it rather than risk a password
        return "the database"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line[:300]
