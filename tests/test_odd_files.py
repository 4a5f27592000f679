"""Odd inputs: devices, sockets and pipes given as logs; Parquet values; very wide logs."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from followup_stats import stats
from followup_stats.cli import main
from followup_stats.errors import LogFormatError
from followup_stats.load import LoadedLog, load_log
from followup_stats.logio import UNDECODABLE, read_log_file, read_parquet

AS_OF = "2026-02-01"
LOG = (
    "date,company,event,timeline_days\n"
    "2026-01-05,Acme,applied,\n"
    "2026-01-09,Acme,interview,7\n"
    "2026-01-10,Acme,thank_you,\n"
)
CLI = Path(sys.executable).with_name("followup-stats")


def _one_line(code: int, err: str) -> str:
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return err


# -- devices, sockets, pipes ---------------------------------------------------------------------


def test_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    """It used to be read for ever; in a child, so that a regression fails instead of hanging."""
    if not CLI.exists() or not os.path.exists("/dev/zero"):
        pytest.skip("needs the followup-stats script and /dev/zero")
    done = subprocess.run(
        [str(CLI), "check", "/dev/zero"], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    err = _one_line(done.returncode, done.stderr)
    assert "/dev/zero: this is a device, not a log file" in err


def test_dev_null_is_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(LogFormatError, match="this is a device, not a log file"):
        load_log("/dev/null", as_of=AS_OF)
    err = _one_line(main(["check", "/dev/null"]), capsys.readouterr().err)
    assert err.startswith("followup-stats: error: /dev/null: this is a device")


def test_a_link_to_a_device_is_a_device(tmp_path: Path) -> None:
    link = tmp_path / "log.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(LogFormatError, match="this is a device, not a log file"):
        load_log(link, as_of=AS_OF)


def test_a_block_device_is_refused_without_reading() -> None:
    candidates = ["/dev/loop0", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/xvda"]
    found = [d for d in candidates if os.path.exists(d) and stat.S_ISBLK(os.stat(d).st_mode)]
    if not found:
        pytest.skip("no block device here")
    with pytest.raises(LogFormatError, match="this is a device, not a log file"):
        load_log(found[0], as_of=AS_OF)


def test_a_socket_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative name: socket paths are short
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listening:
        listening.bind("log.csv")
        with pytest.raises(LogFormatError, match="this is a socket, not a log file"):
            load_log("log.csv", as_of=AS_OF)
        _one_line(main(["check", "log.csv"]), capsys.readouterr().err)


def _parquet_log(path: Path) -> Path:
    """:data:`LOG` as a Parquet file of text columns."""
    header, *rows = LOG.splitlines()
    pd.DataFrame([row.split(",") for row in rows], columns=header.split(",")).to_parquet(path)
    return path


def _through_fifo(data: bytes, tmp_path: Path) -> LoadedLog:
    """``load_log`` of a named pipe fed ``data``; fails (not hangs) if the pipe is opened twice."""
    pipe = tmp_path / "piped.log"
    os.mkfifo(pipe)
    found: list[LoadedLog] = []
    failed: list[BaseException] = []

    def load() -> None:
        try:
            found.append(load_log(pipe, as_of=AS_OF))
        except BaseException as exc:  # handed to the test below
            failed.append(exc)

    reader = threading.Thread(target=load)
    reader.start()
    with open(pipe, "wb") as sink:
        sink.write(data)
    reader.join(timeout=60)
    if reader.is_alive():  # waiting on a second open: give it an empty pipe and fail
        with open(pipe, "wb"):
            pass
        reader.join()
        pytest.fail("the pipe was opened a second time")
    if failed:
        raise failed[0]
    return found[0]


def _same_events(found: LoadedLog, expected: LoadedLog) -> None:
    pd.testing.assert_frame_equal(
        found.events.drop(columns=["file", "candidate"]),
        expected.events.drop(columns=["file", "candidate"]),
    )


def test_a_csv_log_through_a_named_pipe(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text(LOG)
    _same_events(_through_fifo(LOG.encode(), tmp_path), load_log(plain, as_of=AS_OF))


def test_a_parquet_log_through_a_named_pipe(tmp_path: Path) -> None:
    """The pipe was read to find the Parquet magic, then opened again for pyarrow."""
    parquet = _parquet_log(tmp_path / "log.parquet")
    _same_events(_through_fifo(parquet.read_bytes(), tmp_path), load_log(parquet, as_of=AS_OF))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_process_substitution_still_works(tmp_path: Path, suffix: str) -> None:
    bash = shutil.which("bash")
    if bash is None or not CLI.exists():
        pytest.skip("needs bash and the followup-stats script")
    log = tmp_path / f"log{suffix}"
    if suffix == ".csv":
        log.write_text(LOG)
    else:
        _parquet_log(log)
    command = f'"{CLI}" check <(cat "{log}") --as-of {AS_OF}'
    piped = subprocess.run([bash, "-c", command], capture_output=True, text=True, timeout=120)
    plain = subprocess.run(
        [str(CLI), "check", str(log), "--as-of", AS_OF], capture_output=True, text=True, timeout=120
    )
    assert piped.stderr == plain.stderr == ""
    assert piped.returncode == plain.returncode
    assert re.sub(r"/dev/fd/\d+", "LOG", piped.stdout) == plain.stdout.replace(str(log), "LOG")
    assert "LOG:" in plain.stdout.replace(str(log), "LOG")


# -- Parquet values ------------------------------------------------------------------------------


def _write(tmp_path: Path, columns: dict[str, pa.Array]) -> Path:
    path = tmp_path / "typed.parquet"
    pq.write_table(pa.table(columns), path)
    return path


def test_floats_are_written_as_the_number(tmp_path: Path) -> None:
    values = [3.0, 1e300, 2.5, float("nan"), None, -0.0, 1e16, 0.1, float("inf"), 1.5e-7]
    path = _write(
        tmp_path,
        {
            "double": pa.array(values, pa.float64()),
            "single": pa.array(values, pa.float32()),
            "half": pa.array(
                np.array([1.5, 3.0, -0.0, np.nan, 0.1, 65504, 1e-7, 2.0, 0.5, 0.1], np.float16)
            ),
            "row": pa.array([str(i) for i in range(len(values))]),  # no row is all blank
        },
    )
    cells = read_parquet(path).cells
    assert list(cells["double"]) == [
        "3",
        "1e+300",
        "2.5",
        "",
        "",
        "0",
        "1e+16",
        "0.1",
        "inf",
        "1.5e-7",
    ]
    assert list(cells["single"])[:3] == ["3", "inf", "2.5"]  # 1e300 is inf in 32 bits
    assert list(cells["single"])[7] == "0.1"  # not 0.10000000149011612
    # Half precision as its own shortest text: 0.1, not float32's 0.099975586.
    assert list(cells["half"]) == ["1.5", "3", "0", "", "0.1", "65504", "1e-7", "2", "0.5", "0.1"]


def test_whole_floats_are_written_as_integers(tmp_path: Path) -> None:
    # Arrow writes 12345678901.0 as "1.2345678901e+10": an id would no longer match its CSV twin.
    values = [12345678901.0, 3.0, 2.5, 1e300, -0.0, 2.0**53 + 2, -14155550100.0, None, 0.1]
    singles = [12345678901.0, 3.0, 16777215.0, -0.0, None] + [1.0] * 4
    path = _write(
        tmp_path,
        {
            "double": pa.array(values, pa.float64()),
            "single": pa.array(singles, pa.float32()),
        },
    )
    cells = read_parquet(path).cells
    assert list(cells["double"]) == [
        "12345678901",
        "3",
        "2.5",
        "1e+300",
        "0",
        "9.007199254740994e+15",  # 2**53 and beyond: not every whole number is exact
        "-14155550100",
        "",
        "0.1",
    ]
    # 32 bits hold whole numbers exactly to 2**24 only: no digits invented beyond.
    assert list(cells["single"])[:5] == ["1.2345679e+10", "3", "16777215", "0", ""]


def test_an_id_in_parquet_matches_the_same_id_in_csv(tmp_path: Path) -> None:
    csv = tmp_path / "log.csv"
    csv.write_text("application_id\n12345678901\n", encoding="utf-8")
    path = _write(tmp_path, {"application_id": pa.array([12345678901.0])})
    from_csv = read_log_file(csv).cells["application_id"]
    from_parquet = read_log_file(path).cells["application_id"]
    assert list(from_parquet) == list(from_csv) == ["12345678901"]


def test_a_huge_float_is_quoted_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        {
            "date": pa.array(["2026-01-05", "2026-01-06"]),
            "company": pa.array(["Acme", "Acme"]),
            "event": pa.array(["applied", "interview"]),
            "timeline_days": pa.array([None, 1e300]),
        },
    )
    quality = load_log(path, as_of=AS_OF).quality
    messages = list(quality.loc[quality["code"] == "DQ004", "message"])
    assert any("got '1e+300'" in m for m in messages), messages
    main(["check", str(path), "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert "got '1e+300'" in out and "-9223372036854775808" not in out


def test_binary_columns_are_decoded(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "date": pa.array(["2026-01-05", "2026-01-06", "2026-01-07"]),
            "company": pa.array([b"Acme", b"\xffBeta", None], pa.binary()),
            "event": pa.array([b"applied", b"applied", b"networking"], pa.large_binary()),
            "role": pa.array([b"QA", b"PM", b"  "], pa.binary(2)),
        },
    )
    raw = read_parquet(path)
    assert list(raw.cells["company"]) == ["Acme", "\ufffdBeta", ""]
    assert list(raw.cells["event"]) == ["applied", "applied", "networking"]
    assert list(raw.cells["role"]) == ["QA", "PM", "  "]
    assert raw.repairs == ((3, f"company: {UNDECODABLE}"),)
    log = load_log(path, as_of=AS_OF)
    assert len(log.events) == 3 and log.rejects.empty
    assert "b'" not in "".join(log.events["company"].dropna())
    damaged = log.quality[log.quality["code"] == "DQ004"]
    assert list(damaged["line"]) == [3]
    assert list(damaged["message"]) == [f"company: {UNDECODABLE}"]


def test_a_text_column_holding_bytes_that_are_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Parquet string column is not checked when read; it used to end in an internal error."""
    company = pa.array([b"Acme", b"Be\xfft"]).cast(pa.string(), safe=False)
    path = _write(
        tmp_path,
        {"date": pa.array(["2026-01-05", "2026-01-06"]), "company": company,
         "event": pa.array(["applied", "applied"])},
    )  # fmt: skip
    raw = read_parquet(path)
    assert list(raw.cells["company"]) == ["Acme", "Be\ufffdt"]
    assert raw.repairs == ((3, f"company: {UNDECODABLE}"),)
    assert main(["check", str(path), "--as-of", AS_OF]) in (0, 1)
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert f"company: {UNDECODABLE}" in captured.out


