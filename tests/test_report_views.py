"""Presentation helpers of the reports: escaping, tables, who needs attention."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from followup_stats import report_views as views
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.load import LoadedLog, load_log

AS_OF = pd.Timestamp("2026-10-30")
LOG = """date,candidate,company,role,event
2026-09-01,Ann,Acme,Analyst,applied
2026-09-02,Bob,Beta,Analyst,applied
"""


def test_md_escape_leaves_no_markup() -> None:
    text = views.md_escape("<script>x</script> [a](javascript:1) *b* _c_ # d\n- e")
    assert "<" not in text and ">" not in text and "[" not in text and "*" not in text
    assert "\n" not in text
    assert views.md_escape(None) == "" and views.md_escape(pd.NA) == ""


HOSTILE_NAMES = [
    "Jane http://example.com/x.png",
    "Jane <http://example.com>",
    "Jane ![im](http://e.example/x.png) www.example.com",
    'Cand <img src=x onerror=alert("I1")><script>',
    "Jane $a_b*c$ `tick` {{7*7}} \\ O'Brien & Sons",
    "# x - y | a | 1. item ~~z~~ <!-- c -->",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_md_escape_renders_as_typed(name: str) -> None:
    # Rendered by the Markdown renderer the HTML export uses: the text reads
    # exactly as typed, with no element made from it (no link, image or tag).
    from bs4 import BeautifulSoup
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    page = markdown2html_mistune(f"# Report: {views.md_escape(name)}\n\n- {views.md_escape(name)}")
    soup = BeautifulSoup(page, "html.parser")
    heading, item = soup.find("h1"), soup.find("li")
    assert heading is not None and item is not None
    assert heading.get_text().removesuffix("\u00b6") == f"Report: {name}"
    assert item.get_text() == name
    tags = {tag.name for tag in soup.find_all(True)}
    assert tags <= {"h1", "a", "ul", "li"}  # the heading's own anchor link only
    assert [a["href"] for a in soup.find_all("a")] == [f"#{heading['id']}"]


def test_table_html_escapes_cells_and_headers() -> None:
    frame = pd.DataFrame({"<b>col</b>": ["<img src=x onerror=alert(1)>", None]})
    page = str(views.table_html(frame).data)
    assert "<img" not in page and "<b>col" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and views.MISSING in page


def _diagnostics(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "candidate": [r[0] for r in rows],
            "application_id": "a1",
            "company": "Acme",
            "date": pd.to_datetime([r[1] for r in rows]),
            "code": "FU005",
            "severity": [r[2] for r in rows],
            "message": "early",
        }
    )


def _actions(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "candidate": [r[0] for r in rows],
            "application_id": "a1",
            "company": "Acme",
            "action": [r[1] for r in rows],
            "not_before": pd.to_datetime([r[3] for r in rows]),
            "why": "because",
            "then": [r[2] for r in rows],
        }
    )


@pytest.mark.parametrize(
    ("day", "severity", "flagged"),
    [
        ("2026-10-30", "error", True),
        ("2026-10-23", "error", True),  # as-of minus 7 days: still in the window
        ("2026-10-22", "error", False),
        ("2026-10-29", "warning", False),
        ("2026-10-31", "error", False),  # after the as-of date: not judged
    ],
)
def test_recent_errors_need_attention(day: str, severity: str, flagged: bool) -> None:
    table = views.needs_attention(_diagnostics([("Ann", day, severity)]), _actions([]), AS_OF)
    assert (table["candidate"].tolist() == ["Ann"]) is flagged


@pytest.mark.parametrize(
    ("action", "then", "day", "flagged"),
    [
        ("follow_up", "follow_up", "2026-10-23", True),  # open since as-of minus 7 days
        ("follow_up", "follow_up", "2026-10-22", False),  # stale: let go long ago
        ("thank_you", "thank_you", "2026-10-29", True),
        ("wait", "final_note", "2026-11-06", True),  # due on as-of plus 7 days
        ("wait", "follow_up", "2026-11-07", False),
        ("move_on", "move_on", "2026-10-30", False),
        ("wait", "move_on", "2026-11-01", False),
        # An offer to answer, made in the last 7 days: the coach review did not count it.
        ("answer_offer", "answer_offer", "2026-10-26", True),
        ("answer_offer", "answer_offer", "2026-10-22", False),  # stale, as a step is
    ],
)
def test_due_steps_need_attention(action: str, then: str, day: str, flagged: bool) -> None:
    table = views.needs_attention(_diagnostics([]), _actions([("Bo", action, then, day)]), AS_OF)
    assert (table["candidate"].tolist() == ["Bo"]) is flagged
    if flagged:
        assert table["reason"].tolist() == ["action due"]


def test_each_reason_for_attention_leads_with_its_short_reason_and_lists_its_clauses() -> None:
    """The reasons for attention said "Why: action due" and then, in one block of prose,
    "Follow up: no reply since ...; with no timeframe ..., so ...": on a phone a card of
    nine lines, the step to take in the middle of its fifth. The reason is short now and
    heads each card (``followup-lead``), the step or the rule named in it; the detail is
    its clauses, one text on a wide screen or paper, a line each on a phone."""
    from bs4 import BeautifulSoup

    hostile = "<img src=x onerror=alert(1)>; Co"
    findings = _diagnostics([("<b>Ann</b>", "2026-10-29", "error")]).assign(
        company=hostile, message="follow-up 1 day after the interview; wait 7 days"
    )
    actions = _actions([("Bo", "follow_up", "follow_up", "2026-10-31")]).assign(
        why="no reply since 24 Oct 2026; the usual wait is 7 days, so from 31 Oct 2026"
    )
    attention = views.needs_attention(findings, actions, AS_OF)
    page = str(views.attention_details(attention).data)
    assert "<img" not in page and "<b>Ann" not in page
    soup: Any = BeautifulSoup(page, "html.parser")
    assert [th.get_text() for th in soup.thead("th")] == [
        "Candidate",
        "Reason",
        "Date",
        "Company",
        "Detail",
    ]
    rows = [[cell.get_text() for cell in tr("td")] for tr in soup.tbody("tr")]
    assert rows == [
        [
            "<b>Ann</b>",
            "Error: FU005 · early-follow-up",
            "2026-10-29",
            hostile,
            "follow-up 1 day after the interview; wait 7 days",
        ],
        [
            "Bo",
            "Step due: follow up",
            "2026-10-31",
            "Acme",
            "no reply since 24 Oct 2026; the usual wait is 7 days, so from 31 Oct 2026",
        ],
    ]
    assert "followup-led" in soup.table["class"]
    for row in soup.tbody("tr"):
        cells = row("td")
        assert "followup-lead" in cells[1]["class"]
        assert not any("followup-lead" in cell.get("class", []) for cell in cells[2:])
        # The company's "; " is the log's: a clause is a sentence's, never a log's text.
        assert len(cells[3]("span")) == 0
        clauses = [span.get_text() for span in cells[4].select(".followup-clause")]
        assert len(clauses) == 2 and "; ".join(clauses) == cells[4].get_text()
    assert ".followup-lead{order:-1;font-weight:bold}" in page
    assert "followup-clause{display:list-item" in page


def test_a_reasons_detail_splits_at_the_tools_joins_never_inside_a_logs_semicolon(
    tmp_path: Path,
) -> None:
    """A detail was split on every "; ", so a company ``<b>Acme</b>; Sons`` quoted in a
    finding was cut into two bullets on a phone. It is split only where the tool joined
    clauses, and the company stays escaped. No error rule quotes log text yet: the idle
    finding (FU011, info), which names the interview's company, stands in for one here."""
    from bs4 import BeautifulSoup

    from followup_stats.actions import next_actions

    path = tmp_path / "log.csv"
    path.write_text(
        "date,candidate,company,role,event\n"
        '2026-10-01,Ann,"<b>Acme</b>; Sons",Analyst,applied\n'
        '2026-10-05,Ann,"<b>Acme</b>; Sons",Analyst,interview\n',
        encoding="utf-8",
    )
    as_of = pd.Timestamp("2026-10-14")
    log = load_log(path, as_of="2026-10-14")
    findings = check(log)
    idle = findings[findings["code"].eq("FU011").to_numpy(bool)].assign(severity="error")
    attention = views.needs_attention(idle, next_actions(log), as_of)
    page = str(views.attention_details(attention).data)
    assert "<b>" not in page
    soup: Any = BeautifulSoup(page, "html.parser")
    details = [
        [span.get_text() for span in row("td")[4].select(".followup-clause")]
        for row in soup.tbody("tr")
    ]
    assert details == [
        [
            "no reply since the interview on 5 Oct 2026",
            "with no contact timeframe agreed at the interview and none given in a reply, the"
            " usual wait is 7 days, so a polite follow-up is allowed from 12 Oct 2026",
        ],
        [],  # one sentence, kept whole: not split at the company's own "; "
    ]
    assert soup.tbody("tr")[1]("td")[4].get_text() == (
        "from 5 Oct and still on 14 Oct 2026 (10 days, both included) you sent no application"
        " and did no networking while you waited on <b>Acme</b>; Sons (interview 5 Oct 2026)"
    )
    # A company ending in ";" meets the space after it: no join of the tool's either.
    ending = idle.assign(company="Acme;", message="the interview at Acme; on 5 Oct; x")
    one = views.attention_details(views.needs_attention(ending, next_actions(log)[:0], as_of))
    soup = BeautifulSoup(str(one.data), "html.parser")
    clauses = [span.get_text() for span in soup.tbody("td")[4].select(".followup-clause")]
    assert clauses == ["the interview at Acme; on 5 Oct", "x"]


