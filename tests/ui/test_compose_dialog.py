"""The compose dialog: recipients, live preview per recipient, the dry-run summary, send once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from sqlalchemy import select

from app.db.models import Lead, Message
from app.services.leads.search import LeadQuery
from app.services.messaging.templates import TemplateService
from app.ui.formatting import format_money
from app.ui.messaging import compose as compose_dialog
from app.ui.messaging.compose import Audience, ComposeDialog, audiences_for_leads
from tests.ui.conftest import idle


@pytest.fixture
def leads(ctx):
    """Four leads that may be texted and three that may not; quiet hours off so the time of day does not matter."""
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")
    ids = {}
    for i, name in enumerate(("Ana Lima", "Bruno Costa", "Carla Dias", "Davi Reis")):
        ids[name] = ctx.leads.create({"name": name, "phone": f"+55119876500{i:02d}", "sms_consent": True,
                                      "tags": ["sms"]}).id
    ids["Sem Consentimento"] = ctx.leads.create({"name": "Sem Consentimento", "phone": "+5511987650099",
                                                 "sms_consent": False, "tags": ["sms"]}).id
    ids["Saiu"] = ctx.leads.create({"name": "Saiu", "phone": "+5511987650098", "sms_consent": True,
                                    "tags": ["sms"]}).id
    ids["Sem Telefone"] = ctx.leads.create({"name": "Sem Telefone", "sms_consent": True, "tags": ["sms"]}).id
    with ctx.db.transaction() as s:
        s.get(Lead, ids["Saiu"]).sms_opt_out = True
    return ids


def messages(ctx):
    with ctx.db.session() as s:
        return list(s.scalars(select(Message).order_by(Message.id)))


def open_dialog(qtbot, ctx, runner, audiences, body=""):
    dialog = ComposeDialog(ctx, runner, audiences, body=body)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.setup is not None and dialog.resolved, timeout=15000)
    return dialog


def wait_summary(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report_draft == dialog.draft(), timeout=15000)


def test_bulk_summary_then_send_once(qtbot, ctx, runner, leads):
    everyone = Audience("the list", query=LeadQuery(tags=("sms",), order_by="name"))
    dialog = open_dialog(qtbot, ctx, runner, [everyone], body="Oi {{ lead.first_name }}, temos novidades!")
    wait_summary(qtbot, dialog)
    card = dialog.summary
    assert card.values["recipients"].text() == "4 of 7"
    assert card.values["skipped"].text() == "3"
    assert card.values["segments"].text() == "4"
    assert "0.20" in card.values["cost"].text()
    details = card.details.text()
    for reason in ("no SMS consent: 1", "opted out: 1", "no phone number: 1"):
        assert reason in details
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == dialog.tr("Send to %n lead(s)", "", 4)
    queued = []
    dialog.queued.connect(queued.append)
    dialog.send_button.click()
    dialog.send_button.click()  # a double click
    dialog.send()
    qtbot.waitUntil(lambda: bool(queued), timeout=15000)
    idle(qtbot, runner)
    rows = messages(ctx)
    assert len(rows) == 4 and {r.state for r in rows} == {"queued"} and {r.kind for r in rows} == {"bulk"}
    assert sorted(r.body for r in rows)[0] == "Oi Ana, temos novidades!"
    assert queued[0].queued == 4 and dialog.result() == ComposeDialog.DialogCode.Accepted
    dialog.send()  # after it was sent: nothing more
    idle(qtbot, runner)
    assert len(messages(ctx)) == 4


def test_preview_per_recipient_with_segments_and_skip_note(qtbot, ctx, runner, leads):
    ids = [leads["Ana Lima"], leads["Sem Consentimento"], leads["Bruno Costa"]]
    dialog = open_dialog(qtbot, ctx, runner, [Audience("three", lead_ids=tuple(ids))],
                         body="Olá {{ lead.first_name }}! " + "x" * 70)
    qtbot.waitUntil(lambda: dialog.bubble.text().startswith("Olá Ana!"), timeout=15000)
    assert dialog.recipient_label.text() == "Ana Lima · 1 of 3"
    assert dialog.segments_label.text().startswith("UCS-2 · 79/134 characters")
    assert "á" in dialog.segments_label.text()  # what forced UCS-2
    assert not dialog.prev_button.isEnabled() and dialog.next_button.isEnabled()
    wait_summary(qtbot, dialog)
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.bubble.text().startswith("Olá Sem!"), timeout=15000)
    qtbot.waitUntil(dialog.skip_label.isVisible, timeout=5000)
    assert "no SMS consent" in dialog.skip_label.text()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.bubble.text().startswith("Olá Bruno!"), timeout=15000)
    assert not dialog.skip_label.isVisible() and not dialog.next_button.isEnabled()


def test_a_broken_template_is_marked_at_its_line_and_blocks_sending(qtbot, ctx, runner, leads):
    dialog = open_dialog(qtbot, ctx, runner, [Audience("Ana", lead_ids=(leads["Ana Lima"],))], body="Oi")
    wait_summary(qtbot, dialog)
    assert dialog.send_button.isEnabled()
    dialog.body.setPlainText("Oi\n{{ lead.nme }}")
    assert not dialog.send_button.isEnabled()  # at once: the summary no longer matches the text
    qtbot.waitUntil(dialog.problem_label.isVisible, timeout=15000)
    assert dialog.problem_label.text().startswith("Line 2, column 4: unknown field 'lead.nme'")
    selections = dialog.body.extraSelections()
    assert selections and selections[0].cursor.block().blockNumber() == 1
    assert selections[1].cursor.selectedText() == "lead"
    assert not dialog.send_button.isEnabled()
    dialog.body.setPlainText("Oi {{ lead.name }}")
    wait_summary(qtbot, dialog)
    assert not dialog.problem_label.isVisible() and dialog.body.extraSelections() == []
    assert dialog.send_button.isEnabled()


def test_a_saved_template_is_sent_as_that_template(qtbot, ctx, runner, leads):
    TemplateService(ctx.db).save("Boas-vindas", "Bem-vindo, {{ lead.first_name }}!", "first contact")
    dialog = open_dialog(qtbot, ctx, runner, audiences_for_leads([leads["Davi Reis"]], "Davi Reis", None, None))
    assert dialog.audience_combo.currentText() == "Davi Reis" and dialog.audience_combo.count() == 1
    index = dialog.template_combo.findText("Boas-vindas")
    dialog.template_combo.setCurrentIndex(index)
    dialog.template_combo.activated.emit(index)
    assert dialog.body.toPlainText() == "Bem-vindo, {{ lead.first_name }}!"
    qtbot.waitUntil(lambda: dialog.bubble.text() == "Bem-vindo, Davi!", timeout=15000)
    wait_summary(qtbot, dialog)
    assert dialog.send_button.text() == dialog.tr("Send to %n lead(s)", "", 1)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.sent is not None, timeout=15000)
    [row] = messages(ctx)
    assert row.template_id is not None and row.kind == "manual" and row.body == "Bem-vindo, Davi!"


def test_segments_are_recipient_choices(qtbot, ctx, runner, leads):
    with ctx.db.transaction() as s:
        for name in ("Ana Lima", "Carla Dias"):
            s.get(Lead, leads[name]).segment = "Compradores frequentes"
    audiences = audiences_for_leads([leads["Ana Lima"], leads["Bruno Costa"]], None, LeadQuery(order_by="id"), 7)
    dialog = open_dialog(qtbot, ctx, runner, audiences, body="Oi")
    labels = [dialog.audience_combo.itemText(i) for i in range(dialog.audience_combo.count())]
    assert labels == ["2 selected leads", "Every lead in the list (7)", "Segment: Compradores frequentes"]
    assert dialog.count_label.text() == "2 leads"
    assert [a.label for a in audiences_for_leads([leads["Ana Lima"]], None, LeadQuery(order_by="id"), 1)] == [
        "1 selected lead", "Every lead in the list (1)"]
    dialog.audience_combo.setCurrentIndex(2)
    dialog.audience_combo.activated.emit(2)
    qtbot.waitUntil(lambda: dialog.resolved and dialog.ids == [leads["Ana Lima"], leads["Carla Dias"]], timeout=15000)
    wait_summary(qtbot, dialog)
    assert dialog.summary.values["recipients"].text() == "2 of 2"


def test_quiet_hours_show_when_held_messages_go_out(qtbot, ctx, runner, leads):
    hour = datetime.now(UTC).astimezone(ZoneInfo("America/Sao_Paulo")).hour
    ctx.workspace.set("sms.quiet_hours", f"{(hour + 2) % 24:02d}:00-{(hour + 3) % 24:02d}:00")  # closed now
    dialog = open_dialog(qtbot, ctx, runner, [Audience("two", lead_ids=(leads["Ana Lima"], leads["Bruno Costa"]))],
                         body="Oi")
    wait_summary(qtbot, dialog)
    assert dialog.report.held == 2
    assert dialog.summary.tr("%n held for quiet hours: sent when the recipient's window opens ({when}).", "",
                             2).split("{when}")[0] in dialog.summary.details.text()
    assert dialog.send_button.text() == dialog.tr("Send to %n lead(s)", "", 2)


def test_rendering_and_dry_runs_never_run_on_the_ui_thread(qtbot, ctx, runner, leads, monkeypatch):
    threads = []
    for name in ("dry_run", "preview_for"):
        original = getattr(compose_dialog, name)

        def spy(*args, _original=original, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return _original(*args, **kwargs)

        monkeypatch.setattr(compose_dialog, name, spy)
    dialog = open_dialog(qtbot, ctx, runner, [Audience("Ana", lead_ids=(leads["Ana Lima"],))], body="Oi")
    wait_summary(qtbot, dialog)
    for text in ("Oi {{", "Oi {{ lead", "Oi {{ lead.first_name }}"):
        dialog.body.setPlainText(text)
    wait_summary(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.bubble.text() == "Oi Ana", timeout=15000)
    assert threads and not any(threads)
    assert len(threads) <= 6  # debounced: not one render per keystroke


def test_leads_screen_and_lead_detail_open_the_dialog(qtbot, ctx, runner, leads, window):
    view = window.leads
    view.refresh()
    idle(qtbot, runner)
    view.select_lead(leads["Bruno Costa"])
    dialog = view.send_sms()
    qtbot.waitUntil(lambda: dialog.setup is not None and dialog.resolved, timeout=15000)
    labels = [dialog.audience_combo.itemText(i) for i in range(dialog.audience_combo.count())]
    assert labels[0] == "Bruno Costa" and dialog.ids == [leads["Bruno Costa"]]
    assert labels[1] == f"Every lead in the list ({view.model.rowCount()})"
    dialog.audience_combo.setCurrentIndex(1)
    dialog.audience_combo.activated.emit(1)
    qtbot.waitUntil(lambda: dialog.resolved and len(dialog.ids) == view.model.rowCount(), timeout=15000)
    dialog.reject()
    view.open_lead(leads["Carla Dias"])
    qtbot.waitUntil(lambda: view.detail.record is not None and view.detail.record.name == "Carla Dias", timeout=15000)
    assert view.detail.sms_button.isVisible()
    dialog = view.detail.send_sms()
    qtbot.waitUntil(lambda: dialog.resolved, timeout=15000)
    assert dialog.audience_combo.currentText() == "Carla Dias" and dialog.ids == [leads["Carla Dias"]]
    dialog.reject()
    idle(qtbot, runner)


def test_the_price_per_segment_set_in_settings_is_used_for_the_estimate(qtbot, ctx, runner, leads):
    from app.ui.settings.view import SettingsView

    settings = SettingsView(ctx, runner)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: settings.fields["sms.price_per_segment"].edit.text() == "0.0500", timeout=15000)
    settings.fields["sms.price_per_segment"].edit.setText("0,08")  # as a Brazilian types it
    settings.save_workspace_settings()
    qtbot.waitUntil(lambda: ctx.workspace.get("sms.price_per_segment") == "0.08", timeout=15000)
    idle(qtbot, runner)
    dialog = open_dialog(qtbot, ctx, runner, [Audience("two", lead_ids=(leads["Ana Lima"], leads["Bruno Costa"]))],
                         body="Oi {{ lead.first_name }}")
    wait_summary(qtbot, dialog)
    assert dialog.report.price_per_segment == Decimal("0.08") and dialog.report.cost == Decimal("0.16")
    assert dialog.summary.values["cost"].text() == format_money(Decimal("0.16"), "USD")
    qtbot.waitUntil(lambda: "0.08" in dialog.segments_label.text(), timeout=15000)
    dialog.reject()
    idle(qtbot, runner)


def test_the_estimate_is_shown_in_the_currency_chosen_in_settings(qtbot, ctx, runner, leads):
    from app.ui.settings.view import SettingsView

    settings = SettingsView(ctx, runner)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: settings.fields["sms.price_per_segment"].edit.text() == "0.0500", timeout=15000)
    assert settings.price_currency.currentData() == "USD"
    assert settings.fields["sms.price_per_segment"].label.text() == "SMS price per segment"  # no "(US$)" any more
    settings.fields["sms.price_per_segment"].edit.setText("0,25")  # what the team pays, in reais
    settings.price_currency.setCurrentIndex(settings.price_currency.findData("BRL"))
    settings.save_workspace_settings()
    qtbot.waitUntil(lambda: ctx.workspace.get("sms.price_currency") == "BRL", timeout=15000)
    assert ctx.workspace.get("sms.price_per_segment") == "0.25"
    idle(qtbot, runner)
    dialog = open_dialog(qtbot, ctx, runner, [Audience("two", lead_ids=(leads["Ana Lima"], leads["Bruno Costa"]))],
                         body="Oi {{ lead.first_name }}")
    wait_summary(qtbot, dialog)
    assert dialog.report.cost == Decimal("0.50")  # 2 segments at 0.25, nothing converted
    assert dialog.summary.values["cost"].text() == format_money(Decimal("0.50"), "BRL") == "R$0.50"
    assert format_money(Decimal("0.25"), "BRL", decimals=4) in dialog.summary.details.text()
    qtbot.waitUntil(lambda: dialog.segments_label.text().endswith("1 segment · R$0.25"), timeout=15000)
    pt = QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil)
    assert format_money(Decimal("0.50"), "BRL", pt) == "R$\xa00,50"  # how a Brazilian UI writes the same estimate
