"""Spreadsheets, wide trackers, LinkedIn, Huntr and Teal exports, and ``followup-stats import``.

Every file is made here the way its program makes it: workbooks with
openpyxl (real dates, serial numbers, merged cells, title rows, blank rows)
and pandas' ODF writer, exports as the CSV text the services write.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli
from followup_stats.errors import LogFormatError
from followup_stats.importers import (
    MappingError,
    convert,
    import_files,
    load_mapping,
    read_spreadsheet,
    recognise,
)
from followup_stats.importers.base import date_cells, excel_serials, unjudged
from followup_stats.load import load_log
from followup_stats.read import read_raw
from followup_stats.stats import applications_table

AS_OF = "2026-11-01"
CANONICAL = ["date", "company", "role", "event", "channel", "timeline_days"]
WIDE_HEADER = [
    "Company",
    "Position",
    "Date Applied",
    "Interview Date",
    "Thank You Sent",
    "Follow Up 1",
    "Follow Up 2",
    "Response Date",
    "Status",
]
LINKEDIN = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\n"
    '"11/3/24, 4:40 PM",me@example.com,+1 555 0100,Hooli,Data Analyst,'
    "https://www.linkedin.com/jobs/view/1,cv_2024_v2.pdf,\n"
    '"11/12/24, 9:05 AM",me@example.com,+1 555 0100,Initech,QA Engineer,'
    'https://www.linkedin.com/jobs/view/2,cv_2024_v3.pdf,"Years of Python? 5"\n'
)
HUNTR = (
    "id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,"
    "lastMovedAt,boardId,boardName,listId,listName,companyId,companyName,companyDomain,"
    "creatorUserId,creatorUserFirstName,creatorUserLastName,creatorUserEmail\n"
    "a1,2026-09-26 19:17:05,Data Engineer,-,-,-,-,-,-,-,-,b1,Job Search,l1,Wishlist,c1,"
    "Samsung,samsung.com,u1,Kim,Lee,kim@example.com\n"
    "a2,2026-09-26 19:21:26,Analyst,-,Remote,https://jobs.example/2,-,-,-,-,"
    "2026-10-11 16:47:21,b1,Job Search,l2,rejected,c2,Yext,yext.com,u1,Kim,Lee,kim@example.com\n"
    "a3,2026-09-27 10:00:00,Engineer,-,-,-,-,-,-,-,2026-10-05 09:00:00,b1,Job Search,l3,"
    "Interview,c3,Box,box.com,u1,Kim,Lee,kim@example.com\n"
    "a4,2026-09-28 10:00:00,Engineer,-,-,-,-,-,-,-,-,b1,Job Search,l4,Applied,c4,Acme,"
    "acme.com,u1,Kim,Lee,kim@example.com\n"
)
TEAL = (
    "Job Position,Company,Min Salary,Max Salary,Location,Status,Date Posted,Date Saved,"
    "Application Deadline,Date Applied,Follow Up,Excitement\n"
    "Analyst,Acme,60000,70000,Remote,Applied,2026-09-01,2026-09-02,,2026-09-05,2026-09-15,3\n"
    "Product Manager,Beta,,,New York,Not Selected,,2026-09-02,,2026-09-06,,2\n"
    "Designer,Gamma,,,London,Bookmarked,,2026-09-03,,,,4\n"
)


# -- helpers --------------------------------------------------------------------------------------


def workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object] | None]]) -> Path:
    """An .xlsx with one sheet per entry; ``None`` rows are left blank."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row or (), start=1):
                if value is not None:
                    sheet.cell(number, column, value)
    book.save(path)
    return path


def canonical_rows() -> list[Sequence[object] | None]:
    """A small canonical log: real dates, a serial number, a text date, a bad row."""
    return [
        CANONICAL,
        [dt.datetime(2026, 10, 1), "Hooli", "Data Analyst", "applied", "portal", None],
        [dt.datetime(2026, 10, 8, 14, 30), "Hooli", "Data Analyst", "interview", "video", 14],
        [46303, "Hooli", "Data Analyst", "thank_you", "email", None],  # serial: 2026-10-08
        ["20 Oct 2026", "Hooli", "Data Analyst", "follow_up", "email", None],
        [dt.datetime(2026, 10, 21), "Hooli", "Data Analyst", "eaten", None, None],
    ]


