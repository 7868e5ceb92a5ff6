"""The published report is always what this build computed (#17): bad run settings refused, the cache key
covering the installed packages, corrupt records, a full disk and a read-only build/ as one-line errors, one
build per folder (a lock), and no chapter of another build published under this build's keys.

The first half needs no kernel (the fast lane). The second half executes tiny synthetic notebooks through the
real executor — a kernel that dies, a cell that times out, Ctrl-C, SIGKILL of the runner, the interleaving of
two builds replayed phase by phase — and is marked `pipeline`.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sinorussia import fsio, paths
from sinorussia.errors import Interrupted, ParameterError, WorkbookError, WriteError
from sinorussia.report import build as build_mod
from sinorussia.report import cache, guard
from sinorussia.report.appendices import Ledger, reproducibility_html
from sinorussia.report.execute import NotebookFailed, execute
from sinorussia.report.plan import plan

ROOT = paths.ROOT


def _cli(args: list[str]) -> int:
    from sinorussia.__main__ import main

    return main(args)


def stub_ledger() -> Ledger:
    return Ledger("<p>ledger</p>", {"ledger.json": "[]\n"})


def _nb(cells: list[str], params: str | None = None) -> dict:
    """A notebook: strings starting with '#' are Markdown cells, the others code; `params` the parameters cell."""
    out = []
    for src in cells:
        if src.startswith("#"):
            out.append({"cell_type": "markdown", "metadata": {}, "source": src})
        else:
            out.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": src})
    if params is not None:
        cell = {"cell_type": "code", "execution_count": None, "metadata": {"tags": ["parameters"]}, "outputs": []}
        out.insert(1, {**cell, "source": params})
    return {
        "cells": out,
        "metadata": {
            "kernelspec": {"name": "sinorussia", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _write(folder: Path, name: str, nb: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def _labelled(folder: Path) -> Path:
    """One chapter that prints its `label` parameter into the report."""
    _write(
        folder,
        "01_label",
        _nb(["# Label: a tiny chapter", 'print(f"LABEL={label}")'], params='label = "default"'),
    )
    return folder


def _one_line(text: str) -> str:
    text = text.strip()
    assert "\n" not in text and "Traceback" not in text, text
    return text


def _temp_files(build: Path) -> list[Path]:
    return [*build.rglob("*.tmp"), *build.rglob(".*.running-*")]


# ---------------------------------------------------------------------------------------------
# run settings, refused before anything runs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,words",
    [
        (["-j", "0"], ["-j/--jobs 0", "at least 1"]),
        (["-j", "-3"], ["-j/--jobs -3", "at least 1"]),
        (["--timeout", "0"], ["--timeout 0", "at least 1", "--timeout 600"]),
    ],
)
def test_bad_run_settings_are_refused_in_one_line(tmp_path, capsys, args, words):
    nbdir = _labelled(tmp_path / "nb")
    build = tmp_path / "build"
    rc = _cli(["report", "--notebooks", str(nbdir), "--build", str(build), "--no-pdf", *args])
    err = _one_line(capsys.readouterr().err)
    assert rc == 2 and err.startswith("error: "), err
    for w in words:
        assert w in err, err
    assert not build.exists(), "refused before the build folder is touched"


def test_execute_refuses_zero_workers_itself(tmp_path):
    jobs, _ = plan(_labelled(tmp_path / "nb"))
    with pytest.raises(ParameterError, match="at least 1"):
        execute(jobs, tmp_path / "build", notebooks_dir=tmp_path / "nb", workers=0, log=lambda s: None)


# ---------------------------------------------------------------------------------------------
# the cache key and the records
# ---------------------------------------------------------------------------------------------


def test_package_versions_cover_the_lock_and_match_importlib():
    from importlib.metadata import version

    pkgs = cache.package_versions()
    lock = [ln.split("==")[0] for ln in (ROOT / "requirements.lock").read_text().splitlines() if "==" in ln]
    assert len(lock) > 100
    for name in lock:
        assert cache._normalize(name) in pkgs, name
    for name in ("pandas", "matplotlib", "papermill", "nbclient", "altair"):
        assert pkgs[name] == version(name), name
    assert pkgs["python"] == f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"


def test_a_package_upgrade_changes_every_key(tmp_path):
    nbdir = _labelled(tmp_path / "nb")
    real = cache.package_versions()
    jobs, _ = plan(nbdir, packages=real)
    upgraded = {**real, "pandas": real["pandas"] + ".post1"}
    jobs2, _ = plan(nbdir, packages=upgraded)
    assert jobs[0].key != jobs2[0].key
    assert jobs2[0].packages["pandas"].endswith(".post1")
    again, _ = plan(nbdir)
    assert again[0].key == jobs[0].key, "the key is stable when nothing changed"


def test_the_software_appendix_lists_the_versions_in_the_records():
    html = reproducibility_html([], {"01_x": {"packages": {"python": "3.11.99", "pandas": "9.9.9"}}}, {}, "", _now())
    soft = html[html.index('id="appendix-b-software"') :]
    assert "<span class='pkg'>pandas</span> <code>9.9.9</code>" in soft
    assert "3.11.99" in html


def _now():
    from datetime import datetime

    return datetime.now().astimezone()


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", '{"key": 7}', "binary"])
def test_a_corrupt_cache_record_is_a_miss_not_a_traceback(tmp_path, content):
    rec = cache.cache_record_path(tmp_path, "01_x")
    rec.parent.mkdir(parents=True)
    if content == "binary":
        rec.write_bytes(b"\xff\xfe\x00garbage")
    else:
        rec.write_text(content)
    cache.executed_path(tmp_path, "01_x").write_text("{}")
    assert cache.read_cache_record(tmp_path, "01_x") is None
    assert not cache.is_current(tmp_path, "01_x", "anything")


def test_a_record_describes_one_file_only(tmp_path):
    nb = cache.executed_path(tmp_path, "01_x")
    nb.parent.mkdir(parents=True)
    nb.write_text('{"cells": []}')
    cache.write_cache_record(tmp_path, "01_x", {"key": "k", "sha256": cache.file_sha256(nb)})
    assert cache.is_current(tmp_path, "01_x", "k")
    assert not cache.is_current(tmp_path, "01_x", "other key")
    nb.write_text('{"cells": [], "replaced": "by another build"}')
    assert not cache.is_current(tmp_path, "01_x", "k"), "same key, but not the file the record describes"
    cache.write_cache_record(tmp_path, "01_x", {"key": "k"})  # a record of the previous pipeline version
    assert not cache.is_current(tmp_path, "01_x", "k")


# ---------------------------------------------------------------------------------------------
# full disk, read-only folder (simulated at the fsio layer: tests run as root, where chmod stops nothing)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "err,words",
    [
        (errno.ENOSPC, ["No space left on device", "ENOSPC", "free some disk space"]),
        (errno.EROFS, ["Read-only file system", "EROFS", "writable"]),
        (errno.EACCES, ["Permission denied", "EACCES", "writable"]),
    ],
)
def test_a_refused_write_is_one_line_and_keeps_the_old_file(tmp_path, monkeypatch, err, words):
    target = tmp_path / "out" / "report.html"
    fsio.atomic_write_text(target, "the good old report")

    def refuse(*a, **k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(fsio.os, "replace", refuse)
    with pytest.raises(WriteError) as exc:
        fsio.atomic_write_text(target, "a new report")
    msg = _one_line(str(exc.value))
    assert str(target) in msg and isinstance(exc.value, OSError) and exc.value.errno == err
    for w in words:
        assert w in msg, msg
    assert target.read_text() == "the good old report"
    assert _temp_files(tmp_path) == []


def test_a_full_disk_while_writing_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"

    def half_then_full(tmp: Path) -> None:
        tmp.write_text("half a rep")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(WriteError, match="No space left on device"):
        fsio.atomic_write(target, half_then_full)
    assert not target.exists() and _temp_files(tmp_path) == []


def test_a_read_only_build_folder_from_the_command_line(tmp_path, monkeypatch, capsys):
    """The lock file is the first thing a build creates: EROFS there is one line naming the folder and the fix."""
    nbdir = _labelled(tmp_path / "nb")
    build = tmp_path / "build"
    real_open = os.open

    def ro_open(path, flags, *a, **k):
        if str(path).startswith(str(build)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(guard.os, "open", ro_open)
    rc = _cli(["report", "--notebooks", str(nbdir), "--build", str(build), "--no-pdf"])
    err = _one_line(capsys.readouterr().err)
    assert rc == 2 and "Read-only file system" in err and "--build DIR" in err and str(build) in err, err


# ---------------------------------------------------------------------------------------------
# one build per folder; stale temporary files
# ---------------------------------------------------------------------------------------------


def test_a_second_build_of_the_same_folder_stops_at_once(tmp_path, capsys):
    nbdir = _labelled(tmp_path / "nb")
    build = tmp_path / "build"
    build.mkdir()
    theirs = build / ".report.html.abc123.tmp"  # the other build is writing this right now
    with guard.build_lock(build):
        theirs.write_text("being written")
        rc = _cli(["report", "--notebooks", str(nbdir), "--build", str(build), "--no-pdf"])
        err = _one_line(capsys.readouterr().err)
        assert rc == 2 and "another build is using" in err and f"pid {os.getpid()}" in err, err
        assert theirs.exists(), "a refused build touches nothing of the running one"
    with guard.build_lock(build):  # released: the next build can take it
        pass


def test_stale_temporary_files_are_removed_under_the_lock(tmp_path):
    build = tmp_path / "build"
    stale = [
        build / ".report.html.k3j2h1.tmp",
        build / "executed" / ".01_x.cache.json.q1w2e3.tmp",
        build / "executed" / ".01_x.running-4242.ipynb",
        build / "failed" / ".01_x.ipynb.zz.tmp",
    ]
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("debris")
    (build / ".mathjax.tmp-4242").mkdir()
    keep = [build / "report.html", build / "executed" / "01_x.ipynb", build / "sweep" / ".run.tmp"]
    for p in keep:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("keep")
    with guard.build_lock(build):
        removed = guard.clean_temp_files(build)
    assert len(removed) == 5
    assert not any(p.exists() for p in stale) and not (build / ".mathjax.tmp-4242").exists()
    assert all(p.exists() for p in keep), "build/sweep/ belongs to `make sweep`, the rest is not debris"


def test_guarded_turns_interrupts_and_os_errors_into_one_line(tmp_path):
    debris = tmp_path / ".report.html.x.tmp"
    debris.write_text("half")
    with pytest.raises(Interrupted) as exc, guard.guarded(tmp_path):
        raise KeyboardInterrupt
    assert exc.value.exit_code == 130 and "interrupted" in _one_line(str(exc.value))
    assert not debris.exists()
    with pytest.raises(WorkbookError) as exc2, guard.guarded(tmp_path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "executed" / "01_x.ipynb"))
    msg = _one_line(str(exc2.value))
    assert "01_x.ipynb" in msg and "No space left on device" in msg


# ---------------------------------------------------------------------------------------------
# through the real executor (kernels): the slow lane
# ---------------------------------------------------------------------------------------------


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_a_dead_kernel_and_a_cell_timeout_name_the_notebook_the_cell_and_the_fix(tmp_path):
    nbdir = tmp_path / "nb"
    _write(nbdir, "01_dies", _nb(["# Dies", "x = 1", "import os\nos._exit(1)", "y = 2"]))
    _write(nbdir, "02_slow", _nb(["# Slow", "x = 1", "import time\ntime.sleep(60)", "y = 2"]))
    jobs, _ = plan(nbdir)
    build = tmp_path / "build"
    t0 = time.perf_counter()
    with pytest.raises(NotebookFailed) as exc:
        execute(jobs, build, notebooks_dir=nbdir, timeout=3, log=lambda s: None)
    assert time.perf_counter() - t0 < 45, "the timeout stopped the sleeping cell"
    msg = str(exc.value)
    dies, slow_ = (ln for ln in msg.splitlines() if ln.startswith("notebook "))
    assert dies.startswith("notebook 01_dies failed in cell 3 of 01_dies.ipynb (counting from 1): `import os`")
    assert "the kernel died" in dies and str(build / "executed" / "01_dies.kernel.log") in dies
    assert slow_.startswith("notebook 02_slow failed in cell 3 of 02_slow.ipynb (counting from 1): `import time`")
    assert "timeout: the cell ran longer than the 3 s allowed per cell" in slow_
    assert "--timeout" in slow_
    assert not (build / "executed" / "01_dies.ipynb").exists() and _temp_files(build) == []


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _alive(pids: list[int]) -> list[int]:
    import psutil

    out = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                out.append(pid)
        except psutil.NoSuchProcess:
            pass
    return out


def _start_runner(nbdir: Path, build: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sinorussia", "report", "--notebooks", str(nbdir), "--build", str(build), "--no-pdf"]
    env = {**os.environ, "PYTHONPATH": str(paths.PACKAGE_DIR.parent), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    for line in proc.stdout:  # wait until both notebooks are executing (their kernels started)
        if "02_sleep" in line and "started" in line:
            break
        assert time.monotonic() < deadline
    time.sleep(4)  # the kernels are up and in the sleeping cell
    return proc


def _sleepers(nbdir: Path) -> Path:
    for name in ("01_sleep", "02_sleep"):
        _write(nbdir, name, _nb([f"# {name}", "import time\ntime.sleep(120)"]))
    return nbdir


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_ctrl_c_is_one_line_stops_the_workers_and_leaves_no_debris(tmp_path):
    nbdir, build = _sleepers(tmp_path / "nb"), tmp_path / "build"
    build.mkdir()
    (build / "report.html").write_text("the previous report")
    proc = _start_runner(nbdir, build)
    family = _descendants(proc.pid)
    assert len(family) >= 4, family  # two workers and their two kernels
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert _one_line(err).startswith("error: interrupted"), err
    deadline = time.monotonic() + 15
    while _alive(family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive(family) == [], "workers and kernels stopped with the runner"
    assert (build / "report.html").read_text() == "the previous report"
    assert _temp_files(build) == []


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_sigkill_of_the_runner_takes_its_workers_and_kernels_with_it(tmp_path):
    nbdir, build = _sleepers(tmp_path / "nb"), tmp_path / "build"
    proc = _start_runner(nbdir, build)
    family = _descendants(proc.pid)
    assert len(family) >= 4, family
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 20
    while _alive(family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive(family) == [], "no orphaned worker or kernel"
    assert list(build.glob("executed/.*.running-*")), "a killed run leaves its half-written notebooks …"
    with guard.build_lock(build):  # … the lock died with it, and the next build removes them first
        guard.clean_temp_files(build)
    assert _temp_files(build) == []


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_two_interleaved_builds_never_publish_each_others_chapter(tmp_path):
    """The interleaving of issue #17, replayed phase by phase: build A plans and executes label=A; build B
    executes label=B into the same folder (as a build that ignores the lock would); A then assembles. A must
    refuse instead of publishing B's chapter under its own key, and a correct run afterwards must re-execute,
    not say "up to date"."""
    nbdir, build = _labelled(tmp_path / "nb"), tmp_path / "build"
    quiet = {"log": lambda s: None}
    build_mod.build_report(nbdir, build, ledger=stub_ledger, cli_params=["label=A"], pdf=False, **quiet)
    assert "LABEL=A" in (build / "report.html").read_text(encoding="utf-8")
    html_a = (build / "report.html").read_bytes()

    jobs_a, settings_a = plan(nbdir, cli_params=["label=A"])
    results_a = build_mod.run_jobs(jobs_a, build, nbdir, **quiet)  # cached: A's chapter is in place
    jobs_b, _ = plan(nbdir, cli_params=["label=B"])
    build_mod.run_jobs(jobs_b, build, nbdir, **quiet)  # B replaces executed/01_label.ipynb
    with pytest.raises(build_mod.StaleChapter) as exc:
        build_mod.assemble(
            jobs_a, results_a, build, settings=settings_a, env_hash="", ledger=stub_ledger, pdf=False, **quiet
        )
    assert "01_label.ipynb is not the chapter this build made" in _one_line(str(exc.value))
    assert (build / "report.html").read_bytes() == html_a, "nothing was published"

    # B publishes its report; then a correct run of A re-executes and publishes A, never "up to date"
    build_mod.build_report(nbdir, build, ledger=stub_ledger, cli_params=["label=B"], pdf=False, **quiet)
    assert "LABEL=B" in (build / "report.html").read_text(encoding="utf-8")
    res = build_mod.build_report(nbdir, build, ledger=stub_ledger, cli_params=["label=A"], pdf=False, **quiet)
    assert [r.status for r in res.results] == ["executed"] and res.html_rebuilt
    html = (build / "report.html").read_text(encoding="utf-8")
    assert "LABEL=A" in html and "LABEL=B" not in html
    # and with the lock, B cannot even start while A holds the folder
    with guard.build_lock(build), pytest.raises(guard.BuildLocked):
        build_mod.build_report(nbdir, build, ledger=stub_ledger, cli_params=["label=B"], pdf=False, **quiet)


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_a_dependency_upgrade_re_executes_and_the_appendix_shows_the_new_version(tmp_path, monkeypatch):
    nbdir, build = _labelled(tmp_path / "nb"), tmp_path / "build"
    quiet = {"log": lambda s: None}
    first = build_mod.build_report(nbdir, build, ledger=stub_ledger, pdf=False, **quiet)
    assert [r.status for r in first.results] == ["executed"]
    rec = cache.read_cache_record(build, "01_label")
    assert rec is not None and rec["packages"] == cache.package_versions()
    assert rec["sha256"] == cache.file_sha256(cache.executed_path(build, "01_label"))
    real = cache.package_versions()
    monkeypatch.setattr(build_mod, "package_versions", lambda: {**real, "pandas": "99.0.0"})
    res = build_mod.build_report(nbdir, build, ledger=stub_ledger, pdf=False, **quiet)
    assert [r.status for r in res.results] == ["executed"], "served from cache after a dependency change"
    html = (build / "report.html").read_text(encoding="utf-8")
    soft = html[html.index('id="appendix-b-software"') :]
    assert "<span class='pkg'>pandas</span> <code>99.0.0</code>" in soft


@pytest.mark.pipeline
@pytest.mark.xdist_group("build-safety")
def test_a_full_disk_while_publishing_keeps_the_previous_report(tmp_path, monkeypatch, capsys):
    nbdir, build = _labelled(tmp_path / "nb"), tmp_path / "build"
    build_mod.build_report(nbdir, build, ledger=stub_ledger, pdf=False, log=lambda s: None)
    before = (build / "report.html").read_bytes()
    real_replace = os.replace

    def full(src, dst, *a, **k):
        if Path(dst).name == "report.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(fsio.os, "replace", full)
    rc = _cli(["report", "--notebooks", str(nbdir), "--build", str(build), "--no-pdf", "-p", "label=new"])
    err = _one_line(capsys.readouterr().err)
    assert rc == 2 and "report.html" in err and "No space left on device" in err, err
    assert (build / "report.html").read_bytes() == before
    assert _temp_files(build) == []
