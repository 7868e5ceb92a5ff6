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

from .. import paths
from ..errors import WorkbookError
from ..fsio import atomic_write_text
from .execute import Log
from .notebooks import NOTEBOOK_GLOB
from .plan import KERNEL
from .settings import PARAMETERS_FILE

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


def run_bench(
    notebooks_dir: Path | None = None,
    *,
    out: Path | None = None,
    touch: str | None = None,
    pdf: bool = True,
    log: Log = print,
) -> dict:
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
    log(f"Wrote {out}")
    return result
