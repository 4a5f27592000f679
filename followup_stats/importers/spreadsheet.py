"""Read one sheet of an ``.xlsx`` or ``.ods`` workbook into a :class:`~.read.RawTable`.

The sheet becomes the same cells-as-strings table a CSV gives, indexed by
spreadsheet row number, so the loader's row accounting is unchanged: rejects
name ``log.xlsx[Sheet1]`` and the row a spreadsheet shows.

How a sheet is read:

- Real dates and times become ISO 8601 text (``2026-11-03``,
  ``2026-11-03T14:30``): a date-time keeps its time, midnight included
  (``2026-11-03T00:00``), unless its ``.xlsx`` cell is formatted as a date
  with no time shown; an ``.ods`` date cell has a time when its value has
  one (``office:date-value`` with a ``T`` part). Numbers in a date column (a header with "date" or
  "day" in it, or a column that holds real dates) are Excel serial day
  numbers and become ISO text too, when they fall in 1970-2100, so the loader
  never sees them as "ambiguous numeric dates".
- Title rows above the header are skipped: the header is the first of the
  top rows whose cells are all text and fill at least half as many columns
  as the widest row there (a row naming a known column such as ``company``
  or ``date`` is preferred).
- Merged cells: the top-left value fills the whole range. A header whose
  merged group cells sit over a row of sub-headers (``Follow up`` over ``1``
  and ``2``) is read as two header rows, names joined (``Follow up 1``).
- Blank rows are skipped, as in a CSV; formulas give the value last computed
  by the spreadsheet program. A formula with no saved value (a workbook
  written by a program that does not compute formulas) reads as blank and
  is reported on its row (a note in the table's ``repairs``), so its row is
  never passed over as blank.
- A workbook is read by its content: an Excel workbook named ``.ods`` is
  read as the Excel workbook it is.
- Numbers are written plainly (``10``, not ``10.0``); booleans as
  ``TRUE``/``FALSE``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from followup_stats.errors import SYMLINK_LOOP, LogFormatError, no_such_file
from followup_stats.read import SPREADSHEET_SUFFIXES, UNSAVED_FORMULA, RawTable
from followup_stats.read_fast import KNOWN_HEADER_WORDS
from followup_stats.suffixes import SPREADSHEET_ONE_OF

#: ``log.xlsx[Sheet 2]``: a sheet named after the file, as rejects name it.
_WITH_SHEET = re.compile(r"^(?P<path>.+\.(?:xlsx|xlsm|ods))\[(?P<sheet>[^\[\]]*)\]$", re.I)
#: Excel's day zero (serial 1 = 1900-01-01, counting its phantom 29 Feb 1900).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Serial day numbers read as dates: 1970-01-01 to 2100-12-31.
SERIAL_RANGE = (25569, 73415)
#: How many non-blank rows at the top are searched for the header.
HEADER_SEARCH_ROWS = 30
#: Header words that mark a row as the header when several rows qualify.
_DATE_WORDS = frozenset({"date", "day", "dated", "when"})


@dataclasses.dataclass(frozen=True, kw_only=True)
class SheetTable(RawTable):
    """A :class:`RawTable` read from a spreadsheet, with its file and sheet.

    Attributes
    ----------
    path
        The workbook as the user named it.
    sheet
        The sheet read.
    """

    path: str
    sheet: str

    @property
    def label(self) -> str:
        """How rejects name the source: ``log.xlsx[Sheet1]``."""
        return f"{self.path}[{self.sheet}]"


def spreadsheet_path(path: str | Path, sheet: str | None = None) -> tuple[Path, str | None] | None:
    """``(workbook, sheet)`` when ``path`` names a spreadsheet, else ``None``.

    ``log.xlsx[Sheet 2]`` names a sheet in the path itself (it wins over
    ``sheet``); a file that really has that name is taken as it is.
    """
    text = str(path)
    found = _WITH_SHEET.match(text)
    if found is not None and not Path(text).exists():
        return Path(found["path"]), found["sheet"]
    if text.lower().endswith(SPREADSHEET_SUFFIXES):
        return Path(text), sheet
    return None


def is_spreadsheet(path: str | Path) -> bool:
    """Whether ``path`` is read as a spreadsheet (by its name)."""
    return spreadsheet_path(path) is not None


def read_spreadsheet(path: str | Path, sheet: str | None = None) -> SheetTable:
    """Read a sheet (default: the first) of an ``.xlsx`` or ``.ods`` workbook.

    Parameters
    ----------
    path
        The workbook.
    sheet
        The sheet's name (case and surrounding spaces ignored when no sheet
        has exactly that name); ``None`` for the first sheet.

    Raises
    ------
    LogFormatError
        For a missing or unreadable workbook, an unknown sheet, or an empty one.
    """
    name = str(path)
    target = Path(path)
    try:
        target.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # what a CSV log in the same place is told
            raise LogFormatError(name, f"cannot read the file: {SYMLINK_LOOP}") from None
        raise LogFormatError(name, no_such_file(name)) from None
    if target.is_dir():
        raise LogFormatError(name, "this is a folder, not a log file")
    kind = _workbook_kind(target, name)
    grid, merges, chosen = (_ods_grid if kind == "ods" else _xlsx_grid)(target, name, sheet)
    label = f"{name}[{chosen}]"
    if not any(_filled(v) for row in grid for v in row):
        raise LogFormatError(label, "the sheet is empty")
    header_row = _find_header(grid)
    kinds = _fill_merges(grid, merges)
    names, first_data = _header_names(grid, kinds, merges, header_row)
    return _sheet_table(grid, names, header_row, first_data, name, chosen, kind)


# -- workbooks -> grids of Python values -------------------------------------------------------

Grid = list[list[object]]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


def _workbook_kind(path: Path, name: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            if "mimetype" in members:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype.endswith("opendocument.spreadsheet"):
                    return "ods"
            if "xl/workbook.xml" in members:
                return "xlsx"
    except zipfile.BadZipFile:
        pass
    except OSError as exc:
        raise LogFormatError(name, f"cannot read the file: {exc.strerror or exc}") from None
    raise LogFormatError(name, f"this is not {SPREADSHEET_ONE_OF} workbook (or it is damaged)")


def _choose_sheet(names: Sequence[str], wanted: str | None, path: str) -> int:
    if not names:
        raise LogFormatError(path, "the workbook has no sheets")
    if wanted is None:
        return 0
    if wanted in names:
        return list(names).index(wanted)
    folded = [n.strip().casefold() for n in names]
    if wanted.strip().casefold() in folded:
        return folded.index(wanted.strip().casefold())
    shown = ", ".join(repr(n) for n in names)
    raise LogFormatError(path, f"no sheet named {wanted!r} (sheets: {shown})")


#: What openpyxl warns, and writes ``#VALUE!`` instead, for a date cell it cannot convert.
_BAD_DATE_WARNING = re.compile(
    r"Cell (?P<cell>[A-Z]+[0-9]+) is marked as a date but the serial value (?P<value>\S+) "
    r"is outside the limits for dates"
)
#: The error value openpyxl puts in such a cell.
_OPENPYXL_BAD_DATE = "#VALUE!"


@contextlib.contextmanager
def _opened_workbook(path: Path, **options: bool) -> Iterator[Any]:
    """An openpyxl workbook read from an open file, closed on leaving.

    openpyxl refuses a path whose name does not end in ``.xlsx`` or ``.xlsm``;
    from a file it reads what the content is (an Excel workbook named
    ``.ods``, found so by :func:`_workbook_kind`).
    """
    import openpyxl

    with open(path, "rb") as handle, warnings.catch_warnings():
        # openpyxl warns on standard error about what it does not support (data
        # validation, styles) and about date cells out of its range; not our user's concern.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(handle, **options)
        try:
            yield workbook
        finally:
            workbook.close()


def _xlsx_grid(path: Path, name: str, sheet: str | None) -> tuple[Grid, list[Merge], str]:
    """The sheet's values; formulas' values as last saved (:func:`_formula_results`)."""
    formulas: dict[tuple[int, int], str] = {}  # (row, column), 0-based -> the number format
    try:
        with _opened_workbook(path) as workbook:
            index = _choose_sheet(workbook.sheetnames, sheet, name)
            worksheet = workbook.worksheets[index]
            grid: Grid = []
            for r, row in enumerate(worksheet.iter_rows()):
                values: list[object] = []
                for c, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f":  # the formula, not its value
                        formulas[(r, c)] = str(cell.number_format)
                        values.append(None)
                    else:
                        values.append(_xlsx_value(cell))
                grid.append(values)
            merges = [
                (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
                for r in worksheet.merged_cells.ranges
            ]
            title = worksheet.title
        if formulas:
            _formula_results(grid, formulas, path, title)
    except LogFormatError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LogFormatError(name, f"cannot read as an Excel workbook: {exc}") from None
    if any(value == _OPENPYXL_BAD_DATE for row in grid for value in row):
        _restore_bad_dates(grid, path, title)
    return grid, merges, title


class _UnsavedFormula:
    """A formula cell whose workbook holds no value for it (never computed by a spreadsheet)."""

    def __repr__(self) -> str:
        return "<formula with no saved value>"


#: What a formula cell without a saved value holds in a grid.
UNSAVED = _UnsavedFormula()
#: Cell types of a saved text result: its value may be empty (``<c t="str"><v></v>``), which
#: openpyxl reads as ``None``, as it reads a formula never computed (no type, no value).
_TEXT_TYPES = frozenset({"s", "str", "inlineStr"})


def _formula_results(
    grid: Grid, formulas: dict[tuple[int, int], str], path: Path, title: str
) -> None:
    """Put each formula's value as last saved in its cell, or :data:`UNSAVED` when it has none.

    A spreadsheet program stores each formula's value when it saves; a
    workbook written by a program that does not compute formulas (openpyxl,
    some exports) holds the formulas only. Such a cell is not blank: it is
    reported on its row (:func:`_sheet_table`), never passed over.
    """
    found: dict[tuple[int, int], object] = {}
    with _opened_workbook(path, read_only=True, data_only=True) as workbook:
        worksheet = workbook[title]
        worksheet.reset_dimensions()  # a wrong recorded size would cut rows off
        for row in worksheet.iter_rows():
            for cell in row:
                at = (getattr(cell, "row", 0) - 1, getattr(cell, "column", 0) - 1)
                if at in formulas:
                    value = cell.value
                    if value is None and getattr(cell, "data_type", "n") in _TEXT_TYPES:
                        value = ""  # a saved empty text (``IF(A3="","",...)``): blank, not unsaved
                    found[at] = value
    for (r, c), number_format in formulas.items():
        value = found.get((r, c))
        if value is None:
            grid[r][c] = UNSAVED
        elif isinstance(value, dt.datetime) and not _shows_time(number_format):
            grid[r][c] = value.date()
        else:
            grid[r][c] = value


#: Parts of a number format that are no codes: quoted text, escaped characters,
#: and brackets (``[Red]``, ``[$-409]``) but elapsed times (``[h]``, ``[mm]``, ``[ss]``).
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
#: Codes that show a time of day: hours, seconds, AM/PM (minutes go with one of them).
_TIME_CODES = re.compile(r"[hs]|am/pm|a/p", re.IGNORECASE)


def _shows_time(number_format: str) -> bool:
    """Whether a spreadsheet number format shows a time (``yyyy-mm-dd h:mm``), not a date only."""
    return bool(_TIME_CODES.search(_FORMAT_LITERALS.sub("", number_format)))


def _xlsx_value(cell: object) -> object:
    """A cell's value; a date-time in a cell formatted as a date (no time shown) is the date.

    openpyxl gives every date cell as a date-time; what the sheet shows, and
    what it writes to a CSV, is the date alone when the cell's number format
    has no time in it. A cell formatted with a time keeps it, midnight included.
    """
    value = getattr(cell, "value", None)
    if isinstance(value, dt.datetime) and not _shows_time(str(getattr(cell, "number_format", ""))):
        return value.date()
    return value


def _restore_bad_dates(grid: Grid, path: Path, title: str) -> None:
    """Put back the serial number of each date cell openpyxl turned into ``#VALUE!``.

    A cell formatted as a date whose number is past the last day a spreadsheet
    holds (9999-12-31) is read by openpyxl as the error ``#VALUE!``, a value
    not in the file; the sheet is read again, warnings kept, to learn the
    number, so the reject quotes what the cell holds. A real ``#VALUE!`` (a
    formula's error) is left as it is.
    """
    import openpyxl
    from openpyxl.utils.cell import coordinate_to_tuple

    found: dict[tuple[int, int], object] = {}
    try:
        with warnings.catch_warnings(record=True) as caught, open(path, "rb") as handle:
            warnings.simplefilter("always")
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                for _ in workbook[title].iter_rows(values_only=True):
                    pass
            finally:
                workbook.close()
    except Exception:  # read once already; at worst the cell stays #VALUE!
        return
    for warning in caught:
        match = _BAD_DATE_WARNING.search(str(warning.message))
        if match is None:
            continue
        try:
            row, column = coordinate_to_tuple(match["cell"])
            number = float(match["value"])
        except ValueError:
            continue
        found[(row - 1, column - 1)] = int(number) if number.is_integer() else number
    for (r, c), held in found.items():
        if r < len(grid) and c < len(grid[r]) and grid[r][c] == _OPENPYXL_BAD_DATE:
            grid[r][c] = held


def _ods_grid(path: Path, name: str, sheet: str | None) -> tuple[Grid, list[Merge], str]:
    from odf import teletype
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises many kinds for a damaged file
        raise LogFormatError(name, f"cannot read as an OpenDocument spreadsheet: {exc}") from None
    tables = document.spreadsheet.getElementsByType(Table)
    titles = [str(t.getAttribute("name") or "") for t in tables]
    index = _choose_sheet(titles, sheet, name)
    grid: Grid = []
    merges: list[Merge] = []
    pending_blank = 0
    for row in tables[index].getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        values: list[object] = []
        for cell in row.childNodes:
            if cell.qname[0] != TABLENS or cell.qname[1] not in (
                "table-cell",
                "covered-table-cell",
            ):
                continue
            columns = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            value = None if cell.qname[1] == "covered-table-cell" else _ods_value(cell, teletype)
            if value is None and columns > 1:
                values.extend([None] * min(columns, 1024))  # trailing blanks repeat to the edge
                continue
            spans = (
                int(cell.getAttribute("numberrowsspanned") or 1),
                int(cell.getAttribute("numbercolumnsspanned") or 1),
            )
            for _ in range(columns):
                if cell.qname[1] == "table-cell" and spans != (1, 1):
                    top, left = len(grid) + pending_blank, len(values)
                    merges.append((top, left, top + spans[0] - 1, left + spans[1] - 1))
                values.append(value)
        while values and values[-1] is None:
            values.pop()
        if not values:
            pending_blank += repeat  # blank rows (often repeated to the sheet's end)
            continue
        grid.extend([[] for _ in range(pending_blank)])
        pending_blank = 0
        grid.extend([list(values) for _ in range(min(repeat, 10_000))])
    return grid, merges, titles[index]


def _ods_value(cell: object, teletype: object) -> object:
    """The typed value of an ODS cell: float, bool, date, datetime, time, or text."""
    kind = cell.getAttribute("valuetype")  # type: ignore[attr-defined]
    # A value Python cannot hold (a date in year 10000 or before year 1, a number
    # that is no number) is kept as written, for the loader to reject and quote.
    if kind in ("float", "percentage", "currency"):
        written = str(cell.getAttribute("value"))  # type: ignore[attr-defined]
        try:
            number = float(written)
        except ValueError:
            return written
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return str(cell.getAttribute("booleanvalue")).lower() == "true"  # type: ignore[attr-defined]
    if kind == "date":
        text = str(cell.getAttribute("datevalue"))  # type: ignore[attr-defined]
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        return stamp.date() if "T" not in text else stamp
    if kind == "time":
        found = re.fullmatch(
            r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S",
            str(cell.getAttribute("timevalue")),  # type: ignore[attr-defined]
        )
        if found:
            hours, minutes, seconds = (int(g) for g in found.groups())
            return dt.time(hours % 24, minutes, seconds)
    paragraphs = [
        teletype.extractText(p)  # type: ignore[attr-defined]
        for p in cell.childNodes  # type: ignore[attr-defined]
        if p.qname[1] == "p"
    ]
    text = "\n".join(paragraphs)
    return text if text else None


# -- header --------------------------------------------------------------------------------------


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _key(value: object) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(value).lower()).strip("_")


def _find_header(grid: Grid) -> int:
    """The header row: the first all-text row at least half as wide as the widest top row."""
    top = [i for i, row in enumerate(grid) if any(_filled(v) for v in row)][:HEADER_SEARCH_ROWS]
    counts = {i: sum(_filled(v) for v in grid[i]) for i in top}
    widest = max(counts.values())
    candidates = [
        i
        for i in top
        if counts[i] >= max(2, math.ceil(widest / 2))
        and all(isinstance(v, str) for v in grid[i] if _filled(v))
    ]
    for i in candidates:
        words = {w for v in grid[i] if _filled(v) for w in _key(v).split("_")}
        if words & KNOWN_HEADER_WORDS:
            return i
    return candidates[0] if candidates else top[0]


def _fill_merges(grid: Grid, merges: list[Merge]) -> dict[tuple[int, int], str]:
    """Copy each merged range's top-left value over its blank cells; return what was copied how.

    Ranges are clipped to the sheet's widest row, and a cell with a value of
    its own is never overwritten (some writers get spans wrong).
    """
    kinds: dict[tuple[int, int], str] = {}
    width = max((len(row) for row in grid), default=0)
    for top, left, bottom, right in merges:
        if top >= len(grid) or left >= width:
            continue
        origin = grid[top][left] if left < len(grid[top]) else None
        right = min(right, width - 1)
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if (r, c) != (top, left) and not _filled(row[c]):
                    row[c] = origin
                    kinds[(r, c)] = "h" if r == top else "v"
    return kinds


def _all_labels(values: list[object]) -> bool:
    """Whether every value is text that is not a date: a row of sub-headers, not data."""
    if not all(isinstance(v, str) for v in values):
        return False
    from followup_stats.parse import parse_dates

    found = parse_dates(pd.Series([str(v) for v in values], dtype="string"))
    return bool((found["date"].isna() & found["code"].ne("DQ010").fillna(True)).all())


def _header_names(
    grid: Grid, kinds: dict[tuple[int, int], str], merges: list[Merge], header: int
) -> tuple[list[str], int]:
    """Column names and the first data row, joining a sub-header row under merged groups.

    The row under a header with merged group cells is a row of sub-headers when
    it has a label under a group and all its own cells are labels (text, not
    dates); each label is joined to the header above it.
    """
    row = grid[header]
    names = ["" if v is None else str(v).strip() for v in row]
    # Header cells merged downwards (a tall header) cover rows that are not data.
    after = 1 + max([bottom for top, _, bottom, _ in merges if top == header], default=header)
    groups = [(left, right) for top, left, bottom, right in merges if top == bottom == header]
    groups = [(left, right) for left, right in groups if right > left]
    below = list(grid[header + 1]) if header + 1 < len(grid) else []
    inside = {c for left, right in groups for c in range(left, right + 1)}
    own = {c: v for c, v in enumerate(below) if _filled(v) and kinds.get((header + 1, c)) != "v"}
    if groups and any(c in inside for c in own) and _all_labels(list(own.values())):
        for c, child in own.items():
            parent = names[c] if c < len(names) else ""
            if c >= len(names):
                names.extend([""] * (c + 1 - len(names)))
            names[c] = f"{parent} {str(child).strip()}".strip()
        return names, max(header + 2, after)
    seen: dict[str, int] = {}
    for c, name in enumerate(names):
        if kinds.get((header, c)) == "h" and name:
            seen[name] = seen.get(name, 1) + 1
            names[c] = f"{name} {seen[name]}"
    return names, after


# -- cells as text -------------------------------------------------------------------------------


def _date_time_text(value: dt.datetime | pd.Timestamp) -> str:
    """A date-time as ISO text with its time, midnight included (``2026-11-03T00:00``)."""
    return value.strftime("%Y-%m-%dT%H:%M" + (":%S" if value.second else ""))


def _iso(value: dt.datetime | pd.Timestamp) -> str:
    """A serial day number's date: the date alone at midnight (a whole number is a day)."""
    if value.hour == value.minute == value.second == 0:
        return value.strftime("%Y-%m-%d")
    return _date_time_text(value)


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def serial_to_iso(value: float) -> str | None:
    """An Excel serial day number (1970-2100) as ISO text, else ``None``."""
    if not SERIAL_RANGE[0] <= value < SERIAL_RANGE[1] + 1:
        return None
    stamp = EXCEL_EPOCH + pd.Timedelta(days=float(value))
    return _iso(stamp.round("s"))


