"""Log or edit one interaction: kind, when, how long, outcome, notes.

Times are entered in local time and stored in UTC; the service validates and its verdict is shown
next to the field it concerns. Run alone: `python -m app.ui.leads.interaction_dialog`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import ValidationError
from app.services.leads.interactions import KINDS as INTERACTION_KINDS
from app.services.leads.interactions import InteractionRecord
from app.services.leads.normalize import AHEAD, EARLIEST
from app.ui import icons
from app.ui.errors import alive, show_failure, show_field_problems
from app.ui.i18n import interaction_kind_label
from app.ui.tasks import TaskRunner
from app.ui.vocabulary import KIND_COLORS

TIMED = ("call", "meeting", "visit")


def outcomes() -> list[str]:
    return [
        "",
        QCoreApplication.translate("Outcome", "Reached"),
        QCoreApplication.translate("Outcome", "No answer"),
        QCoreApplication.translate("Outcome", "Voicemail"),
        QCoreApplication.translate("Outcome", "Busy"),
        QCoreApplication.translate("Outcome", "Wrong number"),
        QCoreApplication.translate("Outcome", "Interested"),
        QCoreApplication.translate("Outcome", "Not interested"),
        QCoreApplication.translate("Outcome", "Follow-up scheduled"),
        QCoreApplication.translate("Outcome", "Proposal sent"),
    ]


class InteractionDialog(QDialog):
    """`InteractionDialog(ctx, runner, lead_id, None)` logs a new one; pass a record to edit it."""

    saved = Signal(object)  # InteractionRecord

    def __init__(self, ctx: AppContext, runner: TaskRunner, lead_id: int, record: InteractionRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.lead_id = lead_id
        self.record = record
        self.errors: dict[str, QLabel] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Log interaction") if record is None else self.tr("Edit interaction"))
        self._build()
        self._show(record)

    def _build(self) -> None:
        self.kind = QComboBox()
        for kind in INTERACTION_KINDS:
            self.kind.addItem(icons.icon(kind, KIND_COLORS[kind], None), interaction_kind_label(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.occurred_at = QDateTimeEdit()
        self.occurred_at.setCalendarPopup(True)
        # the dates the service accepts (normalize.check_event_time); Qt's own range ran to the year 9999
        self.occurred_at.setMinimumDateTime(QDateTime(EARLIEST.astimezone()))
        self.occurred_at.setMaximumDateTime(QDateTime((datetime.now(UTC) + AHEAD).astimezone()))
        self.duration = QTimeEdit()
        self.duration.setDisplayFormat("H:mm:ss")
        self.duration.setToolTip(self.tr("Hours:minutes:seconds"))
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems(outcomes())
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("What was said, what was agreed, what happens next…"))
        self.notes.setTabChangesFocus(True)
        self.general_error = QLabel()
        self.general_error.setObjectName("ErrorText")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        form = QFormLayout()
        for name, label, widget in (("kind", self.tr("Kind"), self.kind), ("occurred_at", self.tr("When"), self.occurred_at),
                                    ("duration_s", self.tr("Duration"), self.duration),
                                    ("outcome", self.tr("Outcome"), self.outcome), ("notes", self.tr("Notes"), self.notes)):
            error = QLabel()
            error.setObjectName("ErrorText")
            error.setWordWrap(True)
            error.hide()
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(error)
            form.addRow(label, cell)
            self.errors[name] = error
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.resize(520, 440)

    def _show(self, record: InteractionRecord | None) -> None:
        if record is None:
            self.occurred_at.setDateTime(QDateTime.currentDateTime())
            self.duration.setTime(QTime(0, 0))
            self._kind_changed()
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
        self.occurred_at.setDateTime(QDateTime(record.occurred_at.astimezone()))
        seconds = record.duration_s or 0
        self.duration.setTime(QTime(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60))
        self.outcome.setCurrentText(record.outcome or "")
        self.notes.setPlainText(record.notes or "")
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.duration.setEnabled(self.kind.currentData() in TIMED)

    def values(self) -> dict[str, Any]:
        when = self.occurred_at.dateTime().toPython()
        occurred = when.astimezone(UTC) if isinstance(when, datetime) else when  # naive local -> aware UTC
        time = self.duration.time()
        seconds = time.hour() * 3600 + time.minute() * 60 + time.second()
        return {
            "kind": self.kind.currentData(),
            "occurred_at": occurred,
            "duration_s": seconds if seconds and self.kind.currentData() in TIMED else None,
            "outcome": self.outcome.currentText(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.general_error.hide()
        values = self.values()
        self.buttons.setEnabled(False)
        if self.record is None:
            task = self.runner.task(self.ctx.interactions.create, {"lead_id": self.lead_id, **values})
        else:
            task = self.runner.task(self.ctx.interactions.update, self.record.id, values,
                                    expected_version=self.record.version)
        task.on_success(alive(self, self._saved)).on_failure(alive(self, self._failed)).start()

    def _saved(self, record: InteractionRecord) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(record)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
            return
        show_failure(self, self.general_error, exc)

    def show_problems(self, problems: dict[str, str]) -> None:
        show_field_problems(problems, self.errors, self.general_error)


if __name__ == "__main__":
    from app.ui.preview import preview

    def _dialog(ctx: AppContext, runner: TaskRunner) -> InteractionDialog:
        from app.services.leads.search import LeadQuery, lead_ids

        return InteractionDialog(ctx, runner, lead_ids(ctx.db, LeadQuery(limit=1))[0])

    preview(_dialog)
