"""The whole data model, typed SQLAlchemy 2 declarative classes.

One schema for every capability in PRODUCT.md, identical on SQLite and PostgreSQL. Rows that
people edit carry a `version` (optimistic concurrency), `uuid` (stable identity across a
field rep's replica and the team database) and `deleted_at` (soft delete, undo).
Search structures that differ per dialect (SQLite FTS5, PostgreSQL GIN) are created by the
migrations only; see app/db/search_ddl.py.
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Integer primary keys that autoincrement on both dialects (BIGINT on PostgreSQL for 1M+ rows).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Always timezone-aware UTC in Python; SQLite stores naive UTC text, PostgreSQL timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Stamp = UTCDateTime()

INTERACTION_KINDS = ("call", "meeting", "visit", "note", "sms_out", "sms_in", "email")
USER_ROLES = ("rep", "manager", "admin")
LEAD_KINDS = ("lead", "customer")
MESSAGE_STATES = ("queued", "sending", "sent", "delivered", "undelivered", "failed", "held", "received", "canceled")


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: Stamp}


class Versioned:
    """Optimistic concurrency: an UPDATE whose version changed underneath raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('rep','manager','admin')", name="role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="rep")
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Stage(Base):
    """A pipeline stage; `key` is what leads, imports and the CLI refer to."""

    __tablename__ = "stages"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    probability: Mapped[float] = mapped_column(Float, default=0.0)
    is_won: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    is_lost: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


lead_tags = Table(
    "lead_tags",
    Base.metadata,
    Column("lead_id", BigId, ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", BigId, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_lead_tags_tag_id", "tag_id"),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class CustomField(Base):
    """A user-defined field; values live in Lead.custom under `name`."""

    __tablename__ = "custom_fields"
    __table_args__ = (CheckConstraint("kind IN ('text','number','date','bool','choice')", name="kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="text")
    choices: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Lead(Versioned, Base):
    __tablename__ = "leads"
    __table_args__ = (
        CheckConstraint("kind IN ('lead','customer')", name="kind"),
        # Lists sort in SQL over a million leads: each sortable column has a (deleted_at, column)
        # index so the live list is read in order instead of sorted; filters lead with their column.
        Index("ix_leads_live_name", "deleted_at", "name"),
        Index("ix_leads_live_company", "deleted_at", "company"),
        Index("ix_leads_live_city", "deleted_at", "city"),
        Index("ix_leads_live_score", "deleted_at", "score"),
        Index("ix_leads_live_last_interaction", "deleted_at", "last_interaction_at"),
        Index("ix_leads_live_created", "deleted_at", "created_at"),
        Index("ix_leads_live_stage", "deleted_at", "stage"),
        Index("ix_leads_live_phone", "deleted_at", "phone"),
        Index("ix_leads_live_email", "deleted_at", "email"),
        Index("ix_leads_stage_updated", "stage", "updated_at"),
        Index("ix_leads_stage_live_name", "stage", "deleted_at", "name"),
        Index("ix_leads_board", "stage", "deleted_at", "owner_id", "value"),  # pipeline counts and totals
        Index("ix_leads_owner_live_name", "owner_id", "deleted_at", "name"),
        Index("ix_leads_source_live_name", "source", "deleted_at", "name"),
        Index("ix_leads_phone", "phone"),
        Index("ix_leads_email_norm", "email_norm"),
        Index("ix_leads_segment", "segment"),
        Index("ix_leads_updated", "updated_at"),
        Index("ix_leads_id_live_name", "id", "deleted_at", "name"),  # a search's few hits, sorted by name
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(10), default="lead", server_default="lead")
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    email_norm: Mapped[str | None] = mapped_column(String(320))  # lower-cased, for de-duplication
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    phone_status: Mapped[str | None] = mapped_column(String(40))  # e.g. 'invalid' after Twilio 21211
    stage: Mapped[str] = mapped_column(ForeignKey("stages.key"), default="new")
    stage_changed_at: Mapped[datetime | None]
    source: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2), default="BR")
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    coord_source: Mapped[str | None] = mapped_column(String(20))  # google | gps | manual | import
    geocoded_at: Mapped[datetime | None]
    place_id: Mapped[str | None] = mapped_column(String(300))
    geocode_status: Mapped[str | None] = mapped_column(String(40))  # ok | partial | not_found | error
    timezone: Mapped[str | None] = mapped_column(String(64))
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sms_consent_source: Mapped[str | None] = mapped_column(String(100))
    sms_consent_at: Mapped[datetime | None]
    sms_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sms_opt_out_at: Mapped[datetime | None]
    score: Mapped[float | None] = mapped_column(Float)
    score_model: Mapped[str | None] = mapped_column(String(60))
    scored_at: Mapped[datetime | None]
    segment: Mapped[str | None] = mapped_column(String(120))
    value: Mapped[float | None] = mapped_column(Numeric(14, 2))  # expected deal value, BRL
    custom: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    search_text: Mapped[str] = mapped_column(Text, default="")  # accent-folded, fed to full-text search
    last_interaction_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    deleted_at: Mapped[datetime | None]

    owner: Mapped[User | None] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=lead_tags, lazy="selectin", order_by="Tag.name")



