"""The ML benchmarks on the four real datasets, each through the real command line in its own
process; one JSON line per benchmark, with the exact command that produced it.

    python -m bench.ml.real_data /work/shared/datasets            # all four
    python -m bench.ml.real_data /work/shared/datasets --only bank retail

Run them one at a time on a shared machine: each trains several models.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
X_EDUCATION_SALES_COLUMNS = "Tags,Lead Quality,Asymmetrique *,Lead Profile"
RETAIL_MAP = ("InvoiceNo=invoice,StockCode=item,Description=description,Quantity=quantity,"
              "InvoiceDate=time,UnitPrice=unit_price,CustomerID=customer")


def plans(datasets: Path) -> dict[str, list[str]]:
    return {
        "bank": ["scoring", "--data", str(datasets / "bank-additional-full.csv"), "--target", "y", "--drop", "duration"],
        "xedu": ["scoring", "--data", str(datasets / "x-education-leads.csv"), "--target", "Converted",
                 "--drop", X_EDUCATION_SALES_COLUMNS],
        "retail": ["recommend", "--purchases", str(datasets / "online-retail-until-2011-09-30.csv.gz"),
                   "--until", "2011-08-01", "--k", "10", "--map", RETAIL_MAP],
        "hillstrom": ["next-action", "--data", str(datasets / "hillstrom-half.csv"), "--action", "segment",
                      "--outcome", "visit", "--drop", "conversion,spend"],
    }


def run(name: str, argv: list[str]) -> dict[str, object]:
    command = [sys.executable, "-m", "app", "ml", "evaluate", *argv, "--json"]
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    shown = "aiconnect ml evaluate " + " ".join(f"'{a}'" if " " in a or "*" in a else a for a in argv) + " --json"
    if proc.returncode != 0:
        return {"bench": name, "command": shown, "error": proc.stderr.strip().splitlines()[-1:]}
    result = json.loads(proc.stdout)
    return {"bench": name, "command": shown, "wall_seconds": round(time.perf_counter() - started, 1), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", type=Path, help="folder holding the four dataset files")
    parser.add_argument("--only", nargs="+", choices=("bank", "xedu", "retail", "hillstrom"), help="run only these")
    args = parser.parse_args()
    failed = False
    for name, argv in plans(args.datasets).items():
        if args.only and name not in args.only:
            continue
        result = run(name, argv)
        failed |= "error" in result
        print(json.dumps(result, ensure_ascii=False), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
