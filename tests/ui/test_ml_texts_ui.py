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
from app.ml.features import LABELS
from app.ml.insights import segment_labels, segment_overview
from app.ml.products import FALLBACK_NOTE, Explainer
from app.services.search import LeadQuery
from app.services.texts import Text, to_data
from app.ui.compose_dialog import Audience
from app.ui.i18n import locale_for, service_text
from app.ui.insights_view import SegmentCard
from tests.ui.conftest import idle
from tests.ui.test_compose_dialog import open_dialog
from tests.ui.test_leads_view import make_view
from tests.ui.test_recommendations_panel import _model, _panel, _shown, _texts
from tests.ui.test_score_popover import opened, trained

PT_LABELS = {
    "source": "origem", "state": "estado", "city": "cidade", "owner": "responsável", "value": "valor do negócio",
    "has_email": "tem e-mail", "has_phone": "tem telefone", "sms_consent": "aceita SMS",
    "age_days": "dias desde o cadastro", "interactions": "interações registradas",
    "interactions_30d": "interações nos últimos 30 dias", "days_since_last": "dias sem contato",
    "days_since_first": "dias desde o primeiro contato", "call_minutes": "minutos ao telefone",
    "sms_reply_rate": "taxa de resposta a SMS", "stage_changes": "mudanças de etapa",
    "days_in_stage": "dias na etapa atual", "purchases": "compras", "spent": "valor comprado",
    "n_call": "ligações registradas", "n_meeting": "reuniões registradas", "n_visit": "visitas registradas",
    "n_note": "notas registradas", "n_sms_out": "SMS enviados", "n_sms_in": "SMS recebidos",
    "n_email": "e-mails registrados",
}
PT = {
    **{LABELS[key].template: text for key, text in PT_LABELS.items()},
    "{reason} ({points:+.0f} pts)": "{reason} ({points:+.0f} p.p.)",
    "{feature}: {value:.0f} (typical {typical:.0f})": "{feature}: {value:.0f} (típico {typical:.0f})",
    "{feature}: {value:.0%} (typical {typical:.0%})": "{feature}: {value:.0%} (típico {typical:.0%})",
    "{feature}: {value}": "{feature}: {value}", "{feature}: no record": "{feature}: sem registro",
    "{feature}: yes": "{feature}: sim", "{feature}: no": "{feature}: não", "other": "outro",
    "Customers": "Clientes", "Leads": "Leads", "Typical customers": "Clientes típicos", "Typical leads": "Leads típicos",
    "{subject} {trait}": "{subject} {trait}", "{subject} {trait} and {other}": "{subject} {trait} e {other}",
    "{name} ({n})": "{name} ({n})",
    "with recent contact": "com contato recente", "without contact for a long time": "sem contato há muito tempo",
    "with frequent contact": "com contato frequente", "with little engagement": "pouco engajados",
    "with high spending": "de alto valor", "with low spending": "de baixo valor", "with SMS replies": "que respondem SMS",
    "without SMS replies": "que não respondem SMS",
    "recent contact": "com contato recente", "no contact for a long time": "sem contato há muito tempo",
    "frequent contact": "com contato frequente", "little engagement": "pouco engajados",
    "high spending": "de alto valor", "low spending": "de baixo valor", "SMS replies": "que respondem SMS",
    "no SMS replies": "que não respondem SMS",
    "last contact more recent than most": "último contato mais recente que a maioria",
    "last contact longer ago than most": "último contato há mais tempo que a maioria",
    "more interactions in the last 30 days than most": "mais interações nos últimos 30 dias que a maioria",
    "fewer interactions in the last 30 days than most": "menos interações nos últimos 30 dias que a maioria",
    "bought more than most": "compraram mais que a maioria", "bought less than most": "compraram menos que a maioria",
    "reply to SMS more than most": "respondem mais SMS que a maioria",
    "reply to SMS less than most": "respondem menos SMS que a maioria",
    "Close to the typical lead in recency, activity, purchases and SMS replies.":
        "Próximos do lead típico em recência, atividade, compras e respostas a SMS.",
    "Stands out: {fact}.": "Destaque: {fact}.", "Stands out: {fact}; {other}.": "Destaques: {fact}; {other}.",
    "{chance:.0%} of similar leads replied, moved forward or closed within {days} days of {action} (team average {rate:.0%}; logged: {n})":  # noqa: E501
        "{chance:.0%} dos leads parecidos responderam, avançaram de etapa ou fecharam em até {days} dias depois de "
        "{action} (média da equipe {rate:.0%}; registros: {n})",
    "a call": "uma ligação", "Bought it {n}× (last on {date})": "Comprou {n}× (última compra em {date})",
    FALLBACK_NOTE: "Poucos dados de compras — sugestão simples, sem modelo. {reason}",
}


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
