"""Shared fixtures.

Tests that need raw files use the `raw_files` fixture. It fetches every catalogued file into
data/raw/ from $SINORUSSIA_MIRROR (or, without one, from the pinned URLs). When neither works the
tests skip and say why — unless $SINORUSSIA_REQUIRE_RAW is set (CI sets it), when they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sinorussia import paths
from sinorussia.errors import FetchError

REPO = paths.ROOT
DEFAULT_MIRROR = REPO.parent / "shared" / "data" / "mirror"


def _mirror() -> Path | None:
    env = os.environ.get(paths.MIRROR_ENV)
    if env:
        return Path(env)
    return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None


@pytest.fixture(scope="session")
def mirror() -> Path | None:
    return _mirror()


@pytest.fixture(scope="session")
def raw_files(mirror):
    """Ensure every raw file is in data/raw/ (verified); skip or fail clearly when impossible."""
    from sinorussia.raw import fetch_all

    try:
        fetch_all(mirror=mirror)
    except FetchError as exc:
        msg = f"raw files unavailable (no mirror and no network?): {exc}"
        if os.environ.get("SINORUSSIA_REQUIRE_RAW"):
            pytest.fail(msg + " — SINORUSSIA_REQUIRE_RAW is set, so this is a failure, not a skip.")
        pytest.skip(msg)
    return paths.RAW_DIR


@pytest.fixture(scope="session")
def built_dir(raw_files, tmp_path_factory):
    """Every processed table rebuilt from raw into a temporary folder (compare with data/processed)."""
    from sinorussia.processed.build import build

    out = tmp_path_factory.mktemp("processed")
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def built_again_dir(built_dir, tmp_path_factory):
    """A second, independent build of every table: two builds must agree byte for byte (determinism)."""
    from sinorussia.processed.build import build

    out = tmp_path_factory.mktemp("processed_again")
    build(out_dir=out)
    return out


@pytest.fixture(scope="session")
def executed_notebooks(raw_files, tmp_path_factory) -> dict:
    """Every chapter notebook executed once with its defaults, as JSON (name -> notebook), shared by the
    notebook tests and the wording tests, so that no test executes a chapter twice."""
    import json

    import papermill as pm

    out_dir = tmp_path_factory.mktemp("executed")
    executed = {}
    for path in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        out = out_dir / path.name
        pm.execute_notebook(
            str(path),
            str(out),
            kernel_name="sinorussia",
            cwd=str(out_dir),
            progress_bar=False,
            log_output=False,
            execution_timeout=300,
        )
        executed[path.stem] = json.loads(out.read_text(encoding="utf-8"))
    return executed
