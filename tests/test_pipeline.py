"""The report pipeline (`make report`): execution with papermill, the cache, parameters, failure
handling, the HTML and the PDF.

Most tests build the two tiny fixture notebooks in tests/fixtures/notebooks/ into a temporary
build folder (about 15 s in all). The report receives its claim ledger as an argument; these
builds pass a stub (the ledger is another module's product, tested with it), while the command
line and the `pipeline`-marked test at the end build with the real ledger.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import shutil
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from sinorussia import paths
from sinorussia.errors import ParameterError, WorkbookError
from sinorussia.report import pdf as pdfmod
from sinorussia.report.appendices import Ledger
from sinorussia.report.bench import touch_notebook
from sinorussia.report.build import build_report, git_describe
from sinorussia.report.cli import claims_ledger
from sinorussia.report.notebooks import NOTEBOOK_GLOB, discover, source_hash
from sinorussia.report.plan import plan

# executes notebooks and builds reports: the full lane only (make test), not make test-fast
pytestmark = [pytest.mark.xdist_group("report-pipeline"), pytest.mark.pipeline]

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_NOTEBOOKS = FIXTURES / "notebooks"
FAILING_NOTEBOOKS = FIXTURES / "failing_notebooks"
TITLES = {"01_alpha": "Alpha: a fixture chapter", "02_beta": "Beta: the second chapter"}
LEDGER_STUB = "<p id='ledger-stub'>LEDGER-STUB: every claim, checked</p>"
STUB_FILES = {"ledger.json": '[{"id": "STUB-01"}]\n', "ledger.csv": "id\nSTUB-01\n"}


def stub_ledger() -> Ledger:
    return Ledger(LEDGER_STUB, dict(STUB_FILES))


# code that must never be visible: from plain code cells, a remove-cell, stderr, and solutions
HIDDEN = [
    "DISTINCTIVE_CODE_ALPHA_7731",
    "DISTINCTIVE_CODE_BETA_5512",
    "REMOVED_CELL_OUTPUT",
    "FIXTURE_STDERR_WARNING",
    "FIXTURE_STDERR_LINE",
    "SOLUTION_SECRET_ALPHA",
    "SOLUTION_SECRET_BETA",
]


def _copy_notebooks(src: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in src.iterdir():
        if p.is_file():
            shutil.copy2(p, dest / p.name)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture notebooks built once from an empty cache (cold)."""
    root = tmp_path_factory.mktemp("report")
    nbdir = _copy_notebooks(FIXTURE_NOTEBOOKS, root / "notebooks")
    build = root / "build"
    lines: list[str] = []
    t0 = time.perf_counter()
    res = build_report(nbdir, build, ledger=stub_ledger, log=lines.append)
    return SimpleNamespace(
        root=root,
        notebooks=nbdir,
        build=build,
        result=res,
        log="\n".join(lines),
        html=(build / "report.html").read_text(encoding="utf-8"),
        seconds=time.perf_counter() - t0,
    )


@pytest.fixture
def copy_of_built(built, tmp_path):
    """A private copy of the built notebooks + build folder, for tests that change things."""
    nbdir = _copy_notebooks(built.notebooks, tmp_path / "notebooks")
    build = tmp_path / "build"
    shutil.copytree(built.build, build, symlinks=True)
    return SimpleNamespace(notebooks=nbdir, build=build)


def _statuses(build: Path) -> dict[str, str]:
    return {r["name"]: r["status"] for r in json.loads((build / "last-build.json").read_text())["results"]}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(args: list[str]) -> int:
    from sinorussia.__main__ import main

    return main(args)


# ---------------------------------------------------------------------------------------------
# the HTML
# ---------------------------------------------------------------------------------------------


def test_cold_build_executes_every_notebook(built):
    assert {r.name: r.status for r in built.result.results} == {"01_alpha": "executed", "02_beta": "executed"}
    assert (built.build / "executed" / "01_alpha.ipynb").is_file()
    assert (built.build / "executed" / "01_alpha.cache.json").is_file()
    assert "▶ 01_alpha" in built.log and "✓ 02_beta" in built.log, built.log
    assert re.search(r"01_alpha\s+executed\s+\d+\.\d", built.log), "summary table"


def test_every_chapter_title_numbered_and_in_the_toc(built):
    html = built.html
    for i, (name, title) in enumerate(TITLES.items(), 1):
        assert re.search(rf'<section class="chapter" id="ch{i}" data-notebook="{name}">', html)
        assert f'<h1 class="chapter-title">{title}</h1>' in html
        assert f"Chapter {i}</p>" in html
        toc = html[html.index('id="contents"') : html.index('<section class="chapter"')]
        assert f'href="#ch{i}"' in toc and title in toc
    assert html.index(TITLES["01_alpha"]) < html.index(TITLES["02_beta"]), "sorted order = report order"
    assert '<span class="secno">1.1</span>Growth of two series' in html
    assert 'href="#appendix-a"' in html and 'href="#appendix-b"' in html


