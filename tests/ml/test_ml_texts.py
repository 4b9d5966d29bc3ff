"""What the models write for a rep is English text that remembers its template (a `Text`), so the
UI can show it in Portuguese: score factors, segment names and descriptions, next-action and
product reasons; the reasons' templates round-trip through recommendations.reason_data."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select

from app.db.models import Lead, ModelVersion, Recommendation
from app.ml import workspace
from app.ml.actions import NextActionBundle
from app.ml.explain import Factor, describe
from app.ml.features import LABELS
from app.ml.insights import lead_recommendations, segment_labels, segment_overview, segment_texts
from app.ml.products import FALLBACK_NOTE, Explainer
from app.ml.segments import FACTS, WORDS
from app.ml.tabular import Column
from app.texts import Text, from_data, to_data
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import actions_workspace, purchases_workspace

ML = Path(__file__).resolve().parents[2] / "app" / "ml"
MARKED = re.compile(r'QT_TRANSLATE_NOOP\("ML", "((?:[^"\\]|\\.)*)"\)')
PORTUGUESE = re.compile(r"[ãõçáéíóúâêô]|\b(dias|sem|compras|clientes|típico|registros|poucos|dados)\b", re.IGNORECASE)


def templates(value: object) -> set[str]:
    """Every template in a Text and the Texts among its values."""
    if not isinstance(value, Text):
        return set()
    return {value.template}.union(*(templates(v) for v in value.params.values()))


def marked() -> set[str]:
    return {m for path in ML.glob("*.py") for m in MARKED.findall(path.read_text(encoding="utf-8"))}


def test_every_ml_template_is_english_and_marked():
    found = marked()
    assert len(found) > 60, "the ML texts are marked with QT_TRANSLATE_NOOP('ML', …)"
    # "(poucos dados)" is the cold-start model's name, which the English UI quotes too
    portuguese = [t for t in found if PORTUGUESE.search(t.replace("(poucos dados)", ""))]
    assert not portuguese, "templates are English; pt-BR comes from the translations"
    assert all(isinstance(label, Text) and label.template in found for label in LABELS.values())
    assert all(w.template in found for w in (*WORDS.values(), *FACTS.values()))


def test_factors_of_a_column_are_templates_with_values():
    days = Column("days_since_last", "number", typical=5.0)
    text = workspace.phrase(days, 12.0)
    assert text == "days without contact: 12 (typical 5)"
    assert text.template == "{feature}: {value:.0f} (typical {typical:.0f})" and text.params["value"] == 12.0
    assert text.params["feature"] is LABELS["days_since_last"], "the feature's label is a Text too"
    assert workspace.phrase(Column("sms_reply_rate", "number", typical=0.25), 0.5) == \
        "SMS reply rate: 50% (typical 25%)"
    assert workspace.phrase(Column("has_email", "number", typical=1.0), 0.0) == "has an e-mail: no"
    assert workspace.phrase(days, float("nan")) == "days without contact: no record"
    source = Column("source", "category", levels=["site", "outro"])
    assert workspace.phrase(source, 0.0) == "source: site"
    assert workspace.phrase(source, 1.0) == "source: other" and workspace.phrase(source, 1.0).params["value"] == "other"
    assert describe(Column("visits", "number", typical=2.0), 7.0) == "visits above the typical (7; typical 2)"
    assert describe(Column("region", "category", levels=["sul"]), float("nan")) == "region: blank"


def test_explained_lead_factors_are_texts_and_json_friendly(ctx):
    fill(ctx, closed=60, open_=5)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        open_id = s.scalar(select(Lead.id).where(Lead.stage == "proposal").order_by(Lead.id))
    reasons = workspace.explain_lead(ctx.db, ctx.settings.models_dir, open_id)
    factors: list[Factor] = reasons.positive + reasons.negative
    assert factors
    for f in factors:
        assert isinstance(f.text, Text) and f.text.template == "{reason} ({points:+.0f} pts)"
        assert re.fullmatch(r".+ \([+-]\d+ pts\)", f.text), f.text
        assert isinstance(f.text.params["reason"], Text) and isinstance(f.text.params["points"], float)
        assert templates(f.text) <= marked()
        assert from_data(json.loads(json.dumps(to_data(f.text)))) == f.text
    data = json.loads(json.dumps(reasons.as_dict()))
    assert [f["text"] for f in data["for"] + data["against"]] == [str(f.text) for f in factors]


def test_segment_names_and_descriptions_are_stored_as_texts(ctx):
    fill(ctx, closed=60, open_=40)
    report = workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert "segment_texts" not in report["segmentation"], "the texts are for the UI, not the printed report"
    workspace.score_leads(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        stored = set(s.scalars(select(Lead.segment).where(Lead.segment.is_not(None))))
        metrics = s.scalar(select(ModelVersion.metrics).where(ModelVersion.kind == "segmentation"))
    assert stored and stored == set(metrics["segments"]) == set(metrics["segment_texts"])
    texts = segment_texts(ctx.db)
    known = marked()
    for name in stored:
        text = texts[name]
        assert isinstance(text.name, Text) and text.name == name, "leads keep the English name"
        assert name.startswith(("Customers ", "Leads ", "Typical ")) and not PORTUGUESE.search(name)
        assert templates(text.name) <= known and templates(text.description) <= known
        assert isinstance(text.description, Text) and text.description.endswith(".")
    assert segment_labels(ctx.db) == {name: texts[name].name for name in stored}
    overview = {s.name: s for s in segment_overview(ctx.db)}
    assert all(isinstance(s.label, Text) and s.label == s.name and s.description for s in overview.values())


def test_segments_from_before_the_texts_are_shown_as_stored(ctx):
    lead = ctx.leads.create({"name": "Antiga", "stage": "new"})
    with ctx.db.transaction() as s:
        s.get(Lead, lead.id).segment = "Leads recentes"
    assert segment_texts(ctx.db) == {}
    [summary] = segment_overview(ctx.db)
    assert summary.label == "Leads recentes" and not isinstance(summary.label, Text) and summary.description is None


def test_recommendation_reasons_round_trip_through_reason_data(ctx):
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=80)
    customers = purchases_workspace(ctx, customers=12)  # too few for the network: the labelled fallback
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        rows = s.scalars(select(Recommendation).order_by(Recommendation.id)).all()
    assert {r.kind for r in rows} == {"next_action", "product"}
    known = marked()
    for row in rows:
        text = from_data(row.reason_data)
        assert isinstance(text, Text) and text == row.reason, "reason_data is the Text the English reason came from"
        assert templates(text) <= known
    action = next(r for r in rows if r.kind == "next_action")
    assert from_data(action.reason_data).template.startswith("{chance:.0%} of similar leads replied")
    product = next(r for r in rows if r.kind == "product" and r.lead_id == customers[0])
    assert from_data(product.reason_data).template == FALLBACK_NOTE
    shown = lead_recommendations(ctx.db, ctx.settings.models_dir, customers[0], ctx.user.id)
    assert shown.of("product") and all(isinstance(r.reason, Text) for r in shown.of("product"))


def test_rows_written_before_reason_data_keep_their_text(ctx):
    lead = ctx.leads.create({"name": "Antiga", "stage": "new"})
    with ctx.db.transaction() as s:
        s.add(Recommendation(lead_id=lead.id, kind="next_action", rank=1, item="call", score=0.5,
                             reason="Ligar: 45% responderam", created_at=pd.Timestamp.now(tz="UTC").to_pydatetime()))
    [row] = lead_recommendations(ctx.db, ctx.settings.models_dir, lead.id, ctx.user.id).rows
    assert row.reason == "Ligar: 45% responderam" and not isinstance(row.reason, Text)


def test_next_action_reason_keeps_numbers_and_the_template_name():
    bundle = NextActionBundle(encoder=None, models=None, actions=["call", "sms:Boas-vindas"], rates=[0.2, 0.35],  # type: ignore[arg-type]
                              counts=[120, 40])
    call = bundle.reason("call", 0.456)
    assert call == ("46% of similar leads replied, moved forward or closed within 14 days of a call "
                    "(team average 20%; logged: 120)")
    assert call.params["chance"] == 0.456 and call.params["action"].template == "a call"
    sms = bundle.reason("sms:Boas-vindas", 0.5)
    assert "of the SMS “Boas-vindas”" in sms and sms.params["action"].params == {"template": "Boas-vindas"}


def test_product_reasons_own_history_co_purchase_and_fallback():
    history = pd.DataFrame({
        "customer": ["1", "1", "2", "2", "3", "3", "4"],
        "item": ["CAF", "FIL", "CAF", "FIL", "CAF", "FIL", "CAF"],
        "description": ["Café", "Filtro", "Café", "Filtro", "Café", "Filtro", "Café"],
        "time": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06",
                                "2024-03-07"]),
        "invoice": ["a", "b", "c", "d", "e", "f", "g"], "quantity": [1] * 7})
    explainer = Explainer(history, pd.Timestamp("2024-04-01"))
    both = explainer.reason("1", "FIL", False)
    assert both == "Bought it 1× (last on 2024-03-02); 75% of the customers who buy Café also buy this"
    assert both.template == "{first}; {second}" and both.params["first"].params["date"] == date(2024, 3, 2)
    fallback = explainer.reason("4", "FIL", True)
    assert fallback.template == FALLBACK_NOTE and fallback.params["reason"].params["share"] == 0.75
    assert str(fallback).startswith("Little purchase data — a simple suggestion, no model. 75% of the customers")
    popular = explainer.reason("9", "CAF", False)
    assert popular == "Among the most bought (customers in the last 90 days: 4)"
    assert json.loads(json.dumps(to_data(both)))["p"]["first"]["p"]["date"] == {"date": "2024-03-02"}
    assert np.isclose(from_data(to_data(fallback)).params["reason"].params["share"], 0.75)
