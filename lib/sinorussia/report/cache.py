"""The execution cache: what a notebook's cache key hashes, and the records beside each executed notebook.

A notebook is executed again only when its cache key changes. The key hashes
  * its source (cell types, sources and tags; not outputs or metadata),
  * the parameters it is given (notebooks/parameters.yaml and `-p name=value`),
  * the library (lib/sinorussia/**/*.py and styles/, except report/: the machinery that runs the
    chapters from outside never runs inside a notebook),
  * the data it may read (data/processed/*.csv, data/curated/**, data/catalog.yaml, seeds/*.yaml),
  * the software: the Python version and the installed version of every package pinned in
    requirements.lock (a dependency upgrade re-executes every chapter; appendix B.6 lists these versions),
  * the kernel name and the keys of the notebooks it depends on (`depends_on:` in parameters.yaml).

    build/executed/NN_slug.ipynb        the executed notebook
    build/executed/NN_slug.cache.json   its record: key, the notebook's SHA-256, parameters and where they came
                                        from, the package versions, timing

A record counts only when it is a well-formed mapping whose key matches and whose SHA-256 matches the
notebook beside it: a notebook replaced by another build, or a truncated or hand-edited record, is a cache
miss (executed again), never a chapter published under the wrong key.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import sys
from pathlib import Path
from typing import Any

from .. import paths
from ..fsio import atomic_write_text
from .notebooks import NotebookInfo

# Bump when a change to the machinery alters what an executed notebook contains (invalidates every cache entry).
PIPELINE_VERSION = "2"
LOCK_FILE = "requirements.lock"


def hash_files(h: Any, files: list[Path], base: Path) -> None:
    """Feed each file's path (relative to `base`) and content hash into `h`, in a stable order; skip unreadable ones."""
    for f in sorted(files):
        try:
            data = f.read_bytes()
        except OSError:
            continue
        h.update(str(f.relative_to(base)).encode() + b"\0")
        h.update(hashlib.sha256(data).digest())


def library_files() -> list[Path]:
    """The library files a notebook may run: every module and style except report/, the machinery that runs
    the chapters from outside (editing it must not re-execute them; build's page key covers it instead)."""
    pkg = paths.PACKAGE_DIR
    files = [p for p in pkg.rglob("*.py") if (pkg / "report") not in p.parents]
    files += [p for p in (pkg / "styles").rglob("*") if p.is_file()]
    return [p for p in files if "__pycache__" not in p.parts]


def data_files() -> list[Path]:
    """The data a notebook may read: processed tables, curated files, seeds and the raw catalog."""
    files = list(paths.PROCESSED_DIR.glob("*.csv"))
    if paths.CURATED_DIR.is_dir():
        files += [p for p in paths.CURATED_DIR.rglob("*") if p.is_file()]
    files += list(paths.SEEDS_DIR.glob("*.yaml")) + list(paths.SEEDS_DIR.glob("*.yml"))
    if paths.RAW_CATALOG.is_file():
        files.append(paths.RAW_CATALOG)
    return files


def _normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them (Foo_Bar, foo.bar and foo-bar are one package)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_distributions() -> dict[str, str]:
    """{normalized name: version} of every distribution on sys.path, read from the `name-version.dist-info`
    folder names: one directory listing per path entry (under a millisecond), where importlib.metadata
    parses every METADATA file (a sixth of a second, on every no-change build)."""
    out: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                name, _, ver = n[: -len(".dist-info")].partition("-")
                out.setdefault(_normalize(name), ver)  # the first on sys.path is the one imported
    return out


def locked_names(lock: Path | None = None) -> list[str]:
    """The names pinned in requirements.lock (`name==version` lines), normalized and sorted."""
    lock = Path(lock) if lock is not None else paths.ROOT / LOCK_FILE
    try:
        lines = lock.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    names = {_normalize(m.group(1)) for ln in lines if (m := re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==", ln))}
    return sorted(names)


def package_versions() -> dict[str, str]:
    """The software a chapter is executed with: Python, and the installed version of every package pinned in
    requirements.lock ("not installed" when missing). Part of the cache key and of each cache record."""
    installed = installed_distributions()
    out = {"python": platform.python_version()}
    out.update({name: installed.get(name, "not installed") for name in locked_names()})
    return out


def environment_hash(packages: dict[str, str] | None = None) -> str:
    """The library code, the data a notebook may read, and the installed package versions."""
    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\0".encode())
    hash_files(h, library_files() + data_files(), paths.ROOT)
    pkgs = package_versions() if packages is None else packages
    h.update(json.dumps(pkgs, sort_keys=True).encode())
    return h.hexdigest()


def cache_key(info: NotebookInfo, overrides: dict, env_hash: str, kernel: str, dep_keys: list[str]) -> str:
    """One notebook's key: its source, parameters, library + data, kernel and the keys it depends on."""
    blob = json.dumps(
        {"source": info.source_hash, "parameters": overrides, "env": env_hash, "kernel": kernel, "deps": dep_keys},
        sort_keys=True,
        default=repr,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_record_path(build_dir: Path, name: str) -> Path:
    """build/executed/NN_slug.cache.json"""
    return Path(build_dir) / "executed" / f"{name}.cache.json"


def executed_path(build_dir: Path, name: str) -> Path:
    """build/executed/NN_slug.ipynb"""
    return Path(build_dir) / "executed" / f"{name}.ipynb"


def read_cache_record(build_dir: Path, name: str) -> dict | None:
    """The record of a notebook's last successful execution, None when there is none or it is unreadable,
    not JSON, not a mapping or has no string key (a corrupt record is a cache miss, not a traceback)."""
    try:
        rec = json.loads(cache_record_path(build_dir, name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(rec, dict) or not isinstance(rec.get("key"), str):
        return None
    return rec


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def write_cache_record(build_dir: Path, name: str, record: dict) -> None:
    """Written after the executed notebook is in place, so a record always describes a notebook that exists."""
    atomic_write_text(cache_record_path(build_dir, name), json.dumps(record, indent=1, default=repr))


def is_current(build_dir: Path, name: str, key: str) -> bool:
    """The executed notebook exists, was made from inputs with this key, and is the very file its record
    describes (same SHA-256: not replaced by another build since)."""
    rec = read_cache_record(build_dir, name)
    if rec is None or rec.get("key") != key:
        return False
    return rec.get("sha256") is not None and rec.get("sha256") == file_sha256(executed_path(build_dir, name))
