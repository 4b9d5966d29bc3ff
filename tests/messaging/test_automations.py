"""Automations: every trigger, multi-step sequences with delays and conditions, automatic
unenrolment, idempotent evaluation, and the per-lead view of sequences and what was sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.db.models import Enrollment, Lead
from app.errors import ValidationError
from app.services.messaging.sequences import EvaluationReport, Sequences

DAY = 86400


def _enrolments(kit, automation_id=None):
    with kit.ctx.db.session() as s:
        stmt = select(Enrollment).order_by(Enrollment.id)
        if automation_id is not None:
            stmt = stmt.where(Enrollment.automation_id == automation_id)
        return list(s.scalars(stmt))


def test_lead_created_sequence_with_delays_runs_once(kit):
    kit.templates.save("boas_vindas", "Olá {{ lead.name | primeiro_nome }}, bem-vinda!")
    auto = kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"delay_s": 0, "action": {"template": "boas_vindas"}},
        {"delay_s": 2 * DAY, "action": {"body": "{{ lead.name | primeiro_nome }}, posso ajudar?"}},
    ])
    kit.lead("Fernanda Dias")
    first = kit.automations.evaluate()
    assert first.enrolled == {"Boas-vindas": 1} and first.messages_queued == 1
    kit.dispatcher.run_pass()  # the next step's delay counts from when this one is sent
    again = kit.automations.evaluate()
    assert again.enrolled == {} and again.messages_queued == 0  # idempotent
    assert [m.body for m in kit.messages()] == ["Olá Fernanda, bem-vinda!"]
    kit.clock.advance(DAY)
    assert kit.automations.evaluate().messages_queued == 0  # second step not due yet
    kit.clock.advance(DAY)
    report = kit.automations.evaluate()
    assert report.messages_queued == 1 and report.finished == 1
    [enrolment] = _enrolments(kit, auto.id)
    assert enrolment.state == "done" and enrolment.next_step == 2
    assert [m.kind for m in kit.messages()] == ["automation", "automation"]


def test_leads_created_before_the_automation_are_not_enrolled(kit):
    kit.lead("Antiga")
    kit.clock.advance(3 * DAY)  # well after the lead's real creation time
    kit.automations.create("Novo lead", "lead_created", {}, [{"action": {"body": "Oi"}}])
    assert kit.automations.evaluate().enrolled == {}


def test_stage_changed_trigger_with_from_and_to(kit):
    auto = kit.automations.create("Proposta", "stage_changed", {"to": "proposal"}, [{"action": {"body": "Segue a proposta"}}])
    lead_id = kit.lead()
    other = kit.lead()
    stages = [key for key, _ in kit.ctx.leads.stages()]
    assert "proposal" in stages
    kit.ctx.leads.set_stage(lead_id, "proposal")
    kit.ctx.leads.set_stage(other, stages[1] if stages[1] != "proposal" else stages[2])
    report = kit.automations.evaluate()
    assert report.enrolled == {"Proposta": 1}
    assert [e.lead_id for e in _enrolments(kit, auto.id)] == [lead_id]
    # Leaving and entering the stage again is a new occurrence: a new enrolment.
    kit.ctx.leads.set_stage(lead_id, "new")
    kit.ctx.leads.set_stage(lead_id, "proposal")
    assert kit.automations.evaluate().enrolled == {"Proposta": 1}
    assert kit.automations.evaluate().enrolled == {}


def test_idle_trigger_after_n_days_without_interaction(kit):
    kit.automations.create("Sumiu", "idle", {"days": 10}, [{"action": {"body": "Sentimos sua falta"}}])
    quiet = kit.lead("Quieta")
    busy = kit.lead("Ativa")
    assert kit.automations.evaluate().enrolled == {}
    kit.clock.advance(12 * DAY)  # the leads were stamped with the real time, about a day after START
    kit.ctx.interactions.create({"lead_id": busy, "kind": "call", "occurred_at": kit.clock.now() - timedelta(days=1)})
    report = kit.automations.evaluate()
    assert report.enrolled == {"Sumiu": 1} and kit.messages()[0].lead_id == quiet
    kit.clock.advance(DAY)
    assert kit.automations.evaluate().enrolled == {}  # the SMS is an interaction: the idle clock restarted


def test_date_field_reached_with_offset(kit):
    kit.automations.create("Renovação", "date", {"field": "renovacao", "offset_days": -3},
                           [{"action": {"body": "Sua renovação é em {{ lead.custom.renovacao | data }}"}}])
    today = kit.clock.now().date()
    due = kit.lead("Renova logo", custom={"renovacao": (today + timedelta(days=3)).isoformat()})
    later = kit.lead("Renova depois", custom={"renovacao": (today + timedelta(days=10)).isoformat()})
    kit.lead("Sem data")
    report = kit.automations.evaluate()
    assert report.enrolled == {"Renovação": 1}
    assert kit.messages()[0].lead_id == due
    assert kit.messages()[0].body.startswith("Sua renovação é em ")
    kit.clock.advance(7 * DAY)
    assert kit.automations.evaluate().enrolled == {"Renovação": 1}
    assert kit.messages()[-1].lead_id == later
    assert kit.automations.evaluate().enrolled == {}


def test_reply_keyword_trigger(kit):
    kit.automations.create("Preço", "reply", {"keyword": "preço"}, [{"action": {"body": "Nossa tabela: ..."}}])
    lead_id = kit.lead()
    kit.fake.inject_inbound(kit.phone_of(lead_id), "PRECO")
    kit.fake.inject_inbound(kit.phone_of(kit.lead()), "qual o preço?")  # not the whole message
    kit.sync.poll_inbound()
    report = kit.automations.evaluate()
    assert report.enrolled == {"Preço": 1} and report.messages_queued == 1
    assert kit.automations.evaluate().enrolled == {}


def test_score_crossing_the_threshold_and_rearming(kit):
    kit.automations.create("Quente", "score", {"threshold": 0.8}, [{"action": {"body": "Oferta especial"}}])
    lead_id = kit.lead()

    def score(value):
        with kit.ctx.db.transaction() as s:
            s.execute(update(Lead).where(Lead.id == lead_id).values(score=value, scored_at=kit.clock.now()))

    score(0.5)
    assert kit.automations.evaluate().enrolled == {}
    kit.clock.advance(60)
    score(0.85)
    assert kit.automations.evaluate().enrolled == {"Quente": 1}
    kit.clock.advance(60)
    score(0.9)  # still above: no new crossing
    assert kit.automations.evaluate().enrolled == {}
    kit.clock.advance(60)
    score(0.4)
    kit.automations.evaluate()
    kit.clock.advance(60)
    score(0.95)  # crossed again
    assert kit.automations.evaluate().enrolled == {"Quente": 1}


@pytest.mark.parametrize("event", ["reply", "opt_out", "won", "lost"])
def test_unenrolment_on_reply_opt_out_won_lost(kit, event):
    auto = kit.automations.create("Nutrição", "lead_created", {}, [
        {"delay_s": 0, "action": {"body": "Passo 1"}},
        {"delay_s": DAY, "action": {"body": "Passo 2"}},
    ])
    lead_id = kit.lead()
    kit.automations.evaluate()
    kit.clock.advance(60)
    if event == "reply":
        kit.fake.inject_inbound(kit.phone_of(lead_id), "Não tenho interesse agora")
        kit.sync.poll_inbound()
    elif event == "opt_out":
        kit.fake.inject_inbound(kit.phone_of(lead_id), "PARAR")
        kit.sync.poll_inbound()
    else:
        stage = {s.key: s for s in _stages(kit)}
        key = next(k for k, s in stage.items() if (s.is_won if event == "won" else s.is_lost))
        kit.ctx.leads.set_stage(lead_id, key)
    kit.clock.advance(DAY)
    report = kit.automations.evaluate()
    assert report.ended == {event: 1} and report.messages_queued == 0
    [enrolment] = _enrolments(kit, auto.id)
    assert enrolment.state == "ended" and enrolment.end_reason == event


def _stages(kit):
    from app.db.models import Stage

    with kit.ctx.db.session() as s:
        return list(s.scalars(select(Stage)))


def test_step_conditions_skip_or_end(kit):
    auto = kit.automations.create("Condicional", "lead_created", {}, [
        {"action": {"body": "Só para SP"}, "condition": {"field": "city", "op": "eq", "value": "São Paulo"}},
        {"action": {"body": "Para todos"}},
        {"action": {"body": "Nunca"}, "condition": {"field": "replied", "op": "eq", "value": True, "else": "end"}},
        {"action": {"body": "Depois do fim"}},
    ])
    kit.lead("Paulistana", city="sao paulo")
    kit.lead("Carioca", city="Rio de Janeiro")
    for _ in range(6):
        kit.automations.evaluate()
        kit.dispatcher.run_pass()
    bodies = sorted(m.body for m in kit.messages())
    assert bodies == ["Para todos", "Para todos", "Só para SP"]
    assert {(e.state, e.end_reason) for e in _enrolments(kit, auto.id)} == {("ended", "condition")}


def test_trigger_filter_and_consent_at_enrolment(kit):
    kit.automations.create("Só VIP", "lead_created", {"filter": {"field": "tags", "op": "contains", "value": "vip"}},
                           [{"action": {"body": "Oi VIP"}}])
    kit.lead("VIP", tags="vip")
    kit.lead("Comum")
    kit.lead("VIP sem consentimento", tags="vip", consent=False)
    report = kit.automations.evaluate()
    assert report.enrolled == {"Só VIP": 1}
    assert report.not_enrolled == {"filtered_out": 1, "no_consent": 1}


def test_frequency_cap_holds_automation_messages(kit):
    kit.automations.create("Muito", "lead_created", {}, [{"action": {"body": f"Msg {i}"}} for i in range(5)])
    lead_id = kit.lead()
    for _ in range(5):
        kit.automations.evaluate()
        kit.dispatcher.run_pass()
        kit.clock.advance(60)
    states = [m.state for m in kit.messages()]
    # The cap (3 a week) is checked at queueing: steps 4 and 5 are skipped, not sent.
    assert states == ["sent", "sent", "sent"]
    report = kit.automations.lead_sequences(lead_id)[0]
    assert report.state == "done" and len(report.messages) == 3


def test_lead_sequences_shows_state_and_what_was_sent(kit):
    auto = kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"action": {"body": "Oi {{ lead.name | primeiro_nome }}"}}, {"delay_s": DAY, "action": {"body": "Tudo bem?"}}])
    lead_id = kit.lead("Helena Prado")
    kit.automations.evaluate()
    kit.dispatcher.run_pass()
    [view] = kit.automations.lead_sequences(lead_id)
    assert (view.automation, view.state, view.next_step, view.steps) == ("Boas-vindas", "active", 1, 2)
    assert [(m.state, m.body) for m in view.messages] == [("sent", "Oi Helena")]
    assert view.automation_id == auto.id


def test_concurrent_evaluations_never_send_twice(kit):
    """Two workers evaluating the same due step: the compare-and-set lets exactly one through."""
    kit.automations.create("Dupla", "lead_created", {}, [{"action": {"body": "Uma vez"}}])
    kit.lead()
    other = Sequences(kit.ctx.db, kit.policy, clock=kit.clock.now)
    for automation in kit.automations.list_all():
        kit.automations.sequences._enrol(automation, EvaluationReport(), 100)
        other._enrol(automation, EvaluationReport(), 100)
    [enrolment] = _enrolments(kit)
    one, two = EvaluationReport(), EvaluationReport()
    kit.automations.sequences._run_step(enrolment.id, one, {})
    other._run_step(enrolment.id, two, {})
    assert one.messages_queued + two.messages_queued == 1
    assert len(kit.messages()) == 1


def test_invalid_definitions_are_refused(kit):
    with pytest.raises(ValidationError, match="trigger"):
        kit.automations.create("x", "moon_phase", {}, [{"action": {"body": "Oi"}}])
    with pytest.raises(ValidationError, match="days"):
        kit.automations.create("x", "idle", {}, [{"action": {"body": "Oi"}}])
    with pytest.raises(ValidationError, match="template"):
        kit.automations.create("x", "lead_created", {}, [{"action": {"template": "nao_existe"}}])
    with pytest.raises(ValidationError, match="line 1"):
        kit.automations.create("x", "lead_created", {}, [{"action": {"body": "{{ lead.nmae }}"}}])
    with pytest.raises(ValidationError, match="op"):
        kit.automations.create("x", "lead_created", {}, [{"action": {"body": "Oi"},
                                                          "condition": {"field": "city", "op": "like"}}])
