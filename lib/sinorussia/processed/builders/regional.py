"""Regional trade: Central Asia and Mongolia with China and Russia, from each country's own statistics,
and Russia's customs data on its CIS partners."""
from __future__ import annotations

import re
import warnings

import pandas as pd

from ...errors import RawFormatError
from ..countries import to_iso3
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv

REGIONAL = register(Table(
    name="regional_trade",
    title="Trade of Central Asia and Mongolia with China, Russia and the world, as reported by each country",
    description=("Annual goods exports and imports by reporter and partner from national statistics offices "
                 "(Kazakhstan, Kyrgyzstan, Uzbekistan, Mongolia) and from Russia's customs (Russia's trade with its "
                 "CIS partners). Partner WLD is the reporter's total."),
    columns=(
        Column("year", "int", "Year", min=1994, max=2025),
        iso3("reporter", "Reporting country"),
        iso3("partner", "Partner country (WLD = all partners)"),
        Column("flow", "str", "Direction seen from the reporter", allowed=("exports", "imports")),
        Column("value_usd", "float", "Value", unit="USD", min=0),
        Column("source", "str", "Reporting statistics office",
               allowed=("kaz_stat", "kgz_stat", "uzb_stat", "mng_nso", "fcs_russia")),
    ),
    key=("year", "reporter", "partner", "flow", "source"),
    sources=("kazakhstan_stat_trade_2019", "kazakhstan_stat_trade_2020", "kazakhstan_stat_trade_2021",
             "kazakhstan_stat_trade_2022", "kazakhstan_stat_trade_2023", "kyrgyzstan_stat_exports_geographic",
             "kyrgyzstan_stat_imports_geographic", "uzbekistan_stat_exports", "uzbekistan_stat_imports",
             "mongolia_nso_exports_top", "mongolia_nso_imports_top", "russia_fcs_annual_partners"),
    notes=(
        "Partner-reported figures: Central Asian statistics record far less trade with China than China's customs "
        "records with them (e.g. Kyrgyzstan's imports from China in 2023: about 5.4 bn USD here against about 19.8 bn "
        "in China's own export figures), largely because of informal and re-export trade. China-reported trade with "
        "Central Asia and Mongolia is not available in this workbook's data.",
        "Tajikistan and Turkmenistan publish no comparable partner data here: they appear only as Russia's partners.",
        "Kazakhstan 2018–2023 (each year from the latest edition that gives it in the standard layout); Kyrgyzstan "
        "1994–2023; Uzbekistan 2010–2023 (no total row: no WLD); Mongolia top-10 partners 2005–2025 (2025 "
        "preliminary; the files say usd_mn but hold thousand USD); Russia's FCS annual tables 1994–2021.",
        "National files give thousand USD (FCS: million USD); converted to USD. '-' and '…' are missing, not zero.",
        "Partners are kept where their name maps to ISO3; regional groups (CIS, EAEU, SCO, EU) are left out. China, "
        "Russia and the total are checked to be present in every national table.",
        "WITS trade summaries (top-5 partner shares only) and the WITS Kazakhstan–China extract are catalogued but "
        "not used: their partner series break whenever a partner leaves the top five.",
    ),
))

RU_EXTRA = {"китайская народная республика": "CHN", "кнр": "CHN", "российская федерация": "RUS",
            "кыргызская республика": "KGZ", "республика беларусь": "BLR", "республика армения": "ARM",
            "республика молдова": "MDA", "республика таджикистан": "TJK", "республика узбекистан": "UZB",
            "республика казахстан": "KAZ", "азербайджанская республика": "AZE", "туркменистан": "TKM"}


def _num(x) -> float | None:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    s = str(x).replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
    if s in ("", "-", "…", "...", "x", "х"):
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _code(name, source: str) -> str | None:
    n = " ".join(str(name).split()).strip("*").strip()
    if n.lower().startswith("всего"):  # 'Всего\nв том числе' = total, of which
        return "WLD"
    if not n or n.lower() in ("nan",):
        return None
    if n.lower() in ("всего", "total", "итого", "бардыгы"):
        return "WLD"
    return to_iso3(n, extra=RU_EXTRA, source=source, strict=False)


def _rows(year, reporter, partner, flow, value, source, factor):
    return {"year": int(year), "reporter": reporter, "partner": partner, "flow": flow,
            "value_usd": round(value * factor, 2), "source": source}


def _require(out: list[dict], needed: set[str], label: str) -> None:
    have = {r["partner"] for r in out}
    if not needed <= have:
        raise RawFormatError(f"Raw file {label}: partners {sorted(needed - have)} not found; the layout or names changed")


