"""Templates cannot hang or exhaust the app (issue 20, item 3): an operation budget, bounded loops and ranges,
no recursion, at most 10 segments, checked at save and again per lead when queued; a refused render holds that
one message with its reason and the dispatcher sends the others; an empty field prints as nothing."""

from __future__ import annotations

import pytest

from app.db.models import Message
from app.services.messaging.templates import TemplateProblem, check, compile_body, sample_context

EXPLOSIVE = [  # (template, words of the refusal)
    ("{{ 'x' * 999999999 }}", "grows past"),
    ("{{ [0] * 999999999 }}", "grows past"),
    ("{{ 2 ** 100000 }}", "digits"),
    ("{% set x = 10 %}{% set ns = namespace(x=10) %}{% for i in range(20) %}{% set ns.x = ns.x * ns.x %}"
     "{% endfor %}{{ ns.x }}", "digits"),
    ("{% for i in range(100000) %}{% endfor %}ok", "range() would give 100000 numbers"),
    ("{% for i in range(999) %}{% for j in range(999) %}{% endfor %}{% endfor %}ok", "too much work"),
    ("{% set d = {} %}{% for i in range(900) %}{% for j in range(900) %}{{ d.update({i: j}) }}{% endfor %}"
     "{% endfor %}", "too much work"),
    ("{{ 'x' | center(999999999) }}", "999999999 is too large"),
    ("{{ 'x'.ljust(999999999) }}", "999999999 is too large"),
    ("{{ 'a\tb'.expandtabs(99999999) }}", "99999999 is too large"),
    ("{{ '%999999999d' | format(1) }}", "999999999 is too large"),
    ("{{ '%999999999d' % 1 }}", "999999999 is too large"),
    ("{{ '%*d' % (999999999, 1) }}", "is too large"),
    ("{{ '{:999999999}'.format(1) }}", "999999999 is too large"),
    ("{{ '{:{}}'.format(1, 999999999) }}", "is too large"),
    ("{{ [1, 2] | batch(999999999, 'x') | list | length }}", "999999999 is too large"),
    ("{{ [1, 2] | slice(999999999) | list | length }}", "999999999 is too large"),
    ("{{ lipsum(100000) }}", "100000 is too large"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}x",
     "grows past"),
    ("{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) }}{% endfor %}x", "grows past"),
    ("{% set s = 'abcdefghij' %}{{ s | replace('', s) | replace('', s) | replace('', s) | length }}", "grows past"),
    ("{% set s = 'abcdefghij' %}{{ s.replace('', s).replace('', s).replace('', s) | length }}", "grows past"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "the macro “f” calls itself"),
    ("{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}", "calls itself"),
    ("{% for x in [1, [2]] recursive %}{{ loop(x) if x is iterable }}{% endfor %}", "recursive loops"),
    ("{% macro m() %}{{ caller() }}{% endmacro %}{% set ns = namespace(f=none) %}"
     "{% macro g() %}{% call m() %}{{ ns.f() }}{% endcall %}{% endmacro %}{% set ns.f = g %}{{ g() }}",
     "nests calls too deeply"),
    ("{{ 'ã' * 700 }}", "11 SMS segments"),
    ("{{ 'a' * 1540 }}", "11 SMS segments"),
    ("{{ " + "(" * 1500 + "1" + ")" * 1500 + " }}", "nested too deeply"),
    ("{% for i in [1] %}" * 30 + "x" + "{% endfor %}" * 30, "nested too deeply"),  # Python's 20 nested blocks
    ("{% set big = [0] * 10000 %}{% for i in range(1000) %}{% for j in range(19) %}{{ big | join | length }}"
     "{% endfor %}{% endfor %}", "too much work"),  # cheap steps on big values are not cheap: 97 s before
    ("{% set big = range(1000) | list %}{% for i in range(999) %}{{ big | sort | sum }}{% endfor %}", "too much work"),
    ("{% set a %}" + "x" * 1000 + "{% endset %}" + "".join(  # a block set doubling 23 times: 4.5 s and 1 GB before
        f"{{% set {n} %}}{{{{ {p} }}}}{{{{ {p} }}}}{{% endset %}}" for p, n in zip("abcdefghijklmnopqrstuvw",
                                                                                  "bcdefghijklmnopqrstuvwx"))
     + "{{ x | length }}", "grows past"),
    ("{% set big = 'x' * 10000 %}{{ ('{0}' * 3000).format(big) | length }}", "grows past"),  # 30 MB
    ("{% set big = 'x' * 10000 %}{{ ('%s' * 3000) % ((big,) * 3000) | length }}", "grows past"),
    ("{% set s = '\\n' * 9999 %}{{ s | indent('y' * 10000, blank=True) | length }}", "grows past"),  # 100 MB
    ("{% set s = 'a ' * 4999 %}{{ s | wordwrap(1, true, 'y' * 10000) | length }}", "grows past"),
]


