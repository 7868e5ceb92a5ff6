"""Military analysis for notebook 04: arms transfers (SIPRI TIV, two vintages), military spending and
joint exercises (the functions of analysis.exercises, re-exported here).

Conventions (see data/CATALOG.md, `arms_transfers`):
- TIV are SIPRI trend-indicator values (million TIV), a volume of military capability, not a price:
  compare volumes and shares, never dollars.
- The two SIPRI vintages (`source` sipri_2022 and sipri_2026) are never mixed in one series; a
  function takes one `source` at a time, and `vintage_revisions` compares them.
- The Soviet Union (supplier SUN, to 1991) is counted as Russia's predecessor: asking for supplier
  "RUS" also takes the SUN rows.
- A year without a row means no deliveries identified. Within the years a vintage covers for a
  supplier (the years with a supplier→WLD total), a missing bilateral row therefore counts as 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import WorkbookError
from .exercises import activity_counts as activity_counts  # re-exported: chapters call mil.<name>
from .exercises import air_patrols as air_patrols
from .exercises import exercise_counts as exercise_counts
from .exercises import exercise_partners as exercise_partners

VINTAGES = ("sipri_2022", "sipri_2026")
PREDECESSORS = {"RUS": ("RUS", "SUN")}  # supplier code -> the codes that make up its series
TOTAL = "WLD"  # recipient WLD = supplier's total exports; supplier WLD = recipient's total imports
# The 2026 trade register starts in 1995; only Russia→China and Russia's total go back to 1992 (from
# SIPRI's Russia–China table). Other bilateral flows of that vintage are not covered before 1995.
REGISTER_START = {"sipri_2026": 1995}
EARLY_PAIRS = {"sipri_2026": {("RUS", "CHN"), ("RUS", TOTAL)}}


def codes(actor: str) -> tuple[str, ...]:
    """The codes whose rows make up an actor's series: Russia includes the Soviet Union (SUN)."""
    return PREDECESSORS.get(actor, (actor,))


def _vintage(arms: pd.DataFrame, source: str) -> pd.DataFrame:
    """The rows of one SIPRI vintage (a clear error for an unknown one)."""
    if source not in VINTAGES:
        raise WorkbookError(f"unknown SIPRI vintage {source!r}; choose from {list(VINTAGES)}")
    return arms[arms.source == source]


def _series(a: pd.DataFrame, supplier: str, recipient: str) -> pd.Series:
    """TIV per year over the rows supplier→recipient (SUN counted as RUS); only years that have rows."""
    d = a[a.supplier.isin(codes(supplier)) & a.recipient.isin(codes(recipient))]
    return d.groupby("year").tiv_musd.sum()


def coverage(arms: pd.DataFrame, actor: str, side: str = "supplier", source: str = "sipri_2026") -> list[int]:
    """Years a vintage covers for an actor's total exports (side='supplier', rows actor→WLD) or total
    imports (side='recipient', rows WLD→actor)."""
    a = _vintage(arms, source)
    s = _series(a, actor, TOTAL) if side == "supplier" else _series(a, TOTAL, actor)
    return sorted(int(y) for y in s.index)


def pair_years(arms: pd.DataFrame, supplier: str, recipient: str, source: str = "sipri_2026") -> list[int]:
    """Years in which a vintage covers the flow supplier→recipient (a missing row there means 0): the
    years of the supplier's total exports (of the recipient's total imports if supplier is WLD), from
    1995 in sipri_2026 except for Russia→China and Russia's total, which start in 1992."""
    years = (
        coverage(arms, supplier, "supplier", source)
        if supplier != TOTAL
        else coverage(arms, recipient, "recipient", source)
    )
    first = REGISTER_START.get(source)
    if first is not None and (supplier, recipient) not in EARLY_PAIRS.get(source, set()):
        years = [y for y in years if y >= first]
    return years


def bilateral_tiv(
    arms: pd.DataFrame,
    supplier: str,
    recipient: str,
    source: str = "sipri_2026",
    start: int | None = None,
    end: int | None = None,
) -> pd.Series:
    """Deliveries supplier→recipient per year (million TIV) in one vintage; SUN counts as Russia.

    Years that the vintage covers for the flow (`pair_years`) but that have no row are 0 (no
    deliveries identified). recipient='WLD' gives the supplier's total exports; supplier='WLD' the
    recipient's total imports.
    """
    a = _vintage(arms, source)
    s = _series(a, supplier, recipient)
    years = pair_years(arms, supplier, recipient, source)
    if not years:  # no totals for this supplier in the vintage: only the years with rows
        years = sorted(int(y) for y in s.index)
    s = s.reindex(years, fill_value=0.0).astype(float)
    if start is not None:
        s = s[s.index >= start]
    if end is not None:
        s = s[s.index <= end]
    s.index.name = "year"
    return s.rename(f"{supplier}→{recipient}")


