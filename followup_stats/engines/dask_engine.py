"""The Dask engine: a log split by candidate, each part checked on a worker.

Every rule and statistic works within one candidate, so the log partitions
by candidate without changing any result:

1. This process reads each log as the pandas engine does
   (:func:`followup_stats.load.read_canonical`: encodings, the fast CSV path,
   spreadsheets, trackers, Parquet) and normalises its header, so a file that
   cannot be a log fails here, with the same message.
2. The rows are keyed by candidate (the ``candidate`` cell, or the file's
   stem when blank, as the loader does) and cut into partitions of about
   :data:`ROWS_PER_PARTITION` rows that never split a candidate; each is
   scattered to a worker.
3. Each partition runs the same pandas functions as the pandas engine on its
   rows (every file with its own header, line numbers, surplus cells and
   repairs), on the cluster's workers.
4. The parts are combined: diagnostics concatenated and sorted; rates and
   the funnel from summed counts; waiting times from the pooled durations;
   the patience table from the concatenated per-candidate strata. Intervals,
   medians and tests are computed once, on the pooled data, never averaged
   over partitions.

A cluster pays off when the rules and statistics, not the reading, dominate
and there are more cores than this machine's: see the README.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

from followup_stats import load
from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.engines import CheckResult, UnknownColumn, application_columns
from followup_stats.read import RawTable
from followup_stats.rules.engine import empty_diagnostics, sort_diagnostics
from followup_stats.stats.applications import group_labels, group_order, loaded_applications
from followup_stats.stats.funnel import funnel_counts, funnel_from_counts
from followup_stats.stats.patience import patience_from_strata, patience_strata
from followup_stats.stats.rates import rate_counts, rates_from_counts
from followup_stats.stats.times import grouped_waits, times_from_waits

#: Rows per partition aimed at when the caller does not choose a number of partitions.
ROWS_PER_PARTITION = 250_000
_KEY, _SOURCE, _LINE = "__candidate__", "__source__", "__line__"
_WAIT_COLUMNS = ["group", "measure", "days", "event", "candidate", "application_id", "start_day"]


@dataclasses.dataclass(frozen=True)
class _Source:
    """What a partition needs to rebuild its share of one log file."""

    label: str
    stem: str
    header: list[str]
    header_line: int
    encoding: str
    delimiter: str
    extra: dict[int, list[str]]
    #: ``(line, what, record)``: each repair with the line of the record holding it.
    repairs: tuple[tuple[int, str, int], ...]

    @property
    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.header))]


@dataclasses.dataclass(frozen=True)
class _Plan:
    """The work every partition shares."""

    sources: tuple[_Source, ...]
    config: Config
    as_of: pd.Timestamp


# -- on this process: read, key by candidate, partition ----------------------------------------


def _read(
    sources: Sequence[load.LogSource], sheet: str | None
) -> tuple[list[_Source], pd.DataFrame]:
    """Every source's metadata, and all rows keyed by candidate (positional cell columns)."""
    paths = [s for s in sources if isinstance(s, str | Path)]
    metas: list[_Source] = []
    frames: list[pd.DataFrame] = []
    for number, source in enumerate(sources):
        raw, label, stem = load.read_canonical(source, load._sheet_of(source, sheet, paths))
        cells = load._normalised_cells(raw, label)  # fails here as load_log would
        lines = cells.index.to_numpy(dtype=np.int64)
        owner = np.searchsorted(lines, [line for line, _ in raw.repairs], side="right") - 1
        repairs = tuple(
            (line, what, int(lines[row]))
            for (line, what), row in zip(raw.repairs, owner, strict=True)
            if line > raw.header_line and row >= 0
        )
        meta = _Source(
            label,
            stem,
            list(cells.columns),
            raw.header_line,
            raw.encoding,
            raw.delimiter,
            dict(raw.extra),
            repairs,
        )
        if "candidate" in cells:
            key = cells["candidate"].str.strip()
            key = key.mask(key.eq(""), stem)
        else:
            key = pd.Series(stem, index=cells.index, dtype="string")
        frame = cells.set_axis(meta.columns, axis=1).reset_index(drop=True)
        frame[_KEY] = key.to_numpy()
        frame[_SOURCE] = number
        frame[_LINE] = lines
        metas.append(meta)
        frames.append(frame)
    return metas, pd.concat(frames, ignore_index=True)


