"""An as-of date before every event of a log (a mistyped year) is said, not answered emptily.

Rows dated after the as-of date are kept but not judged (DQ008), so such a log
gives an empty plan, all-zero tables and only DQ008 findings. Every command
then says so on standard error, naming the log (or, in a log of several
candidates, the candidates) and the date, with the exit code unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from followup_stats import cli, report
from followup_stats.engines import pandas_engine
from followup_stats.load import load_log

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_log.csv"
EARLY = "2026-01-01"  # a year before every event of the sample log
SAID = (
    f"followup-stats: every event of {SAMPLE} is dated after the as-of date {EARLY}, "
    "so nothing was {done} (is --as-of right?)\n"
)
COACH = (
    "date,candidate,company,event\n"
    "2026-03-01,Ann,Acme,applied\n"
    "2026-03-02,Bob,Beta,applied\n"
    "2026-09-01,Cy,Gamma,applied\n"
)
LATE = "date,company,event\n2026-09-01,Acme,applied\n"
ON_TIME = "date,company,event\n2026-03-01,Acme,applied\n"
SOME = "2026-04-01"  # after coach.csv's Ann and Bob and on_time.csv, before Cy and late.csv


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _cy_line(done: str) -> str:
    """The line about Cy, whose only event in coach.csv is after :data:`SOME`."""
    return (
        f"followup-stats: every event of candidate Cy in coach.csv is dated after the as-of "
        f"date {SOME}, so none of them was {done} (is --as-of right?)"
    )


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """coach.csv (Cy's only event late), late.csv (every event late) and on_time.csv."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "coach.csv").write_text(COACH, encoding="utf-8")
    (tmp_path / "late.csv").write_text(LATE, encoding="utf-8")
    (tmp_path / "on_time.csv").write_text(ON_TIME, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("command", "done", "extra"),
    [
        ("check", "checked", ()),
        ("check", "checked", ("--format", "json")),
        ("check", "checked", ("--statistics",)),
        ("stats", "counted", ()),
        ("stats", "counted", ("--format", "csv")),
        ("todo", "planned", ()),
        ("todo", "planned", ("--format", "json")),
    ],
)
def test_a_log_wholly_after_the_as_of_date_is_said(
    capsys: pytest.CaptureFixture[str], command: str, done: str, extra: tuple[str, ...]
) -> None:
    """Before: "Nothing to do", zero tables or 191 DQ008 infos, and nothing on stderr."""
    code, out, err = _run(capsys, command, SAMPLE, "--as-of", EARLY, *extra)
    assert code == 0  # the exit codes are unchanged: nothing is wrong with the input
    assert SAID.format(done=done) in err
    if extra == ("--format", "json") and command == "check":
        codes = {finding["code"] for finding in json.loads(out)}
        assert codes == {"DQ008"}  # the findings themselves are as before


def test_no_line_when_every_log_has_a_judged_event(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "stats", "todo"):
        code, _, err = _run(capsys, command, SAMPLE, "--as-of", "2026-10-30")
        assert "dated after" not in err, command
        assert code in (0, 1)


def test_only_the_logs_and_candidates_wholly_after_it_are_named(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command, done in (("check", "checked"), ("stats", "counted"), ("todo", "planned")):
        code, _, err = _run(
            capsys, command, "coach.csv", "late.csv", "on_time.csv", "--as-of", SOME
        )
        assert code == 0
        lines = [line for line in err.splitlines() if "dated after" in line]
        assert lines == [
            f"followup-stats: every event of late.csv is dated after the as-of date {SOME}, "
            f"so nothing in it was {done} (is --as-of right?)",
            _cy_line(done),
        ], command


def test_several_logs_all_after_it_make_one_line(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "check", ".", "--as-of", EARLY)
    assert code == 0
    assert err == (
        "followup-stats: every event of coach.csv, late.csv and on_time.csv is dated after "
        f"the as-of date {EARLY}, so nothing was checked (is --as-of right?)\n"
    )


def test_many_logs_after_it_are_counted_not_listed(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(2, 5):
        (logs / f"late{n}.csv").write_text(LATE, encoding="utf-8")
    code, _, err = _run(capsys, "check", ".", "--as-of", SOME)
    assert code == 0
    assert err.splitlines()[0] == (
        "followup-stats: every event of 4 logs (late.csv, late2.csv, late3.csv and 1 more) "
        f"is dated after the as-of date {SOME}, so nothing in them was checked "
        "(is --as-of right?)"
    )


def test_without_as_of_the_dates_of_the_log_are_questioned() -> None:
    from followup_stats.load import after_as_of_text, judged_share

    share = judged_share(load_log(SAMPLE, as_of=EARLY).events, pd.Timestamp(EARLY))
    assert after_as_of_text(share, "checked", given=False) == [
        f"every event of {SAMPLE} is dated after today, {EARLY}, so nothing was checked "
        "(are its dates right, or is a later --as-of meant?)"
    ]


def test_without_as_of_the_dates_of_several_logs_are_their_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    future = "date,company,event\n2099-03-01,Acme,applied\n"  # after today, whenever run
    for name in ("f1.csv", "f2.csv"):
        (tmp_path / name).write_text(future, encoding="utf-8")
    code, _, err = _run(capsys, "check", "f1.csv", "f2.csv")
    assert code == 0
    line = err.splitlines()[0]
    assert line.startswith("followup-stats: every event of f1.csv and f2.csv is dated after today")
    assert line.endswith(
        "so nothing was checked (are their dates right, or is a later --as-of meant?)"
    )


def test_the_share_is_the_same_from_worker_processes(logs: Path) -> None:
    from followup_stats.load import after_as_of_text

    sources = ["coach.csv", "late.csv", "on_time.csv"]
    one = pandas_engine.check_log(sources, None, SOME, jobs=1)
    split = pandas_engine.check_log(sources, None, SOME, jobs=2, rows_per_process=1)
    assert one.judged is not None and split.judged is not None
    key = ["file", "candidate"]
    pd.testing.assert_frame_equal(
        split.judged.sort_values(key, ignore_index=True),
        one.judged.sort_values(key, ignore_index=True),
    )
    stats = pandas_engine.stats_log(sources, None, SOME, jobs=2, rows_per_process=1)
    assert stats.judged is not None
    assert after_as_of_text(stats.judged, "counted") == after_as_of_text(one.judged, "counted")
    assert len(after_as_of_text(one.judged, "counted")) == 2


def test_report_says_it(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "report", "late.csv", "--as-of", SOME, "--out", "reports")
    assert code == 0, err
    assert out == f"wrote reports/late_{SOME}.html\n"
    assert err == (
        f"followup-stats: every event of late.csv is dated after the as-of date {SOME}, "
        "so nothing was judged (is --as-of right?)\n"
    )


def test_a_report_of_one_candidate_speaks_of_that_candidate_only(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cy's events in coach.csv are all after the as-of date: Ann's report is not about
    Cy, so it says nothing of them; Cy's own report says that none of theirs was judged."""
    code, out, err = _run(
        capsys, "report", "coach.csv", "--candidate", "Ann", "--as-of", SOME, "--out", "reports"
    )
    assert code == 0, err
    assert (out, err) == (f"wrote reports/Ann_{SOME}.html\n", "")
    code, out, err = _run(
        capsys, "report", "coach.csv", "--candidate", "Cy", "--as-of", SOME, "--out", "reports"
    )
    assert code == 0, err
    assert err == _cy_line("judged") + "\n"


def test_an_anonymized_report_names_the_candidate_by_their_real_name_on_screen(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line is for whoever runs the report, as the lines of rows not loaded are: a
    pseudonym ("Candidate B") there would not say whose dates to look at."""
    code, out, err = _run(
        capsys,
        "report",
        "coach.csv",
        "--candidate",
        "Cy",
        "--anonymize",
        "--as-of",
        SOME,
        "--out",
        "reports",
    )
    assert code == 0, err
    assert err == _cy_line("judged") + "\n"
    assert "Cy" not in out  # the report's own name is the pseudonym's


def test_an_anonymized_report_all_names_them_by_their_real_names_on_screen(
    logs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``report-all --anonymize`` lists rows not loaded with real names on the screen of
    whoever runs it; the as-of line does too."""

    def written(tasks: Sequence[tuple[str, Any]], jobs: int) -> Iterator[dict[str, Any]]:
        for label, job in tasks:  # every report "written" at once, without a kernel
            path = str(job.out_dir / f"{job.stem}.html")
            yield {"candidate": label, "status": "ok", "path": path, "error": None}

    monkeypatch.setattr(report, "_pool_rows", written)
    code, _out, err = _run(
        capsys, "report-all", "coach.csv", "--anonymize", "--as-of", SOME, "--out", "reports"
    )
    assert code == 0, err
    assert err == _cy_line("judged") + "\n"


def test_todo_of_one_candidate_speaks_of_that_candidate_only(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As ``report --candidate``: Ann's plan says nothing of Cy, whose events in coach.csv
    are all after the as-of date; Cy's own plan says so."""
    code, _out, err = _run(capsys, "todo", "coach.csv", "--candidate", "Ann", "--as-of", SOME)
    assert code == 0, err
    assert err == ""
    code, _out, err = _run(capsys, "todo", "coach.csv", "--candidate", "Cy", "--as-of", SOME)
    assert code == 0, err
    assert err == _cy_line("planned") + "\n"


def test_names_in_the_line_cannot_break_it_or_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A candidate's name is the log's text and a file's name is any text: the line that
    names them stays one line, its control characters escaped."""
    monkeypatch.chdir(tmp_path)
    Path("co\nach.csv").write_text(
        "date,candidate,company,event\n"
        "2026-03-01,Ann,Acme,applied\n"
        "2026-09-01,Cy\x1b[2J,Gamma,applied\n",
        encoding="utf-8",
    )
    Path("la\x1bte.csv").write_text(LATE, encoding="utf-8")
    Path("em\npty.csv").write_text("date,company,event\n", encoding="utf-8")
    for log in ("co\nach.csv", "la\x1bte.csv", "em\npty.csv"):
        _, _, err = _run(capsys, "check", log, "--as-of", SOME, "--format", "json")
        assert err.count("\n") == 1 and "\x1b" not in err, err
        assert err.startswith("followup-stats: ") and (
            "after the as-of date" in err or "holds no events" in err
        )
