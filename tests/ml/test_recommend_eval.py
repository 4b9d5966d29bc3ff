"""Recommendations: the Keras next-basket model against the baselines on planted co-purchases."""

from __future__ import annotations

import csv
import json

import pytest

from app.cli import main
from app.ml.evaluate import RecommendRequest, evaluate_recommend
from app.ml.purchases import parse_map
from tests.ml.synthetic import purchases_csv

RETAIL_MAP = ["InvoiceNo=invoice,StockCode=item,Description=description,Quantity=quantity",
              "InvoiceDate=time", "UnitPrice=unit_price", "CustomerID=customer"]


def test_next_basket_model_beats_most_popular(tmp_path, capsys):
    data = purchases_csv(tmp_path / "p.csv")
    recs = tmp_path / "recs.csv"
    argv = ["ml", "evaluate", "recommend", "--purchases", str(data), "--until", "2024-07-01", "--k", "5",
            *[a for m in RETAIL_MAP for a in ("--map", m)], "--recs-out", str(recs), "--json"]
    code = main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    popular = report["baselines"]["most_popular"]
    assert report["recall_at_k"] > popular["recall_at_k"] + 0.1
    assert report["hit_rate_at_k"] >= popular["hit_rate_at_k"]
    assert "reoffer_bought" in report["baselines"] and "Keras" in report["model"]
    assert report["n_test_customers"] > 100 and report["k"] == 5
    with recs.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["customer", "rank", "item"]
    assert len(rows) - 1 == 5 * report["n_test_customers"]
    assert {r[1] for r in rows[1:]} == {"1", "2", "3", "4", "5"}


def test_parse_map_accepts_pairs_and_refuses_junk():
    assert parse_map(["A=customer,B=item", "C=time"]) == {"A": "customer", "B": "item", "C": "time"}
    from app.ml.tabular import DataError

    with pytest.raises(DataError, match="SOURCE_COLUMN=FIELD"):
        parse_map(["CustomerID"])
    with pytest.raises(DataError, match="not a purchase field"):
        parse_map(["CustomerID=client"])


@pytest.mark.parametrize(("extra", "fragment"), [
    (["--until", "01/07/2024x"], "is not a date"),
    (["--until", "2030-01-01"], "no purchases on or after"),
    (["--until", "2024-07-01", "--map", "CustomerID"], "SOURCE_COLUMN=FIELD"),
    (["--until", "2024-07-01", "--map", "Nope=customer"], "'Nope'"),
    (["--until", "2024-07-01", "--k", "0"], "--k"),
])
def test_bad_recommend_input_exits_2(tmp_path, capsys, extra, fragment):
    data = purchases_csv(tmp_path / "p.csv", customers=20)
    maps = [] if any(e.startswith("Nope") or e == "CustomerID" for e in extra) else [a for m in RETAIL_MAP for a in ("--map", m)]
    code = main(["ml", "evaluate", "recommend", "--purchases", str(data), *maps, *extra, "--json"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


def test_unmapped_file_names_the_missing_field(tmp_path):
    data = purchases_csv(tmp_path / "p.csv", customers=20)
    from app.ml.tabular import DataError

    with pytest.raises(DataError, match="map one with --map"):
        evaluate_recommend(RecommendRequest(data, "2024-07-01"))


def test_too_short_history_exits_2_before_tensorflow_loads(tmp_path):
    import subprocess
    import sys

    data = purchases_csv(tmp_path / "p.csv", customers=20)
    maps = [a for m in RETAIL_MAP for a in ("--map", m)]
    argv = ["ml", "evaluate", "recommend", "--purchases", str(data), "--until", "2024-01-10", *maps, "--json"]
    code = (f"import sys; from app.cli import main; code = main({argv!r}); "
            "print('tensorflow' in sys.modules, file=sys.stderr); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, run.stderr
    assert len(lines) == 2 and "too little purchase history before the cut date" in lines[0], run.stderr
    assert lines[1] == "False", "TensorFlow must not load for input that cannot be trained on"
