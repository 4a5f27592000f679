"""Bad settings, far-off dates and odd files end in one line and exit 2, never a crash.

What a fuzzing review found ending in exit code 3 ("internal error") or
leaking library noise, and the limits chosen for it (DESIGN.md section 5):

- every setting is checked when the configuration is built: day thresholds
  are whole numbers from 0 (1 for ``ghost_after_days``) to 3650,
  ``max_follow_ups`` from 1 to 100, ``timezone`` an IANA zone name and
  ``date_format`` a strptime format that reads a whole date; the message
  names the file or ``--config KEY=VALUE``, the key and what is allowed;
- ``--as-of`` (and ``as_of`` in the library) from 1900-01-01 to 2200-12-31,
  in every command that takes it; log dates far off are DQ001, not a crash;
- a symbolic link loop, as a log, an output or inside a report folder;
- an ``.xlsx`` date cell past 9999-12-31: no openpyxl warning, and the reject
  quotes the number the cell holds and says why it is no date;
- a ``|``-separated log is read like a ``;`` or tab one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli, report
from followup_stats.config import LIMITS, MAX_DAYS, Config, from_mapping, read_config_file
from followup_stats.errors import ConfigError, UsageError
from followup_stats.load import AS_OF_YEARS, load_log, to_as_of
from followup_stats.parse import MAX_DAYS as LOG_MAX_DAYS
from followup_stats.parse import parse_dates
from followup_stats.read import sniff_delimiter

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_log.csv"
AS_OF = "2026-10-30"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> str:
    """Run ``argv``, which must fail with one line on standard error and exit code 2."""
    code, _, err = run(capsys, *argv)
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    return err


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """The sample log, alone in a folder (no configuration file above it is ours)."""
    path = tmp_path / "log.csv"
    shutil.copyfile(SAMPLE, path)
    return path


# -- 1. settings: checked when the configuration is built --------------------------------------

#: ``--config`` values the reviewer found crashing, and what the message must say.
BAD_SETTINGS: list[tuple[str, str]] = [
    ("default_wait_days=99999999999999999999", "whole number of days from 0 to 3650"),
    ("default_wait_days=1000000", "whole number of days from 0 to 3650"),
    ("default_wait_days=-1", "whole number of days from 0 to 3650"),
    ("default_wait_days=7.5", "whole number of days from 0 to 3650"),
    ("default_wait_days=true", "whole number of days from 0 to 3650"),
    ("thank_you_within_days=100000", "whole number of days from 0 to 3650"),
    ("final_note_gap_days=3651", "whole number of days from 0 to 3650"),
    ("idle_days=10000000", "whole number of days from 0 to 3650"),
    ("ghost_after_days=10000000", "whole number of days from 1 to 3650"),
    ("ghost_after_days=0", "whole number of days from 1 to 3650"),
    ("timeline_grace_days=300000", "whole number of days from 0 to 3650"),
    ("max_follow_ups=0", "whole number from 1 to 100"),
    ("max_follow_ups=1000", "whole number from 1 to 100"),
    ("timezone=5", "expected an IANA time zone name"),
    ('timezone=["UTC"]', "expected an IANA time zone name"),
    ("timezone=Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("timezone=Europe", "unknown time zone 'Europe'"),
    ("timezone=utc", "unknown time zone 'utc' (did you mean 'UTC'?)"),
    ('date_format="%Q"', "'Q' is a bad directive"),
    ("date_format=5", "expected a strptime format such as '%d/%m/%Y'"),
    ('date_format=""', "expected a strptime format such as '%d/%m/%Y'"),
    ('date_format="dd/mm/yyyy"', "expected a strptime format such as '%d/%m/%Y'"),
    ('date_format="%m/%Y"', "does not read a whole date (day, month and year)"),
]


@pytest.mark.parametrize(("setting", "said"), BAD_SETTINGS)
@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_bad_setting_on_the_command_line_is_one_line(
    capsys: pytest.CaptureFixture[str], log: Path, command: str, setting: str, said: str
) -> None:
    err = usage_error(capsys, command, log, "--as-of", AS_OF, "--config", setting)
    key = setting.partition("=")[0]
    assert f"--config {setting}: {key}: " in err
    assert said in err


@pytest.mark.parametrize(("setting", "said"), BAD_SETTINGS)
def test_bad_setting_in_a_file_names_the_file_and_the_key(
    capsys: pytest.CaptureFixture[str], log: Path, setting: str, said: str
) -> None:
    key, _, value = setting.partition("=")
    try:
        tomllib.loads(f"{key} = {value}")
    except tomllib.TOMLDecodeError:
        value = f'"{value}"'  # bare text, as --config reads it: a TOML string in a file
    config = log.parent / "followup-stats.toml"
    config.write_text(f"# thresholds\n{key} = {value}\n", encoding="utf-8")
    err = usage_error(capsys, "check", log, "--as-of", AS_OF)
    assert f"{config}:2:1: {key}: " in err  # the key's line and column
    assert said in err


def test_a_key_is_named_as_written(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.followup_stats]\ndefault-wait-days = 4000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="default-wait-days: must be a whole number") as caught:
        read_config_file(config)
    assert caught.value.source == f"{config}:2:1"


def config_with(field: str, value: object) -> Config:
    settings: dict[str, Any] = {field: value}
    return Config(**settings)


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_each_threshold_takes_its_limits_and_no_more(field: str) -> None:
    low, high = LIMITS[field]
    assert getattr(config_with(field, low), field) == low
    assert getattr(config_with(field, high), field) == high
    for bad in (low - 1, high + 1, 10**20, float(low), True, str(low), None):
        with pytest.raises(ConfigError, match=f"from {low} to {high}, got"):
            config_with(field, bad)


def test_limits_match_the_catalogue_meaning() -> None:
    days = {k: v for k, v in LIMITS.items() if k != "max_follow_ups"}
    assert set(days.values()) == {(0, MAX_DAYS), (1, MAX_DAYS)}
    assert LIMITS["ghost_after_days"] == (1, MAX_DAYS)  # a silence of no days is no silence
    assert LIMITS["max_follow_ups"][0] == 1  # the approved follow-up is always allowed
    assert MAX_DAYS == LOG_MAX_DAYS  # the bound of the log's own day counts


@pytest.mark.parametrize(
    "value", ["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%y", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M %z"]
)
def test_date_formats_that_read_a_whole_date_are_accepted(value: str) -> None:
    assert Config(date_format=value).date_format == value


@pytest.mark.parametrize("value", ["UTC", "Europe/London", "America/New_York", "Etc/GMT+12"])
def test_known_time_zones_are_accepted(value: str) -> None:
    assert Config(timezone=value).timezone == value


@pytest.mark.parametrize("value", ["", "../etc/passwd", "Europe/", "x" * 300, "a\x00b", "zone.tab"])
def test_odd_time_zone_names_are_config_errors(value: str) -> None:
    with pytest.raises(ConfigError, match="unknown time zone"):
        Config(timezone=value)


def test_library_overrides_name_the_command_line() -> None:
    with pytest.raises(ConfigError, match=r"^command line: idle_days: must be a whole number"):
        Config().replace(idle_days=10_000_000)
    with pytest.raises(ConfigError, match=r"^settings\.toml: timezone: expected an IANA"):
        from_mapping({"timezone": 5}, source="settings.toml")


@pytest.mark.parametrize("as_of", ["1900-01-01", "2200-12-31"])
@pytest.mark.parametrize("end", [0, 1])
@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_extreme_settings_at_extreme_dates_run(
    capsys: pytest.CaptureFixture[str], log: Path, command: str, end: int, as_of: str
) -> None:
    argv: list[str | Path] = [command, log, "--as-of", as_of]
    for field, limits in LIMITS.items():
        argv += ["--config", f"{field}={limits[end]}"]
    code, _, err = run(capsys, *argv)
    assert code in (0, 1), err


# -- 2. far-off as-of dates and log dates --------------------------------------------------------


@pytest.mark.parametrize(
    "as_of", ["2262-04-11", "2300-01-01", "9999-12-31", "1677-09-21", "1600-01-01", "1899-12-31"]
)
@pytest.mark.parametrize("command", ["check", "stats", "todo", "report", "report-all"])
def test_far_off_as_of_is_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    log: Path,
    tmp_path: Path,
    command: str,
    as_of: str,
) -> None:
    def no_rendering(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the as-of date should have been refused before any report")

    monkeypatch.setattr(report, "render_report", no_rendering)
    monkeypatch.setattr(report, "render_all", no_rendering)
    out: list[str | Path] = ["--out", tmp_path / "reports"] if command.startswith("report") else []
    err = usage_error(capsys, command, log, "--as-of", as_of, *out)
    assert f"--as-of '{as_of}' is too far off: give a date from 1900-01-01 to 2200-12-31" in err
    assert not (tmp_path / "reports").exists()


def test_to_as_of_refuses_far_off_and_junk_dates() -> None:
    config = Config()
    assert AS_OF_YEARS == (1900, 2200)
    assert to_as_of("1900-01-01", config) == pd.Timestamp("1900-01-01")
    assert to_as_of("2200-12-31T22:00", config) == pd.Timestamp("2200-12-31")
    for far in ("2262-04-11", "9999-12-31", "1677-09-21", "0001-01-01", "1899-12-31"):
        with pytest.raises(UsageError, match="too far off: give a date from 1900-01-01"):
            to_as_of(far, config)
    # The day in the configured zone counts: this is 1 Jan 2201 in UTC.
    with pytest.raises(UsageError, match="too far off"):
        to_as_of("2200-12-31T23:00:00-05:00", config)
    for junk in ("", "soon", "10000-01-01"):
        with pytest.raises(UsageError, match="is not a date"):
            to_as_of(junk, config)
    with pytest.raises(UsageError, match="too far off"):
        load_log(SAMPLE, as_of="2300-01-01")


def test_log_dates_far_off_are_rejects_or_dq008(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "far.csv"
    path.write_text(
        "date,company,event\n"
        "9999-12-31,A,applied\n"
        "0001-01-01,B,applied\n"
        "10000-01-01,C,applied\n"
        "2262-04-12,D,applied\n"
        "1677-09-21,E,applied\n"
        "31 Dec 0050,F,applied\n"  # dateutil alone reads this as 2050
        "9999-12-31T23:59:59-14:00,G,applied\n"
        "2100-12-31,H,applied\n",
        encoding="utf-8",
    )
    for as_of in ("2026-10-30", "1900-01-01", "2200-12-31"):
        code, out, err = run(capsys, "check", path, "--as-of", as_of, "--format", "json")
        assert code in (0, 1), err
        codes = {d["line"]: d["code"] for d in json.loads(out)}
        assert all(codes[line] == "DQ001" for line in range(2, 9)), codes
        assert codes.get(9) == ("DQ008" if as_of < "2100" else None)
        for command in ("stats", "todo"):
            code, _, err = run(capsys, command, path, "--as-of", as_of)
            assert code == 0, err


def test_spelled_out_dates_keep_the_year_as_written() -> None:
    parsed = parse_dates(pd.Series(["31 Dec 0050", "Dec 31, 0001", "3 Nov 2026"], dtype="string"))
    assert parsed["code"].tolist()[:2] == ["DQ001", "DQ001"]
    assert "is outside 1970-2100" in str(parsed["problem"].iloc[0])
    assert parsed["date"].iloc[2] == pd.Timestamp("2026-11-03")


# -- 3. symbolic link loops ----------------------------------------------------------------------


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """``loop1.csv -> loop2.csv -> loop1.csv``."""
    first, second = tmp_path / "loop1.csv", tmp_path / "loop2.csv"
    try:
        os.symlink(second.name, first)
        os.symlink(first.name, second)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    return first


LOOP_MESSAGE = "cannot read the file: a symbolic link loop (too many levels of symbolic links)"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{loop}"],
        ["check", "{log}", "{loop}", "--output", "{out}"],
        ["stats", "{loop}"],
        ["todo", "{loop}"],
        ["import", "{loop}"],
        ["check", "{loop}", "--jobs", "2"],
    ],
)
def test_a_log_that_is_a_symbolic_link_loop_is_one_line(
    capsys: pytest.CaptureFixture[str], loop: Path, log: Path, argv: list[str]
) -> None:
    out = log.parent / "out.txt"
    filled = [a.format(loop=loop, log=log, out=out) for a in argv]
    err = usage_error(capsys, *filled, *(["--as-of", AS_OF] if argv[0] != "import" else []))
    assert f"{loop}: {LOOP_MESSAGE}" in err
    # Beside a log that can be read, that log is still checked and its findings written
    # (exit 2 all the same); alone, nothing is written.
    assert out.exists() == ("{log}" in argv)
    if out.exists():
        assert out.read_text(encoding="utf-8").startswith(f"{log}:")


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_workbook_that_is_a_symbolic_link_loop_is_named_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    first, second = tmp_path / f"loop1{suffix}", tmp_path / f"loop2{suffix}"
    try:
        os.symlink(second.name, first)
        os.symlink(first.name, second)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    err = usage_error(capsys, "check", str(first), "--as-of", AS_OF)
    assert f"{first}: {LOOP_MESSAGE}" in err
    # A workbook that is simply missing is still "no such file or folder".
    err = usage_error(capsys, "check", str(tmp_path / f"missing{suffix}"), "--as-of", AS_OF)
    assert err.strip().endswith(f"missing{suffix}: no such file or folder")


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["check", "{log}", "--output", "{loop}"], "--output"),
        (["todo", "{log}", "--ics", "{loop}"], "--ics"),
        (["import", "{log}", "--out", "{loop}"], "--out"),
    ],
)
def test_an_output_that_is_a_symbolic_link_loop_is_refused(
    capsys: pytest.CaptureFixture[str], loop: Path, log: Path, argv: list[str], option: str
) -> None:
    filled = [a.format(loop=loop, log=log) for a in argv]
    err = usage_error(capsys, *filled)
    assert f"{option} {loop}: a symbolic link loop" in err
    assert loop.is_symlink()


def test_a_loop_in_a_report_folder_is_one_line_a_file(
    capsys: pytest.CaptureFixture[str], loop: Path, tmp_path: Path
) -> None:
    """Both links of the loop are logs of the folder: each is named once, nothing is written."""
    code, _, err = run(capsys, "report-all", loop.parent, "--out", tmp_path / "reports")
    assert code == 2
    assert err.splitlines() == [
        f"followup-stats: error: {loop.parent / name}: {LOOP_MESSAGE}"
        for name in ("loop1.csv", "loop2.csv")
    ]
    assert not (tmp_path / "reports").exists()


# -- 4. spreadsheets: no openpyxl warning, and the reject quotes the cell --------------------------


@pytest.fixture
def far_workbook(tmp_path: Path) -> Path:
    """Date-formatted cells past 9999-12-31 (serial 2958466, 1e15) and a real ``#VALUE!``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Log"
    sheet.append(["date", "company", "event"])
    sheet.append([2958466, "Beta", "applied"])
    sheet.append([1e15, "Gamma", "applied"])
    sheet.append(["#VALUE!", "Delta", "applied"])  # an error cell, as a formula leaves it
    sheet.append(["2026-10-01", "Acme", "applied"])
    for row in (2, 3):
        sheet.cell(row, 1).number_format = "yyyy-mm-dd"
    other = book.create_sheet("Other")  # warned about while the whole workbook loads
    other.append([2958466])
    other.cell(1, 1).number_format = "yyyy-mm-dd"
    path = tmp_path / "far.xlsx"
    book.save(path)
    return path


