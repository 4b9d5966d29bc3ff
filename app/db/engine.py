"""Engine and session factory: one place that knows how to open either database.

SQLite has one writer at a time. A writer that finds the lock taken (an import's final write,
the automations worker) waits politely: SQLite's busy timeout is one second per try, and a
statement refused after it is tried again, for up to WRITE_PATIENCE_S in all. After that first
second the wait listeners hear of it once (the default one logs a warning, which the command
line shows on stderr), so nobody stares at a silent pause and nobody's edit fails for a
minute-long import.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 1000  # one try: after this a waiting writer is told, and tries again
WRITE_PATIENCE_S = 300.0  # in all: longer than the final write of a million-row import on a slow laptop
SQLITE_BUSY_SNAPSHOT = 517  # a read transaction that cannot become a write one: retrying cannot help
WaitListener = Callable[[str], None]
_listeners: list[WaitListener] = []
_listeners_lock = threading.Lock()


def add_wait_listener(listener: WaitListener) -> Callable[[], None]:
    """Call `listener(message)` when a statement has waited a moment for another writer; returns the remover."""
    with _listeners_lock:
        _listeners.append(listener)

    def remove() -> None:
        with _listeners_lock, suppress(ValueError):
            _listeners.remove(listener)

    return remove


def _tell_waiting() -> None:
    message = "waiting for another program to finish writing to the workspace (an import?); it goes on by itself"
    with _listeners_lock:
        listeners = list(_listeners)
    if not listeners:
        logger.warning(message)
    for listener in listeners:
        try:
            listener(message)
        except Exception:  # a listener's bug must not break the write it was told about
            logger.exception("a database wait listener failed")


def _politely(run: Callable[[], Any]) -> None:
    """Run one SQLite statement, trying again while another connection holds the write lock (see the docstring)."""
    deadline = 0.0
    while True:
        try:
            run()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or getattr(exc, "sqlite_errorcode", 0) == SQLITE_BUSY_SNAPSHOT:
                raise
            now = time.monotonic()
            if not deadline:
                deadline = now + WRITE_PATIENCE_S
                _tell_waiting()
            elif now >= deadline:
                raise


def _execute(cursor: Any, statement: str, parameters: Any, _context: Any) -> bool:
    _politely(lambda: cursor.execute(statement, parameters))
    return True


def _execute_no_params(cursor: Any, statement: str, _context: Any) -> bool:
    _politely(lambda: cursor.execute(statement))
    return True


def _executemany(cursor: Any, statement: str, parameters: Any, _context: Any) -> bool:
    # A refused executemany did nothing: the write lock is taken at its first row or not at all.
    _politely(lambda: cursor.executemany(statement, parameters))
    return True


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
                               **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "do_execute", _execute, retval=True)
        event.listen(engine, "do_execute_no_params", _execute_no_params, retval=True)
        event.listen(engine, "do_executemany", _executemany, retval=True)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    cur.close()


class Database:
    """The engine plus a session factory; passed to every service."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed together or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
