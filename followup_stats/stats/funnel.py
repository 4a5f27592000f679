"""The application funnel: how many applications reached each step, and the conversion.

Each step counts the applications that reached it *or any later step*, so the
counts never rise along the funnel even when a log skips a row (an offer
logged without its interview still passed the interview step).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from followup_stats.stats.applications import (
    ALL_GROUP,
    ConfigInput,
    LogInput,
    group_codes,
    group_labels,
    loaded_applications,
    loaded_group_codes,
)

#: Funnel steps, in order, with what reaching each means.
STEPS: dict[str, str] = {
    "applied": "every application (an application opens at its first row)",
    "answered": "got an answer: an employer event or an interview",
    "interviewed": "had at least one interview",
    "offer": "got an offer",
    "accepted": "the candidate accepted the offer",
}
#: Columns of :func:`funnel` (DESIGN.md section 5, ``funnel``).
FUNNEL_COLUMNS = ("group", "step", "count", "share_of_previous")


def reached_steps(applications: pd.DataFrame) -> pd.DataFrame:
    """Per application, whether it reached each of :data:`STEPS` (or a later one)."""
    accepted = applications["accepted"].to_numpy(dtype=bool)
    # Every answer to an offer has its offer: an ``offer`` row before it, or itself
    # standing for one (``tables.implied_offers``), so ``offer_day`` covers ``accepted``.
    offer = applications["offer_day"].notna().to_numpy()
    interviewed = (applications["interviews"] > 0).to_numpy() | offer
    answered = applications["answered_day"].notna().to_numpy() | interviewed
    applied = np.ones(len(applications), dtype=bool)
    return pd.DataFrame(
        {
            "applied": applied,
            "answered": answered,
            "interviewed": interviewed,
            "offer": offer,
            "accepted": accepted,
        },
        index=applications.index,
    )


def funnel(
    log: LogInput,
    by: str | None = None,
    config: ConfigInput = None,
    as_of: str | dt.date | None = None,
    include_all: bool = False,
) -> pd.DataFrame:
    """Counts of applications reaching each funnel step, overall or by a column.

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
        One row per group and step (:data:`STEPS`, in order), columns
        :data:`FUNNEL_COLUMNS`: ``count`` of applications that reached the
        step (or a later one) as of the date, and ``share_of_previous`` =
        count / the previous step's count (NA for ``applied`` and after a
        step of 0). These are plain counts: recent applications are still
        moving through the funnel (see ``outcome_rates`` for ``pending``).
    """
    loaded, _, applications = loaded_applications(log, config, as_of)
    codes, groups = loaded_group_codes(loaded, by)
    return _funnel(applications, codes, groups, by, include_all)


def funnel_from(
    applications: pd.DataFrame, by: str | None, include_all: bool = False
) -> pd.DataFrame:
    """:func:`funnel` from an applications table."""
    codes, groups = group_codes(applications, by)
    return _funnel(applications, codes, groups, by, include_all)


def _funnel(
    applications: pd.DataFrame,
    codes: np.ndarray,
    groups: list[str],
    by: str | None,
    include_all: bool,
) -> pd.DataFrame:
    """:func:`funnel` of the applications in ``groups`` by their :func:`group_codes`."""
    reached = reached_steps(applications)
    counts = pd.DataFrame(
        {
            step: np.bincount(codes, weights=reached[step], minlength=len(groups)).astype("int64")
            for step in reached.columns
        },
        index=pd.Index(groups),
    )
    if by is not None and include_all:
        counts = pd.concat([reached.sum().to_frame(ALL_GROUP).T, counts])
        groups = [ALL_GROUP, *groups]
    return funnel_from_counts(counts, groups)


def funnel_counts(applications: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Applications reaching each step, by group (index) and step (columns).

    Counts of disjoint sets of applications add up; :func:`funnel_from_counts`
    turns their sum into the funnel table.
    """
    labels = group_labels(applications, by)
    return reached_steps(applications).groupby(labels.to_numpy()).sum()


def funnel_from_counts(counts: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """The funnel table from :func:`funnel_counts` (summed), for ``groups`` in order."""
    counts = counts.reindex(groups, fill_value=0)
    values = counts.to_numpy(dtype="int64")
    table = pd.DataFrame(
        {
            "group": np.repeat(groups, len(STEPS)),
            "step": np.tile(list(STEPS), len(groups)),
            "count": values.reshape(-1),
        }
    )
    previous = table.groupby("group", sort=False)["count"].shift(1)
    share = table["count"] / previous.where(previous > 0)
    table["share_of_previous"] = pd.array(share.to_numpy(dtype="float64"), dtype="Float64")
    table["group"] = table["group"].astype("string")
    table["step"] = table["step"].astype("string")
    return table[list(FUNNEL_COLUMNS)]
