"""Why a message failed, was canceled or is held: Twilio's error codes as our words and actions, and
the reasons stored twice on a Message row - in English (error_message / hold_reason: CLI, JSON,
logs) and as a Text (error_data / hold_reason_data) that the UI shows in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.db.models import Message
from app.integrations.twilio_gateway import GatewayAccountError, GatewayAuthError, GatewayError, GatewayNotConfigured
from app.texts import QT_TRANSLATE_NOOP, Text, from_data, to_data

# --- Twilio errors as actions ----------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorAction:
    reason: Text
    phone_status: str | None = None  # written to the lead
    opt_out: bool = False


def _said(template: str, code: int) -> Text:
    return Text(template, code=code)


ERROR_ACTIONS: dict[int, ErrorAction] = {
    21211: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "invalid phone number: Twilio says this is not a valid phone "
                                                           "number ({code}); correct the lead's phone"), 21211), "invalid"),
    21610: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the recipient replied STOP to this sender and is opted out "
                                                           "({code}); only a START from them allows SMS again"), 21610),
                       opt_out=True),
    21408: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "SMS to this country is not enabled in the Twilio account's Geo "
                                                           "Permissions ({code}); an admin must enable it in the Twilio "
                                                           "Console"), 21408), "country_not_enabled"),
    21614: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is not a mobile number and cannot receive SMS "
                                                           "({code})"), 21614), "not_mobile"),
    21635: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is a landline and cannot receive SMS ({code})"),
                             21635), "not_mobile"),
    21612: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the sender cannot reach this number ({code})"), 21612),
                       "unreachable_from_sender"),
    21606: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the sender is not an SMS-capable number of this Twilio account "
                                                           "({code}); check `aiconnect config get twilio.sender`"), 21606)),
    21608: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "a Twilio trial account can only text verified numbers ({code})"),
                             21608)),
    21617: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the message is longer than Twilio's 1600-character limit "
                                                           "({code})"), 21617)),
    30003: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the handset was unreachable - off or without signal ({code})"),
                             30003), "unreachable"),
    30005: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number does not exist or is no longer in service ({code})"),
                             30005), "invalid"),
    30006: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the number is a landline or its carrier is unreachable ({code})"),
                             30006), "not_mobile"),
    30007: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the carrier filtered the message as spam ({code}); review the "
                                                           "template's wording"), 30007), "filtered"),
    30008: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the carrier reported an unknown delivery error ({code})"), 30008)),
    30032: ErrorAction(_said(QT_TRANSLATE_NOOP("Services", "the toll-free sender is not verified ({code}); finish Toll-Free "
                                                           "Verification in Twilio"), 30032)),
}


def error_reason(code: int | None, fallback: str | None) -> Text:
    """Why Twilio failed a message: our own words for the codes we know, else Twilio's text (not ours to translate)
    as a value of ours."""
    action = ERROR_ACTIONS.get(code or 0)
    if action is not None:
        return action.reason
    if code and fallback:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio error {code}: {message}"), code=code, message=fallback)
    if code:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio error {code}"), code=code)
    if fallback:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio reported a failure: {message}"), message=fallback)
    return Text(QT_TRANSLATE_NOOP("Services", "Twilio reported a failure without a code"))


def gateway_reason(exc: GatewayError) -> Text:
    """A gateway failure in the user's language; the English column keeps str(exc) (the gateway's own words)."""
    if exc.code in ERROR_ACTIONS:
        return error_reason(exc.code, None)
    if isinstance(exc, GatewayAuthError):
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio refused the account SID / auth token ({code}): check them in "
                                                  "Settings"), code=exc.code or 20003)
    if isinstance(exc, GatewayAccountError) and exc.code is None:
        return Text(QT_TRANSLATE_NOOP("Services", "the Twilio API address answered HTTP {status} without a Twilio error: "
                                                  "check AICONNECT_TWILIO_API_URL and the account SID"),
                    status=exc.status or 0)
    if isinstance(exc, GatewayNotConfigured):
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio is not set up: the account SID, auth token or sender is missing"))
    if exc.status == 429 or exc.code == 20429:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio is rate limiting requests (429); will retry with backoff"))
    if exc.status is not None and exc.status >= 500:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio had a server error (HTTP {status}); checking whether the message "
                                                  "went out before retrying"), status=exc.status)
    if exc.status is not None:
        words = str(exc).removeprefix(f"Twilio error {exc.code}: ")
        return error_reason(exc.code, words) if exc.code else Text(
            QT_TRANSLATE_NOOP("Services", "Twilio refused the request (HTTP {status})"), status=exc.status)
    if exc.maybe_sent:
        return Text(QT_TRANSLATE_NOOP("Services", "Twilio did not answer or the connection broke; checking whether the "
                                                  "message went out before retrying"))
    return Text(QT_TRANSLATE_NOOP("Services", "could not reach Twilio (network down or Twilio unreachable); will retry"))


# --- reasons, in English and in the UI's language ------------------------------------------------------


def error_values(reason: str | None) -> dict[str, Any]:
    """error_message (English: CLI, JSON, logs) and error_data (the Text, for the UI) for an UPDATE."""
    return {"error_message": None if reason is None else str(reason), "error_data": _data(reason)}


def hold_values(reason: str | None) -> dict[str, Any]:
    return {"hold_reason": None if reason is None else str(reason)[:200], "hold_reason_data": _data(reason)}


def set_error(message: Message, reason: str | None) -> None:
    message.error_message, message.error_data = error_values(reason).values()


def set_hold(message: Message, reason: str | None) -> None:
    message.hold_reason, message.hold_reason_data = hold_values(reason).values()


def shown_reason(english: str | None, data: Any) -> str | None:
    """The reason as the UI shows it: the stored Text when there is one (rows from before have only English)."""
    if data is None:
        return english
    said = from_data(data)
    return said if isinstance(said, str) else english


def _data(reason: str | None) -> Any:
    return to_data(reason) if isinstance(reason, Text) else None


# --- automated sequences that ended ------------------------------------------------------------------

SEQUENCE_ENDED: dict[str, Text] = {
    "reply": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead replied, so the sequence stopped")),
    "opt_out": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead opted out, so the sequence stopped")),
    "won": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was won, so the sequence stopped")),
    "lost": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was lost, so the sequence stopped")),
    "deleted": Text(QT_TRANSLATE_NOOP("Services", "not sent: the lead was deleted, so the sequence stopped")),
    "condition": Text(QT_TRANSLATE_NOOP("Services", "not sent: a step's condition ended the sequence")),
    "removed by the user": Text(QT_TRANSLATE_NOOP("Services", "not sent: a user took the lead out of the sequence")),
}
SEQUENCE_LEFT = QT_TRANSLATE_NOOP("Services", "not sent: the lead was taken out of the sequence ({reason})")


def sequence_end_reason(reason: str) -> Text:
    return SEQUENCE_ENDED.get(reason) or Text(SEQUENCE_LEFT, reason=reason)

