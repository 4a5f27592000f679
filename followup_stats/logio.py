"""Log files in and out: Parquet logs, and writing a log as CSV or Parquet.

A Parquet log holds the same columns as a CSV log (DESIGN.md section 2).
:func:`read_parquet` gives its cells as text, so the loader reads it exactly
as it reads a CSV: typed columns are written out first (dates ISO 8601;
timestamps with their time, midnight included, and their offset if they have
one; yes/no for booleans; numbers as the shortest text that reads back the
same, ``3.0`` as ``3`` and ``1e300`` as ``1e+300``, NaN as missing; binary
columns decoded as UTF-8, undecodable bytes reported as the reader reports
them in a CSV log). Columns are taken by position, so
names that repeat or are blank meet the loader's header check as a CSV
header does; a name that is not UTF-8 (which Parquet forbids) is refused in
one line. Rows are numbered from 2, as if line 1 held a CSV header: row *i* of the
file (0-based) is "line" *i* + 2 in rejects and diagnostics.

:func:`write_log` writes a log table (the canonical columns, any dtypes) to
``.parquet`` / ``.pq`` as Parquet and to any other name as CSV, atomically;
``followup-stats import --out`` uses it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from followup_stats.errors import SYMLINK_LOOP, LogFormatError
from followup_stats.output import FORMULA_PREFIXES, atomic_target
from followup_stats.read import PARQUET_SUFFIXES, RawTable, read_raw

#: The first (and last) four bytes of every Parquet file.
PARQUET_MAGIC = b"PAR1"

_STRING = pd.StringDtype("pyarrow")


def is_parquet_name(path: str | os.PathLike[str]) -> bool:
    """Whether :func:`write_log` writes ``path`` as Parquet (by its extension)."""
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


# -- reading -------------------------------------------------------------------------------------


def read_log_file(path: str | Path, sheet: str | None = None) -> RawTable:
    """:func:`~followup_stats.read.read_raw`, an operating-system error as a LogFormatError.

    ``read_raw`` names a missing file, a folder and a file it may not read; a
    symbolic link loop (``a.csv -> b.csv -> a.csv``), an I/O error and a
    device or socket (``/dev/zero`` would be read for ever) are reported
    here, as one line naming the file. A named pipe, and ``<(...)`` (a
    ``/dev/fd/N`` pipe), are read as files.
    """
    _refuse_special_file(path)
    try:
        return read_raw(path, sheet)
    except OSError as exc:
        what = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            what = SYMLINK_LOOP
        raise LogFormatError(str(path), f"cannot read the file: {what}") from None


#: What a path that is not a file is, by the kind of its ``stat`` mode.
_NOT_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_special_file(path: str | os.PathLike[str]) -> None:
    """Raise a LogFormatError for a device or a socket, before anything is read from it.

    Whatever cannot be looked at (a missing file, ``log.xlsx[Sheet]``) is left
    to the reader, which names it; a named pipe is read as a file.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    for kind, what in _NOT_FILES:
        if kind(mode):
            raise LogFormatError(str(path), f"this is {what}, not a log file")


#: Binary Parquet types, read as UTF-8 text.
_BINARY_TYPES: tuple[Callable[[pa.DataType], bool], ...] = (
    pa.types.is_binary,
    pa.types.is_large_binary,
    pa.types.is_fixed_size_binary,
    pa.types.is_binary_view,
)
#: What a row whose bytes were not UTF-8 is told (DQ004), after the column's name.
UNDECODABLE = "undecodable bytes replaced by \ufffd"


