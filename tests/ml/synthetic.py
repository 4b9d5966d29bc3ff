"""Small synthetic tables with a planted signal, written in the test's temp folder."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np


def leads_csv(path: Path, n: int = 1500, seed: int = 1, sep: str = ",", trailing_comma: bool = False,
              positives: float | None = None) -> Path:
    """Leads whose conversion depends on `visits` (up) and `channel` (web up, phone down)."""
    rng = np.random.default_rng(seed)
    visits = rng.poisson(3, n)
    channel = rng.choice(["web", "phone", "fair"], n)
    region = rng.choice(["Sul", "Sudeste", "Norte"], n)
    logit = -2.0 + 0.6 * visits + np.where(channel == "web", 1.2, 0.0) - np.where(channel == "phone", 1.0, 0.0)
    converted = rng.random(n) < 1 / (1 + np.exp(-logit))
    if positives is not None:  # exactly this share converted: the best-placed leads
        converted = np.argsort(np.argsort(-logit)) < int(positives * n)
    rows = [[f"L{i:05d}", str(v), c, r, "x", "sim" if y else "nao"]
            for i, (v, c, r, y) in enumerate(zip(visits, channel, region, converted))]
    header = ["lead_id", "visits", "channel", "region", "constant", "converted"]
    with path.open("w", newline="") as fh:
        for row in [header, *rows]:
            fh.write(sep.join(row) + (sep if trailing_comma else "") + "\r\n")
    return path


def purchases_csv(path: Path, customers: int = 240, groups: int = 4, items_per_group: int = 12,
                  seed: int = 3) -> Path:
    """Each customer buys from one group of items (planted co-purchase structure); two global
    'best sellers' are bought by everyone now and then, so popularity alone is a weak guess."""
    rng = np.random.default_rng(seed)
    start = datetime(2024, 1, 1)
    rows = []
    for c in range(customers):
        group = c % groups
        own = [f"G{group}-{j}" for j in range(items_per_group)]
        for visit in range(10):
            when = start + timedelta(days=int(rng.integers(0, 240)), hours=int(rng.integers(8, 18)))
            basket = set(rng.choice(own, size=3, replace=False))
            if rng.random() < 0.3:
                basket.add(f"TOP-{rng.integers(0, 2)}")
            rows += [[f"INV{c}-{visit}", item, f"desc {item}", "2", when.strftime("%Y-%m-%d %H:%M"), "1.5", f"{c}.0"]
                     for item in sorted(basket)]
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"])
        writer.writerows(rows)
    return path


def action_log_csv(path: Path, n: int = 4000, seed: int = 5) -> Path:
    """A randomised log (actions A/B/C at random): A is best when segment=='x', B when 'y',
    C never; so the best single action gets about 0.45 and the best policy about 0.6."""
    rng = np.random.default_rng(seed)
    segment = rng.choice(["x", "y"], n)
    age = rng.integers(18, 70, n)
    action = rng.choice(["A", "B", "C"], n)
    rate = np.where(action == "C", 0.1, np.where((action == "A") == (segment == "x"), 0.6, 0.3))
    outcome = (rng.random(n) < rate).astype(int)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["segment", "age", "action", "visit", "spend"])
        writer.writerows(zip(segment, age, action, outcome, outcome * 10.0))
    return path
