"""Purchase histories from any export: column mapping, cleaning, and the split by date.

Fields follow the import contract (customer, item, description, quantity, unit_price, time,
invoice). Returns (cancellations, negative quantities) and rows without a customer or item are
left out, because they say nothing about what a customer wants.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.ml import tabular
from app.ml.tabular import DataError

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

FIELDS = ("customer", "item", "description", "quantity", "unit_price", "time", "invoice")
REQUIRED = ("customer", "item", "time")


def parse_map(specs: list[str] | None) -> dict[str, str]:
    """['CustomerID=customer', …] → {'CustomerID': 'customer'}; a bad pair is an error."""
    mapping: dict[str, str] = {}
    for spec in specs or []:
        for pair in (p for p in spec.split(",") if p.strip()):
            source, sep, target = pair.partition("=")
            source, target = source.strip(), target.strip().lower()
            if not sep or not source or not target:
                raise DataError(f"--map {pair!r}: write it as SOURCE_COLUMN=FIELD, e.g. CustomerID=customer")
            if target not in FIELDS:
                raise DataError(f"--map {pair!r}: {target!r} is not a purchase field; fields: {', '.join(FIELDS)}")
            mapping[source] = target
    return mapping


def parse_date(text: str, option: str = "--until") -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise DataError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD") from None


def load_purchases(path: str | Path, mapping: dict[str, str] | None = None, sep: str | None = None) -> pd.DataFrame:
    """Clean purchases: customer and item as text, time as datetime, quantity as a number."""
    import pandas as pd

    frame = tabular.read_csv(path, sep)
    name = Path(path).name
    mapping = mapping or {}
    absent = [src for src in mapping if src not in frame.columns]
    if absent:
        raise DataError(f"{name}: --map names column {absent[0]!r}, which the file does not have")
    frame = frame.rename(columns=mapping)
    frame.columns = [c.lower() if c.lower() in FIELDS else c for c in frame.columns]
    missing = [f for f in REQUIRED if f not in frame.columns]
    if missing:
        raise DataError(f"{name}: no {missing[0]!r} column; map one with --map SOURCE={missing[0]}")
    out = pd.DataFrame({
        "customer": frame["customer"].str.replace(r"^(\d+)\.0+$", r"\1", regex=True),
        "item": frame["item"],
        "time": parse_times(frame["time"], name),
        "quantity": pd.to_numeric(frame["quantity"], errors="coerce") if "quantity" in frame else 1.0,
        "invoice": frame["invoice"] if "invoice" in frame else "",
    })
    if "description" in frame:
        out["description"] = frame["description"]
    keep = (out["customer"] != "") & (out["item"] != "") & out["time"].notna()
    keep &= ~out["invoice"].str.upper().str.startswith("C") & ~(out["quantity"].fillna(1) <= 0)
    dropped = int((~keep).sum())
    if dropped:
        logger.info("%s: left out %d rows (returns, no customer/item/time)", name, dropped)
    out = out[keep].reset_index(drop=True)
    if out.empty:
        raise DataError(f"{name}: no usable purchase rows (each needs a customer, an item and a time)")
    return out


def parse_times(values: pd.Series, name: str) -> pd.Series:
    import pandas as pd

    times = pd.to_datetime(values, errors="coerce", format="ISO8601")
    if times.notna().mean() < 0.9:
        times = pd.to_datetime(values, errors="coerce", dayfirst=True, format="mixed")
    if times.notna().mean() < 0.9:
        raise DataError(f"{name}: the time column does not hold dates (e.g. {values.iloc[0]!r})")
    return times.dt.tz_localize(None) if times.dt.tz is not None else times
