"""The lead's SMS side, shown as two tabs of the lead detail next to its timeline:

- the conversation: what went out (right, with its delivery status from the outbox: queued, held
  until…, sent, delivered, failed with the reason) and what came back (left), oldest first;
- the sequences the lead is in or went through (step, next due, what was sent), each active one
  with a button to take the lead out.

SmsPanel loads both in the background whenever the detail shows a lead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.services.messaging.conversation import ThreadLine, lead_thread
from app.ui.errors import alive, notify, report_error
from app.ui.formatting import format_datetime
from app.ui.i18n import service_text
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import STATE_COLORS, end_reason_text, state_label

if TYPE_CHECKING:  # the automations service (and Jinja2 behind it) loads when a lead's sequences are read
    from app.services.messaging.automations import EnrollmentView

logger = logging.getLogger(__name__)

def status_text(line: ThreadLine, now: datetime | None = None) -> str:
    """The delivery status under an outgoing message (empty for a reply)."""
    now = now or datetime.now(UTC)
    if line.direction == "in":
        return ""
    when = format_datetime(line.at)
    problem = service_text(line.problem) if line.problem else ""  # the outbox's reason, in the UI's language
    due = line.next_attempt_at
    if line.state is None:
        return QCoreApplication.translate("SmsThread", "Logged {when}").format(when=when)
    if line.state == "queued":
        if problem and due and due > now:
            return QCoreApplication.translate("SmsThread", "Queued — retrying {at}: {problem}").format(
                at=format_datetime(due), problem=problem)
        return QCoreApplication.translate("SmsThread", "Queued — goes out with the next pass")
    if line.state == "held":
        until = format_datetime(due) if due else "—"
        return QCoreApplication.translate("SmsThread", "Held until {until} — {reason}").format(until=until, reason=problem)
    if line.state == "delivered":
        return QCoreApplication.translate("SmsThread", "Delivered {when}").format(
            when=format_datetime(line.delivered_at or line.at))
    if line.state in ("failed", "undelivered", "canceled"):
        return QCoreApplication.translate("SmsThread", "{state}: {reason}").format(
            state=state_label(line.state), reason=problem or "—")
    if line.state == "sending":
        return QCoreApplication.translate("SmsThread", "Sending…")
    return QCoreApplication.translate("SmsThread", "Sent {when}").format(when=when)


def origin_text(line: ThreadLine) -> str:
    if line.automation:
        return QCoreApplication.translate("SmsThread", "automation “{name}”").format(name=line.automation)
    if line.kind == "bulk":
        return QCoreApplication.translate("SmsThread", "bulk send")
    if line.kind == "auto_reply":
        return QCoreApplication.translate("SmsThread", "automatic HELP reply")
    return line.author or ""


# --- the conversation --------------------------------------------------------------------------------

class Bubble(QFrame):
    """One message: the text in a rounded box, the status or time below it."""

    def __init__(self, line: ThreadLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        outgoing = line.direction == "out"
        self.text = QLabel(line.body or "—")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setObjectName("BubbleText")
        fill = "#e8effd" if outgoing else "#f1f3f6"
        if outgoing and line.state in ("failed", "undelivered"):
            fill = "#fdecec"
        elif outgoing and line.state in ("queued", "held", "canceled"):
            fill = "#f8fafc"
        border = "#c7d7fb" if outgoing else "#e5e7eb"
        self.text.setStyleSheet(f"#BubbleText {{ background: {fill}; border: 1px solid {border}; border-radius: 10px; "
                                f"padding: 7px 10px; color: #111827; }}")
        if outgoing:
            status = status_text(line)
            origin = origin_text(line)
            meta = status + (f" · {origin}" if origin else "")
            color = STATE_COLORS.get(line.state or "", "#6b7280")
        else:
            meta = QCoreApplication.translate("SmsThread", "Received {when}").format(when=format_datetime(line.at))
            color = "#6b7280"
        self.status = QLabel(meta)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {color}; font-size: 11px;")
        if line.problem:
            self.status.setToolTip(service_text(line.problem))
        column = QVBoxLayout()
        column.setSpacing(2)
        align = Qt.AlignmentFlag.AlignRight if outgoing else Qt.AlignmentFlag.AlignLeft
        column.addWidget(self.text, 0, align)
        column.addWidget(self.status, 0, align)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 3, 4, 3)
        if outgoing:
            row.addStretch(1)
            row.addLayout(column)
        else:
            row.addLayout(column)
            row.addStretch(1)
        self.fit(420)

    def fit(self, width: int) -> None:
        """As wide as the text needs, at most `width`; fixed widths let the wrapped labels get their height."""
        for label, extra in ((self.text, 24), (self.status, 4)):
            fixed = min(width, _natural_width(label) + extra)
            label.setFixedWidth(fixed)
            # an aligned widget in a layout is not asked its height for its width: say it here, or a
            # wrapped message loses its last line
            label.setFixedHeight(label.heightForWidth(fixed))


def _natural_width(label: QLabel) -> int:
    metrics = label.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in label.text().splitlines()), default=0)


class SmsThreadView(QScrollArea):
    """The conversation, scrolled to the newest message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SmsThread")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.lines: list[ThreadLine] = []
        self.bubbles: list[Bubble] = []
        self._content = QWidget()
        self._content.setObjectName("SmsThreadContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(4, 8, 4, 8)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        self.empty = QLabel(self.tr("No SMS with this lead yet. Texts sent from AIConnect, by automations or in bulk, "
                                    "and the lead's replies appear here."))
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.empty)
        self.setWidget(self._content)
        self._stick = True  # keep the newest message in view until the user scrolls
        self.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._to_bottom() if self._stick else None)
        self.verticalScrollBar().actionTriggered.connect(lambda _action: setattr(self, "_stick", False))

    def set_lines(self, lines: list[ThreadLine]) -> None:
        for bubble in self.bubbles:
            self._layout.removeWidget(bubble)
            bubble.deleteLater()
        self.lines = list(lines)
        self.bubbles = [Bubble(line) for line in lines]
        for bubble in self.bubbles:
            self._layout.addWidget(bubble)
        self.empty.setVisible(not lines)
        self._fit()
        self._stick = True
        self._to_bottom()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(160, int(self.viewport().width() * 0.8))
        for bubble in self.bubbles:
            bubble.fit(width)

    def _to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())


