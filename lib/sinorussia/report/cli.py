"""Command-line entries of the report stage: `report`, `seminar`, `bench`, `sweep` (wired in sinorussia.__main__).

The one module of report/ that knows the claims engine: it hands `claims.render_ledger_html` to the build as
appendix A. The heavy packages (papermill, nbconvert, jinja2, the browser) are imported only when something
is executed or assembled, so `python -m sinorussia report` on an unchanged workbook returns in about a second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from .. import claims, paths
from .appendices import Ledger
from .bench import run_bench
from .build import NoBrowser, build_report
from .edition import read_build_edition, write_edition
from .seminar import make_seminar
from .sweep import run_sweep


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of NN_slug.ipynb notebooks (default: notebooks/)",
    )
    p.add_argument("--build", type=Path, default=None, metavar="DIR", help="output folder (default: build/)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="notebooks executed in parallel (default 2)")
    p.add_argument("--force", action="store_true", help="execute every notebook even when its cache is current")


def _params(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-p",
        "--param",
        dest="params",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter (value read as YAML: 2010, 0.5, true, '[CHN, RUS]'); "
        "NN_slug.NAME=VALUE targets one notebook; repeatable",
    )
    p.add_argument(
        "--params-file",
        type=Path,
        default=None,
        metavar="YAML",
        help="per-notebook parameters (default: <notebooks>/parameters.yaml)",
    )
    p.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add report, seminar, bench and sweep to the subcommands of `python -m sinorussia`."""
    p = sub.add_parser(
        "report",
        help="execute the notebooks (cached, 2 in parallel) and publish build/report.html + .pdf",
        description="Execute every notebooks/NN_*.ipynb with papermill (cached on source, parameters, "
        "library and data) and publish build/report.html and build/report.pdf.",
    )
    _common(p)
    _params(p)
    p.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="NOTEBOOK",
        help="build only these notebooks (name or unique prefix, e.g. 02 or 02_economics)",
    )
    p.add_argument("--no-pdf", action="store_true", help="skip printing the PDF")
    p.add_argument("--show-code", action="store_true", help="show code inputs (the report hides them by default)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "edition",
        help="build the report (cached) and commit-ready data/editions/<date>.json: this build's results",
        description="Build the whole report with the default parameters (cached), then write its results "
        "(the ledger, each chapter's headline findings, the scenario posteriors and forecasts) as the "
        "edition data/editions/<date>.json, which later reports compare with ('What changed').",
    )
    _common(p)
    p.set_defaults(func=_cmd_edition)

    p = sub.add_parser(
        "seminar", help="student copies (solutions removed) and teacher copies (executed) in build/seminar/"
    )
    _common(p)
    _params(p)
    p.set_defaults(func=_cmd_seminar)

    p = sub.add_parser("bench", help="time cold, no-change and one-notebook rebuilds against the naive nbconvert loop")
    p.add_argument(
        "--notebooks", type=Path, default=None, metavar="DIR", help="notebooks to benchmark (default notebooks/)"
    )
    p.add_argument("--out", type=Path, default=None, metavar="JSON", help="results file (default build/bench.json)")
    p.add_argument("--touch", default=None, metavar="NOTEBOOK", help="the notebook to modify (default: the last)")
    p.add_argument("--no-pdf", action="store_true", help="leave the PDF out of the pipeline timings")
    p.add_argument("--no-sweep", action="store_true", help="skip the scenario sweep timings")
    p.add_argument("--sweep-only", action="store_true", help="time only the scenario sweeps (vectorised and Dask)")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser(
        "sweep",
        help="run one notebook over a grid of parameter sets; compare results in a table",
        description="Execute a notebook once per parameter set of a YAML grid (see "
        "notebooks/sweeps/) and write build/sweep/<notebook>/comparison.csv.",
    )
    p.add_argument("grid", type=Path, help="YAML grid file, e.g. notebooks/sweeps/06_scenarios.yaml")
    p.add_argument(
        "--notebooks", type=Path, default=None, metavar="DIR", help="folder of notebooks (default notebooks/)"
    )
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder (default build/sweep/)")
    p.add_argument("-j", "--jobs", type=int, default=2, help="local Dask workers, runs in parallel (default 2)")
    p.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://host:8786 (default: a local cluster of --jobs workers)",
    )
    p.set_defaults(func=_cmd_sweep)


def _cmd_sweep(args: argparse.Namespace) -> None:
    table = run_sweep(
        args.grid, args.notebooks, args.out, workers=args.jobs, timeout=args.timeout, scheduler=args.scheduler or None
    )
    # one column per run, one row per parameter or result: readable however many results a notebook records
    shown = table.T.map(
        lambda v: f"{v:.3f}" if isinstance(v, float) else (str(v)[:38] + "…" if len(str(v)) > 39 else v)
    )
    with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_colwidth", 40):
        print(shown.to_string())


def claims_ledger() -> Ledger:
    """Appendix A and the ledger files, from the claims engine: what the report receives as its ledger."""
    html, files = claims.export_ledger()
    return Ledger(html, files)


def _cmd_report(args: argparse.Namespace) -> None:
    build_report(
        args.notebooks,
        args.build,
        ledger=claims_ledger,
        cli_params=args.params,
        only=args.only,
        params_file=args.params_file,
        workers=args.jobs,
        timeout=args.timeout,
        force=args.force,
        pdf=not args.no_pdf,
        show_code=True if args.show_code else None,
    )


def _cmd_edition(args: argparse.Namespace) -> None:
    build_dir = Path(args.build or paths.BUILD_DIR)
    try:
        build_report(args.notebooks, build_dir, ledger=claims_ledger, workers=args.jobs, force=args.force)
    except NoBrowser as exc:  # an edition records the results; the HTML they come from is complete
        print(f"warning: {exc}", file=sys.stderr)
    path = write_edition(read_build_edition(build_dir))
    print(f"Wrote {path.relative_to(paths.ROOT)}: commit it, and later reports show what changed since it.")


def _cmd_seminar(args: argparse.Namespace) -> None:
    make_seminar(
        args.notebooks,
        args.build,
        cli_params=args.params,
        params_file=args.params_file,
        workers=args.jobs,
        timeout=args.timeout,
        force=args.force,
    )


def _cmd_bench(args: argparse.Namespace) -> None:
    run_bench(
        args.notebooks,
        out=args.out,
        touch=args.touch,
        pdf=not args.no_pdf,
        sweep=not args.no_sweep,
        pipeline=not args.sweep_only,
    )
