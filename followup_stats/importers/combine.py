"""Several inputs into one canonical log, with duplicates between them found and reported.

:func:`import_files` reads each file (CSV or spreadsheet), converts it from its
format, stacks the events, drops an event that another file already has (same
candidate, company, role, event and day; the first file's copy is kept) and
says what it did in :meth:`ImportResult.report`.

The log is written plainly with the :mod:`csv` module: it is read back by
this package, not opened as a report, so no cell is neutralised against
spreadsheet formulas (unlike the CSV outputs of ``check`` and ``stats``) and
no value is refused.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from followup_stats import parse
from followup_stats.config import ALL_CODES, Config, resolve_config
from followup_stats.errors import LogFormatError, shown_name
from followup_stats.importers.base import (
    CANONICAL_ORDER,
    NEED_WORDS,
    Conversion,
    ambiguous_dates,
    empty_frame,
    lines_text,
    unjudged,
)
from followup_stats.importers.formats import convert
from followup_stats.importers.spreadsheet import SheetTable, is_spreadsheet
from followup_stats.importers.wide import Mapping, load_mapping
from followup_stats.logio import read_log_file
from followup_stats.plural import counted
from followup_stats.read import RawTable

#: The column that says where each imported row came from (``file:line``).
PROVENANCE = "imported_from"
#: Cells to correct listed in the report, at most, per source (the count is always given).
SHOWN_FINDINGS = 10


@dataclasses.dataclass(frozen=True)
class Source:
    """One input: how it is named in messages, and its conversion.

    ``not_events``: of a canonical log, copied as written, the rows ``check``
    does not load (an unknown event, a date that is none), indexed by line:
    ``code`` and ``message`` of each finding that rejects the row.
    """

    label: str
    conversion: Conversion
    not_events: pd.DataFrame = dataclasses.field(
        default_factory=lambda: empty_frame(["code", "message"])
    )


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """The combined canonical log and what happened on the way.

    Attributes
    ----------
    log
        One row per event, every cell a string: canonical columns, then
        attributes, then ``imported_from`` (``file:line`` of the source row).
    sources
        Each input with its conversion.
    duplicates
        Events dropped as duplicates of another file's: ``event``,
        ``company``, ``role``, ``day``, ``dropped`` and ``kept`` (both
        ``file:line``), ``kept_row``. Attributes only the dropped copy had are
        copied to the row kept.
    unloaded
        How many rows of the log written ``check`` does not load (:func:`_not_loaded`),
        worked out when a tracker or an export is among the sources; ``None`` for
        canonical logs alone, whose rows not loaded are their ``not_events``.
    """

    log: pd.DataFrame
    sources: tuple[Source, ...]
    duplicates: pd.DataFrame
    unloaded: int | None = None

    def csv_text(self) -> str:
        """The log as CSV text, written plainly (see the module docstring)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(list(self.log.columns))
        # Whole columns to Python lists at once: iterating rows of Arrow-backed
        # columns cell by cell took most of an import of a million events.
        columns = [self.log[c].fillna("").to_numpy(dtype=object).tolist() for c in self.log]
        writer.writerows(zip(*columns, strict=True))
        return buffer.getvalue()

    def report(self, out: str | None = None) -> list[str]:
        """What was mapped, what could not be, and which rules cannot be judged, as lines."""
        lines: list[str] = []
        for source in self.sources:
            lines.extend(_source_report(source))
        if len(self.duplicates):
            lines.append(
                f"duplicates between files: {counted(len(self.duplicates), 'event')} already in an "
                "earlier file "
                + ("was" if len(self.duplicates) == 1 else "were")
                + " dropped (attributes only "
                + ("it" if len(self.duplicates) == 1 else "they")
                + " had are kept)"
            )
            for row in self.duplicates.head(10).to_dict("records"):
                role = f" ({row['role']})" if row["role"] else ""
                lines.append(
                    f"  {row['event']}, {row['company']}{role}, {row['day']}: {row['dropped']} "
                    f"duplicates {row['kept']} (kept)"
                )
            if len(self.duplicates) > 10:
                lines.append(f"  ... and {len(self.duplicates) - 10} more")
        # A source read with a date_format said which of its dates are none (see above).
        formatted = tuple(s.label + ":" for s in self.sources if s.conversion.date_format)
        ambiguous = ambiguous_dates(self.log["date"])
        if formatted:
            ambiguous &= ~self.log[PROVENANCE].str.startswith(formatted).to_numpy(dtype=bool)
        if ambiguous.any():
            from_file = self.log[PROVENANCE].str.rsplit(":", n=1).str[0]
            lines.append(
                _ambiguous_dates_said(self.log["date"], ambiguous, from_file, self.sources)
            )
        where = out if out is not None else "standard output"
        lines.append(f"wrote {self._written()} to {where}")
        return lines

    def _written(self) -> str:
        """What the log written holds: ``12 events``, or ``12 rows (10 events, 2 rows
        check does not load)`` when it has rows that are no events: a canonical log's,
        copied as written, or a tracker's with a date the loader cannot read."""
        not_events = self.unloaded
        if not_events is None:
            bad = [
                source.label + ":" + pd.Series(source.not_events.index, dtype="string")
                for source in self.sources
                if len(source.not_events)
            ]
            not_events = int(self.log[PROVENANCE].isin(pd.concat(bad)).sum()) if bad else 0
        if not not_events:
            return counted(len(self.log), "event")
        return (
            f"{counted(len(self.log), 'row')} ({counted(len(self.log) - not_events, 'event')}, "
            f"{counted(not_events, 'row')} `followup-stats check` does not load)"
        )


