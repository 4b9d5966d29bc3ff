"""Interactions on a lead's timeline: calls, meetings, visits, notes, SMS and e-mail."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.engine import Database
from app.db.models import INTERACTION_KINDS, Interaction, Lead, User
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.leads import audit
from app.services.leads.normalize import check_event_time, fits_id, out_of_range
from app.texts import QT_TRANSLATE_NOOP, Text, no_such_lead, reason, required, too_long

KINDS: tuple[str, ...] = tuple(INTERACTION_KINDS)  # what a rep may log, in the order the forms offer them


EDITABLE = ("lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes", "author")
MAX_NOTES = 20000


@dataclass(frozen=True)
class InteractionRecord:
    id: int
    uuid: str
    version: int
    lead_id: int
    kind: str
    occurred_at: datetime
    duration_s: int | None
    outcome: str | None
    notes: str | None
    author: str | None
    author_id: int | None
    message_id: int | None
    deleted_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def to_record(row: Interaction) -> InteractionRecord:
    return InteractionRecord(
        id=row.id, uuid=row.uuid, version=row.version, lead_id=row.lead_id, kind=row.kind,
        occurred_at=_aware(row.occurred_at), duration_s=row.duration_s, outcome=row.outcome, notes=row.notes,
        author=row.author.username if row.author else None, author_id=row.author_id,
        message_id=row.message_id, deleted_at=row.deleted_at,
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def parse_when(value: Any) -> datetime:
    """A datetime, or ISO-8601 / 'dd/mm/yyyy [hh:mm]' text, between 1900 and a year from now (normalize.
    check_event_time: a year 9999 is a typo that broke every model); naive times are taken as UTC."""
    if isinstance(value, datetime):
        return check_event_time(_aware(value))
    text = str(value).strip()
    if not text:
        raise ValueError(required())
    for parse in (datetime.fromisoformat, _br_datetime):
        try:
            when = _aware(parse(text))
        except ValueError:
            continue
        return check_event_time(when)
    raise ValueError(Text(
        QT_TRANSLATE_NOOP("Services", "{value} is not a date and time (use 2024-05-31 14:30 or 31/05/2024 14:30)"),
        value=repr(text)))


def _br_datetime(text: str) -> datetime:
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def changed_by_someone_else(interaction_id: int) -> Text:
    return Text(QT_TRANSLATE_NOOP("Services", "interaction {id} was changed by someone else; reload and try again"),
                id=interaction_id)


class InteractionValidator:
    def __init__(self, users: dict[str, int]) -> None:
        self.users = users

    @classmethod
    def load(cls, session: Session) -> InteractionValidator:
        return cls({u.username: u.id for u in session.scalars(select(User))})

    def clean(self, data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
        problems: dict[str, str] = {}
        out: dict[str, Any] = {}
        for name in sorted(set(data) - set(EDITABLE)):
            problems[name] = Text(QT_TRANSLATE_NOOP("Services", "is not an interaction field"))
        for name in EDITABLE:
            if name not in data:
                if not partial and name in ("lead_id", "kind", "occurred_at"):
                    problems[name] = required()
                continue
            try:
                out[name] = self._field(name, data[name])
            except ValueError as exc:
                problems[name] = reason(exc)
        if problems:
            raise ValidationError(problems)
        return out

    def _field(self, name: str, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip() or None
        if name == "lead_id":
            try:
                lead_id = int(value)  # type: ignore[arg-type]
            except (TypeError, ValueError, OverflowError):
                lead_id = 0
            if not fits_id(lead_id):
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a lead id"), value=repr(value)))
            return lead_id
        if name == "kind":
            kind = str(value or "").lower()
            if kind not in INTERACTION_KINDS:
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be one of {kinds}, not {value}"),
                                      kinds=", ".join(INTERACTION_KINDS), value=repr(value)))
            return kind
        if name == "occurred_at":
            return parse_when(value if value is not None else "")
        if name == "duration_s":
            return _duration(value)
        if name == "notes":
            if value is not None and len(str(value)) > MAX_NOTES:
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "are longer than {n} characters"), n=MAX_NOTES))
            return value
        if name == "outcome":
            if value is not None and len(str(value)) > 100:
                raise ValueError(too_long(100))
            return value
        if name == "author":
            if value is None:
                return None
            if isinstance(value, int) and value in self.users.values():
                return value
            if str(value) in self.users:
                return self.users[str(value)]
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "unknown user {value}"), value=repr(value)))
        return value


MAX_DURATION_S = 24 * 3600  # a call, meeting or visit of more than a day is a typo (the form's field stops at 23:59:59)


def _duration(value: Any) -> int | None:
    if value is None:
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a number of seconds"), value=repr(value))) from None
    if not math.isfinite(number):  # nan, inf, 1e400: int() of them raised a bare ValueError or OverflowError
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a finite number"), value=repr(value)))
    if number < 0:
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "cannot be negative")))
    if number > MAX_DURATION_S:
        raise ValueError(out_of_range(repr(value), 0, MAX_DURATION_S))
    return int(number)


class InteractionService:
    def __init__(self, db: Database, actor_id: int | None = None) -> None:
        self.db = db
        self.actor_id = actor_id

    def timeline(self, lead_id: int, *, kinds: tuple[str, ...] = ()) -> list[InteractionRecord]:
        """Newest first."""
        if not fits_id(lead_id):
            return []
        stmt = select(Interaction).where(Interaction.lead_id == lead_id, Interaction.deleted_at.is_(None))
        if kinds:
            stmt = stmt.where(Interaction.kind.in_(kinds))
        stmt = stmt.order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        with self.db.session() as session:
            return [to_record(row) for row in session.scalars(stmt)]

    def get(self, interaction_id: int) -> InteractionRecord:
        with self.db.session() as session:
            return to_record(self._load(session, interaction_id))

    def create(self, data: dict[str, Any]) -> InteractionRecord:
        with self.db.transaction() as session:
            clean = InteractionValidator.load(session).clean(data)
            row = self.create_in(session, clean)
            session.flush()
            return to_record(row)

    def create_in(self, session: Session, clean: dict[str, Any]) -> Interaction:
        lead = session.get(Lead, clean["lead_id"])
        if lead is None or lead.deleted_at is not None:
            raise ValidationError({"lead_id": no_such_lead(clean["lead_id"])})
        author = clean.pop("author", None)
        at = datetime.now(UTC)
        row = Interaction(**clean, author_id=author if author is not None else self.actor_id,
                          created_at=at, updated_at=at)
        session.add(row)
        session.flush()
        _touch_lead(session, lead.id)
        audit.record(session, self.actor_id, "interaction", row.id, "create", {"kind": [None, row.kind]})
        return row

    def update(self, interaction_id: int, changes: dict[str, Any], *, expected_version: int | None = None) -> InteractionRecord:
        try:
            with self.db.transaction() as session:
                row = self._load(session, interaction_id)
                if expected_version is not None and row.version != expected_version:
                    raise ConflictError(changed_by_someone_else(interaction_id))
                clean = InteractionValidator.load(session).clean(changes, partial=True)
                if "lead_id" in clean and clean["lead_id"] != row.lead_id:
                    raise ValidationError({
                        "lead_id": Text(QT_TRANSLATE_NOOP("Services", "an interaction cannot move to another lead"))})
                if "author" in clean:
                    clean["author_id"] = clean.pop("author")
                diff = {k: [getattr(row, k), v] for k, v in clean.items() if getattr(row, k) != v}
                for name, (_old, new) in diff.items():
                    setattr(row, name, new)
                if diff:
                    row.updated_at = datetime.now(UTC)
                    session.flush()
                    _touch_lead(session, row.lead_id)
                    audit.record(session, self.actor_id, "interaction", row.id, "update", diff)
                return to_record(row)
        except StaleDataError:
            raise ConflictError(changed_by_someone_else(interaction_id)) from None

    def delete(self, interaction_id: int) -> None:
        self._set_deleted(interaction_id, datetime.now(UTC), "delete")

    def restore(self, interaction_id: int) -> None:
        self._set_deleted(interaction_id, None, "restore")

    def _set_deleted(self, interaction_id: int, at: datetime | None, action: str) -> None:
        with self.db.transaction() as session:
            row = session.get(Interaction, interaction_id) if fits_id(interaction_id) else None
            if row is None:
                raise NotFoundError(Text(QT_TRANSLATE_NOOP("Services", "interaction {id} does not exist"), id=interaction_id))
            if (row.deleted_at is None) == (at is None):
                return
            old = row.deleted_at
            row.deleted_at = at
            session.flush()
            _touch_lead(session, row.lead_id)
            audit.record(session, self.actor_id, "interaction", row.id, action, {"deleted_at": [old, at]})

    def _load(self, session: Session, interaction_id: int) -> Interaction:
        row = session.get(Interaction, interaction_id) if fits_id(interaction_id) else None
        if row is None or row.deleted_at is not None:
            raise NotFoundError(Text(QT_TRANSLATE_NOOP("Services", "interaction {id} does not exist"), id=interaction_id))
        return row


def _touch_lead(session: Session, lead_id: int) -> None:
    """Keep the lead's last_interaction_at equal to its newest live interaction."""
    latest = select(func.max(Interaction.occurred_at)).where(
        Interaction.lead_id == lead_id, Interaction.deleted_at.is_(None)
    ).scalar_subquery()
    session.execute(
        update(Lead).where(Lead.id == lead_id).values(last_interaction_at=latest)
        .execution_options(synchronize_session=False)
    )
