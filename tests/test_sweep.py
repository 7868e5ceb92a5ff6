"""`make sweep`: a notebook over a grid of parameter sets, one comparison table."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from sinorussia import paths
from sinorussia.errors import ParameterError
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
        ("grid: {seed: [1]}\n", r"missing notebook"),
        ("notebook: 06_scenarios\ngrid: {seed: 1}\n", r"grid.seed must be a non-empty list"),
        ("notebook: 06_scenarios\n", r"no runs"),
    ],
)
def test_bad_grid_files_are_named(tmp_path, text, pattern):
    with pytest.raises(ParameterError, match=pattern):
        sweep.read_grid(_grid(tmp_path, text))


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
