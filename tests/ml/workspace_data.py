"""A small workspace with a planted next-action signal, template SMS and purchase history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from app.db.models import Interaction, Lead, Message, MessageTemplate, Purchase

NOW = datetime.now(UTC)
# chance that the lead replies within two days, by (source, action)
SUCCESS = {("feira", "visit"): 0.75, ("feira", "call"): 0.1, ("site", "call"): 0.75, ("site", "visit"): 0.1}
TEMPLATE_SUCCESS = 0.4


def actions_workspace(ctx, leads: int = 160, seed: int = 11) -> dict[str, list[int]]:
    """Open leads from 'feira' (visits work) and 'site' (calls work); each got a visit, a call and a
    templated SMS at random moments 20–150 days ago, and replied (an SMS received two days later)
    with the planted chance. Returns the lead ids by source."""
    rng = np.random.default_rng(seed)
    by_source: dict[str, list[int]] = {"feira": [], "site": []}
    with ctx.db.transaction() as s:
        template = MessageTemplate(name="Promoção", body="Olá {{ lead.first_name }}", created_at=NOW, updated_at=NOW)
        s.add(template)
        s.flush()
        for i in range(leads):
            source = "feira" if i % 2 else "site"
            created = NOW - timedelta(days=200)
            lead = Lead(name=f"Contato {i}", stage="qualified", source=source, created_at=created, updated_at=created,
                        phone=f"+55119{i:08d}", custom={}, search_text="")
            s.add(lead)
            s.flush()
            by_source[source].append(lead.id)
            for action in ("visit", "call", "sms"):
                at = NOW - timedelta(days=int(rng.integers(20, 150)), hours=int(rng.integers(0, 12)))
                message_id = None
                if action == "sms":
                    message = Message(lead_id=lead.id, direction="out", to_number=lead.phone, body="Olá", state="sent",
                                      template_id=template.id, created_at=at, updated_at=at, sent_at=at)
                    s.add(message)
                    s.flush()
                    message_id = message.id
                chance = TEMPLATE_SUCCESS if action == "sms" else SUCCESS[(source, action)]
                s.add(Interaction(lead_id=lead.id, kind="sms_out" if action == "sms" else action, occurred_at=at,
                                  message_id=message_id, duration_s=120 if action == "call" else None))
                if rng.random() < chance:
                    s.add(Interaction(lead_id=lead.id, kind="sms_in", occurred_at=at + timedelta(days=2)))
    return by_source


def purchases_workspace(ctx, customers: int = 48, groups: int = 3, items_per_group: int = 6, seed: int = 4) -> list[int]:
    """Customers who each buy from one group of items (planted co-purchases) over 200 days."""
    rng = np.random.default_rng(seed)
    ids = []
    with ctx.db.transaction() as s:
        for c in range(customers):
            lead = Lead(name=f"Cliente {c}", stage="qualified", kind="customer", source="loja",
                        created_at=NOW - timedelta(days=400), updated_at=NOW, custom={}, search_text="")
            s.add(lead)
            s.flush()
            ids.append(lead.id)
            own = [f"G{c % groups}-{j}" for j in range(items_per_group)]
            for visit in range(6):
                when = NOW - timedelta(days=int(rng.integers(1, 200)), hours=int(rng.integers(0, 10)))
                for item in sorted(set(rng.choice(own, size=3, replace=False))):
                    s.add(Purchase(lead_id=lead.id, item=item, description=f"Produto {item}", quantity=1.0,
                                   unit_price=10.0, time=when, invoice=f"NF-{c}-{visit}"))
    return ids
