"""A stateful fake of Twilio's Messages REST API (2010-04-01) on 127.0.0.1, for tests and benchmarks.

It speaks the real contract the twilio client uses: HTTP Basic auth (401 + Twilio's error JSON
when wrong), form-encoded create with validation (To/From/MessagingServiceSid/Body), Twilio's
error bodies and codes (21211, 21610, 21408, 21614 …, magic test numbers too), realistic
message JSON (sid SM+32 hex, RFC 2822 dates, num_segments, price, uri, subresource_uris),
status that moves queued -> sent -> delivered|undelivered|failed as the (injectable) clock
advances (and `partially_delivered` when a test sets that outcome), list with To/From/DateSent
filters and next_page_uri / previous_page_uri paging, inbound messages injected by the test
(STOP/START flip the opt-out as Twilio does; `receiving`, with only the first segment's text, for
`receiving_for` seconds before `received`; priced once received), and injectable faults:
HTTP 429/5xx, requests held past the client's timeout, connections dropped before or after
the message was recorded. With `fake.record = True` every answer is kept in `fake.answers`
(method, path, HTTP status, JSON) for the tests that check it against Twilio's OpenAPI specification.

    with FakeTwilio(now=clock.now) as fake:
        client.api.base_url = fake.url
        fake.fail_next("create", status=500)

Run alone (benchmarks): python -m tests.fakes.twilio_server --port 0  (prints "PORT <n>").
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import re
import secrets
import signal
import socket
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

API = "/2010-04-01"
ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fedcba9876543210" * 2
NUMBER = "+5511940000001"
MESSAGING_SERVICE = "MG" + "abcdef0123456789" * 2
PRICE_PER_SEGMENT = 0.0500

_SEQUENCE = itertools.count()
E164 = re.compile(r"^\+[1-9]\d{7,14}$")
MAGIC = {"+15005550001": 21211, "+15005550002": 21612, "+15005550003": 21408, "+15005550004": 21610,
         "+15005550009": 21614}
OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
OPT_IN = {"START", "YES", "UNSTOP"}
GSM = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
          "abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXT = set("\f^{}\\[~]|€")


def error_text(code: int, to: str = "", from_: str = "") -> str:
    return {
        20003: "Authenticate",
        20404: "The requested resource was not found",
        20429: "Too Many Requests",
        21211: f"The 'To' number {to} is not a valid phone number.",
        21408: f"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.",
        21602: "Message body is required.",
        21603: "A 'From' phone number is required.",
        21604: "A 'To' phone number is required.",
        21606: f"The From phone number {from_} is not a valid, SMS-capable inbound phone number or short code for your account.",
        21610: "Attempt to send to unsubscribed recipient",
        21612: f"The 'To' phone number: {to}, is not currently reachable using the 'From' phone number: {from_} via SMS.",
        21614: f"'To' number {to} is not a valid mobile number",
        21617: "The concatenated message body exceeds the 1600 character limit.",
        21701: "The Messaging Service Sid is invalid.",
        30003: "Unreachable destination handset",
        30005: "Unknown destination handset",
        30006: "Landline or unreachable carrier",
        30007: "Message filtered",
    }.get(code, "Error")


def segments(body: str) -> int:
    if all(ch in GSM or ch in GSM_EXT for ch in body):
        units, single, part = sum(2 if ch in GSM_EXT else 1 for ch in body), 160, 153
    else:
        units, single, part = sum(2 if ord(ch) > 0xFFFF else 1 for ch in body), 70, 67
    return 1 if units <= single else -(-units // part)


def first_segment(body: str) -> str:
    """The text of a long message's first segment: all Twilio has while it is still 'receiving' the rest."""
    if segments(body) <= 1:
        return body
    return body[:153] if all(ch in GSM or ch in GSM_EXT for ch in body) else body[:67]


def rfc2822(when: datetime | None) -> str | None:
    return format_datetime(when.astimezone(UTC)) if when else None


