"""The fake speaks Twilio's REST contract: checked with raw HTTP and with the real twilio client."""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import requests

from app.integrations.twilio_gateway import GatewayError, TwilioGateway
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE, NUMBER

TO = "+5511987654321"


def _post(fake, data, auth=(ACCOUNT_SID, AUTH_TOKEN)):
    session = requests.Session()
    session.trust_env = False
    with session:
        return session.post(f"{fake.url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json", data=data, auth=auth, timeout=5)


def test_bad_credentials_get_401_with_twilio_error_json(fake):
    response = _post(fake, {"To": TO, "From": NUMBER, "Body": "x"}, auth=(ACCOUNT_SID, "0" * 32))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == 20003 and body["status"] == 401 and body["more_info"].endswith("/20003")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"From": NUMBER, "Body": "x"}, 21604),
        ({"To": "11987654321", "From": NUMBER, "Body": "x"}, 21211),
        ({"To": TO, "Body": "x"}, 21603),
        ({"To": TO, "From": "+5511900000000", "Body": "x"}, 21606),
        ({"To": TO, "From": NUMBER}, 21602),
        ({"To": TO, "From": NUMBER, "Body": "x" * 1601}, 21617),
        ({"To": "+15005550001", "From": NUMBER, "Body": "x"}, 21211),
        ({"To": "+15005550003", "From": NUMBER, "Body": "x"}, 21408),
        ({"To": "+15005550004", "From": NUMBER, "Body": "x"}, 21610),
        ({"To": "+15005550009", "From": NUMBER, "Body": "x"}, 21614),
    ],
)
def test_create_validates_like_twilio(fake, data, code):
    response = _post(fake, data)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]


def test_created_message_json_is_realistic(fake):
    response = _post(fake, {"To": TO, "From": NUMBER, "Body": "Olá! 😀"})
    assert response.status_code == 201
    m = response.json()
    assert re.fullmatch(r"SM[0-9a-f]{32}", m["sid"])
    assert m["status"] == "queued" and m["direction"] == "outbound-api" and m["api_version"] == "2010-04-01"
    assert parsedate_to_datetime(m["date_created"]) == fake.now().replace(microsecond=0)
    assert m["date_sent"] is None and m["price"] is None and m["error_code"] is None
    assert m["num_segments"] == "1" and m["num_media"] == "0" and m["from"] == NUMBER and m["to"] == TO
    assert m["uri"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{m['sid']}.json"
    assert set(m["subresource_uris"]) == {"media", "feedback"}


def test_messaging_service_sender_starts_accepted_without_a_from(fake):
    response = _post(fake, {"To": TO, "MessagingServiceSid": MESSAGING_SERVICE, "Body": "Oi"})
    m = response.json()
    assert m["status"] == "accepted" and m["from"] is None and m["num_segments"] == "0"
    assert m["messaging_service_sid"] == MESSAGING_SERVICE


def test_status_moves_with_the_clock_through_the_real_client(fake, gateway, clock):
    sent = gateway.send(TO, "Oi")
    assert gateway.fetch(sent.sid).status == "queued"
    clock.advance(2)
    fetched = gateway.fetch(sent.sid)
    assert fetched.status == "sent" and fetched.date_sent is not None and fetched.price == "-0.05000"
    clock.advance(10)
    assert gateway.fetch(sent.sid).status == "delivered"
    fake.set_outcome("+5511987654322", "undelivered", 30003)
    other = gateway.send("+5511987654322", "Oi")
    clock.advance(10)
    final = gateway.fetch(other.sid)
    assert (final.status, final.error_code) == ("undelivered", 30003)
    with pytest.raises(GatewayError) as caught:
        gateway.fetch("SM" + "0" * 32)
    assert caught.value.code == 20404


def test_list_filters_and_pages_through_next_page_uri(fake, gateway, clock):
    for i in range(7):
        gateway.send(TO, f"m{i}")
    gateway.send("+5511987654322", "outro")
    clock.advance(10)
    mine = list(gateway.list(to=TO, limit=100))
    assert [m.body for m in mine] == [f"m{i}" for i in reversed(range(7))]
    paged = list(TwilioPaging(gateway).list(to=TO, page_size=3))
    assert len(paged) == 7 and fake.stats()["requests"]["list"] >= 4  # 1 + 3 pages
    assert len(list(gateway.list(from_=NUMBER, limit=100))) == 8
    today = clock.now().date()
    assert len(list(gateway.list(to=TO, sent_on_or_after=today, limit=100))) == 7
    assert list(gateway.list(to=TO, sent_on_or_after=today + timedelta(days=1), limit=100)) == []


class TwilioPaging:
    """The raw twilio client with a small page size, to prove the fake's paging."""

    def __init__(self, gateway: TwilioGateway) -> None:
        self.client = gateway._client

    def list(self, to: str, page_size: int):
        return self.client.messages.list(to=to, page_size=page_size)


def test_inbound_stop_blocks_sends_and_start_unblocks(fake, gateway, clock):
    sid = fake.inject_inbound(TO, "STOP")
    [inbound] = [m for m in gateway.list(to=NUMBER, limit=10) if m.direction == "inbound"]
    assert inbound.sid == sid and inbound.status == "received" and inbound.from_ == TO
    with pytest.raises(GatewayError) as caught:
        gateway.send(TO, "Oi")
    assert caught.value.code == 21610
    fake.inject_inbound(TO, "START")
    assert gateway.send(TO, "Oi").status == "queued"


def test_admin_endpoints_for_out_of_process_use(fake, gateway):
    gateway.send(TO, "Oi")
    session = requests.Session()
    session.trust_env = False
    with session:
        stats = session.get(f"{fake.url}/_fake/stats", timeout=5).json()
        assert stats["accepted"] == 1 and stats["duplicates"] == 0
        sid = session.post(f"{fake.url}/_fake/inbound", data={"From": TO, "Body": "oi"}, timeout=5).json()["sid"]
    assert sid.startswith("SM")


def test_no_credential_in_errors_or_verbose_logs(fake, tmp_path):
    """The request URL carries the account SID: it must not reach an error text or the log, even with -v."""
    import logging

    from app.logging_setup import setup_logging

    log_file = setup_logging(tmp_path / "logs", verbose=True)
    try:
        good = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=fake.url, timeout=1)
        bad = TwilioGateway(ACCOUNT_SID, "0" * 32, NUMBER, base_url=fake.url, timeout=1)
        dead = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url="http://127.0.0.1:9", timeout=1)
        errors = []
        good.fetch(good.send(TO, "Oi").sid)
        fake.fail_next("create", status=500)
        for call in (lambda: good.send(TO, "x"), lambda: good.send("+15005550001", "x"), lambda: bad.send(TO, "x"),
                     lambda: bad.list(to=TO), lambda: dead.send(TO, "x"), lambda: good.fetch("SM" + "1" * 32)):
            with pytest.raises(GatewayError) as caught:
                call()
            errors.append(str(caught.value))
        for gateway in (good, bad, dead):
            gateway.close()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_aiconnect_handler", False)]:
            root.removeHandler(handler)
            handler.close()
    text = "\n".join(errors) + log_file.read_text()
    assert "Twilio" in text and ACCOUNT_SID not in text and AUTH_TOKEN not in text and "0" * 32 not in text
