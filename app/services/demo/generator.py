"""The demo workspace: a sales team, leads and customers with about a year of history.

Everything is drawn from one seeded random stream, so a seed always gives the same workspace
(identities such as uuids excepted). Rows go in with SQLAlchemy Core bulk inserts, chunk by
chunk, inside one transaction: a cancelled or failed run leaves nothing behind. A lead's story
is simulated, not sampled field by field: a hidden engagement level and the lead's source drive
how far it moves through the pipeline and how many meetings and visits it gets, so later
scoring models have a real (and noisy) signal to learn.
"""

from __future__ import annotations

import logging
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import accumulate
from typing import Any

from sqlalchemy import Select, column, insert, select, table
from sqlalchemy.engine import Connection

from app.db.engine import Database
from app.db.models import Lead, SyncState, Tag, User
from app.errors import ValidationError
from app.progress import Progress
from app.services.demo import vocabulary as vocab
from app.services.leads.normalize import email_search_words, fold

logger = logging.getLogger(__name__)

INITIALISED_KEY = "workspace.initialised"
MANAGER = vocab.TEAM[0][0]
MAX_LEADS = 1_000_000
CHUNK = 10_000  # leads per bulk insert round
DAY = 86_400
YEAR_DAYS = 365

LADDER = ("new", "contacted", "qualified", "proposal", "negotiation", "won")
ADVANCE = (0.66, 0.50, 0.58, 0.60, 0.50)  # base odds of moving from LADDER[i] to LADDER[i + 1]
LOSE = (0.0, 0.15, 0.22, 0.25, 0.30)  # odds of being lost when a lead does not move on
STEP_DAYS = (2.0, 9.0, 12.0, 15.0, 14.0)  # mean days before each step
DEPTH_ACTIVITY = (0.25, 0.7, 1.1, 1.5, 1.8, 2.1)  # interactions relative to the mean, by depth reached


