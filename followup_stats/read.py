"""Read a log file into a table of raw strings, keeping each row's source line.

This module only turns bytes into text cells: it finds the encoding (UTF-8
with or without a byte order mark, UTF-16, falling back to cp1252 for files
saved by older spreadsheets), the delimiter (``,``, ``;`` or tab) and the
physical line where each record starts. Meaning is given to the cells by
:mod:`followup_stats.load`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import pandas as pd

from followup_stats.errors import LogFormatError

#: How many bytes are looked at to tell text from binary and to sniff.
SNIFF_BYTES = 64 * 1024

_MAGIC = {
    b"PK\x03\x04": "a zip archive (perhaps an .xlsx or .ods spreadsheet)",
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
    """

    cells: pd.DataFrame
    header: list[str]
    header_line: int
    extra: dict[int, list[str]]
    encoding: str
    delimiter: str


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Turn bytes into text, detecting the encoding; reject binary files."""
    if not data.strip():
        raise LogFormatError(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise LogFormatError(path, f"this is {what}, not a CSV log")
    head = data[:SNIFF_BYTES]
    control = sum(head.count(bytes([b])) for b in CONTROL_BYTES)
    if control / len(head) > BINARY_SHARE:
        raise LogFormatError(path, "this looks like a binary file, not a CSV log")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; latin-1 keeps them rather than failing.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ``,`` ``;`` tab outside quotes."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_text_table(text: str, path: str, encoding: str = "utf-8") -> RawTable:
    """Split CSV text into cells, recording where each record starts.

    Blank lines and records whose cells are all blank are skipped: they carry
    nothing. A record with fewer cells than the header is padded with blanks.
    """
    text = text.replace("\x00", "")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    header_line = 0
    rows: list[list[str]] = []
    starts: list[int] = []
    extra: dict[int, list[str]] = {}
    previous_end = 0
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header, header_line = record, start
                continue
            width = len(header)
            if len(record) > width:
                surplus = [cell for cell in record[width:] if cell.strip()]
                if surplus:
                    extra[start] = surplus
                record = record[:width]
            elif len(record) < width:
                record = record + [""] * (width - len(record))
            rows.append(record)
            starts.append(start)
    except csv.Error as exc:
        raise LogFormatError(path, f"cannot read as CSV: {exc}", line=reader.line_num) from None
    if header is None:
        raise LogFormatError(path, "the file has no header row")
    columns = [f"\x00{i}" for i in range(len(header))]
    cells = pd.DataFrame(rows, columns=columns, index=pd.Index(starts, name="line"), dtype="string")
    cells.columns = pd.Index(header)
    return RawTable(cells, header, header_line, extra, encoding, delimiter)


def read_raw(path: str | Path) -> RawTable:
    """Read a CSV (or tab/semicolon separated) log file into raw cells."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise LogFormatError(name, "no such file") from None
    except IsADirectoryError:
        raise LogFormatError(name, "this is a folder, not a log file") from None
    except PermissionError:
        raise LogFormatError(name, "permission denied") from None
    text, encoding = decode(data, name)
    return read_text_table(text, name, encoding)
