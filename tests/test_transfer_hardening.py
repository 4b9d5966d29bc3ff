"""Issue 20 for import and export: CSV injection, output files checked before any write and never
left half-written, short write locks, and files that are refused rather than mangled."""

from __future__ import annotations

import csv
import errno
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.cli import main
from app.db.models import Interaction, Lead, StageChange
from app.progress import Cancelled, Progress
from app.services.leads.search import LeadQuery, lead_ids
from app.services.transfer import importing
from app.services.transfer.cells import guard_cell, unguard_cell
from app.services.transfer.exporting import ExportFileError, export_interactions, export_leads
from app.services.transfer.importing import ImportOptions, RowError, import_file, write_report
from app.services.transfer.outputs import OutputFileError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_ctx(request, tmp_path, backend):
    """A second, empty workspace on the same backend, opened by the same user."""
    from app.config import Settings
    from app.context import open_context

    home = tmp_path / "other"
    if backend == "sqlite":
        url = f"sqlite:///{home / 'other.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_cluster").create_database(f"other_{tmp_path.name[-20:].lower()}")
    context = open_context(Settings(home=home, database_url=url), username="ana")
    yield context
    context.close()


def lead_count(ctx) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Lead)) or 0)


def raw_cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def run(ctx, path: Path, kind: str = "leads", **options):
    return import_file(ctx.db, path, ImportOptions(kind=kind, **options), actor_id=ctx.user.id)


# --- CSV injection (item 2) ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+SUM(A1)", "'+SUM(A1)"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-", "'-"),
    ("'=1", "''=1"),  # an apostrophe of its own survives the round trip
    ("''+x", "'''+x"),
    # numbers and E.164 phones stay as they are
    ("+5511987654321", "+5511987654321"),
    ("-12,50", "-12,50"),
    ("-12.5", "-12.5"),
    ("+3", "+3"),
    ("-1e+20", "-1e+20"),
    ("-1.234.567,89", "-1.234.567,89"),
    # nothing to guard
    ("Ana", "Ana"), ("", ""), ("'s-Hertogenbosch", "'s-Hertogenbosch"), ("'", "'"), ("1+1", "1+1"),
])
def test_guard_cell_follows_owasp_but_spares_numbers_and_phones(value, cell):
    assert guard_cell(value) == cell
    assert unguard_cell(cell) == value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@\t\r'a1.,e "), max_size=8) | st.text(max_size=12))
def test_guard_round_trips_and_never_starts_a_formula(value):
    cell = guard_cell(value)
    assert unguard_cell(cell) == value
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert cell[0] in "+-" and set(cell[1:]) <= set("0123456789.,eE+-")  # only a number goes unguarded


NASTY = {
    "=HYPERLINK(\"http://x\",\"click\")": "+SUM(1)",
    "-2+3 Ltda": "@SUM(A1)",
    "'=already quoted": "-Tab Co",
}


def _nasty_leads(ctx) -> None:
    for name, company in NASTY.items():
        ctx.leads.create({"name": name, "company": company, "phone": "+5511987654321" if name.startswith("-") else None,
                          "custom": {"saldo": "-12,50", "formula": "=1+1"}})


def test_csv_lead_export_guards_text_and_imports_back_exactly(ctx, empty_ctx, tmp_path):
    _nasty_leads(ctx)
    path = tmp_path / "leads.csv"
    assert export_leads(ctx.db, path) == 3
    rows = raw_cells(path)
    header = rows[0]
    cells = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    by_name = {c["name"]: c for c in cells}
    assert set(by_name) == {"'=HYPERLINK(\"http://x\",\"click\")", "'-2+3 Ltda", "''=already quoted"}
    assert by_name["'-2+3 Ltda"]["company"] == "'@SUM(A1)"
    assert by_name["'-2+3 Ltda"]["phone"] == "+5511987654321"
    assert {c["saldo"] for c in cells} == {"-12,50"} and {c["formula"] for c in cells} == {"'=1+1"}
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "@", "\t", "\r") and not (cell[:1] in ("+", "-") and not cell[1:2].isdigit())

    result = import_file(empty_ctx.db, path, ImportOptions("leads"), actor_id=empty_ctx.user.id)
    assert (result.created, result.errors) == (3, [])
    after = {lead.name: lead for lead in empty_ctx.leads.get_many(lead_ids(empty_ctx.db, LeadQuery()))}
    assert {name: after[name].company for name in NASTY} == NASTY
    assert {name: after[name].custom for name in NASTY} == {name: {"saldo": "-12,50", "formula": "=1+1"} for name in NASTY}
    assert after["-2+3 Ltda"].phone == "+5511987654321"


