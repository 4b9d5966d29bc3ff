"""Lead service: validation with field-named messages, audit, stage history, soft delete + undo, conflicts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db.models import AuditEntry, Lead, StageChange
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.leads import audit


def test_create_normalises_phone_email_and_tags(ctx):
    lead = ctx.leads.create({
        "name": "  Maria Conceição ", "company": "Padaria Pão Quente", "phone": "(21) 99876-5432",
        "email": "Maria@Padaria.com.br", "tags": "vip; rio, vip", "stage": "Qualified", "country": "Brasil",
    })
    assert lead.name == "Maria Conceição"
    assert lead.phone == "+5521998765432"
    assert lead.tags == ("rio", "vip")
    assert lead.stage == "qualified"
    assert lead.country == "BR"
    assert lead.owner == "ana"  # the current user owns what they create
    with ctx.db.session() as s:
        assert s.get(Lead, lead.id).email_norm == "maria@padaria.com.br"


def test_every_bad_field_is_named(ctx):
    with pytest.raises(ValidationError) as err:
        ctx.leads.create({"name": "", "phone": "12345", "email": "nope", "stage": "dreaming", "lat": "91",
                          "owner": "ghost", "shoe_size": 42})
    problems = err.value.problems
    assert set(problems) == {"name", "phone", "email", "stage", "lat", "owner", "shoe_size"}
    assert "required" in problems["name"]
    assert "'12345'" in problems["phone"]
    assert "dreaming" in problems["stage"] and "new" in problems["stage"]
    assert "not a lead field" in problems["shoe_size"]


def test_failed_create_writes_nothing(ctx):
    with pytest.raises(ValidationError):
        ctx.leads.create({"name": "X", "phone": "abc"})
    with ctx.db.session() as s:
        assert s.scalars(select(Lead)).all() == []
        assert s.scalars(select(AuditEntry)).all() == []


def test_update_records_audit_and_stage_history(ctx):
    lead = ctx.leads.create({"name": "Carlos Araújo"})
    updated = ctx.leads.update(lead.id, {"stage": "proposal", "company": "Araújo & Filhos"})
    assert updated.version == lead.version + 1
    assert updated.stage == "proposal"
    lines = audit.history(ctx.db, "lead", lead.id)
    assert [line.action for line in lines] == ["create", "update"]
    assert lines[1].user == "ana"
    assert lines[1].changes["stage"] == ["new", "proposal"]
    assert lines[1].changes["company"] == [None, "Araújo & Filhos"]
    with ctx.db.session() as s:
        path = [(c.from_stage, c.to_stage) for c in s.scalars(select(StageChange).order_by(StageChange.id))]
    assert path == [(None, "new"), ("new", "proposal")]


def test_no_op_update_changes_nothing(ctx):
    lead = ctx.leads.create({"name": "Ana"})
    again = ctx.leads.update(lead.id, {"name": "Ana"})
    assert again.version == lead.version
    assert [line.action for line in audit.history(ctx.db, "lead", lead.id)] == ["create"]


def test_stale_version_is_a_conflict_not_a_silent_overwrite(ctx):
    lead = ctx.leads.create({"name": "Beatriz"})
    ctx.leads.update(lead.id, {"company": "Loja A"}, expected_version=lead.version)
    with pytest.raises(ConflictError, match="changed by someone else"):
        ctx.leads.update(lead.id, {"company": "Loja B"}, expected_version=lead.version)
    assert ctx.leads.get(lead.id).company == "Loja A"


def test_delete_and_undo(ctx):
    lead = ctx.leads.create({"name": "Diego"})
    ctx.leads.delete(lead.id)
    with pytest.raises(NotFoundError):
        ctx.leads.get(lead.id)
    assert ctx.leads.get(lead.id, include_deleted=True).deleted_at is not None
    ctx.leads.restore(lead.id)
    assert ctx.leads.get(lead.id).deleted_at is None
    assert [line.action for line in audit.history(ctx.db, "lead", lead.id)] == ["create", "delete", "restore"]


def test_bulk_delete_and_restore(ctx):
    ids = [ctx.leads.create({"name": f"Lead {i}"}).id for i in range(3)]
    assert ctx.leads.delete_many(ids[:2]) == 2
    assert ctx.leads.delete_many(ids[:2]) == 0
    assert ctx.leads.restore_many(ids) == 2
    assert all(ctx.leads.get(i).deleted_at is None for i in ids)


def test_updating_contact_fields_refreshes_search(ctx):
    from app.services.leads.search import LeadQuery, lead_ids

    lead = ctx.leads.create({"name": "Fernanda"})
    assert lead_ids(ctx.db, LeadQuery(text="gonçalves")) == []
    ctx.leads.update(lead.id, {"name": "Fernanda Gonçalves", "phone": "+55 31 98888-7777"})
    assert lead_ids(ctx.db, LeadQuery(text="goncalves")) == [lead.id]
    assert lead_ids(ctx.db, LeadQuery(text="988887777")) == [lead.id]


def test_sms_consent_is_timestamped(ctx):
    lead = ctx.leads.create({"name": "Gabriel", "sms_consent": "sim", "sms_consent_source": "formulário"})
    assert lead.sms_consent is True
    assert lead.sms_consent_at is not None and lead.sms_consent_at.tzinfo is not None
    with pytest.raises(ValidationError, match="yes/no"):
        ctx.leads.update(lead.id, {"sms_consent": "talvez"})
