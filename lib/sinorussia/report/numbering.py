"""Numbered figures and tables, their captions and data downloads, and {numref} cross-references.

A chart cell that ends with `sr.show(...)` (notebook/figures.py) leaves two outputs: a caption
(Markdown, kind "caption") and the image (kind "figure") whose metadata carry the label, the finding,
the subtitle and the data drawn as CSV. The report makes of them one `<figure id="fig-<label>">`
numbered "Figure N.M" (N the chapter), the finding in bold and the subtitle in grey above the image,
and a "Data (CSV)" link whose href is the data itself (a data: URI), so the page needs no server.
`sr.table(...)` outputs become "Table N.M" the same way (`id="tbl-<label>"`).

Prose refers to either as Jupyter Book does, {numref}`fig-trade-headline` or {numref}`Figure %s <fig-x>`.
Markdown is rendered chapter by chapter, but a reference may point into a later chapter, so the
renderer leaves a marker (`mark_references`) and the page resolves every marker once all chapters are
numbered (`resolve_references`); an unknown label stops the build with one line naming the chapter.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass

from ..errors import WorkbookError

# The key under which notebook/figures.py writes output metadata (figures.META_KEY; not imported, so that
# assembling the page does not import the notebook floor and pandas with it; a test checks they agree).
META_KEY = "sinorussia"

_LABEL = r"(?:fig|tbl)-[a-z0-9][a-z0-9-]*"
# {numref}`fig-x` or {numref}`Figure %s <fig-x>` (the explicit text; %s is the number)
NUMREF = re.compile(
    r"\{numref\}`\s*(?:(?P<text>[^`<]*?)\s*<(?P<inner>" + _LABEL + r")>|(?P<label>" + _LABEL + r"))\s*`"
)
# what mark_references leaves in the text: letters Markdown does not touch, the label and the text (hex)
_MARK = re.compile(r"\u27e6numref:(" + _LABEL + r"):([0-9a-f]*)\u27e7")
BAD_NUMREF = re.compile(r"\{numref\}`[^`]*`")


@dataclass(frozen=True)
class Numbered:
    """One numbered figure or table of the report: where it is and what it is called."""

    kind: str  # "Figure" | "Table"
    number: str  # "2.1"
    anchor: str  # "fig-trade-headline"
    chapter: int
    caption: str  # plain text

    @property
    def name(self) -> str:
        return f"{self.kind} {self.number}"


def mark_references(text: str, where: str) -> str:
    """Replace every {numref} in Markdown `text` by a marker that survives rendering (resolved later)."""

    def repl(m: re.Match) -> str:
        label = m.group("label") or m.group("inner")
        custom = (m.group("text") or "").encode("utf-8").hex()
        return f"\u27e6numref:{label}:{custom}\u27e7"

    out = NUMREF.sub(repl, text)
    bad = BAD_NUMREF.search(out)
    if bad:
        raise WorkbookError(
            f"{where}: {bad.group(0)} is not a figure or table reference; "
            "write {numref}`fig-<label>` or {numref}`tbl-<label>` with the label given to sr.show / sr.table"
        )
    return out


def resolve_references(body: str, registry: dict[str, Numbered], where: str) -> str:
    """Every marker in `body` as a link "Figure 2.1" to its anchor; an unknown label is a WorkbookError."""

    def repl(m: re.Match) -> str:
        label, custom = m.group(1), bytes.fromhex(m.group(2)).decode("utf-8")
        item = registry.get(label)
        if item is None:
            known = ", ".join(sorted(registry)) or "none"
            raise WorkbookError(
                f"{where}: {{numref}}`{label}` refers to no figure or table in the report "
                f"(labels given to sr.show / sr.table: {known})"
            )
        text = custom.replace("%s", item.number) if "%s" in custom else (custom or item.name)
        return f'<a class="xref" href="#{item.anchor}">{html.escape(text)}</a>'

    return _MARK.sub(repl, body)


def csv_filename(notebook: str, label: str) -> str:
    """The download name of a figure's or table's data: the notebook's number and the label, 02-trade-headline.csv."""
    prefix = notebook.split("_", 1)[0] if "_" in notebook else notebook
    return f"{prefix}-{label}.csv"


def download_link(text: str, filename: str, mime: str = "text/csv", label: str = "Data (CSV)") -> str:
    """A link that downloads `text` as `filename`: the file is the href (a base64 data: URI), no server."""
    b64 = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="download" href="data:{mime};base64,{b64}" download="{html.escape(filename, quote=True)}">'
        f"{html.escape(label)}</a>"
    )


def caption_html(item: Numbered, finding: str, subtitle: str = "", download: str = "") -> str:
    """A numbered caption: the number, the finding (bold), the subtitle (grey) and the data link."""
    parts = [f'<span class="fig-no">{html.escape(item.name)}</span>']
    if finding:
        parts.append(f'<span class="finding">{html.escape(finding)}</span>')
    if subtitle:
        parts.append(f'<span class="fig-subtitle">{html.escape(subtitle)}</span>')
    if download:
        parts.append(f'<span class="fig-data">{download}</span>')
    return " ".join(parts)


_CAPTION_TAG = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S | re.I)


def split_table_caption(table_html: str) -> tuple[str, str]:
    """(the table without its <caption>, the caption as plain text): the report sets the caption itself."""
    m = _CAPTION_TAG.search(table_html)
    if not m:
        return table_html, ""
    text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
    return table_html[: m.start()] + table_html[m.end() :], text
