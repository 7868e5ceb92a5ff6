"""IMF Direction of Trade Statistics: Russia's and the World's trade by partner (partner sheets of xlsx files)."""

from __future__ import annotations

import re

import pandas as pd

from ....errors import RawFormatError
from ...countries import to_iso3
from ...sources import Sources
from ._common import _read_sheets, _require_cell, _usd

IMF_AGGREGATES = {
    "world",
    "advanced economies",
    "euro area",
    "european union",
    "emerging and developing economies",
    "emerging and developing asia",
    "emerging and developing europe",
    "middle east and central asia",
    "middle east",
    "sub-saharan africa",
    "western hemisphere",
    "africa",
    "africa not specified",
    "asia not specified",
    "europe not specified",
    "western hemisphere not specified",
    "middle east and central asia not specified",
    "countries & areas not specified",
    "other countries not included elsewhere",
    "special categories",
    "memorandum items",
    "belgium-luxembourg",
    "emerging market and developing economies by source of export earnings: fuel",
    "emerging market and developing economies by source of export earnings: nonfuel",
}
IMF_EXTRA = {
    "afghanistan, islamic rep. of": "AFG",
    "armenia, rep. of": "ARM",
    "aruba, kingdom of the netherlands": "ABW",
    "azerbaijan, rep. of": "AZE",
    "bahrain, kingdom of": "BHR",
    "belarus, rep. of": "BLR",
    "central african rep.": "CAF",
    "china, p.r.: hong kong": "HKG",
    "china, p.r.: macao": "MAC",
    "china, p.r.: mainland": "CHN",
    "comoros, union of the": "COM",
    "congo, dem. rep. of the": "COD",
    "congo, rep. of": "COG",
    "croatia, rep. of": "HRV",
    "czech rep.": "CZE",
    "dominican rep.": "DOM",
    "egypt, arab rep. of": "EGY",
    "equatorial guinea, rep. of": "GNQ",
    "eritrea, the state of": "ERI",
    "estonia, rep. of": "EST",
    "eswatini, kingdom of": "SWZ",
    "ethiopia, the federal dem. rep. of": "ETH",
    "fiji, rep. of": "FJI",
    "holy see": "VAT",
    "iran, islamic rep. of": "IRN",
    "kazakhstan, rep. of": "KAZ",
    "korea, dem. people's rep. of": "PRK",
    "korea, rep. of": "KOR",
    "kyrgyz rep.": "KGZ",
    "lao people's dem. rep.": "LAO",
    "lesotho, kingdom of": "LSO",
    "madagascar, rep. of": "MDG",
    "marshall islands, rep. of the": "MHL",
    "mauritania, islamic rep. of": "MRT",
    "moldova, rep. of": "MDA",
    "mozambique, rep. of": "MOZ",
    "nauru, rep. of": "NRU",
    "netherlands, the": "NLD",
    "north macedonia, republic of": "MKD",
    "palau, rep. of": "PLW",
    "poland, rep. of": "POL",
    "san marino, rep. of": "SMR",
    "serbia, rep. of": "SRB",
    "sint maarten, kingdom of the netherlands": "SXM",
    "slovak rep.": "SVK",
    "slovenia, rep. of": "SVN",
    "south sudan, rep. of": "SSD",
    "st. kitts and nevis": "KNA",
    "st. vincent and the grenadines": "VCT",
    "syrian arab rep.": "SYR",
    "são tomé and príncipe, dem. rep. of": "STP",
    "taiwan province of china": "TWN",
    "tajikistan, rep. of": "TJK",
    "tanzania, united rep. of": "TZA",
    "timor-leste, dem. rep. of": "TLS",
    "türkiye, rep of": "TUR",
    "uzbekistan, rep. of": "UZB",
    "venezuela, rep. bolivariana de": "VEN",
    "yemen, rep. of": "YEM",
    "russian federation": "RUS",
    # names only in the World file (former countries keep their former ISO codes)
    "kosovo, rep. of": "XKX",
    "curaçao, kingdom of the netherlands": "CUW",
    "netherlands antilles": "ANT",
    "yugoslavia": "YUG",
    "czechoslovakia": "CSK",
}


def _read_imf(src: Sources, did: str, sheet: str, reporter: str) -> pd.DataFrame:
    """Long frame from an IMF DOTS partner sheet: name, iso3 (None for aggregates), year, value_usd."""
    label = src.label(did)
    d = _read_sheets(src, did, [sheet])[sheet]
    _require_cell(d, r"^US Dollars, Millions$", label=label, sheet=sheet, what="the unit 'US Dollars, Millions'")
    _require_cell(d, rf"^{re.escape(reporter)}$", label=label, sheet=sheet, what=f"the reporter '{reporter}'")
    hdr = None
    for i in range(min(15, len(d))):
        cells = pd.to_numeric(d.iloc[i, 2:], errors="coerce")
        if cells.notna().sum() >= 5 and cells.dropna().between(1950, 2100).all():
            hdr = i
            break
    if hdr is None:
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}': no header row of years (expected at row 7). Update builder trade."
        )
    years = {j: int(float(d.iat[hdr, j])) for j in range(2, d.shape[1]) if pd.notna(d.iat[hdr, j])}
    out = []
    for i in range(hdr + 1, len(d)):
        name = d.iat[i, 1]
        if not isinstance(name, str) or not name.strip():
            continue
        name = " ".join(name.split())
        if name.lower() == "memorandum items":
            break  # only regional aggregates below
        iso = (
            None
            if name.lower() in IMF_AGGREGATES
            else to_iso3(name, extra=IMF_EXTRA, source=f"{label} sheet '{sheet}'")
        )
        for j, y in years.items():
            v = pd.to_numeric(d.iat[i, j], errors="coerce")
            if pd.notna(v):
                out.append((name, iso, y, float(v)))
    df = pd.DataFrame(out, columns=["name", "iso3", "year", "value_musd"])
    # the sheets repeat one partner (Australia) above 'World' with identical values: drop exact repeats only
    df = df.drop_duplicates(["name", "year", "value_musd"]).reset_index(drop=True)
    world = df[df["name"] == "World"]
    if world.empty:
        raise RawFormatError(f"Raw file {label}, sheet '{sheet}': no 'World' row.")
    dup = df.dropna(subset=["iso3"]).duplicated(["iso3", "year"])
    if dup.any():
        raise RawFormatError(
            f"Raw file {label}, sheet '{sheet}': two rows map to the same country: {df.dropna(subset=['iso3'])[dup].head(3).to_dict('records')}."
        )
    df["value_usd"] = _usd(df.pop("value_musd"), 1e6)
    return df
