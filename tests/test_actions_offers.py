"""``todo``'s ``answer_offer``: an offer the candidate has not answered yet is planned.

An application whose employer made an offer (an ``offer`` row) with no
``accepted``, ``declined``, ``withdrew`` or ``rejection`` after it is not
open, but the offer asks for an answer: one ``answer_offer`` row, due from
the offer's day, in the text, the JSON, the calendar and the report's next
actions. The expected lines are written by hand from the logs below.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli, load_log, next_actions
from followup_stats import report_views as views
from followup_stats.config import Config
from followup_stats.rules.wording import Voice

#: The coach's repro: an offer from Beta Corp not yet answered, beside a rejection.
LOG = (
    "date,application_id,company,event\n"
    "2026-08-01,A1,Beta Corp,applied\n"
    "2026-08-10,A1,Beta Corp,interview\n"
    "2026-08-10,A1,Beta Corp,thank_you\n"
    "2026-08-25,A1,Beta Corp,offer\n"
    "2026-08-01,A2,Acme,applied\n"
    "2026-08-12,A2,Acme,rejection\n"
)
AS_OF = "2026-09-01"
WHY = (
    "Beta Corp made an offer on 25 Aug 2026; no answer (accepted or declined) is logged "
    "yet: give them your answer, or ask for the time you need to decide"
)
COACH_WHY = (
    "Beta Corp made an offer on 25 Aug 2026; no answer (accepted or declined) is logged "
    "yet: the candidate should give their answer, or ask for the time they need to decide"
)


def _log(tmp_path: Path, text: str = LOG) -> str:
    """``text`` written as ``o.csv`` in ``tmp_path``; its path."""
    path = tmp_path / "o.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _plan(text: str, as_of: str = AS_OF, voice: Voice = "candidate") -> list[list[object]]:
    """Each planned row of a CSV log at ``as_of``: company, action, day, why and then."""
    frame = pd.read_csv(io.StringIO(text), dtype=str).assign(candidate="o")
    actions = next_actions(load_log(frame, config=Config(), as_of=as_of), voice=voice)
    return actions[["company", "action", "not_before", "why", "then"]].astype(str).values.tolist()


def test_an_unanswered_offer_is_planned_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["todo", _log(tmp_path), "--as-of", AS_OF]) == 0
    assert capsys.readouterr().out == (
        "Due today or overdue (as of 2026-09-01)\n"
        f"  2026-08-25  Answer the offer  Beta Corp (A1)  {WHY}\n"
    )


def test_an_unanswered_offer_is_planned_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["todo", _log(tmp_path), "--as-of", AS_OF, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "candidate": "o",
            "application_id": "A1",
            "company": "Beta Corp",
            "action": "answer_offer",
            "not_before": "2026-08-25",
            "why": WHY,
            "then": "answer_offer",
        }
    ]


def test_an_unanswered_offer_is_a_calendar_reminder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    target = tmp_path / "o.ics"
    uids = []
    for as_of in (AS_OF, "2026-09-02"):
        assert cli.main(["todo", _log(tmp_path), "--as-of", as_of, "--ics", str(target)]) == 0
        assert "wrote 1 reminder to" in capsys.readouterr().err
        (event,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert str(event.get("summary")) == "Answer the offer: Beta Corp (A1)"
        assert str(event.get("description")) == WHY
        assert event.decoded("dtstart") == pd.Timestamp(as_of).date()  # overdue: today
        uids.append(str(event.get("uid")))
    assert uids[0] == uids[1]  # one reminder, moved from day to day


def test_the_report_s_next_actions_show_the_offer() -> None:
    frame = pd.read_csv(io.StringIO(LOG), dtype=str).assign(candidate="o")
    log = load_log(frame, config=Config(), as_of=AS_OF)
    html = views.actions_table(next_actions(log), log.as_of).data
    assert "nothing to do" not in html
    assert "Answer the offer" in html
    assert "Beta Corp made an offer on 25 Aug 2026" in html


def test_the_coach_voice() -> None:
    assert _plan(LOG, voice="coach") == [
        ["Beta Corp", "answer_offer", "2026-08-25", COACH_WHY, "answer_offer"]
    ]


#: A second application whose offer came on 20 Aug; its rows are added to :data:`LOG`.
OTHER = "2026-08-02,C1,Cove,applied\n2026-08-20,C1,Cove,offer\n"


@pytest.mark.parametrize("answer", ["accepted", "declined", "withdrew", "rejection"])
def test_an_offer_answered_or_closed_asks_for_nothing(answer: str) -> None:
    # Beside Beta Corp's open offer, Cove's offer is answered (or withdrawn from, or taken
    # back): only Beta Corp's asks for an answer.
    text = LOG + OTHER + f"2026-08-28,C1,Cove,{answer}\n"
    assert [row[:3] for row in _plan(text)] == [["Beta Corp", "answer_offer", "2026-08-25"]]


def test_an_answer_without_an_offer_row_is_answered() -> None:
    # Cove's answer stands for the offer (tables.implied_offers) and is its own answer.
    text = LOG + OTHER.replace("Cove,offer", "Cove,declined")
    assert [row[:3] for row in _plan(text)] == [["Beta Corp", "answer_offer", "2026-08-25"]]
    # An answer and then an offer row: the offer is a new one, not answered.
    text = LOG + OTHER.replace("Cove,offer", "Cove,declined") + "2026-08-22,C1,Cove,offer\n"
    assert [row[:3] for row in _plan(text)] == [
        ["Cove", "answer_offer", "2026-08-22"],
        ["Beta Corp", "answer_offer", "2026-08-25"],
    ]


def test_a_second_offer_after_a_declined_one_asks_again_from_its_day() -> None:
    text = LOG + "2026-08-27,A1,Beta Corp,declined\n2026-08-30,A1,Beta Corp,offer\n"
    assert [row[:3] for row in _plan(text)] == [["Beta Corp", "answer_offer", "2026-08-30"]]


def test_an_offer_after_the_as_of_date_is_not_planned_yet() -> None:
    # The day before the offer, the application is open as before; on its day, answer it.
    assert [row[1] for row in _plan(LOG, as_of="2026-08-24")] == ["follow_up"]
    assert [row[1] for row in _plan(LOG, as_of="2026-08-25")] == ["answer_offer"]


def test_the_offer_takes_its_place_among_the_open_applications() -> None:
    text = LOG + "2026-08-20,A3,Dune,applied\n"
    assert [row[:3] for row in _plan(text)] == [
        ["Beta Corp", "answer_offer", "2026-08-25"],
        ["Dune", "follow_up", "2026-08-27"],
    ]


#: Beta Corp's offer dated by a stand-in, as an import writes for a tracker's card that
#: never moved; Cove's offer has its date.
ASSUMED_OFFER = (
    "date,application_id,company,event,notes\n"
    "2026-08-01,A1,Beta Corp,applied,\n"
    "2026-08-10,A1,Beta Corp,interview,\n"
    "2026-08-10,A1,Beta Corp,thank_you,\n"
    "2026-08-25,A1,Beta Corp,offer,date assumed: the card never moved\n"
    "2026-08-02,C1,Cove,applied,\n"
    "2026-08-20,C1,Cove,offer,\n"
)


@pytest.mark.parametrize(("voice", "asked"), [("candidate", WHY), ("coach", COACH_WHY)])
def test_an_offer_dated_by_assumption_says_so(voice: Voice, asked: str) -> None:
    # The why said "made an offer on 25 Aug 2026" as if the log knew the day, where a step
    # planned from a date only assumed says so.
    assumed = asked.replace(
        "on 25 Aug 2026;", "on 25 Aug 2026, a date only assumed (its notes begin 'date assumed');"
    )
    known = asked.replace("Beta Corp", "Cove").replace("25 Aug", "20 Aug")
    assert _plan(ASSUMED_OFFER, voice=voice) == [
        ["Cove", "answer_offer", "2026-08-20", known, "answer_offer"],
        ["Beta Corp", "answer_offer", "2026-08-25", assumed, "answer_offer"],
    ]


@pytest.mark.parametrize("ending", ["withdrew", "rejection", "declined"])
@pytest.mark.parametrize("times", [("T14:00", "T09:00"), ("", "")])
def test_an_offer_ended_on_its_own_day_asks_for_no_answer(
    ending: str, times: tuple[str, str]
) -> None:
    """A withdrawal, rejection or answer on the offer's day ends it, whether its time puts
    it before the offer or, with no time, the log's order does: the timed withdrawal at
    09:00 left an offer to answer, where the same rows untimed left none."""
    offer_time, ending_time = times
    text = (
        "date,application_id,company,event\n"
        "2026-09-01,A1,Fox,applied\n"
        "2026-09-10,A1,Fox,interview\n"
        f"2026-09-15{ending_time},A1,Fox,{ending}\n"
        f"2026-09-15{offer_time},A1,Fox,offer\n"
    )
    assert _plan(text, "2026-09-20") == []
