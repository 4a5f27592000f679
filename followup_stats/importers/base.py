"""What the importers share: the result of a conversion, date cells, and what rules need.

An importer turns a :class:`~followup_stats.read.RawTable` in some other format
into canonical event rows (DESIGN.md section 2) that keep the source line of
the row they came from, and says what it mapped, what it could not, and which
events and fields the format can record at all, so the command line can tell
which rules cannot be judged from it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from followup_stats import parse
from followup_stats.errors import FollowupStatsError, LogFormatError
from followup_stats.importers.spreadsheet import EXCEL_EPOCH, SERIAL_RANGE
from followup_stats.plural import plural
from followup_stats.read import RawTable

#: Canonical columns in the order an imported log writes them.
CANONICAL_ORDER: tuple[str, ...] = (
    "date",
    "company",
    "role",
    "event",
    "candidate",
    "application_id",
    "channel",
    "contact",
    "stage",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
    "reason",
    "notes",
)

#: What each rule needs recorded to be judged: events and fields (DESIGN.md section 3).
RULE_NEEDS: dict[str, frozenset[str]] = {
    "FU001": frozenset({"interview", "thank_you"}),
    "FU002": frozenset({"interview", "thank_you"}),
    "FU003": frozenset({"interview", "asked_next_steps"}),
    "FU004": frozenset({"interview", "asked_permission"}),
    "FU005": frozenset({"follow_up"}),
    "FU006": frozenset({"interview", "follow_up", "asked_permission"}),
    "FU007": frozenset({"follow_up"}),
    "FU008": frozenset({"follow_up", "timeline_days"}),
    "FU009": frozenset({"follow_up"}),
    "FU010": frozenset({"update"}),
    "FU011": frozenset({"interview"}),
    "FU012": frozenset({"thank_you", "channel"}),
}
#: How a missing need is said.
NEED_WORDS: dict[str, str] = {
    "interview": "interviews",
    "thank_you": "thank-yous",
    "follow_up": "follow-ups",
    "update": "updates",
    "asked_next_steps": "whether you asked about next steps",
    "asked_permission": "whether you asked permission to follow up",
    "timeline_days": "the employer's timetable",
    "channel": "the channel of each message",
}
#: A log in the canonical format records everything.
EVERYTHING: frozenset[str] = frozenset().union(*RULE_NEEDS.values())

_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")


class MappingError(FollowupStatsError):
    """A mapping file, or a column it names, that cannot be used."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


@dataclasses.dataclass(frozen=True)
class Conversion:
    """Canonical event rows made from one source, and what the conversion could not do.

    Attributes
    ----------
    format
        The format's name (``canonical``, ``wide``, ``linkedin``, ``huntr``, ``teal``).
    title
        The format for messages ("wide tracker (built-in layout)").
    events
        One row per event, every cell a string: canonical columns plus
        attributes; indexed by the source line (``line``) of the row it came
        from, in source order.
    skipped
        Source rows that gave no event, indexed by line: placeholder cells
        (so the loader rejects them with a DQ code) plus ``reason``.
    mapped, attributes, dropped, problems, assumed
        For the report: "Date Applied -> applied" lines, columns kept as
        attributes, columns left out (with why), what could not be mapped,
        and what was assumed where the format does not say.
    records
        Events and fields the format can record (see :data:`RULE_NEEDS`).
    findings
        Cells the loader will not read as the user meant, indexed by line:
        ``column`` and ``message`` (a date impossible under the mapping's
        ``date_format``, a cell holding rows a stray quote joined).
    date_format
        The ``date_format`` the conversion applied to date cells, if any.
    row_notes
        ``(line, message)`` for what a row says that no event could be made of (a
        date column saying "yes", a decision status with no date): the loader
        reports each as DQ004 on its line, so ``check`` says what ``import``
        reports. The messages name columns, never quote a cell.
    """

    format: str
    title: str
    events: pd.DataFrame
    skipped: pd.DataFrame
    mapped: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    records: frozenset[str] = EVERYTHING
    findings: pd.DataFrame = dataclasses.field(
        default_factory=lambda: empty_frame(["column", "message"])
    )
    date_format: str | None = None
    row_notes: tuple[tuple[int, str], ...] = ()

    def raw_table(self, source: RawTable) -> RawTable:
        """The events (and placeholders for skipped rows) as raw cells for the loader.

        Line numbers stay those of the original file, so the loader's rejects
        and the rules' diagnostics point at the rows the user wrote.
        """
        parts = [self.events, self.skipped.drop(columns="reason")]
        cells = pd.concat([p for p in parts if len(p.columns)], sort=False)
        cells = cells.fillna("").astype("string")
        order = np.argsort(cells.index.to_numpy(), kind="stable")
        cells = cells.iloc[order]
        cells.index = pd.Index(cells.index.to_numpy(), name="line", dtype="int64")
        header = [str(c) for c in cells.columns]
        # The rows are the converted events now, not the file's records.
        spanning = np.zeros(0, dtype=np.intp)
        repairs = tuple(sorted((*source.repairs, *self.row_notes), key=lambda note: note[0]))
        return dataclasses.replace(
            source, cells=cells, header=header, spanning=spanning, repairs=repairs
        )

    @property
    def rows_read(self) -> int:
        """Source rows that gave at least one event."""
        return int(self.events.index.nunique())


