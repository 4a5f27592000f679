"""The fast path of :func:`followup_stats.read.read_text_table`: pyarrow's CSV reader.

Python's csv module builds a list per row and is the slow part of loading a
big log; :mod:`pyarrow.csv` parses straight into Arrow string columns, on
every core. The two agree on well-formed CSV, so this path is taken only when
the text is *provably* well formed, and :func:`read_fast` returns ``None``
otherwise, for the caller to use the csv module:

* Every quote opens a field (it follows a delimiter, a line end or the start
  of the text), closes one (it is followed by a delimiter, a line end or the
  end of the text), or is half of a doubled quote inside a quoted field, and
  their number is even. Then a position is inside quotes exactly when an odd
  number of quotes precede it, and the csv module never meets a quote in the
  middle of an unquoted field (where ``strict=False`` makes it literal). Line
  ends outside quotes are the record boundaries; all line ends (``\\n``,
  ``\\r\\n``, a lone ``\\r``, as :class:`io.StringIO` splits them) number the
  lines. Both are found with numpy over the UTF-8 bytes.
* The header record is read with the csv module; pyarrow reads the records
  after it, every column as a string. Records with another number of cells
  than the header (ragged rows, lines of white space) are skipped by
  pyarrow's ``invalid_row_handler``, found again by counting delimiters
  outside quotes, and read one by one with the csv module. Rows whose cells
  hold no printable ASCII character are checked one by one with
  :meth:`str.strip`, as the csv path does, and dropped when blank.
* pyarrow reads in blocks that must hold the longest record: the block size
  grows with it (a record of 2 MiB or more broke the default of 1 MiB).
* Any count that does not add up, and any parse error pyarrow raises, sends
  the whole text to the csv module.

``tests/test_read_fastpath.py`` checks on generated files (quoted newlines,
blank lines, ragged rows, stray quotes) that both paths give the same table.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

QUOTE, LF, CR = ord('"'), ord("\n"), ord("\r")
#: Bytes scanned at a time, so temporaries stay small on big files (and in the cache).
CHUNK_BYTES = 1 << 20
#: Records looked at for the header before giving up on the fast path.
MAX_LEADING_BLANK = 1000
#: Non-blank records at the top among which a header under a title row is looked for.
HEADER_SEARCH_RECORDS = 30
#: Share of ragged or blank-looking rows above which the csv module reads the file.
MAX_SLOW_SHARE = 0.05

#: pyarrow's default block size; a block must hold the longest record whole.
BLOCK_BYTES = 1 << 20
#: pyarrow takes the block size as a 32-bit integer: longer records go to the csv module.
MAX_BLOCK_BYTES = 1 << 30

#: Records read with the csv module here (the header, ragged rows) may be as long as any.
csv.field_size_limit(2**31 - 1)

_STRING = pd.StringDtype("pyarrow")
#: What pandas keeps its pyarrow strings as (no cast when converting).
_ARROW_STRING = pa.large_string()
_EMPTY = np.array([], dtype=np.int64)


@dataclasses.dataclass(frozen=True)
class FastTable:
    """What :func:`read_fast` found: as the fields of :class:`followup_stats.read.RawTable`."""

    cells: pd.DataFrame
    header: list[str]
    header_line: int
    extra: dict[int, list[str]]


def _chunks(buf: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    for offset in range(0, len(buf), CHUNK_BYTES):
        yield offset, buf[offset : offset + CHUNK_BYTES]


def _find(buf: np.ndarray, byte: int) -> np.ndarray:
    """Positions of ``byte`` in ``buf`` (int64, ascending)."""
    parts = []
    for offset, chunk in _chunks(buf):
        found = np.flatnonzero(chunk == byte).astype(np.int64, copy=False)
        found += offset  # in place: no second array per chunk
        parts.append(found)
    return np.concatenate(parts) if parts else _EMPTY


def _well_quoted(buf: np.ndarray, quotes: np.ndarray, delimiter: int) -> bool:
    """Whether every quote opens, closes or doubles (module docstring)."""
    if len(quotes) % 2:
        return False
    if not len(quotes):
        return True
    size = len(buf)
    allowed = np.array([delimiter, LF, CR, QUOTE], dtype=np.uint8)
    opening, closing = quotes[0::2], quotes[1::2]
    before = buf[np.maximum(opening - 1, 0)]
    after = buf[np.minimum(closing + 1, size - 1)]
    opens = (opening == 0) | np.isin(before, allowed)
    closes = (closing == size - 1) | np.isin(after, allowed)
    return bool(opens.all() and closes.all())


def _inside(quotes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Whether each position lies inside quotes (an odd number of quotes before it)."""
    if not len(quotes):
        return np.zeros(len(positions), dtype=bool)
    return (np.searchsorted(quotes, positions) % 2).astype(bool)


