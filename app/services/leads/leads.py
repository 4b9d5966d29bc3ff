"""Leads and customers: validated create/update, soft delete with undo, stage history, audit.

Everything crosses this boundary as plain data (dicts in, LeadRecord out), so the UI thread,
worker threads and the CLI never share ORM objects.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.engine import Database
from app.db.models import ConsentEvent, CustomField, Lead, Message, Stage, StageChange, Tag, User
from app.errors import ConflictError, NotFoundError, ValidationError
from app.services.leads import audit
from app.services.leads.custom_fields import FieldDefinition, coerce_values, definition_of
from app.services.leads.normalize import (
    fits_id,
    lead_search_text,
    parse_boolean,
    parse_email,
    parse_number,
    parse_phone,
)
from app.texts import QT_TRANSLATE_NOOP, Text, no_such_lead, reason, required, too_long

logger = logging.getLogger(__name__)

# Fields a user (or an import) may set directly, in the order forms show them.
EDITABLE = (
    "name", "company", "job_title", "email", "phone", "kind", "stage", "source", "owner",
    "tags", "address", "city", "state", "postal_code", "country", "lat", "lng", "timezone",
    "sms_consent", "sms_consent_source", "value", "external_id", "custom",
)
ADDRESS_FIELDS = {"address", "city", "state", "postal_code", "country"}  # what geo.address_text sends to Google
TEXT_LIMITS = {
    "name": 200, "company": 200, "job_title": 200, "email": 320, "source": 100, "address": 300,
    "city": 120, "state": 120, "postal_code": 20, "timezone": 64, "external_id": 100,
    "sms_consent_source": 100,
}


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class LeadRecord:
    id: int
    uuid: str
    version: int
    kind: str
    name: str
    company: str | None
    job_title: str | None
    email: str | None
    phone: str | None
    phone_status: str | None
    stage: str
    stage_changed_at: datetime | None
    source: str | None
    owner: str | None
    owner_id: int | None
    tags: tuple[str, ...]
    address: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    lat: float | None
    lng: float | None
    timezone: str | None
    sms_consent: bool
    sms_consent_source: str | None
    sms_consent_at: datetime | None
    sms_opt_out: bool
    score: float | None
    segment: str | None
    value: float | None
    external_id: str | None
    custom: dict[str, Any] = field(default_factory=dict)
    last_interaction_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def to_record(lead: Lead) -> LeadRecord:
    return LeadRecord(
        id=lead.id, uuid=lead.uuid, version=lead.version, kind=lead.kind, name=lead.name,
        company=lead.company, job_title=lead.job_title, email=lead.email, phone=lead.phone,
        phone_status=lead.phone_status, stage=lead.stage, stage_changed_at=lead.stage_changed_at,
        source=lead.source, owner=lead.owner.username if lead.owner else None, owner_id=lead.owner_id,
        tags=tuple(sorted(tag.name for tag in lead.tags)), address=lead.address, city=lead.city,
        state=lead.state, postal_code=lead.postal_code, country=lead.country, lat=lead.lat,
        lng=lead.lng, timezone=lead.timezone, sms_consent=lead.sms_consent,
        sms_consent_source=lead.sms_consent_source, sms_consent_at=lead.sms_consent_at,
        sms_opt_out=lead.sms_opt_out, score=lead.score, segment=lead.segment,
        value=float(lead.value) if lead.value is not None else None, external_id=lead.external_id,
        custom=dict(lead.custom or {}), last_interaction_at=lead.last_interaction_at,
        created_at=lead.created_at, updated_at=lead.updated_at, deleted_at=lead.deleted_at,
    )


class LeadValidator:
    """Turns raw user or file input into clean column values, naming every bad field."""

    def __init__(self, stages: set[str], users: dict[str, int],
                 custom_fields: dict[str, FieldDefinition] | None = None) -> None:
        self.stages = stages
        self.users = users  # username -> id
        self.custom_fields = custom_fields or {}

    @classmethod
    def load(cls, session: Session) -> LeadValidator:
        stages = set(session.scalars(select(Stage.key)))
        users = {u.username: u.id for u in session.scalars(select(User))}
        fields = {row.name: definition_of(row) for row in session.scalars(select(CustomField))}
        return cls(stages, users, fields)

    def clean(self, data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
        problems: dict[str, str] = {}
        out: dict[str, Any] = {}
        unknown = set(data) - set(EDITABLE)
        for name in sorted(unknown):
            problems[name] = Text(QT_TRANSLATE_NOOP("Services", "is not a lead field"))
        for name in EDITABLE:
            if name not in data:
                continue
            try:
                out[name] = self._clean_field(name, data[name])
            except ValueError as exc:
                problems[name] = reason(exc)
        if out.get("custom"):
            out["custom"], custom_problems = coerce_values(self.custom_fields, out["custom"])
            problems.update(custom_problems)
        if not partial and not out.get("name"):
            problems.setdefault("name", required())
        if partial and "name" in data and not out.get("name"):
            problems.setdefault("name", Text(QT_TRANSLATE_NOOP("Services", "cannot be empty")))
        if problems:
            raise ValidationError(problems)
        return out

    def _clean_field(self, name: str, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if name == "phone":
            return parse_phone(value)
        if name == "email":
            return parse_email(value)
        if name == "stage":
            return self._stage(value)
        if name == "owner":
            return self._owner(value)
        if name == "tags":
            return _tags(value)
        if name == "kind":
            if value not in (None, "lead", "customer"):
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be 'lead' or 'customer', not {value}"),
                                      value=repr(value)))
            return value or "lead"
        if name in ("lat", "lng", "value"):
            return parse_number(name, value)
        if name == "sms_consent":
            return parse_boolean(value)
        if name == "country":
            return _country(value)
        if name == "timezone":
            return _timezone(value)
        if name == "custom":
            if value is not None and not isinstance(value, dict):
                raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "must be a mapping of custom field names to values")))
            return dict(value or {})
        if value is not None and name in TEXT_LIMITS:
            value = str(value)
            if len(value) > TEXT_LIMITS[name]:
                raise ValueError(too_long(TEXT_LIMITS[name]))
        return value

    def _stage(self, value: Any) -> str:
        key = str(value or "new").strip().lower()
        if key not in self.stages:
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "unknown stage {value} (known: {known})"), value=repr(value),
                                  known=", ".join(sorted(self.stages))))
        return key

    def _owner(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and value in self.users.values():
            return value
        if str(value) in self.users:
            return self.users[str(value)]
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "unknown user {value}"), value=repr(value)))


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value)
    tags = [str(item).strip() for item in items if str(item).strip()]
    for tag in tags:
        if len(tag) > 80:
            raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "tag {tag}… is longer than 80 characters"), tag=repr(tag[:20])))
    return list(dict.fromkeys(tags))


def _timezone(value: Any) -> str | None:
    """An IANA time-zone name (quiet hours are kept in the recipient's zone), or None for the workspace's."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if value is None:
        return None
    text = str(value).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a known time zone; use an IANA name such as "
                                                            "America/Sao_Paulo"), value=repr(text))) from None
    return text