def period_label(first: int, last: int) -> str:
    """'1995–1999', or '2024' for a one-year period."""
    return f"{first}–{last}" if last != first else f"{first}"


def period_shares(
    arms: pd.DataFrame,
    supplier: str,
    recipient: str,
    period_years: int = 5,
    start: int = 1950,
    source: str = "sipri_2026",
    end: int | None = None,
) -> pd.DataFrame:
    """Per period of `period_years` years from `start`: the share of the supplier's arms exports that
    went to the recipient, and the share of the recipient's arms imports that came from the supplier
    (both as sums of TIV over the period, not averages of yearly shares).

    Each share uses only the years for which the vintage covers the flow (`pair_years`) and has its
    denominator (supplier→WLD for exports, WLD→recipient for imports); `years_exports` and `years_imports` count them, so a partial
    period (e.g. 1990–1994 in sipri_2026, which starts in 1992) is visible. A share without any
    covered year is NaN (sipri_2022 has no totals of China's imports).
    """
    if int(period_years) != period_years or period_years < 1:
        raise WorkbookError(f"period_years must be a whole number ≥ 1, not {period_years!r}")
    a = _vintage(arms, source)
    pair = _series(a, supplier, recipient)
    exports = _series(a, supplier, TOTAL)
    imports = _series(a, TOTAL, recipient)
    covered = set(pair_years(arms, supplier, recipient, source))
    last = end if end is not None else int(a.year.max())
    rows = []
    for first in range(start, last + 1, period_years):
        final = min(first + period_years - 1, last)
        years = range(first, final + 1)
        ex_years = [y for y in years if y in exports.index and y in covered]
        im_years = [y for y in years if y in imports.index and y in covered]
        if not ex_years and not im_years:
            continue
        pair_ex = float(pair.reindex(ex_years, fill_value=0).sum())
        pair_im = float(pair.reindex(im_years, fill_value=0).sum())
        tot_ex = float(exports.reindex(ex_years).sum())
        tot_im = float(imports.reindex(im_years).sum())
        rows.append(
            {
                "period": period_label(first, final),
                "start": first,
                "end": final,
                "pair_tiv": float(pair.reindex(list(years), fill_value=0).sum()),
                "supplier_exports_tiv": tot_ex if ex_years else np.nan,
                "recipient_imports_tiv": tot_im if im_years else np.nan,
                "share_of_supplier_exports": pair_ex / tot_ex if ex_years and tot_ex > 0 else np.nan,
                "share_of_recipient_imports": pair_im / tot_im if im_years and tot_im > 0 else np.nan,
                "years_exports": len(ex_years),
                "years_imports": len(im_years),
            }
        )
    if not rows:
        raise WorkbookError(f"no {supplier}/{recipient} totals in {source} from {start}")
    return pd.DataFrame(rows).set_index("period")


def partner_ranking(
    arms: pd.DataFrame, actor: str, start: int, end: int, source: str = "sipri_2026", side: str = "supplier"
) -> pd.Series:
    """Every partner of the actor over start–end in million TIV, largest first: its recipients
    (side='supplier') or its suppliers (side='recipient'). The Soviet Union counts as Russia on both
    sides; the WLD total rows are left out. Empty when the vintage lists no partner."""
    if side not in ("supplier", "recipient"):
        raise WorkbookError(f"side must be 'supplier' or 'recipient', not {side!r}")
    a = _vintage(arms, source)
    a = a[a.year.between(start, end) & (a.supplier != TOTAL) & (a.recipient != TOTAL)]
    partner = "recipient" if side == "supplier" else "supplier"
    d = a[a[side].isin(codes(actor))]
    by = d.assign(**{partner: d[partner].replace({"SUN": "RUS"})}).groupby(partner).tiv_musd.sum()
    return by.sort_values(ascending=False, kind="stable")


