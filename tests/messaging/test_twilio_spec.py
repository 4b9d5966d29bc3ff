"""What Twilio answers, the fake answers too (issue 20, item 13): the fake's answers, driven through the app's own
TwilioGateway (the real twilio client), checked against Twilio's OpenAPI specification (the Messages slice vendored
in tests/data/openapi), and the app's handling of the answers that used to go wrong: `partially_delivered` and
inbound messages still `receiving`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.integrations.twilio_gateway import GatewayAuthError, GatewayError, TwilioGateway
from tests.fakes.openapi_check import load_spec, response_schema, validate
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE, NUMBER, FakeTwilio
from tests.messaging.conftest import CLIENT_TIMEOUT

LIST = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
ONE = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
# Twilio's specification declares no error responses; its error body, as documented (twilio-oai README):
ERROR = {"type": "object", "required": ["code", "message", "more_info", "status"], "additionalProperties": False,
         "properties": {"code": {"type": "integer"}, "message": {"type": "string"}, "more_info": {"type": "string"},
                        "status": {"type": "integer"}, "detail": {"type": "string"}}}


def _operation(method: str, path: str) -> tuple[str, str, str]:
    if re.search(r"/Messages/SM[0-9a-f]{32}\.json$", path):
        return ONE, method.lower(), "200"
    return LIST, method.lower(), "201" if method == "POST" else "200"


def _drive(fake: FakeTwilio, gateway: TwilioGateway, clock) -> None:
    """Every kind of answer the app reads: creates, each status while it moves, lists over pages, errors."""
    fake.record = True
    fake.set_outcome("+5511987650001", "undelivered", 30003)
    fake.set_outcome("+5511987650002", "failed", 30007)
    fake.set_outcome("+5511987650003", "partially_delivered")
    sids = [gateway.send(f"+551198765000{i}", "Olá! " + "texto longo " * 20 * (i == 3)).sid for i in range(4)]
    service = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE, base_url=fake.url, timeout=CLIENT_TIMEOUT)
    try:
        sids.append(service.send("+5511987650009", "Pelo serviço").sid)  # 'accepted', no From yet
    finally:
        service.close()
    fake.inject_inbound("+5511987650001", "Quero saber mais " * 15, receiving_for=60)
    fake.inject_inbound("+5511987650002", "PARE")
    for seconds in (0, 2, 10):  # queued/accepted, sent, final
        clock.advance(seconds)
        for sid in sids:
            gateway.fetch(sid)
    fake.max_page_size = 2  # three pages: next_page_uri, then previous_page_uri too
    list(gateway.list(limit=None))
    clock.advance(120)  # the long reply has all its segments now
    list(gateway.list(limit=None))
    for to in ("+15005550001", "12345"):
        with pytest.raises(GatewayError):
            gateway.send(to, "Oi")
    with pytest.raises(GatewayError):
        gateway.fetch("SM" + "0" * 32)
    wrong = TwilioGateway(ACCOUNT_SID, "wrong-token", NUMBER, base_url=fake.url, timeout=CLIENT_TIMEOUT)
    try:
        with pytest.raises(GatewayAuthError):
            wrong.send("+5511987650001", "Oi")
    finally:
        wrong.close()


def test_the_fakes_answers_match_twilios_specification(fake, gateway, clock):  # no database: runs once
    _drive(fake, gateway, clock)
    spec = load_spec("twilio_messages_v2010.json")
    problems: list[str] = []
    for method, path, status, body in fake.answers:
        schema = ERROR if status >= 400 else response_schema(spec, *_operation(method, path))
        problems += [f"{method} {path} {status}: {p}" for p in validate(body, schema, spec)]
    assert problems == []
    answers = fake.answers
    assert len(answers) >= 30  # 5 creates, 15 fetches, 8 list pages, 4 errors
    resources = [m for *_, body in answers for m in body.get("messages", [body]) if "sid" in m]
    statuses = {m["status"] for m in resources}
    assert {"queued", "accepted", "sent", "delivered", "undelivered", "failed", "partially_delivered", "receiving",
            "received"} <= statuses
    assert any(body.get("previous_page_uri") for *_, body in answers)
    assert any(m["direction"] == "inbound" and m["price"] for m in resources)  # inbound messages are priced too
    assert {status for _, _, status, _ in answers} >= {200, 201, 400, 401, 404}


# --- what used to go wrong ---------------------------------------------------------------------------


def test_partially_delivered_is_final_with_a_note_not_polled_for_72_hours(kit):
    lead_id = kit.lead("Paula Reis")
    kit.fake.set_outcome(kit.phone_of(lead_id), "partially_delivered")
    kit.outbox.enqueue([lead_id], body="Olá {{ lead.name | primeiro_nome }}, " + "novidades da semana " * 12)
    assert kit.dispatcher.run_pass().sent == 1
    kit.deliver_all()
    [row] = kit.messages()
    assert row.state == "delivered" and row.next_attempt_at is None and row.delivered_at is not None
    assert "partially delivered" in row.error_message
    assert kit.ctx.interactions.timeline(lead_id)[0].outcome == "delivered"
    kit.clock.advance(6 * 3600)
    assert kit.sync.poll_status().checked == 0  # nothing left to poll


def test_an_inbound_message_still_receiving_is_read_again_until_received(kit):
    lead_id = kit.lead("Rita Melo")
    long_reply = "Oi, gostaria de saber o preço do cimento e da argamassa para a obra da rua nova. " * 3
    sid = kit.fake.inject_inbound(kit.phone_of(lead_id), long_reply, receiving_for=90)
    first = kit.sync.poll_inbound()
    assert first.new == 0 and first.receiving == 1 and kit.messages(direction="in") == []
    kit.clock.advance(120)
    second = kit.sync.poll_inbound()
    assert second.new == 1 and second.receiving == 0
    [row] = kit.messages(direction="in")
    assert row.twilio_sid == sid and row.body == long_reply and row.state == "received"
    assert [i.notes for i in kit.ctx.interactions.timeline(lead_id)] == [long_reply]
    assert kit.sync.poll_inbound().new == 0  # stored once


def test_a_stop_still_receiving_opts_out_once_it_is_received(kit):
    lead_id = kit.lead("Rui Alves")
    kit.fake.inject_inbound(kit.phone_of(lead_id), "STOP", receiving_for=30)
    assert kit.sync.poll_inbound().opt_outs == 0
    kit.clock.advance(60)
    assert kit.sync.poll_inbound().opt_outs == 1
    assert kit.ctx.leads.get(lead_id).sms_opt_out is True


def test_a_reply_that_cannot_be_stored_does_not_block_the_others_and_is_read_again(kit, monkeypatch):
    from app.services.messaging.twilio_poll import SmsSync

    first, second = kit.lead("Ana Lima"), kit.lead("Bia Reis")
    poison = kit.fake.inject_inbound(kit.phone_of(first), "Oi!", at=kit.clock.now() - timedelta(days=2))
    kit.fake.inject_inbound(kit.phone_of(second), "Quero o catálogo")  # today: the bookmark must not jump past the other
    receive = SmsSync._receive

    def fragile(self, remote, report):
        if remote.sid == poison:
            raise RuntimeError("a value the database refuses")
        return receive(self, remote, report)

    monkeypatch.setattr(SmsSync, "_receive", fragile)
    report = kit.sync.poll_inbound()
    assert (report.new, report.failed) == (1, 1)
    monkeypatch.setattr(SmsSync, "_receive", receive)
    kit.clock.advance(600)
    assert kit.sync.poll_inbound().new == 1  # the bookmark waited at the failed reply's day
    assert {m.twilio_sid for m in kit.messages(direction="in")} >= {poison}


def test_help_with_a_stored_answer_that_no_longer_passes_its_check_gets_the_default(kit):
    from app.services.leads.custom_fields import CustomFields

    CustomFields(kit.ctx.db).define("loja")
    kit.templates.save("ajuda", "Oi {{ lead.name | primeiro_nome }}, fale com a loja {{ lead.loja }}.")
    CustomFields(kit.ctx.db).remove("loja")
    lead_id = kit.lead("Diego")
    kit.fake.inject_inbound(kit.phone_of(lead_id), "AJUDA")
    report = kit.sync.poll_inbound()
    assert report.new == 1 and report.failed == 0 and report.help_replies == 1
    [reply] = kit.messages(direction="out")
    assert reply.kind == "auto_reply" and "SAIR" in reply.body
