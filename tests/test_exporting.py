"""Exporting leads and interactions to CSV and XLSX, and importing the files back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.config import Settings
from app.context import open_context
from app.progress import Cancelled, Progress
from app.services.leads.search import LeadQuery, lead_ids
from app.services.transfer import exporting
from app.services.transfer.exporting import ExportFileError, export_interactions, export_leads
from app.services.transfer.importing import ImportOptions, import_file

LEAD_HEADER = [
    "id", "name", "company", "email", "phone", "stage", "source", "owner", "tags", "address", "city", "state",
    "postal_code", "country", "lat", "lng", "timezone", "sms_consent", "sms_opt_out", "score", "segment",
    "created_at", "updated_at",
]
COMPARED = ("name", "company", "email", "phone", "stage", "source", "owner", "tags", "address", "city", "state",
            "postal_code", "country", "lat", "lng", "timezone", "sms_consent", "sms_opt_out", "score", "segment",
            "external_id", "job_title", "kind", "value", "custom")


@pytest.fixture
def empty_ctx(request, tmp_path, backend):
    """A second, empty workspace on the same backend, opened by the same user."""
    home = tmp_path / "other"
    if backend == "sqlite":
        url = f"sqlite:///{home / 'other.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_cluster").create_database(f"other_{tmp_path.name[-20:].lower()}")
    context = open_context(Settings(home=home, database_url=url), username="ana")
    yield context
    context.close()


def sample(ctx) -> list[int]:
    ana = ctx.leads.create({
        "name": "João Ávila", "company": "Pão de Açúcar", "email": "Joao@Padaria.com.br", "phone": "11 98765-4321",
        "stage": "qualified", "source": "Indicação", "tags": "vip, varejo", "address": "Rua A, 10", "city": "São Paulo",
        "state": "SP", "postal_code": "01310-100", "country": "BR", "lat": -23.5613, "lng": -46.6565,
        "timezone": "America/Sao_Paulo", "sms_consent": True, "external_id": "CRM-1", "job_title": "Dono",
        "kind": "customer", "value": 1500.5,
        "custom": {"plano": "ouro", "city": "clash", "nota": "=1+1", "multi": "linha 1\nlinha 2", "Cargo": "alias"},
    })
    bia = ctx.leads.create({"name": "Bia", "stage": "won", "custom": {"plano": "prata"}})
    plain = ctx.leads.create({"name": "Caio"})
    with ctx.db.transaction() as session:
        from app.db.models import Lead

        lead = session.get(Lead, bia.id)
        lead.score, lead.segment, lead.sms_opt_out = 0.8125, "Campeões", True
    ctx.interactions.create({"lead_id": ana.id, "kind": "call", "occurred_at": "2024-05-31 14:30",
                             "duration_s": 90, "outcome": "ok", "notes": "Ligou; quer proposta", "author": "ana"})
    ctx.interactions.create({"lead_id": ana.id, "kind": "visit", "occurred_at": "2024-05-01 09:00"})
    ctx.interactions.create({"lead_id": bia.id, "kind": "note", "occurred_at": "2024-06-01 10:00", "notes": "=HYPERLINK(1)"})
    return [ana.id, bia.id, plain.id]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_lead_export_columns_and_values(ctx, tmp_path):
    ana_id, bia_id, _ = sample(ctx)
    path = tmp_path / "leads.csv"
    assert export_leads(ctx.db, path) == 3
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [*LEAD_HEADER, "custom.Cargo", "custom.city", "multi", "nota", "plano",
                      "external_id", "job_title", "kind", "value"]
    rows = {r["name"]: r for r in read_csv(path)}
    ana = rows["João Ávila"]
    assert ana["id"] == str(ana_id) and ana["phone"] == "+5511987654321" and ana["owner"] == "ana"
    assert ana["tags"] == "varejo, vip" and ana["sms_consent"] == "true" and ana["lat"] == "-23.5613"
    assert ana["custom.city"] == "clash" and ana["multi"] == "linha 1\nlinha 2" and ana["nota"] == "'=1+1"  # guarded
    assert ana["value"] == "1500.5" and ana["external_id"] == "CRM-1"
    assert datetime.fromisoformat(ana["created_at"]).year >= 2024
    assert rows["Bia"]["score"] == "0.8125" and rows["Bia"]["sms_opt_out"] == "true"
    assert rows["Caio"]["plano"] == "" and rows["Caio"]["tags"] == ""


def test_export_follows_the_query(ctx, tmp_path):
    sample(ctx)
    assert export_leads(ctx.db, tmp_path / "won.csv", LeadQuery(stages=("won",))) == 1
    assert [r["name"] for r in read_csv(tmp_path / "won.csv")] == ["Bia"]
    assert export_leads(ctx.db, tmp_path / "q.csv", LeadQuery(text="acucar")) == 1
    assert export_leads(ctx.db, tmp_path / "none.csv", LeadQuery(text="zzzz")) == 0
    assert read_csv(tmp_path / "none.csv") == []


def test_xlsx_export_keeps_types_and_never_writes_formulas(ctx, tmp_path):
    ana_id, *_ = sample(ctx)
    path = tmp_path / "leads.xlsx"
    export_leads(ctx.db, path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:23] == LEAD_HEADER
    ana = dict(zip(header, next(r for r in rows[1:] if r[0] == ana_id)))
    assert ana["lat"] == -23.5613 and ana["sms_consent"] is True and isinstance(ana["created_at"], datetime)
    assert ana["nota"] == "=1+1"
    assert sheet.cell(row=[r[0] for r in rows].index(ana_id) + 1, column=header.index("nota") + 1).data_type == "s"


def test_interactions_export(ctx, tmp_path):
    ana_id, bia_id, _ = sample(ctx)
    assert export_interactions(ctx.db, tmp_path / "i.csv") == 3
    rows = read_csv(tmp_path / "i.csv")
    assert list(rows[0]) == ["id", "lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes", "author"]
    assert [(r["lead_id"], r["kind"], r["occurred_at"]) for r in rows] == [
        (str(bia_id), "note", "2024-06-01 10:00:00"),  # leads in name order, each lead's oldest first
        (str(ana_id), "visit", "2024-05-01 09:00:00"),
        (str(ana_id), "call", "2024-05-31 14:30:00"),
    ]
    assert rows[2]["duration_s"] == "90" and rows[2]["author"] == "ana" and rows[2]["notes"] == "Ligou; quer proposta"
    assert export_interactions(ctx.db, tmp_path / "i.xlsx", LeadQuery(stages=("won",))) == 1
    values = list(load_workbook(tmp_path / "i.xlsx").active.iter_rows(values_only=True))
    assert values[1][2:4] == ("note", datetime(2024, 6, 1, 10, 0))
    assert values[1][6] == "=HYPERLINK(1)"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_into_an_empty_workspace(ctx, empty_ctx, tmp_path, suffix):
    ids = sample(ctx)
    path = tmp_path / f"leads{suffix}"
    export_leads(ctx.db, path)
    result = import_file(empty_ctx.db, path, ImportOptions("leads"), actor_id=empty_ctx.user.id)
    assert (result.created, result.errors, result.committed) == (3, [], True)
    assert "id" not in result.mapping
    before = {r.name: r for r in ctx.leads.get_many(ids)}
    after = {r.name: r for r in empty_ctx.leads.get_many(lead_ids(empty_ctx.db, LeadQuery()))}
    assert set(after) == set(before)
    for name, old in before.items():
        new = after[name]
        assert {f: getattr(new, f) for f in COMPARED} == {f: getattr(old, f) for f in COMPARED}, name
        assert abs((new.created_at - old.created_at).total_seconds()) < 1


def test_interactions_round_trip_by_lead_id(ctx, tmp_path):
    ana_id, *_ = sample(ctx)
    path = tmp_path / "i.csv"
    export_interactions(ctx.db, path, LeadQuery(ids=(ana_id,)))
    result = import_file(ctx.db, path, ImportOptions("interactions"), actor_id=ctx.user.id)
    assert (result.created, result.skipped_duplicates, result.errors) == (0, 2, [])  # already there: not doubled
    result = import_file(ctx.db, path, ImportOptions("interactions", duplicates="keep"), actor_id=ctx.user.id)
    assert (result.created, result.errors) == (2, [])
    kinds = sorted(i.kind for i in ctx.interactions.timeline(ana_id))
    assert kinds == ["call", "call", "visit", "visit"]
    assert ctx.leads.get(ana_id).last_interaction_at == datetime(2024, 5, 31, 14, 30, tzinfo=UTC)


def test_bad_targets_are_clear_errors(ctx, tmp_path):
    with pytest.raises(ExportFileError, match=r"leads\.pdf: cannot export to \.pdf"):
        export_leads(ctx.db, tmp_path / "leads.pdf")
    with pytest.raises(ExportFileError, match="the folder does not exist"):
        export_leads(ctx.db, tmp_path / "missing" / "leads.csv")


def test_cancel_leaves_no_file(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK", 1)
    sample(ctx)
    progress = Progress(lambda done, _total, _label: progress.cancel() if done >= 1 else None)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        export_leads(ctx.db, folder / "leads.csv", progress=progress)
    assert list(folder.iterdir()) == []


def test_export_streams_in_chunks(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK", 2)
    for i in range(5):
        ctx.leads.create({"name": f"Lead {i}", "custom": {f"k{i}": str(i)}})
    progress = Progress()
    assert export_leads(ctx.db, tmp_path / "l.csv", progress=progress) == 5
    assert (progress.done, progress.total) == (5, 5)
    rows = read_csv(tmp_path / "l.csv")
    assert [r["name"] for r in rows] == [f"Lead {i}" for i in range(5)]
    assert [r[f"k{i}"] for i, r in enumerate(rows)] == [str(i) for i in range(5)]


def test_xlsx_refuses_more_rows_than_excel_holds(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "XLSX_MAX_ROWS", 2)
    for name in ("A", "B", "C"):
        ctx.leads.create({"name": name})
    with pytest.raises(ExportFileError, match=r"leads\.xlsx: an Excel sheet holds at most 2 rows; export this many as \.csv"):
        export_leads(ctx.db, tmp_path / "leads.xlsx")
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".*partial")) == []
    assert export_leads(ctx.db, tmp_path / "leads.csv") == 3
