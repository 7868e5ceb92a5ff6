"""The raw-file catalog is complete and every file fetches and verifies; fetch failures are clear."""

import csv
import dataclasses
import hashlib
import shutil

import pytest

from sinorussia import paths
from sinorussia.errors import FetchError, WorkbookError
from sinorussia.raw import catalog as catalog_mod
from sinorussia.raw import fetcher as fetch_mod
from sinorussia.raw import raw_catalog

MIRROR_CSV = paths.ROOT.parent / "shared" / "data" / "mirror.csv"
SMALL = "eia_brent_annual"  # a small file for the failure-mode tests


def test_catalog_entries_have_every_provenance_field():
    cat = raw_catalog()
    assert len(cat) >= 88
    for rf in cat.values():
        for field in ("producer", "producer_url", "licence", "citation", "vintage", "title"):
            assert getattr(rf, field), (rf.id, field)
        assert rf.url.startswith(f"https://raw.githubusercontent.com/{rf.repo}/{rf.commit}/")
        assert " " not in rf.url, f"{rf.id}: URL must be URL-encoded"


def test_excerpt_files_are_flagged():
    excerpts = [rf for rf in raw_catalog().values() if rf.is_excerpt]
    assert {rf.id for rf in excerpts} == {
        "mongolia_nso_exports_top",
        "mongolia_nso_imports_top",
        "us_state_un_coincidence_2024",
        "unsc_vetoes_middle_east_2023_2025",
    }
    assert all(rf.checksum_note and "mirror copy" in rf.checksum_note for rf in excerpts)


@pytest.mark.skipif(not MIRROR_CSV.exists(), reason="no ../shared/data/mirror.csv beside the checkout")
def test_catalog_covers_every_mirrored_file_with_the_same_checksum():
    rows = list(csv.DictReader(MIRROR_CSV.read_text(encoding="utf-8").splitlines()))
    by_key = {(rf.repo, rf.commit, rf.path): rf for rf in raw_catalog().values()}
    for r in rows:
        rf = by_key.get((r["repo"], r["commit"], r["path"]))
        assert rf is not None, f"mirror file not catalogued: {r['repo']}/{r['path']}"
        assert rf.sha256 == r["sha256"] and rf.size == int(r["bytes"]) and rf.copy == r["copy"]


def test_every_raw_file_is_present_and_verifies(raw_files):
    for rf in raw_catalog().values():
        data = rf.local_path.read_bytes()
        assert len(data) == rf.size, rf.id
        assert hashlib.sha256(data).hexdigest() == rf.sha256, rf.id


def test_malformed_catalog_names_entry_and_field(tmp_path):
    bad = tmp_path / "catalog.yaml"
    bad.write_text("files:\n- id: x\n  title: t\n")
    catalog_mod.raw_catalog.cache_clear()
    try:
        with pytest.raises(WorkbookError, match=r"entry 0 \(id=x\).*missing field"):
            catalog_mod.raw_catalog(bad)
    finally:
        catalog_mod.raw_catalog.cache_clear()


def _fake_mirror(tmp_path, mirror, content=None):
    rf = raw_catalog()[SMALL]
    fake = tmp_path / "mirror"
    target = rf.mirror_path(fake)
    target.parent.mkdir(parents=True)
    if content is None:
        shutil.copy(rf.mirror_path(mirror), target)
    else:
        target.write_bytes(content)
    return fake


def test_fetch_from_mirror_verifies(tmp_path, mirror):
    if mirror is None:
        pytest.skip("no mirror")
    dest = tmp_path / "raw"
    path = fetch_mod.fetch(SMALL, mirror=_fake_mirror(tmp_path, mirror), dest=dest)
    assert path == dest / SMALL / "brent-year.csv"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == raw_catalog()[SMALL].sha256


def test_checksum_mismatch_fails_clearly_and_leaves_no_file(tmp_path):
    fake = _fake_mirror(tmp_path, None, content=b"Date,Price\n1987-06-30,999\n")
    dest = tmp_path / "raw"
    with pytest.raises(FetchError) as err:
        fetch_mod.fetch(SMALL, mirror=fake, dest=dest)
    msg = str(err.value)
    assert SMALL in msg and "sha256" in msg and "Fix" in msg
    left = [p for p in dest.rglob("*") if p.is_file()]
    assert left == [], f"partial files left behind: {left}"


def test_file_missing_from_mirror_names_dataset_and_fix(tmp_path):
    empty = tmp_path / "empty-mirror"
    empty.mkdir()
    with pytest.raises(FetchError, match=rf"'{SMALL}' is missing from the mirror.*SINORUSSIA_MIRROR"):
        fetch_mod.fetch(SMALL, mirror=empty, dest=tmp_path / "raw")


def test_no_network_and_no_mirror_names_dataset_and_fix(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.MIRROR_ENV, raising=False)
    rf = raw_catalog()[SMALL]
    # port 9 on loopback refuses at once: the same path as having no network
    unreachable = dataclasses.replace(rf, url="http://127.0.0.1:9/brent-year.csv")
    monkeypatch.setattr(fetch_mod, "raw_file", lambda _id: unreachable)
    dest = tmp_path / "raw"
    with pytest.raises(FetchError) as err:
        fetch_mod.fetch(SMALL, mirror=None, dest=dest)
    msg = str(err.value)
    assert SMALL in msg and "could not be fetched" in msg and "SINORUSSIA_MIRROR" in msg
    assert not [p for p in dest.rglob("*") if p.is_file()]


def test_raw_path_of_unfetched_file_says_run_make_data(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path)
    with pytest.raises(FetchError, match="make data"):
        fetch_mod.raw_path(SMALL)


def test_every_catalogued_file_is_used_by_a_table_or_says_why_not():
    from sinorussia.processed import table_names, table_spec

    used = {rid for t in table_names() for rid in table_spec(t).sources}
    unused = [rf for rf in raw_catalog().values() if rf.id not in used]
    reasons = ("not yet built", "not built", "not used")  # planned, or a stated reason for leaving it out
    silent = [rf.id for rf in unused if not any(r in c.lower() for c in rf.caveats for r in reasons)]
    assert not silent, f"catalogued but used by no table and no caveat says why: {silent}"
    # a table may also name a curated file of the repository ('curated/<file>', under data/)
    curated = [rid for rid in used if rid.startswith("curated/")]
    assert all((paths.DATA_DIR / rid).is_file() for rid in curated), curated
    missing = [rid for rid in used if rid not in raw_catalog() and rid not in curated]
    assert not missing, f"a table names a raw id missing from the catalog: {missing}"
