"""The Portuguese a .ts would carry for the models' texts ("ML" context) that the tests translate:
the UI tests install it as a translator, the SMS-language tests write it into a .ts file. The
templates are the real ones from app/ml."""

from __future__ import annotations

from app.ml.features import LABELS
from app.ml.products import FALLBACK_NOTE

BOUGHT = "Bought it {n}× (last on {date})"

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
ML_PT = {
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
    "a call": "uma ligação", BOUGHT: "Comprou {n}× (última compra em {date})",
    FALLBACK_NOTE: "Poucos dados de compras — sugestão simples, sem modelo. {reason}",
    "{share:.0%} of the customers who buy {other} also buy this": "{share:.0%} dos clientes que compram {other} também "
                                                                  "compram este",
    "Among the most bought (customers in the last 90 days: {n})": "Entre os mais comprados (clientes nos últimos 90 "
                                                                  "dias: {n})",
    "Among the most bought (customers: {n})": "Entre os mais comprados (clientes: {n})",
    "{first}; {second}": "{first}; {second}",
}
