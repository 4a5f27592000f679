"""Render result tables for people and scripts, and write files safely.

Everything the command line prints or saves goes through here: ruff-like text
for diagnostics, the next-actions table, JSON records with the keys of
DESIGN.md section 5, and CSV. Two helpers are meant for the whole project:

- :func:`safe_csv_cell` / :func:`write_safe_csv` neutralise spreadsheet
  formulas, so a company named ``=HYPERLINK(...)`` in a log cannot run as a
  formula when a CSV we wrote is opened in a spreadsheet. Every CSV writer of
  the project should use them.
- :func:`atomic_write` / :func:`atomic_target` write a file in full or not at
  all (temporary file in the same folder, then :func:`os.replace`).

The core library knows nothing of terminals or files it did not open; this
module is where those concerns live.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from followup_stats.actions import ACTION_COLUMNS, ACTION_WORDS
from followup_stats.errors import CONTROL_CHARACTERS as CONTROL_CHARACTERS  # one place for both
from followup_stats.errors import FollowupStatsError, printable
from followup_stats.percent import percent_texts
from followup_stats.plural import counted, listed, plural
from followup_stats.rules.engine import DIAGNOSTIC_COLUMNS

__all__ = [
    "ACTION_JSON_KEYS",
    "DIAGNOSTIC_JSON_KEYS",
    "FORMULA_PREFIXES",
    "STATS_COUNT_COLUMNS",
    "OutputError",
    "actions_json",
    "actions_records",
    "actions_text",
    "atomic_target",
    "atomic_write",
    "diagnostics_csv",
    "diagnostics_json",
    "diagnostics_records",
    "diagnostics_summary",
    "diagnostics_text",
    "rules_text",
    "safe_csv_cell",
    "to_safe_csv",
    "use_color",
    "write_safe_csv",
]

#: Keys of each ``check --format json`` object (DESIGN.md section 5, plus ``file``).
DIAGNOSTIC_JSON_KEYS: Final[tuple[str, ...]] = DIAGNOSTIC_COLUMNS

#: Keys of each ``todo --format json`` object (DESIGN.md section 5, plus ``then``: the step
#: a ``wait`` leads to, as the text's "Wait (then follow up)" says; the action itself
#: otherwise): the columns of :func:`~followup_stats.actions.next_actions`.
ACTION_JSON_KEYS: Final[tuple[str, ...]] = tuple(ACTION_COLUMNS)

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")

_SEVERITY_COLORS: Final[Mapping[str, str]] = {
    "error": "\x1b[31m",
    "warning": "\x1b[33m",
    "info": "\x1b[34m",
}
_BOLD: Final = "\x1b[1m"
_RESET: Final = "\x1b[0m"
#: :data:`CONTROL_CHARACTERS` in RE2's syntax, for Arrow to search a whole column (pandas
#: falls back to one Python call per cell for a pattern RE2 does not read).
_CONTROL_RE2: Final = (
    r"[\x00-\x1f\x7f-\x9f\x{061c}\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
)


class OutputError(FollowupStatsError):
    """An output file that cannot be written (missing folder, no permission, ...).

    Parameters
    ----------
    path
        The file, as the caller named it.
    reason
        Why it cannot be written (the system's words).
    option
        The command-line option that named the file (``--out``), when one
        did; see :meth:`given_as`.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, option: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.option = option
        super().__init__(str(self))

    def __str__(self) -> str:
        named = f"{self.option} {self.path}" if self.option else self.path
        return f"{named}: {self.reason}"

    def given_as(self, option: str) -> OutputError:
        """The same error, saying that ``option`` named the file (``--out log.csv: ...``)."""
        return OutputError(self.path, self.reason, self.option or option)


# -- plain values ----------------------------------------------------------------------------


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> Any:
    """A JSON-ready value: ``None`` for missing, ISO dates, Python numbers."""
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar -> Python scalar
    return value


def _date_text(value: object) -> str | None:
    """``YYYY-MM-DD`` for any date-like value, ``None`` when missing."""
    if _is_missing(value):
        return None
    if isinstance(value, str):
        return value
    return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


def _printable(value: object) -> str:
    """Text for a terminal line: missing -> ``""``, control characters escaped."""
    if _is_missing(value):
        return ""
    return printable(str(value))


def _printable_column(values: pd.Series) -> pd.Series:
    """:func:`_printable` of every cell of a column, vectorised (string dtype)."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype) and len(dtype.categories) < len(values):
        # Once per category (a column of many rows and few distinct values).
        categories = _printable_column(pd.Series(values.cat.categories))
        codes = values.cat.codes.to_numpy()
        shown = categories.array.take(codes, allow_fill=True)
        return pd.Series(shown, index=values.index, name=values.name).fillna("")
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        # Whole numbers with none missing (line numbers): Arrow writes them as ``str`` does,
        # and their digits hold no control character.
        digits = pa.array(values.to_numpy()).cast(pa.large_string())
        return pd.Series(pd.array(digits, dtype="string"), index=values.index, name=values.name)
    if isinstance(dtype, pd.StringDtype) and _plain_ascii(values):
        return values.astype("string").fillna("")  # nothing to escape: no need to look closer
    whole = pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    if isinstance(dtype, pd.StringDtype) or whole:
        # Once per distinct value, as for categories: a long table repeats its cells.
        codes, uniques = pd.factorize(values)
        if len(uniques) < len(values):
            distinct = _printable_column(pd.Series(uniques))
            shown = distinct.array.take(codes, allow_fill=True)
            return pd.Series(shown, index=values.index, name=values.name).fillna("")
    text = values.astype("string").fillna("")
    control = pc.match_substring_regex(_arrow_text(text), _CONTROL_RE2).to_numpy(
        zero_copy_only=False
    )
    if control.any():
        text = text.copy()
        text[control] = pd.array([_printable(value) for value in text[control]], dtype="string")
    return text


def _plain_ascii(text: pd.Series) -> bool:
    """Whether every cell of a ``string`` column is printable ASCII (no byte below a space,
    none from DEL up): then none holds a :data:`CONTROL_CHARACTERS` one.

    One pass over the column's bytes, cheaper than a regular expression over long
    messages or than finding their distinct values.
    """
    arrow = _arrow_text(text)
    _, offset_buffer, data = arrow.buffers()
    if data is None or not len(arrow):
        return True
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)
    start, stop = int(offsets[arrow.offset]), int(offsets[arrow.offset + len(arrow)])
    chars = np.frombuffer(data, dtype=np.uint8)[start:stop]
    return not len(chars) or (int(chars.min()) >= 0x20 and int(chars.max()) < 0x7F)


def _arrow_text(text: pd.Series | pd.Index) -> pa.Array:
    """A ``string`` column (or index) as one Arrow array of large strings."""
    arrow = pa.array(text.array)  # a chunked array when the column holds several chunks
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return arrow.cast(pa.large_string())


def _joined_lines(text: pd.Series | pa.Array) -> str:
    """``"\\n".join(text)`` of a ``string`` column with no missing cells, joined by Arrow."""
    arrow = text if isinstance(text, pa.Array) else _arrow_text(text)
    if arrow.null_count:
        return "\n".join(arrow.to_pylist())  # as before: a missing cell is an error
    listed = pa.LargeListArray.from_arrays(pa.array([0, len(arrow)], pa.int64()), arrow)
    return str(pc.binary_join(listed, pa.scalar("\n", pa.large_string()))[0].as_py())


def _concatenated(*parts: pd.Series | str) -> pa.Array:
    """``parts[0] + parts[1] + ...`` of ``string`` columns and strings, in one pass by Arrow.

    As with ``+``, a row is missing where any of its parts is.
    """
    pieces = [
        pa.scalar(part, pa.large_string()) if isinstance(part, str) else _arrow_text(part)
        for part in parts
    ]
    return pc.binary_join_element_wise(*pieces, pa.scalar("", pa.large_string()))


def _taken_text(words: pd.Series, codes: np.ndarray) -> pd.Series:
    """``words`` (a ``string`` column) at ``codes``, ``""`` where the code is -1."""
    text = words.array.take(codes, allow_fill=True)
    return pd.Series(text, dtype="string").fillna("")


def _has_text(text: pd.Series) -> pd.Series:
    """``bool(cell.strip())`` of every cell; Python decides for non-ASCII values."""
    named = np.array(text.str.strip().ne(""), dtype=bool)
    odd = text.str.contains(r"[^\x00-\x7f]", regex=True).to_numpy(dtype=bool)
    if odd.any():
        codes, uniques = pd.factorize(text[odd])
        per_value = np.array([bool(str(value).strip()) for value in uniques], dtype=bool)
        named[odd] = per_value[codes]
    return pd.Series(named, index=text.index)


def _records(frame: pd.DataFrame, keys: Sequence[str], date_keys: Iterable[str]) -> list[dict]:
    dates = set(date_keys)
    rows: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        rows.append(
            {
                key: (_date_text(row.get(key)) if key in dates else _plain(row.get(key)))
                for key in keys
            }
        )
    return rows


#: Characters ``json.dumps`` escapes in a string (with ``ensure_ascii=False``).
_JSON_ESCAPED: Final = r'[\x00-\x1f"\\]'


def _json_words(values: pd.Index, as_date: bool) -> pa.Array:
    """``json.dumps`` of each of the distinct ``values`` (none missing), as :func:`_records` has it.

    Whole numbers and text without characters to escape are written by Arrow;
    anything else goes through :func:`_plain` or :func:`_date_text` one by one.
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(dtype.categories):
        values = values.astype("string")
        dtype = values.dtype
    whole = pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    if whole and not as_date:
        return pa.array(values.to_numpy()).cast(pa.large_string())
    if not as_date and isinstance(dtype, pd.StringDtype):
        text = _arrow_text(values)
        quote, nothing = pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string())
        quoted = pc.binary_join_element_wise(quote, text, quote, nothing)
        escaped = pc.match_substring_regex(text, _JSON_ESCAPED)
        if pc.any(escaped).as_py():
            odd = [json.dumps(v, ensure_ascii=False) for v in text.filter(escaped).to_pylist()]
            quoted = pc.replace_with_mask(quoted, escaped, pa.array(odd, pa.large_string()))
        return quoted
    convert = _date_text if as_date else _plain
    return pa.array([json.dumps(convert(v), ensure_ascii=False) for v in values], pa.large_string())


