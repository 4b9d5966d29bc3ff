"""The Messages screen: the outbox model (qtmodeltester, pages in the background), counts per status,
filters, the detail panel, retry (never twice), cancel, open the lead, and the Templates tab."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.db.models import Lead, Message
from app.services.messaging.outbox import Outbox
from app.ui.messaging import model as messages_model
from app.ui.messaging.model import COLUMNS, MessagesModel, StateRole
from app.ui.messaging.template_editor import TemplateEditor
from app.ui.messaging.view import MessagesView
from tests.ui.conftest import idle

COL = {key: i for i, key in enumerate(COLUMNS)}


@pytest.fixture
def outbox(ctx):
    """Queued, held, failed (21211), undelivered (30003), delivered and canceled messages, as the worker leaves them."""
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")
    box = ctx.outbox()
    names = ("Ana Lima", "Bruno Costa", "Carla Dias", "Davi Reis", "Elisa Melo", "Fábio Nunes")
    ids = {n: ctx.leads.create({"name": n, "phone": f"+55119876501{i:02d}", "sms_consent": True}).id
           for i, n in enumerate(names)}
    box.enqueue(list(ids.values()), body="Oi {{ lead.first_name }}, a promoção de cimento começa amanhã!", kind="bulk")
    now = datetime.now(UTC)
    with ctx.db.transaction() as s:
        rows = {m.lead_id: m for m in s.scalars(select(Message))}
        held = rows[ids["Bruno Costa"]]
        held.state, held.next_attempt_at = "held", now + timedelta(hours=9)
        held.hold_reason = "quiet hours for the recipient (America/Sao_Paulo); sending at 25/11 08:00 their time"
        failed = rows[ids["Carla Dias"]]
        failed.state, failed.error_code, failed.sent_at = "failed", 21211, None
        failed.error_message = "invalid phone number: Twilio says this is not a valid phone number (21211)"
        undelivered = rows[ids["Davi Reis"]]
        undelivered.state, undelivered.error_code, undelivered.twilio_sid = "undelivered", 30003, "SM" + "1" * 32
        undelivered.error_message = "the handset was unreachable - off or without signal (30003)"
        undelivered.sent_at = now - timedelta(minutes=5)
        delivered = rows[ids["Elisa Melo"]]
        delivered.state, delivered.twilio_sid = "delivered", "SM" + "2" * 32
        delivered.sent_at, delivered.delivered_at = now - timedelta(minutes=9), now - timedelta(minutes=8)
        canceled = rows[ids["Fábio Nunes"]]
        canceled.state, canceled.error_message = "canceled", "canceled by the user"
    return box, ids


def messages(ctx, **where):
    with ctx.db.session() as s:
        stmt = select(Message).order_by(Message.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Message, key) == value)
        return list(s.scalars(stmt))


def open_view(qtbot, ctx, runner):
    view = MessagesView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1400, 820)
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.show()
    qtbot.waitUntil(lambda: view.summary is not None, timeout=15000)
    load_all(qtbot, view.model)
    idle(qtbot, runner)
    return view


def load_all(qtbot, model):
    for row in range(model.rowCount()):
        model.index(row, 0).data()
    qtbot.waitUntil(lambda: all(model.row_data(r) is not None for r in range(model.rowCount())), timeout=15000)


def row_of(view, name):
    return next(r for r in range(view.model.rowCount()) if view.model.index(r, COL["lead"]).data() == name)


def select_rows(view, *rows):
    selection = view.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    selection.setCurrentIndex(view.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, ctx, runner, outbox):
    model = MessagesModel(ctx, runner)
    with qtbot.waitSignal(model.loaded, timeout=15000):
        model.set_filter((), "")
    assert model.rowCount() == 6
    qtmodeltester.check(model, force_py=True)
    load_all(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_rows_load_in_pages_off_the_ui_thread(qtbot, ctx, runner, outbox, monkeypatch):
    box, ids = outbox
    box.enqueue([ids["Ana Lima"]] * 1, body="Mais uma mensagem")  # 7 messages
    monkeypatch.setattr(messages_model, "PAGE", 3)
    calls = []
    original = messages_model.fetch_rows

    def spy(ctx_, wanted):
        calls.append((threading.current_thread() is threading.main_thread(), len(wanted)))
        return original(ctx_, wanted)

    monkeypatch.setattr(messages_model, "fetch_rows", spy)
    model = MessagesModel(ctx, runner)
    with qtbot.waitSignal(model.loaded, timeout=15000):
        model.set_filter((), "")
    assert model.index(0, 0).data() == "…" and model.index(0, 1).data() is None  # nothing read on the UI thread
    with qtbot.waitSignal(model.dataChanged, timeout=15000):
        pass
    assert model.index(0, COL["lead"]).data() == "Ana Lima"
    assert model.index(0, COL["body"]).data() == "Mais uma mensagem"
    assert model.row_data(6) is None  # the last page was not asked for
    model.index(6, 0).data()
    qtbot.waitUntil(lambda: model.row_data(6) is not None, timeout=15000)
    assert calls == [(False, 3), (False, 1)]


def test_rows_show_status_problem_and_time(qtbot, ctx, runner, outbox):
    view = open_view(qtbot, ctx, runner)
    model = view.model
    failed = row_of(view, "Carla Dias")
    assert model.index(failed, COL["status"]).data() == "Failed"
    assert model.index(failed, COL["error"]).data() == "21211 · Invalid phone number"
    assert "not a valid phone number" in model.index(failed, COL["error"]).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row_of(view, "Davi Reis"), COL["error"]).data() == "30003 · Phone off or without signal"
    held = row_of(view, "Bruno Costa")
    assert model.index(held, COL["status"]).data().startswith("Held until ")
    assert model.index(held, COL["error"]).data().startswith("quiet hours for the recipient")
    assert model.index(row_of(view, "Fábio Nunes"), COL["error"]).data() == "canceled by the user"
    body = model.index(failed, COL["body"]).data()
    assert body == "Oi Carla, a promoção de cimento começa amanhã!"
    assert model.index(failed, COL["phone"]).data().startswith("+55 11")
    assert model.index(row_of(view, "Elisa Melo"), COL["time"]).data()


def test_counts_per_status_and_filters(qtbot, ctx, runner, outbox):
    view = open_view(qtbot, ctx, runner)
    texts = {state: chip.text() for state, chip in view.chips.items()}
    assert texts[None] == "All  6" and texts["failed"] == "Failed  1" and texts["queued"] == "Queued  1"
    assert texts["held"] == "Held  1" and texts["sending"] == "Sending  0" and texts["delivered"] == "Delivered  1"
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.chips["failed"].click()
    assert view.model.rowCount() == 1
    load_all(qtbot, view.model)
    assert view.model.index(0, COL["lead"]).data() == "Carla Dias"
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.chips[None].click()
    assert view.model.rowCount() == 6
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.search.setText("bruno")
    assert view.model.rowCount() == 1
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.chips["failed"].click()
    assert view.model.rowCount() == 0 and view.empty_label.isVisible()
    assert view.empty_label.text() == "No message matches this filter."


def test_detail_shows_the_full_text_and_reason(qtbot, ctx, runner, outbox):
    view = open_view(qtbot, ctx, runner)
    assert view.detail.empty.isVisible()
    select_rows(view, row_of(view, "Davi Reis"))
    assert view.detail.title.text() == "Davi Reis"
    assert view.detail.body.text() == "Oi Davi, a promoção de cimento começa amanhã!"
    assert view.detail.reason.text().startswith("30003 · Phone off or without signal\nthe handset was unreachable")
    assert view.detail.status.text().startswith("Undelivered")
    assert view.retry_button.isEnabled() and not view.cancel_button.isEnabled() and view.open_button.isEnabled()


def test_retry_queues_a_new_message_once(qtbot, ctx, runner, outbox):
    _, ids = outbox
    view = open_view(qtbot, ctx, runner)
    select_rows(view, row_of(view, "Carla Dias"), row_of(view, "Davi Reis"), row_of(view, "Ana Lima"))
    with ctx.db.transaction() as s:  # Carla's number was corrected meanwhile
        s.get(Lead, ids["Carla Dias"]).phone_status = None
    assert view.retry_button.isEnabled()
    view.retry_button.click()
    view.retry_button.click()  # a double click: the button is locked until the answer
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        pass
    idle(qtbot, runner)
    assert len(messages(ctx, lead_id=ids["Davi Reis"])) == 2 and len(messages(ctx, lead_id=ids["Carla Dias"])) == 2
    assert len(messages(ctx, lead_id=ids["Ana Lima"])) == 1  # queued: nothing to retry
    assert view.model.rowCount() == 8
    # the old failures again (the selection is kept): the outbox refuses to queue the texts a second time
    load_all(qtbot, view.model)
    old = [r for r in range(view.model.rowCount()) if view.model.index(r, COL["lead"]).data() in ("Carla Dias", "Davi Reis")
           and view.model.index(r, 0).data(StateRole) in ("failed", "undelivered")]
    assert len(old) == 2
    select_rows(view, *old)
    assert view.retry_button.isEnabled()
    view.retry_button.click()
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        pass
    idle(qtbot, runner)
    assert len(messages(ctx)) == 8


def test_cancel_asks_then_cancels_only_pending(qtbot, ctx, runner, outbox):
    _, ids = outbox
    view = open_view(qtbot, ctx, runner)
    select_rows(view, row_of(view, "Ana Lima"), row_of(view, "Bruno Costa"), row_of(view, "Elisa Melo"))
    assert view.cancel_button.isEnabled()
    view.cancel_button.click()
    assert "2" in view.confirm_box.text()
    view.confirm_box.button(QMessageBox.StandardButton.No).click()
    idle(qtbot, runner)
    assert messages(ctx, lead_id=ids["Ana Lima"])[0].state == "queued"
    view.cancel_button.click()
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, runner)
    states = {lead: messages(ctx, lead_id=ids[lead])[0].state for lead in ("Ana Lima", "Bruno Costa", "Elisa Melo")}
    assert states == {"Ana Lima": "canceled", "Bruno Costa": "canceled", "Elisa Melo": "delivered"}
    qtbot.waitUntil(lambda: view.chips["canceled"].text() == "Canceled  3", timeout=15000)


def test_open_lead_and_new_messages_show_on_refresh(qtbot, ctx, runner, outbox):
    box, ids = outbox
    view = open_view(qtbot, ctx, runner)
    select_rows(view, row_of(view, "Elisa Melo"))
    with qtbot.waitSignal(view.lead_activated, timeout=5000) as opened:
        view.open_button.click()
    assert opened.args == [ids["Elisa Melo"]]
    Outbox(ctx.db, box.policy).enqueue([ids["Elisa Melo"]], body="Obrigado pela compra!")
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.refresh()
    qtbot.waitUntil(lambda: view.chips[None].text() == "All  7", timeout=15000)
    load_all(qtbot, view.model)
    assert view.model.index(0, COL["body"]).data() == "Obrigado pela compra!"
    assert view.selected_ids() == [messages(ctx, lead_id=ids["Elisa Melo"])[0].id]  # the selection is kept
    assert view.model.index(0, 0).data(StateRole) == "queued"


def test_templates_tab_and_empty_outbox(qtbot, ctx, runner):
    view = MessagesView(ctx, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.show()
    assert view.model.rowCount() == 0 and view.empty_label.isVisible()
    assert "Send SMS" in view.empty_label.text()
    assert view.tabs.tabText(1) == "Templates" and isinstance(view.templates, TemplateEditor)
    assert not view.retry_button.isEnabled() and not view.cancel_button.isEnabled()
    idle(qtbot, runner)


def test_main_window_shows_the_messages_screen(qtbot, ctx, runner, seeded):
    from app.ui.main_window import MainWindow
    from app.ui.screens import screen

    assert not screen("messages").planned
    window = MainWindow(ctx, runner)
    qtbot.addWidget(window)
    window.show()
    window.show_screen("messages")
    page = window.page("messages")
    assert isinstance(page, MessagesView)
    idle(qtbot, runner)
    page.lead_activated.emit(seeded["Maria Souza"])
    assert window.current_key() == "leads" and window.leads.detail.lead_id == seeded["Maria Souza"]
    idle(qtbot, runner)


def test_a_refresh_keeps_the_scroll_position(qtbot, ctx, runner, outbox):
    box, ids = outbox
    box.enqueue(list(ids.values()) * 1, body="Segunda rodada")
    box.enqueue(list(ids.values()), body="Terceira rodada")
    box.enqueue(list(ids.values()), body="Quarta rodada")
    box.enqueue(list(ids.values()), body="Quinta rodada")
    view = open_view(qtbot, ctx, runner)
    view.resize(1400, 420)
    qtbot.waitUntil(lambda: view.table.verticalScrollBar().maximum() > 0, timeout=5000)
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.refresh()
    assert bar.value() == bar.maximum() > 0
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.chips["queued"].click()
    assert bar.value() == 0