def _kazakhstan(src: Sources) -> list[dict]:
    by_year: dict[int, list[dict]] = {}
    for edition in range(2019, 2024):
        dataset_id = f"kazakhstan_stat_trade_{edition}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xlrd deprecation notice
            sheets = pd.read_excel(src.path(dataset_id), sheet_name=None, header=None, engine="xlrd")
        for name, df in sheets.items():
            m = re.fullmatch(r"(?:12_)?(\d{4})", str(name).strip())
            if not m or df.shape[1] != 7:
                continue  # cover pages, notes, and the one sheet in a different layout
            year = int(m.group(1))
            rows = []
            for _, r in df.iloc[5:].iterrows():
                code = _code(r[0], src.label(dataset_id))
                if code is None or code == "KAZ":
                    continue
                for flow, col in (("exports", 3), ("imports", 5)):
                    v = _num(r[col])
                    if v is not None:
                        rows.append(_rows(year, "KAZ", code, flow, v, "kaz_stat", 1e3))
            _require(rows, {"CHN", "RUS", "WLD"}, f"{src.label(dataset_id)} sheet {name}")
            by_year[year] = rows  # later editions replace earlier ones
    return [r for rows in by_year.values() for r in rows]


def _kyrgyzstan(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (("kyrgyzstan_stat_exports_geographic", "exports"), ("kyrgyzstan_stat_imports_geographic", "imports")):
        df = pd.read_excel(src.path(dataset_id), sheet_name=0, header=None)
        header = next((i for i in range(10) if _num(df.iloc[i, 3]) == 1994), None)
        if header is None:
            raise RawFormatError(f"Raw file {src.label(dataset_id)}: no year row starting with 1994 in column D")
        years = {c: int(_num(str(df.iloc[header, c]).split()[0])) for c in range(3, df.shape[1])
                 if _num(str(df.iloc[header, c]).split()[0]) is not None}
        rows = []
        seen = set()
        for _, r in df.iloc[header + 1:].iterrows():
            code = _code(r[2], src.label(dataset_id))  # English names in column C
            if code is None or code == "KGZ" or code in seen:
                continue
            seen.add(code)
            for c, year in years.items():
                v = _num(r[c])
                if v is not None:
                    rows.append(_rows(year, "KGZ", code, flow, v, "kgz_stat", 1e3))
        _require(rows, {"CHN", "RUS", "WLD"}, src.label(dataset_id))
        out += rows
    return out


def _uzbekistan(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (("uzbekistan_stat_exports", "exports"), ("uzbekistan_stat_imports", "imports")):
        df = read_csv(src, dataset_id, ["Klassifikator_en", "2010", "2023"], encoding="utf-8-sig")
        years = [c for c in df.columns if c.isdigit()]
        rows = []
        for _, r in df.iterrows():
            code = _code(r["Klassifikator_en"], src.label(dataset_id))
            if code is None or code == "UZB":
                continue
            for y in years:
                v = _num(r[y])
                if v is not None:
                    rows.append(_rows(y, "UZB", code, flow, v, "uzb_stat", 1e3))
        _require(rows, {"CHN", "RUS"}, src.label(dataset_id))
        out += rows
    return out


def _mongolia(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (("mongolia_nso_exports_top", "exports"), ("mongolia_nso_imports_top", "imports")):
        col = f"{flow}_usd_mn"
        df = read_csv(src, dataset_id, ["country", "year", col])
        rows = [_rows(r.year, "MNG", code, flow, r[col], "mng_nso", 1e3)  # values are thousand USD despite the name
                for _, r in df.iterrows() if (code := _code(r.country, src.label(dataset_id))) and pd.notna(r[col])]
        _require(rows, {"CHN", "RUS"}, src.label(dataset_id))
        out += rows
    return out


def _russia_cis(src: Sources) -> list[dict]:
    out = []
    sheets = pd.read_excel(src.path("russia_fcs_annual_partners"), sheet_name=None, header=None)
    for name, df in sheets.items():
        if not re.fullmatch(r"\d{4}", str(name).strip()):
            continue
        year, flow, rows = int(name), None, []
        for _, r in df.iterrows():
            label = str(r[0]).strip()
            v = _num(r[1]) if df.shape[1] > 1 else None
            if label.startswith("Экспорт"):
                flow = "exports"
            elif label.startswith("Импорт"):
                flow = "imports"
            else:
                if flow is None or v is None or label.startswith("со странами"):
                    continue
                code = _code(label, src.label("russia_fcs_annual_partners"))
                if code and code not in ("RUS", "WLD"):
                    rows.append(_rows(year, "RUS", code, flow, v, "fcs_russia", 1e6))
                continue
            if v is not None:
                rows.append(_rows(year, "RUS", "WLD", flow, v, "fcs_russia", 1e6))
        _require(rows, {"WLD", "KAZ"}, f"{src.label('russia_fcs_annual_partners')} sheet {name}")
        out += rows
    return out


@builder(reads=list(REGIONAL.sources), tables=[REGIONAL])
def build_regional(src: Sources) -> dict[str, pd.DataFrame]:
    """Each office's tables to one long format, thousand/million USD to USD."""
    rows = _kazakhstan(src) + _kyrgyzstan(src) + _uzbekistan(src) + _mongolia(src) + _russia_cis(src)
    df = pd.DataFrame(rows)
    # a partner listed twice under two names (e.g. a former and a current name) is summed
    df = df.groupby(["year", "reporter", "partner", "flow", "source"], as_index=False)["value_usd"].sum()
    return {"regional_trade": df}
