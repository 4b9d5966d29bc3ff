"""The Map screen: the leads of the current list on an embedded Google map, and the field tools.

The page (resources/map/) loads the Maps JavaScript API with the key from the OS keyring and
talks to Python through QWebChannel (MapBridge). The list and the map follow each other: a drawn
radius or area becomes the list's "map area" (LeadQuery.ids) and a list filter reloads the markers.
When the script cannot load (no key, no network, a refused key) a banner says why, the offline
route sheet takes the map's place, and a timer reloads the page until the map is back.

MapView builds the screen and runs the page; its parts, each a QObject the view owns, do the rest:
`markers` (markers.py: loading, counts, To check, geocoding), `area` (area.py: the drawn radius or
area, nearby leads, "Use my location"), `day_plan` (day_plan.py: stops, route, printout, PDF, CSV),
`offline_sheet` (offline.py: the offline route sheet) and `info_window` (info.py: a clicked marker's
card, logging a visit). The page and its bridge are in page.py, the banner, toolbar and side panel
tabs in panels.py, the printable sheet in sheet.py, the device's position in position.py.

An `interceptor` (QWebEngineUrlRequestInterceptor) handed to the view sees the page's requests: the
tests, screenshots and benchmarks hand one that serves a stub of Google's script (see
tests/fakes/map_stub.py, which also runs this screen alone with it). The product hands none.

Run alone on a demo workspace (the map shows with a Google Maps key in the keyring):
`python -m app.ui.maps.view`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from app.context import AppContext
from app.services.leads.search import LeadQuery
from app.services.maps.map_reads import read_maps_key
from app.ui.errors import alive
from app.ui.maps.area import MapArea
from app.ui.maps.day_plan import DayPlan
from app.ui.maps.info import InfoWindow
from app.ui.maps.markers import MapMarkers
from app.ui.maps.offline import OfflineSheetPane
from app.ui.maps.page import DEFAULT_CENTRE, PAGE_URL, MapBridge, page_config, page_html
from app.ui.maps.panels import CheckPanel, DayPlanPanel, MapBanner, MapToolbar, NearbyPanel
from app.ui.maps.position import PositionSource
from app.ui.tasks import ABANDON, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEngineUrlRequestInterceptor
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from app.ui.maps.web import MapPage

logger = logging.getLogger(__name__)

LOAD_TIMEOUT_MS = 15000  # Google's script must have loaded by then
RETRY_MS = 30000  # while offline, reload the page this often
LOCATE_TIMEOUT_MS = 20000  # "Use my location": a fix must come by then


STYLE = """
#MapBanner { background: #fff7e6; border: 1px solid #f5d08a; border-radius: 8px; }
#MapBanner QLabel { color: #78350f; }
QToolButton#SegmentButton { padding: 4px 12px; border: 1px solid #d1d5db; background: #ffffff; color: #374151; }
QToolButton#SegmentButton:checked { background: #e8effd; border-color: #1d4ed8; color: #1d4ed8; font-weight: 600; }
QTextBrowser#RouteSheet { border: 1px solid #e5e7eb; border-radius: 8px; background: #ffffff; padding: 8px; }
QTabWidget#MapTools::pane { border: 1px solid #e5e7eb; border-radius: 8px; background: #ffffff; top: -1px; }
"""


def _maps_key(ctx: AppContext) -> str | None:
    """The Maps key, read on the net lane: the keyring's import and its backend's first call (about
    0.15 s) stay off the UI thread, where they made the map's first visit slow."""
    return read_maps_key(ctx.secrets)


