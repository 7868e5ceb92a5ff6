"""Command-line entries of the report stage (filled in by the report pipeline)."""
from __future__ import annotations


def add_commands(sub) -> None:
    for name in ("report", "seminar", "bench"):
        p = sub.add_parser(name, help=f"{name} (the report pipeline, issue #5)")
        p.add_argument("rest", nargs="*")
        p.set_defaults(func=_not_built(name))


def _not_built(name):
    def run(args):
        from ..errors import WorkbookError

        raise WorkbookError(f"`{name}` is not built yet: it arrives with the report pipeline (issue #5).")

    return run
