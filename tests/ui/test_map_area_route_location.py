"""The Map screen's area tool (a polygon drawn corner by corner in the page, edited, restored after
a reload, cleared from the list), the day's route drawn along the roads, and "Use my location"
(the machine's real position source, and scripted Qt position sources for a fix and a timeout)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtPositioning import QGeoCoordinate, QGeoPositionInfo, QGeoPositionInfoSource

from app.context import AppContext
from app.ui.maps.position import DevicePosition, PositionFailure, PositionFix
from app.ui.maps.view import MapView
from tests.fakes.google_server import KEY, FakeGoogle
from tests.fakes.map_stub import ScriptInterceptor
from tests.ui.conftest import idle
from tests.ui.test_map_view import PAULISTA, PLACES, js, screen, show_ready, stats

pytestmark = pytest.mark.qt_log_ignore("QRhiGles2: Failed to create", "QVulkanInstance: Failed", "Unable to detect GPU vendor",
                                       extend=True)

@pytest.fixture
def places(ctx: AppContext) -> dict[str, int]:
    """The seven placed leads of test_map_view (five around Avenida Paulista), name -> id."""
    return {name: ctx.leads.create({"name": name, "stage": stage, "lat": lat, "lng": lng}).id
            for name, stage, lat, lng in PLACES}


CORNERS = [(-23.550, -46.665), (-23.550, -46.650), (-23.566, -46.650), (-23.566, -46.665)]
MAP = "google.maps.__stub.maps[0]"


def click(lat: float, lng: float, event: str = "click") -> str:
    return f"google.maps.event.trigger({MAP}, '{event}', {{latLng: new google.maps.LatLng({lat}, {lng})}});"


def zoom_on_paulista(qtbot: Any, view: MapView) -> None:
    js(qtbot, view, f"{MAP}.setCenter({{lat: {PAULISTA[0]}, lng: {PAULISTA[1]}}}); {MAP}.setZoom(14); true")


def test_area_drawn_edited_restored_and_cleared(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    zoom_on_paulista(qtbot, view)
    view.draw_area_button.click()
    qtbot.waitUntil(lambda: stats(qtbot, view)["drawing"] == "polygon", timeout=10000)
    assert "corners" in js(qtbot, view, "document.getElementById('hint').textContent")

    # corner by corner, then a double-click (the browser sends click, click, dblclick) closes it
    last = CORNERS[-1]
    script = "".join(click(*c) for c in CORNERS) + click(*last) + click(*last, "dblclick") + "true"
    with qtbot.waitSignal(view.area_changed, timeout=10000) as area:
        js(qtbot, view, script)
    inside = {places[n] for n in ("Padaria Paulista", "Farmácia Consolação", "Café Augusta")}
    assert set(area.args[0]) == inside and set(leads.current_query().ids or ()) == inside
    assert leads.area_chip.isVisible() and leads.area_chip.text().startswith("Map area: 3 lead")
    numbers = stats(qtbot, view)
    assert numbers["polygon"] == [list(c) for c in CORNERS] and numbers["drawing"] is None
    assert numbers["circle"] is None and js(qtbot, view, "document.getElementById('hint').hidden") is True
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 3, timeout=10000)  # the map follows the list

    # dragging a corner (Google moves it through the path's set_at) filters the list again
    with qtbot.waitSignal(view.area_changed, timeout=10000) as edited:
        js(qtbot, view, "google.maps.__stub.polygons().find(p => p.getMap()).getPath()"
                        ".setAt(3, new google.maps.LatLng(-23.570, -46.700)); true")
    assert set(edited.args[0]) == inside | {places["Mercado Pinheiros"]}
    assert leads.area_chip.text().startswith("Map area: 4 lead")

    # the page reloads (as after going offline and back): the area comes back, still editable
    view.load_page()
    qtbot.waitUntil(lambda: view.state == "ready", timeout=30000)
    qtbot.waitUntil(lambda: (stats(qtbot, view)["polygon"] or [[0]])[3] == [-23.570, -46.700], timeout=15000)
    assert js(qtbot, view, "google.maps.__stub.polygons().find(p => p.getMap()).getEditable()") is True

    # clearing the chip in the list removes the polygon from the map
    with qtbot.waitSignal(view.markers_placed, timeout=10000, check_params_cb=lambda n: n == 7):
        leads.area_chip.click()
    assert stats(qtbot, view)["polygon"] is None and leads.current_query().ids is None
    assert view.page_ is not None and view.page_.console_errors == []


def test_area_closes_on_its_first_corner_and_escape_cancels(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    zoom_on_paulista(qtbot, view)

    view.area.start_drawing("polygon")
    qtbot.waitUntil(lambda: stats(qtbot, view)["drawing"] == "polygon", timeout=10000)
    js(qtbot, view, click(*CORNERS[0]) + click(*CORNERS[1]) + "true")
    assert js(qtbot, view, "google.maps.__stub.polylines().filter(p => p.getMap()).length") == 1  # the outline so far
    qtbot.keyClick(view.view.focusProxy(), Qt.Key.Key_Escape)  # a real key press, into the page
    qtbot.waitUntil(lambda: stats(qtbot, view)["drawing"] is None, timeout=10000)
    numbers = stats(qtbot, view)
    assert numbers["drawing"] is None and numbers["polygon"] is None
    assert js(qtbot, view, "google.maps.__stub.polylines().filter(p => p.getMap()).length") == 0
    assert js(qtbot, view, "document.getElementById('hint').hidden") is True

    view.area.start_drawing("polygon")
    qtbot.waitUntil(lambda: stats(qtbot, view)["drawing"] == "polygon", timeout=10000)
    js(qtbot, view, "".join(click(*c) for c in CORNERS[:3]) + "true")
    assert "first corner" in js(qtbot, view, "document.getElementById('hint').textContent")
    first = "google.maps.__stub.markers().find(m => m.getMap() && m.getTitle() === 'Close the area here')"
    with qtbot.waitSignal(view.area_changed, timeout=10000) as area:
        js(qtbot, view, f"google.maps.event.trigger({first}, 'click'); true")
    assert set(area.args[0]) == {places["Café Augusta"]}  # the north-east half of the square holds one of the three
    assert len(stats(qtbot, view)["polygon"]) == 3
    assert js(qtbot, view, f"{first} === undefined") is True

    # a radius drawn next replaces the area
    with qtbot.waitSignal(view.area_changed, timeout=10000):
        js(qtbot, view, f"aic.drawCircle({PAULISTA[0]}, {PAULISTA[1]}, 1500); true")
    numbers = stats(qtbot, view)
    assert numbers["polygon"] is None and numbers["circle"]["radius"] == 1500
    qtbot.waitUntil(lambda: leads.area_chip.text().startswith("Map area: 3 lead"), timeout=10000)
    assert "within 1.5 km" in leads.area_chip.text()


def test_route_follows_the_roads_from_google_and_is_straight_offline(qtbot, ctx, runner, places, memory_keyring):
    from app.services.workspace.secrets import SecretStore

    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    view.day_plan.add_to_plan([places[n] for n in ("Padaria Paulista", "Mercado Pinheiros", "Café Augusta")])
    idle(qtbot, runner)
    with qtbot.waitSignal(view.route_planned, timeout=20000) as planned:
        view.day_plan.plan_route()  # no Maps key yet: the offline estimate, straight lines
    assert planned.args[0].source == "offline" and planned.args[0].path == []
    qtbot.waitUntil(lambda: stats(qtbot, view)["routeStops"] == 3, timeout=10000)
    numbers = stats(qtbot, view)
    assert numbers["routeRoads"] is False and numbers["routePoints"] == 3
    assert "straight lines" in view.route_label.text()

    with FakeGoogle() as fake:
        SecretStore().set("google.maps_key", KEY)
        ctx.settings = replace(ctx.settings, google_routes_api_url=fake.url)
        with qtbot.waitSignal(view.route_planned, timeout=20000) as planned:
            view.day_plan.plan_route()
        sheet = planned.args[0]
        assert sheet.source == "google" and sheet.path == fake.last_route_path and len(sheet.path) > 10
    qtbot.waitUntil(lambda: stats(qtbot, view)["routeRoads"] is True, timeout=10000)
    assert stats(qtbot, view)["routePoints"] == len(sheet.path)
    page = json.loads(sheet.page_json())
    assert page["source"] == "google" and page["path"] == [list(point) for point in sheet.path]
    assert page["path"][0] == [page["stops"][0]["lat"], page["stops"][0]["lng"]]  # the day starts at the first stop
    assert "along the roads" in view.route_label.text()


# --- Use my location -----------------------------------------------------------------------------------

class ScriptedSource(QGeoPositionInfoSource):
    """A Qt position source (Qt's own extension point) that answers one request with a fix or,
    after the request's timeout, with UpdateTimeoutError, as a GPS without a signal does."""

    def __init__(self, parent: Any, fix: tuple[float, float] | None) -> None:
        super().__init__(parent)
        self.fix = fix
        self.requests: list[int] = []

    def supportedPositioningMethods(self) -> Any:
        return QGeoPositionInfoSource.PositioningMethod.SatellitePositioningMethods

    def lastKnownPosition(self, fromSatellitePositioningMethodsOnly: bool = False) -> QGeoPositionInfo:
        return QGeoPositionInfo()

    def minimumUpdateInterval(self) -> int:
        return 100

    def error(self) -> Any:
        return QGeoPositionInfoSource.Error.NoError

    def startUpdates(self) -> None:
        pass

    def stopUpdates(self) -> None:
        pass

    def requestUpdate(self, timeout: int = 0) -> None:
        self.requests.append(timeout)
        if self.fix is None:
            QTimer.singleShot(timeout, self, lambda: self.errorOccurred.emit(
                QGeoPositionInfoSource.Error.UpdateTimeoutError))
            return
        info = QGeoPositionInfo(QGeoCoordinate(*self.fix), QDateTime.currentDateTime())
        info.setAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy, 15.0)
        QTimer.singleShot(0, self, lambda: self.positionUpdated.emit(info))


