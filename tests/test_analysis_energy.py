"""Energy analysis functions: hand-computed examples and known values from the processed tables."""

import pandas as pd
import pytest

from sinorussia import load
from sinorussia.analysis import energy as en
from sinorussia.errors import WorkbookError


def test_unit_value_per_barrel_by_hand():
    # 1 bn USD for 1.5 Mt at 7.33 bbl/t: 1e9 / (1.5e6 * 7.33) = 1e9 / 10.995e6 = 90.95 USD/bbl
    assert en.unit_value_per_barrel(1e9, 1.5e6, 7.33) == pytest.approx(90.9504, abs=1e-3)
    # 733 USD per tonne is exactly 100 USD/bbl at 7.33 bbl/t
    assert en.unit_value_per_barrel(733.0, 1.0, 7.33) == pytest.approx(100.0)
    # a denser crude (fewer barrels per tonne) gives a higher price per barrel for the same USD/t
    assert en.unit_value_per_barrel(733.0, 1.0, 7.0) > en.unit_value_per_barrel(733.0, 1.0, 7.33)


def test_import_dependence_by_hand():
    # consumes 100, produces 25 -> imports 75 % of what it uses
    assert en.import_dependence(25.0, 100.0) == pytest.approx(0.75)
    # produces 300, consumes 100 -> net exports twice its use: -2
    assert en.import_dependence([300.0], [100.0])[0] == pytest.approx(-2.0)
    s = en.import_dependence(pd.Series([50.0, 100.0]), pd.Series([100.0, 100.0]))
    assert list(s) == pytest.approx([0.5, 0.0])


def test_pipeline_utilisation_by_hand():
    # EI: Russia -> China pipeline gas 21.29 bcm in 2023 against 38 bcm design capacity = 56 %
    assert en.pipeline_utilisation(21.29) == pytest.approx(21.29 / 38)
    assert en.pipeline_utilisation(25.0, 50.0) == pytest.approx(0.5)


def _monthly():
    # two complete months of China's total (WLD) and two origins; B misses the second month (= zero)
    months = pd.to_datetime(["2020-01-01", "2020-02-01"])
    rows = [
        (months[0], "WLD", 100.0, 50_000.0),
        (months[1], "WLD", 100.0, 60_000.0),
        (months[0], "A", 20.0, 7_330.0),
        (months[1], "A", 30.0, 14_660.0),
        (months[0], "B", 10.0, 5_000.0),
    ]
    return pd.DataFrame(rows, columns=["month", "origin", "quantity_t", "value_usd"]).assign(source="china_customs")


def test_rolling_share_and_discount_by_hand():
    r = en.rolling_share(_monthly(), "A", months=2)
    # A shipped 20 + 30 = 50 t of China's 200 t over the two months
    assert r.iloc[-1] == pytest.approx(0.25) and len(r) == 1
    d = en.discount_vs_suppliers(_monthly(), "A", ["B"], 7.33)
    # Jan: A = 7330 / (20 * 7.33) = 50 USD/bbl; B = 5000 / (10 * 7.33) = 68.21; gap = -18.21
    assert d.loc["2020-01-01", "A"] == pytest.approx(50.0)
    assert d.loc["2020-01-01", "gap"] == pytest.approx(50.0 - 5000 / 73.3)
    assert len(d) == 1  # February: B reports nothing, so no comparison


def test_unit_values_monthly_by_hand():
    uv = en.unit_values(_monthly(), ["A"], 7.33, freq="monthly")
    # Feb: 14,660 USD / (30 t * 7.33) = 66.67 USD/bbl
    assert uv.loc["2020-02-01", "A"] == pytest.approx(14_660 / (30 * 7.33))


def test_russia_share_of_china_crude_2021_matches_catalog():
    # data/CATALOG.md: Russia's share of China's crude imports (volume) 2021 = 15.5 % (79.6 of 513.2 Mt)
    s = en.supplier_shares(load("china_crude_imports_monthly"), ["RUS"], 2021, 2021)
    assert s.loc[2021, "RUS"] == pytest.approx(79.6 / 513.2, abs=0.001)


