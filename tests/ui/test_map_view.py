"""The Map screen in a real QWebEngineView: the page loads the local `google.maps` stub through the
request interceptor the test hands the view (tests/fakes/map_stub.py), and markers, clicks, the
drawn radius and the list filter round-trip through QWebChannel. Offline: a blocked script or no
key gives the banner and the offline route sheet, and the map comes back by itself. Geocoding and
routes run against the fake Google server."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget
from sqlalchemy import func, select

from app.context import AppContext
from app.db.models import Lead
from app.services.maps.geo import haversine_km
from app.services.maps.map_reads import compass
from app.ui.leads.view import LeadsView
from app.ui.maps.view import MapView
from app.ui.tasks import TaskRunner
from tests.fakes.google_server import KEY, FakeGoogle
from tests.fakes.map_stub import ScriptInterceptor
from tests.ui.conftest import idle

# Chromium on a headless machine without a GPU says so; nothing else may warn
pytestmark = pytest.mark.qt_log_ignore("QRhiGles2: Failed to create", "QVulkanInstance: Failed", "Unable to detect GPU vendor",
                                       extend=True)

PAULISTA = (-23.5614, -46.6559)
# name, stage, lat, lng: five around Avenida Paulista, one in Santos, one in Recife
PLACES = [
    ("Padaria Paulista", "new", -23.5630, -46.6543),
    ("Farmácia Consolação", "won", -23.5559, -46.6622),
    ("Café Augusta", "contacted", -23.5540, -46.6580),
    ("Mercado Pinheiros", "won", -23.5670, -46.6920),
    ("Oficina Vila Mariana", "qualified", -23.5890, -46.6340),
    ("Porto Santos", "won", -23.9608, -46.3336),
    ("Recife Antigo", "proposal", -8.0631, -34.8711),
]


@pytest.fixture
def places(ctx: AppContext) -> dict[str, int]:
    ids = {}
    for name, stage, lat, lng in PLACES:
        ids[name] = ctx.leads.create({"name": name, "stage": stage, "lat": lat, "lng": lng, "city": "São Paulo",
                                      "address": f"Rua {name}, 10"}).id
    ids["Sem Posição"] = ctx.leads.create({"name": "Sem Posição", "stage": "new", "address": "Rua Sem Fim, 1",
                                           "city": "Campinas"}).id
    return ids


def js(qtbot: Any, view: MapView, script: str) -> Any:
    out: list[Any] = []
    view.run_js(script, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


def stats(qtbot: Any, view: MapView) -> dict[str, Any]:
    return json.loads(js(qtbot, view, "JSON.stringify(aic.stats())"))


def position(qtbot: Any, view: MapView, lead_id: int) -> Any:
    """Where the page holds a lead's marker, or None when it is not on the map."""
    return json.loads(js(qtbot, view, f"JSON.stringify(aic.position({lead_id}))"))


def screen(qtbot: Any, ctx: AppContext, runner: TaskRunner, script: str, **kw: Any) -> tuple[QWidget, LeadsView, MapView]:
    """`script`: "stub" (Google's script from the stub), "block" (no network) or "google" (as the product:
    no interceptor)."""
    host = QWidget()
    leads = LeadsView(ctx, runner)
    interceptor = None if script == "google" else ScriptInterceptor(script)
    view = MapView(ctx, runner, leads=leads, interceptor=interceptor, **kw)
    row = QHBoxLayout(host)
    row.addWidget(leads)
    row.addWidget(view, 2)
    host.resize(1600, 800)
    qtbot.addWidget(host)
    return host, leads, view


def show_ready(qtbot: Any, host: QWidget, view: MapView, expected: int) -> None:
    with qtbot.waitSignal(view.markers_placed, timeout=30000,
                          check_params_cb=lambda n: n == expected):
        host.show()
    assert view.state == "ready"