def _json_cells(values: pd.Series | None, size: int, as_date: bool) -> pa.Array:
    """``json.dumps`` of each cell as :func:`_records` gives it, as an Arrow string array.

    Each distinct value is written once and taken by its code: a table of
    many rows has few distinct dates, names and codes. Object and float
    columns (where factorizing may join values JSON tells apart, such as
    ``1`` and ``True`` or ``0.0`` and ``-0.0``) go cell by cell.
    """
    if values is None:
        return pa.array(["null"], pa.large_string()).take(np.zeros(size, dtype=np.int64))
    if not as_date and pd.api.types.is_float_dtype(values.dtype):  # numpy's or nullable
        return _json_floats(values.to_numpy(dtype=np.float64, na_value=np.nan))
    if values.dtype == object or pd.api.types.is_float_dtype(values.dtype):
        convert = _date_text if as_date else _plain
        cells = [json.dumps(convert(v), ensure_ascii=False) for v in values.tolist()]
        return pa.array(cells, pa.large_string())
    codes, uniques = pd.factorize(values)
    null = pa.array(["null"], pa.large_string())
    words = pa.concat_arrays([_json_words(pd.Index(uniques), as_date), null])
    return words.take(np.where(codes < 0, len(words) - 1, codes))  # code -1: missing


def _json_floats(numbers: np.ndarray) -> pa.Array:
    """``json.dumps`` of each float: its ``repr`` (as ``json`` writes one), ``null`` for NaN.

    Every cell is a float of its own (``0.0`` and ``-0.0`` differ), but one ``map``
    over the column writes them without a call into ``json`` per cell.
    """
    words = np.array(list(map(float.__repr__, numbers.tolist())), dtype=object)
    words[np.isnan(numbers)] = "null"
    words[np.isposinf(numbers)] = "Infinity"
    words[np.isneginf(numbers)] = "-Infinity"
    return pa.array(words, pa.large_string())


def _json_text(frame: pd.DataFrame, keys: Sequence[str], date_keys: Iterable[str]) -> str:
    """``json.dumps(_records(frame, keys, date_keys), indent=2, ensure_ascii=False)`` + newline.

    Written from whole columns (see :func:`_json_cells`) instead of a dict
    per row: the same bytes in a fraction of the time for a large table.
    """
    if frame.empty:
        return "[]\n"
    dates = set(date_keys)
    size = len(frame)
    # Each row reads "{" + '\n    "key": value' for every key, ","-separated, + "\n  }"; the
    # first row opens the list and the last closes it, so one join gives the whole text.
    first, last = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    first[0], last[-1] = 1, 1
    opening = pa.array(["  {", "[\n  {"], pa.large_string()).take(first)
    pieces: list[pa.Array | pa.Scalar] = [opening]
    for i, key in enumerate(keys):
        label = ("," if i else "") + f"\n    {json.dumps(key, ensure_ascii=False)}: "
        pieces.append(pa.scalar(label, pa.large_string()))
        column = frame[key] if key in frame.columns else None
        pieces.append(_json_cells(column, size, key in dates))
    pieces.append(pa.array(["\n  },\n", "\n  }\n]\n"], pa.large_string()).take(last))
    nothing = pa.scalar("", pa.large_string())
    return _one_after_another(pc.binary_join_element_wise(*pieces, nothing))


def _one_after_another(text: pa.Array) -> str:
    """The strings of a ``large_string`` array with no missing cell, one after another.

    They lie so in the array's data already: decoded from there in one go,
    with no joined copy and no Python string per row.
    """
    if text.null_count or text.type != pa.large_string():
        raise ValueError("expected large strings, none missing")
    _, offset_buffer, data = text.buffers()
    if data is None or not len(text):
        return ""
    offsets = np.frombuffer(offset_buffer, dtype=np.int64)
    start, stop = int(offsets[text.offset]), int(offsets[text.offset + len(text)])
    return str(memoryview(data)[start:stop], "utf-8")


#: Cells of a column as a terminal line may show them (control characters escaped).
printable_column = _printable_column


# -- colour ----------------------------------------------------------------------------------


def use_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output: only on a terminal, and not when ``NO_COLOR`` is set.

    Parameters
    ----------
    stream
        Where the text goes.
    environ
        Environment to consult (default :data:`os.environ`).
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


