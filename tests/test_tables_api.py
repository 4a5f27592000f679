"""The derived tables as the library offers them: ``rounds_table`` and ``follow_ups_table``.

Each takes what :func:`followup_stats.check` takes (a path, raw cells, a list of
them, or a loaded log) and judges waits by the same configuration.
"""

from __future__ import annotations

from collections.abc import Callable
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


def test_every_stats_function_takes_by_second(folder: Path) -> None:
    """``patience(log, "candidate")`` as ``outcome_rates(log, "candidate")``: by, not config."""
    from followup_stats.stats import outcome_rates, patience, patience_follow_ups, patience_rounds

    log = folder / "log.csv"
    assert set(patience(log, "company", as_of=AS_OF)["group"]) == {"Acme"}
    assert set(outcome_rates(log, "company", as_of=AS_OF)["group"]) == {"Acme"}
    assert len(patience_rounds(log, "company", as_of=AS_OF)) == len(patience_rounds(log))
    assert len(patience_follow_ups(log, "company", as_of=AS_OF)) == 1


def test_a_user_error_in_the_library_is_the_packages_own(folder: Path) -> None:
    """A notebook's ``except FollowupStatsError`` catches what the command line reports."""
    from followup_stats.errors import FollowupStatsError, UnknownChoice, UnknownColumn
    from followup_stats.stats import compare_times, outcome_rates, patience

    log = folder / "log.csv"
    for call in (lambda: outcome_rates(log, by="nope"), lambda: patience(log, by="nope")):
        with pytest.raises(UnknownColumn) as caught:
            call()
        assert isinstance(caught.value, FollowupStatsError) and isinstance(caught.value, KeyError)
        assert str(caught.value).startswith("cannot group by 'nope': not a column")
        assert "company" in caught.value.known
    with pytest.raises(UnknownChoice, match="unknown measure 'x'"):
        compare_times(log, "company", measure="x")


def test_settings_as_a_table_or_codes_as_text(folder: Path) -> None:
    """``config={"default_wait_days": 3}`` reads as the file would; ``select="FU005"`` is one
    code, not five letters."""
    log = folder / "log.csv"
    with_table = check(log, config={"default_wait_days": 10}, as_of=AS_OF)
    assert "FU005" in set(with_table["code"])  # a 10-day wait: the follow-up on day 4 is early
    # The annotations say tuples; text is read too, since a notebook writes it so.
    assert Config(select="FU005").select == ("FU005",)  # type: ignore[arg-type]
    assert Config(ignore="fu005, FU009").ignore == ("FU005", "FU009")  # type: ignore[arg-type]
    only = Config(select="FU005", default_wait_days=10)  # type: ignore[arg-type]
    assert set(check(log, config=only, as_of=AS_OF)["code"]) == {"FU005"}


def test_each_table_has_the_same_columns_and_dtypes_for_an_empty_log(folder: Path) -> None:
    """Per-client tables stacked in a notebook keep their dtypes, empty ones included."""
    from followup_stats import etiquette_score, next_actions
    from followup_stats.stats import (
        funnel,
        outcome_rates,
        patience,
        patience_follow_ups,
        patience_rounds,
        response_times,
        waiting_times,
    )

    empty = pd.DataFrame(columns=["date", "company", "event"])
    sample = Path(__file__).resolve().parents[1] / "data" / "sample_log.csv"
    functions: list[Callable[..., pd.DataFrame]] = [
        check,
        next_actions,
        etiquette_score,
        rounds_table,
        follow_ups_table,
        waiting_times,
        patience_follow_ups,
        patience_rounds,
        outcome_rates,
        response_times,
        funnel,
        patience,
    ]
    for function in functions:
        full = function(sample, as_of=AS_OF)
        none = function(empty, as_of=AS_OF)
        assert len(full) > 0, function.__name__
        assert none.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict(), (
            function.__name__
        )


def test_the_old_call_with_events_and_a_date_says_what_config_must_be(folder: Path) -> None:
    loaded = load_log(folder / "log.csv", as_of=AS_OF)
    with pytest.raises(TypeError, match="config must be a Config, a table of settings or a"):
        rounds_table(loaded.events, loaded.as_of)  # type: ignore[arg-type]
