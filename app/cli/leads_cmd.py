"""aiconnect leads list [--query Q] [--min-score N] [--max-score N] [--unscored] [--json]"""

from __future__ import annotations

import argparse

from app.cli.common import MAX_ID, context, print_json, whole
from app.services.leads.search import SORTABLE, LeadQuery, lead_ids, lead_rows, lead_tags_for, shown_score_bounds

LIST_COLUMNS = ("id", "name", "company", "stage", "owner", "phone", "email", "city", "score")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    leads = sub.add_parser("leads", help="leads and customers")
    leads_sub = leads.add_subparsers(dest="leads_command", metavar="ACTION", required=True)
    lst = leads_sub.add_parser("list", help="list leads, optionally matching a search")
    lst.add_argument("--query", "-q", default="", help="search name, company, e-mail, phone and notes")
    lst.add_argument("--stage", action="append", default=[], help="only this stage (repeatable)")
    lst.add_argument("--min-score", type=whole(-MAX_ID, MAX_ID), default=None, metavar="N",
                     help="only leads scored N or more (0–100, the score the app shows)")
    lst.add_argument("--max-score", type=whole(-MAX_ID, MAX_ID), default=None, metavar="N",
                     help="only leads scored N or less (0–100); leads without a score are left out")
    lst.add_argument("--unscored", action="store_true", help="only leads without a score")
    lst.add_argument("--sort", default="name", choices=sorted(SORTABLE), help="sort column")
    lst.add_argument("--desc", action="store_true", help="sort descending")
    lst.add_argument("--limit", type=whole(-MAX_ID, MAX_ID), default=None, help="at most this many leads")
    lst.add_argument("--json", action="store_true", help="print machine-readable output")
    lst.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    from app.cli.common import BadInput

    if args.limit is not None and args.limit <= 0:
        raise BadInput("aiconnect leads list: --limit must be above 0")
    low, high = _score_bounds(args)
    ctx = context(args)
    try:
        _check_stages(ctx, args.stage)
        q = LeadQuery(text=args.query, stages=tuple(args.stage), order_by=args.sort, descending=args.desc,
                      limit=args.limit, min_score=low, max_score=high, unscored=args.unscored)
        ids = lead_ids(ctx.db, q)
        rows = lead_rows(ctx.db, ids)
        tags = lead_tags_for(ctx.db, ids) if args.json else {}
        ordered = [rows[i] for i in ids if i in rows]
        if args.json:
            print_json([{**row, "tags": tags.get(row["id"], [])} for row in ordered])
        else:
            _print_table(ordered)
    finally:
        ctx.close()
    return 0


def _check_stages(ctx: object, stages: list[str]) -> None:
    """Refuse a stage the workspace does not have, as `export` does (a typo would list nothing, silently)."""
    from app.cli.common import BadInput

    known = {key for key, _name in ctx.leads.stages()}  # type: ignore[attr-defined]
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise BadInput(f"aiconnect leads list: unknown stage {unknown[0]!r} (stages: {', '.join(sorted(known))})")


def _score_bounds(args: argparse.Namespace) -> tuple[float | None, float | None]:
    from app.cli.common import BadInput

    for name, value in (("--min-score", args.min_score), ("--max-score", args.max_score)):
        if value is not None and not 0 <= value <= 100:
            raise BadInput(f"aiconnect leads list: {name} must be from 0 to 100 (the score the app shows), not {value}")
    if args.min_score is not None and args.max_score is not None and args.min_score > args.max_score:
        raise BadInput("aiconnect leads list: --min-score is above --max-score; no lead can match")
    if args.unscored and (args.min_score is not None or args.max_score is not None):
        raise BadInput("aiconnect leads list: --unscored cannot be combined with --min-score or --max-score")
    return shown_score_bounds(args.min_score, args.max_score)


def _print_table(rows: list[dict]) -> None:  # type: ignore[type-arg]
    widths = {c: max([len(c)] + [len(_cell(r.get(c))) for r in rows]) for c in LIST_COLUMNS}
    widths = {c: min(w, 32) for c, w in widths.items()}
    print("  ".join(c.ljust(widths[c]) for c in LIST_COLUMNS))
    for row in rows:
        print("  ".join(_cell(row.get(c))[: widths[c]].ljust(widths[c]) for c in LIST_COLUMNS))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
