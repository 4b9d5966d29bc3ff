"""The evaluators behind `aiconnect ml evaluate …`: plain functions over any table, returning dicts.

They let a user check the models on their own export, and they produce the benchmark figures.
Scoring: stratified 5-fold cross-validation plus a chronological 80/20 split in file order (or
train on one file, score another). Recommendations: train before a date, test after it.
Next action: learn a policy from a randomised log, value it by inverse-propensity weighting.
"""

from __future__ import annotations

import fnmatch
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.ml import tabular
from app.ml.runtime import background_threads, grew, limited_threads, resident_mb
from app.ml.scoring import SEED, choose_scorer, make_scorer, metrics
from app.ml.tabular import DataError, FeatureEncoder
from app.progress import Progress
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

CV_FOLDS = 5
CHRONO_TRAIN_SHARE = 0.8
BASELINES = ("naive_bayes", "logistic_regression")
THROUGHPUT_ROWS = 400_000


@dataclass
class ScoringRequest:
    data: Path
    target: str
    positive: str | None = None
    drop: list[str] = field(default_factory=list)
    sep: str | None = None
    test: Path | None = None
    baselines: bool = True
    keep_scores: bool = False
    explain_rows: int = 3


@dataclass
class LabelledTable:
    """Feature columns as text, the 0/1 target, and each row's number in the file."""

    features: pd.DataFrame
    y: np.ndarray
    rows: np.ndarray
    positive: str


def evaluate_scoring(request: ScoringRequest, progress: Progress | None = None) -> dict[str, Any]:
    progress = progress or Progress()
    train = _load_labelled(request.data, request)
    tabular.check_trainable(train.y, Path(request.data).name)
    with limited_threads():
        if request.test is None:
            report = _cross_validate(train, request, progress)
        else:
            report = _train_and_test(train, request, progress)
    return {"data": str(request.data), "target": request.target, "positive": train.positive, **report}


def _load_labelled(path: Path, request: ScoringRequest) -> LabelledTable:
    import numpy as np

    frame = tabular.read_csv(path, request.sep)
    name = Path(path).name
    tabular.require_columns(frame, [request.target], name)
    positive = tabular.positive_label(frame[request.target], request.positive, request.target)
    y, known = tabular.binary_target(frame[request.target], positive)
    features = _drop(frame.drop(columns=[request.target]), request.drop, name)
    return LabelledTable(features[known].reset_index(drop=True), y[known], np.flatnonzero(known), positive)


def _load_scored(path: Path, request: ScoringRequest, positive: str) -> tuple[LabelledTable, np.ndarray]:
    """Every row of the file to score; y (and which rows have a known outcome) when it has the target."""
    import numpy as np

    frame = tabular.read_csv(path, request.sep)
    name = Path(path).name
    y, known = np.zeros(len(frame), np.int8), np.zeros(len(frame), bool)
    if request.target in frame.columns:
        y, known = tabular.binary_target(frame[request.target], positive)
        frame = frame.drop(columns=[request.target])
    drop = [p for p in request.drop if any(c == p or fnmatch.fnmatchcase(c, p) for c in frame.columns)]
    return LabelledTable(_drop(frame, drop, name), y, np.arange(len(frame)), positive), known


def _drop(frame: pd.DataFrame, patterns: list[str], name: str) -> pd.DataFrame:
    """Leave out the columns named (shell-style patterns such as 'Asymmetrique *' allowed)."""
    gone: list[str] = []
    for pattern in patterns:
        hits = [c for c in frame.columns if c == pattern or fnmatch.fnmatchcase(c, pattern)]
        if not hits:
            raise DataError(f"{name}: --drop {pattern!r} matches no column")
        gone += hits
    return frame.drop(columns=sorted(set(gone)))


def _fit(kind: str | None, features: pd.DataFrame, y: np.ndarray) -> tuple[FeatureEncoder, Any]:
    encoder = FeatureEncoder().fit(features)
    model = choose_scorer(y) if kind is None else make_scorer(kind)
    model.fit(encoder.transform(features), y, encoder.categorical)
    return encoder, model