class Interaction(Versioned, Base):
    __tablename__ = "interactions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('call','meeting','visit','note','sms_out','sms_in','email')", name="kind"
        ),
        Index("ix_interactions_lead_when", "lead_id", "occurred_at"),
        Index("ix_interactions_occurred", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[datetime]
    duration_s: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    deleted_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship(lazy="joined")



class StageChange(Base):
    __tablename__ = "stage_history"
    __table_args__ = (Index("ix_stage_history_lead", "lead_id", "changed_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[datetime]
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AuditEntry(Base):
    """Who changed what and when: `changes` maps a field to [old, new]."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | restore
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ConsentEvent(Base):
    """Every change of SMS consent or opt-out, with where it came from (LGPD)."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_lead", "lead_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20), default="sms")
    action: Mapped[str] = mapped_column(String(20))  # consent | revoke | opt_out | opt_in
    source: Mapped[str] = mapped_column(String(100))  # form, import, keyword STOP, user …
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Purchase(Base):
    __tablename__ = "purchases"
    __table_args__ = (Index("ix_purchases_lead_time", "lead_id", "time"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(300))
    quantity: Mapped[float] = mapped_column(Float, default=1)
    unit_price: Mapped[float | None] = mapped_column(Float)
    time: Mapped[datetime]
    invoice: Mapped[str | None] = mapped_column(String(60))


# --- Messaging (issue: messaging) ------------------------------------------------------------


class MessageTemplate(Versioned, Base):
    __tablename__ = "message_templates"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    body: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    deleted_at: Mapped[datetime | None]



class Message(Base):
    """A row of the durable outbox (direction out) or an inbound reply (direction in)."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("direction IN ('out','in')", name="direction"),
        Index("ix_messages_due", "state", "next_attempt_at"),
        Index("ix_messages_lead", "lead_id", "created_at"),
        Index("ix_messages_enrollment", "enrollment_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(3), default="out")
    to_number: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    # manual (one-to-one) | bulk | automation | auto_reply (HELP answer) | inbound
    kind: Mapped[str] = mapped_column(String(20), default="manual", server_default="manual")
    hold_reason: Mapped[str | None] = mapped_column(String(200))
    hold_reason_data: Mapped[Any | None] = mapped_column(JSON)  # texts.to_data of hold_reason (UI language)
    twilio_sid: Mapped[str | None] = mapped_column(String(40), unique=True)
    error_code: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    error_data: Mapped[Any | None] = mapped_column(JSON)  # texts.to_data of error_message (UI language)
    segments: Mapped[int | None] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    template_id: Mapped[int | None] = mapped_column(ForeignKey("message_templates.id", ondelete="SET NULL"))
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("enrollments.id", ondelete="SET NULL"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    sending_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Automation(Versioned, Base):
    __tablename__ = "automations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    trigger: Mapped[str] = mapped_column(String(40))  # lead_created | stage_changed | idle | date | reply | score
    trigger_config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())

    steps: Mapped[list[AutomationStep]] = relationship(
        order_by="AutomationStep.position", cascade="all, delete-orphan"
    )



class AutomationStep(Base):
    __tablename__ = "automation_steps"
    __table_args__ = (UniqueConstraint("automation_id", "position", name="uq_automation_steps_position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    automation_id: Mapped[int] = mapped_column(ForeignKey("automations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    delay_s: Mapped[int] = mapped_column(Integer, default=0)
    condition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    action: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # e.g. {"send": template_id}


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        Index("ix_enrollments_due", "state", "next_run_at"),
        # One enrolment per trigger occurrence: evaluating automations twice never enrols twice.
        UniqueConstraint("automation_id", "lead_id", "trigger_key", name="uq_enrollments_trigger"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    automation_id: Mapped[int] = mapped_column(ForeignKey("automations.id", ondelete="CASCADE"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="active")  # active | done | ended
    next_step: Mapped[int] = mapped_column(Integer, default=0)
    next_run_at: Mapped[datetime | None]
    enrolled_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(100))
    trigger_key: Mapped[str] = mapped_column(String(200), default="", server_default="")


# --- Maps --------------------------------------------------------------------------------------


class GeocodeCacheEntry(Base):
    """One answer per normalised address; Google lat/lng expire after 30 days, place_id does not."""

    __tablename__ = "geocode_cache"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    address_key: Mapped[str] = mapped_column(String(500), unique=True)
    status: Mapped[str] = mapped_column(String(30))
    place_id: Mapped[str | None] = mapped_column(String(300))
    formatted_address: Mapped[str | None] = mapped_column(String(500))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    location_type: Mapped[str | None] = mapped_column(String(40))
    partial_match: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    geocoded_at: Mapped[datetime]


# --- Machine learning and feedback -------------------------------------------------------------


class ModelVersion(Base):
    __tablename__ = "ml_models"
    __table_args__ = (UniqueConstraint("kind", "version", name="uq_ml_models_kind_version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # scoring | segmentation | next_action | products
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(500))
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    n_train: Mapped[int] = mapped_column(Integer, default=0)
    trained_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    note: Mapped[str | None] = mapped_column(Text)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (Index("ix_recommendations_lead", "lead_id", "kind", "rank"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # next_action | product
    rank: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    reason_data: Mapped[Any | None] = mapped_column(JSON)  # texts.to_data of reason (UI language)
    model_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]


class Feedback(Base):
    """Thumbs up/down on a score or recommendation, or a free suggestion; synced through an outbox."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_sync", "synced_at"), Index("ix_feedback_lead", "lead_id", "target"),
                      Index("ix_feedback_recommendation", "recommendation_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    target: Mapped[str] = mapped_column(String(20))  # score | recommendation | segment | suggestion
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    recommendation_id: Mapped[int | None] = mapped_column(ForeignKey("recommendations.id", ondelete="SET NULL"))
    kind: Mapped[str | None] = mapped_column(String(20))  # the recommendation's kind (next_action | product)
    item: Mapped[str | None] = mapped_column(String(200))  # what was judged; kept when the row is rewritten
    model_version: Mapped[int | None] = mapped_column(Integer)  # the model that produced the score or item
    rating: Mapped[int | None] = mapped_column(Integer)  # +1 / -1
    reason: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]  # the vote was taken back; the row stays so the withdrawal syncs
    synced_at: Mapped[datetime | None]
    sync_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)


# --- Workspace ---------------------------------------------------------------------------------


class AppSetting(Base):
    """Non-secret workspace settings (`aiconnect config set KEY VALUE`)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SyncState(Base):
    """Bookmarks for replication and polling (last inbound SMS poll, last replica sync …)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
