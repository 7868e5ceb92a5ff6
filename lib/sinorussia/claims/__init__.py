"""Floor 4, claims: the source documents' claims checked against the data.

    engine      the register (seeds/claims.yaml), the registry of check functions, verdicts, the ledger
    checks      the check functions, each computing one family of quantities from the processed tables
    forecasts   old probability claims scored where the data resolve them; the open questions

Imports only from analysis/, processed/, raw/ and the base modules below it.
"""

from __future__ import annotations

from .engine import (
    TOPICS,
    VERDICTS,
    Claim,
    ClaimRegisterError,
    Result,
    Verdict,
    check,
    check_all,
    check_function,
    claims_table,
    ledger,
    load_register,
    render_claims_html,
    render_ledger_html,
    render_text,
    verdict_counts,
)
from .forecasts import backtest, open_questions

__all__ = [
    "TOPICS", "VERDICTS", "Claim", "ClaimRegisterError", "Result", "Verdict", "backtest", "check", "check_all",
    "check_function", "claims_table", "ledger", "load_register", "open_questions", "render_claims_html",
    "render_ledger_html", "render_text", "verdict_counts",
]
