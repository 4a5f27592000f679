"""A slow, obviously-right reference checker for the etiquette rules FU001..FU012.

Written straight from ``seeds/RULES.md`` ("Rules, exactly") and DESIGN.md
section 3, without looking at the real engine, so property tests can compare
the two. Everything here is plain Python: each application's rows become a
list of dicts, days are ``datetime.date`` and day arithmetic is
``datetime.timedelta``. Speed is not a goal; readability is.

Where RULES.md leaves a case open, the choice made here is marked
``OPEN CASE`` in a comment (the lead settles them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from followup_stats.config import Config

Row = dict[str, Any]

DEFAULT_CONFIG = Config()

OUTPUT_COLUMNS = ["line", "candidate", "application_id", "code", "date", "message"]

DECISIONS = ("offer", "rejection")
ROUND_ENDERS = ("offer", "rejection", "withdrew")
#: The candidate's answers to an offer.
OFFER_ANSWERS = ("accepted", "declined")

#: Fields read by the rules; everything else in the events table is ignored.
_FIELDS = (
    "line",
    "candidate",
    "application_id",
    "company",
    "event",
    "day",
    "channel",
    "reason",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "notes",
)

#: "a row whose notes begin ``date assumed`` (any case, after spaces) is dated by a stand-in".
ASSUMED_NOTE = "date assumed"


# --------------------------------------------------------------------------
# Plain rows
# --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A pandas/numpy scalar as a plain Python value; every kind of NA as None."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _plain_rows(frame: pd.DataFrame) -> list[Row]:
    """The rows of ``frame`` (in their order) as dicts of plain values."""
    rows: list[Row] = []
    for record in frame[list(_FIELDS)].to_dict("records"):
        row: Row = {str(key): _plain(value) for key, value in record.items()}
        row["line"] = int(row["line"])
        row["event"] = str(row["event"])
        notes = row["notes"]
        row["assumed"] = isinstance(notes, str) and notes.lstrip().lower().startswith(ASSUMED_NOTE)
        rows.append(row)
    return rows


def with_implied_offers(rows: list[Row]) -> list[Row]:
    """One application's rows, with its answer to an offer read as the offer where due.

    "The first `accepted` or `declined` of an application with no `offer` before
    it (sorted order) nor on its day stands for the offer too, on its day": every
    rule then reads that row as an `offer`. A later answer, or one after an
    `offer` row or on its day (even timed before it), is only the answer.
    """
    out: list[Row] = []
    offered = False
    offer_days = {row["day"] for row in rows if row["event"] == "offer"}
    for row in rows:
        if row["event"] in OFFER_ANSWERS and not offered and row["day"] not in offer_days:
            row = {**row, "event": "offer"}
        offered = offered or row["event"] in ("offer", *OFFER_ANSWERS)
        out.append(row)
    return out


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# --------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------


@dataclass
class Round:
    """One round of an application: number 0 (before any interview) or 1, 2, ..."""

    number: int
    start_day: dt.date
    rows: list[Row] = field(default_factory=list)

    @property
    def interviews(self) -> list[Row]:
        return [r for r in self.rows if r["event"] == "interview"]

    @property
    def first_interview(self) -> Row:
        """The interview row that opened the round (interview rounds only)."""
        return self.interviews[0]

    @property
    def first_row(self) -> Row:
        """The round's first row: its opening interview, or round 0's first event."""
        return self.rows[0]

    def ender(self) -> Row | None:
        """Round end: the first offer/rejection/withdrew in the round, if any."""
        return next((r for r in self.rows if r["event"] in ROUND_ENDERS), None)

    @property
    def counted_follow_ups(self) -> list[Row]:
        """The counted follow-ups up to the round's end: one after its decision or
        withdrawal is in no round ("Counted follow-ups ... before the round's end")."""
        out: list[Row] = []
        for r in self.rows:
            if r["event"] in ROUND_ENDERS:
                break
            if is_counted_follow_up(r):
                out.append(r)
        return out

    def _fact(self, name: str) -> bool | None:
        # "asked_permission = True if any interview row of the round has True
        # (contact_ok_after_days implies True), else False if any has False,
        # else NA. asked_next_steps the same way."
        values = []
        for r in self.interviews:
            value = r[name]
            if name == "asked_permission" and r["contact_ok_after_days"] is not None:
                value = True
            values.append(value)
        if True in values:
            return True
        if False in values:
            return False
        return None

    @property
    def asked_permission(self) -> bool | None:
        return self._fact("asked_permission")

    @property
    def asked_next_steps(self) -> bool | None:
        return self._fact("asked_next_steps")

    @property
    def contact_ok_after_days(self) -> int | None:
        # "contact_ok_after_days = the last non-NA value on the round's interview rows."
        values = [r["contact_ok_after_days"] for r in self.interviews]
        values = [v for v in values if v is not None]
        return values[-1] if values else None


def split_rounds(rows: list[Row]) -> list[Round]:
    """Split one application's sorted rows into rounds.

    "Each interview whose day differs from the previous interview's day opens a
    new round (1, 2, ...). Interviews on the same day are one round. An event
    belongs to the round opened by the latest interview at or before it in
    sorted order; events before the first interview are round 0. Round 0
    exists only when the application has at least one event before its first
    interview." "Round start day: the interview day (round 0: the
    application's first event day)."
    """
    rounds: list[Round] = []
    interview_rounds = 0
    previous_interview_day: dt.date | None = None
    for row in rows:
        if row["event"] == "interview" and row["day"] != previous_interview_day:
            interview_rounds += 1
            rounds.append(Round(number=interview_rounds, start_day=row["day"]))
        elif not rounds:
            rounds.append(Round(number=0, start_day=row["day"]))
        if row["event"] == "interview":
            previous_interview_day = row["day"]
        rounds[-1].rows.append(row)
    return rounds


def _at_or_after(rows: list[Row], first: Row) -> list[Row]:
    """The rows of ``rows`` from ``first`` on (sorted order), found by identity."""
    for position, row in enumerate(rows):
        if row is first:
            return rows[position:]
    return []


def is_counted_follow_up(row: Row) -> bool:
    """ "Counted follow-ups: follow_up events, and update events with NA reason.
    update with a reason is exempt: no number, never judged by FU005/7/8/9."
    """
    return row["event"] == "follow_up" or (row["event"] == "update" and row["reason"] is None)


# --------------------------------------------------------------------------
# Rules on one application
# --------------------------------------------------------------------------


def _diag(row: Row, code: str, day: dt.date, message: str | None = None) -> Row:
    """A diagnostic; only FU011's carries a message here (the others' are not checked)."""
    return {
        "line": row["line"],
        "candidate": row["candidate"],
        "application_id": row["application_id"],
        "code": code,
        "date": day,
        "message": message,
    }


def check_interview_round(
    rnd: Round, as_of: dt.date, config: Config, application: list[Row] | None = None
) -> list[Row]:
    """FU001, FU002, FU003, FU004 and FU006: the rules of interview rounds only.

    ``application``: all rows of the round's application (for FU001's decisions).
    """
    out: list[Row] = []
    interview = rnd.first_interview  # OPEN CASE: same-day interviews -> the first one's line
    iday = rnd.start_day
    within = config.thank_you_within_days
    thank_yous = [r for r in rnd.rows if r["event"] == "thank_you"]

    # FU001: "the round has no thank_you at all, as_of > interview day +
    # thank_you_within_days (1), and no offer/rejection of the application dated
    # within [interview day, interview day + thank_you_within_days]."
    decided_early = any(
        r["event"] in DECISIONS and iday <= r["day"] <= iday + _days(within)
        for r in (application if application is not None else rnd.rows)
    )
    # Dates only assumed: "FU001 not for a round whose first interview row is so
    # dated, nor when the application has an offer/rejection so dated at or after
    # the round's first row (sorted order)."
    rows_after = _at_or_after(application if application is not None else rnd.rows, rnd.first_row)
    assumed_decision = any(r["event"] in DECISIONS and r["assumed"] for r in rows_after)
    if (
        not thank_yous
        and as_of > iday + _days(within)
        and not decided_early
        and not interview["assumed"]
        and not assumed_decision
    ):
        out.append(_diag(interview, "FU001", iday))

    # FU002: "on the first thank-you of the round: (thank-you day - interview
    # day) > thank_you_within_days, unless an offer/rejection of the application
    # is dated within [interview day, interview day + thank_you_within_days]
    # (as for FU001)."
    # "FU002 not when the round's first interview row or its first thank-you is so
    # dated, nor when the application has an offer/rejection so dated at or after
    # the round's first row (sorted order)."
    if (
        thank_yous
        and not decided_early
        and not interview["assumed"]
        and not thank_yous[0]["assumed"]
        and not assumed_decision
    ):
        first = thank_yous[0]
        if (first["day"] - iday).days > within:
            out.append(_diag(first, "FU002", first["day"]))

    # FU003: "round asked_next_steps is False and no row of the round
    # (interview or response, up to as_of) has timeline_days."
    has_timetable = any(
        r["event"] in ("interview", "response") and r["timeline_days"] is not None for r in rnd.rows
    )
    if rnd.asked_next_steps is False and not has_timetable:
        out.append(_diag(interview, "FU003", iday))

    # FU004: "round asked_permission is False."
    if rnd.asked_permission is False:
        out.append(_diag(interview, "FU004", iday))

    # FU006: "round asked_permission is False and the round has a counted
    # follow-up. Once per round", "on the line of the first counted follow-up
    # of the round".
    counted = rnd.counted_follow_ups
    if rnd.asked_permission is False and counted:
        out.append(_diag(counted[0], "FU006", counted[0]["day"]))
    return out


def check_follow_ups(rnd: Round, config: Config) -> list[Row]:
    """FU005, FU007, FU008, FU009 on the counted follow-ups of any round."""
    out: list[Row] = []
    # The counted follow-ups of the current count: "the count restarts at the
    # round start and at each response".
    count: list[Row] = []
    last_response: Row | None = None
    # "Timetable: among rows of the round before the follow-up (interview and
    # response rows), the latest one with timeline_days".
    timetable_row: Row | None = None

    for row in rnd.rows:  # sorted order, so "before" = earlier in this loop
        if row["event"] in ROUND_ENDERS:  # the round ended: what follows is in no round
            break
        if row["event"] == "response":
            last_response = row
            count = []
        if row["event"] in ("interview", "response") and row["timeline_days"] is not None:
            timetable_row = row
        if not is_counted_follow_up(row):
            continue

        # "n = 1 + number of counted follow-ups earlier in the round and after
        # the round's last response that precedes this follow-up". n >= 2 is a
        # "final note".
        n = len(count) + 1
        day = row["day"]

        # "Anchor day: the later of the round start day and the day of the last
        # response in the round before the follow-up."
        # "Wait: that last response's timeline_days if the anchor is a response
        # and it has one; else the round's contact_ok_after_days (interview
        # rounds); else default_wait_days."
        # OPEN CASE: a response on the round's start day counts as the anchor.
        if last_response is not None:
            anchor = max(rnd.start_day, last_response["day"])
        else:
            anchor = rnd.start_day
        if last_response is not None and last_response["timeline_days"] is not None:
            wait = last_response["timeline_days"]
        elif rnd.number > 0 and rnd.contact_ok_after_days is not None:
            wait = rnd.contact_ok_after_days
        else:
            wait = config.default_wait_days
        # "First allowed day = anchor day + wait days; that day itself is allowed."
        first_allowed = anchor + _days(wait)

        # FU005: "follow-up day < first allowed day"; "not when the follow-up or its
        # anchor row (the last response before it in the round, else the round's first
        # row) is so dated".
        anchor_row = last_response if last_response is not None else rnd.first_row
        if day < first_allowed and not row["assumed"] and not anchor_row["assumed"]:
            out.append(_diag(row, "FU005", day))

        if n >= 2:
            # FU007: "(day - previous counted follow-up's day) <
            # final_note_gap_days, where the previous one is number n-1 of the
            # same count."
            previous = count[-1]
            # "FU007 not when the final note or the previous counted follow-up of its
            # count is so dated."
            gap_known = not row["assumed"] and not previous["assumed"]
            if gap_known and (day - previous["day"]).days < config.final_note_gap_days:
                out.append(_diag(row, "FU007", day))
            # FU008: "final notes with a timetable: day < timetable end +
            # timeline_grace_days"; "timetable end = that row's day + its
            # timeline_days".
            # "FU008 not when the final note or the row that set its timetable is so dated."
            if timetable_row is not None and not row["assumed"] and not timetable_row["assumed"]:
                end = timetable_row["day"] + _days(timetable_row["timeline_days"])
                if day < end + _days(config.timeline_grace_days):
                    out.append(_diag(row, "FU008", day))

        # FU009: "any counted follow-up: n > max_follow_ups."
        if n > config.max_follow_ups:
            out.append(_diag(row, "FU009", day))

        count.append(row)
    return out


def check_application(rows: list[Row], as_of: dt.date, config: Config) -> list[Row]:
    """All per-application rules (everything but FU011) on one application's rows."""
    out: list[Row] = []
    for rnd in split_rounds(rows):
        # "FU001-FU004 and FU006 apply to interview rounds only".
        if rnd.number > 0:
            out += check_interview_round(rnd, as_of, config, rows)
        out += check_follow_ups(rnd, config)
    for row in rows:
        # FU010: "update with NA reason" (on the update line).
        if row["event"] == "update" and row["reason"] is None:
            out.append(_diag(row, "FU010", row["day"]))
        # FU012: "every thank_you whose channel is recorded and is not email."
        if row["event"] == "thank_you" and row["channel"] not in (None, "email"):
            out.append(_diag(row, "FU012", row["day"]))
    return out


