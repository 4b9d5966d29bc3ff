"""One lead: its fields, consent status, stage selector and interaction timeline.

The timeline is its own list model (newest first, one card per interaction). Adding, editing and
deleting interactions go through the db lane; a delete is offered for undo. The audit trail
opens in a small dialog. Run alone: `python -m app.ui.leads.detail`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QTextLayout
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ConflictError
from app.services.leads.interactions import InteractionRecord
from app.services.leads.leads import LeadRecord, audit
from app.services.leads.normalize import format_phone
from app.ui import icons
from app.ui.errors import alive, notify, offer_undo, report_error
from app.ui.formatting import format_date, format_datetime, format_duration, format_money
from app.ui.i18n import interaction_kind_label, stage_label
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import KIND_COLORS, score_text, stage_color

logger = logging.getLogger(__name__)

RecordRole = Qt.ItemDataRole.UserRole + 1
NOTE_LINES = 3


# --- the timeline model and its cards ---------------------------------------------------------------

class TimelineModel(QAbstractListModel):
    """A lead's interactions, newest first (as the service returns them)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.records: list[InteractionRecord] = []

    def set_records(self, records: list[InteractionRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, row: int) -> InteractionRecord:
        return self.records[row]

    def row_of(self, interaction_id: int) -> int | None:
        return next((i for i, r in enumerate(self.records) if r.id == interaction_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.summary(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.notes or None
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.badge(record.kind if record.kind in KIND_COLORS else "note", KIND_COLORS.get(record.kind, "#64748b"))
        if role == RecordRole:
            return record
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None

    @staticmethod
    def summary(record: InteractionRecord) -> str:
        parts = [interaction_kind_label(record.kind), format_datetime(record.occurred_at)]
        if record.duration_s:
            parts.append(format_duration(record.duration_s))
        if record.outcome:
            parts.append(record.outcome)
        return " · ".join(parts)


def wrap(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """The first `max_lines` lines of `text` wrapped at `width`, the last elided if more follow."""
    text = text.replace("\r\n", "\n").replace("\n", "\u2028")
    layout = QTextLayout(text, font)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while len(spans) <= max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start:start + length].replace("\u2028", " ").strip() for start, length in spans[:max_lines]]
    if len(spans) > max_lines and lines:
        rest = text[spans[max_lines - 1][0]:].replace("\u2028", " ")
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines


class TimelineDelegate(QStyledItemDelegate):
    """A card: kind badge, kind and outcome, when and how long, up to three lines of notes, author."""

    PAD = 10
    BADGE = 28

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _text_width(self) -> int:
        return max(120, self.view.viewport().width() - self.BADGE - 3 * self.PAD - 4)

    def _notes(self, record: InteractionRecord, font: QFont) -> list[str]:
        return wrap(record.notes, font, self._text_width(), NOTE_LINES) if record.notes else []

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        record: InteractionRecord = index.data(RecordRole)
        line = QFontMetrics(option.font).lineSpacing()
        lines = 2 + len(self._notes(record, option.font)) if record else 2
        return QSize(self._text_width(), max(self.BADGE, lines * line) + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        record: InteractionRecord | None = index.data(RecordRole)
        if record is None:
            return
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#e8effd") if selected else QColor("#ffffff"))
        painter.setPen(QColor("#eceff3"))
        painter.drawLine(rect.left() + self.PAD, rect.bottom(), rect.right() - self.PAD, rect.bottom())
        painter.drawPixmap(rect.left() + self.PAD, rect.top() + self.PAD, index.data(Qt.ItemDataRole.DecorationRole))
        x = rect.left() + self.BADGE + 2 * self.PAD
        width = rect.right() - x - self.PAD
        line = QFontMetrics(option.font).lineSpacing()
        y = rect.top() + self.PAD
        bold = QFont(option.font)
        bold.setBold(True)
        title = interaction_kind_label(record.kind) + (f" · {record.outcome}" if record.outcome else "")
        when = format_datetime(record.occurred_at) + (f" · {format_duration(record.duration_s)}" if record.duration_s else "")
        when_width = QFontMetrics(option.font).horizontalAdvance(when)
        painter.setFont(bold)
        painter.setPen(QColor("#111827"))
        title_rect = QRect(x, y, max(40, width - when_width - 12), line)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
        painter.setFont(option.font)
        painter.setPen(QColor("#6b7280"))
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        y += line
        painter.setPen(QColor("#374151"))
        for text in self._notes(record, option.font):
            painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            y += line
        painter.setPen(QColor("#9ca3af"))
        author = record.author or QCoreApplication.translate("LeadDetail", "unknown")
        painter.drawText(QRect(x, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QCoreApplication.translate("LeadDetail", "by {author}").format(author=author))
        painter.restore()


class TimelineView(QListView):
    """Enter edits, Del deletes (through the panel); cards re-wrap when the panel is resized."""

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Timeline")
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setItemDelegate(TimelineDelegate(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.doubleClicked.connect(lambda _i: self.edit_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_requested.emit()
            return
        super().keyPressEvent(event)


# --- loading ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LeadBundle:
    record: LeadRecord
    timeline: list[InteractionRecord]
    stages: list[tuple[str, str]]


def load_lead(ctx: AppContext, lead_id: int) -> LeadBundle:
    return LeadBundle(ctx.leads.get(lead_id), ctx.interactions.timeline(lead_id), ctx.leads.stages())


def consent_text(record: LeadRecord) -> tuple[str, str]:
    """(text, colour) for the SMS status: opt-out wins over consent (LGPD)."""
    if record.sms_opt_out:
        return QCoreApplication.translate("LeadDetail", "Opted out of SMS: do not message"), "#b91c1c"
    if record.sms_consent:
        since = format_date(record.sms_consent_at) if record.sms_consent_at else ""
        source = f" ({record.sms_consent_source})" if record.sms_consent_source else ""
        text = QCoreApplication.translate("LeadDetail", "SMS consent given {date}{source}")
        return text.format(date=since, source=source).strip(), "#15803d"
    return QCoreApplication.translate("LeadDetail", "No SMS consent on record"), "#b45309"


def address_text(record: LeadRecord) -> str:
    city = " – ".join(p for p in (record.city, record.state) if p)
    return "\n".join(p for p in (record.address, ", ".join(p for p in (city, record.postal_code, record.country) if p)) if p)


# --- the panel -----------------------------------------------------------------------------------

class LeadDetail(QFrame):
    """The lead on the right of the list; `show_lead(id)` loads it in the background."""

    changed = Signal(int)  # the lead (or its timeline) was written
    closed = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailPanel")
        self.ctx = ctx
        self.runner = runner
        self.lead_id: int | None = None
        self.record: LeadRecord | None = None
        self._generation = 0
        self.timeline = TimelineModel(self)
        self._build()

    def _build(self) -> None:
        self.name_label = QLabel()
        self.name_label.setObjectName("LeadName")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("Muted")
        self.subtitle.setWordWrap(True)
        self.edit_button = self._tool("edit", self.tr("Edit lead (F2)"), lambda: self.edit_lead(self.lead_id, self))
        self.history_button = self._tool("history", self.tr("History of changes"), self.show_history)
        self.sms_button = self._tool("sms_out", self.tr("Send an SMS to this lead"), self.send_sms)
        self.sms_button.setText(self.tr("Send SMS"))
        self.sms_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        close = self._tool("close", self.tr("Close (Esc)"), self.closed.emit)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.name_label)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        for button in (self.sms_button, self.edit_button, self.history_button, close):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("StageCombo")
        self.stage_combo.setToolTip(self.tr("Move this lead to another stage"))
        self.stage_combo.activated.connect(self._stage_chosen)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Stage"), self.stage_combo)
        for key, label in (("phone", self.tr("Phone")), ("sms", self.tr("SMS")), ("email", self.tr("E-mail")),
                           ("owner", self.tr("Owner")), ("source", self.tr("Source")), ("tags", self.tr("Tags")),
                           ("value", self.tr("Value")), ("score", self.tr("Score")), ("address", self.tr("Address"))):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)

        self.timeline_view = TimelineView()
        self.timeline_view.setModel(self.timeline)
        self.timeline_view.edit_requested.connect(self.edit_selected_interaction)
        self.timeline_view.customContextMenuRequested.connect(self._timeline_menu)
        self.add_button = QPushButton(icons.icon("add"), self.tr("Log interaction"))
        self.add_button.setToolTip(self.tr("Log a call, meeting, visit or note (Ctrl+L)"))
        self.add_button.setShortcut("Ctrl+L")
        self.add_button.clicked.connect(lambda: self.add_interaction(self.lead_id, self))
        self.timeline_title = QLabel(self.tr("Timeline"))
        self.timeline_title.setObjectName("SectionTitle")
        timeline_bar = QHBoxLayout()
        timeline_bar.addWidget(self.timeline_title)
        timeline_bar.addStretch(1)
        timeline_bar.addWidget(self.add_button)
        self.empty_label = QLabel(self.tr("No interactions yet. Log the first call, visit or note."))
        self.empty_label.setObjectName("Muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        from app.ui.leads.recommendations import RecommendationsPanel  # the ML panel: next action, products

        self.recommendations = RecommendationsPanel(self.ctx, self.runner)
        # The fields and the recommendations scroll above the timeline, and a splitter shares the
        # height between them: the panel fits a 768-pixel-high laptop screen whatever the lead has.
        facts = QWidget()
        facts.setObjectName("LeadFacts")
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(0, 0, 4, 0)
        facts_layout.setSpacing(10)
        facts_layout.addLayout(form)
        facts_layout.addWidget(self.recommendations)
        facts_layout.addStretch(1)
        self.facts_scroll = QScrollArea()
        self.facts_scroll.setObjectName("LeadFactsScroll")
        self.facts_scroll.setWidgetResizable(True)
        self.facts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.facts_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts_scroll.setWidget(facts)
        self.facts_scroll.setStyleSheet("#LeadFactsScroll, #LeadFactsScroll > QWidget, #LeadFacts { background: transparent; }")
        from app.ui.messaging.sms_thread import SmsPanel  # the SMS conversation and the sequences: tabs beside the timeline

        self.sms_panel = SmsPanel(self.ctx, self.runner, self)
        self.sms_panel.changed.connect(self.changed.emit)
        self.body_splitter = QSplitter(Qt.Orientation.Vertical)
        self.body_splitter.setChildrenCollapsible(False)
        self.body_splitter.addWidget(self.facts_scroll)
        self.body_splitter.addWidget(self.sms_panel.tabs_with(timeline_bar, self.empty_label, self.timeline_view))
        self.body_splitter.setStretchFactor(0, 3)
        self.body_splitter.setStretchFactor(1, 2)
        layout.addWidget(self.body_splitter, 1)
        self.setMinimumWidth(360)

    def _tool(self, icon: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icons.icon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        if event.key() == Qt.Key.Key_F2 and self.lead_id is not None:
            self.edit_lead(self.lead_id, self)
            return
        super().keyPressEvent(event)

    # --- loading and showing --------------------------------------------------------------------

    def show_lead(self, lead_id: int) -> None:
        self._generation += 1
        generation = self._generation
        self.lead_id = lead_id
        (self.runner.task(load_lead, self.ctx, lead_id)
         .on_success(alive(self, lambda bundle: self._loaded(generation, bundle)))
         .on_failure(alive(self, lambda exc: self._failed(generation, exc)))
         .start())
        self.recommendations.show_lead(lead_id)
        self.sms_panel.show_lead(lead_id)

    def clear(self) -> None:
        self._generation += 1
        self.lead_id = None
        self.record = None
        self.timeline.set_records([])
        self.recommendations.clear()
        self.sms_panel.clear()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            report_error(self, exc)

    def _loaded(self, generation: int, bundle: LeadBundle) -> None:
        if generation != self._generation:
            return
        self.record = record = bundle.record
        self.name_label.setText(record.name)
        kind = self.tr("Customer") if record.kind == "customer" else self.tr("Lead")
        self.subtitle.setText(" · ".join(p for p in (record.job_title, record.company, kind) if p))
        self._fill_stages(bundle.stages, record.stage)
        self._fill_fields(record)
        self.timeline.set_records(bundle.timeline)
        self.timeline_title.setText(self.tr("Timeline (%n)", "", len(bundle.timeline)))
        self.empty_label.setVisible(not bundle.timeline)

    def _fill_stages(self, stages: list[tuple[str, str]], current: str) -> None:
        self.stage_combo.clear()
        for key, name in stages:
            self.stage_combo.addItem(icons.dot(stage_color(key)), stage_label(key, name), key)
        self.stage_combo.setCurrentIndex(max(0, self.stage_combo.findData(current)))

    def _fill_fields(self, record: LeadRecord) -> None:
        phone = format_phone(record.phone) or "—"
        if record.phone_status:
            status = {
                "invalid": self.tr("invalid number"),
                "not_mobile": self.tr("not a mobile"),
                "unreachable": self.tr("unreachable"),
                "country_not_enabled": self.tr("country not enabled in Twilio"),
                "filtered": self.tr("filtered by the carrier"),
            }.get(record.phone_status, record.phone_status)
            phone += "  " + self.tr("(marked {status})").format(status=status)
        consent, color = consent_text(record)
        self.fields["phone"].setText(phone)
        self.fields["sms"].setText(consent)
        self.fields["sms"].setStyleSheet(f"color: {color}; font-weight: 600;")
        self.fields["email"].setText(record.email or "—")
        self.fields["owner"].setText(record.owner or self.tr("nobody"))
        self.fields["source"].setText(record.source or "—")
        self.fields["tags"].setText(", ".join(record.tags) or "—")
        self.fields["value"].setText(format_money(record.value) if record.value is not None else "—")
        self.fields["score"].setText(score_text(record.score) or "—")
        self.fields["address"].setText(address_text(record) or "—")

    # --- stage ------------------------------------------------------------------------------------

    def _stage_chosen(self, index: int) -> None:
        record = self.record
        key = self.stage_combo.itemData(index)
        if record is None or key == record.stage:
            return
        (self.runner.task(self.ctx.leads.set_stage, record.id, key, expected_version=record.version)
         .on_success(alive(self, self._stage_saved))
         .on_failure(alive(self, self._stage_failed))
         .start())

    def _stage_saved(self, record: LeadRecord) -> None:
        notify(self, self.tr("{name} moved to {stage}.").format(name=record.name, stage=stage_label(record.stage)))
        self.changed.emit(record.id)
        if record.id == self.lead_id:
            self.show_lead(record.id)

    def _stage_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError) and self.lead_id is not None:
            notify(self, self.tr("Someone else changed this lead meanwhile; it has been reloaded. "
                                 "Choose the stage again if it is still right."), "warning")
            self.show_lead(self.lead_id)
            return
        report_error(self, exc)
        if self.record is not None:
            self._fill_stages([(self.stage_combo.itemData(i), self.stage_combo.itemText(i))
                               for i in range(self.stage_combo.count())], self.record.stage)

    # --- lead edit and history -------------------------------------------------------------------

    def edit_lead(self, lead_id: int | None, parent: QWidget) -> None:
        if lead_id is None:
            return
        from app.ui.leads.dialog import LeadDialog

        dialog = LeadDialog(self.ctx, self.runner, lead_id, parent)
        dialog.saved.connect(self._lead_saved)
        dialog.open()

    def _lead_saved(self, record: LeadRecord) -> None:
        notify(self, self.tr("Lead “{name}” saved.").format(name=record.name))
        self.changed.emit(record.id)
        if record.id == self.lead_id:
            self.show_lead(record.id)

    def send_sms(self) -> Any:
        """The compose dialog for this lead."""
        if self.lead_id is None:
            return None
        from app.ui.messaging.compose import Audience, ComposeDialog

        name = self.record.name if self.record is not None else self.name_label.text()
        dialog = ComposeDialog(self.ctx, self.runner, [Audience(name, lead_ids=(self.lead_id,))], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_history(self) -> None:
        if self.lead_id is not None:
            AuditDialog(self.ctx, self.runner, "lead", self.lead_id, self).open()

    # --- interactions ------------------------------------------------------------------------------

    def timeline_has_focus(self) -> bool:
        return self.timeline_view.hasFocus()

    def selected_interaction(self) -> InteractionRecord | None:
        index = self.timeline_view.currentIndex()
        return self.timeline.record(index.row()) if index.isValid() else None

    def add_interaction(self, lead_id: int | None, parent: QWidget) -> None:
        if lead_id is None:
            return
        from app.ui.leads.interaction_dialog import InteractionDialog

        dialog = InteractionDialog(self.ctx, self.runner, lead_id, None, parent)
        dialog.saved.connect(self._interaction_saved)
        dialog.open()

    def edit_selected_interaction(self) -> None:
        record = self.selected_interaction()
        if record is None:
            return
        from app.ui.leads.interaction_dialog import InteractionDialog

        dialog = InteractionDialog(self.ctx, self.runner, record.lead_id, record, self)
        dialog.saved.connect(self._interaction_saved)
        dialog.open()

    def _interaction_saved(self, record: InteractionRecord) -> None:
        self.changed.emit(record.lead_id)
        if record.lead_id == self.lead_id:
            self.show_lead(record.lead_id)

    def delete_selected_interaction(self) -> None:
        record = self.selected_interaction()
        if record is None:
            return
        (self.runner.task(self.ctx.interactions.delete, record.id)
         .on_success(alive(self, lambda _r: self._interaction_deleted(record)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _interaction_deleted(self, record: InteractionRecord) -> None:
        text = self.tr("{kind} of {when} deleted.").format(kind=interaction_kind_label(record.kind),
                                                            when=format_datetime(record.occurred_at))
        offer_undo(self, text, alive(self, lambda: self.restore_interaction(record)))
        self._interaction_saved(record)

    def restore_interaction(self, record: InteractionRecord) -> None:
        (self.runner.task(self.ctx.interactions.restore, record.id)
         .on_success(alive(self, lambda _r: self._interaction_saved(record)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _timeline_menu(self, pos: Any) -> None:
        if not self.timeline_view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(icons.icon("edit"), self.tr("Edit…"), self.edit_selected_interaction)
        menu.addAction(icons.icon("delete"), self.tr("Delete"), self.delete_selected_interaction)
        menu.exec(self.timeline_view.viewport().mapToGlobal(pos))


# --- the audit trail -----------------------------------------------------------------------------

def change_text(changes: dict[str, Any]) -> str:
    parts = []
    for field, pair in changes.items():
        old, new = ([*list(pair), None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
        parts.append(f"{field}: {_plain(old)} → {_plain(new)}")
    return "; ".join(parts)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return str(value)


class AuditDialog(QDialog):
    """Who changed what and when, oldest first."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, entity: str, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of changes"))
        self.resize(760, 420)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Changes")])
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 90)
        self.tree.setColumnWidth(2, 80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.loaded = False
        (runner.task(audit.history, ctx.db, entity, entity_id)
         .on_success(alive(self, self._show))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _show(self, lines: list[audit.AuditLine]) -> None:
        actions = {"create": self.tr("created"), "update": self.tr("changed"), "delete": self.tr("deleted"),
                   "restore": self.tr("restored")}
        for line in lines:
            item = QTreeWidgetItem([format_datetime(line.at), line.user or "—", actions.get(line.action, line.action),
                                    change_text(line.changes)])
            item.setToolTip(3, change_text(line.changes).replace("; ", "\n"))
            self.tree.addTopLevelItem(item)
        self.loaded = True


if __name__ == "__main__":
    from app.ui.preview import preview

    def _detail(ctx: AppContext, runner: TaskRunner) -> LeadDetail:
        from app.services.leads.search import LeadQuery, lead_ids

        detail = LeadDetail(ctx, runner)
        ids = lead_ids(ctx.db, LeadQuery(order_by="last_interaction_at", descending=True, limit=1))
        if ids:
            detail.show_lead(ids[0])
        return detail

    preview(_detail, size=(520, 760))
