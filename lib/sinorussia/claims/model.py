"""What a claim is: the register's vocabulary, the claim and its tolerance, a check's result, a verdict.

Holds the fixed vocabularies of seeds/claims.yaml (TOPICS, KINDS, VERDICTS, the REQUIRED fields) and
the paths of the register and of the source list, the error a malformed entry raises, and the
dataclasses the rest of claims/ passes around: Tolerance, Claim, Result (what a check function
returns) and Verdict (a claim checked), with the value formatting that Verdict.as_row needs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .. import paths
from ..errors import WorkbookError

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
    """How far a computed value may lie from the claimed one: a relative or absolute margin, or only
    the direction (then the check function computes the verdict itself)."""

    kind: str  # relative | absolute | direction
    value: float | None = None

    @classmethod
    def parse(cls, text: str | None, where: str) -> Tolerance:
        """Read 'relative X', 'absolute X' or 'direction ...'; `where` names the claim in the error."""
        if text is None:
            raise ClaimRegisterError(f"{where}: field 'check.tolerance' is missing (e.g. 'relative 0.10')")
        m = re.fullmatch(r"\s*(relative|absolute)\s+([0-9.]+)\s*", str(text))
        if m:
            return cls(m.group(1), float(m.group(2)))
        if str(text).strip().startswith("direction"):
            return cls("direction")
        raise ClaimRegisterError(
            f"{where}: field 'check.tolerance' = {text!r}; use 'relative X', 'absolute X' or 'direction only'"
        )

    def __str__(self) -> str:
        return "direction only" if self.kind == "direction" else f"{self.kind} {self.value:g}"


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
            "how": self.detail,
            "source": self.source,
        }


def _fmt(v: float | None, unit: str | None) -> str:
    """A value with its unit: shares as percent, large values without decimals, small ones to 3 digits."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    u = unit or ""
    if u.startswith("share"):
        return f"{v * 100:.1f} %"
    if abs(v) >= 100:
        return f"{v:,.0f} {u}".strip()
    return f"{v:,.3g} {u}".strip()


def _fmt_diff(diff: float | None, c: Claim) -> str:
    """The difference computed minus claimed: in percent of the claim for a relative tolerance, else in its unit."""
    if diff is None:
        return ""
    if c.value and c.tolerance is not None and c.tolerance.kind == "relative":
        return f"{diff / abs(c.value) * 100:+.0f} %"
    return _fmt(diff, c.unit)