def test_a_cell_of_clauses_is_escaped_and_a_log_cannot_split_one() -> None:
    """A tuple cell is a list of clauses; each is escaped, and a control character from a
    log (the one that joins clauses until they are tags) shows as U+FFFD, not a split."""
    frame = pd.DataFrame(
        {"Detail": [("<i>one</i> " * 5, "two\x1fthree"), "plain " * 10], "n": [1, 2]}
    )
    page = str(views.table_html(frame).data)
    assert "<i>" not in page and "\x1f" not in page
    assert (
        '<span class="followup-clause">'
        + "&lt;i&gt;one&lt;/i&gt; " * 5
        + '</span><span class="followup-sep">; </span>'
        '<span class="followup-clause">two\ufffdthree</span></td>'
    ) in page
    assert page.count("followup-clause") - page.count(".followup-clause") == 2


def test_a_short_cell_of_clauses_in_a_table_without_prose_is_still_spans() -> None:
    """A table with no long cell is no list of cards, but its clauses are still joined by
    "; " in spans: the control character that marks them until then never reaches the page."""
    frame = pd.DataFrame({"Reason": ["Step due: follow up"], "Detail": [("no reply", "wait")]})
    page = str(views.table_html(frame, lead="Reason").data)
    assert "\x1f" not in page and "followup-cards" not in page
    assert (
        '<td><span class="followup-clause">no reply</span><span class="followup-sep">; </span>'
        '<span class="followup-clause">wait</span></td>'
    ) in page


def test_only_candidate(tmp_path: object) -> None:
    log = load_log(
        pd.DataFrame(
            [r.split(",") for r in LOG.splitlines()[1:]], columns=LOG.splitlines()[0].split(",")
        ),
        as_of="2026-10-30",
    )
    assert views.candidates_of(log) == ["Ann", "Bob"]
    assert views.candidates_of(views.only_candidate(log, "Bob")) == ["Bob"]
    with pytest.raises(views.ReportInputError, match="2 candidates"):
        views.only_candidate(log)
    with pytest.raises(views.ReportInputError, match="not in the log"):
        views.only_candidate(log, "Eve")


# Line 3 (an unknown event) has a blank candidate cell: check names it after the file's stem.
ONE_CANDIDATE = """date,candidate,company,role,event
2026-09-01,Ann,Acme,Analyst,applied
2026-09-02,,Acme,Analyst,turned down
2026-09-03,Ann,Beta,Analyst,applied
"""