def test_markers_clicks_area_and_list_round_trip(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    numbers = stats(qtbot, view)
    assert numbers["points"] == 7 and numbers["pointsShown"] == 7  # the whole set is in view after the fit
    assert js(qtbot, view, "google.maps.__stub.isStub && google.maps.__stub.markersOnMap()") == numbers["onMap"] > 0
    # plurals come from the .qm files, which are built later: match either form
    assert re.fullmatch(r"7 leads? ?(\(s\))? on the map · 1 without a position", view.count_label.text())
    assert view.geocode_button.isVisible() and re.search(r"Geocode 1 lead", view.geocode_button.text())

    # a marker click reaches Python, which answers with the info window; its "Open" opens the lead
    target = places["Café Augusta"]
    js(qtbot, view, "google.maps.__stub.maps[0].setCenter({lat: -23.554, lng: -46.658}); "
                    "google.maps.__stub.maps[0].setZoom(17); true")
    qtbot.waitUntil(lambda: js(qtbot, view, f"aic.clickLead({target})") is True, timeout=10000)
    with qtbot.waitSignal(view.info_shown, timeout=10000) as shown:
        js(qtbot, view, "google.maps.__stub.markers().find(m => m.map && m.getTitle() === 'Café Augusta')"
                        ".el.click(); true")
    assert shown.args == [target]
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelector('.iw') !== null && "
                                            "document.querySelector('.iw').dataset.lead") == str(target))
    text = js(qtbot, view, "document.querySelector('.iw').innerText")
    assert "Café Augusta" in text and "Contacted" in text and "Last interaction: none yet" in text
    with qtbot.waitSignal(view.lead_open_requested, timeout=10000) as opened:
        js(qtbot, view, "document.querySelector('.iw button.open').click(); true")
    assert opened.args == [target]

    # "Log visit" in the info window is the second click: the visit is logged now, by the user, with Undo
    with qtbot.waitSignal(view.visit_logged, timeout=10000) as logged:
        js(qtbot, view, "document.querySelector('.iw button.visit').click(); true")
    [visit] = ctx.interactions.timeline(target)
    assert visit.kind == "visit" and visit.id == logged.args[0] and visit.author_id == ctx.user.id
    assert abs((datetime.now(UTC) - visit.occurred_at).total_seconds()) < 120
    with qtbot.waitSignal(view.visit_logged, timeout=10000, check_params_cb=lambda n: n == -visit.id):
        view.info_window.undo_visit(visit.id)  # what the notice's Undo does
    assert ctx.interactions.timeline(target) == []
    with qtbot.waitSignal(view.visit_logged, timeout=10000):
        js(qtbot, view, "document.querySelector('.iw button.visit').click(); true")
    assert [i.kind for i in ctx.interactions.timeline(target)] == ["visit"]
    idle(qtbot, runner)

    # a radius drawn with two clicks filters the list (list follows map)…
    js(qtbot, view, "google.maps.__stub.maps[0].setZoom(12); true")
    view.draw_button.click()
    qtbot.waitUntil(lambda: js(qtbot, view, "!document.getElementById('hint').hidden") is True)
    edge = (-23.5614, -46.6559 + 0.025)  # about 2.5 km east of the centre
    inside = {places[n] for n, _s, lat, lng in PLACES if haversine_km(PAULISTA, (lat, lng)) <= haversine_km(PAULISTA, edge)}
    assert inside == {places[n] for n in ("Padaria Paulista", "Farmácia Consolação", "Café Augusta")}
    with qtbot.waitSignal(view.area_changed, timeout=10000) as area:
        click = "google.maps.event.trigger(google.maps.__stub.maps[0], 'click', {{latLng: new google.maps.LatLng({}, {})}});"
        js(qtbot, view, click.format(*PAULISTA) + click.format(*edge) + "true")
    assert set(area.args[0]) == inside
    assert set(leads.current_query().ids or ()) == inside
    assert leads.area_chip.isVisible()
    qtbot.waitUntil(lambda: leads.model.rowCount() == 3, timeout=10000)
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 3, timeout=10000)  # …and the map shows that list
    assert stats(qtbot, view)["circle"]["radius"] == pytest.approx(haversine_km(PAULISTA, edge) * 1000, rel=0.01)
    assert view.nearby_table.topLevelItem(0).text(0) == "Padaria Paulista"

    # clearing the area in the list removes the circle and brings every marker back (map follows list)
    with qtbot.waitSignal(view.markers_placed, timeout=10000, check_params_cb=lambda n: n == 7):
        leads.area_chip.click()
    assert stats(qtbot, view)["circle"] is None and leads.current_query().ids is None

    # a list filter reloads the markers
    with qtbot.waitSignal(view.markers_placed, timeout=10000, check_params_cb=lambda n: n == 3):
        leads.filters["stages"].set_values(["won"])
    assert stats(qtbot, view)["points"] == 3

    # colour by score: the toggle reaches the page
    view.by_score.click()
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelector('#legend .title').textContent") == "Score")
    assert view.page_ is not None and view.page_.console_errors == []


