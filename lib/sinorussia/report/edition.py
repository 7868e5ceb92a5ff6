"""Editions: a dated, committed record of the workbook's results, and what changed since the last one.

An edition (data/editions/YYYY-MM-DD.json) holds the ledger's verdicts and values, each chapter's
headline findings (what the chapter handed over with `sr.findings`, read back from the executed
notebooks), the scenario posteriors and the open forecasts. `make edition` writes one from a complete
build. Every report compares its own build with the newest edition and shows what changed: verdicts that
flipped, claims added or retired, headline numbers that moved beyond THRESHOLDS, findings whose latest
period advanced, and forecasts that the data have since resolved (scored with the Brier score). Earlier
editions are never rewritten, so their forecasts stay on record with their dates.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import WorkbookError
from ..fsio import atomic_write_text
from ..notebook.findings import FINDINGS_MIME
from ..notebook.vintage import VINTAGE_MIME

EDITIONS_DIR = paths.DATA_DIR / "editions"
# How far a headline number must move to be listed: shares and probabilities in points, the rest relative.
THRESHOLDS = {"share": 0.01, "probability": 0.05, "relative": 0.05}


def chapter_findings(executed: dict[str, dict]) -> dict[str, dict[str, Any]]:
    """{chapter: {key: finding}} from executed notebooks ({name: notebook JSON}); later calls win."""
    out: dict[str, dict[str, Any]] = {}
    for name, nb in executed.items():
        found: dict[str, Any] = {}
        for cell in nb.get("cells", []):
            for o in cell.get("outputs", []):
                payload = o.get("data", {}).get(FINDINGS_MIME)
                if isinstance(payload, dict):
                    found.update(payload)
        if found:
            out[name] = found
    return out


def chapter_vintage(executed: dict[str, dict]) -> dict[str, dict[str, str]]:
    """{chapter: {series: latest period}} from the chapters' 'Data current to' lines (sr.current_to)."""
    out: dict[str, dict[str, str]] = {}
    for name, nb in executed.items():
        for cell in nb.get("cells", []):
            for o in cell.get("outputs", []):
                payload = o.get("data", {}).get(VINTAGE_MIME)
                if isinstance(payload, dict):
                    out.setdefault(name, {}).update(payload)
    return out


_MONTHS = {
    m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}


def latest_period(vintage: dict[str, dict[str, str]]) -> str:
    """The most recent period of any series ('Dec 2025' beats '2025-09' beats '2024'): what the title page shows."""

    def key(text: str) -> tuple[int, int]:
        years = re.findall(r"(?:19|20)\d\d", text)
        month = next((n for m, n in _MONTHS.items() if m in text), 12)  # a year alone: the whole year
        return (int(years[-1]), month) if years else (0, 0)

    periods = [p for series in vintage.values() for p in series.values()]
    return max(periods, key=key) if periods else ""


def make_edition(date: str, commit: str, findings: dict[str, dict], ledger: list[dict]) -> dict[str, Any]:
    """The edition of this build: its date and commit, the ledger by claim, and the chapters' findings."""
    return {
        "edition": date,
        "commit": commit,
        "ledger": {
            str(r["id"]): {"verdict": r.get("verdict"), "computed": r.get("computed_value"), "unit": r.get("unit")}
            for r in ledger
        },
        "findings": findings,
    }


