"""Timing of follow-ups: FU005, FU007, FU008, FU009, FU010. Seed: P1, P3, P4 b2-b4.

All read the numbered follow-ups of :func:`followup_stats.tables.application_events`:
number ``n`` (restarting at each round and each employer response), the anchor,
the first allowed day, the previous follow-up and the employer's timetable.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from followup_stats.config import Config
from followup_stats.rules.engine import RuleContext, findings, rule
from followup_stats.rules.wording import (
    Voice,
    anchor_text,
    count_text,
    day_text,
    days_between,
    follow_up_named,
    joined,
    per_distinct,
    same_day_anchor_text,
    wait_text,
    whole_text,
)
from followup_stats.tables import ROUND_ENDINGS, is_in
from followup_stats.vocab import EVENT_WORDS


def _follow_ups(ctx: RuleContext) -> pd.DataFrame:
    return ctx.follow_ups


def _final_notes(ctx: RuleContext) -> pd.DataFrame:
    """The final notes of the context's follow-ups, filtered once for FU007 and FU008."""
    return ctx.memo("final_notes", lambda: _notes_of(_follow_ups(ctx)))


def _is_final_note(follow_ups: pd.DataFrame) -> np.ndarray:
    """Whether each follow-up is a final note (numbered 2 or more since the round or reply)."""
    return (follow_ups["number"] >= 2).to_numpy()


def _notes_of(follow_ups: pd.DataFrame) -> pd.DataFrame:
    """The final notes among ``follow_ups`` (:func:`_is_final_note`)."""
    return follow_ups[_is_final_note(follow_ups)]


# -- the tests of FU005, FU007, FU008 and FU009, without their messages -----------------------
# Each rule below keeps the rows its test picks and words a message for each; the patience
# analysis (:mod:`followup_stats.stats.patience`) asks only which rows they pick.

#: A rule's test: which of the rows (follow-ups, or final notes) it flags, with these settings.
Test = Callable[[pd.DataFrame, Config], np.ndarray]


def _too_early(follow_ups: pd.DataFrame, config: Config) -> np.ndarray:
    """FU005: sent before its first allowed day."""
    return (follow_ups["day"] < follow_ups["first_allowed_day"]).to_numpy()


def _note_gap(notes: pd.DataFrame) -> pd.Series:
    """Days from each final note's previous follow-up to the note."""
    return days_between(notes["day"], notes["previous_follow_up_day"])


def _too_soon(notes: pd.DataFrame, config: Config) -> np.ndarray:
    """FU007: fewer than ``final_note_gap_days`` after the previous follow-up."""
    return (_note_gap(notes) < config.final_note_gap_days).to_numpy()


def _polite_from(notes: pd.DataFrame, config: Config) -> pd.Series:
    """The first day a final note is polite after the employer's timetable (NaT: none given)."""
    return notes["timetable_end_day"] + pd.Timedelta(days=config.timeline_grace_days)


def _before_timetable(notes: pd.DataFrame, config: Config) -> np.ndarray:
    """FU008: before the employer's timetable plus ``timeline_grace_days``."""
    allowed = _polite_from(notes, config)
    return (notes["timetable_end_day"].notna() & (notes["day"] < allowed)).to_numpy()


def _too_many(follow_ups: pd.DataFrame, config: Config) -> np.ndarray:
    """FU009: numbered above ``max_follow_ups``."""
    return (follow_ups["number"] > config.max_follow_ups).to_numpy()


#: The tests that read every follow-up, and those that read the final notes only.
_FOLLOW_UP_TESTS: Mapping[str, Test] = {"FU005": _too_early, "FU009": _too_many}
_FINAL_NOTE_TESTS: Mapping[str, Test] = {"FU007": _too_soon, "FU008": _before_timetable}
#: The codes :func:`flagged_follow_ups` can test.
TESTED_CODES = (*_FOLLOW_UP_TESTS, *_FINAL_NOTE_TESTS)
#: The columns of the follow-ups those tests read.
TEST_COLUMNS = ("day", "first_allowed_day", "number", "previous_follow_up_day", "timetable_end_day")


