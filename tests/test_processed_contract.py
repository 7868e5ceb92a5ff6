"""The processed-data contract: every table exists, loads typed and validated, rebuilds identically,
and a table edited into an invalid state fails with the table, column and rows named."""

import pandas as pd
import pytest

from sinorussia import load, paths, table_names
from sinorussia.errors import TableValidationError, UnknownTableError
from sinorussia.processed import catalog_md, table_spec

CONTRACT = {
    "trade_bilateral_annual": ["year", "exporter", "importer", "value_usd", "source"],
    "trade_bilateral_monthly": ["month", "exporter", "importer", "value_usd", "source"],
    "trade_by_product": [
        "year",
        "exporter",
        "importer",
        "hs_section",
        "hs_chapter",
        "value_usd",
        "quantity_t",
        "source",
    ],
    "trade_totals": ["year", "country", "exports_usd", "imports_usd", "source"],
    "trade_totals_year_to_date": ["year", "through_month", "country", "exports_usd", "imports_usd", "source"],
    "trade_partner_shares": [
        "year",
        "country",
        "partner",
        "share",
        "source",
        "numerator_source",
        "denominator_source",
        "basis",
    ],
    "energy_balance": ["year", "country", "indicator", "value", "unit", "source"],
    "energy_flows": ["year", "origin", "destination", "commodity", "value", "unit", "source"],
    "commodity_prices": ["date", "frequency", "series", "value", "unit", "source"],
    "arms_transfers": ["year", "supplier", "recipient", "tiv_musd", "source"],
    "military_expenditure": ["year", "country", "measure", "value", "unit", "source"],
    "unsc_vetoes": ["date", "draft", "subject", "vetoed_by", "china", "france", "russia", "uk", "usa"],
    "unga_agreement": ["year", "country_a", "country_b", "agreement", "n_votes"],
    "unga_ideal_points": ["year", "session", "country", "ideal_point"],
    "unga_us_coincidence": ["year", "country", "coincidence", "source"],
    "development_finance": ["country", "period", "commitments_usd", "measure", "source"],
    "macro_indicators": ["year", "country", "indicator", "value", "unit", "source"],
    "exchange_rates": ["date", "currency", "per_usd", "frequency", "source"],
    "joint_exercises": [],
    "probability_words": [],
    "regional_trade": ["year", "reporter", "partner", "flow", "value_usd", "source"],
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_table_exists_with_its_columns(name):
    df = load(name)
    assert len(df) > 0
    missing = [c for c in CONTRACT[name] if c not in df.columns]
    assert not missing, f"{name} lacks contract columns {missing}"


@pytest.mark.parametrize("name", table_names())
def test_every_table_loads_with_declared_dtypes(name):
    spec = table_spec(name)
    df = load(name)
    for col in spec.columns:
        kind = df[col.name].dtype.kind
        expected = {"int": "i", "float": "f", "date": "M", "bool": "b"}.get(col.dtype)
        if expected:
            assert kind == expected, (name, col.name, df[col.name].dtype)
    assert not df.duplicated(list(spec.key)).any()
    for col in ("year", "exporter", "importer", "country"):
        if col in df.columns:
            assert df[col].notna().all(), (name, col)
    assert spec.sources, f"{name} names no sources"


def test_unknown_table_lists_the_available_ones():
    with pytest.raises(UnknownTableError) as err:
        load("trade_bilateral_anual")
    msg = str(err.value)
    assert "trade_bilateral_annual" in msg and "Available tables" in msg


def _edited(tmp_path, name, edit):
    df = pd.read_csv(table_spec(name).path, dtype=str, keep_default_na=False)
    df = edit(df)
    out = tmp_path / f"{name}.csv"
    df.to_csv(out, index=False)
    return out


def test_missing_column_is_named(tmp_path):
    path = _edited(tmp_path, "trade_bilateral_annual", lambda d: d.drop(columns=["value_usd"]))
    with pytest.raises(TableValidationError, match=r"(?s)trade_bilateral_annual.*missing column.*value_usd"):
        load("trade_bilateral_annual", path=path)


def test_negative_trade_value_names_column_and_row(tmp_path):
    def neg(d):
        d.loc[3, "value_usd"] = "-5"
        return d

    path = _edited(tmp_path, "trade_bilateral_annual", neg)
    with pytest.raises(TableValidationError) as err:
        load("trade_bilateral_annual", path=path)
    msg = str(err.value)
    assert "trade_bilateral_annual" in msg and "'value_usd'" in msg and "line(s) [5]" in msg


def test_duplicate_key_is_reported(tmp_path):
    path = _edited(tmp_path, "trade_bilateral_annual", lambda d: pd.concat([d, d.iloc[[0]]], ignore_index=True))
    with pytest.raises(TableValidationError, match=r"(?s)trade_bilateral_annual.*duplicate key.*line\(s\) \[2, "):
        load("trade_bilateral_annual", path=path)


def test_non_numeric_value_is_reported_with_line(tmp_path):
    def text(d):
        d.loc[0, "year"] = "20x1"
        return d

    path = _edited(tmp_path, "trade_bilateral_annual", text)
    with pytest.raises(TableValidationError, match=r"column 'year' must be numeric.*line\(s\) \[2\]"):
        load("trade_bilateral_annual", path=path)


def test_processed_tables_rebuild_byte_identically(built_dir, built_again_dir):
    """Two builds from raw agree byte for byte (determinism) and give exactly the committed files."""
    for name in table_names():
        rebuilt = (built_dir / f"{name}.csv").read_bytes()
        assert rebuilt == (built_again_dir / f"{name}.csv").read_bytes(), f"{name}: two builds from raw differ"
        committed = table_spec(name).path.read_bytes()
        assert rebuilt == committed, f"data/processed/{name}.csv differs from a fresh build: run `make data`"


def test_catalog_md_is_current():
    assert paths.TABLE_CATALOG_MD.read_text(encoding="utf-8") == catalog_md.render(), (
        "data/CATALOG.md is stale: run `python -m sinorussia catalog` (part of `make data`)"
    )


def test_catalog_md_documents_every_table_and_citation():
    text = paths.TABLE_CATALOG_MD.read_text(encoding="utf-8")
    for name in table_names():
        assert f"## {name}" in text
    assert "Licence:" in text and "Cite:" in text
