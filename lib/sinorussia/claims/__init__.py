"""Floor 4, claims: the source documents' claims checked against the data.

    rules       the rule book: numeric margins, named direction thresholds, wording outcomes
    model       the register's vocabulary and paths; Claim, Result, Verdict
    registry    CHECKS, the check functions by name, and the @check_function decorator
    register    seeds/claims.yaml read and validated (load_register, get_claim)
    engine      verdicts: compare, check, check_all; the ledger, claims_table, verdict_counts
    sources     the source documents as citations: key -> author-date label and reference anchor
    render      the ledger as HTML (notebooks, the report's appendix) and as text; the verdict colours
    checks      the check functions, each computing one family of quantities from the processed tables
    forecasts   old probability claims scored where the data resolve them; the open questions
    cli         the `claims` command: the ledger filtered, wrapped or --wide, and `claims show ID`

Within claims/ the modules import one way: rules <- model <- registry <- checks <- register <- engine <- render,
forecasts <- cli; sources (on model) <- render. Imports only from analysis/, processed/, raw/ and the base modules below it.
"""

from __future__ import annotations

from .engine import check, check_all, claims_table, ledger, ledger_records, retired, verdict_counts
from .forecasts import backtest, open_questions
from .model import OUTCOMES, TOPICS, VERDICTS, Claim, ClaimRegisterError, Result, Verdict
from .register import load_register
from .registry import check_function
from .render import (
    KEY_RULE,
    claim_anchor,
    export_ledger,
    key_claims,
    ledger_csv,
    ledger_json,
    render_claims_html,
    render_claims_summary_html,
    render_ledger_html,
    render_text,
)
from .rules import RULES, THRESHOLDS, WORDING_OUTCOMES, Rule
from .sources import Document, cite_html, cite_label, document, documents, link_documents

__all__ = [
    "KEY_RULE",
    "claim_anchor",
    "key_claims",
    "render_claims_summary_html",
    "OUTCOMES",
    "RULES",
    "THRESHOLDS",
    "TOPICS",
    "WORDING_OUTCOMES",
    "Rule",
    "Document",
    "cite_html",
    "cite_label",
    "document",
    "documents",
    "link_documents",
    "export_ledger",
    "ledger_csv",
    "ledger_json",
    "ledger_records",
    "retired",
    "VERDICTS",
    "Claim",
    "ClaimRegisterError",
    "Result",
    "Verdict",
    "backtest",
    "check",
    "check_all",
    "check_function",
    "claims_table",
    "ledger",
    "load_register",
    "open_questions",
    "render_claims_html",
    "render_ledger_html",
    "render_text",
    "verdict_counts",
]