def _line_ends(buf: np.ndarray, has_cr: bool) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of every line end: ``\\n``, ``\\r\\n`` or a lone ``\\r``."""
    lf = _find(buf, LF)
    if not has_cr:
        return lf, lf + 1
    lf_start = lf.copy()
    crlf = lf[lf > 0][buf[lf[lf > 0] - 1] == CR]
    lf_start[np.searchsorted(lf, crlf)] = crlf - 1
    cr = _find(buf, CR)
    following = np.minimum(cr + 1, len(buf) - 1)
    lone = cr[(cr + 1 == len(buf)) | (buf[following] != LF)]
    starts = np.concatenate([lf_start, lone])
    ends = np.concatenate([lf + 1, lone + 1])
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order]


def _cells_per_record(
    buf: np.ndarray, quotes: np.ndarray, starts: np.ndarray, delimiter: int
) -> np.ndarray:
    """Cells of each record: one plus its delimiters outside quotes.

    Counted as how many such delimiters come before each record's start
    (and the end of the text), chunk by chunk: a search per record, not
    per delimiter, of which a big log has tens of millions.
    """
    edges = np.append(starts, len(buf))
    before = np.zeros(len(edges), dtype=np.int64)  # delimiters before each edge
    counted = 0
    for offset, chunk in _chunks(buf):
        found = np.flatnonzero(chunk == delimiter) + offset
        if len(quotes):
            found = found[~_inside(quotes, found)]
        first, last = np.searchsorted(edges, [offset, offset + len(chunk)])
        before[first:last] = counted + np.searchsorted(found, edges[first:last])
        counted += len(found)
    before[-1] = counted
    return 1 + np.diff(before)


def _read_record(text: str, delimiter: str) -> list[str]:
    """One record's cells, read by the csv module exactly as the slow path does."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return next(reader, [])


def _blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


#: A first record filling fewer cells than this, above one filling more, is a title.
TITLE_FILLS_BELOW = 2
#: Words that name a log's or a tracker's column (``Date Applied``, ``Company``).
#: Spreadsheets choose their header row by the same words
#: (:func:`followup_stats.importers.spreadsheet._find_header`).
KNOWN_HEADER_WORDS = frozenset(
    {"date", "company", "event", "role", "status", "position", "title", "applied", "employer"}
)


def header_words(record: Sequence[str]) -> int:
    """How many cells of ``record`` are made of :data:`KNOWN_HEADER_WORDS` alone.

    ``Date Applied`` is; ``Applied Materials`` (a company) and ``Job search
    status`` (a title) are not, so a data row names one column at most (its
    event, ``applied``).
    """
    words = (set(re.findall("[0-9a-z]+", cell.lower())) for cell in record)
    return sum(1 for named in words if named and named <= KNOWN_HEADER_WORDS)