def _decoded(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """Bytes as UTF-8 text, undecodable bytes replaced; and the rows that held some.

    Each distinct value is decoded once.
    """
    flat = column.cast(pa.large_binary()).combine_chunks()
    encoded = pc.dictionary_encode(flat)
    words: list[str] = []
    damaged: list[bool] = []
    for value in encoded.dictionary.to_pylist():
        word = value.decode("utf-8", errors="replace")
        words.append(word)
        damaged.append(word.encode("utf-8") != value)
    text = pc.take(pa.array(words, pa.large_string()), encoded.indices)
    bad = pc.take(pa.array(damaged, pa.bool_()), encoded.indices)
    rows = np.flatnonzero(bad.fill_null(False).to_numpy(zero_copy_only=False))
    return pa.chunked_array([text]), rows


def _is_utf8(column: pa.ChunkedArray) -> bool:
    """Whether a string column holds valid UTF-8 (Parquet readers do not check it)."""
    try:
        column.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _text(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """One Parquet column as the text a CSV log would hold ("" for missing).

    Also the rows (0-based) whose bytes were not UTF-8, replaced by U+FFFD.
    """
    kind = column.type
    damaged = np.empty(0, dtype=np.int64)
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = column.type
    if (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and not _is_utf8(column):
        kind = pa.large_binary()  # text that is not UTF-8: decoded as bytes are
        column = column.cast(kind)
    if any(binary(kind) for binary in _BINARY_TYPES):
        try:
            text = column.cast(pa.large_string())
        except pa.ArrowInvalid:
            text, damaged = _decoded(column)
    elif pa.types.is_timestamp(kind) or pa.types.is_date32(kind) or pa.types.is_date64(kind):
        text = _temporal_text(column)
    elif pa.types.is_boolean(kind):
        text = pc.if_else(column, "yes", "no")
    elif pa.types.is_floating(kind):
        # A whole number below 2**53 as the integer: 3.0 as "3", 12345678901.0 as
        # "12345678901" (Arrow writes "1.2345678901e+10" from 1e10 up), so an id read
        # from Parquet is the id a CSV log holds. Any other value as the shortest text
        # that reads back as the same number: 1e300 as "1e+300", 2.5 as "2.5", inf.
        # NaN is missing, as pandas has it; -0.0 is "0". A 32-bit float is exact to
        # 2**24 only: beyond, its digits would be invented (12345678901 is 12345678848).
        half = column if pa.types.is_float16(kind) else None
        if half is not None:
            column = column.cast(pa.float32())
        zero = pa.scalar(0, column.type)
        column = pc.add(column, zero)  # -0.0 + 0.0 is 0.0
        column = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
        exact = pa.scalar(2.0 ** (53 if pa.types.is_float64(column.type) else 24), column.type)
        whole = pc.and_(pc.less(pc.abs(column), exact), pc.equal(pc.floor(column), column))
        integers = pc.if_else(whole, column, zero).cast(pa.int64())
        fraction = column.cast(pa.string()) if half is None else _half_text(half)
        text = pc.if_else(whole, integers.cast(pa.string()), fraction)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = column
    else:
        try:
            text = column.cast(pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            values = [None if v is None else str(v) for v in column.to_pylist()]
            text = pa.chunked_array([pa.array(values, pa.string())])
    return pc.fill_null(text.cast(pa.large_string()), ""), damaged


#: Days from 1970-01-01 to 0001-01-01 and to 10000-01-01: the dates of years 1-9999,
#: which ISO 8601 writes with four digits and Arrow formats without wrapping round.
_FIRST_DAY, _DAY_AFTER_LAST = -719_162, 2_932_897
#: A timestamp's units in a day.
_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _temporal_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dates as ISO 8601 dates; timestamps with their time (midnight too) and any offset.

    A timestamp holds a time, midnight included; a date column (date32,
    date64) holds dates. Values outside the years 1-9999 (Arrow's formatting
    wraps them round: year 67562 came out as 2026) are written as the date
    they are (``67562-09-03``, :func:`_far_dates`), for the loader to reject
    as outside its years.
    """
    kind = column.type
    far = _far_dates(column)
    if far is not None:
        column = pc.if_else(far[0], pa.scalar(None, kind), column)
    if pa.types.is_timestamp(kind):
        seconds = column.cast(pa.timestamp("s", tz=kind.tz), safe=False)
        if pc.all(pc.equal(seconds.cast(kind), column)).as_py() is not False:
            column = seconds  # whole seconds: no fraction in the text
        zone = "%z" if kind.tz is not None else ""
        text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S" + zone)
    else:
        text = column.cast(pa.string())
    if far is not None:
        text = pc.if_else(far[0], far[1], text)
    return text


def _far_dates(column: pa.ChunkedArray) -> tuple[pa.Array, pa.Array] | None:
    """Which values of a date or timestamp column fall outside the years 1-9999, and their text.

    ``None`` when none does. The text is worked out from the count of days
    (the proleptic Gregorian calendar, years of any length and sign:
    ``67562-09-03``, ``-0221-09-04``), with the time of a timestamp
    (``T00:00:00``, ``+0000`` when it has a zone).
    """
    kind = column.type
    if pa.types.is_date32(kind):
        per_day, raw = 1, column.cast(pa.int32()).cast(pa.int64())
    else:
        per_day = 86_400_000 if pa.types.is_date64(kind) else _PER_DAY[kind.unit]
        raw = column.cast(pa.int64())
    limit = np.iinfo(np.int64)
    low = max(_FIRST_DAY * per_day, int(limit.min))
    high = min(_DAY_AFTER_LAST * per_day, int(limit.max))
    outside = pc.fill_null(pc.or_(pc.less(raw, low), pc.greater_equal(raw, high)), False)
    if not pc.any(outside).as_py():
        return None
    mask = outside.combine_chunks()
    rows = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
    values = raw.combine_chunks().to_numpy(zero_copy_only=False)[rows].astype(np.int64)
    days, within = np.divmod(values, per_day)
    words = _civil_dates(days)
    if pa.types.is_timestamp(kind):
        seconds = within // (per_day // 86_400)
        clock = pd.Series(seconds // 3600).astype(str).str.zfill(2)
        clock += ":" + pd.Series(seconds // 60 % 60).astype(str).str.zfill(2)
        clock += ":" + pd.Series(seconds % 60).astype(str).str.zfill(2)
        words = words + "T" + clock + ("+0000" if kind.tz is not None else "")
    shown = np.full(len(mask), None, dtype=object)
    shown[rows] = words.to_numpy(dtype=object)
    return mask, pa.array(shown, pa.string())


def _civil_dates(days: np.ndarray) -> pd.Series:
    """Days since 1970-01-01 as ``YYYY-MM-DD`` in the proleptic Gregorian calendar, any year.

    Howard Hinnant's ``civil_from_days``, on whole columns; a year below 1000
    or above 9999 is written with at least four digits and its sign
    (``-0221``, ``67562``).
    """
    z = days + 719_468
    era = np.floor_divide(z, 146_097)
    day_of_era = z - era * 146_097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = np.where(shifted_month < 10, shifted_month + 3, shifted_month - 9)
    year = year_of_era + era * 400 + (month <= 2)
    sign = pd.Series(np.where(year < 0, "-", "")).astype(str)
    digits = pd.Series(np.abs(year)).astype(str).str.zfill(4)
    return (
        sign + digits
        + "-" + pd.Series(month).astype(str).str.zfill(2)
        + "-" + pd.Series(day).astype(str).str.zfill(2)
    )  # fmt: skip


#: An exponent's sign and leading zeros, as numpy writes them (``e-07``).
_EXPONENT = re.compile(r"e([+-])0*(\d)")


def _half_text(column: pa.ChunkedArray) -> pa.Array:
    """Half-precision floats as the shortest text that reads back as each (0.1, not 0.099975586).

    Arrow writes them through float32, which shows the binary value's
    digits; numpy knows the shortest form for the half-precision type. A
    half-precision column holds at most 65,536 distinct values, each
    formatted once.
    """
    values = column.to_numpy(zero_copy_only=False)
    distinct, codes = np.unique(values, return_inverse=True)
    # numpy writes 1e-07 where Arrow writes 1e-7 for the other float columns.
    shown = np.array([_EXPONENT.sub(r"e\1\2", str(value)) for value in distinct], dtype=object)
    return pa.array(shown[codes.reshape(-1)], pa.string())


def _read_table(
    name: str, path: str | os.PathLike[str], data: bytes | None
) -> tuple[pa.Table, list[str]]:
    """The Parquet file's columns, and their names.

    Read by position (``ParquetFile.read``), not by name as ``pq.read_table``
    does, so that two columns of one name, or several blank names, reach the
    loader's header check as they do from a CSV.

    Raises
    ------
    LogFormatError
        When the file cannot be read as Parquet, or a column name is not
        UTF-8 text (the Parquet format stores names as UTF-8; a writer that
        broke this wrote a damaged file).
    """
    import pyarrow.parquet as pq  # here: a CSV log never needs it (about 20 ms to import)

    try:
        with pq.ParquetFile(path if data is None else pa.BufferReader(data)) as parquet:
            table = parquet.read()
        header = [str(c) for c in table.column_names]
    except UnicodeDecodeError as exc:
        raise LogFormatError(
            name,
            f"cannot read as Parquet: a column name is not UTF-8 text ({exc.reason} at byte "
            f"{exc.start}), which Parquet requires; write the file again with a current tool, "
            "or save the log as CSV",
        ) from None
    except (OSError, pa.ArrowException) as exc:
        raise LogFormatError(name, f"cannot read as Parquet: {exc}") from None
    return table, header


def _pandas_index_positions(schema: pa.Schema, names: list[str]) -> set[int]:
    """The columns that hold a pandas index (``DataFrame.to_parquet`` writes one), by position.

    pandas records them in the schema's ``pandas`` metadata (``index_columns``)
    and ``pandas.read_parquet`` makes them the index again, not columns; a
    RangeIndex is recorded without a column. An index left in the log would
    be an attribute that tells apart rows that are exact duplicates. An index
    named as a log column (``set_index("date")``, ``set_index("application_id")``)
    is the log's data and stays. Metadata that does not read as pandas writes
    it is ignored.
    """
    from followup_stats.load import STANDARD_COLUMNS, normalise_header

    try:
        recorded = json.loads((schema.metadata or {}).get(b"pandas", b"{}"))
        index = recorded.get("index_columns", []) if isinstance(recorded, dict) else []
    except (ValueError, UnicodeDecodeError):
        return set()
    positions: set[int] = set()
    for entry in index if isinstance(index, list) else []:
        if not isinstance(entry, str) or normalise_header(entry) in STANDARD_COLUMNS:
            continue  # a RangeIndex (a dict), or the log's own column
        # pyarrow writes the index after the columns: the last column of that name.
        found = [i for i, name in enumerate(names) if name == entry and i not in positions]
        if found:
            positions.add(found[-1])
    return positions


def _filled_rows(texts: list[pa.ChunkedArray], rows: int) -> pa.Array | None:
    """Which rows have a cell that is not blank, or ``None`` when all have one.

    A CSV reader skips a record whose cells are all blank (white space
    only); so is such a row of a Parquet log. Columns are looked at in turn
    until no row is left all blank (in a log, mostly after the first).
    """
    blank: pa.Array = pa.array(np.ones(rows, dtype=bool))
    for text in texts:
        if not pc.any(blank).as_py():
            return None
        empty = pc.equal(pc.utf8_trim_whitespace(text), "").combine_chunks()
        blank = pc.and_(blank, empty)
    return pc.invert(blank) if pc.any(blank).as_py() else None


def read_parquet(path: str | os.PathLike[str], data: bytes | None = None) -> RawTable:
    """A Parquet log as raw cells: every column as text, rows numbered from line 2.

    ``data``, when given, is the file's content, already read (a pipe cannot
    be read twice). Bytes that are not UTF-8 (in a binary column, or a text
    column that holds them) are replaced by U+FFFD and listed in the table's
    ``repairs``, for the loader to report (DQ004). A pandas index stored as
    columns is left out (:func:`_pandas_index_positions`); rows whose cells
    are all blank are skipped, as a CSV reader skips them, and the rows kept
    keep their numbers.

    Raises
    ------
    LogFormatError
        When the file cannot be read as Parquet.
    """
    name = str(path)
    table, names = _read_table(name, path, data)
    index = _pandas_index_positions(table.schema, names)
    kept = [i for i in range(len(names)) if i not in index]
    header = [names[i] for i in kept]
    texts: list[pa.ChunkedArray] = []
    repairs: list[tuple[int, str]] = []
    for i, column in zip(kept, header, strict=True):
        text, damaged = _text(table.column(i))
        texts.append(text)
        repairs += [(int(row) + 2, f"{column}: {UNDECODABLE}") for row in damaged]
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    filled = _filled_rows(texts, table.num_rows)
    if filled is not None:  # rows whose cells are all blank carry nothing, as in a CSV
        texts = [pc.filter(text, filled) for text in texts]
        lines = lines[filled.to_numpy(zero_copy_only=False)]
    cells = pd.DataFrame(
        {f"\x00{i}": pd.Series(pd.array(text, dtype=_STRING)) for i, text in enumerate(texts)}
    )
    cells.columns = pd.Index(header)
    cells.index = pd.Index(lines, name="line")
    repairs.sort(key=lambda repair: repair[0])
    return RawTable(cells, header, 1, {}, "parquet", "", repairs=tuple(repairs))


# -- writing -------------------------------------------------------------------------------------


def _per_value(values: pd.Series, spell: Callable[[Any], str]) -> pd.Series:
    """``spell`` applied once per distinct non-missing value, spread back over the column."""
    codes, uniques = pd.factorize(values)
    words = pd.array([spell(v) for v in uniques] + [""], dtype="string")
    return pd.Series(words.take(codes), index=values.index)  # code -1 (missing) takes ""


def _whole(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _as_text(values: pd.Series) -> pd.Series:
    """A column as log text ("" for missing): dates ISO, booleans yes/no, whole numbers bare."""
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype("string").fillna("")
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _per_value(values, lambda v: v.isoformat())
    if pd.api.types.is_datetime64_any_dtype(values):
        return _per_value(
            values,
            lambda v: v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat(),
        )
    if pd.api.types.is_bool_dtype(values):
        return _per_value(values, lambda v: "yes" if v else "no")
    if pd.api.types.is_float_dtype(values):
        return _per_value(values, _whole)
    return _per_value(values, str)


def _neutralised(text: pd.Series) -> pd.Series:
    risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
    return text.mask(risky, "'" + text)


def write_log(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, formula_safe: bool = False
) -> Path:
    """Write a log table to ``path`` in full or not at all: Parquet or CSV by extension.

    Parameters
    ----------
    frame
        One row per event, the log's columns (DESIGN.md section 2) in order;
        any dtypes (dates, booleans and numbers are written as a log spells them).
    path
        ``.parquet`` or ``.pq``: a Parquet file of text columns; anything
        else: comma-separated UTF-8 with a header and ``\\n`` line ends,
        quoting only where needed.
    formula_safe
        CSV only: prefix text that a spreadsheet would run as a formula
        (``=``, ``+``, ``-``, ``@``, ...) with ``'``, as
        :func:`followup_stats.output.safe_csv_cell` does. Off by default, so
        that the file reads back to the same log.

    Returns
    -------
    Path
        The path written.
    """
    target = Path(path)
    text = pd.DataFrame(
        {str(column): _as_text(frame[column]) for column in frame.columns}, index=frame.index
    )
    table = pa.Table.from_pandas(text.reset_index(drop=True), preserve_index=False)
    with atomic_target(target) as temporary:
        if is_parquet_name(target):
            import pyarrow.parquet as pq

            with open(temporary, "wb") as sink:  # any name, as for CSV
                pq.write_table(table, sink)
        else:
            if formula_safe:
                text = text.apply(_neutralised)
                table = pa.Table.from_pandas(text.reset_index(drop=True), preserve_index=False)
            _write_csv(table, text, temporary)
    return target


def _write_csv(table: pa.Table, text: pd.DataFrame, path: Path) -> None:
    """Plain CSV, quotes only where a cell needs them."""
    try:
        with open(path, "wb") as sink:  # any name (Arrow takes UTF-8 ones only)
            sink.write((",".join(_header_cell(c) for c in table.column_names) + "\n").encode())
            options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
            pa_csv.write_csv(table, sink, options)
    except pa.ArrowInvalid:  # a cell holds a comma, quote or line end: let pandas quote it
        text.to_csv(path, index=False, lineterminator="\n")


def _header_cell(name: str) -> str:
    if any(ch in name for ch in ',"\r\n'):
        return '"' + name.replace('"', '""') + '"'
    return name


#: Bytes read from the start of a text log to tell its mean line length.
_SAMPLE_BYTES = 1 << 20


def rows_about(source: object, sheet: str | None = None) -> int:
    """About how many rows a log has, without reading it all (0 when it cannot be told).

    For deciding, before the work starts, whether a log is big enough to
    split over processes or to show progress on. A DataFrame or an already
    read source says; so does a Parquet file's metadata and an ``.xlsx``
    sheet's recorded size (``log.xlsx[Sheet]`` or ``sheet``, default the
    first). A text file's size is divided by the mean length of its first
    lines. Nothing is read from a pipe: what was read would be gone.
    """
    from followup_stats.importers.spreadsheet import spreadsheet_path
    from followup_stats.load import RawSource

    if isinstance(source, pd.DataFrame):
        return len(source)
    if isinstance(source, RawSource):
        return len(source.raw.cells)
    if not isinstance(source, str | os.PathLike):
        return 0
    workbook = spreadsheet_path(os.fspath(source), sheet)
    try:
        if workbook is not None:
            return _sheet_rows(*workbook)
        if not stat.S_ISREG(os.stat(source).st_mode):
            return 0
        with open(source, "rb") as handle:
            start = handle.read(_SAMPLE_BYTES)
            if start.startswith(PARQUET_MAGIC):
                import pyarrow.parquet as pq

                return int(pq.ParquetFile(source).metadata.num_rows)
            lines = start.count(b"\n")
            size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError, pa.ArrowException):
        return 0
    return size * lines // len(start) if lines and start else 0


def _sheet_rows(path: Path, sheet: str | None) -> int:
    """Rows an ``.xlsx`` or ``.xlsm`` sheet records in its dimension (0 for ``.ods`` or when
    unsure)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not stat.S_ISREG(os.stat(path).st_mode):
        return 0
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many kinds; a damaged file is reported when read
        return 0
    try:
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        return int(worksheet.max_row or 0)
    except (KeyError, IndexError, AttributeError, ValueError):
        return 0
    finally:
        workbook.close()