# --------------------------------------------------------------------------
# FU011, per candidate, day by day
# --------------------------------------------------------------------------


@dataclass
class Window:
    """The waiting window of one interview round: days in [start, end)."""

    start: dt.date
    end: dt.date
    interviews: list[Row]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day < self.end


def application_windows(rows: list[Row], rounds: list[Round], as_of: dt.date) -> list[Window]:
    """The waiting windows of one application's interview rounds.

    "[interview day, end) where end = the first offer/rejection/withdrew of the
    *application* on or after the interview (in sorted order, so it may lie in
    a later round), or as_of + 1 day when there is none (a next interview does
    not end the waiting; the next round's window continues it, and a decision
    in a later round ends both)".

    OPEN CASE: "the interview" is the round's opening interview, so all
    interviews of a round share its window.
    """
    windows = []
    for rnd in rounds:
        if rnd.number == 0:
            continue
        position = rows.index(rnd.first_interview)
        ender = next((r for r in rows[position:] if r["event"] in ROUND_ENDERS), None)
        # "FU011: a round whose first interview row, or whose application-ending row
        # (the first offer/rejection/withdrew of the application at or after the
        # round's first row), is so dated has no waiting window."
        if rnd.first_interview["assumed"] or (ender is not None and ender["assumed"]):
            continue
        end = ender["day"] if ender is not None else as_of + _days(1)
        # A round's line is its first interview row (RULES.md, FU011).
        windows.append(Window(start=rnd.start_day, end=end, interviews=rnd.interviews[:1]))
    return windows


