"""The loader: encodings, delimiters, headers, values, keys, and every row accounted for."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_stats import parse
from followup_stats.config import Config
from followup_stats.errors import LogFormatError, UsageError
from followup_stats.importers import wide
from followup_stats.load import load_log
from followup_stats.vocab import CHANNEL_SYNONYMS, EVENT_SYNONYMS

AS_OF = "2026-11-20"

CLEAN = """date,company,role,event,channel,asked_next_steps,contact_ok_after_days
2026-10-01,Hooli,Analyst,applied,portal,,
2026-10-08,Hooli,Analyst,interview,video,yes,10
2026-10-08,Hooli,Analyst,thank you note,email,,
"""


def write(tmp_path: Path, text: str, name: str = "log.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def codes_by_line(path: Path | pd.DataFrame, **kwargs: object) -> set[tuple[int, str]]:
    quality = load_log(path, as_of=AS_OF, **kwargs).quality  # type: ignore[arg-type]
    return set(zip(quality["line"], quality["code"], strict=True))


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("\ufeff" + CLEAN, "utf-8"),
        (CLEAN.replace(",", ";"), "utf-8"),
        (CLEAN.replace(",", "\t"), "utf-8"),
        (CLEAN.replace("Hooli", "Café Crème"), "cp1252"),
        (CLEAN.replace("\n", "\r\n"), "utf-8"),
        (CLEAN.replace("\n", "\r"), "utf-8"),
        (CLEAN, "utf-16"),
        (
            CLEAN.replace(
                "date,company,role,event,channel,asked_next_steps,contact_ok_after_days",
                " Date ,COMPANY,Role,Event , Channel,Asked-Next Steps,Contact OK After_Days",
            ),
            "utf-8",
        ),
    ],
    ids=["bom", "semicolon", "tab", "cp1252", "crlf", "old-mac", "utf16", "messy-header"],
)
def test_variants_load_cleanly(tmp_path: Path, text: str, encoding: str) -> None:
    log = load_log(write(tmp_path, text, encoding=encoding), as_of=AS_OF)
    assert log.quality.empty, log.quality
    assert list(log.events["line"]) == [2, 3, 4]
    assert list(log.events["event"].astype(str)) == ["applied", "interview", "thank_you"]
    assert log.events["contact_ok_after_days"].tolist()[1] == 10
    assert bool(log.events["asked_permission"].iloc[1]) is True  # implied by contact_ok


def test_cp1252_text_survives(tmp_path: Path) -> None:
    log = load_log(write(tmp_path, CLEAN.replace("Hooli", "Café"), encoding="cp1252"), as_of=AS_OF)
    assert set(log.events["company"]) == {"Café"}


BAD = """date,company,role,event,contact_ok_after_days,timeline_days,asked_permission
2026-10-01,Hooli,Analyst,applied,,,
next tuesday,Hooli,Analyst,follow_up,,,
2026-10-02,Hooli,Analyst,dance,,,
2026-10-03,,Analyst,applied,,,
2026-10-04,Initech,Dev,applied,about a week,-3,maybe
2026-10-04,Initech,Dev,applied,about a week,-3,maybe
11/3/2026,Initech,Dev,response,,,
2026-10-05,Initech,Dev,interview,,,
2026-12-30,Initech,Dev,offer,,,
"""


def test_bad_rows_are_reported_on_their_lines(tmp_path: Path) -> None:
    log = load_log(write(tmp_path, BAD), as_of=AS_OF)
    found = set(zip(log.quality["line"], log.quality["code"], strict=True))
    assert found == {
        (3, "DQ001"),
        (4, "DQ002"),
        (5, "DQ003"),
        (6, "DQ004"),  # contact_ok_after_days
        (7, "DQ005"),
        (8, "DQ010"),
        (10, "DQ008"),
    }
    assert (log.quality["code"] == "DQ004").sum() == 3  # three bad values on line 6
    assert set(log.rejects["line"]) == {3, 4, 5, 7, 8}
    # The rest is still loaded and typed.
    assert sorted(log.events["line"]) == [2, 6, 9, 10]
    row = log.events[log.events["line"] == 6].iloc[0]
    assert pd.isna(row["contact_ok_after_days"]) and pd.isna(row["timeline_days"])
    assert pd.isna(row["asked_permission"])
    assert log.events.loc[log.events["line"] == 10, "after_as_of"].item()


# A field read only on some rows (DESIGN.md section 2): elsewhere it is blanked with DQ004.
@pytest.mark.parametrize(
    ("column", "value", "read_on", "elsewhere", "message"),
    [
        (
            "asked_next_steps",
            "yes",
            "interview",
            "follow_up",
            "asked_next_steps is read only on interview rows, so 'yes' on this follow-up "
            "is not used",
        ),
        (
            "asked_permission",
            "no",
            "interview",
            "thank_you",
            "asked_permission is read only on interview rows, so 'no' on this thank-you "
            "is not used",
        ),
        (
            "contact_ok_after_days",
            "5",
            "interview",
            "response",
            "contact_ok_after_days is read only on interview rows, so '5' on this "
            "employer's reply is not used",
        ),
        (
            "timeline_days",
            "30",
            "response",
            "follow_up",
            "timeline_days is read only on interview and response rows, so '30' on this "
            "follow-up is not used",
        ),
        (
            "reason",
            "other_offer",
            "update",
            "withdrew",
            "reason is read only on update rows, so 'other_offer' on this withdrawal is not used",
        ),
    ],
)
def test_a_field_is_read_only_on_its_rows(
    tmp_path: Path, column: str, value: str, read_on: str, elsewhere: str, message: str
) -> None:
    def log_with(event: str) -> pd.DataFrame | Path:
        text = (
            f"date,company,role,event,{column}\n2026-10-01,Hooli,Analyst,applied,\n"
            f"2026-10-02,Hooli,Analyst,interview,\n2026-10-09,Hooli,Analyst,{event},{value}\n"
        )
        return write(tmp_path, text)

    read = load_log(log_with(read_on), as_of=AS_OF)
    assert read.quality.empty, read.quality
    assert read.events.loc[read.events["line"] == 4, column].notna().item()

    found = load_log(log_with(elsewhere), as_of=AS_OF)
    quality = found.quality
    assert quality[["line", "code", "column", "value"]].values.tolist() == [
        [4, "DQ004", column, value]
    ]
    assert quality["message"].tolist() == [message]
    assert not quality["rejected"].any()
    assert sorted(found.events["line"]) == [2, 3, 4]  # the row is kept, the value blanked
    assert found.events[column].isna().all()


def test_contact_ok_off_an_interview_implies_no_permission(tmp_path: Path) -> None:
    text = (
        "date,company,role,event,contact_ok_after_days\n"
        "2026-10-02,Hooli,Analyst,interview,\n2026-10-09,Hooli,Analyst,response,5\n"
    )
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.events["asked_permission"].isna().all()
    assert log.quality["code"].tolist() == ["DQ004"]


def test_a_bad_value_off_its_rows_is_reported_once(tmp_path: Path) -> None:
    # Off its rows a value is said to be unused, readable or not ('soon', 'position
    # filled' on a rejection is no bad update reason); on its rows a bad one is malformed.
    text = (
        "date,company,role,event,timeline_days,asked_permission,reason\n"
        "2026-10-09,Hooli,Analyst,follow_up,soon,yes,\n"
        "2026-10-10,Hooli,Analyst,rejection,,,position filled\n"
        "2026-10-11,Hooli,Analyst,response,soon,,\n"
    )
    quality = load_log(write(tmp_path, text), as_of=AS_OF).quality
    assert sorted(quality["message"].tolist()) == [
        "asked_permission is read only on interview rows, so 'yes' on this follow-up is not used",
        "reason is read only on update rows, so 'position filled' on this rejection is not used",
        "timeline_days is read only on interview and response rows, so 'soon' on this "
        "follow-up is not used",
        "timeline_days: expected a whole number of days (0 to 3650), got 'soon'; "
        "the value is ignored",
    ]
    assert sorted(quality["line"].tolist()) == [2, 2, 3, 4]


def test_numeric_dates_read_with_a_configured_format(tmp_path: Path) -> None:
    path = write(tmp_path, "date,company,event\n11/3/2026,Hooli,applied\n")
    assert codes_by_line(path) == {(2, "DQ010")}
    log = load_log(path, config=Config(date_format="%m/%d/%Y"), as_of=AS_OF)
    assert log.events["date"].iloc[0] == pd.Timestamp("2026-11-03")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03", "2026-11-03 00:00"),
        ("3 Nov 2026", "2026-11-03 00:00"),
        ('"Nov 3, 2026"', "2026-11-03 00:00"),
        ("November 3 2026", "2026-11-03 00:00"),
        ("2026-11-03T09:30", "2026-11-03 09:30"),
        ("2026-11-03T23:30:00-05:00", "2026-11-04 04:30"),
        ("2026-11-03T10:00:00Z", "2026-11-03 10:00"),
    ],
)
def test_date_forms(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, f"date,company,event\n{text},Hooli,applied\n")
    log = load_log(path, as_of=AS_OF)
    assert log.quality.empty
    assert log.events["date"].iloc[0] == pd.Timestamp(expected)


def test_aware_times_convert_to_the_configured_zone(tmp_path: Path) -> None:
    path = write(tmp_path, "date,company,event\n2026-11-03T23:30:00-05:00,Hooli,applied\n")
    log = load_log(path, config=Config(timezone="America/New_York"), as_of=AS_OF)
    assert log.events["day"].iloc[0] == pd.Timestamp("2026-11-03")
    assert bool(log.events["has_time"].iloc[0])


@pytest.mark.parametrize(
    ("label", "event"),
    [
        ("Thank-You", "thank_you"),
        ("thank you note", "thank_you"),
        ("Followed up", "follow_up"),
        ("callback", "response"),
        ("ACCEPTED", "accepted"),
        ("declined", "declined"),
        ("Networking", "networking"),
        ("phone screen", "interview"),
        # What job seekers write: these were rows not loaded (DQ002).
        ("Phone interview", "interview"),
        ("Video interview", "interview"),
        ("Screening call", "interview"),
        ("Email follow-up", "follow_up"),
        ("Application submitted", "applied"),
        ("Not selected", "rejection"),
        ("Sent thank you email", "thank_you"),
        # A trailing remark in parentheses is detail: these were rows not loaded (DQ002).
        ("Interview (onsite)", "interview"),
        ("Phone screen (30 min)", "interview"),
        ("Offer (verbal)", "offer"),
        ("Rejected (no feedback)", "rejection"),
        ("Not selected (email)", "rejection"),
        ("Interview - onsite", "interview"),
    ],
)
def test_event_synonyms(tmp_path: Path, label: str, event: str) -> None:
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    assert load_log(path, as_of=AS_OF).events["event"].astype(str).tolist() == [event]


def test_a_label_saying_a_step_did_not_happen_is_not_taken_for_the_step(tmp_path: Path) -> None:
    # "No response" is close to "response" letter by letter: "did you mean response?"
    # asked the user to log an answer that never came.
    path = write(
        tmp_path,
        "date,company,event\n2026-11-03,Hooli,No response\n2026-11-03,Acme,Not interviewed\n"
        "2026-11-03,Beta,Respnse\n",
    )
    found = load_log(path, as_of=AS_OF).quality.sort_values("line")
    messages = found["message"].tolist()
    assert messages[0].startswith("unknown event 'No response' (known: accepted, applied,")
    assert messages[1].startswith("unknown event 'Not interviewed' (known: accepted,")
    assert messages[2].startswith("unknown event 'Respnse' (did you mean response? known:")


def test_a_remark_saying_a_step_did_not_happen_keeps_the_label_unread(tmp_path: Path) -> None:
    # A remark is taken off "Interview (onsite)", but not where it says the step did not
    # happen, or where the label itself says so: none of these is an event, nor guessed at.
    labels = ["No response (yet)", "Interview (cancelled)", "Offer (rescinded)", "Offer (?)"]
    # Not yet, or not at all: "Offer (pending)" was read as an offer that closes the
    # application, "Follow up (todo)" as a follow-up sent (an FU005 error).
    labels += ["Offer (pending)", "Offer (no offer)", "Response (none yet)", "Response (no reply)"]
    labels += ["Follow up (todo)", "Interview (scheduled)", "Interview (declined)"]
    path = write(
        tmp_path,
        "date,company,event\n" + "".join(f"2026-11-03,Hooli,{label}\n" for label in labels),
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    found = log.quality.sort_values("line")
    assert found["code"].tolist() == ["DQ002"] * len(labels)
    for label, message in zip(labels, found["message"], strict=True):
        assert message.startswith(f"unknown event '{label}' (known: accepted, applied,")


@pytest.mark.parametrize(
    "label",
    [
        "Rejection (not a fit)",
        "Rejected (not a good fit)",
        "Rejected - not a fit",
        "Not selected (not a fit)",
        "Rejected (not the right fit)",
        "Rejected (not enough experience)",
        "Rejected - not moving forward",
        "Unsuccessful (no visa sponsorship)",
    ],
)
def test_a_remark_giving_the_reason_for_a_rejection_keeps_the_rejection(
    tmp_path: Path, label: str
) -> None:
    # Its "not" says why the employer said no, not that they did not: these were rows not
    # loaded (DQ002), with the application left open.
    path = write(
        tmp_path, f"date,company,event\n2026-11-01,Hooli,applied\n2026-11-03,Hooli,{label}\n"
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events["event"].astype(str).tolist() == ["applied", "rejection"]
    assert log.quality.empty


def test_a_reason_remark_reads_only_a_rejection_and_not_a_step_yet_to_come(
    tmp_path: Path,
) -> None:
    # A reason is detail of a rejection only; a remark saying the step has not happened (or
    # may not) keeps any label unread, a rejection's too, reason or not.
    labels = ["Offer (not accepted)", "Interview (not confirmed)", "Offer (not a fit)"]
    labels += ["Interview - not a fit", "Rejection (not yet)", "Rejection (not sent)"]
    labels += ["Rejection (cancelled)", "Rejected (pending)", "Rejection (none yet)"]
    labels += ["Rejection - todo", "Rejection (scheduled)", "Rejected (not a fit; pending)"]
    labels += ["Rejected (not moving forward yet)"]
    path = write(
        tmp_path,
        "date,company,event\n" + "".join(f"2026-11-03,Hooli,{label}\n" for label in labels),
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    found = log.quality.sort_values("line")
    assert found["code"].tolist() == ["DQ002"] * len(labels)
    for label, message in zip(labels, found["message"], strict=True):
        assert message.startswith(f"unknown event '{label}' (known: accepted, applied,")


@pytest.mark.parametrize(
    ("label", "guess"),
    [
        ("Rejectd (not a fit)", "rejection"),
        ("Rejectd - not moving forward", "rejection"),
        ("Unsucessful (no visa sponsorship)", "rejection"),
        ("Intervew (onsite)", "interview"),
        ("Ofer (verbal)", "offer"),
    ],
)
def test_a_misspelt_label_with_a_remark_is_guessed_from_the_label(
    tmp_path: Path, label: str, guess: str
) -> None:
    # The guess was made from the whole text, remark and all: "Rejectd (not a fit)" got none.
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    found = load_log(path, as_of=AS_OF).quality
    assert found["code"].tolist() == ["DQ002"]
    assert (
        found["message"]
        .iloc[0]
        .startswith(f"unknown event '{label}' (did you mean {guess}? known: accepted,")
    )


def test_a_misspelt_label_whose_remark_says_not_happened_gets_no_guess(tmp_path: Path) -> None:
    # "did you mean rejection?" would ask the user to log a rejection still to come; a reason
    # is detail of a rejection only, so a misspelt interview's "not a fit" denies it too.
    labels = ["Rejectd (pending)", "Rejectd (cancelled)", "Rejectd (not a fit; pending)"]
    labels += ["Intervew (not a fit)", "Ofer (not a fit)", "Ofer (?)", "Intervew - cancelled"]
    path = write(
        tmp_path,
        "date,company,event\n" + "".join(f"2026-11-03,Hooli,{label}\n" for label in labels),
    )
    found = load_log(path, as_of=AS_OF).quality.sort_values("line")
    assert found["code"].tolist() == ["DQ002"] * len(labels)
    for label, message in zip(labels, found["message"], strict=True):
        assert message.startswith(f"unknown event '{label}' (known: accepted, applied,")


def test_a_remark_naming_another_step_keeps_the_label_unread(tmp_path: Path) -> None:
    # "Interview - rejected" is a rejection after an interview, not an interview: read
    # without its remark, it was counted as an interview still open (todo offered a
    # follow-up) and the rejection was lost. Two steps in one cell are not guessed at.
    labels = ["Interview - rejected", "Applied - rejected", "Phone screen \u2013 offer"]
    labels += ["Interview (rejection)", "Interview (offer)", "Follow-up - response"]
    path = write(
        tmp_path,
        "date,company,event\n" + "".join(f"2026-11-03,Hooli,{label}\n" for label in labels),
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    found = log.quality.sort_values("line")
    assert found["code"].tolist() == ["DQ002"] * len(labels)
    for label, message in zip(labels, found["message"], strict=True):
        assert message.startswith(f"unknown event '{label}' (two steps in one cell: ")
        assert "did you mean" not in message  # a guess at one would drop the other
    assert found["message"].iloc[0] == (
        "unknown event 'Interview - rejected' (two steps in one cell: interview and "
        "rejection; write one row per step); row not loaded"
    )
    assert (
        found["message"]
        .iloc[4]
        .startswith(
            "unknown event 'Interview (offer)' (two steps in one cell: interview and offer;"
        )
    )
    # A remark naming the same step is detail still.
    path = write(tmp_path, "date,company,event\n2026-11-03,Hooli,Interview - phone screen\n")
    assert load_log(path, as_of=AS_OF).events["event"].astype(str).tolist() == ["interview"]


def test_two_steps_in_one_cell_are_said_with_no_guess(tmp_path: Path) -> None:
    # "did you mean interview?" for "Interview - rejected" would have the user drop the
    # rejection: the message names both steps instead, misspelt ones read as a guess is.
    labels = ["Intervew - rejected", "Follow-up - response", "Interview - phone screen"]
    parsed = parse.parse_label(pd.Series(labels, dtype="string"), EVENT_SYNONYMS, "event")
    assert parsed["suggested"].isna().all()
    assert parsed["first_step"].tolist() == ["interview", "follow_up", pd.NA]
    assert parsed["second_step"].tolist() == ["rejection", "response", pd.NA]
    assert parsed["problem"].tolist()[:2] == [
        "unknown event 'Intervew - rejected' (two steps in one cell: interview and "
        "rejection; write one row per step)",
        "unknown event 'Follow-up - response' (two steps in one cell: follow_up and "
        "response; write one row per step)",
    ]
    assert parsed["value"].tolist() == [pd.NA, pd.NA, "interview"]
    # A channel's cell naming two channels gets no guess either.
    channels = parse.parse_label(
        pd.Series(["email - linkedin"], dtype="string"), CHANNEL_SYNONYMS, "channel"
    )
    assert (
        channels["problem"]
        .iloc[0]
        .startswith(
            "unknown channel 'email - linkedin' (two channels in one cell: email and linkedin; "
            "known: email,"
        )
    )
    # The interview of such a cell is still named when a thank-you follows it (DQ007).
    path = write(
        tmp_path,
        "date,company,event\n2026-11-01,Hooli,applied\n2026-11-03,Hooli,Interview - rejected\n"
        "2026-11-04,Hooli,thank you\n",
    )
    quality = load_log(path, as_of=AS_OF).quality
    dq007 = quality.loc[quality["code"].eq("DQ007"), "message"].tolist()
    assert dq007 == [
        "thank-you on 4 Nov 2026 comes before any interview of this application "
        "(line 3 was not loaded and may be it)"
    ]


def test_a_misspelt_or_nested_remark_naming_another_step_is_two_steps(tmp_path: Path) -> None:
    # "Interview - rejectd" was read as an interview with a remark of detail: the
    # rejection was lost. A remark is read as a guess reads it, and a remark of a remark
    # ("Rejected - not a fit") is taken off as it would be on its own.
    labels = ["Interview - rejectd", "Applied - Rejected - not a fit", "Offer (rejectd)"]
    path = write(
        tmp_path,
        "date,company,event\n" + "".join(f"2026-11-03,Hooli,{label}\n" for label in labels),
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    assert log.quality.sort_values("line")["message"].tolist() == [
        "unknown event 'Interview - rejectd' (two steps in one cell: interview and "
        "rejection; write one row per step); row not loaded",
        "unknown event 'Applied - Rejected - not a fit' (two steps in one cell: applied and "
        "rejection; write one row per step); row not loaded",
        "unknown event 'Offer (rejectd)' (two steps in one cell: offer and rejection; "
        "write one row per step); row not loaded",
    ]
    # A remark close to the same step, or to none, or nested with detail, is detail still;
    # a remark that itself holds two steps is not.
    labels = ["Interview - intervew", "Interview - phone screen - 30 min", "Applied - remote"]
    labels += ["Applied - Interview - rejected"]
    parsed = parse.parse_label(pd.Series(labels, dtype="string"), EVENT_SYNONYMS, "event")
    assert parsed["value"].tolist() == ["interview", "interview", "applied", pd.NA]


@pytest.mark.parametrize(
    ("label", "suggested"),
    [
        ("Offer (acepted)", "accepted"),
        ("Offer (declind)", "declined"),
        ("Offer - acceptd", "accepted"),
        ("Declined (ofer)", "declined"),
        ("acepted", "accepted"),
        ("offer acepted", "accepted"),
        # The label misspelt, its answer spelt right or not.
        ("Ofer (accepted)", "accepted"),
        ("Ofer - accepted", "accepted"),
        ("Ofer (acepted)", "accepted"),
        ("Accepted (ofer)", "accepted"),
        # A remark that would deny the step, were the label not an offer misspelt.
        ("Ofer - declined", "declined"),
        ("Ofer (declined)", "declined"),
    ],
)
def test_a_misspelt_answer_to_an_offer_is_one_step_to_suggest(
    tmp_path: Path, label: str, suggested: str
) -> None:
    # "Offer (accepted)" reads as accepted, and a plain "acepted" is told "did you mean
    # accepted?"; "Offer (acepted)" was told it holds two steps (offer and accepted).
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    assert log.quality["message"].tolist() == [
        f"unknown event '{label}' (did you mean {suggested}? known: accepted, applied, "
        "declined, follow_up, interview, networking, offer, rejection, response, thank_you, "
        "update, withdrew); row not loaded"
    ]
    parsed = parse.parse_label(pd.Series([label], dtype="string"), EVENT_SYNONYMS, "event")
    assert parsed["suggested"].tolist() == [suggested]
    assert parsed["first_step"].isna().all()


@pytest.mark.parametrize(
    ("label", "first", "second"),
    [
        ("Applied - Rejected (not a fit)", "applied", "rejection"),
        ("Interview - Rejected (not a fit)", "interview", "rejection"),
        ("Interview \u2013 rejected (no feedback)", "interview", "rejection"),
        ("Interview - not selected", "interview", "rejection"),
        ("Interview (not selected)", "interview", "rejection"),
        ("Intervew (not selected)", "interview", "rejection"),
        ("Applied (withdrawn)", "applied", "withdrew"),
        ("Applied - withdrawn", "applied", "withdrew"),
        ("Application (withdrawn)", "applied", "withdrew"),
        ("Follow-up - response (email)", "follow_up", "response"),
    ],
)
def test_a_remark_worded_as_a_denial_or_with_its_own_remark_may_name_a_step(
    tmp_path: Path, label: str, first: str, second: str
) -> None:
    # "not selected" is a rejection's wording and "withdrawn", said of an application, the
    # candidate's withdrawal; a step with a remark of its own in parentheses ("Rejected (not
    # a fit)") is that step. Each was told only "unknown event ... (known: ...)", as if the
    # remark denied the step, while "Applied - Rejected" and "Applied - withdrew" were told
    # they hold two steps.
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    assert log.quality["message"].tolist() == [
        f"unknown event '{label}' (two steps in one cell: {first} and {second}; "
        "write one row per step); row not loaded"
    ]


@pytest.mark.parametrize(
    ("label", "event"),
    [
        ("Offer (declined)", "declined"),
        ("Offer (accepted)", "accepted"),
        ("Declined (offer)", "declined"),
        ("Rejected - not selected (not a fit)", "rejection"),
        ("Phone screen - 30 min (onsite)", "interview"),
        ("Email (follow up)", "follow_up"),
    ],
)
def test_a_wording_in_parentheses_reads_as_with_a_dash(
    tmp_path: Path, label: str, event: str
) -> None:
    # "Offer - declined" is the offer declined ("offer declined"): "Offer (declined)" was an
    # unknown event (its remark read as the offer denied), "Offer (accepted)" two steps.
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    log = load_log(path, as_of=AS_OF)
    assert log.quality.empty
    assert log.events["event"].astype(str).tolist() == [event]


@pytest.mark.parametrize(
    ("label", "event"),
    [
        ("Offer - declined", "declined"),
        ("Offer - accepted", "accepted"),
        ("Rejected (not a fit)", "rejection"),
        ("Rejected - not selected", "rejection"),
        ("Rejected (not selected)", "rejection"),
        ("Not selected", "rejection"),
        ("Not selected (not a fit)", "rejection"),
        ("Interview (onsite)", "interview"),
        ("Applied - reapplied", "applied"),
    ],
)
def test_wordings_read_as_one_step_stay_so(tmp_path: Path, label: str, event: str) -> None:
    # What was read before the readings above were added is read alike.
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    log = load_log(path, as_of=AS_OF)
    assert log.quality.empty
    assert log.events["event"].astype(str).tolist() == [event]


@pytest.mark.parametrize(
    "label",
    [
        "Interview (cancelled)",
        "Interview - cancelled",
        "Interview (declined)",
        "Interview - declined",
        "Interview (withdrawn)",
        "Offer (withdrawn)",
        "Offer (?)",
        "Interview (no show)",
        "Applied (not yet)",
        "Interview - not yet scheduled",
        "Applied (not withdrawn)",
        "Applied (withdrawn?)",
        "Applied (withdrawn; pending)",
        "Interview (not selected yet)",
        "Interview - not selected (pending)",
        "Interview - onsite (cancelled)",
        "Rejected - not a fit (pending)",
        "Interview - not a fit",
        "Offer (not accepted)",
    ],
)
def test_a_remark_denying_its_step_keeps_the_label_unread_still(tmp_path: Path, label: str) -> None:
    # A withdrawal is named only by "withdrawn" on an application, a rejection only by its
    # own words with nothing more to deny it: the rest still say the step did not happen
    # (an interview declined or withdrawn is no interview), or may not, so none is read.
    path = write(tmp_path, f"date,company,event\n2026-11-03,Hooli,{label}\n")
    log = load_log(path, as_of=AS_OF)
    assert log.events.empty
    assert (
        log.quality["message"]
        .iloc[0]
        .startswith(f"unknown event '{label}' (known: accepted, applied,")
    )


def test_a_remark_as_close_to_two_steps_names_neither(tmp_path: Path) -> None:
    # "reapplied" is as near "applied" as "replied": taken for a reply, "Applied -
    # reapplied" was refused as two steps (applied and response), though it is one.
    path = write(tmp_path, "date,company,event\n2026-11-03,Hooli,Applied - reapplied\n")
    log = load_log(path, as_of=AS_OF)
    assert log.quality.empty
    assert log.events["event"].astype(str).tolist() == ["applied"]
    # A tracker's status reads its remark the same way.
    words = {"applied": "applied", "replied": "response"}
    statuses = pd.Series(["Applied - reapplied", "Applied - replied"], dtype="string")
    assert wide.status_categories(statuses, words).tolist() == ["applied", pd.NA]


def test_day_counts_and_yes_no(tmp_path: Path) -> None:
    text = (
        "date,company,event,timeline_days,asked_next_steps\n"
        "2026-11-01,A,interview,10,Y\n"
        "2026-11-02,B,interview,2 weeks,no\n"
        "2026-11-03,C,interview,5 days,TRUE\n"
        "2026-11-04,D,interview,,\n"
    )
    events = load_log(write(tmp_path, text), as_of=AS_OF).events
    assert events["timeline_days"].tolist()[:3] == [10, 14, 5]
    assert pd.isna(events["timeline_days"].iloc[3])
    assert events["asked_next_steps"].tolist()[:3] == [True, False, True]
    assert pd.isna(events["asked_next_steps"].iloc[3])


def test_application_keys_and_blank_roles(tmp_path: Path) -> None:
    text = (
        "date,company,role,event\n"
        "2026-10-01,Hooli,Analyst,applied\n"
        "2026-10-05,hooli ,,follow_up\n"  # joins the only Hooli application
        "2026-10-01,Initech,Dev,applied\n"
        "2026-10-01,Initech,QA,applied\n"
        "2026-10-06,Initech,,follow_up\n"  # two Initech applications: DQ009
        "2026-10-02,,,networking\n"
    )
    log = load_log(write(tmp_path, text, name="sam_lee.csv"), as_of=AS_OF)
    events = log.events.set_index("line")
    assert events.loc[3, "application_id"] == "Hooli / Analyst"
    assert set(events["candidate"]) == {"sam_lee"}
    assert events["application_id"].isna().loc[7]
    assert set(zip(log.quality["line"], log.quality["code"], strict=True)) == {(6, "DQ009")}
    assert log.quality["rejected"].all()


def test_application_id_column_wins(tmp_path: Path) -> None:
    text = (
        "date,company,role,event,application_id\n"
        "2026-10-01,Hooli,Analyst,applied,A1\n"
        "2026-10-02,Hooli,Analyst,applied,A2\n"
    )
    events = load_log(write(tmp_path, text), as_of=AS_OF).events
    assert events["application_id"].tolist() == ["A1", "A2"]


def test_extra_columns_are_kept_as_attributes(tmp_path: Path) -> None:
    text = "date,company,event,Source,Resume Version\n2026-10-01,Hooli,applied,referral,v2\n"
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.attributes == ("source", "resume_version")
    assert log.events["source"].iloc[0] == "referral"


def test_order_findings(tmp_path: Path) -> None:
    text = (
        "date,company,event\n"
        "2026-10-05,Hooli,applied\n"
        "2026-10-01,Hooli,response\n"  # DQ006: before the application
        "2026-10-06,Hooli,thank_you\n"  # DQ007: no interview before it
        "2026-10-07,Hooli,interview\n"
    )
    assert codes_by_line(write(tmp_path, text)) == {(3, "DQ006"), (4, "DQ007")}


def _dq007(*paths: Path) -> list[str]:
    quality = load_log(list(paths), as_of=AS_OF).quality
    return quality.loc[quality["code"].eq("DQ007"), "message"].tolist()


ALONE = "thank-you on 6 Oct 2026 comes before any interview of this application"


def test_dq007_names_a_misspelt_interview_row_that_was_not_loaded(tmp_path: Path) -> None:
    """Before, the thank-you was said to come before any interview, as if there were none."""
    text = (
        "date,company,role,event\n"
        "2026-10-01,Hooli,Analyst,applied\n"
        "2026-10-05,Hooli,Analyst,intervew\n"  # DQ002: not loaded
        "2026-10-06,Hooli,Analyst,thank_you\n"
    )
    assert codes_by_line(write(tmp_path, text)) == {(3, "DQ002"), (4, "DQ007")}
    assert _dq007(write(tmp_path, text)) == [f"{ALONE} (line 3 was not loaded and may be it)"]


def test_dq007_names_every_row_not_loaded_that_may_be_the_interview(tmp_path: Path) -> None:
    text = (
        "date,company,role,event,application_id\n"
        "2026-10-01,Hooli,,applied,h1\n"
        "2026-10-05,Hooli,,intervew,h1\n"  # one slip from interview
        "soon,Hooli,,interview,h1\n"  # DQ001: an interview whose date could not be read
        "2026-10-08,Hooli,,intervew,h1\n"  # after the thank-you: not it
        "2026-10-04,Hooli,,applied,h2\n"
        "2026-10-05,Hooli,,intervew,h2\n"  # another application
        "2026-10-05,Hooli,,folow up,h1\n"  # not loaded either, but no interview
        "2026-10-05,Hooli,,Interveiw,h1\n"  # two letters swapped
        "2026-10-06,Hooli,,thank_you,h1\n"
    )
    other = write(
        tmp_path,
        "date,candidate,company,event,application_id\n2026-10-02,log,Hooli,intrview,h1\n",
        name="other.csv",
    )
    assert _dq007(write(tmp_path, text), other) == [
        f"{ALONE} (lines 3, 4, 9 and 2 of {other} were not loaded and may hold it)"
    ]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_cell_split_by_its_unquoted_delimiter_is_said_on_the_row_it_breaks(
    tmp_path: Path, delimiter: str
) -> None:
    """``Acme, Inc.`` unquoted moves the role under ``event``: the row was rejected as
    "unknown event 'Analyst'" alone, the cell beyond the header left unsaid."""
    text = (
        "date,company,role,event\n"
        "2026-10-01,Acme, Inc.,Analyst,applied\n"
        "2026-10-02,Beta,Dev,applied\n"
        ",,,,Total,2\n"  # a totals row past the header: its one finding says what it is
    ).replace(",", delimiter)
    quality = load_log(write(tmp_path, text), as_of=AS_OF).quality
    found = list(zip(quality["line"], quality["code"], quality["rejected"], strict=True))
    assert sorted(found) == [(2, "DQ002", True), (2, "DQ004", False), (4, "DQ002", True)]
    name = {",": "a comma", ";": "a semicolon"}[delimiter]
    example = f'"Acme{delimiter} Inc."'
    assert quality.loc[quality["code"].eq("DQ004"), "message"].tolist() == [
        f"1 cell beyond the last header column; it is ignored (a cell holding {name} must be "
        f"in double quotes, as in {example}: unquoted, it is split in two and the cells after "
        "it move one column on)"
    ]


def test_dq007_names_a_tracker_line_once(tmp_path: Path) -> None:
    """A tracker's line holds the application and the thank-you loaded: it read "lines 2 and 2"."""
    text = (
        "Company,Position,Date Applied,Interview Date,Thank You Sent,Status\n"
        "Hooli,Analyst,2026-10-01,Sept 5,2026-10-09,Interviewing\n"
    )
    assert _dq007(write(tmp_path, text, name="tracker.csv")) == [
        "thank-you on 9 Oct 2026 comes before any interview of this application "
        "(line 2 was not loaded and may be it)"
    ]