@pytest.fixture
def no_warnings() -> Iterator[list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    assert not [w for w in caught if "openpyxl" in w.filename], [str(w.message) for w in caught]


def test_far_date_cells_are_quoted_as_the_file_holds_them(
    capsys: pytest.CaptureFixture[str],
    far_workbook: Path,
    no_warnings: list[warnings.WarningMessage],
) -> None:
    code, out, err = run(capsys, "check", far_workbook, "--as-of", AS_OF, "--format", "json")
    assert code == 0 and err == "", err
    messages = {d["line"]: d["message"] for d in json.loads(out) if d["code"] == "DQ001"}
    after = "as a spreadsheet serial day number it would fall after 9999-12-31"
    assert messages[2].startswith("cannot read '2958466' as a date (a number; ")
    assert messages[3].startswith("cannot read '1000000000000000' as a date")
    assert after in messages[2] and after in messages[3]
    assert "cannot read '#VALUE!' as a date" in messages[4]  # really in the file


def test_no_openpyxl_warning_reaches_standard_error(far_workbook: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "followup_stats.cli", "check", str(far_workbook), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "cannot read '2958466' as a date" in done.stdout


def test_ods_values_python_cannot_hold_are_rejects(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Log")
    rows: list[list[tuple[str, str]]] = [
        [("string", "date"), ("string", "company"), ("string", "event")],
        [("date", "-0001-01-01"), ("string", "B"), ("string", "applied")],
        [("date", "10000-01-01"), ("string", "C"), ("string", "applied")],
        [("float", "1e15"), ("string", "D"), ("string", "applied")],
        [("float", "many"), ("string", "E"), ("string", "applied")],
    ]
    for values in rows:
        row = TableRow()
        for kind, value in values:
            if kind == "date":
                cell = TableCell(valuetype="date", datevalue=value)
            elif kind == "float":
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    path = tmp_path / "far.ods"
    document.save(str(path))
    code, out, err = run(capsys, "check", path, "--as-of", AS_OF, "--format", "json")
    assert code == 2, err  # every row is rejected: nothing in the file was checked
    assert "no row could be loaded" in err
    found = {d["line"]: d["message"] for d in json.loads(out)}
    assert "the date '-0001-01-01' is outside 1970-2100" in found[2]
    assert "the date '10000-01-01' is outside 1970-2100" in found[3]
    assert "would fall after 9999-12-31" in found[4]
    assert "cannot read 'many' as a date" in found[5]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026", "(a number, not a date)"),
        ("45000", "it would be 2023-03-15: write the date itself"),
        ("99999", "it would be 2173-10-13, outside 1970-2100"),
        ("2958466", "it would fall after 9999-12-31"),
        ("1e+15", "it would fall after 9999-12-31"),
    ],
)
def test_a_number_in_the_date_column_says_why(value: str, said: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].iloc[0] == "DQ001"
    assert str(parsed["problem"].iloc[0]).startswith(f"cannot read '{value}' as a date (a number")
    assert said in str(parsed["problem"].iloc[0])


# -- 5. pipe-separated logs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("date,company,event", ","),
        ("date;company;event", ";"),
        ("date\tcompany\tevent", "\t"),
        ("date|company|event", "|"),
        ('date|company|event|"notes, kept"', "|"),
        ('date,company,event,"a|b|c|d"', ","),
        ("date,company|event", ","),  # a tie goes to the comma
        ("date", ","),
    ],
)
def test_sniff_delimiter(header: str, expected: str) -> None:
    assert sniff_delimiter(header + "\n2026-10-01|x,y;z\n") == expected