def _paint(text: str, code: str | None, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color and code else text


# -- diagnostics -----------------------------------------------------------------------------


def diagnostics_summary(
    diagnostics: pd.DataFrame,
    files: int,
    rows_not_loaded: int = 0,
    hidden_by_noqa: int = 0,
    unchecked_files: int = 0,
    unused_noqa: int = 0,
    empty_files: Sequence[str] = (),
    unreadable_files: int = 0,
    unread_sheets: tuple[int, int] = (0, 0),
    partly_loaded: tuple[int, int] = (0, 0),
) -> str:
    """The closing line of ``check``: counts by severity, files, rows not loaded, and noqa.

    ``unchecked_files``: files of which no row loaded; with nothing to show,
    the line does not say that all checks passed. ``unused_noqa``: the
    ``noqa`` that hid nothing, with ``--warn-unused-noqa`` (they fail the run).
    ``empty_files``: files with a header and no data rows, named, and not
    counted among the files checked; nor is a pass claimed for them.
    ``unreadable_files``: logs given that could not be read at all, not among
    ``files``: counted as such, and nothing checked in them. ``unread_sheets``:
    how many of those are sheets of a workbook read in part (among ``files``), and
    how many sheets of those workbooks were read
    (:func:`followup_stats.load.sheets_not_read`): said as sheets, not files.
    ``partly_loaded``: rows loaded in part (a tracker's row with one date that
    could not be read) and their events not loaded, said apart from the rows
    not loaded (:attr:`followup_stats.load.LoadedLog.partly_loaded`).

    Examples
    --------
    ``Found 14 problems (3 errors, 9 warnings, 2 info) in 1 file; 4 rows not loaded.``,
    ``Found 4 problems (...) in 1 file; 1 row not loaded; 2 rows loaded in part (3 events
    not loaded).``,
    ``Found 14 problems (...) in 1 file; 2 findings hidden by noqa in the notes.``,
    ``All checks passed!``, ``Nothing checked in 1 file (2 rows not loaded).``,
    ``Nothing checked: log.csv holds no events.``,
    ``No problems in the other file; log.csv holds no events.`` or
    ``No problems in the other sheet; nothing checked in 1 sheet.``
    """
    asides = [f"{counted(rows_not_loaded, 'row')} not loaded"] if rows_not_loaded else []
    rows_in_part, events_not_loaded = partly_loaded
    if events_not_loaded:
        asides.append(
            f"{counted(rows_in_part, 'row')} loaded in part "
            f"({counted(events_not_loaded, 'event')} not loaded)"
        )
    if hidden_by_noqa:
        asides.append(f"{counted(hidden_by_noqa, 'finding')} hidden by noqa in the notes")
    empty = [_printable(f) for f in empty_files]
    no_events = ""
    if empty:
        no_events = f"{listed(empty)} {plural(len(empty), 'holds', 'hold')} no events"
    files -= len(empty)
    aside = "; ".join(asides)
    total = len(diagnostics)
    sheets, sheets_read = unread_sheets
    if total == 0 and (unchecked_files or unreadable_files):
        others = files - unchecked_files
        if sheets and others == 1:  # all that was read is of the workbook: its other sheets
            other = "the other " + ("sheet" if sheets_read == 1 else counted(sheets_read, "sheet"))
        elif sheets:  # one of them is a workbook of which a sheet was not read
            other = f"the {counted(others, 'file')} read"
        else:
            other = "the other file" if others == 1 else f"the other {counted(others, 'file')}"
        passed = f"No problems in {other}; n" if others > 0 else "N"
        unchecked = _files_and_sheets(unchecked_files + unreadable_files - sheets, sheets)
        said = f"{passed}othing checked in {unchecked}"
        said += f" ({aside})" if aside else ""  # the aside is of the files with rows
        return said + (f"; {no_events}." if no_events else ".")
    if unreadable_files:
        not_read = _files_and_sheets(unreadable_files - sheets, sheets)
        asides.append(f"{not_read} could not be read")
        aside = "; ".join(asides)
    if unused_noqa:
        hide = plural(unused_noqa, "hides", "hide")
        asides.append(f"{counted(unused_noqa, 'noqa', 'noqa')} that {hide} nothing")
        aside = "; ".join(asides)
        if total == 0:
            said = "No problems found" + (f" ({no_events})" if no_events else "")
            return f"{said}, but {aside}."
    if total == 0 and no_events:
        other = "the other file" if files == 1 else f"the other {counted(files, 'file')}"
        if files == 0:
            return f"Nothing checked: {no_events}" + (f" ({aside})." if aside else ".")
        return f"No problems in {other}" + (f" ({aside})" if aside else "") + f"; {no_events}."
    if total == 0:
        return "All checks passed!" + (f" ({aside}.)" if aside else "")
    if no_events:
        asides.insert(0, no_events)
        aside = "; ".join(asides)
    counts = diagnostics["severity"].value_counts()
    parts = [
        counted(int(counts.get("error", 0)), "error"),
        counted(int(counts.get("warning", 0)), "warning"),
        f"{int(counts.get('info', 0))} info",
    ]
    line = f"Found {counted(total, 'problem')} ({', '.join(parts)}) in {counted(files, 'file')}"
    return line + (f"; {aside}." if aside else ".")


def _files_and_sheets(files: int, sheets: int) -> str:
    """``2 files``, ``1 sheet`` or ``1 file and 1 sheet``: whole files, and sheets of a
    workbook of which another sheet was read."""
    parts = [counted(files, "file")] if files or not sheets else []
    return " and ".join([*parts, *([counted(sheets, "sheet")] if sheets else [])])


#: Longest company name a text line gives whole: a longer one is a cell run over
#: many lines (a stray quote) or pasted text, and the line's point is its message.
SHOWN_COMPANY_CHARS = 60


def _cut(text: pd.Series) -> pd.Series:
    """Cells longer than :data:`SHOWN_COMPANY_CHARS`, cut with "..." (JSON keeps them whole)."""
    long = text.str.len().gt(SHOWN_COMPANY_CHARS).to_numpy(dtype=bool)
    if not long.any():
        return text
    return text.where(~long, text.str.slice(0, SHOWN_COMPANY_CHARS - 3) + "...")


def diagnostics_text(
    diagnostics: pd.DataFrame,
    files: int,
    rows_not_loaded: int = 0,
    color: bool = False,
    hidden_by_noqa: int = 0,
    unchecked_files: int = 0,
    name_candidates: bool = False,
    unused_noqa: int = 0,
    empty_files: Sequence[str] = (),
    unreadable_files: int = 0,
    unread_sheets: tuple[int, int] = (0, 0),
    partly_loaded: tuple[int, int] = (0, 0),
) -> str:
    """Ruff-like text: ``{file}:{line}: {code} [{severity}] {company}: {message}`` per row.

    A blank company drops the ``company: `` part. With ``name_candidates``
    (a log of several candidates) each row says whose it is: ``{candidate}
    at {company}: ``. A blank line and :func:`diagnostics_summary` follow
    (only the summary when there is nothing).
    """
    lines: list[str] = []
    if len(diagnostics):
        place: list[pd.Series | str] = [
            _printable_column(diagnostics["file"]),
            ":",
            _printable_column(diagnostics["line"]),
            ":",
        ]
        severity = diagnostics["severity"].astype("string").fillna("<NA>")
        code = _printable_column(diagnostics["code"])
        # Whose finding: "{company}: ", with names "{candidate} at {company}: " or
        # "{candidate}: "; each part worked out once per distinct name, then taken by code.
        if "company" in diagnostics:
            companies, company_names = pd.factorize(diagnostics["company"])
            company = _cut(_printable_column(pd.Series(company_names, dtype="string")))
            has_company = np.append(_has_text(company).to_numpy(dtype=bool), False)[companies]
            said = _taken_text((company + ": ").where(_has_text(company), ""), companies)
        else:
            has_company = np.zeros(len(diagnostics), dtype=bool)
            said = pd.Series("", index=diagnostics.index, dtype="string")
        who: tuple[pd.Series, ...] = (said,)
        if name_candidates:
            codes, names = pd.factorize(diagnostics["candidate"])
            shown = _cut(_printable_column(pd.Series(names, dtype="string")))
            named = _has_text(shown)
            at = (shown + " at ").where(named, "")
            alone = (shown + ": ").where(named, "")
            both = pd.concat([at, alone], ignore_index=True)
            pick = np.where(codes < 0, -1, codes + np.where(has_company, 0, len(names)))
            who = (_taken_text(both, pick), said)
        if color:
            place = [_BOLD, *place, _RESET]
            paint = severity.map(_SEVERITY_COLORS).astype("string")
            code = (paint + code + _RESET).where(paint.fillna("").ne(""), code)
        message = _printable_column(diagnostics["message"])
        # Each line with its line end, read out whole; the blank line follows from the join.
        pieces = (*place, " ", code, " [", severity, "] ", *who, message, "\n")
        lines.append(_one_after_another(_concatenated(*pieces)))
    lines.append(
        diagnostics_summary(
            diagnostics,
            files,
            rows_not_loaded,
            hidden_by_noqa,
            unchecked_files,
            unused_noqa,
            empty_files,
            unreadable_files,
            unread_sheets,
            partly_loaded,
        )
    )
    return "\n".join([*lines, ""])  # the closing line end too: one copy of a long text


def diagnostics_records(diagnostics: pd.DataFrame) -> list[dict[str, Any]]:
    """Diagnostics as JSON-ready dicts with exactly :data:`DIAGNOSTIC_JSON_KEYS`."""
    return _records(diagnostics, DIAGNOSTIC_JSON_KEYS, date_keys=("date",))


def diagnostics_json(diagnostics: pd.DataFrame) -> str:
    """``check --format json``: a list of objects, nulls as ``null``, dates ``YYYY-MM-DD``."""
    return _json_text(diagnostics, DIAGNOSTIC_JSON_KEYS, date_keys=("date",))


def diagnostics_csv(diagnostics: pd.DataFrame) -> str:
    """``check --format csv``: the JSON keys as columns, every cell formula-safe."""
    keys = DIAGNOSTIC_JSON_KEYS
    return to_safe_csv([], keys) + _csv_rows(diagnostics, keys, keys, date_keys=("date",))


#: The keys of ``check --statistics --format json``, in order.
STATISTICS_JSON_KEYS: tuple[str, ...] = ("code", "severity", "title", "count")


def statistics_text(table: pd.DataFrame) -> str:
    """``check --statistics``: ``{count}\t{code}\t[{severity}] {title}`` per code, as ruff.

    The counts are right-aligned; nothing when there is no diagnostic.
    """
    if table.empty:
        return ""
    count = table["count"].astype("string")
    count = count.str.rjust(int(count.str.len().max()))
    text = (
        count
        + "\t"
        + _printable_column(table["code"])
        + "\t["
        + _printable_column(table["severity"])
        + "] "
        + _printable_column(table["title"])
    )
    return _joined_lines(text) + "\n"


def statistics_json(table: pd.DataFrame) -> str:
    """``check --statistics --format json``: a list of {code, severity, title, count}."""
    return _json_text(table, STATISTICS_JSON_KEYS, date_keys=())


def statistics_csv(table: pd.DataFrame) -> str:
    """``check --statistics --format csv``: the JSON keys as columns."""
    return to_safe_csv(_records(table, STATISTICS_JSON_KEYS, date_keys=()), STATISTICS_JSON_KEYS)


# -- next actions ----------------------------------------------------------------------------


def actions_records(actions: pd.DataFrame) -> list[dict[str, Any]]:
    """Next actions as JSON-ready dicts with exactly :data:`ACTION_JSON_KEYS`."""
    return _records(actions, ACTION_JSON_KEYS, date_keys=("not_before",))


def actions_json(actions: pd.DataFrame) -> str:
    """``todo --format json``: a list of objects, ``not_before`` as ``YYYY-MM-DD``."""
    return _json_text(actions, ACTION_JSON_KEYS, date_keys=("not_before",))


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.append((indent + "  ".join([*cells, row[-1]])).rstrip())
    return out


def role_of_made_up_ids(app: pd.Series, company: pd.Series) -> pd.Series:
    """Ids as a plan shows them beside the company: the role of a made-up id, else the id.

    The loader makes up an id from the company and the role (``Acme / Analyst``,
    or ``Acme``), spelled as the application's first row has them, so the
    company is matched without regard to case and may itself hold " / ".
    Worked out per distinct length of company name, on whole columns.
    """
    shown = app.copy()
    company_length = company.str.len().to_numpy(dtype=np.int64)
    joined = np.flatnonzero(app.str.contains(" / ", regex=False).to_numpy(dtype=bool))
    prefix = company.iloc[joined].str.lower() + " / "
    lowered = app.iloc[joined].str.lower()
    lengths = company_length[joined] + 3
    for length in np.unique(lengths).tolist():  # a few dozen lengths at most
        rows = lengths == length
        made_up = lowered[rows].str.slice(0, length).eq(prefix[rows]).to_numpy(dtype=bool)
        at = joined[rows][made_up]
        shown.iloc[at] = app.iloc[at].str.slice(length).to_numpy()
    # An id that is the company alone (no role) adds nothing.
    same_length = np.flatnonzero(app.str.len().to_numpy(dtype=np.int64) == company_length)
    alone = app.iloc[same_length].str.lower().eq(company.iloc[same_length].str.lower())
    shown.iloc[same_length[alone.to_numpy(dtype=bool)]] = ""
    return shown


def _action_labels(part: pd.DataFrame) -> pd.Series:
    """The action in words ("Follow up"), or "Wait (then follow up)" when a row waits."""
    action = _printable_column(part["action"])
    then = _printable_column(part["then"])
    words = _printable_column(part["action"].astype("string").map(ACTION_WORDS).fillna(action))
    next_words = _printable_column(part["then"].astype("string").map(ACTION_WORDS).fillna(then))
    waiting = words + " (then " + next_words.str.lower() + ")"
    return waiting.where(then.ne("") & then.ne(action), words)


def _aligned(columns: Sequence[pd.Series], indent: str = "  ") -> str:
    """Lines of text columns two spaces apart, every column but the last padded to its widest.

    The lines (right-stripped) joined by newlines; padded, joined and stripped
    by Arrow, as the ``string`` column methods would.
    """
    text = pa.large_string()
    pieces: list[pa.Array | pa.Scalar] = [pa.scalar(indent, text)]
    for column in columns[:-1]:
        cells = _arrow_text(column)
        width = int(pc.max(pc.utf8_length(cells)).as_py())
        pieces += [pc.utf8_rpad(cells, width=width, padding=" "), pa.scalar("  ", text)]
    pieces.append(_arrow_text(columns[-1]))
    line = pc.utf8_rtrim_whitespace(pc.binary_join_element_wise(*pieces, pa.scalar("", text)))
    return _joined_lines(line)


def _day_text(days: pd.Series) -> pd.Series:
    """``YYYY-MM-DD`` of each day, formatted once per distinct day (blank when missing)."""
    codes, uniques = pd.factorize(days)
    text = pd.Series(pd.DatetimeIndex(uniques).strftime("%Y-%m-%d"), dtype="string")
    return pd.Series(text.array.take(codes, allow_fill=True), index=days.index).fillna("")


def actions_text(
    actions: pd.DataFrame,
    as_of: pd.Timestamp | dt.date | str | pd.Series,
    long_overdue_days: int | pd.Series | None = None,
) -> str:
    """``todo`` as text: "Due today or overdue", "Coming up", then "Long overdue".

    What is due comes first, steps whose moment passes (an offer to answer, a
    thank-you) before the others; steps allowed more than
    ``long_overdue_days`` before ``as_of`` (default: the default
    ``ghost_after_days``) come last, under a line counting them
    (:func:`~followup_stats.actions.in_plan_order`). Each row reads
    ``not_before  action  company (application_id)  why`` (a
    name longer than :data:`SHOWN_COMPANY_CHARS` cut with "..."); a
    ``wait`` row shows the action it waits for, in words as the report
    says them ("Wait (then follow up)"). With
    several candidates the candidate leads each row. ``as_of`` and
    ``long_overdue_days`` may be a value per action (a series on
    ``actions``' index): clients judged by settings in different timezones,
    each on their own today.
    """
    from followup_stats.actions import in_plan_order, long_overdue_text
    from followup_stats.config import Config

    if isinstance(as_of, pd.Series):
        days = pd.to_datetime(as_of).dt.normalize()
        first, last = (pd.Timestamp(d).date().isoformat() for d in (days.min(), days.max()))
        shown = f"{first} to {last}, each client's today in their timezone"
        day: pd.Timestamp | pd.Series = days
    else:
        day = pd.Timestamp(as_of).normalize()
        shown = day.date().isoformat()
    if actions.empty:
        return f"Nothing to do as of {shown}: no open applications.\n"
    limit = Config().ghost_after_days if long_overdue_days is None else long_overdue_days
    frame = in_plan_order(actions, day, limit)
    frame = frame.assign(_day=pd.to_datetime(frame["not_before"]).dt.normalize())
    several = frame["candidate"].nunique(dropna=True) > 1
    group = frame["group"].astype("string")
    stale = frame[group.eq("long_overdue").to_numpy(dtype=bool)]
    # Clients judged apart may each have their own ghost_after_days.
    stale_days = (
        limit.reindex(stale.index).unique().tolist() if isinstance(limit, pd.Series) else [limit]
    )
    lines: list[str] = []
    for title, part in (
        (
            f"Due today or overdue (as of {shown})",
            frame[group.isin(["pressing", "due"]).to_numpy(dtype=bool)],
        ),
        ("Coming up", frame[group.eq("coming_up").to_numpy(dtype=bool)]),
        (
            "Long overdue: "
            + long_overdue_text(len(stale), int(stale_days[0]) if len(stale_days) == 1 else None),
            stale,
        ),
    ):
        if part.empty:
            continue
        # An id the loader made up repeats the company ("Acme / Analyst", or "Acme"): what
        # it adds is the role. Then long names are cut, as check cuts them, so one does not
        # widen every row (cut first, a long company's id would no longer repeat it).
        company = _printable_column(part["company"])
        app = _cut(role_of_made_up_ids(_printable_column(part["application_id"]), company))
        company = _cut(company)
        where = (company + " (" + app + ")").where(app.ne(""), company)
        columns = [_day_text(part["_day"]), _action_labels(part), where]
        if several:
            columns.insert(0, _cut(_printable_column(part["candidate"])))
        if lines:
            lines.append("")
        lines.append(title)
        lines.append(_aligned([*columns, _printable_column(part["why"])]))
    return "\n".join(lines) + "\n"


# -- statistics ------------------------------------------------------------------------------


#: Count columns of each ``stats`` table: whole numbers in every format (missing: ``null`` or
#: an empty cell), however a table came to hold them.
STATS_COUNT_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "rates": ("k", "n", "pending"),
    "times": ("n", "events"),
    "funnel": ("count",),
    "patience": ("k", "n"),
    "times_compared": ("df",),
    "incidence": ("n", "events"),
    "curves": ("at_risk", "events", "censored"),
}


