"""Workspace settings, users and the environment contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigError, load_settings
from app.errors import ValidationError
from app.services.workspace.users import ensure_user, list_users


def test_settings_from_environment(tmp_path: Path):
    s = load_settings({"AICONNECT_HOME": str(tmp_path), "AICONNECT_SMS_RATE": "2.5",
                       "AICONNECT_TWILIO_API_URL": "http://127.0.0.1:9/"})
    assert s.home == tmp_path
    assert s.database_url == f"sqlite:///{tmp_path / 'aiconnect.sqlite3'}"
    assert s.sqlite_path == tmp_path / "aiconnect.sqlite3"
    assert s.sms_rate == 2.5 and s.twilio_api_url == "http://127.0.0.1:9/"
    pg = load_settings({"AICONNECT_HOME": str(tmp_path), "AICONNECT_DATABASE_URL": "postgresql://u@h/db"})
    assert pg.database_url == "postgresql://u@h/db" and not pg.is_sqlite and pg.sqlite_path is None


@pytest.mark.parametrize("rate", ["fast", "0", "-1", "1e-300", "inf", "nan", "1e400", "1e308"])
def test_bad_sms_rate_is_named(tmp_path: Path, rate: str):
    with pytest.raises(ConfigError, match="AICONNECT_SMS_RATE"):
        load_settings({"AICONNECT_HOME": str(tmp_path), "AICONNECT_SMS_RATE": rate})


def test_the_environments_sms_rate_has_the_settings_range():
    from app.config import SMS_RATE_RANGE
    from app.services.workspace.settings import SMS_RATE

    assert SMS_RATE_RANGE == tuple(float(x) for x in SMS_RATE)


def test_workspace_settings_validate_and_never_take_secrets(ctx):
    assert ctx.workspace.get("sms.quiet_hours") == "08:00-20:00"
    ctx.workspace.set("sms.rate", "3")
    assert ctx.workspace.all()["sms.rate"] == "3"
    for key, value in [("sms.rate", "0"), ("sms.quiet_hours", "25:00-26:00"), ("twilio.sender", "abc"),
                       ("ui.language", "klingon"), ("google.maps_key", "AIza…"), ("what", "ever")]:
        with pytest.raises(ValidationError) as err:
            ctx.workspace.set(key, value)
        assert key in err.value.problems


def test_first_user_is_manager_then_reps(ctx):
    assert ctx.user.username == "ana" and ctx.user.role == "manager"
    bia = ensure_user(ctx.db, "bia")
    assert bia.role == "rep"
    assert ensure_user(ctx.db, "bia").id == bia.id
    assert [u.username for u in list_users(ctx.db)] == ["ana", "bia"]


def test_language_is_a_personal_preference(ctx):
    from app.services.workspace.settings import WorkspaceSettings

    ctx.workspace.set("ui.language", "pt_BR")
    ctx.workspace.set("sms.rate", "2")
    colleague = WorkspaceSettings(ctx.db, "bia")
    assert colleague.get("ui.language") == "system"
    assert colleague.get("sms.rate") == "2"
    assert ctx.workspace.all()["ui.language"] == "pt_BR"
