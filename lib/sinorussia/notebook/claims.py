"""A chapter's claims as the report's appendix shows them: full paraphrase, verdict in colour, how checked."""

from __future__ import annotations

import pandas as pd

from ..claims import backtest, claims_table, open_questions, render_claims_html

__all__ = ["ClaimsTable", "backtest", "claims_table", "open_questions", "show_claims"]


class ClaimsTable:
    """A topic's claims for a notebook: shown as the report appendix shows them; `.frame` is the data."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        return f"<div class='ledger'>{render_claims_html(self.frame)}</div>"

    def __repr__(self) -> str:
        return "\n".join(f"{r.id:<8} {r.verdict:<17} {r.claim}" for r in self.frame.itertuples())


def show_claims(topic_or_table: str | pd.DataFrame) -> ClaimsTable:
    """Display the claims of one topic (or a table from `claims_table`) with verdicts in colour."""
    frame = claims_table(topic_or_table) if isinstance(topic_or_table, str) else topic_or_table
    return ClaimsTable(frame)
