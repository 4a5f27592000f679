"""Parquet logs load like CSV logs; ``write_log`` writes either, atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from followup_stats.checker import check
from followup_stats.cli import main
from followup_stats.errors import LogFormatError
from followup_stats.load import load_log
from followup_stats.logio import read_parquet, write_log
from followup_stats.output import OutputError

AS_OF = "2026-10-30"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_log.csv"


def _raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_csv_round_trip_is_byte_for_byte(tmp_path: Path) -> None:
    target = write_log(_raw(SAMPLE), tmp_path / "log.csv")
    assert target.read_bytes() == SAMPLE.read_bytes()


def test_parquet_log_checks_like_the_csv(tmp_path: Path) -> None:
    parquet = write_log(_raw(SAMPLE), tmp_path / "log.parquet")
    assert pq.read_table(parquet).num_rows == len(_raw(SAMPLE))
    expected = check(load_log(SAMPLE, as_of=AS_OF)).drop(columns="file")
    found = check(load_log(parquet, as_of=AS_OF))
    pd.testing.assert_frame_equal(found.drop(columns="file"), expected)
    assert set(found["file"]) == {str(parquet)}


def test_parquet_rows_are_numbered_from_line_2(tmp_path: Path) -> None:
    table = pa.table(
        {
            "date": pa.array([dt.datetime(2026, 10, 1), None, dt.datetime(2026, 10, 3, 9, 30)]),
            "company": ["Hooli", "Hooli", "Hooli"],
            "event": ["applied", "follow_up", "interview"],
            "asked_permission": pa.array([None, None, False]),
            "contact_ok_after_days": pa.array([None, None, 10.0]),
        }
    )
    path = tmp_path / "typed.data"  # found by its content, whatever the name
    pq.write_table(table, path)
    raw = read_parquet(path)
    assert list(raw.cells.index) == [2, 3, 4]
    assert list(raw.cells["date"]) == ["2026-10-01", "", "2026-10-03T09:30:00"]
    assert list(raw.cells["contact_ok_after_days"]) == ["", "", "10"]
    log = load_log(path, as_of=AS_OF)
    assert list(log.rejects["line"]) == [3]
    assert bool(log.events["has_time"].iloc[-1])
    assert log.events["contact_ok_after_days"].iloc[-1] == 10


def test_typed_frames_are_written_as_a_log_spells_them(tmp_path: Path) -> None:
    events = load_log(SAMPLE, as_of=AS_OF).events
    columns = ["date", "candidate", "company", "role", "event", "channel", "timeline_days"]
    columns += ["asked_permission", "contact_ok_after_days", "application_id", "notes"]
    as_csv = load_log(write_log(events[columns], tmp_path / "typed.csv"), as_of=AS_OF)
    as_parquet = load_log(write_log(events[columns], tmp_path / "typed.parquet"), as_of=AS_OF)
    assert not as_csv.quality["code"].isin(["DQ001", "DQ002", "DQ004", "DQ005"]).any()
    pd.testing.assert_frame_equal(as_csv.events[columns], events[columns])
    pd.testing.assert_frame_equal(as_parquet.events[columns], as_csv.events[columns])


def test_formula_safe_csv(tmp_path: Path) -> None:
    frame = pd.DataFrame({"date": ["2026-10-01"], "company": ["=HYPERLINK(1)"], "event": ["x"]})
    text = write_log(frame, tmp_path / "safe.csv", formula_safe=True).read_text()
    assert "'=HYPERLINK(1)" in text
    assert "'=" not in write_log(frame, tmp_path / "plain.csv").read_text()


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_log(_raw(SAMPLE), tmp_path / "missing" / "log.parquet")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_broken_parquet_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(LogFormatError, match="cannot read as Parquet"):
        load_log(broken, as_of=AS_OF)
    assert main(["check", str(broken)]) == 2
    assert "cannot read as Parquet" in capsys.readouterr().err
