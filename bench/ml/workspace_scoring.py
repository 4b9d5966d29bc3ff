"""`ml train` and `ml score` on a demo workspace of N leads, through the real command line.

    python -m bench.ml.workspace_scoring --leads 100000 [--workdir /tmp/aiconnect-ml-bench]

Prints one JSON line: training report (scoring, segments, next action, products — with the
resident memory TensorFlow adds while the products network trains), then scoring throughput on
the feature matrix (`leads_per_second`, the model alone), end to end (features from the
database, scoring and the bulk write back), and the time to compute and to write the
recommendation rows (`score.recommendations`), measured separately.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def aiconnect(home: Path, *argv: str) -> dict[str, object]:
    env = {**os.environ, "AICONNECT_HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "2"}
    env.pop("AICONNECT_DATABASE_URL", None)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "app", *argv], cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"aiconnect {' '.join(argv)} failed: {proc.stderr.strip()}")
    data = json.loads(proc.stdout) if proc.stdout.strip().startswith(("{", "[")) else {}
    return {"wall_seconds": round(time.perf_counter() - started, 1), **data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/aiconnect-ml-bench"))
    args = parser.parse_args()
    home = args.workdir / f"demo-{args.leads}"
    if not (home / "aiconnect.sqlite3").exists():
        aiconnect(home, "demo", "--leads", str(args.leads), "--json")
    train = aiconnect(home, "ml", "train", "--json")
    score = aiconnect(home, "ml", "score", "--json")
    print(json.dumps({"bench": "ml_workspace", "leads": args.leads, "command":
                      f"python -m bench.ml.workspace_scoring --leads {args.leads}", "train": train, "score": score},
                     ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
