"""aiconnect ml train | score | models | activate KIND VERSION | evaluate scoring|recommend|next-action

The evaluators work on any CSV so a user can check the models on their own export; train and
score work on the workspace database. Heavy libraries load inside the handlers only.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from app.cli.common import MAX_ID, BadInput, context, print_json, whole
from app.services.transfer.cells import guard_cell


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ml = sub.add_parser("ml", help="local machine learning: scoring, segments, recommendations")
    ml_sub = ml.add_subparsers(dest="ml_command", metavar="ACTION", required=True)
    train = ml_sub.add_parser("train", help="train the scoring, segmentation, next-action and product models on the "
                                            "workspace and write the recommendations")
    train.add_argument("--force", action="store_true", help="activate the new models even if they measure worse")
    train.add_argument("--json", action="store_true", help="print machine-readable output")
    train.set_defaults(handler=run_train)
    score = ml_sub.add_parser("score", help="score every open lead, assign segments and write recommendations "
                                            "with the active models")
    score.add_argument("--json", action="store_true", help="print machine-readable output")
    score.set_defaults(handler=run_score)
    models = ml_sub.add_parser("models", help="list the stored model versions with their metrics and which is active")
    models.add_argument("kind", nargs="?", choices=MODEL_KINDS, help="only this kind of model")
    models.add_argument("--json", action="store_true", help="print machine-readable output")
    models.set_defaults(handler=run_models)
    activate = ml_sub.add_parser("activate", help="put a stored model version in use (also one that measured worse); "
                                                  "next_action and products rewrite their recommendations with it")
    activate.add_argument("kind", choices=MODEL_KINDS, help="the kind of model")
    activate.add_argument("version", type=_version, help="the version number (see `ml models`)")
    activate.add_argument("--json", action="store_true", help="print machine-readable output")
    activate.set_defaults(handler=run_activate)
    evaluate = ml_sub.add_parser("evaluate", help="measure the models on a CSV file")
    ev_sub = evaluate.add_subparsers(dest="evaluate_command", metavar="MODEL", required=True)
    _register_scoring(ev_sub)
    _register_recommend(ev_sub)
    _register_next_action(ev_sub)


MODEL_KINDS = ("scoring", "segmentation", "next_action", "products")


def _version(text: str) -> int:
    value = text[1:] if text[:1] in ("v", "V") else text
    if not (value.isascii() and value.isdigit() and len(value) <= 10 and 1 <= int(value) <= MAX_ID):
        raise argparse.ArgumentTypeError(f"not a version number: {text!r} (e.g. 3 or v3)")
    return int(value)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sep", default=None, help="column separator (default: detected)")
    parser.add_argument("--json", action="store_true", help="print machine-readable output")


def _register_scoring(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("scoring", help="lead scoring: cross-validation and a chronological split, or train/test")
    p.add_argument("--data", required=True, type=Path, help="CSV with one row per lead and the outcome column")
    p.add_argument("--target", required=True, help="the outcome column (converted or not)")
    p.add_argument("--positive", default=None, help="the target value meaning converted (default: yes/1/true/sim)")
    p.add_argument("--drop", default="", help="columns to leave out, comma-separated (patterns like 'Asym*' allowed)")
    p.add_argument("--test", type=Path, default=None, help="train on --data, score this file")
    p.add_argument("--scores-out", type=Path, default=None, help="write row,score for the scored file")
    p.add_argument("--no-baselines", action="store_true", help="skip the naive Bayes and logistic regression baselines")
    _common(p)
    p.set_defaults(handler=run_evaluate_scoring)


def _register_recommend(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("recommend", help="product recommendations: train before a date, test after it")
    p.add_argument("--purchases", required=True, type=Path, help="CSV of purchases (customer, item, time …)")
    p.add_argument("--until", required=True, help="cut date YYYY-MM-DD: train before it, test on or after it")
    p.add_argument("--test", type=Path, default=None, help="test on this purchases file instead")
    p.add_argument("--k", type=whole(1, 1000), default=10, help="recommendations per customer, 1 to 1000 (default 10)")
    p.add_argument("--map", action="append", default=[], metavar="SRC=FIELD",
                   help="map a file column to a purchase field (repeatable or comma-separated)")
    p.add_argument("--recs-out", type=Path, default=None, help="write customer,rank,item")
    _common(p)
    p.set_defaults(handler=run_evaluate_recommend)


def _register_next_action(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("next-action", help="next best action from a randomized log, valued by IPW")
    p.add_argument("--data", required=True, type=Path, help="CSV log: features, the action taken, the outcome")
    p.add_argument("--action", required=True, help="the column with the action taken")
    p.add_argument("--outcome", required=True, help="the column with the outcome (number or yes/no)")
    p.add_argument("--positive", default=None,
                   help="for a text outcome: the value meaning success (default: yes/1/true/sim)")
    p.add_argument("--propensity", default=None, help="column with each logged action's probability (default: shares)")
    p.add_argument("--drop", default="", help="columns to leave out, e.g. other outcomes recorded after the action")
    p.add_argument("--test", type=Path, default=None, help="learn on --data, evaluate on this file")
    p.add_argument("--policy-out", type=Path, default=None, help="write row,action")
    _common(p)
    p.set_defaults(handler=run_evaluate_next_action)


def run_evaluate_scoring(args: argparse.Namespace) -> int:
    from app.ml.evaluate import ScoringRequest, evaluate_scoring
    from app.ml.tabular import parse_columns

    _require_files(args.data, args.test)
    request = ScoringRequest(args.data, args.target, args.positive, parse_columns(args.drop), args.sep, args.test,
                             baselines=not args.no_baselines, keep_scores=args.scores_out is not None)
    report = _quietly(evaluate_scoring, request)
    scores = report.pop("scores", [])
    if args.scores_out is not None:
        _write(args.scores_out, ("row", "score"), ((row, f"{score:.6f}") for row, score in scores))
    _show(args, report, ("model", "auc", "auc_chronological", "brier", "lift_top_decile", "n_train", "train_seconds"))
    return 0


def run_evaluate_recommend(args: argparse.Namespace) -> int:
    from app.ml.evaluate import RecommendRequest, evaluate_recommend
    from app.ml.purchases import parse_map

    _require_files(args.purchases, args.test)
    request = RecommendRequest(args.purchases, args.until, args.test, args.k, parse_map(args.map), args.sep,
                               keep_recs=args.recs_out is not None)
    report = _quietly(evaluate_recommend, request)
    recs = report.pop("recommendations", {})
    if args.recs_out is not None:
        rows = ((c, rank, item) for c, items in recs.items() for rank, item in enumerate(items, start=1))
        _write(args.recs_out, ("customer", "rank", "item"), rows)
    _show(args, report, ("model", "recall_at_k", "hit_rate_at_k", "n_test_customers", "train_seconds"))
    return 0


def run_evaluate_next_action(args: argparse.Namespace) -> int:
    from app.ml.evaluate import NextActionRequest, evaluate_next_action
    from app.ml.tabular import parse_columns

    _require_files(args.data, args.test)
    request = NextActionRequest(args.data, args.action, args.outcome, args.test, parse_columns(args.drop), args.sep,
                                args.propensity, keep_policy=args.policy_out is not None, positive=args.positive)
    report = _quietly(evaluate_next_action, request)
    policy = report.pop("policy", [])
    if args.policy_out is not None:
        _write(args.policy_out, ("row", "action"), policy)
    _show(args, report, ("model", "policy_value", "policy_value_ci95", "best_single_action",
                         "best_single_action_value", "gain_over_best_single", "gain_ci95"))
    return 0


def run_train(args: argparse.Namespace) -> int:
    from app.ml.workspace import train_models

    ctx = context(args)
    try:
        report = train_models(ctx.db, ctx.settings.models_dir, force=args.force)
    finally:
        ctx.close()
    if args.json:
        print_json(report)
    else:
        _print_training(report)
    return 0


def run_score(args: argparse.Namespace) -> int:
    from app.ml.workspace import score_leads

    ctx = context(args)
    try:
        report = score_leads(ctx.db, ctx.settings.models_dir)
    finally:
        ctx.close()
    if args.json:
        print_json(report)
        return 0
    _show(args, report, ("scored", "model", "segments", "leads_per_second"))
    _print_recommendations(report.get("recommendations", {}))
    return 0


def run_models(args: argparse.Namespace) -> int:
    from app.ml.store import ModelStore

    ctx = context(args)
    try:
        store = ModelStore(ctx.db, ctx.settings.models_dir)
        versions = {kind: store.versions(kind) for kind in ([args.kind] if args.kind else MODEL_KINDS)}
    finally:
        ctx.close()
    if args.json:
        print_json({kind: [{"version": v.version, "active": v.active, "trained_at": v.trained_at, "n_train": v.n_train,
                            "note": v.note, "metrics": {k: m for k, m in v.metrics.items() if k != "segment_texts"}}
                           for v in rows] for kind, rows in versions.items()})
        return 0
    for kind, rows in versions.items():
        print(f"{kind}:" if rows else f"{kind}: no stored version")
        for v in rows:
            print(f"  v{v.version}{' (active)' if v.active else ''}  {v.trained_at:%Y-%m-%d %H:%M}  "
                  f"{v.n_train} examples  {_headline(kind, v.metrics)}")
            if v.note and not v.active:
                print(f"    {v.note}")
            if kind == "next_action" and "off_policy" in v.metrics:
                _print_policy_value(v.metrics["off_policy"], indent="    ")
    return 0


def _headline(kind: str, metrics: dict[str, Any]) -> str:
    """The measure a new version is compared on, and what it was compared with."""
    key = {"scoring": "auc_latest", "next_action": "auc_latest", "products": "recall_at_k_latest"}.get(kind)
    if kind == "segmentation":
        return f"{metrics.get('k')} segments, silhouette {metrics.get('silhouette')}"
    if key is None or not isinstance(metrics.get(key), (int, float)):
        return str(metrics.get("model", ""))
    line = f"{key} {metrics[key]:.3f}"
    if isinstance(metrics.get(f"active_{key}"), (int, float)):
        line += f" (v{metrics.get('active_version')}, active then: {metrics[f'active_{key}']:.3f})"
    return line


def run_activate(args: argparse.Namespace) -> int:
    from app.ml.workspace import activate_model

    ctx = context(args)
    try:
        report = activate_model(ctx.db, ctx.settings.models_dir, args.kind, args.version)
    finally:
        ctx.close()
    if args.json:
        print_json(report)
        return 0
    before = f" (was v{report['previous_version']})" if report["previous_version"] not in (None, args.version) else ""
    print(f"{args.kind} v{args.version} is active{before}")
    _print_recommendations(report.get("recommendations", {}))
    if "scoring_run" in report:
        print(f"scored {report['scoring_run']['scored']} open leads with {report['scoring_run']['model']}")
    return 0


def _print_training(report: dict[str, Any]) -> None:
    scoring, segments = report["scoring"], report["segmentation"]
    if "skipped" in scoring:
        print(f"scoring: skipped — {scoring['skipped']}")
    else:
        _print_scoring(scoring)
    if "segments" in segments:
        print(f"segmentation v{segments['version']}: {segments['k']} segments (silhouette {segments['silhouette']})")
        votes = segments.get("segment_feedback", {}).get("by_segment", {})
        for name, size in segments["segments"].items():
            thumbs = votes.get(name, {})
            voted = f" ({thumbs['up']} up, {thumbs['down']} down)" if thumbs.get("thumbs") else ""
            print(f"  {name}: {size}{voted}")
        overall = segments.get("segment_feedback", {}).get("all_segments", {})
        if overall.get("thumbs"):
            print(f"  segment feedback: {overall['up']} up, {overall['down']} down (reported, not used in the clustering)")
    else:
        print(f"segmentation: {segments.get('skipped')}")
    _print_next_action(report.get("next_action", {}))
    _print_products(report.get("products", {}))
    _print_recommendations(report.get("recommendations", {}))
    feedback = scoring.get("score_feedback", {}).get("all_versions", {})
    if feedback.get("thumbs"):
        print(f"score feedback: {feedback['up']} up, {feedback['down']} down (reported, not used as labels)")


def _print_scoring(scoring: dict[str, Any]) -> None:
    auc, brier = scoring.get("auc_latest"), scoring.get("brier")
    measured = f", AUC {auc:.3f} on the latest closed leads" if auc is not None else ""
    measured += f" (Brier {brier:.3f})" if brier is not None else ""
    state = "active" if scoring["activated"] else "NOT activated"
    print(f"scoring v{scoring['version']}: {scoring['model']}{measured} — {state}")
    if scoring.get("note"):
        print(f"  {scoring['note']}", file=sys.stderr if not scoring["activated"] else sys.stdout)


def _state(model: dict[str, Any]) -> str:
    return "active" if model.get("activated") else "NOT activated"


def _print_next_action(model: dict[str, Any]) -> None:
    if "version" not in model:
        print(f"next action: {model.get('skipped', 'not trained')}")
        return
    auc = model.get("auc_latest")
    measured = f", AUC {auc:.3f} predicting the outcome of the newest logged actions" if auc is not None else ""
    print(f"next action v{model['version']}: {len(model.get('actions', {}))} actions from {model['n_logged']} "
          f"logged{measured}; {model.get('feedback_examples', 0)} thumbs as examples — {_state(model)}")
    if model.get("note"):
        print(f"  {model['note']}")
    if "off_policy" in model:
        _print_policy_value(model["off_policy"])


def _ci(values: Any) -> str:
    return f"[{values[0]:.3f}, {values[1]:.3f}]" if isinstance(values, list) and len(values) == 2 else ""


def _value(name: str, v: dict[str, Any]) -> str:
    if v.get("overlap") != "ok":
        return (f"{name}: not measurable — poor overlap ({', '.join(v.get('overlap_problems', []))}; effective "
                f"sample {v.get('ess')}, clipped {v.get('clipped_share', 0):.1%}, rarely chosen there "
                f"{v.get('unsupported_share', 0):.1%})")
    return (f"{name}: {v['dr']:.3f} {_ci(v.get('dr_ci95'))} doubly robust, {v['snips']:.3f} {_ci(v.get('snips_ci95'))} "
            f"SNIPS (effective sample {v['ess']})")


def _print_policy_value(value: dict[str, Any], indent: str = "  ") -> None:
    """The off-policy value of the learned policy and of each single action, with its caveats."""
    print(f"{indent}policy value on the newest {value['n']} logged actions (estimated propensities; "
          f"{value.get('assumption', '')}):")
    print(f"{indent}  logged (what the reps did): {value['logged_success_rate']:.3f} "
          f"{_ci(value.get('logged_success_rate_ci95'))}")
    print(f"{indent}  {_value('learned policy', value['policy'])}")
    for name, single in value.get("single_actions", {}).items():
        print(f"{indent}  {_value('always ' + name, single)}")
    if "gain_over_logged_dr" in value:
        print(f"{indent}  gain over the logged choices: {value['gain_over_logged_dr']:+.3f} "
              f"{_ci(value.get('gain_over_logged_ci95'))}")
    if "gain_over_best_single_dr" in value:
        print(f"{indent}  gain over always {value['best_single_action']}: {value['gain_over_best_single_dr']:+.3f} "
              f"{_ci(value.get('gain_over_best_single_ci95'))}")


def _print_products(model: dict[str, Any]) -> None:
    if "version" not in model:
        return
    line = f"products v{model['version']}: {model['model']}"
    if "recall_at_k_latest" in model:
        base = model.get("baselines_latest", {}).get("reoffer_bought", {}).get("recall_at_k")
        line += (f", Recall@{model['k_latest']} {model['recall_at_k_latest']:.3f} on the last "
                 f"{model['test_window_days']} days (re-offer baseline {base:.3f})" if base is not None else "")
    if model.get("fallback_because"):
        line += f" — {model['fallback_because']}"
    print(f"{line} — {_state(model)}")
    if model.get("note"):
        print(f"  {model['note']}")


def _print_recommendations(written: dict[str, Any]) -> None:
    for kind, label in (("next_action", "next actions"), ("product", "products")):
        if kind in written:
            w = written[kind]
            print(f"recommendations, {label}: {w['rows']} rows for {w['leads']} leads (v{w['version']})")


def _require_files(*paths: Path | None) -> None:
    for path in paths:
        if path is not None and not path.is_file():
            raise BadInput(f"aiconnect ml evaluate: {path}: no such file")


def _quietly(fn: Any, request: Any) -> dict[str, Any]:
    """Run an evaluator with numeric warnings kept out of the one-line error contract."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        return fn(request)


def _write(path: Path, header: tuple[str, ...], rows: Any) -> None:
    try:
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows([guard_cell(v) if isinstance(v, str) else v for v in row] for row in rows)
    except OSError as exc:
        raise BadInput(f"aiconnect ml: cannot write {path}: {exc.strerror}") from None


def _show(args: argparse.Namespace, report: dict[str, Any], headline: tuple[str, ...]) -> None:
    if getattr(args, "json", False):
        print_json(report)
        return
    for key in headline:
        if key in report:
            print(f"{key}: {report[key]}")
    sys.stdout.flush()
