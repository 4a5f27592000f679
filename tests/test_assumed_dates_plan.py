"""A date only assumed (notes beginning "date assumed") is not judged nor planned from:
``check`` makes up no "late", "too early" or "idle" from it, and ``todo`` asks for the
real date instead of planning a step from it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli
from followup_stats.actions import next_actions
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.load import load_log

NOTE = "date assumed: the card never moved"
HEADER = "date,company,role,event,timeline_days,channel,notes"


def _log(rows: list[str], assumed: tuple[int, ...]) -> pd.DataFrame:
    """A log of ``rows`` (date,company,event[,timeline_days]); the rows numbered in
    ``assumed`` (0-based) have notes saying their date is only assumed."""
    lines = []
    for number, row in enumerate(rows):
        cells = row.split(",")
        date, company, event = cells[:3]
        timeline = cells[3] if len(cells) > 3 else ""
        note = NOTE if number in assumed else ""
        lines.append(f"{date},{company},Dev,{event},{timeline},,{note}")
    frame = pd.read_csv(io.StringIO("\n".join([HEADER, *lines]) + "\n"), dtype=str)
    frame.insert(1, "candidate", "ana")
    return frame


def _codes(rows: list[str], as_of: str, assumed: tuple[int, ...] = ()) -> list[str]:
    found = check(load_log(_log(rows, assumed), config=Config(), as_of=as_of))
    return sorted(found["code"].astype(str))


#: Per rule: the rows that give its finding, the as-of date, and the rows whose date,
#: only assumed, leave its timing unknown (each in turn).
CASES = {
    # No thank-you after the interview of 5 Sep: due by 6 Sep.
    "FU001": (["2026-09-01,Acme,applied", "2026-09-05,Acme,interview"], "2026-09-08", (1,)),
    # A thank-you 4 days after the interview.
    "FU002": (
        [
            "2026-09-01,Acme,applied",
            "2026-09-05,Acme,interview",
            "2026-09-09,Acme,thank_you",
        ],
        "2026-09-10",
        (1, 2),
    ),
    # A follow-up 2 days after the interview (allowed from 12 Sep).
    "FU005": (
        [
            "2026-09-01,Acme,applied",
            "2026-09-05,Acme,interview",
            "2026-09-05,Acme,thank_you",
            "2026-09-07,Acme,follow_up",
        ],
        "2026-09-08",
        (1, 3),
    ),
    # A final note a day after the first follow-up.
    "FU007": (
        [
            "2026-09-01,Acme,applied",
            "2026-09-05,Acme,interview",
            "2026-09-05,Acme,thank_you",
            "2026-09-12,Acme,follow_up",
            "2026-09-13,Acme,follow_up",
        ],
        "2026-09-14",
        (3, 4),
    ),
    # A final note on 17 Sep, though the interview's timetable (10 days) ends on 15 Sep:
    # polite from 18 Sep.
    "FU008": (
        [
            "2026-09-01,Acme,applied",
            "2026-09-05,Acme,interview,10",
            "2026-09-05,Acme,thank_you",
            "2026-09-15,Acme,follow_up",
            "2026-09-17,Acme,follow_up",
        ],
        "2026-09-18",
        (1, 4),
    ),
    # No application nor networking while the interview of 5 Sep was open.
    "FU011": (
        [
            "2026-09-01,Acme,applied",
            "2026-09-05,Acme,interview",
            "2026-09-05,Acme,thank_you",
            "2026-09-12,Acme,follow_up",
        ],
        "2026-09-20",
        (1,),
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_a_timing_rule_fires_on_real_dates(code: str) -> None:
    rows, as_of, _ = CASES[code]
    assert code in _codes(rows, as_of)


@pytest.mark.parametrize(
    ("code", "assumed"),
    [(code, row) for code, (_, _, rows) in sorted(CASES.items()) for row in rows],
)
def test_a_timing_rule_does_not_judge_a_date_only_assumed(code: str, assumed: int) -> None:
    rows, as_of, _ = CASES[code]
    assert code not in _codes(rows, as_of, (assumed,))


def test_a_decision_only_assumed_leaves_the_thank_you_unjudged() -> None:
    """Rejected on 9 Sep, outside the window of the interview of 5 Sep: FU001. Dated only
    by assumption, the rejection may have come the day after the interview."""
    rows = ["2026-09-01,Acme,applied", "2026-09-05,Acme,interview", "2026-09-09,Acme,rejection"]
    assert "FU001" in _codes(rows, "2026-09-20")
    assert "FU001" not in _codes(rows, "2026-09-20", (2,))


def test_rules_that_do_not_read_the_date_still_fire() -> None:
    """A third follow-up since the interview (FU009) and a thank-you by phone (FU012) are
    what they are on any day; only the timing rules leave the assumed interview alone."""
    rows = [
        "2026-09-01,Acme,applied",
        "2026-09-05,Acme,interview",
        "2026-09-05,Acme,thank_you",
        "2026-09-12,Acme,follow_up",
        "2026-09-20,Acme,follow_up",
        "2026-09-28,Acme,follow_up",
    ]
    frame = _log(rows, (1,))
    frame.loc[2, "channel"] = "phone"
    found = check(load_log(frame, config=Config(), as_of="2026-09-29"))
    assert sorted(set(found["code"].astype(str))) == ["FU009", "FU012"]


def test_a_log_without_the_note_is_judged_as_before() -> None:
    """Other notes (even ones that mention an assumed date further on) change nothing."""
    rows = CASES["FU005"][0]
    frame = _log(rows, ())
    frame.loc[1, "notes"] = "the date was not assumed"
    found = check(load_log(frame, config=Config(), as_of="2026-09-08"))
    assert "FU005" in set(found["code"].astype(str))


# -- todo ------------------------------------------------------------------------------


def _plan(rows: list[str], as_of: str, assumed: tuple[int, ...] = ()) -> list[tuple[str, ...]]:
    actions = next_actions(load_log(_log(rows, assumed), config=Config(), as_of=as_of))
    return [
        (str(a.action), pd.Timestamp(str(a.not_before)).date().isoformat(), str(a.then), str(a.why))
        for a in actions.itertuples()
    ]


def _why(what: str, plan: str) -> str:
    return (
        f"the date of {what} is only assumed (its notes begin 'date assumed'); write its real "
        f"date in the log to plan {plan}"
    )


def test_todo_plans_no_thank_you_from_an_interview_date_only_assumed() -> None:
    rows = ["2026-09-01,Acme,applied", "2026-09-05,Acme,interview"]
    # From the real date: a thank-you, due since the interview.
    assert _plan(rows, "2026-09-06")[0][:3] == ("thank_you", "2026-09-05", "thank_you")
    # Only assumed: the date is asked for, today, even long after it (the interview may
    # have been yesterday).
    for as_of in ("2026-09-06", "2026-10-30"):
        assert _plan(rows, as_of, (1,)) == [
            (
                "date_unknown",
                as_of,
                "thank_you",
                _why("the interview", "the thank-you and the follow-up"),
            )
        ]


def test_todo_plans_no_follow_up_from_an_interview_date_only_assumed() -> None:
    rows = ["2026-09-01,Acme,applied", "2026-09-05,Acme,interview", "2026-09-06,Acme,thank_you"]
    assert _plan(rows, "2026-09-08")[0][:3] == ("wait", "2026-09-12", "follow_up")
    assert _plan(rows, "2026-09-08", (1,)) == [
        ("date_unknown", "2026-09-08", "follow_up", _why("the interview", "the follow-up"))
    ]


def test_todo_plans_no_follow_up_from_a_reply_date_only_assumed() -> None:
    rows = ["2026-09-01,Acme,applied", "2026-09-04,Acme,response"]
    assert _plan(rows, "2026-09-05")[0][:3] == ("wait", "2026-09-11", "follow_up")
    assert _plan(rows, "2026-09-05", (1,)) == [
        ("date_unknown", "2026-09-05", "follow_up", _why("their reply", "the follow-up"))
    ]


def test_todo_plans_no_final_note_from_a_follow_up_date_only_assumed() -> None:
    rows = [
        "2026-09-01,Acme,applied",
        "2026-09-05,Acme,interview",
        "2026-09-05,Acme,thank_you",
        "2026-09-12,Acme,follow_up",
    ]
    assert _plan(rows, "2026-09-13")[0][:3] == ("wait", "2026-09-14", "final_note")
    assert _plan(rows, "2026-09-13", (3,)) == [
        ("date_unknown", "2026-09-13", "final_note", _why("the last follow-up", "the final note"))
    ]
    # The step the assumed date does not time is planned as before: the interview's
    # date only assumed, the final note waits on the (real) follow-up and its gap...
    plan = _plan(rows, "2026-09-13", (1,))
    assert plan[0][:3] == ("date_unknown", "2026-09-13", "final_note")
    assert plan[0][3] == _why("the interview", "the final note")


def test_todo_moves_on_from_a_real_final_note_whatever_the_interview_date() -> None:
    rows = [
        "2026-09-01,Acme,applied",
        "2026-09-05,Acme,interview",
        "2026-09-05,Acme,thank_you",
        "2026-09-12,Acme,follow_up",
        "2026-09-15,Acme,follow_up",
    ]
    assert _plan(rows, "2026-09-16", (1,))[0][:3] == ("wait", "2026-09-22", "move_on")
    assert _plan(rows, "2026-09-16", (4,))[0][:3] == ("date_unknown", "2026-09-16", "move_on")


HUNTR = (
    "id,createdAt,title,listName,companyName,lastMovedAt\n"
    "1,2026-09-01 10:00:00,Engineer,Interview,Acme,-\n"
    "2,2026-09-02 10:00:00,Analyst,Interview,Beta,2026-09-12 10:00:00\n"
)


def test_todo_on_an_imported_huntr_log_asks_for_the_interview_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("huntr.csv").write_text(HUNTR, encoding="utf-8")
    assert cli.main(["import", "huntr.csv", "--out", "log.csv"]) == 0
    capsys.readouterr()
    assert cli.main(["todo", "log.csv", "--as-of", "2026-09-13", "--format", "json"]) == 0
    plan = {row["company"]: row for row in json.loads(capsys.readouterr().out)}
    assert (plan["Acme"]["action"], plan["Acme"]["not_before"]) == ("date_unknown", "2026-09-13")
    assert plan["Acme"]["why"] == _why("the interview", "the thank-you and the follow-up")
    assert (plan["Beta"]["action"], plan["Beta"]["not_before"]) == ("thank_you", "2026-09-12")
    assert cli.main(["todo", "log.csv", "--as-of", "2026-09-13"]) == 0
    text = capsys.readouterr().out
    assert "Write the real date (then send a thank-you)  Acme (Engineer)" in text
    assert cli.main(["check", "log.csv", "--as-of", "2026-09-14"]) == 1
    found = capsys.readouterr().out
    assert "Acme" not in found and "FU001 [error] Beta" in found


def test_the_calendar_keeps_one_reminder_to_write_the_date(tmp_path: Path) -> None:
    """Due each day until the date is written: the reminder keeps its UID day after day
    (a calendar that imports the file again updates it rather than adding a copy)."""
    from icalendar import Calendar

    from followup_stats.actions import write_ics

    rows = ["2026-09-01,Acme,applied", "2026-09-05,Acme,interview"]
    uids = []
    for as_of in ("2026-09-06", "2026-09-09"):
        frame = _log(rows, (1,))
        actions = next_actions(load_log(frame, config=Config(), as_of=as_of))
        path = tmp_path / f"{as_of}.ics"
        assert write_ics(actions, path, pd.Timestamp(as_of)) == 1
        (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        assert str(event["summary"]) == "Write the real date: Acme (Dev)"
        assert event.decoded("dtstart").isoformat() == as_of
        uids.append(str(event["uid"]))
    assert uids[0] == uids[1]


def test_a_coach_sees_the_date_to_write_as_a_step_due() -> None:
    from followup_stats import report_views

    rows = ["2026-09-01,Acme,applied", "2026-09-05,Acme,interview"]
    loaded = load_log(_log(rows, (1,)), config=Config(), as_of="2026-10-30")
    attention = report_views.needs_attention(check(loaded), next_actions(loaded), loaded.as_of)
    assert attention[["reason", "what"]].values.tolist() == [["action due", "date_unknown"]]
    details = report_views.attention_details(attention).data
    assert "Step due: write the real date" in details


def test_an_application_dated_only_by_assumption_still_counts_as_activity() -> None:
    """FU011 judges the waiting, not the activity: an application whose day is only
    assumed was still made, so it breaks the idle stretch on its stand-in day (saying
    the candidate was idle could be wrong). Without it, the stretch is 14 days."""
    rows = [
        "2026-09-01,Acme,applied",
        "2026-09-05,Acme,interview",
        "2026-09-05,Acme,thank_you",
        "2026-09-12,Birch,applied",
    ]
    assert "FU011" in _codes(rows[:3], "2026-09-18")
    assert "FU011" not in _codes(rows, "2026-09-18")
    assert "FU011" not in _codes(rows, "2026-09-18", (3,))
