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

Idempotent: an enrolment is unique per (automation, lead, trigger occurrence) and a step runs
inside the transaction that advances the enrolment with a compare-and-set, so evaluating
twice - or in two processes - never enrols or sends twice. Leads leave a sequence when they
reply, opt out, are won or lost, or are deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, delete, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Automation, AutomationStep, Enrollment, Lead, Message, MessageTemplate, Stage, StageChange
from app.errors import NotFoundError, ValidationError
from app.services.leads import audit
from app.services.leads.normalize import fold
from app.services.messaging.compliance import SendPolicy, recipient_problem
from app.services.messaging.outbox import EnqueueReport, Outbox, cancel_sequence_messages, error_values, shown_reason
from app.services.messaging.templates import CompiledTemplate, compile_body, zone
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)

TRIGGERS = ("lead_created", "stage_changed", "idle", "date", "reply", "score")
OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "empty", "not_empty")
CATCH_UP = timedelta(days=7)  # a date trigger missed while nothing ran is still honoured this long


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --- plain records ---------------------------------------------------------------------------------


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


@dataclass
class EvaluationReport:
    enrolled: dict[str, int] = field(default_factory=dict)
    not_enrolled: dict[str, int] = field(default_factory=dict)  # reason -> leads
    ended: dict[str, int] = field(default_factory=dict)  # reason -> enrolments
    steps_run: int = 0
    steps_skipped: int = 0
    messages_queued: int = 0
    send_skipped: dict[str, int] = field(default_factory=dict)
    finished: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _record(row: Automation) -> AutomationRecord:
    steps = tuple(StepSpec(s.position, s.delay_s, dict(s.action or {}), dict(s.condition) if s.condition else None)
                  for s in row.steps)
    return AutomationRecord(row.id, row.name, row.trigger, dict(row.trigger_config or {}), row.active, steps, row.created_at)


# --- conditions -------------------------------------------------------------------------------------


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


# --- the service ---------------------------------------------------------------------------------------


