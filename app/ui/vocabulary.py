"""The words and colours every screen uses for the same things: stages, scores, phones, message
states and why a lead left a sequence. One place, so the Leads list, the pipeline, the map and the
Messages screen never drift apart."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from app.services.leads.normalize import format_phone
from app.ui.i18n import stage_label

# --- stages, scores and phones -------------------------------------------------------------------------

STAGE_COLORS = {
    "new": "#64748b", "contacted": "#0ea5e9", "qualified": "#6366f1", "proposal": "#f59e0b",
    "negotiation": "#f97316", "won": "#16a34a", "lost": "#dc2626",
}


def stage_names() -> dict[str, str]:
    """The default pipeline's stage keys in the user's language (custom stages keep their own name)."""
    return {key: stage_label(key) for key in STAGE_COLORS}


def stage_color(key: str) -> str:
    return STAGE_COLORS.get(key, "#94a3b8")


def score_percent(score: float | None) -> int | None:
    """Scores are probabilities; people read them as 0–100 (1–99: a model is never certain). None for no
    score and for one that is not a finite number (a damaged row must not break a list's paint)."""
    if score is None or not math.isfinite(score):
        return None
    return max(1, min(99, round(score * 100))) if score <= 1 else min(100, round(score))


def score_text(score: float | None) -> str:
    percent = score_percent(score)
    return "" if percent is None else str(percent)


def display_phone(e164: str | None) -> str:
    """'+5511987654321' -> '+55 11 98765-4321' as phonenumbers writes it, without its cost for the
    Brazilian numbers that fill the list (a block of rows would spend tens of ms in phonenumbers)."""
    if e164 and e164.startswith("+55") and len(e164) in (13, 14) and e164[1:].isdigit():
        area, local = e164[3:5], e164[5:]
        return f"+55 {area} {local[:-4]}-{local[-4:]}"
    return format_phone(e164)

KIND_COLORS = {  # interactions on the timeline and in the log dialog
    "call": "#2563eb", "meeting": "#7c3aed", "visit": "#059669", "note": "#64748b",
    "sms_out": "#0891b2", "sms_in": "#0e7490", "email": "#ea580c",
}

# --- messages --------------------------------------------------------------------------------------------

# A message's state, the same words and colours on the Messages screen and in a lead's SMS thread.
STATE_COLORS = {
    "queued": "#2563eb",
    "held": "#b45309",
    "sending": "#7c3aed",
    "sent": "#0891b2",
    "delivered": "#15803d",
    "undelivered": "#c2410c",
    "failed": "#b91c1c",
    "canceled": "#6b7280",
}


def state_label(state: str) -> str:
    return {
        "queued": QCoreApplication.translate("Messages", "Queued"),
        "held": QCoreApplication.translate("Messages", "Held"),
        "sending": QCoreApplication.translate("Messages", "Sending"),
        "sent": QCoreApplication.translate("Messages", "Sent"),
        "delivered": QCoreApplication.translate("Messages", "Delivered"),
        "undelivered": QCoreApplication.translate("Messages", "Undelivered"),
        "failed": QCoreApplication.translate("Messages", "Failed"),
        "canceled": QCoreApplication.translate("Messages", "Canceled"),
    }.get(state, state)


def end_reason_text(reason: str | None) -> str:
    words = {
        "reply": QCoreApplication.translate("SmsThread", "Left: replied"),
        "opt_out": QCoreApplication.translate("SmsThread", "Left: opted out"),
        "won": QCoreApplication.translate("SmsThread", "Left: won"),
        "lost": QCoreApplication.translate("SmsThread", "Left: lost"),
        "deleted": QCoreApplication.translate("SmsThread", "Left: lead deleted"),
        "condition": QCoreApplication.translate("SmsThread", "Left: a step condition ended it"),
        "removed by the user": QCoreApplication.translate("SmsThread", "Left: taken out by hand"),
    }
    fallback = QCoreApplication.translate("SmsThread", "Left: {reason}").format(reason=reason or "—")
    return words.get(reason or "", fallback)