def header_position(records: Sequence[Sequence[str]]) -> int:
    """Which of a CSV's first non-blank ``records`` is its header.

    The first, unless it is a title, as a spreadsheet's title rows are
    skipped (:func:`followup_stats.importers.spreadsheet._find_header`). Both
    paths of :func:`followup_stats.read.read_text_table` choose it so. A
    title is either

    - a record that fills fewer than two cells (``My job search 2026,,,``)
      with one below that fills two or more: that one is the header; or
    - a wider record that names at most one column (``My job search,Nov
      2026``) above one without a digit that names two or more, and more
      than it does (``date,company,event``, by :data:`KNOWN_HEADER_WORDS`):
      the first such record is the header.
    """
    # Only by a cell too few: a data row split by unquoted commas in a note is wider than
    # the header and must not make the header a title (it is DQ004, cells beyond it).
    filled = [sum(1 for cell in record if cell.strip()) for record in records]
    if not filled:
        return 0
    if filled[0] < TITLE_FILLS_BELOW:
        return next((i for i, count in enumerate(filled) if count >= TITLE_FILLS_BELOW), 0)
    # A wider title, by what it names: a header in a language without these words names
    # none, and its data rows one at most (the event ``applied``), so it stays.
    first = header_words(records[0])
    if first >= TITLE_FILLS_BELOW:
        return 0
    # A row with a digit is data (its date), whatever it names: a header in another
    # language stays the header above a row at the company "Status" (said at line 1).
    named = (
        -1
        if any(character.isdigit() for cell in record for character in cell)
        else header_words(record)
        for record in records[1:]
    )
    return next((i for i, count in enumerate(named, 1) if count >= max(2, first + 1)), 0)


def cell_edges(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The first and last byte of each cell of an Arrow string chunk, read in place.

    Returns the first bytes, the last bytes and whether each cell has any
    (the bytes of an empty cell are 0); ``None`` for a chunk with missing
    values or of another type.
    """
    if chunk.null_count or chunk.type not in (pa.string(), pa.large_string()):
        return None
    _, offset_buffer, data_buffer = chunk.buffers()
    size = len(chunk)
    data = np.zeros(0, dtype=np.uint8)
    if data_buffer is not None and offset_buffer is not None:
        data = np.frombuffer(data_buffer, dtype=np.uint8)
    if not len(data):  # every cell empty
        nothing = np.zeros(size, dtype=np.uint8)
        return nothing, nothing, np.zeros(size, dtype=bool)
    width = np.int64 if chunk.type == pa.large_string() else np.int32
    every = np.frombuffer(offset_buffer, dtype=width)
    offsets = every[chunk.offset : chunk.offset + size + 1].astype(np.int64)
    starts, stops = offsets[:-1], offsets[1:]
    filled = stops > starts
    first = np.where(filled, data[np.minimum(starts, len(data) - 1)], 0).astype(np.uint8)
    last = np.where(filled, data[np.maximum(stops - 1, 0)], 0).astype(np.uint8)
    return first, last, filled


def edge_bytes(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The first bytes and the last bytes of the cells of an Arrow string chunk, in place.

    Which bytes, not whose: an empty cell gives the first byte of the next
    cell with any and the last byte of the previous one, bytes that are
    there anyway, so no cell is sorted out (cheaper than :func:`cell_edges`
    when only the set of bytes matters). ``None`` as :func:`cell_edges`.
    """
    if chunk.null_count or chunk.type not in (pa.string(), pa.large_string()):
        return None
    _, offset_buffer, data_buffer = chunk.buffers()
    if data_buffer is None or offset_buffer is None:
        return _EMPTY_BYTES, _EMPTY_BYTES
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    width = np.int64 if chunk.type == pa.large_string() else np.int32
    every = np.frombuffer(offset_buffer, dtype=width)
    offsets = every[chunk.offset : chunk.offset + len(chunk) + 1]
    begin, end = offsets[0], offsets[-1]
    starts = offsets[: int(np.searchsorted(offsets[:-1], end))]  # each below end: a byte here
    stops = offsets[1 + int(np.searchsorted(offsets[1:], begin, side="right")) :]  # above begin
    return data[starts], data[stops - 1]


_EMPTY_BYTES = np.zeros(0, dtype=np.uint8)

#: Printable ASCII bytes (``!`` to ``~``): a cell starting with one is not blank.
_PRINTABLE = np.zeros(256, dtype=bool)
_PRINTABLE[ord("!") : ord("~") + 1] = True


def _solid_start(column: pa.ChunkedArray) -> np.ndarray:
    """Cells that start with printable ASCII (so are not blank); others are unknown."""
    parts = []
    for chunk in column.chunks:
        edges = cell_edges(chunk)
        parts.append(np.zeros(len(chunk), dtype=bool) if edges is None else _PRINTABLE[edges[0]])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _maybe_blank(table: pa.Table) -> np.ndarray:
    """Rows with no printable ASCII character in any cell (the only ones that may be blank)."""
    unknown = np.arange(table.num_rows, dtype=np.int64)
    for column in table.columns:
        if not len(unknown):
            break
        if len(unknown) == table.num_rows:  # first read each cell's first byte, in place
            unknown = unknown[~_solid_start(column)]
            if not len(unknown):
                break
        solid = pc.match_substring_regex(column.take(unknown), "[!-~]")
        unknown = unknown[~solid.to_numpy(zero_copy_only=False)]
    return unknown


def _read_csv(
    body: pa.Buffer,
    names: list[str],
    delimiter: str,
    quoted: bool,
    block_size: int,
    skip: Callable[[pa_csv.InvalidRow], str],
) -> pa.Table:
    """The records in ``body`` as string columns ``names``; ragged ones go to ``skip``.

    ``body`` is valid UTF-8 (:func:`read_fast` encodes text or is given checked
    bytes), and cells cut from it at ASCII delimiters, quotes and line ends are
    too, so pyarrow is spared checking every cell again (a tenth of its time).
    """
    return pa_csv.read_csv(
        pa.BufferReader(body),
        read_options=pa_csv.ReadOptions(column_names=names, block_size=block_size),
        parse_options=pa_csv.ParseOptions(
            delimiter=delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=quoted,
            ignore_empty_lines=True,
            invalid_row_handler=skip,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, _ARROW_STRING),
            strings_can_be_null=False,
            check_utf8=False,
        ),
    )


