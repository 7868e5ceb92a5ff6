"""The claim ledger: every checkable claim of the five source documents, checked against the data.

The register is seeds/claims.yaml (one entry per claim, paraphrased). A claim that data can test
names a check function (registered here with @check_function) and its parameters; the engine runs
it on the processed tables and compares the computed value with the claimed one using the claim's
tolerance. No verdict is typed by hand: qualitative checks compute their verdict from the data too.
"""
from __future__ import annotations

import functools
import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml

from .. import paths
from ..errors import WorkbookError
from ..processed.provenance import producers

TOPICS = ("context", "economics", "energy", "military", "regional", "political", "scenarios")
KINDS = ("value", "share", "growth", "ranking", "date", "count", "trend", "qualitative", "probability")
VERDICTS = ("supported", "partly supported", "contradicted", "not checkable")
REQUIRED = ("id", "document", "location", "claim", "topic", "kind", "quantity", "check")
REGISTER = paths.SEEDS_DIR / "claims.yaml"
SOURCES_FILE = paths.SEEDS_DIR / "sources.yaml"


class ClaimRegisterError(WorkbookError):
    """A malformed entry in seeds/claims.yaml."""


@dataclass(frozen=True)
class Tolerance:
    kind: str  # relative | absolute | direction
    value: float | None = None

    @classmethod
    def parse(cls, text: str | None, where: str) -> "Tolerance":
        if text is None:
            raise ClaimRegisterError(f"{where}: field 'check.tolerance' is missing (e.g. 'relative 0.10')")
        m = re.fullmatch(r"\s*(relative|absolute)\s+([0-9.]+)\s*", str(text))
        if m:
            return cls(m.group(1), float(m.group(2)))
        if str(text).strip().startswith("direction"):
            return cls("direction")
        raise ClaimRegisterError(
            f"{where}: field 'check.tolerance' = {text!r}; use 'relative X', 'absolute X' or 'direction only'")

    def __str__(self) -> str:
        return "direction only" if self.kind == "direction" else f"{self.kind} {self.value:g}"


@dataclass(frozen=True)
class Claim:
    id: str
    document: str
    location: str
    claim: str
    topic: str
    kind: str
    value: float | None
    unit: str | None
    period: str | None
    comparator: str | None
    checkable: bool
    table: str | None = None
    computation: str | None = None
    function: str | None = None
    params: dict = field(default_factory=dict)
    tolerance: Tolerance | None = None
    why_not: str | None = None
    data_needed: str | None = None
    words: str | None = None


@dataclass
class Result:
    """What a check function returns: the computed value (or a computed verdict) and how."""

    computed: float | None
    detail: str
    tables: tuple[str, ...]
    verdict: str | None = None  # set by direction/qualitative checks; numeric ones are compared
    raw_ids: dict[str, list[str]] | None = None  # narrow the provenance to the raw files used


@dataclass
class Verdict:
    claim: Claim
    verdict: str
    claimed: float | None
    computed: float | None
    difference: float | None
    detail: str
    source: str

    def as_row(self) -> dict:
        c = self.claim
        return {
            "id": c.id, "topic": c.topic, "document": c.document, "claim": c.claim,
            "claimed": _fmt(self.claimed, c.unit) if c.kind != "probability" else (c.words or ""),
            "computed": (_fmt(self.computed, c.unit) if c.kind != "probability"
                         else "" if self.computed is None else f"read as {self.computed:.0%}"),
            "difference": _fmt_diff(self.difference, c),
            "verdict": self.verdict, "how": self.detail, "source": self.source,
        }


CHECKS: dict[str, Callable[..., Result]] = {}


def check_function(name: str | None = None):
    """Register a check function under its name; claims refer to it as check.function."""

    def wrap(func):
        CHECKS[name or func.__name__] = func
        return func

    return wrap


def _where(entry: dict, i: int) -> str:
    return f"seeds/claims.yaml, claim {entry.get('id', f'#{i}')}"


def _parse(entry: dict, i: int, tables: set[str]) -> Claim:
    where = _where(entry, i)
    if not isinstance(entry, dict):
        raise ClaimRegisterError(f"{where}: each claim must be a mapping")
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
    base = dict(id=str(entry["id"]), document=entry["document"], location=str(entry["location"]),
                claim=entry["claim"], topic=entry["topic"], kind=entry["kind"],
                value=None if q.get("value") is None else float(q["value"]), unit=q.get("unit"),
                period=None if q.get("period") is None else str(q.get("period")),
                comparator=q.get("comparator"), words=entry.get("words"))
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
            f"(see lib/sinorussia/claims/checks/)")
    return Claim(**base, checkable=True, table=chk["table"], computation=chk["computation"],
                 function=chk["function"], params=dict(chk.get("params") or {}),
                 tolerance=Tolerance.parse(chk.get("tolerance"), where))


