"""The verdict engine: each claim of the register checked against the data, and the ledger of them all.

A checkable claim names a check function (claims/checks/), its parameters and its rule (rules.py).
`check` runs the function on the processed tables. A numeric rule compares the computed value with the
claimed one; a direction rule takes the verdict the function computed from its stated threshold; a
wording rule turns the reading of a probability word into a wording outcome, which is not a verdict.
Where the claim lists alternatives a referee might prefer (`check.sensitivity`), each is run too and a
flipped verdict is said in the verdict's sensitivity note. No verdict is typed by hand. `check_all`,
`ledger`, `ledger_records`, `claims_table` and `verdict_counts` gather the verdicts into tables.
"""

from __future__ import annotations

import math

import pandas as pd

from ..errors import WorkbookError
from ..processed.provenance import producers
from .model import OUTCOMES, TOPICS, VERDICTS, Claim, Result, Verdict, _fmt
from .register import cached_register, get_claim
from .registry import CHECKS
from .rules import THRESHOLDS, WORDING_OUTCOMES, Rule, resolve

# A wording check's reading, as the check function grades it, and the outcome the ledger shows.
_WORDING = {"supported": "wording matches", "partly supported": "wording mixed", "contradicted": "wording at odds"}


def compare(claimed: float, computed: float, rule: Rule, unit: str | None = None) -> tuple[str, float]:
    """Verdict for a numeric claim under its rule: within the rule's margin supported, else contradicted.
    (There is no 'partly' band around a single number; see rules.py.)"""
    diff = computed - claimed
    if rule.name == "exact":
        return ("supported" if math.isclose(computed, claimed, rel_tol=0, abs_tol=1e-9) else "contradicted"), diff
    if rule.relative and claimed == 0 and not rule.floor_pp:
        raise WorkbookError(f"rule {rule.name!r} is relative and needs a non-zero claimed value")
    return ("supported" if abs(diff) <= rule.margin(claimed, unit) + 1e-12 else "contradicted"), diff


_NAMED_PRODUCERS = 2  # a table read whole with more producers than this is named, its producers listed in B.4


def _source(result: Result) -> str:
    """The sources a check used, each named once. A table the check narrowed to some of its raw files
    (Result.raw_ids) gives exactly those files' producers with their vintages; a table it read whole gives
    its name and its producers, or for a table of many producers the count (appendix B.4 lists them with
    their files and vintages): the check did not say which of them it read."""
    narrowed = {t: ids for t, ids in (result.raw_ids or {}).items() if ids and t in result.tables}
    parts = [f"{p} ({'; '.join(v)})" if v else p for p, v in producers(list(narrowed), narrowed).items()]
    for t in result.tables:
        if t not in narrowed:
            prod = list(producers([t]))
            named = (
                "; ".join(prod) if len(prod) <= _NAMED_PRODUCERS else f"{len(prod)} producers, listed in appendix B.4"
            )
            parts.append(f"table {t} ({named})")
    return "; ".join(dict.fromkeys(parts))


def _rule_text(c: Claim, result: Result) -> str:
    """The rule as the ledger states it: the numeric margin, or the check's threshold and its source."""
    assert c.rule is not None
    if c.rule.kind == "numeric":
        return f"{c.rule.name}: {c.rule.text}"
    if c.rule.kind == "wording":
        return f"wording: {result.rule or c.rule.text}"
    if not result.rule:
        raise WorkbookError(f"claim {c.id}: check {c.function} computed a verdict but stated no rule (Result.rule)")
    named = "; ".join(THRESHOLDS[t].meaning for t in c.thresholds)
    why = f" (named threshold: {named})" if named else f" (threshold: {c.threshold_why})" if c.threshold_why else ""
    return f"direction: {result.rule}{why}"


def _verdict(c: Claim, result: Result) -> tuple[str, float | None]:
    """The verdict (or wording outcome) and the difference for one result of the claim's check."""
    assert c.rule is not None
    if c.rule.kind == "numeric":
        if result.computed is None or (isinstance(result.computed, float) and math.isnan(result.computed)):
            raise WorkbookError(f"claim {c.id}: check {c.function} computed no value")
        assert c.value is not None  # the register's validation guarantees it for a numeric rule
        return compare(c.value, result.computed, c.rule, c.unit)
    if result.verdict is None:
        raise WorkbookError(f"claim {c.id}: check {c.function} must return a verdict under rule {c.rule.name!r}")
    if result.verdict not in VERDICTS:
        raise WorkbookError(f"check {c.function} for {c.id} returned unknown verdict {result.verdict!r}")
    diff = None if c.value is None or result.computed is None else result.computed - c.value
    return (_WORDING[result.verdict] if c.rule.kind == "wording" else result.verdict), diff


