"""A stored value out of range (from an older version, or a direct database edit) never breaks training,
scoring or the score refresh: the features leave it out or clip it, and the model's notes name it
(issue 20, item 1). The rows are planted past the services, as an older version let them in."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select, update

from app.cli import main
from app.db.models import Interaction, Lead, ModelVersion, Purchase
from app.ml import out_of_range, workspace
from app.ml.features import all_live_leads, lead_features, parse_times
from app.ml.products import purchase_history
from app.ml.refresh import refresh_scores
from app.texts import from_data
from tests.ml.test_workspace_ml import fill

NOW = datetime.now(UTC)


def plant(ctx) -> dict[str, int]:
    """Bad rows on three leads: interactions dated 9999 and 0001, absurd call durations, a negative deal
    value, purchases with infinite quantity and price, one dated 9999."""
    with ctx.db.transaction() as s:
        ids = list(s.scalars(select(Lead.id).order_by(Lead.id).limit(3)))
        far, ancient, odd = ids
        s.add_all([
            Interaction(lead_id=far, kind="call", occurred_at=datetime(9999, 12, 31), duration_s=60),
            Interaction(lead_id=ancient, kind="meeting", occurred_at=datetime(1, 1, 1)),
            Interaction(lead_id=odd, kind="call", occurred_at=NOW - timedelta(days=3), duration_s=10**9),
            Interaction(lead_id=odd, kind="call", occurred_at=NOW - timedelta(days=2), duration_s=-5),
            Purchase(lead_id=odd, item="A", quantity=float("inf"), unit_price=2.0, time=NOW - timedelta(days=5)),
            Purchase(lead_id=odd, item="B", quantity=1.0, unit_price=float("inf"), time=NOW - timedelta(days=5)),
            Purchase(lead_id=far, item="C", quantity=1.0, unit_price=3.0, time=datetime(9999, 12, 31)),
            Purchase(lead_id=far, item="D", quantity=2.0, unit_price=5.0, time=NOW - timedelta(days=4)),
        ])
        s.execute(update(Lead).where(Lead.id == odd).values(value=-500))
    return {"far": far, "ancient": ancient, "odd": odd}


def test_times_pandas_cannot_hold_become_missing_instead_of_overflowing():
    import pandas as pd

    raw = pd.Series(["2024-05-31 10:00:00", "9999-12-31 00:00:00.000000", "0001-01-01 00:00:00", "1850-01-01",
                     None, "garbage"])
    times = parse_times(raw)
    assert times.iloc[0] == pd.Timestamp("2024-05-31 10:00")
    assert times.iloc[1:].isna().all()


def test_features_leave_out_and_clip_bad_rows_and_count_them(ctx):
    fill(ctx, closed=40, open_=10)
    live = all_live_leads(ctx.db)
    before = lead_features(ctx.db, live)
    bad = plant(ctx)
    frame = lead_features(ctx.db, live)  # raised OutOfBoundsDatetime before
    numbers = frame.select_dtypes("number").to_numpy()
    assert not np.isinf(numbers).any()
    row = {lead: i for i, lead in enumerate(live.ids.tolist())}
    odd = frame.iloc[row[bad["odd"]]]
    assert odd["call_minutes"] - before.iloc[row[bad["odd"]]]["call_minutes"] == pytest.approx(24 * 60), \
        "10**9 seconds is clipped to a day, -5 left out"
    assert np.isnan(odd["value"]), "a negative deal value is left out"
    assert odd["purchases"] == 0 and odd["spent"] == 0, "infinite quantity and price are left out"
    far = frame.iloc[row[bad["far"]]]
    assert far["purchases"] == 1 and far["spent"] == 10.0, "the purchase dated 9999 is left out"
    found = out_of_range.of(frame)
    assert found is not None and found.counts == {"duration": 2, "value": 1, "quantity": 1, "unit_price": 1,
                                                  "interaction_date": 2, "purchase_date": 1}
    assert (bad["far"], "9999-12-31") in found.examples["interaction_date"]
    assert (bad["ancient"], "0001-01-01") in found.examples["interaction_date"]


def test_training_and_scoring_work_and_the_notes_name_what_was_left_out(ctx, capsys):
    fill(ctx, closed=60, open_=20)
    bad = plant(ctx)
    report = workspace.train_models(ctx.db, ctx.settings.models_dir)
    note = str(report["scoring"]["note"])
    assert "values out of range were left out" in note
    assert "interaction dates: 2 (e.g. " in note
    assert f"#{bad['far']} 9999-12-31" in note and f"#{bad['ancient']} 0001-01-01" in note
    assert report["scoring"]["out_of_range"]["interaction_date"]["count"] == 2
    assert "purchase dates: 1" in str(report["products"]["note"])
    with ctx.db.session() as s:
        stored = {v.kind: v for v in s.scalars(select(ModelVersion))}
    assert "interaction dates" in (stored["scoring"].note or "")
    assert "values out of range were left out" in str(from_data(stored["scoring"].metrics["note_data"]))
    scored = workspace.score_leads(ctx.db, ctx.settings.models_dir)
    assert scored["scored"] == 20 and scored["out_of_range"]["duration"]["count"] == 2
    explained = workspace.explain_lead(ctx.db, ctx.settings.models_dir, bad["odd"])
    assert explained is not None
    assert main(["ml", "score"]) == 0
    capsys.readouterr()


def test_the_score_refresh_of_an_automations_pass_survives_a_bad_row(ctx):
    fill(ctx, closed=60, open_=10)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert refresh_scores(ctx.db, ctx.settings.models_dir)["refreshed"] == 10
    with ctx.db.transaction() as s:
        lead = s.scalars(select(Lead.id).where(Lead.stage == "proposal").order_by(Lead.id)).first()
        s.add(Interaction(lead_id=lead, kind="call", occurred_at=datetime(9999, 12, 31)))
        s.execute(update(Lead).where(Lead.id == lead).values(last_interaction_at=datetime(9999, 12, 31)))
    ctx.leads.update(lead, {"company": "Editada"})  # stale: the next pass rescores it, reading the bad row too
    report = refresh_scores(ctx.db, ctx.settings.models_dir)  # failed with an overflow on every pass
    assert report["refreshed"] >= 1
    with ctx.db.session() as s:
        assert s.scalar(select(Lead.score).where(Lead.id == lead)) is not None


def test_product_history_leaves_out_returns_and_bad_rows(ctx):
    lead = ctx.leads.create({"name": "Loja", "kind": "customer"})
    with ctx.db.transaction() as s:
        s.add_all([
            Purchase(lead_id=lead.id, item="A", quantity=2.0, unit_price=1.0, time=NOW - timedelta(days=9)),
            Purchase(lead_id=lead.id, item="A", quantity=-2.0, unit_price=1.0, time=NOW - timedelta(days=8),
                     invoice="C1"),
            Purchase(lead_id=lead.id, item="B", quantity=float("inf"), unit_price=1.0, time=NOW - timedelta(days=7)),
            Purchase(lead_id=lead.id, item="C", quantity=1.0, unit_price=1.0, time=datetime(1, 1, 1)),
        ])
    history = purchase_history(ctx.db)
    assert history["item"].tolist() == ["A"] and history["quantity"].tolist() == [2.0]
    found = out_of_range.of(history)
    assert found is not None and found.counts == {"purchase_date": 1, "quantity": 1}


def test_a_note_round_trips_through_the_stored_metrics():
    found = out_of_range.OutOfRange({"duration": 4}, {"duration": [(7, "1000000000")]})
    again = out_of_range.OutOfRange.from_dict(found.as_dict())
    assert again == found
    assert str(again.note()) == ("values out of range were left out — call durations (clipped to 24 hours): 4 "
                                 "(e.g. #7 1000000000); correct them on those leads (#id) and train again")
    assert out_of_range.OutOfRange.from_dict("junk").note() is None


def test_an_interaction_dated_ahead_does_not_make_its_lead_stale_on_every_pass(ctx):
    fill(ctx, closed=60, open_=5)
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    assert refresh_scores(ctx.db, ctx.settings.models_dir)["refreshed"] == 5
    with ctx.db.transaction() as s:
        lead = s.scalars(select(Lead.id).where(Lead.stage == "proposal").order_by(Lead.id)).first()
        s.add(Interaction(lead_id=lead, kind="call", occurred_at=datetime(9999, 12, 31)))
        s.execute(update(Lead).where(Lead.id == lead).values(last_interaction_at=datetime(9999, 12, 31)))
    for _ in range(3):  # the lead was rescored on every automations pass, forever
        assert refresh_scores(ctx.db, ctx.settings.models_dir) == {"refreshed": 0}
    ctx.interactions.create({"lead_id": lead, "kind": "meeting", "occurred_at": NOW + timedelta(days=7)})
    assert refresh_scores(ctx.db, ctx.settings.models_dir) == {"refreshed": 0}


# --- files handed to `ml evaluate`: the feature encoder and the outcome -----------------------------


def test_the_encoder_treats_infinite_cells_as_missing_and_counts_them():
    import pandas as pd

    from app.ml.tabular import FeatureEncoder

    visits = [str(i % 5) for i in range(20)]
    visits[2], visits[4] = "inf", "-inf"
    frame = pd.DataFrame({"visits": visits, "spent": [float(i % 7) for i in range(20)]})
    frame.loc[1, "spent"] = float("inf")
    encoder = FeatureEncoder().fit(frame)
    assert encoder.out_of_range == {"visits": 2, "spent": 1}
    assert all(np.isfinite(c.typical) for c in encoder.columns)
    X = encoder.transform(frame)
    assert not np.isinf(X).any() and np.isnan(X[2, 0]) and np.isnan(X[1, 1])


def test_ml_evaluate_scoring_takes_a_file_with_infinite_cells(tmp_path, capsys):
    rng = np.random.default_rng(1)
    lines = ["visits,source,converted"]
    for i in range(300):
        visits = int(rng.integers(0, 10))
        lines.append(f"{visits},{'ab'[i % 2]},{'yes' if rng.random() < visits / 10 else 'no'}")
    lines[5], lines[7], lines[9] = "inf,a,yes", "-inf,b,no", "1e400,a,no"
    data = tmp_path / "s.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["ml", "evaluate", "scoring", "--data", str(data), "--target", "converted", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err  # scikit-learn refused the whole table: exit 1 and a traceback in the log
    assert json.loads(out.out)["infinite_cells_as_missing"] == {"visits": 2}


def test_ml_evaluate_next_action_refuses_an_infinite_outcome_naming_the_row(tmp_path, capsys):
    from tests.ml.synthetic import action_log_csv

    data = action_log_csv(tmp_path / "log.csv", n=300)
    rows = list(csv.reader(data.open(encoding="utf-8")))
    rows[7][3] = "inf"
    with data.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    code = main(["ml", "evaluate", "next-action", "--data", str(data), "--action", "action", "--outcome", "visit",
                 "--json"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "'inf' (row 8)" in err