def write_edition(edition: dict[str, Any], folder: Path = EDITIONS_DIR) -> Path:
    """Write data/editions/<date>.json atomically (one edition a day: a second one that day replaces it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{edition['edition']}.json"
    atomic_write_text(path, json.dumps(edition, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def read_build_edition(build_dir: Path) -> dict[str, Any]:
    """The edition a complete report build wrote (build/edition.json); a partial or absent one is an error."""
    path = Path(build_dir) / "edition.json"
    if not path.is_file():
        raise WorkbookError(f"{path} is missing: run `make report` first (it writes the build's edition)")
    e = json.loads(path.read_text(encoding="utf-8"))
    if e.pop("partial", False):
        raise WorkbookError(f"{path} comes from a partial build (--only): build every chapter before `make edition`")
    return e


def editions(folder: Path = EDITIONS_DIR) -> list[dict[str, Any]]:
    """Every committed edition, oldest first; a file that is not an edition is an error naming it."""
    out = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            e = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise WorkbookError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno}); restore it from git") from None
        if not isinstance(e, dict) or not {"edition", "ledger", "findings"} <= set(e):
            raise WorkbookError(f"{p}: not an edition (needs fields edition, ledger, findings); restore it from git")
        out.append(e)
    return out


@dataclass(frozen=True)
class Change:
    """One line of 'What changed': its kind, what it concerns, the old and new values as text, a note."""

    kind: str  # verdict | claim | number | period | forecast
    what: str
    old: str
    new: str
    note: str = ""


def _show(f: dict[str, Any]) -> str:
    v, unit = f["value"], f["unit"]
    if unit in ("share", "probability"):
        return f"{v:.1%}"
    if unit == "year":
        return f"{v:.0f}"
    return f"{v:,.3g} {unit}".replace("ratio", "×").strip()


def _moved(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["unit"] in ("share", "probability"):
        return abs(b["value"] - a["value"]) >= THRESHOLDS[a["unit"]]
    base = abs(a["value"]) or 1.0
    return abs(b["value"] - a["value"]) / base >= THRESHOLDS["relative"]


def compare(previous: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """What changed from the previous edition to this build, in the order a reader wants it."""
    changes: list[Change] = []
    old_l, new_l = previous["ledger"], current["ledger"]

    def verdict(entry: dict[str, Any]) -> str:
        return str(entry.get("verdict") or "—")

    for cid in sorted(set(old_l) & set(new_l)):
        if verdict(old_l[cid]) != verdict(new_l[cid]):
            changes.append(Change("verdict", cid, verdict(old_l[cid]), verdict(new_l[cid])))
    for cid in sorted(set(new_l) - set(old_l)):
        changes.append(Change("claim", cid, "—", verdict(new_l[cid]), "new in the register"))
    for cid in sorted(set(old_l) - set(new_l)):
        changes.append(Change("claim", cid, verdict(old_l[cid]), "—", "retired or no longer checked"))
    for chapter in sorted(set(previous["findings"]) | set(current["findings"])):
        old_f, new_f = previous["findings"].get(chapter, {}), current["findings"].get(chapter, {})
        for key in sorted(set(old_f) & set(new_f)):
            a, b = old_f[key], new_f[key]
            if a.get("kind") == "forecast" or b.get("kind") == "forecast":
                continue
            if a["label"] != b["label"]:
                changes.append(Change("period", b["label"], f"{_show(a)} ({a['label']})", _show(b), chapter))
            elif _moved(a, b):
                changes.append(Change("number", b["label"], _show(a), _show(b), chapter))
    return changes + forecast_log([previous], current)


def forecast_log(earlier: list[dict[str, Any]], current: dict[str, Any]) -> list[Change]:
    """Forecasts made in earlier editions that this build's data resolve, each scored (Brier)."""
    now = {k: f for fs in current["findings"].values() for k, f in fs.items() if f.get("kind") == "forecast"}
    out = []
    for e in earlier:
        for fs in e["findings"].values():
            for key, f in fs.items():
                if f.get("kind") != "forecast" or f.get("outcome") is not None:
                    continue
                outcome = now.get(key, {}).get("outcome")
                if outcome is not None:
                    brier = (f["probability"] - outcome) ** 2
                    note = f"forecast of {e['edition']}: {f['probability']:.0%}; Brier {brier:.3f}"
                    out.append(Change("forecast", f["question"], "open", "yes" if outcome else "no", note))
    return out


_KIND_LABEL = {
    "verdict": "Verdicts that flipped",
    "claim": "Claims added or retired",
    "period": "Findings now on a later period",
    "number": "Headline numbers that moved",
    "forecast": "Forecasts resolved",
}


def changes_html(previous: dict[str, Any] | None, changes: list[Change]) -> str:
    """The report's 'What changed' section: one table per kind of change, or a sentence when none."""
    if previous is None:
        return (
            "<p>This is the first build with editions: there is no earlier edition to compare with. "
            "<code>make edition</code> records one.</p>"
        )
    head = (
        f"<p>Compared with the edition of <strong>{html.escape(previous['edition'])}</strong> "
        f"(commit <code>{html.escape(str(previous.get('commit', '')))}</code>). Headline numbers are listed "
        f"when they move by at least {THRESHOLDS['share'] * 100:.0f} percentage point (shares), "
        f"{THRESHOLDS['probability'] * 100:.0f} points (probabilities) or {THRESHOLDS['relative']:.0%} "
        "(everything else).</p>"
    )
    if not changes:
        return head + "<p>Nothing changed: every verdict, headline number and forecast is as it was.</p>"
    parts = [head]
    for kind, label in _KIND_LABEL.items():
        rows = [c for c in changes if c.kind == kind]
        added = [c for c in rows if kind == "claim" and c.old == "—"]
        if added:  # new claims: their ids by verdict in a paragraph (appendix A has each in full), not a page of rows
            by_verdict: dict[str, list[str]] = {}
            for c in added:
                by_verdict.setdefault(c.new, []).append(c.what)
            listed = "; ".join(
                f"<em>{html.escape(v)}</em> ({len(ids)}): " + ", ".join(html.escape(i) for i in ids)
                for v, ids in sorted(by_verdict.items())
            )
            parts.append(f"<h3>Claims added ({len(added)})</h3><p class='note'>{listed}.</p>")
            rows = [c for c in rows if c not in added]
            label = "Claims retired or no longer checked"
        if rows:
            body = "".join(
                f"<tr><td>{html.escape(c.what)}</td><td>{html.escape(c.old)}</td><td>{html.escape(c.new)}</td>"
                f"<td>{html.escape(c.note)}</td></tr>"
                for c in rows
            )
            wrap = "table-wrap long" if len(rows) > 12 else "table-wrap"  # a long table may break across pages
            parts.append(
                f"<h3>{label} ({len(rows)})</h3><div class='{wrap}'><table class='changes'><thead><tr><th>What</th>"
                f"<th>Before</th><th>Now</th><th>Note</th></tr></thead><tbody>{body}</tbody></table></div>"
            )
    return "\n".join(parts)
