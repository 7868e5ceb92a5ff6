"""Fetch raw files with pooch: from a local mirror folder or the pinned URL, always sha256-verified.

Pooch downloads into a temporary file beside the target and only moves it into place after the
hash matches, so a failed or interrupted fetch never leaves a partial file under the real name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

import pooch

from .. import paths
from ..errors import FetchError
from .catalog import RawFile, raw_catalog, raw_file

log = logging.getLogger(__name__)
# pooch logs "Downloading data from <url>" even when our downloader copies from the mirror
pooch.get_logger().setLevel(logging.WARNING)


def mirror_dir() -> Path | None:
    value = os.environ.get(paths.MIRROR_ENV)
    return Path(value).expanduser().resolve() if value else None


def _copy_from_mirror(source: Path):
    """A pooch downloader that copies a file from the local mirror instead of the network."""

    def download(url: str, output_file, pooch_obj) -> None:  # signature pooch expects
        with open(source, "rb") as src:
            if hasattr(output_file, "write"):
                shutil.copyfileobj(src, output_file)
            else:
                with open(output_file, "wb") as dst:
                    shutil.copyfileobj(src, dst)

    return download


def _fix_hint(rf: RawFile) -> str:
    return (
        f"Fix: set {paths.MIRROR_ENV} to a folder laid out as <owner>/<repo>/<commit>/<path> "
        f"that holds {rf.repo}/{rf.commit}/{rf.path} (CI uses ../shared/data/mirror), "
        f"or run with network access so {rf.url} can be downloaded."
    )


# (path, size, mtime_ns) -> sha256 of the files this process has hashed. Hashing every raw file costs
# about 0.06 s for the whole catalog (29 MB, measured), so each file is hashed once per process and
# no state file is kept: a state file keyed on mtime could be fooled by an edit that keeps the mtime.
_VERIFIED: dict[tuple[str, int, int], str] = {}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(rf: RawFile, path: Path) -> None:
    """Refuse a raw file whose bytes are not the catalogued ones (edited, truncated, replaced)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _VERIFIED:
        _VERIFIED[key] = sha256_of(path)
    if _VERIFIED[key] != rf.sha256:
        raise FetchError(
            f"Raw file '{rf.id}' ({path}) does not match its sha256 in {paths.RAW_CATALOG.name} "
            f"(found {_VERIFIED[key][:12]}…, {st.st_size} bytes; catalogued {rf.sha256[:12]}…, {rf.size} bytes): "
            f"it changed after it was fetched. Fix: run `make data` to re-fetch it."
        )


def raw_path(dataset_id: str) -> Path:
    """Path of a fetched raw file, verified against the catalog's sha256; a clear error if missing or changed."""
    rf = raw_file(dataset_id)
    if not rf.local_path.exists():
        raise FetchError(
            f"Raw file '{dataset_id}' ({rf.title}) is not in {rf.local_path.parent}. "
            f"Run `make data` first. {_fix_hint(rf)}"
        )
    verify(rf, rf.local_path)
    return rf.local_path


def fetch(
    dataset_id: str, mirror: Path | None = None, *, offline: bool | None = None, dest: Path | None = None
) -> Path:
    """Fetch one raw file into data/raw/<id>/ and verify its sha256.

    With a mirror (argument or $SINORUSSIA_MIRROR) the file is copied from it; otherwise it is
    downloaded from the pinned URL. Files already present and matching the hash are left alone.
    `dest` replaces data/raw/ as the root folder (tests use it).
    """
    rf = raw_file(dataset_id)
    mirror = mirror if mirror is not None else mirror_dir()
    target = rf.local_path if dest is None else Path(dest) / rf.id / rf.filename
    target.parent.mkdir(parents=True, exist_ok=True)
    if mirror is not None:
        source = rf.mirror_path(mirror)
        if not source.exists():
            raise FetchError(
                f"Raw file '{dataset_id}' is missing from the mirror {mirror}: expected {source}. "
                f"Fix: point {paths.MIRROR_ENV} at a complete mirror, or unset it to download {rf.url}."
            )
        downloader = _copy_from_mirror(source)
    else:
        if offline:
            raise FetchError(f"Raw file '{dataset_id}' is not fetched and no mirror is set. {_fix_hint(rf)}")
        downloader = pooch.HTTPDownloader(timeout=60)
    try:
        fetched = pooch.retrieve(
            url=rf.url,
            known_hash=f"sha256:{rf.sha256}",
            fname=target.name,
            path=target.parent,
            downloader=downloader,
            progressbar=False,
        )
    except ValueError as exc:  # pooch raises ValueError on a hash mismatch
        raise FetchError(
            f"Raw file '{dataset_id}' failed its sha256 check: {exc}. The partial file was discarded. "
            f"Fix: the source changed or is corrupt; restore the file at {rf.repo}@{rf.commit[:10]}/{rf.path} "
            f"or, if the producer published a new vintage on purpose, update its entry in data/catalog.yaml."
        ) from None
    except OSError as exc:  # network errors (requests' errors are OSErrors) and file errors
        raise FetchError(
            f"Raw file '{dataset_id}' could not be fetched ({type(exc).__name__}: {exc}). {_fix_hint(rf)}"
        ) from None
    return Path(fetched)


def fetch_all(mirror: Path | None = None, ids: list[str] | None = None, dest: Path | None = None) -> list[Path]:
    """Fetch every catalogued file (or the given ids); stop at the first failure with its message."""
    ids = ids or sorted(raw_catalog())
    out = []
    for dataset_id in ids:
        out.append(fetch(dataset_id, mirror=mirror, dest=dest))
        log.info("fetched %s", dataset_id)
    return out
