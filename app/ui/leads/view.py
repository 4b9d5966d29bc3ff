"""The Leads screen: search-as-you-type, filters, the ID-list table and the lead detail panel.

Typing restarts a short debounce; the query runs in the db lane and stale answers are dropped
by the model, so the table never waits on SQL. Deletes are soft and offered for undo.
Beside it: the search and filter bar (filters.py), the columns and their sort (columns.py) and the
selection kept across refreshes (selection.py).
Run alone on a demo workspace: `python -m app.ui.leads.view`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.context import AppContext
from app.progress import Cancelled, Progress
from app.services.leads.leads import LeadService
from app.services.leads.search import LeadQuery
from app.ui import icons
from app.ui.errors import alive, notify, offer_undo, report_error
from app.ui.i18n import stage_label
from app.ui.leads.columns import LeadColumns
from app.ui.leads.filters import FilterOptions, LeadFilterBar, load_filter_options
from app.ui.leads.model import COLUMN_INDEX, LeadTableModel
from app.ui.leads.score_popover import EXPLAIN_SHORTCUT, ScoreDelegate
from app.ui.leads.selection import MAX_KEPT_SELECTION, LeadSelection
from app.ui.tasks import TaskRunner
from app.ui.widgets.id_table import IdListTable

if TYPE_CHECKING:
    from app.ui.leads.detail import LeadDetail

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 150
CHUNK = 2000
CONFIRM_ABOVE = 200


# --- work for the db lane (plain functions: ids in, counts or ids out) ----------------------------

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

class LeadTable(IdListTable):
    """The table: fixed row height, Enter opens, typing goes to the search box."""

    open_requested = Signal()
    type_ahead = Signal(str)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LeadTable")
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        self._options_stale = True
        self._build()
        self._connect()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = LeadTable()
        self.table.setModel(self.model)
        self.selection = LeadSelection(self.table, self.model)
        self.score_delegate = ScoreDelegate(self.table)
        self.table.setItemDelegateForColumn(COLUMN_INDEX["score"], self.score_delegate)
        self.table.clicked.connect(lambda index: self.explain_score(index.row())
                                   if index.column() == COLUMN_INDEX["score"] else None)
        self.explain_action = QAction(self.tr("Why this score?"), self)
        self.explain_action.setShortcut(EXPLAIN_SHORTCUT)
        self.explain_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.explain_action.triggered.connect(lambda: self.explain_score(self.table.currentIndex().row()))
        self.table.addAction(self.explain_action)
        self.columns = LeadColumns(self.table, self.model, self)
        self._detail: LeadDetail | None = None  # built when a lead is first opened (see `detail`)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.enable_sorting()

        self.sms_button = QPushButton(icons.icon("sms_out"), self.tr("Send SMS…"))
        self.sms_button.setToolTip(self.tr("Send an SMS to the selected leads or to every lead in the list"))
        self.sms_button.clicked.connect(self.send_sms)
        self.new_button = QPushButton(icons.icon("add", "#ffffff", None), self.tr("New lead"))
        self.new_button.setObjectName("PrimaryButton")
        self.new_button.setToolTip(self.tr("Create a lead (Ctrl+N)"))
        self.filter_bar = LeadFilterBar(actions=[self.sms_button, self.new_button], tools=[self.columns.button])
        # the bar's widgets under the names the rest of the app and the tests know
        self.search = self.filter_bar.search
        self.search.installEventFilter(self)
        self.filters = self.filter_bar.filters
        self.clear_button = self.filter_bar.clear_button
        self.area_chip = self.filter_bar.area_chip
        self.count_label = self.filter_bar.count_label

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addWidget(self.filter_bar)
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
        self.table.open_requested.connect(self.open_current)
        self.table.type_ahead.connect(self._type_ahead)
        self.table.escape_pressed.connect(self.close_detail)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._preview_timer.start())

    @property
    def detail(self) -> LeadDetail:
        """The lead's detail panel, built when first needed: it is hidden at start, and its
        timeline, SMS thread and recommendations cost ~0.1 s to import and build."""
        if self._detail is None:
            from app.ui.leads.detail import LeadDetail

            self._detail = LeadDetail(self.ctx, self.runner)
            self._detail.hide()
            self.splitter.addWidget(self._detail)
            self.splitter.setStretchFactor(1, 2)
            self._detail.changed.connect(self._lead_changed)
            self._detail.closed.connect(self.close_detail)
        return self._detail

    def _detail_shown(self) -> LeadDetail | None:
        """The detail panel when it is on screen (never builds it)."""
        return self._detail if self._detail is not None and self._detail.isVisible() else None

    # --- queries ---------------------------------------------------------------------------------

    def current_query(self) -> LeadQuery:
        """What the list shows now (search, filters, order): export uses the same."""
        return self.filter_bar.query(self.model.query)

    def _apply_query(self) -> None:
        self._debounce.stop()
        query = self.current_query()
        self.clear_button.setVisible(self.filter_bar.narrows(query))
        if query != self.model.query or not self._loaded_once:
            self.selection.keep_scroll = False
            self._loaded_once = True
            self.model.set_query(query)
            self.query_changed.emit(query)

    def set_area(self, ids: Iterable[int] | None, label: str = "") -> None:
        """Restrict the list to these leads (the map's drawn area), or None to show all again."""
        self.filter_bar.set_area(ids, label)
        self._apply_query()

    def refresh(self) -> None:
        """Re-run the query keeping selection and scroll position; reload the filter choices too."""
        self._loaded_once = True
        self.selection.keep_scroll = True
        self.model.query = self.current_query()
        self.model.reload()
        self._options_stale = True  # read after the list: the list comes first in the db lane
        if (detail := self._detail_shown()) and detail.lead_id is not None:
            detail.show_lead(detail.lead_id)

    def clear_filters(self) -> None:
        self.filter_bar.clear()
        self._apply_query()

    def _set_filter_options(self, options: FilterOptions) -> None:
        self.filter_bar.set_options(options, self.ctx.user.id)
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
        return self.selection.selected_ranges()

    def selected_ids(self) -> list[int]:
        return self.selection.selected_ids()

    def current_id(self) -> int | None:
        return self.selection.current_id()

    def select_lead(self, lead_id: int) -> bool:
        return self.selection.select_lead(lead_id)

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
        self.filter_bar.show_segment(segment)

    def close_detail(self) -> None:
        if detail := self._detail_shown():
            detail.hide()
            detail.clear()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _preview_current(self) -> None:
        lead_id = self.current_id()
        if (detail := self._detail_shown()) and lead_id is not None and lead_id != detail.lead_id:
            detail.show_lead(lead_id)

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
        self.selection.select_after = [record.id]
        self.refresh()
        self.leads_changed.emit()

    def _lead_changed(self, lead_id: int) -> None:
        self.model.invalidate([lead_id])
        self.selection.keep_scroll = True
        self.model.reload()  # the lead may now sort elsewhere or leave the filter
        self.leads_changed.emit()

    # --- delete, undo, bulk stage --------------------------------------------------------------

    def delete_selected(self) -> None:
        """Del: the selected interaction if the timeline has focus, else the selected leads."""
        if (detail := self._detail_shown()) and detail.timeline_has_focus():
            detail.delete_selected_interaction()
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
        if self._detail is not None and self._detail.lead_id in ids:
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
        self.selection.select_after = ids[:MAX_KEPT_SELECTION]
        self.selection.keep_scroll = False
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
        if self._detail is not None and self._detail.lead_id in ids:
            self._detail.show_lead(self._detail.lead_id)

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
        for key, label in self.filters["stages"].options():
            stages.addAction(label, lambda k=key: self.move_selected_to_stage(k))
        menu.addSeparator()
        menu.addAction(icons.icon("delete"), self.tr("Delete"), self.delete_selected).setShortcut(Qt.Key.Key_Delete)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # --- persisted layout -----------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        self.columns.save_state(settings)
        if self._detail_shown():
            settings.setValue("leads/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Columns (order, width, hidden) and sort from the last session; call before the first show."""
        self.columns.restore_state(settings)
        splitter = settings.value("leads/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def reset_columns(self) -> None:
        self.columns.reset()

    def enable_sorting(self) -> None:
        """Show the model's order in the header; header clicks then re-query SQL."""
        self.columns.enable_sorting()


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(LeadsView, size=(1300, 760))
