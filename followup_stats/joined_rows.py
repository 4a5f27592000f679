"""Rows that a stray pair of quotes joined into one cell of a text log.

A quote typed at the start of a cell (``"Acme``) opens a quoted cell that a
CSV reader runs on, over line ends, to the next quote that ends a cell,
perhaps lines later (``Analyst"``). The file is well-formed CSV, so the
reader cannot object, yet the lines between are no longer rows: they are
text inside one cell. :func:`joined_rows` finds such cells after reading:
a cell that spans lines, and holds a line with the delimiters of a row's
required cells that reads as a row of the file's format, is reported with
the lines it holds, so no row disappears without a word. A note that merely
runs over several lines is left alone. What reads as a row is the format's
to say: for a canonical log (DQ004), a known event where the event column
falls (:func:`event_at`); the importers say it for a tracker's rows.

Everything is done on whole columns with Arrow and numpy: first the
records that may span more than one line (the reader knows them from their
line numbers), then their cells that hold a line end and the delimiters of a
row, then those cells' lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from followup_stats.read import LINE_END_PATTERN
from followup_stats.vocab import squash, without_remark

#: The column of :func:`joined_rows` saying how many lines of a cell read as rows: rows
#: of the file that were not loaded (or imported) as rows of their own.
ROWS_INSIDE = "rows_inside"
#: Lines named in one message, at most (the count is always given).
SHOWN_LINES = 10


#: Whether each line, split at the delimiter (a list of its fields), reads as a row.
RowTest = Callable[[pa.ListArray], np.ndarray]


def field(fields: pa.ListArray, position: int) -> pd.Series:
    """The field at ``position`` of each split line, quotes and spaces around it dropped.

    ``""`` for a line with fewer fields.
    """
    one = pc.binary_join(
        pc.list_slice(fields, position, position + 1), pa.scalar("", fields.type.value_type)
    )
    text = pd.Series(one.to_pandas(), dtype="string").fillna("")
    return text.str.strip().str.strip('"').str.strip()


def event_at(event_column: int, event_words: Mapping[str, str]) -> RowTest:
    """A canonical log's row test: a known event label where the event column falls."""

    def reads_as_row(fields: pa.ListArray) -> np.ndarray:
        text = field(fields, event_column)
        codes, distinct = pd.factorize(text)
        labels = pd.Series(distinct, dtype="string")
        known = labels.map(squash).isin(list(event_words))
        # "Interview (onsite)" as the loader reads it: without its remark.
        bare = without_remark(labels, lambda bare: event_of(bare, event_words))
        bare = bare.map(squash, na_action="ignore").astype("string")
        known |= bare.isin(list(event_words)).fillna(False).astype(bool)
        return np.append(known.to_numpy(dtype=bool), False)[codes]

    return reads_as_row


def event_of(labels: pd.Series, event_words: Mapping[str, str]) -> pd.Series:
    """The event each label names by ``event_words`` (squashed label -> event; NA if none)."""
    return labels.map(squash, na_action="ignore").map(event_words).astype("string")


