"""Reader edge cases found by fuzzing: very long lines, quotes that swallow rows, mixed encodings.

* A record longer than pyarrow's block (1 MiB; 2 MiB and more broke it) is
  read whole, on the fast path and on the csv module path alike.
* A quote that opens a cell and closes properly lines later, holding lines
  that read as rows of the file, is a stray quote (DQ004 naming the lines);
  those lines stay rows. A note written over a few lines is not.
* A file holding any valid multi-byte UTF-8 character is UTF-8, whatever its
  size; the bytes that are not are replaced and reported on their line.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_stats import cli
from followup_stats.errors import LogFormatError
from followup_stats.load import LoadedLog, load_log
from followup_stats.read import (
    DAMAGED_UTF8,
    STRAY_QUOTE,
    RawTable,
    decode,
    mend_stray_quotes,
    read_raw,
    read_text_table,
)
from followup_stats.read_fast import looks_like_record, read_fast

AS_OF = "2026-11-20"
MIB = 1 << 20
HEADER = "date,company,event,notes"


def write(tmp_path: Path, data: str | bytes, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def run_check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", str(path), "--as-of", AS_OF])
    return code, out.getvalue(), err.getvalue()


def both_paths(text: str) -> RawTable:
    """The table of ``text``, after checking that the fast path and the csv module agree."""
    quick = read_text_table(text, "log.csv", fast=True)
    exact = read_text_table(text, "log.csv", fast=False)
    pd.testing.assert_frame_equal(quick.cells, exact.cells)
    assert (quick.header, quick.header_line, quick.extra) == (
        exact.header,
        exact.header_line,
        exact.extra,
    )
    assert quick.repairs == exact.repairs
    return quick


def accounted(log: LoadedLog) -> list[int]:
    """The lines of events and rejects, each once."""
    lines = log.events["line"].tolist() + log.rejects["line"].tolist()
    assert len(lines) == len(set(lines))
    return sorted(lines)


# -- 1. records of 2 MiB and more --------------------------------------------------------------


@pytest.mark.parametrize("size", [2 * MIB - 52, 2 * MIB, 3 * MIB + 7])
def test_a_line_of_2_mib_or_more_loads(tmp_path: Path, size: int) -> None:
    text = f"{HEADER}\n2026-10-01,Hooli,applied,{'A' * size}\n2026-10-02,Hooli,follow_up,x\n"
    path = write(tmp_path, text)
    raw = read_raw(path)
    assert list(raw.cells.index) == [2, 3]
    assert len(raw.cells["notes"].iloc[0]) == size
    log = load_log(path, as_of=AS_OF)
    assert accounted(log) == [2, 3]
    code, _, err = run_check(path)
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND), err
    assert err == ""


@pytest.mark.parametrize(
    "long_row",
    [
        '2026-10-01,Hooli,applied,"' + ("B" * MIB + "\n") * 3 + '"',  # quoted, over lines
        "2026-10-01,Hooli,applied,x," + "C" * (3 * MIB),  # ragged: surplus cell
        " " * (3 * MIB),  # a blank line
        '2026-10-01,Hooli,applied,"' + 'say ""hi"" ' * (MIB // 2) + '"',  # doubled quotes
    ],
    ids=["quoted-lines", "ragged", "blank", "doubled-quotes"],
)
def test_long_records_read_alike_on_both_paths(long_row: str) -> None:
    rows = [f"2026-09-{day:02d},Initech,applied,n{day}" for day in range(1, 4)]
    text = "\n".join([HEADER, rows[0], long_row, *rows[1:]]) + "\n"
    table = both_paths(text)
    assert read_fast(text, ",") is not None  # still the fast path
    data_lines = [2, 3, 4, 5] if long_row.strip() else [2, 4, 5]
    if long_row.startswith('2026-10-01,Hooli,applied,"B'):
        data_lines = [2, 3, 7, 8]  # the quoted cell holds lines 3 to 6
    assert list(table.cells.index) == data_lines


def test_several_long_records_and_a_long_header() -> None:
    rows = [f"2026-10-0{i},Hooli{i},applied,{'D' * (2 * MIB + i)}" for i in range(1, 5)]
    text = "\n".join([f"{HEADER},{'H' * (3 * MIB)}", *rows]) + "\n"
    table = both_paths(text)
    assert list(table.cells.index) == [2, 3, 4, 5]
    assert len(table.header[-1]) == 3 * MIB


def test_a_long_line_in_a_cp1252_file(tmp_path: Path) -> None:
    text = f"{HEADER}\n2026-10-01,Café,applied,{'A' * (3 * MIB)}\n2026-10-02,Café,follow_up,x\n"
    raw = read_raw(write(tmp_path, text.encode("cp1252")))
    assert raw.encoding == "cp1252"
    assert list(raw.cells["company"]) == ["Café", "Café"]


# -- 2. a quote that closes far below ----------------------------------------------------------


def swallowing_log(rows: int = 2000, opens: int = 7, closes: int = 1502, sep: str = ",") -> str:
    """``rows`` rows; line ``opens`` opens a quote before its company, line ``closes`` closes it."""
    lines = [HEADER.replace(",", sep)]
    for number in range(1, rows + 1):
        lines.append(sep.join([f"2026-01-{number % 28 + 1:02d}", f"C{number}", "applied", "n"]))
    lines[opens - 1] = lines[opens - 1].replace(f"{sep}C", f'{sep}"C', 1)
    company = lines[closes - 1].split(sep)[1]
    lines[closes - 1] = lines[closes - 1].replace(f"{sep}{company}{sep}", f'{sep}{company}"{sep}')
    return "\n".join(lines) + "\n"


def stray_quote_messages(log: LoadedLog) -> list[tuple[int, str]]:
    quality = log.quality[log.quality["message"].str.startswith(STRAY_QUOTE)]
    return list(zip(quality["line"], quality["message"], strict=True))


def test_a_quote_closing_1495_lines_below_is_reported_and_its_rows_kept(tmp_path: Path) -> None:
    path = write(tmp_path, swallowing_log())
    log = load_log(path, as_of=AS_OF)
    assert accounted(log) == list(range(2, 2002))
    assert len(log.events) == 2000
    [(line, message)] = stray_quote_messages(log)
    assert line == 7
    assert message.startswith(
        "a quote opens a cell here and closes on line 1502, so lines 8-1502 would be read "
        "into this cell, though 1495 of them read as rows of this log; it was read as a "
        "plain character so the lines after it stay rows"
    )
    assert (log.quality["code"] == "DQ004").all()
    companies = dict(zip(log.events["line"], log.events["company"], strict=True))
    assert companies[7] == '"C6' and companies[8] == "C7" and companies[1502] == 'C1501"'
    code, out, _ = run_check(path)
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND)
    assert "All checks passed" not in out
    assert re.search(r"log\.csv:7: DQ004 .*line 1502", out)


@pytest.mark.parametrize(
    ("opens", "closes", "sep"),
    [(7, 1502, ","), (3, 4, ","), (3, 5, ";"), (2, 40, "\t"), (40, 41, ",")],
    ids=["far", "next-line", "semicolon", "tab-from-first-row", "last-rows"],
)
def test_swallowing_quotes_read_alike_on_both_paths(opens: int, closes: int, sep: str) -> None:
    rows = max(closes, 40)
    text = swallowing_log(rows, opens, closes, sep)
    assert read_fast(text, sep) is None  # the csv module mends and reports it
    table = both_paths(text)
    assert list(table.cells.index) == list(range(2, rows + 2))
    [(line, what)] = table.repairs
    assert line == opens and f"closes on line {closes}, so line" in what
    if closes == opens + 1:
        assert f"line {closes} would be read into this cell, though it reads as a row" in what


@pytest.mark.parametrize("header", ['date,"company,event,notes', 'date,company,"event,notes'])
def test_a_quote_on_the_header_row_that_swallows_rows_is_refused(
    tmp_path: Path, header: str
) -> None:
    text = f'{header}\n2026-01-01,Hooli,applied,x\n2026-01-02,Initech",applied,x\n'
    assert read_fast(text, ",") is None
    with pytest.raises(LogFormatError, match="in the header row, a quote opens a cell here"):
        load_log(write(tmp_path, text), as_of=AS_OF)


NOTES = [
    # prose over a few lines, with commas, dates and quotes inside
    '"Called them, left a message.\nThey said next week, maybe.\nWill wait."',
    '"Interview rounds:\n2026-01-05 phone screen\n2026-01-12, onsite, 4 people\ndone"',
    '"He said ""soon"",\nthen, on 2026-02-01, nothing\n"',
    '"a\n\n\nb"',
]


@pytest.mark.parametrize("note", NOTES)
def test_notes_over_a_few_lines_are_not_stray_quotes(tmp_path: Path, note: str) -> None:
    text = (
        f"{HEADER}\n2026-01-01,Hooli,applied,{note}\n"
        f"2026-01-02,Hooli,interview,{note}\n2026-01-03,Initech,applied,\n"
    )
    assert read_fast(text, ",") is not None
    assert mend_stray_quotes(text, ",") == (text, [])
    table = both_paths(text)
    assert len(table.cells) == 3
    assert table.repairs == ()
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.quality.empty, log.quality


def test_a_note_in_the_first_column_with_the_date_after_it_is_not_flagged() -> None:
    """The closing line of a note in column 1 has the header's width, but no date before it."""
    text = (
        "notes,date,company,event\n"
        '"first line\nsecond, line",2026-01-01,Hooli,applied\n'
        '"x\ny",2026-01-02,Hooli,interview\n'
    )
    assert mend_stray_quotes(text, ",") == (text, [])
    assert read_fast(text, ",") is not None
    assert len(both_paths(text).cells) == 2


