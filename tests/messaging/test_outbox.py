"""The durable outbox: queueing with compliance, dispatch, Twilio errors as actions, retries,
reconciliation of uncertain sends, the rate limiter and the one-dispatcher lease."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db.models import ConsentEvent, Interaction, Lead, Message
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.dispatch import DispatchReport, TokenBucket
from app.services.messaging.lease import DispatchLease, WorkerIdentity
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER
from tests.messaging.conftest import SHORT_TIMEOUT, make_dispatcher


def test_enqueue_reports_skips_per_reason_segments_and_cost(kit):
    ok = [kit.lead(f"Cliente {i}") for i in range(3)]
    no_consent = kit.lead("Sem Consentimento", consent=False)
    opted = kit.lead("Saiu")
    bad_phone = kit.lead("Número Ruim")
    no_phone = kit.ctx.leads.create({"name": "Sem Telefone", "sms_consent": True}).id
    with kit.ctx.db.transaction() as s:
        s.get(Lead, opted).sms_opt_out = True
        s.get(Lead, bad_phone).phone_status = "invalid"
    report = kit.outbox.enqueue([*ok, no_consent, opted, bad_phone, no_phone, 999999],
                                body="Olá {{ lead.name | primeiro_nome }}, promoção só hoje!", kind="bulk")
    assert report.queued == 3 and report.held == 0
    assert report.skipped == {"no_consent": 1, "opted_out": 1, "invalid_phone": 1, "no_phone": 1, "not_found": 1}
    assert report.segments == 3 and report.encodings == {"UCS-2": 3} and str(report.cost) == "0.1500"
    rows = kit.messages()
    assert [r.state for r in rows] == ["queued"] * 3 and rows[0].body == "Olá Cliente, promoção só hoje!"
    assert rows[0].segments == 1 and rows[0].encoding == "UCS-2" and rows[0].kind == "bulk"


def test_dry_run_queues_nothing(kit):
    report = kit.outbox.enqueue([kit.lead()], body="Oi", dry_run=True)
    assert report.queued == 1 and report.message_ids == [] and kit.messages() == []


def test_dispatch_sends_records_sid_and_timeline_then_delivery(kit):
    lead_id = kit.lead("Bruna Alves")
    kit.outbox.enqueue([lead_id], body="Oi {{ lead.name | primeiro_nome }}")
    report = kit.dispatcher.run_pass()
    assert report.sent == 1
    [row] = kit.messages()
    assert row.state == "sent" and row.twilio_sid.startswith("SM") and len(row.twilio_sid) == 34
    assert row.from_number == NUMBER and row.attempts == 1 and row.sending_at == kit.clock.now()
    assert kit.fake.creates() == {(kit.phone_of(lead_id), "Oi Bruna"): 1}
    timeline = kit.ctx.interactions.timeline(lead_id)
    assert [(i.kind, i.notes, i.message_id) for i in timeline] == [("sms_out", "Oi Bruna", row.id)]
    kit.deliver_all()
    [row] = kit.messages()
    assert row.state == "delivered" and row.delivered_at is not None
    assert kit.ctx.interactions.timeline(lead_id)[0].outcome == "delivered"


@pytest.mark.parametrize(
    ("code", "phone_status", "reason"),
    [
        (21211, "invalid", "not a valid phone number (21211)"),
        (21408, "country_not_enabled", "Geo Permissions (21408)"),
        (21614, "not_mobile", "cannot receive SMS (21614)"),
    ],
)
def test_permanent_errors_fail_with_a_reason_on_message_and_lead(kit, code, phone_status, reason):
    lead_id = kit.lead()
    kit.fake.reject(kit.phone_of(lead_id), code)
    kit.outbox.enqueue([lead_id], body="Oi")
    report = kit.dispatcher.run_pass()
    assert report.failed == 1 and report.retrying == 0
    [row] = kit.messages()
    assert row.state == "failed" and row.error_code == code and reason in row.error_message
    assert kit.ctx.leads.get(lead_id).phone_status == phone_status
    assert kit.fake.stats()["create_attempts"] == 1  # never retried
    if phone_status in ("invalid", "not_mobile"):  # the next campaign skips the lead up front
        assert kit.outbox.enqueue([lead_id], body="De novo").skipped


def test_21610_opts_the_lead_out_with_a_consent_event(kit):
    lead_id = kit.lead()
    other_pending = kit.lead()
    kit.fake.inject_inbound(kit.phone_of(lead_id), "STOP")  # Twilio blocks the number; the CRM has not polled yet
    kit.outbox.enqueue([lead_id, other_pending], body="Oi")
    kit.dispatcher.run_pass()
    failed = kit.messages(lead_id=lead_id)[0]
    assert failed.state == "failed" and failed.error_code == 21610 and "opted out" in failed.error_message
    lead = kit.ctx.leads.get(lead_id)
    assert lead.sms_opt_out is True
    with kit.ctx.db.session() as s:
        events = s.scalars(select(ConsentEvent).where(ConsentEvent.lead_id == lead_id).order_by(ConsentEvent.id)).all()
        assert [(e.action, e.source) for e in events] == [("consent", "user"), ("opt_out", "twilio 21610")]
    assert kit.messages(lead_id=other_pending)[0].state == "sent"


def test_429_and_5xx_retry_with_backoff_and_jitter(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    kit.fake.fail_next("create", status=429)
    report = kit.dispatcher.run_pass()
    assert report.retrying == 1 and report.sent == 0
    [row] = kit.messages()
    assert row.state == "queued" and "rate limiting" in row.error_message and row.error_code == 20429
    delay = (row.next_attempt_at - kit.clock.now()).total_seconds()
    assert 1.0 <= delay <= 2.0  # base 2 s, equal jitter: between half and all of it
    assert kit.dispatcher.run_pass().sent == 0  # not due yet
    kit.clock.advance(2)
    assert kit.dispatcher.run_pass().sent == 1
    assert kit.fake.creates()[(kit.phone_of(lead_id), "Oi")] == 1


def test_backoff_grows_exponentially_and_is_capped(kit):
    d = make_dispatcher(kit.ctx, kit.gateway, kit.policy, kit.clock, rng=random.Random(1), retry_cap=60)
    delays = [d.backoff(n) for n in range(1, 10)]
    assert all(lo / 2 <= x <= lo for x, lo in zip(delays, [2, 4, 8, 16, 32, 60, 60, 60, 60]))


FAULTS = [("server_error", False), ("drop", True), ("timeout", True), ("timeout", False), ("drop", False)]


@pytest.fixture
def impatient(kit):
    """A gateway that gives up after SHORT_TIMEOUT: for the fake's held ("timeout") requests only."""
    gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=kit.fake.url, timeout=SHORT_TIMEOUT)
    yield gateway
    gateway.close()