@dataclass(frozen=True)
class DemoSummary:
    users: int
    leads: int
    customers: int
    interactions: int
    purchases: int
    stage_changes: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_interactions_per_lead(leads: int) -> int:
    """About a year of history per lead; thinner above 200k leads so a million stays minutes."""
    return max(2, min(12, 2_400_000 // max(leads, 1)))


def generate(
    db: Database, *, leads: int, seed: int = 7, actor_id: int | None = None, progress: Progress | None = None,
    interactions_per_lead: int | None = None, as_of: datetime | None = None,
) -> DemoSummary:
    """Add `leads` demo leads (and the demo team) to the workspace; all or nothing."""
    if not 1 <= leads <= MAX_LEADS:
        raise ValidationError({"leads": f"must be between 1 and {MAX_LEADS:,}, not {leads}"})
    per_lead = default_interactions_per_lead(leads) if interactions_per_lead is None else interactions_per_lead
    if per_lead < 0:
        raise ValidationError({"interactions_per_lead": "cannot be negative"})
    started = time.perf_counter()
    progress = progress or Progress()
    progress.set_total(leads)
    as_of_ts = int((as_of or datetime.now(UTC)).timestamp())
    with db.engine.begin() as conn, _bulk_mode(conn):
        team = _ensure_team(conn)
        owners = [uid for name, uid in team.items() if name != MANAGER]
        if actor_id is not None and actor_id not in team.values():
            owners.append(actor_id)
        story = _Storyteller(random.Random(seed), as_of_ts, owners, team[MANAGER], actor_id,
                             _ensure_tags(conn), per_lead, _Encoder(conn.dialect.name))
        counts = _load(conn, story, _reserve_lead_ids(conn, leads), leads, progress)
    summary = DemoSummary(
        users=len(team), leads=leads, customers=counts["customers"], interactions=counts["interactions"],
        purchases=counts["purchases"], stage_changes=counts["stage_history"],
        seconds=round(time.perf_counter() - started, 2),
    )
    logger.info("demo workspace generated: %s", summary)
    return summary


def fill_on_first_start(db: Database, actor_id: int | None, *, leads: int = 300,
                        progress: Progress | None = None) -> bool:
    """Give a brand-new, empty workspace demo data, once; returns whether it did."""
    if is_initialised(db):
        return False
    generated = not has_leads(db)
    if generated:
        generate(db, leads=leads, actor_id=actor_id, progress=progress)
    mark_initialised(db, "demo" if generated else "existing")
    return generated


def is_initialised(db: Database) -> bool:
    with db.session() as session:
        return session.get(SyncState, INITIALISED_KEY) is not None


def mark_initialised(db: Database, how: str) -> None:
    at = datetime.now(UTC)
    with db.transaction() as session:
        if session.get(SyncState, INITIALISED_KEY) is None:
            session.add(SyncState(key=INITIALISED_KEY, value=f"{at.isoformat()} {how}", updated_at=at))


def has_leads(db: Database) -> bool:
    """Any lead at all, deleted ones included (a user who emptied the workspace meant it)."""
    with db.engine.connect() as conn:
        return conn.execute(select(Lead.id).limit(1)).first() is not None


# --- the database side ---------------------------------------------------------------------------


def _load(conn: Connection, story: _Storyteller, first_id: int, leads: int, progress: Progress) -> Counter[str]:
    """Insert chunk after chunk while a helper thread makes up the next one.

    sqlite3 and psycopg release the GIL while the database works, so the two overlap.
    """
    chunks = [(first_id + offset, min(CHUNK, leads - offset)) for offset in range(0, leads, CHUNK)]
    counts: Counter[str] = Counter()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-stories") as ahead:
        upcoming = ahead.submit(story.batch, *chunks[0])
        for index, (_, size) in enumerate(chunks):
            batch = upcoming.result()
            if index + 1 < len(chunks):
                upcoming = ahead.submit(story.batch, *chunks[index + 1])
            batch.insert(conn)
            counts.update(batch.counts())
            progress.advance(size)
    return counts


@contextmanager
def _bulk_mode(conn: Connection) -> Iterator[None]:
    """SQLite: a bigger page cache and full-text indexing after the load instead of per row."""
    if conn.dialect.name != "sqlite":
        yield
        return
    # pysqlite only opens a transaction before INSERT/UPDATE/DELETE: without this BEGIN the DROP
    # TRIGGER below would commit on its own and a cancelled run would leave search broken.
    # IMMEDIATE also takes the write lock now, so the ids read next stay ours.
    if not conn.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB while the indexes grow
    try:
        with _deferred_fts(conn):
            yield
    finally:
        conn.exec_driver_sql("PRAGMA cache_size=-65536")  # back to app/db/engine.py's setting


# Per-row FTS triggers cost ~100 µs a lead; one INSERT … SELECT afterwards does the same in ~6.
FTS_CATCH_UP = {
    "leads_fts_ai": (
        "leads", "INSERT INTO lead_fts(rowid, search_text) VALUES (new.id, new.search_text)",
        "INSERT INTO lead_fts(rowid, search_text) SELECT id, search_text FROM leads WHERE id >= ?",
    ),
    "interactions_fts_ai": (
        "interactions", "INSERT INTO interaction_fts(rowid, notes) VALUES (new.id, new.notes)",
        "INSERT INTO interaction_fts(rowid, notes) SELECT id, notes FROM interactions "
        "WHERE id >= ? AND notes IS NOT NULL",
    ),
}


@contextmanager
def _deferred_fts(conn: Connection) -> Iterator[None]:
    """Drop the insert triggers for the load and index the new rows after it, in the same transaction."""
    saved: dict[str, str] = {name: sql for name, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", tuple(FTS_CATCH_UP)
    )}
    # Only a trigger that still does exactly what the catch-up repeats may be replaced by it.
    deferred = {name: sql for name, sql in saved.items() if FTS_CATCH_UP[name][1] in sql}
    first_ids = {name: _next_rowid(conn, FTS_CATCH_UP[name][0]) for name in deferred}
    for name in deferred:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    for name, sql in deferred.items():
        conn.exec_driver_sql(FTS_CATCH_UP[name][2], (first_ids[name],))
        conn.exec_driver_sql(sql)


def _next_rowid(conn: Connection, table_name: str) -> int:
    return int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) + 1 FROM {table_name}").scalar_one())


def _reserve_lead_ids(conn: Connection, count: int) -> int:
    """The first of `count` consecutive lead ids nobody else will take."""
    if conn.dialect.name == "postgresql":
        seq = conn.exec_driver_sql("SELECT pg_get_serial_sequence('leads', 'id')").scalar_one()
        if seq:
            first = int(conn.exec_driver_sql("SELECT nextval(%s)", (seq,)).scalar_one())
            conn.exec_driver_sql("SELECT setval(%s, %s)", (seq, first + count - 1))
            return first
    return _next_rowid(conn, "leads")


