"""Joint Russia–China military activities of 2019–2025 (curated): exercises, joint strategic air patrols and
joint naval patrols, each row with the page that confirmed it. Kept apart from the 2009–2018 compilation
(joint_exercises): the two are different lists, never one series."""

from __future__ import annotations

import pandas as pd

from ...curated_events import DOMAINS, FORMATS, KINDS, load_joint_activities
from ...registry import Column, Table, builder, register
from ...sources import Sources

CURATED = "curated/joint_activities_2019_2025.csv"

ACTIVITIES = register(
    Table(
        name="joint_activities",
        title="Joint Russia–China military activities, 2019–2025: exercises, air and naval patrols (curated, a lower bound)",
        description=(
            "One row per joint exercise or joint patrol of the Russian and Chinese armed forces in 2019–2025, from "
            "data/curated/joint_activities_2019_2025.csv: dates at the precision the cited page gives, kind, format, "
            "area and the page. A curated list from news and defence-ministry pages: complete for the joint "
            "strategic air patrols (numbered 1–10 by China's defence ministry), a lower bound for the rest."
        ),
        columns=(
            Column("start", "date", "First day (the first of the month where the page gives only the month)"),
            Column("start_precision", "str", "How exactly the page dates the start", allowed=("day", "month")),
            Column("end", "date", "Last day, where a page gives it", nullable=True),
            Column(
                "end_precision", "str", "How exactly the page dates the end", nullable=True, allowed=("day", "month")
            ),
            Column("year", "int", "Year of the start", min=2019, max=2025),
            Column("name", "str", "Name as reported (ordinals as the Chinese defence ministry counts them)"),
            Column("kind", "str", "exercise, air patrol or naval patrol", allowed=KINDS),
            Column(
                "format",
                "str",
                "bilateral; with Iran (the Maritime Security Belt drills); or a Russian strategic exercise in "
                "which the PLA took part",
                allowed=FORMATS,
            ),
            Column("domain", "str", "air, sea, land or combined", allowed=DOMAINS),
            Column("location", "str", "Area as reported"),
            Column("source_title", "str", "The page that confirmed it"),
            Column("source_url", "str", "Its address"),
            Column("note", "str", "Conflicting dates or counts, and what was inferred", nullable=True),
            Column("source", "str", "Source slug", allowed=("curated_2019_2025",)),
        ),
        key=("start", "name"),
        sources=(CURATED,),
        notes=(
            "A curated list, not a register: counts of exercises and naval patrols are lower bounds (e.g. SCO 'Peace "
            "Mission' drills were not searched). The joint strategic bomber patrols are complete to Dec 2025: China's "
            "defence ministry numbers them 1st (23 Jul 2019) to 10th (9 Dec 2025).",
            "Dates at the precision the page gives: where it gives only a month (or a weekday without a date), the "
            "date is the first of that month and `start_precision`/`end_precision` say 'month'.",
            "Counts conflict between sources (documented in `note`): Russia calls the Aug 2025 naval patrol the fifth, "
            "China the sixth; the Joint Sea series and the Maritime Security Belt are numbered differently by "
            "different sides. The names keep the Chinese count.",
            "Not comparable with joint_exercises (2009–2018, a partial compilation of Russia's exercises with all "
            "partners): never add the two into one series.",
        ),
    )
)


@builder(reads=[CURATED], tables=[ACTIVITIES])
def build_activities(src: Sources) -> dict[str, pd.DataFrame]:
    """The curated activities, validated (dates, kinds, sources), oldest first."""
    a = load_joint_activities(src.path(CURATED))
    out = pd.DataFrame(
        {
            "start": a["start"],
            "start_precision": a["start_precision"],
            "end": a["end"],
            "end_precision": a["end_precision"],
            "year": a["year"].astype("int64"),
            "name": a["name"],
            "kind": a["kind"],
            "format": a["format"],
            "domain": a["domain"],
            "location": a["location"],
            "source_title": a["source_title"],
            "source_url": a["source_url"],
            "note": a["note"].replace("", None),
            "source": "curated_2019_2025",
        }
    )
    return {"joint_activities": out.sort_values(["start", "name"]).reset_index(drop=True)}