def test_a_blank_candidate_row_not_loaded_is_the_only_candidates(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(ONE_CANDIDATE, encoding="utf-8")
    log = load_log(path, as_of=AS_OF)
    found = check(log)
    assert found[["line", "code", "candidate"]].values.tolist() == [[3, "DQ002", "log"]]
    for chosen in (None, "Ann"):
        ann = views.only_candidate(log, chosen)
        assert views.candidates_of(ann) == ["Ann"]
        assert ann.rejects["line"].tolist() == [3]  # as many rows as check says
        pd.testing.assert_frame_equal(check(ann), found)
        assert "1 row of the log was not loaded" in str(views.not_loaded_note(ann).data)


def test_with_several_candidates_a_blank_candidate_row_is_nobodys(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(ONE_CANDIDATE + "2026-09-04,Bob,Gamma,Analyst,applied\n", encoding="utf-8")
    log = load_log(path, as_of=AS_OF)
    for name in ("Ann", "Bob"):
        assert views.only_candidate(log, name).rejects.empty
        note = str(views.not_loaded_note(views.only_candidate(log, name)).data)
        assert note == f"All of {name}'s rows were loaded."  # the file's row is nobody's
    assert log.rejects["line"].tolist() == [3]
    assert "1 row of the log was not loaded" in str(views.not_loaded_note(log).data)


def test_another_files_rows_not_loaded_stay_out_of_a_report(tmp_path: Path) -> None:
    """report-all passes every file of a folder: a client whose rows were all rejected has
    no events, and their findings went into the other client's report."""
    ann = tmp_path / "ann.csv"
    ann.write_text(ONE_CANDIDATE, encoding="utf-8")
    bob = tmp_path / "bob.csv"
    bob.write_text("date,company,event\n03/11/2026,Bob Private Employer,applied\n")
    log = load_log([ann, bob], as_of=AS_OF)
    assert sorted(log.quality.loc[log.quality["rejected"], "candidate"]) == ["ann", "bob"]
    report = views.only_candidate(log, "Ann")
    assert report.rejects[["file", "line"]].values.tolist() == [[str(ann), 3]]
    assert "Bob Private Employer" not in report.quality.to_string()
    assert "1 row of the log was not loaded" in str(views.not_loaded_note(report).data)


def test_the_not_loaded_note_says_how_many_and_why_it_matters(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(ONE_CANDIDATE + "someday,Ann,Gamma,Analyst,applied\n", encoding="utf-8")
    note = str(views.not_loaded_note(load_log(path, as_of=AS_OF)).data)
    assert note.startswith(
        "**Rows not loaded.** 2 rows of the log were not loaded, so this report does not "
        "count them; `followup-stats check` says which and why."
    )
    assert "missing from the rates, the waits, the etiquette score" in note


def test_the_cohort_table_keeps_the_numbers_of_a_candidate_without_interviews(
    tmp_path: object,
) -> None:
    """Nia has no interview round (so no etiquette score) but an error, answers and a wait."""
    from pathlib import Path

    from followup_stats import check, etiquette_score
    from followup_stats.stats import outcome_rates, response_times

    path = Path(str(tmp_path)) / "cohort.csv"
    path.write_text(
        "date,candidate,application_id,company,role,event\n"
        "2026-09-01,Nia,N1,Acme,Dev,applied\n"
        "2026-09-05,Nia,N1,Acme,Dev,response\n"
        "2026-10-22,Nia,N2,Beta,Dev,applied\n"
        "2026-10-25,Nia,N2,Beta,Dev,follow_up\n"  # FU005: an error
        "2026-09-01,Fay,F1,Gamma,Dev,applied\n"
        "2026-09-10,Fay,F1,Gamma,Dev,interview\n"
        "2026-09-10,Fay,F1,Gamma,Dev,thank_you\n"
    )
    loaded = load_log(str(path), as_of="2026-10-30")
    overview = views.cohort_overview(
        etiquette_score(loaded),
        outcome_rates(loaded, by="candidate"),
        response_times(loaded, by="candidate"),
        check(loaded),
    ).set_index("candidate")
    nia = overview.loc["Nia"]
    assert pd.isna(nia["score"]) and nia["errors"] == 1
    assert nia["response_rate"] == 1.0 and nia["median_to_first_response"] == 4
    shown = str(views.cohort_table(overview.reset_index()).data)
    row = shown.split('<th scope="row">Nia</th>')[1].split("</tr>")[0]
    assert "<td>100%</td>" in row and "<td>4 d</td>" in row
    assert "not reached" not in row  # no interview to time: a dash, not "not reached"
    assert f"<td>{views.MISSING}</td>" in row


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_figure_text_reads_the_figure_description_as_typed(name: str) -> None:
    from bs4 import BeautifulSoup
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from followup_stats import plots

    rates = pd.DataFrame(
        {
            "group": [name, "Bob"],
            "metric": "response",
            "k": 1,
            "n": 4,
            "pending": 0,
            "rate": 0.25,
            "ci_low": 0.05,
            "ci_high": 0.7,
        }
    )
    figure = plots.rates_figure(rates)
    text = views.figure_text(figure).data
    soup = BeautifulSoup(markdown2html_mistune(text), "html.parser")
    assert soup.get_text().startswith("In words: Dots with 95% intervals")
    assert name in soup.get_text()
    assert {tag.name for tag in soup.find_all(True)} <= {"p", "em"}


def test_figure_text_says_when_there_is_nothing_to_plot(tmp_path: Path) -> None:
    from followup_stats import plots, stats

    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    empty = load_log(path, as_of="2026-08-01")  # every event after the as-of date
    text = views.figure_text(plots.timeline_figure(empty.events)).data
    assert "Nothing to plot yet" in text
    assert views.figure_text(plots.funnel_figure(stats.funnel(empty))).data.startswith("*In")


def test_a_log_with_no_answer_at_all_says_the_rates_may_mean_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export of applications only read as a search nobody answered, in silence."""
    from followup_stats import cli, stats
    from followup_stats.checker import etiquette_score

    path = tmp_path / "log.csv"
    path.write_text("date,company,event\n2026-08-01,Acme,applied\n2026-08-02,Beta,applied\n")
    log = load_log(path, as_of=AS_OF)

    def headline_text(log: LoadedLog) -> str:
        funnel, rates = stats.funnel(log), stats.outcome_rates(log)
        page = views.headline(log, funnel, rates, stats.response_times(log), etiquette_score(log))
        return str(page.data)

    assert "**Note:** No answer from any employer is logged" in headline_text(log)
    assert cli.main(["stats", str(path), "--as-of", "2026-10-30"]) == 0
    assert "no answer from any employer is logged" in capsys.readouterr().err
    answered = tmp_path / "answered.csv"
    answered.write_text(path.read_text() + "2026-08-09,Acme,response\n")
    assert "No answer from any employer" not in headline_text(load_log(answered, as_of=AS_OF))
    assert cli.main(["stats", str(answered), "--as-of", "2026-10-30"]) == 0
    assert "no answer" not in capsys.readouterr().err


def test_answers_dated_after_the_as_of_date_are_said_to_be_later_not_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interview and an offer dated after --as-of read "no answer from any employer is
    logged": the stats line and the report's note say they are there, and how many."""
    from followup_stats import cli, stats
    from followup_stats.checker import etiquette_score

    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,event\n2026-10-01,Acme,applied\n2026-12-05,Acme,interview\n"
        "2027-01-01,Acme,offer\n"
    )
    later = (
        "no answer from any employer is dated on or before the as-of date 2026-10-30: "
        "2 rows of answers (interviews, responses, offers, rejections) are logged with later "
        "dates, so the answer rates and waits count none of them"
    )
    for engine in (["--engine", "pandas"], ["--engine", "dask"]):
        assert cli.main(["stats", str(path), "--as-of", "2026-10-30", *engine]) == 0
        err = capsys.readouterr().err
        assert f"followup-stats: {later}\n" in err
        assert "is logged" not in err
    log = load_log(path, as_of="2026-10-30")
    funnel, rates = stats.funnel(log), stats.outcome_rates(log)
    page = views.headline(log, funnel, rates, stats.response_times(log), etiquette_score(log))
    assert f"**Note:** N{later[1:]}." in str(page.data)
    # One answer: said in the singular; once the as-of date reaches it, no note at all.
    path.write_text("date,company,event\n2026-10-01,Acme,applied\n2026-12-05,Acme,offer\n")
    assert cli.main(["stats", str(path), "--as-of", "2026-10-30"]) == 0
    assert (
        "2026-10-30: 1 row of an answer (an interview, a response, an offer or a rejection) "
        "is logged with a later date, so the answer rates and waits do not count it\n"
    ) in capsys.readouterr().err
    assert cli.main(["stats", str(path), "--as-of", "2026-12-05"]) == 0
    assert "no answer" not in capsys.readouterr().err
    # An answer to an offer with no offer row stands for the offer: it was "not logged".
    path.write_text("date,company,event\n2026-10-01,Acme,applied\n2026-12-05,Acme,accepted\n")
    assert cli.main(["stats", str(path), "--as-of", "2026-10-30"]) == 0
    assert "1 row of an answer" in capsys.readouterr().err


def test_a_reports_note_on_later_answers_names_its_as_of_date_even_when_none_was_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report made without --as-of is dated today, and says so in its title ("As of");
    read on a later day, "no answer ... is dated on or before today, ..." would be false.
    Its note names the as-of date; the line ``stats`` prints on the screen says today."""
    import datetime as dt

    from followup_stats import cli, stats
    from followup_stats.checker import etiquette_score
    from followup_stats.report import render_report

    today = dt.date.today()
    path = tmp_path / "log.csv"
    path.write_text(
        f"date,candidate,company,event\n{today - dt.timedelta(days=10)},Dana,Acme,applied\n"
        f"{today + dt.timedelta(days=20)},Dana,Acme,interview\n",
        encoding="utf-8",
    )
    log = load_log(path)  # no as-of date given: today, as the report takes it
    day = log.as_of.date().isoformat()
    said = f"is dated on or before the as-of date {day}: 1 row of an answer"
    funnel, rates = stats.funnel(log), stats.outcome_rates(log)
    page = str(
        views.headline(log, funnel, rates, stats.response_times(log), etiquette_score(log)).data
    )
    assert said in page and "today" not in page
    written = render_report(path, tmp_path / "out")
    assert Path(written.html_path).name == f"Dana_{day}.html"
    text = BeautifulSoup(Path(written.html_path).read_text(encoding="utf-8"), "html.parser")
    assert said in " ".join(text.get_text(" ").split())
    assert cli.main(["stats", str(path)]) == 0
    assert f"is dated on or before today, {day}: 1 row" in capsys.readouterr().err


def test_each_count_of_applications_that_got_an_answer_says_which_applications_it_counts() -> None:
    """The headline said "44 got an answer", its rate "34 of 53 applications ... got an
    answer" and its wait "38 of 64 applications got a first answer": three counts of one
    thing, it seemed. The first counts every application, the second those old enough to
    judge, the third those where the candidate wrote first (an employer writing first
    gives no wait to time); each now says so, and the waits table's column is "Ended"."""
    import re

    from followup_stats import etiquette_score, stats

    log = load_log("data/sample_log.csv", as_of="2026-10-30")
    funnel, rates, times = stats.funnel(log), stats.outcome_rates(log), stats.response_times(log)
    page = html.unescape(str(views.headline(log, funnel, rates, times, etiquette_score(log)).data))
    assert (
        "**70 applications** logged; of all 70, **44** got an answer, **7** led to an "
        "interview and **2** ended in an offer."
    ) in page
    assert (
        "34 of 53 applications old enough to judge (64%, 95% CI 51% to 76%) got an answer; "
        "17 more are too recent to judge (under 30 days old)."
    ) in page
    assert "38 of 64 applications where the candidate wrote first got a first answer so far" in (
        page
    )
    # No "k of n applications" leaves out which applications it counts.
    counted = re.findall(r"\d+ of \d+ (applications?[a-z -]*?)(?: \(| got| led| never)", page)
    assert len(counted) == 4 and "applications" not in counted
    table = BeautifulSoup(str(views.times_table(times).data), "html.parser")
    headers = [th.get_text() for th in table.select("thead th")]
    assert "Ended" in headers and "Answered" not in headers


# -- accessibility: captions, row headers, wrapping, intervals, text for every figure panel --


def test_a_negative_to_positive_interval_reads_as_a_range() -> None:
    assert views._interval(0, -0.79, 0.66) == "0% (\u221279% to 66%)"
    assert views._interval(-0.07, -0.43, 0.35) == "\u22127% (\u221243% to 35%)"
    assert views._interval(0.47, 0.26, 0.69) == "47% (26% to 69%)"
    assert views._interval(0.5, None, 0.7) == "50%"


def test_tables_have_a_caption_column_headers_and_row_headers() -> None:
    from bs4 import BeautifulSoup

    frame = pd.DataFrame({"Step": ["Applied", "<b>x</b>"], "Applications": [3, 1]})
    soup: Any = BeautifulSoup(
        str(views.table_html(frame, "Steps & more", row_headers=True).data), "html.parser"
    )
    table = soup.find("table")
    assert table is not None and table.caption is not None
    assert table.caption.get_text() == "Steps & more"
    assert [th.get("scope") for th in table.thead.find_all("th")] == ["col", "col"]
    headers = table.tbody.find_all("th")
    assert [th.get_text() for th in headers] == ["Applied", "<b>x</b>"]
    assert {th.get("scope") for th in headers} == {"row"}
    assert [td.get_text() for td in table.tbody.find_all("td")] == ["3", "1"]
    plain: Any = BeautifulSoup(str(views.table_html(frame).data), "html.parser")
    assert plain.find("tbody").find("th") is None


def test_table_cells_wrap_so_nothing_is_cut_on_paper_or_a_phone() -> None:
    """Cells wrap; only a date (ten characters) stays on one line."""
    assert views.TABLE_STYLE.count("nowrap") == 1
    assert ".followup-date{white-space:nowrap}" in views.TABLE_STYLE
    assert "white-space:normal" in views.TABLE_STYLE


@pytest.mark.parametrize("prose", [False, True], ids=["table", "cards"])
def test_a_column_of_dates_is_marked_to_stay_on_one_line(prose: bool) -> None:
    """At 1280 pixels the coach's reasons for attention squeezed their Date column until
    "2026-10-24" broke after its first hyphen. A column of dates (a missing one shown as
    a dash) is in the class ``followup-date``, which does not wrap, in a plain table and
    in one that is cards on a phone; a column of other text is not, nor a row header."""
    from bs4 import BeautifulSoup

    frame = pd.DataFrame(
        {
            "Date": ["2026-10-24", views.MISSING],
            "When": ["2026-10-24", "soon"],
            "Detail": ["a finding " * (5 if prose else 1), "short"],
        }
    )
    page = str(views.table_html(frame, "Dates", row_headers=True).data)
    soup: Any = BeautifulSoup(page, "html.parser")
    table = soup.find("table")
    assert ("followup-cards" in table["class"]) == prose
    for row in table.tbody.find_all("tr"):
        date, when, detail = row.find_all(["th", "td"])
        assert "followup-date" in date.get("class", [])
        assert "followup-date" not in when.get("class", []) + detail.get("class", [])
        assert date.name == "th"
    assert [th.get_text() for th in table.tbody.find_all("th")] == ["2026-10-24", views.MISSING]


def test_a_long_word_in_a_table_gets_break_points_never_inside_an_entity() -> None:
    """Break points (``<wbr>``) let a word of more than 40 characters wrap, now that other
    words stay whole on a wide page; "&amp;" counts as one character and stays whole."""
    long = "A" * 38 + "&B" + "C" * 5
    page = str(views.table_html(pd.DataFrame({"Company": [long, "Short & Co"]})).data)
    # A column with a cell of more than 40 characters is prose: it keeps some width on a phone.
    cell = '<td class="followup-prose" role="cell" data-label="Company">'
    assert cell + "A" * 20 + "<wbr>" + "A" * 18 + "&amp;B<wbr>CCCCC</td>" in page
    assert cell + "Short &amp; Co</td>" in page
    assert "overflow-wrap:break-word" in views.TABLE_STYLE


def test_a_table_with_prose_names_each_cell_by_its_escaped_header() -> None:
    """A table with a column of prose is cards on a phone: each body cell carries its
    column's header in ``data-label`` (escaped for an attribute, quotes too, as a header
    may come from a log), and ARIA roles keep it a table for screen readers once its
    parts are blocks; a table without prose stays as it was."""
    from bs4 import BeautifulSoup

    header = "<b>\"x\"</b> 'y'"
    frame = pd.DataFrame({"Step": ["Applied", "<i>"], header: ["a finding " * 5, "short"]})
    page = str(views.table_html(frame, "Cards & more", row_headers=True).data)
    assert "<b>" not in page and "<i>" not in page and '"x"</b>' not in page
    assert 'data-label="&lt;b&gt;&quot;x&quot;&lt;/b&gt; &#x27;y&#x27;"' in page
    soup: Any = BeautifulSoup(page, "html.parser")
    table = soup.find("table")
    assert "followup-cards" in table["class"] and table["role"] == "table"
    assert table.caption.get_text() == "Cards & more"
    assert [group["role"] for group in table.find_all(["thead", "tbody"])] == ["rowgroup"] * 2
    assert {row["role"] for row in table.find_all("tr")} == {"row"}
    columns = table.thead.find_all("th")
    assert [(th["role"], th.get_text()) for th in columns] == [
        ("columnheader", "Step"),
        ("columnheader", "<b>\"x\"</b> 'y'"),
    ]
    for row in table.tbody.find_all("tr"):
        first, second = row.find_all(["th", "td"])
        assert (first.name, first["role"], first["data-label"]) == ("th", "rowheader", "Step")
        assert (second["role"], second["data-label"]) == ("cell", "<b>\"x\"</b> 'y'")
        assert second["class"] == ["followup-prose"]
    assert [th.get_text() for th in table.tbody.find_all("th")] == ["Applied", "<i>"]
    assert "@media screen and (max-width:36em)" in page
    plain = str(views.table_html(pd.DataFrame({"Step": ["Applied"], "n": [3]})).data)
    assert "data-label" not in plain and "role=" not in plain and "followup-cards" not in plain


def test_the_patience_tables_hold_every_number_the_figure_draws() -> None:
    from bs4 import BeautifulSoup

    from followup_stats import plots
    from followup_stats.stats.patience import patience

    root = Path(__file__).resolve().parents[1]
    table = patience(load_log(root / "data" / "sample_log.csv", as_of="2026-10-30"))
    soup: Any = BeautifulSoup(str(views.patience_table(table).data), "html.parser")
    captions = [c.get_text() for c in soup.find_all("caption")]
    assert captions == list(views.PATIENCE_BLOCKS)
    figure = plots.patience_figure(table)
    drawn = sum(len(trace.x) for trace in figure.data if trace.showlegend is False)
    rows = soup.find_all("tbody")
    assert sum(len(body.find_all("tr")) for body in rows) >= drawn
    thank_you = soup.find("caption", string="Outcome with and without a thank-you")
    assert thank_you is not None
    text = thank_you.find_parent("table").get_text(" ")
    assert "no thank you" in text and " of " in text
    replies = soup.find("caption", string="Reply to follow-ups, by timing").find_parent("table")
    assert {th.get_text() for th in replies.tbody.find_all("th")} >= {"early", "on time", "late"}


def test_setup_gives_figures_a_short_toolbar_without_plotly_cloud() -> None:
    import plotly.graph_objects as go
    import plotly.io as pio

    before = pio.renderers.default
    config_before = pio.renderers["notebook"].config
    try:
        views.setup()
        config = pio.renderers["notebook"].config
        assert config["displaylogo"] is False
        assert config["modeBarButtons"] == [["toImage", "resetScale2d"]]
        bundle = pio.renderers["notebook"].to_mimebundle(go.Figure(go.Scatter(x=[1], y=[1])))
        page = bundle["text/html"]
        assert '"modeBarButtons": [["toImage", "resetScale2d"]]' in page
        assert "sendChartToCloud" not in page.split("Plotly.newPlot", 1)[1]
    finally:
        pio.renderers.default = before
        pio.renderers["notebook"].config = config_before  # no leak into later tests


def test_a_row_naming_someone_without_events_stays_out_of_a_report(tmp_path: Path) -> None:
    """Only blank candidate cells (named after the file) go to the file's one candidate."""
    path = tmp_path / "log.csv"
    path.write_text(ONE_CANDIDATE + "2026-09-05,Bob,Gamma,Analyst,turned down\n", encoding="utf-8")
    log = load_log(path, as_of=AS_OF)
    assert sorted(log.quality.loc[log.quality["rejected"], "candidate"]) == ["Bob", "log"]
    assert views.only_candidate(log, "Ann").rejects["line"].tolist() == [3]


def test_rule_texts_show_the_thresholds_in_use(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,event,contact_ok_after_days\n2026-10-01,Acme,interview,7\n"
        "2026-10-01,Acme,thank_you,\n2026-10-08,Acme,follow_up,\n2026-10-09,Acme,follow_up,\n",
        encoding="utf-8",
    )
    config = Config(final_note_gap_days=3)
    found = check(path, config=config, as_of="2026-10-30")
    shown = views.diagnostics_by_code(found, config=config).data
    assert "Leave at least 3 days (<code>final_note_gap_days</code>) after" in shown
    assert "final_note_gap_days days" not in shown


def test_the_headline_counts_errors_the_score_does_not_judge(tmp_path: Path) -> None:
    """Chasing before any interview is no interview round: a 100% score must not stand
    alone beside twelve errors."""
    from followup_stats import stats
    from followup_stats.checker import check, etiquette_score

    path = tmp_path / "pushy.csv"
    path.write_text(
        "date,company,event\n"
        "2026-09-01,Acme,applied\n2026-09-02,Acme,follow_up\n2026-09-03,Acme,follow_up\n"
        "2026-09-10,Beta,applied\n2026-09-20,Beta,interview\n2026-09-20,Beta,thank_you\n"
    )
    log = load_log(path, as_of=AS_OF)
    found = check(log)
    errors = int(found["severity"].eq("error").sum())
    assert errors >= 2
    funnel, rates, times = stats.funnel(log), stats.outcome_rates(log), stats.response_times(log)
    page = str(views.headline(log, funnel, rates, times, etiquette_score(log), found).data)
    assert "Etiquette score: **100%** (1 of 1 interview round with no etiquette error)" in page
    assert f"Errors found by the checks: **{errors}** (the score counts interview rounds" in page
    clean = views.headline(log, funnel, rates, times, etiquette_score(log), found.iloc[:0])
    assert "Errors found by the checks" not in str(clean.data)


def test_the_headline_does_not_claim_interviews_the_log_does_not_hold(tmp_path: Path) -> None:
    """An offer logged without its interview passes the funnel's interview step; the
    headline says so instead of "3 led to an interview" beside "0 of 3 ... interview"."""
    from followup_stats import stats
    from followup_stats.checker import etiquette_score

    path = tmp_path / "offers.csv"
    rows = "".join(f"2026-09-0{i},Co{i},applied\n2026-09-0{i},Co{i},offer\n" for i in (1, 2, 3))
    path.write_text(
        "date,company,event\n" + rows + "2026-09-05,Co4,applied\n2026-09-06,Co4,interview\n",
        encoding="utf-8",
    )
    log = load_log(path, as_of=AS_OF)
    funnel, rates, times = stats.funnel(log), stats.outcome_rates(log), stats.response_times(log)
    page = str(views.headline(log, funnel, rates, times, etiquette_score(log)).data)
    assert "**4** led to an interview or an offer (**1** with an interview logged)" in page
    path.write_text("date,company,event\n2026-09-05,Co4,applied\n2026-09-06,Co4,interview\n")
    log = load_log(path, as_of=AS_OF)
    funnel, rates, times = stats.funnel(log), stats.outcome_rates(log), stats.response_times(log)
    page = str(views.headline(log, funnel, rates, times, etiquette_score(log)).data)
    assert "**1** led to an interview and" in page


def test_the_title_says_the_settings_in_plain_words_and_only_this_logs_ignores(
    tmp_path: Path,
) -> None:
    """Per-file ignores may name other clients' files: a client's report shows only what
    is dropped for their own log, and no Python tuples."""
    from followup_stats.config import Config

    path = tmp_path / "ben.csv"
    path.write_text("date,company,event\n2026-10-01,Acme,applied\n", encoding="utf-8")
    config = Config(
        default_wait_days=10,
        select=("FU", "DQ"),
        ignore=("FU012",),
        per_file_ignores=(("fiona_hand.csv", ("FU012",)), ("ben.csv", ("FU011",))),
        root=str(tmp_path),
    )
    shown = str(views.title(load_log(path, config=config, as_of=AS_OF)).data)
    text = html.unescape(shown)  # escaped for Markdown, as every text from a file is
    assert "default_wait_days = 10" in text
    assert "ignore = FU012" in text
    assert "not reported for this log (per-file-ignores): FU011" in text
    assert "fiona" not in text  # another client's file
    assert "('" not in text and "select = FU, DQ" in text  # no Python tuples


def test_the_findings_say_how_many_a_noqa_acknowledged() -> None:
    """An acknowledged finding is not an absent one: the report says it was hidden."""
    from followup_stats.checker import check_counting_hidden

    sample = Path(__file__).resolve().parents[1] / "data" / "sample_log.csv"
    frame = pd.read_csv(sample, dtype=str, keep_default_na=False)
    found = check_counting_hidden(frame, as_of=AS_OF).diagnostics
    frame.loc[int(found["line"].iloc[0]) - 2, "notes"] = "noqa"  # a line with a finding
    checked = check_counting_hidden(frame, as_of=AS_OF)
    assert checked.hidden_by_noqa >= 1
    page = views.diagnostics_by_code(checked.diagnostics, hidden_by_noqa=checked.hidden_by_noqa)
    assert f"{checked.hidden_by_noqa} finding" in page.data
    assert "acknowledged with <code>noqa</code>" in page.data
    plain = views.diagnostics_by_code(checked.diagnostics)
    assert "acknowledged" not in plain.data
    nothing = views.diagnostics_by_code(checked.diagnostics.iloc[:0], hidden_by_noqa=1)
    assert "1 finding acknowledged with <code>noqa</code> in the log's notes is not" in (
        nothing.data
    )


def test_a_cohort_members_title_names_only_the_codes_dropped_for_their_own_file(
    tmp_path: Path,
) -> None:
    """maya's report must not say FU005 is dropped for her log when only zed's drops it."""
    from followup_stats.config import Config

    for name in ("maya", "zed"):
        (tmp_path / f"{name}.csv").write_text(
            "date,company,event\n2026-09-01,Acme,applied\n2026-09-02,Acme,follow_up\n",
            encoding="utf-8",
        )
    config = Config(per_file_ignores=(("zed.csv", ("FU005",)),), root=str(tmp_path))
    logs = [tmp_path / "maya.csv", tmp_path / "zed.csv"]
    loaded = load_log(logs, config=config, as_of=AS_OF)

    def settings(log: LoadedLog, cohort: bool = False) -> str:
        return html.unescape(str(views.title(log, cohort=cohort).data))

    assert "per-file-ignores" not in settings(views.only_candidate(loaded, "maya"))
    assert "not reported for this log (per-file-ignores): FU005" in settings(
        views.only_candidate(loaded, "zed")
    )
    assert "not reported for some of these logs (per-file-ignores): FU005" in settings(
        loaded, cohort=True
    )


def test_bidirectional_controls_from_a_log_cannot_reorder_a_report() -> None:
    """A U+202E in one cell reversed the text after it ("Acme\u202e Corp · Data Analyst"
    displayed as "AcmetsylanA ataD · proC"); controls show as U+FFFD, RTL letters stay."""
    from followup_stats.plots import plot_text

    company = "Acme\u202e Corp\u2066 \x1b[31m"
    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    assert plot_text(company + hebrew) == "Acme\ufffd Corp\ufffd \ufffd[31m" + hebrew
    assert views.md_escape(company) == "Acme&#65533; Corp&#65533; &#65533;&#91;31m"
    table = str(views.table_html(pd.DataFrame({"Company\u202e": [company, hebrew]})).data)
    assert not any(c in table for c in "\u202e\u2066\x1b")
    assert "Acme\ufffd Corp" in table and hebrew in table and "Company\ufffd" in table


def test_the_headline_says_which_answered_applications_have_no_wait_to_measure(
    tmp_path: Path,
) -> None:
    """ "2 got an answer" beside "0 of 1 application got a first answer": one opened with the
    employer's answer (a recruiter wrote first), which no wait can time."""
    from followup_stats import stats
    from followup_stats.checker import etiquette_score

    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,event\n2026-09-01,Acme,applied\n2026-09-03,Acme,response\n"
        "2026-09-05,Beta,response\n",
        encoding="utf-8",
    )

    def headline() -> str:
        log = load_log(path, as_of=AS_OF)
        tables = (stats.funnel(log), stats.outcome_rates(log), stats.response_times(log))
        return str(views.headline(log, *tables, etiquette_score(log)).data)

    assert "**2** got an answer" in headline()
    assert (
        "(1 application began with the employer writing first, a recruiter for instance: it "
        "counts as having got an answer, but has no wait for a first answer to measure.)"
    ) in headline()
    path.write_text(
        "date,company,event\n2026-09-05,Acme,response\n2026-09-05,Beta,response\n",
        encoding="utf-8",
    )
    assert (
        "(2 applications began with the employer writing first, a recruiter for instance: "
        "they count as having got an answer, but have no wait for a first answer to measure.)"
    ) in headline()
    path.write_text("date,company,event\n2026-09-01,Acme,applied\n2026-09-03,Acme,response\n")
    assert "began with the employer writing first" not in headline()


def test_the_findings_table_lists_every_candidate_those_without_findings_too(
    tmp_path: Path,
) -> None:
    """The coach review's table of errors and warnings per candidate and rule showed six of
    the sample cohort's eight clients: a client with no finding was left out, as if their
    log had not been checked."""
    from bs4 import BeautifulSoup

    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,candidate,company,event\n"
        "2026-09-01,Pat,Acme,applied\n2026-09-03,Pat,Acme,follow_up\n"  # FU005: too early
        "2026-09-01,Sam,Beta,applied\n2026-09-20,Sam,Beta,follow_up\n",
        encoding="utf-8",
    )
    log = load_log(path, as_of=AS_OF)
    diagnostics = check(log)
    assert set(diagnostics["candidate"]) == {"Pat"}
    page = views.diagnostics_matrix(diagnostics, candidates=views.candidates_of(log)).data
    soup: Any = BeautifulSoup(str(page), "html.parser")
    rows = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in soup.tbody("tr")]
    assert rows == [["Pat", "1"], ["Sam", "0"]]


