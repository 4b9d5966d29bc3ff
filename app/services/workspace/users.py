"""Users of the workspace and who is working now."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.engine import Database
from app.db.models import User


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: str


def local_username() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no login name (some containers): fall back to a fixed local user
        name = "local"
    return name[:80] or "local"


def ensure_user(db: Database, username: str, display_name: str | None = None, role: str | None = None) -> UserRecord:
    """The user with this name, created on first use; the first user of a workspace is its manager."""
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            first = session.scalar(select(func.count()).select_from(User)) == 0
            user = User(username=username, display_name=display_name or username,
                        role=role or ("manager" if first else "rep"))
            session.add(user)
            session.flush()
        return UserRecord(user.id, user.username, user.display_name, user.role)


def list_users(db: Database) -> list[UserRecord]:
    with db.session() as session:
        return [UserRecord(u.id, u.username, u.display_name, u.role)
                for u in session.scalars(select(User).order_by(User.display_name))]
