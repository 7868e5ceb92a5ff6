"""Appendix C, references: the five source documents (seeds/sources.yaml, the entries the text's
author-date links point to), the producers of the raw data the processed tables are built from
(data/catalog.yaml, one entry per producer), and the other works the chapters rely on; and the
"How to cite this workbook" block, rendered from CITATION.cff at the repository root.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import yaml

from .. import paths
from ..claims import documents
from ..errors import WorkbookError
from ..processed import table_names, table_spec
from ..raw import raw_catalog

CITATION_FILE = paths.ROOT / "CITATION.cff"
CITATION_REQUIRED = ("cff-version", "message", "title", "type", "authors", "version", "license", "date-released")

# Works the chapters cite that are neither source documents nor data files (the curated tables list
# their own sources in their rows). (anchor, entry text, URL or "" where no address could be verified here)
OTHER_WORKS = (
    (
        "ref-icd203",
        "Office of the Director of National Intelligence (2015). Intelligence Community Directive 203: "
        "Analytic Standards, 2 January 2015, section D.6.e: the likelihood terms and their ranges. Published on "
        "the ODNI website (dni.gov); the exact address was not verified for this edition.",
        "",
    ),
)

_URL = re.compile(r"(https?://[^\s<>'\"]+[^\s<>'\".,;)])")


def _e(text: object) -> str:
    return html.escape(str(text))


def _linked(text: str) -> str:
    """Escaped text with its URLs as links."""
    return _URL.sub(lambda m: f"<a class='url' href='{m.group(1)}'>{m.group(1)}</a>", _e(text))


@dataclass(frozen=True)
class Producer:
    """One producer of raw data, with the distinct citations of its files and the files themselves."""

    name: str
    url: str
    citations: tuple[str, ...]
    files: tuple[str, ...]


def data_producers() -> list[Producer]:
    """The producers of the raw files any processed table is built from, deduplicated by producer."""
    try:
        catalog = raw_catalog()
        used = {sid for name in table_names() for sid in table_spec(name).sources}
    except Exception as exc:
        raise WorkbookError(f"the references could not list the data sources: {type(exc).__name__}: {exc}") from exc
    by: dict[str, dict] = {}
    for sid in sorted(used):
        raw = catalog.get(sid)
        if raw is None:  # a curated file: its rows name their sources
            continue
        p = by.setdefault(raw.producer, {"url": raw.producer_url, "citations": [], "files": []})
        if raw.citation and raw.citation not in p["citations"]:
            p["citations"].append(raw.citation)
        p["files"].append(sid)
    return [
        Producer(name, p["url"], tuple(p["citations"]), tuple(p["files"]))
        for name, p in sorted(by.items(), key=lambda kv: kv[0].lower())
    ]


def document_entries_html() -> str:
    """The source documents as a reference list, each entry at the anchor its citations link to."""
    items = []
    for d in documents().values():
        url = f" {_linked(d.url)}" if d.url else ""
        author = "" if d.author.lower().startswith("not named") else f"{_e(d.author)}. "
        items.append(
            f"<li id='{d.anchor}'><span class='ref-label'>{_e(d.label)}</span> {author}"
            f"<cite>{_e(d.title)}</cite>. {_e(d.outlet)}; {_e(d.kind)}, {_e(d.date)}"
            f"{' (estimated)' if d.circa else ''}.{url} <span class='muted ref-key'>Key <code>{_e(d.key)}</code> (the ledger's document field).</span></li>"
        )
    return "<ol class='references documents'>" + "".join(items) + "</ol>"


def producer_entries_html(producers: list[Producer]) -> str:
    """The data producers as a reference list: name, homepage, the citation(s) they ask for, our files."""
    items = []
    for p in producers:
        slug = re.sub(r"[^a-z0-9]+", "-", p.name.lower()).strip("-")
        cites = " ".join(_linked(c) for c in p.citations)
        url = f" {_linked(p.url)}" if p.url else ""
        files = ", ".join(f"<code>{_e(f)}</code>" for f in p.files)
        items.append(
            f"<li id='ref-data-{slug}'><span class='ref-label'>{_e(p.name)}</span> {cites}{url} "
            f"<span class='muted'>Raw files: {files}.</span></li>"
        )
    return "<ol class='references producers'>" + "".join(items) + "</ol>"


def references_html() -> str:
    """Appendix C's body: C.1 source documents, C.2 data producers, C.3 other works."""
    other = "".join(f"<li id='{a}'>{_e(text)} {_linked(url) if url else ''}</li>" for a, text, url in OTHER_WORKS)
    return "\n".join(
        [
            '<h2 id="appendix-c-documents"><span class="secno">C.1</span>Source documents</h2>',
            "<p class='note'>The five documents whose claims the workbook checks (<code>seeds/sources.yaml</code>). "
            "The text cites them author–date; a document without a named author is cited by a short title, "
            "and an estimated year is marked c.</p>",
            document_entries_html(),
            '<h2 id="appendix-c-data"><span class="secno">C.2</span>Data producers</h2>',
            "<p class='note'>The producers of the raw files the processed tables are built from "
            "(<code>data/catalog.yaml</code>), one entry per producer, with the citation each asks for. "
            "The curated tables name their sources in their own rows.</p>",
            producer_entries_html(data_producers()),
            '<h2 id="appendix-c-other"><span class="secno">C.3</span>Other works</h2>',
            f"<ol class='references other'>{other}</ol>",
        ]
    )


def load_citation() -> dict:
    """CITATION.cff, parsed and checked for the fields the report's citation block needs."""
    try:
        cff = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WorkbookError(f"CITATION.cff could not be read: {exc}") from exc
    missing = [f for f in CITATION_REQUIRED if not (isinstance(cff, dict) and cff.get(f))]
    if missing:
        raise WorkbookError(f"CITATION.cff lacks {', '.join(missing)}")
    return cff


def _author(a: dict) -> str:
    if a.get("name"):
        return str(a["name"])
    return " ".join(str(a[k]) for k in ("given-names", "family-names") if a.get(k))


def citation_text(cff: dict | None = None) -> str:
    """The workbook's citation as plain text, from CITATION.cff."""
    cff = load_citation() if cff is None else cff
    authors = "; ".join(_author(a) for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    where = f" {cff['repository-code']}" if cff.get("repository-code") else ""
    return (
        f"{authors} ({year}). {cff['title']} (version {cff['version']}) [{cff['type']}]. "
        f"Released {cff['date-released']}; {cff['license']} licence.{where}"
    )


def citation_html(cff: dict | None = None) -> str:
    """The 'How to cite this workbook' block: CITATION.cff's message and the citation built from it."""
    cff = load_citation() if cff is None else cff
    return (
        f"<p>{_e(cff['message'])}</p><blockquote class='citation'>{_linked(citation_text(cff))}</blockquote>"
        "<p class='muted'>Machine-readable: <code>CITATION.cff</code> at the root of the repository.</p>"
    )
