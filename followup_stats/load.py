"""Load a job-search log: normalise, type and key every row, and lose none.

:func:`load_log` turns one or more files (or DataFrames) in the format of
DESIGN.md section 2 into a :class:`LoadedLog`: the typed events table and a
quality table in which every row that was rejected, and every value that was
blanked, is reported with its source line and a DQ code. Every data row of
the input ends up either in ``events`` or in ``rejects``.

The events table has these columns (sorted by candidate, application, date and
same-day order):

``file``, ``line``
    File name and 1-based physical line where the row starts (header = 1).
``candidate``, ``application_id``, ``company``
    Text held as categoricals whose categories sort as the text does (a big
    log repeats a few thousand names, and codes are cheap to sort, filter
    and group; ``file`` is one too); ``application_id`` is NA on
    ``networking`` rows.
``role``
    String.
``event``
    Categorical of :data:`followup_stats.vocab.EVENTS`.
``date``, ``day``, ``has_time``
    Naive local wall time in the configured time zone, the same at midnight,
    and whether the log gave a time of day.
``stage``, ``contact``, ``notes``
    Free text (NA when blank).
``channel``, ``reason``
    Categoricals (NA when not recorded).
``asked_next_steps``, ``asked_permission``
    Nullable booleans; a ``contact_ok_after_days`` value implies permission.
``contact_ok_after_days``, ``timeline_days``
    Nullable whole days.
``after_as_of``
    Dated after the as-of date (kept, ignored by rules and statistics).
any other column
    Kept as a string attribute of the application.

``asked_next_steps``, ``asked_permission``, ``contact_ok_after_days`` and
``timeline_days`` are kept only on the rows they are read on
(:data:`READ_ON`); a value on another row is blanked with DQ004.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from followup_stats import parse
from followup_stats.config import Config, ConfigSource, resolve_config
from followup_stats.errors import (
    LogFormatError,
    UnreadableLogs,
    UsageError,
    printable,
    shown_name,
)
from followup_stats.joined_rows import ROWS_INSIDE, event_at, joined_rows
from followup_stats.plural import counted, listed, plural
from followup_stats.read import NOT_IN_LOG, STRAY_QUOTE, UNSAVED_FORMULA, RawTable
from followup_stats.read_fast import edge_bytes
from followup_stats.suggest import closest
from followup_stats.tables import OFFER_ANSWERS, application_numbers, is_in
from followup_stats.vocab import (
    ANSWER_EVENTS,
    CHANNEL_DTYPE,
    CHANNEL_SYNONYMS,
    EVENT_DTYPE,
    EVENT_SYNONYMS,
    EVENT_WORDS,
    REASON_DTYPE,
    REASON_SYNONYMS,
    SAME_DAY_RANK,
)

REQUIRED_COLUMNS: tuple[str, ...] = ("date", "company", "event")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "application_id",
    "role",
    "candidate",
    "channel",
    "contact",
    "stage",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
)
STANDARD_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
YES_NO_COLUMNS = ("asked_next_steps", "asked_permission")
DAY_COUNT_COLUMNS = ("contact_ok_after_days", "timeline_days")
TEXT_COLUMNS = ("stage", "contact", "notes")
#: The events on whose rows each of these fields is read (DESIGN.md section 2); a value
#: on another row is blanked with DQ004.
READ_ON: dict[str, tuple[str, ...]] = {
    "asked_next_steps": ("interview",),
    "asked_permission": ("interview",),
    "contact_ok_after_days": ("interview",),
    "timeline_days": ("interview", "response"),
    "reason": ("update",),
}
#: Columns read by :mod:`followup_stats.parse` (which strips each distinct value).
#: The columns ``import`` writes to say where a row came from (file and line), as headers
#: read them: no part of what the row says, so two copies of one row imported from two
#: lines are still exact duplicates (DQ005).
PROVENANCE_COLUMNS = frozenset({"imported_from", "imported_from_(original)"})
PARSED_COLUMNS = ("date", "event", *YES_NO_COLUMNS, *DAY_COUNT_COLUMNS, "channel", "reason")

QUALITY_COLUMNS: tuple[str, ...] = (
    "file",
    "line",
    "column",
    "value",
    "code",
    "severity",
    "message",
    "rejected",
    "candidate",
    "application_id",
    "company",
    "date",
)


@dataclasses.dataclass(frozen=True)
class RawSource:
    """A log already read into raw cells, as :func:`read_canonical` gives it.

    :func:`load_log` takes it like a path; the engines
    (:mod:`followup_stats.engines`) split a log by candidate into such parts,
    each keeping its file label and line numbers.
    """

    raw: RawTable
    label: str
    stem: str
    #: The candidates the whole file names (:func:`named_candidates`), when this is a
    #: part of it: a blank ``candidate`` cell is told against the file, not the part.
    named: tuple[str, ...] | None = None


LogSource = str | Path | pd.DataFrame | RawSource
_T = TypeVar("_T")
_S = TypeVar("_S")


@dataclasses.dataclass(frozen=True)
class LoadedLog:
    """A loaded log: the events, what was wrong with the input, and how it was read.

    Attributes
    ----------
    events
        One row per kept event; columns in the module docstring.
    quality
        Every data-quality finding: ``file``, ``line``, ``column``,
        ``value``, ``code`` (DQ001..DQ010), ``severity``, ``message``,
        ``rejected`` (the row is not in ``events``), ``candidate``,
        ``application_id``, ``company``, ``date``. A row not loaded has the
        ``application_id`` written in its cell (NA when blank, or on a
        ``networking`` row): none is made up for it.
    sources
        The files (or ``<dataframe>``) read, in order.
    as_of
        The as-of date (midnight) the log was loaded for.
    config
        The settings used.
    attributes
        Names of the extra columns kept as application attributes.
    rows_joined
        Lines of the files that read as rows of their own but sit inside
        another row's cell (a stray quote; DQ004): not loaded, though not
        in ``rejects`` either.
    empty_files
        Files (or sheets) with a header and no data rows: no events, and
        nothing in them to check (:data:`NO_EVENTS`).
    unreadable
        The error of each log given that cannot be a log at all (empty, binary,
        no required column), set aside when loaded with ``skip_unreadable``:
        nothing in it is in ``events`` or ``quality``, nor in ``sources``.
    """

    events: pd.DataFrame
    quality: pd.DataFrame
    sources: tuple[str, ...]
    as_of: pd.Timestamp
    config: Config
    attributes: tuple[str, ...]
    rows_joined: int = 0
    empty_files: tuple[str, ...] = ()
    unreadable: tuple[LogFormatError, ...] = ()
    _memo: dict[str, Any] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def memo(self, key: str, make: Callable[[], _T]) -> _T:
        """``make()``, worked out once per loaded log (tables the checks and statistics share).

        A log judged at another date or with other settings is another
        :class:`LoadedLog` and works its tables out afresh.
        """
        if key not in self._memo:
            self._memo[key] = make()
        return cast(_T, self._memo[key])

    @property
    def rejects(self) -> pd.DataFrame:
        """Rows not loaded: ``file``, ``line``, ``column``, ``value``, ``code``, ``reason``."""
        rejected = self.quality[self.quality["rejected"]]
        return rejected[["file", "line", "column", "value", "code", "message"]].rename(
            columns={"message": "reason"}
        )

    @property
    def unloaded_files(self) -> tuple[str, ...]:
        """Files with rows of which none was loaded: nothing in them can be checked.

        A row that repeats a loaded one (DQ005) was checked as that one, so a
        file holding one is not among them; a repeat of a row that was not
        loaded either (DQ009) was not checked.
        """
        return files_without_events(*self.files_rejected_and_checked)

    @property
    def files_rejected_and_checked(self) -> tuple[pd.Series, pd.Series]:
        """The file of each rejected row, and of each row checked: loaded, or a repeat
        (DQ005) of a loaded row (its finding names no column). Worker processes pool these before
        :func:`files_without_events` compares them."""
        rejects = self.rejects
        files = self.events["file"]
        # The distinct files only (a handful): a million events' column is not converted.
        if isinstance(files.dtype, pd.CategoricalDtype):
            codes = np.unique(files.cat.codes.to_numpy())
            loaded = pd.Series(files.cat.categories[codes[codes >= 0]], dtype="string")
        else:
            loaded = pd.Series(files.dropna().unique(), dtype="string")
        if rejects.empty:
            return pd.Series(dtype="string"), loaded
        # A repeat of a row not loaded (DQ009) names the column that kept both out.
        repeats = (rejects["code"].eq("DQ005") & rejects["column"].eq("")).to_numpy(dtype=bool)
        checked = pd.concat([loaded, rejects["file"][repeats].astype("string")], ignore_index=True)
        return rejects["file"].astype("string"), checked

    @property
    def rows_not_loaded(self) -> int:
        """Rows of the files not loaded: the rejected ones of which no event was loaded,
        and those joined into another row.

        A tracker's row with two cells that could not be read (two dates, say) is
        one row, though each cell's event has a finding of its own; one whose
        other dates were loaded is loaded in part (:attr:`partly_loaded`), not
        counted here.
        """
        return self._not_loaded_counts[0] + self.rows_joined

    @property
    def partly_loaded(self) -> tuple[int, int]:
        """Rows loaded in part, and how many of their events were not loaded: a tracker's
        row with one date that could not be read, its other dates loaded, is ``(1, 1)``."""
        _, rows, events = self._not_loaded_counts
        return rows, events

    @property
    def _not_loaded_counts(self) -> tuple[int, int, int]:
        return self.memo("not_loaded_counts", lambda: not_loaded_counts(self.rejects, self.events))

    def at(self, as_of: str | dt.date) -> LoadedLog:
        """The same log judged at another as-of date (``after_as_of`` and DQ008 redone)."""
        cutoff = to_as_of(as_of, self.config)
        if cutoff == self.as_of:
            return self
        events = self.events.assign(after_as_of=self.events["day"] > cutoff)
        quality = self.quality[self.quality["code"].ne("DQ008").to_numpy()]
        future = _severities(_order_findings(events, cutoff)[2])
        merged = pd.concat([quality, future.astype(quality.dtypes.to_dict())], ignore_index=True)
        merged = merged.sort_values(["file", "line", "code"]).reset_index(drop=True)
        return dataclasses.replace(self, events=events, quality=merged, as_of=cutoff)

    def judged_events(self, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
        """Events on or before ``as_of`` (default: the log's), the ones rules and statistics use."""
        cutoff = self.as_of if as_of is None else as_of
        return self.events[self.events["day"] <= cutoff]


#: How a DQ005 message ends: the repeat is not loaded.
COPY_NOT_LOADED = "; this copy not loaded"


#: What is said of a file with a header and no data rows, on every command.
NO_EVENTS = "holds no events (it has a header but no data rows)"


def no_events_text(files: Sequence[str], consequence: str) -> str:
    """One line saying that ``files`` hold no events, and what follows from it.

    ``no_events_text(["log.csv"], "nothing in {it} was checked")`` is ``log.csv
    holds no events (it has a header but no data rows), so nothing in it was
    checked``; for several files ``{it}`` reads "them".
    """
    if len(files) == 1:
        return f"{files[0]} {NO_EVENTS}, so {consequence.format(it='it')}"
    hold = NO_EVENTS.replace("holds", "hold", 1).replace("it has a header", "each has a header")
    return f"{listed(files)} {hold}, so {consequence.format(it='them')}"


#: The columns of :func:`judged_share`.
JUDGED_SHARE_COLUMNS = ("file", "candidate", "as_of", "judged", "later_answers")

#: At most this many files (or candidates of a file) are named one by one by
#: :func:`after_as_of_text`; more are counted, with the first few named.
NAMED_ONE_BY_ONE = 3


def judged_share(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Each file and candidate with loaded events, and whether any of them is judged.

    ``judged`` is false when every event of the candidate in that file is
    dated after ``as_of`` (``after_as_of``): rules and statistics saw none of
    them. ``later_answers`` counts the rows of an employer's answer (an
    interview, a response, an offer, a rejection, or an answer to an offer,
    which may stand for it: :func:`~followup_stats.tables.implied_offers`)
    dated after ``as_of``, which
    the statistics do not count either (:func:`~followup_stats.stats.summary.no_answer_note`).
    Grouped on the columns' codes, so a million events cost a groupby;
    parts of a log (and logs judged apart) are pooled by
    :func:`pooled_judged_share` before :func:`after_as_of_text` words them.
    """
    if events.empty:
        return pd.DataFrame(
            {
                "file": pd.Series(dtype="string"),
                "candidate": pd.Series(dtype="string"),
                "as_of": pd.Series(dtype="datetime64[us]"),
                "judged": pd.Series(dtype=bool),
                "later_answers": pd.Series(dtype="int64"),
            }
        )
    after = events["after_as_of"].to_numpy(dtype=bool)
    answer = is_in(events["event"], [*ANSWER_EVENTS, *OFFER_ANSWERS])
    keys = pd.DataFrame(
        {
            "file": pd.Categorical(events["file"]),
            "candidate": pd.Categorical(events["candidate"]),
            "judged": ~after,
            "later_answers": after & answer,
        }
    )
    grouped = keys.groupby(["file", "candidate"], observed=True, sort=False).agg(
        judged=("judged", "any"), later_answers=("later_answers", "sum")
    )
    share = grouped.reset_index()
    return pd.DataFrame(
        {
            "file": share["file"].astype("string"),
            "candidate": share["candidate"].astype("string"),
            "as_of": pd.Series(as_of, index=share.index).astype("datetime64[us]"),
            "judged": share["judged"].astype(bool),
            "later_answers": share["later_answers"].astype("int64"),
        }
    )


def judged_for(judged: pd.DataFrame | None, candidate: str) -> pd.DataFrame | None:
    """``judged`` (:func:`judged_share`) as a run about one candidate has it (``report
    --candidate``, ``todo --candidate``): every other candidate counts as judged, since
    nothing of theirs is in its output."""
    if judged is None:
        return None
    others = judged["candidate"].ne(candidate).fillna(True).to_numpy(dtype=bool)
    return judged.assign(
        judged=judged["judged"].to_numpy(dtype=bool) | others,
        later_answers=judged["later_answers"].where(~others, 0),
    )


def pooled_judged_share(shares: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The :func:`judged_share` tables of parts of a log, as one: judged when judged in any."""
    if not shares:
        return judged_share(pd.DataFrame(), pd.Timestamp(0))
    pooled = pd.concat(shares, ignore_index=True)
    return (
        pooled.groupby(["file", "candidate"], sort=False)
        .agg(
            as_of=("as_of", "first"),
            judged=("judged", "any"),
            later_answers=("later_answers", "sum"),
        )
        .reset_index()[list(JUDGED_SHARE_COLUMNS)]
    )


def _first_named(names: Sequence[str], what: str) -> str:
    """``names`` in a sentence; more than :data:`NAMED_ONE_BY_ONE` counted, the first named."""
    if len(names) <= NAMED_ONE_BY_ONE:
        return listed(names)
    shown = ", ".join(names[:NAMED_ONE_BY_ONE])
    return f"{len(names)} {what} ({shown} and {len(names) - NAMED_ONE_BY_ONE} more)"


def as_of_words(day: pd.Timestamp, given: bool) -> str:
    """``the as-of date 2026-01-01``, or ``today, 2026-11-27`` when none was given."""
    text = day.date().isoformat()
    return f"the as-of date {text}" if given else f"today, {text}"


def after_as_of_text(share: pd.DataFrame, done: str, given: bool = True) -> list[str]:
    """Lines saying which logs, and which candidates of a shared log, have no judged event.

    Every event of such a log (or candidate) is dated after the as-of date, so
    nothing of it was ``done`` (``"checked"``, ``"counted"``, ...): a mistyped
    ``--as-of`` would otherwise give empty answers with no word of why.
    ``share`` is a :func:`judged_share` table; ``given`` says whether the as-of
    date was given (else it is today, and the dates of the log are questioned).
    One line per file, or one naming their count when there are many; no lines
    when every log and candidate has a judged event.
    """
    if share.empty or bool(share["judged"].all()):
        return []

    def hint(owner: str) -> str:
        """Whose dates are questioned (``its``, ``their``) when the as-of date is today."""
        return (
            "(is --as-of right?)"
            if given
            else f"(are {owner} dates right, or is a later --as-of meant?)"
        )

    files = share.groupby("file", sort=True).agg(judged=("judged", "any"), as_of=("as_of", "first"))
    lines: list[str] = []
    unjudged = files[~files["judged"].to_numpy(dtype=bool)]
    everything = len(unjudged) == len(files)
    for day, same in unjudged.groupby("as_of", sort=True):
        when = as_of_words(pd.Timestamp(cast(dt.datetime, day)), given)
        names = [str(f) for f in same.index]
        # One line per log; all or many logs in one line (counted), so a folder does not flood.
        together = everything or len(names) > NAMED_ONE_BY_ONE
        groups = [names] if together else [[name] for name in names]
        for group in groups:
            them = "it" if len(group) == 1 else "them"
            what = "nothing" if everything else f"nothing in {them}"
            lines.append(
                f"every event of {_first_named(group, 'logs')} is dated after {when}, "
                f"so {what} was {done} {hint('its' if len(group) == 1 else 'their')}"
            )
    partly = share[share["file"].isin(files.index[files["judged"].to_numpy(dtype=bool)])]
    left_out = partly[~partly["judged"].to_numpy(dtype=bool)]
    for file, theirs in left_out.groupby("file", sort=True):
        names = sorted(str(c) for c in theirs["candidate"])
        when = as_of_words(pd.Timestamp(theirs["as_of"].iloc[0]), given)
        if len(names) > NAMED_ONE_BY_ONE:
            who = _first_named(names, "candidates")
        else:
            who = f"{'candidate' if len(names) == 1 else 'candidates'} {listed(names)}"
        lines.append(
            f"every event of {who} in {file} is dated after {when}, "
            f"so none of them was {done} {hint('its')}"
        )
    return lines


def distinct_lines(rows: pd.DataFrame) -> int:
    """How many lines of their files ``rows`` (with ``file`` and ``line``) come from."""
    return len(rows[["file", "line"]].drop_duplicates())


def loaded_in_part(rejects: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """Which ``rejects`` (rows not loaded, with ``file`` and ``line``) share their line
    with a loaded event of ``events``: a tracker's date cell that could not be read, on a
    row whose other dates were loaded."""
    if rejects.empty or events.empty:
        return np.zeros(len(rejects), dtype=bool)
    # The events on those lines only (a few), before their files are compared.
    near = np.isin(events["line"].to_numpy(), rejects["line"].to_numpy())
    if not near.any():
        return np.zeros(len(rejects), dtype=bool)
    key = {"file": "string", "line": "int64"}
    loaded = pd.MultiIndex.from_frame(events.loc[near, ["file", "line"]].astype(key))
    return pd.MultiIndex.from_frame(rejects[["file", "line"]].astype(key)).isin(loaded)


def summed(counts: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Pairs of counts added up (:attr:`LoadedLog.partly_loaded` of several logs)."""
    pairs = list(counts)
    return sum(first for first, _ in pairs), sum(second for _, second in pairs)


def not_loaded_counts(rejects: pd.DataFrame, events: pd.DataFrame) -> tuple[int, int, int]:
    """Of the rows ``rejects`` come from: how many loaded none of their events, how many
    were loaded in part (:func:`loaded_in_part`), and how many events of those were
    not loaded (one per reject)."""
    part = loaded_in_part(rejects, events)
    return distinct_lines(rejects[~part]), distinct_lines(rejects[part]), int(part.sum())


#: Where a reader learns which rows were not loaded, and why.
CHECK_COMMAND = "followup-stats check"


def not_loaded_text(count: int, consequence: str, partly: tuple[int, int] = (0, 0)) -> str:
    """How many rows of a log were not loaded, what follows from it, and where to look.

    One wording wherever a result leaves rows out (``todo``, ``stats``, the
    reports), so nobody reads a plan or a rate believing every row counted.
    ``{them}`` in ``consequence`` reads "it" for one row, else "them":
    ``not_loaded_text(2, "the statistics do not count {them}")`` is ``2 rows
    of the log were not loaded, so the statistics do not count them;
    `followup-stats check` says which and why``. ``partly``: rows loaded in
    part and their events not loaded (:attr:`LoadedLog.partly_loaded`), said
    after the rows (``1 row of the log was not loaded, nor 3 events of 2 other
    rows, so ...``; ``3 events of 2 rows of the log were not loaded, so ...``).
    """
    rows_in_part, events = partly
    left_out = []
    if count:
        left_out.append("1 row of the log" if count == 1 else f"{count} rows of the log")
    if events:
        of_rows = f"{rows_in_part} {'other ' if count else ''}{plural(rows_in_part, 'row')}"
        left_out.append(f"{counted(events, 'event')} of {of_rows}{'' if count else ' of the log'}")
    many = count + events > 1
    said = (
        left_out[0] + (" was" if not many else " were") + " not loaded"
        if len(left_out) == 1
        else f"{left_out[0]} {'was' if count == 1 else 'were'} not loaded, nor {left_out[1]}"
    )
    then = consequence.format(them="them" if many else "it")
    return f"{said}, so {then}; `{CHECK_COMMAND}` says which and why"


def normalise_header(name: str) -> str:
    """``" Asked-Next Steps"`` -> ``"asked_next_steps"`` (case, spaces, ``-``/``_``, BOM)."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-_.]+", "_", cleaned).strip("_")


def today(timezone: str) -> pd.Timestamp:
    """Midnight of today in ``timezone``, as a naive timestamp."""
    return pd.Timestamp.now(tz=timezone).normalize().tz_localize(None)


#: The years an as-of date may fall in (``--as-of``, ``as_of``): around every
#: log date (1970-2100, :data:`followup_stats.parse.PLAUSIBLE_YEARS`), with room
#: for any threshold (up to ten years) inside what pandas holds (1677-2262).
AS_OF_YEARS = (1900, 2200)


def as_of_range_text() -> str:
    """The as-of dates allowed, as messages give them."""
    return f"from {AS_OF_YEARS[0]}-01-01 to {AS_OF_YEARS[1]}-12-31"


def to_as_of(value: str | dt.date | None, config: Config) -> pd.Timestamp:
    """The as-of date as naive midnight; ``None`` means today in the configured zone.

    ``value`` is ISO 8601 text in any form the log's date column reads: a
    date (``2026-10-30``, ``20261030``, ``2026-303``, ``2026-W44-5``; not a
    week without its day, ``2026-W44``, which is no day), as
    ``--as-of`` takes it, or a date-time, whose offset is taken to the
    configured zone; or a ``datetime.date``, ``datetime.datetime`` or
    :class:`pandas.Timestamp` (an aware one converted the same way).
    Other text (``10/11/2026`` is 11 October or 10 November) and numbers
    (``20261030`` as an int would be a count of nanoseconds) are refused, not
    guessed.

    Raises
    ------
    UsageError
        For a value that is no date, or one outside :data:`AS_OF_YEARS`.
    """
    if value is None:
        return today(config.timezone)
    stamp: pd.Timestamp | None = None
    why: str | None = None
    if isinstance(value, str):
        # A week without its day (2026-W45, 2026-W45 10:00) is refused, as in the date
        # column: datetime.fromisoformat would read it as its Monday.
        why = parse.why_no_day(value.strip().replace(" ", "T", 1))
        try:
            if why is None:
                stamp = pd.Timestamp(dt.datetime.fromisoformat(parse.extended_iso(value.strip())))
        except (ValueError, OverflowError):
            stamp = None
    elif isinstance(value, (dt.date, np.datetime64)):  # pd.Timestamp is a datetime
        stamp = pd.Timestamp(value)
    if stamp is None or pd.isna(stamp):
        raise UsageError(
            f"as_of {value!r} is not a date{f' ({why})' if why else ''}; give ISO text "
            "(YYYY-MM-DD, e.g. 2026-11-01) or a datetime.date"
        )
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(config.timezone).tz_localize(None)
    if not AS_OF_YEARS[0] <= stamp.year <= AS_OF_YEARS[1]:
        raise UsageError(f"as_of {value!r} is too far off: give a date {as_of_range_text()}")
    return stamp.normalize()


def load_log(
    source: LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    sheet: str | None = None,
    *,
    skip_unreadable: bool = False,
) -> LoadedLog:
    """Read one or more logs into typed events plus a full account of rejected rows.

    Parameters
    ----------
    source
        A path, a DataFrame of raw cells, or a list of them (combined into one
        log; a candidate's applications may span files).
    config
        Settings (time zone, date format); a file path or ``None`` to look for
        one next to the log.
    as_of
        Date the log is judged at; rows after it are kept but flagged DQ008.
    sheet
        The sheet to read from each spreadsheet (``.xlsx``, ``.xlsm``, ``.ods``) among the
        sources; default the first. A file in a format that
        :mod:`followup_stats.importers` recognises (a wide tracker, LinkedIn,
        Huntr, Teal) is converted on the way, its line numbers kept.
    skip_unreadable
        Set aside each log that cannot be a log at all, its error kept in
        :attr:`LoadedLog.unreadable`, and load the others (a linter checks
        the other files); by default the first such log is raised.

    Raises
    ------
    LogFormatError
        For a file that cannot be a log at all (empty, binary, no ``date``,
        ``company`` or ``event`` column); with ``skip_unreadable``, an
        :class:`~followup_stats.errors.UnreadableLogs` when no log can be.
    """
    sources = distinct_sources(
        list(source) if isinstance(source, (list, tuple)) else [cast(LogSource, source)]
    )
    paths = [s for s in sources if isinstance(s, (str, Path))]
    cfg = resolve_config(config, log_paths=paths)
    cutoff = to_as_of(as_of, cfg)
    sheets = [_sheet_of(s, sheet, paths) for s in sources]  # a wrong --sheet is no file's fault
    stems = stems_told_apart(sources)
    sources, parsed, unreadable = readable_sources(
        sources, lambda s, i: _parse_source(s, cfg, sheets[i], stems[i]), skip_unreadable
    )
    sources, parsed = _first_reading_of_each_sheet(sources, parsed)
    # A header-only file adds no row: stacking it would unite every categorical
    # of a million-row log's, and compare its rows with those of no other file.
    with_rows = [p for p in parsed if len(p.rows)] or parsed[:1]
    frame = _with_columns_of(
        _stacked_rows([p.rows for p in with_rows]), [p.rows for p in parsed if not len(p.rows)]
    )
    offsets = np.cumsum([0] + [len(p.rows) for p in parsed[:-1]])

    def stacked(tables: list[pd.DataFrame]) -> pd.DataFrame:
        shifted = [t.assign(row=t["row"] + o) for t, o in zip(tables, offsets, strict=True)]
        return pd.concat(shifted, ignore_index=True)

    blanked = stacked([p.blanked for p in parsed])
    rejects = stacked([p.rejects for p in parsed])
    if len(with_rows) > 1:
        frame, rejects = _reject_repeats_across_files(frame, rejects)
    attributes = tuple(dict.fromkeys(a for p in parsed for a in p.attributes))
    unassigned = frame  # DQ007 looks for rows not loaded of a thank-you's application in it
    frame, rejects = _assign_applications(frame, rejects)
    events = _build_events(frame, attributes, cutoff)
    quality = _quality_table(frame, rejects, blanked, events, cutoff, unassigned)
    names = tuple(_label(s) for s in sources)
    joined = blanked.get(ROWS_INSIDE, pd.Series(dtype="float64"))
    rows_joined = int(pd.to_numeric(joined, errors="coerce").fillna(0).sum())
    empty = tuple(_label_of(s, p) for s, p in zip(sources, parsed, strict=True) if p.is_empty)
    return LoadedLog(
        events, quality, names, cutoff, cfg, attributes, rows_joined, empty, tuple(unreadable)
    )


def stems_told_apart(sources: Sequence[LogSource]) -> list[str | None]:
    """The candidate each log names its rows by when they name none, where its stem will not do.

    A log without a ``candidate`` cell is its file's stem (DESIGN.md section
    2): one person per file. Two such files of one stem in different
    folders (``clients/ann/log.csv``, ``clients/bob/log.csv``) are two
    people, so each is named with its folder as given (``log (clients/ann)``,
    as ``todo`` names logs judged apart). Files of one stem in one folder
    (``log.csv`` and ``log.xlsx``) stay one. ``None``: the stem itself (a
    stem no other folder shares, or a source without a file).
    """
    found: list[tuple[str, str, Path] | None] = []
    for source in sources:
        if isinstance(source, RawSource):
            where = Path(source.label)
            found.append((source.stem, str(where.parent), where.parent))
        elif isinstance(source, str | Path):
            where = Path(source)
            found.append((shown_name(where.stem), shown_name(str(where.parent)), where.parent))
        else:
            found.append(None)
    folders: dict[str, set[Path]] = {}
    for stem, _, folder in filter(None, found):
        folders.setdefault(stem, set()).add(folder.resolve())
    return [
        f"{known[0]} ({known[1]})" if known and len(folders[known[0]]) > 1 else None
        for known in found
    ]


def readable_sources(
    sources: Sequence[_S], read: Callable[[_S, int], _T], skip_unreadable: bool
) -> tuple[list[_S], list[_T], list[LogFormatError]]:
    """``read(source, position)`` of each source: the sources read, their readings, and the
    error of each that cannot be a log (with ``skip_unreadable``; else the first is raised).

    Raises
    ------
    LogFormatError
        For the first log that cannot be one, unless ``skip_unreadable``;
        :class:`~followup_stats.errors.UnreadableLogs` when none can be.
    """
    kept: list[_S] = []
    readings: list[_T] = []
    failed: list[tuple[_S, LogFormatError]] = []
    for position, source in enumerate(sources):
        try:
            reading = read(source, position)
        except LogFormatError as exc:
            if not skip_unreadable:
                raise
            failed.append((source, exc))
            continue
        kept.append(source)
        readings.append(reading)
    unreadable = _first_error_of_each_sheet(failed)
    if unreadable and not kept:
        raise UnreadableLogs(unreadable)
    return kept, readings, unreadable


def _first_error_of_each_sheet(
    failed: Sequence[tuple[object, LogFormatError]],
) -> list[LogFormatError]:
    """The errors of the logs not read, without a second of the same sheet of the same
    workbook (``log.xlsx[B]``, and ``log.xlsx`` whose first sheet is B): the sheet was read
    twice and is said once, the other names it was given in the first error's ``also``
    (:func:`files_read` counts them as not read). Files are compared as
    :func:`first_reading_of_each_sheet` compares them."""
    from followup_stats.importers.spreadsheet import spreadsheet_path

    first: dict[tuple[int, int, str], LogFormatError] = {}
    names: dict[tuple[int, int, str], list[str]] = {}
    errors: list[LogFormatError] = []
    for source, error in failed:
        workbook = spreadsheet_path(source) if isinstance(source, str | Path) else None
        identity = None
        if workbook is not None and error.path.endswith("]"):
            try:
                status = workbook[0].stat()
                identity = (status.st_dev, status.st_ino, error.path[error.path.rfind("[") :])
            except OSError:  # not there: nothing to compare
                pass
        if identity is not None:
            names.setdefault(identity, []).append(shown_name(str(source)))
            if identity in first:
                continue
            first[identity] = error
        errors.append(error)
    for identity, given in names.items():
        if len(given) > 1:  # said once for every name it was read under
            error = first[identity]
            error.also = tuple(dict.fromkeys(n for n in given if n != error.path))
    return errors


def distinct_sources(sources: Sequence[LogSource]) -> list[LogSource]:
    """``sources`` without a second mention of the same file (as ``ruff a.py a.py`` checks once).

    Paths are the same file when they resolve to it (``log.csv`` and
    ``./log.csv``, a symbolic link, a hard link); the first mention is kept.
    Other sources (DataFrames, parts already read) are kept as given.
    """
    seen: set[tuple[int, int] | str] = set()
    kept: list[LogSource] = []
    for source in sources:
        if isinstance(source, str | Path):
            try:
                status = Path(source).stat()
                identity: tuple[int, int] | str = (status.st_dev, status.st_ino)
            except OSError:  # missing or unreadable: reported when it is read
                identity = str(Path(source).absolute())
            if identity in seen:
                continue
            seen.add(identity)
        kept.append(source)
    return kept


def files_read(sources: Sequence[LogSource], unreadable: Sequence[LogFormatError]) -> int:
    """How many files of ``sources`` were read at least in part (:func:`file_count`): a
    workbook one of whose sheets could not be read while another was still counts.

    The logs that could not be read are matched by the name the user gave
    (:func:`_not_read`); where one is named otherwise, each counts as one file not
    read.
    """
    unread = _not_read(sources, unreadable)
    good = [source for source, out in zip(sources, unread, strict=True) if not out]
    named = {error.path for error in unreadable} | {n for e in unreadable for n in e.also}
    if sum(unread) != len(named):
        return file_count(sources) - len(unreadable)
    return file_count(good)


def _not_read(sources: Sequence[LogSource], unreadable: Sequence[LogFormatError]) -> list[bool]:
    """Whether each of ``sources`` is a log of ``unreadable`` (:func:`_errors_of`)."""
    return [label is not None for label in _errors_of(sources, unreadable)]


def _errors_of(
    sources: Sequence[LogSource], unreadable: Sequence[LogFormatError]
) -> list[str | None]:
    """The label of the error of ``unreadable`` of each of ``sources`` (None: it was read),
    matched by the name the user gave it (shown as errors show it: a name not UTF-8 with
    ``\\xNN``), by another name an error was given too (its ``also``), or, for a workbook
    named without a sheet (``log.xlsx``), by the label of its first sheet
    (``log.xlsx[B]``) when no source is named so."""
    from followup_stats.importers.spreadsheet import spreadsheet_path

    bad = {error.path: error.path for error in unreadable}
    bad |= {n: error.path for error in unreadable for n in error.also}
    names = [shown_name(str(s)) if isinstance(s, str | Path) else None for s in sources]
    left = set(bad) - set(names)
    labels: list[str | None] = []
    for source, name in zip(sources, names, strict=True):
        workbook = spreadsheet_path(source) if isinstance(source, str | Path) else None
        whole = workbook is not None and workbook[1] is None
        label = None
        if name is not None and name in bad:
            label = bad[name]
        elif name is not None and whole:
            label = next((bad[b] for b in sorted(left) if b.startswith(name + "[")), None)
        labels.append(label)
    return labels


def sheets_not_read(
    sources: Sequence[LogSource], unreadable: Sequence[LogFormatError]
) -> tuple[int, int]:
    """Of the logs that could not be read, how many are sheets of a workbook another sheet
    of which was read (:func:`files_read` counts it as read), and how many sheets of
    those workbooks were read: ``(0, 0)`` when none is.

    Matched by the name the user gave, as :func:`files_read` matches them.
    """
    from followup_stats.importers.spreadsheet import spreadsheet_path

    distinct = distinct_sources(sources)
    # workbook -> (the errors of its sheets not read, sheets read); a sheet named twice
    # (log.xlsx[B], and log.xlsx whose first sheet is B) has one error.
    books: dict[str, tuple[set[str], int]] = {}
    for source, label in zip(distinct, _errors_of(distinct, unreadable), strict=True):
        workbook = spreadsheet_path(source) if isinstance(source, str | Path) else None
        if workbook is None:
            continue
        unread, read = books.setdefault(str(workbook[0].absolute()), (set(), 0))
        if label is None:
            books[str(workbook[0].absolute())] = (unread, read + 1)
        else:
            unread.add(label)
    partly = [(len(unread), read) for unread, read in books.values() if unread and read]
    return sum(u for u, _ in partly), sum(r for _, r in partly)


def file_count(sources: Sequence[LogSource]) -> int:
    """How many files ``sources`` name, as summaries count them (``in 2 files``).

    A workbook is one file whichever of its sheets are named (``log.xlsx``
    and ``log.xlsx[Sheet1]``); files are compared as :func:`distinct_sources`
    compares them.
    """
    from followup_stats.importers.spreadsheet import spreadsheet_path

    files: list[LogSource] = []
    for source in distinct_sources(sources):
        workbook = spreadsheet_path(source) if isinstance(source, str | Path) else None
        files.append(source if workbook is None else workbook[0])
    return len(distinct_sources(files))


def _first_reading_of_each_sheet(
    sources: list[LogSource], parsed: list[_ParsedSource]
) -> tuple[list[LogSource], list[_ParsedSource]]:
    """The sources without a second reading of the same sheet of the same workbook
    (:func:`first_reading_of_each_sheet`)."""
    labels = [str(p.rows["file"].cat.categories[0]) for p in parsed]
    kept = first_reading_of_each_sheet(sources, labels)
    return [sources[i] for i in kept], [parsed[i] for i in kept]


def first_reading_of_each_sheet(sources: Sequence[object], labels: Sequence[str]) -> list[int]:
    """The positions of ``sources`` that are not a second reading of the same sheet of the
    same workbook, each read under its label in ``labels`` (``log.xlsx[Sheet1]``).

    ``log.xlsx`` (its first sheet) and ``log.xlsx[Sheet1]`` name one sheet in
    two ways that only reading tells apart; both readings carry the same
    label, so the second would count every row twice and, as rows of one
    file, never be reported as a repeat (DQ005). Files are compared as
    :func:`distinct_sources` compares them; a source that is no path is kept.
    """
    from followup_stats.importers.spreadsheet import spreadsheet_path

    seen: set[tuple[int, int, str]] = set()
    kept = []
    for index, source in enumerate(sources):
        workbook = spreadsheet_path(source) if isinstance(source, str | Path) else None
        if workbook is not None:
            label = labels[index]
            sheet = label[label.rfind("[") :]
            try:
                status = workbook[0].stat()
            except OSError:  # not read: the reading already said why
                kept.append(index)
                continue
            identity = (status.st_dev, status.st_ino, sheet)
            if identity in seen:
                continue
            seen.add(identity)
        kept.append(index)
    return kept


def _reject_repeats_across_files(
    frame: pd.DataFrame, rejects: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DQ005 for each row that repeats a kept row of an earlier file, value for value.

    A log exported twice, or a weekly export that holds the last week's rows
    again, would otherwise count every event twice (a second follow-up, a
    second application). Within one file exact duplicates are rejected as
    they are read; across files the rows are compared as parsed (files may
    order or spell their columns differently). Rows equal within one file
    are left to that check.
    """
    kept = np.flatnonzero(~frame["rejected"].to_numpy(dtype=bool))
    values = frame.drop(columns=["file", "line", "rejected"]).iloc[kept]
    maybe = values.duplicated(keep=False).to_numpy(dtype=bool)
    if not maybe.any():
        return frame, rejects
    rows = kept[maybe]
    group = (
        values.iloc[np.flatnonzero(maybe)]
        .groupby(list(values.columns), sort=False, dropna=False, observed=True)
        .ngroup()
        .to_numpy()
    )
    first = pd.Series(rows).groupby(group).transform("min").to_numpy()
    file_code = np.asarray(frame["file"].cat.codes)
    repeat = file_code[first] < file_code[rows]
    if not repeat.any():
        return frame, rejects
    new, original = rows[repeat], first[repeat]
    files = frame["file"].astype("string").to_numpy()
    message = (
        "exact duplicate of line "
        + pd.Series(frame["line"].to_numpy()[original]).astype("string")
        + " of "
        + pd.Series(files[original], dtype="string")
        + COPY_NOT_LOADED
    )
    rejected = frame["rejected"].to_numpy(dtype=bool).copy()
    rejected[new] = True
    repeats = pd.DataFrame(
        {"row": new, "code": "DQ005", "column": "", "value": "", "message": message.to_numpy()}
    )
    return frame.assign(rejected=rejected), pd.concat([rejects, repeats], ignore_index=True)


def _with_columns_of(frame: pd.DataFrame, empty: list[pd.DataFrame]) -> pd.DataFrame:
    """``frame`` with each column that only sources with no row have (an attribute of a
    file whose rows are all in another part), all missing, of its dtype there."""
    added: dict[str, pd.Series] = {}
    for rows in empty:
        for column in rows.columns:
            if column not in frame.columns and column not in added:
                added[str(column)] = rows[column].reindex(frame.index)
    return frame.assign(**added) if added else frame


def _stacked_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The parsed rows of several sources, one under the other; categoricals stay so.

    Each source has its own categories: they are united (``pd.concat`` would
    fall back to plain objects).
    """
    stacked = pd.concat(frames, ignore_index=True)
    if len(frames) == 1:
        return stacked
    united: dict[str, pd.Series] = {
        str(column): pd.Series(union_categoricals([f[column] for f in frames]), index=stacked.index)
        for column, dtype in frames[0].dtypes.items()
        if isinstance(dtype, pd.CategoricalDtype)
        and not isinstance(stacked[column].dtype, pd.CategoricalDtype)
    }
    return stacked.assign(**united) if united else stacked


# -- one source: raw cells -> parsed columns with problems -------------------------------


def _label(source: LogSource) -> str:
    if isinstance(source, RawSource):
        return source.label
    return "<dataframe>" if isinstance(source, pd.DataFrame) else str(source)


def _label_of(source: LogSource, parsed: _ParsedSource) -> str:
    """The label the rows of ``source`` carry (``log.xlsx[Sheet1]``), even when it has none."""
    files = parsed.rows.get("file")
    if (
        files is not None
        and isinstance(files.dtype, pd.CategoricalDtype)
        and len(files.cat.categories)
    ):
        return str(files.cat.categories[0])
    return _label(source)


def _sheet_of(source: LogSource, sheet: str | None, paths: Sequence[str | Path]) -> str | None:
    """``sheet`` for a spreadsheet source; an error when no source is a spreadsheet."""
    from followup_stats.importers.spreadsheet import is_spreadsheet

    if sheet is None or isinstance(source, pd.DataFrame | RawSource):
        return None
    if not any(is_spreadsheet(p) for p in paths):
        raise LogFormatError(str(source), f"sheet {sheet!r} given, but no log is a spreadsheet")
    return sheet if is_spreadsheet(source) else None


def read_canonical(source: LogSource, sheet: str | None = None) -> tuple[RawTable, str, str]:
    """Raw cells of a log in canonical layout (trackers converted), with its label and stem."""
    if isinstance(source, RawSource):
        return source.raw, source.label, source.stem
    if isinstance(source, pd.DataFrame):
        cells = source.astype("string").fillna("")
        cells.index = pd.RangeIndex(2, len(cells) + 2, name="line")
        header = [str(c) for c in cells.columns]
        cells.columns = pd.Index(header)
        return RawTable(cells, header, 1, {}, "utf-8", ","), "<dataframe>", "log"
    from followup_stats.importers import SheetTable, as_canonical
    from followup_stats.logio import read_log_file

    raw = read_log_file(source, sheet)
    if isinstance(raw, SheetTable):
        label, stem = raw.label, Path(raw.path).stem
    else:
        label, stem = str(source), Path(source).stem
    label, stem = shown_name(label), shown_name(stem)  # a name not UTF-8 is kept as \xNN
    return as_canonical(raw, label), label, stem


#: Names the loader gives its own columns; a log column so named is kept as ``log_<name>``.
RESERVED_COLUMNS: frozenset[str] = frozenset(
    {"file", "line", "day", "has_time", "after_as_of", "rejected"}
)


def header_names(raw: RawTable) -> list[str]:
    """Each column's name as the loader reads it, before reserved names are moved aside.

    The normalised header cell; for an unnamed column, ``column_N`` (its
    1-based position) when one of its cells holds a value, else ``""`` (the
    column is dropped).
    """
    names = [normalise_header(name) for name in raw.header]
    for position, name in enumerate(names):
        if not name and raw.cells.iloc[:, position].str.strip().ne("").any():
            names[position] = f"column_{position + 1}"
    return names


def _slip_hint(
    missing: Sequence[str], names: Sequence[str], keep: Sequence[int], header: Sequence[str]
) -> str:
    """`` (did you mean column 2, 'Compnay'? name it company)`` for a required column
    whose header cell is close to its name (a typing slip), else ``""``."""
    others = [name for name in names if name not in REQUIRED_COLUMNS]
    hints = []
    for column in missing:
        close = closest(column, others)
        if close:
            position = keep[names.index(close[0])]
            hints.append(f"column {position + 1}, {header[position]!r}? name it {column}")
    return f" (did you mean {'; '.join(hints)})" if hints else ""


def _normalised_cells(raw: RawTable, path: str) -> pd.DataFrame:
    """The cells of the columns read, under their normalised names (:func:`_named_columns`)."""
    names, keep = _named_columns(raw, path)
    normal_cells = raw.cells.iloc[:, keep].copy()
    normal_cells.columns = pd.Index(names)
    return normal_cells


def _named_columns(raw: RawTable, path: str) -> tuple[list[str], list[int]]:
    """The normalised name of each column read, and its position in the file.

    Raises
    ------
    LogFormatError
        When a column appears twice, or a required column is missing.
    """
    names: list[str] = []
    keep: list[int] = []
    seen: dict[str, int] = {}  # name -> its position in names (a list scan is slow for 10k)
    for line, what in raw.repairs:
        if line == raw.header_line and what.startswith(STRAY_QUOTE):
            problem = what.split(";")[0]
            raise LogFormatError(path, f"in the header row, {problem}; fix the quote", line=line)
    for position, normal in enumerate(header_names(raw)):
        if not normal:
            continue
        if normal in RESERVED_COLUMNS:
            normal = f"log_{normal}"
        if normal in seen:
            first = seen[normal]
            raise LogFormatError(
                path,
                f"column {normal!r} appears twice (columns {keep[first] + 1} and {position + 1})",
                line=raw.header_line,
            )
        seen[normal] = len(names)
        names.append(normal)
        keep.append(position)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        # As written in the header (``Application ID``), not as matched (``application_id``).
        # On one line: a quoted header cell's line breaks and tabs read as spaces (as the
        # command line prints any message), other control characters escaped.
        written = [
            printable(" ".join(raw.header[p].split())) or name
            for p, name in zip(keep, names, strict=True)
        ]
        found = ", ".join(written) if written else "none"
        raise LogFormatError(
            path,
            f"no {' or '.join(repr(m) for m in missing)} column"
            f"{_slip_hint(missing, names, keep, raw.header)}; a log needs date, company and "
            f"event (columns found: {found}){_header_further_down(raw)}",
            line=raw.header_line,
        )
    return names, keep


def _header_further_down(raw: RawTable) -> str:
    """``; line 3 holds the header (date, company, event): remove the lines above it``
    when a row near the top names every required column (a title above the header
    that was read as the header), else ``""``."""
    from followup_stats.read_fast import HEADER_SEARCH_RECORDS

    top = raw.cells.head(HEADER_SEARCH_RECORDS)
    # A few rows, each with its cells beyond the title's width (a title narrower than the
    # header cut them off): the first that names every required column.
    for line, cells in zip(top.index, top.itertuples(index=False, name=None), strict=True):
        written = [*cells, *raw.extra.get(line, [])]
        names = {normalise_header(cell) for cell in written if isinstance(cell, str)}
        if names.issuperset(REQUIRED_COLUMNS):
            required = ", ".join(REQUIRED_COLUMNS)
            return f"; line {line} holds the header ({required}): remove the lines above it"
    return ""


#: What a rejection's message is: one text, or built for the rejected rows (positions) only.
_Message = str | Callable[[np.ndarray], pd.Series]
#: ``suggested``: the event a row's unknown one is closest to (DQ002's "did you mean"), or
#: ``interview`` where it names an interview and another step (``Interview - rejected``),
#: whichever check rejected the row (an unreadable date is rejected first, DQ001), NA on
#: other rows; DQ007 reads it to name rows not loaded that may be the interview.
_REJECT_COLUMNS = ("row", "code", "column", "value", "message", "suggested")


def _flags(mask: pd.Series | np.ndarray) -> np.ndarray:
    """A boolean mask as a numpy array (missing counts as False)."""
    if isinstance(mask, pd.Series):
        return mask.fillna(False).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


class _Problems:
    """The first rejection reason of each row, plus every blanked value.

    Rejections are kept sparse (a few rows of a big log): ``rejected`` marks
    the rows, :meth:`table` lists them.
    """

    def __init__(self, size: int) -> None:
        self.rejected = np.zeros(size, dtype=bool)
        self.rejects: list[pd.DataFrame] = []
        self.blanked: list[pd.DataFrame] = []

    def reject(
        self,
        mask: pd.Series | np.ndarray,
        code: _Message,
        column: str,
        value: _Message,
        message: _Message,
    ) -> None:
        """Reject the rows of ``mask`` not rejected yet; each argument a constant or
        built for those rows."""
        new = _flags(mask) & ~self.rejected
        if not new.any():
            return
        self.rejected |= new
        rows = np.flatnonzero(new)
        self.rejects.append(
            pd.DataFrame(
                {
                    "row": rows,
                    "code": code if isinstance(code, str) else code(rows).to_numpy(),
                    "column": column,
                    "value": value if isinstance(value, str) else value(rows).to_numpy(),
                    "message": message if isinstance(message, str) else message(rows).to_numpy(),
                }
            )
        )

    def table(self, suggested: Callable[[np.ndarray], pd.Series]) -> pd.DataFrame:
        """Rejected rows: ``row`` (position), ``code``, ``column``, ``value``, ``message``,
        and ``suggested``, built for those rows (the event a row's unknown one is closest
        to, whichever reason rejected it)."""
        if not self.rejects:
            return _no_rejects()
        table = pd.concat(self.rejects, ignore_index=True)
        return table.assign(suggested=suggested(table["row"].to_numpy()).to_numpy())

    def blank(
        self, column: str, value: pd.Series, parsed: _Spread, read: np.ndarray | None = None
    ) -> np.ndarray:
        """Record DQ004 for kept rows whose ``column`` value has a problem; return the mask.

        ``value`` is the raw column (the values reported are stripped);
        ``parsed`` the parser's result with its ``problem`` column; ``read``,
        when given, the rows on which the field is read (a problem elsewhere
        is left to :func:`_blank_off_their_rows`).
        """
        problem = parsed.present("problem")
        return self.blank_rows(
            column,
            value,
            problem if read is None else problem & read,
            lambda rows, _: column + ": " + parsed.rows("problem", rows) + "; the value is ignored",
        )

    def blank_rows(
        self,
        column: str,
        value: pd.Series,
        mask: np.ndarray,
        message: Callable[[np.ndarray, pd.Series], pd.Series],
    ) -> np.ndarray:
        """Record DQ004 for the kept rows in ``mask``; return the mask of those rows.

        ``message`` is built for those rows only, from their positions and
        stripped values.
        """
        bad = mask & ~self.rejected
        if bad.any():
            rows = np.flatnonzero(bad)
            shown = value.iloc[rows].str.strip().reset_index(drop=True)
            self.blanked.append(
                pd.DataFrame(
                    {
                        "row": rows,
                        "column": column,
                        "value": shown.to_numpy(),
                        "message": message(rows, shown).to_numpy(),
                    }
                )
            )
        return bad


def _no_rejects() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "row" else object) for c in _REJECT_COLUMNS}
    )


