"""Parameters of a build: notebooks/parameters.yaml (Settings), `-p name=value` (CliParam), their type checks
against each notebook's `parameters` cell, and the effective parameters of each notebook.

Everything is validated before any notebook runs, so a typo costs a second, not a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import ParameterError
from .notebooks import NONLITERAL, NotebookInfo

PARAMETERS_FILE = "parameters.yaml"


@dataclass
class Settings:
    """notebooks/parameters.yaml: `NN_slug: {name: value}` per notebook, plus two reserved keys:
    `depends_on: {NN_slug: [MM_other, ...]}` and `report: {title:, subtitle:, hide_all_inputs:}`."""

    overrides: dict[str, dict] = field(default_factory=dict)
    depends_on: dict[str, list[str]] = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    source: Path | None = None
    notebook_names: set[str] = field(default_factory=set)  # every notebook in the folder (not only selected)


def load_settings(path: Path | None) -> Settings:
    """Read parameters.yaml (empty Settings when there is none); ParameterError naming the file if malformed."""
    if path is None or not Path(path).is_file():
        return Settings(source=None)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected a mapping of notebook name -> parameters")
    s = Settings(source=Path(path))
    for key, value in data.items():
        key = str(key)
        if key == "depends_on":
            value = value or {}
            if not isinstance(value, dict):
                raise ParameterError(f"{path}: depends_on must map a notebook to a list of notebooks")
            s.depends_on = {
                str(k): [str(x) for x in ([v] if isinstance(v, str) else (v or []))] for k, v in value.items()
            }
        elif key == "report":
            if value is not None and not isinstance(value, dict):
                raise ParameterError(f"{path}: report must be a mapping (title, subtitle, hide_all_inputs)")
            s.report = dict(value or {})
        else:
            if value is not None and not isinstance(value, dict):
                raise ParameterError(f"{path}: the parameters of {key} must be a mapping name: value, not {value!r}")
            s.overrides[key] = dict(value or {})
    return s


@dataclass
class CliParam:
    """One `-p [NN_slug.]name=value` of the command line."""

    notebook: str | None  # None = every notebook that has this parameter
    name: str
    value: object
    raw: str


def parse_cli_params(items: list[str] | tuple[str, ...]) -> list[CliParam]:
    """`name=value` or `NN_slug.name=value`; the value is parsed as a YAML literal."""
    out = []
    for item in items or ():
        if "=" not in item:
            raise ParameterError(f"-p {item!r}: write -p name=value (or -p NN_slug.name=value)")
        lhs, raw = item.split("=", 1)
        lhs = lhs.strip()
        nb, _, name = lhs.rpartition(".")
        if not name.isidentifier():
            raise ParameterError(f"-p {item!r}: {name!r} is not a parameter name")
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        out.append(CliParam(notebook=nb or None, name=name, value=value, raw=raw))
    return out


def _type_name(v: object) -> str:
    return {
        bool: "a boolean",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        tuple: "a list",
        dict: "a mapping",
    }.get(type(v), type(v).__name__)


def _type_ok(default: object, value: object) -> bool:
    if default is NONLITERAL or default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, (list, tuple)):
        if not isinstance(value, (list, tuple)):
            return False
        kinds = {type(x) for x in default}
        if len(kinds) == 1:
            return all(_type_ok(default[0], v) for v in value)
        return True
    if isinstance(default, dict):
        return isinstance(value, dict)
    return type(value) is type(default)


def check_parameter(info: NotebookInfo, name: str, value: object, origin: str) -> object:
    """Return the value to inject, or raise ParameterError naming the notebook and the parameter."""
    if name not in info.defaults:
        known = ", ".join(sorted(info.defaults)) or "none: it has no cell tagged parameters"
        raise ParameterError(
            f"notebook {info.name}: unknown parameter '{name}' (from {origin}); its parameters cell defines: {known}"
        )
    default = info.defaults[name]
    if (
        isinstance(default, str)
        and not isinstance(value, str)
        and isinstance(value, (int, float, bool))
        and origin == "the command line"
    ):
        value = str(value)  # `-p scenario=2030` for a string parameter means the text "2030"
    if not _type_ok(default, value):
        raise ParameterError(
            f"notebook {info.name}: parameter '{name}' must be {_type_name(default)} like its "
            f"default {default!r}, not {value!r} ({_type_name(value)}; from {origin})"
        )
    if isinstance(value, tuple):
        value = list(value)
    return value


def resolve_parameters(
    notebooks: list[NotebookInfo], settings: Settings, cli: list[CliParam]
) -> tuple[dict[str, dict], dict[str, dict]]:
    """-> (overrides per notebook, origin of each override). Raises before anything runs."""
    by_name = {nb.name: nb for nb in notebooks}
    where = settings.source or PARAMETERS_FILE
    overrides: dict[str, dict] = {nb.name: {} for nb in notebooks}
    origins: dict[str, dict] = {nb.name: {} for nb in notebooks}
    for nb_name, params in settings.overrides.items():
        if nb_name not in by_name:
            if nb_name in settings.notebook_names:
                continue  # outside an --only selection
            raise ParameterError(f"{where}: no notebook named '{nb_name}' (notebooks: {', '.join(by_name) or 'none'})")
        for k, v in params.items():
            overrides[nb_name][k] = check_parameter(by_name[nb_name], str(k), v, str(where))
            origins[nb_name][k] = "parameters.yaml"
    for p in cli:
        if p.notebook is not None:
            if p.notebook not in by_name:
                raise ParameterError(
                    f"-p {p.notebook}.{p.name}: no notebook named '{p.notebook}' in this build "
                    f"(notebooks: {', '.join(by_name)})"
                )
            targets = [by_name[p.notebook]]
        else:
            targets = [nb for nb in notebooks if p.name in nb.defaults]
            if not targets:
                lst = "; ".join(f"{nb.name}: {', '.join(sorted(nb.defaults)) or '(none)'}" for nb in notebooks)
                raise ParameterError(
                    f"-p {p.name}: no notebook has a parameter '{p.name}' (parameters by notebook — {lst})"
                )
        for nb in targets:
            overrides[nb.name][p.name] = check_parameter(nb, p.name, p.value, "the command line")
            origins[nb.name][p.name] = "command line"
    return overrides, origins


def effective_parameters(info: NotebookInfo, overrides: dict) -> dict:
    """The notebook's defaults updated with its overrides (what appendix B shows)."""
    out = {k: (v if v is not NONLITERAL else "(expression)") for k, v in info.defaults.items()}
    out.update(overrides)
    return out
