"""Assemble the executed notebooks into one self-contained HTML report.

One pass over build/executed/*.ipynb (read as plain JSON): a title page, a table of contents,
one numbered chapter per notebook (its first `#` heading is the chapter title), and two
appendices — (A) the claim ledger and (B) reproducibility. Code is hidden: cells tagged
remove-cell/remove-input lose their code, and with the report-wide `hide_all_inputs` (default)
every other input too; hide-input cells keep their code in a collapsed <details>. Solution cells
are left out (the seminar's teacher copies have them; `report: {show_solutions: true}` in
parameters.yaml shows them as a collapsed "Solution"). Figures are embedded as base64 PNG with numbered captions;
error outputs and stderr streams are dropped. Math is typeset by MathJax 2.7, copied from the
jupyter-server-mathjax package into build/mathjax/ and referenced by a relative path, so the
report works offline and from file:// (navigation is in-page anchors).
"""
from __future__ import annotations

import html
import json
import os
import platform
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import paths
from ..errors import WorkbookError
from ..fsio import atomic_write_text
from .cache import executed_path, read_cache_record
from .notebooks import skip_slow_jsonschema_formats

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TITLE = "Russia and China"
DEFAULT_KICKER = "An open research workbook"
DEFAULT_SUBTITLE = ("How asymmetric is the partnership, is it deepening, and where does it lead? "
                    "Every number computed from pinned, checksummed public data.")
MATHJAX_DIR = "mathjax"
MATHJAX_SCRIPT = f"{MATHJAX_DIR}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"

_TAG_HIDE_CELL = {"remove-cell", "injected-parameters", "papermill-error-cell-tag"}


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _text(v) -> str:
    return "".join(v) if isinstance(v, list) else str(v)


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def _strip_tags(s: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", s)).strip()


def _slug(s: str) -> str:
    s = re.sub(r"[^\w\s-]", "", _strip_tags(s).lower(), flags=re.UNICODE)
    return re.sub(r"[\s_-]+", "-", s).strip("-") or "section"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# --------------------------------------------------------------------------------------------
# Markdown and code
# --------------------------------------------------------------------------------------------

def markdown(text: str) -> str:
    """Markdown -> HTML with $…$ / $$…$$ left intact for MathJax (nbconvert's renderer)."""
    skip_slow_jsonschema_formats()
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


_HEADING = re.compile(r'<h([1-6])(?:\s+id="[^"]*")?>(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h\1>', re.S)


def highlight(code: str) -> str:
    from pygments import highlight as pyg
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return f'<pre class="code">{pyg(code, PythonLexer(), HtmlFormatter(nowrap=True))}</pre>'


def code_css() -> str:
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style="friendly").get_style_defs("pre.code")
    return re.sub(r"\s*/\*.*?\*/", "", css)


# --------------------------------------------------------------------------------------------
# Chapters
# --------------------------------------------------------------------------------------------

@dataclass
class Chapter:
    number: int
    name: str
    title: str  # HTML
    anchor: str
    body: str = ""
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, number, title HTML)
    parameters: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    figures: int = 0

    @property
    def plain_title(self) -> str:
        return _strip_tags(self.title)


_BORING_REPR = re.compile(r"^(<Figure size [^>]*>|<matplotlib\.[^>]*>|\[?<matplotlib\.[\s\S]*>\]?|"
                          r"Text\(.*\)|\[?<Axes:.*>\]?|<[\w.]+ object at 0x[0-9a-f]+>|None)$", re.S)