@pytest.mark.parametrize(
    ("line", "close", "expected"),
    [
        ("2026-01-08,C7,applied,n7", None, True),
        ("2026-01-08,C7,applied", None, False),  # one cell short
        ("2026-01-08,C7,applied,n7,x", None, False),  # one cell over
        ("Called,them,back,soon", None, False),  # no date
        ('2026-01-08,C7",applied,n7', 13, True),  # the closing line starts a record
        ('2026-01-08,C7,",n7', 14, True),  # its quote opened an empty cell
        ('n7",2026-01-08,C7,applied', 2, False),  # the end of a note in the first column
        ("3 Nov 2026;Hooli;applied;x", None, True),
    ],
)
def test_looks_like_record(line: str, close: int | None, expected: bool) -> None:
    delimiter = ";" if ";" in line else ","
    assert looks_like_record(line, delimiter, 4, close) is expected


@st.composite
def logs_with_a_stray_pair(draw: st.DrawFn) -> tuple[str, int, int]:
    """A log with a quote opening a cell on one row and closing one on a later row."""
    sep = draw(st.sampled_from([",", ";", "\t"]))
    width = draw(st.integers(3, 6))
    rows = draw(st.integers(2, 30))
    words = st.sampled_from(["Hooli", "Initech", "applied", "a b", "", "Zoë Müller", "Café"])
    lines = [sep.join(["date", "company", "event", *[f"extra{i}" for i in range(width - 3)]])]
    for number in range(rows):
        cells = [f"2026-10-{number % 28 + 1:02d}", *[draw(words) for _ in range(width - 1)]]
        lines.append(sep.join(cells))
    opens = draw(st.integers(2, rows))
    closes = draw(st.integers(opens + 1, rows + 1))
    first, last = lines[opens - 1].split(sep), lines[closes - 1].split(sep)
    column = draw(st.integers(1, width - 1))
    first[column] = '"' + first[column]
    last[column] = last[column] + '"'
    lines[opens - 1], lines[closes - 1] = sep.join(first), sep.join(last)
    return "\n".join(lines) + "\n", opens, closes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=logs_with_a_stray_pair())
