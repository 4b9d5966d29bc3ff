"""Products per customer from the workspace's `purchases` table (`aiconnect import purchases FILE`).

With enough history — at least MIN_CUSTOMERS buyers, MIN_ITEMS items bought by 3 or more
customers, and more than one window of time — the Keras NextBasketNet (app.ml.recommend) learns
what a customer buys next. It is measured first: trained on everything before the last WINDOW
days, it recommends k items (10, or a third of a smaller catalogue) to each customer who bought in
that window, and Recall@k is compared
with "re-offer what they bought" and "most popular" on the same customers; then it is trained
again on all purchases to make the recommendations. With less history there is no model to
speak of: the fallback re-offers what the customer bought most and tops up with the most bought
items, and every reason says so ("Little purchase data …").
Items a rep marked down for a customer are never recommended to that customer (app.ml.feedback).
Each reason is a sentence a rep can use: how often the customer bought the item, and what share
of the customers who buy one of their items also buy it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from app.db.engine import Database
from app.ml import features as lead_data
from app.ml.out_of_range import OutOfRange
from app.ml.runtime import grew, resident_mb
from app.ml.tabular import DataError
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import pandas as pd

    from app.ml.recommend import NextBasketNet, Settings
    from app.progress import Progress

logger = logging.getLogger(__name__)

K = 5  # products written per customer
K_EVAL = 10
WINDOW_DAYS = 60
MIN_CUSTOMERS = 30
MIN_ITEMS = 5
MIN_TEST_CUSTOMERS = 10
FALLBACK_NOTE = QT_TRANSLATE_NOOP("ML", "Little purchase data — a simple suggestion, no model. {reason}")


@dataclass
class ProductBundle:
    """The stored products model: the network (None for the fallback) and the window it predicts."""

    net: NextBasketNet | None
    window_days: int
    trained_until: Any  # pd.Timestamp
    reason_for_fallback: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return "NextBasketNet (Keras)" if self.net is not None else "fallback: re-offer + most popular (poucos dados)"


def purchase_history(db: Database) -> pd.DataFrame:
    """customer (lead id as text), item, description, time, invoice, quantity of live leads."""
    import pandas as pd

    frame = lead_data.query(db, """
        SELECT p.lead_id, p.item, p.description, p.time, p.invoice, p.quantity
        FROM purchases p JOIN leads l ON l.id = p.lead_id WHERE l.deleted_at IS NULL""")
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in
                             ("customer", "item", "description", "time", "invoice", "quantity")})
    found = OutOfRange()
    frame["time"] = lead_data.checked_times(frame, "time", "purchase_date", found)
    frame["quantity"] = lead_data.checked_numbers(frame.assign(quantity=pd.to_numeric(frame["quantity"], errors="coerce")),
                                                  "quantity", "quantity", found)
    # out of range (NaN, NaT) or a return (negative, as purchases.load_purchases leaves them out of a file): left out
    frame = frame[frame["time"].notna() & (frame["quantity"] > 0)].copy()
    frame["customer"] = frame["lead_id"].astype("int64").astype(str)
    frame["item"] = frame["item"].astype(str)
    # a purchase without an invoice number is its own order (same customer and moment)
    frame["invoice"] = frame["invoice"].where(frame["invoice"].notna() & (frame["invoice"] != ""),
                                              frame["customer"] + "@" + frame["time"].astype(str))
    frame = frame.drop(columns=["lead_id"])
    frame.attrs["out_of_range"] = found  # named in the products model's note
    return frame


def _enough(history: pd.DataFrame, window: int) -> str | None:
    """Why the network cannot be trained on this history, or None when it can."""
    import pandas as pd

    from app.ml.recommend import Catalogue

    customers = history["customer"].nunique() if len(history) else 0
    items = len(Catalogue(history)) if len(history) else 0
    span = (history["time"].max() - history["time"].min()) if len(history) else pd.Timedelta(0)
    if customers < MIN_CUSTOMERS or items < MIN_ITEMS or span <= pd.Timedelta(days=window + 14):
        return (f"{customers} customers with purchases, {items} items bought by 3 or more customers, "
                f"{span.days} days of history; the model needs {MIN_CUSTOMERS}, {MIN_ITEMS} and more than "
                f"{window + 14} days")
    return None


def train_products(history: pd.DataFrame, progress: Progress, settings: Settings | None = None,
                   now: pd.Timestamp | None = None) -> tuple[ProductBundle, dict[str, Any]]:
    """Measure the network on the last window, then train it on everything; or the fallback."""
    import pandas as pd

    from app.ml import recommend

    now = now if now is not None else pd.Timestamp(lead_data.now_utc().replace(tzinfo=None))
    window = WINDOW_DAYS
    report: dict[str, Any] = {"n_purchases": len(history),
                              "n_customers": int(history["customer"].nunique()) if len(history) else 0}
    why = _enough(history, window)
    if why is not None:
        bundle = ProductBundle(None, window, now, why)
        return bundle, {**report, "model": bundle.name, "fallback_because": why}
    started = time.perf_counter()
    memory_before = resident_mb()
    from app.ml.tf_runtime import tensorflow

    tensorflow()
    memory_imported = resident_mb()
    settings = settings or recommend.Settings()
    end = history["time"].max() + pd.Timedelta(seconds=1)
    cut = end - pd.Timedelta(days=window)
    try:
        report |= _measure(history, cut, window, settings, progress)
        progress.check()
        net = recommend.NextBasketNet(settings).fit(history, end, window, progress)
    except DataError as exc:  # the history has too few moments to cut examples from
        bundle = ProductBundle(None, window, now, str(exc))
        return bundle, {**report, "model": bundle.name, "fallback_because": str(exc)}
    memory_after = resident_mb()
    bundle = ProductBundle(net, window, end, settings=dict(vars(settings)))
    report |= {"model": bundle.name, "n_items": len(net.catalogue or []), "n_training_examples": net.examples,
               "train_seconds": round(time.perf_counter() - started, 2),
               "tensorflow_import_mb": grew(memory_before, memory_imported),
               "tensorflow_added_mb": grew(memory_before, memory_after)}
    return bundle, report


def _measure(history: pd.DataFrame, cut: pd.Timestamp, window: int, settings: Settings,
             progress: Progress) -> dict[str, Any]:
    from app.ml import recommend
    from app.ml.evaluate import ranking_metrics

    train = history[history["time"] < cut]
    truth = recommend.bought_between(history, cut)
    customers = sorted(truth)
    items = len(recommend.Catalogue(train))
    if len(customers) < MIN_TEST_CUSTOMERS or items < MIN_ITEMS:
        return {"note": f"only {len(customers)} customers bought in the last {window} days: not measured"}
    # a list as long as the catalogue finds everything: measure on a third of it at most
    k = min(K_EVAL, max(1, items // 3))
    net = recommend.NextBasketNet(settings).fit(history, cut, window, progress)
    recs = net.recommend(train, customers, cut, k)
    popular = recommend.popular_items(train, k)
    baselines = {"most_popular": {c: popular for c in customers},
                 "reoffer_bought": recommend.reoffer(train, customers, k, popular)}
    model = ranking_metrics(recs, truth, k)
    return {"recall_at_k_latest": model["recall_at_k"], "hit_rate_at_k_latest": model["hit_rate_at_k"], "k_latest": k,
            "baselines_latest": {name: ranking_metrics(r, truth, k) for name, r in baselines.items()},
            "n_test_customers": len(customers), "test_window_days": window}


class Explainer:
    """Co-purchase counts and each customer's own history, to phrase why an item is suggested."""

    def __init__(self, history: pd.DataFrame, now: pd.Timestamp) -> None:
        import numpy as np
        import pandas as pd
        from scipy import sparse

        self.items = sorted(history["item"].unique().tolist()) if len(history) else []
        self.index = {item: i for i, item in enumerate(self.items)}
        names = history.dropna(subset=["description"]).groupby("item")["description"].last() if len(history) else {}
        self.names = {i: str(names.get(i, i)) or i for i in self.items}
        own = history.groupby(["customer", "item"]).agg(n=("invoice", "nunique"), last=("time", "max")).reset_index()
        self.own: dict[str, dict[str, tuple[int, Any]]] = {}
        for c, item, n, last in own.itertuples(index=False):
            self.own.setdefault(str(c), {})[str(item)] = (int(n), last)
        customers = {c: i for i, c in enumerate(self.own)}
        rows = own["customer"].map(customers).to_numpy()
        cols = own["item"].map(self.index).to_numpy()
        bought = sparse.csr_matrix((np.ones(len(own), np.float32), (rows, cols)),
                                   shape=(len(customers), len(self.items)))
        self.co = (bought.T @ bought).toarray() if len(self.items) <= 5000 else None
        self.buyers = np.asarray(bought.sum(axis=0)).ravel()
        recent = history[history["time"] >= now - pd.Timedelta(days=90)].groupby("item")["customer"].nunique()
        self.recent_buyers = {str(k): int(v) for k, v in recent.items()}
        self.all_buyers = {item: int(self.buyers[i]) for item, i in self.index.items()}

    def reason(self, customer: str, item: str, fallback: bool) -> Text:
        parts = []
        mine = self.own.get(customer, {})
        if item in mine:
            n, last = mine[item]
            parts.append(Text(QT_TRANSLATE_NOOP("ML", "Bought it {n}× (last on {date})"), n=n, date=_day(last)))
        pal = self._pal(mine, item)
        if pal is not None:
            share, other = pal
            parts.append(Text(QT_TRANSLATE_NOOP("ML", "{share:.0%} of the customers who buy {other} also buy this"),
                              share=share, other=self.names.get(other, other)))
        if not parts:
            recent = self.recent_buyers.get(item, 0)
            parts.append(Text(QT_TRANSLATE_NOOP("ML", "Among the most bought (customers in the last 90 days: {n})"), n=recent)
                         if recent else
                         Text(QT_TRANSLATE_NOOP("ML", "Among the most bought (customers: {n})"), n=self.all_buyers.get(item, 0)))
        text = parts[0] if len(parts) == 1 else Text(QT_TRANSLATE_NOOP("ML", "{first}; {second}"), first=parts[0],
                                                                   second=parts[1])
        return Text(FALLBACK_NOTE, reason=text) if fallback else text

    def _pal(self, mine: dict[str, tuple[int, Any]], item: str) -> tuple[float, str] | None:
        """(share of buyers of one of the customer's items who also buy `item`, that item)."""
        if self.co is None or item not in self.index:
            return None
        j = self.index[item]
        best: tuple[float, str] | None = None
        for other in mine:
            i = self.index.get(other)
            if i is None or i == j or self.buyers[i] < 3:
                continue
            share = float(self.co[i, j] / self.buyers[i])
            if share > 0 and (best is None or share > best[0]):
                best = (share, other)
        return best


