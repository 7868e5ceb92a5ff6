"""Check functions for the energy claims: China's crude imports, inter-area flows, energy balances.

The flows come from the Statistical Review's inter-area matrix (energy_flows, Energy Institute and bp
vintages), the crude imports and their unit values from China's customs, the balances from the
Energy Institute (energy_balance).
"""

from __future__ import annotations

from ...analysis.energy import export_share, net_fossil_exports, unit_value_per_barrel
from ...errors import WorkbookError
from ..model import Result
from ..registry import check_function
from .common import load

# The raw file behind each Statistical Review vintage of energy_flows, so that a verdict cites only it.
_REVIEW_RAW = {"ei_2024": ["ei_statistical_review_2024"], "bp_2021": ["bp_statistical_review_2021"]}
# energy_flow reads China's customs rows of energy_flows too.
_FLOW_RAW = {
    **_REVIEW_RAW,
    "china_customs": ["china_customs_crude_imports_by_origin", "china_customs_imports_russia_2023"],
}


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
    value = share if measure == "share" else float(rank)
    verdict = None if at_most is None else ("supported" if share <= at_most else "contradicted")
    return Result(
        float(value),
        f"{year}: {origin} {by[origin] / 1e6:.1f} Mt of {by['WLD'] / 1e6:.1f} Mt "
        f"({share:.1%}), rank {rank}" + (f"; supported if ≤ {at_most:.0%}" if at_most else ""),
        ("china_crude_imports_monthly",),
        verdict=verdict,
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
    """Qualitative 'X is the largest buyer of Y's <commodity>': computed from the inter-area matrix."""
    f = load("energy_flows")
    sel = f[(f.year == year) & (f.origin == origin) & (f.commodity == commodity) & (f.source == source)]
    sel = sel[~sel.destination.str.startswith("region:") | (sel.destination == expected)]
    if sel.empty:
        raise WorkbookError(f"no {commodity} exports from {origin} in {year} ({source})")
    top = sel.sort_values("value", ascending=False).iloc[0]
    share = float(sel[sel.destination == expected].value.sum() / sel.value.sum())
    verdict = "supported" if top.destination == expected else "contradicted"
    return Result(
        share,
        f"{year}: largest destination of {origin}'s {commodity} is {top.destination} "
        f"({top.value:,.1f} {top.unit}); {expected} takes {share:.0%} of country-level flows "
        f"({source})",
        ("energy_flows",),
        verdict=verdict,
    )


@check_function()
def crude_unit_value_gap(
    year: int, origin: str = "RUS", benchmark: str = "SAU", supported_below: float = -0.05
) -> Result:
    """Qualitative 'Russia sells China oil at a discount': Russia's average unit value (USD/t) of
    crude delivered to China relative to a benchmark origin's in the same year (same customs basis)."""
    c = load("china_crude_imports_monthly")
    y = c[(c.month.dt.year == year) & c.origin.isin([origin, benchmark])].dropna(subset=["quantity_t", "value_usd"])
    by = y.groupby("origin")[["value_usd", "quantity_t"]].sum()
    uv = by.value_usd / by.quantity_t
    gap = float(uv[origin] / uv[benchmark] - 1)
    verdict = "supported" if gap <= supported_below else "partly supported" if gap < 0 else "contradicted"
    return Result(
        gap,
        f"{year}: {origin} {uv[origin]:,.0f} USD/t vs {benchmark} {uv[benchmark]:,.0f} USD/t "
        f"({gap:+.1%}); supported if ≤ {supported_below:+.0%}",
        ("china_crude_imports_monthly",),
        verdict=verdict,
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
) -> Result:
    """Ratio end/start of one inter-area flow (e.g. Russian pipeline gas to Europe). Supported if the ratio
    reaches `at_least` or stays under `at_most`; with `versus`, that destination's flow must also have fallen."""
    a = energy_flow(start, origin, destination, commodity, source).value
    b = energy_flow(end, origin, destination, commodity, source).value
    r = b / a
    ok = (at_least is None or r >= at_least) and (at_most is None or r <= at_most)
    detail = f"{origin}→{destination} {commodity}: {a:,.1f} in {start} → {b:,.1f} in {end} (×{r:.2f}, {source})"
    if versus:
        va = energy_flow(start, origin, versus, commodity, source).value
        vb = energy_flow(end, origin, versus, commodity, source).value
        ok = ok and vb < va
        detail += f"; {origin}→{versus}: {va:,.1f} → {vb:,.1f}"
    return Result(
        r,
        detail,
        ("energy_flows",),
        verdict="supported" if ok else "contradicted",
        raw_ids={"energy_flows": _REVIEW_RAW.get(source, [])},
    )


@check_function()
def destination_share_change(
    origin: str,
    commodity: str,
    destinations: list[str],
    start: int,
    end: int,
    start_source: str = "bp_2021",
    end_source: str = "ei_2024",
) -> Result:
    """Share of some destinations in an origin's exports of a commodity (all rows of the inter-area
    matrix, countries and regions, which do not overlap), end against start (the two years may come
    from different Statistical Review vintages); supported if it rose."""
    flows = load("energy_flows")
    a = export_share(flows, origin, commodity, destinations, start_source, start)
    b = export_share(flows, origin, commodity, destinations, end_source, end)
    return Result(
        b - a,
        f"{'+'.join(destinations)} in {origin}'s {commodity} exports {a:.0%} in {start} "
        f"({start_source}) → {b:.0%} in {end} ({end_source})",
        ("energy_flows",),
        verdict="supported" if b > a else "contradicted",
    )


@check_function()
def crude_unit_value(year: int, origin: str = "RUS", at_least: float | None = None, bbl_per_t: float = 7.33) -> Result:
    """Average customs unit value of China's crude imports from `origin` in USD per barrel (value over
    tonnes, 7.33 bbl/t); with `at_least` supported when it reaches that price."""
    c = load("china_crude_imports_monthly")
    y = c[(c.month.dt.year == year) & (c.origin == origin)].dropna(subset=["quantity_t", "value_usd"])
    if y.empty:
        raise WorkbookError(f"no crude imports from {origin} in {year}")
    v = float(unit_value_per_barrel(y.value_usd.sum(), y.quantity_t.sum(), bbl_per_t))
    return Result(
        v,
        f"{year}: China's crude imports from {origin}, {y.value_usd.sum() / 1e9:,.1f} bn USD for "
        f"{y.quantity_t.sum() / 1e6:,.1f} Mt: {v:,.1f} USD/bbl at {bbl_per_t} bbl/t (customs CIF value)",
        ("china_crude_imports_monthly",),
        verdict=None if at_least is None else ("supported" if v >= at_least else "contradicted"),
    )


@check_function()
def net_energy_position(
    year: int, country: str, measure: str = "export_rank", source: str = "ei_2025", at_least: float | None = None
) -> Result:
    """Net exports of oil, gas and coal (production minus consumption, EJ) from the Energy Institute balance:
    the country's rank among net exporters (measure='export_rank') or its net imports as a share of its
    total energy supply (measure='import_share'; with `at_least` supported when the share reaches it).
    Ignores uranium, electricity trade and stock changes."""
    n = net_fossil_exports(load("energy_balance"), year, source)
    if country not in n.index:
        raise WorkbookError(f"no complete oil, gas and coal balance for {country} in {year}")
    if measure == "export_rank":
        ranked = n.net.sort_values(ascending=False)
        rank = int(list(ranked.index).index(country)) + 1
        top = ", ".join(f"{k} {v:.1f} EJ" for k, v in ranked.head(4).items())
        return Result(
            float(rank),
            f"{year} net fossil-fuel exports (EJ): {top}; {country} ranks {rank} ({source})",
            ("energy_balance",),
        )
    share = float(-n.net[country] / n.tes[country])
    return Result(
        share,
        f"{year}: {country} net fossil-fuel imports {-n.net[country]:.1f} EJ = {share:.0%} of its "
        f"total energy supply {n.tes[country]:.1f} EJ ({source})",
        ("energy_balance",),
        verdict=None if at_least is None else ("supported" if share >= at_least else "contradicted"),
    )


@check_function()
def supplier_concentration(
    year: int, destination: str, commodities: list[str], at_most: float, source: str = "bp_2021"
) -> Result:
    """Largest single origin's share of a destination's imports of some commodities (inter-area matrix,
    rows summed over commodities); 'a varied set of suppliers' is supported if it is at most `at_most`."""
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
    by = d.groupby("origin").value.sum().sort_values(ascending=False)
    share = float(by.iloc[0] / by.sum())
    top = ", ".join(f"{k} {v / by.sum():.0%}" for k, v in by.head(4).items())
    return Result(
        share,
        f"{year} {destination} imports of {'+'.join(commodities)}: {top} ({source}); "
        f"supported if the largest origin is ≤ {at_most:.0%}",
        ("energy_flows",),
        verdict="supported" if share <= at_most else "contradicted",
    )


@check_function()
def origin_rank(year: int, destination: str, commodity: str, origin: str, source: str = "ei_2024") -> Result:
    """Rank (1 = largest) of one origin among the single-country origins of a destination's imports
    in the inter-area matrix (regional aggregates left out)."""
    f = load("energy_flows")
    d = f[
        (f.year == year)
        & (f.destination == destination)
        & (f.commodity == commodity)
        & (f.source == source)
        & ~f.origin.str.startswith("region:")
        & ~f.origin.isin(["WLD", "EUU"])
    ]
    ranked = d.sort_values("value", ascending=False).reset_index(drop=True)
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
