"""The curated table of published official figures (data/curated/official_figures.csv): its schema,
its validation, and the rule that picks one figure where several sources report the same one.

Each row is one number as a publisher released it (China's customs GACC, Russia's customs FCS, SIPRI,
the World Bank, ...), usually read in a news relay that quotes the release; `publisher` names both the
publisher and the relay, `url` the page, `verified_by` how the page was found. The file documents itself
in data/curated/official_figures.md.

The agreement rule. Rows with the same series, country, partner, period and unit dimension (a money
unit converted to US dollars; any other unit as written, without '(approx.)'-style remarks) report the
same figure. They must agree within 1 %. Where they do not, exactly one row's `note` starts with
'preferred:' and every row more than 1 % from it starts with 'rejected:' and says why. A row can also
be rejected on its own (contradicted by another series). The figure used for a group is the preferred
row; without one, the non-rejected row with the most significant digits (the first of equals, in file
order), a confirmed row before a provisional one.

Provisional figures. A row whose note starts with 'provisional:' was read on a single page of low standing
(an aggregator or blog, not the publisher nor a news organisation relaying it) and no second page confirms
it. It is kept, flagged `provisional`, and official_figures.md states how a chapter may use it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import WorkbookError

OFFICIAL_FIGURES = paths.CURATED_DIR / "official_figures.csv"
OFFICIAL_COLUMNS = [
    "series",
    "country",
    "partner",
    "period",
    "value",
    "unit",
    "publisher",
    "published",
    "url",
    "verified_by",
    "note",
]
AGREEMENT = 0.01  # figures of one group must agree within 1 % (relative to the smaller)
USD_SCALE = {"USD": 1.0, "USD m": 1e6, "USD bn": 1e9, "USD tn": 1e12}
_USD_UNIT = re.compile(r"^(USD(?: m| bn| tn)?)(?:\s|$)")
_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_REQUIRED = ("series", "country", "period", "value", "unit", "publisher", "published", "url", "verified_by")


def unit_dimension(unit: str) -> tuple[str, float]:
    """(dimension, factor to it): 'USD bn' -> ('USD', 1e9); 'Mt (approx.)' -> ('Mt', 1.0)."""
    m = _USD_UNIT.match(unit)
    if m:
        return "USD", USD_SCALE[m[1]]
    return re.sub(r"\s*\(.*\)\s*$", "", unit).strip(), 1.0


def _significant_digits(text: str) -> int:
    digits = re.sub(r"[^0-9]", "", text.split("e")[0]).lstrip("0")
    return len(digits)


def _mark(note: str) -> str:
    """'preferred', 'rejected' or '' from the start of a note."""
    head = note.strip().split(":", 1)[0].lower()
    return head if head in ("preferred", "rejected") else ""


def _provisional(note: str) -> bool:
    return note.strip().lower().startswith("provisional:")


def load_official_figures(path: Path = OFFICIAL_FIGURES) -> pd.DataFrame:
    """The curated figures, validated: a bad row fails naming the file, its CSV line and the field.

    Adds columns `value_base` (the value in the unit dimension: US dollars for money), `dimension`,
    `mark` ('preferred', 'rejected' or ''), `provisional` (the note starts with 'provisional:') and
    `line` (the CSV line)."""
    if not Path(path).exists():
        raise WorkbookError(f"curated file {path} is missing; it is part of the repository: restore it from git.")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(df.columns) != OFFICIAL_COLUMNS:
        raise WorkbookError(f"{Path(path).name}: columns are {list(df.columns)}; expected {OFFICIAL_COLUMNS}")
    base, dims = [], []
    for i, r in df.iterrows():
        where = f"{Path(path).name}, line {int(str(i)) + 2}"
        for f in _REQUIRED:
            if not r[f].strip():
                raise WorkbookError(f"{where}: field '{f}' is empty; every figure needs it (fill it or drop the row)")
        try:
            value = float(r["value"])
        except ValueError:
            raise WorkbookError(
                f"{where}: field 'value' = {r['value']!r} is not a number; keep only stated figures"
            ) from None
        if not _PUBLISHED.match(r["published"]):
            raise WorkbookError(
                f"{where}: field 'published' = {r['published']!r}; write the release date as YYYY-MM-DD "
                "(or YYYY-MM / YYYY when the page gives no day)"
            )
        if not r["url"].startswith(("http://", "https://")):
            raise WorkbookError(f"{where}: field 'url' = {r['url']!r} is not a web address")
        if not _ISO3.match(r["country"]) or (r["partner"] and not _ISO3.match(r["partner"])):
            raise WorkbookError(f"{where}: fields 'country'/'partner' must be ISO3 codes (partner may be empty)")
        dim, factor = unit_dimension(r["unit"])
        base.append(value * factor)
        dims.append(dim)
    out = df.assign(
        value_base=base,
        dimension=dims,
        mark=df["note"].map(_mark),
        provisional=df["note"].map(_provisional).astype(bool),
        line=[int(str(i)) + 2 for i in df.index],
    )
    _check_agreement(out, Path(path).name)
    return out


GROUP = ["series", "country", "partner", "period", "dimension"]


def _check_agreement(df: pd.DataFrame, name: str) -> None:
    for key, g in df.groupby(GROUP, sort=False):
        pref = g[g["mark"] == "preferred"]
        if len(pref) > 1:
            raise WorkbookError(f"{name}, lines {g.line.tolist()}: {len(pref)} rows of {key} are marked 'preferred:'")
        usable = g[g["mark"] != "rejected"]
        lo, hi = usable["value_base"].abs().min(), usable["value_base"].abs().max()
        if len(usable) > 1 and hi > lo * (1 + AGREEMENT):
            if pref.empty:
                raise WorkbookError(
                    f"{name}, lines {g.line.tolist()}: the figures of {key} disagree by more than 1 % "
                    f"({usable.value.tolist()}); mark one note 'preferred: <why>' and the others 'rejected: <why>'"
                )
            p = float(pref["value_base"].iloc[0])
            far = usable[(usable["value_base"] - p).abs() > AGREEMENT * abs(p)]
            if far.empty:
                continue
            raise WorkbookError(
                f"{name}, lines {far.line.tolist()}: figure(s) {far.value.tolist()} of {key} differ from the "
                f"preferred {pref.value.iloc[0]} by more than 1 %; start their note with 'rejected: <why>'"
            )


def preferred_figures(df: pd.DataFrame) -> pd.DataFrame:
    """One row per group (series, country, partner, period, dimension): the figure the workbook uses, with
    `n_sources`, the number of rows of its group that are not rejected."""
    picked, counts = [], {}
    for _, g in df.groupby(GROUP, sort=False):
        g = g[g["mark"] != "rejected"]
        if g.empty:
            continue
        pref = g[g["mark"] == "preferred"]
        if len(pref):
            chosen = pref.index[0]
        else:
            confirmed = g[~g["provisional"]] if "provisional" in g and (~g["provisional"]).any() else g
            chosen = confirmed["value"].map(_significant_digits).idxmax()  # the first of equals
        picked.append(chosen)
        counts[chosen] = len(g)
    out = df.loc[sorted(picked)]
    return out.assign(n_sources=[counts[i] for i in out.index]).reset_index(drop=True)


def annual_figure(df: pd.DataFrame, series: str, country: str, partner: str) -> pd.Series:
    """Year -> value in base units of one series, for calendar-year periods ('2023') only."""
    p = preferred_figures(df)
    sel = p[(p.series == series) & (p.country == country) & (p.partner == partner) & p.period.str.fullmatch(r"\d{4}")]
    return pd.Series(sel["value_base"].to_numpy(), index=sel["period"].astype("int64").to_numpy(), name=series)
