"""Lead detail, the lead dialog (validation, conflicts) and the interaction dialog (add, edit, delete, undo)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.ui.leads.detail import AuditDialog, LeadDetail, TimelineModel, wrap
from app.ui.leads.dialog import LeadDialog
from app.ui.leads.interaction_dialog import InteractionDialog
from tests.ui.conftest import idle


def open_detail(qtbot: Any, ctx: Any, runner: Any, lead_id: int) -> LeadDetail:
    detail = LeadDetail(ctx, runner)
    qtbot.addWidget(detail)
    detail.resize(480, 760)
    detail.show()
    detail.show_lead(lead_id)
    qtbot.waitUntil(lambda: detail.record is not None and detail.record.id == lead_id, timeout=5000)
    return detail


def keep(qtbot: Any, dialog: Any) -> Any:
    """Let qtbot close the dialog at teardown (it would otherwise delete itself on close)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    return dialog


def open_dialog(qtbot: Any, dialog: Any) -> Any:
    keep(qtbot, dialog)
    with qtbot.waitSignal(dialog.ready, timeout=5000):
        dialog.open()
    return dialog


# --- detail and timeline ---------------------------------------------------------------------------

def test_detail_shows_fields_consent_and_timeline(qtbot, qtmodeltester, ctx, runner, seeded):
    lead_id = seeded["João Silva"]
    ctx.leads.update(lead_id, {"sms_consent": True, "sms_consent_source": "web form", "address": "Rua A, 10"})
    detail = open_detail(qtbot, ctx, runner, lead_id)
    assert detail.name_label.text() == "João Silva"
    assert detail.fields["phone"].text().startswith("+55 11 98765-43")
    assert "consent" in detail.fields["sms"].text().lower() and "web form" in detail.fields["sms"].text()
    assert "São Paulo" in detail.fields["address"].text()
    assert detail.stage_combo.currentData() == "contacted"
    timeline = detail.timeline
    assert timeline.rowCount() == 3
    assert [timeline.record(r).kind for r in range(3)] == ["note", "visit", "call"]  # newest first
    assert "Call" in timeline.index(2).data() and "Reached" in timeline.index(2).data()
    qtmodeltester.check(timeline)


def test_opt_out_is_shown_plainly(qtbot, ctx, runner, seeded):
    from sqlalchemy import update

    from app.db.models import Lead

    with ctx.db.transaction() as session:
        session.execute(update(Lead).where(Lead.id == seeded["Maria Souza"]).values(sms_opt_out=True))
    detail = open_detail(qtbot, ctx, runner, seeded["Maria Souza"])
    assert "opted out" in detail.fields["sms"].text().lower()


