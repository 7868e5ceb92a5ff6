"""Every command the README and notebooks/parameters.yaml show is run, so the documentation cannot rot.

The README's fenced shell blocks, its inline `make …`, `python -m sinorussia …`, `pip …` and `conda …`
commands, its `-p …` parameter examples, `--option` fragments and `VAR=value` make variables, and the
commented examples of notebooks/parameters.yaml are parsed (`documented()`), and each one is matched to a
runner in RUNNERS below. A runner runs the command for real where that is cheap; for the expensive ones
it runs the documented command with its real arguments in the cheapest honest mode, or relies on the test
that already runs it, and says which and why in its docstring.

A documented command that no runner knows fails `test_every_documented_command_has_a_runner` (fast lane):
teach this file how to run it by adding a runner (a regular expression and a function) to RUNNERS.

Commands that execute notebooks are marked `pipeline` and share one build folder, so each notebook runs
at most once per parameter set (the report cache does the rest): about 2 minutes in all on 2 cores, most
of it the README's `-p start_year=2010`, which reaches five of the six chapters.
Make is always called with `-o .venv/.setup-done`: the suite already runs inside the environment that
setup made, and a test must never re-install packages because a checkout touched requirements.lock.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sinorussia import paths

ROOT = paths.ROOT
README = ROOT / "README.md"
PARAMETERS_YAML = paths.NOTEBOOKS_DIR / "parameters.yaml"
STAMP = ".venv/.setup-done"
SHELL_FENCES = {"bash", "sh", "shell", "console", "zsh"}
# inline code that is a command (the rest of the README's inline code is names, paths and values)
COMMAND = re.compile(
    r"^(make|python3?|pip|conda|jupyter|sudo|apt-get|sinorussia|\.venv/bin/\S+)\s+\S"
)  # a tool and its words
PARAM = re.compile(r"^-p\s+\S+=\S+")  # a report parameter example, `-p 02_economics.end_year=2020`
OPTION = re.compile(r"^--[a-z][\w-]*(\s+\S+)?$")  # `--format json`: an option of the command before it
MAKE_VAR = re.compile(r"^([A-Z][A-Z_]*)=(\S*)$")  # `GRID=notebooks/sweeps/06_scenarios.yaml`

pytestmark = pytest.mark.xdist_group("readme")


@dataclass(frozen=True)
class Doc:
    """One documented command: the text as a reader would type it, and where it is written."""

    command: str
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.command}"


def _strip_comment(line: str) -> str:
    """`make report   # execute …` -> `make report`; a # inside quotes or a word is kept, the text as written."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].strip()
    return line.strip()


def readme_commands(text: str, name: str = "README.md") -> list[Doc]:
    out: list[Doc] = []
    fence: str | None = None
    context = ""  # the last `python -m sinorussia <cmd>` seen: what an `--option` fragment belongs to
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            context = ""  # an option fragment belongs to a command of its own paragraph
        m = re.match(r"^\s*(```+|~~~+)\s*([\w+-]*)", line)
        if m:
            fence = None if fence is not None else m.group(2).lower()
            continue
        if fence is not None:
            cmd = _strip_comment(line.lstrip("$ ")) if fence in SHELL_FENCES else ""
            if cmd:
                out.append(Doc(cmd, f"{name}:{n}"))
            continue
        for span in re.findall(r"`([^`\n]+)`", line):
            span = span.strip()
            if COMMAND.match(span):
                words = span.split()
                if words[:3] == ["python", "-m", "sinorussia"] and len(words) > 3 and not words[3].startswith("-"):
                    context = " ".join(words[:4])
                out.append(Doc(span, f"{name}:{n}"))
            elif PARAM.match(span):
                out.append(Doc(f'make report PARAMS="{span}"', f"{name}:{n}"))
            elif OPTION.match(span) and context:
                out.append(Doc(f"{context} {span}", f"{name}:{n}"))
            elif MAKE_VAR.match(span):
                out.append(Doc(span, f"{name}:{n}"))
    return out


