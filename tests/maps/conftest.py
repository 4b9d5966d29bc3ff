"""Maps fixtures: the fake Google server on a free loopback port, the real adapters pointed at it,
a test clock for rate limiting and back-off, and the Maps key in the in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.context import AppContext
from app.integrations.google_maps import Geocoder, RoutesClient
from tests.fakes.google_server import KEY, FakeGoogle
from tests.memory_keyring import MemoryKeyring

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class TestClock:
    """Monotonic clock that only moves when a test, a rate-limit wait or a back-off moves it."""

    __test__ = False

    def __init__(self) -> None:
        self.mono = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.mono += seconds


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


@pytest.fixture
def geocoder(fake: FakeGoogle) -> Iterator[Geocoder]:
    g = Geocoder(KEY, base_url=fake.url, timeout=2)
    yield g
    g.close()


@pytest.fixture
def router(fake: FakeGoogle) -> Iterator[RoutesClient]:
    r = RoutesClient(KEY, base_url=fake.url, timeout=2)
    yield r
    r.close()


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def maps_key() -> Iterator[str]:
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("google.maps_key", KEY)
    yield KEY
    MemoryKeyring.clear()


@pytest.fixture
def no_key() -> Iterator[None]:
    MemoryKeyring.clear()
    yield
    MemoryKeyring.clear()


def add_lead(ctx: AppContext, name: str = "Maria Souza", **fields: Any) -> int:
    return ctx.leads.create({"name": name, **fields}).id


def set_fields(ctx: AppContext, lead_id: int, **fields: Any) -> None:
    from app.db.models import Lead

    with ctx.db.transaction() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        for key, value in fields.items():
            setattr(lead, key, value)


def lead_row(ctx: AppContext, lead_id: int) -> Any:
    from app.db.models import Lead

    with ctx.db.session() as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        session.expunge(lead)
        return lead


def days(n: float) -> timedelta:
    return timedelta(days=n)