def test_csv_header_of_a_custom_field_is_guarded_and_read_back(ctx, empty_ctx, tmp_path):
    ctx.leads.create({"name": "Ana", "custom": {"=x": "1"}})
    path = tmp_path / "leads.csv"
    export_leads(ctx.db, path)
    assert "'=x" in raw_cells(path)[0]
    import_file(empty_ctx.db, path, ImportOptions("leads"), actor_id=empty_ctx.user.id)
    (lead,) = empty_ctx.leads.get_many(lead_ids(empty_ctx.db, LeadQuery()))
    assert lead.custom == {"=x": "1"}


def test_csv_interaction_export_guards_notes_and_reimports_as_the_same_rows(ctx, tmp_path):
    lead = ctx.leads.create({"name": "Ana"})
    for notes in ("=HYPERLINK(1)", "-5 dias de prazo", "@todos", "'=já protegido"):
        ctx.interactions.create({"lead_id": lead.id, "kind": "note", "occurred_at": "2024-05-31 14:30", "notes": notes})
    path = tmp_path / "i.csv"
    assert export_interactions(ctx.db, path) == 4
    notes = {row[6] for row in raw_cells(path)[1:]}
    assert notes == {"'-5 dias de prazo", "'=HYPERLINK(1)", "'@todos", "''=já protegido"}
    result = run(ctx, path, "interactions")
    assert (result.created, result.skipped_duplicates, result.errors) == (0, 4, [])  # the same notes, exactly


def test_error_report_guards_what_came_from_the_file(tmp_path):
    path = tmp_path / "r.csv"
    write_report([RowError(2, "=Nome", "'=cmd' is not an e-mail address"), RowError(3, "+x", "-1 is negative")], path)
    assert raw_cells(path) == [["row", "column", "reason"], ["2", "'=Nome", "''=cmd' is not an e-mail address"],
                               ["3", "'+x", "'-1 is negative"]]


def test_import_strips_the_guard_only_from_csv(ctx, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nome", "Empresa"])
    book.active.append(["Ana", "'=kept"])
    book.save(tmp_path / "l.xlsx")
    (tmp_path / "l.csv").write_text("Nome,Empresa\nBia,'=stripped\n", encoding="utf-8")
    run(ctx, tmp_path / "l.xlsx")
    run(ctx, tmp_path / "l.csv")
    companies = {lead.name: lead.company for lead in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery()))}
    assert companies == {"Ana": "'=kept", "Bia": "=stripped"}


# --- output files (item 4) -----------------------------------------------------------------------

def test_a_failed_export_leaves_the_folder_as_it_was(ctx, tmp_path, monkeypatch):
    from app.services.transfer import exporting

    ctx.leads.create({"name": "Ana"})
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "leads.csv").write_text("old", encoding="utf-8")

    def broken(*_args):
        yield ["1", "Ana"]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporting, "_lead_rows", broken)
    with pytest.raises(ExportFileError, match="the disk is full"):
        export_leads(ctx.db, folder / "leads.csv")
    assert [p.name for p in folder.iterdir()] == ["leads.csv"]
    assert (folder / "leads.csv").read_text(encoding="utf-8") == "old"


