"""`python -m sinorussia claims`: the claim ledger in the terminal, filtered, or one claim in full.

    claims                                   every claim, wrapped to the terminal width (nothing cut)
    claims --topic energy --verdict contradicted --document gill2025 --wide
    claims show ENE-01                       one claim whole: text, document and location, values with
                                             units, basis, rule, verdict, sensitivity, sources
    claims --format json|csv --output FILE   the (filtered) ledger for machines

Filters take a value more than once (`--verdict supported --verdict "partly supported"`: either);
different filters all apply. An unknown value is one line listing the valid ones.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import textwrap
from collections.abc import Sequence
from pathlib import Path

from ..errors import WorkbookError
from ..fsio import atomic_write_text
from .engine import check, check_all, ledger, ledger_records, verdict_counts
from .model import OUTCOMES, TOPICS, Claim, Verdict
from .register import cached_register
from .render import ledger_csv, ledger_json
from .sources import documents

ID_WIDTH, VERDICT_WIDTH = 8, 17  # 'partly supported' and 'wording matches' fit in 17


def add_command(sub: argparse._SubParsersAction) -> None:
    """Register `claims` (and `claims show ID`) on the command line's subparsers."""
    p = sub.add_parser(
        "claims",
        help="print the claim ledger (every claim of the source documents, checked); 'claims show ID' for one",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_filters(p)
    p.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="text for reading; json or csv for machines"
    )
    p.add_argument("--output", type=Path, default=None, metavar="FILE", help="write to FILE instead of the terminal")
    p.add_argument("--wide", action="store_true", help="one line per claim, never wrapped or cut (for wide terminals)")
    p.set_defaults(func=run, claim_id=None)
    shows = p.add_subparsers(dest="action", metavar="show ID")
    s = shows.add_parser("show", help="one claim in full")
    s.add_argument("claim_id", metavar="ID", help="a claim id, e.g. ENE-01")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--wide", action="store_true", help="fields on one line each, never wrapped")
    s.set_defaults(func=run)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--topic", action="append", metavar="TOPIC", help=f"one of {', '.join(TOPICS)}")
    p.add_argument("--verdict", action="append", metavar="VERDICT", help=f"one of {', '.join(OUTCOMES)}")
    p.add_argument("--document", action="append", metavar="DOC", help="a document key of seeds/sources.yaml")


def _pick(option: str, given: list[str] | None, valid: Sequence[str]) -> set[str] | None:
    """The values of one filter, checked: 'partly-supported' and 'Partly_Supported' read 'partly supported'."""
    if not given:
        return None
    by_key = {v.lower().replace("-", " ").replace("_", " "): v for v in valid}
    out = set()
    for g in given:
        key = " ".join(g.lower().replace("-", " ").replace("_", " ").split())
        if key not in by_key:
            close = difflib.get_close_matches(key, list(by_key), n=1)
            hint = f" (did you mean {by_key[close[0]]!r}?)" if close else ""
            raise WorkbookError(f"unknown {option} {g!r}{hint}; valid values: {', '.join(valid)}")
        out.add(by_key[key])
    return out


def select(
    topics: list[str] | None = None, verdicts: list[str] | None = None, docs: list[str] | None = None
) -> list[Verdict]:
    """The checked claims that pass every filter (topic and document before checking: only those run)."""
    want_topic = _pick("--topic", topics, TOPICS)
    want_doc = _pick("--document", docs, list(documents()))
    want_verdict = _pick("--verdict", verdicts, OUTCOMES)
    if want_topic is None and want_doc is None:
        checked = check_all()
    else:
        checked = [
            check(c)
            for c in cached_register()
            if c.retired is None
            and (want_topic is None or c.topic in want_topic)
            and (want_doc is None or c.document in want_doc)
        ]
    return [v for v in checked if want_verdict is None or v.verdict in want_verdict]


def _wrap(text: str, first: str, width: int | None) -> list[str]:
    """`first` then `text`, wrapped under itself to `width` (never cut); one line when width is None."""
    if width is None:
        return [first + text]
    indent = " " * len(first)
    return textwrap.wrap(
        text, width=max(width, len(first) + 20), initial_indent=first, subsequent_indent=indent, break_on_hyphens=False
    )


