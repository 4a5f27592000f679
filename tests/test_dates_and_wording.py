"""Dates in the configured time zone, whole counts in messages, DQ010's ISO suggestion,
and the ISO 8601 forms other than the extended calendar one (basic, ordinal, week)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_stats import cli, load, parse
from followup_stats.actions import write_ics
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.load import load_log, to_as_of
from followup_stats.parse import parse_dates, parse_label
from followup_stats.rules.wording import whole_text
from followup_stats.vocab import EVENT_SYNONYMS

AS_OF = "2026-10-30"
ZONES = ["UTC", "America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
SAMPLE_LOG = Path(__file__).resolve().parent.parent / "data" / "sample_log.csv"

# Applied on 1 Oct, followed up on 7 Oct: 6 days, one short of the usual 7 (FU005).
PLAIN = "date,company,event\n2026-10-01,Acme,applied\n2026-10-07,Acme,follow_up\n"
# The follow-up is 7 Oct in Chicago (FU005) but 8 Oct in UTC and Tokyo (on time).
MIXED = "date,company,event\n2026-10-01,Acme,applied\n2026-10-07T23:30-05:00,Acme,follow_up\n"
FU005_ON_7_OCT = (
    "follow-up on 7 Oct 2026, 6 days after the application opened on 1 Oct 2026; "
    "with no timeframe given in a reply, the usual wait is 7 days, so the earliest polite date "
    "was 8 Oct 2026"
)


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path, **settings: object) -> list[tuple[int, str, str]]:
    found = check(path, config=Config(**settings), as_of=AS_OF)  # type: ignore[arg-type]
    return list(zip(found["line"], found["code"], found["message"], strict=True))


# -- 1. time zones ---------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ZONES)
def test_plain_dates_and_times_are_kept_as_written(zone: str) -> None:
    raw = pd.Series(
        ["2026-10-01", "2026-12-31", "2026-10-07 10:00", "2026-10-07T23:30:15", "3 Nov 2026"],
        dtype="string",
    )
    parsed = parse_dates(raw, zone)
    expected = pd.to_datetime(
        ["2026-10-01", "2026-12-31", "2026-10-07 10:00", "2026-10-07 23:30:15", "2026-11-03"],
        format="ISO8601",
    )
    assert parsed["code"].isna().all()
    assert parsed["date"].tolist() == list(expected)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("UTC", "2026-10-08"),
        ("America/Chicago", "2026-10-07"),
        ("Asia/Tokyo", "2026-10-08"),
    ],
)
def test_aware_times_are_converted_to_the_zone(tmp_path: Path, zone: str, day: str) -> None:
    path = write(tmp_path, "date,company,event\n2026-10-07T23:30-05:00,Acme,applied\n")
    events = load_log(path, config=Config(timezone=zone), as_of=AS_OF).events
    assert events["day"].iloc[0] == pd.Timestamp(day)
    assert bool(events["has_time"].iloc[0])


def test_aware_time_keeps_its_instant() -> None:
    raw = pd.Series(["2026-10-07T23:30-05:00", "2026-10-07T23:30:00Z"], dtype="string")
    assert parse_dates(raw, "Asia/Tokyo")["date"].tolist() == [
        pd.Timestamp("2026-10-08 13:30"),
        pd.Timestamp("2026-10-08 08:30"),
    ]


@pytest.mark.parametrize("zone", ZONES)
def test_fu005_on_plain_dates_is_the_same_in_every_zone(tmp_path: Path, zone: str) -> None:
    path = write(tmp_path, PLAIN)
    assert messages(path, timezone=zone) == [(3, "FU005", FU005_ON_7_OCT)]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/Chicago", [(3, "FU005", FU005_ON_7_OCT)]),
        ("UTC", []),
        ("Asia/Tokyo", []),
    ],
)
def test_fu005_with_a_plain_date_and_an_aware_time(
    tmp_path: Path, zone: str, expected: list[tuple[int, str, str]]
) -> None:
    path = write(tmp_path, MIXED)
    assert messages(path, timezone=zone) == expected


def test_cli_timezone_keeps_plain_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, PLAIN)
    argv = ["check", str(path), "--as-of", AS_OF, "--config", "timezone=America/Chicago"]
    assert cli.main(argv) == 1
    out = capsys.readouterr().out
    assert f"{path}:3: FU005 [error] Acme: {FU005_ON_7_OCT}" in out


def test_sample_log_reads_the_same_in_another_zone() -> None:
    in_utc = check(SAMPLE_LOG, config=Config(), as_of="2026-12-31")
    in_chicago = check(SAMPLE_LOG, config=Config(timezone="America/Chicago"), as_of="2026-12-31")
    assert len(in_utc) > 0
    pd.testing.assert_frame_equal(in_utc, in_chicago)


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Tokyo"])
def test_default_as_of_is_today_in_the_zone(zone: str) -> None:
    day = to_as_of(None, Config(timezone=zone))
    assert day == pd.Timestamp.now(tz=zone).normalize().tz_localize(None)


def test_ics_default_today_is_in_the_given_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_today(timezone: str) -> pd.Timestamp:
        asked.append(timezone)
        return pd.Timestamp("2026-10-30")

    monkeypatch.setattr(load, "today", fake_today)
    actions = pd.DataFrame(
        {
            "candidate": ["log"],
            "application_id": ["a1"],
            "company": ["Acme"],
            "action": ["follow_up"],
            "not_before": [pd.Timestamp("2026-10-20")],
            "why": ["why"],
            "then": ["follow_up"],
        }
    )
    path = tmp_path / "todo.ics"
    assert write_ics(actions, path, timezone="Asia/Tokyo") == 1
    assert asked == ["Asia/Tokyo"]
    assert "DTSTART;VALUE=DATE:20261030" in path.read_text(encoding="utf-8")


# -- 2. counts print as whole numbers --------------------------------------------------------

FOUR_FOLLOW_UPS = """date,company,event,reason
2026-10-01,Acme,applied,
2026-10-09,Acme,follow_up,
2026-10-12,Acme,update,portfolio
2026-10-15,Acme,follow_up,
2026-10-20,Acme,follow_up,
2026-10-25,Acme,follow_up,
"""


def test_fu009_message_prints_the_number_as_an_integer(tmp_path: Path) -> None:
    path = write(tmp_path, FOUR_FOLLOW_UPS)
    found = [m for m in messages(path) if m[1] == "FU009"]
    tail = "; at most 2 (1 follow-up and 1 final note) before they answer"
    assert found == [
        (6, "FU009", "final note on 20 Oct 2026 is number 3 since the round began" + tail),
        (7, "FU009", "final note on 25 Oct 2026 is number 4 since the round began" + tail),
    ]


@pytest.mark.parametrize(
    ("limit", "allowed"),
    [(1, "1 follow-up, no final note"), (3, "1 follow-up and 2 final notes")],
)
def test_fu009_message_follows_max_follow_ups(tmp_path: Path, limit: int, allowed: str) -> None:
    path = write(tmp_path, FOUR_FOLLOW_UPS)
    found = [m for m in messages(path, max_follow_ups=limit) if m[1] == "FU009"]
    assert found[-1] == (
        7,
        "FU009",
        f"final note on 25 Oct 2026 is number 4 since the round began; at most {limit} "
        f"({allowed}) before they answer",
    )


def test_fu009_after_a_reply_names_the_reply(tmp_path: Path) -> None:
    text = (
        "date,company,event\n2026-10-01,Acme,applied\n2026-10-05,Acme,response\n"
        "2026-10-13,Acme,follow_up\n2026-10-16,Acme,follow_up\n2026-10-20,Acme,follow_up\n"
    )
    found = [m for m in messages(write(tmp_path, text)) if m[1] == "FU009"]
    assert [m[2] for m in found] == [
        "final note on 20 Oct 2026 is number 3 since the employer's reply; at most 2 "
        "(1 follow-up and 1 final note) before they answer"
    ]


def test_no_message_prints_a_float(tmp_path: Path) -> None:
    found = check(write(tmp_path, FOUR_FOLLOW_UPS), as_of=AS_OF)
    assert not found["message"].str.contains(r"\d\.0\b", regex=True).any()


def test_whole_text() -> None:
    values = pd.Series([3.0, np.nan, 12.0])
    assert whole_text(values).tolist() == ["3", pd.NA, "12"]
    assert whole_text(pd.Series([1, 2], dtype="int64")).tolist() == ["1", "2"]
    assert whole_text(pd.Series([], dtype="float64")).tolist() == []


# -- 3. DQ010 suggests the ISO form of what was written --------------------------------------


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        # Every reading that is a date is offered; the others are not.
        (
            "2/29/2028",
            "(month/day or day/month?); write it as 2028-02-29 if you meant 29 Feb 2028,",
        ),
        # A time of day is kept in the ISO form.
        (
            "10/12/2026 14:30",
            "(month/day or day/month?); write it as 2026-10-12 14:30 if you meant 12 Oct 2026 "
            "or 2026-12-10 14:30 if you meant 10 Dec 2026,",
        ),
        (
            "11/13/2026 00:11:55 -05:00",
            "(month/day or day/month?); write it as 2026-11-13 00:11:55-05:00 "
            "if you meant 13 Nov 2026,",
        ),
        # A 12-hour time is written on 24 hours, as ISO writes it.
        (
            "11/13/2026 2:30 PM",
            "(month/day or day/month?); write it as 2026-11-13 14:30 if you meant 13 Nov 2026,",
        ),
        (
            "10/12/2026 9:05:01",
            "(month/day or day/month?); write it as 2026-10-12 09:05:01 if you meant "
            "12 Oct 2026 or 2026-12-10 09:05:01 if you meant 10 Dec 2026,",
        ),
        (
            "11/3/2026",
            "(month/day or day/month?); write it as 2026-11-03 if you meant 3 Nov 2026 "
            "or 2026-03-11 if you meant 11 Mar 2026,",
        ),
        (
            "03.11.2026",
            "(month/day or day/month?); write it as 2026-03-11 if you meant 11 Mar 2026 "
            "or 2026-11-03 if you meant 3 Nov 2026,",
        ),
        (
            "13/3/2026",
            "(month/day or day/month?); write it as 2026-03-13 if you meant 13 Mar 2026,",
        ),
        ("3/3/2026", "(month/day or day/month?); write it as 2026-03-03 if you meant 3 Mar 2026,"),
        ("11/3/26", "(month/day or day/month?); write it as YYYY-MM-DD"),
        ("11/3/26 14:30", "(month/day or day/month?); write it as YYYY-MM-DD"),
        ("26/11/3", "(month/day or day/month?); write it as YYYY-MM-DD"),
    ],
)
def test_dq010_message_suggests_the_iso_form(value: str, advice: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ010"]
    problem = parsed["problem"].iloc[0]
    # One reading alone is no ambiguity, but the log's numeric dates still need date_format,
    # and the message says which (test_one_reading_says_which_date_format_reads_it).
    if advice.count(" if you meant ") == 1:
        iso = re.sub(r"^.*write it as (.*) if you meant .*$", r"\1", advice)
        assert problem.startswith(f"all-numeric date '{value}' is read only with date_format")
        assert problem.endswith(f", or write it as {iso}")
    else:
        assert problem == (
            f"all-numeric date '{value}' is ambiguous {advice} or set date_format in the "
            "configuration"
        )


@pytest.mark.parametrize(
    ("value", "order", "date_format", "iso"),
    [
        ("10/15/2026", "month/day/year", "%m/%d/%Y", "2026-10-15"),
        ("15.10.2026", "day/month/year", "%d.%m.%Y", "2026-10-15"),
        ("3/3/2026", "month/day/year", "%m/%d/%Y", "2026-03-03"),
        # A date-time is named the format of its date, which reads it with its time.
        ("13/3/2026 9:05", "day/month/year", "%d/%m/%Y", "2026-03-13 09:05"),
        ("10/15/2026 2:30:05 PM", "month/day/year", "%m/%d/%Y", "2026-10-15 14:30:05"),
        ("16.10.2026 14:30:00.000", "day/month/year", "%d.%m.%Y", "2026-10-16 14:30:00.000"),
    ],
)
def test_one_reading_says_which_date_format_reads_it(
    value: str, order: str, date_format: str, iso: str
) -> None:
    """ "Only one date fits" left a user asking why it was not read: the message says what
    reads it, a date_format that does."""
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ010"]
    assert parsed["problem"].iloc[0] == (
        f"all-numeric date '{value}' is read only with date_format (how the log writes such "
        f'dates): it can only be {order} here, so set date_format = "{date_format}" in the '
        f"configuration, or write it as {iso}"
    )
    read = parse_dates(pd.Series([value], dtype="string"), date_format=date_format)
    assert read["code"].isna().all()
    assert read["date"].iloc[0] == pd.Timestamp(iso)


def test_one_reading_with_an_offset_names_the_order_alone() -> None:
    value = "10/15/2026 14:30+01:00"
    problem = parse_dates(pd.Series([value], dtype="string"))["problem"].iloc[0]
    assert problem == (
        f"all-numeric date '{value}' is read only with date_format (how the log writes such "
        "dates): it can only be month/day/year here, so set date_format to that order in the "
        "configuration, or write it as 2026-10-15 14:30+01:00"
    )


def test_dq010_messages_of_a_whole_column_match_one_by_one() -> None:
    """The advice is built column-wise: a mixed column gives each value its own message."""
    values = [
        "10/12/2026",
        "11/3/2026",
        "13/3/2026",
        "3/3/2026",
        "11/3/26",
        "10/12/2026 14:30",
        "2026/02/30",
        "2/29/2028",
        "11/13/2026 2:30 PM",
        "2026-10-12",
    ]
    together = parse_dates(pd.Series(values * 2, dtype="string"))
    alone = [parse_dates(pd.Series([value], dtype="string"))["problem"].iloc[0] for value in values]
    assert together["problem"].tolist() == alone * 2
    codes = ["DQ010"] * 6 + ["DQ001"] + ["DQ010"] * 2 + [pd.NA]  # 2026/02/30: no such day
    assert together["code"].tolist() == codes * 2


@pytest.mark.parametrize(
    ("value", "orders"),
    [
        ("2/29/2027", "day/month or month/day order"),
        ("31/02/2026", "day/month or month/day order"),
        ("31/31/2026 14:30", "day/month or month/day order"),
    ],
)
def test_a_numeric_date_with_no_day_either_way_is_no_date(value: str, orders: str) -> None:
    """Not ambiguous (DQ010): no reading gives a day, so it is no date (DQ001)."""
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"'{value}' is not a date in either {orders}"


def test_dq010_in_check_output(tmp_path: Path) -> None:
    path = write(tmp_path, "date,company,event\n10/12/2026,Acme,applied\n11/3/2026,Beta,applied\n")
    assert messages(path) == [
        (
            2,
            "DQ010",
            "all-numeric date '10/12/2026' is ambiguous (month/day or day/month?); "
            "write it as 2026-10-12 if you meant 12 Oct 2026 or 2026-12-10 if you meant "
            "10 Dec 2026, or set date_format in the configuration; row not loaded",
        ),
        (
            3,
            "DQ010",
            "all-numeric date '11/3/2026' is ambiguous (month/day or day/month?); "
            "write it as 2026-11-03 if you meant 3 Nov 2026 or 2026-03-11 if you meant "
            "11 Mar 2026, or set date_format in the configuration; row not loaded",
        ),
    ]


# -- 4. a plain number's hint ----------------------------------------------------------------


SERIAL_AFTER_9999 = "as a spreadsheet serial day number it would fall after 9999-12-31"


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("19000101", SERIAL_AFTER_9999),  # no ISO basic date: 1900 is outside 1970-2100
        ("12345678", SERIAL_AFTER_9999),
        ("1234567", "as a spreadsheet serial day number it would be 5280-02-15, outside 1970"),
        ("45231", "as a spreadsheet serial day number it would be 2023-11-01: write the date"),
        ("2958466", SERIAL_AFTER_9999),
    ],
)
def test_a_number_hint(value: str, hint: str) -> None:
    problem = parse_dates(pd.Series([value], dtype="string"))["problem"].iloc[0]
    assert problem.startswith(f"cannot read '{value}' as a date (a number")
    assert hint in problem


def test_a_number_hint_is_worked_out_once_per_distinct_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    original = parse._number_hint

    def counted(value: str) -> str:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(parse, "_number_hint", counted)
    values = ["19000101", " 19000101", "45231", "19000101 "] * 1000
    problems = parse_dates(pd.Series(values, dtype="string"))["problem"]
    assert sorted(seen) == ["19000101", "45231"]
    assert problems.str.contains("fall after 9999-12-31").sum() == 3000


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("intervew", "interview"),  # a letter left out
        ("Interveiw", "interview"),  # two swapped
        ("folowed up", "follow_up"),
        ("thnak you", "thank_you"),
        ("ofer", "offer"),
        ("rejectoin", "rejection"),
        ("acceptedd", "accepted"),  # one added
    ],
)
def test_an_event_one_typing_slip_off_gets_a_suggestion(written: str, meant: str) -> None:
    parsed = parse_label(pd.Series([written], dtype="string"), EVENT_SYNONYMS, "event")
    assert parsed["value"].isna().all()
    assert parsed["suggested"].tolist() == [meant]  # what DQ007 reads to name the row
    assert (
        parsed["problem"]
        .iloc[0]
        .startswith(f"unknown event '{written}' (did you mean {meant}? known: accepted, applied")
    )


def test_an_event_far_from_any_gets_the_list_alone() -> None:
    values = pd.Series(["xyz", "coffee with Sam", "a" * 40], dtype="string")
    parsed = parse_label(values, EVENT_SYNONYMS, "event")
    problems = parsed["problem"]
    assert not problems.str.contains("did you mean").any()
    assert parsed["suggested"].isna().all()
    assert problems.str.contains("(known: accepted, applied", regex=False).all()


# -- found by fuzzing: offsets in a date_format, text around a numeric date -------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo"])
def test_a_date_format_with_an_offset_converts_like_iso(zone: str) -> None:
    """``%z`` in ``date_format``: each value's offset counts, mixed offsets included."""
    values = pd.Series(["01/10/2026 02:00 +0500", "02/10/2026 10:00 -0500"], dtype="string")
    parsed = parse_dates(values, timezone=zone, date_format="%d/%m/%Y %H:%M %z")
    iso = parse_dates(
        pd.Series(["2026-10-01T02:00+05:00", "2026-10-02T10:00-05:00"], dtype="string"),
        timezone=zone,
    )
    assert parsed["code"].isna().all()
    assert parsed["date"].tolist() == iso["date"].tolist()
    assert parsed["date"].iloc[0] != pd.Timestamp("2026-10-01 02:00")  # the offset is not dropped


