"""Reading the chapter notebooks as plain JSON: discover, NotebookInfo, title, parameter defaults, source hash.

nbformat costs about 2 s to import, which a no-change build must not pay, so notebooks are read here
with `json` only. `skip_slow_jsonschema_formats` is the one tweak applied before nbformat/nbconvert is
imported after all (to execute or to render Markdown).
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParameterError, WorkbookError

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
# The default of a parameter that is not a plain literal (e.g. `years = range(2000, 2024)`): any value fits it.
NONLITERAL = object()

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def cell_source(cell: dict) -> str:
    """A cell's source as one string (the format allows a list of lines or a string)."""
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


# Terminal colour codes that kernels put in error messages and streams
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    """The text without terminal colour codes (for failure messages and the report)."""
    return _ANSI.sub("", text)


def cell_tags(cell: dict) -> list[str]:
    """A cell's tags (metadata.tags), [] when it has none."""
    return list(cell.get("metadata", {}).get("tags", []) or [])


@dataclass
class NotebookInfo:
    """One notebooks/NN_slug.ipynb as the planner sees it."""

    name: str  # the file stem, e.g. 02_economics
    path: Path
    title: str
    defaults: dict  # parameter -> default literal (NONLITERAL when not a plain literal)
    source_hash: str

    @property
    def has_parameters(self) -> bool:
        return bool(self.defaults)


def read_json(path: Path) -> dict:
    """A notebook file as a dict; WorkbookError naming the file when it is missing or not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise WorkbookError(f"{path}: not a readable notebook ({exc})") from exc


def parameter_defaults(cells: list[dict], where: str) -> dict:
    """The `parameters`-tagged cell's assignments -> {name: literal default}."""
    cell = next((c for c in cells if c.get("cell_type") == "code" and "parameters" in cell_tags(c)), None)
    if cell is None:
        return {}
    try:
        tree = ast.parse(cell_source(cell))
    except SyntaxError as exc:
        raise ParameterError(
            f"{where}: the parameters cell is not valid Python ({exc.msg}, line {exc.lineno})"
        ) from exc
    out: dict = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError):
            literal = NONLITERAL
        for t in targets:
            if isinstance(t, ast.Name):
                out[t.id] = literal
    return out


def source_hash(nb: dict) -> str:
    """Code + markdown + tags, ignoring outputs, execution counts and metadata."""
    parts = [[c.get("cell_type"), cell_source(c), sorted(cell_tags(c))] for c in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def notebook_title(nb: dict, fallback: str) -> str:
    """The text of the first `#` heading of a markdown cell, else `fallback`."""
    for c in nb.get("cells", []):
        if c.get("cell_type") == "markdown":
            m = _H1.search(cell_source(c))
            if m:
                return m.group(1).strip()
    return fallback


def discover(notebooks_dir: Path) -> list[NotebookInfo]:
    """Every notebooks/NN_slug.ipynb, in report order (sorted by name)."""
    out = []
    for path in sorted(Path(notebooks_dir).glob(NOTEBOOK_GLOB)):
        nb = read_json(path)
        cells = nb.get("cells", [])
        out.append(
            NotebookInfo(
                name=path.stem,
                path=path,
                title=notebook_title(nb, path.stem),
                defaults=parameter_defaults(cells, f"{path.name}"),
                source_hash=source_hash(nb),
            )
        )
    return out


def skip_slow_jsonschema_formats() -> None:
    """nbformat -> jsonschema imports rfc3987-syntax when installed, which builds a Lark grammar at import
    time (~2 s) for the 'iri' string formats that notebook schemas never use. Skipping it in this
    process (and the forked workers) makes papermill/nbconvert load in ~1 s instead of ~3 s."""
    if "jsonschema" not in sys.modules:
        # a None entry in sys.modules makes `import rfc3987_syntax` raise ImportError, which jsonschema tolerates
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
