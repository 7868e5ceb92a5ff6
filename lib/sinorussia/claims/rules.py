"""The rule book: how far a computed value may lie from a claim, and what a direction claim must show.

One small set of rules, applied to every claim of the register, each with its rationale; the ledger
shows the rule beside each verdict. A claim names its rule in `check.rule`:

numeric rules, applied by the engine to a claimed number
    level   amounts (USD, tonnes, counts above ten): within ±10 % of the claim
    share   shares: within ±10 % of the claimed share, never tighter than ±1 percentage point
    growth  growth rates: within ±15 % of the claimed rate, never tighter than ±2 percentage points
    exact   ranks, small counts (ten or fewer) and years: equal to the claim
direction rules, computed by the check function from the thresholds in its params
    direction   the check states its threshold (Result.rule); thresholds come from THRESHOLDS below
                by name (`at_least: rule:rise`), or are literals with `check.threshold_why`
wording rules
    wording     a probability word read against its ICD 203 band: a check of language, whose outcome
                is 'wording matches' or 'wording at odds', never a verdict on the forecast

A single-number claim is supported or contradicted: there is no 'partly' band around a tolerance.
'Partly supported' is kept for compound claims, where one stated part holds and another does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import WorkbookError

# Outcomes of a wording check: what a reader would take the word to mean, not whether it came true.
WORDING_OUTCOMES = ("wording matches", "wording at odds", "wording mixed")


@dataclass(frozen=True)
class Rule:
    """One rule of the rule book: a numeric margin (relative, with an absolute floor in percentage
    points), a direction threshold stated by the check, or a wording reading."""

    name: str
    kind: str  # numeric | direction | wording
    text: str
    rationale: str
    relative: float = 0.0
    floor_pp: float = 0.0  # the smallest margin, in percentage points (shares and growth rates only)

    def margin(self, claimed: float, unit: str | None) -> float:
        """The largest accepted |computed - claimed|, in the claim's unit."""
        if self.kind != "numeric":
            raise WorkbookError(f"rule {self.name!r} has no numeric margin")
        floor = 0.0
        if self.floor_pp:
            u = unit or ""
            if u.startswith("share"):
                floor = self.floor_pp / 100
            elif u in ("percent", "%", "percentage points"):
                floor = self.floor_pp
            else:
                raise WorkbookError(
                    f"rule {self.name!r} needs a unit of 'share 0-1' or 'percent' to set its floor, not {unit!r}"
                )
        return max(self.relative * abs(claimed), floor)


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "level",
            "numeric",
            "supported if within ±10 % of the claimed amount",
            "reporters differ by 3-8 % on the same flow (CIF against FOB, mirror against own report, revisions): "
            "10 % is the smallest margin that does not punish a claim for its source's basis",
            relative=0.10,
        ),
        Rule(
            "share",
            "numeric",
            "supported if within ±10 % of the claimed share, and at least ±1 percentage point",
            "as for levels, with a floor so that a small share is not held to false precision",
            relative=0.10,
            floor_pp=1.0,
        ),
        Rule(
            "growth",
            "numeric",
            "supported if within ±15 % of the claimed rate, and at least ±2 percentage points",
            "a growth rate compounds the differences of two levels",
            relative=0.15,
            floor_pp=2.0,
        ),
        Rule(
            "exact",
            "numeric",
            "supported only if equal to the claim",
            "ranks, small counts and years are exact quantities: one off is wrong",
        ),
        Rule(
            "direction",
            "direction",
            "the check's stated threshold",
            "a trend or comparison needs an effect size set before looking at the data (THRESHOLDS)",
        ),
        Rule(
            "wording",
            "wording",
            "survey readings of the word inside its ICD 203 band",
            "reading a probability word is a check of language, not of the forecast",
        ),
    )
}


@dataclass(frozen=True)
class Threshold:
    """A named effect size for direction claims: the value a check's parameter takes, and why."""

    value: float
    meaning: str
    rationale: str


THRESHOLDS: dict[str, Threshold] = {
    "rise": Threshold(
        1.10,
        "rose: at least +10 % over the window (end/start ratio 1.10)",
        "smaller moves are within the reporters' spread",
    ),
    "sharp_rise": Threshold(1.30, "rose sharply: at least +30 % (ratio 1.30)", "three times the ordinary rise"),
    "fall": Threshold(0.90, "fell: at most −10 % (ratio 0.90)", "the mirror of a rise"),
    "sharp_fall": Threshold(
        0.50, "fell sharply or collapsed: at most half (ratio 0.50)", "a halving is what 'collapse' asserts"
    ),
    "share_rise": Threshold(0.02, "a share rose: by more than 2 percentage points", "twice the share rule's floor"),
    "far_ahead": Threshold(
        3.0, "far ahead, plainly the lesser: a ratio of at least 3", "an order of magnitude is 10; 3 is a clear gap"
    ),
    "parity_high": Threshold(
        1.5, "rough parity: a ratio of at most 1.5 (and at least 1/1.5)", "within half again of each other"
    ),
    "most": Threshold(0.50, "most: more than half", "the word's meaning"),
    "dominant": Threshold(0.35, "dominant: first and at least 35 %", "a first place with a third of the total"),
    "little": Threshold(0.03, "of little importance: at most 3 %", "below the share rule's range of interest"),
    "plateau": Threshold(
        0.05, "a plateau: the latest year's change within ±5 %", "half the level rule's margin per year"
    ),
    "lead": Threshold(1.10, "ahead: more than 10 % above the other", "partner-reported figures differ by that much"),
    "correlation": Threshold(
        0.5, "closely linked: a correlation of at least 0.5", "explains a quarter of the variation"
    ),
}
RULE_REF = "rule:"


def rule(name: str, where: str) -> Rule:
    """The rule of this name, or an error naming the claim and the rules there are."""
    if name not in RULES:
        raise WorkbookError(f"{where}: field 'check.rule' = {name!r}; use one of {sorted(RULES)} (claims/rules.py)")
    return RULES[name]


def resolve(params: dict, where: str) -> tuple[dict, list[str]]:
    """The params with every 'rule:NAME' replaced by THRESHOLDS[NAME].value, and the named thresholds used."""
    out, used = {}, []
    for k, v in params.items():
        if isinstance(v, str) and v.startswith(RULE_REF):
            name = v[len(RULE_REF) :]
            if name not in THRESHOLDS:
                raise WorkbookError(
                    f"{where}: field 'check.params.{k}' = {v!r}; named thresholds are {sorted(THRESHOLDS)}"
                )
            out[k] = THRESHOLDS[name].value
            used.append(name)
        else:
            out[k] = v
    return out, used


# Parameters of check functions that set a direction verdict's threshold: each takes a named threshold
# ('rule:rise') or a literal with the claim's `check.threshold_why` saying why that number.
THRESHOLD_PARAMS = frozenset(
    {
        "at_least",
        "at_most",
        "min_change",
        "max_growth",
        "min_ratio",
        "max_ratio",
        "supported_at",
        "supported_below",
        "min_share",
        "max_share",
        "min_lead",
        "min_gap",
        "min_usd",
        "share_needed",
    }
)
