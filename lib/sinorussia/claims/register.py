"""The register seeds/claims.yaml read and validated: load_register, get_claim and the cached register.

Every entry is checked field by field; a malformed one fails with the claim's id and the field at
fault. A checkable claim must name a known processed table and a registered check function, so this
module imports the checks package (which registers every check function) before validating names.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
from pathlib import Path

import yaml

from .. import paths
from ..errors import WorkbookError
from ..processed.load import table_names
from . import checks  # noqa: F401  (importing it registers every check function in CHECKS)
from .model import KINDS, REGISTER, REQUIRED, SOURCES_FILE, TOPICS, Claim, ClaimRegisterError
from .registry import CHECKS
from .rules import THRESHOLD_PARAMS, THRESHOLDS, resolve, rule

Lines = dict[str, int]  # dotted field path ('check.params.year') -> 1-based line in the register file


def _shown(path: Path) -> str:
    """The register's name in messages: relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _where(entry: dict, i: int, source: str = "seeds/claims.yaml", line: int | None = None) -> str:
    """How an error names the entry: file, line, and its id (or its position when it has none)."""
    cid = entry.get("id", f"#{i}") if isinstance(entry, dict) else f"#{i}"
    return f"{source}{f' line {line}' if line else ''}, claim {cid}"


def _node_lines(node: yaml.Node, prefix: str, out: Lines) -> None:
    """Record the line of every mapping key under `node` (lists of mappings as 'field[j]')."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            out[name] = key.start_mark.line + 1
            _node_lines(value, name + ".", out)
    elif isinstance(node, yaml.SequenceNode):
        for j, item in enumerate(node.value):
            out[f"{prefix[:-1]}[{j}]"] = item.start_mark.line + 1
            _node_lines(item, f"{prefix[:-1]}[{j}].", out)


def _read(path: Path) -> tuple[object, list[Lines]]:
    """The register's entries and, per entry, the line of each field; a YAML error as one line."""
    text = path.read_text(encoding="utf-8")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    finally:
        loader.dispose()
    lines: list[Lines] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found: Lines = {"": item.start_mark.line + 1}
            _node_lines(item, "", found)
            lines.append(found)
    return data, lines


def _syntax_error(path: Path, text: str, exc: yaml.YAMLError) -> ClaimRegisterError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = getattr(exc, "context", None)
    # the claim being written: the last 'id:' at or above the error line
    ids = re.findall(r"^\s*-?\s*id:\s*['\"]?([^'\"\s#]+)", "\n".join(text.splitlines()[: line or None]), re.M)
    where = f"{_shown(path)}{f' line {line}, column {col}' if line else ''}"
    return ClaimRegisterError(
        f"{where}: YAML syntax error ({problem}{f', {context}' if context else ''})"
        f"{f' in claim {ids[-1]}' if ids else ''}. Fix: correct the YAML there; quote any text that contains "
        "': ', ' #', or starts with a special character ([ { * & ! | > ' \" % @ `), and keep each field's indentation."
    )


