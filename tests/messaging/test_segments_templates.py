"""Segments (GSM 03.38 / UCS-2) and templates (sandbox, filters, fallbacks, validation, preview)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.services.messaging.segments import count_segments, estimate_cost
from app.services.messaging.templates import TemplateProblem, check, compile_body, date_br, first_name, sample_context

# --- segments ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", "GSM-7", 0),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension characters take two septets: 160 of 160
        ("€" * 81, "GSM-7", 2),
        ("a" * 152 + "€" + "a" * 8, "GSM-7", 2),  # the € would straddle septets 153/154: it moves to segment 2
        ("Olá, João! Promoção", "UCS-2", 1),  # á, ã, ç are not GSM-7
        ("é" * 160, "GSM-7", 1),  # é is in the basic table
        ("ã" * 70, "UCS-2", 1),
        ("ã" * 71, "UCS-2", 2),
        ("ã" * 134, "UCS-2", 2),
        ("ã" * 135, "UCS-2", 3),
        ("😀" * 35, "UCS-2", 1),  # a surrogate pair is two UTF-16 units
        ("a" * 66 + "😀" + "a" * 4, "UCS-2", 2),  # the pair does not straddle unit 67/68
        ("[]{}~^|\\", "GSM-7", 1),
        ("“aspas”", "UCS-2", 1),
    ],
)
def test_segment_counts(text, encoding, segments):
    result = count_segments(text)
    assert (result.encoding, result.segments) == (encoding, segments)


def test_units_and_first_non_gsm_characters():
    result = count_segments("Olá 😀 {x}")
    assert result.encoding == "UCS-2" and result.units == 10 and result.non_gsm == ("á", "😀")
    assert count_segments("{x}").units == 5


def test_cost_estimate_is_per_segment():
    assert estimate_cost(3, Decimal("0.05")) == Decimal("0.1500")


# --- templates ------------------------------------------------------------------------------------


def test_filters_defaults_and_conditionals():
    body = (
        'Olá {{ lead.name | primeiro_nome }}, aqui é {{ owner.name | first_name | default("a equipe") }} '
        'da {{ lead.company | default("sua empresa") }}.'
        "{% if lead.score and lead.score > 0.7 %} Oferta VIP!{% endif %}"
        " Última compra: {{ last_purchase.time | data('longa') }}; valor {{ lead.value | moeda }}"
    )
    ctx = sample_context()
    assert compile_body(body).render(ctx) == (
        "Olá Maria, aqui é Ana da Souza Materiais Ltda. Oferta VIP! Última compra: 31 de maio de 2024; "
        "valor R$ 12.500,00"
    )
    ctx["lead"]["company"] = None
    ctx["lead"]["score"] = 0.2
    ctx["owner"]["name"] = ""
    text = compile_body(body).render(ctx)
    assert "aqui é a equipe da sua empresa." in text and "VIP" not in text


def test_pt_br_dates_and_first_names():
    assert date_br("2024-05-31") == "31/05/2024"
    assert date_br(datetime(2024, 5, 31, 9, tzinfo=UTC), "extenso") == "sexta-feira, 31 de maio de 2024"
    assert date_br("31/12/2024", "dia_mes") == "31/12"
    assert first_name("JOÃO DA SILVA") == "João" and first_name("ana") == "Ana" and first_name("McLovin X") == "McLovin"
    assert first_name(None) == ""


@pytest.mark.parametrize(
    ("body", "line", "column", "fragment"),
    [
        ("Olá {{ lead.nome }}", 1, 8, "unknown field 'lead.nome'"),
        ("Oi\n  {{ leed.name }}", 2, 6, "unknown variable 'leed'"),
        ("Oi {{ lead.name | nofilter }}", 1, 19, "no filter named “nofilter”"),
        ("Oi {{ lead.name }", 1, 17, "unexpected “}”"),
        ("linha 1\n{% if lead.score %}sem fim", 2, None, "endif"),
        ("x\n\n{{ lead.created_at | data('zz') }}", 3, None, "unknown date style"),
    ],
)
def test_validation_names_line_and_column(body, line, column, fragment):
    with pytest.raises(TemplateProblem) as caught:
        check(body)
    problem = caught.value
    assert problem.line == line and fragment in problem.reason
    if column is not None:
        assert problem.column == column
    assert f"line {line}" in str(problem)


def test_sandbox_refuses_python_internals():
    with pytest.raises(TemplateProblem, match="unsafe"):
        check("{{ ''.__class__.__mro__ }}")


def test_custom_fields_are_known_by_name():
    check("Renova em {{ lead.renovacao | data }}", custom_fields=["renovacao"])
    check("Renova em {{ lead.custom.renovacao | data }}", custom_fields=["renovacao"])
    with pytest.raises(TemplateProblem):
        check("{{ lead.renovacao }}")


def test_save_list_show_preview_with_history(kit):
    lead_id = kit.lead("joão carlos", company=None, city="Campinas")
    kit.ctx.interactions.create({"lead_id": lead_id, "kind": "call", "occurred_at": "2024-05-02 10:00",
                                 "notes": "Quer orçamento de telhas"})
    record = kit.templates.save("retorno", (
        "Oi {{ lead.name | primeiro_nome }}! {% if last_interaction %}Sobre: {{ last_interaction.notes }}."
        "{% endif %} {{ lead.company | default('Sua empresa') }} em {{ lead.city }}. Att, {{ owner.name }}"))
    assert [t.name for t in kit.templates.list_all()] == ["retorno"]
    preview = kit.templates.preview(kit.templates.compile("retorno"), lead_id)
    assert preview.text == "Oi João! Sobre: Quer orçamento de telhas. Sua empresa em Campinas. Att, ana"
    assert preview.segments.encoding == "UCS-2" and preview.segments.segments == 2
    assert preview.cost == Decimal("0.1000")
    with pytest.raises(ValidationError, match="line 1"):
        kit.templates.save("quebrado", "Oi {{ lead.nmae }}")
    assert kit.templates.save("retorno", "Oi {{ lead.name }}").version == record.version + 1


def test_a_lead_whose_data_breaks_the_template_is_reported_not_sent(kit):
    ok = kit.lead("Ana", custom={"obs": "x"})
    compiled = compile_body("Oi {{ lead.name }} {{ lead.created_at | data }} {{ lead.score * 100 }}")
    report = kit.outbox.enqueue([ok], body=compiled.body, dry_run=True)
    assert report.skipped == {"render_error": 1}  # the lead has no score: None * 100 fails for this lead only
    assert "line 1" in report.skipped_leads[0][2]