def test_empty_timeline_model_and_wrapping(qtbot, qtmodeltester):
    model = TimelineModel()
    qtmodeltester.check(model)
    from PySide6.QtGui import QFont

    lines = wrap("uma frase bem longa " * 40, QFont(), 200, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_stage_selector_moves_the_lead(qtbot, ctx, runner, seeded):
    lead_id = seeded["José Santos"]
    detail = open_detail(qtbot, ctx, runner, lead_id)
    changed = []
    detail.changed.connect(changed.append)
    index = detail.stage_combo.findData("qualified")
    detail.stage_combo.setCurrentIndex(index)
    detail.stage_combo.activated.emit(index)
    qtbot.waitUntil(lambda: changed == [lead_id], timeout=5000)
    idle(qtbot, runner)
    assert ctx.leads.get(lead_id).stage == "qualified"


def test_stage_change_on_a_stale_version_reloads_instead_of_overwriting(qtbot, ctx, runner, seeded):
    lead_id = seeded["José Santos"]
    detail = open_detail(qtbot, ctx, runner, lead_id)
    ctx.leads.update(lead_id, {"stage": "proposal"})  # someone else, meanwhile
    index = detail.stage_combo.findData("won")
    detail.stage_combo.setCurrentIndex(index)
    detail.stage_combo.activated.emit(index)
    qtbot.waitUntil(lambda: detail.stage_combo.currentData() == "proposal", timeout=5000)
    assert ctx.leads.get(lead_id).stage == "proposal"


def test_history_dialog_lists_changes(qtbot, ctx, runner, seeded):
    lead_id = seeded["Maria Souza"]
    ctx.leads.update(lead_id, {"city": "Olinda"})
    dialog = AuditDialog(ctx, runner, "lead", lead_id)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    texts = [dialog.tree.topLevelItem(i).text(3) for i in range(dialog.tree.topLevelItemCount())]
    assert any("city: Recife → Olinda" in text for text in texts)


# --- the lead dialog ---------------------------------------------------------------------------------

def test_new_lead_shows_validation_errors_next_to_fields_then_saves(qtbot, ctx, runner, seeded):
    dialog = open_dialog(qtbot, LeadDialog(ctx, runner, None))
    saved = []
    dialog.saved.connect(saved.append)
    dialog.email.setText("not-an-email")
    dialog.phone.setText("123")
    dialog.save()
    qtbot.waitUntil(dialog.errors["email"].isVisible, timeout=5000)
    assert dialog.errors["name"].isVisible() and "required" in dialog.errors["name"].text()
    assert dialog.errors["phone"].isVisible()
    assert dialog.isVisible() and not saved
    dialog.name.setText("Rafaela Mendes")
    dialog.email.setText("rafaela@mendes.com.br")
    dialog.phone.setText("(21) 99876-5432")
    dialog.tags.setText("vip, novo")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    record = saved[0]
    assert record.name == "Rafaela Mendes" and record.phone == "+5521998765432"
    assert set(record.tags) == {"vip", "novo"} and record.owner == "ana" and record.stage == "new"


def test_edit_lead_sends_only_changes(qtbot, ctx, runner, seeded):
    lead_id = seeded["Ana Paula Lima"]
    dialog = open_dialog(qtbot, LeadDialog(ctx, runner, lead_id))
    assert dialog.name.text() == "Ana Paula Lima"
    assert dialog.changes() == {}
    dialog.company.setText("Lima Transportes S.A.")
    assert dialog.changes() == {"company": "Lima Transportes S.A."}
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    assert ctx.leads.get(lead_id).company == "Lima Transportes S.A."


def test_conflict_offers_overwrite_of_my_fields_only(qtbot, ctx, runner, seeded):
    lead_id = seeded["Carlos Andrade"]
    dialog = open_dialog(qtbot, LeadDialog(ctx, runner, lead_id))
    dialog.company.setText("Andrade Comércio")
    ctx.leads.update(lead_id, {"city": "Niterói"})  # someone else saves meanwhile
    dialog.save()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None and dialog.conflict_box.isVisible(), timeout=5000)
    assert ctx.leads.get(lead_id).company == "Andrade & Filhos"  # nothing lost, nothing written yet
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.overwrite_button.click()  # a real click: the box closes as it does for a user
    record = ctx.leads.get(lead_id)
    assert record.company == "Andrade Comércio" and record.city == "Niterói"


def test_conflict_reload_shows_their_version(qtbot, ctx, runner, seeded):
    lead_id = seeded["Carlos Andrade"]
    dialog = open_dialog(qtbot, LeadDialog(ctx, runner, lead_id))
    dialog.company.setText("Minha versão")
    ctx.leads.update(lead_id, {"company": "Versão deles"})
    dialog.save()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None and dialog.conflict_box.isVisible(), timeout=5000)
    with qtbot.waitSignal(dialog.ready, timeout=5000):
        dialog.reload_button.click()  # a real click: the box closes as it does for a user
    assert not dialog.conflict_box.isVisible() and dialog.company.text() == "Versão deles"
    assert dialog.isVisible()


