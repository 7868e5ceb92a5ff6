"""What a claim is: the register's vocabulary, the claim and its rule, a check's result, a verdict.

Holds the fixed vocabularies of seeds/claims.yaml (TOPICS, KINDS, VERDICTS, OUTCOMES, the REQUIRED
fields) and the paths of the register and of the source list, the error a malformed entry raises, and
the dataclasses the rest of claims/ passes around: Claim, Result (what a check function returns) and
Verdict (a claim checked), with the value formatting that Verdict.as_row needs. The rules a verdict
follows are in rules.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import paths
from ..errors import WorkbookError
from .numbers import is_year_unit, number, signed, typeset, year
from .rules import WORDING_OUTCOMES, Rule

TOPICS = ("context", "economics", "energy", "military", "regional", "political", "scenarios")
KINDS = ("value", "share", "growth", "ranking", "date", "count", "trend", "qualitative", "probability")
VERDICTS = ("supported", "partly supported", "contradicted", "not checkable")
# What the ledger's verdict column may hold: a verdict, or the outcome of a wording check (kept out of
# the verdict counts: reading a probability word is not checking the forecast).
OUTCOMES = VERDICTS + WORDING_OUTCOMES
REQUIRED = ("id", "document", "location", "claim", "topic", "kind", "quantity", "check")
REGISTER = paths.SEEDS_DIR / "claims.yaml"
SOURCES_FILE = paths.SEEDS_DIR / "sources.yaml"


class ClaimRegisterError(WorkbookError):
    """A malformed entry in seeds/claims.yaml."""


@dataclass(frozen=True)
class Claim:
    """One entry of the register, validated: a checkable claim names its check function, parameters and
    tolerance; a claim no shipped table settles says why not and which data would."""

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
    rule: Rule | None = None
    threshold_why: str | None = None
    thresholds: tuple[str, ...] = ()  # the named THRESHOLDS its params use
    sensitivity: tuple[dict, ...] = ()  # alternative params ({params, why}) a referee might prefer
    why_not: str | None = None
    data_needed: str | None = None
    words: str | None = None
    retired: str | None = None  # why a claim left the register; its id is never reused


@dataclass
class Result:
    """What a check function returns: the computed value (or a computed verdict) and how."""

    computed: float | None
    detail: str
    tables: tuple[str, ...]
    verdict: str | None = None  # set by direction/qualitative checks; numeric ones are compared
    raw_ids: dict[str, list[str]] | None = None  # narrow the provenance to the raw files used
    rule: str | None = None  # a direction check's threshold, in words ("supported if the ratio ≥ 3")
    basis: str | None = None  # who reported the numbers and which concept ("China customs over FCS total")

    @property
    def value(self) -> float:
        """The computed number, for a check that builds on another check's result; a check that
        computed none (or NaN) is an error in that check, not a value to carry on with."""
        if self.computed is None or (isinstance(self.computed, float) and math.isnan(self.computed)):
            raise WorkbookError(f"a check computed no value ({self.detail or 'no detail'})")
        return float(self.computed)


@dataclass
class Verdict:
    """A claim checked against the data: the verdict, both values, their difference, how and from where."""

    claim: Claim
    verdict: str
    claimed: float | None
    computed: float | None
    difference: float | None
    detail: str
    source: str
    rule: str = ""
    basis: str = ""
    sensitivity: str = ""
    raw_ids: dict[str, list[str]] = field(default_factory=dict)  # the raw files the check narrowed to, per table

    def as_row(self) -> dict[str, str]:
        """The verdict as one row of the ledger, its values formatted for reading."""
        c = self.claim
        return {
            "id": c.id,
            "topic": c.topic,
            "document": c.document,
            "claim": c.claim,
            "claimed": _fmt(self.claimed, c.unit) if c.kind != "probability" else (c.words or ""),
            "computed": (
                _fmt(self.computed, c.unit)
                if c.kind != "probability"
                else ""
                if self.computed is None
                else f"read as {self.computed:.0%}"
            ),
            "difference": _fmt_diff(self.difference, c),
            "verdict": self.verdict,
            # the checks' own texts hold formatted numbers: the ledger prints them with a minus sign (−)
            "rule": typeset(self.rule),
            "how": typeset(self.detail),
            "sensitivity": typeset(self.sensitivity),
            "basis": typeset(self.basis),
            "source": self.source,
        }

    def as_record(self) -> dict[str, object]:
        """The verdict for machines (JSON, CSV): raw numbers with their units, nothing formatted."""
        c = self.claim
        return {
            "id": c.id,
            "document": c.document,
            "location": c.location,
            "topic": c.topic,
            "kind": c.kind,
            "claim": c.claim,
            "period": c.period,
            "claimed_value": _number(self.claimed),
            "claimed_words": c.words,
            "computed_value": _number(self.computed),
            "unit": c.unit,
            "difference": _number(self.difference),
            "verdict": self.verdict,
            "is_wording_check": self.verdict in WORDING_OUTCOMES,
            "rule_name": c.rule.name if c.rule else None,
            "rule": self.rule,
            "basis": self.basis,
            "how": self.detail,
            "sensitivity": self.sensitivity,
            "sources": self.source,
            "table": c.table,
            "function": c.function,
        }


def _number(v: float | None) -> float | None:
    """A value for JSON: a plain float, or None for missing and NaN."""
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _fmt(v: float | None, unit: str | None) -> str:
    """A value with its unit: shares as percent, years as written (2014, never 2,014), large values
    without decimals, small ones to 3 digits; a minus sign (−), never a hyphen, and no negative zero."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    u = unit or ""
    if u.startswith("share"):
        return number(v * 100, ".1f") + " %"
    if u == "growth":  # a rate of change, as a signed percentage
        return signed(v * 100, ".1f") + " %"
    if is_year_unit(u):
        return year(v)
    if abs(v) >= 100:
        return f"{number(v, ',.0f')} {u}".strip()
    return f"{number(v, ',.3g')} {u}".strip()


def _fmt_diff(diff: float | None, c: Claim) -> str:
    """The difference computed minus claimed: in percent of the claim for a relative tolerance, else in its
    unit (a difference of years in years: '+1 year')."""
    if diff is None:
        return ""
    if c.value and c.rule is not None and c.rule.name in ("level", "growth"):
        return signed(diff / abs(c.value) * 100, ".0f") + " %"
    if is_year_unit(c.unit):
        n = int(round(diff))
        return f"{signed(n, 'd')} year{'' if abs(n) == 1 else 's'}"
    return _fmt(diff, c.unit)
