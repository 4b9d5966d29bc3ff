"""Next best action learned from a randomised log: which action to take for whom.

For each action, an outcome model predicts the outcome of customers who received it (a
T-learner); the policy takes the action with the best predicted outcome. Each outcome model is
the average of a shallow gradient-boosted model and a linear one: uplift signals are weak, and
the average varies much less from one random seed to the next than either model alone. Because the log was
randomised, a policy's value can be measured offline by inverse-propensity weighting (IPW):
the mean over logged rows of outcome × [logged action = policy's action] / P(logged action).
Propensities are the logged share of each action (the actions were assigned at random) unless a
column with the logging probability is given. Confidence intervals come from a bootstrap.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from app.services.progress import Progress

logger = logging.getLogger(__name__)

SEED = 20240601
BOOTSTRAP = 1000
MIN_ROWS_PER_ACTION = 20
MIN_EACH_OUTCOME = 10  # fewer successes (or failures) than this for an action: use its rate


@dataclass
class Log:
    """A randomised log: features (encoded), the action taken, its outcome, its probability."""

    X: np.ndarray
    action: np.ndarray  # action index per row
    outcome: np.ndarray
    propensity: np.ndarray
    actions: list[str]
    weight: np.ndarray | None = None  # per-row sample weight (e.g. reps' thumbs as weighted examples)


class ActionModels:
    """One outcome model per action; `choose` takes the argmax of the predicted outcomes."""

    def __init__(self, binary: bool) -> None:
        self.binary = binary
        self.models: list[list[Any]] = []

    def _new(self, categorical: list[bool]) -> list[Any]:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        from sklearn.linear_model import LogisticRegression, Ridge
        from sklearn.pipeline import make_pipeline

        from app.ml.scoring import linear_features

        trees = HistGradientBoostingClassifier if self.binary else HistGradientBoostingRegressor
        linear = LogisticRegression(max_iter=2000) if self.binary else Ridge(alpha=1.0)
        return [trees(learning_rate=0.05, max_iter=300, max_depth=2, min_samples_leaf=300, l2_regularization=5.0,
                      categorical_features=categorical or None, early_stopping=True, validation_fraction=0.2,
                      n_iter_no_change=20, random_state=SEED),
                make_pipeline(linear_features(categorical), linear)]

    def fit(self, log: Log, categorical: list[bool], progress: Progress | None = None) -> ActionModels:
        """One pair of outcome models per action; `progress` is checked between actions. An action
        whose rows hold a single outcome (or too few of the rarer one to split off a validation
        set) gets its weighted outcome rate instead of a fitted model."""
        import numpy as np

        self.models = []
        for a in range(len(log.actions)):
            if progress is not None:
                progress.check()
            rows = log.action == a
            X, y = log.X[rows], log.outcome[rows]
            w = log.weight[rows] if log.weight is not None else None
            if self.binary and min(int((y > 0.5).sum()), int((y <= 0.5).sum())) < MIN_EACH_OUTCOME:
                self.models.append([Constant(float(np.average(y, weights=w)) if len(y) else 0.0)])
                continue
            pair = []
            for model in self._new(categorical):
                warnings.filterwarnings("ignore", "Skipping features without any observed values", UserWarning)
                last = model.steps[-1][0] + "__" if hasattr(model, "steps") else ""
                data = X if last else _observed(X)
                pair.append(model.fit(data, y, **({f"{last}sample_weight": w} if w is not None else {})))
            self.models.append(pair)
        return self

    def predicted(self, X: np.ndarray) -> np.ndarray:
        """rows × actions matrix of expected outcomes."""
        import numpy as np

        def expected(model: Any) -> np.ndarray:
            return model.predict_proba(X)[:, 1] if self.binary else model.predict(X)

        return np.column_stack([np.mean([expected(m) for m in pair], axis=0) for pair in self.models])

    def choose(self, X: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.argmax(self.predicted(X), axis=1)


def _observed(X: np.ndarray) -> np.ndarray:
    """X with columns that are missing on every row set to 0: the boosted trees cannot bin an
    all-missing column (a constant one they simply never split on)."""
    import numpy as np

    empty = np.isnan(X).all(axis=0) if len(X) else np.zeros(X.shape[1], bool)
    if not empty.any():
        return X
    X = X.copy()
    X[:, empty] = 0.0
    return X


class Constant:
    """An outcome rate standing in for a model when an action has too few outcomes of one kind."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.column_stack([np.full(len(X), 1 - self.rate), np.full(len(X), self.rate)])

    def predict(self, X: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.full(len(X), self.rate)


def ipw_terms(log: Log, chosen: np.ndarray) -> np.ndarray:
    """Per-row IPW contributions of a policy; their mean is the policy's estimated value."""
    return (log.action == chosen) * log.outcome / log.propensity


def value_report(log: Log, chosen: np.ndarray) -> dict[str, Any]:
    """The policy's IPW value, each single action's value, and bootstrap intervals (95%)."""
    import numpy as np

    n = len(log.outcome)
    policy = ipw_terms(log, chosen)
    single = {name: ipw_terms(log, np.full(n, a)) for a, name in enumerate(log.actions)}
    best_name = max(single, key=lambda name: single[name].mean())
    best = single[best_name]
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, n, size=(BOOTSTRAP, n))
    pol_b, best_b = policy[draws].mean(axis=1), best[draws].mean(axis=1)
    gain_b = pol_b - best_b
    weights = (log.action == chosen) / log.propensity
    return {
        "policy_value": round(float(policy.mean()), 5),
        "policy_value_ci95": _interval(pol_b),
        "policy_value_snips": round(float(policy.sum() / max(weights.sum(), 1e-12)), 5),
        "best_single_action": best_name,
        "best_single_action_value": round(float(best.mean()), 5),
        "best_single_action_value_ci95": _interval(best_b),
        "gain_over_best_single": round(float(policy.mean() - best.mean()), 5),
        "gain_ci95": _interval(gain_b),
        "gain_probability_above_zero": round(float((gain_b > 0).mean()), 3),
        "single_action_values": {name: round(float(v.mean()), 5) for name, v in single.items()},
        "policy_action_shares": {name: round(float((chosen == a).mean()), 4) for a, name in enumerate(log.actions)},
    }


def _interval(samples: np.ndarray) -> list[float]:
    import numpy as np

    low, high = np.quantile(samples, [0.025, 0.975])
    return [round(float(low), 5), round(float(high), 5)]
