"""The score cell and the explanation popover: readable score, reasons off the UI thread, votes stored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from app.db.models import Feedback, Lead
from app.ml.insights import retrain
from app.services.demo.generator import generate
from app.ui.leads.model import COLUMN_INDEX
from app.ui.leads.score_popover import ScorePopover, band, score_tooltip
from app.ui.leads.view import LeadsView
from app.ui.vocabulary import score_percent, score_text
from tests.ui.conftest import idle


def trained(ctx, leads=150):
    generate(ctx.db, leads=leads, actor_id=ctx.user.id)
    retrain(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:  # a lead in the middle of the range has reasons both ways
        scored = s.scalars(select(Lead.id).where(Lead.score.is_not(None)).order_by(Lead.score)).all()
    return scored[len(scored) // 2]


def texts(widget):
    return " ".join(label.text() for label in widget.findChildren(QLabel))


def feedback_rows(ctx):
    with ctx.db.session() as s:
        return [(r.target, r.lead_id, r.rating, r.reason, r.model_version)
                for r in s.scalars(select(Feedback).where(Feedback.withdrawn_at.is_(None)).order_by(Feedback.id))]


def opened(qtbot, ctx, runner, lead_id):
    popover = ScorePopover(ctx, runner, lead_id, popup=False)
    qtbot.addWidget(popover)
    assert "Working out the reasons" in texts(popover), "a placeholder while the model runs in the db lane"
    with qtbot.waitSignal(popover.loaded, timeout=20000):
        popover.show()
    return popover


def test_scores_read_as_0_to_100_never_certain():
    assert [score_text(s) for s in (None, 0.0, 0.004, 0.42, 0.999, 1.0)] == ["", "1", "1", "42", "99", "99"]
    assert [score_percent(s) for s in (None, 0.0, 0.5, 1.0)] == [None, 1, 50, 99]
    # a damaged stored score (inf, nan) shows nothing instead of breaking the list's paint
    assert [score_percent(s) for s in (float('inf'), float('-inf'), float('nan'), 250.0)] == [None, None, None, 100]
    assert score_text(float('inf')) == '' and score_text(0.42) == '42'
    assert [band(s) for s in (None, 0.1, 0.45, 0.8)] == ["none", "low", "medium", "high"]
    assert "little data" in score_tooltip(0.42, few_data=True).lower()
    assert "little data" not in score_tooltip(0.42, few_data=False).lower()
    assert "42%" in score_tooltip(0.42, few_data=False)


def test_popover_shows_chance_reasons_model_and_little_data(qtbot, ctx, runner):
    lead_id = trained(ctx)
    popover = opened(qtbot, ctx, runner, lead_id)
    e = popover.explanation
    assert e is not None and e.reasons is not None and e.model is not None
    shown = texts(popover)
    assert f"{score_percent(e.score)}%" in shown and "chance of converting" in shown
    assert "Raises the chance" in shown and "Lowers the chance" in shown
    factors = [label.text() for label in popover.findChildren(QLabel, "FactorLabel")]
    assert len(factors) == len(e.reasons.positive) + len(e.reasons.negative) <= 6
    assert all(f.text in " ".join(factors) for f in e.reasons.positive + e.reasons.negative)
    assert f"Model v{e.model.version}" in shown
    assert e.few_data and "Little data" in shown, "a 150-lead demo is a cold start and must say so"
    assert popover.height() >= popover.body.totalHeightForWidth(popover.width()) - 1, "no clipped text"


def test_vote_round_trip_change_and_withdraw(qtbot, ctx, runner):
    lead_id = trained(ctx)
    popover = opened(qtbot, ctx, runner, lead_id)
    version = popover.explanation.model.version
    with qtbot.waitSignal(popover.voted, timeout=10000):
        qtbot.mouseClick(popover.votes.down, Qt.MouseButton.LeftButton)
    assert feedback_rows(ctx) == [("score", lead_id, -1, None, version)]
    assert popover.votes.down.isChecked() and not popover.votes.up.isChecked()
    with qtbot.waitSignal(popover.voted, timeout=10000):
        popover.votes.up.menu().actions()[0].trigger()  # thumbs up with a reason from the menu
    assert [(r[2], r[3]) for r in feedback_rows(ctx)] == [(1, "Matches what I know about this lead")]
    reopened = opened(qtbot, ctx, runner, lead_id)
    assert reopened.votes.up.isChecked(), "the popover shows the user's current vote"
    with qtbot.waitSignal(reopened.voted, timeout=10000):
        qtbot.mouseClick(reopened.votes.up, Qt.MouseButton.LeftButton)
    assert feedback_rows(ctx) == [] and not reopened.votes.up.isChecked()
    assert "withdrawn" in reopened.thanks.text()


def test_popover_without_a_model_says_so(qtbot, ctx, runner):
    lead = ctx.leads.create({"name": "Sem modelo", "stage": "new"})
    popover = opened(qtbot, ctx, runner, lead.id)
    assert "No scoring model has been trained yet" in texts(popover)
    assert not popover.votes.isEnabled()


def test_popover_reports_a_missing_lead(qtbot, ctx, runner):
    popover = opened(qtbot, ctx, runner, 987654)
    assert "could not be worked out" in texts(popover)


def test_list_score_cell_opens_the_popover_by_click_and_shortcut(qtbot, ctx, runner):
    trained(ctx, leads=120)
    view = LeadsView(ctx, runner)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.show()
    idle(qtbot, runner)
    assert view.score_delegate.few_data, "the list marks cold-start scores"
    row = next(r for r in range(view.model.rowCount()) if view.model.index(r, COLUMN_INDEX["score"]).data())
    view.table.scrollTo(view.model.index(row, 0))
    rect = view.table.visualRect(view.model.index(row, COLUMN_INDEX["score"]))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    popover = view.score_popover
    assert popover.lead_id == view.model.lead_id(row) and popover.isVisible()
    qtbot.waitUntil(lambda: popover.explanation is not None, timeout=20000)
    popover.close()
    view.table.selectRow(0)
    view.table.setFocus()
    view.explain_action.trigger()
    assert view.score_popover.lead_id == view.model.lead_id(0)
    view.score_popover.close()
    view.table.grab()  # the delegate paints numbers, bars and 'little data'
    idle(qtbot, runner)


def test_show_segment_filters_the_list(qtbot, ctx, runner):
    ids = [ctx.leads.create({"name": f"Lead {i}", "stage": "new"}).id for i in range(4)]
    with ctx.db.transaction() as s:
        for lead_id in ids[:2]:
            s.get(Lead, lead_id).segment = "Leads frequentes e recentes"
    view = LeadsView(ctx, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.show()
    idle(qtbot, runner)
    assert ("Leads frequentes e recentes", "Leads frequentes e recentes") in view.filters["segments"]._options
    with qtbot.waitSignal(view.model.loaded, timeout=15000):
        view.show_segment("Leads frequentes e recentes")
    assert view.model.query.segments == ("Leads frequentes e recentes",)
    assert sorted(view.model.ids) == sorted(ids[:2])
    assert view.clear_button.isVisible()