def _sensitivity(c: Claim, verdict: str) -> str:
    """Alternatives a referee might prefer (another window, basis or source): each that flips the verdict
    is said, with its value; alternatives that agree are said too, briefly."""
    notes, agree = [], []
    for alt in c.sensitivity:
        params, _ = resolve({**c.params, **alt["params"]}, f"claim {c.id}, sensitivity")
        r = CHECKS[c.function or ""](**params)
        v, _ = _verdict(c, r)
        if v != verdict:
            # the alternative's value in the claim's unit, as the ledger prints the computed value
            shown = "" if r.computed is None else f", {_fmt(r.computed, c.unit)}"
            notes.append(f"with {alt['why']}: {v}{shown}")
        else:
            agree.append(alt["why"])
    if notes:
        return "Verdict depends on the choice: " + "; ".join(notes) + "."
    return f"Same verdict with {' and with '.join(agree)}." if agree else ""


def check(claim_id: str | Claim) -> Verdict:
    """Check one claim against the data and return its verdict with claimed and computed values."""
    c = claim_id if isinstance(claim_id, Claim) else get_claim(claim_id)
    if not c.checkable:
        why = (c.why_not or c.retired or "").rstrip(". ")
        return Verdict(c, "not checkable", c.value, None, None, f"{why}. Would settle it: {c.data_needed}", "")
    if c.function is None or c.rule is None:  # the register's validation makes this unreachable
        raise WorkbookError(f"claim {c.id}: a checkable claim needs check.function and check.rule")
    params, _ = resolve(c.params, f"claim {c.id}")
    result = CHECKS[c.function](**params)
    verdict, diff = _verdict(c, result)
    return Verdict(
        c,
        verdict,
        c.value,
        result.computed,
        diff,
        result.detail,
        _source(result),
        rule=_rule_text(c, result),
        basis=result.basis or "",
        sensitivity=_sensitivity(c, verdict),
        raw_ids={t: list(ids) for t, ids in (result.raw_ids or {}).items() if ids},
    )


def check_all(topic: str | None = None) -> list[Verdict]:
    """Every claim of the register (or of one topic) checked, in the register's order; retired claims
    keep their ids in the register but have no verdict."""
    claims = [c for c in cached_register() if c.retired is None and (topic is None or c.topic == topic)]
    if topic is not None and topic not in TOPICS:
        raise WorkbookError(f"unknown topic {topic!r}; topics: {TOPICS}")
    return [check(c) for c in claims]


def retired() -> list[Claim]:
    """The claims taken out of the register, each with why (their ids are never reused)."""
    return [c for c in cached_register() if c.retired is not None]


_COLUMNS = ["id", "document", "claim", "claimed", "computed", "difference", "verdict", "rule", "how"]
_COLUMNS += ["sensitivity", "basis", "source"]


def claims_table(topic: str) -> pd.DataFrame:
    """The claims of one topic with their verdicts, for a notebook."""
    rows = [v.as_row() for v in check_all(topic)]
    return pd.DataFrame(rows, columns=["topic"] + _COLUMNS)[_COLUMNS]


def ledger(verdicts: list[Verdict] | None = None) -> pd.DataFrame:
    """The whole ledger (or these verdicts), sorted by topic (in the study's order) and id."""
    df = pd.DataFrame([v.as_row() for v in (check_all() if verdicts is None else verdicts)])
    df["topic"] = pd.Categorical(df["topic"], categories=TOPICS, ordered=True)
    return df.sort_values(["topic", "id"]).reset_index(drop=True)


def ledger_records(verdicts: list[Verdict] | None = None) -> list[dict[str, object]]:
    """The ledger for machines: one record per claim (see Verdict.as_record), in the ledger's order."""
    order = {t: i for i, t in enumerate(TOPICS)}
    verdicts = sorted(check_all() if verdicts is None else verdicts, key=lambda v: (order[v.claim.topic], v.claim.id))
    return [v.as_record() for v in verdicts]


def verdict_counts(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per topic and verdict (every verdict a column, even when empty), with a row for all topics.
    Wording checks are counted apart, in their own columns: they are not verdicts on the claims."""
    df = ledger() if df is None else df
    unknown = set(df["verdict"]) - set(OUTCOMES)
    if unknown:
        raise WorkbookError(f"the ledger holds unknown outcomes {sorted(unknown)}")
    counts = pd.crosstab(df["topic"], pd.Categorical(df["verdict"], categories=OUTCOMES), dropna=False)
    counts.columns = list(OUTCOMES)
    counts = counts[[*VERDICTS, *WORDING_OUTCOMES]]
    counts.loc["all"] = counts.sum()
    return counts
