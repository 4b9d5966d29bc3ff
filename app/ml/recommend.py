"""Products a customer is most likely to buy next: a next-basket network in TensorFlow/Keras.

The model ("NextBasketNet") reads a customer's history up to a moment — per catalogue item, how
often they bought it and how recently — and outputs a softmax over the catalogue for what they
buy in the following window. Its logits are the sum of two parts, trained together:
- a collaborative part: the L2-normalised purchase counts go through a 256-unit tanh layer
  (dropout) and a dense layer back to every item (a denoising autoencoder, Mult-DAE style,
  Liang et al. 2018), which learns co-purchase patterns and the item popularity bias;
- a repeat part: two learned weights times each item's own log-count and recency, so "buys this
  again" is learned from the data, not bolted on.
Training examples are cut from the training history itself: at several moments before the cut
date, the input is the history before the moment and the target the items bought in the next
window (as long as the test window). TensorFlow is imported only here, when first needed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from scipy import sparse

    from app.progress import Progress

logger = logging.getLogger(__name__)

SEED = 20240601
MIN_BUYERS = 3  # items bought by fewer customers are too rare to learn
RECENCY_DAYS = 30.0
STEP_DAYS = 14


@dataclass
class Settings:
    hidden: int = 64
    dropout: float = 0.8
    repeat_hidden: int = 32
    epochs: int = 12
    batch: int = 256
    learning_rate: float = 2e-3
    cuts: int = 10  # training moments, STEP_DAYS apart, ending one window before the cut date


class Catalogue:
    """Items worth recommending (bought by at least MIN_BUYERS customers) and their positions."""

    def __init__(self, purchases: pd.DataFrame) -> None:
        buyers = purchases.groupby("item")["customer"].nunique()
        kept = buyers[buyers >= MIN_BUYERS].sort_values(ascending=False, kind="stable")
        self.items: list[str] = [str(i) for i in kept.index]
        self.index = {item: i for i, item in enumerate(self.items)}

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class Snapshot:
    """What the model sees for some customers at one moment: their own history per catalogue item
    (log1p invoice count, recency in [0,1]), each item's recent popularity, and how active they are."""

    counts: sparse.csr_matrix
    recency: sparse.csr_matrix
    context: np.ndarray  # items × CONTEXT: log1p buyers in the last 30 and 90 days
    activity: np.ndarray  # customers × 2: log1p invoices so far, has any history

    def inputs(self, rows: Any, context: np.ndarray | None = None) -> dict[str, np.ndarray]:
        import numpy as np

        counts = self.counts[rows].toarray()
        n = counts.shape[0]
        ctx = context if context is not None else np.broadcast_to(self.context, (n, *self.context.shape))
        return {"counts": counts, "recency": self.recency[rows].toarray(), "context": ctx, "activity": self.activity[rows]}


CONTEXT_DAYS = (30, 90)


def snapshot(purchases: pd.DataFrame, customers: list[str], catalogue: Catalogue, at: pd.Timestamp) -> Snapshot:
    import numpy as np
    import pandas as pd
    from scipy import sparse

    past = purchases[(purchases["time"] < at) & purchases["item"].isin(catalogue.index)]
    context = np.zeros((len(catalogue), len(CONTEXT_DAYS)), np.float32)
    for j, days in enumerate(CONTEXT_DAYS):
        recent = past[past["time"] >= at - pd.Timedelta(days=days)].groupby("item")["customer"].nunique()
        context[recent.index.map(catalogue.index).to_numpy(), j] = np.log1p(recent.to_numpy(np.float32))
    rows_of = {c: i for i, c in enumerate(customers)}
    mine = past[past["customer"].isin(rows_of)]
    grouped = mine.groupby(["customer", "item"]).agg(n=("invoice", "nunique"), last=("time", "max")).reset_index()
    r = grouped["customer"].map(rows_of).to_numpy()
    c = grouped["item"].map(catalogue.index).to_numpy()
    days_ago = (at - grouped["last"]).dt.total_seconds().to_numpy() / 86400.0
    shape = (len(customers), len(catalogue))
    counts = sparse.csr_matrix((np.log1p(grouped["n"].to_numpy(np.float32)), (r, c)), shape=shape, dtype=np.float32)
    recency = sparse.csr_matrix((np.exp(-days_ago / RECENCY_DAYS).astype(np.float32), (r, c)), shape=shape, dtype=np.float32)
    invoices = purchases[(purchases["time"] < at) & purchases["customer"].isin(rows_of)].groupby("customer")["invoice"].nunique()
    activity = np.zeros((len(customers), 2), np.float32)
    activity[invoices.index.map(rows_of).to_numpy(), 0] = np.log1p(invoices.to_numpy(np.float32))
    activity[:, 1] = activity[:, 0] > 0
    return Snapshot(counts, recency, context, activity)


