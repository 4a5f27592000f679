"""Parquet logs load like CSV logs; ``write_log`` writes either, atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from midnight_log import reply_then_follow_up

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
    assert list(raw.cells["date"]) == ["2026-10-01T00:00:00", "", "2026-10-03T09:30:00"]
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


# -- a Parquet log gives what the same log as CSV gives ------------------------------------------


def _check_output(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    """``check`` on ``path``: exit code, standard output and error with the file named ``LOG``."""
    code = main(["check", str(path), "--as-of", AS_OF])
    captured = capsys.readouterr()
    return code, captured.out.replace(str(path), "LOG"), captured.err.replace(str(path), "LOG")


def _columns(names: list[str], values: list[list[str | None]]) -> pa.Table:
    return pa.table([pa.array(v, pa.string()) for v in values], names=names)


def test_a_column_named_twice_is_reported_as_in_a_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pq.read_table refused such a file with an internal message (FieldRef, __fragment_index)."""
    names = ["date", "company", "event", "source", "source"]
    pq.write_table(_columns(names, [["2026-09-01"], ["Acme"], ["applied"], ["a"], ["b"]]),
                   tmp_path / "dup.parquet")  # fmt: skip
    (tmp_path / "dup.csv").write_text(",".join(names) + "\n2026-09-01,Acme,applied,a,b\n")
    from_csv = _check_output(capsys, tmp_path / "dup.csv")
    assert from_csv[0] == 2
    assert "LOG:1: column 'source' appears twice (columns 4 and 5)" in from_csv[2]
    assert _check_output(capsys, tmp_path / "dup.parquet") == from_csv


def test_blank_column_names_with_empty_cells_pass_as_in_a_csv(tmp_path: Path) -> None:
    names = ["date", "company", "event", "", ""]
    pq.write_table(_columns(names, [["2026-09-01"], ["Acme"], ["applied"], [None], [None]]),
                   tmp_path / "blank.parquet")  # fmt: skip
    (tmp_path / "blank.csv").write_text("date,company,event,,\n2026-09-01,Acme,applied,,\n")
    from_csv = load_log(tmp_path / "blank.csv", as_of=AS_OF)
    from_parquet = load_log(tmp_path / "blank.parquet", as_of=AS_OF)
    assert from_parquet.quality.empty and from_csv.quality.empty
    pd.testing.assert_frame_equal(
        from_parquet.events.drop(columns="file"), from_csv.events.drop(columns="file")
    )


def _latin1_names(path: Path, names: list[str], values: list[list[str | None]]) -> None:
    """A Parquet file whose column names are Latin-1 bytes, as an old writer stored them.

    Each non-ASCII name is written in UTF-8 padded with ``_`` to a Latin-1 name of the same
    length, then its bytes are swapped in the footer.
    """
    padded = [n + "_" * (len(n.encode()) - len(n)) for n in names]
    pq.write_table(_columns(names, values), path, store_schema=False)
    data = path.read_bytes()
    for name, latin in zip(names, padded, strict=True):
        data = data.replace(name.encode(), latin.encode("latin-1"))
    path.write_bytes(data)


@pytest.mark.parametrize(
    "names",
    [["date", "company", "event", "Société"], ["date", "company", "event", "Société", "Société"]],
    ids=["one", "repeated"],
)
def test_a_column_name_that_is_not_utf8_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[str]
) -> None:
    """Reading such a name ended in an internal error (exit 3); Parquet stores names as UTF-8."""
    path = tmp_path / "latin.parquet"
    values: list[list[str | None]] = [["2026-09-01"], ["Acme"], ["applied"]]
    _latin1_names(path, names, values + [["x"]] * (len(names) - 3))
    code, _, err = _check_output(capsys, path)
    assert code == 2 and err.count("\n") == 1, err
    assert "LOG: cannot read as Parquet: a column name is not UTF-8 text" in err
    assert "save the log as CSV" in err


