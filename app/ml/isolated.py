"""Long ML work in a process of its own, so the app's threads, the UI thread above all, never wait
for the interpreter lock a training holds.

Training in a thread of the app made every screen switch wait 1-3 s while it ran: its Python and
its library calls that keep the lock starve the UI thread (issue 11). `run_isolated(job, ...)` runs
`job(Database(url), models_dir, progress=...)` in a fresh process (spawn: no Qt, no threads or
connections inherited) and waits for it in the calling thread, which is the task runner's:

- progress crosses a pipe, as (done, total, label) snapshots, into the caller's `Progress`;
- the caller's cancel reaches the child's `Progress`, whose next check raises `Cancelled` and rolls
  its transaction back; a child that does not stop within CANCEL_GRACE_S is terminated (its open
  transaction never commits; model files are written whole under a temporary name, then renamed);
- the child stops when the app goes away (its end of the pipe closes), so quitting the app never
  leaves a training running behind it;
- its answer, or its exception, comes back pickled.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

from app.progress import Cancelled, Progress

logger = logging.getLogger(__name__)

CANCEL_GRACE_S = 2.0  # a cancelled child rolls back and answers within this, or is terminated
POLL_S = 0.05


class IsolatedJobError(RuntimeError):
    """The job's process ended without an answer (killed, or it crashed in native code)."""


def run_isolated(job: str, database_url: str, models_dir: Path, progress: Progress | None = None) -> Any:
    """Run `job` ("module:function", called as function(db, models_dir, progress=...)) in its own
    process and return its result; its exception is raised here."""
    progress = progress or Progress()
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_child, args=(job, database_url, str(models_dir), theirs),
                              name="aiconnect-ml", daemon=True)
    process.start()
    theirs.close()
    cancel_sent_at: float | None = None
    try:
        while True:
            if progress.cancelled and cancel_sent_at is None:
                ours.send(("cancel",))
                cancel_sent_at = _now()
            if cancel_sent_at is not None and _now() - cancel_sent_at > CANCEL_GRACE_S:
                raise Cancelled("canceled by the user")  # the finally terminates it
            if ours.poll(POLL_S):
                try:
                    message = ours.recv()
                except EOFError:
                    message = ("gone",)
                kind = message[0]
                if kind == "progress":
                    progress.update(*message[1:])
                elif kind == "done":
                    return message[1]
                elif kind == "failed":
                    raise message[1]
                else:
                    process.join(1)
                    raise IsolatedJobError(f"the {job} process ended without an answer (exit code {process.exitcode})")
            elif not process.is_alive():
                raise IsolatedJobError(f"the {job} process ended without an answer (exit code {process.exitcode})")
    finally:
        ours.close()  # a child still running sees its pipe close and stops
        process.join(CANCEL_GRACE_S if cancel_sent_at is None and process.is_alive() else 0.2)
        if process.is_alive():
            process.terminate()
            process.join(1)


def _now() -> float:
    return time.monotonic()


def _child(job: str, database_url: str, models_dir: str, pipe: Any) -> None:
    sending = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with sending:
            try:
                pipe.send(message)
            except (BrokenPipeError, OSError):  # the app has gone: the listener stops the job
                progress.cancel()

    progress = Progress(lambda done, total, label: send(("progress", done, total, label)))
    # Listening first: an app that quits while this process still imports (a second or two) ends it too.
    threading.Thread(target=_listen, args=(pipe, progress), name="aiconnect-ml-listen", daemon=True).start()
    from app.db.engine import Database

    module, _, name = job.partition(":")
    db = Database(database_url)
    try:
        result = getattr(importlib.import_module(module), name)(db, Path(models_dir), progress=progress)
    except BaseException as exc:  # every failure goes back to the app
        send(("failed", _picklable(exc)))
    else:
        send(("done", result))
    finally:
        db.dispose()


def _listen(pipe: Any, progress: Progress) -> None:
    """The app asked to cancel: the job stops at its next check and rolls back. The app went away
    (its end of the pipe closed, as when it quits): this process ends at once, its open transaction
    uncommitted, rather than train on for nobody."""
    try:
        while True:
            if pipe.recv()[0] == "cancel":
                progress.cancel()  # and listen on: the app may quit before the job's next check
    except (EOFError, OSError):
        os._exit(3)


def _picklable(exc: BaseException) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # an exception that cannot cross the pipe becomes its text
        return IsolatedJobError(f"{type(exc).__name__}: {exc}")