def test_the_funnel_names_its_steps_as_the_rates_are_named() -> None:
    """The funnel's figure and table called the step "Answered", the headline "44
    answered", where the rates say "Got an answer": two names for one thing. So were
    "Interviewed" and "Offer" beside the rates "Led to an interview" and "Ended in an
    offer" (the headline said "7 reached an interview; 2 ended in an offer" of the
    funnel's counts): a step and its rate count one outcome, among every application
    and among those the rate can judge, which the candidate report says."""
    from bs4 import BeautifulSoup

    from followup_stats import etiquette_score, plots, stats

    log = load_log("data/sample_log.csv", as_of="2026-10-30")
    funnel = stats.funnel(log)
    names = [plots.METRIC_TITLES[m] for m in ("response", "interview", "offer")]
    assert names == ["Got an answer", "Led to an interview", "Ended in an offer"]
    figure = plots.funnel_figure(funnel)
    assert list(figure.data[0].y) == ["Applied", *names, "Accepted"]
    assert (
        "70 applied, 44 got an answer, 7 led to an interview, 2 ended in an offer, 0 accepted"
    ) in figure.layout.meta["description"]
    soup = BeautifulSoup(str(views.funnel_table(funnel).data), "html.parser")
    assert [th.get_text() for th in soup.select("tbody th")] == list(figure.data[0].y)
    rates = stats.outcome_rates(log)
    soup = BeautifulSoup(str(views.rates_table(rates).data), "html.parser")
    assert names == [th.get_text() for th in soup.select("tbody th")][:3]
    headline = str(
        views.headline(log, funnel, rates, stats.response_times(log), etiquette_score(log)).data
    )
    assert (
        "**44** got an answer, **7** led to an interview and **2** ended in an offer." in headline
    )
    assert "answered" not in headline.lower() and "reached an interview" not in headline
    # Scripts still read the keys.
    assert funnel["step"].tolist() == ["applied", "answered", "interviewed", "offer", "accepted"]