def header_key(name: object) -> str:
    """``"Follow-Up #1 "`` -> ``"follow_up_1"``: how headers are matched."""
    return re.sub(r"[^0-9a-z]+", "_", str(name).replace("\ufeff", "").lower()).strip("_")


def require_columns(raw: RawTable, label: str, title: str, required: Sequence[str]) -> None:
    """Stop when the header lacks any of ``required`` (matched by :func:`header_key`).

    A format given with ``--from`` is not recognised first, so without this
    a file of another format would convert into rows with blank dates and
    companies.

    Raises
    ------
    LogFormatError
        Naming the missing columns and the columns the file has.
    """
    keys = {header_key(h) for h in raw.header}
    missing = [name for name in required if header_key(name) not in keys]
    if missing:
        shown = ", ".join(repr(h) for h in raw.header if h.strip()) or "none"
        hint = canonical_hint(raw.header)
        raise LogFormatError(
            label,
            f"does not look like a {title}: missing {plural(len(missing), 'column')} "
            f"{', '.join(repr(m) for m in missing)} (columns: {shown})"
            + (f"; {hint}" if hint else ""),
            line=raw.header_line,
        )


def canonical_hint(header: Sequence[str]) -> str:
    """What to say when a file given as another format is a canonical log; else ``""``."""
    from followup_stats.load import REQUIRED_COLUMNS, normalise_header

    if not set(REQUIRED_COLUMNS) <= {normalise_header(h) for h in header}:
        return ""
    return (
        f"the file has {', '.join(REQUIRED_COLUMNS)} columns: it is a canonical log "
        "already, import it without --from"
    )


def word_key(word: object) -> str:
    """``"No Response 🔇"`` -> ``"noresponse"``: how status words are matched."""
    return re.sub(r"[^0-9a-z]+", "", str(word).lower())


def iso_text(stamps: pd.Series, timed: pd.Series | bool | None = None) -> pd.Series:
    """Timestamps as ISO text: date and time to the minute (or second), or a date alone.

    ``timed`` says which cells were written with a time of day: those keep
    it, midnight included (``12:00 AM`` is ``T00:00``, so the day's order is
    by time). Without it, a stamp at midnight is taken for a date alone (an
    Excel serial day number).
    """
    midnight = stamps.dt.normalize().eq(stamps)
    date_only = midnight if timed is None else midnight & ~pd.Series(timed, index=stamps.index)
    with_seconds = stamps.dt.second.ne(0)
    text = stamps.dt.strftime("%Y-%m-%dT%H:%M")
    text = text.mask(with_seconds, stamps.dt.strftime("%Y-%m-%dT%H:%M:%S"))
    return text.mask(date_only, stamps.dt.strftime("%Y-%m-%d")).astype("string")


