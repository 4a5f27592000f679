"""The command line's allocator settings (``followup_stats.memory``)."""

from __future__ import annotations

import platform
import sys

import pytest

from followup_stats import memory


def test_glibc_accepts_every_setting() -> None:
    """On glibc every ``mallopt`` call succeeds; elsewhere nothing is changed."""
    expected = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.keep_freed_memory() is expected


def test_other_systems_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    assert memory.keep_freed_memory() is False