@pytest.mark.parametrize(("body", "words"), EXPLOSIVE)
def test_explosive_templates_are_refused_when_saved(body, words):
    with pytest.raises(TemplateProblem) as problem:
        check(body)
    assert words in str(problem.value)


def test_everyday_templates_still_render():
    body = ("Olá {{ lead.name | primeiro_nome }}! {% for t in lead.tags %}#{{ t | upper }} {% endfor %}"
            "{{ range(3) | map('string') | join(',') }} {{ '{:,}'.format(123456) }} {{ lead.value | moeda }} "
            "{{ 'x' * 10 }} {{ 2 ** 10 }} {{ '%05d' % 42 }}")
    text = compile_body(body).render(sample_context())
    assert text == "Olá Maria! #VIP 0,1,2 123,456 R$ 12.500,00 xxxxxxxxxx 1024 00042"


def test_a_template_empty_for_the_sample_lead_can_still_be_saved():
    check("{% if lead.score < 0.1 %}Sentimos sua falta!{% endif %}")  # the sample lead scores 0.82


def test_an_empty_field_prints_as_nothing_never_none():
    context = sample_context()
    context["lead"].update(company=None, city=None)
    body = ("[{{ lead.company }}][{{ lead.company ~ '!' }}][{{ lead.company | upper }}][{{ lead.company | trim }}]"
            "[{{ [lead.company, lead.city, 'SP'] | join(',') }}][{{ '%s' | format(lead.company) }}]"
            "[{{ 'em %s' % lead.city }}][{{ lead.company | string }}]")
    text = compile_body(body).render(context)
    assert "None" not in text and "NONE" not in text
    assert text == "[][!][][][,,SP][][em ][]"


def test_harmless_for_the_sample_lead_refused_for_a_lead_whose_data_explodes_it():
    body = "Olá {{ lead.name | primeiro_nome }}, {{ (lead.job_title or '') * 50 }}"
    compiled = compile_body(body)  # the sample lead's "Compradora" × 50: 4 segments, saved
    context = sample_context()
    context["lead"]["job_title"] = "Diretora de Operações"  # UCS-2 (õ) × 50: 16 segments
    with pytest.raises(TemplateProblem) as problem:
        compiled.render(context)
    assert "16 SMS segments" in str(problem.value) and "at most 10" in str(problem.value)


def test_a_refused_render_holds_that_message_with_its_reason_and_the_others_go_out(kit):
    fine = [kit.lead("Ana Lima", job_title="Compradora"), kit.lead("Bia Reis", job_title=None)]
    explosive = kit.lead("Caio Dias", job_title="Diretor de Operações Comerciais")  # õ: UCS-2, 31 chars × 30
    body = "Olá {{ lead.name | primeiro_nome }}{{ ', ' ~ (lead.job_title or '') * 30 if lead.job_title else '' }}"
    report = kit.outbox.enqueue([fine[0], explosive, fine[1]], body=body, kind="bulk")
    assert report.queued == 2 and report.skipped == {"render_error": 1}
    [held] = kit.messages(lead_id=explosive)
    assert held.state == "held" and held.body == "" and held.next_attempt_at is None
    assert held.hold_reason.startswith("the template was refused for this lead: ")
    assert "SMS segments" in held.hold_reason

    dispatch = kit.dispatcher.run_pass()
    assert dispatch.sent == 2 and dispatch.stopped is None
    assert sorted(to for to, _ in kit.fake.creates()) == sorted(kit.phone_of(i) for i in fine)
    assert kit.messages(lead_id=explosive)[0].state == "held"  # never sent, not even with the lead's time zone change
    with kit.ctx.db.transaction() as session:
        session.get(Message, held.id).next_attempt_at = kit.clock.now()
    assert kit.dispatcher.run_pass().sent == 0
    assert len(kit.fake.outbound()) == 2