def test_a_pipe_separated_log_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "pipes.csv"
    path.write_text(
        "date|company|event|notes\n2026-10-01|Acme|applied|a, b\n2026-10-02|Beta|applied|\n",
        encoding="utf-8",
    )
    loaded = load_log(path, as_of=AS_OF)
    assert loaded.events["company"].tolist() == ["Acme", "Beta"]
    assert loaded.events["notes"].tolist()[0] == "a, b"
    code, out, err = run(capsys, "check", path, "--as-of", AS_OF)
    assert code == 0 and "All checks passed!" in out, err


def test_pipes_in_a_comma_log_stay_in_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_text(
        "date,company,event,notes\n2026-10-01,Acme|Labs,applied,a|b|c|d|e\n",
        encoding="utf-8",
    )
    events = load_log(path, as_of=AS_OF).events
    assert events["company"].tolist() == ["Acme|Labs"]
    assert events["notes"].tolist() == ["a|b|c|d|e"]


# -- where a setting is, and settings in the wrong place -----------------------------------------


@pytest.mark.parametrize(
    ("body", "place", "said"),
    [
        ("# ours\n\nfoo = 1\n", "3:1", "unknown setting 'foo'"),
        ("default_wait_days = 3\n  timezone = 'Mars/Olympus'\n", "2:3", "timezone: unknown"),
        ('[tool.followup_stats]\nselect = ["FU"]\n"ignore" = ["XX"]\n', "3:1", "ignore: unknown"),
    ],
)
def test_a_bad_setting_names_its_line_and_column(
    capsys: pytest.CaptureFixture[str], log: Path, body: str, place: str, said: str
) -> None:
    config = log.parent / "followup-stats.toml"
    config.write_text(body, encoding="utf-8")
    err = usage_error(capsys, "check", log, "--as-of", AS_OF)
    assert f"{config}:{place}: {said}" in err, err