def test_keep_editing_leaves_the_form_as_typed(qtbot, ctx, runner, seeded):
    lead_id = seeded["Carlos Andrade"]
    dialog = open_dialog(qtbot, LeadDialog(ctx, runner, lead_id))
    dialog.company.setText("Ainda digitando")
    ctx.leads.update(lead_id, {"city": "Niterói"})
    dialog.save()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None and dialog.conflict_box.isVisible(), timeout=5000)
    keep = next(b for b in dialog.conflict_box.buttons()
                if dialog.conflict_box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    keep.click()
    assert dialog.isVisible() and dialog.company.text() == "Ainda digitando"


# --- interactions ------------------------------------------------------------------------------------

def test_add_interaction_with_a_validation_error_then_fixed(qtbot, ctx, runner, seeded):
    lead_id = seeded["Maria Souza"]
    dialog = keep(qtbot, InteractionDialog(ctx, runner, lead_id))
    dialog.open()
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    dialog.outcome.setCurrentText("x" * 150)
    dialog.save()
    qtbot.waitUntil(dialog.errors["outcome"].isVisible, timeout=5000)
    assert "100" in dialog.errors["outcome"].text() and dialog.isVisible()
    dialog.outcome.setCurrentText("Reached")
    dialog.notes.setPlainText("Ligou de volta, quer proposta")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    record = saved.args[0]
    assert record.kind == "call" and record.notes == "Ligou de volta, quer proposta"
    assert ctx.interactions.timeline(lead_id)[0].id == record.id


def test_edit_interaction(qtbot, ctx, runner, seeded):
    lead_id = seeded["João Silva"]
    record = ctx.interactions.timeline(lead_id)[0]
    dialog = keep(qtbot, InteractionDialog(ctx, runner, lead_id, record))
    dialog.open()
    assert dialog.notes.toPlainText() == record.notes
    assert dialog.values()["occurred_at"] == record.occurred_at
    dialog.notes.setPlainText("Nota corrigida")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    assert ctx.interactions.get(record.id).notes == "Nota corrigida"


def test_delete_interaction_and_undo(qtbot, window, ctx, runner, seeded):
    lead_id = seeded["João Silva"]
    window.open_lead(lead_id)
    detail = window.leads.detail
    qtbot.waitUntil(lambda: detail.timeline.rowCount() == 3, timeout=5000)
    detail.timeline_view.setCurrentIndex(detail.timeline.index(0))
    doomed = detail.timeline.record(0)
    detail.delete_selected_interaction()
    qtbot.waitUntil(lambda: detail.timeline.rowCount() == 2, timeout=5000)
    assert window.message_bar.isVisible()
    window.undo()
    qtbot.waitUntil(lambda: detail.timeline.rowCount() == 3, timeout=5000)
    assert ctx.interactions.get(doomed.id).deleted_at is None


def test_log_interaction_from_the_detail_refreshes_the_timeline(qtbot, ctx, runner, seeded):
    lead_id = seeded["Beatriz Costa"]
    detail = open_detail(qtbot, ctx, runner, lead_id)
    assert detail.timeline.rowCount() == 0 and not detail.empty_label.isHidden()
    detail.add_interaction(lead_id, detail)
    dialog = detail.findChild(InteractionDialog)
    dialog.notes.setPlainText("Primeiro contato")
    with qtbot.waitSignal(detail.changed, timeout=5000):
        dialog.save()
    qtbot.waitUntil(lambda: detail.timeline.rowCount() == 1, timeout=5000)
    assert detail.empty_label.isHidden()


def test_f2_in_the_detail_opens_the_edit_dialog(qtbot, ctx, runner, seeded):
    detail = open_detail(qtbot, ctx, runner, seeded["Maria Souza"])
    qtbot.keyClick(detail, Qt.Key.Key_F2)
    dialog = detail.findChild(LeadDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isEnabled, timeout=5000)
    dialog.reject()
