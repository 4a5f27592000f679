"""Vectorised parsers for the values of a log: dates, yes/no, day counts, labels.

Each parser takes a column of raw strings and returns the parsed column plus a
column of problems (NA where the value was fine), so the loader can report a
data-quality code for every value it could not use. Values are parsed once per
distinct string: logs repeat the same dates and labels many times.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import math
import os
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from followup_stats.suggest import CUTOFF, closest_to_each, similarity
from followup_stats.vocab import (
    NO_WORDS,
    YES_WORDS,
    bare_labels,
    label_remarks,
    says_not_happened,
    squash,
    two_steps,
    without_remark,
)

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?$"
)
#: An offset after a time of day: only a date-time is aware. (The ``-01`` that
#: ends the plain date ``2026-10-01`` is its day, not an offset of minus one hour.)
_OFFSET = re.compile(r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$")
#: An ISO 8601 date with an expanded year (a sign, or five digits or more: ``67562-09-03``,
#: ``-0221-09-04``), as a Parquet log's dates outside the years 1-9999 are written.
_EXPANDED_ISO = re.compile(r"^(?:[+-]\d{4,}|\d{5,})-\d{2}-\d{2}(?:[T ]|$)")
_NUMERIC = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_YEAR = re.compile(r"(?<![\d:.,])(\d{4,})(?![\d:])")
#: A day (1-2 digits, not part of a time) and a four-digit year: a spelled-out date needs both.
#: (Two searches, not one pattern with two look-aheads: that is quadratic on a long cell.)
_DAY = re.compile(r"(?<![\d:])\d{1,2}(?:st|nd|rd|th)?(?![\d:])", re.IGNORECASE)
_YEAR4 = re.compile(r"(?<![\d:])\d{4}(?![\d:])")
_DAY_COUNT = re.compile(
    r"^(?P<n>\d+)(?:\.0+)?\s*(?P<unit>d|days?|w|wks?|weeks?)?$",
    re.IGNORECASE,
)

#: Years outside this range are treated as typing mistakes, not dates.
PLAUSIBLE_YEARS = (1970, 2100)

#: A plain number (``45231``, ``2958466``, ``1e+15``): no date, perhaps a spreadsheet serial.
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$")
#: A decimal comma in the seconds of a time of day (``14:30:00,5``), ISO's own choice.
_DECIMAL_COMMA = re.compile(r"(:\d{2}),(?=\d)")
#: A spreadsheet's day zero (serial 1 = 1900-01-01, counting its phantom 29 Feb 1900).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: The serial day numbers of 1970-01-01 and of the day after 9999-12-31.
_SERIAL_1970 = 25569
_SERIAL_AFTER_9999 = 2958466

#: The resolution dates are parsed at (years 1-9999 fit, unlike nanoseconds).
_WORK_UNIT: Final = "datetime64[us]"

DQ001 = "DQ001"
DQ004 = "DQ004"
DQ010 = "DQ010"


#: The first cell of a spreadsheet's totals row (``Total | 4 | | 12``), compared lower-case
#: with a trailing colon dropped.
TOTAL_WORDS: Final = frozenset({"total", "totals", "sum", "grand total"})
#: A totals row's cell other than its word: a count or a sum (``12``, ``1,250``, ``40%``).
#: Eight digits or more without separators are no count but a date (``20261002``, ISO's
#: basic form), so a company named Total with a date applied is an application.
_TOTAL_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,7})(?:\.\d+)?%?")


def totals_rows(cells: pd.DataFrame, coded: Mapping[str, Factorized] | None = None) -> pd.Series:
    """The word of each totals row of ``cells`` (``Total``), NA on every other row.

    A totals row's first non-blank cell (in column order) is one of
    :data:`TOTAL_WORDS`, in any case, and every other non-blank cell is a
    number: ``Total,4,,12`` is one, ``Total,Engineer,2026-10-01`` (a company
    called Total) is not. Columns are read per distinct value, and only as
    far as each row's first non-blank cell: on a log whose first column is
    filled, one column is looked at. ``coded``: :func:`factorize` of whole
    columns by name, when already known.
    """
    n, width = cells.shape
    # Built from Arrow's all-missing array: pandas would fill a million objects first.
    word = pd.Series(pd.array(pa.nulls(n, pa.large_string()), dtype="string"), index=cells.index)
    undecided = np.arange(n)  # the rows blank so far
    named: list[np.ndarray] = []
    first: list[np.ndarray] = []
    for position in range(width):
        if not len(undecided):
            break
        codes, distinct = _codes_of(cells, position, undecided, coded)
        text = pd.Series(distinct, dtype="string").str.strip()
        total = text.str.lower().str.removesuffix(":").str.strip().isin(TOTAL_WORDS)
        if total.any():
            hits = undecided[total.to_numpy(dtype=bool)[codes]]
            named.append(hits)
            first.append(np.full(len(hits), position, dtype=np.intp))
        undecided = undecided[text.eq("").to_numpy(dtype=bool)[codes]]
    if not named:
        return word
    found = np.concatenate(named)
    order = np.argsort(found, kind="stable")
    found, at = found[order], np.concatenate(first)[order]
    if not len(found):
        return word
    values = cells.iloc[found].fillna("").astype("string")
    numbers_only = np.ones(len(found), dtype=bool)
    for position in range(width):
        value = values.iloc[:, position].str.strip()
        other = value.ne("") & ~value.str.fullmatch(_TOTAL_NUMBER).fillna(False).astype(bool)
        numbers_only &= ~other.to_numpy(dtype=bool) | (at == position)
    totals = found[numbers_only]
    said = values.to_numpy(dtype=object)[np.flatnonzero(numbers_only), at[numbers_only]]
    word.iloc[totals] = pd.Series(said, dtype="string").str.strip().to_numpy()
    return word


def _header_keys(values: pd.Series) -> pd.Series:
    """Cells as header cells are compared: ``" Date Applied"`` -> ``"date_applied"`` (case,
    spaces, ``-``/``_``/``.`` and a byte-order mark do not count); ``""`` when blank."""
    cleaned = values.astype("string").fillna("").str.replace("\ufeff", "").str.strip().str.lower()
    return cleaned.str.replace(r"[\s\-_.]+", "_", regex=True).str.strip("_")


def _codes_of(
    cells: pd.DataFrame,
    position: int,
    rows: np.ndarray,
    coded: Mapping[str, Factorized] | None,
) -> Factorized:
    """:func:`factorize` of column ``position`` of ``cells`` at the positions ``rows``
    (all of them, or those still undecided), from ``coded`` when the whole column is.

    A few rows of a coded column are renumbered from its codes: taking a few
    cells of pyarrow's many chunks would join the whole column first.
    """
    name = cells.columns[position]
    if coded is not None and name in coded:
        codes, distinct = coded[name]
        if len(rows) == len(cells):
            return codes, distinct
        inner, used = pd.factorize(codes[rows])
        return inner, distinct[used]
    column = cells.iloc[:, position]
    return factorize(column if len(rows) == len(cells) else column.iloc[rows])


#: Columns of a log every row fills (its date and event): looked at first by
#: :func:`header_rows`, as a column mostly blank (``asked_permission``) decides no row.
FILLED_FIRST: Final = frozenset({"event", "date"})

#: The fewest cells a row must repeat of its header to be the header again: one cell that
#: says ``event`` under ``event`` is an unknown event, not a header.
HEADER_AGAIN_CELLS: Final = 2


def header_rows(
    cells: pd.DataFrame, header: Sequence[str], coded: Mapping[str, Factorized] | None = None
) -> np.ndarray:
    """Whether each row of ``cells`` repeats ``header`` (one cell per column), as a bool array.

    Such a row (two exports pasted one after the other) has under every
    column its header cell or nothing, in any case and spacing, and at least
    :data:`HEADER_AGAIN_CELLS` of them: ``Date, COMPANY,,event`` under
    ``date,company,role,event`` is one. Columns are read per distinct value,
    and only for the rows that still may be one: where the first column looked
    at holds no header cell, it is the only one. ``coded``: :func:`factorize`
    of whole columns by name, when already known; those are looked at first: the
    event and date (:data:`FILLED_FIRST`), then fewest distinct values first (a
    log's channel before its application ids).
    """
    n, width = cells.shape
    keys = _header_keys(pd.Series(list(header), dtype="string")).to_numpy(dtype=object)
    known = coded if coded is not None else {}
    names = [str(name) for name in cells.columns]
    order = sorted(
        range(width),
        key=lambda p: (
            (names[p] not in FILLED_FIRST, len(known[names[p]][1])) if names[p] in known else (2, p)
        ),
    )
    undecided = np.arange(n)  # the rows whose cells so far are their header's or blank
    repeated = np.zeros(n, dtype=np.int64)
    for position in order:
        if not len(undecided):
            break
        codes, distinct = _codes_of(cells, position, undecided, coded)
        key = _header_keys(pd.Series(distinct, dtype="string"))
        blank = pd.Series(distinct, dtype="string").fillna("").str.strip().eq("")
        same = key.eq(keys[position]) & ~blank if keys[position] else pd.Series(False, key.index)
        repeated[undecided] += same.to_numpy(dtype=bool)[codes]
        undecided = undecided[(same | blank).to_numpy(dtype=bool)[codes]]
    found = np.zeros(n, dtype=bool)
    found[undecided] = repeated[undecided] >= HEADER_AGAIN_CELLS
    return found


#: Longest value quoted whole in a message; the quality table's ``value`` keeps it all.
SHOWN_CHARS = 60


#: Characters a reader cannot see in a quoted value (zero-width spaces and joiners,
#: direction marks, a byte-order mark, control characters): shown as ``\u200b``.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def _shown(text: pd.Series) -> pd.Series:
    """Values as quoted in messages: long ones cut to :data:`SHOWN_CHARS` with "...".

    Characters nobody could see are written as escapes: ``'2026-10-02\u200b'``
    says why a date that looks right was not read.
    """
    invisible = text.str.contains(_INVISIBLE).fillna(False).to_numpy(dtype=bool)
    if invisible.any():
        escaped = text[invisible].str.replace(
            _INVISIBLE, lambda found: f"\\u{ord(found.group()):04x}", regex=True
        )
        text = text.where(~invisible, escaped)
    long = text.str.len().gt(SHOWN_CHARS).fillna(False).to_numpy(dtype=bool)
    if not long.any():
        return text
    cut = SHOWN_CHARS - 3
    return text.where(~long, text.str.slice(0, cut) + "...")


def quoted(text: pd.Series) -> pd.Series:
    """Values in quotes as the parsers' messages quote them (``'maybe'``): long ones cut,
    characters nobody could see escaped (:func:`_shown`)."""
    return "'" + _shown(text) + "'"


#: What :func:`factorize` returns: each row's code and the distinct values.
Factorized = tuple[np.ndarray, Any]


def factorize(raw: pd.Series) -> Factorized:
    """The codes and distinct values of a raw column (missing read as blank).

    A caller that reads one column several ways works this out once and
    passes it to each parser as ``codes``. Arrow strings are encoded by
    pyarrow directly (what ``pd.factorize`` does, without its conversions);
    the codes and their order are the same.
    """
    array = raw.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        chunked = array.__arrow_array__()
        if chunked.null_count:
            chunked = pc.fill_null(chunked, "")
        encoded = chunked.dictionary_encode()
        dictionaries = {_addresses(chunk.dictionary) for chunk in encoded.chunks}
        if len(dictionaries) == 1:  # pyarrow shares one dictionary across the chunks
            # Widened as they are joined: one pass and one array, not two.
            indices = [chunk.indices.to_numpy() for chunk in encoded.chunks]
            codes = np.concatenate(indices, dtype=np.intp)
            distinct = pd.array(encoded.chunk(0).dictionary, dtype=array.dtype)
            return codes, pd.Index(distinct)
    return pd.factorize(raw.fillna(""))


#: Rows from which :func:`factorize_columns` encodes columns on several threads at once.
THREADED_FROM_ROWS = 100_000


def factorize_columns(frame: pd.DataFrame, columns: Sequence[str]) -> dict[str, Factorized]:
    """:func:`factorize` of each of ``columns``, on two threads for a big frame.

    Arrow encodes a column without holding Python's global lock, so on a
    machine with more than one core two columns are encoded at the same time
    (on a million rows this halves the time; ``bench/RESULTS.md``). The
    result is the same as one call after another.
    """
    if len(frame) < THREADED_FROM_ROWS or (os.cpu_count() or 1) < 2 or len(columns) < 2:
        return {column: factorize(frame[column]) for column in columns}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        encoded = pool.map(factorize, [frame[column] for column in columns])
        return dict(zip(columns, encoded, strict=True))


def _addresses(array: pa.Array) -> tuple[int, ...]:
    """Where an Arrow array's buffers are: equal for one array shared by several chunks."""
    return tuple(0 if buffer is None else buffer.address for buffer in array.buffers())


def _by_unique(
    raw: pd.Series, parse_unique: object, factorized: Factorized | None = None
) -> pd.DataFrame:
    """Apply a parser to the distinct values of ``raw`` and spread the result back."""
    codes, uniques = factorized if factorized is not None else factorize(raw)
    parsed: pd.DataFrame = parse_unique(pd.Series(uniques, dtype="string"))  # type: ignore[operator]
    return parsed.take(codes).set_axis(raw.index)


def parse_dates(
    raw: pd.Series,
    timezone: str = "UTC",
    date_format: str | None = None,
    *,
    codes: Factorized | None = None,
) -> pd.DataFrame:
    """Parse a column of dates as DESIGN.md section 2 allows.

    Accepted: ISO 8601 dates and date-times (an offset is honoured and
    converted to ``timezone``; naive times are taken as already local), in the
    extended, basic, ordinal and week forms (``20261103T1430+0100``,
    ``2026-307``, ``2026-W45-2``, :func:`_other_iso_forms`), and spelled-out
    forms such as ``3 Nov 2026`` or ``Nov 3, 2026``. All-numeric forms such as
    ``11/3/2026`` are ambiguous and only read with ``date_format``, as are
    other cells in its own layout that it reads (digits alone, digits and a
    time, a time before the date: :func:`_read_by_format`). ``codes``:
    :func:`factorize` of ``raw``, when already known.

    Returns
    -------
    DataFrame
        Indexed like ``raw`` with ``date`` (naive local datetime64[ns]),
        ``has_time`` (bool), ``code`` (``DQ001``/``DQ010`` or NA) and
        ``problem`` (plain-English reason or NA).
    """
    return _by_unique(
        raw, lambda values: parse_dates_distinct(values, timezone, date_format), codes
    )


def parse_dates_distinct(
    values: pd.Series, timezone: str = "UTC", date_format: str | None = None
) -> pd.DataFrame:
    """:func:`parse_dates` of distinct values (indexed like ``values``): the work itself."""
    tz = zoneinfo.ZoneInfo(timezone)
    text = values.fillna("").str.strip()
    n = len(text)
    # Microseconds while parsing (years 1-9999 fit), nanoseconds once the
    # implausible years are gone: a date in 2999 is a typing mistake, not a crash.
    dates = pd.Series(pd.NaT, index=text.index, dtype=_WORK_UNIT)
    code = pd.Series(pd.NA, index=text.index, dtype="string")
    problem = pd.Series(pd.NA, index=text.index, dtype="string")
    if n == 0:
        blank_time = pd.Series(False, index=text.index)
        return pd.DataFrame(
            {"date": dates.astype("datetime64[ns]"), "has_time": blank_time, "code": code}
        ).assign(problem=problem)

    blank = text.eq("")
    # Digits alone that date_format reads are read by it (it says how the log writes
    # them: %Y%d%m reads 20261103 as 11 Mar 2026); other digits may be ISO basic dates.
    by_format = _read_by_format(text, date_format)
    # Other ISO 8601 forms (basic, ordinal, week, hour alone) are read as the extended
    # forms they stand for; messages quote the value as written.
    is_iso = text.str.match(_ISO).fillna(False).astype(bool) & ~blank
    other_form, form_problem = _other_iso_forms(text.mask(by_format | is_iso, ""))
    # A year-first all-numeric date (2026-10-1, 2026/10/12) is year, month, day, unless
    # date_format reads it (a log that says %Y/%d/%m is read so).
    year_first = _year_first(text.mask(by_format | is_iso | other_form.notna(), ""))
    found = year_first.notna().to_numpy(dtype=bool)
    if date_format and found.any():
        by_config = found.copy()
        by_config[found] = _read_as_configured(text[found], date_format).notna().to_numpy()
        year_first = year_first.mask(by_config)
    other_form = other_form.fillna(year_first)
    rewritten = other_form.notna()
    read_as = text.mask(rewritten, other_form)
    is_iso |= rewritten
    has_time = read_as.str.contains(_TIME, regex=True).fillna(False).astype(bool)
    # ISO's decimal comma (14:30:00,5) as pandas reads it: a point.
    comma = is_iso & read_as.str.contains(",", regex=False).fillna(False).astype(bool)
    if comma.any():
        read_as[comma] = read_as[comma].str.replace(_DECIMAL_COMMA, r"\1.", regex=True)
    is_numeric = text.str.match(_NUMERIC).fillna(False).astype(bool) & ~is_iso & ~blank
    is_numeric |= by_format
    has_month = text.str.contains(_MONTH, regex=True).fillna(False).astype(bool)
    is_spelled = has_month & ~is_iso & ~is_numeric & ~blank

    aware = is_iso & read_as.str.contains(_OFFSET, regex=True).fillna(False).astype(bool)
    naive = is_iso & ~aware
    if naive.any():
        dates[naive] = _to_naive(read_as[naive], format="ISO8601")
    if aware.any():
        dates[aware] = _to_local(read_as[aware], tz, format="ISO8601")
    if is_numeric.any() and date_format:
        # A format that reads an offset or zone converts each value as ISO offsets are.
        read = _to_local if re.search("%[zZ]", date_format) else _to_naive_in
        dates[is_numeric] = read(text[is_numeric], tz, format=date_format)
        from followup_stats.importers.base import writes_time

        if writes_time(date_format):  # its time, with or without a colon (16102026T1430)
            has_time |= is_numeric & dates.notna()
    if is_spelled.any():
        dates[is_spelled] = _spelled_out(text[is_spelled], tz)
    if date_format:
        # A date_format without a time of day reads its dates followed by one too
        # (a spreadsheet's 10/15/2026 and 10/16/2026 14:30 in one column).
        timed = dates.isna() & ~blank & ~is_iso & ~is_spelled & _has(text, _TIME)
        if timed.any():
            dates[timed] = with_time_of_day(text[timed], date_format)
        # A date_format with a time of day reads its dates alone too (10/16/2026 by
        # %m/%d/%Y %H:%M): a day without a time, as any other.
        alone = dates.isna() & is_numeric & ~_has(text, _TIME)
        if alone.any():
            dates[alone] = with_date_alone(text[alone], date_format)

    code[blank] = DQ001
    problem[blank] = "the date is blank"
    no_such_day = form_problem.notna()
    code[no_such_day] = DQ001
    problem[no_such_day] = (
        "cannot read '"
        + _shown(text[no_such_day])
        + "' as a date ("
        + form_problem[no_such_day]
        + ")"
    )
    # Only a value that is all date (and time) can be read two ways; one with
    # anything else in it ("2026-10-01 10:00 PST") is no date at all (DQ001).
    all_numeric = text.str.fullmatch(_ALL_NUMERIC).fillna(False).astype(bool)
    ambiguous = is_numeric & all_numeric & (date_format is None)
    if ambiguous.any():
        # A four-digit year whose day and month make no date either way is no date (DQ001).
        no_day, orders = _no_day_either_way(text[ambiguous])
        impossible = pd.Series(False, index=text.index)
        impossible[ambiguous] = no_day
        ambiguous &= ~impossible
        code[impossible] = DQ001
        problem[impossible] = (
            "'" + _shown(text[impossible]) + "' is not a date in either " + orders[no_day]
        )
    code[ambiguous] = DQ010
    problem[ambiguous] = (
        "all-numeric date '" + _shown(text[ambiguous]) + "' " + _numeric_advice(text[ambiguous])
    )
    # The year as parsed, or as written where the parser gave up (year 0, 10000).
    written = pd.to_numeric(read_as.str.extract(_YEAR)[0], errors="coerce")
    expanded = text.str.match(_EXPANDED_ISO).fillna(False).astype(bool)
    years = dates.dt.year.astype("Float64").fillna(written.where(is_iso | is_spelled | expanded))
    outside = (years < PLAUSIBLE_YEARS[0]) | (years > PLAUSIBLE_YEARS[1])
    # A spelled-out date's year as written counts too: dateutil reads "31 Dec 0050" as 2050.
    spelled_year = written.where(is_spelled)
    outside |= (spelled_year < PLAUSIBLE_YEARS[0]) | (spelled_year > PLAUSIBLE_YEARS[1])
    implausible = outside.fillna(False).astype(bool) & code.isna()
    unreadable = dates.isna() & code.isna() & ~implausible
    code[unreadable] = DQ001
    problem[unreadable] = "cannot read '" + _shown(text[unreadable]) + "' as a date"
    # An impossible day written in the extended or a plain spelled-out form says why,
    # worded as the other forms are (2026-02-30, 30 Feb 2026: February 2026 has 28 days).
    why_not = unreadable & (is_iso | is_spelled)
    if why_not.any():
        _, reason = _other_iso_forms(_calendar_date(read_as[why_not]).fillna(""))
        said = why_not.copy()
        said[why_not] = reason.notna().to_numpy(dtype=bool)
        problem[said] = problem[said] + " (" + reason.dropna() + ")"
    undated = unreadable & is_spelled & ~(_has(text, _DAY) & _has(text, _YEAR4))
    problem[undated] = problem[undated] + (
        " (a spelled-out date needs a day, a month name and a four-digit year)"
    )
    if date_format:
        # The configuration says how all-numeric dates are written: one written otherwise
        # (a time of day the format does not read, a two-digit year) says so.
        from followup_stats.importers.base import format_pattern, writes_time

        unlike = unreadable & is_numeric & ~by_format & ~_has(text, _NUMBER)
        # A value in the format's own layout that is no day (14:30 31/02/2026 under
        # %H:%M %d/%m/%Y) says so as an all-numeric one does.
        other = unreadable & ~unlike & ~is_iso & ~is_spelled & ~_has(text, _NUMBER)
        if other.any():
            layouts = [date_format, date_alone_format(date_format)]
            in_layout = pd.Series(False, index=text.index)
            for layout in filter(None, layouts):
                matched = text[other].str.fullmatch(format_pattern(layout)).fillna(False)
                in_layout[other] |= matched.astype(bool)
            unlike |= in_layout
        dated = not writes_time(date_format)
        # A format without a time of day reads one after the date: the date is its shape.
        written_as = date_part(text[unlike]) if dated else text[unlike]
        shaped = pd.Series(False, index=text.index)
        shaped[unlike] = written_as.str.fullmatch(format_pattern(date_format)).fillna(False)
        # A format with a time of day reads its date alone too: 31/04/2026 is shaped
        # as %d/%m/%Y %H:%M writes its date.
        alone_format = date_alone_format(date_format)
        if alone_format is not None:
            by_alone = written_as.str.fullmatch(format_pattern(alone_format)).fillna(False)
            shaped[unlike] |= by_alone
        no_day = unlike & shaped  # 31/04/2026 under %d/%m/%Y
        problem[no_day] = problem[no_day] + (
            f" (there is no such day under the configured date_format {date_format!r})"
        )
        unlike &= ~shaped
        # A format with an offset or zone reads none without one: its example writes one.
        zone = dt.UTC if re.search("%[-#]?[zZ]", date_format) else None
        example = dt.datetime(2026, 10, 30, 14, 30, tzinfo=zone).strftime(date_format)
        with_time = f" or {example} 14:30" if dated else ""
        if alone_format is not None:
            with_time = " or " + dt.datetime(2026, 10, 30).strftime(alone_format)
        problem[unlike] = problem[unlike] + (
            f" (the configured date_format {date_format!r} reads dates written as "
            f"{example}{with_time}: write it so, or as an ISO date)"
        )
    number = unreadable & _has(text, _NUMBER)
    if number.any():
        # Once per distinct number: " 45231" and "45231" are one value once stripped.
        numbers = text[number]
        hints = {value: _number_hint(value) for value in numbers.unique()}
        problem[number] = problem[number] + numbers.map(hints).astype("string")
    if implausible.any():
        dates[implausible] = pd.NaT
        code[implausible] = DQ001
        problem[implausible] = (
            "the date '"
            + _shown(text[implausible])
            + f"' is outside {PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}"
            + "; probably a typing mistake"
        )
    return pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "has_time": has_time,
            "code": code,
            "problem": problem,
        }
    )


