"""A typo in a claim's params and a YAML syntax error in the register each give one line naming the
file, the line (and column), the claim id, the field and the fix — not a traceback from deep inside
a check function or the YAML parser."""

from __future__ import annotations

import re

import pytest

from sinorussia import __main__ as cli
from sinorussia.claims import load_register
from sinorussia.claims.model import REGISTER, ClaimRegisterError

TEXT = REGISTER.read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _copy(tmp_path, text: str):
    p = tmp_path / "claims.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_param_names_line_claim_field_and_close_match(tmp_path):
    old = 'params: {year: 2023, at_least: "rule:far_ahead"}'
    assert TEXT.count(old) >= 1
    text = TEXT.replace(old, 'params: {yaer: 2023, at_least: "rule:far_ahead"}', 1)
    line = _line_of(text, "yaer: 2023")
    cid = re.findall(r"^- id: (\S+)", "\n".join(text.splitlines()[:line]), re.M)[-1]
    with pytest.raises(ClaimRegisterError) as exc:
        load_register(_copy(tmp_path, text))
    msg = str(exc.value)
    assert "\n" not in msg
    assert f"claims.yaml line {line}, claim {cid}: field 'check.params.yaer'" in msg
    assert "did you mean 'year'?" in msg and "Fix: use one of ['year'," in msg


def test_unknown_sensitivity_param_is_named_too(tmp_path):
    m = re.search(r"sensitivity:\n\s+- params: \{(\w+):", TEXT)
    assert m, "the register has a sensitivity alternative"
    text = TEXT[: m.start(1)] + m.group(1) + "_x" + TEXT[m.end(1) :]
    with pytest.raises(
        ClaimRegisterError, match=rf"line \d+, claim \S+: field 'check.sensitivity\[0\]\.params\.{m.group(1)}_x'"
    ):
        load_register(_copy(tmp_path, text))


def test_missing_required_param_is_named(tmp_path):
    text = TEXT.replace('params: {year: 2023, at_least: "rule:far_ahead"}', 'params: {at_least: "rule:far_ahead"}', 1)
    with pytest.raises(ClaimRegisterError, match=r"needs parameter\(s\) \['year'\] in field 'check.params'"):
        load_register(_copy(tmp_path, text))


def test_yaml_syntax_error_names_line_column_and_claim(tmp_path):
    lines = TEXT.splitlines()
    n = _line_of(TEXT, "- id: CTX-05") + 2  # its 'location:' line
    assert lines[n - 1].startswith("  location:")
    lines[n - 1] += ": [unclosed"
    with pytest.raises(ClaimRegisterError) as exc:
        load_register(_copy(tmp_path, "\n".join(lines) + "\n"))
    msg = str(exc.value)
    assert "\n" not in msg
    assert re.search(
        rf"claims.yaml line {n}, column \d+: YAML syntax error \(mapping values are not allowed here\)", msg
    )
    assert "in claim CTX-05" in msg and "Fix:" in msg


def test_cli_prints_register_errors_in_one_line(tmp_path, monkeypatch, capsys):
    from sinorussia.claims import register

    bad = _copy(tmp_path, TEXT.replace("- id: CTX-05\n", "- id: CTX-05\n  document: [\n", 1))
    monkeypatch.setattr(register, "REGISTER", bad)
    register.cached_register.cache_clear()
    try:
        assert cli.main(["claims"]) == 2
    finally:
        register.cached_register.cache_clear()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "YAML syntax error" in err[0] and "claim CTX-05" in err[0]