def test_a_bad_setting_in_a_pyproject_names_its_line(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[project]\nname = 'x'\nfoo = 1\n\n[tool.followup_stats]\nfoo = 2\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="unknown setting 'foo'") as caught:
        read_config_file(config)
    assert caught.value.source == f"{config}:6:1"  # ours, not [project]'s


def test_settings_at_the_top_and_in_our_table_are_an_error(
    capsys: pytest.CaptureFixture[str], log: Path
) -> None:
    config = log.parent / "followup-stats.toml"
    config.write_text(
        "default_wait_days = 3\nfoo = 1\n\n[tool.followup_stats]\nmax_follow_ups = 5\n",
        encoding="utf-8",
    )
    err = usage_error(capsys, "check", log, "--as-of", AS_OF)
    assert f"{config}:4:1: settings in two places" in err
    assert "(default_wait_days, foo)" in err


@pytest.mark.parametrize(
    ("table", "hint"),
    [
        ("tool.followup-stats", " (did you mean [tool.followup_stats]?)"),
        ("tool.Followup_Stats", " (did you mean [tool.followup_stats]?)"),
        ("tool.ruff", ""),
    ],
)
def test_another_tool_table_in_our_file_is_unknown(
    capsys: pytest.CaptureFixture[str], log: Path, table: str, hint: str
) -> None:
    config = log.parent / "followup-stats.toml"
    config.write_text(f"# settings\n[{table}]\ndefault_wait_days = 3\n", encoding="utf-8")
    err = usage_error(capsys, "check", log, "--as-of", AS_OF)
    assert f"{config}:2:1: unknown table [{table}]{hint};" in err, err


