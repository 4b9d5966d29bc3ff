"""The in-app messaging scheduler against the fake Twilio: passes on the net lane one at a time, the
states the status bar shows (up to date, offline with backoff, not configured, another sender holds
the lease), a clean stop that releases the dispatch lease, and the main window wiring."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.config import Settings
from app.context import AppContext
from app.db.models import SyncState
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.lease import DispatchLease, WorkerIdentity
from app.services.messaging.outbox import Outbox
from app.services.messaging.worker import MessagingConfig, MessagingWorker
from app.ui.messaging.scheduler import MessagingScheduler, SchedulerStatus, state_texts
from app.ui.tasks import TaskRunner
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER, FakeTwilio


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(hold_timeout=5) as server:
        yield server


@pytest.fixture
def settings(home: Path, database_url: str, fake: FakeTwilio) -> Settings:
    return Settings(home=home, database_url=database_url, twilio_api_url=fake.url)


@pytest.fixture
def workspace(ctx: AppContext, memory_keyring: None) -> AppContext:
    """Sender set and quiet hours open all day, so a message is due whenever the test runs."""
    ctx.workspace.set("twilio.sender", NUMBER)
    ctx.workspace.set("sms.quiet_hours", "00:00-00:00")
    return ctx


@pytest.fixture
def configured(workspace: AppContext) -> AppContext:
    from app.services.workspace.secrets import SecretStore

    SecretStore().set("twilio.account_sid", ACCOUNT_SID)
    SecretStore().set("twilio.auth_token", AUTH_TOKEN)
    return workspace


def queue_one(ctx: AppContext, name: str = "Marina Alves") -> int:
    lead = ctx.leads.create({"name": name, "phone": "+5511987650101", "sms_consent": True})
    config = MessagingConfig.load(ctx.workspace)
    report = Outbox(ctx.db, config.policy(), actor_id=ctx.user.id).enqueue([lead.id], body="Oi {{ lead.name }}")
    assert report.queued == 1
    return report.message_ids[0]


def message_state(ctx: AppContext, message_id: int) -> str:
    from app.db.models import Message

    with ctx.db.session() as session:
        return session.scalar(select(Message.state).where(Message.id == message_id)) or ""


def lease_row(ctx: AppContext) -> str | None:
    with ctx.db.session() as session:
        row = session.get(SyncState, DispatchLease.KEY)
        return row.value if row else None


def wait_passes(qtbot: Any, scheduler: MessagingScheduler, n: int) -> None:
    qtbot.waitUntil(lambda: scheduler.passes >= n and not scheduler.busy, timeout=20000)


def stop(qtbot: Any, scheduler: MessagingScheduler, runner: TaskRunner) -> None:
    scheduler.stop()
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)


@pytest.fixture
def stopped_at_teardown(qtbot, runner):
    """Schedulers a test started; stopped when it ends, even after a failed assertion (a running
    one would keep timing passes into the next tests)."""
    started: list[MessagingScheduler] = []
    yield started
    for scheduler in started:
        scheduler.stop()
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)


def test_a_pass_sends_what_is_queued_and_then_is_up_to_date(qtbot, configured, runner, fake, stopped_at_teardown):
    message_id = queue_one(configured)
    scheduler = MessagingScheduler(configured, runner)
    changed = []
    scheduler.changed.connect(lambda: changed.append(True))
    status = SchedulerStatus(scheduler)
    qtbot.addWidget(status)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    wait_passes(qtbot, scheduler, 1)
    assert scheduler.state == "idle" and scheduler.last is not None
    assert scheduler.last.report.dispatch is not None and scheduler.last.report.dispatch.sent == 1
    assert message_state(configured, message_id) == "sent" and len(fake.outbound()) == 1
    assert changed == [True] and scheduler.last.waiting == 0
    assert status.text() == "SMS up to date" and "1 sent" in status.button.toolTip()
    assert 2.0 <= scheduler.last.delay <= 30.0  # the next status poll is due within the interval
    assert lease_row(configured) is not None  # the app holds the dispatch lease while it runs
    stop(qtbot, scheduler, runner)
    assert lease_row(configured) is None and scheduler.state == "stopped"
    assert not scheduler._timer.isActive()


def test_without_credentials_it_says_so_and_points_to_settings(qtbot, workspace, runner, stopped_at_teardown):
    message_id = queue_one(workspace)
    scheduler = MessagingScheduler(workspace, runner)
    opened = []
    status = SchedulerStatus(scheduler, lambda: opened.append(True))
    qtbot.addWidget(status)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    wait_passes(qtbot, scheduler, 1)
    assert scheduler.state == "not_configured"
    assert "Twilio is not set up" in (scheduler.last.problem or "")
    assert status.text() == "Twilio is not configured" and "Settings" in status.button.toolTip()
    assert message_state(workspace, message_id) == "queued"  # held in the outbox, not lost
    status.button.click()
    assert opened == [True]
    stop(qtbot, scheduler, runner)


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there once the socket is closed


def test_offline_backs_off_keeps_the_outbox_and_sends_when_back(qtbot, configured, runner, fake, stopped_at_teardown):
    message_id = queue_one(configured)
    url = [_dead_url()]

    def factory() -> MessagingWorker:
        return MessagingWorker(
            configured.db, config=lambda: MessagingConfig.load(configured.workspace),
            gateway_factory=lambda sender: TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, sender, base_url=url[0], timeout=1))

    scheduler = MessagingScheduler(configured, runner, worker_factory=factory, backoff=(15.0, 300.0))
    status = SchedulerStatus(scheduler)
    qtbot.addWidget(status)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    wait_passes(qtbot, scheduler, 1)
    assert scheduler.state == "offline" and scheduler.last.waiting == 1 and scheduler.last.delay == 15.0
    assert status.text() == "SMS offline — 1 message waiting"
    assert message_state(configured, message_id) == "queued"
    scheduler.wake()
    wait_passes(qtbot, scheduler, 2)
    assert scheduler.state == "offline" and scheduler.last.delay == 30.0  # backoff doubles
    url[0] = fake.url  # the network is back
    scheduler.wake()
    wait_passes(qtbot, scheduler, 3)
    assert scheduler.state == "idle"
    # The failed attempts set the message's retry time a few seconds ahead; the scheduler wakes for it.
    qtbot.waitUntil(lambda: message_state(configured, message_id) == "sent", timeout=20000)
    assert [m.body for m in fake.outbound()] == ["Oi Marina Alves"]
    stop(qtbot, scheduler, runner)


def test_another_process_holding_the_lease_sends_instead(qtbot, configured, runner, fake, stopped_at_teardown):
    message_id = queue_one(configured)
    me = WorkerIdentity.current()
    other = DispatchLease(configured.db, WorkerIdentity(me.host, os.getpid(), me.started, "headless-worker"))
    assert other.acquire()  # `aiconnect automations run` on the same database
    scheduler = MessagingScheduler(configured, runner)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    wait_passes(qtbot, scheduler, 1)
    assert scheduler.state == "elsewhere" and "another AIConnect" in (scheduler.last.problem or "")
    assert message_state(configured, message_id) == "queued" and fake.outbound() == []
    assert "another AIConnect" in state_texts(scheduler)[0]
    other.release()
    scheduler.wake()
    wait_passes(qtbot, scheduler, 2)
    assert scheduler.state == "idle" and message_state(configured, message_id) == "sent"
    stop(qtbot, scheduler, runner)


class CountingWorker(MessagingWorker):
    """Records how many passes overlap and on which threads they run."""

    lock = threading.Lock()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inside = 0
        self.most = 0
        self.threads: list[threading.Thread] = []
        self.gate = threading.Event()

    def run_once(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
            self.threads.append(threading.current_thread())
        self.gate.wait(10)  # the test decides when the pass may finish
        try:
            return super().run_once(*args, **kwargs)
        finally:
            with self.lock:
                self.inside -= 1


def test_never_two_passes_at_once_and_never_on_the_ui_thread(qtbot, configured, runner, stopped_at_teardown):
    made: list[CountingWorker] = []

    def factory() -> CountingWorker:
        made.append(CountingWorker(configured.db, config=configured.messaging_config,
                                   gateway_factory=configured.twilio_gateway))
        return made[-1]

    scheduler = MessagingScheduler(configured, runner, worker_factory=factory)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    qtbot.waitUntil(lambda: bool(made) and made[0].inside == 1, timeout=10000)
    for _ in range(5):
        scheduler.wake()  # while a pass runs: one more pass afterwards, not five in parallel
        QApplication.processEvents()
    made[0].gate.set()
    wait_passes(qtbot, scheduler, 2)
    assert len(made) == 1 and made[0].most == 1
    assert threading.main_thread() not in made[0].threads
    stop(qtbot, scheduler, runner)


def test_stop_during_a_pass_releases_the_lease_after_it(qtbot, configured, runner, stopped_at_teardown):
    made: list[CountingWorker] = []

    def factory() -> CountingWorker:
        made.append(CountingWorker(configured.db, config=configured.messaging_config,
                                   gateway_factory=configured.twilio_gateway))
        return made[-1]

    queue_one(configured)
    scheduler = MessagingScheduler(configured, runner, worker_factory=factory)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    qtbot.waitUntil(lambda: bool(made) and made[0].inside == 1, timeout=10000)
    scheduler.stop()
    assert scheduler.state == "stopped"
    made[0].gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)
    assert lease_row(configured) is None  # closed on the net lane by the pass that was running
    assert scheduler.passes == 0 or scheduler.state == "stopped"
    assert not scheduler._timer.isActive()


def test_main_window_starts_it_only_when_asked_and_stops_it_on_close(qtbot, window, configured, runner):
    assert getattr(window, "scheduler", None) is None
    assert window.findChild(SchedulerStatus) is None
    queue_one(configured)
    window.show_screen("automations")
    window.start_scheduler(first_delay=0)
    scheduler = window.scheduler
    wait_passes(qtbot, scheduler, 1)
    status = window.findChild(SchedulerStatus)
    assert status is not None and status.text() == "SMS up to date"
    assert scheduler.last.report.dispatch.sent == 1
    from app.ui.changes import stale

    assert stale(window.leads)  # the lead list (and an open lead's SMS) reloads when shown again
    window.close()
    qtbot.waitUntil(lambda: not runner.busy, timeout=20000)
    assert scheduler.state == "stopped" and lease_row(configured) is None