@dataclass
class FakeMessage:
    sid: str
    to: str
    from_: str | None
    body: str
    direction: str  # outbound-api | inbound
    created_at: datetime
    messaging_service_sid: str | None = None
    outcome: str = "delivered"  # delivered | undelivered | failed
    outcome_code: int | None = None
    canceled: bool = False
    num_segments: int = 1
    receiving_for: timedelta = timedelta(0)  # inbound: 'receiving' (first segment only) until then
    seq: int = field(default_factory=lambda: next(_SEQUENCE))  # creation order, for stable newest-first lists


@dataclass
class Fault:
    """One injected failure for the next matching request."""

    op: str  # create | fetch | list | any
    kind: str  # http | raw | timeout | drop  (raw: an answer that is not Twilio's, e.g. a proxy's HTML 404)
    status: int = 500
    code: int | None = None
    process: bool = False  # record the message first (Twilio got it, the client never hears)


@dataclass
class FakeState:
    messages: dict[str, FakeMessage] = field(default_factory=dict)
    creates: Counter[tuple[str, str]] = field(default_factory=Counter)
    create_attempts: int = 0
    requests: Counter[str] = field(default_factory=Counter)


class FakeTwilio:
    def __init__(self, *, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN,
                 numbers: tuple[str, ...] = (NUMBER,), messaging_service: str = MESSAGING_SERVICE,
                 now: Callable[[], datetime] | None = None, sent_after: float = 1.0, delivered_after: float = 5.0,
                 hold_timeout: float = 30.0) -> None:
        self.account_sid, self.auth_token = account_sid, auth_token
        self.numbers = numbers
        self.messaging_service = messaging_service
        self._now = now or (lambda: datetime.now(UTC))
        self.offset = timedelta(0)
        self.sent_after, self.delivered_after = timedelta(seconds=sent_after), timedelta(seconds=delivered_after)
        self.hold_timeout = hold_timeout
        self.lock = threading.RLock()
        self.state = FakeState()
        self.opted_out: set[str] = set()
        self.rejections: dict[str, int] = {}  # To -> sync error code (21408, 21614 …)
        self.outcomes: dict[str, tuple[str, int | None]] = {}  # To -> final status, error code
        self.faults: deque[Fault] = deque()
        self.max_page_size = 1000  # Twilio's; a test lowers it to page through a few messages
        self.record = False  # keep every answer in `answers` (off: benchmarks send thousands)
        self.answers: list[tuple[str, str, int, Any]] = []  # (method, path, HTTP status, JSON)
        self.down = False  # every request's connection is dropped unanswered
        self.on_create: Callable[[FakeMessage], None] | None = None  # after recording, before answering
        # A create arrived, nothing recorded yet; returning True drops the request unprocessed.
        self.before_create: Callable[[dict[str, str]], bool] | None = None
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    # --- life cycle ----------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeTwilio:
        server = _Server(("127.0.0.1", port), _handler_for(self))
        server.daemon_threads = False  # stop() joins every request thread: nothing is left behind
        server.block_on_close = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fake-twilio", daemon=False)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._release.set()
        self._server.shutdown()
        with self.lock:
            connections = list(self._connections)
        for conn in connections:  # wake threads parked on idle keep-alive connections
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()
        assert self._thread is not None
        self._thread.join()
        self._server = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def now(self) -> datetime:
        return self._now() + self.offset

    # --- test controls ------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.offset += timedelta(seconds=seconds)

    def fail_next(self, op: str = "create", *, status: int = 500, code: int | None = None, times: int = 1) -> None:
        with self.lock:
            self.faults.extend(Fault(op, "http", status, code) for _ in range(times))

    def raw_next(self, op: str = "create", *, status: int = 404, times: int = 1) -> None:
        """Answer like something that is not Twilio's API (a wrong base URL, a proxy): plain HTML, no error JSON."""
        with self.lock:
            self.faults.extend(Fault(op, "raw", status) for _ in range(times))

    def timeout_next(self, op: str = "create", *, process: bool = False, times: int = 1) -> None:
        with self.lock:
            self.faults.extend(Fault(op, "timeout", process=process) for _ in range(times))

    def drop_next(self, op: str = "create", *, process: bool = False, times: int = 1) -> None:
        with self.lock:
            self.faults.extend(Fault(op, "drop", process=process) for _ in range(times))

    def reject(self, to: str, code: int) -> None:
        with self.lock:
            self.rejections[to] = code

    def set_outcome(self, to: str, status: str, code: int | None = None) -> None:
        with self.lock:
            self.outcomes[to] = (status, code)

    def inject_inbound(self, from_: str, body: str, *, to: str | None = None, at: datetime | None = None,
                       receiving_for: float = 0.0) -> str:
        """A reply from a handset; opt-out/opt-in keywords change the block list as Twilio does. With
        `receiving_for`, Twilio is still assembling its segments for that long: status 'receiving'."""
        keyword = body.strip().upper()
        with self.lock:
            if keyword in OPT_OUT:
                self.opted_out.add(from_)
            elif keyword in OPT_IN:
                self.opted_out.discard(from_)
            message = FakeMessage(_sid(), to or self.numbers[0], from_, body, "inbound", at or self.now(),
                                  num_segments=segments(body), receiving_for=timedelta(seconds=receiving_for))
            self.state.messages[message.sid] = message
            return message.sid

    # --- inspection -----------------------------------------------------------------------------

    def outbound(self) -> list[FakeMessage]:
        with self.lock:
            return [m for m in self.state.messages.values() if m.direction != "inbound"]

    def creates(self) -> Counter[tuple[str, str]]:
        """How many messages Twilio accepted per (To, Body)."""
        with self.lock:
            return Counter(self.state.creates)

    def stats(self) -> dict[str, Any]:
        with self.lock:
            counts = self.state.creates
            return {"accepted": sum(counts.values()), "distinct": len(counts),
                    "duplicates": sum(n - 1 for n in counts.values() if n > 1),
                    "create_attempts": self.state.create_attempts, "requests": dict(self.state.requests),
                    "messages": len(self.state.messages)}

    # --- the resource -----------------------------------------------------------------------------

    def status_of(self, message: FakeMessage) -> tuple[str, datetime | None, int | None]:
        """(status, date_sent, error_code) at the fake's current time."""
        if message.direction == "inbound":
            receiving = self.now() < message.created_at + message.receiving_for
            return ("receiving" if receiving else "received"), message.created_at, None
        if message.canceled:
            return "canceled", None, None
        age = self.now() - message.created_at
        if age < self.sent_after:
            return ("accepted" if message.messaging_service_sid and not age else "queued"), None, None
        sent_at = message.created_at + self.sent_after
        if message.outcome == "failed":
            return "failed", None, message.outcome_code
        if age < self.delivered_after:
            return "sent", sent_at, None
        return message.outcome, sent_at, message.outcome_code

    def resource(self, message: FakeMessage) -> dict[str, Any]:
        status, sent_at, code = self.status_of(message)
        billed = status in ("sent", "delivered", "undelivered", "partially_delivered", "received")
        base = f"{API}/Accounts/{self.account_sid}/Messages/{message.sid}"
        final = status in ("delivered", "undelivered", "failed", "partially_delivered", "received")
        updated = max(filter(None, [message.created_at, sent_at, self.now() if final else None]))
        from_ = None if status == "accepted" else message.from_  # a Messaging Service picks the number later
        body = message.body if status != "receiving" else first_segment(message.body)
        return {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": body,
            "date_created": rfc2822(message.created_at), "date_sent": rfc2822(sent_at),
            "date_updated": rfc2822(updated), "direction": message.direction, "error_code": code,
            "error_message": error_text(code) if code else None, "from": from_,
            "messaging_service_sid": message.messaging_service_sid, "num_media": "0",
            "num_segments": "0" if status == "accepted" else str(message.num_segments),
            "price": f"-{PRICE_PER_SEGMENT * message.num_segments:.5f}" if billed else None, "price_unit": "USD",
            "sid": message.sid, "status": status, "to": message.to, "uri": base + ".json",
            "subresource_uris": {"media": base + "/Media.json", "feedback": base + "/Feedback.json"},
        }

    def create(self, form: dict[str, str]) -> tuple[int, dict[str, Any], FakeMessage | None]:
        to, from_, service, body = (form.get(k, "") for k in ("To", "From", "MessagingServiceSid", "Body"))
        problem = self._validate(to, from_, service, body)
        if problem:
            return 400, _error(problem, 400, to, from_), None
        with self.lock:
            self.state.creates[(to, body)] += 1
            outcome, code = self.outcomes.get(to, ("delivered", None))
            message = FakeMessage(_sid(), to, from_ or (self.numbers[0] if service else None), body, "outbound-api",
                                  self.now(), service or None, outcome, code, num_segments=segments(body))
            self.state.messages[message.sid] = message
        return 201, self.resource(message), message

    def _validate(self, to: str, from_: str, service: str, body: str) -> int | None:
        if not to:
            return 21604
        if not E164.match(to) or to in self.numbers:
            return 21211
        if not from_ and not service:
            return 21603
        if service and service != self.messaging_service:
            return 21701
        if from_ and from_ not in self.numbers:
            return 21606
        if not body:
            return 21602
        if len(body) > 1600:
            return 21617
        with self.lock:
            if to in self.opted_out:
                return 21610
            return self.rejections.get(to) or MAGIC.get(to)

    def listing(self, query: dict[str, str], path: str) -> dict[str, Any]:
        with self.lock:
            found = [m for m in self.state.messages.values() if self._matches(m, query)]
        found.sort(key=lambda m: (self.status_of(m)[1] or m.created_at, m.seq), reverse=True)
        size = max(1, min(int(query.get("PageSize") or 50), self.max_page_size))
        page = int(query.get("Page") or 0)
        token = query.get("PageToken")
        start = 0
        if token:  # PA<sid>: the page after that message; PB<sid>: the page before it
            sids = [m.sid for m in found]
            if token.startswith("PB"):
                start = max(0, sids.index(token[2:]) - size) if token[2:] in sids else 0
            else:
                start = sids.index(token[2:]) + 1 if token[2:] in sids else len(found)
        chunk = found[start:start + size]
        filters = {k: v for k, v in query.items() if k not in ("Page", "PageSize", "PageToken")}

        def uri(page_no: int, extra: dict[str, str]) -> str:
            return f"{path}?{urlencode({**filters, 'PageSize': size, 'Page': page_no, **extra})}"

        more = start + size < len(found)
        return {
            "messages": [self.resource(m) for m in chunk], "page": page, "page_size": size, "start": start,
            "end": start + len(chunk) - 1 if chunk else start, "uri": uri(page, {"PageToken": token} if token else {}),
            "first_page_uri": uri(0, {}),
            "previous_page_uri": uri(page - 1, {"PageToken": "PB" + chunk[0].sid}) if page > 0 and chunk else None,
            "next_page_uri": uri(page + 1, {"PageToken": "PA" + chunk[-1].sid}) if more and chunk else None,
        }

    def _matches(self, message: FakeMessage, query: dict[str, str]) -> bool:
        if query.get("To") and message.to != query["To"]:
            return False
        if query.get("From") and message.from_ != query["From"]:
            return False
        sent = self.status_of(message)[1]
        for key, test in (("DateSent", lambda d, v: d == v), ("DateSent<", lambda d, v: d <= v),
                          ("DateSent>", lambda d, v: d >= v)):
            if query.get(key):
                if sent is None or not test(sent.astimezone(UTC).date(), _day(query[key])):
                    return False
        return True

    def take_fault(self, op: str) -> Fault | None:
        with self.lock:
            if self.faults and self.faults[0].op in (op, "any"):
                return self.faults.popleft()
        return None


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a client that died or gave up mid-request (killed dispatchers, client timeouts)
        super().handle_error(request, client_address)


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def _sid() -> str:
    return "SM" + secrets.token_hex(16)


