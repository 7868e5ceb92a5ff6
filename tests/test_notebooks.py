"""Every notebook follows the skeleton and executes end to end with default and other parameters;
bad parameters stop it in its first cells with a clear message.

Per-notebook cases live in NOTEBOOK_CASES below: a notebook without cases still gets the structure
and default-execution tests, and a test fails to remind you to add its cases.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from sinorussia import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
KERNEL = "sinorussia"

# name -> {"other": non-default parameters that must run, "bad": [(parameters, message regex), ...]}
NOTEBOOK_CASES: dict[str, dict] = {}
NOTEBOOK_CASES["01_context"] = {
    "other": {"start_year": 2000, "end_year": 2020, "long_run_start": 1950, "compare_with": ["USA", "IND"]},
    "bad": [
        ({"start_year": 2010, "end_year": 2000}, r"end_year"),
        ({"compare_with": ["ZZZ"]}, r"compare_with.*ZZZ"),
        ({"long_run_start": 1500}, r"parameter long_run_start=1500 is outside"),  # once reported as start_year
    ],
}
NOTEBOOK_CASES["02_economics"] = {
    "other": {"start_year": 2012, "end_year": 2021, "partners": ["CHN", "KAZ", "BLR"], "oil_change_months": 1},
    "bad": [({"start_year": 2020, "end_year": 2015}, r"end_year"), ({"partners": ["CHN", "XXX"]}, r"partners.*XXX")],
}


NOTEBOOK_CASES["03_energy"] = {
    "other": {
        "start_year": 2010,
        "end_year": 2022,
        "barrels_per_tonne": 7.5,
        "price_cap_usd": 50.0,
        "suppliers": ["SAU", "KWT", "ARE"],
        "rolling_months": 6,
    },
    "bad": [
        ({"start_year": 2015, "end_year": 2005}, r"end_year"),
        ({"suppliers": ["SAU", "ZZZ"]}, r"suppliers.*ZZZ"),
        ({"barrels_per_tonne": 9.0}, r"barrels_per_tonne.*6\.5"),
        ({"rolling_months": 0}, r"rolling_months"),
    ],
}


NOTEBOOK_CASES["04_military"] = {
    "other": {
        "start_year": 1960,
        "end_year": 2021,
        "period_years": 4,
        "sipri_vintage": "sipri_2022",
        "spending_measure": "current_usd",
        "spending_countries": ["CHN", "RUS"],
        "exporters_compared": ["CHN", "RUS", "USA"],
        "top_n": 3,
    },
    "bad": [
        ({"start_year": 2010, "end_year": 2000}, r"end_year"),
        ({"sipri_vintage": "sipri_2030"}, r"sipri_vintage.*sipri_2030"),
        ({"period_years": 0}, r"period_years"),
    ],
}


NOTEBOOK_CASES["05_regional"] = {
    "other": {
        "countries": ["KAZ", "MNG", "TJK", "TKM"],
        "start_year": 2005,
        "end_year": 2020,
        "ideal_point_vintage": "bsv_2023",
        "trade_flow": "imports",
    },
    "bad": [
        ({"countries": ["KAZ", "ZZZ"]}, r"countries.*ZZZ"),
        ({"start_year": 2015, "end_year": 2010}, r"end_year"),
        ({"ideal_point_vintage": "bsv_1999"}, r"ideal_point_vintage.*bsv_1999"),
    ],
}


NOTEBOOK_CASES["06_scenarios"] = {
    # four futures of a seminar's own, with its own words: nothing in the chapter may assume the default five
    "other": {
        "hypotheses": ["dependence", "partnership", "alliance", "drift"],
        "words": ["likely", "real possibility", "low probability", "unlikely"],
        "prior_method": "custom",
        "custom_prior": [0.25, 0.25, 0.25, 0.25],
        "likelihood_ratios": {
            "china_share_of_russia_trade": [2.0, 1.2, 1.0, 0.5],
            "un_vote_agreement": [1.0, 1.2, 1.5, 0.8],
        },
        "share_drifts": [0.1, 0.05, 0.05, -0.1],
        "horizon": 2030,
        "n_draws": 2000,
        "seed": 7,
        "share_sd": 0.2,
        "sensitivity_factor": 3.0,
    },
    "bad": [
        ({"prior_method": "custom", "custom_prior": [0.5, 0.5, 0.5, 0.1, 0.1]}, r"custom_prior.*sum to 1"),
        ({"prior_method": "custom", "custom_prior": [1.2, -0.2, 0.0, 0.0, 0.0]}, r"custom_prior.*between 0 and 1"),
        ({"likelihood_ratios": {"milex_ratio": [1.0, -1.0, 1.0, 1.0, 1.0]}}, r"likelihood_ratios.*positive"),
        ({"n_draws": 0}, r"n_draws"),
        ({"words": ["likely", "perhaps-ish", "unlikely", "unlikely", "unlikely"]}, r"perhaps-ish"),
    ],
}


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN_slug.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_skeleton(path):
    cells = _cells(path)
    assert cells[0].cell_type == "markdown" and cells[0].source.lstrip().startswith("# "), "title first"
    params = [c for c in cells if "parameters" in _tags(c)]
    assert len(params) == 1, "exactly one cell tagged parameters"
    tree = ast.parse(params[0].source)
    for node in tree.body:
        assert isinstance(node, ast.Assign), f"parameters cell: only assignments, found {ast.dump(node)[:60]}"
        ast.literal_eval(node.value)  # plain literals only
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert ".setup(" in code, "the library's set-up call"
    assert "\ndef " not in "\n" + code and "\nclass " not in "\n" + code, "functions belong in lib/, not notebooks"
    assert sum("solution" in _tags(c) for c in cells) >= 2, "at least two exercises with solutions"
    md = "\n".join(c.source for c in cells if c.cell_type == "markdown").lower()
    for heading in ("findings", "claims", "seminar"):
        assert heading in md, f"a {heading} section"
    known = {"parameters", "remove-input", "hide-input", "remove-cell", "solution"}
    for c in cells:
        assert set(_tags(c)) <= known, f"unknown tags {set(_tags(c)) - known}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            assert not c.get("outputs") and c.get("execution_count") is None
    assert "papermill" not in nb.get("metadata", {})


def _run(path: Path, out: Path, params: dict | None = None):
    return pm.execute_notebook(
        str(path),
        str(out),
        parameters=params or {},
        kernel_name=KERNEL,
        cwd=str(out.parent),
        progress_bar=False,
        log_output=False,
        execution_timeout=300,
    )


def _assert_clean(nb):
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", c.source[:80]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
@pytest.mark.xdist_group("executed-notebooks")  # one worker executes the chapters once
def test_notebook_runs_with_defaults(path, executed_notebooks):
    # executed once per session (conftest.py), shared with tests/test_wording.py
    _assert_clean(nbformat.from_dict(executed_notebooks[path.stem]))


# The twelve key charts keep these labels (the report and the interactive versions refer to them).
KEY_FIGURES = {
    "01_context": {"gdp-ratio", "un-vote-agreement"},
    "02_economics": {"trade-headline", "trade-dependence"},
    "03_energy": {"crude-share", "crude-price-gap"},
    "04_military": {"arms-share", "military-spending"},
    "05_regional": {"regional-overtaking", "unga-ideal-points"},
    "06_scenarios": {"scenario-posterior", "scenario-fan"},
}
# Examples from issue #16 (besides everything the project names itself, see _raw_identifiers)
RAW_EXAMPLES = {"un_vote_agreement", "tiv", "sipri_2022", "brier", "month"}


def _figures(nb) -> list[dict]:
    return [
        o["metadata"]["sinorussia"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("sinorussia", {}).get("kind") == "figure"
    ]


def _raw_identifiers() -> set[str]:
    """What the project itself names in code: processed tables, their underscore columns and source ids,
    raw files, and every notebook parameter."""
    from sinorussia.processed.load import load, table_names
    from sinorussia.raw.catalog import raw_catalog

    words = set(table_names()) | set(raw_catalog()) | RAW_EXAMPLES
    for name in table_names():
        frame = load(name)
        words |= {str(c) for c in frame.columns if "_" in str(c)}
        if "source" in frame.columns:
            words |= {str(s) for s in frame.source.dropna().unique()}
    for nb in NOTEBOOKS:
        for c in _cells(nb):
            if "parameters" in _tags(c):
                words |= {t.id for node in ast.parse(c.source).body for t in node.targets if isinstance(t, ast.Name)}
    return words


def raw_identifiers_in(text: str, words: set[str]) -> list[str]:
    """The identifiers that appear in a figure text: a compound one ('sipri_2022', 'baci/atlas') as a whole
    word, case-sensitive (so 'TIV' and 'Atlas' in prose pass), except inside a file name or path; a plain
    word ('month', a bare column name) only as the whole text, as an axis label left from an index name."""
    import re

    hits = []
    for w in words:
        if re.search(r"[_/0-9]", w) or w in ("tiv", "brier"):
            if re.search(rf"(?<![\w/.-]){re.escape(w)}(?![\w/-]|\.\w)", text):
                hits.append(w)
        elif text.strip() == w:
            hits.append(w)
    return hits


def test_raw_identifier_matching():
    words = {"sipri_2022", "tiv", "month", "trade_totals", "baci/atlas"}
    assert raw_identifiers_in("Release sipri_2022.", words) == ["sipri_2022"]
    assert raw_identifiers_in("million tiv per year", words) == ["tiv"]
    assert raw_identifiers_in("million TIV per year", words) == []
    assert raw_identifiers_in("month", words) == ["month"] and raw_identifiers_in("bn USD per month", words) == []
    assert raw_identifiers_in("curated/trade_totals.csv", words) == []  # a file's name is a citation
    assert raw_identifiers_in("headline: baci/atlas", words) == ["baci/atlas"]


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
@pytest.mark.xdist_group("executed-notebooks")  # one worker executes the chapters once
def test_figures_are_labelled_and_carry_no_raw_identifiers(path, executed_notebooks):
    figures = _figures(nbformat.from_dict(executed_notebooks[path.stem]))
    assert figures, f"{path.stem}: no figure shown with sr.show"
    labels = [f["label"] for f in figures]
    assert len(labels) == len(set(labels)), f"{path.stem}: a figure label used twice: {labels}"
    assert KEY_FIGURES.get(path.stem, set()) <= set(labels), f"{path.stem}: key figure labels missing"
    words = _raw_identifiers()
    for f in figures:
        assert f["csv"].strip() and f["texts"], f"{f['label']}: no data or no texts recorded"
        for text in f["texts"] + [f["caption"], f["subtitle"]]:
            hits = raw_identifiers_in(text, words)
            assert not hits, f"figure {f['label']!r} shows {hits} in {text!r}: use a human label (sr.human_label)"


def test_no_chart_cell_bypasses_sr_show():
    """Every chart goes through sr.show (captions, data, the chart rules): no plt.show() is left."""
    for path in NOTEBOOKS:
        for c in _cells(path):
            if c.cell_type == "code":
                assert "plt.show()" not in c.source, f"{path.stem}: plt.show() in {c.source[:60]!r}"


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_with_other_parameters(path, tmp_path):
    case = NOTEBOOK_CASES.get(path.stem)
    assert case and case.get("other"), f"add non-default parameters for {path.stem} to NOTEBOOK_CASES"
    _assert_clean(_run(path, tmp_path / path.name, case["other"]))


def _bad_cases():
    for path in NOTEBOOKS:
        for i, (params, pattern) in enumerate(NOTEBOOK_CASES.get(path.stem, {}).get("bad", [])):
            yield pytest.param(path, params, pattern, id=f"{path.stem}-bad{i}")


@pytest.mark.notebooks
@pytest.mark.parametrize("path,params,pattern", list(_bad_cases()))
def test_bad_parameter_stops_early_with_clear_message(path, params, pattern, tmp_path):
    import re

    out = tmp_path / path.name
    with pytest.raises(pm.PapermillExecutionError) as err:
        _run(path, out, params)
    assert err.value.ename == "ParameterError", err.value.ename
    assert re.search(pattern, err.value.evalue), err.value.evalue
    # it stopped in the first cells: the set-up cell comes right after parameters
    nb = nbformat.read(out, as_version=4)
    failed = next(
        i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    )
    param_idx = next(i for i, c in enumerate(nb.cells) if "injected-parameters" in _tags(c) or "parameters" in _tags(c))
    assert failed <= param_idx + 3, f"bad parameter detected only at cell {failed}"


def test_every_notebook_has_bad_parameter_cases():
    missing = [p.stem for p in NOTEBOOKS if not NOTEBOOK_CASES.get(p.stem, {}).get("bad")]
    assert not missing, f"add bad-parameter cases for {missing} to NOTEBOOK_CASES"