def check_idle(
    candidate_rows: list[Row], windows: list[Window], as_of: dt.date, config: Config
) -> list[Row]:
    """FU011 for one candidate, given the waiting windows of all its applications."""
    if not windows:
        return []
    # "all waiting stops at the candidate's first offer day (exclusive)".
    offers = [r["day"] for r in candidate_rows if r["event"] == "offer"]
    first_offer = min(offers) if offers else None
    # "Activity days = days of the candidate's applied and networking events."
    activity = {r["day"] for r in candidate_rows if r["event"] in ("applied", "networking")}

    def waiting(day: dt.date) -> bool:
        if first_offer is not None and day >= first_offer:
            return False
        return any(w.holds(day) for w in windows)

    # "A run = maximal stretch of consecutive waiting days containing no
    # activity day."
    runs: list[tuple[dt.date, int]] = []  # (start, length)
    run_start: dt.date | None = None
    day = min(w.start for w in windows)
    while day <= as_of:
        if waiting(day) and day not in activity:
            if run_start is None:
                run_start = day
        elif run_start is not None:
            runs.append((run_start, (day - run_start).days))
            run_start = None
        day += _days(1)
    if run_start is not None:
        runs.append((run_start, (as_of - run_start).days + 1))

    out: list[Row] = []
    for start, length in runs:
        # "Each run longer than idle_days (7) gives one FU011 dated run start +
        # idle_days, on the line of the interview whose window holds that day
        # (if several, the latest interview by day, then by line)."
        if length <= config.idle_days:
            continue
        when = start + _days(config.idle_days)
        holders = [r for w in windows if w.holds(when) for r in w.interviews]
        interview = max(holders, key=lambda r: (r["day"], r["line"]))
        days = [start + _days(n) for n in range(length)]
        rounds_open = sum(1 for w in windows if any(w.holds(d) for d in days))
        message = idle_message(start, days[-1], as_of, interview, rounds_open)
        out.append(_diag(interview, "FU011", when, message))
    return out


