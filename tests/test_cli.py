"""The command line: outputs, exit codes, errors, and that input files are never written."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from followup_stats import cli, output
from followup_stats.config import ALL_CODES

AS_OF = "2026-11-01"
#: The tables of ``stats --format json``, in order: the contract, written out on purpose.
STATS_JSON_TABLES = [
    "rates",
    "times",
    "funnel",
    "patience",
    "times_compared",
    "incidence",
    "curves",
]
HEADER = "date,company,event,application_id\n"
CLEAN = HEADER + "2026-10-01,Acme,applied,a1\n2026-10-09,Acme,follow_up,a1\n"
# Follow-up two days after applying: FU005 (error) on line 3.
EARLY = HEADER + "2026-10-01,Acme,applied,a1\n2026-10-03,Acme,follow_up,a1\n"
INJECTION = (
    HEADER
    + '2026-10-01,"=HYPERLINK(""x"")",applied,a1\n2026-10-03,"=HYPERLINK(""x"")",follow_up,a1\n'
)
# Line 3 is rejected (unknown event): DQ002, one row not loaded.
REJECTED_ROW = HEADER + "2026-10-01,Acme,applied,a1\n2026-10-02,Acme,eaten,a1\n"
# As of 2026-10-09: Acme may be followed up (due), Beta not before 2026-10-12 (coming up).
TODO = HEADER + "2026-10-01,Acme,applied,a1\n2026-10-05,Beta,applied,b1\n"

DIAGNOSTIC_KEYS = {
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "date",
    "code",
    "severity",
    "message",
}
OUTPUT_OPTIONS = {"--output", "--ics", "--out"}
ACTION_KEYS = {"candidate", "application_id", "company", "action", "not_before", "why", "then"}


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``main`` and check that no input file named on the command line changed."""

    def runner(*args: str | Path) -> Result:
        argv = [str(a) for a in args]
        outputs = {b for a, b in itertools.pairwise(argv) if a in OUTPUT_OPTIONS}
        files = [Path(a) for a in argv if a not in outputs and Path(a).is_file()]
        before = {f: _digest(f) for f in files}
        code = cli.main(argv)
        captured = capsys.readouterr()
        for f, digest in before.items():
            assert _digest(f) == digest, f"{f} was modified by {argv}"
        return Result(code, captured.out, captured.err)

    return runner


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def writer(text: str | bytes, name: str = "log.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return writer


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so no configuration file of the project is found."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOLLOWUP_STATS_DEBUG", raising=False)


# -- check: text ------------------------------------------------------------------------------


def test_clean_log_passes(run: Callable[..., Result], write: Callable[..., Path]) -> None:
    result = run("check", write(CLEAN), "--as-of", AS_OF)
    assert result.code == 0
    assert result.out == "All checks passed!\n"
    assert result.err == ""


