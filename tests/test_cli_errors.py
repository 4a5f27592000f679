"""User mistakes end in one line and exit code 2, never an internal error (DESIGN.md section 5).

Covers what a reviewer found crashing or misleading: ``import --from FORMAT``
on a file of another format, a bad mapping file, an output file that cannot
be written, a report ``--out`` that is a file or cannot be created, and the
``report-all`` progress bar drawn into a pipe. Every case fails before any
notebook runs: the report tests replace the renderer with one that fails the
test if it is reached, and the progress tests with instant fake reports.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli, report
from followup_stats.importers import import_files
from followup_stats.logio import write_log
from followup_stats.report import ReportError, output_folder

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_log.csv"
AS_OF = "2026-10-30"
WIDE = "Company,Position,Date Applied,Interview Date,Status\nAcme,Analyst,2026-08-01,,Applied\n"


class Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_usage_error(code: int, err: str) -> str:
    """The single line of a usage error (exit 2, no traceback, not an internal error)."""
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    """Run ``argv``, which must fail with a one-line usage error; that line."""
    code, _, err = run(capsys, *argv)
    return one_line_usage_error(code, err)


@pytest.fixture
def canonical(tmp_path: Path) -> Path:
    """A copy of the sample log: a canonical log (date, company, event)."""
    return Path(shutil.copy(SAMPLE, tmp_path / "log.csv"))


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text(WIDE, encoding="utf-8")
    return path


# -- import --from FORMAT on a file of another format ------------------------------------------


def test_linkedin_forced_on_a_tracker_names_the_missing_columns(
    wide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    err = usage_error(capsys, "import", wide, "--from", "linkedin", "--out", out)
    assert "does not look like a LinkedIn job applications export" in err
    assert "missing columns 'Application Date', 'Company Name'" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("source_format", "said"),
    [
        ("linkedin", "missing columns 'Application Date', 'Company Name'"),
        ("huntr", "missing columns 'createdAt', 'companyName', 'listName'"),
        ("wide", "cannot read this as a wide tracker: no date column found for any step"),
        ("teal", "cannot read this as a Teal job tracker export: no date column found"),
    ],
)
def test_forced_format_on_a_canonical_log_is_refused(
    canonical: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    source_format: str,
    said: str,
) -> None:
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "import", canonical, "--from", source_format, "--out", out)
    one_line_usage_error(code, err)
    assert said in err
    # The file does have a 'date' column: the message says what it is instead.
    assert "it is a canonical log already, import it without --from" in err
    assert "mapped:" not in err and not out.exists()


def test_huntr_report_names_only_columns_the_file_has(tmp_path: Path) -> None:
    path = tmp_path / "huntr.csv"
    path.write_text(
        "createdAt,companyName,listName\n2026-09-26 19:17:05,Yext,rejected\n", encoding="utf-8"
    )
    result = import_files([path], source_format="huntr")
    lines = result.report()
    assert not any("'title'" in line or "'lastmovedat'" in line for line in lines), lines
    assert not any(line.startswith("  not imported: :") for line in lines), lines
    assert any("dated 'createdAt' (the file has no lastMovedAt column)" in x for x in lines)
    assert result.log["event"].tolist() == ["applied", "rejection"]
    assert set(result.log["company"]) == {"Yext"}


def test_linkedin_columns_named_like_canonical_ones_are_kept_apart(tmp_path: Path) -> None:
    """An extra "Company" column no longer collides with the company from "Company Name"."""
    path = tmp_path / "Job Applications.csv"
    path.write_text(
        'Application Date,Company Name,Job Title,Company\n"11/3/24, 4:40 PM",Hooli,Analyst,X\n',
        encoding="utf-8",
    )
    log = import_files([path], source_format="linkedin").log
    assert log["company"].tolist() == ["Hooli"]
    assert log["date"].tolist() == ["2024-11-03T16:40"]
    assert log["Company (original)"].tolist() == ["X"]


# -- mapping files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('date_format = "%Q"\n', ":1:1: date_format '%Q': 'Q' is a bad directive"),
        ("[columns]\ncompany = []\n", ":2:1: columns.company: expected a column name"),
        ("[columns]\ncompany = 'Employer'\n", ":2:1: column 'Employer' (for company) is not in"),
        ("nonsense = [\n", ":2:1: not valid TOML"),
        (None, ": this is a folder, not a mapping file"),
    ],
)
def test_bad_mapping_file_is_one_line(
    wide: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    said: str,
) -> None:
    """``file:line:column:`` of the entry to blame, as in a settings file."""
    mapping = tmp_path / "map.toml"
    if content is None:
        mapping.mkdir()
    else:
        mapping.write_text(content, encoding="utf-8")
    err = usage_error(capsys, "import", wide, "--map", mapping)
    assert err.startswith(f"followup-stats: error: {mapping}{said}"), err


# -- output files that cannot be written --------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{wide}", "--out", "{out}"],
        ["simulate", "--candidates", "1", "--applications", "2", "--out", "{out}"],
        ["check", "{wide}", "--output", "{out}"],
        ["todo", "{wide}", "--ics", "{out}"],
    ],
)
@pytest.mark.parametrize("where", ["missing folder", "folder"])
def test_output_file_that_cannot_be_written_fails_first(
    wide: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    where: str,
) -> None:
    out = tmp_path / "nowhere" / "out.csv" if where == "missing folder" else tmp_path
    option = argv[-2]
    filled = [a.format(wide=wide, out=out) for a in argv]
    err = usage_error(capsys, *filled)
    if where == "missing folder":
        assert f"{option} {out}: no folder '{out.parent}' to write it in" in err
        assert not out.parent.exists()
    else:
        assert f"{option} {out}: is a folder, not a file" in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{wide}", "--out", "{out}"],
        ["import", "{wide}", "--out", "{out}.parquet"],
        ["simulate", "--candidates", "1", "--applications", "2", "--out", "{out}"],
        ["check", "{wide}", "--output", "{out}"],
        ["stats", "{wide}", "--output", "{out}"],
        ["todo", "{wide}", "--ics", "{out}"],
        ["report", "{wide}", "--out", "{out}"],
    ],
)
def test_output_path_the_system_refuses_names_the_option(
    wide: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A folder that exists but takes no new file (``/proc``): one line naming the option."""
    out = "/proc/followup-stats-out"
    option = argv[-2]
    filled = [a.format(wide=wide, out=out) for a in argv]
    err = usage_error(capsys, *filled)
    # A report's --out is a folder to make; every other output is a file to write there.
    said = "cannot create the folder: " if argv[0] == "report" else "cannot write here: "
    assert err.startswith(f"followup-stats: error: {option} {filled[-1]}: {said}"), err


