"""``followup-stats stats`` output: counts as whole numbers, one-sided median intervals, log-rank.

Three review findings, each pinned end to end (the command line on the
sample log) and on hand-made tables:

1. counts (``k``, ``n``, ``pending``, ``events``, ``count``, ``df``) are
   whole numbers in CSV, JSON and text, missing ones empty cells or ``null``,
   even when a table holds them as floats;
2. a median whose interval has no upper limit reads ``9 d (4 d or more)`` in
   the text, exactly as the HTML report words it (one shared function);
3. ``--by`` adds a ``times_compared`` table of log-rank tests (the library's
   :func:`~followup_stats.stats.compare_times` tests), without touching the
   other tables' keys; with one group the table is empty and the text has no
   such section;
4. a group never at risk at an answer time (every wait censored before the
   first answer) is left out of the test and named in the note, instead of
   making ``survdiff``'s variance singular; a row with no test has no ``df``;
   the text cuts a long ``groups`` list as the notes are cut; and the tests
   read the waits the ``times`` table worked out, not new ones;
5. ``groups`` is a list of names, never one string split again on ``", "``:
   a tuple in the library table, a list of strings in JSON, one cell joined
   by ``"; "`` in CSV, so a group named ``"Acme, Inc."`` is one group in every
   format and in the text's "and N more";
6. the ``incidence`` table (each ending by 30, 60 and 90 days, the library's
   :func:`~followup_stats.stats.incidence`) is in every format, after the
   other tables in JSON and CSV and after the waiting times in the text;
7. the ``curves`` table (the whole Kaplan-Meier curve of each waiting time,
   the library's :func:`~followup_stats.stats.survival_curves`) is in JSON and
   CSV, agrees with the ``times`` table's summaries, and the text's waiting
   times say where to find it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import survdiff

from followup_stats import cli, output, report_views
from followup_stats.load import load_log
from followup_stats.percent import percent_text
from followup_stats.stats import (
    CURVE_COLUMNS,
    INCIDENCE_SUMMARY_COLUMNS,
    RATE_COLUMNS,
    TIME_COLUMNS,
    TIMES_COMPARED_COLUMNS,
    compare_times,
    incidence,
    survival_curves,
    times_compared,
)
from followup_stats.stats.summary import median_days_text
from followup_stats.stats.times import grouped_waits

SAMPLE = str(Path(__file__).resolve().parents[1] / "data" / "sample_log.csv")
AS_OF = "2026-10-30"
#: The tables of ``stats --format json`` before ``times_compared``, in order, with their keys.
OLD_TABLES = ("rates", "times", "funnel", "patience")
WHOLE = re.compile(r"\d+")


def run(*argv: str) -> str:
    """``followup-stats ARGV`` in this process; its standard output (the exit code must be 0)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    assert code == cli.EXIT_OK, err.getvalue()
    return out.getvalue()


