"""The builder `flows`: the EI/bp matrices, China customs and Kpler readers combined into the tables
energy_flows and china_crude_imports_monthly, declared here."""

from __future__ import annotations

import pandas as pd

from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources
from .china_customs import CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025, _annual_complete, _customs_series, _newest
from .china_ytd import FUEL_SUPPLY, _ytd_crude, ytd_annual, ytd_monthly
from .kpler import KPLER, _kpler
from .trade_matrices import BP_2021, BP_2021_SHEETS, EI_2024, EI_2024_SHEETS, _trade_matrices

AREA_PATTERN = r"^([A-Z]{3}|region:[a-z_]+)$"

MATRIX_COMMODITIES = ("crude_oil", "oil_products", "pipeline_gas", "lng", "coal")
CUSTOMS_FLOW_COMMODITIES = ("crude_oil", "lng", "pipeline_gas", "coal", "lignite", "coal_and_lignite", "lpg")
SOURCES = ("ei_2024", "bp_2021", "china_customs", "china_customs_ytd", "kpler_crea")
COMMODITIES = tuple(
    sorted(
        set(MATRIX_COMMODITIES)
        | {"pipeline_gas_interregional"}
        | set(CUSTOMS_FLOW_COMMODITIES)
        | {f"{c}_value" for c in CUSTOMS_FLOW_COMMODITIES}
    )
)

