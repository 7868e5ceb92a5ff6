"""Joint exercises and patrols for notebook 04: the partial 2009–2018 compilation (joint_exercises) and the
curated 2019–2025 activities (joint_activities). The two lists are counted apart, never as one series:
both are lower bounds, except the joint strategic air patrols, which the curated list has completely.
"""

from __future__ import annotations

import pandas as pd

KINDS = ("exercise", "naval patrol", "air patrol")


def exercise_counts(exercises: pd.DataFrame) -> pd.DataFrame:
    """Exercises listed per year in the partial compilation: with China, without China, total.

    The compilation is partial (it misses e.g. Vostok-2018): every count is a lower bound and says
    nothing reliable about trends.
    """
    g = exercises.groupby("year").with_china.agg(with_china="sum", total="count")
    g["with_china"] = g.with_china.astype(int)
    g["without_china"] = g.total - g.with_china
    years = range(int(exercises.year.min()), int(exercises.year.max()) + 1)
    return g.reindex(years, fill_value=0)[["with_china", "without_china", "total"]]


def exercise_partners(exercises: pd.DataFrame, n: int = 8) -> pd.Series:
    """How many listed exercises each partner took part in (partners are ';'-joined ISO3 codes)."""
    p = exercises.partners.str.split(";").explode()
    return p.value_counts().head(n)


def activity_counts(activities: pd.DataFrame) -> pd.DataFrame:
    """Curated joint activities per year (of the start) and kind, every year of the list (zeros kept),
    with a `total` column. A lower bound for exercises and naval patrols."""
    g = activities.groupby(["year", "kind"]).size().unstack(fill_value=0)
    years = range(int(activities.year.min()), int(activities.year.max()) + 1)
    g = g.reindex(index=years, columns=list(KINDS), fill_value=0)
    g["total"] = g.sum(axis=1)
    g.index.name = "year"
    return g


def air_patrols(activities: pd.DataFrame) -> pd.DataFrame:
    """The joint strategic air (bomber) patrols in date order, numbered 1, 2, … (the Chinese defence
    ministry's sequence, which the curated list has completely)."""
    p = activities[activities.kind == "air patrol"].sort_values("start").reset_index(drop=True)
    return p.assign(number=range(1, len(p) + 1))[["number", "start", "start_precision", "name", "location"]]
