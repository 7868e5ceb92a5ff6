"""Numbers as the workbook prints them, in prose, tables and the claim ledger: one typography.

- a negative number carries the minus sign U+2212 (−), never the hyphen-minus that Python prints;
- a value that rounds to zero prints without a sign ("0 %", not "-0 %");
- a year, or a date, prints as written ("2014", never "2,014").

`typeset` applies the first two rules to text that already holds formatted numbers (a check's detail
line, a template filled with `str.format`), so that no path to the reader keeps a hyphen as a minus.
It lives with the claims (floor 4) so that the ledger, the notebook helpers and the report share it.
"""

from __future__ import annotations

import math
import re
from typing import Any

MINUS = "\u2212"
# A hyphen-minus that is a sign: before a digit (or a decimal point and a digit), and not inside a word, a
# range ("2013-2021", "1-7 %"), an id ("REG-12"), a date ("2026-01-14"), a path, a URL query or CSS.
_SIGN = re.compile(r"(?<![\w.\-\u2212/=&#%:])-(?=\.?\d)")
# A negative zero after rounding: "−0", "−0.0", "−0,0" not followed by further digits.
_NEG_ZERO = re.compile(r"\u2212(0(?:\.0+)?)(?![.,]?\d)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def typeset_plain(text: str) -> str:
    """`text` with every sign hyphen made a minus (U+2212) and every negative zero unsigned."""
    return _NEG_ZERO.sub(r"\1", _SIGN.sub(MINUS, text))


def typeset(text: str) -> str:
    """As `typeset_plain`, but code spans (`...`) are left as they are: code keeps Python's hyphen."""
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(typeset_plain(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(typeset_plain(text[pos:]))
    return "".join(out)


def number(value: float, spec: str = "") -> str:
    """`format(value, spec)` with the workbook's minus sign and no negative zero, e.g. number(-0.04, '.0f') -> '0'."""
    return typeset_plain(format(value, spec))


def signed(value: float, spec: str = ".1f") -> str:
    """A change with its sign always shown: '+2.1', '−6.8', and '0.0' (not '+0.0' or '−0.0') for no change."""
    text = number(value, spec)
    if text.startswith(MINUS) or not re.search(r"[1-9]", text):
        return text
    return "+" + text


def is_year_unit(unit: str | None) -> bool:
    """Whether values in this unit are years or dates, which print without a thousands separator."""
    return (unit or "").strip().lower() in {"year", "years", "date", "calendar year"}


def year(value: Any) -> str:
    """A year as written: year(2014.0) -> '2014'; a missing value gives ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(round(float(value))))
