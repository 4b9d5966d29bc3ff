"""The Insights screen: the segments the leads fall into, and the models with their quality.

Segments: each segment's name, a description from its medians, its size and "Show in list".
Models: per kind (scoring, segments, next action, products) the quality measured honestly, how
much it learned from and when, the version history with its notes (and why a version was kept out
of use), and the reps' thumbs up and down; for next action, the estimated value of following the
suggestions. Any stored version can be put in use (after a confirmation). Managers also see the
reps' votes on each segment. Retrain and activation run in the db lane with progress and cancel;
the screen never waits on a model.
Run alone: `python -m app.ui.insights.view`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.ml.insights import InsightsData, ModelOverview, SegmentSummary, Votes, load_insights, retrain_isolated
from app.ml.store import VersionInfo
from app.ml.workspace import WORSE_BY, activate_model
from app.progress import Cancelled
from app.texts import from_data
from app.ui import icons
from app.ui.errors import alive, notify, report_error
from app.ui.formatting import format_datetime, format_money, format_number
from app.ui.i18n import service_text
from app.ui.leads.recommendations import action_title
from app.ui.tasks import Task, TaskRunner

logger = logging.getLogger(__name__)


# --- words -------------------------------------------------------------------------------------------


class Insights(QObject):
    """The counted sentences of this module. pyside6-lupdate marks a text as plural only in a
    `self.tr(text, "", n)` call, and PySide's tr() takes its context from the class name, so this
    class carries the "Insights" context of the module's other strings."""

    def closed_leads(self, n: int) -> str:
        return self.tr("%Ln closed lead(s)", "", n)

    def leads(self, n: int) -> str:
        return self.tr("%Ln lead(s)", "", n)

    def logged_actions(self, n: int) -> str:
        return self.tr("%Ln logged action(s)", "", n)

    def purchases(self, n: int) -> str:
        return self.tr("%Ln purchase(s)", "", n)

    def segments(self, n: int) -> str:
        return self.tr("%Ln segment(s)", "", n)

    def won(self, n: int) -> str:
        return self.tr("%Ln won", "", n)

    def lost(self, n: int) -> str:
        return self.tr("%Ln lost", "", n)

    def days_ago(self, n: int) -> str:
        return self.tr("last contact %Ln day(s) ago", "", n)

    def interactions_30d(self, n: int) -> str:
        return self.tr("%Ln interaction(s) in the last 30 days", "", n)

    def sms_replies(self, n: int) -> str:
        return self.tr("%Ln SMS repl(ies)", "", n)

    def up(self, n: int) -> str:
        return self.tr("%Ln up", "", n)

    def down(self, n: int) -> str:
        return self.tr("%Ln down", "", n)

    def newest_actions(self, n: int) -> str:
        return self.tr("Value of following the suggestions, estimated on the newest %Ln logged action(s):", "", n)

    def effective_rows(self, n: int) -> str:
        return self.tr("the data weigh as only %Ln independent action(s)", "", n)

    def leads_rewritten(self, n: int) -> str:
        return self.tr("Suggestions rewritten for %Ln lead(s).", "", n)

    def leads_rescored(self, n: int) -> str:
        return self.tr("%Ln open lead(s) scored again.", "", n)


def _plurals() -> Insights:
    return Insights()


def votes_text(votes: Votes) -> str:
    """"3 up · 1 down"."""
    return _plurals().up(votes.up) + " · " + _plurals().down(votes.down)


def model_title(kind: str) -> str:
    return {
        "scoring": QCoreApplication.translate("Insights", "Lead scoring"),
        "segmentation": QCoreApplication.translate("Insights", "Segments"),
        "next_action": QCoreApplication.translate("Insights", "Next best action"),
        "products": QCoreApplication.translate("Insights", "Product recommendations"),
    }.get(kind, kind)


def model_purpose(kind: str) -> str:
    return {
        "scoring": QCoreApplication.translate(
            "Insights", "The chance each open lead converts, learned from the leads your team won and lost."
        ),
        "segmentation": QCoreApplication.translate(
            "Insights", "Groups leads and customers by how recent, frequent, valuable and engaged they are."
        ),
        "next_action": QCoreApplication.translate(
            "Insights", "Which message, channel or action to use next, learned from logged actions and their outcomes."
        ),
        "products": QCoreApplication.translate(
            "Insights", "What each customer is most likely to buy next, learned from purchase history."
        ),
    }.get(kind, "")


