"""What every benchmark shares: the cached demo workspaces, the machine, the JSON line, statistics.

Workspaces are SQLite databases built with app.services.demo.generator and cached under the work dir
(default /tmp/aiconnect-bench, never inside the repository), so a 1M-lead database is generated
once and reused by every later run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_WORKDIR = Path(os.environ.get("AICONNECT_BENCH_DIR", "/tmp/aiconnect-bench"))
# Fixed so every cached workspace holds the same data whatever day it was built.
AS_OF = datetime(2025, 6, 30, 18, 0, tzinfo=UTC)


def workdir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"where databases and files are built and cached (default {DEFAULT_WORKDIR})")


def checked_workdir(path: Path) -> Path:
    path = path.expanduser().resolve()
    if path == REPO or REPO in path.parents:
        raise SystemExit(f"bench: the work dir must be outside the repository, not {path}")
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Workspace:
    home: Path  # an AICONNECT_HOME
    database: Path
    leads: int
    built_s: float | None  # seconds the demo generation took, if it was built by this call
    summary: dict[str, Any]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.database}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "AICONNECT_HOME": str(self.home), "AICONNECT_DATABASE_URL": self.url}


def workspace(workdir: Path, leads: int, *, interactions_per_lead: int | None = None, seed: int = 7) -> Workspace:
    """The cached demo workspace with this many leads, generated on first use and migrated to head."""
    from app.db.engine import Database
    from app.db.migrate import upgrade
    from app.services.demo.generator import generate

    ipl = "" if interactions_per_lead is None else f"-ipl{interactions_per_lead}"
    home = checked_workdir(workdir) / f"ws-{leads}{ipl}-s{seed}"
    database, marker = home / "aiconnect.sqlite3", home / "demo.json"
    if marker.exists():
        db = Database(f"sqlite:///{database}")
        upgrade(db.engine, backups_dir=None)  # other engineers' new migrations; no 1 GB backup copies
        db.dispose()
        return Workspace(home, database, leads, None, json.loads(marker.read_text()))
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    db = Database(f"sqlite:///{database}")
    upgrade(db.engine, backups_dir=None)
    log(f"generating a {leads:,}-lead demo workspace in {home} (cached for later runs)…")
    started, cpu = time.perf_counter(), time.process_time()
    summary = generate(db, leads=leads, seed=seed, interactions_per_lead=interactions_per_lead, as_of=AS_OF)
    built, cpu = time.perf_counter() - started, time.process_time() - cpu
    checkpoint(db)
    db.dispose()
    facts = {**summary.as_dict(), "wall_s": round(built, 2), "cpu_s": round(cpu, 2), "machine": machine()}
    marker.write_text(json.dumps(facts))
    return Workspace(home, database, leads, built, summary.as_dict())


def checkpoint(db: Any) -> None:
    """Fold the WAL into the database file so copies and cold starts see one file."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (the WAL included)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def evict_from_page_cache(*paths: Path) -> None:
    """Ask the kernel to drop these files' cached pages (only ours), for a colder start."""
    for path in paths:
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def cpu_pressure() -> str | None:
    """The kernel's CPU pressure line: how often runnable tasks waited for a core (shared machines)."""
    try:
        return Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None


def summarise_ms(samples_s: list[float]) -> dict[str, float]:
    """median, p90 and max of timings given in seconds, as milliseconds."""
    ordered = sorted(samples_s)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "n": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p90_ms": round(p90 * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1),
    }


def emit(result: dict[str, Any]) -> None:
    """The benchmark's one JSON line on stdout (progress goes to stderr)."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
