"""aiconnect secrets set NAME | secrets status [--json] | secrets delete NAME

Secrets live in the OS keyring only. The value of `set` comes from stdin (a hidden prompt on a
terminal), never from an argument, so it stays out of shell history and process lists. These
commands need no database and do not open the workspace.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.common import BadInput, print_json
from app.config import load_settings
from app.logging_setup import setup_logging
from app.services.workspace.secrets import NAMES, SecretStore, check_name


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    names = ", ".join(NAMES)
    sec = sub.add_parser("secrets", help="secrets kept in the OS keyring (Twilio, Google Maps, central endpoint)",
                         description=f"Secrets kept in the OS keyring. NAME is one of: {names}.")
    sec_sub = sec.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    set_p = sec_sub.add_parser("set", help="store a secret; the value is read from stdin",
                               description="Store a secret in the OS keyring. The value is read from stdin "
                                           "(one trailing newline is removed), or asked for without echo on a terminal: "
                                           "echo -n VALUE | aiconnect secrets set twilio.auth_token")
    set_p.add_argument("name", metavar="NAME", help=names)
    set_p.add_argument("value", nargs="?", help=argparse.SUPPRESS)  # only to refuse it without echoing it
    set_p.set_defaults(handler=run_set)
    status_p = sec_sub.add_parser("status", help="which secrets are set (never their values)")
    status_p.add_argument("--json", action="store_true", help="print machine-readable output")
    status_p.set_defaults(handler=run_status)
    del_p = sec_sub.add_parser("delete", help="remove a secret from the OS keyring")
    del_p.add_argument("name", metavar="NAME", help=names)
    del_p.set_defaults(handler=run_delete)


def read_value(name: str) -> str:
    """The secret from stdin: a hidden prompt on a terminal, else everything piped in."""
    if sys.stdin is None:
        raise BadInput("aiconnect secrets set: no stdin to read the value from")
    if sys.stdin.isatty():
        return getpass.getpass(f"{name} (input hidden): ")
    value = sys.stdin.read()
    if value.endswith("\r\n"):
        return value[:-2]
    return value[:-1] if value.endswith("\n") else value


def _logging(args: argparse.Namespace) -> None:
    setup_logging(load_settings().logs_dir, verbose=getattr(args, "verbose", False))


def run_set(args: argparse.Namespace) -> int:
    _logging(args)
    if args.value is not None:
        raise BadInput("aiconnect secrets set: pass the value on stdin, not as an argument "
                       "(arguments end up in shell history); e.g. read -rs V; printf %s \"$V\" | aiconnect secrets set NAME")
    check_name(args.name)
    store = SecretStore()
    store.require_backend()  # no keyring: fail (exit 2) before asking for the value
    store.set(args.name, read_value(args.name))
    print(f"{args.name} stored in the OS keyring ({store.backend_description()})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    _logging(args)
    store = SecretStore()
    states = store.status()
    if args.json:
        print_json({"backend": store.backend_description(), "secrets": states})
        return 0
    print(f"keyring: {store.backend_description()}")
    for name, is_set in states.items():
        print(f"{name}: {'set' if is_set else 'not set'}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    _logging(args)
    check_name(args.name)
    deleted = SecretStore().delete(args.name)
    print(f"{args.name} deleted from the OS keyring" if deleted else f"{args.name} was not set")
    return 0