#: The year, date and time of day of an ISO 8601 date in its basic (compact) form:
#: ``20261103``, ``2026307T1430`` (ordinal, with a time: seven digits alone are asked
#: about, :func:`_number_hint`), ``2026W452`` (week), ``20261103T1430+0100``. A week
#: without its day (``2026W45``) is matched to be refused: a week is no day.
_BASIC_FORM = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:(?P<month>\d{2})(?P<day>\d{2})|(?P<ordinal>\d{3}(?=T))|W(?P<week>\d{2})(?P<weekday>\d)?)"
    r"(?:T(?P<hour>\d{2})(?:(?P<minute>\d{2})(?P<second>\d{2}(?:[.,]\d+)?)?)?"
    r"(?P<offset>\s*(?:Z|[+-]\d{2}(?:\d{2})?))?)?$"
)
#: An ISO 8601 extended date the pattern :data:`_ISO` leaves out: an ordinal date
#: (``2026-307``), a week date (``2026-W45-2``; ``2026-W45``, a week without its day, is
#: matched to be refused), a time of the hour alone (``2026-11-03T14``).
_EXTENDED_FORM = re.compile(
    r"^(?P<year>\d{4})-"
    r"(?:(?P<month>\d{2})-(?P<day>\d{2})|(?P<ordinal>\d{3})|W(?P<week>\d{2})(?:-(?P<weekday>\d))?)"
    r"(?:T(?P<hour>\d{2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}(?:[.,]\d+)?))?)?"
    r"(?P<offset>\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$"
)
#: How every form :func:`_other_iso_forms` reads begins: a year, then a hyphen, W or digit.
_FORM_START = re.compile(r"^\d{4}[-W\d]")
#: Digits alone: read as an ISO 8601 basic date only when the first four are a plausible year.
_DIGITS = re.compile(r"^\d+$")
_MONTH_NAMES_FULL = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


