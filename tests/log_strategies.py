"""Hypothesis strategies for events tables, and helpers to build them by hand.

``make_events`` turns plain rows into the events table of ``seeds/RULES.md``
(dtypes, ``day``, ``has_time``, same-day order); ``events_to_csv`` writes the
canonical CSV text whose data rows are in ``line`` order, so a loader can be
tested against the table it should produce. ``event_logs()`` draws
``(events, as_of)`` pairs covering the cases the rules care about.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pandas as pd
from hypothesis import strategies as st

from followup_stats.config import Config
from followup_stats.vocab import (
    CHANNEL_DTYPE,
    CHANNELS,
    EVENT_DTYPE,
    REASON_DTYPE,
    SAME_DAY_RANK,
    UPDATE_REASONS,
)

#: Day 0 of generated logs (a Monday). Generated events stay within ~60 days of it.
BASE_DAY = dt.date(2026, 3, 2)
LAST_OFFSET = 60

SOURCE = "gen.csv"

#: Columns of the canonical CSV, in order.
CSV_COLUMNS = [
    "date",
    "candidate",
    "application_id",
    "company",
    "role",
    "event",
    "stage",
    "channel",
    "contact",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
]

#: Columns of the events table, in order. RULES.md calls the file name
#: ``source``; the loader (``followup_stats.load``) calls it ``file``. Both
#: are filled, with the same value, until the two agree.
EVENT_COLUMNS = [
    "file",
    "source",
    "line",
    "candidate",
    "application_id",
    "company",
    "role",
    "event",
    "date",
    "day",
    "has_time",
    "stage",
    "channel",
    "contact",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
    "after_as_of",
]

_STRING_COLUMNS = ["candidate", "application_id", "company", "role", "stage", "contact", "notes"]
_BOOL_COLUMNS = ["asked_next_steps", "asked_permission"]
_INT_COLUMNS = ["contact_ok_after_days", "timeline_days"]


def day(offset: int) -> dt.date:
    """The day ``offset`` days after ``BASE_DAY``."""
    return BASE_DAY + dt.timedelta(days=offset)


def at(offset: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time of day on ``day(offset)`` (a row whose log gave a time)."""
    return dt.datetime.combine(day(offset), dt.time(hour, minute))


# --------------------------------------------------------------------------
# Building the table
# --------------------------------------------------------------------------


