"""The outbox as a table model: ids in the db lane, rows fetched in pages in the db lane.

`set_filter(states, text)` asks for the matching message ids (newest first); `rowCount()` is their
number. `data()` never queries: a row whose page is not loaded yet shows "…" and its page (PAGE
rows by primary key) is requested in the background; `dataChanged` repaints it when it arrives.
Answers for an older filter are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.context import AppContext
from app.services.messaging.outbox import MessageRow
from app.ui import icons
from app.ui.errors import alive
from app.ui.formatting import format_datetime
from app.ui.i18n import service_text
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import STATE_COLORS, display_phone, state_label

logger = logging.getLogger(__name__)

PAGE = 100
BODY_CHARS = 90
COLUMNS = ("lead", "phone", "body", "status", "error", "time")
MessageIdRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
LeadIdRole = Qt.ItemDataRole.UserRole + 3
DISPLAY = Qt.ItemDataRole.DisplayRole
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def column_title(key: str) -> str:
    return {
        "lead": QCoreApplication.translate("Messages", "Lead"),
        "phone": QCoreApplication.translate("Messages", "Phone"),
        "body": QCoreApplication.translate("Messages", "Message"),
        "status": QCoreApplication.translate("Messages", "Status"),
        "error": QCoreApplication.translate("Messages", "Problem"),
        "time": QCoreApplication.translate("Messages", "Time"),
    }[key]


def error_label(code: int | None) -> str | None:
    """Twilio's error codes in plain words (the full reason is in the tooltip and the detail panel)."""
    labels = {
        21211: QCoreApplication.translate("Messages", "Invalid phone number"),
        21610: QCoreApplication.translate("Messages", "Recipient opted out (STOP)"),
        21408: QCoreApplication.translate("Messages", "Country not enabled in Twilio"),
        21614: QCoreApplication.translate("Messages", "Not a mobile number"),
        21635: QCoreApplication.translate("Messages", "Landline number"),
        21612: QCoreApplication.translate("Messages", "Sender cannot reach this number"),
        21606: QCoreApplication.translate("Messages", "Sender is not SMS-capable"),
        21608: QCoreApplication.translate("Messages", "Trial account: number not verified"),
        21617: QCoreApplication.translate("Messages", "Message too long"),
        30003: QCoreApplication.translate("Messages", "Phone off or without signal"),
        30005: QCoreApplication.translate("Messages", "Number does not exist"),
        30006: QCoreApplication.translate("Messages", "Landline or carrier unreachable"),
        30007: QCoreApplication.translate("Messages", "Filtered as spam by the carrier"),
        30008: QCoreApplication.translate("Messages", "Unknown delivery error"),
        30032: QCoreApplication.translate("Messages", "Toll-free sender not verified"),
    }
    return labels.get(code or 0)


def status_text(row: MessageRow) -> str:
    if row.state == "held" and row.next_attempt_at is not None:
        return QCoreApplication.translate("Messages", "Held until {when}").format(when=format_datetime(row.next_attempt_at))
    return state_label(row.state)


def problem_text(row: MessageRow) -> str:
    """The Problem column: code and plain words for failures, the reason for cancels and retries pending."""
    if row.state in ("failed", "undelivered"):
        label = (
            error_label(row.error_code)
            or reason_text(row.error_message)
            or QCoreApplication.translate("Messages", "No reason given by Twilio")
        )
        return f"{row.error_code} · {label}" if row.error_code else label
    if row.state == "held":
        return reason_text(row.hold_reason)
    if row.state in ("canceled", "queued") and row.error_message:
        return reason_text(row.error_message)  # why it was canceled, or why it waits for another attempt
    return ""


def reason_text(reason: str | None) -> str:
    """A reason the outbox wrote, in the UI's language (a Text; rows from before the data columns are English)."""
    return service_text(reason) if reason else ""


def row_time(row: MessageRow) -> datetime | None:
    return row.delivered_at or row.sent_at or row.created_at


def times_text(row: MessageRow) -> str:
    parts = [QCoreApplication.translate("Messages", "Created {when}").format(when=format_datetime(row.created_at))]
    if row.sent_at:
        parts.append(QCoreApplication.translate("Messages", "sent {when}").format(when=format_datetime(row.sent_at)))
    if row.delivered_at:
        parts.append(QCoreApplication.translate("Messages", "delivered {when}").format(when=format_datetime(row.delivered_at)))
    if row.state in ("queued", "held") and row.next_attempt_at:
        parts.append(
            QCoreApplication.translate("Messages", "next attempt {when}").format(when=format_datetime(row.next_attempt_at))
        )
    return " · ".join(parts)