def _country(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    aliases = {"brasil": "BR", "brazil": "BR"}
    code = aliases.get(text.lower(), text.upper())
    if len(code) != 2 or not code.isalpha():
        raise ValueError(Text(QT_TRANSLATE_NOOP("Services", "{value} is not a two-letter country code"), value=repr(value)))
    return code


class LeadService:
    def __init__(self, db: Database, actor_id: int | None = None) -> None:
        self.db = db
        self.actor_id = actor_id

    # --- reading --------------------------------------------------------------------------

    def get(self, lead_id: int, *, include_deleted: bool = False) -> LeadRecord:
        with self.db.session() as session:
            return to_record(self._load(session, lead_id, include_deleted))

    def get_many(self, ids: list[int]) -> list[LeadRecord]:
        with self.db.session() as session:
            leads = session.scalars(select(Lead).where(Lead.id.in_([i for i in ids if fits_id(i)]))).unique().all()
            by_id = {lead.id: to_record(lead) for lead in leads}
        return [by_id[i] for i in ids if i in by_id]

    def stages(self) -> list[tuple[str, str]]:
        with self.db.session() as session:
            return [(s.key, s.name) for s in session.scalars(select(Stage).order_by(Stage.position))]

    def owners(self) -> list[tuple[int, str]]:
        with self.db.session() as session:
            return [(u.id, u.username) for u in session.scalars(select(User).order_by(User.username))]

    def sources(self) -> list[str]:
        with self.db.session() as session:
            rows = session.scalars(select(Lead.source).where(Lead.source.is_not(None)).distinct())
            return sorted(r for r in rows if r)

    def tag_names(self) -> list[str]:
        with self.db.session() as session:
            return list(session.scalars(select(Tag.name).order_by(Tag.name)))

    # --- writing --------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> LeadRecord:
        with self.db.transaction() as session:
            lead = self.create_in(session, LeadValidator.load(session).clean(data))
            session.flush()
            return to_record(lead)

    def create_in(self, session: Session, clean: dict[str, Any], *, at: datetime | None = None) -> Lead:
        """Insert already-validated values within the caller's transaction (import uses this)."""
        at = at or now()
        tags = clean.pop("tags", [])
        owner_id = clean.pop("owner") if "owner" in clean else self.actor_id
        lead = Lead(**clean, owner_id=owner_id, created_at=at, updated_at=at, stage_changed_at=at)
        lead.stage = clean.get("stage") or "new"
        lead.custom = {k: v for k, v in (clean.get("custom") or {}).items() if v is not None}
        lead.country = clean.get("country", "BR")
        if lead.sms_consent:
            lead.sms_consent_at = at
            lead.sms_consent_source = lead.sms_consent_source or "user"
        lead.email_norm = lead.email.lower() if lead.email else None
        lead.search_text = lead_search_text(lead.name, lead.company, lead.email, lead.phone, lead.city)
        lead.tags = self._tags(session, tags)
        session.add(lead)
        session.flush()
        session.add(StageChange(lead_id=lead.id, from_stage=None, to_stage=lead.stage, changed_at=at,
                                changed_by=self.actor_id))
        if lead.sms_consent:
            session.add(ConsentEvent(lead_id=lead.id, channel="sms", action="consent",
                                     source=lead.sms_consent_source or "user", at=at, user_id=self.actor_id))
        audit.record(session, self.actor_id, "lead", lead.id, "create", {"name": [None, lead.name]})
        return lead

    def update(self, lead_id: int, changes: dict[str, Any], *, expected_version: int | None = None) -> LeadRecord:
        try:
            with self.db.transaction() as session:
                lead = self._load(session, lead_id)
                if expected_version is not None and lead.version != expected_version:
                    raise ConflictError(_conflict_message(lead))
                clean = LeadValidator.load(session).clean(changes, partial=True)
                self.apply_in(session, lead, clean)
                session.flush()
                return to_record(lead)
        except StaleDataError:
            raise ConflictError(f"lead {lead_id} was changed by someone else; reload it and try again") from None

    def apply_in(self, session: Session, lead: Lead, clean: dict[str, Any], *,
                 source: str = "user") -> dict[str, list[Any]]:
        """Apply validated changes to a loaded lead, recording audit, stage history and consent events (`source`:
        where a consent change came from when the changes do not say: user, import …)."""
        at = now()
        diff: dict[str, list[Any]] = {}
        if "tags" in clean:
            new_tags = clean.pop("tags")
            old_tags = [t.name for t in lead.tags]
            if new_tags != old_tags:
                lead.tags = self._tags(session, new_tags)
                diff["tags"] = [old_tags, new_tags]
        if "owner" in clean:
            clean["owner_id"] = clean.pop("owner")
        if "custom" in clean:  # a partial update merges; None removes a value
            merged = {**(lead.custom or {}), **clean["custom"]}
            clean["custom"] = {k: v for k, v in merged.items() if v is not None}
        for name, value in clean.items():
            old = getattr(lead, name)
            if old != value:
                diff[name] = [old, value]
                setattr(lead, name, value)
        if not diff:
            return diff
        if "stage" in diff:
            lead.stage_changed_at = at
            session.add(StageChange(lead_id=lead.id, from_stage=diff["stage"][0], to_stage=lead.stage,
                                    changed_at=at, changed_by=self.actor_id))
        if "sms_consent" in diff:
            lead.sms_consent_at = at
            said = clean.get("sms_consent_source") or source
            if lead.sms_consent:
                lead.sms_consent_source = said
            session.add(ConsentEvent(lead_id=lead.id, channel="sms", action="consent" if lead.sms_consent else "revoke",
                                     source=said, at=at, user_id=self.actor_id))
        if {"timezone", "phone"} & diff.keys():  # held messages wait for the recipient's old window (a lead without
            # a time zone has its phone's): the outbox re-checks them now
            session.execute(update(Message).where(Message.lead_id == lead.id, Message.state == "held")
                            .values(next_attempt_at=None).execution_options(synchronize_session=False))
        if ADDRESS_FIELDS & diff.keys() and not {"lat", "lng"} & diff.keys():
            _forget_geocoding(lead)
        if {"name", "company", "email", "phone", "city"} & diff.keys():
            lead.search_text = lead_search_text(lead.name, lead.company, lead.email, lead.phone, lead.city)
            lead.email_norm = lead.email.lower() if lead.email else None
        lead.updated_at = at
        audit.record(session, self.actor_id, "lead", lead.id, "update", diff)
        return diff

    def set_stage(self, lead_id: int, stage: str, *, expected_version: int | None = None) -> LeadRecord:
        return self.update(lead_id, {"stage": stage}, expected_version=expected_version)

    def delete(self, lead_id: int) -> None:
        """Soft delete; `restore` undoes it."""
        self._set_deleted(lead_id, now(), "delete")

    def restore(self, lead_id: int) -> None:
        self._set_deleted(lead_id, None, "restore")

    def _set_deleted(self, lead_id: int, at: datetime | None, action: str) -> None:
        with self.db.transaction() as session:
            lead = self._load(session, lead_id, include_deleted=True)
            if (lead.deleted_at is None) == (at is None):
                return
            old = lead.deleted_at
            lead.deleted_at = at
            lead.updated_at = now()
            audit.record(session, self.actor_id, "lead", lead.id, action, {"deleted_at": [old, at]})

    def delete_many(self, ids: list[int]) -> int:
        at = now()
        ids = [i for i in ids if fits_id(i)]
        with self.db.transaction() as session:
            result = session.execute(
                update(Lead).where(Lead.id.in_(ids), Lead.deleted_at.is_(None))
                .values(deleted_at=at, updated_at=at, version=Lead.version + 1)
                .execution_options(synchronize_session=False)
            )
            for lead_id in ids:
                audit.record(session, self.actor_id, "lead", lead_id, "delete", {"deleted_at": [None, at]})
            return int(getattr(result, "rowcount", 0) or 0)

    def restore_many(self, ids: list[int]) -> int:
        ids = [i for i in ids if fits_id(i)]
        with self.db.transaction() as session:
            result = session.execute(
                update(Lead).where(Lead.id.in_(ids), Lead.deleted_at.is_not(None))
                .values(deleted_at=None, updated_at=now(), version=Lead.version + 1)
                .execution_options(synchronize_session=False)
            )
            for lead_id in ids:
                audit.record(session, self.actor_id, "lead", lead_id, "restore", {"deleted_at": ["deleted", None]})
            return int(getattr(result, "rowcount", 0) or 0)

    # --- helpers --------------------------------------------------------------------------

    def _load(self, session: Session, lead_id: int, include_deleted: bool = False) -> Lead:
        lead = session.get(Lead, lead_id) if fits_id(lead_id) else None
        if lead is None or (lead.deleted_at is not None and not include_deleted):
            raise NotFoundError(no_such_lead(lead_id))
        return lead

    @staticmethod
    def _tags(session: Session, names: list[str]) -> list[Tag]:
        if not names:
            return []
        existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
        for name in names:
            if name not in existing:
                existing[name] = Tag(name=name)
                session.add(existing[name])
        return [existing[name] for name in names]


def _forget_geocoding(lead: Lead) -> None:
    """The address moved: Google's answer for the old one no longer applies (the next geocoding run
    asks for the new address). The company's own coordinates (manual, GPS, import) stay."""
    if lead.coord_source == "google" or (lead.lat is None and lead.geocode_status is not None):
        lead.lat = lead.lng = None
        lead.coord_source = lead.place_id = lead.geocode_status = None
        lead.geocoded_at = None


def _conflict_message(lead: Lead) -> str:
    return (
        f"lead {lead.id} ({lead.name}) was changed by someone else since you opened it "
        f"(now version {lead.version}); reload it and try again"
    )