def render_list(verdicts: list[Verdict], width: int | None) -> str:
    """The ledger for reading: per claim its id, verdict, whole text, values and document."""
    df = ledger(verdicts)
    docs = documents()
    lines: list[str] = []
    pad = " " * (ID_WIDTH + 1 + VERDICT_WIDTH + 1)
    for topic in TOPICS:
        sub = df[df["topic"] == topic]
        if not len(sub):
            continue
        lines.append(f"\n== {topic.upper()} ({len(sub)}) ==")
        for r in sub.itertuples():
            lines += _wrap(str(r.claim), f"{r.id:<{ID_WIDTH}} {r.verdict:<{VERDICT_WIDTH}} ", width)
            doc = docs[str(r.document)].label if r.document in docs else str(r.document)
            vals = f"claimed {r.claimed or '-'} | computed {r.computed or '-'} | {doc}"
            lines += _wrap(vals, pad, width)
    if not len(df):
        return "No claim matches these filters.\n"
    counts = verdict_counts(df)
    # only the topics and outcomes present: a filtered list would otherwise print a wall of zeros
    counts = counts.loc[counts.sum(axis=1) > 0, counts.loc["all"] > 0]
    lines.append("\n" + counts.to_string())
    lines.append(f"\n{len(df)} claims. `python -m sinorussia claims show ID` prints one in full.")
    return "\n".join(lines) + "\n"


def _find(claim_id: str) -> Claim:
    claims = {c.id: c for c in cached_register()}
    key = claim_id.strip().upper()
    if key not in claims:
        close = difflib.get_close_matches(key, list(claims), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise WorkbookError(
            f"no claim {claim_id!r} in seeds/claims.yaml{hint} (`python -m sinorussia claims` lists the ids)"
        )
    return claims[key]


def _value(v: float | None, unit: str | None, formatted: str) -> str:
    return "-" if v is None else f"{formatted}  (raw: {v:g}{f' {unit}' if unit else ''})"


def render_claim(c: Claim, width: int | None) -> str:
    """One claim whole: every field a reader needs to judge the verdict, wrapped to the width."""
    docs = documents()
    d = docs.get(c.document)
    fields: list[tuple[str, str]] = [
        ("Claim", c.claim),
        ("Document", f"{d.label}: {d.title} ({d.outlet})" if d else c.document),
        ("Where in it", c.location or "-"),
        ("Topic, kind", f"{c.topic}, {c.kind}"),
    ]
    if c.retired is not None:
        fields.append(("Retired", c.retired))
    else:
        v = check(c)
        row = v.as_row()
        claimed = row["claimed"] if c.kind == "probability" else _value(v.claimed, c.unit, row["claimed"])
        context = [f"{k}: {x}" for k, x in (("period", c.period), ("against", c.comparator)) if x]
        if context:
            claimed = ("no number" if claimed == "-" else claimed) + f" ({'; '.join(context)})"
        fields += [
            ("Claimed", claimed),
            ("Computed", row["computed"] if c.kind == "probability" else _value(v.computed, c.unit, row["computed"])),
            ("Difference", row["difference"] or "-"),
            ("Verdict", v.verdict),
        ]
        if c.checkable:
            fields += [
                ("Rule", v.rule if v.rule.startswith(f"{c.rule.name}:") else f"{c.rule.name}: {v.rule}")
                if c.rule and v.rule
                else ("Rule", c.rule.name if c.rule else "-"),
                ("Basis", v.basis or "-"),
                ("How", v.detail or "-"),
                ("Computation", c.computation or "-"),
                ("Check", f"{c.function}({', '.join(f'{k}={x!r}' for k, x in c.params.items())}) on {c.table}"),
                ("Sensitivity", v.sensitivity or "none listed"),
                ("Sources", v.source or "-"),
            ]
        else:
            fields += [("Why not", c.why_not or "-"), ("Would settle it", c.data_needed or "-")]
    label = max(len(k) for k, _ in fields) + 2
    lines = [f"{c.id}  ({c.topic})"]
    for k, text in fields:
        lines += _wrap(str(text), f"  {k + ':':<{label}}", width)
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> None:
    """The `claims` command."""
    width = None if getattr(args, "wide", False) else shutil.get_terminal_size(fallback=(100, 24)).columns
    if args.claim_id is not None:  # claims show ID
        c = _find(args.claim_id)
        if args.format == "json":
            record = check(c).as_record() if c.retired is None else {"id": c.id, "retired": c.retired}
            print(json.dumps(record, ensure_ascii=False, indent=1, allow_nan=False))
        else:
            print(render_claim(c, width), end="")
        return
    verdicts = select(args.topic, args.verdict, args.document)
    if args.format == "text":
        # a file gets lines of 100 characters (or whole lines with --wide), not the terminal's width
        text = render_list(verdicts, width if args.output is None or width is None else 100)
    elif not verdicts:
        raise WorkbookError("no claim matches these filters: nothing to write")
    else:
        records = ledger_records(verdicts)
        text = ledger_json(records) if args.format == "json" else ledger_csv(records)
    if args.output:
        atomic_write_text(args.output, text if text.endswith("\n") else text + "\n")
        print(f"wrote {len(verdicts)} claims to {args.output}")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