def test_near_lead_and_day_plan_offline_order_and_exports(qtbot, ctx, runner, places, memory_keyring, tmp_path):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    view.radius_spin.setValue(5.0)
    with qtbot.waitSignal(view.area_changed, timeout=10000) as area:
        view.area.near_lead(places["Padaria Paulista"])
    names = [view.nearby_table.topLevelItem(i).text(0) for i in range(view.nearby_table.topLevelItemCount())]
    assert names[0] == "Padaria Paulista" and "Porto Santos" not in names and len(area.args[0]) == 5
    direction = view.nearby_table.topLevelItem(names.index("Oficina Vila Mariana")).text(2)
    assert direction == compass(135) == "SE"
    qtbot.waitUntil(lambda: stats(qtbot, view)["circle"] is not None, timeout=10000)

    plan = [places[n] for n in ("Padaria Paulista", "Mercado Pinheiros", "Café Augusta", "Oficina Vila Mariana")]
    view.day_plan.add_to_plan([*plan, places["Sem Posição"]])
    idle(qtbot, runner)
    assert view.plan_list.count() == 5 and "(no position)" in view.plan_list.item(4).text()
    with qtbot.waitSignal(view.route_planned, timeout=20000) as planned:
        view.plan_button.click()  # no Maps key: the offline estimate
    sheet = planned.args[0]
    assert sheet.source == "offline"
    order = [s.info.name for s in sheet.stops]
    assert order[0] == "Padaria Paulista" and len(order) == 4 and [m.name for m in sheet.missing] == ["Sem Posição"]
    assert sheet.stops[1].arrival > sheet.stops[0].arrival
    assert view.route_table.topLevelItemCount() == 4 and "Offline estimate" in view.route_label.text()
    qtbot.waitUntil(lambda: stats(qtbot, view)["routeStops"] == 4, timeout=10000)

    view.day_plan.export_csv(tmp_path / "route.csv")
    with (tmp_path / "route.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["Stop", "Arrival", "Lead ID", "Name"]
    assert [r[3] for r in rows[1:]] == order and all(r[-1] == "offline" for r in rows[1:])
    view.day_plan.export_pdf(tmp_path / "route.pdf")
    assert (tmp_path / "route.pdf").read_bytes()[:5] == b"%PDF-"


def test_offline_banner_sheet_and_recovery(qtbot, ctx, runner, places, memory_keyring):
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("google.maps_key", KEY)  # a key, but Google's script cannot be fetched
    host, leads, view = screen(qtbot, ctx, runner, "block")
    view.retry_ms = 400
    view.position_edit.setText(f"{PAULISTA[0]}, {PAULISTA[1]}")
    view.radius_spin.setValue(3.0)
    with qtbot.waitSignal(view.offline_sheet_ready, timeout=30000) as ready:
        host.show()
    assert view.state == "offline" and view.failure == "network"
    assert view.banner.isVisible() and "cannot be reached" in view.banner_text.text()
    assert view.stack.currentWidget() is view.sheet_view  # never a blank page
    sheet = ready.args[0]
    assert sheet.reference == PAULISTA
    near = [(r.name, r.direction) for r in sheet.nearby.rows]
    assert near[0][0] == "Padaria Paulista" and ("Café Augusta", "N") in near and len(near) == 3
    assert sheet.route.source == "offline" and sheet.route.stops[0].info.name == "Padaria Paulista"
    text = view.sheet_view.toPlainText()
    assert "Offline route sheet" in text and "Nearby" in text and "Café Augusta" in text
    assert re.search(r"3 lead(s|\(s\)) within 3\.0 km of your position\.", text)

    # the network comes back: the retry timer reloads the page and the map returns by itself
    view.interceptor.set_mode("stub")
    qtbot.waitUntil(lambda: view.state == "ready", timeout=30000)
    qtbot.waitUntil(lambda: not view.banner.isVisible(), timeout=5000)
    assert view.stack.currentWidget() is view.view
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 7, timeout=15000)


