"""The local workspace's daily backup while the app runs (issue 20, item 7): off the UI thread and the db lane,
taken when the newest backup is a day old, not again the same day; a team database is not copied here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.db import backup
from app.ui.daily_backup import DailyBackup
from tests.ui.conftest import idle


def test_a_daily_backup_is_taken_in_the_background_once_a_day(qtbot, ctx, runner, backend):
    daily = DailyBackup(ctx, runner, first_check_ms=0, every_ms=3_600_000)
    daily.start()
    if backend == "postgresql":  # backed up on its server (README), never copied by a desktop
        assert not daily.timer.isActive()
        return
    assert daily.timer.isActive() and daily.timer.interval() == 3_600_000
    qtbot.waitUntil(lambda: daily.last is not None, timeout=15000)
    taken = backup.backups(ctx.settings.backups_dir, ctx.settings.sqlite_path.stem)
    assert [b.why for b in taken] == ["daily"] and taken[0].path == daily.last
    daily.check()  # the next hourly check, the same day: nothing to do
    idle(qtbot, runner)
    assert len(backup.backups(ctx.settings.backups_dir, ctx.settings.sqlite_path.stem)) == 1
    assert not list(ctx.settings.backups_dir.glob("*.partial"))


def test_the_next_day_another_one_is_taken(qtbot, ctx, runner, backend):
    if backend == "postgresql":
        DailyBackup(ctx, runner, first_check_ms=0).check()  # asked anyway: nothing runs
        assert not runner.busy and not list(ctx.settings.backups_dir.glob("*.sqlite3"))
        return
    yesterday = datetime.now(UTC) - timedelta(hours=25)
    backup.take(ctx.settings.sqlite_path, ctx.settings.backups_dir, "daily", now=yesterday)
    daily = DailyBackup(ctx, runner, first_check_ms=0)
    daily.start()
    qtbot.waitUntil(lambda: daily.last is not None, timeout=15000)
    assert len(backup.backups(ctx.settings.backups_dir, ctx.settings.sqlite_path.stem)) == 2


def test_the_real_app_installs_it_a_minute_after_the_window_opens(qtbot, window, runner, backend):
    assert getattr(window, "daily_backup", None) is None  # screens, tests and the self-test never copy anything
    window.start_scheduler()
    daily = window.daily_backup
    assert daily._first.interval() == 60_000 and daily.timer.interval() == 3_600_000
    assert daily._first.isActive() == (backend == "sqlite") and not daily.running
    window.close()
    idle(qtbot, runner)