def _cross_validate(table: LabelledTable, request: ScoringRequest, progress: Progress) -> dict[str, Any]:
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    kinds: list[str | None] = [None, *(BASELINES if request.baselines else ())]
    progress.set_total(len(kinds) * (CV_FOLDS + 1) + 1, Text(QT_TRANSLATE_NOOP("ML", "cross-validation")))
    oof = {k: np.zeros(len(table.y)) for k in kinds}
    fold_auc: dict[str | None, list[float]] = {k: [] for k in kinds}
    folds = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=SEED)
    model_name = ""
    for train, test in folds.split(np.zeros(len(table.y)), table.y):
        for kind in kinds:
            encoder, model = _fit(kind, table.features.iloc[train], table.y[train])
            oof[kind][test] = model.predict(encoder.transform(table.features.iloc[test]))
            fold_auc[kind].append(metrics(table.y[test], oof[kind][test]).auc)
            model_name = model.name if kind is None else model_name
            progress.advance()
    chrono = {kind: _chronological(kind, table) for kind in kinds}
    progress.advance(len(kinds))
    full, _, _ = _full_fit(table, progress)
    report = _summary(table.y, oof[None], fold_auc[None]) | {"auc_chronological": chrono[None]}
    report |= {"model": model_name, "validation": f"stratified {CV_FOLDS}-fold CV; chronological {CHRONO_TRAIN_SHARE:.0%}/"
               f"{1 - CHRONO_TRAIN_SHARE:.0%} split in file order", **full}
    if request.baselines:
        report["baselines"] = {k: _summary(table.y, oof[k], fold_auc[k]) | {"auc_chronological": chrono[k]}
                               for k in BASELINES}
    if request.keep_scores:
        report["scores"] = list(zip(table.rows.tolist(), oof[None].tolist()))
    return report


def _summary(y: np.ndarray, p: np.ndarray, fold_auc: list[float]) -> dict[str, Any]:
    import numpy as np

    pooled = metrics(y, p).as_dict()
    return {"auc": round(float(np.mean(fold_auc)), 4), "auc_folds": [round(a, 4) for a in fold_auc],
            "brier": pooled["brier"], "lift_top_decile": pooled["lift_top_decile"]}


def _chronological(kind: str | None, table: LabelledTable) -> float | None:
    """Train on the first 80% of rows in file order, test on the rest."""
    cut = int(len(table.y) * CHRONO_TRAIN_SHARE)
    y_train, y_test = table.y[:cut], table.y[cut:]
    if len(set(y_train.tolist())) < 2 or len(set(y_test.tolist())) < 2:
        logger.warning("chronological split skipped: one side has a single class")
        return None
    encoder, model = _fit(kind, table.features.iloc[:cut], y_train)
    return round(metrics(y_test, model.predict(encoder.transform(table.features.iloc[cut:]))).auc, 4)


def _full_fit(table: LabelledTable, progress: Progress,
              explain_from: pd.DataFrame | None = None) -> tuple[dict[str, Any], FeatureEncoder, Any]:
    """Train the model a user would get on the whole file: its time, speed and sample reasons."""
    from app.ml import explain

    started = time.perf_counter()
    encoder, model = _fit(None, table.features, table.y)
    seconds = time.perf_counter() - started
    progress.advance()
    sample = (explain_from if explain_from is not None else table.features).iloc[:3]
    why = explain.reasons(model, encoder.transform(sample), encoder.columns, encoder.typical_row())
    return {"n_train": len(table.y), "n_features": len(encoder.columns), "skipped_columns": encoder.skipped,
            **({"infinite_cells_as_missing": encoder.out_of_range} if encoder.out_of_range else {}),
            "train_seconds": round(seconds, 2),
            "score_rows_per_second": _throughput(model, encoder.transform(table.features)),
            "threads": background_threads(),
            "explanations": [{"row": int(i), **r.as_dict()} for i, r in enumerate(why)]}, encoder, model