def test_no_key_says_what_to_fix(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "google")
    with qtbot.waitSignal(view.offline_sheet_ready, timeout=30000):
        host.show()
    assert view.failure == "no_key" and view.view is None  # the page is not even loaded
    assert view.interceptor is None
    assert "Settings" in view.banner_text.text() and view.settings_button.isVisible()
    with qtbot.waitSignal(view.screen_requested, timeout=1000) as requested:
        view.settings_button.click()
    assert requested.args == ["settings"]
    assert "Offline route sheet" in view.sheet_view.toPlainText()


def test_auth_failure_from_google_is_explained(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    with qtbot.waitSignal(view.state_changed, timeout=10000, check_params_cb=lambda s: s == "offline"):
        view.retry_ms = 3_600_000
        js(qtbot, view, "window.gm_authFailure(); true")
    assert view.failure == "auth" and "refused the Maps key" in view.banner_text.text()


@pytest.fixture
def fake() -> Any:
    with FakeGoogle() as server:
        yield server


def test_geocode_and_google_route_with_the_fake_server(qtbot, ctx, runner, memory_keyring, fake):
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("google.maps_key", KEY)
    ctx.settings = replace(ctx.settings, googlemaps_api_url=fake.url, google_routes_api_url=fake.url)
    ids = [ctx.leads.create({"name": f"Cliente {i}", "address": f"Rua Teste, {100 + i}", "city": "São Paulo"}).id
           for i in range(4)]
    lost = ctx.leads.create({"name": "Endereço Errado", "address": "Rua Que Não Existe, 0", "city": "Lugar Nenhum"}).id
    fake.status_for["Rua Que Não Existe, 0, Lugar Nenhum, BR"] = "ZERO_RESULTS"
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    with qtbot.waitSignal(view.markers_placed, timeout=30000):
        host.show()
    qtbot.waitUntil(view.geocode_button.isVisible, timeout=10000)
    assert re.fullmatch(r"Geocode 5 lead(s|\(s\)) without a position", view.geocode_button.text())
    with qtbot.waitSignal(view.geocoded, timeout=30000) as done:
        view.geocode_button.click()
        assert view.geocode_progress.isVisible() and view.geocode_cancel.isVisible()
    summary = done.args[0]
    assert (summary.geocoded, summary.not_found, summary.requests) == (4, 1, 5)
    qtbot.waitUntil(lambda: view.check_list.count() == 1, timeout=10000)
    assert "Endereço Errado — not found" in view.check_list.item(0).text()
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 4, timeout=15000)  # the map reloads by itself
    # Google already said it cannot find that address: no button to ask again until the address changes
    assert not view.geocode_button.isVisible()
    with qtbot.waitSignal(view.lead_open_requested) as opened:
        view.check_list.itemActivated.emit(view.check_list.item(0))
    assert opened.args == [lost]

    view.day_plan.add_to_plan(ids)
    idle(qtbot, runner)
    with qtbot.waitSignal(view.route_planned, timeout=20000) as planned:
        view.day_plan.plan_route()
    assert planned.args[0].source == "google" and len(planned.args[0].stops) == 4
    assert "Google Routes" in view.route_label.text()


