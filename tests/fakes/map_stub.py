"""TEST / DEV ONLY: hand the map page a local stub of `google.maps` instead of Google's script.

The product never uses this: MapView sees the page's requests only through an interceptor its
caller hands it (`MapView(..., interceptor=ScriptInterceptor("stub"))`, or for the main window
`MainWindow(..., screen_options={"map": {"interceptor": ...}})`). Tests, screenshots and benchmarks
do. `StubServer` serves google_maps_stub/ on 127.0.0.1 (a random port, that folder only) and
`ScriptInterceptor` redirects https://maps.googleapis.com/maps/api/js to it, or blocks the script
("block") to act out having no network.

`python -m tests.fakes.map_stub` runs the Map screen alone on a demo workspace with the stub, for a
developer without a key or network.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor

logger = logging.getLogger(__name__)

STUB_DIR = Path(__file__).resolve().parent / "google_maps_stub"
STUB_FILE = "google_maps_stub.js"
MAPS_HOST = "maps.googleapis.com"
MAPS_PATH = "/maps/api/js"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("map stub server: " + format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class StubServer:
    """One loopback HTTP server per process for the stub script; started on first use."""

    _instance: StubServer | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        handler = partial(_QuietHandler, directory=str(STUB_DIR))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="map-stub-server", daemon=True)
        self.thread.start()

    @property
    def script_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{STUB_FILE}"

    @classmethod
    def shared(cls) -> StubServer:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance


class ScriptInterceptor(QWebEngineUrlRequestInterceptor):
    """mode "stub": Google's Maps script comes from the stub server, anything else off this machine
    is blocked (the stub page must never reach the internet); "block": Google's script is blocked
    as if the network were down; "off": requests pass untouched."""

    def __init__(self, mode: str = "off", parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.stub_url = StubServer.shared().script_url if mode == "stub" else ""
        self.seen: list[str] = []

    @property
    def provides_script(self) -> bool:
        """True while the stub stands in for Google's script: the map needs no key then."""
        return self.mode == "stub"

    def set_mode(self, mode: str) -> None:
        if mode == "stub" and not self.stub_url:
            self.stub_url = StubServer.shared().script_url
        self.mode = mode

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # runs on Chromium's IO thread
        url = info.requestUrl()
        host = url.host()
        if self.mode == "off" or url.scheme() in ("data", "qrc", "blob"):
            return
        is_maps_script = host == MAPS_HOST and url.path() == MAPS_PATH
        if is_maps_script:
            self.seen.append(url.path())
        if self.mode == "block":
            if is_maps_script or host.endswith(("googleapis.com", "gstatic.com", "google.com")):
                info.block(True)
            return
        if is_maps_script:
            target = QUrl(self.stub_url)
            target.setQuery(url.query())
            info.redirect(target)
        elif host not in ("127.0.0.1", "localhost"):
            info.block(True)


if __name__ == "__main__":
    from app.ui.maps.view import MapView
    from app.ui.preview import preview

    stub = ScriptInterceptor("stub")
    preview(lambda ctx, runner: MapView(ctx, runner, interceptor=stub), size=(1300, 800))