def learned_from(kind: str, n: int) -> str:
    words = {"scoring": _plurals().closed_leads, "segmentation": _plurals().leads,
             "next_action": _plurals().logged_actions, "products": _plurals().purchases}
    return words[kind](n) if kind in words else str(n)


def quality_parts(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, explanation) for each quality measure a version carries, in plain words."""
    known: list[tuple[str, str, str, int | None]] = [
        (
            "auc_latest",
            QCoreApplication.translate("Insights", "AUC {value} on the newest leads"),
            QCoreApplication.translate(
                "Insights",
                "How well it ranks a lead that converts above one that does not, measured on the most "
                "recently closed leads it had not seen: 0.50 is a coin toss, 1.00 is perfect.",
            ),
            2,
        ),
        (
            "auc",
            QCoreApplication.translate("Insights", "AUC {value}"),
            QCoreApplication.translate("Insights", "0.50 is a coin toss, 1.00 is perfect."),
            2,
        ),
        (
            "brier",
            QCoreApplication.translate("Insights", "Brier {value}"),
            QCoreApplication.translate(
                "Insights", "Calibration: how close the chances are to what happened (lower is better; 0 is perfect)."
            ),
            3,
        ),
        (
            "lift_top_decile",
            QCoreApplication.translate("Insights", "Top 10% convert ×{value}"),
            QCoreApplication.translate(
                "Insights", "Leads in the top tenth of scores convert this many times more often than average."
            ),
            1,
        ),
        (
            "silhouette",
            QCoreApplication.translate("Insights", "Separation {value}"),
            QCoreApplication.translate(
                "Insights", "How distinct the segments are (silhouette, from −1 to 1; above 0.5 is clear)."
            ),
            2,
        ),
        (
            "recall_at_k",
            QCoreApplication.translate("Insights", "Recall@10 {value}"),
            QCoreApplication.translate("Insights", "Share of the products bought later that were among the ten recommended."),
            2,
        ),
        (
            "hit_rate_at_k",
            QCoreApplication.translate("Insights", "Hit rate {value}"),
            QCoreApplication.translate("Insights", "Share of customers who bought at least one recommended product."),
            2,
        ),
        (
            "gain_over_best_single",
            QCoreApplication.translate("Insights", "Gain over the best single action {value}"),
            QCoreApplication.translate(
                "Insights", "How much better the learned choice did than always using the best single action."
            ),
            3,
        ),
    ]
    out = []
    for key, text, tip, decimals in known:
        value = metrics.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append((text.format(value=format_number(value, decimals)), tip))
    if isinstance(metrics.get("k"), int):
        out.append((_plurals().segments(metrics["k"]), ""))
    if isinstance(metrics.get("won"), int) and isinstance(metrics.get("lost"), int):
        out.append((_plurals().won(metrics["won"]) + " / " + _plurals().lost(metrics["lost"]), ""))
    return out


def reliability_text(table: Any) -> str:
    """"Predicted 20% → converted 18% (31 leads)" per bin of the held-out reliability table."""
    if not isinstance(table, list) or not table:
        return ""
    lines = [QCoreApplication.translate("Insights", "Calibration on the newest closed leads:")]
    for row in table:
        lines.append(QCoreApplication.translate("Insights", "predicted {predicted} → converted {observed} ({leads})").format(
            predicted=_share(row["predicted"]), observed=_share(row["observed"]), leads=_plurals().leads(int(row["n"]))))
    return "\n".join(lines)


# the measure a new version is compared on before it is put in use (app.ml.workspace)
COMPARED_ON = {"scoring": "auc_latest", "next_action": "auc_latest", "products": "recall_at_k_latest"}


def version_note(v: VersionInfo) -> str:
    """The version's note in the UI's language (its Text data in the metrics), else as stored."""
    data = v.metrics.get("note_data")
    return service_text(from_data(data)) if data else (v.note or "")


def kept_out_reason(kind: str, metrics: dict[str, Any]) -> str | None:
    """Why a version was not put in use when it was trained: "AUC 0.71 < 0.74 of v3, in use then"."""
    key = "auc_same_leads" if "active_auc_same_leads" in metrics else COMPARED_ON.get(kind)  # scored on the same leads
    new, old = metrics.get(key or ""), metrics.get(f"active_{key}")
    if not isinstance(new, (int, float)) or not isinstance(old, (int, float)) or new >= old - WORSE_BY:
        return None  # within WORSE_BY it counted as no worse, and was put in use
    measure = ("AUC" if key in ("auc_latest", "auc_same_leads")
               else QCoreApplication.translate("Insights", "Recall@{k}").format(k=metrics.get("k_latest", 10)))
    return QCoreApplication.translate("Insights", "{measure} {new} < {old} of v{version}, in use then").format(
        measure=measure, new=format_number(new, 2), old=format_number(old, 2), version=metrics.get("active_version", "?"))


def _share(value: float) -> str:
    return format_number(100 * value, 0) + "%"


def _estimate(value: dict[str, Any]) -> str:
    """"58% (56–61%)": a doubly robust value with its 95% interval."""
    low, high = value.get("dr_ci95") or [value["dr"], value["dr"]]
    return QCoreApplication.translate("Insights", "{value} ({low}–{high})").format(
        value=_share(value["dr"]), low=format_number(100 * low, 0), high=_share(high))


def _overlap_problems(value: dict[str, Any]) -> str:
    problems = value.get("overlap_problems", [])
    words = []
    if "low_ess" in problems:
        words.append(_plurals().effective_rows(round(value.get("ess", 0))))
    if "clipped" in problems:
        words.append(QCoreApplication.translate("Insights", "{share} of the matching actions had a chance so low it "
                                                "was capped").format(share=_share(value.get("clipped_share", 0))))
    if "unsupported" in problems:
        words.append(QCoreApplication.translate("Insights", "{share} of the choices are actions reps almost never "
                                                "took for such leads").format(share=_share(value.get("unsupported_share", 0))))
    return "; ".join(words)


def policy_value_text(report: dict[str, Any]) -> tuple[str, str]:
    """(text, tooltip) for the next-action model's off-policy value (app.ml.next_action.off_policy_report)."""
    policy = report.get("policy", {})
    lines = [_plurals().newest_actions(int(report.get("n", 0)))]
    if policy.get("overlap") == "ok":
        lines.append(QCoreApplication.translate("Insights", "following them: {estimate} good outcomes").format(
            estimate=_estimate(policy)))
    else:
        lines.append(QCoreApplication.translate(
            "Insights", "following them: not measured. What the reps did overlaps too little with what the model "
                        "suggests ({why}), so a number would look more precise than it is.").format(
            why=_overlap_problems(policy)))
    logged = {"dr": report.get("logged_success_rate", 0.0), "dr_ci95": report.get("logged_success_rate_ci95")}
    lines.append(QCoreApplication.translate("Insights", "what the reps did: {estimate}").format(estimate=_estimate(logged)))
    best = report.get("best_single_action")
    if best and report.get("single_actions", {}).get(best, {}).get("overlap") == "ok":
        lines.append(QCoreApplication.translate("Insights", "always “{action}”: {estimate}").format(
            action=action_title(best), estimate=_estimate(report["single_actions"][best])))
    tips = [QCoreApplication.translate(
        "Insights", "A good outcome is a reply, a step forward or a win within 14 days. Doubly robust estimate on "
                    "actions the model had not seen, with the chance of each action estimated from the lead data "
                    "(95% intervals). It holds only if what the reps based their choice on is in that data.")]
    for name, single in report.get("single_actions", {}).items():
        shown = _estimate(single) if single.get("overlap") == "ok" else QCoreApplication.translate(
            "Insights", "not measured ({why})").format(why=_overlap_problems(single))
        tips.append(QCoreApplication.translate("Insights", "always “{action}”: {estimate}").format(
            action=action_title(name), estimate=shown))
    return "\n".join(lines), "\n".join(tips)


