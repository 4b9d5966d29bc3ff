"""The screens of the main window, in sidebar order: each one's key, icon, title and how it is built
and wired to the change hub. Adding a screen is a new package under app/ui/ and one entry here.

A screen's module is imported when the screen is first shown, so start-up pays only for the Leads
screen. The build functions connect each screen's own signals to the hub (app/ui/changes.py) and
say which topics it follows; the screens themselves know nothing of the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from app.context import AppContext
from app.ui.changes import changes, follow
from app.ui.tasks import TaskRunner


@dataclass(frozen=True)
class ScreenHost:
    """What the main window lends a screen it builds."""

    ctx: AppContext
    runner: TaskRunner
    state: QSettings  # window and column layout
    page: Callable[[str], QWidget]  # another screen, built on first use (the map follows the Leads list)


@dataclass(frozen=True)
class Screen:
    key: str
    glyph: str
    title: Callable[[], str]  # in the current UI language
    build: Callable[..., QWidget]  # (host, **options) -> the screen's widget
    planned: bool = False  # a page that says what later work will build
    keeps_language: bool = False  # retranslates itself: not rebuilt when the language changes


def _leads(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.leads.view import LeadsView

    hub = changes()
    view = LeadsView(host.ctx, host.runner, **options)
    view.restore_state(host.state)
    view.refresh()  # the query runs while the rest of the window is built
    view.leads_changed.connect(lambda: hub.leads.emit(view))
    follow(view, view.refresh, hub.leads, hub.models, hub.messages)
    return view


def _pipeline(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.pipeline.view import PipelineView

    hub = changes()
    view = PipelineView(host.ctx, host.runner, **options)
    view.lead_activated.connect(hub.lead_requested)
    view.leads_changed.connect(lambda: hub.leads.emit(view))
    follow(view, view.refresh, hub.leads, hub.models)
    return view


def _map(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.maps.view import MapView

    hub = changes()
    view = MapView(host.ctx, host.runner, leads=lambda: host.page("leads"), **options)
    view.lead_open_requested.connect(hub.lead_requested)
    view.screen_requested.connect(hub.screen_requested)
    follow(view, view.refresh, hub.leads)  # moved, edited or new leads: the markers follow
    return view


def _messages(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.messaging.view import MessagesView

    hub = changes()
    view = MessagesView(host.ctx, host.runner, **options)
    view.lead_activated.connect(hub.lead_requested)
    view.messages_changed.connect(lambda: hub.messages.emit(view))
    follow(view, view.refresh, hub.messages)
    return view


def _automations(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.automations.view import AutomationsView

    hub = changes()
    view = AutomationsView(host.ctx, host.runner, **options)
    view.lead_activated.connect(hub.lead_requested)
    view.changed.connect(lambda: hub.automations.emit(view))
    follow(view, view.refresh, hub.automations, hub.messages)
    return view


def _insights(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.insights.view import InsightsView

    hub = changes()
    view = InsightsView(host.ctx, host.runner, **options)
    view.show_segment.connect(hub.segment_requested)
    view.models_changed.connect(lambda: hub.models.emit(view))
    follow(view, view.refresh, hub.models)
    return view


def _settings(host: ScreenHost, **options: Any) -> QWidget:
    from app.ui.settings.view import SettingsView

    view = SettingsView(host.ctx, host.runner, **options)
    view.language_changed.connect(changes().language_changed)
    return view


def _planned(key: str, glyph: str) -> Callable[..., QWidget]:
    def build(_host: ScreenHost, **_options: Any) -> QWidget:
        from app.ui.widgets.placeholder import PlaceholderPage

        return PlaceholderPage(key, glyph)

    return build


SCREENS: tuple[Screen, ...] = (
    Screen("leads", "leads", lambda: QCoreApplication.translate("MainWindow", "Leads"), _leads),
    Screen("pipeline", "pipeline", lambda: QCoreApplication.translate("MainWindow", "Pipeline"), _pipeline,
           keeps_language=True),
    Screen("map", "map", lambda: QCoreApplication.translate("MainWindow", "Map"), _map),
    Screen("messages", "messages", lambda: QCoreApplication.translate("MainWindow", "Messages"), _messages),
    Screen("automations", "automations", lambda: QCoreApplication.translate("MainWindow", "Automations"),
           _automations, keeps_language=True),
    Screen("insights", "insights", lambda: QCoreApplication.translate("MainWindow", "Insights"), _insights),
    Screen("analytics", "analytics", lambda: QCoreApplication.translate("MainWindow", "Analytics"),
           _planned("analytics", "analytics"), planned=True),
    Screen("feedback", "feedback", lambda: QCoreApplication.translate("MainWindow", "Feedback"),
           _planned("feedback", "feedback"), planned=True),
    Screen("settings", "settings", lambda: QCoreApplication.translate("MainWindow", "Settings"), _settings,
           keeps_language=True),
)


def screen(key: str) -> Screen:
    return next(s for s in SCREENS if s.key == key)
