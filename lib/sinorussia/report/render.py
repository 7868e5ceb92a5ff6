"""Rendering one executed notebook as a chapter of the report: Markdown, highlighted code, ChapterRenderer.

Code is hidden: cells tagged remove-cell/remove-input lose their code, and with the report-wide
`hide_all_inputs` (default) every other input too; hide-input cells keep their code in a collapsed
<details>. Solution cells are left out (the seminar's teacher copies have them; `report: {show_solutions:
true}` in parameters.yaml shows them as a collapsed "Solution"). Figures are embedded as base64 PNG,
numbered per chapter with the finding as caption and their data as a CSV download (numbering.py reads the
output metadata that sr.show / sr.table write); error outputs and stderr streams are dropped. `$…$` and
`$$…$$` are left for MathJax (mathjax.py typesets them when the page is published).

Each output goes through one dispatch point, `ChapterRenderer._output`: first by the kind its
`sinorussia` metadata declare, then by MIME type; a new kind of output is one branch there.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..errors import WorkbookError
from . import vega
from .notebooks import cell_source, cell_tags, skip_slow_jsonschema_formats, strip_ansi
from .numbering import (
    META_KEY,
    Numbered,
    caption_html,
    csv_filename,
    download_link,
    mark_references,
    resolve_references,
    split_table_caption,
)

KEEP_WITH_NEXT_CHARS = 400  # a lead-in shorter than this (about four printed lines) is kept with its figure
_TAG_HIDE_CELL = {"remove-cell", "injected-parameters", "papermill-error-cell-tag"}


def _text(v: object) -> str:
    return "".join(v) if isinstance(v, list) else str(v)


def _own(meta: object) -> dict:
    """What an output's metadata say about it for the report (sr.show / sr.table): {} when nothing."""
    own = meta.get(META_KEY) if isinstance(meta, dict) else None
    return own if isinstance(own, dict) else {}


def _tags(cell: dict) -> set[str]:
    return set(cell_tags(cell))


def _strip_tags(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", s)).strip()


def _slug(s: str) -> str:
    s = re.sub(r"[^\w\s-]", "", _strip_tags(s).lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", s).strip("-") or "section"


# --------------------------------------------------------------------------------------------
# Markdown and code
# --------------------------------------------------------------------------------------------


def markdown(text: str) -> str:
    """Markdown -> HTML with $…$ / $$…$$ left intact for MathJax (nbconvert's renderer)."""
    skip_slow_jsonschema_formats()
    # nbconvert is imported only when a page is assembled, not on a no-change build (CLI start-up time)
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


_HEADING = re.compile(r'<h([1-6])(?:\s+id="[^"]*")?>(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h\1>', re.S)


def highlight(code: str) -> str:
    """Python source as highlighted HTML (<pre class="code">)."""
    # pygments is imported only when a page is assembled (CLI start-up time), as below
    from pygments import highlight as pyg
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return f'<pre class="code">{pyg(code, PythonLexer(), HtmlFormatter(nowrap=True))}</pre>'


def code_css() -> str:
    """The stylesheet of highlighted code."""
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style="friendly").get_style_defs("pre.code")
    return re.sub(r"\s*/\*.*?\*/", "", css)


# --------------------------------------------------------------------------------------------
# Chapters
# --------------------------------------------------------------------------------------------


@dataclass
class Chapter:
    """One notebook as a numbered chapter of the page: its title, body and sections (HTML) and its parameters."""

    number: int
    name: str
    title: str  # HTML
    anchor: str
    body: str = ""
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, number, title HTML)
    parameters: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    figures: int = 0
    tables: int = 0
    numbered: list[Numbered] = field(default_factory=list)  # every figure and table, in order

    @property
    def plain_title(self) -> str:
        return _strip_tags(self.title)


_BORING_REPR = re.compile(
    r"^(<Figure size [^>]*>|<matplotlib\.[^>]*>|\[?<matplotlib\.[\s\S]*>\]?|"
    r"Text\(.*\)|\[?<Axes:.*>\]?|<[\w.]+ object at 0x[0-9a-f]+>|None)$",
    re.S,
)


