"""Messaging fixtures: a test clock, the fake Twilio server on a free loopback port, the real twilio
client pointed at it, and the messaging services wired as the worker wires them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import count
from typing import Any

import pytest

from app.context import AppContext
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.automations import AutomationService
from app.services.messaging.compliance import QuietHours, SendPolicy
from app.services.messaging.dispatch import Dispatcher
from app.services.messaging.lease import DispatchLease, WorkerIdentity
from app.services.messaging.outbox import Outbox
from app.services.messaging.templates import TemplateService
from app.services.messaging.twilio_poll import SmsSync
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER, FakeTwilio
from tests.memory_keyring import MemoryKeyring

# Yesterday 14:00 UTC = 11:00 in São Paulo, inside the default 08:00-20:00 window. In the past, because
# LeadService and InteractionService stamp rows with the real time: what a test creates happens "after"
# an automation created at START, and advancing the clock a few days puts it all behind.
START = datetime.combine(datetime.now(UTC).date() - timedelta(days=1), time(14, 0), tzinfo=UTC)
_phones = count(1)
# The kit's client timeout is far above any pause of a loaded test process. It was 0.5 s: a GC pause, a long C call
# in another thread or a starved CPU on a full run made a send (left 'sending') or a status fetch (left 'sent') time
# out against the in-process fake. Only a test whose point is a client timeout uses SHORT_TIMEOUT, and the fake
# then holds that request past it on purpose.
CLIENT_TIMEOUT = 10.0
SHORT_TIMEOUT = 0.5


class TestClock:
    """Wall clock and monotonic clock that only move when a test (or a rate-limit sleep) moves them."""

    __test__ = False

    def __init__(self, start: datetime = START) -> None:
        self.current = start
        self.mono = 1000.0
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)
        self.mono += seconds

    def set(self, when: datetime) -> None:
        self.advance((when - self.current).total_seconds())


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def fake(clock: TestClock) -> Iterator[FakeTwilio]:
    with FakeTwilio(now=clock.now, hold_timeout=CLIENT_TIMEOUT * 2) as server:
        yield server


@pytest.fixture
def gateway(fake: FakeTwilio) -> Iterator[TwilioGateway]:
    gw = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=fake.url, timeout=CLIENT_TIMEOUT)
    yield gw
    gw.close()


@pytest.fixture
def keyring_secrets() -> Iterator[None]:
    from app.services.workspace.secrets import SecretStore

    store = SecretStore()
    store.set("twilio.account_sid", ACCOUNT_SID)
    store.set("twilio.auth_token", AUTH_TOKEN)
    yield
    MemoryKeyring.clear()


@dataclass
class Kit:
    """The messaging services on one database, one fake and one clock."""

    ctx: AppContext
    fake: FakeTwilio
    gateway: TwilioGateway
    clock: TestClock
    policy: SendPolicy
    outbox: Outbox
    dispatcher: Dispatcher
    sync: SmsSync
    automations: AutomationService
    templates: TemplateService

    def lead(self, name: str = "Maria Souza", *, consent: bool = True, phone: str | None = None, **fields: Any) -> int:
        phone = phone or f"+55119{87650000 + next(_phones):08d}"
        record = self.ctx.leads.create({"name": name, "phone": phone, "sms_consent": consent, **fields})
        return record.id

    def phone_of(self, lead_id: int) -> str:
        phone = self.ctx.leads.get(lead_id).phone
        assert phone
        return phone

    def messages(self, **where: Any) -> list[Any]:
        from sqlalchemy import select

        from app.db.models import Message

        with self.ctx.db.session() as session:
            stmt = select(Message).order_by(Message.id)
            for key, value in where.items():
                stmt = stmt.where(getattr(Message, key) == value)
            return list(session.scalars(stmt))

    def deliver_all(self) -> None:
        """Let the fake's clock pass the delivery time and poll until no status is due."""
        self.clock.advance(3600)
        report = self.sync.poll_status()
        assert report.stopped is None, report.stopped  # a fetch that failed says why, instead of a state left at "sent"


def make_dispatcher(ctx: AppContext, gateway: TwilioGateway, policy: SendPolicy, clock: TestClock, **kw: Any) -> Dispatcher:
    options: dict[str, Any] = {"rate": 1000.0, "clock": clock.now, "monotonic": clock.monotonic, "sleep": clock.sleep,
                               "rng": random.Random(7), "reconcile_grace": timedelta(0)}
    options.update(kw)
    options.setdefault("lease", DispatchLease(ctx.db, WorkerIdentity.current(), clock=clock.now))
    return Dispatcher(ctx.db, gateway, policy, **options)


@pytest.fixture
def kit(ctx: AppContext, fake: FakeTwilio, gateway: TwilioGateway, clock: TestClock) -> Kit:
    policy = SendPolicy(QuietHours.parse("08:00-20:00"), 3)
    return Kit(
        ctx=ctx, fake=fake, gateway=gateway, clock=clock, policy=policy,
        outbox=Outbox(ctx.db, policy, actor_id=ctx.user.id, clock=clock.now),
        dispatcher=make_dispatcher(ctx, gateway, policy, clock),
        sync=SmsSync(ctx.db, gateway, policy, clock=clock.now),
        automations=AutomationService(ctx.db, policy, actor_id=ctx.user.id, clock=clock.now),
        templates=TemplateService(ctx.db, ctx.user.id, clock=clock.now),
    )
