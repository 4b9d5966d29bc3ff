"""The lead score as a rep reads it, and why: the list's score cell and the explanation popover.

The cell shows 0–100 with a coloured bar, and says "little data" when the cold-start model made
the score. Clicking it (or Ctrl+Shift+E on the row) opens a popover with the chance, the three
factors for and against, the model's version and date, and thumbs up/down. The reasons are
worked out in the db lane (they run the model); the popover shows a placeholder meanwhile.
Run alone: `python -m app.ui.leads.score_popover`.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.ui import icons
from app.ui.errors import alive, describe, report_error
from app.ui.formatting import format_date, format_number
from app.ui.i18n import service_text
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import score_percent

if TYPE_CHECKING:  # the ML read helpers load with the first popover, not with the lead list
    from app.ml.explain import Factor
    from app.ml.insights import ScoreExplanation
    from app.services.feedback.votes import Vote

logger = logging.getLogger(__name__)

EXPLAIN_SHORTCUT = "Ctrl+Shift+E"
HIGH, MEDIUM = 0.6, 0.3
BAND_COLORS = {"high": "#16a34a", "medium": "#d97706", "low": "#94a3b8"}
FEW_DATA_COLOR = "#b45309"


def band(score: float | None) -> str:
    value = score if score is None or score <= 1 else score / 100
    if value is None:
        return "none"
    return "high" if value >= HIGH else "medium" if value >= MEDIUM else "low"


def band_text(score: float | None) -> str:
    return {
        "high": QCoreApplication.translate("Score", "High chance"),
        "medium": QCoreApplication.translate("Score", "Medium chance"),
        "low": QCoreApplication.translate("Score", "Low chance"),
        "none": QCoreApplication.translate("Score", "Not scored"),
    }[band(score)]


def few_data_text() -> str:
    return QCoreApplication.translate("Score", "little data")


def score_tooltip(score: float | None, few_data: bool) -> str:
    if score is None:
        return QCoreApplication.translate("Score", "Not scored: closed leads and leads added since the last "
                                                   "scoring have no score.")
    text = QCoreApplication.translate("Score", "{chance}% chance of converting ({band}).").format(
        chance=score_percent(score), band=band_text(score).lower())
    if few_data:
        text += "\n" + QCoreApplication.translate(
            "Score", "Little data (poucos dados): the model learned from few closed deals; read it as a rough guide.")
    return text + "\n" + QCoreApplication.translate("Score", "Click for the reasons ({shortcut}).").format(
        shortcut=EXPLAIN_SHORTCUT)


class ScoreDelegate(QStyledItemDelegate):
    """Paints the score cell: the number, a bar in the band's colour and 'little data' when it applies."""

    BAR = 30

    def __init__(self, parent: QAbstractItemView) -> None:
        super().__init__(parent)
        self.few_data = False  # whether the active scoring model is the cold-start one

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text.isdigit():
            return
        value = int(text) / 100
        painter.save()
        rect = option.rect.adjusted(8, 0, -6, 0)
        bold = QFont(option.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        number_width = metrics.horizontalAdvance("100") + 4
        painter.setFont(bold)
        painter.setPen(QColor("#111827"))
        painter.drawText(QRect(rect.left(), rect.top(), number_width, rect.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        x = rect.left() + number_width + 6
        y = rect.center().y() - 3
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e5e7eb"))
        painter.drawRoundedRect(x, y, self.BAR, 6, 3, 3)
        painter.setBrush(QColor(FEW_DATA_COLOR if self.few_data else BAND_COLORS[band(value)]))
        painter.drawRoundedRect(x, y, max(3, round(self.BAR * min(1.0, value))), 6, 3, 3)
        if self.few_data:
            small = QFont(option.font)
            small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
            small.setItalic(True)
            painter.setFont(small)
            painter.setPen(QColor(FEW_DATA_COLOR))
            left = x + self.BAR + 6
            painter.drawText(QRect(left, rect.top(), max(0, rect.right() - left), rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QFontMetrics(small).elidedText(few_data_text(), Qt.TextElideMode.ElideRight,
                                                            max(0, rect.right() - left)))
        painter.restore()

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            score = int(text) / 100 if text.isdigit() else None
            QToolTip.showText(event.globalPos(), score_tooltip(score, self.few_data), view)
            return True
        return super().helpEvent(event, view, option, index)


# --- thumbs up / down -------------------------------------------------------------------------------

class VoteButtons(QWidget):
    """Thumbs up and down, each with a menu of reasons; shows the user's current vote.

    Clicking the thumb that is already on withdraws the vote (the service decides; the buttons
    show whatever it answers through `set_vote`).
    """

    vote_requested = Signal(int, object)  # rating (+1/-1), reason or None

    def __init__(self, reasons_up: list[str], reasons_down: list[str], parent: QWidget | None = None,
                 labels: tuple[str, str] | None = None) -> None:
        super().__init__(parent)
        self.rating = 0
        self.up = self._button("thumb_up", "#15803d", self.tr("Good: this helps"), +1, reasons_up)
        self.down = self._button("thumb_down", "#b91c1c", self.tr("Not right: tell the model"), -1, reasons_down)
        if labels is not None:
            for button, text in zip((self.up, self.down), labels):
                button.setText(text)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.up)
        row.addWidget(self.down)

    def _button(self, glyph: str, color: str, tip: str, rating: int, reasons: list[str]) -> QToolButton:
        button = QToolButton()
        button.setObjectName("VoteButton")
        button.setIcon(icons.icon(glyph, icons.INK, color))
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(button)
        for reason in reasons:
            menu.addAction(reason, lambda r=reason: self.vote_requested.emit(rating, r))
        menu.addSeparator()
        menu.addAction(self.tr("Other reason…"), lambda: self._ask_reason(rating))
        button.setMenu(menu)
        button.clicked.connect(lambda _checked=False: self._clicked(rating))
        return button

    def _clicked(self, rating: int) -> None:
        self.set_rating(self.rating)  # the buttons follow the stored vote, not the click
        self.vote_requested.emit(rating, None)

    def _ask_reason(self, rating: int) -> None:
        text, ok = QInputDialog.getText(self, self.tr("Why?"), self.tr("In a few words (it helps the next training):"))
        if ok and text.strip():
            self.vote_requested.emit(rating, text.strip())

    def set_vote(self, vote: Vote | None) -> None:
        self.set_rating(vote.rating if vote is not None else 0)
        reason = vote.reason if vote is not None else None
        if reason:
            button = self.up if self.rating > 0 else self.down
            button.setToolTip(self.tr("Your vote: {reason}. Click again to withdraw it.").format(reason=reason))

    def set_rating(self, rating: int) -> None:
        self.rating = rating
        self.up.setChecked(rating > 0)
        self.down.setChecked(rating < 0)
        self.up.setToolTip(self.tr("You marked this as right. Click again to withdraw your vote.") if rating > 0
                           else self.tr("Good: this helps"))
        self.down.setToolTip(self.tr("You marked this as wrong. Click again to withdraw your vote.") if rating < 0
                             else self.tr("Not right: tell the model"))


def score_reasons() -> tuple[list[str], list[str]]:
    up = [QCoreApplication.translate("Score", "Matches what I know about this lead")]
    down = [QCoreApplication.translate("Score", "Too high: not really interested"),
            QCoreApplication.translate("Score", "Too low: this lead is hot"),
            QCoreApplication.translate("Score", "Wrong or old data on the lead")]
    return up, down


# --- the popover ------------------------------------------------------------------------------------

def factor_label(factor: Factor, positive: bool) -> QLabel:
    arrow, color = ("▲", "#15803d") if positive else ("▼", "#b91c1c")
    label = QLabel(f"<span style='color:{color}'>{arrow}</span>&nbsp; {html.escape(service_text(factor.text), quote=False)}")
    label.setWordWrap(True)
    label.setObjectName("FactorLabel")
    return label


class ScorePopover(QFrame):
    """A small window under the score: loads the explanation, then shows it with the vote buttons."""

    voted = Signal(int)  # lead id, after a vote was stored
    loaded = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, lead_id: int, parent: QWidget | None = None,
                 popup: bool = True) -> None:
        super().__init__(parent, Qt.WindowType.Popup if popup else Qt.WindowType.Widget)
        self.setObjectName("ScorePopover")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, popup)
        self.ctx = ctx
        self.runner = runner
        self.lead_id = lead_id
        self.explanation: ScoreExplanation | None = None
        self.setFixedWidth(400)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 14, 16, 14)
        self.body.setSpacing(8)
        self._placeholder()
        from app.ml.insights import explain_score

        (runner.task(explain_score, ctx.db, ctx.settings.models_dir, lead_id, ctx.user.id)
         .on_success(alive(self, self._show))
         .on_failure(alive(self, self._failed))
         .start())

    def _placeholder(self) -> None:
        self.status = QLabel(self.tr("Working out the reasons…"))
        self.status.setObjectName("Muted")
        spinner = QProgressBar()
        spinner.setRange(0, 0)  # busy indicator
        spinner.setTextVisible(False)
        spinner.setFixedHeight(6)
        self.body.addWidget(self.status)
        self.body.addWidget(spinner)

    def _clear(self) -> None:
        drop_layout(self.body)

    def _failed(self, exc: BaseException) -> None:
        self._clear()
        self.status = QLabel(self.tr("The reasons could not be worked out: {error}").format(error=describe(exc)))
        self.status.setObjectName("ErrorText")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self._fit()

    def _show(self, explanation: ScoreExplanation) -> None:
        self.explanation = explanation
        self._clear()
        self.body.addLayout(self._headline(explanation))
        if explanation.few_data:
            self.body.addWidget(self._few_data(explanation))
        if explanation.reasons is None:
            self.body.addWidget(self._muted(self.tr("No scoring model has been trained yet. Train the models in "
                                                    "Insights to see a chance and its reasons.")))
        else:
            self._factors(explanation)
        self.body.addWidget(self._muted(self._model_text(explanation)))
        self.body.addLayout(self._vote_row(explanation))
        self._fit()

    def _fit(self) -> None:
        """Wrapped labels need the height for the popover's width, which adjustSize does not ask for;
        the new labels take part in the layout once shown, on the next turn of the event loop."""
        QTimer.singleShot(0, alive(self, self._fitted))

    def _fitted(self) -> None:
        self.body.activate()
        height = self.body.totalHeightForWidth(self.width())
        self.setFixedHeight(height if height > 0 else self.sizeHint().height())
        self.loaded.emit()

    def _headline(self, e: ScoreExplanation) -> QHBoxLayout:
        value = score_percent(e.score)
        big = QLabel(f"{value}%" if value is not None else "—")
        big.setObjectName("ScoreBig")
        color = FEW_DATA_COLOR if e.few_data and value is not None else BAND_COLORS.get(band(e.score), "#6b7280")
        big.setStyleSheet(f"color: {color};")
        words = QVBoxLayout()
        words.setSpacing(0)
        title = QLabel(self.tr("chance of converting") if value is not None else self.tr("not scored"))
        title.setObjectName("SectionTitle")
        name = QLabel(f"{e.name} · {band_text(e.score)}")
        name.setObjectName("Muted")
        words.addWidget(title)
        words.addWidget(name)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(big)
        row.addLayout(words, 1)
        return row

    def _few_data(self, e: ScoreExplanation) -> QLabel:
        learned = e.model.n_train if e.model is not None else 0
        label = QLabel(self.tr("<b>Little data</b> (poucos dados): the model learned from only %n closed lead(s), "
                               "so read this as a rough guide. It improves as deals are won and lost.", "", learned))
        label.setObjectName("FewDataNote")
        label.setWordWrap(True)
        return label

    def _factors(self, e: ScoreExplanation) -> None:
        assert e.reasons is not None
        for title, factors, positive in ((self.tr("Raises the chance"), e.reasons.positive, True),
                                         (self.tr("Lowers the chance"), e.reasons.negative, False)):
            heading = QLabel(title)
            heading.setObjectName("PopoverHeading")
            self.body.addWidget(heading)
            for factor in factors:
                self.body.addWidget(factor_label(factor, positive))
            if not factors:
                self.body.addWidget(self._muted(self.tr("Nothing stands out: close to a typical lead here.")))

    def _model_text(self, e: ScoreExplanation) -> str:
        if e.model is None:
            return ""
        parts = [self.tr("Model v{version}, trained {date} from %n closed lead(s)", "", e.model.n_train).format(
            version=e.model.version, date=format_date(e.model.trained_at))]
        auc = e.model.metrics.get("auc_latest") or e.model.metrics.get("auc")
        if auc is not None:
            parts.append(self.tr("AUC {auc} on the newest closed leads").format(auc=format_number(auc, 2)))
        text = " · ".join(parts) + "."
        if e.stale:
            text += " " + self.tr("This score was computed by {label}; retrain in Insights to refresh it.").format(
                label=e.score_model)
        return text

    def _vote_row(self, e: ScoreExplanation) -> QHBoxLayout:
        up, down = score_reasons()
        self.votes = VoteButtons(up, down, labels=(self.tr("Yes"), self.tr("No")))
        self.votes.set_vote(e.votes.score)
        self.votes.vote_requested.connect(self.vote)
        self.votes.setEnabled(e.model is not None)
        self.thanks = QLabel()
        self.thanks.setObjectName("Muted")
        row = QHBoxLayout()
        question = QLabel(self.tr("Is this score right?"))
        row.addWidget(question)
        row.addWidget(self.votes)
        row.addWidget(self.thanks, 1)
        return row

    def _muted(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("Muted")
        label.setWordWrap(True)
        return label

    def vote(self, rating: int, reason: str | None) -> None:
        self.votes.setEnabled(False)
        (self.runner.task(self.ctx.feedback.rate, "score", self.lead_id, rating, reason)
         .on_success(alive(self, self._voted))
         .on_failure(alive(self, self._vote_failed))
         .start())

    def _voted(self, vote: Vote | None) -> None:
        self.votes.setEnabled(True)
        self.votes.set_vote(vote)
        self.thanks.setText(self.tr("Thanks: used at the next training.") if vote is not None
                            else self.tr("Vote withdrawn."))
        self.voted.emit(self.lead_id)

    def _vote_failed(self, exc: BaseException) -> None:
        self.votes.setEnabled(True)
        report_error(self.parentWidget() or self, exc)

    def show_at(self, pos: QPoint) -> None:
        """Open with the top-left corner at `pos` (global), kept on screen."""
        self.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        x, y = pos.x(), pos.y()
        if screen is not None:
            x = max(screen.left(), min(x, screen.right() - self.width()))
            y = max(screen.top(), min(y, screen.bottom() - max(self.height(), 320)))
        self.move(x, y)
        self.show()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


def drop_layout(layout: Any) -> None:
    """Empty a layout; widgets are hidden at once (deleteLater alone would paint them one more time)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            drop_layout(item.layout())


def open_score_popover(ctx: AppContext, runner: TaskRunner, lead_id: int, anchor: QWidget, pos: QPoint) -> ScorePopover:
    popover = ScorePopover(ctx, runner, lead_id, anchor)
    popover.show_at(pos)
    return popover


if __name__ == "__main__":
    from app.ui.preview import preview

    def _popover(ctx: AppContext, runner: TaskRunner) -> ScorePopover:
        from app.services.leads.search import LeadQuery, lead_ids

        ids = lead_ids(ctx.db, LeadQuery(order_by="score", descending=True, limit=1))
        return ScorePopover(ctx, runner, ids[0] if ids else 0, popup=False)

    preview(_popover, size=(420, 480))