def test_booleans_and_timestamps_read_as_a_log_spells_them(tmp_path: Path) -> None:
    eastern = dt.timezone(dt.timedelta(hours=-5))
    path = _write(
        tmp_path,
        {
            "date": pa.array(
                [dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 6, 10, 30), dt.datetime(2026, 1, 8)],
                pa.timestamp("us"),
            ),
            "company": pa.array(["Acme"] * 3),
            "event": pa.array(["applied", "interview", "thank_you"]),
            "asked_permission": pa.array([None, True, None]),
            "asked_next_steps": pa.array([None, False, None]),
            "sent": pa.array(
                [dt.datetime(2026, 1, 5, 23, 30, tzinfo=eastern), None, None],
                pa.timestamp("s", tz="UTC"),
            ),
        },
    )
    cells = read_parquet(path).cells
    # A timestamp holds a time, midnight included.
    assert list(cells["date"]) == [
        "2026-01-05T00:00:00",
        "2026-01-06T10:30:00",
        "2026-01-08T00:00:00",
    ]
    assert list(cells["asked_permission"]) == ["", "yes", ""]
    assert list(cells["asked_next_steps"]) == ["", "no", ""]
    assert list(cells["sent"]) == ["2026-01-06T04:30:00+0000", "", ""]
    log = load_log(path, as_of=AS_OF)
    assert not log.quality["code"].isin(["DQ001", "DQ004"]).any()
    interview = log.events[log.events["event"] == "interview"].iloc[0]
    assert bool(interview["asked_permission"]) is True
    assert bool(interview["asked_next_steps"]) is False


# -- wide logs -----------------------------------------------------------------------------------


def test_many_extra_columns_are_kept_in_order() -> None:
    """The attributes were added to the applications table one by one (quadratic in columns)."""
    width = 1500
    first = {"date": "2026-01-05", "company": "Acme", "event": "applied", "role": ""}
    second = {"date": "2026-01-07", "company": "Acme", "event": "response", "role": "QA"}
    for i in range(width):
        first[f"c{i}"] = f"v{i}" if i % 2 else ""
        second[f"c{i}"] = f"w{i}"
    table = stats.applications_table(pd.DataFrame([first, second]), as_of=AS_OF)
    attributes = [c for c in table.columns if c.startswith("c") and c[1:].isdigit()]
    assert attributes == [f"c{i}" for i in range(width)]
    row = table.iloc[0]
    assert row["role"] == "QA"  # the first value that is not missing
    assert [row[f"c{i}"] for i in range(4)] == ["w0", "v1", "w2", "v3"]
    assert row["first_event"] == "applied" and row["status"] == "open"
