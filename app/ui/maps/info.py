"""The Map screen's info window: a marker's click asks for the lead's card, and its "Log visit"
logs a visit now, by the signed-in user, with Undo in the notice (notes go on the lead's timeline).

Texts keep the "MapView" translation context they had when this was part of the screen.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from app.services.leads.interactions import InteractionRecord
from app.services.maps.map_reads import LeadInfo, lead_info
from app.ui.errors import alive, notify, offer_undo, report_error
from app.ui.i18n import stage_label
from app.ui.maps.sheet import last_text, score_label, time_text
from app.ui.vocabulary import stage_color

logger = logging.getLogger(__name__)


class InfoWindow(QObject):
    """What the info window shows and does; owned by MapView as `info_window`.

    `screen` is the MapView (not imported here, so the map's modules stay free of cycles)."""

    def __init__(self, screen: Any) -> None:
        super().__init__(screen)
        self.screen = screen
        self.lead_id: int | None = None  # the lead last clicked on the map
        screen.bridge.lead_clicked.connect(self.show_lead)
        screen.bridge.visit_requested.connect(self.log_visit)

    def show_lead(self, lead_id: int) -> None:
        self.lead_id = lead_id
        (self.screen.runner.task(lead_info, self.screen.ctx.db, lead_id)
         .on_success(alive(self, self._show_info))
         .on_failure(alive(self, lambda exc: report_error(self.screen, exc)))
         .start())

    def _show_info(self, info: LeadInfo | None) -> None:
        if info is None:
            return
        sub = " · ".join(p for p in (info.company, info.city) if p)
        payload = {"id": info.id, "name": info.name, "sub": sub, "stage": stage_label(info.stage),
                   "stageColor": stage_color(info.stage), "score": score_label(info),
                   "last": QCoreApplication.translate("MapView", "Last interaction: {when}").format(when=last_text(info))}
        self.screen.bridge.infoReady.emit(json.dumps(payload, ensure_ascii=False))
        self.screen.info_shown.emit(info.id)

    def log_visit(self, lead_id: int) -> None:
        """Info window → "Log visit": the second click logs a visit now, by the signed-in user; the
        notice offers Undo, and notes can be added from the lead's timeline."""
        at = datetime.now(UTC)
        interactions = self.screen.ctx.interactions
        (self.screen.runner.task(lambda: interactions.create({"lead_id": lead_id, "kind": "visit", "occurred_at": at}))
         .on_success(alive(self, lambda record: self._visit_logged(lead_id, record)))
         .on_failure(alive(self, lambda exc: report_error(self.screen, exc)))
         .start())

    def _visit_logged(self, lead_id: int, record: InteractionRecord) -> None:
        offer_undo(self.screen, QCoreApplication.translate(
            "MapView", "Visit logged at {time}; add notes from the lead's timeline.").format(
            time=time_text(record.occurred_at)), alive(self, lambda: self.undo_visit(record.id)))
        self.screen.visit_logged.emit(record.id)
        self._after_visit_change(lead_id)

    def undo_visit(self, interaction_id: int) -> None:
        (self.screen.runner.task(self.screen.ctx.interactions.delete, interaction_id)
         .on_success(alive(self, lambda _none: self._visit_undone(interaction_id)))
         .on_failure(alive(self, lambda exc: report_error(self.screen, exc)))
         .start())

    def _visit_undone(self, interaction_id: int) -> None:
        notify(self.screen, QCoreApplication.translate("MapView", "Visit removed."))
        self.screen.visit_logged.emit(-interaction_id)

    def _after_visit_change(self, lead_id: int) -> None:
        if self.lead_id == lead_id and self.screen.state == "ready":
            self.show_lead(lead_id)
        leads = self.screen.leads
        if leads is not None and hasattr(leads, "refresh"):
            leads.refresh()