#: ``strftime`` directives of a time of day: a format with one writes a time, midnight too.
_TIME_DIRECTIVES = re.compile(r"%[-#]?[HIMSpXTRcfz]")


def writes_time(date_format: str) -> bool:
    """Whether cells written in ``date_format`` hold a time of day (``%H``, ``%I:%M %p``...)."""
    return _TIME_DIRECTIVES.search(date_format.replace("%%", "")) is not None


def excel_serials(text: pd.Series) -> pd.Series:
    """Cells holding an Excel serial day number (1970-2100) as ISO text; other cells unchanged."""
    text = text.astype("string")
    looks = text.str.strip().str.fullmatch(_SERIAL_TEXT).fillna(False).astype(bool)
    if not looks.any():
        return text
    numbers = pd.to_numeric(text.where(looks), errors="coerce")
    serial = looks & numbers.ge(SERIAL_RANGE[0]) & numbers.lt(SERIAL_RANGE[1] + 1)
    stamps = EXCEL_EPOCH + pd.to_timedelta(numbers[serial], unit="D").dt.round("s")
    return text.mask(serial, iso_text(stamps))


def date_cells(text: pd.Series, date_format: str | None = None) -> pd.Series:
    """Date cells made ready for the loader: serial numbers and ``date_format`` text to ISO.

    Anything else is left as written: the loader reads ISO and spelled-out
    dates, and reports what it cannot read with its line.
    """
    text = excel_serials(text.fillna("").astype("string").str.strip())
    if date_format:
        text = formatted_iso(text, date_format).fillna(text)
    return text


def formatted_iso(text: pd.Series, date_format: str) -> pd.Series:
    """The cells ``date_format`` reads (:func:`read_by_format`) as ISO text, an offset
    written with the time kept (``16/10/2026 14:30+0200`` under ``%d/%m/%Y %H:%M%z``:
    ``2026-10-16T14:30+02:00``, which the loader takes to the configured zone's day);
    NA elsewhere."""
    parsed, timed, offset = read_by_format(text, date_format)
    return (iso_text(parsed, timed=timed) + offset).where(parsed.notna())


def read_by_format(
    text: pd.Series, date_format: str
) -> tuple[pd.Series, pd.Series | bool, pd.Series]:
    """What ``date_format`` reads of ``text``: the date and time as written (naive), which
    cells hold a time of day, and the offset written with it (``+02:00``; ``""`` where
    none).

    A format without a time of day reads its dates followed by one too
    (:func:`parse.with_time_of_day`), and one with a time reads its dates alone too,
    without a time (:func:`parse.with_date_alone`). A format with an offset (``%z``)
    reads cells of several offsets in one column, each kept as written.
    """
    no_offset = pd.Series("", index=text.index, dtype="string")
    if _ZONED.search(date_format.replace("%%", "")):
        parsed, offset = _with_offsets(text, date_format)
        alone = parse.with_date_alone(text.where(parsed.isna()), date_format)
        return parsed.fillna(alone.astype(parsed.dtype)), alone.isna(), offset.fillna("")
    parsed = pd.to_datetime(text, format=date_format, errors="coerce")
    if writes_time(date_format):
        alone = parse.with_date_alone(text.where(parsed.isna()), date_format)
        return parsed.fillna(alone.astype(parsed.dtype)), alone.isna(), no_offset
    with_time = parse.with_time_of_day(text.where(parsed.isna()), date_format)
    return parsed.fillna(with_time.astype(parsed.dtype)), with_time.notna(), no_offset


#: An offset or zone directive: a format with one reads aware times.
_ZONED = re.compile(r"%[-#]?[zZ]")
#: An offset as ``%z`` reads it: ``Z``, ``+02``, ``+0200``, ``+02:00``.
_OFFSET_WRITTEN = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)"
_OFFSET_PARTS = re.compile(r"^(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})?$")


