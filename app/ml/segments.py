"""Segments of leads and customers with names a manager understands.

KMeans on recency, frequency, money and engagement (log-scaled, standardised); k from 2 to 6 is
chosen by the silhouette on a sample. Each segment is named from how its medians differ from
everyone's: "Customers with high spending and with recent contact", "Leads without contact for a
long time" … Names and descriptions are `Text`s: the English name is the value stored on the
leads (lists filter on it), and the UI shows it in its language (segment_texts in the model's metrics).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.texts import QT_TRANSLATE_NOOP, Text, to_data

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

SEED = 20240601
K_RANGE = range(2, 7)
SILHOUETTE_SAMPLE = 4000
DIMENSIONS = ("days_since_last", "interactions_30d", "spent", "n_sms_in")
# (dimension, high or low) → words; recency is 'days since', so low means recent.
WORDS = {
    ("days_since_last", "low"): Text(QT_TRANSLATE_NOOP("ML", "with recent contact")),
    ("days_since_last", "high"): Text(QT_TRANSLATE_NOOP("ML", "without contact for a long time")),
    ("interactions_30d", "high"): Text(QT_TRANSLATE_NOOP("ML", "with frequent contact")),
    ("interactions_30d", "low"): Text(QT_TRANSLATE_NOOP("ML", "with little engagement")),
    ("spent", "high"): Text(QT_TRANSLATE_NOOP("ML", "with high spending")),
    ("spent", "low"): Text(QT_TRANSLATE_NOOP("ML", "with low spending")),
    ("n_sms_in", "high"): Text(QT_TRANSLATE_NOOP("ML", "with SMS replies")),
    ("n_sms_in", "low"): Text(QT_TRANSLATE_NOOP("ML", "without SMS replies")),
}
# the same traits after "and" ("Leads with frequent contact and recent contact", not "… and with recent contact")
AND_WORDS = {
    ("days_since_last", "low"): Text(QT_TRANSLATE_NOOP("ML", "recent contact")),
    ("days_since_last", "high"): Text(QT_TRANSLATE_NOOP("ML", "no contact for a long time")),
    ("interactions_30d", "high"): Text(QT_TRANSLATE_NOOP("ML", "frequent contact")),
    ("interactions_30d", "low"): Text(QT_TRANSLATE_NOOP("ML", "little engagement")),
    ("spent", "high"): Text(QT_TRANSLATE_NOOP("ML", "high spending")),
    ("spent", "low"): Text(QT_TRANSLATE_NOOP("ML", "low spending")),
    ("n_sms_in", "high"): Text(QT_TRANSLATE_NOOP("ML", "SMS replies")),
    ("n_sms_in", "low"): Text(QT_TRANSLATE_NOOP("ML", "no SMS replies")),
}
# the same traits as a fact about the segment, for its description
FACTS = {
    ("days_since_last", "low"): Text(QT_TRANSLATE_NOOP("ML", "last contact more recent than most")),
    ("days_since_last", "high"): Text(QT_TRANSLATE_NOOP("ML", "last contact longer ago than most")),
    ("interactions_30d", "high"): Text(QT_TRANSLATE_NOOP("ML", "more interactions in the last 30 days than most")),
    ("interactions_30d", "low"): Text(QT_TRANSLATE_NOOP("ML", "fewer interactions in the last 30 days than most")),
    ("spent", "high"): Text(QT_TRANSLATE_NOOP("ML", "bought more than most")),
    ("spent", "low"): Text(QT_TRANSLATE_NOOP("ML", "bought less than most")),
    ("n_sms_in", "high"): Text(QT_TRANSLATE_NOOP("ML", "reply to SMS more than most")),
    ("n_sms_in", "low"): Text(QT_TRANSLATE_NOOP("ML", "reply to SMS less than most")),
}


@dataclass
class Segmenter:
    k: int = 0
    silhouette: float = 0.0
    names: list[str] = field(default_factory=list)  # Texts (English): the value stored in leads.segment
    descriptions: list[str] = field(default_factory=list)  # Texts: what sets each segment apart
    centers: Any = None
    mean: Any = None
    scale: Any = None
    sizes: list[int] = field(default_factory=list)

    def fit(self, features: pd.DataFrame, customer: np.ndarray) -> Segmenter:
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score

        Z = self._prepare(features, fit=True)
        rng = np.random.default_rng(SEED)
        sample = rng.choice(len(Z), size=min(len(Z), SILHOUETTE_SAMPLE), replace=False)
        best: tuple[float, Any] = (-2.0, None)
        for k in (k for k in K_RANGE if k < len(np.unique(Z, axis=0))):
            model = KMeans(n_clusters=k, n_init=4, random_state=SEED).fit(Z)
            score = float(silhouette_score(Z[sample], model.labels_[sample]))
            logger.info("segments: k=%d silhouette %.3f", k, score)
            best = max(best, (score, model), key=lambda pair: pair[0])
        if best[1] is None:
            from app.ml.tabular import DataError

            raise DataError("too few distinct leads to form segments")
        self.silhouette, model = best
        self.k, self.centers = model.n_clusters, model.cluster_centers_
        labels = model.labels_
        self.sizes = np.bincount(labels, minlength=self.k).tolist()
        self.names, self.descriptions = _names(features, labels, customer, self.k)
        return self

    def texts(self) -> dict[str, dict[str, Any]]:
        """{stored name: {"name": Text data, "description": Text data}} for the model's metrics (texts.to_data)."""
        descriptions = getattr(self, "descriptions", None) or [None] * len(self.names)
        return {str(name): {"name": to_data(name), "description": to_data(description)}
                for name, description in zip(self.names, descriptions)}

    def _prepare(self, features: pd.DataFrame, fit: bool = False) -> np.ndarray:
        import numpy as np

        raw = features[list(DIMENSIONS)].to_numpy(np.float64)
        raw[:, 0] = np.nan_to_num(raw[:, 0], nan=np.nanmax(raw[:, 0]) if np.isfinite(raw[:, 0]).any() else 365.0)
        Z = np.log1p(np.clip(np.nan_to_num(raw), 0, None))
        if fit:
            self.mean, self.scale = Z.mean(axis=0), Z.std(axis=0) + 1e-9
        return (Z - self.mean) / self.scale

    def assign(self, features: pd.DataFrame) -> list[str]:
        import numpy as np

        Z = self._prepare(features)
        nearest = np.argmin(((Z[:, None, :] - self.centers[None, :, :]) ** 2).sum(axis=2), axis=1)
        return [str(self.names[i]) for i in nearest]  # the English name, as leads.segment keeps it


