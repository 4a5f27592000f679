"""The patience section reads as a coach can show it: what favours a breach of the etiquette
is said to be an association, not advice; tables of small groups are folded."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from followup_stats import report_views as views
from followup_stats.load import load_log
from followup_stats.stats.patience import MIN_ARM_SIZE, patience

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_log.csv"
COHORT = ROOT / "data" / "sample_cohort.csv"
AS_OF = "2026-10-30"
#: Follow-ups before the first allowed day got replies; those on time did not.
EARLY_LOG = """date,candidate,application_id,company,role,event
2026-09-01,{name},A1,Acme,Analyst,applied
2026-09-03,{name},A1,Acme,Analyst,follow_up
2026-09-05,{name},A1,Acme,Analyst,response
2026-09-01,{name},A2,Beta,Analyst,applied
2026-09-09,{name},A2,Beta,Analyst,follow_up
2026-09-01,{name},A3,Gamma,Analyst,applied
2026-09-10,{name},A3,Gamma,Analyst,follow_up
"""
HOSTILE = "Ann <b>Lee</b>"
#: Words that would make an association a cause.
CAUSAL = re.compile(r"\b(because|caus(es|ed|ing)|leads? to|led to|effect|thanks to|pays? off)\b")


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return patience(load_log(SAMPLE, as_of=AS_OF))


def _soup(table: pd.DataFrame) -> Any:
    return BeautifulSoup(str(views.patience_table(table).data), "html.parser")


def _caution_before(soup: Any, caption: str) -> str:
    """The text of the paragraphs between the table captioned ``caption`` and the table or
    fold before it."""
    table = soup.find("caption", string=caption).find_parent("table")
    start = table.find_parent("details") or table.find_parent("div")
    said = []
    for before in start.find_previous_siblings(True):
        if before.name == "style":  # the table's own
            continue
        if before.name != "p":
            break
        said.append(before.get_text(" ", strip=True))
    return " ".join(reversed(said))


def test_early_follow_ups_that_got_more_replies_are_not_shown_as_advice(
    sample: pd.DataFrame,
) -> None:
    """The sample's early follow-ups got a reply 4 of 4 times against 4 of 16 on time
    (p = 0.014), the only "significant" result of the page, beside FU005 errors for the
    same follow-ups: the table said nothing more."""
    soup = _soup(sample)
    said = _caution_before(soup, "Reply to follow-ups, by timing")
    assert said.startswith("Read with care. In this log, follow-ups sent before the first")
    assert "(4 of 4, 100%, against 4 of 16, 25%; p = 0.014)" in said
    assert "FU005" in said
    assert "This is an association in this log, not a cause, and not advice to follow up " in said
    assert "which applications one chases early is not random" in said
    assert "a group of only 4 follow-ups is too few to conclude anything" in said
    assert "21 comparisons were tested in this section" in said
    assert not CAUSAL.search(said), said
    # In sight: the reply tables are open, and no caution is ever folded away.
    for fold in soup.find_all("details"):
        assert "Read with care" not in fold.get_text(" ")
    # The replies by number favour no flagged arm (no third follow-up): nothing to say.
    assert _caution_before(soup, "Reply to follow-ups, by number") == ""


def test_a_caution_appears_exactly_when_the_data_favour_the_flagged_arm(
    sample: pd.DataFrame,
) -> None:
    """Read from the table's columns: reverse the early follow-ups' advantage and the
    caution goes; fewer rejections for pushy rounds is in their favour too."""
    favoured = views.flagged_favoured(sample)
    pairs = set(zip(favoured["comparison"], favoured["flagged"], strict=True))
    assert ("reply_by_timing", "early") in pairs
    cautions = views.patience_cautions(sample)
    assert set(cautions) == {"_by_behaviour", "_by_thank_you", "reply_by_timing"}

    flipped = sample.copy()
    early = flipped["comparison"].eq("reply_by_timing") & flipped["arm"].eq("early_vs_on_time")
    flipped.loc[early, "rate"] = -0.1
    assert "reply_by_timing" not in views.patience_cautions(flipped)

    fewer_rejections = sample.copy()
    rejection = fewer_rejections["comparison"].eq("rejection_by_behaviour")
    fewer_rejections.loc[rejection & fewer_rejections["arm"].eq("pushy_vs_polite"), "rate"] = -0.5
    said = " ".join(views.patience_cautions(fewer_rejections)["_by_behaviour"])
    assert "ended in a rejection less often" in said


def test_the_cohorts_pushy_rounds_that_progressed_more_come_with_the_caution() -> None:
    """The cohort's summary read "4 of 5 rounds with pushy follow-ups progressed (80%)"
    beside 64% polite and 47% with none, and nothing else."""
    table = patience(load_log(COHORT, as_of=AS_OF))
    summary = str(views.patience_summary(table).data)
    assert "4 of 5 rounds with pushy follow-ups progressed (80%)" in summary
    paragraphs = summary.split("\n\n")
    assert len(paragraphs) == 2
    said = paragraphs[1]
    assert said.startswith("**Read with care.** In this log, rounds with a pushy follow-up")
    assert "progressed to a next interview or an offer more often than rounds with only " in said
    assert "(4 of 5, 80%, against 9 of 14, 64%; p = 0.317)" in said
    assert "not a cause, and not advice to push harder than the etiquette allows" in said
    assert "chance alone would often give a difference this large" in said
    assert not CAUSAL.search(said), said
    # The table says it beside the behaviour table too, and the cohort's tables are open:
    # 15 and 14 rounds are groups big enough.
    soup = _soup(table)
    assert "(4 of 5, 80%" in _caution_before(soup, "Outcome by follow-up behaviour")
    behaviour = soup.find("caption", string="Outcome by follow-up behaviour")
    assert behaviour.find_parent("details") is None


def test_a_polite_log_gets_no_caution(tmp_path: Path) -> None:
    """Nothing favours a flagged arm: no caution anywhere."""
    path = tmp_path / "log.csv"
    path.write_text(EARLY_LOG.format(name="Kim"), encoding="utf-8")
    table = patience(load_log(path, as_of=AS_OF))
    early = table["comparison"].eq("reply_by_timing") & table["arm"].isin(["early", "on_time"])
    assert table.loc[early, "rate"].tolist() == [1.0, 0.0]
    # Swap what the two arms got: the early follow-up without a reply, on time with both.
    swapped = table.copy()
    for arm, k, rate in (("early", 0, 0.0), ("on_time", 2, 1.0), ("early_vs_on_time", None, -1.0)):
        at = swapped["comparison"].eq("reply_by_timing") & swapped["arm"].eq(arm)
        swapped.loc[at, "rate"] = rate
        if k is not None:
            swapped.loc[at, "k"] = k
    assert views.flagged_favoured(swapped).empty
    assert "Read with care" not in str(views.patience_table(swapped).data)
    assert "Read with care" not in str(views.patience_summary(swapped).data)


def test_log_text_in_a_caution_is_escaped(tmp_path: Path) -> None:
    """A group's name (a candidate, with ``by``) is the log's text."""
    path = tmp_path / "log.csv"
    other = re.sub(r",A(\d),", r",B\1,", EARLY_LOG.format(name="Bo").split("\n", 1)[1])
    path.write_text(EARLY_LOG.format(name=HOSTILE) + other, encoding="utf-8")
    table = patience(load_log(path, as_of=AS_OF), by="candidate")
    page = str(views.patience_table(table).data)
    assert "For Ann &lt;b&gt;Lee&lt;/b&gt;: in this log, follow-ups sent before" in page
    assert HOSTILE not in page


def test_tables_of_small_groups_are_folded_and_big_ones_stay_open(sample: pd.DataFrame) -> None:
    """Five rounds made about 70 rows, almost all "too few to conclude anything"."""
    soup = _soup(sample)
    folded = {
        caption.get_text()
        for fold in soup.find_all("details")
        for caption in fold.find_all("caption")
    }
    assert folded == {
        "Outcome by follow-up behaviour",
        "Outcome with and without a thank-you",
        "Outcome by applying and networking while waiting",
    }
    summaries = [s.get_text() for s in soup.find_all("summary")]
    assert summaries[0] == "Outcome by follow-up behaviour" + views.PATIENCE_FOLDED_BLOCK
    # 16 follow-ups on time, 17 first ones: big enough, open.
    sizes = sample[sample["comparison"].eq("reply_by_timing")]["n"].dropna()
    assert sizes.max() >= MIN_ARM_SIZE
    for caption in ("Reply to follow-ups, by timing", "Reply to follow-ups, by number"):
        assert soup.find("caption", string=caption).find_parent("details") is None
    assert views.patience_all_small_text() not in soup.get_text(" ")


def test_when_every_group_is_small_one_sentence_stands_for_the_folded_tables(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(EARLY_LOG.format(name="Kim"), encoding="utf-8")
    soup = _soup(patience(load_log(path, as_of=AS_OF)))
    first = soup.find("p")
    assert first.get_text() == views.patience_all_small_text()
    assert f"fewer than {MIN_ARM_SIZE} rounds or follow-ups" in first.get_text()
    (fold,) = soup.find_all("details")
    assert fold.summary.get_text() == views.PATIENCE_FOLDED
    assert fold.summary.get_text() == "The tables (all groups too small to conclude anything)"
    assert len(soup.find_all("table")) == len(fold.find_all("table")) == 2
    # The caution stays in sight, above the fold.
    assert "Read with care" in first.find_next_sibling("p").get_text()
    assert "Read with care" not in fold.get_text(" ")


# -- the rendered reports ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample log's report, and ``report-all`` of a log whose early follow-ups did better
    (its candidate's report and the coach review), each page's HTML."""
    from followup_stats.report import render_all, render_report

    folder = tmp_path_factory.mktemp("patience")
    pages = {"sample": render_report(SAMPLE, folder / "sample", as_of=AS_OF).html_path}
    log = folder / "early.csv"
    log.write_text(EARLY_LOG.format(name=HOSTILE), encoding="utf-8")
    table = render_all(log, folder / "early", jobs=2, as_of=AS_OF, progress=False)
    assert table["status"].tolist() == ["ok", "ok"], table["error"].tolist()
    pages |= {str(row.candidate): Path(str(row.path)) for row in table.itertuples()}
    return {name: path.read_text(encoding="utf-8") for name, path in pages.items()}


