"""Editions: findings handed over by chapters, the comparison with the last edition, the forecast log."""

from __future__ import annotations

import json

import pytest

from sinorussia.errors import ParameterError, WorkbookError
from sinorussia.notebook.findings import FINDINGS_MIME, _entry, forecast
from sinorussia.report import edition as ed


def _nb(payloads):
    return {
        "cells": [
            {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {FINDINGS_MIME: p}}]}
            for p in payloads
        ]
    }


def _edition(date, verdicts, findings):
    return ed.make_edition(date, "abc1234", findings, [{"id": k, "verdict": v} for k, v in verdicts.items()])


SHARE = {
    "kind": "number",
    "value": 0.338,
    "label": "China's share of Russia's trade, 2023 (FCS total)",
    "unit": "share",
}


def test_findings_travel_in_the_executed_notebook():
    nb = _nb([{"a": SHARE}, {"b": {**SHARE, "value": 0.4}, "a": {**SHARE, "value": 0.35}}])
    got = ed.chapter_findings({"02_economics": nb, "01_context": {"cells": []}})
    assert set(got) == {"02_economics"} and got["02_economics"]["a"]["value"] == 0.35  # the later call wins


def test_a_finding_needs_a_known_unit_and_a_number():
    assert _entry("x", (0.2, "label", "share"))["value"] == 0.2
    with pytest.raises(ParameterError, match="unit 'percents'"):
        _entry("x", (0.2, "label", "percents"))
    with pytest.raises(ParameterError, match="NaN"):
        _entry("x", (float("nan"), "label", "share"))
    with pytest.raises(ParameterError, match="between 0 and 1"):
        forecast("q?", 1.2, "2030-12-31")


def test_what_changed_lists_flips_moves_periods_and_new_claims():
    before = _edition(
        "2026-12-01", {"ECO-05": "partly supported", "MIL-14": "contradicted"}, {"02": {"share": SHARE, "tiny": SHARE}}
    )
    now = _edition(
        "2027-01-10",
        {"ECO-05": "supported", "MIL-14": "contradicted", "ECO-40": "supported"},
        {
            "02": {
                "share": {**SHARE, "value": 0.351},  # +1.3 points: listed
                "tiny": {**SHARE, "value": 0.342},  # +0.4 points: below the threshold
            },
        },
    )
    changes = ed.compare(before, now)
    kinds = {(c.kind, c.what) for c in changes}
    assert ("verdict", "ECO-05") in kinds and ("claim", "ECO-40") in kinds
    assert not any(c.what == "MIL-14" for c in changes)
    moved = [c for c in changes if c.kind == "number"]
    assert len(moved) == 1 and moved[0].old == "33.8%" and moved[0].new == "35.1%"
    # a finding on a later period is listed with both labels
    later = _edition(
        "2027-01-10", {}, {"02": {"share": {**SHARE, "label": "China's share of Russia's trade, 2024 (FCS total)"}}}
    )
    period = [c for c in ed.compare(before, later) if c.kind == "period"]
    assert period and "2023" in period[0].old and "2024" in period[0].what


def test_a_forecast_of_an_earlier_edition_is_scored_when_the_data_resolve_it():
    q = forecast("China's share of Russia's trade above 40% in 2028?", 0.7, "2029-12-31")
    before = _edition("2026-12-01", {}, {"06": {"f1": q}})
    open_now = _edition("2027-06-01", {}, {"06": {"f1": q}})
    assert not [c for c in ed.compare(before, open_now) if c.kind == "forecast"]
    resolved = _edition("2029-12-31", {}, {"06": {"f1": {**q, "outcome": 0}}})
    [c] = [c for c in ed.compare(before, resolved) if c.kind == "forecast"]
    assert c.new == "no" and "Brier 0.490" in c.note


def test_editions_on_disk(tmp_path):
    e = _edition("2026-12-01", {"ECO-01": "supported"}, {})
    path = ed.write_edition(e, tmp_path)
    assert path.name == "2026-12-01.json" and ed.editions(tmp_path) == [e]
    (tmp_path / "2026-12-02.json").write_text("{not json")
    with pytest.raises(WorkbookError, match=r"2026-12-02.json: not valid JSON"):
        ed.editions(tmp_path)
    (tmp_path / "2026-12-02.json").write_text(json.dumps({"edition": "x"}))
    with pytest.raises(WorkbookError, match="not an edition"):
        ed.editions(tmp_path)


def test_make_edition_refuses_a_partial_build(tmp_path):
    (tmp_path / "edition.json").write_text(
        json.dumps({"edition": "2026-12-01", "ledger": {}, "findings": {}, "partial": True})
    )
    with pytest.raises(WorkbookError, match="partial build"):
        ed.read_build_edition(tmp_path)
    with pytest.raises(WorkbookError, match="run `make report` first"):
        ed.read_build_edition(tmp_path / "nowhere")


def test_changes_html_says_when_nothing_changed():
    e = _edition("2026-12-01", {"ECO-01": "supported"}, {})
    assert "Nothing changed" in ed.changes_html(e, [])
    assert "first build with editions" in ed.changes_html(None, [])


def test_the_title_page_shows_the_most_recent_series():
    from sinorussia.notebook.vintage import VINTAGE_MIME

    nb = {
        "cells": [{"outputs": [{"data": {VINTAGE_MIME: {"trade": "2024", "crude": "Dec 2024", "vetoes": "Sep 2025"}}}]}]
    }
    v = ed.chapter_vintage({"02": nb, "03": {"cells": []}})
    assert v == {"02": {"trade": "2024", "crude": "Dec 2024", "vetoes": "Sep 2025"}}
    assert ed.latest_period(v) == "Sep 2025"
    assert ed.latest_period({"a": {"x": "2025", "y": "Nov 2025"}}) == "2025"  # a year alone is the whole year


def test_a_ledger_entry_without_a_verdict_still_compares():
    before = _edition("2026-11-29", {"ECO-01": "supported"}, {})
    now = ed.make_edition("2026-12-01", "x", {}, [{"id": "STUB-01"}])
    changes = ed.compare(before, now)
    assert {(c.kind, c.what, c.old, c.new) for c in changes} == {
        ("claim", "STUB-01", "—", "—"),
        ("claim", "ECO-01", "supported", "—"),
    }
    assert "STUB-01" in ed.changes_html(before, changes)


def test_the_summary_states_each_chapter_s_findings_and_links_to_its_findings_section():
    from sinorussia.report.render import Chapter
    from sinorussia.report.summary import summary_html

    ch = Chapter(
        2, "02_economics", "Trade", "ch2", sections=[("ch2-s1", "2.1", "Scale"), ("ch2-s6", "2.6", "Findings")]
    )
    q = forecast("Above 40% in 2028?", 0.68, "2029-12-31")
    page = summary_html([ch, Chapter(3, "03_energy", "Energy", "ch3")], {"02_economics": {"share": SHARE, "f": q}})
    assert "href='#ch2-s6'" in page and ">Trade</a>" in page and "Energy" not in page
    assert "trade, 2023 (FCS total): <strong>33.8%</strong>" in page and "&#x27;" in page  # labels are escaped
    assert "Forecast: Above 40% in 2028? <strong>68%</strong> (resolves 2029-12-31)" in page
    assert "No chapter recorded" in summary_html([ch], {})
