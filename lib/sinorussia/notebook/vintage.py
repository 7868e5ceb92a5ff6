"""How current a chapter's data are: one compact 'Data current to' line under the chapter's questions.

A chapter calls `current_to({...})` once, right after its set-up, with its main series and the latest
period each reaches in this build (computed from the tables, never typed). The line shows in JupyterLab
and the report; the same values travel to the report as data (a private MIME type, like the findings),
so the title page can say what the whole study is current to.
"""

from __future__ import annotations

from typing import Any

from ..errors import ParameterError
from .style import period_text

VINTAGE_MIME = "application/vnd.sinorussia.vintage+json"


def current_to(series: dict[str, Any]) -> None:
    """Show 'Data current to: series A Dec 2024 · series B 2023 …' and hand the periods to the report."""
    from IPython.display import display  # only inside a kernel

    if not series:
        raise ParameterError("current_to needs at least one series: {label: latest period}")
    shown = {str(label): period_text(period) for label, period in series.items()}
    line = " · ".join(f"{label} **{period}**" for label, period in shown.items())
    display({VINTAGE_MIME: shown, "text/markdown": f"*Data current to:* {line}"}, raw=True)