def _stats_keys() -> dict[str, tuple[str, ...]]:
    """The tables of ``stats --format json``, in order, with their documented columns."""
    from followup_stats.stats import (
        CURVE_COLUMNS,
        FUNNEL_COLUMNS,
        INCIDENCE_SUMMARY_COLUMNS,
        RATE_COLUMNS,
        TIME_COLUMNS,
        TIMES_COMPARED_COLUMNS,
    )
    from followup_stats.stats.patience import PATIENCE_COLUMNS

    return {
        "rates": tuple(RATE_COLUMNS),
        "times": tuple(TIME_COLUMNS),
        "funnel": tuple(FUNNEL_COLUMNS),
        "patience": tuple(PATIENCE_COLUMNS),
        "times_compared": tuple(TIMES_COMPARED_COLUMNS),
        "incidence": tuple(INCIDENCE_SUMMARY_COLUMNS),
        "curves": tuple(CURVE_COLUMNS),
    }


def _count(value: object) -> Any:
    """A count as a Python ``int`` (``17``, not ``17.0``), ``None`` when missing."""
    plain = _plain(value)
    if isinstance(plain, float) and plain.is_integer():
        return int(plain)
    return plain


#: List columns of each ``stats`` table: a list of strings in JSON and in
#: :func:`stats_records`, one cell joined by :data:`STATS_LIST_SEPARATOR` in CSV.
STATS_LIST_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {"times_compared": ("groups",)}
#: What joins the items of a list column in one CSV cell (``company_site; job_board``).
STATS_LIST_SEPARATOR: Final = "; "


