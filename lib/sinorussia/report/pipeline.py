"""Execute the notebooks (papermill, two at a time, cached on their inputs) and publish the report.

    notebooks/NN_slug.ipynb --papermill--> build/executed/NN_slug.ipynb (+ NN_slug.cache.json)
                            --publish-->   build/report.html (+ build/mathjax/) --chromium--> build/report.pdf

A notebook is executed again only when its cache key changes. The key hashes
  * its source (cell types, sources and tags; not outputs or metadata),
  * the parameters it is given (notebooks/parameters.yaml and `-p name=value`),
  * the library (lib/sinorussia/**/*.py and styles/, except report/: the machinery that runs the
    chapters from outside never runs inside a notebook),
  * the data it may read (data/processed/*.csv, data/curated/**, data/catalog.yaml, seeds/*.yaml),
  * the kernel name and the keys of the notebooks it depends on (`depends_on:` in parameters.yaml).
Everything in this module that runs on a no-change rebuild is stdlib + PyYAML, so such a rebuild
takes well under a second; papermill/nbformat (about 3 s to import) are imported only to execute.

Outputs are written to a temporary file and then moved into place, so a failure never leaves a
half-written report: the previous build/report.html and build/report.pdf stay as they were.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .. import paths
from ..fsio import atomic_write_text
from ..errors import ParameterError, WorkbookError

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
PARAMETERS_FILE = "parameters.yaml"
KERNEL = "sinorussia"
CELL_TIMEOUT = 300  # seconds per cell
WORKERS = 2
# Bump when a change here alters what an executed notebook contains (invalidates every cache entry).
PIPELINE_VERSION = "1"
_RESERVED_KEYS = {"depends_on", "report"}

Log = Callable[[str], None]


class NotebookFailed(WorkbookError):
    """A notebook raised while executing; the message names the notebook, the cell and the error."""


# --------------------------------------------------------------------------------------------
# Reading notebooks (plain JSON: nbformat costs ~2 s to import, which a no-change build avoids)
# --------------------------------------------------------------------------------------------

def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


_NONLITERAL = object()


@dataclass
class NotebookInfo:
    name: str  # the file stem, e.g. 02_economics
    path: Path
    title: str
    defaults: dict  # parameter -> default literal (_NONLITERAL when not a plain literal)
    source_hash: str

    @property
    def has_parameters(self) -> bool:
        return bool(self.defaults)


def read_json(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WorkbookError(f"{path}: not a readable notebook ({exc})") from exc


def parameter_defaults(cells: list[dict], where: str) -> dict:
    """The `parameters`-tagged cell's assignments -> {name: literal default}."""
    cell = next((c for c in cells if c.get("cell_type") == "code" and "parameters" in _tags(c)), None)
    if cell is None:
        return {}
    try:
        tree = ast.parse(_src(cell))
    except SyntaxError as exc:
        raise ParameterError(f"{where}: the parameters cell is not valid Python ({exc.msg}, line {exc.lineno})") from exc
    out: dict = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError):
            literal = _NONLITERAL
        for t in targets:
            if isinstance(t, ast.Name):
                out[t.id] = literal
    return out


