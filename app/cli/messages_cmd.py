"""aiconnect messages send (--lead ID | --query Q) (--template NAME | --body TEXT) [--dry-run] [--json]
aiconnect messages status [--json]
aiconnect messages cancel ID [ID ...]

`send` only queues (with the compliance checks and the estimate); `aiconnect automations run`
is the worker that sends.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

from app.cli.common import MAX_ID, BadInput, context, print_json, record_id, whole
from app.services.messaging.outbox import EnqueueReport
from app.services.workspace.settings import DEFAULT_PRICE_PER_SEGMENT, DEFAULT_PRICE_UNIT


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    messages = sub.add_parser("messages", help="SMS: queue messages, see the outbox")
    msub = messages.add_subparsers(dest="messages_command", metavar="ACTION", required=True)
    send = msub.add_parser("send", help="queue a personalized SMS for one lead or for every lead a search finds",
                           description="Queue one SMS per lead (sent by `aiconnect automations run`). Leads without "
                                       "consent, opted out or with an invalid phone are skipped and counted.")
    who = send.add_mutually_exclusive_group(required=True)
    who.add_argument("--lead", action="append", metavar="ID", help="a lead id (repeatable, or 1,2,3)")
    who.add_argument("--query", "-q", metavar="Q", help="every lead this search finds (as in `leads list --query`)")
    what = send.add_mutually_exclusive_group(required=True)
    what.add_argument("--template", "-t", metavar="NAME", help="a saved template (`aiconnect templates list`)")
    what.add_argument("--body", "-b", metavar="TEXT", help="the text; may use template variables like {{ lead.name }}")
    send.add_argument("--dry-run", action="store_true", help="check and estimate only; queue nothing")
    send.add_argument("--price-per-segment", metavar="PRICE", default=None,
                      help="your price per segment for the estimate, in the workspace's currency sms.price_currency "
                           f"(default: the workspace setting sms.price_per_segment, else {DEFAULT_PRICE_PER_SEGMENT} "
                           f"{DEFAULT_PRICE_UNIT})")
    send.add_argument("--json", action="store_true", help="print machine-readable output")
    send.set_defaults(handler=run_send)
    status = msub.add_parser("status", help="the outbox: counts by state, recent failures with reasons")
    status.add_argument("--failures", type=whole(-MAX_ID, MAX_ID), default=10,
                        help="how many recent failures to list (default 10)")
    status.add_argument("--json", action="store_true", help="print machine-readable output")
    status.set_defaults(handler=run_status)
    cancel = msub.add_parser("cancel", help="cancel queued or held messages")
    cancel.add_argument("ids", nargs="+", type=record_id, metavar="ID")
    cancel.set_defaults(handler=run_cancel)


MAX_PRICE = Decimal(1000)  # per segment, in any currency: far above any carrier's price


def _lead_ids(raw: list[str]) -> list[int]:
    ids = []
    for item in raw:
        for part in item.split(","):
            text = part.strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 10 and 1 <= int(text) <= MAX_ID):
                raise BadInput(f"aiconnect messages send: --lead takes lead ids (1 to {MAX_ID}), not {text[:40]!r}")
            ids.append(int(text))
    return ids


def _price(raw: str) -> Decimal:
    try:
        price = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise BadInput(f"aiconnect messages send: --price-per-segment {raw!r} is not a number") from None
    if not price.is_finite() or not 0 <= price <= MAX_PRICE:
        raise BadInput(f"aiconnect messages send: --price-per-segment must be from 0 to {MAX_PRICE}, not {raw[:40]!r}")
    return price


def run_send(args: argparse.Namespace) -> int:
    price = _price(args.price_per_segment) if args.price_per_segment is not None else None
    ctx = context(args)
    try:
        if price is None:
            price = _price(ctx.workspace.get("sms.price_per_segment"))
        currency = ctx.workspace.get("sms.price_currency")
        if args.lead:
            ids = _lead_ids(args.lead)
            kind = "manual" if len(ids) == 1 else "bulk"
        else:
            from app.services.leads.search import LeadQuery, lead_ids

            ids = lead_ids(ctx.db, LeadQuery(text=args.query, order_by="id"))
            kind = "bulk"
            if not ids:
                raise BadInput(f"aiconnect messages send: no lead matches --query {args.query!r}")
        report = ctx.outbox().enqueue(ids, body=args.body, template=args.template, kind=kind, dry_run=args.dry_run,
                                      price_per_segment=price)
    finally:
        ctx.close()
    if args.lead and report.skipped.get("not_found") == len(ids):
        raise BadInput(f"aiconnect messages send: lead {', '.join(map(str, ids))} does not exist")
    if args.lead and not report.recipients and report.skipped_leads:
        lead_id, _, detail = report.skipped_leads[0]
        raise BadInput(f"aiconnect messages send: not queued: lead {lead_id}: {detail}")
    if args.json:
        print_json({**report.as_dict(), "currency": currency})
    else:
        _print_send(report, len(ids), currency)
    return 0


def _print_send(report: EnqueueReport, audience: int, currency: str) -> None:
    verb = "Would queue" if report.dry_run else "Queued"
    line = f"{verb} {report.recipients} of {audience} message{'s' if audience != 1 else ''}"
    if report.held:
        line += f" ({report.held} held for quiet hours, sent when the recipient's window opens)"
    print(line + ".")
    if report.skipped:
        parts = ", ".join(f"{reason.replace('_', ' ')} {n}" for reason, n in sorted(report.skipped.items(),
                                                                                      key=lambda kv: (-kv[1], kv[0])))
        print(f"Skipped {sum(report.skipped.values())}: {parts}.")
    if report.recipients:
        encodings = ", ".join(f"{enc} {n}" for enc, n in sorted(report.encodings.items()))
        shape = ", ".join(f"{n}×{seg} segment{'s' if seg != 1 else ''}" for seg, n in sorted(report.segments_per_message.items()))
        print(f"Segments: {report.segments} ({shape}; {encodings}); estimated cost {report.cost} {currency} "
              f"at {report.price_per_segment} {currency} per segment.")
        lead_id, text = report.previews[0]
        print(f"Preview for lead {lead_id}: {text}")
    if report.recipients and not report.dry_run:
        print("Run `aiconnect automations run --once` (or keep the worker running) to send them.")


def run_status(args: argparse.Namespace) -> int:
    if args.failures < 0:
        raise BadInput(f"aiconnect messages status: --failures must be 0 or more, not {args.failures}")
    ctx = context(args)
    try:
        summary = ctx.outbox().summary(failures=max(0, args.failures))
    finally:
        ctx.close()
    if args.json:
        print_json(summary)
        return 0
    _print_status(summary)
    return 0


def _print_status(summary: dict[str, Any]) -> None:
    counts = summary["counts"]
    print("Outbox: " + ", ".join(f"{state} {n}" for state, n in counts.items()) + f"; replies received {summary['inbound']}")
    if summary["next_due"] is not None:
        print(f"Next due: {summary['next_due']:%Y-%m-%d %H:%M} UTC")
    for held in summary["held"]:
        print(f"Held {held['count']}: {held['reason']}")
    if summary["recent_failures"]:
        print("Recent failures:")
    for failure in summary["recent_failures"]:
        code = f" [{failure['error_code']}]" if failure["error_code"] else ""
        who = failure["lead"] or failure["to"]
        print(f"  #{failure['id']} {failure['state']}{code} {who}: {failure['reason'] or 'no reason recorded'}")


def run_cancel(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        n = ctx.outbox().cancel(args.ids)
    finally:
        ctx.close()
    print(f"Canceled {n} message{'s' if n != 1 else ''}" + ("" if n == len(args.ids) else
                                                           " (the others were already sent, sending or final)"))
    return 0

