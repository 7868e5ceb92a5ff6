"""Check functions for the energy claims: China's crude imports, inter-area flows, energy balances.

The flows come from the Statistical Review's inter-area matrix (energy_flows, Energy Institute and bp
vintages), the crude imports and their unit values from China's customs, the balances from the
Energy Institute (energy_balance). Every direction check states its threshold in Result.rule.
"""

from __future__ import annotations

import pandas as pd

from ...analysis.energy import export_share, net_fossil_exports, unit_value_per_barrel
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import _verdict, load

# The raw file behind each Statistical Review vintage of energy_flows, so that a verdict cites only it.
_REVIEW_RAW = {"ei_2024": ["ei_statistical_review_2024"], "bp_2021": ["bp_statistical_review_2021"]}
# energy_flow reads China's customs rows of energy_flows too.
_FLOW_RAW = {
    **_REVIEW_RAW,
    "china_customs": ["china_customs_crude_imports_by_origin", "china_customs_imports_russia_2023"],
}


def _months(start: str, end: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A window of months 'YYYY' or 'YYYY-MM' to 'YYYY' or 'YYYY-MM' (inclusive)."""
    a = pd.Timestamp(f"{start}-01" if len(start) == 4 else start)
    e = end or start
    b = pd.Timestamp(f"{e}-12" if len(e) == 4 else e)
    return a, b


def _country_rows(d: pd.DataFrame, col: str) -> pd.DataFrame:
    """Single countries only: EI's areas (region:…) and totals left out."""
    return d[~d[col].str.startswith("region:") & ~d[col].isin(["WLD", "EUU"])]


@check_function()
def crude_import_share(year: int, origin: str = "RUS", measure: str = "share", at_most: float | None = None) -> Result:
    """Russia's (origin's) share of China's crude imports by volume in a year, or its rank; with
    `at_most` the verdict is computed (supported when the share stays at or below it)."""
    c = load("china_crude_imports_monthly")
    y = c[c.month.dt.year == year]
    by = y.groupby("origin").quantity_t.sum()
    if "WLD" not in by or origin not in by:
        raise WorkbookError(f"no crude imports for {origin} or the total in {year}")
    share = by[origin] / by["WLD"]
    ranking = by.drop("WLD").sort_values(ascending=False)
    rank = int(list(ranking.index).index(origin)) + 1
    return Result(
        float(share if measure == "share" else rank),
        f"{year}: {origin} {by[origin] / 1e6:.1f} Mt of {by['WLD'] / 1e6:.1f} Mt ({share:.1%}), rank {rank}",
        ("china_crude_imports_monthly",),
        verdict=None if at_most is None else _verdict(share <= at_most),
        rule=None if at_most is None else f"supported if the share is at most {at_most:.0%}",
    )


@check_function()
def energy_flow(
    year: int, origin: str, destination: str, commodity: str, source: str = "ei_2024", unit: str | None = None
) -> Result:
    """One inter-area flow (e.g. Russia→China pipeline gas in bcm, EI 2024)."""
    f = load("energy_flows")
    sel = f[
        (f.year == year)
        & (f.origin == origin)
        & (f.destination == destination)
        & (f.commodity == commodity)
        & (f.source == source)
    ]
    if unit:
        sel = sel[sel.unit == unit]
    if sel.empty:
        raise WorkbookError(f"no {commodity} {origin}->{destination} {year} in {source}")
    v = float(sel.value.iloc[0])
    return Result(
        v,
        f"{origin}→{destination} {commodity} {year}: {v:,.2f} {sel.unit.iloc[0]} ({source})",
        ("energy_flows",),
        raw_ids={"energy_flows": _FLOW_RAW.get(source, [])},
    )


@check_function()
def largest_destination(year: int, origin: str, commodity: str, expected: str, source: str = "ei_2024") -> Result:
    """Qualitative 'X is the largest buyer of Y's <commodity>': the largest single-country destination in the
    inter-area matrix; the value is X's share of all the origin's rows (countries and areas, which do not overlap)."""
    f = load("energy_flows")
    sel = f[
        (f.year == year)
        & (f.origin == origin)
        & (f.commodity == commodity)
        & (f.source == source)
        & (f.destination != "WLD")
    ]
    if sel.empty:
        raise WorkbookError(f"no {commodity} exports from {origin} in {year} ({source})")
    top = _country_rows(sel, "destination").sort_values("value", ascending=False).iloc[0]
    share = float(sel[sel.destination == expected].value.sum() / sel.value.sum())
    return Result(
        share,
        f"{year}: largest destination of {origin}'s {commodity} is {top.destination} ({top.value:,.1f} {top.unit}); "
        f"{expected} takes {share:.0%} of all its rows ({source})",
        ("energy_flows",),
        verdict=_verdict(top.destination == expected),
        rule=f"supported if {expected} is the largest single-country destination",
    )


@check_function()
def crude_unit_value_gap(
    year: int, supported_below: float, origin: str = "RUS", benchmark: str = "SAU", end_year: int | None = None
) -> Result:
    """Qualitative 'Russia sells China oil at a discount': Russia's average unit value (USD/t) of crude
    delivered to China relative to a benchmark origin's, over year..end_year, on the months both origins
    report (same customs basis, same months on both sides)."""
    c = load("china_crude_imports_monthly")
    last = end_year or year
    y = c[c.month.dt.year.between(year, last) & c.origin.isin([origin, benchmark])]
    y = y.dropna(subset=["quantity_t", "value_usd"])
    both = set(y[y.origin == origin].month) & set(y[y.origin == benchmark].month)
    y = y[y.month.isin(both)]
    if y.empty:
        raise WorkbookError(f"no months with crude from both {origin} and {benchmark} in {year}–{last}")
    by = y.groupby("origin")[["value_usd", "quantity_t"]].sum()
    uv = by.value_usd / by.quantity_t
    gap = float(uv[origin] / uv[benchmark] - 1)
    span = f"{min(both):%Y-%m}..{max(both):%Y-%m}, {len(both)} months"
    return Result(
        gap,
        f"{span}: {origin} {uv[origin]:,.0f} USD/t vs {benchmark} {uv[benchmark]:,.0f} USD/t ({gap:+.1%})",
        ("china_crude_imports_monthly",),
        verdict=_verdict(gap <= supported_below),
        rule=f"supported if {origin}'s unit value is at least {-supported_below:.0%} below {benchmark}'s",
        basis="China customs (CIF) for both origins, the same months on both sides",
    )


@check_function()
def energy_rank(year: int, indicator: str, country: str, source: str = "ei_2025") -> Result:
    """Rank (1 = largest) of a country for an Energy Institute indicator among countries."""
    e = load("energy_balance")
    d = e[(e.year == year) & (e.indicator == indicator) & (e.source == source) & ~e.country.isin(["WLD", "EUU", "SUN"])]
    ranked = d.sort_values("value", ascending=False).reset_index(drop=True)
    if country not in set(ranked.country):
        raise WorkbookError(f"{country} has no {indicator} in {year}")
    rank = int(ranked.index[ranked.country == country][0]) + 1
    return Result(
        float(rank),
        f"{year} {indicator}: {country} ranks {rank} (top: {', '.join(ranked.country.head(3))})",
        ("energy_balance",),
    )


@check_function()
def energy_flow_change(
    origin: str,
    destination: str,
    commodity: str,
    start: int,
    end: int,
    source: str = "ei_2024",
    at_least: float | None = None,
    at_most: float | None = None,
    versus: str | None = None,
    versus_at_most: float | None = None,
) -> Result:
    """Ratio end/start of one inter-area flow (e.g. Russian pipeline gas to Europe). Supported if the ratio
    reaches `at_least` or stays under `at_most`; with `versus`, that destination's ratio must also stay
    at or under `versus_at_most` (the switch from one buyer to another)."""
    a = energy_flow(start, origin, destination, commodity, source).value
    b = energy_flow(end, origin, destination, commodity, source).value
    r = b / a
    ok = (at_least is None or r >= at_least) and (at_most is None or r <= at_most)
    detail = f"{origin}→{destination} {commodity}: {a:,.1f} in {start} → {b:,.1f} in {end} (×{r:.2f}, {source})"
    bounds = [
        f"at least {at_least:g}" if at_least is not None else "",
        f"at most {at_most:g}" if at_most is not None else "",
    ]
    rule = "the ratio is " + " and ".join(b for b in bounds if b)
    if versus:
        if versus_at_most is None:
            raise WorkbookError("energy_flow_change with versus needs versus_at_most")
        va = energy_flow(start, origin, versus, commodity, source).value
        vb = energy_flow(end, origin, versus, commodity, source).value
        ok = ok and vb / va <= versus_at_most
        detail += f"; {origin}→{versus}: {va:,.1f} → {vb:,.1f} (×{vb / va:.2f})"
        rule += f", and the flow to {versus} at most {versus_at_most:g}× its {start} level"
    return Result(
        r,
        detail,
        ("energy_flows",),
        verdict=_verdict(ok),
        raw_ids={"energy_flows": _REVIEW_RAW.get(source, [])},
        rule=f"supported if {rule}",
    )


@check_function()
def destination_share_change(
    origin: str,
    commodity: str,
    destinations: list[str],
    start: int,
    end: int,
    min_change: float,
    start_source: str = "bp_2021",
    end_source: str = "ei_2024",
) -> Result:
    """Share of some destinations in an origin's exports of a commodity (all rows of the inter-area
    matrix, countries and regions, which do not overlap), end against start (the two years may come
    from different Statistical Review vintages); supported if it rose by more than `min_change`."""
    flows = load("energy_flows")
    a = export_share(flows, origin, commodity, destinations, start_source, start)
    b = export_share(flows, origin, commodity, destinations, end_source, end)
    return Result(
        b - a,
        f"{'+'.join(destinations)} in {origin}'s {commodity} exports {a:.1%} in {start} "
        f"({start_source}) → {b:.1%} in {end} ({end_source})",
        ("energy_flows",),
        verdict=_verdict(b - a > min_change),
        rule=f"supported if the share rose by more than {min_change * 100:g} percentage points",
        basis=start_source if start_source == end_source else f"{start_source} for {start}, {end_source} for {end}",
    )


@check_function()
def crude_unit_value(
    start: str, at_least: float, end: str | None = None, origin: str = "RUS", bbl_per_t: float = 7.33
) -> Result:
    """Average customs unit value of China's crude imports from `origin` over the months start..end
    ('YYYY' or 'YYYY-MM'), in USD per barrel (value over tonnes, 7.33 bbl/t); supported when it
    reaches `at_least`. The detail names the months the table has."""
    a, b = _months(start, end)
    c = load("china_crude_imports_monthly")
    y = c[(c.month >= a) & (c.month <= b) & (c.origin == origin)].dropna(subset=["quantity_t", "value_usd"])
    if y.empty:
        raise WorkbookError(f"no crude imports from {origin} in {start}..{end or start}")
    v = float(unit_value_per_barrel(y.value_usd.sum(), y.quantity_t.sum(), bbl_per_t))
    return Result(
        v,
        f"{y.month.min():%Y-%m}..{y.month.max():%Y-%m} ({len(y)} months in the table): China's crude imports from "
        f"{origin}, {y.value_usd.sum() / 1e9:,.1f} bn USD for {y.quantity_t.sum() / 1e6:,.1f} Mt: {v:,.1f} USD/bbl "
        f"at {bbl_per_t} bbl/t",
        ("china_crude_imports_monthly",),
        verdict=_verdict(v >= at_least),
        rule=f"supported if the unit value is at least {at_least:g} USD/bbl",
        basis="China customs, CIF (freight and insurance included), pipeline and seaborne crude together",
    )


@check_function()
def net_energy_position(year: int, country: str, at_most: float, source: str = "ei_2025") -> Result:
    """'Among the biggest energy exporters': the country's rank among net exporters of oil, gas and coal
    (production minus consumption, EJ, Energy Institute balance); supported if the rank is at most `at_most`.
    Ignores uranium, electricity trade and stock changes."""
    n = net_fossil_exports(load("energy_balance"), year, source)
    if country not in n.index:
        raise WorkbookError(f"no complete oil, gas and coal balance for {country} in {year}")
    ranked = n.net.sort_values(ascending=False)
    rank = int(list(ranked.index).index(country)) + 1
    top = ", ".join(f"{k} {v:.1f} EJ" for k, v in ranked.head(4).items())
    return Result(
        float(rank),
        f"{year} net fossil-fuel exports (EJ): {top}; {country} ranks {rank} ({source})",
        ("energy_balance",),
        verdict=_verdict(rank <= at_most),
        rule=f"supported if the rank is {int(at_most)} or better",
    )


# What each fuel's import dependence compares: imports in the matrix (EI 2024 edition) over consumption in
# the balance (EI 2025 edition), each in the fuel's own unit. Oil counts crude imports only (product
# imports are largely offset by product exports).
_FUELS = {"oil": (["crude_oil"], "oilcons_mt", "Mt"), "gas": (["pipeline_gas", "lng"], "gascons_bcm", "bcm")}
_FUELS["coal"] = (["coal"], "coalcons_ej", "EJ")


@check_function()
def import_dependence(
    year: int, country: str, fuels: list[str], at_least: float, flows_source: str = "ei_2024"
) -> Result:
    """'Imports most of its energy': for each fuel, imports (EI inter-area matrix) over consumption (EI
    balance), in the fuel's own unit; supported if every listed fuel's dependence reaches `at_least`.
    Value: the lowest dependence among the fuels."""
    f, e = load("energy_flows"), load("energy_balance")
    deps, rows = {}, []
    for fuel in fuels:
        commodities, indicator, unit = _FUELS[fuel]
        imp = f[
            (f.year == year) & (f.destination == country) & f.commodity.isin(commodities) & (f.source == flows_source)
        ]
        imp = imp[imp.origin != "WLD"].value.sum()
        cons = e[(e.year == year) & (e.country == country) & (e.indicator == indicator)].value
        if not imp or cons.empty:
            raise WorkbookError(f"no {fuel} imports or consumption for {country} in {year}")
        deps[fuel] = float(imp / cons.iloc[0])
        rows.append(f"{fuel} {imp:,.1f} of {cons.iloc[0]:,.1f} {unit} ({deps[fuel]:.0%})")
    return Result(
        min(deps.values()),
        f"{country} {year}, imports over consumption: " + "; ".join(rows),
        ("energy_flows", "energy_balance"),
        verdict=_verdict(min(deps.values()) >= at_least),
        raw_ids={"energy_flows": _REVIEW_RAW.get(flows_source, [])},
        rule=f"supported if imports exceed {at_least:.0%} of consumption for each of {', '.join(fuels)}",
        basis=f"imports: EI inter-area matrix ({flows_source}); consumption: EI balance; each fuel in its own unit",
    )


@check_function()
def supplier_concentration(
    year: int, destination: str, commodities: list[str], at_most: float, source: str = "bp_2021"
) -> Result:
    """Largest single-country origin's share of a destination's imports of some commodities (inter-area
    matrix, rows summed over commodities, areas counted in the total but never as 'the largest');
    'a varied set of suppliers' is supported if it is at most `at_most`."""
    f = load("energy_flows")
    d = f[
        (f.year == year)
        & (f.destination == destination)
        & f.commodity.isin(commodities)
        & (f.source == source)
        & (f.origin != "WLD")
    ]
    if d.empty:
        raise WorkbookError(f"no {commodities} imports of {destination} in {year} ({source})")
    total = d.value.sum()
    by = _country_rows(d, "origin").groupby("origin").value.sum().sort_values(ascending=False)
    share = float(by.iloc[0] / total)
    top = ", ".join(f"{k} {v / total:.0%}" for k, v in by.head(4).items())
    return Result(
        share,
        f"{year} {destination} imports of {'+'.join(commodities)}: {top} ({source})",
        ("energy_flows",),
        verdict=_verdict(share <= at_most),
        raw_ids={"energy_flows": _REVIEW_RAW.get(source, [])},
        rule=f"supported if the largest single origin has at most {at_most:.0%}",
    )


@check_function()
def origin_rank(year: int, destination: str, commodity: str, origin: str, source: str = "ei_2024") -> Result:
    """Rank (1 = largest) of one origin among the single-country origins of a destination's imports
    in the inter-area matrix (regional aggregates left out)."""
    f = load("energy_flows")
    d = f[(f.year == year) & (f.destination == destination) & (f.commodity == commodity) & (f.source == source)]
    ranked = _country_rows(d, "origin").sort_values("value", ascending=False).reset_index(drop=True)
    if origin not in set(ranked.origin):
        raise WorkbookError(f"{origin} is not among {destination}'s {commodity} origins in {year} ({source})")
    rank = int(ranked.index[ranked.origin == origin][0]) + 1
    top = ", ".join(
        f"{o} {v:,.1f} {u}" for o, v, u in zip(ranked.origin.head(3), ranked.value.head(3), ranked.unit.head(3))
    )
    return Result(
        float(rank),
        f"{year} {destination} {commodity} imports: {top}; {origin} ranks {rank} ({source})",
        ("energy_flows",),
        raw_ids={"energy_flows": _REVIEW_RAW.get(source, [])},
    )


@check_function()
def deal_value_change(
    country: str, sectors: list[str], years: list[int], base_years: list[int], at_least: float
) -> Result:
    """Chinese deals in `country` (AEI tracker) in some sectors: yearly average value over `years` against
    `base_years`; supported if the ratio reaches `at_least`."""
    d = load("china_investment_deals")
    d = d[(d.country == country) & d.sector.isin(sectors)]
    now = d[d.year.between(years[0], years[-1])].value_usd.sum() / (years[-1] - years[0] + 1)
    base = d[d.year.between(base_years[0], base_years[-1])].value_usd.sum() / (base_years[-1] - base_years[0] + 1)
    r = float(now / base)
    return Result(
        r,
        f"Chinese {'/'.join(sectors)} deals in {country}: {now / 1e9:.2f} bn USD a year in {years[0]}–{years[-1]} vs "
        f"{base / 1e9:.2f} in {base_years[0]}–{base_years[-1]} (×{r:.2f})",
        ("china_investment_deals",),
        verdict=_verdict(r >= at_least),
        rule=f"supported if the yearly value is at least {at_least:g}× the base period's",
        basis="AEI / Heritage China Global Investment Tracker (deals of 100 mn USD or more, to mid-2018)",
    )
