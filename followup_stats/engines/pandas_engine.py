"""The pandas engine: the whole log on this machine, through the library's own calls.

With ``jobs`` above 1, a big log of several candidates is split by
candidate and its parts worked on at once, in forked worker processes
(:mod:`followup_stats.engines.forked`): every rule and statistic works within
one candidate, and the parts' results are pooled as the Dask engine pools
them (:mod:`followup_stats.engines.partitioned`), so the tables are the same
as from one process. It is not the default: the processes together need
about twice the memory, for a quarter of the time at best (``bench/RESULTS.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

import pandas as pd

from followup_stats import checker
from followup_stats.background import importing_meanwhile
from followup_stats.config import Config
from followup_stats.engines import (
    STATS_TABLES,
    CheckResult,
    Progress,
    StatsTables,
    UnknownColumn,
    file_candidates,
    forked,
    known_columns,
    silent,
)
from followup_stats.engines import partitioned as parts
from followup_stats.errors import LogFormatError
from followup_stats.load import LoadedLog, LogSource, judged_share, load_log, to_as_of
from followup_stats.logio import rows_about

#: Rows a worker process must have to be worth starting. Measured on a 2-core virtual
#: machine (``bench/RESULTS.md``): two processes took about 15% off ``check`` at 1 million
#: events (1.6 s against 1.9 s) and a third at 10 million; below a few hundred thousand
#: events the fork and the pooling cost about what they save.
ROWS_PER_PROCESS = 400_000


def check_log(
    sources: Sequence[LogSource],
    config: Config | None,
    as_of: str | dt.date | None = None,
    *,
    sheet: str | None = None,
    scheduler: str | None = None,
    jobs: int | None = 1,
    rows_per_process: int | None = None,
    progress: Progress = silent,
) -> CheckResult:
    """Diagnostics of the logs (FU rules and DQ findings) and the rows not loaded.

    Parameters
    ----------
    sources, config, as_of, sheet
        The logs and how to read them, as for :func:`followup_stats.load.load_log`
        (``config=None``: the file found next to the logs, else the defaults).
    scheduler
        Accepted for symmetry with the Dask engine and ignored.
    jobs
        Processes at most: 1 (the default) keeps to this process, ``None`` means
        one per usable core. Ignored where processes cannot be forked.
    rows_per_process
        Rows each process must have for the log to be split at all (default
        :data:`ROWS_PER_PROCESS`).
    progress
        Called with the name of each stage as it starts
        (:mod:`followup_stats.progress`).
    """
    config = parts.settled_config(config, sources)
    progress("reading")
    logs, split, unreadable = _split(sources, sheet, jobs, rows_per_process)
    if split:
        progress(f"the rules, in {len(split)} processes")
        pooled = parts.pooled_check(_worked(split, config, as_of, "check", None))
        return dataclasses.replace(pooled, unreadable=unreadable)
    loaded = load_log(logs, config=config, as_of=as_of, sheet=sheet, skip_unreadable=True)
    progress("the rules")
    checked = checker.check_counting_hidden(loaded)
    return CheckResult(
        checked.diagnostics,
        loaded.rows_not_loaded,
        checked.hidden_by_noqa,
        checked.noqa_problems,
        loaded.unloaded_files,
        checked.unknown_candidates,
        file_candidates(loaded.events),
        loaded.empty_files,
        judged_share(loaded.events, loaded.as_of),
        (*unreadable, *loaded.unreadable),
        loaded.partly_loaded,
    )


def stats_log(
    sources: Sequence[LogSource],
    config: Config | None,
    as_of: str | dt.date | None = None,
    *,
    by: str | None = None,
    sheet: str | None = None,
    scheduler: str | None = None,
    jobs: int | None = 1,
    rows_per_process: int | None = None,
    progress: Progress = silent,
) -> StatsTables:
    """The ``rates``, ``times``, ``funnel``, ``patience``, ``times_compared``, ``incidence``
    and ``curves`` tables of the logs.

    Parameters are those of :func:`check_log`, plus ``by`` (a normalised
    column name of the applications table). The tables come with the number
    of rows not loaded (:attr:`StatsTables.rows_not_loaded`), which they do not count.

    Raises
    ------
    UnknownColumn
        When ``by`` (a normalised header) is no column of the applications table.
    """
    config = parts.settled_config(config, sources)
    progress("reading")
    logs, split, unreadable = _split(sources, sheet, jobs, rows_per_process)
    if split:
        parts.refuse_unknown_by(split[0], by)  # every part has every file's settled header
        progress(f"the tables, in {len(split)} processes")
        pooled = parts.pooled_stats(_worked(split, config, as_of, "stats", by), by)
        pooled.unreadable = unreadable
        return pooled

    loaded = load_log(logs, config=config, as_of=as_of, sheet=sheet, skip_unreadable=True)
    known = known_columns(loaded)
    if by is not None and by not in known:
        raise UnknownColumn(by, known)
    with importing_meanwhile("followup_stats.stats"):  # scipy.stats: see _groundwork
        _groundwork(loaded)
    from followup_stats.stats import (
        assumed_waits,
        funnel,
        incidence,
        outcome_rates,
        patience,
        response_times,
        survival_curves,
        times_compared,
    )

    tables = (
        ("rates", "outcome rates", outcome_rates),
        ("times", "waiting times", response_times),
        ("funnel", "the funnel", funnel),
        ("patience", "patience", patience),
    )
    worked: dict[str, pd.DataFrame] = {}
    for name, stage, table in tables:
        progress(stage)
        worked[name] = table(loaded, by=by)
        if name == "times":  # the whole curves and the time to each ending: the same stage
            worked["curves"] = survival_curves(loaded, by=by)
            worked["incidence"] = incidence(loaded, by=by)
    if by is not None:  # without groups there is nothing to compare (and no stage to name)
        progress("comparing waiting times")
    worked["times_compared"] = times_compared(loaded, by=by)
    ordered = {name: worked[name] for name in STATS_TABLES}
    return StatsTables(
        ordered,
        loaded.rows_not_loaded,
        loaded.unloaded_files,
        loaded.empty_files,
        judged_share(loaded.events, loaded.as_of),
        (*unreadable, *loaded.unreadable),
        assumed_waits(loaded),
        loaded.partly_loaded,
    )


def _groundwork(loaded: LoadedLog) -> None:
    """Work out what every table starts from (kept on ``loaded``): its application events
    and interview rounds.

    It is mostly numpy and pandas work, which lets another thread run:
    :func:`stats_log` imports scipy and statsmodels (about 0.6 s) meanwhile.
    Not while the log is read: Arrow reads on every core, so an import then
    only made the read slower (1.0 s against 2.1 s, on a busy 2-core machine).
    """
    checker.application_events_of(loaded)
    checker.rule_context(loaded).interview_rounds  # noqa: B018  (a cached property)


def _split(
    sources: Sequence[LogSource], sheet: str | None, jobs: int | None, rows_per_process: int | None
) -> tuple[list[LogSource], list[parts.Part], tuple[LogFormatError, ...]]:
    """The logs for one process, their parts when worth a process each (else none), and
    the error of each log set aside as no log at all.

    Unless they look big enough to split, the logs are left for
    :func:`load_log` to read (it frees each file's raw cells as soon as they
    are parsed). Every part holds a share of every file, so the first one
    holds every header. Logs read here that cannot be are set aside, as
    :func:`load_log` sets them aside.
    """
    least = ROWS_PER_PROCESS if rows_per_process is None else max(1, rows_per_process)
    if (
        forked.processes(jobs) < 2
        or sum(rows_about(source, sheet) for source in sources) < 2 * least
    ):
        return list(sources), [], ()
    logs = parts.read_logs(sources, sheet, skip_unreadable=True)
    wanted = min(forked.processes(jobs), parts.rows(logs) // least)
    split = parts.split_by_candidate(logs, wanted) if wanted > 1 else []
    return list(logs), split if len(split) > 1 else [], logs.unreadable


def _worked(
    split: list[parts.Part],
    config: Config,
    as_of: str | dt.date | None,
    task: str,
    by: str | None,
) -> list[dict[str, Any]]:
    """Each part's share of ``task``: the first here, the others in forked processes."""
    plan = parts.Plan(config, to_as_of(as_of, config))
    return forked.fork_map(functools.partial(parts.work, plan=plan, task=task, by=by), split)
