"""Outcome rates with 95% Wilson intervals, each over its own honest denominator.

Every metric is a count ``k`` of applications among ``n`` judged ones. An
application is judged only once its outcome for that metric can no longer be
an artefact of being recent; the rest of the metric's population is counted in
``pending`` and left out of ``n``, so a fresh search does not look worse (or
better) than it is. Two kinds of metric need two rules:

*early outcomes* (``response``, ``interview``, ``never_answered``)
    are judged on the cohort of applications at least ``ghost_after_days``
    old -- the age at which DESIGN.md section 4 calls silence an outcome. The
    cohort is chosen by age alone, never by the outcome, so answers that came
    early do not inflate the rate. Younger applications are ``pending``.
    Applications withdrawn within ``ghost_after_days`` of opening before the
    outcome happened are in neither ``n`` nor ``pending``: the employer never
    had the full time to act. ``never_answered`` is ``1 - response`` on the
    same cohort.
*final outcomes* (``offer``, ``rejection``, ``offer_after_interview``,
``ghosted_after_interview``)
    are judged on applications that have ended: an offer or rejection,
    a withdrawal, or ``ghost_after_days`` of silence after the last interview
    or employer event (follow-ups do not reset that clock). Applications
    still open are ``pending``. ``ghosted_after_interview`` follows DESIGN.md
    exactly: interviewed applications that are decided or silent that long;
    a withdrawal before the silence was long enough is not judged.

For time-dependent questions the censored estimates of
:mod:`followup_stats.stats.times` use every application, recent ones
included; these rates are the plain summary.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from followup_stats.stats.applications import (
    ALL_GROUP,
    ConfigInput,
    LogInput,
    group_labels,
    group_order,
    loaded_applications,
    loaded_group_codes,
)

#: Columns of :func:`outcome_rates` (DESIGN.md section 5, ``rates``).
RATE_COLUMNS = ("group", "metric", "k", "n", "pending", "rate", "ci_low", "ci_high")

#: Metric names, in report order, with what each counts among what.
METRICS: dict[str, str] = {
    "response": "got an answer (employer event or interview), among applications old enough",
    "interview": "got an interview, among applications old enough",
    "offer": "ended in an offer, among closed or long-silent applications",
    "offer_after_interview": (
        "ended in an offer, among closed or long-silent interviewed applications"
    ),
    "rejection": "ended in a rejection, among closed or long-silent applications",
    "never_answered": "never got an answer, among applications old enough",
    "ghosted_after_interview": "went silent after an interview, among those decided or silent",
}


def metric_flags(
    applications: pd.DataFrame, ghost_after: int
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per metric, boolean arrays ``(hit, judged, pending)`` over the applications table.

    ``k`` counts ``hit & judged``, ``n`` counts ``judged`` and ``pending``
    counts ``pending`` (the rules are in the module docstring).
    """
    status = applications["status"].astype("string")
    answered = applications["answered_day"].notna().to_numpy()
    interviewed = (applications["interviews"] > 0).to_numpy()
    young = applications["age_days"].lt(ghost_after).to_numpy(dtype=bool)
    withdrawn_after = (applications["withdrew_day"] - applications["opened_day"]).dt.days
    withdrew_early = withdrawn_after.lt(ghost_after).fillna(False).to_numpy(dtype=bool)

    ended = status.ne("open").to_numpy(dtype=bool)
    offer = status.eq("offer").to_numpy(dtype=bool)
    rejection = status.eq("rejection").to_numpy(dtype=bool)
    never = applications["never_answered"]
    ghosted_iv = applications["ghosted_after_interview"]
    return {
        "response": (answered, ~young & ~(withdrew_early & ~answered), young),
        "interview": (interviewed, ~young & ~(withdrew_early & ~interviewed), young),
        "offer": (offer, ended, ~ended),
        "offer_after_interview": (offer, interviewed & ended, interviewed & ~ended),
        "rejection": (rejection, ended, ~ended),
        "never_answered": (
            never.fillna(False).to_numpy(dtype=bool),
            never.notna().to_numpy(dtype=bool),
            young,
        ),
        "ghosted_after_interview": (
            ghosted_iv.fillna(False).to_numpy(dtype=bool),
            ghosted_iv.notna().to_numpy(dtype=bool),
            interviewed & ~ended,
        ),
    }


