"""The web page of the Map screen: the HTML from resources/map/, its settings, and the bridge.

`MapBridge` is the `bridge` object the page reaches through QWebChannel: its signals carry JSON to
the page's script, its slots bring the page's events back, re-emitted as Qt signals for MapView.
`page_config` is what the
script reads at start: the key, locale, centre, colours and the page's texts. Those texts keep the
"MapView" translation context they had when they were written inside the screen. What needs
QtWebEngine (the page class, the channel script) is in app/ui/maps/web.py, imported with the web view.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal, Slot

from app.ui.i18n import stage_label
from app.ui.vocabulary import STAGE_COLORS

RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "map"
PAGE_URL = "https://map.aiconnect.invalid/"  # the page's fixed origin (restrict the JS key to it)
DEFAULT_CENTRE = (-23.5505, -46.6333)  # São Paulo, until the leads say where the map should be


def page_html() -> str:
    html = (RESOURCES / "map.html").read_text(encoding="utf-8")
    return (html.replace("/*@MAP_CSS@*/", (RESOURCES / "map.css").read_text(encoding="utf-8"))
            .replace("//@MAP_JS@", (RESOURCES / "map.js").read_text(encoding="utf-8")))


def page_config(key: str, centre: tuple[float, float], color_mode: str, timeout_ms: int) -> dict[str, Any]:
    """What the page's script starts from (bridge.config()), in the UI's language."""
    locale = QLocale()
    language = locale.name().replace("_", "-")
    region = locale.name().split("_")[-1] if "_" in locale.name() else "BR"
    stage_legend = [[color, stage_label(key_)] for key_, color in STAGE_COLORS.items()]
    return {
        "key": key, "language": language, "region": region, "timeoutMs": timeout_ms,
        "center": {"lat": centre[0], "lng": centre[1]}, "zoom": 11, "colorMode": color_mode,
        "stageColors": dict(STAGE_COLORS),
        "stageLegend": stage_legend,
        "scoreLegend": [["#16a34a", QCoreApplication.translate("MapView", "70 – 100")],
                        ["#f59e0b", QCoreApplication.translate("MapView", "40 – 69")],
                        ["#dc2626", QCoreApplication.translate("MapView", "0 – 39")],
                        ["#94a3b8", QCoreApplication.translate("MapView", "Not scored")]],
        "texts": page_texts(),
    }


def page_texts() -> dict[str, str]:
    """The page's own words: info window buttons, legend, cluster tooltip, drawing hints."""
    return {
        "loading": QCoreApplication.translate("MapView", "Loading Google Maps…"),
        "open": QCoreApplication.translate("MapView", "Open"),
        "logVisit": QCoreApplication.translate("MapView", "Log visit"),
        "nearby": QCoreApplication.translate("MapView", "Nearby"),
        "addToPlan": QCoreApplication.translate("MapView", "+ Day plan"),
        "byStage": QCoreApplication.translate("MapView", "Stage"),
        "byScore": QCoreApplication.translate("MapView", "Score"),
        "cluster": QCoreApplication.translate("MapView", "{n} leads: click to zoom in"),
        "drawCentre": QCoreApplication.translate("MapView", "Click the center of the area (Esc cancels)"),
        "drawEdge": QCoreApplication.translate("MapView", "Now click its edge"),
        "start": QCoreApplication.translate("MapView", "Start"),
        "drawCorners": QCoreApplication.translate("MapView", "Click the corners of the area (Esc cancels)"),
        "drawClose": QCoreApplication.translate(
            "MapView", "Double-click, or click the first corner, to close the area (Esc cancels)"),
        "closeArea": QCoreApplication.translate("MapView", "Close the area here"),
    }


# --- the page and its bridge ------------------------------------------------------------------------

class MapBridge(QObject):
    """The `bridge` object of the page. Signals go to JavaScript (JSON strings); slots come back."""

    # Python -> page
    markersBegin = Signal(str)
    markersBatch = Signal(str)
    markersEnd = Signal(int)
    colorModeChanged = Signal(str)
    infoReady = Signal(str)
    routeChanged = Signal(str)
    areaChanged = Signal(str)
    drawRequested = Signal(str)  # circle | polygon
    focusRequested = Signal(int)

    # page -> Python (re-emitted for the view)
    ready = Signal()
    failed = Signal(str)
    placed = Signal(int, int)
    lead_clicked = Signal(int)
    open_requested = Signal(int)
    visit_requested = Signal(int)
    nearby_requested = Signal(int)
    plan_requested = Signal(int)
    circle_drawn = Signal(float, float, float)
    polygon_drawn = Signal(str)
    view_changed = Signal(float, float, int)
    js_error = Signal(str)
    network_changed = Signal(bool)  # the page went offline (False) or back online (True) after loading

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config_json = "{}"

    @Slot(result=str)
    def config(self) -> str:
        return self.config_json

    @Slot()
    def mapReady(self) -> None:
        self.ready.emit()

    @Slot(str)
    def mapFailed(self, reason: str) -> None:
        self.failed.emit(reason)

    @Slot(bool)
    def networkChanged(self, online: bool) -> None:
        self.network_changed.emit(online)

    @Slot(int, int)
    def markersPlaced(self, count: int, gen: int) -> None:
        self.placed.emit(count, gen)

    @Slot(int)
    def markerClicked(self, lead_id: int) -> None:
        self.lead_clicked.emit(lead_id)

    @Slot(int)
    def openLead(self, lead_id: int) -> None:
        self.open_requested.emit(lead_id)

    @Slot(int)
    def logVisit(self, lead_id: int) -> None:
        self.visit_requested.emit(lead_id)

    @Slot(int)
    def nearLead(self, lead_id: int) -> None:
        self.nearby_requested.emit(lead_id)

    @Slot(int)
    def addToPlan(self, lead_id: int) -> None:
        self.plan_requested.emit(lead_id)

    @Slot(float, float, float)
    def circleDrawn(self, lat: float, lng: float, radius_m: float) -> None:
        self.circle_drawn.emit(lat, lng, radius_m)

    @Slot(str)
    def polygonDrawn(self, corners_json: str) -> None:
        self.polygon_drawn.emit(corners_json)

    @Slot(float, float, int)
    def viewChanged(self, lat: float, lng: float, zoom: int) -> None:
        self.view_changed.emit(lat, lng, zoom)

    @Slot(str)
    def jsError(self, text: str) -> None:
        self.js_error.emit(text)
