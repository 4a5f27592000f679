"""One row per application, judged as of a date: the table every statistic starts from.

:func:`applications_table` summarises each application's events (those dated
on or before the as-of date) with whole-column group operations: when it
opened, when the employer first answered, its interviews, how it ended, how
long it has been silent, and the extra log columns it carries. The rates,
times and funnel modules group and count this table, so an "answer", an
"interview" or a "ghost" means the same in all of them.

Vocabulary used throughout :mod:`followup_stats.stats`:

*offer*
    An ``offer`` row, or the first ``accepted``/``declined`` of an application
    with no ``offer`` before it: the candidate's answer stands for the offer
    too, on its day (:func:`followup_stats.tables.implied_offers`).
*employer event*
    ``response``, ``offer`` or ``rejection``.
*answer*
    An employer event or an ``interview`` (an interview means the employer
    replied, even when the log has no ``response`` row for the invitation).
*ending*
    The first ``offer``, ``rejection`` or ``withdrew`` of the application.
*silence*
    Days from the later of the application's opening, its last interview and
    its last employer event, to the as-of date (or to the withdrawal).
    Candidate events (follow-ups, thank-yous, updates) never reset it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from followup_stats.checker import application_events_of, as_loaded
from followup_stats.config import ConfigSource
from followup_stats.errors import UnknownColumn
from followup_stats.load import LoadedLog, LogSource
from followup_stats.vocab import ANSWER_EVENTS, says_date_assumed

#: What the public statistics functions accept as a log.
LogInput = LoadedLog | LogSource | Sequence[LogSource]
#: What they accept as settings.
ConfigInput = ConfigSource

EMPLOYER_EVENTS = ("response", "offer", "rejection")
DECISIONS = ("offer", "rejection")
ENDINGS = ("offer", "rejection", "withdrew")

#: Group label of the whole log, and of applications whose ``by`` value is missing.
ALL_GROUP = "all"
NOT_RECORDED = "(not recorded)"

#: Columns of :func:`applications_table`; the log's extra columns follow ``role``.
APPLICATION_COLUMNS = (
    "candidate",
    "application_id",
    "company",
    "role",
    "applied_channel",
    "first_event",
    "opened_day",
    "applied_day",
    "first_employer_day",
    "answered_day",
    "interviews",
    "first_interview_day",
    "last_interview_day",
    "decision",
    "decision_day",
    "offer_day",
    "rejection_day",
    "withdrew_day",
    "accepted",
    "last_employer_day",
    "silent_days",
    "never_answered",
    "ghosted_after_interview",
    "ghosted",
    "status",
    "age_days",
)


def applications_table(
    log: LogInput, config: ConfigInput = None, as_of: str | dt.date | None = None
) -> pd.DataFrame:
    """One row per application, as of a date (events dated after it are ignored).

    Parameters
    ----------
    log
        A path, DataFrame, list of them, or a :class:`~followup_stats.load.LoadedLog`.
    config
        Settings (``ghost_after_days``); ``None`` looks for a file next to the log.
    as_of
        Date to judge at; default the loaded log's (today for a path).

    Returns
    -------
    DataFrame
        Sorted by candidate and application, with columns:

        ``candidate``, ``application_id``, ``company``, ``role``
            Identity (company and role from the first row that has them).
        the log's extra columns (``source``, ``resume_version``, ...)
            From the application's first row that has a value. A name that
            clashes with a column below is renamed ``log_<name>``.
        ``applied_channel``
            ``channel`` of the first ``applied`` row.
        ``first_event``
            Event of the row that opened the application (``response`` when a
            recruiter reached out first; ``offer`` for an answer to an offer
            that stands for it, :func:`followup_stats.tables.implied_offers`).
        ``opened_day``, ``applied_day``
            First event; first ``applied`` (NaT if none).
        ``first_employer_day``, ``last_employer_day``
            First and last ``response``/``offer``/``rejection``.
        ``answered_day``
            First answer: employer event or interview.
        ``interviews``, ``first_interview_day``, ``last_interview_day``
            Number of interview rounds (distinct interview days) and their span.
        ``decision``, ``decision_day``
            First ``offer`` or ``rejection`` (NA if none); an answer to an
            offer with no ``offer`` row before it counts as the offer.
        ``offer_day``, ``rejection_day``, ``withdrew_day``
            First of each.
        ``accepted``
            The candidate accepted an offer.
        ``silent_days``
            For undecided applications, days of silence (module docstring) up
            to the as-of date or the withdrawal; NA once decided.
        ``never_answered``
            DESIGN.md section 4: True with no answer at all, False with one;
            NA while younger than ``ghost_after_days`` (pending) or when
            withdrawn unanswered within that many days (not judged).
        ``ghosted_after_interview``
            Interviewed applications only: True when undecided with at least
            ``ghost_after_days`` of silence, False once decided; NA while
            waiting (pending), when withdrawn first, or without an interview.
        ``ghosted``
            Undecided with at least ``ghost_after_days`` of silence. True
            wherever ``never_answered`` or ``ghosted_after_interview`` is,
            and also for an application answered once and then left silent.
        ``status``
            How it stands: ``offer`` or ``rejection`` (its first ending),
            ``ghosted``, ``withdrew``, or ``open``.
        ``age_days``
            Days from ``opened_day`` to the as-of date.
    """
    _, _, applications = loaded_applications(log, config, as_of)
    return applications.reset_index(drop=True)


def build_applications(ev: pd.DataFrame, loaded: LoadedLog) -> pd.DataFrame:
    """:func:`applications_table` from the judged application events ``ev``.

    ``ev`` is :func:`followup_stats.tables.application_events` of the log;
    the result's index is its application number ``app``.
    """
    as_of = loaded.as_of
    ghost_after = loaded.config.ghost_after_days
    event = ev["event"]
    day = ev["day"]
    app = ev["app"].to_numpy()

    def on(*names: str) -> np.ndarray:
        return is_one_of(event, names)

    is_interview = on("interview")
    is_employer = on(*EMPLOYER_EVENTS)
    events = loaded.events
    rows = positions_of(events, ev["row"].to_numpy())
    # ``ev`` reads an answer that stands for an offer as the offer; the log's word says
    # whether the candidate accepted.
    accepted = is_one_of(events["event"], ["accepted"])[rows]
    per_app = _PerApplication(day.to_numpy(), app)
    table = pd.DataFrame(
        {
            "opened_day": per_app.first_day(np.ones(len(app), dtype=bool)),
            "applied_day": per_app.first_day(on("applied")),
            "first_employer_day": per_app.first_day(is_employer),
            "answered_day": per_app.first_day(is_employer | is_interview),
            "interviews": per_app.distinct_days(is_interview),
            "first_interview_day": per_app.first_day(is_interview),
            "last_interview_day": per_app.last_day(is_interview),
            "offer_day": per_app.first_day(on("offer")),
            "rejection_day": per_app.first_day(on("rejection")),
            "withdrew_day": per_app.first_day(on("withdrew")),
            "accepted": per_app.any(accepted),
            "last_employer_day": per_app.last_day(is_employer),
        },
        index=pd.Index(per_app.apps, name="app"),
    )

    attributes = list(loaded.attributes)
    # Applications are numbered 0, 1, ... (-1: events without a candidate): ``app - offset``
    # is the row of the table. Lookups go through event positions and category codes.
    offset = int(app.min(initial=0))
    slot = app - offset

    def first_of(mask: np.ndarray) -> np.ndarray:
        """Position of each application's first event in ``mask``; -1 for none."""
        found, at = first_rows(mask, slot)
        first = np.full(len(table), -1, dtype="int64")
        first[found] = at
        return first

    # An application's names are those of its first row (never missing on application rows).
    opened, opened_at = opening_rows(loaded)
    opening = np.full(len(table), -1, dtype="int64")
    opening[opened - offset] = opened_at
    # Gathered in a dict and made a frame once: inserting column by column costs
    # time in the number of columns so far (a log of 20,000 columns took minutes).
    named: dict[str, Any] = {
        c: _text_at(ev[c], opening) for c in ("candidate", "application_id", "company")
    }
    # Role and the log's extra columns: the first value that is not missing.
    # A log column named like a computed one (status, applied_channel) is kept as log_NAME.
    clashes = {a: f"log_{a}" for a in attributes if a in APPLICATION_COLUMNS}
    # Usually the application's first event gives them: only where it leaves one blank is
    # the application's first event that gives it sought among all its events.
    opening_row = rows[np.maximum(opening, 0)] if len(rows) else opening
    for column in ["role", *attributes]:
        values = events[column]
        name = clashes.get(column, column)
        if isinstance(values.dtype, pd.StringDtype):
            blank = values.isna().to_numpy(dtype=bool)
            unnamed = blank[opening_row] & (opening >= 0)
            at = np.where(unnamed, first_of(~blank[rows]), opening) if unnamed.any() else opening
            picked = np.where(at >= 0, rows[np.maximum(at, 0)] if len(rows) else at, -1)
            named[name] = values.array.take(picked, allow_fill=True)
        else:
            named[name] = values.iloc[rows].reset_index(drop=True).groupby(app).first()
    named["first_event"] = _text_at(event, opening)
    named["applied_channel"] = _text_at(ev["channel"], first_of(on("applied")))
    identity = pd.DataFrame(named, index=pd.Index(table.index.to_numpy()))
    decisions = first_of(on(*DECISIONS))
    table["decision"] = _text_at(event, decisions)
    table["decision_day"] = _day_at(day, decisions)
    # How each application first ended, as codes: no text for the status to compare.
    ending = first_of(on(*ENDINGS))
    ended_by = [(ending >= 0) & on(name)[np.maximum(ending, 0)] for name in ("offer", "rejection")]
    table = _judge_silence(table, ended_by, as_of, ghost_after)
    attribute_columns = [clashes.get(a, a) for a in attributes]
    columns = [
        *APPLICATION_COLUMNS[:4],
        *attribute_columns,
        *APPLICATION_COLUMNS[4:6],
    ]
    merged = identity.join(table)
    return merged[[*columns, *APPLICATION_COLUMNS[6:]]]


