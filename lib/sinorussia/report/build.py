"""The whole build (`make report`): plan, execute (cached), then publish the HTML and print the PDF.

    notebooks/NN_slug.ipynb --papermill--> build/executed/NN_slug.ipynb (+ NN_slug.cache.json)
                            --publish-->   build/report.html (+ build/mathjax/) --chromium--> build/report.pdf

The HTML and the PDF are made again only when their assembly key changes: the chapters' cache keys, the
library and data, report/ itself (its modules and templates), the commit, and the report settings
(build/.report-state.json remembers the key each was made from). build/last-build.json records the outcome
of every notebook, also when the build fails.

Everything that runs on a no-change rebuild is light (no papermill, nbconvert or browser), so such a rebuild
takes about a second. Every output is written atomically: a failure never leaves a half-written report, and
the previous build/report.html and build/report.pdf stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import WorkbookError
from ..fsio import atomic_write_text
from . import pdf as pdfmod
from .appendices import Ledger, ledger_export
from .cache import environment_hash, executed_path, file_sha256, hash_files, package_versions, read_cache_record
from .edition import EDITIONS_DIR
from .execute import (
    CELL_TIMEOUT,
    WORKERS,
    Log,
    NotebookFailed,
    Result,
    check_run_settings,
    execute,
    name_width,
    summary_table,
)
from .guard import build_lock, clean_temp_files, guarded
from .plan import KERNEL, Job, plan
from .publish import publish
from .settings import Settings

REPORT_DIR = Path(__file__).resolve().parent
NO_BROWSER = (
    "no Chromium found, so build/report.pdf was not printed (build/report.html is complete, and no PDF of an "
    "earlier report is left beside it): install one with `apt-get install chromium` (or point "
    f"${pdfmod.BROWSER_ENV} at Chrome), or build the HTML alone with `make report PARAMS=--no-pdf`."
)


class StaleChapter(WorkbookError):
    """An executed notebook is not the one this build made (another build replaced it)."""


class NoBrowser(WorkbookError):
    """The PDF was asked for but no browser can print it (the HTML is complete)."""


def git_describe(root: Path = paths.ROOT) -> str:
    """The commit (12 hex digits) with '-dirty' when the work tree has uncommitted changes; '' without git."""
    try:
        # The nbstripout clean filter would run (slowly) on every notebook whose stat info git has not
        # cached, e.g. in a fresh clone; comparing raw bytes is enough to call the tree dirty.
        out = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "-c",
                "filter.nbstripout.clean=cat",
                "-c",
                "filter.nbstripout.smudge=cat",
                "describe",
                "--always",
                "--dirty",
                "--abbrev=12",
            ],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


@dataclass
class BuildResult:
    """What build_report did: each notebook's outcome, the files written, what was made again, warnings."""

    results: list[Result]
    html: Path | None
    pdf: Path | None
    html_rebuilt: bool
    pdf_rebuilt: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _editions_hash() -> str:
    """The committed editions: the page's 'What changed' compares with the newest, so a new one re-assembles it."""
    h = hashlib.sha256()
    hash_files(h, list(EDITIONS_DIR.glob("*.json")), EDITIONS_DIR)
    return h.hexdigest()


def _template_hash() -> str:
    """report/ (its modules and templates), which shapes the HTML and the PDF but is outside the notebooks' keys.
    All of it rather than a hand-kept list of the page's modules: a list goes stale when a module is added, and
    an edit to the machinery then costs one re-assembly and re-print (seconds), never a re-execution."""
    h = hashlib.sha256()
    files = list(REPORT_DIR.glob("*.py")) + [p for p in (REPORT_DIR / "templates").rglob("*") if p.is_file()]
    hash_files(h, files, REPORT_DIR)
    return h.hexdigest()


def _assembly_key(
    chapters: list[tuple[str, str, str]],
    env_hash: str,
    commit: str,
    settings: Settings,
    hide_all: bool,
    partial: bool,
    ledger: str,
) -> str:
    """What the HTML and the PDF are made from (each chapter's name, key and the SHA-256 of the executed
    notebook read); when it is unchanged they are up to date."""
    return hashlib.sha256(
        json.dumps(
            {
                "chapters": chapters,
                "env": env_hash,
                "templates": _template_hash(),
                "editions": _editions_hash(),
                "commit": commit,
                "report": settings.report,
                "hide_all": hide_all,
                "partial": partial,
                "ledger": ledger,
            },
            sort_keys=True,
            default=repr,
        ).encode()
    ).hexdigest()