def test_matrix_shares_and_destinations_known_values():
    flows = load("energy_flows")
    # bp 2021 matrix (2020): Russia 83.4 Mt of China's 557.2 Mt inter-area crude imports = 15.0 %
    assert en.matrix_share(flows, "bp_2021", "crude_oil", "RUS", "CHN") == pytest.approx(0.1498, abs=0.001)
    # EI 2024 matrix (2023): Russia 107.0 Mt of 563.9 Mt = 19.0 %
    assert en.matrix_share(flows, "ei_2024", "crude_oil", "RUS", "CHN") == pytest.approx(0.1898, abs=0.001)
    # China's customs series has 30 years: not a one-year matrix, so it is refused
    with pytest.raises(WorkbookError, match="several years"):
        en.matrix_share(flows, "china_customs", "crude_oil", "RUS", "CHN")
    d = en.exports_by_destination(flows, "RUS", "crude_oil")
    # Europe took 138.2 Mt of Russian crude in 2020 and 32.4 Mt in 2023; India 2.6 -> 81.8 Mt
    assert d.loc["2020", "Europe (incl. Türkiye)"] == pytest.approx(138.2, abs=0.1)
    assert d.loc["2023", "Europe (incl. Türkiye)"] == pytest.approx(32.4, abs=0.1)
    assert d.loc["2023", "India"] == pytest.approx(81.8, abs=0.1)


def _matrix():
    rows = [
        ("RUS", "CHN", 30.0),
        ("RUS", "IND", 10.0),
        ("RUS", "EUU", 60.0),
        ("RUS", "WLD", 100.0),
        ("NOR", "EUU", 50.0),
    ]
    df = pd.DataFrame(rows, columns=["origin", "destination", "value"])
    return df.assign(year=2023, commodity="pipeline_gas", source="ei_2024")


def test_export_share_by_hand():
    # the WLD total is left out (not double counted); the EU column is a real destination
    assert en.exports_to(_matrix(), "RUS", "pipeline_gas", "ei_2024").to_dict() == {
        "CHN": 30.0,
        "EUU": 60.0,
        "IND": 10.0,
    }
    assert en.export_share(_matrix(), "RUS", "pipeline_gas", ["CHN", "IND"], "ei_2024") == pytest.approx(0.4)
    two_years = pd.concat([_matrix(), _matrix().assign(year=2022)])
    with pytest.raises(WorkbookError, match="several years"):
        en.exports_to(two_years, "RUS", "pipeline_gas", "ei_2024")
    assert en.export_share(two_years, "RUS", "pipeline_gas", ["EUU"], "ei_2024", year=2022) == pytest.approx(0.6)
    with pytest.raises(WorkbookError, match="no lng exports from RUS"):
        en.exports_to(_matrix(), "RUS", "lng", "ei_2024")


def test_export_share_real_values():
    flows = load("energy_flows")
    # bp 2021 (2020): China 83.4 + India 2.6 of Russia's 260.0 Mt crude exports = 33 %;
    # EI 2024 (2023): China 107.0 + India 81.8 of 240.8 Mt = 78 %
    assert en.export_share(flows, "RUS", "crude_oil", ["CHN", "IND"], "bp_2021") == pytest.approx(
        86.07 / 259.98, abs=0.001
    )
    assert en.export_share(flows, "RUS", "crude_oil", ["CHN", "IND"], "ei_2024") == pytest.approx(
        188.83 / 240.76, abs=0.001
    )
    # EI 2024 pipeline gas: the EU column (25.7 bcm) counts among Russia's 95.4 bcm of exports
    gas = en.exports_to(flows, "RUS", "pipeline_gas", "ei_2024")
    assert gas["EUU"] == pytest.approx(25.74, abs=0.01) and gas.sum() == pytest.approx(95.44, abs=0.02)


