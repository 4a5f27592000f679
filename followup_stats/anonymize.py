"""Pseudonymised copies of logs, for reports that must carry no real name.

:class:`Pseudonymizer` gives stable pseudonyms within one run ("Candidate A",
"Company 7", "Role 2", ...), numbered by first appearance, so the same value
gets the same pseudonym in every report of the run and nothing links it back
to the real value once the run is over. :func:`pseudonymize_logs` reads raw
log files (cells as written, before any parsing) as the loader reads them,
so a log the loader refuses is refused with the loader's own error, naming
the user's file. It writes one canonical CSV per file (``file_1.csv``, ...,
no real file name), in which every free-text cell is replaced: candidate
(the file-name default included), company, role, contact, notes (a
``noqa`` in a note is kept, written anew, after the note's pseudonym),
application id, stage words that are not a known stage, and every extra
column. Structured cells (events, channels, reasons, yes/no answers, day
counts) are kept when the loader understands them and replaced by a neutral
placeholder otherwise, so a value that would be quoted in a data-quality
message cannot leak either. A date cell is kept when the loader reads it, or
when it is an all-numeric date that is a day under some reading (the loader
calls it ambiguous, DQ010); anything else in the date column (a phone
number, a spreadsheet number, ``11/3/2026 call Ann``) becomes the
placeholder.

Rows, their order, their files, their source lines and the loader's verdict
on each row are preserved: the copies, loaded together as the originals are,
give the same statistics and the same data-quality findings at the same
file and line, with pseudonyms for names and the placeholder for unreadable
values. Every record starts on its original line (blank lines, which the
reader skips without a word, stand for the original's blank lines and the
lines its cells ran over). Three things differ in more than the quoted
value: an all-numeric value with no reading as a day and no plausible
four-digit year (``11/3/26``) is DQ001 in the copy (it is DQ010 in the
original, whose message would quote it), an unknown
label loses its "did you mean" (the copy holds the placeholder), and the
findings on how an original was read (NUL or undecodable bytes, stray
quotes, rows joined into a cell, spreadsheet formulas with no saved value),
which the copy's clean cells cannot give,
are written next to the copies for :func:`with_carried_findings` to add
back, their messages quoting no cell text.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import re
import string
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from followup_stats import load, parse
from followup_stats.config import Config
from followup_stats.errors import UsageError
from followup_stats.joined_rows import ROWS_INSIDE
from followup_stats.load import JOINED, LoadedLog, LogSource, read_canonical, reader_findings
from followup_stats.read import LINE_END_PATTERN
from followup_stats.rules.catalogue import load_catalogue
from followup_stats.suppression import noqa_text
from followup_stats.vocab import (
    ASSUMED_DATE_NOTE,
    CHANNEL_SYNONYMS,
    EVENT_SYNONYMS,
    REASON_SYNONYMS,
    says_date_assumed,
    squash,
)

#: Interview stages kept as written (anything else in ``stage`` is pseudonymised).
KNOWN_STAGES = frozenset(
    squash(s)
    for s in (
        "screen",
        "phone screen",
        "phone",
        "recruiter",
        "hr",
        "technical",
        "tech",
        "coding",
        "case",
        "take home",
        "onsite",
        "on site",
        "panel",
        "behavioral",
        "behavioural",
        "final",
    )
)

#: Placeholder for a structured cell the loader would not understand.
UNREADABLE = "unreadable"
#: The file, next to the copies, of the original's findings that a copy cannot show.
CARRIED_FINDINGS = "carried_findings.json"

_KINDS = {
    "candidate": "Candidate",
    "company": "Company",
    "role": "Role",
    "contact": "Contact",
    "notes": "Note",
    "application_id": "Application",
    "stage": "Stage",
}


#: What a key file (:meth:`Pseudonymizer.write_key_file`) keeps: names, not free text.
KEY_KINDS = ("candidate", "company", "role", "contact", "application_id")
#: The first value of a key file, so another JSON file is not taken for one.
KEY_FORMAT = "followup_stats pseudonyms 1"


def _letters(number: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (spreadsheet column letters)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


def _company_key(text: str) -> str:
    """The loader's matching key for companies and roles (case and spacing ignored)."""
    return re.sub(r"\s+", " ", text.lower()).strip()


