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
from . import _headers as hd

REGIONAL = register(
    Table(
        name="regional_trade",
        title="Trade of Central Asia and Mongolia with China, Russia and the world, as reported by each country",
        description=(
            "Annual goods exports and imports by reporter and partner from national statistics offices "
            "(Kazakhstan, Kyrgyzstan, Uzbekistan, Mongolia), from Russia's customs (Russia's trade with its "
            "CIS partners) and, for earlier years, from the World Bank's WITS (each reporter's top-5 partners, "
            "and Kazakhstan's trade with China). Partner WLD is the reporter's total."
        ),
        columns=(
            Column("year", "int", "Year", min=1988, max=2025),
            iso3("reporter", "Reporting country"),
            iso3("partner", "Partner country (WLD = all partners)"),
            Column("flow", "str", "Direction seen from the reporter", allowed=("exports", "imports")),
            Column("value_usd", "float", "Value", unit="USD", min=0),
            Column(
                "source",
                "str",
                "Reporting statistics office, or the WITS extract",
                allowed=("kaz_stat", "kgz_stat", "uzb_stat", "mng_nso", "fcs_russia", "wits_top5", "wits_kaz_china"),
            ),
        ),
        key=("year", "reporter", "partner", "flow", "source"),
        sources=(
            "kazakhstan_stat_trade_2019",
            "kazakhstan_stat_trade_2020",
            "kazakhstan_stat_trade_2021",
            "kazakhstan_stat_trade_2022",
            "kazakhstan_stat_trade_2023",
            "kyrgyzstan_stat_exports_geographic",
            "kyrgyzstan_stat_imports_geographic",
            "uzbekistan_stat_exports",
            "uzbekistan_stat_imports",
            "mongolia_nso_exports_top",
            "mongolia_nso_imports_top",
            "russia_fcs_annual_partners",
            "wits_summary_kaz",
            "wits_summary_kgz",
            "wits_summary_mng",
            "wits_summary_tkm",
            "wits_summary_rus",
            "wits_summary_chn",
            "wits_kazakhstan_china",
        ),
        notes=(
            "Partner-reported figures: Central Asian statistics record far less trade with China than China's customs "
            "records with them (e.g. Kyrgyzstan's imports from China in 2023: about 5.35 bn USD here, while China's customs "
            "report about 19.8 bn USD of two-way trade with Kyrgyzstan), largely because "
            "of informal trade and goods declared to Kyrgyzstan that travel on to third countries. China-reported trade with "
            "Central Asia and Mongolia is not available in this workbook's data.",
            "Tajikistan publishes no comparable partner data here: it appears only as Russia's partner. Turkmenistan "
            "has no national series either: only WITS top-5 rows (wits_top5), with China or Russia in a handful of years.",
            "Kazakhstan 2018–2023 (each year from the latest edition that gives it in the standard layout); Kyrgyzstan "
            "1994–2023; Uzbekistan 2010–2023 (no total row: no WLD); Mongolia top-10 partners 2005–2025 (2025 "
            "preliminary; the files say usd_mn but hold thousand USD); Russia's FCS annual tables 1994–2021.",
            "National files give thousand USD (FCS: million USD); converted to USD. '-' and '…' are missing, not zero.",
            "Partners are kept where their name maps to ISO3; regional groups (CIS, EAEU, SCO, EU) are left out. China, "
            "Russia and the total are checked to be present in every national table.",
            "wits_top5 (World Bank WITS trade summaries for reporters KAZ, KGZ, MNG, TKM, RUS, CHN; the files span "
            "1988–2019 but their values start between 1992 and 1997): the "
            "'Trade (US$ Mil)-Top 5 Export/Import Partner' rows and the reporter's total (WLD, 'Exports/Imports (in US$ "
            "Mil)'), million USD converted to USD. Only the five largest partners of each year and flow are listed: a "
            "missing row means the partner was not in the top five, NOT zero trade; a partner's series breaks whenever it "
            "leaves the top five. Partners WITS calls 'Unspecified' or 'Special Categories' are left out. WITS data are "
            "reporter-declared (mirror data only where the reporter is silent).",
            "wits_kaz_china (WITS extract, Kazakhstan-reported trade with China 1995–2020; its 'Amt' columns are thousand "
            "USD): partner CHN only, no Russia. Where China is in Kazakhstan's top five the two WITS sources overlap: "
            "never sum across sources; pick one per series.",
        ),
    )
)

RU_EXTRA = {
    "китайская народная республика": "CHN",
    "кнр": "CHN",
    "российская федерация": "RUS",
    "кыргызская республика": "KGZ",
    "республика беларусь": "BLR",
    "республика армения": "ARM",
    "республика молдова": "MDA",
    "республика таджикистан": "TJK",
    "республика узбекистан": "UZB",
    "республика казахстан": "KAZ",
    "азербайджанская республика": "AZE",
    "туркменистан": "TKM",
}


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
    return {
        "year": int(year),
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "value_usd": round(value * factor, 2),
        "source": source,
    }


