"""Political alignment: UN Security Council vetoes, UN General Assembly vote agreement, the US State
Department's voting coincidence, and ideal points."""

from __future__ import annotations

import itertools

import pandas as pd
import pycountry
import pyreadr

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv, require_columns

# ---------------------------------------------------------------------------------------------- tables

UNSC_VETOES = register(
    Table(
        name="unsc_vetoes",
        title="UN Security Council vetoes, 1946 – Sep 2022 (complete) and the Gaza vetoes of Oct 2023 – Sep 2025",
        description=(
            "One row per vetoed proposal: date, draft symbol, subject and which permanent members vetoed it. "
            "Complete only to the 2022 list's last entry (8 July 2022)."
        ),
        columns=(
            Column("date", "date", "Date of the vote"),
            Column(
                "draft",
                "str",
                "Symbol of the vetoed draft (e.g. S/2011/612); for early vetoes the list gives the "
                "meeting record (S/PV.nn) instead",
            ),
            Column(
                "seq",
                "int",
                "1, 2, … for several vetoed proposals with the same date and symbol (early meetings "
                "where the list gives only the meeting record), in the list's order",
                min=1,
            ),
            Column("subject", "str", "Crisis or topic (the list's `crisis_topic`)"),
            Column("vetoed_by", "str", "ISO3 codes of the vetoing members, ';'-joined alphabetically (SUN = USSR)"),
            Column(
                "china", "bool", "The China seat vetoed (the list has no China veto before 1972, i.e. none by the ROC)"
            ),
            Column("france", "bool", "France vetoed"),
            Column("russia", "bool", "The Russian Federation vetoed (from 1992; USSR vetoes are in `ussr`)"),
            Column("ussr", "bool", "The Soviet Union vetoed (to 1991)"),
            Column("uk", "bool", "The United Kingdom vetoed"),
            Column("usa", "bool", "The United States vetoed"),
            Column("source", "str", "Source slug", allowed=("un_library_2022", "un_records_2023_2025")),
        ),
        key=("date", "draft", "seq"),
        sources=("unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"),
        notes=(
            "un_library_2022: the Dag Hammarskjöld Library veto list as compiled by World Politics Datalab, 214 vetoed "
            "proposals from 16 Feb 1946 to 8 July 2022; a proposal vetoed by several members is one row.",
            "The vetoing members come from the list's member_veto1–3 columns. The list's own 0/1 columns (China, France, "
            "USSR, USA, UK, …) disagree with them in 26 rows (e.g. all zero for some USSR and US vetoes) and are not used.",
            "After 8 July 2022 only the Gaza/Middle East vetoes of 18 Oct 2023 – 18 Sep 2025 are covered "
            "(un_records_2023_2025, from UN meeting records, subject set to 'Israel-Palestine' as in the 2022 list). "
            "Other vetoes of that period are NOT covered — e.g. Russia's veto of 30 Sep 2022 on the annexation "
            "'referendums' in Ukraine, and Russia's 2024 vetoes on the DPRK sanctions panel of experts and on weapons in "
            "outer space: counts after mid-2022 are incomplete, and no veto is added by hand.",
            "`seq` is an addition to the brief's (date, draft) key: the list has 13 rows that share a date and a meeting "
            "record (e.g. three vetoes at S/PV.49 on 26 Jun 1946), so (date, draft) alone is not unique.",
            "`subject` keeps the list's spelling (e.g. 'Malasyia').",
        ),
    )
)

UNGA_AGREEMENT = register(
    Table(
        name="unga_agreement",
        title="UN General Assembly vote agreement between pairs of countries, 1946 – Jan 2020",
        description=(
            "Share of a calendar year's recorded UNGA roll calls in which both countries voted and cast the "
            "same vote (yes, no or abstain), for all pairs among Russia, China, the US, the UK, France, "
            "Germany, India, Belarus, Iran, Mongolia and the five Central Asian states."
        ),
        columns=(
            Column("year", "int", "Calendar year of the roll calls", min=1946, max=2020),
            iso3("country_a", "First country (the alphabetically first code)"),
            iso3("country_b", "Second country"),
            Column(
                "agreement", "float", "Share of common roll calls with the same vote", unit="share 0–1", min=0, max=1
            ),
            Column("n_votes", "int", "Roll calls in the year in which both countries voted", min=1),
        ),
        key=("year", "country_a", "country_b"),
        sources=("unvotes_votes", "unvotes_roll_calls"),
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
            "2020 holds a single roll call (14 Jan 2020): filter on n_votes before plotting. Years with few roll calls "
            "(1951: 6 common votes for Russia and the US) are noisy for the same reason.",
            "Agreement of Russia and China in 2019 is 0.79 (68 of 86 roll calls), Russia and the US 0.21.",
        ),
    )
)

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

# ---------------------------------------------------------------------------------------------- vetoes