def test_dq007_names_a_row_that_would_have_joined_the_application(tmp_path: Path) -> None:
    """The misspelt row gives the role; loaded, the blank-role rows would have joined it."""
    text = (
        "date,company,role,event\n"
        "2026-10-01,Hooli,,applied\n"
        "2026-10-05,Hooli,Analyst,intervew\n"
        "2026-10-06,Hooli,,thank_you\n"
    )
    assert _dq007(write(tmp_path, text)) == [f"{ALONE} (line 3 was not loaded and may be it)"]


@pytest.mark.parametrize(
    "row",
    [
        "2026-10-05,Hooli,,intervew\n",  # a blank role: two applications at Hooli, which one?
        "2026-10-05,Hooli,Engineer,intervew\n",  # the other application
        "2026-10-05,Initech,Analyst,intervew\n",  # another company
        "2026-10-05,Hooli,Analyst,aplied\n",  # not loaded, and no interview
        "2026-10-07,Hooli,Analyst,intervew\n",  # after the thank-you
    ],
)
def test_dq007_says_nothing_more_of_a_row_not_loaded_that_cannot_be_it(
    tmp_path: Path, row: str
) -> None:
    text = (
        "date,company,role,event\n"
        "2026-10-01,Hooli,Analyst,applied\n"
        "2026-10-01,Hooli,Engineer,applied\n" + row + "2026-10-06,Hooli,Analyst,thank_you\n"
    )
    assert len(load_log(write(tmp_path, text), as_of=AS_OF).rejects) == 1
    assert _dq007(write(tmp_path, text)) == [ALONE]


