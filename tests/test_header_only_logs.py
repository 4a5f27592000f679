"""A log with a header and no data rows, on every command.

A linter passes an empty file (exit 0), but no command may read as if it had
judged events there were none of: ``check`` does not say "All checks passed!",
and every command names the file that holds no events. A report of nothing is
refused (exit 2) naming the file; beside a log with events, the file is named
and the rest is reported.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from usage_errors import assert_usage_error

from followup_stats import cli, report
from followup_stats.load import load_log

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_log.csv"
AS_OF = "2026-10-30"
NO_EVENTS = "holds no events (it has a header but no data rows)"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _header_only(path: Path) -> Path:
    """A log of the three required columns and no row, in the format its suffix names."""
    frame = pd.DataFrame({"date": [], "company": [], "event": []}, dtype="string")
    if path.suffix == ".csv":
        path.write_text("date,company,event\n", encoding="utf-8")
    elif path.suffix == ".xlsx":
        frame.to_excel(path, index=False, sheet_name="Log")
    else:
        frame.to_parquet(path)
    return path


@pytest.fixture(params=["empty.csv", "empty.xlsx", "empty.parquet"])
def empty(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The name of a header-only log in the working folder, and how findings name it."""
    monkeypatch.chdir(tmp_path)
    _header_only(tmp_path / request.param)
    return str(request.param) + ("[Log]" if request.param.endswith(".xlsx") else "")


def _file(label: str) -> str:
    return label.removesuffix("[Log]")


def test_the_loader_names_a_header_only_file(empty: str) -> None:
    loaded = load_log(_file(empty), as_of=AS_OF)
    assert loaded.events.empty and loaded.quality.empty
    assert loaded.empty_files == (empty,)
    assert loaded.unloaded_files == ()


def test_a_log_with_rows_is_not_called_empty() -> None:
    assert load_log(SAMPLE, as_of=AS_OF).empty_files == ()


