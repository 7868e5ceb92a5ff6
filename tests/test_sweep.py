"""`make sweep`: a notebook over a grid of parameter sets, one comparison table."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from sinorussia import paths
from sinorussia.errors import ParameterError, WorkbookError
from sinorussia.notebook.record import record
from sinorussia.report import sweep
from sinorussia.report.settings import check_parameter


def _grid(tmp_path, text: str):
    p = tmp_path / "grid.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_grid_expands_to_the_cartesian_product_plus_extra_runs(tmp_path):
    name, sets = sweep.read_grid(
        _grid(
            tmp_path,
            "notebook: 06_scenarios\nfixed: {n_draws: 100}\n"
            "grid: {seed: [1, 2], share_sd: [0.1, 0.2]}\nruns: [{horizon: 2030}]\n",
        )
    )
    assert name == "06_scenarios" and len(sets) == 5
    assert sets[0] == {"n_draws": 100, "seed": 1, "share_sd": 0.1}
    assert sets[-1] == {"n_draws": 100, "horizon": 2030}


def test_the_shipped_grid_is_valid_for_the_notebook():
    name, sets = sweep.read_grid(paths.NOTEBOOKS_DIR / "sweeps" / "06_scenarios.yaml")
    info = sweep._notebook(name, paths.NOTEBOOKS_DIR)
    for s in sets:
        for k, v in s.items():
            check_parameter(info, k, v, "the shipped grid")


@pytest.mark.parametrize(
    "text,pattern",
    [
        ("grid: {seed: [1]}\n", r"grid.yaml: missing notebook: add `notebook: 06_scenarios`"),
        (
            "notebook: 06_scenarios\ngrid: {seed: 1}\n",
            r"grid.yaml: grid.seed must be a non-empty list .*write grid.seed: \[1\]",
        ),
        (
            "notebook: 06_scenarios\ngrid: {seed: []}\n",
            r"grid.yaml: grid.seed must be a non-empty list of values, it is empty",
        ),
        ("notebook: 06_scenarios\n", r"grid.yaml: no runs: the grid is empty; give a grid"),
        ("notebook: 06_scenarios\ngrid: {}\nruns: []\n", r"grid.yaml: no runs"),
        ("notebook: 06_scenarios\ngrid: [seed, 1]\n", r"grid.yaml: grid must be a mapping name: \[values\]"),
        ("notebook: 06_scenarios\nfixed: [1]\ngrid: {seed: [1]}\n", r"grid.yaml: fixed must be a mapping"),
        ("notebook: 06_scenarios\nruns: {seed: 1}\n", r"grid.yaml: runs must be a list of mappings"),
        ("notebook: 06_scenarios\nruns: [seed]\n", r"grid.yaml: runs\[0\] must be a mapping"),
        ("notebook: 06_scenarios\nruns: [{}]\n", r"grid.yaml: runs\[0\] is empty"),
        ("notebook: 06_scenarios\ngird: {seed: [1]}\n", r"grid.yaml: unknown key\(s\) \['gird'\]"),
        ("- notebook: 06_scenarios\n", r"grid.yaml: a grid file is a mapping"),
        ("just words\n", r"grid.yaml: a grid file is a mapping"),
        ("notebook: [06]\ngrid: {seed: [1]}\n", r"grid.yaml: notebook must be a notebook name"),
        ("notebook: 06\ngrid: {seed: [1\n", r"grid.yaml: not a readable YAML grid"),
    ],
)
def test_bad_grid_files_are_named(tmp_path, text, pattern):
    with pytest.raises(ParameterError, match=pattern) as info:
        sweep.read_grid(_grid(tmp_path, text))
    assert "\n" not in str(info.value)  # one line


def test_unknown_notebook_names_the_grid_file_and_the_choices(tmp_path):
    with pytest.raises(
        ParameterError, match=r"grid.yaml: notebook '09_space' is not found in .*use one of \['01_context'"
    ):
        sweep.check_grid(_grid(tmp_path, "notebook: 09_space\ngrid: {seed: [1]}\n"))
    with pytest.raises(ParameterError, match=r"notebook '0' is ambiguous"):
        sweep.check_grid(_grid(tmp_path, "notebook: '0'\ngrid: {seed: [1]}\n"))


@pytest.mark.parametrize(
    "text,pattern",
    [
        ("notebook: 06\ngrid: {n_drawz: [1, 2]}\n", r"unknown parameter 'n_drawz' \(from .*grid.yaml\)"),
        ("notebook: 06\nfixed: {seed: one}\ngrid: {n_draws: [1]}\n", r"'seed' must be a whole number like its default"),
        ("notebook: 09\ngrid: {seed: [1]}\n", r"notebook '09' is not found"),
        ("grid: {seed: 1}\n", r"missing notebook"),
        ("notebook: 06\ngrid: {seed: 1}\n", r"grid.seed must be a non-empty list"),
        ("notebook: 06\n", r"no runs"),
    ],
)
def test_the_command_line_gives_one_line_not_a_traceback(tmp_path, text, pattern):
    res = subprocess.run(
        [sys.executable, "-m", "sinorussia", "sweep", str(_grid(tmp_path, text)), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "grid.yaml" in lines[0], res.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in res.stderr and not (tmp_path / "out").exists()


def test_unknown_or_mistyped_parameters_are_rejected_before_anything_runs(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ParameterError, match=r"unknown parameter 'n_drawz'"):
        sweep.run_sweep(_grid(tmp_path, "notebook: 06\ngrid: {n_drawz: [1, 2]}\n"), out_dir=out)
    with pytest.raises(ParameterError, match=r"'seed' must be"):
        sweep.run_sweep(_grid(tmp_path, "notebook: 06\ngrid: {seed: [one]}\n"), out_dir=out)
    assert not out.exists()


def test_record_writes_only_when_asked(tmp_path):
    record("", {"a": 1})
    record(str(tmp_path / "r.json"), {"a": 1, "b": {"c": 0.5}})
    assert json.loads((tmp_path / "r.json").read_text()) == {"a": 1, "b": {"c": 0.5}}


@pytest.mark.notebooks
def test_two_point_sweep_from_the_command_line(tmp_path):
    grid = _grid(
        tmp_path, "notebook: 06_scenarios\nfixed: {n_draws: 500}\ngrid: {prior_method: [icd_midpoint, survey_median]}\n"
    )
    out = tmp_path / "sweep"
    res = subprocess.run(
        [sys.executable, "-m", "sinorussia", "sweep", str(grid), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    table = pd.read_csv(out / "06_scenarios" / "comparison.csv", index_col="run")
    assert list(table.index) == ["run_001", "run_002"]
    assert list(table["param.prior_method"]) == ["icd_midpoint", "survey_median"]
    # each run recorded its own prior: the ICD and survey readings of the words differ
    assert table.loc["run_001", "prior.transactional"] != table.loc["run_002", "prior.transactional"]
    for run in table.index:
        post = table.loc[run, [c for c in table.columns if c.startswith("posterior.")]]
        assert post.sum() == pytest.approx(1.0, abs=1e-5)
    assert "run_002" in res.stdout and "comparison.csv" in res.stdout
    assert (out / "06_scenarios" / "run_001.ipynb").exists()


def _tiny_notebook(folder):
    """A one-cell chapter for the Dask tests: records x², and fails on purpose when x is negative."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('x = 1\nresults_path = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Tiny"),
        params,
        nbformat.v4.new_code_cell(
            "from sinorussia import record\n"
            "if x < 0:\n    raise ValueError('x must not be negative')\n"
            "record(results_path, {'square': x * x})"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "sinorussia", "language": "python", "display_name": "Python 3"}
    nb.metadata["language_info"] = {"name": "python"}
    folder.mkdir()
    nbformat.write(nb, folder / "01_tiny.ipynb")
    return folder


