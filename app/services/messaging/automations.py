"""Automations: a trigger enrols leads into a sequence of SMS steps with delays and conditions.

Triggers (Automation.trigger / trigger_config):
    lead_created   {}                                   a lead created after the automation
    stage_changed  {"to": "proposal", "from": "new"}    both optional
    idle           {"days": 14}                         no interaction for N days
    date           {"field": "renewal", "offset_days": -3}   a custom date field reached
    reply          {"keyword": "PRECO", "match": "exact"|"contains"}   an inbound SMS
    score          {"threshold": 0.7}                   the score reached the threshold (re-armed when it drops)
Every trigger also takes "filter": a condition on the lead, and "stop_on_reply" (default true).

Steps: {"delay_s": 86400, "action": {"template": "name"} | {"body": "text"},
        "condition": {"field": "stage", "op": "in", "value": ["new"], "else": "skip"|"end"}}
Conditions: {"field", "op", "value"} with op eq ne gt gte lt lte in not_in contains empty
not_empty; {"all": [...]}, {"any": [...]}, {"not": {...}}; fields are lead fields, custom
fields, "replied" (an inbound SMS since enrolment) and "days_since_last_interaction".

This module is the service the UI and the command line use: definitions, what the automations
did, a lead's sequences. The pieces behind it: automation_spec (the records and the checks a
definition passes), conditions, triggers (who each trigger enrols) and sequences (the engine that
ends, enrols and runs the due steps - idempotently, so evaluating twice never sends twice).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Automation, AutomationStep, Enrollment, Lead, Message
from app.errors import NotFoundError, ValidationError
from app.services.leads import audit
from app.services.messaging.automation_spec import (
    AutomationRecord,
    check_definition,
    check_templates,
    record_of,
)
from app.services.messaging.compliance import SendPolicy
from app.services.messaging.reasons import error_values, shown_reason
from app.services.messaging.sequences import EvaluationReport, Sequences, end_enrollments
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- what the UI and the command line show ---------------------------------------------------------------


@dataclass(frozen=True)
class SentLine:
    message_id: int
    state: str
    body: str
    sent_at: datetime | None
    reason: str | None  # a Text when the message has its data (app.ui.i18n.service_text shows it)


@dataclass(frozen=True)
class EnrollmentView:
    """A lead's place in a sequence, and what it was sent."""

    id: int
    automation_id: int
    automation: str
    state: str
    next_step: int
    steps: int
    next_run_at: datetime | None
    enrolled_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    messages: tuple[SentLine, ...]


@dataclass(frozen=True)
class AutomationStats:
    automation_id: int
    enrolled: int  # every enrolment so far
    active: int  # still in the sequence
    done: int  # went through every step
    ended: int  # left early: reply, opt-out, won, lost, a condition, removed
    messages: int  # queued by the automation, whatever became of them
    sent: int  # handed to Twilio
    failed: int
    last_activity: datetime | None


@dataclass(frozen=True)
class ActivityLine:
    """One thing an automation did: enrolled a lead, queued a message, or a sequence that finished or ended."""

    at: datetime
    event: str  # enrolled | message | done | ended
    automation_id: int
    automation: str
    lead_id: int
    lead: str
    state: str | None  # the message's outbox state
    detail: str | None  # the message body, or why the sequence ended
    message_id: int | None = None
    problem: str | None = None  # why the message failed or is held (a Text when the message has its data)


# --- the service ---------------------------------------------------------------------------------------