def test_check_passes_it_but_does_not_say_all_checks_passed(
    empty: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "check", _file(empty), "--as-of", AS_OF)
    assert code == 0
    assert out == f"Nothing checked: {empty} holds no events.\n"
    assert err == ""  # the closing line says it
    code, out, _ = _run(capsys, "check", _file(empty), "--as-of", AS_OF, "--statistics")
    assert (code, out) == (0, f"Nothing checked: {empty} holds no events.\n")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_check_json_and_csv_keep_their_shape_and_say_it_on_standard_error(
    empty: str, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = _run(capsys, "check", _file(empty), "--as-of", AS_OF, "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert json.loads(out) == []
    else:
        assert out.splitlines() == [
            '"file","line","candidate","application_id","company","date","code",'
            '"severity","message"'
        ]
    assert err == f"followup-stats: {empty} {NO_EVENTS}, so nothing in it was checked\n"


def test_stats_counts_nothing_and_says_why(empty: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "stats", _file(empty), "--as-of", AS_OF, "--format", "json")
    assert code == 0
    tables = json.loads(out)
    assert sorted(tables) == [
        "curves",
        "funnel",
        "incidence",
        "patience",
        "rates",
        "times",
        "times_compared",
    ]
    assert {row["n"] for row in tables["incidence"]} == {0}
    assert {row["n"] for row in tables["rates"]} == {0}
    assert err == (
        f"followup-stats: {empty} {NO_EVENTS}, so the statistics count nothing from it\n"
    )


def test_todo_plans_nothing_and_says_why(empty: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "todo", _file(empty), "--as-of", AS_OF)
    assert code == 0
    assert out == f"Nothing to do as of {AS_OF}: no open applications.\n"
    assert err == f"followup-stats: {empty} {NO_EVENTS}, so there is nothing in it to plan\n"
    code, out, err = _run(capsys, "todo", _file(empty), "--as-of", AS_OF, "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    assert err.endswith("so there is nothing in it to plan\n")


@pytest.mark.parametrize("command", ["report", "report-all"])
def test_a_report_of_nothing_is_refused_naming_the_file(
    empty: str, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """report-all wrote a coach review of nobody and said "1 report written"."""
    result = _run(capsys, command, _file(empty), "--as-of", AS_OF, "--out", "reports")
    assert_usage_error(result, f"{empty} {NO_EVENTS}, so there is nothing to report on")
    assert not Path("reports").exists()


@pytest.mark.parametrize("command", ["report", "todo"])
def test_a_candidate_asked_of_nothing_is_refused_naming_the_file(
    empty: str, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """--candidate of logs with no events said "not in the log (candidates: )" (todo) or
    "candidate 'Sam' is not in the log" (report), and named no file."""
    argv = (command, _file(empty), "--as-of", AS_OF, "--candidate", "Sam")
    result = _run(capsys, *argv, *(("--out", "reports") if command == "report" else ()))
    err = assert_usage_error(result, f"{empty} {NO_EVENTS}, so ")
    assert "candidates: )" not in err
    assert not Path("reports").exists()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of the sample log and a header-only log."""
    monkeypatch.chdir(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    shutil.copy(SAMPLE, logs / "alex.csv")
    _header_only(logs / "empty.csv")
    return logs


def test_check_of_a_folder_names_the_empty_file_beside_the_findings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, alone, _ = _run(capsys, "check", "logs/alex.csv", "--as-of", AS_OF)
    found = alone.splitlines()[-1]
    assert found.startswith("Found ") and found.endswith(" in 1 file.")
    code, out, err = _run(capsys, "check", "logs", "--as-of", AS_OF)
    assert code == 1 and err == ""
    assert out.splitlines()[:-1] == alone.splitlines()[:-1]
    assert out.splitlines()[-1] == found[:-1] + "; logs/empty.csv holds no events."
    code, out, _ = _run(capsys, "check", "logs", "--as-of", AS_OF, "--select", "DQ")
    assert (code, out) == (0, "No problems in the other file; logs/empty.csv holds no events.\n")
    _, alone, _ = _run(capsys, "check", "logs/alex.csv", "--as-of", AS_OF, "--format", "json")
    code, out, err = _run(capsys, "check", "logs", "--as-of", AS_OF, "--format", "json")
    assert code == 1 and json.loads(out) == json.loads(alone)
    assert err == f"followup-stats: logs/empty.csv {NO_EVENTS}, so nothing in it was checked\n"


def test_stats_and_todo_of_a_folder_name_the_empty_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "stats", "logs", "--as-of", AS_OF, "--format", "json")
    assert code == 0 and json.loads(out)["funnel"][0]["count"] > 0
    assert err.endswith(
        f"followup-stats: logs/empty.csv {NO_EVENTS}, so the statistics count nothing from it\n"
    )
    code, out, err = _run(capsys, "todo", "logs", "--as-of", AS_OF)
    assert code == 0 and "Follow up" in out
    assert err == (
        f"followup-stats: logs/empty.csv {NO_EVENTS}, so there is nothing in it to plan\n"
    )


def test_report_all_lists_the_empty_file_as_in_no_report(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reports are written and the run is clean (exit 0); the summary names the file."""
    argv = ("report-all", "logs", "--as-of", AS_OF, "--out", "reports", "--no-progress")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    assert out.splitlines() == [
        f"wrote reports/Alex_Rivera_{AS_OF}.html",
        f"wrote reports/coach_review_{AS_OF}.html",
        "2 reports written, 0 failed",
        f"  no events: logs/empty.csv: the file {NO_EVENTS}, so it is in no report",
    ]
    with report._prepared(["logs/alex.csv", "logs/empty.csv"], AS_OF, None, False) as prepared:
        assert prepared.candidates == ["Alex Rivera"]
        assert prepared.empty_files == ("logs/empty.csv",)
        rows = report._not_loaded_rows(prepared)
    table = pd.DataFrame(rows, columns=["candidate", "status", "path", "error"])
    assert report.summary_text(table).splitlines() == [
        "0 reports written, 0 failed",
        f"  no events: logs/empty.csv: the file {NO_EVENTS}, so it is in no report",
    ]


def test_report_of_a_folder_names_the_empty_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "report", "logs", "--as-of", AS_OF, "--out", "reports")
    assert code == 0, err
    assert out == f"wrote reports/Alex_Rivera_{AS_OF}.html\n"
    assert err == (
        f"followup-stats: logs/empty.csv {NO_EVENTS}, so nothing in it is in the report\n"
    )


def test_a_log_split_over_processes_names_the_empty_file(folder: Path) -> None:
    from followup_stats.engines import pandas_engine

    logs = ["logs/alex.csv", "logs/empty.csv"]
    assert len(pandas_engine._split(logs, None, 2, 5)[1]) == 2  # split in two parts
    checked = pandas_engine.check_log(logs, None, AS_OF, jobs=2, rows_per_process=5)
    assert checked.empty_files == ("logs/empty.csv",)
    tables = pandas_engine.stats_log(logs, None, AS_OF, jobs=2, rows_per_process=5)
    assert tables.empty_files == ("logs/empty.csv",)


def test_the_partitioned_engine_names_only_files_empty_in_every_part() -> None:
    """A part may hold no row of a file that has some: only a file empty in all is named."""
    from followup_stats.engines import partitioned

    parts: list[dict[str, Any]] = [{"empty_files": ("a.csv", "b.csv")}, {"empty_files": ("b.csv",)}]
    assert partitioned.pooled_empty(parts) == ("b.csv",)
    assert partitioned.pooled_empty([]) == ()


def test_rows_not_loaded_are_not_said_of_the_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rows not loaded are another file's: the aside must not read as the empty one's."""
    monkeypatch.chdir(tmp_path)
    _header_only(tmp_path / "empty.csv")
    (tmp_path / "bad.csv").write_text("date,company,event\nsoon,Acme,applied\n", encoding="utf-8")
    (tmp_path / "ok.csv").write_text(
        "date,company,event\n2026-10-01,Acme,applied\nlater,Acme,follow_up\n", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "check", "empty.csv", "bad.csv", "--as-of", AS_OF, "--select", "FU")
    assert code == 2
    assert out == "Nothing checked in 1 file (1 row not loaded); empty.csv holds no events.\n"
    code, out, _ = _run(capsys, "check", "empty.csv", "ok.csv", "--as-of", AS_OF, "--select", "FU")
    assert code == 0
    assert out == "No problems in the other file (1 row not loaded); empty.csv holds no events.\n"


@pytest.mark.parametrize("empty_first", [True, False])
def test_a_header_only_file_costs_the_loader_nothing(
    empty: str, monkeypatch: pytest.MonkeyPatch, empty_first: bool
) -> None:
    """Beside a log with rows, a header-only file is not stacked with it: uniting the
    categoricals of a million events, and comparing them with no other file's rows for
    repeats (DQ005), took longer than reading the log. The log loads as it does alone."""
    from followup_stats import load

    alone = load_log(SAMPLE, as_of=AS_OF)

    def not_wanted(*_: object) -> None:
        raise AssertionError("a header-only file made the loader stack or compare files")

    monkeypatch.setattr(load, "union_categoricals", not_wanted)
    monkeypatch.setattr(load, "_reject_repeats_across_files", not_wanted)
    files: list[str | Path] = [_file(empty), SAMPLE] if empty_first else [SAMPLE, _file(empty)]
    loaded = load_log(files, as_of=AS_OF)
    assert loaded.empty_files == (empty,)
    pd.testing.assert_frame_equal(loaded.events, alone.events)
    pd.testing.assert_frame_equal(loaded.quality, alone.quality)


def test_a_header_only_file_still_gives_its_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left out of the stacking, its extra column is still an attribute of every event
    (blank), as in a part of a split log that holds none of a file's rows."""
    monkeypatch.chdir(tmp_path)
    Path("referrals.csv").write_text("date,company,event,referral\n", encoding="utf-8")
    orders: list[list[str | Path]] = [[SAMPLE, "referrals.csv"], ["referrals.csv", SAMPLE]]
    for files in orders:
        loaded = load_log(files, as_of=AS_OF)
        assert "referral" in loaded.attributes
        assert loaded.events["referral"].isna().all()
        assert len(loaded.events) == len(load_log(SAMPLE, as_of=AS_OF).events)


@pytest.mark.parametrize("anonymize", [False, True])
def test_report_all_names_an_empty_sheet_by_its_sheet(folder: Path, anonymize: bool) -> None:
    """With --anonymize, a header-only workbook was named ``logs/new.xlsx``, not by its sheet."""
    _header_only(folder / "new.xlsx")
    logs = ["logs/alex.csv", "logs/new.xlsx"]
    with report._prepared(logs, AS_OF, None, anonymize) as prepared:
        assert prepared.empty_files == ("logs/new.xlsx[Log]",)


@pytest.mark.parametrize("anonymize", [False, True])
def test_a_workbook_of_which_no_row_loads_is_named_as_given(folder: Path, anonymize: bool) -> None:
    """Its sheet was named by its whole path (``/home/.../logs/bad.xlsx[Log]``), or with
    --anonymize by the workbook alone."""
    frame = pd.DataFrame({"date": ["soon"], "company": ["Acme"], "event": ["applied"]})
    frame.to_excel(folder / "bad.xlsx", index=False, sheet_name="Log")
    with report._prepared(["logs/alex.csv", "logs/bad.xlsx"], AS_OF, None, anonymize) as prepared:
        assert prepared.unloaded_files == ("logs/bad.xlsx[Log]",)


def test_report_all_anonymized_lists_the_empty_sheet(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _header_only(folder / "new.xlsx")
    (folder / "empty.csv").unlink()
    argv = ("report-all", "logs", "--as-of", AS_OF, "--out", "reports", "--no-progress")
    code, out, err = _run(capsys, *argv, "--anonymize")
    assert code == 0, err
    assert out.splitlines()[-1] == (
        f"  no events: logs/new.xlsx[Log]: the file {NO_EVENTS}, so it is in no report"
    )


def _binary_csv(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02")


def _damaged_xlsx(path: Path) -> None:
    path.write_text("not a workbook\n", encoding="utf-8")


@pytest.mark.parametrize(("name", "spoil"), [("bad.csv", _binary_csv), ("bad.xlsx", _damaged_xlsx)])
@pytest.mark.parametrize("command", ["report", "report-all"])
@pytest.mark.parametrize("anonymize", [False, True])
def test_a_refusal_of_an_unreadable_log_names_the_empty_one_beside_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    spoil: Any,
    command: str,
    anonymize: bool,
) -> None:
    """Only the unreadable file was named (by its whole path): fixing it, the user was
    then stopped by the empty one."""
    monkeypatch.chdir(tmp_path)
    Path("logs").mkdir()
    spoil(Path("logs") / name)
    _header_only(Path("logs/empty.csv"))
    argv = [command, "logs", "--as-of", AS_OF, "--out", "reports"]
    result = _run(capsys, *argv, *(["--anonymize"] if anonymize else []))
    err = assert_usage_error(
        result,
        f"error: logs/{name}: ",
        f"; logs/empty.csv {NO_EVENTS}, so there is nothing in it to report on\n",
    )
    assert str(tmp_path) not in err
    assert not Path("reports").exists()


def test_an_unreadable_log_beside_one_with_events_is_named_alone_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other log is not empty, so it is not named; the unreadable one was named by its
    whole path, where check names it as given. The other log's report is written."""
    monkeypatch.chdir(tmp_path)
    Path("logs").mkdir()
    _binary_csv(Path("logs/bad.csv"))
    shutil.copy(SAMPLE, "logs/alex.csv")
    code, out, err = _run(capsys, "report", "logs", "--as-of", AS_OF, "--out", "reports")
    assert (code, out) == (2, f"wrote reports/Alex_Rivera_{AS_OF}.html\n")
    assert (
        err == "followup-stats: error: logs/bad.csv: this looks like a binary file, not a CSV log\n"
    )


def test_report_of_a_log_of_which_no_row_loads_names_the_empty_one_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It named only the log whose rows were not loaded."""
    monkeypatch.chdir(tmp_path)
    Path("logs").mkdir()
    Path("logs/bad.csv").write_text("date,company,event\nsoon,Acme,applied\n", encoding="utf-8")
    _header_only(Path("logs/empty.csv"))
    result = _run(capsys, "report", "logs", "--as-of", AS_OF, "--out", "reports")
    err = assert_usage_error(result)
    assert err == (
        "followup-stats: error: logs/bad.csv: no row could be loaded (`followup-stats check` "
        f"says why), and logs/empty.csv {NO_EVENTS}, so there is nothing to report on\n"
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_todo_ics_of_nothing_writes_an_empty_calendar_and_says_why(
    empty: str, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A new client's empty log: a calendar without reminders (exit 0), and the line that
    the log holds no events, as without --ics."""
    argv = ("todo", _file(empty), "--as-of", AS_OF, "--format", fmt, "--ics", "todo.ics")
    code, _, err = _run(capsys, *argv)
    assert code == 0
    assert err.splitlines() == [
        "followup-stats: nothing to remind: wrote a calendar without reminders to todo.ics",
        f"followup-stats: {empty} {NO_EVENTS}, so there is nothing in it to plan",
    ]
    calendar = Path("todo.ics").read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in calendar and "BEGIN:VEVENT" not in calendar
