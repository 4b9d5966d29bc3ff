"""Import leads, interactions and purchases from CSV or XLSX files.

One pass over the file: every row is mapped to record fields, checked by the same validators
the services use (LeadValidator, InteractionValidator) and staged in temporary tables of the
import's own connection (staging.py), which take no lock on the workspace. Then ONE short
transaction copies the staged rows in with INSERT ... SELECT, so other writers wait seconds,
not the minutes the file takes to read. A file with a bad row writes nothing (unless
`valid_only`), a dry run writes nothing, and a cancel or any failure leaves the workspace as it
was. If someone else changed what the import relied on meanwhile (deleted a lead it adds
interactions to, added a lead it would have matched), the final transaction notices, and the
import is checked again from the file. One audit row records each import; lead updates go
through LeadService.apply_in, in the final transaction.

Re-importing a file must not double anyone's history: with `duplicates="skip"` (the default)
an interaction identical to a stored one (same lead, kind, time and notes) and a purchase
identical to a stored one (same customer, item, time, invoice, quantity and price) are counted
as duplicates and left out; "keep" imports them anyway ("update" means "skip" for these two:
an identical row has nothing to update). Rows repeated inside one file are kept: two equal
lines in an export are the file's own business, and the check against the database still
stops the second import of the same file.
"""

from __future__ import annotations

import csv
import logging
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from time import perf_counter
from typing import Any, cast

from sqlalchemy import (
    Integer,
    LargeBinary,
    String,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy import Table as DbTable
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from app.db.engine import Database
from app.db.models import (
    INTERACTION_KINDS,
    ConsentEvent,
    CustomField,
    Interaction,
    Lead,
    Purchase,
    Stage,
    StageChange,
    Tag,
    User,
    lead_tags,
)
from app.errors import ConflictError, ValidationError
from app.progress import Progress
from app.services.leads import audit
from app.services.leads.custom_fields import FIELD_NAME
from app.services.leads.interactions import MAX_NOTES, InteractionValidator, parse_when
from app.services.leads.leads import TEXT_LIMITS, LeadService, LeadValidator
from app.services.leads.normalize import (
    fold,
    lead_search_text,
    parse_boolean,
    parse_email,
    parse_number,
    parse_phone,
    refund_problem,
)
from app.services.transfer.cells import cell_problem, guard_cell, unguard_cell
from app.services.transfer.outputs import atomic_output
from app.services.transfer.staging import Staging
from app.services.transfer.tabular import (
    CUSTOM,
    EMPTY_VALUES,
    KIND_ALIASES,
    KINDS,
    LEAD_KIND_ALIASES,
    STAGE_ALIASES,
    ImportFileError,
    MappingError,
    Table,
    check_kind,
    country_code,
    detect_mapping,
    read_table,
    resolve_mapping,
    target_fields,
    word_key,
)
from app.texts import QT_TRANSLATE_NOOP, Text, no_such_lead, reason, required, too_long

logger = logging.getLogger(__name__)

LEADS = cast(DbTable, Lead.__table__)
INTERACTIONS = cast(DbTable, Interaction.__table__)
PURCHASES = cast(DbTable, Purchase.__table__)
STAGE_HISTORY = cast(DbTable, StageChange.__table__)
TAGS = cast(DbTable, Tag.__table__)

__all__ = [
    "CUSTOM", "DUPLICATE_MODES", "EMPTY_VALUES", "KINDS", "ImportFileError", "ImportOptions", "ImportResult",
    "MappingError", "RowError", "Table", "country_code", "detect_mapping", "import_file", "read_table",
    "resolve_mapping", "target_fields", "write_report",
]

DUPLICATE_MODES = ("skip", "update", "keep")
CHUNK = 5000
ATTEMPTS = 3  # checks from the file when the workspace changed under the import, before giving up


class _WorkspaceChanged(Exception):
    """Someone else changed what the staged rows rely on; the import is checked again from the file."""

# --- options and results -----------------------------------------------------------------------


@dataclass
class ImportOptions:
    kind: str
    mapping: dict[str, str] | None = None  # source column -> field; None detects it from the headers
    dry_run: bool = False
    valid_only: bool = False
    duplicates: str = "skip"  # skip | update | keep (leads only)
    sheet: str | None = None  # XLSX: which sheet (default the first)
    empty_values: tuple[str, ...] = EMPTY_VALUES  # cell texts read as empty


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str  # the file's column name ("" when the whole row is at fault)
    reason: str


@dataclass
class ImportResult:
    kind: str
    file: str = ""
    rows_read: int = 0
    created: int = 0  # in a dry run or a refused import: what would have been created
    updated: int = 0
    skipped_duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_rows"] = self.error_rows
        return data


def write_report(errors: list[RowError], path: str | Path) -> None:
    """The row errors as CSV (row,column,reason), UTF-8 with BOM so Excel opens it; written whole or not at all,
    with the file's own column names and values guarded against CSV injection (they come from the file)."""
    with atomic_output(path, text=True, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "reason"])
        writer.writerows([e.row, guard_cell(e.column), guard_cell(e.reason)] for e in errors)


# --- the run -----------------------------------------------------------------------------------