def test_same_day_order(tmp_path: Path) -> None:
    text = (
        "date,company,event\n"
        "2026-10-05,Hooli,rejection\n"
        "2026-10-05,Hooli,thank_you\n"
        "2026-10-05,Hooli,interview\n"
        "2026-10-05,Hooli,applied\n"
        "2026-10-06T09:00,Initech,response\n"
        "2026-10-06T08:00,Initech,follow_up\n"
    )
    events = load_log(write(tmp_path, text), as_of=AS_OF).events
    assert events["line"].tolist() == [5, 4, 3, 2, 7, 6]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00\x00" * 50, "binary"),
        (b"PK\x03\x04rest-of-a-zip", "zip"),
        (b"when,where,what\n2026-10-01,Hooli,applied\n", "no 'date' or 'company' or 'event'"),
        (b"date,company,event,date\n2026-10-01,Hooli,applied,x\n", "appears twice"),
    ],
)
def test_files_that_cannot_be_a_log(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(LogFormatError) as caught:
        load_log(path, as_of=AS_OF)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_short_log_with_control_characters_is_read_not_called_binary(tmp_path: Path) -> None:
    """A header and one row of control characters: the row is reported, the file is a log."""
    path = tmp_path / "short.csv"
    header = "date,company,event,role,timeline_days,asked_permission,channel"
    path.write_text(header + "\n\x08\x08,\x08\x08,\x1f\x1f\x1f\x08\n", encoding="utf-8")
    loaded = load_log(path, as_of=AS_OF)
    assert loaded.events.empty
    assert loaded.rejects["line"].tolist() == [2]


def test_input_is_never_written(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    before = path.read_bytes()
    load_log(path, as_of=AS_OF)
    assert path.read_bytes() == before


def test_dataframe_input(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"date": ["2026-10-01", "bad"], "company": ["Hooli", "Hooli"], "event": ["applied"] * 2}
    )
    log = load_log(frame, as_of=AS_OF)
    assert log.events["line"].tolist() == [2]
    assert log.rejects["line"].tolist() == [3]


# -- every data row is accounted for --------------------------------------------------------

cell = st.one_of(
    st.sampled_from(
        [
            "",
            "2026-10-01",
            "3 Nov 2026",
            "11/3/2026",
            "soon",
            "Hooli",
            "applied",
            "interview",
            "Thank-You",
            "dance",
            "yes",
            "10",
            "-3",
            "email",
            "=cmd",
            '"',
            "a,b",
            "line\nbreak",
        ]
    ),
    st.text(max_size=12),
)
HEADER = ["date", "company", "event", "role", "timeline_days", "asked_permission", "channel"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=9), min_size=0, max_size=25))
def test_every_row_is_an_event_or_a_reject(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("gen") / "gen.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    # The data rows a CSV reader sees, by start line, skipping rows that are all blank.
    reader = csv.reader(io.StringIO(buffer.getvalue().replace("\x00", ""), newline=""))
    expected: set[int] = set()
    previous_end = 0
    for index, record in enumerate(reader):
        start, previous_end = previous_end + 1, reader.line_num
        # NUL bytes are dropped while reading, so a row of NULs is a blank row.
        if index > 0 and any(c.replace("\x00", "").strip() for c in record):
            expected.add(start)

    log = load_log(path, as_of=AS_OF)
    loaded = list(log.events["line"])
    rejected = list(log.rejects["line"])
    assert len(loaded) == len(set(loaded))
    assert len(rejected) == len(set(rejected))
    assert set(loaded).isdisjoint(rejected)
    assert set(loaded) | set(rejected) == expected


_EDGE_TEXT = st.text(
    alphabet=" \t\r\n\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u2028\u202f\u205f\u3000abé€",
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_EDGE_TEXT, min_size=1, max_size=12), cut=st.integers(0, 12))
def test_strip_is_skipped_only_when_it_would_change_nothing(cells: list[str], cut: int) -> None:
    """Columns a program wrote without surrounding spaces are not stripped; no others."""
    import pyarrow as pa

    from followup_stats import load

    whole = pa.array(cells, pa.large_string())
    cut = min(cut, len(cells))
    chunked = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], pa.large_string())
    for values in (
        pd.Series(cells, dtype="string"),
        pd.Series(pd.array(chunked, dtype=pd.StringDtype("pyarrow"))),
    ):
        if not load._may_need_strip(values):
            assert values.str.strip().equals(values)
    if any(cell != cell.strip() for cell in cells):
        assert load._may_need_strip(pd.Series(cells, dtype="string"))


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.none() | st.sampled_from(["", "a", "b ", "é", "a"]), max_size=12),
    cut=st.integers(0, 12),
)
def test_factorize_matches_pandas(cells: list[str | None], cut: int) -> None:
    """The loader's pyarrow factorize gives pandas' codes and distinct values, in its order."""
    import numpy as np
    import pyarrow as pa

    from followup_stats import parse

    whole = pa.array(cells, pa.large_string())
    cut = min(cut, len(cells))
    pieces = [whole.slice(0, cut), whole.slice(cut)]
    for values in (
        pd.Series(cells, dtype="string"),
        pd.Series(pd.array(pa.chunked_array(pieces, pa.large_string()), dtype="string")),
        pd.Series(cells, dtype=object),
    ):
        codes, distinct = parse.factorize(values)
        expected_codes, expected_distinct = pd.factorize(values.fillna(""))
        assert np.array_equal(codes, expected_codes)
        assert list(distinct) == list(expected_distinct)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(st.none() | st.sampled_from(["", "a", "bc", "é"]), max_size=12),
    start=st.integers(0, 12),
    large=st.booleans(),
)
def test_missing_where_empty_marks_only_the_empty_cells(
    cells: list[str | None], start: int, large: bool
) -> None:
    """Blank text made missing in place reads as ``mask(eq(""))``, for a slice of an array too."""
    import pyarrow as pa

    from followup_stats.load import _missing_where_empty

    whole = pa.array(cells, pa.large_string() if large else pa.string())
    part = whole.slice(min(start, len(cells)))
    missing = _missing_where_empty(part)
    assert missing is not None
    missing.validate(full=True)
    assert missing.to_pylist() == [None if cell == "" else cell for cell in part.to_pylist()]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ([None, None, None], [None, None, None]),
        (["yes", None, "no"], [None, None, None]),
        ([None, None, None], [None, "not yes or no", None]),
        (["yes", None, "no"], [None, "not yes or no", None]),
    ],
)
def test_spread_present_reads_any_column_per_row(
    value: list[str | None], problem: list[str | None]
) -> None:
    """Whether a row's parsed value or problem is there: each column's distinct answer, by
    code, whether it is one answer for all rows or not."""
    from followup_stats.load import _Spread

    distinct = pd.DataFrame({"value": value, "problem": problem}, dtype="string")
    codes = np.array([2, 0, 1, 1, 2, 0], dtype=np.intp)
    spread = _Spread(distinct, codes)
    either = distinct["value"].notna() | distinct["problem"].notna()
    assert np.array_equal(spread.present("value", "problem"), either.to_numpy()[codes])
    assert np.array_equal(spread.present("problem"), distinct["problem"].notna().to_numpy()[codes])
    assert spread.present("value", "problem").dtype == bool


