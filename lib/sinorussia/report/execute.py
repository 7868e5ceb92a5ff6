"""Executing the planned notebooks: papermill in forked workers (two at a time, one kernel each), cached
notebooks skipped, a failure described in one paragraph (notebook, cell, error), and the summary table.

    notebooks/NN_slug.ipynb --papermill--> build/executed/NN_slug.ipynb (+ NN_slug.cache.json)
                                      or   build/failed/NN_slug.ipynb (partly executed, kept to read)

papermill and nbformat take about 3 s to import, so they are imported only when something runs.

The workers die with the runner: each asks Linux for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG),
so `kill -9` of `make report` leaves no orphan worker (their kernels stop by themselves when their parent
goes: ipykernel polls it). Ctrl-C reaches the runner alone (workers ignore SIGINT): it stops the workers,
removes this run's temporary notebooks and raises KeyboardInterrupt for the build to report in one line.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ParameterError, WorkbookError
from .cache import executed_path, file_sha256, is_current, read_cache_record, write_cache_record
from .failures import describe_failure
from .notebooks import skip_slow_jsonschema_formats
from .plan import KERNEL, Job

CELL_TIMEOUT = 300  # seconds per cell
WORKERS = 2

Log = Callable[[str], None]


@dataclass
class Result:
    """What happened to one notebook in this build."""

    name: str
    status: str  # executed | cached | failed | skipped
    seconds: float = 0.0  # wall time of this run (0 for cached)
    executed_seconds: float = 0.0  # how long the execution took when it happened
    executed_at: str = ""
    error: str = ""


class NotebookFailed(WorkbookError):
    """A notebook raised while executing; the message names the notebook, the cell and the error."""

    def __init__(self, message: str, results: list[Result]) -> None:
        super().__init__(message)
        self.results = results  # every notebook's outcome so far, for the summary table


def check_kernel(kernel: str) -> None:
    """WorkbookError saying how to register `kernel` when Jupyter does not know it."""
    # jupyter_client is imported only when something is executed: it is slow to import (CLI start-up time)
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise WorkbookError(
            f"the Jupyter kernel '{kernel}' is not registered. Run `make setup`, or "
            f"`{sys.executable} -m ipykernel install --sys-prefix --name {kernel}`."
        ) from None


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent_pid: int) -> None:
    """Worker initializer: die when the runner dies, and leave Ctrl-C to the runner (which stops the workers
    itself, so no worker prints a KeyboardInterrupt traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # no prctl: the runner's clean-up still stops its workers
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the runner died before prctl took effect
        os._exit(1)


def check_run_settings(workers: int, timeout: int) -> None:
    """ParameterError for a number of workers or a cell timeout that cannot run a build (e.g. `-j 0`)."""
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError(
            f"-j/--jobs {workers!r}: the number of notebooks executed in parallel must be a whole number of at "
            f"least 1 (default {WORKERS}), e.g. `make report PARAMS='-j 2'`"
        )
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 1:
        raise ParameterError(
            f"--timeout {timeout!r}: the seconds allowed per cell must be a whole number of at least 1 "
            f"(default {CELL_TIMEOUT}), e.g. `make report PARAMS='--timeout 600'`"
        )


def run_one(path: str, out: str, parameters: dict, cwd: str, kernel: str, timeout: int) -> dict:
    """Runs in a worker process: one papermill execution (one kernel start).
    -> {"ok", "seconds"} and, on failure, the cell ("cell_index", "exec_count", "source") and "ename", "evalue"."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silence ipykernel's debugger warning
    logging.getLogger("papermill").setLevel(logging.ERROR)
    # papermill takes seconds to import: only a build that executes something pays it (CLI start-up time)
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    # the kernel inherits this process's stderr: send its chatter to a log beside the output instead
    log_path = Path(out).with_name(Path(out).name.split(".running")[0].lstrip(".") + ".kernel.log")
    saved = os.dup(2)
    try:
        with open(log_path, "w") as log:
            os.dup2(log.fileno(), 2)
        try:
            pm.execute_notebook(
                path,
                out,
                parameters=parameters,
                kernel_name=kernel,
                cwd=cwd,
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                start_timeout=120,
            )
        except PapermillExecutionError as exc:
            return {
                "ok": False,
                "seconds": time.perf_counter() - t0,
                "cell_index": exc.cell_index,
                "exec_count": exc.exec_count,
                "source": exc.source,
                "ename": exc.ename,
                "evalue": exc.evalue,
            }
        except BaseException as exc:  # timeout, dead kernel, unreadable notebook …
            text = str(exc).strip()
            return {
                "ok": False,
                "seconds": time.perf_counter() - t0,
                "cell_index": None,
                "exec_count": None,
                "source": None,
                "ename": type(exc).__name__,
                "evalue": text.splitlines()[0] if text else "",
            }
        return {"ok": True, "seconds": time.perf_counter() - t0}
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _publish_executed(build_dir: Path, job: Job, tmp_out: Path, wall: float, kernel: str) -> str:
    """Move a successful run into build/executed/ and write its cache record; -> when it was executed."""
    name = job.info.name
    # the worker wrote the whole notebook to tmp_out; a rename publishes it (not fsio: the file is filled
    # in another process, and goes to failed/ instead if the run fails)
    target = executed_path(build_dir, name)
    os.replace(tmp_out, target)
    now = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    write_cache_record(
        build_dir,
        name,
        {
            "name": name,
            "key": job.key,
            "sha256": file_sha256(target),  # ties the record to this very file (cache.is_current checks it)
            "title": job.info.title,
            "parameters": job.parameters,
            "overrides": job.overrides,
            "origins": job.origins,
            "seconds": round(wall, 2),
            "executed_at": now,
            "kernel": kernel,
            "source": str(job.info.path),
            "packages": job.packages,  # the versions in the key: what appendix B.6 lists
        },
    )
    (build_dir / "failed" / f"{name}.ipynb").unlink(missing_ok=True)
    return now


def _keep_failed(build_dir: Path, job: Job, tmp_out: Path, r: dict) -> str:
    """Keep a failed run's partial notebook in build/failed/; -> the failure's description."""
    name = job.info.name
    failed_dir = build_dir / "failed"
    failed_dir.mkdir(parents=True, exist_ok=True)
    kept = failed_dir / f"{name}.ipynb"
    if tmp_out.is_file():
        os.replace(tmp_out, kept)
    r.setdefault("kernel_log", str(build_dir / "executed" / f"{name}.kernel.log"))
    msg = describe_failure(name, job.info.path, kept if kept.is_file() else None, r)
    if kept.is_file():
        msg += f"\n  the partly executed notebook is kept at {kept}"
    return msg


def execute(
    jobs: list[Job],
    build_dir: Path,
    *,
    notebooks_dir: Path,
    workers: int = WORKERS,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    force: bool = False,
    log: Log = print,
) -> list[Result]:
    """Run every job whose cache is stale, two at a time, respecting depends_on; raise NotebookFailed.
    Returns only when every job is executed or cached: a build never goes on with a chapter it did not make."""
    check_run_settings(workers, timeout)
    build_dir = Path(build_dir)
    exe_dir = build_dir / "executed"
    results: dict[str, Result] = {}
    w = name_width(j.info.name for j in jobs)
    todo = []
    for job in jobs:
        if not force and is_current(build_dir, job.info.name, job.key):
            rec = read_cache_record(build_dir, job.info.name) or {}
            results[job.info.name] = Result(
                job.info.name, "cached", 0.0, rec.get("seconds", 0.0), rec.get("executed_at", "")
            )
            log(f"  · {job.info.name:<{w}} cached (inputs unchanged)")
        else:
            todo.append(job)
    if not todo:
        return [results[j.info.name] for j in jobs]
    check_kernel(kernel)
    exe_dir.mkdir(parents=True, exist_ok=True)
    skip_slow_jsonschema_formats()
    # imported once here (not at module top: CLI start-up time), then inherited by the forked workers
    import papermill  # noqa: F401

    pending = {j.info.name: j for j in todo}
    running: dict[Future, tuple[Job, Path]] = {}
    failures: list[str] = []
    started: dict[str, float] = {}
    in_build = {j.info.name for j in jobs}
    pool = ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(todo))),
        mp_context=mp.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        while pending or running:
            if not failures:
                for name in list(pending):
                    if len(running) >= workers:
                        break
                    job = pending[name]
                    deps_state = [results.get(d) for d in job.deps if d in in_build]
                    if any(s is None or s.status in ("failed", "skipped") for s in deps_state):
                        if any(s is not None and s.status in ("failed", "skipped") for s in deps_state):
                            results[name] = Result(name, "skipped", error="a notebook it depends on failed")
                            del pending[name]
                        continue
                    tmp_out = exe_dir / f".{name}.running-{os.getpid()}.ipynb"
                    fut = pool.submit(
                        run_one,
                        str(job.info.path),
                        str(tmp_out),
                        job.overrides,
                        str(Path(notebooks_dir).resolve()),
                        kernel,
                        timeout,
                    )
                    running[fut] = (job, tmp_out)
                    started[name] = time.perf_counter()
                    del pending[name]
                    log(f"  ▶ {name:<{w}} started")
            else:
                for name in list(pending):
                    results[name] = Result(name, "skipped", error="build stopped by a failure")
                    del pending[name]
            if not running:
                if pending:  # waiting on a dependency that can never finish
                    for name in list(pending):
                        results[name] = Result(name, "skipped", error="dependency not run")
                        del pending[name]
                break
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in done:
                job, tmp_out = running.pop(fut)
                name = job.info.name
                wall = time.perf_counter() - started[name]
                try:
                    r = fut.result()
                except BaseException as exc:  # the worker process itself died
                    r = {
                        "ok": False,
                        "seconds": wall,
                        "cell_index": None,
                        "ename": type(exc).__name__,
                        "evalue": str(exc),
                    }
                r["timeout"] = timeout
                if r["ok"]:
                    now = _publish_executed(build_dir, job, tmp_out, wall, kernel)
                    results[name] = Result(name, "executed", wall, wall, now)
                    log(f"  ✓ {name:<{w}} executed in {wall:.1f} s")
                else:
                    msg = _keep_failed(build_dir, job, tmp_out, r)
                    failures.append(msg)
                    results[name] = Result(name, "failed", wall, wall, error=msg)
                    log(f"  ✗ {name:<{w}} FAILED after {wall:.1f} s")
    except BaseException:  # Ctrl-C, a full disk …: stop the workers (and so their kernels), drop their output
        _stop_workers(pool)
        for _, tmp_out in running.values():
            tmp_out.unlink(missing_ok=True)
        raise
    pool.shutdown(wait=True)
    if failures:
        raise NotebookFailed(
            "\n".join(failures) + "\nThe previous report (if any) is untouched.",
            [results[j.info.name] for j in jobs if j.info.name in results],
        )
    missing = [j.info.name for j in jobs if results.get(j.info.name, Result("", "skipped")).status == "skipped"]
    if missing:  # cannot happen with valid settings; if it does, refuse rather than publish an old chapter
        raise NotebookFailed(
            f"notebook(s) {', '.join(missing)} were not executed "
            f"({results[missing[0]].error if missing[0] in results else 'not scheduled'}); nothing was published.",
            [results[j.info.name] for j in jobs if j.info.name in results],
        )
    return [results[j.info.name] for j in jobs]


def _stop_workers(pool: ProcessPoolExecutor, grace: float = 10.0) -> None:
    """Stop every worker now: SIGTERM, then SIGKILL for any still alive after `grace` seconds."""
    procs = list(getattr(pool, "_processes", {}).values())  # the executor has no public handle on them
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(1)


def name_width(names: Iterable[str]) -> int:
    """The column width that lines up notebook names in the log and the summary table."""
    return max([28, *(len(n) + 1 for n in names)])


def summary_table(results: list[Result]) -> str:
    """notebook, status, seconds: one line per notebook (cached ones say when they were executed)."""
    w = name_width(r.name for r in results)
    lines = [f"  {'notebook':<{w}} {'status':<9} {'seconds':>8}"]
    for r in results:
        extra = (
            f"   (executed in {r.executed_seconds:.1f} s on {r.executed_at[:16].replace('T', ' ')})"
            if r.status == "cached" and r.executed_at
            else ""
        )
        lines.append(f"  {r.name:<{w}} {r.status:<9} {r.seconds:>8.1f}{extra}")
    return "\n".join(lines)