class MapView(QWidget):
    """`MapView(ctx, runner, leads=leads_view)`: follows (and filters) that Leads screen's list.

    `interceptor` sees the page's requests (the product hands none; one whose `provides_script` is
    true stands in for Google's script, and then no key is needed); `position` answers "Use my
    location"; `state` keeps the screen's choices (ui-state.ini in the data folder by default)."""

    lead_open_requested = Signal(int)
    screen_requested = Signal(str)  # "settings", from the banner's Open Settings
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

    def __init__(self, ctx: AppContext, runner: TaskRunner, leads: Any = None, *,
                 interceptor: QWebEngineUrlRequestInterceptor | None = None, state: QSettings | None = None,
                 position: PositionSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._leads_source = leads  # the Leads screen, or a callable returning it (it may be rebuilt)
        self._leads_connected: Any = None
        self.interceptor = interceptor  # the caller's: a rebuilt screen may be handed the same one
        self.settings_store = state if state is not None else QSettings(
            str(ctx.settings.home / "ui-state.ini"), QSettings.Format.IniFormat)
        self.state = "idle"
        self.failure = ""
        self.centre: tuple[float, float] | None = None  # the map's, as the page last said
        self._page_started = False
        self.view: QWebEngineView | None = None
        self.page_: MapPage | None = None
        self.bridge = MapBridge(self)
        self._build()
        self.markers = MapMarkers(self)
        self.area = MapArea(self, position)
        self.day_plan = DayPlan(self)
        self.offline_sheet = OfflineSheetPane(self)
        self.info_window = InfoWindow(self)
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

        self._retry_timer = QTimer(self, singleShot=True, timeout=self.load_page)
        self._watchdog = QTimer(self, singleShot=True, timeout=lambda: self._failed("timeout"))

    def _connect(self) -> None:
        """The screen's own wiring; each part connects the controls and page events it answers."""
        self.color_group.buttonToggled.connect(lambda _b, on: self._color_mode_changed() if on else None)
        self.retry_button.clicked.connect(self.load_page)
        self.settings_button.clicked.connect(self._open_settings)
        self.nearby_table.itemActivated.connect(lambda item, _c: self._open(item.data(0, Qt.ItemDataRole.UserRole)))
        self.route_table.itemActivated.connect(lambda item, _c: self._open(item.data(0, Qt.ItemDataRole.UserRole)))
        self.check_list.itemActivated.connect(lambda item: self._open(item.data(Qt.ItemDataRole.UserRole)))
        bridge = self.bridge
        bridge.ready.connect(self._ready)
        bridge.failed.connect(self._failed)
        bridge.open_requested.connect(self._open)
        bridge.view_changed.connect(lambda lat, lng, _zoom: setattr(self, "centre", (lat, lng)))
        bridge.js_error.connect(lambda text: logger.warning("map page script: %s", text))
        bridge.network_changed.connect(self._network_changed)
        self.toolbar.sheet_button.toggled.connect(self.show_offline_sheet)
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

    def current_lead(self) -> int | None:
        """The lead selected in the Leads list, else the one last clicked on the map."""
        lead_id = self.leads.current_id() if self.leads is not None else None
        return lead_id or self.info_window.lead_id

    # --- page loading ----------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._connect_leads()
        if not self._page_started:
            self._page_started = True
            self.load_page()
            self.markers.reload()
        elif self.markers.dirty:
            self.markers.reload()

    def _ensure_view(self) -> QWebEngineView:
        if self.view is None:
            # QtWebEngine is imported here, after the screen's first paint (the loading label), not with the screen
            from PySide6.QtWebChannel import QWebChannel
            from PySide6.QtWebEngineWidgets import QWebEngineView

            from app.ui.maps.web import MapPage, webchannel_script

            view = QWebEngineView()
            page = MapPage(view)
            page.scripts().insert(webchannel_script())
            channel = QWebChannel(page)
            channel.registerObject("bridge", self.bridge)
            page.setWebChannel(channel)
            if self.interceptor is not None:
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
        (self.runner.task(_maps_key, self.ctx, lane="net").at_quit(ABANDON)
         .on_success(alive(self, self._got_key))
         .on_failure(alive(self, lambda exc: self._failed("keyring")))
         .start())

    def _got_key(self, key: str | None) -> None:
        if not key and not getattr(self.interceptor, "provides_script", False):
            self._failed("no_key")
            return
        view = self._ensure_view()
        config = page_config(key or "stub-key", self.centre or DEFAULT_CENTRE, self.color_mode(), self.load_timeout_ms)
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
        self.markers.fit_next = not self.area.is_set
        self.markers.push()
        self.day_plan.redraw()
        self.area.redraw()

    def _failed(self, reason: str) -> None:
        """The map cannot show: say why, show the offline route sheet, retry later."""
        self._watchdog.stop()
        self.failure = reason
        self.banner.show_failure(reason)
        self._set_state("offline")
        if self.stack.currentWidget() is not self.sheet_view:  # a retry that failed again leaves the sheet be
            self.stack.setCurrentWidget(self.sheet_view)
            self.offline_sheet.refresh()
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
            self.offline_sheet.refresh()
        elif self.state == "ready" and self.view is not None:
            self.stack.setCurrentWidget(self.view)

    def _open_settings(self) -> None:
        self.screen_requested.emit("settings")

    # --- the list's query, colours, leads ---------------------------------------------------------------

    def set_query(self, query: LeadQuery) -> None:
        """The list's filter changed: the markers follow (and a cleared map area removes the circle)."""
        if query.ids is None:
            self.area.list_cleared()
        self.markers.follow(query, refit=query.ids is None or tuple(query.ids) != self.area.ids)

    def refresh(self) -> None:
        self.markers.reload()

    def color_mode(self) -> str:
        return self.toolbar.color_mode()

    def _color_mode_changed(self) -> None:
        mode = self.color_mode()
        self.settings_store.setValue("map/color_mode", mode)
        self.bridge.colorModeChanged.emit(mode)

    def set_color_mode(self, mode: str) -> None:
        self.toolbar.set_color_mode(mode)

    def _open(self, lead_id: Any) -> None:
        if lead_id is not None:
            self.lead_open_requested.emit(int(lead_id))

    def focus_lead(self, lead_id: int) -> None:
        self.bridge.focusRequested.emit(lead_id)

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run `script` in the page (tests and benchmarks); `callback` gets its result."""
        if self.view is not None:
            if callback is None:
                self.view.page().runJavaScript(script)
            else:
                self.view.page().runJavaScript(script, 0, callback)

    # --- sentences with a count, for the parts: pyside6-lupdate takes a plural only from a literal
    # self.tr(text, "", n) inside a class, whose name is the context, and these have always been MapView's

    def on_map_text(self, n: int) -> str:
        return self.tr("%Ln lead(s) on the map", "", n)

    def without_position_text(self, n: int) -> str:
        return self.tr("%Ln without a position", "", n)

    def geocode_text(self, n: int) -> str:
        return self.tr("Geocode %Ln lead(s) without a position", "", n)

    def to_check_text(self, n: int) -> str:
        return self.tr("%Ln lead(s) to check: double-click one to open it and correct its address.", "", n)

    def area_text(self, n: int) -> str:
        return self.tr("Map area: %n lead(s)", "", n)

    def area_within_text(self, n: int) -> str:
        return self.tr("Map area: %n lead(s) within {km}", "", n)

    def nearby_text(self, n: int) -> str:
        return self.tr("%Ln lead(s) within {km}; double-click to open.", "", n)

    def left_out_text(self, n: int) -> str:
        return self.tr("%Ln lead(s) without a position left out.", "", n)


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(MapView, size=(1300, 800))
