"""Command line: `python -m sinorussia <command>` (also installed as `sinorussia`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

from .claims import cli as claims_cli
from .errors import WorkbookError, os_error_message
from .processed import build as build_mod
from .processed import catalog_md, table_names, table_spec
from .raw import fetch_all, raw_catalog
from .raw.fetcher import mirror_dir
from .report import cli as report_cli


def _cmd_fetch(args) -> None:
    ids = args.ids or sorted(raw_catalog())
    src = mirror_dir()
    print(f"Fetching {len(ids)} raw files into data/raw/ from {'mirror ' + str(src) if src else 'their pinned URLs'} …")
    t0 = time.perf_counter()
    fetch_all(ids=ids)
    print(f"All {len(ids)} files present and sha256-verified ({time.perf_counter() - t0:.1f} s).")


def _cmd_build(args) -> None:
    t0 = time.perf_counter()
    written = build_mod.build(args.tables or None)
    for name, path in sorted(written.items()):
        print(f"  built {name:<28} -> {path.relative_to(path.parents[2])}")
    print(f"Built {len(written)} tables ({time.perf_counter() - t0:.1f} s).")


def _cmd_catalog(args) -> None:
    path = catalog_md.write()
    print(f"Wrote {path}")


def _cmd_data(args) -> None:
    args.ids = None
    _cmd_fetch(args)
    args.tables = None
    _cmd_build(args)
    _cmd_catalog(args)


def _cmd_tables(args) -> None:
    for name in table_names():
        print(f"{name:<28} {table_spec(name).title}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sinorussia", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fetch", help="fetch raw files into data/raw/ (mirror from $SINORUSSIA_MIRROR, else URLs)")
    p.add_argument("ids", nargs="*")
    p.set_defaults(func=_cmd_fetch)
    p = sub.add_parser("build", help="build processed tables from raw files")
    p.add_argument("tables", nargs="*")
    p.set_defaults(func=_cmd_build)
    sub.add_parser("catalog", help="regenerate data/CATALOG.md").set_defaults(func=_cmd_catalog)
    sub.add_parser("data", help="fetch + build + catalog").set_defaults(func=_cmd_data)
    sub.add_parser("tables", help="list processed tables").set_defaults(func=_cmd_tables)
    claims_cli.add_command(sub)  # claims, claims show ID (lib/sinorussia/claims/cli.py)
    report_cli.add_commands(sub)  # report, seminar, bench, sweep
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        args.func(args)
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # outside a build's own handler (which cleans up and says what was kept)
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours, and nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at interpreter exit
        return 141
    except OSError as exc:  # a full disk or read-only folder that no command turned into its own message
        print(f"error: {os_error_message(exc)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
