"""Write tests/fixtures/ledger_pinned.csv: every claim's verdict (or wording outcome) and computed value.

tests/test_ledger_pinned.py compares the ledger with this file, so a verdict or value that moves fails the
test until someone looks at it. After reviewing a change (and saying old -> new in the commit message),
run `python tools/pin_ledger.py` and commit the file with the change.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from sinorussia import claims

PINNED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "ledger_pinned.csv"


def pinned_rows() -> list[dict[str, str]]:
    """One row per claim: id, rule, verdict, the computed value to 4 significant digits ('' for none)."""
    rows = []
    for r in claims.ledger_records():
        v = r["computed_value"]
        rows.append(
            {
                "id": str(r["id"]),
                "rule": str(r["rule_name"] or ""),
                "verdict": str(r["verdict"]),
                "computed": "" if v is None else f"{float(v):.4g}",  # type: ignore[arg-type]
            }
        )
    return rows


def main() -> int:
    rows = pinned_rows()
    with open(PINNED, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "rule", "verdict", "computed"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} claims to {PINNED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
