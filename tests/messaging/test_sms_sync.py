"""Delivery status and replies by polling: status progression, inbound dedupe, the timeline,
consent keywords (case, accents, spaces), ConsentEvents, HELP auto replies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import ConsentEvent, Lead, SyncState
from app.services.messaging.twilio_poll import keyword


def _consent_events(kit, lead_id):
    with kit.ctx.db.session() as s:
        return [(e.action, e.source) for e in s.scalars(select(ConsentEvent).where(ConsentEvent.lead_id == lead_id)
                                                          .order_by(ConsentEvent.id))]


def test_status_is_polled_on_a_backoff_until_final(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.dispatcher.run_pass()
    [row] = kit.messages()
    assert row.next_attempt_at == row.sending_at + __import__("datetime").timedelta(seconds=30)
    assert kit.sync.poll_status().checked == 0  # not due yet
    kit.clock.advance(30)
    report = kit.sync.poll_status()  # 30 s after sending the fake reports it delivered
    assert report.checked == 1 and report.changed == 1
    assert kit.messages()[0].state == "delivered"


def test_sent_but_not_yet_delivered_schedules_the_next_poll(kit):
    kit.fake.delivered_after = __import__("datetime").timedelta(hours=2)
    kit.outbox.enqueue([kit.lead()], body="Oi")
    kit.dispatcher.run_pass()
    kit.clock.advance(30)
    assert kit.sync.poll_status().changed == 0
    row = kit.messages()[0]
    assert row.state == "sent" and (row.next_attempt_at - row.sending_at).total_seconds() == 120
    kit.clock.advance(2 * 3600)
    kit.sync.poll_status()
    assert kit.messages()[0].state == "delivered"


DELIVERY_ERRORS = [
    ("undelivered", 30003, "unreachable", "unreachable"),
    ("undelivered", 30005, "invalid", "no longer in service"),
    ("undelivered", 30006, "not_mobile", "landline"),
    ("undelivered", 30007, "filtered", "filtered"),
    ("failed", 30008, None, "unknown delivery error"),
]


def test_delivery_errors_become_reasons_on_message_and_lead(kit):
    leads = {}
    for status, code, _, _ in DELIVERY_ERRORS:
        leads[code] = kit.lead()
        kit.fake.set_outcome(kit.phone_of(leads[code]), status, code)
    kit.outbox.enqueue(list(leads.values()), body="Oi", kind="bulk")
    kit.dispatcher.run_pass()
    kit.deliver_all()
    for status, code, phone_status, fragment in DELIVERY_ERRORS:
        [row] = kit.messages(lead_id=leads[code])
        assert row.state == status and row.error_code == code and fragment in row.error_message
        assert kit.ctx.leads.get(leads[code]).phone_status == phone_status
        assert kit.ctx.interactions.timeline(leads[code])[0].outcome == status


@pytest.mark.parametrize(
    ("body", "word"),
    [("STOP", "STOP"), ("  stop \n", "STOP"), ("Parar", "PARAR"), ("PÁRAR!", "PARAR"), ("sair", "SAIR"),
     ("Cancelar.", "CANCELAR"), ("s t o p", "STOP"), ("unsubscribe", "UNSUBSCRIBE"), ("Voltar", "VOLTAR"),
     ("ajuda", "AJUDA"), ("Help", "HELP"), ("yes", "YES"), ("pode parar", "PARAR"), ("STOP please", "STOP"),
     ("pode parar de mandar?", "PARE"), ("não quero perder a promoção", None), ("", None)],
)
def test_keywords_match_the_whole_message(body, word):
    assert keyword(body) == word


def test_replies_land_on_the_timeline_once(kit):
    lead_id = kit.lead("Carla")
    kit.outbox.enqueue([lead_id], body="Tem interesse?")
    kit.dispatcher.run_pass()
    kit.clock.advance(60)
    sid = kit.fake.inject_inbound(kit.phone_of(lead_id), "Tenho sim, me liga amanhã")
    stranger = kit.fake.inject_inbound("+5521998760000", "quem é?")
    first = kit.sync.poll_inbound()
    assert (first.new, first.matched, first.unknown_sender) == (2, 1, 1)
    assert kit.sync.poll_inbound().new == 0  # deduplicated by SID
    inbound = kit.messages(direction="in")
    assert {m.twilio_sid for m in inbound} == {sid, stranger}
    mine = next(m for m in inbound if m.twilio_sid == sid)
    assert mine.lead_id == lead_id and mine.state == "received" and mine.kind == "inbound"
    timeline = kit.ctx.interactions.timeline(lead_id)
    assert [(i.kind, i.notes) for i in timeline] == [("sms_in", "Tenho sim, me liga amanhã"), ("sms_out", "Tem interesse?")]
    with kit.ctx.db.session() as s:
        assert s.get(SyncState, "sms.inbound.since") is not None


def test_stop_then_start_changes_consent_with_events(kit):
    lead_id = kit.lead()
    twin = kit.lead("Mesmo Telefone", phone=kit.phone_of(lead_id))
    kit.fake.inject_inbound(kit.phone_of(lead_id), " Parar ")
    report = kit.sync.poll_inbound()
    assert report.opt_outs == 2  # a number opted out: every lead with it
    assert kit.ctx.leads.get(lead_id).sms_opt_out and kit.ctx.leads.get(twin).sms_opt_out
    assert kit.outbox.enqueue([lead_id], body="Oi").skipped == {"opted_out": 1}
    kit.clock.advance(60)
    kit.fake.inject_inbound(kit.phone_of(lead_id), "VOLTAR")
    assert kit.sync.poll_inbound().opt_ins == 2
    assert not kit.ctx.leads.get(lead_id).sms_opt_out
    assert _consent_events(kit, lead_id) == [("consent", "user"), ("opt_out", "keyword PARAR"), ("opt_in", "keyword VOLTAR")]
    assert kit.outbox.enqueue([lead_id], body="Oi").queued == 1


def test_opt_out_cancels_what_was_waiting(kit):
    lead_id = kit.lead()
    kit.clock.advance(12 * 3600)  # 23:00 in São Paulo: queued messages are held for the morning
    kit.outbox.enqueue([lead_id], body="Bom dia!")
    assert kit.messages()[0].state == "held"
    kit.fake.inject_inbound(kit.phone_of(lead_id), "SAIR")
    kit.sync.poll_inbound()
    [row] = kit.messages(direction="out")
    assert row.state == "canceled" and "opted out" in row.error_message


def test_help_gets_an_automatic_reply_through_the_outbox(kit):
    lead_id = kit.lead("Diego")
    kit.fake.inject_inbound(kit.phone_of(lead_id), "ajuda")
    assert kit.sync.poll_inbound().help_replies == 1
    [reply] = kit.messages(direction="out")
    assert reply.kind == "auto_reply" and reply.state == "queued" and "SAIR" in reply.body
    kit.dispatcher.run_pass()
    assert kit.messages(direction="out")[0].state == "sent"
    kit.templates.save("ajuda", "Oi {{ lead.name | primeiro_nome }}, ligue (11) 4000-0000.")
    kit.clock.advance(60)
    kit.fake.inject_inbound(kit.phone_of(lead_id), "HELP")
    kit.sync.poll_inbound()
    assert kit.messages(direction="out")[-1].body == "Oi Diego, ligue (11) 4000-0000."


def test_help_from_a_lead_without_consent_gets_no_text(kit):
    lead_id = kit.lead(consent=False)
    kit.fake.inject_inbound(kit.phone_of(lead_id), "HELP")
    assert kit.sync.poll_inbound().help_replies == 0
    assert kit.messages(direction="out") == []


def test_help_reply_ignores_quiet_hours_but_campaigns_wait(kit):
    lead_id = kit.lead()
    kit.clock.advance(12 * 3600)  # 23:00 local
    kit.fake.inject_inbound(kit.phone_of(lead_id), "HELP")
    kit.sync.poll_inbound()
    kit.outbox.enqueue([lead_id], body="Promoção", kind="bulk")
    report = kit.dispatcher.run_pass()
    assert report.sent == 1  # the HELP answer
    states = {m.kind: m.state for m in kit.messages(direction="out")}
    assert states == {"auto_reply": "sent", "bulk": "held"}


def test_opt_out_keyword_marks_only_live_leads_and_records_detail(kit):
    lead_id = kit.lead()
    kit.fake.inject_inbound(kit.phone_of(lead_id), "STOPALL")
    kit.sync.poll_inbound()
    with kit.ctx.db.session() as s:
        event = s.scalars(select(ConsentEvent).where(ConsentEvent.lead_id == lead_id, ConsentEvent.action != "consent")).one()
        assert event.action == "opt_out" and "STOPALL" in event.detail and event.at == kit.clock.now()
        assert s.get(Lead, lead_id).sms_opt_out_at == kit.clock.now()


def test_a_request_to_stop_in_a_sentence_opts_out_and_a_keyword_in_an_ordinary_one_does_not(kit):
    stops, stays = kit.lead("Quer sair"), kit.lead("Quer a promoção")
    kit.fake.inject_inbound(kit.phone_of(stops), "Por favor, pare de me mandar mensagem")
    kit.fake.inject_inbound(kit.phone_of(stays), "Não quero perder a promoção, me liga")
    report = kit.sync.poll_inbound()
    assert (report.new, report.opt_outs) == (2, 1)
    assert kit.ctx.leads.get(stops).sms_opt_out and not kit.ctx.leads.get(stays).sms_opt_out
    assert _consent_events(kit, stops)[-1] == ("opt_out", "keyword PARE")
    kit.clock.advance(60)
    kit.fake.inject_inbound(kit.phone_of(stops), "NÃO QUERO")
    kit.fake.inject_inbound(kit.phone_of(stays), "nao quero")
    assert kit.sync.poll_inbound().opt_outs == 1  # the first lead had already opted out
    assert kit.ctx.leads.get(stays).sms_opt_out
