"""Reporting bases of a trade share: who reported the numerator (the bilateral flow) and who the
denominator (the country's total), and the declared list of the pairs that may be combined.

A share divides a bilateral flow of one source (trade_bilateral_annual) by a country's total of one
source (trade_totals). Sources differ in concept: a country's own customs, its partner's customs, a
reconciliation (BACI) or an estimate (the Harvard Atlas, whose totals for Russia after 2021 are
partner-mirror estimates some 18-24 % below Russia's own customs totals). Every pair used anywhere
in the workbook is declared here with a label; the builder of trade_partner_shares and the analysis
functions that build ratios (analysis.bases) refuse any other pair.
"""

from __future__ import annotations

# who reported each bilateral flow source and each totals source
# (short names; table notes of trade_partner_shares and trade_totals describe each source)
FLOW_REPORTER = {
    "comtrade_china": "China customs",
    "comtrade_china_processed": "China customs",
    "fcs_russia": "Russia customs",
    "imf_dots_russia": "IMF DOTS",
    "baci": "CEPII BACI",
}
TOTAL_REPORTER = {
    "atlas": "Harvard Atlas",
    "fcs_russia": "Russia customs",
    "gacc_release": "China customs",
    "imf_dots_russia": "IMF DOTS",
}
# for a share whose flow covers both directions, the source of each: (RUS->CHN, CHN->RUS)
TWO_WAY = {
    "baci": ("baci", "baci"),
    "comtrade_china_processed": ("comtrade_china", "comtrade_china_processed"),
    "fcs_russia": ("fcs_russia", "fcs_russia"),
    "imf_dots_russia": ("imf_dots_russia", "imf_dots_russia"),
}

OWN = "own report"
PARTNER_OVER_OWN = "partner-reported flow over own total"
PARTNER_OVER_ATLAS = "partner-reported flow over Atlas (mirror-estimated) total"
OWN_OVER_ATLAS = "own-reported flow over Atlas (mirror-estimated) total"
PARTNER_OVER_ATLAS_CHN = "partner-reported flow over Atlas total"
OWN_OVER_ATLAS_CHN = "own-reported flow over Atlas total"
BACI_OVER_ATLAS = "reconciled (BACI) over Atlas"
IMF_OWN = "own report via IMF DOTS"

# (country whose trade is divided, numerator source, denominator source) -> basis label
SHARE_BASES: dict[tuple[str, str, str], str] = {
    ("RUS", "fcs_russia", "fcs_russia"): OWN,
    ("RUS", "imf_dots_russia", "imf_dots_russia"): IMF_OWN,
    ("RUS", "comtrade_china", "fcs_russia"): PARTNER_OVER_OWN,
    ("RUS", "comtrade_china_processed", "fcs_russia"): PARTNER_OVER_OWN,
    ("RUS", "comtrade_china", "atlas"): PARTNER_OVER_ATLAS,
    ("RUS", "comtrade_china_processed", "atlas"): PARTNER_OVER_ATLAS,
    ("RUS", "fcs_russia", "atlas"): OWN_OVER_ATLAS,
    ("RUS", "imf_dots_russia", "atlas"): OWN_OVER_ATLAS,
    ("RUS", "baci", "atlas"): BACI_OVER_ATLAS,
    ("CHN", "comtrade_china", "gacc_release"): OWN,
    ("CHN", "comtrade_china_processed", "gacc_release"): OWN,
    ("CHN", "comtrade_china", "atlas"): OWN_OVER_ATLAS_CHN,
    ("CHN", "comtrade_china_processed", "atlas"): OWN_OVER_ATLAS_CHN,
    ("CHN", "fcs_russia", "atlas"): PARTNER_OVER_ATLAS_CHN,
    ("CHN", "imf_dots_russia", "atlas"): PARTNER_OVER_ATLAS_CHN,
    ("CHN", "baci", "atlas"): BACI_OVER_ATLAS,
}
BASIS_LABELS = tuple(sorted(set(SHARE_BASES.values())))


def share_slug(numerator: str, denominator: str) -> str:
    """The `source` value of trade_partner_shares: '<numerator>/<denominator>', or one name for both."""
    return numerator if numerator == denominator else f"{numerator}/{denominator}"


SHARE_SLUGS = tuple(sorted({share_slug(n, d) for _, n, d in SHARE_BASES}))