ENERGY_FLOWS = register(
    Table(
        name="energy_flows",
        title="Energy trade flows, origin to destination (EI/bp trade matrices, China customs, Kpler)",
        description=(
            "Annual energy trade from an origin to a destination. Four sources, told apart by `source`: the "
            "inter-area trade matrices of the EI Statistical Review 2024 (year 2023) and the bp Statistical "
            "Review 2021 (year 2020) for crude oil, oil products, pipeline gas, LNG and coal, plus EI 2024's "
            "inter-regional pipeline-gas series 2000-2023; China's customs imports by origin (annual sums of "
            "complete years, tonnes and US dollars; Russia to 2024); China's total crude imports 1995-2024 as "
            "year-end year-to-date values (China customs/NBS via WIND, CREA fuel_supply); and Kpler's Russian "
            "crude exports by destination (via CREA)."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1990, max=2100),
            Column(
                "origin",
                "str",
                "Exporting country (ISO3) or EI/bp area slug 'region:<name>'; WLD = all origins (China customs totals)",
                pattern=AREA_PATTERN,
            ),
            Column(
                "destination",
                "str",
                "Importing country (ISO3, EUU = EU) or EI/bp area slug 'region:<name>'",
                pattern=AREA_PATTERN,
            ),
            Column(
                "commodity",
                "str",
                "crude_oil, oil_products, pipeline_gas, lng, coal, lignite, coal_and_lignite, lpg, "
                "pipeline_gas_interregional; '<commodity>_value' = customs value of that commodity in USD",
                allowed=COMMODITIES,
            ),
            Column("value", "float", "Quantity in `unit`", min=0),
            Column(
                "unit",
                "str",
                "Mt = million tonnes, bcm = billion cubic metres, EJ = exajoules, t = tonnes, USD = US dollars, "
                "undocumented = Kpler file without units",
                allowed=("Mt", "bcm", "EJ", "t", "USD", "undocumented"),
            ),
            Column(
                "source",
                "str",
                "ei_2024, bp_2021, china_customs (China customs by origin via WIND/CREA), china_customs_ytd "
                "(China customs/NBS total via WIND/CREA, year-end year-to-date value), kpler_crea",
                allowed=SOURCES,
            ),
        ),
        key=("year", "origin", "destination", "commodity", "unit", "source"),
        sources=(EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025, FUEL_SUPPLY, KPLER),
        notes=(
            "Do not sum across sources or commodities: the sources overlap (EI vs China customs for Russia->China) "
            "and pipeline_gas (the matrix) overlaps pipeline_gas_interregional (the series).",
            "EI/bp matrices (ei_2024: year 2023; bp_2021: year 2020): every origin x destination cell as given, "
            "including explicit zeros (= no movement recorded; cells EI prints as '†' are small positive numbers "
            "in the file and are kept). Units as the sheets give them: crude_oil and oil_products in Mt (crude "
            "includes condensates; no biofuels; bunkers not counted as exports), pipeline_gas and lng in bcm "
            "(standard cubic metres, GCV 40 MJ/m3; LNG exports include re-exports), coal in EJ (commercial solid "
            "fuels). Row and column totals, and the regional subtotal rows of the gas matrices, are left out "
            "(each was checked against the cells it sums). Oil and coal are inter-area movements: trade inside an "
            "area (e.g. within Europe) is excluded, so the zero origin = destination cells are dropped.",
            "Area names: countries as ISO3 (EI 'EU' = EUU); areas as slugs, e.g. region:europe, region:other_cis, "
            "region:other_asia_pacific, region:south_central_america, region:east_southern_africa. An area's "
            "membership is EI's for that table and edition: 'Europe' of the oil matrix is not the 'Europe' of the "
            "gas series, and bp 2021 lists more European importers of pipeline gas than EI 2024.",
            "pipeline_gas_interregional (ei_2024, 2000-2023, bcm): the 'of which' partner lines of EI's "
            "'Gas - Trade movements' sheet (inter-regional pipeline trade; intra-regional trade excluded), "
            "e.g. RUS -> CHN 3.9 bcm in 2020, 21.3 bcm in 2023. Export-side and import-side lines of the same "
            "pair were checked to agree and are kept once. EI's oil trade time series (imports and exports by "
            "region, no partner) does not fit origin -> destination and is not included.",
            "RUS -> CHN 2021 = 7.58 bcm is the EI cell as published (the 'China / of which: Russian Federation' "
            "line of 'Gas - Trade movements'; the parse matches the sheet, and EI 2024 has no export-side line "
            "for the pair). It is about 27 % below Gazprom's 10.39 bcm for Power of Siberia in 2021, and below "
            "this table's own China customs volume (7.54 Mt, roughly 10 bcm); in 2020, 2022 and 2023 EI is only "
            "4-6 % below Gazprom (EI's 40 MJ/m3 standard). The 2021 cell is kept as EI gives it: use 2021 with "
            "care (a 2023/2021 ratio from it overstates the ramp-up).",
            "china_customs: China's imports (destination CHN) by origin, from three CREA commits of a WIND export of "
            "China customs data: the 2022 file (all origins, 1993-01..2022-11), the 2023 file (Russia only, "
            "to 2023-02) and the 2025 file (crea_china_fossil_imports_from_russia, update of 2025-01-25: Russia only, "
            "1995-04..2024-12: crude, coal, LNG, pipeline gas, LPG). Annual sums only for years with all 12 months reported; WIND leaves a month blank when "
            "customs reports nothing, so sporadic suppliers (and 1995-1999) have fewer annual rows. Volumes "
            "converted to tonnes (kg/1000; '10000 tons' x 10^4), values to USD ('USD 10 th' x 10^4). origin WLD = "
            "China's total imports of that commodity (coal_and_lignite only as a total).",
            "china_customs units and caveats: pipeline-gas and LNG volumes are in tonnes, as customs gives them, not "
            "bcm: Russia -> China pipeline gas 2021 = 7.54 Mt, about 10.2 bcm at EI's approximate factor "
            "(1 Mt LNG = 1.36 bcm, sheet 'Approximate conversion factors'), whereas EI's own inter-regional series "
            "gives 7.58 bcm for 2021 (3.88 in 2020, 14.67 in 2022, 21.29 in 2023). Pipeline-gas volumes by origin "
            "stop after 2021-12 (suppressed from 2022; the 2023 and 2025 files "
            "write 0 for those months, read as missing, not zero), values continue to 2024: Russia -> China pipeline "
            "gas 8.04 bn USD in 2024. The 2025 file has no 'Time Period' row, so a series' period runs from its first "
            "to its last non-zero month (zeros outside it are missing; zeros inside are kept); this reproduces the "
            "periods the 2023 file states. lpg (tonnes, Russia, 2015-03..2024-12) has no value series. The 2025 "
            "file's second LNG volume series (HS 27111100, tonnes to 0.01 t) repeats the kg series and is left out. Nov 2020 Russian pipeline gas is blank "
            "in the 2022 file and 0 in the 2023 file while Dec 2020 is about three normal months (reported "
            "together): 2020 therefore comes from the 2023 file. Iran's series ends 2022-06 and Venezuela's "
            "2019-09 in the customs data. Steam-, coking- and anthracite-coal sub-series are not included (use coal).",
            "Where several CREA commits give the same series and year the latest (2025, then 2023) is kept. The 2025 "
            "file revises the 2023 file's annual sums slightly: Russian crude volume by at most 0.15 % (2020: 83.57 -> "
            "83.44 Mt), crude value by up to 1.5 % (2020), coal value by up to 1.7 % (2020), LNG volume by under 1 %. "
            "Between the 2022 and 2023 commits: "
            "They differ (customs revisions) for Russian crude 2017-2019: volumes by up to 0.3 % (2017: 59.70 Mt in "
            "the 2022 file, 59.54 Mt in the 2023 file), values by up to 0.7 %; Russian coal 2019: volume -0.25 %, "
            "value +10 % (2.31 -> 2.54 bn USD); Russian LNG 2019: -1.2 %; China's total LNG import value 2020-2021 "
            "and pipeline-gas import value 2021 by under 1 % (the 2023 file uses other WIND series for these "
            "totals). All other overlapping series-years agree.",
            "china_customs_ytd: China's total crude imports (origin WLD), 1995-2024, in tonnes: the December value of "
            "the year-to-date series 'Quantity of Imports: Crude Oil: YTD' (China customs via WIND, CREA fuel_supply, "
            "unit 10,000 t), e.g. 563.99 Mt in 2023 and 553.42 Mt in 2024. Only complete years (a December value); "
            "the 2025-02 row (Jan-Feb 2025, 83.85 Mt) is not a year. Where the by-origin file also gives China's "
            "total (1995-2021) the two agree within 0.1 % except 2018 (-0.45 %) and 1996 (-0.9 %): the YTD series "
            "carries later revisions.",
            "Russia's share of China's crude imports on one China-reported basis: numerator china_customs RUS "
            "crude_oil (China customs, imports from Russia, CREA/WIND), denominator china_customs_ytd WLD "
            "(China customs/NBS total, CREA fuel_supply): 2022 17.0 % (86.2 of 508.3 Mt), 2023 19.0 % (107.0 of "
            "564.0 Mt), 2024 19.6 % (108.5 of 553.4 Mt).",
            "kpler_crea: Russian crude exports by destination, 2021 and 2022, from CREA's fossil shipment tracker "
            "assets. The file states no unit (unit = 'undocumented'); the magnitudes fit thousand tonnes "
            "(India 2021: 4,526, i.e. about 90 kb/d; China 2021: 39,270, about half of the 79.6 Mt that China's "
            "customs record from Russia by sea and pipeline together) but this is not confirmed. Its 'Unknown' destination column is dropped; zeros kept.",
        ),
    )
)