def _throughput(model: Any, X: np.ndarray) -> dict[str, int]:
    """Rows scored per second on the encoded feature matrix, best of three passes: by the wall clock,
    and per second of this process's CPU time (what the machine could do without other work)."""
    import numpy as np

    big = np.tile(X, (max(1, THROUGHPUT_ROWS // max(1, len(X))), 1))
    wall = cpu = float("inf")
    for _ in range(3):
        started, cpu_started = time.perf_counter(), time.process_time()
        model.predict(big)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    return {"wall": int(len(big) / wall), "cpu": int(len(big) / max(cpu, 1e-9)), "rows": len(big)}


def _train_and_test(train: LabelledTable, request: ScoringRequest, progress: Progress) -> dict[str, Any]:
    assert request.test is not None
    test, known = _load_scored(request.test, request, train.positive)
    progress.set_total(1 + len(BASELINES), "treinando")
    full, encoder, model = _full_fit(train, progress, explain_from=test.features)
    scores = model.predict(encoder.transform(test.features))
    report: dict[str, Any] = {"model": model.name, "test": str(request.test), "n_test": len(scores), **full}
    y = test.y[known]
    if len(set(y.tolist())) == 2:
        report |= metrics(y, scores[known]).as_dict()
        if request.baselines:
            report["baselines"] = {}
            for kind in BASELINES:
                enc, base = _fit(kind, train.features, train.y)
                report["baselines"][kind] = metrics(y, base.predict(enc.transform(test.features))[known]).as_dict()
                progress.advance()
    else:
        report["note"] = f"{Path(request.test).name} has no {request.target!r} column with both outcomes: scores only, no metrics"
    if request.keep_scores:
        report["scores"] = list(zip(test.rows.tolist(), scores.tolist()))
    return report


# --- Recommendations ---------------------------------------------------------------------------


@dataclass
class RecommendRequest:
    purchases: Path
    until: str
    test: Path | None = None
    k: int = 10
    mapping: dict[str, str] = field(default_factory=dict)
    sep: str | None = None
    keep_recs: bool = False


def evaluate_recommend(request: RecommendRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Train on purchases before `until`, test on those after it (or on --test)."""
    import pandas as pd

    from app.ml import purchases as purchase_data
    from app.ml import recommend

    progress = progress or Progress()
    if request.k < 1:
        raise DataError("--k must be at least 1")
    until = pd.Timestamp(purchase_data.parse_date(request.until))
    data = purchase_data.load_purchases(request.purchases, request.mapping, request.sep)
    train = data[data["time"] < until]
    test = (purchase_data.load_purchases(request.test, request.mapping, request.sep) if request.test is not None
            else data[data["time"] >= until])
    if train.empty or test.empty:
        side = "before" if train.empty else ("in --test" if request.test is not None else "on or after")
        raise DataError(f"no purchases {side} {until.date()}: pick a cut date inside the history")
    truth = {c: items for c, items in recommend.bought_between(test, test["time"].min()).items()}
    customers = sorted(truth)
    window = int(min(120, max(7, (test["time"].max() - test["time"].min()).days + 1)))
    progress.set_total(3, Text(QT_TRANSLATE_NOOP("ML", "training recommendations")))
    net = recommend.NextBasketNet()
    net.prepare(train, until, window)  # too little history: a clear error before TensorFlow loads
    from app.ml.tf_runtime import tensorflow

    memory_before = resident_mb()
    tensorflow()
    memory_imported = resident_mb()
    with limited_threads():
        net.fit(train, until, window)
        progress.advance()
        recs = net.recommend(train, customers, until, request.k)
    memory_after = resident_mb()
    popular = recommend.popular_items(train, request.k)
    baselines = {"most_popular": {c: popular for c in customers},
                 "reoffer_bought": recommend.reoffer(train, customers, request.k, popular)}
    progress.advance()
    known = set(train["customer"])
    report: dict[str, Any] = {
        "model": net.name, "k": request.k, "until": str(until.date()), "test_window_days": window,
        **ranking_metrics(recs, truth, request.k),
        "baselines": {name: ranking_metrics(r, truth, request.k) for name, r in baselines.items()},
        "n_test_customers": len(customers), "n_test_customers_without_history": sum(c not in known for c in customers),
        "n_train_purchases": len(train), "n_items": len(net.catalogue or []), "n_training_examples": net.examples,
        "train_seconds": round(net.train_seconds, 2),
        "tensorflow_import_mb": grew(memory_before, memory_imported),
        "tensorflow_added_mb": grew(memory_before, memory_after),
    }
    if request.keep_recs:
        report["recommendations"] = recs
    progress.advance()
    return report


def ranking_metrics(recs: dict[str, list[str]], truth: dict[str, set[str]], k: int) -> dict[str, float]:
    """recall@k = hits / min(k, items bought) averaged over customers; hit rate = share with a hit."""
    recalls, hits = [], 0
    for customer, bought in truth.items():
        found = len(set(recs.get(customer, [])[:k]) & bought)
        recalls.append(found / min(k, len(bought)))
        hits += found > 0
    n = max(1, len(truth))
    return {"recall_at_k": round(sum(recalls) / n, 4), "hit_rate_at_k": round(hits / n, 4)}


# --- Next best action ----------------------------------------------------------------------------


POLICY_MODEL = "T-learner: per action, the mean of a shallow gradient-boosted and a linear outcome model; argmax"


@dataclass
class NextActionRequest:
    data: Path
    action: str
    outcome: str
    test: Path | None = None
    drop: list[str] = field(default_factory=list)
    sep: str | None = None
    propensity: str | None = None
    keep_policy: bool = False
    positive: str | None = None  # the outcome value meaning success, for a text outcome column


def evaluate_next_action(request: NextActionRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Learn a policy on --data and value it by IPW: cross-fitted over 5 folds, or on --test."""
    import numpy as np
    from sklearn.model_selection import KFold

    from app.ml.next_action import ActionModels, value_report

    progress = progress or Progress()
    frame, log = _load_log(request.data, request, actions=None)
    encoder = FeatureEncoder()
    with limited_threads():
        if request.test is None:
            chosen = np.zeros(len(log.outcome), dtype=np.int64)
            progress.set_total(CV_FOLDS, Text(QT_TRANSLATE_NOOP("ML", "learning the policy")))
            for train, held in KFold(CV_FOLDS, shuffle=True, random_state=SEED).split(frame):
                encoder.fit(frame.iloc[train])
                fold = _subset(log, train, encoder.transform(frame.iloc[train]))
                models = ActionModels(_is_binary(log.outcome)).fit(fold, encoder.categorical)
                chosen[held] = models.choose(encoder.transform(frame.iloc[held]))
                progress.advance()
            scored, rows = log, np.arange(len(log.outcome))
        else:
            encoder.fit(frame)
            models = ActionModels(_is_binary(log.outcome)).fit(_subset(log, slice(None), encoder.transform(frame)),
                                                                encoder.categorical)
            test_frame, scored = _load_log(request.test, request, actions=log.actions)
            chosen = models.choose(encoder.transform(test_frame))
            rows = np.arange(len(chosen))
    report: dict[str, Any] = {"model": POLICY_MODEL,
                              "actions": log.actions, "n_train": len(log.outcome), "n_features": len(encoder.columns),
                              "propensities": {a: round(float(log.propensity[log.action == i][0]), 4)
                                               for i, a in enumerate(log.actions)} if request.propensity is None else "column",
                              "validation": f"{CV_FOLDS}-fold cross-fitting" if request.test is None else "train/test"}
    if scored.outcome.size:
        report |= value_report(scored, chosen)
    else:
        report["note"] = "the test file lacks the action or outcome column: policy only, no value"
    if request.keep_policy:
        report["policy"] = list(zip(rows.tolist(), [log.actions[a] for a in chosen]))
    return report


def _subset(log: Any, rows: Any, X: np.ndarray) -> Any:
    from app.ml.next_action import Log

    return Log(X, log.action[rows], log.outcome[rows], log.propensity[rows], log.actions)


def _is_binary(outcome: np.ndarray) -> bool:
    import numpy as np

    return bool(np.isin(outcome, (0.0, 1.0)).all())


def _load_log(path: Path, request: NextActionRequest, actions: list[str] | None) -> tuple[pd.DataFrame, Any]:
    """Features (as text) and the log. With `actions` given (a test file), the action and outcome
    columns may be absent: then the log is empty and only the policy is produced."""
    import numpy as np

    from app.ml.next_action import MIN_ROWS_PER_ACTION, Log

    frame = tabular.read_csv(path, request.sep)
    name = Path(path).name
    needed = [request.action, request.outcome] + ([request.propensity] if request.propensity else [])
    has_log = all(c in frame.columns for c in needed)
    if actions is None or has_log:
        tabular.require_columns(frame, needed, name)
    features = _drop(frame.drop(columns=[c for c in needed if c in frame.columns]),
                     [p for p in request.drop if actions is None or any(fnmatch.fnmatchcase(c, p) for c in frame.columns)], name)
    if not has_log:
        return features, Log(np.zeros((0, 0)), np.zeros(0, np.int64), np.zeros(0), np.ones(0), actions or [])
    taken = frame[request.action]
    known = ~taken.str.lower().isin(tabular.MISSING_TOKENS).to_numpy()
    outcome = _outcome(frame[request.outcome], request.outcome, request.positive)
    known &= ~np.isnan(outcome)
    if actions is None:
        _require_varied_outcome(outcome[known], request.outcome, name)
        actions = sorted(set(taken[known]))
        counts = taken[known].value_counts()
        if len(actions) < 2:
            raise DataError(f"{name}: column {request.action!r} has a single action; need at least two to choose between")
        if counts.min() < MIN_ROWS_PER_ACTION or known.sum() < tabular.MIN_ROWS:
            raise DataError(f"{name}: too little data: action {counts.idxmin()!r} has {counts.min()} rows; "
                            f"need at least {MIN_ROWS_PER_ACTION} per action")
    index = {a: i for i, a in enumerate(actions)}
    known &= taken.isin(index).to_numpy()
    action = taken[known].map(index).to_numpy(np.int64)
    propensity = (_propensity(frame[request.propensity][known], request.propensity) if request.propensity
                  else (np.bincount(action, minlength=len(actions)) / len(action))[action])
    log = Log(np.zeros((0, 0)), action, outcome[known], propensity, list(actions))
    return features[known].reset_index(drop=True), log


def _outcome(values: pd.Series, column: str, positive: str | None = None) -> np.ndarray:
    """Numbers as they are; a yes/no column (or any text column with --positive) as 1/0."""
    import numpy as np
    import pandas as pd

    numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
    filled = ~values.str.lower().isin(tabular.MISSING_TOKENS)
    if positive is None and filled.sum() and numbers[filled].notna().mean() >= tabular.NUMERIC_SHARE:
        infinite = values[np.isinf(numbers)]
        if len(infinite):  # an outcome is a result, not a feature: no model can learn from an infinite one
            raise DataError(f"outcome column {column!r} holds {infinite.iloc[0]!r} (row {int(infinite.index[0]) + 2}), "
                            "which is not a finite number; fix that row")
        return numbers.to_numpy(np.float64)
    if positive is None and filled.sum() and numbers[filled].notna().any():
        bad = values[filled & numbers.isna()]  # mostly numbers: a few typos, not a yes/no column
        raise DataError(f"outcome column {column!r} holds non-numeric values such as {bad.iloc[0]!r} "
                        f"(row {int(bad.index[0]) + 2}); fix them or pass --positive VALUE for a text outcome")
    positive = tabular.positive_label(values, positive, column)
    return np.where(filled, (values == positive).astype(np.float64), np.nan)


def _require_varied_outcome(outcome: np.ndarray, column: str, name: str) -> None:
    """A log whose outcome never varies says nothing about which action works better."""
    import numpy as np

    values = np.unique(outcome)
    if len(values) < 2:
        shown = f"{values[0]:g}" if len(values) else "empty"
        raise DataError(f"{name}: outcome column {column!r} has a single value ({shown}); "
                        "need rows with different outcomes to tell the actions apart")


def _propensity(values: pd.Series, column: str) -> np.ndarray:
    import numpy as np
    import pandas as pd

    p = pd.to_numeric(values, errors="coerce").to_numpy(np.float64)
    if np.isnan(p).any() or (p <= 0).any() or (p > 1).any():
        raise DataError(f"propensity column {column!r} must hold probabilities in (0, 1] on every row")
    return p
