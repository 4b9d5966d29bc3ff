"""Migrations at start: back up the SQLite file, refuse a newer database, then upgrade to head.

Alembic is imported only when there is something to do: at every ordinary start the stored
revision is read with one query and compared with HEAD (kept equal to the scripts' head by a test).
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.errors import KnownError

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)
KEEP_BACKUPS = 5
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
    """Bring the database to head; returns True when something was migrated."""
    current = current_revision(engine)
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


def backup_sqlite(engine: Engine, backups_dir: Path, revision: str) -> Path | None:
    """A consistent copy through SQLite's online backup API, then prune old copies."""
    path = engine.url.database
    if not path or path == ":memory:" or not Path(path).exists():
        return None
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = backups_dir / f"{Path(path).stem}-{stamp}-{revision}.sqlite3"
    with sqlite3.connect(path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    backups = sorted(backups_dir.glob(f"{Path(path).stem}-*.sqlite3"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    logger.info("backed up %s to %s before migrating", path, target)
    return target