def source_hash(nb: dict) -> str:
    """Code + markdown + tags, ignoring outputs, execution counts and metadata."""
    parts = [[c.get("cell_type"), _src(c), sorted(_tags(c))] for c in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def notebook_title(nb: dict, fallback: str) -> str:
    for c in nb.get("cells", []):
        if c.get("cell_type") == "markdown":
            m = _H1.search(_src(c))
            if m:
                return m.group(1).strip()
    return fallback


def discover(notebooks_dir: Path) -> list[NotebookInfo]:
    """Every notebooks/NN_slug.ipynb, in report order (sorted by name)."""
    out = []
    for path in sorted(Path(notebooks_dir).glob(NOTEBOOK_GLOB)):
        nb = read_json(path)
        cells = nb.get("cells", [])
        out.append(NotebookInfo(name=path.stem, path=path, title=notebook_title(nb, path.stem),
                                defaults=parameter_defaults(cells, f"{path.name}"), source_hash=source_hash(nb)))
    return out


# --------------------------------------------------------------------------------------------
# Parameters: notebooks/parameters.yaml and the command line, validated before anything runs
# --------------------------------------------------------------------------------------------

@dataclass
class Settings:
    """notebooks/parameters.yaml: `NN_slug: {name: value}` per notebook, plus two reserved keys:
    `depends_on: {NN_slug: [MM_other, ...]}` and `report: {title:, subtitle:, hide_all_inputs:}`."""
    overrides: dict[str, dict] = field(default_factory=dict)
    depends_on: dict[str, list[str]] = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    source: Path | None = None
    notebook_names: set[str] = field(default_factory=set)  # every notebook in the folder (not only selected)


def load_settings(path: Path | None) -> Settings:
    if path is None or not Path(path).is_file():
        return Settings(source=None)
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected a mapping of notebook name -> parameters")
    s = Settings(source=Path(path))
    for key, value in data.items():
        key = str(key)
        if key == "depends_on":
            value = value or {}
            if not isinstance(value, dict):
                raise ParameterError(f"{path}: depends_on must map a notebook to a list of notebooks")
            s.depends_on = {str(k): [str(x) for x in ([v] if isinstance(v, str) else (v or []))] for k, v in value.items()}
        elif key == "report":
            if value is not None and not isinstance(value, dict):
                raise ParameterError(f"{path}: report must be a mapping (title, subtitle, hide_all_inputs)")
            s.report = dict(value or {})
        else:
            if value is not None and not isinstance(value, dict):
                raise ParameterError(f"{path}: the parameters of {key} must be a mapping name: value, not {value!r}")
            s.overrides[key] = dict(value or {})
    return s


@dataclass
class CliParam:
    notebook: str | None  # None = every notebook that has this parameter
    name: str
    value: object
    raw: str


def parse_cli_params(items: list[str] | tuple[str, ...]) -> list[CliParam]:
    """`name=value` or `NN_slug.name=value`; the value is parsed as a YAML literal."""
    import yaml

    out = []
    for item in items or ():
        if "=" not in item:
            raise ParameterError(f"-p {item!r}: write -p name=value (or -p NN_slug.name=value)")
        lhs, raw = item.split("=", 1)
        lhs = lhs.strip()
        nb, _, name = lhs.rpartition(".")
        if not name.isidentifier():
            raise ParameterError(f"-p {item!r}: {name!r} is not a parameter name")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        out.append(CliParam(notebook=nb or None, name=name, value=value, raw=raw))
    return out


def _type_name(v) -> str:
    return {bool: "a boolean", int: "a whole number", float: "a number", str: "a string", list: "a list",
            tuple: "a list", dict: "a mapping"}.get(type(v), type(v).__name__)


def _type_ok(default, value) -> bool:
    if default is _NONLITERAL or default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, (list, tuple)):
        if not isinstance(value, (list, tuple)):
            return False
        kinds = {type(x) for x in default}
        if len(kinds) == 1:
            return all(_type_ok(default[0], v) for v in value)
        return True
    if isinstance(default, dict):
        return isinstance(value, dict)
    return type(value) is type(default)


def check_parameter(info: NotebookInfo, name: str, value, origin: str):
    """Return the value to inject, or raise ParameterError naming the notebook and the parameter."""
    if name not in info.defaults:
        known = ", ".join(sorted(info.defaults)) or "none: it has no cell tagged parameters"
        raise ParameterError(f"notebook {info.name}: unknown parameter '{name}' (from {origin}); "
                             f"its parameters cell defines: {known}")
    default = info.defaults[name]
    if isinstance(default, str) and not isinstance(value, str) and isinstance(value, (int, float, bool)) \
            and origin == "the command line":
        value = str(value)  # `-p scenario=2030` for a string parameter means the text "2030"
    if not _type_ok(default, value):
        raise ParameterError(f"notebook {info.name}: parameter '{name}' must be {_type_name(default)} like its "
                             f"default {default!r}, not {value!r} ({_type_name(value)}; from {origin})")
    if isinstance(value, tuple):
        value = list(value)
    return value


