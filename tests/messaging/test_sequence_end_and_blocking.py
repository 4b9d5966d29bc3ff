"""Review fixes: a sequence that ends takes its waiting message with it (at the end and again at send time);
the next step's delay counts from when the previous one was sent; account/sender-level Twilio refusals block
the outbox instead of failing every message; held messages follow changed quiet hours and time zones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.cli import main
from app.db.models import Enrollment, Stage
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.compliance import QuietHours, SendPolicy
from app.texts import Text, from_data
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER
from tests.messaging.conftest import CLIENT_TIMEOUT, START, make_dispatcher

HOUR = 3600
NIGHT = START + timedelta(hours=10)  # 00:00 UTC = 21:00 in São Paulo: outside 08:00-20:00
MORNING = START + timedelta(hours=21, minutes=30)  # 11:30 UTC = 08:30 in São Paulo


def _sequence(kit, second_delay=HOUR):
    """A two-step sequence whose first message is held for quiet hours overnight."""
    auto = kit.automations.create("Nutrição", "lead_created", {}, [
        {"delay_s": 0, "action": {"body": "Passo 1"}}, {"delay_s": second_delay, "action": {"body": "Passo 2"}}])
    kit.clock.set(NIGHT)
    lead_id = kit.lead()
    assert kit.automations.evaluate().messages_queued == 1
    kit.dispatcher.run_pass()
    [message] = kit.messages()
    assert message.state == "held" and message.enrollment_id is not None
    return auto, lead_id


def _stage(kit, won):
    with kit.ctx.db.session() as s:
        return next(st.key for st in s.scalars(select(Stage)) if (st.is_won if won else st.is_lost))


def _enrolment(kit):
    with kit.ctx.db.session() as s:
        [row] = s.scalars(select(Enrollment))
        return row


def _assert_never_sent(kit, lead_id):
    kit.clock.set(MORNING)
    kit.automations.evaluate()
    kit.dispatcher.run_pass()
    phone = kit.phone_of(lead_id)
    assert [m for m in kit.fake.outbound() if m.to == phone] == []
    [message] = kit.messages(lead_id=lead_id, direction="out")
    assert message.state == "canceled" and message.next_attempt_at is None
    assert isinstance(from_data(message.error_data), Text) and message.error_message
    return message


@pytest.mark.parametrize("event", ["reply", "opt_out", "won", "lost", "take_out", "automation_deleted"])
def test_ending_a_sequence_cancels_its_waiting_message(kit, event):
    auto, lead_id = _sequence(kit)
    kit.clock.advance(60)
    if event in ("reply", "opt_out"):
        kit.fake.inject_inbound(kit.phone_of(lead_id), "Pode me ligar?" if event == "reply" else "PARAR")
        kit.sync.poll_inbound()
    elif event in ("won", "lost"):
        kit.ctx.leads.set_stage(lead_id, _stage(kit, event == "won"))
    elif event == "take_out":
        assert kit.automations.unenroll(lead_id, auto.id) == 1
    else:
        assert kit.automations.delete(auto.id) == 1
    report = kit.automations.evaluate()
    if event not in ("take_out", "automation_deleted"):
        assert report.ended == {event: 1}
    # Canceled in the same transaction as the end, before any dispatch pass.
    [message] = kit.messages(lead_id=lead_id, direction="out")
    assert message.state == "canceled"
    message = _assert_never_sent(kit, lead_id)
    expected = {"reply": "not sent: the lead replied, so the sequence stopped",
                "take_out": "not sent: a user took the lead out of the sequence",
                "automation_deleted": "its automation was deleted"}
    if event in expected:
        assert message.error_message == expected[event]


@pytest.mark.parametrize("event", ["reply", "won", "lost", "ended_row"])
def test_send_time_guard_cancels_a_message_whose_sequence_is_over(kit, event):
    """No evaluation between the event and the dispatch (or a row ended by an older version): the claim refuses it."""
    _, lead_id = _sequence(kit)
    kit.clock.advance(60)
    if event == "reply":
        kit.fake.inject_inbound(kit.phone_of(lead_id), "Pode me ligar?")
        kit.sync.poll_inbound()
    elif event in ("won", "lost"):
        kit.ctx.leads.set_stage(lead_id, _stage(kit, event == "won"))
    else:
        with kit.ctx.db.transaction() as s:
            s.execute(update(Enrollment).values(state="ended", end_reason="reply", ended_at=kit.clock.now()))
    kit.clock.set(MORNING)
    report = kit.dispatcher.run_pass()
    assert report.sent == 0 and report.canceled == 1
    assert _enrolment(kit).state == "ended"
    assert _enrolment(kit).end_reason == ("reply" if event == "ended_row" else event)
    _assert_never_sent(kit, lead_id)


@pytest.mark.parametrize("evaluate_first", [True, False])
def test_a_one_step_sequence_does_not_send_its_held_opener_after_a_reply(kit, evaluate_first):
    """The reviewer's case: a single-step sequence is 'done' once its message is queued; a reply still stops it."""
    kit.automations.create("Abertura", "lead_created", {}, [{"action": {"body": "Olá!"}}])
    kit.clock.set(NIGHT)
    lead_id = kit.lead()
    kit.automations.evaluate()
    assert _enrolment(kit).state == "done"
    kit.clock.advance(60)
    kit.fake.inject_inbound(kit.phone_of(lead_id), "Pode me ligar?")
    kit.sync.poll_inbound()
    if evaluate_first:
        assert kit.automations.evaluate().ended == {"reply": 1}
    kit.clock.set(MORNING)
    assert kit.dispatcher.run_pass().sent == 0
    assert (_enrolment(kit).state, _enrolment(kit).end_reason) == ("ended", "reply")
    _assert_never_sent(kit, lead_id)


