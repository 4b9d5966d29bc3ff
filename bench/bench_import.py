"""Importing interactions from CSV against the floor: raw sqlite3 executemany of the same rows.

(a) raw: the CSV's rows, already parsed and converted outside the clock, inserted with one
    sqlite3 `executemany` into `interactions` of a fresh copy of the workspace (same schema,
    same FTS triggers, the app's pragmas), committed.
(b) app: `import_file(db, csv, ImportOptions(kind="interactions"))` into another fresh copy:
    reading, mapping, validation, lead matching and writing, all on the clock.
Target (PRODUCT.md): b / a ≤ 3, both measured in the same run.

    python -m bench.bench_import --rows 1000000 --leads 100000 --workdir /tmp/aiconnect-bench
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import time
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    AS_OF,
    Workspace,
    checked_workdir,
    copy_database,
    cpu_pressure,
    emit,
    log,
    machine,
    workdir_arg,
    workspace,
)

TARGET_RATIO = 3.0
HEADER = ("lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes", "author")
COLUMNS = ("uuid", "version", "lead_id", "kind", "occurred_at", "duration_s", "outcome", "notes", "author_id",
           "created_at", "updated_at")


def write_csv(path: Path, rows: int, ws: Workspace, seed: int = 11) -> Path:
    """A realistic interactions file: every kind, Portuguese notes with commas and quotes, authors by name."""
    if path.exists():
        return path
    from app.services.demo import vocabulary as vocab

    first_id, last_id = _lead_id_range(ws.database)
    authors = [member[0] for member in vocab.TEAM]
    notes = [*vocab.CALL_ANSWERED, *vocab.MEETING_NOTES, *vocab.VISIT_NOTES, *vocab.PLAIN_NOTES, *vocab.EMAIL_NOTES,
             'Cliente disse: "mande a proposta, por favor"', "Reunião adiada; retomar em março, depois do carnaval"]
    kinds = ("call", "call", "call", "email", "note", "meeting", "visit", "sms_out", "sms_in")
    rng = random.Random(seed)
    end = int(AS_OF.timestamp())
    tmp = path.with_suffix(".partial")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for _ in range(rows):
            kind = rng.choice(kinds)
            when = datetime.fromtimestamp(end - rng.randrange(365 * 86_400), UTC).strftime("%Y-%m-%d %H:%M:%S")
            duration = str(rng.randint(20, 3600)) if kind in ("call", "meeting", "visit") else ""
            note = rng.choice(notes).format(first="Maria", product="Plano Profissional", weekday="terça",
                                            city="Recife", source="Site", staff=20) if rng.random() < 0.7 else ""
            writer.writerow((rng.randint(first_id, last_id), kind, when, duration,
                             rng.choice(("", "interessado", "realizada", "enviado")), note, rng.choice(authors)))
    tmp.rename(path)
    return path


def _lead_id_range(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as conn:
        low, high = conn.execute("SELECT min(id), max(id) FROM leads").fetchone()
    conn.close()
    return int(low), int(high)


def parsed_rows(path: Path, database: Path) -> list[tuple[Any, ...]]:
    """The CSV as ready-to-insert tuples in the app's storage format (done outside the clock)."""
    with sqlite3.connect(database) as conn:
        users = dict(conn.execute("SELECT username, id FROM users"))
    conn.close()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    out = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for lead_id, kind, occurred, duration, outcome, notes, author in reader:
            out.append((str(uuid.uuid4()), 1, int(lead_id), kind, occurred + ".000000", int(duration) if duration else None,
                        outcome or None, notes or None, users[author], stamp, stamp))
    return out


def raw_insert(database: Path, rows: list[tuple[Any, ...]]) -> tuple[float, float]:
    """(wall, CPU) seconds for one executemany of every row plus the commit, with the app's pragmas."""
    conn = sqlite3.connect(database, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=30000",
                   "cache_size=-65536"):
        conn.execute(f"PRAGMA {pragma}")
    sql = f"INSERT INTO interactions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return seconds, cpu


def app_import(database: Path, path: Path) -> tuple[float, float, dict[str, Any]]:
    from app.db.engine import Database
    from app.services.transfer.importing import ImportOptions, import_file

    db = Database(f"sqlite:///{database}")
    started, cpu = time.perf_counter(), time.process_time()
    result = import_file(db, path, ImportOptions(kind="interactions"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.dispose()
    facts = {k: getattr(result, k) for k in ("rows_read", "created", "committed") if hasattr(result, k)}
    facts["errors"] = len(getattr(result, "errors", []) or [])
    return seconds, cpu, facts


def count_interactions(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        count = int(conn.execute("SELECT count(*) FROM interactions").fetchone()[0])
    conn.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="interactions in the CSV")
    parser.add_argument("--leads", type=int, default=100_000, help="leads in the workspace imported into")
    parser.add_argument("--repeat", type=int, default=1, help="raw/app pairs to run (medians are reported)")
    workdir_arg(parser)
    args = parser.parse_args()
    workdir = checked_workdir(args.workdir)
    ws = workspace(workdir, args.leads)
    path = write_csv(workdir / f"interactions-{args.rows}-ws{args.leads}.csv", args.rows, ws)
    rows = parsed_rows(path, ws.database)
    before = count_interactions(ws.database)
    raw_s: list[float] = []
    app_s: list[float] = []
    raw_cpu: list[float] = []
    app_cpu: list[float] = []
    facts: dict[str, Any] = {}
    error = None
    for attempt in range(args.repeat):
        log(f"[{attempt + 1}/{args.repeat}] raw executemany of {len(rows):,} rows…")
        seconds, cpu = raw_insert(copy_database(ws.database, workdir / "import-raw.sqlite3"), rows)
        raw_s.append(seconds)
        raw_cpu.append(cpu)
        log(f"[{attempt + 1}/{args.repeat}] import_file of the same {len(rows):,} rows…")
        target = copy_database(ws.database, workdir / "import-app.sqlite3")
        try:
            seconds, cpu, facts = app_import(target, path)
        except Exception as exc:  # the importer is someone else's work in progress: report, don't hide
            error = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            break
        facts["interactions_added"] = count_interactions(target) - before
        app_s.append(seconds)
        app_cpu.append(cpu)
    raw = statistics.median(raw_s)
    result: dict[str, Any] = {
        "bench": "import", "rows": len(rows), "leads": args.leads, "existing_interactions": before,
        "raw_executemany_s": round(raw, 2), "raw_runs_s": [round(s, 2) for s in raw_s],
        "raw_rows_per_s": round(len(rows) / raw), "raw_cpu_s": round(statistics.median(raw_cpu), 2),
        "target_ratio": TARGET_RATIO, "machine": machine(),
        "cpu_pressure": cpu_pressure(),
    }
    if app_s:
        app = statistics.median(app_s)
        result.update({"import_file_s": round(app, 2), "import_runs_s": [round(s, 2) for s in app_s],
                       "import_rows_per_s": round(len(rows) / app), "ratio": round(app / raw, 2),
                       "pass": app / raw <= TARGET_RATIO, "import_result": facts,
                       "import_cpu_s": round(statistics.median(app_cpu), 2),
                       "cpu_ratio": round(statistics.median(app_cpu) / statistics.median(raw_cpu), 2)})
    else:
        result.update({"ratio": None, "pass": None, "error": error})
    emit(result)


if __name__ == "__main__":
    main()