def test_every_row_stays_a_row_whatever_the_stray_pair(case: tuple[str, int, int]) -> None:
    text, opens, closes = case
    table = both_paths(text)
    rows = text.count("\n") - 1
    assert list(table.cells.index) == list(range(2, rows + 2))
    # the quote that closed may open a cell once the first is mended: then reported too
    assert [line for line, _ in table.repairs] in ([opens], [opens, closes])


@st.composite
def logs_with_notes(draw: st.DrawFn) -> str:
    """A log whose notes are prose over several lines (words, commas, dates in the text)."""
    prose = st.lists(
        st.sampled_from(["called", "them,", "on 2026-01-05", "said", '""soon""', "ok.", "x,y"]),
        min_size=1,
        max_size=6,
    ).map(" ".join)
    lines = [HEADER]
    for number in range(draw(st.integers(1, 20))):
        note = "\n".join(draw(st.lists(prose, min_size=1, max_size=4)))
        lines.append(f'2026-10-{number % 28 + 1:02d},Hooli,applied,"{note}"')
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=logs_with_notes())
def test_prose_notes_stay_notes(text: str) -> None:
    assert mend_stray_quotes(text, ",") == (text, [])
    assert read_fast(text, ",") is not None
    assert len(both_paths(text).cells) == text.count("\n2026-")


