"""Atomic writes: the reader sees the old file or the new one, and a failure leaves no debris."""

from __future__ import annotations

import pytest

from sinorussia.fsio import atomic_write, atomic_write_bytes, atomic_write_text


def test_writes_text_and_bytes_with_ordinary_permissions(tmp_path):
    target = atomic_write_text(tmp_path / "sub" / "a.txt", "hello\n")
    assert target.read_text() == "hello\n"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    assert atomic_write_bytes(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("old\n")

    def half_then_fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(target, half_then_fail)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]
