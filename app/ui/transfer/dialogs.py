"""Import wizard and export dialog: files in and out, always through the task runner.

Import: choose a file and what it holds -> check the detected column mapping against a preview
(every column can be re-mapped, ignored or kept as a custom field) -> a dry run that writes
nothing and lists every bad row -> the import itself (all rows, or only the valid ones), with
progress and Cancel; a cancelled or refused import writes nothing.
Export: the lead list as it is filtered now, to CSV or XLSX.
Run alone: `python -m app.ui.transfer.dialogs`.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import KnownError
from app.progress import Cancelled
from app.services.leads.search import LeadQuery
from app.ui.errors import alive, describe, is_expected, notify, report_error
from app.ui.formatting import format_number
from app.ui.i18n import service_text
from app.ui.tasks import Task, TaskRunner

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 20
SHOWN_ERRORS = 2000
IGNORE = ""


def _slug(header: str) -> str:
    from app.services.leads.normalize import fold

    return re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")[:80] or "field"


def read_preview(path: str) -> tuple[list[str], list[list[str]], str]:
    """(headers, first rows, source name) of a CSV/XLSX file; runs off the UI thread."""
    from app.services.transfer.importing import read_table

    table = read_table(path)
    return table.headers, table.preview(PREVIEW_ROWS), table.source


class ErrorsModel(QAbstractTableModel):
    """Row errors of a dry run (row, column, reason); at most SHOWN_ERRORS are listed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.errors: list[Any] = []

    def set_errors(self, errors: list[Any]) -> None:
        self.beginResetModel()
        self.errors = list(errors[:SHOWN_ERRORS])
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.errors)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (self.tr("Row"), self.tr("Column"), self.tr("Problem"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        error = self.errors[index.row()]
        return (str(error.row), error.column, service_text(error.reason))[index.column()]


class ImportWizard(QDialog):
    """Four steps on one dialog: file, mapping, check (dry run), import."""

    imported = Signal(object)  # ImportResult of a committed import
    KINDS = ("leads", "interactions", "purchases")

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.result: Any = None  # the last dry run's ImportResult
        self.final: Any = None  # the import's ImportResult
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Import"))
        self.resize(960, 680)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._check_page())
        self.pages.addWidget(self._run_page())
        self.step_label = QLabel()
        self.step_label.setObjectName("Muted")
        self.problem = QLabel()
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("PrimaryButton")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self._cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.step_label)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self._go(0)

    # --- pages -----------------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Choose a file to import"))
        title.setObjectName("SectionTitle")
        intro = QLabel(self.tr("CSV (comma, semicolon or tab separated, any common encoding) or Excel .xlsx, with a "
                               "header row. The next step shows how its columns will be read; nothing is written "
                               "until you confirm the import."))
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("File to import"))
        self.path_edit.textChanged.connect(lambda _t: self._update_buttons())
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.kind_combo = QComboBox()
        for kind, label in zip(self.KINDS, (self.tr("Leads and customers"), self.tr("Interactions (calls, visits, notes…)"),
                                            self.tr("Purchases"))):
            self.kind_combo.addItem(label, kind)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("It holds"), self.kind_combo)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Check how the columns are read"))
        title.setObjectName("SectionTitle")
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("First values"),
                                                      self.tr("Import as")])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.verticalHeader().setDefaultSectionSize(34)
        self.mapping_table.setWordWrap(False)
        self.mapping_table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, 200)
        self.mapping_table.setColumnWidth(2, 230)
        self.mapping_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table = QTableWidget()
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.verticalHeader().setDefaultSectionSize(26)
        self.preview_table.horizontalHeader().setDefaultSectionSize(130)
        self.preview_table.setWordWrap(False)
        self.duplicates_combo = QComboBox()
        self.duplicates_combo.addItem(self.tr("Skip them (keep what is in AIConnect)"), "skip")
        self.duplicates_combo.addItem(self.tr("Update the existing lead with the file's values"), "update")
        self.duplicates_combo.addItem(self.tr("Import them as new leads anyway"), "keep")
        self.duplicates_row = QWidget()
        dup = QHBoxLayout(self.duplicates_row)
        dup.setContentsMargins(0, 0, 0, 0)
        dup.addWidget(QLabel(self.tr("Leads already in AIConnect (same e-mail, phone or external id):")))
        dup.addWidget(self.duplicates_combo, 1)
        preview_title = QLabel(self.tr("Preview of the first rows"))
        preview_title.setObjectName("Muted")
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(self.mapping_intro)
        layout.addWidget(self.mapping_table, 3)
        layout.addWidget(self.duplicates_row)
        layout.addWidget(preview_title)
        layout.addWidget(self.preview_table, 2)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Check result (nothing was written)"))
        title.setObjectName("SectionTitle")
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (key, label) in enumerate((("rows_read", self.tr("Rows read")), ("created", self.tr("Would be created")),
                                          ("updated", self.tr("Would be updated")),
                                          ("skipped_duplicates", self.tr("Duplicates skipped")),
                                          ("error_rows", self.tr("Rows with problems")))):
            value = QLabel("0")
            value.setObjectName("CountValue")
            name = QLabel(label)
            name.setObjectName("Muted")
            grid.addWidget(value, 0, i)
            grid.addWidget(name, 1, i)
            self.counts[key] = value
        self.errors_model = ErrorsModel(self)
        self.errors_view = QTableView()
        self.errors_view.setModel(self.errors_model)
        self.errors_view.verticalHeader().hide()
        self.errors_view.horizontalHeader().setStretchLastSection(True)
        self.errors_view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.errors_view.setColumnWidth(0, 70)
        self.errors_view.setColumnWidth(1, 180)
        self.errors_note = QLabel()
        self.errors_note.setObjectName("Muted")
        self.report_button = QPushButton(self.tr("Save error report…"))
        self.report_button.clicked.connect(self._save_report)
        self.valid_only = QCheckBox(self.tr("Import only the valid rows (skip the rows with problems)"))
        self.valid_only.toggled.connect(lambda _on: self._update_buttons())
        errors_bar = QHBoxLayout()
        errors_bar.addWidget(self.errors_note, 1)
        errors_bar.addWidget(self.report_button)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addLayout(errors_bar)
        layout.addWidget(self.errors_view, 1)
        layout.addWidget(self.valid_only)
        return page

    def _run_page(self) -> QWidget:
        page = QWidget()
        self.run_title = QLabel()
        self.run_title.setObjectName("SectionTitle")
        self.run_status = QLabel()
        self.run_status.setWordWrap(True)
        self.progress_bar = QProgressBar()
        layout = QVBoxLayout(page)
        layout.addWidget(self.run_title)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.run_status)
        layout.addStretch(1)
        return page

    # --- navigation --------------------------------------------------------------------------------

    def _go(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self.step_label.setText(self.tr("Step {n} of 4").format(n=step + 1))
        self.problem.hide()
        self.next_button.setText((self.tr("Next"), self.tr("Check"), self.tr("Import"), self.tr("Close"))[step])
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.pages.currentIndex()
        busy = self.task is not None
        self.back_button.setVisible(step in (1, 2))
        self.back_button.setEnabled(not busy)
        ready = {
            0: bool(self.path_edit.text().strip()),
            1: bool(self.headers),
            2: self.result is not None and (not self.result.errors or self.valid_only.isChecked()),
            3: self.final is not None,
        }[step]
        self.next_button.setEnabled(ready and not busy)
        self.cancel_button.setText(self.tr("Stop") if busy else self.tr("Cancel"))
        self.cancel_button.setVisible(step != 3 or busy)

    def back(self) -> None:
        self._go(max(0, self.pages.currentIndex() - 1))

    def next(self) -> None:
        step = self.pages.currentIndex()
        if step == 0:
            self._read_file()
        elif step == 1:
            self._start(dry_run=True)
        elif step == 2:
            self._start(dry_run=False)
        else:
            self.accept()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.run_status.setText(self.tr("Stopping… nothing will be written."))
        else:
            self.reject()

    def _show_problem(self, exc: BaseException) -> None:
        self.task = None
        self._update_buttons()
        if not is_expected(exc):
            report_error(self, exc)
            return
        self.problem.setText(describe(exc))
        self.problem.show()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose a file to import"), self.path_edit.text(),
                                                    self.tr("Tables (*.csv *.tsv *.txt *.xlsx);;All files (*)"))
        if path:
            self.path_edit.setText(path)

    # --- step 1 -> 2: read the file ------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _read_file(self) -> None:
        self.task = self.runner.task(read_preview, self.path_edit.text().strip(), lane="net")
        self.task.on_success(alive(self, self._file_read)).on_failure(alive(self, self._show_problem)).start()
        self._update_buttons()

    def _file_read(self, preview: tuple[list[str], list[list[str]], str]) -> None:
        from app.services.transfer.importing import detect_mapping

        self.task = None
        self.headers, self.rows, source = preview
        self.mapping_intro.setText(self.tr(
            "{source}: {columns} columns. Each column was matched to a field by its name; change any that is "
            "wrong, or choose “ignore” to leave it out.").format(source=source, columns=len(self.headers)))
        self._fill_mapping(detect_mapping(self.kind, self.headers))
        self._fill_preview()
        self.duplicates_row.setVisible(self.kind == "leads")
        self.result = None
        self._go(1)

    def _fill_mapping(self, detected: dict[str, str]) -> None:
        from app.services.transfer.importing import target_fields

        fields = target_fields(self.kind)
        self.mapping_table.setRowCount(len(self.headers))
        self.combos: list[QComboBox] = []
        for row, header in enumerate(self.headers):
            samples = ", ".join(r[row] for r in self.rows[:4] if row < len(r) and r[row])
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
            self.mapping_table.setItem(row, 1, QTableWidgetItem(samples))
            combo = QComboBox()
            combo.addItem(self.tr("— ignore —"), IGNORE)
            for field in fields:
                combo.addItem(field, field)
            if self.kind == "leads":
                combo.addItem(self.tr("custom field “{name}”").format(name=_slug(header)), f"custom.{_slug(header)}")
            target = detected.get(header, IGNORE)
            if combo.findData(target) < 0:
                combo.addItem(target, target)
            combo.setCurrentIndex(combo.findData(target))
            self.mapping_table.setCellWidget(row, 2, combo)
            self.combos.append(combo)

    def _fill_preview(self) -> None:
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(self.headers))
        self.preview_table.setRowCount(len(self.rows))
        self.preview_table.setHorizontalHeaderLabels(self.headers)
        for r, cells in enumerate(self.rows):
            for c, text in enumerate(cells[:len(self.headers)]):
                self.preview_table.setItem(r, c, QTableWidgetItem(text))

    def mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in zip(self.headers, self.combos) if combo.currentData()}

    # --- step 2 -> 3 -> 4: dry run, then the import ----------------------------------------------------

    def _options(self, dry_run: bool) -> Any:
        from app.services.transfer.importing import ImportOptions

        duplicates = self.duplicates_combo.currentData() if self.kind == "leads" else "skip"
        return ImportOptions(self.kind, mapping=self.mapping(), dry_run=dry_run,
                             valid_only=self.valid_only.isChecked() and not dry_run, duplicates=duplicates)

    def _start(self, dry_run: bool) -> None:
        from app.services.transfer.importing import import_file

        label = self.tr("Checking the file…") if dry_run else self.tr("Importing…")
        self.task = (self.runner.task(import_file, self.ctx.db, self.path_edit.text().strip(), self._options(dry_run),
                                      actor_id=self.ctx.user.id)
                     .with_progress(label)
                     .on_success(alive(self, self._checked if dry_run else self._imported))
                     .on_failure(alive(self, lambda exc: self._run_failed(exc, dry_run))))
        self.task.signals.progressed.connect(alive(self, self._progress))
        self.progress_bar.setRange(0, 0)
        self.run_title.setText(label)
        self.run_status.setText("")
        self._go(3)
        self.task.start()
        self._update_buttons()

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(min(done, total) if total else 0)
        self.run_status.setText(self.tr("{done} of about {total} rows").format(
            done=format_number(done), total=format_number(total)))

    def _run_failed(self, exc: BaseException, dry_run: bool) -> None:
        self.task = None
        if isinstance(exc, Cancelled):
            self._go(2 if not dry_run and self.result is not None else 1)
            self.problem.setText(self.tr("Stopped. Nothing was written."))
            self.problem.show()
            return
        self._go(1 if dry_run else 2)
        self._show_problem(exc)

    def _checked(self, result: Any) -> None:
        self.task = None
        self.result = result
        for key, label in self.counts.items():
            label.setText(format_number(getattr(result, key)))
        self.errors_model.set_errors(result.errors)
        if result.errors:
            shown = min(len(result.errors), SHOWN_ERRORS)
            self.errors_note.setText(self.tr("{count} problems; {shown} shown. Fix the file and check again, or import "
                                             "only the valid rows.").format(count=format_number(len(result.errors)),
                                                                            shown=format_number(shown)))
        else:
            self.errors_note.setText(self.tr("No problems found. Ready to import."))
        self.report_button.setEnabled(bool(result.errors))
        self.valid_only.setEnabled(bool(result.errors))
        self.valid_only.setChecked(False)
        self._go(2)

    def _imported(self, result: Any) -> None:
        self.task = None
        self.final = result
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        if result.committed:
            self.run_title.setText(self.tr("Import finished"))
            self.run_status.setText(self.tr(
                "{created} created, {updated} updated, {skipped} duplicates skipped, {errors} rows with problems "
                "left out.").format(created=format_number(result.created), updated=format_number(result.updated),
                                     skipped=format_number(result.skipped_duplicates),
                                     errors=format_number(result.error_rows)))
            self.imported.emit(result)
        else:
            self.run_title.setText(self.tr("Nothing was imported"))
            self.run_status.setText(self.tr("{errors} rows have problems, so nothing was written. Go back, fix the file "
                                            "or import only the valid rows.").format(errors=format_number(result.error_rows)))
        self._update_buttons()

    def _save_report(self) -> None:
        if self.result is None:
            return
        suggested = str(Path(self.path_edit.text()).with_suffix("")) + "-problems.csv"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save error report"), suggested, self.tr("CSV (*.csv)"))
        if path:
            self.save_report_to(path)

    def save_report_to(self, path: str) -> None:
        from app.services.transfer.importing import write_report

        try:
            write_report(self.result.errors, path)
        except (OSError, KnownError) as exc:  # written whole or not at all; the message says why
            self._show_problem(exc)
            return
        notify(self, self.tr("Error report saved to {path}.").format(path=path))

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # the import rolls back; the dialog may close meanwhile
        super().reject()


