"""Pieces the Messages screen, the compose dialog and the template editor share.

- db-lane helpers that read the workspace's SMS price and currency (the outbox itself: `ctx.outbox()`);
- `Latest`: run background work so only the newest request's answer is used and at most one
  runs at a time (typing in an editor must not queue a render per keystroke on the db lane);
- the template body editor (problem line highlighted, variables inserted from a menu);
- status names, colours and the segment/cost line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolButton, QWidget

from app.context import AppContext
from app.services.messaging.segments import SegmentCount
from app.services.messaging.templates import VARIABLES, TemplateProblem
from app.ui.errors import alive
from app.ui.formatting import format_money
from app.ui.tasks import TaskRunner

STATES = ("queued", "held", "sending", "sent", "delivered", "undelivered", "failed", "canceled")
DEBOUNCE_MS = 250


def skip_reason_label(reason: str) -> str:
    """Why a lead does not get the message, for the bulk-send summary."""
    return {
        "not_found": QCoreApplication.translate("Messages", "lead not found"),
        "deleted": QCoreApplication.translate("Messages", "lead deleted"),
        "no_phone": QCoreApplication.translate("Messages", "no phone number"),
        "invalid_phone": QCoreApplication.translate("Messages", "invalid phone"),
        "not_mobile": QCoreApplication.translate("Messages", "not a mobile number"),
        "no_consent": QCoreApplication.translate("Messages", "no SMS consent"),
        "opted_out": QCoreApplication.translate("Messages", "opted out"),
        "frequency_cap": QCoreApplication.translate("Messages", "weekly limit reached"),
        "render_error": QCoreApplication.translate("Messages", "template error for this lead"),
        "empty_body": QCoreApplication.translate("Messages", "empty message"),
        "not_retryable": QCoreApplication.translate("Messages", "not failed or undelivered"),
        "already_retried": QCoreApplication.translate("Messages", "already queued again"),
    }.get(reason, reason.replace("_", " "))


def money(value: Decimal | float, currency: str, decimals: int = 2) -> str:
    """An SMS price or cost in the workspace's sms.price_currency, written the way the UI's locale writes money."""
    return format_money(value, currency, decimals=decimals)


class Messages(QObject):
    """The plural sentences of this module: pyside6-lupdate marks a string as plural only in a
    `self.tr(text, "", n)` call, and tr() takes the "Messages" context from the class name."""

    def segment_line(self, n: int) -> str:
        return self.tr("{encoding} · {units}/{capacity} characters · %n segment(s) · {cost}", "", n)


@functools.cache
def _plurals() -> Messages:
    return Messages()


def segment_line(count: SegmentCount, cost: Decimal, currency: str) -> str:
    """'GSM-7 · 142/160 characters · 1 segment · US$ 0.05'."""
    capacity = count.per_segment * max(1, count.segments)
    text = _plurals().segment_line(count.segments)
    text = text.format(encoding=count.encoding, units=count.units, capacity=capacity, cost=money(cost, currency))
    if count.non_gsm:
        chars = ", ".join(count.non_gsm)
        text += " · " + QCoreApplication.translate("Messages", "UCS-2 because of: {chars}").format(chars=chars)
    return text


# --- db lane ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessagingSetup:
    price_per_segment: Decimal
    custom_fields: list[str]


def price_per_segment(ctx: AppContext) -> Decimal:
    return Decimal(ctx.workspace.get("sms.price_per_segment"))


def price_currency(ctx: AppContext) -> str:
    """The currency the price per segment is entered in, so every estimate is shown in it (no conversion)."""
    return ctx.workspace.get("sms.price_currency")


# --- background work, newest answer only ---------------------------------------------------------


class Latest(QObject):
    """`request(fn, *args)`: runs now if idle, else replaces whatever waits; answers of superseded requests
    are dropped. The callbacks run on the UI thread."""

    def __init__(
        self,
        runner: TaskRunner,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        parent: QObject,
        lane: str = "db",
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.lane = lane
        self._on_success = on_success
        self._on_failure = on_failure
        self._waiting: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._running = False
        self._generation = 0

    @property
    def busy(self) -> bool:
        return self._running or self._waiting is not None

    def request(self, fn: Callable[..., Any], *args: Any) -> None:
        self._generation += 1
        self._waiting = (fn, args)
        if not self._running:
            self._next()

    def drop(self) -> None:
        """Forget what waits and ignore what runs."""
        self._generation += 1
        self._waiting = None

    def _next(self) -> None:
        if self._waiting is None:
            return
        fn, args = self._waiting
        self._waiting = None
        self._running = True
        generation = self._generation
        (
            self.runner.task(fn, *args, lane=self.lane)
            .on_success(alive(self, lambda result: self._done(generation, result, None)))
            .on_failure(alive(self, lambda exc: self._done(generation, None, exc)))
            .start()
        )

    def _done(self, generation: int, result: Any, exc: BaseException | None) -> None:
        self._running = False
        if generation == self._generation:
            if exc is None:
                self._on_success(result)
            else:
                self._on_failure(exc)
        self._next()


def debounce(parent: QObject, slot: Callable[[], None], ms: int = DEBOUNCE_MS) -> QTimer:
    return QTimer(parent, singleShot=True, interval=ms, timeout=slot)


# --- the body editor ----------------------------------------------------------------------------


class BodyEdit(QPlainTextEdit):
    """The message/template text; `show_problem` marks the line (and the column) a TemplateProblem names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BodyEdit")
        self.setTabChangesFocus(True)
        self.problem: TemplateProblem | None = None

    def show_problem(self, problem: TemplateProblem | None, move_cursor: bool = False) -> None:
        self.problem = problem
        selections: list[QTextEdit.ExtraSelection] = []
        if problem is not None and problem.line:
            block = self.document().findBlockByNumber(problem.line - 1)
            if block.isValid():
                line = QTextEdit.ExtraSelection()
                line.format.setBackground(QColor("#fde8e8"))
                line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                line.cursor = QTextCursor(block)
                selections.append(line)
                column = max(1, problem.column or 1)
                mark = QTextEdit.ExtraSelection()
                char = QTextCharFormat()
                char.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                char.setUnderlineColor(QColor("#dc2626"))
                char.setBackground(QColor("#fbc4c4"))
                mark.format = char
                cursor = QTextCursor(block)
                cursor.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, min(column - 1, max(0, block.length() - 1))
                )
                cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
                if not cursor.hasSelection():
                    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
                mark.cursor = cursor
                selections.append(mark)
                if move_cursor:
                    place = QTextCursor(cursor)
                    place.setPosition(cursor.anchor())
                    self.setTextCursor(place)
                    self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setExtraSelections(selections)

    def insert_variable(self, expression: str) -> None:
        self.insertPlainText(expression)
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def problem_text(problem: TemplateProblem) -> str:
    from app.ui.i18n import service_text  # the reason is a Text when the words are ours (Jinja's are English)

    reason = service_text(problem.reason)
    if problem.line and problem.column:
        return QCoreApplication.translate("Messages", "Line {line}, column {column}: {reason}").format(
            line=problem.line, column=problem.column, reason=reason
        )
    if problem.line:
        return QCoreApplication.translate("Messages", "Line {line}: {reason}").format(line=problem.line, reason=reason)
    return reason