def _names(value: object) -> list[str] | None:
    """A list column's cell (a tuple or a list of names) as a list of ``str``;
    ``None`` when missing. One string is refused, not read as a list of characters."""
    if _is_missing(value):
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"expected a list of names, not {type(value).__name__}: {value!r}")
    return [str(_plain(item)) for item in value]


def stats_records(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """The ``stats`` tables as JSON-ready records, each with exactly its documented keys.

    Missing values are ``None``, counts (:data:`STATS_COUNT_COLUMNS`) ``int``
    and list columns (:data:`STATS_LIST_COLUMNS`: the ``groups`` of
    ``times_compared``) lists of ``str``. A table ``tables`` lacks
    (``times_compared``, ``incidence`` or ``curves`` from an older caller) is an empty list.
    """
    data: dict[str, list[dict[str, Any]]] = {}
    for name, keys in _stats_keys().items():
        frame = tables.get(name)
        rows = [] if frame is None else _records(frame, keys, ())
        for row in rows:
            row.update({key: _count(row[key]) for key in STATS_COUNT_COLUMNS[name]})
            row.update({key: _names(row[key]) for key in STATS_LIST_COLUMNS.get(name, ())})
        data[name] = rows
    return data


def stats_json(tables: Mapping[str, pd.DataFrame]) -> str:
    """``stats --format json``: an object of tables, each a list of records.

    The tables are ``rates``, ``times``, ``funnel``, ``patience`` (DESIGN.md
    section 5), ``times_compared`` (log-rank tests between the ``--by``
    groups; an empty list with one group), whose ``groups`` is a list of
    strings (``null`` when there is no list), ``incidence`` (each
    ending by 30, 60 and 90 days, :func:`followup_stats.stats.incidence`) and
    ``curves`` (the whole Kaplan-Meier curve of each waiting time,
    :func:`followup_stats.stats.survival_curves`).
    """
    tables_text = [
        f"  {json.dumps(name, ensure_ascii=False)}: " + _stats_table_json(name, tables.get(name))
        for name in _stats_keys()
    ]
    return "{\n" + ",\n".join(tables_text) + "\n}\n"


def _stats_table_json(name: str, frame: pd.DataFrame | None) -> str:
    """One table of :func:`stats_json` as ``json.dumps(..., indent=2)`` nests it in the object.

    A table whose counts are whole numbers (or missing) is written column by column
    (:func:`_json_text`, the bytes ``json.dumps`` gives; a ``--by candidate`` run has
    curves of hundreds of thousands of rows); any other through its records.
    """
    if frame is None or len(frame) == 0:
        return "[]"
    counted = _with_whole_counts(frame, STATS_COUNT_COLUMNS[name])
    if counted is None or name in STATS_LIST_COLUMNS:
        records = stats_records({name: frame})[name]
        text = json.dumps(records, indent=2, ensure_ascii=False)
    else:
        text = _json_text(counted, _stats_keys()[name], ()).removesuffix("\n")
    return text.replace("\n", "\n  ")  # JSON text holds no raw line break but between values


def _with_whole_counts(frame: pd.DataFrame, counts: Sequence[str]) -> pd.DataFrame | None:
    """``frame`` with float count columns as ``Int64`` (as :func:`_count` writes them);
    ``None`` when a count is not a whole number, or of a kind written another way."""
    whole = {}
    for column in (c for c in counts if c in frame.columns):
        dtype = frame[column].dtype
        if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            continue  # written as _count writes them already
        if not pd.api.types.is_float_dtype(dtype):
            return None
        numbers = frame[column].to_numpy(dtype=np.float64, na_value=np.nan)
        known = numbers[~np.isnan(numbers)]
        if not (np.all(np.abs(known) < 2**53) and np.all(known == np.round(known))):
            return None
        whole[column] = pd.array(numbers, dtype="Int64")  # NaN -> missing
    return frame.assign(**whole) if whole else frame


def stats_csv(tables: Mapping[str, pd.DataFrame]) -> str:
    """``stats --format csv``: the tables stacked, with a leading ``table`` column.

    The columns are ``table`` then every table's keys, each once, in table
    order; a cell a table has no column for is empty. Counts are whole
    numbers (``17``), missing values empty cells. A list (the ``groups`` of
    ``times_compared``) is one cell, its items joined by ``"; "``
    (:data:`STATS_LIST_SEPARATOR`); ``--format json`` keeps it a list.
    """
    columns = ["table"]
    for keys in _stats_keys().values():
        columns += [key for key in keys if key not in columns]
    pieces = [to_safe_csv([], columns)]  # the header
    for name, keys in _stats_keys().items():
        frame = tables.get(name)
        if frame is None or len(frame) == 0:
            continue
        counted = _with_whole_counts(frame, STATS_COUNT_COLUMNS[name])
        if counted is None or name in STATS_LIST_COLUMNS:
            pieces.append(_stats_csv_of_records(name, frame, columns))
        else:
            pieces.append(_csv_rows(counted, columns, keys, fixed={"table": name}))
    return "".join(pieces)


def _stats_csv_of_records(name: str, frame: pd.DataFrame, columns: list[str]) -> str:
    """The rows of one table of :func:`stats_csv` from its records, without the header."""
    lists = STATS_LIST_COLUMNS.get(name, ())
    rows = []
    for row in stats_records({name: frame})[name]:
        joined = {
            key: None if row[key] is None else STATS_LIST_SEPARATOR.join(row[key]) for key in lists
        }
        rows.append({"table": name, **row, **joined})
    return to_safe_csv(rows, columns).split("\n", 1)[1]


def _csv_rows(
    frame: pd.DataFrame,
    columns: Sequence[str],
    keys: Sequence[str],
    date_keys: Iterable[str] = (),
    fixed: Mapping[str, str] | None = None,
) -> str:
    """The rows of :func:`to_safe_csv` of ``frame``'s records, written column by column.

    The bytes :func:`to_safe_csv` gives (every cell quoted, quotes doubled, each
    cell as :func:`safe_csv_cell` writes it) for ``_records(frame, keys,
    date_keys)`` under ``columns``, without the header: a column outside ``keys``
    is empty, one in ``fixed`` holds its value on every row. ``check --format
    csv`` of a million events has a hundred thousand findings, and a ``stats
    --by candidate`` run curves of hundreds of thousands of rows.
    """
    size = len(frame)
    if size == 0:
        return ""
    dates, fixed = set(date_keys), fixed or {}
    every_row = np.zeros(size, dtype=np.int64)
    quote, nothing = pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string())
    quoted = []
    for column in columns:
        if column in fixed:
            cells = pa.array([safe_csv_cell(fixed[column])], pa.large_string()).take(every_row)
        elif column in keys and column in frame.columns:
            cells = _csv_cells(frame[column], column in dates)
        else:
            cells = pa.array([""], pa.large_string()).take(every_row)
        doubled = pc.replace_substring(cells, '"', '""')
        quoted.append(pc.binary_join_element_wise(quote, doubled, quote, nothing))
    rows = pc.binary_join_element_wise(*quoted, pa.scalar(",", pa.large_string()))
    lines = pa.LargeListArray.from_arrays(pa.array([0, size], pa.int64()), rows)
    return str(pc.binary_join(lines, pa.scalar("\n", pa.large_string()))[0].as_py()) + "\n"