def test_ambiguous_failures_are_reconciled_never_blindly_resent(kit, impatient):
    """5xx, a read timeout or a dropped connection: Twilio may or may not have the message. Each case is
    settled against Twilio's list before anything is sent again (processed = Twilio had recorded it)."""
    timing_out = make_dispatcher(kit.ctx, impatient, kit.policy, kit.clock, lease=kit.dispatcher.lease)
    for fault, processed in FAULTS:
        lead_id = kit.lead()
        body = f"Só uma vez ({fault}, {processed})"
        kit.outbox.enqueue([lead_id], body=body)
        if fault == "server_error":
            kit.fake.fail_next("create", status=500)
        elif fault == "timeout":
            kit.fake.timeout_next("create", process=processed)
        else:
            kit.fake.drop_next("create", process=processed)
        first = (timing_out if fault == "timeout" else kit.dispatcher).run_pass()
        assert first.uncertain == 1, fault
        row = kit.messages(lead_id=lead_id)[0]
        assert row.state == "sending" and row.twilio_sid is None and "Twilio" in row.error_message
        second = kit.dispatcher.run_pass()
        assert (second.reconciled_found, second.reconciled_requeued) == ((1, 0) if processed else (0, 1)), fault
        row = kit.messages(lead_id=lead_id)[0]
        assert row.state == "sent" and row.twilio_sid
        assert kit.fake.creates()[(kit.phone_of(lead_id), body)] == 1
        assert len(kit.ctx.interactions.timeline(lead_id)) == 1


def test_network_down_holds_everything_and_sends_when_it_comes_back(kit):
    leads = [kit.lead() for _ in range(5)]
    kit.outbox.enqueue(leads, body="Oi", kind="bulk")
    from app.integrations.twilio_gateway import TwilioGateway
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN

    offline = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url="http://127.0.0.1:9", timeout=0.5)
    try:
        down = make_dispatcher(kit.ctx, offline, kit.policy, kit.clock, max_attempts=2)
        for _ in range(4):  # more failures than max_attempts: a dead network never turns into 'failed'
            report = down.run_pass()
            assert report.sent == 0 and report.failed == 0
            kit.clock.advance(600)
        assert report.stopped and "Twilio is not answering" in report.stopped
    finally:
        offline.close()
    assert {m.state for m in kit.messages()} == {"queued"}
    assert "could not connect to Twilio" in kit.messages()[0].error_message
    assert kit.dispatcher.run_pass().sent == 5
    assert sum(kit.fake.creates().values()) == 5