# -- report and report-all --out ----------------------------------------------------------------


@pytest.fixture
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a notebook would run."""

    def refuse(*args: object, **kwargs: object) -> Any:
        raise AssertionError("a report was rendered")

    monkeypatch.setattr(report, "_run", refuse)
    monkeypatch.setattr(report, "_pool_rows", refuse)


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("command", ["report", "report-all"])
def test_report_out_that_is_a_file(
    canonical: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    existing = tmp_path / "existing"
    existing.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, command, canonical, "--out", existing, "--as-of", AS_OF)
    one_line_usage_error(code, err)
    assert err == f"followup-stats: error: --out {existing}: is a file, not a folder\n"
    assert out == "" and existing.read_text(encoding="utf-8") == "keep me"


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("command", ["report", "report-all"])
def test_report_out_that_cannot_be_created(
    canonical: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    parent = tmp_path / "a-file"
    parent.write_text("", encoding="utf-8")
    target = parent / "reports"  # under a file: mkdir fails, as under /proc
    code, _, err = run(capsys, command, canonical, "--out", target, "--as-of", AS_OF)
    one_line_usage_error(code, err)
    assert err.startswith(f"followup-stats: error: --out {target}: cannot create the folder: ")


def test_output_folder_removes_only_what_it_made_and_left_empty(tmp_path: Path) -> None:
    deep = tmp_path / "new" / "deeper"
    with pytest.raises(ReportError, match="candidate"), output_folder(deep) as made:
        assert made.is_dir()
        raise ReportError("candidate 'Nobody' is not in the log")
    assert not (tmp_path / "new").exists()  # both levels it made are gone
    with output_folder(deep) as made:
        (made / "report.html").write_text("x", encoding="utf-8")
    assert (deep / "report.html").exists()  # kept: something was written
    with output_folder(tmp_path):
        pass
    assert tmp_path.is_dir()  # a folder that was there stays, even empty


# -- report-all progress bar ----------------------------------------------------------------------


def _instant_rows(tasks: Sequence[tuple[str, Any]], jobs: int) -> Iterator[dict[str, Any]]:
    """Every report "written" at once, without a kernel."""
    for label, job in tasks:
        path = str(job.out_dir / f"{job.stem}.html")
        yield {"candidate": label, "status": "ok", "path": path, "error": None}


@pytest.mark.parametrize(
    ("stream", "flags", "shown"),
    [
        (io.StringIO(), [], False),  # a pipe or a file: no bar by default
        (io.StringIO(), ["--no-progress"], False),
        (io.StringIO(), ["--progress"], True),  # forced
        (Terminal(), [], True),  # a terminal: the bar by default
        (Terminal(), ["--no-progress"], False),
    ],
)
def test_report_all_progress_bar_like_check_and_stats(
    canonical: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stream: io.StringIO,
    flags: list[str],
    shown: bool,
) -> None:
    monkeypatch.setattr(report, "_pool_rows", _instant_rows)
    monkeypatch.setattr(sys, "stderr", stream)
    argv = ["report-all", str(canonical), "--out", str(tmp_path / "r"), "--as-of", AS_OF]
    assert cli.main([*argv, *flags]) == 0
    err = stream.getvalue()
    if shown:
        assert "\r" in err and "reports: 100%" in err
    else:
        assert err == ""  # not a single carriage return
    out = capsys.readouterr().out
    assert out.endswith("2 reports written, 0 failed\n")


# -- report-all on a folder: every log check reads, and what it skips --------------------------

SMALL_LOG = pd.DataFrame(
    {"date": ["2026-10-01", "2026-10-08"], "company": ["Acme", "Acme"],
     "event": ["applied", "response"]}
)  # fmt: skip


def _xlsm(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [list(SMALL_LOG.columns), *SMALL_LOG.to_numpy().tolist()]:
        sheet.append(row)
    book.save(path)
    return path


def test_report_all_reads_every_kind_of_log_in_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of only dana.pq said "no log files (*.csv, *.tsv, *.txt)"; .xlsm was ignored."""
    monkeypatch.setattr(report, "_pool_rows", _instant_rows)
    folder = tmp_path / "logs"
    folder.mkdir()
    write_log(SMALL_LOG, folder / "dana.pq")
    _xlsm(folder / "erin.xlsm")
    (folder / "notes.md").write_text("not a log", encoding="utf-8")
    (folder / "old").mkdir()  # a folder is not a file that was skipped
    (folder / "archive.csv").mkdir()  # nor a log, whatever its name
    code, out, err = run(capsys, "report-all", folder, "--out", tmp_path / "r", "--as-of", AS_OF)
    assert code == 0, err
    assert out.endswith("3 reports written, 0 failed\n")  # dana, erin, the coach review
    assert err == (
        f"followup-stats: skipped 3 items in {folder} that are not log files "
        "(named *.csv, *.tsv, *.txt, *.xlsx, *.xlsm, *.ods, *.parquet, *.pq; sub-folders are not "
        "searched, nor pipes or devices read): archive.csv/, notes.md, old/\n"
    )


