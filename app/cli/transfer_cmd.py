"""aiconnect import leads|interactions|purchases FILE ... and aiconnect export leads|interactions FILE ..."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from app.cli.common import BadInput, context, print_json
from app.services.leads.search import LeadQuery
from app.services.transfer.exporting import export_interactions, export_leads
from app.services.transfer.importing import (
    CUSTOM,
    DUPLICATE_MODES,
    EMPTY_VALUES,
    KINDS,
    ImportOptions,
    ImportResult,
    detect_mapping,
    import_file,
    read_table,
    write_report,
)
from app.services.transfer.outputs import check_output

SHOWN_ERRORS = 10

IMPORT_EPILOG = """\
Columns are mapped automatically from Portuguese or English headers (Nome, E-mail, Telefone,
Empresa, Cidade, UF, CEP, Origem, Etapa, ...); --map adds to or corrects that mapping.
Nothing is written when any row is bad, unless --valid-only. Examples:

  aiconnect import leads contatos.csv --dry-run
  aiconnect import leads leads.xlsx --sheet Plan2 --map "Celular 2=phone" --map "Obs=custom.obs"
  aiconnect import interactions ligacoes.csv --valid-only --report erros.csv
  aiconnect import purchases retail.csv --map CustomerID=customer --map StockCode=item
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = sub.add_parser(
        "import", help="import leads, interactions or purchases from a CSV or XLSX file",
        description="Import leads, interactions or purchases from a CSV (any delimiter, UTF-8 or Latin-1) "
                    "or XLSX file, all rows or none.",
        epilog=IMPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("kind", choices=KINDS, help="what the file holds")
    imp.add_argument("file", help="a .csv, .tsv, .txt or .xlsx file")
    imp.add_argument("--map", action="append", default=[], metavar="SRC=FIELD",
                     help="map the column SRC to FIELD (repeatable); FIELD may be custom.NAME for leads, "
                          "and 'SRC=' leaves the column out")
    imp.add_argument("--dry-run", action="store_true", help="check and count everything, write nothing")
    imp.add_argument("--valid-only", action="store_true", help="import the good rows and report the bad ones")
    imp.add_argument("--report", metavar="FILE", help="write every row error to this CSV (row,column,reason)")
    imp.add_argument("--duplicates", choices=DUPLICATE_MODES, default="skip",
                     help="leads whose phone, e-mail or external id already exists: skip them (default), "
                          "update them with the row's non-empty values, or keep both")
    imp.add_argument("--sheet", metavar="NAME", help="the XLSX sheet to read (default: the first)")
    imp.add_argument("--empty", action="append", default=[], metavar="TEXT",
                     help=f"also read this cell text as empty (repeatable; already: {', '.join(EMPTY_VALUES)})")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(handler=run_import)

    exp = sub.add_parser(
        "export", help="export leads or their interactions to CSV or XLSX",
        description="Export leads (or the interactions of the leads) matching a search to a .csv "
                    "(UTF-8, opens in Excel) or .xlsx file; times are UTC.",
    )
    exp.add_argument("kind", choices=("leads", "interactions"), help="what to export")
    exp.add_argument("file", help="the file to write, ending in .csv or .xlsx")
    exp.add_argument("--query", "-q", default="", help="only leads matching this search")
    exp.add_argument("--stage", action="append", default=[], help="only leads in this stage (repeatable)")
    exp.add_argument("--json", action="store_true", help="print the result as JSON")
    exp.set_defaults(handler=run_export)


# --- import ------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    overrides = parse_maps(args.map)
    _check_report_path(args.report, args.file)
    table = read_table(args.file, sheet=args.sheet)
    mapping = merge_mapping(detect_mapping(args.kind, table.headers), overrides) if overrides else None
    options = ImportOptions(kind=args.kind, mapping=mapping, dry_run=args.dry_run, valid_only=args.valid_only,
                            duplicates=args.duplicates, sheet=args.sheet,
                            empty_values=EMPTY_VALUES + tuple(args.empty))
    ctx = context(args)
    try:
        # The report is written before the commit: a report that cannot be saved leaves the database as it was.
        report = (lambda result: write_report(result.errors, args.report)) if args.report else None
        result = import_file(ctx.db, args.file, options, actor_id=ctx.user.id, before_commit=report)
    finally:
        ctx.close()
    if args.json:
        print_json(result.as_dict())
    else:
        print_summary(result, table.headers, args.report)
    if result.errors and not args.valid_only:
        raise BadInput(_refusal(result, args.report))
    return 0


def parse_maps(items: list[str]) -> dict[str, str]:
    """--map SRC=FIELD items; the last '=' splits, so a column name may hold one."""
    overrides: dict[str, str] = {}
    for item in items:
        if "=" not in item or not item.rsplit("=", 1)[0].strip():
            raise BadInput(f"aiconnect import: --map expects SOURCE=FIELD (e.g. --map 'Celular=phone'), not {item!r}")
        column, target = item.rsplit("=", 1)
        overrides[column.strip()] = target.strip()
    return overrides


def merge_mapping(detected: dict[str, str], overrides: dict[str, str]) -> dict[str, str]:
    """The detected mapping corrected by --map: a mapped column or field replaces what was detected for it."""
    def same(target: str) -> str:
        return target if target.lower().startswith(CUSTOM) else target.lower()

    claimed = {same(t) for t in overrides.values() if t}
    merged = {c: t for c, t in detected.items() if c not in overrides and same(t) not in claimed}
    merged.update({c: t for c, t in overrides.items() if t})
    return merged


def _check_report_path(report: str | None, source: str) -> None:
    """Before any work: the report can be written where asked (and would not overwrite the file being imported)."""
    if not report:
        return
    if not Path(report).expanduser().resolve().parent.is_dir():
        raise BadInput(f"aiconnect import: cannot write the report {report}: its folder does not exist")
    check_output(report, not_same_as=source)


def _refusal(result: ImportResult, report: str | None) -> str:
    count = result.error_rows
    rows = "1 row has errors" if count == 1 else f"{count} rows have errors"
    where = f"See {report}" if report else "See --report FILE"
    if result.dry_run:
        return f"aiconnect import: {rows} (dry run, nothing written). {where} or use --valid-only"
    return f"aiconnect import: {rows}; nothing was imported. {where} or use --valid-only"


def print_summary(result: ImportResult, headers: list[str], report: str | None) -> None:
    if result.dry_run:
        state = "dry run, nothing was written"
    elif result.committed:
        state = "imported"
    else:
        state = "nothing was imported"
    would = "" if result.committed else "would be "
    print(f"{result.kind} from {result.file}: {state} ({result.seconds:.1f} s)")
    lines = [
        ("rows read", result.rows_read), (f"{would}created", result.created), (f"{would}updated", result.updated),
        ("duplicates skipped", result.skipped_duplicates), ("rows with errors", result.error_rows),
    ]
    for label, value in lines:
        print(f"  {label:<24}{value:>10,}")
    print("Columns: " + ", ".join(f"{c} -> {t}" for c, t in result.mapping.items()))
    ignored = [h for h in headers if h not in result.mapping]
    if ignored:
        print("Ignored columns: " + ", ".join(ignored))
    if result.errors:
        by_column = Counter(e.column or "(whole row)" for e in result.errors)
        print("Errors by column: " + ", ".join(f"{column} {count:,}" for column, count in by_column.most_common()))
        print("First errors:")
        for error in result.errors[:SHOWN_ERRORS]:
            column = f", column {error.column!r}" if error.column else ""
            print(f"  row {error.row}{column}: {error.reason}")
        if len(result.errors) > SHOWN_ERRORS:
            print(f"  … and {len(result.errors) - SHOWN_ERRORS:,} more" + (f" in {report}" if report else ""))
    if report:
        print(f"Error report: {report}")


# --- export ------------------------------------------------------------------------------------


def run_export(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        known = {key for key, _name in ctx.leads.stages()}
        unknown = [s for s in args.stage if s not in known]
        if unknown:
            raise BadInput(f"aiconnect export: unknown stage {unknown[0]!r} (stages: {', '.join(sorted(known))})")
        query = LeadQuery(text=args.query, stages=tuple(args.stage))
        export = export_leads if args.kind == "leads" else export_interactions
        rows = export(ctx.db, args.file, query)
    finally:
        ctx.close()
    if args.json:
        print_json({"kind": args.kind, "file": str(args.file), "rows": rows})
    else:
        print(f"Exported {rows:,} {args.kind} to {args.file}")
    return 0


__all__ = ["merge_mapping", "parse_maps", "register"]