def resolve_parameters(notebooks: list[NotebookInfo], settings: Settings, cli: list[CliParam]
                       ) -> tuple[dict[str, dict], dict[str, dict]]:
    """-> (overrides per notebook, origin of each override). Raises before anything runs."""
    by_name = {nb.name: nb for nb in notebooks}
    where = settings.source or PARAMETERS_FILE
    overrides: dict[str, dict] = {nb.name: {} for nb in notebooks}
    origins: dict[str, dict] = {nb.name: {} for nb in notebooks}
    for nb_name, params in settings.overrides.items():
        if nb_name not in by_name:
            if nb_name in settings.notebook_names:
                continue  # outside an --only selection
            raise ParameterError(f"{where}: no notebook named '{nb_name}' (notebooks: {', '.join(by_name) or 'none'})")
        for k, v in params.items():
            overrides[nb_name][k] = check_parameter(by_name[nb_name], str(k), v, str(where))
            origins[nb_name][k] = "parameters.yaml"
    for p in cli:
        if p.notebook is not None:
            if p.notebook not in by_name:
                raise ParameterError(f"-p {p.notebook}.{p.name}: no notebook named '{p.notebook}' in this build "
                                     f"(notebooks: {', '.join(by_name)})")
            targets = [by_name[p.notebook]]
        else:
            targets = [nb for nb in notebooks if p.name in nb.defaults]
            if not targets:
                lst = "; ".join(f"{nb.name}: {', '.join(sorted(nb.defaults)) or '(none)'}" for nb in notebooks)
                raise ParameterError(f"-p {p.name}: no notebook has a parameter '{p.name}' (parameters by notebook — {lst})")
        for nb in targets:
            overrides[nb.name][p.name] = check_parameter(nb, p.name, p.value, "the command line")
            origins[nb.name][p.name] = "command line"
    return overrides, origins


def effective_parameters(info: NotebookInfo, overrides: dict) -> dict:
    out = {k: (v if v is not _NONLITERAL else "(expression)") for k, v in info.defaults.items()}
    out.update(overrides)
    return out


# --------------------------------------------------------------------------------------------
# Cache keys
# --------------------------------------------------------------------------------------------

def _hash_files(h, files: list[Path], base: Path) -> None:
    for f in sorted(files):
        try:
            data = f.read_bytes()
        except OSError:
            continue
        h.update(str(f.relative_to(base)).encode() + b"\0")
        h.update(hashlib.sha256(data).digest())


def library_files() -> list[Path]:
    """The library files a notebook may run: every module and style except report/, the machinery that runs
    the chapters from outside (editing it must not re-execute them; _template_hash covers it instead)."""
    pkg = paths.PACKAGE_DIR
    files = [p for p in pkg.rglob("*.py") if (pkg / "report") not in p.parents]
    files += [p for p in (pkg / "styles").rglob("*") if p.is_file()]
    return [p for p in files if "__pycache__" not in p.parts]


def data_files() -> list[Path]:
    files = list(paths.PROCESSED_DIR.glob("*.csv"))
    if paths.CURATED_DIR.is_dir():
        files += [p for p in paths.CURATED_DIR.rglob("*") if p.is_file()]
    files += list(paths.SEEDS_DIR.glob("*.yaml")) + list(paths.SEEDS_DIR.glob("*.yml"))
    if paths.RAW_CATALOG.is_file():
        files.append(paths.RAW_CATALOG)
    return files


def environment_hash() -> str:
    """The library code and the data a notebook may read."""
    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\0".encode())
    _hash_files(h, library_files() + data_files(), paths.ROOT)
    return h.hexdigest()