def test_early_follow_up_is_fu005_on_its_line(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(EARLY)
    result = run("check", log, "--as-of", AS_OF)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{log}:3: FU005 [error] Acme: follow-up on 3 Oct 2026")
    assert lines[1] == ""
    assert lines[2] == "Found 1 problem (1 error, 0 warnings, 0 info) in 1 file."
    assert len(lines) == 3
    assert result.err == ""


def test_summary_counts_rows_not_loaded_and_files(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    rejected = write(REJECTED_ROW, "rejected.csv")
    early = write(EARLY, "early.csv")
    result = run("check", rejected, early, "--as-of", AS_OF)
    assert result.code == 1
    assert f"{rejected}:3: DQ002 [warning] Acme: unknown event 'eaten'" in result.out
    assert result.out.splitlines()[-1] == (
        "Found 2 problems (1 error, 1 warning, 0 info) in 2 files; 1 row not loaded."
    )


# Every row is rejected: line 2 has no readable date, line 3 an unknown event.
NOTHING_LOADED = HEADER + "2026-13-45,Acme,applied,a1\n2026-10-02,Acme,eaten,a1\n"


@pytest.mark.parametrize("options", [(), ("--format", "json")], ids=["text", "json"])
def test_a_file_of_which_no_row_loads_is_bad_input_after_its_findings(
    run: Callable[..., Result], write: Callable[..., Path], options: tuple[str, ...]
) -> None:
    """Only warnings were found, but nothing in the file was checked: no pass (exit 2)."""
    bad = write(NOTHING_LOADED, "bad.csv")
    clean = write(CLEAN, "clean.csv")
    result = run("check", bad, clean, "--as-of", AS_OF, *options)
    assert result.code == 2
    assert result.err_lines == [
        f"followup-stats: error: {bad}: no row could be loaded, so nothing in it was checked"
        " (its DQ findings say why)"
    ]
    assert str(bad) in result.out and "DQ001" in result.out and "DQ002" in result.out
    assert run("check", clean, "--as-of", AS_OF, *options).code == 0
    partly = write(REJECTED_ROW, "partly.csv")  # one row loads: an ordinary warning
    assert run("check", partly, "--as-of", AS_OF, *options).code == 0
    unshown = run("check", bad, "--as-of", AS_OF, "--select", "FU", *options)
    assert unshown.code == 2
    if not options:  # no finding shown, and no "All checks passed!" either
        assert unshown.out == "Nothing checked in 1 file (2 rows not loaded).\n"
        beside = run("check", bad, clean, "--as-of", AS_OF, "--select", "FU")
        assert beside.out == (
            "No problems in the other file; nothing checked in 1 file (2 rows not loaded).\n"
        )
    assert unshown.err_lines == [
        f"followup-stats: error: {bad}: no row could be loaded, so nothing in it was checked"
        " (its DQ findings say why; they are not selected here: add --select DQ)"
    ]


def test_stats_and_todo_of_a_file_of_which_no_row_loads_are_bad_input_too(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    """ "Nothing to do" or empty tables of a log never read would mislead: exit 2, and a
    calendar is left as it was, since it would lose that log's reminders."""
    bad = write(NOTHING_LOADED, "bad.csv")
    clean = write(TODO, "clean.csv")
    stats = run("stats", bad, clean, "--as-of", AS_OF, "--format", "json")
    assert stats.code == 2 and json.loads(stats.out)["funnel"]
    assert stats.err_lines[-1] == (
        f"followup-stats: error: {bad}: no row could be loaded, so nothing in it was counted"
        " (`followup-stats check` says why)"
    )
    calendar = tmp_path / "plan.ics"
    calendar.write_text("yesterday's reminders", encoding="utf-8")
    todo = run("todo", bad, clean, "--as-of", "2026-10-09", "--ics", calendar)
    assert todo.code == 2 and "Acme" in todo.out
    assert calendar.read_text(encoding="utf-8") == "yesterday's reminders"
    assert f"followup-stats: {calendar} left as it was: a log could not be read" in todo.err
    assert todo.err_lines[-1].endswith(
        "so nothing in it was planned (`followup-stats check` says why)"
    )
    assert run("todo", clean, "--as-of", "2026-10-09", "--ics", calendar).code == 0
    assert calendar.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    theirs = run("todo", bad, clean, "--as-of", "2026-10-09", "--candidate", "bad")
    assert theirs.code == 2 and theirs.err_lines == [
        "followup-stats: error: --candidate 'bad': not among the rows loaded, and no row of "
        f"{bad} could be loaded (`followup-stats check` says why)"
    ]


def test_the_engines_name_the_files_of_which_no_row_loads(write: Callable[..., Path]) -> None:
    from followup_stats.engines import pandas_engine

    bad = write(NOTHING_LOADED, "bad.csv")
    clean = write(CLEAN, "clean.csv")
    whole = pandas_engine.check_log([bad, clean], None, AS_OF)
    split = pandas_engine.check_log([bad, clean], None, AS_OF, jobs=2, rows_per_process=1)
    assert whole.unloaded_files == split.unloaded_files == (str(bad),)
    assert pandas_engine.check_log([clean], None, AS_OF).unloaded_files == ()
    stats = pandas_engine.stats_log([bad, clean], None, AS_OF)
    split_stats = pandas_engine.stats_log([bad, clean], None, AS_OF, jobs=2, rows_per_process=1)
    assert stats.unloaded_files == split_stats.unloaded_files == (str(bad),)


def test_a_file_that_only_repeats_an_earlier_one_was_checked_as_that_one(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """An export checked beside an older one holding the same rows: DQ005, not bad input."""
    text = "candidate," + CLEAN.replace("\n2", "\nAna,2")
    old, new = write(text, "old.csv"), write(text, "new.csv")
    result = run("check", old, new, "--as-of", AS_OF)
    assert result.code == 0 and result.err == ""
    assert result.out.count("DQ005") == 2
    lost = write("candidate," + HEADER + "Ana,2026-13-45,Acme,applied,a9\n", "lost.csv")
    assert run("check", old, new, lost, "--as-of", AS_OF).code == 2


def test_a_file_that_only_repeats_a_row_rejected_later_is_named_as_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """The row its one row repeats is rejected as ambiguous (DQ009) after the repeat was
    found (DQ005): nothing in the file was checked, by any command or engine."""
    from followup_stats.engines import pandas_engine

    columns = "date,candidate,company,role,event\n"
    row = "2026-10-10,Ana,Acme,,follow_up\n"
    first = write(
        columns
        + "2026-10-01,Ana,Acme,Analyst,applied\n2026-10-02,Ana,Acme,Engineer,applied\n"
        + row,
        "week1.csv",
    )
    copy = write(columns + row, "week2.csv")
    said = "so nothing in it was {} (`followup-stats check` says why)"
    check = run("check", first, copy, "--as-of", AS_OF, "--format", "json")
    assert check.code == 2
    assert [(d["file"], d["line"], d["code"], d["message"]) for d in json.loads(check.out)] == [
        (
            str(first),
            4,
            "DQ009",
            "the role is blank and Ana has 2 applications at Acme; say which one (role or "
            "application_id); row not loaded",
        ),
        (
            str(copy),
            2,
            "DQ005",
            f"exact duplicate of line 4 of {first}, which was not loaded either (DQ009); "
            "this copy not loaded",
        ),
    ]
    assert check.err_lines == [
        f"followup-stats: error: {copy}: no row could be loaded, so nothing in it was checked "
        "(its DQ findings say why)"
    ]
    for command, done in (("stats", "counted"), ("todo", "planned")):
        result = run(command, first, copy, "--as-of", AS_OF)
        assert result.code == 2
        assert result.err_lines[-1] == (
            f"followup-stats: error: {copy}: no row could be loaded, " + said.format(done)
        )
    split = pandas_engine.check_log([first, copy], None, AS_OF, jobs=2, rows_per_process=1)
    assert split.unloaded_files == (str(copy),)
    split_stats = pandas_engine.stats_log([first, copy], None, AS_OF, jobs=2, rows_per_process=1)
    assert split_stats.unloaded_files == (str(copy),)


def test_blank_company_drops_the_company_part() -> None:
    frame = pd.DataFrame(
        {
            "file": ["a.csv"],
            "line": [4],
            "candidate": ["ana"],
            "application_id": [pd.NA],
            "company": [pd.NA],
            "date": [pd.Timestamp("2026-10-01")],
            "code": ["FU011"],
            "severity": ["info"],
            "message": ["waiting"],
        }
    )
    text = output.diagnostics_text(frame, files=1)
    assert text.splitlines()[0] == "a.csv:4: FU011 [info] waiting"


def test_control_characters_are_escaped_in_text(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(EARLY.replace("Acme", "Ac\x1b[2Jme"))
    result = run("check", log, "--as-of", AS_OF)
    assert "\x1b" not in result.out
    assert "Ac\\x1b[2Jme: follow-up" in result.out


def test_categorical_columns_print_as_their_text() -> None:
    """Columns of categories (the events' names) are escaped once per category, alike."""
    values = pd.Series(["Ac\x1bme", None, "Globex", "Ac\x1bme", "Initech"], dtype="category")
    shown = output._printable_column(values).tolist()
    assert shown == output._printable_column(values.astype("string")).tolist()
    assert shown == ["Ac\\x1bme", "", "Globex", "Ac\\x1bme", "Initech"]


def test_bidirectional_controls_are_escaped_in_text(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """A right-to-left override cannot make a line read backwards (check and todo)."""
    log = write(EARLY.replace("Acme", "Ac\u202eme"))
    checked = run("check", log, "--as-of", AS_OF)
    planned = run("todo", log, "--as-of", AS_OF)
    for out in (checked.out, planned.out):
        assert "\u202e" not in out
        assert "Ac\\u202eme" in out


# -- colour ----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_colour_when_not_a_terminal(
    run: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run("check", write(EARLY), "--as-of", AS_OF)
    assert "\x1b[" not in result.out


def test_colour_on_a_terminal_unless_no_color(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = write(EARLY)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["check", str(log), "--as-of", AS_OF]) == 1
    assert f"\x1b[1m{log}:3:\x1b[0m \x1b[31mFU005\x1b[0m [error]" in terminal.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    monkeypatch.setattr(sys, "stdout", plain)
    assert cli.main(["check", str(log), "--as-of", AS_OF]) == 1
    assert "\x1b[" not in plain.getvalue()


def test_use_color() -> None:
    assert output.use_color(_Terminal(), environ={}) is True
    assert output.use_color(_Terminal(), environ={"NO_COLOR": "1"}) is False
    assert output.use_color(io.StringIO(), environ={}) is False


# -- check: json and csv ---------------------------------------------------------------------


def test_json_has_exactly_the_design_keys(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(REJECTED_ROW + "2026-10-03,Acme,follow_up,a1\n")
    result = run("check", log, "--as-of", AS_OF, "--format", "json")
    assert result.code == 1
    records = json.loads(result.out)
    assert [r["code"] for r in records] == ["DQ002", "FU005"]
    for record in records:
        assert set(record) == DIAGNOSTIC_KEYS
    rejected, early = records
    assert rejected["line"] == 3
    assert rejected["application_id"] == "a1"  # a row not loaded: the id as written
    assert early == {
        "file": str(log),
        "line": 4,
        "candidate": "log",
        "application_id": "a1",
        "company": "Acme",
        "date": "2026-10-03",
        "code": "FU005",
        "severity": "error",
        "message": early["message"],
    }
    assert isinstance(early["message"], str) and early["message"]


def test_json_gives_a_blank_company_as_null_on_every_row(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """A company not recorded is null, on a row not loaded as on a loaded one, so a script
    tests one value for it (it read "" on the rows not loaded)."""
    log = write(
        "date,company,event\n"
        "2026-11-05,,networking\n"  # kept, after the as-of date: DQ008
        "2026-10-05,,applied\n"  # DQ003
        "2026-10-06, ,eaten\n"  # DQ002
        "someday,,applied\n"  # DQ001
    )
    result = run("check", log, "--as-of", AS_OF, "--format", "json")
    records = json.loads(result.out)
    assert [(r["line"], r["code"], r["company"]) for r in records] == [
        (2, "DQ008", None),
        (3, "DQ003", None),
        (4, "DQ002", None),
        (5, "DQ001", None),
    ]


#: Rows not loaded that name their application: line 3 an unreadable date (DQ001), line 4
#: an unknown event (DQ002), line 6 a repeat of line 5 (DQ005).
REJECTS_WITH_IDS = (
    "date,candidate,application_id,company,role,event\n"
    "2026-10-01,Ann,A-1,Acme,Dev,applied\n"
    "notadate,Ann,A-1,Acme,Dev,follow_up\n"
    "2026-10-03,Ann,A-2,Beta,Dev,aplied\n"
    "2026-10-03,Ann,A-2,Beta,Dev,applied\n"
    "2026-10-03,Ann,A-2,Beta,Dev,applied\n"
)
REJECTS_AS_OF = "2026-10-30"
UNREADABLE_NOTADATE = "cannot read 'notadate' as a date; row not loaded"
REPEAT_OF_5 = "exact duplicate of line 5; this copy not loaded"
UNKNOWN_APLIED = (
    "unknown event 'aplied' (did you mean applied? known: accepted, applied, declined, "
    "follow_up, interview, networking, offer, rejection, response, thank_you, update, "
    "withdrew); row not loaded"
)


def test_json_gives_the_application_id_written_on_rows_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """Each diagnostic names its application (DESIGN.md section 3): a row not loaded joined
    none, so its id is the one its cell holds (it read null, though the cell said A-1)."""
    log = write(REJECTS_WITH_IDS)
    result = run("check", log, "--as-of", REJECTS_AS_OF, "--format", "json")
    assert result.code == 0
    common = {"file": str(log), "candidate": "Ann", "severity": "warning"}
    assert json.loads(result.out) == [
        {
            **common,
            "line": 3,
            "application_id": "A-1",
            "company": "Acme",
            "date": None,
            "code": "DQ001",
            "message": "cannot read 'notadate' as a date; row not loaded",
        },
        {
            **common,
            "line": 4,
            "application_id": "A-2",
            "company": "Beta",
            "date": "2026-10-03",
            "code": "DQ002",
            "message": UNKNOWN_APLIED,
        },
        {
            **common,
            "line": 6,
            "application_id": "A-2",
            "company": "Beta",
            "date": "2026-10-03",
            "code": "DQ005",
            "message": "exact duplicate of line 5; this copy not loaded",
        },
    ]


def test_csv_gives_the_application_id_written_on_rows_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(REJECTS_WITH_IDS)
    result = run("check", log, "--as-of", REJECTS_AS_OF, "--format", "csv")
    assert result.code == 0
    assert list(csv.reader(io.StringIO(result.out))) == [
        list(output.DIAGNOSTIC_JSON_KEYS),
        [str(log), "3", "Ann", "A-1", "Acme", "", "DQ001", "warning", UNREADABLE_NOTADATE],
        [str(log), "4", "Ann", "A-2", "Beta", "2026-10-03", "DQ002", "warning", UNKNOWN_APLIED],
        [str(log), "6", "Ann", "A-2", "Beta", "2026-10-03", "DQ005", "warning", REPEAT_OF_5],
    ]


def test_text_names_rows_not_loaded_as_it_names_every_row(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """The text line names a row by its company, never by its application id, loaded or
    not: the rows not loaded read as the others do."""
    log = write(REJECTS_WITH_IDS)
    result = run("check", log, "--as-of", REJECTS_AS_OF)
    assert result.code == 0
    assert result.out == (
        f"{log}:3: DQ001 [warning] Acme: cannot read 'notadate' as a date; row not loaded\n"
        f"{log}:4: DQ002 [warning] Beta: {UNKNOWN_APLIED}\n"
        f"{log}:6: DQ005 [warning] Beta: exact duplicate of line 5; this copy not loaded\n"
        "\n"
        "Found 3 problems (0 errors, 3 warnings, 0 info) in 1 file; 3 rows not loaded.\n"
    )


def test_a_row_not_loaded_with_a_blank_id_names_no_application(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """A loaded row without an id is given one made up from company and role; a row not
    loaded joined no application, so none is made up for it: its id is null, as is that
    of a networking row (whose id cell the loader never reads) and of a repeated header.
    Cells are stripped, as the loaded rows' are."""
    log = write(
        "date,candidate,application_id,company,role,event\n"
        "2026-10-01,Ann,,Acme,Dev,applied\n"  # loaded: Acme / Dev
        "2026-10-01,Ann,,Acme,Dev,thank_you\n"  # loaded: DQ007
        "notadate,Ann,,Acme,Dev,follow_up\n"  # DQ001, blank id
        "2026-10-02,Ann,  ,Acme,Dev,folow_up\n"  # DQ002, blank id (spaces)
        "2026-10-03,Ann, B-7 ,,Dev,applied\n"  # DQ003, id with spaces around it
        "soon,Ann,N-1,,,networking\n"  # DQ001 on a networking row
        "date,candidate,application_id,company,role,event\n"  # the header again: DQ002
    )
    result = run("check", log, "--as-of", REJECTS_AS_OF, "--format", "json")
    found = [(r["line"], r["code"], r["application_id"]) for r in json.loads(result.out)]
    assert found == [
        (3, "DQ007", "Acme / Dev"),
        (4, "DQ001", None),
        (5, "DQ002", None),
        (6, "DQ003", "B-7"),
        (7, "DQ001", None),
        (8, "DQ002", None),
    ]


def test_a_log_without_an_application_id_column_names_no_application_on_rows_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write("date,company,role,event\n2026-10-01,Acme,Dev,applied\nsoon,Acme,Dev,applied\n")
    result = run("check", log, "--as-of", REJECTS_AS_OF, "--format", "json")
    assert [(r["code"], r["application_id"]) for r in json.loads(result.out)] == [("DQ001", None)]


def test_json_of_a_clean_log_is_an_empty_list(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = run("check", write(CLEAN), "--as-of", AS_OF, "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_csv_columns_and_formula_neutralisation(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = run("check", write(INJECTION), "--as-of", AS_OF, "--format", "csv")
    assert result.code == 1
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == list(output.DIAGNOSTIC_JSON_KEYS)
    assert len(rows) == 1
    assert rows[0]["company"] == '\'=HYPERLINK("x")'
    assert rows[0]["code"] == "FU005"
    assert rows[0]["date"] == "2026-10-03"
    assert rows[0]["line"] == "3"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme", "Acme"),
        ("a=b", "a=b"),
        (None, ""),
        (pd.NA, ""),
        (float("nan"), ""),
        (pd.NaT, ""),
        (3, "3"),
        (-3, "-3"),  # a number is never a formula: it stays a number for the sheet
        (np.float64(-0.05), "-0.05"),
        (True, "True"),
        (pd.Timestamp("2026-10-03"), "2026-10-03"),
    ],
)
def test_safe_csv_cell(value: object, expected: str) -> None:
    assert output.safe_csv_cell(value) == expected


def test_write_safe_csv_neutralises_every_cell(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    output.write_safe_csv(pd.DataFrame({"=a": ["=1+1", "ok"], "b": ["@x", None]}), target)
    assert list(csv.reader(io.StringIO(target.read_text()))) == [
        ["'=a", "b"],
        ["'=1+1", "'@x"],
        ["ok", ""],
    ]


# -- select, ignore, config ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), 1),
        (("--ignore", "FU005"), 0),
        (("--ignore", "FU"), 0),
        (("--select", "DQ"), 0),
        (("--select", "DQ,FU005"), 1),
        (("--ignore", "FU", "--select", "FU005"), 1),
        (("--config", "default_wait_days=2"), 0),
        (("--config", "tool.followup_stats.default_wait_days=2"), 0),
        (("--config", 'ignore=["FU005"]'), 0),
        (("--config", "ignore=FU005"), 0),
    ],
)
def test_select_ignore_and_inline_config(
    run: Callable[..., Result], write: Callable[..., Path], options: tuple[str, ...], expected: int
) -> None:
    result = run("check", write(EARLY), "--as-of", AS_OF, *options)
    assert result.code == expected, result.out + result.err
    assert ("FU005" in result.out) == (expected == 1)


def test_inline_config_can_make_a_clean_log_fail(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(CLEAN)
    assert run("check", log, "--as-of", AS_OF).code == 0
    result = run("check", log, "--as-of", AS_OF, "--config", "default_wait_days=10")
    assert result.code == 1
    assert "the usual wait is 10 days" in result.out


def test_config_file_then_inline_override(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    log = write(EARLY)
    settings = write("default_wait_days = 2\n", "followup-stats.toml")
    assert run("check", log, "--as-of", AS_OF, "--config", settings).code == 0
    result = run(
        "check", log, "--as-of", AS_OF, "--config", settings, "--config", "default_wait_days=5"
    )
    assert result.code == 1


@pytest.mark.parametrize(
    "options",
    [
        ("--config", "default_wait_days=ten"),
        ("--config", "no_such_setting=3"),
        ("--config", "missing.toml"),
        ("--config", "default_wait_days="),
        ("--select", "XX001"),
        ("--ignore", "FU999"),
    ],
)
def test_bad_settings_are_one_line_and_exit_2(
    run: Callable[..., Result], write: Callable[..., Path], options: tuple[str, ...]
) -> None:
    result = run("check", write(EARLY), "--as-of", AS_OF, *options)
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert result.err.startswith("followup-stats: error: ")
    assert result.out == ""


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--select", "XX001"), "--select XX001: unknown rule code (known codes: ALL, FU001,"),
        (("--select", "FU005,xx"), "--select XX: unknown rule code (known codes: ALL, FU001,"),
        (("--ignore", "FU1X"), "--ignore FU1X: unknown rule code (known codes: ALL, FU001,"),
        (("--ignore", "FU999"), "--ignore FU999: unknown rule code (known codes: ALL, FU001,"),
        (("--ignore", "FU09"), "--ignore FU09: unknown rule code (did you mean FU009? known"),
    ],
)
def test_an_unknown_code_is_named_with_its_option(
    run: Callable[..., Result], write: Callable[..., Path], options: tuple[str, ...], said: str
) -> None:
    result = run("check", write(EARLY), "--as-of", AS_OF, *options)
    assert result.code == 2
    assert result.err.startswith("followup-stats: error: " + said)


# -- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00\x00" * 20, "binary"),
        (b"PK\x03\x04rest-of-a-zip", "zip"),
        (b"date,company,status\n2026-10-01,Acme,applied\n", "'event'"),
    ],
    ids=["empty", "binary", "zip", "no-event-column"],
)
def test_unusable_files_give_one_line_and_exit_2(
    run: Callable[..., Result], write: Callable[..., Path], content: bytes, fragment: str
) -> None:
    log = write(content)
    for command in (("check",), ("todo",)):
        result = run(*command, log, "--as-of", AS_OF)
        assert result.code == 2
        assert result.out == ""
        assert len(result.err_lines) == 1, result.err
        assert result.err.startswith(f"followup-stats: error: {log}")
        assert fragment in result.err
        assert "Traceback" not in result.err


def test_missing_file_is_one_line(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("check", tmp_path / "nope.csv")
    assert result.code == 2
    assert result.err_lines == [
        f"followup-stats: error: {tmp_path / 'nope.csv'}: no such file or folder"
    ]


@pytest.mark.parametrize("as_of", ["2026-13-01", "tomorrow", "01/11/2026", "2026-11-01T10:00", ""])
def test_bad_as_of_is_one_line_and_exit_2(
    run: Callable[..., Result], write: Callable[..., Path], as_of: str
) -> None:
    for command in ("check", "todo"):
        result = run(command, write(CLEAN), "--as-of", as_of)
        assert result.code == 2
        assert len(result.err_lines) == 1
        assert "--as-of" in result.err and "YYYY-MM-DD" in result.err


@pytest.mark.parametrize("as_of", ["2026-282", "2026-W41-5", "2026W415", "20261009"])
def test_as_of_takes_the_iso_dates_a_log_date_may_be(
    run: Callable[..., Result], write: Callable[..., Path], as_of: str
) -> None:
    """Day 282 and Friday of week 41 of 2026 are 9 October, as in the log's date column."""
    result = run("todo", write(TODO), "--as-of", as_of)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Due today or overdue (as of 2026-10-09)"
    assert result.out == run("todo", write(TODO), "--as-of", "2026-10-09").out


@pytest.mark.parametrize(
    ("as_of", "error"),
    [
        (
            "2026-367",
            "is not a valid date (2026 has 365 days); use the ISO form YYYY-MM-DD, e.g. 2026-11-01",
        ),
        (
            "2026-02-30",
            "is not a valid date (February 2026 has 28 days); use the ISO form YYYY-MM-DD, "
            "e.g. 2026-11-01",
        ),
        (
            "20261100",
            "is not a valid date (there is no day 00); use the ISO form YYYY-MM-DD, "
            "e.g. 2026-11-01",
        ),
        ("2026-282T10:00", "is not a valid date; use the ISO form YYYY-MM-DD, e.g. 2026-11-01"),
        ("soon", "is not a valid date; use the ISO form YYYY-MM-DD, e.g. 2026-11-01"),
        # A week is no day (date.fromisoformat would read it as its Monday), as in the log.
        (
            "2026-W45",
            "is not a valid date (a week, not a day; write a day of it, such as 2026-W45-1 "
            "for its Monday, 2026-11-02); use the ISO form YYYY-MM-DD, e.g. 2026-11-01",
        ),
        (
            "2026W41",
            "is not a valid date (a week, not a day; write a day of it, such as 2026-W41-1 "
            "for its Monday, 2026-10-05); use the ISO form YYYY-MM-DD, e.g. 2026-11-01",
        ),
        ("2201-001", "is too far off: give a date from 1900-01-01 to 2200-12-31"),
        ("1899W527", "is too far off: give a date from 1900-01-01 to 2200-12-31"),
    ],
)
def test_an_as_of_in_another_iso_form_is_refused_as_one_in_the_extended_form(
    run: Callable[..., Result], write: Callable[..., Path], as_of: str, error: str
) -> None:
    """No such day (and why, where the form says), a date-time, or a day outside the range:
    the messages of YYYY-MM-DD."""
    result = run("todo", write(TODO), "--as-of", as_of)
    assert result.code == 2
    assert result.err_lines == [f"followup-stats: error: --as-of '{as_of}' {error}"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["frobnicate"],
        ["check", "log.csv", "--format", "xml"],
        ["check", "log.csv", "--no-such-option"],
        ["todo", "log.csv", "--format", "csv"],
        ["stats", "log.csv", "--no-such-option"],
        ["simulate", "--no-such-option"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(run: Callable[..., Result], argv: list[str]) -> None:
    """One line naming the command and the way to its help, not argparse's usage block."""
    result = run(*argv)
    assert result.code == 2
    assert len(result.err_lines) == 1, result.err
    command = argv[0] if argv and argv[0] != "frobnicate" else ""
    prog = f"followup-stats {command}".strip()
    assert result.err.startswith(f"{prog}: error: "), result.err
    assert result.err.rstrip().endswith(f"(see '{prog} --help')")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (
            ["chek", "log.csv"],
            "followup-stats: error: unknown command 'chek' (did you mean 'check'?)",
        ),
        (
            ["reprot", "log.csv"],
            "followup-stats: error: unknown command 'reprot' (did you mean 'report'?)",
        ),
        (
            ["banana", "log.csv"],
            "followup-stats: error: unknown command 'banana' (commands: check, stats, todo, "
            "rule, report, report-all, import, simulate)",
        ),
        (
            ["check", "--selct", "FU001", "log.csv"],
            "followup-stats check: error: unrecognized arguments: --selct (did you mean --select?)",
        ),
        (
            ["check", "log.csv", "--selct=FU001"],
            "followup-stats check: error: unrecognized arguments: --selct=FU001 "
            "(did you mean --select?)",
        ),
        (
            ["check", "log.csv", "--selct", "FU001", "--outptu", "out.txt"],
            "followup-stats check: error: unrecognized arguments: --selct FU001 --outptu out.txt "
            "(--selct: did you mean --select?; --outptu: did you mean --output?)",
        ),
        (
            ["simulate", "--seeed", "3"],
            "followup-stats simulate: error: unrecognized arguments: --seeed 3 "
            "(did you mean --seed?)",
        ),
        (
            ["check", "log.csv", "--no-such-option"],
            "followup-stats check: error: unrecognized arguments: --no-such-option",
        ),
    ],
)
def test_a_mistyped_command_or_option_names_the_closest_one(
    run: Callable[..., Result], argv: list[str], error: str
) -> None:
    """As ruff and git do: one line, exit 2, the closest command or option named."""
    result = run(*argv)
    assert result.code == 2
    prog = error.split(": error: ")[0]
    assert result.err_lines == [f"{error} (see '{prog} --help')"]


@pytest.mark.parametrize("argv", [["rule"], ["rule", "FU005", "--all"]])
def test_rule_without_one_code_is_one_line(run: Callable[..., Result], argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert result.err_lines == [
        "followup-stats: error: rule: give one rule code such as FU005, or --all"
    ]


def test_version_and_help(run: Callable[..., Result]) -> None:
    version = run("--version")
    assert version.code == 0 and version.out.startswith("followup-stats ")
    helped = run("--help")
    assert helped.code == 0
    for name in ("check", "stats", "todo", "rule", "report", "report-all", "import", "simulate"):
        assert name in helped.out


def test_commands_not_wired_yet(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    unwired = dataclasses.replace(cli.COMMANDS_BY_NAME["import"], handler=None)
    monkeypatch.setitem(cli.COMMANDS_BY_NAME, "import", unwired)
    result = run("import", "a.csv", "--from", "huntr", "--out", "log.csv")
    assert result.code == 2
    assert result.err == "followup-stats: 'import' is not available yet\n"


def test_internal_error_is_one_line_and_exit_3(
    run: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import followup_stats.checker

    def broken(*args: object, **kwargs: object) -> pd.DataFrame:
        raise ValueError("boom")

    monkeypatch.setattr(followup_stats.checker, "check", broken)
    monkeypatch.setattr(followup_stats.checker, "check_counting_hidden", broken)
    log = write(CLEAN)
    result = run("check", log, "--as-of", AS_OF)
    assert result.code == 3
    assert result.err_lines == [
        "followup-stats: internal error: ValueError: boom "
        "(set FOLLOWUP_STATS_DEBUG=1 for the traceback)"
    ]
    monkeypatch.setenv("FOLLOWUP_STATS_DEBUG", "1")
    debug = run("check", log, "--as-of", AS_OF)
    assert debug.code == 3
    assert "Traceback" in debug.err and "ValueError: boom" in debug.err


# -- output files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_output_file_matches_screen(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path, fmt: str
) -> None:
    log = write(EARLY)
    screen = run("check", log, "--as-of", AS_OF, "--format", fmt)
    target = tmp_path / f"out.{fmt}"
    saved = run("check", log, "--as-of", AS_OF, "--format", fmt, "--output", target)
    assert saved.code == screen.code == 1
    assert saved.out == ""
    assert target.read_text(encoding="utf-8") == screen.out
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_replaces_an_existing_file(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    target = write("old contents\n", "out.json")
    assert (
        run("check", write(CLEAN), "--as-of", AS_OF, "--format", "json", "--output", target).code
        == 0
    )
    assert json.loads(target.read_text()) == []


def test_refuses_to_write_over_the_log(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    log = write(EARLY)
    for spelling in (log, tmp_path / "." / log.name, Path(os.path.relpath(log))):
        result = run("check", log, "--as-of", AS_OF, "--output", spelling)
        assert result.code == 2
        assert len(result.err_lines) == 1
        assert "refusing to write over it" in result.err
    assert log.read_text() == EARLY


def test_output_into_a_missing_folder_is_one_line(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    result = run("check", write(EARLY), "--as-of", AS_OF, "--output", tmp_path / "no" / "x.txt")
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert result.err.startswith("followup-stats: error: ")


def test_atomic_write_keeps_the_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    output.atomic_write(target, "first")
    output.atomic_write(target, b"second")
    assert target.read_text() == "second"

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(output.OutputError, match="No space left"):
        output.atomic_write(target, "third")
    assert target.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# -- check --statistics ----------------------------------------------------------------------

#: FU005 twice (two early follow-ups, errors) and FU004 once (a warning).
COUNTED = (
    "date,company,event,application_id,channel\n"
    "2026-10-01,Acme,applied,a1,portal\n"
    "2026-10-02,Acme,follow_up,a1,email\n"
    "2026-10-01,Beta,applied,b1,portal\n"
    "2026-10-03,Beta,follow_up,b1,email\n"
)


def test_statistics_count_each_code_most_frequent_first(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    from followup_stats.checker import check, statistics

    log = write(COUNTED)
    expected = statistics(check(str(log), as_of=AS_OF))
    assert list(expected.columns) == ["code", "severity", "title", "count"]
    counts = expected["count"].tolist()
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    result = run("check", log, "--as-of", AS_OF, "--statistics")
    assert result.code == 1  # as check: an error was found
    lines = result.out.splitlines()
    width = len(str(counts[0]))
    assert lines[: len(expected)] == [
        f"{row.count:>{width}}\t{row.code}\t[{row.severity}] {row.title}"
        for row in expected.itertuples()
    ]
    assert lines[-1].startswith(f"Found {sum(counts)} problems")
    as_json = json.loads(
        run("check", log, "--as-of", AS_OF, "--statistics", "--format", "json").out
    )
    assert as_json == expected.to_dict("records")
    assert list(as_json[0]) == ["code", "severity", "title", "count"]
    rows = list(
        csv.DictReader(
            io.StringIO(run("check", log, "--as-of", AS_OF, "--statistics", "--format", "csv").out)
        )
    )
    assert [(r["code"], int(r["count"])) for r in rows] == list(
        zip(expected["code"], expected["count"], strict=True)
    )


def test_statistics_of_a_clean_log(run: Callable[..., Result], write: Callable[..., Path]) -> None:
    log = write(CLEAN)
    assert run("check", log, "--as-of", AS_OF, "--statistics").out == "All checks passed!\n"
    result = run("check", log, "--as-of", AS_OF, "--statistics", "--format", "json")
    assert (result.code, result.out) == (0, "[]\n")


def test_statistics_exit_0_without_errors(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = run("check", write(COUNTED), "--as-of", AS_OF, "--statistics", "--ignore", "FU005")
    assert result.code == 0 and "FU005" not in result.out


# -- rule ------------------------------------------------------------------------------------


def test_rule_prints_the_catalogue_entry(run: Callable[..., Result]) -> None:
    result = run("rule", "fu005")
    assert result.code == 0
    assert result.out.startswith("FU005 (")
    assert "[error]" in result.out.splitlines()[0]
    assert "default_wait_days = 7" in result.out


def test_rule_shows_configured_thresholds(run: Callable[..., Result]) -> None:
    result = run("rule", "FU005", "--config", "default_wait_days=10")
    assert result.code == 0
    assert "default_wait_days = 10 (default 7)" in result.out


def test_rule_all_lists_every_code(run: Callable[..., Result]) -> None:
    result = run("rule", "--all")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["code", "severity", "title"]
    assert [line.split()[0] for line in lines[1:]] == list(ALL_CODES)
    assert lines[5].split()[:2] == ["FU005", "error"]


def test_rule_reads_the_configuration_of_the_working_folder(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As check does without a log: the closest file from the working folder up."""
    (tmp_path / "followup-stats.toml").write_text(
        'default_wait_days = 4\nignore = ["FU005"]\n', encoding="utf-8"
    )
    (tmp_path / "deeper").mkdir()
    monkeypatch.chdir(tmp_path / "deeper")
    result = run("rule", "FU005")
    assert result.code == 0, result.err
    assert "default_wait_days = 4 (default 7)" in result.out
    assert "FU005 is not selected by the current configuration" in result.out
    overridden = run("rule", "FU005", "--config", "default_wait_days=9", "--config", "ignore=[]")
    assert "default_wait_days = 9 (default 7)" in overridden.out
    assert "not selected" not in overridden.out


def test_rule_shows_a_rule_a_file_selects_nothing_of(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "followup-stats.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
    result = run("rule", "FU001")
    assert result.code == 0, result.err
    assert "FU001 is not selected" in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ["rule", "--all", "--config", "foo=1"],
        ["rule", "--all", "--config", "foo=1", "--config", "/nonexistent.toml"],
        ["rule", "FU005", "--config", "/nonexistent.toml"],
    ],
)
def test_rule_refuses_bad_settings(run: Callable[..., Result], argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2 and result.out == ""
    assert len(result.err_lines) == 1 and result.err.startswith("followup-stats: error: ")


def test_rule_refuses_a_bad_discovered_file(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "followup-stats.toml").write_text("foo = 1\n", encoding="utf-8")
    for argv in (["rule", "FU005"], ["rule", "--all"]):
        result = run(*argv)
        assert result.code == 2, result.out
        assert "followup-stats.toml:1:1: unknown setting 'foo'" in result.err


def test_unknown_rule_is_one_line_and_exit_2(run: Callable[..., Result]) -> None:
    result = run("rule", "FU999")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err_lines) == 1
    assert result.err.startswith("followup-stats: error: unknown rule code 'FU999'")


# -- todo ------------------------------------------------------------------------------------


def test_todo_text_groups_due_and_coming_up(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = run("todo", write(TODO), "--as-of", "2026-10-09")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Due today or overdue (as of 2026-10-09)"
    assert lines[1].split()[:5] == ["2026-10-08", "Follow", "up", "Acme", "(a1)"]
    assert lines[2] == ""
    assert lines[3] == "Coming up"
    assert lines[4].split()[:7] == ["2026-10-12", "Wait", "(then", "follow", "up)", "Beta", "(b1)"]


def test_todo_text_cuts_a_long_name_as_check_does(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """One 199-character company must not widen every row; JSON keeps it whole."""
    long_name = " ".join(["Unicode Global Holdings"] * 8)
    log = write(HEADER + f"2026-10-01,{long_name},applied,a1\n2026-10-01,Acme,applied,a2\n")
    result = run("todo", log, "--as-of", "2026-10-20")
    cut = long_name[: output.SHOWN_COMPANY_CHARS - 3] + "..."
    assert f"{cut} (a1)" in result.out and long_name not in result.out
    # Each row: the date, the action, the cut name and the reason (about 170 characters);
    # padded to the whole name, it was 383.
    assert max(len(line) for line in result.out.splitlines()) < len(long_name) + 100
    as_json = run("todo", log, "--as-of", "2026-10-20", "--format", "json")
    assert long_name in {r["company"] for r in json.loads(as_json.out)}


def test_todo_text_keeps_the_role_of_a_long_company_name(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """Without ids, the role tells two applications at one long-named company apart."""
    company = "Very Long Company Name International Holdings Incorporated Ltd"  # 62
    log = write(
        "date,company,role,event\n"
        f"2026-10-01,{company},Analyst,applied\n2026-10-01,{company},Engineer,applied\n"
    )
    lines = run("todo", log, "--as-of", "2026-10-25").out.splitlines()
    cut = company[: output.SHOWN_COMPANY_CHARS - 3] + "..."
    assert [line.split("  ")[3].strip() for line in lines[1:]] == [
        f"{cut} (Analyst)",
        f"{cut} (Engineer)",
    ]


def test_todo_for_one_candidate_of_a_cohort(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    """A coach's file of several clients: one client's plan, and a misspelt name refused."""
    cohort = write(
        "date,candidate,company,event\n"
        "2026-10-01,Ana Lee,Acme,applied\n2026-10-05,Ben Ode,Beta,applied\n"
    )
    calendar = tmp_path / "ana.ics"
    result = run(
        "todo", cohort, "--as-of", "2026-10-09", "--candidate", "Ana Lee", "--ics", calendar
    )
    assert result.code == 0 and "Acme" in result.out and "Beta" not in result.out
    assert "Beta" not in calendar.read_text(encoding="utf-8")
    records = json.loads(
        run(
            "todo", cohort, "--as-of", "2026-10-09", "--candidate", "Ben Ode", "--format", "json"
        ).out
    )
    assert [(r["candidate"], r["action"], r["then"]) for r in records] == [
        ("Ben Ode", "wait", "follow_up")  # the step the wait is for, as the text says it
    ]
    wrong = run("todo", cohort, "--as-of", "2026-10-09", "--candidate", "Ana Le")
    assert wrong.code == 2
    assert wrong.err_lines == [
        "followup-stats: error: --candidate 'Ana Le': not in the log (did you mean Ana Lee?)"
    ]


def test_todo_for_one_candidate_writes_their_calendar_past_anothers_unreadable_log(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    """Rows not loaded that name another client cannot hold this one's reminders: their
    calendar is written, and only their rows not loaded are counted; an unreadable log
    that may be theirs (its rows name them) still leaves it as it was."""
    cohort = write(
        "date,candidate,company,event\n"
        "2026-10-01,Ana Lee,Acme,applied\n2026-10-05,Ben Ode,Beta,applied\n"
        "2026-99-01,Ben Ode,Gamma,applied\n",
        "cohort.csv",
    )
    kim = write("date,candidate,company,event\nsoon,Kim Ode,Acme,applied\n", "kim.csv")
    calendar = tmp_path / "ana.ics"
    calendar.write_text("yesterday's reminders", encoding="utf-8")
    ana = run(
        "todo", cohort, kim, "--as-of", "2026-10-09", "--candidate", "Ana Lee", "--ics", calendar
    )
    assert ana.code == 2  # kim.csv is still bad input
    assert "Acme" in calendar.read_text(encoding="utf-8")
    assert ana.err_lines == [
        f"followup-stats: wrote 1 reminder to {calendar}",
        f"followup-stats: error: {kim}: no row could be loaded, so nothing in it was planned "
        "(`followup-stats check` says why)",
    ]
    ben = run(
        "todo", cohort, kim, "--as-of", "2026-10-09", "--candidate", "Ben Ode", "--ics", calendar
    )
    assert "1 row of the log was not loaded, so the plan does not know it" in ben.err
    calendar.write_text("yesterday's reminders", encoding="utf-8")
    both = write("date,candidate,company,event\nsoon,Ana Lee,Acme,applied\n", "more.csv")
    withheld = run(
        "todo", cohort, both, "--as-of", "2026-10-09", "--candidate", "Ana Lee", "--ics", calendar
    )
    assert withheld.code == 2
    assert calendar.read_text(encoding="utf-8") == "yesterday's reminders"


def test_todo_json_keys(run: Callable[..., Result], write: Callable[..., Path]) -> None:
    result = run("todo", write(TODO), "--as-of", "2026-10-09", "--format", "json")
    assert result.code == 0, result.err
    records = json.loads(result.out)
    assert [set(r) for r in records] == [ACTION_KEYS, ACTION_KEYS]
    by_company = {r["company"]: r for r in records}
    assert by_company["Acme"]["action"] == "follow_up"
    assert by_company["Acme"]["not_before"] == "2026-10-08"
    assert by_company["Beta"]["action"] == "wait"
    assert by_company["Beta"]["not_before"] == "2026-10-12"
    assert all(r["candidate"] == "log" and r["why"] for r in records)


def test_todo_nothing_open(run: Callable[..., Result], write: Callable[..., Path]) -> None:
    log = write(HEADER + "2026-10-01,Acme,applied,a1\n2026-10-05,Acme,rejection,a1\n")
    result = run("todo", log, "--as-of", AS_OF)
    assert result.code == 0
    assert result.out.startswith("Nothing to do")
    assert json.loads(run("todo", log, "--as-of", AS_OF, "--format", "json").out) == []


def test_todo_ics(run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path) -> None:
    log = write(TODO)
    target = tmp_path / "reminders.ics"
    result = run("todo", log, "--as-of", "2026-10-09", "--ics", target)
    assert result.code == 0, result.err
    text = target.read_text()
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == 2
    assert "2 reminder" in result.err

    refused = run("todo", log, "--as-of", "2026-10-09", "--ics", log)
    assert refused.code == 2
    assert len(refused.err_lines) == 1 and "refusing to write over it" in refused.err


def test_actions_text_with_several_candidates_names_them() -> None:
    actions = pd.DataFrame(
        {
            "candidate": ["ana", "ben"],
            "application_id": ["a1", "b1"],
            "company": ["Acme", "Beta"],
            "action": ["follow_up", "move_on"],
            "not_before": pd.to_datetime(["2026-10-08", "2026-10-01"]),
            "why": ["x", "y"],
            "then": ["follow_up", "move_on"],
        }
    )
    lines = output.actions_text(actions, "2026-10-09").splitlines()
    assert lines[1].split() == ["ben", "2026-10-01", "Move", "on", "Beta", "(b1)", "y"]
    assert lines[2].split() == ["ana", "2026-10-08", "Follow", "up", "Acme", "(a1)", "x"]


# -- simulate --------------------------------------------------------------------------------


def test_simulate_passes_its_options_to_the_simulator(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}
    fake = types.ModuleType("followup_stats.simulate")

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--candidates", type=int, default=1)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out")

    def run_simulation(args: argparse.Namespace) -> int:
        seen.update(vars(args))
        return 0

    fake.add_arguments = add_arguments  # type: ignore[attr-defined]
    fake.run = run_simulation  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "followup_stats.simulate", fake)
    out = tmp_path / "sim.csv"
    assert run("simulate", "--candidates", "3", "--seed", "7", "--out", out).code == 0
    assert seen == {"candidates": 3, "seed": 7, "out": str(out)}
    assert run("simulate", "--bogus").code == 2
    helped = run("simulate", "--help")
    assert helped.code == 0 and "--candidates" in helped.out


def test_simulate_writes_a_log_that_check_reads(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "sim.csv"
    result = run(
        "simulate", "--candidates", "2", "--applications", "5", "--seed", "3", "--out", out
    )
    assert result.code == 0, result.err
    assert out.is_file()
    assert run("check", out, "--as-of", AS_OF).code in (0, 1)


# -- the installed program -------------------------------------------------------------------


def _program() -> list[str]:
    beside = shutil.which("followup-stats", path=str(Path(sys.executable).parent))
    installed = beside or shutil.which("followup-stats")
    return [installed] if installed else [sys.executable, "-m", "followup_stats.cli"]


@pytest.mark.parametrize(
    "program",
    [_program(), [sys.executable, "-m", "followup_stats.cli"]],
    ids=["console-script", "module"],
)
def test_installed_program(write: Callable[..., Path], program: list[str]) -> None:
    log = write(EARLY)
    before = _digest(log)
    env = {k: v for k, v in os.environ.items() if k != "FOLLOWUP_STATS_DEBUG"}
    done = subprocess.run(
        [*program, "check", str(log), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"{log}:3: FU005 [error]" in done.stdout
    assert "\x1b[" not in done.stdout
    bad = subprocess.run(
        [*program, "check", str(log), "--as-of", "soon"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert len(bad.stderr.splitlines()) == 1
    assert _digest(log) == before


#: The installed program's entry point, as the console script calls it.
PROGRAM = "from followup_stats.cli import run; run()"


def test_the_program_ends_at_once_with_all_its_output(
    write: Callable[..., Path], tmp_path: Path, run: Callable[..., Result]
) -> None:
    """The program leaves without tearing Python down (cli.run): what it printed to a file
    is all there, and its exit code is main's."""
    log = write(EARLY)
    out = tmp_path / "out.json"
    with out.open("w", encoding="utf-8") as stdout:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PROGRAM,
                "check",
                str(log),
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert (
        out.read_text(encoding="utf-8")
        == run("check", log, "--as-of", AS_OF, "--format", "json").out
    )


def test_the_program_ends_well_with_its_standard_output_closed(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    """A cron job may start it with standard output closed (>&-): Python then has no
    sys.stdout, and flushing it before the quick exit ended a run that had written its
    --output file with a traceback and exit code 1."""
    log = write(EARLY)
    out = tmp_path / "stats.txt"
    command = [sys.executable, "-c", PROGRAM, "stats", str(log), "--as-of", AS_OF]
    done = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *command, "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8").strip()


def test_the_package_gives_its_modules_as_attributes() -> None:
    """import followup_stats; followup_stats.checker.statistics(...) as the README writes
    it: the names imported when first used must still include the submodules."""
    probe = (
        "import followup_stats\n"
        "print(followup_stats.checker.statistics.__name__, followup_stats.check.__name__,"
        " followup_stats.stats.assumed_waits.__name__)\n"
        "print(hasattr(followup_stats, 'no_such_module'), dir(followup_stats).count('check'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["statistics check assumed_waits", "False 1"]


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["chek", "log.csv"], ["check", "--help"]]
)
def test_help_and_usage_errors_answer_without_pandas(argv: list[str]) -> None:
    """Help, the version and a mistyped command need no table: importing pandas (and the
    library on it) made them wait about half a second before a word was printed."""
    probe = (
        "import sys\n"
        "from followup_stats.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pandas' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr.splitlines()[-1] == "False", done.stderr


def test_the_program_ends_as_python_does_while_a_thread_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A thread still working (not a daemon) has its clean-up at exit: run() then exits as
    Python does, with main's code, instead of ending the process at once."""
    import threading

    monkeypatch.setattr(cli, "main", lambda: 3)
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as ended:
            cli.run()
    finally:
        release.set()
        worker.join()
    assert ended.value.code == 3


def test_stats_json_has_the_documented_tables(run: Callable[..., Result], tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,role,event,source\n"
        "2026-09-01,Hooli,Analyst,applied,referral\n"
        "2026-09-05,Hooli,Analyst,response,\n"
        "2026-09-10,Hooli,Analyst,interview,\n"
        "2026-09-10,Hooli,Analyst,thank_you,\n"
        "2026-09-20,Hooli,Analyst,offer,\n"
        "2026-09-02,Initech,QA,applied,job_board\n",
        encoding="utf-8",
    )
    result = run("stats", str(log), "--as-of", "2026-11-20", "--format", "json", "--by", "Source")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert list(data) == STATS_JSON_TABLES
    assert set(data["rates"][0]) == {
        "group",
        "metric",
        "k",
        "n",
        "pending",
        "rate",
        "ci_low",
        "ci_high",
    }
    offer = [r for r in data["rates"] if r["metric"] == "offer" and r["group"] == "referral"]
    assert offer[0]["k"] == 1 and offer[0]["n"] == 1
    funnel = {(r["group"], r["step"]): r["count"] for r in data["funnel"]}
    assert funnel[("referral", "interviewed")] == 1
    assert funnel[("job_board", "interviewed")] == 0
    assert {r["measure"] for r in data["times"]} >= {"to_first_response"}
    # Hooli's offer came 19 days after applying; Initech is still open, 79 days on.
    ended = {(r["group"], r["outcome"]): r for r in data["incidence"]}
    assert ended[("referral", "offer")]["events"] == 1
    assert ended[("referral", "offer")]["incidence_30d"] == 1.0
    assert ended[("job_board", "offer")]["incidence_30d"] == 0.0
    assert ended[("job_board", "offer")]["incidence_90d"] is None  # followed 79 days only


def test_stats_unknown_by_column_is_a_usage_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,company,event\n2026-09-01,Hooli,applied\n", encoding="utf-8")
    result = run("stats", str(log), "--by", "colour")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "colour" in result.err


def test_stats_by_a_misspelt_column_names_the_closest(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """``--by sorce`` says which column it most likely means, as a misspelt code or
    ``--candidate`` does, rather than leave it to a list of 27 names."""
    log = write("date,company,event,source\n2026-09-01,Hooli,applied,referral\n")
    result = run("stats", log, "--by", "sorce")
    assert result.code == 2
    assert result.err.startswith(
        "followup-stats: error: --by 'sorce': no such column; did you mean source? "
        "choose one of candidate, application_id, company, role, source, "
    )
    assert "did you mean" not in run("stats", log, "--by", "xyzzy").err


def test_report_for_a_misspelt_candidate_names_the_closest(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    """``report --candidate`` is refused as ``todo --candidate`` is, with the closest names
    (real ones, with --anonymize too), before any report is rendered."""
    cohort = write(
        "date,candidate,company,event\n"
        "2026-10-01,Ana Lee,Acme,applied\n2026-10-05,Ben Ode,Beta,applied\n"
    )
    out = tmp_path / "reports"
    for extra in ([], ["--anonymize"]):
        wrong = run("report", cohort, "--candidate", "Ana Le", "--out", out, *extra)
        assert wrong.code == 2
        assert wrong.err_lines == [
            "followup-stats: error: --candidate 'Ana Le': not in the log (did you mean Ana Lee?)"
        ]
    nobody = run("report", cohort, "--candidate", "Zed", "--out", out)
    assert nobody.err_lines == [
        "followup-stats: error: --candidate 'Zed': not in the log (candidates: Ana Lee, Ben Ode)"
    ]
    assert not out.exists()


def test_todo_says_when_rows_were_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    # The rejection is not an event word: the plan still proposes a follow-up, and says why
    # it might be wrong.
    log = write(HEADER + "2026-10-01,Acme,applied,a1\n2026-10-05,Acme,turned down,a1\n")
    result = run("todo", log, "--as-of", "2026-10-09")
    assert result.code == 0
    assert "Follow up" in result.out
    assert "1 row of the log was not loaded, so the plan does not know it" in result.err
    assert "followup-stats check" in result.err
    clean = run("todo", write(HEADER + "2026-10-01,Acme,applied,a1\n"), "--as-of", "2026-10-09")
    assert "not loaded" not in clean.err


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_stats_says_when_rows_were_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path], fmt: str
) -> None:
    # Line 3 (an unknown event) and line 4 (no readable date) are not loaded.
    log = write(REJECTED_ROW + "someday,Beta,applied,b1\n")
    result = run("stats", log, "--as-of", AS_OF, "--format", fmt)
    assert result.code == 0
    assert result.err_lines == [
        "followup-stats: 2 rows of the log were not loaded, so the statistics do not count "
        "them; `followup-stats check` says which and why",
        # The rows loaded hold no employer answer at all: that is said too.
        "followup-stats: no answer from any employer is logged; if replies were not written "
        "down (an export of applications only, such as LinkedIn's), the answer rates and "
        "waits say nothing yet: add the replies to the log",
    ]
    assert "not loaded" not in result.out  # standard output keeps to the tables
    if fmt == "json":
        assert list(json.loads(result.out)) == STATS_JSON_TABLES
    check = run("check", log, "--as-of", AS_OF)
    assert check.out.rstrip().endswith("; 2 rows not loaded.")  # the count check gives
    answered = CLEAN + "2026-10-12,Acme,response,a1\n"  # nothing to say on standard error
    clean = run("stats", write(answered), "--as-of", AS_OF, "--format", fmt)
    assert clean.code == 0 and clean.err == ""


def test_check_text_names_the_candidate_where_a_file_holds_several(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """A coach's file of several clients: each finding says whose it is; one person's logs
    (a candidate per file, or none named) keep the short form, the file says whose."""
    from followup_stats.engines import pandas_engine

    cohort = write(
        "date,candidate,company,event\n"
        "2026-10-01,Ana Lee,Acme,applied\n2026-10-02,Ana Lee,Acme,follow_up\n"
        "2026-10-01,Ben Ode,Beta,applied\n2026-10-03,Ben Ode,Beta,follow_up\n",
        "cohort.csv",
    )
    lines = run("check", cohort, "--as-of", "2026-10-09").out.splitlines()
    assert [line.split(": ")[1] for line in lines[:2]] == [
        "FU005 [error] Ana Lee at Acme",
        "FU005 [error] Ben Ode at Beta",
    ]
    mine = write("date,company,event\n2026-10-01,Acme,applied\n2026-10-02,Acme,follow_up\n")
    alone = run("check", mine, "--as-of", "2026-10-09").out
    assert alone.startswith(f"{mine}:3: FU005 [error] Acme: follow-up on 2 Oct 2026")
    other = write(
        "date,company,event\n2026-10-01,Beta,applied\n2026-10-02,Beta,follow_up\n", "b.csv"
    )
    assert ": FU005 [error] Beta: " in run("check", mine, other, "--as-of", "2026-10-09").out
    # Worker processes split a file by candidate: it is still known to hold several.
    split = pandas_engine.check_log([cohort], None, "2026-10-09", jobs=2, rows_per_process=1)
    assert split.files_shared
    assert not pandas_engine.check_log([mine, other], None, "2026-10-09").files_shared


def test_every_command_that_takes_a_folder_says_so_in_its_help(
    run: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    """``report --help`` said "the log" although ``report`` takes a folder as ``check`` does."""
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "ana.csv").write_text("date,company,event\n2026-10-01,Acme,applied\n", "utf-8")
    for command in ("check", "stats", "todo", "report", "report-all"):
        helped = run(command, "--help")
        positional = helped.out.split("positional arguments:")[1].split("options:")[0]
        assert helped.code == 0 and "folder" in positional, command
    # Refused for its --candidate before anything is rendered: the folder itself is taken.
    wrong = run("report", folder, "--candidate", "Zed", "--out", tmp_path / "out")
    assert wrong.err_lines == [
        "followup-stats: error: --candidate 'Zed': not in the log (candidates: ana)"
    ]


def test_a_tracker_row_with_two_unreadable_dates_is_one_row_not_loaded(
    run: Callable[..., Result], write: Callable[..., Path]
) -> None:
    """Each unreadable date of a tracker's row has its finding, but the row is one: the
    closing line of ``check`` and the lines of ``stats`` and ``todo`` said 2 rows."""
    log = write(
        "Company,Position,Date Applied,Interview Date,Status\n"
        "Acme,Analyst,01/10/2026,08/10/2026,Interviewing\n"
        "Initech,QA,2026-10-05,2026-10-09,Interviewing\n",
        "tracker.csv",
    )
    checked = run("check", log, "--as-of", AS_OF)
    assert [line.split(": ")[1][:5] for line in checked.out.splitlines()[:2]] == ["DQ010"] * 2
    assert checked.out.splitlines()[-1].endswith("in 1 file; 1 row not loaded.")
    said = "1 row of the log was not loaded, so {}; `followup-stats check` says which and why"
    counted = said.format("the statistics do not count it")
    assert run("stats", log, "--as-of", AS_OF).err_lines == [f"followup-stats: {counted}"]
    planned = said.format("the plan does not know it")
    for candidate in ([], ["--candidate", "tracker"]):
        assert run("todo", log, "--as-of", AS_OF, *candidate).err_lines == [
            f"followup-stats: {planned}"
        ]