# --- sequences ------------------------------------------------------------------------------------------

def progress_text(view: EnrollmentView) -> str:
    if view.state == "active":
        step = min(view.next_step + 1, view.steps)
        when = format_datetime(view.next_run_at) if view.next_run_at else "—"
        return QCoreApplication.translate("SmsThread", "In progress: step {step} of {steps} due {when}").format(
            step=step, steps=view.steps, when=when)
    if view.state == "done":
        return QCoreApplication.translate("SmsThread", "Completed {when}").format(
            when=format_datetime(view.ended_at) if view.ended_at else "")
    return end_reason_text(view.end_reason) + (f" · {format_datetime(view.ended_at)}" if view.ended_at else "")


class SequenceCard(QFrame):
    def __init__(self, view: EnrollmentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("SequenceCard")
        self.setStyleSheet("#SequenceCard { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }")
        title = QLabel(view.automation)
        title.setStyleSheet("font-weight: 700; color: #111827;")
        self.progress = QLabel(progress_text(view))
        self.progress.setWordWrap(True)
        color = {"active": "#1d4ed8", "done": "#15803d"}.get(view.state, "#6b7280")
        self.progress.setStyleSheet(f"color: {color};")
        enrolled = QLabel(self.tr("Entered {when}").format(when=format_datetime(view.enrolled_at)))
        enrolled.setObjectName("Muted")
        self.unenroll_button = QPushButton(self.tr("Take out"))
        self.unenroll_button.setToolTip(self.tr("End this sequence for the lead: nothing more is sent by it"))
        self.unenroll_button.setVisible(view.state == "active")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.unenroll_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addWidget(self.progress)
        layout.addWidget(enrolled)
        self.sent_labels: list[QLabel] = []
        for message in view.messages:
            body = " ".join(message.body.split())
            text = f"{state_label(message.state)} · {body if len(body) <= 70 else body[:69] + '…'}"
            label = QLabel(text)
            label.setWordWrap(True)
            label.setStyleSheet(f"color: {STATE_COLORS.get(message.state, '#374151')};")
            label.setToolTip(message.body + (f"\n\n{service_text(message.reason)}" if message.reason else ""))
            self.sent_labels.append(label)
            layout.addWidget(label)
        if not view.messages:
            nothing = QLabel(self.tr("Nothing sent yet"))
            nothing.setObjectName("Muted")
            layout.addWidget(nothing)


class SequencesView(QScrollArea):
    unenroll_requested = Signal(int, int)  # automation id, enrolment id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.cards: list[SequenceCard] = []
        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(2, 8, 2, 8)
        self._layout.setSpacing(8)
        self.empty = QLabel(self.tr("This lead is in no sequence. Automations enroll leads when their trigger happens "
                                    "(Automations screen)."))
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.empty)
        self._layout.addStretch(1)
        self.setWidget(content)

    def set_views(self, views: list[EnrollmentView]) -> None:
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for i, view in enumerate(views):
            card = SequenceCard(view)
            card.unenroll_button.clicked.connect(
                lambda _checked=False, v=view: self.unenroll_requested.emit(v.automation_id, v.id))
            self._layout.insertWidget(i, card)
            self.cards.append(card)
        self.empty.setVisible(not views)


