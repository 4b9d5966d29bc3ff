"""The Leads screen: search-as-you-type, filters, the ID-list table and the lead detail panel.

Typing restarts a short debounce; the query runs in the db lane and stale answers are dropped
by the model, so the table never waits on SQL. Deletes are soft and offered for undo.
Run alone on a demo workspace: `python -m app.ui.leads.view`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.progress import Cancelled, Progress
from app.services.leads.leads import LeadService
from app.services.leads.search import LeadQuery
from app.ui import icons
from app.ui.errors import alive, notify, offer_undo, report_error
from app.ui.i18n import service_text
from app.ui.leads.detail import LeadDetail
from app.ui.leads.model import COLUMN_INDEX, COLUMNS, LeadTableModel, stage_label
from app.ui.leads.score_popover import EXPLAIN_SHORTCUT, ScoreDelegate
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 150
CHUNK = 2000
MAX_KEPT_SELECTION = 2000  # more selected rows than this are not re-selected after a refresh
CONFIRM_ABOVE = 200


# --- work for the db lane (plain functions: ids in, counts or ids out) ----------------------------

@dataclass(frozen=True)
class FilterOptions:
    stages: list[tuple[str, str]]
    owners: list[tuple[int, str]]
    tags: list[str]
    sources: list[str]
    segments: list[str] = field(default_factory=list)
    few_data_scores: bool = False  # the scores come from the cold-start model ('poucos dados')
    segment_labels: dict[str, str] = field(default_factory=dict)  # stored name -> Text (app.ml.insights.segment_labels)


def load_filter_options(ctx: AppContext) -> FilterOptions:
    from app.ml.insights import scores_from_few_data, segment_labels, segment_names

    leads = ctx.leads
    return FilterOptions(leads.stages(), leads.owners(), leads.tag_names(), leads.sources(), segment_names(ctx.db),
                         scores_from_few_data(ctx.db), segment_labels(ctx.db))


def _in_chunks(ids: list[int], step: Callable[[list[int]], object], progress: Progress | None) -> list[int]:
    """Apply `step` chunk by chunk; a cancel stops between chunks and reports what was done."""
    done: list[int] = []
    if progress is not None:
        progress.set_total(len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        step(chunk)
        done.extend(chunk)
        if progress is not None:
            try:
                progress.advance(len(chunk))
            except Cancelled:
                break
    return done


def delete_leads(service: LeadService, ids: list[int], progress: Progress | None = None) -> list[int]:
    return _in_chunks(ids, service.delete_many, progress)


def restore_leads(service: LeadService, ids: list[int], progress: Progress | None = None) -> list[int]:
    return _in_chunks(ids, service.restore_many, progress)


def move_to_stage(service: LeadService, ids: list[int], stage: str, progress: Progress | None = None) -> list[int]:
    def step(chunk: list[int]) -> None:
        for lead_id in chunk:
            service.set_stage(lead_id, stage)

    return _in_chunks(ids, step, progress)


# --- widgets ------------------------------------------------------------------------------------

class FilterMenu(QMenu):
    """A menu whose checkable entries toggle without closing it, by mouse or Space."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if event.key() == Qt.Key.Key_Space and action is not None and action.isCheckable():
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)


