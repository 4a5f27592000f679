"""Waiting times, right-censored at the as-of date: Kaplan-Meier curves, medians, log-rank.

A wait that has not ended by the as-of date is *censored* -- kept, with the
days waited so far -- never dropped and never counted as an answer, so
recent applications neither vanish nor shorten the estimates. The estimators
are the libraries': :class:`statsmodels.duration.survfunc.SurvfuncRight` for
the median and its interval, :func:`scipy.stats.ecdf` for the curve and its
pointwise interval, :func:`scipy.stats.logrank` and
:func:`statsmodels.duration.survfunc.survdiff` for the tests, and
:class:`statsmodels.duration.survfunc.CumIncidenceRight` (Aalen-Johansen) for
competing outcomes.

The measures (:data:`MEASURES`), one row per subject in :func:`waiting_times`:

``to_first_response``
    Application opened -> first answer (employer event or interview; see
    :mod:`followup_stats.stats.applications`). Censored at the withdrawal or
    the as-of date. Applications the log opens with an answer (a recruiter
    wrote first) have no wait to measure and are left out.
``interview_to_decision``
    First interview -> first ``offer``/``rejection`` after it. Censored at a
    withdrawal or the as-of date (a ghosted application stays censored).
``follow_up_to_reply``
    Each numbered follow-up (``follow_up``, or ``update`` without a reason)
    sent before the application ended -> the next answer. Censored at the
    next follow-up, so one reply is not credited to several, or at a
    withdrawal or the as-of date.

A wait that would start or end on an event whose date is only assumed (its
``notes`` begin ``date assumed``, as an importer writes where a tracker's
export has no date for the event) is left out of every measure, and so is
such an application's time to its first ending: :func:`assumed_waits` lists
them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight, survdiff

from followup_stats.errors import UnknownChoice
from followup_stats.load import LoadedLog
from followup_stats.stats.applications import (
    ALL_GROUP,
    ANSWER_EVENTS,
    DECISIONS,
    ENDINGS,
    ConfigInput,
    LogInput,
    assumed_dates,
    first_days,
    first_position,
    first_rows,
    group_labels,
    group_order,
    is_one_of,
    loaded_applications,
    loaded_group_codes,
    next_events,
    opening_rows,
    positions_of,
)
from followup_stats.stats.patience import MIN_ARM_SIZE

MEASURES = ("to_first_response", "interview_to_decision", "follow_up_to_reply")
#: Days at which :func:`response_times` reports the share still waiting.
SURVIVAL_DAYS = (7, 14, 30)

#: Columns of :func:`waiting_times`.
WAIT_COLUMNS = (
    "candidate",
    "application_id",
    "measure",
    "file",
    "line",
    "start_day",
    "end_day",
    "days",
    "event",
)
#: Columns of :func:`response_times` (DESIGN.md section 5, ``times``).
TIME_COLUMNS = (
    "group",
    "measure",
    "n",
    "events",
    "median_days",
    "median_ci_low",
    "median_ci_high",
    "survival_7d",
    "survival_14d",
    "survival_30d",
)
#: Columns of :func:`survival_curves`.
CURVE_COLUMNS = (
    "group",
    "measure",
    "day",
    "survival",
    "ci_low",
    "ci_high",
    "at_risk",
    "events",
    "censored",
)
#: Columns of :func:`compare_times`.
COMPARE_COLUMNS = (
    "measure",
    "group_a",
    "group_b",
    "groups",
    "test",
    "statistic",
    "df",
    "p_value",
)
#: Columns of :func:`times_compared` (the ``times_compared`` table of ``followup-stats stats``);
#: ``groups`` holds a tuple of group names per row (:func:`times_compared_from_waits`).
TIMES_COMPARED_COLUMNS = (
    "measure",
    "groups",
    "test",
    "statistic",
    "df",
    "p_value",
    "note",
)
#: Most groups :func:`times_compared_from_waits` tests at once.
MAX_COMPARED_GROUPS = 200
#: Competing outcomes of :func:`cumulative_incidence`, coded 1, 2, 3 for statsmodels.
OUTCOMES = ENDINGS
#: Columns of :func:`cumulative_incidence`.
INCIDENCE_COLUMNS = (
    "group",
    "outcome",
    "day",
    "incidence",
    "ci_low",
    "ci_high",
    "at_risk",
    "events",
)
#: Days at which :func:`incidence` reads the cumulative incidence of each ending.
INCIDENCE_DAYS = (30, 60, 90)
#: Columns of :func:`incidence` (the ``incidence`` table of ``followup-stats stats``).
INCIDENCE_SUMMARY_COLUMNS = (
    "group",
    "outcome",
    "n",
    "events",
    "incidence_30d",
    "incidence_60d",
    "incidence_90d",
)
#: Columns of :func:`grouped_endings`: what :func:`incidence_from_endings` pools.
ENDING_COLUMNS = ("group", "days", "cause")

_Z95 = float(sps.norm.ppf(0.975))


# -- the waits ------------------------------------------------------------------------------


def waiting_times(
    log: LogInput, config: ConfigInput = None, as_of: str | dt.date | None = None
) -> pd.DataFrame:
    """Every wait of every measure, one row per subject (module docstring).

    Returns
    -------
    DataFrame
        Columns :data:`WAIT_COLUMNS`: ``candidate``, ``application_id``,
        ``measure``, ``file`` and ``line`` of the row the wait starts at,
        ``start_day``, ``end_day`` (the answer, or where the wait was
        censored), ``days`` between them and ``event`` (True: the wait ended
        with an answer; False: censored).
    """
    loaded, ev, applications = loaded_applications(log, config, as_of)
    waits = _waits(ev, applications, loaded.as_of, _parts_of(loaded, ev, applications))
    return waits[list(WAIT_COLUMNS)].reset_index(drop=True).astype({"file": "string"})


#: Columns of :func:`assumed_waits`.
ASSUMED_WAIT_COLUMNS = ("candidate", "application_id", "measure", "file", "line", "event")
#: The :func:`assumed_waits` measure of the time from opening to the first ending.
TO_ENDING = "to_ending"


def assumed_waits(
    log: LogInput, config: ConfigInput = None, as_of: str | dt.date | None = None
) -> pd.DataFrame:
    """The waits left out because they would start or end on a date that is only assumed.

    An event whose ``notes`` begin with ``date assumed``
    (:data:`~followup_stats.vocab.ASSUMED_DATE_NOTE`; an importer writes it
    where a tracker's export has no date for the event) still counts in the
    rates and the funnel, but the day it is dated on is not the day it
    happened: a wait measured to it (an interview "the same day" as the
    application) would be made up. Such waits are in none of
    :func:`waiting_times`, :func:`response_times`, :func:`survival_curves`,
    :func:`compare_times` nor, for an application whose first ending (or
    opening) is so dated, :func:`cumulative_incidence` and :func:`incidence`.

    Returns
    -------
    DataFrame
        Columns :data:`ASSUMED_WAIT_COLUMNS`, one row per wait left out:
        ``measure`` (one of :data:`MEASURES`, or ``to_ending`` for the time to
        an ending), and the ``file``, ``line`` and ``event`` of the row with
        the assumed date.
    """
    loaded, ev, applications = loaded_applications(log, config, as_of)
    parts = _parts_of(loaded, ev, applications)
    unknown, culprit = _assumed_endings(loaded, ev, applications)
    rows = np.concatenate([*(p.left_out for p in parts), culprit[unknown]]).astype("int64")
    logged = loaded.events["event"]
    sizes = [*(len(p.left_out) for p in parts), int(unknown.sum())]
    names = [*(p.measure for p in parts), TO_ENDING]
    table = pd.DataFrame(
        {
            "candidate": ev["candidate"].iloc[rows].astype("string").to_numpy(),
            "application_id": ev["application_id"].iloc[rows].astype("string").to_numpy(),
            "measure": pd.array(np.repeat(np.array(names, dtype=object), sizes), dtype="string"),
            "file": ev["file"].iloc[rows].astype("string").to_numpy(),
            "line": ev["line"].to_numpy(dtype="int64")[rows],
            # The log's word: ``ev`` reads an answer standing for an offer as the offer.
            "event": logged.iloc[positions_of(loaded.events, ev["row"].to_numpy()[rows])]
            .astype("string")
            .to_numpy(),
        }
    )
    return table.astype({c: "string" for c in ASSUMED_WAIT_COLUMNS if c != "line"})


@dataclasses.dataclass(frozen=True)
class _Part:
    """The waits of one measure: per wait its application, the event position it
    starts at, its start day, the answer (NaT: none) and where it is censored
    (NaT: at the as-of date)."""

    measure: str
    apps: np.ndarray
    positions: np.ndarray
    start: np.ndarray
    answer: np.ndarray
    censor: np.ndarray
    #: Event positions of the assumed dates the waits left out would start or end on.
    left_out: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, dtype="int64"))

    def without(self, unknown: np.ndarray, culprit: np.ndarray) -> _Part:
        """The waits not in ``unknown``, the others' ``culprit`` rows kept in ``left_out``."""
        keep = ~unknown
        return _Part(
            self.measure,
            self.apps[keep],
            self.positions[keep],
            self.start[keep],
            self.answer[keep],
            self.censor[keep],
            culprit[unknown].astype("int64"),
        )

    def ends(self, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``end_day``, ``days`` and ``event`` of each wait."""
        event = ~np.isnat(self.answer)
        censor = np.where(np.isnat(self.censor), as_of.to_datetime64(), self.censor)
        end_day = np.where(event, self.answer, censor).astype("datetime64[ns]")
        days = (end_day - self.start) / np.timedelta64(1, "D")
        return end_day, days.astype("float64"), event


def _wait_parts(
    ev: pd.DataFrame,
    applications: pd.DataFrame,
    following: dict[str, np.ndarray],
    opening: tuple[np.ndarray, np.ndarray],
    assumed: np.ndarray | None = None,
) -> list[_Part]:
    """The waits of each of :data:`MEASURES`, as arrays (module docstring).

    ``following`` is :func:`~followup_stats.stats.applications.next_events` of the log,
    ``opening`` its :func:`~followup_stats.stats.applications.opening_rows`;
    ``assumed`` (:func:`~followup_stats.stats.applications.assumed_dates`) says which
    events are dated only by assumption: a wait that would start or end on one of
    those is left out (its :attr:`_Part.left_out`), not measured.
    """
    if assumed is None:
        assumed = np.zeros(len(ev), dtype=bool)
    event = ev["event"]  # categorical: isin and eq compare codes
    days = ev["day"].to_numpy(dtype="datetime64[ns]")
    app = ev["app"].to_numpy()
    position = np.arange(len(ev))
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    is_withdrew = event.eq("withdrew").to_numpy(dtype=bool)

    def day_of(values: pd.Series) -> np.ndarray:
        return values.to_numpy(dtype="datetime64[ns]")

    # Application opened -> first answer.
    apps = applications
    measured = ~apps["first_event"].isin(ANSWER_EVENTS).to_numpy(dtype=bool)
    answered = apps["answered_day"].notna() & ~(apps["answered_day"] > apps["withdrew_day"])
    opened, first_row = opening
    keys = apps.index.to_numpy()[measured]
    opening_row = first_row[_rows_of_apps(pd.Index(opened), keys)]
    response = _Part(
        "to_first_response",
        keys,
        opening_row,
        day_of(apps["opened_day"])[measured],
        day_of(apps["answered_day"].where(answered))[measured],
        day_of(apps["withdrew_day"])[measured],
    )
    # Ends at the first answer, or is censored at the first withdrawal.
    ends_at = np.where(
        answered.to_numpy(dtype=bool)[measured],
        _row_of(is_one_of(event, ANSWER_EVENTS), app, keys),
        _row_of(is_withdrew, app, keys),
    )
    response = _left_out(response, assumed, opening_row, ends_at)

    # First interview -> first decision after it (applications in order of that interview).
    after = position > first_position(is_interview, app)
    decided = is_one_of(event, DECISIONS)
    interviewed, interview_row = first_rows(is_interview, app)
    order = np.argsort(interview_row, kind="stable")
    interviewed, interview_row = interviewed[order], interview_row[order]
    decision_day = _first_day(days, decided & after, app, interviewed)
    withdrew_day = _first_day(days, is_withdrew & after, app, interviewed)
    on_time = ~np.isnat(decision_day) & ~(decision_day > withdrew_day)
    decision = _Part(
        "interview_to_decision",
        interviewed,
        interview_row,
        days[interview_row],
        np.where(on_time, decision_day, np.datetime64("NaT", "ns")),
        withdrew_day,
    )
    ends_at = np.where(
        on_time,
        _row_of(decided & after, app, interviewed),
        _row_of(is_withdrew & after, app, interviewed),
    )
    decision = _left_out(decision, assumed, interview_row, ends_at)

    # Each follow-up -> the next answer, censored at the next follow-up or a withdrawal.
    sent = np.flatnonzero(following["sent"])
    next_answer = following["answer"]
    stop = np.fmin(following["follow_up"], following["withdrawal"])
    replied = ~np.isnan(next_answer) & ~(next_answer > stop)
    answer_day = days[np.nan_to_num(next_answer, nan=0).astype("int64")]
    censor_day = days[np.nan_to_num(stop, nan=0).astype("int64")]
    reply = _Part(
        "follow_up_to_reply",
        app[sent],
        sent,
        days[sent],
        np.where(replied, answer_day, np.datetime64("NaT", "ns")),
        np.where(~np.isnan(stop), censor_day, np.datetime64("NaT", "ns")),
    )
    ends_at = np.nan_to_num(np.where(replied, next_answer, stop), nan=-1).astype("int64")
    reply = _left_out(reply, assumed, sent, ends_at)
    return [response, decision, reply]


def _row_of(mask: np.ndarray, app: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of the first row in ``mask`` of each application of ``keys``; -1 for none."""
    found, at = first_rows(mask, app)
    return _at_keys(found, at, keys, -1)


def _at_keys(found: np.ndarray, values: np.ndarray, keys: np.ndarray, missing: Any) -> np.ndarray:
    """``values`` of the applications ``found`` (ascending) read for ``keys``; ``missing``
    for a key not found.

    Applications are numbered 0, 1, ... so, when the numbers span few more
    than there are keys, a table indexed by number replaces a binary search.
    """
    result = np.full(len(keys), missing, dtype=values.dtype)
    if not len(found) or not len(keys):
        return result
    low = min(int(found[0]), int(keys.min()))
    span = max(int(found[-1]), int(keys.max())) - low + 1
    if span <= 2 * (len(found) + len(keys)):
        table = np.full(span, missing, dtype=values.dtype)
        table[found - low] = values
        return table[keys - low]
    slot = np.minimum(np.searchsorted(found, keys), len(found) - 1)
    hit = found[slot] == keys
    result[hit] = values[slot[hit]]
    return result


def _left_out(part: _Part, assumed: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> _Part:
    """``part`` without the waits that start (at event position ``starts``) or end (at
    ``ends``, -1: the as-of date) on an event whose date is only assumed."""
    if not assumed.any():
        return part
    assumed_start = assumed[starts]
    assumed_end = (ends >= 0) & assumed[np.maximum(ends, 0)]
    return part.without(assumed_start | assumed_end, np.where(assumed_start, starts, ends))


def _parts_of(loaded: LoadedLog, ev: pd.DataFrame, applications: pd.DataFrame) -> list[_Part]:
    """:func:`_wait_parts` of a loaded log (its judged events ``ev`` and ``applications``),
    worked out once: the ``times`` table and the log-rank tests of ``followup-stats stats``
    read the same waits."""
    return loaded.memo(
        "stats.wait_parts",
        lambda: _wait_parts(
            ev, applications, next_events(loaded), opening_rows(loaded), assumed_dates(loaded)
        ),
    )


def _first_day(days: np.ndarray, mask: np.ndarray, app: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Earliest day in ``mask`` of each application in ``keys``; NaT for none."""
    found, earliest = first_days(days, mask, app)
    never = np.iinfo("int64").min  # NaT
    return _at_keys(found, earliest.view("int64"), keys, never).view("datetime64[ns]")


def _waits(
    ev: pd.DataFrame, applications: pd.DataFrame, as_of: pd.Timestamp, parts: list[_Part]
) -> pd.DataFrame:
    """:data:`WAIT_COLUMNS` plus ``app`` (the applications table's index), from the
    :func:`_wait_parts` of ``ev`` and ``applications``."""
    frames = []
    for part in parts:
        end_day, days, event = part.ends(as_of)
        frames.append(
            pd.DataFrame(
                {
                    "app": part.apps.astype("int64"),
                    "measure": pd.Series(part.measure, index=range(len(part.apps)), dtype="string"),
                    "file": ev["file"].iloc[part.positions].to_numpy(),
                    "line": ev["line"].to_numpy(dtype="int64")[part.positions],
                    "start_day": part.start.astype("datetime64[ns]"),
                    "end_day": end_day,
                    "days": days,
                    "event": event.astype(bool),
                }
            )
        )
    waits = pd.concat(frames, ignore_index=True)
    identity = applications[["candidate", "application_id"]].reindex(waits["app"].to_numpy())
    waits["candidate"] = identity["candidate"].array
    waits["application_id"] = identity["application_id"].array
    return waits


def _grouped_waits(
    log: LogInput,
    by: str | None,
    config: ConfigInput,
    as_of: str | dt.date | None,
    include_all: bool,
) -> tuple[pd.DataFrame, list[str]]:
    """The waits with a ``group`` column, and the groups in report order."""
    loaded, ev, applications = loaded_applications(log, config, as_of)
    waits = _waits(ev, applications, loaded.as_of, _parts_of(loaded, ev, applications))
    labels = group_labels(applications, by)
    groups = group_order(labels, by)
    waits["group"] = labels.reindex(waits["app"].to_numpy()).to_numpy()
    if by is not None and include_all:
        waits = pd.concat([waits.assign(group=ALL_GROUP), waits], ignore_index=True)
        groups = [ALL_GROUP, *groups]
    return waits, groups


def _subsets(
    waits: pd.DataFrame, groups: Sequence[str], measures: Sequence[str]
) -> Iterator[_Subset]:
    """The waits of every group and measure, in order."""
    index = waits.groupby(["group", "measure"], sort=False).indices
    empty = np.array([], dtype="int64")
    days = waits["days"].to_numpy(dtype="float64")
    events = waits["event"].to_numpy(dtype=bool)
    for group, measure in itertools.product(groups, measures):
        rows = index.get((group, measure), empty)
        yield _Subset(group, measure, days[rows], events[rows])


def _na(value: float) -> float:
    """NaN for infinite or missing values (an interval limit that is not reached)."""
    return value if np.isfinite(value) else np.nan


# -- Kaplan-Meier summaries -----------------------------------------------------------------


#: How far above one half a survival probability may be and still count as one half
#: (a product such as 2/3 * 3/4 may land a rounding error above 0.5).
_HALF_TOLERANCE = 1e-12


def _median(fit: SurvfuncRight) -> float:
    """The first time of ``fit``'s curve at or below one half; NaN when it stays above."""
    reached = np.flatnonzero(fit.surv_prob <= 0.5 + _HALF_TOLERANCE)
    return float(fit.surv_times[reached[0]]) if len(reached) else np.nan


def kaplan_meier_summary(
    days: np.ndarray, events: np.ndarray, survival_function: Any = None
) -> dict[str, float]:
    """Median with its 95% interval and survival at :data:`SURVIVAL_DAYS` for one sample.

    The median is the first time the Kaplan-Meier curve is at or below one
    half (as lifelines has it, and DESIGN.md: "not reached" only while the
    curve stays above one half; statsmodels' ``quantile`` waits for the curve
    to drop strictly below), NaN when it never is; its interval
    inverts cloglog-transformed tests (``SurvfuncRight.quantile_ci``), and an
    upper limit that is not reached is NaN. Survival at ``d`` days is NaN
    when no wait was followed that long, unless the curve already reached 0.
    ``survival_function`` is the sample's ``scipy.stats.ecdf`` survival
    function when already worked out (:attr:`_Subset.survival`).
    """
    result = {"n": float(len(days)), "events": float(events.sum())}
    keys = ["median_days", "median_ci_low", "median_ci_high"]
    keys += [f"survival_{d}d" for d in SURVIVAL_DAYS]
    result.update(dict.fromkeys(keys, np.nan))
    if len(days) == 0:
        return result
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = SurvfuncRight(days, events.astype("float64"))
        low, high = fit.quantile_ci(0.5, alpha=0.05, method="cloglog")
        result["median_days"] = _median(fit)
        result["median_ci_low"] = _na(float(low))
        result["median_ci_high"] = _na(float(high))
        curve = survival_function
        if curve is None:
            curve = _survival_function(days, events)
        at = np.array(SURVIVAL_DAYS, dtype="float64")
        survival = curve.evaluate(at)
    followed = (at <= days.max()) | (survival == 0)
    for d, value, known in zip(SURVIVAL_DAYS, survival, followed, strict=True):
        result[f"survival_{d}d"] = float(value) if known else np.nan
    return result


def response_times(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """Kaplan-Meier summary of each waiting time, overall or by a column.

    Parameters
    ----------
    log
        A path, DataFrame, list of them, or a loaded log.
    by
        A column of :func:`~followup_stats.stats.applications_table`, or ``None``.
    config, as_of
        Settings and as-of date, as for ``applications_table``.
    include_all
        With ``by``, also put the whole log's rows (group ``all``) first.

    Returns
    -------
    DataFrame
        One row per group and measure (:data:`MEASURES`), columns
        :data:`TIME_COLUMNS`: ``n`` waits, ``events`` (waits that ended with
        an answer; the rest are censored), ``median_days`` with its 95%
        interval ``median_ci_low``/``median_ci_high`` (NA: not reached), and
        ``survival_7d``/``_14d``/``_30d``, the estimated share still waiting
        after that many days (NA when nobody was followed that long).
    """
    return _times_table(_waits_by_group(log, by, config, as_of, include_all))


def _waits_by_group(
    log: LogInput,
    by: str | None,
    config: ConfigInput,
    as_of: str | dt.date | None,
    include_all: bool,
) -> Iterable[_Subset]:
    """The waits of every group and measure, in order, with
    the whole log's (``all``) first when ``include_all`` and ``by`` are given."""
    loaded, ev, applications = loaded_applications(log, config, as_of)
    if include_all and by is not None:
        parts = _parts_of(loaded, ev, applications)
        grouping = loaded_group_codes(loaded, by)
        return _coded_subsets(parts, applications, grouping, True, loaded.as_of)
    return _grouped_subsets(loaded, ev, applications, by)


@dataclasses.dataclass(frozen=True)
class _Subset:
    """The waits of one group and measure: their ``days`` and whether each ended in an
    answer (``events``; the rest are censored)."""

    group: str
    measure: str
    days: np.ndarray
    events: np.ndarray

    @functools.cached_property
    def survival(self) -> Any:
        """The Kaplan-Meier survival function of the waits (``scipy.stats.ecdf``'s ``sf``),
        worked out once: the ``times`` and ``curves`` tables read the same curve."""
        return _survival_function(self.days, self.events)


def _survival_function(days: np.ndarray, events: np.ndarray) -> Any:
    """``scipy.stats.ecdf(...).sf`` of right-censored waits (``events``: answered)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return sps.ecdf(sps.CensoredData.right_censored(days, ~events)).sf


def _grouped_subsets(
    loaded: LoadedLog, ev: pd.DataFrame, applications: pd.DataFrame, by: str | None
) -> list[_Subset]:
    """:func:`_coded_subsets` of a loaded log grouped by ``by`` (without ``all``), worked
    out once: the ``times`` table and the log-rank tests read the same grouped waits."""

    def make() -> list[_Subset]:
        parts = _parts_of(loaded, ev, applications)
        grouping = loaded_group_codes(loaded, by) if by is not None else None
        return list(_coded_subsets(parts, applications, grouping, False, loaded.as_of))

    return loaded.memo(f"stats.wait_subsets:{by!r}", make)


def _coded_subsets(
    parts: list[_Part],
    applications: pd.DataFrame,
    grouping: tuple[np.ndarray, list[str]] | None,
    include_all: bool,
    as_of: pd.Timestamp,
) -> Iterator[_Subset]:
    """What :func:`_subsets` gives for :func:`_grouped_waits`, from group and measure codes.

    No table of waits with a text ``group`` is built: each wait's group is
    its application's, looked up by code. ``grouping`` is the
    :func:`~followup_stats.stats.applications.group_codes` of ``applications``
    with ``by``; None without ``by``.
    """
    measure = np.concatenate([np.full(len(p.apps), i) for i, p in enumerate(parts)])
    ends = [p.ends(as_of) for p in parts]
    days = np.concatenate([d for _, d, _ in ends])
    events = np.concatenate([e for _, _, e in ends])
    if include_all and grouping is not None:
        for i, name in enumerate(MEASURES):
            rows = np.flatnonzero(measure == i)
            yield _Subset(ALL_GROUP, name, days[rows], events[rows])
    if grouping is None:
        groups, group = [ALL_GROUP], np.zeros(len(measure), dtype="int64")
    else:
        code, groups = grouping
        apps = np.concatenate([p.apps for p in parts])
        group = code[_rows_of_apps(applications.index, apps)]
    key = group * len(MEASURES) + measure
    order = np.argsort(key, kind="stable")
    bounds = np.searchsorted(key[order], np.arange(len(groups) * len(MEASURES) + 1))
    for g, name in enumerate(groups):
        for i, measure_name in enumerate(MEASURES):
            cell = g * len(MEASURES) + i
            rows = order[bounds[cell] : bounds[cell + 1]]
            yield _Subset(name, measure_name, days[rows], events[rows])


def _rows_of_apps(index: pd.Index, apps: np.ndarray) -> np.ndarray:
    """Rows of the applications table (index ``index``) of application numbers ``apps``."""
    numbers = index.to_numpy()
    if (
        len(numbers)
        and numbers[-1] - numbers[0] == len(numbers) - 1
        and index.is_monotonic_increasing
    ):
        return apps - numbers[0]  # numbered consecutively, as the table is
    return index.get_indexer(pd.Index(apps))


def grouped_waits(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """Every wait with its ``group``: what :func:`times_from_waits` pools.

    Waits of disjoint sets of applications (one per candidate, say) pool by
    concatenation: the Kaplan-Meier estimates of the whole log come from all
    the durations, never from averages of parts.
    """
    waits, _ = _grouped_waits(log, by, config, as_of, include_all=False)
    return waits


def times_from_waits(waits: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """The :func:`response_times` table from pooled waits (``group``, ``measure``, ``days``,
    ``event``), for ``groups`` in order."""
    return _times_table(_subsets(waits, groups, MEASURES))


def _times_table(subsets: Iterable[_Subset]) -> pd.DataFrame:
    """Kaplan-Meier summaries of the waits of each group and measure, in order."""
    rows = [
        {
            "group": waits.group,
            "measure": waits.measure,
            **kaplan_meier_summary(
                waits.days, waits.events, waits.survival if len(waits.days) else None
            ),
        }
        for waits in subsets
    ]
    table = pd.DataFrame(rows, columns=list(TIME_COLUMNS))
    table["group"] = table["group"].astype("string")
    table["measure"] = table["measure"].astype("string")
    for column in ("n", "events"):
        table[column] = table[column].astype("int64")
    for column in TIME_COLUMNS[4:]:
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    return table


def survival_curves(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """The whole Kaplan-Meier curve of each waiting time, as a tidy table for plotting.

    Returns
    -------
    DataFrame
        Columns :data:`CURVE_COLUMNS`: one row per group, measure and day on
        which a wait ended (answered or censored), plus day 0: ``survival``
        (share still waiting after that day), its pointwise 95% interval
        ``ci_low``/``ci_high`` (exponential Greenwood, log-log), ``at_risk``
        (waits still running at the start of the day), ``events`` (answers
        that day) and ``censored`` (waits censored that day). Read it as a
        step function (plotly ``line_shape="hv"``). Measures with no waits
        have no rows.
    """
    return _curves_table(_waits_by_group(log, by, config, as_of, include_all))


def curves_from_waits(waits: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """The :func:`survival_curves` table from pooled waits (``group``, ``measure``, ``days``,
    ``event``), for ``groups`` in order: the ``curves`` table of ``followup-stats stats``.

    Like :func:`times_from_waits`, the curves of a log split by candidate come
    from all the parts' durations, never from averages of the parts' curves.
    """
    return _curves_table(_subsets(waits, groups, MEASURES))


def _curves_table(subsets: Iterable[_Subset]) -> pd.DataFrame:
    """The curve of each group and measure with waits, in order.

    Each curve's columns are arrays, joined once into one table: with
    ``--by candidate`` there are thousands of curves, and a DataFrame for
    each cost more than the curves.
    """
    labels: list[tuple[str, str]] = []
    parts: list[dict[str, np.ndarray]] = []
    for waits in subsets:
        if len(waits.days):
            labels.append((waits.group, waits.measure))
            parts.append(_curve(waits.days, waits.events, waits.survival))
    if not parts:
        return _typed_curves(pd.DataFrame({c: [] for c in CURVE_COLUMNS}))
    sizes = [len(part["day"]) for part in parts]
    columns: dict[str, Any] = {
        name: np.repeat(np.array([label[i] for label in labels], dtype=object), sizes)
        for i, name in enumerate(("group", "measure"))
    }
    for name in CURVE_COLUMNS[2:]:
        columns[name] = np.concatenate([part[name] for part in parts])
    return _typed_curves(pd.DataFrame(columns))


def _counts(days: np.ndarray, flags: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct days (with 0) and the at-risk, flagged and unflagged counts on each."""
    grid = np.unique(np.r_[0.0, days])
    ordered = np.sort(days)
    at_risk = len(days) - np.searchsorted(ordered, grid, side="left")
    slot = np.searchsorted(grid, days)
    hits = np.bincount(slot, weights=flags.astype("float64"), minlength=len(grid))
    total = np.bincount(slot, minlength=len(grid))
    return grid, at_risk, hits.astype("int64"), (total - hits).astype("int64")


def _curve(days: np.ndarray, events: np.ndarray, curve: Any) -> dict[str, np.ndarray]:
    """The columns of one curve (:data:`CURVE_COLUMNS` but ``group`` and ``measure``);
    ``curve`` is the waits' survival function (:attr:`_Subset.survival`)."""
    grid, at_risk, hits, censored = _counts(days, events)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = curve.confidence_interval(0.95, method="log-log")
        survival = curve.evaluate(grid)
        # Before any answer the curve is exactly 1 and so is its interval.
        low = np.where(survival == 1, 1.0, interval.low.evaluate(grid))
        high = np.where(survival == 1, 1.0, interval.high.evaluate(grid))
    return {
        "day": grid,
        "survival": survival,
        "ci_low": low,
        "ci_high": high,
        "at_risk": at_risk,
        "events": hits,
        "censored": censored,
    }


def _typed_curves(table: pd.DataFrame) -> pd.DataFrame:
    table = table[list(CURVE_COLUMNS)].copy()
    for column in ("group", "measure"):
        table[column] = table[column].astype("string")
    for column in ("day", "survival", "ci_low", "ci_high"):
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    for column in ("at_risk", "events", "censored"):
        table[column] = table[column].astype("int64")
    return table


# -- comparisons ----------------------------------------------------------------------------


def compare_times(
    log: LogInput,
    by: str,
    measure: str | Sequence[str] | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    pairwise: bool = False,
) -> pd.DataFrame:
    """Log-rank tests of whether a waiting time differs between the groups of ``by``.

    Parameters
    ----------
    log, config, as_of
        As for :func:`response_times`.
    by
        The column whose values form the groups.
    measure
        One of :data:`MEASURES`, several, or ``None`` for all.
    pairwise
        With more than two groups, also test every pair (unadjusted p-values:
        compare them with the overall test, not on their own).

    Returns
    -------
    DataFrame
        Columns :data:`COMPARE_COLUMNS`, one row per measure and test. Two
        groups: ``group_a``, ``group_b`` and :func:`scipy.stats.logrank`.
        More: ``group_a``/``group_b`` NA and statsmodels ``survdiff`` over
        all of them (then the pairs if asked). ``groups`` lists the groups
        compared as one string joined by ``", "`` (:func:`times_compared`
        holds them as a tuple), ``statistic`` is the log-rank chi-square with ``df``
        degrees of freedom (scipy's z, squared), ``p_value`` two-sided.
        Groups with no waits are left out, and so are groups none of whose
        waits lasted until the first answer of any group (never at risk at
        an answer time, they carry no information and would make the test's
        variance singular); a measure with fewer than two groups left has no
        row. ``statistic``, ``df`` and ``p_value`` are NA when there is no
        test: no wait ended, or the waits carry no information on a
        difference (``survdiff``'s variance matrix is singular: every group
        at risk answered at the same times, say).
    """
    if measure is None:
        chosen = list(MEASURES)
    elif isinstance(measure, str):
        chosen = [measure]
    else:
        chosen = list(measure)
    unknown = sorted(set(chosen) - set(MEASURES))
    if unknown:
        raise UnknownChoice(f"unknown measure {unknown[0]!r}; choose from {', '.join(MEASURES)}")
    by_measure, _ = _loaded_samples(log, by, config, as_of)
    rows: list[dict[str, Any]] = []
    for name in chosen:
        samples = by_measure[name]
        left_out = _never_at_risk(samples)
        names = [g for g in samples if g not in left_out]
        if len(names) == 2:
            rows.append(_two_groups(name, samples, names[0], names[1]))
        elif len(names) > 2:
            rows.append(_many_groups(name, {g: samples[g] for g in names}))
            if pairwise:
                rows.extend(
                    _two_groups(name, samples, a, b) for a, b in itertools.combinations(names, 2)
                )
    for row in rows:  # one string here; the ``times_compared`` table keeps the tuple
        row["groups"] = ", ".join(row["groups"])
    table = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    for column in ("measure", "group_a", "group_b", "groups", "test"):
        table[column] = table[column].astype("string")
    table["df"] = pd.array(table["df"].to_numpy(dtype="float64"), dtype="Int64")
    for column in ("statistic", "p_value"):
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    return table


def times_compared(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """The ``times_compared`` table of ``followup-stats stats``: a log-rank test per measure.

    Parameters
    ----------
    log, config, as_of
        As for :func:`response_times`.
    by
        The column whose values form the groups; ``None`` (one group, nothing
        to compare) gives a table with no rows.

    Returns
    -------
    DataFrame
        Columns :data:`TIMES_COMPARED_COLUMNS`; see :func:`times_compared_from_waits`.
        The waits are those of the ``times`` table of the same loaded log,
        not worked out again.
    """
    if by is None:
        return _compared_table({name: {} for name in MEASURES}, [ALL_GROUP])
    by_measure, groups = _loaded_samples(log, by, config, as_of)
    return _compared_table(by_measure, groups)


def times_compared_from_waits(waits: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Whether each waiting time differs between ``groups``, from pooled waits.

    ``waits`` has the columns ``group``, ``measure``, ``days`` and ``event``
    (as :func:`grouped_waits` gives them). With fewer than two groups the
    table has no rows; otherwise one row per measure (:data:`MEASURES`):
    the log-rank test of :func:`compare_times` (``scipy.stats.logrank`` for
    two groups, statsmodels ``survdiff`` for more) over the groups it
    compares, its chi-square ``statistic`` with ``df`` degrees of freedom
    and two-sided ``p_value`` (all three NA when there is no test), and a
    ``note``: groups left out and why, groups too small to conclude
    anything (fewer than :data:`~followup_stats.stats.patience.MIN_ARM_SIZE`
    waits), and that a difference is an association, not a cause.

    ``groups`` is a column of Python objects, not text: each cell a
    ``tuple`` of the names of the groups compared, in order (those with
    waits, less those never at risk at an answer time; ``()`` when no group
    has waits), so a name holding ``", "`` (``"Acme, Inc."``) stays one
    name. ``stats --format json`` writes it as a list of strings, ``--format
    csv`` as one cell joining the names with ``"; "``. More than
    :data:`MAX_COMPARED_GROUPS` groups with waits (``--by candidate`` over a
    large cohort, ``--by company``) get no test and no list (``None``): one
    test over so many small groups says little, and its variance matrix
    grows with the square of their number.
    """
    return _compared_table(_measure_samples(_subsets(waits, groups, MEASURES)), groups)


#: One sample per group: ``{group: (days, events)}``.
_Samples = dict[str, tuple[np.ndarray, np.ndarray]]


def _loaded_samples(
    log: LogInput, by: str, config: ConfigInput, as_of: str | dt.date | None
) -> tuple[dict[str, _Samples], list[str]]:
    """The samples of each measure (:func:`_measure_samples`) grouped by ``by``, and the
    groups in report order, from the loaded log's grouped waits (:func:`_grouped_subsets`)."""
    loaded, ev, applications = loaded_applications(log, config, as_of)
    subsets = _grouped_subsets(loaded, ev, applications, by)
    groups = list(dict.fromkeys(waits.group for waits in subsets))  # every group, in order
    return _measure_samples(subsets), groups


def _measure_samples(subsets: Iterable[_Subset]) -> dict[str, _Samples]:
    """``{measure: {group: (days, events)}}`` of the groups with waits, in the order of
    ``subsets`` (:func:`_subsets` or :func:`_coded_subsets`)."""
    samples: dict[str, _Samples] = {name: {} for name in MEASURES}
    for waits in subsets:
        if len(waits.days):
            samples[waits.measure][waits.group] = (waits.days, waits.events)
    return samples


def _never_at_risk(samples: _Samples) -> list[str]:
    """The groups none of whose waits lasted until the first answer of all the groups.

    A log-rank test weighs each group only at the answer times, by its waits
    still running then; a group never at risk at any of them (no answer of
    its own, every wait censored before the first answer of the pooled data)
    adds nothing but a zero row to ``survdiff``'s variance matrix, which
    makes it singular, or leaves ``scipy.stats.logrank`` with nothing to
    compare. Leaving such groups out changes no answer time (they have none).
    """
    answered = [float(days[events].min()) for days, events in samples.values() if events.any()]
    if not answered:
        return []
    first = min(answered)
    return [group for group, (days, _) in samples.items() if float(days.max()) < first]


def _compared_table(by_measure: dict[str, _Samples], groups: Sequence[str]) -> pd.DataFrame:
    """:func:`times_compared_from_waits` from the samples of each measure."""
    rows: list[dict[str, Any]] = []
    for name in MEASURES if len(groups) > 1 else ():
        samples = by_measure[name]
        left_out: list[str] = []
        row: dict[str, Any]
        if len(samples) > MAX_COMPARED_GROUPS:
            row = {"measure": name, "groups": None, "df": None}
        else:
            left_out = _never_at_risk(samples)
            names = [g for g in samples if g not in left_out]
            if len(names) == 2:
                row = _two_groups(name, samples, names[0], names[1])
            elif len(names) > 2:
                row = _many_groups(name, {g: samples[g] for g in names})
            else:
                row = {"measure": name, "groups": tuple(names), "df": None}
        row["note"] = _compared_note(groups, samples, left_out, row.get("statistic", np.nan))
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(TIMES_COMPARED_COLUMNS))
    table["groups"] = table["groups"].astype(object)  # tuples of names (None: no list)
    for column in ("measure", "test", "note"):
        table[column] = table[column].astype("string")
    table["df"] = pd.array(table["df"].to_numpy(dtype="float64"), dtype="Int64")
    for column in ("statistic", "p_value"):
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    return table


_COMPARED_CAVEAT = (
    "association only; the groups' applications differ in other ways (employer, role, timing)"
)


def _compared_note(
    groups: Sequence[str], samples: _Samples, left_out: Sequence[str], statistic: float
) -> str:
    """Why a test is missing or weak, and the caveat, for :func:`times_compared_from_waits`.

    ``samples`` are the groups with waits, ``left_out`` those of them never at
    risk at an answer time (:func:`_never_at_risk`).
    """
    parts = []
    if len(samples) > MAX_COMPARED_GROUPS:
        parts.append(
            f"{len(samples)} groups with waits, more than {MAX_COMPARED_GROUPS}: no test"
            " (one test over so many groups says little; compare fewer groups)"
        )
        return "; ".join([*parts, _COMPARED_CAVEAT])
    missing = [g for g in groups if g not in samples]
    if missing:
        parts.append(f"no waits in {some_of(missing)}: left out")
    if left_out:
        parts.append(f"left out: {some_of(left_out)} (no wait reached an answer time)")
    tested = {g: s for g, s in samples.items() if g not in left_out}
    if len(samples) < 2:
        parts.append("fewer than two groups with waits: nothing to compare")
    elif not any(events.any() for _, events in samples.values()):
        parts.append("no wait has ended in any group: nothing to compare")
    elif len(tested) < 2:
        parts.append("fewer than two groups left: nothing to compare")
    elif np.isnan(statistic):
        parts.append("no test: the answer times cannot tell these groups apart")
    small = [(g, len(days)) for g, (days, _) in tested.items() if len(days) < MIN_ARM_SIZE]
    if small:
        (group, size), rest = small[0], small[1:]
        counts = [
            f"only {size} wait{'' if size == 1 else 's'} in {group}",
            *(f"{n} in {g}" for g, n in rest),
        ]
        parts.append(f"{some_of(counts)}: too few to conclude anything")
    parts.append(_COMPARED_CAVEAT)
    return "; ".join(parts)


def some_of(items: Sequence[str], most: int = 10) -> str:
    """``items`` joined by commas, the first ``most`` of them and how many more.

    ``some_of(["Acme", "Beta", "Globex", "Hooli"], 3)`` is ``"Acme, Beta, Globex and 1
    more"``; the notes of :func:`times_compared_from_waits` and the ``groups`` column of
    its text (:func:`followup_stats.output.stats_text`) are cut so. The items are counted
    as given: a name holding ``", "`` (``"Acme, Inc."``) is one item.
    """
    shown = ", ".join(items[:most])
    return shown if len(items) <= most else f"{shown} and {len(items) - most} more"


def _two_groups(measure: str, samples: _Samples, a: str, b: str) -> dict[str, Any]:
    statistic = p_value = np.nan
    if samples[a][1].any() or samples[b][1].any():
        with np.errstate(all="ignore"):
            result = sps.logrank(
                sps.CensoredData.right_censored(samples[a][0], ~samples[a][1]),
                sps.CensoredData.right_censored(samples[b][0], ~samples[b][1]),
            )
        statistic, p_value = float(result.statistic) ** 2, float(result.pvalue)
    return {
        "measure": measure,
        "group_a": a,
        "group_b": b,
        "groups": (a, b),
        "test": None if np.isnan(statistic) else "log-rank (scipy.stats.logrank)",
        "statistic": statistic,
        "df": None if np.isnan(statistic) else 1,  # no test, no degrees of freedom
        "p_value": p_value,
    }


def _many_groups(measure: str, samples: _Samples) -> dict[str, Any]:
    names = list(samples)
    days = np.concatenate([samples[g][0] for g in names])
    events = np.concatenate([samples[g][1] for g in names])
    codes = np.repeat(np.arange(len(names)), [len(samples[g][0]) for g in names])
    statistic = p_value = np.nan
    if events.any():
        with np.errstate(all="ignore"):
            try:
                chi2, p = survdiff(days, events.astype("float64"), codes)
            except np.linalg.LinAlgError:  # a singular variance: the waits cannot tell groups apart
                chi2 = p = np.nan
        statistic, p_value = float(chi2), float(p)
    return {
        "measure": measure,
        "group_a": None,
        "group_b": None,
        "groups": tuple(names),
        "test": None if np.isnan(statistic) else "log-rank (statsmodels survdiff)",
        "statistic": statistic,
        "df": None if np.isnan(statistic) else len(names) - 1,  # no test, no degrees of freedom
        "p_value": p_value,
    }


# -- competing outcomes ---------------------------------------------------------------------


def _endings(applications: pd.DataFrame, as_of: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """Days from opening to each application's first ending, and which ending it was.

    ``cause`` is 1, 2, 3 for the :data:`OUTCOMES` (``offer``, ``rejection``,
    ``withdrew``) and 0 for an application censored at ``as_of``.
    """
    decision = applications["decision"]
    decided_first = applications["decision_day"].notna() & ~(
        applications["withdrew_day"] < applications["decision_day"]
    )
    withdrew_first = applications["withdrew_day"].notna() & ~decided_first
    cause = np.select(
        [
            (decided_first & decision.eq("offer")).to_numpy(dtype=bool),
            (decided_first & decision.eq("rejection")).to_numpy(dtype=bool),
            withdrew_first.to_numpy(dtype=bool),
        ],
        [1, 2, 3],
        default=0,
    )
    end = (
        applications["decision_day"]
        .where(decided_first)
        .fillna(applications["withdrew_day"].where(withdrew_first))
        .fillna(as_of)
    )
    days = (end - applications["opened_day"]).dt.days.to_numpy(dtype="float64")
    return days, cause.astype("int64")


def _assumed_endings(
    loaded: LoadedLog, ev: pd.DataFrame, applications: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Which applications' time to their first ending is unknown, and the event position
    that makes it so (-1: none).

    Per row of ``applications``: the application opened, or first ended (an offer,
    a rejection or a withdrawal), on an event dated only by assumption
    (:func:`~followup_stats.stats.applications.assumed_dates`); those are left out
    of the time to each ending. Worked out once per loaded log.
    """

    def make() -> tuple[np.ndarray, np.ndarray]:
        assumed = assumed_dates(loaded)
        keys = applications.index.to_numpy()
        none = np.full(len(keys), -1, dtype="int64")
        if not assumed.any():
            return np.zeros(len(keys), dtype=bool), none
        app = ev["app"].to_numpy()
        opening = _row_of(np.ones(len(ev), dtype=bool), app, keys)
        ending = _row_of(is_one_of(ev["event"], ENDINGS), app, keys)
        assumed_start = (opening >= 0) & assumed[np.maximum(opening, 0)]
        assumed_end = (ending >= 0) & assumed[np.maximum(ending, 0)]
        unknown = assumed_start | assumed_end
        culprit = np.where(assumed_start, opening, np.where(assumed_end, ending, none))
        return unknown, culprit

    return loaded.memo("stats.assumed_endings", make)


def _grouped_endings(
    log: LogInput,
    by: str | None,
    config: ConfigInput,
    as_of: str | dt.date | None,
    include_all: bool,
) -> tuple[pd.DataFrame, list[str]]:
    """The endings (:data:`ENDING_COLUMNS`) with their group, and the groups in report order."""
    loaded, ev, applications = loaded_applications(log, config, as_of)
    labels = group_labels(applications, by)
    groups = group_order(labels, by)
    days, cause = _endings(applications, loaded.as_of)
    known = ~_assumed_endings(loaded, ev, applications)[0]
    endings = pd.DataFrame(
        {
            "group": pd.array(labels.to_numpy()[known], dtype="string"),
            "days": days[known],
            "cause": cause[known],
        }
    )
    if by is not None and include_all:
        endings = pd.concat([endings.assign(group=ALL_GROUP), endings], ignore_index=True)
        endings["group"] = endings["group"].astype("string")
        groups = [ALL_GROUP, *groups]
    return endings, groups


def grouped_endings(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """How each application ended, with its ``group``: what :func:`incidence_from_endings` pools.

    Returns
    -------
    DataFrame
        Columns :data:`ENDING_COLUMNS`, one row per application: ``group``,
        ``days`` from opening to its first ending or to the as-of date, and
        ``cause`` (1 ``offer``, 2 ``rejection``, 3 ``withdrew``, 0 still
        open: censored). Endings of disjoint sets of applications (one per
        candidate, say) pool by concatenation: the Aalen-Johansen estimates of
        the whole log come from all the durations, never from averages of parts.
    """
    endings, _ = _grouped_endings(log, by, config, as_of, include_all=False)
    return endings


def _grouped_ending_samples(
    log: LogInput,
    by: str | None,
    config: ConfigInput,
    as_of: str | dt.date | None,
    include_all: bool,
) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """What :func:`_ending_samples` gives for :func:`_grouped_endings`, from group codes.

    No table of endings with a text ``group`` is built: each application's
    group is looked up by code (with ``all`` added, through that table).
    """
    if by is not None and include_all:
        yield from _ending_samples(*_grouped_endings(log, by, config, as_of, include_all))
        return
    loaded, ev, applications = loaded_applications(log, config, as_of)
    codes, groups = loaded_group_codes(loaded, by)
    days, cause = _endings(applications, loaded.as_of)
    known = ~_assumed_endings(loaded, ev, applications)[0]
    order = np.argsort(codes, kind="stable")  # each group's applications in table order
    bounds = np.searchsorted(codes[order], np.arange(len(groups) + 1))
    for g, group in enumerate(groups):
        rows = order[bounds[g] : bounds[g + 1]]
        rows = rows[known[rows]]
        yield group, days[rows], cause[rows]


def _ending_samples(
    endings: pd.DataFrame, groups: Sequence[str]
) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """``(group, days, cause)`` for every group of ``groups``, in order (empty arrays for none)."""
    index = endings.groupby("group", sort=False).indices
    empty = np.array([], dtype="int64")
    days = endings["days"].to_numpy(dtype="float64")
    cause = endings["cause"].to_numpy(dtype="int64")
    for group in groups:
        rows = index.get(group, empty)
        yield group, days[rows], cause[rows]


def _aalen_johansen(
    days: np.ndarray, cause: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """statsmodels ``CumIncidenceRight`` of one sample: its distinct days, and per outcome
    (rows in :data:`OUTCOMES` order, all zero for an outcome that never happened) the
    cumulative incidence and its standard error on each. ``None`` when nothing ended."""
    if not cause.any():
        return None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = CumIncidenceRight(days, cause)
    incidence = np.zeros((len(OUTCOMES), len(fit.times)))
    se = np.zeros((len(OUTCOMES), len(fit.times)))
    incidence[: len(fit.cinc)] = fit.cinc
    se[: len(fit.cinc_se)] = fit.cinc_se
    return np.asarray(fit.times, dtype="float64"), incidence, se


def cumulative_incidence(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """Time from opening to an offer, a rejection or a withdrawal, as competing risks.

    Each application ends with the first of ``offer``, ``rejection`` and
    ``withdrew`` (the other two then can no longer happen first), or is
    censored at the as-of date; a ghosted application stays censored. The
    Aalen-Johansen estimate (statsmodels ``CumIncidenceRight``) gives the
    probability of each ending by each day, which -- unlike one minus a
    Kaplan-Meier curve that treated the other endings as censored -- never
    overstates it. :func:`incidence` reads it at 30, 60 and 90 days.

    Returns
    -------
    DataFrame
        Columns :data:`INCIDENCE_COLUMNS`: one row per group, outcome
        (``offer``, ``rejection``, ``withdrew``) and day on which an
        application ended or was censored, plus day 0: ``incidence``
        (probability of that ending by that day), its pointwise 95%
        interval ``ci_low``/``ci_high`` (log-log transform of the
        statsmodels standard error; NA where undefined), ``at_risk``
        (applications not ended nor censored before the day) and
        ``events`` (applications ending that way that day).
    """
    parts = [
        _incidence(group, days, cause)
        for group, days, cause in _grouped_ending_samples(log, by, config, as_of, include_all)
        if len(days)
    ]
    if not parts:
        table = pd.DataFrame({c: [] for c in INCIDENCE_COLUMNS})
    else:
        table = pd.concat(parts, ignore_index=True)
    for column in ("group", "outcome"):
        table[column] = table[column].astype("string")
    for column in ("day", "incidence", "ci_low", "ci_high"):
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    for column in ("at_risk", "events"):
        table[column] = table[column].astype("int64")
    return table[list(INCIDENCE_COLUMNS)]


def _incidence(group: str, days: np.ndarray, cause: np.ndarray) -> pd.DataFrame:
    grid = np.unique(np.r_[0.0, days])
    ordered = np.sort(days)
    at_risk = len(days) - np.searchsorted(ordered, grid, side="left")
    slot = np.searchsorted(grid, days)
    parts = []
    fit = _aalen_johansen(days, cause)
    for k, outcome in enumerate(OUTCOMES, start=1):
        incidence = np.zeros(len(grid))
        se = np.zeros(len(grid))
        if fit is not None:
            times, estimates, errors = fit
            where = np.searchsorted(grid, times)
            incidence[where] = estimates[k - 1]
            se[where] = errors[k - 1]
        low, high = _log_log_interval(incidence, se)
        events = np.bincount(slot, weights=(cause == k).astype("float64"), minlength=len(grid))
        parts.append(
            pd.DataFrame(
                {
                    "group": group,
                    "outcome": outcome,
                    "day": grid,
                    "incidence": incidence,
                    "ci_low": low,
                    "ci_high": high,
                    "at_risk": at_risk,
                    "events": events.astype("int64"),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def incidence(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """The ``incidence`` table of ``followup-stats stats``: each ending by 30, 60 and 90 days.

    Parameters
    ----------
    log, by, config, as_of, include_all
        As for :func:`response_times`.

    Returns
    -------
    DataFrame
        One row per group and outcome (:data:`OUTCOMES`: ``offer``,
        ``rejection``, ``withdrew``), columns :data:`INCIDENCE_SUMMARY_COLUMNS`:
        ``n`` applications, ``events`` (those that ended that way by the
        as-of date), and ``incidence_30d``/``_60d``/``_90d``, the
        Aalen-Johansen probability of ending that way within that many days
        of applying, read off the curve of :func:`cumulative_incidence` (the
        other endings are competing risks). As for the ``survival_*`` of
        :func:`response_times`, a day beyond the longest follow-up in the
        group is NA, unless no application was still open after it (every one
        followed that long had ended, so the curves can no longer move); a
        group without applications has NA throughout.
    """
    return _incidence_table(_grouped_ending_samples(log, by, config, as_of, include_all))


def incidence_from_endings(endings: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """The :func:`incidence` table from pooled endings (:func:`grouped_endings`: ``group``,
    ``days``, ``cause``), for ``groups`` in order."""
    return _incidence_table(_ending_samples(endings, groups))


def _incidence_table(samples: Iterable[tuple[str, np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """The :func:`incidence` rows of each ``(group, days, cause)``, in order."""
    rows = [row for group, days, cause in samples for row in _incidence_summary(group, days, cause)]
    table = pd.DataFrame(rows, columns=list(INCIDENCE_SUMMARY_COLUMNS))
    for column in ("group", "outcome"):
        table[column] = table[column].astype("string")
    for column in ("n", "events"):
        table[column] = table[column].astype("int64")
    for column in INCIDENCE_SUMMARY_COLUMNS[4:]:
        table[column] = pd.array(table[column].to_numpy(dtype="float64"), dtype="Float64")
    return table


def _incidence_summary(group: str, days: np.ndarray, cause: np.ndarray) -> list[dict[str, Any]]:
    """The :func:`incidence` rows of one group: ``days`` and ``cause`` of its applications."""
    at = np.array(INCIDENCE_DAYS, dtype="float64")
    values = np.full((len(OUTCOMES), len(at)), np.nan)
    if len(days):
        fit = _aalen_johansen(days, cause)
        values[:] = 0.0
        if fit is not None:
            times, estimates, _ = fit
            slot = np.searchsorted(times, at, side="right") - 1  # the step the day falls on
            values = np.where(slot >= 0, estimates[:, np.maximum(slot, 0)], 0.0)
        longest = days.max()
        # Nobody still at risk after the longest follow-up: the curves can no longer move.
        if not (cause[days == longest] > 0).all():
            values[:, at > longest] = np.nan
    ended = np.bincount(cause, minlength=len(OUTCOMES) + 1)[1:]
    return [
        {
            "group": group,
            "outcome": outcome,
            "n": len(days),
            "events": int(ended[k]),
            **{f"incidence_{d}d": float(v) for d, v in zip(INCIDENCE_DAYS, values[k], strict=True)},
        }
        for k, outcome in enumerate(OUTCOMES)
    ]


def _log_log_interval(x: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% interval ``x ** exp(+-z se / (x log x))`` for a probability (0 where x is 0)."""
    with np.errstate(all="ignore"):
        spread = np.exp(_Z95 * se / (x * np.log(x)))
        one, other = x**spread, x ** (1 / spread)
    defined = (x > 0) & (x < 1) & np.isfinite(se) & (se > 0)
    low = np.where(defined, np.fmin(one, other), np.nan)
    high = np.where(defined, np.fmax(one, other), np.nan)
    zero = x == 0
    return np.where(zero, 0.0, low), np.where(zero, 0.0, high)
