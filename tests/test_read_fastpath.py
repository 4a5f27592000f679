"""The pyarrow fast path of ``read_text_table`` gives the csv module's table, or declines.

Generated files mix what trips CSV readers: quoted delimiters, doubled
quotes and line ends inside quotes (``\\n``, ``\\r\\n``, a lone ``\\r``),
every line-end style, blank and white-space lines, rows of bare
delimiters, ragged rows (short, and long with or without text past the
header), leading blank lines and stray quotes. Whatever the file, both paths
must give the same cells, line numbers, header and surplus cells, or fail
with the same error; on well-quoted files the fast path must take them.
"""

from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_stats.errors import LogFormatError
from followup_stats.read import RawTable, read_text_table
from followup_stats.read_fast import edge_bytes, read_fast

#: Examples per property (``FASTPATH_EXAMPLES=5000`` for a longer hunt).
EXAMPLES = int(os.environ.get("FASTPATH_EXAMPLES", "300"))
WORDS = ["Hooli", "a b", " padded ", "Café", "x,y", "semi;colon", "tab\there", "2026-10-01", ""]


def _quote(cell: str, delimiter: str) -> str:
    needs = any(ch in cell for ch in (delimiter, '"', "\n", "\r")) or cell != cell.strip()
    return '"' + cell.replace('"', '""') + '"' if needs else cell


@st.composite
def cells(draw: st.DrawFn) -> str:
    """One cell's content, sometimes with quotes and line ends inside."""
    base = draw(st.sampled_from(WORDS))
    extra = draw(st.sampled_from(["", '"', 'say "hi"', "\n", "\r\n", "\r", "two\nlines"]))
    return draw(st.sampled_from([base, base + extra, extra + base]))


@st.composite
def csv_texts(draw: st.DrawFn, stray_quotes: bool = False) -> tuple[str, str]:
    """``(text, delimiter)``: a header and rows, with the irregularities listed above."""
    width = draw(st.integers(1, 5))
    # A one-column header shows no delimiter: the reader then takes a comma.
    delimiter = draw(st.sampled_from([",", ";", "\t"])) if width > 1 else ","
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = [f"col{i}" for i in range(width)]
    lines = [end * draw(st.integers(0, 2)) + delimiter.join(header)]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["row", "row", "row", "short", "long", "blank", "space"]))
        if kind == "blank":
            lines.append("")
            continue
        if kind == "space":
            lines.append(draw(st.sampled_from([" ", "\t ", delimiter * width, '""'])))
            continue
        count = {"row": width, "short": max(1, width - 1), "long": width + 2}[kind]
        row = [_quote(draw(cells()), delimiter) for _ in range(count)]
        if kind == "long" and draw(st.booleans()):
            row[-2:] = ["", " "]  # surplus cells that are blank
        if stray_quotes and draw(st.integers(0, 4)) == 0:
            row[0] = draw(st.sampled_from(['ab"c', '"open', '"a"b', 'x"']))
        lines.append(delimiter.join(row))
    text = end.join(lines) + draw(st.sampled_from(["", end, end + end]))
    return text, delimiter


def _read(text: str, fast: bool) -> RawTable | str:
    try:
        return read_text_table(text, "log.csv", fast=fast)
    except LogFormatError as exc:
        return str(exc)


def _same(text: str) -> None:
    exact, quick = _read(text, fast=False), _read(text, fast=True)
    if isinstance(exact, str) or isinstance(quick, str):
        assert exact == quick
        return
    pd.testing.assert_frame_equal(quick.cells, exact.cells)
    assert quick.header == exact.header
    assert quick.header_line == exact.header_line
    assert quick.extra == exact.extra
    assert quick.delimiter == exact.delimiter
    assert quick.repairs == exact.repairs


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_fast_path_takes_well_quoted_files_and_agrees(case: tuple[str, str]) -> None:
    text, delimiter = case
    _same(text)
    assert read_fast(text, delimiter) is not None  # every generated file has a header


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts(stray_quotes=True))
def test_both_paths_agree_whatever_the_quotes(case: tuple[str, str]) -> None:
    _same(case[0])


@pytest.mark.parametrize(
    "text",
    [
        'date,company,notes\n2026-10-01,Hooli,"one\r\ntwo"\r\n2026-10-02,Initech,x\n',
        "date,company\r2026-10-01,Hooli\r\r2026-10-02,Initech\r",
        "\n\n date , company \n   \n,\n2026-10-01,Hooli,extra, ,more\n2026-10-02\n",
        'date,company\n2026-10-01,"a ""quoted"" word"\n"",""\n',
        "date;company\n2026-10-01;Hooli;\n",
        "date,company\n\ufeff2026-10-01,Hooli\n",
    ],
    ids=["quoted-crlf", "old-mac", "ragged-and-blank", "doubled-quotes", "semicolon", "bom"],
)
def test_hand_made_files(text: str) -> None:
    _same(text)


def test_surplus_cells_are_reported_on_their_line() -> None:
    table = read_text_table("date,company\n2026-10-01,Hooli\n2026-10-02,Initech,x, ,y\n", "l")
    assert table.extra == {3: ["x", "y"]}
    assert list(table.cells.index) == [2, 3]


@pytest.mark.parametrize("text", ['date,company\nab"c,d\n', 'date,company\n"open,d\n'])
def test_stray_quotes_go_to_the_csv_module(text: str) -> None:
    assert read_fast(text, ",") is None
    _same(text)


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_edge_bytes_are_the_first_and_last_bytes_of_the_cells_with_any(kind: pa.DataType) -> None:
    """Empty cells, at either end or in a slice, add no byte that no cell has."""
    values = ["", "", " a", "b\u3000", "", "\u00e9", "c ", "", ""]
    for start in range(len(values)):
        for stop in range(start, len(values) + 1):
            chunk = pa.array(values, kind).slice(start, stop - start)
            cells = [v for v in values[start:stop] if v]
            first, last = edge_bytes(chunk)  # type: ignore[misc]
            assert set(first.tolist()) == {v.encode()[0] for v in cells}
            assert set(last.tolist()) == {v.encode()[-1] for v in cells}
    assert edge_bytes(pa.array(["a", None], kind)) is None
