"""Regional analysis for notebook 05: where China and Russia compete (Central Asia, Mongolia, the Far East,
the Arctic) — trade as each neighbour reports it, Chinese development finance, UN voting, and Russia's LNG."""

from __future__ import annotations

import pandas as pd

from ..errors import WorkbookError
from ..parameters import check_choices
from ..processed import table_spec
from .context import agreement_pairs
from .energy import destination_group as energy_group
from .indicators import lasting_lead

# The six neighbours the chapter can focus on; the four with their own partner statistics in regional_trade.
FOCUS = ("KAZ", "KGZ", "UZB", "MNG", "TJK", "TKM")
NATIONAL_SOURCE = {"KAZ": "kaz_stat", "KGZ": "kgz_stat", "UZB": "uzb_stat", "MNG": "mng_nso"}
# Order of preference for one reporter-partner-flow-year: the national office, then WITS.
# wits_kaz_china (Kazakhstan-China only) comes before wits_top5 because it does not depend on the top five.
FALLBACK_SOURCES = ("wits_kaz_china", "wits_top5")
SOURCE_LABELS = {
    "kaz_stat": "Kazakhstan's statistics bureau",
    "kgz_stat": "Kyrgyzstan's statistics committee",
    "uzb_stat": "Uzbekistan's statistics agency",
    "mng_nso": "Mongolia's NSO (top-10 partners)",
    "wits_kaz_china": "WITS (Kazakhstan–China extract)",
    "wits_top5": "WITS (top-5 partners only)",
    "fcs_russia": "Russia's customs (FCS)",
}

# China's own (GACC) figures for its two-way goods trade with each Central Asian state in 2023, bn USD.
# Not in any table of the workbook: cited from the GACC release as reported by WE News (Islamabad),
# "China-Central Asia trade hits $89.4 billion in 2023",
# https://wenewsenglish.pk/china-central-asia-trade-hits-89-4-billion-in-2023 (Kyrgyzstan 19.8; Kazakhstan 41.0;
# Uzbekistan 14.0; Turkmenistan 10.6; Tajikistan 3.9). The Kyrgyz figure is confirmed by the Kyrgyz cabinet
# (https://daryo.uz/en/2024/05/19/kyrgyzstan-china-trade-hits-198bn-in-2023).
GACC_YEAR = 2023  # the one year for which China's side is cited
GACC_TURNOVER_2023_BN = {"KAZ": 41.0, "KGZ": 19.8, "UZB": 14.0, "TKM": 10.6, "TJK": 3.9}
GACC_CITATION = (
    "China's General Administration of Customs, 2023, as reported by WE News, 'China-Central Asia "
    "trade hits $89.4 billion in 2023' (wenewsenglish.pk)"
)

# EI's approximate conversion factor (Statistical Review, sheet 'Approximate conversion factors'): 1 Mt LNG = 1.36 bcm
# of natural gas; used only to set China's customs tonnes beside the matrices' bcm (see the energy_flows notes).
LNG_BCM_PER_MT = 1.36


def check_countries(countries) -> list[str]:
    """Validate the countries in focus against FOCUS (ParameterError naming the parameter and the choices)."""
    return check_choices("countries", countries, FOCUS, what="country code")


def with_data(regional: pd.DataFrame, countries) -> tuple[list[str], list[str]]:
    """Split the countries into those that report partner trade with China and Russia and those that do not."""
    reporters = set(regional[regional.partner.isin(["CHN", "RUS"])].reporter)
    have = [c for c in countries if c in reporters]
    return have, [c for c in countries if c not in reporters]


def partner_trade(regional: pd.DataFrame, reporter: str, partners=("CHN", "RUS")) -> pd.DataFrame:
    """One value per year, partner and flow, as `reporter` reports it: its national office first, then WITS.

    Returns long rows (year, partner, flow, value_usd, source), with flow 'total' = exports + imports added
    only where both flows exist for the year (a WITS top-5 gap is unknown, not zero). Russia's customs
    (fcs_russia) is never used: it is Russia's side, not the reporter's.
    """
    order = [NATIONAL_SOURCE.get(reporter)] + list(FALLBACK_SOURCES)
    d = regional[(regional.reporter == reporter) & regional.partner.isin(partners) & regional.source.isin(order)]
    if d.empty:
        return pd.DataFrame(columns=["year", "partner", "flow", "value_usd", "source"])
    rank = {s: i for i, s in enumerate(order)}
    d = d.assign(rank=d.source.map(rank)).sort_values(["year", "partner", "flow", "rank"])
    best = d.drop_duplicates(["year", "partner", "flow"])[["year", "partner", "flow", "value_usd", "source"]]
    wide = best.pivot_table(index=["year", "partner"], columns="flow", values="value_usd")
    if {"exports", "imports"} <= set(wide.columns):
        tot = wide.dropna(subset=["exports", "imports"])
        src = best.groupby(["year", "partner"]).source.agg(lambda s: "+".join(sorted(set(s))))
        total = pd.DataFrame(
            {
                "year": [i[0] for i in tot.index],
                "partner": [i[1] for i in tot.index],
                "flow": "total",
                "value_usd": (tot.exports + tot.imports).values,
                "source": [src[i] for i in tot.index],
            }
        )
        best = pd.concat([best, total], ignore_index=True)
    return best.sort_values(["year", "partner", "flow"]).reset_index(drop=True)


