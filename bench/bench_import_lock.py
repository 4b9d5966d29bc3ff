"""How long an import keeps everyone else from writing: the longest SQLite write-lock hold.

The import runs in its own process (as `aiconnect import` does) on a copy of a small demo
workspace; meanwhile this process
(a) probes the write lock every few milliseconds with `BEGIN IMMEDIATE` and no busy timeout,
    so each run of refusals is one hold of the lock, and reports the longest;
(b) writes a row every 200 ms as another program would (a `config set`, a lead edit), through
    the app's own engine (app/db/engine.py: it waits politely), and reports the longest wait and
    how many writes failed with "database is locked"; `--writer-timeout 30` gives it a plain
    30-second busy timeout instead, as the app had before.

    python -m bench.bench_import_lock                      # 200,000 generated leads
    python -m bench.bench_import_lock --rows 1000000
    python -m bench.bench_import_lock --kind interactions --rows 1000000
    python -m bench.bench_import_lock --file contatos.csv  # your own leads file
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import REPO, checked_workdir, copy_database, emit, log, machine, workdir_arg, workspace

PROBE_S = 0.003
WRITER_EVERY_S = 0.2

IMPORT = """
import json, sys
from app.db.engine import Database
from app.services.transfer.importing import ImportOptions, import_file
db = Database(sys.argv[1])
result = import_file(db, sys.argv[2], ImportOptions(kind=sys.argv[3], valid_only=True))
print(json.dumps({"rows_read": result.rows_read, "created": result.created, "errors": len(result.errors),
                  "committed": result.committed, "seconds": round(result.seconds, 2)}))
"""

CITIES = ("São Paulo", "Recife", "Natal", "Curitiba", "Belo Horizonte", "Porto Alegre", "Salvador", "Manaus")
FIRST = ("Ana", "João", "Maria", "Pedro", "Luiza", "Carlos", "Beatriz", "Rafael", "Fernanda", "Tiago")
LAST = ("Souza", "Silva", "Oliveira", "Santos", "Lima", "Pereira", "Costa", "Almeida", "Ribeiro", "Gomes")


def write_leads(path: Path, rows: int, seed: int = 5) -> Path:
    """A leads file as a rep would bring it: Portuguese headers, phones as people type them, some tags."""
    if path.exists():
        return path
    rng = random.Random(seed)
    partial = path.with_suffix(".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("Nome", "E-mail", "Telefone", "Empresa", "Cidade", "Etapa", "Origem", "Tags", "Valor"))
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            writer.writerow((f"{first} {last} {i}", f"{first.lower()}.{i}@exemplo.com.br",
                             f"(11) 9{rng.randint(6000, 9999)}-{rng.randint(0, 9999):04d}" if rng.random() < 0.8 else "",
                             f"{last} & Filhos Ltda", rng.choice(CITIES),
                             rng.choice(("novo", "contatado", "qualificado", "proposta")),
                             rng.choice(("Site", "Indicação", "Feira")), rng.choice(("", "vip", "varejo, vip")),
                             f"{rng.randint(100, 90000)},{rng.randint(0, 99):02d}"))
    partial.rename(path)
    return path


class LockProbe(threading.Thread):
    """Runs of 'database is locked' answers to BEGIN IMMEDIATE without waiting: the holds of the write lock."""

    def __init__(self, database: Path) -> None:
        super().__init__(daemon=True)
        self.conn = sqlite3.connect(database, timeout=0, isolation_level=None, check_same_thread=False)
        self.stop = threading.Event()
        self.holds: list[float] = []

    def run(self) -> None:
        locked_since: float | None = None
        while not self.stop.is_set():
            now = time.perf_counter()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute("ROLLBACK")
            except sqlite3.OperationalError:
                if locked_since is None:
                    locked_since = now
            else:
                if locked_since is not None:
                    self.holds.append(now - locked_since)
                    locked_since = None
            time.sleep(PROBE_S)
        if locked_since is not None:
            self.holds.append(time.perf_counter() - locked_since)
        self.conn.close()


class PoliteWriter(threading.Thread):
    """Another program's small writes: how long each waited, which failed."""

    def __init__(self, database: Path, timeout_s: float | None) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.failures = 0
        self.timeout_s = timeout_s
        if timeout_s is None:
            from app.db.engine import Database

            self.db: Any = Database(f"sqlite:///{database}")
            with self.db.engine.begin() as conn:
                conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS bench_writer (at REAL)")
        else:
            self.conn = sqlite3.connect(database, timeout=timeout_s, isolation_level=None, check_same_thread=False)
            self.conn.execute("CREATE TABLE IF NOT EXISTS bench_writer (at REAL)")

    def write(self, at: float) -> None:
        if self.timeout_s is None:
            with self.db.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO bench_writer VALUES (?)", (at,))
        else:
            self.conn.execute("INSERT INTO bench_writer VALUES (?)", (at,))

    def run(self) -> None:
        while not self.stop.wait(WRITER_EVERY_S):
            started = time.perf_counter()
            try:
                self.write(started)
            except Exception as exc:  # "database is locked", from sqlite3 or through SQLAlchemy
                if "locked" not in str(exc):
                    raise
                self.failures += 1
            self.waits.append(time.perf_counter() - started)