def test_both_reports_name_each_rate_the_same_way() -> None:
    """The coach review's rates figure said "Response" and "Ghosted after interview", the
    candidate report's rates table "Got an answer" and "Silent after an interview", the
    coach's side-by-side table "Answered": a coach comparing the two reports saw three
    names for one rate. The JSON and CSV keep the metric keys."""
    from bs4 import BeautifulSoup

    from followup_stats import check, etiquette_score, plots
    from followup_stats.stats import outcome_rates, response_times

    # The candidate report: the rates table, one row per metric.
    rates = outcome_rates("data/sample_log.csv", as_of="2026-10-30")
    soup = BeautifulSoup(str(views.rates_table(rates).data), "html.parser")
    table_names = [th.get_text() for th in soup.select("tbody th")]
    assert len(table_names) == rates["metric"].nunique() == 7
    # The coach review: the rates figure and the side-by-side table.
    cohort = load_log("data/sample_cohort.csv", as_of="2026-10-30")
    by_candidate = outcome_rates(cohort, by="candidate")
    figure = plots.rates_figure(by_candidate)
    figure_names = list(dict.fromkeys(y for trace in figure.data for y in trace.y))
    assert figure_names == table_names
    overview = views.cohort_overview(
        etiquette_score(cohort),
        by_candidate,
        response_times(cohort, by="candidate"),
        check(cohort),
    )
    page = BeautifulSoup(str(views.cohort_table(overview).data), "html.parser")
    headers = [th.get_text() for th in page.select("thead th")]
    shown = dict(zip(rates["metric"], table_names, strict=False))
    assert [shown[m] for m in ("response", "interview", "offer")] == [
        h for h in headers if h in table_names
    ]
    assert not {"Answered", "Interview", "Offer"} & set(headers)
    # one title for the rates, over the figure and over the table
    caption = soup.find("caption")
    assert caption is not None and figure.layout.title.text == caption.get_text()
    # Scripts still read the keys.
    assert set(by_candidate["metric"]) == set(plots.METRIC_TITLES)


