"""National material capabilities: the Correlates of War NMC v6.0 components and CINC index, 1816-2016, for
China, Russia/the Soviet Union and the United States."""

from __future__ import annotations

import pandas as pd

from ...errors import RawFormatError
from ..registry import Column, Table, builder, iso3, register
from ..sources import Sources, read_csv

NMC = "cow_nmc_v6"
# COW state codes -> ISO3 (365 is Russia, the Soviet Union 1922-1991 included; 710 the People's Republic of China
# from 1949 and China before it)
COW_CODES = {2: "USA", 365: "RUS", 710: "CHN"}
COMPONENTS = {  # column -> (description, unit)
    "milex": ("Military expenditure", "thousand current USD"),
    "milper": ("Military personnel", "thousand"),
    "irst": ("Iron and steel production", "thousand t"),
    "pec": ("Primary energy consumption", "thousand t of coal equivalent"),
    "tpop": ("Total population", "thousand"),
    "upop": ("Urban population (cities over 100,000)", "thousand"),
}
MISSING = -9

MATERIAL_CAPABILITIES = register(
    Table(
        name="material_capabilities",
        title="National material capabilities (Correlates of War NMC v6.0): China, Russia/USSR, US, 1816-2016",
        description=(
            "The six components of the Correlates of War National Material Capabilities data and the Composite "
            "Index of National Capability (CINC) for China, Russia (the Soviet Union 1922-1991) and the US, "
            "one row per country and year."
        ),
        columns=(
            Column("year", "int", "Calendar year", min=1816, max=2016),
            iso3("country", "USA, RUS (COW code 365, the USSR before 1992) or CHN (COW 710)"),
            *(
                Column(name, "float", desc, unit=unit, nullable=True, min=0)
                for name, (desc, unit) in COMPONENTS.items()
            ),
            Column(
                "cinc",
                "float",
                "Composite Index of National Capability: the mean of the country's shares of the world (system) "
                "total of the six components",
                unit="share 0-1",
                min=0,
                max=1,
            ),
        ),
        key=("year", "country"),
        sources=(NMC,),
        notes=(
            "CINC is a composite index: each component is the country's share of the total over all states in "
            "the system that year, and CINC is the mean of the six shares (demography, industry, military weighted "
            "equally). A CINC ratio compares these composite shares, not GDP or military power directly.",
            "Missing values (-9 in the file) are empty: China's military expenditure 1860-1926 (49 years) and urban "
            "population 1860-1927, and Russia's military personnel in 1918. COW computes CINC over the components it "
            "has, so cinc is never missing.",
            "milex is in thousands of current US dollars (not deflated); CINC uses each year's shares, so it is not "
            "affected by inflation.",
            "RUS is one series across the Russian Empire, the Soviet Union and the Russian Federation (COW code 365): "
            "the break in 1992 (the USSR's CINC 0.103 in 1991, Russia's 0.067 in 1992) is the dissolution, not a "
            "data change. CHN starts in 1860, when COW counts China as a member of the state system.",
            "Ends in 2016 (NMC v6.0). China's CINC in 2016 is 0.231, Russia's 0.036, the US 0.133.",
        ),
    )
)


@builder(reads=[NMC], tables=[MATERIAL_CAPABILITIES])
def build_capabilities(src: Sources) -> dict[str, pd.DataFrame]:
    """COW NMC v6.0 -> components and CINC for China, Russia/USSR and the US."""
    d = read_csv(src, NMC, ["ccode", "year", *COMPONENTS, "cinc"])
    d = d[d["ccode"].isin(list(COW_CODES))]
    missing = sorted(set(COW_CODES) - set(d["ccode"]))
    if missing:
        raise RawFormatError(f"Raw file {src.label(NMC)}: no rows for COW code(s) {missing} (column 'ccode').")
    out = pd.DataFrame({"year": d["year"].astype("int64"), "country": d["ccode"].map(COW_CODES).astype("str")})
    for c in COMPONENTS:
        v = pd.to_numeric(d[c], errors="coerce").astype("float64")
        out[c] = v.where(v != MISSING)
        if (out[c] < 0).any():
            raise RawFormatError(f"Raw file {src.label(NMC)}: column '{c}' has negative values other than -9.")
    out["cinc"] = pd.to_numeric(d["cinc"], errors="coerce").astype("float64")
    if out["cinc"].isna().any() or (out["cinc"] == MISSING).any():
        raise RawFormatError(f"Raw file {src.label(NMC)}: column 'cinc' has missing values for the focus states.")
    return {"material_capabilities": out.sort_values(["year", "country"]).reset_index(drop=True)}
