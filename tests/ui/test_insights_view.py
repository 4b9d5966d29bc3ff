"""The Insights screen: segments with "Show in list", models with honest quality, retrain with progress."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from app.db.models import Lead, ModelVersion
from app.ml.insights import MODEL_KINDS
from app.services.demo.generator import generate
from app.ui import errors
from app.ui.insights.view import InsightsView, quality_parts
from tests.ui.conftest import idle


def texts(widget):
    return " ".join(label.text() for label in widget.findChildren(QLabel))


def shown(qtbot, ctx, runner):
    view = InsightsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    with qtbot.waitSignal(view.loaded, timeout=15000):
        view.show()
    return view


def test_empty_workspace_explains_what_to_do(qtbot, ctx, runner):
    view = shown(qtbot, ctx, runner)
    assert view.segment_cards == []
    assert "No segments yet" in texts(view.segments_page)
    assert [card.model.kind for card in view.model_cards] == list(MODEL_KINDS)
    assert all(card.state.text() == "not trained" for card in view.model_cards)
    assert texts(view.models_page).count("Not trained yet.") == len(MODEL_KINDS)
    assert view.retrain_button.isEnabled() and not view.progress.isVisible()


def test_retrain_with_progress_then_segments_and_models(qtbot, ctx, runner):
    generate(ctx.db, leads=150, actor_id=ctx.user.id)
    view = shown(qtbot, ctx, runner)
    steps = []
    with qtbot.waitSignal(view.models_changed, timeout=60000):
        qtbot.mouseClick(view.retrain_button, Qt.MouseButton.LeftButton)
        assert not view.retrain_button.isEnabled() and not view.progress.isHidden()
        view.training.signals.progressed.connect(lambda done, total, _t: steps.append((done, total)))
    assert steps and steps[-1][0] == steps[-1][1], "progress reached its total"
    assert view.retrain_button.isEnabled() and view.progress.isHidden()
    qtbot.waitUntil(lambda: view.data is not None and bool(view.segment_cards), timeout=15000)
    with ctx.db.session() as s:
        live = len(s.scalars(select(Lead.id)).all())
    assert sum(card.segment.size for card in view.segment_cards) == live
    cards = {card.model.kind: card for card in view.model_cards}
    scoring = cards["scoring"]
    assert scoring.model.active is not None and scoring.model.few_data
    assert "little data" in scoring.state.text() and "Little data" in texts(scoring)
    assert "closed lead" in texts(scoring), "how many leads it learned from"
    assert scoring.history.topLevelItemCount() == 1 and scoring.history.topLevelItem(0).text(5) == "in use"
    assert cards["segmentation"].model.active is not None and "segment" in texts(cards["segmentation"]).lower()
    with qtbot.waitSignal(view.show_segment, timeout=2000) as blocker:
        qtbot.mouseClick(view.segment_cards[0].button, Qt.MouseButton.LeftButton)
    assert blocker.args == [view.segment_cards[0].segment.name]
    idle(qtbot, runner)


def test_cancel_stops_training_and_says_so(qtbot, ctx, runner, monkeypatch):
    messages = []
    monkeypatch.setattr("app.ui.insights.view.notify", lambda _w, text, level="info": messages.append(text))
    generate(ctx.db, leads=120, actor_id=ctx.user.id)
    view = shown(qtbot, ctx, runner)
    view.start_retrain()
    view.cancel_retrain()
    assert view.progress_label.text() == "Stopping…"
    qtbot.waitUntil(lambda: view.training is None, timeout=60000)
    assert messages == ["Training stopped. The models in use were kept."]
    assert view.retrain_button.isEnabled() and view.progress.isHidden()
    idle(qtbot, runner)


def test_training_without_a_lost_lead_skips_scoring_with_a_clear_message(qtbot, ctx, runner, monkeypatch):
    shown_errors, notes = [], []
    monkeypatch.setattr("app.ui.insights.view.report_error", lambda _w, exc: shown_errors.append(errors.describe(exc)))
    monkeypatch.setattr("app.ui.insights.view.notify", lambda _w, text, *kind: notes.append((text, kind)))
    ctx.leads.create({"name": "Só uma", "stage": "won"})
    view = shown(qtbot, ctx, runner)
    view.start_retrain()
    qtbot.waitUntil(lambda: view.training is None, timeout=30000)
    assert not shown_errors, "too few closed leads: the other models still train"
    assert notes and "lead scoring was not" in notes[0][0] and "poucos dados" in notes[0][0], notes
    assert notes[0][1] == ("warning",)
    idle(qtbot, runner)


def test_version_history_says_when_a_worse_model_was_kept(qtbot, ctx, runner):
    now = datetime.now(UTC)
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind="scoring", version=1, path="a.pkl", n_train=900, trained_at=now, active=True,
                           metrics={"auc_latest": 0.84, "brier": 0.12, "lift_top_decile": 2.9,
                                    "model": "gradient_boosting"}))
        s.add(ModelVersion(kind="scoring", version=2, path="b.pkl", n_train=950, trained_at=now, active=False,
                           metrics={"auc_latest": 0.79, "model": "gradient_boosting"},
                           note="not activated: the new model scores AUC 0.790; kept v1"))
    view = shown(qtbot, ctx, runner)
    card = next(c for c in view.model_cards if c.model.kind == "scoring")
    assert card.state.text() == "v1 in use" and not card.model.few_data
    shown_text = texts(card)
    assert "AUC 0.84 on the newest leads" in shown_text and "Brier 0.120" in shown_text and "×2.9" in shown_text
    assert "A newer version (v2) was trained but not put in use: not activated" in shown_text
    history = card.history
    assert [history.topLevelItem(i).text(0) for i in range(2)] == ["v2", "v1"]
    assert history.topLevelItem(0).text(5) == "not in use" and "kept v1" in history.topLevelItem(0).text(6)


def test_quality_words():
    parts = dict(quality_parts({"auc_latest": 0.8123, "k": 4, "won": 3, "lost": 9, "flag": True}))
    assert set(parts) - {"4 segment(s)", "4 segments"} == {"AUC 0.81 on the newest leads", "3 won / 9 lost"}
    assert len(parts) == 3
    assert "coin toss" in parts["AUC 0.81 on the newest leads"]


def test_show_in_list_from_the_main_window(qtbot, window, runner, ctx, seeded):
    with ctx.db.transaction() as s:
        for name in ("João Silva", "José Santos"):
            s.get(Lead, seeded[name]).segment = "Leads recentes"
    window.show_screen("insights")
    idle(qtbot, runner)
    insights = window.pages["insights"]
    assert isinstance(insights, InsightsView)
    with qtbot.waitSignal(window.leads.model.loaded, timeout=15000):
        insights.show_segment.emit("Leads recentes")
    assert window.current_key() == "leads"
    assert sorted(window.leads.model.ids) == sorted([seeded["João Silva"], seeded["José Santos"]])
    idle(qtbot, runner)
