"""The in-app scheduler with a sender Twilio refuses (21606): the outbox is blocked, not failed, the status
bar says so and points to Settings, and the message goes out once the sender is corrected."""

from __future__ import annotations

from app.ui.messaging.scheduler import MessagingScheduler, SchedulerStatus
from tests.fakes.twilio_server import NUMBER
from tests.ui.test_scheduler import (  # noqa: F401  (fixtures)
    configured,
    fake,
    message_state,
    queue_one,
    settings,
    stop,
    stopped_at_teardown,
    wait_passes,
    workspace,
)


def test_a_refused_sender_blocks_the_outbox_instead_of_failing_it(qtbot, configured, runner, fake,  # noqa: F811
                                                                  stopped_at_teardown):  # noqa: F811
    configured.workspace.set("twilio.sender", "+15005550000")  # not a number of this account
    message_id = queue_one(configured)
    scheduler = MessagingScheduler(configured, runner)
    opened: list[bool] = []
    status = SchedulerStatus(scheduler, lambda: opened.append(True))
    qtbot.addWidget(status)
    stopped_at_teardown.append(scheduler)
    scheduler.start()
    wait_passes(qtbot, scheduler, 1)
    assert scheduler.state == "refused" and "21606" in (scheduler.last.problem or "")
    assert status.text() == "Twilio refused the account settings" and "Settings" in status.button.toolTip()
    assert message_state(configured, message_id) == "queued" and fake.outbound() == []
    stop(qtbot, scheduler, runner)
    configured.workspace.set("twilio.sender", NUMBER)
    scheduler.start()
    wait_passes(qtbot, scheduler, 2)
    assert message_state(configured, message_id) == "sent"
    stop(qtbot, scheduler, runner)