class FilterButton(QToolButton):
    """A multi-select filter: 'Stage', 'Stage: Won' or 'Stage (3)'."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setObjectName("FilterButton")
        self.menu_ = FilterMenu(self)
        self.setMenu(self.menu_)
        self._options: list[tuple[Any, str]] = []
        self._checked: set[Any] = set()
        self._rebuild()

    def set_options(self, options: list[tuple[Any, str]]) -> None:
        known = {value for value, _ in options}
        self._options = options
        self._checked &= known
        self._rebuild()

    def values(self) -> tuple[Any, ...]:
        return tuple(value for value, _ in self._options if value in self._checked)

    def set_values(self, values: Iterable[Any]) -> None:
        self._checked = set(values)
        self._rebuild()
        self.changed.emit()

    def clear(self) -> None:
        if self._checked:
            self.set_values(())

    def _rebuild(self) -> None:
        self.menu_.clear()
        clear = self.menu_.addAction(self.tr("Show all"))
        clear.triggered.connect(self.clear)
        clear.setEnabled(bool(self._checked))
        self.menu_.addSeparator()
        if not self._options:
            self.menu_.addAction(self.tr("(none yet)")).setEnabled(False)
        for value, label in self._options:
            action = self.menu_.addAction(label)
            action.setCheckable(True)
            action.setChecked(value in self._checked)
            action.toggled.connect(lambda on, v=value: self._toggle(v, on))
        self._update_text()

    def _toggle(self, value: Any, on: bool) -> None:
        (self._checked.add if on else self._checked.discard)(value)
        self.menu_.actions()[0].setEnabled(bool(self._checked))
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        chosen = [label for value, label in self._options if value in self._checked]
        if not chosen:
            text = self.title
        elif len(chosen) == 1:
            text = self.tr("{title}: {value}").format(title=self.title, value=chosen[0])
        else:
            text = self.tr("{title} ({count})").format(title=self.title, count=len(chosen))
        self.setText(text)
        self.setProperty("active", bool(chosen))
        self.style().unpolish(self)
        self.style().polish(self)


class LeadTable(QTableView):
    """The table: fixed row height, Enter opens, typing goes to the search box."""

    open_requested = Signal()
    type_ahead = Signal(str)
    escape_pressed = Signal()
    ROW_HEIGHT = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LeadTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size queries
        vertical.setDefaultSectionSize(self.ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        # Qt's type-ahead walks the rows through data(): over a million rows that would fetch them all
        if search.strip():
            self.type_ahead.emit(search)


class LeadsView(QWidget):
    """Search box, filter buttons, count, the lead table and (on Enter) the lead's detail panel."""

    leads_changed = Signal()  # after any write from this screen: other screens may refresh
    lead_opened = Signal(int)
    query_changed = Signal(object)  # the LeadQuery the list now runs (the map follows it)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.model = LeadTableModel(ctx.db, runner, self)
        self._loaded_once = False
        self._keep_scroll = False
        self._memory: tuple[list[int], int | None, int | None] | None = None
        self._select_after: list[int] | None = None
        self._options_stale = True
        self._area_ids: tuple[int, ...] | None = None  # a map area (LeadQuery.ids), shown as a chip
        self.segment_labels: dict[str, str] = {}  # read with the filter choices, in the db lane
        self._build()
        self._connect()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText(self.tr("Search name, company, phone, e-mail or notes  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.installEventFilter(self)
        self.filters = {
            "stages": FilterButton(self.tr("Stage")), "owner_ids": FilterButton(self.tr("Owner")),
            "tags": FilterButton(self.tr("Tag")), "sources": FilterButton(self.tr("Source")),
            "segments": FilterButton(self.tr("Segment")), "score_bands": FilterButton(self.tr("Score")),
        }
        self.filters["segments"].setVisible(False)  # until the models have put leads in segments
        self.filters["score_bands"].set_options([  # app.services.leads.search.SCORE_BANDS
            ("high", self.tr("70 or more")), ("medium", self.tr("40–69")), ("low", self.tr("below 40")),
            ("unscored", self.tr("not scored"))])
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("LinkButton")
        self.clear_button.setToolTip(self.tr("Clear the search and every filter"))
        self.clear_button.setVisible(False)
        self.area_chip = QPushButton()
        self.area_chip.setObjectName("AreaChip")
        self.area_chip.setIcon(icons.icon("close"))
        self.area_chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.area_chip.setToolTip(self.tr("The list shows the leads of the area drawn on the map; click to show all"))
        self.area_chip.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("CountLabel")
        self.columns_button = QToolButton()
        self.columns_button.setIcon(icons.icon("columns"))
        self.columns_button.setToolTip(self.tr("Choose columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.setMenu(QMenu(self.columns_button))
        self.new_button = QPushButton(icons.icon("add", "#ffffff", None), self.tr("New lead"))
        self.new_button.setObjectName("PrimaryButton")
        self.new_button.setToolTip(self.tr("Create a lead (Ctrl+N)"))

        # Two rows keep the window usable at laptop widths: the search and the actions, then the
        # filters with the count (one row of everything made the window at least 1,100 px wide).
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search, 1)
        self.sms_button = QPushButton(icons.icon("sms_out"), self.tr("Send SMS…"))
        self.sms_button.setToolTip(self.tr("Send an SMS to the selected leads or to every lead in the list"))
        self.sms_button.clicked.connect(self.send_sms)
        bar.addWidget(self.sms_button)
        bar.addWidget(self.new_button)
        filter_row = QHBoxLayout()
        filter_row.setSpacing(8)
        for button in self.filters.values():
            filter_row.addWidget(button)
        filter_row.addWidget(self.clear_button)
        filter_row.addWidget(self.area_chip)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)
        filter_row.addWidget(self.columns_button)

        self.table = LeadTable()
        self.table.setModel(self.model)
        self.score_delegate = ScoreDelegate(self.table)
        self.table.setItemDelegateForColumn(COLUMN_INDEX["score"], self.score_delegate)
        self.table.clicked.connect(lambda index: self.explain_score(index.row())
                                   if index.column() == COLUMN_INDEX["score"] else None)
        self.explain_action = QAction(self.tr("Why this score?"), self)
        self.explain_action.setShortcut(EXPLAIN_SHORTCUT)
        self.explain_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.explain_action.triggered.connect(lambda: self.explain_score(self.table.currentIndex().row()))
        self.table.addAction(self.explain_action)
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, column.width)
        self.detail = LeadDetail(self.ctx, self.runner)
        self.detail.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.enable_sorting()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addLayout(filter_row)
        layout.addWidget(self.splitter, 1)
        self._preview_timer = QTimer(self, singleShot=True, interval=120, timeout=self._preview_current)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self._apply_query)
        self._searching_timer = QTimer(self, singleShot=True, interval=250, timeout=self._show_searching)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        for button in self.filters.values():
            button.changed.connect(self._apply_query)
        self.clear_button.clicked.connect(self.clear_filters)
        self.area_chip.clicked.connect(lambda: self.set_area(None))
        self.new_button.clicked.connect(self.new_lead)
        self.model.loaded.connect(self._on_loaded)
        self.model.page_loaded.connect(self._on_page)
        self.model.failed.connect(lambda exc: report_error(self, exc))
        self.model.busy_changed.connect(self._on_busy)
        self.model.sort_refused.connect(self._restore_sort_indicator)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.table.open_requested.connect(self.open_current)
        self.table.type_ahead.connect(self._type_ahead)
        self.table.escape_pressed.connect(self.close_detail)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.horizontalHeader().customContextMenuRequested.connect(
            lambda pos: self._column_menu().exec(self.table.horizontalHeader().mapToGlobal(pos)))
        self.columns_button.menu().aboutToShow.connect(self._fill_columns_menu)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._preview_timer.start())
        self.detail.changed.connect(self._lead_changed)
        self.detail.closed.connect(self.close_detail)

    # --- queries ---------------------------------------------------------------------------------

    def current_query(self) -> LeadQuery:
        """What the list shows now (search, filters, order): export uses the same."""
        values = {name: button.values() for name, button in self.filters.items()}
        return replace(self.model.query, text=self.search.text().strip(), ids=self._area_ids, **values)

    def _apply_query(self) -> None:
        self._debounce.stop()
        query = self.current_query()
        active = bool(query.text or any(button.values() for button in self.filters.values()))
        self.clear_button.setVisible(active)
        if query != self.model.query or not self._loaded_once:
            self._keep_scroll = False
            self._loaded_once = True
            self.model.set_query(query)
            self.query_changed.emit(query)

    def set_area(self, ids: Iterable[int] | None, label: str = "") -> None:
        """Restrict the list to these leads (the map's drawn area), or None to show all again."""
        self._area_ids = tuple(ids) if ids is not None else None
        self.area_chip.setText(label or self.tr("Map area"))
        self.area_chip.setVisible(self._area_ids is not None)
        self._apply_query()

    def refresh(self) -> None:
        """Re-run the query keeping selection and scroll position; reload the filter choices too."""
        self._loaded_once = True
        self._keep_scroll = True
        self.model.query = self.current_query()
        self.model.reload()
        self._options_stale = True  # read after the list: the list comes first in the db lane
        if self.detail.isVisible() and self.detail.lead_id is not None:
            self.detail.show_lead(self.detail.lead_id)

    def clear_filters(self) -> None:
        for button in self.filters.values():
            button.blockSignals(True)
            button.clear()
            button.blockSignals(False)
        self.search.clear()
        self._area_ids = None
        self.area_chip.setVisible(False)
        self._apply_query()

    def _set_filter_options(self, options: FilterOptions) -> None:
        me = self.ctx.user.id
        self.filters["stages"].set_options([(key, stage_label(key, name)) for key, name in options.stages])
        self.filters["owner_ids"].set_options(
            [(uid, self.tr("{name} (me)").format(name=name) if uid == me else name) for uid, name in options.owners])
        self.filters["tags"].set_options([(tag, tag) for tag in options.tags])
        self.filters["sources"].set_options([(source, source) for source in options.sources])
        self.segment_labels = options.segment_labels
        self.filters["segments"].set_options([(segment, self.segment_label(segment)) for segment in options.segments])
        self.filters["segments"].setVisible(bool(options.segments) or bool(self.filters["segments"].values()))
        self.score_delegate.few_data = options.few_data_scores
        self.table.viewport().update()

    def _on_loaded(self, count: int) -> None:
        self._searching_timer.stop()
        self.count_label.setText(self.tr("%Ln lead(s)", "", count))
        if self._options_stale:
            self.load_filter_options()

    def load_filter_options(self) -> None:
        self._options_stale = False
        (self.runner.task(load_filter_options, self.ctx)
         .on_success(alive(self, self._set_filter_options))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _on_page(self, count: int) -> None:
        self._searching_timer.stop()
        self.count_label.setText(self.tr("{count}+ leads, counting…").format(count=count))

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._searching_timer.start()
        else:
            self._searching_timer.stop()

    def _show_searching(self) -> None:
        self.count_label.setText(self.tr("Searching…"))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    # --- selection kept across refreshes -------------------------------------------------------

    def selected_ranges(self) -> list[tuple[int, int]]:
        return [(r.top(), r.bottom()) for r in self.table.selectionModel().selection()]

    def selected_ids(self) -> list[int]:
        return self.model.ids_in_ranges(self.selected_ranges())

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.lead_id(index.row()) if index.isValid() else None

    def _remember_selection(self) -> None:
        ranges = self.selected_ranges()
        rows = sum(bottom - top + 1 for top, bottom in ranges)
        selected = self.model.ids_in_ranges(ranges) if rows <= MAX_KEPT_SELECTION else []
        top_row = self.table.rowAt(0)
        top_id = self.model.lead_id(top_row) if top_row >= 0 else None
        self._memory = (selected, self.current_id(), top_id)

    def _restore_selection(self) -> None:
        selected, current, top = self._memory or ([], None, None)
        if self._select_after is not None:
            selected, current, top = self._select_after, (self._select_after or [None])[0], None
            self._select_after = None
        self._memory = None
        rows = self.model.rows_of([*selected, *(i for i in (current, top) if i is not None)])
        self._select_rows(sorted(rows[i] for i in selected if i in rows))
        current_index = self.model.index(rows[current], 0) if current in rows else QModelIndex()
        if current_index.isValid():
            self.table.selectionModel().setCurrentIndex(current_index, QItemSelectionModel.SelectionFlag.NoUpdate)
        if self._keep_scroll and top in rows:
            self.table.scrollTo(self.model.index(rows[top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        elif current_index.isValid():
            self.table.scrollTo(current_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.table.scrollToTop()

    def _select_rows(self, rows: list[int]) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        start = previous = None
        for row in [*rows, None]:
            if row is not None and previous is not None and row == previous + 1:
                previous = row
                continue
            if start is not None and previous is not None:
                selection.select(self.model.index(start, 0), self.model.index(previous, last))
            start = previous = row
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    def select_lead(self, lead_id: int) -> bool:
        row = self.model.row_of(lead_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # --- keyboard --------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._apply_query()
                self._focus_table()
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _type_ahead(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.setText(self.search.text() + text)

    # --- opening, creating, editing ---------------------------------------------------------------

    def open_current(self) -> None:
        lead_id = self.current_id()
        if lead_id is not None:
            self.open_lead(lead_id)

    def open_lead(self, lead_id: int) -> None:
        """Show the lead's detail next to the list (and select it if the list shows it)."""
        self.select_lead(lead_id)
        if not self.detail.isVisible():
            self.detail.show()
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width - 470, 470])
        self.detail.show_lead(lead_id)
        self.lead_opened.emit(lead_id)

    def explain_score(self, row: int) -> None:
        """The score popover for the lead on `row`, under its score cell."""
        lead_id = self.model.lead_id(row)
        if lead_id is None:
            return
        from app.ui.leads.score_popover import ScorePopover

        rect = self.table.visualRect(self.model.index(row, COLUMN_INDEX["score"]))
        self.score_popover = ScorePopover(self.ctx, self.runner, lead_id, self)
        self.score_popover.voted.connect(self._lead_changed)
        self.score_popover.show_at(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    def show_segment(self, segment: str) -> None:
        """Filter the list to one segment (Insights' "Show in list"), keeping the other filters cleared."""
        for name, button in self.filters.items():
            if name != "segments":
                button.blockSignals(True)
                button.clear()
                button.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        segments = self.filters["segments"]
        segments.setVisible(True)
        if segment not in [value for value, _label in segments._options]:
            segments.set_options([*segments._options, (segment, self.segment_label(segment))])
        segments.set_values([segment])

    def segment_label(self, segment: str) -> str:
        """A segment's name in the UI's language; names from before segments had Texts as they are."""
        return service_text(self.segment_labels.get(segment, segment))

    def close_detail(self) -> None:
        if self.detail.isVisible():
            self.detail.hide()
            self.detail.clear()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _preview_current(self) -> None:
        lead_id = self.current_id()
        if self.detail.isVisible() and lead_id is not None and lead_id != self.detail.lead_id:
            self.detail.show_lead(lead_id)

    def new_lead(self) -> None:
        from app.ui.leads.dialog import LeadDialog

        dialog = LeadDialog(self.ctx, self.runner, None, self)
        dialog.saved.connect(self._created)
        dialog.open()

    def edit_current(self) -> None:
        lead_id = self.current_id()
        if lead_id is not None:
            self.detail.edit_lead(lead_id, self)

    def log_interaction(self) -> None:
        lead_id = self.current_id()
        if lead_id is not None:
            self.detail.add_interaction(lead_id, self)

    def _created(self, record: Any) -> None:
        notify(self, self.tr("Lead “{name}” created.").format(name=record.name))
        self._select_after = [record.id]
        self.refresh()
        self.leads_changed.emit()

    def _lead_changed(self, lead_id: int) -> None:
        self.model.invalidate([lead_id])
        self._keep_scroll = True
        self.model.reload()  # the lead may now sort elsewhere or leave the filter
        self.leads_changed.emit()

    # --- delete, undo, bulk stage --------------------------------------------------------------

    def delete_selected(self) -> None:
        """Del: the selected interaction if the timeline has focus, else the selected leads."""
        if self.detail.isVisible() and self.detail.timeline_has_focus():
            self.detail.delete_selected_interaction()
            return
        ids = self.selected_ids()
        if not ids:
            return
        if len(ids) <= CONFIRM_ABOVE:
            self._delete(ids)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete leads"),
                          self.tr("Delete %Ln lead(s)? You can undo this right after.", "", len(ids)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self._delete(ids))
        self.confirm_box = box
        box.open()

    def _delete(self, ids: list[int]) -> None:
        (self.runner.task(delete_leads, self.ctx.leads, ids)
         .with_progress(self.tr("Deleting leads…"))
         .on_success(alive(self, self._deleted))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _deleted(self, ids: list[int]) -> None:
        rows = sorted(self.model.rows_of(ids).values())
        ranges: list[tuple[int, int]] = []
        for row in rows:
            if ranges and ranges[-1][1] == row - 1:
                ranges[-1] = (ranges[-1][0], row)
            else:
                ranges.append((row, row))
        self.model.remove_rows(ranges)
        if self.detail.lead_id in ids:
            self.close_detail()
        offer_undo(self, self.tr("%Ln lead(s) deleted.", "", len(ids)), alive(self, lambda: self.undo_delete(ids)))
        self.leads_changed.emit()

    def undo_delete(self, ids: list[int]) -> None:
        (self.runner.task(restore_leads, self.ctx.leads, ids)
         .with_progress(self.tr("Restoring leads…"))
         .on_success(alive(self, self._restored))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _restored(self, ids: list[int]) -> None:
        notify(self, self.tr("%Ln lead(s) restored.", "", len(ids)))
        self._select_after = ids[:MAX_KEPT_SELECTION]
        self._keep_scroll = False
        self.model.reload()
        self.leads_changed.emit()

    def move_selected_to_stage(self, stage: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        (self.runner.task(move_to_stage, self.ctx.leads, ids, stage)
         .with_progress(self.tr("Changing stage…"))
         .on_success(alive(self, lambda done: self._moved(done, stage)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _moved(self, ids: list[int], stage: str) -> None:
        notify(self, self.tr("%Ln lead(s) moved to {stage}.", "", len(ids)).format(stage=stage_label(stage)))
        self.model.invalidate(ids)
        self.refresh()
        self.leads_changed.emit()
        if self.detail.lead_id in ids:
            self.detail.show_lead(self.detail.lead_id)

    def send_sms(self) -> Any:
        """The compose dialog: the selection (or the one lead) first, every lead in the list as the other choice."""
        from app.ui.leads.model import COLUMN_INDEX as COLUMN_OF
        from app.ui.messaging.compose import ComposeDialog, audiences_for_leads

        ids = self.selected_ids()
        row = self.model.row_of(ids[0]) if len(ids) == 1 else None
        name = self.model.index(row, COLUMN_OF["name"]).data() if row is not None else None
        listed = None if self.model.busy else self.model.rowCount()
        dialog = ComposeDialog(self.ctx, self.runner, audiences_for_leads(ids, name, self.current_query(), listed), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- menus ----------------------------------------------------------------------------------

    def _row_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), self.open_current).setShortcut(Qt.Key.Key_Return)
        menu.addAction(icons.icon("edit"), self.tr("Edit…"), self.edit_current).setShortcut(Qt.Key.Key_F2)
        menu.addAction(icons.icon("note"), self.tr("Log interaction…"), self.log_interaction)
        menu.addAction(icons.icon("sms_out"), self.tr("Send SMS…"), self.send_sms)
        menu.addAction(icons.icon("insights"), self.explain_action.text(),
                       lambda: self.explain_score(self.table.currentIndex().row())).setShortcut(EXPLAIN_SHORTCUT)
        stages = menu.addMenu(self.tr("Move to stage"))
        for key, label in self.filters["stages"]._options:
            stages.addAction(label, lambda k=key: self.move_selected_to_stage(k))
        menu.addSeparator()
        menu.addAction(icons.icon("delete"), self.tr("Delete"), self.delete_selected).setShortcut(Qt.Key.Key_Delete)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _column_menu(self) -> QMenu:
        menu = QMenu(self)
        self._fill(menu)
        return menu

    def _fill_columns_menu(self) -> None:
        self._fill(self.columns_button.menu())

    def _fill(self, menu: QMenu) -> None:
        menu.clear()
        header = self.table.horizontalHeader()
        for i, column in enumerate(COLUMNS):
            action = QAction(column.title(), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_columns)

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for i, column in enumerate(COLUMNS):
            header.moveSection(header.visualIndex(i), i)
            header.setSectionHidden(i, False)
            self.table.setColumnWidth(i, column.width)

    def _restore_sort_indicator(self) -> None:
        column, order = self.model.sort_column()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        notify(self, self.tr("The list cannot be sorted by this column."))

    # --- persisted layout -----------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("leads/header", self.table.horizontalHeader().saveState())
        if self.detail.isVisible():
            settings.setValue("leads/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Columns (order, width, hidden) and sort from the last session; call before the first show."""
        header = self.table.horizontalHeader()
        state = settings.value("leads/header")
        header.blockSignals(True)  # the sort is read below; no query may start before the first show
        restored = state is not None and header.restoreState(state)
        header.blockSignals(False)
        if restored:
            column = header.sortIndicatorSection()
            if 0 <= column < len(COLUMNS) and COLUMNS[column].sort_key:
                descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                self.model.query = replace(self.model.query, order_by=COLUMNS[column].sort_key, descending=descending)
            else:
                self.enable_sorting()
        splitter = settings.value("leads/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def enable_sorting(self) -> None:
        """Show the model's order in the header; header clicks then re-query SQL."""
        column, order = self.model.sort_column()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)


if __name__ == "__main__":
    from app.ui.app import preview

    preview(LeadsView, size=(1300, 760))
