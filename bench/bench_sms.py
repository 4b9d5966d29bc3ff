"""SMS dispatch against the fake Twilio server: achieved rate vs the configured rate, CPU, memory.

10,000 personalised messages are queued (templates rendered, compliance checked) in a fresh
SQLite workspace, then one dispatcher pass sends them through the real twilio client to the
fake Twilio server, which runs in its own process (so its CPU is not counted as ours).
Target (PRODUCT.md): at least 95% of the configured messages per second. A short unthrottled
pass first measures the dispatcher's ceiling on this machine (how much headroom the rate has).

    python -m bench.bench_sms --messages 10000 --rate 60 --workdir /tmp/aiconnect-bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import REPO, checked_workdir, cpu_pressure, emit, log, machine, workdir_arg

TARGET_RATIO = 0.95
BODY = "Olá {{ lead.name | primeiro_nome }}, seu pedido {{ lead.id }} foi confirmado. Obrigado!"


def start_fake() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakes.twilio_server", "--port", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise SystemExit(f"bench: the fake Twilio server did not start ({line!r})")
    return proc, f"http://127.0.0.1:{int(line.split()[1])}"


def seed_leads(db: Any, count: int, offset: int) -> list[int]:
    """Consenting leads with distinct valid Brazilian mobile numbers, inserted in bulk."""
    from sqlalchemy import insert, select

    from app.db.models import Lead

    now = datetime.now(UTC)
    rows = [{"uuid": str(uuid.uuid4()), "kind": "lead", "name": f"Cliente {offset + i:05d} Silva", "stage": "new",
             "phone": f"+55119{70000000 + offset + i:08d}", "sms_consent": True, "sms_opt_out": False, "custom": {},
             "search_text": "", "country": "BR", "version": 1, "created_at": now, "updated_at": now}
            for i in range(count)]
    with db.transaction() as session:
        session.execute(insert(Lead), rows)
        return list(session.scalars(select(Lead.id).where(Lead.phone >= f"+55119{70000000 + offset:08d}",
                                                          Lead.phone < f"+55119{70000000 + offset + count:08d}")
                                    .order_by(Lead.id)))


class RssSampler(threading.Thread):
    """Peak resident memory of this process while the dispatcher runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        import psutil

        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, self.process.memory_info().rss)


def dispatch(db: Any, url: str, rate: float) -> dict[str, Any]:
    from app.integrations.twilio_gateway import TwilioGateway
    from app.services.messaging.compliance import QuietHours, SendPolicy
    from app.services.messaging.dispatch import Dispatcher
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, NUMBER

    gateway = TwilioGateway(ACCOUNT_SID, AUTH_TOKEN, NUMBER, base_url=url, timeout=15)
    policy = SendPolicy(QuietHours.parse("00:00-00:00"), 1_000_000)  # measure sending, not the time of day
    dispatcher = Dispatcher(db, gateway, policy, rate=rate, reconcile_grace=timedelta(seconds=60))
    sampler = RssSampler()
    sampler.start()
    usage, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    report = dispatcher.run_pass()
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    sampler.stop.set()
    sampler.join()
    dispatcher.lease.release()
    gateway.close()
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return {"sent": report.sent, "failed": report.failed, "retrying": report.retrying, "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "cpu_percent_of_one_core": round(100 * cpu / wall, 1),
            "peak_rss_mb": round(sampler.peak / 2**20, 1), "stopped": report.stopped}


def fake_stats(url: str) -> dict[str, Any]:
    import requests

    session = requests.Session()
    session.trust_env = False
    with session:
        return dict(session.get(f"{url}/_fake/stats", timeout=10).json())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=60.0, help="configured messages per second (default 60)")
    parser.add_argument("--probe", type=int, default=1000, help="messages for the unthrottled ceiling probe (0: skip)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file in the work dir")
    workdir_arg(parser)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(REPO))
    sys.path.insert(0, str(REPO))
    from app.db.engine import Database
    from app.db.migrate import upgrade
    from app.services.messaging.compliance import QuietHours, SendPolicy
    from app.services.messaging.outbox import Outbox

    home = checked_workdir(args.workdir) / f"sms-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    home.mkdir(parents=True)
    url = args.database_url or f"sqlite:///{home / 'aiconnect.sqlite3'}"
    db = Database(url)
    upgrade(db.engine)
    policy = SendPolicy(QuietHours.parse("00:00-00:00"), 1_000_000)
    fake, fake_url = start_fake()
    result: dict[str, Any] = {"bench": "sms", "messages": args.messages, "configured_rate": args.rate,
                              "database": db.dialect, "machine": machine()}
    try:
        if args.probe:
            ids = seed_leads(db, args.probe, 0)
            Outbox(db, policy).enqueue(ids, body=BODY, kind="bulk")
            log(f"ceiling probe: {args.probe} messages unthrottled…")
            probe = dispatch(db, fake_url, rate=1e9)
            result["ceiling_msgs_per_s"] = round(probe["sent"] / probe["wall_s"], 1)
        ids = seed_leads(db, args.messages, 1_000_000)
        started = time.perf_counter()
        queued = Outbox(db, policy).enqueue(ids, body=BODY, kind="bulk")
        result["enqueue_s"] = round(time.perf_counter() - started, 2)
        result["segments"] = queued.segments
        log(f"dispatching {queued.queued} messages at {args.rate}/s (ideal {(queued.queued - 1) / args.rate:.0f} s)…")
        run = dispatch(db, fake_url, rate=args.rate)
        result.update(run)
        achieved = run["sent"] / run["wall_s"]
        result["achieved_rate"] = round(achieved, 2)
        result["ratio"] = round(achieved / args.rate, 4)
        stats = fake_stats(fake_url)
        result["fake"] = {k: stats[k] for k in ("accepted", "duplicates", "create_attempts")}
        result["cpu_pressure"] = cpu_pressure()
        result["ok"] = (result["ratio"] >= TARGET_RATIO and run["sent"] == args.messages and stats["duplicates"] == 0)
    finally:
        fake.terminate()
        fake.wait(10)
        db.dispose()
    emit(result)
    log(json.dumps({k: result.get(k) for k in ("achieved_rate", "ratio", "cpu_percent_of_one_core", "peak_rss_mb",
                                                "ceiling_msgs_per_s", "ok")}))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