def flagged_follow_ups(
    follow_ups: pd.DataFrame, config: Config, codes: Collection[str]
) -> np.ndarray:
    """Whether each follow-up would get one of ``codes`` (of :data:`TESTED_CODES`).

    The rules' own tests, with the thresholds of ``config`` (its selection
    is not asked), and no message worded. ``follow_ups``: rows of
    :attr:`RuleContext.follow_ups` with at least :data:`TEST_COLUMNS`.
    """
    unknown = set(codes) - set(TESTED_CODES)
    if unknown:
        raise ValueError(f"no test for {', '.join(sorted(unknown))}")
    flagged = np.zeros(len(follow_ups), dtype=bool)
    for code, test in _FOLLOW_UP_TESTS.items():
        if code in codes:
            flagged |= test(follow_ups, config)
    note_tests = [test for code, test in _FINAL_NOTE_TESTS.items() if code in codes]
    if note_tests:
        final = np.flatnonzero(_is_final_note(follow_ups))
        notes = follow_ups.iloc[final]
        for test in note_tests:
            flagged[final[test(notes, config)]] = True
    return flagged


#: The columns :func:`_too_early_message` reads.
TOO_EARLY_KEYS = (
    "number",
    "event",
    "round",
    "day",
    "anchor_day",
    "anchor_is_response",
    "wait_days",
    "wait_source",
    "first_allowed_day",
    "applied_day",
)


def _too_early_message(rows: pd.DataFrame, voice: Voice = "candidate") -> pd.Series:
    """FU005's message for each row, worded for ``voice``.

    Before the first interview and any reply the wait counts from the day the
    application opened (its first row). A follow-up dated before the
    application was sent (``applied_day``, also DQ006) opened it itself or
    follows a row as early: its message says it came before the application
    and counts the wait from the day the application was sent.

    Each part of the message is built once per distinct combination of the
    columns it reads (tens of thousands of rows share a few hundred days,
    counts and waits), then the parts are joined row by row.
    """
    unsent = (
        rows["round"].eq(0)
        & ~rows["anchor_is_response"].astype(bool)
        & (rows["day"] < rows["applied_day"])
    ).to_numpy(dtype=bool)
    polite = rows["first_allowed_day"]
    before = pd.Series(0, index=rows.index, dtype="int64")
    if unsent.any():
        early = rows[unsent]
        sent = early["applied_day"]
        before[unsent] = days_between(sent, early["day"])
        polite = polite.mask(unsent, sent + pd.to_timedelta(early["wait_days"], unit="D"))
    timing = rows.assign(
        _waited=days_between(rows["day"], rows["anchor_day"]),
        _sent=rows["applied_day"].where(unsent),
        _before=before,
    )
    named = per_distinct(rows, ("number", "event", "day"), follow_up_named)
    after = per_distinct(timing, _AFTER_KEYS, _after_anchor_text)
    why = per_distinct(rows, _WAIT_KEYS, lambda keys: wait_text(keys, voice))
    polite_text = day_text(polite)
    return joined(named, ", ", after, "; ", why, ", so the earliest polite date was ", polite_text)


#: The columns :func:`_after_anchor_text` reads, and those :func:`wait_text` reads.
_AFTER_KEYS = ("_waited", "anchor_day", "round", "anchor_is_response", "_sent", "_before")
_WAIT_KEYS = ("wait_days", "anchor_is_response", "round", "wait_source")


def _after_anchor_text(rows: pd.DataFrame) -> pd.Series:
    """How long after its anchor a follow-up came ("3 days after the interview on ...";
    the same day: "the day of the interview"), or, sent before the application was
    (``_sent``, the day it was; ``_before``, days before that), how long before it."""
    waited = rows["_waited"]
    after = (count_text(waited) + " after " + anchor_text(rows)).mask(
        waited.eq(0).to_numpy(), same_day_anchor_text(rows)
    )
    unsent = rows["_sent"].notna().to_numpy(dtype=bool)
    if unsent.any():
        early = rows[unsent]
        after = after.mask(
            unsent,
            count_text(early["_before"])
            + " before the application was sent on "
            + day_text(early["_sent"]),
        )
    return after