def _follow_ups_twice() -> pd.DataFrame:
    """A log whose last two rows are one follow-up written twice (DQ005 in a CSV)."""
    return pd.DataFrame(
        {
            "date": ["2026-09-01", "2026-09-02", "2026-09-10", "2026-09-11", "2026-09-20",
                     "2026-09-20"],
            "company": ["Acme", "Beta", "Acme", "Acme", "Acme", "Acme"],
            "event": ["applied", "applied", "interview", "thank_you", "follow_up", "follow_up"],
        }
    )  # fmt: skip


@pytest.mark.parametrize(
    "indexed",
    [
        lambda frame: frame[frame["company"] == "Acme"],  # __index_level_0__: 0, 2, 3, 4, 5
        lambda frame: frame.set_axis(pd.Index([5, 3, 8, 1, 9, 2], name="row_id")),
        lambda frame: frame.set_axis(
            pd.MultiIndex.from_arrays([[5, 3, 8, 1, 9, 2], list("uvwxyz")], names=["batch", None])
        ),
        lambda frame: frame.set_axis(pd.RangeIndex(10, 16)),  # stored as no column
    ],
    ids=["filtered", "named", "two-levels", "range"],
)
def test_a_pandas_index_is_not_a_column(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    indexed: Callable[[pd.DataFrame], pd.DataFrame],
) -> None:
    """The index was loaded as an attribute, so the duplicate row was judged (FU007)."""
    frame = indexed(_follow_ups_twice())
    frame.to_parquet(tmp_path / "log.parquet")  # the index written, as pandas does by default
    frame.to_csv(tmp_path / "log.csv", index=False)
    from_csv = _check_output(capsys, tmp_path / "log.csv")
    assert "DQ005" in from_csv[1]
    assert _check_output(capsys, tmp_path / "log.parquet") == from_csv
    assert read_parquet(tmp_path / "log.parquet").header == ["date", "company", "event"]


def test_an_index_named_as_a_log_column_is_the_logs_data(tmp_path: Path) -> None:
    frame = _follow_ups_twice().assign(application_id=["a1", "b1", "a1", "a1", "a1", "a1"])
    frame.set_index("application_id").to_parquet(tmp_path / "log.parquet")
    frame.to_csv(tmp_path / "log.csv", index=False)
    assert read_parquet(tmp_path / "log.parquet").header[-1] == "application_id"
    columns = ["line", "application_id", "date", "event"]
    pd.testing.assert_frame_equal(
        load_log(tmp_path / "log.parquet", as_of=AS_OF).events[columns],
        load_log(tmp_path / "log.csv", as_of=AS_OF).events[columns],
    )


def test_blank_rows_are_skipped_as_in_a_csv(tmp_path: Path) -> None:
    """A Parquet row of empty cells was rejected (DQ001, the date is blank)."""
    frame = pd.DataFrame(
        {
            "date": ["2026-09-01", None, "2026-09-03", " ", "2026-09-05"],
            "company": ["Acme", None, "Beta", "", "Beta"],
            "event": ["applied", None, "applied", "\t", "response"],
            "timeline_days": [None, None, None, None, 3.0],
        }
    )
    frame.to_parquet(tmp_path / "log.parquet", index=False)
    frame.to_csv(tmp_path / "log.csv", index=False)
    from_parquet = load_log(tmp_path / "log.parquet", as_of=AS_OF)
    from_csv = load_log(tmp_path / "log.csv", as_of=AS_OF)
    assert read_parquet(tmp_path / "log.parquet").cells.index.tolist() == [2, 4, 6]
    assert from_parquet.events["line"].tolist() == [2, 4, 6]
    assert from_parquet.rejects.empty and from_csv.rejects.empty
    pd.testing.assert_frame_equal(
        from_parquet.quality.drop(columns="file"), from_csv.quality.drop(columns="file")
    )
    pd.testing.assert_frame_equal(
        from_parquet.events.drop(columns="file"), from_csv.events.drop(columns="file")
    )


def test_a_timestamp_at_midnight_keeps_its_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Midnight was written as a bare date, so the day's order changed (no FU005)."""
    frame = reply_then_follow_up()
    frame.to_parquet(tmp_path / "log.parquet", index=False)
    frame.to_csv(tmp_path / "log.csv", index=False)  # 2026-09-25 00:00:00
    from_csv = _check_output(capsys, tmp_path / "log.csv")
    assert "LOG:6: FU005" in from_csv[1]
    assert _check_output(capsys, tmp_path / "log.parquet") == from_csv
    log = load_log(tmp_path / "log.parquet", as_of=AS_OF)
    assert log.events["has_time"].all()


