"""Lead lists: filters, sort, accent-insensitive prefix search, rows for visible ids."""

from __future__ import annotations

import pytest

from app.services.search import LeadQuery, count, lead_ids, lead_rows, lead_tags_for


@pytest.fixture
def people(ctx):
    rows = [
        {"name": "João Silva", "company": "Açougue Central", "stage": "new", "source": "Site", "tags": "vip",
         "email": "joao.silva@acougue.com.br", "phone": "+5511987654321", "city": "São Paulo"},
        {"name": "Joana Prado", "company": "Loja Bela", "stage": "won", "source": "Feira", "tags": "vip, sp"},
        {"name": "Pedro Álvares", "company": "Cabral Navegação", "stage": "won", "source": "Site"},
        {"name": "Zélia Souza", "company": "Souza & Cia", "stage": "lost", "source": "Indicação", "tags": "sp"},
    ]
    return {r["name"]: ctx.leads.create(r).id for r in rows}


def test_accent_insensitive_prefix_search(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(text="joao")) == [people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="Jo")) == [people["Joana Prado"], people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="alvares navega")) == [people["Pedro Álvares"]]
    assert lead_ids(ctx.db, LeadQuery(text="acougue")) == [people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="zelia")) == [people["Zélia Souza"]]


def test_search_by_email_and_phone_forms(ctx, people):
    joao = people["João Silva"]
    for typed in ("joao.silva@acougue", "silva@", "5511987654321", "11987654321", "98765", "+55 11 98765-4321"):
        assert lead_ids(ctx.db, LeadQuery(text=typed)) == [joao], typed


def test_punctuation_only_query_matches_nothing_and_quotes_are_safe(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(text="!!!")) == []
    assert lead_ids(ctx.db, LeadQuery(text='"jo')) == [people["Joana Prado"], people["João Silva"]]
    assert lead_ids(ctx.db, LeadQuery(text="jo* OR NEAR(")) == []


def test_filters_combine(ctx, people):
    assert lead_ids(ctx.db, LeadQuery(stages=("won",))) == [people["Joana Prado"], people["Pedro Álvares"]]
    assert lead_ids(ctx.db, LeadQuery(tags=("sp",), stages=("won", "lost"))) == [people["Joana Prado"], people["Zélia Souza"]]
    assert lead_ids(ctx.db, LeadQuery(sources=("Site",), text="pedro")) == [people["Pedro Álvares"]]
    assert count(ctx.db, LeadQuery(stages=("won",))) == 2
    assert lead_ids(ctx.db, LeadQuery(owner_ids=(ctx.user.id,), limit=1)) == [people["Joana Prado"]]


def test_sort_and_deleted(ctx, people):
    desc = lead_ids(ctx.db, LeadQuery(order_by="name", descending=True))
    assert desc[0] == people["Zélia Souza"]
    ctx.leads.delete(people["Zélia Souza"])
    assert people["Zélia Souza"] not in lead_ids(ctx.db, LeadQuery())
    assert people["Zélia Souza"] in lead_ids(ctx.db, LeadQuery(include_deleted=True))


def test_rows_and_tags_for_visible_ids(ctx, people):
    ids = [people["João Silva"], people["Joana Prado"]]
    rows = lead_rows(ctx.db, ids)
    assert rows[ids[0]]["name"] == "João Silva"
    assert rows[ids[0]]["owner"] == "ana"
    assert rows[ids[0]]["phone"] == "+5511987654321"
    assert lead_tags_for(ctx.db, ids) == {ids[0]: ["vip"], ids[1]: ["sp", "vip"]}
    assert lead_rows(ctx.db, []) == {}


def test_parts_every_email_has_do_not_match(ctx, people):
    zelia = people["Zélia Souza"]
    ctx.leads.update(zelia, {"email": "zelia@souza.com.br"})
    assert lead_ids(ctx.db, LeadQuery(text="br")) == []
    assert lead_ids(ctx.db, LeadQuery(text="zelia@souza.com.br")) == [zelia]
    assert lead_ids(ctx.db, LeadQuery(text="souza.com")) == [zelia]