def variable_groups(custom_fields: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(label, expression)]) for the insert-variable menu."""
    titles = {
        "lead": QCoreApplication.translate("Messages", "Lead"),
        "owner": QCoreApplication.translate("Messages", "Owner (the lead's salesperson)"),
        "last_interaction": QCoreApplication.translate("Messages", "Last interaction"),
        "last_purchase": QCoreApplication.translate("Messages", "Last purchase"),
    }
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for name, title in titles.items():
        fields = VARIABLES[name] or ()
        items = [(f"{name}.{f}", "{{ " + f"{name}.{f}" + " }}") for f in fields if f != "custom"]
        if name == "lead":
            items.insert(
                0,
                (
                    QCoreApplication.translate("Messages", "First name, “cliente” if empty"),
                    '{{ lead.name | primeiro_nome | default("cliente") }}',
                ),
            )
            items += [(f"lead.{c}", "{{ lead." + c + " }}") for c in custom_fields if c.isidentifier()]
        groups.append((title, items))
    groups.append(
        (
            QCoreApplication.translate("Messages", "Dates and blocks"),
            [
                (QCoreApplication.translate("Messages", "Today (31/05/2024)"), "{{ hoje | data }}"),
                (QCoreApplication.translate("Messages", "Today, long (31 de maio de 2024)"), '{{ hoje | data("longa") }}'),
                (
                    QCoreApplication.translate("Messages", "If the lead has a company…"),
                    "{% if lead.company %}{{ lead.company }}{% endif %}",
                ),
                (QCoreApplication.translate("Messages", "Value as money (R$ 1.234,56)"), "{{ lead.value | moeda }}"),
            ],
        )
    )
    return groups


class VariableButton(QToolButton):
    """'Insert variable ▾': every variable a template may use, inserted at the cursor of `edit`."""

    def __init__(self, edit: BodyEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.setText(self.tr("Insert variable"))
        self.setToolTip(self.tr("Insert a lead field, the owner, dates or a conditional block at the cursor"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setObjectName("FilterButton")
        self.setMenu(QMenu(self))
        self.set_custom_fields([])

    def set_custom_fields(self, custom_fields: list[str]) -> None:
        menu = self.menu()
        for action in menu.actions():
            if action.menu() is not None:
                action.menu().deleteLater()
        menu.clear()
        for title, items in variable_groups(custom_fields):
            sub = QMenu(title, menu)  # parented: PySide deletes a menu made by addMenu(title) with its wrapper
            menu.addMenu(sub)
            for label, expression in items:
                action = sub.addAction(label)
                action.setToolTip(expression)
                action.setData(expression)
                action.triggered.connect(lambda _checked=False, e=expression: self.edit.insert_variable(e))

    def expressions(self) -> list[str]:
        return [a.data() for m in self.menu().actions() if m.menu() for a in m.menu().actions()]


BUBBLE_STYLE = (
    "#Bubble { background: #e8effd; color: #0f172a; border-radius: 12px; padding: 10px 12px; "
    "font-size: 13px; } #SkipNote { color: #b45309; } #ErrorText { color: #b91c1c; }"
)