def test_title_page(built):
    html = built.html
    assert 'class="title-page"' in html and "Russia and China" in html
    commit = git_describe()
    if commit:
        assert commit in html


def test_figures_embedded_with_captions(built):
    html = built.html
    assert len(re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=\s]{1000,}"', html)) == 2
    assert (
        '<span class="fig-no">Figure 1.1</span> <span class="finding">Two fixture series: the first grows faster.</span>'
        in html
    )
    assert '<span class="fig-no">Figure 2.1</span>' in html
    assert re.search(r'<figure class="figure" id="fig-1-1"><figcaption>', html), "caption above the image"


def test_no_code_no_errors_no_stderr(built):
    html = built.html
    for marker in HIDDEN:
        assert marker not in html, marker
    assert "Traceback (most recent call last)" not in html and "ZeroDivisionError" not in html
    assert 'class="output_error"' not in html and "output_type" not in html
    # the only code in the page is the hide-input cell's, inside a closed <details>
    code_blocks = re.findall(r'<pre class="code">', html)
    collapsed = re.findall(r'<details class="code"><summary>Show code</summary><pre class="code">', html)
    assert len(code_blocks) == len(collapsed) == 1
    assert "hide-input output: 42" in html, "the hide-input cell's output is shown"
    assert "The label is <strong>from-yaml</strong>" in html, "remove-input cells keep their output"
    assert re.search(r'<div class="table-wrap">(<div>)?\s*<table class="dataframe"', html), "pandas tables"


def test_math_typeset_at_build_time(built):
    """The formulas are MathML in the page (with their TeX as alttext): no MathJax, no mathjax/ folder."""
    html = built.html
    assert 'alttext="E = mc^2"' in html and re.search(r'<math alttext="g = \\frac[^>]*display="block"', html)
    assert "$E = mc^2$" not in html and "<!-- mathjax -->" not in html
    assert not re.search(r'id="MathJax|class="MathJax|MathJax\.Hub|type="math/tex', html), "MathJax left in the page"
    assert html.startswith("<!DOCTYPE html>"), "standards mode, not quirks"
    assert not (built.build / "mathjax").exists()
    assert_self_contained(html)


