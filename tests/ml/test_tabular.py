"""Reading and typing any CSV: separators, trailing commas, decimal commas, junk and noise columns."""

from __future__ import annotations

import numpy as np
import pytest

from app.ml import tabular
from app.ml.tabular import DataError, FeatureEncoder


def test_semicolon_crlf_and_trailing_comma(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'"a";"b";"y";\r\n1;"x";"yes";\r\n2;"z";"no";\r\n')
    frame = tabular.read_csv(path)
    assert list(frame.columns) == ["a", "b", "y"]
    assert frame["b"].tolist() == ["x", "z"]


def test_types_are_learned_and_junk_becomes_missing(tmp_path):
    path = tmp_path / "t.csv"
    rows = ["valor;cidade;id;vazio;sempre"] + [f"{i},5;{'SP' if i % 2 else 'RJ'};{i};;1" for i in range(100)]
    rows[5] = "abc;SP;4000;;1"  # one junk number
    path.write_text("\n".join(rows), encoding="cp1252")
    frame = tabular.read_csv(path)
    encoder = FeatureEncoder().fit(frame)
    assert encoder.names == ["valor", "cidade"]
    assert encoder.skipped["id"].startswith("identifier") and encoder.skipped["vazio"] == "empty"
    assert encoder.skipped["sempre"] == "constant"
    X = encoder.transform(frame)
    assert X[0, 0] == pytest.approx(0.5) and np.isnan(X[4, 0])
    assert set(np.unique(X[:, 1])) == {0.0, 1.0}


def test_unseen_category_becomes_outro_or_missing(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"c": ["a"] * 10 + ["b"] * 10 + ["rare"] * 2, "n": [str(i) for i in range(21)] + ["1"]})
    encoder = FeatureEncoder().fit(frame)
    column = encoder.columns[0]
    assert column.levels == ["a", "b", "outro"]
    X = encoder.transform(pd.DataFrame({"c": ["b", "new", ""], "n": ["1", "2", "3"]}))
    assert X[0, 0] == 1.0 and X[1, 0] == 2.0 and np.isnan(X[2, 0])


def test_one_column_file_asks_for_the_separator(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("justone\n1\n2\n")
    with pytest.raises(DataError, match="--sep"):
        tabular.read_csv(path)