def events_of(log: pd.DataFrame) -> list[tuple[str, str, str]]:
    return [
        (str(d.date()), str(c), str(e))
        for d, c, e in zip(log["day"], log["company"], log["event"], strict=True)
    ]


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``main``, checking that no input file changed."""

    def runner(*args: str | Path) -> Result:
        argv = [str(a) for a in args]
        outputs = {b for a, b in itertools.pairwise(argv) if a in ("--out", "--output", "--ics")}
        files = [Path(a) for a in argv if a not in outputs and Path(a).is_file()]
        before = {f: _digest(f) for f in files}
        code = cli.main(argv)
        captured = capsys.readouterr()
        for f, digest in before.items():
            assert _digest(f) == digest, f"{f} was modified by {argv}"
        return Result(code, captured.out, captured.err)

    return runner


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


# -- spreadsheets in the canonical format ---------------------------------------------------------


def test_xlsx_log_loads_like_its_csv(tmp_path: Path) -> None:
    xlsx = workbook(tmp_path / "log.xlsx", {"Sheet1": canonical_rows()})
    text = (
        "date,company,role,event,channel,timeline_days\n"
        "2026-10-01,Hooli,Data Analyst,applied,portal,\n"
        "2026-10-08T14:30,Hooli,Data Analyst,interview,video,14\n"
        "2026-10-08,Hooli,Data Analyst,thank_you,email,\n"
        "20 Oct 2026,Hooli,Data Analyst,follow_up,email,\n"
        "2026-10-21,Hooli,Data Analyst,eaten,,\n"
    )
    (tmp_path / "log.csv").write_text(text, encoding="utf-8")
    from_sheet = load_log(xlsx, as_of=AS_OF)
    from_csv = load_log(tmp_path / "log.csv", as_of=AS_OF)
    columns = ["line", "candidate", "event", "date", "channel", "timeline_days"]
    pd.testing.assert_frame_equal(from_sheet.events[columns], from_csv.events[columns])
    assert set(from_sheet.events["file"]) == {f"{xlsx}[Sheet1]"}
    rejects = from_sheet.rejects
    assert rejects[["file", "line", "code"]].values.tolist() == [[f"{xlsx}[Sheet1]", 6, "DQ002"]]
    assert not from_sheet.quality["code"].eq("DQ010").any()


def test_title_row_merged_cells_and_blank_rows_keep_sheet_row_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Log"
    sheet["A1"] = "Job search, autumn 2026"
    sheet.merge_cells("A1:F1")
    rows = canonical_rows()
    for offset, row in enumerate(rows[:3]):
        sheet.append(row) if offset else (sheet.append([]), sheet.append(row))
    sheet.append([])
    sheet.append([])
    for row in rows[3:]:
        sheet.append(row)
    # A company merged over two rows counts for both.
    sheet.append([dt.datetime(2026, 10, 22), "Initech", "QA", "applied"])
    sheet.append([dt.datetime(2026, 10, 23), None, "QA", "follow_up"])
    sheet.merge_cells("B11:B12")
    path = tmp_path / "log.xlsx"
    book.save(path)
    raw = read_raw(path)
    assert raw.header == CANONICAL and raw.header_line == 3
    assert raw.cells.index.tolist() == [4, 5, 8, 9, 10, 11, 12]
    log = load_log(path, as_of=AS_OF)
    assert log.rejects["line"].tolist() == [10]
    assert log.events["line"].tolist() == [4, 5, 8, 9, 11, 12]
    assert log.events["company"].tolist()[-2:] == ["Initech", "Initech"]


def test_serial_numbers_and_real_dates_become_iso_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        {
            "S": [
                ["date", "company", "event", "Follow-up date"],
                [46296, "Acme", "applied", 46306.75],
                [dt.date(2026, 10, 2), "Beta", "applied", None],
                [dt.datetime(2026, 10, 3, 9, 15), "Gamma", "applied", "soon"],
                [12, "Delta", "applied", None],  # a number, not a serial date
            ]
        },
    )
    cells = read_spreadsheet(path).cells
    assert cells["date"].tolist() == ["2026-10-01", "2026-10-02", "2026-10-03T09:15", "12"]
    assert cells["Follow-up date"].tolist() == ["2026-10-11T18:00", "", "soon", ""]
    log = load_log(path, as_of=AS_OF)
    assert log.rejects["code"].tolist() == ["DQ001"]


def test_excel_serials_in_text_cells() -> None:
    text = pd.Series(["46296", "46296.5", "12", "2026-10-01", "", "99999999"], dtype="string")
    assert excel_serials(text).tolist() == [
        "2026-10-01",
        "2026-10-01T12:00",
        "12",
        "2026-10-01",
        "",
        "99999999",
    ]


def test_sheets_are_chosen_by_name(tmp_path: Path) -> None:
    first: list[list[object]] = [
        ["date", "company", "event"],
        [dt.datetime(2026, 10, 1), "Acme", "applied"],
    ]
    second: list[list[object]] = [
        ["date", "company", "event"],
        [dt.datetime(2026, 10, 2), "Beta", "applied"],
    ]
    path = workbook(tmp_path / "log.xlsx", {"Alice": first, "Bob 2": second})
    assert load_log(path, as_of=AS_OF).events["company"].tolist() == ["Acme"]
    chosen = load_log(path, as_of=AS_OF, sheet="bob 2")
    assert chosen.events["company"].tolist() == ["Beta"]
    assert chosen.events["file"].tolist() == [f"{path}[Bob 2]"]
    assert chosen.events["candidate"].tolist() == ["log"]
    in_path = load_log(f"{path}[Bob 2]", as_of=AS_OF)
    assert in_path.events["company"].tolist() == ["Beta"]
    with pytest.raises(LogFormatError, match=r"no sheet named 'Carol'.*'Alice', 'Bob 2'"):
        load_log(path, as_of=AS_OF, sheet="Carol")
    csv_log = tmp_path / "plain.csv"
    csv_log.write_text("date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    with pytest.raises(LogFormatError, match="no log is a spreadsheet"):
        load_log(csv_log, as_of=AS_OF, sheet="Alice")
    both = load_log([csv_log, path], as_of=AS_OF, sheet="Bob 2")
    assert sorted(both.events["company"]) == ["Acme", "Beta"]


def test_ods_log_written_by_pandas(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "date": [dt.datetime(2026, 10, 1), None, dt.datetime(2026, 10, 9, 8, 0), 46303],
            "company": ["Hooli", None, "Hooli", "Hooli"],
            "event": ["applied", None, "follow_up", "bogus"],
            "timeline_days": [None, None, 10.0, None],
        }
    )
    path = tmp_path / "log.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Journal", index=False, startrow=2)
    raw = read_raw(path)
    assert raw.header_line == 3
    assert raw.cells.index.tolist() == [4, 6, 7]
    # pandas writes a date-time (a date-value with a T part): its time is kept, midnight too.
    dates = ["2026-10-01T00:00", "2026-10-09T08:00", "2026-10-08"]
    assert raw.cells["date"].tolist() == dates
    assert raw.cells["timeline_days"].tolist() == ["", "10", ""]
    log = load_log(path, as_of=AS_OF)
    assert log.events["line"].tolist() == [4, 6]
    assert log.rejects[["file", "line", "code"]].values.tolist() == [
        [f"{path}[Journal]", 7, "DQ002"]
    ]


def test_ods_grouped_header_written_by_pandas(tmp_path: Path) -> None:
    """pandas writes merged group cells (with a wrong span) and an index-name row."""
    columns = pd.MultiIndex.from_tuples(
        [
            ("Company", ""),
            ("Date Applied", ""),
            ("Follow Up", "1"),
            ("Follow Up", "2"),
            ("Status", ""),
        ]
    )
    frame = pd.DataFrame(
        [
            ["Acme", dt.datetime(2026, 10, 1), dt.datetime(2026, 10, 9), 46307, "Applied"],
            ["Beta", dt.datetime(2026, 10, 2), None, None, "Rejected"],
        ],
        columns=columns,
        index=pd.Index([1, 2], name="n"),
    )
    path = tmp_path / "tracker.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="T")
    raw = read_raw(path)
    assert raw.header == ["", "Company", "Date Applied", "Follow Up 1", "Follow Up 2", "Status"]
    log = load_log(path, as_of=AS_OF)
    assert log.events["line"].tolist() == [4, 4, 4, 5]
    assert log.events["date"].dt.strftime("%Y-%m-%d").tolist()[2] == "2026-10-12"
    assert log.rejects[["line", "code"]].values.tolist() == [[3, "DQ001"]]  # the index-name row


def test_damaged_or_empty_workbooks_are_one_line_errors(tmp_path: Path) -> None:
    fake = tmp_path / "log.xlsx"
    fake.write_text("date,company,event\n", encoding="utf-8")
    with pytest.raises(LogFormatError, match=r"not an \.xlsx, \.xlsm or \.ods workbook"):
        load_log(fake, as_of=AS_OF)
    empty = workbook(tmp_path / "empty.xlsx", {"Sheet1": []})
    with pytest.raises(LogFormatError, match=r"empty.xlsx\[Sheet1\]: the sheet is empty"):
        load_log(empty, as_of=AS_OF)
    with pytest.raises(LogFormatError, match="no such file"):
        load_log(tmp_path / "missing.xlsx", as_of=AS_OF)


# -- wide trackers --------------------------------------------------------------------------------


def wide_rows() -> list[Sequence[object] | None]:
    """A wide tracker; its dates are date cells (a date-time cell would keep its time)."""
    return [
        WIDE_HEADER,
        [
            "Hooli",
            "Data Analyst",
            dt.date(2026, 10, 1),
            dt.date(2026, 10, 8),
            dt.date(2026, 10, 8),
            dt.date(2026, 10, 18),
            None,
            dt.date(2026, 10, 25),
            "Offer",
        ],
        ["Initech", "QA Engineer", 46300, None, None, 46310, 46313, None, "applied"],
        None,
        ["Globex", "Analyst", "3 Oct 2026", "2026-10-12", "yes", None, None, None, "Rejected"],
        ["Umbrella", "Scientist", None, None, None, None, None, None, "Wishlist"],
        ["Stark", "Engineer", dt.date(2026, 10, 2), None, None, None, None, None, "Declined"],
    ]


def test_wide_tracker_rows_become_events(tmp_path: Path) -> None:
    path = workbook(tmp_path / "tracker.xlsx", {"Jobs": wide_rows()})
    raw = read_raw(path)
    assert recognise(raw.header) == "wide"
    conv = convert(raw, "tracker.xlsx[Jobs]")
    got = list(zip(conv.events.index, conv.events["event"], conv.events["date"], strict=True))
    assert got == [
        (2, "applied", "2026-10-01"),
        (2, "interview", "2026-10-08"),
        (2, "thank_you", "2026-10-08"),
        (2, "follow_up", "2026-10-18"),
        (2, "offer", "2026-10-25"),  # the response date dates the offer
        (3, "applied", "2026-10-05"),
        (3, "follow_up", "2026-10-15"),
        (3, "follow_up", "2026-10-18"),
        (5, "applied", "3 Oct 2026"),
        (5, "interview", "2026-10-12"),
        (7, "applied", "2026-10-02"),
    ]
    assert conv.skipped.index.tolist() == [6]
    problems = " ".join(conv.problems)
    assert "'Thank You Sent': 1 cell says yes/no" in problems
    assert "no date for the decision (row 5)" in problems
    assert "'Declined' (1)" in problems
    assert any("response date is the day of the decision" in a for a in conv.assumed)
    assert "thank_you" in conv.records
    assert conv.attributes == ("Status",)


def test_wide_headers_tolerate_case_spacing_and_punctuation() -> None:
    text = (
        "  COMPANY ,position,date-applied,Interview date,Thank-you sent?,Follow-up #1,"
        "FOLLOW UP #2,response date,status,Source\n"
        "Acme,Analyst,2026-10-01,2026-10-05,2026-10-05,2026-10-15,,2026-10-20,Rejected,referral\n"
    )
    from followup_stats.read import read_text_table

    raw = read_text_table(text, "t.csv")
    conv = convert(raw, "t.csv", "wide")
    assert conv.events["event"].tolist() == [
        "applied",
        "interview",
        "thank_you",
        "follow_up",
        "rejection",
    ]
    assert conv.events["Source"].unique().tolist() == ["referral"]


def test_two_row_header_under_merged_group_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026"
    sheet["A1"] = "Applications (keep up to date!)"
    sheet.merge_cells("A1:G1")
    for cell, value in {
        "A2": "Company",
        "B2": "Position",
        "C2": "Date Applied",
        "D2": "Follow Up",
        "F2": "Interview",
        "G2": "Status",
        "D3": "1",
        "E3": "2",
        "F3": "Date",
    }.items():
        sheet[cell] = value
    for merged in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "G2:G3"):
        sheet.merge_cells(merged)
    sheet.append(["Acme", "Analyst", 46296, 46306, 46309, None, "Applied"])
    sheet.append(["Beta", "Designer", 46297, None, None, 46303, "Interviewing"])
    path = tmp_path / "grouped.xlsx"
    book.save(path)
    raw = read_raw(path)
    assert raw.header == [
        "Company",
        "Position",
        "Date Applied",
        "Follow Up 1",
        "Follow Up 2",
        "Interview Date",
        "Status",
    ]
    assert raw.header_line == 2 and raw.cells.index.tolist() == [4, 5]
    log = load_log(path, as_of=AS_OF)
    assert log.rejects.empty
    assert log.events["line"].tolist() == [4, 4, 4, 5, 5]
    assert log.events["event"].astype(str).tolist() == [
        "applied",
        "follow_up",
        "follow_up",
        "applied",
        "interview",
    ]
    assert log.events["date"].dt.strftime("%Y-%m-%d").tolist()[:3] == [
        "2026-10-01",
        "2026-10-11",
        "2026-10-14",
    ]


def test_check_on_a_tracker_points_at_its_rows(tmp_path: Path, run: Callable[..., Result]) -> None:
    path = workbook(tmp_path / "tracker.xlsx", {"Jobs": wide_rows()})
    result = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert result.code == 1
    import json

    found = json.loads(result.out)
    places = {(d["file"], d["line"], d["code"]) for d in found}
    assert (f"{path}[Jobs]", 5, "FU001") in places  # Globex: the thank-you is "yes", no date
    assert (f"{path}[Jobs]", 6, "DQ001") in places  # Umbrella: a wishlist row without dates
    ignored = run("check", path, "--as-of", AS_OF, "--ignore", "FU001,FU002,FU011")
    assert ignored.code == 0


def test_check_on_a_tracker_names_what_gave_no_event(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # import reports these cells; check, todo and the reports read the tracker directly
    # and used to say nothing: "no thank-you" beside a "Yes", an open application the
    # status says was rejected.
    tracker = tmp_path / "jobs.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Interview Date,Thank You Sent,Status\n"
        "Hooli,Analyst,2026-09-01,2026-09-10,Yes,Interviewing\n"
        "Globex,Analyst,2026-09-08,,,Rejected\n"
        "Initech,QA,2026-09-03,,,Interviewing\n"
        "Umbrella,BI,2026-09-04,2026-09-11,No,Interviewing\n",
        encoding="utf-8",
    )
    result = run("check", tracker, "--as-of", "2026-09-20", "--select", "DQ")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:3] == [
        f"{tracker}:2: DQ004 [warning] Hooli: column 'Thank You Sent' says yes instead of a "
        "date, so this thank-you is not in the log and no rule counts it: write the day it "
        "happened",
        f"{tracker}:3: DQ004 [warning] Globex: the status says rejection but no column gives "
        "the day of the decision, so the decision is not in the log and the application "
        "looks open: add the day it was decided (a decision date column)",
        f"{tracker}:4: DQ004 [warning] Initech: the status says interview but no interview "
        "date is given, so the interview is not in the log: add its day",
    ]
    assert ":5:" not in result.out  # "No": no thank-you was sent, as the log says
    assert "Found 3 problems (0 errors, 3 warnings, 0 info)" in result.out


def test_mapping_file_for_another_layout(tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "Employer;Job;Sent;Screen;Onsite;Chased;Outcome;Decided on\n"
        "Acme;Analyst;01/10/2026;06/10/2026;12/10/2026;22/10/2026;Nope;25/10/2026\n"
        "Beta;Designer;02/10/2026;;;;Offer!;30/10/2026\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'date_format = "%d/%m/%Y"\n'
        "[columns]\n"
        'company = "Employer"\nrole = "Job"\napplied = "Sent"\n'
        'interview = ["Screen", "Onsite"]\nfollow_up = "Chased"\n'
        'status = "Outcome"\ndecision = "Decided on"\n'
        "[status]\n"
        'rejection = ["Nope"]\noffer = ["Offer!"]\n',
        encoding="utf-8",
    )
    result = import_files([sheet], mapping=mapping)
    log = result.log
    assert log["event"].tolist() == [
        "applied",
        "interview",
        "interview",
        "follow_up",
        "rejection",
        "applied",
        "offer",
    ]
    assert log["date"].tolist()[:2] == ["2026-10-01", "2026-10-06"]
    assert log["stage"].tolist()[1:3] == ["Screen", "Onsite"]
    assert log["imported_from"].tolist()[0] == f"{sheet}:2"
    loaded = load_log(pd.read_csv(io.StringIO(result.csv_text()), dtype=str), as_of=AS_OF)
    assert loaded.rejects.empty


@pytest.mark.parametrize(
    ("date_format", "rows", "said"),
    [
        (
            "%d/%m/%Y",
            ["Acme;01/10/2026;31/04/2026"],
            ["2: column 'Chased': '31/04/2026' is impossible under date_format '%d/%m/%Y'"],
        ),
        (
            "%d/%m/%Y",
            ["Acme;30/02/2026;", "Beta;2026-02-30;", "Cove;2026-10-01;3 Nov 2026"],
            [
                "2: column 'Sent': '30/02/2026' is impossible under date_format '%d/%m/%Y'",
                "3: column 'Sent': '2026-02-30' is not a date in date_format '%d/%m/%Y'",
            ],
        ),
        (
            "%Y-%m-%d",
            ["Acme;2026-02-30;", "Beta;2026-10-01;"],
            ["2: column 'Sent': '2026-02-30' is impossible under date_format '%Y-%m-%d'"],
        ),
    ],
)
def test_dates_impossible_under_the_mappings_format_are_named_not_ambiguous(
    tmp_path: Path, date_format: str, rows: list[str], said: list[str]
) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text("Employer;Sent;Chased\n" + "\n".join(rows) + "\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        f'date_format = "{date_format}"\n'
        '[columns]\ncompany = "Employer"\napplied = "Sent"\nfollow_up = "Chased"\n',
        encoding="utf-8",
    )
    report = import_files([sheet], mapping=mapping).report()
    named = [line for line in report if line.startswith(f"    {sheet}:")]
    assert len(named) == len(said)
    for line, want in zip(named, said, strict=True):
        assert line.startswith(f"    {sheet}:{want}")
    cells = f"{len(said)} cell" + ("s" if len(said) != 1 else "")
    assert f"{cells} to correct: imported as written" in "\n".join(report)
    assert not [line for line in report if "ambiguous" in line]


@pytest.mark.parametrize(
    ("header", "rows"),
    [
        (
            "Company,Position,Date Applied,Notes",
            [
                'Acme,Analyst,2026-10-01,"met Bob',  # a quote opens the notes on line 2
                "Beta,Designer,2026-10-02,",
                'Cove,PM,2026-10-03,nice"',  # and closes them on line 4
                'Dune,QA,2026-10-04,"Called them, 2 rounds',  # a note over two lines
                'next: onsite, maybe"',
            ],
        ),
        (
            "Job Position,Company,Status,Date Saved,Date Applied,Excitement",
            [
                'Analyst,Acme,Applied,2026-09-30,2026-10-01,"3',
                "Designer,Beta,Applied,2026-09-30,2026-10-02,2",
                'PM,Cove,Applied,2026-09-30,2026-10-03,4"',
                'QA,Dune,Applied,2026-09-30,2026-10-04,"5, really',
                'not: a row, 2026-10-05"',
            ],
        ),
    ],
    ids=["wide", "teal"],
)
def test_tracker_rows_joined_by_a_stray_quote_are_reported(
    tmp_path: Path, header: str, rows: list[str]
) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = import_files([sheet])
    assert sorted(result.log["company"]) == ["Acme", "Dune"]  # Beta and Cove are inside a cell
    named = [line for line in result.report() if line.startswith(f"    {sheet}:")]
    assert len(named) == 1, named  # the note over two lines reads as no row
    assert named[0].startswith(f"    {sheet}:2: column ")
    assert "holds 2 lines that read as rows of their own (3, 4)" in named[0]
    assert "those rows were not imported; fix the quote" in named[0]


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        ("[columns]\ncompany = 'Firm'\n", "2:1", "column 'Firm' (for company) is not in"),
        ("[columns]\nrole = 'Job'\n  salary = 'Pay'\n", "3:3", "unknown role salary"),
        ("auto = true\n[status]\nmaybe = ['x']\n", "3:1", "unknown meaning maybe"),
        ("auto = true\ncolour = 'blue'\n", "2:1", "unknown key colour; known: auto, "),
        # A slip is pointed at, as in the settings.
        ("[colums]\ncompany = 'Company'\n", "1:1", "unknown key colums (did you mean columns?);"),
        ("[columns]\napplid = 'Sent'\n", "2:1", "unknown role applid (did you mean applied?);"),
        ("[status]\nrejecton = ['No']\n", "2:1", "meaning rejecton (did you mean rejection?);"),
        ("# a map\n[columns\n", "2:9", "not valid TOML: Expected ']'"),
        ("[status]\noffer = 'a'\noffer = 'b'\n", "3:12", "not valid TOML: Cannot overwrite"),
        ("auto = true\n[status]\noffer = [\n", "4:1", "not valid TOML: Invalid value"),
        ("auto = true\ndate_format = 'dd/mm'\n", "2:1", "strftime format"),
        ("\ndate_format = '%Q'\n", "2:1", "date_format '%Q': 'Q' is a bad directive"),
        ("date_format = '%H:%M'\n", "1:1", "date_format '%H:%M' does not read a whole date"),
        ("date_format = '%d/%m'\n", "1:1", "date_format '%d/%m' does not read a whole date"),
        ("format = 'csv'\n", "1:1", "format = 'csv': expected wide, huntr or teal"),
        ("auto = 'yes'\n", "1:1", "auto = 'yes': expected true or false"),
        ("columns = 3\n", "1:1", "columns must be a table ([columns]), got 3"),
        ("[columns]\ncompany = ['A', 'B']\n", "2:1", "give one column"),
        ("[columns]\ncompany = []\n", "2:1", "columns.company: expected a column name"),
        ("[status]\noffer = [1]\n", "2:1", "status.offer: expected a status word or a list"),
        (
            "[columns]\ncompany = 'Company'\nrole = 'Company'\n",
            "3:1",
            "column 'Company' is mapped to both company and role; a column holds one thing",
        ),
        (
            "[columns]\ncompany = 'Company'\nfollow_up = ['Date Applied', 'Date Applied']\n",
            "3:1",
            "column 'Date Applied' is given twice for follow_up; a column holds one thing",
        ),
        (
            "[status]\noffer = ['Yes!']\nrejection = ['No', 'yes!']\n",
            "3:1",
            "status word 'yes!' is given for both offer and rejection",
        ),
        ("columns = { company = 'Firm' }\n", "1:1", "column 'Firm' (for company) is not in"),
        ("columns.company = 'Firm'\n", "1:1", "column 'Firm' (for company) is not in"),
    ],
)
def test_bad_mapping_files_name_the_line_and_column(
    tmp_path: Path, text: str, place: str, message: str
) -> None:
    """Each error about a mapping names the entry to blame, as errors in settings files do."""
    mapping = tmp_path / "map.toml"
    mapping.write_text(text, encoding="utf-8")
    sheet = tmp_path / "t.csv"
    sheet.write_text("Company,Date Applied\nAcme,2026-10-01\n", encoding="utf-8")
    with pytest.raises(MappingError, match=re.escape(message)) as caught:
        import_files([sheet], mapping=load_mapping(mapping))
    assert str(caught.value).startswith(f"{mapping}:{place}: ")


def test_a_mapping_not_utf8_names_the_line_and_column_of_the_byte(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_bytes(b"\xef\xbb\xbfauto = true\n# caf\xe9\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(mapping)
    assert str(caught.value) == (
        f"{mapping}:2:6: not valid TOML: not UTF-8 text (invalid continuation byte)"
    )


# -- LinkedIn, Huntr, Teal ------------------------------------------------------------------------


def test_linkedin_export(tmp_path: Path) -> None:
    path = tmp_path / "Job Applications.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    raw = read_raw(path)
    assert recognise(raw.header) == "linkedin"
    conv = convert(raw, str(path))
    assert conv.events["date"].tolist() == ["2024-11-03T16:40", "2024-11-12T09:05"]
    assert conv.events["event"].tolist() == ["applied", "applied"]
    assert conv.events["channel"].tolist() == ["linkedin", "linkedin"]
    assert "Contact Email" not in conv.events and "me@example.com" not in conv.events.to_string()
    log = load_log(path, as_of="2024-12-01")
    assert log.rejects.empty
    apps = applications_table(log)
    assert sorted(apps["resume_name"]) == ["cv_2024_v2.pdf", "cv_2024_v3.pdf"]
    assert "job_url" in apps.columns
    missing = {code for codes, _ in unjudged(conv.records) for code in codes}
    assert {"FU001", "FU002", "FU005", "FU011"} <= missing


def test_a_linkedin_time_at_midnight_keeps_its_time(tmp_path: Path) -> None:
    """``12:00 AM`` is a time as ``4:40 PM`` is; a date alone stays a date."""
    path = tmp_path / "Job Applications.csv"
    path.write_text(
        LINKEDIN.replace("11/3/24, 4:40 PM", "11/3/24, 12:00 AM").replace(
            "11/12/24, 9:05 AM", "11/12/24"
        ),
        encoding="utf-8",
    )
    assert convert(read_raw(path), str(path)).events["date"].tolist() == [
        "2024-11-03T00:00",
        "2024-11-12",
    ]


def test_a_date_format_with_a_time_keeps_midnight(tmp_path: Path) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied\nHooli,Analyst,03/11/2026 00:00\n"
        "Initech,QA,03/11/2026 09:30\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('date_format = "%d/%m/%Y %H:%M"\n', encoding="utf-8")
    dates = import_files([sheet], mapping=mapping).log["date"].tolist()
    assert dates == ["2026-11-03T00:00", "2026-11-03T09:30"]


def test_a_date_format_with_a_time_reads_a_date_alone(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """Under "%d/%m/%Y %H:%M", 03/11/2026 was left as written and named as not a date in
    that format, and check rejected it (DQ010). It is that day, with no time known."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied\nHooli,Analyst,03/11/2026\n"
        "Initech,QA,03/11/2026 09:30\nGlobex,Ops,31/04/2026\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('date_format = "%d/%m/%Y %H:%M"\n', encoding="utf-8")
    result = import_files([sheet], mapping=mapping)
    assert result.log["date"].tolist() == ["2026-11-03", "2026-11-03T09:30", "31/04/2026"]
    said = run("import", sheet, "--map", mapping).err
    assert "03/11/2026'" not in said
    assert (
        f"{sheet}:4: column 'Date Applied': '31/04/2026' is impossible under date_format "
        "'%d/%m/%Y %H:%M': there is no such date"
    ) in said


