"""aiconnect db upgrade"""

from __future__ import annotations

import argparse

from app.cli.common import context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="back up (SQLite) and migrate the configured database to this version")
    up.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    ctx = context(args)  # opening the context migrates
    try:
        from app.db.migrate import current_revision

        print(f"database is at schema {current_revision(ctx.db.engine)}")
    finally:
        ctx.close()
    return 0
