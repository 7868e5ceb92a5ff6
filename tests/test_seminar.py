"""`make seminar`: student copies give nothing away; teacher copies are executed and complete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from sinorussia.report import seminar
from sinorussia.report.notebooks import read_json

# executes notebooks: the full lane only (make test), not make test-fast
pytestmark = [pytest.mark.xdist_group("report-seminar"), pytest.mark.pipeline]

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _solution_lines(nb: dict) -> list[str]:
    """Every meaningful line of every solution cell (the text that must not leak)."""
    lines = []
    for src in seminar.solution_sources(nb):
        lines += [ln.strip() for ln in src.splitlines() if len(ln.strip()) >= 8]
    return lines


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    root = tmp_path_factory.mktemp("seminar")
    nbdir = root / "notebooks"
    shutil.copytree(FIXTURE_NOTEBOOKS, nbdir)
    build = root / "build"
    first: list[str] = []
    written = seminar.make_seminar(nbdir, build, log=first.append)
    second: list[str] = []
    seminar.make_seminar(nbdir, build, log=second.append)
    return {"nbdir": nbdir, "build": build, "written": written, "first": "\n".join(first), "second": "\n".join(second)}


def test_a_student_and_a_teacher_copy_of_every_notebook(copies):
    names = sorted(p.name for p in FIXTURE_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in (copies["build"] / "seminar" / "student").glob("*.ipynb")) == names
    assert sorted(p.name for p in (copies["build"] / "seminar" / "teacher").glob("*.ipynb")) == names


def test_no_solution_survives_in_a_student_copy(copies):
    for path in sorted(FIXTURE_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        original = read_json(path)
        secrets = _solution_lines(original)
        assert secrets, f"{path.name}: fixture has solution cells"
        student_path = copies["build"] / "seminar" / "student" / path.name
        student = json.loads(student_path.read_text())
        nbformat.validate(nbformat.reads(student_path.read_text(), as_version=4))
        assert not any("solution" in _tags(c) for c in student["cells"]), "no cell tagged solution"
        text = student_path.read_text()
        for line in secrets:
            assert line not in text and json.dumps(line)[1:-1] not in text, f"{path.name}: leaked {line!r}"
        prompts = [
            c for c in student["cells"] if c["cell_type"] == "markdown" and "Your solution here" in "".join(c["source"])
        ]
        assert len(prompts) == len(seminar.solution_sources(original)), "one prompt per exercise"
        assert "teacher copy" in "".join(prompts[0]["source"])
        for c in student["cells"]:
            if c["cell_type"] == "code":
                assert c["outputs"] == [] and c["execution_count"] is None, "outputs cleared"


def test_teacher_copies_are_executed_with_solutions(copies):
    for path in sorted(FIXTURE_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        teacher = json.loads((copies["build"] / "seminar" / "teacher" / path.name).read_text())
        sols = [c for c in teacher["cells"] if "solution" in _tags(c)]
        assert len(sols) == len(seminar.solution_sources(read_json(path)))
        assert all(c["outputs"] for c in sols), "solutions executed"
        assert not any(o.get("output_type") == "error" for c in teacher["cells"] for o in c.get("outputs", []))


def test_teacher_copies_reuse_the_report_cache(copies):
    assert "executed" in copies["first"]
    assert "executed in" not in copies["second"] and "cached" in copies["second"]
