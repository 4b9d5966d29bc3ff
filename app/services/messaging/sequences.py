"""The sequences leads are in: one idempotent evaluation pass ends, enrols and runs the steps that are due.

An enrolment is unique per (automation, lead, trigger occurrence) and a step runs inside the transaction
that advances the enrolment with a compare-and-set, so evaluating twice - or in two processes - never
enrols or sends twice. Leads leave a sequence when they reply, opt out, are won or lost, or are deleted;
what the sequence queued for them and was not sent yet is canceled in the same transaction, and the
dispatcher checks `sequence_over` once more before it sends an automated message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Automation, AutomationStep, Enrollment, Lead, Message, Stage
from app.services.messaging.automation_spec import AutomationRecord, record_of
from app.services.messaging.compliance import SendPolicy, recipient_problem
from app.services.messaging.conditions import lead_facts, matches
from app.services.messaging.outbox import EnqueueReport, Outbox
from app.services.messaging.reasons import error_values, hold_values, sequence_end_reason
from app.services.messaging.templates import CompiledTemplate
from app.services.messaging.triggers import candidates, closed_stages

logger = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


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


class Sequences:
    """Evaluates the active automations: who leaves, who enrols, which steps are due (queued in the outbox)."""

    def __init__(self, db: Database, policy: SendPolicy, *, actor_id: int | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.db, self.policy, self.actor_id, self.clock = db, policy, actor_id, clock
        self.outbox = Outbox(db, policy, actor_id=actor_id, clock=clock)

    def evaluate(self, *, limit: int = 5000) -> EvaluationReport:
        """One idempotent pass: end what must end, enrol what triggered, run the steps that are due."""
        report = EvaluationReport()
        with self.db.session() as session:
            automations = [record_of(a) for a in session.scalars(select(Automation).where(Automation.active.is_(True))
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

    @staticmethod
    def _end(session: Session, report: EvaluationReport, reason: str, condition: Any, now: datetime) -> None:
        count = len(end_enrollments(session, reason, condition, now))
        if count:
            report.ended[reason] = report.ended.get(reason, 0) + count

    def _enrol(self, automation: AutomationRecord, report: EvaluationReport, limit: int) -> None:
        now = self.clock()
        with self.db.transaction() as session:
            found = candidates(session, automation, now, limit)
            if not found:
                return
            taken = set(session.execute(
                select(Enrollment.lead_id, Enrollment.trigger_key).where(
                    Enrollment.automation_id == automation.id,
                    Enrollment.lead_id.in_({lead_id for lead_id, _ in found}))
            ).tuples())
            fresh = [(lead_id, key) for lead_id, key in dict.fromkeys(found) if (lead_id, key) not in taken]
            leads = {lead.id: lead for lead in session.scalars(select(Lead).where(Lead.id.in_({i for i, _ in fresh})))}
            closed = closed_stages(session)
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


# --- a sequence that ended -----------------------------------------------------------------------------


def end_enrollments(session: Session, reason: str, condition: Any, now: datetime) -> list[int]:
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


def cancel_sequence_messages(session: Session, enrollment_ids: Any, reason: str, now: datetime) -> int:
    """Cancel what ended enrolments queued and was not sent yet (same transaction as the end); the count."""
    result = session.execute(
        update(Message).where(Message.enrollment_id.in_(enrollment_ids), Message.direction == "out",
                              Message.state.in_(("queued", "held")))
        .values(state="canceled", next_attempt_at=None, updated_at=now, **error_values(sequence_end_reason(reason)),
                **hold_values(None))
        .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def sequence_over(session: Session, message: Message, lead: Lead | None, now: datetime) -> str | None:
    """Why the sequence that queued this automated message is over (its enrolment is ended, or it must end now:
    lead won/lost or replied since enrolling), or None. An enrolment that must end is ended here."""
    if message.kind != "automation" or message.enrollment_id is None:
        return None
    enrollment = session.get(Enrollment, message.enrollment_id)
    if enrollment is None:
        return "removed"
    if enrollment.state == "ended":
        return enrollment.end_reason or "ended"
    if enrollment.state not in ("active", "done") or lead is None:  # done: every step queued, this one may be last
        return None
    reason: str | None = None
    stage = session.scalar(select(Stage).where(Stage.key == lead.stage)) if lead.stage else None
    if stage is not None and (stage.is_won or stage.is_lost):
        reason = "won" if stage.is_won else "lost"
    else:
        automation = session.get(Automation, enrollment.automation_id)
        stops = automation is None or (automation.trigger_config or {}).get("stop_on_reply") is not False
        replied = session.scalar(select(Message.id).where(
            Message.lead_id == lead.id, Message.direction == "in", Message.created_at > enrollment.enrolled_at).limit(1))
        if stops and replied is not None:
            reason = "reply"
    if reason is not None:
        enrollment.state, enrollment.end_reason, enrollment.ended_at, enrollment.next_run_at = "ended", reason, now, None
    return reason