def test_report_all_names_a_log_of_one_candidate_not_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """allbad.csv (no candidate column) was listed twice: as a file, and as candidate allbad."""
    monkeypatch.setattr(report, "_pool_rows", _instant_rows)
    folder = tmp_path / "logs"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample_log.csv")
    (folder / "allbad.csv").write_text(
        "date,company,event\n31/02/2026,Hooli,applied\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "report-all", folder, "--out", tmp_path / "r", "--as-of", AS_OF)
    assert code == 2
    assert [line for line in out.splitlines() if "not loaded" in line] == [
        f"  not loaded: {folder / 'allbad.csv'}: no row could be loaded, so nothing in it is "
        "reported (`followup-stats check` says why)"
    ]


def test_report_all_passes_over_files_in_the_folder_that_are_no_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notes.txt beside the logs stopped the whole run (no 'date' or 'company' or 'event')."""
    monkeypatch.setattr(report, "_pool_rows", _instant_rows)
    folder = tmp_path / "logs"
    folder.mkdir()
    write_log(SMALL_LOG, folder / "dana.csv")
    (folder / "notes.txt").write_text("Call Gus on Tuesday about Hooli\n", encoding="utf-8")
    (folder / "broken.csv").write_text("date,company,status\n2026-09-01,Acme,sent\n")
    code, out, err = run(capsys, "report-all", folder, "--out", tmp_path / "r", "--as-of", AS_OF)
    # A log with a problem (no event column) is named as the loader says; dana's is written.
    assert code == 2, err
    assert f"  not read: {folder / 'broken.csv'}:1: no 'event' column" in out, out
    assert "2 reports written, 0 failed\n" in out
    (folder / "broken.csv").unlink()
    code, out, err = run(capsys, "report-all", folder, "--out", tmp_path / "r", "--as-of", AS_OF)
    assert code == 0, err
    assert out.endswith("2 reports written, 0 failed\n")  # dana and the coach review
    assert err == (
        f"followup-stats: skipped 1 file in {folder} without the columns of a log "
        "(date, company, event): notes.txt\n"
    )
    (folder / "dana.csv").unlink()
    err = usage_error(capsys, "report-all", folder, "--out", tmp_path / "r", "--as-of", AS_OF)
    assert "no logs in this folder (notes.txt has none of the columns" in err


@pytest.mark.usefixtures("no_rendering")
def test_a_folder_without_logs_names_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.md").write_text("not a log", encoding="utf-8")
    err = usage_error(capsys, "report-all", tmp_path, "--out", tmp_path / "r", "--as-of", AS_OF)
    assert err == (
        f"followup-stats: error: {tmp_path}: no log files (*.csv, *.tsv, *.txt, *.xlsx, *.xlsm, "
        "*.ods, *.parquet, *.pq) in this folder\n"
    )


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("command", ["check", "todo", "report-all"])
def test_a_folder_of_client_folders_says_how_to_name_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``check clients`` of a coach's ``clients/amara/``, ``clients/ben/`` said only "no log
    files", as if the logs were missing."""
    clients = tmp_path / "clients"
    for name in ("amara", "ben"):
        (clients / name).mkdir(parents=True)
        shutil.copy(SAMPLE, clients / name / "log.csv")
    extra: list[str | Path] = ["--out", tmp_path / "r"] if command == "report-all" else []
    err = usage_error(capsys, command, clients, *extra, "--as-of", AS_OF)
    assert err.endswith(
        f"in this folder; its sub-folders are not searched: name them, as in {clients}/*/\n"
    )
    (clients / "ben" / "log.csv").rename(tmp_path / "ben.csv")
    (clients / "ben").rmdir()
    err = usage_error(capsys, command, clients, *extra, "--as-of", AS_OF)
    assert err.endswith(f"; its sub-folder is not searched: name it ({clients}/amara/)\n")


def test_report_and_check_share_the_log_suffixes() -> None:
    from followup_stats.read import LOG_SUFFIXES, PARQUET_SUFFIXES, SPREADSHEET_SUFFIXES

    assert report.LOG_SUFFIXES == LOG_SUFFIXES
    assert set(SPREADSHEET_SUFFIXES) | set(PARQUET_SUFFIXES) <= set(LOG_SUFFIXES)


def test_every_spreadsheet_read_is_listed_where_spreadsheets_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check --help`` listed ``.xlsx, .ods``, though an ``.xlsm`` workbook is read too."""
    from followup_stats.read import SPREADSHEET_SUFFIXES

    assert SPREADSHEET_SUFFIXES == (".xlsx", ".xlsm", ".ods")
    book = openpyxl.Workbook()
    book.active.append(["date", "company", "event"])
    book.active.append(["2026-10-01", "Acme", "applied"])
    book.save(tmp_path / "log.xlsm")
    assert run(capsys, "check", tmp_path / "log.xlsm", "--as-of", AS_OF)[0] == 0
    for command in ("check", "stats", "todo", "report", "report-all", "import"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "(.xlsx, .xlsm, .ods)" in " ".join(out.split()), command
    csv_log = tmp_path / "log.csv"
    csv_log.write_text("date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    err = usage_error(capsys, "report", csv_log, "--sheet", "B", "--as-of", AS_OF)
    assert err.endswith("is not a spreadsheet (.xlsx, .xlsm, .ods)\n")
    (tmp_path / "old.xlsm").write_text("not a workbook\n", encoding="utf-8")
    code, _, err = run(capsys, "check", tmp_path / "old.xlsm", "--as-of", AS_OF)
    assert code == 2 and "this is not an .xlsx, .xlsm or .ods workbook" in err


def test_only_small_text_files_are_read_to_tell_a_note_from_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big log or a workbook is not read a second time just to see its header."""
    note = tmp_path / "notes.txt"
    note.write_text("Call Gus on Tuesday about Hooli\n", encoding="utf-8")
    sheet = tmp_path / "contacts.xlsx"
    sheet.write_bytes(b"not really a workbook")
    assert report.not_logs([note, sheet]) == [note]
    monkeypatch.setattr(report, "NOTE_BYTES", 10)  # the note is now "big": taken for a log
    assert report.not_logs([note, sheet]) == []


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_a_folder_of_logs_is_read_as_its_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """As ruff takes a folder: its logs, what else it holds named on standard error."""
    folder = tmp_path / "clients"
    (folder / "old").mkdir(parents=True)
    os.mkfifo(folder / "pipe.csv")  # no one writes to it: reading it would wait for ever
    shutil.copy(SAMPLE, folder / "alex.csv")
    (folder / "notes.txt").write_text("Call Gus on Tuesday\n", encoding="utf-8")
    # The folder's own settings: read, so never said to be skipped.
    (folder / "followup-stats.toml").write_text("default_wait_days = 7\n", encoding="utf-8")
    code, out, err = run(capsys, command, folder, "--as-of", AS_OF)
    alone = run(capsys, command, folder / "alex.csv", "--as-of", AS_OF)
    assert (code, out) == alone[:2]
    assert err.splitlines() == [
        f"followup-stats: skipped 2 items in {folder} that are not log files (named *.csv, *.tsv, "
        "*.txt, *.xlsx, *.xlsm, *.ods, *.parquet, *.pq; sub-folders are not searched, nor pipes "
        "or devices read): old/, pipe.csv",
        f"followup-stats: skipped 1 file in {folder} without the columns of a log (date, "
        "company, event): notes.txt",
    ]
    err = usage_error(capsys, command, folder / "old", "--as-of", AS_OF)
    assert "old: no log files (*.csv" in err


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_lock_files_beside_an_open_workbook_do_not_stop_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Excel keeps ``~$ben.xlsx`` while ``ben.xlsx`` is open, macOS ``._ben.csv`` on a shared
    drive: named like logs, they were read as damaged ones and stopped the whole run."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "alex.csv")
    (folder / "~$ben.xlsx").write_bytes(b"\x05Coach" + bytes(158))
    (folder / "._alex.csv").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    code, out, err = run(capsys, command, folder, "--as-of", AS_OF)
    alone = run(capsys, command, folder / "alex.csv", "--as-of", AS_OF)
    assert (code, out) == alone[:2]
    assert err.splitlines() == [
        f"followup-stats: skipped 2 lock files in {folder} that a spreadsheet program (or "
        "macOS) keeps beside an open document, not logs: ._alex.csv, ~$ben.xlsx"
    ]
    assert report.folder_logs(folder)[0] == [folder / "alex.csv"]


def test_an_empty_file_says_how_to_start_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A coach's file for a new client, made with ``touch``: the one line says what a new
    log needs, not only that the file is empty; the other client is still checked."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "alex.csv")
    (folder / "emma.csv").write_bytes(b"")
    code, out, err = run(capsys, "check", folder, "--as-of", AS_OF)
    alone = run(capsys, "check", folder / "alex.csv", "--as-of", AS_OF)[1]
    assert code == 2
    assert out == alone.replace(" in 1 file.\n", " in 1 file; 1 file could not be read.\n")
    assert err == (
        f"followup-stats: error: {folder / 'emma.csv'}: the file is empty, not even a header "
        "row; a new log starts with its header (date,company,event), and one with only a "
        "header is read as a log of no events\n"
    )
    (folder / "emma.csv").write_text("date,company,event\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", folder, "--as-of", AS_OF)
    assert code == 1 and out.endswith(f"in 1 file; {folder / 'emma.csv'} holds no events.\n")


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name saved by a Latin-1 system (``caf\\xe9.csv``) reached Arrow as a surrogate:
    exit 3 in every command. Its rows load, its name shows as ``caf\\xe9.csv``, and an
    output so named is written and said."""
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"caf\xe9.csv")
    Path(name).write_text(
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-02,Acme,follow_up\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "check", name, "--as-of", AS_OF)
    assert (code, err) == (1, "")
    assert out.startswith("caf\\xe9.csv:3: FU005 [error] Acme: follow-up on 2 Oct 2026")
    code, out, _ = run(capsys, "check", ".", "--as-of", AS_OF, "--format", "json")
    assert code == 1 and json.loads(out)[0]["file"] == "caf\\xe9.csv"
    simulated = os.fsdecode(b"sim\xe9.csv")
    code, _, err = run(capsys, "simulate", "--candidates", "1", "--out", simulated)
    assert code == 0 and err.startswith("wrote sim\\xe9.csv: ")
    assert Path(simulated).is_file()
    imported = os.fsdecode(b"imp\xe9.parquet")
    code, _, err = run(capsys, "import", name, "--out", imported)
    assert code == 0 and "caf\\xe9.csv: canonical log; 2 rows -> 2 events" in err
    assert run(capsys, "check", imported, "--as-of", AS_OF)[0] == 1  # its FU005, read back
    # A report's notebook takes its parameters as JSON: the name is refused in one line.
    err = usage_error(capsys, "report", name, "--as-of", AS_OF, "--out", "reports")
    assert err == (
        "followup-stats: error: caf\\xe9.csv: the path is not UTF-8 text, which a report's "
        "notebook needs; rename the file or folder, copy the log to such a path, or use "
        "--anonymize (which reads a copy)\n"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("log.csv", "log.csv"),
        ("my log.csv", "my log.csv"),
        (os.fsdecode(b"caf\xe9.csv"), "caf\\xe9.csv"),  # not UTF-8: its byte escaped
        ("o\x1b[2Jdd.csv", "o\\x1b[2Jdd.csv"),  # a control character: escaped, never sent
    ],
)
@pytest.mark.parametrize("option", ["--output", "--ics"])
def test_output_over_an_input_names_the_file_bare(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    shown: str,
    option: str,
) -> None:
    """The file is named as other one-line errors name files (``--output x.csv: is a
    folder``), not quoted as Python writes text; odd names still print safely."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SAMPLE, name)
    command = "todo" if option == "--ics" else "check"
    err = usage_error(capsys, command, name, "--as-of", AS_OF, option, name)
    assert err == (
        f"followup-stats: error: {option} {shown}: is one of the input files; refusing to "
        "write over it (choose another file name)\n"
    )
    assert Path(name).read_bytes() == SAMPLE.read_bytes()


def test_small_slips_found_by_the_fuzzing_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output ending in a slash wrote a file of that name; a settings file as Notepad
    saves it (with a byte order mark) was "not valid TOML"; a report of a log with no rows
    did not name it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, "log.csv")
    err = usage_error(capsys, "check", "log.csv", "--as-of", AS_OF, "--output", "new/")
    assert err == (
        "followup-stats: error: --output new/: ends with a slash, so it names a folder: "
        "give a file name\n"
    )
    assert not Path("new").exists()
    Path("bom.toml").write_bytes(b"\xef\xbb\xbfidle_days = 30\n")
    code, out, _ = run(capsys, "check", "log.csv", "--as-of", AS_OF, "--config", "bom.toml")
    assert code == 1 and "FU011" not in out
    Path("empty.csv").write_text("date,company,event\n", encoding="utf-8")
    err = usage_error(capsys, "report", "empty.csv", "--as-of", AS_OF, "--out", "r")
    assert err == (
        "followup-stats: error: empty.csv holds no events (it has a header but no data rows), "
        "so there is nothing to report on\n"
    )


