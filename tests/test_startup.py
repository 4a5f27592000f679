"""What a command imports before it can answer: only what reading a CSV log and the
command's own work need (every run pays for each import, whatever the log's size)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

LOG = (
    "date,candidate,company,role,event,channel,notes\n"
    "2026-08-03,Ana,Acme,Analyst,applied,portal,\n"
    "2026-08-10,Ana,Acme,Analyst,interview,video,\n"
    "2026-08-11,Ana,Acme,Analyst,thank_you,email,\n"
)


def _modules_after(argv: list[str]) -> set[str]:
    """The modules imported by a fresh process after ``followup_stats.cli.main(argv)``."""
    probe = (
        "import contextlib, io, sys\n"
        "from followup_stats.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "assert code in (0, 1), code\n"
        "print(' '.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.splitlines()[-1].split())


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_a_csv_log_is_read_without_parquet_or_the_import_command(
    tmp_path: Path, command: str
) -> None:
    """``check``, ``stats`` and ``todo`` of a CSV log imported ``pyarrow.parquet`` (about
    20 ms) and the ``import`` command's merging of files (``importers.combine``), which
    neither needs; a Parquet log and ``followup-stats import`` still have them."""
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    modules = _modules_after([command, str(log), "--as-of", "2026-10-30"])
    assert "followup_stats.load" in modules  # the log was read
    assert "pyarrow.parquet" not in modules
    assert "followup_stats.importers.combine" not in modules


def test_the_importers_names_are_there_when_asked_for() -> None:
    """The package :mod:`followup_stats.importers` gives its names and submodules when first
    asked for, as when it imported every submodule at once; the import command's merging
    (``combine``) is not imported before."""
    probe = (
        "import sys\n"
        "import followup_stats.importers as importers\n"
        "assert 'followup_stats.importers.combine' not in sys.modules\n"
        "from followup_stats.importers import FORMATS, import_files, wide\n"
        "from followup_stats.importers.combine import import_files as home\n"
        "assert import_files is home and importers.import_files is home\n"
        "assert importers.wide is wide and importers.formats.FORMATS is FORMATS\n"
        "assert 'import_files' in dir(importers)\n"
        "try:\n"
        "    importers.no_such_name\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('no_such_name')\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=120)