def _with_offsets(text: pd.Series, date_format: str) -> tuple[pd.Series, pd.Series]:
    """Cells of a ``date_format`` with an offset: each time as written (naive) and its
    offset as ISO writes it (``+02:00``), NA where the format reads none.

    The instants are read in UTC (a column may mix offsets), and the offset is taken
    from each cell where the format writes it; a cell whose offset cannot be found so
    (a zone name, ``%Z``) is written in UTC (``+00:00``), the same instant.
    """
    instant = pd.to_datetime(
        whole_hour_offsets(text, date_format), format=date_format, errors="coerce", utc=True
    )
    utc = instant.dt.tz_convert(None)
    layout = _offset_layout(date_format)
    written = pd.Series(pd.NA, index=text.index, dtype="string")
    if "offset" in layout.groupindex:
        written = text.where(instant.notna()).str.extract(layout)["offset"].astype("string")
    written = written.replace("Z", "+00:00")
    parts = written.str.extract(_OFFSET_PARTS)
    sign = parts["sign"].map({"+": 1, "-": -1}).astype("Float64")
    minutes = pd.to_numeric(parts["hours"]) * 60 + pd.to_numeric(parts["minutes"]).fillna(0)
    shift = (sign * minutes).fillna(0).astype("int64")
    hours, rest = shift.abs() // 60, shift.abs() % 60
    sign_text = pd.Series(np.where(shift < 0, "-", "+"), index=text.index, dtype="string")
    offset = (
        sign_text + hours.astype("string").str.zfill(2) + ":" + rest.astype("string").str.zfill(2)
    )
    wall = utc + pd.to_timedelta(shift, unit="min")
    return wall, offset.where(instant.notna())


def whole_hour_offsets(text: pd.Series, date_format: str) -> pd.Series:
    """``text`` with an offset of whole hours (``+02``) given its minutes (``+0200``),
    where ``date_format`` reads one (``%z``).

    Python's ``%z`` wants the minutes; ISO 8601 and people often leave them out,
    so ``16/10/2026 14:30 +02`` under ``%d/%m/%Y %H:%M %z`` would not be read.
    Other cells are returned as they are.
    """
    pieces = re.split(r"(%.)", date_format)
    if "%z" not in pieces:
        return text
    at = pieces.index("%z")
    before = "".join(format_pattern(piece).pattern for piece in pieces[:at])
    after = "".join(format_pattern(piece).pattern for piece in pieces[at + 1 :])
    return text.str.replace(
        f"^({before})([+-]\\d{{2}})({after})$", r"\g<1>\g<2>00\g<3>", regex=True
    )


def _offset_layout(date_format: str) -> re.Pattern[str]:
    """:func:`format_pattern` of ``date_format`` with its offset (``%z``) as the group
    ``offset``."""
    pieces = re.split(r"(%.)", date_format)
    regex = "".join(
        _OFFSET_WRITTEN if piece == "%z" else format_pattern(piece).pattern for piece in pieces
    )
    return re.compile("^" + regex + "$")


#: What each ``strftime`` directive matches, for :func:`format_pattern` (others: any text).
_DIRECTIVES: dict[str, str] = {
    "d": r"\d{1,2}",
    "m": r"\d{1,2}",
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "H": r"\d{1,2}",
    "I": r"\d{1,2}",
    "M": r"\d{1,2}",
    "S": r"\d{1,2}",
    "f": r"\d{1,6}",
    "j": r"\d{1,3}",
    "p": r"[AaPp]\.?[Mm]\.?",
    "b": r"[^\W\d_]+\.?",
    "B": r"[^\W\d_]+",
    "a": r"[^\W\d_]+\.?",
    "A": r"[^\W\d_]+",
    "z": r"(?:[+-]\d{2}:?\d{2}|Z)",
    "%": "%",
}


def format_pattern(date_format: str) -> re.Pattern[str]:
    """A regular expression for text shaped like ``date_format``: digits where it wants them.

    ``%d/%m/%Y`` gives ``\\d{1,2}/\\d{1,2}/\\d{4}``, which ``31/04/2026`` matches
    though no such day exists: a cell that matches but does not parse names
    an impossible date rather than one written another way.
    """
    pieces = re.split(r"(%.)", date_format)
    regex = "".join(
        _DIRECTIVES.get(piece[1], ".+?")
        if len(piece) == 2 and piece.startswith("%")
        else re.sub(r"(\\ )+", r"\\s+", re.escape(piece))
        for piece in pieces
    )
    return re.compile(regex)


