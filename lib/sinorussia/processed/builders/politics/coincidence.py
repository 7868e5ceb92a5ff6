"""The US State Department's voting coincidence with the US, 2013-2024 (Voting Practices in the UN)."""

from __future__ import annotations

import pandas as pd
import pycountry

from ....errors import RawFormatError
from ...countries import to_iso3
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, read_csv

UNGA_US_COINCIDENCE = register(
    Table(
        name="unga_us_coincidence",
        title="Voting coincidence with the United States in the UN General Assembly (US State Department)",
        description=(
            "Each country's voting coincidence with the United States as published in the State "
            "Department's annual report 'Voting Practices in the United Nations', 2013–2024."
        ),
        columns=(
            Column("year", "int", "Year of the UNGA votes (report year)", min=2013, max=2024),
            iso3("country", "Country"),
            Column("coincidence", "float", "Published voting coincidence with the US", unit="share 0–1", min=0, max=1),
            Column(
                "source",
                "str",
                "Source slug: which kind of vote set",
                allowed=("us_state_dept", "us_state_dept_subset"),
            ),
        ),
        key=("year", "country", "source"),
        sources=tuple(f"us_state_un_coincidence_{y}" for y in range(2013, 2025)),
        notes=(
            "us_state_dept (2018–2024): coincidence on the ~86–110 recorded UNGA plenary votes of the year, as published. "
            "For 2018–2020 it equals (same + ½·partial) / (same + opposite + partial); from 2021 the published figure "
            "follows a revised method and cannot be recomputed from the file's counts.",
            "us_state_dept_subset (2013–2017): these files cover only 18 (2013–2016) or 21 (2017) votes, and their "
            "pattern (Israel, Canada, Palau ~100%; France, Germany, the UK ~7%; China, Russia 0%) indicates the "
            "Israel-related resolutions rather than all recorded votes; 2013–2016 use same / (same + opposite). Not "
            "comparable with us_state_dept: never splice the two.",
            "The number of votes is not a column of these files (only the counts of same, opposite, partial/abstain and "
            "absent votes), so n_votes is omitted.",
            "Country codes come from the names (which change spelling every year) and are checked against the files' "
            "ISO column from 2018, except its typo 'GRO' for Greece in 2018. 'No Votes' (Sao Tome and Principe, 2017) "
            "is missing and left out. The 2024 file is a copy of an excerpt (same text).",
        ),
    )
)


# ------------------------------------------------------------------------ US State Dept coincidence

COINCIDENCE_NAMES = {
    "antigua-barbuda": "ATG",
    "dpr of korea": "PRK",
    "dprk": "PRK",
    "dem. rep. of congo": "COD",
    "drc": "COD",
    "micronesia": "FSM",
    "micronesia (federated states of)": "FSM",
    "st. kitts and nevis": "KNA",
    "st. vincent/ grenadines": "VCT",
    "tfyr macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "macedonia (the former yugoslav republic of)": "MKD",
    "timor leste": "TLS",
    "trinidad/tobago": "TTO",
    "u.r. tanzania": "TZA",
    "korea (democratic people's republic of)": "PRK",
    "democratic people’s republic of korea": "PRK",
    "korea (republic of)": "KOR",
    "bolivia (plurinational state of)": "BOL",
    "congo (democratic republic of the)": "COD",
    "congo (republic of the)": "COG",
    "irag": "IRQ",
    "iran (islamic republic of)": "IRN",
    "moldova (republic of)": "MDA",
    "myanmar (burma)": "MMR",
    "venezuela (bolivarian republic of)": "VEN",
    "equatoria guinea": "GNQ",
    "gambia (republic of the)": "GMB",
    "guinea bissau": "GNB",
    "lao people?s democratic republic": "LAO",
    "lao people’s democratic republic": "LAO",
    "cote d’ivoire": "CIV",
    "czechia (czech republic)": "CZE",
}
COINCIDENCE_IDS = {y: f"us_state_un_coincidence_{y}" for y in range(2013, 2025)}


def _coincidence(src: Sources, year: int, dataset_id: str) -> pd.DataFrame:
    label = src.label(dataset_id)
    df = read_csv(src, dataset_id, ["COUNTRY", "SAME", "COINCIDENCE"], dtype=str, encoding="utf-8-sig")
    code = df["COUNTRY"].map(lambda n: to_iso3(n, extra=COINCIDENCE_NAMES, source=label))
    if "ISO" in df.columns:
        iso = df["ISO"].str.strip()
        valid = iso.map(lambda c: pycountry.countries.get(alpha_3=c) is not None)
        wrong = valid & (iso != code)
        if wrong.any():
            raise RawFormatError(
                f"Raw file {label}: column 'ISO' disagrees with 'COUNTRY' for "
                f"{list(zip(df['COUNTRY'][wrong], iso[wrong]))[:5]}; the columns may have shifted."
            )
    value = pd.to_numeric(df["COINCIDENCE"], errors="coerce")
    text = df["COINCIDENCE"][value.isna() & df["COINCIDENCE"].notna()]
    if (~text.str.strip().isin(["No Votes"])).any():
        raise RawFormatError(f"Raw file {label}: column 'COINCIDENCE' holds non-numeric values {text.tolist()[:5]}.")
    if (value > 1).any():
        raise RawFormatError(f"Raw file {label}: column 'COINCIDENCE' exceeds 1 (percent instead of a share?).")
    out = pd.DataFrame(
        {
            "year": year,
            "country": code,
            "coincidence": value,
            "source": "us_state_dept" if year >= 2018 else "us_state_dept_subset",
        }
    )
    out = out.dropna(subset=["coincidence"])
    if out.duplicated("country").any():
        raise RawFormatError(
            f"Raw file {label}: countries listed twice: {sorted(set(out.country[out.country.duplicated()]))}."
        )
    return out


@builder(reads=list(COINCIDENCE_IDS.values()), tables=[UNGA_US_COINCIDENCE])
def build_us_coincidence(src: Sources) -> dict[str, pd.DataFrame]:
    """One file per report year; names (whose spelling changes each year) to ISO3."""
    parts = [_coincidence(src, y, dataset_id) for y, dataset_id in COINCIDENCE_IDS.items()]
    return {"unga_us_coincidence": pd.concat(parts, ignore_index=True)}
