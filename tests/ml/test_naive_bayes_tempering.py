"""The cold-start naive Bayes gives chances that mean what they say, in the same order as plain naive Bayes."""

from __future__ import annotations

import numpy as np

from app.ml.scoring import NaiveBayesScorer, metrics


def _data(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    signal = rng.normal(size=n)
    X = np.column_stack([signal + rng.normal(scale=0.5, size=n) for _ in range(12)])  # 12 fields saying the same
    y = (signal + rng.normal(scale=1.0, size=n) > 0.3).astype(float)
    return X, y


def test_correlated_fields_no_longer_make_every_lead_certain() -> None:
    rng = np.random.default_rng(1)
    X, y = _data(rng, 60)  # a cold start: 60 closed leads
    X_new, y_new = _data(rng, 5000)
    model = NaiveBayesScorer().fit(X, y, [False] * 12)
    tempered = model.predict(X_new)
    raw = 1.0 / (1.0 + np.exp(-(model.prior + model.contributions(X_new).sum(axis=1) / model.slope)))
    assert 0.05 <= model.slope < 0.5
    assert np.mean((raw < 0.02) | (raw > 0.98)) > 0.5  # plain naive Bayes: most leads at 1 % or 99 %
    assert np.mean((tempered < 0.02) | (tempered > 0.98)) < 0.05
    assert abs(metrics(y_new, tempered).auc - metrics(y_new, raw).auc) < 1e-4  # the order is untouched (ties aside)
    assert metrics(y_new, tempered).brier < metrics(y_new, raw).brier - 0.02
    assert abs(tempered.mean() - y_new.mean()) < 0.08


def test_tiny_or_one_class_data_keeps_plain_naive_bayes() -> None:
    rng = np.random.default_rng(2)
    X, y = _data(rng, 8)
    model = NaiveBayesScorer().fit(X, y, [False] * 12)
    assert (model.slope, model.intercept) == (1.0, 0.0)
    model = NaiveBayesScorer().fit(X, np.zeros(8), [False] * 12)
    assert np.all(model.predict(X) < 0.5)
