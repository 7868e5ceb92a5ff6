"""Formulas typeset once, at build time, so that build/report.html is one self-contained file.

The chapters write TeX (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`). Rather than ship MathJax beside the page (a folder
of scripts and fonts that an e-mailed report.html loses), each formula is converted to MathML once:

1. `find_formulas` finds them in the text of the page (not in tags, scripts, styles, code), with
   pandoc's rule for `$`: no space inside either dollar, and no digit after the closing one, so that
   "$5 and $10" stays money;
2. a throw-away copy of the page in which each formula is a `<script type="math/tex">` is loaded in
   headless Chromium with MathJax 2.7 (from the installed jupyter-server-mathjax package), which turns
   each into MathML and hands the results back as JSON;
3. each formula of the page is replaced by its <math> element (the TeX kept as `alttext`). Nothing else
   of the page changes.

Browsers draw MathML natively (Chromium, Firefox, Safari), so the published page loads nothing but itself.
A build without a browser leaves the TeX as text (the build warns that Chromium is missing).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import WorkbookError
from .pdf import VIRTUAL_TIME_MS, browser_env, chromium_command

MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full"
TIMEOUT_S = 120
_SKIP = ("script", "style", "pre", "code", "textarea")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>|<!--.*?-->", re.S)
# display first, then inline; `\$` is a literal dollar (and never opens or closes a formula)
_FORMULA = re.compile(
    r"(?<!\\)\$\$(?P<d1>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|\\\((?P<i1>.+?)\\\)"
    r"|(?<![\\$])\$(?P<i2>[^\s$](?:[^$]*?[^\s\\$])?)\$(?!\d)",
    re.S,
)
# MathML 3's named spaces (MathJax writes \, as width="thinmathspace"), which MathML Core browsers ignore
NAMED_SPACES = {
    "veryverythinmathspace": "0.0556em",
    "verythinmathspace": "0.1111em",
    "thinmathspace": "0.1667em",
    "mediummathspace": "0.2222em",
    "thickmathspace": "0.2778em",
    "verythickmathspace": "0.3333em",
    "veryverythickmathspace": "0.3889em",
}
_NAMED_SPACE = re.compile(r'\b(width|lspace|rspace)="(' + "|".join(sorted(NAMED_SPACES, key=len, reverse=True)) + ')"')

# Loaded only in the throw-away copy: MathJax typesets the math/tex scripts, this hands back their MathML.
_BLOCK = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  extensions: ["toMathML.js"],
  tex2jax: { inlineMath: [], displayMath: [], processEscapes: false, processEnvironments: false, processRefs: false },
  messageStyle: "none", showMathMenu: false, menuSettings: { zoom: "None" }
});
MathJax.Hub.Queue(function () {
  var out = {};
  MathJax.Hub.getAllJax().forEach(function (jax) { out[jax.inputID] = jax.root.toMathML(""); });
  var pre = document.createElement("pre");
  pre.id = "sinorussia-mathml";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
<script src="%s"></script>
"""


@dataclass(frozen=True)
class Formula:
    start: int  # position in the page of the opening delimiter
    end: int  # just after the closing delimiter
    tex: str  # the TeX, unescaped (the page's text is HTML)
    display: bool


def find_formulas(page: str) -> list[Formula]:
    """Every formula in the text of the page's body, in order."""
    body = page.find("<body")
    pos = 0 if body < 0 else body
    found: list[Formula] = []
    skip: list[str] = []
    for m in _TAG.finditer(page, pos):
        text_end = m.start()
        if not skip and text_end > pos:
            for f in _FORMULA.finditer(page, pos, text_end):
                display = f.group("d1") is not None or f.group("d2") is not None
                tex = next(g for g in (f.group("d1"), f.group("d2"), f.group("i1"), f.group("i2")) if g is not None)
                found.append(Formula(f.start(), f.end(), html.unescape(tex).strip(), display))
        closing, name = m.group(1), (m.group(2) or "").lower()
        if name in _SKIP:
            if not closing:
                skip.append(name)
            elif skip and skip[-1] == name:
                skip.pop()
        pos = m.end()
    return found


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


def _mathml(formulas: list[Formula], page: str, browser: str, name: str, timeout: int) -> list[str]:
    """The MathML of each formula, typeset by MathJax in headless Chromium (one load of a copy of the page)."""
    parts, last = [], 0
    for i, f in enumerate(formulas):
        kind = "math/tex; mode=display" if f.display else "math/tex"
        tex = f.tex.replace("</", "<\\/")  # never closes the script
        parts += [page[last : f.start], f'<script type="{kind}" id="tex-{i}">{tex}</script>']
        last = f.end
    copy = "".join([*parts, page[last:]])
    copy = copy.replace("</head>", _BLOCK % mathjax_uri() + "</head>", 1)
    with tempfile.TemporaryDirectory(prefix="sinorussia-typeset-") as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(copy, encoding="utf-8")
        profile = Path(tmp) / "profile"
        cmd = chromium_command(browser, profile, [f"--virtual-time-budget={VIRTUAL_TIME_MS}", "--dump-dom"])
        try:
            proc = subprocess.run([*cmd, src.as_uri()], capture_output=True, timeout=timeout, env=browser_env(profile))
        except subprocess.TimeoutExpired:
            raise WorkbookError(
                f"{browser} did not finish typesetting the formulas of {name} within {timeout} s; "
                "the previous report is untouched."
            ) from None
    dom = proc.stdout.decode("utf-8", errors="replace")
    m = re.search(r'<pre id="sinorussia-mathml">(.*?)</pre>', dom, re.S)
    if proc.returncode != 0 or not m:
        raise WorkbookError(
            f"MathJax did not finish typesetting the {len(formulas)} formulas of {name} in {browser} "
            f"(exit {proc.returncode}); the previous report is untouched."
        )
    out = json.loads(html.unescape(m.group(1)))
    missing = [formulas[i].tex for i in range(len(formulas)) if f"tex-{i}" not in out]
    if missing:
        raise WorkbookError(f"{name}: MathJax could not typeset the formula ${missing[0]}$; check its TeX")
    return [out[f"tex-{i}"] for i in range(len(formulas))]


def _math_element(mathml: str, tex: str) -> str:
    mathml = _NAMED_SPACE.sub(lambda m: f'{m.group(1)}="{NAMED_SPACES[m.group(2)]}"', mathml)
    mathml = re.sub(r">\s+<", "><", mathml.strip())  # MathJax indents; whitespace means nothing in MathML
    alt = html.escape(tex, quote=True)
    return re.sub(r"^<math\b", lambda _: f'<math alttext="{alt}"', mathml, count=1)


def typeset(page: str, browser: str | None, *, name: str = "report.html", timeout: int = TIMEOUT_S) -> str:
    """`page` with every formula as MathML (the rest of the page unchanged); as it is without a browser."""
    formulas = find_formulas(page)
    if not formulas or browser is None:
        return page
    mathml = _mathml(formulas, page, browser, name, timeout)
    parts, last = [], 0
    for f, ml in zip(formulas, mathml):
        parts += [page[last : f.start], _math_element(ml, f.tex)]
        last = f.end
    return "".join([*parts, page[last:]])