def china_vs_russia(
    regional: pd.DataFrame, countries, flow: str = "total", start: int = 1988, end: int = 2025
) -> pd.DataFrame:
    """Year × (reporter, partner) in USD for one flow, from partner_trade; NaN where a value is unknown."""
    if flow not in ("exports", "imports", "total"):
        raise WorkbookError(f"flow must be exports, imports or total, not {flow!r}")
    frames = []
    for c in countries:
        p = partner_trade(regional, c)
        p = p[(p.flow == flow) & p.year.between(start, end)]
        if len(p):
            frames.append(p.assign(reporter=c))
    if not frames:
        raise WorkbookError(f"no partner trade for {list(countries)} between {start} and {end}")
    d = pd.concat(frames)
    return d.pivot_table(index="year", columns=["reporter", "partner"], values="value_usd").sort_index()


def overtaking(wide: pd.DataFrame, countries) -> pd.DataFrame:
    """Per reporter: the year China's trade overtook Russia's for good (lasting_lead), and the last year's ratio."""
    rows = []
    for c in countries:
        if (c, "CHN") not in wide.columns or (c, "RUS") not in wide.columns:
            rows.append(
                {
                    "country": c,
                    "overtook": None,
                    "since_start": False,
                    "first": None,
                    "last": None,
                    "china_to_russia": None,
                }
            )
            continue
        lead = lasting_lead(wide[(c, "CHN")], wide[(c, "RUS")])
        both = wide[[(c, "CHN"), (c, "RUS")]].dropna()
        rows.append(
            {
                "country": c,
                "overtook": lead["year"],
                "since_start": lead["since_start"],
                "first": int(both.index.min()) if len(both) else None,
                "last": lead["last"],
                "china_to_russia": float(both.iloc[-1, 0] / both.iloc[-1, 1]) if len(both) else None,
            }
        )
    return pd.DataFrame(rows).set_index("country")


def coverage(regional: pd.DataFrame, countries) -> pd.DataFrame:
    """Which sources give each country's trade with China and Russia, and for which years ('' = none)."""
    rows = []
    for c in countries:
        for src in [NATIONAL_SOURCE.get(c), *FALLBACK_SOURCES]:
            d = regional[(regional.reporter == c) & (regional.source == src) & regional.partner.isin(["CHN", "RUS"])]
            if src is None or d.empty:
                continue
            for p in ("CHN", "RUS"):
                yrs = sorted(set(d[d.partner == p].year))
                rows.append(
                    {
                        "country": c,
                        "source": SOURCE_LABELS[src],
                        "partner": p,
                        "years": f"{yrs[0]}–{yrs[-1]} ({len(yrs)} years)" if yrs else "none",
                    }
                )
        if not any(r["country"] == c for r in rows):
            rows.append({"country": c, "source": "none", "partner": "CHN/RUS", "years": "no partner data"})
    return pd.DataFrame(rows)


def reported_gap(regional: pd.DataFrame, year: int = GACC_YEAR) -> pd.DataFrame:
    """Each state's own figure for two-way trade with China against China's (GACC_TURNOVER_2023_BN).

    Only 2023 has China's side (cited, not in the tables). ratio = China-reported / partner-reported.
    """
    if year != 2023:
        raise WorkbookError("China-reported trade with Central Asia is only available (cited) for 2023")
    rows = []
    for c, china_bn in GACC_TURNOVER_2023_BN.items():
        p = partner_trade(regional, c, partners=("CHN",))
        own = p[(p.year == year) & (p.flow == "total")].value_usd
        own_bn = float(own.iloc[0]) / 1e9 if len(own) else None
        rows.append(
            {
                "country": c,
                "partner_reported_bn": own_bn,
                "china_reported_bn": china_bn,
                "ratio": china_bn / own_bn if own_bn else None,
            }
        )
    return pd.DataFrame(rows).set_index("country")


def finance_per_head(
    finance: pd.DataFrame, macro: pd.DataFrame, countries=FOCUS, start: int = 2000, end: int = 2021
) -> pd.DataFrame:
    """Chinese official finance committed 2000–2021 (constant 2021 USD) per country, its rank among all
    recipients, and per head of the average population over the same years (World Bank WDI)."""
    tot = finance[
        (finance.period == f"{start}-{end}")
        & (finance.measure == "total_official_finance")
        & (finance.country != "WLD")
    ].copy()
    if tot.empty:
        raise WorkbookError(f"no development-finance totals for {start}-{end}")
    tot["rank"] = tot.commitments_usd.rank(ascending=False, method="min").astype(int)
    pop = macro[(macro.indicator == "population") & (macro.source == "wdi") & macro.year.between(start, end)]
    avg_pop = pop.groupby("country").value.mean()
    wanted = list(dict.fromkeys(["RUS", *countries]))
    out = tot.set_index("country").reindex(wanted)[["commitments_usd", "rank"]]
    out["population"] = avg_pop.reindex(wanted)
    out["per_head_usd"] = out.commitments_usd / out.population
    out["recipients"] = len(tot)
    return out


