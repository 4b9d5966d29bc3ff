"""The scoring model card shows its held-out calibration: Brier and predicted vs converted per bin."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.insights.view import InsightsView, reliability_text
from tests.ml.test_workspace_ml import fill
from tests.ui.conftest import idle


def test_retrained_scoring_card_shows_brier_and_reliability(qtbot, ctx, runner):
    fill(ctx)  # 420 closed leads: the boosted model, measured on the newest 84
    view = InsightsView(ctx, runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=15000):
        view.show()
    with qtbot.waitSignal(view.models_changed, timeout=120000):
        qtbot.mouseClick(view.retrain_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c.model.kind == "scoring" and c.model.active for c in view.model_cards), timeout=15000)
    card = next(c for c in view.model_cards if c.model.kind == "scoring")
    metrics = card.model.active.metrics
    assert 0 < metrics["brier"] < 0.25 and metrics["lift_top_decile"] > 1
    table = metrics["reliability"]
    assert sum(row["n"] for row in table) == 84 and len(table) == 4, "equal-count bins of at least 20 held-out leads"
    assert [row["predicted"] for row in table] == sorted(row["predicted"] for row in table)
    assert all(abs(row["predicted"] - row["observed"]) < 0.35 for row in table), table
    chips = " ".join(label.text() for label in card.findChildren(type(card.state)) if label.objectName() == "MetricChip")
    assert "Brier" in chips
    assert card.reliability is not None and card.reliability.isVisibleTo(card)
    lines = card.reliability.text().splitlines()
    assert lines[0] == "Calibration on the newest closed leads:" and len(lines) == 5
    first = table[0]
    assert f"predicted {round(100 * first['predicted'])}% → converted {round(100 * first['observed'])}%" in lines[1]
    assert f"({first['n']} leads)" in lines[1]
    assert card.refreshed is not None and card.refreshed.text().startswith("Scores brought up to date on "), \
        "the retrain scored every open lead just now"
    others = [c for c in view.model_cards if c.model.kind != "scoring"]
    assert all(c.refreshed is None for c in others)
    idle(qtbot, runner)


def test_reliability_text_without_a_table_is_empty():
    assert reliability_text(None) == "" and reliability_text([]) == ""
    assert reliability_text([{"predicted": 0.2, "observed": 0.18, "n": 31}]).splitlines()[1] == \
        "predicted 20% → converted 18% (31 leads)"


def test_kept_out_reason_uses_the_same_leads_comparison():
    from app.ui.insights.view import kept_out_reason

    metrics = {"auc_latest": 0.80, "active_auc_latest": 0.70, "auc_same_leads": 0.70, "active_auc_same_leads": 0.78,
               "active_version": 3}
    assert kept_out_reason("scoring", metrics) == "AUC 0.70 < 0.78 of v3, in use then"
    assert kept_out_reason("scoring", {**metrics, "auc_same_leads": 0.79}) is None