def stats(fmt: str, *extra: str, log: str = SAMPLE) -> str:
    return run("stats", log, "--as-of", AS_OF, "--format", fmt, *extra)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def write_log(path: Path, rows: list[str]) -> str:
    path.write_text("date,company,role,event,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


# -- 1. counts are whole numbers -------------------------------------------------------------


@pytest.mark.parametrize("by", [[], ["--by", "source"]], ids=["all", "by-source"])
def test_csv_counts_are_whole_numbers_as_in_json(by: list[str]) -> None:
    rows = csv_rows(stats("csv", *by))
    data = json.loads(stats("json", *by))
    assert {r["table"] for r in rows} == {name for name, records in data.items() if records}
    for name, columns in output.STATS_COUNT_COLUMNS.items():
        cells = [r for r in rows if r["table"] == name]
        assert len(cells) == len(data[name])
        for cell, record in zip(cells, data[name], strict=True):
            for column in columns:
                value = record[column]
                assert value is None or type(value) is int, (name, column, value)
                assert cell[column] == ("" if value is None else str(value)), (name, column)
                assert cell[column] == "" or WHOLE.fullmatch(cell[column]), (name, column)
    pending = [r["pending"] for r in rows if r["table"] == "rates"]
    assert pending and all(WHOLE.fullmatch(p) for p in pending)
    assert any(p != "0" for p in pending)  # as of AS_OF some applications are too recent


def test_float_counts_still_print_as_integers() -> None:
    """However a table came to hold them (a concatenation, a sum of parts), counts are ints."""
    rates = pd.DataFrame(
        {
            "group": ["all", "all"],
            "metric": ["response", "offer"],
            "k": [3.0, np.nan],
            "n": [10.0, 0.0],
            "pending": [17.0, np.nan],
            "rate": [0.3, np.nan],
            "ci_low": [0.1, np.nan],
            "ci_high": [0.6, np.nan],
        }
    )
    times = pd.DataFrame({c: [np.nan] for c in TIME_COLUMNS}).assign(
        group="all", measure="to_first_response", n=4.0, events=2.0
    )
    funnel = pd.DataFrame({"group": ["all"], "step": ["applied"], "count": [5.0]})
    tables = {"rates": rates, "times": times, "funnel": funnel, "patience": pd.DataFrame()}

    records = json.loads(output.stats_json(tables))
    assert records["rates"][0]["pending"] == 17 and type(records["rates"][0]["pending"]) is int
    assert records["rates"][1]["pending"] is None and records["rates"][1]["k"] is None
    assert records["times"][0]["events"] == 2 and records["funnel"][0]["count"] == 5
    assert records["patience"] == [] and records["times_compared"] == []  # absent: empty

    rows = csv_rows(output.stats_csv(tables))
    assert [(r["k"], r["n"], r["pending"]) for r in rows[:2]] == [("3", "10", "17"), ("", "0", "")]
    assert (rows[2]["n"], rows[2]["events"]) == ("4", "2")
    assert rows[3]["count"] == "5"

    text = output.stats_text(tables)
    assert "17.0" not in text and not re.search(r"\b(nan|NaN|<NA>|None)\b", text)
    assert re.search(r"response\s+3/10\s+30%\s+10% to 60%\s+17$", text, re.MULTILINE)
    assert re.search(r"to_first_response\s+4\s+2\s", text)
    assert re.search(r"applied\s+5$", text, re.MULTILINE)


def test_csv_header_keeps_the_old_columns_first() -> None:
    header = next(csv.reader(io.StringIO(stats("csv"))))
    old = ["table", *RATE_COLUMNS]
    assert header[: len(old)] == old
    # times_compared's own, then the incidence table's own, then the curves' own, last
    own = ["outcome", *INCIDENCE_SUMMARY_COLUMNS[4:]]
    curves = ["day", "survival", "at_risk", "censored"]
    assert header[-12:] == ["groups", "test", "statistic", "df", *own, *curves]
    assert len(header) == len(set(header))


# -- 2. the median's one-sided interval ------------------------------------------------------


@pytest.mark.parametrize(
    ("median", "low", "high", "shown"),
    [
        (9.0, 4.0, 21.0, "9 d (4-21 d)"),
        (9.0, 4.0, np.nan, "9 d (4 d or more)"),
        (9.0, 4.0, pd.NA, "9 d (4 d or more)"),
        (9.0, 4.0, None, "9 d (4 d or more)"),
        (9.0, np.nan, np.nan, "9 d"),
        (np.nan, 4.0, np.nan, "not reached"),
        (pd.NA, pd.NA, pd.NA, "not reached"),
        (1.5, 0.5, 2.0, "1.5 d (0.5-2 d)"),
    ],
)
def test_median_days_text(median: Any, low: Any, high: Any, shown: str) -> None:
    assert median_days_text(median, low, high) == shown


def test_text_shows_the_one_sided_interval_as_the_report_does() -> None:
    data = json.loads(stats("json"))
    row = next(r for r in data["times"] if r["measure"] == "to_first_response")
    assert row["median_ci_low"] is not None and row["median_ci_high"] is None  # the finding
    shown = f"{row['median_days']:g} d ({row['median_ci_low']:g} d or more)"
    text = stats("text")
    assert re.search(
        rf"to_first_response\s+{row['n']}\s+{row['events']}\s+{re.escape(shown)}", text
    )

    times = pd.DataFrame([{c: row[c] for c in TIME_COLUMNS}]).astype(
        {c: "Float64" for c in TIME_COLUMNS[4:]}
    )
    html = report_views.times_table(times).data
    assert shown in html  # the report's table cell, worded by the same function


def test_text_leaves_the_median_of_no_waits_blank() -> None:
    times = pd.DataFrame({c: [np.nan] for c in TIME_COLUMNS}).assign(
        group="all", measure="interview_to_decision", n=0, events=0
    )
    text = output.stats_text({"times": times})
    line = next(x for x in text.splitlines() if "interview_to_decision" in x)
    assert "not reached" not in line and line.split()[-1] == "-/-/-"


# -- 3. log-rank tests between groups --------------------------------------------------------


def test_json_adds_times_compared_and_keeps_the_other_tables() -> None:
    plain = json.loads(stats("json"))
    grouped = json.loads(stats("json", "--by", "source"))
    for data in (plain, grouped):
        assert list(data) == [*OLD_TABLES, "times_compared", "incidence", "curves"]
    assert {name: list(plain[name][0]) for name in OLD_TABLES} == {
        name: list(grouped[name][0]) for name in OLD_TABLES
    }
    assert plain["times_compared"] == []  # one group: nothing to compare

    compared = grouped["times_compared"]
    assert [r["measure"] for r in compared] == [
        "to_first_response",
        "interview_to_decision",
        "follow_up_to_reply",
    ]
    assert all(list(r) == list(TIMES_COMPARED_COLUMNS) for r in compared)
    library = compare_times(SAMPLE, by="source", as_of=AS_OF).set_index("measure")
    for r in compared:
        expected = library.loc[r["measure"]]
        assert ", ".join(r["groups"]) == expected["groups"] and r["test"] == expected["test"]
        assert r["df"] == expected["df"] and type(r["df"]) is int
        assert math.isclose(r["statistic"], expected["statistic"])
        assert math.isclose(r["p_value"], expected["p_value"])
        assert "association only" in r["note"]
    first = compared[0]
    assert "no waits in recruiter: left out" in first["note"]  # recruiters wrote first


def test_the_statistic_is_statsmodels_survdiff() -> None:
    """Checked against statsmodels itself on the grouped waits, not against our own code."""
    waits = grouped_waits(SAMPLE, by="source", as_of=AS_OF)
    waits = waits[waits["measure"] == "to_first_response"]
    codes, _ = pd.factorize(waits["group"], sort=True)
    chi2, p_value = survdiff(
        waits["days"].to_numpy(dtype=float), waits["event"].to_numpy(dtype=float), codes
    )
    row = times_compared(SAMPLE, by="source", as_of=AS_OF).iloc[0]
    assert row["measure"] == "to_first_response"
    assert math.isclose(row["statistic"], chi2) and math.isclose(row["p_value"], p_value)
    assert row["df"] == waits["group"].nunique() - 1


def test_two_groups_use_scipy_logrank(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "two.csv",
        [
            *(f"2026-09-0{d},A{d},Analyst,applied,referral" for d in range(1, 6)),
            *(f"2026-09-1{d},A{d},Analyst,response,referral" for d in range(1, 4)),
            *(f"2026-09-0{d},B{d},Analyst,applied,job_board" for d in range(1, 6)),
            "2026-10-20,B1,Analyst,response,",
        ],
    )
    data = json.loads(run("stats", log, "--as-of", AS_OF, "--format", "json", "--by", "source"))
    first = data["times_compared"][0]
    assert first["test"] == "log-rank (scipy.stats.logrank)" and first["df"] == 1
    assert first["groups"] == ["job_board", "referral"]
    assert "only 5 waits in job_board, 5 in referral: too few" in first["note"]
    text = run("stats", log, "--as-of", AS_OF, "--by", "source")
    line = next(x for x in text.splitlines() if re.match(r"\s*to_first_response\s+job", x))
    assert f"{first['statistic']:.2f} (1)" in line and "small sample" in line


def test_text_and_csv_show_the_comparison_with_by() -> None:
    text = stats("text", "--by", "source")
    title = next(x for x in text.splitlines() if x.startswith("Do waiting times differ"))
    assert "an association, not a cause" in title
    section = text.split(title, 1)[1].strip().splitlines()
    assert section[0].split() == ["measure", "groups", "chi-square", "(df)", "p"]
    assert [x.split()[0] for x in section[1:]] == [
        "to_first_response",
        "interview_to_decision",
        "follow_up_to_reply",
    ]
    rows = [r for r in csv_rows(stats("csv", "--by", "source")) if r["table"] == "times_compared"]
    assert [r["df"] for r in rows] == ["2", "2", "3"]
    assert all(r["group"] == "" and r["note"] for r in rows)


def test_one_group_shows_no_comparison(tmp_path: Path) -> None:
    assert "Do waiting times differ" not in stats("text")
    assert not [r for r in csv_rows(stats("csv")) if r["table"] == "times_compared"]
    log = write_log(
        tmp_path / "one.csv",
        ["2026-09-01,Hooli,Analyst,applied,referral", "2026-09-05,Hooli,Analyst,response,"],
    )
    data = json.loads(run("stats", log, "--as-of", AS_OF, "--format", "json", "--by", "source"))
    assert data["times_compared"] == []
    assert "Do waiting times differ" not in run("stats", log, "--as-of", AS_OF, "--by", "source")


def test_groups_that_cannot_be_told_apart_get_no_test(tmp_path: Path) -> None:
    """survdiff's variance is singular when every group answered at the same time: NA, not a
    crash (this used to end the command with an internal LinAlgError)."""
    rows = []
    for source in ("a", "b", "c"):
        rows += [
            f"2026-09-01,{source.upper()}co,Analyst,applied,{source}",
            f"2026-09-05,{source.upper()}co,Analyst,response,",
        ]
    log = write_log(tmp_path / "same.csv", rows)
    table = times_compared(log, by="source", as_of=AS_OF)
    first = table.iloc[0]
    assert first["measure"] == "to_first_response" and first["groups"] == ("a", "b", "c")
    assert pd.isna(first["statistic"]) and pd.isna(first["p_value"])
    assert pd.isna(first["df"])  # no test, no degrees of freedom
    assert pd.isna(first["test"])  # and no test named
    assert "no test: the answer times cannot tell these groups apart" in first["note"]
    later = table.iloc[1]
    assert pd.isna(later["statistic"]) and pd.isna(later["df"])
    assert "fewer than two groups with waits: nothing to compare" in later["note"]
    text = run("stats", log, "--as-of", AS_OF, "--by", "source")
    line = next(x for x in text.splitlines() if re.match(r"\s*to_first_response\s+a, b", x))
    assert line.rstrip().endswith("no test")
    library = compare_times(log, by="source", as_of=AS_OF)
    assert library["statistic"].isna().all() and library["df"].isna().all()
    data = json.loads(run("stats", log, "--as-of", AS_OF, "--format", "json", "--by", "source"))
    assert [r["df"] for r in data["times_compared"]] == [None, None, None]


def test_too_many_groups_get_no_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MAX_COMPARED_GROUPS groups with waits no test is run (its cost grows as the square)."""
    from followup_stats.stats import times

    monkeypatch.setattr(times, "MAX_COMPARED_GROUPS", 2)
    table = times_compared(SAMPLE, by="source", as_of=AS_OF)
    assert len(table) == 3
    assert table["statistic"].isna().all() and table["groups"].isna().all()
    assert table["test"].isna().all() and table["df"].isna().all()
    assert table["note"].str.contains("groups with waits, more than 2: no test").all()
    assert table["note"].str.endswith(times._COMPARED_CAVEAT).all()
    text = output.stats_text({"times_compared": table})
    assert [x.split()[-1] for x in text.splitlines()[-3:]] == ["test"] * 3


def test_long_lists_in_notes_are_cut(tmp_path: Path) -> None:
    rows = []
    for i in range(14):
        rows += [
            f"2026-09-01,Co{i},Analyst,applied,s{i:02d}",
            f"2026-09-{5 + i:02d},Co{i},Analyst,response,",
        ]
    table = times_compared(write_log(tmp_path / "many.csv", rows), by="source", as_of=AS_OF)
    note = table.iloc[0]["note"]
    assert "only 1 wait in s00, 1 in s01" in note
    assert "1 in s09 and 4 more: too few to conclude anything" in note
    assert "s10" not in note


# -- 4. groups never at risk, no df without a test, long group lists, the waits reused ------

#: As of this date one company of the sample log ("Glacier Energy Co") has a single wait,
#: opened that day: censored at day 0, before any answer of any company.
EARLY = "2026-10-05"


def test_a_group_never_at_risk_is_left_out_and_named() -> None:
    data = json.loads(run("stats", SAMPLE, "--as-of", EARLY, "--format", "json", "--by", "company"))
    first = data["times_compared"][0]
    assert first["measure"] == "to_first_response"
    assert "left out: Glacier Energy Co (no wait reached an answer time)" in first["note"]
    assert "Glacier Energy Co" not in first["groups"]
    assert "cannot tell these groups apart" not in first["note"]
    # statsmodels itself, on the waits of every company but the one never at risk.
    waits = grouped_waits(SAMPLE, by="company", as_of=EARLY)
    waits = waits[waits["measure"] == "to_first_response"]
    glacier = waits["group"] == "Glacier Energy Co"
    assert waits.loc[glacier, "days"].max() < waits.loc[waits["event"], "days"].min()
    kept = waits[~glacier]
    codes, names = pd.factorize(kept["group"], sort=True)
    chi2, p_value = survdiff(
        kept["days"].to_numpy(dtype=float), kept["event"].to_numpy(dtype=float), codes
    )
    assert math.isfinite(first["statistic"]) and math.isclose(first["statistic"], chi2)
    assert math.isclose(first["p_value"], p_value) and first["df"] == len(names) - 1 == 29
    assert first["groups"] == list(names)
    later = data["times_compared"][1]  # interview_to_decision: one company likewise
    assert "left out: Granite Security Group (no wait reached an answer time)" in later["note"]
    assert math.isfinite(later["statistic"]) and later["df"] == 3
    library = compare_times(SAMPLE, by="company", as_of=EARLY).set_index("measure")
    for r in data["times_compared"]:
        assert math.isclose(library.loc[r["measure"], "statistic"], r["statistic"])
        assert library.loc[r["measure"], "df"] == r["df"]


def test_two_groups_one_never_at_risk_is_no_test(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "late.csv",
        [
            *(f"2026-09-0{d},A{d},Analyst,applied,referral" for d in range(1, 4)),
            *(f"2026-09-1{d},A{d},Analyst,response,referral" for d in range(1, 4)),
            f"{AS_OF},B1,Analyst,applied,job_board",  # opened on the as-of date: 0 days
        ],
    )
    table = times_compared(log, by="source", as_of=AS_OF)
    first = table.iloc[0]
    assert pd.isna(first["statistic"]) and pd.isna(first["p_value"]) and pd.isna(first["df"])
    assert first["groups"] == ("referral",)
    assert "left out: job_board (no wait reached an answer time)" in first["note"]
    assert "fewer than two groups left: nothing to compare" in first["note"]
    assert compare_times(log, by="source", measure="to_first_response", as_of=AS_OF).empty
    data = json.loads(run("stats", log, "--as-of", AS_OF, "--format", "json", "--by", "source"))
    assert data["times_compared"][0]["df"] is None
    assert all(r["df"] is None for r in data["times_compared"] if r["statistic"] is None)


def test_text_cuts_a_long_groups_list() -> None:
    data = json.loads(run("stats", SAMPLE, "--as-of", EARLY, "--format", "json", "--by", "company"))
    groups = data["times_compared"][0]["groups"]
    assert len(groups) == 30
    text = run("stats", SAMPLE, "--as-of", EARLY, "--by", "company")
    line = next(x for x in text.splitlines() if re.match(r"\s*to_first_response\s+Cedar", x))
    shown = output.COMPARED_GROUPS_SHOWN
    assert f"{', '.join(groups[:shown])} and {30 - shown} more  " in line
    assert groups[shown] not in line and "55.91 (29)" in line
    section = text.split("Do waiting times differ", 1)[1].splitlines()[1:]
    assert max(len(x) for x in section) < 200  # was over 600 characters
    # A short list is shown whole, as before.
    short = stats("text", "--by", "source")
    assert re.search(r"follow_up_to_reply\s+company_site, job_board, recruiter, referral\s", short)


def test_the_comparison_reads_the_waits_of_the_times_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from followup_stats.stats import response_times, times

    calls = []
    measured = times._wait_parts

    def counted(*args: Any) -> Any:
        calls.append(1)
        return measured(*args)

    monkeypatch.setattr(times, "_wait_parts", counted)
    loaded = load_log(SAMPLE, as_of=EARLY)
    response_times(loaded, by="company")
    fresh = times_compared(SAMPLE, by="company", as_of=EARLY)
    assert len(calls) == 2  # one per loaded log
    reused = times_compared(loaded, by="company")
    assert len(calls) == 2  # the loaded log's waits, not worked out again
    pd.testing.assert_frame_equal(reused, fresh)


# -- 5. groups is a list of names -------------------------------------------------------------


def test_groups_is_a_list_of_strings_in_json() -> None:
    data = json.loads(stats("json", "--by", "source"))
    for r in data["times_compared"]:
        assert isinstance(r["groups"], list) and all(isinstance(g, str) for g in r["groups"])
    assert data["times_compared"][0]["groups"] == ["company_site", "job_board", "referral"]
    table = times_compared(SAMPLE, by="source", as_of=AS_OF)
    assert table["groups"].dtype == object
    assert [type(g) for g in table["groups"]] == [tuple] * 3
    # The other tables keep their shapes: no list anywhere else.
    for name in OLD_TABLES:
        for r in data[name]:
            assert not any(isinstance(v, list | dict) for v in r.values()), name


def test_a_group_name_holding_a_comma_is_one_group(tmp_path: Path) -> None:
    names = [f"Co{i}, Inc." for i in range(7)]
    rows = []
    for i, name in enumerate(names):
        rows += [
            f'2026-09-01,"{name}",Analyst,applied,referral',
            f'2026-09-{5 + i:02d},"{name}",Analyst,response,',
        ]
    log = write_log(tmp_path / "commas.csv", rows)
    by = ("--by", "company")

    table = times_compared(log, by="company", as_of=AS_OF)
    assert table.iloc[0]["groups"] == tuple(names) and table.iloc[0]["df"] == 6

    data = json.loads(run("stats", log, "--as-of", AS_OF, "--format", "json", *by))
    first = data["times_compared"][0]
    assert first["groups"] == names and first["df"] == len(names) - 1
    assert data["times_compared"][1]["groups"] == []  # no interviews: no group has waits

    cells = [r for r in csv_rows(run("stats", log, "--as-of", AS_OF, "--format", "csv", *by))]
    compared = [r for r in cells if r["table"] == "times_compared"]
    assert compared[0]["groups"] == "; ".join(names)
    assert compared[0]["groups"].split("; ") == names
    assert compared[1]["groups"] == ""

    text = run("stats", log, "--as-of", AS_OF, *by)
    line = next(x for x in text.splitlines() if re.match(r"\s*to_first_response\s+Co0", x))
    shown = output.COMPARED_GROUPS_SHOWN
    # Seven groups, five shown: not fourteen pieces of names, nine of them "more".
    assert f"{', '.join(names[:shown])} and {len(names) - shown} more  " in line


def test_text_and_csv_count_names_as_the_list_has_them() -> None:
    """On a hand-made table: the text cuts the list itself, the CSV joins it, None is empty."""
    names = ["Acme, Inc.", "Beta", "Globex, Ltd.", "Hooli", "Initech", "=Umbrella"]
    table = pd.DataFrame(
        {
            "measure": ["to_first_response", "interview_to_decision"],
            "groups": [tuple(names), None],
            "test": ["log-rank (statsmodels survdiff)", None],
            "statistic": [3.0, np.nan],
            "df": [5, None],
            "p_value": [0.7, np.nan],
            "note": ["association only", "no test"],
        }
    )
    tables = {"times_compared": table}
    records = output.stats_records(tables)["times_compared"]
    assert records[0]["groups"] == names and records[1]["groups"] is None
    assert json.loads(output.stats_json(tables))["times_compared"][0]["groups"] == names
    rows = csv_rows(output.stats_csv(tables))
    assert rows[0]["groups"] == "; ".join(names) and rows[1]["groups"] == ""
    lines = output.stats_text(tables).splitlines()
    assert "Acme, Inc., Beta, Globex, Ltd., Hooli, Initech and 1 more  " in lines[-2]
    assert lines[-1].split() == ["interview_to_decision", "no", "test"]
    # A list of names starting with a formula character is written safe, as any cell.
    first = tuple(reversed(names))
    table["groups"] = pd.Series([first, None], dtype=object)
    rows = csv_rows(output.stats_csv({"times_compared": table}))
    assert rows[0]["groups"] == "'" + "; ".join(first)


def test_one_string_is_not_taken_for_a_list_of_names() -> None:
    table = pd.DataFrame({c: [None] for c in TIMES_COMPARED_COLUMNS}).assign(groups="a, b")
    with pytest.raises(TypeError, match="list of names"):
        output.stats_records({"times_compared": table})


def test_a_median_with_nothing_to_time_is_blank_not_not_reached() -> None:
    from followup_stats.stats.summary import median_days_text

    assert median_days_text(np.nan, np.nan, np.nan, waits=0) == ""
    assert median_days_text(np.nan, np.nan, np.nan, waits=3) == "not reached"
    assert median_days_text(10.0, 10.0, np.nan, waits=2) == "10 d (10 d or more)"


def test_sentences_about_one_thing_are_singular() -> None:
    from followup_stats.plural import counted_phrase
    from followup_stats.stats.summary import time_sentence

    assert counted_phrase("rounds with pushy follow-ups", 1) == "round with pushy follow-ups"
    assert counted_phrase("interviewed applications", 1) == "interviewed application"
    assert counted_phrase("rounds with pushy follow-ups", 2) == "rounds with pushy follow-ups"
    one: dict[Hashable, Any] = {"measure": "to_first_response", "n": 1, "events": 1}
    one |= {"group": "all", "median_days": 10.0, "median_ci_low": 10.0, "median_ci_high": np.nan}
    assert time_sentence(one).startswith(
        "The one application where the candidate wrote first got a first answer within 10 days"
    )


def test_a_median_wait_of_no_days_reads_as_the_same_day() -> None:
    """ "within 0 days" read as a slip; the interval is kept."""
    from followup_stats.stats.summary import time_sentence

    row: dict[Hashable, Any] = {"measure": "to_first_response", "n": 3, "events": 3}
    row |= {"group": "all", "median_days": 0.0, "median_ci_low": 0.0, "median_ci_high": 2.0}
    assert time_sentence(row).startswith(
        "Half of the 3 applications where the candidate wrote first got a first answer on the "
        "day of sending (95% CI 0-2 days)"
    )
    row |= {"measure": "interview_to_decision", "median_ci_low": np.nan}
    assert time_sentence(row).endswith("had a decision on the day of the first interview.")


def test_patience_heading_names_what_each_comparison_counts() -> None:
    """The comparisons count different things; one heading for all of them misled."""
    text = stats("text")
    heading = text[text.index("Did patience pay off?") :].splitlines()[0]
    assert "*_by_behaviour and *_by_activity: interview rounds still unanswered" in heading
    assert "*_by_thank_you: rounds still undecided when the thank-you was due" in heading
    assert "reply_by_*: follow-ups sent before the application ended" in heading


def test_text_leaves_out_patience_rows_without_rounds_and_says_how_many() -> None:
    """``--by candidate`` printed hundreds of ``0/0`` rows; JSON keeps every one."""
    records = json.loads(stats("json"))["patience"]
    empty = [
        r
        for r in records
        if (r["n"] is not None and r["n"] == 0) or (r["n"] is None and r["rate"] is None)
    ]
    assert empty  # the sample has arms without rounds
    text = stats("text")
    section = text[text.index("Did patience pay off?") :]
    assert (
        f"and the {len(empty)} empty rows (no rounds or no follow-ups), left out here)" in section
    )
    rows = [line for line in section.splitlines()[2:] if line.startswith("  ")]
    assert len(rows) == len(records) - len(empty)
    assert not any(" 0/0 " in line for line in rows)


# -- 6. the cumulative incidence of each ending ----------------------------------------------


def _incidence_records(by: str | None) -> list[dict[str, Any]]:
    """The library's ``incidence`` table of the sample as plain records (NA as None)."""
    table = incidence(SAMPLE, by=by, as_of=AS_OF)
    return [
        {str(key): None if pd.isna(value) else value for key, value in row.items()}
        for row in table.astype(object).to_dict("records")
    ]


@pytest.mark.parametrize("by", [None, "source"])
def test_json_and_csv_hold_the_incidence_table(by: str | None) -> None:
    extra = [] if by is None else ["--by", by]
    data = json.loads(stats("json", *extra))
    expected = _incidence_records(by)
    assert data["incidence"] == expected
    assert all(list(r) == list(INCIDENCE_SUMMARY_COLUMNS) for r in data["incidence"])
    assert all(type(r["n"]) is int and type(r["events"]) is int for r in data["incidence"])
    assert [r["outcome"] for r in data["incidence"][:3]] == ["offer", "rejection", "withdrew"]
    rows = [r for r in csv_rows(stats("csv", *extra)) if r["table"] == "incidence"]
    assert len(rows) == len(expected) == 3 * len({r["group"] for r in expected})
    for cell, record in zip(rows, expected, strict=True):
        for key in INCIDENCE_SUMMARY_COLUMNS:
            value = record[key]
            assert cell[key] == ("" if value is None else str(value)), key
        assert cell["metric"] == cell["measure"] == ""  # other tables' columns stay empty


def test_text_shows_the_incidence_after_the_waiting_times() -> None:
    text = stats("text", "--by", "source")
    titles = [x for x in text.splitlines() if x and not x.startswith(" ")]
    title = "Time to an offer, a rejection or a withdrawal (cumulative incidence; each ending is"
    at = next(i for i, x in enumerate(titles) if x.startswith(title))
    assert titles[at - 1].startswith("Waiting times") and titles[at + 1] == "Funnel"
    section = text.split(titles[at], 1)[1].split("\n\n", 1)[0].strip().splitlines()
    assert section[0].split() == ["group", "outcome", "n", "ended", "by", "30/60/90", "d"]
    expected = _incidence_records("source")
    assert len(section) - 1 == len(expected)
    for line, record in zip(section[1:], expected, strict=True):
        shares = "/".join(
            "-" if record[k] is None else percent_text(record[k])
            for k in ("incidence_30d", "incidence_60d", "incidence_90d")
        )
        counts = [str(record[k]) for k in ("group", "outcome", "n", "events")]
        assert line.split() == [*counts, shares], line
    # One block per group, in the order of the other tables; a group not followed 90 days
    # reads "-" there, not a guess.
    groups = [line.split()[0] for line in section[1:]]
    assert groups == [g for g in dict.fromkeys(groups) for _ in range(3)]
    assert groups[::3] == ["company_site", "job_board", "recruiter", "referral"]
    assert any(line.endswith("/-") for line in section[1:])


def test_text_of_the_whole_sample_shows_each_ending() -> None:
    text = stats("text")
    lines = text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("Time to an offer"))
    assert [x.split()[:2] for x in lines[start + 2 : start + 5]] == [
        ["all", "offer"],
        ["all", "rejection"],
        ["all", "withdrew"],
    ]
    assert re.fullmatch(r"  all\s+rejection\s+70\s+34\s+47%/51%/51%", lines[start + 3])