def test_cancel_geocoding_keeps_what_was_done(qtbot, ctx, runner, memory_keyring, fake):
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("google.maps_key", KEY)
    ctx.settings = replace(ctx.settings, googlemaps_api_url=fake.url)
    ctx.workspace.set("geocode.qps", "5")
    for i in range(30):
        ctx.leads.create({"name": f"Cliente {i}", "address": f"Rua Longa, {i}", "city": "São Paulo"})
    host, leads, view = screen(qtbot, ctx, runner, "block")  # the page stays offline: this is about the task
    host.show()
    qtbot.waitUntil(view.geocode_button.isVisible, timeout=30000)
    finished: list[object] = []
    view.geocoded.connect(finished.append)
    view.geocode_button.click()
    qtbot.waitUntil(lambda: view.geocode_progress.value() >= 2, timeout=15000)
    view.geocode_cancel.click()
    qtbot.waitUntil(lambda: not view.geocode_progress.isVisible(), timeout=15000)
    idle(qtbot, runner)
    assert finished == []  # cancelled, not finished
    with ctx.db.session() as session:
        placed = session.scalar(select(func.count()).select_from(Lead).where(Lead.lat.is_not(None)))
    assert 2 <= placed < 30  # what was geocoded before the cancel is kept


def test_marker_load_is_capped_and_counts_the_rest(ctx, places):
    from app.services.leads.search import LeadQuery
    from app.services.maps.map_reads import load_markers

    load = load_markers(ctx.db, LeadQuery(), 1, batch=2, limit=3)
    assert (load.sent, load.placed, load.total, load.without_position) == (3, 7, 8, [places["Sem Posição"]])
    rows = [row for batch in load.batches for row in json.loads(batch)["rows"]]
    assert len(load.batches) == 2 and [r[0] for r in rows] == sorted(places.values())[:3]
    assert rows[0][1:5] == [-23.563, -46.6543, "new", None] and rows[0][5] == "Padaria Paulista"


def test_main_window_map_screen_follows_and_filters_the_list(qtbot, ctx, runner, seeded, places, memory_keyring):
    from app.ui.main_window import MainWindow

    stub = ScriptInterceptor("stub")
    main = MainWindow(ctx, runner, screen_options={"map": {"interceptor": stub}})
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.leads.model.loaded, timeout=15000):
        main.show()
    main.show_screen("map")
    view = main.pages["map"]
    assert isinstance(view, MapView) and view.interceptor is stub
    qtbot.waitUntil(lambda: view.state == "ready", timeout=30000)
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 7, timeout=15000)
    with qtbot.waitSignal(view.area_changed, timeout=10000):
        view.radius_spin.setValue(1.5)
        view.area.near_lead(places["Padaria Paulista"])
    assert set(main.leads.current_query().ids or ()) == {places["Padaria Paulista"], places["Farmácia Consolação"],
                                                          places["Café Augusta"]}
    assert not main.leads.area_chip.isHidden()  # the Leads screen itself is not showing
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 3, timeout=15000)
    view.bridge.openLead(places["Café Augusta"])  # what the info window's Open button calls
    assert main.current_key() == "leads"
    qtbot.waitUntil(lambda: main.leads.detail.lead_id == places["Café Augusta"], timeout=10000)
    main.leads.search.setText("Padaria")  # a list change while the map is hidden: read when it shows again
    qtbot.waitUntil(lambda: main.leads.model.rowCount() == 1, timeout=10000)
    main.show_screen("map")
    qtbot.waitUntil(lambda: stats(qtbot, view)["points"] == 1, timeout=15000)
    main.language_changed()  # screens are rebuilt: the new map follows the new list
    rebuilt = main.pages["map"]
    assert rebuilt is not view and main.current_key() == "map" and rebuilt.interceptor is stub
    qtbot.waitUntil(lambda: rebuilt.state == "ready", timeout=30000)
    qtbot.waitUntil(lambda: stats(qtbot, rebuilt)["points"] == 7, timeout=15000)
    main.leads.search.setText("Café")
    qtbot.waitUntil(lambda: stats(qtbot, rebuilt)["points"] == 1, timeout=15000)