@dataclasses.dataclass
class Pseudonymizer:
    """Stable pseudonyms for one run: the same value always gets the same name.

    Numbers follow first appearance; candidates get letters ("Candidate A"),
    everything else numbers ("Company 7"). Companies and roles are matched
    the way the loader matches them (case and spacing ignored), so an
    application keeps its identity.
    """

    _maps: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    _used: dict[str, set[str]] = dataclasses.field(default_factory=dict)

    def name(self, kind: str, value: str) -> str:
        """The pseudonym of ``value`` (a blank value stays blank).

        Parameters
        ----------
        kind
            ``candidate``, ``company``, ``role``, ``contact``, ``notes``,
            ``application_id``, ``stage`` or any extra column name.
        value
            The real value.
        """
        text = value.strip()
        if not text:
            return ""
        key = _company_key(text) if kind in ("company", "role") else text
        table = self._maps.setdefault(kind, {})
        if key not in table:
            used = self._used.setdefault(kind, set(table.values()))
            number = len(table) + 1
            label = _KINDS.get(kind, kind.replace("_", " ").capitalize() or "Value")
            pseudonym = f"{label} {_letters(number) if kind == 'candidate' else number}"
            while pseudonym in used:  # a key file's names need not run 1, 2, 3 ...
                number += 1
                pseudonym = f"{label} {_letters(number) if kind == 'candidate' else number}"
            table[key] = pseudonym
            used.add(pseudonym)
        return table[key]

    def known(self, kind: str) -> dict[str, str]:
        """Real value (matching key) -> pseudonym, for ``kind``; for the caller's eyes only."""
        return dict(self._maps.get(kind, {}))

    @classmethod
    def from_key_file(cls, path: str | Path) -> Pseudonymizer:
        """The pseudonyms a key file holds (:meth:`write_key_file`); none if it is missing.

        Raises
        ------
        UsageError
            For a file that is not such a key (it is never overwritten then).
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(
                f"{path}: not a pseudonym key written by followup-stats ({exc})"
            ) from None
        kinds = data.get("pseudonyms") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("format") != KEY_FORMAT
            or not isinstance(kinds, dict)
            or not all(
                kind in KEY_KINDS
                and isinstance(table, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())
                for kind, table in kinds.items()
            )
        ):
            raise UsageError(
                f"{path}: not a pseudonym key written by followup-stats (expected "
                f'{{"format": "{KEY_FORMAT}", "pseudonyms": {{...}}}})'
            )
        for kind, table in kinds.items():
            twice = sorted(v for v, n in collections.Counter(table.values()).items() if n > 1)
            if twice:  # two people under one name would be merged into one in the reports
                raise UsageError(
                    f"{path}: not a pseudonym key written by followup-stats ({kind} "
                    f"pseudonym {twice[0]!r} is given to more than one name)"
                )
        return cls({kind: dict(table) for kind, table in kinds.items()})

    def write_key_file(self, path: str | Path) -> None:
        """Write who is who (:data:`KEY_KINDS`), so the next run gives the same pseudonyms.

        The file links every pseudonym to the real name: it is the coach's
        own, never to be shared with the reports, so only its owner may read
        it (mode 0600). Free text (notes) is not kept. Written to a temporary
        name and renamed.
        """
        from followup_stats.output import atomic_write

        kept = {kind: self._maps[kind] for kind in KEY_KINDS if self._maps.get(kind)}
        text = json.dumps({"format": KEY_FORMAT, "pseudonyms": kept}, ensure_ascii=False, indent=1)
        atomic_write(path, text + "\n", mode=0o600)


def _keep_if(valid: pd.Series, cells: pd.Series) -> pd.Series:
    return cells.where(valid | cells.str.strip().eq(""), UNREADABLE)


def _structured(column: str, cells: pd.Series, config: Config) -> pd.Series | None:
    """Cells of a structured column, unreadable ones replaced; ``None`` for free text."""
    if column == "date":
        # Kept: the dates the loader reads, and the all-numeric ones it calls
        # ambiguous (DQ010) that are a day under some reading; anything else
        # (a phone number, 4242919173) would be quoted in DQ001 or DQ010.
        dates = parse.parse_dates(cells.str.strip(), config.timezone, config.date_format)
        ambiguous = dates["code"].eq(parse.DQ010).fillna(False).astype(bool)
        ambiguous &= parse.is_numeric_date(cells)
        return _keep_if(dates["code"].isna() | ambiguous, cells)
    synonyms = {"event": EVENT_SYNONYMS, "channel": CHANNEL_SYNONYMS, "reason": REASON_SYNONYMS}
    if column in synonyms:
        labels = parse.parse_label(cells.str.strip(), synonyms[column], column)
        return _keep_if(labels["value"].notna(), cells)
    if column in ("asked_next_steps", "asked_permission"):
        return _keep_if(parse.parse_yes_no(cells)["value"].notna(), cells)
    if column in ("contact_ok_after_days", "timeline_days"):
        return _keep_if(parse.parse_day_count(cells)["value"].notna(), cells)
    return None


def pseudonymize_frame(
    cells: pd.DataFrame, default_candidate: str, names: Pseudonymizer, config: Config | None = None
) -> pd.DataFrame:
    """Raw cells of one log (strings, normalised headers) with every name replaced.

    Parameters
    ----------
    cells
        One column per (normalised) header, every cell a string.
    default_candidate
        The candidate of rows whose ``candidate`` cell is blank (the file stem).
    names
        The run's pseudonyms.
    config
        Settings used to decide which dates are readable.
    """
    cfg = config or Config()
    out = pd.DataFrame(index=cells.index)
    candidate = cells["candidate"] if "candidate" in cells else pd.Series("", index=cells.index)
    candidate = (
        candidate.fillna("").astype(str).mask(lambda s: s.str.strip().eq(""), default_candidate)
    )
    for column in cells.columns:
        values = cells[column].fillna("").astype(str)
        if column == "candidate":
            continue
        kept = _structured(column, values, cfg)
        if kept is not None:
            out[column] = kept
        elif column == "notes":
            # The note goes; a noqa in it stays, so the copy hides what the original hides,
            # and so does a leading 'date assumed', so the copy measures no wait the
            # original does not.
            directive = noqa_text(values)
            named = values.map(lambda v: names.name("notes", v))
            named = named.where(directive.eq(""), named + " " + directive)
            assumed = says_date_assumed(values)
            out[column] = named.where(~assumed, f"{ASSUMED_DATE_NOTE}: " + named)
        elif column == "stage":
            out[column] = values.map(
                lambda v: v if squash(v) in KNOWN_STAGES else names.name("stage", v)
            )
        else:
            out[column] = values.map(lambda v, c=column: names.name(c, v))
    out.insert(0, "candidate", candidate.map(lambda v: names.name("candidate", v)))
    return out


@dataclasses.dataclass(frozen=True)
class _Source:
    """One log file read for a copy: its cells (the loader's column names) and where they were."""

    cells: pd.DataFrame  # one column per kept header, index: each record's first line
    header_line: int
    extra: dict[int, list[str]]  # surplus cells beyond the header, by line
    stem: str
    findings: pd.DataFrame  # load.reader_findings, by record line
    label: str  # how the loader names the original (``log.xlsx[Sheet1]``)
    header_again: np.ndarray  # which rows repeat the header (parse.header_rows)


def _read_source(source: LogSource, told_apart: str | None = None) -> _Source:
    """Raw cells as the loader reads them; the loader's errors, naming the user's file.

    ``told_apart``: the name of rows naming no candidate, where the file's stem
    will not do (:func:`followup_stats.load.stems_told_apart`).
    """
    raw, label, stem = read_canonical(source)
    stem = told_apart or stem
    cells = load._normalised_cells(raw, label)  # a broken header fails as load_log fails
    _, keep = load._named_columns(raw, label)
    again = parse.header_rows(cells, [raw.header[p] for p in keep])
    found = reader_findings(raw)
    lines = raw.cells.index.to_numpy(dtype=np.int64)
    findings = pd.DataFrame(
        {
            "line": lines[found["row"].to_numpy(dtype=np.int64)],
            "column": found["column"].astype(str).to_numpy(),
            "message": found["message"].astype(str).to_numpy(),
            JOINED: found[JOINED].to_numpy(dtype=bool),
            ROWS_INSIDE: found[ROWS_INSIDE].to_numpy(dtype=np.int64),
        }
    )
    return _Source(cells, raw.header_line, dict(raw.extra), stem, findings, label, again)


def _pseudonymized_cells(
    source: _Source, names: Pseudonymizer, config: Config | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`pseudonymize_frame` of ``source``'s rows, and which are totals rows.

    A totals row (``Total,4,,12``: a word and numbers, no name) is copied as it is,
    so the copy's loader says what the original's says (a totals row), not a row of
    a client or a company pseudonymised from ``Total``. Its candidate cell stays blank
    where it is (a pseudonym there would come before the word, and the row would be
    none): the copy's loader files it under the copy's name, as the original's loader
    files it under the file's. The header row again is the copy's header again, each
    filled cell its column's name (``Candidate`` -> ``candidate``), not a client.
    """
    cells = source.cells.reset_index(drop=True)
    lines = source.cells.index.to_numpy(dtype=np.int64)
    totals = load.totals_word(cells, lines, source.extra).notna().to_numpy(dtype=bool)
    again = source.header_again & ~totals
    if not (totals.any() or again.any()):
        return pseudonymize_frame(cells, source.stem, names, config), totals
    rest = pseudonymize_frame(cells.loc[~totals & ~again], source.stem, names, config)
    kept = cells.loc[totals].fillna("").astype(str)
    if "candidate" not in kept:
        kept["candidate"] = ""
    header = cells.loc[again].fillna("").astype(str)
    if "candidate" not in header:
        header["candidate"] = ""
    for column in header:  # a few columns
        header[column] = header[column].str.strip().ne("").map({True: column, False: ""})
    columns = list(rest.columns)
    frame = pd.concat([rest, kept[columns], header[columns]]).sort_index()
    return frame, totals


def _csv_fields(values: pd.Series) -> pd.Series:
    """Cells as CSV fields: quoted when they hold a comma, a quote or a line end."""
    quoted = values.str.contains(r'[",\r\n]', regex=True)
    return values.mask(quoted, '"' + values.str.replace('"', '""', regex=False) + '"')


def _copy_text(frame: pd.DataFrame, lines: np.ndarray, header_line: int, surplus: pd.Series) -> str:
    """CSV text of ``frame`` whose header and records start on the given lines.

    Blank lines (which the reader skips without a word) fill the gaps left by
    blank lines of the original and by its cells that ran over several lines.
    """
    header = _csv_fields(pd.Series([str(c) for c in frame.columns], dtype=str))
    head = "\n" * max(header_line - 1, 0) + header.str.cat(sep=",") + "\n"
    if frame.empty:
        return head
    fields = pd.DataFrame({i: _csv_fields(frame[c].astype(str)) for i, c in enumerate(frame)})
    rows = fields[0].str.cat(fields.iloc[:, 1:], sep=",") + surplus.to_numpy()
    spans = 1 + np.sum([fields[i].str.count(LINE_END_PATTERN).to_numpy() for i in fields], axis=0)
    ends = np.concatenate([[header_line + 1], lines[:-1] + spans[:-1]])
    gaps = pa.array(np.maximum(lines - ends, 0), pa.int64())
    blank_lines = pc.binary_repeat(pa.scalar("\n"), gaps)  # pandas' str.repeat loops per row
    padding = pd.Series(blank_lines.to_numpy(zero_copy_only=False), index=rows.index, dtype=str)
    return head + (padding + rows + "\n").str.cat()


@dataclasses.dataclass(frozen=True)
class PseudonymizedLogs:
    """What :func:`pseudonymize_logs` wrote.

    Attributes
    ----------
    paths
        One pseudonymised log per source file, in order (``file_1.csv``, ...).
    names
        The pseudonyms used, for mapping a requested candidate to its pseudonym.
    labels
        How the loader names each copy's original, in order (a workbook by its
        sheet, ``log.xlsx[Sheet1]``), for naming a copy's findings as the
        original's.
    """

    paths: tuple[Path, ...]
    names: Pseudonymizer
    labels: tuple[str, ...] = ()


def pseudonymize_logs(
    paths: LogSource | Sequence[LogSource],
    out_dir: str | Path,
    names: Pseudonymizer | None = None,
    config: Config | None = None,
) -> PseudonymizedLogs:
    """Write a pseudonymised copy of each log file into ``out_dir``, and what it cannot show.

    Every file is read first, as :func:`followup_stats.load.load_log` reads
    it, so a log the loader refuses (no ``event`` column, a column twice,
    ...) is refused here with the loader's error, which names the user's
    file, line and columns. Then each gets its own copy, ``file_1.csv``,
    ``file_2.csv``, ... (no real file name), loaded together as the
    originals are, with every record on its original line (blank lines,
    which the reader skips, fill the gaps). The findings on how an original
    was read (:func:`followup_stats.load.reader_findings`: NUL or
    undecodable bytes, stray quotes, joined rows), which the clean copy
    cannot give, go to :data:`CARRIED_FINDINGS` for
    :func:`with_carried_findings`.

    Parameters
    ----------
    paths
        The log file(s); a blank ``candidate`` cell means the file's stem,
        as for the loader. A file named twice is copied once, as the loader
        reads it once.
    out_dir
        An existing folder for the copies.
    names
        Pseudonyms to continue from (default: a new run).
    config
        Settings (time zone and date format decide which dates are readable).

    Returns
    -------
    PseudonymizedLogs
        The copies written and the pseudonyms used.

    Raises
    ------
    LogFormatError
        For a file the loader refuses, as the loader words it.
    """
    names = names or Pseudonymizer()
    given = [paths] if isinstance(paths, (str, Path)) else list(cast(Sequence[LogSource], paths))
    distinct = load.distinct_sources(given)
    sources = [
        _read_source(source, told)
        for source, told in zip(distinct, load.stems_told_apart(distinct), strict=True)
    ]
    width = len(str(len(sources)))
    written: list[Path] = []
    carried: list[pd.DataFrame] = []
    for number, source in enumerate(sources, start=1):
        cells = source.cells
        lines = cells.index.to_numpy(dtype=np.int64)
        frame, totals = _pseudonymized_cells(source, names, config)
        # Cells beyond the header stay beyond it (the loader reports them), pseudonymised.
        surplus = pd.Series("", index=frame.index, dtype=str)
        positions = {line: i for i, line in enumerate(lines.tolist())}
        for line, cells_ in source.extra.items():
            if line in positions:
                at = positions[line]
                surplus.iloc[at] = "".join(
                    "," + (v if totals[at] else names.name("extra", v)) for v in cells_
                )
        target = Path(out_dir) / f"file_{number:0{width}d}.csv"
        target.write_text(
            _copy_text(frame, lines, source.header_line, surplus), encoding="utf-8", newline=""
        )
        written.append(target)
        carried.append(source.findings.assign(file=target.name))
    findings = pd.concat(carried, ignore_index=True)
    (Path(out_dir) / CARRIED_FINDINGS).write_text(
        json.dumps(findings.to_dict(orient="records"), default=str), encoding="utf-8"
    )
    return PseudonymizedLogs(tuple(written), names, tuple(s.label for s in sources))


def with_carried_findings(log: LoadedLog) -> LoadedLog:
    """``log`` (a pseudonymised copy) with the findings carried over from the originals.

    :func:`pseudonymize_logs` leaves :data:`CARRIED_FINDINGS` next to the
    copies: the original's findings on how it was read, by file and line.
    Each is shown as the loader shows it (DQ004; on a kept row, or on any
    row for joined rows), with the copy's pseudonyms for candidate and
    company. A log without that file is returned as it is.
    """
    if not log.sources:
        return log
    stored = Path(log.sources[0]).parent / CARRIED_FINDINGS
    if not stored.is_file():
        return log
    carried = pd.DataFrame(
        json.loads(stored.read_text(encoding="utf-8")),
        columns=["file", "line", "column", "message", JOINED, ROWS_INSIDE],
    )
    copies = {Path(source).name: source for source in log.sources}
    carried = carried.assign(file=carried["file"].map(copies)).dropna(subset=["file"])
    if carried.empty:
        return log
    places = ["file", "line", "candidate", "application_id", "company", "date"]
    kept = log.events.assign(date=log.events["day"])[places]
    rejected = log.quality[log.quality["rejected"].to_numpy(dtype=bool)][places]
    where = [kept.astype({c: "string" for c in places if c not in ("line", "date")})]
    where.append(rejected.astype({c: "string" for c in places if c not in ("line", "date")}))
    kept_rows = where[0].assign(rejected_row=False)
    any_row = pd.concat([kept_rows, where[1].assign(rejected_row=True)], ignore_index=True)
    any_row = any_row.drop_duplicates(["file", "line"])
    found = carried.astype({"file": "string", "line": "int64"}).merge(
        any_row, on=["file", "line"], how="inner"
    )
    found = found[~found["rejected_row"].to_numpy(dtype=bool) | found[JOINED].to_numpy(dtype=bool)]
    if found.empty:
        return log
    severity = load_catalogue()["DQ004"].severity
    extra = found.assign(value="", code="DQ004", severity=severity, rejected=False)
    columns = list(log.quality.columns)
    quality = pd.concat(
        [log.quality, extra[columns].astype(log.quality.dtypes.to_dict())], ignore_index=True
    )
    quality = quality.sort_values(["file", "line", "code"], kind="stable").reset_index(drop=True)
    # Rows joined into another row in the original were not loaded: the copy's count says so.
    inside = pd.to_numeric(found[ROWS_INSIDE], errors="coerce").fillna(0).sum()
    return dataclasses.replace(log, quality=quality, rows_joined=log.rows_joined + int(inside))
