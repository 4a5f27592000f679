"""The header row again (two exports pasted one after the other): one row not loaded.

In a canonical log, a workbook, a tracker read directly and a tracker imported,
the row is reported once, never read as an event, and none of its cells is
taken for a candidate, a company or a date.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli, parse
from followup_stats.load import load_log

AS_OF = "2026-11-01"

NAMED_LOG = (
    "candidate,date,company,role,event\n"
    "Ann,2026-10-01,Hooli,Analyst,applied\n"
    "candidate,date,company,role,event\n"
    "Bob,2026-10-02,Initech,Engineer,applied\n"
)
TRACKER = (
    "Company,Position,Date Applied,Interview Date,Thank You Sent,Follow Up 1,Follow Up 2\n"
    "Hooli,Data Analyst,2026-10-01,2026-10-08,2026-10-08,2026-10-16,2026-10-20\n"
    "Company,Position,Date Applied,Interview Date,Thank You Sent,Follow Up 1,Follow Up 2\n"
    "Initech,QA Engineer,2026-10-05,,,2026-10-14,\n"
)
HEADER_SAID = "a repeated header row, not an event; row not loaded"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines_of(out: str, where: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(where)]


def test_a_repeated_header_row_names_no_candidate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(NAMED_LOG)
    code, out, err = run(capsys, "check", path, "--as-of", AS_OF, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    # Filed under no candidate, as a totals row is: not under a candidate "candidate", nor
    # under the file's name, "log", which is no client of this file.
    assert [(f["line"], f["candidate"], f["code"], f["message"]) for f in found] == [
        (3, None, "DQ002", HEADER_SAID)
    ]
    log = load_log(path, as_of=AS_OF)
    assert "candidate" not in set(log.events["candidate"].cat.categories)
    row = log.quality.set_index("line").loc[3]
    assert pd.isna(row["company"]) and bool(row["rejected"])
    code, _, err = run(capsys, "todo", path, "--as-of", AS_OF, "--candidate", "candidate")
    assert code == 2 and "--candidate 'candidate': not in the log (candidates: Ann, Bob)" in err
    code, out, err = run(capsys, "stats", path, "--as-of", AS_OF, "--by", "candidate")
    assert code == 0, err
    groups = {line.split()[0] for line in out.splitlines() if line.startswith("  ")}
    assert "candidate" not in groups and {"Ann", "Bob"} <= groups


def test_a_repeated_header_row_is_no_candidate_shared_by_two_clients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two clients' logs, each judged by its own settings, each with its header pasted twice:
    # no "candidate 'candidate' has logs under two configuration files".
    logs = []
    for client in ("Ann", "Bob"):
        folder = tmp_path / client
        folder.mkdir()
        (folder / "followup-stats.toml").write_text('ignore = ["FU012"]\n')
        log = folder / "log.csv"
        log.write_text(NAMED_LOG.replace("Ann,", f"{client},").replace("Bob,", f"{client},"))
        logs.append(log)
    code, out, err = run(capsys, "check", *logs, "--as-of", AS_OF)
    assert code == 0, err
    for log in logs:
        assert lines_of(out, f"{log}:3:") == [f"{log}:3: DQ002 [warning] {HEADER_SAID}"]


@pytest.mark.parametrize(
    "again",
    [
        " Date ,COMPANY,role,Event",  # case and spaces do not count
        "date,company,,event",  # a blank cell is no other value
        "date,company,role,",
    ],
)
def test_a_header_row_again_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], again: str
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event\n2026-10-01,Hooli,Analyst,applied\n"
        f"{again}\n2026-10-02,Initech,QA,applied\n"
    )
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    # Not a blank event (DQ002 'the event is blank') nor an unreadable date (DQ001).
    assert lines_of(out, f"{path}:3:") == [f"{path}:3: DQ002 [warning] {HEADER_SAID}"]
    assert "1 row not loaded" in out


def test_a_header_row_again_in_a_workbook_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    header = ["Candidate", "Date", "Company", "Role", "Event"]
    rows = [
        header,
        ["Ann", "2026-10-01", "Hooli", "Analyst", "applied"],
        header,
        ["Ann", "2026-10-02", "Initech", "QA", "applied"],
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "log.xlsx"
    book.save(path)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF, "--format", "json")
    found = json.loads(out)
    assert [(f["line"], f["candidate"], f["message"]) for f in found] == [(3, None, HEADER_SAID)]


def test_a_header_row_again_in_a_tracker_is_one_row_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    # Not five unreadable dates, one per step column (DQ001).
    assert lines_of(out, f"{path}:3:") == [f"{path}:3: DQ002 [warning] {HEADER_SAID}"]
    assert "1 row not loaded" in out
    log = load_log(path, as_of=AS_OF)
    assert sorted(log.events["company"].astype(str).unique()) == ["Hooli", "Initech"]


def test_an_imported_tracker_leaves_its_header_row_again_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    out_path = tmp_path / "log.csv"
    code, _, err = run(capsys, "import", path, "--out", out_path)
    assert code == 0
    written = pd.read_csv(out_path, dtype=str)
    assert "Company" not in set(written["company"])
    assert "rows not imported: row 3: a repeated header row, not an application" in err
    assert "to correct" not in err


LINKEDIN = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\n"
    '"11/3/24, 4:40 PM",me@example.com,+1 555 0100,Hooli,Data Analyst,'
    "https://www.linkedin.com/jobs/view/1,cv_2024_v2.pdf,\n"
)


def test_a_header_row_again_in_a_linkedin_export_is_one_row_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, row = LINKEDIN.splitlines()
    path = tmp_path / "Job Applications.csv"
    path.write_text(f"{header}\n{row}\n{header}\n{row.replace('Hooli', 'Initech')}\n")
    _, out, _ = run(capsys, "check", path, "--as-of", "2024-12-01")
    # Not "cannot read 'Application Date' as a date" under a company 'Company Name'.
    assert lines_of(out, f"{path}:3:") == [f"{path}:3: DQ002 [warning] {HEADER_SAID}"]


def test_only_a_row_of_header_cells_and_blanks_repeats_the_header() -> None:
    header = ["date", "Company", "role", "event"]
    cells = pd.DataFrame(
        {
            "date": ["DATE", "date", "", "date", "2026-10-01", "date", ""],
            "Company": [" company", "Company", "", "Acme", "company", "", "company"],
            "role": ["Role", "", "", "role", "role", "", ""],
            "event": ["event", "event", "event", "event", "event", "", ""],
        },
        dtype="string",
    )
    # Two header cells at least, and no other value: "event" alone under event is an unknown
    # event, and a row with a company or a date is a row of the log.
    assert parse.header_rows(cells, header).tolist() == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
