"""Rows that a stray pair of quotes joined into one cell of a text log.

A quote typed at the start of a cell (``"Acme``) opens a quoted cell that a
CSV reader runs on, over line ends, to the next quote that ends a cell,
perhaps lines later (``Analyst"``). The file is well-formed CSV, so the
reader cannot object, yet the lines between are no longer rows: they are
text inside one cell. :func:`joined_rows` finds such cells after reading:
a cell that spans lines, and holds a line with as many delimiters as the
header and a known event where the event column falls, is reported (DQ004)
with the lines it holds, so no row disappears without a word. A note that
merely runs over several lines is left alone.

Everything is done on whole columns with Arrow and numpy: first the
records that may span more than one line (the reader knows them from their
line numbers), then their cells that hold a line end and as many delimiters
as a row, then those cells' lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from followup_stats.vocab import squash

#: The line ends a CSV reader keeps inside a quoted cell.
_LINE_END = r"\r\n|\r|\n"
#: Lines named in one message, at most (the count is always given).
SHOWN_LINES = 10


def joined_rows(
    cells: pd.DataFrame,
    lines: np.ndarray,
    spanning: np.ndarray,
    delimiter: str,
    event_column: int,
    names: Sequence[str],
    event_words: Mapping[str, str],
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
    event_column
        The position of the ``event`` column among ``cells``' columns.
    names
        The name of each column, as messages give it.
    event_words
        The event labels known, squashed (:func:`followup_stats.parse.squash`).

    Returns
    -------
    DataFrame
        ``row`` (position in ``cells``), ``column`` (name), ``value`` (the
        cell's first line) and ``message``; no rows when nothing looks joined.
    """
    found = pd.DataFrame({"row": [], "column": [], "value": [], "message": []})
    spans = np.asarray(spanning, dtype=np.intp)
    if not len(spans) or not delimiter:
        return found.astype({"row": "int64"})
    columns = list(names)
    width = len(columns)
    records = cells if len(spans) == len(cells) else cells.iloc[spans]
    texts = [_arrow_text(records.iloc[:, position]) for position in range(width)]
    # Only a cell with a line end and as many delimiters as a row needs can hold one.
    breaks = [_line_ends(text) for text in texts]
    findings = []
    for position, text in enumerate(texts):
        held = np.flatnonzero(breaks[position] > 0)
        if not len(held):
            continue
        broken = text.take(pa.array(held))
        enough = pc.count_substring(broken, delimiter).to_numpy(zero_copy_only=False) >= width - 1
        held, broken = held[enough], broken.filter(pa.array(enough))
        if not len(held):
            continue
        split = _split_lines(broken)
        parts = pc.list_flatten(split)
        owner = pc.list_parent_indices(split).to_numpy()
        offsets = split.offsets.to_numpy()
        index_in_cell = np.arange(len(parts)) - offsets[owner]
        row_like = (index_in_cell > 0) & (
            pc.count_substring(parts, delimiter).to_numpy(zero_copy_only=False) >= width - 1
        )
        if not row_like.any():
            continue
        candidates = np.flatnonzero(row_like)
        fields = pc.split_pattern(parts.take(pa.array(candidates)), delimiter)
        event = pc.list_element(fields, event_column).to_pandas().str.strip().str.strip('"')
        known = event.map(squash).isin(list(event_words)).to_numpy(dtype=bool)
        if not known.any():
            continue
        joined = candidates[known]
        cell = owner[joined]
        # The line each cell starts on: its record's first line plus the line ends before it.
        rows = spans[held]
        first_line = lines[rows] + sum(b[held] for b in breaks[:position])
        findings.append(
            _messages(
                rows,
                columns[position],
                split,
                cell,
                first_line[cell] + index_in_cell[joined],
                first_line,
                breaks[position][held],
            )
        )
    if not findings:
        return found.astype({"row": "int64"})
    return pd.concat(findings, ignore_index=True).astype({"row": "int64"})


def _line_ends(text: pa.Array) -> np.ndarray:
    """How many line ends each cell holds (``\\r\\n`` counts once).

    Read from the array's bytes with numpy: one pass over the data for both
    characters, where Arrow's substring counts would take three.
    """
    if text.null_count:
        text = pc.fill_null(text, "")
    wide = pa.types.is_large_string(text.type)
    _, offset_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64 if wide else np.int32)
    offsets = offsets[text.offset : text.offset + len(text) + 1].astype(np.int64)
    if data_buffer is None or not len(text):
        return np.zeros(len(text), dtype=np.int64)
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    ends = np.flatnonzero(data == 10)
    returns = np.flatnonzero(data == 13)
    if len(returns):  # a lone \r ends a line too; \r\n is counted at its \n
        following = returns + 1
        lone = following >= len(data)
        lone[~lone] = data[following[~lone]] != 10
        ends = np.concatenate([ends, returns[lone]])
    cell = np.searchsorted(offsets, ends + offsets[0], side="right") - 1
    return np.bincount(cell, minlength=len(text)).astype(np.int64)


def _split_lines(text: pa.Array) -> pa.ListArray:
    """Each cell's lines, split at ``\\r\\n``, ``\\r`` or ``\\n``."""
    if pc.any(pc.match_substring(text, "\r")).as_py():
        return pc.split_pattern_regex(text, _LINE_END)
    return pc.split_pattern(text, "\n")


def _arrow_text(values: pd.Series) -> pa.Array:
    """A column of cells as one Arrow string array (missing read as blank)."""
    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        text = array.__arrow_array__().combine_chunks()
    else:
        text = pa.array(values.astype("string").to_numpy(dtype=object), pa.large_string())
    return pc.fill_null(text, "")


def _messages(
    rows: np.ndarray,
    column: str,
    split: pa.ListArray,
    cell: np.ndarray,
    line: np.ndarray,
    first_line: np.ndarray,
    breaks: np.ndarray,
) -> pd.DataFrame:
    """One finding per cell that holds joined rows (a few cells: a loop over them is fine)."""
    out = []
    for held in np.unique(cell).tolist():
        joined = line[cell == held].tolist()
        start, end = int(first_line[held]), int(first_line[held] + breaks[held])
        shown = ", ".join(str(n) for n in joined[:SHOWN_LINES])
        if len(joined) > SHOWN_LINES:
            shown += f" and {len(joined) - SHOWN_LINES} more"
        rows_word = "line reads as a row" if len(joined) == 1 else "lines read as rows"
        out.append(
            {
                "row": int(rows[held]),
                "column": column,
                "value": str(split[held][0]),
                "message": (
                    f"the {column} cell runs from line {start} to line {end}, and "
                    f"{len(joined)} of its {rows_word} of their own ({shown}): a stray quote "
                    "probably opens the cell, so those rows were not loaded; fix the quote"
                ),
            }
        )
    return pd.DataFrame(out)
