"""Switching screens in the main window, from the switch to the screen's first paint, at 1M leads (any size).

One process, offscreen Qt, the real main window (app/ui/main_window.MainWindow) on a cached demo
workspace, with its AppContext and TaskRunner as the app builds them. For every screen of the sidebar
(app/ui/screens.SCREENS) the clock runs from `MainWindow.show_screen(key)` until that screen's page
is painted:

- call:  `show_screen` returned (on a first visit this includes building the page);
- paint: the page's first QEvent.Paint arrived (an event filter on the page; pages are caught as
         they are added to the window's stack, so a first visit is watched from its creation);
- frame: the event loop's next turn after that paint event, i.e. the frame with the screen in it
         has been drawn and flushed (what the user sees). The target is judged on this one.

No sleeps: the Qt event loop runs (QEventLoop + QTimer) until the paint arrives or a timeout, which
is recorded as an error. Between switches the window settles: the runner's background work ends
(the screen's data loaded, timed as `loaded`) and the loop runs a further 250 ms (1 s after a first
visit, so that a page's own start-up, such as the map's Chromium processes, does not leak into the
next screen's figure). First visits
(the page is built) and later visits (already built) are reported separately: the first visits in
sidebar order from the Leads screen (built with the window, so it has no first visit here), then
`--rounds` rounds over every screen; median and max per screen. A 10 ms heartbeat timer records the
longest stall of the UI thread during the first visits and during the later ones (settling included).

`--while-training` first starts what the Insights screen's "Retrain the models" button starts
(app/ui/insights/view.py `InsightsView.start_retrain`: `app.ml.insights.retrain_isolated`, the training
in a process of its own, or `retrain` in the runner's thread on commits before app.ml.isolated, through
the app's TaskRunner, db lane, with progress), waits for its first progress report, and measures the
switches while it runs. The training is cancelled when the measurement ends (a cancelled training stores
nothing: `app.ml.workspace.train_models`), so the cached workspace is left as it was, unless the
training finished first, which the JSON says (`training.finished_during_run`). The db lane is
serial: while training runs, the screens' own data loads wait behind it (`loaded` is then not
awaited; the queue is counted instead). With `--until-stage N` the rounds go on until the training
has done N of its 5 stages (4: cancelled before the last one, which writes) or `--max-minutes`;
each visit records the stage, and the JSON groups the later visits and the UI thread's stalls by
stage (`training.later_visits_by_stage`, `training.stalls_by_stage`). Importing TensorFlow (the
training's products stage) in a process where QtWebEngine has started crashes it, so when the
training runs in the app's own process and the Map is among the screens, the run stops at stage 2,
and `--until-stage` above 2 leaves the Map out (`notes`).

The Map screen runs on the test/dev stub of Google's Maps script (tests/fakes/map_stub.py, the same
interceptor the tests and tools/screenshots.py use): its page loads without a key and no request
leaves this machine. QtWebEngine needs QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox as root (set here).
The window's layout state goes to a throwaway ini file, not the workspace's ui-state.ini.

`--switch-interval S` sets Python's GIL switch interval (a diagnostic: default 0.005 s).
`--profile DIR` runs every switch under cProfile (main thread) and keeps the profile of each switch
over the target as DIR/<mode>-<screen>-<visit>.prof, with the top functions on stderr; profiled
timings are inflated and marked so.

    python -m bench.bench_switch --leads 1000000 --workdir /tmp/aiconnect-bench
    python -m bench.bench_switch --leads 1000000 --while-training
    python -m bench.bench_switch --leads 1000000 --while-training --until-stage 4   # through the training's stages
    python -m bench.bench_switch --leads 1000000 --rounds 2 --profile /tmp/aiconnect-bench/switch-prof
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import checked_workdir, cpu_pressure, emit, log, machine, workdir_arg, workspace

TARGET_SWITCH_MS = 150.0  # PRODUCT.md: any screen shows within 150 ms (issue 11: switch to its first paint)
TARGET_STALL_MS = 100.0  # PRODUCT.md: the UI thread never stalls more than 100 ms, also while models train
# Importing TensorFlow in a process where QtWebEngine has started crashes it (segfault; reproduced with a bare
# QWebEngineView and `import tensorflow`). A training in the app's own process (before app.ml.isolated) imports
# TensorFlow at its products stage (done == 3, app/ml/products.py via app/ml/tf_runtime.py), so with the Map built
# such a training is cancelled when the next-action stage begins (done == 2), well before that import.
MAP_SAFE_STAGE = 2
SETTLE_QUIET_MS = 250
FIRST_QUIET_MS = 1000  # after a first visit: a page's own start-up (the map's Chromium processes) must not leak into the next


def _environment() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # QtWebEngine (the map) refuses to start as root without it
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")


class Bench:
    """The window, its runner, and the event-loop plumbing that watches paints and background work."""

    def __init__(self, ws: Any, state_path: Path, profile_dir: Path | None) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
        from PySide6.QtWidgets import QWidget

        from app.config import Settings
        from app.context import open_context
        from app.ui.application import install_language, make_application
        from app.ui.main_window import MainWindow
        from app.ui.tasks import TaskRunner
        from tests.fakes.map_stub import ScriptInterceptor

        self.app = make_application()
        install_language(self.app, "en")
        self.ctx = open_context(Settings(home=ws.home, database_url=ws.url), migrate=False, username="bench")
        self.runner = TaskRunner()
        self.running: set[Any] = set()
        self.runner.started.connect(self.running.add)
        self.runner.finished.connect(self._task_finished)
        self.training: Any = None
        self.progressed: list[tuple[float, int, int]] = []  # (perf_counter, done, total) of the training
        self.in_process = False
        self.loop = QEventLoop()
        self.timer = QTimer(singleShot=True)
        self.timer.timeout.connect(self.loop.quit)
        self.profile_dir = profile_dir
        self.ticks: list[float] = []
        self.heartbeat = QTimer(interval=10)
        self.heartbeat.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.target: Any = None  # the page whose first paint is awaited
        self.painted_at: float | None = None
        self.frame_at: float | None = None
        bench = self

        class Watch(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                kind = event.type()
                if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
                    event.child().installEventFilter(self)  # a page as it joins the stack: watched from birth
                elif kind == QEvent.Type.Paint and obj is bench.target and bench.painted_at is None:
                    bench.painted_at = time.perf_counter()
                    QTimer.singleShot(0, bench._frame_done)  # runs once this frame is drawn and flushed
                return False

        self.watch = Watch()
        state = QSettings(str(state_path), QSettings.Format.IniFormat)
        # the map runs on the test/dev stub of Google's script: markers without a key or network
        self.window = MainWindow(self.ctx, self.runner, state=state,
                                 screen_options={"map": {"interceptor": ScriptInterceptor("stub")}})
        self.window.stack.installEventFilter(self.watch)
        for page in self.window.pages.values():
            page.installEventFilter(self.watch)
        self.keys = [s.key for s in self.window.screens]

    # --- the event loop ------------------------------------------------------------------------

    def _task_finished(self, task: Any) -> None:
        self.running.discard(task)
        self.loop.quit()

    def _frame_done(self) -> None:
        self.frame_at = time.perf_counter()
        self.loop.quit()

    def wait(self, until: Any, timeout_s: float) -> bool:
        deadline = time.perf_counter() + timeout_s
        while not until():
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.timer.start(max(1, min(int(left * 1000), 50)))
            self.loop.exec()
        return True

    def others_busy(self) -> bool:
        return any(task is not self.training for task in self.running)

    def settle(self, timeout_s: float, quiet_ms: int = SETTLE_QUIET_MS) -> float | None:
        """Wait for the background work (not the training) to end, then `quiet_ms` more; seconds it took, None on timeout."""
        started = time.perf_counter()
        done = self.wait(lambda: not self.others_busy(), timeout_s)
        took = time.perf_counter() - started
        self.wait(lambda: False, quiet_ms / 1000)
        return took if done else None

    # --- one switch ----------------------------------------------------------------------------

    def switch(self, key: str, visit: str, timeout_s: float, settle_s: float) -> dict[str, Any]:
        first = key not in self.window.pages
        self.target = self.window.pages.get(key)
        self.painted_at = self.frame_at = None
        profiler = cProfile.Profile() if self.profile_dir is not None else None
        training = self.training is not None and self.training in self.running
        stage = self.progressed[-1][1] if training and self.progressed else None
        if profiler is not None:
            profiler.enable()
        started = time.perf_counter()
        self.window.show_screen(key)
        called = time.perf_counter()
        if self.target is None:  # first visit: now it exists (its paint cannot have come before the loop ran)
            self.target = self.window.pages[key]
        arrived = self.wait(lambda: self.frame_at is not None, timeout_s)
        if profiler is not None:
            profiler.disable()
        out: dict[str, Any] = {"screen": key, "visit": visit, "first": first, "training": training,
                               "call_ms": round((called - started) * 1000, 1)}
        if stage is not None:
            out["stage"] = stage  # training stages done (of 5) when the switch began
        if arrived and self.painted_at is not None and self.frame_at is not None:
            out["paint_ms"] = round((self.painted_at - started) * 1000, 1)
            out["frame_ms"] = round((self.frame_at - started) * 1000, 1)
        else:
            out["error"] = f"no paint of the {key} page within {timeout_s:.0f} s"
        self.target = None
        if profiler is not None and out.get("frame_ms", float("inf")) > TARGET_SWITCH_MS:
            out["profile"] = self._save_profile(profiler, key, visit)
        if self.training is not None and self.training in self.running:
            queued = sum(1 for task in self.running if task is not self.training)
            # the db lane is the training's: loads wait behind it
            self.wait(lambda: False, (FIRST_QUIET_MS if first else SETTLE_QUIET_MS) / 1000)
            out["queued_behind_training"] = queued
        else:
            loaded = self.settle(settle_s, FIRST_QUIET_MS if first else SETTLE_QUIET_MS)
            out["loaded_ms"] = round((loaded + (called - started)) * 1000) if loaded is not None else None
        return out

    def _save_profile(self, profiler: cProfile.Profile, key: str, visit: str) -> str:
        assert self.profile_dir is not None
        mode = "training" if self.training is not None else "idle"
        path = self.profile_dir / f"{mode}-{key}-{visit}.prof"
        profiler.dump_stats(path)
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        log(f"profile of {key} ({visit}) in {path}:\n{text.getvalue()}")
        return str(path)

    # --- training ------------------------------------------------------------------------------

    def start_training(self, timeout_s: float) -> dict[str, Any]:
        """What InsightsView.start_retrain starts, in the db lane with progress: retrain_isolated (a process of its
        own, app.ml.isolated) where it exists, else retrain in the runner's thread (older commits)."""
        job, self.in_process = training_job()
        progressed = self.progressed
        started = time.perf_counter()
        self.training = (self.runner.task(job, self.ctx.db, self.ctx.settings.models_dir)
                         .with_progress("Training the models…")
                         .on_success(lambda _report: None)
                         .on_failure(lambda _exc: None))
        self.training.signals.progressed.connect(lambda done, total, _t: progressed.append((time.perf_counter(), done, total)))
        self.training.signals.progressed.connect(self.loop.quit)
        self.training.start()
        self.wait(lambda: bool(progressed) or self.training not in self.running, timeout_s)
        self.wait(lambda: False, 1.0)  # past the first report: into the training proper
        return {"job": f"{job.__module__}.{job.__name__}", "in_app_process": self.in_process,
                "started_s_before_first_switch": round(time.perf_counter() - started, 2),
                "running_at_first_switch": self.training in self.running}

    def stop_training(self, timeout_s: float) -> dict[str, Any]:
        finished = self.training not in self.running
        progress = self.progressed[-1][1:] if self.progressed else None
        stopped = time.perf_counter()
        if not finished:
            self.training.cancel()
            self.wait(lambda: self.training not in self.running, timeout_s)
        return {"finished_during_run": finished, "last_progress": list(progress) if progress else None,
                "cancel_took_s": None if finished else round(time.perf_counter() - stopped, 2),
                "stopped": self.training not in self.running}

    # --- the UI thread's stalls -----------------------------------------------------------------

    def stalls(self, since: float | None = None, until: float | None = None) -> dict[str, Any]:
        ticks = [t for t in self.ticks if (since is None or t >= since) and (until is None or t <= until)]
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        return {"max_ms": round(max(gaps) * 1000, 1) if gaps else None,
                "over_100ms": sum(1 for g in gaps if g * 1000 > TARGET_STALL_MS), "ticks": len(ticks)}

    def stage_stalls(self) -> dict[str, Any]:
        """The UI thread's stalls during each training stage (from its progress reports)."""
        begins: dict[int, float] = {}
        for at, done, _total in self.progressed:
            begins.setdefault(done, at)
        bounds = sorted(begins.items(), key=lambda item: item[1])
        return {str(done): self.stalls(at, bounds[i + 1][1] if i + 1 < len(bounds) else None)
                for i, (done, at) in enumerate(bounds)}

    def close(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        self.heartbeat.stop()
        self.window.close()
        self.runner.cancel_all()
        self.wait(lambda: not self.running, 600)
        for widget in self.app.topLevelWidgets():  # web pages must go before the application does (else a crash)
            widget.close()
            widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.ctx.close()


def training_job() -> tuple[Any, bool]:
    """The Insights screen's retrain job, and whether it runs in the app's own process."""
    try:
        from app.ml.insights import retrain_isolated

        return retrain_isolated, False
    except ImportError:
        from app.ml.insights import retrain

        return retrain, True


def summarise(visits: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    per_screen: dict[str, Any] = {}
    for key in keys:
        mine = [v for v in visits if v["screen"] == key]
        first = next((v for v in mine if v["first"]), None)
        later = [v for v in mine if not v["first"] and "frame_ms" in v]
        entry: dict[str, Any] = {}
        if first is not None:
            entry["first"] = {k: first.get(k) for k in ("frame_ms", "paint_ms", "call_ms", "loaded_ms", "error")
                              if first.get(k) is not None}
        if later:
            frames = [v["frame_ms"] for v in later]
            entry["later"] = {"n": len(later), "median_ms": round(statistics.median(frames), 1), "max_ms": max(frames),
                              "paint_median_ms": round(statistics.median(v["paint_ms"] for v in later), 1),
                              "call_median_ms": round(statistics.median(v["call_ms"] for v in later), 1)}
        errors = [v["error"] for v in mine if "error" in v]
        if errors:
            entry["errors"] = errors
        per_screen[key] = entry
    firsts = {k: e["first"]["frame_ms"] for k, e in per_screen.items() if "frame_ms" in e.get("first", {})}
    laters = {k: e["later"]["median_ms"] for k, e in per_screen.items() if "later" in e}
    later_max = {k: e["later"]["max_ms"] for k, e in per_screen.items() if "later" in e}
    over = sorted({k for k, ms in [*firsts.items(), *later_max.items()] if ms > TARGET_SWITCH_MS}, key=keys.index)
    errors = [v for v in visits if "error" in v]
    return {
        "screens": per_screen,
        "first_visit_slowest": _slowest(firsts), "later_median_slowest": _slowest(laters),
        "later_max_slowest": _slowest(later_max),
        "over_target": over, "errors": len(errors),
        "pass": not over and not errors,
    }


def _slowest(figures: dict[str, float]) -> dict[str, Any] | None:
    if not figures:
        return None
    key = max(figures, key=lambda k: figures[k])
    return {"screen": key, "ms": figures[key]}


def by_stage(visits: list[dict[str, Any]]) -> dict[str, Any]:
    """Later visits while training, grouped by the training stage they happened in."""
    out = {}
    for stage in sorted({v["stage"] for v in visits if "stage" in v}):
        mine = [v for v in visits if v.get("stage") == stage and not v["first"] and "frame_ms" in v]
        if mine:
            worst = max(mine, key=lambda v: v["frame_ms"])
            out[str(stage)] = {"n": len(mine), "median_ms": round(statistics.median(v["frame_ms"] for v in mine), 1),
                               "max_ms": worst["frame_ms"], "max_screen": worst["screen"],
                               "over_target": sum(1 for v in mine if v["frame_ms"] > TARGET_SWITCH_MS)}
    return out


def measure(ws: Any, *, rounds: int, while_training: bool, screens: list[str] | None, timeout_s: float,
            settle_s: float, profile_dir: Path | None, until_stage: int | None = None,
            max_minutes: float = 30.0) -> dict[str, Any]:
    """The switches; the JSON line is written before the window is torn down (QtWebEngine may crash at exit)."""
    with tempfile.TemporaryDirectory(prefix="aiconnect-switch-") as temp:
        started = time.perf_counter()
        bench = Bench(ws, Path(temp) / "ui-state.ini", profile_dir)
        keys = [k for k in bench.keys if screens is None or k in screens]
        notes: list[str] = []
        in_process = while_training and training_job()[1]
        if in_process and "map" in keys and until_stage is not None and until_stage > MAP_SAFE_STAGE:
            keys.remove("map")
            notes.append("map skipped: the training's products stage imports TensorFlow, which crashes a process "
                         "where QtWebEngine has started (segfault)")
            log(notes[-1])
        safe_stage = MAP_SAFE_STAGE if in_process and "map" in keys else None
        bench.window.show()
        bench.wait(lambda: "leads" in bench.window.pages, 1)
        ready = bench.settle(max(settle_s, 120))
        log(f"window up, Leads loaded in {time.perf_counter() - started:.1f} s"
            + ("" if ready is not None else " (background work still running)"))
        training: dict[str, Any] | None = None
        if while_training:
            log("starting the Insights screen's retrain in the background…")
            training = bench.start_training(timeout_s=120)
        pressure_before = cpu_pressure()
        load = [os.getloadavg()[0]]
        visits: list[dict[str, Any]] = []
        bench.ticks.clear()
        bench.heartbeat.start()
        for key in keys:  # first visits, in sidebar order (Leads was built with the window)
            if key in bench.window.pages:
                continue
            visits.append(bench.switch(key, "first", timeout_s, settle_s))
            log(f"first visit {visits[-1]}")
        stalls = {"first_visits": bench.stalls()}
        bench.ticks.clear()
        deadline = time.perf_counter() + max_minutes * 60

        def more(n: int) -> bool:
            stage = bench.progressed[-1][1] if bench.progressed else 0
            if safe_stage is not None and stage >= safe_stage and bench.training in bench.running:
                if not any("stopped at" in note for note in notes):
                    notes.append(f"stopped at training stage {stage}: with the Map built, the products stage's "
                                 "TensorFlow import would crash the process")
                    log(notes[-1])
                return False
            if until_stage is None or bench.training is None:
                return n < rounds
            return bench.training in bench.running and stage < until_stage and time.perf_counter() < deadline

        n = 0
        while more(n):
            for key in keys:
                visits.append(bench.switch(key, f"r{n + 1}", timeout_s, settle_s))
            done = [v for v in visits if v["visit"] == f"r{n + 1}"]
            log(f"round {n + 1}: " + ", ".join(f"{v['screen']} {v.get('frame_ms', 'ERR')}" for v in done)
                + (f" (training stage {done[0]['stage']})" if done and "stage" in done[0] else ""))
            n += 1
        bench.heartbeat.stop()
        stalls["later_visits"] = bench.stalls()
        load.append(os.getloadavg()[0])
        if training is not None:
            training["stalls_by_stage"] = bench.stage_stalls()
            training["later_visits_by_stage"] = by_stage(visits)
            training["progress"] = [(round(at - started, 1), done, total) for at, done, total in bench.progressed]
            training.update(bench.stop_training(timeout_s=600))
            training["switches_while_training"] = sum(1 for v in visits if v["training"])
        result: dict[str, Any] = {
            "bench": "switch", "leads": ws.leads, "mode": "while_training" if while_training else "idle",
            "rounds": n, **summarise(visits if not while_training else [v for v in visits if v["training"]], keys),
            "target_ms": TARGET_SWITCH_MS, "measured": "frame_ms: show_screen() → the frame with the page's first paint drawn",
            "ui_stall": stalls, "target_stall_ms": TARGET_STALL_MS, "training": training,
            "profiled": profile_dir is not None, "notes": notes, "switch_interval_s": sys.getswitchinterval(),
            "loadavg_1m": [round(x, 2) for x in load],
            "machine": machine(), "cpu_pressure_before": pressure_before, "cpu_pressure": cpu_pressure(),
            "visits": visits,
        }
        emit(result)
        bench.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of later visits over every screen")
    parser.add_argument("--while-training", action="store_true", help="switch while the models train (Insights › Retrain)")
    parser.add_argument("--until-stage", type=int, metavar="N",
                        help="with --while-training: keep switching until the training has done N of its 5 stages "
                             "(then cancel it; 4 stops before the stage that writes), instead of --rounds")
    parser.add_argument("--max-minutes", type=float, default=30.0, help="with --until-stage: stop after this long")
    parser.add_argument("--screens", nargs="+", help="only these screen keys (default: every screen)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a paint before recording an error")
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait for a screen's background work")
    parser.add_argument("--switch-interval", type=float, metavar="S",
                        help="diagnostic: sys.setswitchinterval(S) (Python's default 0.005) to see what the GIL costs")
    parser.add_argument("--profile", type=Path, help="cProfile every switch; keep those over the target in this folder")
    workdir_arg(parser)
    args = parser.parse_args()
    _environment()
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    workdir = checked_workdir(args.workdir)
    ws = workspace(workdir, args.leads)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    measure(ws, rounds=max(1, args.rounds), while_training=args.while_training, screens=args.screens,
            timeout_s=args.timeout, settle_s=args.settle, profile_dir=args.profile, until_stage=args.until_stage,
            max_minutes=args.max_minutes)


if __name__ == "__main__":
    main()
