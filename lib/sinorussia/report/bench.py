"""`make bench`: how fast is `make report`, against the naive loop?

In one run, on a temporary copy of the notebooks and a temporary build folder (the real notebooks
and build/ are never touched, except build/bench.json):
  1. cold build        `python -m sinorussia report` with an empty cache
  2. no-change rebuild the same command again
  3. naive baseline    `jupyter nbconvert --to notebook --execute` of each notebook in turn, then
                       `jupyter nbconvert --to html` of each executed notebook
  4. one touched       a trivial markdown change to one notebook's copy, then the report again;
                       records which notebooks were re-executed (only the touched one should be)
Targets: cold <= 0.6 x baseline, no-change < 2 s, touch re-executes exactly one notebook.

Then the scenario sweeps (`sweep_bench`, skipped with --no-sweep, alone with --sweep-only):
  5. vectorised sweep  scenarios.sweep_grid over 10⁴ grid points in this process
  6. Dask sweep        the example grid (notebooks/sweeps/06_scenarios.yaml) with papermill on a local
                       Dask cluster of 1 and then 2 workers: wall time, and papermill seconds per point
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from .. import paths
from ..analysis import scenarios as sc
from ..errors import WorkbookError
from ..fsio import atomic_write_text
from ..processed.load import load
from .execute import Log
from .notebooks import NOTEBOOK_GLOB
from .plan import KERNEL
from .settings import PARAMETERS_FILE
from .sweep import run_seconds, run_sweep

TARGET_COLD_RATIO = 0.6
TARGET_NOCHANGE_S = 2.0
TOUCH_MARK = "\n\n<!-- touched by make bench -->\n"


def _timed(cmd: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise WorkbookError(f"bench: `{' '.join(map(str, cmd))}` failed (exit {proc.returncode}):\n{tail}")
    return took


def _statuses(build: Path) -> dict[str, str]:
    data = json.loads((build / "last-build.json").read_text())
    return {r["name"]: r["status"] for r in data["results"]}


def touch_notebook(path: Path) -> None:
    """A trivial source change: an HTML comment appended to the last markdown cell (or a new one)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = [c for c in nb["cells"] if c.get("cell_type") == "markdown"]
    if md:
        src = md[-1]["source"]
        md[-1]["source"] = ("".join(src) if isinstance(src, list) else src) + TOUCH_MARK
    else:
        nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": TOUCH_MARK.strip()})
    atomic_write_text(path, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


SWEEP_GRID = "sweeps/06_scenarios.yaml"  # the example grid, under the notebooks folder


def sweep_bench(notebooks_dir: Path | None = None, log: Log = print) -> dict[str, Any]:
    """Seconds for 10⁴ points of the vectorised sweep against papermill per point, and the Dask sweep's wall
    time for the example grid on 1 and 2 local workers."""
    src = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    grid_file = src / SWEEP_GRID
    if not grid_file.is_file():
        raise WorkbookError(f"bench: no example grid {grid_file}; the sweep part needs it (or use --no-sweep)")
    hypotheses = ["transactional", "vassalisation", "alliance", "weakening", "realignment"]
    words = ["high probability", "medium probability", "low probability", "low probability", "unlikely"]
    ratios = {k: [1.5, 2.0, 1.3, 0.5, 0.4] for k in sc.SIGNPOSTS}
    series = sc.indicator_series(start=2000)
    prior = sc.words_to_prior(dict(zip(hypotheses, words)), "survey_median", load("probability_words"))
    # 10 × 10 × 10 × 10 = 10⁴ points: two ratio weights and two thresholds, ten values each
    keys = list(sc.SIGNPOSTS)
    weights = {k: list(np.linspace(0.0, 2.0, 10)) for k in keys[:2]}
    thresholds = {k: [float(sc.SIGNPOSTS[k]["threshold"]) * f for f in np.linspace(0.5, 1.5, 10)] for k in keys[2:4]}  # type: ignore[arg-type]
    log("  5. vectorised sweep, 10⁴ points …")
    times = []
    for _ in range(3):  # best of three: the first call also warms numpy and pandas
        t0 = time.perf_counter()
        grid = sc.sweep_grid(
            series, {"survey median": prior}, ratios, hypotheses, weights=weights, thresholds=thresholds
        )
        grid.table()
        times.append(time.perf_counter() - t0)
    vector_s = min(times)
    log(f"     {grid.size:,} points in {vector_s:.3f} s")
    result: dict[str, Any] = {"vectorised_points": grid.size, "vectorised_s": round(vector_s, 4)}
    with tempfile.TemporaryDirectory(prefix="sinorussia-bench-sweep-") as tmp:
        for workers in (1, 2):
            log(f"  6. Dask sweep of {grid_file.name} on {workers} local worker(s) …")
            out = Path(tmp) / f"w{workers}"
            t0 = time.perf_counter()
            table = run_sweep(grid_file, src, out, workers=workers, log=lambda _: None)
            wall = time.perf_counter() - t0
            per_run = run_seconds(out / sorted(p.name for p in out.iterdir())[0])
            result[f"dask_{workers}_workers_s"] = round(wall, 2)
            result[f"dask_{workers}_workers_papermill_s_per_point"] = round(sum(per_run.values()) / len(per_run), 2)
            result["dask_points"] = len(table)
            log(f"     {len(table)} points in {wall:.1f} s ({wall / len(table):.1f} s per point)")
    per_point = result["dask_1_workers_papermill_s_per_point"]
    result["vectorised_s_per_point"] = vector_s / grid.size
    result["papermill_vs_vectorised_per_point"] = round(per_point / (vector_s / grid.size))
    result["dask_speedup_2_vs_1"] = round(result["dask_1_workers_s"] / result["dask_2_workers_s"], 2)
    return result


def log_sweep_bench(r: dict[str, Any], log: Log = print) -> None:
    log(f"  {'sweep':<40} {'seconds':>8}")
    log(f"  {'vectorised, ' + format(r['vectorised_points'], ',') + ' points':<40} {r['vectorised_s']:>8.3f}")
    log(f"  {'papermill, one point (1 worker, mean)':<40} {r['dask_1_workers_papermill_s_per_point']:>8.1f}")
    for w in (1, 2):
        log(
            f"  {'Dask, ' + str(r['dask_points']) + ' points, ' + str(w) + ' local worker(s)':<40} {r[f'dask_{w}_workers_s']:>8.1f}"
        )
    log(
        f"  one papermill point costs as much as {r['papermill_vs_vectorised_per_point']:,} vectorised points; "
        f"2 workers vs 1: × {r['dask_speedup_2_vs_1']:.2f}"
    )


def run_bench(
    notebooks_dir: Path | None = None,
    *,
    out: Path | None = None,
    touch: str | None = None,
    pdf: bool = True,
    log: Log = print,
    sweep: bool = True,
    pipeline: bool = True,
) -> dict:
    if not pipeline:
        out = Path(out or paths.BUILD_DIR / "bench.json")
        only: dict[str, Any] = {
            "when": datetime.now().astimezone().isoformat(timespec="seconds"),
            "sweep": sweep_bench(notebooks_dir, log),
        }
        atomic_write_text(out, json.dumps(only, indent=1) + "\n")
        log("")
        log_sweep_bench(only["sweep"], log)
        log(f"Wrote {out}")
        return only
    src = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    notebooks = sorted(src.glob(NOTEBOOK_GLOB))
    if not notebooks:
        raise WorkbookError(
            f"bench: no notebooks in {src} match {NOTEBOOK_GLOB}; try --notebooks tests/fixtures/notebooks"
        )
    out = Path(out or paths.BUILD_DIR / "bench.json")
    jupyter = Path(sys.executable).with_name("jupyter")
    jupyter_cmd = [str(jupyter)] if jupyter.is_file() else [sys.executable, "-m", "jupyter"]
    touched = touch or notebooks[-1].stem
    if touched not in {p.stem for p in notebooks}:
        raise WorkbookError(f"bench: --touch {touched}: no such notebook in {src}")
    log(f"Benchmark on {len(notebooks)} notebook(s) from {src} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="sinorussia-bench-") as tmp_name:
        tmp = Path(tmp_name)
        nbdir, build, base = tmp / "notebooks", tmp / "build", tmp / "baseline"
        nbdir.mkdir()
        for p in notebooks:
            shutil.copy2(p, nbdir / p.name)
        if (src / PARAMETERS_FILE).is_file():
            shutil.copy2(src / PARAMETERS_FILE, nbdir / PARAMETERS_FILE)
        report = [sys.executable, "-m", "sinorussia", "report", "--notebooks", str(nbdir), "--build", str(build)]
        if not pdf:
            report.append("--no-pdf")

        log("  1. cold build (empty cache) …")
        cold = _timed(report)
        log(f"     {cold:.1f} s")
        log("  2. no-change rebuild …")
        nochange = _timed(report)
        nochange_status = _statuses(build)
        log(f"     {nochange:.2f} s")

        log("  3. naive baseline: nbconvert --execute each notebook, then nbconvert --to html each …")
        base.mkdir()
        t0 = time.perf_counter()
        for p in sorted(nbdir.glob(NOTEBOOK_GLOB)):
            _timed(
                jupyter_cmd
                + [
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    f"--ExecutePreprocessor.kernel_name={KERNEL}",
                    "--ExecutePreprocessor.timeout=300",
                    "--output-dir",
                    str(base),
                    str(p),
                ]
            )
        base_exec = time.perf_counter() - t0
        t0 = time.perf_counter()
        for p in sorted(base.glob("*.ipynb")):
            _timed(jupyter_cmd + ["nbconvert", "--to", "html", "--output-dir", str(base), str(p)])
        base_html = time.perf_counter() - t0
        baseline = base_exec + base_html
        log(f"     {baseline:.1f} s (execute {base_exec:.1f} s + html {base_html:.1f} s)")

        log(f"  4. rebuild after touching {touched} …")
        touch_notebook(nbdir / f"{touched}.ipynb")
        touch_s = _timed(report)
        after = _statuses(build)
        log(f"     {touch_s:.1f} s")

    rerun = sorted(n for n, s in after.items() if s == "executed")
    result: dict[str, Any] = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "notebooks": [p.stem for p in notebooks],
        "pdf_included": pdf,
        "cold_s": round(cold, 2),
        "nochange_s": round(nochange, 3),
        "nochange_reexecuted": sorted(n for n, s in nochange_status.items() if s == "executed"),
        "touched": touched,
        "touch_s": round(touch_s, 2),
        "touch_reexecuted": rerun,
        "baseline_s": round(baseline, 2),
        "baseline_execute_s": round(base_exec, 2),
        "baseline_html_s": round(base_html, 2),
        "ratio_cold_vs_baseline": round(cold / baseline, 3),
        "ratio_nochange_vs_baseline": round(nochange / baseline, 4),
        "ratio_touch_vs_baseline": round(touch_s / baseline, 3),
    }
    result["targets"] = {
        f"cold <= {TARGET_COLD_RATIO} x baseline": result["ratio_cold_vs_baseline"] <= TARGET_COLD_RATIO,
        f"no-change < {TARGET_NOCHANGE_S:g} s": nochange < TARGET_NOCHANGE_S and not result["nochange_reexecuted"],
        "touch re-executes only the touched notebook": rerun == [touched],
    }
    if sweep:
        result["sweep"] = sweep_bench(notebooks_dir, log)
    atomic_write_text(out, json.dumps(result, indent=1) + "\n")
    w = max(34, len("rebuild after touching ") + len(touched) + 1)
    log("")
    log(f"  {'run':<{w}} {'seconds':>8} {'x baseline':>11}")
    log(f"  {'naive nbconvert loop (baseline)':<{w}} {baseline:>8.1f} {1:>11.2f}")
    log(f"  {'cold build' + (' (with PDF)' if pdf else ''):<{w}} {cold:>8.1f} {cold / baseline:>11.2f}")
    log(f"  {'no-change rebuild':<{w}} {nochange:>8.2f} {nochange / baseline:>11.3f}")
    log(f"  {'rebuild after touching ' + touched:<{w}} {touch_s:>8.1f} {touch_s / baseline:>11.2f}")
    log(f"  re-executed after the touch: {', '.join(rerun) or 'none'}")
    for name, ok in result["targets"].items():
        log(f"  {'✓' if ok else '✗'} {name}")
    if sweep:
        log("")
        log_sweep_bench(result["sweep"], log)
    log(f"Wrote {out}")
    return result