def parameters_yaml_examples(text: str) -> tuple[list[Doc], list[tuple[str, dict]]]:
    """The `make …` lines in its comments, and each commented YAML block (`#   key: value` lines)."""
    commands: list[Doc] = []
    blocks: list[tuple[str, dict]] = []
    block: list[str] = []
    start = 0

    def close() -> None:
        if block:
            blocks.append((f"parameters.yaml:{start}", yaml.safe_load("\n".join(block))))
            block.clear()

    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^#   (.*)$", line)
        if m and m.group(1).lstrip().startswith("make "):
            close()
            commands.append(Doc(_strip_comment(m.group(1)), f"parameters.yaml:{n}"))
        elif m:
            if not block:
                start = n
            block.append(m.group(1))
        else:
            close()
    close()
    return commands, blocks


def documented() -> list[Doc]:
    cmds = readme_commands(README.read_text(encoding="utf-8"))
    yaml_cmds, _ = parameters_yaml_examples(PARAMETERS_YAML.read_text(encoding="utf-8"))
    return cmds + yaml_cmds


# helpers the runners share
# ---------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    # the package of this checkout, whatever the venv's editable install points at (worktrees may share one)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "lib"), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return env


def run(
    argv: list[str], *, timeout: float = 300, cwd: Path = ROOT, ok: bool = True, env: dict | None = None
) -> subprocess.CompletedProcess:
    proc = subprocess.run(argv, cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=timeout)
    if ok and proc.returncode != 0:
        pytest.fail(f"`{shlex.join(argv)}` exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def make(*args: str, **kw) -> subprocess.CompletedProcess:
    return run(["make", "--no-print-directory", "-o", STAMP, *args], **kw)


def recipe(target: str, *variables: str) -> list[str]:
    """What `make <target> VAR=…` runs, without running it (make -n), one command per line."""
    out = make("-n", target, *variables).stdout
    return [line for line in out.splitlines() if line.strip() and not line.startswith("make")]


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "sinorussia", *args], **kw)


def assert_runs_the_cli(target: str, *variables: str, expect: str) -> str:
    """The make target hands its arguments to `python -m sinorussia …` as documented; returns that line."""
    lines = [line for line in recipe(target, *variables) if " -m sinorussia " in line]
    assert lines, f"make {target} does not run `python -m sinorussia`: {recipe(target, *variables)}"
    assert re.search(expect, lines[-1]), f"make {target} {' '.join(variables)} runs {lines[-1]!r}, not /{expect}/"
    return lines[-1]


def assert_test_exists(module: str, name: str) -> None:
    """A runner that relies on another test for the expensive part checks that test is still there."""
    text = (ROOT / "tests" / f"{module}.py").read_text(encoding="utf-8")
    assert f"def {name}(" in text, f"tests/{module}.py::{name} (which this runner relies on) is gone"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Callable[[list[str]], Path]:
    """A build folder per parameter set (the report cache keeps one run per notebook and folder), so the
    documented runs that share parameters (the README's report and parameters.yaml's own example line)
    execute each notebook once."""
    folders: dict[tuple[str, ...], Path] = {}

    def folder(params: list[str]) -> Path:
        values = _param_values(params)
        # `02_economics.start_year=2010` gives 02 what `start_year=2010` gives it: one folder, one execution
        key = tuple(sorted(v.split(".", 1)[-1] if "." in v.split("=", 1)[0] else v for v in values)) or tuple(params)
        if key not in folders:
            folders[key] = tmp_path_factory.mktemp("readme-build")
        return folders[key]

    return folder


def _param_values(argv: list[str]) -> list[str]:
    """The `-p name=value` values of an argument list."""
    return [argv[i + 1] for i, w in enumerate(argv[:-1]) if w in ("-p", "--param")]