def test_a_finished_sequence_still_sends_its_last_held_step(kit):
    kit.automations.create("Um passo", "lead_created", {}, [{"action": {"body": "Único"}}])
    kit.clock.set(NIGHT)
    lead_id = kit.lead()
    kit.automations.evaluate()
    assert _enrolment(kit).state == "done"
    kit.clock.set(MORNING)
    assert kit.dispatcher.run_pass().sent == 1
    assert [m.to for m in kit.fake.outbound()] == [kit.phone_of(lead_id)]


def test_next_step_delay_counts_from_when_the_previous_step_was_sent(kit):
    _sequence(kit, second_delay=HOUR)
    kit.clock.advance(2 * HOUR)  # 02:00 UTC: the old rule (queued + 1 h) would queue step 2 now
    assert kit.automations.evaluate().messages_queued == 0
    assert _enrolment(kit).next_run_at is None  # waiting for step 1 to leave
    kit.clock.set(MORNING)
    assert kit.automations.evaluate().messages_queued == 0  # step 1 is still held
    assert kit.dispatcher.run_pass().sent == 1
    [first] = kit.messages()
    assert first.sent_at == MORNING
    assert kit.automations.evaluate().messages_queued == 0
    assert _enrolment(kit).next_run_at == MORNING + timedelta(hours=1)
    kit.clock.advance(HOUR - 60)
    assert kit.automations.evaluate().messages_queued == 0
    kit.clock.advance(60)
    assert kit.automations.evaluate().messages_queued == 1
    assert [m.body for m in kit.messages()] == ["Passo 1", "Passo 2"]
    assert kit.automations.evaluate().messages_queued == 0  # idempotent


def test_a_failed_step_releases_the_next_one_from_when_it_failed(kit):
    kit.automations.create("Falha", "lead_created", {}, [
        {"action": {"body": "Passo 1"}}, {"delay_s": HOUR, "action": {"body": "Passo 2"}}])
    lead_id = kit.lead()
    kit.fake.reject(kit.phone_of(lead_id), 21614)
    kit.automations.evaluate()
    assert kit.dispatcher.run_pass().failed == 1
    failed_at = kit.clock.now()
    kit.automations.evaluate()
    assert _enrolment(kit).next_run_at == failed_at + timedelta(hours=1)


# --- account / sender level refusals ------------------------------------------------------------------------


def _queue(kit, n=3):
    ids = [kit.lead(f"Lead {i}") for i in range(n)]
    kit.outbox.enqueue(ids, body="Oi")
    return ids


@pytest.mark.parametrize("mode", ["wrong_sender", "raw_404", "service_21701", "code_21212"])
def test_sender_or_endpoint_errors_block_the_outbox_and_fail_nothing(kit, mode):
    _queue(kit)
    if mode == "wrong_sender":
        gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, "+15005550000", base_url=kit.fake.url, timeout=CLIENT_TIMEOUT)
    elif mode == "service_21701":
        gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, "MG" + "0" * 32, base_url=kit.fake.url, timeout=CLIENT_TIMEOUT)
    else:
        gateway = kit.gateway
        if mode == "raw_404":
            kit.fake.raw_next("create", status=404)
        else:
            kit.fake.fail_next("create", status=400, code=21212)
    try:
        report = make_dispatcher(kit.ctx, gateway, kit.policy, kit.clock, lease=kit.dispatcher.lease).run_pass()
    finally:
        if gateway is not kit.gateway:
            gateway.close()
    assert report.blocked and report.stopped == report.blocked
    assert report.failed == 0 and report.sent == 0
    expected = {"wrong_sender": "21606", "raw_404": "HTTP 404", "service_21701": "21701", "code_21212": "21212"}[mode]
    assert expected in report.blocked
    messages = kit.messages()
    assert [(m.state, m.attempts, m.error_code) for m in messages] == [("queued", 0, None)] * 3
    assert kit.fake.stats()["create_attempts"] == 1  # stopped at the first refusal
    # Once fixed, the same messages go out.
    assert kit.dispatcher.run_pass().sent == 3