#: The month names dateutil knows, whole or cut short (any case).
_MONTH_NAME = "|".join(
    [*_MONTH_NAMES_FULL[1:], *(name[:3] for name in _MONTH_NAMES_FULL[1:]), "Sept"]
)
#: A month's number as ISO writes it (``02``), by the first three letters of its name.
_MONTH_NUMBERS = {name[:3].lower(): f"{n:02d}" for n, name in enumerate(_MONTH_NAMES_FULL) if n}
#: The day, month and year of the plainest spelled-out dates, which are read one way
#: only (``30 Feb 2026``, ``Feb 30, 2026``).
_DAY_MONTH_YEAR = re.compile(
    rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_NAME})\.?,?\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"^(?P<month>{_MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
#: The date of an ISO 8601 extended date or date-time.
_EXTENDED_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ]|$)")


def _calendar_date(text: pd.Series) -> pd.Series:
    """The year, month and day of extended ISO dates and plain spelled-out ones as
    ``YYYY-MM-DD`` (``2026-02-30T10:00`` and ``30 Feb 2026`` -> ``2026-02-30``; NA for
    other values), for :func:`_other_iso_forms` to say why one is no day."""
    parts = (
        text.str.extract(_EXTENDED_DATE)
        .combine_first(text.str.extract(_DAY_MONTH_YEAR))
        .combine_first(text.str.extract(_MONTH_DAY_YEAR))
    )
    named = parts["month"].str.lower().str.slice(0, 3).map(_MONTH_NUMBERS)
    month = named.fillna(parts["month"]).astype("string")
    day = parts["day"].astype("string").str.zfill(2)
    return (parts["year"].astype("string") + "-" + month + "-" + day).astype("string")