def _partitions(rows: pd.DataFrame, partitions: int | None) -> list[pd.DataFrame]:
    """The rows cut into about equal parts, in candidate order, no candidate split."""
    codes, _ = pd.factorize(rows[_KEY])
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    wanted = partitions or max(1, -(-len(rows) // ROWS_PER_PARTITION))
    # Cut at the first row of a candidate at or after each equal share of the rows.
    targets = np.linspace(0, len(rows), wanted + 1)[1:-1].round().astype(np.int64)
    firsts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    cuts = np.unique(firsts[np.minimum(np.searchsorted(firsts, targets), len(firsts) - 1)])
    bounds = [0, *cuts[cuts > 0].tolist(), len(rows)]
    ordered = rows.drop(columns=_KEY).iloc[order]
    return [ordered.iloc[a:b] for a, b in itertools.pairwise(bounds) if b > a]


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
        with Client(scheduler) as remote:
            yield remote
    else:
        with (
            LocalCluster(
                n_workers=max(1, workers or os.cpu_count() or 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as local,
        ):
            yield local


def _run(
    sources: Sequence[load.LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None,
    task: str,
    by: str | None,
    sheet: str | None,
    scheduler: str | None,
    client: Client | None,
    partitions: int | None,
) -> list[dict[str, Any]]:
    metas, rows = _read(sources, sheet)
    if task == "stats" and by is not None:
        attributes = dict.fromkeys(
            c for meta in metas for c in meta.header if c not in load.STANDARD_COLUMNS
        )
        known = application_columns(list(attributes))
        if by not in known:
            raise UnknownColumn(by, known)
    plan = _Plan(tuple(metas), config, load.to_as_of(as_of, config))
    if rows.empty:
        return [_work(rows.iloc[:0], plan, task, by)]
    parts = _partitions(rows, partitions)
    with connected(scheduler, client) as connection:
        scattered = connection.scatter(parts)
        futures = connection.map(_work, scattered, plan=plan, task=task, by=by, pure=False)
        return list(connection.gather(futures))


# -- on a worker: one partition ------------------------------------------------------------------


def _part_sources(part: pd.DataFrame, plan: _Plan) -> list[load.RawSource]:
    """Each log file's rows of the partition, in line order (files with none come empty)."""
    found: list[load.RawSource] = []
    for number, meta in enumerate(plan.sources):
        rows = part[part[_SOURCE].to_numpy() == number].sort_values(_LINE, kind="stable")
        lines = rows[_LINE].to_numpy(dtype=np.int64)
        cells = rows[meta.columns].set_axis(meta.header, axis=1)
        cells.index = pd.Index(lines, name="line")
        held = set(lines.tolist())
        raw = RawTable(
            cells,
            meta.header,
            meta.header_line,
            {line: surplus for line, surplus in meta.extra.items() if line in held},
            meta.encoding,
            meta.delimiter,
            repairs=tuple((line, what) for line, what, record in meta.repairs if record in held),
        )
        found.append(load.RawSource(raw, meta.label, meta.stem))
    return found


def _work(part: pd.DataFrame, plan: _Plan, task: str, by: str | None) -> dict[str, Any]:
    """Load one partition and compute its share of ``check`` or ``stats``."""
    loaded = load.load_log(_part_sources(part, plan), config=plan.config, as_of=plan.as_of)
    if task == "check":
        return {"diagnostics": check(loaded), "rows_not_loaded": len(loaded.rejects)}
    _, _, applications = loaded_applications(loaded, None, None)
    waits = grouped_waits(loaded, by)
    strata, patience_groups = patience_strata(loaded, by=by)
    return {
        "labels": group_labels(applications, by).unique().tolist(),
        "rates": rate_counts(applications, by, loaded.config.ghost_after_days),
        "funnel": funnel_counts(applications, by),
        "waits": waits[_WAIT_COLUMNS],
        "strata": strata,
        "patience_groups": patience_groups,
    }


# -- the engine ------------------------------------------------------------------------------------


def check_log(
    sources: Sequence[load.LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None = None,
    *,
    sheet: str | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    partitions: int | None = None,
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
    """
    results = _run(sources, config, as_of, "check", None, sheet, scheduler, client, partitions)
    found = [r["diagnostics"] for r in results if len(r["diagnostics"])]
    diagnostics = (
        sort_diagnostics(pd.concat(found, ignore_index=True)) if found else empty_diagnostics()
    )
    return CheckResult(diagnostics, int(sum(r["rows_not_loaded"] for r in results)))


def stats_log(
    sources: Sequence[load.LogSource],
    config: Config,
    as_of: str | pd.Timestamp | None = None,
    *,
    by: str | None = None,
    sheet: str | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    partitions: int | None = None,
) -> dict[str, pd.DataFrame]:
    """The ``stats`` tables, pooled from per-partition counts, durations and strata.

    Parameters are those of :func:`check_log`, plus ``by`` (a normalised
    column name, as for the pandas engine).

    Raises
    ------
    UnknownColumn
        When ``by`` is no column of the applications table.
    """
    results = _run(sources, config, as_of, "stats", by, sheet, scheduler, client, partitions)
    labels = pd.Series([label for r in results for label in r["labels"]], dtype="string")
    groups = group_order(labels, by)
    rates = pd.concat([r["rates"] for r in results]).groupby(level=["group", "metric"]).sum()
    steps = pd.concat([r["funnel"] for r in results]).groupby(level=0).sum()
    waits = pd.concat([r["waits"] for r in results], ignore_index=True)
    strata = pd.concat([r["strata"] for r in results], ignore_index=True)
    patience_groups = sorted({g for r in results for g in r["patience_groups"]})
    return {
        "rates": rates_from_counts(rates, groups),
        "times": times_from_waits(waits, groups),
        "funnel": funnel_from_counts(steps, groups),
        "patience": patience_from_strata(strata, patience_groups or ["all"]),
    }
