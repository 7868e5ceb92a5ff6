"""Parameter checks name the parameter the reader set; the chapters' window-dependent numbers work for any
valid window (the README's `-p 02_economics.end_year=2020` once crashed on a hard-wired 2021); and
`make setup` says how to get a browser for the PDF when it cannot install one."""

from __future__ import annotations

import os
import subprocess

import pytest

import sinorussia as sr
from sinorussia import load, paths
from sinorussia.analysis import trade as tr


def test_check_years_names_the_parameters_it_was_given():
    assert sr.check_years(1870, 2024, earliest=1700, latest=2024, names=("long_run_start", "end_year")) == (1870, 2024)
    with pytest.raises(sr.ParameterError, match=r"^parameter long_run_start=1500 is outside the data \(1700–2024\)"):
        sr.check_years(1500, 2024, earliest=1700, latest=2024, names=("long_run_start", "end_year"))
    with pytest.raises(sr.ParameterError, match=r"end_year=1800 must be after long_run_start=1900"):
        sr.check_years(1900, 1800, earliest=1700, latest=2024, names=("long_run_start", "end_year"))
    with pytest.raises(sr.ParameterError, match=r"^parameter start_year must be a whole year"):
        sr.check_years(2010.5, 2020)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "base"),
    [(2006, 2024, 2021), (2006, 2020, 2006), (2006, 2021, 2006), (2022, 2024, 2022), (2012, 2019, 2012)],
)
def test_multiple_since_2021_works_for_any_window(start, end, base):
    h = tr.headline(load("trade_bilateral_annual"), start, end)
    got_base, ratio = tr.multiple_since(h, 2021)
    assert got_base == base
    assert ratio == pytest.approx(h.loc[h.index.max(), "total"] / h.loc[base, "total"])


def test_multiple_since_on_known_values():
    h = tr.headline(load("trade_bilateral_annual"), 2006, 2020)
    base, ratio = tr.multiple_since(h, 2021)
    # 108.3 bn USD in 2020 over 28.7 bn USD in 2006 (the chapter's own prose for this window)
    assert base == 2006 and ratio == pytest.approx(108.3 / 28.7, rel=0.01)


def test_ensure_browser_prints_the_install_command_when_it_cannot_install(tmp_path):
    """tools/ensure-browser.sh (make setup) as a non-root user with apt-get and no browser on the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("id", "echo 1000"), ("apt-get", "echo 'apt-get must not run' >&2; exit 9")):
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SINORUSSIA_BROWSER"}
    env["PATH"] = str(bin_dir)  # the script needs only bash builtins, id and apt-get: no real browser is on it
    proc = subprocess.run(
        ["/bin/bash", str(paths.ROOT / "tools" / "ensure-browser.sh")], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "install one with:  sudo apt-get install chromium" in proc.stdout, proc.stdout + proc.stderr
    assert "must not run" not in proc.stderr
