"""Energy: balances, trade flows and China's imports by origin.

Tables
------
energy_balance
    Energy Institute (EI) Statistical Review 2025 country panel: a focused set of production,
    consumption and supply indicators for every country, the EU and the world, 1965-2024 (ei_panel).
energy_flows
    Origin -> destination energy trade, annual: the EI 2024 and bp 2021 inter-area trade matrices
    (2023 and 2020), EI's inter-regional pipeline-gas series 2000-2023 (trade_matrices), China's customs
    imports by origin (annual sums of complete years; china_customs), China's total crude imports as year-end
    year-to-date values (china_ytd) and Kpler's Russian crude exports by
    destination (via CREA; kpler).
china_crude_imports_monthly
    China's monthly crude-oil imports by origin (China customs via WIND, republished by CREA; china_customs), with
    China's total after 2022-11 from the year-to-date series (china_ytd).

The builder `balance` is in ei_panel; `flows`, which combines the other readers into energy_flows and
china_crude_imports_monthly, is in assemble with the declarations of those two tables. Helpers the readers
share are in _common.
"""

from __future__ import annotations

from .assemble import CHINA_CRUDE_MONTHLY, ENERGY_FLOWS, flows
from .china_customs import CUSTOMS_2022, CUSTOMS_2023, CUSTOMS_2025, vintage_differences
from .china_ytd import FUEL_SUPPLY
from .ei_panel import EI_PANEL, ENERGY_BALANCE, INDICATORS, balance
from .kpler import KPLER
from .trade_matrices import BP_2021, EI_2024

__all__ = [
    "BP_2021",
    "CHINA_CRUDE_MONTHLY",
    "CUSTOMS_2022",
    "CUSTOMS_2023",
    "CUSTOMS_2025",
    "EI_2024",
    "EI_PANEL",
    "ENERGY_BALANCE",
    "ENERGY_FLOWS",
    "FUEL_SUPPLY",
    "INDICATORS",
    "KPLER",
    "balance",
    "flows",
    "vintage_differences",
]
