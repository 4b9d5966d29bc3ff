"""The forms keep to the ranges the services accept, and the Settings screen names a stored setting that is
not valid (issue 20, items 1 and 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt

from app.db.models import AppSetting
from app.ui.leads.interaction_dialog import InteractionDialog
from app.ui.settings import credentials, workspace_box
from app.ui.settings import view as settings_view
from app.ui.settings.view import SettingsView
from tests.ui.conftest import idle

pytestmark = pytest.mark.usefixtures("memory_keyring")


def keep(qtbot: Any, dialog: Any) -> Any:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    return dialog


def test_the_interaction_form_offers_only_dates_the_service_accepts(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Ana"})
    dialog = keep(qtbot, InteractionDialog(ctx, runner, lead.id))
    dialog.occurred_at.setDateTime(QDateTime.fromString("9999-12-31T10:00:00", Qt.DateFormat.ISODate))
    latest = dialog.occurred_at.dateTime().toPython()
    assert latest.year < 9999 and latest.astimezone(UTC) <= datetime.now(UTC) + timedelta(days=367)
    dialog.occurred_at.setDateTime(QDateTime.fromString("0001-01-01T10:00:00", Qt.DateFormat.ISODate))
    assert dialog.occurred_at.dateTime().toPython().year >= 1899  # 1900-01-01 UTC, in local time
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    assert saved.args[0].occurred_at.year >= 1900


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for module in (settings_view, credentials, workspace_box):
        monkeypatch.setattr(module, "notify", lambda _w, text, level="info", action=None: seen.append((level, text)))
    return seen


def shown(qtbot: Any, ctx: Any, runner: Any) -> SettingsView:
    view = SettingsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    idle(qtbot, runner)
    return view


def test_a_stored_bad_setting_is_shown_under_its_field_not_crashed_on(qtbot, ctx, runner, messages):
    with ctx.db.transaction() as s:
        s.add(AppSetting(key="sms.rate", value="1e-300", updated_at=datetime.now(UTC)))
        s.add(AppSetting(key="phone.default_region", value="ZZ", updated_at=datetime.now(UTC)))
    view = shown(qtbot, ctx, runner)
    rate = view.workspace_box.fields["sms.rate"]
    assert rate.edit.text() == "1"  # the value in force
    assert rate.error.isVisibleTo(view) and "'1e-300' is not used" in rate.error.text()
    region = view.workspace_box.fields["phone.default_region"]
    assert region.error.isVisibleTo(view) and "'ZZ'" in region.error.text()
    assert messages and messages[-1][0] == "warning" and "sms.rate" in messages[-1][1]
    region.edit.setText("PT")
    view.save_workspace_settings()  # saving writes the value in force over the stored bad one, too
    idle(qtbot, runner)
    assert ctx.workspace.problems() == {}
    assert ctx.workspace.get("sms.rate") == "1" and ctx.workspace.get("phone.default_region") == "PT"
    assert not rate.error.isVisibleTo(view) and not region.error.isVisibleTo(view)


def test_a_rate_out_of_range_is_refused_in_the_form(qtbot, ctx, runner, messages):
    view = shown(qtbot, ctx, runner)
    rate = view.workspace_box.fields["sms.rate"]
    for value in ("1e-300", "inf", "1e308"):
        rate.edit.setText(value)
        view.save_workspace_settings()
        idle(qtbot, runner)
        assert rate.error.isVisibleTo(view)
        assert "0.01 to 1000" in rate.error.text() + rate.error.toolTip()
    assert ctx.workspace.get("sms.rate") == "1"
