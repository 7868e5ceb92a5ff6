"""What keeps a build honest when things go wrong around it: one build at a time per build folder (a lock),
no debris from earlier runs (stale temporary files removed under that lock), and interrupts, full disks and
read-only folders turned into one-line errors after the temporary files of this run are cleaned up.

    build/.lock    held (flock) by the running build; it holds that build's pid and start time

The lock is an advisory `flock` on an open file: the kernel releases it when the process dies, however it
dies (SIGKILL included), so a crashed build never leaves the folder locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from ..errors import Interrupted, WorkbookError, os_error_message
from ..fsio import TEMP_GLOB

LOCK_NAME = ".lock"
ELSEWHERE = "write the report to another folder with `make report PARAMS='--build DIR'`"


class BuildLocked(WorkbookError):
    """Another build is using the same build folder."""


def _holder(lock: Path) -> str:
    """'pid 1234, started 21:04:05' from the lock file of the build holding it ('' when unreadable)."""
    try:
        info = json.loads(lock.read_text(encoding="utf-8") or "{}")
        return f" (pid {info['pid']}, started {info['started']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextmanager
def build_lock(build_dir: Path) -> Iterator[Path]:
    """Hold build/.lock for the whole build, or raise BuildLocked at once: two builds writing one folder
    could publish one run's chapter inside the other's report."""
    build_dir = Path(build_dir)
    lock = build_dir / LOCK_NAME
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WorkbookError(os_error_message(exc, lock, elsewhere=ELSEWHERE)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another build is using {build_dir}{_holder(lock)}: wait for it to finish, or build into "
                f"another folder with `make report PARAMS='--build DIR'`."
            ) from None
        stamp = json.dumps({"pid": os.getpid(), "started": time.strftime("%H:%M:%S")})
        with suppress(OSError):  # who holds it is only for the message above; the lock itself is the flock
            os.ftruncate(fd, 0)
            os.pwrite(fd, stamp.encode(), 0)
        yield lock
    finally:
        os.close(fd)  # releases the flock


def clean_temp_files(build_dir: Path) -> list[Path]:
    """Remove the temporary files a killed or failed run left in build/ (call it under build_lock: then no
    other build can be writing them): fsio's `.name.XXXX.tmp`, the executor's `.NN.running-PID.ipynb` and
    the page's `.mathjax.tmp-PID` folder. -> what was removed."""
    build_dir = Path(build_dir)
    removed: list[Path] = []
    if not build_dir.is_dir():
        return removed
    # only the folders the report writes: build/sweep/ and build/seminar/ belong to other commands
    candidates = [p for d in ("", "executed", "failed") for p in (build_dir / d).glob(TEMP_GLOB)]
    candidates += [*build_dir.glob("executed/.*.running-*.ipynb"), *build_dir.glob(".mathjax.tmp-*")]
    for p in candidates:
        with suppress(OSError):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
    return removed


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (`kill`, a CI timeout) takes the same path as Ctrl-C: clean up, one line, exit 130."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def guarded(build_dir: Path, what: str = "the build") -> Iterator[None]:
    """Run a build step so that an interrupt or an OSError ends as one line, after this run's temporary files
    are removed; the previous report is never touched by a run that stops half-way."""
    try:
        with sigterm_as_interrupt():
            yield
    except KeyboardInterrupt:
        clean_temp_files(build_dir)
        raise Interrupted(
            f"interrupted: {what} stopped before the report was published; the previous report in {build_dir} is "
            "untouched and temporary files are removed."
        ) from None
    except WorkbookError:
        clean_temp_files(build_dir)
        raise
    except OSError as exc:
        clean_temp_files(build_dir)
        raise WorkbookError(os_error_message(exc, elsewhere=ELSEWHERE)) from None
