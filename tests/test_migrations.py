"""Migrations: models and migrations agree on both dialects; backups; a newer database is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db.engine import Database
from app.db.migrate import DatabaseTooNewError, alembic_config, current_revision, head_revision, upgrade
from app.db.models import Base
from app.db.search_ddl import SQLITE_UNMODELED_TABLES, UNMODELED_INDEXES


def _include(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and (name.startswith(SQLITE_UNMODELED_TABLES) or name == "alembic_version"):
        return False
    return not (type_ == "index" and name in UNMODELED_INDEXES)


def test_models_and_migrations_agree(empty_database_url, backend):
    db = Database(empty_database_url)
    upgrade(db.engine)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include, "compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    db.dispose()


def test_upgrade_is_idempotent_and_reports_head(empty_database_url):
    db = Database(empty_database_url)
    assert upgrade(db.engine) is True
    assert upgrade(db.engine) is False
    assert current_revision(db.engine) == head_revision(alembic_config(empty_database_url))
    db.dispose()


def test_downgrade_to_base_and_back(empty_database_url, backend):
    from alembic import command

    db = Database(empty_database_url)
    upgrade(db.engine)
    cfg = alembic_config(empty_database_url)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert upgrade(db.engine) is True
    db.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(db.engine)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0002_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("nickname", sa.String(40)))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("nickname")
"""


def test_sqlite_is_backed_up_before_migrating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil
    import sqlite3

    from app.db import migrate

    path = tmp_path / "crm.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    head = current_revision(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO users (username, display_name, role) VALUES ('bia', 'Bia', 'rep')"))
    # A newer AIConnect: the same migrations plus one more.
    newer = tmp_path / "alembic"
    shutil.copytree(migrate.alembic_dir(), newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "0002_test.py").write_text(NEXT_REVISION.format(head=head))
    monkeypatch.setattr(migrate, "alembic_dir", lambda: newer)

    backups = tmp_path / "backups"
    assert upgrade(db.engine, backups) is True
    copies = list(backups.glob("crm-*.sqlite3"))
    assert len(copies) == 1 and head in copies[0].name
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("bia",)]
        assert "nickname" not in [row[1] for row in copy.execute("PRAGMA table_info(users)")]
    assert "nickname" in [c["name"] for c in inspect(db.engine).get_columns("users")]
    db.dispose()


def test_backup_is_a_consistent_copy(tmp_path: Path):
    import sqlite3

    from app.db.migrate import backup_sqlite

    path = tmp_path / "crm.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO users (username, display_name, role) VALUES ('bia', 'Bia', 'rep')"))
    target = backup_sqlite(db.engine, tmp_path / "backups", "0001")
    assert target is not None and target.exists()
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT username FROM users").fetchall() == [("bia",)]
    db.dispose()


def test_a_database_from_a_newer_version_is_refused(empty_database_url):
    db = Database(empty_database_url)
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNewError, match="newer version of AIConnect"):
        upgrade(db.engine)
    db.dispose()


def test_cli_refuses_newer_database_with_exit_2(empty_database_url, capsys):
    from app.cli import main

    db = Database(empty_database_url)
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "newer version" in err[0]


def test_fast_path_head_matches_the_scripts():
    from app.db.migrate import HEAD

    assert head_revision(alembic_config("sqlite://")) == HEAD
