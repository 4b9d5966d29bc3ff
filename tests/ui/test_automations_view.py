"""The Automations screen (list in words, counts, pause/resume, activity log, delete) and the automation
editor (every trigger's settings, lead filter, steps added/removed/reordered, errors next to their field)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from app.context import AppContext
from app.services.messaging.outbox import Outbox
from app.services.messaging.templates import TemplateService
from app.ui.automations.editor import AutomationEditor, condition_text, trigger_text
from app.ui.automations.view import COLUMNS, AutomationsView
from tests.ui.conftest import idle

DAY = 86400


@pytest.fixture
def welcome(ctx: AppContext) -> dict[str, Any]:
    """A two-step automation with one lead in it and its first message queued."""
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")
    TemplateService(ctx.db, ctx.user.id).save("boas_vindas", "Olá {{ lead.name | primeiro_nome }}, bem-vinda!")
    service = ctx.automations()
    record = service.create("Boas-vindas", "lead_created", {}, [
        {"action": {"template": "boas_vindas"}}, {"delay_s": 2 * DAY, "action": {"body": "Posso ajudar?"}}])
    lead = ctx.leads.create({"name": "Helena Prado", "phone": "+5511987650202", "sms_consent": True})
    report = service.evaluate()
    assert report.messages_queued == 1
    return {"record": record, "lead_id": lead.id, "service": service}


def open_view(qtbot: Any, ctx: AppContext, runner: Any) -> AutomationsView:
    view = AutomationsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    qtbot.waitUntil(lambda: view.loaded_once, timeout=10000)
    idle(qtbot, runner)
    return view


def cell(view: AutomationsView, row: int, column: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return view.model.index(row, COLUMNS.index(column)).data(role)


def test_list_in_words_with_counts_and_the_activity_log(qtbot, qtmodeltester, ctx, runner, welcome):
    view = open_view(qtbot, ctx, runner)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1 and view.count_label.text() == "1 automation · 1 active"
    assert cell(view, 0, "name") == "Boas-vindas"
    assert cell(view, 0, "name", Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell(view, 0, "trigger") == "When a lead is created"
    assert cell(view, 0, "steps") == "1. At once: send template “boas_vindas”\n2. After 2 days: send text “Posso ajudar?”"
    assert cell(view, 0, "steps", Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "1. At once: send template “boas_vindas”", "2. After 2 days: send text “Posso ajudar?”"]
    assert cell(view, 0, "leads") == "1 in the sequence\n0 completed · 0 left early"
    assert cell(view, 0, "sent") == "0 of 1"
    assert cell(view, 0, "last") != "never"
    rows = [[view.activity.topLevelItem(i).text(c) for c in range(5)] for i in range(view.activity.topLevelItemCount())]
    assert [(r[1], r[2], r[3]) for r in rows] == [("Boas-vindas", "Helena Prado", "SMS Queued"),
                                                  ("Boas-vindas", "Helena Prado", "Entered the sequence")]
    assert rows[0][4] == "Olá Helena, bem-vinda!"
    with qtbot.waitSignal(view.lead_activated) as opened:
        view.activity.itemActivated.emit(view.activity.topLevelItem(0), 0)
    assert opened.args == [welcome["lead_id"]]
    view.table.selectRow(0)
    idle(qtbot, runner)
    assert view.activity_title.text() == "What “Boas-vindas” did" and view.edit_button.isEnabled()


def test_the_check_box_pauses_and_resumes(qtbot, ctx, runner, welcome):
    view = open_view(qtbot, ctx, runner)
    index = view.model.index(0, 0)
    assert view.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: cell(view, 0, "name") == "Boas-vindas (paused)", timeout=10000)
    assert welcome["service"].get(welcome["record"].id).active is False
    assert view.count_label.text() == "1 automation · 0 active"
    view.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: cell(view, 0, "name") == "Boas-vindas", timeout=10000)
    assert welcome["service"].get(welcome["record"].id).active is True


def test_empty_screen_explains_what_automations_are(qtbot, ctx, runner):
    view = open_view(qtbot, ctx, runner)
    assert view.model.rowCount() == 0 and view.table.isHidden() and not view.empty.isHidden()
    assert "No automations yet" in view.empty.text()
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()


def open_editor(qtbot: Any, ctx: AppContext, runner: Any, record: Any = None) -> AutomationEditor:
    editor = AutomationEditor(ctx, runner, record)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=10000):
        editor.open()
    return editor


def test_editor_builds_trigger_filter_and_reordered_steps(qtbot, ctx, runner, welcome):
    editor = open_editor(qtbot, ctx, runner)
    editor.name.setText("Leads parados")
    editor.trigger.setCurrentIndex(editor.trigger.findData("idle"))
    assert editor.trigger_pages.currentIndex() == editor.trigger.currentIndex()
    editor.idle_days.setValue(10)
    editor.filter.enabled.setChecked(True)
    row = editor.filter.items[0]
    row.set_field("stage")
    row.op.setCurrentIndex(row.op.findData("in"))
    row.value.setEditText("New, Contacted")
    editor.stop_on_reply.setChecked(False)
    first = editor.steps[0]
    first.send.setCurrentIndex(first.send.findData("boas_vindas"))
    assert first.body.isHidden()
    qtbot.waitUntil(lambda: first.preview.text() == "For Helena Prado: “Olá Helena, bem-vinda!” · 1 SMS segment",
                    timeout=10000)  # the step as the most recent lead would get it
    second = editor.add_step(None)
    second.delay.setValue(3)
    second.body.setPlainText("Segundo")
    third = editor.add_step(None)
    third.unit.setCurrentIndex(third.unit.findData("hours"))
    third.delay.setValue(5)
    third.body.setPlainText("Terceiro")
    third.condition.enabled.setChecked(True)
    third.condition.items[0].set_field("replied")
    third.condition.items[0].value.setEditText("no")
    third.condition.otherwise.setCurrentIndex(third.condition.otherwise.findData("end"))
    assert not third.down.isEnabled() and not first.up.isEnabled()
    third.up.click()  # third before second
    assert editor.steps == [first, third, second] and third.title.text() == "Step 2"
    second.remove.click()
    assert editor.steps == [first, third]
    spec = editor.spec()
    assert spec["config"] == {"days": 10, "filter": {"field": "stage", "op": "in", "value": ["new", "contacted"]},
                              "stop_on_reply": False}
    assert spec["steps"] == [
        {"delay_s": 0, "action": {"template": "boas_vindas"}},
        {"delay_s": 5 * 3600, "action": {"body": "Terceiro"},
         "condition": {"field": "replied", "op": "eq", "value": False, "else": "end"}},
    ]
    with qtbot.waitSignal(editor.saved, timeout=10000) as saved:
        editor.save()
    record = saved.args[0]
    stored = welcome["service"].get("Leads parados")
    assert stored.id == record.id and stored.trigger == "idle" and stored.config == spec["config"]
    assert [s.action for s in stored.steps] == [{"template": "boas_vindas"}, {"body": "Terceiro"}]
    assert trigger_text(stored.trigger, stored.config) == (
        "After 10 days without an interaction · only if Stage is one of New, Contacted · continues after a reply")
    assert condition_text(stored.steps[1].condition) == "Replied is no"


@pytest.mark.parametrize("trigger", ["stage_changed", "date", "reply", "score"])
def test_editor_round_trips_every_trigger(qtbot, ctx, runner, welcome, trigger):
    configs = {"stage_changed": {"from": "new", "to": "proposal"}, "date": {"field": "renovacao", "offset_days": -3},
               "reply": {"keyword": "PRECO", "match": "contains"}, "score": {"threshold": 0.8}}
    record = welcome["service"].create(f"Gatilho {trigger}", trigger, configs[trigger],
                                       [{"delay_s": 3600, "action": {"body": "Oi"}}])
    editor = open_editor(qtbot, ctx, runner, record)
    assert editor.trigger.currentData() == trigger
    spec = editor.spec()
    assert spec["config"] == configs[trigger] and spec["steps"] == [{"delay_s": 3600, "action": {"body": "Oi"}}]
    assert editor.steps[0].unit.currentData() == "hours" and editor.steps[0].delay.value() == 1
    assert not editor.rearm_note.isHidden()


def test_problems_show_next_to_their_field(qtbot, ctx, runner, welcome):
    editor = open_editor(qtbot, ctx, runner)
    editor.steps[0].body.setPlainText("Oi")
    with qtbot.waitSignal(runner.idle, timeout=10000):
        editor.save()
    assert not editor.errors["name"].isHidden() and "required" in editor.errors["name"].text()
    editor.name.setText("Boas-vindas")  # taken
    with qtbot.waitSignal(runner.idle, timeout=10000):
        editor.save()
    assert "already exists" in editor.errors["name"].text()
    editor.name.setText("Palavra-chave")
    editor.trigger.setCurrentIndex(editor.trigger.findData("reply"))
    with qtbot.waitSignal(runner.idle, timeout=10000):
        editor.save()
    assert editor.errors["name"].isHidden() and "keyword" in editor.errors["trigger"].text()
    editor.keyword.setText("PRECO")
    broken = editor.add_step(None)
    broken.body.setPlainText("Oi {{ lead.nmae }}")
    with qtbot.waitSignal(runner.idle, timeout=10000):
        editor.save()
    assert editor.errors["trigger"].isHidden() and editor.steps[0].error.isHidden()
    assert not broken.error.isHidden() and "line 1" in broken.error.text()
    qtbot.waitUntil(lambda: "line 1" in broken.preview.text(), timeout=10000)  # the live preview says so too
    assert editor.isVisible() and welcome["service"].list_all() == [welcome["record"]]


def test_edit_from_the_screen_then_delete(qtbot, ctx, runner, welcome):
    view = open_view(qtbot, ctx, runner)
    view.table.selectRow(0)
    idle(qtbot, runner)
    view.edit_selected()
    editor = view.editor
    qtbot.waitUntil(lambda: editor.choices is not None and len(editor.steps) == 2, timeout=10000)
    assert editor.name.text() == "Boas-vindas" and editor.steps[1].body.toPlainText() == "Posso ajudar?"
    editor.steps[1].delay.setValue(4)
    with qtbot.waitSignal(view.changed, timeout=10000):
        editor.save()
    idle(qtbot, runner)
    assert welcome["service"].get("Boas-vindas").steps[1].delay_s == 4 * DAY
    assert cell(view, 0, "steps", Qt.ItemDataRole.ToolTipRole).endswith("After 4 days: send text “Posso ajudar?”")
    view.table.selectRow(0)
    view.delete_selected()
    box = view.confirm
    assert isinstance(box, QMessageBox) and "1 lead still in it" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    with qtbot.waitSignal(view.changed, timeout=10000):
        delete.click()
    idle(qtbot, runner)
    assert view.model.rowCount() == 0 and welcome["service"].list_all() == []
    assert Outbox(ctx.db, welcome["service"].policy).summary()["counts"]["canceled"] == 1


def test_model_refuses_edits_it_does_not_support(qtbot, ctx, runner, welcome):
    view = open_view(qtbot, ctx, runner)
    assert not view.model.setData(view.model.index(0, 1), "x", Qt.ItemDataRole.EditRole)
    assert not view.model.setData(QModelIndex(), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Automation"