@pytest.mark.parametrize("name", ["followup-stats.toml", "pyproject.toml"])
@pytest.mark.parametrize("kind", ["broken link", "folder", "pipe"])
def test_a_settings_file_that_cannot_be_read_is_not_skipped_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, kind: str
) -> None:
    """Beside the log, it would have been read: the defaults judged the log without a word."""
    shutil.copy(SAMPLE, tmp_path / "log.csv")
    settings = tmp_path / name
    if kind == "broken link":
        settings.symlink_to(tmp_path / "gone.toml")
    elif kind == "folder":
        settings.mkdir()
    else:
        os.mkfifo(settings)
    err = usage_error(capsys, "check", tmp_path / "log.csv", "--as-of", AS_OF)
    assert err.startswith(f"followup-stats: error: {settings}: cannot be read as a settings file")
    chosen = tmp_path / "chosen.toml"
    chosen.write_text("idle_days = 9\n", encoding="utf-8")
    named = run(capsys, "check", tmp_path / "log.csv", "--as-of", AS_OF, "--config", chosen)
    assert named[0] == 1  # a settings file named on the command line: none is looked for


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_a_required_column_misspelt_in_the_header_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """A header cell one slip from a required column ('Compnay') is pointed at, with its
    position, rather than left to be found in the list of columns; an unrelated name
    ('Employer') gets no guess."""
    log = tmp_path / "log.csv"
    log.write_text("Date,Compnay,Event,Notes\n2026-10-01,Hooli,applied,\n", encoding="utf-8")
    code, _, err = run(capsys, command, log, "--as-of", AS_OF)
    assert code == 2
    assert err == (
        f"followup-stats: error: {log}:1: no 'company' column (did you mean column 2, "
        "'Compnay'? name it company); a log needs date, company and event (columns found: "
        "Date, Compnay, Event, Notes)\n"
    )
    log.write_text("Date,Employer,Event\n2026-10-01,Hooli,applied\n", encoding="utf-8")
    code, _, err = run(capsys, command, log, "--as-of", AS_OF)
    assert code == 2 and "no 'company' column; a log needs" in err, err