class _PerApplication:
    """Reductions of event columns per application, in application order.

    Over the events sorted by application (they are already, so usually no
    sort), each reduction is one ``reduceat`` over the applications' runs of
    rows: no group-by, no DataFrame of masked copies of the day column.
    """

    def __init__(self, day: np.ndarray, app: np.ndarray) -> None:
        self._order = None if _ascending(app) else np.argsort(app, kind="stable")
        ordered = self._arrange(app)
        first = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else ordered.astype(bool)
        self._starts = np.flatnonzero(first)
        self._app = ordered
        #: The applications, ascending: the rows of every result.
        self.apps = ordered[self._starts]
        # Numbered without gaps (as the events are): an application's row is its number
        # less the first one's, with no search.
        apps = self.apps
        self._first = int(apps[0]) if len(apps) else 0
        self._consecutive = not len(apps) or int(apps[-1]) - self._first == len(apps) - 1
        self._dtype = day.dtype
        self._stamp = self._arrange(day.view("int64"))
        self._known = ~np.isnat(self._arrange(day))

    def _arrange(self, values: np.ndarray) -> np.ndarray:
        return values if self._order is None else values[self._order]

    def first_day(self, mask: np.ndarray) -> np.ndarray:
        """Earliest day among the rows in ``mask``, NaT for none."""
        return self._reduce(np.minimum, mask)

    def last_day(self, mask: np.ndarray) -> np.ndarray:
        """Latest day among the rows in ``mask``, NaT for none."""
        return self._reduce(np.maximum, mask)

    def _reduce(self, how: np.ufunc, mask: np.ndarray) -> np.ndarray:
        chosen = self._arrange(mask) & self._known
        # Every row (the opening day): each application's run of rows as it is.
        if len(chosen) and chosen.all():
            return how.reduceat(self._stamp, self._starts).view(self._dtype)
        # Over the chosen rows only: most masks pick few of the events.
        rows = np.flatnonzero(chosen)
        app = self._app[rows]
        starts = np.flatnonzero(np.r_[True, app[1:] != app[:-1]]) if len(app) else rows
        result = np.full(len(self.apps), np.iinfo("int64").min)  # NaT
        result[self._rows_of(app[starts])] = how.reduceat(self._stamp[rows], starts)
        return result.view(self._dtype)

    def _rows_of(self, apps: np.ndarray) -> np.ndarray:
        """The result rows of the applications ``apps`` (each one of :attr:`apps`)."""
        if self._consecutive:
            return apps - self._first
        return np.searchsorted(self.apps, apps)

    def any(self, mask: np.ndarray) -> np.ndarray:
        """Whether the application has a row in ``mask`` (marked from those rows alone)."""
        found = np.zeros(len(self.apps), dtype=bool)
        found[self._rows_of(self._app[np.flatnonzero(self._arrange(mask))])] = True
        return found

    def distinct_days(self, mask: np.ndarray) -> np.ndarray:
        """Distinct days among the rows in ``mask``, as ``nunique`` counts them."""
        chosen = self._arrange(mask) & self._known
        app, stamp = self._app[chosen], self._stamp[chosen]
        order = np.lexsort((stamp, app))
        app, stamp = app[order], stamp[order]
        new = np.r_[True, (app[1:] != app[:-1]) | (stamp[1:] != stamp[:-1])] if len(app) else []
        rows = self._rows_of(app[np.asarray(new, dtype=bool)])
        return np.bincount(rows, minlength=len(self.apps)).astype("int64")


