"""Political alignment: UN Security Council vetoes, UN General Assembly vote agreement and ideal points."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyreadr

from ...errors import RawFormatError
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv, require_columns

P5 = {"China": "CHN", "France": "FRA", "Russia": "RUS", "USSR": "SUN", "UK": "GBR", "USA": "USA"}

UNSC_VETOES = register(Table(
    name="unsc_vetoes",
    title="UN Security Council vetoes",
    description="One row per vetoed draft resolution: date, draft, subject and which permanent members vetoed it.",
    columns=(
        Column("date", "date", "Date of the vote"),
        Column("draft", "str", "Symbol of the vetoed draft resolution (e.g. S/2011/612); for some early vetoes the "
                               "list gives only the meeting record (S/PV.nn)"),
        Column("seq", "int", "1, 2, … for several vetoed proposals at the same meeting with the same symbol", min=1),
        Column("subject", "str", "Crisis or topic of the draft", nullable=True),
        Column("vetoed_by", "str", "ISO3 codes of the vetoing members, ';'-joined alphabetically (SUN = USSR)"),
        Column("china", "bool", "China (PRC from 1971; ROC before) vetoed"),
        Column("france", "bool", "France vetoed"),
        Column("russia", "bool", "The Russian Federation vetoed (from 1992)"),
        Column("ussr", "bool", "The Soviet Union vetoed (to 1991)"),
        Column("uk", "bool", "The United Kingdom vetoed"),
        Column("usa", "bool", "The United States vetoed"),
        Column("source", "str", "Source slug", allowed=("un_library_2022", "un_records_2023_2025")),
    ),
    key=("date", "draft", "seq"),
    sources=("unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"),
    notes=(
        "Complete to September 2022 (Dag Hammarskjöld Library veto list, 214 vetoed drafts, counting a draft once "
        "however many members vetoed it).",
        "After September 2022 only the Gaza/Middle East vetoes of October 2023 – September 2025 are covered; other "
        "vetoes of that period (e.g. on Ukraine's annexed regions in September 2022, on the DPRK sanctions panel "
        "and outer space in 2024) are NOT in these files, so counts after 2022 are incomplete.",
    ),
))

UNGA_AGREEMENT = register(Table(
    name="unga_agreement",
    title="UN General Assembly vote agreement between pairs of countries",
    description=("Share of the year's recorded votes in which both countries voted and cast the same vote "
                 "(yes, no or abstain), for pairs among Russia, China, the US and other countries of interest."),
    columns=(
        Column("year", "int", "Calendar year of the votes", min=1946, max=2020),
        iso3("country_a", "First country (alphabetically first code)"),
        iso3("country_b", "Second country"),
        Column("agreement", "float", "Share of common votes cast identically", unit="share 0–1", min=0, max=1),
        Column("n_votes", "int", "Number of roll calls in which both voted", min=1),
    ),
    key=("year", "country_a", "country_b"),
    sources=("unvotes_votes", "unvotes_roll_calls"),
    notes=(
        "Abstentions count as a vote; absences and non-participation are excluded from both numerator and denominator.",
        "The source codes the Soviet Union and the Russian Federation as one member ('Russia'); it is coded RUS for all years.",
        "China's seat was held by the Republic of China until 25 October 1971: China's votes before that date are left out.",
        "Roll calls to January 2020 (Voeten et al. via the unvotes package).",
    ),
))

UNGA_IDEAL_POINTS = register(Table(
    name="unga_ideal_points",
    title="UN General Assembly ideal points (Bailey, Strezhnev and Voeten)",
    description="Each country's estimated position on the US-led liberal order dimension, per session.",
    columns=(
        Column("year", "int", "Year the session opened", min=1946, max=2025),
        Column("session", "int", "UNGA session number", min=1),
        iso3("country", "Country"),
        Column("ideal_point", "float", "Ideal point (higher = closer to the US position)", unit="index"),
        Column("source", "str", "Vintage", allowed=("bsv_2023", "bsv_2025")),
    ),
    key=("year", "country", "source"),
    sources=("unga_ideal_points_2023", "unga_ideal_points_2025"),
    notes=(
        "bsv_2023 uses IdealPointAll (all votes, sessions 1–77, year = session + 1945).",
        "bsv_2025 uses idealpointfp (estimated with a fixed set of bridging votes), because idealpointall is empty "
        "for 2024; the two vintages are different estimations and should not be spliced.",
    ),
))

FOCUS = ("RUS", "CHN", "USA", "GBR", "FRA", "DEU", "IND", "BLR", "IRN", "KAZ", "KGZ", "TJK", "TKM", "UZB", "MNG")


def _vetoes_2022(src: Sources) -> pd.DataFrame:
    cols = ["member_veto1", "member_veto2", "member_veto3"]
    v = read_csv(src, "unsc_vetoes_1946_2022", ["date", "draft", "crisis_topic", *cols])
    names = v[cols].apply(lambda r: sorted({x.strip() for x in r.dropna()}), axis=1)
    unknown = {n for ns in names for n in ns} - set(P5)
    if unknown or (names.map(len) == 0).any():
        raise RawFormatError(f"Raw file {src.label('unsc_vetoes_1946_2022')}: member_veto columns hold unknown "
                             f"members {sorted(unknown)} or rows with no vetoing member")
    flag = lambda name: names.map(lambda ns: name in ns)
    return pd.DataFrame({
        "date": pd.to_datetime(v["date"], format="%m/%d/%Y"), "draft": v["draft"].str.strip(),
        "subject": v["crisis_topic"].str.replace(r"\s+", " ", regex=True).str.strip(),
        "vetoed_by": names.map(lambda ns: ";".join(sorted(P5[n] for n in ns))),
        "china": flag("China"), "france": flag("France"), "russia": flag("Russia"), "ussr": flag("USSR"),
        "uk": flag("UK"), "usa": flag("USA"), "source": "un_library_2022"})


def _vetoes_recent(src: Sources) -> pd.DataFrame:
    r = read_csv(src, "unsc_vetoes_middle_east_2023_2025", ["date", "draft", "vetoed_by"])
    g = r.groupby(["date", "draft"])["vetoed_by"].apply(lambda s: sorted(set(s))).reset_index()
    flag = lambda code: g["vetoed_by"].map(lambda xs: code in xs)
    return pd.DataFrame({
        "date": pd.to_datetime(g["date"]), "draft": g["draft"], "subject": "Middle East (Gaza)",
        "vetoed_by": g["vetoed_by"].map(";".join), "china": flag("CHN"), "france": flag("FRA"),
        "russia": flag("RUS"), "ussr": False, "uk": flag("GBR"), "usa": flag("USA"), "source": "un_records_2023_2025"})


def _agreement(src: Sources) -> pd.DataFrame:
    votes = next(iter(pyreadr.read_r(str(src.path("unvotes_votes"))).values()))
    votes = require_columns(votes, ["rcid", "country_code", "vote"], source=src.label("unvotes_votes"), builder=src.builder_name)
    calls = next(iter(pyreadr.read_r(str(src.path("unvotes_roll_calls"))).values()))
    calls = require_columns(calls, ["rcid", "date"], source=src.label("unvotes_roll_calls"), builder=src.builder_name)
    iso2 = {"RU": "RUS", "CN": "CHN", "US": "USA", "GB": "GBR", "FR": "FRA", "DE": "DEU", "IN": "IND", "BY": "BLR",
            "IR": "IRN", "KZ": "KAZ", "KG": "KGZ", "TJ": "TJK", "TM": "TKM", "UZ": "UZB", "MN": "MNG"}
    v = votes[votes["country_code"].isin(iso2)].copy()
    v["country"] = v["country_code"].map(iso2)
    dates = pd.to_datetime(calls.set_index("rcid")["date"])
    v["date"] = v["rcid"].map(dates)
    v = v[~((v["country"] == "CHN") & (v["date"] < "1971-10-25"))]
    v["year"] = v["date"].dt.year.astype(int)
    wide = v.pivot_table(index=["year", "rcid"], columns="country", values="vote", aggfunc="first", observed=True)
    rows = []
    for a, b in itertools.combinations(sorted(wide.columns), 2):
        both = wide[[a, b]].dropna()
        same = (both[a].astype(str) == both[b].astype(str)).groupby(level="year").agg(["mean", "size"])
        for year, r in same.iterrows():
            rows.append((int(year), a, b, round(float(r["mean"]), 6), int(r["size"])))
    return pd.DataFrame(rows, columns=["year", "country_a", "country_b", "agreement", "n_votes"])


def _ideal_points(src: Sources) -> pd.DataFrame:
    a = read_csv(src, "unga_ideal_points_2023", ["session", "iso3c", "IdealPointAll"])
    a = a.dropna(subset=["iso3c", "IdealPointAll"])
    a = pd.DataFrame({"year": a["session"].astype(int) + 1945, "session": a["session"].astype(int),
                      "country": a["iso3c"], "ideal_point": a["IdealPointAll"].round(6), "source": "bsv_2023"})
    path = src.path("unga_ideal_points_2025")
    b = require_columns(pd.read_stata(path), ["iso3c", "year", "idealpointfp"], source=src.label("unga_ideal_points_2025"),
                        builder=src.builder_name)
    b = b[(b["iso3c"].fillna("") != "")].dropna(subset=["year", "idealpointfp"])
    b = pd.DataFrame({"year": b["year"].astype(int), "session": b["year"].astype(int) - 1945, "country": b["iso3c"],
                      "ideal_point": b["idealpointfp"].astype(float).round(6), "source": "bsv_2025"})
    out = pd.concat([a, b], ignore_index=True)
    out = out[out["country"].str.fullmatch(r"[A-Z]{3}")]
    # a few countries appear twice in a session (e.g. a state and its predecessor share an iso3c): keep the first
    return out.drop_duplicates(["year", "country", "source"], keep="first")


@builder(reads=["unsc_vetoes_1946_2022", "unsc_vetoes_middle_east_2023_2025"], tables=[UNSC_VETOES])
def build_vetoes(src: Sources) -> dict[str, pd.DataFrame]:
    """The library's list to Sep 2022 plus the recorded 2023–25 Middle East vetoes (no overlap)."""
    old, new = _vetoes_2022(src), _vetoes_recent(src)
    new = new[new["date"] > old["date"].max()]
    out = pd.concat([old, new], ignore_index=True)
    out.insert(2, "seq", out.groupby(["date", "draft"]).cumcount() + 1)
    return {"unsc_vetoes": out}


@builder(reads=["unvotes_votes", "unvotes_roll_calls"], tables=[UNGA_AGREEMENT])
def build_agreement(src: Sources) -> dict[str, pd.DataFrame]:
    """Pairwise agreement per calendar year among the focus countries."""
    return {"unga_agreement": _agreement(src)}


@builder(reads=["unga_ideal_points_2023", "unga_ideal_points_2025"], tables=[UNGA_IDEAL_POINTS])
def build_ideal_points(src: Sources) -> dict[str, pd.DataFrame]:
    """Both vintages of the ideal-point estimates, one column each (see notes)."""
    return {"unga_ideal_points": _ideal_points(src)}
