"""Small helpers that put dates and day counts into plain-English messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Whom a message speaks to: the job seeker (``candidate``, "you") or their coach, who
#: reads it about a client (``coach``, in the third person).
Voice = Literal["candidate", "coach"]
VOICES: tuple[Voice, ...] = ("candidate", "coach")


def checked_voice(voice: str) -> Voice:
    """``voice`` when it is one of :data:`VOICES`.

    Raises
    ------
    UnknownChoice
        When it is not.
    """
    from followup_stats.errors import UnknownChoice

    if voice not in VOICES:
        raise UnknownChoice(f"unknown voice {voice!r}; choose from {', '.join(VOICES)}")
    return "candidate" if voice == "candidate" else "coach"


def voiced(voice: Voice, candidate: str, coach: str) -> str:
    """``candidate`` (the wording that says "you") or ``coach`` (the third person's)."""
    return candidate if checked_voice(voice) == "candidate" else coach


def day_text(days: pd.Series) -> pd.Series:
    """``2026-10-05`` -> ``"5 Oct 2026"`` for a whole column (missing days stay missing).

    Each distinct day is formatted once: a log has far fewer days than rows.
    """
    codes, uniques = pd.factorize(days)
    words = pd.Series(uniques).dt.strftime("%d %b %Y").str.lstrip("0").astype("string")
    return pd.Series(
        words.array.take(codes, allow_fill=True), index=days.index, name=days.name
    ).astype("string")


def _what(rows: pd.DataFrame) -> pd.Series:
    """ "follow-up", or "final note" (n >= 2): what each numbered row counts as."""
    what = pd.Series("follow-up", index=rows.index, dtype="string")
    return what.mask((rows["number"] >= 2).to_numpy(), "final note")


def follow_up_named(rows: pd.DataFrame) -> pd.Series:
    """``final note on 9 Oct 2026``; an update without a reason keeps its name and says
    what it counts as (``update on 9 Oct 2026 (no reason given, so it counts as a final
    note)``), so every rule calls one row the same."""
    what = _what(rows)
    day = day_text(rows["day"])
    update = "update on " + day + " (no reason given, so it counts as a " + what + ")"
    return (what + " on " + day).mask(rows["event"].eq("update").to_numpy(), update)


def count_text(counts: pd.Series, unit: str = "day") -> pd.Series:
    """``1`` -> ``"1 day"``, ``3`` -> ``"3 days"`` for a whole column."""
    numbers = pd.Series(counts).astype("int64")
    words = numbers.astype("string") + " " + unit
    return words.where(numbers.eq(1), words + "s")


def whole_text(numbers: pd.Series) -> pd.Series:
    """``3.0`` -> ``"3"`` for a whole column: counts read as integers, never floats.

    A count column holding missing values comes out of pandas as floats; the
    text of a missing value stays missing.
    """
    whole = pd.to_numeric(pd.Series(numbers), errors="coerce").round().astype("Int64")
    return whole.astype("string")


def days_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Whole calendar days from ``earlier`` to ``later``."""
    return (later - earlier).dt.days.astype("int64")


def anchor_text(rows: pd.DataFrame) -> pd.Series:
    """What the wait was counted from: the employer's reply, the interview or the first contact."""
    what = pd.Series("the interview", index=rows.index, dtype="string")
    what = what.mask(rows["round"].eq(0), "the application opened")
    what = what.mask(rows["anchor_is_response"].astype(bool), "the employer's reply")
    return what + " on " + day_text(rows["anchor_day"])


def same_day_anchor_text(rows: pd.DataFrame) -> pd.Series:
    """:func:`anchor_text` for something on the anchor's own day: no "0 days after"."""
    what = pd.Series("the day of the interview", index=rows.index, dtype="string")
    what = what.mask(rows["round"].eq(0), "the day the application opened")
    return what.mask(rows["anchor_is_response"].astype(bool), "the day of the employer's reply")


def wait_text(rows: pd.DataFrame, voice: Voice = "candidate") -> pd.Series:
    """Why the wait was that long: their timetable, the approved timeframe or the default.

    The default wait applies when no reply gave a timetable and, after an
    interview, no contact timeframe was agreed there: an interview's own
    ``timeline_days`` sets the final note's timetable, not this wait. ``voice``
    says whom the text speaks to (:data:`VOICES`).
    """
    waits = pd.Series(rows["wait_days"]).astype("int64")
    none = waits.eq(0).to_numpy()
    days = count_text(waits)
    reply = pd.Series("a reply", index=rows.index, dtype="string").mask(
        rows["anchor_is_response"].astype(bool).to_numpy(), "their reply"
    )
    unset = ("with no contact timeframe agreed at the interview and none given in " + reply).mask(
        rows["round"].eq(0).to_numpy(), "with no timeframe given in " + reply
    )
    text = (unset + ", the usual wait is " + days).mask(none, unset + ", no wait is needed")
    approved = ("the approved timeframe was " + days).mask(
        none,
        "the approved timeframe "
        + voiced(voice, "let you get in touch", "allowed getting in touch")
        + " the same day",
    )
    text = text.mask(rows["wait_source"].eq("approved").to_numpy(), approved)
    timetable = ("their timetable was " + days).mask(
        none, "their timetable ended on the day of their reply"
    )
    return text.mask(rows["wait_source"].eq("timetable").to_numpy(), timetable)


def span_text(first: pd.Series, last: pd.Series) -> pd.Series:
    """Two days as a span: ``3 to 10 Sep 2026``, ``28 Aug to 4 Sep 2026``, or one day alone."""
    start = day_text(first)
    end = day_text(last)
    same_year = (first.dt.year == last.dt.year).to_numpy()
    same_month = same_year & (first.dt.month == last.dt.month).to_numpy()
    start = start.mask(same_year, start.str.rsplit(" ", n=1).str[0])
    start = start.mask(same_month, start.str.split(" ").str[0])
    return (start + " to " + end).mask((first == last).to_numpy(), end)


def joined(first: pd.Series, *rest: pd.Series | str) -> pd.Series:
    """``first + rest[0] + rest[1] + ...`` of ``string`` columns and strings, in one pass
    by Arrow instead of a new column per ``+``; as with ``+``, a row is missing where any
    of its parts is. On ``first``'s index."""

    def arrow(part: pd.Series | str) -> pa.Array | pa.Scalar:
        if isinstance(part, str):
            return pa.scalar(part, pa.large_string())
        values = pa.array(part.astype("string").array)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        return values.cast(pa.large_string())

    pieces = [arrow(part) for part in (first, *rest)]
    text = pc.binary_join_element_wise(*pieces, pa.scalar("", pa.large_string()))
    return pd.Series(pd.array(text, dtype="string"), index=first.index)


def distinct_codes(columns: Sequence[pd.Series]) -> np.ndarray:
    """A number per distinct combination of the values of ``columns`` (missing values too).

    Numbered in order of first appearance, from each column's
    :func:`pandas.factorize` codes combined pairwise.
    """
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        own, uniques = pd.factorize(column)
        codes = pd.factorize(codes * (len(uniques) + 1) + own + 1)[0]
    return codes


def per_distinct(
    rows: pd.DataFrame, keys: Sequence[str], build: Callable[[pd.DataFrame], pd.Series]
) -> pd.Series:
    """``build(rows)`` worked out once per distinct combination of ``keys``, taken by code.

    ``build`` must read no column but ``keys`` and work row by row (as the
    message builders here do): many rows share few combinations of dates,
    counts and names, so the text is built for a few rows instead of all.
    """
    if rows.empty:
        return build(rows)
    codes = distinct_codes([rows[key] for key in keys])
    # Numbered in order of first appearance: a code is new where it exceeds all before it
    # (the rows np.unique(codes, return_index=True) finds, without sorting the codes).
    seen = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.append(True, seen[1:] > seen[:-1]))
    text = build(rows.iloc[first])
    return pd.Series(text.array.take(codes), index=rows.index, name=text.name)
