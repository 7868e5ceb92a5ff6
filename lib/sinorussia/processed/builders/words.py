"""Probability words: how survey respondents read phrases such as "likely" as numbers.

Reads two public surveys, one row per respondent and a column per phrase, answers in percent.
"""

from __future__ import annotations

import pandas as pd

from ..registry import Column, Table, builder, register
from ..sources import Sources, read_csv

PROBABILITY_WORDS = register(
    Table(
        name="probability_words",
        title="How people read probability words (survey answers)",
        description="One row per respondent and phrase: the probability (0–1) the respondent gave the phrase.",
        columns=(
            Column("survey", "str", "Survey slug", allowed=("mauboussin_2018", "zonination_2015")),
            Column("phrase", "str", "The phrase, lower case, words separated by single spaces"),
            Column("respondent", "int", "Respondent number within the survey (row order of the file)", min=1),
            Column(
                "probability",
                "float",
                "Probability the respondent assigned to the phrase",
                unit="share 0–1",
                min=0,
                max=1,
            ),
        ),
        key=("survey", "phrase", "respondent"),
        sources=("probability_survey_mauboussin", "perceptions_probly"),
        notes=(
            "Mauboussin & Mauboussin (2018): about 1,900 online respondents, 23 phrases; phrase names are the file's "
            "column names with underscores turned into spaces.",
            "zonination (2015): 46 self-selected Reddit respondents, 17 phrases from Sherman Kent's study.",
            "Answers are percentages in the files, divided by 100 here; answers outside 0–100 are dropped.",
        ),
    )
)

MAUBOUSSIN_META = ["age_bin", "gender", "esl"]


def _long(df: pd.DataFrame, survey: str) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    df.index = df.index + 1
    out = df.rename_axis("respondent").reset_index().melt(id_vars="respondent", var_name="phrase", value_name="pct")
    out["phrase"] = out["phrase"].str.replace("_", " ").str.strip().str.lower().str.split().str.join(" ")
    out["pct"] = pd.to_numeric(out["pct"], errors="coerce")
    out = out[out["pct"].between(0, 100)]
    return pd.DataFrame(
        {
            "survey": survey,
            "phrase": out["phrase"],
            "respondent": out["respondent"].astype("int64"),
            "probability": out["pct"] / 100,
        }
    )


@builder(reads=["probability_survey_mauboussin", "perceptions_probly"], tables=[PROBABILITY_WORDS])
def build_words(src: Sources) -> dict[str, pd.DataFrame]:
    """Survey answers to long format, percent to shares."""
    m = read_csv(
        src, "probability_survey_mauboussin", MAUBOUSSIN_META + ["likely", "unlikely", "with_high_probability"]
    )
    z = read_csv(src, "perceptions_probly", ["Likely", "Highly Unlikely", "Almost Certainly"])
    parts = [_long(m.drop(columns=MAUBOUSSIN_META), "mauboussin_2018"), _long(z, "zonination_2015")]
    return {"probability_words": pd.concat(parts, ignore_index=True)}
