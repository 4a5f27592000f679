"""The stage line on standard error: shown when asked or for a big log on a terminal, never
in the way of the output, and the same tables with it as without it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from engine_logs import write_logs

from followup_stats import progress
from followup_stats.cli import main
from followup_stats.config import Config
from followup_stats.engines import forked
from followup_stats.engines import pandas_engine as engine
from followup_stats.logio import rows_about

AS_OF = "2026-10-30"
SAMPLE = str(Path(__file__).resolve().parent.parent / "data" / "sample_log.csv")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def shown_text(wanted: bool | None, rows: int, stream: io.StringIO) -> str:
    with progress.shown("check big.csv", wanted, rows, stream) as stage:
        stage("reading")
        stage("the rules")
    return stream.getvalue()


def test_each_stage_is_named_and_the_line_cleared_at_the_end() -> None:
    text = shown_text(True, 0, io.StringIO())
    drawn = [part for part in text.split("\r") if part.strip()]
    assert drawn[0].startswith("check big.csv: reading [00:")
    assert drawn[1].startswith("check big.csv: the rules [00:")
    assert len(drawn) == 2
    assert text.endswith("\r") and text.rsplit("\r", 2)[1].strip() == ""  # wiped with spaces


@pytest.mark.parametrize(
    ("wanted", "rows", "stream", "expected"),
    [
        (None, progress.SHOWN_FROM_ROWS, Terminal(), True),
        (None, progress.SHOWN_FROM_ROWS - 1, Terminal(), False),  # a small log: no line
        (None, 10 * progress.SHOWN_FROM_ROWS, io.StringIO(), False),  # a pipe or a file
        (False, 10 * progress.SHOWN_FROM_ROWS, Terminal(), False),  # --no-progress
        (True, 0, io.StringIO(), True),  # --progress
    ],
)
def test_when_it_is_shown(
    wanted: bool | None, rows: int, stream: io.StringIO, expected: bool
) -> None:
    assert bool(shown_text(wanted, rows, stream)) is expected


def test_nothing_is_drawn_before_the_first_stage() -> None:
    stream = io.StringIO()
    with progress.shown("check big.csv", True, 0, stream):
        pass
    assert stream.getvalue() == ""


def test_the_pandas_engine_names_its_stages() -> None:
    stages: list[str] = []
    with_stages = engine.check_log([SAMPLE], Config(), AS_OF, progress=stages.append)
    assert stages == ["reading", "the rules"]
    without = engine.check_log([SAMPLE], Config(), AS_OF)
    pd.testing.assert_frame_equal(with_stages.diagnostics, without.diagnostics)

    stages.clear()
    tables = engine.stats_log([SAMPLE], Config(), AS_OF, progress=stages.append)
    assert stages == ["reading", "outcome rates", "waiting times", "the funnel", "patience"]
    for name, table in engine.stats_log([SAMPLE], Config(), AS_OF).items():
        pd.testing.assert_frame_equal(tables[name], table, obj=name)


@pytest.mark.skipif(not forked.can_fork(), reason="worker processes need fork")
def test_split_logs_name_their_processes(tmp_path: Path) -> None:
    logs = write_logs(tmp_path)
    stages: list[str] = []
    engine.check_log(logs, Config(), AS_OF, jobs=2, rows_per_process=1, progress=stages.append)
    assert stages == ["reading", "the rules, in 2 processes"]
    stages.clear()
    engine.stats_log(logs, Config(), AS_OF, jobs=2, rows_per_process=1, progress=stages.append)
    assert stages == ["reading", "the tables, in 2 processes"]


@pytest.mark.parametrize(
    ("command", "stages"),
    [
        ("check", ["reading", "the rules"]),
        ("stats", ["reading", "outcome rates", "waiting times", "the funnel", "patience"]),
        ("todo", ["reading", "planning"]),
    ],
)
def test_cli_progress_goes_to_standard_error_only(
    capsys: pytest.CaptureFixture[str], command: str, stages: list[str]
) -> None:
    status = main([command, SAMPLE, "--as-of", AS_OF, "--format", "json"])
    plain = capsys.readouterr()
    assert plain.err == ""  # standard error is no terminal here: no line by default

    assert main([command, SAMPLE, "--as-of", AS_OF, "--format", "json", "--progress"]) == status
    shown = capsys.readouterr()
    assert shown.out == plain.out
    drawn = [part.rsplit(" [", 1)[0] for part in shown.err.split("\r") if part.strip()]
    label = f"{command}: "
    assert drawn == [label + stage for stage in [*stages, "formatting the output"]]

    assert main([command, SAMPLE, "--as-of", AS_OF, "--format", "json", "--no-progress"]) == status
    assert capsys.readouterr() == plain


def test_an_error_leaves_a_clean_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["check", str(empty), "--progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("\rcheck: reading [")  # the line was drawn
    message = err.split("\r")[-1]  # after the cleared line
    assert message.startswith("followup-stats: ") and "empty.csv" in message
    assert message.count("\n") == 1


@pytest.mark.parametrize("setting", ["TQDM_DELAY=5", "TQDM_DISABLE=1", "TQDM_POSITION=1"])
def test_tqdm_settings_in_the_environment_change_nothing(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    expected = shown_text(True, 0, io.StringIO())
    name, value = setting.split("=")
    monkeypatch.setenv(name, value)
    found = shown_text(True, 0, io.StringIO())
    assert [part.rsplit(" [", 1)[0] for part in found.split("\r")] == [
        part.rsplit(" [", 1)[0] for part in expected.split("\r")
    ]


@pytest.mark.parametrize(("least", "expected"), [(100, True), (10_000, False)])
def test_by_default_a_big_log_on_a_terminal_shows_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    least: int,
    expected: bool,
) -> None:
    monkeypatch.setattr(progress, "is_terminal", lambda stream: True)
    monkeypatch.setattr(progress, "SHOWN_FROM_ROWS", least)  # the sample has 191 rows
    main(["check", SAMPLE, "--as-of", AS_OF, "--format", "json"])
    assert ("check: reading" in capsys.readouterr().err) is expected


def test_the_line_is_cleared_before_the_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    JSON = ("--format", "json")  # a terminal would get colours
    main(["check", SAMPLE, "--as-of", AS_OF, *JSON])
    plain = capsys.readouterr().out
    terminal = Terminal()  # standard output and error on one terminal, as people see them
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["check", SAMPLE, "--as-of", AS_OF, *JSON, "--progress"])
    drawn, _, after = terminal.getvalue().rpartition("\r")
    assert "check: formatting the output" in drawn
    assert after == plain

    written = tmp_path / "found.txt"
    terminal.seek(0)
    terminal.truncate()
    main(["check", SAMPLE, "--as-of", AS_OF, *JSON, "--progress", "--output", str(written)])
    assert written.read_text() == plain
    assert terminal.getvalue().endswith("\r") and "check: reading" in terminal.getvalue()


def test_a_workbook_says_how_many_rows_it_has(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = book.active
    first.append(["date", "company", "event"])
    for day in range(1, 31):
        first.append([f"2026-08-{day:02d}", "Acme", "applied"])
    second = book.create_sheet("Second")
    second.append(["date", "company", "event"])
    second.append(["2026-08-01", "Acme", "applied"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    assert rows_about(str(path)) == 31
    assert rows_about(str(path), "Second") == 2
    assert rows_about(f"{path}[Second]") == 2
    assert rows_about(str(tmp_path / "missing.xlsx")) == 0
