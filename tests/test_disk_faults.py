"""A full disk and read-only places (issue 20, item 8): exit 2 with one line ("disk full at …", "cannot write …"),
nothing corrupted, no logging error on stderr.

The faults are real: a small tmpfs filled to the last byte, or remounted read-only (as root, which this harness
is). Without the right to mount, the same SQLite error comes from PRAGMA max_page_count and read-only from the
file modes, so the tests still run (root ignores file modes, a normal user cannot mount)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from tests.cli_run import one_line, run


class Disk:
    """A folder on its own small file system when mounting is allowed."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.mounted = os.geteuid() == 0 and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True).returncode == 0

    def fill(self) -> None:
        if not self.mounted:
            return
        fd = os.open(self.path / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\xff" * 4096):
                pass
        except OSError:  # ENOSPC: full
            pass
        finally:
            os.close(fd)

    def free(self) -> None:
        (self.path / "filler").unlink(missing_ok=True)

    def read_only(self, on: bool) -> None:
        if self.mounted:
            _close_logs_under(self.path)  # a file open for writing keeps the file system from going read-only
            subprocess.run(["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.path)], check=True)
            return
        for folder, dirs, files in os.walk(self.path):
            for name in [*dirs, *files, ""]:
                target = Path(folder) / name
                mode = target.stat().st_mode
                target.chmod(mode & ~0o222 if on else mode | stat.S_IWUSR)

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)


def _close_logs_under(path: Path) -> None:
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        if str(getattr(handler, "baseFilename", "")).startswith(str(path)):
            root.removeHandler(handler)
            try:
                handler.close()
            except OSError:  # its last flush, on the full disk
                pass


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    place = Disk(tmp_path / "disk", "2m")
    monkeypatch.setenv("AICONNECT_HOME", str(place.path / "home"))
    monkeypatch.delenv("AICONNECT_DATABASE_URL", raising=False)
    yield place
    place.free()
    place.read_only(False)
    _close_logs_under(place.path)
    place.unmount()


@pytest.fixture
def full_database(disk: Disk) -> Iterator[None]:
    """Where the disk cannot be filled for real, SQLite is told the same: no page past the current size."""
    if disk.mounted:
        yield
        return

    def cap(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 1}")

    event.listen(Pool, "connect", cap)
    yield
    event.remove(Pool, "connect", cap)


def database(disk: Disk) -> Path:
    return disk.path / "home" / "aiconnect.sqlite3"


def test_a_full_disk_exits_2_and_leaves_the_workspace_whole(disk, capsys, request):
    assert run(capsys, "leads", "list")[0] == 0  # the workspace exists
    disk.fill()
    request.getfixturevalue("full_database")
    code, _out, err = run(capsys, "demo", "--leads", "400")
    line = one_line(err)
    assert code == 2 and line.startswith("aiconnect: disk full at ") and str(database(disk)) in line
    disk.free()  # (SQLite cannot even read a WAL database on a full disk: it needs room for its shared memory)
    with sqlite3.connect(database(disk)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM leads").fetchone()[0] == 0  # all or nothing
    conn.close()
    code, out, err = run(capsys, "leads", "list", "--json")
    assert code == 0 and out.strip() == "[]", err


def test_a_read_only_data_folder_exits_2_with_cannot_write(disk, capsys):
    assert run(capsys, "config", "set", "sms.quiet_hours", "09:00-18:00")[0] == 0
    before = database(disk).read_bytes()
    disk.read_only(True)
    code, _out, err = run(capsys, "config", "set", "sms.quiet_hours", "10:00-17:00")
    assert code == 2 and one_line(err).startswith("aiconnect: cannot write ")
    assert database(disk).read_bytes() == before
    disk.read_only(False)
    code, out, _err = run(capsys, "config", "get", "sms.quiet_hours")
    assert (code, out.strip()) == (0, "09:00-18:00")


def test_a_backup_to_a_full_or_read_only_folder_exits_2_and_leaves_no_partial_copy(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("AICONNECT_HOME", str(home))
    monkeypatch.delenv("AICONNECT_DATABASE_URL", raising=False)
    assert run(capsys, "demo", "--leads", "200")[0] == 0
    backups = Disk(home / "backups", "40m")
    try:
        backups.fill()
        if not backups.mounted:  # without a small disk: say the disk has no room left
            monkeypatch.setattr("shutil.disk_usage", lambda _p: shutil_usage(0))
        code, _out, err = run(capsys, "db", "backup")  # refused before copying: a backup never fills the disk
        assert code == 2 and "disk full at" in one_line(err) and "are free" in err
        monkeypatch.setattr("app.db.backup.SPARE", -(1 << 40))  # were it to copy anyway, the write fails whole
        if not backups.mounted:
            monkeypatch.setattr("app.db.backup.sqlite3.connect", _full_target(sqlite3.connect))
        code, _out, err = run(capsys, "db", "backup")
        assert code == 2 and f"disk full at {backups.path}: the backup could not be written whole" in one_line(err)
        assert not list(backups.path.glob("*.sqlite3*"))
        backups.free()
        monkeypatch.undo()
        monkeypatch.setenv("AICONNECT_HOME", str(home))
        monkeypatch.delenv("AICONNECT_DATABASE_URL", raising=False)
        backups.read_only(True)
        code, _out, err = run(capsys, "db", "backup")
        assert code == 2 and one_line(err).startswith("aiconnect: cannot write ")
    finally:
        backups.read_only(False)
        backups.unmount()


def shutil_usage(free: int):
    import shutil

    return shutil._ntuple_diskusage(1 << 30, (1 << 30) - free, free)


def _full_target(connect):
    def fake(target, *args, **kwargs):
        if str(target).endswith(".partial"):
            raise sqlite3.OperationalError("database or disk is full")
        return connect(target, *args, **kwargs)

    return fake
