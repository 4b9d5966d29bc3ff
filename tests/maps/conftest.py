"""Maps fixtures: the fake Google server on a free loopback port, the real adapters pointed at it,
a test clock for rate limiting and back-off, and the Maps key in the in-memory keyring."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from app.context import AppContext
from app.integrations.google_maps import Geocoder, RoutesClient
from tests.fakes.google_server import KEY, FakeGoogle
from tests.memory_keyring import MemoryKeyring

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
_databases = count(1)


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


@pytest.fixture(scope="session")
def maps_templates() -> dict[str, str]:
    return {}


@pytest.fixture
def database_url(request: pytest.FixtureRequest, home: Path, backend: str, monkeypatch: pytest.MonkeyPatch,
                 maps_templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of a database migrated once per backend (much faster than migrating every test)."""
    from app.db.engine import Database
    from app.db.migrate import upgrade

    if backend == "sqlite":
        if "sqlite" not in maps_templates:
            template = tmp_path_factory.mktemp("maps_template") / "template.sqlite3"
            db = Database(f"sqlite:///{template}")
            upgrade(db.engine)
            db.dispose()
            maps_templates["sqlite"] = str(template)
        home.mkdir(parents=True, exist_ok=True)
        target = home / "aiconnect.sqlite3"
        shutil.copyfile(maps_templates["sqlite"], target)
        url = f"sqlite:///{target}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        if "postgresql" not in maps_templates:
            template_url = cluster.create_database("maps_template")
            db = Database(template_url)
            upgrade(db.engine)
            db.dispose()
            maps_templates["postgresql"] = "maps_template"
        name = f"g{os.getpid()}_{next(_databases)}"
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{maps_templates["postgresql"]}"')
        url = cluster.url(name)
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    return url


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
    from app.services.secrets import SecretStore

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
