"""The check functions of the claim register (seeds/claims.yaml), one module per topic of the register.

Each function computes one family of quantities from the processed tables and returns a `Result`:
the computed value (compared by the engine with the claimed value and tolerance) or, for
direction/qualitative claims, a verdict computed from explicit thresholds passed as parameters.
Claims name the function in `check.function` and its arguments in `check.params`; a function lives
in the module of the topic most of its claims belong to.

    common      the cached table loader, graded verdicts, the raw files behind each trade source
    context     GDP and military-spending ratios
    economics   bilateral trade and its growth, records, the oil-price link
    shares      partner shares on declared reporting bases, ranks, the asymmetry
    products    what the two sides trade: product shares and growth (BACI)
    energy      crude imports, inter-area flows, energy balances
    military    arms transfers, joint exercises, growth of trade in some goods
    regional    Central Asia's own trade statistics, Chinese finance, arms to the region
    political   UN votes and vetoes, group GDP, partners compared
    scenarios   likelihood words read as probabilities, projected trends

Importing this package imports every topic module, which registers its functions in
claims.registry.CHECKS. The modules import only model, registry, common and each other (never the
register or the engine), so that the register can import them without a cycle.
"""

from __future__ import annotations

from . import common, context, economics, energy, military, political, products, regional, scenarios, shares

__all__ = [
    "common",
    "context",
    "economics",
    "energy",
    "military",
    "political",
    "products",
    "regional",
    "scenarios",
    "shares",
]
