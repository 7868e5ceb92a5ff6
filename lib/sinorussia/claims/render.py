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
from .model import TOPICS, VERDICTS
from .rules import RULES, THRESHOLDS, WORDING_OUTCOMES
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
    """The report's appendix: counts per verdict and topic, the rule book, then every claim by topic, once,
    each compactly and with the anchor (`claim-<ID>`) a chapter's summary links to."""
    df = ledger() if df is None else df
    counts = verdict_counts(df)
    parts = [
        "<p>Every checkable statement of the five source documents, paraphrased, with the value the "
        "workbook computes from its processed tables. Verdicts are computed, never typed, under one rule "
        "book (below); each claim shows the rule it was judged by. Probability words are checked for their "
        "wording only, and those outcomes are counted apart from the verdicts. Each claim names the sources "
        "its check used: the raw files it read where the check narrows a table to them, else the table and its "
        "producers (appendix B lists every table's files and vintages). The same ledger is published for "
        "machines as <code>ledger.json</code> and <code>ledger.csv</code> beside this report.</p>",
        counts.to_html(classes="ledger-counts", border=0),
        rule_book_html(),
    ]
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if len(sub):
            parts.append(f"<h3 id='{topic_anchor(topic)}'>{topic.capitalize()} ({len(sub)} claims)</h3>")
            parts.append(render_ledger_entries(sub))
    return "\n".join(parts)


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's entry in appendix A, which a chapter's summary links to."""
    return f"claim-{claim_id}"


def topic_anchor(topic: str) -> str:
    """The id of a topic's section in appendix A."""
    return f"claims-{topic}"


def render_ledger_entries(df: pd.DataFrame) -> str:
    """Claims as appendix A prints them, compactly: per claim one row, its id and verdict beside the claim,
    claimed and computed values, the rule, the basis, the sensitivity note when there is one, how it was
    computed and the source(s) the check used."""
    rows = []
    for r in df.itertuples():
        colour = VERDICT_COLOUR[r.verdict]
        lines = [f"{html.escape(r.claim)} <span class='doc' style='color:#777'>{cite_html(r.document)}</span>"]
        values = []
        if r.claimed:
            values.append(f"<b>Claimed</b> {html.escape(r.claimed)}")
        if r.computed:
            values.append(f"<b>computed</b> {html.escape(r.computed)}")
        if r.difference:
            values.append(f"difference {html.escape(r.difference)}")
        if values:
            lines.append(" · ".join(values))
        for cls, label, text in (
            ("rule", "Rule", r.rule),
            ("basis", "Basis", r.basis),
            ("sens", "Sensitivity", r.sensitivity),
            ("how", "How" if r.verdict != "not checkable" else "Why not", r.how),
            ("src", "Source", r.source),
        ):
            if text:
                lines.append(f"<span class='{cls}'><b>{label}</b> {html.escape(text)}</span>")
        rows.append(
            f"<tr class='{VERDICT_CSS[r.verdict]}' id='{claim_anchor(r.id)}'>"
            f"<td class='cid' style='{_TD};white-space:nowrap'><b>{r.id}</b><br>"
            f"<span class='verdict' style='font-weight:700;color:{colour}'>{r.verdict}</span></td>"
            f"<td class='entry' style='{_TD}'>{'<br>'.join(lines)}</td></tr>"
        )
    return f"<table class='claims compact'><tbody>{''.join(rows)}</tbody></table>"


# The rule by which a chapter shows a claim in its summary, in order of precedence; at most KEY_LIMIT in all.
KEY_LIMIT = 6
_KEY_REASONS = (
    ("contradicted", lambda r: r.verdict == "contradicted"),
    ("verdict depends on the choice", lambda r: r.sensitivity.startswith("Verdict depends")),
    ("partly supported", lambda r: r.verdict == "partly supported"),
    ("wording at odds", lambda r: r.verdict == "wording at odds"),
)
KEY_RULE = (
    "the contradicted claims first, then those whose verdict depends on a choice a referee could make "
    "(another window, basis or source), then the partly supported ones and the probability words whose "
    f"wording is at odds; at most {KEY_LIMIT}, in that order and by id"
)


