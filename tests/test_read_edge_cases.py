"""Reader edge cases found by fuzzing: very long lines, notes over lines, mixed encodings.

* A record longer than pyarrow's block (1 MiB; 2 MiB and more broke it) is
  read whole, on the fast path and on the csv module path alike.
* A quote that opens a cell and closes properly lines later makes one cell,
  whatever its lines hold: a note over a few lines is never a stray quote.
* A file whose UTF-8 characters outweigh its undecodable bytes is UTF-8,
  whatever its size; the bytes that are not are replaced and reported on
  their line. A cp1252 file whose accents pair into valid UTF-8 (``NESTLÉ®``)
  stays cp1252.
"""

from __future__ import annotations

import contextlib
import io
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
    RawTable,
    decode,
    mend_stray_quotes,
    read_raw,
    read_text_table,
)
from followup_stats.read_fast import read_fast

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


# -- 2. a quote that closes lines later -------------------------------------------------------
#
# A quoted cell that closes properly lines later is a cell, whatever its lines
# hold (the detection of "rows swallowed" by a pair of stray quotes flagged
# legitimate notes and cost a Python call per line of every note: removed).


NOTES = [
    # prose over a few lines, with commas, dates and quotes inside
    '"Called them, left a message.\nThey said next week, maybe.\nWill wait."',
    '"Interview rounds:\n2026-01-05 phone screen\n2026-01-12, onsite, 4 people\ndone"',
    '"He said ""soon"",\nthen, on 2026-02-01, nothing\n"',
    '"a\n\n\nb"',
    # a line of the note has the header's width and a date (written by csv.writer)
    '"Agenda they sent:\n12 Oct 2026, panel, 45 min, portfolio review\nThen HR chat"',
    '"Skills:\n2026-01-05,python,sql,excel"',
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


@pytest.mark.parametrize(
    ("row", "rejected"),
    [
        ('"2026-10-03,Hooli,follow_up', True),  # the date cell: unreadable, so not loaded
        ('2026-10-03,"Hooli,follow_up', False),  # the company cell: loaded as it was read
    ],
)
def test_an_unclosed_quote_is_said_in_the_date_cell_as_in_any_other(
    tmp_path: Path, row: str, rejected: bool
) -> None:
    """A stray quote opening the date cell got only DQ001 (unreadable date), not the DQ004
    naming the quote that the same slip gets in any other cell."""
    text = f"date,company,event\n2026-10-01,Hooli,applied\n{row}\n2026-10-05,Acme,applied\n"
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    quality = log.quality[["line", "code", "rejected"]].astype(object).values.tolist()
    said = [3, "DQ004", False]
    assert quality == ([[3, "DQ001", True], said] if rejected else [said])
    assert "a quote opens a cell here and is never closed" in log.quality["message"].iloc[-1]
    assert len(log.events) == (2 if rejected else 3)  # every row loaded or reported


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


CP1252_TEXTS = [
    "NESTLÉ®",
    "Société Générale",
    "ÉTÉ\xa0: entretien prévu",
    "L\u2019ORÉAL « très bien »",
    "CAFÉ™ \u2013 Crème",
    "ÀÉÈ… Ça",
    "Müller & Söhne Zürich",
]


@pytest.mark.parametrize("companies", [CP1252_TEXTS[:1], CP1252_TEXTS[:3], CP1252_TEXTS])
def test_cp1252_accents_that_pair_into_utf8_stay_cp1252(
    tmp_path: Path, companies: list[str]
) -> None:
    """``É®`` (C9 AE) and ``É`` with a no-break space (C9 A0) are valid UTF-8: still cp1252."""
    rows = [f"2026-10-{day:02d},{company},applied," for day, company in enumerate(companies, 1)]
    data = "\n".join([HEADER, *rows, "2026-10-20,Café,applied,x"]).encode("cp1252") + b"\n"
    text, encoding = decode(data, "log.csv")
    assert encoding == "cp1252"
    assert "\ufffd" not in text
    log = load_log(write(tmp_path, data), as_of=AS_OF)
    assert set(companies) <= set(log.events["company"])
    assert log.quality.empty, log.quality


def test_a_cp1252_file_with_only_a_pair_is_cp1252() -> None:
    """Every non-ASCII byte in a valid pair but implausible as UTF-8 (U+026E, U+0260)."""
    data = "date,company\n2026-10-01,NESTLÉ®\n2026-10-02,ÉTÉ\xa0SA\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data, "log.csv") == (data.decode("cp1252"), "cp1252")


WORDS = st.sampled_from(
    [
        "a",
        ",",
        "\n",
        "Zoë",
        "Müller",
        "São",
        "Łódź",
        "\u0395\u03bb\u03ad\u03bd\u03b7",
        "\u0416\u0430\u043d\u043d\u0430",
        "\u2014",
        "🙂",
        "ș",
    ]
)
CP1252_WORDS = st.sampled_from(["Café", "NESTLÉ®", "ÉTÉ\xa0", "Crème", "ÀÉ…", "«x»", "Ç\u2019"])


@settings(max_examples=300, deadline=None)
@given(
    utf8=st.lists(WORDS, min_size=1, max_size=20).map("".join),
    cp1252=st.lists(CP1252_WORDS, min_size=1, max_size=20).map("".join),
)
def test_which_reading_wins(utf8: str, cp1252: str) -> None:
    """A cp1252 file stays cp1252; UTF-8 text with pasted cp1252 bytes stays UTF-8 when its
    characters are at least as many as the undecodable bytes and the pairs that read as IPA."""
    pasted = cp1252.encode("cp1252")
    text, encoding = decode(b"date,company\n" + pasted, "log.csv")
    alone = (
        "utf-8"
        if pasted.decode("utf-8", errors="ignore") == pasted.decode("utf-8", "replace")
        else "cp1252"
    )
    assert encoding == alone  # only all-valid UTF-8 ("NESTLÉ®" alone) is read as UTF-8
    if alone == "cp1252":
        assert text.endswith(cp1252)
    data = b"date,company\n" + utf8.encode("utf-8") + b"\n" + pasted
    characters = sum(ord(char) > 127 for char in utf8)
    against = len(pasted) - len(cp1252.encode("ascii", errors="ignore"))
    text, encoding = decode(data, "log.csv")
    if characters >= against:
        assert encoding in (DAMAGED_UTF8, alone)  # "utf-8" when the pasted bytes are valid
        assert text == data.decode("utf-8", errors="replace")
    if encoding == "cp1252":
        assert text == data.decode("cp1252")


@pytest.mark.parametrize(
    "utf8_text",
    ["Həsənov", "Hawai\u02bbi", "Ələkbərov Şəki", "Zoë"],
)
def test_utf8_letters_outweigh_a_pasted_cp1252_byte(tmp_path: Path, utf8_text: str) -> None:
    # Azerbaijani and Hawaiian letters are two-byte UTF-8 that text really
    # holds: one cp1252 byte pasted in does not turn the whole file into cp1252.
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"date,company,event\n2026-10-01,"
        + utf8_text.encode("utf-8")
        + b",applied\n2026-10-02,Caf\xe9,applied\n"
    )
    log = load_log(path, as_of="2026-10-30")
    assert utf8_text in log.events["company"].astype(str).tolist()
    assert log.quality["code"].tolist() == ["DQ004"]