def located(qtbot: Any, view: MapView) -> Any:
    with qtbot.waitSignal(view.position_found, timeout=10000) as found:
        view.locate_button.click()
        assert not view.locate_button.isEnabled()  # asked, not waited for: the UI goes on
    assert view.locate_button.isEnabled()
    return found.args[0]


def test_my_location_from_the_device_runs_near_me(qtbot, ctx, runner, places):
    sources: list[ScriptedSource] = []

    def factory(parent: Any) -> ScriptedSource:
        sources.append(ScriptedSource(parent, PAULISTA))
        return sources[-1]

    view = MapView(ctx, runner, interceptor=ScriptInterceptor("block"), position=DevicePosition(factory=factory))
    qtbot.addWidget(view)
    view.radius_spin.setValue(1.5)
    with qtbot.waitSignal(view.area_changed, timeout=10000) as area:
        answer = located(qtbot, view)
    assert answer == PositionFix(PAULISTA[0], PAULISTA[1], 15.0)
    assert view.position_edit.text() == "-23.56140, -46.65590" and view.area.my_position() == PAULISTA
    assert set(area.args[0]) == {places[n] for n in ("Padaria Paulista", "Farmácia Consolação", "Café Augusta")}
    assert view.nearby_table.topLevelItem(0).text(0) == "Padaria Paulista"
    assert len(sources) == 1 and sources[0].requests == [view.locate_timeout_ms]


