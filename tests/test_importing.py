"""Importing leads, interactions and purchases: reading, mapping, validation, de-duplication, speed paths."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.db.models import AuditEntry, CustomField, Interaction, Lead, Purchase, StageChange, Tag, User, lead_tags
from app.progress import Cancelled, Progress
from app.services.leads.audit import history
from app.services.leads.custom_fields import CustomFields
from app.services.leads.search import LeadQuery, lead_ids
from app.services.transfer import importing
from app.services.transfer.importing import (
    ImportFileError,
    ImportOptions,
    MappingError,
    RowError,
    detect_mapping,
    import_file,
    read_table,
    resolve_mapping,
    target_fields,
    write_report,
)
from app.services.workspace.users import ensure_user

DATA = Path(__file__).parent / "data"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def run(ctx, path: Path, kind: str = "leads", **options):
    return import_file(ctx.db, path, ImportOptions(kind=kind, **options), actor_id=ctx.user.id)


def counts(ctx) -> dict[str, int]:
    tables = {"leads": Lead, "interactions": Interaction, "purchases": Purchase, "stages": StageChange,
              "audit": AuditEntry, "tags": Tag, "custom_fields": CustomField}
    with ctx.db.session() as session:
        out = {name: session.scalar(select(func.count()).select_from(model)) for name, model in tables.items()}
        out["lead_tags"] = session.scalar(select(func.count()).select_from(lead_tags))
    return out


def leads_by_name(ctx) -> dict[str, object]:
    with ctx.db.session() as session:
        ids = list(session.scalars(select(Lead.id).where(Lead.deleted_at.is_(None))))
    return {lead.name: lead for lead in ctx.leads.get_many(ids)}


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter_is_sniffed(tmp_path, delimiter):
    text = delimiter.join(["Nome", "Empresa", "Cidade"]) + "\n" + delimiter.join(["Ana", "ACME, Ltda", "Recife"]) + "\n"
    text = text.replace("ACME, Ltda", '"ACME, Ltda"') if delimiter == "," else text
    table = read_table(write(tmp_path, "x.csv", text))
    assert table.headers == ["Nome", "Empresa", "Cidade"]
    assert list(table.rows) == [["Ana", "ACME, Ltda", "Recife"]]
    assert table.delimiter == delimiter


def test_utf8_with_bom_and_crlf(tmp_path):
    path = write(tmp_path, "bom.csv", "\ufeffNome,Cidade\r\nJoão,São Paulo\r\n")
    table = read_table(path)
    assert table.headers == ["Nome", "Cidade"]
    assert list(table.rows) == [["João", "São Paulo"]]


def test_windows_1252_semicolons_quoted_newline_and_blank_line_numbers():
    table = read_table(DATA / "contatos_cp1252.csv")
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert table.headers[-1] == "Observações"
    rows = list(table.numbered())
    assert [number for number, _ in rows] == [2, 4]  # the blank line is row 3 in a spreadsheet
    assert rows[0][1][0] == "João Ávila"
    assert rows[0][1][-1] == "Cliente antigo;\r\nprefere WhatsApp"
    assert rows[1][1][4] == "Niterói"


def test_latin1_bytes_outside_cp1252(tmp_path):
    path = tmp_path / "l1.csv"
    path.write_bytes("Nome,Nota\nJosé,x\x81y\n".encode("latin-1"))
    table = read_table(path)
    assert table.encoding == "latin-1"
    assert list(table.rows) == [["José", "x\x81y"]]


def test_utf16_from_excel_unicode_text(tmp_path):
    path = tmp_path / "excel.txt"
    path.write_bytes("Nome\tCidade\r\nJoão\tBelém\r\n".encode("utf-16"))
    assert list(read_table(path).rows) == [["João", "Belém"]]


def test_gzipped_csv(tmp_path):
    import gzip

    path = tmp_path / "retail.csv.gz"
    path.write_bytes(gzip.compress("InvoiceNo;CustomerID\r\n536365;17850.0\r\n".encode("cp1252")))
    table = read_table(path)
    assert (table.headers, list(table.rows), table.source) == (["InvoiceNo", "CustomerID"], [["536365", "17850.0"]],
                                                               "retail.csv.gz")
    (tmp_path / "x.json.gz").write_bytes(gzip.compress(b"{}"))
    with pytest.raises(ImportFileError, match=r"cannot import \.gz"):
        read_table(tmp_path / "x.json.gz")


def test_trailing_delimiters_make_no_column_and_short_rows_are_padded(tmp_path):
    table = read_table(write(tmp_path, "t.csv", "a,b,\r\n1,2,\r\n3\r\n"))
    assert table.headers == ["a", "b"]
    assert list(table.rows) == [["1", "2"], ["3", ""]]


def test_rows_stream_again_on_every_iteration(tmp_path):
    table = read_table(write(tmp_path, "t.csv", "a\n1\n2\n3\n"))
    assert table.preview(2) == [["1"], ["2"]] == table.rows[:2]
    assert table.rows[2] == ["3"]
    with pytest.raises(IndexError):
        table.rows[3]
    assert list(table.rows) == list(table.rows) == [["1"], ["2"], ["3"]]
    assert table.estimated_rows == 3


def _xlsx(path: Path, rows: list[list[object]], title: str = "Leads", extra_sheet: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = book.create_sheet("Outra")
        other.append(["Nome", "Telefone"])
        other.append(["Bia", 5511912345678])
    book.save(path)
    return path


def test_xlsx_values_become_text_a_person_would_type(tmp_path):
    path = _xlsx(tmp_path / "l.xlsx", [
        ["Nome", "Telefone", "CEP", "Valor", "Quando", "Dia", "Ativo"],
        ["Ana", 5511987654321, 1310100, 1234.5, datetime(2024, 5, 31, 14, 30), datetime(2024, 6, 1), True],
        [None, None, None, None, None, None, None],
        ["Bruno", "+55 21 99876-5432", "01310-100", 10, None, None, False],
    ])
    table = read_table(path)
    assert table.sheet == "Leads"
    rows = list(table.numbered())
    assert rows[0] == (2, ["Ana", "5511987654321", "1310100", "1234.5", "2024-05-31 14:30:00", "2024-06-01", "true"])
    assert rows[1][0] == 4  # the empty row 3 is skipped but counted
    assert rows[1][1][:4] == ["Bruno", "+55 21 99876-5432", "01310-100", "10"]


def test_xlsx_sheet_by_name(tmp_path):
    path = _xlsx(tmp_path / "l.xlsx", [["Nome"], ["Ana"]], extra_sheet=True)
    assert list(read_table(path, sheet="Outra").rows) == [["Bia", "5511912345678"]]
    with pytest.raises(ImportFileError, match=r"l\.xlsx: has no sheet 'Nope' \(sheets: Leads, Outra\)"):
        read_table(path, sheet="Nope")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "the file is empty"),
    ("blank.csv", b"\r\n\r\n  \r\n", "the file is empty"),
    ("header.csv", b"Nome,Email\r\n", "has a header row but no data rows"),
    ("dup.csv", b"Nome,Email,Nome\r\nA,b,c\r\n", "the column 'Nome' appears twice (columns A and C)"),
    ("binary.csv", bytes(range(256)) * 4, "is not a text file"),
    ("zip.csv", b"PK\x03\x04" + b"\x00" * 100, "save it with the .xlsx extension"),
    ("notes.pdf", b"%PDF-1.4", "cannot import .pdf"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "old Excel .xls files cannot be read"),
    ("fake.xlsx", b"Nome,Email\r\n", "is not a readable Excel .xlsx file"),
])
def test_unreadable_files_are_named_with_the_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as err:
        read_table(path)
    assert name in str(err.value)
    assert message in str(err.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFileError, match=r"nope\.csv: the file does not exist"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="is a folder, not a file"):
        read_table(tmp_path)


# --- mapping -----------------------------------------------------------------------------------


def test_mapping_detected_from_portuguese_headers():
    headers = ["Nome Completo", "Empresa", "Celular", "E-mail", "Cidade", "UF", "CEP", "Endereço", "País",
               "Origem", "Estágio", "Responsável", "Etiquetas", "Consentimento SMS", "ID Externo", "Observações"]
    assert detect_mapping("leads", headers) == {
        "Nome Completo": "name", "Empresa": "company", "Celular": "phone", "E-mail": "email", "Cidade": "city",
        "UF": "state", "CEP": "postal_code", "Endereço": "address", "País": "country", "Origem": "source",
        "Estágio": "stage", "Responsável": "owner", "Etiquetas": "tags", "Consentimento SMS": "sms_consent",
        "ID Externo": "external_id",
    }


def test_mapping_detected_from_english_headers_any_case_and_spacing():
    headers = ["FULL NAME", "company", " Mobile ", "Email", "Postal Code", "Lead Source", "owner", "SMS consent",
               "Prospect ID", "Organização", "Zip"]
    mapping = detect_mapping("leads", headers)
    assert mapping == {"FULL NAME": "name", "company": "company", " Mobile ": "phone", "Email": "email",
                       "Postal Code": "postal_code", "Lead Source": "source", "owner": "owner",
                       "SMS consent": "sms_consent", "Prospect ID": "external_id"}  # each field once: first wins


def test_interaction_and_purchase_mappings():
    assert detect_mapping("interactions", ["E-mail", "Tipo", "Data", "Duração", "Resultado", "Notas", "Autor"]) == {
        "E-mail": "lead_email", "Tipo": "kind", "Data": "occurred_at", "Duração": "duration_s",
        "Resultado": "outcome", "Notas": "notes", "Autor": "author"}
    retail = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
    assert detect_mapping("purchases", retail) == {
        "InvoiceNo": "invoice", "StockCode": "item", "Description": "description", "Quantity": "quantity",
        "InvoiceDate": "time", "UnitPrice": "unit_price", "CustomerID": "customer"}


def test_custom_headers_and_target_fields():
    assert detect_mapping("leads", ["Nome", "custom.Plano"]) == {"Nome": "name", "custom.Plano": "custom.Plano"}
    assert "postal_code" in target_fields("leads")
    assert target_fields("purchases") == ["customer", "item", "description", "quantity", "unit_price", "time", "invoice"]
    with pytest.raises(MappingError):
        target_fields("orders")


@pytest.mark.parametrize(("mapping", "message"), [
    ({"Nome": "nome"}, "unknown leads field 'nome'"),
    ({"Nome": "name", "Fone": "phone"}, "has no column 'Fone'"),
    ({"Nome": "name", "Cel": "phone", "Tel": "phone"}, "columns 'Cel' and 'Tel' both map to phone"),
    ({"Cel": "phone"}, "no column maps to name or first_name or last_name"),
    ({"Nome": "name", "Tel": "custom."}, "needs a custom field name"),
])
def test_bad_mappings_are_refused(mapping, message):
    with pytest.raises(MappingError, match=message.replace("(", r"\(")):
        resolve_mapping("leads", ["Nome", "Cel", "Tel"], mapping)


def test_interactions_need_a_lead_column_kind_and_time():
    with pytest.raises(MappingError, match="no column maps to lead_id or lead_email or lead_phone"):
        resolve_mapping("interactions", ["Tipo", "Data"], None)


# --- leads -------------------------------------------------------------------------------------


def test_leads_import_like_lead_service_create(ctx, tmp_path):
    path = write(tmp_path, "l.csv", "Nome,Empresa,Telefone,E-mail,Cidade,Etapa,Etiquetas,Consentimento SMS\n"
                                    "João Ávila,Pão de Açúcar,(11) 98765-4321,Joao@Padaria.com.br,Recife,qualified,"
                                    "\"vip, varejo\",sim\n")
    result = run(ctx, path)
    assert (result.created, result.committed, result.errors) == (1, True, [])
    made = ctx.leads.create({"name": "João Ávila", "company": "Pão de Açúcar", "phone": "(11) 98765-4321",
                             "email": "joao2@padaria.com.br", "city": "Recife", "stage": "qualified",
                             "tags": "vip, varejo", "sms_consent": "sim"})
    with ctx.db.session() as session:
        imported_id = session.scalar(select(Lead.id).where(Lead.email_norm == "joao@padaria.com.br"))
    imported = ctx.leads.get(imported_id)
    same = ("name", "company", "phone", "city", "stage", "tags", "sms_consent", "owner", "country", "kind", "custom")
    assert {f: getattr(imported, f) for f in same} == {f: getattr(made, f) for f in same}
    assert imported.email == "Joao@Padaria.com.br"
    assert imported.sms_consent_source == "import" and imported.sms_consent_at is not None
    assert lead_ids(ctx.db, LeadQuery(text="acucar")) == sorted([imported.id, made.id])
    assert lead_ids(ctx.db, LeadQuery(text="987654321")) == sorted([imported.id, made.id])
    with ctx.db.session() as session:
        lead = session.get(Lead, imported.id)
        assert lead.email_norm == "joao@padaria.com.br"
        assert lead.stage_changed_at is not None
        changes = session.scalars(select(StageChange).where(StageChange.lead_id == imported.id)).all()
        assert [(c.from_stage, c.to_stage, c.changed_by) for c in changes] == [(None, "qualified", ctx.user.id)]
    audits = history(ctx.db, "import", 0)
    assert len(audits) == 1
    assert audits[0].changes["file"] == [None, "l.csv"] and audits[0].changes["created"] == [None, 1]
    assert history(ctx.db, "lead", imported.id) == []  # one audit row per import, not per lead


def test_custom_fields_and_first_last_names(ctx, tmp_path):
    path = write(tmp_path, "l.csv", "First Name,Last Name,Plano,Convertido\nAna,Lima,Ouro,1\nBeto,,,0\n")
    result = run(ctx, path, mapping={"First Name": "first_name", "Last Name": "last_name",
                                     "Plano": "custom.plano", "Convertido": "custom.converted"})
    assert result.created == 2
    leads = leads_by_name(ctx)
    assert leads["Ana Lima"].custom == {"plano": "Ouro", "converted": "1"}
    assert leads["Beto"].custom == {"converted": "0"}
    with ctx.db.session() as session:
        fields = {f.name: f.label for f in session.scalars(select(CustomField))}
    assert fields == {"plano": "Plano", "converted": "Convertido"}


def test_country_names_and_the_default_country(ctx, tmp_path):
    run(ctx, write(tmp_path, "a.csv", "Nome\nSem coluna\n"))
    run(ctx, write(tmp_path, "b.csv", "Nome,País\nVazio,\nBrasil,Brasil\nÍndia,Índia\nEUA,Estados Unidos\nUK,uk\n"))
    leads = leads_by_name(ctx)
    assert leads["Sem coluna"].country == "BR"  # as LeadService.create_in without a country
    assert leads["Vazio"].country is None  # the file says nothing: unknown, not Brazil
    assert [leads[n].country for n in ("Brasil", "Índia", "EUA", "UK")] == ["BR", "IN", "US", "GB"]


def test_a_very_long_note_is_a_row_error_not_a_broken_file(ctx, tmp_path):
    lead = ctx.leads.create({"name": "Ana"})
    path = write(tmp_path, "i.csv", f"lead_id,kind,occurred_at,notes\n{lead.id},note,2024-01-01,{'x' * 200_000}\n")
    result = run(ctx, path, kind="interactions")
    assert result.errors == [RowError(2, "notes", "is longer than 20000 characters (200000 characters)")]


def test_interactions_from_xlsx_with_date_cells(ctx, tmp_path):
    lead = ctx.leads.create({"name": "Ana", "phone": "+5511987654321"})
    path = _xlsx(tmp_path / "i.xlsx", [["Celular", "Tipo", "Data", "Duração (s)"],
                                       [5511987654321, "Reunião", datetime(2024, 5, 31, 14, 30), 1800]])
    result = run(ctx, path, kind="interactions")
    assert (result.created, result.errors) == (1, [])
    [item] = ctx.interactions.timeline(lead.id)
    assert (item.kind, item.occurred_at, item.duration_s) == ("meeting", datetime(2024, 5, 31, 14, 30, tzinfo=UTC), 1800)


def test_stages_owners_and_kinds_as_people_write_them(ctx, tmp_path):
    bruno = ensure_user(ctx.db, "bruno", "Bruno Lima")
    with ctx.db.transaction() as session:
        session.get(User, bruno.id).email = "bruno@empresa.com.br"
    path = write(tmp_path, "l.csv", "Nome,Etapa,Responsável,Tipo de cadastro\n"
                                    "A,Ganho,Bruno Lima,Cliente\n"
                                    "B,NEGOCIAÇÃO,bruno@empresa.com.br,lead\n"
                                    "C,Qualified,ana,\n"
                                    "D,perdido,BRUNO,Customer\n")
    result = run(ctx, path, mapping={"Nome": "name", "Etapa": "stage", "Responsável": "owner",
                                     "Tipo de cadastro": "kind"})
    assert result.errors == []
    leads = leads_by_name(ctx)
    assert [(leads[n].stage, leads[n].owner, leads[n].kind) for n in "ABCD"] == [
        ("won", "bruno", "customer"), ("negotiation", "bruno", "lead"), ("qualified", "ana", "lead"),
        ("lost", "bruno", "customer")]


def test_typed_custom_fields_are_checked_by_their_definition(ctx, tmp_path):
    fields = CustomFields(ctx.db)
    fields.define("employees", "Funcionários", "number")
    fields.define("renewal", "Renovação", "date")
    path = write(tmp_path, "l.csv", "Nome;Funcionários;Renovação;Notas Livres\n"
                                    "Ana;1.234,5;31/12/2026;x\n"
                                    "Bia;muitos;2026-13-45;y\n")
    mapping = {"Nome": "name", "Funcionários": "custom.employees", "Renovação": "custom.renewal",
               "Notas Livres": "custom.Notas Livres"}
    result = run(ctx, path, mapping=mapping, valid_only=True)
    assert result.created == 1
    assert {(e.row, e.column) for e in result.errors} == {(3, "Funcionários"), (3, "Renovação")}
    assert leads_by_name(ctx)["Ana"].custom == {"employees": 1234.5, "renewal": "2026-12-31", "Notas Livres": "x"}
    assert [d.name for d in fields.definitions()] == ["employees", "renewal"]  # 'Notas Livres' stays undefined text


def test_row_errors_name_the_spreadsheet_row_and_source_column(ctx, tmp_path):
    before = counts(ctx)
    path = write(tmp_path, "l.csv", "Nome,Telefone,Etapa,Responsável\r\n"
                                    "Ana,(11) 98765-4321,new,\r\n"
                                    "\r\n"
                                    "Bia,123,new,\r\n"
                                    ",(21) 99876-5432,fechamento,ninguem\r\n"
                                    "Caio,,,\r\n")
    result = run(ctx, path)
    assert result.committed is False and result.created == 2
    assert result.errors == [
        RowError(4, "Telefone", "'123' is not a valid phone number for BR"),
        RowError(5, "Etapa", "unknown stage 'fechamento' (known: contacted, lost, negotiation, new, proposal, qualified, won)"),
        RowError(5, "Responsável", "unknown user 'ninguem'"),
    ]
    assert result.error_rows == 2
    assert counts(ctx) == before  # all or nothing


def test_missing_name_uses_the_validators_words(ctx, tmp_path):
    result = run(ctx, write(tmp_path, "l.csv", "Nome,Email\n,a@b.com\n"))
    assert result.errors == [RowError(2, "Nome", "is required")]


def test_valid_only_imports_the_good_rows(ctx, tmp_path):
    path = write(tmp_path, "l.csv", "Nome,E-mail\nAna,ana@x.com\nBia,not-an-email\nCaio,caio@x.com\n")
    result = run(ctx, path, valid_only=True)
    assert result.committed and result.created == 2
    assert result.errors == [RowError(3, "E-mail", "'not-an-email' is not an e-mail address")]
    assert set(leads_by_name(ctx)) == {"Ana", "Caio"}


def test_dry_run_counts_everything_and_writes_nothing(ctx, tmp_path):
    ctx.leads.create({"name": "Existing", "email": "dup@x.com"})
    before = counts(ctx)
    path = write(tmp_path, "l.csv", "Nome,E-mail\nAna,ana@x.com\nDup,DUP@x.com\nAna 2,ana@x.com\nBad,bad\n")
    result = run(ctx, path, dry_run=True)
    assert (result.rows_read, result.created, result.skipped_duplicates, len(result.errors)) == (4, 1, 2, 1)
    assert result.dry_run and not result.committed
    assert counts(ctx) == before
    update = run(ctx, path, dry_run=True, duplicates="update", valid_only=True)
    assert (update.created, update.updated, update.committed) == (1, 2, False)
    assert counts(ctx) == before


def test_duplicates_skip_by_phone_email_and_within_the_file(ctx, tmp_path):
    ctx.leads.create({"name": "Old", "phone": "+5511987654321", "email": "old@x.com"})
    path = write(tmp_path, "l.csv", "Nome,Telefone,E-mail\n"
                                    "Same phone,11 98765-4321,\n"
                                    "Same email,,OLD@X.COM\n"
                                    "New,,new@x.com\n"
                                    "New again,,New@X.com\n")
    result = run(ctx, path)
    assert (result.created, result.skipped_duplicates, result.updated) == (1, 3, 0)
    assert set(leads_by_name(ctx)) == {"Old", "New"}


def test_duplicates_update_existing_and_earlier_rows(ctx, tmp_path):
    old = ctx.leads.create({"name": "Old", "email": "old@x.com", "company": "Keep", "tags": "a",
                            "custom": {"plano": "prata", "since": "2020"}})
    path = write(tmp_path, "l.csv", "Nome,E-mail,Etapa,Cidade,Etiquetas,Plano\n"
                                    ",old@x.com,won,Recife,b,ouro\n"
                                    "New,new@x.com,new,,x,\n"
                                    "New,NEW@x.com,,Natal,y,\n")
    result = run(ctx, path, duplicates="update", mapping={"Nome": "name", "E-mail": "email", "Etapa": "stage",
                                                          "Cidade": "city", "Etiquetas": "tags", "Plano": "custom.plano"})
    assert (result.created, result.updated, result.errors) == (1, 2, [])
    updated = ctx.leads.get(old.id)
    assert (updated.name, updated.company, updated.city, updated.stage) == ("Old", "Keep", "Recife", "won")
    assert updated.tags == ("a", "b")
    assert updated.custom == {"plano": "ouro", "since": "2020"}
    assert updated.version == old.version + 1
    assert history(ctx.db, "lead", old.id)[-1].changes["stage"] == ["new", "won"]
    with ctx.db.session() as session:
        stages = session.scalars(select(StageChange.to_stage).where(StageChange.lead_id == old.id)
                                 .order_by(StageChange.id)).all()
    assert stages == ["new", "won"]
    new = leads_by_name(ctx)["New"]
    assert (new.city, new.tags) == ("Natal", ("x", "y"))


def test_duplicates_update_a_lead_created_by_an_earlier_chunk(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    path = write(tmp_path, "l.csv", "Nome,E-mail,Cidade\nA,a@x.com,\nB,b@x.com,\nC,c@x.com,\nA,a@x.com,Recife\n")
    result = run(ctx, path, duplicates="update")
    assert (result.created, result.updated) == (3, 1)
    assert leads_by_name(ctx)["A"].city == "Recife"


def test_duplicates_keep_inserts_anyway(ctx, tmp_path):
    ctx.leads.create({"name": "Old", "email": "old@x.com"})
    result = run(ctx, write(tmp_path, "l.csv", "Nome,E-mail\nOld 2,old@x.com\nOld 3,old@x.com\n"), duplicates="keep")
    assert (result.created, result.skipped_duplicates) == (2, 0)
    assert counts(ctx)["leads"] == 3


def test_deleted_leads_are_not_duplicates(ctx, tmp_path):
    gone = ctx.leads.create({"name": "Gone", "email": "g@x.com"})
    ctx.leads.delete(gone.id)
    assert run(ctx, write(tmp_path, "l.csv", "Nome,E-mail\nBack,g@x.com\n")).created == 1


def test_x_education_quirks(ctx):
    raw = (DATA / "x_education_like.csv").read_bytes()
    assert raw.count(b",\r\n") == 6 and b"Select" in raw  # trailing commas, CRLF and placeholders really are there
    mapping = {"Lead Number": "name", "Prospect ID": "external_id", "Lead Source": "source", "City": "city",
               "Country": "country", "Converted": "custom.converted", "Specialization": "custom.specialization",
               "Tags": "tags"}
    result = run(ctx, DATA / "x_education_like.csv", mapping=mapping)
    assert (result.rows_read, result.created, result.errors) == (5, 5, [])
    leads = leads_by_name(ctx)
    assert leads["700001"].city is None and leads["700001"].custom == {"converted": "0"}  # "Select" is empty
    assert leads["700002"].country == "IN" and leads["700002"].external_id.endswith("0002")
    assert leads["700004"].country == "AE" and leads["700004"].custom["specialization"] == "Media and Advertising"
    assert leads["700005"].country is None and leads["700001"].country is None  # "unknown" is empty
    assert leads["700003"].tags == ("Will revert after reading the email",)
    again = run(ctx, DATA / "x_education_like.csv", mapping=mapping)
    assert (again.created, again.skipped_duplicates) == (0, 5)  # matched by external id


def test_extra_values_past_the_header_are_a_row_error(ctx, tmp_path):
    result = run(ctx, write(tmp_path, "l.csv", "Nome,Cidade\nAna,Recife\nBia,Rio,de Janeiro\n"), valid_only=True)
    assert result.created == 1
    assert result.errors[0].row == 3 and result.errors[0].column == ""
    assert "has 3 values but the header has 2 columns" in result.errors[0].reason


def test_xlsx_import(ctx, tmp_path):
    path = _xlsx(tmp_path / "l.xlsx", [["Nome", "Celular", "Valor"], ["Ana", 5511987654321, 1500.5]],
                 extra_sheet=True)
    assert run(ctx, path).created == 1
    assert leads_by_name(ctx)["Ana"].phone == "+5511987654321"
    assert run(ctx, path, sheet="Outra").created == 1
    assert leads_by_name(ctx)["Bia"].phone == "+5511912345678"


def test_cancel_rolls_everything_back(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 2)
    before = counts(ctx)
    path = write(tmp_path, "l.csv", "Nome\n" + "".join(f"Lead {i}\n" for i in range(10)))
    seen: list[tuple[int, int]] = []
    progress = Progress(lambda done, total, _label: seen.append((done, total)))
    original = progress.advance

    def advance(n: int = 1) -> None:
        if progress.done >= 4:
            progress.cancel()
        original(n)

    progress.advance = advance  # type: ignore[method-assign]
    with pytest.raises(Cancelled):
        import_file(ctx.db, path, ImportOptions("leads"), actor_id=ctx.user.id, progress=progress)
    assert counts(ctx) == before
    assert seen[0] == (0, 10) and seen[-1][0] == 6


def test_progress_reaches_the_row_count(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 3)
    progress = Progress()
    path = write(tmp_path, "l.csv", "Nome\n" + "".join(f"Lead {i}\n" for i in range(7)))
    import_file(ctx.db, path, ImportOptions("leads"), progress=progress)
    assert (progress.done, progress.total) == (7, 7)


def test_write_report(tmp_path):
    path = tmp_path / "r.csv"
    write_report([RowError(3, "Telefone", "'1' is not a phone number, really")], path)
    assert path.read_bytes().decode("utf-8-sig") == 'row,column,reason\r\n3,Telefone,"\'1\' is not a phone number, really"\r\n'


# --- interactions ------------------------------------------------------------------------------


def test_interactions_match_leads_by_id_email_and_phone(ctx, tmp_path):
    ana = ctx.leads.create({"name": "Ana", "email": "ana@x.com", "phone": "+5511987654321"})
    bia = ctx.leads.create({"name": "Bia"})
    path = write(tmp_path, "i.csv",
                 "lead_id,lead_email,lead_phone,tipo,quando,duração,resultado,notas,autor\n"
                 f"{bia.id},,,ligação,2024-05-31 14:30,120,atendeu,Pediu proposta,ana\n"
                 ",ANA@x.com,,Reunião,31/05/2024 09:00,,,,\n"
                 ",,(11) 98765-4321,visita,2024-06-02T10:00:00-03:00,,,,\n"
                 ",,,nota,2024-06-03,,,Sem lead,\n")
    result = run(ctx, path, kind="interactions", valid_only=True)
    assert result.created == 3
    assert result.errors == [RowError(5, "lead_id", "is required: the row names no lead (lead_id, lead_email or lead_phone)")]
    bia_line = ctx.interactions.timeline(bia.id)
    assert [(i.kind, i.duration_s, i.outcome, i.notes, i.author) for i in bia_line] == [
        ("call", 120, "atendeu", "Pediu proposta", "ana")]
    ana_line = ctx.interactions.timeline(ana.id)
    assert [(i.kind, i.occurred_at) for i in ana_line] == [
        ("visit", datetime(2024, 6, 2, 13, 0, tzinfo=UTC)), ("meeting", datetime(2024, 5, 31, 9, 0, tzinfo=UTC))]
    assert ctx.leads.get(ana.id).last_interaction_at == datetime(2024, 6, 2, 13, 0, tzinfo=UTC)
    assert ctx.leads.get(bia.id).last_interaction_at == datetime(2024, 5, 31, 14, 30, tzinfo=UTC)
    assert lead_ids(ctx.db, LeadQuery(text="proposta")) == [bia.id]  # notes reach full-text search


def test_interaction_row_errors(ctx, tmp_path):
    ana = ctx.leads.create({"name": "Ana", "email": "ana@x.com"})
    gone = ctx.leads.create({"name": "Gone"})
    ctx.leads.delete(gone.id)
    before = counts(ctx)
    path = write(tmp_path, "i.csv", "Lead,E-mail,Tipo,Data,Duração\n"
                                    f"{ana.id},,fax,2024-05-31,\n"
                                    f"{gone.id},,call,2024-05-31,\n"
                                    ",nobody@x.com,call,2024-05-31,\n"
                                    "abc,,call,ontem,-5\n")
    result = run(ctx, path, kind="interactions", mapping={"Lead": "lead_id", "E-mail": "lead_email", "Tipo": "kind",
                                                          "Data": "occurred_at", "Duração": "duration_s"})
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors[(2, "Tipo")].startswith("must be one of call, meeting")
    assert errors[(3, "Lead")] == f"lead {gone.id} does not exist"
    assert errors[(4, "E-mail")] == "no lead has the e-mail 'nobody@x.com'"
    assert errors[(5, "Lead")] == "'abc' is not a lead id"
    assert "is not a date and time" in errors[(5, "Data")]
    assert errors[(5, "Duração")] == "cannot be negative"
    assert not result.committed and counts(ctx) == before


def test_interactions_import_keeps_the_newest_last_interaction(ctx, tmp_path):
    ana = ctx.leads.create({"name": "Ana"})
    ctx.interactions.create({"lead_id": ana.id, "kind": "call", "occurred_at": "2025-01-01 10:00"})
    run(ctx, write(tmp_path, "i.csv", f"lead_id,kind,occurred_at\n{ana.id},note,2024-01-01\n"), kind="interactions")
    assert ctx.leads.get(ana.id).last_interaction_at == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
    audits = history(ctx.db, "import", 0)
    assert audits[-1].changes["kind"] == [None, "interactions"]
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "interaction")) == 1


def test_reimporting_interactions_skips_the_ones_already_stored(ctx, tmp_path):
    ana = ctx.leads.create({"name": "Ana", "email": "ana@x.com"})
    ctx.interactions.create({"lead_id": ana.id, "kind": "call", "occurred_at": "2024-05-31 14:30", "notes": "Pediu proposta"})
    text = ("lead_email,kind,occurred_at,notes\n"
            "ana@x.com,call,2024-05-31 14:30,Pediu proposta\n"    # the one typed in by hand
            "ana@x.com,call,2024-05-31 14:30,Outra conversa\n"    # same time, other notes: new
            "ana@x.com,visit,2024-06-01 10:00,\n"
            "ana@x.com,visit,2024-06-01 10:00,\n")                 # repeated inside the file: kept
    path = write(tmp_path, "i.csv", text)
    dry = run(ctx, path, kind="interactions", dry_run=True)
    assert (dry.created, dry.skipped_duplicates) == (3, 1)
    first = run(ctx, path, kind="interactions")
    assert (first.created, first.skipped_duplicates, first.committed) == (3, 1, True)
    again = run(ctx, path, kind="interactions")
    assert (again.created, again.skipped_duplicates) == (0, 4)
    assert len(ctx.interactions.timeline(ana.id)) == 4
    kept = run(ctx, path, kind="interactions", duplicates="keep")
    assert (kept.created, kept.skipped_duplicates) == (4, 0)
    assert len(ctx.interactions.timeline(ana.id)) == 8


def test_a_deleted_interaction_does_not_block_its_reimport(ctx, tmp_path):
    ana = ctx.leads.create({"name": "Ana"})
    typed = ctx.interactions.create({"lead_id": ana.id, "kind": "note", "occurred_at": "2024-05-31 09:00", "notes": "x"})
    ctx.interactions.delete(typed.id)
    result = run(ctx, write(tmp_path, "i.csv", f"lead_id,kind,occurred_at,notes\n{ana.id},note,2024-05-31 09:00,x\n"),
                 kind="interactions")
    assert (result.created, result.skipped_duplicates) == (1, 0)


# --- purchases ---------------------------------------------------------------------------------


def test_purchases_online_retail_columns(ctx, tmp_path):
    shop = ctx.leads.create({"name": "Shop", "external_id": "17850", "kind": "customer"})
    mail = ctx.leads.create({"name": "Mail", "email": "buyer@x.com"})
    path = write(tmp_path, "retail.csv",
                 "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                 "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
                 f"536366,71053,WHITE METAL LANTERN,,2010-12-01 08:28:00,3.39,{mail.id},United Kingdom\n"
                 "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,buyer@x.com,United Kingdom\n"
                 "536367,22632,HAND WARMER,6,2010-12-01 08:34:00,1.85,,United Kingdom\n"
                 "536368,,,x,never,abc,99999,United Kingdom\n")
    result = run(ctx, path, kind="purchases", valid_only=True)
    assert result.created == 3
    errors = {(e.row, e.column): e.reason for e in result.errors}
    assert errors[(5, "CustomerID")] == "is required"
    assert errors[(6, "CustomerID")].startswith("no lead or customer matches '99999'")
    assert errors[(6, "StockCode")] == "is required"
    assert errors[(6, "Quantity")] == "'x' is not a number"
    with ctx.db.session() as session:
        rows = session.execute(select(Purchase.lead_id, Purchase.item, Purchase.quantity, Purchase.unit_price,
                                      Purchase.invoice).order_by(Purchase.id)).all()
    assert [tuple(r) for r in rows] == [(shop.id, "85123A", 6.0, 2.55, "536365"), (mail.id, "71053", 1.0, 3.39, "536366"),
                                        (mail.id, "D", -1.0, 27.5, "C536379")]


def test_reimporting_purchases_skips_the_ones_already_stored(ctx, tmp_path):
    shop = ctx.leads.create({"name": "Shop", "external_id": "17850", "kind": "customer"})
    text = ("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
            "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850\n"
            "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850\n")
    path = write(tmp_path, "retail.csv", text)
    assert run(ctx, path, kind="purchases").created == 2
    more = write(tmp_path, "more.csv", text + "536366,71053,LANTERN,2,2010-12-02 10:00:00,3.39,17850\n")
    again = run(ctx, more, kind="purchases")
    assert (again.created, again.skipped_duplicates) == (1, 2)
    with ctx.db.session() as session:
        quantities = sorted(session.scalars(select(Purchase.quantity).where(Purchase.lead_id == shop.id)))
    assert quantities == [2.0, 6.0, 6.0]
