"""Words a person reads: counts in the singular and plural, no identifiers, plain dates.

Each test pins one wording the copy review found wrong ("1 days", "2 event(s)",
``follow_up`` in a sentence, "05 Nov 2026", "-79%-66%").
"""

from __future__ import annotations

import html
import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from followup_stats import output, stats
from followup_stats import report_views as views
from followup_stats.checker import etiquette_score
from followup_stats.load import LoadedLog, load_log

AS_OF = pd.Timestamp("2026-10-30")

#: One application, answered, interviewed and offered, 29 days old on the as-of date.
ONE = """date,company,role,event,channel
2026-10-01,Acme,Analyst,applied,portal
2026-10-02,Acme,Analyst,response,email
2026-10-05,Acme,Analyst,interview,video
2026-10-06,Acme,Analyst,thank_you,email
2026-10-20,Acme,Analyst,offer,email
"""


def _log(tmp_path: Path, text: str, name: str = "log.csv") -> LoadedLog:
    path = tmp_path / name
    path.write_text(text)
    return load_log(path, as_of=AS_OF)


def _headline(log: LoadedLog) -> str:
    """The headline's Markdown as it reads (its escapes undone)."""
    funnel, rates = stats.funnel(log), stats.outcome_rates(log)
    page = views.headline(log, funnel, rates, stats.response_times(log), etiquette_score(log))
    return html.unescape(str(page.data))


# -- the shared plural helper ------------------------------------------------------------------


def test_one_plural_helper_words_every_count() -> None:
    from followup_stats.plural import counted, counted_phrase, plural

    assert counted(1, "row") == "1 row" and counted(0, "row") == "0 rows"
    assert counted(2, "entry", "entries") == "2 entries"
    assert plural(1.0, "day") == "day" and plural(1.5, "day") == "days"
    assert counted_phrase("interview rounds", 1) == "interview round"
    assert counted_phrase("closed or long-silent applications", 1) == (
        "closed or long-silent application"
    )


# -- B: "(s)" and "1 days" ---------------------------------------------------------------------


def test_report_all_summary_counts_reports_in_words() -> None:
    from followup_stats.report import summary_text

    table = pd.DataFrame(
        {"candidate": ["Ann"], "status": ["ok"], "path": ["a.html"], "error": [""]}
    )
    assert summary_text(table) == "1 report written, 0 failed\n"


def test_nul_bytes_removed_are_counted_per_line() -> None:
    from followup_stats.read import read_text_table

    table = read_text_table(
        "date,company,event\n2026-10-01,Ac\x00\x00me,applied\n2026-10-02,B\x00,applied\n",
        "x.csv",
    )
    assert (2, "2 NUL bytes removed") in table.repairs
    assert (3, "1 NUL byte removed") in table.repairs


def test_a_stray_quote_closing_one_line_later_says_line() -> None:
    from followup_stats.read import mend_stray_quotes

    _, found = mend_stray_quotes('a,b\n1,"x\n2,y"z\n', ",")
    assert found and "closes 1 line later" in found[0][1]


def test_one_cell_beyond_the_header_is_one_cell(tmp_path: Path) -> None:
    log = _log(tmp_path, "date,company,event\n2026-10-01,Acme,applied,extra\n")
    messages = log.quality["message"].astype(str).tolist()
    assert (
        "1 cell beyond the last header column; it is ignored (a cell holding a comma must be "
        'in double quotes, as in "Acme, Inc.": unquoted, it is split in two and the cells '
        "after it move one column on)"
    ) in messages


def test_the_headline_says_one_application_one_day_one_round(tmp_path: Path) -> None:
    text = _headline(_log(tmp_path, ONE))
    assert "**1 application** logged" in text
    assert "Median wait for a first answer: **1 day**." in text
    assert "(1 of 1 interview round with no etiquette error)" in text


def test_a_rule_seen_once_says_once(tmp_path: Path) -> None:
    log = _log(tmp_path, ONE.replace("2026-10-06,Acme,Analyst,thank_you,email\n", ""))
    page = str(views.diagnostics_by_code(check_of(log)).data)
    assert "(error, once)" in page and "1 time" not in page