def test_mixed_offsets_in_a_date_format_are_no_internal_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,company,event\n01/10/2026 10:00 +0200,Acme,applied\n"
        "02/10/2026 10:00 -0500,Beta,applied\n",
    )
    code = cli.main(
        ["check", str(path), "--as-of", AS_OF, "--config", "date_format=%d/%m/%Y %H:%M %z"]
    )
    assert code == cli.EXIT_OK


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-10-01 10:00 PST", "2026-10-01 10:00 PST"),
        ("2026-10-02\u200b", "2026-10-02\\u200b"),
        ("2026-10-01 T 10:00", "2026-10-01 T 10:00"),
        ("11/03/2026 noon", "11/03/2026 noon"),
    ],
)
def test_a_numeric_date_with_other_text_is_unreadable_not_ambiguous(value: str, shown: str) -> None:
    """DQ010 is for an all-numeric date only; anything else in the cell makes it no date."""
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{shown}' as a date"


# -- 6. ISO 8601 basic, ordinal, week and hour-only forms ---------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "timed"),
    [
        ("20261103", "2026-11-03", False),
        ("20261103T1430", "2026-11-03 14:30", True),
        ("20261103T143000", "2026-11-03 14:30", True),
        ("20261103T143000Z", "2026-11-03 23:30", True),  # 14:30 UTC is 23:30 in Tokyo
        ("20261103T1430+0100", "2026-11-03 22:30", True),
        ("20261103T1430+01", "2026-11-03 22:30", True),
        ("20261103T143000,5-0530", "2026-11-04 05:00:00.5", True),
        ("2026-307", "2026-11-03", False),
        ("2026307T1430", "2026-11-03 14:30", True),  # seven digits alone are asked about
        ("2028-366", "2028-12-31", False),  # 2028 is a leap year
        ("2026-307T14:30Z", "2026-11-03 23:30", True),
        ("2026-W45-2", "2026-11-03", False),
        ("2026W452", "2026-11-03", False),
        ("2026-W01-1", "2025-12-29", False),  # week 1 of 2026 starts in 2025
        ("2026-W53-7", "2027-01-03", False),  # 2026 has 53 weeks
        ("2026W452T0930", "2026-11-03 09:30", True),
        ("2026-11-03T14", "2026-11-03 14:00", True),
        ("2026-11-03T14+01", "2026-11-03 22:00", True),
        ("2026-11-03T14Z", "2026-11-03 23:00", True),
        ("2026-11-03T14:30:00,5", "2026-11-03 14:30:00.5", True),  # ISO's decimal comma
    ],
)
def test_other_iso_8601_forms_are_read(value: str, expected: str, timed: bool) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"), "Asia/Tokyo")
    assert parsed["code"].isna().all(), parsed["problem"].iloc[0]
    assert parsed["date"].iloc[0] == pd.Timestamp(expected)
    assert bool(parsed["has_time"].iloc[0]) is timed


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("20261332", "read as year 2026, month 13, day 32: there is no month 13"),
        ("20260229", "read as year 2026, month 02, day 29: February 2026 has 28 days"),
        ("20261131T1430", "read as year 2026, month 11, day 31: November 2026 has 30 days"),
        ("2026-367", "read as day 367 of 2026: 2026 has 365 days"),
        ("2026367T10", "read as day 367 of 2026: 2026 has 365 days"),
        ("2026-000", "read as day 000 of 2026: there is no day 000"),
        ("20261100", "read as year 2026, month 11, day 00: there is no day 00"),
        ("2026-W00-1", "read as week 00 of 2026: there is no week 00"),
        ("2026-W54-1", "read as week 54 of 2026: 2026 has 53 weeks"),
        ("2027-W53-1", "read as week 53 of 2027: 2027 has 52 weeks"),
        (
            "2026-W45-8",
            "read as day 8 of week 45 of 2026: the days of a week are 1 (Monday) to 7 (Sunday)",
        ),
        (
            "2026W450",
            "read as day 0 of week 45 of 2026: the days of a week are 1 (Monday) to 7 (Sunday)",
        ),
        # A week is no day: which of its days is not guessed (--as-of refuses it too).
        (
            "2026-W45",
            "read as week 45 of 2026: a week, not a day; write a day of it, such as 2026-W45-1 "
            "for its Monday, 2026-11-02",
        ),
        (
            "2026W45T1430",
            "read as week 45 of 2026: a week, not a day; write a day of it, such as 2026-W45-1 "
            "for its Monday, 2026-11-02",
        ),
        (
            "2021-W01",
            "read as week 01 of 2021: a week, not a day; write a day of it, such as 2021-W01-1 "
            "for its Monday, 2021-01-04",
        ),
        ("2026-W54", "read as week 54 of 2026: 2026 has 53 weeks"),
    ],
)
def test_an_impossible_iso_8601_form_says_why(value: str, why: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date ({why})"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-13-01", "read as year 2026, month 13, day 01: there is no month 13"),
        ("2026-00-10", "read as year 2026, month 00, day 10: there is no month 00"),
        ("2026-02-30", "read as year 2026, month 02, day 30: February 2026 has 28 days"),
        ("2026-02-29", "read as year 2026, month 02, day 29: February 2026 has 28 days"),
        ("2026-04-31", "read as year 2026, month 04, day 31: April 2026 has 30 days"),
        ("2026-11-00", "read as year 2026, month 11, day 00: there is no day 00"),
        ("2026-02-30T10:00", "read as year 2026, month 02, day 30: February 2026 has 28 days"),
        (
            "2026-04-31 10:00+01:00",
            "read as year 2026, month 04, day 31: April 2026 has 30 days",
        ),
        # The plainest spelled-out forms are read one way only: day, month name, year.
        ("30 Feb 2026", "read as year 2026, month 02, day 30: February 2026 has 28 days"),
        ("Feb 30, 2026", "read as year 2026, month 02, day 30: February 2026 has 28 days"),
        ("31st April 2026", "read as year 2026, month 04, day 31: April 2026 has 30 days"),
        ("sept. 31 2026", "read as year 2026, month 09, day 31: September 2026 has 30 days"),
    ],
)
def test_an_impossible_extended_or_spelled_out_date_says_why(value: str, why: str) -> None:
    """Worded as the basic form words it (20260230)."""
    parsed = parse_dates(pd.Series([value, "2028-02-29", "Feb 29, 2028"], dtype="string"))
    assert parsed["code"].fillna("").tolist() == ["DQ001", "", ""]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date ({why})"
    assert parsed["date"].iloc[1:].tolist() == [pd.Timestamp("2028-02-29")] * 2


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-03T25:00",  # the day is real: the time is not
        "Febuary 30, 2026",  # no month dateutil knows
        "Feb 30 2026 10:00",  # not one of the plainest forms
        "the 30th of February 2026",
    ],
)
def test_an_unreadable_date_whose_day_is_not_the_reason_gives_none(value: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date"


@pytest.mark.parametrize("value", ["20261103T25", "2026-11-03T24+01", "20261103T1460"])
def test_an_impossible_time_in_an_iso_8601_form_is_no_date(value: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date"


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("45231", "serial day number it would be 2023-11-01"),  # five digits: never a year
        ("19000101", SERIAL_AFTER_9999),  # 1900 is outside 1970-2100: not read as a year
        ("2101307", "serial day number it would be 7653-03-06"),
    ],
)
def test_digits_are_an_iso_basic_date_only_from_a_plausible_year(value: str, hint: str) -> None:
    problem = parse_dates(pd.Series([value], dtype="string"))["problem"].iloc[0]
    assert problem.startswith(f"cannot read '{value}' as a date (a number")
    assert hint in problem


