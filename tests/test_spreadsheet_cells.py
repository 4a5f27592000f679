"""Spreadsheet logs give what the same log as CSV gives: times at midnight, formulas, odd names."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from midnight_log import reply_then_follow_up

from followup_stats.cli import main
from followup_stats.importers.spreadsheet import read_spreadsheet
from followup_stats.load import load_log

AS_OF = "2026-10-30"


def _check_output(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    """``check`` on ``path``: exit code, standard output and error, the file named ``LOG``."""
    code = main(["check", str(path), "--as-of", AS_OF])
    captured = capsys.readouterr()
    label = f"{path}[Sheet1]" if path.suffix in (".xlsx", ".ods") else str(path)
    return code, captured.out.replace(label, "LOG"), captured.err.replace(label, "LOG")


def _write_sheet(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as the first sheet (``Sheet1``) of an ``.xlsx`` or ``.ods`` workbook."""
    with pd.ExcelWriter(path, engine="odf" if path.suffix == ".ods" else "openpyxl") as writer:
        frame.to_excel(writer, index=False)


# -- a date-time at midnight keeps its time --------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_date_time_at_midnight_keeps_its_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """Midnight was written as a bare date, so the reply sorted after the follow-up."""
    frame = reply_then_follow_up()
    sheet = tmp_path / f"log{suffix}"
    _write_sheet(frame, sheet)
    frame.to_csv(tmp_path / "log.csv", index=False)
    assert read_spreadsheet(sheet).cells["date"].tolist()[3] == "2026-09-25T00:00"
    from_csv = _check_output(capsys, tmp_path / "log.csv")
    assert "LOG:6: FU005" in from_csv[1]
    assert _check_output(capsys, sheet) == from_csv


