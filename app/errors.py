"""Expected failures, each with a message a user can act on.

Bugs are anything else; the UI shows those in a crash dialog and the CLI exits 1.
"""

from __future__ import annotations


class KnownError(Exception):
    """An expected failure: bad input, a missing record, a conflict, a service down."""


class ValidationError(KnownError):
    """One or more fields are wrong; `problems` maps a field name to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.problems.items()))

    def __reduce__(self) -> tuple[object, ...]:  # pickled whole: it crosses from a training's process (app.ml.isolated)
        return (type(self), (self.problems,))


class NotFoundError(KnownError):
    pass


class ConflictError(KnownError):
    """Someone else changed the record since it was read (optimistic concurrency)."""


class DatabaseDamagedError(KnownError):
    """The local database file is not a usable SQLite database (empty, zeroed, junk, truncated, malformed)."""


class UnversionedDatabaseError(KnownError):
    """The database holds AIConnect's tables but not the version table that says which migrations it has."""


# --- the outside world failing: what kind of fault an exception is ------------------------------------------------
# Classified here, without importing the database drivers, so the command line and the UI (which may not import
# app.db) say the same thing about the same fault, each in its own words.

DISK_FULL = "disk_full"
READ_ONLY = "read_only"
DAMAGED = "damaged"
LOCKED = "locked"
NO_PRIVILEGE = "no_privilege"
TOO_COMPLEX = "too_complex"
CONNECTION_LOST = "connection_lost"
LOGIN_REFUSED = "login_refused"
NO_DATABASE = "no_database"

_ERRNO_KINDS = {28: DISK_FULL, 122: DISK_FULL, 30: READ_ONLY, 13: READ_ONLY, 1: READ_ONLY}  # ENOSPC EDQUOT EROFS EACCES EPERM
_SQLITE_KINDS = (("SQLITE_FULL", DISK_FULL), ("SQLITE_READONLY", READ_ONLY), ("SQLITE_CANTOPEN", READ_ONLY),
                 ("SQLITE_CORRUPT", DAMAGED), ("SQLITE_NOTADB", DAMAGED), ("SQLITE_BUSY", LOCKED),
                 ("SQLITE_LOCKED", LOCKED))
_SQLSTATE_KINDS = (("42501", NO_PRIVILEGE), ("28", LOGIN_REFUSED), ("3D000", NO_DATABASE),
                   ("54", TOO_COMPLEX), ("53100", DISK_FULL), ("08", CONNECTION_LOST),
                   ("57P0", CONNECTION_LOST), ("25006", READ_ONLY), ("55P03", LOCKED), ("40P01", LOCKED))
_LOST_WORDS = ("server closed the connection", "connection is lost", "connection is closed", "consuming input failed",
               "connection refused", "could not connect", "connection timeout", "timeout expired",
               "no connection to the server", "terminating connection", "ssl syscall error", "eof detected")
_TOO_COMPLEX_WORDS = ("expression tree is too large", "too many sql variables", "parser stack overflow",
                      "stack depth limit exceeded", "too many terms in compound select", "string or blob too big")


def fault_kind(exc: BaseException) -> str | None:
    """DISK_FULL, READ_ONLY, DAMAGED, LOCKED, NO_PRIVILEGE, TOO_COMPLEX, CONNECTION_LOST, LOGIN_REFUSED or NO_DATABASE
    when `exc` is the
    disk, a file or the database failing in one of those ways (also wrapped by SQLAlchemy), else None."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.errno in _ERRNO_KINDS:
        return _ERRNO_KINDS[orig.errno]
    sqlite_name = getattr(orig, "sqlite_errorname", None)
    if isinstance(sqlite_name, str):
        kind = next((k for prefix, k in _SQLITE_KINDS if sqlite_name.startswith(prefix)), None)
        if kind is not None:
            return kind
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        kind = next((k for prefix, k in _SQLSTATE_KINDS if sqlstate.startswith(prefix)), None)
        if kind is not None:
            return kind
    text = str(orig).lower()
    if _is_driver_error(orig) and ("password authentication failed" in text or "not permitted to log in" in text
                                   or "no pg_hba.conf entry" in text or ('role "' in text and "does not exist" in text)):
        return LOGIN_REFUSED  # psycopg says these while connecting, before a SQLSTATE is attached
    if _is_driver_error(orig) and 'database "' in text and "does not exist" in text:
        return NO_DATABASE
    if any(words in text for words in _TOO_COMPLEX_WORDS):
        return TOO_COMPLEX
    if getattr(exc, "connection_invalidated", False) or (_is_driver_error(orig) and any(w in text for w in _LOST_WORDS)):
        return CONNECTION_LOST
    if "database or disk is full" in text:
        return DISK_FULL
    if "readonly database" in text or "unable to open database file" in text:
        return READ_ONLY
    if "malformed" in text or "file is not a database" in text:
        return DAMAGED
    return None


def _is_driver_error(exc: BaseException) -> bool:
    """An error of a database driver (psycopg, sqlite3), not of our own code: only its words are trusted."""
    return type(exc).__module__.split(".")[0] in ("psycopg", "sqlite3", "psycopg2", "sqlalchemy")


def fault_path(exc: BaseException) -> str | None:
    """The file an OSError is about, when it says."""
    orig = getattr(exc, "orig", None) or exc
    filename = getattr(orig, "filename", None) if isinstance(orig, OSError) else None
    return str(filename) if filename not in (None, "") else None