def activation_question(model: ModelOverview, version: int) -> str:
    """What putting `version` in use changes, for the confirmation."""
    chosen = next(v for v in model.versions if v.version == version)
    title = model_title(model.kind)
    if model.active is not None:
        text = QCoreApplication.translate("Insights", "{model}: put v{new} in use instead of v{old}?").format(
            model=title, new=version, old=model.active.version)
    else:
        text = QCoreApplication.translate("Insights", "{model}: put v{new} in use?").format(model=title, new=version)
    for v in [chosen] + ([model.active] if model.active is not None else []):
        quality = " · ".join(t for t, _tip in quality_parts(v.metrics)[:3]) or QCoreApplication.translate(
            "Insights", "no quality measure")
        text += "\n" + QCoreApplication.translate("Insights", "v{version} (trained {when}): {quality}").format(
            version=v.version, when=format_datetime(v.trained_at), quality=quality)
    reason = kept_out_reason(model.kind, chosen.metrics)
    if reason:
        text += "\n" + QCoreApplication.translate("Insights", "When it was trained, v{version} was kept out of use: "
                                                   "{reason}.").format(version=version, reason=reason)
    effect = {
        "scoring": QCoreApplication.translate("Insights", "Every open lead is scored again with v{new}."),
        "segmentation": QCoreApplication.translate("Insights", "Every lead is placed in the segments of v{new}."),
        "next_action": QCoreApplication.translate(
            "Insights", "The next-action suggestions of every open lead are rewritten with v{new}."),
        "products": QCoreApplication.translate(
            "Insights", "The product suggestions of every customer are rewritten with v{new}."),
    }.get(model.kind, "")
    return text + "\n\n" + effect.format(new=version)


