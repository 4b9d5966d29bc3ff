from app.services.leads.search import LeadQuery, lead_ids


def test_create_and_search_accent_insensitive(ctx, backend):
    lead = ctx.leads.create({"name": "João Ávila", "company": "Pão de Açúcar"})
    assert lead_ids(ctx.db, LeadQuery(text="joao")) == [lead.id]
    assert lead_ids(ctx.db, LeadQuery(text="acuc")) == [lead.id]
    assert ctx.db.dialect == backend
