"""Formulas typeset once, at build time, so that build/report.html is one self-contained file.

The chapters write TeX (`$…$`, `$$…$$`). Rather than ship MathJax beside the page (a folder of scripts
and fonts that an e-mailed report.html loses), the page is loaded once in headless Chromium with MathJax
2.7 (from the jupyter-server-mathjax package, read where it is installed), each formula is turned into
MathML, and the DOM is saved without MathJax. Browsers draw MathML natively (Chromium, Firefox, Safari),
so the published page loads nothing but itself; each <math> keeps its TeX as `alttext`.

A page without formulas is not loaded at all; a build without a browser leaves the TeX as text (the
build warns that Chromium is missing, see pdf.NO_BROWSER_MESSAGE).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from ..errors import WorkbookError
from .pdf import VIRTUAL_TIME_MS, browser_env, chromium_command

MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full"
BEGIN, END = "<!-- mathjax -->", "<!-- /mathjax -->"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
DONE = 'data-mathjax="done"'
TIMEOUT_S = 120
# TeX the page's text may hold: $…$ on one line, $$…$$, \(…\), \[…\] (a guess; a false one costs one load)
_LEFTOVER = re.compile(r'<div id="MathJax_\w+"[^>]*>\s*</div>')
_MAYBE_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)


def mathjax_uri() -> str:
    """file:// address of MathJax.js in the installed jupyter-server-mathjax package (read at build time only)."""
    try:
        # imported here: only a build that typesets formulas needs it, and a missing package gets advice
        import jupyter_server_mathjax
    except ImportError as exc:
        raise WorkbookError(
            "the report typesets formulas with MathJax from the jupyter-server-mathjax package, which is not "
            "installed: run `make setup` (it is in requirements.lock)."
        ) from exc
    js = Path(jupyter_server_mathjax.__file__).resolve().parent / "static" / "MathJax.js"
    if not js.is_file():
        raise WorkbookError(f"{js} is missing: reinstall jupyter-server-mathjax with `make setup`.")
    return f"{js.as_uri()}?config={MATHJAX_CONFIG}"


def has_math(page: str) -> bool:
    """Whether the text of the page (outside scripts, styles and tags) may contain TeX."""
    body = page[page.find("<body") :] if "<body" in page else page
    text = re.sub(r"<(script|style|pre|code)\b.*?</\1>|<[^>]+>", " ", body, flags=re.S | re.I)
    return bool(_MAYBE_MATH.search(text))


def strip_mathjax(page: str) -> str:
    """The page without its MathJax block (when nothing is to be typeset, or no browser can)."""
    return _BLOCK.sub("", page)


def typeset(page: str, browser: str | None, *, name: str = "report.html", timeout: int = TIMEOUT_S) -> str:
    """`page` (with the template's MathJax block) with every formula as MathML and no MathJax left."""
    if browser is None or not has_math(page):
        return strip_mathjax(page)
    if BEGIN not in page:
        raise WorkbookError(f"{name}: the page has no MathJax block ({BEGIN}); the template was changed")
    with tempfile.TemporaryDirectory(prefix="sinorussia-typeset-") as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(page, encoding="utf-8")
        profile = Path(tmp) / "profile"
        cmd = chromium_command(browser, profile, [f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--dump-dom"])
        try:
            proc = subprocess.run(
                [*cmd, src.as_uri()],
                capture_output=True,
                timeout=timeout,
                env=browser_env(profile),
            )
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"{browser} did not finish typesetting the formulas of {name} within {timeout} s; "
                "the previous report is untouched."
            ) from None
    dom = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0 or DONE not in dom[:2000]:
        raise WorkbookError(
            f"MathJax did not finish typesetting the formulas of {name} in {browser} (exit {proc.returncode}); "
            "the previous report is untouched. Check a formula's TeX, or run with the formulas removed to find it."
        )
    # MathJax may create its (empty) message and test boxes again after it removed them
    dom = _LEFTOVER.sub("", dom)
    left = re.search(r"<script[^>]*\bsrc=|id=\"MathJax|class=\"MathJax|MathJax\.Hub", dom)
    if left:
        raise WorkbookError(f"{name}: MathJax left {left.group(0)!r} in the page after typesetting")
    # the DOM as MathJax left it, without the doctype (--dump-dom omits it; without it the page is in quirks mode)
    return "<!DOCTYPE html>\n" + strip_mathjax(dom.replace(" " + DONE, "", 1)) + "\n"
