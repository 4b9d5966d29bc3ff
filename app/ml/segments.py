"""Segments of leads and customers with names a manager understands.

KMeans on recency, frequency, money and engagement (log-scaled, standardised); k from 2 to 6 is
chosen by the silhouette on a sample. Each segment is named from how its medians differ from
everyone's: "Clientes recentes e frequentes", "Leads sem contato há muito tempo" …
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
    ("days_since_last", "low"): "recentes", ("days_since_last", "high"): "sem contato há muito tempo",
    ("interactions_30d", "high"): "frequentes", ("interactions_30d", "low"): "pouco engajados",
    ("spent", "high"): "de alto valor", ("spent", "low"): "de baixo valor",
    ("n_sms_in", "high"): "que respondem SMS", ("n_sms_in", "low"): "que não respondem SMS",
}


@dataclass
class Segmenter:
    k: int = 0
    silhouette: float = 0.0
    names: list[str] = field(default_factory=list)
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
        self.names = _names(features, labels, customer, self.k)
        return self

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
        return [self.names[i] for i in nearest]


def _names(features: pd.DataFrame, labels: np.ndarray, customer: np.ndarray, k: int) -> list[str]:
    """Subject (clients or leads) plus the one or two traits that set the segment apart most."""
    import numpy as np

    values = features[list(DIMENSIONS)].astype(float)
    overall_median = values.median()
    spread = values.quantile(0.75) - values.quantile(0.25)
    spread = spread.where(spread > 0, values.std().fillna(1.0) + 1e-9)
    names: list[str] = []
    for c in range(k):
        members = labels == c
        shift = ((values[members].median() - overall_median) / spread).fillna(0.0)
        traits = [d for d in shift.abs().sort_values(ascending=False).index if abs(shift[d]) >= 0.25][:2]
        if values["spent"].max() <= 0:
            traits = [d for d in traits if d != "spent"]
        words = [WORDS[(d, "high" if shift[d] > 0 else "low")] for d in traits] or ["típicos"]
        subject = "Clientes" if float(np.mean(customer[members])) > 0.5 else "Leads"
        name = f"{subject} {' e '.join(words)}"
        names.append(name if name not in names else f"{name} ({names.count(name) + 1})")
    return names