def _ambiguous_dates_said(
    dates: pd.Series, ambiguous: pd.Series, from_file: pd.Series, sources: Sequence[Source]
) -> str:
    """What the import says of the all-numeric dates it wrote as they were.

    A mapping file's ``date_format`` rewrites a tracker's dates, never a canonical
    log's, which is copied as written: for those only the configuration helps.
    """
    chosen = ambiguous.to_numpy(dtype=bool)
    count = int(chosen.sum())
    example = dates[chosen].iloc[0]
    said = (
        f"1 date, {example!r}, is all-numeric and ambiguous: the loader rejects it"
        if count == 1
        else f"{count:,} dates such as {example!r} are all-numeric and ambiguous: the loader "
        "rejects them"
    )
    them = "it" if count == 1 else "them"
    canonical = {s.label for s in sources if s.conversion.format == "canonical"}
    fix = 'date_format = "%d/%m/%Y" (or "%m/%d/%Y")'
    if from_file[chosen].isin(canonical).all():  # copied as written: a mapping is no help
        where = (
            f"put {fix} in the configuration (a canonical log is copied as written, so a "
            "mapping file does not rewrite its dates), or write "
            + ("it" if count == 1 else "each")
            + " as an ISO date"
        )
    else:
        where = f"put {fix} in a mapping file to write {them} as ISO dates, or in the configuration"
    return f"{said} (DQ010) unless date_format is set; {where}"


def _source_report(source: Source) -> list[str]:
    conv = source.conversion
    rows = conv.rows_read + len(conv.skipped)
    if conv.format == "canonical":
        return _canonical_report(source, rows)
    lines = [
        f"{source.label}: {conv.title}; {counted(rows, 'row')} -> "
        f"{counted(len(conv.events), 'event')}"
    ]
    lines += [f"  mapped: {m}" for m in conv.mapped]
    if conv.attributes:
        lines.append("  kept as attributes: " + ", ".join(conv.attributes))
    lines += [f"  not imported: {d}" for d in conv.dropped]
    lines += [f"  assumed: {a}" for a in conv.assumed]
    lines += [f"  problem: {p}" for p in conv.problems]
    if len(conv.findings):
        one = len(conv.findings) == 1
        lines.append(
            f"  {counted(len(conv.findings), 'cell')} to correct: imported as written, but "
            "`followup-stats check` "
            + (
                "rejects its row or ignores its value until you correct it"
                if one
                else "rejects their rows or ignores their values until you correct them"
            )
        )
        for line, row in itertools.islice(conv.findings.iterrows(), SHOWN_FINDINGS):
            lines.append(f"    {source.label}:{line}: column {row['column']!r}: {row['message']}")
        if len(conv.findings) > SHOWN_FINDINGS:
            lines.append(f"    ... and {len(conv.findings) - SHOWN_FINDINGS} more")
    lines += _skipped_lines(conv)
    groups = unjudged(conv.records)
    if groups:
        said = "; ".join(
            f"{', '.join(codes)} (not recorded: {', '.join(NEED_WORDS[n] for n in needs)})"
            for codes, needs in groups
        )
        lines.append(f"  cannot be judged from this format: {said}")
    interviews = "event" in conv.events and bool(conv.events["event"].eq("interview").any())
    # No thank-you column, or one without dates; where the file has no interview, FU001 and
    # FU002 cannot fire on its rows, and ignoring them would hide another file's.
    if "thank_you" not in conv.records and interviews:
        lines.append(
            "  no thank-you dates were imported, so FU001/FU002 cannot be judged: "
            "check with --ignore FU001,FU002 (or add thank-you rows to the log)"
        )
    return lines