@settings(max_examples=100, deadline=None)
@given(
    cells=st.lists(st.none() | st.sampled_from(["", "a", " b", "é"]), max_size=12),
    cut=st.integers(0, 12),
)
def test_free_text_in_one_chunk_keeps_its_cells(cells: list[str | None], cut: int) -> None:
    """A column of pyarrow's chunks, joined into one (taken from once, not per chunk), holds
    the same cells, index and type; as the loader's blank-as-missing text does."""
    import pyarrow as pa

    from followup_stats.load import _blank_as_missing, _one_chunk

    whole = pa.array(cells, pa.large_string())
    cut = min(cut, len(cells))
    chunked = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], pa.large_string())
    values = pd.Series(pd.array(chunked, dtype="string"), index=range(5, 5 + len(cells)), name="x")
    for joined in (_one_chunk(values), _blank_as_missing(values)):
        assert joined.array.__arrow_array__().num_chunks == 1
        assert joined.index.equals(values.index)
        assert joined.dtype == values.dtype
    pd.testing.assert_series_equal(_one_chunk(values), values)
    expected = values.mask(values.eq(""))
    pd.testing.assert_series_equal(_blank_as_missing(values), expected, check_names=False)


@settings(max_examples=200, deadline=None)
@given(
    given_ids=st.lists(st.sampled_from("abcdefg"), unique=True, max_size=6),
    derived=st.lists(st.none() | st.sampled_from("abcdefghij"), max_size=12),
)
def test_given_then_derived_ids_number_as_factorize(
    given_ids: list[str], derived: list[str | None]
) -> None:
    """Application ids given, then derived, get pandas' codes and distinct values, in order."""
    from followup_stats.load import _given_then_derived

    given = pd.Index(given_ids, dtype="string")
    derived_ids = pd.Series(derived, dtype="string")
    codes, names = _given_then_derived(given, derived_ids)
    expected, distinct = pd.factorize(
        pd.Series(given.append(pd.Index(derived_ids)), dtype="string")
    )
    assert codes.tolist() == expected[len(given) :].tolist()
    assert list(names) == list(distinct)