@dataclasses.dataclass(frozen=True)
class _ParsedSource:
    rows: pd.DataFrame  # parsed columns plus ``rejected`` (the row has a rejection)
    rejects: pd.DataFrame  # first rejection of each rejected row: row (position), code, ...
    blanked: pd.DataFrame  # DQ004 findings: row (position in rows), column, value, message
    attributes: list[str]

    @property
    def is_empty(self) -> bool:
        """Whether the source has no data row at all (a header alone)."""
        return self.rows.empty and self.rejects.empty and self.blanked.empty


def _lower_is(
    values: pd.Series, word: str, factorized: parse.Factorized | None = None
) -> np.ndarray:
    """Whether each value, stripped and lower-cased, is ``word`` (once per distinct value)."""
    codes, uniques = factorized if factorized is not None else parse.factorize(values)
    hit = pd.Series(uniques).str.strip().str.lower().eq(word).fillna(False).to_numpy(dtype=bool)
    return np.append(hit, False)[codes]


#: First bytes of a cell that may start with white space: ASCII white space (and the
#: separators 0x1c..0x1f Python strips), or the lead byte of a Unicode space.
_SPACE_FIRST = np.zeros(256, dtype=bool)
_SPACE_FIRST[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 0xC2, 0xE1, 0xE2, 0xE3]] = True
#: Last bytes of a cell that may end with white space: ASCII, or any byte of a
#: multi-byte character (which might be a Unicode space).
_SPACE_LAST = _SPACE_FIRST.copy()
_SPACE_LAST[0x80:] = True