class ChapterRenderer:
    """Renders one executed notebook's cells into a Chapter: numbered sections and figures, hidden code."""

    def __init__(
        self,
        number: int,
        name: str,
        nb: dict,
        *,
        hide_all_inputs: bool,
        fallback_title: str,
        show_solutions: bool = False,
    ) -> None:
        self.ch = Chapter(number=number, name=name, title=html.escape(fallback_title), anchor=f"ch{number}")
        self.nb = nb
        self.hide_all = hide_all_inputs
        self.show_solutions = show_solutions
        self.title_taken = False
        self.section_no = 0
        self.section_title = ""
        self.used_ids: set[str] = set()
        self.where = f"chapter {number} ({name}.ipynb)"

    # headings: the first h1 is the chapter title; h1/h2 become numbered sections
    def _headings(self, rendered: str) -> str:
        def repl(m: re.Match) -> str:
            level, inner = int(m.group(1)), m.group(2).strip()
            if level == 1 and not self.title_taken:
                self.ch.title = inner
                self.title_taken = True
                return ""
            if level <= 2:
                self.section_no += 1
                num = f"{self.ch.number}.{self.section_no}"
                anchor = f"{self.ch.anchor}-s{self.section_no}"
                self.ch.sections.append((anchor, num, inner))
                self.section_title = _strip_tags(inner)
                return f'<h2 id="{anchor}"><span class="secno">{num}</span>{inner}</h2>'
            anchor = f"{self.ch.anchor}-{_slug(inner)}"
            while anchor in self.used_ids:
                anchor += "-x"
            self.used_ids.add(anchor)
            tag = "h3" if level == 3 else "h4"
            return f'<{tag} id="{anchor}">{inner}</{tag}>'

        return _HEADING.sub(repl, rendered)

    def _markdown_cell(self, cell: dict) -> str:
        text = mark_references(cell_source(cell), self.where)
        out = markdown(text)
        for name, bundle in (cell.get("attachments") or {}).items():
            for mime, data in bundle.items():
                if mime.startswith("image/"):
                    out = out.replace(f'src="attachment:{name}"', f'src="data:{mime};base64,{_text(data).strip()}"')
                    break
        if not out.strip():
            return ""
        out = self._headings(out)
        # a heading with only a short lead-in after it stays on the page of what follows (a chart, a table)
        ends = [m.end() for m in re.finditer(r"</h[234]>", out)]
        short = bool(ends) and len(_strip_tags(out[ends[-1] :])) < KEEP_WITH_NEXT_CHARS
        return f'<div class="md keep-next">{out}</div>' if short else f'<div class="md">{out}</div>'

    def _number(self, kind: str, label: str | None, caption: str) -> Numbered:
        """The next Figure/Table number of this chapter, anchored at fig-/tbl-<label> (or by number)."""
        if kind == "Figure":
            self.ch.figures += 1
            n, prefix = self.ch.figures, "fig"
        else:
            self.ch.tables += 1
            n, prefix = self.ch.tables, "tbl"
        anchor = f"{prefix}-{label}" if label else f"{prefix}-{self.ch.number}-{n}"
        item = Numbered(kind, f"{self.ch.number}.{n}", anchor, self.ch.number, caption)
        self.ch.numbered.append(item)
        return item

    def _download(self, meta: dict) -> str:
        csv, label = meta.get("csv"), meta.get("label")
        return download_link(str(csv), csv_filename(self.ch.name, str(label))) if csv and label else ""

    def _figure(self, mime: str, data: str | list[str], meta: dict, legacy_caption: str | None = None) -> str:
        """A numbered <figure>: caption (finding, subtitle, data link) above the image."""
        own = _own(meta)
        finding = str(own.get("caption") or legacy_caption or self.section_title or "")
        subtitle = str(own.get("subtitle") or "")
        item = self._number("Figure", own.get("label"), finding)
        alt = html.escape(" ".join(t for t in (finding, subtitle) if t) or item.name, quote=True)
        width = (meta.get(mime) or {}).get("width") if isinstance(meta.get(mime), dict) else None
        style = f' style="width:{int(str(width))}px"' if width and str(width).isdigit() else ""
        if mime == vega.MIME:  # an interactive chart: vega.figure_html built the body
            img = _text(data)
        elif mime == "image/svg+xml":
            img = f'<div class="svg" role="img" aria-label="{alt}">{_text(data)}</div>'
        else:
            img = f'<img src="data:{mime};base64,{_text(data).strip()}" alt="{alt}"{style}>'
        cap = caption_html(item, finding, subtitle, self._download(own))
        return f'<figure class="figure" id="{item.anchor}"><figcaption>{cap}</figcaption>{img}</figure>'

    def _table(self, h: str, own: dict) -> str:
        """An HTML output: a numbered table when it is labelled or has a <caption>, else as it is."""
        h = re.sub(r"<style[^>]*>.*?</style>", "", h, flags=re.S | re.I)
        h = re.sub(r"<script[^>]*>.*?</script>", "", h, flags=re.S | re.I)
        h = re.sub(r'\sborder="1"', "", h)
        if "<table" not in h:
            return f'<div class="html-out">{h.strip()}</div>'
        # a table longer than about half a page may break across pages in print
        cls = "table-wrap long" if h.count("<tr") > 12 else "table-wrap"
        h, inner_caption = split_table_caption(h)
        caption = str(own.get("caption") or inner_caption)
        if not caption:
            return f'<div class="{cls}">{h.strip()}</div>'
        item = self._number("Table", own.get("label"), caption)
        cap = caption_html(item, caption, "", self._download(own))
        return (
            f'<figure class="table{" long" if "long" in cls else ""}" id="{item.anchor}">'
            f'<figcaption>{cap}</figcaption><div class="{cls}">{h.strip()}</div></figure>'
        )

    def _markdown_output(self, text: str) -> str:
        return f'<div class="say">{self._headings(markdown(mark_references(text, self.where)))}</div>'

    def _output(self, o: dict, legacy_caption: str | None, merged: set[str]) -> str:
        """One output as HTML: the one dispatch point, by declared kind and then by MIME type."""
        data = o.get("data", {})
        meta = o.get("metadata", {})
        own = _own(meta)
        kind = own.get("kind")
        if kind == "caption" and own.get("label") in merged:
            return ""  # its figure, in the same cell, carries the caption
        if vega.is_interactive(data):  # before the image branch: it also carries a static SVG
            number = f"{self.ch.number}-{self.ch.figures + 1}"
            return self._figure(vega.MIME, vega.figure_html(data, meta, number), meta, legacy_caption)
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            if mime in data:
                return self._figure(mime, data[mime], meta, legacy_caption)
        if "text/html" in data:
            return self._table(_text(data["text/html"]), own)
        if "text/markdown" in data:
            return self._markdown_output(_text(data["text/markdown"]))
        if "text/latex" in data:
            return f'<div class="latex">{html.escape(_text(data["text/latex"]))}</div>'
        if "text/plain" in data:
            text = strip_ansi(_text(data["text/plain"])).strip()
            if text and not _BORING_REPR.match(text):
                return f'<pre class="stdout">{html.escape(text)}</pre>'
        return ""

    def _outputs(self, cell: dict) -> str:
        parts = []
        captions = cell.get("metadata", {}).get("caption")
        captions = captions if isinstance(captions, list) else ([captions] if captions else [])
        outputs = cell.get("outputs", [])
        # labels of the figures in this cell: their separate caption outputs merge into them
        merged = {str(own.get("label")) for o in outputs if (own := _own(o.get("metadata"))).get("kind") == "figure"}
        fig_i = 0
        for o in outputs:
            kind = o.get("output_type")
            if kind == "error":
                continue  # never in the report
            if kind == "stream":
                if o.get("name") != "stdout":
                    continue  # stderr: warnings and logging stay out of the report
                text = strip_ansi(_text(o.get("text", ""))).rstrip("\n")
                if text.strip():
                    parts.append(f'<pre class="stdout">{html.escape(text)}</pre>')
                continue
            data = o.get("data", {})
            legacy = None
            if any(m in data for m in ("image/png", "image/jpeg", "image/svg+xml")):
                legacy = captions[fig_i] if fig_i < len(captions) else None  # cell metadata, figure by figure
                fig_i += 1
            parts.append(self._output(o, legacy, merged))
        return "".join(p for p in parts if p)

    def _code_cell(self, cell: dict) -> str:
        tags = _tags(cell)
        code = cell_source(cell)
        outputs = self._outputs(cell)
        if "solution" in tags:
            if not self.show_solutions:
                return ""  # the seminar's teacher copies have them; the report does not give them away
            body = highlight(code) + outputs
            return f'<details class="solution"><summary>Solution</summary>{body}</details>'
        if "remove-input" in tags or "parameters" in tags:
            return outputs
        if "hide-input" in tags:
            return f'<details class="code"><summary>Show code</summary>{highlight(code)}</details>{outputs}'
        if self.hide_all:
            return outputs
        return highlight(code) + outputs

    def render(self) -> Chapter:
        parts = []
        for cell in self.nb.get("cells", []):
            if _tags(cell) & _TAG_HIDE_CELL:
                continue
            kind = cell.get("cell_type")
            if kind == "markdown":
                parts.append(self._markdown_cell(cell))
            elif kind == "code":
                parts.append(self._code_cell(cell))
        self.ch.body = "\n".join(p for p in parts if p)
        return self.ch


