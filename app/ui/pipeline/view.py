"""The pipeline board: one column per stage, cards moved between stages by drag and drop.

Each column shows its live leads' count and total value (one GROUP BY for all headers) and the
most recently updated cards (a LIMIT query per column, "Show more" pages on), so the board stays
fast with a million leads. Moving a card (drag and drop, Ctrl+Left/Right, or the context menu)
moves it at once and asks LeadService.set_stage with the card's version; if someone else changed
the lead meanwhile (ConflictError) or the move is refused, the card snaps back and the message
bar says why. All database work runs on the task runner's db lane.

Run alone on a demo workspace: python -m app.ui.pipeline.view
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ConflictError, KnownError
from app.services.leads import pipeline
from app.services.leads.pipeline import PipelineBoard, PipelineCard, StageColumn
from app.ui import icons
from app.ui.errors import describe, notify, report_error
from app.ui.formatting import format_money, format_number
from app.ui.i18n import stage_label
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import stage_color

logger = logging.getLogger(__name__)

MIME_TYPE = "application/x-aiconnect-lead"
CardRole = Qt.ItemDataRole.UserRole + 1
LeadIdRole = Qt.ItemDataRole.UserRole + 2
PendingRole = Qt.ItemDataRole.UserRole + 3
MUTED = "#6b7280"


def card_payload(card: PipelineCard) -> bytes:
    """What a dragged card carries: enough to call set_stage with optimistic concurrency."""
    return json.dumps({"id": card.id, "version": card.version, "stage": card.stage}).encode()


def parse_payload(mime: QMimeData) -> dict[str, Any] | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        data = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return {"id": int(data["id"]), "version": int(data["version"]), "stage": str(data["stage"])}
    except (ValueError, KeyError, TypeError):
        return None


def days_in_stage(card: PipelineCard, now: datetime | None = None) -> int | None:
    if card.stage_changed_at is None:
        return None
    return max(0, ((now or datetime.now(UTC)) - card.stage_changed_at).days)


class StageCardsModel(QAbstractListModel):
    """The cards loaded for one column; drag sources carry MIME_TYPE, drops are handled by the view."""

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.cards: list[PipelineCard] = []
        self.pending: set[int] = set()  # moved here, waiting for the database to confirm

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(card)
        if role == CardRole:
            return card
        if role == LeadIdRole:
            return card.id
        if role == PendingRole:
            return card.id in self.pending
        return None

    def describe(self, card: PipelineCard) -> str:
        parts = [card.name, card.company or "", format_money(card.value) if card.value is not None else "",
                 card.owner or ""]
        return " · ".join(p for p in parts if p)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cards[index.row()].id not in self.pending:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = [i.row() for i in indexes if i.isValid()]
        if rows:
            mime.setData(MIME_TYPE, card_payload(self.cards[rows[0]]))
            mime.setText(self.cards[rows[0]].name)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # --- changes from the board -----------------------------------------------------------------

    def set_cards(self, cards: list[PipelineCard]) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.pending.clear()
        self.endResetModel()

    def append_cards(self, cards: list[PipelineCard]) -> None:
        known = {c.id for c in self.cards}
        fresh = [c for c in cards if c.id not in known]
        if not fresh:
            return
        self.beginInsertRows(QModelIndex(), len(self.cards), len(self.cards) + len(fresh) - 1)
        self.cards.extend(fresh)
        self.endInsertRows()

    def row_of(self, lead_id: int) -> int:
        return next((row for row, card in enumerate(self.cards) if card.id == lead_id), -1)

    def take(self, lead_id: int) -> tuple[int, PipelineCard] | None:
        row = self.row_of(lead_id)
        if row < 0:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        card = self.cards.pop(row)
        self.pending.discard(lead_id)
        self.endRemoveRows()
        return row, card

    def insert(self, row: int, card: PipelineCard, *, pending: bool = False) -> None:
        row = max(0, min(row, len(self.cards)))
        self.beginInsertRows(QModelIndex(), row, row)
        self.cards.insert(row, card)
        if pending:
            self.pending.add(card.id)
        self.endInsertRows()


def board_money(value: float | None) -> str:
    """Whole currency units: cents are noise on a board."""
    return format_money(value, decimals=0) if value is not None else ""


class CardDelegate(QStyledItemDelegate):
    """Paints a card: name, company, value, then owner and days in the stage."""

    PAD = 8
    GAP = 6
    LINES = 4

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(150, self.PAD * 2 + self.GAP + line * self.LINES + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        card: PipelineCard | None = index.data(CardRole)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.data(PendingRole):
            painter.setOpacity(0.5)
        rect = QRect(option.rect).adjusted(1, 1, -3, -self.GAP + 1)
        self._frame(painter, option, rect, card)
        self._text(painter, option, rect.adjusted(self.PAD + 4, self.PAD - 2, -self.PAD, -self.PAD), card)
        painter.restore()

    def _frame(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: PipelineCard) -> None:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        path = QPainterPath()
        path.addRoundedRect(rect, 6, 6)
        border = palette.highlight().color() if selected else QColor("#9ca3af" if hovered else "#d1d5db")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.fillPath(path, QApplication.palette().base())  # the view's own base is transparent
        painter.drawPath(path)
        strip = QPainterPath()
        strip.addRoundedRect(rect.x() + 1, rect.y() + 1, 4, rect.height() - 2, 2, 2)
        painter.fillPath(strip, QColor(stage_color(card.stage)))

    def _text(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: PipelineCard) -> None:
        metrics = option.fontMetrics
        line = metrics.height()
        ink, muted = option.palette.text().color(), QColor(MUTED)
        bold = QFont(option.font)
        bold.setBold(True)
        rows = [QRect(rect.x(), rect.y() + i * (line + 1), rect.width(), line) for i in range(self.LINES)]
        self._line(painter, rows[0], card.name, bold, ink)
        self._line(painter, rows[1], card.company or "—", option.font, muted)
        self._line(painter, rows[2], board_money(card.value) or self.tr("No value"), bold if card.value else option.font,
                   ink if card.value else muted)
        days = days_in_stage(card)
        days_text = self.tr("%n d", "days in stage", days) if days is not None else ""
        days_width = metrics.horizontalAdvance(days_text) + 28 if days_text else 0
        owner_rect = rows[3].adjusted(0, 0, -days_width, 0)
        self._icon_line(painter, owner_rect, "user", card.owner or self.tr("No owner"), option.font, muted)
        if days_text:
            self._icon_line(painter, QRect(rows[3].right() - days_width + 6, rows[3].y(), days_width - 6, line),
                            "history", days_text, option.font, muted)

    @staticmethod
    def _line(painter: QPainter, rect: QRect, text: str, font: QFont, color: QColor) -> None:
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))

    def _icon_line(self, painter: QPainter, rect: QRect, glyph: str, text: str, font: QFont, color: QColor) -> None:
        size = min(12, rect.height())
        painter.drawPixmap(rect.x(), rect.y() + (rect.height() - size) // 2, icons.pixmap(glyph, size, MUTED))
        self._line(painter, rect.adjusted(size + 4, 0, 0, 0), text, font, color)


class CardListView(QListView):
    """One column's cards: a drag source and a drop target for cards from other columns."""

    dropped = Signal(dict)  # the parsed payload
    step_requested = Signal(int, int)  # lead id, -1 (previous stage) or +1 (next stage)
    open_requested = Signal(int)
    menu_requested = Signal(int, QPoint)  # lead id, global position

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(CardDelegate(self))
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_MacShowFocusRect, False)
        self.doubleClicked.connect(self._open_index)
        self.placeholder = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(MUTED))
            painter.drawText(self.viewport().rect().adjusted(8, 24, -8, -8),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self.placeholder)
            painter.end()

    def _accepts(self, mime: QMimeData) -> bool:
        payload = parse_payload(mime)
        return payload is not None and payload["stage"] != self.stage

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        payload = parse_payload(event.mimeData())
        if payload is None or payload["stage"] == self.stage:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.dropped.emit(payload)

    def current_lead(self) -> int | None:
        index = self.currentIndex()
        return index.data(LeadIdRole) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        lead_id = self.current_lead()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if lead_id is not None and ctrl and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_requested.emit(lead_id, -1 if event.key() == Qt.Key.Key_Left else 1)
            return
        if lead_id is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(lead_id)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos()) if event.reason() == QContextMenuEvent.Reason.Mouse else self.currentIndex()
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        self.menu_requested.emit(index.data(LeadIdRole), event.globalPos())

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(LeadIdRole))


