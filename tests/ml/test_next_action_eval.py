"""Next best action: IPW values on a randomised log whose best policy is known."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from app.cli import main
from app.ml.next_action import Log, value_report
from tests.ml.synthetic import action_log_csv


def test_ipw_value_of_the_known_best_policy():
    rng = np.random.default_rng(0)
    n = 20000
    segment = rng.integers(0, 2, n)
    action = rng.integers(0, 3, n)
    rate = np.where(action == 2, 0.1, np.where(action == segment, 0.6, 0.3))
    log = Log(np.zeros((n, 0)), action, (rng.random(n) < rate).astype(float), np.full(n, 1 / 3), ["A", "B", "C"])
    report = value_report(log, chosen=segment)  # the optimal policy: A for segment 0, B for 1
    assert report["policy_value"] == pytest.approx(0.6, abs=0.02)
    low, high = report["policy_value_ci95"]
    assert low < 0.6 < high and high - low < 0.05
    assert report["best_single_action_value"] == pytest.approx(0.45, abs=0.02)
    assert report["gain_ci95"][0] > 0.1


def test_learned_policy_beats_best_single_action(tmp_path, capsys):
    data = action_log_csv(tmp_path / "log.csv")
    policy = tmp_path / "policy.csv"
    code = main(["ml", "evaluate", "next-action", "--data", str(data), "--action", "action", "--outcome", "visit",
                 "--drop", "spend", "--policy-out", str(policy), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    assert report["actions"] == ["A", "B", "C"]
    assert report["policy_value"] > report["best_single_action_value"] + 0.08
    assert report["gain_ci95"][0] > 0
    assert report["policy_action_shares"]["C"] < 0.05
    with policy.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["row", "action"] and len(rows) == 4001


def test_policy_trained_on_one_log_valued_on_another(tmp_path, capsys):
    train = action_log_csv(tmp_path / "a.csv", n=3000, seed=1)
    test = action_log_csv(tmp_path / "b.csv", n=2000, seed=2)
    code = main(["ml", "evaluate", "next-action", "--data", str(train), "--test", str(test), "--action", "action",
                 "--outcome", "visit", "--drop", "spend", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    assert report["policy_value"] > 0.5 and report["validation"] == "train/test"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--action", "nope", "--outcome", "visit"], "no column 'nope'"),
    (["--action", "segment", "--outcome", "visit"], "need at least 20 per action"),
    (["--action", "action", "--outcome", "visit", "--propensity", "age"], "probabilities"),
])
def test_bad_next_action_input_exits_2(tmp_path, capsys, argv, fragment):
    data = action_log_csv(tmp_path / "log.csv", n=300)
    if "segment" in argv:
        rows = (tmp_path / "log.csv").read_text().splitlines()
        rows = [rows[0], *[r for r in rows[1:] if r.startswith("x")][:150], *[r for r in rows[1:] if r.startswith("y")][:5]]
        (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    code = main(["ml", "evaluate", "next-action", "--data", str(data), *argv, "--json"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


def _rewrite(path, edit):
    """Rewrite the log's rows through edit(row) (a list of cells; the header is kept)."""
    with path.open() as fh:
        rows = list(csv.reader(fh))
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *[edit(list(r), i) for i, r in enumerate(rows[1:])]])


def _evaluate(data, capsys, *extra):
    code = main(["ml", "evaluate", "next-action", "--data", str(data), "--action", "action", "--outcome", "visit",
                 "--drop", "spend", *extra, "--json"])
    return code, capsys.readouterr()


def test_outcome_with_a_single_value_exits_2(tmp_path, capsys):
    data = action_log_csv(tmp_path / "log.csv", n=300)
    _rewrite(data, lambda r, i: [*r[:3], "0", *r[4:]])
    code, out = _evaluate(data, capsys)
    assert code == 2, out.out
    assert len(out.err.strip().splitlines()) == 1 and "'visit' has a single value (0)" in out.err, out.err


def test_a_typo_in_a_numeric_outcome_is_named(tmp_path, capsys):
    data = action_log_csv(tmp_path / "log.csv", n=300)
    _rewrite(data, lambda r, i: r[:3] + (["oops"] if i % 5 == 0 and i >= 10 else r[3:4]) + r[4:])
    code, out = _evaluate(data, capsys)
    assert code == 2
    assert len(out.err.strip().splitlines()) == 1, out.err
    assert "such as 'oops' (row 12)" in out.err and "pass --positive" not in out.err.split(";")[0], out.err


def test_text_outcome_with_positive_value(tmp_path, capsys):
    data = action_log_csv(tmp_path / "log.csv", n=3000)
    _rewrite(data, lambda r, i: [*r[:3], "visited" if r[3] == "1" else "ignored", *r[4:]])
    code, out = _evaluate(data, capsys)
    assert code == 2 and "--positive" in out.err, out.err  # which of two words is success cannot be guessed
    code, out = _evaluate(data, capsys, "--positive", "visited")
    assert code == 0, out.err
    report = json.loads(out.out)
    assert report["policy_value"] > report["best_single_action_value"]
    code, out = _evaluate(data, capsys, "--positive", "maybe")
    assert code == 2 and "'maybe' is not a value of 'visit'" in out.err, out.err


def test_a_single_action_exits_2(tmp_path, capsys):
    data = action_log_csv(tmp_path / "log.csv", n=300)
    _rewrite(data, lambda r, i: [*r[:2], "A", *r[3:]])
    code, out = _evaluate(data, capsys)
    assert code == 2
    assert len(out.err.strip().splitlines()) == 1 and "single action" in out.err, out.err