def _require(out: list[dict], needed: set[str], label: str) -> None:
    have = {r["partner"] for r in out}
    if not needed <= have:
        raise RawFormatError(
            f"Raw file {label}: partners {sorted(needed - have)} not found; the layout or names changed"
        )


def _kazakhstan_sheet(df: pd.DataFrame, year: int, where: str, label: str) -> list[dict]:
    """One year's sheet: partner names in the 'Наименование' column, exports and imports under their headers."""
    h = hd.find_row(df, lambda r: hd.text(r.iloc[0]).startswith("наименование"), where=where, field="header row")
    hd.require_unit(df, "тыс. долларов сша", above=h, where=where)
    blocks = hd.header_blocks(df.iloc[h], ("Товарооборот", "Экспорт", "Импорт"), where=where)
    sub, used = df.iloc[h + 1], {0}
    for name, j in blocks.items():
        # each flow spans two columns: 'всего' (the value) and 'удельный вес …, %' (its share)
        if hd.text(sub.iloc[j]) != "всего" or not hd.text(sub.iloc[j + 1]).startswith("удельный вес"):
            raise hd.refuse(
                where,
                f"'{name}' sub-headers",
                f"expected 'Всего' and 'удельный вес …' in columns {hd.col_name(j)}–{hd.col_name(j + 1)}, "
                f"found {sub.iloc[j]!r} and {sub.iloc[j + 1]!r}",
            )
        used |= {j, j + 1}
    hd.refuse_other_columns(df, used, where=where, first_row=h)
    rows = []
    for _, r in df.iloc[h + 2 :].iterrows():
        code = _code(r.iloc[0], label)
        if code is None or code == "KAZ":
            continue
        for flow, col in (("exports", blocks["Экспорт"]), ("imports", blocks["Импорт"])):
            v = _num(r.iloc[col])
            if v is not None:
                rows.append(_rows(year, "KAZ", code, flow, v, "kaz_stat", 1e3))
    _require(rows, {"CHN", "RUS", "WLD"}, where)
    return rows


def _kazakhstan(src: Sources) -> list[dict]:
    by_year: dict[int, list[dict]] = {}
    for edition in range(2019, 2024):
        dataset_id = f"kazakhstan_stat_trade_{edition}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xlrd deprecation notice
            sheets = pd.read_excel(src.path(dataset_id), sheet_name=None, header=None)
        for name, df in sheets.items():
            m = re.fullmatch(r"(?:12_)?(\d{4})", str(name).strip())
            if not m:
                continue  # cover pages, symbols, contents, method notes
            where = f"{src.label(dataset_id)} sheet '{name}'"
            by_year[int(m.group(1))] = _kazakhstan_sheet(df, int(m.group(1)), where, src.label(dataset_id))
    return [r for rows in by_year.values() for r in rows]  # later editions replace earlier ones


