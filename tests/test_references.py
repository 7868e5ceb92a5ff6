"""Appendix C and the citations: document keys as author-date links, the references, CITATION.cff, and
the print rule that shows a link's address on paper."""

from __future__ import annotations

import re
from html import escape as html_escape

import pytest
import yaml

import sinorussia
from sinorussia import paths
from sinorussia.claims import cite_html, cite_label, documents, link_documents, render_claims_html
from sinorussia.claims.model import SOURCES_FILE
from sinorussia.errors import WorkbookError
from sinorussia.report.references import (
    CITATION_FILE,
    CITATION_REQUIRED,
    citation_html,
    citation_text,
    data_producers,
    load_citation,
    references_html,
)

KEYS = [d["id"] for d in yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))]


def test_every_document_has_an_author_date_label():
    docs = documents()
    assert list(docs) == KEYS and len(KEYS) == 5
    assert cite_label("gill2025") == "Gill (2025)"
    assert cite_label("fraser2024") == "Fraser (2024)"
    assert cite_label("redline2024") == "Red Line (2024)"
    # undated documents: a short title and an estimated year
    assert cite_label("saga2018") == "Continuing Saga (c. 2018)"
    assert cite_label("marriage2025") == "Marriage without Love (c. 2025)"
    for key, d in docs.items():
        assert d.anchor == f"ref-{key}" and f"href='#ref-{key}'" in cite_html(key)
    with pytest.raises(WorkbookError):
        cite_label("nobody1999")


def test_link_documents_in_text_only():
    html = (
        "<td class='x' data-doc='gill2025'>gill2025</td><p>claim [fraser2024]; cites this document (saga2018)."
        "</p><style>.gill2025 {}</style>"
    )
    out = link_documents(html)
    assert "data-doc='gill2025'" in out and ".gill2025 {}" in out, "tags and styles untouched"
    assert ">Gill (2025)</a></td>" in out
    assert "[" not in out.split("claim")[1].split(";")[0], "the brackets go with the key"
    assert "Fraser (2024)</a>" in out and "(<a class='cite' href='#ref-saga2018'" in out
    assert ">Continuing Saga c. 2018</a>)" in out, "a key in brackets is cited parenthetically"
    assert link_documents(out) == out, "idempotent"


def test_claims_table_cites_documents_by_label():
    from sinorussia.claims import claims_table

    table = render_claims_html(claims_table("context"))
    assert not re.search(r"\b(" + "|".join(KEYS) + r")\b", re.sub(r"<[^>]+>", "", table)), "no bare key"
    assert "href='#ref-saga2018'" in table


def test_references_list_every_document_and_the_data_producers():
    html = references_html()
    for key in KEYS:
        assert f"id='ref-{key}'" in html, key
    producers = data_producers()
    assert len({p.name for p in producers}) == len(producers), "one entry per producer"
    for p in producers:
        assert html_escape(p.name) in html, p.name
    assert "Mauboussin" in html and "zonination" in html, "the survey sources"
    assert "Intelligence Community Directive 203" in html


def test_citation_file_parses_with_the_required_fields():
    cff = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8"))
    for f in CITATION_REQUIRED:
        assert cff.get(f), f
    assert str(cff["cff-version"]) == "1.2.0"
    assert cff["type"] in ("software", "dataset")
    assert cff["license"] == "MIT"
    assert str(cff["version"]) == sinorussia.__version__, "CITATION.cff follows the package version"
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    text = citation_text(load_citation())
    assert cff["title"] in text and str(cff["version"]) in text and str(cff["date-released"])[:4] in text
    assert html_escape(text) in citation_html()


def test_print_shows_external_link_addresses_but_not_anchors_or_in_tables():
    css = (paths.PACKAGE_DIR / "report" / "templates" / "report.css").read_text(encoding="utf-8")
    screen, _, print_ = css.partition("@media print {")
    assert 'a[href^="http"]' not in screen
    rule = re.search(r'a\[href\^="http"\]:not\(\.url\)::after\s*\{([^}]*)\}', print_)
    assert rule and "attr(href)" in rule.group(1)
    assert re.search(r'table a\[href\^="http"\]::after[^{]*\{\s*content:\s*none', print_)
