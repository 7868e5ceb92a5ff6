"""The ledger rendered: an HTML table of claims (notebooks and the report's appendix) and plain text.

VERDICT_CSS gives each verdict the class report.css styles it by; VERDICT_COLOUR is the library's one
definition of the verdict colours, written inline too so that a table looks the same in JupyterLab
(which has no report.css) as in the report.
"""

from __future__ import annotations

import html

import pandas as pd

from .engine import ledger, verdict_counts
from .model import TOPICS

VERDICT_CSS = {"supported": "v-ok", "partly supported": "v-part", "contradicted": "v-bad", "not checkable": "v-na"}
# The same colours inline, so that a table looks the same in JupyterLab (no report.css) as in the report.
VERDICT_COLOUR = {
    "supported": "#0a7a55",
    "partly supported": "#a06400",
    "contradicted": "#b3331f",
    "not checkable": "#777777",
}
_TD = "text-align:left;vertical-align:top"


def render_claims_html(df: pd.DataFrame) -> str:
    """Claims as an HTML table: the full paraphrase with its document, claimed and computed values,
    the verdict in its colour, and how it was checked with the data source."""
    heads = ["ID", "Claim (paraphrased)", "Claimed", "Computed", "Diff.", "Verdict", "How checked / source"]
    head = "".join(f"<th style='{_TD}'>{h}</th>" for h in heads)
    body = []
    for r in df.itertuples():
        how = html.escape(r.how) + (
            f"<br><span class='src' style='color:#777'>{html.escape(r.source)}</span>" if r.source else ""
        )
        body.append(
            f"<tr class='{VERDICT_CSS[r.verdict]}'><td style='{_TD};white-space:nowrap'>{r.id}</td>"
            f"<td style='{_TD}'>{html.escape(r.claim)} "
            f"<span class='doc' style='color:#777'>[{html.escape(r.document)}]</span></td>"
            f"<td style='{_TD}'>{html.escape(r.claimed)}</td><td style='{_TD}'>{html.escape(r.computed)}</td>"
            f"<td style='{_TD}'>{html.escape(r.difference)}</td>"
            f"<td class='verdict' style='{_TD};font-weight:700;color:{VERDICT_COLOUR[r.verdict]}'>{r.verdict}</td>"
            f"<td class='how' style='{_TD}'>{how}</td></tr>"
        )
    return f"<table class='claims'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_ledger_html() -> str:
    """The report's appendix: counts per verdict and topic, then every claim by topic."""
    df = ledger()
    counts = verdict_counts(df)
    parts = [
        "<p>Every checkable statement of the five source documents, paraphrased, with the value the "
        "workbook computes from its processed tables. Tolerances are stated per claim in "
        "<code>seeds/claims.yaml</code>; verdicts are computed, never typed.</p>",
        counts.to_html(classes="ledger-counts", border=0),
    ]
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if len(sub):
            parts.append(f"<h3>{topic.capitalize()} ({len(sub)} claims)</h3>")
            parts.append(render_claims_html(sub))
    return "\n".join(parts)


def render_text(df: pd.DataFrame | None = None, width: int = 110) -> str:
    """The ledger for the terminal (`python -m sinorussia claims`)."""
    df = ledger() if df is None else df
    lines = []
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if not len(sub):
            continue
        lines.append(f"\n== {topic.upper()} ({len(sub)}) ==")
        for r in sub.itertuples():
            text = r.claim if len(r.claim) <= width - 40 else r.claim[: width - 43] + "..."
            vals = f"claimed {r.claimed or '-'} | computed {r.computed or '-'}"
            lines.append(f"{r.id:<8} {r.verdict:<17} {text}")
            lines.append(f"{'':<8} {'':<17} {vals}")
    counts = verdict_counts(df)
    lines.append("\n" + counts.to_string())
    return "\n".join(lines)
