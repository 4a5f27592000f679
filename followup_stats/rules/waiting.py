"""FU011: keep applying and networking while you wait. Seed: P5.

Per candidate, the waiting days are the union of the open windows of their
interview rounds; the rule looks for stretches of more than ``idle_days``
such days with no ``applied`` or ``networking`` event. Done with interval
arithmetic on sorted columns, never day by day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from followup_stats.rules.engine import RuleContext, findings, no_findings, rule
from followup_stats.rules.wording import count_text, day_text, span_text, voiced
from followup_stats.tables import is_in

ONE_DAY = pd.Timedelta(days=1)


def _judged(ctx: RuleContext, events: list[str]) -> pd.DataFrame:
    """``candidate`` and ``day`` of the judged events of these kinds (no other column)."""
    log = ctx.events
    kept = np.flatnonzero(
        (log["day"] <= ctx.as_of).to_numpy(dtype=bool) & is_in(log["event"], events)
    )
    # Each column taken at the kept rows' positions: no boolean filter of the whole frame.
    return pd.DataFrame(
        {"candidate": log["candidate"].array.take(kept), "day": log["day"].to_numpy()[kept]},
        index=log.index[kept],
    )


#: The columns of the interview rounds :func:`waiting_windows` keeps (beside the window):
#: those FU011's findings and messages read.
WINDOW_SOURCE = ("candidate", "application_id", "company", "file", "start_day", "start_line")


def waiting_windows(ctx: RuleContext) -> pd.DataFrame:
    """Each interview round's window ``[start, end)`` of waiting days, per candidate
    (none for a round whose interview, or the decision ending it, is dated only by
    assumption): the rounds' :data:`WINDOW_SOURCE` columns, ``window_start`` and
    ``window_end``."""
    rounds = ctx.interview_rounds
    end = rounds["application_end_day"].fillna(ctx.as_of + ONE_DAY)
    # From the application events: an answer to an offer with no offer row before it
    # stands for the offer there (``tables.implied_offers``).
    ev = ctx.ev
    offers = ev.loc[is_in(ev["event"], ["offer"]), ["candidate", "day"]]
    first_offer = offers.groupby("candidate", observed=True)["day"].min()
    no_offer = ctx.as_of + ONE_DAY
    first_offer = first_offer.reindex(rounds["candidate"].unique(), fill_value=no_offer)
    cap = pd.Series(first_offer.loc[rounds["candidate"]].to_numpy(), index=rounds.index)
    window_end = end.where(end <= cap, cap)
    # Only the columns FU011 reads: the windows are filtered, merged and sorted below.
    windows = rounds[list(WINDOW_SOURCE)].assign(
        window_start=rounds["start_day"], window_end=window_end
    )
    # A window that starts or ends on a date only assumed has no known days: left out
    # (fewer waiting days never make up an idle stretch).
    known = ctx.known_timing(rounds, ("start", "application_end"))
    return windows[(windows["window_end"] > windows["window_start"]).to_numpy() & known]


def idle_runs(windows: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Stretches of waiting days with no activity: ``candidate``, ``run_start``, ``run_end``.

    ``run_end`` is exclusive. ``activity`` has ``candidate`` and ``day``. The
    overlapping windows of a candidate are merged into blocks; each activity
    day inside a block splits it. Done on integer keys (candidate code, then
    time), sorted and searched once, not by merging each candidate's activity
    days with each of their blocks (hundreds of thousands of pairs at a
    million events).
    """
    names = windows["candidate"]
    person, seen = _candidate_codes(names, activity["candidate"])
    start_ns = windows["window_start"].to_numpy(dtype="datetime64[ns]")
    end_ns = windows["window_end"].to_numpy(dtype="datetime64[ns]")
    day_ns = activity["day"].to_numpy(dtype="datetime64[ns]")
    (start, end, day), span = _ticks(start_ns, end_ns, day_ns, codes=int(person.max(initial=0)) + 1)

    # Blocks: a window opens one unless it starts by the latest end of its candidate's
    # earlier windows. A key is the candidate's code then the time, so a running maximum
    # of end keys restarts with each candidate.
    order = np.lexsort((start, person))
    person, start, end = person[order], start[order], end[order]
    start_key, end_key = person * span + start, person * span + end
    reach = np.maximum.accumulate(end_key)
    new_block = np.ones(len(order), dtype=bool)
    new_block[1:] = (person[1:] != person[:-1]) | ~(start_key[1:] <= reach[:-1])
    first = np.flatnonzero(new_block)
    block_start, block_end = start_key[first], np.maximum.reduceat(end_key, first)
    block_start_ns = start_ns[order][first]
    block_end_ns = np.maximum.reduceat(end_ns[order], first)

    # The distinct activity days of candidates with a window, in key order, and the
    # block each falls in (blocks of a candidate never overlap).
    day_key = seen * span + day
    with_window = np.flatnonzero(seen >= 0)
    ranked = with_window[np.argsort(day_key[with_window])]
    keys = day_key[ranked]
    distinct = np.ones(len(keys), dtype=bool)
    distinct[1:] = keys[1:] != keys[:-1]
    keys, days = keys[distinct], day_ns[ranked[distinct]]
    block = np.searchsorted(block_start, keys, side="right") - 1
    inside = block >= 0
    inside[inside] = keys[inside] < block_end[block[inside]]
    block, days = block[inside], days[inside]

    # Each block's runs, in order: from its start to its first activity day, from the day
    # after each activity day to the next, from the day after the last to its end.
    splits = np.bincount(block, minlength=len(first))
    offset = np.arange(len(first)) + np.cumsum(splits) - splits  # the block's first run
    at = offset[block] + np.arange(len(block)) - (np.cumsum(splits) - splits)[block]
    count = len(first) + len(block)
    run_start = np.empty(count, dtype="datetime64[ns]")
    run_end = np.empty(count, dtype="datetime64[ns]")
    run_start[offset], run_end[offset + splits] = block_start_ns, block_end_ns
    run_start[at + 1], run_end[at] = days + np.timedelta64(1, "D"), days
    of_block = np.repeat(np.arange(len(first)), splits + 1)
    runs = pd.DataFrame(
        {
            "block": of_block + 1,
            "run_start": run_start,
            "run_end": run_end,
            "candidate": names.array.take(order[first][of_block]),
        }
    )
    return runs[run_end > run_start]


