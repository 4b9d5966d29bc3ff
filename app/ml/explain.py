"""Per-lead reasons a rep can act on: the three factors that raise the chance most and the three
that lower it, each in percentage points against a typical lead.

The effect of a factor is how much the calibrated chance moves when that one field is set to
its typical value (median number, most frequent category) with everything else kept: it works
for any of the scoring models and costs one prediction per field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.ml.tabular import Column
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import numpy as np

    from app.ml.scoring import Scorer

MIN_POINTS = 0.5  # effects smaller than half a percentage point are noise to a rep


@dataclass(frozen=True)
class Factor:
    feature: str
    value: str
    points: float  # change in the chance, percentage points (+ raises it)
    text: Text  # English; the UI shows it in its language (app.ui.i18n.service_text)

    def as_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "value": self.value, "points": round(self.points, 1), "text": str(self.text)}


@dataclass(frozen=True)
class Reasons:
    positive: list[Factor]
    negative: list[Factor]

    def as_dict(self) -> dict[str, list[dict[str, object]]]:
        return {"for": [f.as_dict() for f in self.positive], "against": [f.as_dict() for f in self.negative]}


Phrase = Callable[[Column, float], Text]


def effects(model: Scorer, X: np.ndarray, typical: np.ndarray) -> np.ndarray:
    """n × features matrix of percentage-point effects."""
    import numpy as np

    base = model.predict(X)
    out = np.zeros(X.shape, dtype=np.float64)
    for j in range(X.shape[1]):
        moved = X.copy()
        moved[:, j] = typical[j]
        out[:, j] = (base - model.predict(moved)) * 100.0
    return out


def reasons(model: Scorer, X: np.ndarray, columns: Sequence[Column], typical: np.ndarray,
            top: int = 3, phrase: Phrase | None = None) -> list[Reasons]:
    import numpy as np

    phrase = phrase or describe
    table = effects(model, X, typical)
    result = []
    for i in range(X.shape[0]):
        order = np.argsort(-table[i], kind="stable")
        ups = [j for j in order[:top] if table[i, j] >= MIN_POINTS]
        downs = [j for j in order[::-1][:top] if table[i, j] <= -MIN_POINTS]
        result.append(Reasons([_factor(columns[j], X[i, j], table[i, j], phrase) for j in ups],
                              [_factor(columns[j], X[i, j], table[i, j], phrase) for j in downs]))
    return result


def _factor(column: Column, value: float, points: float, phrase: Phrase) -> Factor:
    text = Text(QT_TRANSLATE_NOOP("ML", "{reason} ({points:+.0f} pts)"), reason=phrase(column, value), points=float(points))
    return Factor(column.name, column.label(value), float(points), text)


def category_value(column: Column, value: float) -> str | Text:
    """A category's value as a rep reads it: the level itself, or 'other' for the merged rare ones."""
    shown = column.label(value)
    return Text(QT_TRANSLATE_NOOP("ML", "other")) if shown == "outro" else shown


def describe(column: Column, value: float) -> Text:
    """A field's value in words, compared with a typical lead where that helps."""
    if math.isnan(value):
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: blank"), feature=column.name)
    if column.kind == "category":
        return Text(QT_TRANSLATE_NOOP("ML", "{feature}: {value}"), feature=column.name, value=category_value(column, value))
    if value > column.typical:
        return Text(QT_TRANSLATE_NOOP("ML", "{feature} above the typical ({value:.4g}; typical {typical:.4g})"),
                    feature=column.name, value=float(value), typical=float(column.typical))
    return Text(QT_TRANSLATE_NOOP("ML", "{feature} below the typical ({value:.4g}; typical {typical:.4g})"),
                feature=column.name, value=float(value), typical=float(column.typical))