def _elide(text: str, limit: int = BODY_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- db lane ----------------------------------------------------------------------------------------


def fetch_ids(ctx: AppContext, states: tuple[str, ...], text: str) -> list[int]:
    return ctx.outbox().message_ids(states, text)


def fetch_rows(ctx: AppContext, ids: list[int]) -> dict[int, MessageRow]:
    return ctx.outbox().message_rows(ids)


class MessagesModel(QAbstractTableModel):
    loaded = Signal(int)  # the ids for the current filter arrived: how many
    failed = Signal(object)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.ids: list[int] = []
        self.rows: dict[int, MessageRow] = {}
        self.states: tuple[str, ...] = ()
        self.text = ""
        self._generation = 0
        self._pending_pages: set[int] = set()
        self._loading = False

    # --- loading ----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._loading or bool(self._pending_pages)

    def set_filter(self, states: Iterable[str], text: str) -> None:
        self.states = tuple(states)
        self.text = text.strip()
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self._loading = True
        (
            self.runner.task(fetch_ids, self.ctx, self.states, self.text)
            .on_success(alive(self, lambda ids: self._ids_loaded(generation, ids)))
            .on_failure(alive(self, lambda exc: self._failure(generation, exc)))
            .start()
        )

    def _ids_loaded(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.beginResetModel()
        self.ids = ids
        self.rows = {}
        self._pending_pages = set()
        self.endResetModel()
        self.loaded.emit(len(ids))

    def _failure(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._pending_pages = set()
            self.failed.emit(exc)

    def _request_page(self, page: int) -> None:
        if page in self._pending_pages:
            return
        self._pending_pages.add(page)
        generation = self._generation
        ids = self.ids[page * PAGE : (page + 1) * PAGE]
        (
            self.runner.task(fetch_rows, self.ctx, ids)
            .on_success(alive(self, lambda rows: self._page_loaded(generation, page, rows)))
            .on_failure(alive(self, lambda exc: self._failure(generation, exc)))
            .start()
        )

    def _page_loaded(self, generation: int, page: int, rows: dict[int, MessageRow]) -> None:
        if generation != self._generation:
            return
        self._pending_pages.discard(page)
        self.rows.update(rows)
        first, last = page * PAGE, min(len(self.ids), (page + 1) * PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # --- lookups ----------------------------------------------------------------------------------

    def message_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_data(self, row: int) -> MessageRow | None:
        message_id = self.message_id(row)
        return self.rows.get(message_id) if message_id is not None else None

    def rows_of(self, message_ids: Sequence[int]) -> list[int]:
        wanted = set(message_ids)
        return [row for row, message_id in enumerate(self.ids) if message_id in wanted]

    # --- Qt -----------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(COLUMNS):
            return column_title(COLUMNS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        message_id = self.ids[index.row()]
        if role == MessageIdRole:
            return message_id
        row = self.rows.get(message_id)
        if row is None:
            self._request_page(index.row() // PAGE)
            return "…" if role == DISPLAY and index.column() == 0 else None
        key = COLUMNS[index.column()]
        if role == DISPLAY:
            return self._display(row, key)
        if role == StateRole:
            return row.state
        if role == LeadIdRole:
            return row.lead_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("status", "error") and row.state in STATE_COLORS:
            return QColor(STATE_COLORS[row.state]) if key == "status" or row.state in ("failed", "undelivered") else None
        if role == Qt.ItemDataRole.DecorationRole and key == "status":
            return icons.dot(STATE_COLORS.get(row.state, "#94a3b8"))
        return None

    @staticmethod
    def _display(row: MessageRow, key: str) -> str:
        if key == "lead":
            return row.lead_name or QCoreApplication.translate("Messages", "(lead deleted)")
        if key == "phone":
            return display_phone(row.to_number)
        if key == "body":
            return _elide(row.body)
        if key == "status":
            return status_text(row)
        if key == "error":
            return problem_text(row)
        return format_datetime(row_time(row))

    @staticmethod
    def _tooltip(row: MessageRow, key: str) -> str | None:
        if key == "body":
            return row.body
        if key == "error":
            return reason_text(row.error_message or row.hold_reason) or None
        if key in ("status", "time"):
            return times_text(row)
        return None
