"""The verdict engine: each claim of the register checked against the data, and the ledger of them all.

A checkable claim names a check function (claims/checks/) and its parameters; `check` runs it on the
processed tables and compares the computed value with the claimed one using the claim's tolerance, or
takes the verdict the function computed for direction and qualitative claims. No verdict is typed by
hand. `check_all`, `ledger`, `claims_table` and `verdict_counts` gather the verdicts into tables.
"""

from __future__ import annotations

import math

import pandas as pd

from ..errors import WorkbookError
from ..processed.provenance import producers
from .model import TOPICS, VERDICTS, Claim, Result, Tolerance, Verdict
from .register import cached_register, get_claim
from .registry import CHECKS


def compare(claimed: float, computed: float, tol: Tolerance) -> tuple[str, float]:
    """Verdict for a numeric claim: within tolerance -> supported; within twice -> partly; else contradicted."""
    diff = computed - claimed
    if tol.value is None:
        raise WorkbookError(f"tolerance {tol} has no margin to compare a number with")
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
    """The producers of the tables a check used, each with the raw files behind it."""
    prod = producers(result.tables, result.raw_ids)
    return "; ".join(f"{p} ({'; '.join(v)})" if v else p for p, v in prod.items())


def check(claim_id: str | Claim) -> Verdict:
    """Check one claim against the data and return its verdict with claimed and computed values."""
    c = claim_id if isinstance(claim_id, Claim) else get_claim(claim_id)
    if not c.checkable:
        why = (c.why_not or "").rstrip(". ")
        return Verdict(c, "not checkable", c.value, None, None, f"{why}. Would settle it: {c.data_needed}", "")
    if c.function is None or c.tolerance is None:  # the register's validation makes this unreachable
        raise WorkbookError(f"claim {c.id}: a checkable claim needs check.function and check.tolerance")
    result = CHECKS[c.function](**c.params)
    if result.verdict is not None:
        if result.verdict not in VERDICTS:
            raise WorkbookError(f"check {c.function} for {c.id} returned unknown verdict {result.verdict!r}")
        verdict = result.verdict
        diff = None if c.value is None or result.computed is None else result.computed - c.value
    elif c.value is None or c.tolerance.kind == "direction":
        raise WorkbookError(f"claim {c.id}: check {c.function} must return a verdict (no claimed number to compare)")
    else:
        if result.computed is None or (isinstance(result.computed, float) and math.isnan(result.computed)):
            raise WorkbookError(f"claim {c.id}: check {c.function} computed no value")
        verdict, diff = compare(c.value, result.computed, c.tolerance)
    return Verdict(c, verdict, c.value, result.computed, diff, result.detail, _source(result))


def check_all(topic: str | None = None) -> list[Verdict]:
    """Every claim of the register (or of one topic) checked, in the register's order."""
    claims = [c for c in cached_register() if topic is None or c.topic == topic]
    if topic is not None and topic not in TOPICS:
        raise WorkbookError(f"unknown topic {topic!r}; topics: {TOPICS}")
    return [check(c) for c in claims]


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
    """Claims per topic and verdict (every verdict a column, even when empty), with a row for all topics."""
    df = ledger() if df is None else df
    counts = pd.crosstab(df["topic"], pd.Categorical(df["verdict"], categories=VERDICTS), dropna=False)
    counts.columns = list(VERDICTS)
    counts.loc["all"] = counts.sum()
    return counts
