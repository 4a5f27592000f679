"""Hand-written cases pinning the reading of seeds/RULES.md, on the reference checker.

Each case builds a tiny log (line 2 is the first row given), runs
``reference_check`` and asserts its exact output as (line, code) pairs.
Day numbers are offsets from ``log_strategies.BASE_DAY``. Cases marked
``OPEN CASE`` pin a reading RULES.md leaves open; the lead settles them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_strategies import at, configs, day, event_logs, events_to_csv, make_events
from reference_checker import OUTPUT_COLUMNS, reference_check

from followup_stats.config import Config

FU_CODES = {f"FU{i:03d}" for i in range(1, 13)}


def ev(offset: int | dt.datetime, event: str, app: str | None = "A1", **fields: Any) -> dict:
    """A row on day ``offset`` (or at a time from ``at``) for candidate ana, application A1."""
    when = offset if not isinstance(offset, int) else day(offset)
    if event == "networking":
        app = None
    return {
        "candidate": fields.pop("candidate", "ana"),
        "application_id": app,
        "company": fields.pop("company", "Acme" if app != "A2" else "Globex"),
        "event": event,
        "date": when,
        **fields,
    }


def run(rows: list[dict], as_of: int, config: Config | None = None) -> pd.DataFrame:
    events = make_events(rows)
    return reference_check(events, pd.Timestamp(day(as_of)), config or Config())


def check(rows: list[dict], as_of: int, config: Config | None = None) -> list[tuple[int, str]]:
    """The (line, code) pairs the reference checker gives, sorted."""
    out = run(rows, as_of, config)
    return sorted(zip(out["line"].tolist(), out["code"].tolist(), strict=True))


def dates(rows: list[dict], as_of: int, code: str) -> list[pd.Timestamp]:
    out = run(rows, as_of)
    return out.loc[out["code"] == code, "date"].tolist()


def ts(offset: int) -> pd.Timestamp:
    return pd.Timestamp(day(offset))


# ---------------------------------------------------------------- output


def test_output_schema_and_empty_log() -> None:
    rows = [ev(0, "applied")]
    out = run(rows, 3)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert out.empty
    assert out["line"].dtype == "int64"
    assert out["date"].dtype.kind == "M"


def test_output_row_names_the_application_and_day() -> None:
    rows = [ev(0, "applied"), ev(3, "follow_up")]
    out = run(rows, 5)
    assert out.to_dict("records") == [
        {
            "line": 3,
            "candidate": "ana",
            "application_id": "A1",
            "code": "FU005",
            "date": ts(3),
            "message": None,
        }
    ]


def test_rows_after_as_of_are_ignored() -> None:
    rows = [ev(0, "applied"), ev(3, "follow_up"), ev(1, "interview")]
    assert check(rows, 0) == []
    # A follow-up after as_of does not take a number: the one before as_of is
    # judged alone, and the later one is not judged.
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(8, "follow_up")]
    assert check(rows, 7) == []


# ---------------------------------------------------------------- FU001


def test_fu001_no_thank_you_after_the_window() -> None:
    rows = [ev(0, "applied"), ev(3, "interview")]
    assert check(rows, 5) == [(3, "FU001")]
    assert dates(rows, 5, "FU001") == [ts(3)]


def test_fu001_not_before_the_window_has_passed() -> None:
    rows = [ev(0, "applied"), ev(3, "interview")]
    assert check(rows, 4) == []  # as_of must be > interview day + 1


def test_fu001_pass_with_thank_you() -> None:
    rows = [ev(0, "applied"), ev(3, "interview"), ev(4, "thank_you", channel="email")]
    assert check(rows, 5) == []


def test_fu001_decision_inside_the_window_exempts() -> None:
    rows = [ev(0, "interview"), ev(1, "rejection")]
    assert check(rows, 10) == []


def test_fu001_decision_after_the_window_does_not_exempt() -> None:
    rows = [ev(0, "interview"), ev(2, "rejection")]
    assert check(rows, 10) == [(2, "FU001")]


def test_fu001_withdrawal_does_not_exempt() -> None:
    # OPEN CASE: RULES.md exempts only offer/rejection (DESIGN.md says "no
    # decision"); a withdrawal the next day still gives FU001.
    rows = [ev(0, "interview"), ev(1, "withdrew")]
    assert check(rows, 10) == [(2, "FU001")]


def test_fu001_second_round_needs_its_own_thank_you() -> None:
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you", channel="email"),
        ev(10, "interview"),
        ev(5, "networking"),  # keeps FU011 out of the way
    ]
    assert check(rows, 12) == [(4, "FU001")]


def test_fu001_same_day_interviews_are_one_round() -> None:
    # The thank-you after the second same-day interview covers the round.
    rows = [ev(0, "interview"), ev(0, "interview", stage="final"), ev(1, "thank_you")]
    assert check(rows, 5) == []
    # OPEN CASE: without one, FU001 is on the line of the round's first interview.
    rows = [ev(0, "interview"), ev(0, "interview", stage="final")]
    assert check(rows, 5) == [(2, "FU001")]


# ---------------------------------------------------------------- FU002


def test_fu002_late_thank_you() -> None:
    rows = [ev(0, "interview"), ev(2, "thank_you", channel="email")]
    assert check(rows, 3) == [(3, "FU002")]


def test_fu002_next_day_is_on_time_and_only_the_first_is_judged() -> None:
    rows = [ev(0, "interview"), ev(1, "thank_you"), ev(5, "thank_you"), ev(4, "networking")]
    assert check(rows, 6) == []


def test_fu002_not_after_a_decision_inside_the_window() -> None:
    """As FU001: once the employer decided inside the window, a later note is not judged late."""
    rows = [ev(0, "interview"), ev(1, "rejection"), ev(4, "thank_you")]
    assert check(rows, 10) == []
    rows = [ev(0, "interview"), ev(3, "rejection"), ev(4, "thank_you")]
    assert check(rows, 10) == [(4, "FU002")]


def test_fu002_not_when_a_decision_may_have_come_inside_the_window() -> None:
    rows = [ev(0, "interview"), ev(6, "rejection", notes=ASSUMED), ev(4, "thank_you")]
    assert check(rows, 10) == []


# ---------------------------------------------------------------- FU003


def test_fu003_no_next_steps_no_timetable() -> None:
    rows = [ev(0, "interview", asked_next_steps=False), ev(0, "thank_you")]
    assert check(rows, 3) == [(2, "FU003")]


def test_fu003_pass_with_timetable_on_interview() -> None:
    rows = [ev(0, "interview", asked_next_steps=False, timeline_days=5), ev(0, "thank_you")]
    assert check(rows, 3) == []


def test_fu003_pass_with_timetable_on_a_later_response() -> None:
    rows = [ev(0, "interview", asked_next_steps=False), ev(0, "thank_you")]
    assert check([*rows, ev(2, "response", timeline_days=7)], 3) == []
    assert check([*rows, ev(2, "response")], 3) == [(2, "FU003")]


# ---------------------------------------------------------------- FU004


def test_fu004_permission_not_asked() -> None:
    rows = [ev(0, "interview", asked_permission=False), ev(0, "thank_you")]
    assert check(rows, 3) == [(2, "FU004")]


def test_fu004_pass_when_asked() -> None:
    rows = [ev(0, "interview", asked_permission=True), ev(0, "thank_you")]
    assert check(rows, 3) == []


def test_fu004_contact_ok_after_days_implies_permission() -> None:
    rows = [ev(0, "interview", asked_permission=False, contact_ok_after_days=5), ev(0, "thank_you")]
    assert check(rows, 3) == []


def test_fu004_round_fact_true_wins_over_false() -> None:
    rows = [
        ev(0, "interview", asked_permission=False),
        ev(0, "interview", asked_permission=True),
        ev(0, "thank_you"),
    ]
    assert check(rows, 3) == []
    rows[1]["asked_permission"] = False
    assert check(rows, 3) == [(2, "FU004")]


# ---------------------------------------------------------------- FU005


def test_fu005_round0_waits_default_from_first_event() -> None:
    assert check([ev(0, "applied"), ev(6, "follow_up")], 8) == [(3, "FU005")]


def test_fu005_first_allowed_day_itself_is_on_time() -> None:
    assert check([ev(0, "applied"), ev(7, "follow_up")], 8) == []
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(3, "networking")]
    assert check([*rows, ev(6, "follow_up")], 7) == [(5, "FU005")]
    assert check([*rows, ev(7, "follow_up")], 7) == []


def test_fu005_wait_is_the_approved_timeframe() -> None:
    rows = [ev(0, "interview", contact_ok_after_days=3), ev(0, "thank_you")]
    assert check([*rows, ev(2, "follow_up")], 3) == [(4, "FU005")]
    assert check([*rows, ev(3, "follow_up")], 3) == []


def test_fu005_wait_is_the_last_responses_timeline() -> None:
    rows = [ev(0, "applied"), ev(1, "response", timeline_days=10)]
    assert check([*rows, ev(10, "follow_up")], 12) == [(4, "FU005")]
    assert check([*rows, ev(11, "follow_up")], 12) == []


def test_fu005_response_without_timeline_falls_back_to_contact_ok() -> None:
    # The anchor moves to the response (day 5); the wait is the round's
    # contact_ok_after_days (3), so day 8 is the first allowed day.
    rows = [
        ev(0, "interview", contact_ok_after_days=3),
        ev(0, "thank_you"),
        ev(5, "response"),
        ev(4, "networking"),
    ]
    assert check([*rows, ev(7, "follow_up")], 8) == [(6, "FU005")]
    assert check([*rows, ev(8, "follow_up")], 8) == []


def test_fu005_times_of_day_decide_the_round() -> None:
    # Both rows of day 7 have a time: the follow-up (09:00) precedes the
    # interview (14:00), so it is in round 0 (anchor day 0, on time).
    rows = [ev(0, "applied"), ev(at(7, 14), "interview"), ev(at(7, 9), "follow_up")]
    assert check(rows, 8) == []
    # Without a time on the interview, same-day order puts the interview
    # first: the follow-up is in round 1 and is early.
    rows = [ev(0, "applied"), ev(7, "interview"), ev(at(7, 9), "follow_up")]
    assert check(rows, 8) == [(4, "FU005")]


def test_fu005_response_on_the_interview_day_is_the_anchor() -> None:
    # OPEN CASE: the anchor day is the same either way; the response counts
    # as the anchor, so its timeline (10) is the wait, not contact_ok (3).
    rows = [
        ev(0, "interview", contact_ok_after_days=3),
        ev(0, "thank_you"),
        ev(0, "response", timeline_days=10),
        ev(4, "networking"),
    ]
    assert check([*rows, ev(5, "follow_up")], 5) == [(6, "FU005")]


def test_fu005_interview_timeline_does_not_delay_the_first_follow_up() -> None:
    # The interview's timeline_days is a timetable (FU003, FU008), not a wait.
    rows = [ev(0, "interview", timeline_days=14), ev(0, "thank_you"), ev(4, "networking")]
    assert check([*rows, ev(7, "follow_up")], 7) == []


def test_fu005_application_opened_by_a_follow_up() -> None:
    # OPEN CASE: round 0 starts at the follow-up itself, so it is early.
    assert check([ev(0, "follow_up")], 3) == [(2, "FU005")]


def test_follow_up_after_a_decision_is_not_judged() -> None:
    # RULES.md: a round ends at its decision (DESIGN.md section 3), and a follow-up
    # after it (asking for feedback after a no) is in no round: no number, no timing rule.
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(2, "rejection"), ev(3, "follow_up")]
    assert check(rows, 5) == []
    # One on the decision's day without a time is ordered before it, so it is judged.
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(2, "follow_up"), ev(2, "rejection")]
    assert check(rows, 5) == [(4, "FU005")]


# ---------------------------------------------------------------- count restarts


def test_employer_response_restarts_the_count() -> None:
    base = [ev(0, "applied"), ev(7, "follow_up"), ev(10, "follow_up")]
    # Without a response, a third follow-up is FU009.
    assert check([*base, ev(18, "follow_up")], 20) == [(5, "FU009")]
    # After a response, it is number 1 again, on time 7 days after the response.
    assert check([*base, ev(11, "response"), ev(18, "follow_up")], 20) == []
    # ... and the anchor moved: 1 day after the response is early, but still n = 1.
    assert check([*base, ev(11, "response"), ev(12, "follow_up")], 20) == [(6, "FU005")]


# ---------------------------------------------------------------- FU006


def test_fu006_follow_up_without_permission_once_per_round() -> None:
    rows = [
        ev(0, "interview", asked_permission=False),
        ev(0, "thank_you"),
        ev(7, "follow_up"),
        ev(10, "follow_up"),
        ev(3, "networking"),
    ]
    assert check(rows, 10) == [(2, "FU004"), (4, "FU006")]


def test_fu006_pass_when_permission_not_recorded() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(7, "follow_up"), ev(3, "networking")]
    assert check(rows, 8) == []


# ---------------------------------------------------------------- FU007


def test_fu007_final_note_too_soon() -> None:
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(8, "follow_up")]
    assert check(rows, 9) == [(4, "FU007")]


def test_fu007_gap_exactly_final_note_gap_is_fine() -> None:
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(9, "follow_up")]
    assert check(rows, 9) == []


# ---------------------------------------------------------------- FU008


def _fu008_rows(final_note_day: int) -> list[dict]:
    return [
        ev(0, "interview", timeline_days=10),
        ev(0, "thank_you"),
        ev(7, "follow_up"),
        ev(final_note_day, "follow_up"),
        ev(4, "networking"),
        ev(11, "networking"),
    ]


def test_fu008_final_note_before_timetable_plus_grace() -> None:
    # Timetable end = day 0 + 10; final note allowed from day 13.
    assert check(_fu008_rows(12), 13) == [(5, "FU008")]


def test_fu008_final_note_after_timetable_plus_grace() -> None:
    assert check(_fu008_rows(13), 13) == []


def test_fu008_not_judged_without_timetable() -> None:
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(9, "follow_up")]
    assert check(rows, 9) == []


# ---------------------------------------------------------------- FU009


def test_fu009_third_follow_up() -> None:
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(9, "follow_up"), ev(11, "follow_up")]
    assert check(rows, 12) == [(5, "FU009")]


def test_fu009_pass_with_two_or_a_higher_maximum() -> None:
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(9, "follow_up")]
    assert check(rows, 12) == []
    rows.append(ev(11, "follow_up"))
    assert check(rows, 12, Config(max_follow_ups=3)) == []


# ---------------------------------------------------------------- FU010


def test_fu010_update_without_reason_counts_as_follow_up() -> None:
    assert check([ev(0, "applied"), ev(7, "update")], 8) == [(3, "FU010")]
    assert check([ev(0, "applied"), ev(3, "update")], 8) == [(3, "FU005"), (3, "FU010")]


def test_news_update_with_reason_is_exempt() -> None:
    assert check([ev(0, "applied"), ev(2, "update", reason="other_offer")], 8) == []
    # ... and gets no number: the next follow-up is a final note after 3 days.
    rows = [ev(0, "applied"), ev(7, "follow_up"), ev(8, "update", reason="portfolio")]
    assert check([*rows, ev(10, "follow_up")], 12) == []
    # Control: without a reason the update is number 2 and the follow-up number 3.
    rows[2] = ev(8, "update")
    assert check([*rows, ev(10, "follow_up")], 12) == [
        (4, "FU007"),
        (4, "FU010"),
        (5, "FU009"),
    ]


# ---------------------------------------------------------------- FU011


def test_fu011_boundary_idle_days() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you")]
    assert check(rows, 6) == []  # 7 waiting days: not more than idle_days
    assert check(rows, 7) == [(2, "FU011")]  # 8 waiting days
    assert dates(rows, 7, "FU011") == [ts(7)]


def test_fu011_networking_or_applying_breaks_the_run() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you")]
    assert check([*rows, ev(5, "networking")], 10) == []
    assert check([*rows, ev(5, "applied", app="A2")], 10) == []


def test_fu011_new_run_after_activity() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(2, "networking")]
    assert check(rows, 12) == [(2, "FU011")]
    assert dates(rows, 12, "FU011") == [ts(10)]  # run starts day 3


def test_fu011_two_runs_give_two_diagnostics() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(9, "networking")]
    assert check(rows, 20) == [(2, "FU011"), (2, "FU011")]
    assert dates(rows, 20, "FU011") == [ts(7), ts(17)]


def test_fu011_one_run_across_two_overlapping_windows() -> None:
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you"),
        ev(6, "rejection"),  # A1 waits on days 0..5
        ev(4, "interview", app="A2"),  # A2 waits from day 4
        ev(4, "thank_you", app="A2"),
    ]
    # Days 0..12 are one run; day 7 is held by A2's window only.
    out = run(rows, 12)
    assert out[["line", "application_id", "code"]].values.tolist() == [[5, "A2", "FU011"]]
    assert out["date"].tolist() == [ts(7)]
    # The message gives the whole run, to the as-of date, and both interviews waited on:
    # A2's (the rule's pick, which began after the run did) and A1's.
    assert out["message"].tolist() == [
        "from 2 Mar and still on 14 Mar 2026 (13 days, both included) you sent no "
        "application and did no networking while you waited on Globex (interview 6 Mar "
        "2026) and 1 other interview"
    ]


def test_fu011_message_gives_a_run_that_ended_and_its_length() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(9, "networking")]
    out = run(rows, 20)
    assert out["message"].tolist() == [
        "from 2 to 10 Mar 2026 (9 days, both included) you sent no application and did no "
        "networking while you waited on Acme (interview 2 Mar 2026)",
        "from 12 Mar and still on 22 Mar 2026 (11 days, both included) you sent no "
        "application and did no networking while you waited on Acme (interview 2 Mar 2026)",
    ]


def test_fu011_day_held_by_several_windows_goes_to_the_latest_interview() -> None:
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you"),
        ev(3, "interview", app="A2"),
        ev(3, "thank_you", app="A2"),
    ]
    assert check(rows, 10) == [(4, "FU011")]
    # Same day: the later line wins.
    rows[2] = ev(0, "interview", app="A2")
    rows[3] = ev(0, "thank_you", app="A2")
    assert check(rows, 10) == [(4, "FU011")]


def test_fu011_same_day_interviews_of_one_round_use_the_round_line() -> None:
    # Same-day interviews form one round; like FU001/FU003/FU004, FU011 goes
    # on the round's first interview row (RULES.md).
    rows = [ev(0, "interview"), ev(0, "interview", stage="final"), ev(0, "thank_you")]
    assert check(rows, 7) == [(2, "FU011")]


def test_fu011_waiting_stops_at_the_first_offer() -> None:
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you"),
        ev(5, "offer"),
        ev(1, "interview", app="A2"),
        ev(1, "thank_you", app="A2"),
    ]
    assert check(rows, 20) == []


def test_fu011_per_candidate() -> None:
    # ben's networking does not help ana.
    rows = [ev(0, "interview"), ev(0, "thank_you"), ev(4, "networking", candidate="ben")]
    assert check(rows, 7) == [(2, "FU011")]


def test_fu011_decision_in_a_later_round_ends_earlier_windows() -> None:
    # RULES.md: "a decision in a later round ends both": round 1 (no decision
    # in it) waits only until the rejection of round 2 on day 4.
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you"),
        ev(3, "interview"),
        ev(3, "thank_you"),
        ev(4, "rejection"),
    ]
    assert check(rows, 12) == []
    # Without the decision both rounds wait to as_of; day 7 goes to the
    # latest interview.
    assert check(rows[:4], 12) == [(4, "FU011")]


def test_fu011_window_starts_at_each_interview() -> None:
    # A decision in round 1 ends round 1; a later interview opens a new window.
    rows = [
        ev(0, "interview"),
        ev(0, "thank_you"),
        ev(2, "rejection"),
        ev(10, "interview"),
        ev(10, "thank_you"),
    ]
    assert check(rows, 17) == [(5, "FU011")]
    assert dates(rows, 17, "FU011") == [ts(17)]
    assert check(rows, 16) == []


# ---------------------------------------------------------------- FU012


def test_fu012_thank_you_not_by_email() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you", channel="linkedin")]
    assert check(rows, 3) == [(3, "FU012")]


def test_fu012_email_passes() -> None:
    rows = [ev(0, "interview"), ev(0, "thank_you", channel="email")]
    assert check(rows, 3) == []


# ---------------------------------------------------------------- blank fields


def test_blank_fields_are_never_judged() -> None:
    rows = [
        ev(0, "interview", asked_next_steps=None, asked_permission=None),
        ev(1, "thank_you", channel=None),
        ev(7, "follow_up", channel=None),
        ev(3, "networking"),
    ]
    assert check(rows, 7) == []


def test_numbering_continues_across_same_day_interviews() -> None:
    rows = [
        ev(0, "interview"),
        ev(0, "interview"),
        ev(1, "thank_you"),
        ev(7, "follow_up"),
        ev(8, "follow_up"),
        ev(4, "networking"),
    ]
    assert check(rows, 8) == [(6, "FU007")]


# ---------------------------------------------------------------- properties


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=event_logs(), config=st.one_of(st.just(Config()), configs()))
def test_reference_never_raises_on_generated_logs(
    log: tuple[pd.DataFrame, pd.Timestamp], config: Config
) -> None:
    events, as_of = log
    out = reference_check(events, as_of, config)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert set(out["code"]) <= FU_CODES
    assert set(out["line"]) <= set(events["line"])
    assert (out["date"] <= as_of).all()
    # Rows after as_of change nothing.
    kept = events[events["day"] <= as_of].reset_index(drop=True)
    pd.testing.assert_frame_equal(out, reference_check(kept, as_of, config))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=event_logs())
def test_events_to_csv_rows_follow_lines(log: tuple[pd.DataFrame, pd.Timestamp]) -> None:
    events, _ = log
    text = events_to_csv(events)
    records = list(csv.DictReader(io.StringIO(text)))
    assert len(records) == len(events)
    by_line = events.set_index("line")
    for line, record in enumerate(records, start=2):
        assert record["event"] == by_line.loc[line, "event"]
        assert record["candidate"] == by_line.loc[line, "candidate"]
    assert text.count("\n") == len(events) + 1


def test_events_to_csv_text() -> None:
    rows = [
        ev(at(0, 9, 30), "interview", asked_permission=False, contact_ok_after_days=3),
        ev(1, "thank_you", channel="email", notes="said: soon, maybe"),
        ev(2, "networking", company=None),
    ]
    assert events_to_csv(make_events(rows)).splitlines() == [
        "date,candidate,application_id,company,role,event,stage,channel,contact,"
        "asked_next_steps,asked_permission,contact_ok_after_days,timeline_days,reason,notes",
        "2026-03-02T09:30,ana,A1,Acme,,interview,,,,,yes,3,,,",
        '2026-03-03,ana,A1,Acme,,thank_you,,email,,,,,,,"said: soon, maybe"',
        "2026-03-04,ana,,,,networking,,,,,,,,,",
    ]


@pytest.mark.parametrize("shuffle", [False, True])
def test_make_events_sorts_same_day_rows(shuffle: bool) -> None:
    rows = [
        ev(0, "withdrew"),
        ev(0, "response"),
        ev(0, "follow_up"),
        ev(0, "interview"),
        ev(0, "applied"),
    ]
    if shuffle:
        rows.reverse()
    events = make_events(rows)
    assert events["event"].tolist() == ["applied", "interview", "follow_up", "response", "withdrew"]


# ---------------------------------------------------------------- dates only assumed

ASSUMED = "date assumed: the card never moved"
#: No FU011 within the few weeks of these logs.
QUIET = Config(idle_days=60)


def test_an_assumed_interview_is_owed_no_thank_you_nor_judged_on_its_late_one() -> None:
    rows = [ev(0, "applied"), ev(2, "interview", notes=ASSUMED), ev(6, "thank_you")]
    assert (4, "FU002") not in check(rows, 10, QUIET)
    rows = [ev(0, "applied"), ev(2, "interview", notes="  Date Assumed")]
    assert check(rows, 10, QUIET) == []
    # Without the note, the same interview is owed a thank-you.
    assert (3, "FU001") in check([ev(0, "applied"), ev(2, "interview")], 10, QUIET)


def test_an_assumed_decision_after_the_round_start_spares_fu001() -> None:
    rows = [ev(0, "applied"), ev(2, "interview"), ev(9, "rejection", notes=ASSUMED)]
    assert check(rows, 12, QUIET) == []
    # A note that does not begin 'date assumed' changes nothing.
    rows[2]["notes"] = "assumed date"
    assert check(rows, 12, QUIET) == [(3, "FU001")]


def test_an_assumed_thank_you_is_not_judged_late() -> None:
    rows = [ev(0, "applied"), ev(2, "interview"), ev(6, "thank_you", notes=ASSUMED)]
    assert check(rows, 10, QUIET) == []


def test_fu005_reads_neither_an_assumed_follow_up_nor_an_assumed_anchor() -> None:
    early = [ev(0, "applied"), ev(2, "interview"), ev(2, "thank_you"), ev(4, "follow_up")]
    assert check(early, 10, QUIET) == [(5, "FU005")]
    early[3]["notes"] = ASSUMED
    assert check(early, 10, QUIET) == []
    anchored = [
        ev(0, "applied"),
        ev(2, "interview"),
        ev(2, "thank_you"),
        ev(10, "response", notes=ASSUMED),
        ev(12, "follow_up"),
    ]
    assert check(anchored, 20, QUIET) == []
    anchored[3]["notes"] = None
    assert check(anchored, 20, QUIET) == [(6, "FU005")]


def test_fu007_and_fu008_read_no_assumed_date() -> None:
    rows = [
        ev(0, "applied"),
        ev(2, "interview", timeline_days=20),
        ev(2, "thank_you"),
        ev(9, "follow_up"),
        ev(10, "follow_up"),
    ]
    assert check(rows, 12, QUIET) == [(6, "FU007"), (6, "FU008")]
    rows[3]["notes"] = ASSUMED  # the previous follow-up of the count: no gap known
    assert check(rows, 12, QUIET) == [(6, "FU008")]
    rows[3]["notes"] = None
    rows[1]["notes"] = ASSUMED  # the row that set the timetable (and opened the round)
    assert check(rows, 12, QUIET) == [(6, "FU007")]


def test_fu011_gives_no_window_to_a_round_opened_or_ended_on_an_assumed_date() -> None:
    config = Config(idle_days=7)
    rows = [ev(0, "applied"), ev(1, "interview"), ev(1, "thank_you"), ev(20, "rejection")]
    assert (3, "FU011") in check(rows, 25, config)
    rows[3]["notes"] = ASSUMED
    assert (3, "FU011") not in check(rows, 25, config)
    rows[3]["notes"] = None
    rows[1]["notes"] = ASSUMED
    assert (3, "FU011") not in check(rows, 25, config)
