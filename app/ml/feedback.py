"""The reps' thumbs up/down (the `feedback` table), read at training time.

How each kind of feedback is used, and why that is statistically honest:
- **Products** (target 'recommendation', kind 'product'): a thumbs down is a rep's explicit
  "not for this customer", so that item is never recommended to that customer again (it is
  filtered out whenever recommendations are written, whatever the model says). A later thumbs up
  on the same item lifts the block. Thumbs are not used as training targets for the network: they
  judge a ranking, not what the customer bought, and mixing opinions into purchase counts would
  make the offline recall figures meaningless.
- **Next actions** (kind 'next_action'): a thumbs up/down on "do X with this lead" becomes one
  extra training example for action X — the lead's features at the moment of the feedback,
  outcome 1 (up) or 0 (down) — with weight FEEDBACK_WEIGHT (a rep's considered judgment about a
  lead they know counts for a few logged outcomes, not for hundreds). These examples train the
  final model only; the held-out figures are measured on logged outcomes alone, so feedback can
  change what is recommended but cannot flatter the metrics.
- **Scores** (target 'score'): thumbs are reported with the scoring model's metrics — how many,
  and the share of thumbs up with a 95% Wilson interval, for the active version and overall —
  but never used as labels. A thumbs down says "this score looks wrong" without saying in which
  direction, reps rate the scores that surprise them (a biased sample), and the outcome
  (won/lost) that the model learns from arrives anyway when the lead closes.
- **Segments** (target 'segment', item = the segment's name): reported per segment with the
  segmentation model's metrics (counts and share up, Wilson 95%), never used by the clustering:
  a segment is a description of the data, and a thumbs down says the name or grouping reads
  badly to a rep, not where the boundaries should be.
A withdrawn vote (withdrawn_at set) counts nowhere. Only the latest rating of the same thing counts
(changing one's mind replaces the first vote); for scores, the same thing is a lead's score from
one model version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.db.engine import Database
from app.ml.features import parse_times, query

if TYPE_CHECKING:
    import pandas as pd

FEEDBACK_WEIGHT = 3.0
Z95 = 1.959964


@dataclass
class Feedback:
    """The latest rating per (lead, target, kind, item), with when it was given."""

    rows: pd.DataFrame  # lead_id, target, kind, item, rating, model_version, created_at (naive UTC)
    counts: dict[str, Any] = field(default_factory=dict)

    def blocked_products(self) -> dict[int, set[str]]:
        """Customer (lead id) → items a rep marked down for them (and did not later mark up)."""
        rows = self.rows[(self.rows["target"] == "recommendation") & (self.rows["kind"] == "product")
                         & (self.rows["rating"] < 0)]
        out: dict[int, set[str]] = {}
        for lead, item in zip(rows["lead_id"].tolist(), rows["item"].tolist()):
            out.setdefault(int(lead), set()).add(str(item))
        return out

    def action_examples(self) -> pd.DataFrame:
        """lead_id, item, outcome (1 up / 0 down), at — for the next-action model."""
        rows = self.rows[(self.rows["target"] == "recommendation") & (self.rows["kind"] == "next_action")]
        return rows.assign(outcome=(rows["rating"] > 0).astype(float), at=rows["created_at"])[
            ["lead_id", "item", "outcome", "at"]].reset_index(drop=True)

    def score_report(self, version: int | None) -> dict[str, Any]:
        """Thumbs on scores: counts and share of thumbs up (Wilson 95%), for `version` and overall."""
        rows = self.rows[self.rows["target"] == "score"]
        report: dict[str, Any] = {"all_versions": _agreement(rows["rating"].tolist())}
        if version is not None:
            mine = rows[rows["model_version"] == version]
            report["this_version"] = _agreement(mine["rating"].tolist())
        report["used_as_labels"] = False
        return report

    def segment_report(self, names: list[str]) -> dict[str, Any]:
        """Thumbs on segments, per segment name: the ones of `names` (the new segmentation) and any
        other name that was voted on (a segment of an earlier version)."""
        rows = self.rows[self.rows["target"] == "segment"]
        voted = {str(n) for n in rows["item"].dropna().tolist()}
        by_name = {name: _agreement(rows.loc[rows["item"] == name, "rating"].tolist())
                   for name in [*names, *sorted(voted - set(names))]}
        return {"all_segments": _agreement(rows["rating"].tolist()), "by_segment": by_name,
                "used_in_clustering": False}


def _agreement(ratings: list[int]) -> dict[str, Any]:
    up, n = sum(1 for r in ratings if r > 0), len(ratings)
    out: dict[str, Any] = {"thumbs": n, "up": up, "down": n - up}
    if n:
        out["share_up"] = round(up / n, 3)
        out["share_up_ci95"] = [round(v, 3) for v in wilson(up, n)]
    return out


def wilson(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval for a proportion (sound for small n, unlike the normal one)."""
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def read_feedback(db: Database) -> Feedback:
    """Every thumbs up/down not withdrawn, kind and item taken from the recommendation row when the
    feedback row does not carry them; the latest rating of the same thing wins."""
    import pandas as pd


    frame = query(db, """
        SELECT f.id, f.lead_id, f.target, COALESCE(f.kind, r.kind) AS kind, COALESCE(f.item, r.item) AS item,
               f.rating, COALESCE(f.model_version, r.model_version) AS model_version, f.created_at
        FROM feedback f LEFT JOIN recommendations r ON r.id = f.recommendation_id
        WHERE f.rating IN (1, -1) AND f.lead_id IS NOT NULL AND f.withdrawn_at IS NULL""")
    columns = ["lead_id", "target", "kind", "item", "rating", "model_version", "created_at"]
    if frame.empty:
        return Feedback(pd.DataFrame({c: pd.Series(dtype="object") for c in columns}), {"rows": 0})
    frame["created_at"] = parse_times(frame["created_at"])
    frame["rating"] = frame["rating"].astype(int)
    frame["lead_id"] = frame["lead_id"].astype("int64")
    frame["model_version"] = pd.to_numeric(frame["model_version"], errors="coerce")
    frame = frame.sort_values(["created_at", "id"], kind="stable")
    scores = frame["target"] == "score"  # a score is judged per model version; an item whatever the version
    latest = pd.concat([frame[~scores].drop_duplicates(["lead_id", "target", "kind", "item"], keep="last"),
                        frame[scores].drop_duplicates(["lead_id", "model_version"], keep="last")])
    counts = {"rows": len(frame), "counted": len(latest)}
    return Feedback(latest[columns].reset_index(drop=True), counts)
