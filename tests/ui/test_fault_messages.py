"""The disk and the SQLite file failing, in the app (issue 20, items 7 and 8): a non-modal message that says what
happened and what to do, never the crash dialog. (PostgreSQL's faults: tests/test_pg_errors.py.)"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.db.engine import Database
from app.ui.errors import is_expected, report_error, set_crash_handler


@pytest.fixture
def notices(qapp) -> Iterator[list[tuple[str, str]]]:
    from app.ui.changes import changes

    heard: list[tuple[str, str]] = []
    changes().notice.connect(lambda words, level, _action: heard.append((words, level)))
    crashes: list[str] = []
    previous = set_crash_handler(crashes.append)
    yield heard
    set_crash_handler(previous)
    assert not crashes, crashes


def _raised(action) -> BaseException:
    try:
        action()
    except (OSError, SQLAlchemyError) as exc:
        return exc
    raise AssertionError("nothing failed")


def _write_to_full_device() -> None:
    with open("/dev/full", "w") as handle:
        handle.write("x")
        handle.flush()


def test_a_full_disk_and_a_full_or_damaged_database_are_told_not_crashed(tmp_path, notices):
    path = tmp_path / "w.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
        pages = conn.execute(text("PRAGMA page_count")).scalar()
        conn.execute(text(f"PRAGMA max_page_count = {pages}"))  # SQLite's own "database or disk is full"

    def fill() -> None:
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO t SELECT hex(randomblob(2000)) FROM (WITH RECURSIVE n(i) AS "
                              "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n)"))

    full_database = _raised(fill)
    db.dispose()
    data = bytearray(path.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)
    path.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    damaged_db = Database(f"sqlite:///{path}")

    def read() -> None:
        with damaged_db.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM t")).scalar()

    damaged = _raised(read)
    damaged_db.dispose()
    full_disk = _raised(_write_to_full_device)

    for exc in (full_disk, full_database, damaged):
        assert is_expected(exc)
        report_error(None, exc)
    said = [words for words, _level in notices]
    assert [level for _words, level in notices] == ["error"] * 3
    assert "disk is full" in said[0]
    assert "disk holding the database is full" in said[1] and "nothing was saved" in said[1]
    assert "damaged" in said[2] and "aiconnect db restore" in said[2]
