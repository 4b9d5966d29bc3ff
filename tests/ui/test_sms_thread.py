"""The lead's SMS conversation (sent, delivered, failed, queued, held, replies, SMS logged by hand) and its
sequences with "take out", read from the fake Twilio through the real outbox and shown in the lead detail
next to the timeline, which keeps working."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from app.context import AppContext
from app.integrations.twilio_gateway import TwilioGateway
from app.services.messaging.automations import AutomationService
from app.services.messaging.compliance import QuietHours, SendPolicy
from app.services.messaging.conversation import lead_thread
from app.services.messaging.outbox import Outbox
from app.services.messaging.templates import TemplateService
from app.services.messaging.twilio_poll import SmsSync
from app.ui.leads.detail import LeadDetail
from app.ui.messaging.sms_thread import Bubble, SequenceCard, status_text
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER, FakeTwilio
from tests.messaging.conftest import Kit, TestClock, make_dispatcher

DAY = 86400


@pytest.fixture
def kit(ctx: AppContext) -> Iterator[Kit]:
    """The messaging services on a test clock and the fake Twilio, wired as tests/messaging wires them."""
    clock = TestClock()
    with FakeTwilio(now=clock.now, hold_timeout=10) as fake:
        gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=fake.url, timeout=10)
        policy = SendPolicy(QuietHours.parse("08:00-20:00"), 3)
        yield Kit(ctx=ctx, fake=fake, gateway=gateway, clock=clock, policy=policy,
                  outbox=Outbox(ctx.db, policy, actor_id=ctx.user.id, clock=clock.now),
                  dispatcher=make_dispatcher(ctx, gateway, policy, clock),
                  sync=SmsSync(ctx.db, gateway, policy, clock=clock.now),
                  automations=AutomationService(ctx.db, policy, actor_id=ctx.user.id, clock=clock.now),
                  templates=TemplateService(ctx.db, ctx.user.id, clock=clock.now))
        gateway.close()


def converse(kit: Any) -> int:
    """A lead with one of everything a conversation can hold."""
    lead_id = kit.lead("Renata Campos")
    phone = kit.phone_of(lead_id)
    kit.ctx.interactions.create({"lead_id": lead_id, "kind": "sms_out", "occurred_at": kit.clock.now() - timedelta(days=1),
                                 "notes": "Mandei pelo celular"})
    kit.outbox.enqueue([lead_id], body="Olá {{ lead.name | primeiro_nome }}!")
    kit.dispatcher.run_pass()
    kit.deliver_all()
    kit.fake.inject_inbound(phone, "Quanto custa?")
    kit.clock.advance(60)
    kit.sync.poll_inbound()
    kit.fake.set_outcome(phone, "undelivered", 30007)
    kit.clock.advance(60)
    kit.outbox.enqueue([lead_id], body="Segue a tabela")
    kit.dispatcher.run_pass()
    kit.deliver_all()
    kit.clock.advance(60)
    kit.outbox.enqueue([lead_id], body="Posso ligar?")  # not dispatched: stays queued
    kit.clock.advance(60)
    closed = SendPolicy(QuietHours.parse("03:00-03:01"), 10)  # the window is shut now: held until it opens
    Outbox(kit.ctx.db, closed, clock=kit.clock.now).enqueue([lead_id], body="Bom dia amanhã")
    return lead_id


def test_the_thread_merges_timeline_and_outbox_oldest_first(kit):
    lead_id = converse(kit)
    lines = lead_thread(kit.ctx.db, lead_id)
    assert [(line.direction, line.body, line.state) for line in lines] == [
        ("out", "Mandei pelo celular", None),
        ("out", "Olá Renata!", "delivered"),
        ("in", "Quanto custa?", None),
        ("out", "Segue a tabela", "undelivered"),
        ("out", "Posso ligar?", "queued"),
        ("out", "Bom dia amanhã", "held"),
    ]
    failed, held = lines[3], lines[5]
    assert "spam" in (failed.problem or "") and held.next_attempt_at is not None and held.problem
    assert lines[1].delivered_at is not None and lines[1].message_id and lines[1].interaction_id
    assert lead_thread(kit.ctx.db, lead_id, limit=2) == lines[-2:]
    other = kit.lead("Outra Pessoa")
    assert lead_thread(kit.ctx.db, other) == []


def test_status_lines_say_what_happened(kit):
    lead_id = converse(kit)
    texts = [status_text(line) for line in lead_thread(kit.ctx.db, lead_id)]
    assert texts[0].startswith("Logged ")
    assert texts[1].startswith("Delivered ")
    assert texts[2] == ""  # a reply has no delivery status
    assert texts[3].startswith("Undelivered: ") and "spam" in texts[3]
    assert texts[4] == "Queued — goes out with the next pass"
    assert texts[5].startswith("Held until ")


def open_detail(qtbot: Any, kit: Any, runner: Any, lead_id: int) -> LeadDetail:
    detail = LeadDetail(kit.ctx, runner)
    qtbot.addWidget(detail)
    detail.resize(520, 860)
    detail.show()
    with qtbot.waitSignal(detail.sms_panel.loaded, timeout=10000):
        detail.show_lead(lead_id)
    qtbot.waitUntil(lambda: detail.record is not None and detail.record.id == lead_id, timeout=10000)
    return detail


def test_lead_detail_shows_the_conversation_beside_the_timeline(qtbot, kit, runner):
    lead_id = converse(kit)
    detail = open_detail(qtbot, kit, runner, lead_id)
    tabs = detail.sms_panel.tabs
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(3)] == ["Timeline", "SMS (6)", "Sequences (0)"]
    # The timeline is untouched: every interaction, SMS included, is still a card there.
    kinds = [detail.timeline.record(r).kind for r in range(detail.timeline.rowCount())]
    assert sorted(kinds) == ["sms_in", "sms_out", "sms_out", "sms_out"]
    tabs.setCurrentIndex(1)
    bubbles = detail.findChildren(Bubble)
    assert [b.text.text() for b in bubbles] == ["Mandei pelo celular", "Olá Renata!", "Quanto custa?", "Segue a tabela",
                                                "Posso ligar?", "Bom dia amanhã"]
    incoming = bubbles[2]
    assert incoming.line.direction == "in" and incoming.status.text().startswith("Received ")
    assert "spam" in bubbles[3].status.text() and "spam" in bubbles[3].status.toolTip()
    assert bubbles[5].status.text().startswith("Held until ")
    assert detail.sms_panel.thread.empty.isHidden()
    detail.show_lead(kit.lead("Sem Conversa"))
    qtbot.waitUntil(lambda: not detail.findChildren(Bubble) or detail.sms_panel.thread.lines == [], timeout=10000)
    qtbot.waitUntil(lambda: not detail.sms_panel.thread.empty.isHidden(), timeout=10000)
    assert tabs.tabText(1) == "SMS (0)"


def test_sequences_show_progress_and_take_the_lead_out(qtbot, kit, runner):
    kit.templates.save("boas_vindas", "Olá {{ lead.name | primeiro_nome }}, bem-vinda!")
    kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"action": {"template": "boas_vindas"}}, {"delay_s": 2 * DAY, "action": {"body": "Posso ajudar?"}}])
    lead_id = kit.lead("Helena Prado")
    kit.automations.evaluate()
    kit.dispatcher.run_pass()
    detail = open_detail(qtbot, kit, runner, lead_id)
    assert detail.sms_panel.tabs.tabText(2) == "Sequences (1)"
    [card] = detail.findChildren(SequenceCard)
    assert card.progress.text().startswith("In progress: step 2 of 2 due ")
    assert [label.text() for label in card.sent_labels] == ["Sent · Olá Helena, bem-vinda!"]
    button = card.findChild(QPushButton)
    assert button is card.unenroll_button and not button.isHidden()
    changed = []
    detail.changed.connect(changed.append)
    with qtbot.waitSignal(detail.sms_panel.loaded, timeout=10000):
        button.click()
    assert changed == [lead_id]
    [view] = kit.automations.lead_sequences(lead_id)
    assert (view.state, view.end_reason) == ("ended", "removed by the user")
    [card] = [c for c in detail.findChildren(SequenceCard) if c.view.state == "ended"]
    assert card.progress.text().startswith("Left: taken out by hand") and card.unenroll_button.isHidden()
    assert detail.sms_panel.tabs.tabText(2) == "Sequences (0)"


def test_a_wrapped_message_shows_every_line_even_with_a_long_status(qtbot) -> None:
    """A failed message has a long status under it; the bubble above must still be tall enough for
    all the lines its text wraps to (its last words were cut off)."""
    from datetime import UTC, datetime

    from app.services.messaging.conversation import ThreadLine
    from app.ui.messaging.sms_thread import SmsThreadView

    body = "Combinado, Adriana! Ligo amanhã às 9h para acertarmos os detalhes da proposta e do prazo de entrega."
    line = ThreadLine(datetime(2026, 11, 24, 14, tzinfo=UTC), "out", body, "undelivered",
                      "the handset was unreachable - off or without signal (30003)", None, "manual", None, "ana", 1, None)
    view = SmsThreadView()
    qtbot.addWidget(view)
    view.resize(360, 400)
    view.set_lines([line])
    view.show()
    qtbot.waitExposed(view)
    text = view.bubbles[0].text
    one_line = text.fontMetrics().lineSpacing()
    assert text.height() >= text.heightForWidth(text.width()) > 2 * one_line
    assert view.bubbles[0].status.height() >= view.bubbles[0].status.heightForWidth(view.bubbles[0].status.width())
