"""Rows that a stray pair of quotes joined into one cell are reported, not lost in silence.

A quote typed at the start of a cell opens a quoted cell that runs on to the
next quote ending a cell, lines later. The CSV is well-formed, so the rows
between become text inside one cell; the loader reports them (DQ004, naming
the lines) and leaves notes that merely run over lines alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_stats.cli import main
from followup_stats.config import Config
from followup_stats.engines import forked
from followup_stats.engines import pandas_engine as engine
from followup_stats.joined_rows import SLICED_RUNS, _line_ends, _rows_of
from followup_stats.load import load_log

AS_OF = "2026-10-30"
HEADER = "date,candidate,application_id,company,role,event,channel,notes"
ROWS = [
    "2026-08-01,Ann Lee,A1,Acme,Analyst,applied,portal,sent",  # line 2
    "2026-08-02,Ann Lee,A2,Globex,Analyst,applied,portal,cover letter",  # line 3
    "2026-08-03,Ann Lee,A3,Initech,Dev,applied,portal,quick apply",  # line 4
    "2026-08-04,Ann Lee,A4,Umbrella,Ops,applied,portal,",  # line 5
    "2026-08-05,Ann Lee,A5,Hooli,QA,applied,portal,referral",  # line 6
    "2026-08-06,Ann Lee,A6,Vandelay,Sales,applied,portal,",  # line 7
    "2026-08-07,Ann Lee,A7,Stark,Eng,applied,portal,done",  # line 8
]


def _write(tmp_path: Path, rows: list[str], name: str = "log.csv", newline: str = "\n") -> str:
    path = tmp_path / name
    path.write_bytes(newline.join([HEADER, *rows, ""]).encode())
    return str(path)


def _joined(path: str) -> pd.DataFrame:
    quality = load_log(path, as_of=AS_OF).quality
    return quality[quality["message"].str.contains("stray quote").to_numpy(dtype=bool)]


def test_a_stray_quote_in_the_notes_reports_the_rows_it_swallowed(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[1] = rows[1].replace(",cover letter", ',"cover letter')  # opens on line 3
    rows[5] = rows[5] + 'left"'  # the next quote that ends a cell: line 7
    path = _write(tmp_path, rows)
    loaded = load_log(path, as_of=AS_OF)
    joined = _joined(path)
    assert joined[["line", "code", "column", "rejected"]].values.tolist() == [
        [3, "DQ004", "notes", False]
    ]
    message = joined["message"].iloc[0]
    assert "the notes cell runs from line 3 to line 7" in message
    # Line 7 is whole inside the cell too: its closing quote ends the last column.
    assert "holds 4 lines that read as rows of their own (4, 5, 6, 7)" in message
    assert joined["value"].iloc[0] == "cover letter"
    # The joined record still loads as one event; the rows inside it do not.
    assert loaded.events["line"].tolist() == [2, 3, 8]


def test_a_stray_quote_that_gets_the_row_rejected_still_names_the_joined_rows(
    tmp_path: Path,
) -> None:
    rows = list(ROWS)
    rows[0] = rows[0].replace(",Acme,", ',"Acme,')  # the company opens on line 2
    rows[3] = rows[3].replace(",Ops,", ',Ops",')  # and closes on line 5
    path = _write(tmp_path, rows)
    quality = load_log(path, as_of=AS_OF).quality
    at_line_2 = quality[quality["line"].eq(2).to_numpy(dtype=bool)]
    assert sorted(at_line_2["code"]) == ["DQ002", "DQ004"]  # rejected, and why
    joined = at_line_2[at_line_2["code"].eq("DQ004").to_numpy(dtype=bool)]
    assert joined["column"].tolist() == ["company"]
    assert "holds 2 lines that read as rows of their own (3, 4)" in joined["message"].iloc[0]


def test_windows_line_ends_number_the_lines_the_same(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[1] = rows[1].replace(",cover letter", ',"cover letter')
    rows[5] = rows[5] + 'left"'
    path = _write(tmp_path, rows, newline="\r\n")
    message = _joined(path)["message"].iloc[0]
    assert "runs from line 3 to line 7" in message and "(4, 5, 6, 7)" in message


@pytest.mark.parametrize(
    "note",
    [
        # Notes that run over lines, even with commas and dates, are no joined rows.
        '"called back\nsaid they would write, next week"',
        '"timeline\n2026-08-10, 2026-08-12, 2026-08-15"',
        # As many commas as a row, but no event where the event column falls.
        '"list\na,b,c,d,e,f,g,h,i"',
    ],
)
def test_notes_over_several_lines_are_left_alone(tmp_path: Path, note: str) -> None:
    rows = list(ROWS)
    rows[2] = rows[2].replace(",quick apply", "," + note)
    path = _write(tmp_path, rows)
    assert _joined(path).empty
    assert len(load_log(path, as_of=AS_OF).events) == len(ROWS)


def test_a_table_cell_holding_line_ends_is_no_text_file(tmp_path: Path) -> None:
    # A DataFrame (as from a spreadsheet) may hold line ends in a cell: nothing joins there.
    frame = pd.DataFrame([row.split(",") for row in ROWS], columns=HEADER.split(","))
    frame.loc[1, "notes"] = "pasted\n2026-08-09,Ann Lee,A9,Acme,Analyst,applied,portal,x"
    quality = load_log(frame, as_of=AS_OF).quality
    assert not quality["message"].str.contains("stray quote").any()


@pytest.mark.skipif(not forked.can_fork(), reason="worker processes need fork")
def test_a_log_split_over_processes_reports_the_same(tmp_path: Path) -> None:
    rows = [
        row.replace("Ann Lee", "Bo Chen") if number % 2 else row for number, row in enumerate(ROWS)
    ]
    rows[1] = rows[1].replace(",cover letter", ',"cover letter')
    rows[5] = rows[5] + 'left"'
    path = _write(tmp_path, rows)
    alone = engine.check_log([path], Config(), AS_OF, jobs=1).diagnostics
    split = engine.check_log([path], Config(), AS_OF, jobs=2, rows_per_process=1).diagnostics
    pd.testing.assert_frame_equal(split, alone)
    assert alone["message"].str.contains("stray quote").sum() == 1


def _reference_line_ends(cell: str | None) -> int:
    return len(re.findall(r"\r\n|\r|\n", cell or ""))


def test_line_ends_are_counted_from_the_bytes() -> None:
    cells = ["", "a\nb", "a\r\nb\rc\n", None, "\r", "x\n\n", "é\r", "\nb", "a\r", "\n"]
    for kind in (pa.string(), pa.large_string()):
        array = pa.array(cells, kind)
        expected = [_reference_line_ends(cell) for cell in cells]
        assert expected == [0, 1, 3, 0, 1, 2, 1, 1, 1, 1]
        np.testing.assert_array_equal(_line_ends(pa.chunked_array([array])), expected)
        # A slice, and a column in several chunks, read the same bytes.
        np.testing.assert_array_equal(
            _line_ends(pa.chunked_array([array.slice(1, 4), array.slice(5)])),
            expected[1:5] + expected[5:],
        )


@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab\r\n", max_size=6)), max_size=12))
def test_line_ends_match_a_regular_expression(cells: list[str | None]) -> None:
    # A \r that ends one cell and a \n that starts the next are two line ends, not one.
    counted = _line_ends(pa.chunked_array([pa.array(cells, pa.string())]))
    np.testing.assert_array_equal(counted, [_reference_line_ends(cell) for cell in cells])


def test_rows_that_leave_off_their_last_cells_are_named_too(tmp_path: Path) -> None:
    rows = [
        '2026-08-01,Ann Lee,A1,"Acme,Analyst,applied,portal,sent',
        "2026-08-02,Ann Lee,A2,Globex,Analyst,applied",
        "2026-08-03,Ann Lee,A3,Initech,Dev,applied",
        '2026-08-04,Ann Lee,A4,Umbrella,Ops",applied,portal,',
    ]
    message = _joined(_write(tmp_path, rows))["message"].iloc[0]
    assert "holds 2 lines that read as rows of their own (3, 4)" in message


def test_one_joined_line_reads_in_the_singular(tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[1] = rows[1].replace(",cover letter", ',"cover letter')
    rows[3] = rows[3].replace(",Ops,", ',Ops",')  # closes mid-row on line 5
    message = _joined(_write(tmp_path, rows))["message"].iloc[0]
    assert message.startswith("the notes cell runs from line 3 to line 5 ")
    assert "holds a line that reads as a row of its own (4)" in message
    assert "that row was not loaded" in message


def test_an_unnamed_column_is_named_as_the_loader_names_it(tmp_path: Path) -> None:
    path = tmp_path / "unnamed.csv"
    path.write_text(
        HEADER
        + ",,\n"
        + '2026-08-01,Ann Lee,A1,Acme,Analyst,applied,portal,sent,"a,b\n'
        + "2026-08-02,Ann Lee,A2,Globex,Analyst,applied,portal,x,,\n"
        + '2026-08-03,Ann Lee,A3,Ini,Dev,applied,portal,y,z",w\n'
    )
    joined = _joined(str(path))
    assert joined["column"].tolist() == ["column_9"]
    assert joined["message"].iloc[0].startswith("the column_9 cell runs from line 2 to line 4")


def test_a_lone_carriage_return_before_a_cell_starting_a_line(tmp_path: Path) -> None:
    rows = [
        '2026-08-01,Ann Lee,A1,"Acme\r' + ROWS[1] + "\r" + ROWS[2] + '\r",Analyst,applied,portal,s',
        '2026-08-05,Ann Lee,A5,"\nHooli",QA,applied,portal,referral',
        ROWS[6],
    ]
    path = _write(tmp_path, rows, newline="\r")
    message = _joined(path)["message"].iloc[0]
    assert message.startswith("the company cell runs from line 2 to line 5 ")
    assert "(3, 4)" in message


def test_many_joined_cells_are_reported_one_by_one(tmp_path: Path) -> None:
    pasted = '"pasted\n2026-07-01,Bo Chen,B1,Initech,Dev,applied,portal,x"'
    rows = [f"2026-08-01,Ann Lee,A{n},Acme,Analyst,applied,portal,{pasted}" for n in range(300)]
    joined = _joined(_write(tmp_path, rows))
    assert len(joined) == 300
    assert joined["line"].tolist() == list(range(2, 602, 2))
    assert set(joined["value"]) == {"pasted"}
    assert joined["message"].str.contains(r"\(\d+\)").all()


def test_the_text_report_cuts_a_joined_company_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(ROWS)
    rows[0] = rows[0].replace(",Acme,", ',"Acme,')
    rows[3] = rows[3].replace(",Ops,", ',Ops",')
    path = _write(tmp_path, rows)
    assert main(["check", path, "--as-of", AS_OF]) == 0
    lines = capsys.readouterr().out.splitlines()
    joined = [line for line in lines if "stray quote" in line]
    assert len(joined) == 1
    company = joined[0].split("] ", 1)[1].split(": the company cell", 1)[0]
    assert company == "Acme,Analyst,applied,portal,sent\\x0a2026-08-02,Ann Lee,A2..."
    assert len(company) == 60
    # JSON keeps the whole cell.
    assert main(["check", path, "--as-of", AS_OF, "--format", "json"]) == 0
    assert "Umbrella" in capsys.readouterr().out


@given(
    st.lists(st.sampled_from(["a", None, "b\nc", ""]), min_size=1, max_size=12),
    st.data(),
)
def test_the_cells_of_spanning_records_are_picked_across_chunks(
    chunk: list[str | None], data: st.DataObject
) -> None:
    """Few runs are sliced, many taken: either way the cells at the rows asked for."""
    text = pa.chunked_array([chunk, chunk[::-1], chunk], type=pa.large_string())
    rows = np.array(
        sorted(data.draw(st.sets(st.integers(0, len(text) - 1), min_size=1))), dtype=np.intp
    )
    picked = _rows_of(text, rows)
    assert picked.to_pylist() == text.take(pa.array(rows)).to_pylist()
    assert picked.type == text.type


def test_many_scattered_rows_are_taken() -> None:
    text = pa.chunked_array([[str(n) for n in range(200)]])
    rows = np.arange(0, 200, 3)  # more runs than SLICED_RUNS
    assert len(rows) > SLICED_RUNS
    assert _rows_of(text, rows).to_pylist() == [str(n) for n in rows]
