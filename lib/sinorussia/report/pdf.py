"""Print build/report.html to build/report.pdf with headless Chromium (A4 and page breaks come from
the report's print stylesheet). The browser is $SINORUSSIA_BROWSER or the first of chromium,
chromium-browser, google-chrome on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import WorkbookError
from ..fsio import atomic_path

BROWSER_ENV = "SINORUSSIA_BROWSER"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NO_BROWSER_MESSAGE = (
    "no Chromium found, so build/report.pdf was not printed (build/report.html is complete). "
    "Install one with `sudo apt-get install chromium` (Debian/Ubuntu), or point "
    f"${BROWSER_ENV} at a Chromium or Chrome executable, then run `make report` again."
)
# Virtual time lets MathJax finish typesetting before printing without waiting in real time.
VIRTUAL_TIME_MS = 20000
TIMEOUT_S = 180


def find_browser() -> str | None:
    env = os.environ.get(BROWSER_ENV)
    if env:
        found = shutil.which(env) or (env if Path(env).is_file() and os.access(env, os.X_OK) else None)
        if found is None:
            raise WorkbookError(f"${BROWSER_ENV}={env!r} is not an executable browser; unset it or fix the path.")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path, browser: str, *, timeout: int = TIMEOUT_S) -> Path:
    """Print `html` to `pdf` atomically: the browser prints to a temporary file beside `pdf`, which
    fsio.atomic_path moves into place only when the block ends without an error (it is a PDF)."""
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    with atomic_path(pdf) as tmp, tempfile.TemporaryDirectory(prefix="sinorussia-chromium-") as profile:
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",  # bookmarks from the page's headings
            f"--virtual-time-budget={VIRTUAL_TIME_MS}",
            "--run-all-compositor-stages-before-draw",
            f"--print-to-pdf={tmp}",
            html.as_uri(),
        ]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": profile}
            )
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"{browser} did not finish printing {html.name} within {timeout} s; "
                f"the previous {pdf.name} is untouched."
            ) from None
        ok = tmp.is_file() and tmp.stat().st_size > 1000 and tmp.read_bytes()[:5] == b"%PDF-"
        if proc.returncode != 0 or not ok:
            tail = "\n".join(ln for ln in (proc.stderr or "").splitlines()[-6:] if "dbus" not in ln)
            raise WorkbookError(
                f"{browser} could not print {html.name} to PDF (exit {proc.returncode}); "
                f"the previous {pdf.name} is untouched.\n{tail}"
            )
    return pdf