def _read_state(state_file: Path) -> dict:
    """{"html": key, "pdf": key}: the assembly key each output was last made from ({} when unknown)."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}  # a corrupt state only costs a re-assembly


def build_report(
    notebooks_dir: Path | None = None,
    build_dir: Path | None = None,
    *,
    ledger: Callable[[], Ledger],
    cli_params: Iterable[str] = (),
    only: Iterable[str] = (),
    params_file: Path | None = None,
    workers: int = WORKERS,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    force: bool = False,
    pdf: bool = True,
    show_code: bool | None = None,
    log: Log = print,
) -> BuildResult:
    """Execute (cached) and publish build/report.html and build/report.pdf. Raises WorkbookError subclasses.

    `ledger` makes appendix A, the claim ledger, and the ledger files published beside the report (the
    command line passes the claims engine's export): the report receives it rather than reaching into the
    claims engine. It runs on every build, so the report never shows a ledger older than the register.

    The whole build holds build/.lock (a second build of the same folder stops at once with one line), starts
    by removing the temporary files a killed run left, and turns Ctrl-C, a full disk or a read-only folder
    into one line after removing its own temporary files.
    """
    t0 = time.perf_counter()
    check_run_settings(workers, timeout)  # `-j 0` would run nothing and publish the old chapters
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR).resolve()
    build_dir = Path(build_dir or paths.BUILD_DIR).resolve()
    only = list(only)
    with build_lock(build_dir), guarded(build_dir):
        clean_temp_files(build_dir)
        packages = package_versions()
        env_hash = environment_hash(packages)
        jobs, settings = plan(
            notebooks_dir,
            params_file=params_file,
            cli_params=cli_params,
            only=only,
            kernel=kernel,
            env_hash=env_hash,
            packages=packages,
        )
        log(f"Report: {len(jobs)} notebook(s) from {notebooks_dir} -> {build_dir}")
        results = run_jobs(
            jobs, build_dir, notebooks_dir, workers=workers, timeout=timeout, kernel=kernel, force=force, log=log
        )
        return assemble(
            jobs,
            results,
            build_dir,
            settings=settings,
            env_hash=env_hash,
            ledger=ledger,
            partial=bool(only),
            show_code=show_code,
            pdf=pdf,
            log=log,
            t0=t0,
        )


def run_jobs(
    jobs: list[Job],
    build_dir: Path,
    notebooks_dir: Path,
    *,
    workers: int = WORKERS,
    timeout: int = CELL_TIMEOUT,
    kernel: str = KERNEL,
    force: bool = False,
    log: Log = print,
) -> list[Result]:
    """The execution phase: run (or reuse) every job; on a failure record it in build/last-build.json."""
    build_dir.mkdir(parents=True, exist_ok=True)
    try:
        return execute(
            jobs,
            build_dir,
            notebooks_dir=notebooks_dir,
            workers=workers,
            timeout=timeout,
            kernel=kernel,
            force=force,
            log=log,
        )
    except NotebookFailed as exc:
        log("\n" + summary_table(exc.results))
        atomic_write_text(
            build_dir / "last-build.json",
            json.dumps({"ok": False, "results": [r.__dict__ for r in exc.results], "error": str(exc)}, indent=1),
        )
        raise


def verify_chapters(jobs: list[Job], build_dir: Path) -> list[tuple[str, str, str]]:
    """(name, key, SHA-256) of each executed notebook the page will read, checked against this build's plan:
    its record must carry the planned key and the SHA-256 of the file beside it. Anything else means another
    build (or a hand) replaced it after this build executed it: refuse, rather than publish it under our keys."""
    out = []
    for job in jobs:
        name = job.info.name
        rec = read_cache_record(build_dir, name)
        sha = file_sha256(executed_path(build_dir, name))
        if rec is None or sha is None or rec.get("key") != job.key or rec.get("sha256") != sha:
            found = "missing or unreadable" if rec is None or sha is None else f"made with key {rec['key'][:12]}"
            raise StaleChapter(
                f"{executed_path(build_dir, name)} is not the chapter this build made (it is {found}; this build's "
                f"key is {job.key[:12]}): another build changed it meanwhile; nothing was published, run "
                "`make report` again."
            )
        out.append((name, job.key, sha))
    return out


def _drop_stale_pdf(pdf_path: Path, state: dict, assembly_key: str, log: Log, why: str) -> bool:
    """Remove build/report.pdf when it was printed from another report.html than the current one. -> removed?"""
    if pdf_path.is_file() and state.get("pdf") != assembly_key:
        pdf_path.unlink()
        log(f"  removed {pdf_path.name}: it was printed from an earlier report.html ({why})")
        return True
    return False


def assemble(
    jobs: list[Job],
    results: list[Result],
    build_dir: Path,
    *,
    settings: Settings,
    env_hash: str,
    ledger: Callable[[], Ledger],
    partial: bool = False,
    show_code: bool | None = None,
    pdf: bool = True,
    log: Log = print,
    t0: float | None = None,
) -> BuildResult:
    """The publishing phase: verify the executed chapters are this build's, then write the HTML and the PDF
    unless they are already made from exactly these chapters (same assembly key)."""
    t0 = time.perf_counter() if t0 is None else t0
    state_path = build_dir / "last-build.json"
    chapters = verify_chapters(jobs, build_dir)
    the_ledger = ledger_export(ledger)  # before the page: a failing ledger keeps the previous report
    hide_all = settings.report.get("hide_all_inputs", True) if show_code is None else not show_code
    commit = git_describe()
    html_path, pdf_path = build_dir / "report.html", build_dir / "report.pdf"
    # from the chapters as read and verified, so "up to date" always means "made from these very files"
    assembly_key = _assembly_key(chapters, env_hash, commit, settings, hide_all, partial, the_ledger.digest())
    state_file = build_dir / ".report-state.json"
    state = _read_state(state_file)
    error: str | None = None
    html_rebuilt = pdf_rebuilt = False
    w = name_width(j.info.name for j in jobs)
    if state.get("html") != assembly_key or not html_path.is_file():
        t1 = time.perf_counter()
        publish(
            jobs,
            results,
            build_dir,
            html_path,
            settings=settings,
            ledger=the_ledger,
            hide_all_inputs=hide_all,
            commit=commit,
            partial=partial,
        )
        html_rebuilt = True
        state = {"html": assembly_key, **({"pdf": state["pdf"]} if "pdf" in state else {})}
        atomic_write_text(state_file, json.dumps(state))
        log(f"  ✓ {'report.html':<{w}} assembled in {time.perf_counter() - t1:.1f} s")
    else:
        log(f"  · {'report.html':<{w}} up to date")
    if not pdf:
        _drop_stale_pdf(pdf_path, state, assembly_key, log, "--no-pdf: run without it to print the PDF again")
    elif state.get("pdf") == assembly_key and pdf_path.is_file():
        log(f"  · {'report.pdf':<{w}} up to date")
    else:
        browser = pdfmod.find_browser()
        if browser is None:
            _drop_stale_pdf(pdf_path, state, assembly_key, log, "no browser to print a new one")
            error = NO_BROWSER
        else:
            t1 = time.perf_counter()
            # a failed print raises, and keeps the previous PDF as pdf.py promises; the state still says it is
            # stale, so the next build prints it again
            pdfmod.print_pdf(html_path, pdf_path, browser)
            pdf_rebuilt = True
            state["pdf"] = assembly_key
            atomic_write_text(state_file, json.dumps(state))
            log(f"  ✓ {'report.pdf':<{w}} printed in {time.perf_counter() - t1:.1f} s")
    total = time.perf_counter() - t0
    atomic_write_text(
        state_path,
        json.dumps(
            {
                "ok": error is None,
                "results": [r.__dict__ for r in results],
                "html_rebuilt": html_rebuilt,
                "pdf_rebuilt": pdf_rebuilt,
                "seconds": round(total, 3),
                **({"error": error} if error else {}),
            },
            indent=1,
        ),
    )
    log("\n" + summary_table(results))
    log(f"  {'total':<{w}} {'':<9} {total:>8.1f}")
    if error is not None:
        raise NoBrowser(error)
    out_pdf = pdf_path if pdf and pdf_path.is_file() else None
    log(f"\nWrote {html_path}" + (f" and {pdf_path.name}" if out_pdf else ""))
    return BuildResult(results, html_path, out_pdf, html_rebuilt, pdf_rebuilt, total, [])