# --- loading and the tabs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmsBundle:
    lead_id: int
    thread: list[ThreadLine]
    sequences: list[EnrollmentView]


def load_sms(ctx: AppContext, lead_id: int) -> SmsBundle:
    return SmsBundle(lead_id, lead_thread(ctx.db, lead_id), ctx.automations().lead_sequences(lead_id))


def take_out(ctx: AppContext, lead_id: int, automation_id: int) -> int:
    return ctx.automations().unenroll(lead_id, automation_id)


class SmsThread(QObject):
    """The tab titles with counts: pyside6-lupdate marks a string as plural only in a `self.tr(text, "", n)`
    call, and tr() takes the "SmsThread" context, the one of this module's other strings, from the class name."""

    def sms_tab(self, n: int) -> str:
        return self.tr("SMS (%n)", "", n)

    def sequences_tab(self, n: int) -> str:
        return self.tr("Sequences (%n)", "", n)


class SmsPanel(QObject):
    """Owns the conversation and sequences tabs of the lead detail and keeps them loaded."""

    loaded = Signal(object)  # SmsBundle
    changed = Signal(int)  # the lead was taken out of a sequence

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.lead_id: int | None = None
        self.words = SmsThread(self)
        self._generation = 0
        self.thread = SmsThreadView()
        self.sequences = SequencesView()
        self.sequences.unenroll_requested.connect(lambda automation_id, _e: self.unenroll(automation_id))
        self.tabs: QTabWidget | None = None

    def tabs_with(self, *timeline: QWidget | QLayout) -> QTabWidget:
        """The tab widget for the detail: the timeline (its existing widgets) first, then SMS and sequences."""
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        for part in timeline:
            if isinstance(part, QLayout):
                column.addLayout(part)
            else:
                column.addWidget(part, 1 if isinstance(part, QAbstractItemView) else 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("LeadTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(page, QCoreApplication.translate("SmsThread", "Timeline"))
        self.tabs.addTab(self.thread, "")
        self.tabs.addTab(self.sequences, "")
        self._titles(None)
        return self.tabs

    def _titles(self, bundle: SmsBundle | None) -> None:
        if self.tabs is None:
            return
        sms = len(bundle.thread) if bundle else 0
        active = sum(1 for s in bundle.sequences if s.state == "active") if bundle else 0
        self.tabs.setTabText(1, self.words.sms_tab(sms))
        self.tabs.setTabText(2, self.words.sequences_tab(active))

    def show_lead(self, lead_id: int) -> None:
        self._generation += 1
        generation = self._generation
        self.lead_id = lead_id
        (self.runner.task(load_sms, self.ctx, lead_id)
         .on_success(alive(self, lambda bundle: self._loaded(generation, bundle)))
         .on_failure(alive(self, lambda exc: report_error(self.thread, exc)))
         .start())

    def clear(self) -> None:
        self._generation += 1
        self.lead_id = None
        self.thread.set_lines([])
        self.sequences.set_views([])
        self._titles(None)

    def _loaded(self, generation: int, bundle: SmsBundle) -> None:
        if generation != self._generation:
            return
        self.thread.set_lines(bundle.thread)
        self.sequences.set_views(bundle.sequences)
        self._titles(bundle)
        self.loaded.emit(bundle)

    def unenroll(self, automation_id: int) -> None:
        lead_id = self.lead_id
        if lead_id is None:
            return
        (self.runner.task(take_out, self.ctx, lead_id, automation_id)
         .on_success(alive(self, lambda _n: self._taken_out(lead_id)))
         .on_failure(alive(self, lambda exc: report_error(self.thread, exc)))
         .start())

    def _taken_out(self, lead_id: int) -> None:
        notify(self.thread, QCoreApplication.translate("SmsThread", "Taken out of the sequence; nothing more is sent by it."))
        self.changed.emit(lead_id)
        if lead_id == self.lead_id:
            self.show_lead(lead_id)
