"""The models' texts reach the user in the UI's language: score factors in the popover, reasons in the
recommendations panel, segment names on the Insights cards, in the Leads filter and as compose
audiences. The app's .ts files get these translations later, so a small translator built here
stands in for them (the templates are the real ones from app/ml)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pandas as pd
import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QLabel

from app.db.models import Recommendation
from app.ml.actions import NextActionBundle
from app.ml.insights import segment_labels, segment_overview
from app.ml.products import Explainer
from app.services.leads.search import LeadQuery
from app.texts import Text, to_data
from app.ui.i18n import locale_for, service_text
from app.ui.insights.view import SegmentCard
from app.ui.messaging.compose import Audience
from tests.ml.pt_texts import ML_PT, PT_LABELS
from tests.ui.conftest import idle
from tests.ui.test_compose_dialog import open_dialog
from tests.ui.test_leads_view import make_view
from tests.ui.test_recommendations_panel import _model, _panel, _shown, _texts
from tests.ui.test_score_popover import opened, trained

PT = ML_PT


class MLTranslator(QTranslator):
    """The pt-BR translations of the "ML" context above; anything else is left to the next translator."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return PT.get(source) if context == "ML" else None

    def isEmpty(self):
        return False


def pt(value: object) -> object:
    """What the Portuguese UI must show for a Text: its template and its Text values looked up in PT."""
    if not isinstance(value, Text):
        return value
    return PT[value.template].format(**{k: pt(v) for k, v in value.params.items()})


@pytest.fixture
def portuguese(qapp: QApplication) -> Iterator[QTranslator]:
    """The UI in pt-BR for the "ML" texts (with the Brazilian locale for dates); `english()` undoes it."""
    translator = MLTranslator()
    assert qapp.installTranslator(translator)
    QLocale.setDefault(locale_for("pt_BR"))
    yield translator
    english(qapp, translator)


def english(qapp: QApplication, translator: QTranslator) -> None:
    qapp.removeTranslator(translator)
    QLocale.setDefault(locale_for("en"))


def factor_texts(popover) -> list[str]:
    return [label.text() for label in popover.findChildren(QLabel, "FactorLabel")]


def test_score_factors_and_segment_names_follow_the_ui_language(qtbot, qapp, ctx, runner, portuguese):
    lead_id = trained(ctx)
    popover = opened(qtbot, ctx, runner, lead_id)
    reasons = popover.explanation.reasons
    factors = reasons.positive + reasons.negative
    shown = factor_texts(popover)
    assert factors and len(shown) == len(factors)
    for factor, text in zip(factors, shown):
        assert text.endswith(pt(factor.text)) and text.endswith(" p.p.)"), text
        assert PT_LABELS[factor.feature] in text

    # segments: the Insights card, the Leads filter and the compose audiences show the Portuguese name
    labels = segment_labels(ctx.db)
    summaries = segment_overview(ctx.db)
    assert summaries and {s.name for s in summaries} <= set(labels)
    card = SegmentCard(summaries[0], sum(s.size for s in summaries))
    qtbot.addWidget(card)
    assert card.findChild(QLabel, "CardTitle").text() == pt(labels[summaries[0].name])
    assert pt(summaries[0].description) in " ".join(label.text() for label in card.findChildren(QLabel))
    view = make_view(qtbot, ctx, runner)
    qtbot.waitUntil(lambda: bool(view.filters["segments"]._options), timeout=15000)
    assert view.filters["segments"]._options == [(name, pt(labels[name])) for name in sorted(labels)]
    dialog = open_dialog(qtbot, ctx, runner, [Audience("the list", query=LeadQuery(order_by="id"))], body="Oi")
    audiences = [dialog.audience_combo.itemText(i) for i in range(1, dialog.audience_combo.count())]
    assert audiences == [f"Segment: {pt(labels[name])}" for name in sorted(labels)]
    view.show_segment(summaries[0].name)
    assert view.filters["segments"].values() == (summaries[0].name,), "the list filters on the stored name"
    idle(qtbot, runner)

    english(qapp, portuguese)
    again = opened(qtbot, ctx, runner, lead_id)
    assert factor_texts(again) and all(text.endswith(" pts)") for text in factor_texts(again))
    assert [t.split("&nbsp; ", 1)[1] for t in factor_texts(again)] == [str(f.text) for f in factors]
    english_card = SegmentCard(summaries[0], 1)
    qtbot.addWidget(english_card)
    assert english_card.findChild(QLabel, "CardTitle").text() == summaries[0].name


def test_recommendation_reasons_follow_the_ui_language(qtbot, qapp, ctx, runner, portuguese):
    lead = ctx.leads.create({"name": "Cliente", "stage": "new"})
    _model(ctx, "next_action")
    _model(ctx, "products")
    action = NextActionBundle(None, None, ["call"], [0.2], [120]).reason("call", 0.45)  # type: ignore[arg-type]
    history = pd.DataFrame({"customer": ["1"], "item": ["CAF"], "description": ["Café"],
                            "time": pd.to_datetime(["2024-03-02"]), "invoice": ["a"], "quantity": [1]})
    product = Explainer(history, pd.Timestamp("2024-04-01")).reason("1", "CAF", True)
    with ctx.db.transaction() as s:
        for kind, rank, item, reason, data in (
                ("next_action", 1, "call", str(action), to_data(action)), ("product", 1, "CAF", str(product), to_data(product)),
                ("next_action", 2, "visit", "Visitar: 30% responderam", None)):  # a row from before reason_data
            s.add(Recommendation(lead_id=lead.id, kind=kind, rank=rank, item=item, score=0.5, reason=reason,
                                 reason_data=data, model_version=2, created_at=datetime.now(UTC)))
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    shown = _texts(panel)
    assert pt(action) == ("45% dos leads parecidos responderam, avançaram de etapa ou fecharam em até 14 dias depois "
                          "de uma ligação (média da equipe 20%; registros: 120)")
    assert pt(action) in shown
    assert "Poucos dados de compras — sugestão simples, sem modelo. Comprou 1× (última compra em 02/03/2024)" in shown
    assert "Visitar: 30% responderam" in shown, "a reason stored without its Text is shown as it was written"

    english(qapp, portuguese)
    panel = _shown(qtbot, _panel(qtbot, ctx, runner), lead.id)
    shown = _texts(panel)
    assert str(action) in shown and service_text(action) == str(action)
    assert "Little purchase data — a simple suggestion, no model. Bought it 1× (last on 3/2/24)" in shown
