"""The appendices of the report: (A) the claim ledger, received from the caller, and (B) reproducibility:
this build, the execution of each notebook, parameters, processed tables with their checksums, the raw
files they are built from, and the software.
"""

from __future__ import annotations

import hashlib
import html
import json
import platform
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import paths
from ..errors import WorkbookError
from ..processed import table_names, table_spec
from ..raw import raw_catalog
from .execute import Result
from .numbering import download_link
from .render import Chapter


@dataclass(frozen=True)
class Ledger:
    """Appendix A as the report receives it: the HTML of the appendix, and the files published beside
    the report for readers (name -> text, e.g. ledger.json and ledger.csv)."""

    html: str
    files: dict[str, str] = field(default_factory=dict)

    def digest(self) -> str:
        """What the published ledger is made of: when it changes, the report is assembled again."""
        h = hashlib.sha256(self.html.encode())
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + self.files[name].encode())
        return h.hexdigest()


def ledger_export(ledger: Callable[[], Ledger]) -> Ledger:
    """Appendix A: the claim ledger, made by `ledger` (the report receives it; the command line passes the
    claims engine's export). Any failure becomes one WorkbookError naming appendix A, raised before the
    page is written, so the previous report stays as it was."""
    try:
        out = ledger()
    except WorkbookError as exc:
        raise WorkbookError(f"appendix A (the claim ledger) could not be rendered: {exc}") from exc
    except Exception as exc:
        where = f"{getattr(ledger, '__module__', '')}.{getattr(ledger, '__qualname__', repr(ledger))}"
        raise WorkbookError(
            f"appendix A (the claim ledger) could not be rendered: {type(exc).__name__}: {exc} "
            f"({where}); the previous report is untouched."
        ) from exc
    if not isinstance(out, Ledger):
        raise WorkbookError(
            f"appendix A (the claim ledger): the ledger function returned {type(out).__name__}, not a Ledger"
        )
    return out


_LEDGER_FORMATS = {"ledger.csv": ("text/csv", "CSV"), "ledger.json": ("application/json", "JSON")}


def ledger_downloads(files: dict[str, str]) -> str:
    """Appendix A's links to the machine-readable ledger, embedded in the page (data: URIs) so that the
    HTML alone, e-mailed or offline, still carries them; the same files are written beside the report."""
    links = [
        download_link(files[name], name, mime, f"{name} ({what})")
        for name, (mime, what) in _LEDGER_FORMATS.items()
        if name in files
    ]
    if not links:
        return ""
    return (
        "<p class='downloads note'>Every claim below, with its verdict, rule and source, as data: "
        + " · ".join(links)
        + ".</p>"
    )


def direct_dependencies(recorded: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, version) of each direct dependency in requirements.in: the version recorded when the chapters
    were executed (`recorded`, from their cache records: the versions in their keys), else the installed one."""
    norm = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in (recorded or {}).items()}
    out = []
    req = paths.ROOT / "requirements.in"
    names = [ln.split("#")[0].strip() for ln in req.read_text().splitlines()] if req.is_file() else []
    for name in [n for n in names if n]:
        name = re.split(r"[<>=!~\[; ]", name)[0]
        if re.sub(r"[-_.]+", "-", name).lower() in norm:
            out.append((name, norm[re.sub(r"[-_.]+", "-", name).lower()]))
            continue
        try:
            out.append((name, version(name)))
        except PackageNotFoundError:
            out.append((name, "not installed"))
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_rows() -> list[dict]:
    """Each processed table: its CSV checksum and rows, and each source's producer, vintage, checksum."""
    try:
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
                sources.append(
                    {
                        "id": sid,
                        "producer": raw.producer,
                        "vintage": raw.vintage,
                        "sha256": raw.sha256,
                        "title": raw.title,
                    }
                )
            else:
                cur = paths.CURATED_DIR / sid
                sources.append(
                    {
                        "id": sid,
                        "producer": "curated file (data/curated/)",
                        "vintage": "",
                        "sha256": _sha256(cur) if cur.is_file() else "missing",
                        "title": "",
                    }
                )
        rows.append(
            {
                "name": name,
                "title": spec.title,
                "rows": (path.read_bytes().count(b"\n") - 1) if exists else None,
                "sha256": _sha256(path) if exists else "missing",
                "sources": sources,
            }
        )
    return rows


def fmt_value(v: object) -> str:
    """A parameter value as the notebook would write it (strings quoted), HTML-escaped."""
    return html.escape(repr(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False))


