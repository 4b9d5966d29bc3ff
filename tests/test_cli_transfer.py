"""aiconnect import / export on the command line: exit codes, one-line errors, summaries, reports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main
from app.cli.transfer_cmd import merge_mapping
from tests.cli_run import one_line

DATA = Path(__file__).parent / "data"

GOOD = "Nome,Telefone,E-mail,Cidade\nAna,(11) 98765-4321,ana@x.com,Recife\nBia,,bia@x.com,Natal\n"
MIXED = "Nome,Telefone,E-mail\nAna,(11) 98765-4321,ana@x.com\nBia,123,bia@x.com\n,,\nCaio,,caio@x\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def names(ctx) -> list[str]:
    from app.services.leads.search import LeadQuery, lead_ids, lead_rows

    ids = lead_ids(ctx.db, LeadQuery())
    rows = lead_rows(ctx.db, ids, ("id", "name"))
    return [rows[i]["name"] for i in ids]


def test_import_prints_a_summary(ctx, tmp_path, capsys):
    path = write(tmp_path, "contatos.csv", GOOD)
    assert main(["import", "leads", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "leads from contatos.csv: imported" in out
    assert "created" in out and "2" in out
    assert "Columns: Nome -> name, Telefone -> phone, E-mail -> email, Cidade -> city" in out
    assert names(ctx) == ["Ana", "Bia"]


def test_bad_rows_exit_2_with_one_line_and_the_report_is_written(ctx, tmp_path, capsys):
    path = write(tmp_path, "contatos.csv", MIXED)
    report = tmp_path / "erros.csv"
    assert main(["import", "leads", str(path), "--report", str(report)]) == 2
    out, err = capsys.readouterr()
    assert one_line(err) == (f"aiconnect import: 2 rows have errors; nothing was imported. "
                             f"See {report} or use --valid-only")
    assert "row 3, column 'Telefone': '123' is not a valid phone number for BR" in out
    assert "row 5, column 'E-mail': 'caio@x' is not an e-mail address" in out
    assert "Errors by column: Telefone 1, E-mail 1" in out
    with report.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["row", "column", "reason"],
            ["3", "Telefone", "'123' is not a valid phone number for BR"],
            ["5", "E-mail", "'caio@x' is not an e-mail address"],
        ]
    assert names(ctx) == []


def test_without_report_the_message_points_to_the_option(ctx, tmp_path, capsys):
    assert main(["import", "leads", str(write(tmp_path, "c.csv", MIXED))]) == 2
    assert one_line(capsys.readouterr().err).endswith("nothing was imported. See --report FILE or use --valid-only")


def test_valid_only_imports_the_good_rows(ctx, tmp_path, capsys):
    assert main(["import", "leads", str(write(tmp_path, "c.csv", MIXED)), "--valid-only"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "rows with errors" in out
    assert names(ctx) == ["Ana"]


def test_dry_run_writes_nothing(ctx, tmp_path, capsys):
    assert main(["import", "leads", str(write(tmp_path, "c.csv", GOOD)), "--dry-run"]) == 0
    assert "dry run, nothing was written" in capsys.readouterr().out
    assert names(ctx) == []
    assert main(["import", "leads", str(write(tmp_path, "m.csv", MIXED)), "--dry-run"]) == 2
    assert "2 rows have errors (dry run, nothing written)" in capsys.readouterr().err


def test_json_output(ctx, tmp_path, capsys):
    ctx.leads.create({"name": "Old", "email": "ana@x.com"})
    assert main(["import", "leads", str(write(tmp_path, "c.csv", GOOD)), "--json", "--duplicates", "update"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("kind", "file", "rows_read", "created", "updated", "skipped_duplicates",
                                 "dry_run", "committed")} == {
        "kind": "leads", "file": "c.csv", "rows_read": 2, "created": 1, "updated": 1, "skipped_duplicates": 0,
        "dry_run": False, "committed": True}
    assert data["errors"] == [] and data["mapping"]["E-mail"] == "email" and data["seconds"] >= 0


def test_json_output_lists_row_errors(ctx, tmp_path, capsys):
    assert main(["import", "leads", str(write(tmp_path, "c.csv", MIXED)), "--json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["errors"][0] == {"row": 3, "column": "Telefone", "reason": "'123' is not a valid phone number for BR"}
    assert data["committed"] is False
    one_line(captured.err)


def test_map_overrides_and_custom_fields_on_the_x_education_file(ctx, capsys):
    args = ["import", "leads", str(DATA / "x_education_like.csv"), "--map", "Lead Number=name",
            "--map", "Converted=custom.converted", "--map", "Tags=", "--map", "Lead Origin=custom.origin"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Prospect ID -> external_id" in out and "Lead Source -> source" in out
    assert "Tags" in out.split("Ignored columns:")[1]
    lead = ctx.leads.get_many([1])[0]
    assert lead.name == "700001" and lead.custom == {"converted": "0", "origin": "API"} and lead.tags == ()


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "Nome"], "aiconnect import: --map expects SOURCE=FIELD (e.g. --map 'Celular=phone'), not 'Nome'"),
    (["--map", "=name"], "aiconnect import: --map expects SOURCE=FIELD"),
    (["--map", "Nome=nome"], "aiconnect: unknown leads field 'nome'"),
    (["--map", "Fone=phone"], "aiconnect: c.csv: has no column 'Fone'"),
    (["--duplicates", "merge"], "invalid choice: 'merge'"),
    (["--report", "/nonexistent/dir/r.csv"], "cannot write the report /nonexistent/dir/r.csv: its folder does not exist"),
    (["--sheet", "Plan1"], "aiconnect: c.csv: --sheet only applies to Excel files"),
])
def test_bad_arguments_exit_2_with_one_line(ctx, tmp_path, capsys, args, message):
    path = write(tmp_path, "c.csv", GOOD)
    assert main(["import", "leads", str(path), *args]) == 2
    assert message in one_line(capsys.readouterr().err)
    assert names(ctx) == []


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.csv", None, "missing.csv: the file does not exist"),
    ("empty.csv", b"", "empty.csv: the file is empty"),
    ("photo.png", b"\x89PNG", "photo.png: cannot import .png"),
])
def test_unreadable_files_exit_2(ctx, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["import", "leads", str(path)]) == 2
    assert message in one_line(capsys.readouterr().err)


def test_interactions_and_purchases(ctx, tmp_path, capsys):
    lead = ctx.leads.create({"name": "Ana", "email": "ana@x.com", "external_id": "17850"})
    interactions = write(tmp_path, "i.csv", "E-mail,Tipo,Data,Notas\nana@x.com,ligação,2024-05-31 14:30,Oi\n")
    assert main(["import", "interactions", str(interactions)]) == 0
    assert [i.kind for i in ctx.interactions.timeline(lead.id)] == ["call"]
    purchases = write(tmp_path, "p.csv", "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                                         "536365,85123A,6,2010-12-01 08:26:00,2.55,17850.0\n")
    capsys.readouterr()
    assert main(["import", "purchases", str(purchases), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1


def test_export_leads_and_interactions(ctx, tmp_path, capsys):
    ana = ctx.leads.create({"name": "Ana", "stage": "won"})
    ctx.leads.create({"name": "Bia"})
    ctx.interactions.create({"lead_id": ana.id, "kind": "call", "occurred_at": "2024-05-31 14:30"})
    assert main(["export", "leads", str(tmp_path / "won.xlsx"), "--stage", "won"]) == 0
    assert "Exported 1 leads to" in capsys.readouterr().out
    assert main(["export", "leads", str(tmp_path / "all.csv"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"kind": "leads", "file": str(tmp_path / "all.csv"), "rows": 2}
    assert main(["export", "interactions", str(tmp_path / "i.csv"), "--query", "ana"]) == 0
    assert "Exported 1 interactions" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["leads", "out.txt"], "out.txt: cannot export to .txt; name the file .csv or .xlsx"),
    (["leads", "out.csv", "--stage", "ganho"], "aiconnect export: unknown stage 'ganho'"),
    (["purchases", "out.csv"], "invalid choice: 'purchases'"),
])
def test_export_bad_input_exits_2(ctx, tmp_path, capsys, args, message):
    args = [args[0], str(tmp_path / args[1]), *args[2:]]
    assert main(["export", *args]) == 2
    assert message in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", [["import"], ["export"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: aiconnect" in capsys.readouterr().out


def test_merge_mapping_lets_map_replace_a_detected_column_or_field():
    detected = {"Nome": "name", "Celular": "phone", "Tags": "tags"}
    assert merge_mapping(detected, {"Telefone 2": "phone", "Tags": "", "Obs": "custom.obs"}) == {
        "Nome": "name", "Telefone 2": "phone", "Obs": "custom.obs"}
