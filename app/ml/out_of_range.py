"""Stored values outside the sane ranges, which the features leave out or clip instead of crashing.

The entry points (forms, import, the command line) refuse them now (app.services.leads.normalize), but a
workspace may hold some from an older version or a direct database edit: an interaction dated 9999-12-31
made every training and scoring run fail with pandas' OutOfBoundsDatetime. Each one is counted here with
a few examples (lead id and value), so the model's notes say what was left out and where to correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.services.leads.interactions import MAX_DURATION_S
from app.services.leads.normalize import AHEAD, EARLIEST, NUMBER_RANGES
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import pandas as pd

EXAMPLES = 3  # values named per kind in a note

# What each kind of value is, as the notes name it.
WHAT = {
    "interaction_date": QT_TRANSLATE_NOOP("ML", "interaction dates"),
    "duration": QT_TRANSLATE_NOOP("ML", "call durations (clipped to 24 hours)"),
    "stage_date": QT_TRANSLATE_NOOP("ML", "stage change dates"),
    "lead_date": QT_TRANSLATE_NOOP("ML", "lead dates"),
    "value": QT_TRANSLATE_NOOP("ML", "deal values"),
    "purchase_date": QT_TRANSLATE_NOOP("ML", "purchase dates"),
    "quantity": QT_TRANSLATE_NOOP("ML", "purchase quantities"),
    "unit_price": QT_TRANSLATE_NOOP("ML", "purchase prices"),
}


@dataclass
class OutOfRange:
    """What was left out or clipped, by kind: how many, and the first few (lead id, value)."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, what: str, lead_ids: pd.Series, raw: pd.Series) -> None:
        if not len(raw):
            return
        self.counts[what] = self.counts.get(what, 0) + len(raw)
        kept = self.examples.setdefault(what, [])
        for lead, value in zip(lead_ids.head(EXAMPLES).tolist(), raw.head(EXAMPLES).tolist(), strict=True):
            if len(kept) < EXAMPLES:
                kept.append((int(lead), _shown(value)))

    def merge(self, other: OutOfRange | None) -> OutOfRange:
        for what, n in (other.counts.items() if other else ()):
            self.counts[what] = self.counts.get(what, 0) + n
            kept = self.examples.setdefault(what, [])
            kept.extend(other.examples.get(what, [])[:EXAMPLES - len(kept)])  # type: ignore[union-attr]
        return self

    def __bool__(self) -> bool:
        return bool(self.counts)

    def as_dict(self) -> dict[str, Any]:
        """For a report and the model's metrics: {kind: {"count": n, "examples": [{"lead": id, "value": v}]}}."""
        return {what: {"count": n, "examples": [{"lead": lead, "value": value} for lead, value in self.examples[what]]}
                for what, n in self.counts.items()}

    @classmethod
    def from_dict(cls, data: Any) -> OutOfRange:
        """Back from `as_dict` (a model's metrics); anything else is nothing out of range."""
        found = cls()
        for what, entry in (data.items() if isinstance(data, dict) else ()):
            if what in WHAT and isinstance(entry, dict):
                found.counts[what] = int(entry.get("count", 0))
                found.examples[what] = [(int(e["lead"]), str(e["value"])) for e in entry.get("examples", [])]
        return found

    def note(self) -> Text | None:
        """One sentence naming every kind with its count and examples, or None when nothing was out of range."""
        if not self.counts:
            return None
        parts = [Text(QT_TRANSLATE_NOOP("ML", "{what}: {n} (e.g. {examples})"), what=Text(WHAT[what]), n=n,
                      examples=", ".join(f"#{lead} {value}" for lead, value in self.examples[what]))
                 for what, n in self.counts.items()]
        items = parts[-1]
        for part in reversed(parts[:-1]):
            items = Text(QT_TRANSLATE_NOOP("ML", "{first}; {rest}"), first=part, rest=items)
        return Text(QT_TRANSLATE_NOOP("ML", "values out of range were left out — {items}; correct them on those leads "
                                            "(#id) and train again"), items=items)


def of(frame: pd.DataFrame) -> OutOfRange | None:
    """What the features of `frame` left out (set by features.lead_features and products.purchase_history)."""
    found = frame.attrs.get("out_of_range")
    return found if isinstance(found, OutOfRange) else None


def with_note(note: str | None, found: OutOfRange | None) -> str | None:
    """A model's note with what was left out appended (the note is a Text when either part is)."""
    extra = found.note() if found else None
    if extra is None:
        return note
    if not note:
        return extra
    return Text(QT_TRANSLATE_NOOP("ML", "{first}; {rest}"), first=note, rest=extra)


def time_bounds(now: datetime | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The moments a stored event may have (naive UTC), as the entry points accept them: 1900 to a year ahead."""
    import pandas as pd

    latest = (now or datetime.now(UTC)) + AHEAD
    return pd.Timestamp(EARLIEST.replace(tzinfo=None)), pd.Timestamp(latest.astimezone(UTC).replace(tzinfo=None))


def number_bounds(name: str) -> tuple[float, float]:
    if name == "duration_s":
        return 0.0, float(MAX_DURATION_S)
    low, high = NUMBER_RANGES[name]
    return float(low), float(high)


def _shown(value: Any) -> str:
    """A stored value as a note quotes it: '9999-12-31' rather than '9999-12-31 00:00:00.000000'."""
    text = str(value)
    if re.fullmatch(r"-?\d{1,4}-\d\d-\d\d([ T]\d\d:\d\d:\d\d(\.\d+)?)?([+-]\d\d:?\d\d)?", text):
        day, _, clock = text.replace("T", " ").partition(" ")
        clock = clock.split(".")[0].split("+")[0]
        return day if clock in ("", "00:00:00") else f"{day} {clock}"
    return text if len(text) <= 40 else text[:39] + "…"