def _candidate_codes(names: pd.Series, others: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the windows' candidates ``names`` that sort as ``sort_values`` sorts them
    (missing last), and those of ``others`` (the activity's) in the same numbering, -1 for
    a candidate with no window; a missing name matches a missing name, as in a merge."""
    if isinstance(names.dtype, pd.CategoricalDtype):
        known = names.cat.categories
        codes = names.cat.codes.to_numpy()
    else:
        codes, known = pd.factorize(names, sort=True)
    same = isinstance(others.dtype, pd.CategoricalDtype) and others.dtype == names.dtype
    found = others.cat.codes.to_numpy() if same else pd.Index(known).get_indexer(others)
    missing = len(known)
    person = np.where(codes < 0, missing, codes).astype(np.int64)
    seen = np.where(others.isna().to_numpy(dtype=bool), missing, found).astype(np.int64)
    return person, seen


def _ticks(*stamps: np.ndarray, codes: int) -> tuple[list[np.ndarray], int]:
    """The ``datetime64[ns]`` arrays ``stamps`` as small integers that compare as they do,
    and one more than the largest: ``code * span + tick`` then fits in 64 bits.

    Counts of their common step (a day, for days) from the earliest; their ranks when
    those would not fit (times to the nanosecond over years).
    """
    joined = np.concatenate(stamps).view(np.int64)
    if not len(joined):
        return [np.zeros(0, dtype=np.int64) for _ in stamps], 1
    since = joined - joined.min()
    step = max(int(np.gcd.reduce(since)), 1)
    ticks = since // step
    if (codes + 1) * (int(ticks.max()) + 1) >= 2**62:
        ticks = pd.factorize(joined, sort=True)[0].astype(np.int64)
    bounds = np.cumsum([len(part) for part in stamps])[:-1]
    return list(np.split(ticks, bounds)), int(ticks.max()) + 1


def _rounds_open(windows: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """How many interview rounds were waited on at some day of each flagged run of
    ``rows``: the windows of its candidate that meet the run.

    A window meets ``[run_start, run_end)`` when it starts before the run ends and
    does not end by the run's start; as every window ends after it starts, that is
    the count of windows starting before the run's end less the count ending by its
    start, each found by one search of sorted integer keys (candidate code, then
    time), not by pairing every run with every window of its candidate.
    """
    person, seen = _candidate_codes(windows["candidate"], rows["candidate"])
    stamps = [
        windows["window_start"].to_numpy(dtype="datetime64[ns]"),
        windows["window_end"].to_numpy(dtype="datetime64[ns]"),
        rows["run_start"].to_numpy(dtype="datetime64[ns]"),
        rows["run_end"].to_numpy(dtype="datetime64[ns]"),
    ]
    codes = int(max(person.max(initial=0), seen.max(initial=0))) + 1
    (start, end, run_start, run_end), span = _ticks(*stamps, codes=codes)
    starts = np.sort(person * span + start)
    ends = np.sort(person * span + end)
    begun = np.searchsorted(starts, seen * span + run_end) - np.searchsorted(starts, seen * span)
    over = np.searchsorted(ends, seen * span + run_start, side="right") - np.searchsorted(
        ends, seen * span
    )
    return pd.Series(begun - over, index=rows.index)


def idle_message(rows: pd.DataFrame, rounds_open: pd.Series, ctx: RuleContext) -> pd.Series:
    """FU011's message for each flagged run of ``rows``: the whole run and what was waited on.

    The run is said from its first day to its last idle day (``and still on`` the
    as-of date when it reaches it), with its length; the interview named is the
    one whose window holds the flagged day, with how many other rounds were open
    during the run (``rounds_open`` counts them all).
    """
    first = rows["run_start"]
    last = (rows["run_end"] - ONE_DAY).where(rows["run_end"] <= ctx.as_of, ctx.as_of)
    still = (last == ctx.as_of).to_numpy()
    one_day = (first == last).to_numpy()
    length = (last - first).dt.days + 1
    ended = "from " + span_text(first, last) + " (" + count_text(length) + ", both included)"
    start = day_text(first)
    same_year = (first.dt.year == last.dt.year).to_numpy()
    start = start.mask(same_year, start.str.rsplit(" ", n=1).str[0])
    going = (
        "from "
        + start
        + " and still on "
        + day_text(last)
        + " ("
        + count_text(length)
        + ", both included)"
    )
    when = ended.mask(still, going)
    when = when.mask(one_day, "on " + day_text(last))
    when = when.mask(one_day & still, "on " + day_text(last) + " (the as-of date)")
    others = rounds_open - 1
    also = (" and " + others.astype("string") + " other interview").where(others > 0, "")
    also = also.where(others <= 1, also + "s")
    return (
        when
        + voiced(ctx.voice, " you", " the candidate")
        + " sent no application and did no networking while "
        + voiced(ctx.voice, "you", "they")
        + " waited on "
        + rows["company"].astype("string")
        + " (interview "
        + day_text(rows["start_day"])
        + ")"
        + also
    )


@rule("FU011")
def idle_while_waiting(ctx: RuleContext) -> pd.DataFrame:
    """A run of more than ``idle_days`` waiting days without applying or networking."""
    windows = waiting_windows(ctx)
    if windows.empty:
        return no_findings()
    activity = _judged(ctx, ["applied", "networking"])
    runs = idle_runs(windows, activity)
    idle = pd.Timedelta(days=ctx.config.idle_days)
    long_runs = runs[((runs["run_end"] - runs["run_start"]) > idle).to_numpy()]
    flagged = long_runs.assign(flag_day=long_runs["run_start"] + idle)
    # The interview whose window holds the flagged day (latest interview, then line).
    holders = flagged.merge(windows, on="candidate")
    holds = (holders["window_start"] <= holders["flag_day"]) & (
        holders["flag_day"] < holders["window_end"]
    )
    holders = holders[holds.to_numpy()].sort_values(
        ["candidate", "flag_day", "window_start", "start_line"]
    )
    rows = holders.groupby(["candidate", "flag_day"], sort=False).tail(1)
    message = idle_message(rows, _rounds_open(windows, rows), ctx)
    return findings(rows, message, date=rows["flag_day"])
