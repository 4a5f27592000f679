"""``write_ics`` builds the calendar column by column: held byte for byte to icalendar.

The reference is the writer as it was, one ``icalendar.Event`` per reminder
(``reference_ics.py``). Only DTSTAMP, the moment of writing, may differ, so
it is masked. The texts below are chosen to be hard: TEXT escapes, quotes,
control characters, and 2-, 3- and 4-octet UTF-8 characters at each octet
around the 75-octet folds.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from reference_ics import reference_write_ics

from followup_stats.actions import EMPTY_CALENDAR_ZONE, next_actions, write_ics
from followup_stats.errors import CONTROL_CHARACTERS
from followup_stats.load import load_log

DATA = Path(__file__).resolve().parents[1] / "data"
AS_OF = pd.Timestamp("2026-10-30")
DTSTAMP = re.compile(rb"\r\nDTSTAMP:[0-9]{8}T[0-9]{6}Z\r\n")
#: Characters of 1 to 4 octets in UTF-8, and those a calendar escapes or folds around.
HOSTILE = ("a", "é", "中", "😀", "\\", ";", ",", "^", '"', "\n", "\r\n", "\\N", ":", "\x1b")


def masked(raw: bytes) -> bytes:
    """A calendar file without its DTSTAMP values."""
    return DTSTAMP.sub(b"\r\nDTSTAMP:-\r\n", raw)


def both(actions: pd.DataFrame, tmp_path: Path, as_of: pd.Timestamp | pd.Series) -> bytes:
    """The new writer's file, after checking it against the reference's."""
    new, old = tmp_path / "new.ics", tmp_path / "old.ics"
    assert write_ics(actions, new, as_of) == reference_write_ics(actions, old, as_of)
    raw = new.read_bytes()
    assert masked(raw) == masked(old.read_bytes())
    return raw


def actions_with(
    why: list[str], company: list[str] | None = None, candidate: list[str] | None = None
) -> pd.DataFrame:
    """A plan table as ``next_actions`` gives it, of follow-ups allowed on staggered days."""
    size = len(why)
    column = {
        "candidate": candidate or ["Ann"] * size,
        "application_id": [f"A-{i}" for i in range(size)],
        "company": company or ["Acme"] * size,
        "action": ["follow_up", "wait", "date_unknown", "final_note", "move_on"] * size,
        "why": why,
        "then": ["follow_up", "move_on", "follow_up", "final_note", "move_on"] * size,
    }
    frame = pd.DataFrame({name: pd.array(column[name][:size], dtype="string") for name in column})
    days = pd.Timestamp("2026-10-20") + pd.to_timedelta([i % 20 for i in range(size)], unit="D")
    frame.insert(4, "not_before", days)
    return frame


def test_the_sample_log_calendar_is_icalendars_with_one_dtstamp(tmp_path: Path) -> None:
    actions = next_actions(load_log(str(DATA / "sample_log.csv"), as_of="2026-10-30"))
    raw = both(actions, tmp_path, AS_OF)
    assert raw.count(b"BEGIN:VEVENT") == len(actions) == 34
    stamps = set(re.findall(rb"\r\nDTSTAMP:([0-9T]+Z)\r\n", raw))
    assert len(stamps) == 1  # the moment the file was written, for every reminder


def test_a_cohort_calendar_is_icalendars(tmp_path: Path) -> None:
    actions = next_actions(load_log(str(DATA / "sample_cohort.csv"), as_of="2026-10-30"))
    assert actions["candidate"].nunique() > 1
    raw = both(actions, tmp_path, AS_OF)
    first = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(first["summary"]).startswith(f"{actions['candidate'].iloc[0]}: ")


def test_clients_in_several_timezones_get_each_their_own_day(tmp_path: Path) -> None:
    """An as-of series: a client a day ahead has overdue reminders a day later."""
    actions = next_actions(load_log(str(DATA / "sample_cohort.csv"), as_of="2026-10-30"))
    ahead = actions["candidate"].eq(actions["candidate"].iloc[0])
    days = pd.Series(AS_OF, index=actions.index).mask(ahead, AS_OF + pd.Timedelta(days=1))
    raw = both(actions, tmp_path, days)
    starts = pd.Series([e.decoded("dtstart") for e in Calendar.from_ical(raw).walk("VEVENT")])
    overdue = actions["not_before"].lt(AS_OF).to_numpy()
    assert overdue.any() and (overdue & ahead.to_numpy()).any()
    expected = ahead.map({True: dt.date(2026, 10, 31), False: dt.date(2026, 10, 30)})
    assert starts[overdue].tolist() == expected[overdue].tolist()


def test_a_calendar_with_nothing_to_remind_is_icalendars(tmp_path: Path) -> None:
    actions = actions_with([]).iloc[:0]
    raw = both(actions, tmp_path, AS_OF)
    assert raw == (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup_stats//todo//EN\r\n"
        + EMPTY_CALENDAR_ZONE.encode()
        + b"END:VCALENDAR\r\n"
    )


def hostile_whys() -> list[str]:
    """Each hostile text at every octet around the first and the second fold of a line."""
    tail = "and then a why of more than 200 characters, so that it folds three times; " * 3
    return [
        "x" * (start + fold) + text * 3 + tail
        for text in HOSTILE
        for start in range(56, 66)
        for fold in (0, 74)
    ]


def test_hostile_texts_are_escaped_and_folded_as_icalendar_does(tmp_path: Path) -> None:
    whys = [*hostile_whys(), "", ",", "\\", "^" * 80, "\\" * 80, "😀" * 40, "é" * 80]
    companies = [
        'Zoë, Müller & Söhne; "Quoted" \\ Partners 中文公司 😀' * ((i % 4) + 1)
        for i in range(len(whys))
    ]
    companies[0] = ""
    candidates = ["Ann", "Åsa 😀; \\N", 'Bo "B", Jr.'] * len(whys)
    actions = actions_with(whys, companies, candidates[: len(whys)])
    raw = both(actions, tmp_path, AS_OF)
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) == 75  # folded at 75 octets, CRLF aside
    for line in lines:
        line.decode("utf-8")  # no character is split across lines


def test_a_calendar_reads_back_as_the_reminders_written(tmp_path: Path) -> None:
    whys = [*hostile_whys(), ""]
    companies = ['Müller; "Söhne", 中 \\ 😀 ' * (i % 5) + "Co" for i in range(len(whys))]
    actions = actions_with(whys, companies)
    path = tmp_path / "todo.ics"
    write_ics(actions, path, AS_OF)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(events) == len(actions)
    titles = {"follow_up": "Follow up", "move_on": "Move on", "final_note": "Send a final note"}
    columns = zip(
        whys,
        companies,
        actions["application_id"].tolist(),
        actions["action"].tolist(),
        actions["then"].tolist(),
        actions["not_before"].dt.date.tolist(),
        strict=True,
    )
    as_of = AS_OF.date()
    for event, (why, company, app, action, then, allowed) in zip(events, columns, strict=True):
        # A written \N reads as a line break (icalendar's reading of TEXT), and control
        # characters as U+FFFD.
        shown = CONTROL_CHARACTERS.sub("\ufffd", why).replace("\\N", "\n")
        assert str(event["description"]) == shown
        step = "Write the real date" if action == "date_unknown" else titles[then]
        assert str(event["summary"]) == f"{step}: {company} ({app})"
        day = max(allowed, as_of)
        assert event.decoded("dtstart") == day
        assert event.decoded("dtend") == day + dt.timedelta(days=1)
        assert int(str(event["sequence"])) == (day - allowed).days


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(HOSTILE), max_size=160).map("".join), min_size=1, max_size=4
    ),
    pad=st.integers(0, 80),
)
def test_any_text_is_written_as_icalendar_writes_it(
    texts: list[str], pad: int, tmp_path: Path
) -> None:
    whys = ["-" * pad + text for text in texts]
    both(actions_with(whys, companies_of(texts), ["Ann", "Bob"] * len(texts)), tmp_path, AS_OF)


def companies_of(texts: list[str]) -> list[str]:
    """Company names from texts, longest first, so a summary folds too."""
    return [text[::-1] or "Acme" for text in texts]


def test_the_calendar_needs_no_icalendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """icalendar is only the tests' oracle: a user's install works without it."""
    actions = next_actions(load_log(str(DATA / "sample_log.csv"), as_of="2026-10-30"))
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "icalendar", None)  # importing it fails
        assert write_ics(actions, tmp_path / "todo.ics", AS_OF) == 34
    reference_write_ics(actions, tmp_path / "old.ics", AS_OF)
    assert masked((tmp_path / "todo.ics").read_bytes()) == masked(
        (tmp_path / "old.ics").read_bytes()
    )