def key_claims(df: pd.DataFrame, limit: int = KEY_LIMIT) -> pd.DataFrame:
    """The claims a chapter shows in its summary, chosen by KEY_RULE, with a column `why` (every reason that
    applies); the others are in appendix A."""
    ranked = []
    for pos, r in enumerate(df.itertuples()):
        reasons = [name for name, test in _KEY_REASONS if test(r)]
        if reasons:
            first = next(i for i, (name, _) in enumerate(_KEY_REASONS) if name == reasons[0])
            ranked.append((first, pos, "; ".join(reasons)))
    ranked.sort()
    chosen = ranked[:limit]
    out = df.iloc[[pos for _, pos, _ in chosen]].copy()
    out["why"] = [why for _, _, why in chosen]
    return out


def count_text(df: pd.DataFrame, what: str = "claims") -> str:
    """The verdict counts of these claims in words and, apart, the wording outcomes (not verdicts)."""
    vc = df["verdict"].value_counts()
    verdicts = ", ".join(f"<b>{int(vc.get(v, 0))}</b> {v}" for v in VERDICTS)
    n_words = int(sum(vc.get(w, 0) for w in WORDING_OUTCOMES))
    if not n_words:
        return f"<b>{len(df)} {what}:</b> {verdicts}."
    words = ", ".join(f"<b>{int(vc[w])}</b> {w}" for w in WORDING_OUTCOMES if vc.get(w, 0))
    return (
        f"<b>{len(df)} {what}:</b> {len(df) - n_words} with a verdict ({verdicts}); {n_words} probability "
        f"word{'s' if n_words != 1 else ''} checked for their wording only, not verdicts ({words})."
    )


def render_claims_summary_html(df: pd.DataFrame, topic: str = "", full: bool = True) -> str:
    """A chapter's claims in short: the counts per verdict and, apart, the wording outcomes; the few claims
    that matter to its argument (KEY_RULE), each linking to its entry in appendix A; and, collapsed, the
    whole table (which print leaves out)."""
    key = key_claims(df)
    what = f"{topic} claims" if topic else "claims"
    parts = [f"<p class='claims-counts'>{count_text(df, what)}</p>"]
    if len(key):
        heads = ["ID", "Claim (paraphrased)", "Claimed", "Computed", "Verdict", "Why shown"]
        head = "".join(f"<th style='{_TD}'>{h}</th>" for h in heads)
        body = []
        for r in key.itertuples():
            sens = f"<br><span class='sens'>{html.escape(r.sensitivity)}</span>" if "depends" in r.why else ""
            body.append(
                f"<tr class='{VERDICT_CSS[r.verdict]}'><td style='{_TD};white-space:nowrap'>"
                f"<a href='#{claim_anchor(r.id)}'>{r.id}</a></td>"
                f"<td style='{_TD}'>{html.escape(r.claim)} <span class='doc' style='color:#777'>"
                f"{cite_html(r.document)}</span>{sens}</td>"
                f"<td style='{_TD}'>{html.escape(r.claimed)}</td><td style='{_TD}'>{html.escape(r.computed)}</td>"
                f"<td class='verdict' style='{_TD};font-weight:700;color:{VERDICT_COLOUR[r.verdict]}'>{r.verdict}</td>"
                f"<td style='{_TD}'>{html.escape(r.why)}</td></tr>"
            )
        parts.append(f"<table class='claims key'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    rest = len(df) - len(key)
    where = f"<a href='#{topic_anchor(topic)}'>appendix A</a>" if topic else "appendix A"
    shown = (
        f"Shown: {KEY_RULE}."
        if len(key)
        else "No claim here is contradicted, depends on a choice or is in part at odds."
    )
    parts.append(
        f"<p class='claims-rule note'>{shown} {'All ' if not len(key) else 'The other '}{rest} "
        f"{'are' if rest != 1 else 'is'} in {where}, each with its rule, basis and source.</p>"
    )
    if full:
        parts.append(
            f"<details class='claims-all'><summary>All {len(df)} {what}</summary>{render_claims_html(df)}</details>"
        )
    return f"<div class='claims-summary'>{''.join(parts)}</div>"


def rule_book_html() -> str:
    """The rule book as a short table: every rule and named threshold with its rationale."""
    rows = [
        f"<tr><td>{r.name}</td><td>{html.escape(r.text)}</td><td>{html.escape(r.rationale)}</td></tr>"
        for r in RULES.values()
    ]
    rows += [
        # a named threshold by its name in words ('far ahead'), not the register's key ('rule:far_ahead')
        f"<tr><td>threshold: {n.replace('_', ' ')}</td><td>{html.escape(t.meaning)}</td>"
        f"<td>{html.escape(t.rationale)}</td></tr>"
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