def assert_self_contained(html: str) -> None:
    """Every address the page loads is a data: URI or an anchor in the page; links may point outside
    (following a link is not a load) but nothing is fetched from a file or the network."""
    loads = re.findall(r"""\b(?:src|srcset|poster|data|xlink:href)\s*=\s*["']([^"']*)["']""", html)
    loads += re.findall(r"""<link\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", html)
    loads += re.findall(r"""url\(\s*["']?([^"')]*)""", html)
    links = re.findall(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", html)
    bad = [u for u in loads if not u.startswith(("data:", "#"))]
    bad += [u for u in links if not u.startswith(("data:", "#", "http://", "https://", "mailto:"))]
    assert not bad, f"the page refers to files beside it: {sorted(set(bad))[:5]}"
    ids = set(re.findall(r"""\bid=["']([^"']+)["']""", html))
    anchors = {u[1:] for u in loads + links if u.startswith("#") and len(u) > 1}
    assert anchors <= ids, f"links to anchors the page lacks: {sorted(anchors - ids)[:5]}"


def test_appendices(built):
    html = built.html
    a = html[html.index('id="appendix-a"') : html.index('id="appendix-b"')]
    assert LEDGER_STUB in a
    b = html[html.index('id="appendix-b"') :]
    for heading in ("This build", "Execution", "Parameters", "Processed tables", "Raw files", "Software"):
        assert heading in b, heading
    assert "from-yaml" in b and "parameters.yaml" in b, "parameters and where they came from"
    import importlib.metadata as md

    assert md.version("papermill") in b
    import sinorussia
    from sinorussia.processed import table_spec
    from sinorussia.raw import raw_catalog

    names = sinorussia.table_names()
    catalog = raw_catalog()
    for name in names:
        assert f"<code>{name}</code>" in b
        csv = table_spec(name).path
        if csv.is_file():
            assert _sha(csv) in b, f"checksum of {csv.name}"
        for sid in table_spec(name).sources:
            if sid in catalog:
                assert catalog[sid].sha256 in b


def test_parameters_recorded_in_the_executed_notebook(built):
    nb = json.loads((built.build / "executed" / "01_alpha.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"] == {"label": "from-yaml"}
    rec = json.loads((built.build / "executed" / "01_alpha.cache.json").read_text())
    assert rec["parameters"]["label"] == "from-yaml" and rec["parameters"]["start_year"] == 2000
    assert rec["origins"] == {"label": "parameters.yaml"}


# ---------------------------------------------------------------------------------------------
# the PDF
# ---------------------------------------------------------------------------------------------


def _need_pdf_tools(built):
    if pdfmod.find_browser() is None:
        pytest.skip("no Chromium on this machine: " + pdfmod.NO_BROWSER_MESSAGE)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext missing: apt-get install poppler-utils")


def test_pdf_has_every_chapter_on_its_own_a4_pages(built):
    _need_pdf_tools(built)
    pdf = built.build / "report.pdf"
    assert pdf.is_file() and built.result.pdf == pdf
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    for title in TITLES.values():
        assert title in text
    # each chapter starts a page: its kicker is the first text on that page (after the running head)
    for i in (1, 2):
        page = next(p for p in pages if re.search(rf"^\s*CHAPTER {i}\s*$", p, re.M | re.I))
        body = [ln.strip() for ln in page.splitlines() if ln.strip() and "open research workbook" not in ln]
        assert re.fullmatch(rf"CHAPTER {i}", body[0], re.I), body[:3]
    assert "Claim ledger" in text and "Reproducibility" in text


# ---------------------------------------------------------------------------------------------
# the cache
# ---------------------------------------------------------------------------------------------


def test_no_change_rebuild_is_cached_and_fast(copy_of_built):
    html_before = _sha(copy_of_built.build / "report.html")
    res = build_report(copy_of_built.notebooks, copy_of_built.build, ledger=stub_ledger, log=lambda s: None)
    # speed is measured by `make bench` (build/bench.json), not asserted here
    assert {r.status for r in res.results} == {"cached"}
    assert not res.html_rebuilt and not res.pdf_rebuilt
    assert _sha(copy_of_built.build / "report.html") == html_before


def test_no_change_rebuild_from_the_command_line_is_cached(copy_of_built):
    """The real CLI in a fresh process (what `make report` runs), from another working directory."""
    cmd = [
        sys.executable,
        "-m",
        "sinorussia",
        "report",
        "--notebooks",
        str(copy_of_built.notebooks),
        "--build",
        str(copy_of_built.build),
    ]
    # the first run swaps the fixture's stub ledger for the real one: the page is assembled again (the
    # ledger is part of its key), the chapters come from the cache; the second run has nothing to do
    first = subprocess.run(cmd, capture_output=True, text=True, cwd="/")  # any working directory
    assert first.returncode == 0, first.stderr
    assert "cached" in first.stdout and "report.html" in first.stdout and "assembled" in first.stdout
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert "cached" in proc.stdout and "up to date" in proc.stdout


def test_touching_one_notebook_reexecutes_only_it(copy_of_built):
    touch_notebook(copy_of_built.notebooks / "02_beta.ipynb")
    res = build_report(copy_of_built.notebooks, copy_of_built.build, ledger=stub_ledger, pdf=False, log=lambda s: None)
    assert {r.name: r.status for r in res.results} == {"01_alpha": "cached", "02_beta": "executed"}
    assert res.html_rebuilt


def test_cache_key_follows_parameters_library_and_data(built, monkeypatch):
    jobs, _ = plan(built.notebooks)
    base = {j.info.name: j.key for j in jobs}
    jobs2, _ = plan(built.notebooks, cli_params=["label=other"])
    changed = {j.info.name for j in jobs2 if j.key != base[j.info.name]}
    assert changed == {"01_alpha"}
    jobs3, _ = plan(built.notebooks, env_hash="a different library or data")
    assert all(j.key != base[j.info.name] for j in jobs3)
    # outputs and metadata are not part of the source hash
    nb = json.loads((built.build / "executed" / "01_alpha.ipynb").read_text())
    src = json.loads((built.notebooks / "01_alpha.ipynb").read_text())
    nb["cells"] = [c for c in nb["cells"] if "injected-parameters" not in c["metadata"].get("tags", [])]
    assert source_hash(nb) == source_hash(src)


# ---------------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------------


def test_command_line_parameter_overrides(copy_of_built):
    rc = _cli(
        [
            "report",
            "--notebooks",
            str(copy_of_built.notebooks),
            "--build",
            str(copy_of_built.build),
            "--no-pdf",
            "-p",
            "label=from-cli",
        ]
    )
    assert rc == 0
    assert _statuses(copy_of_built.build) == {"01_alpha": "executed", "02_beta": "cached"}
    html = (copy_of_built.build / "report.html").read_text()
    assert "The label is <strong>from-cli</strong>" in html
    nb = json.loads((copy_of_built.build / "executed" / "01_alpha.ipynb").read_text())
    assert nb["metadata"]["papermill"]["parameters"]["label"] == "from-cli"
    assert "command line" in html[html.index('id="appendix-b"') :]
    a = html[html.index('id="appendix-a"') : html.index('id="appendix-b"')]
    assert LEDGER_STUB not in a and "<table" in a, "the command line hands the build the real claim ledger"


@pytest.mark.parametrize(
    "args,expect",
    [
        (["-p", "nonexistent=1"], ["nonexistent"]),
        (["-p", "02_beta.n_points=many"], ["02_beta", "n_points", "whole number"]),
        (["-p", "scale=yes"], ["01_alpha", "scale", "number"]),
        (["-p", "partners=CHN"], ["01_alpha", "partners", "list"]),
        (["-p", "01_alpha.n_points=3"], ["01_alpha", "unknown parameter 'n_points'"]),
    ],
)
def test_bad_parameter_rejected_before_any_notebook_runs(tmp_path, capsys, args, expect):
    build = tmp_path / "build"
    rc = _cli(["report", "--notebooks", str(FIXTURE_NOTEBOOKS), "--build", str(build), *args])
    err = capsys.readouterr().err
    assert rc != 0
    for word in expect:
        assert word in err, err
    assert not (build / "executed").exists(), "nothing ran"


def test_bad_parameters_file_rejected(tmp_path):
    nbdir = _copy_notebooks(FIXTURE_NOTEBOOKS, tmp_path / "nb")
    (nbdir / "parameters.yaml").write_text("01_alpha:\n  scale: big\n")
    with pytest.raises(ParameterError, match=r"01_alpha: parameter 'scale' must be a number"):
        plan(nbdir)
    (nbdir / "parameters.yaml").write_text("01_alfa:\n  scale: 2\n")
    with pytest.raises(ParameterError, match=r"no notebook named '01_alfa'"):
        plan(nbdir)


def test_string_parameter_accepts_a_number_from_the_command_line():
    jobs, _ = plan(FIXTURE_NOTEBOOKS, cli_params=["label=2030", "02_beta.n_points=9"])
    by = {j.info.name: j for j in jobs}
    assert by["01_alpha"].overrides["label"] == "2030"
    assert by["02_beta"].overrides == {"n_points": 9}
    assert by["02_beta"].parameters["country"] == "KAZ"


def test_only_and_declared_dependencies(tmp_path):
    nbdir = _copy_notebooks(FIXTURE_NOTEBOOKS, tmp_path / "nb")
    jobs, _ = plan(nbdir, only=["02"])
    assert [j.info.name for j in jobs] == ["02_beta"]
    (nbdir / "parameters.yaml").write_text("depends_on:\n  02_beta: [01_alpha]\n")
    jobs, _ = plan(nbdir, only=["02_beta"])
    assert [j.info.name for j in jobs] == ["01_alpha", "02_beta"], "--only brings what it depends on"
    assert jobs[1].deps == ["01_alpha"]
    (nbdir / "parameters.yaml").write_text("depends_on:\n  02_beta: [01_alpha]\n  01_alpha: [02_beta]\n")
    with pytest.raises(WorkbookError, match="cycle"):
        plan(nbdir)
    (nbdir / "parameters.yaml").write_text("depends_on:\n  02_beta: [00_missing]\n")
    with pytest.raises(WorkbookError, match="00_missing"):
        plan(nbdir)


# ---------------------------------------------------------------------------------------------
# failure
# ---------------------------------------------------------------------------------------------


def test_failing_notebook_stops_the_build_and_keeps_the_previous_report(copy_of_built, capsys):
    build = copy_of_built.build
    before = {n: _sha(build / n) for n in ("report.html", "report.pdf") if (build / n).is_file()}
    rc = _cli(["report", "--notebooks", str(FAILING_NOTEBOOKS), "--build", str(build)])
    err = capsys.readouterr().err
    assert rc != 0
    assert "notebook 01_broken failed in cell 4 of 01_broken.ipynb" in err, err
    assert "`result = y / 0  # this cell fails`" in err
    assert "ZeroDivisionError: division by zero" in err
    partial = build / "failed" / "01_broken.ipynb"
    assert partial.is_file() and str(partial) in err
    outputs = [o for c in json.loads(partial.read_text())["cells"] for o in c.get("outputs", [])]
    assert any(o.get("ename") == "ZeroDivisionError" for o in outputs), "the partial notebook shows the error"
    assert {n: _sha(build / n) for n in before} == before, "previous report untouched"
    assert not (build / "executed" / "01_broken.ipynb").exists()
    assert not list(build.glob(".report*.tmp*")), "no temporary files left behind"


def test_the_ledger_files_are_published_beside_the_report(built):
    for name, text in STUB_FILES.items():
        assert (built.build / name).read_text(encoding="utf-8") == text
    # the build's own edition (what `make edition` commits) and the 'What changed' section
    edition = json.loads((built.build / "edition.json").read_text(encoding="utf-8"))
    assert set(edition["ledger"]) == {"STUB-01"} and edition["partial"] is False
    assert 'id="changes"' in built.html and "What changed since the last edition" in built.html


def test_a_changed_ledger_assembles_the_report_again(copy_of_built):
    """The ledger is computed on every build and is part of the page's key: a register edit that changes
    no notebook still reaches the published report."""
    changed = Ledger("<p id='ledger-2'>a verdict flipped</p>", {"ledger.json": "[]\n"})
    res = build_report(
        copy_of_built.notebooks, copy_of_built.build, ledger=lambda: changed, pdf=False, log=lambda s: None
    )
    assert res.html_rebuilt
    assert "a verdict flipped" in (copy_of_built.build / "report.html").read_text(encoding="utf-8")
    assert (copy_of_built.build / "ledger.json").read_text(encoding="utf-8") == "[]\n"


def test_a_failing_ledger_stops_the_page_and_keeps_the_previous_report(copy_of_built):
    assert inspect.signature(build_report).parameters["ledger"].default is inspect.Parameter.empty, (
        "no report is published without its ledger"
    )
    build = copy_of_built.build
    before = _sha(build / "report.html")

    def broken_ledger() -> Ledger:
        raise KeyError("claim C-99")

    with pytest.raises(WorkbookError) as err:  # show_code changes the page, so it is assembled again
        build_report(
            copy_of_built.notebooks, build, ledger=broken_ledger, show_code=True, pdf=False, log=lambda s: None
        )
    msg = str(err.value)
    assert "appendix A (the claim ledger) could not be rendered: KeyError" in msg and "\n" not in msg, msg
    assert "broken_ledger" in msg, "names the function that failed"
    assert _sha(build / "report.html") == before, "previous report untouched"
    assert not list(build.glob(".report*.tmp*")), "no temporary files left behind"


# ---------------------------------------------------------------------------------------------
# no browser
# ---------------------------------------------------------------------------------------------


def test_without_a_browser_the_html_is_built_the_old_pdf_removed_and_the_build_fails(
    copy_of_built, monkeypatch, capsys
):
    """No browser: the new HTML is published, the PDF printed from the previous report is not left beside it
    looking current, and the build exits non-zero with one line naming the browser and how to install it;
    `--no-pdf` (HTML only) succeeds."""
    build = copy_of_built.build
    monkeypatch.delenv(pdfmod.BROWSER_ENV, raising=False)
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert pdfmod.find_browser() is None
    assert (build / "report.pdf").is_file()
    args = ["report", "--notebooks", str(copy_of_built.notebooks), "--build", str(build), "-p", "label=nopdf"]
    rc = _cli(args)
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert err.startswith("error: no Chromium found") and "\n" not in err, err
    assert "apt-get install chromium" in err and "--no-pdf" in err
    assert "The label is <strong>nopdf</strong>" in (build / "report.html").read_text(encoding="utf-8")
    assert not (build / "report.pdf").exists(), "the previous report's PDF must not sit beside the new HTML"
    assert json.loads((build / "last-build.json").read_text())["ok"] is False
    assert _cli([*args, "--no-pdf"]) == 0
    monkeypatch.setenv(pdfmod.BROWSER_ENV, "/nonexistent/chromium")
    with pytest.raises(WorkbookError, match="SINORUSSIA_BROWSER"):
        pdfmod.find_browser()


def test_html_only_build_removes_a_pdf_of_an_older_report(copy_of_built):
    build = copy_of_built.build
    assert (build / "report.pdf").is_file()
    lines: list[str] = []
    res = build_report(
        copy_of_built.notebooks, build, ledger=stub_ledger, cli_params=["label=html-only"], pdf=False, log=lines.append
    )
    assert res.html_rebuilt and res.pdf is None
    assert not (build / "report.pdf").exists()
    assert any("removed report.pdf" in ln for ln in lines), lines


# ---------------------------------------------------------------------------------------------
# the real notebooks
# ---------------------------------------------------------------------------------------------

REAL = sorted(paths.NOTEBOOKS_DIR.glob(NOTEBOOK_GLOB))


needs_real = pytest.mark.skipif(not REAL, reason="notebooks/ has no NN_slug.ipynb yet: nothing to build")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real notebooks built once into a temporary folder, with the real ledger (and the PDF)."""
    build = tmp_path_factory.mktemp("real") / "build"
    res = build_report(paths.NOTEBOOKS_DIR, build, ledger=claims_ledger, log=print)
    return SimpleNamespace(build=build, res=res, html=(build / "report.html").read_text(encoding="utf-8"))


@pytest.mark.pipeline
@needs_real
def test_real_report(real):
    build, res, html = real.build, real.res, real.html
    infos = discover(paths.NOTEBOOKS_DIR)
    for i, info in enumerate(infos, 1):
        m = re.search(
            rf'<section class="chapter" id="ch{i}" data-notebook="{re.escape(info.name)}">.*?'
            r'<h1 class="chapter-title">(.*?)</h1>',
            html,
            re.S,
        )
        assert m, f"chapter {i} ({info.name}) missing"
        assert re.sub(r"<[^>]+>", "", m.group(1)).strip(), f"{info.name}: empty chapter title"
    assert len(re.findall(r'<img src="data:image/png;base64,', html)) >= len(infos), "figures"
    for bad in ("Traceback (most recent call last)", "output_type", 'class="output_error"'):
        assert bad not in html
    # no bare scalar left over from a cell's last expression
    assert not re.findall(r'<pre class="stdout">\s*-?[\d.,]+\s*</pre>', html), "a bare number is printed"
    for appendix in ('id="appendix-a"', 'id="appendix-b"', "Processed tables", "Software"):
        assert appendix in html
    a = html[html.index('id="appendix-a"') : html.index('id="appendix-b"')]
    assert "<table" in a, "the claim ledger"
    # the summary states every chapter's recorded findings, each block linking into its chapter
    summary = html[html.index('id="summary"') : html.index('id="changes"')]
    assert summary.count("class='summary-chapter'") == len(infos) and "33.8%" in summary
    # the machine-readable ledger is published beside the report, the same claims as the appendix
    records = json.loads((build / "ledger.json").read_text(encoding="utf-8"))
    listed = re.findall(r"id='claim-([A-Z]{3}-\d+)'", a)
    assert {r["id"] for r in records} == set(listed) and len(listed) == len(records), "every claim once"
    # every claim a chapter's summary shows links to its entry in appendix A
    body = html[: html.index('id="appendix-a"')]
    links = re.findall(r"href='#claim-([A-Z]{3}-\d+)'", body)
    assert links and set(links) <= set(listed)
    assert (build / "ledger.csv").read_text(encoding="utf-8").count("\n") >= len(records) + 1
    # appendix C lists the five source documents, and every key the report prints is a link to its entry
    from sinorussia.claims import documents

    c = html[html.index('id="appendix-c"') :]
    keys = list(documents())
    assert len(keys) == 5 and all(f"id='ref-{k}'" in c for k in keys), "the five documents in the references"
    # the text a reader sees (an entry names its key once, for the ledger's machine-readable files)
    text_only = re.sub(
        r"<(script|style)\b.*?</\1>|<span class='muted ref-key'>.*?</span>|<[^>]+>", " ", html, flags=re.S
    )
    bare = re.findall(r"\b(" + "|".join(keys) + r")\b", text_only)
    assert not bare, f"document keys left unresolved in the text: {sorted(set(bare))}"
    targets = set(re.findall(r"""id=['"](ref-[\w-]+)['"]""", html))
    cited = set(re.findall(r"""href=['"]#(ref-[\w-]+)['"]""", html))
    assert cited and cited <= targets, f"citations without an entry: {sorted(cited - targets)}"
    assert "How to cite this workbook" in html and "Sinorussia workbook contributors" in html
    if res.pdf is not None and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(res.pdf), "-"], capture_output=True, text=True).stdout
        text = re.sub(r"\s+", " ", text)
        for info in infos:
            assert re.sub(r"\s+", " ", info.title.replace("*", "").replace("`", "")) in text, info.title
        # the PDF is complete: every entry of the HTML's contents appears in it, down to the last appendix
        # section, and the colophon closes it (Chromium once cut the report short when a script changed the
        # layout while it printed)
        toc = html[html.index('id="contents"') : html.index("</nav>", html.index('id="contents"'))]
        entries = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r'<span class="t">(.*?)</span>', toc, re.S)]

        # once in the printed contents, at least once more in the body; compared on letters and digits only,
        # since the PDF's text may break a word at a hyphen or a line
        def letters(t: str) -> str:
            return re.sub(r"[^0-9a-z]", "", unescape(t).lower())

        flat = letters(text)
        missing = [e for e in entries if flat.count(letters(e)) < 2]
        assert entries and not missing, f"in the contents but not in the PDF: {missing}"
        assert "Software" in text.split("Reproducibility")[-1] and "from commit" in text.split("Software")[-1]
        # a PDF outline (bookmarks) from the headings, one at least for every chapter
        raw = res.pdf.read_bytes()
        assert b"/Outlines" in raw and raw.count(b"/Title") >= len(infos), "the PDF has no outline"
        pages = subprocess.run(["pdftotext", str(res.pdf), "-"], capture_output=True, text=True).stdout.split("\f")
        assert not [i for i, pg in enumerate(pages[:-1], 1) if not pg.strip()], "blank pages in the PDF"