def _may_need_strip(values: pd.Series) -> bool:
    """Whether any cell might start or end with white space, from its first and last bytes.

    Reads the offsets and bytes of the Arrow strings in place: far cheaper
    than stripping a column of a million cells that, as a program wrote
    them, hold no surrounding space. ``True`` whenever unsure.
    """
    array = values.array
    if not isinstance(array, pd.arrays.ArrowStringArray):
        return True
    for chunk in array.__arrow_array__().chunks:
        edges = edge_bytes(chunk)
        if edges is None:
            return True
        first, last = edges
        if _SPACE_FIRST[first].any() or _SPACE_LAST[last].any():
            return True
    return False


def _stripped(values: pd.Series) -> pd.Series:
    """``values.str.strip()``, skipped when no cell can have surrounding white space."""
    return values.str.strip() if _may_need_strip(values) else values


def _one_chunk(values: pd.Series) -> pd.Series:
    """Arrow strings with their chunks joined into one; other values, or one chunk, as given.

    pyarrow takes a few cells of a column of many chunks by joining them all
    first, each time: a copy of the whole column per take.
    """
    array = values.array
    if not isinstance(array, pd.arrays.ArrowStringArray):
        return values
    chunked = array.__arrow_array__()
    if chunked.num_chunks == 1:
        return values
    whole = pa.chunked_array([chunked.combine_chunks()], type=chunked.type)
    return pd.Series(pd.array(whole, dtype=values.dtype), index=values.index, name=values.name)


