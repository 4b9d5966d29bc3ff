"""Who a trigger enrols: each trigger lists (lead id, trigger key) pairs for one automation.

The trigger key names the occurrence (a stage change, a date, a reply ...), so an enrolment is unique
per (automation, lead, occurrence) and listing the same occurrence twice never enrols twice.
Occurrences before the automation was created (or re-armed by an edit) do not count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import String, exists, func, or_, select, update
from sqlalchemy.orm import Session

from app.db.models import Enrollment, Lead, Message, Stage, StageChange
from app.services.leads.normalize import fold
from app.services.messaging.automation_spec import AutomationRecord
from app.services.messaging.templates import zone

CATCH_UP = timedelta(days=7)  # a date trigger missed while nothing ran is still honoured this long

Candidates = list[tuple[int, str]]


def candidates(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    """At most `limit` (lead id, trigger key) pairs the automation's trigger fires for (enrolled or not yet)."""
    find = TRIGGERED.get(automation.trigger)
    return find(session, automation, now, limit) if find is not None else []


def _lead_created(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    since = automation.created_at or now
    rows = session.scalars(select(Lead.id).where(Lead.deleted_at.is_(None), Lead.created_at >= since)
                           .order_by(Lead.id).limit(limit))
    return [(lead_id, "created") for lead_id in rows]


def _stage_changed(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    config, since = automation.config, automation.created_at or now
    stmt = select(StageChange.lead_id, StageChange.id).join(Lead, Lead.id == StageChange.lead_id).where(
        Lead.deleted_at.is_(None), StageChange.changed_at >= since, StageChange.from_stage.is_not(None))
    if config.get("to"):
        stmt = stmt.where(StageChange.to_stage == config["to"])
    if config.get("from"):
        stmt = stmt.where(StageChange.from_stage == config["from"])
    return [(lead_id, f"stage:{change_id}") for lead_id, change_id in
            session.execute(stmt.order_by(StageChange.id).limit(limit)).tuples()]


def _idle(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    quiet_since = func.coalesce(Lead.last_interaction_at, Lead.created_at)
    already = exists().where(Enrollment.automation_id == automation.id, Enrollment.lead_id == Lead.id,
                             Enrollment.enrolled_at >= quiet_since)
    rows = session.execute(
        select(Lead.id, Lead.last_interaction_at, Lead.created_at).where(
            Lead.deleted_at.is_(None), quiet_since <= now - timedelta(days=int(automation.config["days"])), ~already,
            Lead.stage.not_in(closed_stages(session)),
        ).order_by(Lead.id).limit(limit)
    ).tuples()
    return [(lead_id, f"idle:{(last or created).isoformat()}") for lead_id, last, created in rows]


def _date(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    name, offset = str(automation.config["field"]), timedelta(days=int(automation.config.get("offset_days", 0)))
    today = now.astimezone(zone(None)).date()
    start = max((automation.created_at or now).astimezone(zone(None)).date(), today - CATCH_UP)
    low, high = (start - offset).isoformat(), (today - offset).isoformat()
    value = Lead.custom[name].as_string()
    rows = session.execute(select(Lead.id, value).where(Lead.deleted_at.is_(None), value >= low, value <= high)
                           .order_by(Lead.id).limit(limit)).tuples()
    return [(lead_id, f"date:{name}:{day}") for lead_id, day in rows]


def _reply(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    wanted = fold(str(automation.config["keyword"])).strip()
    contains = automation.config.get("match") == "contains"
    since = max(automation.created_at or now, now - CATCH_UP)
    rows = session.execute(
        select(Message.id, Message.lead_id, Message.body).where(
            Message.direction == "in", Message.lead_id.is_not(None), Message.created_at >= since,
        ).order_by(Message.id).limit(limit)
    ).tuples()
    found = []
    for message_id, lead_id, body in rows:
        text = " ".join(fold(body).split())
        if lead_id is not None and ((wanted in text) if contains else (text.strip(" .!?") == wanted)):
            found.append((int(lead_id), f"reply:{message_id}"))
    return found


def _score(session: Session, automation: AutomationRecord, now: datetime, limit: int) -> Candidates:
    threshold = float(automation.config["threshold"])
    # Re-arm: a lead whose score fell below the threshold may cross it again later.
    below = select(Lead.id).where(or_(Lead.score.is_(None), Lead.score < threshold))
    session.execute(
        update(Enrollment).where(Enrollment.automation_id == automation.id, Enrollment.trigger_key == "score",
                                 Enrollment.state != "active", Enrollment.lead_id.in_(below))
        .values(trigger_key="score:rearmed:" + Enrollment.id.cast(String))
        .execution_options(synchronize_session=False)
    )
    since = automation.created_at or now
    rows = session.scalars(select(Lead.id).where(
        Lead.deleted_at.is_(None), Lead.score >= threshold, Lead.scored_at >= since).order_by(Lead.id).limit(limit))
    return [(lead_id, "score") for lead_id in rows]


def closed_stages(session: Session) -> list[str]:
    """The keys of the won and lost stages: a lead in one is not enrolled (and leaves its sequences)."""
    return list(session.scalars(select(Stage.key).where(or_(Stage.is_won.is_(True), Stage.is_lost.is_(True)))))


TRIGGERED: dict[str, Callable[[Session, AutomationRecord, datetime, int], Candidates]] = {
    "lead_created": _lead_created, "stage_changed": _stage_changed, "idle": _idle, "date": _date, "reply": _reply,
    "score": _score,
}
