"""The Dask engine: a log split by candidate, each part checked on a worker.

Every rule and statistic works within one candidate, so the log partitions
by candidate without changing any result. This process reads each log as the
pandas engine does and cuts it into parts of about :data:`ROWS_PER_PARTITION`
rows that never split a candidate (:mod:`followup_stats.engines.partitioned`);
each part is scattered to a worker of a Dask cluster, which runs the same
pandas functions on it, and the parts' results are pooled here: intervals,
medians and tests are computed once, on the pooled data, never averaged over
partitions.

A cluster pays off when the rules and statistics, not the reading, dominate
and there are more cores than this machine's: see the README.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from distributed import Client, LocalCluster

from followup_stats import load
from followup_stats.config import Config
from followup_stats.engines import CheckResult, Progress, StatsTables, silent
from followup_stats.engines import partitioned as parts
from followup_stats.errors import LogFormatError, UsageError

#: Rows per partition aimed at when the caller does not choose a number of partitions.
ROWS_PER_PARTITION = 250_000


#: Seconds to wait for a scheduler given with ``--scheduler`` before saying it is not there.
CONNECT_SECONDS = 10


@contextlib.contextmanager
def connected(
    scheduler: str | None, client: Client | None = None, *, workers: int | None = None
) -> Iterator[Client]:
    """A client of the given cluster, or of a local one for the duration of the block.

    Parameters
    ----------
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``), or ``None``.
    client
        A connected client to use as it is (it is not closed); wins over ``scheduler``.
    workers
        Single-threaded worker processes of the local cluster made when neither
        is given; default one per core.
    """
    if client is not None:
        yield client
    elif scheduler is not None:
        try:
            remote = Client(scheduler, timeout=CONNECT_SECONDS)
        except ValueError as exc:  # an address Dask cannot read
            raise UsageError(
                f"--scheduler {scheduler}: not a Dask scheduler address ({exc})"
            ) from None
        except (OSError, TimeoutError) as exc:
            # A scheduler that is not there is the user's address, not a bug: one line.
            raise UsageError(
                f"--scheduler {scheduler}: cannot reach a Dask scheduler there "
                f"within {CONNECT_SECONDS} s ({exc})"
            ) from None
        with remote:
            yield remote
    else:
        with (
            LocalCluster(
                n_workers=max(1, workers or os.cpu_count() or 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # The scheduler serves health checks over HTTP even without a dashboard,
                # on port 8787 unless told: a free port, so a second cluster makes no warning.
                scheduler_kwargs={"dashboard_address": ":0"},
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as local,
        ):
            yield local


def _run(
    sources: Sequence[load.LogSource],
    config: Config | None,
    as_of: str | dt.date | None,
    task: str,
    by: str | None,
    sheet: str | None,
    scheduler: str | None,
    client: Client | None,
    partitions: int | None,
    progress: Progress,
) -> tuple[list[dict[str, Any]], tuple[LogFormatError, ...]]:
    """Each partition's share of ``task``, and the error of each log set aside as no log."""
    config = parts.settled_config(config, sources)
    progress("reading")
    logs = parts.read_logs(sources, sheet, skip_unreadable=True)
    if task == "stats":
        parts.refuse_unknown_by(logs, by)
    # Per-file ignores are matched here: a worker runs in a folder of its own.
    plan = parts.Plan(config.settled_for(log.label for log in logs), load.to_as_of(as_of, config))
    wanted = partitions or parts.equal_parts(parts.rows(logs), ROWS_PER_PARTITION)
    split = parts.split_by_candidate(logs, wanted)
    progress("starting the cluster" if client is None and scheduler is None else "connecting")
    with connected(scheduler, client) as connection:
        progress(f"{len(split)} partition{'s' if len(split) != 1 else ''} on the cluster")
        scattered = connection.scatter(split)
        futures = connection.map(parts.work, scattered, plan=plan, task=task, by=by, pure=False)
        return list(connection.gather(futures)), logs.unreadable


# -- the engine ------------------------------------------------------------------------------------


def check_log(
    sources: Sequence[load.LogSource],
    config: Config | None,
    as_of: str | dt.date | None = None,
    *,
    sheet: str | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    partitions: int | None = None,
    progress: Progress = silent,
) -> CheckResult:
    """Diagnostics of the logs, worked out per candidate partition on a Dask cluster.

    Parameters
    ----------
    sources, config, as_of, sheet
        As for :func:`followup_stats.engines.pandas_engine.check_log`.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); default a
        local cluster with one single-threaded worker process per core.
    client
        A connected :class:`distributed.Client` to use instead (tests, notebooks).
    partitions
        Number of partitions; default one per :data:`ROWS_PER_PARTITION` rows.
    progress
        Called with the name of each stage as it starts
        (:mod:`followup_stats.progress`).
    """
    results, unreadable = _run(
        sources, config, as_of, "check", None, sheet, scheduler, client, partitions, progress
    )
    return dataclasses.replace(parts.pooled_check(results), unreadable=unreadable)


def stats_log(
    sources: Sequence[load.LogSource],
    config: Config | None,
    as_of: str | dt.date | None = None,
    *,
    by: str | None = None,
    sheet: str | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    partitions: int | None = None,
    progress: Progress = silent,
) -> StatsTables:
    """The ``stats`` tables, pooled from per-partition counts, durations and strata.

    Parameters are those of :func:`check_log`, plus ``by`` (a normalised
    column name, as for the pandas engine). The rows not loaded are counted
    over every partition, as for ``check``.

    Raises
    ------
    UnknownColumn
        When ``by`` is no column of the applications table.
    """
    results, unreadable = _run(
        sources, config, as_of, "stats", by, sheet, scheduler, client, partitions, progress
    )
    tables = parts.pooled_stats(results, by)
    tables.unreadable = unreadable
    return tables
