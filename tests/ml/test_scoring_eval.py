"""The scoring evaluator on synthetic leads with a planted signal, through the command line."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from app.ml import tabular
from app.ml.evaluate import ScoringRequest, evaluate_scoring
from tests.cli_run import run
from tests.ml.synthetic import leads_csv


def test_scoring_cv_learns_planted_signal_and_writes_scores(tmp_path, capsys):
    data = leads_csv(tmp_path / "leads.csv", n=1500, sep=";", trailing_comma=True)
    scores = tmp_path / "scores.csv"
    code, out, err = run(capsys, "ml", "evaluate", "scoring", "--data", str(data), "--target", "converted",
                         "--scores-out", str(scores), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["positive"] == "sim"
    assert report["model"] == "gradient_boosting"
    assert report["auc"] > 0.75 and report["auc_chronological"] > 0.7
    assert 0 < report["brier"] < 0.25 and report["lift_top_decile"] > 1.5
    assert report["n_train"] == 1500 and report["train_seconds"] >= 0
    assert set(report["baselines"]) == {"naive_bayes", "logistic_regression"}
    # the identifier and the constant column are recognised as noise, not features
    assert {"lead_id", "constant"} <= set(report["skipped_columns"])
    with scores.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "score"] and len(rows) == 1501
    assert sorted(int(r[0]) for r in rows[1:]) == list(range(1500))
    assert all(0.0 <= float(r[1]) <= 1.0 for r in rows[1:])


def test_explanations_name_the_planted_factors(tmp_path):
    data = leads_csv(tmp_path / "leads.csv", n=1200)
    report = evaluate_scoring(ScoringRequest(data, "converted", baselines=False))
    factors = [f for e in report["explanations"] for side in ("for", "against") for f in e[side]]
    assert factors, "every scored lead should come with reasons"
    assert {f["feature"] for f in factors} <= {"visits", "channel", "region"}
    for e in report["explanations"]:
        assert all(f["points"] > 0 for f in e["for"]) and all(f["points"] < 0 for f in e["against"])
        assert len(e["for"]) <= 3 and len(e["against"]) <= 3
        assert all(f["text"].endswith(" pts)") for f in e["for"] + e["against"])


def test_cold_start_uses_naive_bayes_labelled_poucos_dados(tmp_path):
    data = leads_csv(tmp_path / "few.csv", n=160, seed=7)
    report = evaluate_scoring(ScoringRequest(data, "converted", baselines=False))
    assert report["model"] == "naive_bayes (poucos dados)"
    assert report["auc"] > 0.6
    assert report["explanations"][0]["for"] or report["explanations"][0]["against"]


def test_train_and_test_files_score_every_test_row(tmp_path, capsys):
    train = leads_csv(tmp_path / "train.csv", n=1200, seed=1)
    test = leads_csv(tmp_path / "test.csv", n=400, seed=2)
    scores = tmp_path / "s.csv"
    code, out, err = run(capsys, "ml", "evaluate", "scoring", "--data", str(train), "--target", "converted",
                         "--test", str(test), "--scores-out", str(scores), "--no-baselines", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["auc"] > 0.75 and "auc_chronological" not in report and report["n_test"] == 400
    assert len(scores.read_text().splitlines()) == 401


def test_test_file_without_target_is_scored_without_metrics(tmp_path):
    train = leads_csv(tmp_path / "train.csv", n=800, seed=1)
    frame = tabular.read_csv(leads_csv(tmp_path / "t.csv", n=100, seed=2)).drop(columns=["converted"])
    frame.to_csv(tmp_path / "unlabelled.csv", index=False)
    report = evaluate_scoring(ScoringRequest(train, "converted", test=tmp_path / "unlabelled.csv", keep_scores=True,
                                             baselines=False))
    assert "auc" not in report and "note" in report and len(report["scores"]) == 100


def test_calibrated_scores_track_observed_rates(tmp_path):
    data = leads_csv(tmp_path / "leads.csv", n=3000, seed=11)
    report = evaluate_scoring(ScoringRequest(data, "converted", baselines=False, keep_scores=True))
    frame = tabular.read_csv(data)
    y = (frame["converted"] == "sim").to_numpy()
    p = np.array([s for _, s in sorted(report["scores"])])
    assert abs(p.mean() - y.mean()) < 0.03
    top = p > np.quantile(p, 0.8)
    assert abs(p[top].mean() - y[top].mean()) < 0.08


@pytest.mark.parametrize(("make", "extra", "fragment"), [
    (lambda d: d / "absent.csv", [], "no such file"),
    (lambda d: leads_csv(d / "a.csv", n=300), ["--target", "won"], "no column 'won'"),
    (lambda d: leads_csv(d / "b.csv", n=300, positives=0.0), [], "one value"),
    (lambda d: leads_csv(d / "c.csv", n=30), [], "at least 50"),
    (lambda d: leads_csv(d / "d.csv", n=300, positives=0.02), [], "need at least 10"),
    (lambda d: leads_csv(d / "e.csv", n=300), ["--positive", "maybe"], "--positive"),
    (lambda d: leads_csv(d / "f.csv", n=300), ["--drop", "nope"], "--drop 'nope'"),
])
def test_bad_scoring_input_exits_2_with_one_line(tmp_path, capsys, make, extra, fragment):
    path = make(tmp_path)
    argv = ["ml", "evaluate", "scoring", "--data", str(path), "--target", "converted", *extra, "--json"]
    if "--target" in extra:
        argv = ["ml", "evaluate", "scoring", "--data", str(path), *extra, "--json"]
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], err


def test_binary_junk_and_unknown_positive_are_bad_input(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 50)
    code, _, err = run(capsys, "ml", "evaluate", "scoring", "--data", str(junk), "--target", "y", "--json")
    assert code == 2 and "binary" in err and len(err.strip().splitlines()) == 1
    odd = tmp_path / "odd.csv"
    odd.write_text("a,outcome\n" + "".join(f"{i},{'up' if i % 3 else 'down'}\n" for i in range(200)))
    code, _, err = run(capsys, "ml", "evaluate", "scoring", "--data", str(odd), "--target", "outcome", "--json")
    assert code == 2 and "--positive" in err