class StageColumnWidget(QFrame):
    """Header (stage, count, total value), the cards, and "Show more"."""

    more_requested = Signal(str)

    def __init__(self, stage: str, parent: QWidget | None = None, page_size: int = pipeline.CARDS_PER_PAGE) -> None:
        super().__init__(parent)
        self.setObjectName("PipelineColumn")
        self.stage = stage
        self.page_size = page_size
        self.column: StageColumn | None = None
        self.model = StageCardsModel(stage, self)
        self.view = CardListView(stage, self)
        self.view.setModel(self.model)
        self.title = QLabel()
        self.title.setObjectName("PipelineColumnTitle")
        self.count = QLabel()
        self.count.setObjectName("PipelineColumnCount")
        self.summary = QLabel()
        self.summary.setObjectName("PipelineColumnSummary")
        self.more = QPushButton()
        self.more.setFlat(True)
        self.more.clicked.connect(lambda: self.more_requested.emit(self.stage))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 8)
        layout.setSpacing(4)
        # The stage name gets the whole width (Portuguese names are long); count and value share a line.
        layout.addWidget(self.title)
        figures = QHBoxLayout()
        figures.addWidget(self.summary, 1)
        figures.addWidget(self.count)
        layout.addLayout(figures)
        layout.addSpacing(4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.more)
        self.setMinimumWidth(150)
        self.retranslate()

    def set_column(self, column: StageColumn) -> None:
        self.column = column
        self.retranslate()

    def retranslate(self) -> None:
        column = self.column
        name = stage_label(self.stage, column.name if column else None)
        self.title.setText(f'<span style="color:{stage_color(self.stage)}">●</span>&nbsp;<b>{name}</b>')
        count = column.count if column else None
        self.count.setText(format_number(count) if count is not None else "…")
        self.count.setToolTip(self.tr("%n lead(s)", "", count) if count is not None else self.tr("Counting…"))
        self.summary.setText(board_money(column.total_value) if column and count else "—" if count == 0 else "…")
        self.summary.setToolTip(self.tr("Total expected value of the leads in this stage"))
        self.view.setAccessibleName(self.tr("%1 column").replace("%1", name))
        self.view.placeholder = self.tr("No leads in this stage.\nDrop a card here to move it.")
        self.update_more()

    def update_more(self) -> None:
        count = self.column.count if self.column else None
        loaded = len(self.model.cards)
        if count is None:  # not counted yet: a full page suggests there is more
            self.more.setVisible(loaded > 0 and loaded % self.page_size == 0)
            self.more.setText(self.tr("Show more"))
        else:
            self.more.setVisible(loaded < count)
            self.more.setText(self.tr("Show more"))
            self.more.setToolTip(self.tr("Show more (%1 of %2)").replace("%1", format_number(loaded))
                                 .replace("%2", format_number(count)))
        self.view.viewport().update()

    def adjust(self, count: int, value: float) -> None:
        """Add to the header's count and total at once (a card moved in or out); a recount follows."""
        if self.column is not None and self.column.count is not None:
            self.set_column(replace(self.column, count=max(0, self.column.count + count),
                                    total_value=(self.column.total_value or 0.0) + value))


