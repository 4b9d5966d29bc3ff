"""Compose an SMS for one lead, a selection, the filtered list or a segment.

Everything that touches the database or renders a template runs in the db lane: resolving the
recipients, the live preview for the chosen recipient, and the dry-run enqueue behind the "before
you send" summary (who gets it, who is skipped and why, who is held for quiet hours, segments and
cost). Typing restarts a short debounce and only the newest answer is shown. Send is the real
enqueue of exactly what the summary shows; the button locks at the first click, so nothing is
queued twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import NotFoundError
from app.services.leads.search import LeadQuery, lead_ids
from app.services.messaging.outbox import EnqueueReport
from app.services.messaging.segments import SegmentCount
from app.services.messaging.templates import TemplateProblem, TemplateRecord
from app.services.workspace.settings import DEFAULT_PRICE_UNIT
from app.ui import icons
from app.ui.changes import changes
from app.ui.errors import alive, describe, notify, report_error
from app.ui.formatting import format_datetime, format_number
from app.ui.i18n import service_text
from app.ui.messaging.body_editor import BUBBLE_STYLE, BodyEdit, VariableButton, problem_text
from app.ui.messaging.prices import price_currency, price_per_segment
from app.ui.messaging.words import money, segment_line, skip_reason_label
from app.ui.tasks import TaskRunner
from app.ui.widgets.latest import Latest, debounce

logger = logging.getLogger(__name__)

DRY_RUN_MS = 450
PREVIEW_MS = 200


@dataclass(frozen=True)
class Audience:
    """Who the message is for: explicit lead ids, or every lead a query finds (the filtered list, a segment)."""

    label: str
    lead_ids: tuple[int, ...] | None = None
    query: LeadQuery | None = None


@dataclass(frozen=True)
class ComposeSetup:
    templates: list[TemplateRecord]
    price: Decimal
    currency: str  # what the price is in (sms.price_currency)
    custom_fields: list[str]
    segments: list[str]
    segment_labels: dict[str, str]  # stored segment name -> its Text (app.ml.insights.segment_labels)


@dataclass(frozen=True)
class Draft:
    """What would be sent: a saved template as it is, or a body."""

    body: str
    template_id: int | None

    def kwargs(self) -> dict[str, object]:
        return {"template": self.template_id} if self.template_id is not None else {"body": self.body}


@dataclass(frozen=True)
class PreviewAnswer:
    lead_id: int
    name: str
    text: str | None
    segments: SegmentCount | None
    cost: Decimal
    problem: TemplateProblem | None


# --- db lane ----------------------------------------------------------------------------------------


def load_setup(ctx: AppContext) -> ComposeSetup:
    from app.ml.insights import segment_labels, segment_names

    templates = ctx.templates
    return ComposeSetup(templates.list_all(), price_per_segment(ctx), price_currency(ctx), templates.custom_field_names(),
                        segment_names(ctx.db), segment_labels(ctx.db))


def resolve(ctx: AppContext, audience: Audience) -> list[int]:
    if audience.lead_ids is not None:
        return list(dict.fromkeys(audience.lead_ids))
    assert audience.query is not None
    return lead_ids(ctx.db, audience.query)


def dry_run(ctx: AppContext, ids: list[int], draft: Draft, price: Decimal) -> EnqueueReport:
    kind = "manual" if len(ids) == 1 else "bulk"
    return ctx.outbox().enqueue(ids, kind=kind, dry_run=True, price_per_segment=price, **draft.kwargs())  # type: ignore[arg-type]


def send(ctx: AppContext, ids: list[int], draft: Draft, price: Decimal) -> EnqueueReport:
    kind = "manual" if len(ids) == 1 else "bulk"
    return ctx.outbox().enqueue(ids, kind=kind, price_per_segment=price, **draft.kwargs())  # type: ignore[arg-type]


def preview_for(ctx: AppContext, draft: Draft, lead_id: int, price: Decimal) -> PreviewAnswer:
    try:
        name = ctx.leads.get(lead_id).name
    except NotFoundError:
        name = "#" + str(lead_id)
    try:
        preview = ctx.templates.preview(draft.body, lead_id, price)
    except TemplateProblem as problem:
        return PreviewAnswer(lead_id, name, None, None, Decimal(0), problem)
    return PreviewAnswer(lead_id, name, preview.text, preview.segments, preview.cost, None)


# --- the dialog -----------------------------------------------------------------------------------


class SummaryCard(QFrame):
    """The 'before you send' numbers: recipients, skipped, segments, cost; reasons underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currency = DEFAULT_PRICE_UNIT  # the workspace's sms.price_currency once the dialog has loaded it
        self.setObjectName("SummaryCard")
        self.setStyleSheet(
            "#SummaryCard { background: #ffffff; border: 1px solid #e5e7eb; border-radius: 8px; }"
            "#SummaryCard QLabel { background: transparent; }"
            "#CountValue { font-size: 20px; font-weight: 700; color: #111827; }"
            '#CountValue[warn="true"] { color: #b45309; }'
        )
        self.title = QLabel(self.tr("Before you send"))
        self.title.setObjectName("SectionTitle")
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        captions = {
            "recipients": self.tr("will receive it"),
            "skipped": self.tr("skipped"),
            "segments": self.tr("segments"),
            "cost": self.tr("estimated cost"),
        }
        for column, (key, caption) in enumerate(captions.items()):
            value = QLabel("–")
            value.setObjectName("CountValue")
            label = QLabel(caption)
            label.setObjectName("Muted")
            grid.addWidget(value, 0, column)
            grid.addWidget(label, 1, column)
            self.values[key] = value
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel()
        self.status.setObjectName("Muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.details)
        layout.addWidget(self.status)

    def clear(self, status: str) -> None:
        for value in self.values.values():
            value.setText("–")
        self.details.clear()
        self.status.setText(status)

    def show_report(self, report: EnqueueReport, audience: int) -> None:
        skipped = sum(report.skipped.values())
        self.values["recipients"].setText(
            self.tr("{n} of {total}").format(n=format_number(report.recipients), total=format_number(audience))
        )
        self.values["skipped"].setText(format_number(skipped))
        self.values["skipped"].setProperty("warn", skipped > 0)
        self.values["skipped"].style().polish(self.values["skipped"])
        self.values["segments"].setText(format_number(report.segments))
        self.values["cost"].setText(money(report.cost, self.currency))
        lines: list[str] = []
        if report.held:
            first, last = report.held_until_first, report.held_until_last
            when = (
                format_datetime(first)
                if first == last or last is None
                else self.tr("{first} to {last}").format(first=format_datetime(first), last=format_datetime(last))
            )
            lines.append(
                self.tr("%n held for quiet hours: sent when the recipient's window opens ({when}).", "", report.held).format(
                    when=when
                )
            )
        for reason, n in sorted(report.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(self.tr("Skipped — {reason}: {n}").format(reason=skip_reason_label(reason), n=format_number(n)))
        if report.recipients:
            shape = ", ".join(
                self.tr("%n message(s) of {segments}", "", n).format(segments=self.tr("%n segment(s)", "", seg))
                for seg, n in sorted(report.segments_per_message.items())
            )
            encodings = ", ".join(f"{enc} {format_number(n)}" for enc, n in sorted(report.encodings.items()))
            lines.append(
                self.tr("{shape} ({encodings}); {price} per segment.").format(
                    shape=shape, encodings=encodings, price=money(report.price_per_segment, self.currency, 4)
                )
            )
        self.details.setText("<br>".join(_html(line) for line in lines))
        self.status.setText("")


class ComposeDialog(QDialog):
    """`queued(EnqueueReport)` after a send; `audiences` are the recipient choices (the first is selected)."""

    queued = Signal(object)

    def __init__(
        self, ctx: AppContext, runner: TaskRunner, audiences: list[Audience], parent: QWidget | None = None, *, body: str = ""
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.audiences = list(audiences)
        self.setup: ComposeSetup | None = None
        self.ids: list[int] = []
        self.index = 0
        self.report: EnqueueReport | None = None
        self.report_draft: Draft | None = None
        self.report_ids: list[int] | None = None
        self.skips: dict[int, str] = {}
        self.sending = False
        self.sent: EnqueueReport | None = None
        self._resolving = 0
        self.resolved = False
        self.setWindowTitle(self.tr("Send SMS"))
        self.setObjectName("ComposeDialog")
        self.setStyleSheet(BUBBLE_STYLE)
        self.resize(1040, 660)
        self._build(body)
        self.dry_runs = Latest(runner, self._dry_run_done, self._dry_run_failed, self)
        self.previews = Latest(runner, self._preview_done, self._preview_failed, self)
        self._dry_timer = debounce(self, self._start_dry_run, DRY_RUN_MS)
        self._preview_timer = debounce(self, self._start_preview, PREVIEW_MS)
        self.body.textChanged.connect(self._edited)
        self.template_combo.activated.connect(self._template_chosen)
        self.audience_combo.activated.connect(lambda _i: self._resolve())
        (
            runner.task(load_setup, ctx)
            .on_success(alive(self, self._setup_loaded))
            .on_failure(alive(self, lambda exc: report_error(self, exc)))
            .start()
        )
        self._resolve()

    # --- layout ------------------------------------------------------------------------------------

    def _build(self, body: str) -> None:
        title = QLabel(self.tr("Send SMS"))
        title.setObjectName("LeadName")
        self.audience_combo = QComboBox()
        self.audience_combo.setMinimumWidth(320)
        for audience in self.audiences:
            self.audience_combo.addItem(audience.label)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        to_row = QHBoxLayout()
        to_label = QLabel(self.tr("&To:"))
        to_label.setBuddy(self.audience_combo)
        to_row.addWidget(to_label)
        to_row.addWidget(self.audience_combo, 1)
        to_row.addWidget(self.count_label)

        self.template_combo = QComboBox()
        self.template_combo.addItem(self.tr("Write a new message"), None)
        self.template_combo.setMinimumWidth(240)
        self.body = BodyEdit()
        self.body.setPlaceholderText(
            self.tr("Olá {{ lead.first_name }}, … — type the message; use Insert variable to personalize it.")
        )
        self.body.setPlainText(body)
        self.variables = VariableButton(self.body)
        template_row = QHBoxLayout()
        template_label = QLabel(self.tr("T&emplate:"))
        template_label.setBuddy(self.template_combo)
        template_row.addWidget(template_label)
        template_row.addWidget(self.template_combo, 1)
        template_row.addWidget(self.variables)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("ErrorText")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(title)
        left.addLayout(to_row)
        left.addLayout(template_row)
        left.addWidget(self.body, 1)
        left.addWidget(self.problem_label)

        preview_title = QLabel(self.tr("Preview"))
        preview_title.setObjectName("SectionTitle")
        self.prev_button = QToolButton()
        self.prev_button.setText("‹")
        self.prev_button.setToolTip(self.tr("Previous recipient"))
        self.prev_button.setAutoRaise(True)
        self.prev_button.clicked.connect(lambda: self.show_recipient(self.index - 1))
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setToolTip(self.tr("Next recipient"))
        self.next_button.setAutoRaise(True)
        self.next_button.clicked.connect(lambda: self.show_recipient(self.index + 1))
        self.recipient_label = QLabel()
        self.recipient_label.setObjectName("Muted")
        nav = QHBoxLayout()
        nav.addWidget(preview_title)
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.recipient_label)
        nav.addWidget(self.next_button)
        self.bubble = QLabel()
        self.bubble.setObjectName("Bubble")
        self.bubble.setWordWrap(True)
        self.bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bubble.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.bubble.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.segments_label = QLabel()
        self.segments_label.setObjectName("Muted")
        self.segments_label.setWordWrap(True)
        self.skip_label = QLabel()
        self.skip_label.setObjectName("SkipNote")
        self.skip_label.setWordWrap(True)
        self.skip_label.hide()
        self.summary = SummaryCard()

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addLayout(nav)
        right.addWidget(self.bubble)
        right.addWidget(self.segments_label)
        right.addWidget(self.skip_label)
        right.addStretch(1)
        right.addWidget(self.summary)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)

        self.note = QLabel(
            self.tr("Messages are queued and sent in the background, only to leads with SMS consent, inside their sending hours.")
        )
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.send_button = QPushButton(icons.icon("sms_out", "#ffffff", None), self.tr("Send"))
        self.send_button.setObjectName("PrimaryButton")
        self.send_button.setEnabled(False)
        self.send_button.clicked.connect(self.send)
        for button in (self.cancel_button, self.send_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.summary.clear(self.tr("Finding the recipients…"))
        self._update_nav()

    # --- loading ---------------------------------------------------------------------------------

    def _setup_loaded(self, setup: ComposeSetup) -> None:
        self.setup = setup
        self.summary.currency = setup.currency
        for record in setup.templates:
            self.template_combo.addItem(record.name, record.id)
            if record.description:
                self.template_combo.setItemData(self.template_combo.count() - 1, record.description, Qt.ItemDataRole.ToolTipRole)
        self.variables.set_custom_fields(setup.custom_fields)
        for segment in setup.segments if any(a.query is not None for a in self.audiences) else ():
            self.audiences.append(
                Audience(self.tr("Segment: {name}").format(name=service_text(setup.segment_labels.get(segment, segment))),
                         query=LeadQuery(segments=(segment,), order_by="id"))
            )
            self.audience_combo.addItem(self.audiences[-1].label)
        self._schedule()

    def _resolve(self) -> None:
        audience = self.audiences[self.audience_combo.currentIndex()]
        self._resolving += 1
        generation = self._resolving
        self.resolved = False
        self.ids = []
        self.report = None
        self._update_send()
        self.count_label.setText(self.tr("counting…"))
        (
            self.runner.task(resolve, self.ctx, audience)
            .on_success(alive(self, lambda ids: self._resolved(generation, ids)))
            .on_failure(alive(self, lambda exc: report_error(self, exc)))
            .start()
        )

    def _resolved(self, generation: int, ids: list[int]) -> None:
        if generation != self._resolving:
            return
        self.ids = ids
        self.resolved = True
        self.index = 0
        self.count_label.setText(self.tr("%n lead(s)", "", len(ids)))
        self._update_nav()
        self._schedule()

    # --- editing ---------------------------------------------------------------------------------------

    def draft(self) -> Draft:
        body = self.body.toPlainText()
        template_id = self.template_combo.currentData()
        if template_id is not None and self.setup is not None:
            record = next((t for t in self.setup.templates if t.id == template_id), None)
            if record is not None and record.body == body:
                return Draft(body, template_id)
        return Draft(body, None)

    def _template_chosen(self, index: int) -> None:
        template_id = self.template_combo.itemData(index)
        if template_id is None or self.setup is None:
            return
        record = next(t for t in self.setup.templates if t.id == template_id)
        self.body.setPlainText(record.body)

    def _edited(self) -> None:
        self.report = None
        self._update_send()
        self._schedule()

    def _schedule(self) -> None:
        if self.setup is None:
            return
        self._preview_timer.start()
        self._dry_timer.start()

    def _start_dry_run(self) -> None:
        if self.setup is None or not self.ids:
            if self.resolved and not self.ids:
                self.summary.clear(self.tr("No lead to send to."))
            return
        draft = self.draft()
        if not draft.body.strip():
            self.summary.clear(self.tr("Write the message or choose a template."))
            self.dry_runs.drop()
            return
        self.summary.status.setText(self.tr("Checking %n recipient(s)…", "", len(self.ids)))
        ids = list(self.ids)
        self.dry_runs.request(self._dry_run_task, ids, draft, self.setup.price)

    def _dry_run_task(self, ids: list[int], draft: Draft, price: Decimal) -> tuple[list[int], Draft, EnqueueReport]:
        return ids, draft, dry_run(self.ctx, ids, draft, price)

    def _dry_run_done(self, answer: tuple[list[int], Draft, EnqueueReport]) -> None:
        ids, draft, report = answer
        if draft != self.draft() or ids != self.ids:
            return  # typed or switched meanwhile: a newer check is on its way
        self.report, self.report_draft, self.report_ids = report, draft, ids
        self.skips = {lead_id: reason for lead_id, reason, _detail in report.skipped_leads}
        self.body.show_problem(None)
        self.problem_label.hide()
        self.summary.show_report(report, len(ids))
        self._show_skip_note()
        self._update_send()

    def _dry_run_failed(self, exc: BaseException) -> None:
        self.report = None
        self._update_send()
        if isinstance(exc, TemplateProblem):
            self.body.show_problem(exc)
            self.problem_label.setText(problem_text(exc))
            self.problem_label.show()
            self.summary.clear(self.tr("Fix the message to see who will receive it."))
            return
        self.summary.clear(describe(exc))
        report_error(self, exc)

    # --- preview ---------------------------------------------------------------------------------------

    def show_recipient(self, index: int) -> None:
        if not self.ids:
            return
        self.index = max(0, min(index, len(self.ids) - 1))
        self._update_nav()
        self._preview_timer.start(0)

    def _update_nav(self) -> None:
        total = len(self.ids)
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < total - 1)
        if not total:
            self.recipient_label.setText("")

    def _start_preview(self) -> None:
        if self.setup is None or not self.ids:
            return
        draft = self.draft()
        if not draft.body.strip():
            self.bubble.setText("")
            self.segments_label.setText("")
            return
        self.previews.request(preview_for, self.ctx, draft, self.ids[self.index], self.setup.price)

    def _preview_done(self, answer: PreviewAnswer) -> None:
        if not self.ids or answer.lead_id != self.ids[self.index]:
            return
        self.recipient_label.setText(
            self.tr("{name} · {n} of {total}").format(
                name=answer.name, n=format_number(self.index + 1), total=format_number(len(self.ids))
            )
        )
        if answer.problem is not None:
            self.bubble.setText(problem_text(answer.problem))
            self.bubble.setStyleSheet("background: #fdecec; color: #7f1d1d;")
            self.segments_label.setText("")
            if answer.problem.line:
                self.body.show_problem(answer.problem)
        else:
            self.bubble.setStyleSheet("")
            self.bubble.setText(answer.text or "")
            if answer.segments is not None and self.setup is not None:
                self.segments_label.setText(segment_line(answer.segments, answer.cost, self.setup.currency))
        self._show_skip_note()

    def _preview_failed(self, exc: BaseException) -> None:
        self.bubble.setText(describe(exc))

    def _show_skip_note(self) -> None:
        lead_id = self.ids[self.index] if self.ids else None
        reason = self.skips.get(lead_id) if lead_id is not None and self.report is not None else None
        self.skip_label.setVisible(reason is not None)
        if reason is not None:
            self.skip_label.setText(self.tr("This lead will be skipped: {reason}.").format(reason=skip_reason_label(reason)))

    # --- sending ----------------------------------------------------------------------------------------

    def _update_send(self) -> None:
        ready = (
            self.report is not None
            and self.report.recipients > 0
            and not self.sending
            and self.report_draft == self.draft()
            and self.report_ids == self.ids
        )
        self.send_button.setEnabled(ready)
        if self.sending:
            self.send_button.setText(self.tr("Queuing…"))
        elif self.report is not None:
            self.send_button.setText(self.tr("Send to %n lead(s)", "", self.report.recipients))
        else:
            self.send_button.setText(self.tr("Send"))

    def send(self) -> None:
        """Queue exactly what the summary shows; a second click (or call) while queuing does nothing."""
        if self.sending or self.sent is not None or not self.send_button.isEnabled() or self.setup is None:
            return
        draft, ids = self.draft(), list(self.ids)
        self.sending = True
        self._update_send()
        self.body.setReadOnly(True)
        (
            self.runner.task(send, self.ctx, ids, draft, self.setup.price)
            .on_success(alive(self, self._sent))
            .on_failure(alive(self, self._send_failed))
            .start()
        )

    def _sent(self, report: EnqueueReport) -> None:
        self.sending = False
        self.sent = report
        text = self.tr("%n message(s) queued; they are sent in the background.", "", report.recipients)
        if report.held:
            text += " " + self.tr("%n held until the recipient's sending hours.", "", report.held)
        skipped = sum(report.skipped.values())
        if skipped:
            text += " " + self.tr("%n lead(s) skipped.", "", skipped)
        host = self.parentWidget()
        self.queued.emit(report)
        changes().messages.emit(self)  # the outbox, the lists and the worker hear of it
        self.accept()
        notify(host, text)

    def _send_failed(self, exc: BaseException) -> None:
        self.sending = False
        self.body.setReadOnly(False)
        self.report = None
        self._update_send()
        if isinstance(exc, TemplateProblem):
            self._dry_run_failed(exc)
            return
        report_error(self, exc)
        self._schedule()

    def reject(self) -> None:
        if self.sending:
            return  # the enqueue is running: closing now would hide whether it worked
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.body.hasFocus():
            return  # Enter never sends by accident
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.sending:
            event.ignore()
            return
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Recipients(QObject):
    """The plural recipient choices: pyside6-lupdate marks a string as plural only in a `self.tr(text, "", n)`
    call inside a QObject subclass, whose class name is the context."""

    def selected(self, n: int) -> str:
        return self.tr("%n selected lead(s)", "", n)

    def whole_list(self, n: int) -> str:
        return self.tr("Every lead in the list (%n)", "", n)


def audiences_for_leads(ids: list[int], name: str | None, query: LeadQuery | None, listed: int | None) -> list[Audience]:
    """The recipient choices from the Leads screen: the selection (the lead's name when it is one), then the
    filtered list."""
    words = Recipients()
    choices: list[Audience] = []
    if len(ids) == 1 and name:
        choices.append(Audience(name, lead_ids=(ids[0],)))
    elif ids:
        choices.append(Audience(words.selected(len(ids)), lead_ids=tuple(ids)))
    if query is not None:
        label = (
            words.whole_list(listed)
            if listed is not None
            else QCoreApplication.translate("ComposeDialog", "Every lead in the list")
        )
        choices.append(Audience(label, query=query))
    return choices


if __name__ == "__main__":  # pragma: no cover - the dialog alone on a demo workspace
    from app.ui.preview import preview

    preview(lambda ctx, runner: ComposeDialog(ctx, runner, audiences_for_leads([], None, LeadQuery(order_by="id"), None)))
