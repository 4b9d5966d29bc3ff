"""Migrations at start: check the SQLite file, back it up, refuse a newer database, then upgrade to head.

Alembic is imported only when there is something to do: at every ordinary start the stored
revision is read with one query and compared with HEAD (kept equal to the scripts' head by a test).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError

from app.db.sqlite_file import file_problem
from app.errors import DAMAGED, KnownError, UnversionedDatabaseError, fault_kind
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)
OUR_TABLES = ("leads", "users", "interactions", "messages")  # a database holding these is an AIConnect workspace
HEAD = "0012"  # the newest revision in alembic/versions; tests/test_migrations.py checks it


class DatabaseTooNewError(KnownError):
    """The database was migrated by a newer AIConnect than this one."""


def alembic_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "alembic"


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(alembic_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision(cfg: Config) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, backups_dir: Path | None = None) -> bool:
    """Bring the database to head; returns True when something was migrated. A damaged SQLite file
    (DatabaseDamagedError) and a populated database without its version table (UnversionedDatabaseError)
    are refused before anything is written."""
    path = sqlite_file(engine)
    what = file_problem(path) if path is not None else None
    if path is not None and what is not None:
        from app.db import backup  # only when something is wrong: start-up imports no more than it needs

        raise backup.damaged(path, backups_dir or path.parent / "backups", what)
    try:
        current = current_revision(engine)
        if current is None:
            refuse_unversioned(engine)
    except DatabaseError as exc:
        if path is None or fault_kind(exc) != DAMAGED:
            raise
        from app.db import backup

        raise backup.damaged(path, backups_dir or path.parent / "backups", backup.malformed()) from None
    if current == HEAD and alembic_dir() == _SHIPPED:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    script = ScriptDirectory.from_config(cfg)
    head = head_revision(cfg)
    if current == head:
        return False
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNewError(
            f"This database was created by a newer version of AIConnect (schema {current}); "
            f"this version knows schema {head}. Update AIConnect to open it."
        )
    if current is not None and backups_dir is not None and engine.dialect.name == "sqlite":
        backup_sqlite(engine, backups_dir, current)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    logger.info("database migrated from %s to %s", current, head)
    return True


_SHIPPED = alembic_dir()


def sqlite_file(engine: Engine) -> Path | None:
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    return Path(path) if path and path != ":memory:" and not path.startswith("file:") else None


def refuse_unversioned(engine: Engine) -> None:
    """AIConnect's tables without alembic_version: migrating would fail half-way or on the wrong schema."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    ours = [name for name in OUR_TABLES if name in tables]
    if ours:
        where = str(sqlite_file(engine) or engine.url.render_as_string(hide_password=True))
        raise UnversionedDatabaseError(Text(QT_TRANSLATE_NOOP(
            "Services", "The database {where} holds AIConnect's tables ({tables}) but not its schema version (the "
                        "alembic_version table is missing: a partial copy or a manual restore?), so it cannot be "
                        "migrated safely. Restore a backup (`aiconnect db restore`) or a complete copy of it."),
            where=where, tables=", ".join(ours)))


def backup_sqlite(engine: Engine, backups_dir: Path, revision: str) -> Path | None:
    """A consistent copy before migrating (app/db/backup.py), the newest backup.KEEP kept."""
    from app.db import backup

    path = sqlite_file(engine)
    if path is None or not path.exists():
        return None
    return backup.take(path, backups_dir, revision)