@settings(max_examples=200, deadline=None)
@given(groups=st.lists(st.integers(-1, 4), max_size=30), data=st.data())
def test_runs_give_group_minima_and_running_sums(groups: list[int], data: st.DataObject) -> None:
    """Group-wise minima and running sums over runs agree with pandas' group-by."""
    import numpy as np

    from followup_stats.load import _Runs

    values = np.array(
        data.draw(st.lists(st.integers(0, 9), min_size=len(groups), max_size=len(groups))),
        dtype=np.int64,
    )
    keys = np.array(groups, dtype=np.int64)
    runs = _Runs(keys)
    if not len(keys):
        assert len(runs.starts) == 0
        return
    minima = runs.spread(np.minimum.reduceat(runs.ordered(values), runs.starts))
    running = np.cumsum(runs.ordered(values))
    running -= np.repeat(running[runs.starts] - runs.ordered(values)[runs.starts], runs.lengths)
    running = runs.unordered(running)
    grouped = pd.Series(values).groupby(pd.Series(np.where(keys >= 0, keys, np.nan)))
    has = keys >= 0
    assert np.array_equal(minima[has], grouped.transform("min").to_numpy()[has])
    assert np.array_equal(running[has], grouped.cumsum().to_numpy()[has])


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(-1, 4)), max_size=40)
)
def test_one_sort_key_orders_as_the_lexsort(rows: list[tuple[int, int, int]]) -> None:
    """Owner, day and same-day rank in one key sort stably as the four-key lexsort."""
    import numpy as np

    from followup_stats.load import _DAY_NS, _one_sort_key

    owner = np.array([r[0] for r in rows], dtype=np.int64)
    day_ns = np.array([r[1] for r in rows], dtype=np.int64) * _DAY_NS + 20_000 * _DAY_NS
    rank = np.array([r[2] for r in rows], dtype=np.int64)
    source = np.arange(len(rows), dtype=np.int64)
    key = _one_sort_key(owner, day_ns, rank, source)
    if not rows:
        assert key is None
        return
    assert key is not None
    expected = np.lexsort((source, rank, day_ns, owner))
    assert np.array_equal(np.argsort(key, kind="stable"), expected)
    if len(rows) > 1:
        half_day = day_ns.copy()
        half_day[-1] += _DAY_NS // 2
        assert _one_sort_key(owner, half_day, rank, source) is None
        assert _one_sort_key(owner, day_ns, rank, source[::-1]) is None