def ideal_point_distances(
    ideal: pd.DataFrame, countries, source: str, start: int, end: int, refs=("RUS", "CHN", "USA")
) -> pd.DataFrame:
    """|ideal point of country − ideal point of each reference| per year, one ideal-point release.

    Long rows: year, country, ref, distance. A smaller distance = voting closer to that power.
    """
    ip = ideal[(ideal.source == source) & ideal.year.between(start, end)]
    if ip.empty:
        raise WorkbookError(f"no ideal points from {source!r} between {start} and {end}")
    wide = ip.pivot_table(index="year", columns="country", values="ideal_point")
    rows = []
    for c in countries:
        if c not in wide:
            continue
        for r in refs:
            if r not in wide:
                continue
            d = (wide[c] - wide[r]).abs().dropna()
            rows += [{"year": int(y), "country": c, "ref": r, "distance": float(v)} for y, v in d.items()]
    return pd.DataFrame(rows)


def nearest_power(distances: pd.DataFrame, year: int) -> pd.Series:
    """For each country, the reference power with the smallest ideal-point distance in `year`."""
    d = distances[distances.year == year]
    return d.loc[d.groupby("country").distance.idxmin()].set_index("country").ref


def agreement_with(agreement: pd.DataFrame, countries, refs=("RUS", "CHN", "USA"), min_votes: int = 10) -> pd.DataFrame:
    """Long rows (year, country, ref, agreement): the share of UNGA roll calls on which each country voted
    like each reference power (context.agreement_pairs). Years with fewer than `min_votes` common roll
    calls are dropped (2020 holds a single vote)."""
    start, end = int(agreement.year.min()), int(agreement.year.max())
    rows = []
    for c in countries:
        wide = agreement_pairs(agreement, [(c, r) for r in refs], start, end, min_votes)
        for r in refs:
            s = wide[f"{c}–{r}"].dropna()
            rows += [{"year": int(y), "country": c, "ref": r, "agreement": float(v)} for y, v in s.items()]
    return pd.DataFrame(rows, columns=["year", "country", "ref", "agreement"])


def us_coincidence(coincidence: pd.DataFrame, countries, refs=("RUS", "CHN")) -> pd.DataFrame:
    """Year × country: the State Department's coincidence with the US (full vote set, 2018 on, only)."""
    d = coincidence[
        (coincidence.source == "us_state_dept") & coincidence.country.isin(list(dict.fromkeys([*countries, *refs])))
    ]
    return d.pivot_table(index="year", columns="country", values="coincidence")


def destination_group(code: str) -> str:
    """'Asia', 'Europe' or 'Other' for an EI/bp destination code or area slug: energy.destination_group's
    groups (one geography for the whole workbook) folded into three."""
    group = energy_group(code)
    if group in ("China", "India", "other Asia-Pacific"):
        return "Asia"
    return "Europe" if group.startswith("Europe") else "Other"


def russia_lng(flows: pd.DataFrame) -> pd.DataFrame:
    """Russia's LNG exports by destination group (bcm) in the two matrices: 2020 (bp 2021) and 2023 (EI 2024),
    with China shown on its own. Rows: group (China, rest of Asia, Europe, Other); columns: years."""
    d = flows[(flows.origin == "RUS") & (flows.commodity == "lng") & flows.source.isin(["bp_2021", "ei_2024"])]
    if d.empty:
        raise WorkbookError("no LNG matrix rows for Russia in energy_flows")
    g = d.assign(
        group=d.destination.map(
            lambda c: (
                "China" if c == "CHN" else ("Rest of Asia" if destination_group(c) == "Asia" else destination_group(c))
            )
        )
    )
    out = (
        g.pivot_table(index="group", columns="year", values="value", aggfunc="sum")
        .reindex(["China", "Rest of Asia", "Europe", "Other"])
        .fillna(0.0)
    )
    return out


def china_lng_from_russia(flows: pd.DataFrame) -> pd.DataFrame:
    """China's LNG imports from Russia per year from China's customs: tonnes, USD, and Russia's share of
    China's total LNG imports where customs gives the total (volume 2020–2021)."""
    c = flows[
        (flows.source == "china_customs") & (flows.destination == "CHN") & flows.commodity.isin(["lng", "lng_value"])
    ]
    w = c.pivot_table(index="year", columns=["origin", "commodity"], values="value")
    out = pd.DataFrame({"tonnes": w.get(("RUS", "lng")), "usd": w.get(("RUS", "lng_value"))})
    if ("WLD", "lng") in w:
        out["share_of_china_imports"] = w[("RUS", "lng")] / w[("WLD", "lng")]
    return out


def partner_reported_ids() -> list[str]:
    """The raw ids behind regional_trade except Russia's customs: for source lines of charts that use only
    the neighbours' own (and WITS) figures."""
    return [i for i in table_spec("regional_trade").sources if i != "russia_fcs_annual_partners"]