def wilson(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate and 95% Wilson interval for counts ``k`` of ``n``; NaN where ``n`` is 0."""
    k = np.asarray(k, dtype="float64")
    n = np.asarray(n, dtype="float64")
    some = n > 0
    safe_n = np.where(some, n, 1.0)
    low, high = proportion_confint(k, safe_n, alpha=0.05, method="wilson")
    # The bounds are exactly 0 at k = 0 and 1 at k = n; rounding leaves 2.8e-17 and the like.
    low, high = np.where(k == 0, 0.0, low), np.where(k == safe_n, 1.0, high)
    rate = np.where(some, k / safe_n, np.nan)
    return rate, np.where(some, low, np.nan), np.where(some, high, np.nan)


def outcome_rates(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """Outcome rates with 95% Wilson intervals, overall or by a column.

    Parameters
    ----------
    log
        A path, DataFrame, list of them, or a loaded log.
    by
        A column of :func:`~followup_stats.stats.applications_table`
        (``source``, ``candidate``, ``applied_channel``, ``resume_version``, ...);
        ``None`` for the whole log.
    config, as_of
        Settings and as-of date, as for ``applications_table``.
    include_all
        With ``by``, also put the whole log's rows (group ``all``) first.

    Returns
    -------
    DataFrame
        One row per group and metric, columns :data:`RATE_COLUMNS`:
        ``group`` (the ``by`` value, ``(not recorded)`` when missing, or
        ``all``), ``metric`` (:data:`METRICS`, in that order), ``k``
        (applications with the outcome), ``n`` (applications judged),
        ``pending`` (too recent or still open: not in ``n``; see the module
        docstring), ``rate`` = k / n and its 95% Wilson interval
        ``ci_low``, ``ci_high`` (NA when ``n`` is 0).
    """
    loaded, _, applications = loaded_applications(log, config, as_of)
    ghost_after = loaded.config.ghost_after_days
    if by is None:
        return rates_from(applications, by, ghost_after, include_all)
    codes, groups = loaded_group_codes(loaded, by)
    counted = _rate_counts(applications, codes, pd.Index(groups, dtype="str"), ghost_after)
    return _rates_of(counted, groups, by, include_all)


def rates_from(
    applications: pd.DataFrame, by: str | None, ghost_after: int, include_all: bool = False
) -> pd.DataFrame:
    """:func:`outcome_rates` from an applications table."""
    labels = group_labels(applications, by) if by is not None else None
    groups = group_order(labels, by) if labels is not None else [ALL_GROUP]
    counted = rate_counts(applications, by, ghost_after, labels)
    return _rates_of(counted, groups, by, include_all)


def _rates_of(
    counted: pd.DataFrame, groups: list[str], by: str | None, include_all: bool
) -> pd.DataFrame:
    """The rates table from :func:`rate_counts`, with the whole log's first if asked."""
    if by is not None and include_all:
        overall = counted.groupby(level="metric", sort=True).sum()
        overall.index = pd.MultiIndex.from_product(
            [pd.Index([ALL_GROUP], dtype="str"), overall.index], names=["group", "metric"]
        )
        counted = pd.concat([overall, counted])
        groups = [ALL_GROUP, *groups]
    return rates_from_counts(counted, groups)


def rate_counts(
    applications: pd.DataFrame,
    by: str | None,
    ghost_after: int,
    labels: pd.Series | None = None,
) -> pd.DataFrame:
    """The counts behind :func:`outcome_rates`: ``k``, ``n``, ``pending`` by group and metric.

    Counts of disjoint sets of applications (one per candidate, say) add up:
    summing them and calling :func:`rates_from_counts` gives the rates of
    the whole log, intervals included. Counted per group code with
    ``bincount``: no long table of one row per application and metric.
    ``labels`` are the :func:`group_labels` of ``applications``, when known.
    """
    if by is None:
        codes = np.zeros(len(applications), dtype="int64")
        names = pd.Index([ALL_GROUP] if len(applications) else [], dtype="str")
    else:
        if labels is None:
            labels = group_labels(applications, by)
        codes, uniques = pd.factorize(labels, sort=True)
        names = pd.Index(np.asarray(uniques, dtype=object), dtype="str")
    return _rate_counts(applications, codes, names, ghost_after)


def _rate_counts(
    applications: pd.DataFrame, codes: np.ndarray, names: pd.Index, ghost_after: int
) -> pd.DataFrame:
    """:func:`rate_counts` of the applications in groups ``names`` by their ``codes``."""
    flags = metric_flags(applications, ghost_after)
    metrics = sorted(flags)  # the order a group-by gives
    k, n, pending = (np.zeros((len(names), len(metrics)), dtype="int64") for _ in range(3))
    for j, metric in enumerate(metrics):
        hit, judged, waiting = flags[metric]
        k[:, j] = _count_by_code(codes, hit & judged, len(names))
        n[:, j] = _count_by_code(codes, judged, len(names))
        pending[:, j] = _count_by_code(codes, waiting, len(names))
    columns = {"k": k.reshape(-1), "n": n.reshape(-1), "pending": pending.reshape(-1)}
    index = pd.MultiIndex.from_product(
        [names, pd.Index(metrics, dtype="str")], names=["group", "metric"]
    )
    return pd.DataFrame(columns, index=index)


def _count_by_code(codes: np.ndarray, mask: np.ndarray, groups: int) -> np.ndarray:
    """Rows in ``mask`` per group code (0 to ``groups`` - 1), as integers.

    With one group (no ``--by``), every row is of it: the rows in ``mask``
    are counted without gathering their codes.
    """
    if groups == 1:
        return np.array([np.count_nonzero(mask)], dtype="int64")
    return np.bincount(codes[mask], minlength=groups)


def rates_from_counts(counted: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """The rates table from :func:`rate_counts` (summed), for ``groups`` in order."""
    index = pd.MultiIndex.from_product([groups, list(METRICS)], names=["group", "metric"])
    table = counted.reindex(index, fill_value=0).astype("int64").reset_index()
    rate, low, high = wilson(table["k"].to_numpy(), table["n"].to_numpy())
    table["rate"] = pd.array(rate, dtype="Float64")
    table["ci_low"] = pd.array(low, dtype="Float64")
    table["ci_high"] = pd.array(high, dtype="Float64")
    table["group"] = table["group"].astype("string")
    table["metric"] = table["metric"].astype("string")
    return table[list(RATE_COLUMNS)]