def top_partners(
    arms: pd.DataFrame, actor: str, start: int, end: int, source: str = "sipri_2026", n: int = 5, side: str = "supplier"
) -> pd.DataFrame:
    """The actor's n largest recipients (side='supplier') or suppliers (side='recipient') over
    start–end, with TIV and share of the actor's total exports (imports)."""
    by = partner_ranking(arms, actor, start, end, source, side)
    a = _vintage(arms, source)
    a = a[a.year.between(start, end)]
    total = (_series(a, actor, TOTAL) if side == "supplier" else _series(a, TOTAL, actor)).sum()
    if by.empty or total <= 0:
        raise WorkbookError(f"no {side} data for {actor} in {source} {start}–{end}")
    out = by.head(n).to_frame("tiv")
    out["share"] = out.tiv / total
    out.index.name = "partner"
    return out


def exporters(
    arms: pd.DataFrame, actors: list[str], source: str = "sipri_2026", start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Total arms exports per year (million TIV) of each actor (columns), from the supplier→WLD rows."""
    return pd.DataFrame({a: bilateral_tiv(arms, a, TOTAL, source, start, end) for a in actors})


def exporter_ranking(arms: pd.DataFrame, start: int, end: int, source: str = "sipri_2026") -> pd.Series:
    """All suppliers' total exports over start–end (million TIV), largest first (sipri_2026 has every
    supplier's total; sipri_2022 only the five suppliers it covers)."""
    a = _vintage(arms, source)
    d = a[a.year.between(start, end) & (a.recipient == TOTAL) & (a.supplier != TOTAL)]
    d = d.assign(supplier=d.supplier.replace({"SUN": "RUS"}))
    return d.groupby("supplier").tiv_musd.sum().sort_values(ascending=False)


def comparable(arms: pd.DataFrame, old: str = "sipri_2022", new: str = "sipri_2026") -> pd.DataFrame:
    """Flows both vintages can be compared on: (year, supplier, recipient) with the TIV in each.

    A pair is comparable if both vintages have rows for it; a year is comparable for it if both vintages
    cover the flow that year (`pair_years`). Within those, a missing row is 0 (no deliveries identified).
    SUN rows are relabelled RUS.
    """
    frames = {}
    for src in (old, new):
        d = _vintage(arms, src)
        d = d[d.supplier != TOTAL].assign(supplier=lambda x: x.supplier.replace({"SUN": "RUS"}))
        frames[src] = d.groupby(["year", "supplier", "recipient"]).tiv_musd.sum()
    pairs = set(frames[old].reset_index()[["supplier", "recipient"]].itertuples(index=False, name=None)) & set(
        frames[new].reset_index()[["supplier", "recipient"]].itertuples(index=False, name=None)
    )
    rows: list[tuple[int, str, str]] = []
    for supplier, recipient in sorted(pairs):
        years = sorted(
            set(pair_years(arms, supplier, recipient, old)) & set(pair_years(arms, supplier, recipient, new))
        )
        rows.extend((y, supplier, recipient) for y in years)
    if not rows:
        raise WorkbookError(f"no flows in common between {old} and {new}")
    idx = pd.MultiIndex.from_tuples(rows, names=["year", "supplier", "recipient"])
    out = pd.DataFrame({old: frames[old].reindex(idx, fill_value=0.0), new: frames[new].reindex(idx, fill_value=0.0)})
    return out.reset_index()


def vintage_revisions(
    arms: pd.DataFrame,
    supplier: str | None = None,
    recipient: str | None = None,
    old: str = "sipri_2022",
    new: str = "sipri_2026",
) -> pd.DataFrame:
    """How SIPRI revised the same flows between two vintages, over their common years.

    Columns: year, supplier, recipient, the TIV in each vintage, `revision` = new − old (million TIV)
    and `relative` = new / old − 1 (NaN where old is 0). Filter by supplier and/or recipient. sipri_2022
    rounds each cell to whole TIV, so revisions within ±0.5 are rounding.
    """
    c = comparable(arms, old, new)
    if supplier is not None:
        c = c[c.supplier == supplier]
    if recipient is not None:
        c = c[c.recipient == recipient]
    if c.empty:
        raise WorkbookError(f"no comparable {supplier or '*'}→{recipient or '*'} flows in {old} and {new}")
    c = c.copy()
    c["revision"] = c[new] - c[old]
    c["relative"] = np.where(c[old] > 0, c[new] / c[old].where(c[old] > 0) - 1, np.nan)
    return c.reset_index(drop=True)


def largest_revisions(revisions: pd.DataFrame, n: int = 10, bilateral_only: bool = True) -> pd.DataFrame:
    """The n flows with the largest absolute revision (million TIV); by default without WLD totals."""
    r = revisions[revisions.recipient != TOTAL] if bilateral_only else revisions
    return r.reindex(r.revision.abs().sort_values(ascending=False).index).head(n).reset_index(drop=True)


def revision_summary(
    revisions: pd.DataFrame, old: str = "sipri_2022", new: str = "sipri_2026", tolerance: float = 0.5
) -> dict:
    """How many comparable flows changed by more than rounding, and the net change of their total."""
    changed = revisions.revision.abs() > tolerance
    return {
        "flows": int(len(revisions)),
        "changed": int(changed.sum()),
        "share_changed": float(changed.mean()),
        "total_old": float(revisions[old].sum()),
        "total_new": float(revisions[new].sum()),
        "net_relative": float(revisions[new].sum() / revisions[old].sum() - 1),
        "years": (int(revisions.year.min()), int(revisions.year.max())),
    }


def spending(
    milex: pd.DataFrame,
    countries: list[str],
    measure: str = "constant_2023_usd",
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Military expenditure per year (rows) and country (columns) for one SIPRI measure."""
    d = milex[(milex.measure == measure) & milex.country.isin(countries)]
    if d.empty:
        raise WorkbookError(f"no military expenditure for {countries} as {measure}")
    w = d.pivot_table(index="year", columns="country", values="value", aggfunc="first")
    if start is not None:
        w = w[w.index >= start]
    if end is not None:
        w = w[w.index <= end]
    return w.reindex(columns=[c for c in countries if c in w.columns])


def spending_ratios(
    milex: pd.DataFrame,
    pairs=(("CHN", "RUS"), ("USA", "CHN"), ("USA", "RUS")),
    measure: str = "constant_2023_usd",
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Ratios of military spending a / b per year, one column 'a/b' per pair (NaN where either is missing)."""
    countries = sorted({c for p in pairs for c in p})
    w = spending(milex, countries, measure, start, end)
    out = pd.DataFrame({f"{a}/{b}": w.get(a) / w.get(b) for a, b in pairs}, index=w.index)
    return out.dropna(how="all")


def share_panel(
    arms: pd.DataFrame,
    supplier: str,
    recipient: str,
    period_years: int,
    start: int,
    end: int,
    export_source: str = "sipri_2026",
    import_source: str = "sipri_2026",
) -> pd.DataFrame:
    """`period_shares` for a chart: the share of the supplier's exports (from `export_source`) and of the
    recipient's imports (from `import_source`: only sipri_2026 has recipients' totals) side by side,
    one row per period start, with a label and a flag for periods that the data cover only in part."""
    ex = period_shares(arms, supplier, recipient, period_years, start, export_source, end)
    im = period_shares(arms, supplier, recipient, period_years, start, import_source, end)
    out = pd.DataFrame(
        {
            "end": ex.set_index("start").end.combine(im.set_index("start").end, max, fill_value=0),
            "share_of_supplier_exports": ex.set_index("start").share_of_supplier_exports,
            "years_exports": ex.set_index("start").years_exports,
            "share_of_recipient_imports": im.set_index("start").share_of_recipient_imports,
            "years_imports": im.set_index("start").years_imports,
        }
    )
    out.index.name = "start"
    out["years_imports"] = out.years_imports.fillna(0).astype(int)
    out["years_exports"] = out.years_exports.fillna(0).astype(int)
    out["label"] = [period_label(s, int(e)) for s, e in zip(out.index, out.end)]
    full = out.end - out.index + 1
    out["partial"] = (out.years_exports < full) | ((out.years_imports > 0) & (out.years_imports < full))
    return out.dropna(subset=["share_of_supplier_exports", "share_of_recipient_imports"], how="all")


def period_sums(frame: pd.DataFrame | pd.Series, period_years: int, start: int) -> pd.DataFrame:
    """Sum a yearly frame (index = year) over periods of `period_years` from `start`, indexed by label."""
    f = frame.to_frame() if isinstance(frame, pd.Series) else frame
    f = f[f.index >= start]
    key = (f.index - start) // period_years
    sums = f.groupby(key).sum(min_count=1)
    firsts = f.index.to_series().groupby(key).min()
    lasts = f.index.to_series().groupby(key).max()
    sums.index = [
        period_label(start + k * period_years, int(lasts[k]))
        if firsts[k] == start + k * period_years
        else period_label(int(firsts[k]), int(lasts[k]))
        for k in sums.index
    ]
    sums.index.name = "period"
    return sums
