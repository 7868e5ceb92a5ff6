"""Old forecasts scored against what happened: the source documents' probability claims that the data resolve."""

from __future__ import annotations

import pandas as pd

from ..analysis.scenarios import score_forecasts, word_readings
from ..errors import WorkbookError
from .engine import check, check_all


def backtest(claim_ids, words_table: pd.DataFrame) -> pd.DataFrame:
    """Score old probability claims that the data now resolve: each claim's word read as a probability
    (ICD 203 midpoint and pooled survey median), the outcome from the claim's computed verdict
    (supported = 1, contradicted = 0; other verdicts are left unscored), and Brier and log scores."""
    rows = []
    for cid in claim_ids:
        v = check(cid)
        word = v.claim.words
        if not word:
            raise WorkbookError(f"claim {cid} has no probability word to score")
        outcome = {"supported": 1, "contradicted": 0}.get(v.verdict)
        reading = word_readings(words_table, [word]).iloc[0]
        for method, p in (("ICD 203 midpoint", reading.icd_mid), ("survey median", reading.survey_median)):
            rows.append(
                {
                    "claim": cid,
                    "document": v.claim.document,
                    "claim_text": v.claim.claim,
                    "word": word,
                    "reading": method,
                    "probability": float(p),
                    "verdict": v.verdict,
                    "outcome": outcome,
                    "evidence": v.detail,
                }
            )
    return score_forecasts(pd.DataFrame(rows))


def open_questions(topic: str) -> pd.DataFrame:
    """The topic's claims that the workbook's data cannot check, with what data would settle each."""
    rows = [
        {
            "id": v.claim.id,
            "document": v.claim.document,
            "claim": v.claim.claim,
            "why not": v.claim.why_not,
            "data that would settle it": v.claim.data_needed,
        }
        for v in check_all(topic)
        if v.verdict == "not checkable"
    ]
    return pd.DataFrame(rows, columns=["id", "document", "claim", "why not", "data that would settle it"])
