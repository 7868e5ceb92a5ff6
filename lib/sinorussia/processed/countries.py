"""Country names and codes -> ISO 3166-1 alpha-3, for every builder.

Standard names come from pycountry (ISO 3166); `ALIASES` adds the spellings the raw files use
(World Bank, SIPRI, Russian-language statistics). Builders with a source-specific spelling pass
`extra=` rather than guessing. Unknown names raise, so a new spelling is never silently dropped.
"""

from __future__ import annotations

import functools

import pycountry

from ..errors import RawFormatError

# Codes for actors that are not ISO countries but appear in the data.
AGGREGATES = {
    "WLD": "World",
    "EUU": "European Union",
    "SUN": "Soviet Union (USSR)",
    "XCA": "Central Asia (KAZ, KGZ, TJK, TKM, UZB)",
}

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")

ALIASES = {
    # English variants
    "russia": "RUS",
    "russian federation": "RUS",
    "ussr": "SUN",
    "soviet union": "SUN",
    "ussr/russia": "RUS",
    "china": "CHN",
    "china, people's republic of": "CHN",
    "china, p.r.: mainland": "CHN",
    "people's republic of china": "CHN",
    "united states": "USA",
    "united states of america": "USA",
    "usa": "USA",
    "us": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "south korea": "KOR",
    "korea, rep.": "KOR",
    "korea, south": "KOR",
    "republic of korea": "KOR",
    "north korea": "PRK",
    "korea, dem. people's rep.": "PRK",
    "korea, north": "PRK",
    "iran": "IRN",
    "iran, islamic rep.": "IRN",
    "syria": "SYR",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "turkey": "TUR",
    "turkiye": "TUR",
    "türkiye": "TUR",
    "czech republic": "CZE",
    "czechia": "CZE",
    "kyrgyz republic": "KGZ",
    "kyrgyzstan": "KGZ",
    "taiwan": "TWN",
    "taiwan, china": "TWN",
    "other asia, nes": "TWN",
    "hong kong": "HKG",
    "hong kong, china": "HKG",
    "hong kong sar, china": "HKG",
    "macao": "MAC",
    "venezuela": "VEN",
    "venezuela, rb": "VEN",
    "egypt": "EGY",
    "egypt, arab rep.": "EGY",
    "laos": "LAO",
    "lao pdr": "LAO",
    "moldova": "MDA",
    "tanzania": "TZA",
    "bolivia": "BOL",
    "congo, dem. rep.": "COD",
    "dr congo": "COD",
    "democratic republic of the congo": "COD",
    "congo, rep.": "COG",
    "congo": "COG",
    "slovak republic": "SVK",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "brunei": "BRN",
    "cote d'ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "ivory coast": "CIV",
    "myanmar": "MMR",
    "burma": "MMR",
    "uae": "ARE",
    "united arab emirates": "ARE",
    "saudi arabia": "SAU",
    "belarus": "BLR",
    "world": "WLD",
    "european union": "EUU",
    "eu": "EUU",
    "yemen, rep.": "YEM",
    "gambia, the": "GMB",
    "bahamas, the": "BHS",
    "micronesia, fed. sts.": "FSM",
    "st. lucia": "LCA",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "east timor": "TLS",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "west bank and gaza": "PSE",
    "kosovo": "XKX",
    "bosnia-herzegovina": "BIH",
    "bosnia and herzegovina": "BIH",
    "turkmenistan": "TKM",
    # Russian-language names used by the Russian, Kazakh and Kyrgyz statistics offices
    "китай": "CHN",
    "китaй": "CHN",  # the second spelling has a Latin 'a' (FCS tables)
    "россия": "RUS",
    "российская федерация": "RUS",
    "казахстан": "KAZ",
    "кыргызстан": "KGZ",
    "киргизия": "KGZ",
    "узбекистан": "UZB",
    "таджикистан": "TJK",
    "туркменистан": "TKM",
    "туркмения": "TKM",
    "монголия": "MNG",
    "беларусь": "BLR",
    "белоруссия": "BLR",
    "украина": "UKR",
    "армения": "ARM",
    "азербайджан": "AZE",
    "молдова": "MDA",
    "молдавия": "MDA",
    "грузия": "GEO",
    "германия": "DEU",
    "нидерланды": "NLD",
    "италия": "ITA",
    "сша": "USA",
    "соединенные штаты": "USA",
    "турция": "TUR",
    "япония": "JPN",
    "республика корея": "KOR",
    "корея, республика": "KOR",
    "франция": "FRA",
    "польша": "POL",
    "великобритания": "GBR",
    "соединенное королевство": "GBR",
    "индия": "IND",
    "финляндия": "FIN",
    "бельгия": "BEL",
    "швейцария": "CHE",
    "латвия": "LVA",
    "литва": "LTU",
    "эстония": "EST",
    "испания": "ESP",
    "чехия": "CZE",
    "венгрия": "HUN",
    "словакия": "SVK",
    "австрия": "AUT",
    "кипр": "CYP",
    "швеция": "SWE",
    "норвегия": "NOR",
    "дания": "DNK",
    "бразилия": "BRA",
    "иран": "IRN",
    "египет": "EGY",
    "израиль": "ISR",
    "вьетнам": "VNM",
    "таиланд": "THA",
    "малайзия": "MYS",
    "индонезия": "IDN",
    "сингапур": "SGP",
    "оаэ": "ARE",
    "объединенные арабские эмираты": "ARE",
    "саудовская аравия": "SAU",
    "канада": "CAN",
    "австралия": "AUS",
    "мексика": "MEX",
    "аргентина": "ARG",
    "португалия": "PRT",
    "греция": "GRC",
    "румыния": "ROU",
    "болгария": "BGR",
    "сербия": "SRB",
    "словения": "SVN",
    "хорватия": "HRV",
    "ирландия": "IRL",
    "люксембург": "LUX",
    "афганистан": "AFG",
    "пакистан": "PAK",
    "гонконг": "HKG",
    "тайвань": "TWN",
    "тайвань (китай)": "TWN",
    "южная корея": "KOR",
}


