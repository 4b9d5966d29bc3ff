"""Test harness: offscreen Qt, an in-memory keyring, a temp data folder per test, and the
whole suite parametrised over SQLite and a real PostgreSQL cluster started here."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.memory_keyring.MemoryKeyring"
os.environ.setdefault("LANG", "en_US.UTF-8")
for _name in list(os.environ):
    if _name.startswith("AICONNECT_"):
        del os.environ[_name]

import pytest  # noqa: E402

from app.config import Settings  # noqa: E402
from app.context import AppContext, open_context  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

_counter = iter(range(1_000_000))
_EXIT = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", default="all", choices=("all", "sqlite", "postgresql"),
                     help="which database backends to run the database tests on")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process with pytest's own status once everything is reported and torn down.

    QtWebEngine (Chromium) and TensorFlow both live in this process by the end of the suite, and
    their C++ static destructors abort the interpreter's final shutdown ("free(): invalid
    pointer", exit 134) after every test has passed. Nothing of ours runs at that point, so the
    exit skips those destructors; the PostgreSQL cluster and temp folders are already gone."""
    if _EXIT in config.stash:
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash[_EXIT])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        choice = metafunc.config.getoption("--db")
        backends = ["sqlite", "postgresql"] if choice == "all" else [choice]
        metafunc.parametrize("backend", backends, scope="session")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def memory_keyring() -> Iterator[None]:
    """An empty in-memory keyring for the test, the previous backend restored after it."""
    import keyring

    from tests.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    MemoryKeyring.clear()
    yield
    MemoryKeyring.clear()
    keyring.set_keyring(previous)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("AICONNECT_HOME", str(folder))
    return folder


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, home: Path, backend: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with nothing in it, not even the schema (for migration tests)."""
    if backend == "sqlite":
        home.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{home / 'aiconnect.sqlite3'}"
    else:
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database(f"t{os.getpid()}_{next(_counter)}")
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def migrated_templates() -> dict[str, str]:
    """Per backend, a database migrated once per session that tests copy."""
    return {}


@pytest.fixture
def database_url(request: pytest.FixtureRequest, home: Path, backend: str, monkeypatch: pytest.MonkeyPatch,
                 migrated_templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh copy of a migrated database: the same schema as migrating, a fraction of the time."""
    if backend == "sqlite":
        if "sqlite" not in migrated_templates:
            template = tmp_path_factory.mktemp("template") / "template.sqlite3"
            _migrate(f"sqlite:///{template}")
            migrated_templates["sqlite"] = str(template)
        home.mkdir(parents=True, exist_ok=True)
        target = home / "aiconnect.sqlite3"
        shutil.copyfile(migrated_templates["sqlite"], target)
        url = f"sqlite:///{target}"
    else:
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        if "postgresql" not in migrated_templates:
            _migrate(cluster.create_database("migrated_template"))
            migrated_templates["postgresql"] = "migrated_template"
        url = cluster.create_database(f"t{os.getpid()}_{next(_counter)}", template=migrated_templates["postgresql"])
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    return url


def _migrate(url: str) -> None:
    from app.db.engine import Database
    from app.db.migrate import upgrade

    db = Database(url)
    upgrade(db.engine)
    db.dispose()


@pytest.fixture
def settings(home: Path, database_url: str) -> Settings:
    return Settings(home=home, database_url=database_url)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[AppContext]:
    context = open_context(settings, username="ana")
    yield context
    context.close()


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """A test must not leave threads of its own running behind it."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"