def bought_between(purchases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp | None = None) -> dict[str, set[str]]:
    window = purchases[(purchases["time"] >= start) & ((purchases["time"] < end) if end is not None else True)]
    return {str(c): set(items) for c, items in window.groupby("customer")["item"]}


@dataclass
class TrainingSet:
    snapshots: list[Snapshot]
    targets: list[sparse.csr_matrix]

    def __len__(self) -> int:
        return sum(t.shape[0] for t in self.targets)


class NextBasketNet:
    """The Keras model plus the catalogue it scores; see the module text for what it learns."""

    name = "NextBasketNet (Keras: Mult-DAE collaborative part + learned repeat/recency/trend part)"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.catalogue: Catalogue | None = None
        self.model: Any = None
        self.train_seconds = 0.0
        self.examples = 0
        self._prepared: tuple[tuple[pd.Timestamp, int], TrainingSet, float] | None = None

    def prepare(self, purchases: pd.DataFrame, until: pd.Timestamp, window_days: int) -> TrainingSet:
        """The catalogue and the training examples (no TensorFlow): a DataError here, when the history
        is too short, comes before TensorFlow's import."""
        import pandas as pd

        from app.ml.tabular import DataError

        started = time.perf_counter()
        train = purchases[purchases["time"] < until]
        self.catalogue = Catalogue(train)
        data = TrainingSet([], [])
        for j in range(self.settings.cuts):
            at = until - pd.Timedelta(days=window_days + j * STEP_DAYS)
            if at <= train["time"].min():
                break
            self._add_examples(data, train, at, at + pd.Timedelta(days=window_days))
        if not len(data) or not len(self.catalogue):
            raise DataError("too little purchase history before the cut date to learn from")
        self._prepared = ((until, window_days), data, time.perf_counter() - started)
        return data

    def fit(self, purchases: pd.DataFrame, until: pd.Timestamp, window_days: int,
            progress: Progress | None = None) -> NextBasketNet:
        """Learn from the history before `until` (prepared already when `prepare` was called with the
        same cut); `progress` is checked after every batch (a cancel stops the epoch loop at once)."""
        if getattr(self, "_prepared", None) is None or self._prepared[0] != (until, window_days):
            self.prepare(purchases, until, window_days)
        assert self._prepared is not None and self.catalogue is not None
        _cut, data, prepare_seconds = self._prepared
        started = time.perf_counter()
        self.examples = len(data)
        self.model = _build(len(self.catalogue), self.settings)
        _train(self.model, data, self.settings, progress)
        self.train_seconds = prepare_seconds + time.perf_counter() - started
        self._prepared = None  # the examples are not kept with the stored model
        return self

    def _add_examples(self, data: TrainingSet, train: pd.DataFrame, at: pd.Timestamp, end: pd.Timestamp) -> None:
        """Customers who buy something in [at, end): their history before `at`, and what they bought."""
        import numpy as np
        from scipy import sparse

        assert self.catalogue is not None
        index = self.catalogue.index
        future = bought_between(train, at, end)
        customers = sorted(c for c, items in future.items() if any(i in index for i in items))
        if not customers:
            return
        rows, cols = [], []
        for r, customer in enumerate(customers):
            hits = [index[i] for i in future[customer] if i in index]
            rows += [r] * len(hits)
            cols += hits
        data.snapshots.append(snapshot(train, customers, self.catalogue, at))
        data.targets.append(sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                              shape=(len(customers), len(self.catalogue))))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as weights, so loading a stored model needs no TensorFlow until it scores."""
        state = dict(self.__dict__)
        if self.model is not None:
            state["model"] = None
            state["weights"] = self.model.get_weights()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _network(self) -> Any:
        if self.model is None:
            assert self.catalogue is not None
            weights = self.__dict__.pop("weights", None)
            if weights is None:
                raise RuntimeError("NextBasketNet is not trained")
            self.model = _build(len(self.catalogue), self.settings)
            self.model.set_weights(weights)
        return self.model

    def scores(self, purchases: pd.DataFrame, customers: list[str], at: pd.Timestamp) -> np.ndarray:
        """Softmax scores, customers × catalogue, from the history before `at`."""
        import numpy as np

        assert self.catalogue is not None
        snap = snapshot(purchases, customers, self.catalogue, at)
        out = np.empty((len(customers), len(self.catalogue)), dtype=np.float32)
        for start in range(0, len(customers), 512):
            rows = np.arange(start, min(start + 512, len(customers)))
            out[rows] = self._network()(snap.inputs(rows), training=False).numpy()
        return out

    def recommend(self, purchases: pd.DataFrame, customers: list[str], at: pd.Timestamp, k: int) -> dict[str, list[str]]:
        import numpy as np

        assert self.catalogue is not None
        scores = self.scores(purchases, customers, at)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        return {c: [self.catalogue.items[j] for j in top[i]] for i, c in enumerate(customers)}


def _build(n_items: int, settings: Settings) -> Any:
    from app.ml.tf_runtime import keras

    k = keras()
    counts = k.Input((n_items,), name="counts")
    recency = k.Input((n_items,), name="recency")
    context = k.Input((n_items, len(CONTEXT_DAYS)), name="context")
    activity = k.Input((2,), name="activity")
    hidden = k.layers.Dropout(settings.dropout, seed=SEED)(k.layers.UnitNormalization(name="l2")(counts))
    hidden = k.layers.Dense(settings.hidden, activation="tanh", name="encode")(hidden)
    collaborative = k.layers.Dense(n_items, name="decode")(hidden)
    per_item = k.layers.Concatenate(axis=-1)([
        k.layers.Reshape((n_items, 1))(counts), k.layers.Reshape((n_items, 1))(recency), context,
        k.layers.RepeatVector(n_items)(activity)])
    per_item = k.layers.Dense(settings.repeat_hidden, activation="relu", name="repeat_hidden")(per_item)
    repeat = k.layers.Reshape((n_items,))(k.layers.Dense(1, use_bias=False, name="repeat")(per_item))
    logits = k.layers.Add(name="logits")([collaborative, repeat])
    inputs = {"counts": counts, "recency": recency, "context": context, "activity": activity}
    model = k.Model(inputs, k.layers.Softmax()(logits), name="next_basket")
    model.compile(optimizer=k.optimizers.Adam(settings.learning_rate), loss=_multinomial_loss)
    return model


def _multinomial_loss(target: Any, probs: Any) -> Any:
    """Multinomial log-likelihood of the items bought (Mult-VAE's loss), per example."""
    import tensorflow as tf

    weights = target / tf.maximum(tf.reduce_sum(target, axis=1, keepdims=True), 1.0)
    return -tf.reduce_sum(weights * tf.math.log(probs + 1e-9), axis=1)


def _train(model: Any, data: TrainingSet, settings: Settings, progress: Progress | None = None) -> None:
    import numpy as np
    from scipy import sparse

    from app.ml.tf_runtime import reseed

    reseed()
    rng = np.random.default_rng(SEED)
    which = np.concatenate([np.full(t.shape[0], i) for i, t in enumerate(data.targets)])
    local = np.concatenate([np.arange(t.shape[0]) for t in data.targets])
    contexts = np.stack([s.context for s in data.snapshots])
    for epoch in range(settings.epochs):
        order = rng.permutation(len(which))
        losses = []
        if progress is not None:
            progress.set_label(Text(QT_TRANSLATE_NOOP("ML", "product recommendations: epoch {epoch} of {epochs}"),
                                    epoch=epoch + 1, epochs=settings.epochs))
        for start in range(0, len(order), settings.batch):
            if progress is not None:
                progress.check()  # a cancel stops the epoch loop between two batches
            idx = order[start:start + settings.batch]
            picked = [local[idx][which[idx] == i] for i in range(len(data.snapshots))]
            parts = [(i, data.snapshots[i], rows) for i, rows in enumerate(picked) if len(rows)]
            batch = [s.inputs(rows, contexts[np.full(len(rows), i)]) for i, s, rows in parts]
            inputs = {key: np.concatenate([b[key] for b in batch]) for key in batch[0]}
            target = sparse.vstack([data.targets[i][rows] for i, _, rows in parts]).toarray()
            losses.append(float(model.train_on_batch(inputs, target)))
        logger.info("next-basket epoch %d: loss %.4f", epoch + 1, float(np.mean(losses)))


def popular_items(purchases: pd.DataFrame, k: int) -> list[str]:
    """Baseline 'most popular': the items bought by the most customers."""
    buyers = purchases.groupby("item")["customer"].nunique().sort_values(ascending=False, kind="stable")
    return [str(i) for i in buyers.index[:k]]


def reoffer(purchases: pd.DataFrame, customers: list[str], k: int, fill: list[str]) -> dict[str, list[str]]:
    """Baseline 're-offer what they bought': their most often bought items (latest first on ties),
    topped up with popular items."""
    counts = (purchases.groupby(["customer", "item"]).agg(n=("invoice", "nunique"), last=("time", "max"))
              .reset_index().sort_values(["customer", "n", "last"], ascending=[True, False, False], kind="stable"))
    own = {str(c): [str(i) for i in g["item"]] for c, g in counts.groupby("customer", sort=False)}
    out = {}
    for c in customers:
        mine = own.get(c, [])[:k]
        out[c] = mine + [i for i in fill if i not in set(mine)][: k - len(mine)]
    return out
