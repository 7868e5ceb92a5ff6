"""The curated official figures: every row sourced and dated, and figures from two sources agree (or say why not)."""

from __future__ import annotations

import pandas as pd
import pytest

from sinorussia.errors import WorkbookError
from sinorussia.processed import curated

COLUMNS = ",".join(curated.OFFICIAL_COLUMNS)
GOOD = "cn_exports_world,CHN,WLD,2024,3.58,USD tn,GACC via Yicai,2025-01-13,https://example.org/a,search pages: x,"


def _file(tmp_path, *rows):
    p = tmp_path / "official_figures.csv"
    p.write_text("\n".join([COLUMNS, *rows]) + "\n", encoding="utf-8")
    return p


def test_shipped_file_is_valid_sourced_and_dated():
    f = curated.load_official_figures()
    assert len(f) >= 100
    for col in ("publisher", "published", "url"):
        assert (f[col].str.strip() != "").all(), col
    assert f.url.str.startswith("http").all()
    assert f.published.str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all()


def test_gacc_and_fcs_totals_are_there():
    f = curated.load_official_figures()
    ex = curated.annual_figure(f, "cn_exports_world", "CHN", "WLD")
    im = curated.annual_figure(f, "cn_imports_world", "CHN", "WLD")
    assert {2021, 2022, 2023, 2024, 2025} <= set(ex.index) & set(im.index)
    assert ex[2024] == 3.58e12 and im[2024] == 2.59e12
    assert ex[2022] == 3.59e12  # the preferred WSJ figure, not AP's rejected 3.95
    assert curated.annual_figure(f, "ru_exports_fcs", "RUS", "WLD")[2022] == pytest.approx(592.5e9)


def test_every_group_agrees_within_one_percent_unless_marked():
    f = curated.load_official_figures()
    for key, g in f.groupby(curated.GROUP):
        used = g[g["mark"] != "rejected"]
        if len(used) < 2:
            continue
        pref = used[used["mark"] == "preferred"]
        ref = float(pref.value_base.iloc[0]) if len(pref) else float(used.value_base.iloc[0])
        spread = (used.value_base - ref).abs().max() / abs(ref)
        assert spread <= curated.AGREEMENT or len(pref) == 1, key
    # the chosen figure of each group is never a rejected one
    assert (curated.preferred_figures(f)["mark"] != "rejected").all()


def test_money_units_are_compared_in_dollars():
    assert curated.unit_dimension("USD bn current (estimate)") == ("USD", 1e9)
    assert curated.unit_dimension("Mt (approx.)") == ("Mt", 1.0)
    f = curated.load_official_figures()
    gdp = f[(f.series == "wb_gdp_current_usd_CHN") & (f.period == "2020")]
    assert set(gdp.unit) == {"USD m", "USD"} and gdp.value_base.max() / gdp.value_base.min() < 1.0001


def test_disagreement_without_a_preferred_row_fails(tmp_path):
    p = _file(tmp_path, GOOD, GOOD.replace("3.58", "3.95").replace("/a", "/b"))
    with pytest.raises(WorkbookError, match=r"lines \[2, 3\].*disagree by more than 1 %.*preferred"):
        curated.load_official_figures(p)


def test_disagreement_with_preferred_needs_the_other_rejected(tmp_path):
    pref = GOOD.replace(",search pages: x,", ",search pages: x,preferred: the release")
    other = GOOD.replace("3.58", "3.95")
    with pytest.raises(WorkbookError, match=r"line.*\[3\].*3.95.*rejected"):
        curated.load_official_figures(_file(tmp_path, pref, other))
    ok = curated.load_official_figures(_file(tmp_path, pref, other + "rejected: a typo"))
    assert curated.preferred_figures(ok).value.tolist() == ["3.58"]


def test_agreeing_figures_pick_the_most_precise(tmp_path):
    f = curated.load_official_figures(_file(tmp_path, GOOD.replace("3.58", "3.6"), GOOD.replace("3.58", "3.584")))
    assert curated.preferred_figures(f).value.tolist() == ["3.584"]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda r: r.replace("GACC via Yicai", ""), "publisher"),
        (lambda r: r.replace("2025-01-13", "n/a (Jan 2025)"), "published"),
        (lambda r: r.replace("https://example.org/a", ""), "url"),
        (lambda r: r.replace(",3.58,", ",about 3.6,"), "value"),
        (lambda r: r.replace(",CHN,", ",China,"), "country"),
    ],
)
def test_bad_row_names_file_line_and_field(tmp_path, edit, field):
    with pytest.raises(WorkbookError) as err:
        curated.load_official_figures(_file(tmp_path, GOOD, edit(GOOD)))
    msg = str(err.value)
    assert "official_figures.csv, line 3" in msg and f"'{field}" in msg and "\n" not in msg


def test_wrong_columns_are_named(tmp_path):
    p = tmp_path / "official_figures.csv"
    pd.DataFrame({"series": ["x"]}).to_csv(p, index=False)
    with pytest.raises(WorkbookError, match="expected"):
        curated.load_official_figures(p)


def test_provisional_rows_are_flagged_and_a_confirmed_row_goes_first(tmp_path):
    f = curated.load_official_figures()
    prov = f[f.provisional]
    assert len(prov) == 12 and prov.note.str.lower().str.startswith("provisional:").all()
    assert set(prov[prov.series == "cn_exports_to_ru"].period) == {"2025", "2025 Dec", "2026 Jan-Apr"}
    # a confirmed row is picked before a provisional one with more digits
    conf = GOOD.replace("3.58", "3.6")
    prov_row = GOOD.replace("3.58", "3.584").replace("/a", "/b") + "provisional: an aggregator"
    picked = curated.preferred_figures(curated.load_official_figures(_file(tmp_path, prov_row, conf)))
    assert picked.value.tolist() == ["3.6"] and picked.n_sources.tolist() == [2]


def test_the_provisional_2025_directions_add_up_to_the_confirmed_total():
    """The rule of official_figures.md: a provisional part may be used only if the parts match a confirmed total."""
    p = curated.preferred_figures(curated.load_official_figures())
    pick = p[(p.country == "CHN") & (p.partner == "RUS") & (p.period == "2025")].set_index("series")
    assert pick.loc["cn_exports_to_ru", "provisional"] and pick.loc["cn_imports_from_ru", "provisional"]
    assert not pick.loc["cn_ru_trade_total", "provisional"] and pick.loc["cn_ru_trade_total", "n_sources"] == 2
    parts = pick.loc["cn_exports_to_ru", "value_base"] + pick.loc["cn_imports_from_ru", "value_base"]
    assert parts == pytest.approx(pick.loc["cn_ru_trade_total", "value_base"], rel=curated.AGREEMENT)


def test_the_648_row_is_rejected_as_a_yuan_conversion():
    f = curated.load_official_figures()
    row = f[(f.series == "cn_trade_world") & (f.period == "2025")].iloc[0]
    assert row["mark"] == "rejected" and "conversion of the yuan total" in row.note
    cny = f[(f.series == "cn_trade_world_cny") & (f.period == "2025")]
    assert cny.value.tolist() == ["45.47"] and cny.unit.tolist() == ["CNY tn"]
