"""Next best action for each open lead, learned from what the team logged and what followed.

The log: every call, meeting, visit, e-mail and SMS sent (an SMS sent from a template counts as
its own action, "sms:<template name>", through messages.template_id) on a lead that was still
open. Its outcome is 1 when, within OUTCOME_DAYS after the action, the lead replied (an SMS
received), moved forward in the pipeline (a stage change to a later, not-lost stage) or was won;
0 otherwise. Actions whose window has not ended yet and that have no success so far are left
out (their outcome is not known yet). Each action is described by the lead's features as of the
moment it was taken (app.ml.features), so nothing that happened after it leaks in.

The model is next_action.ActionModels (one outcome model per action, T-learner); for an open
lead the actions are ranked by predicted chance of a good outcome. The workspace log is *not*
randomised — reps choose whom to call — so the logging probabilities are not known. What is
measured, on the newest 20% of the log after training on the older 80%: how well the model
predicts the outcome of the action that was actually taken (AUC); the learned policy's and each
single action's value, off-policy, with estimated propensities (next_action.off_policy_report:
self-normalised IPW and doubly robust, with overlap checks that withhold a value the data cannot
support; valid only if the reps' reasons are in the features); and, observationally, the success
rate when the rep's action was the model's first choice versus when it was not. The reps' thumbs
on next actions are extra weighted examples (see app.ml.feedback).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.db.engine import Database
from app.ml import features as lead_data
from app.ml import out_of_range
from app.ml.feedback import FEEDBACK_WEIGHT, Feedback
from app.ml.out_of_range import OutOfRange
from app.ml.tabular import FeatureEncoder
from app.texts import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from app.progress import Progress

logger = logging.getLogger(__name__)

OUTCOME_DAYS = 14
ACTION_KINDS = ("call", "meeting", "visit", "email", "sms_out")
MAX_LOG = 60_000  # a random sample of this many logged actions is plenty, and keeps memory small
MIN_LOG = 100  # logged actions with a known outcome needed to learn anything
MIN_PER_ACTION = 20  # rarer actions (e.g. a template used twice) are not recommended
HOLDOUT_SHARE = 0.2
TOP = 3
SEED = 20240601
NOUNS = {
    "call": Text(QT_TRANSLATE_NOOP("ML", "a call")), "meeting": Text(QT_TRANSLATE_NOOP("ML", "a meeting")),
    "visit": Text(QT_TRANSLATE_NOOP("ML", "a visit")), "email": Text(QT_TRANSLATE_NOOP("ML", "an e-mail")),
    "sms": Text(QT_TRANSLATE_NOOP("ML", "an SMS")),
}


def _noun(item: str) -> str:
    """The action as the object of a sentence: 'a call', 'the SMS “Welcome”' (a template's name as it is)."""
    if item.startswith("sms:"):
        return Text(QT_TRANSLATE_NOOP("ML", "the SMS “{template}”"), template=item[4:])
    return NOUNS.get(item, item)


@dataclass
class NextActionBundle:
    """What the store keeps: the encoder, one outcome model per action, and each action's record."""

    encoder: FeatureEncoder
    models: Any  # next_action.ActionModels
    actions: list[str]
    rates: list[float]  # logged success rate per action
    counts: list[int]  # logged actions per action

    name = "next_action: T-learner (boosted + linear outcome model per action)"

    def rank(self, frame: pd.DataFrame) -> np.ndarray:
        """rows × actions predicted chance of a good outcome."""
        return self.models.predicted(self.encoder.transform(frame))

    def reason(self, item: str, chance: float) -> Text:
        """Why: how similar leads responded to the action, against the team's logged average."""
        a = self.actions.index(item)
        return Text(QT_TRANSLATE_NOOP("ML", "{chance:.0%} of similar leads replied, moved forward or closed within {days} days of {action} (team average {rate:.0%}; logged: {n})"),  # noqa: E501
                    chance=chance, days=OUTCOME_DAYS, action=_noun(item), rate=self.rates[a], n=self.counts[a])


def logged_actions(db: Database, now: np.datetime64) -> pd.DataFrame:
    """lead_id, at (naive UTC), action, outcome (0/1) for every action on an open lead with a known outcome."""
    import numpy as np
    import pandas as pd

    kinds = ", ".join(f"'{k}'" for k in ACTION_KINDS)
    acts = lead_data.query(db, f"""
        SELECT i.lead_id, i.kind, i.occurred_at AS at, t.name AS template
        FROM interactions i JOIN leads l ON l.id = i.lead_id
        LEFT JOIN messages m ON m.id = i.message_id LEFT JOIN message_templates t ON t.id = m.template_id
        WHERE i.deleted_at IS NULL AND l.deleted_at IS NULL AND i.kind IN ({kinds})""")
    if acts.empty:
        return pd.DataFrame({"lead_id": pd.Series(dtype="int64"), "at": pd.Series(dtype="datetime64[ns]"),
                             "action": pd.Series(dtype="object"), "outcome": pd.Series(dtype="float64")})
    found = OutOfRange()
    acts["at"] = lead_data.checked_times(acts, "at", "interaction_date", found)
    acts = acts[acts["at"].notna()]  # merge_asof refuses a missing time: an out-of-range one is left out
    acts["lead_id"] = acts["lead_id"].astype("int64")
    template = acts["template"].fillna("").astype(str)
    acts["action"] = np.where(acts["kind"] == "sms_out", np.where(template != "", "sms:" + template, "sms"), acts["kind"])
    closed = lead_data.closed_leads(db)
    closed_at = pd.Series(closed.as_of, index=closed.ids)
    closing = acts["lead_id"].map(closed_at)
    acts = acts[closing.isna() | (acts["at"] < closing)]  # after closing is after-sales, not selling
    good = _good_events(db)
    acts = acts.sort_values("at", kind="stable").reset_index(drop=True)
    following = pd.merge_asof(acts[["lead_id", "at"]].reset_index(), good.rename(columns={"at": "next_good"}),
                              left_on="at", right_on="next_good", by="lead_id", direction="forward",
                              allow_exact_matches=False).set_index("index").reindex(acts.index)
    window = pd.Timedelta(days=OUTCOME_DAYS)
    success = (following["next_good"] - acts["at"]) <= window
    known = success | (acts["at"] + window <= pd.Timestamp(now))
    acts = acts.assign(outcome=success.astype(float))[known.to_numpy()]
    out = acts[["lead_id", "at", "action", "outcome"]].reset_index(drop=True)
    out.attrs["out_of_range"] = found
    return out


def _good_events(db: Database) -> pd.DataFrame:
    """lead_id, at of every reply (SMS received) and every step forward or win, sorted by time."""
    import pandas as pd

    replies = lead_data.query(db, "SELECT lead_id, occurred_at AS at FROM interactions "
                                  "WHERE deleted_at IS NULL AND kind = 'sms_in'")
    steps = lead_data.query(db, """
        SELECT h.lead_id, h.changed_at AS at FROM stage_history h
        JOIN stages t ON t.key = h.to_stage JOIN stages f ON f.key = h.from_stage
        WHERE t.is_won OR (t.position > f.position AND NOT t.is_lost)""")
    parts = [frame for frame in (replies, steps) if not frame.empty]  # concat of an empty frame is deprecated
    events = pd.concat(parts, ignore_index=True) if parts else replies
    if events.empty:
        return pd.DataFrame({"lead_id": pd.Series(dtype="int64"), "at": pd.Series(dtype="datetime64[ns]")})
    events["at"] = lead_data.parse_times(events["at"])
    events = events[events["at"].notna()]  # counted where the features read the same rows
    events["lead_id"] = events["lead_id"].astype("int64")
    return events.sort_values("at", kind="stable").reset_index(drop=True)


def train_next_action(db: Database, feedback: Feedback, progress: Progress,
                      now: np.datetime64 | None = None) -> tuple[NextActionBundle | None, dict[str, Any]]:
    """(bundle, report); bundle None with report['skipped'] when the log is too small."""
    import numpy as np

    from app.ml.next_action import ActionModels, Log

    now = now if now is not None else np.datetime64(lead_data.now_utc().replace(tzinfo=None), "ns")
    started = time.perf_counter()
    log = logged_actions(db, now)
    found = out_of_range.of(log) or OutOfRange()
    counts = log["action"].value_counts()
    kept = sorted(a for a, n in counts.items() if n >= MIN_PER_ACTION)
    log = log[log["action"].isin(kept)]
    if len(log) > MAX_LOG:
        log = log.sample(MAX_LOG, random_state=SEED).sort_values("at", kind="stable")
    log = log.reset_index(drop=True)
    if len(kept) < 2 or len(log) < MIN_LOG or log["outcome"].nunique() < 2:
        return None, {"skipped": f"too few logged actions with a known outcome ({len(log)} over {len(kept)} kinds "
                                 f"with at least {MIN_PER_ACTION} each); need {MIN_LOG} over at least 2 kinds"}
    progress.check()
    frame = lead_data.lead_features(db, lead_data.LeadSet(log["lead_id"].to_numpy(np.int64),
                                                          log["at"].to_numpy("datetime64[ns]")))
    index = {a: i for i, a in enumerate(kept)}
    action = log["action"].map(index).to_numpy(np.int64)
    outcome = log["outcome"].to_numpy(np.float64)
    examples = feedback.action_examples()
    examples = examples[examples["item"].isin(index)].reset_index(drop=True)
    progress.check()
    report: dict[str, Any] = {"model": NextActionBundle.name, "n_logged": len(log),
                              "outcome": f"reply, step forward or won within {OUTCOME_DAYS} days",
                              "actions": {a: {"logged": int(counts[a]), "success_rate": round(float(
                                  log.loc[log["action"] == a, "outcome"].mean()), 4)} for a in kept},
                              "feedback_examples": len(examples), "feedback_weight": FEEDBACK_WEIGHT}
    found = out_of_range.of(frame) or found  # the features counted every stored row, the log's among them
    if found:
        report["out_of_range"] = found.as_dict()
    report |= _holdout(frame, action, outcome, kept, progress)
    progress.check()
    if len(examples):
        extra = lead_data.lead_features(db, lead_data.LeadSet(examples["lead_id"].to_numpy(np.int64),
                                                              examples["at"].to_numpy("datetime64[ns]")))
        import pandas as pd

        frame = pd.concat([frame, extra], ignore_index=True)
        action = np.concatenate([action, examples["item"].map(index).to_numpy(np.int64)])
        outcome = np.concatenate([outcome, examples["outcome"].to_numpy(np.float64)])
    weight = np.concatenate([np.ones(len(log)), np.full(len(examples), FEEDBACK_WEIGHT)]) if len(examples) else None
    encoder = FeatureEncoder().fit(frame)
    models = ActionModels(binary=True).fit(Log(encoder.transform(frame), action, outcome, np.ones(len(action)), kept,
                                               weight), encoder.categorical, progress)
    rates = [float(log.loc[log["action"] == a, "outcome"].mean()) for a in kept]
    bundle = NextActionBundle(encoder, models, kept, rates, [int(counts[a]) for a in kept])
    report["train_seconds"] = round(time.perf_counter() - started, 2)
    return bundle, report


def _holdout(frame: pd.DataFrame, action: np.ndarray, outcome: np.ndarray, actions: list[str],
             progress: Progress) -> dict[str, Any]:
    """Train on the older 80% of the log (it is sorted by time), measure on the newest 20%."""
    import numpy as np

    from app.ml.next_action import ActionModels, HeldOut, Log, fit_propensity, off_policy_report, propensity_matrix
    from app.ml.scoring import metrics

    cut = int(len(outcome) * (1 - HOLDOUT_SHARE))
    if len(set(outcome[cut:].tolist())) < 2 or len(set(outcome[:cut].tolist())) < 2:
        return {"note": "too few successes and failures among the newest actions to measure the model"}
    encoder = FeatureEncoder().fit(frame.iloc[:cut])
    X_old, X_new = encoder.transform(frame.iloc[:cut]), encoder.transform(frame.iloc[cut:])
    models = ActionModels(binary=True).fit(Log(X_old, action[:cut], outcome[:cut], np.ones(cut), actions),
                                           encoder.categorical, progress)
    predicted = models.predicted(X_new)
    taken, result = action[cut:], outcome[cut:]
    auc = metrics(result, predicted[np.arange(len(taken)), taken]).auc
    agreed = np.argmax(predicted, axis=1) == taken
    report: dict[str, Any] = {"auc_latest": round(float(auc), 4), "n_holdout": len(taken),
                              "holdout_first_choice_share": round(float(agreed.mean()), 4)}
    if agreed.any() and (~agreed).any():
        report["holdout_success_when_first_choice"] = round(float(result[agreed].mean()), 4)
        report["holdout_success_otherwise"] = round(float(result[~agreed].mean()), 4)
        report["holdout_success_note"] = "observational: reps chose whom to contact how, so this is not a causal gain"
    progress.check()
    propensity = propensity_matrix(fit_propensity(X_old, action[:cut], encoder.categorical), X_new, len(actions))
    report["off_policy"] = off_policy_report(HeldOut(taken, result, propensity, predicted, actions),
                                             np.argmax(predicted, axis=1))
    return report


def recommend_actions(bundle: NextActionBundle, lead_ids: np.ndarray, frame: pd.DataFrame,
                      top: int = TOP) -> list[tuple[int, int, str, float, str]]:
    """(lead_id, rank, item, score, reason Text) for the `top` actions of each lead (rows of `frame`)."""
    import numpy as np

    if not len(lead_ids):
        return []
    chances = bundle.rank(frame)
    order = np.argsort(-chances, axis=1, kind="stable")[:, :top]
    rows = []
    for lead, ranked, row in zip(lead_ids.tolist(), order, chances):
        for rank, a in enumerate(ranked.tolist(), start=1):
            item = bundle.actions[a]
            rows.append((int(lead), rank, item, float(row[a]), bundle.reason(item, float(row[a]))))
    return rows
