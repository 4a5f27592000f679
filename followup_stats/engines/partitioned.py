"""A log split by candidate: the parts, the work on one part, and the parts' results pooled.

Every rule and statistic works within one candidate, so the log partitions
by candidate without changing any result:

1. :func:`read_logs` reads each log as :func:`followup_stats.load.load_log`
   does (encodings, the fast CSV path, spreadsheets, trackers, Parquet) and
   checks its header, so a file that cannot be a log fails first, with the
   same message.
2. :func:`split_by_candidate` keys every row by candidate (the ``candidate``
   cell as the loader strips it, or the file's stem when blank) and cuts the
   rows into parts of about equal size that never split a candidate. Each
   part keeps every file (its header, line numbers, surplus cells and
   repairs); a file's rows stay in line order.
3. :func:`work` runs the pandas functions on one part, wherever it runs: the
   pandas engine's worker processes (:mod:`followup_stats.engines.forked`)
   or a Dask worker (:mod:`followup_stats.engines.dask_engine`).
4. :func:`pooled_check` and :func:`pooled_stats` combine the parts:
   diagnostics concatenated and sorted; rates and the funnel from summed
   counts; waiting times, their whole curves, their log-rank tests and the
   cumulative incidence of each ending from the pooled durations (and
   causes); the patience table from the concatenated per-candidate strata.
   Intervals, medians and tests are computed once, on the pooled data, never
   averaged over parts.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from followup_stats import load
from followup_stats.checker import check_counting_hidden
from followup_stats.config import Config, resolve_config
from followup_stats.engines import (
    CheckResult,
    StatsTables,
    UnknownColumn,
    application_columns,
    file_candidates,
)
from followup_stats.errors import ConfigError, LogFormatError, UnreadableLogs
from followup_stats.read import RawTable

#: One part: a share of every log file, as :func:`followup_stats.load.load_log` takes it.
Part = list[load.RawSource]

_WAIT_COLUMNS = ["group", "measure", "days", "event", "candidate", "application_id", "start_day"]


@dataclasses.dataclass(frozen=True)
class Plan:
    """What the work on every part shares."""

    config: Config
    as_of: pd.Timestamp


class ReadLogs(list[load.RawSource]):
    """The logs :func:`read_logs` read (a plain list), and the error of each log set
    aside as no log at all (:attr:`unreadable`, with ``skip_unreadable``)."""

    def __init__(
        self, logs: Sequence[load.RawSource], unreadable: Sequence[LogFormatError] = ()
    ) -> None:
        super().__init__(logs)
        self.unreadable = tuple(unreadable)


def read_logs(
    sources: Sequence[load.LogSource], sheet: str | None, *, skip_unreadable: bool = False
) -> ReadLogs:
    """Each log's raw cells, read once; a file that cannot be a log fails here.

    With ``skip_unreadable`` such a file is set aside, its error in
    :attr:`ReadLogs.unreadable`, as :func:`followup_stats.load.load_log` sets it aside.

    Raises
    ------
    followup_stats.errors.LogFormatError
        As :func:`followup_stats.load.load_log` would, for the same file (with
        ``skip_unreadable``, an :class:`~followup_stats.errors.UnreadableLogs` when no
        log can be read).
    """
    sources = load.distinct_sources(sources)
    paths = [s for s in sources if isinstance(s, str | Path)]
    sheets = [load._sheet_of(source, sheet, paths) for source in sources]

    def read(source: load.LogSource, position: int) -> load.RawSource:
        raw, label, stem = load.read_canonical(source, sheets[position])
        load._normalised_cells(raw, label)  # a broken header fails here, as load_log would
        return load.RawSource(_settled_header(raw), label, stem)

    _, logs, unreadable = load.readable_sources(sources, read, skip_unreadable)
    return ReadLogs(logs, unreadable)


def _settled_header(raw: RawTable) -> RawTable:
    """``raw`` with each unnamed column that holds a value named as the loader names it.

    The loader keeps an unnamed column (as ``column_N``) only where one of its
    cells is filled; a part of the file may hold none of those cells, so the
    name is settled here, on the whole file, for every part alike.
    """
    header = [
        cell if load.normalise_header(cell) or not name else name
        for cell, name in zip(raw.header, load.header_names(raw), strict=True)
    ]
    return raw if header == raw.header else dataclasses.replace(raw, header=header)


def settled_config(config: Config | None, sources: Sequence[load.LogSource]) -> Config:
    """``config``, or the configuration file found next to the logs (as :func:`load.load_log`).

    Resolved once, before the logs are split: a part holds no path to look beside.
    """
    return resolve_config(config, log_paths=[s for s in sources if isinstance(s, str | Path)])


def refuse_unknown_by(logs: Sequence[load.RawSource], by: str | None) -> None:
    """Refuse a ``--by`` column that no log has (as the pandas engine does).

    Raises
    ------
    UnknownColumn
        When ``by`` is no column of the applications table of these logs.
    """
    if by is None:
        return
    attributes = dict.fromkeys(
        name
        for log in logs
        for name in load._normalised_cells(log.raw, log.label).columns
        if name not in load.STANDARD_COLUMNS
    )
    known = application_columns(list(attributes))
    if by not in known:
        raise UnknownColumn(by, known)


def rows(logs: Sequence[load.RawSource]) -> int:
    """Data rows of the logs, before any is checked."""
    return sum(len(log.raw.cells) for log in logs)


def split_by_candidate(logs: Sequence[load.RawSource], parts: int) -> list[Part]:
    """The logs cut into at most ``parts`` parts of about equal rows, no candidate split.

    Candidates go to parts in the order they first appear; a part's share of
    a file is a slice of it when its rows are contiguous there (no copy).
    """
    # Each log named as the loader names it: two clients' log.csv are two candidates.
    stems = [told or log.stem for log, told in zip(logs, load.stems_told_apart(logs), strict=True)]
    keys = [load.candidate_names(log.raw, stem) for log, stem in zip(logs, stems, strict=True)]
    # One number per candidate across the files, in order of first appearance.
    names = pd.Index(pd.unique(pd.Series(np.concatenate([k[1] for k in keys]), dtype=object)))
    codes = [names.get_indexer(pd.Index(distinct, dtype=object))[own] for own, distinct in keys]
    sizes = np.bincount(np.concatenate(codes).astype(np.intp), minlength=len(names))
    # Cut at the first candidate at or after each equal share of the rows.
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    targets = np.linspace(0, total, max(1, parts) + 1)[1:-1]
    cuts = np.unique(np.searchsorted(ends, targets, side="left") + 1)
    part_of = np.searchsorted(cuts, np.arange(len(names)), side="right")
    wanted = int(part_of.max(initial=0)) + 1
    per_row = [part_of[c] for c in codes]
    return [
        [_share(log, np.flatnonzero(own == number)) for log, own in zip(logs, per_row, strict=True)]
        for number in range(wanted)
    ]


def _share(log: load.RawSource, positions: np.ndarray) -> load.RawSource:
    """The rows of ``log`` at ``positions`` (ascending), with their surplus cells and repairs."""
    raw = log.raw
    whole = len(positions) == len(raw.cells)
    if whole:
        return log
    contiguous = len(positions) > 0 and positions[-1] - positions[0] + 1 == len(positions)
    cells = (
        raw.cells.iloc[int(positions[0]) : int(positions[-1]) + 1]
        if contiguous
        else raw.cells.take(positions)
    )
    lines = raw.cells.index.to_numpy(dtype=np.int64)
    held = lines[positions]
    surplus_lines = np.fromiter(raw.extra, dtype=np.int64, count=len(raw.extra))
    kept = np.isin(surplus_lines, held)
    extra = {line: raw.extra[line] for line in surplus_lines[kept].tolist()}
    # A mended line belongs to the last record starting on or before it (as the loader reads it).
    mended = np.array([line for line, _ in raw.repairs], dtype=np.int64)
    record = np.searchsorted(lines, mended, side="right") - 1
    owner = np.where(record >= 0, lines[np.maximum(record, 0)], -1)
    keep = (mended > raw.header_line) & (record >= 0) & np.isin(owner, held)
    repairs = tuple(r for r, k in zip(raw.repairs, keep.tolist(), strict=True) if k)
    table = RawTable(
        cells,
        raw.header,
        raw.header_line,
        extra,
        raw.encoding,
        raw.delimiter,
        repairs=repairs,
        spanning=np.flatnonzero(np.isin(positions, raw.spanning)),
    )
    return load.RawSource(table, log.label, log.stem, named=load.named_candidates(raw))


def work(part: Part, plan: Plan, task: str, by: str | None) -> dict[str, Any]:
    """Load one part and compute its share of ``check`` (``task="check"``) or ``stats``."""
    loaded = load.load_log(part, config=plan.config, as_of=plan.as_of)
    rejected, checked_files = loaded.files_rejected_and_checked
    coverage = {  # a file's rows may be spread over the parts: pooled before compared
        "rejected_files": pd.Series(rejected.unique(), dtype="string"),
        "checked_files": pd.Series(checked_files.unique(), dtype="string"),
        "empty_files": loaded.empty_files,  # a part may hold no row of a file that has some
        "judged": load.judged_share(loaded.events, loaded.as_of),
    }
    if task == "check":
        checked = check_counting_hidden(loaded)
        return {
            "diagnostics": checked.diagnostics,
            "rows_not_loaded": loaded.rows_not_loaded,
            "partly_loaded": loaded.partly_loaded,
            "hidden_by_noqa": checked.hidden_by_noqa,
            "noqa_problems": checked.noqa_problems,
            "unknown_candidates": checked.unknown_candidates,
            "file_candidates": file_candidates(loaded.events),
            **coverage,
        }
    from followup_stats.stats.applications import group_labels, loaded_applications
    from followup_stats.stats.funnel import funnel_counts
    from followup_stats.stats.patience import patience_strata
    from followup_stats.stats.rates import rate_counts
    from followup_stats.stats.times import assumed_waits, grouped_endings, grouped_waits

    _, _, applications = loaded_applications(loaded, None, None)
    waits = grouped_waits(loaded, by)
    strata, patience_groups = patience_strata(loaded, by=by)
    return {
        "labels": group_labels(applications, by).unique().tolist(),
        "rates": rate_counts(applications, by, loaded.config.ghost_after_days),
        "funnel": funnel_counts(applications, by),
        "waits": waits[_WAIT_COLUMNS],
        "endings": grouped_endings(loaded, by),
        "strata": strata,
        "patience_groups": patience_groups,
        "reply_days": loaded.config.ghost_after_days,
        "rows_not_loaded": loaded.rows_not_loaded,
        "partly_loaded": loaded.partly_loaded,
        "assumed_waits": assumed_waits(loaded),
        **coverage,
    }


def pooled_unloaded(results: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """The files of which no row loaded in any part (:attr:`load.LoadedLog.unloaded_files`)."""
    none = pd.Series(dtype="string")
    return load.files_without_events(
        pd.concat([none, *(r["rejected_files"] for r in results)], ignore_index=True),
        pd.concat([none, *(r["checked_files"] for r in results)], ignore_index=True),
    )


def pooled_empty(results: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """The files with no data row in any part (:attr:`load.LoadedLog.empty_files`)."""
    if not results:
        return ()
    common = set(results[0]["empty_files"]).intersection(*(r["empty_files"] for r in results))
    return tuple(f for f in results[0]["empty_files"] if f in common)


def pooled_check(results: Sequence[dict[str, Any]]) -> CheckResult:
    """The diagnostics of every part, in the pandas engine's order."""
    from followup_stats.rules.engine import empty_diagnostics, sort_diagnostics

    found = [r["diagnostics"] for r in results if len(r["diagnostics"])]
    diagnostics = (
        sort_diagnostics(pd.concat(found, ignore_index=True)) if found else empty_diagnostics()
    )
    problems = [r["noqa_problems"] for r in results]
    return CheckResult(
        diagnostics,
        int(sum(r["rows_not_loaded"] for r in results)),
        int(sum(r["hidden_by_noqa"] for r in results)),
        pd.concat(problems, ignore_index=True).sort_values(
            ["file", "line"], kind="stable", ignore_index=True
        )
        if problems
        else None,
        pooled_unloaded(results),
        pooled_unknown_candidates(results),
        pd.concat([r["file_candidates"] for r in results], ignore_index=True).drop_duplicates(
            ignore_index=True
        )
        if results
        else None,
        pooled_empty(results),
        load.pooled_judged_share([r["judged"] for r in results]),
        partly_loaded=pooled_partly_loaded(results),
    )


