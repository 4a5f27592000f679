"""Derived tables: interview rounds and numbered follow-ups (DESIGN.md section 3).

Built from the events table with whole-column group operations (group-wise
shifts, forward fills and cumulative counts); the rules and the statistics
both read these tables, so a round or a follow-up means the same everywhere.
See ``seeds/RULES.md`` for the exact reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from followup_stats.config import Config, ConfigSource

if TYPE_CHECKING:  # the loader imports this module
    from followup_stats.load import LoadedLog, LogSource

#: Columns of :func:`rounds_table`.
ROUND_COLUMNS = (
    "candidate",
    "application_id",
    "company",
    "file",
    "round",
    "start_day",
    "start_line",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "has_timetable",
    "thank_you_day",
    "thank_you_line",
    "decision",
    "decision_day",
    "end_day",
    "status",
    "application_end_day",
    "follow_ups",
    "first_follow_up_line",
    "first_follow_up_day",
)


#: The dtype pandas gives a column of Python or NumPy strings.
_TEXT_DTYPE = pd.Series(["text"]).dtype


def _text_column(codes: np.ndarray, words: list[str]) -> pd.api.extensions.ExtensionArray:
    """``words[code]`` per row, in the dtype pandas gives a NumPy string column."""
    if isinstance(_TEXT_DTYPE, pd.StringDtype) and _TEXT_DTYPE.storage == "pyarrow":
        picked = pa.array(words, pa.large_string()).take(pa.array(codes.astype(np.int32)))
        return pd.array(picked, dtype=_TEXT_DTYPE)
    return pd.array(np.array(words)[codes], dtype=_TEXT_DTYPE)


#: The events columns :func:`application_events` carries: what rounds, rules and statistics read.
APPLICATION_EVENT_SOURCE = (
    "file",
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
)
#: Text columns :func:`application_events` holds as categories: a filter or a group-by
#: of a million events then moves integer codes, not strings.
IDENTITY_COLUMNS = ("file", "candidate", "application_id", "company")
#: The events that end a round (DESIGN.md section 3): its decision or a withdrawal.
ROUND_ENDINGS = ("offer", "rejection", "withdrew")
#: The candidate's answer to an offer (DESIGN.md section 2). An application's first
#: answer with no ``offer`` before it or on its day stands for the offer too
#: (:func:`implied_offers`).
OFFER_ANSWERS = ("accepted", "declined")


def _coded(values: pd.Series) -> pd.Series:
    """``values`` as a categorical whose categories sort as the text does."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values  # the loader's events hold these columns so already
    codes, uniques = pd.factorize(values, sort=True)
    categories = pd.Index(uniques, dtype=values.dtype)
    coded = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
    return pd.Series(coded, index=values.index, name=values.name)


