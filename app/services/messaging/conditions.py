"""Conditions on a lead, as automations use them (a trigger's filter, a step's condition).

{"field", "op", "value"} with op eq ne gt gte lt lte in not_in contains empty not_empty;
{"all": [...]}, {"any": [...]}, {"not": {...}}. Fields are the lead's fields and custom fields,
"replied" (an inbound SMS since enrolment) and "days_since_last_interaction". Text compares
ignoring case and accents.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.db.models import Lead, Message
from app.errors import ValidationError
from app.services.leads.normalize import fold

OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "empty", "not_empty")


def _compare(op: str, actual: Any, expected: Any) -> bool:
    if op == "empty":
        return actual in (None, "", [], {})
    if op == "not_empty":
        return actual not in (None, "", [], {})
    if op in ("in", "not_in"):
        values = expected if isinstance(expected, (list, tuple, set)) else [expected]
        inside = actual in values or (isinstance(actual, str) and fold(actual) in {fold(str(v)) for v in values})
        return inside if op == "in" else not inside
    if op == "contains":
        if isinstance(actual, (list, tuple, set)):
            return expected in actual
        return fold(str(expected)) in fold(str(actual or ""))
    if op in ("eq", "ne"):
        same = actual == expected or (isinstance(actual, str) and isinstance(expected, str) and fold(actual) == fold(expected))
        return same if op == "eq" else not same
    if actual is None:
        return False
    try:
        return {"gt": actual > expected, "gte": actual >= expected, "lt": actual < expected,
                "lte": actual <= expected}[op]
    except TypeError:
        return False


def matches(condition: dict[str, Any] | None, facts: dict[str, Any]) -> bool:
    if not condition:
        return True
    if "all" in condition:
        return all(matches(c, facts) for c in condition["all"])
    if "any" in condition:
        return any(matches(c, facts) for c in condition["any"])
    if "not" in condition:
        return not matches(condition["not"], facts)
    return _compare(condition.get("op", "eq"), facts.get(condition["field"]), condition.get("value"))


def check_condition(condition: Any, where: str) -> None:
    if condition is None:
        return
    if not isinstance(condition, dict):
        raise ValidationError({where: "must be a mapping such as {\"field\": \"stage\", \"op\": \"eq\", \"value\": \"new\"}"})
    for group in ("all", "any"):
        if group in condition:
            if not isinstance(condition[group], list):
                raise ValidationError({where: f"'{group}' takes a list of conditions"})
            for item in condition[group]:
                check_condition(item, where)
            return
    if "not" in condition:
        check_condition(condition["not"], where)
        return
    if not condition.get("field"):
        raise ValidationError({where: "needs a 'field'"})
    if condition.get("op", "eq") not in OPS:
        raise ValidationError({where: f"op must be one of {', '.join(OPS)}"})
    if condition.get("else", "skip") not in ("skip", "end"):
        raise ValidationError({where: "'else' must be skip or end"})


def lead_facts(session: Session, lead: Lead, now: datetime, since: datetime | None = None) -> dict[str, Any]:
    facts: dict[str, Any] = dict(lead.custom or {})
    for name in ("id", "name", "company", "email", "phone", "stage", "source", "city", "state", "country", "score",
                 "segment", "kind", "sms_consent", "sms_opt_out", "phone_status"):
        facts[name] = getattr(lead, name)
    facts["value"] = float(lead.value) if lead.value is not None else None
    facts["owner"] = lead.owner.username if lead.owner else None
    facts["tags"] = [t.name for t in lead.tags]
    last = lead.last_interaction_at or lead.created_at
    facts["days_since_last_interaction"] = (now - last).days if last else None
    if since is not None:
        facts["replied"] = bool(session.scalar(select(exists().where(
            Message.lead_id == lead.id, Message.direction == "in", Message.created_at > since))))
    return facts
