"""Cold start to an interactive window, and the memory it holds, with 100k and 1M leads.

Runs `python -m app gui --exit-when-ready` (offscreen) against a cached demo workspace. The
app prints one JSON line as soon as the main window shows the populated lead list —
{"ready_s": seconds since its process started, "rss_mb": ..., "heavy_modules": [...]} — and
exits. This script measures the wall time from spawning the process to that line too, and the
child's peak resident memory (wait4). The first run of each size is "cold": the database
file's pages are dropped from the OS cache first (posix_fadvise, only that file); the rest are
"warm". Targets (PRODUCT.md, since issue 11): ≤ 1.0 s cold and ≤ 0.7 s warm to an interactive
window with 1M leads; no TensorFlow, scikit-learn or pandas imported at start; ≤ 300 MB resident
with 1M leads open. The app's modules are byte-compiled first and the child runs without
PYTHONDONTWRITEBYTECODE, as an installed app does (pip compiles what it installs): recompiling
the changed modules on every start is a development cost, not the rep's.

    python -m bench.bench_startup --leads 100000 1000000 --runs 5 --workdir /tmp/aiconnect-bench
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import (
    REPO,
    Workspace,
    checked_workdir,
    cpu_pressure,
    emit,
    evict_from_page_cache,
    log,
    machine,
    workdir_arg,
    workspace,
)

TARGET_START_S = 1.0  # cold
TARGET_WARM_S = 0.7
TARGET_RSS_MB = 300.0
FORBIDDEN_AT_START = ("tensorflow", "sklearn", "pandas")
TIMEOUT_S = 180.0


def launch(ws: Workspace, *, cold: bool) -> dict[str, Any]:
    """One start of the app; what it reported plus our own wall clock and its peak memory."""
    if cold:
        evict_from_page_cache(ws.database, Path(f"{ws.database}-wal"))
    env = {**ws.env(), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "app", "gui", "--exit-when-ready"], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=errors, text=True)
        watchdog = threading.Timer(TIMEOUT_S, proc.kill)
        watchdog.start()
        report, wall = _ready_line(proc)
        wall = wall - started if wall is not None else None
        assert proc.stdout is not None
        proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        watchdog.cancel()
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-5:]
    run: dict[str, Any] = {"exit_code": proc.returncode, "wall_s": round(wall, 3) if wall is not None else None,
                           "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                           "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}  # the child's whole life
    if report is None:
        run["error"] = "no ready line" + (f"; stderr: {' | '.join(tail)}" if tail else "")
    else:
        run.update(report)
    return run


def _ready_line(proc: subprocess.Popen[str]) -> tuple[dict[str, Any] | None, float | None]:
    assert proc.stdout is not None
    for line in proc.stdout:
        at = time.perf_counter()
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and "ready_s" in data:
            return data, at
    return None, None


def measure(ws: Workspace, runs: int) -> dict[str, Any]:
    compileall.compile_dir(REPO / "app", quiet=1)  # as installed: bytecode for every module
    results = [launch(ws, cold=index == 0) for index in range(runs)]
    for index, run in enumerate(results):
        log(f"{ws.leads:,} leads, run {index + 1}: {run}")
    good = [run for run in results if "error" not in run and run.get("exit_code") == 0]
    out: dict[str, Any] = {"leads": ws.leads, "runs": results}
    if not good or "error" in results[0]:
        out.update({"pass_start": None, "pass_memory": None, "error": results[0].get("error", "no successful run")})
        return out
    cold, warm = results[0], good[1:] or good
    heavy = sorted({name for run in good for name in run.get("heavy_modules", [])})
    rss = max(run.get("rss_mb") or 0 for run in good)
    out.update({
        "cold_wall_s": cold["wall_s"], "cold_ready_s": cold.get("ready_s"),
        "warm_wall_median_s": _median(run["wall_s"] for run in warm),
        "warm_ready_median_s": _median(run.get("ready_s") for run in warm),
        "cold_cpu_s": cold["cpu_s"], "warm_cpu_median_s": _median(run["cpu_s"] for run in warm),
        "rss_mb_max": rss, "peak_rss_mb_max": max(run["peak_rss_mb"] for run in good), "heavy_modules": heavy,
        "pass_start": cold["wall_s"] <= TARGET_START_S and not set(heavy) & set(FORBIDDEN_AT_START),
        "pass_warm": (_median(run["wall_s"] for run in warm) or 1e9) <= TARGET_WARM_S,
        "pass_memory": rss <= TARGET_RSS_MB,
    })
    return out


def _median(values: Any) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 3) if present else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5, help="starts per size; the first is the cold one")
    workdir_arg(parser)
    args = parser.parse_args()
    workdir = checked_workdir(args.workdir)
    sizes = [measure(workspace(workdir, leads), max(1, args.runs)) for leads in args.leads]
    emit({"bench": "startup", "sizes": sizes, "target_start_s": TARGET_START_S, "target_warm_s": TARGET_WARM_S,
          "target_rss_mb": TARGET_RSS_MB,
          "forbidden_at_start": list(FORBIDDEN_AT_START), "machine": machine(),
          "cpu_pressure": cpu_pressure()})


if __name__ == "__main__":
    main()