def _canonical_report(source: Source, rows: int) -> list[str]:
    """The report's lines on a canonical log: the rows that became events, the rows
    ``check`` does not load (copied as written, each with its finding), the rows
    left out, and a mapping file's settings that do not apply to it."""
    conv = source.conversion
    bad = source.not_events
    count = int(bad.index.nunique())
    events = counted(len(conv.events) - count, "event")
    head = f"{source.label}: {conv.title}; {counted(rows, 'row')} -> {events}"
    if count:
        codes = ", ".join(sorted(bad["code"].unique()))
        head += (
            f"; {counted(count, 'row')} "
            + ("is not an event" if count == 1 else "are not events")
            + f" ({codes}): copied as written, and `followup-stats check` does not load "
            + ("it until you correct it" if count == 1 else "them until you correct them")
        )
    lines = [head]
    for line, row in itertools.islice(bad.iterrows(), SHOWN_FINDINGS):
        lines.append(f"  {source.label}:{line}: {row['code']} {row['message']}")
    if len(bad) > SHOWN_FINDINGS:
        lines.append(f"  ... and {len(bad) - SHOWN_FINDINGS} more")
    lines += [f"  problem: {p}" for p in conv.problems]
    return lines + _skipped_lines(conv)


def _not_events(conv: Conversion, raw: RawTable, label: str, config: Config) -> pd.DataFrame:
    """The rows of a canonical log that ``check`` does not load, as
    :attr:`Source.not_events` holds them: the file ``raw`` is loaded as ``check``
    loads it, and the rows the import leaves out (:attr:`Conversion.skipped`) are
    said already."""
    from followup_stats.load import RawSource, load_log

    loading = _loading(config)
    quality = load_log(RawSource(raw, label, Path(label).stem), config=loading).quality
    rejected = quality[
        quality["rejected"].astype(bool).to_numpy()
        & ~quality["line"].isin(conv.skipped.index).to_numpy()
    ]
    found = pd.DataFrame(
        {"code": rejected["code"].astype("string"), "message": rejected["message"]},
    )
    found.index = pd.Index(rejected["line"].to_numpy(dtype=np.int64), name="line")
    return found.sort_index(kind="stable")


def _loading(config: Config) -> Config:
    """``config`` as the import loads a log with: which rows load does not depend on the
    codes reported, and a selection that reports none (refused by ``check``) is no
    concern of import."""
    return config.selecting(ALL_CODES)


def _not_loaded(rows: pd.DataFrame, config: Config) -> int:
    """How many ``rows`` (the log written) ``check`` does not load, with the
    configuration it reads the log with.

    The whole log is loaded, not the rows converted from a tracker or an export alone:
    whether a row loads may depend on the others (a blank role joins the company's only
    application, and is refused where another file brings a second one, DQ009). Each
    row is one event, so a row rejected is an event not loaded.
    """
    from followup_stats.load import RawSource, load_log

    if rows.empty:
        return 0
    cells = rows.fillna("").astype("string")
    # The lines the rows would have in the log written (its header on line 1).
    cells.index = pd.Index(np.arange(len(cells), dtype=np.int64) + 2, name="line")
    raw = RawTable(
        cells=cells,
        header=[str(c) for c in cells.columns],
        header_line=1,
        extra={},
        encoding="utf-8",
        delimiter=",",
    )
    loading = _loading(config)
    quality = load_log(RawSource(raw, "imported log", "imported"), config=loading).quality
    rejected = quality["line"][quality["rejected"].astype(bool).to_numpy()]
    return int(rejected.nunique())


def _skipped_lines(conv: Conversion) -> list[str]:
    """The report's lines on a source's rows not imported, by reason."""
    lines: list[str] = []
    if len(conv.skipped):
        reasons = conv.skipped.groupby("reason", sort=False).groups
        for reason, where in list(reasons.items())[:5]:
            lines.append(f"  rows not imported: {lines_text(list(where))}: {reason}")
        if len(reasons) > 5:
            lines.append(f"  ... and {counted(len(reasons) - 5, 'more reason')}")
    return lines