def _check_params(entry: dict, i: int, source: str, lines: Lines, field: str, params: dict, *, complete: bool) -> None:
    """Refuse a parameter the check function does not take (a typo would otherwise be a TypeError deep in a
    notebook run), and, when `complete`, a required one the claim leaves out."""
    function = entry["check"]["function"]
    sig = inspect.signature(CHECKS[function]).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.values()):
        return
    accepted = [k for k, p in sig.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for key in params:
        if key not in accepted:
            close = difflib.get_close_matches(str(key), accepted, n=1)
            where = _where(entry, i, source, lines.get(f"{field}.{key}") or lines.get(field))
            raise ClaimRegisterError(
                f"{where}: field '{field}.{key}' is not a parameter of check {function}"
                f"{f'; did you mean {close[0]!r}?' if close else '.'} Fix: use one of {accepted}."
            )
    needed = [k for k in accepted if sig[k].default is inspect.Parameter.empty and k not in params]
    if complete and needed:
        raise ClaimRegisterError(
            f"{_where(entry, i, source, lines.get(field) or lines.get('check'))}: check {function} needs "
            f"parameter(s) {needed} in field '{field}'. Fix: add them (it takes {accepted})."
        )


def _parse(
    entry: dict, i: int, tables: set[str], source: str = "seeds/claims.yaml", lines: Lines | None = None
) -> Claim:
    """One entry as a Claim, or a ClaimRegisterError naming the file, line, claim and the field at fault."""
    lines = lines or {}
    where = _where(entry, i, source, lines.get(""))
    if not isinstance(entry, dict):
        raise ClaimRegisterError(f"{where}: each claim must be a mapping")
    if entry.get("retired"):
        return _retired(entry, where)
    missing = [f for f in REQUIRED if f not in entry or entry[f] in (None, "")]
    if missing:
        raise ClaimRegisterError(f"{where}: missing field(s) {missing}")
    if entry["topic"] not in TOPICS:
        raise ClaimRegisterError(f"{where}: field 'topic' = {entry['topic']!r} is not one of {TOPICS}")
    if entry["kind"] not in KINDS:
        raise ClaimRegisterError(f"{where}: field 'kind' = {entry['kind']!r} is not one of {KINDS}")
    q = entry["quantity"] or {}
    if not isinstance(q, dict):
        raise ClaimRegisterError(f"{where}: field 'quantity' must be a mapping (value, unit, period, comparator)")
    chk = entry["check"]
    if not isinstance(chk, dict):
        raise ClaimRegisterError(f"{where}: field 'check' must be a mapping")
    base = dict(
        id=str(entry["id"]),
        document=entry["document"],
        location=str(entry["location"]),
        claim=entry["claim"],
        topic=entry["topic"],
        kind=entry["kind"],
        value=None if q.get("value") is None else float(q["value"]),
        unit=q.get("unit"),
        period=None if q.get("period") is None else str(q.get("period")),
        comparator=q.get("comparator"),
        words=entry.get("words"),
    )
    if chk.get("not_checkable"):
        for f in ("why", "data_needed"):
            if not chk.get(f):
                raise ClaimRegisterError(f"{where}: a not-checkable claim needs field 'check.{f}'")
        return Claim(**base, checkable=False, why_not=chk["why"], data_needed=chk["data_needed"])
    for f in ("table", "computation", "function"):
        if not chk.get(f):
            raise ClaimRegisterError(f"{where}: field 'check.{f}' is missing")
    if chk["table"] not in tables:
        raise ClaimRegisterError(f"{where}: field 'check.table' names unknown table {chk['table']!r}")
    if chk["function"] not in CHECKS:
        raise ClaimRegisterError(
            f"{where}: field 'check.function' = {chk['function']!r} is not a registered check function "
            f"(they are in lib/sinorussia/claims/checks/<topic>.py; add a new one there with @check_function())"
        )
    if "tolerance" in chk:
        raise ClaimRegisterError(
            f"{where}: field 'check.tolerance' is retired; name a rule instead: check.rule = one of "
            "level, share, growth, exact, direction, wording (see claims/rules.py)"
        )
    if not chk.get("rule"):
        raise ClaimRegisterError(
            f"{where}: field 'check.rule' is missing (level, share, growth, exact, direction, wording)"
        )
    try:
        the_rule = rule(str(chk["rule"]), where)
        params = dict(chk.get("params") or {})
        resolve(params, where)  # an unknown 'rule:NAME' fails here, with the claim named
    except WorkbookError as exc:
        raise ClaimRegisterError(str(exc)) from None
    if the_rule.kind == "numeric" and base["value"] is None:
        raise ClaimRegisterError(
            f"{where}: rule {the_rule.name!r} compares a number, but field 'quantity.value' is empty"
        )
    literal = sorted(k for k, v in params.items() if k in THRESHOLD_PARAMS and not isinstance(v, str))
    signature = inspect.signature(CHECKS[chk["function"]]).parameters
    silent = sorted(
        k
        for k, par in signature.items()
        if k in THRESHOLD_PARAMS and k not in params and par.default not in (None, inspect.Parameter.empty)
    )
    if the_rule.kind == "direction" and silent:
        raise ClaimRegisterError(
            f"{where}: check {chk['function']} has threshold parameter(s) {silent} that the claim leaves at their "
            "defaults; state each in 'check.params' (a named threshold such as 'rule:rise', or a number with "
            "'check.threshold_why')"
        )
    if the_rule.kind == "direction" and literal and not chk.get("threshold_why"):
        raise ClaimRegisterError(
            f"{where}: threshold(s) {literal} are literal numbers; use a named threshold "
            f"(e.g. 'rule:rise'; names: {sorted(THRESHOLDS)}) or say why this number in 'check.threshold_why'"
        )
    sensitivity = chk.get("sensitivity") or []
    if not isinstance(sensitivity, list) or any(
        not isinstance(a, dict) or not isinstance(a.get("params"), dict) or not a.get("why") for a in sensitivity
    ):
        raise ClaimRegisterError(f"{where}: field 'check.sensitivity' must be a list of {{params: {{...}}, why: ...}}")
    _check_params(entry, i, source, lines, "check.params", params, complete=True)
    for j, alt in enumerate(sensitivity):
        _check_params(entry, i, source, lines, f"check.sensitivity[{j}].params", alt["params"], complete=False)
    return Claim(
        **base,
        checkable=True,
        table=chk["table"],
        computation=chk["computation"],
        function=chk["function"],
        params=params,
        rule=the_rule,
        threshold_why=chk.get("threshold_why"),
        thresholds=tuple(
            str(v)[len("rule:") :] for v in params.values() if isinstance(v, str) and v.startswith("rule:")
        ),
        sensitivity=tuple(sensitivity),
    )


def _retired(entry: dict, where: str) -> Claim:
    """A claim taken out of the register: it keeps its id (never reused) and says why it left."""
    for f in ("id", "document", "claim"):
        if not entry.get(f):
            raise ClaimRegisterError(f"{where}: a retired claim keeps field {f!r}")
    return Claim(
        id=str(entry["id"]),
        document=entry["document"],
        location=str(entry.get("location", "")),
        claim=entry["claim"],
        topic=entry.get("topic", "context"),
        kind=entry.get("kind", "qualitative"),
        value=None,
        unit=None,
        period=None,
        comparator=None,
        checkable=False,
        retired=str(entry["retired"]),
    )


def load_register(path: Path | None = None) -> list[Claim]:
    """Read and validate the register; a malformed entry fails with the claim id and the field."""
    path = Path(path or REGISTER)
    source = _shown(path)
    entries, lines = _read(path)
    if not isinstance(entries, list):
        raise ClaimRegisterError(f"{source}: expected a YAML list of claims (each starting '- id: ...')")
    docs = (
        {d["id"] for d in yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))} if SOURCES_FILE.exists() else None
    )
    tables = set(table_names())
    claims, seen = [], set()
    for i, e in enumerate(entries):
        at = lines[i] if i < len(lines) else {}
        c = _parse(e, i, tables, source, at)
        if c.id in seen:
            raise ClaimRegisterError(f"{_where(e, i, source, at.get('id'))}: id {c.id} appears twice")
        if c.retired is None and docs is not None and c.document not in docs:
            raise ClaimRegisterError(
                f"{_where(e, i, source, at.get('document'))}: field 'document' = {c.document!r} is not an id in "
                f"seeds/sources.yaml. Fix: use one of {sorted(docs)}, or add the document there."
            )
        seen.add(c.id)
        claims.append(c)
    return claims


@functools.lru_cache(maxsize=1)
def cached_register() -> tuple[Claim, ...]:
    """The shipped register, read once per process (checking every claim would otherwise re-read it)."""
    return tuple(load_register())


def get_claim(claim_id: str) -> Claim:
    """The claim with this id in the shipped register."""
    for c in cached_register():
        if c.id == claim_id:
            return c
    raise WorkbookError(f"No claim with id {claim_id!r} in seeds/claims.yaml")
