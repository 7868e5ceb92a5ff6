"""Errors a user can act on: each names the file or table, the field, and the fix."""

from __future__ import annotations


class WorkbookError(Exception):
    """Base class: the message is written for the reader, so tracebacks are not needed."""


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
