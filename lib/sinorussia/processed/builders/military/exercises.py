"""Joint military exercises involving Russia: a partial list (2009-2018), kept as an illustration."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...registry import Column, Table, builder, register
from ...sources import Sources, read_csv

EXERCISES = register(
    Table(
        name="joint_exercises",
        title="Joint military exercises involving Russia, 2009–2018 — PARTIAL, UNVERIFIED compilation",
        description=(
            "Exercises of Russia's armed forces with foreign partners, as listed by an unknown compiler from "
            "Russian Ministry of Defence web pages. PARTIAL and UNVERIFIED: use it to illustrate; a count "
            "from it is only a lower bound, and its year-to-year pattern is not a trend."
        ),
        columns=(
            Column("year", "int", "Year of the exercise", min=2009, max=2018),
            Column("exercise", "str", "Exercise name as listed (Russian; the compilation gives no English names)"),
            Column("partners", "str", "ISO3 codes of the participants other than Russia, ';'-joined alphabetically"),
            Column("with_china", "bool", "China is among the listed participants"),
            Column("location", "str", "Location (the compilation gives none: always empty)", nullable=True),
            Column("source", "str", "Source slug", allowed=("partial_compilation",)),
        ),
        key=("year", "exercise", "partners"),
        sources=("joint_exercises_russia",),
        notes=(
            "PARTIAL, UNVERIFIED compilation (99 exercises, 12 of them with China): it misses well-known exercises, "
            "e.g. Vostok-2018, in which China took part. Any count from it is a lower bound at best.",
            "Names are kept exactly as listed, in Russian, typos included (e.g. 'Морское взаимодействе-2014'); some "
            "English equivalents: Мирная миссия = Peace Mission (SCO), Морское взаимодействие = Joint Sea, Индра = "
            "Indra, Запад = Zapad, Центр = Tsentr. Joint Sea 2015 is listed twice, spelled differently (its two "
            "phases).",
            "The compilation gives no location: the column is empty. It gives only a year, no dates.",
            "Partners are as listed: for 'Болд Монарх-2011' the compiler notes that all NATO members are listed, "
            "including some that did not take part. The file's many empty rows are skipped.",
        ),
    )
)


# ----------------------------------------------------------------------------------- joint exercises

EXERCISE_NAMES = {"united states of america": "USA"}


@builder(reads=["joint_exercises_russia"], tables=[EXERCISES])
def build_exercises(src: Sources) -> dict[str, pd.DataFrame]:
    """Listed exercises (rows with a name and a year); partner names to ISO3."""
    dataset_id = "joint_exercises_russia"
    label = src.label(dataset_id)
    df = read_csv(src, dataset_id, ["name", "yr", "part1"], dtype=str)
    df = df.dropna(how="all")
    half = df["name"].isna() != df["yr"].isna()
    if half.any():
        raise RawFormatError(
            f"Raw file {label}: rows {df.index[half].tolist()[:5]} have a 'name' without a 'yr' or the reverse."
        )
    df = df.dropna(subset=["name", "yr"])
    part_cols = [c for c in df.columns if c.startswith("part") and c[4:].isdigit()]
    codes = df[part_cols].apply(
        lambda r: sorted(
            {code for x in r.dropna() if x.strip() if (code := to_iso3(x, extra=EXERCISE_NAMES, source=label))}
            - {"RUS"}
        ),
        axis=1,
    )
    year = pd.to_numeric(df["yr"], errors="coerce")
    if year.isna().any():
        raise RawFormatError(f"Raw file {label}: non-numeric 'yr' values {df['yr'][year.isna()].tolist()[:5]}.")
    out = pd.DataFrame(
        {
            "year": year.astype(int),
            "exercise": df["name"].str.strip(),
            "partners": codes.map(";".join),
            "with_china": codes.map(lambda c: "CHN" in c).astype(bool),
            "location": pd.Series([None] * len(df), index=df.index, dtype="str"),
            "source": "partial_compilation",
        }
    )
    return {"joint_exercises": out}
