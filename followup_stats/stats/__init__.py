"""Statistics of a job-search log (DESIGN.md section 4): tidy DataFrames, as of a date.

:func:`applications_table` summarises each application; :func:`outcome_rates`,
:func:`response_times`, :func:`funnel` give the ``rates``, ``times`` and
``funnel`` tables of ``followup-stats stats``; :func:`survival_curves`
(its ``curves`` table), :func:`compare_times` and :func:`cumulative_incidence`
give the curves and tests behind them (:func:`times_compared`, the log-rank tests of the
``times_compared`` table; :func:`incidence`, the ``incidence`` table read off
the cumulative incidence); :func:`summary_sentences` turns tables into prose.
"""

from followup_stats.stats.applications import (
    APPLICATION_COLUMNS,
    applications_table,
    group_names,
)
from followup_stats.stats.funnel import FUNNEL_COLUMNS, STEPS, funnel
from followup_stats.stats.patience import patience, patience_follow_ups, patience_rounds
from followup_stats.stats.rates import METRICS, RATE_COLUMNS, outcome_rates, wilson
from followup_stats.stats.summary import summary_sentences
from followup_stats.stats.times import (
    ASSUMED_WAIT_COLUMNS,
    COMPARE_COLUMNS,
    CURVE_COLUMNS,
    INCIDENCE_COLUMNS,
    INCIDENCE_DAYS,
    INCIDENCE_SUMMARY_COLUMNS,
    MEASURES,
    TIME_COLUMNS,
    TIMES_COMPARED_COLUMNS,
    WAIT_COLUMNS,
    assumed_waits,
    compare_times,
    cumulative_incidence,
    incidence,
    response_times,
    survival_curves,
    times_compared,
    waiting_times,
)

__all__ = [
    "APPLICATION_COLUMNS",
    "ASSUMED_WAIT_COLUMNS",
    "COMPARE_COLUMNS",
    "CURVE_COLUMNS",
    "FUNNEL_COLUMNS",
    "INCIDENCE_COLUMNS",
    "INCIDENCE_DAYS",
    "INCIDENCE_SUMMARY_COLUMNS",
    "MEASURES",
    "METRICS",
    "RATE_COLUMNS",
    "STEPS",
    "TIMES_COMPARED_COLUMNS",
    "TIME_COLUMNS",
    "WAIT_COLUMNS",
    "applications_table",
    "assumed_waits",
    "compare_times",
    "cumulative_incidence",
    "funnel",
    "group_names",
    "incidence",
    "outcome_rates",
    "patience",
    "patience_follow_ups",
    "patience_rounds",
    "response_times",
    "summary_sentences",
    "survival_curves",
    "times_compared",
    "waiting_times",
    "wilson",
]