def make_events(rows: list[dict[str, Any]], as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The events table of ``seeds/RULES.md`` built from plain rows.

    Each row is a dict with at least ``candidate``, ``event`` and ``date``
    (a ``datetime.date``, or a ``datetime.datetime`` when the log gave a time
    of day); any other column of ``EVENT_COLUMNS`` may be given, missing ones
    are NA. ``line`` is 2, 3, ... in the order of ``rows`` (the CSV order),
    ``source`` is ``gen.csv``. As the loader does, ``asked_permission`` is set
    to True where ``contact_ok_after_days`` is given. The result is sorted by
    candidate, application_id (NA, i.e. networking, last), day, same-day order
    and line, with a fresh RangeIndex. ``after_as_of`` is False unless
    ``as_of`` is given.
    """
    records = []
    for i, row in enumerate(rows):
        record = {column: row.get(column) for column in EVENT_COLUMNS}
        when = row["date"]
        record["has_time"] = isinstance(when, dt.datetime)
        record["date"] = (
            when if isinstance(when, dt.datetime) else dt.datetime.combine(when, dt.time())
        )
        record["line"] = i + 2
        record["source"] = record["file"] = SOURCE
        records.append(record)

    frame = pd.DataFrame.from_records(records, columns=EVENT_COLUMNS)
    frame["file"] = frame["file"].astype("string")
    frame["source"] = frame["source"].astype("string")
    frame["line"] = frame["line"].astype("int64")
    for column in _STRING_COLUMNS:
        frame[column] = frame[column].astype("string")
    frame["event"] = frame["event"].astype(EVENT_DTYPE)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")  # as the loader
    frame["day"] = frame["date"].dt.normalize()
    frame["has_time"] = frame["has_time"].astype(bool)
    frame["channel"] = frame["channel"].astype(CHANNEL_DTYPE)
    frame["reason"] = frame["reason"].astype(REASON_DTYPE)
    for column in _BOOL_COLUMNS:
        frame[column] = frame[column].astype("boolean")
    for column in _INT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    frame.loc[frame["contact_ok_after_days"].notna(), "asked_permission"] = True
    if as_of is None:
        frame["after_as_of"] = False
    else:
        frame["after_as_of"] = frame["day"] > pd.Timestamp(as_of).normalize()
    return sort_events(frame)


def sort_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort as RULES.md says: candidate, application_id, day, same-day order, line.

    Same-day order: "when every row of that application on that day has a
    time, by time; otherwise by rank applied(0) < interview(1) <
    thank_you/follow_up/update/networking(2) < response/offer/rejection(3) <
    accepted/declined(4) < withdrew(5), then time, then line." Rows of a
    candidate with NA application_id (networking) form one group, sorted last.
    Equal times on an all-timed day fall back to rank, then line (RULES.md
    does not say).
    """
    work = frame.copy()
    work["_app"] = work["application_id"].fillna("\uffff")  # NA last
    work["_rank"] = work["event"].astype(str).map(SAME_DAY_RANK).astype("int64")
    all_timed = work.groupby(["candidate", "_app", "day"])["has_time"].transform("all")
    # All timed: (time, rank, line); otherwise (rank, time, line).
    work["_k1"] = work["date"].where(all_timed, work["day"])
    work["_k2"] = work["_rank"]
    work["_k3"] = work["date"]
    work = work.sort_values(
        ["candidate", "_app", "day", "_k1", "_k2", "_k3", "line"], kind="stable"
    )
    return work.drop(columns=["_app", "_rank", "_k1", "_k2", "_k3"]).reset_index(drop=True)


def _csv_value(column: str, value: Any, has_time: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column == "date":
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%dT%H:%M") if has_time else stamp.strftime("%Y-%m-%d")
    if column in _BOOL_COLUMNS:
        return "yes" if bool(value) else "no"
    if column in _INT_COLUMNS:
        return str(int(value))
    return str(value)


def events_to_csv(events: pd.DataFrame) -> str:
    """The canonical CSV text of ``events``: header, then one row per event in ``line`` order.

    Requires lines 2..n+1 (one physical line per row, as ``make_events`` makes
    them), so data row k of the text is the event with ``line`` k.
    """
    ordered = events.sort_values("line")
    lines = [int(x) for x in ordered["line"]]
    if lines != list(range(2, len(lines) + 2)):
        raise ValueError("events_to_csv needs lines 2, 3, ... without gaps")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in ordered.to_dict("records"):
        for column in ("notes", "contact", "stage", "role", "company"):
            text = record[column]
            if isinstance(text, str) and ("\n" in text or "\r" in text):
                raise ValueError(f"line {record['line']}: {column} spans several lines")
        writer.writerow(
            [_csv_value(column, record[column], bool(record["has_time"])) for column in CSV_COLUMNS]
        )
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------

CANDIDATES = ("ana", "ben", "chloe", "dev")
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Soylent, Inc.", 'Stark "Ind"')
ROLES = ("analyst", "engineer", "designer")
STAGES = ("screen", "technical", "onsite", "final")

maybe_bool = st.sampled_from([True, False, None])
channels = st.sampled_from([*CHANNELS, None, None])
reasons = st.sampled_from([*UPDATE_REASONS, None, None])
small_days = st.one_of(st.none(), st.integers(0, 14))
#: Notes of an application's rows; some say the row's date is only assumed (any case,
#: after spaces), which exempts the timing it would set from the rules.
notes = st.sampled_from(
    [
        None,
        None,
        None,
        "ok",
        "said: soon, maybe",
        "date assumed: the card never moved",
        "  Date Assumed",
        "assumed date",  # not the note: it does not begin 'date assumed'
    ]
)
#: Gaps between consecutive events of a story; 0 (same day) is common.
gaps = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 7, 10])

#: Events after the opening one, by weight (repeated entries).
STEP_EVENTS = (
    ["interview"] * 4
    + ["thank_you"] * 3
    + ["follow_up"] * 6
    + ["update"] * 2
    + ["response"] * 3
    + ["offer", "rejection", "withdrew", "accepted", "declined", "applied", "networking"]
)


@st.composite
def _when(draw: st.DrawFn, offset: int, timed: bool) -> dt.date | dt.datetime:
    """``day(offset)``, sometimes with a time of day (always when ``timed``)."""
    if timed or draw(st.integers(0, 9)) == 0:
        return at(offset, draw(st.integers(7, 19)), draw(st.sampled_from([0, 30])))
    return day(offset)


