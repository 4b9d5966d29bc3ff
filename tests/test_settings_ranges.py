"""Workspace settings are validated against their ranges, and a stored value an older version let in is
reported and replaced by the default, never crashed on (issue 20, item 6)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.models import AppSetting
from app.errors import ValidationError
from app.services.messaging.worker import MessagingConfig
from app.services.workspace import settings as settings_module
from app.services.workspace.settings import KNOWN, WorkspaceSettings, value_in


@pytest.fixture(autouse=True)
def fresh_reports(monkeypatch):
    """Each test sees its stored values reported afresh (the process reports each one once)."""
    monkeypatch.setattr(settings_module, "_reported", set(), raising=False)


def plant(ctx, key: str, value: str) -> None:
    """Write a value past the validation, as an older version or a hand edit did."""
    with ctx.db.transaction() as s:
        row = s.get(AppSetting, key)
        if row is None:
            s.add(AppSetting(key=key, value=value, updated_at=datetime.now(UTC)))
        else:
            row.value = value


@pytest.mark.parametrize(("key", "value", "says"), [
    ("sms.rate", "1e-300", "'1e-300' is outside the allowed range 0.01 to 1000"),
    ("sms.rate", "inf", "'inf' is outside the allowed range 0.01 to 1000"),
    ("sms.rate", "1e308", "'1e308' is outside the allowed range 0.01 to 1000"),
    ("sms.rate", "nan", "'nan' is outside the allowed range 0.01 to 1000"),
    ("sms.rate", "-1", "outside the allowed range 0.01 to 1000"),
    ("sms.rate", "fast", "'fast' is not a number; use one from 0.01 to 1000"),
    ("geocode.qps", "1e308", "outside the allowed range 0.1 to 50"),
    ("geocode.qps", "0", "outside the allowed range 0.1 to 50"),
    ("sms.frequency_cap_per_week", "99999999999999999999", "is not a whole number from 1 to 100"),
    ("sms.frequency_cap_per_week", "²", "is not a whole number from 1 to 100"),
    ("sms.price_per_segment", "1e-300", "more than 4 decimal places"),
    ("sms.price_per_segment", "Infinity", "outside the allowed range 0 to 100"),
    ("phone.default_region", "ZZ", "'ZZ' is not a country with phone numbers"),
    ("phone.default_region", "XX", "such as BR, PT or US"),
    ("currency", "ZZZ", "'ZZZ' is not an ISO 4217 currency code"),
])
def test_a_value_out_of_range_is_refused_with_the_range_and_nothing_stored(ctx, key, value, says):
    before = ctx.workspace.get(key)
    with pytest.raises(ValidationError) as err:
        ctx.workspace.set(key, value)
    assert says in err.value.problems[key]
    assert ctx.workspace.get(key) == before
    with ctx.db.session() as s:
        assert s.get(AppSetting, key) is None


@pytest.mark.parametrize(("key", "value", "kept"), [
    ("sms.rate", "0,5", "0.5"), ("sms.rate", "1000", "1000"), ("sms.rate", "0.01", "0.01"),
    ("geocode.qps", "50", "50"), ("sms.frequency_cap_per_week", "007", "7"),
    ("sms.price_per_segment", "1E+1", "10"), ("sms.price_per_segment", "-0", "0"),
    ("phone.default_region", "pt", "PT"), ("currency", "usd", "USD"),
])
def test_a_value_in_range_is_kept_in_its_plain_form(ctx, key, value, kept):
    assert ctx.workspace.set(key, value) == kept
    assert ctx.workspace.get(key) == kept


def test_cli_config_set_refuses_with_exit_2_and_one_line_naming_the_range(ctx, capsys):
    for value in ("1e-300", "inf", "1e308"):
        assert main(["config", "set", "sms.rate", value]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "0.01 to 1000" in err, err
    assert main(["config", "set", "phone.default_region", "ZZ"]) == 2
    assert "'ZZ' is not a country with phone numbers" in capsys.readouterr().err
    assert ctx.workspace.get("sms.rate") == "1" and ctx.workspace.get("phone.default_region") == "BR"


@pytest.mark.parametrize(("key", "stored"), [
    ("sms.rate", "1e-300"), ("sms.rate", "inf"), ("sms.rate", "fast"), ("geocode.qps", "abc"),
    ("sms.frequency_cap_per_week", "99999999999999999999"), ("phone.default_region", "ZZ"),
    ("sms.price_per_segment", "NaN"), ("sms.quiet_hours", "25:00-26:00"), ("sms.language", "klingon"),
    ("twilio.sender", "not a phone"), ("currency", "ZZZ"),
])
def test_a_stored_bad_value_gives_the_default_and_is_reported(ctx, caplog, key, stored):
    plant(ctx, key, stored)
    default = KNOWN[key][0]
    with caplog.at_level(logging.WARNING, logger="app.services.workspace.settings"):
        assert ctx.workspace.get(key) == default
        assert ctx.workspace.all()[key] == default
    problem = ctx.workspace.problems()[key]
    assert repr(stored) in problem and "is not used" in problem and repr(default) in problem
    assert any(repr(stored) in r.getMessage() and key in r.getMessage() for r in caplog.records)
    if key in ("sms.language", "sms.rate"):
        with ctx.db.session() as s:
            assert value_in(s, key) == default


def test_the_messaging_worker_reads_a_stored_bad_rate_as_the_default(ctx):
    plant(ctx, "sms.rate", "1e-300")  # the token bucket waited 1e300 s (time.sleep overflowed)
    plant(ctx, "sms.frequency_cap_per_week", "lots")  # int() raised on every pass
    config = MessagingConfig.load(ctx.workspace)
    assert config.rate == 1.0 and config.cap_per_week == 3


def test_a_stored_bad_value_is_reported_once_per_process(ctx, caplog):
    plant(ctx, "geocode.qps", "-3")
    with caplog.at_level(logging.WARNING, logger="app.services.workspace.settings"):
        for _ in range(3):
            assert float(ctx.workspace.get("geocode.qps")) == 10.0
    assert sum("'-3'" in r.getMessage() for r in caplog.records) == 1


def test_config_get_keeps_working_over_a_stored_bad_value(ctx, capsys):
    plant(ctx, "sms.rate", "inf")
    assert main(["config", "get", "sms.rate"]) == 0
    said = capsys.readouterr()
    assert said.out.strip() == "1"
    assert "sms.rate" in said.err and "'inf'" in said.err  # the stored value that is not used is named
    assert main(["config", "get", "--json"]) == 0
    assert "'inf'" in capsys.readouterr().err
    assert main(["config", "get", "currency"]) == 0
    assert "sms.rate" not in capsys.readouterr().err  # only the key asked about


def test_valid_stored_values_are_no_problem_and_per_user_ones_are_checked_too(ctx):
    ctx.workspace.set("sms.rate", "2")
    plant(ctx, "user.ana.ui.language", "klingon")
    assert ctx.workspace.problems() == {"ui.language": ctx.workspace.problems()["ui.language"]}
    assert ctx.workspace.get("ui.language") == "system"
    assert WorkspaceSettings(ctx.db, "bia").problems() == {}
    with ctx.db.session() as s:
        assert s.scalar(select(AppSetting.value).where(AppSetting.key == "sms.rate")) == "2"
