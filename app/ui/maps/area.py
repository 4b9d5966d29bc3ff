"""The Map screen's map area, which the Leads list follows (LeadQuery.ids): a radius ("circle": centre,
then edge) or an area ("polygon": corner by corner) drawn on the map, or the leads near a position
(typed, the map's centre or the device's own, for "Use my location") or near a lead.

Texts keep the "MapView" translation context they had when this was part of the screen; those with
a count come from the screen (MapView.*_text), where pyside6-lupdate sees them as plurals.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from app.services.leads.search import LeadQuery
from app.services.maps.map_reads import AreaResult, NearbyResult, leads_in_area, near_lead, nearby_leads
from app.ui.errors import alive, notify, report_error
from app.ui.maps.position import DevicePosition, PositionAnswer, PositionFix, PositionSource
from app.ui.maps.sheet import km_text

logger = logging.getLogger(__name__)


class MapArea(QObject):
    """The drawn radius or area and the nearby leads; owned by MapView as `area`.

    `screen` is the MapView (not imported here, so the map's modules stay free of cycles);
    `position` answers "Use my location" (the device's, unless a test hands its own)."""

    def __init__(self, screen: Any, position: PositionSource | None = None) -> None:
        super().__init__(screen)
        self.screen = screen
        self.position_source: PositionSource = position if position is not None else DevicePosition(self)
        self.circle: tuple[float, float, float] | None = None  # lat, lng, radius km
        self.polygon: list[tuple[float, float]] | None = None  # the drawn area's corners (lat, lng)
        self.ids: tuple[int, ...] | None = None  # the leads inside, as the list was given them
        self._locating = False
        screen.draw_button.clicked.connect(lambda _checked=False: self.start_drawing("circle"))
        screen.draw_area_button.clicked.connect(lambda _checked=False: self.start_drawing("polygon"))
        screen.clear_area_button.clicked.connect(self.clear_area)
        nearby = screen.nearby_panel
        nearby.use_centre_button.clicked.connect(self._use_centre)
        nearby.locate_button.clicked.connect(self.use_my_location)
        nearby.near_me_button.clicked.connect(self.near_me)
        nearby.near_lead_button.clicked.connect(self.near_selected)
        bridge = screen.bridge
        bridge.nearby_requested.connect(self.near_lead)
        bridge.circle_drawn.connect(self._circle_drawn)
        bridge.polygon_drawn.connect(self._polygon_drawn)

    @property
    def is_set(self) -> bool:
        return self.circle is not None or self.polygon is not None

    def redraw(self) -> None:
        """Put the area back on a page that has just (re)loaded."""
        if self.circle is not None:
            lat, lng, km = self.circle
            self.screen.bridge.areaChanged.emit(json.dumps({"lat": lat, "lng": lng, "radius": km * 1000}))
        elif self.polygon is not None:
            self.screen.bridge.areaChanged.emit(json.dumps({"path": self.polygon}))

    # --- drawing ------------------------------------------------------------------------------------

    def start_drawing(self, kind: str = "circle") -> None:
        """Draw a radius ("circle": centre, then edge) or an area ("polygon": corner by corner) on the map."""
        if self.screen.view is not None:
            self.screen.view.setFocus()  # so Esc reaches the page, not the toolbar button just clicked
        self.screen.bridge.drawRequested.emit(kind)

    def _base_query(self) -> LeadQuery:
        leads = self.screen.leads
        query = leads.current_query() if leads is not None else self.screen.markers.query
        return replace(query, ids=None)

    def _circle_drawn(self, lat: float, lng: float, radius_m: float) -> None:
        self._run_nearby(lat, lng, max(0.05, radius_m / 1000.0), from_map=True)

    def _run_nearby(self, lat: float, lng: float, radius_km: float, *, from_map: bool) -> None:
        screen = self.screen
        (screen.runner.task(nearby_leads, screen.ctx.db, lat, lng, radius_km, self._base_query())
         .on_success(alive(self, lambda result: self._nearby_done(result, from_map)))
         .on_failure(alive(self, lambda exc: report_error(screen, exc)))
         .start())

    def _polygon_drawn(self, corners_json: str) -> None:
        try:
            corners = [(float(lat), float(lng)) for lat, lng in json.loads(corners_json)]
        except (ValueError, TypeError):
            logger.warning("map page sent an unreadable area: %.200s", corners_json)
            return
        screen = self.screen
        (screen.runner.task(leads_in_area, screen.ctx.db, corners, self._base_query())
         .on_success(alive(self, self._polygon_done))
         .on_failure(alive(self, lambda exc: report_error(screen, exc)))
         .start())

    def _polygon_done(self, result: AreaResult) -> None:
        self.circle = None
        self.polygon = [(lat, lng) for lat, lng in result.corners]
        self.ids = tuple(result.ids)
        self.screen.clear_area_button.show()
        self.screen.markers.fit_next = False
        self._set_list_area(list(result.ids), self.screen.area_text(len(result.ids)))
        self.screen.area_changed.emit(list(result.ids))

    def _nearby_done(self, result: NearbyResult, from_map: bool) -> None:
        screen = self.screen
        self.circle = (result.lat, result.lng, result.radius_km)
        self.polygon = None
        self.ids = tuple(result.ids)
        screen.clear_area_button.show()
        if not from_map and screen.state == "ready":
            screen.bridge.areaChanged.emit(json.dumps({"lat": result.lat, "lng": result.lng,
                                                       "radius": result.radius_km * 1000}))
        self.fill_nearby(result)
        label = screen.area_within_text(len(result.ids)).format(km=km_text(result.radius_km))
        screen.markers.fit_next = False
        self._set_list_area(list(result.ids), label)
        screen.area_changed.emit(list(result.ids))
        if screen.state == "offline":
            screen.offline_sheet.refresh()

    def _set_list_area(self, ids: list[int] | None, label: str = "") -> None:
        leads = self.screen.leads
        if leads is not None and hasattr(leads, "set_area"):
            leads.set_area(ids, label)
        else:
            self.screen.set_query(replace(self.screen.markers.query, ids=tuple(ids) if ids is not None else None))

    # --- clearing -------------------------------------------------------------------------------------

    def _drop(self) -> bool:
        """Forget the area and take it off the map; True if there was one."""
        had = self.is_set
        self.circle = None
        self.polygon = None
        self.ids = None
        self.screen.clear_area_button.hide()
        if self.screen.state == "ready":
            self.screen.bridge.areaChanged.emit("null")
        return had

    def clear_area(self) -> None:
        """The toolbar's "Clear area": the list shows every lead again."""
        if self._drop():
            self._set_list_area(None)
            self.screen.area_changed.emit(None)

    def list_cleared(self) -> None:
        """The list dropped its map area (its chip was closed): the circle or polygon goes too."""
        if self.is_set:
            self._drop()

    # --- nearby ----------------------------------------------------------------------------------------

    def my_position(self) -> tuple[float, float] | None:
        return self.screen.nearby_panel.position()

    def _use_centre(self) -> None:
        screen = self.screen
        if screen.centre is None:
            notify(screen, QCoreApplication.translate("MapView", "The map is not showing, so it has no center to use."),
                   "warning")
            return
        screen.position_edit.setText(f"{screen.centre[0]:.5f}, {screen.centre[1]:.5f}")
        screen.settings_store.setValue("map/position", screen.position_edit.text())

    def near_me(self) -> None:
        screen = self.screen
        position = self.my_position()
        if position is None:
            notify(screen, QCoreApplication.translate(
                "MapView", "Enter your position as “latitude, longitude”, e.g. -23.5614, -46.6559, "
                "or use the map center."), "warning")
            screen.tabs.setCurrentIndex(0)
            screen.position_edit.setFocus()
            return
        screen.settings_store.setValue("map/position", screen.position_edit.text())
        self._run_nearby(position[0], position[1], screen.radius_spin.value(), from_map=False)

    def use_my_location(self) -> None:
        """Ask the device where it is (one fix, with a time limit), then run Near me from there."""
        if self._locating:
            return
        self._locating = True
        self.screen.tabs.setCurrentIndex(0)
        self.screen.nearby_panel.set_locating(True)
        self.position_source.locate(self.screen.locate_timeout_ms, alive(self, self._located))

    def _located(self, answer: PositionAnswer) -> None:
        screen = self.screen
        self._locating = False
        screen.nearby_panel.set_locating(False)
        screen.position_found.emit(answer)
        if isinstance(answer, PositionFix):
            screen.position_edit.setText(f"{answer.lat:.5f}, {answer.lng:.5f}")
            self.near_me()
            return
        notify(screen, screen.nearby_panel.show_location_failure(answer.reason), "warning")

    def near_selected(self) -> None:
        lead_id = self.screen.current_lead()
        if lead_id is None:
            notify(self.screen, QCoreApplication.translate("MapView", "Select a lead in the list or on the map first."),
                   "warning")
            return
        self.near_lead(lead_id)

    def near_lead(self, lead_id: int) -> None:
        screen = self.screen
        screen.tabs.setCurrentIndex(0)
        (screen.runner.task(near_lead, screen.ctx.db, lead_id, screen.radius_spin.value(), self._base_query())
         .on_success(alive(self, lambda result: self._nearby_done(result, False)))
         .on_failure(alive(self, lambda exc: report_error(screen, exc)))
         .start())

    def fill_nearby(self, result: NearbyResult) -> None:
        self.screen.nearby_panel.fill(result.rows)
        self.screen.nearby_label.setText(self.screen.nearby_text(len(result.ids)).format(km=km_text(result.radius_km)))