def check_of(log: LoadedLog) -> pd.DataFrame:
    from followup_stats.checker import check

    return check(log)


def test_the_timeline_and_funnel_count_events_in_words(tmp_path: Path) -> None:
    from followup_stats import plots

    log = _log(
        tmp_path,
        ONE + "2026-09-01,Beta,Analyst,applied,portal\n"
        "2026-09-03,Beta,Analyst,interview,video\n"
        "2026-09-04,Beta,Analyst,offer,email\n",
    )
    timeline = str(plots.timeline_figure(log.events).layout.meta["description"])
    assert "2 interviews" in timeline and "1 thank-you," in timeline
    assert "2 offers" in timeline and "1 employer response" in timeline
    funnel = str(plots.funnel_figure(stats.funnel(log)).layout.meta["description"])
    # In the rates' words, as the funnel's steps are named.
    assert "2 led to an interview, 2 ended in an offer," in funnel and "offers" not in funnel


def test_stats_text_counts_one_empty_row(tmp_path: Path) -> None:
    from followup_stats.stats import patience

    log = _log(tmp_path, ONE)
    table = patience(log)
    text = output.stats_text(
        {"patience": table.iloc[:1].assign(n=pd.array([0], dtype="Int64"))}  # one empty row
    )
    assert "the 1 empty row (" in text and "1 empty rows" not in text


# -- A3, A8: the rates' sentences ------------------------------------------------------------


def test_nothing_old_enough_to_judge_says_why(tmp_path: Path) -> None:
    text = _headline(_log(tmp_path, ONE))
    assert (
        "No application is old enough to judge yet (rates count applications at least "
        "30 days old); 1 is too recent." in text
    )
    assert text.count("No application is old enough") == 1  # said once, not once per rate
    assert "No applications to judge yet" not in text


def test_offers_are_counted_among_closed_or_long_silent_applications() -> None:
    from followup_stats.stats.summary import rate_sentence

    row: dict[Hashable, Any] = {"group": "all", "metric": "offer", "k": 0, "n": 2, "pending": 0}
    row |= {"rate": 0.0, "ci_low": 0.0, "ci_high": 0.66}
    sentence = rate_sentence(row)
    assert sentence.startswith("0 of 2 closed or long-silent applications (0%,")
    assert "ended applications" not in sentence
    none = rate_sentence(row | {"n": 0, "pending": 1})
    assert none == "No closed or long-silent applications to judge yet; 1 is still open."


@pytest.mark.parametrize("days", [14, 45])
def test_the_maturity_window_is_the_configured_one(days: int) -> None:
    from followup_stats.stats.summary import rate_sentence

    row: dict[Hashable, Any] = {"group": "all", "metric": "response", "k": 0, "n": 0}
    row["pending"] = 2
    row |= {"rate": float("nan"), "ci_low": float("nan"), "ci_high": float("nan")}
    assert f"at least {days} days old); 2 are too recent." in rate_sentence(row, days)


# -- A4: import says what it did not import, not that a column is missing --------------------


#: A thank-you column holding only yes/no, and no thank-you column at all.
@pytest.mark.parametrize("thank_you", [",Thank You Sent", ""])
def test_import_says_no_thank_you_dates_were_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], thank_you: str
) -> None:
    from followup_stats import cli

    tracker = tmp_path / "tracker.csv"
    cells = ",Yes" if thank_you else ""
    tracker.write_text(
        f"Company,Position,Date Applied,Interview Date{thank_you},Status\n"
        f"Acme,Analyst,2026-09-05,2026-09-10{cells},Interviewing\n",
        encoding="utf-8",
    )
    assert cli.main(["import", str(tracker), "--out", str(tmp_path / "log.csv")]) == 0
    err = capsys.readouterr().err
    assert "no thank-you dates were imported, so FU001/FU002 cannot be judged" in err
    assert "no thank-you column" not in err