def _notebooks_reached(argv: list[str]) -> list[str]:
    """The notebooks a report's `-p` parameters reach: `NN_slug.name=…` its notebook, `name=…` every
    notebook whose parameters cell has that name. Empty when the arguments name no parameter."""
    from sinorussia.report.notebooks import discover

    infos = discover(paths.NOTEBOOKS_DIR)
    reached: list[str] = []
    for value in _param_values(argv):
        lhs = value.split("=", 1)[0]
        nb, _, name = lhs.rpartition(".")
        reached += [i.name for i in infos if (i.name == nb if nb else name in i.defaults)]
    return list(dict.fromkeys(reached))


@pytest.fixture(scope="module")
def scratch_venv(tmp_path_factory) -> Path:
    """A throwaway virtualenv that sees the suite's installed packages (a .pth file) but has its own prefix,
    so `pip install -e .` and `ipykernel install --sys-prefix` run as documented without touching .venv."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    site = next(venv.glob("lib/python3*/site-packages"))
    shared = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site / "zz_suite_packages.pth").write_text("\n".join(shared) + "\n")
    return venv


# the runners: one per kind of documented command
# ---------------------------------------------------------------------------------------------


def _make_words(doc: Doc) -> tuple[str, dict[str, str]]:
    words = shlex.split(doc.command)
    assert words[0] == "make"
    targets = [w for w in words[1:] if "=" not in w]
    variables = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    assert len(targets) == 1, f"{doc}: one target per documented command"
    return targets[0], variables


def run_make_help(doc: Doc, **_) -> None:
    """Real: `make help` lists every target the README's table describes, and the table every target."""
    out = make("help").stdout
    listed = set(re.findall(r"^\s+make (\S+)", out, re.M))
    table = set(re.findall(r"^\| `make ([a-z-]+)`(?: / `make ([a-z-]+)`)?", README.read_text(encoding="utf-8"), re.M))
    documented_targets = {t for pair in table for t in pair if t}
    assert documented_targets, "the README's table of targets"
    assert documented_targets - {"help"} <= listed, f"in the README, not in make help: {documented_targets - listed}"
    assert listed - {"help"} <= documented_targets, f"in make help, not in the README: {listed - documented_targets}"


def run_make_setup(doc: Doc, **_) -> None:
    """Real run of the `setup` recipe with the environment already made (a fresh install takes minutes and the
    network): it checks for a browser for the PDF. The full recipe (make -n as if requirements.lock had
    changed) makes the venv with the documented PYTHON (a placeholder path becomes this machine's python3.11),
    installs the lock, the package and the kernel, and the kernel it registers is there."""
    _, variables = _make_words(doc)
    python = variables.get("PYTHON", "python3.11")
    if python.startswith("/path/to/"):
        python = shutil.which(Path(python).name) or sys.executable
    make("setup", timeout=600)
    argv = ["make", "--no-print-directory", "-n", "-W", "requirements.lock", "setup", f"PYTHON={python}"]
    full = run(argv).stdout
    for step in (
        f"{python} -m venv",
        "pip install --quiet -r requirements.lock",
        "--no-deps -e .",
        "ipykernel install",
    ):
        assert step in full, f"make setup no longer runs {step!r}:\n{full}"
    from jupyter_client.kernelspec import KernelSpecManager

    assert "sinorussia" in KernelSpecManager().find_kernel_specs(), "the kernel make setup registers"


def run_make_lab(doc: Doc, **_) -> None:
    """tests/test_lab.py starts the real `make lab LAB_ARGS=…` and drives it; here: the recipe adds
    --allow-root exactly when run as root, passes LAB_ARGS through, and opens at notebooks/."""
    assert_test_exists("test_lab", "test_lab_runs_the_workbook_on_the_project_kernel")
    _, variables = _make_words(doc)
    lab_args = variables.get("LAB_ARGS", "--no-browser --port 9999")
    line = recipe("lab", f"LAB_ARGS={lab_args}")[-1]
    assert "jupyter lab" in line and line.rstrip().endswith(lab_args), line
    assert ("--allow-root" in line) == (os.geteuid() == 0), line
    assert "/lab/tree/notebooks" in line, line