class _Run:
    """What every kind's importer shares: the session, the options, the counters and the errors."""

    def __init__(self, db: Database, session: Session, options: ImportOptions, result: ImportResult,
                 actor_id: int | None, staging: Staging) -> None:
        self.db = db
        self.session = session
        self.staging = staging
        self.options = options
        self.result = result
        self.actor_id = actor_id
        self.at = datetime.now(UTC)
        self.sources: dict[str, str] = {}
        for column, target in result.mapping.items():
            self.sources[target] = column
        for part in ("first_name", "last_name"):
            if part in self.sources:
                self.sources.setdefault("name", self.sources[part])

    @property
    def writing(self) -> bool:
        """Still going to commit: not a dry run, and no bad row yet unless bad rows are simply left out."""
        return not self.options.dry_run and (self.options.valid_only or not self.result.errors)

    def fail(self, row: int, problems: dict[str, str]) -> None:
        for target, why in problems.items():
            self.result.errors.append(RowError(row, self.sources.get(target, target), why))


def import_file(db: Database, path: str | Path, options: ImportOptions, *, actor_id: int | None = None,
                progress: Progress | None = None,
                before_commit: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Read, check and import one file; see the module docstring for the all-or-nothing rules.

    `before_commit(result)` runs once every row is checked and before anything is committed (the
    error report is written there): if it raises, nothing of the import stays."""
    started = perf_counter()
    check_kind(options.kind)
    if options.duplicates not in DUPLICATE_MODES:
        raise MappingError(f"duplicates must be one of {', '.join(DUPLICATE_MODES)}, not {options.duplicates!r}")
    table = read_table(path, sheet=options.sheet)
    mapping = resolve_mapping(options.kind, table.headers, options.mapping, duplicates=options.duplicates,
                              source=table.source)
    for attempt in range(1, ATTEMPTS + 1):
        result = ImportResult(kind=options.kind, file=table.source, dry_run=options.dry_run, mapping=mapping)
        if progress is not None:
            progress.set_total(table.estimated_rows, f"Importing {options.kind} from {table.source}")
        try:
            _import_once(db, table, options, result, actor_id, progress, before_commit)
            break
        except _WorkspaceChanged as changed:
            logger.info("import %s from %s: %s; checking the file again (attempt %d)", options.kind, table.source,
                        changed, attempt)
    else:
        raise ConflictError(Text(QT_TRANSLATE_NOOP(
            "Services", "{file}: the workspace kept changing while the file was imported; nothing was imported, "
                        "try again"), file=table.source))
    result.seconds = perf_counter() - started
    logger.info("import %s from %s: %d read, %d created, %d updated, %d duplicates, %d errors, committed=%s (%.2f s)",
                result.kind, result.file, result.rows_read, result.created, result.updated,
                result.skipped_duplicates, len(result.errors), result.committed, result.seconds)
    return result


def _import_once(db: Database, table: Table, options: ImportOptions, result: ImportResult, actor_id: int | None,
                 progress: Progress | None, before_commit: Callable[[ImportResult], None] | None) -> None:
    """Check and stage every row (no lock on the workspace), then write them in one short transaction."""
    with db.engine.connect() as conn:
        staging = Staging(conn)
        try:
            with Session(bind=conn, expire_on_commit=False) as session:
                run = _Run(db, session, options, result, actor_id, staging)
                importer = IMPORTERS[options.kind](run)
                _feed(importer, _mapped_rows(table, result.mapping, options.empty_values), progress)
                session.commit()  # only the staging tables: this ends the read, nothing of the workspace changed
                result.committed = run.writing
                if before_commit is not None:
                    before_commit(result)
                if not run.writing:
                    return
                _begin_write(session)
                importer.write()
                audit.record(session, actor_id, "import", 0, "import", _audit_changes(result))
                if progress is not None:
                    progress.check()  # a cancel during the final write still leaves the workspace as it was
                session.commit()
        finally:  # Cancelled included: nothing of this import stays
            staging.drop()


def _begin_write(session: Session) -> None:
    """Take SQLite's write lock now, waiting politely (busy timeout) for a writer that has it, and read
    from a fresh snapshot; PostgreSQL's row locks need nothing here."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def _feed(importer: _Importer, rows: Iterator[tuple[int, dict[str, str], str | None]], progress: Progress | None) -> None:
    """Every row through the importer, chunk by chunk, reporting progress and honouring a cancel."""
    result = importer.run.result
    for chunk in _chunks(rows, CHUNK):
        for number, values, problem in chunk:
            importer.add(number, values, problem)
        importer.flush()
        result.rows_read += len(chunk)
        if progress is not None:
            progress.advance(len(chunk))
    importer.stage_rest()
    if progress is not None:
        progress.check()


def _audit_changes(result: ImportResult) -> dict[str, list[Any]]:
    facts = {"file": result.file, "kind": result.kind, "rows_read": result.rows_read, "created": result.created,
             "updated": result.updated, "skipped_duplicates": result.skipped_duplicates,
             "errors": len(result.errors)}
    return {name: [None, value] for name, value in facts.items()}


def _mapped_rows(table: Table, mapping: dict[str, str],
                 empty_values: Iterable[str]) -> Iterator[tuple[int, dict[str, str], str | None]]:
    """(row number, {field: text}, problem with the whole row); placeholder texts become ""."""
    position = {h: i for i, h in enumerate(table.headers)}
    columns = [(position[column], target) for column, target in mapping.items()]
    width = len(table.headers)
    empties = {v.strip().lower() for v in empty_values}
    longest = max((len(v) for v in empties), default=0) + 2  # room for stray spaces; longer text is never one
    guarded = table.delimiter is not None  # CSV: a formula guard from an export comes off (XLSX cells have none)
    for number, cells in table.numbered():
        padded = cells if len(cells) >= width else cells + [""] * (width - len(cells))
        values = {target: "" if len(text := padded[index]) <= longest and text.strip().lower() in empties
                  else (unguard_cell(text) if guarded and text[:1] == "'" else text)
                  for index, target in columns}
        problem = None
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problem = f"has {len(cells)} values but the header has {width} columns (a value with an unquoted delimiter?)"
        yield number, values, problem


def new_uuids(count: int) -> list[str]:
    """`count` random version-4 UUIDs as text, several times faster than uuid4() one by one."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-{h[i + 20:i + 32]}"
            for i in range(0, 32 * count, 32)]


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, size)):
        yield chunk


class _Importer:
    limits: dict[str, int] = {}  # per field: the validator's length limit, checked before any parsing

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.session = run.session

    def add(self, number: int, values: dict[str, str], problem: str | None = None) -> None:
        if problem is not None:
            self.run.result.errors.append(RowError(number, "", problem))
            return
        problems: dict[str, str] = {target: why for target, text in values.items()
                    if text and (why := cell_problem(target, text, self.limits.get(target))) is not None}
        if problems:  # a 5 MB e-mail or a bell in a name never reaches a parser, nor the report in full
            self.run.fail(number, problems)
            return
        self.add_row(number, values)

    def add_row(self, number: int, values: dict[str, str]) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Stage the chunk's rows."""
        raise NotImplementedError

    def stage_rest(self) -> None:
        """Stage what waits for the end of the file."""

    def write(self) -> None:
        """The final transaction: the staged rows into the workspace; _WorkspaceChanged if they no longer fit."""
        raise NotImplementedError


class _Words:
    """What people write for stages and users ('Ganho', 'Ana Souza', 'ana@empresa.com') as the keys the
    validators accept; anything unknown passes through unchanged, for the validator to name."""

    def __init__(self, session: Session) -> None:
        stages = session.execute(select(Stage.key, Stage.name)).tuples().all()
        keys = {key for key, _name in stages}
        self.stages = {alias: key for alias, key in STAGE_ALIASES.items() if key in keys}
        self.stages.update({word_key(name): key for key, name in stages})
        self.stages.update({word_key(key): key for key in keys})
        self.users: dict[str, str] = {}
        clashes: set[str] = set()
        accounts = session.execute(select(User.username, User.display_name, User.email)).tuples().all()
        for username, display_name, email in accounts:
            for word in (fold(display_name).strip(), fold(email).strip()):
                if word and self.users.setdefault(word, username) != username:
                    clashes.add(word)  # two people with one name: let the validator refuse it
        for word in clashes:
            del self.users[word]
        self.users.update({fold(username): username for username, _d, _e in accounts})
        self._stage_seen: dict[str, str] = {}
        self._user_seen: dict[str, str] = {}

    def stage(self, text: str) -> str:
        found = self._stage_seen.get(text)
        if found is None:
            found = self._stage_seen[text] = self.stages.get(word_key(text), text)
        return found

    def user(self, text: str) -> str:
        found = self._user_seen.get(text)
        if found is None:
            found = self._user_seen[text] = self.users.get(fold(text).strip(), text)
        return found


# --- leads -------------------------------------------------------------------------------------


@dataclass(eq=False)
class _NewLead:
    clean: dict[str, Any]
    extra: dict[str, Any]
    uuid: str | None = None  # set once staged


LEAD_EXTRAS = ("sms_opt_out", "score", "segment", "created_at", "updated_at")
MATCH_KEYS = ("phone", "email", "external_id")


class _LeadImport(_Importer):
    limits = {**TEXT_LIMITS, "first_name": TEXT_LIMITS["name"], "last_name": TEXT_LIMITS["name"]}

    def __init__(self, run: _Run) -> None:
        super().__init__(run)
        self.validator = LeadValidator.load(self.session)
        self.words = _Words(self.session)
        self.service = LeadService(run.db, run.actor_id)
        mapped = set(run.result.mapping.values())
        self.keys = [k for k in MATCH_KEYS if k in mapped] if run.options.duplicates != "keep" else []
        self.existing = {k: _existing_leads(self.session, k) for k in self.keys}
        self.seen: dict[tuple[str, str], int | _NewLead] = {}
        self.pending: list[_NewLead] = []
        self.updates: list[dict[str, Any]] = []  # staged with each chunk, applied in the final transaction
        self.last_id = int(self.session.scalar(select(func.coalesce(func.max(Lead.id), 0))) or 0)
        # Like LeadService.create_in: BR when the file has no country column, unknown when its cell is empty.
        self.default_country = None if "country" in mapped else "BR"

    def add_row(self, number: int, values: dict[str, str]) -> None:
        data, extra, problems = _lead_data(values)
        if "stage" in data:
            data["stage"] = self.words.stage(data["stage"])
        if "owner" in data:
            data["owner"] = self.words.user(data["owner"])
        clean: dict[str, Any] = {}
        try:
            clean = self.validator.clean(data, partial=True)
        except ValidationError as exc:
            problems = {**exc.problems, **problems}
        if problems:
            self.run.fail(number, problems)
            return
        target = self._match(clean)
        if target is None:
            self._create(number, data, clean, extra)
        elif self.run.options.duplicates == "skip":
            self.run.result.skipped_duplicates += 1
        else:
            self._update(target, clean, extra)

    def _match(self, clean: dict[str, Any]) -> int | _NewLead | None:
        for key in self.keys:
            value = clean.get(key)
            if not value:
                continue
            value = value.lower() if key == "email" else value
            found = self.seen.get((key, value)) or self.existing[key].get(value)
            if found is not None:
                return found
        return None

    def _create(self, number: int, data: dict[str, Any], clean: dict[str, Any], extra: dict[str, Any]) -> None:
        if not clean.get("name"):
            try:
                self.validator.clean(data)  # the validator's own words for the missing name
            except ValidationError as exc:
                self.run.fail(number, {"name": exc.problems.get("name", required())})
                return
        lead = _NewLead(clean, extra)
        for key in self.keys:
            value = clean.get(key)
            if value:
                self.seen.setdefault((key, value.lower() if key == "email" else value), lead)
        self.pending.append(lead)
        self.run.result.created += 1

    def _update(self, target: int | _NewLead, clean: dict[str, Any], extra: dict[str, Any]) -> None:
        self.run.result.updated += 1
        extra = {k: v for k, v in extra.items() if k not in ("created_at", "updated_at")}
        if isinstance(target, _NewLead) and target.uuid is None:
            _merge(target.clean, clean)
            target.extra.update(extra)
            return
        if not self.run.writing:
            return
        self.updates.append({
            "seq": self.run.result.updated, "lead_id": None if isinstance(target, _NewLead) else target,
            "lead_uuid": target.uuid if isinstance(target, _NewLead) else None,
            "changes": pickle.dumps({**clean, **extra}, protocol=pickle.HIGHEST_PROTOCOL),
        })

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        updates, self.updates = self.updates, []
        if not self.run.writing:
            return
        staging = self.run.staging
        if pending:
            rows = [self._row(lead, uuid) for lead, uuid in zip(pending, new_uuids(len(pending)), strict=True)]
            for lead, row in zip(pending, rows, strict=True):
                lead.uuid = row["uuid"]
            staging.insert(staging.like("leads", LEADS, list(LEAD_ROW_TEMPLATE)), rows)
            tags = [{"lead_uuid": lead.uuid, "name": name} for lead in pending
                    for name in dict.fromkeys(lead.clean.get("tags") or [])]
            staging.insert(staging.table("lead_tags", [("lead_uuid", String(36)), ("name", TAGS.c.name.type)]), tags)
        if updates:
            staging.insert(staging.table("updates", [("seq", Integer()), ("lead_id", Integer()),
                                                     ("lead_uuid", String(36)), ("changes", LargeBinary())]), updates)

    def stage_rest(self) -> None:
        self.flush()

    def write(self) -> None:
        staging = self.run.staging
        before = int(self.session.scalar(select(func.coalesce(func.max(Lead.id), 0))) or 0)
        if staging.count("leads"):
            self._check_keys()
            staged = staging.tables["leads"]
            columns = list(LEAD_ROW_TEMPLATE)
            self.session.execute(insert(LEADS).from_select(columns, select(*(staged.c[c] for c in columns))))
            self._lead_history(before)
            self._lead_tags(before)
        if staging.count("updates"):
            self._apply_updates()
        self._define_custom_fields()

    def _check_keys(self) -> None:
        """A lead someone else added since the file was checked, with a phone, e-mail or external id of a new one."""
        staged = self.run.staging.tables["leads"]
        columns = {"phone": (LEADS.c.phone, staged.c.phone), "email": (LEADS.c.email_norm, staged.c.email_norm),
                   "external_id": (LEADS.c.external_id, staged.c.external_id)}
        for key in self.keys:
            stored, new = columns[key]
            clash = (select(literal(1)).select_from(staged)
                     .join(LEADS, and_(stored == new, LEADS.c.id > self.last_id, LEADS.c.deleted_at.is_(None))).limit(1))
            if self.session.scalar(clash) is not None:
                raise _WorkspaceChanged(f"a lead with the same {key} as a new one was added meanwhile")

    def _lead_history(self, before: int) -> None:
        """Each new lead's first stage, and where its SMS consent came from (LGPD), as a rep's edit records them."""
        at, actor = self.run.at, self.run.actor_id
        new = Lead.id > before
        self.session.execute(insert(STAGE_HISTORY).from_select(
            ["lead_id", "from_stage", "to_stage", "changed_at", "changed_by"],
            select(Lead.id, null(), Lead.stage, literal(at, StageChange.changed_at.type),
                   literal(actor, Integer())).where(new)))
        self.session.execute(insert(ConsentEvent).from_select(
            ["lead_id", "channel", "action", "source", "at", "user_id"],
            select(Lead.id, literal("sms"), literal("consent"), Lead.sms_consent_source,
                   literal(at, ConsentEvent.at.type), literal(actor, Integer()))
            .where(new, Lead.sms_consent.is_(True))))

    def _lead_tags(self, before: int) -> None:
        staged = self.run.staging.tables.get("lead_tags")
        if staged is None or not self.run.staging.count("lead_tags"):
            return
        missing = select(staged.c.name).distinct().where(~exists().where(TAGS.c.name == staged.c.name))
        self.session.execute(insert(TAGS).from_select(["name"], missing))
        self.session.execute(insert(lead_tags).from_select(
            ["lead_id", "tag_id"],
            select(LEADS.c.id, TAGS.c.id).select_from(staged)
            .join(LEADS, and_(LEADS.c.uuid == staged.c.lead_uuid, LEADS.c.id > before))
            .join(TAGS, TAGS.c.name == staged.c.name)))

    def _apply_updates(self) -> None:
        """The file's updates, in file order, through LeadService.apply_in (audit, history, consent)."""
        staged = self.run.staging.tables["updates"]
        last = 0
        while batch := self.session.execute(select(staged.c.seq, staged.c.lead_id, staged.c.lead_uuid, staged.c.changes)
                                            .where(staged.c.seq > last).order_by(staged.c.seq).limit(CHUNK)).all():
            for seq, lead_id, lead_uuid, blob in batch:
                lead = (self.session.get(Lead, lead_id) if lead_id is not None
                        else self.session.scalar(select(Lead).where(Lead.uuid == lead_uuid)))
                if lead is None or lead.deleted_at is not None:
                    raise _WorkspaceChanged(f"lead {lead_id or lead_uuid} was deleted meanwhile")
                clean = pickle.loads(blob)
                if "tags" in clean:
                    clean["tags"] = list(dict.fromkeys([t.name for t in lead.tags] + clean["tags"]))
                self.service.apply_in(self.session, lead, clean, source="import")
                self.session.flush()
                self.session.expunge(lead)  # a big update import must not keep every lead in memory
                last = seq

    def _row(self, lead: _NewLead, uuid: str) -> dict[str, Any]:
        """The same column values LeadService.create_in gives a new lead."""
        at = self.run.at
        clean = {k: v for k, v in lead.clean.items() if k != "tags"}
        owner_id = clean.pop("owner") if "owner" in clean else self.run.actor_id
        row = dict(LEAD_ROW_TEMPLATE)
        row.update(clean)
        row.update(lead.extra)
        row.update(uuid=uuid, owner_id=owner_id, stage=clean.get("stage") or "new",
                   custom={k: v for k, v in (clean.get("custom") or {}).items() if v is not None},
                   country=clean.get("country", self.default_country))
        row["created_at"] = lead.extra.get("created_at") or at
        row["updated_at"] = lead.extra.get("updated_at") or row["created_at"]
        row["stage_changed_at"] = at
        if row["sms_consent"]:
            row["sms_consent_at"] = at
            row["sms_consent_source"] = row["sms_consent_source"] or "import"
        if row["sms_opt_out"]:
            row["sms_opt_out_at"] = at
        if row["lat"] is not None and row["lng"] is not None:
            row["coord_source"] = "import"
        row["email_norm"] = row["email"].lower() if row["email"] else None
        row["search_text"] = lead_search_text(row["name"], row["company"], row["email"], row["phone"], row["city"])
        return row

    def _define_custom_fields(self) -> None:
        """Define the new custom fields the file brought (as text, labelled by their column), when their
        names are valid definition names; other names stay undefined text values, which is allowed."""
        names = [t[len(CUSTOM):] for t in self.run.result.mapping.values()
                 if t.startswith(CUSTOM) and FIELD_NAME.fullmatch(t[len(CUSTOM):])]
        if not names:
            return
        known = set(self.session.scalars(select(CustomField.name)))
        position = int(self.session.scalar(select(func.coalesce(func.max(CustomField.position), -1))) or 0)
        labels = {t[len(CUSTOM):]: c for c, t in self.run.result.mapping.items() if t.startswith(CUSTOM)}
        for name in names:
            if name not in known:
                position += 1
                self.session.add(CustomField(name=name, label=labels[name][:200], kind="text", position=position))


LEAD_ROW_TEMPLATE: dict[str, Any] = {
    "uuid": None, "version": 1, "kind": "lead", "name": None, "company": None, "job_title": None, "email": None,
    "email_norm": None, "phone": None, "stage": "new", "stage_changed_at": None, "source": None, "owner_id": None,
    "external_id": None, "address": None, "city": None, "state": None, "postal_code": None, "country": "BR",
    "lat": None, "lng": None, "coord_source": None, "timezone": None, "sms_consent": False,
    "sms_consent_source": None, "sms_consent_at": None, "sms_opt_out": False, "sms_opt_out_at": None,
    "score": None, "segment": None, "value": None, "custom": {}, "search_text": "", "created_at": None,
    "updated_at": None,
}


def _lead_data(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """Validator input, the import-only extras (already checked) and their problems, from one row."""
    data: dict[str, Any] = {}
    custom: dict[str, str] = {}
    extra: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for target, cell in values.items():
        text = cell.strip()
        if not text:
            continue  # an empty cell sets nothing: defaults apply, updates keep the old value
        if target.startswith(CUSTOM):
            custom[target[len(CUSTOM):]] = text
        elif target in LEAD_EXTRAS:
            try:
                extra[target] = _extra(target, text)
            except ValueError as exc:
                problems[target] = reason(exc)
        else:
            data[target] = text
    parts = [data.pop(p) for p in ("first_name", "last_name") if p in data]
    if parts and "name" not in data:
        data["name"] = " ".join(parts)
    if "country" in data:
        data["country"] = country_code(data["country"])
    if "kind" in data:
        data["kind"] = LEAD_KIND_ALIASES.get(word_key(data["kind"]), data["kind"].lower())
    if custom:
        data["custom"] = custom
    return data, extra, problems


def _extra(target: str, text: str) -> Any:
    if target == "sms_opt_out":
        return parse_boolean(text)
    if target == "score":
        return parse_number(target, text)
    if target in ("created_at", "updated_at"):
        return parse_when(text)
    if len(text) > 120:
        raise ValueError(too_long(120))
    return text


def _merge(into: dict[str, Any], clean: dict[str, Any]) -> None:
    for name, value in clean.items():
        if name == "custom":
            into["custom"] = {**into.get("custom", {}), **value}
        elif name == "tags":
            into["tags"] = list(dict.fromkeys([*into.get("tags", []), *value]))
        else:
            into[name] = value


def _existing_leads(session: Session, key: str) -> dict[str, int]:
    """Live leads by phone, lower-cased e-mail or external id; the oldest lead wins a tie."""
    column = {"phone": Lead.phone, "email": Lead.email_norm, "external_id": Lead.external_id}[key]
    rows = session.execute(select(column, Lead.id).where(Lead.deleted_at.is_(None), column.is_not(None))
                           .order_by(Lead.id.desc()))
    return {str(value): lead_id for value, lead_id in rows.tuples()}


# --- interactions ------------------------------------------------------------------------------


class _InteractionImport(_Importer):
    limits = {"notes": MAX_NOTES, "lead_email": TEXT_LIMITS["email"]}

    def __init__(self, run: _Run) -> None:
        super().__init__(run)
        self.validator = InteractionValidator.load(self.session)
        self.words = _Words(self.session)
        mapped = set(run.result.mapping.values())
        self.live_ids: set[int] = set(self.session.scalars(select(Lead.id).where(Lead.deleted_at.is_(None))))
        self.by_email = _existing_leads(self.session, "email") if "lead_email" in mapped else {}
        self.by_phone = _existing_leads(self.session, "phone") if "lead_phone" in mapped else {}
        self.fields = [t for t in ("kind", "occurred_at", "duration_s", "outcome", "notes", "author") if t in mapped]
        self.kinds: dict[str, str] = {}
        self.pending: list[dict[str, Any]] = []
        self.before = int(self.session.scalar(select(func.coalesce(func.max(Interaction.id), 0))) or 0)

    def add_row(self, number: int, values: dict[str, str]) -> None:
        lead_id, problem = self._lead(values)
        if problem:
            self.run.fail(number, problem)
            return
        data: dict[str, Any] = {name: text for name in self.fields if (text := values[name])}
        data["lead_id"] = lead_id
        if "kind" in data:
            data["kind"] = self._kind(data["kind"])
        if "author" in data:
            data["author"] = self.words.user(data["author"])
        try:
            clean = self.validator.clean(data)
        except ValidationError as exc:
            self.run.fail(number, exc.problems)
            return
        if clean["lead_id"] not in self.live_ids:
            self.run.fail(number, {"lead_id": no_such_lead(clean["lead_id"])})
            return
        author = clean.pop("author", None)
        self.pending.append({
            "version": 1, "lead_id": clean["lead_id"], "kind": clean["kind"],
            "occurred_at": clean["occurred_at"], "duration_s": clean.get("duration_s"),
            "outcome": clean.get("outcome"), "notes": clean.get("notes"),
            "author_id": author if author is not None else self.run.actor_id,
        })  # created_at/updated_at: the database's now(), which spares a million datetime conversions
        self.run.result.created += 1

    def _lead(self, values: dict[str, str]) -> tuple[Any, dict[str, str]]:
        """The lead id (or the raw text for the validator to judge), or the problem with the lead columns."""
        raw = values.get("lead_id", "").strip()
        if raw:
            return raw, {}
        email = values.get("lead_email", "").strip()
        if email:
            try:
                clean = parse_email(email)
            except ValueError as exc:
                return None, {"lead_email": reason(exc)}
            found = self.by_email.get((clean or "").lower())
            if found:
                return found, {}
            return None, {"lead_email": Text(QT_TRANSLATE_NOOP("Services", "no lead has the e-mail {value}"), value=repr(email))}
        phone = values.get("lead_phone", "").strip()
        if phone:
            try:
                e164 = parse_phone(phone)
            except ValueError as exc:
                return None, {"lead_phone": reason(exc)}
            found = self.by_phone.get(e164 or "")
            if found:
                return found, {}
            return None, {"lead_phone": Text(QT_TRANSLATE_NOOP("Services", "no lead has the phone {value}"), value=repr(phone))}
        first = next(t for t in ("lead_id", "lead_email", "lead_phone") if t in values)
        return None, {first: Text(
            QT_TRANSLATE_NOOP("Services", "is required: the row names no lead (lead_id, lead_email or lead_phone)"))}

    def _kind(self, text: str) -> str:
        kind = self.kinds.get(text)
        if kind is None:
            key = word_key(text)
            kind = KIND_ALIASES.get(key) or next((k for k in INTERACTION_KINDS if word_key(k) == key), text)
            self.kinds[text] = kind
        return kind

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending and self.before and self.run.options.duplicates != "keep":
            pending = _drop_stored(self.session, self.run.result, pending, INTERACTIONS, INTERACTION_KEY,
                                   _interaction_key, Interaction.deleted_at.is_(None))
        if pending and self.run.writing:
            for row, uuid in zip(pending, new_uuids(len(pending)), strict=True):
                row["uuid"] = uuid
            self.run.staging.insert(self.run.staging.like("interactions", INTERACTIONS, INTERACTION_COLUMNS), pending)

    def write(self) -> None:
        """The staged interactions of live leads (all of them, or the workspace changed), then each affected
        lead's last_interaction_at becomes its newest live interaction, in one UPDATE."""
        staging = self.run.staging
        if not staging.count("interactions"):
            return
        before = int(self.session.scalar(select(func.coalesce(func.max(Interaction.id), 0))) or 0)
        if before > self.before and self.run.options.duplicates != "keep":
            self._check_new_duplicates()
        _insert_for_live_leads(self.session, INTERACTIONS, staging.tables["interactions"], INTERACTION_COLUMNS,
                               staging.count("interactions"))
        latest = (select(func.max(Interaction.occurred_at))
                  .where(Interaction.lead_id == Lead.id, Interaction.deleted_at.is_(None)).scalar_subquery())
        touched = select(Interaction.lead_id).where(Interaction.id > before).distinct()
        self.session.execute(update(Lead).where(Lead.id.in_(touched)).values(last_interaction_at=latest)
                             .execution_options(synchronize_session=False))

    def _check_new_duplicates(self) -> None:
        """An interaction someone else logged since the file was checked that a staged row repeats."""
        staged = self.run.staging.tables["interactions"]
        same = and_(INTERACTIONS.c.lead_id == staged.c.lead_id, INTERACTIONS.c.occurred_at == staged.c.occurred_at,
                    INTERACTIONS.c.kind == staged.c.kind, INTERACTIONS.c.id > self.before,
                    INTERACTIONS.c.deleted_at.is_(None))
        if self.session.scalar(select(literal(1)).select_from(staged).join(INTERACTIONS, same).limit(1)) is not None:
            raise _WorkspaceChanged("an interaction like a staged one was logged meanwhile")


INTERACTION_COLUMNS = ["uuid", "version", "lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes",
                       "author_id"]
PURCHASE_COLUMNS = ["lead_id", "item", "description", "quantity", "unit_price", "time", "invoice"]


def _insert_for_live_leads(session: Session, target: DbTable, staged: DbTable, columns: list[str], count: int) -> None:
    """INSERT ... SELECT the staged rows whose lead is still live; if any lead went, the workspace changed."""
    rows = (select(*(staged.c[c] for c in columns)).select_from(staged)
            .join(LEADS, and_(LEADS.c.id == staged.c.lead_id, LEADS.c.deleted_at.is_(None))))
    # Counted, not the rowcount (psycopg reports -1 for INSERT ... SELECT): on SQLite what went in, as nobody else
    # can write meanwhile; on PostgreSQL, where others can, what is about to go in.
    if session.get_bind().dialect.name == "sqlite":
        before = int(session.scalar(select(func.coalesce(func.max(target.c.id), 0))) or 0)
        session.execute(insert(target).from_select(columns, rows))
        written = int(session.scalar(select(func.count()).where(target.c.id > before)) or 0)
    else:
        written = int(session.scalar(select(func.count()).select_from(rows.subquery())) or 0)
        session.execute(insert(target).from_select(columns, rows))
    if written != count:
        raise _WorkspaceChanged(f"{count - written} of the leads the file names were deleted meanwhile")


# --- purchases ---------------------------------------------------------------------------------

PURCHASE_LIMITS = {"item": 100, "description": 300, "invoice": 60}


class _PurchaseImport(_Importer):
    limits = PURCHASE_LIMITS

    def __init__(self, run: _Run) -> None:
        super().__init__(run)
        self.by_external = _existing_leads(self.session, "external_id")
        self.by_email = _existing_leads(self.session, "email")
        self.live_ids: set[int] = set(self.session.scalars(select(Lead.id).where(Lead.deleted_at.is_(None))))
        self.pending: list[dict[str, Any]] = []
        self.stored = self.session.scalar(select(Purchase.id).limit(1)) is not None

    def add_row(self, number: int, values: dict[str, str]) -> None:
        problems: dict[str, str] = {}
        row: dict[str, Any] = {}
        lead_id, problem = self._customer(values["customer"].strip())
        if problem:
            problems["customer"] = problem
        row["lead_id"] = lead_id
        for name in ("item", "description", "quantity", "unit_price", "time", "invoice"):
            try:
                row[name] = _purchase_field(name, values.get(name, "").strip())
            except ValueError as exc:
                problems[name] = reason(exc)
        if "quantity" not in problems and (refund := refund_problem(row.get("quantity"), row.get("invoice"))):
            problems["quantity"] = refund  # a negative quantity is a return only when its invoice says so
        if problems:
            self.run.fail(number, problems)
            return
        self.pending.append(row)
        self.run.result.created += 1

    def _customer(self, text: str) -> tuple[int | None, str]:
        """By external id, then lead id, then e-mail; Excel's '17850.0' is read as '17850'."""
        if not text:
            return None, required()
        if re.fullmatch(r"\d+\.0+", text):
            text = text.split(".", 1)[0]
        found = self.by_external.get(text)
        if found is None and text.isdigit() and int(text) in self.live_ids:
            found = int(text)
        if found is None and "@" in text:
            found = self.by_email.get(text.lower())
        if found is None:
            return None, Text(QT_TRANSLATE_NOOP("Services", "no lead or customer matches {value} (by external id, id or e-mail)"),
                              value=repr(text))
        return found, ""

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending and self.stored and self.run.options.duplicates != "keep":
            pending = _drop_stored(self.session, self.run.result, pending, PURCHASES, PURCHASE_KEY,
                                   _purchase_key, None)
        if pending and self.run.writing:
            self.run.staging.insert(self.run.staging.like("purchases", PURCHASES, PURCHASE_COLUMNS), pending)

    def write(self) -> None:
        staging = self.run.staging
        if staging.count("purchases"):
            _insert_for_live_leads(self.session, PURCHASES, staging.tables["purchases"], PURCHASE_COLUMNS,
                                   staging.count("purchases"))


# --- duplicates of stored rows -------------------------------------------------------------------


def _utc_second(value: datetime) -> datetime:
    """Times compare in UTC to the second: a database may hand back naive UTC or drop microseconds."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def _interaction_key(row: Any) -> tuple[Any, ...]:
    return (row[0], row[1], _utc_second(row[2]), (row[3] or "").strip())


def _purchase_key(row: Any) -> tuple[Any, ...]:
    return (row[0], row[1], _utc_second(row[2]), row[3] or "", round(float(row[4]), 6),
            None if row[5] is None else round(float(row[5]), 6))


INTERACTION_KEY = ("lead_id", "kind", "occurred_at", "notes")
PURCHASE_KEY = ("lead_id", "item", "time", "invoice", "quantity", "unit_price")


def _drop_stored(session: Session, result: ImportResult, pending: list[dict[str, Any]], table: DbTable,
                 columns: tuple[str, ...], key: Any, live: Any) -> list[dict[str, Any]]:
    """The chunk without the rows already stored; each one left out counts as a skipped duplicate.

    One indexed query per chunk: the stored rows at exactly the (lead, time) pairs of the chunk,
    reading only the columns of the key."""
    time_column = columns[2]
    pairs = list({(row["lead_id"], row[time_column]) for row in pending})
    stored = {key(row) for row in session.execute(_stored_rows(session, table, columns, pairs, live)).tuples()}
    if not stored:
        return pending
    kept = [row for row in pending if key(tuple(row[c] for c in columns)) not in stored]
    dropped = len(pending) - len(kept)
    result.created -= dropped
    result.skipped_duplicates += dropped
    return kept


def _stored_rows(session: Session, table: DbTable, columns: tuple[str, ...], pairs: list[tuple[int, datetime]],
                 live: Any) -> Any:
    """SELECT the key columns of the stored rows at these (lead, time) pairs.

    SQLite plans `(lead_id, time) IN (VALUES …)` as a scan of the whole table (1 s per chunk at a
    million rows); joining a VALUES list written as a CTE makes it probe the (lead, time) index
    once per pair (40 ms per chunk). PostgreSQL plans the row-value IN with the index."""
    time_column = columns[2]
    if session.get_bind().dialect.name != "sqlite":
        condition: ColumnElement[bool] = tuple_(table.c.lead_id, table.c[time_column]).in_(pairs)
        if live is not None:
            condition = and_(condition, live)
        return select(*(table.c[c] for c in columns)).where(condition)
    time_type = table.c[time_column].type
    rows = ", ".join(f"(:l{i}, :t{i})" for i in range(len(pairs)))
    wanted = ", ".join(f"s.{c}" for c in columns)
    alive = " AND s.deleted_at IS NULL" if live is not None else ""
    statement = text(f"WITH k(l, t) AS (VALUES {rows}) SELECT {wanted} FROM k JOIN {table.name} AS s "
                     f"ON s.lead_id = k.l AND s.{time_column} = k.t{alive}")
    params: list[BindParameter[Any]] = [bindparam(f"l{i}", lead_id) for i, (lead_id, _) in enumerate(pairs)]
    params += [bindparam(f"t{i}", at, type_=time_type) for i, (_, at) in enumerate(pairs)]
    return statement.bindparams(*params).columns(*(table.c[c] for c in columns))


def _purchase_field(name: str, text: str) -> Any:
    if name == "time":
        return parse_when(text)
    if name in ("quantity", "unit_price"):
        number = parse_number(name, text or None)
        return 1.0 if number is None and name == "quantity" else number
    if name == "item" and not text:
        raise ValueError(required())
    if len(text) > PURCHASE_LIMITS[name]:
        raise ValueError(too_long(PURCHASE_LIMITS[name]))
    return text or None


IMPORTERS: dict[str, type[_Importer]] = {
    "leads": _LeadImport, "interactions": _InteractionImport, "purchases": _PurchaseImport,
}