def test_the_reasons_for_attention_speak_of_the_candidate_in_clauses(tmp_path: Path) -> None:
    """The coach's reasons quoted the job seeker's own lines ("no reply to your follow-up
    ...; one final note asking whether you are still being considered ..."). In the coach's
    voice they speak of the candidate, and still split into their clauses."""
    from followup_stats.actions import next_actions

    path = tmp_path / "log.csv"
    path.write_text(
        "date,candidate,company,role,event,asked_permission\n"
        "2026-10-20,Ann,Acme,Analyst,interview,no\n"
        "2026-10-20,Ann,Acme,Analyst,thank_you,\n"
        "2026-10-22,Bo,Beta,Clerk,applied,\n"
        "2026-10-28,Bo,Beta,Clerk,follow_up,\n",
        encoding="utf-8",
    )
    log = load_log(path, as_of=AS_OF.date())
    attention = views.needs_attention(
        check(log, voice="coach"), next_actions(log, voice="coach"), AS_OF
    )
    assert views._detail_clauses(attention).tolist() == [
        (
            "no reply since the interview on 20 Oct 2026",
            "with no contact timeframe agreed at the interview and none given in a reply, the "
            "usual wait is 7 days, so a polite follow-up is allowed from 27 Oct 2026",
            "the candidate did not ask at the interview whether they may get in touch, so the "
            "follow-up should be brief and say why they are writing (FU006, a warning)",
        ),
        (
            "follow-up on 28 Oct 2026, 6 days after the application opened on 22 Oct 2026",
            "with no timeframe given in a reply, the usual wait is 7 days, so the earliest "
            "polite date was 29 Oct 2026",
        ),
        (
            "no reply to the follow-up on 28 Oct 2026",
            "one final note asking whether the candidate is still being considered is allowed "
            "from 30 Oct 2026",
        ),
    ]