def run_make_data(doc: Doc, **_) -> None:
    """Real: every raw file fetched (from the mirror) and sha256-verified, as `make data` starts with. The
    rebuild it goes on to do takes about a minute; tests/test_processed_contract.py rebuilds every table from
    the raw files and compares it with data/processed byte for byte."""
    assert_runs_the_cli("data", expect=r"-m sinorussia data\b")
    assert_test_exists("test_processed_contract", "test_processed_tables_rebuild_byte_identically")
    out = cli("fetch", timeout=300).stdout
    assert "sha256-verified" in out, out


def run_make_report(doc: Doc, build: Callable[[list[str]], Path], **_) -> None:
    """With PARAMS: the real make target with the documented parameters, into a scratch build folder and
    without the PDF (--build, --no-pdf and, when the example has none, --only the notebooks its parameters
    reach are appended to PARAMS): every notebook the parameters change runs with them, and the others,
    which would run with their defaults, are left to tests/test_pipeline.py::test_real_report, which builds
    the whole report, PDF included, with the same function, as it does for `make report` without PARAMS."""
    _, variables = _make_words(doc)
    if "PARAMS" not in variables:
        assert_runs_the_cli("report", expect=r"-m sinorussia report\s*$")
        assert_test_exists("test_pipeline", "test_real_report")
        return
    params = variables["PARAMS"]
    assert_runs_the_cli("report", f"PARAMS={params}", expect=r"-m sinorussia report " + re.escape(params))
    argv = shlex.split(params)
    reached = _notebooks_reached(argv)
    only = [] if "--only" in argv or not reached else ["--only", *reached]
    folder = build(argv)
    proc = make("report", f"PARAMS={shlex.join([*argv, *only])} --build {folder} --no-pdf", timeout=600)
    assert (folder / "report.html").is_file()
    for name in reached:
        assert re.search(rf"{name}\s+(executed|cached)", proc.stdout), f"{doc}: {name} did not run:\n{proc.stdout}"


def run_make_seminar(doc: Doc, **_) -> None:
    """The target runs `python -m sinorussia seminar`, which the CLI knows. Not run here: its teacher copies
    execute all six notebooks (a minute and a half on 2 cores, on top of the report runs above).
    tests/test_seminar.py runs the same command path (make_seminar) on the fixture notebooks and checks both
    kinds of copy, and tests/test_lab.py writes the student copies of the real notebooks and opens them in Lab."""
    assert_runs_the_cli("seminar", expect=r"-m sinorussia seminar\b")
    assert "--build" in cli("seminar", "--help").stdout
    assert_test_exists("test_seminar", "test_a_student_and_a_teacher_copy_of_every_notebook")
    assert_test_exists("test_lab", "test_lab_runs_the_workbook_on_the_project_kernel")


def run_make_edition(doc: Doc, **_) -> None:
    """make -n only, because running it writes a committed file (data/editions/<date>.json) from a full
    default build: the target runs `python -m sinorussia edition`, which the CLI knows;
    tests/test_edition.py tests what it writes, on real executed notebooks."""
    assert_runs_the_cli("edition", expect=r"-m sinorussia edition\b")
    assert "--build" in cli("edition", "--help").stdout
    assert_test_exists("test_edition", "test_make_edition_refuses_a_partial_build")