@pytest.mark.notebooks
def test_sweep_on_a_given_dask_scheduler_collects_every_point_and_reports_a_failing_one(tmp_path):
    from distributed import Client, LocalCluster

    nbdir = _tiny_notebook(tmp_path / "nb")
    grid = _grid(tmp_path, "notebook: 01_tiny\ngrid: {x: [-1, 4]}\n")
    lines: list[str] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with pytest.raises(
            WorkbookError, match=r"(?s)1 of 2 sweep runs failed.*run_001 \({'x': -1}\): ValueError: x must not"
        ):
            sweep.run_sweep(grid, nbdir, tmp_path / "out", scheduler=cluster.scheduler_address, log=lines.append)
        # a scheduler it was given stays up: the sweep closes only its own client
        with Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert f"on the Dask scheduler at {cluster.scheduler_address}" in lines[0]
    out = tmp_path / "out" / "01_tiny"
    table = pd.read_csv(out / "comparison.csv", index_col="run")
    assert list(table["param.x"]) == [-1, 4]
    assert table.loc["run_002", "square"] == 16 and pd.isna(table.loc["run_001", "square"])
    assert "x must not be negative" in (out / "run_001.ipynb").read_text()  # the executed notebook with its error
    assert set(sweep.run_seconds(out)) == {"run_001", "run_002"}


def test_an_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(sweep, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(
        WorkbookError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9 .*leave SCHEDULER empty"
    ):
        sweep.run_sweep(
            _grid(tmp_path, "notebook: 06\ngrid: {n_draws: [100]}\n"),
            out_dir=tmp_path / "out",
            scheduler="tcp://127.0.0.1:9",
        )
