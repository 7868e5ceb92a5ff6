"""Arms deals by order year: the SIPRI trade register's deals with Russia or China as supplier or recipient."""

from __future__ import annotations

import pandas as pd

from ....errors import RawFormatError
from ...registry import Column, Table, builder, iso3, register
from ...sources import Sources, require_columns
from ._sipri import _number
from .arms import read_register

ORDERS = register(
    Table(
        name="arms_orders",
        title="Arms deals of Russia and China by order year and delivery year (SIPRI trade register, 2026)",
        description=(
            "One row per deal and delivery year of the SIPRI trade register (generated 12 Feb 2026) for every deal "
            "with Russia or China as supplier or recipient: what was ordered, when (order year), by whom, and the "
            "trend-indicator value (TIV) delivered in each year. Use it for claims about deals signed (order years); "
            "use arms_transfers for deliveries."
        ),
        columns=(
            Column("deal_id", "int", "SIPRI AT Database ID of the deal", min=1),
            iso3("supplier", "Supplier"),
            iso3("recipient", "Recipient"),
            Column("designation", "str", "Weapon designation as SIPRI gives it (e.g. 'S-400 Triumf', 'Su-35S')"),
            Column("description", "str", "Weapon description (e.g. 'SAM system', 'FGA aircraft')"),
            Column("order_year", "int", "Year the deal was ordered (signed)", min=1950, max=2025),
            Column(
                "order_year_estimated", "bool", "SIPRI marks the order year as an estimate (an empty flag counts as no)"
            ),
            Column("delivery_year", "int", "Delivery year of this row", min=1995, max=2025),
            Column("numbers_delivered", "float", "Items delivered in the year", nullable=True, min=0),
            Column(
                "tiv_delivered", "float", "Volume delivered in the year", unit="million TIV (not US dollars)", min=0
            ),
            Column("local_production", "bool", "Produced under licence in the recipient country"),
            Column("status", "str", "New or second hand", allowed=("New", "Second hand", "Second hand but modernized")),
        ),
        key=("deal_id", "delivery_year"),
        sources=("sipri_trade_register_2026",),
        notes=(
            "The register lists only deals with deliveries in 1995–2025: an order that has not (yet) delivered "
            "anything is missing, so TIV by order year is the delivered part of each deal, a lower bound for "
            "recent orders.",
            "Order years are SIPRI's; where SIPRI marks one as an estimate the row says so. Reported signing "
            "dates can differ by a year (the S-400 contract with China was reported in 2014, SIPRI dates it 2015).",
            "Deals with non-state or unknown parties (no country code) are left out; deliveries to all parties are in "
            "arms_transfers' WLD totals.",
        ),
    )
)

ORDER_COLUMNS = ["SIPRI AT Database ID", "Designation", "Description", "Order date", "Order date is estimate"]
ORDER_COLUMNS += ["Numbers delivered", "Status", "Local production"]


@builder(reads=["sipri_trade_register_2026"], tables=[ORDERS])
def build_orders(src: Sources) -> dict[str, pd.DataFrame]:
    """Deals with Russia or China on either side, one row per deal and delivery year, with the order year."""
    reg = read_register(src)
    label = src.label("sipri_trade_register_2026")
    require_columns(reg, ORDER_COLUMNS, source=label, builder=src.builder_name)
    d = reg.dropna(subset=["supplier", "recipient"])
    d = d[d.supplier.isin(["RUS", "CHN"]) | d.recipient.isin(["RUS", "CHN"])]
    order = _number(d["Order date"], label, "'Order date' values")
    if order.isna().any():
        raise RawFormatError(f"Raw file {label}: deals without an 'Order date'.")
    for col in ("Order date is estimate", "Local production"):
        bad = ~d[col].isin(["Yes", "No"]) & ~(d[col].isna() & (col == "Order date is estimate"))
        if bad.any():
            raise RawFormatError(f"Raw file {label}: column '{col}' holds {sorted(set(d[col][bad]))[:5]}, not Yes/No.")
    out = pd.DataFrame(
        {
            "deal_id": _number(d["SIPRI AT Database ID"], label, "deal ids").astype(int),
            "supplier": d["supplier"],
            "recipient": d["recipient"],
            "designation": d["Designation"].str.strip(),
            "description": d["Description"].fillna("").str.strip(),
            "order_year": order.astype(int),
            "order_year_estimated": d["Order date is estimate"] == "Yes",
            "delivery_year": d["year"].astype(int),
            "numbers_delivered": _number(d["Numbers delivered"], label, "'Numbers delivered'").astype(float),
            "tiv_delivered": d["tiv"].astype(float).round(2),
            "local_production": d["Local production"] == "Yes",
            "status": d["Status"].str.strip(),
        }
    )
    return {"arms_orders": out.sort_values(["deal_id", "delivery_year"]).reset_index(drop=True)}
