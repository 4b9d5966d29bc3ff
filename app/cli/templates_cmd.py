"""aiconnect templates add NAME (--body TEXT | --file FILE) [--description D]
aiconnect templates list [--json] | show NAME [--lead ID] [--json]

Templates are Jinja2 text checked when saved (a typo is reported with its line and column);
`show --lead` previews one lead's message with its segments and estimated cost.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from app.cli.common import BadInput, context, name_or_id, print_json, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tpl = sub.add_parser("templates", help="SMS templates personalized from lead data")
    tsub = tpl.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    add = tsub.add_parser("add", help="create or replace a template (checked before it is saved)")
    add.add_argument("name")
    body = add.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", "-b", metavar="TEXT", help='e.g. "Olá {{ lead.name | primeiro_nome }}!"')
    body.add_argument("--file", "-f", type=Path, metavar="FILE", help="read the template from a UTF-8 file")
    add.add_argument("--description", "-d", default=None)
    add.set_defaults(handler=run_add)
    lst = tsub.add_parser("list", help="saved templates")
    lst.add_argument("--json", action="store_true", help="print machine-readable output")
    lst.set_defaults(handler=run_list)
    show = tsub.add_parser("show", help="a template, and its text for one lead with --lead")
    show.add_argument("name", type=name_or_id, help="the template's name or id")
    show.add_argument("--lead", type=record_id, metavar="ID", help="preview the message this lead would get")
    show.add_argument("--json", action="store_true", help="print machine-readable output")
    show.set_defaults(handler=run_show)


def run_add(args: argparse.Namespace) -> int:
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"aiconnect templates add: cannot read {args.file}: {exc}") from None
    else:
        text = args.body
    ctx = context(args)
    try:
        record = ctx.templates.save(args.name, text, args.description)
    finally:
        ctx.close()
    print(f"template {record.name} saved (version {record.version})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        records = ctx.templates.list_all()
    finally:
        ctx.close()
    if args.json:
        print_json([r.__dict__ for r in records])
        return 0
    for record in records:
        first = record.body.strip().splitlines()[0] if record.body.strip() else ""
        print(f"{record.name:<24} {first[:80]}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        service = ctx.templates
        record = service.get(args.name)
        price = Decimal(ctx.workspace.get("sms.price_per_segment"))
        currency = ctx.workspace.get("sms.price_currency")
        preview = (service.preview(service.compile(record.id), args.lead, price_per_segment=price)
                   if args.lead is not None else None)
    finally:
        ctx.close()
    if args.json:
        data = dict(record.__dict__)
        if preview is not None:
            data["preview"] = {"lead_id": preview.lead_id, "text": preview.text, "encoding": preview.segments.encoding,
                               "segments": preview.segments.segments, "characters": len(preview.text),
                               "estimated_cost": str(preview.cost), "currency": currency}
        print_json(data)
        return 0
    print(record.body)
    if preview is not None:
        print(f"--- lead {preview.lead_id}: {preview.segments.segments} segment(s), {preview.segments.encoding}, "
              f"{len(preview.text)} characters, estimated {preview.cost} {currency}")
        print(preview.text)
    return 0
