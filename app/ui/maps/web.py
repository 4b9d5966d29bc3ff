"""What of the Map screen needs QtWebEngine: the page class and the QWebChannel script.

Imported when the web view is first built (MapView._ensure_view), after the screen's first paint:
QtWebEngine's import alone is about 80 ms, which the Map's first visit no longer waits for.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

logger = logging.getLogger("app.ui.maps.page")  # the page's console, logged under the name it always had


def webchannel_script() -> QWebEngineScript:
    """qrc:///qtwebchannel/qwebchannel.js, injected (a <script src="qrc:…"> is refused on an https page)."""
    source = QFile(":/qtwebchannel/qwebchannel.js")
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from the Qt resources")
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(bytes(source.readAll().data()).decode("utf-8"))
    source.close()
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


class MapPage(QWebEnginePage):
    """Logs the page's console (errors kept for tests) and opens clicked links in the browser."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.console_errors: list[str] = []

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,
                                 line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.console_errors.append(f"{message} ({source}:{line})")
            logger.warning("map page: %s (%s:%s)", message, source, line)
        else:
            logger.debug("map page: %s", message)

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType,
                                is_main_frame: bool) -> bool:
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            QDesktopServices.openUrl(QUrl(url))  # Google's "terms" / "report an error" links
            return False
        return True
