"""Among several logs, one that cannot be a log at all is named and the others still read.

A coach's folder of clients holds a file made with ``touch`` and one whose
header has a slip (``Compnay``). As a linter reports every file's problem in
one run, each such file gets its one line (file, line, what is wrong), the
other logs are checked, counted, planned and reported as they would be alone,
and the exit code is 2. A single log is refused as before.
"""

from __future__ import annotations

import html
import json
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest

from followup_stats import cli
from followup_stats.config import Config
from followup_stats.engines import pandas_engine
from followup_stats.errors import LogFormatError, UnreadableLogs
from followup_stats.load import load_log

DATA = Path(__file__).resolve().parents[1] / "data"
AS_OF = "2026-10-30"
CHLOE = (
    "followup-stats: error: clients/chloe.csv:1: no 'company' column (did you mean column 2, "
    "'Compnay'? name it company); a log needs date, company and event (columns found: "
    "Date, Compnay, Event, Application ID)"
)
EMMA = (
    "followup-stats: error: clients/emma.csv: the file is empty, not even a header row; a new "
    "log starts with its header (date,company,event), and one with only a header is read as "
    "a log of no events"
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def clients(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``clients/``: a good log (``alex.csv``), an empty file and a misspelt header."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(DATA / "sample_log.csv", folder / "alex.csv")
    (folder / "emma.csv").touch()
    (folder / "chloe.csv").write_text(
        "Date,Compnay,Event,Application ID\n2026-10-01,Hooli,applied,1\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--format", "json"),
        ("check", "--format", "csv"),
        ("stats",),
        ("stats", "--format", "json"),
        ("todo",),
    ],
)
def test_the_other_logs_are_read_as_alone(
    clients: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, err = _run(capsys, *argv, "clients", "--as-of", AS_OF)
    alone = _run(capsys, *argv, "clients/alex.csv", "--as-of", AS_OF)
    assert code == 2
    assert out == alone[1]
    assert err.splitlines() == [*alone[2].splitlines(), CHLOE, EMMA]


def test_check_text_counts_the_logs_not_read(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "check", "clients", "--as-of", AS_OF)
    alone = _run(capsys, "check", "clients/alex.csv", "--as-of", AS_OF)[1]
    assert code == 2
    *findings, summary = out.splitlines()
    assert findings == alone.splitlines()[:-1]
    assert summary == (
        "Found 21 problems (9 errors, 7 warnings, 5 info) in 1 file; 2 files could not be read."
    )
    assert err.splitlines() == [CHLOE, EMMA]


def test_check_without_findings_claims_no_pass(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clean log beside an unreadable one: not "All checks passed!"."""
    (clients / "alex.csv").write_text(
        "date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8"
    )
    code, out, err = _run(capsys, "check", "clients", "--as-of", "2026-10-02")
    assert code == 2
    assert out == "No problems in the other file; nothing checked in 2 files.\n"
    assert err.splitlines() == [CHLOE, EMMA]
    code, out, _ = _run(capsys, "check", "clients/alex.csv", "--as-of", "2026-10-02")
    assert (code, out) == (0, "All checks passed!\n")


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
@pytest.mark.parametrize("bad", ["emma.csv", "chloe.csv"])
def test_a_single_bad_log_is_refused_as_before(
    clients: Path, capsys: pytest.CaptureFixture[str], command: str, bad: str
) -> None:
    code, out, err = _run(capsys, command, f"clients/{bad}", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err == (CHLOE if bad == "chloe.csv" else EMMA) + "\n"


@pytest.mark.parametrize("command", ["check", "stats", "todo", "report-all"])
def test_when_no_log_can_be_read_each_is_named(
    clients: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (clients / "alex.csv").unlink()
    code, out, err = _run(capsys, command, "clients", "--as-of", AS_OF)
    assert (code, out) == (2, "")
    assert err.splitlines() == [CHLOE, EMMA]


def test_todo_leaves_the_calendar_as_it_was(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A calendar without the unread log's reminders would drop them from a subscription."""
    calendar = clients.parent / "plan.ics"
    calendar.write_text("old", encoding="utf-8")
    code, _, err = _run(capsys, "todo", "clients", "--as-of", AS_OF, "--ics", calendar)
    assert code == 2 and calendar.read_text(encoding="utf-8") == "old"
    assert "plan.ics left as it was: a log could not be read" in err


def test_the_loader_sets_them_aside_only_when_asked(clients: Path) -> None:
    logs = ["clients/chloe.csv", "clients/alex.csv", "clients/emma.csv"]
    with pytest.raises(LogFormatError, match="no 'company' column") as raised:
        load_log(logs, as_of=AS_OF)
    assert not isinstance(raised.value, UnreadableLogs)
    loaded = load_log(logs, as_of=AS_OF, skip_unreadable=True)
    assert loaded.sources == ("clients/alex.csv",)
    assert [e.path for e in loaded.unreadable] == ["clients/chloe.csv", "clients/emma.csv"]
    assert loaded.events.equals(load_log("clients/alex.csv", as_of=AS_OF).events)
    with pytest.raises(UnreadableLogs) as none:
        load_log(logs[::2], as_of=AS_OF, skip_unreadable=True)
    assert [str(e) for e in none.value.errors] == [
        line.removeprefix("followup-stats: error: ") for line in (CHLOE, EMMA)
    ]


def test_logs_split_over_processes_set_them_aside_alike(tmp_path: Path) -> None:
    """``--jobs``: the logs are read before they are split; the unread ones are named."""
    shutil.copy(DATA / "sample_cohort.csv", tmp_path / "cohort.csv")
    (tmp_path / "emma.csv").touch()
    logs = [str(tmp_path / "cohort.csv"), str(tmp_path / "emma.csv")]
    assert len(pandas_engine._split(logs, None, 2, 50)[1]) == 2  # split in two parts
    alone = pandas_engine.check_log(logs[:1], Config(), AS_OF)
    checked = pandas_engine.check_log(logs, Config(), AS_OF, jobs=2, rows_per_process=50)
    assert [e.path for e in checked.unreadable] == [logs[1]]
    assert checked.diagnostics.equals(alone.diagnostics)
    tables = pandas_engine.stats_log(logs, Config(), AS_OF, jobs=2, rows_per_process=50)
    assert [e.path for e in tables.unreadable] == [logs[1]]
    assert tables["rates"].equals(pandas_engine.stats_log(logs[:1], Config(), AS_OF)["rates"])


def test_logs_under_two_configuration_files(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each client judged by their own settings: an unread log beside them is named."""
    (clients / "pyproject.toml").write_text(
        "[tool.followup_stats]\nselect = ['FU']\n", encoding="utf-8"
    )
    other = clients.parent / "other"
    other.mkdir()
    (other / "ben.csv").write_text(  # no candidate column: Ben's own, not Alex's
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-02,Acme,follow_up\n",
        encoding="utf-8",
    )
    logs = ["clients/alex.csv", "clients/emma.csv", "other/ben.csv", "clients/chloe.csv"]
    code, out, err = _run(capsys, "check", *logs, "--as-of", AS_OF, "--format", "json")
    found = {row["file"] for row in json.loads(out)}
    assert code == 2 and found == {"clients/alex.csv", "other/ben.csv"}
    assert err.splitlines() == [EMMA, CHLOE]
    code, out, err = _run(capsys, "todo", *logs, "--as-of", AS_OF)
    assert code == 2 and "Follow up" in out
    assert err.splitlines()[-2:] == [EMMA, CHLOE]


def test_report_all_writes_the_other_reports(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("report-all", "clients", "--as-of", AS_OF, "--out", "reports", "--no-progress")
    code, out, err = _run(capsys, *argv)
    assert code == 2, err
    assert out.splitlines() == [
        f"wrote reports/Alex_Rivera_{AS_OF}.html",
        f"wrote reports/coach_review_{AS_OF}.html",
        "2 reports written, 0 failed",
        f"  not read: {CHLOE.removeprefix('followup-stats: error: ')}",
        f"  not read: {EMMA.removeprefix('followup-stats: error: ')}",
    ]


def test_report_of_a_folder_names_them_after_writing(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "report", "clients", "--as-of", AS_OF, "--out", "reports")
    assert code == 2, err
    assert out == f"wrote reports/Alex_Rivera_{AS_OF}.html\n"
    assert err.splitlines() == [CHLOE, EMMA]


def test_a_report_of_nothing_else_names_the_empty_log_too(
    clients: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mending the unread logs would not lead to a second refusal: the header-only log
    beside them is named on the last line."""
    (clients / "alex.csv").write_text("date,company,event\n", encoding="utf-8")
    code, out, err = _run(capsys, "report-all", "clients", "--as-of", AS_OF, "--out", "r")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        CHLOE,
        f"{EMMA}; clients/alex.csv holds no events (it has a header but no data rows), so "
        "there is nothing in it to report on",
    ]


@pytest.mark.parametrize("command", ["todo", "report"])
def test_a_candidate_not_found_may_be_in_a_log_not_read(
    clients: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``--candidate Emma``, whose log is the empty file: not "not in the log"."""
    argv = (command, "clients", "--candidate", "Emma", "--as-of", AS_OF, "--out", "r")
    code, out, err = _run(capsys, *argv[: None if command == "report" else -2])
    assert (code, out) == (2, "")
    assert err == (
        "followup-stats: error: --candidate 'Emma': not in the logs read, and "
        "clients/chloe.csv, clients/emma.csv could not be read (`followup-stats check` says "
        "why)\n"
    )


@pytest.mark.parametrize("command", ["todo", "report"])
def test_a_misspelt_candidate_beside_a_log_not_read_still_gets_a_suggestion(
    clients: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``--candidate 'Alex Rivra'`` lost its "did you mean Alex Rivera?" when a log of the
    folder could not be read; a name close to none gets no list of names there."""
    argv = (command, "clients", "--candidate", "Alex Rivra", "--as-of", AS_OF, "--out", "r")
    code, out, err = _run(capsys, *argv[: None if command == "report" else -2])
    assert (code, out) == (2, "")
    assert err == (
        "followup-stats: error: --candidate 'Alex Rivra': not in the logs read (did you mean "
        "Alex Rivera?), and clients/chloe.csv, clients/emma.csv could not be read "
        "(`followup-stats check` says why)\n"
    )


def _workbook(path: Path, sheets: str = "ABC") -> Path:
    """``book.xlsx``: sheets A and C are logs of one application each, B has no company
    column (in the order of ``sheets``)."""
    import openpyxl

    book = openpyxl.Workbook()
    cells = {
        "A": ["date", "company", "event", "2026-10-01", "Acme", "applied"],
        "B": ["date", "Compnay", "event", "2026-10-01", "Acme", "applied"],
        "C": ["date", "company", "event", "2026-10-02", "Beta", "applied"],
    }
    for position, name in enumerate(sheets):
        sheet = book.active if position == 0 else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        sheet.append(cells[name][:3])
        sheet.append(cells[name][3:])
    book.save(path)
    return path


def test_a_workbook_with_a_sheet_not_read_still_counts_as_a_file_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Sheet A is read and checked, sheet B has no company column: the closing line said
    "Nothing checked in 1 file." (one workbook less one sheet not read made no file), then
    "No problems in the other file; nothing checked in 1 file." of one workbook."""
    path = _workbook(tmp_path / "book.xlsx")
    code, out, err = _run(capsys, "check", f"{path}[A]", f"{path}[B]", "--as-of", AS_OF)
    assert code == 2
    assert out == "No problems in the other sheet; nothing checked in 1 sheet.\n"
    assert err.startswith(f"followup-stats: error: {path}[B]:1: no 'company' column")


@pytest.mark.parametrize(
    ("logs", "said"),
    [
        (["A", "C", "B"], "No problems in the other 2 sheets; nothing checked in 1 sheet."),
        (["A", "B", "x.csv"], "No problems in the 2 files read; nothing checked in 1 sheet."),
        (
            ["A", "B", "emma.csv"],
            "No problems in the other sheet; nothing checked in 1 file and 1 sheet.",
        ),
        (
            ["A", "B", "y.csv"],
            "Found 1 problem (1 error, 0 warnings, 0 info) in 2 files; 1 sheet could not be read.",
        ),
    ],
    ids=["three-sheets", "beside-a-file", "beside-an-empty-file", "with-a-finding"],
)
def test_the_sheets_of_a_workbook_not_read_are_said_as_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], logs: list[str], said: str
) -> None:
    """Beside other files, a workbook's sheet not read is a sheet, a file not read a file."""
    path = _workbook(tmp_path / "book.xlsx")
    (tmp_path / "x.csv").write_text("date,company,event\n2026-10-01,Zed,applied\n", "utf-8")
    (tmp_path / "y.csv").write_text(
        "date,company,event\n2026-10-01,Zed,applied\n2026-10-02,Zed,follow_up\n", "utf-8"
    )
    (tmp_path / "emma.csv").touch()
    named = [f"{path}[{log}]" if len(log) == 1 else tmp_path / log for log in logs]
    code, out, _ = _run(capsys, "check", *named, "--as-of", AS_OF)
    assert code == 2
    assert out.splitlines()[-1] == said
    code, out, _ = _run(capsys, "check", *named, "--as-of", AS_OF, "--statistics")
    assert out.splitlines()[-1] == said


def test_a_workbook_named_whole_whose_first_sheet_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``book.xlsx`` (its first sheet, B, not read: its error names ``book.xlsx[B]``) and
    ``book.xlsx[A]``: the closing line said "Nothing checked in 1 file." of a sheet read."""
    path = _workbook(tmp_path / "book.xlsx", sheets="BA")
    code, out, err = _run(capsys, "check", path, f"{path}[A]", "--as-of", AS_OF)
    assert code == 2
    assert out == "No problems in the other sheet; nothing checked in 1 sheet.\n"
    assert err.startswith(f"followup-stats: error: {path}[B]:1: no 'company' column")


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["B", "", "one.csv"], "No problems in the other file; nothing checked in 1 file."),
        (["", "B", "one.csv"], "No problems in the other file; nothing checked in 1 file."),
        (
            ["B", "", "A", "one.csv"],
            "No problems in the 2 files read; nothing checked in 1 sheet.",
        ),
    ],
    ids=["by-name-first", "whole-first", "beside-a-sheet-read"],
)
def test_a_sheet_named_twice_and_not_read_is_said_and_counted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: list[str], said: str
) -> None:
    """``book.xlsx[B]`` and ``book.xlsx`` (whose first sheet is B, which cannot be read)
    name one sheet: said "No problems in the 2 files read; nothing checked in 1 file and
    1 sheet." of what was one file read, and printed the error twice."""
    path = _workbook(tmp_path / "book.xlsx", sheets="BA")
    (tmp_path / "one.csv").write_text("date,company,event\n2026-10-01,Zed,applied\n", "utf-8")
    named = [tmp_path / n if n.endswith(".csv") else (f"{path}[{n}]" if n else path) for n in names]
    for statistics in ([], ["--statistics"]):
        code, out, err = _run(capsys, "check", *named, "--as-of", AS_OF, *statistics)
        assert code == 2
        assert out.splitlines()[-1] == said
        assert err.count("no 'company' column") == 1, err
        assert err.startswith(f"followup-stats: error: {path}[B]:1: no 'company' column")


def test_the_error_of_a_sheet_read_twice_is_kept_once_with_its_other_name(
    tmp_path: Path,
) -> None:
    from followup_stats.load import load_log

    path = _workbook(tmp_path / "book.xlsx", sheets="BA")
    loaded = load_log([f"{path}[B]", path, f"{path}[A]"], as_of=AS_OF, skip_unreadable=True)
    assert [error.path for error in loaded.unreadable] == [f"{path}[B]"]
    assert loaded.unreadable[0].also == (str(path),)
    assert pickle.loads(pickle.dumps(loaded.unreadable[0])).also == (str(path),)


#: A log name saved by a Latin-1 system (``caf\xe9.csv``), as ``--anonymize`` allows it.
NOT_UTF8 = os.fsdecode(b"caf\xe9.csv")


@pytest.mark.skipif(sys.platform != "linux", reason="a file name not UTF-8 is a Linux matter")
@pytest.mark.parametrize(
    ("command", "cells", "why"),
    [
        ("report", "Date,Compnay,Event\n2026-10-01,Hooli,applied\n", ":1: no 'company' column"),
        ("report-all", "Date,Compnay,Event\n2026-10-01,Hooli,applied\n", ":1: no 'company'"),
        ("report-all", "", ": the file is empty, not even a header row"),
    ],
    ids=["report", "report-all", "report-all-empty"],
)
def test_a_log_whose_name_is_not_utf8_is_set_aside_by_itself(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    cells: str,
    why: str,
) -> None:
    """Its error names it ``caf\\xe9.csv``: matched by that name, the log was not set aside
    and the run was refused whole (or, for an empty file, stopped with an internal error)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(DATA / "sample_log.csv", folder / "alex.csv")
    (folder / NOT_UTF8).write_text(cells, encoding="utf-8")
    argv = [command, "clients", "--as-of", AS_OF, "--out", "reports", "--anonymize"]
    code, out, err = _run(capsys, *argv, *(["--no-progress"] if command == "report-all" else []))
    assert code == 2, err
    assert f"wrote reports/Candidate_A_{AS_OF}.html" in out.splitlines()
    assert (tmp_path / "reports" / f"Candidate_A_{AS_OF}.html").is_file()
    said = f"clients/caf\\xe9.csv{why}"
    if command == "report":
        assert err.startswith(f"followup-stats: error: {said}") and len(err.splitlines()) == 1
    else:
        assert f"  not read: {said}" in out and "reports written, 0 failed" in out


@pytest.mark.parametrize("anonymize", [False, True])
def test_several_logs_are_each_read_once_before_the_reports(
    clients: Path, monkeypatch: pytest.MonkeyPatch, anonymize: bool
) -> None:
    """What was read to set the unreadable logs aside is what is loaded (or copied): no log
    is read a second time before the notebooks run."""
    from followup_stats import logio, report

    reads: list[str] = []
    read_log_file = logio.read_log_file

    def counted(source: str | Path, sheet: str | None = None) -> object:
        if Path(source).parent == clients:  # not a pseudonymised copy, read as it is new
            reads.append(Path(source).name)
        return read_log_file(source, sheet)

    monkeypatch.setattr(logio, "read_log_file", counted)
    with report._prepared(clients, AS_OF, None, anonymize) as prepared:
        assert prepared.candidates == (["Candidate A"] if anonymize else ["Alex Rivera"])
        assert [e.path for e in prepared.unreadable] == [
            f"{clients}/chloe.csv",
            f"{clients}/emma.csv",
        ]
    assert sorted(reads) == ["alex.csv", "chloe.csv", "emma.csv"]


@pytest.mark.parametrize("anonymize", [False, True])
def test_the_coach_review_lists_the_logs_not_included(
    clients: Path, capsys: pytest.CaptureFixture[str], anonymize: bool
) -> None:
    """Only the command's output said a client was missing; the page a coach reads says it
    too, each file escaped (a name may hold markup), and without names when pseudonymised."""
    (clients / "<b>zoe.csv").touch()
    argv = ["report-all", "clients", "--as-of", AS_OF, "--out", "reports", "--no-progress"]
    code, _, err = _run(capsys, *argv, *(["--anonymize"] if anonymize else []))
    assert code == 2, err
    page = (clients.parent / "reports" / f"coach_review_{AS_OF}.html").read_text("utf-8")
    said = re.search(r"<p><strong>Not included\.</strong>.*?(?=\n</div>)", page, re.DOTALL)
    assert said is not None
    lead = "3 logs could not be read, so their clients are missing from every figure below"
    if anonymize:
        assert said.group() == (
            f"<p><strong>Not included.</strong> {lead}; <code>followup-stats report-all</code> "
            "named them when it ran (<code>followup-stats check</code> says why).</p>"
        )
        assert not re.search(r"(chloe|emma|zoe)\.csv", page)
        return
    items = re.findall(r"<li>(.*?)</li>", said.group())
    assert [html.unescape(item) for item in items] == [
        "clients/<b>zoe.csv — " + EMMA.split(": ", 3)[3],
        "clients/chloe.csv — line 1: " + CHLOE.split(":1: ")[1],
        "clients/emma.csv — " + EMMA.split(": ", 3)[3],
    ]
    assert "<b>zoe" not in page and "clients/&lt;b&gt;zoe.csv" in items[0]