def test_net_fossil_exports_by_hand_and_real():
    rows = [
        ("AAA", "oilprod_mt", 100.0),
        ("AAA", "oilcons_mt", 50.0),
        ("AAA", "gasprod_bcm", 10.0),
        ("AAA", "gascons_bcm", 20.0),
        ("AAA", "coalprod_ej", 1.0),
        ("AAA", "coalcons_ej", 1.5),
        ("AAA", "tes_ej", 5.0),
        ("WLD", "tes_ej", 600.0),
        ("WLD", "oilprod_mt", 1.0),
        ("WLD", "oilcons_mt", 1.0),
        ("WLD", "gasprod_bcm", 1.0),
        ("WLD", "gascons_bcm", 1.0),
        ("WLD", "coalprod_ej", 1.0),
        ("WLD", "coalcons_ej", 1.0),
    ]
    eb = pd.DataFrame(rows, columns=["country", "indicator", "value"]).assign(year=2020, source="ei_2025")
    n = en.net_fossil_exports(eb, 2020)
    # oil +50 Mt x 0.041868 = 2.0934 EJ, gas -10 bcm x 0.036 = -0.36 EJ, coal -0.5 EJ: net 1.2334 EJ
    assert list(n.index) == ["AAA"]
    assert n.loc["AAA", "net"] == pytest.approx(2.0934 - 0.36 - 0.5)
    with pytest.raises(WorkbookError, match="no rows for 2021"):
        en.net_fossil_exports(eb, 2021)
    real = en.net_fossil_exports(load("energy_balance"), 2017)
    assert real.net.idxmax() == "RUS"  # the largest net exporter of fossil energy in 2017
    assert real.net.idxmin() == "CHN"  # and China the largest net importer


def test_balance_known_values():
    # data/CATALOG.md: Russia's oil production 2024 = 10,751.6 kb/d (EI 2025 panel); consumption 3,846.3 kb/d
    b = en.balance(load("energy_balance"), "RUS", 2024, 2024)
    assert b.loc[2024, "oil_prod"] == pytest.approx(10751.6, abs=0.1)
    assert b.loc[2024, "oil_dependence"] == pytest.approx(1 - 10751.635 / 3846.333, abs=1e-3)


def test_hs27_share_known_value_and_by_hand():
    p = pd.DataFrame(
        {
            "year": [2020] * 3,
            "exporter": "RUS",
            "importer": "CHN",
            "hs_chapter": ["27", "26", "44"],
            "value_usd": [60.0, 10.0, 30.0],
        }
    )
    assert en.hs27_share(p, "RUS", "CHN").loc[2020, "share"] == pytest.approx(0.6)
    # BACI 2023: chapter 27 = 94.77 of Russia's 129.00 bn USD of exports to China = 73.5 %
    real = en.hs27_share(load("trade_by_product"), "RUS", "CHN")
    assert real.loc[2023, "share"] == pytest.approx(94.773 / 129.003, abs=0.001)


def test_benchmark_brent_2022():
    # data/CATALOG.md: Brent annual average 2022 (EIA) = 100.93 USD/bbl
    assert en.benchmark(load("commodity_prices"), "brent").loc[2022] == pytest.approx(100.93)


def test_annual_unit_value_matches_customs_annual_totals():
    # the annual unit value must equal China customs' annual crude value / (annual tonnes x 7.33), as summed
    # independently in energy_flows (source china_customs) for Russia 2021
    f = load("energy_flows")
    cc = f[(f.source == "china_customs") & (f.origin == "RUS") & (f.year == 2021)].set_index("commodity").value
    expected = cc["crude_oil_value"] / (cc["crude_oil"] * 7.33)
    uv = en.unit_values(load("china_crude_imports_monthly"), ["RUS"], 7.33)
    assert uv.loc[2021, "RUS"] == pytest.approx(expected, rel=1e-6)
    assert 60 < uv.loc[2021, "RUS"] < 80  # Brent averaged 70.9 USD/bbl in 2021 (EIA)
