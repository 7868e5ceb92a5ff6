"""A chapter's claims: in short for the report (`claims_summary`), or whole as appendix A lists them
(`show_claims`, for JupyterLab and exercises)."""

from __future__ import annotations

import pandas as pd

from ..claims import (
    KEY_RULE,
    backtest,
    claims_table,
    key_claims,
    open_questions,
    render_claims_html,
    render_claims_summary_html,
)

__all__ = [
    "KEY_RULE",
    "ClaimsSummary",
    "ClaimsTable",
    "backtest",
    "claims_summary",
    "claims_table",
    "open_questions",
    "show_claims",
]


class ClaimsTable:
    """A topic's claims for a notebook, every one in full; `.frame` is the data."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        return f"<div class='ledger'>{render_claims_html(self.frame)}</div>"

    def __repr__(self) -> str:
        return "\n".join(f"{r.id:<8} {r.verdict:<17} {r.claim}" for r in self.frame.itertuples())


class ClaimsSummary:
    """A topic's claims in short: counts per verdict, the key claims (KEY_RULE) linked to appendix A, and
    the whole table collapsed. `.frame` is every claim of the topic, `.key` the ones shown."""

    def __init__(self, frame: pd.DataFrame, topic: str = ""):
        self.frame = frame
        self.topic = topic
        self.key = key_claims(frame)

    def _repr_html_(self) -> str:
        return f"<div class='ledger'>{render_claims_summary_html(self.frame, self.topic)}</div>"

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {v}" for v, n in self.frame.verdict.value_counts().items())
        lines = [f"{len(self.frame)} {self.topic or ''} claims: {counts}".replace("  ", " ")]
        lines += [f"{r.id:<8} {r.verdict:<17} {r.claim}  ({r.why})" for r in self.key.itertuples()]
        return "\n".join(lines)


def show_claims(topic_or_table: str | pd.DataFrame) -> ClaimsTable:
    """Display every claim of one topic (or a table from `claims_table`) with verdicts in colour."""
    frame = claims_table(topic_or_table) if isinstance(topic_or_table, str) else topic_or_table
    return ClaimsTable(frame)


def claims_summary(topic: str, table: pd.DataFrame | None = None) -> ClaimsSummary:
    """A chapter's claims in short, as the report shows them: the counts per verdict (wording outcomes
    apart), then at most six claims that matter to the argument, chosen by KEY_RULE (contradicted, then
    a verdict that depends on a choice, then partly supported, then wording at odds), each linking to
    its entry in appendix A. `table` is the topic's `claims_table`, when the chapter already has it."""
    return ClaimsSummary(claims_table(topic) if table is None else table, topic)
