"""The demo workspace: realistic, valid, consistent, deterministic, generated once."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from sqlalchemy import delete, func, select

from app.cli import main
from app.db.models import ConsentEvent, Interaction, Lead, Purchase, StageChange, SyncState, User, lead_tags
from app.errors import ValidationError
from app.progress import Cancelled, Progress
from app.services.demo import generator as demo
from app.services.leads.normalize import fold, lead_search_text, parse_email, parse_phone
from app.services.leads.search import LeadQuery, lead_ids

AS_OF = datetime(2025, 6, 30, 15, 0, tzinfo=UTC)
AREA_CODES = {"11", "21", "31", "41", "51", "81", "71", "19"}


@pytest.fixture
def workspace(ctx):
    summary = demo.generate(ctx.db, leads=150, seed=3, actor_id=ctx.user.id, as_of=AS_OF)
    return ctx, summary


def _count(ctx, what) -> int:
    with ctx.db.session() as session:
        return session.scalar(select(func.count()).select_from(what))


def _leads(ctx) -> list[Lead]:
    with ctx.db.session() as session:
        return list(session.scalars(select(Lead).order_by(Lead.id)).unique())


def test_counts_match_the_summary(workspace):
    ctx, summary = workspace
    assert summary.leads == _count(ctx, Lead) == 150
    assert summary.interactions == _count(ctx, Interaction) > 150 * 5
    assert summary.purchases == _count(ctx, Purchase) >= summary.customers > 0
    assert summary.stage_changes == _count(ctx, StageChange) > 150
    assert summary.users == 5
    with ctx.db.session() as session:
        team = session.scalars(select(User).where(User.username.like("%.%"))).all()
        customers = session.scalar(select(func.count()).where(Lead.kind == "customer"))
        won = session.scalar(select(func.count()).where(Lead.stage == "won"))
        assert session.scalar(select(func.count()).select_from(lead_tags)) > 0
        assert session.scalar(select(func.count()).select_from(ConsentEvent)) > 100
    assert sorted(u.role for u in team) == ["manager", "rep", "rep", "rep", "rep"]
    assert customers == won == summary.customers


def test_funnel_has_many_open_and_few_closed_leads(workspace):
    ctx, _ = workspace
    stages = [lead.stage for lead in _leads(ctx)]
    early = sum(stage in ("new", "contacted") for stage in stages)
    closed = sum(stage in ("won", "lost") for stage in stages)
    assert early > closed > 0
    assert set(stages) >= {"new", "contacted", "qualified", "won", "lost"}


def test_every_phone_and_email_is_valid(workspace):
    ctx, _ = workspace
    for lead in _leads(ctx):
        assert parse_phone(lead.phone) == lead.phone
        assert lead.phone.startswith("+55") and lead.phone[3:5] in AREA_CODES and lead.phone[5] == "9"
        assert parse_email(lead.email) == lead.email and lead.email.isascii()
        assert lead.email_norm == lead.email.lower()


def test_every_lead_is_complete_and_searchable(workspace):
    ctx, _ = workspace
    leads = _leads(ctx)
    for lead in leads:
        assert lead.search_text == lead_search_text(lead.name, lead.company, lead.email, lead.phone, lead.city)
        assert lead.timezone in ("America/Sao_Paulo", "America/Recife", "America/Bahia")
        assert lead.postal_code and len(lead.postal_code) == 9 and lead.postal_code[5] == "-"
        assert lead.address and lead.city and lead.state and lead.country == "BR" and lead.custom == {}
        assert lead.value and float(lead.value) > 0
        assert lead.created_at <= AS_OF and lead.updated_at <= AS_OF
        if lead.sms_consent:
            assert lead.sms_consent_source in ("formulário do site", "import")
        if lead.sms_opt_out:
            assert lead.sms_opt_out_at is not None
    with_coordinates = [lead for lead in leads if lead.lat is not None]
    assert len(with_coordinates) > len(leads) * 0.8
    assert all(-31 < lead.lat < -7 and -52 < lead.lng < -34 for lead in with_coordinates)
    assert any(not lead.sms_consent for lead in leads) and sum(lead.sms_consent for lead in leads) > len(leads) / 2


def test_stage_history_tells_each_leads_way_to_its_stage(workspace):
    ctx, _ = workspace
    history = defaultdict(list)
    with ctx.db.session() as session:
        for change in session.scalars(select(StageChange).order_by(StageChange.lead_id, StageChange.changed_at)):
            history[change.lead_id].append(change)
    for lead in _leads(ctx):
        steps = history[lead.id]
        assert steps[0].from_stage is None and steps[0].to_stage == "new"
        assert steps[0].changed_at == lead.created_at
        for before, after in pairwise(steps):
            assert after.from_stage == before.to_stage and after.changed_at > before.changed_at
        assert steps[-1].to_stage == lead.stage
        assert steps[-1].changed_at == lead.stage_changed_at
        assert (lead.kind == "customer") == (lead.stage == "won")


def test_interactions_fit_each_leads_timeline(workspace):
    ctx, _ = workspace
    with ctx.db.session() as session:
        rows = session.execute(select(Interaction.lead_id, Interaction.kind, Interaction.occurred_at,
                                      Interaction.duration_s, Interaction.notes)).all()
    by_lead = defaultdict(list)
    for row in rows:
        by_lead[row.lead_id].append(row)
    kinds = {row.kind for row in rows}
    assert kinds == {"call", "meeting", "visit", "note", "sms_out", "sms_in", "email"}
    for lead in _leads(ctx):
        mine = by_lead[lead.id]
        if not mine:
            assert lead.last_interaction_at is None
            continue
        assert lead.last_interaction_at == max(row.occurred_at for row in mine)
        assert all(lead.created_at <= row.occurred_at <= AS_OF for row in mine)
    assert all(row.duration_s and row.duration_s >= 1200 for row in rows if row.kind == "meeting")
    assert sum(row.notes is not None for row in rows) > len(rows) / 2


def test_won_leads_had_more_meetings_and_visits(ctx):
    demo.generate(ctx.db, leads=400, seed=11, as_of=AS_OF)
    per_stage = defaultdict(list)
    with ctx.db.session() as session:
        face_to_face = dict(session.execute(
            select(Interaction.lead_id, func.count()).where(Interaction.kind.in_(("meeting", "visit")))
            .group_by(Interaction.lead_id)
        ).all())
        for lead_id, stage in session.execute(select(Lead.id, Lead.stage)):
            per_stage[stage].append(face_to_face.get(lead_id, 0))
    mean = {stage: sum(counts) / len(counts) for stage, counts in per_stage.items()}
    assert mean["won"] > 1.5 * mean["lost"] > 0
    assert mean["won"] > 3 * mean["contacted"]
    assert mean["new"] == 0


def test_search_finds_an_accented_name_typed_without_accents(workspace):
    ctx, _ = workspace
    accented = next(lead for lead in _leads(ctx) if fold(lead.name) != lead.name.lower())
    first, last = accented.name.split()[0], accented.name.split()[-1]
    typed = f"{fold(first)} {fold(last)[:3]}"
    assert typed.isascii()
    assert accented.id in lead_ids(ctx.db, LeadQuery(text=typed))


def test_search_finds_generated_notes_and_new_leads_after_generation(workspace):
    ctx, _ = workspace
    assert lead_ids(ctx.db, LeadQuery(text="assinatura eletronica"))  # interaction notes are indexed
    created = ctx.leads.create({"name": "Zé Ninguém Quiróz"})
    assert lead_ids(ctx.db, LeadQuery(text="ninguem quiroz")) == [created.id]  # the triggers are back


def test_same_seed_gives_the_same_workspace(ctx):
    first = demo.generate(ctx.db, leads=60, seed=5, as_of=AS_OF)
    second = demo.generate(ctx.db, leads=60, seed=5, as_of=AS_OF)
    assert (first.customers, first.interactions, first.purchases) == (second.customers, second.interactions,
                                                                      second.purchases)
    with ctx.db.session() as session:
        leads = session.execute(select(Lead.id, Lead.uuid, Lead.name, Lead.company, Lead.email, Lead.phone,
                                       Lead.stage, Lead.city, Lead.lat, Lead.value, Lead.created_at)
                                .order_by(Lead.id)).all()
        notes = session.execute(select(Interaction.kind, Interaction.occurred_at, Interaction.notes)
                                .order_by(Interaction.id)).all()
    assert [row[2:] for row in leads[:60]] == [row[2:] for row in leads[60:]]
    assert notes[: first.interactions] == notes[first.interactions:]
    assert len({row.uuid for row in leads}) == 120  # identities stay unique
    third = demo.generate(ctx.db, leads=60, seed=6, as_of=AS_OF)
    assert third.interactions != first.interactions or third.customers != first.customers


def test_bad_sizes_are_refused(ctx):
    with pytest.raises(ValidationError):
        demo.generate(ctx.db, leads=0)
    with pytest.raises(ValidationError):
        demo.generate(ctx.db, leads=demo.MAX_LEADS + 1)


def test_cancelling_leaves_nothing_behind(ctx):
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        demo.generate(ctx.db, leads=30, progress=progress)
    assert _count(ctx, Lead) == 0 and _count(ctx, Interaction) == 0
    created = ctx.leads.create({"name": "Conceição Araújo"})
    assert lead_ids(ctx.db, LeadQuery(text="conceicao araujo")) == [created.id]  # search triggers intact
    ctx.interactions.create({"lead_id": created.id, "kind": "note", "occurred_at": AS_OF, "notes": "xilogravura"})
    assert lead_ids(ctx.db, LeadQuery(text="xilogravura")) == [created.id]


def test_large_workspaces_get_thinner_histories():
    assert demo.default_interactions_per_lead(300) == 12
    assert demo.default_interactions_per_lead(100_000) == 12
    assert demo.default_interactions_per_lead(1_000_000) == 2


def test_first_start_fills_an_empty_workspace_once(ctx):
    assert demo.fill_on_first_start(ctx.db, ctx.user.id, leads=40) is True
    assert _count(ctx, Lead) == 40
    assert demo.fill_on_first_start(ctx.db, ctx.user.id, leads=40) is False
    assert _count(ctx, Lead) == 40
    ctx.leads.delete_many(lead_ids(ctx.db, LeadQuery()))
    assert demo.fill_on_first_start(ctx.db, ctx.user.id, leads=40) is False
    with ctx.db.transaction() as session:
        session.execute(delete(Lead))  # gone for good, not just soft-deleted
    assert demo.fill_on_first_start(ctx.db, ctx.user.id, leads=40) is False
    assert _count(ctx, Lead) == 0


def test_first_start_leaves_an_existing_workspace_alone(ctx):
    ctx.leads.create({"name": "Cliente Antigo"})
    assert demo.fill_on_first_start(ctx.db, ctx.user.id) is False
    assert _count(ctx, Lead) == 1
    with ctx.db.session() as session:
        assert session.get(SyncState, demo.INITIALISED_KEY) is not None


def test_cli_demo(ctx, capsys):
    assert main(["demo", "--leads", "25", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["leads"] == 25 and out["users"] == 5 and out["interactions"] > 0 and "seconds" in out
    assert {"customers", "purchases"} <= set(out)
    assert _count(ctx, Lead) == 25

    assert main(["demo", "--leads", "5"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert _count(ctx, Lead) == 25

    assert main(["demo", "--leads", "5", "--force"]) == 0
    assert "5 leads" in capsys.readouterr().out
    assert _count(ctx, Lead) == 30


@pytest.mark.parametrize("bad", [["--leads", "0"], ["--leads", "-3"], ["--leads", "many"], ["--leads", "2.5"],
                                 ["--seed", "x"], ["--leads", "1000001"]])
def test_cli_demo_refuses_bad_input(ctx, capsys, bad):
    assert main(["demo", *bad]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert _count(ctx, Lead) == 0