def _to_frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper={_ARROW_STRING: _STRING}.get, self_destruct=True)


def read_fast(text: str | None, delimiter: str, utf8: bytes | None = None) -> FastTable | None:
    """Read CSV ``text`` with pyarrow, or ``None`` when the csv module must do it.

    Parameters
    ----------
    text
        The decoded log (NUL characters already removed); ``None`` when
        ``utf8`` is given.
    delimiter
        The delimiter found by :func:`followup_stats.read.sniff_delimiter`.
    utf8
        The log as valid UTF-8 bytes instead of ``text`` (a file's own bytes,
        less a byte order mark).

    Returns
    -------
    FastTable or None
        The same cells, header, header line and surplus cells as the csv
        module path of :func:`followup_stats.read.read_text_table`; ``None``
        when that cannot be guaranteed (module docstring) or no header row
        was found.
    """
    if len(delimiter) != 1 or delimiter in '"\r\n' or not delimiter.isascii():
        return None
    if utf8 is not None:
        data = utf8
    else:
        try:
            data = (text or "").encode("utf-8")
        except UnicodeEncodeError:
            return None
    buf = np.frombuffer(data, dtype=np.uint8)
    size = len(buf)
    quotes = _find(buf, QUOTE) if b'"' in data else _EMPTY
    if not size or not _well_quoted(buf, quotes, ord(delimiter)):
        return None

    # Records run between line ends outside quotes; lines count every line end. The
    # record after the i-th line end (from 0) starts on line i + 2.
    end_start, end_stop = _line_ends(buf, b"\r" in data)
    if len(quotes):  # a line end inside quotes ends no record
        boundaries = np.flatnonzero(~_inside(quotes, end_start))
        end_start, end_stop = end_start[boundaries], end_stop[boundaries]
        lines = np.concatenate([[1], boundaries + 2])
    else:  # every line end ends a record: no lookups, no copies
        lines = np.arange(1, len(end_start) + 2, dtype=np.int64)
    starts = np.concatenate([[0], end_stop])
    stops = np.concatenate([end_start, [size]])
    filled = stops > starts
    if not filled.all():  # blank lines
        starts, stops, lines = starts[filled], stops[filled], lines[filled]

    # The first non-blank records, for the header (under any title rows: header_position).
    top: list[tuple[int, list[str]]] = []
    for at in range(min(len(starts), MAX_LEADING_BLANK)):
        record = _read_record(data[starts[at] : stops[at]].decode("utf-8"), delimiter)
        if not _blank(record):
            top.append((at, record))
            if len(top) == HEADER_SEARCH_RECORDS:
                break
    if not top:
        return None
    first, header = top[header_position([record for _, record in top])]
    width = len(header)
    header_line = int(lines[first])
    starts, stops, lines = starts[first + 1 :], stops[first + 1 :], lines[first + 1 :]
    names = [f"c{i}" for i in range(width)]
    if not len(starts):
        empty = pd.DataFrame({name: pd.Series([], dtype=_STRING) for name in names})
        empty.index = pd.Index([], name="line")  # as the csv module path builds it
        return FastTable(empty, header, header_line, {})
    body = pa.py_buffer(data).slice(int(starts[0]))
    if data.startswith(b"\xef\xbb\xbf", int(starts[0])):
        return None  # pyarrow would drop a byte order mark that the csv module keeps

    skipped: list[str] = []

    def skip(row: pa_csv.InvalidRow) -> str:
        skipped.append(row.text)
        return "skip"

    # A block must hold the longest record (with its line end) whole.
    longest = int((stops - starts).max()) + 2
    if longest > MAX_BLOCK_BYTES:
        return None
    block = BLOCK_BYTES if longest <= BLOCK_BYTES else 1 << (longest - 1).bit_length()
    try:
        table = _read_csv(body, names, delimiter, bool(len(quotes)), block, skip)
    except pa.ArrowInvalid:
        return None  # what pyarrow cannot parse, the csv module reads or reports
    if table.num_rows + len(skipped) != len(starts):
        return None
    ragged = np.zeros(len(starts), dtype=bool)
    if skipped:
        ragged = _cells_per_record(buf, quotes, starts, ord(delimiter)) != width
        if int(ragged.sum()) != len(skipped):
            return None
    maybe_blank = _maybe_blank(table)
    if len(skipped) + len(maybe_blank) > MAX_SLOW_SHARE * len(starts) + MAX_LEADING_BLANK:
        return None  # mostly irregular: the csv module is as quick

    # Rows that might be blank and ragged records go through the csv module's logic.
    keep = np.ones(table.num_rows, dtype=bool)
    if len(maybe_blank):
        doubtful = table.take(pa.array(maybe_blank)).to_pylist()
        keep[maybe_blank] = [not _blank(list(row.values())) for row in doubtful]
    rows: list[list[str]] = []
    row_lines: list[int] = []
    extra: dict[int, list[str]] = {}
    for index in np.flatnonzero(ragged):
        record = _read_record(data[starts[index] : stops[index]].decode("utf-8"), delimiter)
        if _blank(record):
            continue
        line = int(lines[index])
        if len(record) > width:
            surplus = [cell for cell in record[width:] if cell.strip()]
            if surplus:
                extra[line] = surplus
            record = record[:width]
        rows.append(record + [""] * (width - len(record)))
        row_lines.append(line)

    regular_lines = lines[~ragged] if skipped else lines
    if not keep.all():
        table = table.filter(pa.array(keep))
        regular_lines = regular_lines[keep]
    cells = _to_frame(table)
    cells.index = pd.Index(regular_lines.astype(np.int64, copy=False), name="line")
    if rows:
        irregular = pd.DataFrame(
            rows,
            columns=names,
            index=pd.Index(np.array(row_lines, dtype=np.int64), name="line"),
            dtype=_STRING,
        )
        cells = pd.concat([cells, irregular]).sort_index(kind="stable")
    if not len(cells):
        cells.index = pd.Index([], name="line")  # as the csv module path builds it
    return FastTable(cells, header, header_line, extra)