@st.composite
def application_rows(
    draw: st.DrawFn, candidate: str, application_id: str, company: str
) -> list[dict[str, Any]]:
    """The rows of one application: a short story of interviews, follow-ups and news.

    Follow-ups are aimed near a guess of the first allowed day, of the final
    note's gap or of the timetable's end plus grace (early, on it, late), or
    dropped at a random gap, so the FU005/7/8/9 boundaries are hit often.
    """
    role = draw(st.sampled_from([*ROLES, None]))
    timed = draw(st.integers(0, 6)) == 0  # the whole application has times of day
    offset = draw(st.integers(0, 40))
    rows: list[dict[str, Any]] = []

    def add(event: str, **fields: Any) -> None:
        row = {
            "candidate": candidate,
            "application_id": application_id,
            "company": company,
            "role": role,
            "event": event,
            "date": draw(_when(offset, timed)),
            "notes": draw(notes),
        }
        row.update(fields)
        rows.append(row)

    first = draw(st.sampled_from(["applied"] * 6 + ["interview", "response", "follow_up"]))
    # Rough guesses at the anchor, the wait, the last follow-up and the
    # timetable's end, only to aim follow-ups near the rules' boundaries.
    anchor, wait, contact_ok = offset, 7, None
    last_follow_up: int | None = None
    timetable_end: int | None = None
    n_steps = draw(st.integers(0, 12))
    for step in range(n_steps + 1):
        event = first if step == 0 else draw(st.sampled_from(STEP_EVENTS))
        if step > 0:
            aim = draw(st.sampled_from(["gap", "first_allowed", "final_gap", "timetable"]))
            if event == "follow_up" and aim != "gap":
                target = anchor + wait  # "first_allowed"
                if aim == "final_gap" and last_follow_up is not None:
                    target = last_follow_up + 2
                elif aim == "timetable" and timetable_end is not None:
                    target = timetable_end + 3
                offset = max(offset, target + draw(st.sampled_from([-3, -2, -1, 0, 0, 1, 2])))
            else:
                offset += draw(gaps)
        if offset > LAST_OFFSET + 5:
            break
        if event == "interview":
            contact_ok = draw(st.one_of(st.none(), st.none(), st.integers(0, 10)))
            anchor, wait = offset, 7 if contact_ok is None else contact_ok
            timeline = draw(small_days)
            if timeline is not None:
                timetable_end = offset + timeline
            add(
                "interview",
                stage=draw(st.sampled_from([*STAGES, None])),
                channel=draw(channels),
                asked_next_steps=draw(maybe_bool),
                asked_permission=draw(maybe_bool),
                contact_ok_after_days=contact_ok,
                timeline_days=timeline,
            )
            if draw(st.integers(0, 4)) == 0:  # a second interview the same day
                add("interview", stage="final", asked_permission=draw(maybe_bool))
        elif event == "response":
            timeline = draw(small_days)
            anchor, last_follow_up = offset, None
            wait = timeline if timeline is not None else (7 if contact_ok is None else contact_ok)
            if timeline is not None:
                timetable_end = offset + timeline
            add("response", channel=draw(channels), timeline_days=timeline)
        elif event == "update":
            add("update", channel=draw(channels), reason=draw(reasons))
        elif event in ("thank_you", "follow_up"):
            if event == "follow_up":
                last_follow_up = offset
            add(event, channel=draw(channels), contact=draw(st.sampled_from([None, "Sam Lee"])))
        elif event == "networking":
            rows.append(
                {
                    "candidate": candidate,
                    "company": draw(st.sampled_from([None, *COMPANIES])),
                    "event": "networking",
                    "date": draw(_when(offset, timed)),
                }
            )
        else:
            add(event)
    return rows


@st.composite
def candidate_rows(draw: st.DrawFn, candidate: str, max_applications: int = 6) -> list[dict]:
    """All rows of one candidate: 1..max_applications applications plus networking."""
    rows: list[dict[str, Any]] = []
    n_apps = draw(st.integers(1, max_applications))
    for k in range(1, n_apps + 1):
        # Ids repeat across candidates on purpose: the key is (candidate, application_id).
        rows += draw(application_rows(candidate, f"A{k}", draw(st.sampled_from(COMPANIES))))
    for _ in range(draw(st.integers(0, 5))):
        rows.append(
            {
                "candidate": candidate,
                "company": draw(st.sampled_from([None, *COMPANIES])),
                "event": "networking",
                "date": draw(_when(draw(st.integers(0, LAST_OFFSET)), False)),
                "channel": draw(channels),
            }
        )
    return rows


@st.composite
def event_logs(
    draw: st.DrawFn, max_candidates: int = 3, max_applications: int = 6
) -> tuple[pd.DataFrame, pd.Timestamp]:
    """``(events, as_of)``: an events table and an as-of day, some events after it.

    Lines follow either the chronological order of a real log or a shuffle.
    ``after_as_of`` is left False: consumers must compare ``day`` with ``as_of``.
    """
    names = draw(
        st.lists(st.sampled_from(CANDIDATES), min_size=1, max_size=max_candidates, unique=True)
    )
    rows: list[dict[str, Any]] = []
    for name in names:
        rows += draw(candidate_rows(name, max_applications))
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))
    else:
        rows.sort(key=lambda r: pd.Timestamp(r["date"]))
    as_of = pd.Timestamp(day(draw(st.integers(0, LAST_OFFSET))))
    return make_events(rows), as_of


@st.composite
def configs(draw: st.DrawFn) -> Config:
    """A configuration with small, sometimes unusual thresholds."""
    return Config(
        thank_you_within_days=draw(st.integers(0, 3)),
        default_wait_days=draw(st.integers(0, 10)),
        final_note_gap_days=draw(st.integers(0, 4)),
        timeline_grace_days=draw(st.integers(0, 5)),
        max_follow_ups=draw(st.integers(1, 4)),
        idle_days=draw(st.integers(0, 10)),
    )