KILLED = """
import os, signal, sys
from app.services.transfer.outputs import atomic_output
with atomic_output(sys.argv[1], text=True) as handle:
    handle.write("name\\n" * 100_000)
    handle.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_killed_export_leaves_no_file_behind(ctx, tmp_path, anonymous):
    folder = tmp_path / "out"
    folder.mkdir()
    script = KILLED if anonymous else KILLED.replace(
        "from app.services", "import app.services.transfer.outputs as o; o._anonymous = lambda folder: None\nfrom app.services")
    done = subprocess.run([sys.executable, "-c", script, str(folder / "leads.csv")], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    if anonymous:
        assert list(folder.iterdir()) == []  # written under no name: nothing can be left behind
        return
    # The portable way can only name its partial file (hidden, with the process id); the next write there sweeps it.
    assert [p.name.startswith(".leads.csv.") and p.name.endswith(".partial") for p in folder.iterdir()] == [True]
    ctx.leads.create({"name": "Ana"})
    export_leads(ctx.db, folder / "leads.csv")
    assert [p.name for p in folder.iterdir()] == ["leads.csv"]


@pytest.mark.parametrize("target", ["folder", "same"])
def test_report_path_that_cannot_be_written_is_refused_before_the_import(ctx, tmp_path, capsys, target):
    path = tmp_path / "c.csv"
    path.write_text("Nome\nAna\n,\nBia\n", encoding="utf-8")
    report = tmp_path if target == "folder" else path
    assert main(["import", "leads", str(path), "--valid-only", "--report", str(report)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and ("is a folder" in err or "is the file being imported" in err)
    assert lead_count(ctx) == 0 and path.read_text(encoding="utf-8") == "Nome\nAna\n,\nBia\n"


def test_a_report_that_fails_to_write_leaves_the_database_as_it_was(ctx, tmp_path, capsys, monkeypatch):
    path = tmp_path / "c.csv"
    path.write_text("Nome,E-mail\nAna,ana@x.com\nBia,bia@\n", encoding="utf-8")
    real = importing.atomic_output

    def full_disk(target, **kwargs):
        if Path(target).name == "r.csv":
            raise OutputFileError(f"{target}: cannot be written: the disk is full")
        return real(target, **kwargs)

    monkeypatch.setattr(importing, "atomic_output", full_disk)
    assert main(["import", "leads", str(path), "--valid-only", "--report", str(tmp_path / "r.csv")]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert lead_count(ctx) == 0  # before: Ana was committed, then the command ended with exit 1
    monkeypatch.setattr(importing, "atomic_output", real)
    assert main(["import", "leads", str(path), "--valid-only", "--report", str(tmp_path / "r.csv")]) == 0
    assert lead_count(ctx) == 1 and raw_cells(tmp_path / "r.csv")[1][:2] == ["3", "E-mail"]


def test_export_to_a_folder_or_a_missing_folder_is_refused(ctx, tmp_path):
    (tmp_path / "x.csv").mkdir()
    with pytest.raises(ExportFileError, match="is a folder"):
        export_leads(ctx.db, tmp_path / "x.csv")
    with pytest.raises(ExportFileError, match="the folder does not exist"):
        export_interactions(ctx.db, tmp_path / "nope" / "i.xlsx")


def test_export_files_are_readable_by_others_as_before(ctx, tmp_path):
    ctx.leads.create({"name": "Ana"})
    export_leads(ctx.db, tmp_path / "l.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "l.csv").stat().st_mode & 0o777 == 0o666 & ~umask


# --- short write locks (item 5) ------------------------------------------------------------------

def _write_without_waiting(ctx, lead_id: int) -> None:
    """Another program's edit that does not wait for the lock at all (SQLite), or a plain edit (PostgreSQL)."""
    if ctx.db.dialect == "sqlite":
        conn = sqlite3.connect(ctx.db.url.removeprefix("sqlite:///"), timeout=0)
        try:
            conn.execute("UPDATE leads SET company = 'Editada' WHERE id = ?", (lead_id,))
            conn.commit()
        finally:
            conn.close()
    else:
        ctx.leads.update(lead_id, {"company": "Editada"})


def _midway(action):
    """A progress listener that runs `action` once, after the first chunk of the first pass over the file."""
    calls: list[int] = []

    def listener(done: int, _total: int, _label: str) -> None:
        if done and not calls:
            calls.append(done)
            action()

    return Progress(listener), calls


