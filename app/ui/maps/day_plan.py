"""The Map screen's day plan: the leads to visit, the day's route (Google Routes on the "net" lane,
drawn along the roads; nearest neighbour and straight lines when Google cannot answer), what the
route label says about it, and its printout, PDF and CSV.

Texts keep the "MapView" translation context they had when this was part of the screen; those with
a count come from the screen (MapView.*_text), where pyside6-lupdate sees them as plurals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog

from app.services.maps.map_reads import LeadInfo, RouteSheet, lead_infos, plan_day
from app.ui.errors import alive, notify, report_error
from app.ui.maps.sheet import duration_text, km_text, open_print_dialog, printable_html, write_csv, write_pdf

logger = logging.getLogger(__name__)

MAX_PLAN_STOPS = 25  # Routes API: at most 25 intermediate waypoints


class DayPlan(QObject):
    """The stops and the planned route sheet; owned by MapView as `day_plan`.

    `screen` is the MapView (not imported here, so the map's modules stay free of cycles)."""

    def __init__(self, screen: Any) -> None:
        super().__init__(screen)
        self.screen = screen
        self.sheet: RouteSheet | None = None  # the planned route, once there is one
        self.print_dialog: Any = None
        self.file_dialog: QFileDialog | None = None
        self._stops: list[int] = []
        self._names: dict[int, str] = {}
        panel = screen.plan_panel
        panel.add_selected_button.clicked.connect(self.add_selected_to_plan)
        panel.remove_stop_button.clicked.connect(self._remove_stops)
        panel.clear_plan_button.clicked.connect(self.clear_plan)
        panel.plan_button.clicked.connect(self.plan_route)
        panel.print_button.clicked.connect(self.print_sheet)
        panel.pdf_button.clicked.connect(lambda _checked=False: self.export_pdf(None))
        panel.csv_button.clicked.connect(lambda _checked=False: self.export_csv(None))
        screen.bridge.plan_requested.connect(lambda lead_id: self.add_to_plan([lead_id]))

    def redraw(self) -> None:
        """Put the route back on a page that has just (re)loaded."""
        if self.sheet is not None:
            self.screen.bridge.routeChanged.emit(self.sheet.page_json())

    # --- the stops ---------------------------------------------------------------------------------------

    def plan_ids(self) -> list[int]:
        return list(self._stops)

    def add_selected_to_plan(self) -> None:
        leads = self.screen.leads
        ids = leads.selected_ids() if leads is not None else []
        if not ids:
            notify(self.screen, QCoreApplication.translate(
                "MapView", "Select the leads to visit in the Leads list (or use “+ Day plan” on the map)."), "warning")
            return
        self.add_to_plan(ids)

    def add_to_plan(self, ids: list[int]) -> None:
        screen = self.screen
        new = [i for i in dict.fromkeys(ids) if i not in self._stops]
        room = MAX_PLAN_STOPS - len(self._stops)
        if len(new) > room:
            notify(screen, QCoreApplication.translate(
                "MapView", "A day plan holds at most {n} stops; the rest were left out.").format(n=MAX_PLAN_STOPS),
                "warning")
            new = new[:max(0, room)]
        if not new:
            return
        self._stops.extend(new)
        screen.tabs.setCurrentIndex(1)
        (screen.runner.task(lead_infos, screen.ctx.db, new)
         .on_success(alive(self, self._names_loaded))
         .on_failure(alive(self, lambda exc: report_error(screen, exc)))
         .start())

    def _names_loaded(self, infos: dict[int, LeadInfo]) -> None:
        for lead_id, info in infos.items():
            self._names[lead_id] = info.name if info.lat is not None else QCoreApplication.translate(
                "MapView", "{name} (no position)").format(name=info.name)
        self._fill_list()

    def _fill_list(self) -> None:
        self.screen.plan_panel.fill_stops(self._stops, self._names)

    def _remove_stops(self) -> None:
        chosen = self.screen.plan_panel.selected_stops()
        self._stops = [i for i in self._stops if i not in chosen]
        self._fill_list()

    def clear_plan(self) -> None:
        self._stops = []
        self._fill_list()
        self.sheet = None
        self.screen.plan_panel.reset()
        if self.screen.state == "ready":
            self.screen.bridge.routeChanged.emit("null")

    # --- the route ----------------------------------------------------------------------------------------

    def plan_route(self) -> None:
        screen = self.screen
        if not self._stops:
            notify(screen, QCoreApplication.translate("MapView", "Add the leads to visit first."), "warning")
            return
        start = screen.area.my_position() if screen.from_position.isChecked() else None
        if screen.from_position.isChecked() and start is None:
            notify(screen, QCoreApplication.translate(
                "MapView", "Enter your position in the Nearby tab to start from it."), "warning")
            return
        screen.plan_button.setEnabled(False)
        screen.route_label.setText(QCoreApplication.translate("MapView", "Planning the route…"))
        plan = screen.plan_panel
        (screen.runner.task(plan_day, screen.ctx.db, screen.ctx.router, list(self._stops), start,
                            plan.departure_utc(), plan.visit_seconds(), lane="net")
         .on_success(alive(self, self._route_done))
         .on_failure(alive(self, self._route_failed))
         .start())

    def _route_failed(self, exc: BaseException) -> None:
        self.screen.plan_button.setEnabled(True)
        self.screen.route_label.setText("")
        report_error(self.screen, exc)

    def _route_done(self, sheet: RouteSheet) -> None:
        screen = self.screen
        screen.plan_button.setEnabled(True)
        self.sheet = sheet
        screen.plan_panel.show_route(sheet)
        screen.route_label.setText(self.route_text(sheet))
        if screen.state == "ready":
            screen.bridge.routeChanged.emit(sheet.page_json())
        elif screen.state == "offline":
            screen.offline_sheet.refresh()
        screen.route_planned.emit(sheet)

    def route_text(self, sheet: RouteSheet) -> str:
        """The route label: distance and time, and where order and times came from (and why not Google)."""
        if sheet.stops:
            text = QCoreApplication.translate("MapView", "{km} · {time} on the road. ").format(
                km=km_text(sheet.distance_km), time=duration_text(sheet.duration_s))
            if sheet.source != "google":
                text += QCoreApplication.translate(
                    "MapView", "Offline estimate (nearest neighbor, straight lines): {why}").format(
                    why=self.route_fallback_reason(sheet.google_status))
            elif sheet.path:
                text += QCoreApplication.translate("MapView", "Order, times and the route along the roads from Google Routes.")
            else:
                text += QCoreApplication.translate(
                    "MapView", "Order and times from Google Routes; the map joins the stops with straight lines.")
        else:
            text = QCoreApplication.translate("MapView", "None of these leads has a position yet: geocode them first.")
        if sheet.missing:
            text += " " + self.screen.left_out_text(len(sheet.missing))
        return text

    def route_fallback_reason(self, status: str) -> str:
        """Why Google Routes was not used (a MapsError status), and what fixes it, in the UI's language."""
        if status == "NO_KEY":
            return QCoreApplication.translate("MapView", "no Google Maps key is set. Add it in Settings → Integrations.")
        if status == "SERVICE_DISABLED":
            return QCoreApplication.translate(
                "MapView", "the Routes API is not enabled for the Maps key. Enable it (with billing) in the key's "
                "Google Cloud project.")
        if status in ("REQUEST_DENIED", "PERMISSION_DENIED", "UNAUTHENTICATED", "INVALID_KEY", "INVALID_ARGUMENT",
                      "OVER_DAILY_LIMIT"):
            return QCoreApplication.translate(
                "MapView", "Google refused the Maps key. Check the key in Settings → Integrations, and that the "
                "Routes API is enabled with billing for its Google Cloud project.")
        if status in ("OVER_QUERY_LIMIT", "RESOURCE_EXHAUSTED"):
            return QCoreApplication.translate("MapView", "the Google Routes quota is used up for now. Try again in a moment.")
        if status == "OFFLINE":
            return QCoreApplication.translate("MapView", "Google Routes could not be reached. Check the network connection.")
        if status == "NO_ROUTE":
            return QCoreApplication.translate("MapView", "Google Routes found no road route between these stops.")
        return QCoreApplication.translate("MapView", "Google Routes failed ({status}). Try again later.").format(
            status=status or "?")

    # --- printout, PDF and CSV -----------------------------------------------------------------------------

    def print_sheet(self) -> None:
        if self.sheet is not None:
            self.print_dialog = open_print_dialog(self.screen, printable_html(self.sheet))

    def _ask_path(self, caption: str, suffix: str, kind: str, chosen: Callable[[Path], None]) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        dialog = QFileDialog(self.screen, caption, str(Path.home() / f"route-{stamp}.{suffix}"), kind)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(lambda path: chosen(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export_pdf(self, path: Path | None = None) -> None:
        if self.sheet is None:
            return
        if path is None:
            self._ask_path(QCoreApplication.translate("MapView", "Save the route sheet as PDF"), "pdf",
                           QCoreApplication.translate("MapView", "PDF files (*.pdf)"), self.export_pdf)
            return
        try:
            write_pdf(path, printable_html(self.sheet))
        except OSError as exc:
            report_error(self.screen, exc)
            return
        notify(self.screen, QCoreApplication.translate("MapView", "Route sheet saved to {path}.").format(path=str(path)))

    def export_csv(self, path: Path | None = None) -> None:
        if self.sheet is None:
            return
        if path is None:
            self._ask_path(QCoreApplication.translate("MapView", "Save the route sheet as CSV"), "csv",
                           QCoreApplication.translate("MapView", "CSV files (*.csv)"), self.export_csv)
            return
        try:
            write_csv(path, self.sheet)
        except OSError as exc:
            report_error(self.screen, exc)
            return
        notify(self.screen, QCoreApplication.translate("MapView", "Route sheet saved to {path}.").format(path=str(path)))