def _day(moment: Any) -> date:
    """A purchase time (pandas Timestamp) as a date the UI shows in its locale."""
    return date(moment.year, moment.month, moment.day)


def recommend_products(bundle: ProductBundle, history: pd.DataFrame, customers: list[int],
                       blocked: dict[int, set[str]], now: pd.Timestamp | None = None,
                       k: int = K) -> list[tuple[int, int, str, float, str]]:
    """(lead_id, rank, item, score, reason) for up to k items per customer, never a blocked one."""
    import numpy as np
    import pandas as pd

    from app.ml import recommend

    if not customers or history.empty:
        return []
    now = now if now is not None else pd.Timestamp(lead_data.now_utc().replace(tzinfo=None))
    explainer = Explainer(history, now)
    keys = [str(c) for c in customers]
    rows: list[tuple[int, int, str, float, str]] = []
    if bundle.net is not None and bundle.net.catalogue is not None and len(bundle.net.catalogue):
        at = max(history["time"].max() + pd.Timedelta(seconds=1), bundle.trained_until)
        items = bundle.net.catalogue.items
        for start in range(0, len(keys), 4096):
            part = keys[start:start + 4096]
            scores = bundle.net.scores(history, part, at)
            top = np.argsort(-scores, axis=1, kind="stable")[:, :k + 20]
            for c, ranked, row in zip(part, top, scores):
                picks = [(items[j], float(row[j])) for j in ranked if items[j] not in blocked.get(int(c), ())][:k]
                rows += [(int(c), rank, item, score, explainer.reason(c, item, False))
                         for rank, (item, score) in enumerate(picks, start=1)]
        return rows
    popular = recommend.popular_items(history, k + 20)
    buyers = history["customer"].nunique()
    counts = history.groupby("item")["customer"].nunique()
    reoffered = recommend.reoffer(history, keys, k + 20, popular)
    for c in keys:
        mine = explainer.own.get(c, {})
        total = sum(n for n, _ in mine.values()) or 1
        chosen = [i for i in reoffered[c] if i not in blocked.get(int(c), ())][:k]
        for rank, item in enumerate(chosen, start=1):
            score = mine[item][0] / total if item in mine else float(counts.get(item, 0)) / max(buyers, 1)
            rows.append((int(c), rank, item, float(score), explainer.reason(c, item, True)))
    return rows
