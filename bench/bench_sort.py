"""Sorted and filtered lead lists over a large workspace: the id query the leads list runs.

    python -m bench.bench_sort --database /tmp/aiconnect-bench/ws-1000000-s7/aiconnect.sqlite3
"""

from __future__ import annotations

import argparse
import json
import time

CASES = (
    ("name", {}), ("company", {}), ("city", {}), ("score", {"descending": True}),
    ("last_interaction_at", {}), ("name", {"stages": ("won",)}), ("name", {"sources": ("Site",)}),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="path of a SQLite workspace database")
    args = parser.parse_args()
    from app.db.engine import Database
    from app.services.leads.id_lists import fetch_ids
    from app.services.leads.search import LeadQuery

    db = Database(f"sqlite:///{args.database}")
    rows = []
    for order, extra in CASES:
        started = time.perf_counter()
        ids = fetch_ids(db, LeadQuery(order_by=order, **extra))  # type: ignore[arg-type]
        rows.append({"order_by": order, **{k: list(v) if isinstance(v, tuple) else v for k, v in extra.items()},
                     "ids": len(ids), "ms": round((time.perf_counter() - started) * 1000, 1)})
    print(json.dumps({"bench": "sort", "cases": rows}))


if __name__ == "__main__":
    main()