def measure(database: Path, data: Path, kind: str, writer_timeout: float | None) -> dict[str, Any]:
    probe, writer = LockProbe(database), PoliteWriter(database, writer_timeout)
    probe.start()
    writer.start()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", IMPORT, f"sqlite:///{database}", str(data), kind],
                          cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    probe.stop.set()
    writer.stop.set()
    probe.join()
    writer.join()
    if done.returncode:
        raise SystemExit(f"the import failed:\n{done.stderr}")
    holds = sorted(probe.holds, reverse=True)
    return {
        "import": __import__("json").loads(done.stdout.strip().splitlines()[-1]),
        "import_wall_s": round(wall, 2),
        "longest_lock_hold_s": round(holds[0], 3) if holds else 0.0,
        "lock_holds_over_1s": sum(1 for h in holds if h > 1.0),
        "lock_held_total_s": round(sum(holds), 2),
        "writer_longest_wait_s": round(max(writer.waits, default=0.0), 3),
        "writer_writes": len(writer.waits),
        "writer_failures_database_locked": writer.failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows to generate (default 200,000)")
    parser.add_argument("--kind", choices=("leads", "interactions"), default="leads")
    parser.add_argument("--file", type=Path, help="import this file instead of a generated one")
    parser.add_argument("--leads", type=int, default=2_000, help="leads in the demo workspace imported into")
    parser.add_argument("--writer-timeout", type=float, metavar="S",
                        help="the other writer uses a plain sqlite3 busy timeout of S seconds, not the app's engine")
    workdir_arg(parser)
    args = parser.parse_args()
    workdir = checked_workdir(args.workdir)
    ws = workspace(workdir, args.leads)
    if args.file is not None:
        data = args.file.expanduser().resolve()
    elif args.kind == "leads":
        data = write_leads(workdir / f"lock-leads-{args.rows}.csv", args.rows)
    else:
        from bench.bench_import import write_csv

        data = write_csv(workdir / f"lock-interactions-{args.rows}-ws{args.leads}.csv", args.rows, ws)
    target = copy_database(ws.database, workdir / "import-lock.sqlite3")
    log(f"importing {data.name} ({args.kind}) into a copy of the {args.leads:,}-lead workspace, probing the lock…")
    result = {"bench": "import_lock", "kind": args.kind, "file": data.name, "rows": args.rows if args.file is None else None,
              "workspace_leads": args.leads,
              "writer": "app engine" if args.writer_timeout is None else f"sqlite3 timeout {args.writer_timeout} s",
              **measure(target, data, args.kind, args.writer_timeout),
              "machine": machine()}
    emit(result)


if __name__ == "__main__":
    main()
