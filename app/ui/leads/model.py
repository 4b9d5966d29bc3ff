"""The lead list as an ID-list table model (anki's browser model).

SQL filters, searches and sorts in the db lane and hands back ids (kept in an array('q'): 8
bytes a lead, so a million fit in 8 MB). `rowCount()` is the number of ids; `data()` fetches
the visible rows in blocks of BLOCK by primary key and keeps them in a bounded LRU cache, so
painting never runs a query that grows with the size of the list.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.services.leads import id_lists, search
from app.services.leads.search import LeadQuery
from app.ui import icons
from app.ui.errors import alive
from app.ui.formatting import format_date
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import display_phone, score_text, stage_color, stage_names

logger = logging.getLogger(__name__)

LeadIdRole = Qt.ItemDataRole.UserRole + 1
StageRole = Qt.ItemDataRole.UserRole + 2
BLOCK = 100
CACHE_ROWS = 4000
ROW_FIELDS = ("name", "company", "stage", "owner", "phone", "email", "city", "score", "last_interaction_at",
              "sms_opt_out", "sms_consent", "kind")

def local_date(value: datetime | None) -> str:
    return format_date(value) if value is not None else ""


@dataclass(frozen=True)
class Column:
    key: str
    sort_key: str | None  # a search.SORTABLE key, or None when SQL cannot sort by it
    width: int

    def title(self) -> str:
        return {
            "name": QCoreApplication.translate("LeadColumns", "Name"),
            "company": QCoreApplication.translate("LeadColumns", "Company"),
            "stage": QCoreApplication.translate("LeadColumns", "Stage"),
            "owner": QCoreApplication.translate("LeadColumns", "Owner"),
            "phone": QCoreApplication.translate("LeadColumns", "Phone"),
            "email": QCoreApplication.translate("LeadColumns", "E-mail"),
            "city": QCoreApplication.translate("LeadColumns", "City"),
            "score": QCoreApplication.translate("LeadColumns", "Score"),
            "last_interaction_at": QCoreApplication.translate("LeadColumns", "Last interaction"),
            "tags": QCoreApplication.translate("LeadColumns", "Tags"),
        }[self.key]


COLUMNS = (
    Column("name", "name", 200), Column("company", "company", 180), Column("stage", "stage", 120),
    Column("score", "score", 160),  # next to the stage: the chance is what a rep sorts and scans by
    Column("owner", None, 100), Column("phone", "phone", 150), Column("email", "email", 210),
    Column("city", "city", 130), Column("last_interaction_at", "last_interaction_at", 120),
    Column("tags", None, 160),
)
COLUMN_INDEX = {column.key: i for i, column in enumerate(COLUMNS)}


DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
LEAD_ID = int(LeadIdRole)
STAGE = int(StageRole)
FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
ALIGNMENTS = tuple(
    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if c.key == "score" else None for c in COLUMNS)
NOTHING = (None,) * len(COLUMNS)
TOOLTIP_COLUMNS = frozenset({"tags", "email", "company", "name"})


class _Row:
    """One lead, every role of every column worked out once when fetched: painting only looks up."""

    __slots__ = ("roles",)

    def __init__(self, roles: dict[int, tuple[Any, ...]]) -> None:
        self.roles = roles


def _placeholder(text: str) -> _Row:
    gray = QColor("#9ca3af")
    return _Row({DISPLAY: (text,) + ("",) * (len(COLUMNS) - 1), FOREGROUND: (gray,) * len(COLUMNS),
                 ALIGNMENT: ALIGNMENTS, STAGE: ("",) * len(COLUMNS)})


def _format_row(values: dict[str, Any] | None, tags: list[str], names: dict[str, str]) -> _Row:
    if values is None:  # hard-deleted since the ids were fetched
        return _placeholder(QCoreApplication.translate("LeadList", "(deleted)"))
    cells = {
        "name": values["name"] or "", "company": values["company"] or "",
        "stage": names.get(values["stage"], values["stage"]), "owner": values["owner"] or "",
        "phone": display_phone(values["phone"]), "email": values["email"] or "", "city": values["city"] or "",
        "score": score_text(values["score"]), "last_interaction_at": local_date(values["last_interaction_at"]),
        "tags": ", ".join(tags),
    }
    texts = tuple(cells[c.key] for c in COLUMNS)
    opted_out = bool(values["sms_opt_out"])
    opt_out_tip = QCoreApplication.translate("LeadList", "Opted out of SMS") if opted_out else None
    tips = tuple(opt_out_tip if c.key == "phone" else (text if c.key in TOOLTIP_COLUMNS and len(text) > 24 else None)
                 for c, text in zip(COLUMNS, texts))
    red = QColor("#b91c1c")
    stage = values["stage"]
    return _Row({
        DISPLAY: texts, TOOLTIP: tips, ALIGNMENT: ALIGNMENTS, STAGE: (stage,) * len(COLUMNS),
        DECORATION: tuple(icons.dot(stage_color(stage)) if c.key == "stage" else None for c in COLUMNS),
        FOREGROUND: tuple(red if c.key == "phone" and opted_out else None for c in COLUMNS),
    })


FirstPage = tuple[array, int | None, dict[int, dict[str, Any]], dict[int, list[str]]]


def first_page_with_rows(db: Any, query: LeadQuery, page: int, with_count: bool,
                         interrupt: search.Interrupt) -> FirstPage:
    """The db-lane half of a first page: its ids, the count when cheap (id_lists.fetch_first_page)
    and the rows of its first block, so the list paints them without a query on the UI thread."""
    ids, total = id_lists.fetch_first_page(db, query, page, with_count, interrupt)
    head = list(ids[:BLOCK])
    return ids, total, search.lead_rows(db, head, ROW_FIELDS), search.lead_tags_for(db, head)


class LeadTableModel(QAbstractTableModel):
    """Rows are lead ids; `set_query()` re-runs the search in the background, dropping stale answers."""

    loaded = Signal(int)  # rows once a query's complete id list is in
    page_loaded = Signal(int)  # rows shown once the first page is in (the exact total when it was cheap to count)
    busy_changed = Signal(bool)
    failed = Signal(object)  # the exception of a failed query
    sort_refused = Signal()  # a header click on a column SQL cannot sort by
    PAGE = 200

    def __init__(self, db: Any, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.query = LeadQuery()
        self.ids = array("q")
        self.complete = True  # False while only the first page of the current query is in
        self.total: int | None = None  # the exact row count while incomplete, when known
        self._shown_query: LeadQuery | None = None  # the query whose answer the rows are
        self._cache: OrderedDict[int, _Row] = OrderedDict()
        self._generation = 0
        self._interrupt = search.Interrupt()  # stops the running query of an overtaken generation
        self._pending = 0
        self._stage_names = stage_names()
        self._fetch_failed = False

    # --- queries ------------------------------------------------------------------------------

    def set_query(self, query: LeadQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Run the current query in the db lane; only the newest answer is applied."""
        self._generation += 1
        generation = self._generation
        self._interrupt.cancel()  # the next keystroke stops the full list still being read
        self._interrupt = interrupt = search.Interrupt()
        if id_lists.wants_first_page(self.query) and self.query != self._shown_query:  # a refresh keeps rows and scroll
            self._start(generation, self._page, first_page_with_rows, self.db, self.query, self.PAGE,
                        id_lists.is_plain_list(self.query), interrupt)
        else:
            self._start(generation, self._answer, id_lists.fetch_ids, self.db, self.query, interrupt)

    def _start(self, generation: int, done: Any, fn: Any, *args: Any) -> None:
        self._set_pending(+1)
        (self.runner.task(self._unless_stale, generation, fn, *args)
         .on_success(alive(self, lambda answer: done(generation, answer)))
         .on_failure(alive(self, lambda exc: self._failure(generation, exc)))
         .start())

    def _unless_stale(self, generation: int, fn: Any, *args: Any) -> Any:
        """Runs in the db lane: a query overtaken by newer typing while it waited is skipped."""
        return None if generation != self._generation else fn(*args)

    def _page(self, generation: int, answer: FirstPage | None) -> None:
        if generation != self._generation or answer is None:
            self._set_pending(-1)
            return
        ids, total, values, tags = answer
        if len(ids) <= self.PAGE and not self.query.text.strip():  # the page holds every match
            self._set_pending(-1)
            self._apply(ids, complete=True)
            self._prime(ids[:BLOCK], values, tags)
            self.loaded.emit(len(self.ids))
            return
        self._set_pending(-1)  # a search's notes are still to be matched: the complete list follows
        self._apply(ids[:self.PAGE], complete=False, total=total)
        self._prime(ids[:BLOCK], values, tags)
        self.page_loaded.emit(self.rowCount())
        self._start(generation, self._answer, id_lists.fetch_ids, self.db, self.query, self._interrupt)

    def _prime(self, head: array, values: dict[int, dict[str, Any]], tags: dict[int, list[str]]) -> None:
        """The first block's rows, read with the page in the db lane: the first paint runs no query."""
        for lead_id in head:
            self._cache[lead_id] = _format_row(values.get(lead_id), tags.get(lead_id, []), self._stage_names)

    def _answer(self, generation: int, ids: array | None) -> None:
        self._set_pending(-1)
        if generation != self._generation or ids is None:
            return  # a newer query is on its way; typing must not flash old results
        self._apply(ids, complete=True)
        self.loaded.emit(len(self.ids))

    def _apply(self, ids: array, *, complete: bool, total: int | None = None) -> None:
        self._stage_names = stage_names()
        self._shown_query = self.query
        known, shown = len(self.ids), self.rowCount()
        if ids == self.ids and complete == self.complete:
            self.invalidate()
        elif not self.complete and complete and known and ids[:known] == self.ids and len(ids) >= shown:
            self._complete_after_page(ids, known, shown)
        else:
            self.beginResetModel()
            self.ids, self.complete, self.total = ids, complete, total
            self._cache.clear()
            self.endResetModel()

    def _complete_after_page(self, ids: array, known: int, shown: int) -> None:
        """The full list continues the page: fill in the placeholder rows, append the rest."""
        self.ids, self.complete, self.total = ids, True, None
        if shown > known:
            self.dataChanged.emit(self.index(known, 0), self.index(shown - 1, len(COLUMNS) - 1))
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self.endInsertRows()

    def _failure(self, generation: int, exc: BaseException) -> None:
        self._set_pending(-1)
        if generation == self._generation:
            self.failed.emit(exc)

    def _set_pending(self, delta: int) -> None:
        was = self._pending > 0
        self._pending += delta
        if (self._pending > 0) != was:
            self.busy_changed.emit(self._pending > 0)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def invalidate(self, lead_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or these leads) so the next paint refetches them."""
        if lead_ids is None:
            self._cache.clear()
        else:
            for lead_id in lead_ids:
                self._cache.pop(lead_id, None)
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    # --- rows and ids ---------------------------------------------------------------------------

    def lead_id(self, row: int) -> int | None:
        """The lead on `row`, or None for a row whose id is still being read (after the first page)."""
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, lead_id: int) -> int | None:
        try:
            return self.ids.index(lead_id)  # a C loop: about a millisecond for a million ids
        except ValueError:
            return None

    def rows_of(self, lead_ids: Iterable[int]) -> dict[int, int]:
        wanted = set(lead_ids)
        if len(wanted) <= 16:
            found = {i: self.row_of(i) for i in wanted}
            return {i: row for i, row in found.items() if row is not None}
        return {lead_id: row for row, lead_id in enumerate(self.ids) if lead_id in wanted}

    def ids_in_ranges(self, ranges: Iterable[tuple[int, int]]) -> list[int]:
        out: list[int] = []
        for top, bottom in ranges:
            out.extend(self.ids[top:bottom + 1])
        return out

    def remove_rows(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Drop rows locally (after a delete) without re-running the query."""
        for top, bottom in sorted(ranges, reverse=True):
            self.beginRemoveRows(QModelIndex(), top, bottom)
            for lead_id in self.ids[top:bottom + 1]:
                self._cache.pop(lead_id, None)
            del self.ids[top:bottom + 1]
            if self.total is not None:
                self.total -= bottom - top + 1
            self.endRemoveRows()
        self.loaded.emit(len(self.ids))

    # --- Qt model API -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.ids) if self.complete or self.total is None else max(self.total, len(self.ids))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title()
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section].sort_key is None:
            return QCoreApplication.translate("LeadList", "This column cannot be sorted")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # no row fetch here: Ctrl+A over a million rows must not load them (anki does the same)
        return FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        # called for every role of every visible cell on every paint: lookups only
        row = index.row()
        ids = self.ids
        if not 0 <= row < len(ids):  # an invalid index, or a row after the first page not read yet
            return "…" if role == DISPLAY and row >= 0 and index.column() == 0 else None
        lead_id = ids[row]
        if role == LEAD_ID:
            return lead_id
        cached = self._cache.get(lead_id)
        if cached is None:
            self._fetch_block(row)
            cached = self._cache[lead_id]
        elif role == DISPLAY and index.column() == 0:
            self._cache.move_to_end(lead_id)  # once per row and paint keeps the LRU honest
        return cached.roles.get(role, NOTHING)[index.column()]

    def _fetch_block(self, row: int) -> None:
        """Fetch the block around `row` by primary key: ~BLOCK rows, a millisecond or two."""
        start = row - row % BLOCK
        wanted = [i for i in self.ids[start:start + BLOCK] if i not in self._cache]
        try:
            values = search.lead_rows(self.db, wanted, ROW_FIELDS)
            tags = search.lead_tags_for(self.db, wanted)
        except Exception:  # a dropped connection must not turn every paint into a crash dialog
            if not self._fetch_failed:
                logger.exception("could not fetch lead rows")
            self._fetch_failed = True
            for lead_id in wanted:  # placeholders until the next refresh (F5) retries
                self._cache[lead_id] = _placeholder("…")
            return
        self._fetch_failed = False
        for lead_id in wanted:
            self._cache[lead_id] = _format_row(values.get(lead_id), tags.get(lead_id, []), self._stage_names)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort_key
        if key is None:
            self.sort_refused.emit()
            return
        query = replace(self.query, order_by=key, descending=order == Qt.SortOrder.DescendingOrder)
        if query != self.query:
            self.set_query(query)

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        column = next((i for i, c in enumerate(COLUMNS) if c.sort_key == self.query.order_by), 0)
        order = Qt.SortOrder.DescendingOrder if self.query.descending else Qt.SortOrder.AscendingOrder
        return column, order
