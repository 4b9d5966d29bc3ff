"""A lead's time zone must be a real IANA zone (the field is named in the error, in the form and in an
import), and every consent change - by a rep or by an import - leaves a ConsentEvent with its source."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import ConsentEvent, Lead
from app.errors import ValidationError
from app.services.transfer.importing import ImportOptions, import_file


def _events(ctx, lead_id):
    with ctx.db.session() as s:
        return [(e.action, e.source, e.user_id) for e in
                s.scalars(select(ConsentEvent).where(ConsentEvent.lead_id == lead_id).order_by(ConsentEvent.id))]


def _lead(ctx, lead_id):
    with ctx.db.session() as s:
        return s.get(Lead, lead_id)


def test_an_unknown_time_zone_is_refused_naming_the_field(ctx):
    with pytest.raises(ValidationError) as error:
        ctx.leads.create({"name": "Marte", "timezone": "Mars/Base"})
    assert set(error.value.problems) == {"timezone"} and "Mars/Base" in str(error.value.problems["timezone"])
    lead = ctx.leads.create({"name": "Recife", "timezone": "America/Recife"})
    assert lead.timezone == "America/Recife"
    with pytest.raises(ValidationError) as error:
        ctx.leads.update(lead.id, {"timezone": "../../etc/passwd"})
    assert set(error.value.problems) == {"timezone"}


def test_import_reports_an_unknown_time_zone_on_its_row(ctx, tmp_path: Path):
    path = tmp_path / "leads.csv"
    path.write_text("name,phone,timezone\nAna,+5511987650001,America/Sao_Paulo\nBia,+5511987650002,Mars/Base\n",
                    encoding="utf-8")
    result = import_file(ctx.db, path, ImportOptions("leads", valid_only=True), actor_id=ctx.user.id)
    assert result.created == 1
    assert [(e.row, e.column) for e in result.errors] == [(3, "timezone")] and "Mars/Base" in result.errors[0].reason


def test_a_rep_changing_consent_records_an_event_and_the_source(ctx):
    lead = ctx.leads.create({"name": "Carla", "phone": "+5511987650003"})
    assert _events(ctx, lead.id) == []
    ctx.leads.update(lead.id, {"sms_consent": True})
    assert _events(ctx, lead.id) == [("consent", "user", ctx.user.id)]
    assert _lead(ctx, lead.id).sms_consent_source == "user"
    ctx.leads.update(lead.id, {"sms_consent": False})
    assert _events(ctx, lead.id)[-1] == ("revoke", "user", ctx.user.id)
    created = ctx.leads.create({"name": "Dora", "phone": "+5511987650004", "sms_consent": True,
                                "sms_consent_source": "form"})
    assert _events(ctx, created.id) == [("consent", "form", ctx.user.id)]


def test_an_import_changing_consent_records_import_events(ctx, tmp_path: Path):
    path = tmp_path / "leads.csv"
    path.write_text("name,phone,sms_consent\nEva,+5511987650005,sim\n", encoding="utf-8")
    import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id)
    with ctx.db.session() as s:
        eva = s.scalar(select(Lead.id).where(Lead.name == "Eva"))
    assert _events(ctx, eva) == [("consent", "import", ctx.user.id)]
    existing = ctx.leads.create({"name": "Fabi", "phone": "+5511987650006"})
    path.write_text("name,phone,sms_consent\nFabi,+5511987650006,sim\n", encoding="utf-8")
    import_file(ctx.db, path, ImportOptions("leads", duplicates="update"), actor_id=ctx.user.id)
    assert _events(ctx, existing.id) == [("consent", "import", ctx.user.id)]
    assert _lead(ctx, existing.id).sms_consent_source == "import"
