"""The derived tables as the library offers them: ``rounds_table`` and ``follow_ups_table``.

Each takes what :func:`followup_stats.check` takes (a path, raw cells, a list of
them, or a loaded log) and judges waits by the same configuration.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from followup_stats import Config, check, load_log
from followup_stats.tables import (
    FOLLOW_UP_COLUMNS,
    ROUND_COLUMNS,
    follow_ups_table,
    rounds_table,
)

AS_OF = "2026-10-30"
LOG = (
    "date,company,event\n"
    "2026-10-01,Acme,applied\n"
    "2026-10-05,Acme,follow_up\n"  # 4 days on: allowed from 4 Oct with a 3-day wait, not 7
    "2026-10-10,Acme,interview\n"
    "2026-10-10,Acme,thank_you\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    (tmp_path / "followup-stats.toml").write_text("default_wait_days = 3\n", encoding="utf-8")
    return tmp_path


def test_a_path_raw_cells_and_a_loaded_log_give_the_same_rounds(folder: Path) -> None:
    loaded = load_log(folder / "log.csv", as_of=AS_OF)
    cells = pd.read_csv(folder / "log.csv", dtype=str)
    from_path = rounds_table(folder / "log.csv", as_of=AS_OF)
    assert list(from_path.columns) == list(ROUND_COLUMNS)
    assert from_path["round"].tolist() == [0, 1]
    pd.testing.assert_frame_equal(rounds_table(loaded), from_path)
    from_cells = rounds_table(cells, as_of=AS_OF)
    assert from_cells.drop(columns="file").equals(from_path.drop(columns="file"))


def test_follow_ups_wait_as_the_configuration_found_beside_the_log_says(folder: Path) -> None:
    """The file next to the log sets a 3-day wait: the table and check agree on it."""
    table = follow_ups_table(folder / "log.csv", as_of=AS_OF)
    assert list(table.columns) == list(FOLLOW_UP_COLUMNS)
    assert table["wait_days"].tolist() == [3]
    assert str(table["first_allowed_day"].iloc[0])[:10] == "2026-10-04"
    assert "FU005" not in set(check(folder / "log.csv", as_of=AS_OF)["code"])
    loaded = load_log(folder / "log.csv", as_of=AS_OF)
    pd.testing.assert_frame_equal(follow_ups_table(loaded), table)
    default = follow_ups_table(load_log(folder / "log.csv", config=Config(), as_of=AS_OF))
    assert default["wait_days"].tolist() == [7]
