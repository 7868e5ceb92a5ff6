"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Every writer in the workbook goes through `atomic_write` (or its text/bytes shortcuts): it writes a
hidden temporary file beside the target and renames it into place, and removes the temporary file
if anything fails on the way, so an interrupted run leaves no debris and loses no good file.
A write that the system refuses (full disk, read-only folder …) raises errors.WriteError: still an
OSError, with a one-line message naming the file and the fix.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import WriteError, os_error_message

# The hidden temporary names atomic_path creates (`.report.html.k3j2h1.tmp`): what a clean-up may remove.
TEMP_GLOB = ".*.tmp"


@contextmanager
def atomic_path(target: Path, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on failure it is removed."""
    target = Path(target)
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        yield tmp
        os.chmod(tmp, mode)  # mkstemp creates 0600; the workbook's outputs are ordinary files
        os.replace(tmp, target)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(os_error_message(exc, target), exc.errno) from exc
    finally:
        if tmp is not None:
            with suppress(OSError):  # a failing clean-up must not hide the error that caused it
                tmp.unlink(missing_ok=True)


def atomic_write(target: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` to fill a temporary file, then move it onto `target` in one step."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def atomic_write_text(target: Path, text: str) -> Path:
    return atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    return atomic_write(target, lambda tmp: tmp.write_bytes(data))
