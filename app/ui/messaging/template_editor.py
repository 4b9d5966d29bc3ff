"""The template editor (the Templates tab of the Messages screen).

A list of saved templates next to the editor: name, description, the Jinja2 body with an
insert-variable menu, and a live preview for the sample lead or any lead (find one by name),
with its GSM-7/UCS-2 segment count and cost. The body is checked while typing (in the db lane,
debounced) and again on save; a problem is shown with its line and column marked in the editor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ValidationError
from app.services.leads import search
from app.services.leads.search import LeadQuery
from app.services.messaging.segments import SegmentCount, count_segments, estimate_cost
from app.services.messaging.templates import TemplateProblem, TemplateRecord, compile_body, sample_context
from app.ui import icons
from app.ui.errors import alive, describe, notify, report_error
from app.ui.messaging.body_editor import BUBBLE_STYLE, BodyEdit, VariableButton, problem_text
from app.ui.messaging.prices import price_currency, price_per_segment
from app.ui.messaging.words import segment_line
from app.ui.tasks import TaskRunner
from app.ui.widgets.latest import Latest, debounce

logger = logging.getLogger(__name__)

LEAD_CHOICES = 30


@dataclass(frozen=True)
class EditorSetup:
    templates: list[TemplateRecord]
    price: Decimal
    currency: str  # what the price is in (sms.price_currency)
    custom_fields: list[str]


@dataclass(frozen=True)
class TemplatePreview:
    body: str
    lead_id: int | None
    text: str | None
    segments: SegmentCount | None
    cost: Decimal
    problem: TemplateProblem | None


# --- db lane ------------------------------------------------------------------------------------------

def load_editor(ctx: AppContext) -> EditorSetup:
    service = ctx.templates
    return EditorSetup(service.list_all(), price_per_segment(ctx), price_currency(ctx), service.custom_field_names())


def render_preview(ctx: AppContext, body: str, lead_id: int | None, price: Decimal, custom: list[str]) -> TemplatePreview:
    """The body checked and filled in for a lead, or for the sample lead when `lead_id` is None."""
    try:
        if lead_id is None:
            text = compile_body(body, custom).render(sample_context(custom))
            segments = count_segments(text)
            return TemplatePreview(body, None, text, segments, estimate_cost(segments.segments, price), None)
        preview = ctx.templates.preview(body, lead_id, price)
    except TemplateProblem as problem:
        return TemplatePreview(body, lead_id, None, None, Decimal(0), problem)
    return TemplatePreview(body, lead_id, preview.text, preview.segments, preview.cost, None)


def find_leads(ctx: AppContext, text: str) -> list[tuple[int, str]]:
    query = LeadQuery(text=text, order_by="name", limit=LEAD_CHOICES) if text else LeadQuery(
        order_by="last_interaction_at", descending=True, limit=LEAD_CHOICES)
    ids = search.lead_ids(ctx.db, query)
    rows = search.lead_rows(ctx.db, ids, ("name", "company"))
    return [(i, rows[i]["name"] + (f" · {rows[i]['company']}" if rows[i].get("company") else "")) for i in ids if i in rows]


def save_template(ctx: AppContext, name: str, body: str, description: str, replaces: int | None) -> TemplateRecord:
    """Save; when an existing template was renamed, the old name goes (a rename)."""
    service = ctx.templates
    record = service.save(name, body, description)
    if replaces is not None and replaces != record.id:
        service.delete(replaces)
    return record


def delete_template(ctx: AppContext, template_id: int) -> int:
    ctx.templates.delete(template_id)
    return template_id


# --- the widget -------------------------------------------------------------------------------------

class TemplateEditor(QWidget):
    """`templates_changed` after a save or a delete (the compose dialog's list is then stale)."""

    templates_changed = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.setup: EditorSetup | None = None
        self.current: TemplateRecord | None = None
        self.saving = False
        self.confirm_box: QMessageBox | None = None
        self._loading = False
        self._select_after: int | None = None
        self.setStyleSheet(BUBBLE_STYLE + " #TemplateList::item { padding: 7px 8px; }")
        self._build()
        self.previews = Latest(runner, self._preview_done, lambda exc: report_error(self, exc), self)
        self.lead_search = Latest(runner, self._leads_found, lambda exc: report_error(self, exc), self)
        self._preview_timer = debounce(self, self._start_preview)
        self._find_timer = debounce(self, lambda: self.lead_search.request(find_leads, self.ctx,
                                                                           self.find_edit.text().strip()))
        self.refresh()
        self.lead_search.request(find_leads, self.ctx, "")

    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("TemplateList")
        self.list.currentItemChanged.connect(lambda item, _prev: self._show_item(item))
        self.new_button = QPushButton(icons.icon("add"), self.tr("New template"))
        self.new_button.clicked.connect(self.new_template)
        self.empty_label = QLabel(self.tr("No templates yet. Write one on the right and save it."))
        self.empty_label.setObjectName("Muted")
        self.empty_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_label)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(120)
        self.name_edit.setPlaceholderText(self.tr("e.g. Follow-up after a visit"))
        self.name_error = QLabel()
        self.name_error.setObjectName("ErrorText")
        self.name_error.hide()
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText(self.tr("What it is for (optional)"))
        self.body = BodyEdit()
        self.body.setPlaceholderText('Olá {{ lead.name | primeiro_nome | default("cliente") }}, …')
        self.variables = VariableButton(self.body)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("ErrorText")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.help_label = QLabel(self.tr(
            "Jinja2: {{ lead.first_name }} fills in a field; filters: primeiro_nome, default(\"…\"), data, moeda; "
            "blocks: {% if lead.company %}…{% endif %}."))
        self.help_label.setObjectName("Muted")
        self.help_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(self.tr("&Description"), self.description_edit)
        body_bar = QHBoxLayout()
        body_title = QLabel(self.tr("Message"))
        body_title.setObjectName("SectionTitle")
        body_bar.addWidget(body_title)
        body_bar.addStretch(1)
        body_bar.addWidget(self.variables)

        self.preview_combo = QComboBox()
        self.preview_combo.setMinimumWidth(220)
        self.preview_combo.addItem(self.tr("Sample lead (Maria Aparecida Souza)"), None)
        self.preview_combo.currentIndexChanged.connect(lambda _i: self._preview_timer.start(0))
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Find a lead…"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(lambda _t: self._find_timer.start())
        preview_bar = QHBoxLayout()
        preview_title = QLabel(self.tr("Preview for"))
        preview_title.setObjectName("SectionTitle")
        preview_bar.addWidget(preview_title)
        preview_bar.addWidget(self.preview_combo, 1)
        preview_bar.addWidget(self.find_edit)
        self.bubble = QLabel()
        self.bubble.setObjectName("Bubble")
        self.bubble.setWordWrap(True)
        self.bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.segments_label = QLabel()
        self.segments_label.setObjectName("Muted")
        self.segments_label.setWordWrap(True)

        self.state_label = QLabel()
        self.state_label.setObjectName("Muted")
        self.state_label.setWordWrap(True)
        self.delete_button = QPushButton(icons.icon("delete"), self.tr("Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button = QPushButton(self.tr("Save template"))
        self.save_button.setObjectName("PrimaryButton")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)

        editor = QFrame()
        editor.setObjectName("DetailPanel")
        right = QVBoxLayout(editor)
        right.setContentsMargins(16, 14, 16, 12)
        right.setSpacing(8)
        right.addLayout(form)
        right.addLayout(body_bar)
        right.addWidget(self.body, 3)
        right.addWidget(self.problem_label)
        right.addWidget(self.help_label)
        right.addLayout(preview_bar)
        right.addWidget(self.bubble)
        right.addWidget(self.segments_label)
        right.addStretch(1)
        right.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        for signal in (self.name_edit.textChanged, self.description_edit.textChanged):
            signal.connect(lambda _t: self._dirty())
        self.body.textChanged.connect(self._body_changed)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        (self.runner.task(load_editor, self.ctx).on_success(alive(self, self._loaded))
         .on_failure(alive(self, lambda exc: report_error(self, exc))).start())

    def _loaded(self, setup: EditorSetup) -> None:
        self.setup = setup
        self.variables.set_custom_fields(setup.custom_fields)
        keep = self._select_after if self._select_after is not None else (self.current.id if self.current else None)
        self._select_after = None
        self.list.blockSignals(True)
        self.list.clear()
        for record in setup.templates:
            item = QListWidgetItem(record.name)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            item.setToolTip(record.description or record.body)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.empty_label.setVisible(not setup.templates)
        row = next((i for i, r in enumerate(setup.templates) if r.id == keep), None)
        if row is not None:
            self.list.setCurrentRow(row)
        elif self.current is None and setup.templates and not self.is_dirty():
            self.list.setCurrentRow(0)
        else:
            self._start_preview()

    def _leads_found(self, leads: list[tuple[int, str]]) -> None:
        chosen = self.preview_combo.currentData()
        self.preview_combo.blockSignals(True)
        while self.preview_combo.count() > 1:
            self.preview_combo.removeItem(1)
        for lead_id, label in leads:
            self.preview_combo.addItem(label, lead_id)
        index = self.preview_combo.findData(chosen) if chosen is not None else 0
        if self.find_edit.text().strip() and leads and index <= 0:
            index = 1  # a search picks its first match
        self.preview_combo.setCurrentIndex(max(0, index))
        self.preview_combo.blockSignals(False)
        if self.preview_combo.currentData() != chosen:
            self._start_preview()

    def record_of(self, template_id: int | None) -> TemplateRecord | None:
        if self.setup is None or template_id is None:
            return None
        return next((r for r in self.setup.templates if r.id == template_id), None)

    def _show_item(self, item: QListWidgetItem | None) -> None:
        record = self.record_of(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        if record is not None:
            self.show_record(record)

    def show_record(self, record: TemplateRecord | None) -> None:
        self.current = record
        self._loading = True
        self.name_edit.setText(record.name if record else "")
        self.description_edit.setText((record.description or "") if record else "")
        self.body.setPlainText(record.body if record else "")
        self._loading = False
        self._set_name_error(None)
        self._dirty()
        self._preview_timer.start(0)

    def new_template(self) -> None:
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.show_record(None)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- editing ---------------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        current = self.current
        if current is None:
            return bool(self.name_edit.text().strip() or self.body.toPlainText().strip())
        return (self.name_edit.text().strip() != current.name or self.body.toPlainText() != current.body
                or self.description_edit.text().strip() != (current.description or ""))

    def _dirty(self) -> None:
        if self._loading:
            return
        dirty = self.is_dirty()
        if self.current is None:
            self.state_label.setText(self.tr("New template, not saved yet") if dirty else "")
        else:
            self.state_label.setText(self.tr("Unsaved changes") if dirty else self.tr("Saved"))
        self._update_buttons()

    def _body_changed(self) -> None:
        if self._loading:
            return
        self._dirty()
        self._preview_timer.start()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(not self.saving and self.is_dirty())
        self.delete_button.setEnabled(not self.saving and self.current is not None)

    def _start_preview(self) -> None:
        body = self.body.toPlainText()
        if self.setup is None:
            return
        if not body.strip():
            self.previews.drop()
            self.bubble.setText("")
            self.segments_label.setText("")
            self.body.show_problem(None)
            self.problem_label.hide()
            return
        self.previews.request(render_preview, self.ctx, body, self.preview_combo.currentData(), self.setup.price,
                              self.setup.custom_fields)

    def _preview_done(self, preview: TemplatePreview) -> None:
        if preview.body != self.body.toPlainText():
            return
        self._show_problem(preview.problem)
        if preview.problem is not None:
            self.bubble.setText("")
            self.segments_label.setText("")
            return
        self.bubble.setText(preview.text or "")
        if preview.segments is not None and self.setup is not None:
            self.segments_label.setText(segment_line(preview.segments, preview.cost, self.setup.currency))

    def _show_problem(self, problem: TemplateProblem | None, move_cursor: bool = False) -> None:
        self.body.show_problem(problem, move_cursor)
        self.problem_label.setVisible(problem is not None)
        self.problem_label.setText(problem_text(problem) if problem is not None else "")

    def _set_name_error(self, text: str | None) -> None:
        self.name_error.setVisible(bool(text))
        self.name_error.setText(text or "")

    # --- save and delete -----------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving or not self.is_dirty():
            return
        name = self.name_edit.text().strip()
        if not name:
            self._set_name_error(self.tr("Give the template a name."))
            self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._set_name_error(None)
        self.saving = True
        self._update_buttons()
        replaces = self.current.id if self.current is not None and self.current.name != name else None
        (self.runner.task(save_template, self.ctx, name, self.body.toPlainText(),
                          self.description_edit.text().strip(), replaces)
         .on_success(alive(self, self._saved)).on_failure(alive(self, self._save_failed)).start())

    def _saved(self, record: TemplateRecord) -> None:
        self.saving = False
        self.current = record
        self._select_after = record.id
        self._dirty()
        notify(self, self.tr("Template “{name}” saved.").format(name=record.name))
        self.templates_changed.emit()
        self.refresh()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self._update_buttons()
        if isinstance(exc, TemplateProblem):
            self._show_problem(exc, move_cursor=True)
            notify(self, self.tr("The template was not saved: {problem}").format(problem=problem_text(exc)), "warning")
            return
        if isinstance(exc, ValidationError) and "name" in exc.problems:
            self._set_name_error(describe(exc))
            return
        report_error(self, exc)

    def delete_current(self) -> None:
        record = self.current
        if record is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete template"),
                          self.tr("Delete the template “{name}”? Messages already queued with it are not affected.")
                          .format(name=record.name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._delete(record))
        self.confirm_box = box
        box.open()

    def _delete(self, record: TemplateRecord) -> None:
        (self.runner.task(delete_template, self.ctx, record.id)
         .on_success(alive(self, lambda _id: self._deleted(record)))
         .on_failure(alive(self, lambda exc: report_error(self, exc))).start())

    def _deleted(self, record: TemplateRecord) -> None:
        notify(self, self.tr("Template “{name}” deleted.").format(name=record.name))
        if self.current is not None and self.current.id == record.id:
            self.current = None
            self.show_record(None)
        self.templates_changed.emit()
        self.refresh()


if __name__ == "__main__":  # pragma: no cover - the editor alone on a demo workspace
    from app.ui.preview import preview

    preview(TemplateEditor, size=(1100, 700))
