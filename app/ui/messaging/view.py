"""The Messages screen: the outbox (counts per status, a filterable table, retry, cancel, open the lead,
the selected message in full) and the Templates tab.

Everything is read and written in the db lane; while the screen is visible it refreshes every
REFRESH_MS so the states the background sender writes (sent, delivered, failed) show up.
Run alone on a demo workspace: `python -m app.ui.messaging.view`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.services.leads.search import LeadQuery
from app.services.messaging.outbox import CANCELABLE_STATES, RETRYABLE_STATES, EnqueueReport
from app.ui import icons
from app.ui.errors import alive, notify, report_error
from app.ui.formatting import format_datetime, format_number
from app.ui.messaging.model import (
    COLUMNS,
    MessagesModel,
    StateRole,
    error_label,
    reason_text,
    status_text,
    times_text,
)
from app.ui.messaging.prices import price_per_segment
from app.ui.messaging.template_editor import TemplateEditor
from app.ui.messaging.words import STATES, skip_reason_label
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import STATE_COLORS, display_phone, state_label
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.id_table import IdListTable
from app.ui.widgets.latest import debounce

logger = logging.getLogger(__name__)

REFRESH_MS = 15000
WIDTHS = {"lead": 190, "phone": 140, "body": 330, "status": 180, "error": 220, "time": 130}


# --- db lane ---------------------------------------------------------------------------------------

def load_summary(ctx: AppContext) -> dict[str, Any]:
    return ctx.outbox().summary(failures=0)


def retry_messages(ctx: AppContext, ids: list[int]) -> EnqueueReport:
    return ctx.outbox().retry(ids, price_per_segment=price_per_segment(ctx))


def cancel_messages(ctx: AppContext, ids: list[int]) -> int:
    return ctx.outbox().cancel(ids)


# --- widgets ---------------------------------------------------------------------------------------

class StatusChip(QToolButton):
    """'Failed  5': a checkable filter button with the state's colour."""

    def __init__(self, state: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setCheckable(True)
        self.setObjectName("StatusChip")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if state is not None:
            self.setIcon(icons.dot(STATE_COLORS[state]))
        self.set_count(None)

    def set_count(self, count: int | None) -> None:
        title = state_label(self.state) if self.state else self.tr("All")
        self.setText(title if count is None else f"{title}  {format_number(count)}")


class MessageDetail(QFrame):
    """The selected message in full: text, status, times, and the reason when it failed or waits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailPanel")
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.body = QLabel()
        self.body.setObjectName("Bubble")
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.times = QLabel()
        self.times.setObjectName("Muted")
        self.times.setWordWrap(True)
        self.empty = QLabel(self.tr("Select a message to see it in full, with the reason when it failed."))
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        facts = QVBoxLayout()
        facts.setSpacing(6)
        for widget in (self.empty, self.title, self.status, self.reason, self.times):
            facts.addWidget(widget)
        facts.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self.body)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(20)
        layout.addLayout(facts, 1)
        layout.addLayout(text, 1)
        self.setMinimumHeight(120)
        self.show_row(None)

    def show_row(self, row: Any) -> None:
        self.empty.setVisible(row is None)
        for widget in (self.title, self.status, self.body, self.reason, self.times):
            widget.setVisible(row is not None)
        if row is None:
            return
        self.title.setText(row.lead_name or self.tr("(lead deleted)"))
        meta = [status_text(row), display_phone(row.to_number)]
        if row.segments:
            meta.append(self.tr("%n segment(s)", "", row.segments) + (f" · {row.encoding}" if row.encoding else ""))
        if row.attempts > 1:
            meta.append(self.tr("%n attempt(s)", "", row.attempts))
        self.status.setText(" · ".join(meta))
        self.status.setStyleSheet(f"color: {STATE_COLORS.get(row.state, '#374151')}; font-weight: 600;")
        self.body.setText(row.body)
        reason = ""
        if row.state in ("failed", "undelivered"):
            label = error_label(row.error_code)
            head = f"{row.error_code} · {label}" if row.error_code and label else (str(row.error_code or ""))
            reason = "\n".join(part for part in (head, reason_text(row.error_message)) if part)
        elif row.state == "held":
            reason = reason_text(row.hold_reason)
        elif row.error_message:
            reason = reason_text(row.error_message)
        self.reason.setVisible(bool(reason))
        self.reason.setText(reason)
        self.reason.setStyleSheet("color: #b91c1c;" if row.state in ("failed", "undelivered") else "color: #92400e;")
        self.times.setText(times_text(row))


class OutboxTable(IdListTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("OutboxTable")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)


class MessagesView(QWidget):
    """`lead_activated(id)` asks the main window to open a lead."""

    lead_activated = Signal(int)
    messages_changed = Signal()  # messages retried or canceled here

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.model = MessagesModel(ctx, runner, self)
        self.summary: dict[str, Any] | None = None
        self.confirm_box: QMessageBox | None = None
        self._keep: list[int] = []
        self._scroll: int | None = None
        self._loaded_once = False
        self.setStyleSheet("#StatusChip { border: 1px solid #d1d5db; border-radius: 14px; padding: 4px 12px; "
                           "background: #ffffff; } #StatusChip:checked { background: #e8effd; border-color: #93b1f5; "
                           "color: #1d4ed8; font-weight: 600; } #Bubble { background: #e8effd; color: #0f172a; "
                           "border-radius: 12px; padding: 10px 12px; }")
        self._build()
        self._connect()

    # --- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.chips: dict[str | None, StatusChip] = {None: StatusChip(None)}
        self.chips.update({state: StatusChip(state) for state in STATES})
        self.chip_group = QButtonGroup(self)
        self.chip_group.setExclusive(True)
        chip_box = QWidget()
        chip_flow = FlowLayout(chip_box)  # wraps onto a second line in a narrow window
        for chip in self.chips.values():
            self.chip_group.addButton(chip)
            chip_flow.addWidget(chip)
        self.chips[None].setChecked(True)
        self.next_due_label = QLabel()
        self.next_due_label.setObjectName("Muted")
        self.next_due_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        self.next_due_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        chips = QHBoxLayout()
        chips.addWidget(chip_box, 3)
        chips.addWidget(self.next_due_label, 1)

        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText(self.tr("Search lead, phone or text"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self.retry_button = QPushButton(icons.icon("refresh"), self.tr("Send again"))
        self.retry_button.setToolTip(self.tr("Queue the selected failed or undelivered messages again, as new messages"))
        self.cancel_button = QPushButton(icons.icon("close"), self.tr("Cancel sending"))
        self.cancel_button.setToolTip(self.tr("Cancel the selected queued or held messages"))
        self.open_button = QPushButton(icons.icon("user"), self.tr("Open lead"))
        self.refresh_button = QToolButton()
        self.refresh_button.setIcon(icons.icon("refresh"))
        self.refresh_button.setToolTip(self.tr("Refresh (F5)"))
        self.new_button = QPushButton(icons.icon("sms_out", "#ffffff", None), self.tr("New message…"))
        self.new_button.setObjectName("PrimaryButton")
        self.new_button.setToolTip(self.tr("Write an SMS to every lead or to a segment"))
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search, 2)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        actions = QWidget()
        action_flow = FlowLayout(actions, spacing=8)  # one line when there is room, two in a narrow window
        for button in (self.retry_button, self.cancel_button, self.open_button, self.refresh_button):
            action_flow.addWidget(button)
        actions.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        bar.addWidget(actions)
        chips.addWidget(self.new_button)

        self.table = OutboxTable()
        self.table.setModel(self.model)
        for i, key in enumerate(COLUMNS):
            self.table.setColumnWidth(i, WIDTHS[key])
        self.detail = MessageDetail()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 170])
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        outbox = QWidget()
        outbox_layout = QVBoxLayout(outbox)
        outbox_layout.setContentsMargins(0, 10, 0, 0)
        outbox_layout.setSpacing(10)
        outbox_layout.addLayout(chips)
        outbox_layout.addLayout(bar)
        outbox_layout.addWidget(self.empty_label)
        outbox_layout.addWidget(self.splitter, 1)

        self.templates = TemplateEditor(self.ctx, self.runner)
        templates = QWidget()
        templates_layout = QVBoxLayout(templates)
        templates_layout.setContentsMargins(0, 10, 0, 0)
        templates_layout.addWidget(self.templates)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(outbox, icons.icon("sms_out"), self.tr("Outbox"))
        self.tabs.addTab(templates, icons.icon("note"), self.tr("Templates"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.tabs)
        self._search_timer = debounce(self, self.apply_filter, 200)
        self._auto = QTimer(self, interval=REFRESH_MS, timeout=self._auto_refresh)
        self._update_actions()

    def _connect(self) -> None:
        self.chip_group.buttonClicked.connect(lambda _b: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda exc: report_error(self, exc))
        self.model.dataChanged.connect(lambda *_: self._selection_changed())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_lead())
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.open_button.clicked.connect(self.open_lead)
        self.refresh_button.clicked.connect(self.refresh)
        self.new_button.clicked.connect(self.compose)

    # --- loading -------------------------------------------------------------------------------------

    def selected_state(self) -> str | None:
        return next((state for state, chip in self.chips.items() if chip.isChecked()), None)

    def apply_filter(self) -> None:
        state = self.selected_state()
        self._keep = []
        self._scroll = None
        self.model.set_filter((state,) if state else (), self.search.text())

    def refresh(self) -> None:
        """Counts and the table again, keeping the selection."""
        self._loaded_once = True
        self._keep = self.selected_ids()
        self._scroll = self.table.verticalScrollBar().value()
        self.model.set_filter(self.model.states, self.search.text())
        (self.runner.task(load_summary, self.ctx).on_success(alive(self, self._summary_loaded))
         .on_failure(alive(self, lambda exc: report_error(self, exc))).start())

    def _auto_refresh(self) -> None:
        if self.isVisible() and not self.model.busy and self.confirm_box is None:
            self.refresh()

    def _summary_loaded(self, summary: dict[str, Any]) -> None:
        self.summary = summary
        counts = summary["counts"]
        self.chips[None].set_count(sum(counts.values()))
        for state, chip in self.chips.items():
            if state is not None:
                chip.set_count(counts.get(state, 0))
        due = summary.get("next_due")
        self.next_due_label.setText(self.tr("Next send due {when}").format(when=format_datetime(due)) if due else "")

    def _loaded(self, count: int) -> None:
        self.count_label.setText(self.tr("%n message(s)", "", count))
        filtered = bool(self.model.states or self.model.text)
        self.empty_label.setVisible(count == 0)
        self.empty_label.setText(self.tr("No message matches this filter.") if filtered else self.tr(
            "No messages yet. Send one from the Leads screen (select leads, then Send SMS…) or with New message…"))
        rows = self.model.rows_of(self._keep) if self._keep else []
        self._keep = []
        selection = self.table.selectionModel()
        for row in rows:
            selection.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        if self._scroll is not None:  # an automatic refresh must not jump back to the top
            self.table.verticalScrollBar().setValue(self._scroll)
            self._scroll = None
        else:
            self.table.scrollToTop()  # another filter: its first rows
        self._selection_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once or not self.model.busy:
            self.refresh()  # messages were queued or sent elsewhere meanwhile
        self._auto.start()

    def hideEvent(self, event: Any) -> None:
        self._auto.stop()
        super().hideEvent(event)

    # --- selection and actions ---------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        return [i for i in (self.model.message_id(r) for r in self.selected_rows()) if i is not None]

    def _selected_states(self) -> set[str | None]:
        return {self.model.index(row, 0).data(StateRole) for row in self.selected_rows()}

    def _selection_changed(self) -> None:
        rows = self.selected_rows()
        current = self.table.currentIndex()
        row = current.row() if current.isValid() and current.row() in rows else (rows[0] if rows else -1)
        self.detail.show_row(self.model.row_data(row) if row >= 0 else None)
        self._update_actions()

    def _update_actions(self) -> None:
        states = self._selected_states() if self.table.selectionModel() else set()
        unknown = None in states  # rows not loaded yet: the outbox checks the state itself
        self.retry_button.setEnabled(bool(states) and (unknown or bool(states & set(RETRYABLE_STATES))))
        self.cancel_button.setEnabled(bool(states) and (unknown or bool(states & set(CANCELABLE_STATES))))
        lead = self._current_lead()
        self.open_button.setEnabled(lead is not None)

    def _current_lead(self) -> int | None:
        rows = self.selected_rows()
        data = self.model.row_data(rows[0]) if len(rows) == 1 else None
        return data.lead_id if data is not None else None

    def open_lead(self) -> None:
        lead_id = self._current_lead()
        if lead_id is not None:
            self.lead_activated.emit(lead_id)

    def retry_selected(self) -> None:
        ids = [self.model.message_id(r) for r in self.selected_rows()
               if self.model.index(r, 0).data(StateRole) in (*RETRYABLE_STATES, None)]
        ids = [i for i in ids if i is not None]
        if not ids:
            return
        self.retry_button.setEnabled(False)  # a second click waits for the answer (the outbox refuses twice anyway)
        (self.runner.task(retry_messages, self.ctx, ids).on_success(alive(self, self._retried))
         .on_failure(alive(self, self._action_failed)).start())

    def _retried(self, report: EnqueueReport) -> None:
        text = self.tr("%n message(s) queued again; they are sent in the background.", "", report.recipients)
        if report.skipped:
            reasons = ", ".join(f"{skip_reason_label(reason)} ({n})" for reason, n in sorted(report.skipped.items()))
            text += " " + self.tr("Not sent again: {reasons}.").format(reasons=reasons)
        notify(self, text, "info" if report.recipients else "warning")
        self.refresh()
        self.messages_changed.emit()

    def cancel_selected(self) -> None:
        ids = [self.model.message_id(r) for r in self.selected_rows()
               if self.model.index(r, 0).data(StateRole) in (*CANCELABLE_STATES, None)]
        ids = [i for i in ids if i is not None]
        if not ids:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Cancel messages"),
                          self.tr("Cancel %n message(s)? They will not be sent.", "", len(ids)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._cancel(ids))
        box.finished.connect(lambda _r: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()

    def _cancel(self, ids: list[int]) -> None:
        self.cancel_button.setEnabled(False)
        (self.runner.task(cancel_messages, self.ctx, ids).on_success(alive(self, self._canceled))
         .on_failure(alive(self, self._action_failed)).start())

    def _canceled(self, count: int) -> None:
        notify(self, self.tr("%n message(s) canceled.", "", count))
        self.messages_changed.emit()
        self.refresh()

    def _action_failed(self, exc: BaseException) -> None:
        self._update_actions()
        report_error(self, exc)

    def compose(self) -> None:
        from app.ui.messaging.compose import Audience, ComposeDialog

        everyone = Audience(self.tr("Every lead"), query=LeadQuery(order_by="id"))
        dialog = ComposeDialog(self.ctx, self.runner, [everyone], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.queued.connect(lambda _report: self.refresh())
        dialog.open()

    def copy_text(self) -> None:
        rows = [self.model.row_data(r) for r in self.selected_rows()]
        QGuiApplication.clipboard().setText("\n\n".join(r.body for r in rows if r is not None))

    def _row_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(icons.icon("refresh"), self.tr("Send again"), self.retry_selected).setEnabled(
            self.retry_button.isEnabled())
        menu.addAction(icons.icon("close"), self.tr("Cancel sending…"), self.cancel_selected).setEnabled(
            self.cancel_button.isEnabled())
        menu.addSeparator()
        menu.addAction(icons.icon("user"), self.tr("Open lead"), self.open_lead).setEnabled(self.open_button.isEnabled())
        menu.addAction(self.tr("Copy text"), self.copy_text)
        menu.exec(self.table.viewport().mapToGlobal(pos))


if __name__ == "__main__":  # pragma: no cover - the screen alone on a demo workspace
    from app.ui.preview import preview

    preview(MessagesView, size=(1400, 820))
