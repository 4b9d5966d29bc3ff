"""What changed in the workspace, said once by the screen that changed it, heard by every screen
that shows it (anki's gui_hooks in spirit, with Qt signals).

A screen that writes emits the topic (`changes().leads.emit(self)`, the sender goes along so it
does not reload itself); a screen that shows the data calls `follow(self, self.refresh, topic, ...)`
and refreshes at once when visible, or the next time it is shown. Requests to the shell (open a
lead, show a screen, show a notice or an Undo in the message bar) travel the same way, so no screen
imports or looks up the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent, QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget


class Changes(QObject):
    """One hub per application. Each topic carries the object that made the change (or None)."""

    leads = Signal(object)  # created, edited, deleted, restored, moved to another stage, imported, logged on
    messages = Signal(object)  # queued, canceled, retried, sent, delivered, answered
    automations = Signal(object)  # created, edited, switched on or off, enrolled or released leads
    models = Signal(object)  # trained or activated: new scores, segments and recommendations

    lead_requested = Signal(int)  # open this lead (on the Leads screen)
    screen_requested = Signal(str)  # show this screen ("settings", "insights", …)
    segment_requested = Signal(str)  # the Leads list filtered to one segment
    language_changed = Signal(str)  # the UI language was switched in Settings
    notice = Signal(str, str, object)  # text, level, action (label, callback) or None: for the message bar
    undo_offered = Signal(object)  # a callable that undoes the last delete (Ctrl+Z)

    def heard_by(self, signal: str) -> bool:
        """Whether anyone listens to `signal` ("notice(QString,QString,PyObject)"): the shell, usually."""
        return self.receivers(SIGNAL(signal)) > 0


_hub: Changes | None = None


def changes() -> Changes:
    """The application's hub, made on first use and kept for the life of the QCoreApplication."""
    global _hub
    if _hub is None:
        _hub = Changes(QCoreApplication.instance())
        _hub.destroyed.connect(_forget)
    return _hub


def _forget() -> None:
    global _hub
    _hub = None


def reset() -> None:
    """A fresh hub (tests: nothing heard in one test reaches the next)."""
    global _hub
    if _hub is not None:
        _hub.destroyed.disconnect(_forget)
        _hub.deleteLater()
    _hub = None


class _Follower(QObject):
    """Refreshes its widget on a topic: at once when the widget is visible, else when next shown."""

    def __init__(self, widget: QWidget, refresh: Callable[[], Any]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.refresh = refresh
        self.stale = False
        widget.installEventFilter(self)

    def heard(self, origin: object) -> None:
        if isinstance(origin, QObject) and self._is_own(origin):
            return  # the screen made the change itself and already shows it
        if self.widget.isVisible():
            self.refresh()
        else:
            self.stale = True

    def _is_own(self, origin: QObject) -> bool:
        node: QObject | None = origin
        while node is not None:
            if node is self.widget:
                return True
            node = node.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False


def follow(widget: QWidget, refresh: Callable[[], Any], *topics: SignalInstance) -> None:
    """`widget` shows data the topics change: `refresh` runs when it is visible, or when it is shown
    next. The connections end with the widget."""
    follower = _Follower(widget, refresh)
    for topic in topics:
        topic.connect(follower.heard)


def stale(widget: QWidget) -> bool:
    """Whether `widget` heard of a change while hidden and refreshes when it is shown next."""
    return any(f.stale for f in widget.findChildren(_Follower))
