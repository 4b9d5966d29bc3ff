"""PostgreSQL errors explained (issue 20, item 12): a login without the needed grants, a search of 20,000 words
(the server's stack depth limit) and a lost connection each give one clear line and exit 2 on the command line,
and a non-modal message (not the crash dialog) in the app. On the harness's throwaway cluster."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator

import psycopg
import pytest

from app.db.engine import Database
from app.db.migrate import upgrade
from tests.cli_run import one_line, run

_names = itertools.count()


@pytest.fixture(scope="module")
def team_template(pg_cluster) -> str:
    url = pg_cluster.create_database("pgerr_template")
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    return "pgerr_template"


@pytest.fixture
def team_url(pg_cluster, team_template, home, monkeypatch) -> str:
    url = pg_cluster.create_database(f"pgerr_{next(_names)}", template=team_template)
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    return url


def _admin(pg_cluster, database: str, *statements: str) -> None:
    with psycopg.connect(f"host=127.0.0.1 port={pg_cluster.port} user=postgres dbname={database}", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture
def ungranted_url(pg_cluster, team_url, monkeypatch) -> str:
    """The team database through a login that may connect but was granted nothing on AIConnect's tables."""
    database = team_url.rsplit("/", 1)[1]
    role = f"nogrant_{database}"
    _admin(pg_cluster, database, f'DROP ROLE IF EXISTS "{role}"', f'CREATE ROLE "{role}" LOGIN')
    url = team_url.replace("postgres@", f"{role}@")
    monkeypatch.setenv("AICONNECT_DATABASE_URL", url)
    return url


def test_a_login_without_grants_exits_2_saying_so(ungranted_url, capsys):
    code, _out, err = run(capsys, "leads", "list")
    line = one_line(err)
    assert code == 2 and "lacks a permission" in line and "permission denied" in line and "administrator" in line


def test_a_search_of_20000_words_exits_2_as_too_complex(team_url, capsys):
    query = " ".join(f"palavra{i}" for i in range(20_000))
    code, _out, err = run(capsys, "leads", "list", "--query", query)
    line = one_line(err)
    assert code == 2 and "too complex" in line and "fewer words" in line


class Proxy:
    """A TCP relay to the cluster that can cut every connection at once (a cable pulled, a server restarted)."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                thread = threading.Thread(target=self._pipe, args=(a, b), daemon=True)
                self.threads.append(thread)
                thread.start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(): no new connection gets through
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=5)


def through(url: str, relay: Proxy) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(port=relay.port).render_as_string(hide_password=False)


@pytest.fixture
def proxy(pg_cluster) -> Iterator[Proxy]:
    relay = Proxy(pg_cluster.port)
    yield relay
    relay.cut()
    relay.join()


def test_a_lost_connection_exits_2_saying_so(team_url, proxy, capsys, monkeypatch):
    monkeypatch.setenv("AICONNECT_DATABASE_URL", through(team_url, proxy))
    from app.cli import leads_cmd

    real = leads_cmd.lead_ids

    def cut_first(*args, **kwargs):  # the server goes away in the middle of the command
        proxy.cut()
        return real(*args, **kwargs)

    monkeypatch.setattr(leads_cmd, "lead_ids", cut_first)
    code, _out, err = run(capsys, "leads", "list")
    line = one_line(err)
    assert code == 2 and "connection to the database server" in line and f"127.0.0.1:{proxy.port}" in line


# --- the same faults in the app: a non-modal message, not the crash dialog ----------------------------------------

def _failure(url: str, action) -> BaseException:
    db = Database(url)
    try:
        action(db)
    except Exception as exc:
        return exc
    finally:
        db.dispose()
    raise AssertionError("no failure")


def _list(db, text: str = "") -> None:
    from app.services.leads.search import LeadQuery, lead_ids

    lead_ids(db, LeadQuery(text=text))


@pytest.fixture
def notices(qapp) -> Iterator[list[tuple[str, str]]]:
    from app.ui.changes import changes, reset
    from app.ui.errors import set_crash_handler

    reset()
    heard: list[tuple[str, str]] = []
    changes().notice.connect(lambda text, level, _action: heard.append((text, level)))
    crashes: list[str] = []
    previous = set_crash_handler(crashes.append)
    yield heard
    set_crash_handler(previous)
    reset()
    assert not crashes, crashes


def test_the_app_explains_each_postgresql_fault_in_its_message_bar(ungranted_url, team_url, proxy, notices):
    from app.ui.errors import report_error

    no_grant = _failure(ungranted_url, _list)
    too_complex = _failure(team_url, lambda db: _list(db, " ".join(f"w{i}" for i in range(20_000))))
    relayed = through(team_url, proxy)

    def lose(db):
        with db.engine.connect() as conn:
            proxy.cut()
            conn.exec_driver_sql("SELECT 1")

    lost = _failure(relayed, lose)
    for exc in (no_grant, too_complex, lost):
        report_error(None, exc)
    assert [level for _text, level in notices] == ["error"] * 3
    texts = [text for text, _level in notices]
    assert "not allowed" in texts[0] and "administrator" in texts[0]
    assert "too complex" in texts[1] and "fewer words" in texts[1]
    assert "connection to the database server was lost" in texts[2]


def test_a_login_the_server_refuses_and_a_missing_database_exit_2_saying_so(pg_cluster, team_url, capsys, monkeypatch):
    database = team_url.rsplit("/", 1)[1]
    role = f"nologin_{database}"
    _admin(pg_cluster, database, f'DROP ROLE IF EXISTS "{role}"', f'CREATE ROLE "{role}" NOLOGIN')
    monkeypatch.setenv("AICONNECT_DATABASE_URL", team_url.replace("postgres@", f"{role}@"))
    code, _out, err = run(capsys, "leads", "list")
    assert code == 2 and "refused the login" in one_line(err) and "not permitted to log in" in err
    monkeypatch.setenv("AICONNECT_DATABASE_URL", team_url.rsplit("/", 1)[0] + "/no_such_db")
    code, _out, err = run(capsys, "leads", "list")
    assert code == 2 and "does not exist" in one_line(err) and "no_such_db" in err
