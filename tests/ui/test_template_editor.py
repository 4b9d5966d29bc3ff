"""The template editor: list, live check and preview (sample lead and any lead), save, rename, delete."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services.messaging.templates import TemplateService
from app.ui.messaging.template_editor import TemplateEditor
from tests.ui.conftest import idle


@pytest.fixture
def templates(ctx):
    service = TemplateService(ctx.db)
    service.save("Boas-vindas", "Olá {{ lead.first_name }}, seja bem-vindo!", "first contact")
    service.save("Lembrete", "Oi {{ lead.first_name }}, lembrete da visita {{ hoje | data }}.")
    return service


def open_editor(qtbot, ctx, runner):
    editor = TemplateEditor(ctx, runner)
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    editor.show()
    qtbot.waitUntil(lambda: editor.setup is not None and not editor.lead_search.busy, timeout=15000)
    idle(qtbot, runner)
    return editor


def test_lists_templates_and_previews_the_sample_lead(qtbot, ctx, runner, templates):
    ctx.leads.create({"name": "Bruno Costa", "phone": "+5511987650001"})
    editor = open_editor(qtbot, ctx, runner)
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == ["Boas-vindas", "Lembrete"]
    assert editor.name_edit.text() == "Boas-vindas" and editor.description_edit.text() == "first contact"
    qtbot.waitUntil(lambda: editor.bubble.text() == "Olá Maria, seja bem-vindo!", timeout=15000)
    assert editor.segments_label.text().startswith("UCS-2 · 26/70 characters")
    assert editor.state_label.text() == "Saved" and not editor.save_button.isEnabled()
    editor.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: editor.bubble.text() == "Oi Maria, lembrete da visita 31/05/2024.", timeout=15000)
    assert editor.segments_label.text().startswith("GSM-7 · 40/160 characters")


def test_preview_for_a_lead_found_by_name(qtbot, ctx, runner, templates):
    ctx.leads.create({"name": "Bruno Costa", "phone": "+5511987650001"})
    ctx.leads.create({"name": "Carla Dias", "phone": "+5511987650002"})
    editor = open_editor(qtbot, ctx, runner)
    editor.find_edit.setText("carla")
    qtbot.waitUntil(lambda: editor.preview_combo.currentText() == "Carla Dias", timeout=15000)
    qtbot.waitUntil(lambda: editor.bubble.text() == "Olá Carla, seja bem-vindo!", timeout=15000)
    editor.preview_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: editor.bubble.text() == "Olá Maria, seja bem-vindo!", timeout=15000)


def test_a_problem_is_marked_while_typing_and_refused_on_save(qtbot, ctx, runner, templates):
    editor = open_editor(qtbot, ctx, runner)
    editor.body.setPlainText("Olá {{ lead.first_name }}\n{% if lead.company %}{{ lead.compny }}{% endif %}")
    qtbot.waitUntil(editor.problem_label.isVisible, timeout=15000)
    assert editor.problem_label.text().startswith("Line 2, column 25: unknown field 'lead.compny'")
    line, mark = editor.body.extraSelections()
    assert line.cursor.block().blockNumber() == 1 and mark.cursor.selectedText() == "lead"
    assert editor.state_label.text() == "Unsaved changes"
    editor.save_button.click()
    qtbot.waitUntil(lambda: not editor.saving, timeout=15000)
    cursor = editor.body.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (1, 24)  # the cursor goes to the problem
    assert templates.get("Boas-vindas").body == "Olá {{ lead.first_name }}, seja bem-vindo!"
    editor.body.setPlainText("Olá {{ lead.first_name }}\n{% if lead.company %}{{ lead.company }}{% endif %}")
    qtbot.waitUntil(lambda: not editor.problem_label.isVisible(), timeout=15000)
    assert editor.body.extraSelections() == []


def test_new_template_with_an_inserted_variable_is_saved(qtbot, ctx, runner, templates):
    editor = open_editor(qtbot, ctx, runner)
    editor.new_button.click()
    assert editor.name_edit.text() == "" and editor.body.toPlainText() == "" and not editor.delete_button.isEnabled()
    editor.save_button.setEnabled(True)
    editor.name_edit.setText("")
    editor.body.setPlainText("Oi ")
    editor.save()
    assert editor.name_error.isVisible()  # a name is required before anything is sent to the database
    editor.name_edit.setText("Promoção")
    editor.body.moveCursor(editor.body.textCursor().MoveOperation.End)
    expression = '{{ lead.name | primeiro_nome | default("cliente") }}'
    assert expression in editor.variables.expressions() and "{{ owner.first_name }}" in editor.variables.expressions()
    lead_menu = editor.variables.menu().actions()[0].menu()
    next(a for a in lead_menu.actions() if a.data() == expression).trigger()
    assert editor.body.toPlainText() == "Oi " + expression
    qtbot.waitUntil(lambda: editor.bubble.text() == "Oi Maria", timeout=15000)
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.list.count() == 3 and editor.list.currentItem() is not None, timeout=15000)
    assert editor.list.currentItem().text() == "Promoção" and editor.state_label.text() == "Saved"
    assert templates.get("Promoção").body == "Oi " + expression


def test_rename_keeps_one_template(qtbot, ctx, runner, templates):
    editor = open_editor(qtbot, ctx, runner)
    editor.name_edit.setText("Boas-vindas 2024")
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.list.currentItem() is not None
                    and editor.list.currentItem().text() == "Boas-vindas 2024", timeout=15000)
    idle(qtbot, runner)
    assert [t.name for t in templates.list_all()] == ["Boas-vindas 2024", "Lembrete"]


def test_delete_asks_first(qtbot, ctx, runner, templates):
    editor = open_editor(qtbot, ctx, runner)
    changed = []
    editor.templates_changed.connect(lambda: changed.append(True))
    editor.delete_button.click()
    editor.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
    idle(qtbot, runner)
    assert [t.name for t in templates.list_all()] == ["Boas-vindas", "Lembrete"] and not changed
    editor.delete_button.click()
    editor.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: editor.list.count() == 1, timeout=15000)
    assert [t.name for t in templates.list_all()] == ["Lembrete"] and changed
    assert editor.list.currentItem().text() == "Lembrete" and editor.name_edit.text() == "Lembrete"
