"""Lead scoring: the chance that a lead converts, calibrated, with the reasons behind it.

Three models share one interface over an encoded matrix (see tabular.FeatureEncoder):
- `BoostedScorer`: gradient-boosted trees (HistGradientBoosting) calibrated by isotonic
  regression on out-of-fold predictions; the model used once there are enough closed leads.
- `NaiveBayesScorer`: Odoo-style frequency naive Bayes over field values; the cold-start
  model ('poucos dados') and a baseline.
- `LogisticScorer`: one-hot logistic regression; a baseline.
Each gives `predict(X)` (probabilities) and `log_odds(X)`; `explain.factors` turns any of
them into per-lead reasons.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)

SEED = 20240601
# Below these counts the boosted model overfits; the naive Bayes says 'poucos dados' instead.
COLD_START_ROWS = 300
COLD_START_MINORITY = 40
FEW_DATA_LABEL = "poucos dados"


class Scorer(Protocol):
    name: str

    def fit(self, X: np.ndarray, y: np.ndarray, categorical: list[bool]) -> Scorer: ...

    def predict(self, X: np.ndarray) -> np.ndarray: ...


def is_cold_start(y: np.ndarray) -> bool:
    positives = int(y.sum())
    return len(y) < COLD_START_ROWS or min(positives, len(y) - positives) < COLD_START_MINORITY


def make_scorer(kind: str) -> Scorer:
    kinds = {"gradient_boosting": BoostedScorer, "naive_bayes": NaiveBayesScorer, "logistic_regression": LogisticScorer}
    return kinds[kind]()


def choose_scorer(y: np.ndarray) -> Scorer:
    """The boosted model when there is enough history, else naive Bayes labelled 'poucos dados'."""
    if is_cold_start(y):
        scorer = NaiveBayesScorer()
        scorer.name = f"naive_bayes ({FEW_DATA_LABEL})"
        return scorer
    return BoostedScorer()


def _sigmoid(z: np.ndarray) -> np.ndarray:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


class BoostedScorer:
    """HistGradientBoosting with native categories, early stopping, isotonic calibration."""

    name = "gradient_boosting"

    def __init__(self, calibration_folds: int = 3) -> None:
        self.calibration_folds = calibration_folds
        self.model = None
        self.calibrator: Calibrator | None = None

    def _new_model(self, categorical: list[bool]):  # type: ignore[no-untyped-def]
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            learning_rate=0.1, max_iter=300, max_leaf_nodes=15, min_samples_leaf=40,
            l2_regularization=1.0, categorical_features=categorical or None,
            early_stopping=True, validation_fraction=0.15, n_iter_no_change=20,
            random_state=SEED,
        )

    def fit(self, X: np.ndarray, y: np.ndarray, categorical: list[bool]) -> BoostedScorer:
        import numpy as np
        from sklearn.model_selection import StratifiedKFold

        raw = np.empty(len(y), dtype=np.float64)
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=SEED)
        for train, held in folds.split(X, y):
            raw[held] = self._new_model(categorical).fit(X[train], y[train]).decision_function(X[held])
        self.calibrator = Calibrator().fit(raw, y)
        self.model = self._new_model(categorical).fit(X, y)
        return self

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        return self.model.decision_function(X)  # type: ignore[attr-defined]

    def predict(self, X: np.ndarray) -> np.ndarray:
        assert self.calibrator is not None
        return self.calibrator.apply(self.log_odds(X))


class Calibrator:
    """Isotonic regression from raw scores to probabilities, kept strictly increasing.

    A pure isotonic map ties many leads at the same value; a tiny slope from the raw score keeps
    their order, so calibration never costs ranking quality (AUC).
    """

    def fit(self, raw: np.ndarray, y: np.ndarray) -> Calibrator:
        import numpy as np
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(out_of_bounds="clip", y_min=1e-4, y_max=1 - 1e-4).fit(raw, y)
        self.x = np.asarray(iso.X_thresholds_, dtype=np.float64)
        self.y = np.asarray(iso.y_thresholds_, dtype=np.float64)
        return self

    def apply(self, raw: np.ndarray) -> np.ndarray:
        import numpy as np

        p = np.interp(raw, self.x, self.y)
        return np.clip(p + 1e-6 * np.tanh(raw), 0.0, 1.0)


class NaiveBayesScorer:
    """Odoo-style predictive scoring: P(won | values) from won/lost frequencies of each value.

    Numbers are cut into quantile bins learned on the training rows; missing is a value of its own;
    Laplace smoothing keeps unseen values neutral.

    Naive Bayes adds up one log-likelihood ratio per field as if the fields were independent; they
    are not (recency, frequency and stage move together), so the raw sum is far too sure of itself:
    with 50 closed leads it puts most open leads at 1 % or 99 %. The sum is therefore tempered by
    one slope and intercept fitted (logistic, Newton steps) on out-of-fold sums, so the chances mean
    what they say. The slope is positive, so the ranking (AUC) is exactly that of plain naive Bayes.
    """

    name = "naive_bayes"
    bins = 8
    folds = 5

    def fit(self, X: np.ndarray, y: np.ndarray, categorical: list[bool]) -> NaiveBayesScorer:
        import numpy as np

        self.categorical = list(categorical)
        self.edges = [None if cat else _quantile_edges(X[:, j], self.bins) for j, cat in enumerate(categorical)]
        codes = self._codes(X)
        self.prior, self.tables = self._tables(codes, y)
        self.slope, self.intercept = 1.0, 0.0
        if len(y) >= 2 * self.folds and 0 < int(y.sum()) < len(y):
            out_of_fold = np.empty(len(y), dtype=np.float64)
            fold = np.arange(len(y)) % self.folds
            np.random.default_rng(0).shuffle(fold)
            for k in range(self.folds):
                held = fold == k
                prior, tables = self._tables(codes[~held], y[~held])
                out_of_fold[held] = prior + self._sum(codes[held], tables)
            self.slope, self.intercept = _temper(out_of_fold, y)
        return self

    @staticmethod
    def _tables(codes: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray]]:
        import numpy as np

        pos, neg = y == 1, y == 0
        prior = float(np.log((pos.sum() + 1) / (neg.sum() + 1)))
        tables: list[np.ndarray] = []
        for j in range(codes.shape[1]):
            size = int(codes[:, j].max()) + 2 if len(codes) else 2
            won = np.bincount(codes[pos, j], minlength=size) + 1.0
            lost = np.bincount(codes[neg, j], minlength=size) + 1.0
            tables.append(np.log(won / won.sum()) - np.log(lost / lost.sum()))
        return prior, tables

    @staticmethod
    def _sum(codes: np.ndarray, tables: list[np.ndarray]) -> np.ndarray:
        import numpy as np

        total = np.zeros(len(codes), dtype=np.float64)
        for j, table in enumerate(tables):
            seen = codes[:, j] < len(table)
            total[seen] += table[codes[seen, j]]
        return total

    def _codes(self, X: np.ndarray) -> np.ndarray:
        import numpy as np

        codes = np.empty(X.shape, dtype=np.int64)
        for j, edges in enumerate(self.edges):
            col = X[:, j]
            missing = np.isnan(col)
            # code 0 is 'missing'; values then count from 1
            codes[:, j] = np.where(missing, 0, (np.searchsorted(edges, col) if edges is not None else np.nan_to_num(col)) + 1)
        return codes

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-feature log-likelihood ratios (n × features), tempered; unseen values contribute 0."""
        import numpy as np

        codes = self._codes(X)
        out = np.zeros(X.shape, dtype=np.float64)
        for j, table in enumerate(self.tables):
            seen = codes[:, j] < len(table)
            out[seen, j] = table[codes[seen, j]]
        return out * getattr(self, "slope", 1.0)

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        slope, intercept = getattr(self, "slope", 1.0), getattr(self, "intercept", 0.0)
        return slope * self.prior + intercept + self.contributions(X).sum(axis=1)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return _sigmoid(self.log_odds(X))


