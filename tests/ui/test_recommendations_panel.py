"""The recommendations panel: reasons, votes stored and shown again, and empty states that say why."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from app.db.models import Feedback, ModelVersion, Recommendation
from app.ui.leads.detail import LeadDetail
from app.ui.leads.recommendations import ElidedLabel, RecommendationsPanel, action_title


def _model(ctx, kind, version=2):
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind=kind, version=version, path=f"{kind}-v{version}.pkl", metrics={}, n_train=50,
                           trained_at=datetime.now(UTC), active=True))


def _recommend(ctx, lead_id, kind, items, version=2):
    with ctx.db.transaction() as s:
        for rank, (item, reason) in enumerate(items, start=1):
            s.add(Recommendation(lead_id=lead_id, kind=kind, rank=rank, item=item, score=1 / rank, reason=reason,
                                 model_version=version, created_at=datetime.now(UTC)))


def _dropped(label, panel):
    """Hidden on purpose (an old row waiting for deleteLater), as opposed to not shown yet."""
    widget = label
    while widget is not None and widget is not panel:
        if widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            return True
        widget = widget.parentWidget()
    return False


def _texts(panel):
    return " ".join(label.text() for label in panel.findChildren(QLabel) if not _dropped(label, panel))


def _shown(qtbot, panel, lead_id):
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show_lead(lead_id)
    return panel


def _panel(qtbot, ctx, runner):
    panel = RecommendationsPanel(ctx, runner)
    qtbot.addWidget(panel)
    panel.resize(440, 500)
    panel.show()
    return panel


def _feedback(ctx):
    with ctx.db.session() as s:
        return [(r.target, r.kind, r.item, r.rating, r.reason, r.model_version)
                for r in s.scalars(select(Feedback).where(Feedback.withdrawn_at.is_(None)).order_by(Feedback.id))]


def test_no_model_says_train_in_insights(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Nova", "stage": "new"})
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    assert "no recommendation model has been trained" in _texts(panel)
    assert [b.text() for b in panel.findChildren(QPushButton)] == ["Train the models in Insights"]
    assert panel.items == []


def test_recommendations_with_reasons_and_a_vote_round_trip(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Aberta", "stage": "qualified"})
    _model(ctx, "next_action")
    _recommend(ctx, lead.id, "next_action", [("call", "Ligar: 45% responderam em leads parecidos"),
                                             ("sms:Boas-vindas", "SMS de boas-vindas: 30% responderam"),
                                             ("email", "E-mail: 20%"), ("visit", "Visita: 10%")])
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    assert [i.row.item for i in panel.items] == ["call", "sms:Boas-vindas", "email"], "the top three actions"
    shown = _texts(panel)
    assert "Call" in shown and "Send the SMS “Boas-vindas”" in shown and "Ligar: 45% responderam" in shown
    assert isinstance(panel.items[1].findChild(ElidedLabel), ElidedLabel), "the others' reasons on one line"
    assert "No product model yet" in shown
    first = panel.items[0]
    with qtbot.waitSignal(panel.voted, timeout=10000):
        qtbot.mouseClick(first.votes.down, Qt.MouseButton.LeftButton)
    assert _feedback(ctx) == [("recommendation", "next_action", "call", -1, None, 2)]
    assert first.votes.down.isChecked()
    with qtbot.waitSignal(panel.voted, timeout=10000):
        panel.items[1].votes.down.menu().actions()[0].trigger()  # "Already done"
    panel = _shown(qtbot, panel, lead.id)  # reload: the votes come back from the database
    assert [i.votes.rating for i in panel.items] == [-1, -1, 0]
    assert _feedback(ctx)[1][3:5] == (-1, "Already done")
    with qtbot.waitSignal(panel.voted, timeout=10000):
        qtbot.mouseClick(panel.items[0].votes.down, Qt.MouseButton.LeftButton)
    assert [r[2] for r in _feedback(ctx)] == ["sms:Boas-vindas"], "a second click withdraws the vote"


def test_empty_sections_say_why(qtbot, ctx, runner):
    _model(ctx, "next_action")
    _model(ctx, "products")
    won = ctx.leads.create({"name": "Cliente", "stage": "won"})
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), won.id)
    shown = _texts(panel)
    assert "suggested for open leads" in shown
    assert "has no purchases yet" in shown
    open_lead = ctx.leads.create({"name": "Aberta", "stage": "new"})
    panel = _shown(qtbot, panel, open_lead.id)
    assert "worked out when the leads are scored" in _texts(panel)
    assert not [b for b in panel.findChildren(QPushButton) if not _dropped(b, panel)], "trained: no link to Insights"


def test_products_show_for_a_customer(qtbot, ctx, runner):
    _model(ctx, "products", 5)
    lead = ctx.leads.create({"name": "Compradora", "stage": "won"})
    _recommend(ctx, lead.id, "product", [("CAF-1KG", "Clientes parecidos compraram"), ("FIL-100", "Combina")], 5)
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    assert [i.row.item for i in panel.items] == ["CAF-1KG", "FIL-100"]
    with qtbot.waitSignal(panel.voted, timeout=10000):
        qtbot.mouseClick(panel.items[0].votes.up, Qt.MouseButton.LeftButton)
    assert _feedback(ctx) == [("recommendation", "product", "CAF-1KG", 1, None, 5)]


def test_a_vote_on_a_rewritten_recommendation_reloads(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Aberta", "stage": "new"})
    _model(ctx, "next_action")
    _recommend(ctx, lead.id, "next_action", [("call", "Ligar")])
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    with ctx.db.transaction() as s:  # a scoring run rewrites the rows meanwhile
        for rec in s.scalars(select(Recommendation)):
            s.delete(rec)
    _recommend(ctx, lead.id, "next_action", [("visit", "Visitar")], 3)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        qtbot.mouseClick(panel.items[0].votes.up, Qt.MouseButton.LeftButton)
    assert [i.row.item for i in panel.items] == ["visit"] and _feedback(ctx) == []


def test_lead_detail_shows_the_panel(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Detalhe", "stage": "new"})
    _model(ctx, "next_action")
    _recommend(ctx, lead.id, "next_action", [("meeting", "Reunião: 50%")])
    detail = LeadDetail(ctx, runner)
    qtbot.addWidget(detail)
    detail.show()
    with qtbot.waitSignal(detail.recommendations.loaded, timeout=10000):
        detail.show_lead(lead.id)
    assert [i.row.item for i in detail.recommendations.items] == ["meeting"]
    detail.clear()
    assert detail.recommendations.items == [] and detail.recommendations.lead_id is None


def test_action_titles():
    assert action_title("call") == "Call" and action_title("sms") == "Send an SMS"
    assert action_title("sms:Promo") == "Send the SMS “Promo”" and action_title("Other") == "Other"
