"""Parameter sweeps: run one notebook over a grid of parameter sets and compare the results.

`make sweep GRID=notebooks/sweeps/06_scenarios.yaml` (or `python -m sinorussia sweep GRID`) reads a
YAML file

    notebook: 06_scenarios
    fixed:   {n_draws: 5000}                     # the same in every run (optional)
    grid:    {prior_method: [icd_midpoint, survey_median], share_sd: [0.08, 0.16]}   # cartesian product
    runs:    [{prior_method: custom, custom_prior: [0.2, 0.2, 0.2, 0.2, 0.2]}]       # extra runs (optional)

validates every value against the notebook's `parameters` cell before anything runs, executes each
set with papermill (two at a time, each in its own kernel) into build/sweep/<notebook>/run_NNN.ipynb,
and gathers what each run records with `record()` into build/sweep/<notebook>/comparison.csv.

Scaling beyond one machine: every run is independent (a parameter set in, one executed notebook and
one small JSON file out), so the same run function can be submitted as one job per grid point to a
batch queue (Slurm array job, Kubernetes Jobs, a Dask or Ray cluster), each job writing run_NNN.json
to shared storage (or an object store); `collect()` then builds the comparison table from those files
wherever they were produced. Only the collector needs to see all results.
"""

from __future__ import annotations

import itertools
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import yaml

from .. import paths
from ..errors import ParameterError, WorkbookError
from ..fsio import atomic_write, atomic_write_text
from ..notebook.record import RESULTS_PARAMETER
from .execute import CELL_TIMEOUT, Log, check_kernel, run_one
from .notebooks import NotebookInfo, discover
from .plan import KERNEL
from .settings import check_parameter


def read_grid(grid_file: Path) -> tuple[str, list[dict]]:
    """The notebook name and the list of parameter sets a grid file describes."""
    grid_file = Path(grid_file)
    try:
        spec = yaml.safe_load(grid_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterError(f"{grid_file}: not a readable YAML grid ({exc})") from exc
    unknown = set(spec) - {"notebook", "fixed", "grid", "runs"}
    if unknown or "notebook" not in spec:
        raise ParameterError(
            f"{grid_file}: expected keys notebook, fixed, grid, runs; "
            f"{'missing notebook' if 'notebook' not in spec else f'unknown {sorted(unknown)}'}"
        )
    fixed, grid, extra = spec.get("fixed") or {}, spec.get("grid") or {}, spec.get("runs") or []
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise ParameterError(f"{grid_file}: grid.{key} must be a non-empty list of values")
    names = list(grid)
    combos = itertools.product(*(grid[n] for n in names)) if names else ()
    sets = [dict(fixed, **dict(zip(names, combo))) for combo in combos]
    sets += [dict(fixed, **run) for run in extra]
    if not sets:
        raise ParameterError(f"{grid_file}: no runs: give a grid or a list of runs")
    notebook = spec["notebook"]
    if isinstance(notebook, int):  # YAML reads `notebook: 06` as the number 6
        notebook = f"{notebook:02d}"
    return str(notebook), sets


def _notebook(name: str, notebooks_dir: Path) -> NotebookInfo:
    infos = {i.name: i for i in discover(notebooks_dir)}
    match = [n for n in infos if n == name or n.startswith(name)]
    if len(match) != 1:
        raise ParameterError(
            f"sweep: notebook {name!r} not found (or ambiguous) in {notebooks_dir}; have {sorted(infos)}"
        )
    return infos[match[0]]


def run_sweep(
    grid_file: Path,
    notebooks_dir: Path | None = None,
    out_dir: Path | None = None,
    workers: int = 2,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    log: Log = print,
) -> pd.DataFrame:
    """Execute every parameter set of `grid_file`; return (and write) the comparison table."""
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    name, sets = read_grid(grid_file)
    info = _notebook(name, notebooks_dir)
    if RESULTS_PARAMETER not in info.defaults:
        raise ParameterError(
            f"notebook {info.name} has no '{RESULTS_PARAMETER}' parameter, so a sweep cannot "
            f'collect its results; add `{RESULTS_PARAMETER} = ""` to its parameters cell'
        )
    checked = [{k: check_parameter(info, k, v, f"{grid_file}") for k, v in s.items()} for s in sets]
    check_kernel(kernel)
    out_dir = Path(out_dir or paths.BUILD_DIR / "sweep") / info.name
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("run_*"):
        old.unlink()
    log(f"Sweep of {info.name}: {len(checked)} parameter sets, {workers} at a time → {out_dir}")
    t0 = time.perf_counter()
    jobs = []
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for i, params in enumerate(checked, 1):
            run = out_dir / f"run_{i:03d}"
            injected = dict(params, **{RESULTS_PARAMETER: str(run.with_suffix(".json"))})
            atomic_write_text(run.with_suffix(".parameters.json"), json.dumps(params, sort_keys=True))
            jobs.append(
                (
                    i,
                    params,
                    pool.submit(
                        run_one, str(info.path), str(run.with_suffix(".ipynb")), injected, str(out_dir), kernel, timeout
                    ),
                )
            )
        failures = []
        for i, params, fut in jobs:
            res = fut.result()
            status = "ok" if res["ok"] else f"FAILED in cell {res.get('exec_count')}: {res['ename']}: {res['evalue']}"
            log(f"  run_{i:03d} {status} ({res['seconds']:.1f} s)  {params}")
            if not res["ok"]:
                failures.append(f"run_{i:03d} ({params}): {res['ename']}: {res['evalue']}")
    table = collect(out_dir)
    atomic_write(out_dir / "comparison.csv", table.to_csv)
    log(f"Wrote {out_dir / 'comparison.csv'} ({len(table)} runs, {time.perf_counter() - t0:.1f} s)")
    if failures:
        raise WorkbookError(
            f"{len(failures)} of {len(checked)} sweep runs failed; executed notebooks with the error "
            f"are kept in {out_dir}:\n  " + "\n  ".join(failures)
        )
    return table


def collect(out_dir: Path) -> pd.DataFrame:
    """One row per run from run_NNN.parameters.json + run_NNN.json: parameters, then recorded results."""
    rows = []
    for pfile in sorted(Path(out_dir).glob("run_*.parameters.json")):
        run = pfile.name.split(".")[0]
        row = {"run": run}
        row.update(
            {
                f"param.{k}": (json.dumps(v) if isinstance(v, (list, dict)) else v)
                for k, v in json.loads(pfile.read_text(encoding="utf-8")).items()
            }
        )
        rfile = pfile.with_name(f"{run}.json")
        if rfile.exists():
            row.update(_flatten(json.loads(rfile.read_text(encoding="utf-8"))))
        rows.append(row)
    return pd.DataFrame(rows).set_index("run") if rows else pd.DataFrame()


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out
