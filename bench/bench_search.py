"""Search-as-you-type over a large workspace, keystroke by keystroke.

Per keystroke the leads list does what this times: `lead_ids(db, LeadQuery(text=prefix))` for
the whole ordered id list, then `lead_rows` for the ~50 visible ids. Two passes over every
query: the first right after opening the database, the second with caches warm (steady state).
With --diagnose it also explains the slow keystrokes (EXPLAIN QUERY PLAN, what the time is
spent on) and times the prototype change proposed for app/services/search.py.

    python -m bench.bench_search --leads 1000000 --workdir /tmp/aiconnect-bench --diagnose
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from bench.common import checked_workdir, cpu_pressure, emit, log, machine, summarise_ms, workdir_arg, workspace

TARGET_MEDIAN_MS = 50.0
VISIBLE_ROWS = 50
# What people type into the search box: names (with and without accents), a company word and a
# fragment, digits of a phone, e-mail fragments.
QUERIES = (
    "joão silva", "souza", "maria", "ltda", "1198", "distribuidora horizonte", "@gmail",
    "conceicao araujo", "fernanda.lima", "comércio de alimentos",
)


def keystrokes(queries: tuple[str, ...] = QUERIES) -> list[str]:
    return [query[:end] for query in queries for end in range(1, len(query) + 1)]


Search = Callable[[Any, str], list[int]]


def current_search(db: Any, prefix: str) -> list[int]:
    from app.services.search import LeadQuery, lead_ids

    return lead_ids(db, LeadQuery(text=prefix))


Keystroke = tuple[str, float, float, int]  # prefix, wall seconds, CPU seconds of this thread, matches


def type_queries(db: Any, search: Search, prefixes: list[str]) -> list[Keystroke]:
    """Per keystroke: the ordered ids plus the visible rows, on the wall clock and in CPU time.

    SQLite runs in the calling thread, so thread CPU time is the work itself; on a busy shared
    machine the wall clock also counts the time spent waiting for a core.
    """
    from app.services.search import lead_rows

    timings = []
    for prefix in prefixes:
        started, cpu = time.perf_counter(), time.thread_time()
        ids = search(db, prefix)
        lead_rows(db, ids[:VISIBLE_ROWS])
        timings.append((prefix, time.perf_counter() - started, time.thread_time() - cpu, len(ids)))
    return timings


def report(timings: list[Keystroke]) -> dict[str, Any]:
    out: dict[str, Any] = summarise_ms([wall for _, wall, _, _ in timings])
    out["cpu"] = summarise_ms([cpu for _, _, cpu, _ in timings])
    out["from_3_chars"] = summarise_ms([wall for prefix, wall, _, _ in timings if len(prefix.strip()) >= 3])
    slowest = sorted(timings, key=lambda t: -t[1])[:5]
    out["slowest"] = [{"prefix": p, "ms": round(w * 1000, 1), "cpu_ms": round(c * 1000, 1), "matches": n}
                      for p, w, c, n in slowest]
    return out


def _generation(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: summary.get(k) for k in ("leads", "interactions", "wall_s", "cpu_s")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--diagnose", action="store_true", help="explain slow keystrokes and time the proposed fix")
    workdir_arg(parser)
    args = parser.parse_args()
    ws = workspace(checked_workdir(args.workdir), args.leads)
    from app.db.engine import Database

    db = Database(ws.url)
    prefixes = keystrokes()
    log(f"typing {len(QUERIES)} queries ({len(prefixes)} keystrokes) over {args.leads:,} leads…")
    first = report(type_queries(db, current_search, prefixes))
    steady = report(type_queries(db, current_search, prefixes))
    log(f"steady median {steady['median_ms']} ms (CPU {steady['cpu']['median_ms']} ms)")
    result: dict[str, Any] = {
        "bench": "search", "leads": args.leads, "interactions": ws.summary.get("interactions"),
        "keystrokes": len(prefixes), "queries": list(QUERIES), "first_pass": first, "steady": steady,
        "target_median_ms": TARGET_MEDIAN_MS, "pass": steady["median_ms"] <= TARGET_MEDIAN_MS,
        "machine": machine(), "cpu_pressure": cpu_pressure(), "generation": _generation(ws.summary),
    }
    if args.diagnose:
        from bench.search_diagnosis import diagnose

        result["diagnosis"] = diagnose(db, prefixes, lambda search: report(type_queries(db, search, prefixes)))
    db.dispose()
    emit(result)


if __name__ == "__main__":
    main()
