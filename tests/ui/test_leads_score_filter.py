"""The Leads list's Score filter: 70 or more, 40–69, below 40, not scored."""

from __future__ import annotations

from app.db.models import Lead
from tests.ui.test_leads_view import make_view, shown_names


def test_score_filter_bands(qtbot, ctx, runner, seeded):
    scores = {"João Silva": 0.81, "José Santos": 0.5}
    with ctx.db.transaction() as s:
        for name, score in scores.items():
            s.get(Lead, seeded[name]).score = score
    view = make_view(qtbot, ctx, runner)
    button = view.filters["score_bands"]
    assert button.isVisibleTo(view)
    assert [label for _value, label in button._options] == ["70 or more", "40–69", "below 40", "not scored"]
    with qtbot.waitSignal(view.model.loaded):
        button.set_values(["high"])
    assert shown_names(view) == ["João Silva"]
    assert view.clear_button.isVisible()
    with qtbot.waitSignal(view.model.loaded):
        button.set_values(["high", "medium"])
    assert sorted(shown_names(view)) == ["José Santos", "João Silva"]
    with qtbot.waitSignal(view.model.loaded):
        button.set_values(["unscored"])
    assert sorted(shown_names(view)) == sorted(set(seeded) - set(scores))
    assert view.current_query().score_bands == ("unscored",)
    with qtbot.waitSignal(view.model.loaded):
        view.clear_filters()
    assert view.model.rowCount() == len(seeded)