def _key(values: pd.Series) -> pd.Series:
    """Each value lower case with its runs of white space as one space, worked out once
    per distinct value (a log repeats its companies, roles and events)."""
    codes, distinct = pd.factorize(values.fillna("").astype("string"))
    keys = pd.Series(distinct, dtype="string").str.lower().str.split().str.join(" ")
    return pd.Series(keys.array.take(codes), index=values.index, dtype="string")


def _day(text: pd.Series, timezone: str = "UTC") -> pd.Series:
    """Each date's day as the loader will read it (a time with an offset in ``timezone``)."""
    dates = parse.parse_dates(text.astype("string"), timezone)["date"]
    day = dates.dt.strftime("%Y-%m-%d").astype("string")
    return day.mask(dates.isna(), text.astype("string").str.strip())


def find_duplicates(
    log: pd.DataFrame, file_index: pd.Series, timezone: str = "UTC"
) -> tuple[pd.Series, pd.DataFrame]:
    """Rows that repeat an earlier file's event (same candidate, company, role, event, day).

    The day is the loader's: a time with an offset counts on its day in
    ``timezone`` (the configuration's), where a naive time from another file
    of the same event falls.

    Returns
    -------
    tuple
        The mask of rows to drop, and the table of what was dropped for what
        (with ``kept_row``, the position of the row kept).
    """
    empty = pd.DataFrame(columns=["event", "company", "role", "day", "dropped", "kept", "kept_row"])
    if log.empty or file_index.nunique() < 2:  # one file: no other file's copy to drop
        return pd.Series(False, index=log.index), empty
    keys = pd.DataFrame(
        {
            "candidate": _key(log.get("candidate", pd.Series("", index=log.index))),
            "company": _key(log["company"]),
            "role": _key(log.get("role", pd.Series("", index=log.index))),
            "event": _key(log["event"]),
            "day": _day(log["date"], timezone),
        }
    )
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()
    first_file = file_index.groupby(group).transform("min")
    drop = file_index.gt(first_file)
    if not drop.any():
        return drop, empty
    in_first = file_index.eq(first_file)
    kept_from = log[PROVENANCE].where(in_first).groupby(group).transform("first")
    positions = pd.Series(range(len(log)), index=log.index, dtype="float64")
    kept_row = positions.where(in_first).groupby(group).transform("first")
    table = pd.DataFrame(
        {
            "event": log["event"][drop],
            "company": log["company"][drop],
            "role": log.get("role", pd.Series("", index=log.index))[drop].fillna(""),
            "day": keys["day"][drop],
            "dropped": log[PROVENANCE][drop],
            "kept": kept_from[drop],
            "kept_row": kept_row[drop].astype("int64"),
        }
    ).reset_index(drop=True)
    return drop, table


def _label(path: str, raw: object) -> str:
    """The file as messages and the provenance column name it (a name not UTF-8 as \\xNN)."""
    return shown_name(raw.label if isinstance(raw, SheetTable) else path)


