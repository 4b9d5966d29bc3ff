"""Damaged databases (issue 20, item 7): a truncated, zeroed, junk or empty SQLite file is refused with what is
wrong and the newest backup; `aiconnect db restore` lists and restores backups, keeping the damaged file aside;
backups are taken daily and pruned; a populated database without its version table is explained."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import backup
from app.db.engine import Database
from app.db.migrate import upgrade
from tests.cli_run import one_line, run


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated workspace with three leads, made once for the module."""
    path = tmp_path_factory.mktemp("damaged") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    from app.services.leads.leads import LeadService
    from app.services.workspace.users import ensure_user

    user = ensure_user(db, "ana")
    leads = LeadService(db, user.id)
    for name in ("Íris Nogueira", "Otávio Lima", "Bruna Reis"):
        leads.create({"name": name})
    db.dispose()
    with sqlite3.connect(path) as conn:  # everything in the file itself, no WAL left
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("AICONNECT_HOME", str(home))
    monkeypatch.delenv("AICONNECT_DATABASE_URL", raising=False)
    shutil.copyfile(template, home / "aiconnect.sqlite3")
    return home / "aiconnect.sqlite3"


def damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    if how == "empty":
        path.write_bytes(b"")
    elif how == "zeroed":
        path.write_bytes(b"\x00" * size)
    elif how == "junk":
        path.write_bytes(os.urandom(size))
    elif how == "truncated":
        with open(path, "r+b") as handle:
            handle.truncate(size // 3)
    elif how == "short header":
        path.write_bytes(path.read_bytes()[:40])
    elif how == "malformed":  # header and schema page intact, every other page garbled
        data = bytearray(path.read_bytes())
        page = int.from_bytes(data[16:18], "big")
        data[page:] = os.urandom(len(data) - page)
        path.write_bytes(bytes(data))


DAMAGES = {"empty": "empty (0 bytes)", "zeroed": "all zeros", "junk": "not an SQLite database",
           "truncated": "truncated", "short header": "truncated", "malformed": "malformed"}


@pytest.mark.parametrize("how", list(DAMAGES))
def test_a_damaged_file_exits_2_naming_the_damage_and_the_newest_backup(workspace, capsys, how):
    assert run(capsys, "db", "backup")[0] == 0
    newest = backup.newest(workspace.parent / "backups", "aiconnect")
    damage(workspace, how)
    before = workspace.read_bytes()
    code, _out, err = run(capsys, "leads", "list")
    line = one_line(err)
    assert code == 2
    assert DAMAGES[how] in line and newest.name in line and "aiconnect db restore" in line
    assert workspace.read_bytes() == before  # nothing was written into it (an empty file stays empty)


def test_a_damaged_file_without_backups_says_there_is_none(workspace, capsys):
    damage(workspace, "zeroed")
    code, _out, err = run(capsys, "db", "upgrade")
    assert code == 2 and "no backup" in one_line(err)


def test_restore_lists_then_restores_keeping_the_damaged_file_and_its_wal_aside(workspace, capsys):
    folder = workspace.parent / "backups"
    older = backup.take(workspace, folder, "manual", now=datetime.now(UTC) - timedelta(days=2))
    assert run(capsys, "db", "backup")[0] == 0
    damage(workspace, "junk")
    damaged_bytes = workspace.read_bytes()
    wal = workspace.with_name("aiconnect.sqlite3-wal")
    wal.write_bytes(b"stale wal of the damaged file")

    code, out, _err = run(capsys, "db", "restore")
    assert code == 0
    lines = out.splitlines()
    assert "damaged" in lines[0]
    listed = [line.split()[1] for line in lines[1:] if line.strip()[:1].isdigit()]
    assert len(listed) == 2 and listed[1] == older.name  # newest first

    code, out, err = run(capsys, "db", "restore", "newest")
    assert code == 0, err
    aside = [p for p in workspace.parent.iterdir() if p.name.startswith("aiconnect.sqlite3.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes
    assert not wal.exists() and any(p.name.startswith("aiconnect.sqlite3-wal.damaged-") for p in workspace.parent.iterdir())
    code, out, err = run(capsys, "leads", "list", "--json")
    assert code == 0, err
    assert len(__import__("json").loads(out)) == 3


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_alone(workspace, capsys, tmp_path):
    bad = tmp_path / "bad-copy.sqlite3"
    bad.write_bytes(os.urandom(8192))
    before = workspace.read_bytes()
    code, _out, err = run(capsys, "db", "restore", str(bad))
    assert code == 2 and "cannot be restored" in one_line(err)
    assert workspace.read_bytes() == before
    code, _out, err = run(capsys, "db", "restore", "no-such-backup")
    assert code == 2 and "no backup named" in one_line(err)


def test_restore_is_for_the_local_workspace_only(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AICONNECT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AICONNECT_DATABASE_URL", "postgresql://team.example:5432/crm")
    code, _out, err = run(capsys, "db", "restore")
    assert code == 2 and "pg_dump" in one_line(err)


def test_backups_are_pruned_to_the_newest_and_daily_ones_taken_when_due(workspace):
    folder = workspace.parent / "backups"
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(backup.KEEP + 3):
        assert backup.take_if_due(workspace, folder, now=start + timedelta(days=day)) is not None
    assert backup.take_if_due(workspace, folder, now=start + timedelta(days=backup.KEEP + 2, hours=23)) is None
    kept = backup.backups(folder, "aiconnect")
    assert len(kept) == backup.KEEP
    assert kept[0].taken_at == start + timedelta(days=backup.KEEP + 2) and kept[0].why == "daily"
    with sqlite3.connect(kept[0].path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM leads").fetchone()[0] == 3
    conn.close()


def test_a_damaged_file_never_pushes_a_good_backup_out(workspace):
    folder = workspace.parent / "backups"
    backup.take(workspace, folder, "manual", now=datetime.now(UTC) - timedelta(days=3))
    damage(workspace, "zeroed")
    assert backup.take_if_due(workspace, folder) is None
    assert len(backup.backups(folder, "aiconnect")) == 1


def test_a_migration_backs_up_first(workspace):
    from alembic import command

    from app.db.migrate import HEAD, alembic_config, current_revision

    db = Database(f"sqlite:///{workspace}")
    cfg = alembic_config(f"sqlite:///{workspace}")
    with db.engine.begin() as conn:  # the workspace one schema behind
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    previous = current_revision(db.engine)
    assert upgrade(db.engine, workspace.parent / "backups") is True
    assert current_revision(db.engine) == HEAD
    db.dispose()
    taken = backup.backups(workspace.parent / "backups", "aiconnect")
    assert [b.why for b in taken] == [previous]
    with sqlite3.connect(taken[0].path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == previous
    conn.close()


def test_a_populated_database_without_its_version_table_is_explained(database_url, capsys):
    db = Database(database_url)
    upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    db.dispose()
    code, _out, err = run(capsys, "leads", "list")
    line = one_line(err)
    assert code == 2 and "alembic_version" in line and "leads" in line
    db = Database(database_url)
    with db.engine.connect() as conn:  # nothing was created or changed: still no version table
        assert conn.execute(text("SELECT count(*) FROM leads")).scalar() == 0
        from sqlalchemy import inspect

        assert not inspect(conn).has_table("alembic_version")
    db.dispose()


def test_the_desktop_start_explains_a_damaged_file_instead_of_crashing(workspace, capsys):
    from app.config import load_settings
    from app.ui.app import StartupError, open_workspace

    run(capsys, "db", "backup")
    damage(workspace, "junk")
    with pytest.raises(StartupError) as caught:
        open_workspace(load_settings())
    assert "damaged" in str(caught.value) and "aiconnect db restore" in str(caught.value)
    code, _out, err = run(capsys, "gui", "--self-test")
    assert code == 2 and "damaged" in one_line(err)


def test_restore_refuses_while_another_program_has_the_database_open(workspace, capsys):
    import subprocess
    import sys

    run(capsys, "db", "backup")
    holder = subprocess.Popen(  # another process with the workspace open, as the app would be
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                               "c.execute('SELECT count(*) FROM leads').fetchone(); print('open', flush=True); "
                               "sys.stdin.read()", str(workspace)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = workspace.read_bytes()
        code, _out, err = run(capsys, "db", "restore", "newest")
        assert code == 2 and "open in another program" in one_line(err)
        assert workspace.read_bytes() == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    code, _out, err = run(capsys, "db", "restore", "newest")
    assert code == 0, err
