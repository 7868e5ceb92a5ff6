"""The repository layout the design asks for, and the things git must (not) track."""

import subprocess

from sinorussia import paths

ROOT = paths.ROOT


def git_ls(*args):
    return subprocess.run(
        ["git", "ls-files", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def test_top_level_layout():
    for name in [
        "notebooks",
        "data",
        "seeds",
        "lib",
        "tests",
        "environment.yml",
        "Makefile",
        "README.md",
        "pyproject.toml",
        ".ci/run",
        "requirements.lock",
    ]:
        assert (ROOT / name).exists(), name


def test_lib_is_tracked_by_git():
    # Common .gitignore templates ignore lib/; this repository's package lives there.
    tracked = git_ls("lib")
    assert "lib/sinorussia/__init__.py" in tracked
    ignored = subprocess.run(["git", "check-ignore", "-q", "lib/sinorussia/__init__.py"], cwd=ROOT)
    assert ignored.returncode == 1, ".gitignore ignores lib/: remove that line"


def test_raw_data_and_build_products_are_ignored_and_untracked():
    for path in ["data/raw/x.csv", "build/report.html", ".venv/bin/python"]:
        assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path
    assert not [f for f in git_ls() if f.startswith(("data/raw/", "build/"))]


def test_paths_resolve_from_package_not_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    import importlib

    import sinorussia.paths as p

    importlib.reload(p)
    assert p.ROOT == ROOT and (p.ROOT / "Makefile").exists()


def test_package_is_installed_in_editable_mode():
    import sinorussia

    assert (ROOT / "lib" / "sinorussia").resolve() == paths.PACKAGE_DIR
    assert sinorussia.__file__.startswith(str(ROOT / "lib"))
