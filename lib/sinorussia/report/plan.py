"""The plan of a build: which notebooks (`--only` and what they depend on), in what order, with which
parameters and cache keys. Everything is checked here, before any notebook runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WorkbookError
from .cache import cache_key, environment_hash, package_versions
from .notebooks import NOTEBOOK_GLOB, NotebookInfo, discover
from .settings import (
    PARAMETERS_FILE,
    Settings,
    effective_parameters,
    load_settings,
    parse_cli_params,
    resolve_parameters,
)

# The Jupyter kernel the notebooks run in (registered by `make setup`); its name is part of the cache key.
KERNEL = "sinorussia"


@dataclass
class Job:
    """One notebook to build: its parameters (overrides, where each came from, effective), deps and cache key."""

    info: NotebookInfo
    overrides: dict
    origins: dict
    parameters: dict  # effective: defaults updated with overrides
    deps: list[str]
    key: str = ""
    packages: dict = field(default_factory=dict)  # Python and package versions in the key (cache.package_versions)


def select(notebooks: list[NotebookInfo], only: Iterable[str]) -> list[NotebookInfo]:
    """The notebooks `--only` names (each by full name or a unique prefix); all of them when it names none."""
    if not only:
        return notebooks
    chosen = set()
    for want in only:
        hits = [nb.name for nb in notebooks if nb.name == want] or [
            nb.name for nb in notebooks if nb.name.startswith(want)
        ]
        if len(hits) != 1:
            what = "no notebook" if not hits else f"several notebooks ({', '.join(hits)})"
            raise WorkbookError(f"--only {want}: {what} match; notebooks: {', '.join(nb.name for nb in notebooks)}")
        chosen.add(hits[0])
    return [nb for nb in notebooks if nb.name in chosen]


def plan(
    notebooks_dir: Path,
    *,
    params_file: Path | None = None,
    cli_params: Iterable[str] = (),
    only: Iterable[str] = (),
    kernel: str = KERNEL,
    env_hash: str | None = None,
    packages: dict[str, str] | None = None,
) -> tuple[list[Job], Settings]:
    """The jobs of a build in report order, their parameters validated and their keys computed."""
    notebooks_dir = Path(notebooks_dir)
    every = discover(notebooks_dir)
    if not every:
        raise WorkbookError(f"no notebooks in {notebooks_dir} match {NOTEBOOK_GLOB} (expected NN_slug.ipynb files)")
    settings = load_settings(params_file if params_file is not None else notebooks_dir / PARAMETERS_FILE)
    names = {nb.name for nb in every}
    for nb_name, deps in settings.depends_on.items():
        for d in [nb_name, *deps]:
            if d not in names:
                raise WorkbookError(
                    f"{settings.source}: depends_on names '{d}', which is not a notebook "
                    f"(notebooks: {', '.join(sorted(names))})"
                )
    selected = select(every, only)
    # --only X also runs what X depends on (declared in parameters.yaml), transitively
    want = {nb.name for nb in selected}
    stack = list(want)
    while stack:
        for d in settings.depends_on.get(stack.pop(), []):
            if d not in want:
                want.add(d)
                stack.append(d)
    selected = [nb for nb in every if nb.name in want]
    settings.notebook_names = names
    cli = parse_cli_params(list(cli_params))
    overrides, origins = resolve_parameters(selected, settings, cli)
    packages = package_versions() if packages is None else packages
    env_hash = env_hash or environment_hash(packages)
    jobs = {
        nb.name: Job(
            nb,
            overrides[nb.name],
            origins[nb.name],
            effective_parameters(nb, overrides[nb.name]),
            settings.depends_on.get(nb.name, []),
            packages=packages,
        )
        for nb in selected
    }
    # keys in dependency order (a cycle is an error)
    done: dict[str, str] = {}
    visiting: set[str] = set()

    def key_of(name: str) -> str:
        if name in done:
            return done[name]
        if name in visiting:
            raise WorkbookError(f"depends_on in {settings.source} has a cycle through {name}")
        visiting.add(name)
        job = jobs[name]
        job.key = cache_key(job.info, job.overrides, env_hash, kernel, [key_of(d) for d in job.deps])
        visiting.discard(name)
        done[name] = job.key
        return job.key

    for name in jobs:
        key_of(name)
    return list(jobs.values()), settings
