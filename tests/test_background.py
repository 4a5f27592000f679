"""A module imported on another thread while the main one loads a log."""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

import pytest

from followup_stats.background import importing_meanwhile


def test_the_module_is_imported_on_another_thread_by_the_end_of_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "slow_to_import.py").write_text(
        "import threading, time\nIMPORTED_ON = threading.current_thread().name\ntime.sleep(0.2)\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_to_import", raising=False)
    with importing_meanwhile("slow_to_import"):
        main_went_on = True  # the block runs while the import sleeps
    assert main_went_on
    module = sys.modules["slow_to_import"]  # done when the block ends
    assert threading.current_thread().name != module.IMPORTED_ON
    monkeypatch.delitem(sys.modules, "slow_to_import")


def test_a_module_that_cannot_be_imported_is_left_to_the_callers_own_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_module.py").write_text("raise ValueError('broken')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with importing_meanwhile("broken_module"):
        pass  # the thread's error does not come out here
    assert "broken_module" not in sys.modules
    with pytest.raises(ValueError, match="broken"):
        importlib.import_module("broken_module")  # the caller's own import raises it