def test_import_says_nothing_of_thank_yous_it_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_stats import cli

    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Interview Date,Thank You Sent,Status\n"
        "Acme,Analyst,2026-09-05,2026-09-10,2026-09-10,Interviewing\n",
        encoding="utf-8",
    )
    assert cli.main(["import", str(tracker), "--out", str(tmp_path / "log.csv")]) == 0
    assert "thank-you" not in capsys.readouterr().err


# -- A5: rows joined into another row are rows not loaded ------------------------------------

#: Line 3's notes cell opens a quote that closes on line 5: lines 4 and 5 are inside it.
JOINED = """date,company,role,event,notes
2026-10-01,Hooli,A,applied,
2026-10-02,Globex,B,applied,"oops
2026-10-03,Globex,B,interview,
2026-10-04,Globex,B,thank_you,"
2026-10-05,Initech,C,applied,
"""


def test_rows_joined_into_another_are_counted_as_not_loaded(tmp_path: Path) -> None:
    log = _log(tmp_path, JOINED)
    assert len(log.rejects) == 0 and log.rows_joined == 2 and log.rows_not_loaded == 2
    note = str(views.not_loaded_note(log).data)
    assert note.startswith("**Rows not loaded.** 2 rows of the log were not loaded")


@pytest.mark.parametrize("command", ["check", "stats", "todo"])
def test_check_stats_and_todo_count_joined_rows_as_not_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from followup_stats import cli

    path = tmp_path / "joined.csv"
    path.write_text(JOINED)
    cli.main([command, str(path), "--as-of", "2026-10-30"])
    out, err = capsys.readouterr()
    if command == "check":
        assert "Found 1 problem (0 errors, 1 warning, 0 info) in 1 file; 2 rows not loaded." in out
    else:
        assert "2 rows of the log were not loaded" in err


def test_every_engine_counts_joined_rows(tmp_path: Path) -> None:
    from followup_stats.config import Config
    from followup_stats.engines import get_engine, partitioned

    path = tmp_path / "joined.csv"
    path.write_text(JOINED)
    pandas_engine = get_engine("pandas")
    assert pandas_engine.check_log([path], Config(), AS_OF).rows_not_loaded == 2
    assert pandas_engine.stats_log([path], Config(), AS_OF).rows_not_loaded == 2
    # The parallel engines load each part (of whole candidates) as the pandas engine does.
    logs = partitioned.read_logs([path], None)
    plan = partitioned.Plan(Config(), AS_OF)
    for task in ("check", "stats"):
        results = [
            partitioned.work(part, plan, task, None)
            for part in partitioned.split_by_candidate(logs, 2)
        ]
        assert sum(r["rows_not_loaded"] for r in results) == 2


def test_a_pseudonymised_copy_still_counts_the_joined_rows(tmp_path: Path) -> None:
    from followup_stats.anonymize import pseudonymize_logs, with_carried_findings

    path = tmp_path / "joined.csv"
    path.write_text(JOINED)
    out = tmp_path / "copy"
    out.mkdir()
    copies = pseudonymize_logs([path], out)
    copy = with_carried_findings(load_log(list(copies.paths), as_of=AS_OF))
    assert copy.rows_not_loaded == 2


# -- A9: the coach review's columns say what they count -------------------------------------


def test_the_cohort_table_headers_say_what_score_and_errors_count(tmp_path: Path) -> None:
    from followup_stats.checker import check

    log = _log(tmp_path, ONE.replace("2026-10-06,Acme,Analyst,thank_you,email\n", ""))
    found = check(log)
    overview = views.cohort_overview(
        etiquette_score(log, diagnostics=found),
        stats.outcome_rates(log, by="candidate"),
        stats.response_times(log, by="candidate"),
        found,
    )
    page = str(views.cohort_table(overview).data)
    assert "Etiquette score (interview rounds with no error)" in page
    assert "Errors (all rounds)" in page


# -- C: words, not identifiers --------------------------------------------------------------


