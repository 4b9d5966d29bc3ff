"""The lead table's columns: which show, in what order and width, the sort in the header, and keeping them.

Sorting is done by SQL: a header click re-queries the model, and a column the model cannot sort by
puts the indicator back. The layout is saved in QSettings under "leads/header".
Texts use the Leads screen's translation context ("LeadsView"), where they were first written.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QToolButton, QWidget

from app.ui import icons
from app.ui.errors import notify
from app.ui.leads.model import COLUMNS, LeadTableModel

logger = logging.getLogger(__name__)


class LeadColumns:
    """The columns of `table` (showing `model`): the Columns button, the header's menu, sort and state.

    `screen` is the widget the menus and notices belong to.
    """

    def __init__(self, table: QTableView, model: LeadTableModel, screen: QWidget) -> None:
        self.table = table
        self.model = model
        self.screen = screen
        self.button = QToolButton()
        self.button.setIcon(icons.icon("columns"))
        self.button.setToolTip(QCoreApplication.translate("LeadsView", "Choose columns"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(QMenu(self.button))
        for i, column in enumerate(COLUMNS):
            table.setColumnWidth(i, column.width)
        self.header = table.horizontalHeader()
        self.header.customContextMenuRequested.connect(self._show_header_menu)
        self.button.menu().aboutToShow.connect(lambda: self._fill(self.button.menu()))
        model.sort_refused.connect(self._restore_sort_indicator)

    # --- choosing columns -------------------------------------------------------------------------

    def _show_header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.screen)
        self._fill(menu)
        menu.exec(self.header.mapToGlobal(pos))

    def _fill(self, menu: QMenu) -> None:
        menu.clear()
        for i, column in enumerate(COLUMNS):
            action = QAction(column.title(), menu)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(i))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, i=i: self.header.setSectionHidden(i, not on))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("LeadsView", "Reset columns"), self.reset)

    def reset(self) -> None:
        """Every column shown, in its first order and width."""
        for i, column in enumerate(COLUMNS):
            self.header.moveSection(self.header.visualIndex(i), i)
            self.header.setSectionHidden(i, False)
            self.table.setColumnWidth(i, column.width)

    # --- sort ----------------------------------------------------------------------------------

    def enable_sorting(self) -> None:
        """Show the model's order in the header; header clicks then re-query SQL."""
        self._show_sort_indicator()
        self.header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)

    def _restore_sort_indicator(self) -> None:
        self._show_sort_indicator()
        notify(self.screen, QCoreApplication.translate("LeadsView", "The list cannot be sorted by this column."))

    def _show_sort_indicator(self) -> None:
        column, order = self.model.sort_column()
        self.header.blockSignals(True)  # the indicator follows the model here; it must not re-query
        self.header.setSortIndicator(column, order)
        self.header.blockSignals(False)

    # --- persisted layout -----------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("leads/header", self.header.saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Order, width, hidden and sort from the last session; call before the first show."""
        state = settings.value("leads/header")
        self.header.blockSignals(True)  # the sort is read below; no query may start before the first show
        restored = state is not None and self.header.restoreState(state)
        self.header.blockSignals(False)
        if not restored:
            return
        column = self.header.sortIndicatorSection()
        if 0 <= column < len(COLUMNS) and COLUMNS[column].sort_key:
            descending = self.header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            self.model.query = replace(self.model.query, order_by=COLUMNS[column].sort_key, descending=descending)
        else:
            self.enable_sorting()
