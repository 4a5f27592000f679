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
    kept = (log["day"] <= ctx.as_of).to_numpy(dtype=bool) & is_in(log["event"], events)
    return log.loc[kept, ["candidate", "day"]]


def waiting_windows(ctx: RuleContext) -> pd.DataFrame:
    """Each interview round's window ``[start, end)`` of waiting days, per candidate
    (none for a round whose interview, or the decision ending it, is dated only by
    assumption)."""
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
    windows = rounds.assign(window_start=rounds["start_day"], window_end=window_end)
    # A window that starts or ends on a date only assumed has no known days: left out
    # (fewer waiting days never make up an idle stretch).
    known = ctx.known_timing(rounds, ("start", "application_end"))
    return windows[(windows["window_end"] > windows["window_start"]).to_numpy() & known]


def idle_runs(windows: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Stretches of waiting days with no activity: ``candidate``, ``run_start``, ``run_end``.

    ``run_end`` is exclusive. ``activity`` has ``candidate`` and ``day``.
    """
    w = windows.sort_values(["candidate", "window_start"])[
        ["candidate", "window_start", "window_end"]
    ]
    reach = w.groupby("candidate")["window_end"].cummax()
    previous_reach = reach.groupby(w["candidate"]).shift(1)
    new_block = ~(w["window_start"] <= previous_reach).to_numpy()
    block = np.cumsum(new_block)
    blocks = (
        w.assign(block=block)
        .groupby("block")
        .agg(
            candidate=("candidate", "first"),
            start=("window_start", "min"),
            end=("window_end", "max"),
        )
    )
    days = activity[["candidate", "day"]].drop_duplicates().sort_values(["candidate", "day"])
    inside = days.merge(blocks.reset_index(), on="candidate")
    inside = inside[
        ((inside["day"] >= inside["start"]) & (inside["day"] < inside["end"])).to_numpy()
    ]
    starts = pd.concat(
        [
            blocks.reset_index()[["block", "start"]].rename(columns={"start": "run_start"}),
            pd.DataFrame({"block": inside["block"], "run_start": inside["day"] + ONE_DAY}),
        ]
    ).sort_values(["block", "run_start"], kind="stable")
    ends = pd.concat(
        [
            pd.DataFrame({"block": inside["block"], "run_end": inside["day"]}),
            blocks.reset_index()[["block", "end"]].rename(columns={"end": "run_end"}),
        ]
    ).sort_values(["block", "run_end"], kind="stable")
    runs = pd.DataFrame(
        {
            "block": starts["block"].to_numpy(),
            "run_start": starts["run_start"].to_numpy(),
            "run_end": ends["run_end"].to_numpy(),
        }
    )
    runs["candidate"] = runs["block"].map(blocks["candidate"])
    return runs[(runs["run_end"] > runs["run_start"]).to_numpy()]


def _rounds_open(flagged: pd.DataFrame, windows: pd.DataFrame, rows: pd.DataFrame) -> pd.Series:
    """How many interview rounds were waited on at some day of each flagged run (of
    ``rows``, one per run): the rounds whose window meets the run."""
    meets = flagged[["candidate", "flag_day", "run_start", "run_end"]].merge(
        windows[["candidate", "window_start", "window_end"]], on="candidate"
    )
    overlap = (meets["window_start"] < meets["run_end"]) & (
        meets["run_start"] < meets["window_end"]
    )
    counts = meets[overlap.to_numpy()].groupby(["candidate", "flag_day"], observed=True).size()
    keys = pd.MultiIndex.from_arrays([rows["candidate"], rows["flag_day"]])
    return pd.Series(counts.reindex(keys, fill_value=1).to_numpy(), index=rows.index)


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
    message = idle_message(rows, _rounds_open(flagged, windows, rows), ctx)
    return findings(rows, message, date=rows["flag_day"])
