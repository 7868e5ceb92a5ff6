"""The builder `flows`: the EI/bp matrices, China customs and Kpler readers combined into the tables
energy_flows and china_crude_imports_monthly, declared here."""

from __future__ import annotations

import pandas as pd

from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources
from .china_customs import CUSTOMS_2022, CUSTOMS_2023, _annual_complete, _customs_series, _newest
from .kpler import KPLER, _kpler
from .trade_matrices import BP_2021, BP_2021_SHEETS, EI_2024, EI_2024_SHEETS, _trade_matrices

AREA_PATTERN = r"^([A-Z]{3}|region:[a-z_]+)$"

MATRIX_COMMODITIES = ("crude_oil", "oil_products", "pipeline_gas", "lng", "coal")
CUSTOMS_FLOW_COMMODITIES = ("crude_oil", "lng", "pipeline_gas", "coal", "lignite", "coal_and_lignite")
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
            "complete years, tonnes and US dollars); and Kpler's Russian crude exports by destination (via CREA)."
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
                "crude_oil, oil_products, pipeline_gas, lng, coal, lignite, coal_and_lignite, "
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
                "ei_2024, bp_2021, china_customs (China customs via WIND/CREA), kpler_crea",
                allowed=("ei_2024", "bp_2021", "china_customs", "kpler_crea"),
            ),
        ),
        key=("year", "origin", "destination", "commodity", "unit", "source"),
        sources=(EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, KPLER),
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
            "china_customs: China's imports (destination CHN) by origin, from two CREA commits of a WIND export of "
            "China customs data: the 2022 file (all origins, 1993-01..2022-11) and the 2023 file (Russia only, "
            "to 2023-02). Annual sums only for years with all 12 months reported; WIND leaves a month blank when "
            "customs reports nothing, so sporadic suppliers (and 1995-1999) have fewer annual rows. Volumes "
            "converted to tonnes (kg/1000; '10000 tons' x 10^4), values to USD ('USD 10 th' x 10^4). origin WLD = "
            "China's total imports of that commodity (coal_and_lignite only as a total).",
            "china_customs units and caveats: pipeline-gas and LNG volumes are in tonnes, as customs gives them, not "
            "bcm: Russia -> China pipeline gas 2021 = 7.54 Mt, about 10.2 bcm at EI's approximate factor "
            "(1 Mt LNG = 1.36 bcm, sheet 'Approximate conversion factors'), whereas EI's own inter-regional series "
            "gives 7.58 bcm for 2021 (3.88 in 2020, 14.67 in 2022, 21.29 in 2023). Pipeline-gas volumes by origin "
            "stop after 2021-12 (suppressed from 2022; the 2023 file "
            "writes 0 for those months, read as missing), values continue. Nov 2020 Russian pipeline gas is blank "
            "in the 2022 file and 0 in the 2023 file while Dec 2020 is about three normal months (reported "
            "together): 2020 therefore comes from the 2023 file. Iran's series ends 2022-06 and Venezuela's "
            "2019-09 in the customs data. Steam-, coking- and anthracite-coal sub-series are not included (use coal).",
            "Where both CREA commits give the same series and year the 2023 commit (later WIND vintage) is kept. "
            "They differ (customs revisions) for Russian crude 2017-2019: volumes by up to 0.3 % (2017: 59.70 Mt in "
            "the 2022 file, 59.54 Mt in the 2023 file), values by up to 0.7 %; Russian coal 2019: volume -0.25 %, "
            "value +10 % (2.31 -> 2.54 bn USD); Russian LNG 2019: -1.2 %; China's total LNG import value 2020-2021 "
            "and pipeline-gas import value 2021 by under 1 % (the 2023 file uses other WIND series for these "
            "totals). All other overlapping series-years agree.",
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
            "(China's total, WLD, from 1993-01), and Russia to 2023-02 from the later CREA file."
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
                "china_customs = General Administration of Customs of China via WIND, republished by CREA",
                allowed=("china_customs",),
            ),
        ),
        key=("month", "origin", "source"),
        sources=(CUSTOMS_2022, CUSTOMS_2023),
        notes=(
            "A month is missing when WIND leaves it blank (many months before 2004, and months in which an origin "
            "shipped nothing, so a missing row may mean zero). Many origin series stop in 2021-12 (e.g. USA, "
            "Norway, Malaysia, UK) or earlier (Venezuela 2019-09, Iran 2022-06) although the WLD total continues: "
            "origins do not add up to WLD, least of all in 2022.",
            "Russia: the later CREA file (2023 vintage) replaces the earlier one where both have a month; the "
            "two differ by up to 1.4 % in some months of 2017-2022 (largest: 2017-11, 70 kt less in the later file). "
            "WLD comes from the earlier file only, so Russia's share mixes two vintages (negligible).",
            "Russia's share of China's crude imports (volume) 2021 = 15.5 % (79.6 of 513.2 Mt).",
        ),
    )
)


@builder(reads=[EI_2024, BP_2021, CUSTOMS_2022, CUSTOMS_2023, KPLER], tables=[ENERGY_FLOWS, CHINA_CRUDE_MONTHLY])
def flows(src: Sources) -> dict[str, pd.DataFrame]:
    """EI/bp trade matrices, China customs imports by origin and Kpler -> energy_flows (+ China's monthly crude)."""
    rows = _trade_matrices(src, EI_2024, year=2023, source="ei_2024", sheets=EI_2024_SHEETS)
    rows += _trade_matrices(src, BP_2021, year=2020, source="bp_2021", sheets=BP_2021_SHEETS)
    rows += _kpler(src)
    other = pd.DataFrame(rows)

    monthly = pd.concat([_customs_series(src, CUSTOMS_2022), _customs_series(src, CUSTOMS_2023)], ignore_index=True)
    annual = _newest(_annual_complete(monthly), ["year", "commodity", "origin", "unit"])
    annual["commodity"] = annual["commodity"].where(annual["unit"] == "t", annual["commodity"] + "_value")
    customs = annual.assign(destination="CHN", source="china_customs")[
        ["year", "origin", "destination", "commodity", "value", "unit", "source"]
    ]

    flows_df = pd.concat([other, customs], ignore_index=True)
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
    return {"energy_flows": flows_df, "china_crude_imports_monthly": monthly_df}