CHINA_CRUDE_MONTHLY = register(
    Table(
        name="china_crude_imports_monthly",
        title="China's monthly crude-oil imports by origin (China customs)",
        description=(
            "China's crude-oil imports per month by country of origin, in tonnes and US dollars, from China "
            "customs data exported from WIND and republished by CREA: all reported origins 1995-01..2022-11 "
            "(China's total, WLD, from 1993-01), Russia to 2024-12 from the later CREA files, and China's total "
            "2022-12..2024-12 from the year-to-date series (source china_customs_ytd; tonnes only)."
        ),
        columns=(
            Column("month", "date", "First day of the month the imports were recorded in"),
            iso3("origin", "Country of origin (ISO3); WLD = China's total crude imports"),
            Column(
                "quantity_t",
                "float",
                "Quantity in tonnes (customs kg / 1000; total: '10000 tons' x 10^4)",
                unit="t",
                nullable=True,
                min=0,
            ),
            Column(
                "value_usd",
                "float",
                "Customs value in US dollars (total: 'USD 10 th' x 10^4)",
                unit="USD",
                nullable=True,
                min=0,
            ),
            Column(
                "source",
                "str",
                "china_customs = General Administration of Customs of China, imports by origin, via WIND, "
                "republished by CREA; china_customs_ytd = China's total from the year-to-date series (customs/NBS "
                "via WIND, CREA fuel_supply), differenced month by month",
                allowed=("china_customs", "china_customs_ytd"),
            ),
        ),
        key=("month", "origin", "source"),
        sources=(CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025, FUEL_SUPPLY),
        notes=(
            "A month is missing when WIND leaves it blank (many months before 2004, and months in which an origin "
            "shipped nothing, so a missing row may mean zero). Many origin series stop in 2021-12 (e.g. USA, "
            "Norway, Malaysia, UK) or earlier (Venezuela 2019-09, Iran 2022-06) although the WLD total continues: "
            "origins do not add up to WLD, least of all in 2022.",
            "Russia: the latest CREA file (2025 vintage, to 2024-12) replaces the earlier ones where several have a "
            "month; the 2023 file differs from the 2022 one by up to 1.4 % in some months of 2017-2022, the 2025 "
            "file from the 2023 one by up to 1.2 % in volume (2020-10) and 6 % in value (2020-12) in single months, "
            "under 0.2 % in annual volume. WLD to 2022-11 comes from the 2022 file only, so Russia's share mixes "
            "vintages (negligible).",
            "WLD from 2022-12 (source china_customs_ytd): each month's year-to-date value minus the previous "
            "month's (January: its own YTD value), so a year's months add up to the year-end YTD value. A month "
            "whose previous month is not reported is left out (none for 2022-12..2024-12; Jan-Feb 2025 is "
            "reported only together and is left out). Only months after the by-origin file's last month, so each "
            "(month, origin) has one row. Other origins are not reported after 2022-11 (most after 2021-12): an "
            "origin's share for these months is not zero but unknown (analysis.energy.supplier_shares uses only "
            "years complete in the by-origin file).",
            "Russia's share of China's crude imports (volume) 2021 = 15.5 % (79.6 of 513.2 Mt); 2023 = 19.0 % "
            "(107.0 of 564.0 Mt) and 2024 = 19.6 % (108.5 of 553.4 Mt) over the year-to-date total.",
        ),
    )
)


