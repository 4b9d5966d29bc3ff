"""What to do next with a lead and what to offer: the recommendations panel on the lead detail.

Each recommendation shows its reason and thumbs up/down (with a menu of reasons); the user's
current vote is shown and a second click withdraws it. When there is nothing to show the panel
says why (no model trained yet, no purchase history, not scored yet). Loads in the db lane.
Run alone: `python -m app.ui.leads.recommendations`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.context import AppContext
from app.errors import NotFoundError
from app.ml.insights import LeadRecommendations, RecommendationRow, lead_recommendations
from app.services.feedback.votes import Vote
from app.ui.changes import changes
from app.ui.errors import alive, notify, report_error
from app.ui.i18n import service_text
from app.ui.leads.score_popover import VoteButtons, drop_layout
from app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

SHOWN = {"next_action": 3, "product": 3}


def action_title(item: str) -> str:
    """A next-action item ('call', 'sms:<template>' …) as a rep reads it; products keep their name."""
    if item.startswith("sms:"):
        return QCoreApplication.translate("Recommendations", "Send the SMS “{template}”").format(template=item[4:])
    return {
        "call": QCoreApplication.translate("Recommendations", "Call"),
        "meeting": QCoreApplication.translate("Recommendations", "Schedule a meeting"),
        "visit": QCoreApplication.translate("Recommendations", "Visit"),
        "email": QCoreApplication.translate("Recommendations", "Send an e-mail"),
        "sms": QCoreApplication.translate("Recommendations", "Send an SMS"),
    }.get(item, item)


class ElidedLabel(QLabel):
    """One line that ends in '…' when it does not fit; the whole text is in the tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        elided = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)


def recommendation_reasons(kind: str) -> tuple[list[str], list[str]]:
    up = [QCoreApplication.translate("Recommendations", "Good idea for this lead")]
    down = [QCoreApplication.translate("Recommendations", "Already done"),
            QCoreApplication.translate("Recommendations", "Not relevant for this lead"),
            QCoreApplication.translate("Recommendations", "Wrong timing")]
    if kind == "product":
        down.insert(0, QCoreApplication.translate("Recommendations", "Already bought it"))
    return up, down