# -- standard input ------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize(
    ("argv", "instead"),
    [
        (["check", "-", "--as-of", AS_OF], "give a file (or /dev/stdin)"),
        (["stats", "-", "--as-of", AS_OF], "give a file (or /dev/stdin)"),
        (["todo", "-", "--as-of", AS_OF], "give a file (or /dev/stdin)"),
        (["import", "-"], "give a file (or /dev/stdin)"),
        (["report", "-", "--as-of", AS_OF], "save it to a file and give that"),
        (["report-all", "-", "--as-of", AS_OF], "save it to a file and give that"),
    ],
)
def test_a_log_named_dash_is_told_standard_input_is_not_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    instead: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no file named "-" here
    err = usage_error(capsys, *argv)
    assert err == f"followup-stats: error: -: standard input is not read; {instead}\n"


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--config", "-"], "--config -: standard input is not read; give a settings file"),
        (["--map", "-"], "-: standard input is not read; give a mapping file (or /dev/stdin)"),
    ],
)
def test_a_settings_or_mapping_file_named_dash_is_told_standard_input_is_not_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    option: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no file named "-" here
    (tmp_path / "wide.csv").write_text(WIDE, encoding="utf-8")
    command = ["import", "wide.csv"] if option[0] == "--map" else ["check", SAMPLE]
    err = usage_error(capsys, *command, *option)
    assert err == f"followup-stats: error: {said}\n"