def test_to_check_comes_from_the_database_and_an_edited_address_moves_the_marker(
        qtbot, ctx, runner, memory_keyring, fake):
    from app.integrations.google_maps import Geocoder
    from app.services.maps.geo import geocode_leads
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("google.maps_key", KEY)
    ctx.settings = replace(ctx.settings, googlemaps_api_url=fake.url)
    fake.add_place("Avenida Paulista, 1000, São Paulo, BR", -23.5646, -46.6527)
    fake.add_place("Rua Augusta, 500, São Paulo, BR", -23.5530, -46.6560)
    fake.status_for["Rua Que Não Existe, 0, Lugar Nenhum, BR"] = "ZERO_RESULTS"
    mover = ctx.leads.create({"name": "Muda de Endereço", "address": "Avenida Paulista, 1000",
                              "city": "São Paulo"}).id
    lost = ctx.leads.create({"name": "Endereço Errado", "address": "Rua Que Não Existe, 0",
                             "city": "Lugar Nenhum"}).id
    geocoder = Geocoder(KEY, base_url=fake.url, timeout=2)
    try:
        geocode_leads(ctx.db, geocoder, qps=1000)  # an earlier session, or `aiconnect geocode`
    finally:
        geocoder.close()

    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 1)
    qtbot.waitUntil(lambda: view.check_list.count() == 1, timeout=10000)  # no run in this session
    assert "Endereço Errado — not found" in view.check_list.item(0).text()
    assert view.check_list.item(0).data(Qt.ItemDataRole.UserRole) == lost
    assert not view.geocode_button.isVisible()
    assert position(qtbot, view, mover) == [-23.5646, -46.6527]

    ctx.leads.update(mover, {"address": "Rua Augusta, 500"})  # the detail's edit, an import or the CLI
    with qtbot.waitSignal(view.markers_placed, timeout=15000):
        view.refresh()
    assert position(qtbot, view, mover) is None  # the old spot is gone at once
    assert re.fullmatch(r"Geocode 1 lead(\(s\))? without a position", view.geocode_button.text())
    assert view.geocode_button.isVisible()
    with qtbot.waitSignal(view.geocoded, timeout=30000) as done:
        view.geocode_button.click()
    assert (done.args[0].geocoded, done.args[0].requests) == (1, 1)
    qtbot.waitUntil(lambda: position(qtbot, view, mover) == [-23.553, -46.656], timeout=15000)
    assert not view.geocode_button.isVisible() and view.check_list.count() == 1