# ---------------------------------------------------------------------------------------------
# the real report as a publication: numbered figures, page numbers, one self-contained file
# ---------------------------------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf` (index 0 = page 1)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.split("\f")


def _letters(t: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unescape(re.sub(r"<[^>]+>", "", t)).lower())


@pytest.mark.pipeline
@needs_real
def test_real_every_figure_is_numbered_with_a_finding_caption(real):
    """Every figure carries its number and a caption that states a finding, not the title of its section
    (a legacy figure without sr.show falls back to the section title: this test names each one)."""
    html = real.html
    figures = re.findall(r'<figure class="figure" id="([^"]+)"><figcaption>(.*?)</figcaption>', html, re.S)
    assert len(figures) == len(re.findall(r'<figure class="figure"', html)) > 0
    sections = {
        _letters(t) for t in re.findall(r'<h[234] id="[^"]+">(?:<span class="secno">[^<]*</span>)?(.*?)</h', html)
    }
    bad = []
    for anchor, cap in figures:
        number = re.search(r'<span class="fig-no">Figure (\d+)\.(\d+)</span>', cap)
        finding = re.search(r'<span class="finding">(.*?)</span>', cap, re.S)
        if not number or not finding or not _letters(finding.group(1)) or _letters(finding.group(1)) in sections:
            bad.append(f"{anchor}: {_strip(cap)[:70]!r}")
    assert not bad, f"{len(bad)} of {len(figures)} figures lack a finding caption (not sr.show?): {bad}"
    # the twelve key charts are there under the labels the notebooks give them
    for label in (
        "gdp-ratio", "un-vote-agreement", "trade-headline", "trade-dependence", "crude-share", "crude-price-gap",
        "arms-share", "military-spending", "regional-overtaking", "unga-ideal-points", "scenario-posterior",
        "scenario-fan",
    ):  # fmt: skip
        assert f'id="fig-{label}"' in html, label


