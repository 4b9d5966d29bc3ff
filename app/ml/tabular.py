"""Any CSV a user exports, read and typed for the models.

`read_csv` sniffs the separator and encoding, drops the empty unnamed columns that a trailing
comma leaves, and keeps every value as text; `FeatureEncoder` then decides per column whether it
is a number, a category or noise (constant, an identifier), learned on the training rows only.
pandas is imported inside the functions: `import app.ml.tabular` stays light.
"""

from __future__ import annotations

import csv
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import KnownError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

logger = logging.getLogger(__name__)

MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-", "#n/a"})
POSITIVE_TOKENS = ("yes", "1", "true", "sim", "y", "s", "won", "ganho", "converted", "1.0")
SEPARATORS = (",", ";", "\t", "|")
NUMERIC_SHARE = 0.95  # a column is a number when at least this share of its filled values parse
MAX_LEVELS = 250  # HistGradientBoosting's categorical limit is 255 bins
MIN_LEVEL_COUNT = 5
MIN_ROWS = 50
MIN_POSITIVES = 10


class DataError(KnownError):
    """The table cannot be used as asked; the message says what to fix."""


def read_csv(path: str | Path, sep: str | None = None) -> pd.DataFrame:
    """Every column as text (missing as ''), header names stripped, empty unnamed columns gone."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    head = _head(path)
    if b"\x00" in head and not path.name.endswith(".gz"):
        raise DataError(f"{path.name}: this is not a text table (it holds binary data); export it as CSV")
    encoding = _encoding(head) if not path.name.endswith(".gz") else "utf-8"
    sep = _separator(path, encoding, sep)
    try:
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding=encoding,
                            skipinitialspace=True, on_bad_lines="error", engine="c")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"{path.name}: cannot read it as a table with separator {sep!r}: {_first_line(exc)}") from None
    return _tidy(frame, path.name)


def _head(path: Path) -> bytes:
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            return fh.read(64 * 1024)
    except OSError as exc:
        raise DataError(f"{path.name}: cannot read it: {exc}") from None


def _encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the sample's end
            return "cp1252"
    return "utf-8"


def _separator(path: Path, encoding: str, sep: str | None) -> str:
    """The given one, else the candidate that splits the sampled lines into the most columns,
    the same number on (nearly) every line — so '1,5;SP' is read as two columns, not three."""
    if sep:
        return {"\\t": "\t", "tab": "\t"}.get(sep, sep)
    text = _head(path).decode(encoding, errors="replace")
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    lines = lines[:-1] if len(lines) > 2 else lines  # the last sampled line may be cut
    best, best_width = ",", 1
    for candidate in SEPARATORS:
        widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        if not widths:
            continue
        width = max(set(widths), key=widths.count)
        if width > best_width and widths.count(width) >= 0.9 * len(widths):
            best, best_width = candidate, width
    return best


def _tidy(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    frame.columns = [str(c).strip() for c in frame.columns]
    empty_unnamed = [c for c in frame.columns if (c == "" or c.startswith("Unnamed:")) and not frame[c].str.strip().any()]
    frame = frame.drop(columns=empty_unnamed)
    if frame.shape[1] < 2:
        raise DataError(f"{name}: found only {frame.shape[1]} column(s); is the separator right? (try --sep)")
    return frame.apply(lambda col: col.str.strip())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def parse_columns(spec: str | None) -> list[str]:
    return [c.strip() for c in (spec or "").split(",") if c.strip()]


def require_columns(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        shown = ", ".join(list(frame.columns)[:12])
        raise DataError(f"{name}: no column {missing[0]!r}; the columns are: {shown}")


def positive_label(values: pd.Series, positive: str | None, column: str) -> str:
    """Which value of the target means 'converted'."""
    filled = values[values.str.lower().map(lambda v: v not in MISSING_TOKENS)]
    levels = sorted(set(filled))
    if len(levels) < 2:
        raise DataError(f"target {column!r} has only one value ({levels[0] if levels else 'empty'}); "
                        "need both converted and not converted rows")
    if positive is not None:
        if positive not in levels:
            raise DataError(f"--positive {positive!r} is not a value of {column!r}; values: {', '.join(levels[:10])}")
        return positive
    lowered = {v.lower(): v for v in levels}
    for token in POSITIVE_TOKENS:
        if token in lowered and len(levels) == 2:
            return lowered[token]
    raise DataError(f"cannot tell which value of {column!r} is the positive class; pass --positive "
                    f"(values: {', '.join(levels[:10])})")


def binary_target(values: pd.Series, positive: str) -> tuple[np.ndarray, np.ndarray]:
    """(y, known): y is 1 for the positive value; rows with a missing target are not known."""
    import numpy as np

    known = ~values.str.lower().isin(MISSING_TOKENS).to_numpy()
    y = (values == positive).to_numpy().astype(np.int8)
    return y, known


def check_trainable(y: np.ndarray, what: str = "the training data") -> None:
    n, pos = len(y), int(y.sum())
    if n < MIN_ROWS:
        raise DataError(f"{what} has {n} rows with a known outcome; need at least {MIN_ROWS}")
    if pos in (0, n):
        raise DataError(f"{what}: the target has a single class ({'all positive' if pos else 'no positive'} rows)")
    if min(pos, n - pos) < MIN_POSITIVES:
        raise DataError(f"{what} has {min(pos, n - pos)} rows of the rarer class; need at least {MIN_POSITIVES}")


@dataclass
class Column:
    """How one input column becomes one feature: a number, or a category code."""

    name: str
    kind: str  # number | category
    decimal_comma: bool = False
    levels: list[str] = field(default_factory=list)
    typical: float = 0.0  # median (number) or code of the most frequent level (category)

    def label(self, value: float) -> str:
        """The feature's value as a person would read it."""
        if math.isnan(value):
            return "vazio"
        if self.kind == "category":
            return self.levels[int(value)] if 0 <= int(value) < len(self.levels) else "outro"
        return f"{value:.4g}"


