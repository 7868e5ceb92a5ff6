"""Seminar copies of the notebooks.

build/seminar/student/NN_slug.ipynb  outputs cleared; each cell tagged `solution` replaced by a
                                     markdown prompt (and an empty code cell to write in)
build/seminar/teacher/NN_slug.ipynb  executed, solutions kept (reused from build/executed/ when
                                     the cache is current, otherwise executed now)
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable
from pathlib import Path

from .. import paths
from ..fsio import atomic_write_text
from .cache import executed_path
from .execute import CELL_TIMEOUT, WORKERS, Log, execute
from .guard import build_lock, clean_temp_files, guarded
from .notebooks import cell_source, cell_tags, discover, read_json
from .plan import KERNEL, plan

PROMPT = (
    "✏️ **Your solution here** (exercise {n}): write it in the empty code cell below. "
    "This exercise's solution is in the teacher copy."
)
STARTER = "# Exercise {n}: your code here\n"
_DROP_CELL_META = ("papermill", "execution", "collapsed", "scrolled", "ExecuteTime")


def _new_id() -> str:
    return uuid.uuid4().hex[:8]


def student_copy(nb: dict) -> tuple[dict, int]:
    """A copy of a notebook for students: no outputs, no solutions. Returns (notebook, exercises)."""
    out = copy.deepcopy(nb)
    with_ids = (out.get("nbformat", 4), out.get("nbformat_minor", 0)) >= (4, 5)
    cells, n = [], 0
    for cell in out.get("cells", []):
        meta = cell.setdefault("metadata", {})
        for key in _DROP_CELL_META:
            meta.pop(key, None)
        if "solution" in cell_tags(cell):
            n += 1
            prompt = {"cell_type": "markdown", "metadata": {"exercise": n}, "source": PROMPT.format(n=n)}
            starter: dict[str, object] = {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {"exercise": n},
                "outputs": [],
                "source": STARTER.format(n=n),
            }
            if with_ids:
                prompt["id"], starter["id"] = _new_id(), _new_id()
            cells += [prompt, starter]
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    out["cells"] = cells
    out.get("metadata", {}).pop("papermill", None)
    out.get("metadata", {}).pop("widgets", None)
    return out, n


def solution_sources(nb: dict) -> list[str]:
    return [cell_source(c) for c in nb.get("cells", []) if "solution" in cell_tags(c)]


def _write_nb(path: Path, nb: dict) -> None:
    atomic_write_text(path, json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def make_seminar(
    notebooks_dir: Path | None = None,
    build_dir: Path | None = None,
    *,
    cli_params: Iterable[str] = (),
    params_file: Path | None = None,
    workers: int = WORKERS,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    force: bool = False,
    log: Log = print,
) -> dict[str, list[Path]]:
    """Write the student copies of every notebook, then execute (cached) and write the teacher copies."""
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    build_dir = Path(build_dir or paths.BUILD_DIR).resolve()
    student_dir = build_dir / "seminar" / "student"
    teacher_dir = build_dir / "seminar" / "teacher"
    written: dict[str, list[Path]] = {"student": [], "teacher": []}
    # validate parameters before writing anything
    jobs, _ = plan(notebooks_dir, params_file=params_file, cli_params=cli_params, kernel=kernel)
    log(f"Seminar copies of {len(jobs)} notebook(s) -> {build_dir / 'seminar'}")
    for info in discover(notebooks_dir):
        nb, n = student_copy(read_json(info.path))
        dest = student_dir / info.path.name
        _write_nb(dest, nb)
        written["student"].append(dest)
        log(f"  ✓ student  {info.name:<28} {n} exercise(s), solutions removed")
    # the teacher copies are executed into build/executed/, which `make report` shares: same lock, same clean-up
    with build_lock(build_dir), guarded(build_dir, "the seminar build"):
        clean_temp_files(build_dir)
        execute(
            jobs,
            build_dir,
            notebooks_dir=notebooks_dir,
            workers=workers,
            timeout=timeout,
            kernel=kernel,
            force=force,
            log=log,
        )
        for job in jobs:
            src = executed_path(build_dir, job.info.name)
            dest = teacher_dir / src.name
            _write_nb(dest, read_json(src))
            written["teacher"].append(dest)
            log(f"  ✓ teacher  {job.info.name:<28} executed, solutions kept")
    log(
        f"Wrote {len(written['student'])} student and {len(written['teacher'])} teacher copies "
        f"in {build_dir / 'seminar'}"
    )
    return written
