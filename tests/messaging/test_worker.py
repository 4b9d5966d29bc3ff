"""The background worker: one pass wires replies -> automations -> outbox -> status; the loop stops
on its event and releases the dispatch lease."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

from sqlalchemy import select

from app.db.models import SyncState
from app.integrations.twilio_gateway import GatewayNotConfigured
from app.services.messaging.lease import DispatchLease
from app.services.messaging.worker import MessagingConfig, MessagingWorker
from tests.fakes.twilio_server import NUMBER


def _worker(kit, gateway_factory=None):
    config = MessagingConfig(sender=NUMBER, quiet_hours="08:00-20:00", rate=1000.0, cap_per_week=3)
    return MessagingWorker(kit.ctx.db, config=lambda: config, gateway_factory=gateway_factory or (lambda sender: kit.gateway),
                           clock=kit.clock.now, monotonic=kit.clock.monotonic, sleep=kit.clock.sleep,
                           rng=random.Random(3), reconcile_grace=timedelta(0))


def test_one_pass_reads_replies_before_sending(kit):
    stays, leaves = kit.lead("Fica"), kit.lead("Sai")
    kit.automations.create("Boas-vindas", "lead_created", {}, [{"action": {"body": "Bem-vindo!"}}])
    kit.outbox.enqueue([stays, leaves], body="Campanha", kind="bulk")
    kit.fake.inject_inbound(kit.phone_of(leaves), "SAIR")
    worker = _worker(kit)
    report = worker.run_once()
    worker.close()
    assert report.inbound.opt_outs == 1
    assert report.automations.enrolled == {"Boas-vindas": 1}  # the one who left is not enrolled
    assert report.dispatch.sent == 2  # the campaign to the one who stays, and the welcome
    states = sorted((m.lead_id, m.body, m.state) for m in kit.messages(direction="out"))
    assert states == sorted([(stays, "Campanha", "sent"), (stays, "Bem-vindo!", "sent"), (leaves, "Campanha", "canceled")])
    assert kit.fake.creates().keys() == {(kit.phone_of(stays), "Campanha"), (kit.phone_of(stays), "Bem-vindo!")}


def test_loop_runs_until_stopped_and_releases_the_lease(kit):
    kit.outbox.enqueue([kit.lead()], body="Oi")
    worker = _worker(kit)
    stop = threading.Event()
    passes = []

    def on_pass(report):
        passes.append(report)
        if len(passes) == 2:
            stop.set()

    thread = threading.Thread(target=worker.run, args=(stop,), kwargs={"interval": 0.01, "on_pass": on_pass})
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert passes[0].dispatch.sent == 1 and passes[1].dispatch.sent == 0
    with kit.ctx.db.session() as s:
        assert s.get(SyncState, DispatchLease.KEY) is None  # another worker may take over at once


def test_without_credentials_automations_still_queue(kit):
    kit.automations.create("Boas-vindas", "lead_created", {}, [{"action": {"body": "Bem-vindo!"}}])
    kit.lead()

    def not_configured(sender):
        raise GatewayNotConfigured("Twilio is not set up: twilio.account_sid missing")

    worker = _worker(kit, not_configured)
    report = worker.run_once()
    worker.close()
    assert report.blocked and "twilio.account_sid" in report.blocked
    assert report.automations.messages_queued == 1 and report.dispatch is None
    assert [m.state for m in kit.messages()] == ["queued"]


def test_sleeps_until_the_next_thing_falls_due(kit):
    worker = _worker(kit)
    assert worker.seconds_until_due(30) == 30
    kit.clock.advance(12 * 3600)  # 23:00 local: the message is held until 08:00
    kit.outbox.enqueue([kit.lead()], body="Oi")
    assert worker.seconds_until_due(30) == 30
    [held] = kit.messages()
    kit.clock.set(held.next_attempt_at - timedelta(seconds=5))
    assert worker.seconds_until_due(30) == 5
    worker.close()
    with kit.ctx.db.session() as s:
        assert list(s.scalars(select(SyncState.key))) == []


def test_a_failing_pass_does_not_kill_the_loop(kit):
    kit.outbox.enqueue([kit.lead()], body="Oi")
    calls = []

    def flaky(sender):
        calls.append(sender)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return kit.gateway

    worker = _worker(kit, flaky)
    stop = threading.Event()
    reports = []

    def on_pass(report):
        reports.append(report)
        if len(reports) == 2:
            stop.set()

    worker.run(stop, interval=0.01, on_pass=on_pass)
    assert "failed" in reports[0].problems[0] and reports[1].dispatch.sent == 1
