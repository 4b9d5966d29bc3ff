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

    from app.progress import Progress

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


# --- off-policy value on a log that was NOT randomised ---------------------------------------------------
#
# Reps choose whom to call, so the logging probabilities are unknown: they are estimated by a
# propensity model P(action | lead features) fitted on the older part of the log, then the learned
# policy and each single action are valued on the newest part by self-normalised IPW (propensities
# clipped from below, so one row cannot carry the estimate) and by a doubly robust estimate (the
# outcome model's prediction, corrected by the weighted residuals of the rows where the logged action
# is the one the policy takes). Both assume that what the reps based their choice on is in the
# features; where the data give too little overlap (few effective rows, many clipped weights, or
# choices the reps hardly ever made) the report says so instead of giving a number.

PROPENSITY_FLOOR = 0.02  # a weight never exceeds 1 / 0.02 = 50
PROPENSITY_MAX_ROWS = 20_000  # the propensity model's training sample: plenty for a linear model
OFF_POLICY_BOOTSTRAP = 200
MIN_ESS = 50.0  # effective rows below which a value is not reported
MAX_CLIPPED_SHARE = 0.05  # share of the matching rows whose propensity was clipped
MAX_UNSUPPORTED_SHARE = 0.10  # share of rows where the policy takes an action reps almost never took there


def fit_propensity(X: np.ndarray, action: np.ndarray, categorical: list[bool]) -> Any:
    """Multinomial logistic regression of the logged action on the lead's features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from app.ml.scoring import linear_features

    if len(action) > PROPENSITY_MAX_ROWS:
        rows = np.random.default_rng(SEED).choice(len(action), PROPENSITY_MAX_ROWS, replace=False)
        X, action = X[rows], action[rows]
    model = make_pipeline(linear_features(categorical), LogisticRegression(C=1.0, max_iter=300))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs may stop short of full convergence; the fit is still usable
        return model.fit(X, action)


def propensity_matrix(model: Any, X: np.ndarray, n_actions: int) -> np.ndarray:
    """rows × actions estimated probabilities; an action absent from the model's sample gets 0."""
    import numpy as np

    out = np.zeros((len(X), n_actions))
    out[:, model.classes_.astype(int)] = model.predict_proba(X)
    return out


@dataclass
class HeldOut:
    """The newest part of a non-randomised log, with both models' estimates for every row."""

    action: np.ndarray
    outcome: np.ndarray
    propensity: np.ndarray  # rows × actions, P(action | features)
    predicted: np.ndarray  # rows × actions, the outcome model's expected outcome
    actions: list[str]