def test_a_mapping_date_format_with_an_offset_keeps_it(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """Under "%d/%m/%Y %H:%M%z", 16/10/2026 14:30+0200 was written 2026-10-16T14:30, its
    offset lost (a column of several offsets stopped the import with a traceback), and a
    date alone was left as written. The offset is kept, so check takes each time to the
    configured zone's day, as it does other times with an offset."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied\nHooli,Analyst,16/10/2026 14:30+0200\n"
        "Initech,QA,16/10/2026 23:30-0500\nGlobex,Ops,16/10/2026\n"
        "Umbrella,Ops,16/10/2026 09:00+01\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('date_format = "%d/%m/%Y %H:%M%z"\n', encoding="utf-8")
    out = tmp_path / "log.csv"
    result = run("import", sheet, "--map", mapping, "--out", out)
    assert result.code == 0, result.err
    dates = [row["date"] for row in csv.DictReader(io.StringIO(out.read_text("utf-8")))]
    assert dates == [
        "2026-10-16T14:30+02:00",
        "2026-10-16T23:30-05:00",
        "2026-10-16",
        "2026-10-16T09:00+01:00",  # an offset of whole hours, as ISO 8601 allows (+01)
    ]
    assert "wrote 4 events" in result.err
    (tmp_path / "followup-stats.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
    loaded = load_log(out, as_of=AS_OF)
    assert loaded.rejects.empty
    assert dict(zip(loaded.events["company"], loaded.events["date"], strict=True)) == {
        "Hooli": pd.Timestamp("2026-10-16 14:30"),
        "Initech": pd.Timestamp("2026-10-17 06:30"),  # 04:30 UTC: the next day in Paris
        "Globex": pd.Timestamp("2026-10-16"),
        "Umbrella": pd.Timestamp("2026-10-16 10:00"),  # 08:00 UTC
    }
    # One offset throughout, and a LinkedIn export read with such a mapping, alike.
    assert date_cells(pd.Series(["16/10/2026 14:30+0200"]), "%d/%m/%Y %H:%M%z").tolist() == [
        "2026-10-16T14:30+02:00"
    ]
    linkedin = tmp_path / "Job Applications.csv"
    linkedin.write_text(
        LINKEDIN.splitlines()[0] + '\n"2024-11-03 16:40:00 +0100",,,Hooli,A,,,\n'
        '"2024-11-04",,,Initech,B,,,\n',
        encoding="utf-8",
    )
    mapping.write_text('date_format = "%Y-%m-%d %H:%M:%S %z"\n', encoding="utf-8")
    assert import_files([linkedin], mapping=mapping).log["date"].tolist() == [
        "2024-11-03T16:40+01:00",
        "2024-11-04",
    ]


def test_a_tracker_import_counts_only_the_rows_check_loads(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """A tracker's cell that is no date is imported as written: "wrote 6 events" counted
    its rows as events, though check does not load them."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied,Interview Date\n"
        "Hooli,Analyst,2026-10-01,2026-10-05\nInitech,QA,31/04/2026,2026-10-06\n"
        "Globex,Ops,10/12/2026,\nUmbrella,Ops,soon,\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", sheet, "--out", out)
    assert result.code == 0, result.err
    assert result.err.splitlines()[-1] == (
        "followup-stats: wrote 6 rows (3 events, 3 rows `followup-stats check` does not "
        f"load) to {out}"
    )
    checked = run("check", out, "--as-of", AS_OF)
    assert "3 rows not loaded" in checked.out
    # With the configuration check reads the log with: 10/12/2026 is a date then.
    (tmp_path / "followup-stats.toml").write_text(
        'date_format = "%m/%d/%Y"\nselect = []\n', encoding="utf-8"
    )
    assert run("import", sheet, "--out", out).err.splitlines()[-1] == (
        "followup-stats: wrote 6 rows (4 events, 2 rows `followup-stats check` does not "
        f"load) to {out}"
    )