def _csv_cells(values: pd.Series, as_date: bool = False) -> pa.Array:
    """:func:`safe_csv_cell` of each cell (of its :func:`_date_text` with ``as_date``).

    Floats by their ``repr`` in one ``map`` (missing: empty); object columns cell by
    cell; any other kind once per distinct value (as :func:`_json_cells`), taken by code.
    """
    if not as_date and pd.api.types.is_float_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        words = np.array(list(map(float.__repr__, numbers.tolist())), dtype=object)
        words[np.isnan(numbers)] = ""
        return pa.array(words, pa.large_string())

    def cell(value: object) -> str:
        return safe_csv_cell(_date_text(value) if as_date else value)

    if values.dtype == object or pd.api.types.is_float_dtype(values.dtype):
        return pa.array([cell(v) for v in values.tolist()], pa.large_string())
    codes, uniques = pd.factorize(values)
    words = pa.array([*(cell(v) for v in pd.Index(uniques)), ""], pa.large_string())
    return words.take(np.where(codes < 0, len(words) - 1, codes))  # code -1: missing


#: The columns of each ``stats`` table that the text writes as percentages.
_SHARE_COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "rates": ("rate", "ci_low", "ci_high"),
    "times": ("survival_7d", "survival_14d", "survival_30d"),
    "incidence": ("incidence_30d", "incidence_60d", "incidence_90d"),
    "funnel": ("share_of_previous",),
    "patience": ("rate", "ci_low", "ci_high"),
}


def _percent_words(data: Mapping[str, list[dict[str, Any]]]) -> dict[float, str]:
    """:func:`~followup_stats.percent.percent_text` of every share the text writes, by value.

    Worked out at once over the distinct values: ``--by candidate`` over a
    big cohort writes hundreds of thousands of them.
    """
    values = [
        float(row[column])
        for name, columns in _SHARE_COLUMNS.items()
        for row in data.get(name, ())
        for column in columns
        if not _is_missing(row[column])
    ]
    distinct = np.unique(np.array(values, dtype="float64"))
    return dict(zip(distinct.tolist(), percent_texts(pd.Series(distinct)).tolist(), strict=True))


def _share(value: object, words: Mapping[float, str]) -> str:
    """The share as a percentage (``words``: :func:`_percent_words`); ``""`` when missing."""
    if _is_missing(value):
        return ""
    return words[float(value)]  # type: ignore[arg-type]