# -- 7. the whole survival curves -------------------------------------------------------------


@pytest.mark.parametrize("by", [None, "source"])
def test_json_and_csv_hold_the_whole_curves(by: str | None) -> None:
    extra = [] if by is None else ["--by", by]
    data = json.loads(stats("json", *extra))
    table = survival_curves(SAMPLE, by=by, as_of=AS_OF)
    expected = [
        {str(key): None if pd.isna(value) else value for key, value in row.items()}
        for row in table.astype(object).to_dict("records")
    ]
    assert data["curves"] == expected
    assert all(list(r) == list(CURVE_COLUMNS) for r in data["curves"])
    counts = ("at_risk", "events", "censored")
    assert all(type(r[k]) is int for r in data["curves"] for k in counts)
    rows = [r for r in csv_rows(stats("csv", *extra)) if r["table"] == "curves"]
    assert len(rows) == len(expected) > 0
    for cell, record in zip(rows, expected, strict=True):
        for key in CURVE_COLUMNS:
            value = record[key]
            assert cell[key] == ("" if value is None else str(value)), key
    # Each curve starts at day 0 with everyone waiting, and reads what the times table says:
    # its waits, its answers, and the share still waiting after 7 days.
    for summary in data["times"]:
        curve = [
            r
            for r in data["curves"]
            if (r["group"], r["measure"]) == (summary["group"], summary["measure"])
        ]
        if not summary["n"]:
            assert curve == []
            continue
        assert (curve[0]["day"], curve[0]["survival"], curve[0]["at_risk"]) == (
            0.0,
            1.0,
            summary["n"],
        )
        assert sum(r["events"] for r in curve) == summary["events"]
        assert sum(r["events"] + r["censored"] for r in curve) == summary["n"]
        if summary["survival_7d"] is not None:
            by_day_7 = [r["survival"] for r in curve if r["day"] <= 7][-1]
            assert by_day_7 == pytest.approx(summary["survival_7d"], rel=1e-12)


def test_text_says_where_the_whole_curves_are() -> None:
    text = stats("text")
    title = next(x for x in text.splitlines() if x.startswith("Waiting times"))
    assert title == (
        "Waiting times (Kaplan-Meier, censored at the as-of date; --format json or csv has"
        " the whole curves)"
    )
    assert "curves" not in text.replace(title, "")  # the text itself lists no curve


def test_curves_with_the_whole_log_first_are_the_two_tables_stacked() -> None:
    cohort = str(Path(SAMPLE).with_name("sample_cohort.csv"))
    both = survival_curves(cohort, by="candidate", as_of=AS_OF, include_all=True)
    whole = survival_curves(cohort, as_of=AS_OF)
    grouped = survival_curves(cohort, by="candidate", as_of=AS_OF)
    expected = pd.concat([whole, grouped], ignore_index=True)
    pd.testing.assert_frame_equal(both, expected)
    assert grouped["group"].nunique() > 1
