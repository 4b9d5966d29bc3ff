"""Export leads and interactions to CSV (UTF-8 with BOM, for Excel) or XLSX, streamed in chunks.

Columns use the record field names of PRODUCT.md, so an exported file imports back as is.
Times are UTC. The file appears only when complete (outputs.atomic_output): a failed, cancelled
or killed export leaves nothing half-written. CSV text cells that a spreadsheet would run as a
formula carry a guard (cells.guard_cell), which the importer strips again.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from app.db.engine import Database
from app.db.models import CustomField, Interaction, Lead, Tag, User, lead_tags
from app.progress import Progress
from app.services.leads.search import LeadQuery, lead_ids
from app.services.transfer.cells import guard_cell
from app.services.transfer.outputs import OutputFileError, atomic_output, check_output
from app.services.transfer.tabular import LEAD_EXPORT_COLUMNS, LEAD_EXPORT_EXTRA, detect_mapping

logger = logging.getLogger(__name__)

LEAD_COLUMNS = LEAD_EXPORT_COLUMNS
LEAD_EXTRA_COLUMNS = LEAD_EXPORT_EXTRA
INTERACTION_COLUMNS = ("id", "lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes", "author")
FORMATS = (".csv", ".xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
CHUNK = 2000
INTERACTION_LEAD_CHUNK = 500  # leads per query; their interactions are sorted in memory
ALL_LEADS = LeadQuery()

_LEAD_SELECT: dict[str, ColumnElement[Any]] = {
    name: getattr(Lead, name) for name in LEAD_COLUMNS + LEAD_EXTRA_COLUMNS if name not in ("owner", "tags")
}


ExportFileError = OutputFileError  # the export cannot be written where asked; the message says why


Write = Callable[[Sequence[Any]], None]


def export_leads(db: Database, path: str | Path, query: LeadQuery = ALL_LEADS, *,
                 progress: Progress | None = None) -> int:
    """Write the leads matching `query` (in its order); returns the number of leads written."""
    path = _target(path)
    ids = lead_ids(db, query)
    if progress is not None:
        progress.set_total(len(ids), f"Exporting {len(ids)} leads to {path.name}")
    with db.engine.connect() as conn:
        custom = _custom_names(conn, ids)
        headers = [*LEAD_COLUMNS, *_custom_headers(custom), *LEAD_EXTRA_COLUMNS]
        written = 0
        with _writer(path, "Leads", headers) as write:
            for start in range(0, len(ids), CHUNK):
                for row in _lead_rows(conn, ids[start:start + CHUNK], custom):
                    write(row)
                    written += 1
                if progress is not None:
                    progress.advance(len(ids[start:start + CHUNK]))
    logger.info("exported %d leads to %s", written, path)
    return written


def export_interactions(db: Database, path: str | Path, query: LeadQuery = ALL_LEADS, *,
                        progress: Progress | None = None) -> int:
    """Write the live interactions of the leads matching `query`, lead by lead, oldest first; returns rows written."""
    path = _target(path)
    ids = lead_ids(db, query)
    if progress is not None:
        progress.set_total(len(ids), f"Exporting the interactions of {len(ids)} leads to {path.name}")
    written = 0
    with db.engine.connect() as conn, _writer(path, "Interactions", list(INTERACTION_COLUMNS)) as write:
        for start in range(0, len(ids), INTERACTION_LEAD_CHUNK):
            chunk = ids[start:start + INTERACTION_LEAD_CHUNK]
            for row in _interaction_rows(conn, chunk):
                write(row)
                written += 1
            if progress is not None:
                progress.advance(len(chunk))
    logger.info("exported %d interactions to %s", written, path)
    return written


# --- reading -----------------------------------------------------------------------------------


def _custom_names(conn: Connection, ids: list[int]) -> list[str]:
    """Custom fields in their defined order, then any other key the exported leads hold, by name."""
    defined = list(conn.scalars(select(CustomField.name).order_by(CustomField.position, CustomField.name)))
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK * 5):
        found.update(conn.scalars(_custom_keys(conn.dialect.name, ids[start:start + CHUNK * 5])))
    return [*[n for n in defined if n in found], *sorted(found - set(defined))]


def _custom_keys(dialect: str, ids: list[int]) -> Any:
    if dialect == "postgresql":
        return (select(func.json_object_keys(Lead.custom)).distinct()
                .where(Lead.id.in_(ids), func.json_typeof(Lead.custom) == "object"))
    each = func.json_each(Lead.custom).table_valued("key", name="je")
    return select(each.c.key).select_from(Lead).join(each, literal(True)).where(Lead.id.in_(ids)).distinct()


def _custom_headers(custom: list[str]) -> list[str]:
    """Custom fields by name, prefixed 'custom.' when the name would import as a lead field ('city', 'Cargo')."""
    return [f"custom.{name}" if name.lower().startswith("custom.") or detect_mapping("leads", [name]) else name
            for name in custom]


def _lead_rows(conn: Connection, ids: list[int], custom: list[str]) -> Iterator[list[Any]]:
    stmt = (select(*[c.label(n) for n, c in _LEAD_SELECT.items()], Lead.custom.label("custom"),
                   User.username.label("owner"))
            .outerjoin(User, User.id == Lead.owner_id).where(Lead.id.in_(ids)))
    rows = {r.id: r._mapping for r in conn.execute(stmt)}
    tags: dict[int, list[str]] = {}
    for lead_id, name in conn.execute(select(lead_tags.c.lead_id, Tag.name).join(Tag, Tag.id == lead_tags.c.tag_id)
                                      .where(lead_tags.c.lead_id.in_(ids)).order_by(Tag.name)):
        tags.setdefault(lead_id, []).append(name)
    for lead_id in ids:
        row = rows.get(lead_id)
        if row is None:
            continue  # deleted while we were writing
        values = dict(row)
        values["tags"] = ", ".join(tags.get(lead_id, []))
        extra = values.pop("custom") or {}
        yield ([values[c] for c in LEAD_COLUMNS] + [extra.get(n) for n in custom]
               + [values[c] for c in LEAD_EXTRA_COLUMNS])


def _interaction_rows(conn: Connection, lead_chunk: list[int]) -> Iterator[list[Any]]:
    stmt = (select(Interaction.id, Interaction.lead_id, Interaction.kind, Interaction.occurred_at,
                   Interaction.duration_s, Interaction.outcome, Interaction.notes, User.username)
            .outerjoin(User, User.id == Interaction.author_id)
            .where(Interaction.lead_id.in_(lead_chunk), Interaction.deleted_at.is_(None)))
    order = {lead_id: i for i, lead_id in enumerate(lead_chunk)}
    rows = sorted(conn.execute(stmt), key=lambda r: (order[r.lead_id], r.occurred_at, r.id))
    for row in rows:
        yield list(row)


# --- writing -----------------------------------------------------------------------------------


def _target(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ExportFileError(f"{path.name}: cannot export to {path.suffix or 'a file without extension'}; "
                              "name the file .csv or .xlsx")
    return check_output(path)


@contextmanager
def _writer(path: Path, title: str, headers: list[str]) -> Iterator[Write]:
    if path.suffix.lower() == ".csv":
        with atomic_output(path, text=True, encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow([guard_cell(h) for h in headers])
            yield lambda row: writer.writerow([guard_cell(v if type(v) is str else _csv_text(v)) for v in row])
    else:
        with atomic_output(path) as handle, _xlsx(handle, title, headers, path.name) as write:
            yield write


@contextmanager
def _xlsx(path: Any, title: str, headers: list[str], name: str) -> Iterator[Write]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)

    def cell(value: Any) -> Any:
        if type(value) is not str:
            value = _XLSX.get(type(value), _same)(value)
            if type(value) is not str:
                return value
        if not value.isprintable():
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel refuses
        if value.startswith("="):  # text, never a formula someone typed into a note
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append([cell(h) for h in headers])  # a custom field's name is the user's text too: never a formula
    written = 0

    def write(row: Sequence[Any]) -> None:
        nonlocal written
        written += 1
        if written > XLSX_MAX_ROWS:
            raise ExportFileError(f"{name}: an Excel sheet holds at most {XLSX_MAX_ROWS:,} rows; export this many as .csv")
        sheet.append([cell(v) for v in row])

    try:
        yield write
    except BaseException:
        with suppress(Exception):  # finish and remove openpyxl's temporary sheet file now, not at exit
            sheet.close()
            sheet._writer.cleanup()
        raise
    book.save(path)


def _utc(value: datetime) -> datetime:
    """Naive UTC: what Excel can hold, and what the importer reads back as UTC."""
    return (value.astimezone(UTC) if value.tzinfo else value).replace(tzinfo=None)


def _same(value: Any) -> Any:
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# Per type, without a chain of isinstance checks: exports write tens of millions of cells.
_CSV: dict[type, Callable[[Any], str]] = {
    type(None): lambda _v: "", bool: lambda v: "true" if v else "false", int: str, float: repr,
    Decimal: lambda v: repr(float(v)), datetime: lambda v: _utc(v).isoformat(sep=" ", timespec="seconds"),
    dict: _json, list: _json,
}
_XLSX: dict[type, Callable[[Any], Any]] = {datetime: _utc, Decimal: float, dict: _json, list: _json}


def _csv_text(value: Any) -> str:
    return value if type(value) is str else _CSV.get(type(value), str)(value)
