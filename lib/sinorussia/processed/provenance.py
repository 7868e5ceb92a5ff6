"""Who produced a processed table, and which vintage: the text of source lines and ledger entries."""

from __future__ import annotations

from ..raw import raw_catalog
from .load import table_spec


def producers(tables, raw_ids: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """{producer: [vintages]} for the raw files behind `tables` (optionally narrowed per table)."""
    cat = raw_catalog()
    seen: dict[str, list[str]] = {}
    for t in tables:
        ids = (raw_ids or {}).get(t) or list(table_spec(t).sources)
        for i in ids:
            if i in cat:
                vintages = seen.setdefault(cat[i].producer, [])
                if cat[i].vintage not in vintages:
                    vintages.append(cat[i].vintage)
            else:
                seen.setdefault(f"curated table data/{i}", [])
    return seen


def source_text(*tables: str, sources: dict[str, list[str]] | None = None, note: str = "") -> str:
    """'Source: <producer> (<vintage>); …' for the raw files behind the given processed tables.

    `sources` narrows a table to some of its raw ids, e.g. {"trade_bilateral_annual": ["baci_russia_china_hs6"]}.
    """
    parts = [f"{p} ({'; '.join(v)})" if v else p for p, v in producers(tables, sources).items()]
    text = "Source: " + "; ".join(parts) + "."
    return text + (f" {note}" if note else "")
