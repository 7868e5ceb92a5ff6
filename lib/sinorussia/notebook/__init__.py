"""Floor 5, notebook: what a chapter calls, and nothing that runs chapters from outside.

    setup    the one set-up call (style, display options, seeded randomness)
    figures  `show` and `table`: numbered figures and tables with finding captions, data as CSV
    style    the visual identity: actor colours, finding-first titles, source lines, axes
    chartrules  the chart rules (year ticks, log axes, legends off the data, print font sizes) and their checks
    prose    numbers, lists and names rendered for prose; `say` shows Markdown built from values
    claims   a chapter's claims shown as the report's appendix shows them
    record   a chapter's key results handed back to a parameter sweep
    controls chapter 06's control panel (ipywidgets), built on the scenarios analysis
    findings a chapter's headline findings handed to the report (editions and what changed)
    vintage  the chapter's 'Data current to' line, also handed to the report's title page

Parameter checks come from `sinorussia.parameters` and tables from `sinorussia.processed`; chapters
reach all of these through the package's public names (`import sinorussia as sr`).
"""

from __future__ import annotations

from ..parameters import check_choices, check_probability, check_range, check_years
from ..processed.load import load, table_names
from ..processed.provenance import source_text
from .chartrules import direct_labels, legend_outside, log_axis, year_axis
from .chartrules import label as human_label
from .claims import (
    KEY_RULE,
    ClaimsSummary,
    ClaimsTable,
    backtest,
    claims_summary,
    claims_table,
    open_questions,
    show_claims,
)
from .controls import ScenarioPanel, scenario_panel
from .figures import show, table
from .findings import findings, forecast
from .prose import either, join_names, join_words, number, pct, plural, rose_or_fell, say, signed, signed_pct, usd
from .record import RESULTS_PARAMETER, record
from .setup import SEED, Setup, setup
from .style import (
    ACTOR_COLOURS,
    ACTOR_NAMES,
    CATEGORY_COLOURS,
    colour,
    colours_for,
    figure_title,
    finding_title,
    name,
    percent_axis,
    period_text,
    source_line,
)
from .vintage import current_to

__all__ = [
    "ACTOR_COLOURS",
    "ACTOR_NAMES",
    "CATEGORY_COLOURS",
    "RESULTS_PARAMETER",
    "ScenarioPanel",
    "SEED",
    "ClaimsSummary",
    "ClaimsTable",
    "KEY_RULE",
    "Setup",
    "backtest",
    "check_choices",
    "check_probability",
    "check_range",
    "check_years",
    "claims_summary",
    "claims_table",
    "colour",
    "colours_for",
    "current_to",
    "direct_labels",
    "either",
    "figure_title",
    "finding_title",
    "findings",
    "forecast",
    "human_label",
    "join_names",
    "join_words",
    "legend_outside",
    "load",
    "log_axis",
    "name",
    "open_questions",
    "number",
    "pct",
    "percent_axis",
    "period_text",
    "plural",
    "record",
    "rose_or_fell",
    "say",
    "scenario_panel",
    "setup",
    "show",
    "show_claims",
    "signed",
    "signed_pct",
    "source_line",
    "source_text",
    "table",
    "table_names",
    "usd",
    "year_axis",
]