# -- several files: the same file twice, and rows repeated across files -------------------------

TWO_EVENTS = """date,candidate,company,role,event
2026-10-01,Ann,Acme,Analyst,applied
2026-10-09,Ann,Acme,Analyst,follow_up
"""


def test_the_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    log = write(tmp_path, TWO_EVENTS)
    twice = load_log([log, tmp_path / "." / "log.csv", str(log)], as_of=AS_OF)
    assert twice.events["line"].tolist() == [2, 3]
    assert twice.rejects.empty and twice.quality.empty
    assert twice.sources == (str(log),)


def test_rows_repeated_in_a_later_file_are_dq005(tmp_path: Path) -> None:
    first = write(tmp_path, TWO_EVENTS, "week1.csv")
    # The later export repeats both rows (columns in another order, other spelling),
    # and adds one event; a row equal to nothing earlier is kept.
    later = write(
        tmp_path,
        "event,company,date,role,candidate\n"
        "Follow up,Acme,2026-10-09,Analyst,Ann\n"
        "applied,Acme,2026-10-01,Analyst,Ann\n"
        "response,Acme,2026-10-12,Analyst,Ann\n",
        "week2.csv",
    )
    log = load_log([first, later], as_of=AS_OF)
    assert sorted(log.events["event"].astype(str)) == ["applied", "follow_up", "response"]
    assert log.events["file"].astype(str).tolist() == [str(first), str(first), str(later)]
    rejects = log.rejects.sort_values("line")
    assert rejects["code"].tolist() == ["DQ005", "DQ005"]
    assert rejects["file"].astype(str).tolist() == [str(later)] * 2
    assert rejects["reason"].tolist() == [
        f"exact duplicate of line 3 of {first}; this copy not loaded",
        f"exact duplicate of line 2 of {first}; this copy not loaded",
    ]


