"""The audit trail: who changed what and when, one row per change of a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import AuditEntry, User


def record(session: Session, user_id: int | None, entity: str, entity_id: int, action: str,
           changes: dict[str, Any]) -> None:
    session.add(AuditEntry(
        at=datetime.now(UTC), user_id=user_id, entity=entity, entity_id=entity_id,
        action=action, changes={k: [_plain(v) for v in pair] for k, pair in changes.items()},
    ))


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str | None
    entity: str
    entity_id: int
    action: str
    changes: dict[str, Any]


def history(db: Database, entity: str, entity_id: int) -> list[AuditLine]:
    with db.session() as session:
        rows = session.execute(
            select(AuditEntry, User.username)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        ).all()
        return [AuditLine(e.at, username, e.entity, e.entity_id, e.action, dict(e.changes)) for e, username in rows]