def _kyrgyzstan(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (
        ("kyrgyzstan_stat_exports_geographic", "exports"),
        ("kyrgyzstan_stat_imports_geographic", "imports"),
    ):
        label = src.label(dataset_id)
        df = pd.read_excel(src.path(dataset_id), sheet_name=0, header=None)
        where = f"{label} sheet 1"
        header = hd.find_row(
            df, lambda r: sum(hd.year_of(v) is not None for v in r) >= 10, where=where, field="year header row"
        )
        hd.require_unit(df, "thousand us dollars", above=header, where=where)
        years = hd.year_columns(df.iloc[header], where=where)
        # the English partner names: the column, left of the years, whose total row reads 'Total'
        first = min(years)
        names = [j for j in range(first) if "total" in {hd.text(v) for v in df.iloc[header + 1 :, j]}]
        if len(names) != 1:
            raise hd.refuse(
                where, "partner names", f"expected one column with the English 'Total' row, found {len(names)}"
            )
        # the Kyrgyz and Russian name columns left of the years are expected; anything else is not
        hd.refuse_other_columns(df, set(years) | set(range(first)), where=where, first_row=header)
        rows = []
        seen = set()
        for _, r in df.iloc[header + 1 :].iterrows():
            code = _code(r.iloc[names[0]], label)
            if code is None or code == "KGZ" or code in seen:
                continue
            seen.add(code)
            for c, year in years.items():
                v = _num(r.iloc[c])
                if v is not None:
                    rows.append(_rows(year, "KGZ", code, flow, v, "kgz_stat", 1e3))
        _require(rows, {"CHN", "RUS", "WLD"}, label)
        out += rows
    return out


UZ_NAMES = ("Code", "Klassifikator", "Klassifikator_ru", "Klassifikator_en")


def _uzbekistan(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (("uzbekistan_stat_exports", "exports"), ("uzbekistan_stat_imports", "imports")):
        df = read_csv(src, dataset_id, ["Klassifikator_en", "2010", "2023"], encoding="utf-8-sig")
        where = src.label(dataset_id)
        names = pd.Series(list(df.columns))
        years = [df.columns[j] for j in hd.year_columns(names, where=where, start=4)]
        extra = [c for c in df.columns[4:] if c not in years]
        if list(df.columns[:4]) != list(UZ_NAMES) or extra:
            raise hd.refuse(where, "columns", f"expected {list(UZ_NAMES)} then years, found {list(df.columns)}")
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
        hd.in_thousands(rows, where)
        out += rows
    return out


def _mongolia(src: Sources) -> list[dict]:
    out = []
    for dataset_id, flow in (("mongolia_nso_exports_top", "exports"), ("mongolia_nso_imports_top", "imports")):
        col = f"{flow}_usd_mn"
        df = read_csv(src, dataset_id, ["country", "year", col])
        rows = [
            _rows(r.year, "MNG", code, flow, r[col], "mng_nso", 1e3)  # values are thousand USD despite the name
            for _, r in df.iterrows()
            if (code := _code(r.country, src.label(dataset_id))) and pd.notna(r[col])
        ]
        _require(rows, {"CHN", "RUS"}, src.label(dataset_id))
        hd.in_thousands(rows, src.label(dataset_id))
        out += rows
    return out


def _russia_cis(src: Sources) -> list[dict]:
    out = []
    sheets = pd.read_excel(src.path("russia_fcs_annual_partners"), sheet_name=None, header=None)
    for name, df in sheets.items():
        if not re.fullmatch(r"\d{4}", str(name).strip()):
            continue
        year, flow, rows = int(name), None, []
        where = f"{src.label('russia_fcs_annual_partners')} sheet '{name}'"
        lc, vc = hd.fcs_year_sheet(df, year, where=where)
        for _, r in df.iterrows():
            label = str(r.iloc[lc]).strip()
            v = _num(r.iloc[vc])
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


WITS_REPORTERS = ("KAZ", "KGZ", "MNG", "TKM", "RUS", "CHN")
WITS_IGNORE = {"unspecified", "special categories"}


def _wits_top5(src: Sources) -> list[dict]:
    """WITS trade summaries: top-5 partners per flow and the reporter's total, million USD."""
    out = []
    for reporter in WITS_REPORTERS:
        dataset_id = f"wits_summary_{reporter.lower()}"
        df = read_csv(src, dataset_id, ["Reporter", "Partner", "Indicator", "2019", "1988"])
        years = [c for c in df.columns if str(c).strip().isdigit()]
        pick = {
            "Trade (US$ Mil)-Top 5 Export Partner": "exports",
            "Trade (US$ Mil)-Top 5 Import Partner": "imports",
            "Exports (in US$ Mil)": "exports",
            "Imports (in US$ Mil)": "imports",
        }
        rows = []
        for _, r in df[df.Indicator.str.strip().isin(pick)].iterrows():
            indicator = r.Indicator.strip()
            name = str(r.Partner).strip()
            if indicator.startswith("Trade"):
                if name.lower() in WITS_IGNORE:
                    continue
                code = to_iso3(name, source=src.label(dataset_id))
            else:
                if name != "World":
                    raise RawFormatError(
                        f"Raw file {src.label(dataset_id)}: total row '{indicator}' has partner {name!r}"
                    )
                code = "WLD"
            for y in years:
                v = _num(r[y])
                if v is not None:
                    rows.append(_rows(int(y), reporter, code, pick[indicator], v, "wits_top5", 1e6))
        _require(rows, {"WLD"}, src.label(dataset_id))
        out += rows
    return out


def _wits_kazakhstan_china(src: Sources) -> list[dict]:
    """WITS extract of Kazakhstan's trade with China: 'Import Amt' / 'Export Amt' in thousand USD."""
    dataset_id = "wits_kazakhstan_china"
    df = pd.read_excel(src.path(dataset_id), sheet_name=0)
    df = df.rename(columns=lambda c: str(c).strip())
    if not {"Year", "Type", "Value"} <= set(df.columns):
        raise RawFormatError(
            f"Raw file {src.label(dataset_id)}: expected columns Year, Type, Value; found {list(df.columns)}"
        )
    flows = {"Import Amt": "imports", "Export Amt": "exports"}
    rows = [
        _rows(r.Year, "KAZ", "CHN", flows[r.Type.strip()], float(r.Value), "wits_kaz_china", 1e3)
        for _, r in df.iterrows()
        if str(r.Type).strip() in flows and pd.notna(r.Value)
    ]
    if {r["flow"] for r in rows} != {"exports", "imports"}:
        raise RawFormatError(f"Raw file {src.label(dataset_id)}: no 'Import Amt' and 'Export Amt' rows")
    return rows


@builder(reads=list(REGIONAL.sources), tables=[REGIONAL])
def build_regional(src: Sources) -> dict[str, pd.DataFrame]:
    """Each office's tables to one long format, thousand/million USD to USD."""
    rows = (
        _kazakhstan(src)
        + _kyrgyzstan(src)
        + _uzbekistan(src)
        + _mongolia(src)
        + _russia_cis(src)
        + _wits_top5(src)
        + _wits_kazakhstan_china(src)
    )
    df = pd.DataFrame(rows)
    # a partner listed twice under two names (e.g. a former and a current name) is summed
    df = df.groupby(["year", "reporter", "partner", "flow", "source"], as_index=False)["value_usd"].sum()
    return {"regional_trade": df}
