"""A failed notebook in one paragraph: which notebook, which cell (counted from 1, with its first line), and
what happened, in words that say what to do when it was not the notebook's own code that raised (a cell
timeout and how to allow more time, a dead kernel and where its log is, a dead worker).
"""

from __future__ import annotations

import json
from pathlib import Path

from .notebooks import cell_source, cell_tags, strip_ansi


def _what_happened(r: dict, name: str) -> str:
    """The error, in words that say what to do when it is not an exception raised by the notebook's code."""
    ename, evalue = str(r.get("ename") or ""), str(r.get("evalue") or "")
    if ename in ("CellTimeoutError", "TimeoutError") or "timed out" in evalue:
        t = r.get("timeout")
        limit = f"the {t} s" if t else "the time"
        more = f"{max(2 * int(t), 600)}" if t else "600"
        return (
            f"timeout: the cell ran longer than {limit} allowed per cell; allow more with "
            f"`make report PARAMS='--timeout {more}'` (or `--timeout {more}`)"
        )
    if ename == "DeadKernelError" or "kernel died" in evalue.lower():
        return (
            "the kernel died while running the cell (the process exited: os._exit, a crash in compiled code, "
            f"or out of memory); its last words are in {r.get('kernel_log') or f'build/executed/{name}.kernel.log'}"
        )
    if ename in ("BrokenProcessPool", "BrokenExecutor"):
        return "the worker process executing it died (killed, or out of memory)"
    return strip_ansi(f"{ename}: {evalue}").strip()


def describe_failure(name: str, source_path: Path, partial: Path | None, r: dict) -> str:
    """notebook + cell (index, counted from 1 in the source notebook, and its first line) + what happened."""
    cells = []
    if partial and partial.is_file():
        try:
            cells = json.loads(partial.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):
            cells = []
    # papermill's cell index counts the injected-parameters cell but not the error banners it adds
    cells = [c for c in cells if isinstance(c, dict) and "papermill-error-cell-tag" not in cell_tags(c)]
    idx = r.get("cell_index")
    if idx is None and cells:
        # a timeout or a dead kernel carries no cell: it is the last cell papermill started (it marks even
        # that one "completed" when the run is cut short; the cells after it stay "pending")
        started = [
            i
            for i, c in enumerate(cells)
            if (c.get("metadata", {}).get("papermill") or {}).get("start_time")
            or (c.get("metadata", {}).get("papermill") or {}).get("status") in ("running", "failed")
        ]
        idx = started[-1] if started else None
    source = r.get("source")
    if idx is not None and cells and 0 <= idx < len(cells) and not source:
        source = cell_source(cells[idx])
    # map the executed notebook's index back to the source notebook (papermill inserts cells)
    src_idx = idx
    if idx is not None and cells:
        inserted = sum(1 for c in cells[:idx] if "injected-parameters" in cell_tags(c))
        src_idx = idx - inserted
    first = next((ln.strip() for ln in (source or "").splitlines() if ln.strip()), "")
    if len(first) > 100:
        first = first[:97] + "…"
    where = f"cell {src_idx + 1} of {source_path.name} (counting from 1" if src_idx is not None else "a cell"
    if src_idx is not None:
        ec = r.get("exec_count")
        where += f"; In [{ec}]" if ec else ""
        where += ")"
    if src_idx is None:
        where += f" of {source_path.name} (it stopped before its first cell started)"
    line = f": `{first}`" if first else ""
    return f"notebook {name} failed in {where}{line} — {_what_happened(r, name)}"