def test_the_side_by_side_table_says_no_for_a_candidate_who_needs_no_attention() -> None:
    """Mei Chen needs no attention in the sample cohort: her cell was blank, which reads as
    a value missing, beside "yes" for the others."""
    from followup_stats import etiquette_score
    from followup_stats.actions import next_actions
    from followup_stats.stats import outcome_rates, response_times

    root = Path(__file__).resolve().parents[1]
    cohort = load_log(root / "data" / "sample_cohort.csv", as_of="2026-10-30")
    findings = check(cohort, voice="coach")
    attention = views.needs_attention(findings, next_actions(cohort, voice="coach"), AS_OF)
    overview = views.cohort_overview(
        etiquette_score(cohort, diagnostics=findings),
        outcome_rates(cohort, by="candidate"),
        response_times(cohort, by="candidate"),
        findings,
        attention,
    )
    soup: Any = BeautifulSoup(str(views.cohort_table(overview).data), "html.parser")
    headers = [th.get_text() for th in soup.thead.find_all("th")]
    column = headers.index("Needs attention")
    cells = {
        row.th.get_text(): row.find_all(["th", "td"])[column].get_text()
        for row in soup.tbody.find_all("tr")
    }
    assert cells["Mei Chen"] == "no"
    assert set(cells.values()) == {"yes", "no"}