def _interval(low: object, high: object, words: Mapping[float, str]) -> str:
    """``"51% to 76%"``, ``"-79% to 66%"``: never ``-79%-66%``, a range or a subtraction."""
    if _is_missing(low) or _is_missing(high):
        return ""
    return f"{_share(low, words)} to {_share(high, words)}"


def _p_value(value: object) -> str:
    return "" if _is_missing(value) else f"{float(value):.3g}"  # type: ignore[arg-type]


def stats_text(tables: Mapping[str, pd.DataFrame]) -> str:
    """``stats`` as text: one aligned table per section, numbers only from the tables.

    The medians read as in the HTML report
    (:func:`~followup_stats.stats.summary.median_days_text`: ``9 d (4 d or
    more)`` when the upper limit is not reached). The log-rank section is
    shown only when ``times_compared`` has rows (``--by`` with two or more
    groups). The cumulative incidence of each ending follows the waiting times.
    """
    from followup_stats.stats.summary import median_days_text

    # The text shows no curve: the curves table, the biggest, is not made into records.
    data = stats_records({name: table for name, table in tables.items() if name != "curves"})
    words = _percent_words(data)
    out: list[str] = []
    rates = [["group", "metric", "k/n", "rate", "95% CI", "pending"]]
    for r in data["rates"]:
        rates.append(
            [
                _printable(r["group"]),
                _printable(r["metric"]),
                f"{_printable(r['k'])}/{_printable(r['n'])}",
                _share(r["rate"], words),
                _interval(r["ci_low"], r["ci_high"], words),
                _printable(r["pending"]),
            ]
        )
    times = [["group", "measure", "n", "events", "median (95% CI)", "waiting 7/14/30 d"]]
    for r in data["times"]:
        median = median_days_text(
            r["median_days"], r["median_ci_low"], r["median_ci_high"], waits=r["n"]
        )
        waiting = "/".join(
            _share(r[k], words) or "-" for k in ("survival_7d", "survival_14d", "survival_30d")
        )
        times.append(
            [
                _printable(r["group"]),
                _printable(r["measure"]),
                _printable(r["n"]),
                _printable(r["events"]),
                median if r["n"] else "",
                waiting,
            ]
        )
    ended = [["group", "outcome", "n", "ended", "by 30/60/90 d"]]
    for r in data["incidence"]:
        ended.append(
            [
                _printable(r["group"]),
                _printable(r["outcome"]),
                _printable(r["n"]),
                _printable(r["events"]),
                "/".join(
                    _share(r[k], words) or "-"
                    for k in ("incidence_30d", "incidence_60d", "incidence_90d")
                ),
            ]
        )
    funnel = [["group", "step", "count", "of previous"]]
    for r in data["funnel"]:
        funnel.append(
            [
                _printable(r["group"]),
                _printable(r["step"]),
                _printable(r["count"]),
                _share(r["share_of_previous"], words),
            ]
        )
    patience = [["group", "comparison", "arm", "k/n", "rate or difference", "95% CI", "p", ""]]
    empty = 0
    for r in data["patience"]:
        known_n = not _is_missing(r["n"])
        if (known_n and not r["n"]) or (not known_n and _is_missing(r["rate"])):
            empty += 1  # an arm without rounds, or a difference with nothing to take
            continue
        note = str(r["note"])
        small = "too few" in note or "no rounds" in note or "no follow-ups" in note
        patience.append(
            [
                _printable(r["group"]),
                _printable(r["comparison"]),
                _printable(r["arm"]),
                f"{_printable(r['k'])}/{_printable(r['n'])}" if known_n else "",
                _share(r["rate"], words),
                _interval(r["ci_low"], r["ci_high"], words),
                _p_value(r["p_value"]),
                "small sample" if small else "",
            ]
        )
    compared = [["measure", "groups", "chi-square (df)", "p", ""]]
    for r in data["times_compared"]:
        tested = not _is_missing(r["statistic"])
        chi2 = f"{float(r['statistic']):.2f} ({_printable(r['df'])})" if tested else ""
        flag = "small sample" if "too few" in str(r["note"]) else ""
        compared.append(
            [
                _printable(r["measure"]),
                _compared_groups(r["groups"]),
                chi2,
                _p_value(r["p_value"]),
                flag if tested else "no test",
            ]
        )
    sections = [
        ("Outcome rates", rates),
        (
            "Waiting times (Kaplan-Meier, censored at the as-of date; --format json or csv has"
            " the whole curves)",
            times,
        ),
        (
            "Time to an offer, a rejection or a withdrawal (cumulative incidence; each ending is"
            " the others' competing risk)",
            ended,
        ),
        ("Funnel", funnel),
        (
            "Did patience pay off? *_by_behaviour and *_by_activity: interview rounds still"
            " unanswered on their first allowed follow-up day; *_by_thank_you: rounds still"
            " undecided when the thank-you was due; reply_by_*: follow-ups sent before the"
            " application ended. An association, not a cause (--format json has the notes"
            + (
                f" and the {counted(empty, 'empty row')} (no rounds or no follow-ups), left out"
                " here)"
                if empty
                else ")"
            ),
            patience,
        ),
    ]
    if len(compared) > 1:  # one group (no --by): nothing to compare, no section
        sections.append(
            (
                "Do waiting times differ between groups? Log-rank tests over the groups with"
                " waits; an association, not a cause (--format json has the notes)",
                compared,
            )
        )
    for title, rows in sections:
        if out:
            out.append("")
        out.append(title)
        out.extend(_table(rows) if len(rows) > 1 else ["  (nothing to show)"])
    return "\n".join(out) + "\n"


#: Groups the text names in a row of the log-rank section before "and N more".
COMPARED_GROUPS_SHOWN = 5


def _compared_groups(groups: list[str] | None) -> str:
    """The ``groups`` cell of a log-rank row, cut as the notes are (``Acme, Beta, Globex,
    Hooli, Initech and 25 more``): ``--by company`` compares dozens of groups.

    ``groups`` is the record's list of names (:func:`stats_records`), counted
    as it is: a name holding ``", "`` (``Acme, Inc.``) is one group.
    """
    from followup_stats.stats.times import some_of

    if groups is None:
        return ""
    return _printable(some_of(groups, COMPARED_GROUPS_SHOWN))


# -- rule list -------------------------------------------------------------------------------


def rules_text(catalogue: pd.DataFrame) -> str:
    """``rule --all``: one line per code with its severity and title."""
    rows = [["code", "severity", "title"]]
    rows += [
        [_printable(r["code"]), _printable(r["severity"]), _printable(r["title"])]
        for r in catalogue.to_dict("records")
    ]
    return "\n".join(_table(rows, indent="")) + "\n"


