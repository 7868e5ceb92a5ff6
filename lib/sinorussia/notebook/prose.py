"""Prose rendered from computed values: numbers, lists and names formatted the one way the workbook writes them."""

from __future__ import annotations

from collections.abc import Iterable

from ..processed.countries import display_name


def say(text: str) -> None:
    """Show prose built from computed values (cells tagged remove-input hide the code in the report)."""
    from IPython.display import Markdown, display  # only inside a kernel

    display(Markdown(text))


def usd(value: float, unit: str = "bn", digits: int = 1) -> str:
    """A US dollar amount in 'tn', 'bn' or 'm', e.g. usd(2.4e11) -> '240.0 bn USD'."""
    div = {"tn": 1e12, "bn": 1e9, "m": 1e6}[unit]
    return f"{value / div:,.{digits}f} bn USD".replace(" bn", f" {unit}")


def pct(share: float, digits: int = 0) -> str:
    """A share (0–1) as a percentage, e.g. pct(0.253) -> '25 %'."""
    return f"{share * 100:.{digits}f} %"


def join_words(items: Iterable[object]) -> str:
    """'a', 'a and b', 'a, b and c' for prose."""
    words = [str(i) for i in items]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def join_names(codes: Iterable[str]) -> str:
    """'Kazakhstan', 'Kazakhstan and Mongolia', 'Kazakhstan, Kyrgyzstan and Mongolia' for prose."""
    return join_words(display_name(c) for c in codes)