def test_my_location_times_out_and_keeps_the_typed_position(qtbot, ctx, runner):
    view = MapView(ctx, runner, interceptor=ScriptInterceptor("block"),
                   position=DevicePosition(factory=lambda parent: ScriptedSource(parent, None)))
    qtbot.addWidget(view)
    view.locate_timeout_ms = 200
    view.position_edit.setText("-23.5, -46.6")
    answer = located(qtbot, view)
    assert answer == PositionFailure("timeout", "UpdateTimeoutError")
    assert view.position_edit.text() == "-23.5, -46.6"
    assert "did not find your position in time" in view.nearby_label.text()


@pytest.mark.parametrize("factory", [None, lambda parent: None], ids=["this-machine", "no-plugin"])
def test_my_location_without_a_position_source_says_so(qtbot, ctx, runner, factory):
    """This machine has Qt's geoclue2 plugin but no location service behind it (and the second case
    no plugin at all): either way there is no source, the typed position stays and the rep is told."""
    view = MapView(ctx, runner, interceptor=ScriptInterceptor("block"), position=DevicePosition(factory=factory))
    qtbot.addWidget(view)
    view.position_edit.setText("-23.5, -46.6")
    answer = located(qtbot, view)
    assert isinstance(answer, PositionFailure) and answer.reason == "no_source"
    assert view.position_edit.text() == "-23.5, -46.6"
    assert "no location service" in view.nearby_label.text()


