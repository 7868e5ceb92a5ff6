"""The report renderer on synthetic notebooks: numbered figures and tables with the finding as caption,
the data as an embedded CSV download, and {numref} cross-references resolved across chapters.

The figure outputs are made by the real `sr.show` / `sr.table` in an IPython shell (the contract between
notebook/figures.py and report/render.py is tested end to end), without a kernel: a second in all.
"""

from __future__ import annotations

import base64
import html
import re

import pytest

from sinorussia.errors import WorkbookError
from sinorussia.notebook import figures
from sinorussia.report import numbering
from sinorussia.report.render import Chapter, render_chapter, resolve_chapter_references


@pytest.fixture(scope="module")
def shown() -> dict[str, list[dict]]:
    """The outputs of real sr.show / sr.table calls, as a notebook stores them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import sinorussia as sr

    InteractiveShell.instance()
    out: dict[str, list[dict]] = {}
    fig, ax = plt.subplots()
    ax.plot([2000, 2024], [1.0, 5.5])
    sr.finding_title(ax, "China's economy grew to 5.5 times Russia's", "GDP ratio, current US$")
    frame = pd.DataFrame({"year": [2000, 2024], "ratio": [1.0, 5.5]})
    with capture_output() as c:
        sr.show(fig, label="gdp-ratio", data=frame)
    out["figure"] = [{"output_type": "display_data", "data": o.data, "metadata": o.metadata} for o in c.outputs]
    styler = frame.style.set_caption("Ratio of China's GDP to Russia's")
    with capture_output() as c:
        sr.table(styler, label="ratio-table")
    out["table"] = [{"output_type": "display_data", "data": o.data, "metadata": o.metadata} for o in c.outputs]
    return out


def _nb(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(outputs: list[dict], **metadata: object) -> dict:
    return {"cell_type": "code", "metadata": dict(metadata), "source": "x = 1", "outputs": outputs}


def _png(caption_meta: dict | None = None) -> dict:
    meta = {figures.META_KEY: caption_meta} if caption_meta else {}
    return {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}, "metadata": meta}


def _text_only(h: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", h))


def test_the_report_reads_the_key_the_notebooks_write():
    assert numbering.META_KEY == figures.META_KEY


def test_a_shown_figure_is_numbered_with_its_finding_and_its_data(shown):
    nb = _nb(_md("# Context\n\n## GDP\n\nText."), _code(shown["figure"]))
    ch = render_chapter(3, "03_energy", nb)
    figs = re.findall(r'<figure class="figure" id="([^"]+)">(.*?)</figure>', ch.body, re.S)
    assert [f[0] for f in figs] == ["fig-gdp-ratio"] and ch.figures == 1
    cap = re.search(r"<figcaption>(.*?)</figcaption>", figs[0][1], re.S).group(1)
    assert '<span class="fig-no">Figure 3.1</span>' in cap
    assert '<span class="finding">China&#x27;s economy grew to 5.5 times Russia&#x27;s</span>' in cap
    assert '<span class="fig-subtitle">GDP ratio, current US$</span>' in cap
    # the separate caption output is merged into the figure: the finding is printed once, as its caption
    assert _text_only(ch.body).count("5.5 times Russia") == 1
    # the data drawn, as a download whose href is the CSV itself
    m = re.search(r'href="data:text/csv;base64,([A-Za-z0-9+/=]+)" download="03-gdp-ratio.csv">Data \(CSV\)', cap)
    assert m, cap
    assert base64.b64decode(m.group(1)).decode() == "year,ratio\n2000,1.0\n2024,5.5\n"
    assert ch.numbered[0].name == "Figure 3.1" and ch.numbered[0].anchor == "fig-gdp-ratio"


def test_a_legacy_figure_is_numbered_with_the_cell_caption_or_the_section_title():
    nb = _nb(
        _md("# T\n\n## Trade with Russia"),
        _code([_png()], caption="Trade rose threefold"),
        _code([_png()]),
    )
    ch = render_chapter(2, "02_economics", nb)
    caps = re.findall(r"<figcaption>(.*?)</figcaption>", ch.body, re.S)
    assert len(caps) == 2 and [n.anchor for n in ch.numbered] == ["fig-2-1", "fig-2-2"]
    assert "Figure 2.1" in caps[0] and "Trade rose threefold" in caps[0] and "download" not in caps[0]
    assert "Figure 2.2" in caps[1] and "Trade with Russia" in caps[1]


def test_tables_are_numbered_from_their_metadata_or_their_caption(shown):
    plain = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    captioned = plain.replace("<table>", "<table><caption>Arms deliveries by year</caption>")
    nb = _nb(
        _md("# T"),
        _code(shown["table"]),
        _code([{"output_type": "execute_result", "data": {"text/html": captioned}, "metadata": {}}]),
        _code([{"output_type": "execute_result", "data": {"text/html": plain}, "metadata": {}}]),
    )
    ch = render_chapter(4, "04_military", nb)
    tables = re.findall(r'<figure class="table[^"]*" id="([^"]+)"><figcaption>(.*?)</figcaption>', ch.body, re.S)
    assert [t[0] for t in tables] == ["tbl-ratio-table", "tbl-4-2"] and ch.tables == 2
    assert "Table 4.1" in tables[0][1] and "Ratio of China&#x27;s GDP to Russia&#x27;s" in tables[0][1]
    assert 'download="04-ratio-table.csv"' in tables[0][1]
    assert "Table 4.2" in tables[1][1] and "Arms deliveries by year" in tables[1][1]
    assert "<caption" not in ch.body, "the caption is the report's, not printed twice"
    assert ch.body.count("<table") == 3, "the table without a caption is kept, unnumbered"


def _two_chapters(shown, prose: str, output_prose: str = "") -> list[Chapter]:
    one = render_chapter(1, "01_context", _nb(_md("# One"), _code(shown["figure"]), _code(shown["table"])))
    say = [{"output_type": "display_data", "data": {"text/markdown": output_prose}, "metadata": {}}]
    two = render_chapter(2, "02_economics", _nb(_md("# Two"), _md(prose), _code(say if output_prose else [])))
    return [one, two]


def test_numref_links_to_figures_and_tables_in_other_chapters(shown):
    chapters = _two_chapters(
        shown,
        "As {numref}`fig-gdp-ratio` shows, and {numref}`Tab. %s <tbl-ratio-table>` lists.",
        "See {numref}`fig-gdp-ratio` again.",
    )
    registry = resolve_chapter_references(chapters)
    body = chapters[1].body
    assert '<a class="xref" href="#fig-gdp-ratio">Figure 1.1</a> shows' in body
    assert '<a class="xref" href="#tbl-ratio-table">Tab. 1.1</a> lists' in body
    assert 'See <a class="xref" href="#fig-gdp-ratio">Figure 1.1</a> again' in body
    assert "numref" not in body and "\u27e6" not in body
    assert set(registry) == {"fig-gdp-ratio", "tbl-ratio-table"}


def test_an_unknown_label_fails_with_one_line_naming_the_chapter_and_the_label(shown):
    chapters = _two_chapters(shown, "As {numref}`fig-gdp-ration` shows.")
    with pytest.raises(WorkbookError) as err:
        resolve_chapter_references(chapters)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith("chapter 2 (02_economics.ipynb): {numref}`fig-gdp-ration` refers to no figure or table")
    assert "fig-gdp-ratio" in msg, "lists the labels there are"


def test_a_reference_that_is_not_to_a_figure_or_table_fails(shown):
    with pytest.raises(WorkbookError, match=r"chapter 2 \(02_economics.ipynb\): \{numref\}`sec-intro`"):
        _two_chapters(shown, "See {numref}`sec-intro`.")


def test_a_label_used_twice_fails(shown):
    one = render_chapter(1, "01_context", _nb(_md("# One"), _code(shown["figure"])))
    two = render_chapter(2, "02_economics", _nb(_md("# Two"), _code(shown["figure"])))
    with pytest.raises(WorkbookError, match=r"chapter 2 .*'fig-gdp-ratio' of Figure 2.1 is already used by Figure 1.1"):
        resolve_chapter_references([one, two])


# ---------------------------------------------------------------------------------------------
# formulas: found in the text only, typeset to MathML once at build time
# ---------------------------------------------------------------------------------------------


def test_formulas_are_found_in_text_only_and_money_is_not_math():
    from sinorussia.report.typeset import find_formulas

    page = (
        "<html><head><style>.a{content:'$x$'}</style></head><body>"
        "<p>Shares $s_{ij} = T_{ij} / T_i$ and oil at $5 and $10 a barrel; \\$x\\$ is text.</p>"
        "<pre>$not math$</pre><code>$nor$</code><p>$$H = \\sum_k s_k^2$$ and \\(a &lt; b\\)</p></body></html>"
    )
    found = find_formulas(page)
    assert [(f.tex, f.display) for f in found] == [
        ("s_{ij} = T_{ij} / T_i", False),
        ("H = \\sum_k s_k^2", True),
        ("a < b", False),
    ]
    assert page[found[0].start : found[0].end] == "$s_{ij} = T_{ij} / T_i$"


@pytest.mark.skipif(not __import__("shutil").which("chromium"), reason="no Chromium to typeset with")
def test_formulas_become_mathml_and_nothing_else_changes():
    from sinorussia.report.typeset import typeset

    page = "<!DOCTYPE html><html><head></head><body><p class='x'>With $S = \\sqrt{s_{ij}\\, s_{ji}}$.</p></body></html>"
    out = typeset(page, __import__("shutil").which("chromium"))
    assert out.startswith("<!DOCTYPE html><html><head></head><body><p class='x'>With <math alttext=\"S = \\sqrt")
    assert "<msqrt>" in out and 'width="0.1667em"' in out and "thinmathspace" not in out
    assert out.endswith(".</p></body></html>") and "MathJax" not in out and "$" not in out
