"""The calendar writer as it was, one ``icalendar.Event`` per reminder: the tests' oracle.

``followup_stats.actions.write_ics`` builds the same text column by column;
this is the old writer, kept unchanged but for its DTSTAMP (one value for the
file, as the new writer has it), so tests can hold the two to the same bytes.
It is slow (about 10 s for 18,000 reminders) and never used by the package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from icalendar import Calendar, Event

from followup_stats.actions import EMPTY_CALENDAR_ZONE, REMINDER_TITLES
from followup_stats.errors import CONTROL_CHARACTERS
from followup_stats.load import today as today_in
from followup_stats.output import atomic_write, role_of_made_up_ids


def _calendar_text(text: str) -> str:
    """``text`` with control characters from a log replaced by U+FFFD."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def reference_write_ics(
    actions: pd.DataFrame,
    path: str | Path,
    as_of: pd.Timestamp | pd.Series | None = None,
    *,
    timezone: str = "UTC",
) -> int:
    """What ``write_ics`` wrote with icalendar, an event object per reminder."""
    today = as_of if as_of is not None else today_in(timezone)
    todays = (
        pd.to_datetime(today).reindex(actions.index)
        if isinstance(today, pd.Series)
        else pd.Series(today, index=actions.index, dtype="datetime64[ns]")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//followup_stats//todo//EN")
    calendar.add("version", "2.0")
    several = actions["candidate"].nunique() > 1
    shown_ids = role_of_made_up_ids(
        actions["application_id"].astype("string").fillna(""),
        actions["company"].astype("string").fillna(""),
    )
    stamp = pd.Timestamp.now(tz="UTC").to_pydatetime()
    for row, row_today, shown_id in zip(
        actions.itertuples(index=False), todays, shown_ids, strict=True
    ):
        day = max(pd.Timestamp(str(row.not_before)), row_today).date()
        allowed_day = pd.Timestamp(str(row.not_before)).date()
        allowed = allowed_day.isoformat()
        if row.action == "date_unknown":
            allowed = str(row.action)
        uid_text = f"{row.candidate}|{row.application_id}|{row.then}|{allowed}"
        event = Event()
        event.add("uid", hashlib.sha256(uid_text.encode()).hexdigest()[:32] + "@followup-stats")
        event.add("dtstamp", stamp)
        event.add("sequence", (day - allowed_day).days)
        event.add("dtstart", day)
        event.add("dtend", day + pd.Timedelta(days=1).to_pytimedelta())
        step = str(row.action) if row.action == "date_unknown" else str(row.then)
        title = REMINDER_TITLES.get(step, step)
        whose = f"{row.candidate}: " if several else ""
        where = f"{row.company} ({shown_id})" if shown_id else str(row.company)
        event.add("summary", _calendar_text(f"{whose}{title}: {where}"))
        event.add("description", _calendar_text(str(row.why)))
        calendar.add_component(event)
    if not calendar.subcomponents:
        calendar.add_component(Calendar.from_ical(EMPTY_CALENDAR_ZONE))
    atomic_write(path, calendar.to_ical())
    return len(actions)
