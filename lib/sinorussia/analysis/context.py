"""Context for notebook 01: the curated timeline, the power gap and political alignment."""

from __future__ import annotations

import pandas as pd

from .. import paths
from ..errors import WorkbookError

TIMELINE = paths.CURATED_DIR / "timeline_events.csv"
CATEGORIES = ("treaty", "summit", "conflict", "economic", "energy", "military", "multilateral", "sanctions")
TIMELINE_COLUMNS = ["date", "date_precision", "event", "category", "source_title", "source_url"]


def load_timeline(path=TIMELINE) -> pd.DataFrame:
    """The curated events, validated: a bad row fails naming the file, the row and the field."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in TIMELINE_COLUMNS if c not in df.columns]
    if missing:
        raise WorkbookError(f"{path.name}: missing column(s) {missing}; expected {TIMELINE_COLUMNS}")
    for i, r in df.iterrows():
        where = f"{path.name}, row {i + 2}"
        try:
            pd.Timestamp(r["date"])
        except ValueError:
            raise WorkbookError(f"{where}: field 'date' = {r['date']!r} is not an ISO date (YYYY-MM-DD)") from None
        if r["date_precision"] not in ("day", "month", "year"):
            raise WorkbookError(f"{where}: field 'date_precision' must be day, month or year")
        if r["category"] not in CATEGORIES:
            raise WorkbookError(f"{where}: field 'category' = {r['category']!r}; use one of {CATEGORIES}")
        for f in ("event", "source_title", "source_url"):
            if not r[f].strip():
                raise WorkbookError(f"{where}: field '{f}' is empty; every event needs a source")
    df["date"] = pd.to_datetime(df["date"])
    df["year"] = df["date"].dt.year + (df["date"].dt.day_of_year - 1) / 365.25
    return df.sort_values("date").reset_index(drop=True)


def series(macro: pd.DataFrame, indicator: str, source: str, countries) -> pd.DataFrame:
    """Year × country for one indicator and source."""
    d = macro[(macro.indicator == indicator) & (macro.source == source) & macro.country.isin(list(countries))]
    if d.empty:
        raise WorkbookError(f"no {indicator} from {source} for {list(countries)}")
    return d.pivot(index="year", columns="country", values="value")


def china_russia_ratio(wide: pd.DataFrame, russia: tuple[str, ...] = ("RUS",)) -> pd.Series:
    """China ÷ Russia, with the first available Russia code per year (e.g. USSR before 1991 in Maddison)."""
    ru = None
    for code in russia:
        if code in wide:
            ru = wide[code] if ru is None else ru.combine_first(wide[code])
    if ru is None or "CHN" not in wide:
        raise WorkbookError("china_russia_ratio needs CHN and a Russia column")
    return (wide["CHN"] / ru).dropna()


def long_run_gdp(macro: pd.DataFrame, start: int) -> pd.DataFrame:
    """Maddison GDP (2011 int$) for China, the USSR and Russia, from `start`; ratio with the USSR to 1990, Russia after."""
    w = series(macro, "gdp_ppp_2011_intl", "maddison_2020", ["CHN", "SUN", "RUS"])
    w = w[w.index >= start]
    soviet = w["SUN"].where(w.index <= 1990) if "SUN" in w else None
    russia_or_ussr = soviet.combine_first(w["RUS"].where(w.index > 1990)) if soviet is not None else w["RUS"]
    w["ratio_china_to_russia_ussr"] = w["CHN"] / russia_or_ussr
    return w


def agreement_pairs(agreement: pd.DataFrame, pairs, start: int, end: int, min_votes: int = 1) -> pd.DataFrame:
    """Year × pair ('CHN–RUS', …) of UNGA vote agreement; years with fewer than `min_votes` common
    votes are left out (Voeten et al. to 2019, the UN Digital Library for 2020 and 2021)."""
    out = {}
    for a, b in pairs:
        x, y = sorted((a, b))
        s = agreement[
            (agreement.country_a == x)
            & (agreement.country_b == y)
            & agreement.year.between(start, end)
            & (agreement.n_votes >= min_votes)
        ]
        out[f"{a}–{b}"] = s.set_index("year").agreement
    return pd.DataFrame(out)


def vetoes_by_period(vetoes: pd.DataFrame, period_years: int = 10) -> pd.DataFrame:
    """Vetoed drafts per member and period (decades by default); USSR separate from Russia."""
    members = ["ussr", "russia", "china", "usa", "uk", "france"]
    v = vetoes.assign(period=(vetoes.date.dt.year // period_years) * period_years)
    out = v.groupby("period")[members].sum().astype(int)
    out.index = [f"{p}s" if period_years == 10 else f"{p}–{p + period_years - 1}" for p in out.index]
    return out


def joint_vetoes(vetoes: pd.DataFrame) -> pd.DataFrame:
    """Drafts vetoed by both Russia and China (the PRC), oldest first."""
    j = vetoes[vetoes.russia & vetoes.china]
    return j[["date", "draft", "subject", "vetoed_by", "source"]].sort_values("date").reset_index(drop=True)


LIST_SOURCE = "un_library_2022"  # the UN library's complete list, to 8 July 2022; later rows are UN records


def vetoes_after_list(vetoes: pd.DataFrame) -> pd.DataFrame:
    """The vetoes after the UN library's list ends (UN records and the curated table), oldest first."""
    return vetoes[vetoes.source != LIST_SOURCE].sort_values("date").reset_index(drop=True)


def china_when_russia_alone(vetoes: pd.DataFrame) -> pd.Series:
    """How China voted on the proposals Russia vetoed without it after the list ends: counts of
    'abstain', 'yes' and 'unknown' (amendments whose vote no page gives)."""
    later = vetoes_after_list(vetoes)
    alone = later[later.russia & ~later.china]
    return alone.china_vote.fillna("unknown").value_counts().reindex(["abstain", "yes", "unknown"], fill_value=0)
