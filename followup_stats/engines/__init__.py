"""Engines: where ``check`` and ``stats`` do their work.

Every rule and every statistic works within one candidate, so a log can be
split by candidate and each part checked on its own:

``pandas`` (:mod:`followup_stats.engines.pandas_engine`)
    The library calls, as the notebooks make them, on this machine: in this
    process, or for a big log of several candidates split over one worker
    process per core (:mod:`followup_stats.engines.forked`).
``dask`` (:mod:`followup_stats.engines.dask_engine`)
    The log split by candidate into partitions that run the same pandas
    functions on the workers of a Dask cluster (an existing one, or a local
    one); the diagnostics are concatenated and the statistics pooled from
    counts, durations and per-candidate strata, so both engines give the same
    tables. Splitting and pooling are shared
    (:mod:`followup_stats.engines.partitioned`).

Both offer ``check_log`` (a :class:`CheckResult`) and ``stats_log`` (:class:`StatsTables`)
with the same arguments, and each a few of
its own (``jobs`` for pandas; ``client`` and ``partitions`` for Dask). Both take
``progress``, a function called with the name of each stage as it starts: the command
line shows it (:mod:`followup_stats.progress`); the engines know nothing of terminals.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping, Sequence
from types import ModuleType

import numpy as np
import pandas as pd

from followup_stats.errors import FollowupStatsError, LogFormatError
from followup_stats.errors import UnknownColumn as UnknownColumn  # where the engines raise it
from followup_stats.load import LoadedLog
from followup_stats.progress import Progress as Progress  # what the engines call
from followup_stats.progress import silent as silent

#: Engine names, the default first.
ENGINES: tuple[str, ...] = ("pandas", "dask")
#: The tables of ``followup-stats stats``, in order.
STATS_TABLES: tuple[str, ...] = (
    "rates",
    "times",
    "funnel",
    "patience",
    "times_compared",
    "incidence",
    "curves",
)


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """What ``check`` reports: the diagnostics, how many rows were not loaded, and how
    many findings ``noqa`` in the notes hid."""

    diagnostics: pd.DataFrame
    rows_not_loaded: int
    hidden_by_noqa: int = 0
    #: ``noqa`` that hide nothing (:func:`followup_stats.suppression.noqa_problems`).
    noqa_problems: pd.DataFrame | None = None
    #: Files with rows of which none was loaded (:attr:`LoadedLog.unloaded_files`).
    unloaded_files: tuple[str, ...] = ()
    #: Names ``per-candidate-ignores`` gives that no log has
    #: (:func:`followup_stats.suppression.unknown_candidates`).
    unknown_candidates: pd.DataFrame | None = None
    #: Up to two candidates with a loaded event in each file (:func:`file_candidates`):
    #: where a file holds several, the text names each finding's candidate.
    file_candidates: pd.DataFrame | None = None
    #: Files with a header and no data rows (:attr:`LoadedLog.empty_files`).
    empty_files: tuple[str, ...] = ()
    #: Whether each file's candidates have an event on or before the as-of date
    #: (:func:`followup_stats.load.judged_share`).
    judged: pd.DataFrame | None = None
    #: The error of each log set aside as no log at all (:attr:`LoadedLog.unreadable`).
    unreadable: tuple[LogFormatError, ...] = ()
    #: Rows loaded in part and their events not loaded (:attr:`LoadedLog.partly_loaded`).
    partly_loaded: tuple[int, int] = (0, 0)

    @property
    def files_shared(self) -> bool:
        """Whether a file holds the events of more than one candidate (a coach's file)."""
        pairs = self.file_candidates
        return pairs is not None and bool(pairs["file"].duplicated().any())


def file_candidates(events: pd.DataFrame) -> pd.DataFrame:
    """Up to two candidates of each file of ``events``: ``file`` and ``candidate`` (strings).

    Two rows for a file with events of more than one candidate, one for the
    others: enough to tell a coach's file, and to pool over parts of a log
    split by candidate. Found from the columns' codes (the first and last
    candidate code per file), not row by row.
    """
    files = pd.Categorical(events["file"])
    names = pd.Categorical(events["candidate"])
    codes = pd.DataFrame({"file": files.codes, "candidate": names.codes})
    ends = codes[codes["file"].ge(0).to_numpy()].groupby("file")["candidate"].agg(["min", "max"])
    pairs = ends.melt(ignore_index=False, value_name="code").reset_index()
    pairs = pairs.drop_duplicates(["file", "code"])
    found = pairs["code"].to_numpy()
    return pd.DataFrame(
        {
            "file": pd.Series(files.categories.take(pairs["file"].to_numpy()), dtype="string"),
            "candidate": pd.Series(
                names.categories.take(np.maximum(found, 0)), dtype="string"
            ).mask(found < 0),
        }
    )


class StatsTables(dict[str, pd.DataFrame]):
    """What ``stats`` reports: its tables by name (a plain mapping), how many rows were
    not loaded (:attr:`rows_not_loaded`), which no table counts, and the files of which
    no row loaded (:attr:`unloaded_files`), and those with a header and no data rows
    (:attr:`empty_files`), and which files and candidates have an event on or before the
    as-of date (:attr:`judged`), and the error of each log set aside as no log at all
    (:attr:`unreadable`), and the waits left out for an assumed date
    (:attr:`assumed_waits`)."""

    def __init__(
        self,
        tables: Mapping[str, pd.DataFrame],
        rows_not_loaded: int,
        unloaded_files: tuple[str, ...] = (),
        empty_files: tuple[str, ...] = (),
        judged: pd.DataFrame | None = None,
        unreadable: tuple[LogFormatError, ...] = (),
        assumed_waits: pd.DataFrame | None = None,
        partly_loaded: tuple[int, int] = (0, 0),
    ) -> None:
        super().__init__(tables)
        self.rows_not_loaded = rows_not_loaded
        #: Rows loaded in part and their events not loaded, which no table counts either
        #: (:attr:`followup_stats.load.LoadedLog.partly_loaded`).
        self.partly_loaded = partly_loaded
        self.unloaded_files = unloaded_files
        self.empty_files = empty_files
        #: Whether each file's candidates have a judged event
        #: (:func:`followup_stats.load.judged_share`).
        self.judged = judged
        self.unreadable = unreadable
        #: The waits left out as they would start or end on an assumed date
        #: (:func:`followup_stats.stats.times.assumed_waits`); None: not worked out.
        self.assumed_waits = assumed_waits


class EngineUnavailable(FollowupStatsError):
    """The engine needs packages that are not installed."""


def get_engine(name: str) -> ModuleType:
    """The engine module called ``name`` (one of :data:`ENGINES`).

    Raises
    ------
    EngineUnavailable
        For an unknown name, or the ``dask`` engine without Dask installed.
    """
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    try:
        return importlib.import_module(f"followup_stats.engines.{name}_engine")
    except ImportError as exc:
        raise EngineUnavailable(
            f"the {name} engine needs {exc.name or 'packages that are missing'}: "
            "pip install 'followup_stats[dask]'"
        ) from None


def application_columns(attributes: Sequence[str]) -> list[str]:
    """Columns of the applications table of a log with these extra columns (``--by`` choices).

    As :func:`followup_stats.stats.applications_table` orders them: identity,
    the log's extra columns (``log_<name>`` when the name is taken), the rest.
    """
    from followup_stats.stats.applications import APPLICATION_COLUMNS  # statsmodels: lazily

    extra = [f"log_{a}" if a in APPLICATION_COLUMNS else a for a in attributes]
    return [*APPLICATION_COLUMNS[:4], *extra, *APPLICATION_COLUMNS[4:]]


def known_columns(loaded: LoadedLog) -> list[str]:
    """The ``--by`` choices of a loaded log."""
    return application_columns(loaded.attributes)