class ChapterRenderer:
    def __init__(self, number: int, name: str, nb: dict, *, hide_all_inputs: bool, fallback_title: str,
                 show_solutions: bool = False):
        self.ch = Chapter(number=number, name=name, title=html.escape(fallback_title), anchor=f"ch{number}")
        self.nb = nb
        self.hide_all = hide_all_inputs
        self.show_solutions = show_solutions
        self.title_taken = False
        self.section_no = 0
        self.section_title = ""
        self.used_ids: set[str] = set()

    # headings: the first h1 is the chapter title; h1/h2 become numbered sections
    def _headings(self, rendered: str) -> str:
        def repl(m):
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
        text = _src(cell)
        out = markdown(text)
        for name, bundle in (cell.get("attachments") or {}).items():
            for mime, data in bundle.items():
                if mime.startswith("image/"):
                    out = out.replace(f'src="attachment:{name}"', f'src="data:{mime};base64,{_text(data).strip()}"')
                    break
        return f'<div class="md">{self._headings(out)}</div>' if out.strip() else ""

    def _figure(self, mime: str, data: str, caption: str | None, width=None) -> str:
        self.ch.figures += 1
        label = f"Figure {self.ch.number}.{self.ch.figures}"
        text = caption if caption else self.section_title
        alt = html.escape(text or label, quote=True)
        style = f' style="width:{int(width)}px"' if width and str(width).isdigit() else ""
        if mime == "image/svg+xml":
            img = f'<div class="svg">{_text(data)}</div>'
        else:
            img = f'<img src="data:{mime};base64,{_text(data).strip()}" alt="{alt}"{style}>'
        cap = f'<span class="fig-no">{label}</span>' + (f" {html.escape(text)}" if text else "")
        fid = f"fig-{self.ch.number}-{self.ch.figures}"
        return f'<figure class="figure" id="{fid}">{img}<figcaption>{cap}</figcaption></figure>'

    def _outputs(self, cell: dict) -> str:
        parts = []
        captions = cell.get("metadata", {}).get("caption")
        captions = captions if isinstance(captions, list) else ([captions] if captions else [])
        fig_i = 0
        for o in cell.get("outputs", []):
            kind = o.get("output_type")
            if kind == "error":
                continue  # never in the report
            if kind == "stream":
                if o.get("name") != "stdout":
                    continue  # stderr: warnings and logging stay out of the report
                text = _ANSI.sub("", _text(o.get("text", ""))).rstrip("\n")
                if text.strip():
                    parts.append(f'<pre class="stdout">{html.escape(text)}</pre>')
                continue
            data = o.get("data", {})
            meta = o.get("metadata", {})
            if "image/png" in data or "image/jpeg" in data or "image/svg+xml" in data:
                mime = next(m for m in ("image/png", "image/jpeg", "image/svg+xml") if m in data)
                cap = captions[fig_i] if fig_i < len(captions) else None
                fig_i += 1
                width = (meta.get(mime) or {}).get("width") if isinstance(meta.get(mime), dict) else None
                parts.append(self._figure(mime, data[mime], cap, width))
            elif "text/html" in data:
                h = _text(data["text/html"])
                h = re.sub(r"<style[^>]*>.*?</style>", "", h, flags=re.S | re.I)
                h = re.sub(r"<script[^>]*>.*?</script>", "", h, flags=re.S | re.I)
                h = re.sub(r'\sborder="1"', "", h)
                # a table longer than about half a page may break across pages in print
                cls = ("table-wrap long" if h.count("<tr") > 12 else "table-wrap") if "<table" in h else "html-out"
                parts.append(f'<div class="{cls}">{h.strip()}</div>')
            elif "text/markdown" in data:
                parts.append(f'<div class="say">{self._headings(markdown(_text(data["text/markdown"])))}</div>')
            elif "text/latex" in data:
                parts.append(f'<div class="latex">{html.escape(_text(data["text/latex"]))}</div>')
            elif "text/plain" in data:
                text = _ANSI.sub("", _text(data["text/plain"])).strip()
                if text and not _BORING_REPR.match(text):
                    parts.append(f'<pre class="stdout">{html.escape(text)}</pre>')
        return "".join(parts)

    def _code_cell(self, cell: dict) -> str:
        tags = _tags(cell)
        code = _src(cell)
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


def render_chapter(number: int, name: str, nb: dict, *, hide_all_inputs: bool = True, fallback_title: str = "",
                   show_solutions: bool = False) -> Chapter:
    return ChapterRenderer(number, name, nb, hide_all_inputs=hide_all_inputs, fallback_title=fallback_title or name,
                           show_solutions=show_solutions).render()