def test_todo_text_names_actions_in_words_and_json_keeps_identifiers(tmp_path: Path) -> None:
    from followup_stats.actions import next_actions

    log = _log(
        tmp_path,
        "date,company,role,event\n"
        "2026-10-01,Acme,A,applied\n"
        "2026-10-27,Beta,B,applied\n"
        "2026-10-10,Gamma,C,applied\n"
        "2026-10-20,Gamma,C,follow_up\n",
    )
    actions = next_actions(log)
    text = output.actions_text(actions, AS_OF)
    assert "  Follow up  " in text and "Wait (then follow up)" in text
    assert "Send a final note" in text
    for name in ("follow_up", "final_note", "wait then"):
        assert name not in text
    assert {"follow_up", "wait", "final_note"} <= set(actions["action"])
    assert '"action": "follow_up"' in output.actions_json(actions)


def _identifiers(text: str) -> list[str]:
    """Arm and comparison names of the patience table found in ``text``."""
    return re.findall(r"\b(?:no_)?thank_you\b|\w+_activity\b|on_time|_by_|_vs_", text)


def test_patience_notes_name_arms_in_words_and_the_reply_window_in_days(tmp_path: Path) -> None:
    from followup_stats.config import Config
    from followup_stats.stats import patience

    path = Path(__file__).parent.parent / "data" / "sample_log.csv"
    notes = patience(load_log(path, as_of=AS_OF))["note"].astype(str)
    assert not _identifiers(" ".join(notes))
    assert "ghost_after_days" not in " ".join(notes)
    assert notes.str.contains("minus share of rounds without a thank-you in time").any()
    assert notes.str.contains("only 1 round without a thank-you in time: too few").any()
    assert notes.str.contains("got a reply before the next follow-up and within 30 days").any()
    later = patience(load_log(path, config=Config(ghost_after_days=45), as_of=AS_OF))
    assert later["note"].astype(str).str.contains("within 45 days").any()


def test_the_parallel_engines_name_the_reply_window_too(tmp_path: Path) -> None:
    from followup_stats.config import Config
    from followup_stats.engines import partitioned

    path = Path(__file__).parent.parent / "data" / "sample_log.csv"
    logs = partitioned.read_logs([path], None)
    plan = partitioned.Plan(Config(ghost_after_days=45), AS_OF)
    parts = partitioned.split_by_candidate(logs, 2)
    results = [partitioned.work(part, plan, "stats", None) for part in parts]
    notes = partitioned.pooled_stats(results, None)["patience"]["note"].astype(str)
    assert notes.str.contains("within 45 days").any()


def test_patience_hover_text_is_in_words(tmp_path: Path) -> None:
    from followup_stats import plots
    from followup_stats.stats import patience

    path = Path(__file__).parent.parent / "data" / "sample_log.csv"
    figure = plots.patience_figure(patience(load_log(path, as_of=AS_OF)))
    hovers = [str(h) for trace in figure.data if trace.hovertext for h in trace.hovertext]
    assert hovers and not _identifiers(" ".join(hovers))
    assert "n/a to n/a" not in " ".join(hovers)
    assert any("Progressed (next interview or offer), polite minus none:" in h for h in hovers)


@pytest.mark.parametrize("command", ["check", "stats", "todo", "report", "import"])
def test_a_missing_log_is_no_such_file_or_folder_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from followup_stats import cli

    missing = tmp_path / "nope.csv"
    more = ["--out", str(tmp_path / "out")] if command == "report" else []
    assert cli.main([command, str(missing), *more]) == 2
    assert capsys.readouterr().err.strip().endswith(f"{missing}: no such file or folder")


@pytest.mark.parametrize(
    ("start", "said"),
    [
        ("2026-13-01", "--start 2026-13-01: not a date in the form YYYY-MM-DD (month must be"),
        ("soon", "--start soon: not a date in the form YYYY-MM-DD"),
    ],
)
def test_simulate_says_a_bad_start_as_any_usage_error(
    capsys: pytest.CaptureFixture[str], start: str, said: str
) -> None:
    from followup_stats import cli

    assert cli.main(["simulate", "--start", start]) == 2
    assert capsys.readouterr().err.startswith(f"followup-stats: error: {said}")