def reproducibility_html(
    chapters: list[Chapter], records: dict[str, dict], results: dict[str, Result], commit: str, built: datetime
) -> str:
    """Appendix B: this build, execution, parameters, processed tables, raw files and software."""
    e = html.escape
    out = []
    # the versions the chapters were executed with (every record has the same: they are in every key)
    recorded = next((r["packages"] for r in records.values() if isinstance(r.get("packages"), dict)), None)
    # B.1 the build
    out.append('<h2 id="appendix-b-build"><span class="secno">B.1</span>This build</h2>')
    kernel = str(next((r["kernel"] for r in records.values() if r.get("kernel")), "sinorussia"))
    dl = [
        ("Built", built.strftime("%Y-%m-%d %H:%M %Z").strip()),
        ("Git commit", commit or "not a git checkout"),
        (
            "Python",
            f"{(recorded or {}).get('python', platform.python_version())} ({platform.system()} {platform.machine()})",
        ),
        ("Jupyter kernel", kernel),
        ("Executed by", "papermill, two notebooks at a time; one kernel per notebook; per-cell timeout"),
    ]
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
        rows.append(
            f"<tr><td>{ch.number}</td><td><a href='#{ch.anchor}'>{e(ch.name)}</a></td>"
            f"<td class='num'>{secs:.1f}</td><td>{e(rec.get('executed_at', ''))}</td><td>{status}</td>"
            f"<td><code>{e(rec.get('key', '')[:12])}</code></td></tr>"
        )
    out.append(
        "<table class='data'><thead><tr><th>Ch.</th><th>Notebook</th><th class='num'>Seconds</th>"
        "<th>Executed at</th><th>Status</th><th>Cache key</th></tr></thead><tbody>"
        + "".join(rows)
        + f"</tbody><tfoot><tr><td></td><td>total</td><td class='num'>{total:.1f}</td>"
        "<td colspan='3'></td></tr></tfoot></table>"
    )
    out.append(
        "<p class='note'>A notebook is executed again only when its source, its parameters, the library "
        "code, the data or the installed software (Python and the packages pinned in "
        "<code>requirements.lock</code>) change: the cache key hashes all five.</p>"
    )
    # B.3 parameters
    out.append('<h2 id="appendix-b-parameters"><span class="secno">B.3</span>Parameters</h2>')
    rows = []
    for ch in chapters:
        params = ch.parameters or {}
        if not params:
            rows.append(f"<tr><td>{e(ch.name)}</td><td colspan='3'><em>no parameters</em></td></tr>")
        for i, (k, v) in enumerate(params.items()):
            origin = ch.origins.get(k, "default")
            rows.append(
                f"<tr{' class=changed' if origin != 'default' else ''}><td>{e(ch.name) if i == 0 else ''}</td>"
                f"<td><code>{e(k)}</code></td><td><code>{fmt_value(v)}</code></td><td>{e(origin)}</td></tr>"
            )
    out.append(
        "<table class='data params'><thead><tr><th>Notebook</th><th>Parameter</th><th>Value</th><th>Set by</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    # B.4 processed tables and B.5 the raw files they are built from
    tables = data_rows()
    out.append('<h2 id="appendix-b-data"><span class="secno">B.4</span>Processed tables</h2>')
    out.append(
        "<p class='note'>Every table in <code>data/processed/</code> that the notebooks load, with the "
        "SHA-256 of its CSV and the raw files it is built from (B.5).</p>"
    )
    rows = []
    for d in tables:
        nrows = "" if d["rows"] is None else f"{d['rows']:,}"
        srcs = ", ".join(f"<code>{e(s['id'])}</code>" for s in d["sources"])
        rows.append(
            f"<tr><td><code>{e(d['name'])}</code><br><span class='muted'>{e(d['title'])}</span></td>"
            f"<td class='num'>{nrows}</td><td class='built-from'>{srcs}</td>"
            f"<td><span class='hash'>{e(d['sha256'])}</span></td></tr>"
        )
    out.append(
        "<table class='data datatables'><thead><tr><th>Table</th><th class='num'>Rows</th><th>Built from</th>"
        "<th>SHA-256 of the CSV</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    out.append('<h2 id="appendix-b-sources"><span class="secno">B.5</span>Raw files: producers and vintages</h2>')
    out.append(
        "<p class='note'>Each raw file is fetched from a pinned URL and verified against its SHA-256 "
        "(<code>data/catalog.yaml</code>) before any table is built.</p>"
    )
    seen: dict[str, dict] = {}
    for d in tables:
        for s_ in d["sources"]:
            seen.setdefault(s_["id"], {**s_, "tables": []})["tables"].append(d["name"])
    rows = [
        f"<tr><td><code>{e(k)}</code></td><td>{e(v['producer'])}</td><td>{e(str(v['vintage']))}</td>"
        f"<td><span class='hash'>{e(v['sha256'])}</span></td></tr>"
        for k, v in sorted(seen.items())
    ]
    out.append(
        "<table class='data rawfiles'><thead><tr><th>Raw file</th><th>Producer</th><th>Vintage</th>"
        "<th>SHA-256</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    # B.6 software
    out.append('<h2 id="appendix-b-software"><span class="secno">B.6</span>Software</h2>')
    deps = direct_dependencies(recorded)
    cells = "".join(f"<li><span class='pkg'>{e(n)}</span> <code>{e(v)}</code></li>" for n, v in deps)
    out.append(
        "<p class='note'>The direct dependencies (<code>requirements.in</code>) in the versions the chapters "
        "were executed with (recorded with each chapter; they are part of its cache key); every package is "
        "pinned in <code>requirements.lock</code>.</p>"
    )
    out.append(f"<ul class='software'>{cells}</ul>")
    return "\n".join(out)