@builder(
    reads=[EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025, FUEL_SUPPLY, KPLER],
    tables=[ENERGY_FLOWS, CHINA_CRUDE_MONTHLY],
)
def flows(src: Sources) -> dict[str, pd.DataFrame]:
    """EI/bp trade matrices, China customs imports by origin and in total, and Kpler -> energy_flows (+ China's
    monthly crude)."""
    rows = _trade_matrices(src, EI_2024, year=2023, source="ei_2024", sheets=EI_2024_SHEETS)
    rows += _trade_matrices(src, BP_2021, year=2020, source="bp_2021", sheets=BP_2021_SHEETS)
    rows += _kpler(src)
    other = pd.DataFrame(rows)

    monthly = pd.concat(
        [_customs_series(src, d) for d in (CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025)], ignore_index=True
    )
    annual = _newest(_annual_complete(monthly), ["year", "commodity", "origin", "unit"])
    annual["commodity"] = annual["commodity"].where(annual["unit"] == "t", annual["commodity"] + "_value")
    columns = ["year", "origin", "destination", "commodity", "value", "unit", "source"]
    customs = annual.assign(destination="CHN", source="china_customs")[columns]
    ytd = _ytd_crude(src)
    total = ytd_annual(ytd).assign(
        origin="WLD", destination="CHN", commodity="crude_oil", unit="t", source="china_customs_ytd"
    )[columns]

    flows_df = pd.concat([other, customs, total], ignore_index=True)
    flows_df = flows_df.astype(
        {
            "year": "int64",
            "origin": "str",
            "destination": "str",
            "commodity": "str",
            "value": "float64",
            "unit": "str",
            "source": "str",
        }
    )

    crude = _newest(monthly[monthly["commodity"] == "crude_oil"], ["month", "origin", "unit"])
    wide = crude.pivot(index=["month", "origin"], columns="unit", values="value").reset_index()
    for col in ("t", "USD"):
        if col not in wide.columns:
            wide[col] = float("nan")
    monthly_df = pd.DataFrame(
        {
            "month": pd.to_datetime(wide["month"] + "-01", format="%Y-%m-%d").astype("datetime64[ns]"),
            "origin": wide["origin"].astype("str"),
            "quantity_t": wide["t"].astype("float64"),
            "value_usd": wide["USD"].astype("float64"),
            "source": "china_customs",
        }
    )
    monthly_df = monthly_df[monthly_df["quantity_t"].notna() | monthly_df["value_usd"].notna()]
    # China's total after the by-origin file ends (2022-11): months of the YTD series, differenced
    last = monthly_df.loc[monthly_df["origin"] == "WLD", "month"].max()
    later = ytd_monthly(ytd, src.label(FUEL_SUPPLY))
    later = later[pd.to_datetime(later["month"] + "-01") > last]
    ytd_df = pd.DataFrame(
        {
            "month": pd.to_datetime(later["month"] + "-01", format="%Y-%m-%d").astype("datetime64[ns]"),
            "origin": "WLD",
            "quantity_t": later["value"].astype("float64"),
            "value_usd": float("nan"),
            "source": "china_customs_ytd",
        }
    )
    monthly_df = pd.concat([monthly_df, ytd_df], ignore_index=True)
    return {"energy_flows": flows_df, "china_crude_imports_monthly": monthly_df}
