"""Errors a user can act on: each names the file or table, the field, and the fix."""

from __future__ import annotations

import errno
import os


class WorkbookError(Exception):
    """Base class: the message is written for the reader, so tracebacks are not needed."""

    exit_code = 2  # what `python -m sinorussia` returns


class FetchError(WorkbookError):
    """A raw file could not be fetched or did not verify."""


class RawFormatError(WorkbookError):
    """A raw file no longer has the layout a builder expects (upstream format drift)."""


class TableValidationError(WorkbookError):
    """A processed table breaks its schema."""


class UnknownTableError(WorkbookError, KeyError):
    """No processed table has that name."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class ParameterError(WorkbookError, ValueError):
    """A notebook or pipeline parameter is invalid."""


class Interrupted(WorkbookError):
    """The user pressed Ctrl-C (or the build was sent SIGINT/SIGTERM); nothing half-done was published."""

    exit_code = 130  # the shell's convention for a SIGINT death, so `make` stops too


class WriteError(WorkbookError, OSError):
    """A file could not be written (full disk, read-only or forbidden folder …). Still an OSError, so code that
    catches OSError keeps working, but its message is one line naming the file and the fix."""

    def __init__(self, message: str, err: int | None = None) -> None:
        super().__init__(message)
        self.errno = err

    def __str__(self) -> str:  # OSError would prefix "[Errno n]"
        return str(self.args[0])


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def os_error_message(exc: OSError, target: object | None = None, *, elsewhere: str = "") -> str:
    """One line for an OSError: what could not be done to which file, why (with the errno name), and the fix.
    `elsewhere` is the way to send the output to another folder, when the caller has one (e.g. --build DIR)."""
    if isinstance(exc, WriteError):
        return str(exc)
    verb = "write" if target is not None else "use"  # without a target the failing call may have been a read
    where = str(target if target is not None else (exc.filename or "a file"))
    reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    code = f" ({errno.errorcode.get(exc.errno, exc.errno)})" if exc.errno else ""
    if exc.filename is not None and target is not None and str(exc.filename) != where:
        reason += f" on {exc.filename}"
    if exc.errno in _FULL:
        fix = "free some disk space there and run the command again"
    elif exc.errno in _READ_ONLY:
        folder = os.path.dirname(where) or "."
        fix = f"make {folder} writable" + (f", or {elsewhere}" if elsewhere else "") + ", then run the command again"
    else:
        fix = "fix the cause and run the command again"
    return f"cannot {verb} {where}: {reason}{code}; {fix}. Nothing was half-written: the previous file is untouched."