def _merge_columns(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Give attribute columns one spelling across files (``Source`` and ``source`` are one)."""
    from followup_stats.load import normalise_header

    spelling: dict[str, str] = {}
    out = []
    for frame in frames:
        names = {}
        for column in frame.columns:
            normal = normalise_header(str(column))
            names[column] = spelling.setdefault(normal, str(column))
        out.append(frame.rename(columns=names))
    return out


def _provenance_kept(columns: pd.Index) -> dict[str, str]:
    """A log's own ``imported_from`` column (a log imported before) renamed, to be kept.

    The new ``imported_from`` names the file read now; the old one, as
    ``imported_from (original)``, still names where the row first came from.
    """
    from followup_stats.load import normalise_header

    return {
        str(column): f"{column} (original)"
        for column in columns
        if normalise_header(str(column)) == PROVENANCE
    }


#: The columns that say which event a row is: a duplicate matches on them (and the day).
_EVENT_KEYS = ("date", "company", "role", "event", "candidate")


def _keep_attributes(log: pd.DataFrame, drop: pd.Series, duplicates: pd.DataFrame) -> pd.DataFrame:
    """What only a dropped copy says (LinkedIn's channel, a resume name) goes to the row kept.

    Every column but the event's keys and the provenance: a value fills a
    blank cell of the row kept, never replaces one.
    """
    attributes = [c for c in log.columns if c not in _EVENT_KEYS and c != PROVENANCE]
    if not attributes or duplicates.empty:
        return log
    log = log.copy()
    dropped = log.index[drop.to_numpy(dtype=bool)]
    kept = log.index[duplicates["kept_row"].to_numpy()]
    for column in attributes:
        values = log.loc[dropped, column].to_numpy()
        target = log.loc[kept, column]
        fill = target.eq("").to_numpy(dtype=bool, na_value=True) & (values != "")
        if fill.any():
            chosen = pd.Series(values[fill], index=kept[fill])
            chosen = chosen[~chosen.index.duplicated()]
            log.loc[chosen.index, column] = chosen.to_numpy()
    return log


def import_files(
    paths: Sequence[str | Path],
    source_format: str = "auto",
    mapping: str | Path | Mapping | None = None,
    sheet: str | None = None,
    timezone: str = "UTC",
    config: Config | None = None,
) -> ImportResult:
    """Read, convert and combine ``paths`` into one canonical log.

    Parameters
    ----------
    paths
        CSV files or spreadsheets (``log.xlsx[Sheet]`` names a sheet).
    source_format
        ``auto`` (recognise each file by its header), ``wide``, ``linkedin``,
        ``huntr`` or ``teal``.
    mapping
        A mapping file (or a loaded :class:`Mapping`) for wide trackers, Huntr and Teal.
    sheet
        The sheet to read from each spreadsheet (default: its first).
    timezone
        The configuration's: the day of a time with an offset, when events of
        two files are compared (:func:`find_duplicates`).
    config
        The configuration ``check`` reads the log with: the rows of a canonical
        log it would not load are reported (default: the one found next to the
        first file, as ``check`` finds it).

    Raises
    ------
    LogFormatError, MappingError
        For an unreadable input, an unrecognised format, or a bad mapping.
    """
    if sheet is not None and not any(is_spreadsheet(p) for p in paths):
        raise LogFormatError(
            str(paths[0]), f"--sheet {sheet!r} given, but no input is a spreadsheet"
        )
    rules = load_mapping(mapping) if isinstance(mapping, (str, Path)) else mapping
    sources: list[Source] = []
    frames: list[pd.DataFrame] = []
    # Which file and line each event came from, kept beside the user's columns (which
    # may be named anything, "file" and "imported_from" too).
    numbers: list[np.ndarray] = []
    provenance: list[pd.Series] = []
    for number, path in enumerate(paths):
        raw = read_log_file(path, sheet=sheet if is_spreadsheet(path) else None)
        label = _label(str(path), raw)
        conversion = convert(raw, label, source_format, rules)
        if conversion.format == "canonical":
            if config is None:
                config = resolve_config(None, log_paths=[str(p) for p in paths], require=False)
            not_events = _not_events(conversion, raw, label, config)
            sources.append(Source(label, conversion, not_events))
        else:
            sources.append(Source(label, conversion))
        events = conversion.events
        numbers.append(np.full(len(events), number, dtype=np.int64))
        provenance.append(pd.Series(label + ":" + events.index.astype("string"), dtype="string"))
        frames.append(events.reset_index(drop=True))
    frames = _merge_columns(frames)
    log = pd.concat(frames, ignore_index=True, sort=False)
    file_index = pd.Series(np.concatenate(numbers), index=log.index)
    log = log.fillna("").astype("string")
    log = log.rename(columns=_provenance_kept(log.columns))
    log[PROVENANCE] = pd.concat(provenance, ignore_index=True).to_numpy()
    for column in ("date", "company", "event"):
        if column not in log:
            log[column] = ""
    drop, duplicates = find_duplicates(log, file_index, timezone)
    log = _keep_attributes(log, drop, duplicates)
    log = log[~drop.to_numpy(dtype=bool)].reset_index(drop=True)
    canonical = [c for c in CANONICAL_ORDER if c in log.columns]
    others = [c for c in log.columns if c not in canonical and c != PROVENANCE]
    log = log[[*canonical, *others, PROVENANCE]]
    converted = np.array([s.conversion.format != "canonical" for s in sources])
    from_converted = converted[file_index[~drop].to_numpy()]
    unloaded = None
    if from_converted.any():  # canonical logs alone were loaded as written (_not_events)
        if config is None:
            config = resolve_config(None, log_paths=[str(p) for p in paths], require=False)
        unloaded = _not_loaded(log, config)
    return ImportResult(log, tuple(sources), duplicates, unloaded)
