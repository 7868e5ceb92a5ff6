"""The executive summary at the front of the report: each chapter's answers in a few lines.

Every statement is a headline finding that the chapter handed over with `sr.findings` (its label names the
period and the basis; its value is the one this build computed), grouped under the chapter's question and
linking to the chapter's Findings section. Forecasts are listed with their probability and resolution date.
Nothing here is typed: a chapter that records no findings simply has no lines.
"""

from __future__ import annotations

import html
from typing import Any

from ..claims.numbers import number, year
from .render import Chapter

FINDINGS_SECTION = "Findings"


def _value(f: dict[str, Any]) -> str:
    """A finding's value as the chapters print it (claims.numbers): a minus sign, no negative zero, years as
    written (2014, never 2,014)."""
    v, unit = f["value"], f["unit"]
    if unit in ("share", "probability"):
        return number(v, ".1%")
    if unit == "ratio":
        return number(v, ",.1f") + "×"
    if unit == "year":
        return year(v)
    if unit == "count":
        return number(v, ",.0f")
    if unit == "USD bn":
        return number(v, ",.1f") + " bn USD"
    return f"{number(v, ',.3g')} {unit}"


def _line(f: dict[str, Any]) -> str:
    if f.get("kind") == "forecast":
        return (
            f"Forecast: {html.escape(f['question'])} <strong>{f['probability']:.0%}</strong> "
            f"(resolves {html.escape(str(f['resolves']))})"
        )
    return f"{html.escape(f['label'])}: <strong>{_value(f)}</strong>"


def summary_html(chapters: list[Chapter], findings: dict[str, dict[str, Any]]) -> str:
    """The summary section's body: one block per chapter (its title linking to its Findings section), one
    line per recorded finding, in the order the chapter recorded them."""
    blocks = []
    for ch in chapters:
        found = findings.get(ch.name, {})
        if not found:
            continue
        target = next((a for a, _, t in ch.sections if html.unescape(t).strip() == FINDINGS_SECTION), ch.anchor)
        lines = "".join(f"<li>{_line(f)}</li>" for f in found.values())
        blocks.append(f"<div class='summary-chapter'><h3><a href='#{target}'>{ch.title}</a></h3><ul>{lines}</ul></div>")
    if not blocks:
        return "<p>No chapter recorded its findings in this build.</p>"
    intro = (
        "<p>The workbook's answers, chapter by chapter: each line is a headline finding as this build computed "
        "it, with the period and the basis it rests on; the chapter's Findings section gives the argument.</p>"
    )
    return intro + "\n".join(blocks)