def _blank_as_missing(values: pd.Series) -> pd.Series:
    """Stripped text with blanks as missing (``values.mask(values.eq(""))``), in one chunk.

    Arrow strings keep their bytes: the blanks are only marked missing
    (:func:`_missing_where_empty`), where choosing between two columns would
    copy every cell. The chunks of pyarrow's reader are joined first, once
    (:func:`_one_chunk`), so that putting the events in order takes from one
    array, not a hundred.
    """
    array = _one_chunk(values).array
    if isinstance(array, pd.arrays.ArrowStringArray):
        whole = array.__arrow_array__().chunk(0)
        missing = _missing_where_empty(whole)
        if missing is None:
            blank = pc.equal(pc.binary_length(whole), 0)
            missing = pc.if_else(blank, pa.scalar(None, whole.type), whole)
        return pd.Series(pd.array(missing, dtype=values.dtype), index=values.index)
    return values.mask(values.eq(""))


def _missing_where_empty(strings: pa.Array) -> pa.Array | None:
    """``strings`` with each empty one missing, over the same offsets and bytes (no copy).

    ``None`` for an array that is not plain Arrow strings with both buffers.
    """
    if strings.type not in (pa.string(), pa.large_string()):
        return None
    validity, offset_buffer, data_buffer = strings.buffers()
    if offset_buffer is None or data_buffer is None:
        return None
    width = np.int64 if strings.type == pa.large_string() else np.int32
    start, size = strings.offset, len(strings)
    offsets = np.frombuffer(offset_buffer, dtype=width)[start : start + size + 1]
    filled = np.zeros(start + size, dtype=bool)  # bits before the array's offset unused
    filled[start:] = np.diff(offsets) > 0
    if validity is not None:
        filled[start:] &= strings.is_valid().to_numpy(zero_copy_only=False)
    bitmap = pa.py_buffer(np.packbits(filled, bitorder="little"))
    return pa.Array.from_buffers(
        strings.type, size, [bitmap, offset_buffer, data_buffer], offset=start
    )


#: Names the loader keys and sorts on; held as categoricals from the first read.
NAME_COLUMNS = ("candidate", "application_id", "company", "role")


def _distinct(factorized: parse.Factorized) -> pd.Series:
    """The distinct values of a :func:`followup_stats.parse.factorize` result, as strings."""
    return pd.Series(factorized[1], dtype="string").reset_index(drop=True)


def _recoded(codes: np.ndarray, values: pd.Series) -> parse.Factorized:
    """Codes and distinct values once each distinct value is replaced by ``values``.

    ``values`` holds the new value of each old distinct value; two that now
    agree share a code.
    """
    inner, merged = pd.factorize(values)
    return inner[codes], pd.Index(merged, dtype="string")


def _stripped_distinct(factorized: parse.Factorized) -> parse.Factorized:
    """:func:`_recoded` with each distinct value stripped (as it is when nothing changes)."""
    distinct = _distinct(factorized)
    stripped = distinct.str.strip()
    if stripped.equals(distinct):
        return factorized
    return _recoded(factorized[0], stripped)


def _candidate_key(
    stripped: parse.Factorized, stem: str, blank: np.ndarray | None = None
) -> parse.Factorized:
    """The candidate of each row from its stripped cells: the file's stem where blank.

    ``blank``: rows whose cell names no candidate whatever it says (a totals
    row's ``Total``); a name only such rows give is no candidate.
    """
    codes, names = stripped[0], _distinct(stripped)
    if blank is not None and blank.any():
        codes = np.where(blank, len(names), codes)
        names = pd.concat([names, pd.Series([""], dtype="string")], ignore_index=True)
        used = np.zeros(len(names), dtype=bool)
        used[codes[codes >= 0]] = True
        kept = np.flatnonzero(used)
        renumbered = np.full(len(names), -1, dtype=np.intp)
        renumbered[kept] = np.arange(len(kept))
        codes = np.where(codes >= 0, renumbered[codes], -1)
        names = names.iloc[kept].reset_index(drop=True)
    return _recoded(codes, names.replace("", stem))


#: How the finding of a totals row begins (``a totals row (Total), not an event; ...``).
TOTALS_ROW_SAID: Final = "a totals row ("
#: The finding of the header row again (two exports pasted one after the other).
HEADER_ROW_SAID: Final = "a repeated header row, not an event; row not loaded"


def no_candidate_findings(quality: pd.DataFrame) -> np.ndarray:
    """Whether each row of a ``quality`` table is the finding of a row of no candidate: a
    totals row or the header row again, whose candidate cell is no name. The loader
    files them under the file's name (:func:`_candidate_key`), and under no candidate
    (NA) where that name is no candidate of the log's events."""
    message = quality["message"].astype("string")
    said = message.str.startswith(TOTALS_ROW_SAID) | message.eq(HEADER_ROW_SAID)
    found = quality["code"].astype("string").eq("DQ002") & said
    return found.to_numpy(dtype=bool, na_value=False)


def totals_word(
    cells: pd.DataFrame,
    lines: np.ndarray,
    beyond: Mapping[int, Sequence[str]],
    coded: Mapping[str, parse.Factorized] | None = None,
) -> pd.Series:
    """The word of each totals row of a log's ``cells`` (:func:`parse.totals_rows`), NA
    on other rows.

    ``lines``: each row's source line (ascending); ``beyond``: the cells past the
    header's last column by line (:attr:`RawTable.extra`), read as unnamed columns
    where a row's own cells say nothing: ``,,,,Total,2`` under a four-column header
    is a totals row, as it is under a header whose fifth cell is empty.
    """
    word = parse.totals_rows(cells, coded)
    if not beyond:
        return word
    rows = np.searchsorted(lines, np.fromiter(beyond, dtype=np.int64, count=len(beyond)))
    width = max(len(cells) for cells in beyond.values())
    padded = [[*cells, *[""] * (width - len(cells))] for cells in beyond.values()]
    past = pd.DataFrame(padded, dtype="string")
    past.columns = pd.Index([f"beyond_{n + 1}" for n in range(past.shape[1])])
    whole = pd.concat([cells.iloc[rows].reset_index(drop=True).fillna(""), past], axis="columns")
    said = parse.totals_rows(whole)
    word.iloc[rows] = word.iloc[rows].fillna(pd.Series(said.to_numpy(), index=word.index[rows]))
    return word


