"""Where the device is: one position fix for "Use my location" on the Map screen.

The screen depends on `PositionSource` (ask once, get one answer later, never wait); the product
uses `DevicePosition`, Qt Positioning's default source for the machine (geoclue2 on Linux, the
OS location service on Windows and macOS), and tests hand the screen their own source. Every way
it can go wrong ends in a `PositionFailure` whose reason the screen explains: no source on this
machine (or Qt Positioning missing from the build), location permission denied, no fix in time.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

logger = logging.getLogger(__name__)

DESKTOP_ID = "aiconnect"  # geoclue2 asks which application wants the position


@dataclass(frozen=True)
class PositionFix:
    lat: float
    lng: float
    accuracy_m: float | None = None  # radius of the 68% circle, when the source says


@dataclass(frozen=True)
class PositionFailure:
    reason: str  # no_source | denied | timeout | failed
    detail: str = ""


PositionAnswer = PositionFix | PositionFailure


class PositionSource(Protocol):
    def locate(self, timeout_ms: int, done: Callable[[PositionAnswer], None]) -> None:
        """Ask for one fix; `done` is called once, later, on the UI thread."""

    def cancel(self) -> None:
        """Forget the pending request: its `done` is not called."""


def _default_source(parent: QObject) -> Any:
    """Qt's default position source, or None (no plugin, or Qt Positioning not in this PySide6)."""
    try:
        from PySide6.QtPositioning import QGeoPositionInfoSource
    except ImportError:
        logger.info("Qt Positioning is not part of this PySide6 build")
        return None
    return QGeoPositionInfoSource.createDefaultSource({"desktopId": DESKTOP_ID}, parent)


class DevicePosition(QObject):
    """`PositionSource` over Qt Positioning. `factory(parent)` makes the Qt source (Qt's default one
    unless given); it is made on the first request, and only once."""

    def __init__(self, parent: QObject | None = None,
                 factory: Callable[[QObject], Any] | None = None) -> None:
        super().__init__(parent)
        self._factory = factory or _default_source
        self._source: Any = None
        self._made = False
        self._done: Callable[[PositionAnswer], None] | None = None
        self._timeout_ms = 0
        self._request = 0  # a cancelled or newer request's answer is dropped
        self._probing = False

    def locate(self, timeout_ms: int, done: Callable[[PositionAnswer], None]) -> None:
        self._request += 1
        self._done = done
        self._timeout_ms = timeout_ms
        app = QCoreApplication.instance()
        permission = _location_permission()
        if app is None or permission is None:
            self._ask()
            return
        status = app.checkPermission(permission)
        if status == Qt.PermissionStatus.Granted:
            self._ask()
        elif status == Qt.PermissionStatus.Denied:
            self._finish(PositionFailure("denied"))
        else:  # the OS asks the user; the answer comes back later
            app.requestPermission(permission, self, self._permission_answered)

    def cancel(self) -> None:
        self._request += 1
        self._done = None
        if self._source is not None:
            self._source.stopUpdates()

    def _permission_answered(self, permission: Any) -> None:
        app = QCoreApplication.instance()
        if app is not None and app.checkPermission(permission) == Qt.PermissionStatus.Granted:
            self._ask()
        else:
            self._finish(PositionFailure("denied"))

    def _ensure_source(self) -> Any:
        if not self._made:
            self._made = True
            self._source = self._factory(self)
            if self._source is not None:
                self._source.positionUpdated.connect(self._updated)
                self._source.errorOccurred.connect(self._error)
                logger.info("position source: %s", self._source.sourceName())
        return self._source

    def _ask(self) -> None:
        source = self._ensure_source()
        if source is None:
            self._finish(PositionFailure("no_source"))
            return
        from PySide6.QtPositioning import QGeoPositionInfoSource

        self._probing = True  # geoclue2 reports a missing service as an AccessError while asked this
        try:
            methods = source.supportedPositioningMethods()
        finally:
            self._probing = False
        if methods == QGeoPositionInfoSource.PositioningMethod.NoPositioningMethods:
            self._finish(PositionFailure("no_source", source.sourceName()))
            return
        source.requestUpdate(self._timeout_ms)

    def _updated(self, info: Any) -> None:
        from PySide6.QtPositioning import QGeoPositionInfo

        coordinate = info.coordinate()
        if not info.isValid() or not coordinate.isValid():
            self._finish(PositionFailure("failed", "invalid position"))
            return
        accuracy = None
        if info.hasAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy):
            value = info.attribute(QGeoPositionInfo.Attribute.HorizontalAccuracy)
            accuracy = None if math.isnan(value) else float(value)
        self._finish(PositionFix(coordinate.latitude(), coordinate.longitude(), accuracy))

    def _error(self, error: Any) -> None:
        from PySide6.QtPositioning import QGeoPositionInfoSource

        errors = QGeoPositionInfoSource.Error
        if error == errors.NoError or self._probing:
            return
        reason = {errors.AccessError: "denied", errors.UpdateTimeoutError: "timeout",
                  errors.UnknownSourceError: "no_source"}.get(error, "failed")
        self._finish(PositionFailure(reason, getattr(error, "name", str(error))))

    def _finish(self, answer: PositionAnswer) -> None:
        done, self._done = self._done, None
        request = self._request

        def deliver() -> None:
            if request == self._request and done is not None:
                done(answer)

        if done is not None:
            QTimer.singleShot(0, self, deliver)  # always later, as the interface promises


def _location_permission() -> Any:
    try:
        from PySide6.QtCore import QLocationPermission
    except ImportError:  # Qt before 6.5: no permission API, the OS source asks by itself
        return None
    permission = QLocationPermission()
    permission.setAccuracy(QLocationPermission.Accuracy.Precise)
    permission.setAvailability(QLocationPermission.Availability.WhenInUse)
    return permission