@pytest.mark.parametrize(
    ("date_format", "value", "expected"),
    [
        # The format reads it: the configuration says how the log writes its digits.
        ("%d%m%Y", "20112026", "2026-11-20"),
        ("%d%m%Y", "03112026", "2026-11-03"),
        ("%Y%d%m", "20260311", "2026-11-03"),
        # It does not (or not in 1970-2100): an ISO 8601 basic date as without date_format.
        ("%d%m%Y", "20261103", "2026-11-03"),
        ("%d/%m/%Y", "20261103", "2026-11-03"),
        ("%m/%d/%Y", "2026-W45-2", "2026-11-03"),
    ],
)
def test_digits_a_date_format_reads_follow_it(date_format: str, value: str, expected: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"), date_format=date_format)
    assert parsed["code"].isna().all(), parsed["problem"].iloc[0]
    assert parsed["date"].iloc[0] == pd.Timestamp(expected)


def test_a_numeric_date_with_separators_stays_ambiguous_next_to_basic_dates() -> None:
    parsed = parse_dates(pd.Series(["11/3/2026", "20261103"], dtype="string"))
    assert parsed["code"].tolist() == ["DQ010", pd.NA]
    assert parsed["date"].iloc[1] == pd.Timestamp("2026-11-03")


# Applied on 1 Oct; followed up on 7 Oct (FU005), or 7 Oct in Chicago and 8 Oct elsewhere.
OTHER_FORMS = (
    "date,company,event\n"
    "20261001,Acme,applied\n"
    "2026-280,Acme,follow_up\n"
    "2026-W40-4,Beta,applied\n"
    "20261007T233000-0500,Beta,follow_up\n"
    "2026274T09,Gamma,applied\n"
    "2026W414T0930Z,Gamma,follow_up\n"
    "2026-10-01T09,Delta,applied\n"
    "2026-10-08T10+02,Delta,follow_up\n"
)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", [(3, "FU005", FU005_ON_7_OCT)]),
        ("America/Chicago", [(3, "FU005", FU005_ON_7_OCT), (5, "FU005", FU005_ON_7_OCT)]),
    ],
)
def test_check_reads_other_iso_8601_forms(
    tmp_path: Path, zone: str, expected: list[tuple[int, str, str]]
) -> None:
    path = write(tmp_path, OTHER_FORMS)
    assert messages(path, timezone=zone) == expected
    events = load_log(path, config=Config(timezone=zone), as_of=AS_OF).events
    assert len(events) == 8
    assert events["has_time"].tolist() == [False, False, False, True, True, True, True, True]