# -- 3. mixed encodings -------------------------------------------------------------------------


MIXED_ROWS = b"2026-10-01,Zo\xc3\xab,applied,\n2026-10-02,Caf\xe9,applied,\n"


def mixed_rows(copies: int) -> bytes:
    """:data:`MIXED_ROWS` ``copies`` times, each copy noted apart (no duplicate rows)."""
    return b"".join(MIXED_ROWS.replace(b",\n", b",%d\n" % copy) for copy in range(copies))


@pytest.mark.parametrize("copies", [1, 10, 5000])
def test_utf8_with_latin1_bytes_is_utf8_whatever_its_size(tmp_path: Path, copies: int) -> None:
    path = write(tmp_path, HEADER.encode() + b"\n" + mixed_rows(copies))
    raw = read_raw(path)
    assert raw.encoding == DAMAGED_UTF8
    log = load_log(path, as_of=AS_OF)
    assert set(log.events["company"]) == {"Zoë", "Caf\ufffd"}
    assert accounted(log) == list(range(2, 2 * copies + 2))
    damaged = log.quality[log.quality["message"].str.contains("undecodable")]
    assert list(damaged["line"]) == list(range(3, 2 * copies + 2, 2))
    assert set(damaged["code"]) == {"DQ004"}


def test_the_small_mixed_file_is_no_longer_passed_silently(tmp_path: Path) -> None:
    code, out, _ = run_check(write(tmp_path, HEADER.encode() + b"\n" + MIXED_ROWS))
    assert code in (cli.EXIT_OK, cli.EXIT_ERRORS_FOUND)
    assert "All checks passed" not in out
    assert "log.csv:3: DQ004" in out


@pytest.mark.parametrize(
    "data",
    [
        "date,company\n2026-10-01,Café Crème \u2013 \u201cquoted\u201d\n".encode("cp1252"),
        b"date,company\n2026-10-01,Caf\xe9\n2026-10-02,\xc3(\n",  # a lead byte, no continuation
        b"date,company\n2026-10-01,Caf\xe9 \xc0\xaf \xed\xa0\x80\n",  # overlong, surrogate
        b"date,company\n2026-10-01,\xe0\xe9\xe8\n",
    ],
    ids=["cp1252", "lone-lead-byte", "overlong-and-surrogate", "three-accents"],
)
def test_files_without_utf8_characters_stay_cp1252(data: bytes) -> None:
    text, encoding = decode(data, "log.csv")
    assert encoding in ("cp1252", "latin-1")
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    "data",
    [
        b"date,company\n2026-10-01,Zo\xc3\xab\n2026-10-02,Caf\xe9\n",
        b"date,company\n2026-10-01,\xe2\x80\x94 \xff\n",  # an em dash
        b"date,company\n2026-10-01,\xf0\x9f\x99\x82\x80\n",  # an emoji, a stray byte
    ],
)
def test_one_utf8_character_makes_the_file_utf8(data: bytes) -> None:
    text, encoding = decode(data, "log.csv")
    assert encoding == DAMAGED_UTF8
    assert text == data.decode("utf-8", errors="replace")


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(
        st.one_of(
            st.binary(max_size=4),
            st.sampled_from([b"\xc3\xab", b"\xe9", b"\xe2\x80\x94", b"\x80", b"\xf0\x9f\x99\x82"]),
            st.just(b"a,b\n"),
        ),
        max_size=20,
    ).map(b"".join)
)
def test_the_rule_does_not_depend_on_counts(body: bytes) -> None:
    """UTF-8 exactly when the bytes hold a valid multi-byte UTF-8 character (or all are UTF-8)."""
    data = b"date,company\n" + body.replace(b"\x00", b"")
    try:
        text, encoding = decode(data, "log.csv")
    except LogFormatError:
        return  # binary-looking bytes, refused
    if encoding.startswith("utf-16") or encoding == "utf-32":
        return
    replaced = data.decode("utf-8", errors="replace")
    has_utf8 = any(ord(char) > 127 for char in replaced.replace("\ufffd", "")) or (
        b"\xef\xbf\xbd" in data
    )
    try:
        data.decode("utf-8")
        assert encoding == "utf-8"
    except UnicodeDecodeError:
        assert encoding == (DAMAGED_UTF8 if has_utf8 else "cp1252") or (
            not has_utf8 and encoding == "latin-1"
        )
        if has_utf8:
            assert text == replaced