class AutomationService:
    def __init__(self, db: Database, policy: SendPolicy, *, actor_id: int | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.db, self.policy, self.actor_id, self.clock = db, policy, actor_id, clock
        self.outbox = Outbox(db, policy, actor_id=actor_id, clock=clock)

    # --- definitions --------------------------------------------------------------------------------

    def create(self, name: str, trigger: str, config: dict[str, Any] | None, steps: list[dict[str, Any]], *,
               active: bool = True) -> AutomationRecord:
        config = dict(config or {})
        self._check(name, trigger, config, steps)
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
                self._check_templates(session, step["action"])
            audit.record(session, self.actor_id, "automation", row.id, "create", {"name": [None, name]})
            return _record(row)

    def _check(self, name: str, trigger: str, config: dict[str, Any], steps: list[dict[str, Any]]) -> None:
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

    @staticmethod
    def _check_templates(session: Session, action: dict[str, Any]) -> None:
        if "template" in action and session.scalar(select(MessageTemplate.id).where(
                MessageTemplate.name == str(action["template"]), MessageTemplate.deleted_at.is_(None))) is None:
            raise ValidationError({"action.template": f"template {action['template']!r} does not exist"})

    def list_all(self) -> list[AutomationRecord]:
        with self.db.session() as session:
            return [_record(a) for a in session.scalars(select(Automation).order_by(Automation.name))]

    def get(self, name_or_id: str | int) -> AutomationRecord:
        with self.db.session() as session:
            return _record(self._load(session, name_or_id))

    def set_active(self, name_or_id: str | int, active: bool) -> AutomationRecord:
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            if row.active != active:
                audit.record(session, self.actor_id, "automation", row.id, "update", {"active": [row.active, active]})
                row.active, row.updated_at = active, self.clock()
            return _record(row)

    def update(self, name_or_id: str | int, name: str, trigger: str, config: dict[str, Any] | None,
               steps: list[dict[str, Any]], *, active: bool | None = None) -> AutomationRecord:
        """Change a definition in place. Enrolments keep their place (a lead waiting for step 2 gets the new
        step 2). A changed trigger or trigger condition re-arms the automation: only what happens after the
        edit enrols, so an edit never enrols leads for past occurrences."""
        config = dict(config or {})
        self._check(name, trigger, config, steps)
        now = self.clock()
        with self.db.transaction() as session:
            row = self._load(session, name_or_id)
            if session.scalar(select(Automation.id).where(Automation.name == name, Automation.id != row.id)) is not None:
                raise ValidationError({"name": f"an automation called {name!r} already exists"})
            for step in steps:
                self._check_templates(session, step["action"])
            before = _record(row)
            if (trigger, _arming(config)) != (before.trigger, _arming(before.config)):
                row.created_at = now
            row.name, row.trigger, row.trigger_config, row.updated_at = name, trigger, config, now
            if active is not None:
                row.active = active
            self._replace_steps(row, steps)
            session.flush()
            after = _record(row)
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
            return len(self._end_where(session, reason, condition, now))

    # --- evaluation -----------------------------------------------------------------------------------

    def evaluate(self, *, limit: int = 5000) -> EvaluationReport:
        """One idempotent pass: end what must end, enrol what triggered, run the steps that are due."""
        report = EvaluationReport()
        with self.db.session() as session:
            automations = [_record(a) for a in session.scalars(select(Automation).where(Automation.active.is_(True))
                                                                .order_by(Automation.id))]
        self._end_enrollments(report)
        self._release_waiting()
        for automation in automations:
            if automation.steps:
                self._enrol(automation, report, limit)
        self._run_steps(report, limit)
        return report

    def _end_enrollments(self, report: EvaluationReport) -> None:
        now = self.clock()
        with self.db.transaction() as session:
            won = select(Stage.key).where(Stage.is_won.is_(True)).scalar_subquery()
            lost = select(Stage.key).where(Stage.is_lost.is_(True)).scalar_subquery()
            rules = [
                ("deleted", select(Lead.id).where(Lead.deleted_at.is_not(None))),
                ("opt_out", select(Lead.id).where(Lead.sms_opt_out.is_(True))),
                ("won", select(Lead.id).where(Lead.stage.in_(won))),
                ("lost", select(Lead.id).where(Lead.stage.in_(lost))),
            ]
            for reason, leads in rules:
                self._end(session, report, reason, Enrollment.lead_id.in_(leads), now)
            keep_going = [a.id for a in session.scalars(select(Automation))
                          if (a.trigger_config or {}).get("stop_on_reply") is False]
            replied = exists().where(Message.lead_id == Enrollment.lead_id, Message.direction == "in",
                                     Message.created_at > Enrollment.enrolled_at)
            self._end(session, report, "reply", and_(replied, Enrollment.automation_id.not_in(keep_going)), now)

    @classmethod
    def _end(cls, session: Session, report: EvaluationReport, reason: str, condition: Any, now: datetime) -> None:
        count = len(cls._end_where(session, reason, condition, now))
        if count:
            report.ended[reason] = report.ended.get(reason, 0) + count

    @staticmethod
    def _end_where(session: Session, reason: str, condition: Any, now: datetime) -> list[int]:
        """End the active enrolments matching `condition` and cancel their unsent messages, in the caller's
        transaction (so a lead who left a sequence never gets its waiting step). The ended ids."""
        # 'done' = every step queued: one whose last message still waits ends too, so that message is not sent.
        waiting = exists().where(Message.enrollment_id == Enrollment.id, Message.state.in_(("queued", "held")))
        ids = list(session.scalars(select(Enrollment.id).where(
            or_(Enrollment.state == "active", and_(Enrollment.state == "done", waiting)), condition)))
        ended: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            session.execute(
                update(Enrollment).where(Enrollment.id.in_(chunk), Enrollment.state.in_(("active", "done")))
                .values(state="ended", end_reason=reason, ended_at=now, next_run_at=None)
                .execution_options(synchronize_session=False))
            cancel_sequence_messages(session, chunk, reason, now)
            ended += chunk
        return ended

    # --- enrolment ---------------------------------------------------------------------------------

    def _enrol(self, automation: AutomationRecord, report: EvaluationReport, limit: int) -> None:
        now = self.clock()
        with self.db.transaction() as session:
            candidates = self._candidates(session, automation, now, limit)
            if not candidates:
                return
            taken = set(session.execute(
                select(Enrollment.lead_id, Enrollment.trigger_key).where(
                    Enrollment.automation_id == automation.id,
                    Enrollment.lead_id.in_({lead_id for lead_id, _ in candidates}))
            ).tuples())
            fresh = [(lead_id, key) for lead_id, key in dict.fromkeys(candidates) if (lead_id, key) not in taken]
            leads = {lead.id: lead for lead in session.scalars(select(Lead).where(Lead.id.in_({i for i, _ in fresh})))}
            closed = _closed_stages(session)
            first_delay = timedelta(seconds=automation.steps[0].delay_s)
            for lead_id, key in fresh:
                lead = leads.get(lead_id)
                problem = recipient_problem(lead) or ("won_or_lost" if lead is not None and lead.stage in closed else None)
                if problem is None and lead is not None and not matches(automation.config.get("filter"),
                                                                         lead_facts(session, lead, now)):
                    problem = "filtered_out"
                if problem is not None:
                    report.not_enrolled[problem] = report.not_enrolled.get(problem, 0) + 1
                    continue
                try:
                    with session.begin_nested():
                        session.add(Enrollment(automation_id=automation.id, lead_id=lead_id, trigger_key=key,
                                               state="active", next_step=0, next_run_at=now + first_delay,
                                               enrolled_at=now))
                except IntegrityError:  # enrolled by a concurrent evaluation
                    continue
                report.enrolled[automation.name] = report.enrolled.get(automation.name, 0) + 1

    def _candidates(self, session: Session, automation: AutomationRecord, now: datetime, limit: int) -> list[tuple[int, str]]:
        config, since = automation.config, automation.created_at or now
        live = Lead.deleted_at.is_(None)
        if automation.trigger == "lead_created":
            rows = session.scalars(select(Lead.id).where(live, Lead.created_at >= since).order_by(Lead.id).limit(limit))
            return [(lead_id, "created") for lead_id in rows]
        if automation.trigger == "stage_changed":
            stmt = select(StageChange.lead_id, StageChange.id).join(Lead, Lead.id == StageChange.lead_id).where(
                live, StageChange.changed_at >= since, StageChange.from_stage.is_not(None))
            if config.get("to"):
                stmt = stmt.where(StageChange.to_stage == config["to"])
            if config.get("from"):
                stmt = stmt.where(StageChange.from_stage == config["from"])
            return [(lead_id, f"stage:{change_id}") for lead_id, change_id in
                    session.execute(stmt.order_by(StageChange.id).limit(limit)).tuples()]
        if automation.trigger == "idle":
            return self._idle(session, automation, now, limit)
        if automation.trigger == "date":
            return self._date(session, automation, now, limit)
        if automation.trigger == "reply":
            return self._reply(session, automation, now, limit)
        if automation.trigger == "score":
            return self._score(session, automation, now, limit)
        return []

    def _idle(self, session: Session, automation: AutomationRecord, now: datetime, limit: int) -> list[tuple[int, str]]:
        quiet_since = func.coalesce(Lead.last_interaction_at, Lead.created_at)
        already = exists().where(Enrollment.automation_id == automation.id, Enrollment.lead_id == Lead.id,
                                 Enrollment.enrolled_at >= quiet_since)
        rows = session.execute(
            select(Lead.id, Lead.last_interaction_at, Lead.created_at).where(
                Lead.deleted_at.is_(None), quiet_since <= now - timedelta(days=int(automation.config["days"])), ~already,
                Lead.stage.not_in(_closed_stages(session)),
            ).order_by(Lead.id).limit(limit)
        ).tuples()
        return [(lead_id, f"idle:{(last or created).isoformat()}") for lead_id, last, created in rows]

    def _date(self, session: Session, automation: AutomationRecord, now: datetime, limit: int) -> list[tuple[int, str]]:
        name, offset = str(automation.config["field"]), timedelta(days=int(automation.config.get("offset_days", 0)))
        today = now.astimezone(zone(None)).date()
        start = max((automation.created_at or now).astimezone(zone(None)).date(), today - CATCH_UP)
        low, high = (start - offset).isoformat(), (today - offset).isoformat()
        value = Lead.custom[name].as_string()
        rows = session.execute(select(Lead.id, value).where(Lead.deleted_at.is_(None), value >= low, value <= high)
                               .order_by(Lead.id).limit(limit)).tuples()
        return [(lead_id, f"date:{name}:{day}") for lead_id, day in rows]

    def _reply(self, session: Session, automation: AutomationRecord, now: datetime, limit: int) -> list[tuple[int, str]]:
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

    def _score(self, session: Session, automation: AutomationRecord, now: datetime, limit: int) -> list[tuple[int, str]]:
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

    # --- steps -----------------------------------------------------------------------------------------

    def _run_steps(self, report: EvaluationReport, limit: int) -> None:
        now = self.clock()
        with self.db.session() as session:
            due = list(session.scalars(select(Enrollment.id).where(
                Enrollment.state == "active", Enrollment.next_run_at <= now).order_by(Enrollment.next_run_at).limit(limit)))
        compiled: dict[tuple[str, str], CompiledTemplate] = {}
        for enrollment_id in due:
            self._run_step(enrollment_id, report, compiled)

    def _run_step(self, enrollment_id: int, report: EvaluationReport, cache: dict[tuple[str, str], CompiledTemplate]) -> None:
        now = self.clock()
        with self.db.transaction() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None or enrollment.state != "active":
                return
            automation = session.get(Automation, enrollment.automation_id)
            assert automation is not None
            steps = list(automation.steps)
            position = enrollment.next_step
            # Compare-and-set: whoever moves next_step first runs the step; everyone else stops here.
            advanced = session.execute(
                update(Enrollment).where(Enrollment.id == enrollment_id, Enrollment.next_step == position,
                                         Enrollment.state == "active")
                .values(next_step=position + 1).execution_options(synchronize_session=False)
            )
            if getattr(advanced, "rowcount", 0) != 1:
                return
            session.refresh(enrollment)
            if position >= len(steps):
                return self._finish(enrollment, now, report)
            step = steps[position]
            lead = session.get(Lead, enrollment.lead_id)
            facts = lead_facts(session, lead, now, since=enrollment.enrolled_at) if lead else {}
            if not matches(step.condition, facts):
                report.steps_skipped += 1
                if (step.condition or {}).get("else") == "end":
                    enrollment.state, enrollment.end_reason = "ended", "condition"
                    enrollment.ended_at, enrollment.next_run_at = now, None
                    cancel_sequence_messages(session, [enrollment.id], "condition", now)
                    report.ended["condition"] = report.ended.get("condition", 0) + 1
                    return
                queued = False
            else:
                queued = self._send(session, enrollment, dict(step.action), report, cache)
                report.steps_run += 1
            if position + 1 >= len(steps):
                return self._finish(enrollment, now, report)
            # A queued message: the next step's delay counts from when it leaves (see _release_waiting); NULL = waiting.
            enrollment.next_run_at = None if queued else now + timedelta(seconds=steps[position + 1].delay_s)

    def _send(self, session: Session, enrollment: Enrollment, action: dict[str, Any], report: EvaluationReport,
              cache: dict[tuple[str, str], CompiledTemplate]) -> bool:
        """Queue the step's message; True when one was queued or held (not skipped)."""
        key = ("template", str(action["template"])) if "template" in action else ("body", str(action["body"]))
        if key not in cache:
            cache[key] = self.outbox.compile(**{key[0]: key[1]})
        queued = EnqueueReport(dry_run=False)
        self.outbox.enqueue_in(session, cache[key], [enrollment.lead_id], queued, kind="automation",
                               enrollment_id=enrollment.id)
        report.messages_queued += queued.recipients
        for reason, n in queued.skipped.items():
            report.send_skipped[reason] = report.send_skipped.get(reason, 0) + n
        return queued.recipients > 0

    def _release_waiting(self) -> None:
        """Enrolments waiting for their last step's message (next_run_at NULL): once it has left Twilio's hands
        (sent/delivered/undelivered: from its sent_at) or ended without going out (failed/canceled: from that
        moment), the next step falls due its delay later. Queued/held/sending: still waiting. A compare-and-set
        on the NULL keeps concurrent passes and a crash between them harmless."""
        now = self.clock()
        with self.db.session() as session:
            rows = session.execute(
                select(Enrollment.id, Enrollment.automation_id, Enrollment.next_step, Message.id, Message.state,
                       Message.sent_at, Message.updated_at)
                .outerjoin(Message, and_(Message.lead_id == Enrollment.lead_id, Message.enrollment_id == Enrollment.id))
                .where(Enrollment.state == "active", Enrollment.next_run_at.is_(None))
            ).tuples().all()
            delays: dict[int, list[int]] = {}
            for automation_id in {row[1] for row in rows}:
                delays[automation_id] = list(session.scalars(
                    select(AutomationStep.delay_s).where(AutomationStep.automation_id == automation_id)
                    .order_by(AutomationStep.position)))
        latest: dict[int, tuple[int, int, int, str | None, datetime | None, datetime | None]] = {}
        for row in rows:
            key = row[3] if row[3] is not None else -1  # -1: the step queued nothing that still exists
            if row[0] not in latest or key > latest[row[0]][2]:
                latest[row[0]] = (row[1], row[2], key, row[4], row[5], row[6])
        due: dict[datetime, list[int]] = {}
        for enrollment_id, (automation_id, next_step, key, state, sent_at, updated_at) in latest.items():
            if key != -1 and state in ("queued", "held", "sending"):
                continue
            if key == -1:
                base = now
            elif state in ("sent", "delivered", "undelivered"):
                base = sent_at or updated_at or now
            else:
                base = updated_at or now
            steps = delays.get(automation_id, [])
            delay = steps[next_step] if next_step < len(steps) else 0
            due.setdefault(base + timedelta(seconds=delay), []).append(enrollment_id)
        if not due:
            return
        with self.db.transaction() as session:
            for when, ids in due.items():
                session.execute(update(Enrollment).where(Enrollment.id.in_(ids), Enrollment.state == "active",
                                                         Enrollment.next_run_at.is_(None))
                                .values(next_run_at=when).execution_options(synchronize_session=False))

    @staticmethod
    def _finish(enrollment: Enrollment, now: datetime, report: EvaluationReport) -> None:
        enrollment.state, enrollment.ended_at, enrollment.next_run_at = "done", now, None
        report.finished += 1


def _arming(config: dict[str, Any]) -> dict[str, Any]:
    """The part of a trigger's config that decides who enrols (stop_on_reply only decides who leaves)."""
    return {key: value for key, value in config.items() if key != "stop_on_reply"}


def _closed_stages(session: Session) -> list[str]:
    return list(session.scalars(select(Stage.key).where(or_(Stage.is_won.is_(True), Stage.is_lost.is_(True)))))


def describe_steps(steps: Iterable[StepSpec]) -> list[str]:
    lines = []
    for step in steps:
        what = f"template {step.action['template']}" if "template" in step.action else "text"
        when = f"after {step.delay_s // 3600} h" if step.delay_s >= 3600 else f"after {step.delay_s} s"
        lines.append(f"{step.position + 1}. {when}: send {what}" + (" (if condition)" if step.condition else ""))
    return lines


def _reason(message: Message) -> str | None:
    """Why a message failed, was canceled or is held, in the UI's language when the row has the Text."""
    return shown_reason(message.error_message, message.error_data) or shown_reason(message.hold_reason,
                                                                                    message.hold_reason_data)
