"""Import wizard (mapping, dry run, valid-only import, report) and export dialog, on real files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.db.models import Lead
from app.services.leads.search import LeadQuery
from app.ui.transfer.dialogs import ExportDialog, ImportWizard
from tests.ui.conftest import idle

ROWS = [
    ["Nome", "Empresa", "Telefone", "E-mail", "Etapa", "Cor favorita"],
    ["Mariana Lopes", "Padaria Pão Quente", "(11) 98765-4321", "mariana@paoquente.com.br", "new", "azul"],
    ["Carlos Dias", "Dias & Filhos", "21 99876 5432", "carlos@dias.com.br", "contacted", ""],
    ["Ana Errada", "", "123", "ana@", "new", "verde"],
]


def live_leads(ctx: Any) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Lead).where(Lead.deleted_at.is_(None))))


def write_csv(folder: Path, rows: list[list[str]] = ROWS) -> Path:
    path = folder / "planilha.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def wizard_on(qtbot: Any, ctx: Any, runner: Any, path: Path) -> ImportWizard:
    wizard = ImportWizard(ctx, runner)
    qtbot.addWidget(wizard)
    wizard.open()
    wizard.path_edit.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=5000)
    return wizard


def check(qtbot: Any, wizard: ImportWizard) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10000)


def test_mapping_is_detected_and_editable(qtbot, ctx, runner, tmp_path):
    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path))
    assert wizard.headers == ROWS[0]
    assert wizard.mapping() == {"Nome": "name", "Empresa": "company", "Telefone": "phone", "E-mail": "email", "Etapa": "stage"}
    favourite = wizard.combos[5]
    favourite.setCurrentIndex(favourite.findData("custom.cor_favorita"))
    assert wizard.mapping()["Cor favorita"] == "custom.cor_favorita"
    assert wizard.preview_table.rowCount() == 3
    assert wizard.duplicates_row.isVisibleTo(wizard)


def test_dry_run_lists_errors_and_writes_nothing(qtbot, ctx, runner, tmp_path, seeded):
    before = live_leads(ctx)
    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path))
    check(qtbot, wizard)
    assert wizard.counts["rows_read"].text() == "3"
    assert wizard.counts["created"].text() == "2"
    assert wizard.counts["error_rows"].text() == "1"
    problems = {(wizard.errors_model.index(r, 0).data(), wizard.errors_model.index(r, 1).data())
                for r in range(wizard.errors_model.rowCount())}
    assert ("4", "Telefone") in problems and ("4", "E-mail") in problems
    assert live_leads(ctx) == before
    assert not wizard.next_button.isEnabled()  # errors: import only once "valid rows only" is ticked
    wizard.valid_only.setChecked(True)
    assert wizard.next_button.isEnabled()
    report = tmp_path / "problems.csv"
    wizard.save_report_to(str(report))
    assert "Telefone" in report.read_text(encoding="utf-8-sig")


def test_import_valid_rows_only(qtbot, ctx, runner, tmp_path, seeded):
    before = live_leads(ctx)
    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path))
    check(qtbot, wizard)
    wizard.valid_only.setChecked(True)
    with qtbot.waitSignal(wizard.imported, timeout=10000) as done:
        wizard.next()
    assert done.args[0].created == 2 and done.args[0].committed
    assert live_leads(ctx) == before + 2
    assert wizard.next_button.text() == "Close" and wizard.next_button.isEnabled()


def test_clean_file_imports_without_valid_only(qtbot, ctx, runner, tmp_path):
    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path, ROWS[:3]))
    check(qtbot, wizard)
    assert wizard.errors_model.rowCount() == 0 and wizard.next_button.isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.next()
    assert live_leads(ctx) == 2


def test_unreadable_file_is_a_message_not_a_crash(qtbot, ctx, runner, tmp_path):
    wizard = ImportWizard(ctx, runner)
    qtbot.addWidget(wizard)
    wizard.open()
    wizard.path_edit.setText(str(tmp_path / "missing.csv"))
    wizard.next()
    qtbot.waitUntil(wizard.problem.isVisible, timeout=5000)
    assert "missing.csv" in wizard.problem.text()
    assert wizard.pages.currentIndex() == 0


def test_a_mapping_without_a_name_is_explained(qtbot, ctx, runner, tmp_path):
    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path))
    wizard.combos[0].setCurrentIndex(0)  # ignore "Nome"
    wizard.next()
    qtbot.waitUntil(wizard.problem.isVisible, timeout=5000)
    assert "name" in wizard.problem.text()
    assert wizard.pages.currentIndex() == 1


def test_export_writes_the_filtered_list(qtbot, ctx, runner, tmp_path, seeded):
    target = tmp_path / "out" / "leads.csv"
    target.parent.mkdir()
    dialog = ExportDialog(ctx, runner, LeadQuery(text="joao"), 1)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000) as done:
        dialog.start()
    assert done.args == [str(target), 1]
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["id", "name"] and rows[1][1] == "João Silva"


def test_export_interactions_to_xlsx(qtbot, ctx, runner, tmp_path, seeded):
    target = tmp_path / "timeline.xlsx"
    dialog = ExportDialog(ctx, runner, LeadQuery(text="joao"), 1)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    dialog.interactions_radio.setChecked(True)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(".xlsx"))
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10000) as done:
        dialog.start()
    assert done.args[1] == 3 and target.exists()


def test_export_to_a_missing_folder_is_explained(qtbot, ctx, runner, tmp_path, seeded):
    dialog = ExportDialog(ctx, runner, LeadQuery(), len(seeded))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "x.csv"))
    dialog.start()
    idle(qtbot, runner)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=5000)
    assert "does not exist" in dialog.problem.text()
    assert dialog.export_button.isEnabled() and dialog.isVisible()


def test_stopping_an_import_writes_nothing(qtbot, ctx, runner, tmp_path):
    import threading

    wizard = wizard_on(qtbot, ctx, runner, write_csv(tmp_path, ROWS[:3]))
    check(qtbot, wizard)
    gate = threading.Event()
    runner.task(gate.wait, 10).start()  # hold the db lane so Stop lands before the import starts
    wizard.next()
    assert wizard.cancel_button.text() == "Stop"
    wizard.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10000)
    assert live_leads(ctx) == 0
    assert wizard.final is None and wizard.pages.currentIndex() == 2
    assert "Nothing was written" in wizard.problem.text()