def test_an_import_counts_the_rows_check_loads_of_the_whole_log(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """A tracker's row with no role joins its company's only application, but check
    refuses it (DQ009) where another file brings a second one: "wrote 4 events" counted
    the tracker's rows as if loaded alone, though check loads 2 of the 4."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,role,event\n2026-10-01,Acme,Analyst,applied\n2026-10-02,Acme,Dev,applied\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied,Interview Date\nAcme,,2026-10-05,2026-10-09\n",
        encoding="utf-8",
    )
    out = tmp_path / "both.csv"
    result = run("import", log, sheet, "--out", out)
    assert result.code == 0, result.err
    assert result.err.splitlines()[-1] == (
        "followup-stats: wrote 4 rows (2 events, 2 rows `followup-stats check` does not "
        f"load) to {out}"
    )
    assert "2 rows not loaded" in run("check", out, "--as-of", AS_OF, "--select", "DQ").out


def test_a_canonical_log_import_with_no_rule_selected(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """Of the configuration, import reads the zone and the date format: a selection check
    would refuse (no rule selected) stopped the import of a canonical log."""
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    (tmp_path / "followup-stats.toml").write_text("select = []\n", encoding="utf-8")
    result = run("import", log)
    assert result.code == 0, result.err
    assert result.err.splitlines()[-1] == "followup-stats: wrote 1 event to standard output"


def test_a_date_format_without_a_time_reads_a_time_after_the_date(tmp_path: Path) -> None:
    """As the settings' date_format: a spreadsheet's column of dates and date-times is read
    with one format, each cell's time kept (midnight too, when written)."""
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Company,Position,Date Applied\nHooli,Analyst,03/11/2026\n"
        "Initech,QA,03/11/2026 00:00\nPied Piper,Dev,04/11/2026 2:30 PM\n"
        "Globex,Ops,05/11/2026 09:30:00.000\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('date_format = "%d/%m/%Y"\n', encoding="utf-8")
    result = import_files([sheet], mapping=mapping)
    assert result.log["date"].tolist() == [
        "2026-11-03",
        "2026-11-03T00:00",
        "2026-11-04T14:30",
        "2026-11-05T09:30",
    ]


def test_a_mapping_date_format_reads_a_linkedin_export_written_another_way(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """The advice for ambiguous dates names a mapping's date_format: it must work here too."""
    path = tmp_path / "Job Applications.csv"
    path.write_text(LINKEDIN.replace('"11/3/24, 4:40 PM"', "11/3/24 4:40 PM"), encoding="utf-8")
    without = run("import", path)
    assert "11/3/24 4:40 PM,Hooli" in without.out and "ambiguous" in without.err
    mapping = tmp_path / "map.toml"
    mapping.write_text('date_format = "%m/%d/%y %I:%M %p"\n', encoding="utf-8")
    result = run("import", path, "--map", mapping)
    assert result.code == 0, result.err
    dates = [r["date"] for r in csv.DictReader(io.StringIO(result.out))]
    # The mapping's form replaces the export's: a cell in another form is named, not guessed.
    assert dates == ["2024-11-03T16:40", "11/12/24, 9:05 AM"]
    assert (
        "1 application date not in the mapping's date_format '%m/%d/%y %I:%M %p' "
        "(e.g. '11/12/24, 9:05 AM' on row 3): left as written"
    ) in result.err
    assert "not used" not in result.err
    mapping.write_text(
        'date_format = "%m/%d/%y %I:%M %p"\n[columns]\ncompany = "Employer"\n', encoding="utf-8"
    )
    told = run("import", path, "--map", mapping)
    assert (
        f"{mapping}: only its date_format applies to a LinkedIn export, whose columns are "
        "fixed; its [columns] and [status] were not used"
    ) in told.err


def test_a_linkedin_date_format_is_never_second_guessed_month_first(tmp_path: Path) -> None:
    """Day-first export: 05/04/24 is 5 April under the mapping, never 4 May (a date alone
    in the order of a format with a time, with no time known)."""
    path = tmp_path / "Job Applications.csv"
    path.write_text(
        LINKEDIN.splitlines()[0] + '\n"25/03/24, 14:00",,,Hooli,A,,,\n"05/04/24",,,Initech,B,,,\n',
        encoding="utf-8",
    )
    mapping = tmp_path / "eu.toml"
    mapping.write_text('date_format = "%d/%m/%y, %H:%M"\n', encoding="utf-8")
    dates = import_files([path], mapping=mapping).log["date"].tolist()
    assert dates == ["2024-03-25T14:00", "2024-04-05"]


def test_huntr_export(tmp_path: Path) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(HUNTR, encoding="utf-8")
    raw = read_raw(path)
    assert recognise(raw.header) == "huntr"
    conv = convert(raw, str(path))
    got = list(zip(conv.events.index, conv.events["event"], conv.events["date"], strict=True))
    assert got == [
        (3, "applied", "2026-09-26 19:21:26"),
        (3, "rejection", "2026-10-11 16:47:21"),
        (4, "applied", "2026-09-27 10:00:00"),
        (4, "interview", "2026-10-05 09:00:00"),
        (5, "applied", "2026-09-28 10:00:00"),
    ]
    assert conv.events["location"].tolist()[:2] == ["Remote", "Remote"]
    assert "kim@example.com" not in conv.events.to_string()
    log = load_log(path, as_of=AS_OF)
    assert log.rejects[["line", "code"]].values.tolist() == [[2, "DQ002"]]
    assert len(log.events) == 5


def test_huntr_lists_named_in_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(HUNTR.replace("Interview,c3", "Take-home,c3"), encoding="utf-8")
    plain = convert(read_raw(path), str(path))
    assert "'Take-home' (1)" in " ".join(plain.problems)
    assert plain.events["event"].tolist().count("interview") == 0
    mapping = tmp_path / "map.toml"
    mapping.write_text('format = "huntr"\n[status]\ninterview = ["take home"]\n')
    mapped = import_files([path], mapping=mapping).log
    assert mapped["event"].tolist().count("interview") == 1


def test_teal_export(tmp_path: Path) -> None:
    path = tmp_path / "teal.csv"
    path.write_text(TEAL, encoding="utf-8")
    raw = read_raw(path)
    assert recognise(raw.header) == "teal"
    conv = convert(raw, str(path))
    assert conv.events["event"].tolist() == ["applied", "applied"]
    assert conv.skipped.index.tolist() == [4]
    # Kept as an attribute, so not called "not imported"; the report says why it makes no event.
    assert "Follow Up" in conv.attributes
    assert not any("Follow Up" in d for d in conv.dropped)
    assert any(
        "'Follow Up' is kept as an attribute, and no event is made from it" in a and "reminder" in a
        for a in conv.assumed
    )
    assert "no date for the decision (row 3)" in " ".join(conv.problems)
    mapping = tmp_path / "map.toml"
    mapping.write_text('format = "teal"\n[columns]\nfollow_up = "Follow Up"\n')
    mapped = convert(raw, str(path), mapping=load_mapping(mapping))
    assert not any("Follow Up" in line for line in (*mapped.assumed, *mapped.dropped))
    assert any("'Follow Up' -> follow_up" in line for line in mapped.mapped)
    with_follow_ups = import_files([path], mapping=mapping).log
    assert with_follow_ups["event"].tolist() == ["applied", "follow_up", "applied"]


# -- the import command ---------------------------------------------------------------------------


def test_import_several_files_finds_duplicates(tmp_path: Path, run: Callable[..., Result]) -> None:
    tracker = workbook(tmp_path / "tracker.xlsx", {"Jobs": wide_rows()})
    linkedin = tmp_path / "Job Applications.csv"
    linkedin.write_text(LINKEDIN.replace("11/3/24, 4:40 PM", "10/1/26, 4:40 PM"), encoding="utf-8")
    out = tmp_path / "log.csv"
    result = run("import", tracker, linkedin, "--out", out)
    assert result.code == 0, result.err
    assert result.out == ""
    assert "duplicates between files: 1 event already in an earlier file was dropped" in result.err
    assert (
        f"applied, Hooli (Data Analyst), 2026-10-01: {linkedin}:2 duplicates "
        f"{tracker}[Jobs]:2 (kept)" in result.err
    )
    # The LinkedIn export holds no interview: FU001 and FU002 cannot fire on its rows, and
    # ignoring them, as was advised, hid the tracker's own missing thank-yous.
    assert "--ignore FU001,FU002" not in result.err
    assert "rows not imported: row 6: no date in" in result.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 11 + 2 - 1
    assert [r["imported_from"] for r in rows][-1] == f"{linkedin}:3"
    hooli = [r for r in rows if r["company"] == "Hooli" and r["event"] == "applied"]
    assert [r["resume_name"] for r in hooli] == ["cv_2024_v2.pdf"]  # from the dropped copy
    log = load_log(out, as_of=AS_OF)
    assert len(log.events) == len(rows)
    assert log.events["candidate"].unique().tolist() == ["log"]


def test_duplicates_between_files_are_found_on_the_configured_days(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """23:30 at -05:00 is 20 October in Chicago (21 October in UTC), as the loader reads it."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.followup_stats]\ntimezone = "America/Chicago"\n', encoding="utf-8"
    )
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied\nStark,Engineer,2026-10-20T23:30:00-05:00\n",
        encoding="utf-8",
    )
    linkedin = tmp_path / "Job Applications.csv"
    linkedin.write_text(
        LINKEDIN.splitlines()[0] + '\n"10/20/26, 11:30 PM",,,Stark,Engineer,u1,cv.pdf,\n',
        encoding="utf-8",
    )
    result = run("import", tracker, linkedin)
    assert result.code == 0, result.err
    assert f"applied, Stark (Engineer), 2026-10-20: {linkedin}:2 duplicates {tracker}:2" in (
        result.err
    )
    assert len(list(csv.DictReader(io.StringIO(result.out)))) == 1
    utc = import_files([tracker, linkedin])  # the library's default time zone: other days
    assert len(utc.log) == 2 and utc.duplicates.empty
    # Of the configuration, import reads the zone only: a selection check's would refuse
    # (no rule selected) is no concern of import.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.followup_stats]\ntimezone = "America/Chicago"\nselect = []\n', encoding="utf-8"
    )
    assert run("import", tracker, linkedin).code == 0


def test_every_input_row_is_accounted_for(tmp_path: Path) -> None:
    files = {
        "tracker.xlsx": workbook(tmp_path / "tracker.xlsx", {"Jobs": wide_rows()}),
        "huntr.csv": tmp_path / "huntr.csv",
        "teal.csv": tmp_path / "teal.csv",
    }
    files["huntr.csv"].write_text(HUNTR, encoding="utf-8")
    files["teal.csv"].write_text(TEAL, encoding="utf-8")
    result = import_files(list(files.values()))
    for source in result.sources:
        data_rows = set(read_raw(source.label).cells.index)
        imported = set(source.conversion.events.index)
        skipped = set(source.conversion.skipped.index)
        assert imported | skipped == data_rows and not imported & skipped


def test_import_writes_cells_plainly(tmp_path: Path, run: Callable[..., Result]) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(
        'Company,Position,Date Applied,Notes\n"=HYPERLINK(""x"")",-Analyst,2026-10-01,+1 a\n',
        encoding="utf-8",
    )
    result = run("import", sheet)
    assert result.code == 0
    assert '"=HYPERLINK(""x"")",-Analyst,applied' in result.out
    assert ",+1 a," in result.out
    assert "wrote 1 event to standard output" in result.err


def test_import_never_writes_over_an_input(tmp_path: Path, run: Callable[..., Result]) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text("Company,Date Applied\nAcme,2026-10-01\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text("[columns]\ncompany = 'Company'\n", encoding="utf-8")
    for target in (sheet, mapping):
        result = run("import", sheet, "--map", mapping, "--out", target)
        assert result.code == 2
        assert "refusing to write over it" in result.err
    book = workbook(tmp_path / "book.xlsx", {"S": [["Company", "Date Applied"], ["Acme", 46296]]})
    result = run("import", f"{book}[S]", "--out", book)
    assert result.code == 2 and "refusing to write over it" in result.err


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("what,where\nx,y\n", [], "cannot tell the format from the header"),
        ("Company,Role\nAcme,Analyst\n", ["--from", "wide"], "no date column found"),
        ("Company,Date Applied\nAcme,2026-10-01\n", ["--sheet", "S"], "no input is a spreadsheet"),
    ],
)
def test_import_errors_are_one_line(
    tmp_path: Path, run: Callable[..., Result], content: str, argv: list[str], message: str
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(content, encoding="utf-8")
    result = run("import", sheet, *argv, "--out", tmp_path / "out.csv")
    assert result.code == 2
    assert message in result.err and len(result.err.splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_stats_and_todo_take_a_sheet(tmp_path: Path, run: Callable[..., Result]) -> None:
    rows: list[list[object]] = [
        ["date", "company", "event"],
        [dt.datetime(2026, 10, 20), "Acme", "applied"],
    ]
    path = workbook(tmp_path / "log.xlsx", {"Old": [["date", "company", "event"]], "New": rows})
    todo = run("todo", path, "--sheet", "New", "--as-of", AS_OF, "--format", "json")
    assert todo.code == 0 and '"company": "Acme"' in todo.out
    stats = run("stats", path, "--sheet", "New", "--as-of", AS_OF, "--format", "json")
    assert stats.code == 0 and '"rates"' in stats.out
    missing = run("check", path, "--sheet", "Nope", "--as-of", AS_OF)
    assert missing.code == 2 and "no sheet named 'Nope'" in missing.err


def test_report_passes_the_sheet_in_the_path(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import followup_stats.report

    seen: list[object] = []

    def render_report(logs: object, *args: object, **kwargs: object) -> object:
        seen.append(logs)
        # The real result with its defaults (nothing to say), so a new field needs no change here.
        return followup_stats.report.ReportResult(html_path=Path("report.html"))

    monkeypatch.setattr(followup_stats.report, "render_report", render_report)
    assert run("report", "log.xlsx", "--sheet", "Bob").code == 0
    assert seen == [["log.xlsx[Bob]"]]
    not_a_workbook = run("report", "log.csv", "--sheet", "Bob")
    assert not_a_workbook.code == 2 and "is not a spreadsheet" in not_a_workbook.err


# -- found by review: columns named like the importer's own, skipped cards, twins, Parquet ---


@pytest.mark.parametrize(
    "text",
    [
        "Company,Date Applied,File\nHooli,2026-10-01,cv.pdf\n",
        "date,company,event,file\n2026-10-01,Hooli,applied,cv.pdf\n",
        "Company,Date Applied,Imported-From\nHooli,2026-10-01,x\n",
        "date,company,event,Imported From\n2026-10-01,Hooli,applied,x\n",
    ],
)
def test_columns_named_like_the_importers_own_are_kept(
    tmp_path: Path, run: Callable[..., Result], text: str
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(text, encoding="utf-8")
    result = run("import", sheet)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows[0]["imported_from"] == f"{sheet}:2"
    own = text.splitlines()[0].split(",")[-1]
    kept = own if "mport" not in own else f"{own} (original)"
    assert rows[0][kept] in ("cv.pdf", "x")


def test_a_log_imported_twice_keeps_where_its_rows_first_came_from(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text("Company,Date Applied\nAcme,2026-10-01\n", encoding="utf-8")
    first = tmp_path / "first.csv"
    assert run("import", sheet, "--out", first).code == 0
    again = run("import", first)
    row = next(csv.DictReader(io.StringIO(again.out)))
    assert row["imported_from (original)"] == f"{sheet}:2"
    assert row["imported_from"] == f"{first}:2"


def test_every_skipped_huntr_card_is_reported_on_its_own_row(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(
        "createdAt,title,listName,companyName,lastMovedAt\n"
        "2026-10-01 09:00:00,Dev,Wishlist,A,-\n"
        "2026-10-01 09:00:00,Dev,Applied,B,-\n"
        "2026-10-01 09:00:00,Dev,Saved,C,-\n"
        "2026-10-01 09:00:00,Dev,Bookmarked,D,-\n"
        "2026-10-01 09:00:00,Dev,Wishlist,E,-\n",
        encoding="utf-8",
    )
    conv = convert(read_raw(path), str(path))
    assert conv.skipped["reason"].to_dict() == {
        2: "Huntr list 'Wishlist' is not an application yet",
        4: "Huntr list 'Saved' is not an application yet",
        5: "Huntr list 'Bookmarked' is not an application yet",
        6: "Huntr list 'Wishlist' is not an application yet",
    }
    err = run("import", path).err
    assert "rows 2, 6: Huntr list 'Wishlist'" in err and "row 5: Huntr list 'Bookmarked'" in err


@pytest.mark.parametrize(
    "text",
    [
        'Application Date,Company Name,Job Title,Notes,notes\n"11/3/24, 4:40 PM",Hooli,Analyst,'
        "first note,second note\n",
        "createdAt,title,listName,companyName,Notes,NOTES\n"
        "2026-10-01 09:00:00,Dev,Applied,Hooli,first note,second note\n",
    ],
)
def test_two_columns_spelled_alike_keep_their_own_values(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    events = convert(read_raw(path), str(path)).events
    values = events.iloc[0].tolist()
    assert "first note" in values and "second note" in values


def test_import_out_parquet_writes_parquet(tmp_path: Path, run: Callable[..., Result]) -> None:
    import pyarrow.parquet as pq

    sheet = tmp_path / "t.csv"
    sheet.write_text(
        "Company,Position,Date Applied,Interview Date\nAcme,Analyst,2026-10-01,2026-10-08\n",
        encoding="utf-8",
    )
    as_csv, as_parquet = tmp_path / "log.csv", tmp_path / "log.parquet"
    assert run("import", sheet, "--out", as_csv).code == 0
    assert run("import", sheet, "--out", as_parquet).code == 0
    assert as_parquet.read_bytes()[:4] == b"PAR1"
    table = pq.read_table(as_parquet).to_pandas()
    assert table["event"].tolist() == ["applied", "interview"]
    pd.testing.assert_frame_equal(
        load_log(as_parquet, as_of=AS_OF).events.drop(columns="file"),
        load_log(as_csv, as_of=AS_OF).events.drop(columns="file"),
    )


def test_an_applied_via_column_of_job_boards_is_kept_not_lost(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text(
        "Company,Position,Date Applied,Applied Via\n"
        "Hooli,Dev,2026-10-01,Indeed\n"
        "Stark,Dev,2026-10-01,Company website\n"
        "Wayne,Dev,2026-10-01,LinkedIn\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", sheet, "--out", out)
    assert "'Applied Via': 2 cells name no channel" in result.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["channel"] for r in rows] == ["", "", "LinkedIn"]
    assert [r["Applied Via"] for r in rows] == ["Indeed", "Company website", "LinkedIn"]
    # Read back: no warning about channels, and the words can group the statistics.
    checked = run("check", out, "--as-of", AS_OF)
    assert "unknown channel" not in checked.out
    table = applications_table(str(out), as_of=AS_OF)
    assert sorted(table["applied_via"]) == ["Company website", "Indeed", "LinkedIn"]


def test_a_duplicate_dropped_still_gives_its_channel_to_the_row_kept(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Position,Date Applied\nHooli,Data Analyst,2026-10-01\n")
    linkedin = tmp_path / "Job Applications.csv"
    linkedin.write_text(
        "Application Date,Company Name,Job Title,Resume Name\n"
        '"10/1/26, 4:40 PM",Hooli,Data Analyst,cv_v2.pdf\n'
    )
    result = import_files([tracker, linkedin])
    assert len(result.duplicates) == 1
    row = result.log.iloc[0]
    assert (row["channel"], row["resume_name"]) == ("linkedin", "cv_v2.pdf")
    assert row["imported_from"] == f"{tracker}:2"


def test_linkedin_columns_the_export_lacks_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "Job Applications.csv"
    path.write_text('Application Date,Company Name,Job Title\n"10/1/26, 4:40 PM",Hooli,Analyst\n')
    conv = convert(read_raw(path), str(path))
    assert conv.attributes == ()
    assert list(conv.events.columns) == ["date", "company", "role", "event", "channel"]


def test_date_cells_the_loader_cannot_read_are_named_at_import(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """Without a date_format they went through in silence; check then rejected their rows."""
    tracker = tmp_path / "lena.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Interview Date,Thank You Sent,Status\n"
        "Acme,Analyst,Sept 5,2026-09-10,Yes,Interviewing\n"
        "Beta,Dev,2026-09-31,N/A,,Applied\n"
        "Delta,PM,2026-09-02,,,Applied\n",
        encoding="utf-8",
    )
    result = run("import", tracker, "--out", tmp_path / "log.csv")
    assert result.code == 0, result.err
    assert (
        "3 cells to correct: imported as written, but `followup-stats check` rejects" in result.err
    )
    assert f"{tracker}:2: column 'Date Applied': cannot read 'Sept 5' as a date" in result.err
    assert (
        f"{tracker}:3: column 'Date Applied': cannot read '2026-09-31' as a date"
        " (read as year 2026, month 09, day 31: September 2026 has 30 days)\n" in result.err
    )
    assert f"{tracker}:3: column 'Interview Date': cannot read 'N/A' as a date" in result.err
    assert "'Thank You Sent': 1 cell says yes/no instead of a date (row 2)" in result.err


# -- the import report's small points ---------------------------------------------------------


def test_a_status_word_one_slip_from_a_known_one_says_which(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Status\n"
        "Acme,Analyst,2026-08-01,Aplied\n"
        "Beta,Dev,2026-08-02,Not Selectd\n"
        "Cove,QA,2026-08-03,Weird thing\n"
        "Dune,PM,2026-08-04,Snt to HR\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('[status]\napplied = ["Sent to HR"]\n', encoding="utf-8")
    result = run("import", tracker, "--map", mapping, "--out", tmp_path / "log.csv")
    # The rows are still imported and the report lists the problem: the import succeeded.
    assert result.code == 0, result.err
    assert (
        "  problem: status words not understood: 'Aplied' (1; did you mean applied?), "
        "'Not Selectd' (1; did you mean not selected?), 'Weird thing' (1), "
        "'Snt to HR' (1; did you mean Sent to HR?); say what they mean in a mapping file"
    ) in result.err


def test_a_status_with_a_remark_in_parentheses_is_understood(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Response Date,Status\n"
        "Acme,Analyst,2026-08-01,2026-08-20,Offer (verbal)\n"
        "Beta,Dev,2026-08-02,2026-08-21,Rejected (no feedback)\n"
        "Cove,QA,2026-08-03,2026-08-22,Offer (rescinded)\n"
        "Dune,QA,2026-08-04,2026-08-23,Offer (pending)\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", tracker, "--out", out)
    assert result.code == 0, result.err
    log = pd.read_csv(out, dtype=str)
    decisions = log[log["event"].isin(["offer", "rejection"])]
    assert list(zip(decisions["company"], decisions["event"], strict=True)) == [
        ("Acme", "offer"),
        ("Beta", "rejection"),
    ]
    # A remark saying the offer did not stand, or is not made yet, is not taken off.
    # Nor guessed at: the closest word is the step itself.
    assert "status words not understood: 'Offer (rescinded)' (1), 'Offer (pending)' (1);" in (
        result.err
    )


def test_a_status_naming_two_steps_says_so_with_no_guess(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # "did you mean interviewed?" for 'Interview - rejected' would have the user drop the
    # rejection; a misspelt remark ('Interview - rejectd') was read as an interview.
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Interview Date,Status\n"
        "Acme,Analyst,2026-08-01,2026-08-10,Interview - rejected\n"
        "Beta,Dev,2026-08-02,2026-08-11,Interview - rejectd\n"
        "Cove,QA,2026-08-03,,Applied - Rejected - not a fit\n"
        "Dune,QA,2026-08-04,2026-08-12,Interview (onsite)\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", tracker, "--out", out)
    assert result.code == 0, result.err
    assert (
        "status words not understood: 'Interview - rejected' (1; two steps in one cell: "
        "interview and rejection), 'Interview - rejectd' (1; two steps in one cell: "
        "interview and rejection), 'Applied - Rejected - not a fit' (1; two steps in one "
        "cell: applied and rejection);"
    ) in result.err
    assert "did you mean" not in result.err
    assert "interview: 'Interview (onsite)'" in result.err  # detail is detail still


def test_a_misspelt_answer_to_an_offer_is_one_status_to_suggest(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # 'Offer (accepted)' is a known status word ("offer accepted"); misspelt, it was said to
    # hold two steps (offer and accepted), where 'acepted' alone is told its guess.
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Response Date,Status\n"
        "Acme,Analyst,2026-08-01,2026-08-20,Offer (acepted)\n"
        "Beta,Dev,2026-08-02,2026-08-21,Offer - declind\n"
        "Cove,QA,2026-08-03,2026-08-22,acepted\n"
        "Dune,QA,2026-08-04,2026-08-23,Ofer (accepted)\n",
        encoding="utf-8",
    )
    result = run("import", tracker, "--out", tmp_path / "log.csv")
    assert result.code == 0, result.err
    assert (
        "status words not understood: 'Offer (acepted)' (1; did you mean offer accepted?), "
        "'Offer - declind' (1; did you mean offer declined?), 'acepted' (1; did you mean "
        "accepted?), 'Ofer (accepted)' (1; did you mean offer accepted?);"
    ) in result.err


def test_a_misspelt_offer_before_a_refusal_is_one_status_to_suggest(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # 'Ofer - declined' got no guess: its remark reads as the step denied, yet 'Offer -
    # declined' is a known status word, as a log already told. A remark that denies a
    # step no known word pairs it with ('Ofer (cancelled)') still gets none.
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Response Date,Status\n"
        "Beta,Dev,2026-08-02,2026-08-21,Ofer - declined\n"
        "Cove,QA,2026-08-03,2026-08-22,Ofer (declined)\n"
        "Dune,QA,2026-08-04,2026-08-23,Ofer (cancelled)\n",
        encoding="utf-8",
    )
    result = run("import", tracker, "--out", tmp_path / "log.csv")
    assert result.code == 0, result.err
    assert (
        "status words not understood: 'Ofer - declined' (1; did you mean offer declined?), "
        "'Ofer (declined)' (1; did you mean offer declined?), 'Ofer (cancelled)' (1);"
    ) in result.err


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        ("Interview (not selected)", "interview and rejection"),
        ("Interview - not selected", "interview and rejection"),
        ("Interview - Rejected (not a fit)", "interview and rejection"),
        ("Applied (withdrawn)", "applied and withdrawal"),
    ],
)
def test_a_status_whose_remark_names_a_step_in_a_log_does_in_a_tracker(
    tmp_path: Path, run: Callable[..., Result], status: str, steps: str
) -> None:
    # A status is read as a log's event is: these were status words not understood with no
    # word of why, while 'Applied - withdrew' was said to hold two steps.
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        f"Company,Position,Date Applied,Status\nAcme,Analyst,2026-08-01,{status}\n",
        encoding="utf-8",
    )
    result = run("import", tracker, "--out", tmp_path / "log.csv")
    assert result.code == 0, result.err
    assert f"status word not understood: '{status}' (1; two steps in one cell: {steps});" in (
        result.err
    )


def test_a_status_doubted_with_a_question_mark_is_no_offer(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # 'Offer (?)' was looked up as 'offer' (a status word's key keeps letters and digits
    # only): the application got an offer that may never have come. A log rejects it.
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Response Date,Status\n"
        "Acme,Analyst,2026-08-01,2026-08-20,Offer (?)\n"
        "Beta,Dev,2026-08-02,2026-08-21,Offer (declined)\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", tracker, "--out", out)
    assert result.code == 0, result.err
    log = pd.read_csv(out, dtype=str)
    assert log.loc[log["company"].eq("Acme"), "event"].tolist() == ["applied", "response"]
    assert log.loc[log["company"].eq("Beta"), "event"].tolist() == ["applied", "offer", "declined"]
    assert "status word not understood: 'Offer (?)' (1);" in result.err


def test_a_status_giving_the_reason_for_a_rejection_is_a_rejection(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Response Date,Status\n"
        "Acme,Analyst,2026-08-01,2026-08-20,Rejected (not a fit)\n"
        "Beta,Dev,2026-08-02,2026-08-21,Rejected - not enough experience\n"
        "Cove,QA,2026-08-03,2026-08-22,Offer (not a fit)\n"
        "Dune,QA,2026-08-04,2026-08-23,Rejected (not yet)\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.csv"
    result = run("import", tracker, "--out", out)
    assert result.code == 0, result.err
    log = pd.read_csv(out, dtype=str)
    decisions = log[log["event"].isin(["offer", "rejection"])]
    assert list(zip(decisions["company"], decisions["event"], strict=True)) == [
        ("Acme", "rejection"),
        ("Beta", "rejection"),
    ]
    # A reason is a rejection's detail only, and a rejection not made yet is none.
    assert "status words not understood: 'Offer (not a fit)' (1), 'Rejected (not yet)' (1);" in (
        result.err
    )


def test_a_huntr_list_one_slip_from_a_known_one_says_which(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(
        "createdAt,title,listName,companyName,lastMovedAt\n"
        "2026-10-01 09:00:00,Dev,Intervew,A,2026-10-05 09:00:00\n",
        encoding="utf-8",
    )
    result = run("import", path)
    assert result.code == 0, result.err
    assert "  problem: list not understood: 'Intervew' (1; did you mean interview?);" in result.err


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (
            "Acme,Analyst,Sept 5\n",
            "  1 cell to correct: imported as written, but `followup-stats check` rejects its "
            "row or ignores its value until you correct it\n",
        ),
        (
            "Acme,Analyst,Sept 5\nBeta,Dev,2026-09-31\n",
            "  2 cells to correct: imported as written, but `followup-stats check` rejects their "
            "rows or ignores their values until you correct them\n",
        ),
    ],
)
def test_cells_to_correct_one_or_many(
    tmp_path: Path, run: Callable[..., Result], rows: str, said: str
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text("Company,Position,Date Applied\n" + rows, encoding="utf-8")
    result = run("import", tracker, "--out", tmp_path / "log.csv")
    assert result.code == 0, result.err  # imported as written; check rejects the rows later
    assert said in result.err


@pytest.mark.parametrize(
    ("moved", "said"),
    [
        (
            None,
            "2 interviews dated by the day their cards were made (the file has no lastMovedAt "
            "column), the moment they count as applied too (rows 2, 4): the day of those "
            "interviews is not in the export, so their notes say 'date assumed' and stats "
            "counts them as interviewed but measures no wait to them (not one of 0 days)",
        ),
        (
            ["-", "2026-10-03 09:00:00", "2026-10-05 09:00:00"],
            "1 interview dated by the day its card was made (its lastMovedAt is empty: it "
            "never moved), the moment it counts as applied too (row 2): the day of the "
            "interview is not in the export, so its note says 'date assumed' and stats counts "
            "it as interviewed but measures no wait to it (not one of 0 days)",
        ),
    ],
)
def test_huntr_interviews_dated_when_their_card_was_made_are_named(
    tmp_path: Path, moved: list[str] | None, said: str
) -> None:
    """A Huntr export without lastMovedAt dated each Interview card's interview on the
    moment the card was made, its applied moment too: ``stats`` then counted waits of 0
    days, and the report's ``assumed:`` line named only the decisions. It names those
    interviews now, how many, where, and why."""
    cards = [
        ("2026-09-27 10:00:00", "Engineer", "Interview", "Box"),
        ("2026-09-28 10:00:00", "Analyst", "Rejected", "Yext"),
        ("2026-09-29 10:00:00", "Developer", "Interview", "Acme"),
    ]
    header = "createdAt,title,listName,companyName" + (",lastMovedAt" if moved else "")
    rows = [",".join(card) + (f",{moved[i]}" if moved else "") for i, card in enumerate(cards)]
    path = tmp_path / "huntr.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    conv = convert(read_raw(path), str(path))
    assert [a for a in conv.assumed if "interview" in a and "0 days" in a] == [said]
    interviews = conv.events[conv.events["event"].eq("interview")]
    expected = ["2026-09-27 10:00:00", "2026-09-29 10:00:00" if moved is None else moved[2]]
    assert interviews["date"].tolist() == expected  # still imported, on the day said


def test_huntr_interviews_that_moved_need_no_word(tmp_path: Path) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(HUNTR, encoding="utf-8")
    assert not [a for a in convert(read_raw(path), str(path)).assumed if "0 days" in a]


def test_a_huntr_decision_on_a_card_that_never_moved_says_so(tmp_path: Path) -> None:
    """A rejected card with an empty lastMovedAt was said to be "dated by the day the card
    last moved": it was dated the day the card was made."""
    path = tmp_path / "huntr.csv"
    path.write_text(
        "createdAt,title,listName,companyName,lastMovedAt\n"
        "2026-09-27 10:00:00,Engineer,Rejected,Box,-\n"
        "2026-09-27 10:00:00,Engineer,Rejected,Yext,2026-10-01 10:00:00\n",
        encoding="utf-8",
    )
    assert [a for a in convert(read_raw(path), str(path)).assumed if "decision" in a] == [
        "1 decision dated by the day the card last moved (row 3); earlier stages of those "
        "cards (interviews) are not in the export",
        "1 decision dated by the day the card was made (its lastMovedAt is empty: it never "
        "moved) (row 2); earlier stages of those cards (interviews) are not in the export; "
        "its note says 'date assumed', so stats measures no wait to it",
    ]


def test_ambiguous_dates_of_a_canonical_log_are_not_sent_to_a_mapping_file(tmp_path: Path) -> None:
    """A canonical log is copied as written: the import told to put date_format in a
    mapping file, which then rewrote nothing, and said "1 date such as ... rejects them"."""
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n10/12/2026,Acme,applied\n", encoding="utf-8")
    mapping = tmp_path / "dates.toml"
    mapping.write_text('date_format = "%d/%m/%Y"\n', encoding="utf-8")
    result = import_files([log], mapping=mapping)
    assert result.log["date"].tolist() == ["10/12/2026"]
    assert result.report()[-2] == (
        "1 date, '10/12/2026', is all-numeric and ambiguous: the loader rejects it (DQ010) "
        'unless date_format is set; put date_format = "%d/%m/%Y" (or "%m/%d/%Y") in the '
        "configuration (a canonical log is copied as written, so a mapping file does not "
        "rewrite its dates), or write it as an ISO date"
    )
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Date Applied\nAcme,10/12/2026\nGlobex,11/12/2026\n", encoding="utf-8"
    )
    assert import_files([tracker]).report()[-2] == (
        "2 dates such as '10/12/2026' are all-numeric and ambiguous: the loader rejects them "
        '(DQ010) unless date_format is set; put date_format = "%d/%m/%Y" (or "%m/%d/%Y") in '
        "a mapping file to write them as ISO dates, or in the configuration"
    )


def test_a_canonical_log_import_counts_only_the_rows_that_are_events(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """A row with an unknown event or an unreadable date is copied as written, but it is
    no event: the count said "4 rows -> 4 events", as if check would load them all."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n"
        "2026-10-01,Acme,applied\n"
        "2026-10-02,Acme,intervew\n"
        "2026-10-03,Beta,applied\n"
        "2026-13-45,Beta,applied\n",
        encoding="utf-8",
    )
    result = run("import", log, "--out", tmp_path / "out.csv")
    assert result.code == 0
    assert result.err.splitlines() == [
        f"followup-stats: {log}: canonical log; 4 rows -> 2 events; 2 rows are not events "
        "(DQ001, DQ002): copied as written, and `followup-stats check` does not load them "
        "until you correct them",
        f"  {log}:3: DQ002 unknown event 'intervew' (did you mean interview? known: accepted, "
        "applied, declined, follow_up, interview, networking, offer, rejection, response, "
        "thank_you, update, withdrew); row not loaded",
        f"  {log}:5: DQ001 cannot read '2026-13-45' as a date (read as year 2026, month 13, "
        "day 45: there is no month 13); row not loaded",
        f"followup-stats: wrote 4 rows (2 events, 2 rows `followup-stats check` does not "
        f"load) to {tmp_path / 'out.csv'}",
    ]
    # The codes are check's own, with the configuration check reads the log with.
    checked = run("check", log, "--as-of", "2026-10-30", "--select", "DQ")
    assert [line.split()[1] for line in checked.out.splitlines()[:2]] == ["DQ002", "DQ001"]
    (tmp_path / "followup-stats.toml").write_text('date_format = "%d/%m/%Y"\n', encoding="utf-8")
    numeric = tmp_path / "numeric.csv"
    numeric.write_text("date,company,event\n10/12/2026,Acme,applied\n", encoding="utf-8")
    assert import_files([numeric]).report()[0] == f"{numeric}: canonical log; 1 row -> 1 event"


def test_a_mapping_date_format_for_a_canonical_log_says_it_is_not_used(tmp_path: Path) -> None:
    """A canonical log is copied as written: a mapping file's date_format was ignored
    without a word; it belongs in the configuration, which check reads dates with."""
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    mapping = tmp_path / "dates.toml"
    mapping.write_text('date_format = "%d/%m/%Y"\n', encoding="utf-8")
    assert import_files([log], mapping=mapping).report() == [
        f"{log}: canonical log; 1 row -> 1 event",
        f"  problem: {mapping}: date_format is not used for a canonical log (it is copied as "
        "written); for `followup-stats check` to read its dates that way, put "
        'date_format = "%d/%m/%Y" in the configuration (followup-stats.toml) instead',
        "wrote 1 event to standard output",
    ]
    assert import_files([log]).report() == [
        f"{log}: canonical log; 1 row -> 1 event",
        "wrote 1 event to standard output",
    ]


#: A tracker whose rows 2 and 3 have one unreadable date among readable ones (Hooli's
#: interview; Globex's interview and decision) and row 4 its only date unreadable.
TRACKER_WITH_BAD_DATES = (
    "Company,Position,Date Applied,Interview Date,Decision Date,Status\n"
    "Hooli,Analyst,2026-10-01,Sept 5,2026-10-09,Rejected\n"
    "Globex,Analyst,2026-10-02,Sept 6,2026-13-09,Rejected\n"
    "Initech,Analyst,Oct 3,,,Applied\n"
)


def test_an_unreadable_date_of_a_tracker_keeps_its_event_out_not_the_row(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """The finding said "row not loaded", though the row's other dates were loaded."""
    tracker = tmp_path / "jobs.csv"
    tracker.write_text(TRACKER_WITH_BAD_DATES, encoding="utf-8")
    loaded = load_log(tracker, as_of="2026-10-30")
    assert sorted(loaded.events[["company", "event"]].astype(str).values.tolist()) == [
        ["Globex", "applied"],
        ["Hooli", "applied"],
        ["Hooli", "rejection"],
    ]
    said = loaded.quality.set_index("value")["message"].str.split("; ").str[-2:].str.join("; ")
    assert said.drop("Oct 3").to_dict() == {
        "Sept 5": "interview not loaded; the row's other dates are",
        "Sept 6": "interview not loaded; the row's applied date is",
        "2026-13-09": "rejection not loaded; the row's applied date is",
    }
    assert said["Oct 3"].endswith("); row not loaded")  # its only event: the row is out
    checked = run("check", tracker, "--as-of", "2026-10-30", "--select", "DQ")
    assert checked.out.splitlines()[0] == (
        f"{tracker}:2: DQ001 [warning] Hooli: cannot read 'Sept 5' as a date (a spelled-out "
        "date needs a day, a month name and a four-digit year); interview not loaded; the "
        "row's other dates are"
    )


def test_duplicates_between_files_ignore_case_and_runs_of_white_space() -> None:
    """The same event typed twice differently (case, a doubled or no-break space) is one
    event; another company, another file's only copy, or a copy within one file is not
    dropped."""
    from followup_stats.importers.combine import PROVENANCE, find_duplicates

    log = pd.DataFrame(
        {
            "date": ["2026-10-01", "2026-10-01", "2026-10-01", "2026-10-01", "2026-10-02"],
            "company": ["Acme  Corp", "acme corp", "ACME\u00a0Corp", "Acme Corp.", "Acme Corp"],
            "role": ["Data Analyst", "data analyst", "Data  analyst", "Data Analyst", "Data"],
            "event": ["applied", "Applied", "applied", "applied", "applied"],
            PROVENANCE: ["a.csv:2", "b.csv:2", "b.csv:3", "b.csv:4", "b.csv:5"],
        },
        dtype="string",
    )
    drop, table = find_duplicates(log, pd.Series([0, 1, 1, 1, 1]))
    assert drop.tolist() == [False, True, True, False, False]
    assert table["dropped"].tolist() == ["b.csv:2", "b.csv:3"]
    assert table["kept"].tolist() == ["a.csv:2", "a.csv:2"]
    # Within one file nothing is a duplicate of another file's event.
    assert not find_duplicates(log, pd.Series([0] * 5))[0].any()


def test_a_tracker_row_loaded_in_part_is_not_counted_as_a_row_not_loaded(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """check's closing line said "3 rows not loaded" of a tracker whose rows 2 and 3 had
    their applied (and Hooli's rejection) loaded: only row 4 loaded nothing."""
    tracker = tmp_path / "jobs.csv"
    tracker.write_text(TRACKER_WITH_BAD_DATES, encoding="utf-8")
    loaded = load_log(tracker, as_of="2026-10-30")
    assert loaded.rows_not_loaded == 1
    assert loaded.partly_loaded == (2, 3)
    checked = run("check", tracker, "--as-of", "2026-10-30", "--select", "DQ")
    closing = (
        "Found 4 problems (0 errors, 4 warnings, 0 info) in 1 file; 1 row not loaded; "
        "2 rows loaded in part (3 events not loaded)."
    )
    assert checked.out.splitlines()[-1] == closing
    counted = run("check", tracker, "--as-of", "2026-10-30", "--select", "DQ", "--statistics")
    assert counted.out.splitlines()[-1] == closing
    said = (
        "1 row of the log was not loaded, nor 3 events of 2 other rows, so the {} "
        "`followup-stats check` says which and why"
    )
    stats = run("stats", tracker, "--as-of", "2026-10-30")
    assert said.format("statistics do not count them;") in stats.err
    todo = run("todo", tracker, "--as-of", "2026-10-30")
    assert said.format("plan does not know them;") in todo.err
    # Rows loaded in part alone: no row is said not loaded.
    tracker.write_text("\n".join(tracker.read_text(encoding="utf-8").splitlines()[:3]) + "\n")
    checked = run("check", tracker, "--as-of", "2026-10-30", "--select", "DQ")
    assert checked.out.splitlines()[-1] == (
        "Found 3 problems (0 errors, 3 warnings, 0 info) in 1 file; "
        "2 rows loaded in part (3 events not loaded)."
    )
    assert (
        "followup-stats: 3 events of 2 rows of the log were not loaded, so the statistics "
        "do not count them;"
    ) in run("stats", tracker, "--as-of", "2026-10-30").err


def test_an_exact_duplicate_stays_one_after_import(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """import says a copied duplicate row is one check does not load; check must agree,
    though the two copies now name different lines in imported_from (and, imported again,
    in imported_from (original))."""
    canon = tmp_path / "canon.csv"
    canon.write_text(
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-01,Acme,applied\n",
        encoding="utf-8",
    )
    first, again = tmp_path / "m.csv", tmp_path / "m2.csv"
    result = run("import", canon, "--out", first)
    assert "wrote 2 rows (1 event, 1 row `followup-stats check` does not load)" in result.err
    result = run("import", first, "--out", again)
    assert "wrote 2 rows (1 event, 1 row `followup-stats check` does not load)" in result.err
    for log in (first, again):
        checked = run("check", log, "--as-of", AS_OF)
        assert f"{log}:3: DQ005 [warning] Acme: exact duplicate of line 2" in checked.out
        assert load_log(log, as_of=AS_OF).rows_not_loaded == 1
