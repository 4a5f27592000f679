"""The words of rule messages: what a reader sees for each finding, in plain English.

One test per wording the copy review found wrong, misleading or inconsistent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from followup_stats.actions import next_actions as todo
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.rules.wording import span_text

AS_OF = "2026-10-30"


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path, code: str, **settings: object) -> list[str]:
    found = check(path, config=Config(**settings), as_of=AS_OF)  # type: ignore[arg-type]
    return found.loc[found["code"].eq(code), "message"].tolist()


def all_messages(path: Path, **settings: object) -> list[str]:
    found = check(path, config=Config(**settings), as_of=AS_OF)  # type: ignore[arg-type]
    return found["message"].tolist()


# -- FU008: a final note before, on or after the end of their timetable --------------------


def _timetable_log(note_day: str) -> str:
    # The interview gives a 7-day timetable (ends 8 Oct); follow-up on 8 Oct, final note later.
    return (
        "date,company,role,event,contact_ok_after_days,timeline_days\n"
        "2026-10-01,Acme,A,interview,7,7\n"
        "2026-10-01,Acme,A,thank_you,,\n"
        "2026-10-06,Acme,A,follow_up,,\n"
        f"{note_day},Acme,A,follow_up,,\n"
    )


@pytest.mark.parametrize(
    ("note_day", "expected"),
    [
        (
            "2026-10-10",
            "final note on 10 Oct 2026 came too soon: their timetable ended on 8 Oct 2026, "
            "and a final note is polite only 3 days after that, from 11 Oct 2026",
        ),
        (
            "2026-10-08",
            "final note on 8 Oct 2026 came on the day their timetable ended; "
            "a final note is polite only 3 days after that, from 11 Oct 2026",
        ),
    ],
)
def test_fu008_says_whether_the_timetable_had_ended(
    tmp_path: Path, note_day: str, expected: str
) -> None:
    found = messages(write(tmp_path, _timetable_log(note_day)), "FU008")
    assert found == [expected]


def test_fu008_before_the_timetable_ended(tmp_path: Path) -> None:
    text = _timetable_log("2026-10-08").replace("A,interview,7,7", "A,interview,7,10")
    found = messages(write(tmp_path, text), "FU008")
    assert found == [
        "final note on 8 Oct 2026 came before their timetable ended on 11 Oct 2026; "
        "a final note is polite only 3 days after that, from 14 Oct 2026"
    ]
    found = messages(write(tmp_path, text), "FU008", timeline_grace_days=0)
    assert found == [
        "final note on 8 Oct 2026 came before their timetable ended on 11 Oct 2026; "
        "a final note is polite from that day, 11 Oct 2026"
    ]


# -- FU005 and todo: why the wait was the default one ---------------------------------------

# The interview gives a timetable (for the final note) but no contact timeframe.
TIMETABLE_NO_TIMEFRAME = (
    "date,company,role,event,timeline_days\n"
    "2026-10-14,Delta,Lead,interview,1\n"
    "2026-10-14,Delta,Lead,thank_you,\n"
    "2026-10-15,Delta,Lead,follow_up,\n"
)


def test_fu005_does_not_say_no_timeframe_when_a_timetable_was_given(tmp_path: Path) -> None:
    found = messages(write(tmp_path, TIMETABLE_NO_TIMEFRAME), "FU005")
    assert found == [
        "follow-up on 15 Oct 2026, 1 day after the interview on 14 Oct 2026; with no contact "
        "timeframe agreed at the interview and none given in a reply, the usual wait is 7 days, "
        "so the earliest polite date was 21 Oct 2026"
    ]


def test_todo_names_the_default_wait_the_same_way(tmp_path: Path) -> None:
    text = TIMETABLE_NO_TIMEFRAME.rsplit("\n", 2)[0] + "\n"  # no follow-up yet
    plan = todo(write(tmp_path, text), as_of="2026-10-16")
    assert "no timeframe recorded" not in plan["why"].iloc[0]
    assert (
        "with no contact timeframe agreed at the interview and none given in a reply, "
        "the usual wait is 7 days" in plan["why"].iloc[0]
    )
    before = "date,company,role,event\n2026-10-14,Delta,Lead,applied\n"
    plan = todo(write(tmp_path, before), as_of="2026-10-16")
    assert "with no timeframe given in a reply, the usual wait is 7 days" in plan["why"].iloc[0]


# -- "0 days": things on the same day say so ------------------------------------------------


def test_fu005_on_the_day_the_application_opened(tmp_path: Path) -> None:
    text = "date,company,event\n2026-10-01,Acme,applied\n2026-10-01,Acme,follow_up\n"
    assert messages(write(tmp_path, text), "FU005") == [
        "follow-up on 1 Oct 2026, the day the application opened; with no timeframe given "
        "in a reply, the usual wait is 7 days, so the earliest polite date was 8 Oct 2026"
    ]


def test_fu005_of_a_follow_up_dated_before_the_application_was_sent(tmp_path: Path) -> None:
    """Such a follow-up opens its application (or follows a row as early): it is not
    "on the day the application opened", and the wait counts from the application."""
    text = (
        "date,company,event\n2026-10-05,Acme,applied\n2026-10-01,Acme,follow_up\n"
        "2026-10-03,Acme,update\n"
    )
    found = check(write(tmp_path, text), as_of=AS_OF)
    assert found[["line", "code", "message"]].values.tolist() == [
        [
            3,
            "DQ006",
            "follow-up on 1 Oct 2026 is dated before the application was sent on 5 Oct 2026",
        ],
        [
            3,
            "FU005",
            "follow-up on 1 Oct 2026, 4 days before the application was sent on 5 Oct 2026; "
            "with no timeframe given in a reply, the usual wait is 7 days, so the earliest "
            "polite date was 12 Oct 2026",
        ],
        [
            4,
            "DQ006",
            "update on 3 Oct 2026 is dated before the application was sent on 5 Oct 2026",
        ],
        [
            4,
            "FU005",
            "update on 3 Oct 2026 (no reason given, so it counts as a final note), 2 days before "
            "the application was sent on 5 Oct 2026; with no timeframe given in a reply, the "
            "usual wait is 7 days, so the earliest polite date was 12 Oct 2026",
        ],
        [
            4,
            "FU010",
            "update on 3 Oct 2026 gives no reason (other_offer, portfolio or other), so it "
            "counts as a follow-up (here a final note)",
        ],
    ]
    # Counted from the employer's reply, the wait is said as before.
    reply = "date,company,event\n2026-10-05,Acme,applied\n2026-10-01,Acme,response\n"
    reply += "2026-10-02,Acme,follow_up\n"
    assert messages(write(tmp_path, reply), "FU005") == [
        "follow-up on 2 Oct 2026, 1 day after the employer's reply on 1 Oct 2026; with no "
        "timeframe given in their reply, the usual wait is 7 days, so the earliest polite date "
        "was 8 Oct 2026"
    ]


def test_fu005_on_the_day_of_the_interview_or_of_the_reply(tmp_path: Path) -> None:
    text = (
        "date,company,event,notes\n2026-10-01,Acme,interview,\n2026-10-01,Acme,thank_you,\n"
        "2026-10-01,Acme,follow_up,\n2026-10-05 09:00,Acme,response,\n"
        "2026-10-05 10:00,Acme,follow_up,x\n"
    )
    found = messages(write(tmp_path, text), "FU005")
    assert [m.split(";")[0] for m in found] == [
        "follow-up on 1 Oct 2026, the day of the interview",
        "follow-up on 5 Oct 2026, the day of the employer's reply",
    ]


def test_fu007_on_the_same_day_as_the_previous_follow_up(tmp_path: Path) -> None:
    text = (
        "date,company,event,contact_ok_after_days,notes\n2026-10-01,Acme,interview,7,\n"
        "2026-10-01,Acme,thank_you,,\n2026-10-08,Acme,follow_up,,\n2026-10-08,Acme,follow_up,,b\n"
    )
    assert messages(write(tmp_path, text), "FU007") == [
        "final note on 8 Oct 2026, the same day as the previous follow-up; leave at least 2 days"
    ]


def test_thank_you_rules_with_a_same_day_window(tmp_path: Path) -> None:
    missing = "date,company,event\n2026-10-01,Acme,interview\n"
    assert messages(write(tmp_path, missing), "FU001", thank_you_within_days=0) == [
        "no thank-you after the interview on 1 Oct 2026; it was due the same day"
    ]
    late = missing + "2026-10-02,Acme,thank_you\n"
    assert messages(write(tmp_path, late), "FU002", thank_you_within_days=0) == [
        "thank-you on 2 Oct 2026 came 1 day after the interview on 1 Oct 2026; "
        "send it on the day of the interview"
    ]


def test_todo_with_a_timetable_of_no_days(tmp_path: Path) -> None:
    text = (
        "date,company,event,timeline_days\n2026-10-01,Acme,applied,\n2026-10-10,Acme,response,0\n"
    )
    why = todo(write(tmp_path, text), as_of=AS_OF)["why"].iloc[0]
    assert "0 days" not in why
    assert "their timetable ended on the day of their reply" in why


def test_no_message_says_0_days(tmp_path: Path) -> None:
    text = (
        "date,company,event,contact_ok_after_days,notes\n2026-10-01,Acme,applied,,\n"
        "2026-10-01,Acme,follow_up,,\n2026-10-03,Acme,interview,7,\n"
        "2026-10-03,Acme,follow_up,,\n2026-10-10,Acme,follow_up,,\n2026-10-10,Acme,follow_up,,b\n"
    )
    found = all_messages(write(tmp_path, text), thank_you_within_days=0)
    assert found
    assert not any("0 days" in m for m in found), found


# -- FU011: the idle stretch as a span of days, counted plainly -----------------------------


def test_fu011_states_the_span_and_its_inclusive_count(tmp_path: Path) -> None:
    """The whole idle run is said, to the as-of date when it reaches it ("and still on"),
    not only the first ``idle_days`` + 1 days up to the day the finding is dated."""
    text = "date,company,event\n2026-09-03,Acme,interview\n2026-09-03,Acme,thank_you\n"
    found = check(write(tmp_path, text), as_of=AS_OF, config=Config(select=("FU011",)))
    assert found["date"].tolist() == [pd.Timestamp("2026-09-10")]  # dated as the rule says
    assert found["message"].tolist() == [
        "from 3 Sep and still on 30 Oct 2026 (58 days, both included) you sent no application "
        "and did no networking while you waited on Acme (interview 3 Sep 2026)"
    ]
    ended = text + "2026-09-20,Beta,applied\n"
    assert messages(write(tmp_path, ended), "FU011")[0] == (
        "from 3 to 19 Sep 2026 (17 days, both included) you sent no application and did no "
        "networking while you waited on Acme (interview 3 Sep 2026)"
    )


def test_fu011_names_every_interview_waited_on_over_the_run(tmp_path: Path) -> None:
    """The run began before Globex's interview: the message does not say Globex's was open
    all along, but names it (the rule's pick, whose line the finding is on) and the other
    one waited on."""
    path = write(
        tmp_path,
        "date,company,event\n2026-10-05,Acme,interview\n2026-10-05,Acme,thank_you\n"
        "2026-10-10,Globex,interview\n2026-10-10,Globex,thank_you\n"
        "2026-10-20,Acme,rejection\n2026-10-25,Initech,applied\n",
    )
    found = check(path, as_of=AS_OF, config=Config(select=("FU011",)))
    assert found[["line", "date", "message"]].values.tolist() == [
        [
            4,
            pd.Timestamp("2026-10-12"),
            "from 5 to 24 Oct 2026 (20 days, both included) you sent no application and did "
            "no networking while you waited on Globex (interview 10 Oct 2026) and 1 other "
            "interview",
        ]
    ]


def test_span_text_shortens_what_the_two_days_share() -> None:
    first = pd.Series(pd.to_datetime(["2026-09-03", "2026-09-28", "2026-12-28"]))
    last = pd.Series(pd.to_datetime(["2026-09-10", "2026-10-05", "2027-01-04"]))
    assert span_text(first, last).tolist() == [
        "3 to 10 Sep 2026",
        "28 Sep to 5 Oct 2026",
        "28 Dec 2026 to 4 Jan 2027",
    ]


# -- one update without a reason is called the same in every rule --------------------------


def test_an_update_without_a_reason_keeps_its_name(tmp_path: Path) -> None:
    text = (
        "date,company,role,event,channel,timeline_days,reason\n"
        "2026-10-01,Acme,A,interview,video,,\n"
        "2026-10-01,Acme,A,thank_you,email,,\n"
        "2026-10-09,Acme,A,follow_up,email,,\n"
        "2026-10-16,Acme,A,response,email,2,\n"
        "2026-10-17,Acme,A,follow_up,email,,\n"
        "2026-10-18,Acme,A,update,email,,\n"
    )
    found = check(write(tmp_path, text), as_of=AS_OF)
    on_update = found[found["line"].eq(7)]
    assert set(on_update["code"]) == {"FU007", "FU008", "FU010"}
    for message in on_update["message"]:
        assert message.startswith("update on 18 Oct 2026"), message
        assert "final note on 18 Oct" not in message
    assert "(no reason given, so it counts as a final note)" in on_update["message"].iloc[0]
    assert on_update["message"].iloc[-1].endswith("so it counts as a follow-up (here a final note)")


def test_fu006_on_an_update_without_a_reason_keeps_its_name(tmp_path: Path) -> None:
    text = (
        "date,company,role,event,asked_permission\n"
        "2026-10-01,Acme,A,interview,no\n"
        "2026-10-01,Acme,A,thank_you,\n"
        "2026-10-09,Acme,A,update,\n"
        "2026-10-20,Acme,A,follow_up,\n"
    )
    found = check(write(tmp_path, text), as_of=AS_OF)
    fu006 = found[found["code"].eq("FU006")]
    assert fu006["line"].tolist() == [4]  # once per round, on its first numbered follow-up
    assert fu006["message"].tolist() == [
        "update on 9 Oct 2026 (no reason given, so it counts as a follow-up) although you"
        " had not asked permission to get in touch at the interview on 1 Oct 2026"
    ]
    followed = write(tmp_path, text.replace("update", "follow_up"), "followed.csv")
    assert messages(followed, "FU006") == [
        "follow-up on 9 Oct 2026 although you had not asked permission to get in touch at"
        " the interview on 1 Oct 2026"
    ]


# -- FU012: channels in words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        ("linkedin", "was sent on LinkedIn"),
        ("in_person", "was said in person"),
        ("portal", "was sent through a job portal"),
        ("video", "was said by video call"),
        ("phone", "was said by phone"),
        ("other", "went by a channel other than email"),
    ],
)
def test_fu012_names_the_channel_in_words(tmp_path: Path, channel: str, words: str) -> None:
    text = (
        "date,company,event,channel\n2026-10-01,Acme,interview,\n"
        f"2026-10-01,Acme,thank_you,{channel}\n"
    )
    assert messages(write(tmp_path, text), "FU012") == [
        f"thank-you on 1 Oct 2026 {words}; a short email is the usual way to thank the "
        "interview team"
    ]


# -- data-quality messages ------------------------------------------------------------------


def test_dq006_and_dq008_name_events_in_words(tmp_path: Path) -> None:
    text = (
        "date,company,event\n2026-10-05,Acme,applied\n2026-10-01,Acme,follow_up\n"
        "2026-09-30,Acme,response\n2026-11-04,Acme,thank_you\n2026-11-05,Acme,accepted\n"
    )
    found = check(write(tmp_path, text), as_of=AS_OF)
    shown = found.loc[found["code"].isin(["DQ006", "DQ008"]), "message"].tolist()
    assert shown == [
        "follow-up on 1 Oct 2026 is dated before the application was sent on 5 Oct 2026",
        "employer's reply on 30 Sep 2026 is dated before the application was sent on 5 Oct 2026",
        "thank-you on 4 Nov 2026 is after the as-of date 30 Oct 2026; kept but not judged",
        "offer accepted on 5 Nov 2026 is after the as-of date 30 Oct 2026; kept but not judged",
    ]
    assert not any("_" in message for message in shown)


def test_dq004_names_the_row_a_field_is_not_read_on_in_words(tmp_path: Path) -> None:
    text = (
        "date,company,event,timeline_days\n2026-10-01,Acme,applied,7\n"
        "2026-10-08,Acme,follow_up,30\n2026-10-09,Acme,update,30\n"
        "2026-10-10,Acme,accepted,7\n2026-10-11,,networking,7\n2026-10-12,Beta,declined,7\n"
    )
    assert messages(write(tmp_path, text), "DQ004") == [
        "timeline_days is read only on interview and response rows, so '7' on this "
        "application is not used",
        "timeline_days is read only on interview and response rows, so '30' on this "
        "follow-up is not used",
        "timeline_days is read only on interview and response rows, so '30' on this "
        "update is not used",
        "timeline_days is read only on interview and response rows, so '7' on this "
        "row accepting an offer is not used",
        "timeline_days is read only on interview and response rows, so '7' on this "
        "networking row is not used",
        "timeline_days is read only on interview and response rows, so '7' on this "
        "row declining an offer is not used",
    ]


def test_dq004_quotes_a_value_not_read_on_its_row_as_other_values_are(tmp_path: Path) -> None:
    """A value off its row is quoted, a long one cut and an invisible character written
    out, as a malformed value is: words in ``reason`` would otherwise run into the
    sentence ("the position filled on this rejection"), a note-long one in full."""
    note = "the position was filled internally and they will keep my CV on file for a year"
    text = (
        "date,company,event,reason\n2026-10-01,Acme,applied,\n"
        f'2026-10-08,Acme,rejection,"{note}"\n2026-10-09,Acme,follow_up,other\u200b\n'
    )
    assert messages(write(tmp_path, text), "DQ004") == [
        "reason is read only on update rows, so 'the position was filled internally and they "
        "will keep my ...' on this rejection is not used",
        "reason is read only on update rows, so 'other\\u200b' on this follow-up is not used",
    ]


def test_a_repeated_header_row_names_no_company(tmp_path: Path) -> None:
    text = (
        "date,company,role,event\n2026-10-01,Acme,A,applied\n"
        "date,company,role,event\n2026-10-02,Acme,A,response\n"
    )
    found = check(write(tmp_path, text), as_of=AS_OF)
    header = found[found["code"].eq("DQ002")]
    assert header["line"].tolist() == [3]
    assert header["company"].isna().all()
    assert header["application_id"].isna().all()
    assert header["message"].tolist() == ["a repeated header row, not an event; row not loaded"]


def test_dq005_says_the_same_within_a_file_and_across_files(tmp_path: Path) -> None:
    row = "2026-10-01,Ann,Acme,A,applied\n"
    header = "date,candidate,company,role,event\n"
    first = write(tmp_path, header + row + row, "a.csv")
    later = write(tmp_path, header + row, "b.csv")
    found = check([first, later], as_of=AS_OF)
    assert found.loc[found["code"].eq("DQ005"), "message"].tolist() == [
        "exact duplicate of line 2; this copy not loaded",
        f"exact duplicate of line 2 of {first}; this copy not loaded",
    ]


def test_the_default_wait_after_a_reply_names_their_reply(tmp_path: Path) -> None:
    text = (
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-05,Acme,response\n"
        "2026-10-08,Acme,follow_up\n"
    )
    assert messages(write(tmp_path, text), "FU005") == [
        "follow-up on 8 Oct 2026, 3 days after the employer's reply on 5 Oct 2026; with no "
        "timeframe given in their reply, the usual wait is 7 days, so the earliest polite date "
        "was 12 Oct 2026"
    ]


# -- found by the diff review: a one-day idle span, one final note ---------------------------


def test_fu011_with_idle_days_zero_names_the_one_day(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,company,role,event,asked_permission,asked_next_steps,timeline_days\n"
        "2026-09-01,Acme,Analyst,applied,,,\n"
        "2026-09-05,Acme,Analyst,interview,yes,yes,20\n"
        "2026-09-05,Acme,Analyst,thank_you,,,\n"
        "2026-09-06,Beta,Analyst,applied,,,\n",
    )
    found = check(path, config=Config(idle_days=0, select=("FU011",)), as_of="2026-09-08")
    assert found["message"].tolist() == [
        "on 5 Sep 2026 you sent no application and did no networking while you waited on "
        "Acme (interview 5 Sep 2026)",
        "from 7 Sep and still on 8 Sep 2026 (2 days, both included) you sent no application "
        "and did no networking while you waited on Acme (interview 5 Sep 2026)",
    ]


def test_a_span_of_one_day_is_that_day() -> None:
    days = pd.Series(pd.to_datetime(["2026-09-05", "2026-09-03"]))
    assert span_text(days, pd.Series(pd.to_datetime(["2026-09-05", "2026-09-10"]))).tolist() == [
        "5 Sep 2026",
        "3 to 10 Sep 2026",
    ]


def test_a_patience_note_about_one_final_note_is_singular(tmp_path: Path) -> None:
    from followup_stats.stats import patience

    path = write(
        tmp_path,
        "date,company,role,event,asked_permission\n"
        "2026-09-01,Acme,Analyst,applied,\n"
        "2026-09-05,Acme,Analyst,interview,yes\n"
        "2026-09-05,Acme,Analyst,thank_you,\n"
        "2026-09-13,Acme,Analyst,follow_up,\n"
        "2026-09-17,Acme,Analyst,follow_up,\n"
        "2026-09-20,Acme,Analyst,rejection,\n",
    )
    notes = " ".join(patience(path, as_of=AS_OF)["note"].dropna())
    assert "1 second follow-up (the final note)" in notes
    assert "follow-up (final notes)" not in notes


# -- the coach's voice: messages about a client, not to them ---------------------------------


def test_the_coachs_messages_speak_of_the_candidate(tmp_path: Path) -> None:
    """FU003, FU004, FU006 and FU011 say "you did not ask ...", "you sent no application":
    right for the job seeker, wrong in a coach's review of a client. ``voice="coach"``
    words them in the third person; the default keeps "you"."""
    path = write(
        tmp_path,
        "date,company,role,event,asked_next_steps,asked_permission\n"
        "2026-10-01,Acme,Analyst,interview,no,no\n"
        "2026-10-01,Acme,Analyst,thank_you,,\n"
        "2026-10-09,Acme,Analyst,follow_up,,\n",
    )

    def said(voice: str) -> dict[str, str]:
        found = check(path, as_of="2026-10-20", voice=voice)  # type: ignore[arg-type]
        return dict(zip(found["code"], found["message"], strict=True))

    assert said("coach") == {
        "FU003": "the candidate did not ask about next steps at the interview on 1 Oct 2026 "
        "and no timetable is recorded for this round",
        "FU004": "the candidate did not ask at the interview on 1 Oct 2026 whether and when "
        "they may get in touch",
        "FU006": "follow-up on 9 Oct 2026 although the candidate had not asked permission to "
        "get in touch at the interview on 1 Oct 2026",
        "FU011": "from 1 Oct and still on 20 Oct 2026 (20 days, both included) the candidate "
        "sent no application and did no networking while they waited on Acme (interview "
        "1 Oct 2026)",
    }
    assert said("candidate") == {
        "FU003": "you did not ask about next steps at the interview on 1 Oct 2026 and no "
        "timetable is recorded for this round",
        "FU004": "you did not ask at the interview on 1 Oct 2026 whether and when you may get "
        "in touch",
        "FU006": "follow-up on 9 Oct 2026 although you had not asked permission to get in "
        "touch at the interview on 1 Oct 2026",
        "FU011": "from 1 Oct and still on 20 Oct 2026 (20 days, both included) you sent no "
        "application and did no networking while you waited on Acme (interview 1 Oct 2026)",
    }


def test_one_loaded_log_is_checked_in_either_voice(tmp_path: Path) -> None:
    """The coach's check of a loaded log shares its tables and leaves the default voice
    of later checks of the same log as it was."""
    from followup_stats.load import load_log

    path = write(
        tmp_path,
        "date,company,role,event,asked_permission\n2026-10-01,Acme,Analyst,interview,no\n",
    )
    loaded = load_log(path, as_of="2026-10-20")
    coach = (
        "the candidate did not ask at the interview on 1 Oct 2026 whether and when they may "
        "get in touch"
    )
    candidate = (
        "you did not ask at the interview on 1 Oct 2026 whether and when you may get in touch"
    )
    said = [
        check(loaded, voice="coach").set_index("code")["message"].get("FU004"),
        check(loaded).set_index("code")["message"].get("FU004"),
        check(loaded, voice="coach").set_index("code")["message"].get("FU004"),
        check(loaded, voice="candidate").set_index("code")["message"].get("FU004"),
    ]
    assert said == [coach, candidate, coach, candidate]
