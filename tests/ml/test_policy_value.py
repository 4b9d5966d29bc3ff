"""Off-policy value of the next-action policy on a log that was not randomised: estimated
propensities, self-normalised IPW and doubly robust with bootstrap intervals, and an honest
"not measurable" when the log does not overlap with the policy."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np

from app.cli import main
from app.db.models import Interaction, Lead
from app.ml.actions import train_next_action
from app.ml.feedback import read_feedback
from app.ml.next_action import HeldOut, fit_propensity, off_policy_report, propensity_matrix
from app.progress import Progress
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import NOW, SUCCESS

# chance of a good outcome by (group, action); reps mostly pick action 1 in group 1 and action 0 in group 0
TRUTH = np.array([[0.5, 0.2], [0.3, 0.7]])
PICK_ONE = np.array([0.2, 0.8])


def confounded_log(n, seed, pick_one=PICK_ONE):
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 2, n)
    X = np.column_stack([group.astype(float), rng.normal(size=n)])
    action = (rng.random(n) < pick_one[group]).astype(np.int64)
    outcome = (rng.random(n) < TRUTH[group, action]).astype(float)
    return X, group, action, outcome


def held_out(train_seed, test_seed, predicted=None, pick_one=PICK_ONE, n=20_000):
    X, _, action, _ = confounded_log(n, train_seed, pick_one)
    model = fit_propensity(X, action, [False, False])
    X_new, group, taken, result = confounded_log(n // 2, test_seed, pick_one)
    q = TRUTH[group] if predicted is None else predicted(group)
    return HeldOut(taken, result, propensity_matrix(model, X_new, 2), q, ["a", "b"]), group


def test_a_confounded_log_gets_the_true_values_not_the_naive_ones():
    held, group = held_out(1, 2, predicted=lambda g: np.full((len(g), 2), 0.5))  # a useless outcome model
    report = off_policy_report(held, chosen=np.where(group == 1, 1, 0))
    naive_b = held.outcome[held.action == 1].mean()
    assert abs(naive_b - 0.6) < 0.03, "among the rows where reps chose b, b looks much better than it is"
    b = report["single_actions"]["b"]
    assert b["overlap"] == "ok" and abs(b["snips"] - 0.45) < 0.03 and abs(b["dr"] - 0.45) < 0.03
    assert b["dr_ci95"][0] < 0.45 < b["dr_ci95"][1] and b["snips_ci95"][0] < 0.45 < b["snips_ci95"][1]
    a = report["single_actions"]["a"]
    assert abs(a["dr"] - 0.40) < 0.03
    policy = report["policy"]
    assert abs(policy["dr"] - 0.6) < 0.03 and abs(policy["snips"] - 0.6) < 0.03
    assert abs(report["logged_success_rate"] - 0.53) < 0.02
    assert report["gain_over_logged_ci95"][0] > 0, "the learned choice beats what the reps did"
    assert report["best_single_action"] == "b" and report["gain_over_best_single_ci95"][0] > 0.08
    assert report["propensity_log_loss"] < report["propensity_log_loss_shares"], "the features explain the choice"
    assert 1000 < policy["ess"] <= policy["matched"] and report["overlap"] == "ok"


def test_clipped_weights_are_counted_and_too_many_withhold_the_value():
    """A tenth of the rows where `b` was taken had an estimated chance of 1%: their weight is capped
    at 50, and with that many capped weights the value of always-b is not given."""
    n = 4000
    action = np.tile([0, 1], n // 2)
    propensity = np.full((n, 2), 0.5)
    propensity[1:400:2] = [0.99, 0.01]
    held = HeldOut(action, np.tile([1.0, 0.0, 0.0, 1.0], n // 4), propensity, np.full((n, 2), 0.5), ["a", "b"])
    report = off_policy_report(held, chosen=np.zeros(n, np.int64))
    b = report["single_actions"]["b"]
    assert b["clipped_share"] == 0.1 and b["overlap"] == "poor" and b["overlap_problems"] == ["clipped"]
    a = report["single_actions"]["a"]
    assert a["clipped_share"] == 0 and a["overlap"] == "ok" and a["snips"] == 0.5
    assert report["policy"]["snips"] == a["snips"] and report["gain_over_logged_dr"] == 0.0


def test_no_overlap_gives_no_number():
    """Reps (almost) always took `b` in group 1 and `a` in group 0: the values of always-a and
    always-b cannot be told from this log, and the report says so."""
    held, group = held_out(5, 6, pick_one=np.array([0.002, 0.998]))
    report = off_policy_report(held, chosen=np.where(group == 1, 1, 0))
    for name in ("a", "b"):
        single = report["single_actions"][name]
        assert single["overlap"] == "poor" and "unsupported" in single["overlap_problems"]
        assert "dr" not in single and "snips" not in single
    assert "best_single_action" not in report and "gain_over_best_single_dr" not in report
    assert report["policy"]["overlap"] == "ok", "what the reps did is measurable: it is the log itself"
    assert abs(report["policy"]["dr"] - report["logged_success_rate"]) < 0.02


def test_a_few_rows_are_not_enough():
    held, group = held_out(7, 8, n=120)
    report = off_policy_report(held, chosen=np.where(group == 1, 1, 0))
    assert report["overlap"] == "poor" and "low_ess" in report["policy"]["overlap_problems"]
    assert "gain_over_logged_dr" not in report


def random_actions_workspace(ctx, leads=600, per_lead=3, seed=5):
    """Open leads from 'feira' (visits work) and 'site' (calls work); each got `per_lead` actions,
    each a visit or a call at random (with replacement, so the lead's history does not tell which
    comes next), and replied two days later with the planted chance."""
    rng = np.random.default_rng(seed)
    with ctx.db.transaction() as s:
        for i in range(leads):
            source = "feira" if i % 2 else "site"
            created = NOW - timedelta(days=200)
            lead = Lead(name=f"Contato {i}", stage="qualified", source=source, created_at=created, updated_at=created,
                        custom={}, search_text="")
            s.add(lead)
            s.flush()
            for _ in range(per_lead):
                action = str(rng.choice(["visit", "call"]))
                at = NOW - timedelta(days=int(rng.integers(20, 150)), hours=int(rng.integers(0, 12)))
                s.add(Interaction(lead_id=lead.id, kind=action, occurred_at=at))
                if rng.random() < SUCCESS[(source, action)]:
                    s.add(Interaction(lead_id=lead.id, kind="sms_in", occurred_at=at + timedelta(days=2)))


def test_workspace_training_values_the_policy(ctx, capsys):
    """Visits work for 'feira' leads and calls for 'site' leads: the learned policy is worth far
    more than what was logged or than either action alone, and the CLI says so with the caveat."""
    random_actions_workspace(ctx)
    _, report = train_next_action(ctx.db, read_feedback(ctx.db), Progress())
    value = report["off_policy"]
    assert value["n"] == report["n_holdout"] and value["overlap"] == "ok", value
    assert value["policy"]["dr_ci95"][0] > value["logged_success_rate"] + 0.1, value
    assert value["gain_over_logged_ci95"][0] > 0.1 and value["gain_over_best_single_ci95"][0] > 0.1
    assert set(value["single_actions"]) == {"visit", "call"}
    assert all(v["dr"] < value["policy"]["dr"] for v in value["single_actions"].values())
    # closed leads for the scoring model; their older meetings and SMS are actions the newest part of
    # the log never took, and the learned policy now picks them: that value cannot be measured
    fill(ctx, closed=60, open_=0)
    assert main(["ml", "train"]) == 0
    out = capsys.readouterr().out
    assert "policy value on the newest" in out and "no hidden confounding" in out
    assert "learned policy: not measurable — poor overlap (" in out and "unsupported" in out
    assert "always visit: 0." in out and "doubly robust" in out
    assert main(["ml", "train", "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)["next_action"]
    assert trained["off_policy"]["overlap"] == "poor" and trained["off_policy"]["single_actions"]["visit"]["dr"] > 0
    assert main(["ml", "models", "next_action"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("next_action:\n  v1 ") and "v2 (active)" in listed and "always visit: 0." in listed


def test_a_log_whose_history_decides_the_action_is_not_valued(ctx):
    """Every lead got exactly one visit, one call and one SMS, so by the third action its history
    says which one it is: the choice is (almost) determined by the features, nothing else can be
    compared, and the report withholds the values rather than trusting a handful of rows."""
    from tests.ml.workspace_data import actions_workspace

    actions_workspace(ctx, leads=400)
    _, report = train_next_action(ctx.db, read_feedback(ctx.db), Progress())
    value = report["off_policy"]
    assert value["propensity_log_loss"] < 0.5 * value["propensity_log_loss_shares"]
    assert value["overlap"] == "poor" and "dr" not in value["policy"] and "gain_over_logged_dr" not in value
