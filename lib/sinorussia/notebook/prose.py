"""Prose rendered from computed values: numbers, lists and names formatted the one way the workbook writes them.

A chapter writes its findings as a Markdown template that reads as text, with named fields for the
computed values, and fills it with `say`:

    sr.say('''
        In {year} Russia sent China **{share:.0%}** of its crude exports, {direction} from
        {share0:.0%} in {year0}.
        ''', year=last, share=s.iloc[-1], direction=sr.rose_or_fell(s.iloc[-1], s.iloc[0]), ...)

The template is dedented and the lines of each paragraph are joined, so the source can be wrapped
freely; list items, table rows, headings and quotes keep their own lines.
"""

from __future__ import annotations

import numbers
import re
import string
import textwrap
from collections.abc import Iterable
from typing import Any

from ..claims.numbers import number, signed, typeset
from ..processed.countries import display_name

# A line that starts a Markdown block of its own (list item, table row, heading, quote) is never joined.
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|\||#|>)")


class _ProseFormatter(string.Formatter):
    """`str.format` as prose prints numbers: a year-like integer without a thousands separator even under
    `{year:,}`, and (through `typeset`, on the whole text) a minus sign and no negative zero."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if (
            isinstance(value, numbers.Integral)
            and not isinstance(value, bool)
            and 1000 <= int(value) <= 2200
            and "," in format_spec
        ):
            format_spec = format_spec.replace(",", "")  # 2014, never 2,014
        return super().format_field(value, format_spec)


_FORMATTER = _ProseFormatter()


def render(template: str, /, **values: Any) -> str:
    """The Markdown `say` shows: the template dedented, paragraphs joined into single lines, fields
    filled with `str.format` (only when values are given, so a template without fields may use braces),
    and every number typeset (a minus sign, never a hyphen; no negative zero; see claims.numbers)."""
    lines = textwrap.dedent(template).strip("\n").splitlines()
    out: list[str] = []
    for line in lines:
        joinable = (
            out
            and out[-1].strip()
            and line.strip()
            and not _BLOCK_START.match(line)
            and not _BLOCK_START.match(out[-1])
            or
            # a wrapped list item continues on an indented line
            (
                out
                and _BLOCK_START.match(out[-1])
                and not out[-1].lstrip().startswith("|")
                and line.startswith("  ")
                and line.strip()
                and not _BLOCK_START.match(line)
            )
        )
        if joinable:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line.rstrip())
    text = "\n".join(out).strip()
    return typeset(_FORMATTER.format(text, **values) if values else text)


def say(template: str, /, **values: Any) -> None:
    """Show prose built from computed values (cells tagged remove-input hide the code in the report)."""
    from IPython.display import Markdown, display  # only inside a kernel

    display(Markdown(render(template, **values)))


def usd(value: float, unit: str = "bn", digits: int = 1) -> str:
    """A US dollar amount in 'tn', 'bn' or 'm', e.g. usd(2.4e11) -> '240.0 bn USD', usd(-3e9) -> '−3.0 bn USD'."""
    div = {"tn": 1e12, "bn": 1e9, "m": 1e6}[unit]
    return f"{number(value / div, f',.{digits}f')} {unit} USD"


def pct(share: float, digits: int = 0) -> str:
    """A share (0–1) as a percentage, as the format spec `.0%` prints it: pct(0.253) -> '25%',
    pct(-0.068, 1) -> '−6.8%', pct(-0.001) -> '0%' (no negative zero)."""
    return number(share * 100, f".{digits}f") + "%"


def signed_pct(change: float, digits: int = 1) -> str:
    """A change as a signed percentage: signed_pct(0.021) -> '+2.1%', signed_pct(-0.068) -> '−6.8%', '0.0%'."""
    return signed(change * 100, f".{digits}f") + "%"


def join_words(items: Iterable[object]) -> str:
    """'a', 'a and b', 'a, b and c' for prose."""
    words = [str(i) for i in items]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def join_names(codes: Iterable[str]) -> str:
    """'Kazakhstan', 'Kazakhstan and Mongolia', 'Kazakhstan, Kyrgyzstan and Mongolia' for prose."""
    return join_words(display_name(c) for c in codes)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 year', '3 years'; `many` for irregular plurals (plural(2, 'country', 'countries'))."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def rose_or_fell(
    new: float, old: float, *, up: str = "up", down: str = "down", same: str = "unchanged", tolerance: float = 0.0
) -> str:
    """A direction word for a change from `old` to `new` ('up'/'down'/'unchanged' unless other words are
    given); changes no larger than `tolerance` count as no change."""
    change = new - old
    return same if abs(change) <= tolerance else up if change > 0 else down


def either(condition: bool, yes: str, no: str = "") -> str:
    """One of two phrasings chosen by a computed condition, named so that a template stays readable."""
    return yes if condition else no