def test_a_click_on_a_lead_while_drawing_places_a_corner_there(qtbot, ctx, runner, places, memory_keyring):
    """Leads sit where a rep wants corners; a click on one while drawing must not open it instead."""
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    zoom_on_paulista(qtbot, view)
    view.area.start_drawing("polygon")
    qtbot.waitUntil(lambda: stats(qtbot, view)["drawing"] == "polygon", timeout=10000)
    js(qtbot, view, click(*CORNERS[0]) + click(*CORNERS[1]) + "true")
    assert js(qtbot, view, f"aic.clickLead({places['Padaria Paulista']})") is True
    outline = ("JSON.stringify(google.maps.__stub.polylines().find(p => p.getMap()).getPath().getArray()"
               ".map(p => [p.lat(), p.lng()]))")
    assert json.loads(js(qtbot, view, outline)) == [list(CORNERS[0]), list(CORNERS[1]), [-23.5630, -46.6543]]
    assert js(qtbot, view, "google.maps.__stub.infoWindows().length") == 0 and stats(qtbot, view)["drawing"] == "polygon"
    js(qtbot, view, f"aic.clickLead({places['Padaria Paulista']}); true")  # the same spot again adds nothing
    assert len(json.loads(js(qtbot, view, outline))) == 3


def test_the_route_sheets_csv_runs_no_formula_in_a_spreadsheet(tmp_path):
    """A lead named or placed as a formula (CSV injection) is written as text; numbers stay numbers."""
    import csv
    from datetime import UTC, datetime

    from app.services.maps.map_reads import LeadInfo, RouteSheet, Stop
    from app.ui.maps.sheet import write_csv

    info = LeadInfo(id=7, name="=HYPERLINK(\"http://x\")", company="@SUM(A1)", city="Recife", address="-1+1 Rua A",
                    phone="+5581998765432", stage="new", score=None, lat=-8.05, lng=-34.9, last_kind=None,
                    last_at=None, last_outcome=None)
    when = datetime(2026, 12, 7, 12, tzinfo=UTC)
    sheet = RouteSheet(stops=[Stop(1, info, when, 1.5, 300)], source="offline", note="", start=None, departure=when,
                       distance_km=1.5, duration_s=300)
    path = tmp_path / "route.csv"
    write_csv(path, sheet)
    [header, row] = list(csv.reader(path.open(encoding="utf-8-sig")))
    cells = dict(zip(header, row, strict=True))
    assert cells["Name"] == "'=HYPERLINK(\"http://x\")" and cells["Company"] == "'@SUM(A1)"
    assert cells["Address"].startswith("'-1+1 Rua A")
    assert cells["Latitude"] == "-8.05" and cells["Leg (km)"] == "1.50"
