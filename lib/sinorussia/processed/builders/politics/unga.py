"""UN General Assembly vote agreement between pairs of states (Voeten et al. roll calls to 2019; UN Digital
Library voting records for 2020 and 2021, read in unga_dl)."""

from __future__ import annotations

import itertools

import pandas as pd
import pycountry
import pyreadr

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, require_columns
from .unga_dl import DL_FILES, dl_votes

UNGA_AGREEMENT = register(
    Table(
        name="unga_agreement",
        title="UN General Assembly vote agreement between pairs of countries, 1946–2021",
        description=(
            "Share of a calendar year's recorded UNGA roll calls in which both countries voted and cast the "
            "same vote (yes, no or abstain), for all pairs among Russia, China, the US, the UK, France, "
            "Germany, India, Belarus, Iran, Mongolia and the five Central Asian states. Voeten et al. roll calls "
            "1946-2019, UN Digital Library voting records 2020-2021 (same definition; told apart by `source`)."
        ),
        columns=(
            Column("year", "int", "Calendar year of the roll calls", min=1946, max=2021),
            iso3("country_a", "First country (the alphabetically first code)"),
            iso3("country_b", "Second country"),
            Column(
                "agreement", "float", "Share of common roll calls with the same vote", unit="share 0–1", min=0, max=1
            ),
            Column("n_votes", "int", "Roll calls in the year in which both countries voted", min=1),
            Column(
                "source",
                "str",
                "unvotes = Voeten et al. via the unvotes R package; un_digital_library = UN Digital Library voting "
                "records (scraped by J. Witwicki)",
                allowed=("unvotes", "un_digital_library"),
            ),
        ),
        key=("year", "country_a", "country_b"),
        sources=("unvotes_votes", "unvotes_roll_calls", *DL_FILES.values()),
        notes=(
            "Voeten et al. UNGA votes via the unvotes R package (roll calls to 14 Jan 2020). Agreement = identical "
            "votes / roll calls where both voted; an abstention counts as a vote; absence or non-participation is not "
            "in the data and so is excluded from both counts.",
            "RUS is the Soviet Union before 1992: the data code the USSR and the Russian Federation as one member "
            "('Russia', RU).",
            "CHN is the People's Republic only: the data code the Republic of China's votes to Oct 1971 as 'Taiwan' "
            "(not among these countries), and China's first vote is on 3 Nov 1971.",
            "DEU includes the Federal Republic of Germany (1973–1990, no code in the data) before unified Germany; East "
            "Germany is left out. BLR includes the Byelorussian SSR (a UN member from 1945).",
            "2020 and 2021 (source un_digital_library): the UN Digital Library's recorded votes of each calendar year "
            "(2020: 99 after dropping A/RES/75/254A-C, a combined record of its parts [A], [B], [C] with the same "
            "votes; 2021: 86), Y/N/A = yes/no/abstain, X = absent and left out, as absence is in the Voeten data: the "
            "same agreement definition. The Voeten data's one 2020 roll call (A/RES/74/267, 14 Jan 2020) is in the "
            "2020 file with the same votes (120 yes, 48 no, 4 abstain), so 2020 comes from the Digital Library file "
            "alone. Both sources hold votes on resolutions (the Voeten data have no amendment or paragraph votes "
            "after 2017). The 2022 file (3 votes to early May) is not used: no year can rest on it.",
            "Years with few roll calls (1951: 6 common votes for Russia and the US) are noisy: filter on n_votes "
            "before plotting.",
            "Agreement of Russia and China in 2019 is 0.79 (68 of 86 roll calls), Russia and the US 0.21; Russia and "
            "China 0.79 in 2020 (77 of 97) and 0.77 in 2021 (66 of 86; Digital Library).",
        ),
    )
)


# ------------------------------------------------------------------------------------ UNGA agreement

FOCUS = ("RUS", "CHN", "USA", "GBR", "FRA", "DEU", "IND", "BLR", "IRN", "MNG", "KAZ", "KGZ", "TJK", "TKM", "UZB")
# Members without an ISO2 code in the data, by name.
UNVOTES_NAMES = {"Federal Republic of Germany": "DEU"}
VOTES = {"yes", "no", "abstain"}