def test_a_settings_file_that_is_a_pipe_or_a_folder_is_said_to_be_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--config /dev/stdin`` (a pipe) and ``--config FOLDER`` exist: not "no such file"."""
    pipe = tmp_path / "settings.pipe"
    os.mkfifo(pipe)
    err = usage_error(capsys, "check", SAMPLE, "--config", str(pipe))
    assert err == (
        f"followup-stats: error: --config {str(pipe)!r}: settings are read from a regular "
        "file, not a pipe or device; save them to a file and give that\n"
    )
    err = usage_error(capsys, "check", SAMPLE, "--config", str(tmp_path))
    assert (
        err
        == f"followup-stats: error: --config {str(tmp_path)!r}: is a folder; give a settings file\n"
    )
    missing = tmp_path / "none.toml"
    err = usage_error(capsys, "check", SAMPLE, "--config", str(missing))
    assert err == f"followup-stats: error: --config {str(missing)!r}: no such configuration file\n"


def test_a_missing_log_is_still_no_such_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("nope.csv", "nope.xlsx"):
        missing = tmp_path / name
        err = usage_error(capsys, "check", missing, "--as-of", AS_OF)
        assert err == f"followup-stats: error: {missing}: no such file or folder\n"


@pytest.mark.usefixtures("no_rendering")
def test_report_of_a_pipe_says_it_needs_a_regular_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "log.csv"
    os.mkfifo(pipe)  # as /dev/stdin is when a log is piped in: it can be read only once
    err = usage_error(capsys, "report", pipe, "--as-of", AS_OF)
    assert err == (
        f"followup-stats: error: {pipe}: a report reads its log more than once, so it takes a "
        "regular file, not a pipe or device: save the log to a file and give that\n"
    )