def rules_json(records: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> str:
    """``rule --format json``: one rule's object, or (``--all``) a list of them."""
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


# -- settings --------------------------------------------------------------------------------


def _setting_value(value: object, table: bool = False) -> str:
    """A setting's value as TOML writes it; ``not set`` for a setting not given.

    ``table``: the value is (key, value) pairs, written as an inline table
    (``per-file-ignores``).
    """
    if table and isinstance(value, tuple | list):
        inner = ", ".join(
            f"{json.dumps(k, ensure_ascii=False)} = {_setting_value(v)}" for k, v in value
        )
        return "{" + inner + "}"
    if value is None:
        return "not set"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _setting_source(source: Any, file_shown: str | None) -> str:
    """``default``, ``FILE:LINE`` or ``--config on the command line``."""
    if source.source == "file":
        return f"{file_shown}:{source.line}" if source.line else str(file_shown)
    if source.source == "command line":
        return "--config on the command line"
    return "default"


def _selection_layers(config: Any, file_shown: str | None) -> list[dict[str, Any]]:
    """The layers of rule selection, lowest first, each with its prefixes as written."""
    from followup_stats.config import DEFAULT_SELECT

    layers: list[dict[str, Any]] = [{"layer": "default", "select": list(DEFAULT_SELECT)}]
    own = {
        key.replace("_", "-"): None if value is None else list(value)
        for key in ("select", "ignore", "extend_select", "extend_ignore")
        for value in [getattr(config, key)]
    }
    layers.append({"layer": f"configuration ({file_shown or 'built-in defaults'})", **own})
    for layer in config.layers:
        layers.append(
            {
                "layer": "command line",
                "select": None if layer.select is None else list(layer.select),
                "ignore": list(layer.ignore),
                "extend-select": list(layer.extend_select),
            }
        )
    return layers


def _setting_json(name: str, value: object) -> Any:
    """A setting's value for JSON: a list for a tuple, an object for per-file or
    per-candidate pairs."""
    from followup_stats.config import TABLE_KEYS

    if name in TABLE_KEYS and isinstance(value, tuple):
        return {pattern: list(codes) for pattern, codes in value}
    return list(value) if isinstance(value, tuple) else value


def settings_record(
    config: Any,
    sources: Sequence[Any],
    file_shown: str | None,
    per_file: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """``check --show-settings --format json``: file, settings with sources, selection.

    ``per_file`` (log -> codes ``per-file-ignores`` drops there) adds the key
    ``per_file_ignored`` when given.
    """
    extra = (
        {} if per_file is None else {"per_file_ignored": {k: list(v) for k, v in per_file.items()}}
    )
    return {
        "config_file": file_shown,
        "settings": [
            {
                "name": s.name,
                "value": _setting_json(s.name, s.value),
                "source": _setting_source(s, file_shown),
                "line": s.line,
            }
            for s in sources
        ],
        "selection": _selection_layers(config, file_shown),
        "enabled": config.enabled_codes(),
        **extra,
    }


def settings_json(
    config: Any,
    sources: Sequence[Any],
    file_shown: str | None,
    per_file: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """:func:`settings_record` as JSON text."""
    return json.dumps(settings_record(config, sources, file_shown, per_file), indent=2) + "\n"


def settings_text(
    config: Any,
    sources: Sequence[Any],
    file_shown: str | None,
    per_file: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """``check --show-settings``: the file used, each setting and its source, the selection.

    ``per_file`` (log -> codes ``per-file-ignores`` drops there) adds a block
    naming the logs a pattern matches.
    """
    lines = [f"Configuration file: {file_shown or 'none: built-in defaults'}", "", "Settings"]
    from followup_stats.config import TABLE_KEYS

    shown = [(f"{s.name} = {_setting_value(s.value, s.name in TABLE_KEYS)}", s) for s in sources]
    width = max(len(text) for text, _ in shown)
    lines += [f"  {text:<{width}}  # {_setting_source(s, file_shown)}" for text, s in shown]
    lines += ["", "Rule selection, layer by layer (the later decides)"]
    for layer in _selection_layers(config, file_shown):
        given = [f"{k} = {_setting_value(v)}" for k, v in layer.items() if k != "layer"]
        lines.append(f"  {layer['layer']}: {', '.join(given)}")
    enabled = config.enabled_codes()
    lines += ["", f"Enabled codes ({len(enabled)}): {', '.join(enabled) or 'none'}"]
    if per_file is not None:
        lines += ["", "Per-file ignores, for the logs given"]
        lines += [f"  {log}: {', '.join(codes)}" for log, codes in per_file.items() if codes]
        if not any(per_file.values()):
            lines.append("  no pattern matches these logs")
    return "\n".join(_printable(line) for line in lines) + "\n"


# -- CSV -------------------------------------------------------------------------------------


def safe_csv_cell(value: object) -> str:
    """One CSV cell as text that a spreadsheet will not run as a formula.

    Missing values become ``""``, dates ``YYYY-MM-DD``; text starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (so ``=HYPERLINK("x")`` is written ``'=HYPERLINK("x")`` and the
    text ``-3`` is written ``'-3``). Numbers are written as they are: a
    number is never a formula, and ``-0.05`` stays a number for the sheet.
    """
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, int | float) and not isinstance(plain, bool):
        return str(plain)
    text = str(plain)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_safe_csv(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None
) -> str:
    """CSV text (header first, ``\\n`` line ends) with every cell through :func:`safe_csv_cell`.

    Parameters
    ----------
    rows
        A DataFrame, or records (dicts).
    columns
        Columns in order; default the DataFrame's columns or the first record's keys.
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    if columns is None:
        if isinstance(rows, pd.DataFrame):
            columns = [str(c) for c in rows.columns]
        else:
            columns = [str(k) for k in records[0]] if records else []
    buffer = io.StringIO()
    # Every cell quoted: the csv module leaves a bare carriage return unquoted
    # when the line end is "\n", and a spreadsheet would start a row there.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([safe_csv_cell(c) for c in columns])
    for record in records:
        writer.writerow([safe_csv_cell(record.get(c)) for c in columns])
    return buffer.getvalue()


def write_safe_csv(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]],
    path: str | os.PathLike[str],
    columns: Sequence[str] | None = None,
) -> None:
    """Write :func:`to_safe_csv` output to ``path`` atomically (UTF-8)."""
    atomic_write(path, to_safe_csv(rows, columns))


# -- files -----------------------------------------------------------------------------------


def _new_file_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a named pipe or a character device (``/dev/stdout``, ``/dev/null``).

    Such a target is written straight into: it cannot be replaced by a file
    (that would turn ``/dev/null`` into a file), and what reads it sees the
    data as it comes anyway.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str], mode: int | None = None) -> Iterator[Path]:
    """A temporary path next to ``path`` that replaces it when the block succeeds.

    For code that insists on writing a file itself (``write_ics``, a library
    that takes a path): write to the yielded path; on success it is moved over
    ``path`` with :func:`os.replace`, on error it is removed and ``path`` is
    left as it was. A named pipe or a character device (:func:`is_stream`)
    is yielded itself, to be written straight into.

    Raises
    ------
    OutputError
        When the folder does not exist or cannot be written to.
    """
    if os.fspath(path).endswith(("/", os.sep)):  # Path() would drop it, and write a file
        raise OutputError(path, "ends with a slash, so it names a folder: give a file name")
    target = Path(path)
    if is_stream(target):
        try:
            yield target
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"cannot write here: {exc.strerror or exc}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary  # made by mkstemp: readable by its owner only while it is written
        os.chmod(temporary, _new_file_mode(target) if mode is None else mode)
        os.replace(temporary, target)
    except OSError as exc:
        raise OutputError(path, f"cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def atomic_write(path: str | os.PathLike[str], data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` in full or not at all.

    The data goes to a temporary file in the same folder, is flushed to disk,
    then moved over ``path`` with :func:`os.replace`, so a reader never sees a
    half-written file and a failure leaves any old file intact. ``mode``: the
    file's permissions (default: those of the file replaced, or of a new file).

    Raises
    ------
    OutputError
        When the file cannot be written.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_target(path, mode) as temporary, open(temporary, "wb") as stream:
        stream.write(payload)
        stream.flush()
        if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # a pipe has nothing to sync
            os.fsync(stream.fileno())