def _words(page: str) -> str:
    return " ".join(BeautifulSoup(page, "html.parser").get_text(" ", strip=True).split())


def test_both_reports_say_the_caution_beside_the_folded_tables(rendered: dict[str, str]) -> None:
    from followup_stats.report import COACH_LABEL, external_references

    # The coach review pools the cohort: its data are "this cohort", not "this log".
    for name, where in ((HOSTILE, "this log"), (COACH_LABEL, "this cohort")):
        page = rendered[name]
        text = _words(page)
        assert views.patience_all_small_text() in text, name
        assert f"Read with care. In {where}, follow-ups sent before the first allowed day" in (
            text
        ), name
        assert f"This is an association in {where}, not a cause" in text, name
        assert "not advice to follow up before the first allowed day" in text, name
        assert f"<summary>{views.PATIENCE_FOLDED}</summary>" in page, name
        assert HOSTILE not in page and "<b>Lee</b>" not in page, name
        assert external_references(page) == [], name
        assert "views.patience_table" not in page and "from followup_stats" not in page, name


def test_the_sample_report_folds_its_small_tables_and_says_why_applied_counts_differ(
    rendered: dict[str, str],
) -> None:
    """The funnel said "Applied 70" and the timeline "64 applied", with nothing to tie them."""
    page = rendered["sample"]
    text = _words(page)
    assert page.count("<details>") == 3
    assert "Read with care. In this log, follow-ups sent before the first allowed day" in text
    assert (
        "Applied counts every application in the log, 70: 64 with an applied row; 6 start "
        "with another event, such as an employer's message (the timeline shows the applied "
        "rows)." in text
    )
    assert "64 applied rows, 10 interviews" in text
    assert (
        "Of the 70 applications (the funnel's Applied), 64 have an applied row; 6 start with "
        "another event, such as an employer's message." in text
    )