def _ensure_team(conn: Connection) -> dict[str, int]:
    """The demo sales team (a manager and four reps), created if missing; username -> id."""
    names = [member[0] for member in vocab.TEAM]
    existing = _ids_by_name(conn, select(User.username, User.id).where(User.username.in_(names)))
    for username, display, role, phone in vocab.TEAM:
        if username not in existing:
            conn.execute(insert(User).values(
                username=username, display_name=display, role=role, phone=phone,
                email=f"{username}@{vocab.TEAM_DOMAIN}", active=True,
            ))
    return _ids_by_name(conn, select(User.username, User.id).where(User.username.in_(names)))


def _ensure_tags(conn: Connection) -> dict[str, int]:
    existing = set(conn.execute(select(Tag.name).where(Tag.name.in_(vocab.TAGS))).scalars())
    missing = [{"name": name} for name in vocab.TAGS if name not in existing]
    if missing:
        conn.execute(insert(Tag), missing)
    return _ids_by_name(conn, select(Tag.name, Tag.id).where(Tag.name.in_(vocab.TAGS)))


def _ids_by_name(conn: Connection, stmt: Select[tuple[str, int]]) -> dict[str, int]:
    return {name: int(row_id) for name, row_id in conn.execute(stmt)}


class _Encoder:
    """Values as each driver stores them, so the bulk insert skips per-value type processing."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"
        self.dates: dict[int, str] = {}

    def when(self, ts: int) -> Any:
        if not self.sqlite:
            return datetime.fromtimestamp(ts, UTC)
        # SQLAlchemy's SQLite DateTime storage format, so ORM reads and comparisons agree.
        day, seconds = divmod(ts, DAY)
        date = self.dates.get(day)
        if date is None:
            date = self.dates[day] = f"{datetime.fromtimestamp(day * DAY, UTC):%Y-%m-%d}"
        hours, seconds = divmod(seconds, 3600)
        return f"{date} {hours:02d}:{seconds // 60:02d}:{seconds % 60:02d}.000000"


@dataclass
class _Batch:
    leads: list[dict[str, Any]] = field(default_factory=list)
    stage_history: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    lead_tags: list[dict[str, Any]] = field(default_factory=list)
    consent_events: list[dict[str, Any]] = field(default_factory=list)
    purchases: list[dict[str, Any]] = field(default_factory=list)
    customers: int = 0

    TABLES = ("leads", "stage_history", "interactions", "lead_tags", "consent_events", "purchases")

    def insert(self, conn: Connection) -> None:
        for name in self.TABLES:
            rows: list[dict[str, Any]] = getattr(self, name)
            if rows:
                conn.execute(_plain_table(name, tuple(rows[0])).insert(), rows)

    def counts(self) -> dict[str, int]:
        return {**{name: len(getattr(self, name)) for name in self.TABLES}, "customers": self.customers}


@lru_cache(maxsize=32)
def _plain_table(name: str, columns: tuple[str, ...]) -> Any:
    """A lightweight untyped table: values arrive already encoded (see _Encoder)."""
    return table(name, *(column(c) for c in columns))


# --- the stories -------------------------------------------------------------------------------


class _Weighted:
    """Weighted choice in O(log n) from precomputed cumulative weights."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def _zipf(items: Sequence[Any], power: float = 0.8) -> _Weighted:
    return _Weighted(items, [1 / (rank + 1) ** power for rank in range(len(items))])


CITY = _Weighted(vocab.CITIES, [c.weight for c in vocab.CITIES])
SOURCE = _Weighted(vocab.SOURCES, [s[1] for s in vocab.SOURCES])
SURNAME = _zipf(vocab.SURNAMES, 0.7)
MALE = _zipf(vocab.MALE_NAMES, 0.5)
FEMALE = _zipf(vocab.FEMALE_NAMES, 0.5)
KINDS = ("call", "email", "note", "sms_out", "sms_in", "meeting", "visit")


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


def _folded_words(text: str) -> str:
    """fold() word by word: names repeat words far more than whole strings, so the cache hits."""
    return " ".join(_folded(word) for word in text.split(" "))


