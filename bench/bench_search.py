"""Search-as-you-type over a large workspace, keystroke by keystroke, through the Leads list model.

What a user waits for after a keystroke is timed on the list model the Leads screen uses
(app/ui/leads_model.LeadTableModel with a real TaskRunner, offscreen Qt), not on a bench-only
query: `set_query(LeadQuery(text=prefix))`, then

- page:  until the first screenful is available to the view: the model's first-page answer is
         applied (`page_loaded`, or `loaded` when one query held everything) and the first
         block of rows is fetched and formatted (`index(0, 0).data()`, as painting does);
- full:  until the complete ordered id list with its count is in (`loaded`): the scroll range,
         and leads matched only through interaction notes.

Two passes: "sequential" waits for the full list after every keystroke (both times measured for
every keystroke; the first 2 passes warm the caches, the last one is reported); "typing" sends a
keystroke every --interval ms whatever has arrived, as a fast typist would (the view's debounce
is 150 ms), so a running full list is interrupted by the next keystroke, and times each
keystroke's page (a page overtaken by the next keystroke is counted as such).

    python -m bench.bench_search --leads 1000000 --workdir /tmp/aiconnect-bench
    python -m bench.bench_search --leads 1000000 --diagnose   # + per-plan timings (search_diagnosis)
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from bench.common import checked_workdir, cpu_pressure, emit, log, machine, workdir_arg, workspace

TARGET_MEDIAN_MS = 50.0
# What people type into the search box: names with and without accents, companies, cities, phone
# digits, e-mail fragments; every query starts with its one-letter prefix.
QUERIES = (
    "joão silva", "souza", "maria", "ltda", "1198", "distribuidora horizonte", "@gmail",
    "conceicao araujo", "fernanda.lima", "comércio de alimentos", "são paulo", "rio de janeiro", "4832",
)


def keystrokes(queries: tuple[str, ...] = QUERIES) -> list[str]:
    return [query[:end] for query in queries for end in range(1, len(query) + 1)]


def stats(samples_ms: list[float]) -> dict[str, Any]:
    if not samples_ms:
        return {"n": 0}
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}


class Typist:
    """Drives one LeadTableModel the way the Leads screen does."""

    def __init__(self, db: Any) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        from app.ui.leads.model import LeadTableModel
        from app.ui.tasks import TaskRunner

        self.runner = TaskRunner()
        self.model = LeadTableModel(db, self.runner)
        self.loop = QEventLoop()
        self.timer = QTimer(singleShot=True)
        self.timer.timeout.connect(self.loop.quit)
        self.events: list[tuple[str, int, float]] = []  # (what, generation, perf_counter)
        self.model.page_loaded.connect(lambda _n: self._event("page"))
        self.model.loaded.connect(lambda _n: self._event("full"))
        self.model.failed.connect(lambda exc: log(f"query failed: {exc!r}"))

    def _event(self, what: str) -> None:
        self.events.append((what, self.model._generation, time.perf_counter()))
        self.loop.quit()

    def wait(self, until: Any, timeout_s: float) -> bool:
        deadline = time.perf_counter() + timeout_s
        while not until():
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.timer.start(max(1, int(left * 1000)))
            self.loop.exec()
        return True

    def type(self, prefix: str) -> tuple[int, float]:
        from app.services.leads.search import LeadQuery

        started = time.perf_counter()
        self.model.set_query(LeadQuery(text=prefix))
        return self.model._generation, started

    def first_rows(self) -> None:
        if self.model.rowCount() > 0:
            self.model.index(0, 0).data()  # the first block of rows, fetched and formatted as painting does

    def arrived(self, what: str, generation: int) -> float | None:
        return next((at for kind, gen, at in self.events if gen == generation and kind in what), None)

    def close(self) -> None:
        self.runner.wait_for_done(120_000)


def sequential(typist: Typist, prefixes: list[str]) -> list[dict[str, Any]]:
    out = []
    for prefix in prefixes:
        generation, started = typist.type(prefix)
        typist.wait(lambda g=generation: typist.arrived("pagefull", g) is not None, 120)
        typist.first_rows()
        page_ms = (time.perf_counter() - started) * 1000
        typist.wait(lambda g=generation: typist.arrived("full", g) is not None, 300)
        full_at = typist.arrived("full", generation)
        full_ms = ((full_at or time.perf_counter()) - started) * 1000
        out.append({"prefix": prefix, "page_ms": round(page_ms, 1), "full_ms": round(full_ms, 1),
                    "rows": typist.model.rowCount()})
    return out


def typing(typist: Typist, prefixes: list[str], interval_s: float) -> dict[str, Any]:
    """A keystroke every interval: pages timed, overtaken pages counted, full lists interrupted."""
    page_ms: list[float] = []
    overtaken = 0
    for i, prefix in enumerate(prefixes):
        generation, started = typist.type(prefix)
        last = i + 1 == len(prefixes) or len(prefixes[i + 1]) < len(prefix)  # the query's last keystroke
        deadline = started + (120 if last else interval_s)
        typist.wait(lambda g=generation: typist.arrived("pagefull", g) is not None, deadline - time.perf_counter())
        if typist.arrived("pagefull", generation) is None:
            overtaken += 1
        else:
            typist.first_rows()
            page_ms.append((time.perf_counter() - started) * 1000)
        if last:  # the query typed out: its full list must land
            typist.wait(lambda g=generation: typist.arrived("full", g) is not None, 300)
        else:
            typist.wait(lambda: False, max(0.0, started + interval_s - time.perf_counter()))
    return {"interval_ms": round(interval_s * 1000), "page": stats(page_ms), "overtaken_pages": overtaken}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    page = [r["page_ms"] for r in rows]
    full = [r["full_ms"] for r in rows]
    return {
        "page": stats(page), "full": stats(full),
        "page_from_3_chars": stats([r["page_ms"] for r in rows if len(r["prefix"].strip()) >= 3]),
        "slowest_pages": sorted(rows, key=lambda r: -r["page_ms"])[:6],
        "slowest_full": sorted(rows, key=lambda r: -r["full_ms"])[:4],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--passes", type=int, default=3, help="sequential passes; the last one is reported")
    parser.add_argument("--interval", type=float, default=0.12, help="seconds between keystrokes when typing")
    parser.add_argument("--diagnose", action="store_true", help="also time each first-page plan per keystroke")
    workdir_arg(parser)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    ws = workspace(checked_workdir(args.workdir), args.leads)
    from app.db.engine import Database

    db = Database(ws.url)
    typist = Typist(db)
    prefixes = keystrokes()
    log(f"typing {len(QUERIES)} queries ({len(prefixes)} keystrokes) over {args.leads:,} leads…")
    load = [os.getloadavg()[0]]
    passes = []
    for n in range(args.passes):
        passes.append(sequential(typist, prefixes))
        load.append(os.getloadavg()[0])
        done = summary(passes[-1])
        log(f"pass {n + 1}: page median {done['page']['median_ms']} ms p95 {done['page']['p95_ms']} ms; "
            f"full median {done['full']['median_ms']} ms p95 {done['full']['p95_ms']} ms")
    steady = summary(passes[-1])
    typed = typing(typist, prefixes, args.interval)
    load.append(os.getloadavg()[0])
    log(f"typing every {typed['interval_ms']} ms: page {typed['page']}, overtaken {typed['overtaken_pages']}")
    typist.close()
    result: dict[str, Any] = {
        "bench": "search", "leads": args.leads, "interactions": ws.summary.get("interactions"),
        "keystrokes": len(prefixes), "queries": list(QUERIES), "first_pass": summary(passes[0]), "steady": steady,
        "typing": typed, "target_median_ms": TARGET_MEDIAN_MS,
        "pass": steady["page"]["median_ms"] <= TARGET_MEDIAN_MS, "loadavg_1m": [round(x, 2) for x in load],
        "machine": machine(), "cpu_pressure": cpu_pressure(), "per_keystroke": passes[-1],
    }
    if args.diagnose:
        from bench.search_diagnosis import diagnose

        result["diagnosis"] = diagnose(db, prefixes)
    db.dispose()
    del app
    emit(result)


if __name__ == "__main__":
    main()