def run_make_sweep(doc: Doc, **_) -> None:
    """The documented grid, validated the way the sweep validates it before anything runs (each of its runs
    against the notebook's parameters cell); running its runs takes a minute, and tests/test_sweep.py runs a
    two-point sweep through the command line. With `SCHEDULER=<address>` (the README's `tcp://host:8786`
    names no real host): the target hands the address to the CLI's --scheduler, and tests/test_sweep.py runs
    a sweep on a real scheduler it starts (a LocalCluster) and checks an unreachable one is one line."""
    from sinorussia.report import sweep
    from sinorussia.report.settings import check_parameter

    _, variables = _make_words(doc)
    grid = variables.get("GRID") or re.search(r"^GRID \?= (\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)  # type: ignore[union-attr]
    assert_runs_the_cli("sweep", f"GRID={grid}", expect=r"-m sinorussia sweep .*" + re.escape(grid))
    if "SCHEDULER" in variables:
        address = variables["SCHEDULER"]
        assert_runs_the_cli("sweep", f"SCHEDULER={address}", expect=r"--scheduler\s+" + re.escape(address))
        assert_test_exists(
            "test_sweep", "test_sweep_on_a_given_dask_scheduler_collects_every_point_and_reports_a_failing_one"
        )
        assert_test_exists("test_sweep", "test_an_unreachable_scheduler_is_one_line")
    name, sets = sweep.read_grid(ROOT / grid)
    info = sweep._notebook(name, paths.NOTEBOOKS_DIR)
    assert sets
    for s in sets:
        for k, v in s.items():
            check_parameter(info, k, v, grid)
    assert_test_exists("test_sweep", "test_two_point_sweep_from_the_command_line")


def run_make_test(doc: Doc, **_) -> None:
    """This suite is what `make test` / `make test-fast` run, so running them here would recurse: their
    recipes run ruff, mypy and pytest as documented, and pytest collects this file's tests with their marker
    expression (test-fast: none of the notebook or pipeline tests)."""
    target, _ = _make_words(doc)
    lines = recipe(target)
    pytest_line = next((line for line in lines if " -m pytest " in line), "")
    assert "-n 2" in pytest_line, lines
    if target == "test":
        assert any("ruff check" in line for line in lines) and any("mypy" in line for line in lines), lines
        expr = None
    else:
        expr = re.search(r'-m "([^"]+)"', pytest_line).group(1)  # type: ignore[union-attr]
        assert expr == "not notebooks and not pipeline", pytest_line
    argv = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/test_readme.py"]
    out = run([*argv, *(["-m", expr] if expr else [])]).stdout
    collected = re.findall(r"^tests/test_readme\.py::(.+)$", out, re.M)
    assert any(c.startswith("test_every_documented_command_has_a_runner") for c in collected), out[-2000:]
    slow = [c for c in collected if "make report" in c]
    assert (not slow) if expr else slow, f"marker expression {expr!r} collects {slow}"


def run_make_lint(doc: Doc, **_) -> None:
    """Real (ruff takes a second)."""
    make("lint", timeout=300)


def run_make_format(doc: Doc, **_) -> None:
    """The target's ruff commands with --diff, which reports without rewriting the reader's files."""
    ruff = [shlex.split(line) for line in recipe("format") if "ruff" in line]
    assert len(ruff) == 2, recipe("format")
    for argv in ruff:
        run([*argv, "--diff"], timeout=300)


def run_make_typecheck(doc: Doc, **_) -> None:
    """Real."""
    make("typecheck", timeout=600)


def run_make_bench(doc: Doc, **_) -> None:
    """make -n and the command's options only: the benchmark times three full builds against the naive loop
    (several minutes by design); its parts (touch_notebook, the cached rebuild) are tested in test_pipeline."""
    assert_runs_the_cli("bench", expect=r"-m sinorussia bench\b")
    assert "--no-pdf" in cli("bench", "--help").stdout


def run_make_clean(doc: Doc, tmp_path: Path, **_) -> None:
    """Real, in a scratch copy of the Makefile: build products go, .venv and the data stay."""
    for d in ("build/executed", "data/raw", "data/processed", ".venv", "lib/x/__pycache__", ".pytest_cache"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "f").write_text("x")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    run(["make", "--no-print-directory", "clean"], cwd=tmp_path)
    assert not (tmp_path / "build").exists() and not (tmp_path / "lib/x/__pycache__").exists()
    assert not (tmp_path / ".pytest_cache").exists()
    for kept in ("data/raw/f", "data/processed/f", ".venv/f"):
        assert (tmp_path / kept).is_file(), f"make clean removed {kept}"


def run_make_lock(doc: Doc, **_) -> None:
    """make -n only: it re-resolves requirements.in from the package index and rewrites the lock and
    environment.yml (tests/test_environment.py checks the two agree and match what is installed)."""
    lines = recipe("lock")
    assert any("pip install --quiet -r requirements.in" in line for line in lines), lines
    assert any("tools/sync_environment.py" in line for line in lines), lines
    assert_test_exists("test_environment", "test_environment_yml_installs_the_same_pins")


def run_apt_install(doc: Doc, **_) -> None:
    """Not run (it needs root and changes the system): every package it names exists in this machine's apt
    index when there is one (apt-cache show), so the name a reader copies is right."""
    packages = [
        w for w in shlex.split(doc.command) if w not in ("sudo", "apt-get", "install") and not w.startswith("-")
    ]
    assert packages, doc
    if not shutil.which("apt-cache"):
        pytest.skip("no apt-cache here to check the package names against")
    for pkg in packages:
        proc = run(["apt-cache", "show", pkg], ok=False)
        assert proc.returncode == 0 and f"Package: {pkg}" in proc.stdout, f"{doc}: apt knows no package {pkg!r}"


def run_make_var(doc: Doc, **_) -> None:
    """`VAR=value`: the Makefile has the variable, and a value that names a file names one that exists."""
    name, value = MAKE_VAR.match(doc.command).groups()  # type: ignore[union-attr]
    assert re.search(rf"^{name}\s*[?:]?=", (ROOT / "Makefile").read_text(), re.M), f"the Makefile has no {name}"
    if "/" in value:
        assert (ROOT / value).exists(), f"{doc}: {value} does not exist"


def run_sinorussia(doc: Doc, tmp_path: Path, build: Callable[[list[str]], Path], **_) -> None:
    """`python -m sinorussia …`: the cheap commands for real (FILE placeholders become scratch files); the
    building ones as their make targets are run above."""
    words = shlex.split(doc.command)[3:]
    sub = words[0] if words else "--help"
    if sub in ("--help", "-h"):
        out = cli("--help").stdout
        # the README lists the library's commands right after this one: each is one
        listed = re.search(r"python -m sinorussia --help` lists.*?\((.*?)\)", README.read_text(encoding="utf-8"), re.S)
        assert listed, "the README lists the library's commands after `python -m sinorussia --help`"
        named = set(re.findall(r"`(\w+)`", listed.group(1)))
        commands = set(re.search(r"\{([\w,-]+)\}", out).group(1).split(","))  # type: ignore[union-attr]
        assert named == commands, (
            f"README's list of commands differs from python -m sinorussia --help: only in the README "
            f"{sorted(named - commands)}, only in the CLI {sorted(commands - named)}"
        )
        return
    heavy = {"report": run_make_report, "seminar": run_make_seminar, "bench": run_make_bench}
    heavy |= {"sweep": run_make_sweep, "edition": run_make_edition, "data": run_make_data}
    if sub in heavy:
        make_doc = Doc(f"make {sub}", doc.where)
        heavy[sub](make_doc, tmp_path=tmp_path, build=build)
        return
    if sub not in ("claims", "tables", "fetch", "catalog"):
        pytest.fail(f"{doc}: teach tests/test_readme.py how to run `python -m sinorussia {sub}` (RUNNERS)")
    argv = [str(tmp_path / "out.file") if w == "FILE" else w for w in words]
    if sub == "catalog":  # rewrites data/CATALOG.md: it must come out as committed
        before = (ROOT / "data" / "CATALOG.md").read_bytes()
    stdout = main_in_process(argv) if sub == "claims" else cli(*argv, timeout=300).stdout
    assert stdout.strip(), doc
    if "FILE" in words:
        assert (tmp_path / "out.file").stat().st_size > 0
    if sub == "claims" and words == ["claims"]:
        assert re.search(r"supported", stdout, re.I), "the ledger prints its counts per verdict"
    if sub == "catalog":
        assert (ROOT / "data" / "CATALOG.md").read_bytes() == before


def main_in_process(argv: list[str]) -> str:
    """The command line's own entry point (sinorussia.__main__.main) in this process: the claim ledger takes
    seconds to compute from the tables, and the tables, once loaded, serve every documented variant."""
    from sinorussia.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    assert code == 0, f"python -m sinorussia {shlex.join(argv)} exited {code}:\n{out.getvalue()[-2000:]}"
    return out.getvalue()


def run_pip_editable(doc: Doc, scratch_venv: Path, **_) -> None:
    """Real, in a throwaway virtualenv: the package installs editable and imports from this checkout."""
    words = shlex.split(doc.command)
    assert words[:2] == ["pip", "install"], doc
    env = {k: v for k, v in _env().items() if k != "PYTHONPATH"}  # the import must come from the install
    run([str(scratch_venv / "bin" / "pip"), *words[1:]], timeout=300, env=env)
    probe = "import sinorussia; print(sinorussia.__file__)"
    out = run([str(scratch_venv / "bin" / "python"), "-c", probe], cwd=scratch_venv, env=env).stdout
    assert out.strip().startswith(str(ROOT / "lib")), out


def run_ipykernel_install(doc: Doc, scratch_venv: Path, **_) -> None:
    """Real, in a throwaway virtualenv (--sys-prefix writes the kernel there): it registers `sinorussia`."""
    words = shlex.split(doc.command)
    run([str(scratch_venv / "bin" / "python"), *words[1:]], timeout=120)
    name = words[words.index("--name") + 1]
    assert (scratch_venv / "share" / "jupyter" / "kernels" / name / "kernel.json").is_file()


def run_conda_env(doc: Doc, **_) -> None:
    """With conda, a dry run of the documented command; without (as here), the file it reads: valid, and
    pinning what requirements.lock pins (tests/test_environment.py compares every pin)."""
    assert_test_exists("test_environment", "test_environment_yml_installs_the_same_pins")
    words = shlex.split(doc.command)
    env_file = ROOT / words[words.index("-f") + 1]
    spec = yaml.safe_load(env_file.read_text(encoding="utf-8"))
    assert spec["dependencies"], env_file
    if shutil.which("conda"):
        run([*words, "--dry-run", "-n", "sinorussia-readme-dry-run"], timeout=600)


@dataclass(frozen=True)
class Runner:
    pattern: str
    func: Callable[..., None]
    slow: bool = False  # starts the package or a tool that takes seconds, or executes notebooks: the pipeline lane


RUNNERS = [
    Runner(r"make help", run_make_help),
    Runner(r"make setup( PYTHON=\S+)?", run_make_setup, slow=True),
    Runner(r"(sudo )?apt-get install [\w.+-]+( [\w.+-]+)*", run_apt_install, slow=True),
    Runner(r"make lab( LAB_ARGS=.*)?", run_make_lab),
    Runner(r"make data", run_make_data, slow=True),
    Runner(r"make report( PARAMS=.*)?", run_make_report, slow=True),
    Runner(r"make seminar", run_make_seminar, slow=True),  # slow: it starts the package (--help)
    Runner(r"make edition", run_make_edition, slow=True),
    Runner(r"make sweep( GRID=\S+)?( SCHEDULER=\S+)?", run_make_sweep, slow=True),
    Runner(r"make test(-fast)?", run_make_test, slow=True),
    Runner(r"make lint", run_make_lint, slow=True),
    Runner(r"make format", run_make_format, slow=True),
    Runner(r"make typecheck", run_make_typecheck, slow=True),
    Runner(r"make bench", run_make_bench, slow=True),
    Runner(r"make clean", run_make_clean),
    Runner(r"make lock", run_make_lock),
    Runner(r"[A-Z][A-Z_]*=\S*", run_make_var),
    Runner(r"python -m sinorussia (--help|claims|tables|fetch|catalog)( .*)?", run_sinorussia, slow=True),
    Runner(r"python -m sinorussia (report|seminar|sweep|bench|edition|data)( .*)?", run_sinorussia, slow=True),
    Runner(r"pip install --no-deps -e \.", run_pip_editable, slow=True),
    Runner(r"python -m ipykernel install --sys-prefix --name \S+", run_ipykernel_install, slow=True),
    Runner(r"conda env create -f \S+", run_conda_env, slow=True),
]


def runner_for(doc: Doc) -> Runner | None:
    for r in RUNNERS:
        if re.fullmatch(r.pattern, doc.command):
            return r
    return None


DOCS = list(dict.fromkeys(documented()))  # a command written twice runs once (the first place names it)
_seen: dict[str, Doc] = {}
for _d in DOCS:
    _seen.setdefault(_d.command, _d)
UNIQUE = list(_seen.values())


def test_the_readme_and_parameters_yaml_show_commands():
    """The parser finds what a reader sees: the two headline commands first, and the parameter examples."""
    commands = [d.command for d in DOCS]
    assert commands[:2] == ["make report", "make test"], commands[:4]
    assert 'make report PARAMS="-p start_year=2010"' in commands
    assert any(d.where.startswith("parameters.yaml") for d in DOCS)


def test_every_documented_command_has_a_runner():
    unknown = [str(d) for d in UNIQUE if runner_for(d) is None]
    assert not unknown, (
        "documented commands this test does not know how to run:\n  "
        + "\n  ".join(unknown)
        + "\nteach tests/test_readme.py: add a Runner(pattern, function) to RUNNERS that runs the command for real "
        "(or in its cheapest honest mode, saying why in the function's docstring)"
    )


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param(d, id=d.command, marks=[pytest.mark.pipeline] if (r := runner_for(d)) and r.slow else [])
        for d in UNIQUE
    ],
)
def test_documented_command_runs(doc: Doc, request, tmp_path):
    r = runner_for(doc)
    if r is None:
        pytest.fail(f"{doc}: no runner (see test_every_documented_command_has_a_runner)")
    wanted = inspect.signature(r.func).parameters
    fixtures = {name: request.getfixturevalue(name) for name in ("build", "scratch_venv") if name in wanted}
    r.func(doc, tmp_path=tmp_path, **fixtures)


