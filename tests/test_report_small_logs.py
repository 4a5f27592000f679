"""Reports of small logs read sensibly: no "0 of 0" rows, no sentence in the wrong number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from followup_stats import report_views as views
from followup_stats.load import load_log
from followup_stats.stats import outcome_rates
from followup_stats.stats.patience import patience

AS_OF = "2026-10-30"
HEADER = "date,candidate,application_id,company,role,event,asked_permission,contact_ok_after_days\n"
#: Three applications of last week, no answer yet: nothing is old enough to judge.
NEW_LOG = (
    HEADER + "2026-10-20,Jo Park,JP-1,Acme,Analyst,applied,,\n"
    "2026-10-22,Jo Park,JP-2,Beta,Analyst,applied,,\n"
    "2026-10-25,Jo Park,JP-3,Gamma,Analyst,applied,,\n"
)
#: Every application answered; one interview round, thanked, with no follow-up, then an offer.
ANSWERED_LOG = (
    HEADER + "2026-08-01,Kim Lee,KL-1,Acme,Analyst,applied,,\n"
    "2026-08-03,Kim Lee,KL-2,Beta,Analyst,applied,,\n"
    "2026-08-05,Kim Lee,KL-3,Gamma,Analyst,applied,,\n"
    "2026-08-06,Kim Lee,KL-1,Acme,Analyst,rejection,,\n"
    "2026-08-10,Kim Lee,KL-2,Beta,Analyst,response,,\n"
    "2026-08-12,Kim Lee,KL-3,Gamma,Analyst,rejection,,\n"
    "2026-08-15,Kim Lee,KL-2,Beta,Analyst,interview,yes,5\n"
    "2026-08-15,Kim Lee,KL-2,Beta,Analyst,thank_you,,\n"
    "2026-08-25,Kim Lee,KL-2,Beta,Analyst,offer,,\n"
)


def _log(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return load_log(path, as_of=AS_OF)


def _text(html: object) -> str:
    return BeautifulSoup(str(html), "html.parser").get_text(" ", strip=True)


def test_a_new_log_has_no_patience_table_of_empty_rows(tmp_path: Path) -> None:
    """Three applications and nothing to compare: the figure said "Nothing to plot yet",
    then 90 rows of "0 of 0" and dashes followed it."""
    shown = views.patience_table(patience(_log(tmp_path, NEW_LOG)))
    text = _text(shown.data)
    assert "0 of 0" not in text
    assert "<table" not in str(shown.data)
    assert text == views.PATIENCE_EMPTY
    assert "first allowed follow-up day" in text


def test_an_arm_without_rounds_is_named_under_its_table_not_shown_as_0_of_0(
    tmp_path: Path,
) -> None:
    log = _log(tmp_path, ANSWERED_LOG)
    soup: Any = BeautifulSoup(str(views.patience_table(patience(log)).data), "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "0 of 0" not in text
    behaviour = soup.find("caption", string="Outcome by follow-up behaviour").find_parent("table")
    assert {th.get_text() for th in behaviour.tbody.find_all("td")} >= {"1 of 1"}
    arms = {row.find_all(["th", "td"])[1].get_text() for row in behaviour.tbody.find_all("tr")}
    assert arms == {"none"}  # neither "polite" nor "pushy", nor their differences
    assert 'No rounds in the arms "polite" and "pushy": they are left out' in text
    # No follow-up at all: the replies' blocks say so in a line each.
    assert "Reply to follow-ups, by timing : nothing to compare yet (no follow-ups)." in text


def test_the_sample_report_keeps_every_drawn_row_and_drops_only_the_empty_ones() -> None:
    from followup_stats import plots

    table = patience(load_log("data/sample_log.csv", as_of=AS_OF))
    soup: Any = BeautifulSoup(str(views.patience_table(table).data), "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "0 of 0" not in text
    assert 'No rounds in the arm "no activity": it is left out, with its differences.' in text
    assert 'No follow-ups in the arm "3rd+": it is left out, with its differences.' in text
    rows = sum(len(body.find_all("tr")) for body in soup.find_all("tbody"))
    shown = table[~views._empty_patience_rows(table)]
    assert rows == len(shown) == len(table) - 14  # the 14 rows `stats` leaves out too
    figure = plots.patience_figure(table)
    drawn = sum(len(trace.x) for trace in figure.data if trace.showlegend is False)
    assert rows >= drawn


def test_a_rate_with_nothing_to_judge_shows_a_dash_not_0_of_0(tmp_path: Path) -> None:
    rates = outcome_rates(_log(tmp_path, NEW_LOG))
    assert rates["n"].eq(0).all()
    soup: Any = BeautifulSoup(str(views.rates_table(rates).data), "html.parser")
    assert "0 of 0" not in soup.get_text(" ")
    for row in soup.tbody.find_all("tr"):
        cells = [cell.get_text() for cell in row.find_all(["th", "td"])]
        assert cells[1:3] == [views.MISSING, views.MISSING], cells
    judged = views.rates_table(outcome_rates(_log(tmp_path, ANSWERED_LOG)))
    assert "3 of 3" in _text(judged.data) and "0 of 3" in _text(judged.data)


def test_one_round_is_spoken_of_in_the_singular(tmp_path: Path) -> None:
    text = str(views.patience_summary(patience(_log(tmp_path, ANSWERED_LOG))).data)
    assert text.startswith("Of the one interview round still waiting on its first allowed")


def _rendered_pages(folder: Path) -> dict[str, str]:
    from followup_stats.report import render_all

    log = folder / "cohort.csv"
    log.write_text(NEW_LOG + ANSWERED_LOG.removeprefix(HEADER), encoding="utf-8")
    table = render_all(log, folder / "reports", jobs=2, as_of=AS_OF, progress=False)
    return {
        str(row.candidate): Path(str(row.path)).read_text(encoding="utf-8")
        for row in table.itertuples()
    }


def test_the_rendered_reports_say_what_they_compare_in_plain_words(tmp_path: Path) -> None:
    """The coach review's rates figure said "the counts behind them are in the table" with no
    such table on the page; its patience section opened with "the landmark comparison"; the
    candidate report said only landmark rounds were compared, above a thank-you table over
    other rounds; neither glossary said what the p-value column means."""
    pages = _rendered_pages(tmp_path)
    assert len(pages) == 3
    texts = {
        name: " ".join(BeautifulSoup(page, "html.parser").get_text(" ", strip=True).split())
        for name, page in pages.items()
    }
    coach_name = next(name for name in pages if name not in {"Jo Park", "Kim Lee"})
    coach: Any = BeautifulSoup(pages[coach_name], "html.parser")
    caption = coach.find("caption", string=views.RATES_TITLE)
    assert caption is not None, "the coach review has no table of the rates its figure draws"
    rates = caption.find_parent("table")
    assert [th.get_text() for th in rates.thead.find_all("th")][:3] == [
        "Candidate",
        "Outcome",
        "k of n",
    ]
    rows = [[c.get_text() for c in r.find_all(["th", "td"])] for r in rates.tbody.find_all("tr")]
    assert ["Kim Lee", "Got an answer", "3 of 3"] in [row[:3] for row in rows]
    assert ["Jo Park", "Got an answer", views.MISSING] in [row[:3] for row in rows]
    for name, text in texts.items():
        assert "landmark" not in text.lower(), name
        glossary = text[text.index("How to read the numbers") :]
        assert "p-value : how often chance alone" in glossary, name
        # The headline's "95% CI" and "a Kaplan-Meier estimate" are in the glossary too.
        assert "95% interval ( 95% CI )" in glossary, name
        assert "it is an estimate ( Kaplan-Meier )" in glossary, name
        assert "0 of 0" not in text, name
    assert "The thank-you comparison takes the rounds still undecided" in texts["Kim Lee"]
    assert "Only interview rounds still undecided" not in texts["Kim Lee"]


def test_the_patience_figure_text_counts_the_behaviour_rounds_as_theirs_only() -> None:
    """ "..., over 5 rounds (2 no follow-up, 2 polite, 1 pushy)" closed a sentence over every
    panel, beside a thank-you panel over 7 rounds: the count belongs to the behaviour panel."""
    from followup_stats import plots

    table = patience(load_log("data/sample_log.csv", as_of=AS_OF))
    thank_you = table[table["comparison"].eq("progressed_by_thank_you") & table["n"].notna()]
    assert int(thank_you["n"].sum()) == 7  # not the 5 rounds of the behaviour panel
    text = plots.patience_figure(table).layout.meta["description"]
    assert "by follow-up behaviour (5 rounds: 2 no follow-up, 2 polite, 1 pushy), with" in text
    assert "reply by timing and number, over" not in text


def test_a_column_of_counts_stays_on_one_line_beside_prose() -> None:
    """At 1280 pixels the patience tables' "k of n" column stood a word a line ("4 / of /
    16") beside the column of notes; like a column of dates, it does not wrap."""
    table = patience(load_log("data/sample_log.csv", as_of=AS_OF))
    soup: Any = BeautifulSoup(str(views.patience_table(table).data), "html.parser")
    assert ".followup-count," in views.TABLE_STYLE
    for body in soup.find_all("tbody"):
        for row in body.find_all("tr"):
            cells = row.find_all(["th", "td"])
            count = next(c for c in cells if c.get("data-label") == "k of n")
            assert "followup-count" in count.get("class", []), count
            assert not any("followup-count" in c.get("class", []) for c in cells if c != count)
