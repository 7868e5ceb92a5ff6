"""UNGA ideal points (Bailey, Strezhnev and Voeten): the July 2023 and July 2025 vintages."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, read_csv, require_columns

UNGA_IDEAL_POINTS = register(
    Table(
        name="unga_ideal_points",
        title="UN General Assembly ideal points (Bailey, Strezhnev and Voeten), two releases",
        description="Each country's estimated position on the UNGA's main voting dimension (US-led order), per session.",
        columns=(
            Column("year", "int", "Year the session opened (session + 1945)", min=1946, max=2024),
            Column("session", "int", "UNGA session number", min=1, max=79),
            iso3("country", "Country"),
            Column("ideal_point", "float", "Ideal point (higher = closer to the US position)", unit="index"),
            Column("source", "str", "Release", allowed=("bsv_2023", "bsv_2025")),
        ),
        key=("year", "country", "source"),
        sources=("unga_ideal_points_2023", "unga_ideal_points_2025"),
        notes=(
            "bsv_2023 (July 2023 release, sessions 1–77 = 1946–2022) uses its only estimate, IdealPointAll.",
            "bsv_2025 (July 2025 release, 1946–2024) uses idealpointfp, the only estimate it gives for 2024 "
            "(idealpointall and idealpointlegacy are empty for 2024). The two columns are different estimations: the "
            "2023 IdealPointAll matches the 2025 file's idealpointlegacy (same vote counts, correlation 0.9995), not its "
            "idealpointfp (correlation 0.984, differences up to 2.4). Use one source per chart; never splice.",
            "Countries use the files' iso3c codes, except: COW 680 South Yemen, which the files code 'YAR' like North "
            "Yemen, is YMD; COW 678 North Yemen is YEM (ISO; it ends in 1989/1990 when unified Yemen starts); COW 345 "
            "is YUG to 2002, SCG 2003–2005 and SRB from 2006. RUS before 1992 is the USSR (COW 365); DEU before 1990 is "
            "West Germany; CSK, DDR, YUG are former states.",
            "bsv_2025 rows without an iso3c (17 transition years, legacy estimate only) have no idealpointfp and drop out.",
        ),
    )
)


# -------------------------------------------------------------------------------------- ideal points


def _ideal_code(ccode: pd.Series, iso: pd.Series, year: pd.Series) -> pd.Series:
    code = iso.astype("str").str.strip()
    code = code.mask(ccode == 678, "YEM").mask(ccode == 680, "YMD")
    code = code.mask((ccode == 345) & (year >= 2003) & (year <= 2005), "SCG").mask(
        (ccode == 345) & (year >= 2006), "SRB"
    )
    return code.where(code != "", None)


def _ideal_points(src: Sources) -> pd.DataFrame:
    a = read_csv(src, "unga_ideal_points_2023", ["ccode", "session", "iso3c", "IdealPointAll"])
    a = a.dropna(subset=["IdealPointAll"])
    a_year = a["session"].astype(int) + 1945
    a = pd.DataFrame(
        {
            "year": a_year,
            "session": a["session"].astype(int),
            "country": _ideal_code(a["ccode"], a["iso3c"], a_year),
            "ideal_point": a["IdealPointAll"].astype(float).round(6),
            "source": "bsv_2023",
        }
    )
    label = src.label("unga_ideal_points_2025")
    try:
        b = pd.read_stata(src.path("unga_ideal_points_2025"))
    except (ValueError, OSError) as exc:
        raise RawFormatError(f"Raw file {label} could not be read as a Stata file: {exc}") from None
    b = require_columns(b, ["ccode", "iso3c", "year", "idealpointfp"], source=label, builder=src.builder_name)
    b = b.dropna(subset=["idealpointfp"])
    b_year = b["year"].astype(int)
    b = pd.DataFrame(
        {
            "year": b_year,
            "session": b_year - 1945,
            "country": _ideal_code(b["ccode"], b["iso3c"], b_year),
            "ideal_point": b["idealpointfp"].astype(float).round(6),
            "source": "bsv_2025",
        }
    )
    out = pd.concat([a, b], ignore_index=True).dropna(subset=["country"])
    dup = out[out.duplicated(["year", "country", "source"], keep=False)]
    if len(dup):
        raise RawFormatError(
            f"Raw files {src.label('unga_ideal_points_2023')} / {label}: several COW codes share a "
            f"country code in one year: {dup[['year', 'country', 'source']].head(5).values.tolist()}."
        )
    return out


@builder(reads=["unga_ideal_points_2023", "unga_ideal_points_2025"], tables=[UNGA_IDEAL_POINTS])
def build_ideal_points(src: Sources) -> dict[str, pd.DataFrame]:
    """Both releases, one estimate column each (see notes)."""
    return {"unga_ideal_points": _ideal_points(src)}