def test_other_writers_can_write_while_the_file_is_checked(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    other = ctx.leads.create({"name": "Outra"})
    path = tmp_path / "l.csv"
    path.write_text("Nome,E-mail,Tags\n" + "".join(f"Lead {i},l{i}@x.com,vip\n" for i in range(7)), encoding="utf-8")
    progress, calls = _midway(lambda: _write_without_waiting(ctx, other.id))
    result = import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id, progress=progress)
    assert calls == [2]  # before: "database is locked" here, the import holding the lock since its first chunk
    assert (result.created, result.committed) == (7, True)
    assert ctx.leads.get(other.id).company == "Editada"
    leads = ctx.leads.get_many(lead_ids(ctx.db, LeadQuery(text="Lead")))
    assert len(leads) == 7 and all(list(lead.tags) == ["vip"] for lead in leads)
    with ctx.db.session() as session:
        history = session.execute(select(StageChange.lead_id, StageChange.to_stage)).all()
    imported = {lead.id for lead in leads}
    assert sorted((i, stage) for i, stage in history if i in imported) == sorted((i, "new") for i in imported)


def test_a_lead_deleted_while_the_file_is_checked_gets_no_orphan_rows(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 1)
    ana, bia = ctx.leads.create({"name": "Ana"}), ctx.leads.create({"name": "Bia"})
    path = tmp_path / "i.csv"
    path.write_text(f"lead_id,kind,occurred_at\n{ana.id},call,2024-05-01 10:00\n{bia.id},call,2024-05-02 10:00\n",
                    encoding="utf-8")
    progress, _calls = _midway(lambda: ctx.leads.delete(bia.id))
    result = import_file(ctx.db, path, ImportOptions("interactions", valid_only=True), actor_id=ctx.user.id,
                         progress=progress)
    assert (result.created, result.committed, [(e.row, e.column) for e in result.errors]) == (1, True, [(3, "lead_id")])
    with ctx.db.session() as session:
        assert session.scalars(select(Interaction.lead_id)).all() == [ana.id]


def test_a_lead_added_meanwhile_with_a_new_leads_email_is_not_doubled(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 1)
    path = tmp_path / "l.csv"
    path.write_text("Nome,E-mail\nAna,ana@x.com\nBia,bia@x.com\n", encoding="utf-8")
    progress, _calls = _midway(lambda: ctx.leads.create({"name": "Bia (rep)", "email": "BIA@x.com"}))
    result = import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id, progress=progress)
    assert (result.created, result.skipped_duplicates, result.committed) == (1, 1, True)
    assert sorted(lead.name for lead in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery()))) == ["Ana", "Bia (rep)"]


def test_an_update_import_applies_its_changes_in_the_final_write(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 1)
    ana = ctx.leads.create({"name": "Ana", "email": "ana@x.com", "tags": "a"})
    path = tmp_path / "l.csv"
    path.write_text("Nome,E-mail,Cidade,Tags,Etapa\nAna S,ana@x.com,Recife,b,ganho\nNova,nova@x.com,Natal,,\n"
                    "Nova N,nova@x.com,Natal,c,\n", encoding="utf-8")
    result = run(ctx, path, duplicates="update")
    assert (result.created, result.updated, result.errors) == (1, 2, [])
    lead = ctx.leads.get(ana.id)
    assert (lead.name, lead.city, list(lead.tags), lead.stage) == ("Ana S", "Recife", ["a", "b"], "won")
    (nova,) = [x for x in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery(text="nova"))) if x.email == "nova@x.com"]
    assert (nova.name, list(nova.tags)) == ("Nova N", ["c"])


def test_the_staging_tables_are_gone_after_an_import(ctx, tmp_path, monkeypatch):
    path = tmp_path / "l.csv"
    path.write_text("Nome\nAna\n", encoding="utf-8")
    run(ctx, path)
    with pytest.raises(Cancelled):
        progress = Progress()
        progress.cancel()
        import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id, progress=progress)
    with ctx.db.engine.connect() as conn:
        if ctx.db.dialect == "sqlite":
            names = conn.exec_driver_sql("SELECT name FROM sqlite_temp_master").scalars().all()
        else:
            names = conn.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname LIKE 'pg_temp%%'").scalars().all()
    assert [n for n in names if n.startswith("aic_import_")] == []
    assert lead_count(ctx) == 1


# --- files refused rather than mangled (item 10) -------------------------------------------------