@pytest.mark.parametrize(
    "table",
    [
        "tool.followup-stats",
        "tool.Followup_Stats",
        "tool.followupstats",
        "tool.folowup_stats",
        "tool.followup_stast",
    ],
)
@pytest.mark.parametrize("given", [False, True])
def test_a_pyproject_table_named_like_ours_is_an_error(
    capsys: pytest.CaptureFixture[str], log: Path, table: str, given: bool
) -> None:
    """``[tool.followup-stats]`` (the command's spelling) in a pyproject.toml was skipped
    as another tool's table: the check ran on the defaults, the settings lost unseen. So
    was a slip of a letter (``[tool.folowup_stats]``)."""
    config = log.parent / "pyproject.toml"
    config.write_text(
        f"[tool.ruff]\nline-length = 99\n\n[{table}]\nignore = ['FU']\n", encoding="utf-8"
    )
    argv = ("--config", config) if given else ()
    err = usage_error(capsys, "check", log, "--as-of", AS_OF, *argv)
    assert err.endswith(
        f"{config}:4:1: [{table}] is not read (did you mean [tool.followup_stats]?); "
        "followup-stats takes its settings from [tool.followup_stats] only\n"
    ), err
    for command in ("stats", "todo"):  # every command finds the same file
        assert "is not read" in usage_error(capsys, command, log, "--as-of", AS_OF)


