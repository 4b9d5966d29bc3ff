"""The Map screen's markers: the list's leads read on the "db" lane and sent to the page in JSON
batches (the page clusters them by zoom itself), the counts above the map, the To check tab, and
geocoding the leads of the list that have no position yet.

Texts keep the "MapView" translation context they had when this was part of the screen; those with
a count come from the screen (MapView.*_text), where pyside6-lupdate sees them as plurals.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer

from app.progress import Cancelled
from app.services.leads.search import LeadQuery
from app.services.maps.geo import GeocodeSummary
from app.services.maps.map_reads import MarkerLoad, geocode_for_map, load_markers
from app.ui.errors import alive, notify, report_error

logger = logging.getLogger(__name__)

RELOAD_DELAY_MS = 80  # a burst of list changes reads the markers once


class MapMarkers(QObject):
    """The markers of the list's query, kept in step with the page; owned by MapView as `markers`.

    `screen` is the MapView (not imported here, so the map's modules stay free of cycles)."""

    def __init__(self, screen: Any) -> None:
        super().__init__(screen)
        self.screen = screen
        self.query = LeadQuery()  # the list's query the markers show
        self.load: MarkerLoad | None = None
        self.fit_next = True  # the next markers sent to the page fit the map to them
        self.dirty = False  # the query changed while the screen was hidden
        self.geocode_task: Any = None
        self._geocode_text = ""  # the last run's summary, shown above the To check list
        self._gen = 0
        self._pending: list[str] = []
        self._pushing_gen = 0
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS, timeout=self.reload)
        screen.geocode_button.clicked.connect(self.geocode_missing)
        screen.geocode_cancel.clicked.connect(self.cancel_geocoding)
        screen.bridge.placed.connect(self._placed)

    # --- loading ---------------------------------------------------------------------------------

    def follow(self, query: LeadQuery, *, refit: bool) -> None:
        """Show the markers of `query`: now if the screen shows, else when it is next shown (the
        list's own queries go first)."""
        if refit:
            self.fit_next = True
        self.query = query
        if self.screen.isVisible():
            self._reload_timer.start()
        else:
            self.dirty = True

    def reload(self) -> None:
        self._reload_timer.stop()
        self.dirty = False
        self._gen += 1
        (self.screen.runner.task(load_markers, self.screen.ctx.db, self.query, self._gen)
         .on_success(alive(self, self._loaded))
         .on_failure(alive(self, lambda exc: report_error(self.screen, exc)))
         .start())

    def _loaded(self, load: MarkerLoad) -> None:
        if load.gen != self._gen:
            return  # a newer query is on its way
        self.load = load
        self._update_counts()
        self._fill_check(load)
        if self.screen.state == "ready":
            self.push()
        elif self.screen.state == "offline":
            self.screen.offline_sheet.refresh()

    def _update_counts(self) -> None:
        load, screen = self.load, self.screen
        if load is None:
            return
        if load.sent < load.placed:
            text = QCoreApplication.translate(
                "MapView", "The first {shown} of {count} located leads are on the map: narrow the list to see the "
                "rest").format(shown=QLocale().toString(load.sent), count=QLocale().toString(load.placed))
        else:
            text = screen.on_map_text(load.placed)
        if load.total > load.placed:
            text += " · " + screen.without_position_text(load.total - load.placed)
        screen.count_label.setText(text)
        missing = len(load.without_position)
        screen.geocode_button.setText(screen.geocode_text(missing))
        screen.geocode_button.setVisible(missing > 0 and self.geocode_task is None)

    def _fill_check(self, load: MarkerLoad) -> None:
        """The To check tab lists, from the database, the leads of the list geocoding flagged."""
        order = [i for i in load.flagged if i in load.flagged_infos]
        self.screen.check_panel.fill(load.flagged_infos, load.flagged, order)
        if order:
            hint = self.screen.to_check_text(len(order))
        else:
            hint = QCoreApplication.translate(
                "MapView", "Leads Google could not place, or placed only roughly, show up here after geocoding. "
                "Double-click one to open it and correct its address.")
        self.screen.check_label.setText(f"{self._geocode_text}\n{hint}" if self._geocode_text else hint)

    # --- sending them to the page ----------------------------------------------------------------

    def push(self) -> None:
        """Send the loaded rows to the page in batches, one per event-loop turn."""
        load = self.load
        if load is None or self.screen.state != "ready":
            return
        self._pushing_gen = load.gen
        self.screen.bridge.markersBegin.emit(json.dumps({"gen": load.gen, "fit": self.fit_next, "total": load.placed}))
        self.fit_next = False
        self._pending = list(load.batches)
        QTimer.singleShot(0, self, self._push_next)

    def _push_next(self) -> None:
        if self.load is None or self._pushing_gen != self.load.gen:
            return
        if self._pending:
            self.screen.bridge.markersBatch.emit(self._pending.pop(0))
            QTimer.singleShot(0, self, self._push_next)
        else:
            self.screen.bridge.markersEnd.emit(self._pushing_gen)

    def _placed(self, count: int, gen: int) -> None:
        if gen == self._gen:
            self.screen.markers_placed.emit(count)

    # --- geocoding the leads without a position ---------------------------------------------------

    def geocode_missing(self) -> None:
        if self.load is None or not self.load.without_position or self.geocode_task is not None:
            return
        ids = list(self.load.without_position)
        ctx = self.screen.ctx

        def work(progress: Any = None) -> GeocodeSummary:
            return geocode_for_map(ctx.db, ctx.geocoder, ids, float(ctx.workspace.get("geocode.qps")), progress)

        task = (self.screen.runner.task(work, lane="net")
                .with_progress(QCoreApplication.translate("MapView", "Geocoding leads…"))
                .on_success(alive(self, self._geocoded))
                .on_failure(alive(self, self._geocode_failed)))
        task.signals.progressed.connect(alive(self, self._geocode_progress))
        self.geocode_task = task
        self.screen.toolbar.geocoding_started(len(ids))
        task.start()

    def _geocode_progress(self, done: int, total: int, _text: str) -> None:
        self.screen.toolbar.geocoding_progressed(done, total)

    def cancel_geocoding(self) -> None:
        if self.geocode_task is not None:
            self.geocode_task.cancel()

    def _geocode_finished(self) -> None:
        self.geocode_task = None
        self.screen.toolbar.geocoding_finished()
        self.reload()

    def _geocoded(self, summary: GeocodeSummary) -> None:
        self._geocode_finished()
        text = QCoreApplication.translate(
            "MapView", "Geocoding done. Placed: {geocoded} · from the cache: {cached} · only roughly: {partial} · "
            "not found: {missing} · errors: {errors}.").format(
            geocoded=summary.geocoded, cached=summary.from_cache, partial=summary.partial,
            missing=summary.not_found, errors=summary.errors)
        flagged = [*summary.not_found_ids, *summary.partial_ids, *summary.error_ids]
        self._geocode_text = text
        self.screen.check_label.setText(text)  # the list itself is refilled from the database with the markers
        notify(self.screen, text, "warning" if flagged else "info")
        self.screen.geocoded.emit(summary)
        if flagged:
            self.screen.tabs.setCurrentIndex(2)

    def _geocode_failed(self, exc: BaseException) -> None:
        self._geocode_finished()
        if isinstance(exc, Cancelled):
            notify(self.screen, QCoreApplication.translate(
                "MapView", "Geocoding stopped. The leads placed so far keep their positions."))
            return
        if getattr(exc, "status", "") == "NO_KEY":  # MapsKeyMissing: its own text is for the command line
            notify(self.screen, QCoreApplication.translate(
                "MapView", "Geocoding needs a Google Maps API key, and none is set. Add it in Settings → "
                "Integrations, then geocode again."), "warning")
            return
        report_error(self.screen, exc)
