"""A spreadsheet's totals row (``Total | 4 | | 12``): one row not loaded, said as such.

In a canonical log, a tracker read directly and a tracker imported, the row
is reported once, never read as an event, and no count in it is taken for a
company, a date or a "yes".
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from followup_stats import cli, parse
from followup_stats.load import load_log

AS_OF = "2026-11-01"

LOG = (
    "date,company,role,event\n"
    "2026-10-01,Hooli,Analyst,applied\n"
    "2026-10-02,Initech,Engineer,applied\n"
    "Total,4,,12\n"
)
TRACKER = (
    "Company,Position,Date Applied,Interview Date,Thank You Sent,Follow Up 1,Follow Up 2\n"
    "Hooli,Data Analyst,2026-10-01,2026-10-08,2026-10-08,2026-10-16,2026-10-20\n"
    "Initech,QA Engineer,2026-10-05,,,2026-10-14,\n"
    "Total,,5,2,1,2,2\n"
)
TOTALS_SAID = "a totals row (Total), not an event; row not loaded"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def lines_of(out: str, where: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(where)]


def test_a_totals_row_of_a_log_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    assert lines_of(out, f"{path}:4:") == [f"{path}:4: DQ002 [warning] {TOTALS_SAID}"]
    assert "1 row not loaded" in out
    quality = load_log(path, as_of=AS_OF).quality
    row = quality.set_index("line").loc[4]
    assert (row["code"], row["value"], row["rejected"]) == ("DQ002", "Total", True)
    assert pd.isna(row["company"])  # the count 4 is no company


def test_a_totals_row_of_a_workbook_is_one_plain_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    rows = [
        ["date", "company", "role", "event"],
        ["2026-10-01", "Hooli", "Analyst", "applied"],
        ["Grand total", 1, None, 1],  # numbers, as a spreadsheet's sums are
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "log.xlsx"
    book.save(path)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    found = [line for line in out.splitlines() if ":3: " in line]
    assert found == [
        f"{path}[Sheet]:3: DQ002 [warning] a totals row (Grand total), not an event; row not loaded"
    ]


def test_a_totals_row_of_a_tracker_is_one_row_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    # Not four unreadable dates, nor its 1 under Thank You Sent taken for a "yes" (DQ004).
    assert lines_of(out, f"{path}:4:") == [f"{path}:4: DQ002 [warning] {TOTALS_SAID}"]
    assert "1 row not loaded" in out
    log = load_log(path, as_of=AS_OF)
    assert sorted(log.events["company"].astype(str).unique()) == ["Hooli", "Initech"]


def test_an_imported_tracker_leaves_its_totals_row_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    out_path = tmp_path / "log.csv"
    code, _, err = run(capsys, "import", path, "--out", out_path)
    assert code == 0
    written = pd.read_csv(out_path, dtype=str)
    assert "Total" not in set(written["company"])
    assert "rows not imported: row 4: a totals row (Total), not an application" in err
    assert "to correct" not in err and "yes/no" not in err


def test_an_imported_log_leaves_its_totals_and_header_rows_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A canonical log is imported as it is, but its totals row and its header row again
    # are no events: written into the new log, check would find them there again.
    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,company,event,candidate\n"
        "2026-10-01,Hooli,applied,Ann\n"
        "Date,Company,Event,Candidate\n"
        "2026-10-02,Initech,applied,Bob\n"
        "Total,2,,\n"
        ",,,,Total,2\n"
    )
    out_path = tmp_path / "log.csv"
    code, _, err = run(capsys, "import", path, "--out", out_path)
    assert code == 0
    written = pd.read_csv(out_path, dtype=str, keep_default_na=False)
    assert written["company"].tolist() == ["Hooli", "Initech"]
    assert written["imported_from"].tolist() == [f"{path}:2", f"{path}:4"]
    assert f"{path}: canonical log; 5 rows -> 2 events" in err
    assert "rows not imported: row 3: a repeated header row, not an event" in err
    assert "rows not imported: rows 5, 6: a totals row (Total), not an event" in err
    _, out, _ = run(capsys, "check", out_path, "--as-of", AS_OF)
    assert "DQ002" not in out


def test_only_a_total_word_then_numbers_make_a_totals_row() -> None:
    cells = pd.DataFrame(
        {
            "a": ["Total", "TOTALS:", "", "Total", "Total", "Sum", "Subtotals", "Total"],
            "b": ["4", "1,250", "sum", "Engineer", "2026-10-01", "", "3", "20261002"],
            "c": ["", "40%", "12", "", "", "", "", ""],
        },
        dtype="string",
    )
    said = parse.totals_rows(cells)
    # A company called Total with a role or a date is an application, not a totals row:
    # a date in ISO's basic form too (eight digits), which is no count.
    assert said.tolist() == ["Total", "TOTALS:", "sum", pd.NA, pd.NA, "Sum", pd.NA, pd.NA]


def test_a_company_called_total_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER.replace("Total,,5,2,1,2,2", "Total,Analyst,2026-10-03,,,,"))
    log = load_log(path, as_of=AS_OF)
    assert "Total" in set(log.events["company"].astype(str))
    assert log.quality.empty


NAMED_LOG = (
    "candidate,date,company,role,event\n"
    "Ann,2026-10-01,Hooli,Analyst,applied\n"
    "Bob,2026-10-02,Initech,Engineer,applied\n"
    "Total,,2,,2\n"
)
NAMED_ELSEWHERE = NAMED_LOG.replace("Total,,2,,2", ",,Total,,2")


def test_a_totals_row_with_its_word_under_candidate_names_no_candidate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same one finding as with the word in another column, not a candidate named Total.
    under_candidate = tmp_path / "a" / "log.csv"
    under_company = tmp_path / "b" / "log.csv"
    for path, text in ((under_candidate, NAMED_LOG), (under_company, NAMED_ELSEWHERE)):
        path.parent.mkdir()
        path.write_text(text)
    found = []
    for path in (under_candidate, under_company):
        _, out, _ = run(capsys, "check", path, "--as-of", AS_OF, "--format", "json")
        found.append(json.loads(out.replace(str(path), "log.csv")))
    assert found[0] == found[1]
    # Filed under no candidate: not under the file's name, "log", which is no client's.
    assert [(f["line"], f["candidate"], f["code"]) for f in found[0]] == [(4, None, "DQ002")]
    _, out, _ = run(capsys, "check", under_candidate, "--as-of", AS_OF)
    assert lines_of(out, f"{under_candidate}:4:") == [
        f"{under_candidate}:4: DQ002 [warning] {TOTALS_SAID}"
    ]
    log = load_log(under_candidate, as_of=AS_OF)
    assert "Total" not in set(log.events["candidate"].cat.categories)
    code, _, err = run(capsys, "todo", under_candidate, "--as-of", AS_OF, "--candidate", "Total")
    assert code == 2 and "--candidate 'Total'" in err


def test_a_totals_row_under_candidate_is_no_candidate_shared_by_two_clients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two clients' logs, each judged by its own settings, each ending in a totals row: no
    # "candidate 'Total' has logs under two configuration files".
    logs = []
    for client in ("Ann", "Bob"):
        folder = tmp_path / client
        folder.mkdir()
        (folder / "followup-stats.toml").write_text('ignore = ["FU012"]\n')
        log = folder / "log.csv"
        log.write_text(NAMED_LOG.replace("Ann,", f"{client},").replace("Bob,", f"{client},"))
        logs.append(log)
    code, out, err = run(capsys, "check", *logs, "--as-of", AS_OF)
    assert code == 0, err
    for log in logs:
        assert lines_of(out, f"{log}:4:") == [f"{log}:4: DQ002 [warning] {TOTALS_SAID}"]


@pytest.mark.parametrize(
    "header, totals",
    [
        ("date,company,role,event,,", ",,,,Total,2"),  # the header's cell there is empty
        ("date,company,role,event", ",,,,Total,2"),  # the header has no cell there
        (",date,company,role,event", "Total,,2,,2"),
    ],
)
def test_a_totals_word_in_an_unnamed_column_is_a_totals_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, totals: str
) -> None:
    comma = "," if header.startswith(",") else ""
    rows = [f"{comma}2026-10-01,Hooli,Analyst,applied", f"{comma}2026-10-02,Initech,QA,applied"]
    path = tmp_path / "log.csv"
    path.write_text("\n".join([header, *rows, totals]) + "\n")
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    assert lines_of(out, f"{path}:4:") == [f"{path}:4: DQ002 [warning] {TOTALS_SAID}"]
    assert "1 row not loaded" in out


def test_rows_of_no_candidate_are_no_client_in_check_nor_in_the_coach_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A cohort's totals row and header row again were filed under the file's name: check
    # said "cohort: a totals row ..." and the coach review counted them for a client
    # "cohort". They are the file's rows, no client's.
    from followup_stats import report_views
    from followup_stats.checker import check

    path = tmp_path / "<b>cohort.csv"
    path.write_text(
        NAMED_LOG.replace("Total,,2,,2", "Candidate,Date,Company,Role,Event\nTotal,,2,,2")
    )
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF, "--format", "json")
    found = [(f["line"], f["candidate"]) for f in json.loads(out)]
    assert found == [(4, None), (5, None)]
    _, out, _ = run(capsys, "check", path, "--as-of", AS_OF)
    assert lines_of(out, f"{path}:5:") == [f"{path}:5: DQ002 [warning] {TOTALS_SAID}"]
    log = load_log(path, as_of=AS_OF)
    diagnostics = check(log, voice="coach")
    table = report_views.diagnostics_matrix(
        diagnostics, candidates=report_views.candidates_of(log)
    ).data
    heads = table.split('<th scope="row">')[1:]
    assert [h.split("<", 1)[0] for h in heads] == [
        "Ann",
        "Bob",
        "Rows of &lt;b&gt;cohort.csv (no client)",
    ]
    assert "cohort</th>" not in table and "<b>" not in table
    counts = [h.split("<td>")[1].split("<", 1)[0] for h in heads]
    assert counts == ["0", "0", "2"]


def test_a_totals_row_of_a_clients_own_log_stays_theirs(tmp_path: Path) -> None:
    # Without a candidate column every row is the file's candidate's, a totals row too.
    path = tmp_path / "ann.csv"
    path.write_text(LOG)
    quality = load_log(path, as_of=AS_OF).quality
    assert quality["candidate"].tolist() == ["ann"]


@pytest.mark.parametrize("text", [NAMED_LOG, NAMED_ELSEWHERE, NAMED_LOG + "Candidate,Date,,,\n"])
@pytest.mark.parametrize("anonymize", [False, True])
def test_report_all_names_no_client_after_a_totals_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, anonymize: bool
) -> None:
    # A cohort sheet ending in a totals row: its row is not loaded, but it is no client of
    # whom "no row could be loaded, so they get no report" (it took the file's name, cohort).
    from followup_stats import report

    monkeypatch.chdir(tmp_path)
    Path("cohort.csv").write_text(text, encoding="utf-8")
    with report._prepared("cohort.csv", AS_OF, None, anonymize) as prepared:
        assert len(prepared.candidates) == 2
        assert prepared.unloaded_candidates == ()
        assert report._not_loaded_rows(prepared) == []
        if anonymize:  # the copy's totals row is one too: a word and numbers, no name
            assert set(prepared.pseudonyms) == {"Ann", "Bob"}
            found = load_log(prepared.log_path, as_of=AS_OF).quality
            said = load_log("cohort.csv", as_of=AS_OF).quality["message"].tolist()
            assert found["message"].tolist() == said  # the header row again is one too
            assert said[0] == TOTALS_SAID


def test_an_anonymized_copy_keeps_a_totals_row_beyond_the_header(tmp_path: Path) -> None:
    from followup_stats.anonymize import pseudonymize_logs

    path = tmp_path / "ann.csv"
    path.write_text("date,company,event\n2026-10-01,Hooli,applied\n,,,Total,1\n")
    copies = pseudonymize_logs(path, tmp_path)
    found = load_log(copies.paths[0], as_of=AS_OF).quality
    assert found["message"].tolist() == [TOTALS_SAID]
    assert "Hooli" not in copies.paths[0].read_text()