def test_route_label_says_why_google_routes_was_not_used(qtbot, ctx, runner, places, memory_keyring, fake):
    from app.services.workspace.secrets import SecretStore

    host, leads, view = screen(qtbot, ctx, runner, "stub")
    show_ready(qtbot, host, view, 7)
    view.day_plan.add_to_plan([places[n] for n in ("Padaria Paulista", "Mercado Pinheiros", "Café Augusta")])
    idle(qtbot, runner)
    with qtbot.waitSignal(view.route_planned, timeout=20000):
        view.day_plan.plan_route()  # no key
    assert "no Google Maps key is set" in view.route_label.text()
    assert "Settings → Integrations" in view.route_label.text()

    SecretStore().set("google.maps_key", KEY)
    ctx.settings = replace(ctx.settings, google_routes_api_url=fake.url)
    expected = [
        ((403, "PERMISSION_DENIED", "SERVICE_DISABLED"), "the Routes API is not enabled for the Maps key"),
        ((403, "PERMISSION_DENIED", None), "Google refused the Maps key"),
        ((429, "RESOURCE_EXHAUSTED", None), "quota is used up"),
        ((500, "INTERNAL", None), "Google Routes failed (INTERNAL)"),
    ]
    for failure, text in expected:
        fake.fail_routes(*failure)
        with qtbot.waitSignal(view.route_planned, timeout=20000) as planned:
            view.day_plan.plan_route()
        assert planned.args[0].source == "offline"
        assert text in view.route_label.text() and "Google Routes was not used" not in view.route_label.text()
    fake.stop()
    with qtbot.waitSignal(view.route_planned, timeout=20000):
        view.day_plan.plan_route()
    assert "could not be reached" in view.route_label.text()


def test_network_lost_after_the_map_loaded_shows_the_sheet_and_comes_back(qtbot, ctx, runner, places,
                                                                         memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    view.position_edit.setText(f"{PAULISTA[0]}, {PAULISTA[1]}")
    show_ready(qtbot, host, view, 7)
    view.retry_ms = 3_600_000  # the page's "online" event brings the map back, not the timer
    with qtbot.waitSignal(view.offline_sheet_ready, timeout=15000):
        js(qtbot, view, "window.dispatchEvent(new Event('offline')); true")  # what Chromium fires on a drop
    assert view.state == "offline" and view.failure == "network_lost"
    assert view.banner.isVisible() and "connection was lost" in view.banner_text.text()
    assert view.stack.currentWidget() is view.sheet_view and "Offline route sheet" in view.sheet_view.toPlainText()
    assert view._retry_timer.isActive()

    with qtbot.waitSignal(view.markers_placed, timeout=30000, check_params_cb=lambda n: n == 7):
        js(qtbot, view, "window.dispatchEvent(new Event('online')); true")
    assert view.state == "ready" and not view.banner.isVisible() and view.stack.currentWidget() is view.view
    assert not view._retry_timer.isActive()


def test_offline_sheet_can_be_shown_and_printed_while_the_map_works(qtbot, ctx, runner, places, memory_keyring):
    host, leads, view = screen(qtbot, ctx, runner, "stub")
    view.position_edit.setText(f"{PAULISTA[0]}, {PAULISTA[1]}")
    show_ready(qtbot, host, view, 7)
    sheet_button, print_button = view.toolbar.sheet_button, view.toolbar.sheet_print_button
    assert sheet_button.isVisible() and not print_button.isVisible()
    with qtbot.waitSignal(view.offline_sheet_ready, timeout=15000) as ready:
        sheet_button.click()
    assert view.state == "ready" and view.stack.currentWidget() is view.sheet_view
    assert ready.args[0].reference == PAULISTA and "Café Augusta" in view.sheet_view.toPlainText()
    assert print_button.isVisible()
    print_button.click()
    assert view.offline_sheet.print_dialog.isVisible()
    view.offline_sheet.print_dialog.reject()
    sheet_button.click()
    assert view.stack.currentWidget() is view.view and not print_button.isVisible()


def test_geocoding_without_a_key_points_to_settings(qtbot, ctx, runner, places, memory_keyring, caplog):
    host, leads, view = screen(qtbot, ctx, runner, "stub")  # the stub map needs no key; geocoding does
    show_ready(qtbot, host, view, 7)
    assert view.geocode_button.isVisible()
    view.geocode_button.click()
    qtbot.waitUntil(lambda: view.markers.geocode_task is None, timeout=15000)
    messages = [r.getMessage() for r in caplog.records if r.name == "app.ui.errors"]
    assert any("Settings → Integrations" in m for m in messages)
    assert not any("aiconnect secrets set" in m for m in messages)