def test_fake_wide_outage_dropping_connections_then_recovery(kit):
    leads = [kit.lead() for _ in range(3)]
    kit.outbox.enqueue(leads, body="Oi", kind="bulk")
    kit.fake.down = True
    report = kit.dispatcher.run_pass()
    assert report.sent == 0 and report.stopped
    kit.fake.down = False
    kit.clock.advance(120)
    for _ in range(3):
        kit.dispatcher.run_pass()
        kit.clock.advance(120)
    assert {m.state for m in kit.messages()} == {"sent"}
    assert all(n == 1 for n in kit.fake.creates().values()) and len(kit.fake.creates()) == 3


def test_bad_credentials_stop_the_pass_and_keep_messages(kit):
    from app.integrations.twilio_gateway import TwilioGateway
    from tests.fakes.twilio_server import ACCOUNT_SID

    kit.outbox.enqueue([kit.lead(), kit.lead()], body="Oi", kind="bulk")
    wrong = TwilioGateway(ACCOUNT_SID, "0" * 32, NUMBER, base_url=kit.fake.url, timeout=1)
    try:
        report = make_dispatcher(kit.ctx, wrong, kit.policy, kit.clock).run_pass()
    finally:
        wrong.close()
    assert report.blocked and "20003" in report.blocked and report.sent == 0
    assert [(m.state, m.attempts) for m in kit.messages()] == [("queued", 0), ("queued", 0)]
    assert "0" * 32 not in (kit.messages()[0].error_message or "")


def test_crash_between_claim_and_call_and_after_call(kit):
    """Simulated crashes at the two dangerous moments; the restart neither loses nor duplicates."""
    before, after = kit.lead("Antes"), kit.lead("Depois")
    kit.outbox.enqueue([before, after], body="Oi {{ lead.name }}", kind="bulk")
    report = DispatchReport()
    # A dispatcher claims both and dies: the first before calling Twilio, the second right after Twilio accepted.
    claim1 = kit.dispatcher._claim(kit.messages()[0].id, report)
    claim2 = kit.dispatcher._claim(kit.messages()[1].id, report)
    kit.gateway.send(claim2.to, claim2.body)
    assert claim1 and {m.state for m in kit.messages()} == {"sending"}
    restarted = make_dispatcher(kit.ctx, kit.gateway, kit.policy, kit.clock,
                                lease=DispatchLease(kit.ctx.db, WorkerIdentity.current(), clock=kit.clock.now))
    kit.clock.advance(1)
    result = restarted.run_pass()
    assert (result.reconciled_found, result.reconciled_requeued, result.sent) == (1, 1, 1)
    assert {m.state for m in kit.messages()} == {"sent"}
    assert sorted(kit.fake.creates().values()) == [1, 1]