def off_policy_report(held: HeldOut, chosen: np.ndarray) -> dict[str, Any]:
    """The learned policy's and each single action's value (SNIPS and doubly robust, bootstrap 95%),
    the logged success rate, overlap diagnostics, and the gains where both sides can be measured."""
    import numpy as np

    n, k = held.propensity.shape
    rows = np.arange(n)
    logged_p = held.propensity[rows, held.action]
    weight = 1.0 / np.maximum(logged_p, PROPENSITY_FLOOR)
    clipped = logged_p < PROPENSITY_FLOOR
    residual = held.outcome - held.predicted[rows, held.action]
    policies = np.column_stack([chosen] + [np.full(n, a) for a in range(k)])  # learned policy, then each action
    match = policies == held.action[:, None]
    snips_num, snips_den = match * (weight * held.outcome)[:, None], match * weight[:, None]
    dr_terms = held.predicted[rows[:, None], policies] + match * (weight * residual)[:, None]
    counts = _bootstrap_counts(n)
    boot_snips = (counts @ snips_num) / np.maximum(counts @ snips_den, 1e-12)
    boot_dr = (counts @ dr_terms) / n
    boot_logged = (counts @ held.outcome) / n
    values = []
    for j in range(policies.shape[1]):
        matched_weight = weight[match[:, j]]
        ess = float(matched_weight.sum() ** 2 / max((matched_weight ** 2).sum(), 1e-12))
        clipped_share = float(clipped[match[:, j]].mean()) if match[:, j].any() else 1.0
        unsupported = float((held.propensity[rows, policies[:, j]] < PROPENSITY_FLOOR).mean())
        value: dict[str, Any] = {"matched": int(match[:, j].sum()), "ess": round(ess, 1),
                                 "clipped_share": round(clipped_share, 4), "unsupported_share": round(unsupported, 4)}
        problems = [p for p, bad in (("low_ess", ess < MIN_ESS), ("clipped", clipped_share > MAX_CLIPPED_SHARE),
                                     ("unsupported", unsupported > MAX_UNSUPPORTED_SHARE)) if bad]
        value["overlap"] = "poor" if problems else "ok"
        if problems:
            value["overlap_problems"] = problems
        else:
            value |= {"snips": _round(snips_num[:, j].sum() / max(snips_den[:, j].sum(), 1e-12)),
                      "snips_ci95": _interval(boot_snips[:, j]),
                      "dr": _round(dr_terms[:, j].mean()), "dr_ci95": _interval(boot_dr[:, j])}
        values.append(value)
    policy, singles = values[0], dict(zip(held.actions, values[1:]))
    report: dict[str, Any] = {
        "method": f"self-normalized IPW (propensities clipped at {PROPENSITY_FLOOR}) and doubly robust, "
                  f"on the newest {n} logged actions; bootstrap 95% intervals ({OFF_POLICY_BOOTSTRAP} resamples)",
        "assumption": "valid only if what the reps based their choice on is in the lead's features "
                      "(no hidden confounding)",
        "propensity_model": "multinomial logistic regression",
        "n": n, "logged_success_rate": _round(held.outcome.mean()), "logged_success_rate_ci95": _interval(boot_logged),
        "min_ess": MIN_ESS, "policy": policy, "single_actions": singles,
        **_propensity_fit(held),
    }
    measured = [a for a, v in singles.items() if v["overlap"] == "ok"]
    if policy["overlap"] == "ok":
        gain_logged = boot_dr[:, 0] - boot_logged
        report |= {"gain_over_logged_dr": _round(policy["dr"] - held.outcome.mean()),
                   "gain_over_logged_ci95": _interval(gain_logged)}
        if measured:
            best = max(measured, key=lambda a: singles[a]["dr"])
            j = 1 + held.actions.index(best)
            report |= {"best_single_action": best, "gain_over_best_single_dr": _round(policy["dr"] - singles[best]["dr"]),
                       "gain_over_best_single_ci95": _interval(boot_dr[:, 0] - boot_dr[:, j])}
    report["overlap"] = "ok" if policy["overlap"] == "ok" else "poor"
    return report


def _bootstrap_counts(n: int) -> np.ndarray:
    """resamples × rows: how many times each row is drawn in each bootstrap resample."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, n, size=(OFF_POLICY_BOOTSTRAP, n)) + (np.arange(OFF_POLICY_BOOTSTRAP) * n)[:, None]
    return np.bincount(draws.ravel(), minlength=OFF_POLICY_BOOTSTRAP * n).reshape(OFF_POLICY_BOOTSTRAP, n).astype(float)


def _propensity_fit(held: HeldOut) -> dict[str, Any]:
    """How much the features tell about the reps' choice: the propensity model's log loss against
    always predicting each action's overall share (equal: the choice looks random given the features)."""
    import numpy as np

    rows = np.arange(len(held.action))
    shares = np.bincount(held.action, minlength=held.propensity.shape[1]) / max(len(held.action), 1)
    model_loss = -np.log(np.clip(held.propensity[rows, held.action], 1e-6, 1)).mean()
    share_loss = -np.log(np.clip(shares[held.action], 1e-6, 1)).mean()
    return {"propensity_log_loss": _round(model_loss), "propensity_log_loss_shares": _round(share_loss)}


def _round(value: Any) -> float:
    return round(float(value), 5)
