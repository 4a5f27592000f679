"""Plain-language headline sentences built from the rates and times tables.

Every number in a sentence is read from a table row, so the prose can never
disagree with the tables it summarises. :func:`median_days_text` words a
median wait and its interval once for every table that shows one (the
report's and ``followup-stats stats``' text).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any, cast

import pandas as pd

from followup_stats.percent import percent_text
from followup_stats.plural import counted, counted_phrase, plural
from followup_stats.stats.applications import ALL_GROUP

#: Below this many judged applications a sentence says the sample is small.
SMALL_SAMPLE = 10

#: Whom the rates judged by age count: never "applications" alone, which reads as every
#: application (the report's headline and funnel count those, the newest too).
_OLD_ENOUGH = "applications old enough to judge"

# metric -> (what n counts, what k did, what is pending)
_RATE_WORDS: Mapping[str, tuple[str, str, str]] = {
    "response": (_OLD_ENOUGH, "got an answer", "too recent to judge"),
    "interview": (_OLD_ENOUGH, "led to an interview", "too recent to judge"),
    "offer": ("closed or long-silent applications", "ended in an offer", "still open"),
    "offer_after_interview": (
        "closed or long-silent applications with an interview",
        "ended in an offer",
        "still open",
    ),
    "rejection": ("closed or long-silent applications", "ended in a rejection", "still open"),
    "never_answered": (_OLD_ENOUGH, "never got an answer", "too recent to judge"),
    "ghosted_after_interview": (
        "interviewed applications",
        "went silent after an interview",
        "still waiting",
    ),
}

# measure -> (subject, which of them, what happened, what happens, since when)
_TIME_WORDS: Mapping[str, tuple[str, str, str, str, str]] = {
    # subject, which of them are timed, what happened (past), what happens (present, for
    # estimates), counted from. An application the employer began (a recruiter wrote first)
    # got an answer with no wait to time: the first-answer wait counts the others only.
    "to_first_response": (
        "applications",
        " where the candidate wrote first",
        "got a first answer",
        "get one",
        "",
    ),
    "interview_to_decision": (
        "interviewed applications",
        "",
        "had a decision",
        "have one",
        " of the first interview",
    ),
    "follow_up_to_reply": ("follow-ups", "", "got a reply", "get one", ""),
}
#: A median wait of 0 days in words ("within 0 days" reads as a slip).
_SAME_DAY: Mapping[str, str] = {
    "to_first_response": "on the day of sending",
    "interview_to_decision": "on the day of the first interview",
    "follow_up_to_reply": "on the day of sending",
}


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def median_days_text(median: object, low: object, high: object, waits: object = None) -> str:
    """A median wait with its 95% interval, as the report's and ``stats``' tables show it.

    ``"9 d (4-21 d)"``; ``"9 d (4 d or more)"`` when the upper limit is not
    reached (NA); ``"9 d"`` when the lower one is missing; ``"not reached"``
    when the median is (the share still waiting has not come down to one
    half); ``""`` when there are no ``waits`` to time at all.
    """
    if not _missing(waits) and int(cast(Any, waits)) == 0:
        return ""
    if _missing(median):
        return "not reached"
    days = f"{float(cast(Any, median)):g} d"
    if _missing(low):
        return days
    start = f"{float(cast(Any, low)):g}"
    if _missing(high):
        return f"{days} ({start} d or more)"
    return f"{days} ({start}-{float(cast(Any, high)):g} d)"


def _percent(value: float) -> str:
    return percent_text(value)


def days_text(value: float) -> str:
    """``1`` -> ``"1 day"``, ``2.5`` -> ``"2.5 days"``."""
    return f"{value:g} {plural(value, 'day')}"


def _prefix(group: str) -> str:
    return "" if group == ALL_GROUP else f"{group}: "


#: Metrics judged only on applications old enough (``ghost_after_days``); the rest of
#: the population is too recent (:mod:`followup_stats.stats.rates`).
_BY_AGE = frozenset({"response", "interview", "never_answered"})


def rate_sentence(
    row: Mapping[Hashable, Any],
    old_enough_days: int | None = None,
    applications: int | None = None,
) -> str:
    """One sentence for a row of :func:`~followup_stats.stats.outcome_rates`.

    ``old_enough_days`` (the configuration's ``ghost_after_days``) is the age
    an application needs before the answer and interview rates count it: a
    sentence with nothing old enough to judge says so, and one with some
    applications too recent says how old they are. ``applications``: how many
    the whole log has (the row's group being ``all``); those an age-judged rate
    leaves out, withdrawn early before its outcome, are then counted too, so
    that the sentence adds up to the whole.
    """
    metric = str(row["metric"])
    population, outcome, waiting = _RATE_WORDS.get(
        metric, ("applications", f"counted as {metric}", "pending")
    )
    k, n, pending = int(row["k"]), int(row["n"]), int(row["pending"])
    verb = "is" if pending == 1 else "are"
    if n == 0 and metric in _BY_AGE:
        window = (
            f" (rates count applications at least {counted(old_enough_days, 'day')} old)"
            if old_enough_days is not None
            else ""
        )
        tail = f"; {pending} {verb} too recent" if pending else ""
        return (
            f"{_prefix(str(row['group']))}No application is old enough to judge yet{window}{tail}."
        )
    if n == 0:
        tail = f"; {pending} {verb} {waiting}" if pending else ""
        return f"{_prefix(str(row['group']))}No {population} to judge yet{tail}."
    young = (
        f" (under {counted(old_enough_days, 'day')} old)"
        if metric in _BY_AGE and old_enough_days is not None
        else ""
    )
    tail = f"; {pending} more {verb} {waiting}{young}" if pending else ""
    left_out = (applications or 0) - n - pending
    if metric in _BY_AGE and str(row["group"]) == ALL_GROUP and left_out > 0:
        within = f" within {counted(old_enough_days, 'day')}" if old_enough_days else " early"
        tail += (
            f"; {left_out} withdrawn{within}, before the employer had the time to "
            f"answer, {'is' if left_out == 1 else 'are'} not judged"
        )
    rate, low, high = (float(row[c]) for c in ("rate", "ci_low", "ci_high"))
    interval = f"95% CI {_percent(low)} to {_percent(high)}"
    small = ", a small sample" if n < SMALL_SAMPLE else ""
    return (
        f"{_prefix(str(row['group']))}{k} of {n} {counted_phrase(population, n)} "
        f"({_percent(rate)}, {interval}{small}) {outcome}{tail}."
    )


def time_sentence(row: Mapping[Hashable, Any]) -> str:
    """One sentence for a row of :func:`~followup_stats.stats.response_times`."""
    subject, which, happened, happens, since = _TIME_WORDS.get(
        str(row["measure"]), ("waits", "", f"ended ({row['measure']})", "end", "")
    )
    n, events = int(row["n"]), int(row["events"])
    prefix = _prefix(str(row["group"]))
    if n == 0:
        return f"{prefix}No {subject} to time yet."
    median, low, high = (row[c] for c in ("median_days", "median_ci_low", "median_ci_high"))
    so_far = f"{prefix}{events} of {n} {counted_phrase(subject, n)}{which} {happened} so far"
    if _missing(median):
        sentence = (
            f"{so_far}; the median wait is not reached (the estimated share still waiting has "
            "not come down to one half)"
        )
    else:
        if _missing(low):
            interval = ""
        elif _missing(high):
            interval = f" (95% CI {days_text(float(low))} or more)"
        else:
            interval = f" (95% CI {float(low):g}-{days_text(float(high))})"
        within = f"within {days_text(float(median))}{since}{interval}"
        if float(median) == 0:
            within = f"{_SAME_DAY.get(str(row['measure']), 'on the same day')}{interval}"
        if events < n:  # some still wait: the median and the share are estimates, not counts
            sentence = (
                f"{so_far}; allowing for the {n - events} without one yet (a Kaplan-Meier "
                f"estimate), half {happens} {within}"
            )
        elif n == 1:
            sentence = f"{prefix}The one {counted_phrase(subject, 1)}{which} {happened} {within}"
        else:
            sentence = f"{prefix}Half of the {n} {subject}{which} {happened} {within}"
    still: Any = row.get("survival_30d")
    if not _missing(still):
        share = _percent(float(still))
        sentence += (
            f"; an estimated {share} wait more than 30 days"
            if events < n
            else f"; after 30 days {share} were still waiting"
        )
    return sentence + "."


def summary_sentences(
    rates: pd.DataFrame,
    times: pd.DataFrame | None = None,
    old_enough_days: int | None = None,
    applications: int | None = None,
) -> list[str]:
    """Headline sentences, one per row of the rates table, then one per row of the times table.

    ``old_enough_days``: the configuration's ``ghost_after_days``, named where
    no application is old enough to judge (:func:`rate_sentence`).
    ``applications``: how many the log has, for the applications a rate leaves
    out (:func:`rate_sentence`).

    Filter the tables first to choose the headlines, e.g.
    ``rates[rates["metric"].isin(["response", "offer"])]``.

    Examples
    --------
    ``"12 of 58 applications old enough to judge (21%, 95% CI 12% to 33%) got an
    answer; 9 more are too recent to judge (under 30 days old)."``
    """
    sentences = [
        rate_sentence(row, old_enough_days, applications) for row in rates.to_dict("records")
    ]
    if times is not None:
        sentences += [time_sentence(row) for row in times.to_dict("records")]
    return sentences


def no_answer_note(
    funnel: pd.DataFrame, judged: pd.DataFrame | None = None, *, given: bool
) -> str | None:
    """A warning when applications are logged but no employer answer at all, else ``None``.

    An export of applications only (LinkedIn's, a tracker without reply
    columns) reads as a search nobody answered: every rate and wait would
    look like a result. ``funnel``: :func:`~followup_stats.stats.funnel`,
    any grouping (the steps are added up over the groups). ``judged``:
    :func:`~followup_stats.load.judged_share`, whose ``later_answers`` are the
    answers dated after the as-of date: then those are said to be there, not
    missing. ``given``: whether the date is named as "the as-of date" (a
    report, which always shows one, or ``--as-of`` given) or as "today" (a
    line on the screen of a run without ``--as-of``).
    """
    if not len(funnel):
        return None
    counts = (
        pd.to_numeric(funnel["count"], errors="coerce")
        .groupby(funnel["step"].astype("string"))
        .sum()
    )
    if counts.get("applied", 0) == 0 or counts.get("answered", 0) > 0:
        return None
    later = 0 if judged is None or not len(judged) else int(judged["later_answers"].sum())
    if later:
        from followup_stats.load import as_of_words

        when = as_of_words(pd.Timestamp(judged["as_of"].max()), given)  # type: ignore[index]
        what = (
            "1 row of an answer (an interview, a response, an offer or a rejection) is "
            "logged with a later date, so the answer rates and waits do not count it"
            if later == 1
            else f"{later} rows of answers (interviews, responses, offers, rejections) are "
            "logged with later dates, so the answer rates and waits count none of them"
        )
        return f"no answer from any employer is dated on or before {when}: {what}"
    return (
        "no answer from any employer is logged; if replies were not written down (an export "
        "of applications only, such as LinkedIn's), the answer rates and waits say nothing "
        "yet: add the replies to the log"
    )


#: How :func:`assumed_waits_note` names each measure of the waits left out.
_LEFT_OUT_WORDS: Mapping[str, str] = {
    "to_first_response": "to_first_response",
    "interview_to_decision": "interview_to_decision",
    "follow_up_to_reply": "follow_up_to_reply",
    "to_ending": "time to an ending",
}


def assumed_waits_note(waits: pd.DataFrame | None, most: int = 6) -> str | None:
    """Which waits the statistics left out for a date only assumed, else ``None``.

    ``waits``: :func:`~followup_stats.stats.times.assumed_waits` (any grouping);
    the note names how many of each measure, and the first ``most`` lines
    whose notes say so.
    """
    from followup_stats.vocab import ASSUMED_DATE_NOTE

    if waits is None or not len(waits):
        return None
    n = len(waits)
    counts = waits["measure"].astype("string").value_counts(sort=False)
    measures = ", ".join(
        f"{_LEFT_OUT_WORDS.get(str(m), str(m))}: {int(counts[m])}"
        for m in _LEFT_OUT_WORDS
        if m in counts.index
    )
    rows = waits[["file", "line"]].drop_duplicates().sort_values(["file", "line"])
    shown = [f"{f}:{int(line)}" for f, line in rows.head(most).itertuples(index=False)]
    more = ", ..." if len(rows) > most else ""
    return (
        f"{counted(n, 'wait')} left out of the waiting times and the time to each ending "
        f"({measures}): {plural(n, 'it', 'each')} would start or end on a date the log only "
        f"assumes (notes beginning '{ASSUMED_DATE_NOTE}': {', '.join(shown)}{more}), so "
        f"{plural(n, 'its length is', 'their lengths are')} not known; those events still "
        "count in the rates and the funnel"
    )