# --------------------------------------------------------------------------------------------
# Appendices
# --------------------------------------------------------------------------------------------

def ledger_html() -> str:
    """Appendix A: the claim ledger, rendered by sinorussia.claims.render_ledger_html."""
    try:
        from ..claims import render_ledger_html

        return render_ledger_html()
    except WorkbookError as exc:
        raise WorkbookError(f"appendix A (the claim ledger) could not be rendered: {exc}") from exc
    except Exception as exc:
        raise WorkbookError(
            f"appendix A (the claim ledger) could not be rendered: {type(exc).__name__}: {exc} "
            f"(sinorussia.claims.render_ledger_html); the previous report is untouched.") from exc


def direct_dependencies() -> list[tuple[str, str]]:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    req = paths.ROOT / "requirements.in"
    names = [ln.split("#")[0].strip() for ln in req.read_text().splitlines()] if req.is_file() else []
    for name in [n for n in names if n]:
        name = re.split(r"[<>=!~\[; ]", name)[0]
        try:
            out.append((name, version(name)))
        except PackageNotFoundError:
            out.append((name, "not installed"))
    return out


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_rows() -> list[dict]:
    """Each processed table: its CSV checksum and rows, and each source's producer, vintage, checksum."""
    try:
        from ..processed import table_names, table_spec
        from ..raw import raw_catalog

        catalog = raw_catalog()
        names = table_names()
    except Exception as exc:
        raise WorkbookError(f"appendix B could not list the data tables: {type(exc).__name__}: {exc}") from exc
    rows = []
    for name in names:
        spec = table_spec(name)
        path = spec.path
        exists = path.is_file()
        sources = []
        for sid in spec.sources:
            raw = catalog.get(sid)
            if raw is not None:
                sources.append({"id": sid, "producer": raw.producer, "vintage": raw.vintage, "sha256": raw.sha256,
                                "title": raw.title})
            else:
                cur = paths.CURATED_DIR / sid
                sources.append({"id": sid, "producer": "curated file (data/curated/)", "vintage": "",
                                "sha256": _sha256(cur) if cur.is_file() else "missing", "title": ""})
        rows.append({"name": name, "title": spec.title,
                     "rows": (sum(1 for _ in open(path, "rb")) - 1) if exists else None,
                     "sha256": _sha256(path) if exists else "missing", "sources": sources})
    return rows


def _fmt_value(v) -> str:
    return html.escape(repr(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False))