def load_register(path: Path | None = None) -> list[Claim]:
    """Read and validate the register; a malformed entry fails with the claim id and the field."""
    from . import checks  # noqa: F401  (registers the check functions)
    from ..processed.load import table_names

    path = Path(path or REGISTER)
    with open(path, encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    if not isinstance(entries, list):
        raise ClaimRegisterError(f"{path}: expected a YAML list of claims")
    docs = {d["id"] for d in yaml.safe_load(open(SOURCES_FILE, encoding="utf-8"))} if SOURCES_FILE.exists() else None
    tables = set(table_names())
    claims, seen = [], set()
    for i, e in enumerate(entries):
        c = _parse(e, i, tables)
        if c.id in seen:
            raise ClaimRegisterError(f"{_where(e, i)}: id {c.id} appears twice")
        if docs is not None and c.document not in docs:
            raise ClaimRegisterError(f"{_where(e, i)}: field 'document' = {c.document!r} is not an id in seeds/sources.yaml")
        seen.add(c.id)
        claims.append(c)
    return claims


@functools.lru_cache(maxsize=1)
def _register_cached() -> tuple[Claim, ...]:
    return tuple(load_register())


def get_claim(claim_id: str) -> Claim:
    for c in _register_cached():
        if c.id == claim_id:
            return c
    raise WorkbookError(f"No claim with id {claim_id!r} in seeds/claims.yaml")


def compare(claimed: float, computed: float, tol: Tolerance) -> tuple[str, float]:
    """Verdict for a numeric claim: within tolerance -> supported; within twice -> partly; else contradicted."""
    diff = computed - claimed
    if tol.kind == "relative":
        if claimed == 0:
            raise WorkbookError("relative tolerance needs a non-zero claimed value")
        err = abs(diff) / abs(claimed)
    else:
        err = abs(diff)
    if err <= tol.value:
        return "supported", diff
    if err <= 2 * tol.value:
        return "partly supported", diff
    return "contradicted", diff


def _source(result: Result) -> str:
    prod = producers(result.tables, result.raw_ids)
    return "; ".join(f"{p} ({'; '.join(v)})" if v else p for p, v in prod.items())


def check(claim_id: str | Claim) -> Verdict:
    """Check one claim against the data and return its verdict with claimed and computed values."""
    c = claim_id if isinstance(claim_id, Claim) else get_claim(claim_id)
    if not c.checkable:
        return Verdict(c, "not checkable", c.value, None, None, f"{c.why_not.rstrip('. ')}. Would settle it: {c.data_needed}", "")
    result = CHECKS[c.function](**c.params)
    if result.verdict is not None:
        if result.verdict not in VERDICTS:
            raise WorkbookError(f"check {c.function} for {c.id} returned unknown verdict {result.verdict!r}")
        verdict, diff = result.verdict, (None if c.value is None or result.computed is None else result.computed - c.value)
    elif c.value is None or c.tolerance.kind == "direction":
        raise WorkbookError(f"claim {c.id}: check {c.function} must return a verdict (no claimed number to compare)")
    else:
        if result.computed is None or (isinstance(result.computed, float) and math.isnan(result.computed)):
            raise WorkbookError(f"claim {c.id}: check {c.function} computed no value")
        verdict, diff = compare(c.value, result.computed, c.tolerance)
    return Verdict(c, verdict, c.value, result.computed, diff, result.detail, _source(result))


def check_all(topic: str | None = None) -> list[Verdict]:
    claims = [c for c in _register_cached() if topic is None or c.topic == topic]
    if topic is not None and topic not in TOPICS:
        raise WorkbookError(f"unknown topic {topic!r}; topics: {TOPICS}")
    return [check(c) for c in claims]


def _fmt(v, unit) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    u = unit or ""
    if u.startswith("share"):
        return f"{v * 100:.1f} %"
    if abs(v) >= 100:
        return f"{v:,.0f} {u}".strip()
    return f"{v:,.3g} {u}".strip()


def _fmt_diff(diff, c: Claim) -> str:
    if diff is None:
        return ""
    if c.value and c.tolerance is not None and c.tolerance.kind == "relative":
        return f"{diff / abs(c.value) * 100:+.0f} %"
    return _fmt(diff, c.unit)


def claims_table(topic: str) -> pd.DataFrame:
    """The claims of one topic with their verdicts, for a notebook."""
    rows = [v.as_row() for v in check_all(topic)]
    cols = ["id", "document", "claim", "claimed", "computed", "difference", "verdict", "how", "source"]
    return pd.DataFrame(rows, columns=["topic"] + cols)[cols]


def ledger() -> pd.DataFrame:
    """The whole ledger, sorted by topic (in the study's order) and id."""
    df = pd.DataFrame([v.as_row() for v in check_all()])
    df["topic"] = pd.Categorical(df["topic"], categories=TOPICS, ordered=True)
    return df.sort_values(["topic", "id"]).reset_index(drop=True)


def verdict_counts(df: pd.DataFrame | None = None) -> pd.DataFrame:
    df = ledger() if df is None else df
    counts = pd.crosstab(df["topic"], pd.Categorical(df["verdict"], categories=VERDICTS), dropna=False)
    counts.columns = list(VERDICTS)
    counts.loc["all"] = counts.sum()
    return counts


VERDICT_CSS = {"supported": "v-ok", "partly supported": "v-part", "contradicted": "v-bad", "not checkable": "v-na"}
# The same colours inline, so that a table looks the same in JupyterLab (no report.css) as in the report.
VERDICT_COLOUR = {"supported": "#0a7a55", "partly supported": "#a06400", "contradicted": "#b3331f",
                  "not checkable": "#777777"}
_TD = "text-align:left;vertical-align:top"


def render_claims_html(df: pd.DataFrame) -> str:
    """Claims as an HTML table: the full paraphrase with its document, claimed and computed values,
    the verdict in its colour, and how it was checked with the data source."""
    heads = ["ID", "Claim (paraphrased)", "Claimed", "Computed", "Diff.", "Verdict", "How checked / source"]
    head = "".join(f"<th style='{_TD}'>{h}</th>" for h in heads)
    body = []
    for r in df.itertuples():
        how = html.escape(r.how) + (f"<br><span class='src' style='color:#777'>{html.escape(r.source)}</span>"
                                    if r.source else "")
        body.append(
            f"<tr class='{VERDICT_CSS[r.verdict]}'><td style='{_TD};white-space:nowrap'>{r.id}</td>"
            f"<td style='{_TD}'>{html.escape(r.claim)} <span class='doc' style='color:#777'>[{html.escape(r.document)}]</span></td>"
            f"<td style='{_TD}'>{html.escape(r.claimed)}</td><td style='{_TD}'>{html.escape(r.computed)}</td>"
            f"<td style='{_TD}'>{html.escape(r.difference)}</td>"
            f"<td class='verdict' style='{_TD};font-weight:700;color:{VERDICT_COLOUR[r.verdict]}'>{r.verdict}</td>"
            f"<td class='how' style='{_TD}'>{how}</td></tr>")
    return f"<table class='claims'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"



def render_ledger_html() -> str:
    """The report's appendix: counts per verdict and topic, then every claim by topic."""
    df = ledger()
    counts = verdict_counts(df)
    parts = ["<p>Every checkable statement of the five source documents, paraphrased, with the value the "
             "workbook computes from its processed tables. Tolerances are stated per claim in "
             "<code>seeds/claims.yaml</code>; verdicts are computed, never typed.</p>",
             counts.to_html(classes="ledger-counts", border=0)]
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if len(sub):
            parts.append(f"<h3>{topic.capitalize()} ({len(sub)} claims)</h3>")
            parts.append(render_claims_html(sub))
    return "\n".join(parts)


def render_text(df: pd.DataFrame | None = None, width: int = 110) -> str:
    """The ledger for the terminal (`python -m sinorussia claims`)."""
    df = ledger() if df is None else df
    lines = []
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if not len(sub):
            continue
        lines.append(f"\n== {topic.upper()} ({len(sub)}) ==")
        for r in sub.itertuples():
            text = r.claim if len(r.claim) <= width - 40 else r.claim[: width - 43] + "..."
            vals = f"claimed {r.claimed or '-'} | computed {r.computed or '-'}"
            lines.append(f"{r.id:<8} {r.verdict:<17} {text}")
            lines.append(f"{'':<8} {'':<17} {vals}")
    counts = verdict_counts(df)
    lines.append("\n" + counts.to_string())
    return "\n".join(lines)