def test_cli_reports_a_wrong_sender_as_blocked(ctx, fake, keyring_secrets, monkeypatch, capsys):
    monkeypatch.setenv("AICONNECT_TWILIO_API_URL", fake.url)
    ctx.workspace.set("twilio.sender", "+15005550000")
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")
    lead = ctx.leads.create({"name": "Ana", "phone": "+5511987650177", "sms_consent": True}).id
    assert main(["messages", "send", "--lead", str(lead), "--body", "Oi"]) == 0
    capsys.readouterr()
    code = main(["automations", "run", "--once"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "21606" in err[0]
    ctx.workspace.set("twilio.sender", NUMBER)
    assert main(["automations", "run", "--once"]) == 0
    assert [m.to for m in fake.outbound()] == ["+5511987650177"]


# --- held messages re-checked ---------------------------------------------------------------------------------


def _held_at_night(kit):
    kit.clock.set(NIGHT)
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.dispatcher.run_pass()
    [message] = kit.messages()
    assert message.state == "held" and message.next_attempt_at > NIGHT + timedelta(hours=10)
    return lead_id


def test_held_messages_follow_changed_quiet_hours(kit):
    _held_at_night(kit)
    kit.clock.advance(60)
    assert kit.dispatcher.run_pass().held == 0  # settings unchanged: the held row is not touched
    kit.dispatcher.policy = SendPolicy(QuietHours.parse("08:00-22:00"), 3)  # 21:01 is now inside the window
    report = kit.dispatcher.run_pass()
    assert report.sent == 1 and kit.messages()[0].state == "sent"


def test_held_messages_follow_the_leads_new_time_zone(kit):
    lead_id = _held_at_night(kit)
    kit.clock.advance(60)
    kit.ctx.leads.update(lead_id, {"timezone": "America/Rio_Branco"})  # UTC-5: 19:01 there, inside the window
    assert kit.dispatcher.run_pass().sent == 1


def test_held_messages_follow_a_new_phone_when_the_lead_has_no_time_zone(kit):
    lead_id = _held_at_night(kit)  # no time zone: its São Paulo phone's
    kit.clock.advance(60)
    kit.ctx.leads.update(lead_id, {"phone": "+5568999887766"})  # Acre (UTC-5): 19:01 there, inside the window
    report = kit.dispatcher.run_pass()
    assert report.sent == 1 and kit.messages()[0].state == "sent"


def test_a_large_held_backlog_is_not_rechecked_each_pass(kit):
    from sqlalchemy import insert

    from app.db.models import Message

    lead_id = _held_at_night(kit)
    later = kit.clock.now() + timedelta(hours=11)
    with kit.ctx.db.transaction() as s:
        s.execute(insert(Message), [{"lead_id": lead_id, "direction": "out", "kind": "bulk", "state": "held",
                                     "to_number": kit.phone_of(lead_id), "body": f"b{i}", "next_attempt_at": later,
                                     "created_at": kit.clock.now(), "updated_at": kit.clock.now()}
                                    for i in range(2000)])
    kit.clock.advance(60)
    report = kit.dispatcher.run_pass()
    assert report.held == 0 and report.sent == 0
    assert kit.fake.stats()["create_attempts"] == 0


# --- replies with a Messaging Service sender --------------------------------------------------------------------


def test_messaging_service_poll_reads_replies_older_than_the_newest_thousand_messages(kit):
    from app.services.messaging.twilio_poll import SmsSync
    from tests.fakes.twilio_server import MESSAGING_SERVICE, FakeMessage

    lead_id = kit.lead()
    phone = kit.phone_of(lead_id)
    kit.fake.inject_inbound(phone, "PARAR")  # the oldest message of the day
    base = kit.clock.now()
    with kit.fake.lock:  # a busy day: 1,100 outbound messages after the STOP
        for i in range(1100):
            message = FakeMessage(f"SM{i:032x}", f"+55219{i:08d}", NUMBER, "campanha", "outbound-api",
                                  base + timedelta(seconds=i + 1), MESSAGING_SERVICE)
            kit.fake.state.messages[message.sid] = message
    kit.clock.advance(2 * HOUR)
    gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE, base_url=kit.fake.url, timeout=CLIENT_TIMEOUT)
    try:
        report = SmsSync(kit.ctx.db, gateway, kit.policy, clock=kit.clock.now).poll_inbound()
    finally:
        gateway.close()
    assert report.stopped is None and report.new == 1 and report.opt_outs == 1
    assert kit.ctx.leads.get(lead_id).sms_opt_out is True
    assert kit.fake.stats()["requests"]["list"] >= 2  # paged past the first 1,000


# --- command line ------------------------------------------------------------------------------------------------


def test_cli_refuses_negative_failures_and_an_empty_audience(ctx, capsys):
    assert main(["messages", "status", "--failures", "-3"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--failures must be 0 or more" in err[0]
    assert main(["messages", "send", "--query", "nomatch-xyz", "--body", "Oi"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no lead matches" in err[0]


def test_cli_exits_quietly_when_the_reader_goes_away(ctx, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ)  # AICONNECT_HOME / AICONNECT_DATABASE_URL of this test's database
    proc = subprocess.Popen([sys.executable, "-m", "app", "messages", "status"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -1` having exited before the first line
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err
