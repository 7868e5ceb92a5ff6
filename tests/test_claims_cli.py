"""`python -m sinorussia claims`: filters (validated), the whole text of every claim (wrapped or --wide,
never cut), `claims show ID` with every field, and the machine formats still working."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sinorussia import __main__ as cli
from sinorussia.claims import check, load_register
from sinorussia.claims.sources import documents

ACTIVE = [c for c in load_register() if c.retired is None]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = cli.main(["claims", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_wide_prints_every_claim_of_a_topic_whole_on_one_line(capsys):
    rc, out, _ = _run(capsys, "--topic", "energy", "--wide")
    assert rc == 0
    energy = [c for c in ACTIVE if c.topic == "energy"]
    lines = out.splitlines()
    for c in energy:
        assert any(line.startswith(c.id) and line.endswith(c.claim) for line in lines), c.id
    assert f"{len(energy)} claims." in out
    assert not any(c.topic != "energy" and f"\n{c.id} " in out for c in ACTIVE)


def test_wrapped_to_the_terminal_width_and_nothing_cut(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    rc, out, _ = _run(capsys, "--topic", "military")
    assert rc == 0
    longest = max((c for c in ACTIVE if c.topic == "military"), key=lambda c: len(c.claim))
    assert len(longest.claim) > 60
    # the claim's words are all there, in order, across the wrapped lines
    flat = " ".join(line.strip() for line in out.splitlines())
    assert longest.claim in flat
    listing = out.split("== MILITARY", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert len(listing) > 2 * len([c for c in ACTIVE if c.topic == "military"])  # some claims took two lines
    assert all(len(line) <= 60 for line in listing)


@pytest.mark.parametrize("given", ["contradicted", "Partly-Supported"])
def test_verdict_filter(capsys, given):
    rc, out, _ = _run(capsys, "--topic", "economics", "--verdict", given, "--format", "json")
    assert rc == 0
    records = json.loads(out)
    want = given.lower().replace("-", " ")
    expected = [c.id for c in ACTIVE if c.topic == "economics" and check(c).verdict == want]
    assert [r["id"] for r in records] == sorted(expected) and all(r["verdict"] == want for r in records)


def test_document_filter_with_json_output(capsys, tmp_path):
    out_file = tmp_path / "saga.json"
    rc, out, _ = _run(
        capsys, "--document", "saga2018", "--topic", "energy", "--format", "json", "--output", str(out_file)
    )
    assert rc == 0
    records = json.loads(out_file.read_text(encoding="utf-8"))
    ids = {c.id for c in ACTIVE if c.document == "saga2018" and c.topic == "energy"}
    assert ids and {r["id"] for r in records} == ids
    assert out.strip() == f"wrote {len(ids)} claims to {out_file}"


def test_csv_still_works(capsys):
    rc, out, _ = _run(capsys, "--topic", "context", "--format", "csv")
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == {c.id for c in ACTIVE if c.topic == "context"}
    assert {"claimed_value", "computed_value", "unit", "verdict", "sources"} <= set(rows[0])


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("--topic", "energi", "did you mean 'energy'?"),
        ("--verdict", "suported", "valid values: supported, partly supported, contradicted"),
        ("--document", "gil2025", "did you mean 'gill2025'?"),
    ],
)
def test_unknown_filter_value_is_one_line_listing_the_valid_ones(capsys, option, value, valid):
    rc, out, err = _run(capsys, option, value)
    assert rc == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: unknown {option} '{value}'") and valid in lines[0]
    if option == "--document":
        assert all(k in lines[0] for k in documents())


def test_show_prints_one_claim_in_full(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    rc, out, _ = _run(capsys, "show", "ene-01")
    assert rc == 0
    c = next(c for c in ACTIVE if c.id == "ENE-01")
    v = check(c)
    flat = " ".join(" ".join(out.split()).split())
    assert out.startswith("ENE-01  (energy)")
    for field in ("Claim:", "Document:", "Where in it:", "Claimed:", "Computed:", "Verdict:", "Rule:", "Basis:"):
        assert field in out, field
    for field in ("Sensitivity:", "Sources:", "Check:"):
        assert field in out, field
    assert c.claim in flat and c.location in flat and documents()[c.document].label in flat
    assert f"raw: {v.computed:g} {c.unit}" in flat and f"Verdict: {v.verdict}" in flat
    assert " ".join(v.basis.split()) in flat and " ".join(v.source.split()) in flat


def test_show_not_checkable_gives_why_and_data_needed(capsys):
    c = next(c for c in ACTIVE if not c.checkable)
    rc, out, _ = _run(capsys, "show", c.id, "--wide")
    assert rc == 0
    assert "Why not:" in out and c.why_not in out and c.data_needed in out and "Verdict:" in out


def test_show_unknown_id_is_one_line(capsys):
    rc, _, err = _run(capsys, "show", "ENE-999")
    lines = err.strip().splitlines()
    assert rc == 2 and len(lines) == 1 and "no claim 'ENE-999'" in lines[0] and "did you mean" in lines[0]


def test_show_json_is_the_ledger_record(capsys):
    rc, out, _ = _run(capsys, "show", "ENE-01", "--format", "json")
    assert rc == 0
    assert json.loads(out) == json.loads(json.dumps(check("ENE-01").as_record()))