def _names(features: pd.DataFrame, labels: np.ndarray, customer: np.ndarray, k: int) -> tuple[list[str], list[str]]:
    """Subject (customers or leads) plus the one or two traits that set the segment apart most; and
    those traits as a description."""
    import numpy as np

    values = features[list(DIMENSIONS)].astype(float)
    overall_median = values.median()
    spread = values.quantile(0.75) - values.quantile(0.25)
    spread = spread.where(spread > 0, values.std().fillna(1.0) + 1e-9)
    names: list[str] = []
    descriptions: list[str] = []
    for c in range(k):
        members = labels == c
        shift = ((values[members].median() - overall_median) / spread).fillna(0.0)
        traits = [d for d in shift.abs().sort_values(ascending=False).index if abs(shift[d]) >= 0.25][:2]
        if values["spent"].max() <= 0:
            traits = [d for d in traits if d != "spent"]
        keys = [(d, "high" if shift[d] > 0 else "low") for d in traits]
        customers = float(np.mean(customer[members])) > 0.5
        name = _name(customers, [(WORDS if i == 0 else AND_WORDS)[key] for i, key in enumerate(keys)])
        if name in names:
            name = Text(QT_TRANSLATE_NOOP("ML", "{name} ({n})"), name=name, n=names.count(name) + 1)
        names.append(name)
        descriptions.append(_description([FACTS[key] for key in keys]))
    return names, descriptions


def _name(customers: bool, words: list[Text]) -> Text:
    if not words:
        return Text(QT_TRANSLATE_NOOP("ML", "Typical customers")) if customers else Text(QT_TRANSLATE_NOOP("ML", "Typical leads"))
    subject = Text(QT_TRANSLATE_NOOP("ML", "Customers")) if customers else Text(QT_TRANSLATE_NOOP("ML", "Leads"))
    if len(words) == 1:
        return Text(QT_TRANSLATE_NOOP("ML", "{subject} {trait}"), subject=subject, trait=words[0])
    return Text(QT_TRANSLATE_NOOP("ML", "{subject} {trait} and {other}"), subject=subject, trait=words[0], other=words[1])


def _description(facts: list[Text]) -> Text:
    if not facts:
        return Text(QT_TRANSLATE_NOOP("ML", "Close to the typical lead in recency, activity, purchases and SMS replies."))
    if len(facts) == 1:
        return Text(QT_TRANSLATE_NOOP("ML", "Stands out: {fact}."), fact=facts[0])
    return Text(QT_TRANSLATE_NOOP("ML", "Stands out: {fact}; {other}."), fact=facts[0], other=facts[1])
