"""Pseudonymised copies of logs: nothing real leaks, and the loader's verdicts are kept.

The copies are checked without rendering a report: what the report notebooks
show is what :func:`followup_stats.load.load_log` (and
:func:`followup_stats.report_views.load_cohort`) make of them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from followup_stats import parse
from followup_stats.anonymize import UNREADABLE, pseudonymize_logs
from followup_stats.config import Config
from followup_stats.load import load_log

AS_OF = "2026-10-30"


def _copy(tmp_path: Path, log: Path, config: Config | None = None) -> Path:
    out = tmp_path / "copy.csv"
    pseudonymize_logs(log, out, config=config)
    return out


# -- L1: a date cell that is no date is not kept --------------------------------------------


def test_is_numeric_date_wants_a_day_under_some_reading_and_nothing_else() -> None:
    days = ["11/3/2026", "13/3/2026", "2026.10.12 14:30", " 3-3-2026 "]
    others = ["079-55-12-34", "31/31/2026", "11/3/2026 call Ann", "4242919173", "11/3/26", ""]
    found = parse.is_numeric_date(pd.Series([*days, *others]))
    assert found.tolist() == [True] * len(days) + [False] * len(others)


def test_a_date_cell_that_is_no_date_is_replaced(tmp_path: Path) -> None:
    secrets = ["079-555-12-34", "079-55-12-34", "4242919173", "11/3/2026 call 5551234"]
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n2026-08-01,Acme,applied\n11/3/2026,Acme,response\n"
        + "".join(f"{value},Acme,response\n" for value in secrets),
        encoding="utf-8",
    )
    for config in (None, Config(date_format="%d/%m/%Y")):
        folder = tmp_path / ("with_format" if config else "without")
        folder.mkdir()
        copy = _copy(folder, log, config=config)
        text = copy.read_text(encoding="utf-8")
        assert not [s for s in secrets if s in text] and "5551234" not in text
        assert "2026-08-01" in text and "11/3/2026," in text  # a date under some reading
        original, copied = load_log(log, config, AS_OF), load_log(copy, config, AS_OF)
        assert not copied.quality["message"].str.contains("555|4242").any()
        assert copied.quality["line"].tolist() == original.quality["line"].tolist()
        assert copied.quality["rejected"].tolist() == original.quality["rejected"].tolist()
        if config is None:  # 11/3/2026 still ambiguous; the rest unreadable, not quoted
            assert copied.quality["code"].tolist() == ["DQ010"] + ["DQ001"] * 4
            assert copied.quality["value"].tolist()[1:] == [UNREADABLE] * 4
        else:  # read as 11 March; the rest no date under the format
            assert len(copied.events) == len(original.events) == 2
            assert copied.quality["code"].tolist() == original.quality["code"].tolist()