def _day_words(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def idle_message(
    first: dt.date, last: dt.date, as_of: dt.date, interview: Row, rounds_open: int
) -> str:
    """FU011's message (the candidate's voice): the whole idle run, from its first day
    to its last ("and still on" the as-of date when it reaches it), and the interview
    waited on, with how many other rounds were open at some day of the run."""
    length = (last - first).days + 1
    start = _day_words(first)
    if first.year == last.year:
        start = start.rsplit(" ", 1)[0]  # "5 Oct"
    if first == last:
        when = f"on {_day_words(last)}" + (" (the as-of date)" if last == as_of else "")
    elif last == as_of:
        when = f"from {start} and still on {_day_words(last)} ({length} days, both included)"
    else:
        if first.year == last.year and first.month == last.month:
            start = str(first.day)  # "5 to 20 Oct 2026"
        when = f"from {start} to {_day_words(last)} ({length} days, both included)"
    others = rounds_open - 1
    also = "" if others == 0 else f" and {others} other interview" + ("s" if others > 1 else "")
    return (
        f"{when} you sent no application and did no networking while you waited on "
        f"{interview['company']} (interview {_day_words(interview['day'])}){also}"
    )


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def reference_check(
    events: pd.DataFrame, as_of: pd.Timestamp, config: Config = DEFAULT_CONFIG
) -> pd.DataFrame:
    """Diagnostics FU001..FU012 for ``events`` (the sorted events table) as of ``as_of``.

    Returns one row per diagnostic with columns ``line``, ``candidate``,
    ``application_id``, ``code`` and ``date`` (a day), sorted by candidate,
    line, code and date. Thresholds come from ``config``; ``select``/``ignore``
    are not applied (the comparison is on all FU codes).
    """
    as_of_day = pd.Timestamp(as_of).date()
    # "Only events with day <= as_of are judged."
    kept = events[events["day"].dt.date <= as_of_day]

    out: list[Row] = []
    windows_by_candidate: dict[str, list[Window]] = {}
    # groupby drops NA keys, so networking rows (NA application_id) belong to
    # no application: "networking rows belong to the candidate".
    # Each application's rows as the rules read them (an answer may stand for its offer);
    # networking rows join their candidate's below.
    rows_by_candidate: dict[str, list[Row]] = {}
    for (candidate, _app), group in kept.groupby(["candidate", "application_id"], sort=True):
        rows = with_implied_offers(_plain_rows(group))
        out += check_application(rows, as_of_day, config)
        windows = application_windows(rows, split_rounds(rows), as_of_day)
        windows_by_candidate.setdefault(str(candidate), []).extend(windows)
        rows_by_candidate.setdefault(str(candidate), []).extend(rows)

    for candidate, group in kept.groupby("candidate", sort=True):
        networking = _plain_rows(group[group["application_id"].isna()])
        candidate_rows = rows_by_candidate.get(str(candidate), []) + networking
        out += check_idle(
            candidate_rows, windows_by_candidate.get(str(candidate), []), as_of_day, config
        )

    return diagnostics_frame(out)


def diagnostics_frame(diagnostics: list[Row]) -> pd.DataFrame:
    """The output table, with stable dtypes even when empty."""
    frame = pd.DataFrame(diagnostics, columns=OUTPUT_COLUMNS)
    frame = frame.astype(
        {
            "line": "int64",
            "candidate": "string",
            "application_id": "string",
            "code": "string",
            "message": "string",
        }
    )
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[us]")
    return frame.sort_values(["candidate", "line", "code", "date"], ignore_index=True)
