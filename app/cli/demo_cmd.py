"""aiconnect demo [--leads N] [--seed S] [--force] [--json]"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import BadInput, context, print_json
from app.progress import Progress
from app.services.demo.generator import MAX_LEADS, generate, has_leads, mark_initialised


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = sub.add_parser("demo", help="fill an empty workspace with realistic demo data")
    demo.add_argument("--leads", type=_positive_int, default=300, metavar="N",
                      help=f"how many leads to create (1 to {MAX_LEADS:,}; default 300)")
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="the same seed gives the same data (default 7)")
    demo.add_argument("--force", action="store_true", help="add demo data even if the workspace already has leads")
    demo.add_argument("--json", action="store_true", help="print machine-readable output")
    demo.set_defaults(handler=run_demo)


def _positive_int(text: str) -> int:
    try:
        value = int(text) if text.strip().isascii() and len(text.strip()) <= 30 else int("x")
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {text!r}")
    return value


def run_demo(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        if not args.force and has_leads(ctx.db):
            raise BadInput("aiconnect demo: this workspace already has leads; add --force to add demo data anyway")
        progress = None if args.json or not sys.stderr.isatty() else Progress(_show_progress)
        summary = generate(ctx.db, leads=args.leads, seed=args.seed, actor_id=ctx.user.id, progress=progress)
        mark_initialised(ctx.db, "demo")
    finally:
        ctx.close()
    if progress is not None:
        sys.stderr.write("\n")
    if args.json:
        print_json(summary.as_dict())
    else:
        print(f"Demo data added in {summary.seconds:.1f} s: {summary.users} users, {summary.leads:,} leads "
              f"({summary.customers:,} customers), {summary.interactions:,} interactions, "
              f"{summary.purchases:,} purchases.")
    return 0


def _show_progress(done: int, total: int, _label: str) -> None:
    if total:
        sys.stderr.write(f"\rgenerating demo data… {100 * done // total:3d}%")
        sys.stderr.flush()