def candidate_names(raw: RawTable, stem: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's candidate as :func:`load_log` keys it: codes, and the names (objects).

    The ``candidate`` cell stripped, or ``stem`` (the file's) when it is blank
    or the log has no such column. The engines split a log by it.
    """
    headers = [normalise_header(name) for name in raw.header]
    if "candidate" not in headers:
        return np.zeros(len(raw.cells), dtype=np.intp), np.array([stem], dtype=object)
    column = raw.cells.iloc[:, headers.index("candidate")]
    stripped = _stripped_distinct(parse.factorize(column))
    said = _distinct(stripped)
    # A totals row or the header row again names no candidate (see _parse_source).
    blank = np.zeros(len(raw.cells), dtype=bool)
    if said.str.lower().str.removesuffix(":").str.strip().isin(parse.TOTAL_WORDS).any():
        lines = raw.cells.index.to_numpy(dtype=np.int64)
        blank |= totals_word(raw.cells, lines, raw.extra).notna().to_numpy(dtype=bool)
    if said.map(normalise_header).eq("candidate").any():
        blank |= parse.header_rows(raw.cells, raw.header)
    codes, names = _candidate_key(stripped, stem, blank)
    return codes, names.to_numpy(dtype=object)


def named_candidates(raw: RawTable) -> tuple[str, ...]:
    """The candidates the ``candidate`` cells of ``raw`` name, in order of first appearance
    (none when it has no such column or every cell is blank; a totals row or the header
    row again names none)."""
    _, names = candidate_names(raw, "")
    return tuple(str(name) for name in names if name != "")


def _blank_candidate_rows(
    source: LogSource, said: parse.Factorized, unnamed: np.ndarray
) -> tuple[np.ndarray, tuple[str, ...]]:
    """The rows whose ``candidate`` cell is blank in a file whose other rows name
    candidates, and those names (a part of a file knows the whole file's).

    ``said``: the stripped cells, factorized; ``unnamed``: rows that name no one
    whatever their cell says (a totals row, the header row again). No names when
    no row is blank.
    """
    distinct = _distinct(said)
    blank = distinct.eq("").to_numpy(dtype=bool)[said[0]] & ~unnamed
    if not blank.any():  # no row to tell about: the names are not looked for
        return blank, ()
    if isinstance(source, RawSource) and source.named is not None:
        named = source.named
    else:
        codes = pd.unique(said[0][~unnamed & ~blank])
        named = tuple(str(name) for name in distinct.iloc[codes])
    if not named:
        return np.zeros(len(blank), dtype=bool), named
    return blank, named


def _distinct_dtype(categories: pd.Index) -> pd.CategoricalDtype:
    """A categorical dtype of ``categories`` known to be distinct (from a factorize).

    pandas would check them again by hashing every one, which for a few
    hundred thousand application ids costs more than the rest of the step.
    """
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if fast is None:  # pragma: no cover - another pandas
        return pd.CategoricalDtype(categories)
    return cast(pd.CategoricalDtype, fast(categories, False))


def _categorical_of(factorized: parse.Factorized) -> pd.Categorical[Any]:
    """Codes and distinct values (from :func:`pd.factorize`) as a categorical."""
    codes, uniques = factorized
    return pd.Categorical.from_codes(
        codes, dtype=_distinct_dtype(pd.Index(uniques, dtype="string"))
    )


def _vocabulary_codes(values: pd.Series, dtype: pd.CategoricalDtype) -> np.ndarray:
    """Position of each value among ``dtype``'s categories (-1 where missing or unknown)."""
    return np.asarray(dtype.categories.get_indexer(pd.Index(values, dtype=object)))


@dataclasses.dataclass(frozen=True)
class _Spread:
    """A parser's result per distinct value, and each row's code into it.

    Row values are made only where they are needed: a mask from the distinct
    values, or the few rows with a problem.
    """

    distinct: pd.DataFrame
    codes: np.ndarray

    def present(self, *columns: str) -> np.ndarray:
        """Whether each row's value in any of ``columns`` is not missing.

        Worked out per distinct value; a pass over the rows only when the
        answer differs between them (a column of problems is mostly empty).
        """
        flags = np.zeros(len(self.distinct), dtype=bool)
        for column in columns:
            flags |= self.distinct[column].notna().to_numpy(dtype=bool)
        if not flags.any():
            return np.zeros(len(self.codes), dtype=bool)
        if flags.all():
            return np.ones(len(self.codes), dtype=bool)
        return flags[self.codes]

    def rows(self, column: str, rows: np.ndarray) -> pd.Series:
        """``column`` for the rows at positions ``rows``."""
        return self.distinct[column].iloc[self.codes[rows]].reset_index(drop=True)

    def column(self, column: str) -> pd.Series:
        """``column`` for every row."""
        return pd.Series(self.distinct[column].array.take(self.codes))


def _parse_source(
    source: LogSource, config: Config, sheet: str | None = None, told_apart: str | None = None
) -> _ParsedSource:
    """One log's rows parsed; ``told_apart``: its name for rows naming no candidate, where
    its stem will not do (:func:`stems_told_apart`)."""
    raw, path, stem = read_canonical(source, sheet)
    stem = told_apart or stem
    names_read, keep = _named_columns(raw, path)
    cells = raw.cells.iloc[:, keep].copy()
    cells.columns = pd.Index(names_read)
    written = [raw.header[p] for p in keep]  # each column's header cell, as written
    lines = cells.index.to_numpy()
    cells = cells.reset_index(drop=True)
    for column in STANDARD_COLUMNS:
        if column not in cells:
            cells[column] = ""
            written.append("")
    attributes = [c for c in cells.columns if c not in STANDARD_COLUMNS]
    # Every column that is parsed, compared or keyed is factorized once: the parsers,
    # the header check, duplicate detection and the keys work per distinct value.
    coded = parse.factorize_columns(cells, (*PARSED_COLUMNS, *NAME_COLUMNS))
    # The other columns, free text, are joined into one chunk each, once: the checks for
    # totals rows, header rows and duplicates take a few of their cells, and the events all
    # of them in order, each a pass over one array instead of pyarrow's hundred.
    free = [c for c in cells.columns if c not in PARSED_COLUMNS and c not in NAME_COLUMNS]
    for column in free:
        cells[column] = _one_chunk(cells[column])
    names = {c: _stripped_distinct(coded[c]) for c in NAME_COLUMNS}
    # A spreadsheet's totals row (Total, 4, , 12) is one row not loaded, said as such, not an
    # unreadable date with a count where the company goes, nor a candidate named Total.
    total_word = totals_word(cells, lines, raw.extra, coded)
    totals = total_word.notna().to_numpy(dtype=bool)
    # The header row again (two exports pasted one after the other) is one row not loaded
    # too, not a candidate named "candidate" nor a date that says "date".
    header_again = parse.header_rows(cells, written, coded)
    blank_candidate, named = _blank_candidate_rows(
        source, names["candidate"], totals | header_again
    )
    names["candidate"] = _candidate_key(names["candidate"], stem, totals | header_again)
    # Free text is stripped whole, when a cell may have surrounding white space.
    text = pd.DataFrame({c: _stripped(cells[c]) for c in free}, index=cells.index)
    company = names["company"]
    company_blank = _distinct(company).eq("").to_numpy(dtype=bool)[company[0]]

    def stripped(column: str) -> Callable[[np.ndarray], pd.Series]:
        return lambda rows: cells[column].iloc[rows].str.strip()

    out = pd.DataFrame(index=cells.index)
    out["file"] = pd.Categorical.from_codes(
        np.zeros(len(cells), dtype=np.int8),
        dtype=pd.CategoricalDtype(pd.Index([path], dtype="string")),
    )
    out["line"] = lines.astype("int64")
    problems = _Problems(len(cells))
    out["candidate"] = _categorical_of(names["candidate"])

    problems.reject(header_again, "DQ002", "", "", HEADER_ROW_SAID)

    problems.reject(
        totals,
        "DQ002",
        "",
        lambda rows: total_word.iloc[rows].reset_index(drop=True),
        lambda rows: (
            TOTALS_ROW_SAID
            + total_word.iloc[rows].reset_index(drop=True)
            + "), not an event; row not loaded"
        ),
    )

    dates = _Spread(
        parse.parse_dates_distinct(_distinct(coded["date"]), config.timezone, config.date_format),
        coded["date"][0],
    )
    problems.reject(
        dates.present("code"),
        lambda rows: dates.rows("code", rows),  # DQ001, or DQ010 for an ambiguous numeric date
        "date",
        stripped("date"),
        lambda rows: dates.rows("problem", rows).fillna("") + "; row not loaded",
    )

    events = _Spread(
        parse.parse_label_distinct(_distinct(coded["event"]), EVENT_SYNONYMS, "event"),
        coded["event"][0],
    )
    blank_event = _lower_is(cells["event"], "", coded["event"])
    problems.reject(
        ~events.present("value"),
        "DQ002",
        "event",
        stripped("event"),
        lambda rows: (
            events.rows("problem", rows).fillna("").mask(blank_event[rows], "the event is blank")
            + "; row not loaded"
        ),
    )
    event_codes = _vocabulary_codes(events.distinct["value"], EVENT_DTYPE)[events.codes]
    networking = event_codes == EVENT_DTYPE.categories.get_loc("networking")
    problems.reject(
        company_blank & ~networking,
        "DQ003",
        "company",
        lambda rows: _distinct(company).iloc[company[0][rows]].reset_index(drop=True),
        "the company is blank (only networking rows may leave it blank); row not loaded",
    )
    compared = cells.drop(columns=[c for c in cells.columns if c in PROVENANCE_COLUMNS])
    duplicate = _duplicated(compared, codes=coded)
    if duplicate.any():
        first_line = _first_duplicate_line(compared, lines, duplicate, codes=coded)
        problems.reject(
            duplicate,
            "DQ005",
            "",
            "",
            lambda rows: (
                "exact duplicate of line "
                + first_line.iloc[rows].astype("string")
                + COPY_NOT_LOADED
            ),
        )

    out["event"] = pd.Categorical.from_codes(event_codes, dtype=EVENT_DTYPE)
    out["date"] = dates.column("date")
    out["has_time"] = dates.column("has_time")
    out["company"] = _categorical_of(company)
    out["role"] = _categorical_of(names["role"])
    out["application_id"] = _categorical_of(names["application_id"])
    # A header row again names no company, role or application: its cells are headers; a
    # totals row's are counts.
    unnamed = header_again | totals
    if unnamed.any():
        for column in ("company", "role", "application_id"):
            out[column] = out[column].mask(unnamed)

    # A field read only on some events (READ_ON) is judged there; elsewhere any value is
    # blanked as not read (_blank_off_their_rows), whether or not it would parse.
    # Looked up per event kind, then taken by code (-1, no event, takes the appended False).
    read_here = {
        column: np.append(EVENT_DTYPE.categories.isin(events), False)[event_codes]
        for column, events in READ_ON.items()
    }
    spreads: dict[str, _Spread] = {}
    for column in YES_NO_COLUMNS:
        answers = _Spread(parse.parse_yes_no_distinct(_distinct(coded[column])), coded[column][0])
        bad = problems.blank(column, cells[column], answers, read_here.get(column))
        out[column] = _masked(answers.column("value"), bad)
        spreads[column] = answers
    for column in DAY_COUNT_COLUMNS:
        counts = _Spread(parse.parse_day_count_distinct(_distinct(coded[column])), coded[column][0])
        bad = problems.blank(column, cells[column], counts, read_here.get(column))
        out[column] = _masked(counts.column("value"), bad)
        spreads[column] = counts
    for column, synonyms, what, dtype in (
        ("channel", CHANNEL_SYNONYMS, "channel", CHANNEL_DTYPE),
        ("reason", REASON_SYNONYMS, "update reason", REASON_DTYPE),
    ):
        labels = _Spread(
            parse.parse_label_distinct(_distinct(coded[column]), synonyms, what),
            coded[column][0],
        )
        bad = problems.blank(column, cells[column], labels, read_here.get(column))
        spreads[column] = labels
        label_codes = _vocabulary_codes(labels.distinct["value"], dtype)[labels.codes]
        out[column] = pd.Categorical.from_codes(np.where(bad, -1, label_codes), dtype=dtype)
    _blank_off_their_rows(out, cells, spreads, read_here, event_codes, problems)
    if blank_candidate.any():  # kept as the file's (DESIGN.md), but almost surely a slip
        shown = ", ".join(named[:NAMED_ONE_BY_ONE]) + (
            f" and {len(named) - NAMED_ONE_BY_ONE} more" if len(named) > NAMED_ONE_BY_ONE else ""
        )
        said = (
            f"candidate is blank in a file that names candidates ({shown}); "
            f"counted as {stem!r}, the file's name{' and folder' if told_apart else ''}"
        )
        problems.blank_rows(
            "candidate",
            cells["candidate"],
            blank_candidate,
            lambda rows, _: pd.Series(said, index=range(len(rows)), dtype="string"),
        )
    permission = out["contact_ok_after_days"].notna()
    out["asked_permission"] = out["asked_permission"].mask(permission, True)
    for column in TEXT_COLUMNS:
        out[column] = _blank_as_missing(text[column])
    if attributes:  # at once: inserting thousands of columns one at a time is quadratic
        kept_text = pd.DataFrame({a: _blank_as_missing(text[a]) for a in attributes})
        out = pd.concat([out, kept_text], axis="columns")
    found = reader_findings(raw)
    if len(found):
        problems.blanked.append(found)
    hint = _SPLIT_CELL_HINTS.get(raw.delimiter, "")
    for line, surplus in raw.extra.items():
        row = int(np.searchsorted(lines, line))
        problems.blanked.append(
            pd.DataFrame(
                {
                    "row": [row],
                    "column": [BEYOND_HEADER],
                    "value": [", ".join(surplus)],
                    "message": [
                        f"{counted(len(surplus), 'cell')} beyond the last header column; "
                        + ("it is" if len(surplus) == 1 else "they are")
                        + " ignored"
                        + hint
                    ],
                }
            )
        )

    out["rejected"] = problems.rejected
    blanked = (
        pd.concat(problems.blanked, ignore_index=True)
        if problems.blanked
        else pd.DataFrame({"row": [], "column": [], "value": [], "message": []})
    )
    rejects = problems.table(lambda rows: _may_be(events, rows))
    return _ParsedSource(out, rejects, blanked.astype({"row": "int64"}), attributes)


def _masked(values: pd.Series, bad: np.ndarray) -> pd.Series:
    """``values.mask(bad)``, without copying the column when no row is ``bad``."""
    return values.mask(bad) if bad.any() else values


def _may_be(events: _Spread, rows: np.ndarray) -> pd.Series:
    """The event each of some rows not loaded may be (the rejects' ``suggested``): its
    "did you mean", or an interview one of whose two steps is (``Interview - rejected``)."""
    steps = [events.rows(step, rows).eq("interview") for step in ("first_step", "second_step")]
    interview = (steps[0] | steps[1]).fillna(False).to_numpy(dtype=bool)
    return events.rows("suggested", rows).mask(interview, "interview")


def _blank_off_their_rows(
    out: pd.DataFrame,
    cells: pd.DataFrame,
    spreads: dict[str, _Spread],
    read_here: dict[str, np.ndarray],
    event_codes: np.ndarray,
    problems: _Problems,
) -> None:
    """Blank with DQ004 each :data:`READ_ON` value on a row of another event.

    No rule reads it there, so the user is told rather than the value being
    dropped silently. Any value that is not blank counts, whether or not it
    would parse: on such a row it is said to be unused, not to be malformed
    (``reason`` = "position filled" on a rejection is not a bad update reason).
    """
    for column, read_on in READ_ON.items():
        parsed = spreads[column]
        written = parsed.present("value", "problem")
        misplaced = written & ~read_here[column]
        if misplaced.any():
            said = _not_read_here(column, read_on, event_codes)
            bad = problems.blank_rows(column, cells[column], misplaced, said)
            out[column] = out[column].mask(bad)


#: Events whose words do not follow "on this" well (an "offer accepted" is no thing).
_ROW_WORDS = {
    "networking": "networking row",
    "offer accepted": "row accepting an offer",
    "offer declined": "row declining an offer",
}


def _not_read_here(
    column: str, read_on: Sequence[str], event_codes: np.ndarray
) -> Callable[[np.ndarray, pd.Series], pd.Series]:
    """The DQ004 message for ``column`` on rows of events other than ``read_on``."""
    said = f"{column} is read only on {listed(read_on)} rows, so "

    def message(rows: np.ndarray, shown: pd.Series) -> pd.Series:
        events = pd.Series(pd.Categorical.from_codes(event_codes[rows], dtype=EVENT_DTYPE))
        words = _event_words(events).replace(_ROW_WORDS)
        return said + parse.quoted(shown) + " on this " + words + " is not used"

    return message


#: The column marking a blanked-value finding about joined rows, reported even on a rejected row.
JOINED = "joined_rows"

#: The column of a finding on cells beyond the header, reported even on a row rejected for
#: another reason (a cell split in two moves the event under another column), unless the
#: row is a totals row or the header again, whose one finding says what it is, or a repeat.
BEYOND_HEADER: Final = "(beyond the header)"

#: Why a text log's row may have cells beyond its header, by delimiter: a cell that holds
#: the delimiter and is not quoted is split in two, and the cells after it move right.
_SPLIT_CELL_HINTS: Final = {
    delimiter: f" (a cell holding {name} must be in double quotes{example}: unquoted, it is "
    "split in two and the cells after it move one column on)"
    for delimiter, name, example in (
        (",", "a comma", ', as in "Acme, Inc."'),
        (";", "a semicolon", ', as in "Acme; Inc."'),
        ("\t", "a tab", ""),
        ("|", "a |", ""),
    )
}


def reader_findings(raw: RawTable) -> pd.DataFrame:
    """DQ004 findings on how a file was read, not on a value, by record.

    Lines the reader mended (NUL bytes removed, undecodable bytes replaced, a
    stray quote read as a plain character), spreadsheet formulas with no
    saved value, cells holding lines that read as rows
    (:mod:`followup_stats.joined_rows`), and a tracker's cells that gave no
    event (:attr:`followup_stats.importers.base.Conversion.row_notes`). Their messages quote no cell
    text (line numbers and column names only), so a pseudonymised copy of the
    log, whose bytes are clean, can carry them over
    (:mod:`followup_stats.anonymize`).

    Returns
    -------
    DataFrame
        ``row`` (position in ``raw.cells``), ``column``, ``value`` (for
        joined rows the cell's first line, else blank), ``message`` and
        ``joined_rows`` (a finding shown even on a rejected row: joined rows,
        formulas with no saved value, stray quotes) and ``rows_inside`` (for joined rows,
        how many lines of the cell read as rows, else 0).
    """
    lines = raw.cells.index.to_numpy(dtype=np.int64)
    repairs = _repairs(raw, lines)
    # Formulas with no saved value are why such a row's cells are blank, and a stray quote
    # read as a plain character may be why a cell (a date) is unreadable: said even if rejected.
    messages = repairs["message"].astype("string")
    # A tracker cell no event was made of (a thank-you column saying "yes") is said however
    # its row fared: the row's other events may be rejected for their own reasons.
    why = (
        messages.str.contains(UNSAVED_FORMULA, regex=False)
        | messages.str.startswith(STRAY_QUOTE)
        | messages.str.contains(NOT_IN_LOG, regex=False)
    )
    parts = [
        repairs.assign(**{JOINED: why.fillna(False).to_numpy(dtype=bool)}),
        _joined_rows_of(raw),
    ]
    found = [p for p in parts if len(p)]
    if not found:
        empty: dict[str, list[object]] = {c: [] for c in ("row", "column", "value", "message")}
        empty[JOINED] = []
        empty[ROWS_INSIDE] = []
        return pd.DataFrame(empty).astype({"row": "int64", JOINED: bool, ROWS_INSIDE: "int64"})
    joined = pd.concat(found, ignore_index=True)
    joined[ROWS_INSIDE] = joined.get(ROWS_INSIDE, pd.Series(0, index=joined.index)).fillna(0)
    return joined.astype({"row": "int64", JOINED: bool, ROWS_INSIDE: "int64"})


def _joined_rows_of(raw: RawTable) -> pd.DataFrame:
    """DQ004 for a cell that holds lines reading as rows (:mod:`followup_stats.joined_rows`)."""
    none = pd.DataFrame({"row": [], "column": [], "value": [], "message": []})
    if not len(raw.spanning):
        return none
    names = header_names(raw)
    if any(column not in names for column in REQUIRED_COLUMNS) or raw.cells.shape[1] != len(names):
        return none
    found = joined_rows(
        raw.cells,
        raw.cells.index.to_numpy(dtype=np.int64),
        raw.spanning,
        raw.delimiter,
        max(names.index(column) for column in REQUIRED_COLUMNS),
        [name or f"column_{position + 1}" for position, name in enumerate(names)],
        event_at(names.index("event"), EVENT_SYNONYMS),
    )
    return found.assign(**{JOINED: True}) if len(found) else none


def _repairs(raw: RawTable, lines: np.ndarray) -> pd.DataFrame:
    """DQ004 for each record holding a line the reader mended (NUL bytes, a stray quote).

    A mended line belongs to the last record starting on or before it; the
    header row's are not data (a stray quote there is an error, raised by
    :func:`_normalised_cells`).
    """
    repairs = [(line, what) for line, what in raw.repairs if line > raw.header_line]
    if not repairs or not len(lines):
        return pd.DataFrame({"row": [], "column": [], "value": [], "message": []})
    at = np.array([line for line, _ in repairs], dtype=np.int64)
    rows = np.searchsorted(lines, at, side="right") - 1
    messages = [
        what if line == lines[row] else f"{what} (on line {line}, inside this row)"
        for (line, what), row in zip(repairs, rows, strict=True)
    ]
    return pd.DataFrame({"row": rows, "column": "", "value": "", "message": messages})


def _duplicated(
    cells: pd.DataFrame,
    keep: str | bool = "first",
    codes: Mapping[str, parse.Factorized] | None = None,
) -> np.ndarray:
    """``cells.duplicated(keep=keep)``, comparing all columns only where a few agree.

    The few are compared as integer codes; ``codes`` holds
    :func:`followup_stats.parse.factorize` of columns already worked out.
    Those rows are then compared in every column, by its codes too where
    known and no cell is missing (the codes read a missing cell as blank).
    """
    probe = ["date", "candidate", "application_id", "company", "role", "event"]
    known = codes or {}
    keys = [known[c][0] if c in known else parse.factorize(cells[c])[0] for c in probe]
    duplicate = np.zeros(len(cells), dtype=bool)
    maybe = _repeated(_combined_key(keys))
    if maybe.any():
        rows = np.flatnonzero(maybe)
        compared = _compared_rows(cells, rows, known)
        duplicate[rows] = compared.duplicated(keep=keep).to_numpy(dtype=bool)  # type: ignore[arg-type]
    return duplicate


#: Most distinct repeated keys :func:`_repeated` looks up by a binary search.
REPEATS_LOOKED_UP: Final = 4096


def _repeated(key: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once: ``pd.Series(key).duplicated(keep=False)``.

    The keys are sorted, which numpy does to int64 values with SIMD, and the few
    that repeat are looked up by a binary search: about twice as fast as hashing a
    million keys. Many distinct repeated keys are hashed after all.
    """
    ordered = np.sort(key)
    again = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(again):
        return np.zeros(len(key), dtype=bool)
    repeats = np.unique(again)
    if len(repeats) > REPEATS_LOOKED_UP:
        return pd.Series(key).duplicated(keep=False).to_numpy(dtype=bool)
    at = np.searchsorted(repeats, key)
    np.minimum(at, len(repeats) - 1, out=at)
    return np.asarray(repeats[at] == key)


def _compared_rows(
    cells: pd.DataFrame, rows: np.ndarray, codes: Mapping[str, parse.Factorized]
) -> pd.DataFrame:
    """The cells of ``rows``, each column as :func:`_comparable` gives it: equal rows here
    are equal rows of ``cells``."""
    return pd.DataFrame(
        {i: _comparable(cells[c], codes.get(c), rows) for i, c in enumerate(cells.columns)}
    )


def _comparable(
    values: pd.Series, factorized: parse.Factorized | None, rows: np.ndarray
) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """``values`` at ``rows``, as their codes when those tell the same cells apart.

    Taking a few codes is cheaper than taking a few cells of a column of
    Arrow strings; the codes read a missing cell as blank, so a column with
    one keeps its cells.
    """
    if factorized is not None and not values.hasnans:
        return factorized[0][rows]
    return values.array[rows]


def _combined_key(codes: Sequence[np.ndarray]) -> np.ndarray:
    """One int64 per row that is equal exactly when all ``codes`` (each >= 0) are."""
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    size = 1
    for column in codes:
        width = int(column.max(initial=0)) + 1
        if size * width >= 2**62:  # would overflow: renumber what is combined so far
            key, distinct = pd.factorize(key)
            size = len(distinct)
        key *= width  # in place: one array for all the columns
        key += column
        size *= width
    return key


def _first_duplicate_line(
    cells: pd.DataFrame,
    lines: np.ndarray,
    duplicate: np.ndarray,
    codes: Mapping[str, parse.Factorized] | None = None,
) -> pd.Series:
    """For each duplicate row, the line of the first row with identical cells.

    Only the rows with a copy are grouped, compared as :func:`_duplicated`
    compares them (by ``codes`` where known), so that one duplicate in a
    big log costs no second pass over every cell.
    """
    first_line = pd.Series(pd.NA, index=cells.index, dtype="Int64")
    if not duplicate.any():
        return first_line
    rows = np.flatnonzero(_duplicated(cells, keep=False, codes=codes))
    involved = _compared_rows(cells, rows, codes or {})
    group = involved.groupby(list(involved.columns), sort=False, dropna=False).ngroup()
    first_row = pd.Series(rows).groupby(group.to_numpy()).transform("min").to_numpy()
    first_line.iloc[rows] = lines[first_row]
    return first_line


# -- all sources: application keys ---------------------------------------------------------


def _key_text(values: pd.Series) -> pd.Series:
    """Lower case with runs of white space folded: how names are matched."""
    codes, uniques = pd.factorize(values)
    folded = pd.Series(uniques, dtype="string").str.lower().str.split().str.join(" ")
    return pd.Series(folded.to_numpy()[codes], index=values.index, dtype="string")


def _is_value(values: pd.Series, value: str, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each value of a categorical is ``value`` (missing: no), from its codes;
    only at positions ``rows`` when given."""
    codes = _codes_of(values) if rows is None else _codes_of(values)[rows]
    return np.append(np.asarray(values.cat.categories == value, dtype=bool), False)[codes]


def _key_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Series]:
    """Codes of a categorical and of its :func:`_key_text` keys, worked out per category.

    Returns the value code of each row, the categories, the key code of
    each row and the distinct keys.
    """
    codes, categories = _codes_and_categories(values)
    keys = pd.Series(categories, dtype="string").str.lower().str.split().str.join(" ")
    key_of_value, key_uniques = pd.factorize(keys)
    return codes, categories, key_of_value[codes], pd.Series(key_uniques, dtype="string")


def _given_ids_at(
    base: np.ndarray, given: np.ndarray, with_id: np.ndarray, blank_role: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each row: how many ids are given at its candidate and company, and the first.

    A row with a blank role joins the candidate's only application at the
    company, whether its id is given or derived. Only the companies of such
    rows are counted (none in a log whose every row names its role).
    """
    count = np.zeros(len(base), dtype=np.int64)
    first = np.full(len(base), -1, dtype=np.int64)
    if not blank_role.any():
        return count, first
    wanted = with_id & np.isin(base, np.unique(base[blank_role]))
    ids = (
        pd.DataFrame({"base": base[wanted], "id": given[wanted]})
        .drop_duplicates()
        .groupby("base")["id"]
        .agg(["nunique", "first"])
    )
    at = ids.index.get_indexer(pd.Index(base))
    count = np.append(ids["nunique"].to_numpy(dtype=np.int64), 0)[at]
    first = np.append(ids["first"].to_numpy(dtype=np.int64), -1)[at]
    return count, first


def _assign_applications(
    frame: pd.DataFrame, rejects: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every kept row its application id (DESIGN.md section 2), rejecting DQ009 rows.

    Worked out on integer codes: candidate, company key (:func:`_key_text`)
    and role key make the derived key; the id shown is the company and role
    of the application's first rows.
    """
    kept = ~frame["rejected"].to_numpy(dtype=bool)
    networking = _is_value(frame["event"], "networking")
    ids = frame["application_id"]
    explicit = np.append(np.asarray(ids.cat.categories != "", dtype=bool), False)[_codes_of(ids)]
    derive = kept & ~networking & ~explicit

    candidate, _ = _codes_and_categories(frame["candidate"])
    company, companies, company_key, company_keys = _key_codes(frame["company"])
    role, roles_seen, role_key, role_keys = _key_codes(frame["role"])
    base = candidate.astype(np.int64) * max(len(company_keys), 1) + company_key
    has_role_key = role_keys.ne("").to_numpy(dtype=bool)[role_key]

    # Per candidate and company, the distinct role keys: how many, and the first one.
    with_role = derive & has_role_key
    roles = (
        pd.DataFrame({"base": base[with_role], "role": role_key[with_role]})
        .drop_duplicates()
        .groupby("base")["role"]
        .agg(["nunique", "first"])
    )
    # Looked up only where asked: rows with neither a role nor an id given (blank_role,
    # and the repeats of such rows); -1 (no role recorded) picks the appended default.
    asks = np.flatnonzero(~networking & ~explicit & ~has_role_key)
    at = roles.index.get_indexer(base[asks])
    role_count = np.zeros(len(frame), dtype=np.int64)
    role_count[asks] = np.append(roles["nunique"].to_numpy(dtype=np.int64), 0)[at]
    only_role = np.full(len(frame), -1, dtype=np.int64)
    only_role[asks] = np.append(roles["first"].to_numpy(dtype=np.int64), -1)[at]
    given_codes, given_names = _codes_and_categories(frame["application_id"].array)
    blank_role = derive & ~has_role_key
    id_count, only_id = _given_ids_at(base, given_codes, kept & ~networking & explicit, blank_role)
    ambiguous = blank_role & (role_count + id_count > 1)
    joins_given = blank_role & (role_count == 0) & (id_count == 1)
    derive &= ~joins_given
    resolved_role = np.where(blank_role & (role_count == 1), only_role, role_key)

    # One group per derived key; its id is the company and role of its first rows.
    derived_rows = np.flatnonzero(derive)
    key = base[derived_rows] * max(len(role_keys), 1) + resolved_role[derived_rows]
    group, _ = pd.factorize(key)
    group_size = int(group.max()) + 1 if len(group) else 0
    first_company = pd.Series(company[derived_rows]).groupby(group).first().to_numpy(dtype=np.int64)
    display = ~_is_value(frame["role"], "", derived_rows)
    first_role = (
        pd.Series(role[derived_rows][display])
        .groupby(group[display])
        .first()
        .reindex(range(group_size), fill_value=-1)
        .to_numpy(dtype=np.int64)
    )
    company_names = pd.Series(companies.take(first_company), dtype="string")
    role_names = pd.Series(roles_seen.take(np.maximum(first_role, 0)), dtype="string")
    names = company_names.mask(first_role >= 0, company_names + " / " + role_names)
    row_group = np.full(len(frame), -1, dtype=np.int64)
    row_group[derived_rows] = group
    # The ids given and the ids derived, as one categorical.
    derived_code, all_names = _given_then_derived(given_names, names)
    code = np.where(explicit, given_codes, np.append(derived_code, -1)[row_group])
    code = np.where(joins_given, only_id, code)
    code = np.where(kept & ~networking & ~ambiguous, code, -1)
    application = pd.Categorical.from_codes(
        code, dtype=_distinct_dtype(pd.Index(all_names, dtype="string"))
    )

    new = np.flatnonzero(ambiguous & kept)
    frame = frame.assign(application_id=application, rejected=~kept | ambiguous)
    repeat_of = ~networking & ~explicit & ~has_role_key & (role_count + id_count > 1)
    rejects = _repeats_of_rows_not_loaded(rejects, repeat_of)
    if len(new):
        message = (
            "the role is blank and "
            + frame["candidate"].iloc[new].astype("string")
            + " has "
            + pd.Series((role_count + id_count)[new], index=frame.index[new]).astype("string")
            + " applications at "
            + frame["company"].iloc[new].astype("string")
            + "; say which one (role or application_id); row not loaded"
        )
        dq009 = pd.DataFrame(
            {
                "row": new,
                "code": "DQ009",
                "column": "role",
                "value": "",
                "message": message.to_numpy(),
            }
        )
        rejects = pd.concat([rejects, dq009], ignore_index=True)
    return frame, rejects


def _given_then_derived(given: pd.Index, derived: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize`` of the ids ``given`` (distinct) followed by those ``derived``.

    Returns the code of each derived id and all the distinct ids: the given
    ones keep their places, and a derived id that is none of them comes
    after, in order of appearance. Only the derived ids (a few per cent of
    a big log's) are hashed; the given ones, hundreds of thousands, are
    looked up among them.
    """
    codes, distinct = pd.factorize(pd.Series(derived, dtype="string"))
    distinct = pd.Index(distinct, dtype="string")
    place = pc.fill_null(
        pc.index_in(pa.array(given.astype("string").array), value_set=pa.array(distinct.array)),
        -1,
    ).to_numpy()
    found = place >= 0
    code_of = np.full(len(distinct), -1, dtype=np.int64)
    code_of[place[found]] = np.flatnonzero(found)
    new = code_of < 0
    code_of[new] = len(given) + np.arange(int(new.sum()))
    return np.append(code_of, -1)[codes], given.astype("string").append(distinct[new])


def _repeats_of_rows_not_loaded(rejects: pd.DataFrame, ambiguous: np.ndarray) -> pd.DataFrame:
    """``rejects`` with each repeat (DQ005) of a row rejected as ambiguous (DQ009) saying so.

    Repeats are rejected before applications are assigned, so the row a
    repeat copies may be rejected after it. A repeat is value for value its
    row, so ``ambiguous`` (by row: a blank role at a company where the
    candidate has several applications) holds for both. Such a repeat was
    not checked as its row: its finding names the ``role`` column that kept
    both out, as DQ009 does, and :attr:`LoadedLog.files_rejected_and_checked`
    does not count its file as checked.
    """
    rows = rejects["row"].to_numpy(dtype=np.int64)
    of_unloaded = rejects["code"].eq("DQ005").to_numpy(dtype=bool) & ambiguous[rows]
    if not of_unloaded.any():
        return rejects
    said = rejects["message"][of_unloaded].astype("string").str.removesuffix(COPY_NOT_LOADED)
    rejects = rejects.copy()
    rejects.loc[of_unloaded, "message"] = (
        said + ", which was not loaded either (DQ009)" + COPY_NOT_LOADED
    ).to_numpy(dtype=object)
    rejects.loc[of_unloaded, "column"] = "role"
    return rejects


# -- typed events -------------------------------------------------------------------------


def _build_events(
    frame: pd.DataFrame, attributes: Iterable[str], as_of: pd.Timestamp
) -> pd.DataFrame:
    kept_rows = np.flatnonzero(~frame["rejected"].to_numpy(dtype=bool))
    every = len(kept_rows) == len(frame)  # a clean log: the rows are not picked, nor copied

    def picked(values: np.ndarray) -> np.ndarray:
        return values if every else values[kept_rows]

    date = picked(frame["date"].astype("datetime64[ns]").to_numpy())
    day = pd.DatetimeIndex(date).normalize().to_numpy()
    # Each label's rank by code, and each kept row's code: ranked once per category.
    labels = {
        "file": _ranked(frame["file"]),
        "candidate": _ranked(frame["candidate"]),
        "application_id": _ranked(frame["application_id"]),
        "company": _ranked(frame["company"], blank_missing=True),
    }
    codes = {name: picked(_codes_of(frame[name])) for name in labels}
    order = _sort_order(
        labels["candidate"][0][codes["candidate"]],
        labels["application_id"][0][codes["application_id"]],
        day,
        date,
        picked(frame["has_time"].to_numpy(dtype=bool)),
        picked(_same_day_ranks(frame["event"])),
        kept_rows,
    )
    positions = order if every else kept_rows[order]
    # One take of the other columns kept, already in event order.
    columns = [
        "line",
        "role",
        "event",
        "date",
        "has_time",
        *TEXT_COLUMNS,
        "channel",
        "reason",
        *YES_NO_COLUMNS,
        *DAY_COUNT_COLUMNS,
        *attributes,
    ]
    kept = frame[list(dict.fromkeys(columns))].take(positions)
    coded = {
        name: pd.Series(_categorical(rank, categories, codes[name][order]), index=kept.index)
        for name, (rank, categories) in labels.items()
    }
    events = pd.DataFrame(
        {
            "file": coded["file"],
            "line": kept["line"].astype("int64"),
            "candidate": coded["candidate"],
            "application_id": coded["application_id"],
            "company": coded["company"],
            "role": _text_of(kept["role"], blank_missing=True),
            "event": kept["event"],
            "date": kept["date"].astype("datetime64[ns]"),
            "has_time": kept["has_time"].astype(bool),
        },
        copy=False,  # all newly taken: not copied again
    )
    events["day"] = day[order]
    for column in TEXT_COLUMNS:
        events[column] = kept[column].astype("string")
    events["channel"] = kept["channel"]
    events["reason"] = kept["reason"]
    for column in YES_NO_COLUMNS:
        events[column] = kept[column].astype("boolean")
    for column in DAY_COUNT_COLUMNS:
        events[column] = kept[column].astype("Int64")
    events["after_as_of"] = events["day"] > as_of
    names = list(dict.fromkeys(attributes))
    if names:  # at once: inserting thousands of columns one at a time is quadratic
        values = kept[names].astype("string").set_axis(events.index)
        events = pd.concat([events, values], axis="columns")
    return events.reset_index(drop=True)


def _codes_and_categories(values: pd.Series | pd.Categorical[Any]) -> tuple[np.ndarray, pd.Index]:
    """The codes (int64, -1 for missing) and categories of a categorical."""
    categorical = values.array if isinstance(values, pd.Series) else values
    assert isinstance(categorical, pd.Categorical)
    return categorical.codes.astype(np.int64), categorical.categories


def _codes_of(values: pd.Series) -> np.ndarray:
    """The codes of a categorical (-1 for missing), as it holds them (no copy)."""
    categorical = values.array
    assert isinstance(categorical, pd.Categorical)
    return np.asarray(categorical.codes)


def _ranked(values: pd.Series, blank_missing: bool = False) -> tuple[np.ndarray, pd.Index]:
    """Per code of the categorical ``values``, an integer that sorts as they do (missing
    last), and the values.

    The values are those that occur, sorted; a missing value's rank is their
    number. The ranks are indexed by code, the last for code -1 (missing), so
    that only the rows wanted are ranked. With ``blank_missing``, an empty
    text counts as missing.
    """
    codes, categories = _codes_of(values), values.cat.categories
    used = np.zeros(len(categories) + 1, dtype=bool)
    used[codes] = True  # code -1 marks the last place, cut off
    used = used[:-1]
    if blank_missing:
        used &= np.asarray(categories != "", dtype=bool)
    occurring = np.flatnonzero(used)
    order = occurring[np.asarray(categories[occurring].argsort(), dtype=np.int64)]
    rank = np.full(len(categories) + 1, len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank, pd.Index(categories[order], dtype="string")


def _categorical(rank: np.ndarray, categories: pd.Index, codes: np.ndarray) -> pd.Categorical[Any]:
    """The values of codes ``codes`` as the categorical of ``categories``, by their ``rank``
    from :func:`_ranked` (the last rank is missing).

    Worked out per code, then taken by row (code -1 takes the last place):
    one pass over the rows, in codes as narrow as the categorical keeps.
    """
    by_code = np.where(rank == len(categories), -1, rank)
    return pd.Categorical.from_codes(by_code, dtype=_distinct_dtype(categories)).take(codes)


def _text_of(values: pd.Series, blank_missing: bool = False) -> pd.Series:
    """A categorical as strings (taken from its categories), blank as missing if asked."""
    codes, categories = _codes_and_categories(values)
    if blank_missing:
        codes = np.where(
            np.append(np.asarray(categories == "", dtype=bool), False)[codes], -1, codes
        )
    text = categories.astype("string").array.take(codes, allow_fill=True)
    return pd.Series(text, index=values.index, name=values.name)


def _sort_codes(values: pd.Series) -> np.ndarray:
    """Integer codes that sort as ``values`` do (``sort_values``), missing values last."""
    codes, uniques = pd.factorize(values)
    order = pd.Series(uniques).argsort(kind="stable").to_numpy()
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    rank[-1] = len(uniques)  # missing values (code -1) last
    return rank[codes]


def _same_day_ranks(event: pd.Series) -> np.ndarray:
    """:data:`SAME_DAY_RANK` of each event (-1 where missing)."""
    codes, uniques = pd.factorize(event)
    ranks = pd.Series(uniques).astype("string").map(SAME_DAY_RANK).astype("int64")
    return np.append(ranks.to_numpy(), -1)[codes]


def _sort_order(
    candidate: np.ndarray,
    application: np.ndarray,
    day: np.ndarray,
    date: np.ndarray,
    has_time: np.ndarray,
    rank: np.ndarray,
    source: np.ndarray,
) -> np.ndarray:
    """Positions that put events in :func:`sort_events` order (arrays of equal length).

    ``candidate`` and ``application`` are codes from :func:`_sort_codes`.
    """
    day_ns = _sortable_ns(day)
    date_ns = _sortable_ns(date)
    owner = candidate.astype(np.int64) * (int(application.max(initial=0)) + 1) + application
    if not has_time.any() and np.array_equal(date_ns, day_ns):
        # No times of day: order by owner, day, rank, source line.
        key = _one_sort_key(owner, day_ns, rank, source)
        if key is not None:
            return _stable_argsort(key)
        return np.lexsort((source, rank, day_ns, owner))
    by_time = np.lexsort((source, rank, date_ns, day_ns, owner))
    if has_time.all():
        return by_time
    # Rows with a time go by time among themselves, the others by rank: the rows of
    # each application and day in rank order, then the places held by timed rows
    # refilled with those rows in time order. Both orders put the applications and
    # days in the same sequence, so the k-th timed place gets the k-th timed row.
    by_rank = np.lexsort((source, rank, day_ns, owner))
    order = by_rank.copy()
    order[has_time[by_rank]] = by_time[has_time[by_time]]
    return order


#: Nanoseconds in a day.
_DAY_NS = 86_400 * 10**9


def _one_sort_key(
    owner: np.ndarray, day_ns: np.ndarray, rank: np.ndarray, source: np.ndarray
) -> np.ndarray | None:
    """One int64 that sorts (stably) as ``lexsort((source, rank, day_ns, owner))`` does.

    Logs are mostly written in order already, and a stable sort of one key
    finds those runs, where a lexsort makes a full pass per key. ``None``
    when the key would not fit in 63 bits, a day is missing or not at
    midnight, or ``source`` is not ascending (the sort's stability stands in
    for it).
    """
    if not len(owner):
        return None
    if int(day_ns.max()) == np.iinfo(np.int64).max or (source[1:] <= source[:-1]).any():
        return None
    offset = day_ns - int(day_ns.min())
    days = offset // _DAY_NS
    if not np.array_equal(days * _DAY_NS, offset):  # a day not at midnight
        return None
    day_width = int(days.max()) + 1
    rank_width = int(rank.max()) + 2  # ranks start at -1
    if (int(owner.max()) + 1) * day_width * rank_width >= 2**62 or int(owner.min()) < 0:
        return None
    # ((owner * day_width + days) * rank_width + rank + 1), in place: one array, not five.
    key = np.multiply(owner, day_width, dtype=np.int64)
    key += days
    key *= rank_width
    key += rank
    key += 1
    return key


def _stable_argsort(key: np.ndarray) -> np.ndarray:
    """``np.argsort(key, kind="stable")`` of non-negative int64 keys, by sorting values.

    Each key is shifted left and given its position in the low bits: the
    values are then distinct and sort as the stable order does, and numpy
    sorts plain values (with SIMD) faster than it argsorts stably. The
    positions are the low bits of the sorted values. Falls back to the stable
    argsort when the key would not fit in 63 bits.
    """
    size = len(key)
    shift = max(size - 1, 0).bit_length()
    if not size or int(key.min()) < 0 or int(key.max()) >= 2 ** (63 - shift):
        return np.argsort(key, kind="stable")
    tagged = np.left_shift(key, shift, dtype=np.int64)
    tagged |= np.arange(size, dtype=np.int64)
    tagged.sort()
    tagged &= (1 << shift) - 1
    return tagged


def _sortable_ns(values: np.ndarray) -> np.ndarray:
    """Nanoseconds as int64, with missing times last (as ``sort_values`` puts them)."""
    stamps = values.astype("datetime64[ns]")
    return np.where(np.isnat(stamps), np.iinfo(np.int64).max, stamps.view("int64"))


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Sort by candidate, application, day and same-day order (DESIGN.md section 2).

    Within one application and day, rows that have a time go by time among
    themselves; the others by the rank of their event, then source line
    (``_source_order`` when the table has it, else its current order), the
    timed rows taking, in time order, the places their ranks give them.
    """
    order = _sort_order(
        _sort_codes(events["candidate"]),
        _sort_codes(events["application_id"]),
        events["day"].to_numpy(),
        events["date"].to_numpy(),
        events["has_time"].to_numpy(dtype=bool),
        _same_day_ranks(events["event"]),
        events["_source_order"].to_numpy() if "_source_order" in events else np.arange(len(events)),
    )
    if np.array_equal(order, np.arange(len(order))):
        return events
    return events.take(order)


def files_without_events(rejected_files: pd.Series, event_files: pd.Series) -> tuple[str, ...]:
    """The files among ``rejected_files`` not among ``event_files``, in sorted order.

    Over whole columns of file labels (a million rows, a handful of files), so worker
    processes can pool their parts' columns first.
    """
    rejected = set(rejected_files.astype("string").dropna().unique())
    return tuple(sorted(rejected - set(event_files.astype("string").dropna().unique())))


# -- quality findings ---------------------------------------------------------------------


def _severities(quality: pd.DataFrame) -> pd.DataFrame:
    from followup_stats.rules.catalogue import load_catalogue

    severities = {code: info.severity for code, info in load_catalogue().items()}
    return quality.assign(severity=quality["code"].map(severities))[list(QUALITY_COLUMNS)]


#: How a finding ends when its row is not loaded.
ROW_NOT_LOADED: Final = "; row not loaded"


def _partly_loaded(frame: pd.DataFrame, said: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The messages ``said`` of the rejected ``rows`` of ``frame``, each that ends in "row
    not loaded" said of its event alone where the row's other events were loaded.

    A tracker's row gives an event per date cell, on one line: one unreadable date
    keeps that event out, not the row (``interview not loaded; the row's other
    dates are``, or, when another of its events is out too, ``...; the row's
    applied date is``).
    """
    messages = said.astype("string").reset_index(drop=True)
    maybe = messages.str.endswith(ROW_NOT_LOADED).fillna(False).to_numpy(dtype=bool)
    maybe &= frame["event"].iloc[rows].notna().to_numpy(dtype=bool)
    line = frame["line"].to_numpy()
    near = np.flatnonzero(np.isin(line, line[rows[maybe]]))  # the few rows on those lines
    if not len(near):
        return messages.to_numpy(dtype=object)
    lines = frame[["file", "line"]].iloc[near].reset_index(drop=True)
    others = lines.assign(
        event=frame["event"].iloc[near].astype("string").str.replace("_", " ").to_numpy(),
        loaded=~frame["rejected"].to_numpy(dtype=bool)[near],
    )
    keys = pd.MultiIndex.from_frame(frame[["file", "line"]].iloc[rows])
    partly = maybe & keys.isin(pd.MultiIndex.from_frame(lines[others["loaded"].to_numpy()]))
    if not partly.any():
        return messages.to_numpy(dtype=object)
    chosen = keys[partly]
    by_line = ["file", "line"]
    left_out = (~others["loaded"]).groupby([others["file"], others["line"]], observed=True)
    another_out = left_out.sum().reindex(chosen).to_numpy() > 1
    names = (
        others[others["loaded"]]
        .drop_duplicates()
        .groupby(by_line, observed=True)["event"]
        .agg(" and ".join)
        .reindex(chosen)
        .astype("string")
        .reset_index(drop=True)
    )
    plural = names.str.contains(" and ", regex=False).to_numpy(dtype=bool)
    some = (
        "the row's " + names + pd.Series(np.where(plural, " dates are", " date is"), dtype="string")
    )
    rest = pd.Series(np.where(another_out, some, "the row's other dates are"), dtype="string")
    event = frame["event"].iloc[rows[partly]].astype("string").str.replace("_", " ")
    stem = messages[partly].str.removesuffix(ROW_NOT_LOADED).reset_index(drop=True)
    told = stem + "; " + event.reset_index(drop=True) + " not loaded; " + rest
    messages[partly] = told.to_numpy()
    return messages.to_numpy(dtype=object)


def _quality_table(
    frame: pd.DataFrame,
    rejects: pd.DataFrame,
    blanked: pd.DataFrame,
    events: pd.DataFrame,
    as_of: pd.Timestamp,
    unassigned: pd.DataFrame,
) -> pd.DataFrame:
    """Every DQ finding of the log; ``unassigned`` is ``frame`` before applications were
    given (:func:`_assign_applications`): the ids written on rows not loaded
    (:func:`_application_of_rows`), and for DQ007 to name rows not loaded that may hold
    the interview."""
    reasons = rejects.sort_values("row", kind="stable")
    rejected_rows = reasons["row"].to_numpy(dtype=np.int64)
    rejected = frame.iloc[rejected_rows]
    parts = [
        pd.DataFrame(
            {
                "file": rejected["file"].to_numpy(),
                "line": rejected["line"].to_numpy(),
                "column": reasons["column"].to_numpy(),
                "value": reasons["value"].to_numpy(),
                "code": reasons["code"].to_numpy(),
                "message": _partly_loaded(frame, reasons["message"], rejected_rows),
                "rejected": True,
                "candidate": rejected["candidate"].to_numpy(),
                "application_id": _application_of_rows(frame, unassigned, rejected_rows),
                "company": rejected["company"].to_numpy(),
                "date": rejected["date"].dt.normalize().to_numpy(),
            }
        )
    ]
    # A rejected row's blanked values are not news, but rows joined into it are.
    shown = ~frame["rejected"].to_numpy(dtype=bool)[blanked["row"].to_numpy()]
    if JOINED in blanked:
        shown |= blanked[JOINED].fillna(False).to_numpy(dtype=bool)
    said = reasons["message"].astype("string")
    no_event = said.str.startswith(TOTALS_ROW_SAID) | said.eq(HEADER_ROW_SAID)
    no_event |= reasons["code"].eq("DQ005")  # a repeat: the row it repeats has the finding
    whole_row = np.zeros(len(frame), dtype=bool)
    whole_row[rejected_rows[no_event.fillna(False).to_numpy(dtype=bool)]] = True
    shown |= (
        blanked["column"].eq(BEYOND_HEADER).to_numpy(dtype=bool)
        & ~whole_row[blanked["row"].to_numpy(dtype=np.int64)]
    )
    details = blanked[shown]
    if len(details):
        detail_rows = details["row"].to_numpy(dtype=np.int64)
        rows = frame.iloc[detail_rows]
        parts.append(
            pd.DataFrame(
                {
                    "file": rows["file"].to_numpy(),
                    "line": rows["line"].to_numpy(),
                    "column": details["column"].to_numpy(),
                    "value": details["value"].to_numpy(),
                    "code": "DQ004",
                    "message": details["message"].to_numpy(),
                    "rejected": False,
                    "candidate": rows["candidate"].to_numpy(),
                    "application_id": _application_of_rows(frame, unassigned, detail_rows),
                    "company": rows["company"].to_numpy(),
                    "date": rows["date"].dt.normalize().to_numpy(),
                }
            )
        )
    dq006, dq007, dq008 = _order_findings(events, as_of)
    dq007 = _naming_rows_not_loaded(dq007, unassigned, rejects)
    parts += [dq006, dq007, dq008]
    found = [p for p in parts if len(p)]
    quality = pd.concat(found, ignore_index=True) if found else None
    if quality is None or quality.empty:
        quality = pd.DataFrame({c: pd.Series(dtype="object") for c in QUALITY_COLUMNS})
    quality = _severities(quality).astype(
        {
            "file": "string",
            "line": "int64",
            "column": "string",
            "value": "string",
            "code": "string",
            "severity": "string",
            "message": "string",
            "rejected": bool,
            "candidate": "string",
            "application_id": "string",
            "company": "string",
            "date": "datetime64[ns]",
        }
    )
    # A company not recorded is missing on a row not loaded too, as on the events ("" there).
    blank = quality["company"].str.strip().eq("").fillna(False).to_numpy(dtype=bool)
    if blank.any():
        quality.loc[blank, "company"] = pd.NA
    # A totals row or the header row again is filed under the file's name; where no event
    # has that name, it is no candidate (a cohort's file), and the finding names none.
    nobody = no_candidate_findings(quality)
    if nobody.any():
        nobody &= ~quality["candidate"].isin(_occurring(events["candidate"])).to_numpy(dtype=bool)
        quality.loc[nobody, "candidate"] = pd.NA
    return (
        quality[list(QUALITY_COLUMNS)].sort_values(["file", "line", "code"]).reset_index(drop=True)
    )


def _occurring(values: pd.Series) -> pd.Index:
    """The categories of a categorical that some row holds, from its codes (no text made
    per row)."""
    used = np.zeros(len(values.cat.categories) + 1, dtype=bool)
    used[_codes_of(values)] = True  # code -1 (missing) marks the last place, cut off
    return values.cat.categories[used[:-1]]


def _application_of_rows(
    frame: pd.DataFrame, unassigned: pd.DataFrame, rows: np.ndarray
) -> np.ndarray:
    """The application the findings on the rows at positions ``rows`` name.

    A loaded row's is the one it was given: its ``application_id``, or the
    id derived from its company and role. A row not loaded joined no
    application, so its findings give the id as written in its cell
    (stripped), and none where the cell is blank (no id is made up for it:
    which application a row joins depends on the rows loaded) or the row is
    a ``networking`` one (whose cell the loader ignores, loaded or not).
    """
    assigned = frame["application_id"].iloc[rows]
    not_loaded = frame["rejected"].to_numpy(dtype=bool)[rows]
    if not not_loaded.any():
        return assigned.to_numpy()
    written = unassigned["application_id"].iloc[rows].astype("string")
    ignored = written.eq("").fillna(False).to_numpy(dtype=bool)
    ignored |= _is_value(unassigned["event"], "networking")[rows]
    shown = assigned.astype("string").where(~not_loaded, written.mask(ignored))
    return shown.to_numpy(dtype=object)


def _event_words(events: pd.Series) -> pd.Series:
    """Each event as a message names it (:data:`~followup_stats.vocab.EVENT_WORDS`)."""
    return events.astype("string").map(EVENT_WORDS).astype("string")


def _format_days(values: pd.Series, form: str) -> pd.Series:
    """``values.dt.strftime(form)``, formatting each distinct value once."""
    codes, uniques = pd.factorize(values)
    text = pd.Series(uniques).dt.strftime(form)
    return pd.Series(text.array.take(codes, allow_fill=True), index=values.index, name=values.name)


def _finding(
    events: pd.DataFrame,
    mask: pd.Series,
    code: str,
    message: Callable[[pd.DataFrame, pd.Series], pd.Series],
) -> pd.DataFrame:
    """One finding per masked row; ``message`` is built for those rows only."""
    rows = events[mask.to_numpy()]
    day_text = _format_days(rows["day"], "%d %b %Y").str.lstrip("0")
    return pd.DataFrame(
        {
            "file": rows["file"],
            "line": rows["line"],
            "column": "date" if code != "DQ007" else "event",
            "value": _format_days(rows["date"], "%Y-%m-%d"),
            "code": code,
            "message": message(rows, day_text),
            "rejected": False,
            "candidate": rows["candidate"],
            "application_id": rows["application_id"],
            "company": rows["company"],
            "date": rows["day"],
        }
    )


#: A day later than any (int64 nanoseconds): what "no applied row" is when taking minima.
_NEVER = np.iinfo(np.int64).max


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal neighbours starts."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


@dataclasses.dataclass
class _Runs:
    """Rows put into runs of equal group numbers, for group-wise sums and minima.

    The events are sorted by application, so the rows of each application
    are usually one run already; otherwise a stable sort makes them so.
    Rows of no group (-1) may make several runs: their results are not used.
    """

    starts: np.ndarray
    lengths: np.ndarray
    order: np.ndarray | None

    def __init__(self, groups: np.ndarray) -> None:
        self.order = None
        starts = _run_starts(groups)
        numbered = np.sort(groups[starts][groups[starts] >= 0])
        if (numbered[1:] == numbered[:-1]).any():  # a group in several runs
            self.order = np.argsort(groups, kind="stable")
            starts = _run_starts(groups[self.order])
        self.starts = starts
        self.lengths = np.diff(np.r_[starts, len(groups)])

    def ordered(self, values: np.ndarray) -> np.ndarray:
        """``values`` in run order."""
        return values if self.order is None else values[self.order]

    def unordered(self, values: np.ndarray) -> np.ndarray:
        """``values`` in run order, put back in row order."""
        if self.order is None:
            return values
        back = np.empty_like(values)
        back[self.order] = values
        return back

    def spread(self, per_run: np.ndarray) -> np.ndarray:
        """One value per run, repeated over its rows, in row order."""
        return self.unordered(np.repeat(per_run, self.lengths))


def _naming_rows_not_loaded(
    dq007: pd.DataFrame, unassigned: pd.DataFrame, rejects: pd.DataFrame
) -> pd.DataFrame:
    """DQ007 findings whose application has a row not loaded that may be the interview, saying so.

    A misspelt ``intervew`` is not loaded (DQ002), and the thank-you after it
    then seems to come before any interview. A row not loaded may be the
    interview when its event is ``interview`` or close to it (``rejects``
    holds what DQ002 suggests for each, also for a row rejected first for its
    date, DQ001), its date could not be read or is not after the thank-you's,
    and it would have joined the thank-you's application: applications are
    given again, as the loader gives them, to the rows of the candidates
    concerned with those rows among them. A row whose application cannot be
    told (a blank role where the candidate has several applications at the
    company) is not named.
    """
    rejected = unassigned["rejected"].to_numpy(dtype=bool)
    if dq007.empty or not rejected.any():
        return dq007
    concerned = (
        unassigned["candidate"]
        .isin(dq007["candidate"].astype("string").unique())
        .to_numpy(dtype=bool)
    )
    slipped = rejects["suggested"].eq("interview").fillna(False).to_numpy(dtype=bool)
    interview = unassigned["event"].eq("interview").fillna(False).to_numpy(dtype=bool, copy=True)
    interview[rejects["row"].to_numpy(dtype=np.int64)[slipped]] = True
    maybe = rejected & concerned & interview
    if not maybe.any():
        return dq007
    rows = pd.concat([unassigned[concerned & ~rejected], unassigned[maybe]])  # loaded first
    assigned, _ = _assign_applications(rows.assign(rejected=False), _NO_REJECTS)
    # Each row's application had the rows not loaded been loaded (a role they give may
    # join the blank-role rows of a company into one application, and rename it).
    again = pd.DataFrame(
        {
            "file": assigned["file"].astype("string").to_numpy(),
            "line": assigned["line"].to_numpy(dtype=np.int64),
            "candidate": assigned["candidate"].astype("string").to_numpy(),
            "application": assigned["application_id"].astype("string").to_numpy(),
            "day": assigned["date"].dt.normalize().to_numpy(),
        }
    )
    loaded = int((concerned & ~rejected).sum())
    not_loaded = again.iloc[loaded:].dropna(subset=["application"])
    findings = pd.DataFrame(
        {
            "finding": np.arange(len(dq007)),
            "file": dq007["file"].astype("string").to_numpy(),
            "line": dq007["line"].to_numpy(dtype=np.int64),
            "day": dq007["date"].to_numpy(),
        }
    ).merge(  # a tracker's line holds several events of one application: one of them
        again.iloc[:loaded][["file", "line", "candidate", "application"]].drop_duplicates()
    )
    pairs = findings.merge(
        not_loaded.rename(
            columns={"file": "not_loaded_file", "line": "not_loaded_line", "day": "not_loaded_day"}
        ),
        on=["candidate", "application"],
    )
    before = pairs["not_loaded_day"].isna() | pairs["not_loaded_day"].le(pairs["day"])
    pairs = pairs[before.to_numpy(dtype=bool)]
    if pairs.empty:
        return dq007
    pairs = pairs.assign(elsewhere=pairs["not_loaded_file"].ne(pairs["file"])).sort_values(
        ["finding", "elsewhere", "not_loaded_file", "not_loaded_line"]
    )  # lines of the thank-you's own file first
    where = pairs["not_loaded_line"].astype("string")
    elsewhere = pairs["elsewhere"].to_numpy(dtype=bool)
    where = where.mask(elsewhere, where + " of " + pairs["not_loaded_file"])
    named = where.groupby(pairs["finding"].to_numpy()).agg(list)
    said = pd.Series(
        [
            f" (line {lines[0]} was not loaded and may be it)"
            if len(lines) == 1
            else f" (lines {listed(lines)} were not loaded and may hold it)"
            for lines in named
        ],
        index=named.index,
        dtype="string",
    )
    extra = said.reindex(np.arange(len(dq007)), fill_value="").to_numpy(dtype=object)
    return dq007.assign(message=dq007["message"].astype("string").to_numpy() + extra)


#: No rows rejected yet: what :func:`_assign_applications` is given to name rows only.
_NO_REJECTS = pd.DataFrame({"row": pd.Series(dtype="int64"), "code": pd.Series(dtype="string")})


def _order_findings(events: pd.DataFrame, as_of: pd.Timestamp) -> list[pd.DataFrame]:
    """DQ006 (before the applied row), DQ007 (thank-you before an interview), DQ008 (future)."""
    app = application_numbers(events["candidate"], events["application_id"])
    event = events["event"]
    day = events["day"].to_numpy(dtype="datetime64[ns]")
    runs = _Runs(app)
    first_ns = runs.spread(
        np.minimum.reduceat(
            runs.ordered(
                np.where(event.eq("applied").to_numpy(dtype=bool), day.view(np.int64), _NEVER)
            ),
            runs.starts,
        )
    )
    has_app = app >= 0
    first_applied = pd.Series(
        np.where(has_app & (first_ns != _NEVER), first_ns, np.iinfo(np.int64).min).view(
            "datetime64[ns]"
        ),
        index=events.index,
    )
    before_applied = pd.Series(
        has_app & (first_ns != _NEVER) & (day.view(np.int64) < first_ns), index=events.index
    )
    interview = event.eq("interview").to_numpy(dtype=np.int64)
    so_far = np.cumsum(runs.ordered(interview))
    so_far -= np.repeat(so_far[runs.starts] - runs.ordered(interview)[runs.starts], runs.lengths)
    thank_you_early = pd.Series(
        event.eq("thank_you").to_numpy(dtype=bool) & has_app & (runs.unordered(so_far) == 0),
        index=events.index,
    )
    as_of_text = as_of.strftime("%d %b %Y").lstrip("0")

    def dq006(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        sent = _format_days(first_applied[rows.index], "%d %b %Y").str.lstrip("0")
        return (
            _event_words(rows["event"])
            + " on "
            + day
            + " is dated before the application was sent on "
            + sent
        )

    def dq007(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        return "thank-you on " + day + " comes before any interview of this application"

    def dq008(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        return (
            _event_words(rows["event"])
            + " on "
            + day
            + " is after the as-of date "
            + as_of_text
            + "; kept but not judged"
        )

    return [
        _finding(events, before_applied, "DQ006", dq006),
        _finding(events, thank_you_early, "DQ007", dq007),
        _finding(events, events["after_as_of"], "DQ008", dq008),
    ]
