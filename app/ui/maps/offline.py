"""The Map screen's offline route sheet: nearby leads and the day's order from the saved positions,
shown in the map's place when the map cannot load (or when the toolbar's "Offline sheet" asks), and
printed from there.

Texts keep the "MapView" translation context they had when this was part of the screen.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from app.services.maps.map_reads import OfflineSheet, offline_sheet
from app.ui.errors import alive, report_error
from app.ui.maps.sheet import offline_html, open_print_dialog

logger = logging.getLogger(__name__)


class OfflineSheetPane(QObject):
    """Fills the screen's sheet view (`screen.sheet_view`); owned by MapView as `offline_sheet`.

    `screen` is the MapView (not imported here, so the map's modules stay free of cycles)."""

    def __init__(self, screen: Any) -> None:
        super().__init__(screen)
        self.screen = screen
        self.sheet: OfflineSheet | None = None
        self.html = ""
        self.print_dialog: Any = None
        screen.toolbar.sheet_print_button.clicked.connect(self.print_sheet)

    def refresh(self) -> None:
        """Read the sheet again: around my position, else around the selected lead (or the plan's first)."""
        screen = self.screen
        position = screen.area.my_position()
        reference_lead = screen.current_lead() if position is None else None
        plan = screen.plan_panel
        (screen.runner.task(offline_sheet, screen.ctx.db, screen.markers.query, position, reference_lead,
                            screen.day_plan.plan_ids(), screen.radius_spin.value(), plan.departure_utc(),
                            plan.visit_seconds())
         .on_success(alive(self, self._ready))
         .on_failure(alive(self, lambda exc: report_error(screen, exc)))
         .start())

    def _ready(self, sheet: OfflineSheet) -> None:
        self.sheet = sheet
        if sheet.reference_lead is not None:
            around = sheet.reference_lead.name
        elif sheet.reference is not None:
            around = QCoreApplication.translate("MapView", "your position")
        else:
            around = ""
        self.html = offline_html(sheet, around)
        self.screen.sheet_view.setHtml(self.html)
        if sheet.nearby is not None:
            self.screen.area.fill_nearby(sheet.nearby)
        self.screen.offline_sheet_ready.emit(sheet)

    def print_sheet(self) -> None:
        if self.html:
            self.print_dialog = open_print_dialog(self.screen, self.html)