P5 = {"China": "CHN", "France": "FRA", "Russia": "RUS", "USSR": "SUN", "UK": "GBR", "USA": "USA"}
FLAGS = {"china": "CHN", "france": "FRA", "russia": "RUS", "ussr": "SUN", "uk": "GBR", "usa": "USA"}
VETO_COLS = ["member_veto1", "member_veto2", "member_veto3"]


def _clean(s: pd.Series) -> pd.Series:
    return s.str.replace(r"\s+", " ", regex=True).str.strip()


def _dates(s: pd.Series, fmt: str, label: str, column: str) -> pd.Series:
    d = pd.to_datetime(s, format=fmt, errors="coerce")
    if d.isna().any():
        raise RawFormatError(
            f"Raw file {label}: column '{column}' has values {s[d.isna()].head(3).tolist()} that "
            f"are not dates in the format {fmt}."
        )
    return d


def _veto_rows(date, draft, subject, codes, source) -> pd.DataFrame:
    out = pd.DataFrame(
        {"date": date, "draft": draft, "subject": subject, "vetoed_by": codes.map(lambda c: ";".join(sorted(c)))}
    )
    for flag, code in FLAGS.items():
        out[flag] = codes.map(lambda c, code=code: code in c).astype(bool)
    out["source"] = source
    return out


def _vetoes_2022(src: Sources) -> pd.DataFrame:
    dataset_id = "unsc_vetoes_1946_2022"
    label = src.label(dataset_id)
    v = read_csv(src, dataset_id, ["date", "draft", "crisis_topic", *VETO_COLS], dtype=str)
    names = v[VETO_COLS].apply(lambda r: {x.strip() for x in r.dropna() if x.strip()}, axis=1)
    unknown = sorted({n for ns in names for n in ns} - set(P5))
    if unknown or (names.map(len) == 0).any():
        raise RawFormatError(
            f"Raw file {label}: columns {VETO_COLS} hold unknown members {unknown} or a row with no "
            f"vetoing member; expected {sorted(P5)}."
        )
    codes = names.map(lambda ns: {P5[n] for n in ns})
    return _veto_rows(
        _dates(v["date"], "%m/%d/%Y", label, "date"),
        _clean(v["draft"]),
        _clean(v["crisis_topic"]),
        codes,
        "un_library_2022",
    )


def _vetoes_recent(src: Sources) -> pd.DataFrame:
    dataset_id = "unsc_vetoes_middle_east_2023_2025"
    label = src.label(dataset_id)
    r = read_csv(src, dataset_id, ["date", "draft", "vetoed_by"], dtype=str)
    r["vetoed_by"] = r["vetoed_by"].str.strip()
    unknown = sorted(set(r["vetoed_by"]) - set(P5.values()))
    if unknown:
        raise RawFormatError(
            f"Raw file {label}: column 'vetoed_by' holds {unknown}; expected ISO3 codes of the "
            f"permanent members {sorted(set(P5.values()) - {'SUN'})}."
        )
    g = r.groupby(["date", "draft"], sort=True)["vetoed_by"].apply(set).reset_index()
    return _veto_rows(
        _dates(g["date"], "%Y-%m-%d", label, "date"),
        _clean(g["draft"]),
        "Israel-Palestine",
        g["vetoed_by"],
        "un_records_2023_2025",
    )


@builder(reads=["unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"], tables=[UNSC_VETOES])
def build_vetoes(src: Sources) -> dict[str, pd.DataFrame]:
    """The library's list to 2022 plus the recorded 2023–25 Gaza vetoes (checked for overlap)."""
    old, new = _vetoes_2022(src), _vetoes_recent(src)
    # a draft already in the complete list is not added twice; recent rows must postdate the list
    new = new[~new["draft"].isin(set(old["draft"]))]
    if len(new) and new["date"].min() <= old["date"].max():
        raise RawFormatError(
            f"Raw file {src.label('unsc_vetoes_middle_east_2023_2025')}: vetoes dated on or before "
            f"the 2022 list's last entry ({old['date'].max():%Y-%m-%d}) that the list lacks."
        )
    out = pd.concat([old, new], ignore_index=True)
    out.insert(2, "seq", out.groupby(["date", "draft"]).cumcount() + 1)
    return {"unsc_vetoes": out}


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


def _focus_votes(src: Sources) -> pd.DataFrame:
    votes = _rda(src, "unvotes_votes", ["rcid", "country", "country_code", "vote"])
    calls = _rda(src, "unvotes_roll_calls", ["rcid", "date"])
    iso2 = {pycountry.countries.get(alpha_3=c).alpha_2: c for c in FOCUS}
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


@builder(reads=["unvotes_votes", "unvotes_roll_calls"], tables=[UNGA_AGREEMENT])
def build_agreement(src: Sources) -> dict[str, pd.DataFrame]:
    """Pairwise agreement per calendar year among the focus countries."""
    return {"unga_agreement": _agreement(_focus_votes(src))}


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
