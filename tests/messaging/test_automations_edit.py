"""Editing and deleting automations, and what the Automations screen reads: per-automation counts and the
activity log. Editing must keep enrolment idempotent: no lead is enrolled or texted twice for one occurrence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.db.models import Enrollment
from app.errors import NotFoundError, ValidationError
from app.services.leads import audit

DAY = 86400


def _enrolments(kit):
    with kit.ctx.db.session() as s:
        return list(s.scalars(select(Enrollment).order_by(Enrollment.id)))


def test_update_rewrites_steps_and_keeps_enrolments_in_place(kit):
    auto = kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"action": {"body": "Oi"}}, {"delay_s": DAY, "action": {"body": "Tudo bem?"}}])
    kit.lead("Helena Prado")
    assert kit.automations.evaluate().messages_queued == 1
    kit.dispatcher.run_pass()  # the next step's delay counts from when this one is sent
    updated = kit.automations.update(auto.id, "Boas-vindas", "lead_created", {}, [
        {"action": {"body": "Oi"}}, {"delay_s": DAY, "action": {"body": "Posso ajudar?"}},
        {"delay_s": 2 * DAY, "action": {"body": "Última chamada"}, "condition": {"field": "replied", "op": "eq",
                                                                                 "value": False}}])
    assert [s.action["body"] for s in updated.steps] == ["Oi", "Posso ajudar?", "Última chamada"]
    assert updated.steps[2].condition == {"field": "replied", "op": "eq", "value": False}
    assert kit.automations.evaluate().enrolled == {}  # the edit did not re-enrol the lead
    kit.clock.advance(DAY)
    assert kit.automations.evaluate().messages_queued == 1
    kit.dispatcher.run_pass()
    kit.clock.advance(2 * DAY)
    report = kit.automations.evaluate()
    assert report.messages_queued == 1 and report.finished == 1
    assert [m.body for m in kit.messages()] == ["Oi", "Posso ajudar?", "Última chamada"]


def test_update_can_drop_steps_and_rename(kit):
    auto = kit.automations.create("A", "lead_created", {}, [{"action": {"body": "1"}}, {"action": {"body": "2"}},
                                                            {"action": {"body": "3"}}])
    kit.automations.create("B", "lead_created", {}, [{"action": {"body": "b"}}])
    with pytest.raises(ValidationError) as error:
        kit.automations.update(auto.id, "B", "lead_created", {}, [{"action": {"body": "1"}}])
    assert "name" in error.value.problems
    updated = kit.automations.update(auto.id, "A renomeada", "lead_created", {}, [{"action": {"body": "só um"}}],
                                     active=False)
    assert (updated.name, updated.active, len(updated.steps)) == ("A renomeada", False, 1)
    assert kit.automations.get("A renomeada").steps[0].action == {"body": "só um"}
    [entry] = [line for line in audit.history(kit.ctx.db, "automation", auto.id) if line.action == "update"]
    assert entry.changes["name"] == ["A", "A renomeada"] and set(entry.changes) == {"name", "active", "steps"}


def test_update_validates_like_create(kit):
    auto = kit.automations.create("Parado", "idle", {"days": 7}, [{"action": {"body": "Oi"}}])
    with pytest.raises(ValidationError) as error:
        kit.automations.update(auto.id, "Parado", "idle", {"days": 0}, [{"action": {"body": "Oi"}}])
    assert "trigger_config" in error.value.problems
    with pytest.raises(ValidationError) as error:
        kit.automations.update(auto.id, "Parado", "idle", {"days": 7}, [])
    assert "steps" in error.value.problems
    with pytest.raises(ValidationError, match="template"):
        kit.automations.update(auto.id, "Parado", "idle", {"days": 7}, [{"action": {"template": "nao_existe"}}])
    assert kit.automations.get(auto.id).config == {"days": 7}  # nothing half-saved
    with pytest.raises(NotFoundError):
        kit.automations.update(999_999, "x", "idle", {"days": 7}, [{"action": {"body": "Oi"}}])


def test_changing_the_trigger_only_enrols_what_happens_after_the_edit(kit):
    auto = kit.automations.create("Proposta", "stage_changed", {"to": "qualified"}, [{"action": {"body": "Oi"}}])
    lead_id = kit.lead()
    kit.ctx.leads.set_stage(lead_id, "proposal")  # a past move to proposal...
    assert kit.automations.evaluate().enrolled == {}
    kit.clock.set(datetime.now(UTC) + timedelta(minutes=1))  # the stage change was stamped with the real time
    kit.automations.update(auto.id, "Proposta", "stage_changed", {"to": "proposal"}, [{"action": {"body": "Oi"}}])
    assert kit.automations.evaluate().enrolled == {}  # ...does not enrol after the edit
    # Only the reply setting changed: the automation is not re-armed.
    before = kit.automations.get(auto.id).created_at
    kit.automations.update(auto.id, "Proposta", "stage_changed", {"to": "proposal", "stop_on_reply": False},
                           [{"action": {"body": "Oi"}}])
    assert kit.automations.get(auto.id).created_at == before


def test_delete_cancels_what_it_queued_and_keeps_what_was_sent(kit):
    auto = kit.automations.create("Dois passos", "lead_created", {}, [{"action": {"body": "Primeira"}}])
    first = kit.lead("Primeira Pessoa")
    kit.automations.evaluate()
    kit.dispatcher.run_pass()
    second = kit.lead("Segunda Pessoa")
    kit.automations.evaluate()
    states = {m.lead_id: m.state for m in kit.messages()}
    assert states == {first: "sent", second: "queued"}
    assert kit.automations.delete(auto.id) == 1
    states = {m.lead_id: (m.state, m.enrollment_id) for m in kit.messages()}
    assert states == {first: ("sent", None), second: ("canceled", None)}
    assert _enrolments(kit) == [] and kit.automations.list_all() == []
    assert kit.automations.lead_sequences(first) == []
    with pytest.raises(NotFoundError):
        kit.automations.get(auto.id)
    kit.automations.create("Dois passos", "lead_created", {}, [{"action": {"body": "De novo"}}])  # the name is free


def test_stats_and_activity(kit):
    auto = kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"action": {"body": "Oi {{ lead.name | primeiro_nome }}"}}, {"delay_s": DAY, "action": {"body": "E aí?"}}])
    other = kit.automations.create("Sem uso", "idle", {"days": 30}, [{"action": {"body": "Sumiu?"}}])
    ana, bia = kit.lead("Ana Lima"), kit.lead("Bia Reis")
    kit.automations.evaluate()
    kit.dispatcher.run_pass()
    kit.clock.advance(60)
    kit.automations.unenroll(bia, auto.id)
    stats = kit.automations.stats()
    assert other.id not in stats
    mine = stats[auto.id]
    assert (mine.enrolled, mine.active, mine.done, mine.ended) == (2, 1, 0, 1)
    assert (mine.messages, mine.sent, mine.failed) == (2, 2, 0)
    assert mine.last_activity == kit.clock.now()
    log = kit.automations.activity(auto.id)
    assert [(line.event, line.lead) for line in log[:1]] == [("ended", "Bia Reis")]
    assert log[0].detail == "removed by the user"
    messages = {line.lead: line for line in log if line.event == "message"}
    assert messages["Ana Lima"].detail == "Oi Ana" and messages["Ana Lima"].state == "sent"
    assert {line.lead_id for line in log if line.event == "enrolled"} == {ana, bia}
    assert kit.automations.activity(other.id) == []
    assert len(kit.automations.activity(limit=3)) == 3
