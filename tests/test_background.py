"""A module imported on another thread while the main one loads a log."""

from __future__ import annotations

import importlib
import subprocess
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


def test_stats_imports_scipy_on_another_thread_only_after_the_log_is_read(
    tmp_path: Path,
) -> None:
    """Arrow reads a log on every core: an import on another thread meanwhile only slowed
    the read down. ``stats`` reads the log with no other thread running and scipy not yet
    imported (it is imported while the application events and rounds are worked out)."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,candidate,company,role,event,channel,notes\n"
        "2026-08-03,Ana,Acme,Analyst,applied,portal,\n"
        "2026-08-10,Ana,Acme,Analyst,interview,video,\n",
        encoding="utf-8",
    )
    probe = (
        "import sys, threading\n"
        "from followup_stats.engines import pandas_engine\n"
        "real, seen = pandas_engine.load_log, []\n"
        "def load_log(*args, **kwargs):\n"
        "    seen.append((threading.active_count(), 'scipy.stats' in sys.modules))\n"
        "    return real(*args, **kwargs)\n"
        "pandas_engine.load_log = load_log\n"
        "pandas_engine.stats_log([sys.argv[1]], None, '2026-10-30')\n"
        "print(seen, 'scipy.stats' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(log)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[(1,", "False)]", "True"]
