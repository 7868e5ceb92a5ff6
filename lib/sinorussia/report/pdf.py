"""Print build/report.html to build/report.pdf with headless Chromium (A4 and page breaks come from
the report's print stylesheet). The browser is $SINORUSSIA_BROWSER or the first of chromium,
chromium-browser, google-chrome on the PATH.

The printed contents give each entry's page number. Chromium has no CSS target-counter(), so the page is
printed twice: the first print tells on which page each heading is (the PDF's named destinations, read
with poppler's `pdfinfo -dests`), the numbers are written into the contents' print-only spans (whose width
the first print already reserved, so nothing moves), and the second print is the PDF. A print is repeated
until the numbers agree with the pages (at most MAX_PRINTS); without pdfinfo the contents have no numbers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import WorkbookError
from ..fsio import atomic_path

BROWSER_ENV = "SINORUSSIA_BROWSER"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NO_BROWSER_MESSAGE = (
    "no Chromium found, so build/report.pdf was not printed and the formulas in build/report.html are left "
    "as TeX (the rest of it is complete). Install one with `sudo apt-get install chromium` (Debian/Ubuntu), "
    f"or point ${BROWSER_ENV} at a Chromium or Chrome executable, then run `make report` again."
)
# Virtual time lets scripts finish (and MathJax typeset, see typeset.py) without waiting in real time.
VIRTUAL_TIME_MS = 20000
TIMEOUT_S = 180
MAX_PRINTS = 3
# a contents entry's page number: <span class="pg" data-pg="ch2-s1"></span>, filled in before the last print
PAGE_SPAN = re.compile(r'<span class="pg" data-pg="([^"]+)">[^<]*</span>')
_DEST = re.compile(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$')


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


def chromium_command(browser: str, profile: Path | str, extra: list[str]) -> list[str]:
    """A headless Chromium command line with its own profile, no network chatter, then `extra`."""
    return [
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
        *extra,
    ]


def browser_env(profile: Path | str) -> dict[str, str]:
    """The environment of a browser run: HOME in its throw-away profile (Chromium writes there)."""
    return {**os.environ, "HOME": str(profile)}


def _print_once(html: Path, out: Path, browser: str, timeout: int, final: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="sinorussia-chromium-") as profile:
        cmd = chromium_command(
            browser,
            profile,
            [
                "--no-pdf-header-footer",
                "--generate-pdf-document-outline",  # bookmarks from the page's headings
                f"--virtual-time-budget={VIRTUAL_TIME_MS}",
                "--run-all-compositor-stages-before-draw",
                f"--print-to-pdf={out}",
                html.as_uri(),
            ],
        )
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=browser_env(profile))
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"{browser} did not finish printing {final.name} within {timeout} s; the previous "
                f"{final.with_suffix('.pdf').name} is untouched."
            ) from None
    ok = out.is_file() and out.stat().st_size > 1000 and out.read_bytes()[:5] == b"%PDF-"
    if proc.returncode != 0 or not ok:
        tail = "\n".join(ln for ln in (proc.stderr or "").splitlines()[-6:] if "dbus" not in ln)
        raise WorkbookError(
            f"{browser} could not print {final.name} to PDF (exit {proc.returncode}); "
            f"the previous {final.with_suffix('.pdf').name} is untouched.\n{tail}"
        )


def destination_pages(pdf: Path) -> dict[str, int] | None:
    """Named destination (an element id the page links to) -> PDF page number; None without pdfinfo."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    proc = subprocess.run([pdfinfo, "-dests", str(pdf)], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return None
    pages: dict[str, int] = {}
    for line in proc.stdout.splitlines():
        m = _DEST.match(line)
        if m:
            pages.setdefault(m.group(2), int(m.group(1)))
    return pages


def with_page_numbers(page: str, pages: dict[str, int]) -> str:
    """The page with each contents entry's page number written into its print-only span."""
    return PAGE_SPAN.sub(lambda m: f'<span class="pg" data-pg="{m.group(1)}">{pages.get(m.group(1), "")}</span>', page)


def printed_numbers(page: str) -> dict[str, str]:
    """The page numbers the contents of `page` give (anchor -> number as printed)."""
    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(0)).strip() for m in PAGE_SPAN.finditer(page)}


def print_pdf(html: Path, pdf: Path, browser: str, *, timeout: int = TIMEOUT_S) -> Path:
    """Print `html` to `pdf` atomically, with page numbers in the contents: the browser prints to a temporary
    file beside `pdf`, which fsio.atomic_path moves into place only when the block ends without an error."""
    html, pdf = Path(html).resolve(), Path(pdf).resolve()
    page = html.read_text(encoding="utf-8")
    entries = [m.group(1) for m in PAGE_SPAN.finditer(page)]
    with atomic_path(pdf) as tmp:
        _print_once(html, tmp, browser, timeout, html)
        if not entries:
            return pdf
        # the numbered copy is written beside the page, so that anything it refers to resolves the same way
        paged = html.with_name(f".{html.stem}.paged-{os.getpid()}.html")
        try:
            for _ in range(MAX_PRINTS - 1):
                pages = destination_pages(tmp)
                if pages is None:
                    return pdf  # no poppler: the contents stay without numbers
                want = {a: str(pages.get(a, "")) for a in entries}
                if printed_numbers(page) == want:
                    return pdf  # the last print shows the numbers of its own pages
                page = with_page_numbers(page, pages)
                paged.write_text(page, encoding="utf-8")
                _print_once(paged, tmp, browser, timeout, html)
            pages = destination_pages(tmp) or {}
            if printed_numbers(page) != {a: str(pages.get(a, "")) for a in entries}:
                raise WorkbookError(
                    f"the page numbers in the contents of {pdf.name} did not settle after {MAX_PRINTS} prints "
                    "(a heading moved when its number was written); the previous PDF is untouched."
                )
        finally:
            paged.unlink(missing_ok=True)
    return pdf