def is_in(values: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """``values.isin(wanted)`` as a boolean array (a missing value is in none).

    A categorical column (the events' ``event``) is looked up by its codes:
    the categories are compared once, not a million rows.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        found = np.append(np.asarray(values.cat.categories.isin(wanted), dtype=bool), False)
        return found[values.cat.codes.to_numpy()]  # code -1 (missing) takes the appended False
    return values.isin(wanted).to_numpy(dtype=bool)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the categorical :data:`IDENTITY_COLUMNS` back as plain text.

    Public tables built from :func:`application_events` (rounds, follow-ups,
    applications, next actions) go through this: their names are plain
    ``string`` columns, as in the diagnostics.
    """
    coded = [c for c in IDENTITY_COLUMNS if isinstance(frame.get(c), pd.Series)]
    coded = [c for c in coded if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not coded:
        return frame
    return frame.assign(**{c: _as_string(frame[c]) for c in coded})


def _as_string(values: pd.Series) -> pd.Series:
    """A categorical column as ``string``: each category converted once, taken by code."""
    categories = pd.Series(values.cat.categories).astype("string").array
    text = categories.take(values.cat.codes.to_numpy(), allow_fill=True)
    return pd.Series(text, index=values.index, name=values.name)


def _integer_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """A code per row (-1 where missing) and the number of distinct codes.

    A categorical column's own codes, else :func:`pandas.factorize`'s.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), len(values.cat.categories)
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), len(uniques)


def _first_appearance(keys: np.ndarray) -> np.ndarray:
    """``pd.factorize(keys)[0]``: a number per distinct key in order of first appearance.

    When equal keys are neighbours (events sorted by application), the numbers
    are a running count of changes between neighbours; only the keys where
    they change are checked for repeats.
    """
    starts = _run_starts(keys)
    changes = keys[starts]
    # Rising keys (the loader sorts by candidate, then application) are distinct without
    # hashing them.
    if bool((changes[1:] > changes[:-1]).all()) or pd.Index(changes).is_unique:
        return np.cumsum(starts, dtype=np.int64) - 1
    return pd.factorize(keys)[0].astype(np.int64)


def application_numbers(candidate: pd.Series, application_id: pd.Series) -> np.ndarray:
    """A number per candidate and application, in order of first appearance; -1 for none.

    What ``groupby([candidate, application_id], sort=False).ngroup()`` gives, from
    integer codes instead of a group-by over two text columns.
    """
    person, _ = _integer_codes(candidate)
    application, distinct = _integer_codes(application_id)
    has = (application >= 0) & (person >= 0)
    if has.all():  # the application events: every row has both
        return _first_appearance(person * (distinct + 1) + application)
    numbers = np.full(len(application), -1, dtype=np.int64)
    numbers[has] = _first_appearance(person[has] * (distinct + 1) + application[has])
    return numbers


def _run_starts(keys: np.ndarray) -> np.ndarray:
    """True where a run of equal neighbouring ``keys`` begins."""
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    return starts


def _run_first(starts: np.ndarray) -> np.ndarray:
    """Position of the first row of each row's run (runs begin where ``starts``).

    32-bit positions when they fit: half the memory for every array of
    positions derived from these.
    """
    size = len(starts)
    first = np.flatnonzero(starts).astype(np.int32 if size < 2**31 else np.int64)
    return np.repeat(first, np.diff(first, append=size))


def _last_marked(marked: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Position of the latest marked row at or before each row in its run; -1 for none.

    A group-wise forward fill of the row position, from a running maximum.
    """
    latest = np.where(marked, np.arange(len(marked), dtype=first.dtype), -1)
    np.maximum.accumulate(latest, out=latest)
    latest[latest < first] = -1
    return latest


def _shifted(positions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``positions`` of the previous row in the same run (a group-wise shift); -1 at run starts."""
    before = np.empty_like(positions)
    before[1:] = positions[:-1]
    before[starts] = -1
    return before


def _run_cumsum(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running sum of ``values`` (booleans or integers) restarting at each run."""
    total = np.cumsum(values, dtype=np.int64)
    return total - (total - values)[_native(first)]


def _native(positions: np.ndarray) -> np.ndarray:
    """``positions`` as native-size integers: NumPy converts 32-bit positions on every
    index, which then costs two or three times as much as the conversion."""
    return positions.astype(np.intp, copy=False)


def _pick(values: np.ndarray, positions: np.ndarray, missing: Any) -> np.ndarray:
    """``values[position]`` per row, ``missing`` (a value or an array) where the position is -1.

    One value is read from ``values`` with it appended, so that position -1 reads it:
    one pass over the rows, not a second one to replace what -1 took.
    """
    at = _native(positions)
    if isinstance(missing, np.ndarray):
        picked = values[at]  # -1 takes the last value, then replaced
        absent = at < 0
        picked[absent] = missing[absent]
        return picked
    extended = np.empty(len(values) + 1, dtype=values.dtype)
    extended[:-1] = values
    extended[-1] = missing
    return extended[at]


def _round_columns(
    app: np.ndarray,
    event: pd.Series,
    day: np.ndarray,
    no_reason: np.ndarray,
    timeline: pd.Series,
    contact_ok: pd.Series,
) -> dict[str, np.ndarray]:
    """The round and follow-up columns of :func:`application_events`, as arrays.

    The rows of each application must be neighbours, in log order: every
    group (application, round, stretch since a response) is then a run of
    rows, found by comparing neighbours, and group-wise fills, shifts and
    counts are running maxima and sums over whole columns.
    """
    size = len(app)
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    is_response = event.eq("response").to_numpy(dtype=bool)
    is_update = event.eq("update").to_numpy(dtype=bool)
    app_starts = _run_starts(app)
    app_first = _run_first(app_starts)

    # A new round at each interview on a day other than the previous interview's (of the
    # same application): worked out among the interviews alone, not over every row.
    interviews = np.flatnonzero(is_interview)
    same_day = np.zeros(len(interviews), dtype=bool)
    same_day[1:] = (app[interviews[1:]] == app[interviews[:-1]]) & (
        day[interviews[1:]] == day[interviews[:-1]]
    )
    opens = np.zeros(size, dtype=bool)
    opens[interviews[~same_day]] = True
    rounds = _run_cumsum(opens, app_first)
    round_starts = app_starts | opens
    round_key = np.cumsum(round_starts, dtype=np.int64) - 1
    round_first = _run_first(round_starts)
    round_start_day = day[_native(round_first)]  # a round > 0 starts at its interview

    # A round ends at its first decision or withdrawal: a follow-up after it (asking for
    # feedback after a no) is in no round, so it gets no number and no rule judges its timing.
    # Found among the follow-ups alone, by the position of their round's first ending.
    endings = np.flatnonzero(is_in(event, ROUND_ENDINGS))
    ending_round = round_key[endings]
    first_ending = np.full(int(round_key[-1]) + 1 if size else 0, size, dtype=np.int64)
    earliest = _run_starts(ending_round)  # the rounds' endings come in order
    first_ending[ending_round[earliest]] = endings[earliest]
    sent = np.flatnonzero(event.eq("follow_up").to_numpy(dtype=bool) | (is_update & no_reason))
    counted = np.zeros(size, dtype=bool)
    counted[sent[sent < first_ending[round_key[sent]]]] = True

    # The anchor: the round's latest response so far, else its start.
    response_at = _last_marked(is_response, round_first)
    has_response = response_at >= 0
    anchor_day = day[_native(np.where(has_response, response_at, round_first))]

    # The wait: the response's timetable, else the round's approved timeframe, else the default.
    timeline_known = timeline.notna().to_numpy(dtype=bool)
    timeline_days = timeline.to_numpy(dtype=np.int64, na_value=0)
    use_response = has_response & _pick(timeline_known, response_at, False)
    approved_at = _last_marked(is_interview & contact_ok.notna().to_numpy(dtype=bool), round_first)
    round_last = np.flatnonzero(np.append(round_starts[1:], size > 0))
    approved_at = approved_at[round_last][round_key]  # the round's last approved timeframe
    use_contact = ~use_response & (approved_at >= 0)
    approved = contact_ok.to_numpy(dtype=np.int64, na_value=0)
    wait = np.where(
        use_response,
        _pick(timeline_days, response_at, 0),
        np.where(use_contact, _pick(approved, approved_at, 0), 0),
    )
    source = np.where(use_response, 0, np.where(use_contact, 1, 2))

    # Numbered follow-ups: counted rows since the round's start or its latest response.
    stretch_starts = round_starts | is_response
    stretch_first = _run_first(stretch_starts)
    # Each counted row's number among the counted rows of its stretch (they alone have one).
    numbered = np.flatnonzero(counted)
    in_stretch = _run_starts(stretch_first[numbered])
    number = np.zeros(size, dtype=np.int64)
    number[numbered] = np.arange(len(numbered)) - _run_first(in_stretch) + 1
    previous_follow_up = _shifted(_last_marked(counted, stretch_first), stretch_starts)

    # The employer's timetable: the round's latest interview or response that gives one.
    gives_timetable = (is_interview | is_response) & timeline_known
    timetable_end = np.full(size, np.datetime64("NaT", "ns"), dtype=day.dtype)
    given_days = pd.Series(day[gives_timetable])
    given_wait = pd.to_timedelta(timeline[gives_timetable].astype("float64").to_numpy(), unit="D")
    timetable_end[gives_timetable] = (given_days + given_wait).to_numpy()
    timetable_at = _last_marked(gives_timetable, round_first)

    nat = np.datetime64("NaT", "ns")
    return {
        "round": rounds,
        "round_key": round_key,
        "counted": counted,
        "number": pd.arrays.IntegerArray(number, ~counted).to_numpy(),
        "round_start_day": round_start_day,
        "anchor_is_response": has_response,
        "anchor_day": anchor_day,
        "wait_source": source,
        "wait_days": wait.astype("int64"),
        "_default_wait": ~(use_response | use_contact),
        "previous_follow_up_day": _pick(day, previous_follow_up, nat).astype(day.dtype, copy=False),
        "timetable_end_day": _pick(timetable_end, timetable_at, nat).astype(day.dtype, copy=False),
    }


def implied_offers(event: pd.Series, app: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per row, whether it is an answer to an offer that stands for the offer too.

    A log may record the candidate's answer ("Declined the offer", "Accepted")
    without a row for the offer itself. The first ``accepted`` or ``declined``
    of an application with no ``offer`` before it (in the order of the rows)
    and none on its day is then read as the offer as well, on its day. An
    answer on the day of a logged offer answers that offer, even where its
    time of day puts it first. An application's rows must be neighbours
    (``app`` the application number per row, ``day`` its day).
    """
    is_answer = is_in(event, OFFER_ANSWERS)
    if not is_answer.any():
        return is_answer
    is_offer = is_in(event, ["offer"])
    # An earlier answer had an offer before it or stood for one: none is implied again. So
    # only an application's first offer or answer may be implied, and only if an answer:
    # found among those rows (a few in a hundred), not over the whole column.
    rows = np.flatnonzero(is_answer | is_offer)
    first = _run_starts(app[rows])
    implied = np.zeros(len(is_answer), dtype=bool)
    implied[rows[first & is_answer[rows]]] = True
    if implied.any() and is_offer.any():
        implied &= ~marked_on_the_day(app, day, is_offer)
    return implied


def marked_on_the_day(app: np.ndarray, day: np.ndarray, marked: np.ndarray) -> np.ndarray:
    """Per row, whether its application (``app``: a number per row) has a ``marked``
    row on the row's ``day``, in whatever order the rows come."""
    days, _ = pd.factorize(day)
    pairs, _ = pd.factorize(app.astype(np.int64) * (int(days.max(initial=0)) + 2) + days + 1)
    return np.bincount(pairs, weights=marked)[pairs] > 0


def _read_as_offers(event: pd.Series, implied: np.ndarray) -> pd.Series:
    """``event`` with the rows ``implied`` (:func:`implied_offers`) reading ``offer``."""
    if not implied.any():
        return event
    if isinstance(event.dtype, pd.CategoricalDtype) and "offer" in event.cat.categories:
        codes = event.cat.codes.to_numpy().copy()
        codes[implied] = list(event.cat.categories).index("offer")
        offers = pd.Categorical.from_codes(codes, dtype=event.dtype)
        return pd.Series(offers, index=event.index, name=event.name)
    return event.mask(pd.Series(implied, index=event.index), "offer")


def application_events(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Judged events that belong to an application, with round and count columns added.

    Carries the events columns in :data:`APPLICATION_EVENT_SOURCE` (the text
    ones in :data:`IDENTITY_COLUMNS` as categories) and adds ``app``
    (application number), ``round``, ``round_key`` (a number per application
    round), ``counted`` (a numbered follow-up), ``number`` (its number n),
    ``anchor_day``, ``anchor_is_response``, ``wait_days``, ``wait_source``,
    ``first_allowed_day``, ``previous_follow_up_day`` and
    ``timetable_end_day``; the original row label is kept in ``row``.

    ``event`` is the event as read: an answer to an offer that stands for
    the offer (:func:`implied_offers`) reads ``offer`` here, so the rounds,
    rules, statistics and next actions built on this table all see that
    offer; the loaded events keep the word the log gave.

    The events are sorted by application (the loader's order), so every group
    is a run of neighbouring rows and each step is a running maximum or sum
    over whole columns (see :func:`_round_columns`); a table whose
    applications are not contiguous is worked out in application order and
    put back.
    """
    keep = ((events["day"] <= as_of) & events["application_id"].notna()).to_numpy(dtype=bool)
    judged = events[list(APPLICATION_EVENT_SOURCE)]
    if not keep.all():
        judged = judged[keep]
    ev = judged.reset_index(names="row")
    for column in IDENTITY_COLUMNS:
        ev[column] = _coded(ev[column])
    app = application_numbers(ev["candidate"], ev["application_id"])
    ev["app"] = app
    app_starts = _run_starts(app)
    in_order = bool(np.array_equal(app[app_starts], np.arange(int(app_starts.sum()))))
    order = np.argsort(app, kind="stable") if not in_order else None
    day = ev["day"].to_numpy()
    if order is None:
        implied = implied_offers(ev["event"], app, day)
    else:
        implied = np.empty(len(order), dtype=bool)
        implied[order] = implied_offers(ev["event"].take(order), app[order], day[order])
    ev["event"] = _read_as_offers(ev["event"], implied)
    ordered = ev if order is None else ev.take(order)
    columns = _round_columns(
        ordered["app"].to_numpy(),
        ordered["event"],
        ordered["day"].to_numpy(),
        ordered["reason"].isna().to_numpy(dtype=bool),
        ordered["timeline_days"],
        ordered["contact_ok_after_days"],
    )
    if order is not None:
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        columns = {name: values[back] for name, values in columns.items()}
        columns["round_key"] = pd.factorize(columns["round_key"])[0]
    sources = _text_column(columns["wait_source"], ["timetable", "approved", "default"])
    derived = pd.DataFrame({**columns, "wait_source": sources}, index=ev.index, copy=False)
    # Put beside the events in one go, without copying: assigning column by column copies
    # each (a dozen columns of a million rows).
    return pd.concat([ev, derived], axis=1)


def with_first_allowed(ev: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Add ``first_allowed_day`` = anchor + wait (the default wait where none is recorded)."""
    wait = np.where(ev["_default_wait"], config.default_wait_days, ev["wait_days"])
    ev = ev.assign(wait_days=wait.astype("int64"))
    ev["first_allowed_day"] = ev["anchor_day"] + pd.to_timedelta(ev["wait_days"], unit="D")
    return ev


def string_column(codes: np.ndarray, words: list[str]) -> pd.api.extensions.ExtensionArray:
    """``words[code]`` per row as a ``string`` column; missing where the code is -1.

    Each word is one Arrow string taken by code: no Python string per row.
    """
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pd.array(pa.array(words, pa.large_string()).take(indices), dtype="string")


def _first_in_run(marked: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Position of each run's first marked row (runs begin at ``first``); -1 for none."""
    if marked.all():
        return first
    size = len(marked)
    found = np.minimum.reduceat(np.where(marked, np.arange(size), size), first)
    return np.where(found < size, found, -1)


def _last_in_run(marked: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Position of each run's last marked row (runs begin at ``first``); -1 for none."""
    return np.maximum.reduceat(np.where(marked, np.arange(len(marked)), -1), first)


def _taken(values: pd.Series, positions: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values`` at ``positions`` (missing at -1), in the column's own dtype."""
    return values.array.take(positions, allow_fill=True)


def _whole_numbers(values: np.ndarray, positions: np.ndarray) -> pd.arrays.IntegerArray:
    """``values`` at ``positions`` as nullable ``Int64``, missing at -1."""
    taken = values[np.maximum(positions, 0)].astype(np.int64)
    return pd.arrays.IntegerArray(taken, positions < 0)


def _tri_state(values: pd.Series, marked: np.ndarray, first: np.ndarray) -> pd.arrays.BooleanArray:
    """Per run, over the marked rows: any True -> True, else any False -> False, else NA."""
    if isinstance(values.array, pd.arrays.BooleanArray):  # the loader's: True, False or NA
        is_true = values.to_numpy(dtype=bool, na_value=False) & marked
        is_false = ~values.to_numpy(dtype=bool, na_value=True) & marked
    else:
        is_true = values.eq(True).fillna(False).to_numpy(dtype=bool) & marked
        is_false = values.eq(False).fillna(False).to_numpy(dtype=bool) & marked
    best = np.maximum.reduceat(np.where(is_true, 2, np.where(is_false, 1, 0)), first)
    return pd.arrays.BooleanArray(best == 2, best == 0)


def rounds_from(ev: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per round of every application (see :data:`ROUND_COLUMNS`).

    The rows of a round are neighbours in ``ev`` (from :func:`application_events`:
    one application's rows are, in log order), so each column is a reduction
    over runs of rows (``reduceat`` at the rounds' first rows) instead of a
    group-by; an ``ev`` whose applications are not contiguous is first put in
    application order.
    """
    app = ev["app"].to_numpy()
    if len(app) and not bool((app[1:] >= app[:-1]).all()):
        ev = ev.take(np.argsort(app, kind="stable"))
        app = ev["app"].to_numpy()
    keys = ev["round_key"].to_numpy()
    starts = _run_starts(keys)
    first = np.flatnonzero(starts)
    event = ev["event"]
    day = ev["day"].to_numpy()
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    gives_timetable = (is_interview | event.eq("response").to_numpy(dtype=bool)) & ev[
        "timeline_days"
    ].notna().to_numpy(dtype=bool)

    columns: dict[str, object] = {}
    for column in ("candidate", "application_id", "company", "file"):
        values = ev[column]
        named = _first_in_run(values.notna().to_numpy(dtype=bool), first)
        columns[column] = _taken(values, named)
    columns["round"] = ev["round"].to_numpy()[first]
    start_day = ev["round_start_day"].to_numpy()[first]
    columns["start_day"] = start_day
    columns["start_line"] = ev["line"].to_numpy()[first]  # a round > 0 starts at its interview
    for column in ("asked_next_steps", "asked_permission"):
        columns[column] = _tri_state(ev[column], is_interview, first)
    contact_ok = ev["contact_ok_after_days"]
    approved = is_interview & contact_ok.notna().to_numpy(dtype=bool)
    columns["contact_ok_after_days"] = _taken(contact_ok, _last_in_run(approved, first))
    columns["has_timetable"] = np.logical_or.reduceat(gives_timetable, first)

    line = ev["line"].to_numpy()
    nat = np.datetime64("NaT", "ns")
    thanks = _first_in_run(event.eq("thank_you").to_numpy(dtype=bool), first)
    columns["thank_you_day"] = _pick(day, thanks, nat).astype(day.dtype, copy=False)
    columns["thank_you_line"] = _whole_numbers(line, thanks)

    decisions = ROUND_ENDINGS
    ends = _first_in_run(is_in(event, decisions), first)
    decision_day = _pick(day, ends, nat).astype(day.dtype, copy=False)
    # The decision as text: each distinct event written once, taken by code.
    outcome, outcomes = pd.factorize(pd.Series(_taken(event, ends)))
    outcome_words = [str(value) for value in outcomes]
    columns["decision"] = string_column(outcome, outcome_words)
    columns["decision_day"] = decision_day

    # The next round of the same application, and its first decision from this round on.
    app_of_round = app[first]
    count = len(first)
    last_of_app = _run_starts(app_of_round[::-1])[::-1]  # the application's last round
    following = np.where(last_of_app, -1, np.arange(count) + 1)
    next_start = _pick(start_day, following, nat).astype(day.dtype, copy=False)
    decided = np.where(np.isnat(decision_day), count, np.arange(count))
    next_decided = np.minimum.accumulate(decided[::-1])[::-1]
    app_end = np.where(last_of_app, np.arange(count), count)
    in_app = next_decided <= np.minimum.accumulate(app_end[::-1])[::-1]
    columns["end_day"] = np.where(
        np.isnat(decision_day),
        np.where(np.isnat(next_start), pd.Timestamp(as_of).to_datetime64(), next_start),
        decision_day,
    ).astype(day.dtype, copy=False)
    status = np.where(np.isnat(next_start), 4, 3)
    decided_as = np.append(pd.Index(decisions).get_indexer(pd.Index(outcome_words)), -1)[outcome]
    status = np.where(np.isnat(decision_day), status, decided_as)
    columns["status"] = string_column(status, [*decisions, "next_round", "open"])
    columns["application_end_day"] = np.where(
        in_app, _pick(decision_day, np.where(in_app, next_decided, -1), nat), nat
    ).astype(day.dtype, copy=False)

    counted = ev["counted"].to_numpy(dtype=bool)
    columns["follow_ups"] = np.add.reduceat(counted.astype(np.int64), first)
    first_follow_up = _first_in_run(counted, first)
    columns["first_follow_up_line"] = _whole_numbers(line, first_follow_up)
    columns["first_follow_up_day"] = _pick(day, first_follow_up, nat).astype(day.dtype, copy=False)

    rounds = pd.DataFrame(columns, index=pd.Index(keys[first], name="round_key"))
    return rounds if bool((np.diff(keys[first]) > 0).all()) else rounds.sort_index()


#: The columns of :func:`application_events` that :func:`rounds_from` reads.
ROUND_SOURCE = (
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "event",
    "day",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "app",
    "round",
    "round_key",
    "round_start_day",
    "counted",
)


def interview_rounds_from(ev: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The rows of :func:`rounds_from` for the rounds an interview opened (``round > 0``).

    Every column of such a round reads its own rows and those of its
    application's later rounds, all opened by interviews too; so the rows
    before an application's first interview (three in four of a simulated
    log's) are not reduced only to be dropped.
    """
    opened = ev["round"].to_numpy() > 0
    return rounds_from(ev.loc[opened, list(ROUND_SOURCE)], as_of)


#: Columns of :func:`assumed_landmarks` per application event: whether the date of
#: the row itself, of its anchor, of its previous counted follow-up, of the row that
#: set its timetable is only assumed.
ASSUMED_EVENT_COLUMNS = ("day", "anchor", "previous", "timetable")
#: Columns of :func:`assumed_landmarks` per round: whether the date of its start, of its
#: first thank-you, of the decision that ends its application's waiting
#: (``application_end_day``) is only assumed, and whether the application has an offer
#: or rejection on or after the round's start whose date is only assumed.
ASSUMED_ROUND_COLUMNS = ("start", "thank_you", "application_end", "decision_after")


def assumed_landmarks(ev: pd.DataFrame, assumed: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which dates the timing of each event and round reads are only assumed.

    ``ev``: :func:`application_events` (with ``round_key`` and ``counted``);
    ``assumed``: per row of ``ev``, whether its date is only assumed (its notes
    begin ``date assumed``). Returns a table on ``ev``'s index
    (:data:`ASSUMED_EVENT_COLUMNS`) and one per round, indexed by ``round_key``
    (:data:`ASSUMED_ROUND_COLUMNS`). The landmarks are found as
    :func:`_round_columns` and :func:`rounds_from` find them, over whole columns.
    """
    app = ev["app"].to_numpy()
    order = None if bool((app[1:] >= app[:-1]).all()) else np.argsort(app, kind="stable")
    o = ev if order is None else ev.take(order)
    marked = assumed if order is None else assumed[order]
    app = o["app"].to_numpy()
    event = o["event"]
    keys = o["round_key"].to_numpy()
    round_starts = _run_starts(keys)
    round_first = _run_first(round_starts)
    is_response = event.eq("response").to_numpy(dtype=bool)
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    counted = o["counted"].to_numpy(dtype=bool)

    response_at = _last_marked(is_response, round_first)
    anchor = _pick(marked, response_at, marked[round_first])
    stretch_starts = round_starts | is_response
    previous = _shifted(_last_marked(counted, _run_first(stretch_starts)), stretch_starts)
    gives = (is_interview | is_response) & o["timeline_days"].notna().to_numpy(dtype=bool)
    timetable = _pick(marked, _last_marked(gives, round_first), False)
    rows = {
        "day": marked,
        "anchor": anchor,
        "previous": _pick(marked, previous, False),
        "timetable": timetable,
    }
    if order is not None:
        back = np.empty_like(order)
        back[order] = np.arange(len(order))
        rows = {name: values[back] for name, values in rows.items()}

    first = np.flatnonzero(round_starts)
    thanks = _first_in_run(event.eq("thank_you").to_numpy(dtype=bool), first)

    def first_at_or_after(wanted: np.ndarray) -> np.ndarray:
        """Per round, the application's first ``wanted`` row at or after its start; -1: none."""
        at = np.flatnonzero(wanted)
        found = np.searchsorted(at, first)
        hit = at[np.minimum(found, max(len(at) - 1, 0))] if len(at) else np.zeros_like(first)
        same_app = (found < len(at)) & (app[hit] == app[first])
        return np.where(same_app, hit, -1)

    ending = first_at_or_after(is_in(event, ROUND_ENDINGS))
    decision = is_in(event, ["offer", "rejection"])
    rounds = pd.DataFrame(
        {
            "start": marked[first],
            "thank_you": _pick(marked, thanks, False),
            "application_end": _pick(marked, ending, False),
            "decision_after": first_at_or_after(decision & marked) >= 0,
        },
        index=pd.Index(keys[first], name="round_key"),
    )
    return pd.DataFrame(rows, index=ev.index), rounds.sort_index()


def rounds_table(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """Rounds of every application as of a date; columns :data:`ROUND_COLUMNS`.

    ``log`` is a path, a DataFrame of raw cells, a list of them, or a loaded
    log, with ``config`` and ``as_of`` as for :func:`followup_stats.check`.
    """
    from followup_stats.checker import as_loaded

    loaded = as_loaded(log, config, as_of)
    ev = application_events(loaded.events, loaded.as_of)
    return as_text(rounds_from(ev, loaded.as_of).reset_index(drop=True)[list(ROUND_COLUMNS)])


#: Columns of :func:`follow_ups_table`.
FOLLOW_UP_COLUMNS = (
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "round",
    "event",
    "day",
    "number",
    "anchor_day",
    "anchor_is_response",
    "wait_days",
    "wait_source",
    "first_allowed_day",
    "previous_follow_up_day",
    "timetable_end_day",
)


def follow_ups_table(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """Every numbered follow-up with its anchor, first allowed day and timetable.

    ``log``, ``config`` and ``as_of`` as for :func:`rounds_table`; the waits
    are the configuration's (that of a loaded log, or the one found next to
    a path), the same :func:`followup_stats.check` judges by.
    """
    from followup_stats.checker import as_loaded

    loaded = as_loaded(log, config, as_of)
    ev = with_first_allowed(application_events(loaded.events, loaded.as_of), loaded.config)
    table = ev[ev["counted"]].reset_index(drop=True)[list(FOLLOW_UP_COLUMNS)]
    return as_text(table.astype({"number": "int64"}))  # counted: every one has its number
