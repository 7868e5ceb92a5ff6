"""The ledger rendered: an HTML table of claims (notebooks and the report's appendix) and plain text.

VERDICT_CSS gives each verdict the class report.css styles it by; VERDICT_COLOUR is the library's one
definition of the verdict colours, written inline too so that a table looks the same in JupyterLab
(which has no report.css) as in the report.
"""

from __future__ import annotations

import csv
import html
import io
import json

import pandas as pd

from .engine import check_all, ledger, ledger_records, verdict_counts
from .model import TOPICS
from .rules import RULES, THRESHOLDS
from .sources import cite_html, link_documents

VERDICT_CSS = {
    "supported": "v-ok",
    "partly supported": "v-part",
    "contradicted": "v-bad",
    "not checkable": "v-na",
    "wording matches": "v-word",
    "wording mixed": "v-word",
    "wording at odds": "v-word",
}
# The same colours inline, so that a table looks the same in JupyterLab (no report.css) as in the report.
VERDICT_COLOUR = {
    "supported": "#0a7a55",
    "partly supported": "#a06400",
    "contradicted": "#b3331f",
    "not checkable": "#777777",
    # wording checks are not verdicts: one neutral colour, whatever the reading
    "wording matches": "#3b5b92",
    "wording mixed": "#3b5b92",
    "wording at odds": "#3b5b92",
}
_TD = "text-align:left;vertical-align:top"


def render_claims_html(df: pd.DataFrame) -> str:
    """Claims as an HTML table: the full paraphrase with its document, claimed and computed values,
    the verdict in its colour, and how it was checked with the data source."""
    heads = ["ID", "Claim (paraphrased)", "Claimed", "Computed", "Diff.", "Verdict", "How checked / source"]
    head = "".join(f"<th style='{_TD}'>{h}</th>" for h in heads)
    body = []
    for r in df.itertuples():
        how = html.escape(r.how)
        if r.rule:
            how += f"<br><span class='rule'><b>Rule</b> {html.escape(r.rule)}</span>"
        if r.sensitivity:
            how += f"<br><span class='sens'><b>Sensitivity</b> {html.escape(r.sensitivity)}</span>"
        if r.basis:
            how += f"<br><span class='basis'><b>Basis</b> {html.escape(r.basis)}</span>"
        if r.source:
            how += f"<br><span class='src' style='color:#777'>{html.escape(r.source)}</span>"
        body.append(
            f"<tr class='{VERDICT_CSS[r.verdict]}'><td style='{_TD};white-space:nowrap'>{r.id}</td>"
            f"<td style='{_TD}'>{html.escape(r.claim)} "
            f"<span class='doc' style='color:#777'>{cite_html(r.document)}</span></td>"
            f"<td style='{_TD}'>{html.escape(r.claimed)}</td><td style='{_TD}'>{html.escape(r.computed)}</td>"
            f"<td style='{_TD}'>{html.escape(r.difference)}</td>"
            f"<td class='verdict' style='{_TD};font-weight:700;color:{VERDICT_COLOUR[r.verdict]}'>{r.verdict}</td>"
            f"<td class='how' style='{_TD}'>{how}</td></tr>"
        )
    # the keys left in the text (a basis naming the document its row cites) become links too
    return link_documents(f"<table class='claims'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def render_ledger_html(df: pd.DataFrame | None = None) -> str:
    """The report's appendix: counts per verdict and topic, the rule book, then every claim by topic."""
    df = ledger() if df is None else df
    counts = verdict_counts(df)
    parts = [
        "<p>Every checkable statement of the five source documents, paraphrased, with the value the "
        "workbook computes from its processed tables. Verdicts are computed, never typed, under one rule "
        "book (below); each claim shows the rule it was judged by. Probability words are checked for their "
        "wording only, and those outcomes are counted apart from the verdicts. The same ledger is published "
        "for machines as <code>ledger.json</code> and <code>ledger.csv</code> beside this report.</p>",
        counts.to_html(classes="ledger-counts", border=0),
        rule_book_html(),
    ]
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if len(sub):
            parts.append(f"<h3>{topic.capitalize()} ({len(sub)} claims)</h3>")
            parts.append(render_claims_html(sub))
    return "\n".join(parts)


def rule_book_html() -> str:
    """The rule book as a short table: every rule and named threshold with its rationale."""
    rows = [
        f"<tr><td>{r.name}</td><td>{html.escape(r.text)}</td><td>{html.escape(r.rationale)}</td></tr>"
        for r in RULES.values()
    ]
    rows += [
        f"<tr><td>rule:{n}</td><td>{html.escape(t.meaning)}</td><td>{html.escape(t.rationale)}</td></tr>"
        for n, t in THRESHOLDS.items()
    ]
    return (
        "<table class='rule-book'><thead><tr><th>Rule</th><th>What it accepts</th><th>Why</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


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


def ledger_json(records: list[dict[str, object]] | None = None) -> str:
    """The ledger for machines, as JSON: one object per claim (Verdict.as_record)."""
    records = ledger_records() if records is None else records
    return json.dumps(records, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def ledger_csv(records: list[dict[str, object]] | None = None) -> str:
    """The ledger for machines, as CSV: the same fields as the JSON, one row per claim."""
    records = ledger_records() if records is None else records
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def export_ledger() -> tuple[str, dict[str, str]]:
    """Appendix A's HTML and the files published beside the report (ledger.json, ledger.csv), from one
    pass over the register."""
    verdicts = check_all()
    records = ledger_records(verdicts)
    return render_ledger_html(ledger(verdicts)), {
        "ledger.json": ledger_json(records),
        "ledger.csv": ledger_csv(records),
    }