def test_parameters_yaml_examples_are_valid_for_the_notebooks(tmp_path):
    """Each commented YAML block of parameters.yaml, as a parameters file: the build plans it (names, types,
    dependencies all checked) — the fast check; the run below executes the notebooks it names."""
    from sinorussia.report.plan import plan

    _, blocks = parameters_yaml_examples(PARAMETERS_YAML.read_text(encoding="utf-8"))
    assert len(blocks) >= 2, blocks
    for where, block in blocks:
        assert isinstance(block, dict), where
        f = tmp_path / "parameters.yaml"
        f.write_text(yaml.safe_dump(block), encoding="utf-8")
        jobs, _ = plan(paths.NOTEBOOKS_DIR, params_file=f)
        assert jobs, where


@pytest.mark.pipeline
def test_parameters_yaml_example_runs(build: Callable[[list[str]], Path], tmp_path):
    """Real: the example's notebooks executed with the example as parameters.yaml (only the notebooks it
    names: the others would run with their defaults, which the report tests cover)."""
    _, blocks = parameters_yaml_examples(PARAMETERS_YAML.read_text(encoding="utf-8"))
    for where, block in blocks:
        names = [k for k in block if k not in ("depends_on", "report")]
        if not names:
            continue
        f = tmp_path / "parameters.yaml"
        f.write_text(yaml.safe_dump(block), encoding="utf-8")
        folder = build(["--params-file", where])
        argv = ["--params-file", str(f), "--only", *names, "--build", str(folder), "--no-pdf"]
        proc = make("report", f"PARAMS={shlex.join(argv)}", timeout=600)
        for name in names:
            assert re.search(rf"{name}\s", proc.stdout), f"{where}: {name} did not run:\n{proc.stdout}"
