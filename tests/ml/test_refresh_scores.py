"""Stale scores are refreshed before each automations pass: new and edited open leads get a score."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.cli import main
from app.db.models import Interaction, Lead
from app.ml import workspace
from app.ml.refresh import refresh_scores, stale_leads
from tests.ml.test_light_imports import HEAVY
from tests.ml.test_workspace_ml import fill


def _score(ctx, lead_id):
    with ctx.db.session() as s:
        return s.execute(select(Lead.score, Lead.scored_at, Lead.segment).where(Lead.id == lead_id)).one()


def test_new_edited_and_contacted_leads_are_scored_again(ctx):
    fill(ctx, closed=60, open_=10)
    assert refresh_scores(ctx.db, ctx.settings.models_dir) == {"refreshed": 0, "skipped": "no scoring model yet"}
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    first = refresh_scores(ctx.db, ctx.settings.models_dir)  # never scored: every open lead
    assert first["refreshed"] == 10 and first["model"] == "naive_bayes (poucos dados) v1"
    assert refresh_scores(ctx.db, ctx.settings.models_dir) == {"refreshed": 0}
    new = ctx.leads.create({"name": "Nova Lead", "stage": "new", "source": "site"}).id
    assert _score(ctx, new).score is None
    assert refresh_scores(ctx.db, ctx.settings.models_dir)["refreshed"] == 1
    score, scored_at, segment = _score(ctx, new)
    assert 0 <= score <= 1 and abs(scored_at - datetime.now(UTC)) < timedelta(minutes=5) and segment
    with ctx.db.session() as s:
        old = s.scalars(select(Lead.id).where(Lead.stage == "proposal").order_by(Lead.id)).first()
    later = datetime.now(UTC)
    with ctx.db.transaction() as s:  # a visit logged after the score
        s.add(Interaction(lead_id=old, kind="meeting", occurred_at=later, duration_s=60))
        s.get(Lead, old).last_interaction_at = later
    ctx.leads.update(new, {"source": "feira"})
    assert stale_leads(ctx.db, None) == sorted([old, new])
    assert refresh_scores(ctx.db, ctx.settings.models_dir)["refreshed"] == 2
    assert stale_leads(ctx.db, None) == []


def test_closed_and_deleted_leads_are_not_rescored(ctx):
    fill(ctx, closed=60, open_=0)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    won = ctx.leads.create({"name": "Ganha", "stage": "won"}).id
    gone = ctx.leads.create({"name": "Apagada", "stage": "new"}).id
    with ctx.db.transaction() as s:
        s.get(Lead, gone).deleted_at = datetime.now(UTC)
    assert refresh_scores(ctx.db, ctx.settings.models_dir) == {"refreshed": 0}
    assert _score(ctx, won).score is None and _score(ctx, gone).score is None


def test_nothing_stale_is_quick_and_imports_nothing_heavy(ctx):
    fill(ctx, closed=60, open_=20)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    workspace.score_leads(ctx.db, ctx.settings.models_dir)
    code = ("import sys, json, time; from app.cli.common import context; from app.ml.refresh import refresh_scores; "
            "import argparse; ctx = context(argparse.Namespace()); t = time.perf_counter(); "
            "r = refresh_scores(ctx.db, ctx.settings.models_dir); s = time.perf_counter() - t; "
            f"print(json.dumps({{'report': r, 'seconds': s, 'heavy': [m for m in {HEAVY!r} + ('numpy',) "
            "if m in sys.modules]}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    verdict = json.loads(run.stdout.strip().splitlines()[-1])
    assert verdict["report"] == {"refreshed": 0} and verdict["heavy"] == []
    assert verdict["seconds"] < 1.0, verdict


def test_automations_pass_scores_a_new_lead_first(ctx, capsys):
    fill(ctx, closed=60, open_=5)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    workspace.score_leads(ctx.db, ctx.settings.models_dir)
    new = ctx.leads.create({"name": "Chegou Agora", "stage": "new"}).id
    started = time.perf_counter()
    main(["automations", "run", "--once", "--json"])  # Twilio not set up: nothing sent, the pass still runs
    capsys.readouterr()
    assert _score(ctx, new).score is not None and time.perf_counter() - started < 60
