"""The command line's allocator settings (``followup_stats.memory``)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from followup_stats import memory


def test_glibc_accepts_every_setting() -> None:
    """On glibc every ``mallopt`` call succeeds; elsewhere nothing is changed."""
    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.keep_freed_memory() is expected


def test_other_systems_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    assert memory.keep_freed_memory() is False


def _fake_setting(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.skipif(memory._glibc() is None, reason="needs glibc")
def test_huge_heap_marks_reserved_heap_where_the_kernel_takes_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In ``madvise`` mode whole 2 MiB pages of every block are marked; otherwise none."""
    libc = memory._glibc()
    assert libc is not None
    memory.keep_freed_memory()  # blocks under the mmap threshold come from the heap
    size = 3 * memory._BLOCK
    monkeypatch.setattr(
        memory, "_THP_SETTING", _fake_setting(tmp_path, "thp", "always [madvise] never\n")
    )
    monkeypatch.setattr(memory, "_OVERCOMMIT_SETTING", _fake_setting(tmp_path, "oc", "0\n"))
    marked = memory.huge_heap(libc, size)
    assert marked % memory._HUGE_PAGE == 0
    assert 3 * (memory._BLOCK - memory._HUGE_PAGE) <= marked <= size
    for setting in ("[always] madvise never\n", "always madvise [never]\n"):
        monkeypatch.setattr(memory, "_THP_SETTING", _fake_setting(tmp_path, "thp", setting))
        assert memory.huge_heap(libc, size) == 0
    monkeypatch.setattr(
        memory, "_THP_SETTING", _fake_setting(tmp_path, "thp", "always [madvise] never\n")
    )
    monkeypatch.setattr(memory, "_OVERCOMMIT_SETTING", _fake_setting(tmp_path, "oc", "2\n"))
    assert memory.huge_heap(libc, size) == 0
