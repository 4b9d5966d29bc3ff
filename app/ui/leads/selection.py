"""The lead table's selection, kept across refreshes by lead ID rather than by row.

A refresh resets the ID-list model: just before, the selected IDs, the current lead and the lead at
the top of the view are remembered; once the new IDs are in, the rows that still hold them are
selected again and the view scrolls back (or to the current lead).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.ui.leads.model import LeadTableModel

logger = logging.getLogger(__name__)

MAX_KEPT_SELECTION = 2000  # more selected rows than this are not re-selected after a refresh


class LeadSelection:
    """The selected leads of `table` (showing `model`), re-selected after each model reset."""

    def __init__(self, table: QTableView, model: LeadTableModel) -> None:
        self.table = table
        self.model = model
        self.keep_scroll = False  # after the next reset, scroll back to the lead that was at the top
        self.select_after: list[int] | None = None  # after the next reset, select these instead
        self._memory: tuple[list[int], int | None, int | None] | None = None
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

    def selected_ranges(self) -> list[tuple[int, int]]:
        return [(r.top(), r.bottom()) for r in self.table.selectionModel().selection()]

    def selected_ids(self) -> list[int]:
        return self.model.ids_in_ranges(self.selected_ranges())

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.lead_id(index.row()) if index.isValid() else None

    def select_lead(self, lead_id: int) -> bool:
        """Make the lead current and the only one selected, centred; False when the list does not show it."""
        row = self.model.row_of(lead_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _remember(self) -> None:
        ranges = self.selected_ranges()
        rows = sum(bottom - top + 1 for top, bottom in ranges)
        selected = self.model.ids_in_ranges(ranges) if rows <= MAX_KEPT_SELECTION else []
        top_row = self.table.rowAt(0)
        top_id = self.model.lead_id(top_row) if top_row >= 0 else None
        self._memory = (selected, self.current_id(), top_id)

    def _restore(self) -> None:
        selected, current, top = self._memory or ([], None, None)
        if self.select_after is not None:
            selected, current, top = self.select_after, (self.select_after or [None])[0], None
            self.select_after = None
        self._memory = None
        rows = self.model.rows_of([*selected, *(i for i in (current, top) if i is not None)])
        self._select_rows(sorted(rows[i] for i in selected if i in rows))
        current_index = self.model.index(rows[current], 0) if current in rows else QModelIndex()
        if current_index.isValid():
            self.table.selectionModel().setCurrentIndex(current_index, QItemSelectionModel.SelectionFlag.NoUpdate)
        if self.keep_scroll and top in rows:
            self.table.scrollTo(self.model.index(rows[top], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        elif current_index.isValid():
            self.table.scrollTo(current_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.table.scrollToTop()

    def _select_rows(self, rows: list[int]) -> None:
        """Select these rows (sorted) as few ranges, one per run of consecutive rows."""
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
