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
def test_a_csv_log_is_read_without_parquet(tmp_path: Path, command: str) -> None:
    """``check``, ``stats`` and ``todo`` of a CSV log imported ``pyarrow.parquet`` (about
    20 ms), which only a Parquet log needs."""
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    modules = _modules_after([command, str(log), "--as-of", "2026-10-30"])
    assert "followup_stats.load" in modules  # the log was read
    assert "pyarrow.parquet" not in modules
