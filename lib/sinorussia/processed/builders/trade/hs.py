"""HS nomenclature: sections, chapters and their labels (table hs_chapters, from the Atlas HS92 products)."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, register
from ...sources import Sources, read_csv

# --------------------------------------------------------------------------------------------------
# HS nomenclature: the 21 sections and the chapters they hold (WCO Harmonized System; chapter 77 is
# reserved, chapters 98–99 are for national use and belong to no section).
# --------------------------------------------------------------------------------------------------
HS_SECTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("I", 1, 5, "Live animals; animal products"),
    ("II", 6, 14, "Vegetable products"),
    ("III", 15, 15, "Animal or vegetable fats and oils"),
    ("IV", 16, 24, "Prepared foodstuffs; beverages; tobacco"),
    ("V", 25, 27, "Mineral products"),
    ("VI", 28, 38, "Chemical products"),
    ("VII", 39, 40, "Plastics and rubber"),
    ("VIII", 41, 43, "Hides, skins, leather and furskins"),
    ("IX", 44, 46, "Wood, cork and basketware"),
    ("X", 47, 49, "Pulp, paper and paperboard"),
    ("XI", 50, 63, "Textiles and textile articles"),
    ("XII", 64, 67, "Footwear, headgear, umbrellas"),
    ("XIII", 68, 70, "Stone, ceramic and glass articles"),
    ("XIV", 71, 71, "Pearls, precious stones and metals"),
    ("XV", 72, 83, "Base metals and articles thereof"),
    ("XVI", 84, 85, "Machinery and electrical equipment"),
    ("XVII", 86, 89, "Vehicles, aircraft and vessels"),
    ("XVIII", 90, 92, "Optical, medical and precision instruments; clocks; musical instruments"),
    ("XIX", 93, 93, "Arms and ammunition"),
    ("XX", 94, 96, "Miscellaneous manufactured articles"),
    ("XXI", 97, 97, "Works of art and antiques"),
)
SECTION_CODES = tuple(s[0] for s in HS_SECTIONS)
SECTION_NAMES = {s[0]: s[3] for s in HS_SECTIONS}
RESERVED_CHAPTERS = {77}


def hs_section_of(chapter: str) -> str:
    """Roman-numeral HS section of a 2-digit chapter ('27' -> 'V'); an unknown chapter raises."""
    n = int(chapter)
    if n not in RESERVED_CHAPTERS:
        for code, lo, hi, _ in HS_SECTIONS:
            if lo <= n <= hi:
                return code
    raise RawFormatError(
        f"HS chapter '{chapter}' belongs to no HS section (chapter 77 is reserved; 98-99 are national)."
    )


# Obvious misspellings in the Atlas short chapter names, corrected for chart labels.
ATLAS_NAME_FIXES = {
    "Diary products": "Dairy products",
    "Manufactues of plaiting materials": "Manufactures of plaiting materials",
}

HS_CHAPTERS = register(
    Table(
        name="hs_chapters",
        title="HS chapters and sections (labels)",
        description="Lookup of the 96 HS chapters (01-97, chapter 77 reserved) with their section and short English names, for labelling charts of trade_by_product.",
        columns=(
            Column("hs_chapter", "str", "HS chapter, 2 digits zero-padded", pattern=r"^\d{2}$"),
            Column("hs_section", "str", "HS section, Roman numeral I-XXI", allowed=SECTION_CODES),
            Column("chapter_name", "str", "Short English chapter name (Atlas product_name_short)"),
            Column("section_name", "str", "Short English section name"),
        ),
        key=("hs_chapter",),
        sources=("atlas_product_hs92",),
        notes=(
            "chapter_name is the Atlas of Economic Complexity HS92 `product_name_short` of the level-2 "
            "(chapter) products; two misspellings are corrected ('Diary products' -> 'Dairy products', "
            "'Manufactues' -> 'Manufactures'). Atlas chapter '99' (Other) is left out: it is no HS section.",
            "hs_section and section_name follow the World Customs Organization's Harmonized System (21 "
            "sections); the section names are shortened by the builder.",
        ),
    )
)


@builder(reads=["atlas_product_hs92"], tables=[HS_CHAPTERS])
def build_hs_chapters(src: Sources) -> dict[str, pd.DataFrame]:
    """HS chapter labels from the Atlas HS92 product classification plus the HS section correspondence."""
    did = "atlas_product_hs92"
    p = read_csv(
        src,
        did,
        required=["product_hs92_code", "product_level", "product_name_short"],
        dtype={"product_hs92_code": str, "product_level": str},
    )
    ch = p[p["product_level"].str.strip() == "2"].copy()
    ch["hs_chapter"] = ch["product_hs92_code"].str.strip().str.zfill(2)
    if ch.empty or not ch["hs_chapter"].str.fullmatch(r"\d{2}").all():
        raise RawFormatError(
            f"Raw file {src.label(did)}: no 2-digit chapters at product_level 2. Update builder trade."
        )
    ch = ch[ch["hs_chapter"].astype(int) <= 97]
    expected = {f"{n:02d}" for n in range(1, 98)} - {f"{n:02d}" for n in RESERVED_CHAPTERS}
    missing = sorted(expected - set(ch["hs_chapter"]))
    if missing:
        raise RawFormatError(f"Raw file {src.label(did)}: HS chapters {missing} are missing at product_level 2.")
    names = ch["product_name_short"].str.strip().replace(ATLAS_NAME_FIXES)
    sec = ch["hs_chapter"].map(hs_section_of)
    return {
        "hs_chapters": pd.DataFrame(
            {
                "hs_chapter": ch["hs_chapter"],
                "hs_section": sec,
                "chapter_name": names,
                "section_name": sec.map(SECTION_NAMES),
            }
        ).reset_index(drop=True)
    }
