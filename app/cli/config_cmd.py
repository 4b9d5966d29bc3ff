"""aiconnect config set KEY VALUE | config get KEY"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import context, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cfg = sub.add_parser("config", help="non-secret workspace settings")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    set_p = cfg_sub.add_parser("set", help="set a setting, e.g. sms.quiet_hours 08:00-20:00")
    set_p.add_argument("key")
    set_p.add_argument("value")
    set_p.set_defaults(handler=run_set)
    get_p = cfg_sub.add_parser("get", help="print a setting (or all with --all)")
    get_p.add_argument("key", nargs="?")
    get_p.add_argument("--json", action="store_true", help="print machine-readable output")
    get_p.set_defaults(handler=run_get)


def run_set(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        print(f"{args.key} = {ctx.workspace.set(args.key, args.value)}")
    finally:
        ctx.close()
    return 0


def run_get(args: argparse.Namespace) -> int:
    ctx = context(args)
    try:
        values = ctx.workspace.all() if args.key is None else {args.key: ctx.workspace.get(args.key)}
        if args.json:
            print_json(values)
        elif args.key is not None:
            print(values[args.key])
        else:
            for key, value in values.items():
                print(f"{key} = {value}")
        for key, problem in ctx.workspace.problems().items():  # a stored value an older version left, not used
            if args.key is None or args.key == key:
                print(f"aiconnect: {key}: {problem}", file=sys.stderr)
    finally:
        ctx.close()
    return 0