def test_the_funnel_says_why_applied_counts_more_than_the_applied_rows(tmp_path: Path) -> None:
    """The funnel said "Applied 70" and the timeline's text "64 applied": 6 applications of
    the sample start with an employer's message. The funnel counts every application
    (DESIGN.md section 4) and says so under its table."""
    from followup_stats.stats import funnel

    root = Path(__file__).resolve().parents[1]
    log = load_log(root / "data" / "sample_log.csv", as_of="2026-10-30")
    text = BeautifulSoup(str(views.funnel_table(funnel(log), log).data), "html.parser").get_text()
    assert (
        "Applied counts every application in the log, 70: 64 with an applied row; 6 start "
        "with another event, such as an employer's message (the timeline shows the applied "
        "rows)." in text
    )
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")  # every application has its applied row
    assert views.applied_rows_text(load_log(path, as_of="2026-10-30")) is None


def test_a_tracker_row_loaded_in_part_is_said_as_its_events_not_loaded(tmp_path: Path) -> None:
    """The note said "1 row of the log was not loaded" of a row whose applied date was."""
    path = tmp_path / "jobs.csv"
    path.write_text(
        "Company,Position,Date Applied,Interview Date,Status\n"
        "Hooli,Analyst,2026-09-01,Sept 5,Interviewing\n",
        encoding="utf-8",
    )
    note = str(views.not_loaded_note(load_log(path, as_of=AS_OF)).data)
    assert note.startswith(
        "**Rows not loaded.** 1 event of 1 row of the log was not loaded, so this report "
        "does not count it; `followup-stats check` says which and why. The figures below are "
        "worked out without it: an answer, an interview or a decision written in it is missing"
    )


def test_a_rate_sentence_counts_the_applications_withdrawn_early_that_it_leaves_out() -> None:
    """Mei Chen's report said "22 of 25 ... got an answer; 3 more are too recent" (28, all
    her applications) but "6 of 24 ... led to an interview; 3 more are too recent" (27):
    one application, answered and then withdrawn within 30 days before any interview, is
    left out of the interview rate by design (the employer never had the time to act),
    and the sentence did not say so."""
    from followup_stats import etiquette_score, stats

    log = views.load_candidate("data/sample_cohort.csv", as_of="2026-10-30", candidate="Mei Chen")
    funnel, rates, times = stats.funnel(log), stats.outcome_rates(log), stats.response_times(log)
    page = html.unescape(str(views.headline(log, funnel, rates, times, etiquette_score(log)).data))
    assert "**28 applications** logged" in page
    assert "22 of 25 applications old enough to judge" in page
    assert "3 more are too recent to judge (under 30 days old)." in page  # 25 + 3 = 28
    assert (
        "led to an interview; 3 more are too recent to judge (under 30 days old); 1 withdrawn "
        "within 30 days, before the employer had the time to answer, is not judged."
    ) in page
    assert "6 of 24 applications old enough to judge" in page  # 24 + 3 + 1 = 28
