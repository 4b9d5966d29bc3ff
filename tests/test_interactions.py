"""Interactions: validation, timeline order, last_interaction_at, delete + undo, audit."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.leads import audit


@pytest.fixture
def lead(ctx):
    return ctx.leads.create({"name": "Helena Costa", "phone": "+5511912345678"})


def test_timeline_is_newest_first_and_tracks_last_interaction(ctx, lead):
    a = ctx.interactions.create({"lead_id": lead.id, "kind": "call", "occurred_at": "2026-03-01 10:00",
                                 "duration_s": "300", "outcome": "sem resposta"})
    b = ctx.interactions.create({"lead_id": lead.id, "kind": "visit", "occurred_at": "05/03/2026 15:30",
                                 "notes": "Visitou a loja"})
    assert [r.id for r in ctx.interactions.timeline(lead.id)] == [b.id, a.id]
    assert b.occurred_at == datetime(2026, 3, 5, 15, 30, tzinfo=timezone.utc)
    assert a.author == "ana"
    assert ctx.leads.get(lead.id).last_interaction_at == b.occurred_at
    ctx.interactions.delete(b.id)
    assert ctx.leads.get(lead.id).last_interaction_at == a.occurred_at
    ctx.interactions.restore(b.id)
    assert ctx.leads.get(lead.id).last_interaction_at == b.occurred_at


def test_bad_interaction_names_each_field(ctx, lead):
    with pytest.raises(ValidationError) as err:
        ctx.interactions.create({"lead_id": lead.id, "kind": "telepathy", "occurred_at": "ontem", "duration_s": "-5"})
    assert set(err.value.problems) == {"kind", "occurred_at", "duration_s"}
    assert "call" in err.value.problems["kind"]
    with pytest.raises(ValidationError, match="lead_id"):
        ctx.interactions.create({"lead_id": 999999, "kind": "note", "occurred_at": "2026-01-01"})
    with pytest.raises(ValidationError, match="required"):
        ctx.interactions.create({"lead_id": lead.id})


def test_update_delete_and_audit(ctx, lead):
    row = ctx.interactions.create({"lead_id": lead.id, "kind": "note", "occurred_at": "2026-01-01", "notes": "a"})
    edited = ctx.interactions.update(row.id, {"notes": "Cliente quer proposta"}, expected_version=row.version)
    assert edited.notes == "Cliente quer proposta"
    with pytest.raises(ConflictError):
        ctx.interactions.update(row.id, {"notes": "x"}, expected_version=row.version)
    with pytest.raises(ValidationError, match="another lead"):
        other = ctx.leads.create({"name": "Outro"})
        ctx.interactions.update(row.id, {"lead_id": other.id})
    ctx.interactions.delete(row.id)
    with pytest.raises(NotFoundError):
        ctx.interactions.get(row.id)
    assert ctx.interactions.timeline(lead.id) == []
    actions = [line.action for line in audit.history(ctx.db, "interaction", row.id)]
    assert actions == ["create", "update", "delete"]


def test_notes_are_searchable_and_deleted_notes_are_not(ctx, lead):
    from app.services.leads.search import LeadQuery, lead_ids

    row = ctx.interactions.create({"lead_id": lead.id, "kind": "meeting", "occurred_at": "2026-02-02",
                                   "notes": "Orçamento de maçãs e pêssegos"})
    assert lead_ids(ctx.db, LeadQuery(text="pessego")) == [lead.id]
    assert lead_ids(ctx.db, LeadQuery(text="ORCAMENTO MAC")) == [lead.id]
    ctx.interactions.delete(row.id)
    assert lead_ids(ctx.db, LeadQuery(text="pessego")) == []
