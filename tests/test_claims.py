"""The claim register, the verdict engine, the check functions and the renderers."""
import pytest
import yaml

from sinorussia.analysis import claim_checks as cc
from sinorussia.analysis import claims as cl

REGISTER = yaml.safe_load(open(cl.REGISTER, encoding="utf-8"))


def test_register_is_valid_and_covers_every_document():
    claims = cl.load_register()
    assert len(claims) >= 50
    docs = {c.document for c in claims}
    assert docs == {d["id"] for d in yaml.safe_load(open(cl.SOURCES_FILE, encoding="utf-8"))}
    assert {c.topic for c in claims} == set(cl.TOPICS)
    assert all(c.why_not and c.data_needed for c in claims if not c.checkable)
    # every probability word of the scenarios is recorded
    words = {c.words for c in claims if c.kind == "probability"}
    assert {"high probability", "medium probability", "low probability", "highly unlikely"} <= words


def _write(tmp_path, entries):
    p = tmp_path / "claims.yaml"
    p.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return p


@pytest.mark.parametrize("field,value,message", [
    ("topic", "astrology", r"ECO-01: field 'topic'"),
    ("check", {"table": "no_such_table", "computation": "x", "function": "bilateral_trade", "tolerance": "relative 0.1"},
     r"ECO-01: field 'check.table' names unknown table"),
    ("check", {"table": "trade_bilateral_annual", "computation": "x", "function": "guess", "tolerance": "relative 0.1"},
     r"ECO-01: field 'check.function'"),
    ("check", {"table": "trade_bilateral_annual", "computation": "x", "function": "bilateral_trade", "tolerance": "roughly"},
     r"ECO-01: field 'check.tolerance'"),
    ("check", {"not_checkable": True, "why": "x"}, r"ECO-01: a not-checkable claim needs field 'check.data_needed'"),
])
def test_malformed_entry_names_claim_and_field(tmp_path, field, value, message):
    entry = dict(next(e for e in REGISTER if e["id"] == "ECO-01"))
    entry[field] = value
    with pytest.raises(cl.ClaimRegisterError, match=message):
        cl.load_register(_write(tmp_path, [entry]))


def test_missing_field_is_named(tmp_path):
    entry = dict(next(e for e in REGISTER if e["id"] == "ECO-01"))
    del entry["location"]
    with pytest.raises(cl.ClaimRegisterError, match=r"ECO-01: missing field\(s\) \['location'\]"):
        cl.load_register(_write(tmp_path, [entry]))


def test_compare_by_hand():
    tol = cl.Tolerance("relative", 0.05)
    assert cl.compare(100, 104, tol)[0] == "supported"
    assert cl.compare(100, 108, tol)[0] == "partly supported"
    assert cl.compare(100, 120, tol)[0] == "contradicted"
    assert cl.compare(0.36, 0.41, cl.Tolerance("absolute", 0.05))[0] == "supported"


def test_known_verdicts_from_the_data():
    v = cl.check("ECO-01")  # 190 bn in 2022: China-reported 114.4 + 75.5
    assert v.verdict == "supported" and v.computed == pytest.approx(189.93, abs=0.05)
    assert "UN Comtrade" in v.source
    assert cl.check("ECO-03").computed == pytest.approx(5.11, abs=0.01)
    mil = cl.check("MIL-02")  # 40 % claimed; SIPRI 2026 gives about a quarter for 1992-99
    assert mil.verdict == "contradicted" and 0.2 < mil.computed < 0.3
    assert cl.check("REG-02").verdict == "not checkable"


def test_check_functions_on_real_values():
    assert cc.bilateral_trade(2024, "RUS", "CHN").computed == pytest.approx(129.88, abs=0.01)
    assert cc.partner_share(2017, "RUS", "CHN", "exports", "fcs_russia").computed == pytest.approx(0.1089, abs=1e-3)
    assert cc.crude_import_share(2021).computed == pytest.approx(0.155, abs=1e-3)
    assert cc.energy_flow(2023, "RUS", "CHN", "pipeline_gas_interregional").computed == pytest.approx(21.29, abs=0.01)
    assert cc.largest_supplier(1992, 1999, "CHN", "RUS").verdict == "supported"
    assert cc.arms_trend(2020, 2024, 2000, 2009).computed < 0.5
    assert cc.trade_asymmetry(2023).computed > 5
    assert cc.energy_rank(2017, "tes_ej", "CHN").computed == 1
    gap = cc.crude_unit_value_gap(2022)
    assert gap.computed < 0 and "USD/t" in gap.detail


def test_every_checkable_claim_gets_a_computed_verdict():
    for v in cl.check_all():
        assert v.verdict in cl.VERDICTS
        if v.claim.checkable:
            assert v.verdict != "not checkable" or v.claim.function == "exercises_with_china"
            assert v.detail and v.source


def test_renderers():
    t = cl.claims_table("economics")
    assert list(t.columns)[:3] == ["id", "document", "claim"] and len(t) >= 10
    html = cl.render_ledger_html()
    assert html.count("<h3>") == len(cl.TOPICS) and "ECO-01" in html and "not checkable" in html
    text = cl.render_text()
    assert "== ECONOMICS" in text and "supported" in text
    counts = cl.verdict_counts()
    assert counts.loc["all"].sum() == len(cl.load_register())