@dataclass
class _Lead:
    """What the interaction and purchase generators need to know about the lead being made."""

    id: int
    first: str
    city: str
    source: str
    owner_id: int | None
    consent: bool
    engagement: float
    path: list[tuple[str, int]]
    opt_out_at: int | None = None
    depth: int = field(init=False)  # how far up LADDER the lead got (0 = still new)

    def __post_init__(self) -> None:
        self.depth = sum(1 for stage, _ in self.path if stage != "lost") - 1

    @property
    def created(self) -> int:
        return self.path[0][1]

    @property
    def final(self) -> str:
        return self.path[-1][0]


class _Storyteller:
    def __init__(self, rng: random.Random, as_of: int, owners: list[int], manager_id: int,
                 actor_id: int | None, tags: dict[str, int], per_lead: int, encoder: _Encoder) -> None:
        self.rng = rng
        self.as_of = as_of
        self.owners = _zipf(owners, 0.3)
        self.manager_id = manager_id
        self.actor_id = actor_id
        self.tags = tags
        self.per_lead = per_lead
        self.enc = encoder
        self.uuids = random.Random()  # identities must differ between runs even for one seed
        self.invoice = 0

    def batch(self, first_id: int, count: int) -> _Batch:
        out = _Batch()
        for lead_id in range(first_id, first_id + count):
            self.lead(lead_id, out)
        return out

    def uuid(self) -> str:
        h = f"{self.uuids.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    # --- one lead ---

    def lead(self, lead_id: int, out: _Batch) -> None:
        rng = self.rng
        first, name, last = self.person()
        city: vocab.City = CITY.pick(rng)
        source, _weight, lift = SOURCE.pick(rng)
        company = self.company(last) if rng.random() < 0.85 else None
        created = self.as_of - int(rng.uniform(0.5, YEAR_DAYS) * DAY)
        engagement = rng.gauss(0.0, 1.0)
        lead = _Lead(lead_id, first, city.name, source, self.owners.pick(rng), rng.random() < 0.85,
                     engagement, self.path(created, engagement, lift))
        if lead.consent and rng.random() < 0.03:
            lead.opt_out_at = rng.randint(created, self.as_of)
        email = self.email(first, last, company)
        phone = f"+55{city.area_code}9{rng.randint(6, 9)}{rng.randrange(10_000_000):07d}"
        last_at = self.interactions(lead, out)
        self.extras(lead, out)
        out.leads.append(self.lead_row(lead, city, name, company, email, phone, last_at))

    def person(self) -> tuple[str, str, str]:
        rng = self.rng
        first = (FEMALE if rng.random() < 0.5 else MALE).pick(rng)
        last = SURNAME.pick(rng)
        if rng.random() < 0.35:
            return first, f"{first} {rng.choice(vocab.MIDDLE_NAMES)} {last}", last
        return first, f"{first} {last}", last

    def company(self, last: str) -> tuple[str, str]:
        """(name, e-mail domain) such as ('Comércio de Alimentos Araújo Ltda', 'alimentosaraujo.com.br')."""
        rng = self.rng
        suffix = rng.choice(vocab.COMPANY_SUFFIXES)
        form = rng.randrange(5)
        if form == 0:
            other = SURNAME.pick(rng)
            name, slug = f"{last} & {other} {suffix}", f"{last}{other}"
        elif form == 1:
            trade = rng.choice(vocab.COMPANY_TRADES)
            name, slug = f"{trade} {last} {suffix}", f"{trade.split()[-1]}{last}"
        elif form == 2:
            kind, fancy = rng.choice(vocab.COMPANY_KINDS), rng.choice(vocab.COMPANY_FANCY)
            name, slug = f"{kind} {fancy} {suffix}", f"{kind}{fancy}"
        elif form == 3:
            fancy = rng.choice(vocab.COMPANY_FANCY)
            name, slug = f"{fancy} {rng.choice(vocab.COMPANY_TECH)} {suffix}", fancy
        else:
            kind = rng.choice(vocab.COMPANY_KINDS)
            name, slug = f"{kind} {last} {suffix}", f"{kind}{last}"
        return name, "".join(ch for ch in _folded(slug) if ch.isalnum()) + ".com.br"

    def email(self, first: str, last: str, company: tuple[str, str] | None) -> str:
        rng = self.rng
        f, s = _folded(first), _folded(last).replace(" ", "")
        style = rng.random()
        local = f"{f}.{s}" if style < 0.55 else f"{f}{s}" if style < 0.8 else f"{f[0]}{s}"
        if company is not None and rng.random() < 0.5:
            return f"{local}@{company[1]}"
        if rng.random() < 0.6:
            local += str(rng.randrange(1, 1000))
        return f"{local}@{rng.choice(vocab.FREE_MAIL)}"

    def path(self, created: int, engagement: float, lift: float) -> list[tuple[str, int]]:
        """The lead's way through the pipeline: [(stage, when), ...], starting at 'new'."""
        rng = self.rng
        path = [("new", created)]
        when = created
        for step in range(len(ADVANCE)):
            when += int(rng.expovariate(1 / STEP_DAYS[step]) * DAY) + 3600
            if when > self.as_of:
                break
            odds = min(0.97, max(0.03, ADVANCE[step] + 0.12 * engagement + lift))
            if rng.random() < odds:
                path.append((LADDER[step + 1], when))
                continue
            if rng.random() < LOSE[step]:
                path.append(("lost", when))
            break
        return path

    def lead_row(self, lead: _Lead, city: vocab.City, name: str, company: tuple[str, str] | None,
                 email: str, phone: str, last_at: int | None) -> dict[str, Any]:
        rng, when = self.rng, self.enc.when
        company_name = company[0] if company else None
        located = rng.random() < 0.96  # a few without coordinates, for the geocoder to find
        stage, changed = lead.path[-1]
        return {
            "id": lead.id, "uuid": self.uuid(), "version": 1, "kind": "customer" if stage == "won" else "lead",
            "name": name, "company": company_name,
            "job_title": rng.choice(vocab.JOB_TITLES) if company and rng.random() < 0.7 else None,
            "email": email, "email_norm": email.lower(), "phone": phone, "stage": stage,
            "stage_changed_at": when(changed), "source": lead.source, "owner_id": lead.owner_id,
            "address": self.address(city), "city": city.name, "state": city.state,
            "postal_code": f"{rng.randint(*city.postal_range):05d}-{rng.randrange(1000):03d}", "country": "BR",
            "lat": round(rng.uniform(*city.lat_range), 6) if located else None,
            "lng": round(rng.uniform(*city.lng_range), 6) if located else None,
            "coord_source": "import" if located else None, "timezone": city.timezone,
            "sms_consent": lead.consent,
            "sms_consent_source": self.consent_source(lead) if lead.consent else None,
            "sms_consent_at": when(lead.created) if lead.consent else None,
            "sms_opt_out": lead.opt_out_at is not None,
            "sms_opt_out_at": when(lead.opt_out_at) if lead.opt_out_at is not None else None,
            "value": round(rng.lognormvariate(8.6, 0.7), -1), "custom": "{}",
            "search_text": _search_text(name, company_name, email, phone, city.name),
            "last_interaction_at": when(last_at) if last_at is not None else None,
            "created_at": when(lead.created), "updated_at": when(max(changed, lead.opt_out_at or 0)),
        }

    def address(self, city: vocab.City) -> str:
        rng = self.rng
        street = f"{rng.choice(city.streets)}, {rng.randint(10, 3999)}"
        extra = rng.random()
        if extra < 0.15:
            return f"{street} - sala {rng.randint(1, 30)}{rng.randint(1, 20):02d}"
        if extra < 0.25:
            return f"{street} - loja {rng.randint(1, 12)}"
        return street

    @staticmethod
    def consent_source(lead: _Lead) -> str:
        return "formulário do site" if lead.source in vocab.FORM_SOURCES else "import"

    # --- history ---

    def interactions(self, lead: _Lead, out: _Batch) -> int | None:
        """The lead's timeline; returns when the latest interaction happened."""
        rng = self.rng
        depth = lead.depth
        mean = self.per_lead * DEPTH_ACTIVITY[depth]
        count = max(1 if depth and self.per_lead else 0, round(rng.gauss(mean, mean * 0.35)))
        kinds = self.kind_weights(lead, depth)
        start, end = lead.created, self.activity_end(lead)
        contacted = lead.path[1][1] if depth else start
        latest: int | None = None
        for _ in range(count):
            kind = kinds.pick(rng)
            ts = self.business_time(contacted if kind in ("meeting", "visit") else start, end)
            if kind == "sms_out" and lead.opt_out_at is not None and ts >= lead.opt_out_at:
                kind = "email"
            out.interactions.append(self.interaction(lead, kind, ts))
            latest = ts if latest is None or ts > latest else latest
        for kind, ts, outcome, notes in self.closing_moves(lead):
            out.interactions.append(self.interaction(lead, kind, ts, outcome, notes))
            latest = ts if latest is None or ts > latest else latest
        return latest

    def kind_weights(self, lead: _Lead, depth: int) -> _Weighted:
        rng = self.rng
        lift = max(0.1, 1 + 0.35 * lead.engagement)
        meet = (0.045 * depth) * lift * rng.uniform(0.6, 1.4)
        visit = (0.04 * depth) * lift * rng.uniform(0.5, 1.5)
        sms = 1.0 if lead.consent else 0.0
        return _Weighted(KINDS, (0.40, 0.16, 0.10, 0.12 * sms, 0.05 * sms, meet, visit))

    def activity_end(self, lead: _Lead) -> int:
        stage, at = lead.path[-1]
        if stage == "lost":
            return at
        if stage == "won":  # onboarding and follow-up after the sale
            return min(self.as_of, at + int(_days(self.rng, 60) * DAY))
        return min(self.as_of, at + int(_days(self.rng, 30) * DAY) + 3600)

    def business_time(self, start: int, end: int) -> int:
        """A weekday moment between start and end, in office hours (all demo cities are UTC-3)."""
        rng = self.rng
        if end <= start:
            return start
        day = rng.randint(start // DAY, end // DAY)
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
        if weekday >= 5 and rng.random() < 0.9:
            day += 7 - weekday
        ts = day * DAY + (rng.randint(8, 18) + 3) * 3600 + rng.randrange(60) * 60
        return min(end, max(start, ts))

    def interaction(self, lead: _Lead, kind: str, ts: int, outcome: str | None = None,
                    notes: str | None = None) -> dict[str, Any]:
        if outcome is None and notes is None:
            outcome, notes, duration = self.what_happened(lead, kind)
        else:
            duration = self.rng.randint(60, 600) if kind == "call" else None
        author = lead.owner_id if self.rng.random() < 0.9 else self.manager_id
        stamp = self.enc.when(ts)
        return {
            "uuid": self.uuid(), "version": 1, "lead_id": lead.id, "kind": kind, "occurred_at": stamp,
            "duration_s": duration, "outcome": outcome, "notes": notes, "author_id": author,
            "created_at": stamp, "updated_at": stamp,
        }

    def what_happened(self, lead: _Lead, kind: str) -> tuple[str | None, str | None, int | None]:
        """(outcome, notes, duration in seconds) of one interaction."""
        rng = self.rng
        if kind == "call":
            if lead.depth and rng.random() < 0.45 + 0.08 * lead.engagement:  # 'new' means never reached
                rejected = rng.random() < (0.3 if lead.final == "lost" else 0.08)
                outcome = "sem interesse" if rejected else rng.choice(("interessado", "retornar depois", "pediu proposta"))
                notes = self.text(vocab.CALL_REJECTED if rejected else vocab.CALL_ANSWERED, lead)
                return outcome, notes, min(3600, max(30, int(rng.lognormvariate(5.3, 0.6))))
            outcome = rng.choice(("não atendeu", "caixa postal", "ocupado"))
            return outcome, self.text(vocab.CALL_MISSED, lead) if rng.random() < 0.5 else None, rng.randint(0, 35)
        if kind == "meeting":
            outcome = "realizada" if rng.random() < 0.8 else rng.choice(("remarcada", "cancelada"))
            return outcome, self.text(vocab.MEETING_NOTES, lead), rng.randrange(1800, 5401, 300)
        if kind == "visit":
            if rng.random() < 0.85:
                return "realizada", self.text(vocab.VISIT_NOTES, lead), rng.randrange(1200, 7201, 300)
            return "cliente ausente", self.text(vocab.VISIT_MISSED, lead), rng.randrange(300, 1201, 60)
        if kind == "email":
            outcome = "respondido" if rng.random() < 0.3 + 0.1 * lead.engagement else "enviado"
            return outcome, self.text(vocab.EMAIL_NOTES, lead), None
        if kind == "sms_out":
            return ("entregue" if rng.random() < 0.93 else "não entregue"), self.text(vocab.SMS_OUT, lead), None
        if kind == "sms_in":
            return "resposta", self.text(vocab.SMS_IN, lead), None
        return None, self.text(vocab.PLAIN_NOTES, lead), None

    def closing_moves(self, lead: _Lead) -> list[tuple[str, int, str, str]]:
        """What usually happens around a lead's last step: the 'no', the signed contract, the STOP."""
        rng = self.rng
        moves = []
        stage, at = lead.path[-1]
        if self.per_lead and stage == "lost" and rng.random() < 0.6:
            moves.append(("call", at, "sem interesse", self.text(vocab.CALL_REJECTED, lead)))
        if self.per_lead and stage == "won" and rng.random() < 0.7:
            moves.append(("email", at, "enviado", "Enviado contrato para assinatura eletrônica."))
        if lead.opt_out_at is not None:
            moves.append(("sms_in", lead.opt_out_at, "opt-out", rng.choice(vocab.OPT_OUT_WORDS)))
        return moves

    def text(self, templates: Sequence[str], lead: _Lead) -> str:
        rng = self.rng
        template = rng.choice(templates)
        if "{" not in template:
            return template
        return template.format(
            first=lead.first, product=rng.choice(vocab.PRODUCT_NAMES), weekday=rng.choice(vocab.WEEKDAYS),
            city=lead.city, source=lead.source, staff=rng.choice((5, 10, 20, 50, 120)),
            rep=vocab.TEAM[1 + lead.id % 4][1].split()[0], hour=rng.randint(9, 17),
        )

    # --- stage history, tags, consent, purchases ---

    def extras(self, lead: _Lead, out: _Batch) -> None:
        when = self.enc.when
        previous: str | None = None
        for stage, at in lead.path:
            changed_by = self.actor_id if previous is None else lead.owner_id
            out.stage_history.append({"lead_id": lead.id, "from_stage": previous, "to_stage": stage,
                                      "changed_at": when(at), "changed_by": changed_by})
            previous = stage
        for tag in self.lead_tags(lead):
            out.lead_tags.append({"lead_id": lead.id, "tag_id": self.tags[tag]})
        if lead.consent:
            out.consent_events.append(self.consent_event(lead, "consent", self.consent_source(lead), lead.created))
        if lead.opt_out_at is not None:
            out.consent_events.append(self.consent_event(lead, "opt_out", "palavra-chave", lead.opt_out_at))
        if lead.final == "won":
            out.customers += 1
            self.purchases(lead, out)

    def lead_tags(self, lead: _Lead) -> list[str]:
        rng = self.rng
        roll = rng.random()
        tags = [] if roll < 0.55 else [rng.choice(vocab.TAGS)] if roll < 0.9 else rng.sample(vocab.TAGS, 2)
        if lead.depth >= 3 and "Orçamento enviado" not in tags and rng.random() < 0.5:
            tags.append("Orçamento enviado")
        return tags

    def consent_event(self, lead: _Lead, action: str, source: str, at: int) -> dict[str, Any]:
        detail = "SMS recebido com palavra de saída" if action == "opt_out" else None
        return {"lead_id": lead.id, "channel": "sms", "action": action, "source": source, "detail": detail,
                "at": self.enc.when(at), "user_id": None}

    def purchases(self, lead: _Lead, out: _Batch) -> None:
        rng = self.rng
        won_at = lead.path[-1][1]
        plan = rng.choice(vocab.PRODUCTS[:3])
        items = [plan, *rng.sample(vocab.PRODUCTS[3:], rng.choice((0, 1, 1, 2, 3)))]
        for number, (code, description, price) in enumerate(items):
            at = won_at + (0 if number == 0 else int(rng.uniform(1, 90) * DAY))
            quantity = rng.randint(1, 10) if code == "USR-ADD" else rng.randint(4, 40) if code == "CNS-HOR" else 1
            self.invoice += 1
            out.purchases.append({
                "lead_id": lead.id, "item": code, "description": description, "quantity": float(quantity),
                "unit_price": round(price * rng.choice((1.0, 1.0, 0.95, 0.9)), 2),
                "time": self.enc.when(min(at, self.as_of)), "invoice": f"NF-{self.invoice:07d}",
            })


def _days(rng: random.Random, mean: float) -> float:
    return rng.expovariate(1 / mean)


def _search_text(name: str, company: str | None, email: str, phone: str, city: str) -> str:
    """normalize.lead_search_text for the shapes generated here, without re-parsing every phone.

    The phone is always +55 AA 9XXXXXXXX, so its search tokens are known; the tests compare
    this with lead_search_text for every generated lead.
    """
    national = phone[3:]
    parts = [_folded_words(name), _folded_words(company) if company else "", *email_search_words(email),
             _folded(city), phone[1:], national, national[-9:], national[-8:]]
    return " ".join(part for part in parts if part)