def pooled_partly_loaded(results: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """The rows loaded in part of every part, and their events not loaded (a row's
    events are in one part: they are on one line)."""
    return (
        int(sum(r["partly_loaded"][0] for r in results)),
        int(sum(r["partly_loaded"][1] for r in results)),
    )


def check_by_configuration(
    groups: Sequence[tuple[Config, Sequence[load.LogSource]]],
    as_of: str | dt.date | None,
    sheet: str | None = None,
) -> CheckResult:
    """``check`` of logs that different configuration files judge, each group by its own.

    ``groups`` pairs each configuration with its logs
    (:func:`followup_stats.config.config_groups`), as ruff judges each file by
    its closest settings. Each group is worked on as a part with its own plan
    and the parts are pooled as the engines pool theirs; the names that a
    group's ``per-candidate-ignores`` gives and its own logs lack are its own.

    Raises
    ------
    followup_stats.errors.ConfigError
        When logs of two groups name the same candidate: one candidate's
        applications cannot be judged by two sets of settings.
    """
    every = read_by_configuration(groups, sheet, skip_unreadable=True)
    read = [(config, logs) for config, logs in every if logs]  # a group of no log is left out
    results = [
        work(logs, Plan(config, load.to_as_of(as_of, config)), "check", None)
        for config, logs in read
    ]
    # A name is unknown when no group whose settings give it has it (the command line's
    # --config gives it to every group; a client's file to theirs alone).
    listed = collections.Counter(
        name for config, _ in read for name in dict(config.per_candidate_ignores)
    )
    return dataclasses.replace(
        pooled_check(results),
        unknown_candidates=pooled_unknown_candidates(results, listed),
        # Each file is in one group (a part of a split log holds a share of every file).
        empty_files=tuple(file for r in results for file in r["empty_files"]),
        unreadable=tuple(error for _, logs in every for error in logs.unreadable),
    )


def read_by_configuration(
    groups: Sequence[tuple[Config, Sequence[load.LogSource]]],
    sheet: str | None = None,
    *,
    skip_unreadable: bool = False,
) -> list[tuple[Config, ReadLogs]]:
    """Each group's logs read (:func:`read_logs`), for :func:`followup_stats.load.load_log`.

    With ``skip_unreadable``, the logs that cannot be read are set aside in
    each group's :attr:`ReadLogs.unreadable`; a group none of whose logs can
    be is kept, empty, for its errors.

    Raises
    ------
    followup_stats.errors.ConfigError
        When logs of two groups name the same candidate (:func:`check_by_configuration`).
    followup_stats.errors.LogFormatError
        For a log that cannot be read, unless ``skip_unreadable``; then
        :class:`~followup_stats.errors.UnreadableLogs` when no log of any group can be.
    """
    read = [(config, _read_group(sources, sheet, skip_unreadable)) for config, sources in groups]
    if skip_unreadable and not any(logs for _, logs in read):
        raise UnreadableLogs([error for _, logs in read for error in logs.unreadable])
    _refuse_shared_candidates([logs for _, logs in read])
    return read


def _read_group(
    sources: Sequence[load.LogSource], sheet: str | None, skip_unreadable: bool
) -> ReadLogs:
    """:func:`read_logs` of one group; with ``skip_unreadable``, none read when none can be."""
    try:
        return read_logs(sources, sheet, skip_unreadable=skip_unreadable)
    except UnreadableLogs as exc:
        if not skip_unreadable:
            raise
        return ReadLogs([], exc.errors)


def _refuse_shared_candidates(groups: Sequence[Sequence[load.RawSource]]) -> None:
    """A :class:`ConfigError` when a candidate named in a cell has logs in two groups.

    A candidate known only by a file's name (no ``candidate`` cell) is the
    file's own: two clients' ``log.csv`` in two folders are not one person.
    """
    owner: dict[str, tuple[int, str]] = {}
    for group, logs in enumerate(groups):
        for log in logs:
            # With no stem to fall back on, a name is one a cell gives (a cell may name
            # the file's own stem: "Sam" in Sam.csv is still Sam).
            _, names = load.candidate_names(log.raw, "")
            for name in sorted({str(n) for n in names} - {""}):
                first_group, first_label = owner.setdefault(name, (group, log.label))
                if first_group != group:
                    raise ConfigError(
                        "configuration",
                        f"candidate {name!r} has logs under two configuration files "
                        f"({first_label} and {log.label}, whose closest files differ); "
                        "one candidate's logs are judged by one: choose it with --config",
                    )


def pooled_unknown_candidates(
    results: Sequence[dict[str, Any]], listed: Mapping[str, int] | None = None
) -> pd.DataFrame | None:
    """The ``per-candidate-ignores`` names no part has, with a part's closest name, if any.

    ``listed`` counts the parts whose settings give each name, when not all
    do (logs judged by different configuration files); by default every part's do.
    """
    unknown = [r["unknown_candidates"] for r in results if r["unknown_candidates"] is not None]
    if not unknown:
        return None
    every = pd.concat(unknown, ignore_index=True)
    parts = every.groupby("name", sort=False)["name"].transform("size")
    giving = every["name"].map(listed) if listed is not None else len(unknown)
    missing = every[parts.eq(giving).to_numpy(dtype=bool)]
    # The closest name over all parts, ties to the later in sort order as suggest.closest has it.
    best = missing.sort_values(["closeness", "suggestion"], ascending=False, kind="stable")
    best = best.drop_duplicates("name").set_index("name")
    names = missing["name"].drop_duplicates()
    return best.loc[names].reset_index()[["name", "suggestion", "closeness"]]


def pooled_stats(results: Sequence[dict[str, Any]], by: str | None) -> StatsTables:
    """The ``stats`` tables from the parts' counts, durations and strata, and the rows
    not loaded in every part."""
    from followup_stats.stats.applications import group_order, sorted_groups
    from followup_stats.stats.funnel import funnel_from_counts
    from followup_stats.stats.patience import patience_from_strata
    from followup_stats.stats.rates import rates_from_counts
    from followup_stats.stats.times import (
        curves_from_waits,
        incidence_from_endings,
        times_compared_from_waits,
        times_from_waits,
    )

    labels = pd.Series([label for r in results for label in r["labels"]], dtype="string")
    groups = group_order(labels, by)
    rates = pd.concat([r["rates"] for r in results]).groupby(level=["group", "metric"]).sum()
    steps = pd.concat([r["funnel"] for r in results]).groupby(level=0).sum()
    waits = pd.concat([r["waits"] for r in results], ignore_index=True)
    endings = pd.concat([r["endings"] for r in results], ignore_index=True)
    strata = pd.concat([r["strata"] for r in results], ignore_index=True)
    # Without ``by`` every part names the one group "all"; with it, no group may be judged.
    patience_groups = sorted_groups(g for r in results for g in r["patience_groups"])
    tables = {
        "rates": rates_from_counts(rates, groups),
        "times": times_from_waits(waits, groups),
        "funnel": funnel_from_counts(steps, groups),
        "patience": patience_from_strata(
            strata, patience_groups, results[0]["reply_days"] if results else None
        ),
        "times_compared": times_compared_from_waits(waits, groups),
        "incidence": incidence_from_endings(endings, groups),
        "curves": curves_from_waits(waits, groups),
    }
    return StatsTables(
        tables,
        int(sum(r["rows_not_loaded"] for r in results)),
        pooled_unloaded(results),
        pooled_empty(results),
        load.pooled_judged_share([r["judged"] for r in results]),
        assumed_waits=pd.concat([r["assumed_waits"] for r in results], ignore_index=True)
        if results
        else None,
        partly_loaded=pooled_partly_loaded(results),
    )


def equal_parts(total: int, rows_per_part: int) -> int:
    """How many parts of about ``rows_per_part`` rows ``total`` rows make (at least one)."""
    return max(1, -(-total // rows_per_part))
