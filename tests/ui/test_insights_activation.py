"""Insights: each version says why it was kept out of use, any version can be put in use after a
confirmation, the next-action card shows the policy's value (or why it cannot), managers see the
votes per segment, and every count in the module is a plural lupdate recognises."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.db.models import Lead, ModelVersion, Recommendation
from app.ml import workspace
from app.services.feedback.votes import FeedbackService
from app.services.workspace.users import ensure_user
from tests.ml.test_policy_value import random_actions_workspace
from tests.ml.test_workspace_ml import fill
from tests.ui.conftest import idle
from tests.ui.test_insights_view import shown, texts
from tools import i18n_build

NOW = datetime.now(UTC)
MODULE = Path(__file__).resolve().parents[2] / "app" / "ui" / "insights" / "view.py"
OK = {"overlap": "ok", "ess": 900.0, "matched": 1000, "clipped_share": 0.0, "unsupported_share": 0.0}


def version(ctx, kind, number, active, metrics, note=None):
    with ctx.db.transaction() as s:
        s.add(ModelVersion(kind=kind, version=number, path=f"{kind}-{number}.pkl", n_train=900, trained_at=NOW,
                           active=active, metrics=metrics, note=note))


def english(text):
    """The text as the English plural forms make it ("160 lead(s)" until aiconnect_en.ts has the form)."""
    return text.replace("(s)", "s")


def card_of(view, kind):
    return next(c for c in view.model_cards if c.model.kind == kind)


def test_a_version_kept_out_of_use_says_why_and_the_dialog_names_the_change(qtbot, ctx, runner):
    version(ctx, "scoring", 1, True, {"auc_latest": 0.74, "model": "gradient_boosting"})
    version(ctx, "scoring", 2, False, {"auc_latest": 0.71, "active_auc_latest": 0.74, "active_version": 1,
                                       "model": "gradient_boosting"}, note="not activated")
    view = shown(qtbot, ctx, runner)
    card = card_of(view, "scoring")
    row = card.history.topLevelItem(0)
    assert row.text(0) == "v2" and row.text(5) == "not in use: AUC 0.71 < 0.74 of v1, in use then"
    assert card.history.topLevelItem(1).text(5) == "in use"
    assert set(card.use_buttons) == {2}, "only versions not in use can be put in use"
    qtbot.mouseClick(card.use_buttons[2], Qt.MouseButton.LeftButton)
    box = view.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    question = box.text()
    assert question.startswith("Lead scoring: put v2 in use instead of v1?")
    assert "v2 (trained " in question and "AUC 0.71 on the newest leads" in question and "AUC 0.74" in question
    assert "When it was trained, v2 was kept out of use: AUC 0.71 < 0.74 of v1, in use then." in question
    assert question.endswith("Every open lead is scored again with v2.")
    box.button(QMessageBox.StandardButton.Cancel).click()
    idle(qtbot, runner)
    assert view.training is None
    with ctx.db.session() as s:
        assert s.scalars(select(ModelVersion.version).where(ModelVersion.active.is_(True))).all() == [1]


def test_use_this_version_puts_it_in_use_and_rewrites_the_suggestions(qtbot, ctx, runner, monkeypatch):
    messages = []
    monkeypatch.setattr("app.ui.insights.view.notify", lambda _w, text, level="info": messages.append(text))
    fill(ctx, closed=60, open_=10)
    random_actions_workspace(ctx, leads=150)
    for _ in range(2):
        workspace.train_models(ctx.db, ctx.settings.models_dir)
    view = shown(qtbot, ctx, runner)
    card = card_of(view, "next_action")
    assert card.state.text() == "v2 in use" and set(card.use_buttons) == {1}
    qtbot.mouseClick(card.use_buttons[1], Qt.MouseButton.LeftButton)
    assert "The next-action suggestions of every open lead are rewritten with v1." in view.confirm.text()
    use = next(b for b in view.confirm.buttons() if b.text() == "Use v1")
    with qtbot.waitSignal(view.models_changed, timeout=60000):
        use.click()
        assert not view.retrain_button.isEnabled() and view.progress_label.text() == "Putting v1 in use…"
        assert not any(b.isEnabled() for c in view.model_cards for b in c.use_buttons.values())
    assert [english(m) for m in messages] == ["Next best action v1 is in use. Suggestions rewritten for 160 leads."]
    qtbot.waitUntil(lambda: card_of(view, "next_action").state.text() == "v1 in use", timeout=15000)
    assert set(card_of(view, "next_action").use_buttons) == {2} and view.retrain_button.isEnabled()
    assert "A newer version (v2) is stored but not in use." in texts(card_of(view, "next_action"))
    with ctx.db.session() as s:
        assert set(s.scalars(select(Recommendation.model_version).where(Recommendation.kind == "next_action"))) == {1}
    idle(qtbot, runner)


def test_the_next_action_card_shows_the_policy_value(qtbot, ctx, runner):
    value = {"n": 12000, "logged_success_rate": 0.49925, "logged_success_rate_ci95": [0.4904, 0.5082],
             "policy": {**OK, "dr": 0.58375, "dr_ci95": [0.55696, 0.6083], "snips": 0.588},
             "single_actions": {"visit": {**OK, "dr": 0.5883, "dr_ci95": [0.56, 0.6135]},
                                "sms": {"overlap": "poor", "overlap_problems": ["unsupported"], "ess": 1336.3,
                                        "unsupported_share": 0.158}},
             "best_single_action": "visit"}
    version(ctx, "next_action", 1, True, {"auc_latest": 0.72, "off_policy": value})
    view = shown(qtbot, ctx, runner)
    label = card_of(view, "next_action").policy_value
    assert english(label.text()).splitlines() == [
        "Value of following the suggestions, estimated on the newest 12,000 logged actions:",
        "following them: 58% (56–61%) good outcomes",
        "what the reps did: 50% (49–51%)",
        "always “Visit”: 59% (56–61%)",
    ]
    tip = label.toolTip()
    assert "It holds only if what the reps based their choice on is in that data." in tip
    assert "always “Send an SMS”: not measured (16% of the choices are actions reps almost never took" in tip
    assert card_of(view, "scoring").policy_value is None


def test_a_policy_value_the_data_cannot_support_is_not_shown_as_a_number(qtbot, ctx, runner):
    value = {"n": 96, "logged_success_rate": 0.45, "logged_success_rate_ci95": [0.35, 0.55],
             "policy": {"overlap": "poor", "overlap_problems": ["low_ess"], "ess": 12.4, "matched": 20},
             "single_actions": {}}
    version(ctx, "next_action", 1, True, {"auc_latest": 0.7, "off_policy": value})
    view = shown(qtbot, ctx, runner)
    lines = english(card_of(view, "next_action").policy_value.text()).splitlines()
    assert lines[1] == ("following them: not measured. What the reps did overlaps too little with what the model "
                        "suggests (the data weigh as only 12 independent actions), so a number would look more "
                        "precise than it is.")
    assert lines[2] == "what the reps did: 45% (35–55%)" and len(lines) == 3


def test_managers_see_the_votes_on_each_segment(qtbot, ctx, runner):
    ids = [ctx.leads.create({"name": f"Lead {i}", "stage": "new"}).id for i in range(3)]
    with ctx.db.transaction() as s:
        for i in ids:
            s.get(Lead, i).segment = "Leads recentes"
    rep = ensure_user(ctx.db, "bruno")
    FeedbackService(ctx.db, rep.id).rate("segment", ids[0], 1)
    FeedbackService(ctx.db, rep.id).rate("segment", ids[1], 1)
    FeedbackService(ctx.db, ctx.user.id).rate("segment", ids[2], -1)
    FeedbackService(ctx.db, ctx.user.id).rate("segment", ids[1], -1)
    FeedbackService(ctx.db, ctx.user.id).rate("segment", ids[1], -1)  # withdrawn: not counted
    assert ctx.user.role == "manager"
    view = shown(qtbot, ctx, runner)
    [card] = view.segment_cards
    assert card.votes is not None and card.votes.text() == "Reps' votes: 2 up · 1 down"
    assert "do not move leads between segments" in card.votes.toolTip()
    rep_view = shown(qtbot, dataclasses.replace(ctx, user=rep), runner)
    [rep_card] = rep_view.segment_cards
    assert rep_card.votes is None and "Reps' votes" not in texts(rep_card)


def test_every_count_in_the_module_is_a_plural(tmp_path: Path):
    """lupdate treats a text as plural only in self.tr(text, "", n): every %n text of the module must be one."""
    ts = tmp_path / "insights.ts"
    subprocess.run([i18n_build.tool("lupdate"), str(MODULE), "-ts", str(ts), "-locations", "none"], check=True,
                   capture_output=True, timeout=120)
    counted = [(c.findtext("name"), m.findtext("source"), m.get("numerus")) for c in ET.parse(ts).getroot()
               for m in c.findall("message") if re.search("%L?n", m.findtext("source") or "")]
    assert len(counted) >= 18
    assert [item for item in counted if item[2] != "yes"] == []
    assert ("Insights", "%Ln closed lead(s)", "yes") in counted and ("Insights", "%Ln up", "yes") in counted
    assert not any("(s)" in (m.findtext("source") or "") and m.get("numerus") != "yes"
                   for c in ET.parse(ts).getroot() for m in c.findall("message"))