def test_an_xlsx_cell_formatted_as_a_date_is_a_date(tmp_path: Path) -> None:
    """What a cell shows decides: a date format shows no time, a date-time format shows one."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["date", "company", "event"])
    formats = [
        (dt.datetime(2026, 9, 25), "yyyy-mm-dd", "2026-09-25"),
        (dt.datetime(2026, 9, 25, 18, 0), "d-mmm-yy", "2026-09-25"),  # the time is not shown
        (dt.datetime(2026, 9, 25), "[$-409]m/d/yy h:mm AM/PM;@", "2026-09-25T00:00"),
        (dt.datetime(2026, 9, 25), "YYYY-MM-DD HH:MM:SS", "2026-09-25T00:00"),
        (dt.datetime(2026, 9, 25), 'dd/mm/yyyy" h"', "2026-09-25"),  # quoted text, no code
        (dt.date(2026, 9, 25), "yyyy-mm-dd", "2026-09-25"),
    ]
    for row, (value, number_format, _) in enumerate(formats, start=2):
        sheet.append([value, "Acme", "applied"])
        sheet.cell(row, 1).number_format = number_format
    book.save(tmp_path / "log.xlsx")
    cells = read_spreadsheet(tmp_path / "log.xlsx").cells
    assert cells["date"].tolist() == [text for _, _, text in formats]


def test_an_ods_date_value_without_a_time_is_a_date(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "date": [dt.date(2026, 9, 25), dt.datetime(2026, 9, 25)],
            "company": ["Acme", "Acme"],
            "event": ["applied", "follow_up"],
        }
    )
    _write_sheet(frame, tmp_path / "log.ods")  # date-values 2026-09-25, 2026-09-25T00:00:00
    cells = read_spreadsheet(tmp_path / "log.ods").cells
    assert cells["date"].tolist() == ["2026-09-25", "2026-09-25T00:00"]
    log = load_log(tmp_path / "log.ods", as_of=AS_OF)
    assert log.events["has_time"].tolist() == [False, True]


# -- formulas with no saved value ------------------------------------------------------------


def _formula_workbook(
    path: Path, rows: list[list[object]], saved: dict[str, str] | None = None
) -> Path:
    """An .xlsx written by openpyxl (which stores formulas without their values).

    ``saved`` gives some formula cells the value a spreadsheet program would
    have stored (``{"A3": "46268"}``), written into the sheet's XML.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str) and cell.value.startswith("=DATE"):
                cell.number_format = "yyyy-mm-dd"
    book.save(path)
    if saved:
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        xml = members["xl/worksheets/sheet1.xml"].decode()
        for cell, value in saved.items():
            # Saved text (empty included) is typed so, as a spreadsheet program writes it.
            text = not value.replace(".", "", 1).isdigit()
            start = rf'<c r="{cell}" t="str">' if text else r"\1"
            xml = re.sub(rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v ?/>',
                         rf"{start}\2<v>{value}</v>", xml)  # fmt: skip
        members["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    return path


def test_a_row_of_formulas_without_values_is_reported_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Such a row read as blank and disappeared: no event, no reject."""
    path = _formula_workbook(
        tmp_path / "log.xlsx",
        [
            ["date", "company", "event", "notes"],
            ["2026-09-01", "Acme", "applied", None],
            ["=DATE(2026,9,3)", '="Acme"', '="follow_up"'],
            ["2026-09-20", "Acme", "interview", '=CONCAT("a","b")'],
        ],
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events["line"].tolist() == [2, 4]
    assert log.rejects[["line", "code"]].values.tolist() == [[3, "DQ001"]]
    notes = log.quality[log.quality["code"] == "DQ004"]
    assert notes["line"].tolist() == [3, 4]
    assert notes["message"].iloc[0].startswith("date, company, event: formulas with no saved value")
    assert notes["message"].iloc[1].startswith("notes: a formula with no saved value")
    assert "save it there to store the values" in notes["message"].iloc[0]
    _, out, _ = _check_output(capsys, path)
    assert "LOG:3: DQ001" in out and "LOG:3: DQ004" in out and "LOG:4: DQ004" in out


def test_formulas_give_their_saved_values(tmp_path: Path) -> None:
    serial = (dt.date(2026, 9, 3) - dt.date(1899, 12, 30)).days
    path = _formula_workbook(
        tmp_path / "log.xlsx",
        [
            ["date", "company", "event"],
            ["2026-09-01", "Acme", "applied"],
            ["=DATE(2026,9,3)", "Acme", '="follow_up"'],
        ],
        saved={"A3": str(serial)},  # C3 has none: that cell alone is reported
    )
    log = load_log(path, as_of=AS_OF)
    assert read_spreadsheet(path).cells["date"].tolist() == ["2026-09-01", "2026-09-03"]
    assert log.rejects[["line", "code"]].values.tolist() == [[3, "DQ002"]]
    note = log.quality[log.quality["code"] == "DQ004"]["message"].tolist()
    assert note and note[0].startswith("event: a formula with no saved value")


def test_a_formula_saved_as_empty_text_is_blank(tmp_path: Path) -> None:
    """A template's formula filled down (``IF(A3="","",...)``) saves an empty text: blank rows
    stay skipped, and no cell is called unsaved."""
    path = _formula_workbook(
        tmp_path / "log.xlsx",
        [
            ["date", "company", "event", "follow_up_due", "notes"],
            ["2026-09-01", "Acme", "applied", '=IF(A2="","",A2&"+7")', '=IF(B2="x","y","")'],
            [None, None, None, '=IF(A3="","",A3&"+7")'],
            [None, None, None, '=IF(A4="","",A4&"+7")'],
        ],
        saved={"D2": "2026-09-01+7", "E2": "", "D3": "", "D4": ""},
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events["line"].tolist() == [2]
    assert log.rejects.empty and log.quality.empty, log.quality


# -- a workbook named for another format -----------------------------------------------------


def test_an_excel_workbook_named_ods_is_read_as_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its content was found to be .xlsx, then openpyxl refused it by its name."""
    _write_sheet(reply_then_follow_up(), tmp_path / "log.xlsx")
    misnamed = tmp_path / "log.ods"
    misnamed.write_bytes((tmp_path / "log.xlsx").read_bytes())
    from_xlsx = _check_output(capsys, tmp_path / "log.xlsx")
    assert "LOG:6: FU005" in from_xlsx[1]
    assert _check_output(capsys, misnamed) == from_xlsx


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
@pytest.mark.parametrize("second", ["{name}[Sheet1]", "./{name}[Sheet1]", "{name}"])
def test_one_sheet_named_two_ways_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, second: str
) -> None:
    """``log.xlsx`` is its first sheet: with ``log.xlsx[Sheet1]`` too, each row counts once."""
    frame = pd.DataFrame(
        {
            "date": ["2026-10-01", "2026-10-09"],
            "company": ["Acme", "Acme"],
            "event": ["applied", "follow_up"],
        }
    )
    name = f"log{suffix}"
    _write_sheet(frame, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    loaded = load_log([name, second.format(name=name)], as_of="2026-11-20")
    assert len(loaded.events) == 2
    assert loaded.events["line"].tolist() == [2, 3]
    assert main(["check", name, second.format(name=name), "--as-of", "2026-11-20"]) == 0


def test_a_workbook_named_two_ways_is_one_file_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.DataFrame(
        {
            "date": ["2026-10-01", "2026-10-02"],
            "company": ["Acme"] * 2,
            "event": ["applied", "follow_up"],  # too early: FU005
        }
    )
    _write_sheet(frame, tmp_path / "log.xlsx")
    monkeypatch.chdir(tmp_path)
    for argv in (["log.xlsx", "log.xlsx[Sheet1]"], ["log.xlsx[Sheet1]", "log.xlsx"]):
        main(["check", *argv, "--as-of", "2026-11-20"])
        assert capsys.readouterr().out.strip().endswith("in 1 file.")
    main(["check", "log.xlsx", "--as-of", "2026-11-20", "--statistics"])
    assert "in 1 file." in capsys.readouterr().out