def joined_rows(
    cells: pd.DataFrame,
    lines: np.ndarray,
    spanning: np.ndarray,
    delimiter: str,
    least_delimiters: int,
    names: Sequence[str],
    reads_as_row: RowTest,
    *,
    lost: str = "loaded",
) -> pd.DataFrame:
    """Cells that hold lines which read as rows of the file, one finding per cell.

    Parameters
    ----------
    cells
        The file's cells as text, one column per header column, in file order
        (``RawTable.cells``).
    lines
        The line each record starts on (ascending, as read).
    spanning
        Positions of the records that may run over several lines
        (:func:`followup_stats.read.records_spanning_lines`); only their
        cells are looked at.
    delimiter
        The file's delimiter.
    least_delimiters
        Delimiters a line needs to be looked at: enough to hold the cells a
        row cannot do without (a row may leave off its trailing optional
        cells). ``reads_as_row`` may look further; a field past a short
        line's end reads as blank (:func:`field`).
    names
        The name of each column, as messages give it.
    reads_as_row
        Whether each candidate line, split at the delimiter, reads as a row
        of the format (:func:`event_at` for a canonical log); called once per
        column with whole arrays.
    lost
        What became of the joined rows, for messages: ``loaded``, ``imported``.

    Returns
    -------
    DataFrame
        ``row`` (position in ``cells``), ``column`` (name), ``value`` (the
        cell's first line), ``message`` and ``rows_inside`` (how many lines of
        the cell read as rows); no rows when nothing looks joined.
    """
    found = pd.DataFrame({"row": [], "column": [], "value": [], "message": [], ROWS_INSIDE: []})
    spans = np.asarray(spanning, dtype=np.intp)
    if not len(spans) or not delimiter:
        return found.astype({"row": "int64", ROWS_INSIDE: "int64"})
    least = max(least_delimiters, 1)
    texts = [_arrow_text(cells.iloc[:, position], spans) for position in range(len(names))]
    breaks = [_line_ends(text) for text in texts]
    findings = []
    for position, text in enumerate(texts):
        # Only a cell with a line end and the delimiters of a row can hold one.
        held = np.flatnonzero(breaks[position] > 0)
        if not len(held):
            continue
        broken = text.take(pa.array(held)).combine_chunks()
        enough = pc.count_substring(broken, delimiter).to_numpy(zero_copy_only=False) >= least
        held, broken = held[enough], broken.filter(pa.array(enough))
        if not len(held):
            continue
        split = _split_lines(broken)
        parts = pc.list_flatten(split)
        owner = pc.list_parent_indices(split).to_numpy()
        index_in_cell = np.arange(len(parts)) - split.offsets.to_numpy()[owner]
        row_like = (index_in_cell > 0) & (
            pc.count_substring(parts, delimiter).to_numpy(zero_copy_only=False) >= least
        )
        candidates = np.flatnonzero(row_like)
        if not len(candidates):
            continue
        fields = pc.split_pattern(parts.take(pa.array(candidates)), delimiter)
        known = np.asarray(reads_as_row(fields), dtype=bool)
        if not known.any():
            continue
        joined = candidates[known]
        # The line each cell starts on: its record's first line plus the line ends before it.
        first_line = lines[spans[held]] + sum(b[held] for b in breaks[:position])
        cell = owner[joined]
        findings.append(
            _messages(
                spans[held],
                names[position],
                split,
                cell,
                first_line[cell] + index_in_cell[joined],
                first_line,
                breaks[position][held],
                lost,
            )
        )
    if not findings:
        return found.astype({"row": "int64", ROWS_INSIDE: "int64"})
    return pd.concat(findings, ignore_index=True).astype({"row": "int64", ROWS_INSIDE: "int64"})


def _line_ends(text: pa.ChunkedArray) -> np.ndarray:
    """How many line ends each cell holds (``\\r\\n`` counts once), chunk by chunk."""
    counts = [_chunk_line_ends(chunk) for chunk in text.chunks]
    return np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)