def _read_by_format(text: pd.Series, date_format: str | None) -> pd.Series:
    """Which values ``date_format`` reads as a date in 1970-2100, of those no other
    reading takes first: digits alone (``03112026`` by ``%d%m%Y``), digits followed by a
    time (``03112026 14:30`` by ``%d%m%Y %H:%M``), a time before the date (``14:30
    03/11/2026`` by ``%H:%M %d/%m/%Y``), any cell in the format's own layout that is
    not an ISO 8601 extended date, an all-numeric date with separators (read by the
    format anyway) or spelled out. A format with a time of day reads its date alone
    too (``03112026`` by ``%d%m%Y %H:%M``)."""
    by_format = pd.Series(False, index=text.index)
    if not date_format:
        return by_format
    other = text.eq("") | _has(text, _ISO) | _has(text, _NUMERIC) | _has(text, _MONTH)
    candidates = (_has(text, _ANY_DIGIT) & ~other).to_numpy(dtype=bool)
    if candidates.any():
        parsed = pd.to_datetime(text[candidates], format=date_format, errors="coerce", utc=True)
        alone = date_alone_format(date_format)  # 16102026 by %d%m%Y %H:%M
        if alone is not None:
            by_alone = pd.to_datetime(text[candidates], format=alone, errors="coerce", utc=True)
            parsed = parsed.fillna(by_alone)
        # Only a plausible reading: pandas reads 2026307 by %d%m%Y as 20 Feb 6307.
        year = parsed.dt.year
        plausible = year.ge(PLAUSIBLE_YEARS[0]) & year.le(PLAUSIBLE_YEARS[1])
        by_format[candidates] = plausible.fillna(False).to_numpy(dtype=bool)
    return by_format


#: A digit anywhere: no date_format reads a value without one.
_ANY_DIGIT = re.compile(r"\d")


#: A date followed by a time of day, as spreadsheets export date-time cells: ``14:30``,
#: ``9:05``, ``14:30:00``, ``14:30:00.000`` (Excel), ``2:30 PM``, ``02:30:00 pm``,
#: ``2:30 p.m.``, ``2:30\u202fPM`` (ICU's narrow space), the date and time parted by
#: spaces or a comma (``11/3/24, 4:40 PM``). An offset may end it (``14:30+02:00``).
#: For :func:`pyarrow.compute.extract_regex` (RE2: ``\s`` is ASCII, so the no-break
#: spaces are named).
_TIME_OF_DAY = (
    r"^(?P<day>.*?\S),?[\s\x{a0}\x{202f}]+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"(?:[\s\x{a0}\x{202f}]*(?P<half>[AaPp])\.?[Mm]\.?)?"
    r"(?P<offset>\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?$"
)


def split_time_of_day(text: pd.Series) -> pd.DataFrame:
    """The date and the time of day of values written as a date then a time.

    ``10/16/2026 2:30 PM`` -> ``day`` ``10/16/2026``, ``clock`` ``14:30``;
    ``16.10.2026 14:30:00.000`` -> ``16.10.2026``, ``14:30:00.000``. The clock
    is on 24 hours (``12:05 AM`` is ``00:05``), seconds and a fraction kept as
    written; ``elapsed`` is that time since midnight (a timedelta); ``offset``
    is an offset after the time (``+02:00``), else ``""``.
    Where a value has no time of day, or one no clock shows (``25:00``,
    ``13:00 PM``), ``day`` is the value itself and ``clock`` NA. Indexed like
    ``text``. Built with Arrow's string kernels, as :func:`_numeric_advice`.
    """
    values = pc.cast(pa.array(text.astype("string").array), pa.large_string())
    parts = pc.extract_regex(values, _TIME_OF_DAY)
    matched = pc.is_valid(parts).to_numpy(zero_copy_only=False)
    field = {
        name: pc.fill_null(pc.struct_field(parts, [i]), "")
        for i, name in enumerate(parts.type.names)
    }
    hour, minute, second = (_whole_numbers(field[name]) for name in ("hour", "minute", "second"))
    second = np.maximum(second, 0)
    half = pc.utf8_lower(field["half"])
    twelve = pc.not_equal(half, "").to_numpy(zero_copy_only=False)
    afternoon = pc.equal(half, "p").to_numpy(zero_copy_only=False)
    clock_shown = np.where(twelve, (hour >= 1) & (hour <= 12), (hour >= 0) & (hour <= 23))
    real = matched & clock_shown & (minute >= 0) & (minute <= 59) & (second <= 59)
    # 12:30 AM is 00:30, 12:30 PM is 12:30, 2:30 PM is 14:30.
    hour24 = np.where(twelve, hour % 12 + 12 * afternoon, hour)
    hour24 = np.where(real, hour24, 0)
    fraction = pc.utf8_rpad(pc.utf8_slice_codeunits(field["fraction"], 0, 6), 6, "0")
    micro = np.maximum(_whole_numbers(fraction), 0)
    elapsed = ((hour24 * 60 + np.where(real, minute, 0)) * 60 + second) * 1_000_000 + micro
    clock = _join(
        pc.take(_PADDED, pa.array(np.clip(hour24, 0, 31))),
        ":",
        field["minute"],
        pc.if_else(pc.equal(field["second"], ""), _large(""), _join(":", field["second"])),
        pc.if_else(pc.equal(field["fraction"], ""), _large(""), _join(".", field["fraction"])),
    )
    index = text.index
    real_series = pd.Series(real, index=index)
    return pd.DataFrame(
        {
            "day": text.astype("string").mask(
                real_series, pd.Series(pd.array(field["day"], dtype="string"), index=index)
            ),
            "clock": pd.Series(pd.array(clock, dtype="string"), index=index).where(real_series),
            "elapsed": pd.Series(pd.to_timedelta(elapsed, unit="us"), index=index).where(
                real_series
            ),
            "offset": pd.Series(
                pd.array(pc.utf8_trim_whitespace(field["offset"]), dtype="string"), index=index
            ).where(real_series, ""),
        },
        index=index,
    )


def date_part(text: pd.Series) -> pd.Series:
    """The date of each value written as a date then a time of day that
    :func:`with_time_of_day` reads (no offset after it); other values whole."""
    parts = split_time_of_day(text.astype("string"))
    return parts["day"].where(parts["offset"].eq(""), text.astype("string"))


def with_time_of_day(text: pd.Series, date_format: str) -> pd.Series:
    """Dates ``date_format`` reads followed by a time of day; NaT elsewhere.

    A format without a time of day also reads its dates followed by one, as a
    spreadsheet exports a column that mixes dates and date-times:
    ``%m/%d/%Y`` reads ``10/16/2026 14:30``, ``10/16/2026 14:30:00.000`` and
    ``10/16/2026 2:30 PM`` (:func:`split_time_of_day`). The time is kept as
    written, a naive local time. NaT throughout for a format that has a time
    of day or an offset itself, and where an offset follows the time. The
    dates alone are read by the format itself (:func:`pandas.to_datetime`).
    """
    from followup_stats.importers.base import writes_time

    dates = pd.Series(pd.NaT, index=text.index, dtype=_WORK_UNIT)
    if writes_time(date_format) or re.search("%[zZ]", date_format.replace("%%", "")):
        return dates
    parts = split_time_of_day(text.astype("string"))
    timed = (parts["clock"].notna() & parts["offset"].eq("")).to_numpy(dtype=bool)
    if timed.any():
        day = pd.to_datetime(parts["day"][timed], format=date_format, errors="coerce")
        dates[timed] = _bounded(day + parts["elapsed"][timed])
    return dates


def _read_as_configured(text: pd.Series, date_format: str) -> pd.Series:
    """What ``date_format`` reads of ``text``: as written, a date followed by a time of day
    (a format without one), or a date alone (a format with one)."""
    read = _to_naive(text, format=date_format).fillna(with_time_of_day(text, date_format))
    return read.fillna(with_date_alone(text, date_format))


#: A ``strftime`` directive (``%d``, ``%-d``, ``%#H``; ``%%`` is one too, a literal).
_DIRECTIVE = re.compile(r"(%[-#]?.)")
#: The directives of a time of day or an offset: what a date alone does not write.
_TIME_PART = re.compile(r"^%[-#]?[HIMSpfzZTRX]$")


def date_alone_format(date_format: str) -> str | None:
    """The date of a ``date_format`` that writes a time of day, for cells that give
    the date alone: ``%m/%d/%Y %H:%M`` -> ``%m/%d/%Y``, ``%Y-%m-%dT%H:%M:%S%z`` ->
    ``%Y-%m-%d``, ``%H:%M, %d.%m.%Y`` -> ``%d.%m.%Y``.

    ``None`` for a format without a time of day, and for one whose time is not
    all before or all after its date (``%c``, ``%d %H:%M %m/%Y``): no date
    alone is read by those.
    """
    pieces = [piece for piece in _DIRECTIVE.split(date_format) if piece]
    is_directive = [bool(_DIRECTIVE.fullmatch(p)) and p != "%%" for p in pieces]
    is_time = [bool(_TIME_PART.match(p)) for p in pieces]
    dated = [i for i, p in enumerate(pieces) if is_directive[i] and not is_time[i]]
    timed = [i for i, p in enumerate(pieces) if is_time[i]]
    if not timed or not dated or any(p.endswith("c") for p in pieces):
        return None
    if max(dated) < min(timed):  # the date, then the time
        return "".join(pieces[: max(dated) + 1])
    if max(timed) < min(dated):  # the time, then the date
        return "".join(pieces[min(dated) :])
    return None