def _strip(h: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", h))).strip()


@pytest.mark.pipeline
@needs_real
def test_real_figures_and_tables_offer_their_data(real):
    html = real.html
    links = re.findall(r'href="data:text/csv;base64,([A-Za-z0-9+/=]+)" download="(\d\d-[a-z0-9-]+\.csv)"', html)
    labelled = re.findall(r'<figure class="(?:figure|table)[^"]*" id="(?:fig|tbl)-([a-z][a-z0-9-]*)"', html)
    names = [n for _, n in links]
    assert len(names) == len(set(names)), "one file name per figure or table"
    import base64

    for b64, name in links:
        text = base64.b64decode(b64).decode("utf-8")
        assert text.count("\n") >= 2 and "," in text.splitlines()[0], f"{name} is not a CSV with a header"
    # appendix A offers the claim ledger itself, the same bytes as build/ledger.csv and ledger.json
    a = html[html.index('id="appendix-a"') : html.index('id="appendix-b"')]
    for name in ("ledger.csv", "ledger.json"):
        m = re.search(rf'href="data:[^;]+;base64,([A-Za-z0-9+/=]+)" download="{name}"', a)
        assert m, f"appendix A has no {name} download"
        assert base64.b64decode(m.group(1)) == (real.build / name).read_bytes()
    assert labelled or not names


@pytest.mark.pipeline
@needs_real
def test_real_cross_references_resolve_to_numbers(real):
    html = real.html
    assert "{numref}" not in html and "\u27e6numref" not in html
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for href, text in re.findall(r'<a class="xref" href="#([^"]+)">([^<]+)</a>', html):
        assert href in ids and re.search(r"\d+\.\d+", text), (href, text)


@pytest.mark.pipeline
@needs_real
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler (pdftotext) is not installed")
def test_real_contents_give_the_page_of_each_heading(real):
    """The printed contents' page numbers are the pages where the headings are (two prints, see pdf.py)."""
    assert real.res.pdf is not None
    pages = _pdf_pages(real.res.pdf)
    contents = "\n".join(pg for pg in pages[:4] if "CONTENTS" in pg or "Contents" in pg)
    # every chapter, appendix and section title of the HTML's contents, with its page as printed
    toc = real.html[real.html.index('id="contents"') : real.html.index("</nav>", real.html.index('id="contents"'))]
    entries = re.findall(r'<span class="num">([^<]*)</span><span class="t">(.*?)</span>', toc, re.S)
    checked = 0
    for num, title in entries:
        text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", title))).strip()
        m = re.search(r"(?:^|\s)" + re.escape(text) + r"\s+(\d+)\b", contents, re.M)
        if not m:
            continue  # a title wrapped onto two lines in the contents (its number is on the first)
        page = int(m.group(1))
        body = _letters(pages[page - 1])
        assert _letters(num + text) in body or _letters(text) in body, f"{num} {text!r}: not on page {page}"
        checked += 1
    assert checked >= len(entries) * 3 // 4 and checked >= 20, f"only {checked} of {len(entries)} entries checked"


@pytest.mark.pipeline
@needs_real
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler (pdftotext) is not installed")
def test_real_pdf_is_under_80_pages_and_no_heading_ends_a_page(real):
    pages = _pdf_pages(real.res.pdf)[:-1]  # the text ends with a form feed
    assert len(pages) < 80, f"{len(pages)} pages"
    # a section heading is followed on its page by at least a few lines of what it heads
    sections = re.findall(r'<h2 id="ch\d+-s\d+"><span class="secno">([\d.]+)</span>(.*?)</h2>', real.html)
    stranded = []
    for num, title in sections:
        head = _letters(num + title)
        for i, pg in enumerate(pages, 1):
            flat = _letters(pg)
            at = flat.find(head)
            if at >= 0 and i > 3:  # the contents list every heading too
                after = flat[at + len(head) :]
                if len(re.sub(r"\d+$", "", after)) < 120:
                    stranded.append(f"{num} on page {i}")
                break
    assert not stranded, f"headings at the foot of a page: {stranded}"


@pytest.mark.pipeline
@needs_real
def test_real_html_is_one_self_contained_file_that_works_offline(real, tmp_path):
    """The page loads nothing but itself, and opened alone with no network its formulas are typeset."""
    html = real.html
    assert_self_contained(html)
    assert not (real.build / "mathjax").exists()
    n_math = len(re.findall(r"<math\b", html))
    assert n_math >= 10, "the chapters' formulas are MathML"
    browser = pdfmod.find_browser()
    if browser is None:
        pytest.skip("no Chromium to open the page with")
    # the file alone in an empty folder, networking off; a probe measures every formula as laid out
    alone = tmp_path / "alone"
    alone.mkdir()
    probe = (
        "<script>addEventListener('load', function () { var out = [];"
        " document.querySelectorAll('math').forEach(function (m) { var r = m.getBoundingClientRect();"
        " out.push([Math.round(r.width), Math.round(r.height), getComputedStyle(m).display]); });"
        " var p = document.createElement('pre'); p.id = 'probe'; p.textContent = JSON.stringify(out);"
        " document.body.appendChild(p); });</script>"
    )
    (alone / "report.html").write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    cmd = pdfmod.chromium_command(
        browser,
        tmp_path / "profile",
        ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost", "--virtual-time-budget=5000", "--dump-dom"],
    )
    proc = subprocess.run(
        [*cmd, (alone / "report.html").as_uri()], capture_output=True, text=True, timeout=120,
        env=pdfmod.browser_env(tmp_path / "profile"),
    )  # fmt: skip
    m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-500:]
    boxes = json.loads(unescape(m.group(1)))
    assert len(boxes) == n_math
    assert all(w > 0 and h > 0 and "math" in d for w, h, d in boxes), "a formula not laid out as math"
    # and a picture of the first formulas, to look at (tmp_path/formulas.png): the page from that paragraph on
    first = html.index("<math")
    start = html.rfind('<div class="md">', 0, first)
    (alone / "view.html").write_text(html[: html.index("<main>") + 6] + html[start:], encoding="utf-8")
    shot = tmp_path / "formulas.png"
    subprocess.run(
        [*pdfmod.chromium_command(browser, tmp_path / "profile", ["--virtual-time-budget=5000",
         "--window-size=1200,2400", f"--screenshot={shot}"]), (alone / "view.html").as_uri()],
        capture_output=True, timeout=120, env=pdfmod.browser_env(tmp_path / "profile"),
    )  # fmt: skip
    assert shot.is_file() and shot.stat().st_size > 20_000
    print(f"screenshot of the formulas: {shot}")
