"""Every benchmark, one after the other, each in its own process; one JSON line per benchmark.

    python -m bench.run_all                 # the PRODUCT.md sizes: 1M leads, 1M interactions
    python -m bench.run_all --quick         # small sizes, a smoke test of the benchmarks themselves

Results are also written to <workdir>/results-<date>.jsonl for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.common import REPO, checked_workdir, log, workdir_arg

FULL = {
    "search": ["--leads", "1000000", "--diagnose"],
    "import": ["--rows", "1000000", "--leads", "100000"],
    "startup": ["--leads", "100000", "1000000", "--runs", "5"],
    "sort": ["--leads", "1000000"],
}
QUICK = {
    "search": ["--leads", "20000"],
    "import": ["--rows", "50000", "--leads", "20000"],
    "startup": ["--leads", "20000", "--runs", "2"],
    "sort": ["--leads", "20000", "--rounds", "1"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes in all)")
    parser.add_argument("--only", choices=sorted(FULL), nargs="+", help="run only these benchmarks")
    workdir_arg(parser)
    args = parser.parse_args()
    workdir = checked_workdir(args.workdir)
    plan = QUICK if args.quick else FULL
    out = workdir / f"results-{datetime.now(UTC):%Y%m%dT%H%M%S}{'-quick' if args.quick else ''}.jsonl"
    failed = False
    for name in args.only or list(plan):
        command = [sys.executable, "-m", f"bench.bench_{name}", *plan[name], "--workdir", str(workdir)]
        log(" ".join(command))
        proc = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"bench": name, "error": f"exit {proc.returncode}, no result"}
        result["command"] = " ".join(["python", "-m", f"bench.bench_{name}", *plan[name]])
        failed |= proc.returncode != 0
        print(json.dumps(result, ensure_ascii=False), flush=True)
        with Path(out).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(result, ensure_ascii=False) + "\n")
    log(f"results in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
