"""A spreadsheet's totals row (``Total | 4 | | 12``): one row not loaded, said as such.

In a canonical log, a tracker read directly and a tracker imported, the row
is reported once, never read as an event, and no count in it is taken for a
company, a date or a "yes".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli, parse
from followup_stats.load import load_log

AS_OF = "2026-11-01"

LOG = (
    "date,company,role,event\n"
    "2026-10-01,Hooli,Analyst,applied\n"
    "2026-10-02,Initech,Engineer,applied\n"
    "Total,4,,12\n"
)
TRACKER = (
    "Company,Position,Date Applied,Interview Date,Thank You Sent,Follow Up 1,Follow Up 2\n"
    "Hooli,Data Analyst,2026-10-01,2026-10-08,2026-10-08,2026-10-16,2026-10-20\n"
    "Initech,QA Engineer,2026-10-05,,,2026-10-14,\n"
    "Total,,5,2,1,2,2\n"
)
TOTALS_SAID = "a totals row (Total), not an event; row not loaded"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines_of(out: str, where: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(where)]


def test_a_totals_row_of_a_log_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    assert lines_of(out, f"{path}:4:") == [f"{path}:4: DQ002 [warning] {TOTALS_SAID}"]
    assert "1 row not loaded" in out
    quality = load_log(path, as_of=AS_OF).quality
    row = quality.set_index("line").loc[4]
    assert (row["code"], row["value"], row["rejected"]) == ("DQ002", "Total", True)
    assert pd.isna(row["company"])  # the count 4 is no company


def test_a_totals_row_of_a_workbook_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    rows = [
        ["date", "company", "role", "event"],
        ["2026-10-01", "Hooli", "Analyst", "applied"],
        ["Grand total", 1, None, 1],  # numbers, as a spreadsheet's sums are
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "log.xlsx"
    book.save(path)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    found = [line for line in out.splitlines() if ":3: " in line]
    assert found == [
        f"{path}[Sheet]:3: DQ002 [warning] a totals row (Grand total), not an event; row not loaded"
    ]


def test_a_totals_row_of_a_tracker_is_one_row_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    # Not four unreadable dates, nor its 1 under Thank You Sent taken for a "yes" (DQ004).
    assert lines_of(out, f"{path}:4:") == [f"{path}:4: DQ002 [warning] {TOTALS_SAID}"]
    assert "1 row not loaded" in out
    log = load_log(path, as_of=AS_OF)
    assert sorted(log.events["company"].astype(str).unique()) == ["Hooli", "Initech"]


def test_an_imported_tracker_leaves_its_totals_row_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    out_path = tmp_path / "log.csv"
    code, _, err = run(capsys, "import", path, "--out", out_path)
    assert code == 0
    written = pd.read_csv(out_path, dtype=str)
    assert "Total" not in set(written["company"])
    assert "rows not imported: row 4: a totals row (Total), not an application" in err
    assert "to correct" not in err and "yes/no" not in err


def test_only_a_total_word_then_numbers_make_a_totals_row() -> None:
    cells = pd.DataFrame(
        {
            "a": ["Total", "TOTALS:", "", "Total", "Total", "Sum", "Subtotals", "Total"],
            "b": ["4", "1,250", "sum", "Engineer", "2026-10-01", "", "3", "20261002"],
            "c": ["", "40%", "12", "", "", "", "", ""],
        },
        dtype="string",
    )
    said = parse.totals_rows(cells)
    # A company called Total with a role or a date is an application, not a totals row:
    # a date in ISO's basic form too (eight digits), which is no count.
    assert said.tolist() == ["Total", "TOTALS:", "sum", pd.NA, pd.NA, "Sum", pd.NA, pd.NA]


def test_a_company_called_total_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER.replace("Total,,5,2,1,2,2", "Total,Analyst,2026-10-03,,,,"))
    log = load_log(path, as_of=AS_OF)
    assert "Total" in set(log.events["company"].astype(str))
    assert log.quality.empty