def test_check_cli_reads_other_iso_8601_forms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, OTHER_FORMS)
    cli.main(["check", str(path), "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert "DQ001" not in out
    assert f"{path}:3: FU005" in out


def _offsets(offset: dt.timedelta | None) -> tuple[str, str]:
    """An offset as ISO 8601 writes it in the extended and the basic form ("" when naive)."""
    if offset is None:
        return "", ""
    if not offset:
        return "Z", "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, minutes = divmod(abs(offset) // dt.timedelta(minutes=1), 60)
    return f"{sign}{hours:02d}:{minutes:02d}", f"{sign}{hours:02d}{minutes:02d}"


@settings(max_examples=80, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    offset=st.none() | st.integers(-14 * 4, 14 * 4).map(lambda n: dt.timedelta(minutes=15 * n)),
    zone=st.sampled_from(ZONES),
)
def test_every_iso_8601_form_reads_as_the_extended_one(
    when: dt.datetime, offset: dt.timedelta | None, zone: str
) -> None:
    """Python's own calendar (strftime, isocalendar) writes each form of one moment."""
    when = when.replace(microsecond=0)
    extended, basic = _offsets(offset)
    year, week, weekday = when.isocalendar()
    days = [
        when.strftime("%Y%m%d"),
        when.strftime("%Y-%j"),
        f"{year}-W{week:02d}-{weekday}",
        f"{year}W{week:02d}{weekday}",
    ]
    times = [
        when.strftime("%Y%m%dT%H%M%S") + basic,
        when.strftime("%Y%m%dT%H%M") + basic,
        when.strftime("%Y-%jT%H:%M:%S") + extended,
        when.strftime("%Y%jT%H%M%S") + basic,
        f"{year}-W{week:02d}-{weekday}T{when:%H:%M:%S}{extended}",
        f"{year}W{week:02d}{weekday}T{when:%H%M%S}{basic}",
    ]
    hours = [when.strftime("%Y-%m-%dT%H") + extended, when.strftime("%Y%m%dT%H") + basic]
    written = [
        when.strftime("%Y-%m-%d"),
        when.strftime("%Y-%m-%dT%H:%M:%S") + extended,
        when.strftime("%Y-%m-%dT%H:%M") + extended,
        when.strftime("%Y-%m-%dT%H:00") + extended,
    ]
    parsed = parse_dates(pd.Series(written + days + times + hours, dtype="string"), zone)
    assert parsed["code"].isna().all(), parsed["problem"].dropna().tolist()
    day, second, minute, hour = parsed["date"].iloc[:4]
    expected = [day] * len(days) + [second, minute, second, second, second, second] + [hour] * 2
    assert parsed["date"].iloc[4:].tolist() == expected
    assert parsed["has_time"].tolist() == [False] + [True] * 3 + [False] * len(days) + [True] * 8


@pytest.mark.parametrize("date_format", [None, "%d%m%Y"])
def test_seven_digits_alone_are_asked_about_not_read_as_a_day_of_the_year(
    date_format: str | None,
) -> None:
    """ISO 8601 writes day 113 of 2026 as 2026113, but seven digits in a log are as likely a
    date a digit short (2026113 for 2026-11-03): read as an ordinal date, it was silently
    23 Apr 2026. It is asked about, with both readings; with a time it is ISO's."""
    values = pd.Series(["2026113", "2026113T0900", "1234567"], dtype="string")
    parsed = parse_dates(values, date_format=date_format)
    assert parsed["code"].fillna("").tolist() == ["DQ001", "", "DQ001"]
    assert parsed["problem"].iloc[0] == (
        "cannot read '2026113' as a date (seven digits: day 113 of 2026 is written 2026-113, "
        "2026-04-23 in full; if a digit is missing, write the date in full)"
    )
    assert parsed["date"].iloc[1] == pd.Timestamp("2026-04-23 09:00")
    assert "a number" in parsed["problem"].iloc[2]


#: Date-time cells as spreadsheets export them to CSV (the text shown in the cell): Excel's
#: US ``m/d/yyyy h:mm`` and its 12-hour and seconds forms, Excel's ``.000`` milliseconds,
#: LibreOffice's zero-padded ``MM/DD/YYYY HH:MM:SS`` and its two-digit-year default
#: ``MM/DD/YY HH:MM AM/PM``; the UK's ``dd/mm/yyyy hh:mm``, Germany's ``dd.mm.yyyy hh:mm``.
SPREADSHEET_DATE_TIMES = [
    ("%m/%d/%Y", "10/16/2026 14:30", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 9:05", "2026-10-16 09:05"),
    ("%m/%d/%Y", "10/16/2026 0:00", "2026-10-16 00:00"),
    ("%m/%d/%Y", "10/16/2026 14:30:00", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 14:30:00.000", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 14:30:05.250", "2026-10-16 14:30:05.25"),
    ("%m/%d/%Y", "10/16/2026 2:30 PM", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 2:30:05 PM", "2026-10-16 14:30:05"),
    ("%m/%d/%Y", "10/16/2026 12:05 AM", "2026-10-16 00:05"),
    ("%m/%d/%Y", "10/16/2026 12:05 PM", "2026-10-16 12:05"),
    ("%m/%d/%Y", "10/16/2026 02:30 pm", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 2:30 p.m.", "2026-10-16 14:30"),
    ("%m/%d/%Y", "10/16/2026 2:30\u202fPM", "2026-10-16 14:30"),  # ICU's narrow space
    ("%m/%d/%Y", "10/16/2026, 2:30 PM", "2026-10-16 14:30"),
    ("%m/%d/%y", "10/16/26 02:30 PM", "2026-10-16 14:30"),
    ("%d/%m/%Y", "16/10/2026 14:30", "2026-10-16 14:30"),
    ("%d/%m/%Y", "16/10/2026 14:30:00", "2026-10-16 14:30"),
    ("%d.%m.%Y", "16.10.2026 14:30", "2026-10-16 14:30"),
    ("%d.%m.%y", "16.10.26 14:30", "2026-10-16 14:30"),
    ("%d-%m-%Y", "16-10-2026 14:30", "2026-10-16 14:30"),
    ("%d%m%Y", "16102026 14:30", "2026-10-16 14:30"),
]


@pytest.mark.parametrize(("date_format", "value", "expected"), SPREADSHEET_DATE_TIMES)
def test_a_date_format_without_a_time_reads_a_time_after_the_date(
    date_format: str, value: str, expected: str
) -> None:
    """With date_format = "%m/%d/%Y", Excel's 10/16/2026 14:30 was refused, and DQ010 had
    advised "%m/%d/%Y" for the column's dates and "%m/%d/%Y %H:%M" for its date-times:
    no one format read the column. The time is kept as written (naive local)."""
    raw = pd.Series([value, value.split(",")[0].split()[0]], dtype="string")
    parsed = parse_dates(raw, "America/New_York", date_format=date_format)
    assert parsed["code"].isna().all(), parsed["problem"].tolist()
    assert parsed["date"].tolist() == [pd.Timestamp(expected), pd.Timestamp(expected[:10])]
    assert parsed["has_time"].tolist() == [True, False]


#: A format with a time of day and a date alone in its order: (format, date and time, date).
DATE_FORMATS_WITH_A_TIME = [
    ("%m/%d/%Y %H:%M", "10/16/2026 14:30", "10/16/2026"),
    ("%d/%m/%Y %H:%M:%S", "16/10/2026 14:30:00", "16/10/2026"),
    ("%d.%m.%Y %H:%M", "16.10.2026 14:30", "16.10.2026"),
    ("%m/%d/%y, %I:%M %p", "10/16/26, 02:30 PM", "10/16/26"),
    ("%m/%d/%Y %I:%M %p", "10/16/2026 2:30 PM", "10/16/2026"),
    ("%d-%m-%Y %H:%M", "16-10-2026 14:30", "16-10-2026"),
    ("%d%m%Y %H:%M", "16102026 14:30", "16102026"),
]


@pytest.mark.parametrize(("date_format", "timed", "alone"), DATE_FORMATS_WITH_A_TIME)
def test_a_date_format_with_a_time_reads_a_date_alone(
    date_format: str, timed: str, alone: str
) -> None:
    """date_format = "%m/%d/%Y %H:%M" refused 10/16/2026 (DQ010 or no date), though a
    format without a time reads 10/16/2026 14:30. The date alone is that day, with no
    time known (has_time false, as any date written without one)."""
    raw = pd.Series([alone, timed, alone], dtype="string")
    parsed = parse_dates(raw, "America/New_York", date_format=date_format)
    assert parsed["code"].iloc[[0, 2]].isna().all(), parsed["problem"].tolist()
    assert parsed["date"].iloc[0] == pd.Timestamp("2026-10-16")
    assert not parsed["has_time"].iloc[0]
    # Each reads its own layout too (16102026 14:30 by %d%m%Y %H:%M was DQ001).
    assert parsed["code"].iloc[1] is pd.NA, parsed["problem"].tolist()
    assert parsed["date"].iloc[1] == pd.Timestamp("2026-10-16 14:30")
    assert parsed["has_time"].iloc[1]


@pytest.mark.parametrize(
    ("date_format", "timed", "alone"),
    [
        ("%H:%M %d/%m/%Y", "14:30 16/10/2026", "16/10/2026"),
        ("%H:%M, %d.%m.%Y", "14:30, 16.10.2026", "16.10.2026"),
        ("%I:%M %p %m/%d/%Y", "02:30 PM 10/16/2026", "10/16/2026"),
        ("%d%m%Y %H:%M", "16102026 14:30", "16102026"),
        ("%d%m%YT%H%M", "16102026T1430", "16102026"),
    ],
)
def test_a_date_format_reads_its_own_layout(date_format: str, timed: str, alone: str) -> None:
    """A cell written as the format writes it was DQ001 unless it began with an
    all-numeric date (16/10/2026 14:30) or was digits alone: a time before the date
    (14:30 16/10/2026 under %H:%M %d/%m/%Y) or digits followed by a time were no date."""
    parsed = parse_dates(pd.Series([timed, alone]), "Europe/Paris", date_format=date_format)
    assert parsed["code"].isna().all(), parsed["problem"].tolist()
    assert parsed["date"].tolist() == [pd.Timestamp("2026-10-16 14:30"), pd.Timestamp("2026-10-16")]
    assert parsed["has_time"].tolist() == [True, False]


def test_a_cell_in_the_layout_of_a_date_format_that_is_no_day_says_so() -> None:
    values = pd.Series(["14:30 31/02/2026", "31022026 14:30"])
    problems = [
        parse_dates(values.iloc[[i]], date_format=f)["problem"].iloc[0]
        for i, f in enumerate(["%H:%M %d/%m/%Y", "%d%m%Y %H:%M"])
    ]
    assert problems == [
        "cannot read '14:30 31/02/2026' as a date "
        "(there is no such day under the configured date_format '%H:%M %d/%m/%Y')",
        "cannot read '31022026 14:30' as a date "
        "(there is no such day under the configured date_format '%d%m%Y %H:%M')",
    ]


@pytest.mark.parametrize(
    ("date_format", "example"),
    [("%d/%m/%Y %H:%M%z", "30/10/2026 14:30+0000"), ("%d/%m/%Y %H:%M %Z", "30/10/2026 14:30 UTC")],
)
def test_the_example_of_a_date_format_with_an_offset_writes_one(
    date_format: str, example: str
) -> None:
    """16/10/2026 14:30 under %d/%m/%Y %H:%M%z was refused with "reads dates written as
    30/10/2026 14:30": the example named the layout refused, its offset left out."""
    parsed = parse_dates(pd.Series(["16/10/2026 14:30"]), date_format=date_format)
    assert parsed["problem"].iloc[0] == (
        f"cannot read '16/10/2026 14:30' as a date (the configured date_format "
        f"'{date_format}' reads dates written as {example} or 30/10/2026: write it so, or "
        "as an ISO date)"
    )
    # The example is read by the format it illustrates.
    assert parse_dates(pd.Series([example]), date_format=date_format)["code"].isna().all()


def test_a_date_format_with_an_offset_reads_one_of_whole_hours(tmp_path: Path) -> None:
    """16/10/2026 14:30 +02 under %d/%m/%Y %H:%M %z was DQ001 ("reads dates written as
    30/10/2026 14:30 +0000"): Python's %z wants the minutes, which ISO 8601 and people
    leave out. A date alone, a two-digit year and a full offset read as before."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n16/10/2026 14:30 +02,Acme,applied\n"
        "17/10/2026 23:30 -05,Acme,follow_up\n18/10/2026 09:00 +0100,Acme,follow_up\n"
        "19/10/2026,Acme,follow_up\n",
        encoding="utf-8",
    )
    config = Config(date_format="%d/%m/%Y %H:%M %z", timezone="Europe/Paris")
    loaded = load_log(log, config, as_of="2026-10-30")
    assert loaded.rejects.empty, loaded.rejects["reason"].tolist()
    assert loaded.events["date"].tolist() == [
        pd.Timestamp("2026-10-16 14:30"),
        pd.Timestamp("2026-10-18 06:30"),  # 04:30 UTC: the next day in Paris
        pd.Timestamp("2026-10-18 10:00"),
        pd.Timestamp("2026-10-19"),
    ]
    two_digit_year = parse_dates(pd.Series(["16/10/26 14:30-02"]), date_format="%d/%m/%y %H:%M%z")
    assert two_digit_year["code"].isna().all()


def test_a_time_first_date_format_is_checked_as_written(tmp_path: Path) -> None:
    """Through the configuration, as check reads a log: 14:30 16/10/2026 was DQ001."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n01/10/2026,Acme,applied\n09:30 08/10/2026,Acme,follow_up\n",
        encoding="utf-8",
    )
    loaded = load_log(log, Config(date_format="%H:%M %d/%m/%Y"), as_of="2026-10-30")
    assert loaded.rejects.empty, loaded.rejects["reason"].tolist()
    assert loaded.events["date"].tolist() == [
        pd.Timestamp("2026-10-01"),
        pd.Timestamp("2026-10-08 09:30"),
    ]
    assert loaded.events["has_time"].tolist() == [False, True]


def test_a_date_alone_under_a_date_format_with_a_time_says_why_it_is_no_day() -> None:
    """04/31/2026 is written as the format writes its date: it is no day, not a date
    written another way."""
    values = pd.Series(["04/31/2026"], dtype="string")
    assert parse_dates(values, date_format="%m/%d/%Y %H:%M")["problem"].tolist() == [
        "cannot read '04/31/2026' as a date "
        "(there is no such day under the configured date_format '%m/%d/%Y %H:%M')"
    ]


def test_a_date_alone_under_a_date_format_with_a_time_is_checked_without_a_time(
    tmp_path: Path,
) -> None:
    """Through the configuration, as check reads a log: both rows load, the date alone
    without a time of day."""
    log = tmp_path / "log.csv"
    log.write_text(
        "date,company,event\n10/01/2026,Acme,applied\n10/08/2026 09:30,Acme,follow_up\n",
        encoding="utf-8",
    )
    loaded = load_log(log, Config(date_format="%m/%d/%Y %H:%M"), as_of="2026-10-30")
    assert loaded.rejects.empty, loaded.rejects["reason"].tolist()
    assert loaded.events["date"].tolist() == [
        pd.Timestamp("2026-10-01"),
        pd.Timestamp("2026-10-08 09:30"),
    ]
    assert loaded.events["has_time"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("date_format", "alone"),
    [
        ("%m/%d/%Y %H:%M", "%m/%d/%Y"),
        ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"),
        ("%d.%m.%Y, %I:%M %p", "%d.%m.%Y"),
        ("%H:%M %d/%m/%Y", "%d/%m/%Y"),
        ("%m/%d/%Y", None),  # no time: it reads its dates alone itself
        ("%c", None),
        ("%d %H:%M %m/%Y", None),  # the time inside the date
    ],
)
def test_the_date_alone_of_a_date_format(date_format: str, alone: str | None) -> None:
    assert parse.date_alone_format(date_format) == alone


@pytest.mark.parametrize(
    "value",
    ["10/16/2026 25:00", "10/16/2026 13:30 PM", "10/16/2026 0:30 AM", "10/16/2026 14:61"],
)
def test_a_time_no_clock_shows_is_not_read(value: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"), date_format="%m/%d/%Y")
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["date"].isna().all()


def test_a_spreadsheet_column_of_dates_and_date_times_is_read_with_one_date_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The user's file: DQ010 names one format for all its rows, and with it set in the
    settings file every row is read, the time of day kept."""
    path = write(
        tmp_path,
        "date,company,event\n10/15/2026,Acme,applied\n10/16/2026 14:30,Acme,follow_up\n"
        "10/19/2026 2:30 PM,Beta,applied\n10/20/2026 09:15:00.000,Beta,follow_up\n",
    )
    advice = {message.split(" set ", 1)[1].split(" in the ")[0] for _, _, message in messages(path)}
    assert advice == {'date_format = "%m/%d/%Y"'}

    (tmp_path / "followup-stats.toml").write_text('date_format = "%m/%d/%Y"\n', encoding="utf-8")
    cli.main(["check", str(path), "--as-of", AS_OF])
    out = capsys.readouterr().out
    assert "DQ0" not in out
    assert "FU005" in out  # the follow-ups a day after each application are judged
    events = load_log(path, config=Config(date_format="%m/%d/%Y"), as_of=AS_OF).events
    assert events["date"].tolist() == [
        pd.Timestamp("2026-10-15"),
        pd.Timestamp("2026-10-16 14:30"),
        pd.Timestamp("2026-10-19 14:30"),
        pd.Timestamp("2026-10-20 09:15"),
    ]
    assert events["has_time"].tolist() == [False, True, True, True]


# -- year-first all-numeric dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-1", "2026-10-01"),
        ("2026/10/1", "2026-10-01"),
        ("2026.10.1", "2026-10-01"),
        ("2026/10/12", "2026-10-12"),
        ("2026-1-5", "2026-01-05"),
        ("2026/10/12 14:30", "2026-10-12 14:30"),
        ("2026.10.12 2:30 PM", "2026-10-12 14:30"),
        ("2026/10/12 9:05:01", "2026-10-12 09:05:01"),
        ("2026-10-16 2:30 PM", "2026-10-16 14:30"),
        # The separators mixed: 2026/10-12 was DQ010 (ambiguous), 2026/10/12 was not.
        ("2026/10-12", "2026-10-12"),
        ("2026-10/1", "2026-10-01"),
        ("2026.10-12", "2026-10-12"),
        ("2026/1.5 14:30", "2026-01-05 14:30"),
    ],
)
@pytest.mark.parametrize("date_format", [None, "%d/%m/%Y", "%m/%d/%Y"])
def test_a_year_first_numeric_date_is_year_month_day(
    value: str, expected: str, date_format: str | None
) -> None:
    """2026-10-1 was called ambiguous (year/month/day or year/day/month?): nobody writes
    year/day/month, so a four-digit year first is read year, month, day."""
    parsed = parse_dates(pd.Series([value], dtype="string"), date_format=date_format)
    assert parsed["code"].isna().all(), parsed["problem"].tolist()
    assert parsed["date"].iloc[0] == pd.Timestamp(expected)
    assert parsed["has_time"].iloc[0] == (len(expected) > 10)


def test_a_year_first_date_with_an_offset_is_converted_as_iso() -> None:
    parsed = parse_dates(pd.Series(["2026/10/12 14:30+02:00"], dtype="string"), "UTC")
    assert parsed["date"].tolist() == [pd.Timestamp("2026-10-12 12:30")]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026/02/30", "read as year 2026, month 02, day 30: February 2026 has 28 days"),
        ("2026/31/02", "read as year 2026, month 31, day 02: there is no month 31"),
        ("2026.13.1", "read as year 2026, month 13, day 01: there is no month 13"),
    ],
)
def test_a_year_first_numeric_date_that_is_no_day_says_why(value: str, why: str) -> None:
    parsed = parse_dates(pd.Series([value], dtype="string"))
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date ({why})"


def test_a_year_first_date_format_is_honoured() -> None:
    """A log that says how it writes its dates is read so, year/day/month too."""
    raw = pd.Series(["2026/31/10", "2026/12/10", "2026/12/10 14:30"], dtype="string")
    parsed = parse_dates(raw, date_format="%Y/%d/%m")
    assert parsed["date"].tolist() == [
        pd.Timestamp("2026-10-31"),
        pd.Timestamp("2026-10-12"),
        pd.Timestamp("2026-10-12 14:30"),
    ]


def test_a_year_first_date_in_check_output(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,company,event\n2026-10-1,Acme,applied\n2026/10/2,Beta,applied\n"
        "10/8/2026,Gamma,applied\n",
    )
    found = messages(path)
    assert [(line, code) for line, code, _ in found] == [(4, "DQ010")]
    assert "'10/8/2026' is ambiguous (month/day or day/month?)" in found[0][2]


@pytest.mark.parametrize(
    ("date_format", "value", "why"),
    [
        (
            "%m/%d/%Y",
            "10/9/26",
            "the configured date_format '%m/%d/%Y' reads dates written as 10/30/2026 or "
            "10/30/2026 14:30: write it so, or as an ISO date",
        ),
        (
            "%d.%m.%Y",
            "10/15/2026",
            "the configured date_format '%d.%m.%Y' reads dates written as 30.10.2026 or "
            "30.10.2026 14:30: write it so, or as an ISO date",
        ),
        # A time of day with an offset is not read by a format without one.
        (
            "%m/%d/%Y",
            "10/08/2026 14:30+02:00",
            "the configured date_format '%m/%d/%Y' reads dates written as 10/30/2026 or "
            "10/30/2026 14:30: write it so, or as an ISO date",
        ),
        # A format with a time of day reads its dates alone too (10/08/2026 is read).
        (
            "%m/%d/%Y %H:%M",
            "10/8/26",
            "the configured date_format '%m/%d/%Y %H:%M' reads dates written as "
            "10/30/2026 14:30 or 10/30/2026: write it so, or as an ISO date",
        ),
        # Written in the format, but no day.
        (
            "%d/%m/%Y",
            "31/04/2026",
            "there is no such day under the configured date_format '%d/%m/%Y'",
        ),
    ],
)
def test_an_all_numeric_date_date_format_does_not_read_says_why(
    date_format: str, value: str, why: str
) -> None:
    """It read "cannot read '10/9/26' as a date" and nothing more."""
    parsed = parse_dates(pd.Series([value], dtype="string"), date_format=date_format)
    assert parsed["code"].tolist() == ["DQ001"]
    assert parsed["problem"].iloc[0] == f"cannot read '{value}' as a date ({why})"
    # A value of another kind keeps its own reason, or none.
    others = parse_dates(
        pd.Series(["46300", "Febuary 30, 2026", "2026-02-30"], dtype="string"),
        date_format=date_format,
    )["problem"]
    assert "date_format" not in " ".join(others.tolist())