def _norm(name: str) -> str:
    return " ".join(str(name).replace("\u00a0", " ").strip().lower().split())


@functools.lru_cache(maxsize=4096)
def _lookup(norm_name: str) -> str | None:
    if norm_name in ALIASES:
        return ALIASES[norm_name]
    if len(norm_name) == 3 and norm_name.upper() in AGGREGATES:
        return norm_name.upper()
    try:
        return pycountry.countries.lookup(norm_name).alpha_3
    except LookupError:
        return None


def to_iso3(name: str, *, extra: dict[str, str] | None = None, source: str = "", strict: bool = True) -> str | None:
    """Map a country name or code to ISO3. `extra` holds a source's own spellings (lower-case keys)."""
    n = _norm(name)
    if extra and n in {_norm(k) for k in extra}:
        return next(v for k, v in extra.items() if _norm(k) == n)
    code = _lookup(n)
    if code is None and strict:
        raise RawFormatError(
            f"Unknown country name '{name}'{' in ' + source if source else ''}. "
            f"Fix: add its spelling to ALIASES in lib/sinorussia/processed/countries.py (or the builder's extra=)."
        )
    return code


def name_of(iso3: str) -> str:
    if iso3 in AGGREGATES:
        return AGGREGATES[iso3]
    c = pycountry.countries.get(alpha_3=iso3)
    short = {
        "RUS": "Russia",
        "USA": "United States",
        "GBR": "United Kingdom",
        "KOR": "South Korea",
        "PRK": "North Korea",
        "IRN": "Iran",
        "SYR": "Syria",
        "VNM": "Vietnam",
        "TWN": "Taiwan",
        "VEN": "Venezuela",
        "BOL": "Bolivia",
        "TZA": "Tanzania",
        "MDA": "Moldova",
        "LAO": "Laos",
    }
    return short.get(iso3) or (getattr(c, "common_name", None) or c.name if c else iso3)


# Short names for charts and prose (the actors first; "Soviet Union", not "Soviet Union (USSR)").
DISPLAY_NAMES = {
    "RUS": "Russia",
    "SUN": "Soviet Union",
    "CHN": "China",
    "USA": "United States",
    "EUU": "European Union",
    "XCA": "Central Asia",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "UZB": "Uzbekistan",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "MNG": "Mongolia",
    "IND": "India",
    "WLD": "World",
    "OTHER": "Other",
}


def display_name(code: str) -> str:
    """A short English name for an actor or country code, as charts and prose show it."""
    return DISPLAY_NAMES.get(code) or name_of(code)