def _chunk_line_ends(text: pa.Array) -> np.ndarray:
    """:func:`_line_ends` of one Arrow string array, read from its bytes with numpy.

    One pass over the data for both characters, where Arrow's substring
    counts would take three.
    """
    wide = pa.types.is_large_string(text.type) or pa.types.is_large_binary(text.type)
    _, offset_buffer, data_buffer = text.buffers()
    if data_buffer is None or not len(text):
        return np.zeros(len(text), dtype=np.int64)
    offsets = np.frombuffer(offset_buffer, dtype=np.int64 if wide else np.int32)
    offsets = offsets[text.offset : text.offset + len(text) + 1].astype(np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    bounds = offsets - offsets[0]  # where each cell starts and ends in ``data``
    ends = np.flatnonzero(data == 10)
    returns = np.flatnonzero(data == 13)
    if len(returns):
        # A \r ends a line unless a \n follows it in the same cell (counted at the \n).
        cell_end = bounds[np.searchsorted(bounds, returns, side="right")]
        following = returns + 1
        paired = following < cell_end
        paired[paired] = data[following[paired]] == 10
        ends = np.concatenate([ends, returns[~paired]])
    cell = np.searchsorted(bounds, ends, side="right") - 1
    return np.bincount(cell, minlength=len(text)).astype(np.int64)


def _split_lines(text: pa.Array) -> pa.ListArray:
    """Each cell's lines, split at ``\\r\\n``, ``\\r`` or ``\\n``."""
    if pc.any(pc.match_substring(text, "\r")).as_py():
        return pc.split_pattern_regex(text, LINE_END_PATTERN)
    return pc.split_pattern(text, "\n")


def _arrow_text(values: pd.Series, rows: np.ndarray) -> pa.ChunkedArray:
    """The cells of a column at positions ``rows`` as Arrow strings (missing read as blank)."""
    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        text = _rows_of(array.__arrow_array__(), rows)
    else:
        text = pa.chunked_array(
            [pa.array(values.iloc[rows].astype("string").to_numpy(dtype=object))]
        )
    return pc.fill_null(text, "") if text.null_count else text


#: Runs of consecutive rows up to which :func:`_rows_of` slices rather than takes.
SLICED_RUNS = 32


def _rows_of(text: pa.ChunkedArray, rows: np.ndarray) -> pa.ChunkedArray:
    """``text`` at the ascending positions ``rows``.

    Usually only the last record may span lines: a few zero-copy slices then,
    where a take would walk every chunk of a big file's column.
    """
    if len(rows) == len(text):
        return text
    starts = np.flatnonzero(np.diff(rows, prepend=-2) != 1)
    if len(starts) > SLICED_RUNS:
        return text.take(pa.array(rows))
    lengths = np.diff(starts, append=len(rows))
    return pa.chunked_array(
        [
            chunk
            for first, length in zip(rows[starts].tolist(), lengths.tolist(), strict=True)
            for chunk in text.slice(first, length).chunks
        ],
        type=text.type,
    )


def _messages(
    rows: np.ndarray,
    column: str,
    split: pa.ListArray,
    cell: np.ndarray,
    line: np.ndarray,
    first_line: np.ndarray,
    breaks: np.ndarray,
    lost: str,
) -> pd.DataFrame:
    """One finding per cell that holds joined rows (``cell``: the owner of each joined line).

    A message is formatted per finding, as any output line is.
    """
    order = np.argsort(cell, kind="stable")
    owners, starts = np.unique(cell[order], return_index=True)
    per_cell = np.split(line[order], starts[1:])
    messages = []
    inside = [len(joined) for joined in per_cell]
    for held, joined in zip(owners.tolist(), per_cell, strict=True):
        start, end = int(first_line[held]), int(first_line[held] + breaks[held])
        shown = ", ".join(str(n) for n in joined[:SHOWN_LINES].tolist())
        if len(joined) > SHOWN_LINES:
            shown += f" and {len(joined) - SHOWN_LINES} more"
        holds = (
            "a line that reads as a row of its own"
            if len(joined) == 1
            else f"{len(joined)} lines that read as rows of their own"
        )
        messages.append(
            f"the {column} cell runs from line {start} to line {end} and holds {holds} "
            f"({shown}): unless that is meant as text, a stray quote opens the cell and "
            f"{'that row was' if len(joined) == 1 else 'those rows were'} not {lost}; "
            "fix the quote"
        )
    first_lines = pc.list_element(split.take(pa.array(owners)), 0)
    return pd.DataFrame(
        {
            "row": rows[owners],
            "column": column,
            "value": first_lines.to_numpy(zero_copy_only=False),
            "message": messages,
            ROWS_INSIDE: np.array(inside, dtype=np.int64),
        }
    )
