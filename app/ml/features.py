"""Features of a lead from the workspace database, the same for training and for scoring.

Each lead is described *as of a moment*: for an open lead, now; for a closed (won/lost) lead, the
moment it was closed — so nothing that happened because of the outcome (the purchases after a
win, the calls after a loss, the final stage change) leaks into what the model learns from.
Columns: the lead's own fields (source, region, deal value, contact data, consent), its
interaction history (recency, frequency, counts by kind, SMS replies, call time), its stage
history (changes, days in the current stage) and its purchases.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.db.engine import Database
from app.db.models import INTERACTION_KINDS
from app.ml.out_of_range import OutOfRange, number_bounds, time_bounds
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

CATEGORIES = ("source", "state", "city", "owner")
# How a rep reads each feature; explanations use these instead of column names (English, translated in the UI).
LABELS = {
    "source": Text(QT_TRANSLATE_NOOP("ML", "source")), "state": Text(QT_TRANSLATE_NOOP("ML", "state")),
    "city": Text(QT_TRANSLATE_NOOP("ML", "city")), "owner": Text(QT_TRANSLATE_NOOP("ML", "owner")),
    "value": Text(QT_TRANSLATE_NOOP("ML", "deal value")), "has_email": Text(QT_TRANSLATE_NOOP("ML", "has an e-mail")),
    "has_phone": Text(QT_TRANSLATE_NOOP("ML", "has a phone number")),
    "sms_consent": Text(QT_TRANSLATE_NOOP("ML", "accepts SMS")),
    "age_days": Text(QT_TRANSLATE_NOOP("ML", "days since the lead was added")),
    "interactions": Text(QT_TRANSLATE_NOOP("ML", "interactions logged")),
    "interactions_30d": Text(QT_TRANSLATE_NOOP("ML", "interactions in the last 30 days")),
    "days_since_last": Text(QT_TRANSLATE_NOOP("ML", "days without contact")),
    "days_since_first": Text(QT_TRANSLATE_NOOP("ML", "days since the first contact")),
    "call_minutes": Text(QT_TRANSLATE_NOOP("ML", "minutes on the phone")),
    "sms_reply_rate": Text(QT_TRANSLATE_NOOP("ML", "SMS reply rate")),
    "stage_changes": Text(QT_TRANSLATE_NOOP("ML", "stage changes")),
    "days_in_stage": Text(QT_TRANSLATE_NOOP("ML", "days in the current stage")),
    "purchases": Text(QT_TRANSLATE_NOOP("ML", "purchases")), "spent": Text(QT_TRANSLATE_NOOP("ML", "amount bought")),
    "n_call": Text(QT_TRANSLATE_NOOP("ML", "calls logged")), "n_meeting": Text(QT_TRANSLATE_NOOP("ML", "meetings logged")),
    "n_visit": Text(QT_TRANSLATE_NOOP("ML", "visits logged")), "n_note": Text(QT_TRANSLATE_NOOP("ML", "notes logged")),
    "n_sms_out": Text(QT_TRANSLATE_NOOP("ML", "SMS sent")), "n_sms_in": Text(QT_TRANSLATE_NOOP("ML", "SMS received")),
    "n_email": Text(QT_TRANSLATE_NOOP("ML", "e-mails logged")),
}
COUNT_FEATURES = tuple(f"n_{kind}" for kind in INTERACTION_KINDS)


@dataclass
class LeadSet:
    """Leads (ids), the moment each is described at, and for closed ones whether they were won."""

    ids: np.ndarray
    as_of: np.ndarray  # datetime64[ns], UTC
    won: np.ndarray | None = None


def now_utc() -> datetime:
    return datetime.now(UTC)


def query(db: Database, sql: str) -> pd.DataFrame:
    """A plain SELECT straight from the driver's cursor into a frame: on a million rows this is
    several times faster than building SQLAlchemy rows first."""
    import pandas as pd

    with db.engine.connect() as conn:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql)
            columns = [d[0] for d in cursor.description]
            return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
        finally:
            cursor.close()


def parse_times(values: pd.Series) -> pd.Series:
    """Naive UTC. A moment pandas cannot hold (the year 9999 or 0001 overflowed its nanoseconds) or outside
    the range the entry points accept (out_of_range.time_bounds) becomes NaT: left out, never a crash."""
    import pandas as pd

    times = pd.to_datetime(values, utc=True, format="ISO8601", errors="coerce").dt.tz_localize(None)
    low, high = time_bounds()
    return times.where((times >= low) & (times <= high))


def checked_times(events: pd.DataFrame, column: str, what: str, found: OutOfRange, id_column: str = "lead_id") -> pd.Series:
    """parse_times of one column, each stored value it had to leave out counted in `found`."""
    times = parse_times(events[column])
    bad = times.isna() & events[column].notna()
    if bad.any():
        found.add(what, events.loc[bad, id_column], events.loc[bad, column])
    return times


def checked_numbers(frame: pd.DataFrame, column: str, what: str, found: OutOfRange, *, id_column: str = "lead_id",
                    clip: bool = False) -> pd.Series:
    """A numeric column with every value that is not finite or outside its range (out_of_range.number_bounds)
    set to NaN, or, with `clip`, a value above the range set to its top; each counted in `found`."""
    import numpy as np

    numbers = frame[column].astype(float)
    low, high = number_bounds(column)
    finite = np.isfinite(numbers)
    above = finite & (numbers > high)
    bad = numbers.notna() & ~(finite & (numbers >= low) & ((numbers <= high) | clip))
    if column == "quantity":
        bad |= numbers == 0
    if bad.any() or (clip and above.any()):
        flagged = bad | (above if clip else False)
        found.add(what, frame.loc[flagged, id_column], frame.loc[flagged, column])
    numbers = numbers.where(~bad)
    return numbers.clip(upper=high) if clip else numbers


def closed_leads(db: Database) -> LeadSet:
    """Won and lost leads, each as of when it entered its closing stage."""
    import numpy as np
    import pandas as pd

    frame = query(db, """
        SELECT l.id, s.is_won AS won, l.stage_changed_at, l.updated_at,
               (SELECT MAX(h.changed_at) FROM stage_history h WHERE h.lead_id = l.id AND h.to_stage = l.stage) AS closed_at
        FROM leads l JOIN stages s ON s.key = l.stage
        WHERE l.deleted_at IS NULL AND (s.is_won OR s.is_lost)
        ORDER BY l.id""")
    if frame.empty:
        return LeadSet(np.zeros(0, np.int64), np.zeros(0, "datetime64[ns]"), np.zeros(0, bool))
    closed = (parse_times(frame["closed_at"]).fillna(parse_times(frame["stage_changed_at"]))
              .fillna(parse_times(frame["updated_at"])))
    closed = closed.fillna(pd.Timestamp(now_utc().replace(tzinfo=None)))  # no sane moment stored: as of now
    return LeadSet(frame["id"].to_numpy(np.int64), closed.to_numpy("datetime64[ns]"), frame["won"].astype(bool).to_numpy())


def open_leads(db: Database, at: datetime | None = None) -> LeadSet:
    import numpy as np

    ids = query(db, """SELECT l.id FROM leads l JOIN stages s ON s.key = l.stage
                       WHERE l.deleted_at IS NULL AND NOT (s.is_won OR s.is_lost) ORDER BY l.id""")
    ids = ids["id"].to_numpy(np.int64) if len(ids) else np.zeros(0, np.int64)
    moment = np.datetime64((at or now_utc()).astimezone(UTC).replace(tzinfo=None), "ns")
    return LeadSet(ids, np.full(len(ids), moment))


def all_live_leads(db: Database, at: datetime | None = None) -> LeadSet:
    import numpy as np

    ids = query(db, "SELECT id FROM leads WHERE deleted_at IS NULL ORDER BY id")
    ids = ids["id"].to_numpy(np.int64) if len(ids) else np.zeros(0, np.int64)
    moment = np.datetime64((at or now_utc()).astimezone(UTC).replace(tzinfo=None), "ns")
    return LeadSet(ids, np.full(len(ids), moment))


def lead_features(db: Database, leads: LeadSet) -> pd.DataFrame:
    """One row per lead in `leads.ids` order; numbers as floats, categories as text."""
    import pandas as pd

    base = pd.DataFrame({"id": leads.ids, "as_of": leads.as_of})
    own = _typed(query(db, """SELECT id, source, state, city, owner_id, value, email, phone, sms_consent, created_at
                              FROM leads WHERE deleted_at IS NULL"""),
                 ["id", "source", "state", "city", "owner_id", "value", "email", "phone", "sms_consent", "created_at"])
    history = _typed(query(db, "SELECT lead_id, kind, occurred_at, duration_s FROM interactions WHERE deleted_at IS NULL"),
                     ["lead_id", "kind", "occurred_at", "duration_s"])
    stages = _typed(query(db, "SELECT lead_id, changed_at FROM stage_history"), ["lead_id", "changed_at"])
    bought = _typed(query(db, "SELECT lead_id, quantity, unit_price, time FROM purchases"),
                    ["lead_id", "quantity", "unit_price", "time"])
    found = OutOfRange()
    history["duration_s"] = checked_numbers(history, "duration_s", "duration", found, clip=True)
    bought = _sane_purchases(bought, found)
    frame = base.merge(own, on="id", how="left")
    created = checked_times(frame, "created_at", "lead_date", found, "id")
    out = pd.DataFrame({"id": frame["id"]})
    for column in ("source", "state", "city"):
        out[column] = frame[column].fillna("").astype(str)
    out["owner"] = frame["owner_id"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    out["value"] = checked_numbers(frame, "value", "value", found, id_column="id")
    out["has_email"] = frame["email"].fillna("").astype(str).str.len().gt(0).astype(float)
    out["has_phone"] = frame["phone"].fillna("").astype(str).str.len().gt(0).astype(float)
    out["sms_consent"] = frame["sms_consent"].fillna(False).astype(float)
    out["age_days"] = _days(frame["as_of"], created)
    out = out.join(_interaction_features(base, history, found)).join(_stage_features(base, stages, frame, created, found))
    out = out.join(_purchase_features(base, bought, found))
    out = out.drop(columns=["id"])
    out.attrs["out_of_range"] = found  # named in the model's notes (out_of_range.of)
    if found:
        logger.info("features left out values outside the sane ranges: %s", found.as_dict())
    return out


def _sane_purchases(bought: pd.DataFrame, found: OutOfRange) -> pd.DataFrame:
    """Purchases whose quantity and price are finite and within range; the others are left out."""
    quantity = checked_numbers(bought, "quantity", "quantity", found)
    price = checked_numbers(bought, "unit_price", "unit_price", found)
    keep = (quantity.notna() | bought["quantity"].isna()) & (price.notna() | bought["unit_price"].isna())
    return bought.assign(quantity=quantity, unit_price=price)[keep]


def _typed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Empty results keep their columns; ids are integers whatever the driver returned."""
    import pandas as pd

    if frame.empty:
        frame = pd.DataFrame({c: pd.Series(dtype="float64" if c != "kind" else "object") for c in columns})
    id_column = "id" if "id" in frame.columns else "lead_id"
    frame[id_column] = frame[id_column].astype("int64")
    for column in ("value", "quantity", "unit_price", "duration_s"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds() / 86400.0


def _before(base: pd.DataFrame, events: pd.DataFrame, when: str, what: str, found: OutOfRange) -> pd.DataFrame:
    """Events of the leads in `base` that happened before each lead's moment; `row` = base position. An event
    whose time is out of range (NaT) is before no moment: left out, and counted in `found` as `what`."""
    events = events.assign(**{when: checked_times(events, when, what, found)})
    rows = base.reset_index(names="row")[["row", "id", "as_of"]]
    joined = events.merge(rows, left_on="lead_id", right_on="id", how="inner")
    return joined[joined[when] < joined["as_of"]]


def _interaction_features(base: pd.DataFrame, history: pd.DataFrame, found: OutOfRange) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    past = _before(base, history, "occurred_at", "interaction_date", found)
    index = pd.RangeIndex(len(base))
    out = pd.DataFrame(index=index)
    counts = past.groupby(["row", "kind"]).size().unstack(fill_value=0)
    for kind in INTERACTION_KINDS:
        out[f"n_{kind}"] = counts[kind].reindex(index, fill_value=0).astype(float) if kind in counts else 0.0
    out["interactions"] = out[list(COUNT_FEATURES)].sum(axis=1)
    age = _days(past["as_of"], past["occurred_at"])
    grouped = age.groupby(past["row"])
    out["days_since_last"] = grouped.min().reindex(index)
    out["days_since_first"] = grouped.max().reindex(index)
    out["interactions_30d"] = (age < 30).groupby(past["row"]).sum().reindex(index, fill_value=0).astype(float)
    calls = past[past["kind"] == "call"]
    minutes = pd.to_numeric(calls["duration_s"], errors="coerce").fillna(0).groupby(calls["row"]).sum() / 60.0
    out["call_minutes"] = minutes.reindex(index, fill_value=0.0).astype(float)
    out["sms_reply_rate"] = np.where(out["n_sms_out"] > 0, out["n_sms_in"] / out["n_sms_out"].clip(lower=1), np.nan)
    return out


def _stage_features(base: pd.DataFrame, stages: pd.DataFrame, frame: pd.DataFrame, created: pd.Series,
                    found: OutOfRange) -> pd.DataFrame:
    import pandas as pd

    past = _before(base, stages, "changed_at", "stage_date", found)
    index = pd.RangeIndex(len(base))
    last_change = past.groupby("row")["changed_at"].max().reindex(index)
    since = last_change.fillna(created)
    return pd.DataFrame({"stage_changes": past.groupby("row").size().reindex(index, fill_value=0).astype(float),
                         "days_in_stage": _days(frame["as_of"], since)}, index=index)


def _purchase_features(base: pd.DataFrame, bought: pd.DataFrame, found: OutOfRange) -> pd.DataFrame:
    import pandas as pd

    past = _before(base, bought, "time", "purchase_date", found)
    index = pd.RangeIndex(len(base))
    spent = (past["quantity"].fillna(1) * past["unit_price"].fillna(0)).groupby(past["row"]).sum()
    return pd.DataFrame({"purchases": past.groupby("row").size().reindex(index, fill_value=0).astype(float),
                         "spent": spent.reindex(index, fill_value=0.0).astype(float)}, index=index)
