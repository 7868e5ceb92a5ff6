"""Parameter sweeps: run one notebook over a grid of parameter sets, on Dask, and compare the results.

`make sweep GRID=notebooks/sweeps/06_scenarios.yaml` (or `python -m sinorussia sweep GRID`) reads a
YAML file

    notebook: 06_scenarios
    fixed:   {n_draws: 5000}                     # the same in every run (optional)
    grid:    {prior_method: [icd_midpoint, survey_median], share_sd: [0.08, 0.16]}   # cartesian product
    runs:    [{prior_method: custom, custom_prior: [0.2, 0.2, 0.2, 0.2, 0.2]}]       # extra runs (optional)

validates its structure and every value against the notebook's `parameters` cell before anything runs
(a mistake is one line naming the grid file, the field and the fix), then submits one task per parameter
set to a Dask cluster: a LocalCluster of `workers` single-threaded worker processes by default, or the
running scheduler at `scheduler` (`make sweep SCHEDULER=tcp://host:8786`). Each task executes the
notebook with papermill in a temporary folder of its worker and returns the executed notebook and what
the run recorded with `record()`; the client writes them to build/sweep/<notebook>/run_NNN.* and gathers
build/sweep/<notebook>/comparison.csv. Because the results travel back with the task, workers need the
environment (the package, the kernel, the data) but no shared folder with the client.
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

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

GRID_KEYS = ("notebook", "fixed", "grid", "runs")
CONNECT_TIMEOUT = "10s"  # how long to wait for a given scheduler before saying it cannot be reached


def read_grid(grid_file: Path) -> tuple[str, list[dict]]:
    """The notebook name and the list of parameter sets a grid file describes (ParameterError naming the
    file, the field and the fix when its structure is wrong)."""
    grid_file = Path(grid_file)
    try:
        spec = yaml.safe_load(grid_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParameterError(f"{grid_file}: not a readable YAML grid ({first})") from None
    if not isinstance(spec, dict):
        raise ParameterError(
            f"{grid_file}: a grid file is a mapping with keys {', '.join(GRID_KEYS)}, not {_kind(spec)}; "
            "see notebooks/sweeps/06_scenarios.yaml"
        )
    unknown = sorted(str(k) for k in set(spec) - set(GRID_KEYS))
    if unknown:
        raise ParameterError(f"{grid_file}: unknown key(s) {unknown}; a grid file has only {', '.join(GRID_KEYS)}")
    if "notebook" not in spec:
        raise ParameterError(f"{grid_file}: missing notebook: add `notebook: 06_scenarios` (a name or prefix)")
    notebook = spec["notebook"]
    if isinstance(notebook, int) and not isinstance(notebook, bool):  # YAML reads `notebook: 06` as 6
        notebook = f"{notebook:02d}"
    if not isinstance(notebook, str) or not notebook.strip():
        raise ParameterError(f"{grid_file}: notebook must be a notebook name like 06_scenarios, not {notebook!r}")
    fixed, grid, extra = (spec.get(k) for k in ("fixed", "grid", "runs"))
    fixed = {} if fixed is None else fixed
    grid = {} if grid is None else grid
    extra = [] if extra is None else extra
    if not isinstance(fixed, dict):
        raise ParameterError(f"{grid_file}: fixed must be a mapping name: value, not {_kind(fixed)}")
    if not isinstance(grid, dict):
        raise ParameterError(
            f"{grid_file}: grid must be a mapping name: [values], not {_kind(grid)}; e.g. grid: {{seed: [1, 2]}}"
        )
    for key, values in grid.items():
        if not isinstance(values, list):
            raise ParameterError(
                f"{grid_file}: grid.{key} must be a non-empty list of values, not {_kind(values)}; "
                f"write grid.{key}: [{values!r}] (or move it to fixed)"
            )
        if not values:
            raise ParameterError(f"{grid_file}: grid.{key} must be a non-empty list of values, it is empty")
    if not isinstance(extra, list) or not all(isinstance(r, dict) for r in extra):
        raise ParameterError(
            f"{grid_file}: runs must be a list of mappings (- name: value ...), not {_kind(extra)}"
            if not isinstance(extra, list)
            else f"{grid_file}: runs[{next(i for i, r in enumerate(extra) if not isinstance(r, dict))}] must be a "
            "mapping name: value"
        )
    empty = [i for i, r in enumerate(extra) if not r]
    if empty:
        raise ParameterError(f"{grid_file}: runs[{empty[0]}] is empty; give it at least one name: value")
    names = list(grid)
    combos = itertools.product(*(grid[n] for n in names)) if names else ()
    sets = [dict(fixed, **dict(zip(names, combo))) for combo in combos]
    sets += [dict(fixed, **run) for run in extra]
    if not sets:
        raise ParameterError(f"{grid_file}: no runs: the grid is empty; give a grid (grid: {{seed: [1, 2]}}) or runs")
    return notebook, sets


def _kind(value: object) -> str:
    return f"the {type(value).__name__} {value!r}" if value is not None else "empty"


def _notebook(name: str, notebooks_dir: Path, grid_file: Path | str = "the grid") -> NotebookInfo:
    infos = {i.name: i for i in discover(notebooks_dir)}
    match = [n for n in infos if n == name or n.startswith(name)]
    if len(match) != 1:
        raise ParameterError(
            f"{grid_file}: notebook {name!r} is {'ambiguous' if match else 'not found'} in {notebooks_dir}; "
            f"use one of {sorted(infos)}"
        )
    return infos[match[0]]


def check_grid(grid_file: Path, notebooks_dir: Path | None = None) -> tuple[NotebookInfo, list[dict]]:
    """The notebook and the checked parameter sets of a grid file; raises before anything runs."""
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    name, sets = read_grid(grid_file)
    info = _notebook(name, notebooks_dir, grid_file)
    if RESULTS_PARAMETER not in info.defaults:
        raise ParameterError(
            f"notebook {info.name} has no '{RESULTS_PARAMETER}' parameter, so a sweep cannot "
            f'collect its results; add `{RESULTS_PARAMETER} = ""` to its parameters cell'
        )
    checked = []
    for s in sets:
        if RESULTS_PARAMETER in s:
            raise ParameterError(f"{grid_file}: {RESULTS_PARAMETER} is set by the sweep itself; remove it")
        checked.append({k: check_parameter(info, k, v, f"{grid_file}") for k, v in s.items()})
    return info, checked


def run_point(notebook_text: str, params: dict, kernel: str, timeout: int) -> dict:
    """One grid point, on a Dask worker: papermill in a temporary folder; returns run_one's result with the
    executed notebook ("notebook"), the recorded results ("results") and the kernel log ("kernel_log")."""
    with tempfile.TemporaryDirectory(prefix="sinorussia-sweep-") as tmp:
        folder = Path(tmp)
        source, out, results = folder / "source.ipynb", folder / "run.ipynb", folder / "run.json"
        source.write_text(notebook_text, encoding="utf-8")
        res = run_one(str(source), str(out), dict(params, **{RESULTS_PARAMETER: str(results)}), tmp, kernel, timeout)
        for key, path in (("notebook", out), ("results", results), ("kernel_log", folder / "run.ipynb.kernel.log")):
            res[key] = path.read_text(encoding="utf-8") if path.is_file() else None
    return res


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """(client, cluster): the scheduler given, or a LocalCluster of `workers` one-thread processes."""
    from distributed import Client, LocalCluster

    # distributed logs every connection at INFO: the sweep reports its own progress, one line per run
    for name in [n for n in logging.root.manager.loggerDict if n.split(".")[0] in ("distributed", "tornado")]:
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise WorkbookError(
                f"sweep: cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'no answer'}); start it, check the address, "
                "or leave SCHEDULER empty for a local cluster"
            ) from None
    # one thread per worker: each task owns a kernel and redirects its process's stderr while it runs
    cluster = LocalCluster(
        n_workers=max(1, workers),
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: two sweeps (or a test run) side by side must not collide
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run_sweep(
    grid_file: Path,
    notebooks_dir: Path | None = None,
    out_dir: Path | None = None,
    workers: int = 2,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    log: Log = print,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Execute every parameter set of `grid_file` on Dask; return (and write) the comparison table."""
    info, checked = check_grid(grid_file, notebooks_dir)
    check_kernel(kernel)
    out_dir = Path(out_dir or paths.BUILD_DIR / "sweep") / info.name
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("run_*"):
        old.unlink()
    for i, params in enumerate(checked, 1):
        atomic_write_text(out_dir / f"run_{i:03d}.parameters.json", json.dumps(params, sort_keys=True))
    text = info.path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    client, cluster = _client(scheduler, workers)
    where = f"the Dask scheduler at {scheduler}" if scheduler else f"a local Dask cluster of {max(1, workers)} workers"
    log(f"Sweep of {info.name}: {len(checked)} parameter sets on {where} → {out_dir}")
    failures = []
    try:
        from distributed import as_completed

        futures = {
            client.submit(
                run_point,
                text,
                params,
                kernel,
                timeout,
                pure=False,
                key=f"sweep-{info.name}-run_{i:03d}-{time.time_ns()}",
            ): (i, params)
            for i, params in enumerate(checked, 1)
        }
        for fut in as_completed(futures):
            i, params = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # the worker died or the task could not run: this run fails, the others go on
                text_ = str(exc).strip()
                res = {
                    "ok": False,
                    "seconds": float("nan"),
                    "ename": type(exc).__name__,
                    "evalue": text_.splitlines()[0] if text_ else "",
                }
            run = out_dir / f"run_{i:03d}"
            for key, suffix in (("notebook", ".ipynb"), ("results", ".json"), ("kernel_log", ".kernel.log")):
                if res.get(key) is not None:
                    atomic_write_text(run.with_suffix(suffix), res[key])
            status = {k: v for k, v in res.items() if k not in ("notebook", "results", "kernel_log", "source")}
            atomic_write_text(run.with_suffix(".status.json"), json.dumps(status, sort_keys=True, default=str))
            ok = "ok" if res["ok"] else f"FAILED in cell {res.get('exec_count')}: {res['ename']}: {res['evalue']}"
            log(f"  run_{i:03d} {ok} ({res['seconds']:.1f} s)  {params}")
            if not res["ok"]:
                failures.append(f"run_{i:03d} ({params}): {res['ename']}: {res['evalue']}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    table = collect(out_dir)
    atomic_write(out_dir / "comparison.csv", table.to_csv)
    log(f"Wrote {out_dir / 'comparison.csv'} ({len(table)} runs, {time.perf_counter() - t0:.1f} s)")
    if failures:
        raise WorkbookError(
            f"{len(failures)} of {len(checked)} sweep runs failed; executed notebooks with the error "
            f"are kept in {out_dir}:\n  " + "\n  ".join(sorted(failures))
        )
    return table


def run_seconds(out_dir: Path) -> dict[str, float]:
    """run -> seconds its papermill execution took (from run_NNN.status.json), for the benchmark."""
    return {
        p.name.split(".")[0]: float(json.loads(p.read_text(encoding="utf-8"))["seconds"])
        for p in sorted(Path(out_dir).glob("run_*.status.json"))
    }


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