def _rda(src: Sources, dataset_id: str, required: list[str]) -> pd.DataFrame:
    label = src.label(dataset_id)
    try:
        frames = pyreadr.read_r(str(src.path(dataset_id)))
    except Exception as exc:  # pyreadr raises its own error types for unreadable files
        raise RawFormatError(
            f"Raw file {label} could not be read as R data by builder {src.builder_name}: {exc}"
        ) from None
    if len(frames) != 1:
        raise RawFormatError(f"Raw file {label}: expected one data frame, found {list(frames)}.")
    return require_columns(next(iter(frames.values())), required, source=label, builder=src.builder_name)


def _alpha_2(iso3: str) -> str:
    """The ISO 3166 alpha-2 code unvotes uses for a focus state (FOCUS holds only codes pycountry knows)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise ValueError(f"FOCUS in builders/politics/unga.py holds {iso3!r}, which is not an ISO 3166 alpha-3 code")
    return country.alpha_2


def _focus_votes(src: Sources) -> pd.DataFrame:
    votes = _rda(src, "unvotes_votes", ["rcid", "country", "country_code", "vote"])
    calls = _rda(src, "unvotes_roll_calls", ["rcid", "date"])
    iso2 = {_alpha_2(c): c for c in FOCUS}
    code = votes["country_code"].astype("str").map(iso2)
    code = code.fillna(votes["country"].astype("str").map(UNVOTES_NAMES))
    v = pd.DataFrame({"rcid": votes["rcid"], "country": code, "vote": votes["vote"].astype("str")}).dropna(
        subset=["country"]
    )
    bad = sorted(set(v["vote"]) - VOTES)
    if bad:
        raise RawFormatError(
            f"Raw file {src.label('unvotes_votes')}: column 'vote' holds {bad}; expected {sorted(VOTES)}."
        )
    dates = pd.to_datetime(calls.set_index("rcid")["date"], errors="coerce")
    v["year"] = v["rcid"].map(dates).dt.year
    if v["year"].isna().any():
        raise RawFormatError(
            f"Raw file {src.label('unvotes_roll_calls')}: roll calls without a valid 'date' for "
            f"rcid {v.loc[v['year'].isna(), 'rcid'].unique()[:5].tolist()}."
        )
    if v.duplicated(["rcid", "country"]).any():
        raise RawFormatError(f"Raw file {src.label('unvotes_votes')}: a country votes twice in one roll call.")
    v["year"] = v["year"].astype(int)
    return v


def _agreement(v: pd.DataFrame) -> pd.DataFrame:
    wide = v.pivot(index="rcid", columns="country", values="vote")
    year = v.drop_duplicates("rcid").set_index("rcid")["year"].reindex(wide.index)
    parts = []
    for a, b in itertools.combinations(sorted(wide.columns), 2):
        both = wide[a].notna() & wide[b].notna()
        same = both & (wide[a] == wide[b])
        g = pd.DataFrame({"year": year, "both": both, "same": same}).groupby("year")[["both", "same"]].sum()
        g = g[g["both"] > 0]
        parts.append(
            pd.DataFrame(
                {
                    "year": g.index.astype(int),
                    "country_a": a,
                    "country_b": b,
                    "agreement": (g["same"] / g["both"]).round(6).values,
                    "n_votes": g["both"].astype(int).values,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@builder(reads=["unvotes_votes", "unvotes_roll_calls", *DL_FILES.values()], tables=[UNGA_AGREEMENT])
def build_agreement(src: Sources) -> dict[str, pd.DataFrame]:
    """Pairwise agreement per calendar year among the focus countries (Voeten to 2019, Digital Library 2020-21)."""
    voeten = _focus_votes(src)
    voeten = voeten[voeten["year"] < min(DL_FILES)]  # its one 2020 roll call is in the 2020 file
    dl = pd.concat([dl_votes(src, y) for y in DL_FILES], ignore_index=True)
    out = pd.concat(
        [_agreement(voeten).assign(source="unvotes"), _agreement(dl).assign(source="un_digital_library")],
        ignore_index=True,
    )
    return {"unga_agreement": out}