@pytest.mark.parametrize("kind", [pa.date32(), pa.date64()])
def test_a_date_column_is_dates_without_a_time(tmp_path: Path, kind: pa.DataType) -> None:
    days = [dt.date(2026, 9, 25), dt.date(2026, 9, 25)]
    pq.write_table(
        pa.table({"date": pa.array(days, kind), "company": ["Acme"] * 2,
                  "event": ["response", "follow_up"]}),
        tmp_path / "log.parquet",
    )  # fmt: skip
    assert read_parquet(tmp_path / "log.parquet").cells["date"].tolist() == ["2026-09-25"] * 2
    assert not load_log(tmp_path / "log.parquet", as_of=AS_OF).events["has_time"].any()


def _milliseconds(year: int, month: int, day: int) -> int:
    """Milliseconds since 1970 at midnight of a proleptic Gregorian day, any year from 2026."""
    cycles, year_in_cycle = divmod(year - 2026, 400)  # 400 years are 146,097 days
    days = (dt.date(2026 + year_in_cycle, month, day) - dt.date(1970, 1, 1)).days
    return (days + cycles * 146_097) * 86_400_000


def test_dates_past_year_9999_are_rejected_not_wrapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Arrow's formatting wrapped them: year 67562 was read as 3 Sep 2026 and judged (FU005)."""
    stamps = [_milliseconds(2026, 9, 1), _milliseconds(67562, 9, 3), _milliseconds(50000, 1, 1)]
    pq.write_table(
        pa.table({
            "date": pa.array(stamps, pa.int64()).cast(pa.timestamp("ms")),
            "sent": pa.array(stamps, pa.int64()).cast(pa.timestamp("ms", tz="UTC")),
            "company": ["Acme", "Acme", "Beta"],
            "event": ["applied", "follow_up", "applied"],
        }),
        tmp_path / "far.parquet",
    )  # fmt: skip
    cells = read_parquet(tmp_path / "far.parquet").cells
    assert cells["date"].tolist() == [
        "2026-09-01T00:00:00", "67562-09-03T00:00:00", "50000-01-01T00:00:00"
    ]  # fmt: skip
    assert cells["sent"].tolist()[1] == "67562-09-03T00:00:00+0000"
    _, out, _ = _check_output(capsys, tmp_path / "far.parquet")
    assert "FU005" not in out
    assert (
        "LOG:3: DQ001 [warning] Acme: the date '67562-09-03T00:00:00' is outside 1970-2100" in out
    )
    assert "LOG:4: DQ001 [warning] Beta: the date '50000-01-01T00:00:00' is outside" in out
    (tmp_path / "far.csv").write_text(
        "date,company,event\n" + "".join(f"{d},{c},{e}\n" for d, c, e in
                                         cells[["date", "company", "event"]].to_numpy())
    )  # fmt: skip
    assert _check_output(capsys, tmp_path / "far.csv")[1] == out


def test_date32_values_out_of_range_are_quoted_as_dates(tmp_path: Path) -> None:
    """The largest date32 was quoted as '<value out of range: 2147483647>'."""
    first = (dt.date(2026, 9, 1) - dt.date(1970, 1, 1)).days
    pq.write_table(
        pa.table({
            "date": pa.array([first, 2**31 - 1, -800_000, None], pa.int32()).cast(pa.date32()),
            "company": ["Acme", "Beta", "Gamma", "Delta"],
            "event": ["applied"] * 4,
        }),
        tmp_path / "days.parquet",
    )  # fmt: skip
    cells = read_parquet(tmp_path / "days.parquet").cells
    assert cells["date"].tolist() == ["2026-09-01", "5881580-07-11", "-0221-09-04", ""]
    rejects = load_log(tmp_path / "days.parquet", as_of=AS_OF).rejects
    assert rejects["line"].tolist() == [3, 4, 5]
    outside = rejects["reason"].str.contains("is outside 1970-2100")
    assert outside.tolist() == [True, True, False]  # line 5: the date is blank