@dataclass
class _Move:
    lead_id: int
    from_stage: str
    to_stage: str
    row: int
    card: PipelineCard


class PipelineView(QWidget):
    """The Kanban board. It refreshes after edits elsewhere (app/ui/screens.py follows the change hub)."""

    lead_activated = Signal(int)
    leads_changed = Signal()  # a card was moved to another stage

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None, *,
                 per_stage: int = pipeline.CARDS_PER_PAGE) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.per_stage = per_stage
        self.columns: dict[str, StageColumnWidget] = {}
        self.loading = False
        self._generation = 0
        self._counted_for: tuple[int, ...] | None = None  # the owner filter the headers were counted for
        self._owners: list[tuple[int, str]] = []
        self.owner_filter = QComboBox()
        self.owner_filter.setMinimumWidth(200)
        self.owner_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.owner_label = QLabel()
        self.owner_label.setBuddy(self.owner_filter)
        self.refresh_button = QToolButton()
        self.refresh_button.setIcon(icons.icon("refresh"))
        self.refresh_button.setAutoRaise(True)
        self.refresh_button.clicked.connect(self.refresh)
        self.hint = QLabel()
        self.hint.setObjectName("PipelineHint")
        self.totals = QLabel()
        self.totals.setObjectName("PipelineTotals")
        self._build()
        self.retranslate()

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 4)
        bar.addWidget(self.owner_label)
        bar.addWidget(self.owner_filter)
        bar.addWidget(self.refresh_button)
        bar.addSpacing(16)
        bar.addWidget(self.totals)
        bar.addStretch(1)
        bar.addWidget(self.hint)
        # Neither label may set the window's minimum width: the hint gives way first, the totals wrap.
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.totals.setWordWrap(True)
        self.board = QWidget()
        self.board.setObjectName("PipelineBoard")
        self.board_layout = QHBoxLayout(self.board)
        self.board_layout.setContentsMargins(12, 4, 12, 12)
        self.board_layout.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.board)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.setStyleSheet(
            "#PipelineColumnTitle { font-size: 11pt; }"
            "#PipelineColumn { background: palette(window); border: 1px solid palette(midlight); border-radius: 8px; }"
            "#PipelineBoard { background: palette(base); }"
            f"#PipelineColumnSummary, #PipelineHint {{ color: {MUTED}; }}"
            "#PipelineColumnCount { background: #e5e7eb; color: #374151; border-radius: 8px; padding: 0 6px; }"
            "#PipelineColumn QListView { background: transparent; }"
            "#PipelineColumn QScrollBar:vertical { width: 8px; background: transparent; margin: 0; }"
            "#PipelineColumn QScrollBar::handle:vertical { background: #c4c8cf; border-radius: 4px; min-height: 24px; }"
            "#PipelineColumn QScrollBar::add-line:vertical, #PipelineColumn QScrollBar::sub-line:vertical { height: 0; }"
            "#PipelineColumn QScrollBar::add-page:vertical, #PipelineColumn QScrollBar::sub-page:vertical { background: none; }"
        )

    def retranslate(self) -> None:
        self.owner_label.setText(self.tr("&Owner:"))
        self.refresh_button.setToolTip(self.tr("Reload the board"))
        self.hint.setText(self.tr("Drag cards between stages · Ctrl+←/→ moves the selected card · double-click opens it"))
        self._fill_owner_filter()
        for column in self.columns.values():
            column.retranslate()
        self._update_totals()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_owner_filter(self) -> None:
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem(self.tr("All owners"), ("all", None))
        self.owner_filter.addItem(self.tr("My leads"), ("user", self.ctx.user.id))
        if self._owners:
            self.owner_filter.insertSeparator(2)
        for user_id, username in self._owners:
            self.owner_filter.addItem(username, ("user", user_id))
        found = self.owner_filter.findData(current) if current is not None else 0
        self.owner_filter.setCurrentIndex(max(0, found))
        self.owner_filter.blockSignals(False)

    def owner_ids(self) -> tuple[int, ...]:
        data = self.owner_filter.currentData()
        return (data[1],) if data and data[0] == "user" else ()

    def set_owner_filter(self, user_id: int | None) -> None:
        """Show only this owner's leads (None: everyone's)."""
        index = self.owner_filter.findData(("user", user_id) if user_id is not None else ("all", None))
        self.owner_filter.setCurrentIndex(max(0, index))

    # --- loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._generation == 0:  # shown before anyone asked for data
            self.refresh()

    def refresh(self) -> None:
        """Reload the columns' cards (fast), then count every column (one pass over the leads)."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        owner_ids = self.owner_ids()
        self.runner.task(self.ctx.leads.owners).on_success(self._owners_loaded).on_failure(self._failed).start()
        per_stage = max([self.per_stage, *(len(col.model.cards) for col in self.columns.values())])
        self.runner.task(pipeline.load_board, self.ctx.db, owner_ids, per_stage, counts=False) \
            .on_success(lambda board: self._board_loaded(board, generation, owner_ids)) \
            .on_failure(self._failed).start()
        self._recount()

    def _recount(self) -> None:
        generation, owner_ids = self._generation, self.owner_ids()
        self.runner.task(pipeline.stage_columns, self.ctx.db, owner_ids) \
            .on_success(lambda columns: self._counted(columns, generation, owner_ids)) \
            .on_failure(self._failed).start()

    def _owners_loaded(self, owners: list[tuple[int, str]]) -> None:
        if shiboken6.isValid(self) and owners != self._owners:
            self._owners = owners
            self._fill_owner_filter()

    def _board_loaded(self, board: PipelineBoard, generation: int, owner_ids: tuple[int, ...]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # a newer refresh is on its way
        self._ensure_columns(board.columns)
        same_filter = owner_ids == self._counted_for
        for column in board.columns:
            widget = self.columns[column.key]
            widget.model.set_cards(board.cards.get(column.key, []))
            widget.set_column(widget.column if same_filter and widget.column is not None else column)
        self._update_totals()

    def _counted(self, columns: list[StageColumn], generation: int, owner_ids: tuple[int, ...]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self._counted_for = owner_ids
        self._ensure_columns(columns)
        for column in columns:
            self.columns[column.key].set_column(column)
        self._update_totals()

    def _ensure_columns(self, columns: list[StageColumn]) -> None:
        keys = [c.key for c in columns]
        if keys == list(self.columns):
            return
        for widget in self.columns.values():
            widget.setParent(None)
            widget.deleteLater()
        self.columns = {}
        for key in keys:
            widget = StageColumnWidget(key, self.board, self.per_stage)
            widget.more_requested.connect(self.show_more)
            widget.view.dropped.connect(lambda payload, to=key: self.move_card(payload["id"], to, payload["version"]))
            widget.view.step_requested.connect(self._step)
            widget.view.open_requested.connect(self.lead_activated)
            widget.view.menu_requested.connect(self._card_menu)
            self.board_layout.addWidget(widget, 1)
            widget.show()  # now, not on the layout's queued show: callers look at it right away
            self.columns[key] = widget

    def _update_totals(self) -> None:
        open_columns = [w.column for w in self.columns.values() if w.column and not (w.column.is_won or w.column.is_lost)]
        if not open_columns or any(c.count is None for c in open_columns):
            self.totals.setText("")
            return
        count = sum(c.count or 0 for c in open_columns)
        value = sum(c.total_value or 0.0 for c in open_columns)
        self.totals.setText(self.tr("Open pipeline: %n lead(s)", "", count) + f" · {board_money(value)}")

    def show_more(self, stage: str) -> None:
        widget = self.columns[stage]
        last = widget.model.cards[-1] if widget.model.cards else None
        generation = self._generation
        self.runner.task(pipeline.stage_cards, self.ctx.db, stage, self.owner_ids(), self.per_stage, last) \
            .on_success(lambda cards: self._more_loaded(stage, cards, generation)).on_failure(self._failed).start()

    def _more_loaded(self, stage: str, cards: list[PipelineCard], generation: int) -> None:
        if shiboken6.isValid(self) and generation == self._generation and stage in self.columns:
            self.columns[stage].model.append_cards(cards)
            self.columns[stage].update_more()

    # --- moving cards --------------------------------------------------------------------------

    def stage_keys(self) -> list[str]:
        return list(self.columns)

    def find_card(self, lead_id: int) -> tuple[str, int, PipelineCard] | None:
        for stage, widget in self.columns.items():
            row = widget.model.row_of(lead_id)
            if row >= 0:
                return stage, row, widget.model.cards[row]
        return None

    def move_card(self, lead_id: int, to_stage: str, expected_version: int | None = None) -> bool:
        """Move a card now and ask the database; it snaps back if the database says no."""
        found = self.find_card(lead_id)
        if found is None or to_stage not in self.columns or found[0] == to_stage:
            return False
        from_stage, row, card = found
        if lead_id in self.columns[from_stage].model.pending:
            return False  # still waiting for the previous move
        version = card.version if expected_version is None else expected_version
        self.columns[from_stage].model.take(lead_id)
        moved = replace(card, stage=to_stage, stage_changed_at=datetime.now(UTC))
        target = self.columns[to_stage]
        target.model.insert(0, moved, pending=True)
        target.view.setCurrentIndex(target.model.index(0))
        move = _Move(lead_id, from_stage, to_stage, row, card)
        self.runner.task(self.ctx.leads.set_stage, lead_id, to_stage, expected_version=version) \
            .on_success(lambda _record: self._moved(move)).on_failure(lambda exc: self._move_failed(move, exc)).start()
        return True

    def _moved(self, move: _Move) -> None:
        if not shiboken6.isValid(self):
            return
        logger.info("lead %s moved from %s to %s", move.lead_id, move.from_stage, move.to_stage)
        value = move.card.value or 0.0
        self.columns[move.from_stage].adjust(-1, -value)
        self.columns[move.to_stage].adjust(1, value)
        self._update_totals()
        self._reload_stages(move.from_stage, move.to_stage, select=move)
        self._recount()
        self.leads_changed.emit()

    def _move_failed(self, move: _Move, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._snap_back(move)
        if isinstance(exc, ConflictError):
            notify(self, self.tr("%1 was changed by someone else, so it stays in %2. The board now shows the latest "
                                 "version; try again.").replace("%1", move.card.name)
                   .replace("%2", stage_label(move.from_stage)), "warning")
        elif isinstance(exc, KnownError):
            notify(self, self.tr("%1 could not be moved: %2").replace("%1", move.card.name).replace("%2", describe(exc)),
                   "warning")
        else:
            report_error(self, exc)
        self._reload_stages(move.from_stage, move.to_stage)

    def _snap_back(self, move: _Move) -> None:
        target, source = self.columns.get(move.to_stage), self.columns.get(move.from_stage)
        if target is not None:
            target.model.take(move.lead_id)
            target.update_more()
        if source is not None and source.model.row_of(move.lead_id) < 0:
            source.model.insert(move.row, move.card)
            source.view.setCurrentIndex(source.model.index(min(move.row, source.model.rowCount() - 1)))

    def _reload_stages(self, *stages: str, select: _Move | None = None) -> None:
        """Fresh cards (and versions) for these columns, keeping as many as they show."""
        per_stage = max([self.per_stage, *(len(self.columns[s].model.cards) for s in stages if s in self.columns)])
        generation = self._generation
        self.runner.task(pipeline.reload_cards, self.ctx.db, stages, self.owner_ids(), per_stage) \
            .on_success(lambda cards: self._stages_reloaded(cards, generation, select)).on_failure(self._failed).start()

    def _stages_reloaded(self, cards: dict[str, list[PipelineCard]], generation: int, select: _Move | None) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        focused = self.focusWidget()
        for stage, stage_cards in cards.items():
            if stage in self.columns:
                self.columns[stage].model.set_cards(stage_cards)
                self.columns[stage].update_more()
        if select is not None and select.to_stage in self.columns:
            column = self.columns[select.to_stage]
            row = column.model.row_of(select.lead_id)
            if row >= 0:
                column.view.setCurrentIndex(column.model.index(row))
                if isinstance(focused, CardListView):
                    column.view.setFocus()

    def _step(self, lead_id: int, step: int) -> None:
        found = self.find_card(lead_id)
        if found is None:
            return
        keys = self.stage_keys()
        position = keys.index(found[0]) + step
        if 0 <= position < len(keys):
            self.move_card(lead_id, keys[position])

    def _card_menu(self, lead_id: int, where: QPoint) -> None:
        found = self.find_card(lead_id)
        if found is None:
            return
        menu = self.card_menu(lead_id, found[0])
        menu.exec(where)
        menu.deleteLater()

    def card_menu(self, lead_id: int, stage: str) -> QMenu:
        menu = QMenu(self)
        open_action = menu.addAction(self.tr("Open lead"))
        open_action.triggered.connect(lambda: self.lead_activated.emit(lead_id))
        move_menu = menu.addMenu(self.tr("Move to"))
        for key in self.stage_keys():
            action = QAction(stage_label(key), move_menu)
            action.setEnabled(key != stage)
            action.triggered.connect(lambda _checked=False, to=key: self.move_card(lead_id, to))
            move_menu.addAction(action)
        return menu

    def _failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.loading = False
            report_error(self, exc)


if __name__ == "__main__":  # pragma: no cover - the screen alone on a demo workspace
    from app.ui.preview import preview

    preview(PipelineView, size=(1300, 800))
