"""`python -m sinorussia build` verifies every raw file it reads against the catalog's sha256 and
refuses a changed one with one line naming the file and the fix, before writing any table."""

from __future__ import annotations

import shutil

import pytest

from sinorussia import __main__ as cli
from sinorussia import paths
from sinorussia.errors import FetchError
from sinorussia.processed.build import build
from sinorussia.raw import fetcher, raw_catalog

WORDS = ("probability_survey_mauboussin", "perceptions_probly")  # the raw files of table probability_words


@pytest.fixture
def raw_copy(raw_files, tmp_path, monkeypatch):
    """data/raw/ replaced by a copy of the files the probability_words builder reads (the real ones stay intact)."""
    root = tmp_path / "raw"
    for dataset_id in WORDS:
        rf = raw_catalog()[dataset_id]
        (root / dataset_id).mkdir(parents=True)
        shutil.copy2(rf.local_path, root / dataset_id / rf.filename)
    monkeypatch.setattr(paths, "RAW_DIR", root)
    return root


def test_build_accepts_verified_files(raw_copy, tmp_path):
    written = build(["probability_words"], out_dir=tmp_path / "out")
    assert written["probability_words"].read_bytes() == (paths.PROCESSED_DIR / "probability_words.csv").read_bytes()


def test_build_refuses_tampered_file_and_writes_nothing(raw_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "processed")  # the CLI run below writes nowhere real
    rf = raw_catalog()["perceptions_probly"]
    f = raw_copy / rf.id / rf.filename
    data = bytearray(f.read_bytes())
    data[-2] = ord("9") if data[-2] != ord("9") else ord("8")  # one digit changed, same size
    f.write_bytes(bytes(data))
    with pytest.raises(FetchError) as exc:
        build(["probability_words"], out_dir=tmp_path / "out")
    msg = str(exc.value)
    assert "\n" not in msg
    assert "'perceptions_probly'" in msg and rf.filename in msg and "sha256" in msg and "make data" in msg
    assert not (tmp_path / "out").exists()
    # the command line says the same in one line on stderr and exits 2
    assert cli.main(["build", "probability_words"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: Raw file 'perceptions_probly'") and "make data" in err[0]
    assert not (tmp_path / "processed").exists()


def test_truncated_file_refused(raw_copy):
    rf = raw_catalog()["probability_survey_mauboussin"]
    f = raw_copy / rf.id / rf.filename
    f.write_bytes(f.read_bytes()[:100])
    with pytest.raises(FetchError, match=r"probability_survey_mauboussin.*100 bytes.*make data"):
        fetcher.raw_path(rf.id)
