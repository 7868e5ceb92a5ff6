"""One set of pins: requirements.lock and environment.yml must not drift; Python is 3.11."""

import sys

import yaml

from sinorussia import paths

ROOT = paths.ROOT


def lock_pins():
    return sorted(
        line.strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def test_python_is_311():
    assert sys.version_info[:2] == (3, 11)


def test_lock_pins_every_package_exactly():
    pins = lock_pins()
    assert len(pins) > 50
    assert all("==" in p for p in pins), [p for p in pins if "==" not in p]
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        direct = line.split("#")[0].strip()
        if direct:
            assert direct.lower().replace("_", "-") in names, f"{direct} is in requirements.in but not locked"


def test_environment_yml_installs_the_same_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert sorted(pip_section) == lock_pins(), "environment.yml drifted from requirements.lock: run `make lock`"


def test_installed_versions_match_the_lock():
    from importlib.metadata import PackageNotFoundError, version

    wrong = []
    for pin in lock_pins():
        name, want = pin.split("==")
        try:
            have = version(name)
        except PackageNotFoundError:
            wrong.append(f"{name} missing")
            continue
        if have != want:
            wrong.append(f"{name} {have} != {want}")
    assert not wrong, wrong