def test_a_template_refused_for_one_lead_does_not_stop_an_automation_pass(kit):
    kit.automations.create("Boas-vindas", "lead_created", {}, [
        {"delay_s": 0, "action": {"body": "Oi {{ lead.name | primeiro_nome }} {{ (lead.job_title or '') * 30 }}"}}])
    ok, explosive = kit.lead("Ana Lima"), kit.lead("Caio Dias", job_title="Diretor de Operações Comerciais")
    report = kit.automations.evaluate()
    assert report.send_skipped == {"render_error": 1} and report.messages_queued == 1
    assert [m.state for m in kit.messages(lead_id=ok)] == ["queued"]
    assert [(m.state, m.body, m.kind) for m in kit.messages(lead_id=explosive)] == [("held", "", "automation")]
    assert kit.dispatcher.run_pass().sent == 1


def test_a_render_running_past_its_time_is_stopped_at_its_next_operation():
    from app.services.messaging.template_guard import Meter, RenderRefused

    meter = Meter(seconds=0.0)
    with pytest.raises(RenderRefused) as refused:
        for _ in range(64):
            meter.spend()
    assert "takes too long" in str(refused.value.reason)


def test_a_stored_template_that_no_longer_passes_its_check_holds_each_message_and_nothing_stops(kit):
    from app.services.leads.custom_fields import CustomFields

    CustomFields(kit.ctx.db).define("obra")
    kit.templates.save("obra", "Olá {{ lead.name | primeiro_nome }}, e a obra {{ lead.obra }}?")
    kit.automations.create("Obra", "lead_created", {}, [{"delay_s": 0, "action": {"template": "obra"}}])
    kit.automations.create("Boas-vindas", "lead_created", {}, [{"delay_s": 0, "action": {"body": "Bem-vinda!"}}])
    CustomFields(kit.ctx.db).remove("obra")  # the template names a field that no longer exists
    lead_id = kit.lead("Ana Lima")
    report = kit.automations.evaluate()
    assert report.messages_queued == 1 and report.send_skipped == {"render_error": 1}
    rows = {m.body: m for m in kit.messages(lead_id=lead_id)}
    assert rows["Bem-vinda!"].state == "queued"
    assert rows[""].state == "held" and "unknown field 'lead.obra'" in rows[""].hold_reason
    assert kit.dispatcher.run_pass().sent == 1


def test_an_automations_pass_that_fails_does_not_keep_the_outbox_from_being_sent(kit, monkeypatch):
    from app.services.messaging import worker as worker_module
    from tests.messaging.test_worker import _worker

    class Broken:
        def __init__(self, *args, **kwargs):
            pass

        def evaluate(self):
            raise RuntimeError("a bug in one automation")

    kit.outbox.enqueue([kit.lead()], body="Oi")
    monkeypatch.setattr(worker_module, "Sequences", Broken)
    worker = _worker(kit)
    try:
        report = worker.run_once()
    finally:
        worker.close()
    assert report.dispatch.sent == 1 and report.automations is None
    assert "the automations could not be evaluated; details are in the log" in report.problems


def test_saving_an_explosive_template_is_refused_and_nothing_is_stored(kit):
    with pytest.raises(TemplateProblem) as problem:
        kit.templates.save("bomba", "{% for i in range(999) %}{% for j in range(999) %}{% endfor %}{% endfor %}oi")
    assert "too much work" in str(problem.value) and problem.value.line == 1
    assert kit.templates.list_all() == []