class ExportDialog(QDialog):
    """Export the leads the list shows now (or their interactions) to CSV or XLSX."""

    exported = Signal(str, int)  # path, rows written

    def __init__(self, ctx: AppContext, runner: TaskRunner, query: LeadQuery, count: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.query = query
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(560)
        filtered = bool(query.text or query.stages or query.owner_ids or query.tags or query.sources)
        what = (self.tr("The %Ln lead(s) in the list, with its search and filters.", "", count)
                if count is not None and filtered else
                self.tr("All %Ln lead(s).", "", count) if count is not None else self.tr("The leads in the list."))
        scope = QLabel(what)
        scope.setWordWrap(True)
        self.leads_radio = QRadioButton(self.tr("Leads"))
        self.leads_radio.setChecked(True)
        self.interactions_radio = QRadioButton(self.tr("Their interactions"))
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("CSV (Excel, Google Sheets, any CRM)"), ".csv")
        self.format_combo.addItem(self.tr("Excel workbook (.xlsx)"), ".xlsx")
        self.format_combo.currentIndexChanged.connect(self._suffix_changed)
        self.leads_radio.toggled.connect(lambda _on: self._suffix_changed())
        self.path_edit = QLineEdit(str(self._default_path(".csv")))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        kinds = QHBoxLayout()
        kinds.addWidget(self.leads_radio)
        kinds.addWidget(self.interactions_radio)
        kinds.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Export"), kinds)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.tr("Save to"), path_row)
        self.progress_bar = QProgressBar()
        self.progress_bar.hide()
        self.problem = QLabel()
        self.problem.setObjectName("ErrorText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("PrimaryButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scope)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def _default_path(self, suffix: str) -> Path:
        folder = Path.home() / "Documents"
        folder = folder if folder.is_dir() else Path.home()
        name = "leads" if self.leads_radio.isChecked() else "interactions"
        return folder / f"aiconnect-{name}-{date.today():%Y-%m-%d}{suffix}"

    def _suffix_changed(self) -> None:
        current = Path(self.path_edit.text())
        suffix = self.format_combo.currentData()
        if current.name.startswith("aiconnect-"):
            self.path_edit.setText(str(current.parent / self._default_path(suffix).name))
        else:
            self.path_edit.setText(str(current.with_suffix(suffix)))

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path_edit.text(),
                                               self.tr("CSV (*.csv);;Excel workbook (*.xlsx)"))
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        from app.services.transfer.exporting import export_interactions, export_leads

        export = export_leads if self.leads_radio.isChecked() else export_interactions
        path = self.path_edit.text().strip()
        self.problem.hide()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.export_button.setEnabled(False)
        self.task = (self.runner.task(export, self.ctx.db, path, self.query)
                     .with_progress(self.tr("Exporting…"))
                     .on_success(alive(self, lambda n: self._done(path, n)))
                     .on_failure(alive(self, self._failed)))
        self.task.signals.progressed.connect(alive(self, self._progress))
        self.task.start()

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.progress_bar.setRange(0, max(total, 0))
        self.progress_bar.setValue(min(done, total) if total else 0)

    def _done(self, path: str, rows: int) -> None:
        self.task = None
        self.exported.emit(path, rows)
        parent = self.parentWidget()
        notify(parent or self, self.tr("Exported {rows} rows to {path}.").format(rows=format_number(rows), path=path),
               action=(self.tr("Open folder"), lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.progress_bar.hide()
        if isinstance(exc, Cancelled):
            return
        if not is_expected(exc):
            report_error(self, exc)
            return
        self.problem.setText(describe(exc))
        self.problem.show()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.reject()


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(ImportWizard)