def test_simulate_says_what_it_planted_in_plain_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_stats import cli

    out = tmp_path / "sim.csv"
    args = ["simulate", "--candidates", "1", "--applications", "3", "--out", str(out)]
    assert cli.main(args) == 0
    err = capsys.readouterr().err
    assert "rule breaches planted on purpose" in err or "rule breach planted on purpose" in err
    assert "planted breaches" not in err


def test_import_names_problems_and_cells_to_correct_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_stats import cli

    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Company,Position,Date Applied,Interview Date,Thank You Sent,Status\n"
        "Acme,Analyst,Sept 5,2026-09-10,Yes,Interviewing\n"
        "Beta,Dev,2026-09-31,,,Applied\n",
        encoding="utf-8",
    )
    assert cli.main(["import", str(tracker), "--out", str(tmp_path / "log.csv")]) == 0
    err = capsys.readouterr().err
    assert "  problem: 'Thank You Sent': 1 cell says yes/no" in err
    assert (
        "  2 cells to correct: imported as written, but `followup-stats check` rejects their "
        "rows or ignores their values until you correct them"
    ) in err
    assert "could not:" not in err and "the loader" not in err


# -- D: days without a leading zero, intervals as "X% to Y%" ---------------------------------


def test_report_and_figure_days_have_no_leading_zero(tmp_path: Path) -> None:
    from followup_stats import plots

    path = tmp_path / "log.csv"
    path.write_text("date,company,event\n2026-08-01,Acme,applied\n2026-08-02,Beta,applied\n")
    log = load_log(path, as_of="2026-11-05")
    assert "As of **5 Nov 2026**" in str(views.title(log).data)
    nobody = str(views.attention_summary(pd.DataFrame(), pd.Timestamp("2026-11-05")).data)
    assert "up to 5 Nov 2026" in nobody
    timeline = str(plots.timeline_figure(log.events).layout.meta["description"])
    assert "from 1 Aug 2026 to 2 Aug 2026" in timeline
    activity = plots.activity_figure(log.events)
    described = str(activity.layout.meta["description"])
    assert "week of 27 Jul 2026" in described
    assert not re.search(r"\b0\d [A-Z][a-z]{2} \d{4}", described)
    assert all(not str(tick).startswith("0") for tick in activity.layout.xaxis.ticktext)


def test_intervals_read_as_ranges_in_stats_text_and_sentences() -> None:
    from followup_stats.stats.summary import rate_sentence

    row: dict[Hashable, Any] = {"group": "all", "metric": "response", "k": 34, "n": 53}
    row |= {"pending": 17, "rate": 0.64, "ci_low": 0.51, "ci_high": 0.76}
    assert "(64%, 95% CI 51% to 76%)" in rate_sentence(row)
    patience_row: dict[str, Any] = {"group": "all", "comparison": "progressed_by_behaviour"}
    patience_row |= {"arm": "pushy_vs_polite", "k": pd.NA, "n": pd.NA, "rate": 0.0}
    patience_row |= {"ci_low": -0.79, "ci_high": 0.66, "p_value": 1.0, "note": ""}
    empty = pd.DataFrame()
    text = output.stats_text(
        {"rates": empty, "times": empty, "funnel": empty, "patience": pd.DataFrame([patience_row])}
    )
    assert "-79% to 66%" in text and "-79%-66%" not in text


def test_one_missing_column_or_unknown_name_is_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_stats import cli

    export = tmp_path / "Job Applications.csv"
    export.write_text('Application Date,Company Name\n"10/1/26, 4:40 PM",Hooli\n')
    both = tmp_path / "other.csv"
    both.write_text("Company Name,Job Title\nHooli,Analyst\n")
    assert cli.main(["import", str(both), "--from", "linkedin"]) == 2
    assert "missing column 'Application Date' (columns:" in capsys.readouterr().err
    mapping = tmp_path / "map.toml"
    mapping.write_text("colour = 'blue'\nshade = 'dark'\n")
    assert cli.main(["import", str(export), "--map", str(mapping)]) == 2
    assert "unknown keys colour, shade; known:" in capsys.readouterr().err
