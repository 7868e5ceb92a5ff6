"""The registry of check functions: CHECKS maps a name to its function, filled by @check_function.

A claim names its check in `check.function`; the modules of claims/checks/ register their functions
here when imported, and claims/register.py validates the names against this dict. The registry sits
on its own (below both the checks and the register) so that neither has to import the other's floor.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Result

CheckFunction = Callable[..., Result]

CHECKS: dict[str, CheckFunction] = {}


def check_function(name: str | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under its name; claims refer to it as check.function."""

    def wrap(func: CheckFunction) -> CheckFunction:
        CHECKS[name or func.__name__] = func
        return func

    return wrap
