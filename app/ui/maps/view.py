"""The Map screen: the leads of the current list on an embedded Google map, and the field tools.

The page (resources/map/) loads the Maps JavaScript API with the key from the OS keyring and
talks to Python through QWebChannel (MapBridge). Marker rows are read on the "db" lane and sent
in JSON batches; the page clusters them by zoom itself. The list and the map follow each other:
a drawn radius or area (polygon) becomes the list's "map area" (LeadQuery.ids) and a list filter
reloads the markers. Nearby leads (around a typed position, the map centre or the device's own
position), the day's route (Google Routes on the "net" lane, drawn along the roads; nearest
neighbour and straight lines when Google cannot answer), its printout, PDF and CSV, and batch
geocoding live in the side panel.
When the script cannot load (no key, no network, a refused key) a banner says why, the offline
route sheet takes the map's place, and a timer reloads the page until the map is back.
MapView decides what runs and when; the page and its bridge are in map_page, the banner, toolbar
and side panel tabs in map_panels, the reads and the route planning in map_data, the printable
sheet in map_sheet, the device's position in map_position.

Run alone on a demo workspace: `python -m app.ui.maps.view` (AICONNECT_MAP_STUB=1 for the stub).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.progress import Cancelled
from app.services.leads.interactions import InteractionRecord
from app.services.leads.search import LeadQuery
from app.services.maps.geo import GeocodeSummary
from app.services.maps.map_reads import (
    AreaResult,
    LeadInfo,
    MarkerLoad,
    NearbyResult,
    OfflineSheet,
    RouteSheet,
    geocode_for_map,
    lead_info,
    lead_infos,
    leads_in_area,
    load_markers,
    near_lead,
    nearby_leads,
    offline_sheet,
    plan_day,
    read_maps_key,
)
from app.ui.errors import alive, notify, offer_undo, report_error
from app.ui.i18n import stage_label
from app.ui.leads.model import stage_color
from app.ui.maps.page import (
    DEFAULT_CENTRE,
    PAGE_URL,
    MapBridge,
    MapPage,
    page_config,
    page_html,
    script_mode,
    webchannel_script,
)
from app.ui.maps.panels import CheckPanel, DayPlanPanel, MapBanner, MapToolbar, NearbyPanel
from app.ui.maps.position import DevicePosition, PositionAnswer, PositionFix, PositionSource
from app.ui.maps.sheet import (
    duration_text,
    km_text,
    last_text,
    offline_html,
    printable_html,
    score_label,
    time_text,
    write_csv,
    write_pdf,
)
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

LOAD_TIMEOUT_MS = 15000  # Google's script must have loaded by then
RETRY_MS = 30000  # while offline, reload the page this often
MAX_PLAN_STOPS = 25  # Routes API: at most 25 intermediate waypoints
LOCATE_TIMEOUT_MS = 20000  # "Use my location": a fix must come by then


STYLE = """
#MapBanner { background: #fff7e6; border: 1px solid #f5d08a; border-radius: 8px; }
#MapBanner QLabel { color: #78350f; }
QToolButton#SegmentButton { padding: 4px 12px; border: 1px solid #d1d5db; background: #ffffff; color: #374151; }
QToolButton#SegmentButton:checked { background: #e8effd; border-color: #1d4ed8; color: #1d4ed8; font-weight: 600; }
QTextBrowser#RouteSheet { border: 1px solid #e5e7eb; border-radius: 8px; background: #ffffff; padding: 8px; }
QTabWidget#MapTools::pane { border: 1px solid #e5e7eb; border-radius: 8px; background: #ffffff; top: -1px; }
"""


# --- the screen ------------------------------------------------------------------------------------

class MapView(QWidget):
    """`MapView(ctx, runner, leads=leads_view)`: follows (and filters) that Leads screen's list."""

    lead_open_requested = Signal(int)
    area_changed = Signal(object)  # the lead ids of the drawn area, or None when cleared
    state_changed = Signal(str)  # loading | ready | offline
    markers_placed = Signal(int)  # leads on the map after a load
    info_shown = Signal(int)
    visit_logged = Signal(int)  # the visit's interaction id; minus the id when its Undo removed it
    route_planned = Signal(object)  # RouteSheet
    geocoded = Signal(object)  # GeocodeSummary
    offline_sheet_ready = Signal(object)  # OfflineSheet

    position_found = Signal(object)  # PositionFix | PositionFailure, after "Use my location"

    retry_ms = RETRY_MS
    load_timeout_ms = LOAD_TIMEOUT_MS
    locate_timeout_ms = LOCATE_TIMEOUT_MS

    def __init__(self, ctx: AppContext, runner: TaskRunner, leads: Any = None, *, script: str | None = None,
                 state: QSettings | None = None, position: PositionSource | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._leads_source = leads  # the Leads screen, or a callable returning it (it may be rebuilt)
        self._leads_connected: Any = None
        self.script = script_mode(script)
        self.settings_store = state if state is not None else QSettings(
            str(ctx.settings.home / "ui-state.ini"), QSettings.Format.IniFormat)
        self.state = "idle"
        self.failure = ""
        self._query = LeadQuery()
        self._gen = 0
        self._load: MarkerLoad | None = None
        self._pending: list[str] = []
        self._pushing_gen = 0
        self._fit_next = True
        self._area: tuple[float, float, float] | None = None  # lat, lng, radius km
        self._polygon: list[tuple[float, float]] | None = None  # the drawn area's corners (lat, lng)
        self._area_ids: tuple[int, ...] | None = None
        self._centre: tuple[float, float] | None = None
        self._selected: int | None = None
        self._plan: list[int] = []
        self._plan_names: dict[int, str] = {}
        self._sheet: RouteSheet | None = None
        self._offline: OfflineSheet | None = None
        self._offline_html = ""
        self._geocode_task: Any = None
        self._geocode_text = ""  # the last run's summary, shown above the To check list
        self._page_started = False
        self._dirty = False
        self.view: QWebEngineView | None = None
        self.page_: MapPage | None = None
        self.bridge = MapBridge(self)
        self.position_source: PositionSource = position if position is not None else DevicePosition(self)
        self._locating = False
        self._build()
        self._connect()
        self._connect_leads()

    # --- layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = MapBanner()
        self.banner_text, self.retry_button, self.settings_button = (
            self.banner.text_label, self.banner.retry_button, self.banner.settings_button)

        self.toolbar = MapToolbar(str(self.settings_store.value("map/color_mode", "stage")))
        bar = self.toolbar
        self.by_stage, self.by_score, self.color_group = bar.by_stage, bar.by_score, bar.color_group
        self.draw_button, self.draw_area_button, self.clear_area_button = (
            bar.draw_button, bar.draw_area_button, bar.clear_area_button)
        self.geocode_button, self.geocode_progress, self.geocode_cancel = (
            bar.geocode_button, bar.geocode_progress, bar.geocode_cancel)
        self.count_label = bar.count_label

        self.stack = QStackedWidget()
        self.loading_label = QLabel(self.tr("Loading the map…"))
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setObjectName("Muted")
        self.stack.addWidget(self.loading_label)
        self.sheet_view = QTextBrowser()
        self.sheet_view.setObjectName("RouteSheet")
        self.sheet_view.setOpenLinks(False)
        self.stack.addWidget(self.sheet_view)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("MapTools")
        self.nearby_panel = NearbyPanel(self.settings_store)
        self.plan_panel = DayPlanPanel(self.settings_store)
        self.check_panel = CheckPanel()
        self.tabs.addTab(self.nearby_panel, self.tr("Nearby"))
        self.tabs.addTab(self.plan_panel, self.tr("Day plan"))
        self.tabs.addTab(self.check_panel, self.tr("To check"))
        # the panels' controls the screen works with, under the names it has always had
        nearby, plan = self.nearby_panel, self.plan_panel
        self.position_edit, self.locate_button = nearby.position_edit, nearby.locate_button
        self.radius_spin, self.nearby_label, self.nearby_table = nearby.radius_spin, nearby.nearby_label, nearby.nearby_table
        self.plan_list, self.from_position, self.visit_minutes = plan.plan_list, plan.from_position, plan.visit_minutes
        self.plan_button, self.route_label, self.route_table = plan.plan_button, plan.route_label, plan.route_table
        self.check_label, self.check_list = self.check_panel.check_label, self.check_panel.check_list
        self.tabs.setMinimumWidth(330)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 360])

        self.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

        self._reload_timer = QTimer(self, singleShot=True, interval=80, timeout=self.reload_markers)
        self._retry_timer = QTimer(self, singleShot=True, timeout=self.load_page)
        self._watchdog = QTimer(self, singleShot=True, timeout=lambda: self._failed("timeout"))

    def _connect(self) -> None:
        self.color_group.buttonToggled.connect(lambda _b, on: self._color_mode_changed() if on else None)
        self.draw_button.clicked.connect(lambda _checked=False: self.start_drawing("circle"))
        self.draw_area_button.clicked.connect(lambda _checked=False: self.start_drawing("polygon"))
        self.clear_area_button.clicked.connect(self.clear_area)
        self.geocode_button.clicked.connect(self.geocode_missing)
        self.geocode_cancel.clicked.connect(self.cancel_geocoding)
        self.retry_button.clicked.connect(self.load_page)
        self.settings_button.clicked.connect(self._open_settings)
        self.nearby_panel.use_centre_button.clicked.connect(self._use_centre)
        self.locate_button.clicked.connect(self.use_my_location)
        self.nearby_panel.near_me_button.clicked.connect(self.near_me)
        self.nearby_panel.near_lead_button.clicked.connect(self.near_selected)
        self.nearby_table.itemActivated.connect(lambda item, _c: self._open(item.data(0, Qt.ItemDataRole.UserRole)))
        self.plan_panel.add_selected_button.clicked.connect(self.add_selected_to_plan)
        self.plan_panel.remove_stop_button.clicked.connect(self._remove_stops)
        self.plan_panel.clear_plan_button.clicked.connect(self.clear_plan)
        self.plan_button.clicked.connect(self.plan_route)
        self.route_table.itemActivated.connect(lambda item, _c: self._open(item.data(0, Qt.ItemDataRole.UserRole)))
        self.plan_panel.print_button.clicked.connect(self.print_sheet)
        self.plan_panel.pdf_button.clicked.connect(lambda _checked=False: self.export_pdf(None))
        self.plan_panel.csv_button.clicked.connect(lambda _checked=False: self.export_csv(None))
        self.check_list.itemActivated.connect(lambda item: self._open(item.data(Qt.ItemDataRole.UserRole)))
        bridge = self.bridge
        bridge.ready.connect(self._ready)
        bridge.failed.connect(self._failed)
        bridge.placed.connect(self._placed)
        bridge.lead_clicked.connect(self._lead_clicked)
        bridge.open_requested.connect(self._open)
        bridge.visit_requested.connect(self.log_visit)
        bridge.nearby_requested.connect(self.near_lead)
        bridge.plan_requested.connect(lambda lead_id: self.add_to_plan([lead_id]))
        bridge.circle_drawn.connect(self._circle_drawn)
        bridge.polygon_drawn.connect(self._polygon_drawn)
        bridge.view_changed.connect(lambda lat, lng, _zoom: setattr(self, "_centre", (lat, lng)))
        bridge.js_error.connect(lambda text: logger.warning("map page script: %s", text))
        bridge.network_changed.connect(self._network_changed)
        self.toolbar.sheet_button.toggled.connect(self.show_offline_sheet)
        self.toolbar.sheet_print_button.clicked.connect(self.print_offline_sheet)
        self.stack.currentChanged.connect(
            lambda _i: self.toolbar.sheet_print_button.setVisible(self.stack.currentWidget() is self.sheet_view))

    @property
    def leads(self) -> Any:
        import shiboken6

        source = self._leads_source
        leads = source() if callable(source) and not isinstance(source, QObject) else source
        return leads if leads is not None and shiboken6.isValid(leads) else None

    def _connect_leads(self) -> None:
        """Follow the Leads screen's query (again, if the screen was rebuilt since)."""
        leads = self.leads
        if leads is None or leads is self._leads_connected:
            return
        self._leads_connected = leads
        if hasattr(leads, "query_changed"):
            leads.query_changed.connect(self.set_query)
        if hasattr(leads, "current_query"):
            self.set_query(leads.current_query())

    # --- page loading ----------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._connect_leads()
        if not self._page_started:
            self._page_started = True
            self.load_page()
            self.reload_markers()
        elif self._dirty:
            self.reload_markers()

    def _ensure_view(self) -> QWebEngineView:
        if self.view is None:
            from tests.fakes.map_stub import ScriptInterceptor

            view = QWebEngineView()
            page = MapPage(view)
            page.scripts().insert(webchannel_script())
            channel = QWebChannel(page)
            channel.registerObject("bridge", self.bridge)
            page.setWebChannel(channel)
            self.interceptor = ScriptInterceptor("off" if self.script == "google" else self.script, page)
            page.setUrlRequestInterceptor(self.interceptor)
            page.setBackgroundColor(Qt.GlobalColor.white)
            view.setPage(page)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            self.view, self.page_ = view, page
            self.stack.insertWidget(1, view)
        return self.view

    def load_page(self) -> None:
        """(Re)load the map: read the key off the UI thread, then load the page (or say why not)."""
        self._retry_timer.stop()
        self._set_state("loading")
        (self.runner.task(read_maps_key, lane="net")
         .on_success(alive(self, self._got_key))
         .on_failure(alive(self, lambda exc: self._failed("keyring")))
         .start())

    def _got_key(self, key: str | None) -> None:
        if not key and self.script != "stub":
            self._failed("no_key")
            return
        view = self._ensure_view()
        config = page_config(key or "stub-key", self._centre or DEFAULT_CENTRE, self.color_mode(), self.load_timeout_ms)
        self.bridge.config_json = json.dumps(config, ensure_ascii=False)
        if self.page_ is not None:
            self.page_.console_errors.clear()
        view.page().setHtml(page_html(), QUrl(PAGE_URL))
        self._watchdog.start(self.load_timeout_ms + 5000)
        if self.stack.currentWidget() is not self.sheet_view:  # while retrying, the offline sheet stays
            self.stack.setCurrentWidget(self.loading_label)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
        self.toolbar.set_drawing_enabled(state == "ready")

    def _ready(self) -> None:
        self._watchdog.stop()
        self._retry_timer.stop()
        self.failure = ""
        self.banner.hide()
        self._set_state("ready")
        if self.view is not None and not self.toolbar.sheet_button.isChecked():
            self.stack.setCurrentWidget(self.view)
        self.bridge.colorModeChanged.emit(self.color_mode())
        self._fit_next = self._area is None and self._polygon is None
        self._push_markers()
        if self._sheet is not None:
            self.bridge.routeChanged.emit(self._sheet.page_json())
        if self._area is not None:
            lat, lng, km = self._area
            self.bridge.areaChanged.emit(json.dumps({"lat": lat, "lng": lng, "radius": km * 1000}))
        elif self._polygon is not None:
            self.bridge.areaChanged.emit(json.dumps({"path": self._polygon}))

    def _failed(self, reason: str) -> None:
        """The map cannot show: say why, show the offline route sheet, retry later."""
        self._watchdog.stop()
        self.failure = reason
        self.banner.show_failure(reason)
        self._set_state("offline")
        if self.stack.currentWidget() is not self.sheet_view:  # a retry that failed again leaves the sheet be
            self.stack.setCurrentWidget(self.sheet_view)
            self.refresh_offline_sheet()
        self._retry_timer.start(self.retry_ms)

    def _network_changed(self, online: bool) -> None:
        """The page lost (or got back) the network after it loaded: offline sheet now, the map again later."""
        if not online and self.state == "ready":
            self._failed("network_lost")
        elif online and self.state == "offline" and self.failure in ("network_lost", "network", "timeout"):
            self.load_page()  # no need to wait for the retry timer

    def show_offline_sheet(self, shown: bool = True) -> None:
        """The toolbar's "Offline sheet": the printable sheet in the map's place, at any time; off: the map."""
        if self.toolbar.sheet_button.isChecked() != shown:
            self.toolbar.sheet_button.setChecked(shown)  # toggled() calls back here
            return
        if shown:
            self.stack.setCurrentWidget(self.sheet_view)
            self.refresh_offline_sheet()
        elif self.state == "ready" and self.view is not None:
            self.stack.setCurrentWidget(self.view)

    def _open_settings(self) -> None:
        from app.ui.main_window import main_window

        window = main_window(self)
        if window is not None:
            window.show_screen("settings")

    # --- markers ----------------------------------------------------------------------------------

    def set_query(self, query: LeadQuery) -> None:
        """The list's filter changed: the markers follow (and a cleared map area removes the circle)."""
        if query.ids is None and (self._area is not None or self._polygon is not None):
            self._area = None
            self._polygon = None
            self._area_ids = None
            self.clear_area_button.hide()
            if self.state == "ready":
                self.bridge.areaChanged.emit("null")
        if query.ids is None or tuple(query.ids) != self._area_ids:
            self._fit_next = True
        self._query = query
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._dirty = True  # read when the map is next shown: the list's queries go first

    def refresh(self) -> None:
        self.reload_markers()

    def reload_markers(self) -> None:
        self._reload_timer.stop()
        self._dirty = False
        self._gen += 1
        (self.runner.task(load_markers, self.ctx.db, self._query, self._gen)
         .on_success(alive(self, self._markers_loaded))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _markers_loaded(self, load: MarkerLoad) -> None:
        if load.gen != self._gen:
            return  # a newer query is on its way
        self._load = load
        self._update_counts()
        self._fill_check(load)
        if self.state == "ready":
            self._push_markers()
        elif self.state == "offline":
            self.refresh_offline_sheet()

    def _update_counts(self) -> None:
        load = self._load
        if load is None:
            return
        if load.sent < load.placed:
            text = self.tr("The first {shown} of {count} located leads are on the map: narrow the list to see the "
                           "rest").format(shown=QLocale().toString(load.sent), count=QLocale().toString(load.placed))
        else:
            text = self.tr("%Ln lead(s) on the map", "", load.placed)
        if load.total > load.placed:
            text += " · " + self.tr("%Ln without a position", "", load.total - load.placed)
        self.count_label.setText(text)
        missing = len(load.without_position)
        self.geocode_button.setText(self.tr("Geocode %Ln lead(s) without a position", "", missing))
        self.geocode_button.setVisible(missing > 0 and self._geocode_task is None)

    def _fill_check(self, load: MarkerLoad) -> None:
        """The To check tab lists, from the database, the leads of the list geocoding flagged."""
        order = [i for i in load.flagged if i in load.flagged_infos]
        self.check_panel.fill(load.flagged_infos, load.flagged, order)
        if order:
            hint = self.tr("%Ln lead(s) to check: double-click one to open it and correct its address.", "", len(order))
        else:
            hint = self.tr("Leads Google could not place, or placed only roughly, show up here after geocoding. "
                           "Double-click one to open it and correct its address.")
        self.check_label.setText(f"{self._geocode_text}\n{hint}" if self._geocode_text else hint)

    def _push_markers(self) -> None:
        """Send the loaded rows to the page in batches, one per event-loop turn."""
        load = self._load
        if load is None or self.state != "ready":
            return
        self._pushing_gen = load.gen
        self.bridge.markersBegin.emit(json.dumps({"gen": load.gen, "fit": self._fit_next, "total": load.placed}))
        self._fit_next = False
        self._pending = list(load.batches)
        QTimer.singleShot(0, self, self._push_next)

    def _push_next(self) -> None:
        if self._load is None or self._pushing_gen != self._load.gen:
            return
        if self._pending:
            self.bridge.markersBatch.emit(self._pending.pop(0))
            QTimer.singleShot(0, self, self._push_next)
        else:
            self.bridge.markersEnd.emit(self._pushing_gen)

    def _placed(self, count: int, gen: int) -> None:
        if gen == self._gen:
            self.markers_placed.emit(count)

    def color_mode(self) -> str:
        return self.toolbar.color_mode()

    def _color_mode_changed(self) -> None:
        mode = self.color_mode()
        self.settings_store.setValue("map/color_mode", mode)
        self.bridge.colorModeChanged.emit(mode)

    def set_color_mode(self, mode: str) -> None:
        self.toolbar.set_color_mode(mode)

    # --- info window, opening, visits -----------------------------------------------------------------

    def _lead_clicked(self, lead_id: int) -> None:
        self._selected = lead_id
        (self.runner.task(lead_info, self.ctx.db, lead_id)
         .on_success(alive(self, self._show_info))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _show_info(self, info: LeadInfo | None) -> None:
        if info is None:
            return
        sub = " · ".join(p for p in (info.company, info.city) if p)
        payload = {"id": info.id, "name": info.name, "sub": sub, "stage": stage_label(info.stage),
                   "stageColor": stage_color(info.stage), "score": score_label(info),
                   "last": self.tr("Last interaction: {when}").format(when=last_text(info))}
        self.bridge.infoReady.emit(json.dumps(payload, ensure_ascii=False))
        self.info_shown.emit(info.id)

    def _open(self, lead_id: Any) -> None:
        if lead_id is not None:
            self.lead_open_requested.emit(int(lead_id))

    def focus_lead(self, lead_id: int) -> None:
        self.bridge.focusRequested.emit(lead_id)

    def log_visit(self, lead_id: int) -> None:
        """Info window → "Log visit": the second click logs a visit now, by the signed-in user; the
        notice offers Undo, and notes can be added from the lead's timeline."""
        at = datetime.now(UTC)
        (self.runner.task(lambda: self.ctx.interactions.create({"lead_id": lead_id, "kind": "visit", "occurred_at": at}))
         .on_success(alive(self, lambda record: self._visit_logged(lead_id, record)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _visit_logged(self, lead_id: int, record: InteractionRecord) -> None:
        offer_undo(self, self.tr("Visit logged at {time}; add notes from the lead's timeline.").format(
            time=time_text(record.occurred_at)), alive(self, lambda: self.undo_visit(record.id)))
        self.visit_logged.emit(record.id)
        self._after_visit_change(lead_id)

    def undo_visit(self, interaction_id: int) -> None:
        (self.runner.task(self.ctx.interactions.delete, interaction_id)
         .on_success(alive(self, lambda _none: self._visit_undone(interaction_id)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _visit_undone(self, interaction_id: int) -> None:
        notify(self, self.tr("Visit removed."))
        self.visit_logged.emit(-interaction_id)

    def _after_visit_change(self, lead_id: int) -> None:
        if self._selected == lead_id and self.state == "ready":
            self._lead_clicked(lead_id)
        if self.leads is not None and hasattr(self.leads, "refresh"):
            self.leads.refresh()

    # --- the map area (list follows map) ------------------------------------------------------------

    def start_drawing(self, kind: str = "circle") -> None:
        """Draw a radius ("circle": centre, then edge) or an area ("polygon": corner by corner) on the map."""
        if self.view is not None:
            self.view.setFocus()  # so Esc reaches the page, not the toolbar button just clicked
        self.bridge.drawRequested.emit(kind)

    def _base_query(self) -> LeadQuery:
        query = self.leads.current_query() if self.leads is not None else self._query
        return replace(query, ids=None)

    def _circle_drawn(self, lat: float, lng: float, radius_m: float) -> None:
        self._run_nearby(lat, lng, max(0.05, radius_m / 1000.0), from_map=True)

    def _run_nearby(self, lat: float, lng: float, radius_km: float, *, from_map: bool) -> None:
        (self.runner.task(nearby_leads, self.ctx.db, lat, lng, radius_km, self._base_query())
         .on_success(alive(self, lambda result: self._nearby_done(result, from_map)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _polygon_drawn(self, corners_json: str) -> None:
        try:
            corners = [(float(lat), float(lng)) for lat, lng in json.loads(corners_json)]
        except (ValueError, TypeError):
            logger.warning("map page sent an unreadable area: %.200s", corners_json)
            return
        (self.runner.task(leads_in_area, self.ctx.db, corners, self._base_query())
         .on_success(alive(self, self._polygon_done))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _polygon_done(self, result: AreaResult) -> None:
        self._area = None
        self._polygon = [(lat, lng) for lat, lng in result.corners]
        self._area_ids = tuple(result.ids)
        self.clear_area_button.show()
        self._fit_next = False
        self._set_list_area(list(result.ids), self.tr("Map area: %n lead(s)", "", len(result.ids)))
        self.area_changed.emit(list(result.ids))

    def _nearby_done(self, result: NearbyResult, from_map: bool) -> None:
        self._area = (result.lat, result.lng, result.radius_km)
        self._polygon = None
        self._area_ids = tuple(result.ids)
        self.clear_area_button.show()
        if not from_map and self.state == "ready":
            self.bridge.areaChanged.emit(json.dumps({"lat": result.lat, "lng": result.lng,
                                                     "radius": result.radius_km * 1000}))
        self._fill_nearby(result)
        label = self.tr("Map area: %n lead(s) within {km}", "", len(result.ids)).format(km=km_text(result.radius_km))
        self._fit_next = False
        self._set_list_area(list(result.ids), label)
        self.area_changed.emit(list(result.ids))
        if self.state == "offline":
            self.refresh_offline_sheet()

    def _set_list_area(self, ids: list[int] | None, label: str = "") -> None:
        if self.leads is not None and hasattr(self.leads, "set_area"):
            self.leads.set_area(ids, label)
        else:
            self.set_query(replace(self._query, ids=tuple(ids) if ids is not None else None))

    def clear_area(self) -> None:
        had = self._area is not None or self._polygon is not None
        self._area = None
        self._polygon = None
        self._area_ids = None
        self.clear_area_button.hide()
        if self.state == "ready":
            self.bridge.areaChanged.emit("null")
        if had:
            self._set_list_area(None)
            self.area_changed.emit(None)

    # --- nearby ------------------------------------------------------------------------------------

    def my_position(self) -> tuple[float, float] | None:
        return self.nearby_panel.position()

    def _use_centre(self) -> None:
        if self._centre is None:
            notify(self, self.tr("The map is not showing, so it has no center to use."), "warning")
            return
        self.position_edit.setText(f"{self._centre[0]:.5f}, {self._centre[1]:.5f}")
        self.settings_store.setValue("map/position", self.position_edit.text())

    def near_me(self) -> None:
        position = self.my_position()
        if position is None:
            notify(self, self.tr("Enter your position as “latitude, longitude”, e.g. -23.5614, -46.6559, "
                                 "or use the map center."), "warning")
            self.tabs.setCurrentIndex(0)
            self.position_edit.setFocus()
            return
        self.settings_store.setValue("map/position", self.position_edit.text())
        self._run_nearby(position[0], position[1], self.radius_spin.value(), from_map=False)

    def use_my_location(self) -> None:
        """Ask the device where it is (one fix, with a time limit), then run Near me from there."""
        if self._locating:
            return
        self._locating = True
        self.tabs.setCurrentIndex(0)
        self.nearby_panel.set_locating(True)
        self.position_source.locate(self.locate_timeout_ms, alive(self, self._located))

    def _located(self, answer: PositionAnswer) -> None:
        self._locating = False
        self.nearby_panel.set_locating(False)
        self.position_found.emit(answer)
        if isinstance(answer, PositionFix):
            self.position_edit.setText(f"{answer.lat:.5f}, {answer.lng:.5f}")
            self.near_me()
            return
        notify(self, self.nearby_panel.show_location_failure(answer.reason), "warning")

    def near_selected(self) -> None:
        lead_id = self.leads.current_id() if self.leads is not None else None
        lead_id = lead_id or self._selected
        if lead_id is None:
            notify(self, self.tr("Select a lead in the list or on the map first."), "warning")
            return
        self.near_lead(lead_id)

    def near_lead(self, lead_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        (self.runner.task(near_lead, self.ctx.db, lead_id, self.radius_spin.value(), self._base_query())
         .on_success(alive(self, lambda result: self._nearby_done(result, False)))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _fill_nearby(self, result: NearbyResult) -> None:
        self.nearby_panel.fill(result.rows)
        self.nearby_label.setText(self.tr("%Ln lead(s) within {km}; double-click to open.", "", len(result.ids))
                                  .format(km=km_text(result.radius_km)))

    # --- the day plan ------------------------------------------------------------------------------------

    def plan_ids(self) -> list[int]:
        return list(self._plan)

    def add_selected_to_plan(self) -> None:
        ids = self.leads.selected_ids() if self.leads is not None else []
        if not ids:
            notify(self, self.tr("Select the leads to visit in the Leads list (or use “+ Day plan” on the map)."),
                   "warning")
            return
        self.add_to_plan(ids)

    def add_to_plan(self, ids: list[int]) -> None:
        new = [i for i in dict.fromkeys(ids) if i not in self._plan]
        room = MAX_PLAN_STOPS - len(self._plan)
        if len(new) > room:
            notify(self, self.tr("A day plan holds at most {n} stops; the rest were left out.").format(
                n=MAX_PLAN_STOPS), "warning")
            new = new[:max(0, room)]
        if not new:
            return
        self._plan.extend(new)
        self.tabs.setCurrentIndex(1)
        (self.runner.task(lead_infos, self.ctx.db, new)
         .on_success(alive(self, self._plan_names_loaded))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _plan_names_loaded(self, infos: dict[int, LeadInfo]) -> None:
        for lead_id, info in infos.items():
            self._plan_names[lead_id] = info.name if info.lat is not None else self.tr("{name} (no position)").format(
                name=info.name)
        self._fill_plan_list()

    def _fill_plan_list(self) -> None:
        self.plan_panel.fill_stops(self._plan, self._plan_names)

    def _remove_stops(self) -> None:
        chosen = self.plan_panel.selected_stops()
        self._plan = [i for i in self._plan if i not in chosen]
        self._fill_plan_list()

    def clear_plan(self) -> None:
        self._plan = []
        self._fill_plan_list()
        self._sheet = None
        self.plan_panel.reset()
        if self.state == "ready":
            self.bridge.routeChanged.emit("null")

    def plan_route(self) -> None:
        if not self._plan:
            notify(self, self.tr("Add the leads to visit first."), "warning")
            return
        start = self.my_position() if self.from_position.isChecked() else None
        if self.from_position.isChecked() and start is None:
            notify(self, self.tr("Enter your position in the Nearby tab to start from it."), "warning")
            return
        self.plan_button.setEnabled(False)
        self.route_label.setText(self.tr("Planning the route…"))
        plan = self.plan_panel
        (self.runner.task(plan_day, self.ctx.db, self.ctx.settings, list(self._plan), start, plan.departure_utc(),
                          plan.visit_seconds(), lane="net")
         .on_success(alive(self, self._route_done))
         .on_failure(alive(self, self._route_failed))
         .start())

    def _route_failed(self, exc: BaseException) -> None:
        self.plan_button.setEnabled(True)
        self.route_label.setText("")
        report_error(self, exc)

    def _route_done(self, sheet: RouteSheet) -> None:
        self.plan_button.setEnabled(True)
        self._sheet = sheet
        self.plan_panel.show_route(sheet)
        if sheet.stops:
            text = self.tr("{km} · {time} on the road. ").format(km=km_text(sheet.distance_km),
                                                                  time=duration_text(sheet.duration_s))
            if sheet.source != "google":
                text += self.tr("Offline estimate (nearest neighbor, straight lines): {why}").format(
                    why=self.route_fallback_reason(sheet.google_status))
            elif sheet.path:
                text += self.tr("Order, times and the route along the roads from Google Routes.")
            else:
                text += self.tr("Order and times from Google Routes; the map joins the stops with straight lines.")
        else:
            text = self.tr("None of these leads has a position yet: geocode them first.")
        if sheet.missing:
            text += " " + self.tr("%Ln lead(s) without a position left out.", "", len(sheet.missing))
        self.route_label.setText(text)
        if self.state == "ready":
            self.bridge.routeChanged.emit(sheet.page_json())
        elif self.state == "offline":
            self.refresh_offline_sheet()
        self.route_planned.emit(sheet)

    def route_fallback_reason(self, status: str) -> str:
        """Why Google Routes was not used (a MapsError status), and what fixes it, in the UI's language."""
        if status == "NO_KEY":
            return self.tr("no Google Maps key is set. Add it in Settings → Integrations.")
        if status == "SERVICE_DISABLED":
            return self.tr("the Routes API is not enabled for the Maps key. Enable it (with billing) in the key's "
                           "Google Cloud project.")
        if status in ("REQUEST_DENIED", "PERMISSION_DENIED", "UNAUTHENTICATED", "INVALID_KEY", "INVALID_ARGUMENT",
                      "OVER_DAILY_LIMIT"):
            return self.tr("Google refused the Maps key. Check the key in Settings → Integrations, and that the "
                           "Routes API is enabled with billing for its Google Cloud project.")
        if status in ("OVER_QUERY_LIMIT", "RESOURCE_EXHAUSTED"):
            return self.tr("the Google Routes quota is used up for now. Try again in a moment.")
        if status == "OFFLINE":
            return self.tr("Google Routes could not be reached. Check the network connection.")
        if status == "NO_ROUTE":
            return self.tr("Google Routes found no road route between these stops.")
        return self.tr("Google Routes failed ({status}). Try again later.").format(status=status or "?")

    def print_sheet(self) -> None:
        if self._sheet is not None:
            self._print(printable_html(self._sheet))

    def print_offline_sheet(self) -> None:
        if self._offline_html:
            self._print(self._offline_html)

    def _print(self, html_text: str) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)

        def accepted() -> None:
            from app.ui.maps.sheet import print_to

            print_to(printer, html_text)

        dialog.accepted.connect(accepted)
        self.print_dialog = dialog
        QDialog.open(dialog)  # window-modal, not blocking; QPrintDialog.open itself wants a receiver and slot

    def _ask_path(self, caption: str, suffix: str, kind: str, chosen: Callable[[Path], None]) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d")
        dialog = QFileDialog(self, caption, str(Path.home() / f"route-{stamp}.{suffix}"), kind)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(lambda path: chosen(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export_pdf(self, path: Path | None = None) -> None:
        if self._sheet is None:
            return
        if path is None:
            self._ask_path(self.tr("Save the route sheet as PDF"), "pdf", self.tr("PDF files (*.pdf)"), self.export_pdf)
            return
        try:
            write_pdf(path, printable_html(self._sheet))
        except OSError as exc:
            report_error(self, exc)
            return
        notify(self, self.tr("Route sheet saved to {path}.").format(path=str(path)))

    def export_csv(self, path: Path | None = None) -> None:
        if self._sheet is None:
            return
        if path is None:
            self._ask_path(self.tr("Save the route sheet as CSV"), "csv", self.tr("CSV files (*.csv)"), self.export_csv)
            return
        try:
            write_csv(path, self._sheet)
        except OSError as exc:
            report_error(self, exc)
            return
        notify(self, self.tr("Route sheet saved to {path}.").format(path=str(path)))

    # --- the offline route sheet -------------------------------------------------------------------------

    def refresh_offline_sheet(self) -> None:
        position = self.my_position()
        reference_lead = None
        if position is None:
            reference_lead = (self.leads.current_id() if self.leads is not None else None) or self._selected
        (self.runner.task(offline_sheet, self.ctx.db, self._query, position, reference_lead, list(self._plan),
                          self.radius_spin.value(), self.plan_panel.departure_utc(),
                          self.plan_panel.visit_seconds())
         .on_success(alive(self, self._offline_ready))
         .on_failure(alive(self, lambda exc: report_error(self, exc)))
         .start())

    def _offline_ready(self, sheet: OfflineSheet) -> None:
        self._offline = sheet
        if sheet.reference_lead is not None:
            around = sheet.reference_lead.name
        elif sheet.reference is not None:
            around = self.tr("your position")
        else:
            around = ""
        self._offline_html = offline_html(sheet, around)
        self.sheet_view.setHtml(self._offline_html)
        if sheet.nearby is not None:
            self._fill_nearby(sheet.nearby)
        self.offline_sheet_ready.emit(sheet)

    # --- geocoding -----------------------------------------------------------------------------------------

    def geocode_missing(self) -> None:
        if self._load is None or not self._load.without_position or self._geocode_task is not None:
            return
        ids = list(self._load.without_position)
        db, settings, workspace = self.ctx.db, self.ctx.settings, self.ctx.workspace

        def work(progress: Any = None) -> GeocodeSummary:
            return geocode_for_map(db, settings, ids, float(workspace.get("geocode.qps")), progress)

        task = (self.runner.task(work, lane="net")
                .with_progress(self.tr("Geocoding leads…"))
                .on_success(alive(self, self._geocoded))
                .on_failure(alive(self, self._geocode_failed)))
        task.signals.progressed.connect(alive(self, self._geocode_progress))
        self._geocode_task = task
        self.toolbar.geocoding_started(len(ids))
        task.start()

    def _geocode_progress(self, done: int, total: int, _text: str) -> None:
        self.toolbar.geocoding_progressed(done, total)

    def cancel_geocoding(self) -> None:
        if self._geocode_task is not None:
            self._geocode_task.cancel()

    def _geocode_finished(self) -> None:
        self._geocode_task = None
        self.toolbar.geocoding_finished()
        self.reload_markers()

    def _geocoded(self, summary: GeocodeSummary) -> None:
        self._geocode_finished()
        text = self.tr("Geocoding done. Placed: {geocoded} · from the cache: {cached} · only roughly: {partial} · "
                       "not found: {missing} · errors: {errors}.").format(
            geocoded=summary.geocoded, cached=summary.from_cache, partial=summary.partial,
            missing=summary.not_found, errors=summary.errors)
        flagged = [*summary.not_found_ids, *summary.partial_ids, *summary.error_ids]
        self._geocode_text = text
        self.check_label.setText(text)  # the list itself is refilled from the database with the markers
        notify(self, text, "warning" if flagged else "info")
        self.geocoded.emit(summary)
        if flagged:
            self.tabs.setCurrentIndex(2)

    def _geocode_failed(self, exc: BaseException) -> None:
        self._geocode_finished()
        if isinstance(exc, Cancelled):
            notify(self, self.tr("Geocoding stopped. The leads placed so far keep their positions."))
            return
        if getattr(exc, "status", "") == "NO_KEY":  # MapsKeyMissing: its own text is for the command line
            notify(self, self.tr("Geocoding needs a Google Maps API key, and none is set. Add it in Settings → "
                                 "Integrations, then geocode again."), "warning")
            return
        report_error(self, exc)

    # --- test and benchmark helpers ---------------------------------------------------------------------

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        if self.view is not None:
            if callback is None:
                self.view.page().runJavaScript(script)
            else:
                self.view.page().runJavaScript(script, 0, callback)


if __name__ == "__main__":
    from app.ui.app import preview

    preview(MapView, size=(1300, 800))