def segment_description(s: SegmentSummary) -> str:
    m = s.medians
    parts = []
    if "days_since_last" in m:
        parts.append(_plurals().days_ago(round(m["days_since_last"])))
    if "interactions_30d" in m:
        parts.append(_plurals().interactions_30d(round(m["interactions_30d"])))
    if "n_sms_in" in m:
        parts.append(_plurals().sms_replies(round(m["n_sms_in"])))
    if m.get("spent"):
        parts.append(QCoreApplication.translate("Insights", "{money} bought").format(money=format_money(m["spent"])))
    text = QCoreApplication.translate("Insights", "Typically: {facts}.").format(facts=", ".join(parts)) if parts else ""
    if s.customers:
        share = round(100 * s.customers / max(1, s.size))
        text += " " + QCoreApplication.translate("Insights", "{share}% are customers.").format(share=share)
    return text.strip()


# --- segments tab ----------------------------------------------------------------------------------------


class SegmentCard(QFrame):
    show_requested = Signal(str)

    def __init__(self, segment: SegmentSummary, total: int, show_votes: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment = segment
        self.setObjectName("InsightCard")
        name = QLabel(service_text(segment.label or segment.name))  # the name in the UI's language when it has a Text
        name.setObjectName("CardTitle")
        name.setWordWrap(True)
        size = QLabel(
            self.tr("%n lead(s)", "", segment.size)
            + " · "
            + self.tr("{share}% of all").format(share=round(100 * segment.size / max(1, total)))
        )
        size.setObjectName("Muted")
        bar = QProgressBar()
        bar.setObjectName("ShareBar")
        bar.setRange(0, max(1, total))
        bar.setValue(segment.size)
        bar.setTextVisible(False)
        bar.setFixedHeight(6)
        traits = service_text(segment.description) if segment.description else ""
        description = QLabel(" ".join(part for part in (traits, segment_description(segment)) if part))
        description.setWordWrap(True)
        self.button = QPushButton(icons.icon("leads"), self.tr("Show in list"))
        self.button.setToolTip(self.tr("Open the Leads list filtered to this segment"))
        self.button.clicked.connect(lambda: self.show_requested.emit(segment.name))
        score = segment.medians.get("score")
        footer = QHBoxLayout()
        self.votes: QLabel | None = None
        if show_votes:  # managers see how the reps judge each segment
            self.votes = QLabel(self.tr("Reps' votes: {votes}").format(votes=votes_text(segment.votes)))
            self.votes.setObjectName("Muted")
            self.votes.setToolTip(self.tr("Thumbs up and down the reps gave this segment on their leads (withdrawn "
                                          "votes left out). They are reported with the segments model; they do not "
                                          "move leads between segments."))
        median = QLabel(
            self.tr("Median score {score}").format(score=round(score * 100))
            if score is not None
            else self.tr("No open leads scored")
        )
        median.setObjectName("Muted")
        footer.addWidget(median)
        if self.votes is not None:
            footer.addWidget(self.votes)
        footer.addStretch(1)
        footer.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(name)
        layout.addWidget(size)
        layout.addWidget(bar)
        layout.addWidget(description, 1)
        layout.addLayout(footer)


# --- models tab ------------------------------------------------------------------------------------------


def version_status(v: VersionInfo, kind: str = "") -> str:
    if v.active:
        return QCoreApplication.translate("Insights", "in use")
    reason = kept_out_reason(kind, v.metrics)
    if reason:
        return QCoreApplication.translate("Insights", "not in use: {reason}").format(reason=reason)
    return QCoreApplication.translate("Insights", "not in use")


class ModelCard(QFrame):
    activate_requested = Signal(str, int)  # kind, version: "Use this version" on a version not in use

    def __init__(self, model: ModelOverview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.use_buttons: dict[int, QPushButton] = {}
        self.policy_value: QLabel | None = None
        self.reliability: QLabel | None = None  # the held-out calibration table of a scoring model
        self.refreshed: QLabel | None = None  # when new and edited leads were last scored
        self.setObjectName("InsightCard")
        title = QLabel(model_title(model.kind))
        title.setObjectName("CardTitle")
        self.state = QLabel(self._state_text())
        self.state.setObjectName("FewDataChip" if model.few_data else "StateChip")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.state)
        head.addStretch(1)
        self.votes = QLabel(self.tr("Reps' votes: {votes}").format(votes=votes_text(model.votes)))
        self.votes.setObjectName("Muted")
        self.votes.setToolTip(self.tr("Thumbs up and down on what this model produced; they are used at the next training."))
        head.addWidget(self.votes)
        purpose = QLabel(model_purpose(model.kind))
        purpose.setObjectName("Muted")
        purpose.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(purpose)
        if model.active is not None:
            layout.addWidget(self._summary(model.active))
            layout.addLayout(self._quality(model.active))
            table = reliability_text(model.active.metrics.get("reliability"))
            if table:
                self.reliability = self._muted(table)
                self.reliability.setObjectName("Reliability")
                self.reliability.setToolTip(self.tr(
                    "Calibration: the newest closed leads, which the model had not seen, grouped by the chance it "
                    "gave them; in a well calibrated model the share that converted matches the chance."))
                layout.addWidget(self.reliability)
            off_policy = model.active.metrics.get("off_policy")
            if model.kind == "next_action" and isinstance(off_policy, dict) and "policy" in off_policy:
                text, tip = policy_value_text(off_policy)
                self.policy_value = self._muted(text)
                self.policy_value.setObjectName("PolicyValue")
                self.policy_value.setToolTip(tip)
                layout.addWidget(self.policy_value)
        else:
            layout.addWidget(self._muted(self.tr("Not trained yet.")))
        if model.few_data:
            layout.addWidget(self._few_data())
        if model.versions:
            self.history = self._history(model)
            layout.addWidget(self.history)

    def show_refreshed(self, at: datetime | None) -> None:
        """When new and edited leads were last scored (before each automations pass)."""
        text = (self.tr("Scores brought up to date on {when}; new and edited leads are scored before each automations "
                        "pass.").format(when=format_datetime(at)) if at is not None
                else self.tr("Scores not brought up to date yet: new and edited leads are scored before each "
                             "automations pass."))
        label = self._muted(text)
        label.setObjectName("ScoresRefreshed")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, label)
        self.refreshed = label

    def _state_text(self) -> str:
        if self.model.active is None:
            return self.tr("not trained")
        if self.model.few_data:
            return self.tr("v{version} · little data").format(version=self.model.active.version)
        return self.tr("v{version} in use").format(version=self.model.active.version)

    def _summary(self, v: VersionInfo) -> QLabel:
        text = self.tr("Learned from {what} on {when}.").format(
            what=learned_from(self.model.kind, v.n_train), when=format_datetime(v.trained_at)
        )
        newest = self.model.versions[0] if self.model.versions else None
        if newest is not None and not newest.active and newest.version > v.version:
            reason = kept_out_reason(self.model.kind, newest.metrics) or version_note(newest)
            text += " " + (
                self.tr("A newer version (v{version}) was trained but not put in use: {note}").format(
                    version=newest.version, note=reason)
                if reason else self.tr("A newer version (v{version}) is stored but not in use.").format(
                    version=newest.version)
            )
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _quality(self, v: VersionInfo) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        parts = quality_parts(v.metrics)
        for text, tip in parts:
            chip = QLabel(text)
            chip.setObjectName("MetricChip")
            chip.setToolTip(tip)
            row.addWidget(chip)
        if not parts:
            row.addWidget(
                self._muted(self.tr("No quality measure yet: too little data to test the model on examples it had not seen.")), 1
            )
        row.addStretch(1)
        return row

    def _few_data(self) -> QLabel:
        if self.model.kind == "scoring":
            text = self.tr(
                "<b>Little data</b> (poucos dados): with this few closed deals the scores come from a "
                "simple frequency model. Treat them as a rough guide; they improve as you close more deals "
                "and retrain."
            )
        else:
            text = self.tr(
                "<b>Little data</b> (poucos dados): this model learned from few examples, so its "
                "suggestions are simple. Treat them as a rough guide; they improve with more history."
            )
        label = QLabel(text)
        label.setObjectName("FewDataNote")
        label.setWordWrap(True)
        return label

    def _history(self, model: ModelOverview) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("VersionHistory")
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(
            [
                self.tr("Version"),
                self.tr("Trained"),
                self.tr("Learned from"),
                self.tr("Quality"),
                self.tr("Votes"),
                self.tr("Status"),
                self.tr("Note"),
                "",
            ]
        )
        for v in model.versions:
            votes = model.votes_by_version.get(v.version)
            voted = votes_text(votes) if votes else ""
            item = QTreeWidgetItem(
                [
                    f"v{v.version}",
                    format_datetime(v.trained_at),
                    learned_from(model.kind, v.n_train),
                    " · ".join(text for text, _tip in quality_parts(v.metrics)[:2]),
                    voted,
                    version_status(v, model.kind),
                    version_note(v),
                ]
            )
            item.setToolTip(5, version_status(v, model.kind))
            item.setToolTip(6, version_note(v))
            tree.addTopLevelItem(item)
            if not v.active:
                tree.setItemWidget(item, 7, self._use_button(v.version))
        for column, width in enumerate((72, 140, 140, 200, 100, 160, 160)):
            tree.setColumnWidth(column, width)
        tree.setFixedHeight(min(190, 34 + 30 * len(model.versions)))
        return tree

    def _use_button(self, version: int) -> QPushButton:
        button = QPushButton(self.tr("Use this version"))
        button.setToolTip(self.tr("Put v{version} in use; you confirm first.").format(version=version))
        button.clicked.connect(lambda: self.activate_requested.emit(self.model.kind, version))
        self.use_buttons[version] = button
        return button

    def set_busy(self, busy: bool) -> None:
        for button in self.use_buttons.values():
            button.setEnabled(not busy)

    def _muted(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        return label


# --- the screen ----------------------------------------------------------------------------------------------


class InsightsView(QWidget):
    show_segment = Signal(str)  # "Show in list" on a segment
    models_changed = Signal()  # after a retrain: scores and segments changed
    loaded = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.data: InsightsData | None = None
        self.training: Task | None = None  # a retrain or an activation in the background
        self.confirm: QMessageBox | None = None
        self._asked: tuple[str, int] | None = None  # the version the confirmation is about
        self._generation = 0
        self._loaded_once = False
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("Insights"))
        title.setObjectName("PageTitle")
        subtitle = QLabel(self.tr("Learned on this computer from your team's own history."))
        subtitle.setObjectName("Muted")
        self.retrain_button = QPushButton(icons.icon("refresh", "#ffffff", None), self.tr("Retrain the models"))
        self.retrain_button.setObjectName("PrimaryButton")
        self.retrain_button.setToolTip(
            self.tr("Train every model on the current data, then score the leads. Runs in the background; you can keep working.")
        )
        self.retrain_button.clicked.connect(self.start_retrain)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(180)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("Muted")
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(icons.icon("close"))
        self.cancel_button.setToolTip(self.tr("Stop training (the models in use are kept)"))
        self.cancel_button.clicked.connect(self.cancel_retrain)
        self._set_training(False)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        head.addLayout(titles, 1)
        for widget in (self.progress_label, self.progress, self.cancel_button, self.retrain_button):
            head.addWidget(widget)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("InsightTabs")
        self.segments_page, self.segments_grid = self._scroll_page()
        self.models_page, self.models_list = self._scroll_page()
        self.tabs.addTab(self.segments_page, icons.icon("leads"), self.tr("Segments"))
        self.tabs.addTab(self.models_page, icons.icon("insights"), self.tr("Models"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

    def _scroll_page(self) -> tuple[QScrollArea, QGridLayout]:
        inner = QWidget()
        inner.setObjectName("InsightPage")
        grid = QGridLayout(inner)
        grid.setContentsMargins(4, 8, 4, 8)
        grid.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll, grid

    # --- loading -------------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    def refresh(self) -> None:
        self._loaded_once = True
        self._generation += 1
        generation = self._generation
        (
            self.runner.task(load_insights, self.ctx.db, self.ctx.settings.models_dir)
            .on_success(alive(self, lambda data: self._loaded(generation, data)))
            .on_failure(alive(self, lambda exc: report_error(self, exc)))
            .start()
        )

    def _loaded(self, generation: int, data: InsightsData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self._fill_segments(data.segments)
        self._fill_models(data.models)
        self.loaded.emit()

    def _fill_segments(self, segments: list[SegmentSummary]) -> None:
        _empty_grid(self.segments_grid)
        self.segment_cards: list[SegmentCard] = []
        if not segments:
            label = QLabel(
                self.tr(
                    "No segments yet. Segments are found when the models are trained (at least 10 "
                    "leads): press “Retrain the models”."
                )
            )
            label.setObjectName("EmptyState")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.segments_grid.addWidget(label, 0, 0)
            self.segments_grid.setRowStretch(1, 1)
            return
        total = sum(s.size for s in segments)
        for i, segment in enumerate(segments):
            card = SegmentCard(segment, total, show_votes=self.ctx.user.role in ("manager", "admin"))
            card.show_requested.connect(self.show_segment.emit)
            self.segment_cards.append(card)
            self.segments_grid.addWidget(card, i // 2, i % 2)
        self.segments_grid.setRowStretch(len(segments) // 2 + 1, 1)

    def _fill_models(self, models: list[ModelOverview]) -> None:
        _empty_grid(self.models_list)
        self.model_cards = [ModelCard(m) for m in models]
        for i, card in enumerate(self.model_cards):
            card.activate_requested.connect(self.ask_activation)
            card.set_busy(self.training is not None)
            if card.model.kind == "scoring" and card.model.active is not None and self.data is not None:
                card.show_refreshed(self.data.scores_refreshed_at)
            self.models_list.addWidget(card, i, 0)
        self.models_list.setRowStretch(len(models), 1)

    # --- retraining ----------------------------------------------------------------------------------

    def start_retrain(self) -> None:
        if self.training is not None:
            return
        self._set_training(True)
        self.progress_label.setText(self.tr("Training…"))
        self.training = (
            self.runner.task(retrain_isolated, self.ctx.db, self.ctx.settings.models_dir)
            .with_progress(self.tr("Training the models…"))
            .on_success(alive(self, self._trained))
            .on_failure(alive(self, self._training_failed))
        )
        self.training.signals.progressed.connect(alive(self, self._progressed))
        self.training.start()

    def cancel_retrain(self) -> None:
        if self.training is not None:
            self.training.cancel()
            self.progress_label.setText(self.tr("Stopping…"))

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        if total > 0:
            self.progress.setValue(min(done, total))

    def _set_training(self, on: bool) -> None:
        self.retrain_button.setEnabled(not on)
        for card in getattr(self, "model_cards", []):
            card.set_busy(on)
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(on)
        if on:
            self.progress.setRange(0, 0)

    def _trained(self, report: dict[str, Any]) -> None:
        self.training = None
        self._set_training(False)
        scoring = report.get("scoring", {})
        if "skipped" in scoring:
            notify(self, self.tr("Models trained, but lead scoring was not: {reason}").format(
                reason=service_text(scoring["skipped"])), "warning")
        elif scoring and not scoring.get("activated", True):
            notify(
                self,
                self.tr("Models trained, but the new scoring model measured worse and was not put in use: {note}").format(
                    note=scoring.get("note") or ""
                ),
                "warning",
            )
        else:
            scored = report.get("scoring_run", {}).get("scored", 0)
            notify(self, self.tr("Models trained; %n open lead(s) scored.", "", scored))
        self.refresh()
        self.models_changed.emit()

    # --- putting another version in use ---------------------------------------------------------

    def ask_activation(self, kind: str, version: int) -> None:
        """Confirm first (the dialog names what changes), then activate in the background."""
        model = next((m for m in self.data.models if m.kind == kind), None) if self.data else None
        if self.training is not None or model is None or not any(v.version == version for v in model.versions):
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Use another version"), activation_question(model, version),
                          QMessageBox.StandardButton.Cancel, self)
        box.addButton(self.tr("Use v{version}").format(version=version), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._asked = (kind, version)
        box.accepted.connect(self._confirmed)  # a bound method: a lambda slot crashed PySide 6.10 when the box was deleted
        box.open()
        self.confirm = box

    def _confirmed(self) -> None:
        if self._asked is not None:
            self.activate(*self._asked)

    def activate(self, kind: str, version: int) -> None:
        if self.training is not None:
            return
        self._set_training(True)
        self.progress_label.setText(self.tr("Putting v{version} in use…").format(version=version))
        self.training = (
            self.runner.task(activate_model, self.ctx.db, self.ctx.settings.models_dir, kind, version)
            .with_progress(self.tr("Putting v{version} in use…").format(version=version))
            .on_success(alive(self, lambda report: self._activated(kind, report)))
            .on_failure(alive(self, self._activation_failed))
        )
        self.training.signals.progressed.connect(alive(self, self._progressed))
        self.training.start()

    def _activated(self, kind: str, report: dict[str, Any]) -> None:
        self.training = None
        self._set_training(False)
        text = self.tr("{model} v{version} is in use.").format(model=model_title(kind), version=report["version"])
        written = [w for key, w in report.get("recommendations", {}).items() if isinstance(w, dict)]
        if written:
            text += " " + _plurals().leads_rewritten(sum(int(w.get("leads", 0)) for w in written))
        if "scoring_run" in report:
            text += " " + _plurals().leads_rescored(int(report["scoring_run"].get("scored", 0)))
        notify(self, text)
        self.refresh()
        self.models_changed.emit()

    def _activation_failed(self, exc: BaseException) -> None:
        self.training = None
        self._set_training(False)
        if isinstance(exc, Cancelled):
            notify(self, self.tr("Stopped. The Models tab shows which version is in use."))
        else:
            report_error(self, exc)
        self.refresh()

    def _training_failed(self, exc: BaseException) -> None:
        self.training = None
        self._set_training(False)
        if isinstance(exc, Cancelled):
            notify(self, self.tr("Training stopped. The models in use were kept."))
        else:
            report_error(self, exc)
        self.refresh()


def _empty_grid(grid: QGridLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        if item is not None and item.widget() is not None:
            item.widget().deleteLater()
    for row in range(grid.rowCount()):
        grid.setRowStretch(row, 0)


if __name__ == "__main__":
    from app.ui.preview import preview

    preview(InsightsView, size=(1100, 760))