def _error(code: int, status: int, to: str = "", from_: str = "") -> dict[str, Any]:
    return {"code": code, "message": error_text(code, to, from_), "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}


_PATH = re.compile(rf"^{API}/Accounts/(?P<account>AC[0-9a-fA-F]{{32}})/Messages(?:/(?P<sid>SM[0-9a-fA-F]{{32}}))?\.json$")


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle/delayed-ACK stalls
            with fake.lock:
                fake._connections.add(self.connection)

        def finish(self) -> None:
            with fake.lock:
                fake._connections.discard(self.connection)
            try:
                super().finish()
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def _dispatch(self, method: str) -> None:
            try:
                self._route(method)
            except (BrokenPipeError, ConnectionResetError):  # the client went away (killed, timed out)
                self.close_connection = True

        def _route(self, method: str) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            form = self._form()
            if url.path.startswith("/_fake/"):
                return self._admin(method, url.path, form)
            if fake.down:
                self.close_connection = True
                return
            match = _PATH.match(url.path)
            if match is None:
                return self._send(404, _error(20404, 404))
            if not self._authorised(match.group("account")):
                return self._send(401, {**_error(20003, 401), "detail": "Your AccountSid or AuthToken was incorrect."})
            sid = match.group("sid")
            op = "create" if method == "POST" and not sid else "fetch" if sid else "list"
            with fake.lock:
                fake.state.requests[op] += 1
                if op == "create":
                    fake.state.create_attempts += 1
            fault = fake.take_fault(op)
            if fault is not None and fault.kind == "raw":
                return self._send_raw(fault.status)
            if fault is not None and fault.kind == "http":
                return self._send(fault.status, _error(fault.code or (20429 if fault.status == 429 else 20500), fault.status))
            if fault is not None and not fault.process:
                return self._misbehave(fault)
            if op == "create":
                if fake.before_create is not None and fake.before_create(form):
                    self.close_connection = True
                    return None
                status, payload, message = fake.create(form)
                if message is not None and fake.on_create is not None:
                    fake.on_create(message)
                if fault is not None:
                    return self._misbehave(fault)
                return self._send(status, payload)
            if op == "list":
                return self._send(200, fake.listing(query, url.path))
            return self._message(method, sid, form)

        def _message(self, method: str, sid: str, form: dict[str, str]) -> None:
            with fake.lock:
                message = fake.state.messages.get(sid)
                if message is not None and method == "POST":
                    if form.get("Status") == "canceled":
                        message.canceled = True
                    if form.get("Body") == "":
                        message.body = ""
            if message is None:
                return self._send(404, _error(20404, 404))
            self._send(200, fake.resource(message))

        def _misbehave(self, fault: Fault) -> None:
            if fault.kind == "timeout":
                fake._release.wait(fake.hold_timeout)  # longer than the client's timeout; stop() releases it
            self.close_connection = True  # drop: close without a response

        def _admin(self, method: str, path: str, form: dict[str, str]) -> None:
            if path == "/_fake/stats":
                return self._send(200, fake.stats())
            if path == "/_fake/inbound" and method == "POST":
                return self._send(201, {"sid": fake.inject_inbound(form["From"], form["Body"], to=form.get("To"))})
            if path == "/_fake/creates":
                return self._send(200, {"creates": [[to, body, n] for (to, body), n in fake.creates().items()]})
            self._send(404, {"message": "unknown admin path"})

        def _authorised(self, account: str) -> bool:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return False
            try:
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return False
            return user == fake.account_sid == account and password == fake.auth_token

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

        def _send_raw(self, status: int) -> None:
            data = f"<html><body><h1>{status}</h1>Not Found</body></html>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            if fake.record:
                with fake.lock:
                    fake.answers.append((self.command, urlsplit(self.path).path, status, payload))
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fake Twilio Messages API on 127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    fake = FakeTwilio().start(args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"PORT {fake.port}", flush=True)
    stop.wait()
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