def test_other_tools_tables_in_a_pyproject_are_fine(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.ruff]\nline-length = 99\n[tool.followup]\nignore = ['FU']\n"
        "[tool.followup_stats]\ndefault_wait_days = 3\n",
        encoding="utf-8",
    )
    settings = read_config_file(config)
    assert settings.default_wait_days == 3
    assert settings.ignore == ()  # [tool.followup] is another tool's, not a slip for ours


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("default-wait-days = 10\ndefault_wait_days = 3\n", "2:1"),
        ("[tool.followup_stats]\nextend_select = []\n\nextend-select = ['FU']\n", "4:1"),
    ],
)
def test_a_setting_given_twice_by_its_alias_is_an_error(
    capsys: pytest.CaptureFixture[str], log: Path, body: str, place: str
) -> None:
    config = log.parent / "followup-stats.toml"
    config.write_text(body, encoding="utf-8")
    err = usage_error(capsys, "check", log, "--as-of", AS_OF)
    assert f"{config}:{place}: setting " in err and "given twice" in err, err


def test_a_setting_given_twice_in_a_mapping_is_an_error() -> None:
    with pytest.raises(ConfigError, match="'default_wait_days' given twice") as caught:
        from_mapping({"default_wait_days": 3, "default-wait-days": 4}, source="here")
    assert caught.value.key == "default-wait-days"
