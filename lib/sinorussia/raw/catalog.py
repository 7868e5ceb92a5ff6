"""The raw-file catalog (data/catalog.yaml): one pinned, checksummed public file per entry."""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from .. import paths
from ..errors import WorkbookError

REQUIRED_FIELDS = (
    "id",
    "title",
    "repo",
    "commit",
    "path",
    "url",
    "sha256",
    "size",
    "copy",
    "producer",
    "producer_url",
    "licence",
    "citation",
    "vintage",
    "caveats",
)


@dataclass(frozen=True)
class RawFile:
    id: str
    title: str
    repo: str
    commit: str
    path: str
    url: str
    sha256: str
    size: int
    copy: str
    producer: str
    producer_url: str
    licence: str
    citation: str
    vintage: str
    caveats: tuple[str, ...] = field(default_factory=tuple)
    checksum_note: str | None = None

    @property
    def filename(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def local_path(self) -> Path:
        """Where `make data` puts the file: data/raw/<id>/<original file name>."""
        return paths.RAW_DIR / self.id / self.filename

    def mirror_path(self, mirror: Path) -> Path:
        return Path(mirror) / self.repo / self.commit / self.path

    @property
    def is_excerpt(self) -> bool:
        return self.copy == "excerpt"


def pinned_url(repo: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repo}/{commit}/" + urllib.parse.quote(path)


def _validate_entry(entry: dict, index: int, source: Path) -> RawFile:
    where = f"{source.name}, entry {index} (id={entry.get('id', '?')})"
    missing = [f for f in REQUIRED_FIELDS if f not in entry or entry[f] in (None, "")]
    if missing and missing != ["caveats"]:
        raise WorkbookError(f"{where}: missing field(s) {missing}. Every raw file needs {list(REQUIRED_FIELDS)}.")
    if not re.fullmatch(r"[0-9a-f]{64}", str(entry["sha256"])):
        raise WorkbookError(f"{where}: field 'sha256' must be 64 lowercase hex digits.")
    if not re.fullmatch(r"[0-9a-f]{40}", str(entry["commit"])):
        raise WorkbookError(f"{where}: field 'commit' must be a full 40-digit commit hash.")
    if entry["copy"] not in ("exact", "excerpt"):
        raise WorkbookError(f"{where}: field 'copy' must be 'exact' or 'excerpt'.")
    expected = pinned_url(entry["repo"], entry["commit"], entry["path"])
    if entry["url"] != expected:
        raise WorkbookError(f"{where}: field 'url' should be the pinned raw URL {expected}")
    # every required field is present (checked above); text fields are read as text
    text = {k: str(entry[k]) for k in REQUIRED_FIELDS if k not in ("size", "caveats")}
    return RawFile(
        **text,
        size=int(entry["size"]),
        caveats=tuple(entry.get("caveats") or ()),
        checksum_note=entry.get("checksum_note"),
    )


@functools.cache
def raw_catalog(source: Path = paths.RAW_CATALOG) -> dict[str, RawFile]:
    """All raw files by id, validated."""
    with open(source, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    entries = doc.get("files") if isinstance(doc, dict) else None
    if not entries:
        raise WorkbookError(f"{source}: expected a top-level 'files:' list of raw-file entries.")
    out: dict[str, RawFile] = {}
    for i, entry in enumerate(entries):
        rf = _validate_entry(entry, i, Path(source))
        if rf.id in out:
            raise WorkbookError(f"{source}: id '{rf.id}' appears twice; ids must be unique.")
        out[rf.id] = rf
    return out


def raw_file(dataset_id: str) -> RawFile:
    cat = raw_catalog()
    if dataset_id not in cat:
        raise WorkbookError(
            f"No raw file with id '{dataset_id}' in {paths.RAW_CATALOG.name}. Known ids: {', '.join(sorted(cat))}"
        )
    return cat[dataset_id]
