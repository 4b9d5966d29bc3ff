"""What an automation is: a trigger and its settings, then steps of SMS with delays and conditions.

Plain records of a definition, the checks a definition must pass before it is saved, and the steps in
a line each for the command line. The format is described in app.services.messaging.automations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Automation, MessageTemplate
from app.errors import ValidationError
from app.services.messaging.conditions import check_condition
from app.services.messaging.templates import compile_body

TRIGGERS = ("lead_created", "stage_changed", "idle", "date", "reply", "score")


@dataclass(frozen=True)
class StepSpec:
    position: int
    delay_s: int
    action: dict[str, Any]
    condition: dict[str, Any] | None = None


@dataclass(frozen=True)
class AutomationRecord:
    id: int
    name: str
    trigger: str
    config: dict[str, Any]
    active: bool
    steps: tuple[StepSpec, ...]
    created_at: datetime | None = None


def record_of(row: Automation) -> AutomationRecord:
    """The definition as a plain record (safe to hand to another thread)."""
    steps = tuple(StepSpec(s.position, s.delay_s, dict(s.action or {}), dict(s.condition) if s.condition else None)
                  for s in row.steps)
    return AutomationRecord(row.id, row.name, row.trigger, dict(row.trigger_config or {}), row.active, steps, row.created_at)


def check_definition(name: str, trigger: str, config: dict[str, Any], steps: list[dict[str, Any]]) -> None:
    """Refuse a definition that cannot run: ValidationError says which field and why (templates: check_templates)."""
    if not name or len(name) > 120:
        raise ValidationError({"name": "is required (at most 120 characters)"})
    if trigger not in TRIGGERS:
        raise ValidationError({"trigger": f"must be one of {', '.join(TRIGGERS)}"})
    needs = {"idle": "days", "date": "field", "reply": "keyword", "score": "threshold"}.get(trigger)
    if needs and config.get(needs) in (None, ""):
        raise ValidationError({"trigger_config": f"a {trigger} trigger needs {needs!r}"})
    if trigger == "idle" and (not isinstance(config["days"], int) or config["days"] <= 0):
        raise ValidationError({"trigger_config": "days must be a whole number above 0"})
    check_condition(config.get("filter"), "trigger_config.filter")
    if not steps:
        raise ValidationError({"steps": "an automation needs at least one step"})
    for i, step in enumerate(steps):
        action = step.get("action") or {}
        if not (("template" in action) ^ ("body" in action)):
            raise ValidationError({f"steps[{i}].action": "give either a template or a body"})
        if "body" in action:
            compile_body(str(action["body"]))
        if int(step.get("delay_s", 0)) < 0:
            raise ValidationError({f"steps[{i}].delay_s": "cannot be negative"})
        check_condition(step.get("condition"), f"steps[{i}].condition")


def check_templates(session: Session, action: dict[str, Any]) -> None:
    """A step's template must exist (checked in the transaction that saves the definition)."""
    if "template" in action and session.scalar(select(MessageTemplate.id).where(
            MessageTemplate.name == str(action["template"]), MessageTemplate.deleted_at.is_(None))) is None:
        raise ValidationError({"action.template": f"template {action['template']!r} does not exist"})


def describe_steps(steps: Iterable[StepSpec]) -> list[str]:
    lines = []
    for step in steps:
        what = f"template {step.action['template']}" if "template" in step.action else "text"
        when = f"after {step.delay_s // 3600} h" if step.delay_s >= 3600 else f"after {step.delay_s} s"
        lines.append(f"{step.position + 1}. {when}: send {what}" + (" (if condition)" if step.condition else ""))
    return lines