def test_a_utf8_file_with_one_latin1_row_reads_every_row_as_written(ctx, tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes("Nome,Cidade\nJoão,São Paulo\nAna,Maceió\n".encode() + "José,Três Rios\n".encode("cp1252")
                     + "Bia,Brasília\n".encode())
    result = run(ctx, path)
    assert (result.created, result.errors) == (4, [])
    cities = {lead.name: lead.city for lead in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery()))}
    assert cities == {"João": "São Paulo", "Ana": "Maceió", "José": "Três Rios", "Bia": "Brasília"}  # no "SÃ£o"


def test_a_whole_latin1_file_is_still_read_as_latin1(ctx, tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes("Nome,Cidade\nJosé,Três Rios\nJoão,São Paulo\n".encode("cp1252"))
    run(ctx, path)
    assert sorted(lead.city for lead in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery()))) == ["São Paulo", "Três Rios"]


UNCLOSED = 'Nome,Empresa,Cidade\nAna,Padaria,Recife\nBia,"Rua A, 10,Natal\nCaio,Mercado,Rio\nDora,Loja,Belém\n'


def test_an_unclosed_quote_that_swallows_rows_is_refused_with_its_row(ctx, tmp_path, capsys):
    path = tmp_path / "l.csv"
    path.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(importing.ImportFileError, match="row 3 opens a quote in column B that is not closed"):
        run(ctx, path, valid_only=True)  # before: Bia imported with the next two rows as her company, exit 0
    assert main(["import", "leads", str(path), "--valid-only"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "row 3" in err and "the 2 lines after it" in err
    assert lead_count(ctx) == 0


def test_values_over_several_lines_still_import(ctx, tmp_path):
    lead = ctx.leads.create({"name": "Ana"})
    path = tmp_path / "i.csv"
    path.write_text(f'lead_id,kind,occurred_at,notes\n{lead.id},note,2024-01-01,"Ligou, pediu:\nproposta, prazo, preço"\n'
                    f'{lead.id},sms_out,2024-01-02,"Olá!\tTudo bem?"\n', encoding="utf-8")
    result = run(ctx, path, "interactions")
    assert (result.created, result.errors) == (2, [])


def test_absurd_sizes_are_row_errors_that_do_not_quote_the_value(ctx, tmp_path):
    path = tmp_path / "l.csv"
    huge_email = "a" * (5 * 1024 * 1024) + "@x.com"
    path.write_text(f"Nome,E-mail,Empresa\n{'N' * 100_000},ana@x.com,X\nBia,{huge_email},Y\nCaio,caio@x.com,Z\n",
                    encoding="utf-8")
    result = run(ctx, path, valid_only=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Nome"), (3, "E-mail")]
    assert result.errors[0].reason == "is longer than 200 characters (100000 characters)"
    assert result.errors[1].reason == f"is longer than 320 characters ({len(huge_email)} characters)"
    assert result.created == 1 and [lead.name for lead in ctx.leads.get_many(lead_ids(ctx.db, LeadQuery()))] == ["Caio"]


def test_a_huge_custom_value_is_refused(ctx, tmp_path):
    path = tmp_path / "l.csv"
    path.write_text(f"Nome,custom.obs\nAna,{'x' * 30_000}\n", encoding="utf-8")
    result = run(ctx, path)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "custom.obs", "is longer than 20000 characters (30000 characters)")]


@pytest.mark.parametrize(("kind", "header", "row", "column", "code"), [
    ("leads", "Nome,Cidade", "Ana\x07 Souza,Recife", "Nome", "U+0007"),
    ("leads", "Nome,Empresa", "Ana,Padaria\x1b[31m", "Empresa", "U+001B"),
    ("leads", "Nome,Empresa", "Ana\nSouza,Padaria", "Nome", "U+000A"),  # a line break inside a one-line field
    ("leads", "Nome,Empresa", "Ana\u2028Souza,Padaria", "Nome", "U+2028"),
    ("leads", "Nome,Empresa", "An\x85a,Padaria", "Nome", "U+0085"),
    ("interactions", "lead_id,kind,occurred_at,notes", "{lead},sms_out,2024-01-01,Oi\x08\x08\x08 tchau", "notes", "U+0008"),
])
def test_control_characters_in_names_and_sms_bodies_are_refused(ctx, tmp_path, kind, header, row, column, code):
    lead = ctx.leads.create({"name": "Existing"})
    path = tmp_path / "f.csv"
    quoted = '"' + row.split(",", 1)[0] + '",' + row.split(",", 1)[1] if "\n" in row else row
    path.write_text(f"{header}\n{quoted.format(lead=lead.id)}\n", encoding="utf-8")
    result = run(ctx, path, kind)
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert code in result.errors[0].reason and not result.committed


# --- writers wait politely (item 5) --------------------------------------------------------------

def test_a_writer_waits_for_another_writer_and_is_told_so(tmp_path):
    from app.db.engine import Database, add_wait_listener

    path = tmp_path / "w.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's long write, e.g. an import's final transaction
    holder.execute("INSERT INTO t VALUES (1)")
    told: list[str] = []

    def finish_the_other_write(message: str) -> None:
        told.append(message)
        holder.execute("COMMIT")

    remove = add_wait_listener(finish_the_other_write)
    try:
        with db.engine.begin() as conn:  # before: 30 s of silence, then "database is locked"
            conn.exec_driver_sql("INSERT INTO t VALUES (2)")
    finally:
        remove()
        holder.close()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 2
    assert told and "waiting for another program to finish writing" in told[0] and len(told) == 1
    db.dispose()


def test_a_waiting_writer_without_listeners_logs_one_warning(tmp_path, caplog, monkeypatch):
    from app.db import engine

    path = tmp_path / "w.sqlite3"
    db = engine.Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(engine, "WRITE_PATIENCE_S", 0.0)  # give up after the first second
    with pytest.raises(Exception, match="database is locked"), db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (2)")
    holder.close()
    assert [r.getMessage() for r in caplog.records if r.name == "app.db.engine"] == [
        "waiting for another program to finish writing to the workspace (an import?); it goes on by itself"]
    db.dispose()


# --- neighbours ----------------------------------------------------------------------------------

def test_xlsx_header_of_a_custom_field_is_never_a_formula(ctx, tmp_path):
    from openpyxl import load_workbook

    ctx.leads.create({"name": "Ana", "custom": {"=SUM(1)": "x"}})
    export_leads(ctx.db, tmp_path / "l.xlsx")
    sheet = load_workbook(tmp_path / "l.xlsx").active
    header = next(sheet.iter_rows(min_row=1, max_row=1))
    (cell,) = [c for c in header if c.value == "=SUM(1)"]
    assert cell.data_type == "s"  # before: a formula in the header row


@pytest.mark.parametrize(("name", "content", "message"), [
    ("cut.csv.gz", "gzip", "cut.csv.gz: the compressed file is damaged or cut short"),
    ("u16.csv", "Nome,Cidade\nAna,Recife\n".encode("utf-16") + b"\x00\xd8A\x00\n\x00", "is not valid utf-16 text"),
    ("h.csv", ("Nome," + "x" * 300 + "\nAna,1\n").encode(), "the name of column B is not a column name"),
    ("c.csv", b"Nome,Cid\x07ade\n" + b"Ana Souza,Recife\n" * 20, "the name of column B is not a column name"),
])
def test_broken_files_exit_2_with_one_line(ctx, tmp_path, capsys, name, content, message):
    import gzip

    if content == "gzip":
        data = gzip.compress(("Nome,Cidade\n" + "Ana,Recife\n" * 50_000).encode())
        content = data[: len(data) // 2]
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", "leads", str(path)]) == 2  # before: EOFError / UnicodeDecodeError, exit 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert lead_count(ctx) == 0


def test_a_cancel_during_the_final_write_leaves_the_workspace_as_it_was(ctx, tmp_path, monkeypatch):
    path = tmp_path / "l.csv"
    path.write_text("Nome\nAna\nBia\n", encoding="utf-8")
    progress = Progress()
    real = importing._LeadImport.write

    def write_then_cancel(self):
        real(self)
        progress.cancel()  # the user presses Cancel while the rows go in

    monkeypatch.setattr(importing._LeadImport, "write", write_then_cancel)
    with pytest.raises(Cancelled):
        import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id, progress=progress)
    assert lead_count(ctx) == 0
