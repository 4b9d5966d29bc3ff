"""Thumbs up and down from the reps on a score, a recommendation or a segment, and free suggestions.

A rep has one current vote per lead and target (for a recommendation: per recommended item,
because recommendation rows are rewritten at every scoring run). Voting the other way changes
the vote; voting the same way again withdraws it, as a toggled thumb does. A withdrawn vote keeps
its row with `withdrawn_at` set, so the withdrawal reaches the central endpoint too; a new vote on
the same thing reuses the row and clears it. Nothing that trains or shows votes counts a withdrawn
one. Each vote keeps what it judged (the recommendation's kind and item, the model version) so the
next training can read it even after the recommendation is gone. A changed or withdrawn vote is
synced again (synced_at cleared).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.db.models import Feedback, Lead, ModelVersion, Recommendation
from app.errors import NotFoundError, ValidationError

logger = logging.getLogger(__name__)

TARGETS = ("score", "recommendation", "segment")
MODEL_OF_TARGET = {"score": "scoring", "segment": "segmentation"}
MODEL_OF_RECOMMENDATION = {"next_action": "next_action", "product": "products"}
MAX_REASON = 200
MAX_SUGGESTION = 4000


@dataclass(frozen=True)
class Vote:
    id: int
    target: str
    lead_id: int | None
    rating: int
    reason: str | None
    kind: str | None
    item: str | None
    model_version: int | None
    recommendation_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class LeadVotes:
    """One user's current votes on one lead."""

    score: Vote | None
    segment: Vote | None
    items: dict[tuple[str, str], Vote]  # (recommendation kind, item) -> vote

    def for_item(self, kind: str, item: str) -> Vote | None:
        return self.items.get((kind, item))


def _vote(row: Feedback) -> Vote:
    return Vote(row.id, row.target, row.lead_id, int(row.rating or 0), row.reason, row.kind, row.item, row.model_version,
                row.recommendation_id, row.created_at)


def active_version(session: Session, model_kind: str) -> int | None:
    return session.scalar(select(ModelVersion.version).where(ModelVersion.kind == model_kind,
                                                            ModelVersion.active.is_(True)))


class FeedbackService:
    def __init__(self, db: Database, user_id: int | None) -> None:
        self.db = db
        self.user_id = user_id

    def rate(self, target: str, lead_id: int, rating: int, reason: str | None = None,
             recommendation_id: int | None = None, *, expected_item: str | None = None) -> Vote | None:
        """Record, change or withdraw this user's vote; returns the current vote (None once withdrawn).

        `expected_item` is the recommendation the user saw: scoring rewrites recommendation rows,
        and a reused id must not turn a vote on one item into a vote on another."""
        reason = _clean_reason(reason)
        _check(target, rating, recommendation_id)
        with self.db.transaction() as session:
            if session.get(Lead, lead_id) is None:
                raise NotFoundError(f"lead_id: lead {lead_id} does not exist")
            kind, item, version = self._subject(session, target, lead_id, recommendation_id)
            if expected_item is not None and item != expected_item:
                raise NotFoundError(f"recommendation_id: recommendation {recommendation_id} was replaced by a newer "
                                    "one; refresh the lead")
            row = self._current(session, target, lead_id, kind, item)
            live = row is not None and row.withdrawn_at is None
            if row is not None and live and row.rating == rating and (reason is None or reason == row.reason):
                row.withdrawn_at = datetime.now(UTC)
                row.synced_at, row.sync_attempts, row.last_error = None, 0, None
                return None
            if row is None:
                row = Feedback(user_id=self.user_id, target=target, lead_id=lead_id, kind=kind, item=item)
                session.add(row)
            elif live and row.rating == rating and reason is not None:
                version = row.model_version  # only the reason changes: the vote still judges what it judged
            row.rating, row.reason, row.model_version, row.item = rating, reason, version, item
            row.recommendation_id, row.withdrawn_at = recommendation_id, None
            row.created_at, row.synced_at, row.sync_attempts, row.last_error = datetime.now(UTC), None, 0, None
            session.flush()
            return _vote(row)

    def _subject(self, session: Session, target: str, lead_id: int,
                 recommendation_id: int | None) -> tuple[str | None, str | None, int | None]:
        """(kind, item, model version) the vote is about."""
        if target != "recommendation":
            item = session.scalar(select(Lead.segment).where(Lead.id == lead_id)) if target == "segment" else None
            return None, item, active_version(session, MODEL_OF_TARGET[target])
        rec = session.get(Recommendation, recommendation_id)
        if rec is None:
            raise NotFoundError(f"recommendation_id: recommendation {recommendation_id} no longer exists; "
                                "refresh the lead")
        if rec.lead_id != lead_id:
            raise ValidationError({"recommendation_id": f"recommendation {recommendation_id} is not for lead {lead_id}"})
        return rec.kind, rec.item, rec.model_version

    def _current(self, session: Session, target: str, lead_id: int, kind: str | None, item: str | None) -> Feedback | None:
        query = select(Feedback).where(Feedback.target == target, Feedback.lead_id == lead_id, self._mine())
        if target == "recommendation":
            query = query.where(Feedback.kind == kind, Feedback.item == item)
        return session.scalars(query.order_by(Feedback.id.desc())).first()

    def _mine(self) -> ColumnElement[bool]:
        return Feedback.user_id.is_(None) if self.user_id is None else Feedback.user_id == self.user_id

    def votes_for_lead(self, lead_id: int) -> LeadVotes:
        with self.db.session() as session:
            rows = session.scalars(select(Feedback).where(Feedback.lead_id == lead_id, self._mine(),
                                                          Feedback.target.in_(TARGETS), Feedback.withdrawn_at.is_(None))
                                   .order_by(Feedback.id)).all()
            votes = [_vote(r) for r in rows if r.rating]
        by_target = {v.target: v for v in votes if v.target != "recommendation"}
        items = {(v.kind or "", v.item or ""): v for v in votes if v.target == "recommendation"}
        return LeadVotes(by_target.get("score"), by_target.get("segment"), items)

    def suggest(self, text: str, lead_id: int | None = None) -> int:
        """A free suggestion to the team that builds the models; returns its id."""
        clean = (text or "").strip()
        if not clean:
            raise ValidationError({"text": "write the suggestion first"})
        if len(clean) > MAX_SUGGESTION:
            raise ValidationError({"text": f"at most {MAX_SUGGESTION} characters (this one has {len(clean)})"})
        with self.db.transaction() as session:
            row = Feedback(user_id=self.user_id, target="suggestion", lead_id=lead_id, text=clean,
                           created_at=datetime.now(UTC))
            session.add(row)
            session.flush()
            return row.id


def _check(target: str, rating: int, recommendation_id: int | None) -> None:
    problems = {}
    if target not in TARGETS:
        problems["target"] = f"must be one of {', '.join(TARGETS)} (got {target!r})"
    if rating not in (1, -1) or isinstance(rating, bool):
        problems["rating"] = f"must be +1 (thumbs up) or -1 (thumbs down) (got {rating!r})"
    if target == "recommendation" and recommendation_id is None:
        problems["recommendation_id"] = "required when rating a recommendation"
    if target in ("score", "segment") and recommendation_id is not None:
        problems["recommendation_id"] = f"only for recommendations, not for a {target}"
    if problems:
        raise ValidationError(problems)


def _clean_reason(reason: str | None) -> str | None:
    clean = (reason or "").strip() or None
    if clean is not None and len(clean) > MAX_REASON:
        raise ValidationError({"reason": f"at most {MAX_REASON} characters (this one has {len(clean)})"})
    return clean