def render_chapter(
    number: int,
    name: str,
    nb: dict,
    *,
    hide_all_inputs: bool = True,
    fallback_title: str = "",
    show_solutions: bool = False,
) -> Chapter:
    """One executed notebook (a dict read from JSON) as chapter `number` of the report."""
    return ChapterRenderer(
        number,
        name,
        nb,
        hide_all_inputs=hide_all_inputs,
        fallback_title=fallback_title or name,
        show_solutions=show_solutions,
    ).render()


def resolve_chapter_references(chapters: list[Chapter]) -> dict[str, Numbered]:
    """Replace every {numref} of every chapter by its numbered link, once all chapters are numbered (a
    reference may point into another chapter). Returns the registry: anchor -> numbered figure or table."""
    registry: dict[str, Numbered] = {}
    for ch in chapters:
        for item in ch.numbered:
            if item.anchor in registry:
                first = registry[item.anchor]
                raise WorkbookError(
                    f"chapter {ch.number} ({ch.name}.ipynb): the label {item.anchor!r} of {item.name} is already "
                    f"used by {first.name}; give each sr.show / sr.table its own label"
                )
            registry[item.anchor] = item
    for ch in chapters:
        ch.body = resolve_references(ch.body, registry, f"chapter {ch.number} ({ch.name}.ipynb)")
    return registry
