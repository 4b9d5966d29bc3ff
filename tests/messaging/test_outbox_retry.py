"""Retrying failed messages (a new row, never twice), browsing the outbox for the Messages screen and the
price-per-segment workspace setting."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db.engine import Database
from app.db.models import AuditEntry, Lead
from app.errors import ValidationError
from app.services.messaging.outbox import Outbox
from app.services.workspace.settings import WorkspaceSettings


def _failed(kit, code=30003, name="Paula Reis"):
    """A lead whose first message ended undelivered (code 30003) or failed (a 21xxx error)."""
    lead_id = kit.lead(name)
    if code >= 30000:
        kit.fake.set_outcome(kit.phone_of(lead_id), "undelivered", code)
    else:
        kit.fake.reject(kit.phone_of(lead_id), code)
    kit.outbox.enqueue([lead_id], body="Oi {{ lead.first_name }}, tudo bem?")
    kit.dispatcher.run_pass()
    if code >= 30000:
        kit.deliver_all()
    [row] = kit.messages(lead_id=lead_id)
    assert row.state == ("undelivered" if code >= 30000 else "failed")
    return lead_id, row


def test_retry_queues_a_new_row_and_keeps_the_failed_one(kit):
    lead_id, failed = _failed(kit)
    report = kit.outbox.retry([failed.id], price_per_segment=Decimal("0.10"))
    assert report.queued == 1 and report.skipped == {} and str(report.cost) == "0.1000"
    old, new = kit.messages(lead_id=lead_id)
    assert old.id == failed.id and old.state == "undelivered" and old.twilio_sid == failed.twilio_sid
    assert old.error_code == 30003
    assert new.state == "queued" and new.body == old.body and new.to_number == old.to_number
    assert new.id == report.message_ids[0] and new.twilio_sid is None and new.attempts == 0
    with kit.ctx.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "message", AuditEntry.entity_id == new.id)).one()
    assert entry.changes == {"retry_of": [None, failed.id]}
    kit.fake.set_outcome(kit.phone_of(lead_id), "delivered")
    assert kit.dispatcher.run_pass().sent == 1
    assert kit.fake.creates()[(kit.phone_of(lead_id), "Oi Paula, tudo bem?")] == 2  # the first try and the retry


def test_retrying_twice_or_an_older_failure_never_queues_the_text_twice(kit):
    lead_id, failed = _failed(kit)
    assert kit.outbox.retry([failed.id, failed.id]).queued == 1  # a double click in one call
    second = kit.outbox.retry([failed.id])  # and a second click
    assert second.queued == 0 and second.skipped == {"already_retried": 1}
    assert [m.state for m in kit.messages(lead_id=lead_id)] == ["undelivered", "queued"]
    # the retry fails too: retrying both the old and the new failure sends the text once more, not twice
    kit.dispatcher.run_pass()
    kit.deliver_all()
    old, new = kit.messages(lead_id=lead_id)
    assert new.state == "undelivered"
    both = kit.outbox.retry([old.id, new.id])
    assert both.queued == 1 and both.skipped == {"already_retried": 1}
    assert len(kit.messages(lead_id=lead_id)) == 3


def test_concurrent_retries_queue_one_message(kit):
    lead_id, failed = _failed(kit)
    outboxes = [Outbox(Database(kit.ctx.settings.database_url), kit.policy, clock=kit.clock.now) for _ in range(2)]
    start = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run(outbox: Outbox) -> None:
        start.wait()
        try:
            results.append(outbox.retry([failed.id]).queued)
        except Exception as exc:  # SQLite may refuse the second writer as busy: that is also "not twice"
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(o,)) for o in outboxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for outbox in outboxes:
        outbox.db.dispose()
    assert sum(results) == 1 and len(results) + len(errors) == 2
    assert [m.state for m in kit.messages(lead_id=lead_id)] == ["undelivered", "queued"]


def test_retry_applies_the_compliance_checks_again(kit):
    opted_id, opted = _failed(kit, name="Saiu Depois")
    invalid_id, invalid = _failed(kit, code=21211, name="Número Errado")  # 21211 flags the phone invalid
    ok_id = kit.lead("Na Fila")
    kit.outbox.enqueue([ok_id], body="Oi")
    [queued] = kit.messages(lead_id=ok_id)
    with kit.ctx.db.transaction() as s:
        s.get(Lead, opted_id).sms_opt_out = True
    report = kit.outbox.retry([opted.id, invalid.id, queued.id, 987654])
    assert report.queued == 0
    assert report.skipped == {"opted_out": 1, "invalid_phone": 1, "not_retryable": 2}
    assert {lead for lead, _, _ in report.skipped_leads} >= {opted_id, invalid_id, ok_id}
    # once the number is corrected the retry goes to the new number
    kit.ctx.leads.update(invalid_id, {"phone": "+5511988887777"})
    with kit.ctx.db.transaction() as s:
        s.get(Lead, invalid_id).phone_status = None
    again = kit.outbox.retry([invalid.id])
    assert again.queued == 1
    assert kit.messages(lead_id=invalid_id)[-1].to_number == "+5511988887777"


def test_retry_inside_quiet_hours_is_held(kit):
    lead_id, failed = _failed(kit)
    kit.clock.advance(10 * 3600)  # 00:00 in São Paulo
    report = kit.outbox.retry([failed.id])
    assert report.held == 1 and report.queued == 0
    new = kit.messages(lead_id=lead_id)[-1]
    assert new.state == "held" and new.next_attempt_at is not None


def test_message_ids_filter_by_state_and_text_and_rows_carry_the_reason(kit):
    _, failed = _failed(kit, code=21211, name="Rita Falha")
    sent_to = kit.lead("Otávio Enviado")
    kit.outbox.enqueue([sent_to], body="Promoção de cimento")
    queued = kit.messages(lead_id=sent_to)[0]
    assert kit.outbox.message_ids() == [queued.id, failed.id]  # newest first
    assert kit.outbox.message_ids(states=("failed",)) == [failed.id]
    assert kit.outbox.message_ids(text="rita") == [failed.id]
    assert kit.outbox.message_ids(text="cimento") == [queued.id]
    assert kit.outbox.message_ids(text=kit.phone_of(sent_to)[-8:]) == [queued.id]
    assert kit.outbox.message_ids(states=("queued",), text="rita") == []
    rows = kit.outbox.message_rows([failed.id, queued.id, 424242])
    assert set(rows) == {failed.id, queued.id}
    row = rows[failed.id]
    assert row.lead_name == "Rita Falha" and row.state == "failed" and row.error_code == 21211
    assert row.error_message and "21211" in row.error_message
    assert rows[queued.id].segments == 1 and rows[queued.id].encoding == "UCS-2"


def test_price_per_segment_setting(ctx):
    workspace = WorkspaceSettings(ctx.db)
    assert workspace.get("sms.price_per_segment") == "0.0500"
    assert workspace.set("sms.price_per_segment", "0,079") == "0.079"
    assert Decimal(workspace.get("sms.price_per_segment")) == Decimal("0.079")
    for bad in ("abc", "-1", "nan", "1000"):
        with pytest.raises(ValidationError):
            workspace.set("sms.price_per_segment", bad)
    assert workspace.get("sms.price_per_segment") == "0.079"


def test_dry_run_reports_when_held_messages_go_out(kit):
    from datetime import UTC, datetime, time, timedelta

    kit.clock.advance(10 * 3600)  # 00:00 in São Paulo, 21:00 in Manaus (UTC-4)
    sp = kit.lead("São Paulo")
    manaus = kit.lead("Manaus", timezone="America/Manaus")
    report = kit.outbox.enqueue([sp, manaus], body="Oi", kind="bulk", dry_run=True)
    assert report.held == 2 and report.hold_reasons == {"quiet_hours": 2}
    day = (kit.clock.now() - timedelta(hours=3)).date() + timedelta(days=1)
    assert report.held_until_first == datetime.combine(day, time(11, 0), tzinfo=UTC)  # 08:00 in São Paulo
    assert report.held_until_last == datetime.combine(day, time(12, 0), tzinfo=UTC)  # 08:00 in Manaus
    assert report.as_dict()["held_until_first"] == report.held_until_first