def with_date_alone(text: pd.Series, date_format: str) -> pd.Series:
    """Dates written alone in the order of a ``date_format`` that has a time of day;
    NaT elsewhere.

    ``%m/%d/%Y %H:%M`` reads ``10/16/2026`` as 16 Oct 2026 (midnight: the time
    is not known, and the loader says so, as of any date without a time), as a
    format without a time reads dates followed by one (:func:`with_time_of_day`).
    NaT throughout for a format without a time of day (it reads its dates
    alone itself) and for one :func:`date_alone_format` has no date alone of.
    """
    alone = date_alone_format(date_format)
    if alone is None:
        return pd.Series(pd.NaT, index=text.index, dtype=_WORK_UNIT)
    return _to_naive(text, format=alone)


#: A year-first all-numeric date (``2026-10-1``, ``2026/10/12``, ``2026.10.1``, the
#: separators mixed too: ``2026/10-12``): read year, month, day, as such dates are
#: written (nobody writes year/day/month).
_YEAR_FIRST = re.compile(r"^(?P<year>\d{4})[/.\-](?P<month>\d{1,2})[/.\-](?P<day>\d{1,2})$")


def _year_first(text: pd.Series) -> pd.Series:
    """Year-first all-numeric dates as the ISO 8601 extended text they stand for.

    ``2026-10-1`` and ``2026/10/1`` -> ``2026-10-01``; ``2026.10.12 2:30 PM`` ->
    ``2026-10-12 14:30``; an offset after the time is kept. NA for other
    values. A day and month that make no date (``2026/31/02``) are rewritten
    all the same, for the ISO reading to say why it is none.
    """
    rewritten = pd.Series(pd.NA, index=text.index, dtype="string")
    maybe = text.str.match(r"^\d{4}[/.\-]\d").fillna(False).to_numpy(dtype=bool)
    if not maybe.any():
        return rewritten
    parts = split_time_of_day(text[maybe])
    ymd = parts["day"].str.extract(_YEAR_FIRST)
    iso = ymd["year"] + "-" + ymd["month"].str.zfill(2) + "-" + ymd["day"].str.zfill(2)
    time = (" " + parts["clock"] + parts["offset"]).fillna("")
    rewritten[maybe] = (iso + time).to_numpy()
    return rewritten


def _is_extended_day(text: str) -> bool:
    """Whether ``text`` is ``YYYY-MM-DD`` naming a real day: the usual as-of date, which
    needs none of :func:`_other_iso_forms` (whose regular expressions cost a command
    about 0.03 s a call to compile)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def extended_iso(text: str) -> str:
    """One ISO 8601 date or date-time (an as-of date) in the extended form
    :mod:`datetime` reads, when it is another form the date column reads
    (``2026-307`` -> ``2026-11-03``, ``20261103T1430+0100`` ->
    ``2026-11-03T14:30+01:00``); anything else as it is. Digits alone are a
    basic date whatever their year: a value given on its own is no
    spreadsheet's number."""
    if _is_extended_day(text):
        return text
    rewritten, _ = _other_iso_forms(pd.Series([text], dtype="string"), digit_years=(0, 9999))
    first = rewritten.iloc[0]
    return text if pd.isna(first) else str(first)


def why_no_day(text: str) -> str | None:
    """Why one ISO 8601 date of the forms :func:`extended_iso` reads is no day
    (``2026-02-30``: "February 2026 has 28 days"), ``None`` when that is not known."""
    if _is_extended_day(text):
        return None
    _, problem = _other_iso_forms(pd.Series([text], dtype="string"), digit_years=(0, 9999))
    why = problem.iloc[0]
    return None if pd.isna(why) else str(why).split(": ", 1)[-1]