def _temper(raw: np.ndarray, y: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """Slope and intercept of P(y) = sigmoid(a·raw + b) by Newton's method (a tiny ridge keeps it
    defined when the classes separate); the slope is kept within [0.05, 1]: tempering only ever
    softens naive Bayes, and a fold that found no signal still leaves the order of the leads."""
    import numpy as np

    X = np.column_stack([raw, np.ones_like(raw)])
    rate = float(np.clip(y.mean(), 1e-3, 1 - 1e-3))
    w = np.array([0.0, np.log(rate / (1 - rate))])  # from "no signal": Newton is stable from there
    ridge = np.diag([1e-3, 1e-6])
    for _ in range(steps):
        p = _sigmoid(X @ w)
        gradient = X.T @ (p - y) + ridge @ w
        hessian = (X * (p * (1 - p))[:, None]).T @ X + ridge
        step = np.linalg.solve(hessian, gradient)
        w = w - step
        if np.abs(step).max() < 1e-8:
            break
    slope = float(np.clip(w[0], 0.05, 1.0))
    # with the slope clipped, refit the intercept alone so the average chance matches the data
    b = float(w[1]) if slope == w[0] else 0.0
    for _ in range(steps):
        p = _sigmoid(slope * raw + b)
        b -= float((p - y).sum() / max((p * (1 - p)).sum(), 1e-9))
    return slope, b


def _quantile_edges(col: np.ndarray, bins: int) -> np.ndarray:
    import numpy as np

    filled = col[~np.isnan(col)]
    if filled.size == 0:
        return np.array([], dtype=np.float64)
    return np.unique(np.quantile(filled, np.linspace(0, 1, bins + 1)[1:-1]))


class LogisticScorer:
    """Logistic regression on one-hot categories and standardised numbers (missing flagged)."""

    name = "logistic_regression"

    def fit(self, X: np.ndarray, y: np.ndarray, categorical: list[bool]) -> LogisticScorer:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model = make_pipeline(linear_features(categorical), LogisticRegression(max_iter=2000))
        self.model.fit(X, y)
        return self

    def log_odds(self, X: np.ndarray) -> np.ndarray:
        return self.model.decision_function(X)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(X)[:, 1]


def linear_features(categorical: list[bool]):  # type: ignore[no-untyped-def]
    """One-hot categories (missing is a level) and standardised numbers with a missing flag."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    cats = [j for j, c in enumerate(categorical) if c]
    nums = [j for j, c in enumerate(categorical) if not c]
    return ColumnTransformer([
        ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value=-1),
                              OneHotEncoder(handle_unknown="ignore")), cats),
        ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True,
                                            keep_empty_features=True), StandardScaler()), nums),
    ])


@dataclass
class Metrics:
    auc: float
    brier: float
    lift_top_decile: float

    def as_dict(self) -> dict[str, float]:
        return {"auc": round(self.auc, 4), "brier": round(self.brier, 4), "lift_top_decile": round(self.lift_top_decile, 3)}


def metrics(y: np.ndarray, p: np.ndarray) -> Metrics:
    from sklearn.metrics import brier_score_loss, roc_auc_score

    return Metrics(float(roc_auc_score(y, p)), float(brier_score_loss(y, p)), lift_top_decile(y, p))


def lift_top_decile(y: np.ndarray, p: np.ndarray) -> float:
    """Conversion rate among the best-scored 10% divided by the overall rate."""
    import numpy as np

    top = np.argsort(-p, kind="stable")[: max(1, len(p) // 10)]
    base = y.mean()
    return float(y[top].mean() / base) if base > 0 else 0.0


RELIABILITY_BINS = 10
RELIABILITY_MIN_PER_BIN = 20  # fewer leads per bin and the observed rate is mostly noise


def reliability(y: np.ndarray, p: np.ndarray) -> list[dict[str, float | int]]:
    """Predicted vs observed conversion in equal-count bins of the predicted chance (up to deciles,
    at least RELIABILITY_MIN_PER_BIN leads each): the calibration table a manager can read."""
    import numpy as np

    if len(p) == 0:
        return []
    bins = max(1, min(RELIABILITY_BINS, len(p) // RELIABILITY_MIN_PER_BIN))
    order = np.argsort(p, kind="stable")
    return [{"predicted": round(float(p[part].mean()), 4), "observed": round(float(y[part].mean()), 4), "n": len(part)}
            for part in np.array_split(order, bins) if len(part)]