#: Two applications at Globex, then a follow-up with a blank role: DQ009 on line 4.
_AMBIGUOUS = (
    "date,candidate,company,role,event\n"
    "2026-08-01,Ann,Globex,Analyst,applied\n"
    "2026-08-02,Ann,Globex,Engineer,applied\n"
    "2026-08-10,Ann,Globex,,follow_up\n"
)


def test_a_repeat_of_a_row_rejected_later_says_so_and_leaves_its_file_unchecked(
    tmp_path: Path,
) -> None:
    """DQ005 is found before DQ009: a copy of a row rejected as ambiguous was not
    checked as that row, in another file or in its own."""
    first = write(tmp_path, _AMBIGUOUS, "a.csv")
    copy = write(tmp_path, "date,candidate,company,role,event\n2026-08-10,Ann,Globex,,follow_up\n")
    log = load_log([first, copy], as_of=AS_OF)
    assert len(log.events) == 2 and log.rows_not_loaded == 2
    assert log.rejects[["line", "code", "column"]].values.tolist() == [
        [4, "DQ009", "role"],
        [2, "DQ005", "role"],
    ]
    assert log.rejects["reason"].iloc[1] == (
        f"exact duplicate of line 4 of {first}, which was not loaded either (DQ009); "
        "this copy not loaded"
    )
    assert log.unloaded_files == (str(copy),)
    twice = write(
        tmp_path,
        "date,candidate,company,role,event\n" + "2026-08-10,Ann,Globex,,follow_up\n" * 2,
        "twice.csv",
    )
    own = load_log([write(tmp_path, _AMBIGUOUS.rsplit("2026-08-10", 1)[0], "c.csv"), twice])
    assert own.rejects["reason"].tolist() == [
        "the role is blank and Ann has 2 applications at Globex; say which one (role or "
        "application_id); row not loaded",
        "exact duplicate of line 2, which was not loaded either (DQ009); this copy not loaded",
    ]
    assert own.unloaded_files == (str(twice),)
    # A repeat of a row that loaded was checked as that row: its file is not named.
    again = load_log([first, write(tmp_path, _AMBIGUOUS, "again.csv")], as_of=AS_OF)
    assert again.unloaded_files == ()
    assert again.rejects["column"].tolist() == ["role", "", "", "role"]


def test_rows_alike_only_within_one_file_are_not_repeats(tmp_path: Path) -> None:
    # Two rows of one file that read the same but are not exact copies stay (the
    # check within a file compares the cells as written); another candidate's
    # file with the same events is no repeat either.
    alike = write(tmp_path, TWO_EVENTS + "2026-10-09,ann ,ACME,Analyst,Follow-up\n", "a.csv")
    other = write(tmp_path, TWO_EVENTS.replace("Ann", "Bea"), "b.csv")
    log = load_log([alike, other], as_of=AS_OF)
    assert len(log.events) == 5 and log.rejects.empty


def test_columns_encoded_on_threads_match_one_at_a_time() -> None:
    """A frame big enough for threads encodes each column as a lone call does."""
    rows = parse.THREADED_FROM_ROWS + 7
    rng = np.random.default_rng(5)
    words = np.array(["Acme", "Globex", "", "Initech", "Umbrella"], dtype=object)
    frame = pd.DataFrame(
        {
            name: pd.array(words[rng.integers(0, len(words), rows)], dtype="string")
            for name in ("company", "event", "role")
        }
    )
    frame.loc[::11, "role"] = pd.NA
    threaded = parse.factorize_columns(frame, ["company", "event", "role"])
    assert list(threaded) == ["company", "event", "role"]
    for name, (codes, distinct) in threaded.items():
        alone_codes, alone_distinct = parse.factorize(frame[name])
        np.testing.assert_array_equal(codes, alone_codes)
        assert list(distinct) == list(alone_distinct)
        # The codes spell the column back, missing read as blank.
        assert list(pd.Index(distinct)[codes]) == frame[name].fillna("").tolist()


def test_a_blank_role_joins_the_only_application_even_one_given_an_id(tmp_path: Path) -> None:
    """DESIGN.md section 2: a blank role joins the candidate's only application at the
    company, whether that application's id was written or derived."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,candidate,application_id,company,role,event\n"
        "2026-10-01,Ann,X1,Acme,Engineer,interview\n"
        "2026-10-02,Ann,,Acme,,thank_you\n"  # joins X1: no FU001, no DQ007
        "2026-10-01,Bob,,Acme,Analyst,applied\n"
        "2026-10-01,Bob,B2,Acme,Engineer,applied\n"
        "2026-10-05,Bob,,Acme,,follow_up\n"  # two applications at Acme: DQ009
        "2026-10-01,Cy,C1,Beta,Dev,applied\n"
        "2026-10-01,Cy,C2,Beta,Dev,applied\n"
        "2026-10-05,Cy,,Beta,,follow_up\n"  # two ids at Beta: DQ009
    )
    log = load_log(str(path), as_of="2026-10-10")
    events = log.events.set_index("line")
    assert events.loc[3, "application_id"] == "X1"
    assert set(zip(log.quality["line"], log.quality["code"], strict=True)) == {
        (6, "DQ009"),
        (9, "DQ009"),
    }
    messages = log.quality.set_index("line")["message"]
    assert "Bob has 2 applications at Acme" in messages[6]
    assert "Cy has 2 applications at Beta" in messages[9]
    from followup_stats import check

    codes = set(check(log)["code"])
    assert "FU001" not in codes and "DQ007" not in codes


def test_rows_with_a_time_keep_their_time_order_beside_rows_without_one(tmp_path: Path) -> None:
    """DESIGN.md section 2: by time where both rows have one; an untimed row on the same
    day must not put a 09:00 thank-you after a 14:00 interview."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event,reason\n"
        "2026-10-01T14:00,A,R,interview,\n"
        "2026-10-01T09:00,A,R,thank_you,\n"
        "2026-10-01,A,R,update,portfolio\n"
        "2026-10-01,A,R,applied,\n"
        "2026-10-01T14:00,B,R,interview,\n"
        "2026-10-01T09:00,B,R,thank_you,\n"
    )
    log = load_log(str(path), as_of="2026-10-03")
    order = log.events.groupby("company", observed=True)["event"].agg(list).to_dict()
    # A: the untimed rows by rank (applied first, update among the candidate events),
    # the timed ones in the places their ranks give, in time order.
    assert order["A"] == ["applied", "thank_you", "interview", "update"]
    assert order["B"] == ["thank_you", "interview"]
    from followup_stats import check

    found = check(log)
    assert sorted(found.loc[found["code"].isin(["FU001", "DQ007"]), "company"]) == [
        "A",
        "A",
        "B",
        "B",
    ]