def _text(value: object, date_column: bool) -> str:
    if value is None or value is UNSAVED:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return _date_time_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" + (":%S" if value.second else ""))
    if isinstance(value, int | float):
        if date_column and math.isfinite(value):
            iso = serial_to_iso(value)
            if iso is not None:
                return iso
        return _number_text(value)
    return str(value)


def _is_date_column(name: str, values: list[object]) -> bool:
    if set(_key(name).split("_")) & _DATE_WORDS:
        return True
    return any(isinstance(v, dt.date | dt.datetime) for v in values)


def _sheet_table(
    grid: Grid, names: list[str], header: int, first_data: int, path: str, sheet: str, kind: str
) -> SheetTable:
    while names and not names[-1]:
        names.pop()
    width = len(names)
    lines: list[int] = []
    rows: list[list[object]] = []
    extra: dict[int, list[str]] = {}
    repairs: list[tuple[int, str]] = []
    for r in range(first_data, len(grid)):
        row = grid[r]
        surplus = [_text(v, False).strip() for v in row[width:] if _filled(v) and v is not UNSAVED]
        if not (surplus or any(_filled(v) for v in row[:width])):
            continue
        lines.append(r + 1)
        rows.append(list(row[:width]) + [None] * (width - len(row)))
        if surplus:
            extra[r + 1] = surplus
        unsaved = [names[c] or f"column_{c + 1}" for c, v in enumerate(row[:width]) if v is UNSAVED]
        if unsaved:
            repairs.append((r + 1, _unsaved_note(unsaved)))
    columns = [[row[c] for row in rows] for c in range(width)]
    texts: dict[str, list[str]] = {}
    for c in range(width):
        dated = _is_date_column(names[c], columns[c])
        texts[f"\x00{c}"] = [_text(v, dated) for v in columns[c]]
    cells = pd.DataFrame(texts, index=pd.Index(lines, name="line", dtype="int64"), dtype="string")
    cells.columns = pd.Index(names)
    return SheetTable(
        cells, names, header + 1, extra, kind, "", path=path, sheet=sheet, repairs=tuple(repairs)
    )


def _unsaved_note(columns: list[str]) -> str:
    """The reader's note on a row whose cells in ``columns`` are formulas with no saved value."""
    what = "a formula" if len(columns) == 1 else "formulas"
    return (
        f"{', '.join(columns)}: {what} {UNSAVED_FORMULA}, read as blank (the workbook was saved "
        "by a program that does not compute formulas); open it in a spreadsheet program and "
        "save it there to store the values"
    )