def opening_rows(loaded: LoadedLog) -> tuple[np.ndarray, np.ndarray]:
    """The applications of the log's judged application events (ascending) and the position
    of each one's first event, worked out once per loaded log: the applications table, the
    waiting times and patience all start from them."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        app = application_events_of(loaded)["app"].to_numpy()
        return first_rows(np.ones(len(app), dtype=bool), app)

    return loaded.memo("stats.opening_rows", make)


def positions_of(events: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Positions in ``events`` of the row labels ``rows`` (a loaded log's are positions)."""
    index = events.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return rows
    return index.get_indexer(pd.Index(rows))


def _text_at(values: pd.Series, positions: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The values at ``positions`` (-1: missing) as ``string``.

    A categorical's categories are converted, then taken by code: a few
    thousand names converted instead of one per application.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        picked = np.where(positions >= 0, codes[np.maximum(positions, 0)] if len(codes) else -1, -1)
        names = values.cat.categories.astype("string").array
        return names.take(picked, allow_fill=True)
    return values.astype("string").array.take(positions, allow_fill=True)


def _day_at(day: pd.Series, positions: np.ndarray) -> np.ndarray:
    """The days at ``positions``; NaT at -1."""
    days = day.to_numpy(dtype="datetime64[ns]")
    if not len(days):
        return np.full(len(positions), np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    return np.where(positions >= 0, days[np.maximum(positions, 0)], np.datetime64("NaT", "ns"))


def _judge_silence(
    table: pd.DataFrame, ended_by: list[np.ndarray], as_of: pd.Timestamp, ghost_after: int
) -> pd.DataFrame:
    """Add ``silent_days``, the ghost judgements, ``status`` and ``age_days``.

    ``ended_by`` says of each application whether its first ending (offer,
    rejection or withdrawal) was an offer, and whether it was a rejection.
    The days are counted on the day columns' numpy arrays: no timedelta
    Series per step.
    """

    def day_of(column: str) -> np.ndarray:
        return table[column].to_numpy(dtype="datetime64[ns]")

    decided = table["decision"].notna().to_numpy()
    withdrew_day, opened_day = day_of("withdrew_day"), day_of("opened_day")
    withdrew = ~np.isnat(withdrew_day)
    answered = table["answered_day"].notna().to_numpy()
    interviewed = (table["interviews"] > 0).to_numpy()
    today = as_of.to_datetime64()

    # The latest of the three days that restart the clock (a missing one does not).
    clock_start = np.fmax(
        opened_day, np.fmax(day_of("last_interview_day"), day_of("last_employer_day"))
    )
    silent, known = _whole_days(np.where(withdrew, withdrew_day, today), clock_start)
    table["silent_days"] = pd.arrays.IntegerArray(silent, ~known | decided)
    ghosted = ~decided & known & (silent >= ghost_after)
    table["ghosted"] = ghosted

    age, _ = _whole_days(today, opened_day)  # every application has an opening day
    old_enough = age >= ghost_after
    days_to_withdraw, withdrawn = _whole_days(withdrew_day, opened_day)
    withdrew_early = withdrawn & (days_to_withdraw < ghost_after)
    judged = old_enough & ~(~answered & withdrew_early)
    table["never_answered"] = pd.arrays.BooleanArray(~answered, ~judged)

    waiting = ~interviewed | ~(decided | ghosted)
    table["ghosted_after_interview"] = pd.arrays.BooleanArray(ghosted.copy(), waiting)

    status = np.select(
        [
            *ended_by,
            ghosted,
            withdrew,
        ],
        [0, 1, 2, 3],
        default=4,
    )
    names = pd.array(["offer", "rejection", "ghosted", "withdrew", "open"], dtype="string")
    table["status"] = pd.Series(names.take(status), index=table.index)
    table["age_days"] = age
    return table


def _whole_days(
    later: np.ndarray | np.datetime64, earlier: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whole days from ``earlier`` to ``later``, rounded down as ``Timedelta.days`` is, and
    whether each is known (neither day missing; 0 where not)."""
    delta = later - earlier
    known = ~np.isnat(delta)
    days = np.where(known, delta, np.timedelta64(0, "ns")) // np.timedelta64(1, "D")
    return days.astype("int64"), known


def is_one_of(values: pd.Series, names: Sequence[str]) -> np.ndarray:
    """``values.isin(names)`` as a bool array; for a categorical, by a lookup on its codes.

    Which categories are among ``names`` is decided once, then read per row
    by code (-1, missing, is never among them): no hashing of a million codes.
    ``take`` reads the small int codes several times faster than indexing does.
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.isin(names).to_numpy(dtype=bool)
    chosen = np.append(values.cat.categories.isin(names), False)  # the last for code -1
    return chosen.take(values.cat.codes.to_numpy())


def next_position(mask: np.ndarray, app: np.ndarray) -> np.ndarray:
    """Position of the next row in ``mask`` strictly after each row, within its application.

    NaN where there is none. What ``position.where(mask).groupby(app).shift(-1)``
    then ``.groupby(app).bfill()`` give, from one reverse running minimum over
    the rows in application order (the events already are, so no sort is needed).
    """
    order = None if _ascending(app) else np.argsort(app, kind="stable")
    key = app if order is None else app[order]
    hit = mask if order is None else mask[order]
    rows = len(key)
    at = np.where(hit, np.arange(rows), rows)
    following = np.minimum.accumulate(at[::-1])[::-1]  # the first hit at or after each row
    after = np.append(following[1:], rows)[:rows]
    found = after < rows
    found[found] = key[after[found]] == key[found]
    picked = np.full(rows, np.nan)
    picked[found] = after[found] if order is None else order[after[found]]
    if order is None:
        return picked
    result = np.empty(rows)
    result[order] = picked
    return result


def next_position_after(mask: np.ndarray, app: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """:func:`next_position` at the positions ``rows`` only: NaN where there is none.

    With the rows in application order (the events are), the next row in
    ``mask`` after each of ``rows`` is found by a binary search among the
    rows in ``mask``, without a pass over every row for each of them.
    """
    if not _ascending(app):
        return next_position(mask, app)[rows]
    hits = np.flatnonzero(mask)
    if not len(hits):
        return np.full(len(rows), np.nan)
    at = np.searchsorted(hits, rows, side="right")
    after = hits[np.minimum(at, len(hits) - 1)]
    found = (at < len(hits)) & (app[after] == app[rows])
    return np.where(found, after, np.nan)


def next_events(loaded: LoadedLog) -> dict[str, np.ndarray]:
    """Under ``sent``, whether each application event is a follow-up
    :func:`sent_before_ending`; for each of those follow-ups (in order), the
    position of the next ``answer``, counted ``follow_up`` and ``withdrawal``
    of its application (NaN: none).

    Worked out once per loaded log: the waiting times and the patience
    follow-ups read the same four, and only at those follow-ups.
    """

    def make() -> dict[str, np.ndarray]:
        ev = application_events_of(loaded)
        event = ev["event"]  # categorical: isin and eq compare codes
        app = ev["app"].to_numpy()
        sent = sent_before_ending(ev)
        at = np.flatnonzero(sent)
        return {
            "answer": next_position_after(is_one_of(event, ANSWER_EVENTS), app, at),
            "follow_up": next_position_after(ev["counted"].to_numpy(dtype=bool), app, at),
            "withdrawal": next_position_after(event.eq("withdrew").to_numpy(dtype=bool), app, at),
            "sent": sent,
        }

    return loaded.memo("stats.next_events", make)


def assumed_dates(loaded: LoadedLog, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each event's date is only assumed (its ``notes`` begin with
    :data:`~followup_stats.vocab.ASSUMED_DATE_NOTE`), as a bool array.

    For the events at the row labels ``rows`` (an events table's ``row`` column);
    by default for the rows of
    :func:`~followup_stats.checker.application_events_of`, worked out once.
    """

    def of_events() -> np.ndarray:
        events = loaded.events
        if "notes" not in events.columns:
            return np.zeros(len(events), dtype=bool)
        return says_date_assumed(events["notes"])

    says = loaded.memo("stats.assumed_event_dates", of_events)
    if rows is not None:
        return says[positions_of(loaded.events, rows)]

    def make() -> np.ndarray:
        return says[positions_of(loaded.events, application_events_of(loaded)["row"].to_numpy())]

    return loaded.memo("stats.assumed_dates", make)


def sent_before_ending(ev: pd.DataFrame) -> np.ndarray:
    """Whether each application event is a counted follow-up sent before its application ended.

    A follow-up after the application's first offer, rejection or withdrawal
    (asking for feedback after a no, say) waits for no answer about the
    application, so the waiting times and the patience reply rates leave it
    out alike. ``ev`` is the application events table (in application order).
    """
    app = ev["app"].to_numpy()
    ending = first_position(is_one_of(ev["event"], ENDINGS), app)
    counted = ev["counted"].to_numpy(dtype=bool)
    return counted & ~(np.arange(len(ev)) > ending)


def first_position(mask: np.ndarray, app: np.ndarray) -> np.ndarray:
    """Position of the first row in ``mask`` of each row's application; NaN where none.

    What ``position.where(mask).groupby(app).transform("min")`` gives.
    """
    apps, at = first_rows(mask, app)
    offset = int(app.min(initial=0))
    first = np.full(int(app.max(initial=0)) - offset + 1, np.nan)
    first[apps - offset] = at
    return first[app - offset]


def first_rows(mask: np.ndarray, app: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The applications with a row in ``mask`` (ascending) and the position of their first."""
    positions = np.flatnonzero(mask)
    apps = app[positions]
    if _ascending(apps):  # the events are in application order: no sort needed
        first = np.r_[True, apps[1:] != apps[:-1]] if len(apps) else np.zeros(0, dtype=bool)
        return apps[first], positions[first]
    found, at = np.unique(apps, return_index=True)
    return found, positions[at]


def first_days(
    days: np.ndarray, mask: np.ndarray, app: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The applications with a dated row in ``mask`` (ascending) and their earliest day there.

    Over the rows in ``mask`` only, in application order (the events are):
    one ``reduceat`` over each application's run of them, no group-by.
    """
    rows = np.flatnonzero(mask & ~np.isnat(days))
    apps = app[rows]
    if not _ascending(apps):
        first = pd.Series(days[rows]).groupby(apps).min()
        return first.index.to_numpy(), first.to_numpy(dtype="datetime64[ns]")
    starts = np.flatnonzero(np.r_[True, apps[1:] != apps[:-1]]) if len(apps) else rows
    stamps = days[rows].view("int64")
    earliest = np.minimum.reduceat(stamps, starts) if len(rows) else stamps
    return apps[starts], earliest.view("datetime64[ns]")


def _ascending(values: np.ndarray) -> bool:
    return len(values) < 2 or bool((values[1:] >= values[:-1]).all())


def group_labels(table: pd.DataFrame, by: str | None) -> pd.Series:
    """The ``group`` of each row of ``table``: its ``by`` value as text, or ``all``.

    A missing value becomes :data:`NOT_RECORDED`.

    Raises
    ------
    UnknownColumn
        When ``by`` is not a column of the applications table (a ``KeyError`` too).
    """
    if by is None:
        return pd.Series(ALL_GROUP, index=table.index, dtype="string")
    if by not in table.columns:
        raise UnknownColumn(by, [c for c in table.columns if c != "application_id"])
    values = table[by]
    text = values.astype("string")
    return text.where(values.notna(), NOT_RECORDED).astype("string")


def group_codes(table: pd.DataFrame, by: str | None) -> tuple[np.ndarray, list[str]]:
    """Each row's position in :func:`group_order` of its :func:`group_labels`, and that order.

    Without ``by`` every row is of the one group ``all``, and no labels are made.
    """
    if by is None:
        return np.zeros(len(table), dtype="int64"), [ALL_GROUP]
    labels = group_labels(table, by)
    groups = group_order(labels, by)
    return pd.Index(groups, dtype="string").get_indexer(pd.Index(labels)), groups


def loaded_group_codes(loaded: LoadedLog, by: str | None) -> tuple[np.ndarray, list[str]]:
    """:func:`group_codes` of the log's applications table, worked out once per ``by``:
    every table of ``followup-stats stats`` groups the same applications."""

    def make() -> tuple[np.ndarray, list[str]]:
        _, _, applications = loaded_applications(loaded, None, None)
        return group_codes(applications, by)

    return loaded.memo(f"stats.group_codes:{by!r}", make)


def group_order(labels: pd.Series, by: str | None) -> list[str]:
    """The groups to report, in order: ``["all"]`` without ``by`` (even for an
    empty log), else the labels in :func:`sorted_groups` order."""
    if by is None:
        return [ALL_GROUP]
    return sorted_groups(labels.dropna().unique().tolist())  # a name per group, not per row


def group_names(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> list[str]:
    """Every group of the log's statistics, in the order their tables list them.

    The same list as the ``group`` column of :func:`~followup_stats.stats.funnel`,
    :func:`~followup_stats.stats.outcome_rates` and
    :func:`~followup_stats.stats.response_times` with the same arguments,
    including groups with nothing to show in some table (no waits, say). The
    figures of :mod:`followup_stats.plots` take it to give each group one
    colour in every figure of a report.
    """
    _, _, applications = loaded_applications(log, config, as_of)
    groups = group_order(group_labels(applications, by), by)
    return [ALL_GROUP, *groups] if by is not None and include_all else groups


def sorted_groups(names: Iterable[str]) -> list[str]:
    """Distinct group names in the order people read them: numbers by value, missing last.

    ``resume_v2`` comes before ``resume_v10`` and ``2`` before ``10`` (each run
    of digits compares as a number); :data:`NOT_RECORDED` comes last.
    """
    distinct = set(names)
    ordered = sorted(distinct - {NOT_RECORDED}, key=_natural_key)
    return [*ordered, NOT_RECORDED] if NOT_RECORDED in distinct else ordered


def _natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key reading each run of ASCII digits as its number (ties broken by the text)."""
    parts = re.split(r"([0-9]+)", name)
    return tuple(
        (0, int(part), part) if index % 2 else (1, 0, part) for index, part in enumerate(parts)
    )


def loaded_applications(
    log: LogInput, config: ConfigInput, as_of: str | dt.date | None
) -> tuple[LoadedLog, pd.DataFrame, pd.DataFrame]:
    """The loaded log, its judged application events and its applications table."""
    loaded = as_loaded(log, config, as_of)
    ev = application_events_of(loaded)
    applications = loaded.memo("applications", lambda: build_applications(ev, loaded))
    # Shallow copies: a caller that adds a column does not change the shared tables.
    return loaded, ev.copy(deep=False), applications.copy(deep=False)
