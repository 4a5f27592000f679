"""Read a log file into a table of raw strings, keeping each row's source line.

This module only turns bytes into text cells: it finds the encoding (UTF-8
with or without a byte order mark, UTF-16 with or without one, UTF-32,
falling back to cp1252 for files saved by older spreadsheets), the delimiter
(``,``, ``;`` or tab) and the physical line where each record starts. What it
has to mend on the way (NUL bytes, undecodable bytes, a quote that would
swallow the following rows) it lists in :attr:`RawTable.repairs` by line, for
the loader to report. Meaning is given to the cells by
:mod:`followup_stats.load`.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from followup_stats.errors import LogFormatError, no_such_file
from followup_stats.plural import counted
from followup_stats.read_fast import HEADER_SEARCH_RECORDS, FastTable, header_position, read_fast

# Also here, where the loader, the importers and the report import them from.
from followup_stats.suffixes import LOG_SUFFIXES as LOG_SUFFIXES
from followup_stats.suffixes import PARQUET_SUFFIXES as PARQUET_SUFFIXES
from followup_stats.suffixes import SPREADSHEET_ONE_OF
from followup_stats.suffixes import SPREADSHEET_SUFFIXES as SPREADSHEET_SUFFIXES
from followup_stats.suffixes import TEXT_SUFFIXES as TEXT_SUFFIXES

#: How many bytes are looked at to tell text from binary and to sniff.
SNIFF_BYTES = 64 * 1024

_MAGIC = {
    b"PK\x03\x04": f"a zip archive (perhaps {SPREADSHEET_ONE_OF} spreadsheet)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xd0\xcf\x11\xe0": "an old Office document (.xls)",
    b"\x1f\x8b": "a gzip archive",
    b"PAR1": "a Parquet file",
}

#: Bytes that never appear in text (NUL and the C0 controls but tab, newlines, form feed).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
#: Share of control bytes above which a file is taken for binary; a few stray
#: NUL bytes in a text file are dropped instead.
BINARY_SHARE = 0.10

csv.field_size_limit(2**31 - 1)


@dataclasses.dataclass(frozen=True)
class RawTable:
    """Cells of a file as strings.

    Attributes
    ----------
    cells
        One column per header cell (names exactly as written, deduplicated
        only by position), one row per record; every cell a string ("" when
        blank). Its index is the record's first physical line (1-based).
    header_line
        The line of the header row.
    extra
        For records with more cells than the header: line -> the surplus
        non-blank cells, so the loader can report them.
    encoding, delimiter
        What was detected, for messages.
    repairs
        ``(line, what)`` for each physical line the reader had to mend (NUL
        bytes removed, a quote that never closed read as a plain character,
        undecodable bytes replaced), so the loader can report them on the
        record that holds that line.
    spanning
        Positions (ascending) of the records that may run over more than one
        physical line of a text file (a quoted cell holding line ends), for
        :mod:`followup_stats.joined_rows`; none for spreadsheets and tables,
        whose cells may hold line ends without joining rows.
    """

    cells: pd.DataFrame
    header: list[str]
    header_line: int
    extra: dict[int, list[str]]
    encoding: str
    delimiter: str
    repairs: tuple[tuple[int, str], ...] = dataclasses.field(default=(), kw_only=True)
    spanning: np.ndarray = dataclasses.field(
        default_factory=lambda: np.zeros(0, dtype=np.intp), kw_only=True
    )


def records_spanning_lines(lines: np.ndarray) -> np.ndarray:
    """Positions of the records of a text file that may run over several lines.

    ``lines``: each record's first line, ascending. A record is followed by
    one that starts more than a line later when it holds line ends (or blank
    lines follow it); the last record always may.
    """
    after = np.diff(np.asarray(lines, dtype=np.int64), append=np.iinfo(np.int64).max)
    return np.flatnonzero(after > 1)


#: What :func:`decode` calls UTF-8 text with a few undecodable bytes (each read as U+FFFD).
DAMAGED_UTF8 = "utf-8 (undecodable bytes replaced)"
REPLACEMENT = "\ufffd"


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``head`` looks like mostly-ASCII UTF-16 text."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0 : 2 * pairs : 2].count(0) / pairs
    odd = head[1 : 2 * pairs : 2].count(0) / pairs
    guess = (
        "utf-16-le" if odd > 0.3 > 0.02 > even else "utf-16-be" if even > 0.3 > 0.02 > odd else None
    )
    if guess is None:
        return None
    text = head[: 2 * pairs].decode(guess, errors="replace")
    ascii_text = sum(1 for char in text if " " <= char <= "~" or char in "\t\r\n")
    return guess if ascii_text > 0.7 * len(text) else None


#: Code points of two-byte UTF-8 characters that text holds (accented Latin
#: letters of Latin-1 and Extended-A, Romanian and Vietnamese letters,
#: Azerbaijani's schwa, the okina, combining accents, Greek to Thaana). Bytes
#: of a cp1252 file that happen to form a two-byte sequence are a capital
#: accented letter and a symbol (``É®`` is ``C9 AE``, ``É…`` is ``C9 85``,
#: ``Ç`` and a right quote is ``C7 92``): the rest of Latin Extended-B, IPA letters and C1
#: controls, left out (so pinyin's tone marks weigh against UTF-8 too).
#: These three patterns are compiled when first used (``re`` keeps them): only a file
#: that is not valid UTF-8 needs them, and their wide classes took about 10 ms to
#: compile at the start of every command that reads a log.
_TEXT_CHARS = "[\u00a0-\u017f\u018f\u01a0-\u01b0\u0218-\u021b\u0259\u02bb\u02bc\u0300-\u07bf]"
#: Every two-byte UTF-8 character.
_TWO_BYTE_CHARS = "[\u0080-\u07ff]"
#: Characters of three or four bytes, but the replacement character.
_WIDE_CHARS = "[\u0800-\ufffc\ufffe-\U0010ffff]"


def _mostly_utf8(data: bytes) -> bool:
    """Whether the UTF-8 characters of ``data`` outweigh its undecodable bytes.

    Characters of three or four bytes, and two-byte ones that read as
    letters of text (:data:`_TEXT_CHARS`), count for UTF-8; each run of
    undecodable bytes, and each other two-byte character (a cp1252 pair such
    as ``É®``), against. So a UTF-8 file with rows pasted from cp1252 stays
    UTF-8 (even one ``Zoë`` against one ``Café``), and a cp1252 file whose
    accents happen to pair into valid UTF-8 stays cp1252. Counted with
    regular expressions over the text decoded once, not character by
    character.
    """
    text = data.decode("utf-8", errors="replace")
    text_letters = len(re.findall(_TEXT_CHARS, text))
    plausible = len(re.findall(_WIDE_CHARS, text)) + text_letters
    if not plausible:
        return False
    other_pairs = len(re.findall(_TWO_BYTE_CHARS, text)) - text_letters
    return plausible >= text.count("\ufffd") + other_pairs


def _wide_unicode(data: bytes, path: str) -> str | None:
    """``"utf-32"`` or a UTF-16 codec for text in those; ``None`` for UTF-8 or a code page.

    Raises
    ------
    LogFormatError
        For an empty or binary file (what :func:`decode` refuses before decoding).
    """
    if not data or data.isspace():  # not ``data.strip()``: that copies the whole file
        raise LogFormatError(path, EMPTY_FILE)
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise LogFormatError(path, f"this is {what}, not a CSV log")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        unicode: str | None = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        unicode = "utf-16"
    else:
        unicode = _utf16_without_bom(data[:SNIFF_BYTES])
    if unicode is not None:
        return unicode
    # NUL padding at the end (left by a crash or a full disk) is not a sign of binary.
    head = data.rstrip(b"\x00")[:SNIFF_BYTES]
    control = sum(head.count(bytes([b])) for b in CONTROL_BYTES)
    if not head.strip() or (control / len(head) > BINARY_SHARE and not _header_like(head)):
        raise LogFormatError(path, "this looks like a binary file, not a CSV log")
    return None


def _header_like(head: bytes) -> bool:
    """Whether the first line reads as a table's header: no control bytes, a delimiter.

    A short log whose few rows hold control characters is still a text table
    (its rows are reported one by one); a binary file does not start so.
    """
    first = head.split(b"\n", 1)[0]
    clean = first.translate(None, CONTROL_BYTES) == first
    return clean and bool(first.strip()) and any(d in first for d in (b",", b";", b"\t", b"|"))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Turn bytes into text, detecting the encoding; reject binary files.

    UTF-32 and UTF-16 (with a byte order mark, or mostly-ASCII text without
    one), then UTF-8 (a BOM is dropped). Bytes that are not UTF-8 in a file
    that starts with a UTF-8 BOM or whose UTF-8 characters outweigh them
    (:func:`_mostly_utf8`: a damaged file, or rows pasted from a file in
    another encoding) are replaced and the rest keeps its UTF-8 reading
    (:data:`DAMAGED_UTF8`, reported per line by the loader), whatever the
    file's size. Any other file is read as cp1252, the encoding of older
    spreadsheets (Latin-1 where cp1252 leaves a byte undefined), even when
    a few of its bytes happen to pair into UTF-8 (``NESTLÉ®``).

    Raises
    ------
    LogFormatError
        For an empty or binary file, or UTF-16/32 text that does not decode.
    """
    unicode = _wide_unicode(data, path)
    if unicode is not None:
        try:
            return data.decode(unicode), unicode
        except UnicodeDecodeError as exc:
            raise LogFormatError(
                path,
                f"this starts like {unicode.upper()} text but does not decode as it "
                f"(byte {exc.start}: {exc.reason}); save it again as UTF-8",
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith(b"\xef\xbb\xbf") or _mostly_utf8(data):
        return data.decode("utf-8-sig", errors="replace"), DAMAGED_UTF8
    # cp1252 leaves five bytes undefined; latin-1 keeps them rather than failing.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ``,`` ``;`` tab ``|`` outside quotes.

    Only the header line counts, so pipes in a comma file's notes do not; on a
    tie the earlier in that list wins (a comma before a pipe).
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _head(text: str, size: int = SNIFF_BYTES) -> str:
    """A prefix of ``text`` that holds its first non-blank line whole (as ``splitlines`` cuts)."""
    while size < len(text):
        head = text[:size]
        if any(line.strip() for line in head.splitlines()[:-1]):
            return head
        size *= 4
    return text


#: What ends a line in text: ``\r\n``, ``\r`` or ``\n`` (one line end each).
LINE_END_PATTERN = r"\r\n|\r|\n"
_LINE_END = re.compile(LINE_END_PATTERN)
#: What the spreadsheet reader's note on formulas that hold no saved value says; the
#: loader shows that note even on a row it rejects (the formulas' blank cells are why).
UNSAVED_FORMULA = "with no saved value"
#: How the reader's note on a stray quote begins (see :func:`mend_stray_quotes`).
STRAY_QUOTE = "a quote opens a cell here"
#: What is wrong with a file of no bytes, or of blank lines only, and how to start a log there
#: (a header-only log is a valid log with no events).
EMPTY_FILE = (
    "the file is empty, not even a header row; a new log starts with its header "
    "(date,company,event), and one with only a header is read as a log of no events"
)
#: What a tracker converter's note on a cell that gave no event says (a date column saying
#: "yes", a status saying a decision with no date for it); shown even on a rejected row.
NOT_IN_LOG = "is not in the log"


def _lines_with(text: str, char: str, what: str, unit: str | None = None) -> list[tuple[int, str]]:
    """``(line, what)`` for each line (csv numbering) that holds ``char`` and text besides.

    A line that is blank once ``char`` is gone (a row of NUL padding) is a
    blank line and not listed. With a ``unit``, ``what`` starts with how many
    there are on the line: ``"2 NUL bytes removed"``.
    """
    found: list[tuple[int, str]] = []
    line, seen = 1, 0
    position = text.find(char)
    while position >= 0:
        line += len(_LINE_END.findall(text, seen, position))
        start = (
            max(
                seen - 1,
                text.rfind("\n", seen, position),
                text.rfind("\r", seen, position),
            )
            + 1
        )
        after = _LINE_END.search(text, position)
        end = after.start() if after else len(text)
        if text[start:end].replace(char, "").strip(" \t,;"):
            many = f"{counted(text.count(char, start, end), unit)} " if unit else ""
            found.append((line, many + what))
        seen = end
        position = text.find(char, end)
    return found


def _field_patterns(delimiter: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for runs of csv-module fields and for a last field (``strict=False`` rules).

    A field is quoted and closed right before a delimiter, line end or the
    end (it may hold line ends); or quoted and closed on its own line with
    text after the closing quote (which the csv module keeps); or unquoted;
    or empty. What they do not match is a quote that opens a field and never
    closes, or closes on a later line in the middle of a cell: the csv module
    would run that cell over the following lines and merge their rows.
    """
    d = re.escape(delimiter)
    field = (
        rf'(?:"(?:[^"]|"")*+"(?=[{d}\r\n]|\Z)'
        rf'|"(?:[^"\r\n]|"")*+"[^{d}\r\n]*'
        rf"|[^\"{d}\r\n][^{d}\r\n]*"
        r"|)"
    )
    return re.compile(rf"(?:{field}(?:{d}|\r\n?|\n))*+"), re.compile(rf"{field}\Z")


def mend_stray_quotes(text: str, delimiter: str) -> tuple[str, list[tuple[int, str]]]:
    """Read each quote that would swallow the following lines as a plain character.

    A quote that opens a cell and never closes (or closes in the middle of a
    cell lines later) makes a CSV reader merge every row up to the end of the
    file (or to that close) into one cell. Each such quote gets a space put
    before it, so the csv module reads it as text and the lines after it stay
    separate rows; the loader strips the space again.

    Returns
    -------
    tuple
        The mended text and ``(line, what)`` for the line of each quote.
    """
    if '"' not in text:
        return text, []
    fields, last = _field_patterns(delimiter)
    rest_of_field = re.compile(rf"[^{re.escape(delimiter)}\r\n]*")
    closing = re.compile(r'"(?:[^"]|"")*+"')
    pieces: list[str] = []
    found: list[tuple[int, str]] = []
    start = position = seen = 0
    line = 1
    while True:
        end = fields.match(text, position).end()  # type: ignore[union-attr]
        if end >= len(text) or last.match(text, end) or text[end] != '"':
            break
        line += len(_LINE_END.findall(text, seen, end))
        seen = end
        closed = closing.match(text, end)
        later = len(_LINE_END.findall(closed.group())) if closed else 0
        what = (
            f"{STRAY_QUOTE} and closes {counted(later, 'line')} later in the middle of a cell"
            if closed
            else f"{STRAY_QUOTE} and is never closed"
        )
        found.append(
            (line, what + "; it was read as a plain character so the lines after it stay rows")
        )
        pieces += [text[start:end], " "]
        start = end
        position = rest_of_field.match(text, end + 1).end()  # type: ignore[union-attr]
        if position >= len(text):
            break
    return "".join([*pieces, text[start:]]), found


def _from_fast(
    found: FastTable, encoding: str, delimiter: str, repairs: Sequence[tuple[int, str]] = ()
) -> RawTable:
    found.cells.columns = pd.Index(found.header)
    return RawTable(
        found.cells,
        found.header,
        found.header_line,
        found.extra,
        encoding,
        delimiter,
        repairs=tuple(repairs),
        spanning=records_spanning_lines(found.cells.index.to_numpy()),
    )


#: Bytes decoded at a time when checking that a file is UTF-8.
_CHECK_CHUNK = 1 << 20


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, decoded a megabyte at a time (no copy of the file)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _CHECK_CHUNK):
            decoder.decode(view[start : start + _CHECK_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _read_utf8_bytes(data: bytes) -> RawTable | None:
    """The cells of a UTF-8 file without NUL bytes, read from its bytes by pyarrow.

    The common case of a big log, spared decoding the whole file into text
    first. ``None`` whenever
    :func:`read_text_table` must decide instead (other encodings, damaged
    bytes, NUL bytes, text the fast reader declines). For data that
    :func:`_wide_unicode` found neither empty, binary nor UTF-16/32.
    """
    if b"\x00" in data:
        return None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not (body.isascii() or _is_utf8(body)):  # ASCII, checked twice as fast, is UTF-8
        return None
    head = body[:SNIFF_BYTES]
    while len(head) < len(body) and not any(line.strip() for line in head.splitlines()[:-1]):
        head = body[: 4 * len(head)]
    delimiter = sniff_delimiter(_head(head.decode("utf-8", errors="ignore")))
    found = read_fast(None, delimiter, utf8=body)
    return None if found is None else _from_fast(found, "utf-8", delimiter)


def read_text_table(text: str, path: str, encoding: str = "utf-8", fast: bool = True) -> RawTable:
    """Split CSV text into cells, recording where each record starts.

    Blank lines and records whose cells are all blank are skipped: they carry
    nothing. A record with fewer cells than the header is padded with blanks.
    With ``fast`` (the default), well-formed text is read by pyarrow
    (:mod:`followup_stats.read_fast`), which gives the same table; anything
    else, and ``fast=False``, goes through Python's csv module record by record.
    NUL bytes are removed and stray quotes mended first (:func:`mend_stray_quotes`);
    the lines concerned are in the table's ``repairs``.
    """
    repairs: list[tuple[int, str]] = []
    if encoding == DAMAGED_UTF8:
        repairs += _lines_with(text, REPLACEMENT, "undecodable bytes replaced by \ufffd")
    if "\x00" in text:
        repairs += _lines_with(text, "\x00", "removed", unit="NUL byte")
        text = text.replace("\x00", "")
    delimiter = sniff_delimiter(_head(text))
    if fast:
        found = read_fast(text, delimiter)
        if found is not None:
            return _from_fast(found, encoding, delimiter, repairs)
    # Only text the fast path refused can hold a stray quote (read_fast: well quoted).
    text, stray_quotes = mend_stray_quotes(text, delimiter)
    repairs += stray_quotes
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    starts: list[int] = []
    extra: dict[int, list[str]] = {}
    # The first non-blank records and their lines, until the header is chosen among them
    # (below any title rows, read_fast.header_position: the fast path's choice).
    top: list[tuple[list[str], int]] = []

    def add(record: list[str], start: int, width: int) -> None:
        """A data record, cut or padded to the header's width (surplus cells kept apart)."""
        if len(record) > width:
            surplus = [cell for cell in record[width:] if cell.strip()]
            if surplus:
                extra[start] = surplus
            record = record[:width]
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append(record)
        starts.append(start)

    def choose_header() -> tuple[list[str], int]:
        """The header among ``top``; the records below it are data."""
        position = header_position([record for record, _ in top])
        chosen, line = top[position]
        for record, start in top[position + 1 :]:
            add(record, start, len(chosen))
        return chosen, line

    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                top.append((record, start))
                if len(top) == HEADER_SEARCH_RECORDS:
                    header, header_line = choose_header()
                continue
            add(record, start, len(header))
    except csv.Error as exc:
        raise LogFormatError(path, f"cannot read as CSV: {exc}", line=reader.line_num) from None
    if header is None and top:
        header, header_line = choose_header()
    if header is None:
        raise LogFormatError(path, "the file has no header row")
    columns = [f"\x00{i}" for i in range(len(header))]
    cells = pd.DataFrame(rows, columns=columns, index=pd.Index(starts, name="line"), dtype="string")
    cells.columns = pd.Index(header)
    return RawTable(
        cells,
        header,
        header_line,
        extra,
        encoding,
        delimiter,
        repairs=tuple(repairs),
        spanning=records_spanning_lines(np.asarray(starts, dtype=np.int64)),
    )


def read_raw(path: str | Path, sheet: str | None = None) -> RawTable:
    """Read a CSV (or tab/semicolon separated) log file, or a spreadsheet, into raw cells.

    ``.xlsx``, ``.xlsm`` and ``.ods`` files (also named ``log.xlsx[Sheet]``) are
    read by :func:`followup_stats.importers.spreadsheet.read_spreadsheet`:
    ``sheet`` names the sheet (default: the first); for a text file it is an error.
    A Parquet file (by its content) is read by
    :func:`followup_stats.logio.read_parquet` (rows numbered from line 2).
    """
    from followup_stats.importers.spreadsheet import read_spreadsheet, spreadsheet_path

    workbook = spreadsheet_path(path, sheet)
    if workbook is not None:
        return read_spreadsheet(*workbook)
    name = str(path)
    if sheet is not None:
        raise LogFormatError(name, f"sheet {sheet!r} given, but this is not a spreadsheet")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise LogFormatError(name, no_such_file(name)) from None
    except IsADirectoryError:
        raise LogFormatError(name, "this is a folder, not a log file") from None
    except PermissionError:
        raise LogFormatError(name, "permission denied") from None
    if data.startswith(b"PAR1"):  # a Parquet log, whatever its name
        from followup_stats.logio import read_parquet

        return read_parquet(path, data)  # not opened again: a pipe holds it no more
    if _wide_unicode(data, name) is None:  # raises for an empty or binary file
        plain = _read_utf8_bytes(data)
        if plain is not None:
            return plain
    text, encoding = decode(data, name)
    return read_text_table(text, name, encoding)
