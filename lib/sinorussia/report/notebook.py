"""What a notebook needs beyond data: the set-up call, source lines, and prose rendered from values."""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..processed.load import table_spec
from ..raw import raw_catalog
from . import style

SEED = 20240504  # one seed for anything random in a notebook that does not set its own


@dataclass(frozen=True)
class Setup:
    seed: int

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)


def setup(seed: int = SEED) -> Setup:
    """The one set-up call at the top of each notebook: style, display options, seeded randomness."""
    style.apply_style()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 140)
    pd.set_option("display.float_format", lambda v: f"{v:,.3f}")
    random.seed(seed)
    np.random.seed(seed)
    return Setup(seed=seed)


def source_text(*tables: str, sources: dict[str, list[str]] | None = None, note: str = "") -> str:
    """'Source: <producer> (<vintage>); …' for the raw files behind the given processed tables.

    `sources` narrows a table to some of its raw ids, e.g. {"trade_bilateral_annual": ["baci_russia_china_hs6"]}.
    """
    cat = raw_catalog()
    seen: dict[str, list[str]] = {}
    for t in tables:
        ids = (sources or {}).get(t) or list(table_spec(t).sources)
        for i in ids:
            if i in cat:
                seen.setdefault(cat[i].producer, [])
                if cat[i].vintage not in seen[cat[i].producer]:
                    seen[cat[i].producer].append(cat[i].vintage)
            else:
                seen.setdefault(f"curated table data/{i}", [])
    parts = [f"{p} ({'; '.join(v)})" if v else p for p, v in seen.items()]
    text = "Source: " + "; ".join(parts) + "."
    return text + (f" {note}" if note else "")


def say(text: str) -> None:
    """Show prose built from computed values (cells tagged remove-input hide the code in the report)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def usd(value: float, unit: str = "bn", digits: int = 1) -> str:
    div = {"tn": 1e12, "bn": 1e9, "m": 1e6}[unit]
    return f"{value / div:,.{digits}f} bn USD".replace(" bn", f" {unit}")


def pct(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f} %"