def reproducibility_html(chapters: list[Chapter], records: dict[str, dict], results: dict, commit: str,
                         built: datetime) -> str:
    e = html.escape
    out = []
    # B.1 the build
    out.append('<h2 id="appendix-b-build"><span class="secno">B.1</span>This build</h2>')
    kernel = next((r.get("kernel") for r in records.values() if r.get("kernel")), "sinorussia")
    dl = [("Built", built.strftime("%Y-%m-%d %H:%M %Z").strip()),
          ("Git commit", commit or "not a git checkout"),
          ("Python", f"{platform.python_version()} ({platform.system()} {platform.machine()})"),
          ("Jupyter kernel", kernel),
          ("Executed by", "papermill, two notebooks at a time; one kernel per notebook; per-cell timeout")]
    out.append('<table class="kv">' + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in dl) + "</table>")
    # B.2 execution
    out.append('<h2 id="appendix-b-execution"><span class="secno">B.2</span>Execution</h2>')
    rows = []
    total = 0.0
    for ch in chapters:
        rec = records.get(ch.name, {})
        r = results.get(ch.name)
        secs = rec.get("seconds", 0.0)
        total += secs
        status = "executed in this build" if r is not None and r.status == "executed" else "reused from the cache"
        rows.append(f"<tr><td>{ch.number}</td><td><a href='#{ch.anchor}'>{e(ch.name)}</a></td>"
                    f"<td class='num'>{secs:.1f}</td><td>{e(rec.get('executed_at', ''))}</td><td>{status}</td>"
                    f"<td><code>{e(rec.get('key', '')[:12])}</code></td></tr>")
    out.append("<table class='data'><thead><tr><th>Ch.</th><th>Notebook</th><th class='num'>Seconds</th>"
               "<th>Executed at</th><th>Status</th><th>Cache key</th></tr></thead><tbody>" + "".join(rows) +
               f"</tbody><tfoot><tr><td></td><td>total</td><td class='num'>{total:.1f}</td><td colspan='3'></td></tr></tfoot></table>")
    out.append("<p class='note'>A notebook is executed again only when its source, its parameters, the library "
               "code or the data change (the cache key hashes all four).</p>")
    # B.3 parameters
    out.append('<h2 id="appendix-b-parameters"><span class="secno">B.3</span>Parameters</h2>')
    rows = []
    for ch in chapters:
        params = ch.parameters or {}
        if not params:
            rows.append(f"<tr><td>{e(ch.name)}</td><td colspan='3'><em>no parameters</em></td></tr>")
        for i, (k, v) in enumerate(params.items()):
            origin = ch.origins.get(k, "default")
            rows.append(f"<tr{' class=changed' if origin != 'default' else ''}><td>{e(ch.name) if i == 0 else ''}</td>"
                        f"<td><code>{e(k)}</code></td><td><code>{_fmt_value(v)}</code></td><td>{e(origin)}</td></tr>")
    out.append("<table class='data params'><thead><tr><th>Notebook</th><th>Parameter</th><th>Value</th><th>Set by</th>"
               "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    # B.4 processed tables and B.5 the raw files they are built from
    tables = data_rows()
    out.append('<h2 id="appendix-b-data"><span class="secno">B.4</span>Processed tables</h2>')
    out.append("<p class='note'>Every table in <code>data/processed/</code> that the notebooks load, with the "
               "SHA-256 of its CSV and the raw files it is built from (B.5).</p>")
    rows = []
    for d in tables:
        nrows = "" if d["rows"] is None else f"{d['rows']:,}"
        srcs = ", ".join(f"<code>{e(s['id'])}</code>" for s in d["sources"])
        rows.append(f"<tr><td><code>{e(d['name'])}</code><br><span class='muted'>{e(d['title'])}</span></td>"
                    f"<td class='num'>{nrows}</td><td class='built-from'>{srcs}</td>"
                    f"<td><span class='hash'>{e(d['sha256'])}</span></td></tr>")
    out.append("<table class='data datatables'><thead><tr><th>Table</th><th class='num'>Rows</th><th>Built from</th>"
               "<th>SHA-256 of the CSV</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    out.append('<h2 id="appendix-b-sources"><span class="secno">B.5</span>Raw files: producers and vintages</h2>')
    out.append("<p class='note'>Each raw file is fetched from a pinned URL and verified against its SHA-256 "
               "(<code>data/catalog.yaml</code>) before any table is built.</p>")
    seen: dict[str, dict] = {}
    for d in tables:
        for s_ in d["sources"]:
            seen.setdefault(s_["id"], {**s_, "tables": []})["tables"].append(d["name"])
    rows = [f"<tr><td><code>{e(k)}</code></td><td>{e(v['producer'])}</td><td>{e(str(v['vintage']))}</td>"
            f"<td><span class='hash'>{e(v['sha256'])}</span></td></tr>" for k, v in sorted(seen.items())]
    out.append("<table class='data rawfiles'><thead><tr><th>Raw file</th><th>Producer</th><th>Vintage</th>"
               "<th>SHA-256</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    # B.5 software
    out.append('<h2 id="appendix-b-software"><span class="secno">B.6</span>Software</h2>')
    deps = direct_dependencies()
    cells = "".join(f"<li><span class='pkg'>{e(n)}</span> <code>{e(v)}</code></li>" for n, v in deps)
    out.append("<p class='note'>The direct dependencies (<code>requirements.in</code>) as installed; every "
               "package is pinned in <code>requirements.lock</code>.</p>")
    out.append(f"<ul class='software'>{cells}</ul>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# MathJax and the page
# --------------------------------------------------------------------------------------------

def install_mathjax(build_dir: Path) -> Path:
    """Copy MathJax 2.7 (from the jupyter-server-mathjax wheel) to build/mathjax/ once per version."""
    from importlib.metadata import version

    try:
        import jupyter_server_mathjax
    except ImportError as exc:
        raise WorkbookError("the report ships MathJax from the jupyter-server-mathjax package, which is not "
                            "installed: run `make setup` (it is in requirements.lock).") from exc
    src = Path(jupyter_server_mathjax.__file__).resolve().parent / "static"
    dest = Path(build_dir) / MATHJAX_DIR
    stamp = dest / ".installed-from"
    want = f"jupyter-server-mathjax {version('jupyter-server-mathjax')}"
    if stamp.is_file() and stamp.read_text() == want and (dest / "MathJax.js").is_file():
        return dest
    tmp = dest.with_name(f".{MATHJAX_DIR}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("*.mp3", "*.ogg"))
    (tmp / ".installed-from").write_text(want)
    # A directory, so not fsio (which swaps one file): copy beside it, then rename. os.replace cannot replace
    # a non-empty directory, so the old copy goes first; a crash in between leaves no stamp and the next
    # build installs it again.
    if dest.exists():
        shutil.rmtree(dest)
    os.replace(tmp, dest)
    return dest


def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def render_page(*, chapters: list[Chapter], ledger: str, reproducibility: str, title: str, kicker: str,
                subtitle: str, built: datetime, commit: str, partial: bool, hide_all_inputs: bool) -> str:
    from markupsafe import Markup

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8") + "\n" + code_css()
    for ch in chapters:
        ch.title = Markup(ch.title)
        ch.body = Markup(ch.body)
        ch.sections = [(a, n, Markup(t)) for a, n, t in ch.sections]
    return _env().get_template("report.html.j2").render(
        chapters=chapters, ledger=Markup(ledger), reproducibility=Markup(reproducibility), title=title,
        kicker=kicker, subtitle=subtitle, built=built, built_text=f"{built.day} {built:%B %Y}", commit=commit,
        partial=partial, css=Markup(css), mathjax=MATHJAX_SCRIPT, hide_all_inputs=hide_all_inputs,
        fmt_value=lambda v: Markup(_fmt_value(v)),
        figures=sum(c.figures for c in chapters))


def publish(jobs, results, build_dir: Path, html_path: Path, *, settings, hide_all_inputs: bool = True,
            commit: str = "", partial: bool = False) -> Path:
    """Read the executed notebooks of `jobs` and write `html_path` atomically."""
    build_dir = Path(build_dir)
    by_result = {r.name: r for r in results}
    chapters, records = [], {}
    for i, job in enumerate(jobs, 1):
        name = job.info.name
        nb = json.loads(executed_path(build_dir, name).read_text(encoding="utf-8"))
        ch = render_chapter(i, name, nb, hide_all_inputs=hide_all_inputs, fallback_title=job.info.title,
                            show_solutions=bool((settings.report or {}).get("show_solutions", False)))
        records[name] = read_cache_record(build_dir, name) or {}
        ch.parameters = records[name].get("parameters", job.parameters)
        ch.origins = records[name].get("origins", job.origins)
        chapters.append(ch)
    ledger = ledger_html()
    built = datetime.now().astimezone()
    repro = reproducibility_html(chapters, records, by_result, commit, built)
    report = settings.report or {}
    page = render_page(chapters=chapters, ledger=ledger, reproducibility=repro,
                       title=report.get("title", DEFAULT_TITLE), kicker=report.get("kicker", DEFAULT_KICKER),
                       subtitle=report.get("subtitle", DEFAULT_SUBTITLE), built=built, commit=commit,
                       partial=partial, hide_all_inputs=hide_all_inputs)
    install_mathjax(build_dir)
    atomic_write_text(html_path, page)
    return html_path


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `python -m sinorussia report`")