def test_every_repeated_copy_names_the_first(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("date,company,event\n" + "2026-10-01,Acme,applied\n" * 3)
    messages = load_log(str(path), as_of="2026-10-10").rejects["reason"].tolist()
    assert messages == ["exact duplicate of line 2; this copy not loaded"] * 2


@pytest.mark.parametrize(
    "as_of",
    [
        "2026-10-30",
        " 20261030 ",  # ISO's basic form, as --as-of reads it
        "2026-303",  # the ordinal and week forms, as the log's date column reads them
        "2026-W44-5",
        "2026W445",
        "2026-303T23:30+01:00",
        "2026-10-30T12:00-05:00",  # a date-time's day in the configured zone
        dt.date(2026, 10, 30),
        dt.datetime(2026, 10, 30, 17, 45),
        pd.Timestamp("2026-10-30"),
        np.datetime64("2026-10-30"),
    ],
)
def test_as_of_is_iso_text_or_a_date_object(tmp_path: Path, as_of: object) -> None:
    log = load_log(write(tmp_path, CLEAN), as_of=as_of)  # type: ignore[arg-type]
    assert log.as_of == pd.Timestamp("2026-10-30")


@pytest.mark.parametrize(
    "as_of",
    [
        20261030,  # an int is no date: pandas would read nanoseconds since 1970
        1.5,
        "10/11/2026",  # 11 October or 10 November: not guessed, as in a log without date_format
        "30/10/2026",
        "Oct 30, 2026",
        "2026-367",  # no such day
        "2026-W44-8",
    ],
)
def test_as_of_that_is_not_iso_is_refused_not_guessed(tmp_path: Path, as_of: object) -> None:
    with pytest.raises(UsageError, match=r"is not a date( \(.*\))?; give ISO text"):
        load_log(write(tmp_path, CLEAN), as_of=as_of)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="is not a date"):
        load_log(
            write(tmp_path, CLEAN),
            config=Config(date_format="%d/%m/%Y"),
            as_of=as_of,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("as_of", ["2026-W44", "2026W44", "2026-W44T10:00", "2026-W44 10:00"])
def test_an_as_of_week_without_its_day_is_refused_as_in_the_date_column(
    tmp_path: Path, as_of: str
) -> None:
    # datetime.fromisoformat reads 2026-W44 as its Monday; the date column refuses it.
    why = "a week, not a day; write a day of it, such as 2026-W44-1 for its Monday, 2026-10-26"
    with pytest.raises(UsageError) as raised:
        load_log(write(tmp_path, CLEAN), as_of=as_of)
    assert str(raised.value) == (
        f"as_of '{as_of}' is not a date ({why}); give ISO text (YYYY-MM-DD, e.g. 2026-11-01) "
        "or a datetime.date"
    )
    path = write(tmp_path, "date,company,event\n" + f"{as_of},Hooli,applied\n")
    message = load_log(path, as_of="2026-11-01").quality["message"].iloc[0]
    # With a space before the time the column reads no week date at all, so says no more.
    said = f" (read as week 44 of 2026: {why})" if " " not in as_of else ""
    assert message == f"cannot read '{as_of}' as a date{said}; row not loaded"


def test_rows_that_differ_only_by_a_missing_cell_are_not_duplicates() -> None:
    """The candidate duplicates are compared by their factorized codes where those are
    exact: a missing cell and a blank one share a code, so such a column keeps its cells."""
    from followup_stats.load import _duplicated

    cells = pd.DataFrame(
        {
            "date": ["2026-10-01"] * 4,
            "candidate": ["Ann"] * 4,
            "application_id": [""] * 4,
            "company": ["Acme"] * 4,
            "role": ["Analyst"] * 4,
            "event": ["follow_up"] * 4,
            "channel": pd.array([None, "", "email", "email"], dtype="string"),
            "notes": pd.array(["a", "a", "a", "b"], dtype="string"),
        }
    )
    coded = {c: parse.factorize(cells[c]) for c in ["date", "event", "channel", "company"]}
    assert coded["channel"][0][0] == coded["channel"][0][1]  # the codes alone would join them
    assert _duplicated(cells, codes=coded).tolist() == [False] * 4
    cells.loc[3, "notes"] = "a"
    assert _duplicated(cells, codes=coded).tolist() == [False, False, False, True]
    assert _duplicated(cells, keep=False, codes=coded).tolist() == [False, False, True, True]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**62), max_size=60), st.integers(1, 2**62))
def test_repeated_keys_are_the_ones_pandas_finds(keys: list[int], spread: int) -> None:
    """The sort-and-search of repeated keys marks what ``duplicated(keep=False)`` does."""
    from followup_stats.load import _repeated

    key = np.array(keys, dtype=np.int64) % spread  # a small spread repeats many keys
    expected = pd.Series(key).duplicated(keep=False).to_numpy(dtype=bool)
    assert _repeated(key).tolist() == expected.tolist()


def test_many_repeated_keys_are_hashed_as_before() -> None:
    from followup_stats.load import REPEATS_LOOKED_UP, _repeated

    key = np.random.default_rng(8).integers(0, 4 * REPEATS_LOOKED_UP, 20 * REPEATS_LOOKED_UP)
    expected = pd.Series(key).duplicated(keep=False).to_numpy(dtype=bool)
    assert len(np.unique(key[expected])) > REPEATS_LOOKED_UP  # the hashing branch
    assert np.array_equal(_repeated(key), expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**62), max_size=60), st.integers(1, 2**62))
def test_events_are_ordered_as_a_stable_argsort_orders_them(keys: list[int], spread: int) -> None:
    """Sorting tagged keys gives the stable order, ties in place (a wide key: the argsort)."""
    from followup_stats.load import _stable_argsort

    key = np.array(keys, dtype=np.int64) % spread
    expected = np.argsort(key, kind="stable")
    assert _stable_argsort(key).tolist() == expected.tolist()


def test_each_duplicate_names_the_first_line_it_copies_by_codes_too() -> None:
    """The line a duplicate repeats is found among the rows with a copy, compared by the
    codes already worked out (a missing cell still apart from a blank one)."""
    from followup_stats.load import _first_duplicate_line

    cells = pd.DataFrame(
        {
            "date": ["2026-10-01"] * 6,
            "candidate": ["Ann", "Bob", "Ann", "Bob", "Ann", "Ann"],
            "application_id": [""] * 6,
            "company": ["Acme"] * 6,
            "role": ["Analyst"] * 6,
            "event": ["follow_up"] * 6,
            "channel": pd.array([None, "", "email", "", None, ""], dtype="string"),
        }
    )
    coded = {c: parse.factorize(cells[c]) for c in ["date", "candidate", "event", "channel"]}
    lines = np.array([10, 11, 12, 13, 14, 15])
    duplicate = np.array([False, False, False, True, True, False])
    first = _first_duplicate_line(cells, lines, duplicate, codes=coded)
    assert first.iloc[[0, 1, 3, 4]].tolist() == [10, 11, 11, 10]
    assert first.iloc[[2, 5]].isna().all()  # an Ann with a blank channel is no copy of line 10


def test_occurring_categories_are_those_some_row_holds() -> None:
    """The candidates the events hold, read from codes: an unused category or a missing
    value names none."""
    from followup_stats.load import _occurring

    values = pd.Series(
        pd.Categorical(["Bo", None, "Al", "Bo"], categories=["Al", "Bo", "Cy"]), index=[7, 8, 9, 10]
    )
    assert _occurring(values).tolist() == ["Al", "Bo"]
    assert _occurring(values.iloc[:0]).tolist() == []


# -- a blank candidate in a file that names candidates -------------------------------------------


def test_a_blank_candidate_among_named_ones_is_kept_as_the_files_and_said(
    tmp_path: Path,
) -> None:
    """A coach's file names each client; a row with a blank candidate was counted, with no
    word, as a client called after the file. It still is (DESIGN.md: nothing is lost),
    but a DQ004 says so on its line."""
    path = write(
        tmp_path,
        "candidate,date,company,role,event\n"
        "Ann,2026-10-01,Acme,Dev,applied\n"
        "Bob,2026-10-02,Initech,QA,applied\n"
        ",2026-10-05,Globex,Dev,applied\n"
        "  ,2026-10-06,Hooli,Dev,applied\n",
        name="coach.csv",
    )
    log = load_log(path, as_of=AS_OF)
    assert log.events["candidate"].astype(str).tolist() == ["Ann", "Bob", "coach", "coach"]
    said = log.quality[["line", "code", "column", "message"]].values.tolist()
    message = (
        "candidate is blank in a file that names candidates (Ann, Bob); "
        "counted as 'coach', the file's name"
    )
    assert said == [[4, "DQ004", "candidate", message], [5, "DQ004", "candidate", message]]


def test_a_file_that_names_no_candidate_is_the_files_own_without_a_word(tmp_path: Path) -> None:
    blank = "candidate,date,company,role,event\n,2026-10-01,Acme,Dev,applied\n"
    missing = "date,company,role,event\n2026-10-01,Acme,Dev,applied\n"
    for text in (blank, missing):
        log = load_log(write(tmp_path, text, name="sam.csv"), as_of=AS_OF)
        assert log.events["candidate"].astype(str).tolist() == ["sam"]
        assert log.quality.empty, log.quality


def test_many_named_candidates_are_counted_past_the_first_three(tmp_path: Path) -> None:
    rows = "".join(f"{n},2026-10-0{i + 1},Acme,Dev,applied\n" for i, n in enumerate("ABCDE"))
    text = "candidate,date,company,role,event\n" + rows + ",2026-10-09,Acme,QA,applied\n"
    log = load_log(write(tmp_path, text, name="coach.csv"), as_of=AS_OF)
    assert log.quality["message"].tolist() == [
        "candidate is blank in a file that names candidates (A, B, C and 2 more); "
        "counted as 'coach', the file's name"
    ]
