"""THE crash test: a dispatcher process is SIGKILLed at random moments, over and over, while it
sends a few hundred messages to the fake; after the last restart every message went out
exactly once (the fake counts accepted creates per To+Body) and none was lost.

Three kinds of kill, from a seeded schedule:
- after Twilio recorded it: the fake stores the message, then kills the dispatcher before
  answering (Twilio has it, the outbox does not know) - the most dangerous moment;
- before Twilio recorded it: the request arrived, the dispatcher dies (the row says 'sending',
  Twilio has nothing: it must be sent again, once);
- on a timer: anywhere else (claiming, committing, between messages, reconciling at start-up).
The dispatcher processes are forked from the test process, so a restart costs milliseconds.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import Interaction, Message
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.compliance import QuietHours, SendPolicy
from app.services.messaging.dispatch import Dispatcher
from app.services.messaging.outbox import Outbox
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER, FakeTwilio

MESSAGES = 150
KILLS = 36
SEED = int(os.environ.get("CRASH_TEST_SEED", "20250310"))  # deterministic; override to explore


def _dispatch_until_done(database_url: str, fake_url: str) -> None:
    """The child: its own engine and HTTP session; sends until nothing is due, then exits 0."""
    try:
        db = Database(database_url)
        gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=fake_url, timeout=5)
        policy = SendPolicy(QuietHours.parse("00:00-00:00"), 10_000)
        dispatcher = Dispatcher(db, gateway, policy, rate=100_000, reconcile_grace=timedelta(0), retry_base=0.001,
                                retry_cap=0.001)
        for _ in range(1000):
            report = dispatcher.run_pass()
            with db.session() as session:
                left = session.scalar(select(func.count()).where(Message.state.in_(("queued", "sending"))))
            if not left and not report.stopped:
                os._exit(0)
        os._exit(3)
    except BaseException:  # report any failure through the exit code
        import traceback

        traceback.print_exc()
        os._exit(4)


@pytest.fixture
def crash_fake():
    with FakeTwilio(delivered_after=3600) as server:  # real clock: the children run in real time
        yield server


def test_sigkill_at_random_moments_never_duplicates_or_loses(ctx, crash_fake, database_url):
    fake = crash_fake
    rng = random.Random(SEED)
    leads = [ctx.leads.create({"name": f"Cliente {i:03d}", "phone": f"+55119{86000000 + i:08d}", "sms_consent": True}).id
             for i in range(MESSAGES)]
    policy = SendPolicy(QuietHours.parse("00:00-00:00"), 10_000)
    report = Outbox(ctx.db, policy).enqueue(leads, body="Pedido {{ lead.id }} de {{ lead.name }} confirmado",
                                            kind="manual")
    assert report.queued == MESSAGES
    fork = multiprocessing.get_context("fork")
    state = {"child": None, "kill_at": None, "when": None}
    kills = {"after_record": 0, "before_record": 0, "timed": 0}

    def kill_at_create(when):
        def hook(_):
            with fake.lock:
                if state["when"] == when and fake.state.create_attempts >= state["kill_at"]:
                    state["kill_at"] = state["when"] = None
                    os.kill(state["child"].pid, signal.SIGKILL)
                    return True  # before_record: the request dies with the dispatcher, unprocessed
            return False
        return hook

    fake.on_create = kill_at_create("after_record")
    fake.before_create = kill_at_create("before_record")
    restarts = 0
    while sum(kills.values()) < KILLS:
        restarts += 1
        assert restarts < KILLS * 4, "the dispatcher kept finishing before it could be killed"
        child = fork.Process(target=_dispatch_until_done, args=(database_url, fake.url), daemon=True)
        plan = rng.choice(("after_record", "before_record", "timed"))
        if plan != "timed":
            with fake.lock:
                state["kill_at"] = fake.state.create_attempts + rng.randint(1, 4)
                state["when"] = plan
            state["child"] = child
            child.start()
            child.join(60)
            with fake.lock:
                state["kill_at"] = state["when"] = None
            kills[plan] += child.exitcode == -signal.SIGKILL
        else:
            state["child"] = child
            child.start()
            child.join(rng.uniform(0.01, 0.12))  # the kill schedule: let it run a random while
            if child.is_alive():
                child.kill()
                kills["timed"] += 1
            child.join(60)
        assert child.exitcode in (0, -signal.SIGKILL), f"dispatcher failed with exit code {child.exitcode}"
        if child.exitcode == 0:
            break
    fake.on_create = fake.before_create = None
    final = fork.Process(target=_dispatch_until_done, args=(database_url, fake.url), daemon=True)
    final.start()
    final.join(120)
    assert final.exitcode == 0

    assert sum(kills.values()) >= 30 and min(kills.values()) >= 5, kills
    creates = fake.creates()
    duplicates = {key: n for key, n in creates.items() if n > 1}
    assert duplicates == {}, f"sent twice: {duplicates}"
    db = Database(database_url)
    try:
        with db.session() as session:
            rows = list(session.scalars(select(Message).where(Message.direction == "out")))
            timeline = session.scalar(select(func.count()).select_from(Interaction).where(Interaction.kind == "sms_out"))
    finally:
        db.dispose()
    assert len(rows) == MESSAGES
    assert {r.state for r in rows} == {"sent"}, "every message ends sent exactly once"
    assert len(creates) == MESSAGES and sum(creates.values()) == MESSAGES  # nothing lost, nothing extra
    remote = {m.sid: (m.to, m.body) for m in fake.outbound()}
    assert {r.twilio_sid: (r.to_number, r.body) for r in rows} == remote
    assert timeline == MESSAGES  # one timeline entry per message, even when recovered after a kill
    attempts = fake.stats()["create_attempts"]
    assert attempts > MESSAGES  # the kills before Twilio recorded a message forced real resends
    print(f"\ncrash test: {sum(kills.values())} kills {kills}, {restarts + 1} dispatcher processes, "
          f"{attempts} create requests for {MESSAGES} messages, 0 duplicates, 0 lost")