def test_reconciliation_does_not_claim_another_rows_message(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Mesmo texto")
    kit.dispatcher.run_pass()  # sent and recorded
    kit.clock.advance(60)
    kit.outbox.enqueue([lead_id], body="Mesmo texto")
    second = kit.messages()[1]
    kit.dispatcher._claim(second.id, DispatchReport())  # crashed before calling
    report = kit.dispatcher.run_pass()
    assert report.reconciled_requeued == 1 and report.sent == 1
    assert kit.fake.creates()[(kit.phone_of(lead_id), "Mesmo texto")] == 2


def test_uncertain_rows_wait_for_the_grace_period(kit):
    lead_id = kit.lead()
    kit.outbox.enqueue([lead_id], body="Oi")
    d = make_dispatcher(kit.ctx, kit.gateway, kit.policy, kit.clock, reconcile_grace=timedelta(seconds=60))
    d._claim(kit.messages()[0].id, DispatchReport())
    kit.clock.advance(30)
    assert d.run_pass().reconciled_requeued == 0
    kit.clock.advance(31)
    assert d.run_pass().sent == 1


def test_one_dispatcher_at_a_time(kit):
    kit.outbox.enqueue([kit.lead()], body="Oi")
    other = DispatchLease(kit.ctx.db, WorkerIdentity("elsewhere", 1, "", "t1"), clock=kit.clock.now)
    assert other.acquire()
    report = kit.dispatcher.run_pass()
    assert report.sent == 0 and "pid 1 on elsewhere" in report.stopped
    kit.clock.advance(121)  # the other machine stopped renewing: its lease expires
    assert kit.dispatcher.run_pass().sent == 1
    assert not other.keep()


def test_a_dead_local_dispatcher_is_taken_over_at_once(kit):
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead = DispatchLease(kit.ctx.db, WorkerIdentity(WorkerIdentity.current().host, child.pid, "x", "dead"),
                         clock=kit.clock.now)
    assert dead.acquire()
    kit.outbox.enqueue([kit.lead()], body="Oi")
    assert kit.dispatcher.run_pass().sent == 1


def test_token_bucket_paces_sends_at_the_configured_rate(kit):
    leads = [kit.lead() for _ in range(40)]
    kit.outbox.enqueue(leads, body="Oi", kind="bulk")
    d = make_dispatcher(kit.ctx, kit.gateway, kit.policy, kit.clock, rate=4.0)
    start = kit.clock.monotonic()
    assert d.run_pass().sent == 40
    elapsed = kit.clock.monotonic() - start
    assert elapsed == pytest.approx(39 / 4.0, abs=0.01)  # the first goes at once, then one every 0.25 s


def test_token_bucket_allows_a_short_burst_after_idling():
    now = [0.0]
    bucket = TokenBucket(2.0, monotonic=lambda: now[0])
    assert bucket.wait() == 0
    bucket.take()
    assert bucket.wait() == pytest.approx(0.5)
    now[0] += 10
    for _ in range(2):
        assert bucket.wait() == 0
        bucket.take()
    assert bucket.wait() > 0


def test_stop_event_ends_the_pass_between_messages(kit):
    import threading

    kit.outbox.enqueue([kit.lead() for _ in range(5)], body="Oi", kind="bulk")
    stop = threading.Event()
    sent = []
    original = kit.gateway.send

    def send_then_stop(to, body):
        sent.append(to)
        if len(sent) == 2:
            stop.set()
        return original(to, body)

    kit.dispatcher.gateway.send = send_then_stop  # type: ignore[method-assign]
    report = kit.dispatcher.run_pass(stop)
    assert report.sent == 2 and report.stopped == "stop requested"
    assert [m.state for m in kit.messages()].count("queued") == 3


def test_status_summary_lists_failures_with_reasons(kit):
    good, bad = kit.lead("Boa"), kit.lead("Ruim")
    kit.fake.reject(kit.phone_of(bad), 21211)
    kit.outbox.enqueue([good, bad], body="Oi", kind="bulk")
    kit.dispatcher.run_pass()
    summary = kit.outbox.summary()
    assert summary["counts"]["sent"] == 1 and summary["counts"]["failed"] == 1
    [failure] = summary["recent_failures"]
    assert failure["lead"] == "Ruim" and failure["error_code"] == 21211 and "21211" in failure["reason"]


def test_secrets_never_reach_the_database(kit):
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN

    kit.outbox.enqueue([kit.lead()], body="Oi")
    kit.fake.fail_next("create", status=503)
    kit.dispatcher.run_pass()
    with kit.ctx.db.session() as s:
        text = " ".join(str(m.error_message) for m in s.scalars(select(Message)))
        text += " ".join(str(i.notes) for i in s.scalars(select(Interaction)))
    assert ACCOUNT_SID not in text and AUTH_TOKEN not in text


def test_an_answer_for_a_claim_that_was_taken_over_is_not_written(kit):
    """A dispatcher stalled past its lease; another requeued and re-claimed the row: the stale answer is ignored."""
    kit.outbox.enqueue([kit.lead()], body="Oi")
    stale = kit.dispatcher._claim(kit.messages()[0].id, DispatchReport())
    remote = kit.gateway.send(stale.to, stale.body)
    kit.clock.advance(300)
    with kit.ctx.db.transaction() as s:
        s.get(Message, stale.id).state = "queued"
    fresh = kit.dispatcher._claim(stale.id, DispatchReport())
    kit.dispatcher._record(stale, remote)
    [row] = kit.messages()
    assert row.state == "sending" and row.twilio_sid is None and row.sending_at == fresh.sending_at