def cache_key(info: NotebookInfo, overrides: dict, env_hash: str, kernel: str, dep_keys: list[str]) -> str:
    blob = json.dumps({"source": info.source_hash, "parameters": overrides, "env": env_hash,
                       "kernel": kernel, "deps": dep_keys}, sort_keys=True, default=repr)
    return hashlib.sha256(blob.encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# Plan: which notebooks, in what dependency order, with which parameters and keys
# --------------------------------------------------------------------------------------------

@dataclass
class Job:
    info: NotebookInfo
    overrides: dict
    origins: dict
    parameters: dict  # effective: defaults updated with overrides
    deps: list[str]
    key: str = ""


def _select(notebooks: list[NotebookInfo], only: list[str] | tuple[str, ...]) -> list[NotebookInfo]:
    if not only:
        return notebooks
    chosen = set()
    for want in only:
        hits = [nb.name for nb in notebooks if nb.name == want] or \
               [nb.name for nb in notebooks if nb.name.startswith(want)]
        if len(hits) != 1:
            what = "no notebook" if not hits else f"several notebooks ({', '.join(hits)})"
            raise WorkbookError(f"--only {want}: {what} match; notebooks: {', '.join(nb.name for nb in notebooks)}")
        chosen.add(hits[0])
    return [nb for nb in notebooks if nb.name in chosen]


def plan(notebooks_dir: Path, *, params_file: Path | None = None, cli_params=(), only=(),
         kernel: str = KERNEL, env_hash: str | None = None) -> tuple[list[Job], Settings]:
    notebooks_dir = Path(notebooks_dir)
    every = discover(notebooks_dir)
    if not every:
        raise WorkbookError(f"no notebooks in {notebooks_dir} match {NOTEBOOK_GLOB} (expected NN_slug.ipynb files)")
    settings = load_settings(params_file if params_file is not None else notebooks_dir / PARAMETERS_FILE)
    names = {nb.name for nb in every}
    for nb_name, deps in settings.depends_on.items():
        for d in [nb_name, *deps]:
            if d not in names:
                raise WorkbookError(f"{settings.source}: depends_on names '{d}', which is not a notebook "
                                    f"(notebooks: {', '.join(sorted(names))})")
    selected = _select(every, only)
    # --only X also runs what X depends on (declared in parameters.yaml), transitively
    want = {nb.name for nb in selected}
    stack = list(want)
    while stack:
        for d in settings.depends_on.get(stack.pop(), []):
            if d not in want:
                want.add(d)
                stack.append(d)
    selected = [nb for nb in every if nb.name in want]
    settings.notebook_names = names
    cli = parse_cli_params(list(cli_params))
    overrides, origins = resolve_parameters(selected, settings, cli)
    env_hash = env_hash or environment_hash()
    jobs = {nb.name: Job(nb, overrides[nb.name], origins[nb.name], effective_parameters(nb, overrides[nb.name]),
                         settings.depends_on.get(nb.name, [])) for nb in selected}
    # keys in dependency order (a cycle is an error)
    done: dict[str, str] = {}
    visiting: set[str] = set()

    def key_of(name: str) -> str:
        if name in done:
            return done[name]
        if name in visiting:
            raise WorkbookError(f"depends_on in {settings.source} has a cycle through {name}")
        visiting.add(name)
        job = jobs[name]
        job.key = cache_key(job.info, job.overrides, env_hash, kernel, [key_of(d) for d in job.deps])
        visiting.discard(name)
        done[name] = job.key
        return job.key

    for name in jobs:
        key_of(name)
    return list(jobs.values()), settings


# --------------------------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    status: str  # executed | cached | failed | skipped
    seconds: float = 0.0  # wall time of this run (0 for cached)
    executed_seconds: float = 0.0  # how long the execution took when it happened
    executed_at: str = ""
    error: str = ""


def cache_record_path(build_dir: Path, name: str) -> Path:
    return Path(build_dir) / "executed" / f"{name}.cache.json"


def executed_path(build_dir: Path, name: str) -> Path:
    return Path(build_dir) / "executed" / f"{name}.ipynb"


def read_cache_record(build_dir: Path, name: str) -> dict | None:
    try:
        return json.loads(cache_record_path(build_dir, name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def is_current(build_dir: Path, job: Job) -> bool:
    rec = read_cache_record(build_dir, job.info.name)
    return bool(rec) and rec.get("key") == job.key and executed_path(build_dir, job.info.name).is_file()


def skip_slow_jsonschema_formats() -> None:
    """nbformat -> jsonschema imports rfc3987-syntax when installed, which builds a Lark grammar at import
    time (~2 s) for the 'iri' string formats that notebook schemas never use. Skipping it in this
    process (and the forked workers) makes papermill/nbconvert load in ~1 s instead of ~3 s."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  (import -> ImportError)


def check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise WorkbookError(
            f"the Jupyter kernel '{kernel}' is not registered. Run `make setup`, or "
            f"`{sys.executable} -m ipykernel install --sys-prefix --name {kernel}`.") from None


def _run_one(path: str, out: str, parameters: dict, cwd: str, kernel: str, timeout: int) -> dict:
    """Runs in a worker process: one papermill execution (one kernel start)."""
    import logging

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silence ipykernel's debugger warning
    logging.getLogger("papermill").setLevel(logging.ERROR)
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    # the kernel inherits this process's stderr: send its chatter to a log beside the output instead
    log_path = Path(out).with_name(Path(out).name.split(".running")[0].lstrip(".") + ".kernel.log")
    saved = os.dup(2)
    try:
        with open(log_path, "w") as log:
            os.dup2(log.fileno(), 2)
        return _execute_logged(pm, PapermillExecutionError, path, out, parameters, cwd, kernel, timeout, t0)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _execute_logged(pm, PapermillExecutionError, path, out, parameters, cwd, kernel, timeout, t0) -> dict:
    try:
        pm.execute_notebook(path, out, parameters=parameters, kernel_name=kernel, cwd=cwd,
                            progress_bar=False, log_output=False, execution_timeout=timeout, start_timeout=120)
    except PapermillExecutionError as exc:
        return {"ok": False, "seconds": time.perf_counter() - t0, "cell_index": exc.cell_index,
                "exec_count": exc.exec_count, "source": exc.source, "ename": exc.ename, "evalue": exc.evalue}
    except BaseException as exc:  # timeout, dead kernel, unreadable notebook …
        return {"ok": False, "seconds": time.perf_counter() - t0, "cell_index": None, "exec_count": None,
                "source": None, "ename": type(exc).__name__, "evalue": str(exc).strip().splitlines()[0] if str(exc).strip() else ""}
    return {"ok": True, "seconds": time.perf_counter() - t0}


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _describe_failure(name: str, source_path: Path, partial: Path | None, r: dict) -> str:
    """notebook + cell (index, counted from 1 in the source notebook, and its first line) + ename: evalue."""
    cells = []
    if partial and partial.is_file():
        try:
            cells = json.loads(partial.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, json.JSONDecodeError):
            cells = []
    # papermill's cell index counts the injected-parameters cell but not the error banners it adds
    cells = [c for c in cells if "papermill-error-cell-tag" not in _tags(c)]
    idx = r.get("cell_index")
    if idx is None and cells:  # locate the cell papermill was running when it stopped
        for i, c in enumerate(cells):
            if c.get("metadata", {}).get("papermill", {}).get("status") in ("running", "failed"):
                idx = i
                break
    source = r.get("source")
    if idx is not None and cells and 0 <= idx < len(cells) and not source:
        source = _src(cells[idx])
    # map the executed notebook's index back to the source notebook (papermill inserts cells)
    src_idx = idx
    if idx is not None and cells:
        inserted = sum(1 for c in cells[:idx] if "injected-parameters" in _tags(c))
        src_idx = idx - inserted
    first = next((ln.strip() for ln in (source or "").splitlines() if ln.strip()), "")
    if len(first) > 100:
        first = first[:97] + "…"
    where = f"cell {src_idx + 1} of {source_path.name} (counting from 1" if src_idx is not None else "a cell"
    if src_idx is not None:
        ec = r.get("exec_count")
        where += f"; In [{ec}]" if ec else ""
        where += ")"
    line = f": `{first}`" if first else ""
    err = _ANSI.sub("", f"{r.get('ename')}: {r.get('evalue')}").strip()
    return f"notebook {name} failed in {where}{line} — {err}"


def execute(jobs: list[Job], build_dir: Path, *, notebooks_dir: Path, workers: int = WORKERS,
            timeout: int = CELL_TIMEOUT, kernel: str = KERNEL, force: bool = False, log: Log = print
            ) -> list[Result]:
    """Run every job whose cache is stale, two at a time, respecting depends_on; raise NotebookFailed."""
    build_dir = Path(build_dir)
    exe_dir = build_dir / "executed"
    failed_dir = build_dir / "failed"
    results: dict[str, Result] = {}
    w = name_width(j.info.name for j in jobs)
    todo = []
    for job in jobs:
        if not force and is_current(build_dir, job):
            rec = read_cache_record(build_dir, job.info.name) or {}
            results[job.info.name] = Result(job.info.name, "cached", 0.0, rec.get("seconds", 0.0), rec.get("executed_at", ""))
            log(f"  · {job.info.name:<{w}} cached (inputs unchanged)")
        else:
            todo.append(job)
    if todo:
        check_kernel(kernel)
        exe_dir.mkdir(parents=True, exist_ok=True)
        skip_slow_jsonschema_formats()
        import papermill  # noqa: F401  (imported once here, inherited by the forked workers)
        import multiprocessing as mp
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        pending = {j.info.name: j for j in todo}
        running: dict = {}
        failures: list[str] = []
        started: dict[str, float] = {}
        with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))), mp_context=mp.get_context("fork")) as pool:
            while pending or running:
                if not failures:
                    for name in list(pending):
                        if len(running) >= workers:
                            break
                        job = pending[name]
                        deps_state = [results.get(d) for d in job.deps if d in {j.info.name for j in jobs}]
                        if any(s is None or s.status in ("failed", "skipped") for s in deps_state):
                            if any(s is not None and s.status in ("failed", "skipped") for s in deps_state):
                                results[name] = Result(name, "skipped", error="a notebook it depends on failed")
                                del pending[name]
                            continue
                        tmp_out = exe_dir / f".{name}.running-{os.getpid()}.ipynb"
                        fut = pool.submit(_run_one, str(job.info.path), str(tmp_out), job.overrides,
                                          str(Path(notebooks_dir).resolve()), kernel, timeout)
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
                        r = {"ok": False, "seconds": wall, "cell_index": None, "ename": type(exc).__name__, "evalue": str(exc)}
                    if r["ok"]:
                        # the worker wrote the whole notebook to tmp_out; a rename publishes it (not
                        # fsio: the file is filled in another process, and kept in failed/ if it fails)
                        os.replace(tmp_out, executed_path(build_dir, name))
                        now = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
                        atomic_write_text(cache_record_path(build_dir, name), json.dumps({
                            "name": name, "key": job.key, "title": job.info.title, "parameters": job.parameters,
                            "overrides": job.overrides, "origins": job.origins, "seconds": round(wall, 2),
                            "executed_at": now, "kernel": kernel, "source": str(job.info.path),
                        }, indent=1, default=repr))
                        (failed_dir / f"{name}.ipynb").unlink(missing_ok=True)
                        results[name] = Result(name, "executed", wall, wall, now)
                        log(f"  ✓ {name:<{w}} executed in {wall:.1f} s")
                    else:
                        failed_dir.mkdir(parents=True, exist_ok=True)
                        kept = failed_dir / f"{name}.ipynb"
                        if tmp_out.is_file():
                            os.replace(tmp_out, kept)
                        msg = _describe_failure(name, job.info.path, kept if kept.is_file() else None, r)
                        if kept.is_file():
                            msg += f"\n  the partly executed notebook is kept at {kept}"
                        failures.append(msg)
                        results[name] = Result(name, "failed", wall, wall, error=msg)
                        log(f"  ✗ {name:<{w}} FAILED after {wall:.1f} s")
        if failures:
            out = [results[j.info.name] for j in jobs if j.info.name in results]
            raise_failed = NotebookFailed("\n".join(failures) + "\nThe previous report (if any) is untouched.")
            raise_failed.results = out  # type: ignore[attr-defined]
            raise raise_failed
    return [results[j.info.name] for j in jobs]


def name_width(names) -> int:
    return max([28, *(len(n) + 1 for n in names)])


def summary_table(results: list[Result]) -> str:
    w = name_width(r.name for r in results)
    lines = [f"  {'notebook':<{w}} {'status':<9} {'seconds':>8}"]
    for r in results:
        extra = f"   (executed in {r.executed_seconds:.1f} s on {r.executed_at[:16].replace('T', ' ')})" \
            if r.status == "cached" and r.executed_at else ""
        lines.append(f"  {r.name:<{w}} {r.status:<9} {r.seconds:>8.1f}{extra}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The whole build
# --------------------------------------------------------------------------------------------

def git_describe(root: Path = paths.ROOT) -> str:
    """The commit (12 hex digits) with '-dirty' when the work tree has uncommitted changes; '' without git."""
    try:
        # The nbstripout clean filter would run (slowly) on every notebook whose stat info git has not
        # cached, e.g. in a fresh clone; comparing raw bytes is enough to call the tree dirty.
        out = subprocess.run(["git", "-C", str(root), "-c", "filter.nbstripout.clean=cat", "-c",
                              "filter.nbstripout.smudge=cat", "describe", "--always", "--dirty", "--abbrev=12"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


@dataclass
class BuildResult:
    results: list[Result]
    html: Path | None
    pdf: Path | None
    html_rebuilt: bool
    pdf_rebuilt: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _template_hash() -> str:
    """report/ (its modules and templates), which shapes the HTML and the PDF but is outside the notebooks' keys.
    All of it rather than a hand-kept list of the page's modules: a list goes stale when a module is added, and
    an edit to the machinery then costs one re-assembly and re-print (seconds), never a re-execution."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    files = list(here.glob("*.py")) + [p for p in (here / "templates").rglob("*") if p.is_file()]
    _hash_files(h, files, here)
    return h.hexdigest()


def build_report(notebooks_dir: Path | None = None, build_dir: Path | None = None, *, cli_params=(), only=(),
                 params_file: Path | None = None, workers: int = WORKERS, timeout: int = CELL_TIMEOUT,
                 kernel: str = KERNEL, force: bool = False, pdf: bool = True, show_code: bool | None = None,
                 log: Log = print) -> BuildResult:
    """Execute (cached) and publish build/report.html and build/report.pdf. Raises WorkbookError subclasses."""
    t0 = time.perf_counter()
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    build_dir = Path(build_dir or paths.BUILD_DIR).resolve()
    env_hash = environment_hash()
    jobs, settings = plan(notebooks_dir, params_file=params_file, cli_params=cli_params, only=only,
                          kernel=kernel, env_hash=env_hash)
    log(f"Report: {len(jobs)} notebook(s) from {notebooks_dir} -> {build_dir}")
    build_dir.mkdir(parents=True, exist_ok=True)
    state_path = build_dir / "last-build.json"
    try:
        results = execute(jobs, build_dir, notebooks_dir=notebooks_dir, workers=workers, timeout=timeout,
                          kernel=kernel, force=force, log=log)
    except NotebookFailed as exc:
        res = getattr(exc, "results", [])
        log("\n" + summary_table(res))
        atomic_write_text(state_path, json.dumps({"ok": False, "results": [r.__dict__ for r in res],
                                                   "error": str(exc)}, indent=1))
        raise
    hide_all = settings.report.get("hide_all_inputs", True) if show_code is None else not show_code
    commit = git_describe()
    html_path, pdf_path = build_dir / "report.html", build_dir / "report.pdf"
    assembly_key = hashlib.sha256(json.dumps({
        "chapters": [(j.info.name, j.key) for j in jobs], "env": env_hash, "templates": _template_hash(),
        "commit": commit, "report": settings.report, "hide_all": hide_all, "partial": bool(only),
    }, sort_keys=True, default=repr).encode()).hexdigest()
    state_file = build_dir / ".report-state.json"
    try:
        state = json.loads(state_file.read_text())
    except (OSError, json.JSONDecodeError):
        state = {}
    warnings: list[str] = []
    html_rebuilt = pdf_rebuilt = False
    w = name_width(j.info.name for j in jobs)
    if state.get("html") != assembly_key or not html_path.is_file():
        from . import publish

        t1 = time.perf_counter()
        publish.publish(jobs, results, build_dir, html_path, settings=settings, hide_all_inputs=hide_all,
                        commit=commit, partial=bool(only))
        html_rebuilt = True
        state = {"html": assembly_key}
        atomic_write_text(state_file, json.dumps(state))
        log(f"  ✓ {'report.html':<{w}} assembled in {time.perf_counter() - t1:.1f} s")
    else:
        log(f"  · {'report.html':<{w}} up to date")
    if pdf:
        from . import pdf as pdfmod

        if state.get("pdf") == assembly_key and pdf_path.is_file():
            log(f"  · {'report.pdf':<{w}} up to date")
        else:
            browser = pdfmod.find_browser()
            if browser is None:
                warnings.append(pdfmod.NO_BROWSER_MESSAGE)
            else:
                t1 = time.perf_counter()
                pdfmod.print_pdf(html_path, pdf_path, browser)
                pdf_rebuilt = True
                state["pdf"] = assembly_key
                atomic_write_text(state_file, json.dumps(state))
                log(f"  ✓ {'report.pdf':<{w}} printed in {time.perf_counter() - t1:.1f} s")
    total = time.perf_counter() - t0
    atomic_write_text(state_path, json.dumps({"ok": True, "results": [r.__dict__ for r in results],
                                               "html_rebuilt": html_rebuilt, "pdf_rebuilt": pdf_rebuilt,
                                               "seconds": round(total, 3)}, indent=1))
    log("\n" + summary_table(results))
    log(f"  {'total':<{w}} {'':<9} {total:>8.1f}")
    for w in warnings:
        log(f"\nwarning: {w}")
    out_pdf = pdf_path if pdf_path.is_file() and pdf and not warnings else None
    log(f"\nWrote {html_path}" + (f" and {pdf_path.name}" if out_pdf else ""))
    return BuildResult(results, html_path, out_pdf, html_rebuilt, pdf_rebuilt, total, warnings)