def _other_iso_forms(
    text: pd.Series, digit_years: tuple[int, int] = PLAUSIBLE_YEARS
) -> tuple[pd.Series, pd.Series]:
    """ISO 8601 dates in basic, ordinal, week or hour-only form, as :data:`_ISO` reads them.

    ``20261103T1430+0100`` -> ``2026-11-03T14:30+01:00``, ``2026-307`` and
    ``2026W452`` -> ``2026-11-03``, ``2026-11-03T14`` -> ``2026-11-03T14:00``:
    the same day, time and offset, so the loader reads them as the extended
    forms. Eight digits alone (``20261103``) are a date only when their first
    four are a year in ``digit_years`` (``45231`` stays a number); seven never
    are (:func:`_number_hint`). Returns
    the rewritten text (NA where the value is no such form) and why a value of
    such a form is no day (``20261332``: no month 13; NA where it is one).
    """
    rewritten = pd.Series(pd.NA, index=text.index, dtype="string")
    problem = pd.Series(pd.NA, index=text.index, dtype="string")
    maybe = text.str.match(_FORM_START).fillna(False).to_numpy(dtype=bool)
    if not maybe.any():  # the usual case: extended dates, already read as they are
        return rewritten, problem
    candidates = text[maybe]
    parts = candidates.str.extract(_BASIC_FORM).combine_first(
        candidates.str.extract(_EXTENDED_FORM)
    )
    digits = candidates.str.fullmatch(_DIGITS).fillna(False).to_numpy(dtype=bool)
    year = pd.to_numeric(parts["year"], errors="coerce").fillna(-1).to_numpy(dtype=np.int64)
    plausible = (year >= digit_years[0]) & (year <= digit_years[1])
    form = parts["year"].notna().to_numpy(dtype=bool) & (plausible | ~digits)
    if not form.any():
        return rewritten, problem
    parts, year = parts[form], year[form]
    positions = np.flatnonzero(maybe)[form]

    def number(column: str, missing: int = 0) -> np.ndarray:
        values = pd.to_numeric(parts[column], errors="coerce").fillna(missing)
        return values.to_numpy(dtype=np.int64)

    month, day, ordinal = number("month"), number("day"), number("ordinal")
    week, weekday = number("week"), number("weekday")
    is_calendar = parts["month"].notna().to_numpy(dtype=bool)
    is_ordinal = parts["ordinal"].notna().to_numpy(dtype=bool)
    is_week = parts["week"].notna().to_numpy(dtype=bool)
    has_weekday = parts["weekday"].notna().to_numpy(dtype=bool)

    # Calendar arithmetic on whole days (numpy's proleptic Gregorian calendar).
    new_year = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    days_in_year = (
        (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - new_year
    ).astype(np.int64)
    real_month = (month >= 1) & (month <= 12)
    first_of_month = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    days_in_month = (
        (first_of_month + np.timedelta64(1, "M")).astype("datetime64[D]")
        - first_of_month.astype("datetime64[D]")
    ).astype(np.int64)
    real_day = real_month & (day >= 1) & (day <= days_in_month)
    real_ordinal = (ordinal >= 1) & (ordinal <= days_in_year)
    # Week 1 is the week (Monday first) with 4 January in it; 1970-01-01 was a Thursday.
    jan_4 = new_year + np.timedelta64(3, "D")
    monday_of_week_1 = jan_4 - ((jan_4.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    jan_1_weekday = (new_year.astype(np.int64) + 3) % 7  # Monday 0
    weeks_in_year = 52 + ((jan_1_weekday == 3) | ((days_in_year == 366) & (jan_1_weekday == 2)))
    real_week = (week >= 1) & (week <= weeks_in_year)
    real_weekday = (weekday >= 1) & (weekday <= 7)

    # Whole days as timedelta64[D]: numpy deprecates adding bare integers to dates.
    day_of_year = np.where(
        is_ordinal, new_year + (ordinal - 1).astype("timedelta64[D]"), monday_of_week_1
    )
    week_day = ((week - 1) * 7 + (weekday - 1)).astype("timedelta64[D]")
    day_of_year = np.where(is_week, monday_of_week_1 + week_day, day_of_year)
    real = np.where(
        is_calendar, real_day, np.where(is_ordinal, real_ordinal, real_week & real_weekday)
    )
    date_text = pd.Series(
        np.datetime_as_string(day_of_year.astype("datetime64[D]"), unit="D"), index=parts.index
    )
    calendar_text = parts["year"] + "-" + parts["month"] + "-" + parts["day"]
    date_text = date_text.astype("string").mask(is_calendar, calendar_text)

    hour = parts["hour"]
    minute = parts["minute"].fillna("00")
    second = (":" + parts["second"].str.replace(",", ".", regex=False)).fillna("")
    offset = parts["offset"].fillna("").str.strip()
    # +01 and +0100 as +01:00; Z as it is.
    offset = offset.str.replace(r"^([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
    offset = offset.str.replace(r"^([+-]\d{2})$", r"\1:00", regex=True)
    time_text = ("T" + hour + ":" + minute + second + offset).fillna("")
    whole = (date_text + time_text).where(real)
    rewritten.iloc[positions] = whole.to_numpy()

    shown_year = parts["year"]
    why = pd.Series(pd.NA, index=parts.index, dtype="string")
    month_names = np.array(_MONTH_NAMES_FULL, dtype=object)[np.clip(month, 0, 12)]
    read_as = "read as year " + shown_year + ", month " + parts["month"] + ", day " + parts["day"]
    why = why.mask(is_calendar & ~real_month, read_as + ": there is no month " + parts["month"])

    def has(what: pd.Series, counts: np.ndarray, unit: str) -> pd.Series:
        """``what`` + " has N ``unit``" per value ("February 2026 has 28 days")."""
        return what + " has " + pd.Series(counts, index=parts.index).astype("string") + unit

    month_of_year = pd.Series(month_names, index=parts.index, dtype="string") + " " + shown_year
    why = why.mask(
        is_calendar & real_month & ~real_day,
        read_as + ": " + has(month_of_year, days_in_month, " days"),
    )
    why = why.mask(
        is_ordinal & ~real_ordinal,
        "read as day "
        + parts["ordinal"]
        + " of "
        + shown_year
        + ": "
        + has(shown_year, days_in_year, " days"),
    )
    week_of = "read as week " + parts["week"] + " of " + shown_year
    why = why.mask(is_week & ~real_week, week_of + ": " + has(shown_year, weeks_in_year, " weeks"))
    # A week is no day (datetime.date.fromisoformat reads 2026-W45 as its Monday; the
    # log does not guess which day was meant): say how one of its days is written.
    monday = monday_of_week_1 + ((week - 1) * 7).astype("timedelta64[D]")
    monday_text = pd.Series(
        np.datetime_as_string(monday.astype("datetime64[D]"), unit="D"), index=parts.index
    ).astype("string")
    why = why.mask(
        is_week & real_week & ~has_weekday,
        week_of
        + ": a week, not a day; write a day of it, such as "
        + shown_year
        + "-W"
        + parts["week"]
        + "-1 for its Monday, "
        + monday_text,
    )
    why = why.mask(
        is_week & real_week & has_weekday & ~real_weekday,
        "read as day "
        + parts["weekday"]
        + " of "
        + week_of.str.removeprefix("read as ")
        + ": the days of a week are 1 (Monday) to 7 (Sunday)",
    )
    # Numbering starts at 1: "there is no day 00" says more than "November has 30 days".
    for column, numbered, value in (
        ("day", is_calendar & real_month, day),
        ("ordinal", is_ordinal, ordinal),
        ("week", is_week, week),
    ):
        unit = "day" if column == "ordinal" else column
        read = (
            read_as if column == "day" else f"read as {unit} " + parts[column] + " of " + shown_year
        )
        why = why.mask(numbered & (value == 0), read + f": there is no {unit} " + parts[column])
    problem.iloc[positions] = why.to_numpy()
    return rewritten, problem


def _number_hint(value: str) -> str:
    """Why a plain number is no date, with the day it is as a spreadsheet serial number.

    A spreadsheet holds a date as a serial day number; its date cells are
    read as dates from 1970 to 2100 only (:mod:`followup_stats.importers.spreadsheet`).
    Eight digits that start with such a year are never asked about: they are
    ISO 8601 basic dates (:func:`_other_iso_forms`). Seven such digits would be
    a basic ordinal date, but they are as likely a date a digit short
    (``2026113`` for 2026-11-03), so they are not read as one and are asked about.
    """
    year, ordinal = int(value[:4]) if len(value) == 7 else 0, int(value[4:] or 0)
    if PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1]:
        day = pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(days=ordinal - 1)
        if ordinal >= 1 and day.year == year:
            return (
                f" (seven digits: day {ordinal} of {year} is written {value[:4]}-{value[4:]}, "
                f"{day:%Y-%m-%d} in full; if a digit is missing, write the date in full)"
            )
    serial = float(value)
    if not math.isfinite(serial) or serial < _SERIAL_1970:
        return " (a number, not a date)"
    if serial >= _SERIAL_AFTER_9999:
        return (
            " (a number; as a spreadsheet serial day number it would fall after 9999-12-31, "
            "the last day a spreadsheet can hold)"
        )
    day = _EXCEL_EPOCH + pd.Timedelta(days=int(serial))
    if day.year > PLAUSIBLE_YEARS[1]:
        return (
            f" (a number; as a spreadsheet serial day number it would be {day:%Y-%m-%d}, "
            f"outside {PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]})"
        )
    return (
        f" (a number; as a spreadsheet serial day number it would be {day:%Y-%m-%d}: "
        "write the date itself)"
    )


def _numeric_advice(text: pd.Series) -> pd.Series:
    """What DQ010 says after the date: why it is not read, its readings in ISO 8601.

    ``11/3/2026`` -> ``is ambiguous (month/day or day/month?); write it as
    2026-11-03 if you meant 3 Nov 2026 or 2026-03-11 if you meant 11 Mar 2026,
    or set date_format ...``; ``2026/10/12`` likewise offers 2026-10-12 and
    2026-12-10. A value with one reading (``10/15/2026``) says that date_format
    is what reads it, and which one: ``is read only with date_format (...): it
    can only be month/day/year here, so set date_format = "%m/%d/%Y" in the
    configuration, or write it as 2026-10-15``. A value with no reading
    (``11/3/26``) gets a bare ``YYYY-MM-DD``. A time of day after the date
    (``10/12/2026 14:30``) is kept: ``2026-10-12 14:30``. Built with Arrow's
    string kernels: a log of distinct US-style date-times reaches here whole.
    """
    year_first, (one, one_text), (other, other_text), _ = _numeric_readings(text)
    shown = pc.if_else(
        pa.array(one & other),
        _join(one_text, " or ", other_text, ","),
        pc.if_else(pa.array(other), _join(other_text, ","), _large("YYYY-MM-DD")),
    )
    order = pc.if_else(
        year_first,
        _large("is ambiguous (year/month/day or year/day/month?)"),
        _large("is ambiguous (month/day or day/month?)"),
    )
    advice = _join(order, "; write it as ", shown, " or set date_format in the configuration")
    single = one ^ other
    if single.any():
        # Not ambiguous itself, but a log's all-numeric dates are read one way, or not at all.
        values = pc.cast(pa.array(text.array), pa.large_string())
        as_written = pa.array(one)
        reading = pc.if_else(
            year_first,
            pc.if_else(as_written, _large("year/month/day"), _large("year/day/month")),
            pc.if_else(as_written, _large("month/day/year"), _large("day/month/year")),
        )
        iso = pc.replace_substring_regex(
            pc.if_else(pa.array(one), one_text, other_text), " if you meant .*$", ""
        )
        fitting = _format_of(values, year_first, one)
        said = pc.if_else(
            pc.is_null(fitting),
            _join(" to that order in the configuration"),
            _join(' = "', pc.fill_null(fitting, ""), '" in the configuration'),
        )
        only = _join(
            "is read only with date_format (how the log writes such dates): it can only be ",
            reading,
            " here, so set date_format",
            said,
            ", or write it as ",
            iso,
        )
        advice = pc.if_else(pa.array(single), only, advice)
    return pd.Series(pd.array(advice, dtype="string"), index=text.index)


#: An all-numeric date's separators, and a time of day after it as
#: :func:`split_time_of_day` reads one (``14:30``, ``2:30 PM``, ``14:30:00.000``): a
#: format without one reads it too. A value with more (an offset) has no format
#: suggested. For :func:`pyarrow.compute.extract_regex`.
_FORMAT_PARTS = (
    r"^\d{1,4}(?P<s1>[/.\-])\d{1,2}(?P<s2>[/.\-])\d{1,4}"
    r"(?P<time>,?\s+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)?$"
)


def _format_of(values: pa.Array, year_first: pa.Array, one: np.ndarray) -> pa.Array:
    """The ``date_format`` that reads each all-numeric date in its one reading: the fields
    as written where ``one`` (``10/15/2026``: ``%m/%d/%Y``), else day and month swapped
    (``15/10/2026``: ``%d/%m/%Y``). A date-time gets the format of its date, which reads
    it with its time of day (:func:`with_time_of_day`), so one format reads a column
    that mixes ``10/15/2026`` and ``10/16/2026 14:30``. Null where no format reads the
    value (an offset after the time)."""
    parts = pc.extract_regex(values, _FORMAT_PARTS)
    part = {
        name: pc.fill_null(pc.struct_field(parts, [i]), "")
        for i, name in enumerate(parts.type.names)
    }
    as_written = pa.array(one)
    # Year first: %Y, then month and day as written or swapped; else the year comes last.
    month_day = pc.if_else(as_written, _large("%m"), _large("%d"))
    day_month = pc.if_else(as_written, _large("%d"), _large("%m"))
    first = pc.if_else(year_first, _large("%Y"), month_day)
    second = pc.if_else(year_first, month_day, day_month)
    third = pc.if_else(year_first, day_month, _large("%Y"))
    written = _join(first, part["s1"], second, part["s2"], third)
    return pc.if_else(pc.is_valid(parts), written, pa.nulls(len(values), pa.large_string()))


def _no_day_either_way(text: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Which all-numeric dates have a plausible four-digit year but neither reading a
    calendar day (``31/02/2026``, ``2026/31/02``), and the orders tried as a message says
    them (``day/month or month/day order``), indexed like ``text``."""
    year_first, (one, _), (other, _), plausible = _numeric_readings(text)
    orders = np.where(
        year_first.to_numpy(zero_copy_only=False),
        "year/month/day or year/day/month order",
        "day/month or month/day order",
    )
    return plausible & ~one & ~other, pd.Series(orders, index=text.index, dtype="string")


def _numeric_readings(
    text: pd.Series,
) -> tuple[pa.Array, tuple[np.ndarray, pa.Array], tuple[np.ndarray, pa.Array], np.ndarray]:
    """Whether the year comes first, and both readings of all-numeric dates (:func:`_reading`).

    The first reading takes the fields in the order written (month/day,
    year/month/day), the other swaps day and month; a value that reads the
    same both ways has only the first.
    """
    values = pc.cast(pa.array(text.array), pa.large_string())
    parts = pc.extract_regex(values, _NUMERIC_PARTS)
    written = [pc.fill_null(pc.struct_field(parts, [i]), "") for i in range(4)]
    year_first = pc.equal(pc.utf8_length(written[0]), 4)
    year = pc.if_else(year_first, written[0], written[2])
    numbers = [_whole_numbers(field) for field in written[:3]]
    first_is_year = year_first.to_numpy(zero_copy_only=False)
    year_number = np.where(first_is_year, numbers[0], numbers[2])
    first = np.where(first_is_year, numbers[1], numbers[0])
    second = np.where(first_is_year, numbers[2], numbers[1])
    plausible = (
        pc.equal(pc.utf8_length(year), 4).to_numpy(zero_copy_only=False)
        & (year_number >= PLAUSIBLE_YEARS[0])
        & (year_number <= PLAUSIBLE_YEARS[1])
    )
    # The time of day as ISO writes it, on 24 hours (2:30 PM is 14:30), its offset kept.
    clock = split_time_of_day(text)
    time_text = (" " + clock["clock"] + clock["offset"]).fillna("")
    time = pa.array(time_text.to_numpy(dtype=object), pa.large_string())
    one = _reading(plausible, year, year_number, first, second, time)
    other_real, other_text = _reading(plausible, year, year_number, second, first, time)
    other_real &= first != second  # 3/3/2026 reads the same both ways
    # A four-digit year first is year, month, day: nobody writes year/day/month.
    other_real &= ~first_is_year
    return year_first, one, (other_real, other_text), plausible


def is_numeric_date(text: pd.Series) -> pd.Series:
    """Whether each value is an all-numeric date that is a calendar day under one reading.

    ``11/3/2026``, ``13/3/2026`` and ``2026.10.12 14:30`` are; ``079-55-12-34``
    (no plausible year), ``31/31/2026`` (no such day either way) and
    ``11/3/2026 call Ann`` (more than a date and a time of day) are not. The
    loader calls such a value ambiguous (DQ010) without a ``date_format``;
    ``31/02/2026``, a plausible year with no day either way, is no date (DQ001).
    """
    stripped = text.fillna("").astype(str).str.strip()
    whole = stripped.str.fullmatch(_NUMERIC_WHOLE).fillna(False).astype(bool).to_numpy()
    if not whole.any():
        return pd.Series(whole, index=text.index)
    _, (one, _), (other, _), _ = _numeric_readings(stripped[whole])
    real = whole.copy()
    real[whole] = one | other
    return pd.Series(real, index=text.index)


#: The three fields of an all-numeric date (as :data:`_NUMERIC` matches it) and a
#: time of day that is all the rest of the value (as an ISO date-time may carry it).
#: For :func:`pyarrow.compute.extract_regex` (RE2: named groups, ``\d`` ASCII).
_NUMERIC_PARTS = (
    r"^(?P<p0>\d{1,4})[/.\-](?P<p1>\d{1,2})[/.\-](?P<p2>\d{1,4})\b"
    r"(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)$)?"
)
#: An all-numeric date with at most a time of day after it, and nothing else.
_NUMERIC_WHOLE = re.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?"
)
#: A cell that is an all-numeric date and nothing else (a time, an offset, AM or PM).
_ALL_NUMERIC = re.compile(_NUMERIC_WHOLE.pattern + r"(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_MONTH_NAMES = pa.array(
    ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    pa.large_string(),
)
#: Day and month numbers 0-31 as ISO writes them (``03``) and as a message does (``3``).
_PADDED = pa.array([f"{n:02d}" for n in range(32)], pa.large_string())
_PLAIN = pa.array([str(n) for n in range(32)], pa.large_string())


def _large(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _join(*pieces: str | pa.Array | pa.ChunkedArray) -> pa.Array:
    """Arrow strings and constants joined row by row."""
    arguments = [_large(piece) if isinstance(piece, str) else piece for piece in pieces]
    return pc.binary_join_element_wise(*arguments, _large(""))


def _whole_numbers(digits: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Digit strings as whole numbers (``-1`` where blank)."""
    blank = pc.equal(digits, "")
    numbers = pc.cast(pc.if_else(blank, None, digits), pa.int64())
    return np.asarray(pc.fill_null(numbers, -1).to_numpy(zero_copy_only=False))


def _reading(
    plausible: np.ndarray,
    year: pa.Array,
    year_number: np.ndarray,
    month: np.ndarray,
    day: np.ndarray,
    time: pa.Array,
) -> tuple[np.ndarray, pa.Array]:
    """Where a plausible year, ``month`` and ``day`` make a calendar day, and the text
    ``2026-11-03 if you meant 3 Nov 2026`` for each (meaningless where it is none)."""
    usable = plausible & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    m = np.where(usable, month, 1)
    d = np.where(usable, day, 1)
    y = np.where(usable, year_number, PLAUSIBLE_YEARS[0])
    # Days in each month: from its first day to the first day of the next.
    starts = (y - 1970) * 12 + (m - 1)
    days_in_month = (
        (starts + 1).astype("datetime64[M]").astype("datetime64[D]")
        - starts.astype("datetime64[M]").astype("datetime64[D]")
    ).astype(np.int64)
    real = usable & (d <= days_in_month)
    month_name, padded_month = pc.take(_MONTH_NAMES, m), pc.take(_PADDED, m)
    padded_day, plain_day = pc.take(_PADDED, d), pc.take(_PLAIN, d)
    iso = _join(year, "-", padded_month, "-", padded_day, time)
    return real, _join(iso, " if you meant ", plain_day, " ", month_name, " ", year)


def _has(text: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    return text.str.contains(pattern, regex=True).fillna(False).astype(bool)


def _to_naive(text: pd.Series, format: str) -> pd.Series:
    parsed = pd.to_datetime(text, format=format, errors="coerce")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    return _bounded(parsed)


def _to_naive_in(text: pd.Series, tz: zoneinfo.ZoneInfo, format: str) -> pd.Series:
    """:func:`_to_naive`, called as :func:`_to_local` is (the zone is not needed)."""
    return _to_naive(text, format=format)


def _to_local(text: pd.Series, tz: zoneinfo.ZoneInfo, format: str) -> pd.Series:
    if "%z" in format:  # an offset of whole hours (+02) as %z reads it (+0200)
        from followup_stats.importers.base import whole_hour_offsets

        text = whole_hour_offsets(text, format)
    parsed = pd.to_datetime(text, format=format, errors="coerce", utc=True)
    return _bounded(parsed.dt.tz_convert(tz).dt.tz_localize(None))


def _bounded(parsed: pd.Series) -> pd.Series:
    return parsed.astype(_WORK_UNIT)


def _spelled_out(text: pd.Series, tz: zoneinfo.ZoneInfo) -> pd.Series:
    """Parse spelled-out dates one distinct value at a time (dateutil, month first).

    A value without a day and a four-digit year (``Nov 2026``, ``3 Nov``) is
    not read: dateutil would fill the gap silently (day 1, year 1).
    """
    out: dict[object, pd.Timestamp] = {}
    for index, value in text.items():
        if not (_DAY.search(str(value)) and _YEAR4.search(str(value))):
            continue
        try:
            stamp = pd.Timestamp(str(value))
            if stamp.tzinfo is not None:
                stamp = stamp.tz_convert(tz).tz_localize(None)
        except (ValueError, OverflowError):
            continue
        out[index] = stamp
    return pd.Series(out, index=text.index, dtype=_WORK_UNIT)


def parse_yes_no(raw: pd.Series, *, codes: Factorized | None = None) -> pd.DataFrame:
    """Read yes/no answers: ``yes``, ``y``, ``true``, ``1``, ``x`` and their opposites.

    Returns ``value`` (nullable boolean; blank is NA, "not recorded") and
    ``problem`` for values that are neither.
    """
    return _by_unique(raw, parse_yes_no_distinct, codes)


def parse_yes_no_distinct(values: pd.Series) -> pd.DataFrame:
    """:func:`parse_yes_no` of distinct values (indexed like ``values``)."""
    words = values.fillna("").str.strip().str.lower()
    value = pd.Series(pd.NA, index=values.index, dtype="boolean")
    value[words.isin(YES_WORDS)] = True
    value[words.isin(NO_WORDS)] = False
    bad = value.isna() & words.ne("")
    problem = pd.Series(pd.NA, index=values.index, dtype="string")
    problem[bad] = "expected yes or no, got '" + _shown(values[bad].str.strip()) + "'"
    return pd.DataFrame({"value": value, "problem": problem})


#: Longest day count accepted (ten years); anything above is a typing mistake.
MAX_DAYS = 3650


def parse_day_count(raw: pd.Series, *, codes: Factorized | None = None) -> pd.DataFrame:
    """Read a whole number of days (``10``, ``10 days``, ``2 weeks``).

    Vague or negative values such as "about a week" or ``-3`` are problems:
    the value is blanked and the row kept.
    """
    return _by_unique(raw, parse_day_count_distinct, codes)


def parse_day_count_distinct(values: pd.Series) -> pd.DataFrame:
    """:func:`parse_day_count` of distinct values (indexed like ``values``)."""
    text = values.fillna("").str.strip()
    parts = text.str.extract(_DAY_COUNT)
    number = pd.to_numeric(parts["n"], errors="coerce")
    weeks = parts["unit"].str.lower().str.startswith("w").fillna(False).astype(bool)
    days = number.where(~weeks, number * 7)
    value = days.where(days <= MAX_DAYS).astype("Int64")
    problem = pd.Series(pd.NA, index=values.index, dtype="string")
    bad = value.isna() & text.ne("")
    expected = "expected a whole number of days (0 to 3650), got '"
    problem[bad] = expected + _shown(text[bad]) + "'"
    return pd.DataFrame({"value": value, "problem": problem})


def parse_label(
    raw: pd.Series, synonyms: Mapping[str, str], what: str, *, codes: Factorized | None = None
) -> pd.DataFrame:
    """Map free-text labels to the canonical vocabulary via ``synonyms``.

    Returns ``value`` (canonical string or NA), ``problem`` for a
    non-blank value that is not known, and ``suggested``: the label such a
    value is closest to, its "did you mean" (NA when none is close enough:
    :mod:`followup_stats.suggest`, or when the value names two steps), and
    ``first_step`` and ``second_step``: the two a value names, label and
    remark (``Interview - rejected``: ``interview``, ``rejection``; NA on any
    other value), which its problem says. ``codes``: :func:`factorize` of
    ``raw``, when already known.
    """
    return _by_unique(raw, lambda values: parse_label_distinct(values, synonyms, what), codes)


#: A label that says a step did not happen ("No response", "not interviewed"), for which no
#: known label is suggested: the closest one is the step itself.
NEGATED = r"(?i)^\s*(?:no|not|never|none|without|didn'?t|did\s+not)\b"


def parse_label_distinct(values: pd.Series, synonyms: Mapping[str, str], what: str) -> pd.DataFrame:
    """:func:`parse_label` of distinct values (indexed like ``values``)."""
    text = values.fillna("").str.strip()
    keys = text.map(squash, na_action="ignore")
    value = keys.map(synonyms).astype("string")
    problem = pd.Series(pd.NA, index=values.index, dtype="string")
    suggested = pd.Series(pd.NA, index=values.index, dtype="string")
    bad = value.isna() & text.ne("")
    if not bad.any():  # the usual case: no suggestions to look for
        return _parsed_labels(value, problem, suggested)

    # A trailing remark in parentheses is detail: "Interview (onsite)" is an interview.
    # A rejection's reason ("Rejected (not a fit)") is detail too: the meaning says which.
    # A remark naming another step is not, misspelt ("Interview - rejectd") or not: a
    # remark is read as a guess reads it, so the rejection is not lost to the interview.
    def meaning(labels: pd.Series) -> pd.Series:
        return _meaning(labels, synonyms)

    def remark_meaning(remarks: pd.Series) -> pd.Series:
        exact = meaning(remarks)
        unknown = exact.isna() & remarks.notna()
        if unknown.any():
            keys = remarks[unknown].map(squash, na_action="ignore")
            exact[unknown] = close_steps(keys, synonyms)
        return exact

    bare = without_remark(text[bad], meaning, remark_meaning)
    bare_keys = bare.map(squash, na_action="ignore").astype("string")
    value[bad] = bare_keys.map(synonyms).astype("string")
    keys[bad] = bare_keys.fillna(keys[bad])
    bad = value.isna() & text.ne("")
    if not bad.any():
        return _parsed_labels(value, problem, suggested)
    known = ", ".join(sorted(set(synonyms.values())))

    # "No response" is one letter-run from "response" but means the opposite: a guess would
    # turn a silence into an answer, so a label that says a step did not happen gets none,
    # nor one whose remark says so ("Interview (cancelled)").
    # The guess is made from the label without its remark ("Rejectd (not a fit)" ->
    # "Rejectd"), a rejection's reason read as the guess would read it: a remark that says
    # the step did not or may not happen ("Intervew (cancelled)") still gets none.
    def close(labels: pd.Series) -> pd.Series:
        return _close_labels(labels.map(squash, na_action="ignore"), synonyms)

    guessed = without_remark(text[bad], close)
    guess_keys = guessed.map(squash, na_action="ignore").astype("string").fillna(keys[bad])
    negated = text[bad].str.contains(NEGATED, regex=True) | (
        says_not_happened(text[bad]) & guessed.isna()
    )
    # "Interview - rejected" names two steps: a guess at either would drop the other, so
    # the message says so instead ("Intervew - rejected" too, read as a guess reads it).
    steps = two_steps(text[bad], close)
    # "Offer (acepted)" is "Offer (accepted)" misspelt, which reads as one step (accepted):
    # where the label and its remark's step spelt right are a known wording, that is the
    # guess, as for "offer acepted", and the cell holds one step, not two.
    # The label may be misspelt too ("Ofer (accepted)"): then its step as read, spelt right.
    spelt = steps["second"].fillna("").map(squash)
    one = (bare_labels(text[bad]).map(squash) + spelt).map(synonyms)
    one = one.fillna((steps["first"].fillna("").map(squash) + spelt).map(synonyms))
    one = one.astype("string").where(steps["second"].notna())
    # "Ofer - declined": its remark reads as the step denied, yet the label spelt right
    # and the remark are a known wording ("offer declined"): that is the guess.
    remarks = label_remarks(text[bad])
    denied = (close(bare_labels(text[bad])).fillna("") + remarks.fillna("")).map(squash)
    denied = denied.map(synonyms).astype("string").where(negated & remarks.notna())
    one = one.fillna(denied)
    steps.loc[one.notna().to_numpy(dtype=bool)] = pd.NA
    two = steps["first"].notna().to_numpy(dtype=bool)
    guess = _close_labels(guess_keys, synonyms).mask(negated.to_numpy(dtype=bool) | two)
    guess = one.fillna(guess)
    suggested[bad] = guess
    hint = ("did you mean " + guess + "? ").fillna("")
    rest = (hint + f"known: {known})").where(~two, _two_in_one(what, steps, known))
    problem[bad] = f"unknown {what} '" + _shown(text[bad]) + "' (" + rest
    return _parsed_labels(value, problem, suggested, steps)


def _parsed_labels(
    value: pd.Series, problem: pd.Series, suggested: pd.Series, steps: pd.DataFrame | None = None
) -> pd.DataFrame:
    """:func:`parse_label`'s table; ``steps``: :func:`two_steps` of some values."""
    parsed = pd.DataFrame({"value": value, "problem": problem, "suggested": suggested})
    named = pd.Series(pd.NA, index=value.index, dtype="string")
    parsed["first_step"] = named if steps is None else steps["first"].reindex(value.index)
    parsed["second_step"] = named if steps is None else steps["second"].reindex(value.index)
    return parsed


def _two_in_one(what: str, steps: pd.DataFrame, known: str) -> pd.Series:
    """What a message says of a cell holding two of ``what`` (:func:`two_steps`'s
    ``steps``): ``two steps in one cell: interview and rejection; ...``."""
    both = steps["first"] + " and " + steps["second"]
    if what == "event":
        return "two steps in one cell: " + both + "; write one row per step)"
    return f"two {what}s in one cell: " + both + f"; known: {known})"


def _meaning(labels: pd.Series, synonyms: Mapping[str, str]) -> pd.Series:
    """The canonical label of each free-text label by ``synonyms`` (NA where unknown)."""
    return labels.map(squash, na_action="ignore").map(synonyms).astype("string")


#: How much closer a misspelt remark must be to one step than to any other to name it.
STEP_MARGIN: Final = 0.05


def close_steps(keys: pd.Series, synonyms: Mapping[str, str]) -> pd.Series:
    """:func:`_close_labels` of remarks (a log's or a tracker's), NA where a remark is
    about as close to two steps: ``reapplied`` is as near ``applied`` as ``replied``,
    so it names neither and stays detail (``Applied - reapplied`` is an application)."""
    guessed = _close_labels(keys, synonyms)
    ambiguous = []
    for key in keys[guessed.notna()].drop_duplicates():  # a few remarks, not the events
        best: dict[str, float] = {}
        for spelling, label in synonyms.items():
            score = similarity(key, spelling)
            if score >= CUTOFF:
                best[label] = max(best.get(label, 0.0), score)
        ranked = sorted(best.values(), reverse=True)
        if len(ranked) > 1 and ranked[0] - ranked[1] < STEP_MARGIN:
            ambiguous.append(key)
    return guessed.mask(keys.isin(ambiguous))


def _close_labels(keys: pd.Series, synonyms: Mapping[str, str]) -> pd.Series:
    """The canonical label of the known spelling closest to each squashed key
    (:func:`followup_stats.suggest.closest`): ``intervew`` -> ``interview``,
    ``phonescren`` -> ``interview``; NA when none is close. The same for any
    number of keys (:func:`~followup_stats.suggest.closest_to_each`).
    """
    distinct = keys.drop_duplicates()
    nearest = dict(zip(distinct, closest_to_each(list(distinct), list(synonyms)), strict=True))
    return keys.map(nearest).map(synonyms, na_action="ignore").astype("string")
