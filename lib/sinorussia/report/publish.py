"""Publishing the report: one self-contained HTML page from the executed notebooks.

One pass over build/executed/*.ipynb (read as plain JSON): a title page, a table of contents, one
numbered chapter per notebook (render.py; its first `#` heading is the chapter title), and three
appendices — (A) the claim ledger and (B) reproducibility (appendices.py), (C) references (references.py),
with the 'How to cite' block from CITATION.cff. Figures and tables are numbered per chapter and
{numref} references resolved across chapters (render.py, numbering.py). Formulas are typeset at build
time into MathML (typeset.py), so build/report.html is one self-contained file: it works offline, from
file:// and e-mailed alone (navigation is in-page anchors; data downloads are data: URIs).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..claims import link_documents
from ..fsio import atomic_write_text
from .appendices import Ledger, fmt_value, ledger_downloads, reproducibility_html
from .cache import executed_path, read_cache_record
from .edition import changes_html, chapter_findings, chapter_vintage, compare, editions, latest_period, make_edition
from .execute import Result
from .pdf import find_browser
from .plan import Job
from .references import citation_html, references_html
from .render import Chapter, code_css, render_chapter, resolve_chapter_references
from .settings import Settings
from .summary import summary_html
from .typeset import typeset
from .vega import head_html as vega_head

if TYPE_CHECKING:  # jinja2 is imported only when a page is assembled
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TITLE = "Russia and China"
DEFAULT_KICKER = "An open research workbook"
DEFAULT_SUBTITLE = (
    "How asymmetric is the partnership, is it deepening, and where does it lead? "
    "Every number computed from pinned, checksummed public data."
)
LEGACY_MATHJAX_DIR = "mathjax"  # where builds before the self-contained page copied MathJax; removed


def _env() -> Environment:
    """The jinja environment of templates/ (HTML autoescaped)."""
    # jinja2 is imported only when a page is assembled, not on a no-change build (CLI start-up time)
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(
    *,
    chapters: list[Chapter],
    ledger: str,
    summary: str,
    changes: str,
    current_to: str,
    reproducibility: str,
    title: str,
    kicker: str,
    subtitle: str,
    built: datetime,
    commit: str,
    partial: bool,
    hide_all_inputs: bool,
) -> str:
    """The whole page: title page, contents, chapters and appendices, with the stylesheet inlined."""
    from markupsafe import Markup  # with jinja2, only when a page is assembled

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8") + "\n" + code_css()
    # a source document's key, wherever a chapter or appendix prints it, becomes its author-date link
    for ch in chapters:
        ch.title = Markup(ch.title)
        ch.body = Markup(link_documents(ch.body))
        ch.sections = [(a, n, Markup(t)) for a, n, t in ch.sections]
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            chapters=chapters,
            ledger=Markup(link_documents(ledger)),
            summary=Markup(link_documents(summary)),
            changes=Markup(link_documents(changes)),
            references=Markup(references_html()),
            citation=Markup(citation_html()),
            current_to=current_to,
            reproducibility=Markup(reproducibility),
            title=title,
            kicker=kicker,
            subtitle=subtitle,
            built=built,
            built_text=f"{built.day} {built:%B %Y}",
            commit=commit,
            partial=partial,
            css=Markup(css),
            vega=Markup(vega_head([ch.body for ch in chapters])),
            hide_all_inputs=hide_all_inputs,
            fmt_value=lambda v: Markup(fmt_value(v)),
            figures=sum(c.figures for c in chapters),
        )
    )


def publish(
    jobs: list[Job],
    results: list[Result],
    build_dir: Path,
    html_path: Path,
    *,
    settings: Settings,
    ledger: Ledger,
    hide_all_inputs: bool = True,
    commit: str = "",
    partial: bool = False,
) -> Path:
    """Read the executed notebooks of `jobs` and write `html_path` atomically, with appendix A from `ledger`
    and the ledger's files (ledger.json, ledger.csv) beside it, each written atomically."""
    build_dir = Path(build_dir)
    by_result = {r.name: r for r in results}
    chapters, records, executed = [], {}, {}
    for i, job in enumerate(jobs, 1):
        name = job.info.name
        nb = json.loads(executed_path(build_dir, name).read_text(encoding="utf-8"))
        executed[name] = nb
        ch = render_chapter(
            i,
            name,
            nb,
            hide_all_inputs=hide_all_inputs,
            fallback_title=job.info.title,
            show_solutions=bool((settings.report or {}).get("show_solutions", False)),
        )
        records[name] = read_cache_record(build_dir, name) or {}
        ch.parameters = records[name].get("parameters", job.parameters)
        ch.origins = records[name].get("origins", job.origins)
        chapters.append(ch)
    resolve_chapter_references(chapters)  # {numref} across chapters, now that every figure has its number
    built = datetime.now().astimezone()
    repro = reproducibility_html(chapters, records, by_result, commit, built)
    # this build as an edition (build/edition.json, which `make edition` commits) and what changed since the last
    ledger_records = json.loads(ledger.files.get("ledger.json", "[]"))
    findings = chapter_findings(executed)
    current = make_edition(f"{built:%Y-%m-%d}", commit, findings, ledger_records)
    past = editions()
    previous = past[-1] if past else None
    changes = changes_html(previous, compare(previous, current) if previous else [])
    report = settings.report or {}
    browser = find_browser()  # typesets the formulas; without one they stay TeX (the build warns)
    page = render_page(
        chapters=chapters,
        ledger=ledger_downloads(ledger.files) + ledger.html,
        summary=summary_html(chapters, findings),
        changes=changes,
        current_to=latest_period(chapter_vintage(executed)),
        reproducibility=repro,
        title=report.get("title", DEFAULT_TITLE),
        kicker=report.get("kicker", DEFAULT_KICKER),
        subtitle=report.get("subtitle", DEFAULT_SUBTITLE),
        built=built,
        commit=commit,
        partial=partial,
        hide_all_inputs=hide_all_inputs,
    )
    page = typeset(page, browser, name=html_path.name)
    shutil.rmtree(build_dir / LEGACY_MATHJAX_DIR, ignore_errors=True)  # the page no longer needs it
    for name, text in sorted(ledger.files.items()):
        atomic_write_text(html_path.parent / name, text)
    atomic_write_text(
        html_path.parent / "edition.json", json.dumps({**current, "partial": partial}, indent=1, sort_keys=True) + "\n"
    )
    atomic_write_text(html_path, page)
    return html_path