# -- title rows above a CSV's header -------------------------------------------------------------


TITLED = (
    "My job search 2026,,,\n"
    "\n"
    "date,company,event,notes\n"
    "2026-10-01,Acme,applied,\n"
    "2026-10-09,Acme,follow_up,\n"
)


@pytest.mark.parametrize(
    "above",
    [
        "My job search 2026,,,\n\n",
        "My job search 2026\n",
        "My job search 2026,,,\nkept by Sam,,,\n\n",
        '"Applications, autumn 2026",,,\n,,,\n',
        # Wider titles, naming one column at most: they were taken for the header.
        "My job search,Nov 2026\n\n",
        "Job search status,updated 2026-11-01,,\n",
        "Sam Lee,sam@example.com,+1 555 0100\nMy job search,2026\n",
    ],
)
def test_a_title_above_a_csv_header_is_skipped(tmp_path: Path, above: str) -> None:
    """It was refused: "no 'date' or 'company' or 'event' column", the title taken for the
    header. As a spreadsheet's title rows, it is no event and no reject."""
    body = "date,company,event,notes\n2026-10-01,Acme,applied,\n2026-10-09,Acme,follow_up,\n"
    text = above + body
    header_line = above.count("\n") + 1
    raw = both_paths(text)
    assert raw.header == ["date", "company", "event", "notes"]
    assert raw.header_line == header_line
    assert raw.cells.index.tolist() == [header_line + 1, header_line + 2]
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.rejects.empty
    assert log.events["line"].tolist() == [header_line + 1, header_line + 2]
    code, out, err = run_check(write(tmp_path, text))
    assert (code, err) == (0, "")
    assert "DQ" not in out


def test_a_wide_title_above_a_tracker_header_is_skipped(tmp_path: Path) -> None:
    """A tracker saved with its title row (``My applications,autumn 2026``) was refused:
    the title was taken for its header, which named no known tracker."""
    text = (
        "My applications,autumn 2026\n"
        "Company,Position,Status,Date Applied\n"
        "Acme,Analyst,Applied,2026-10-01\n"
        "Beta,Developer,Applied,2026-10-05\n"
    )
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.rejects.empty
    assert log.events["line"].tolist() == [3, 4]
    assert log.events["company"].tolist() == ["Acme", "Beta"]


