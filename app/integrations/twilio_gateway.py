"""Twilio Programmable Messaging behind a small interface (SmsGateway), no twilio types outside.

The real `twilio` client (create, fetch, list), its base URL from AICONNECT_TWILIO_API_URL, the
account SID and auth token from the OS keyring, the sender (a number or a Messaging Service
SID) from the workspace settings, and a timeout on every request. Every failure becomes a
GatewayError whose message is safe to store and show: no URL (it carries the account SID),
no credential, no raw exception text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from app.errors import KnownError

logger = logging.getLogger(__name__)
# twilio-python logs every request URL at INFO, and the URL carries the account SID: its logger goes nowhere.
_http_logger = logging.getLogger(f"{__name__}.http")
_http_logger.propagate = False
_http_logger.setLevel(logging.CRITICAL + 1)

DEFAULT_TIMEOUT = 15.0  # seconds, for connecting and for each read; twilio-python has none by default


@dataclass(frozen=True)
class RemoteMessage:
    """What Twilio says about one message."""

    sid: str
    status: str
    direction: str
    to: str | None
    from_: str | None
    body: str | None
    date_created: datetime | None = None
    date_sent: datetime | None = None
    date_updated: datetime | None = None
    error_code: int | None = None
    error_message: str | None = None
    num_segments: int | None = None
    price: str | None = None
    price_unit: str | None = None
    messaging_service_sid: str | None = None


class GatewayError(KnownError):
    """Twilio could not take the request. `code` is Twilio's error code when it gave one.

    retryable: sending again later may work (429, 5xx, timeouts, network);
    maybe_sent: the request may have reached Twilio (timeout after sending, 5xx, a dropped
    connection), so the outbox must look for the message before it sends it again.
    """

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None,
                 retryable: bool = False, maybe_sent: bool = False) -> None:
        super().__init__(message)
        self.code, self.status, self.retryable, self.maybe_sent = code, status, retryable, maybe_sent


class GatewayNotConfigured(GatewayError):
    """Credentials or sender missing; nothing was sent."""


class GatewayAccountError(GatewayError):
    """Twilio refused the account or the sender, or the address is not Twilio's API (a 4xx without a Twilio error
    body): every message would fail the same way, so nothing is failed and sending stops until it is fixed."""


ACCOUNT_CODES = {21212, 21603, 21606, 21659, 21701}  # invalid or unusable sender, account not allowed to send


class GatewayAuthError(GatewayError):
    """Twilio refused the account SID / auth token (HTTP 401, code 20003); nothing was sent."""


class SmsGateway(Protocol):
    """What the outbox and the pollers need from an SMS provider."""

    @property
    def sender(self) -> str: ...

    def send(self, to: str, body: str) -> RemoteMessage: ...

    def fetch(self, sid: str) -> RemoteMessage: ...

    def list(self, *, to: str | None = None, from_: str | None = None, sent_on_or_after: date | None = None,
             limit: int | None = 1000) -> Iterator[RemoteMessage]: ...

    def close(self) -> None: ...


def is_messaging_service(sender: str) -> bool:
    return bool(re.fullmatch(r"MG[0-9a-fA-F]{32}", sender or ""))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def remote_message(instance: Any) -> RemoteMessage:
    """A twilio MessageInstance as plain data."""
    return RemoteMessage(
        sid=str(instance.sid), status=str(instance.status or ""), direction=str(instance.direction or ""),
        to=instance.to, from_=instance.from_, body=instance.body, date_created=_aware(instance.date_created),
        date_sent=_aware(instance.date_sent), date_updated=_aware(instance.date_updated),
        error_code=_int(instance.error_code), error_message=instance.error_message,
        num_segments=_int(instance.num_segments), price=instance.price, price_unit=instance.price_unit,
        messaging_service_sid=instance.messaging_service_sid,
    )


class TwilioGateway:
    """SmsGateway over twilio-python 9.x."""

    def __init__(self, account_sid: str, auth_token: str, sender: str, *, base_url: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        if not sender:
            raise GatewayNotConfigured("no SMS sender is set: run `aiconnect config set twilio.sender +55…` "
                                       "(a Twilio number or a Messaging Service SID MG…)")
        self._sender = sender
        self._secrets = (account_sid, auth_token)
        http = TwilioHttpClient(timeout=timeout, logger=_http_logger)
        assert http.session is not None
        http.session.trust_env = False  # a proxy from the environment must not see (or swallow) these calls
        self._http = http
        # A non-empty environment: TWILIO_EDGE/REGION from os.environ would rewrite the host.
        self._client = Client(account_sid, auth_token, http_client=http, environment={"AICONNECT": "1"})
        self._client.edge = self._client.region = None
        if base_url:
            self._client.api.base_url = base_url.rstrip("/")

    @property
    def sender(self) -> str:
        return self._sender

    def send(self, to: str, body: str) -> RemoteMessage:
        kwargs: dict[str, Any] = {"to": to, "body": body}
        if is_messaging_service(self._sender):
            kwargs["messaging_service_sid"] = self._sender
        else:
            kwargs["from_"] = self._sender
        return self._call("send", lambda: remote_message(self._client.messages.create(**kwargs)), sending=True)

    def fetch(self, sid: str) -> RemoteMessage:
        return self._call("fetch", lambda: remote_message(self._client.messages(sid).fetch()))

    def list(self, *, to: str | None = None, from_: str | None = None, sent_on_or_after: date | None = None,
             limit: int | None = 1000) -> Iterator[RemoteMessage]:
        """Newest first; limit None pages through everything the filters select (Twilio's next_page_uri)."""
        from twilio.base import values

        kwargs: dict[str, Any] = {
            "to": to or values.unset, "from_": from_ or values.unset, "limit": limit,
            "page_size": 1000 if limit is None else min(limit, 200),
            # Documented format YYYY-MM-DD, day granularity (GMT): callers dedupe by SID.
            "date_sent_after": sent_on_or_after.isoformat() if sent_on_or_after else values.unset,
        }
        found = self._call("list", lambda: [remote_message(m) for m in self._client.messages.list(**kwargs)])
        return iter(found)

    def close(self) -> None:
        if self._http.session is not None:
            self._http.session.close()

    # --- errors --------------------------------------------------------------------------------

    def _call(self, what: str, fn: Any, *, sending: bool = False) -> Any:
        try:
            return fn()
        except GatewayError:
            raise
        except Exception as exc:
            error = self._translate(exc, sending)
            logger.info("Twilio %s failed: %s", what, error)
            raise error from None

    def _translate(self, exc: Exception, sending: bool) -> GatewayError:
        import requests
        from twilio.base.exceptions import TwilioException, TwilioRestException

        if isinstance(exc, TwilioRestException):
            code = _int(exc.code)
            # Without a Twilio error JSON the client repeats the HTTP status as the code: that is no Twilio code.
            return self._rest_error(int(exc.status), None if code == int(exc.status) else code, str(exc.msg or ""))
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return GatewayError("could not reach Twilio (connection timed out); will retry", retryable=True)
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return GatewayError("Twilio did not answer in time; checking whether the message went out before "
                                "retrying", retryable=True, maybe_sent=sending)
        if isinstance(exc, requests.exceptions.ConnectionError):
            refused = _connection_refused(exc)
            reason = "could not connect to Twilio (network down or Twilio unreachable)" if refused else \
                "the connection to Twilio broke during the request"
            return GatewayError(f"{reason}; will retry", retryable=True, maybe_sent=sending and not refused)
        if isinstance(exc, TwilioException) and exc.args and hasattr(exc.args[-1], "status_code"):
            status = int(exc.args[-1].status_code)  # a list page that failed (twilio raises a bare TwilioException)
            return self._rest_error(status, _payload_code(exc.args[-1]), "")
        if isinstance(exc, (requests.exceptions.RequestException, ValueError)):
            return GatewayError(f"Twilio request failed ({type(exc).__name__}); will retry", retryable=True,
                                maybe_sent=sending)
        raise exc

    def _rest_error(self, status: int, code: int | None, message: str) -> GatewayError:
        message = self._scrub(re.sub(r"^Unable to \w+ record: ", "", message).strip())
        if status == 401 or code == 20003:
            return GatewayAuthError("Twilio refused the account SID / auth token (20003): check them with "
                                    "`aiconnect secrets set twilio.account_sid` and `... twilio.auth_token`",
                                    code=code or 20003, status=status)
        if status == 429 or code == 20429:
            return GatewayError("Twilio is rate limiting requests (429); will retry with backoff", code=code or 20429,
                                status=status, retryable=True)
        if status >= 500:
            return GatewayError(f"Twilio had a server error (HTTP {status}); checking whether the message went out "
                                "before retrying", code=code, status=status, retryable=True, maybe_sent=True)
        if code in ACCOUNT_CODES:
            return GatewayAccountError(f"Twilio error {code}: {message}" if message else f"Twilio error {code}",
                                       code=code, status=status)
        if code is None:
            return GatewayAccountError(f"the Twilio API address answered HTTP {status} without a Twilio error: check "
                                       "AICONNECT_TWILIO_API_URL and the account SID", status=status)
        text = f"Twilio error {code}: {message}" if code and message else f"Twilio refused the request (HTTP {status}" \
            + (f", code {code})" if code else ")")
        return GatewayError(text, code=code, status=status, retryable=code in RETRYABLE_CODES)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret:
                text = text.replace(secret, "***")
        return re.sub(r"AC[0-9a-fA-F]{32}", "AC…", text)


RETRYABLE_CODES = {21611, 30001, 20429}  # queue full / too many requests: later, not never


def _connection_refused(exc: Exception) -> bool:
    """True when the request certainly never left (no connection was made)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__name__
        if name in ("NewConnectionError", "ConnectionRefusedError", "NameResolutionError", "gaierror"):
            return True
        nested = [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else nested[0] if nested else current.__context__
    return False


def _payload_code(response: Any) -> int | None:
    import json

    try:
        return _int(json.loads(response.text).get("code"))
    except (ValueError, AttributeError):
        return None


def gateway_from_keyring(sender: str, base_url: str | None, *, store: Any,
                         timeout: float = DEFAULT_TIMEOUT) -> TwilioGateway:
    """The production gateway: credentials from the OS keyring (`store`, a SecretStore), never from a file or the
    database."""
    sid = store.get("twilio.account_sid")
    token = store.get("twilio.auth_token")
    missing = [name for name, value in (("twilio.account_sid", sid), ("twilio.auth_token", token)) if not value]
    if missing:
        raise GatewayNotConfigured(f"Twilio is not set up: {' and '.join(missing)} missing; "
                                   f"run `aiconnect secrets set {missing[0]}`")
    assert sid and token
    return TwilioGateway(sid, token, sender, base_url=base_url, timeout=timeout)