@rule("FU005")
def follow_up_too_early(ctx: RuleContext) -> pd.DataFrame:
    """A follow-up (final notes included) before the first allowed day; not judged when
    its date or that of its anchor (the interview, the reply) is only assumed."""
    follow_ups = _follow_ups(ctx)
    early = _too_early(follow_ups, ctx.config) & ctx.known_timing(follow_ups, ("day", "anchor"))
    rows = with_applied_day(ctx, follow_ups[early])
    return findings(rows, _too_early_message(rows, ctx.voice))


def with_applied_day(ctx: RuleContext, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of ``ctx.ev`` with ``applied_day``: the day their application was sent
    (its first ``applied`` row; missing when none is logged), which FU005's message needs."""
    ev = ctx.ev
    day = ev["day"].to_numpy(dtype="datetime64[ns]")
    applied = is_in(ev["event"], ["applied"]) & ~np.isnat(day)
    # The earliest per application number (small integers): a running minimum into one
    # slot per application, not a group-by.
    app = ev["app"].to_numpy()
    latest = np.iinfo(np.int64).max
    sent = np.full(int(app.max(initial=-1)) + 1, latest, dtype=np.int64)
    apps, days = app[applied], day[applied].view(np.int64)
    if len(apps) and apps[0] >= 0 and bool((apps[1:] >= apps[:-1]).all()):
        # In application order (the usual): the minimum of each run, not one row at a time.
        first = np.flatnonzero(np.append(True, apps[1:] != apps[:-1]))
        sent[apps[first]] = np.minimum.reduceat(days, first)
    else:
        np.minimum.at(sent, apps, days)
    taken = sent[rows["app"].to_numpy()]
    applied_day = np.where(
        taken == latest, np.datetime64("NaT", "ns"), taken.view("datetime64[ns]")
    )
    return rows.assign(applied_day=applied_day)


#: The columns :func:`_too_soon_message`, :func:`_before_timetable_message` and
#: :func:`_too_many_message` read: each message is built once per distinct combination.
TOO_SOON_KEYS = ("number", "event", "day", "previous_follow_up_day")
BEFORE_TIMETABLE_KEYS = ("number", "event", "day", "timetable_end_day")
TOO_MANY_KEYS = ("number", "event", "day", "anchor_is_response")


@rule("FU007")
def final_note_too_soon(ctx: RuleContext) -> pd.DataFrame:
    """A final note less than ``final_note_gap_days`` after the previous follow-up; not
    judged when the date of either is only assumed."""
    notes = _final_notes(ctx)
    too_soon = _too_soon(notes, ctx.config) & ctx.known_timing(notes, ("day", "previous"))
    rows = notes[too_soon]
    message = per_distinct(rows, TOO_SOON_KEYS, lambda keys: _too_soon_message(keys, ctx.config))
    return findings(rows, message)


def _too_soon_message(rows: pd.DataFrame, config: Config) -> pd.Series:
    """FU007's message for each of the final notes ``rows``."""
    gap = _note_gap(rows)
    previous = day_text(rows["previous_follow_up_day"])
    after = (" only " + count_text(gap) + " after the previous follow-up on " + previous).mask(
        gap.eq(0).to_numpy(), ", the same day as the previous follow-up"
    )
    return (
        follow_up_named(rows)
        + after
        + "; leave at least "
        + count_text(pd.Series(config.final_note_gap_days, index=rows.index))
    )


@rule("FU008")
def final_note_before_timetable(ctx: RuleContext) -> pd.DataFrame:
    """A final note before the employer's timetable plus ``timeline_grace_days``; not
    judged when the note's date or that of the row giving the timetable is only assumed."""
    notes = _final_notes(ctx)
    early = _before_timetable(notes, ctx.config) & ctx.known_timing(notes, ("day", "timetable"))
    rows = notes[early]
    message = per_distinct(
        rows, BEFORE_TIMETABLE_KEYS, lambda keys: _before_timetable_message(keys, ctx.config)
    )
    return findings(rows, message)


def _before_timetable_message(rows: pd.DataFrame, config: Config) -> pd.Series:
    """FU008's message for each of the final notes ``rows``."""
    allowed = _polite_from(rows, config)
    end = rows["timetable_end_day"]
    end_text = day_text(end)
    when = (" came too soon: their timetable ended on " + end_text + ", and").mask(
        (rows["day"] == end).to_numpy(), " came on the day their timetable ended;"
    )
    when = when.mask(
        (rows["day"] < end).to_numpy(), " came before their timetable ended on " + end_text + ";"
    )
    grace_days = config.timeline_grace_days
    polite = (
        f" a final note is polite only {grace_days} day{'s' if grace_days != 1 else ''} "
        "after that, from "
        if grace_days
        else " a final note is polite from that day, "
    )
    return follow_up_named(rows) + when + polite + day_text(allowed)


@rule("FU009")
def too_many_follow_ups(ctx: RuleContext) -> pd.DataFrame:
    """A follow-up numbered above ``max_follow_ups`` since the round start or last reply."""
    follow_ups = _follow_ups(ctx)
    rows = follow_ups[_too_many(follow_ups, ctx.config)]
    message = per_distinct(rows, TOO_MANY_KEYS, lambda keys: _too_many_message(keys, ctx.config))
    return findings(rows, message)


def _too_many_message(rows: pd.DataFrame, config: Config) -> pd.Series:
    """FU009's message for each of the follow-ups ``rows``."""
    limit = config.max_follow_ups
    since = rows["anchor_is_response"].map({True: "the employer's reply", False: "the round began"})
    notes = limit - 1  # every follow-up after the first is a final note
    allowed = "1 follow-up" + (
        ", no final note" if notes == 0 else f" and {notes} final note{'s' if notes > 1 else ''}"
    )
    return (
        follow_up_named(rows)
        + " is number "
        + whole_text(rows["number"])
        + " since "
        + since.astype("string")
        + "; at most "
        + str(limit)
        + f" ({allowed}) before they answer"
    )


def _logged_endings(ctx: RuleContext) -> pd.Series:
    """Each ended round's ending as the log wrote it (:data:`EVENT_WORDS`), by ``round_key``.

    The rounds read an answer to an offer that stands for the offer
    (``tables.implied_offers``) as ``offer``; the log logged ``accepted`` or
    ``declined``, and a message names what was logged: "the offer declined".
    """
    ev = ctx.ev
    endings = ev[is_in(ev["event"], ROUND_ENDINGS)].drop_duplicates("round_key")
    events = ctx.events
    at = events.index.get_indexer(pd.Index(endings["row"].to_numpy()))
    logged = events["event"].to_numpy()[at]
    words = pd.Series(logged, dtype="string").map(EVENT_WORDS).astype("string")
    return pd.Series(words.to_numpy(), index=pd.Index(endings["round_key"].to_numpy()))


@rule("FU010")
def update_without_reason(ctx: RuleContext) -> pd.DataFrame:
    """An ``update`` with no reason; it then counts as a follow-up, unless it came after
    its round's decision or withdrawal (in no round, it counts as nothing: the message
    says so and names that ending)."""
    ev = ctx.ev
    rows = ev[(ev["event"].eq("update") & ev["reason"].isna()).to_numpy()]
    final = pd.Series(rows["number"] >= 2, index=rows.index).fillna(False).to_numpy(dtype=bool)
    counts = pd.Series("a follow-up", index=rows.index, dtype="string").mask(
        final, "a follow-up (here a final note)"
    )
    said = (
        "update on " + day_text(rows["day"]) + " gives no reason (other_offer, portfolio or other)"
    )
    message = said + ", so it counts as " + counts
    late = ~rows["counted"].to_numpy(dtype=bool)
    if late.any():  # after the round's ending: not numbered, so not counted as anything
        keys = rows.loc[late, "round_key"].to_numpy()
        ended = ctx.rounds_of(keys)
        ending = pd.Series(_logged_endings(ctx).reindex(keys).to_numpy(), index=rows.index[late])
        day = pd.Series(ended["decision_day"].to_numpy(), index=rows.index[late])
        message = message.mask(
            pd.Series(late, index=rows.index),
            said[late]
            + "; sent after the "
            + ending.astype("string")
            + " on "
            + day_text(day)
            + ", it is not counted as a follow-up",
        )
    return findings(rows, message)