class AutomationService:
    """The automations the UI and the command line see: definitions, what they did, a lead's sequences.
    `evaluate` is one pass of the engine (app.services.messaging.sequences), which the worker runs."""

    def __init__(self, db: Database, policy: SendPolicy, *, actor_id: int | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.db, self.policy, self.actor_id, self.clock = db, policy, actor_id, clock
        self.sequences = Sequences(db, policy, actor_id=actor_id, clock=clock)

    # --- definitions --------------------------------------------------------------------------------

    def create(self, name: str, trigger: str, config: dict[str, Any] | None, steps: list[dict[str, Any]], *,
               active: bool = True) -> AutomationRecord:
        config = dict(config or {})
        check_definition(name, trigger, config, steps)
        now = self.clock()
        with self.db.transaction() as session:
            if session.scalar(select(Automation.id).where(Automation.name == name)) is not None:
                raise ValidationError({"name": f"an automation called {name!r} already exists"})
            row = Automation(name=name, trigger=trigger, trigger_config=config, active=active, created_at=now,
                             updated_at=now)
            row.steps = [AutomationStep(position=i, delay_s=int(s.get("delay_s", 0)), action=dict(s["action"]),
                                        condition=s.get("condition")) for i, s in enumerate(steps)]
            session.add(row)
            session.flush()
            for step in steps:
                check_templates(session, step["action"])
            audit.record(session, self.actor_id, "automation", row.id, "create", {"name": [None, name]})
            return record_of(row)

    def list_all(self) -> list[AutomationRecord]:
        with self.db.session() as session:
            return [record_of(a) for a in session.scalars(select(Automation).order_by(Automation.name))]

    def get(self, name_or_id: str | int) -> AutomationRecord:
        with self.db.session() as session:
            return record_of(self._load(session, name_or_id))

    def set_active(self, name_or_id: str | int, active: bool) -> AutomationRecord:
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            if row.active != active:
                audit.record(session, self.actor_id, "automation", row.id, "update", {"active": [row.active, active]})
                row.active, row.updated_at = active, self.clock()
            return record_of(row)

    def update(self, name_or_id: str | int, name: str, trigger: str, config: dict[str, Any] | None,
               steps: list[dict[str, Any]], *, active: bool | None = None) -> AutomationRecord:
        """Change a definition in place. Enrolments keep their place (a lead waiting for step 2 gets the new
        step 2). A changed trigger or trigger condition re-arms the automation: only what happens after the
        edit enrols, so an edit never enrols leads for past occurrences."""
        config = dict(config or {})
        check_definition(name, trigger, config, steps)
        now = self.clock()
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            if session.scalar(select(Automation.id).where(Automation.name == name, Automation.id != row.id)) is not None:
                raise ValidationError({"name": f"an automation called {name!r} already exists"})
            for step in steps:
                check_templates(session, step["action"])
            before = record_of(row)
            if (trigger, _arming(config)) != (before.trigger, _arming(before.config)):
                row.created_at = now
            row.name, row.trigger, row.trigger_config, row.updated_at = name, trigger, config, now
            if active is not None:
                row.active = active
            self._replace_steps(row, steps)
            session.flush()
            after = record_of(row)
            changes = {key: [getattr(before, key), getattr(after, key)] for key in ("name", "trigger", "config", "active")
                       if getattr(before, key) != getattr(after, key)}
            if before.steps != after.steps:
                changes["steps"] = [len(before.steps), len(after.steps)]
            audit.record(session, self.actor_id, "automation", row.id, "update", changes)
            return after

    @staticmethod
    def _replace_steps(row: Automation, steps: list[dict[str, Any]]) -> None:
        # Rows are rewritten by position, never deleted and re-inserted, so (automation, position) stays unique.
        existing = list(row.steps)
        for i, spec in enumerate(steps):
            values = {"delay_s": int(spec.get("delay_s", 0)), "action": dict(spec["action"]),
                      "condition": spec.get("condition")}
            if i < len(existing):
                for key, value in values.items():
                    setattr(existing[i], key, value)
            else:
                row.steps.append(AutomationStep(position=i, **values))
        for surplus in existing[len(steps):]:
            row.steps.remove(surplus)

    def delete(self, name_or_id: str | int) -> int:
        """Remove the automation and its enrolments; what it queued and was not sent yet is canceled (the count
        is returned). Messages already sent stay on the leads' timelines."""
        now = self.clock()
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            mine = select(Enrollment.id).where(Enrollment.automation_id == row.id)
            canceled = session.execute(
                update(Message).where(Message.enrollment_id.in_(mine), Message.state.in_(("queued", "held")))
                .values(state="canceled", **error_values(Text(QT_TRANSLATE_NOOP("Services", "its automation was deleted"))),
                        next_attempt_at=None, updated_at=now).execution_options(synchronize_session=False))
            session.execute(update(Message).where(Message.enrollment_id.in_(mine)).values(enrollment_id=None)
                            .execution_options(synchronize_session=False))
            session.execute(delete(Enrollment).where(Enrollment.automation_id == row.id)
                            .execution_options(synchronize_session=False))
            audit.record(session, self.actor_id, "automation", row.id, "delete", {"name": [row.name, None]})
            session.delete(row)
            return int(getattr(canceled, "rowcount", 0) or 0)

    # --- what the automations did --------------------------------------------------------------------

    def stats(self) -> dict[int, AutomationStats]:
        """Per automation: enrolments by state, messages it queued and sent, and its latest activity."""
        found: dict[int, dict[str, Any]] = {}

        def entry(automation_id: int) -> dict[str, Any]:
            return found.setdefault(automation_id, {"enrolled": 0, "active": 0, "done": 0, "ended": 0, "messages": 0,
                                                    "sent": 0, "failed": 0, "last": []})

        with self.db.session() as session:
            for automation_id, state, n, enrolled, ended in session.execute(
                    select(Enrollment.automation_id, Enrollment.state, func.count(), func.max(Enrollment.enrolled_at),
                           func.max(Enrollment.ended_at)).group_by(Enrollment.automation_id, Enrollment.state)):
                data = entry(automation_id)
                data["enrolled"] += int(n)
                data[state if state in ("active", "done") else "ended"] += int(n)
                data["last"] += [enrolled, ended]
            for automation_id, state, n, created in session.execute(
                    select(Enrollment.automation_id, Message.state, func.count(), func.max(Message.created_at))
                    .join(Enrollment, Enrollment.id == Message.enrollment_id)
                    .group_by(Enrollment.automation_id, Message.state)):
                data = entry(automation_id)
                data["messages"] += int(n)
                data["sent"] += int(n) if state in ("sent", "delivered", "undelivered") else 0
                data["failed"] += int(n) if state in ("failed", "undelivered") else 0
                data["last"].append(created)
        return {automation_id: AutomationStats(
            automation_id, data["enrolled"], data["active"], data["done"], data["ended"], data["messages"], data["sent"],
            data["failed"], max((d for d in data["last"] if d is not None), default=None),
        ) for automation_id, data in found.items()}

    def activity(self, automation_id: int | None = None, *, limit: int = 200) -> list[ActivityLine]:
        """Newest first: leads enrolled, messages queued (with their outbox state), sequences that ended."""
        def only(stmt: Any) -> Any:
            stmt = stmt.join(Automation, Automation.id == Enrollment.automation_id).join(Lead, Lead.id == Enrollment.lead_id)
            return stmt if automation_id is None else stmt.where(Enrollment.automation_id == automation_id)

        columns = (Automation.id, Automation.name, Lead.id, Lead.name)
        with self.db.session() as session:
            lines = [ActivityLine(at, "enrolled", a_id, a_name, l_id, l_name, None, None) for at, a_id, a_name, l_id, l_name
                     in session.execute(only(select(Enrollment.enrolled_at, *columns))
                                        .order_by(Enrollment.enrolled_at.desc()).limit(limit))]
            lines += [ActivityLine(at, state, a_id, a_name, l_id, l_name, None, reason)
                      for at, state, reason, a_id, a_name, l_id, l_name
                      in session.execute(only(select(Enrollment.ended_at, Enrollment.state, Enrollment.end_reason, *columns))
                                         .where(Enrollment.ended_at.is_not(None))
                                         .order_by(Enrollment.ended_at.desc()).limit(limit))]
            lines += [ActivityLine(at, "message", a_id, a_name, l_id, l_name, state, body, message_id,
                                   shown_reason(error, error_data) or shown_reason(hold, hold_data))
                      for at, state, body, message_id, error, error_data, hold, hold_data, a_id, a_name, l_id, l_name
                      in session.execute(only(select(Message.created_at, Message.state, Message.body, Message.id,
                                                     Message.error_message, Message.error_data, Message.hold_reason,
                                                     Message.hold_reason_data, *columns)
                                              .join(Enrollment, Enrollment.id == Message.enrollment_id))
                                         .order_by(Message.created_at.desc()).limit(limit))]
        order = {"message": 0, "done": 1, "ended": 1, "enrolled": 2}  # at the same instant: enrolled, then sent
        lines.sort(key=lambda line: (line.at, -order.get(line.event, 0)), reverse=True)
        return lines[:limit]

    def _load(self, session: Session, name_or_id: str | int) -> Automation:
        key = str(name_or_id)
        row = session.get(Automation, int(key)) if key.isdigit() else None
        row = row or session.scalar(select(Automation).where(Automation.name == key))
        if row is None:
            raise NotFoundError(f"automation {name_or_id!r} does not exist")
        return row

    # --- what a lead is in ------------------------------------------------------------------------

    def lead_sequences(self, lead_id: int) -> list[EnrollmentView]:
        with self.db.session() as session:
            rows = session.execute(
                select(Enrollment, Automation).join(Automation, Automation.id == Enrollment.automation_id)
                .where(Enrollment.lead_id == lead_id).order_by(Enrollment.enrolled_at.desc(), Enrollment.id.desc())
            ).all()
            views = []
            for enrollment, automation in rows:
                sent = session.scalars(select(Message).where(Message.enrollment_id == enrollment.id).order_by(Message.id))
                views.append(EnrollmentView(
                    enrollment.id, automation.id, automation.name, enrollment.state, enrollment.next_step,
                    len(automation.steps), enrollment.next_run_at, enrollment.enrolled_at, enrollment.ended_at,
                    enrollment.end_reason,
                    tuple(SentLine(m.id, m.state, m.body, m.sent_at, _reason(m)) for m in sent),
                ))
            return views

    def unenroll(self, lead_id: int, automation: str | int | None = None, reason: str = "removed by the user") -> int:
        """End the lead's active sequences (or one); what they queued and was not sent yet is canceled with them."""
        now = self.clock()
        with self.db.transaction() as session:
            condition = Enrollment.lead_id == lead_id
            if automation is not None:
                condition = and_(condition, Enrollment.automation_id == self._load(session, automation).id)
            return len(end_enrollments(session, reason, condition, now))

    # --- evaluation -----------------------------------------------------------------------------------

    def evaluate(self, *, limit: int = 5000) -> EvaluationReport:
        """One idempotent pass: end what must end, enrol what triggered, run the steps that are due."""
        return self.sequences.evaluate(limit=limit)


def _arming(config: dict[str, Any]) -> dict[str, Any]:
    """The part of a trigger's config that decides who enrols (stop_on_reply only decides who leaves)."""
    return {key: value for key, value in config.items() if key != "stop_on_reply"}


def _reason(message: Message) -> str | None:
    """Why a message failed, was canceled or is held, in the UI's language when the row has the Text."""
    return shown_reason(message.error_message, message.error_data) or shown_reason(message.hold_reason,
                                                                                    message.hold_reason_data)