def test_a_titled_csv_reads_as_the_same_titled_spreadsheet(tmp_path: Path) -> None:
    """The .xlsx with a title row was read; the CSV saved from it was refused."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "My job search 2026"
    sheet.append([])
    sheet.append(["date", "company", "event", "notes"])
    sheet.append(["2026-10-01", "Acme", "applied", None])
    sheet.append(["2026-10-09", "Acme", "follow_up", None])
    book.save(tmp_path / "log.xlsx")
    csv_log = load_log(write(tmp_path, TITLED), as_of=AS_OF)
    sheet_log = load_log(tmp_path / "log.xlsx", as_of=AS_OF)
    columns = ["line", "date", "company", "event"]
    pd.testing.assert_frame_equal(
        csv_log.events[columns].reset_index(drop=True),
        sheet_log.events[columns].reset_index(drop=True),
    )
    assert csv_log.rejects.empty and sheet_log.rejects.empty


@pytest.mark.parametrize(
    "text",
    [
        # A first record that fills enough is the header, as before.
        "date,company,event\n2026-10-01,Acme,applied\n",
        "name,age\nAcme,3\n",
        # One column throughout: nothing is wide enough to be a header under a title.
        "date\n2026-10-01\n",
        # A narrow first record with nothing wider below stays the header.
        "date,,\n2026-10-01,,\n",
        # A header naming no column in English stays, though its rows name one (applied).
        "Datum,Firma,Ereignis\n2026-10-01,Acme,applied\n2026-10-02,Acme Applied,applied\n",
        # ... and though a row below names two (the company Status, the event applied).
        "Fecha,Empresa,Evento\n2026-10-01,Status,applied\n",
        # A header naming two columns stays, though a row below names more.
        "date,company,what\nrole,title,status\n",
    ],
)
def test_a_header_that_fills_enough_is_kept(text: str) -> None:
    raw = both_paths(text)
    assert raw.header == text.split("\n")[0].split(",")
    assert raw.header_line == 1


def test_a_data_row_wider_than_the_header_leaves_the_header_in_place(tmp_path: Path) -> None:
    """A note split at unquoted commas made the second line four cells wider than the
    header, which was then taken for a title and the file refused ("no 'date' or 'company'
    or 'event' column"): the header stays, the row loads with its DQ004."""
    text = (
        "date,company,event\n"
        "2026-10-01,Hooli,applied,called Jane, then Bob, then Ann, then Joe\n"
        "2026-10-08,Hooli,interview\n"
    )
    raw = both_paths(text)
    assert raw.header == ["date", "company", "event"]
    assert raw.header_line == 1
    log = load_log(write(tmp_path, text), as_of=AS_OF)
    assert log.events["line"].tolist() == [2, 3]
    assert log.rejects.empty
    code, out, err = run_check(write(tmp_path, text))
    assert (code, err) == (1, "")  # 1: the interview's missing thank-you (FU001)
    assert "2: DQ004 [warning] Hooli: 4 cells beyond the last header column" in out


def test_a_header_wider_than_the_row_taken_for_it_is_still_found(tmp_path: Path) -> None:
    """The header's cells beyond the width of the row taken for the header were cut off,
    so the error did not say where the header is."""
    text = "Position,Status\n\ndate,company,event,notes\n2026-10-01,Acme,applied,\n"
    path = write(tmp_path, text)
    code, out, err = run_check(path)
    assert (code, out) == (2, "")
    assert err.endswith(
        "(columns found: Position, Status); line 3 holds the header (date, company, event): "
        "remove the lines above it\n"
    )


def test_a_title_read_as_the_header_says_where_the_header_is(tmp_path: Path) -> None:
    """A first row that fills two cells or more and names two columns (the group labels of
    a two-row header) is taken for the header: the error names the line of the real one."""
    text = "Position,,Status,\n\ndate,company,event,notes\n2026-10-01,Acme,applied,\n"
    path = write(tmp_path, text)
    code, out, err = run_check(path)
    assert out == ""
    assert code == 2
    assert err == (
        f"followup-stats: error: {path}:1: no 'date' or 'company' or 'event' column; a log "
        "needs date, company and event (columns found: Position, column_2, Status, "
        "column_4); "
        "line 3 holds the header (date, company, event): remove the lines above it\n"
    )


def test_a_header_cell_holding_a_line_break_is_named_on_one_line(tmp_path: Path) -> None:
    """The columns found are named as written, a quoted cell's line break read as a space:
    the error a notebook sees is one line, as the command line's is."""
    path = write(tmp_path, '"Fecha\nde hoy",Empresa\n2026-10-01,Acme\n')
    with pytest.raises(LogFormatError) as raised:
        load_log(str(path), as_of="2026-10-30")
    assert str(raised.value) == (
        f"{path}:1: no 'date' or 'company' or 'event' column; a log needs date, company and "
        "event (columns found: Fecha de hoy, Empresa)"
    )
