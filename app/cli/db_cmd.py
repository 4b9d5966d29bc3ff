"""aiconnect db upgrade | db backup | db restore [BACKUP] [--json]"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import BadInput, context, print_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="back up (SQLite) and migrate the configured database to this version")
    up.set_defaults(handler=run_upgrade)
    backup = db_sub.add_parser("backup", help="copy the local SQLite workspace to the backups folder now")
    backup.add_argument("--json", action="store_true", help="print machine-readable output")
    backup.set_defaults(handler=run_backup)
    restore = db_sub.add_parser(
        "restore", help="list the backups, or restore one (the damaged file is kept aside)",
        description="Without BACKUP, list the backups of the local SQLite workspace, newest first, and say whether "
                    "the current file looks whole. With BACKUP (a name from the list, `newest`, or the path of a "
                    "copy), put it in place of the database; the current file and its WAL are renamed to "
                    "*.damaged-TIME beside it. Close the app first.")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup's name, `newest`, or a file path")
    restore.add_argument("--json", action="store_true", help="print machine-readable output")
    restore.set_defaults(handler=run_restore)


def run_upgrade(args: argparse.Namespace) -> int:
    ctx = context(args)  # opening the context migrates
    try:
        from app.db.migrate import current_revision

        print(f"database is at schema {current_revision(ctx.db.engine)}")
    finally:
        ctx.close()
    return 0


def _local_file(args: argparse.Namespace, action: str) -> tuple[Path, Path]:
    """The SQLite file and the backups folder, without opening the database (it may be the damaged one)."""
    from app.config import load_settings
    from app.logging_setup import setup_logging

    settings = load_settings()
    setup_logging(settings.logs_dir, verbose=getattr(args, "verbose", False))
    if settings.sqlite_path is None:
        raise BadInput(f"aiconnect db {action}: only the local SQLite workspace is backed up here; a team's PostgreSQL "
                       "database is backed up and restored on its server (pg_dump / pg_restore, see README)")
    return settings.sqlite_path, settings.backups_dir


def run_backup(args: argparse.Namespace) -> int:
    from app.db import backup

    path, folder = _local_file(args, "backup")
    what = backup.problem(path) if path.exists() else "there is no database file yet"
    if what is not None:
        raise BadInput(f"aiconnect db backup: not backing up {path}: {what}")
    target = backup.take(path, folder, "manual")
    if args.json:
        print_json({"backup": str(target), "size": target.stat().st_size})
    else:
        print(f"backed up {path} to {target}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.db import backup

    path, folder = _local_file(args, "restore")
    if args.backup is None:
        return _list(path, folder, args.json)
    chosen = backup.find(folder, path.stem, args.backup)
    source = chosen.path if isinstance(chosen, backup.Backup) else chosen
    if source.resolve() == path.resolve():
        raise BadInput(f"aiconnect db restore: {source} is the database itself; name a backup")
    aside = backup.restore(path, source)
    if args.json:
        print_json({"restored": str(source), "database": str(path), "kept_aside": str(aside) if aside else None})
    else:
        print(f"restored {path} from {source}" + (f"; the previous file is kept as {aside}" if aside else ""))
    return 0


def _list(path: Path, folder: Path, as_json: bool) -> int:
    from app.db import backup

    found = backup.backups(folder, path.stem)
    what = backup.problem(path)
    state = "missing" if not path.exists() else ("damaged: " + what if what else "looks whole")
    if as_json:
        print_json({"database": str(path), "state": state, "backups": [
            {"name": b.name, "path": str(b.path), "taken_at": b.taken_at, "why": b.why, "size": b.size} for b in found]})
        return 0
    print(f"database {path}: {state}")
    if not found:
        print(f"no backups in {folder}")
    for n, item in enumerate(found, start=1):
        print(f"{n:2d}. {item.name}  ({item.describe()})")
    if found:
        print(f"restore one with: aiconnect db restore {found[0].name}")
    return 0