class FeatureEncoder:
    """Learns column types on the training rows; turns any frame with those columns into a float matrix.

    Categories become codes 0..k-1 (rare levels are merged into 'outro', missing is NaN), numbers
    stay numbers (junk cells become NaN). Constant columns and identifiers are left out.
    """

    # Cells that read as infinite (inf, 1e400), by column, in the training rows: treated as missing, never
    # handed to a model (scikit-learn refused the whole table). A class default: models pickled before have none.
    out_of_range: dict[str, int] = {}

    def __init__(self) -> None:
        self.columns: list[Column] = []
        self.skipped: dict[str, str] = {}

    def fit(self, frame: pd.DataFrame) -> FeatureEncoder:
        import numpy as np

        self.columns, self.skipped, self.out_of_range = [], {}, {}
        for name in frame.columns:
            column, why = _learn_column(frame[name], name)
            if column is None:
                self.skipped[name] = why
                continue
            self.columns.append(column)
            if column.kind == "number" and (infinite := int(np.isinf(_numbers(frame[name], column)).sum())):
                self.out_of_range[name] = infinite
        if self.out_of_range:
            logger.info("features: infinite values treated as missing %s", self.out_of_range)
        if not self.columns:
            raise DataError("no usable feature columns (all are constant, empty or identifiers)")
        logger.info("features: %d used, skipped %s", len(self.columns), self.skipped)
        return self

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def categorical(self) -> list[bool]:
        return [c.kind == "category" for c in self.columns]

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        import numpy as np

        missing = [c.name for c in self.columns if c.name not in frame.columns]
        if missing:
            raise DataError(f"the scored table lacks column {missing[0]!r} used by the model")
        out = np.empty((len(frame), len(self.columns)), dtype=np.float64)
        for j, column in enumerate(self.columns):
            out[:, j] = _encode(frame[column.name], column)
        return out

    def typical_row(self) -> np.ndarray:
        import numpy as np

        return np.array([c.typical for c in self.columns], dtype=np.float64)


def _learn_column(values: pd.Series, name: str) -> tuple[Column | None, str]:
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values):  # already typed (features from the database)
        numbers = _finite(values)
        if numbers.empty or numbers.nunique() == 1:
            return None, "empty" if numbers.empty else "constant"
        return Column(name, "number", typical=float(numbers.median())), ""
    filled = values[~values.str.lower().isin(MISSING_TOKENS)]
    if filled.empty:
        return None, "empty"
    if filled.nunique() == 1 and len(filled) == len(values):
        return None, "constant"
    numbers, comma = _as_numbers(filled)
    if numbers is not None:
        if numbers.nunique() == len(values) and bool((numbers == numbers.round()).all()):
            return None, "identifier (a different whole number on every row)"
        finite = _finite(numbers)
        if finite.empty or finite.nunique() == 1:
            return None, "empty" if finite.empty else "constant"
        return Column(name, "number", comma, typical=float(finite.median())), ""
    if filled.nunique() > 0.9 * len(values):
        return None, "identifier (a different text on every row)"
    counts = filled.value_counts()
    levels = [str(v) for v, n in counts.items() if n >= MIN_LEVEL_COUNT][:MAX_LEVELS]
    if not levels:
        return None, "no value repeats enough to learn from"
    if len(levels) < len(counts):
        levels.append("outro")
    return Column(name, "category", levels=levels, typical=0.0), ""


def _as_numbers(filled: pd.Series) -> tuple[pd.Series | None, bool]:
    import pandas as pd

    for comma in (False, True):
        text = filled.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if comma else filled
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers.notna().mean() >= NUMERIC_SHARE:
            return numbers.dropna(), comma
    return None, False


def _finite(values: pd.Series) -> pd.Series:
    """The finite numbers of a numeric series (inf, -inf and NaN left out)."""
    import numpy as np

    numbers = values.astype(np.float64)
    return numbers[np.isfinite(numbers)]


def _numbers(values: pd.Series, column: Column) -> np.ndarray:
    """A number column's cells as floats, as read (junk NaN, 'inf' and '1e400' infinite)."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    text = values.str.replace(".", "", regex=False).str.replace(",", ".", regex=False) if column.decimal_comma else values
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64)


def _encode(values: pd.Series, column: Column) -> np.ndarray:
    import numpy as np

    if column.kind == "number":
        numbers = _numbers(values, column)
        numbers[np.isinf(numbers)] = np.nan  # out of any range: missing, as a model can take it
        return numbers
    codes = {level: float(i) for i, level in enumerate(column.levels)}
    other = codes.get("outro", np.nan)
    is_missing = values.str.lower().isin(MISSING_TOKENS).to_numpy()
    mapped = values.map(codes).to_numpy(dtype=np.float64, na_value=np.nan)
    mapped[np.isnan(mapped) & ~is_missing] = other
    return mapped


def describe_value(column: Column, value: Any) -> str:
    return column.label(float(value))
