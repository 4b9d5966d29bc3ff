"""One dispatcher per workspace at a time: a lease in sync_state, taken with a compare-and-swap.

A lease is taken over at once from a dead process on this machine, and after its TTL from another
machine, so there is never an in-flight request that a reconciliation could mistake for a lost one
(see app.services.messaging.dispatch).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.db.engine import Database
from app.db.models import SyncState


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WorkerIdentity:
    """Who holds the dispatch lease: enough to tell a dead local process from a live one."""

    host: str
    pid: int
    started: str
    token: str

    @classmethod
    def current(cls) -> WorkerIdentity:
        pid = os.getpid()
        return cls(socket.gethostname(), pid, _process_start(pid), uuid.uuid4().hex)

    def looks_dead(self) -> bool:
        """True only when this process is known to be gone (same host, pid gone or reused)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return bool(self.started) and _process_start(self.pid) != self.started


def _process_start(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


class DispatchLease:
    """One dispatcher per workspace, through a compare-and-swap on a sync_state row."""

    KEY = "outbox.dispatcher"

    def __init__(self, db: Database, me: WorkerIdentity, *, ttl: timedelta = timedelta(seconds=120),
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.db, self.me, self.ttl, self.clock = db, me, ttl, clock
        self.renewed_at: datetime | None = None
        self.holder: dict[str, Any] | None = None

    def acquire(self) -> bool:
        now = self.clock()
        mine = json.dumps({**asdict(self.me), "expires": (now + self.ttl).isoformat()}, sort_keys=True)
        try:
            with self.db.transaction() as session:
                row = session.get(SyncState, self.KEY)
                if row is None:
                    session.add(SyncState(key=self.KEY, value=mine, updated_at=now))
                    self.renewed_at = now
                    self.holder = None
                    return True
                holder = json.loads(row.value)
                if not self._free(holder, now):
                    self.holder = holder
                    return False
                result = session.execute(update(SyncState).where(SyncState.key == self.KEY, SyncState.value == row.value)
                                         .values(value=mine, updated_at=now))
                if getattr(result, "rowcount", 0) != 1:
                    return False
        except IntegrityError:  # another dispatcher inserted the row first
            return False
        self.renewed_at = now
        self.holder = None
        return True

    def keep(self) -> bool:
        """Renew when half the TTL has passed; False when the lease was lost."""
        if self.renewed_at is not None and self.clock() - self.renewed_at < self.ttl / 2:
            return True
        return self.acquire()

    def release(self) -> None:
        with self.db.transaction() as session:
            row = session.get(SyncState, self.KEY)
            if row is not None and json.loads(row.value).get("token") == self.me.token:
                session.delete(row)
        self.renewed_at = None

    def _free(self, holder: dict[str, Any], now: datetime) -> bool:
        if holder.get("token") == self.me.token:
            return True
        if datetime.fromisoformat(holder["expires"]) <= now:
            return True
        other = WorkerIdentity(holder.get("host", ""), int(holder.get("pid", 0)), holder.get("started", ""), holder["token"])
        return other.looks_dead()

    def describe_holder(self) -> str:
        if not self.holder:
            return "another dispatcher"
        return f"another AIConnect (pid {self.holder.get('pid')} on {self.holder.get('host')})"