class RecommendationItem(QFrame):
    """One recommendation: the item, its reason and the vote buttons."""

    vote_requested = Signal(int, int, object)  # recommendation id, rating, reason

    def __init__(self, row: RecommendationRow, vote: Vote | None, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("RecommendationTop" if first else "RecommendationItem")
        title = QLabel(action_title(row.item) if row.kind == "next_action" else row.item)
        title.setObjectName("RecommendationTitle")
        title.setWordWrap(True)
        title.setToolTip(self.tr("Model score {score} (model v{version})").format(
            score=f"{row.score:.2f}", version=row.model_version if row.model_version is not None else "?"))
        self.votes = VoteButtons(*recommendation_reasons(row.kind))
        self.votes.set_vote(vote)
        self.votes.vote_requested.connect(lambda rating, reason: self.vote_requested.emit(row.id, rating, reason))
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(title, 1)
        top.addWidget(self.votes, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        if row.reason:  # the top action's reason in full; the others on one line (all of it in the tooltip)
            text = service_text(row.reason)  # in the UI's language when the row kept its Text (reason_data)
            reason = QLabel(text) if first else ElidedLabel(text)
            reason.setObjectName("Muted")
            reason.setWordWrap(first)
            layout.addWidget(reason)


class RecommendationsPanel(QFrame):
    """`show_lead(id)` loads the lead's recommendations and the user's votes in the background."""

    loaded = Signal()
    voted = Signal(int)  # lead id

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecommendationsPanel")
        self.ctx = ctx
        self.runner = runner
        self.lead_id: int | None = None
        self.data: LeadRecommendations | None = None
        self.items: list[RecommendationItem] = []
        self._generation = 0
        self.title = QLabel(self.tr("Recommendations"))
        self.title.setObjectName("SectionTitle")
        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(self.body)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)  # the timeline gives way

    # --- loading ------------------------------------------------------------------------------------

    def show_lead(self, lead_id: int) -> None:
        self._generation += 1
        generation = self._generation
        self.lead_id = lead_id
        (self.runner.task(lead_recommendations, self.ctx.db, self.ctx.settings.models_dir, lead_id, self.ctx.user.id)
         .on_success(alive(self, lambda data: self._loaded(generation, data)))
         .on_failure(alive(self, lambda exc: self._failed(generation, exc)))
         .start())

    def clear(self) -> None:
        self._generation += 1
        self.lead_id = None
        self.data = None
        self._clear_body()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            report_error(self, exc)

    def _loaded(self, generation: int, data: LeadRecommendations) -> None:
        if generation != self._generation:
            return
        self.data = data
        self._clear_body()
        if not data.trained and not data.rows:
            self._empty(self.tr("No recommendations yet: no recommendation model has been trained."), with_link=True)
        else:
            for kind in ("next_action", "product"):
                self._section(kind, data)
        self.loaded.emit()

    def _clear_body(self) -> None:
        self.items = []
        drop_layout(self.body)

    # --- sections -----------------------------------------------------------------------------------

    def _section(self, kind: str, data: LeadRecommendations) -> None:
        heading = QLabel(self.tr("Next best action") if kind == "next_action" else self.tr("Products to offer"))
        heading.setObjectName("PopoverHeading")
        self.body.addWidget(heading)
        rows = data.of(kind)[:SHOWN[kind]]
        for i, row in enumerate(rows):
            item = RecommendationItem(row, data.votes.for_item(row.kind, row.item), i == 0 and kind == "next_action")
            item.vote_requested.connect(self.vote)
            self.items.append(item)
            self.body.addWidget(item)
        if not rows:
            self._empty(self._why_empty(kind, data), with_link=kind not in data.trained)

    def _why_empty(self, kind: str, data: LeadRecommendations) -> str:
        if kind not in data.trained:
            if kind == "product":
                return self.tr("No product model yet. Import purchases (aiconnect import purchases FILE), then "
                               "train the models in Insights.")
            return self.tr("No next-action model yet. Train the models in Insights.")
        if kind == "next_action" and data.closed:
            return self.tr("Next actions are suggested for open leads; this one is closed.")
        if kind == "product" and not data.purchases:
            return self.tr("Products are suggested from purchase history, and this lead has no purchases yet.")
        return self.tr("Nothing for this lead yet: recommendations are worked out when the leads are scored "
                       "(Insights → Retrain).")

    def _empty(self, text: str, with_link: bool) -> None:
        label = QLabel(text)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        self.body.addWidget(label)
        if with_link:
            link = QPushButton(self.tr("Train the models in Insights"))
            link.setObjectName("LinkButton")
            link.clicked.connect(self.open_insights)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(link)
            line.addStretch(1)
            self.body.addWidget(row)

    def open_insights(self) -> None:
        changes().screen_requested.emit("insights")

    # --- votes ---------------------------------------------------------------------------------------

    def item_for(self, recommendation_id: int) -> RecommendationItem | None:
        return next((i for i in self.items if i.row.id == recommendation_id), None)

    def vote(self, recommendation_id: int, rating: int, reason: Any) -> None:
        if self.lead_id is None:
            return
        item = self.item_for(recommendation_id)
        if item is not None:
            item.votes.setEnabled(False)
        expected = item.row.item if item is not None else None
        (self.runner.task(self.ctx.feedback.rate, "recommendation", self.lead_id, rating, reason, recommendation_id,
                          expected_item=expected)
         .on_success(alive(self, lambda vote: self._voted(recommendation_id, vote)))
         .on_failure(alive(self, lambda exc: self._vote_failed(recommendation_id, exc)))
         .start())

    def _voted(self, recommendation_id: int, vote: Vote | None) -> None:
        item = self.item_for(recommendation_id)
        if item is not None:
            item.votes.setEnabled(True)
            item.votes.set_vote(vote)
        if self.lead_id is not None:
            self.voted.emit(self.lead_id)

    def _vote_failed(self, recommendation_id: int, exc: BaseException) -> None:
        item = self.item_for(recommendation_id)
        if item is not None:
            item.votes.setEnabled(True)
        if isinstance(exc, NotFoundError) and self.lead_id is not None:  # rewritten by a scoring run meanwhile
            notify(self, self.tr("The recommendations were just updated; here are the new ones."), "warning")
            self.show_lead(self.lead_id)
            return
        report_error(self, exc)


if __name__ == "__main__":
    from app.ui.preview import preview

    def _panel(ctx: AppContext, runner: TaskRunner) -> RecommendationsPanel:
        from app.services.leads.search import LeadQuery, lead_ids

        panel = RecommendationsPanel(ctx, runner)
        ids = lead_ids(ctx.db, LeadQuery(limit=1))
        if ids:
            panel.show_lead(ids[0])
        return panel

    preview(_panel, size=(440, 420))
