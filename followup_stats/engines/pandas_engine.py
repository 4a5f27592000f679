"""The pandas engine: the whole log in this process, through the library's own calls."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from followup_stats import checker
from followup_stats.config import Config
from followup_stats.engines import CheckResult, UnknownColumn, known_columns
from followup_stats.load import LoadedLog, LogSource, load_log


def check_log(
    sources: Sequence[LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None = None,
    *,
    sheet: str | None = None,
    scheduler: str | None = None,
) -> CheckResult:
    """Diagnostics of the logs (FU rules and DQ findings) and the rows not loaded.

    ``scheduler`` is accepted for symmetry with the Dask engine and ignored.
    """
    loaded = _load(sources, config, as_of, sheet)
    return CheckResult(checker.check(loaded), len(loaded.rejects))


def stats_log(
    sources: Sequence[LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None = None,
    *,
    by: str | None = None,
    sheet: str | None = None,
    scheduler: str | None = None,
) -> dict[str, pd.DataFrame]:
    """The ``rates``, ``times``, ``funnel`` and ``patience`` tables of the logs.

    Raises
    ------
    UnknownColumn
        When ``by`` (a normalised header) is no column of the applications table.
    """
    from followup_stats.stats import funnel, outcome_rates, patience, response_times

    loaded = _load(sources, config, as_of, sheet)
    known = known_columns(loaded)
    if by is not None and by not in known:
        raise UnknownColumn(by, known)
    return {
        "rates": outcome_rates(loaded, by=by),
        "times": response_times(loaded, by=by),
        "funnel": funnel(loaded, by=by),
        "patience": patience(loaded, by=by),
    }


def _load(
    sources: Sequence[LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None,
    sheet: str | None,
) -> LoadedLog:
    source = sources[0] if len(sources) == 1 else list(sources)
    return load_log(source, config=config, as_of=as_of, sheet=sheet)