def not_in_format(text: pd.Series, date_format: str) -> pd.Series:
    """Why each date cell is no date under ``date_format``; NA where it is one.

    A cell the format reads, or one the loader reads anyway (an ISO or
    spelled-out date), is a date. Any other is said to be impossible when it
    has the format's shape (``31/04/2026`` under ``%d/%m/%Y``: no such day),
    else not a date in that format (``2026-02-30``); the loader rejects both.
    """
    text = excel_serials(text.fillna("").astype("string").str.strip())
    parsed, _, _ = read_by_format(text, date_format)
    readable = parse.parse_dates(text)["date"].notna()
    bad = (text.ne("") & parsed.isna() & ~readable).to_numpy(dtype=bool, na_value=False)
    why = pd.Series(pd.NA, index=text.index, dtype="string")
    if not bad.any():
        return why
    # A format without a time of day reads one after the date: the date is its shape.
    day = text if writes_time(date_format) else parse.date_part(text)
    shaped = day.str.fullmatch(format_pattern(date_format)).fillna(False).astype(bool)
    alone = parse.date_alone_format(date_format)  # a format with a time reads its date alone
    if alone is not None:
        shaped |= day.str.fullmatch(format_pattern(alone)).fillna(False).astype(bool)
    impossible = bad & shaped.to_numpy(dtype=bool)
    said = f" date_format {date_format!r}"
    why = why.mask(impossible, "'" + text + f"' is impossible under{said}: there is no such date")
    return why.mask(
        bad & ~impossible, "'" + text + f"' is not a date in{said}, nor one written another way"
    )


def ambiguous_dates(text: pd.Series) -> pd.Series:
    """Which cells the loader would reject as ambiguous all-numeric dates (DQ010)."""
    codes = parse.parse_dates(text.astype("string"))["code"]
    return codes.eq("DQ010").fillna(False).astype(bool)


def unjudged(records: Iterable[str]) -> list[tuple[list[str], list[str]]]:
    """Rules a format cannot support, grouped by what is missing: ``[(codes, needs)]``."""
    have = set(records)
    groups: dict[tuple[str, ...], list[str]] = {}
    for code, needs in RULE_NEEDS.items():
        missing = tuple(sorted(needs - have, key=list(NEED_WORDS).index))
        if missing:
            groups.setdefault(missing, []).append(code)
    return [(codes, list(missing)) for missing, codes in groups.items()]


def lines_text(lines: Sequence[int] | pd.Index | np.ndarray, limit: int = 6) -> str:
    """``"rows 4, 7, 9"`` (the first few, then "...")."""
    values = [str(int(v)) for v in list(lines)[:limit]]
    more = ", ..." if len(lines) > limit else ""
    return ("row " if len(lines) == 1 else "rows ") + ", ".join(values) + more


def empty_frame(columns: Sequence[str] = ()) -> pd.DataFrame:
    """An empty string table indexed by ``line``."""
    return pd.DataFrame(
        {c: pd.Series(dtype="string") for c in columns},
        index=pd.Index([], name="line", dtype="int64"),
    )


def totals_placeholders(lines: pd.Index, word: pd.Series, what: str) -> pd.DataFrame:
    """A placeholder row for each totals row (``word`` not NA, by row like ``lines``),
    indexed by its line: the word where the company goes, and why it is no ``what``
    (``an event``, ``an application``), which the import's report lists."""
    totals = word.notna().to_numpy(dtype=bool)
    index = pd.Index(lines[totals], name="line", dtype="int64")
    said = pd.Series(word[totals].to_numpy(), index=index, dtype="string")
    return pd.DataFrame(
        {
            "date": "",
            "company": said,
            "event": "",
            "reason": "a totals row (" + said + f"), not {what}",
        },
        index=index,
    ).astype("string")
