"""aiconnect automations run [--once] [--json]      the background worker
aiconnect automations list [--json] | add FILE | pause NAME | resume NAME | lead ID [--json]

`run` reads replies, evaluates automations, dispatches the outbox and polls delivery status.
With --once it does one full pass over what is due and exits; otherwise it loops until
SIGINT/SIGTERM and stops between messages, never in the middle of one.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli.common import BadInput, context, name_or_id, number, print_json, record_id
from app.services.messaging.automation_spec import describe_steps
from app.services.messaging.worker import PassReport

logger = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    auto = sub.add_parser("automations", help="SMS automations and the background worker that sends")
    asub = auto.add_subparsers(dest="automations_command", metavar="ACTION", required=True)
    run = asub.add_parser("run", help="the worker: replies, automations, outbox, delivery status",
                          description="Read replies, evaluate automations, send what is due and poll delivery status. "
                                      "Loops until SIGINT/SIGTERM unless --once.")
    run.add_argument("--once", action="store_true", help="one full pass over what is due, then exit")
    run.add_argument("--interval", type=number(0.1, 86_400), default=30.0,
                     help="seconds between passes when looping, 0.1 to 86400 (default 30)")
    run.add_argument("--json", action="store_true", help="print each pass as JSON")
    run.set_defaults(handler=run_worker)
    lst = asub.add_parser("list", help="automations and their steps")
    lst.add_argument("--json", action="store_true", help="print machine-readable output")
    lst.set_defaults(handler=run_list)
    add = asub.add_parser("add", help="create an automation from a JSON file",
                          description='FILE holds {"name": ..., "trigger": "lead_created|stage_changed|idle|date|reply|'
                                      'score", "config": {...}, "steps": [{"delay_s": 0, "action": {"template": '
                                      '"NAME"}}]}; see app/services/messaging/automations.py for triggers and conditions.')
    add.add_argument("file", type=Path)
    add.set_defaults(handler=run_add)
    for name, active in (("pause", False), ("resume", True)):
        toggle = asub.add_parser(name, help=f"{name} an automation")
        toggle.add_argument("name", type=name_or_id, help="the automation's name or id")
        toggle.set_defaults(handler=run_toggle, active=active)
    lead = asub.add_parser("lead", help="the sequences a lead is in and what it was sent")
    lead.add_argument("lead_id", type=record_id, metavar="ID")
    lead.add_argument("--json", action="store_true", help="print machine-readable output")
    lead.set_defaults(handler=run_lead)


def run_worker(args: argparse.Namespace) -> int:
    if args.interval <= 0:
        raise BadInput("aiconnect automations run: --interval must be above 0")
    ctx = context(args)
    worker = ctx.messaging_worker()
    try:
        if args.once:
            try:
                report = worker.run_once()
            finally:
                worker.close()
            _show(report, args.json)
            return _exit_code(report)
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            worker.run(stop, interval=args.interval, on_pass=lambda r: _show(r, args.json, quiet=True))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        print("worker stopped", file=sys.stderr)
        return 0
    finally:
        ctx.close()


def _exit_code(report: PassReport) -> int:
    if report.blocked:  # not set up, or refused credentials: a configuration problem, exit 2 with one line
        print(f"aiconnect: {report.blocked}", file=sys.stderr)
        return 2
    return 0


def _show(report: PassReport, as_json: bool, quiet: bool = False) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), default=str, ensure_ascii=False), flush=True)
        return
    parts = []
    if report.inbound and report.inbound.new:
        parts.append(f"replies {report.inbound.new} (opt-outs {report.inbound.opt_outs}, opt-ins {report.inbound.opt_ins}, "
                     f"help {report.inbound.help_replies})")
    if report.automations:
        auto = report.automations
        enrolled = sum(auto.enrolled.values())
        if enrolled or auto.steps_run or auto.ended or not quiet:
            parts.append(f"automations: enrolled {enrolled}, steps {auto.steps_run}, queued {auto.messages_queued}, "
                         f"ended {sum(auto.ended.values())}")
    if report.dispatch:
        d = report.dispatch
        if d.sent or d.failed or d.held or d.canceled or d.retrying or d.uncertain or not quiet:
            parts.append(f"sent {d.sent}, failed {d.failed}, held {d.held}, canceled {d.canceled}, retrying {d.retrying}"
                         + (f", recovered after interruption {d.reconciled_found + d.reconciled_requeued}"
                            if d.reconciled_found + d.reconciled_requeued else ""))
    if report.status and (report.status.changed or not quiet):
        parts.append(f"delivery updates {report.status.changed} of {report.status.checked}")
    if parts:
        print("; ".join(parts), flush=True)
    for problem in report.problems:
        if problem != report.blocked:
            print(f"warning: {problem}", file=sys.stderr, flush=True)


def run_list(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        automations = ctx.automations().list_all()
    finally:
        ctx.close()
    if args.json:
        print_json([{"id": a.id, "name": a.name, "trigger": a.trigger, "config": a.config, "active": a.active,
                     "steps": [s.__dict__ for s in a.steps]} for a in automations])
        return 0
    for a in automations:
        print(f"{a.id}  {a.name}  [{a.trigger} {json.dumps(a.config, ensure_ascii=False)}]{'' if a.active else '  (paused)'}")
        for line in describe_steps(a.steps):
            print(f"      {line}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    try:
        spec: dict[str, Any] = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"aiconnect automations add: cannot read {args.file}: {exc}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("steps"), list):
        raise BadInput("aiconnect automations add: the file needs a JSON object with name, trigger, config and steps")
    ctx = context(args)
    try:
        record = ctx.automations().create(str(spec.get("name", "")), str(spec.get("trigger", "")),
                                          spec.get("config") or {}, spec["steps"], active=bool(spec.get("active", True)))
    finally:
        ctx.close()
    print(f"automation {record.name} created (id {record.id}, {len(record.steps)} steps)")
    return 0


def run_toggle(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        record = ctx.automations().set_active(args.name, args.active)
    finally:
        ctx.close()
    print(f"automation {record.name} {'active' if record.active else 'paused'}")
    return 0


def run_lead(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        ctx.leads.get(args.lead_id)
        views = ctx.automations().lead_sequences(args.lead_id)
    finally:
        ctx.close()
    if args.json:
        print_json([{**{k: v for k, v in view.__dict__.items() if k != "messages"},
                     "messages": [m.__dict__ for m in view.messages]} for view in views])
        return 0
    if not views:
        print(f"lead {args.lead_id} is in no sequence")
    for view in views:
        state = view.state if view.state == "active" else f"{view.state} ({view.end_reason or 'finished'})"
        print(f"{view.automation}: {state}, step {min(view.next_step, view.steps)} of {view.steps}")
        for m in view.messages:
            print(f"   #{m.message_id} {m.state}: {m.body[:70]}" + (f"  [{m.reason}]" if m.reason else ""))
    return 0

