"""Words the Messages screen, the compose dialog and the template editor share: the message states, why a lead
is skipped, and the money and segment/cost line under a message body."""

from __future__ import annotations

import functools
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QObject

from app.services.messaging.segments import SegmentCount
from app.ui.formatting import format_money

STATES = ("queued", "held", "sending", "sent", "delivered", "undelivered", "failed", "canceled")


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
