"""Every verdict and computed value of the ledger, pinned on the real data.

A verdict that flips or a value that moves fails here, naming each claim with its old and new value, until
the change is reviewed and the pin is renewed with `python tools/pin_ledger.py` (the commit says old -> new).
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = ROOT / "tests" / "fixtures" / "ledger_pinned.csv"


def _tool():
    spec = importlib.util.spec_from_file_location("pin_ledger", ROOT / "tools" / "pin_ledger.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_verdict_and_value_is_as_pinned():
    with open(PINNED, encoding="utf-8") as fh:
        pinned = {r["id"]: r for r in csv.DictReader(fh)}
    now = {r["id"]: r for r in _tool().pinned_rows()}
    moved = [
        f"{i}: {pinned[i]['verdict']} {pinned[i]['computed'] or '-'} -> {now[i]['verdict']} {now[i]['computed'] or '-'}"
        for i in sorted(set(pinned) & set(now))
        if pinned[i] != now[i]
    ]
    added, gone = sorted(set(now) - set(pinned)), sorted(set(pinned) - set(now))
    assert not (moved or added or gone), (
        f"the ledger moved (review, then run tools/pin_ledger.py): moved {moved}; new {added}; no longer checked {gone}"
    )
    assert len(now) >= 197
