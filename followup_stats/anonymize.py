"""Pseudonymised copies of logs, for reports that must carry no real name.

:class:`Pseudonymizer` gives stable pseudonyms within one run ("Candidate A",
"Company 7", "Role 2", ...), numbered by first appearance, so the same value
gets the same pseudonym in every report of the run and nothing links it back
to the real value once the run is over. :func:`pseudonymize_logs` reads raw
log files (cells as written, before any parsing) and writes one canonical CSV
in which every free-text cell is replaced: candidate (the file-name default
included), company, role, contact, notes, application id, stage words that
are not a known stage, and every extra column. Structured cells (dates,
events, channels, reasons, yes/no answers, day counts) are kept when the
loader understands them and replaced by a neutral placeholder otherwise, so a
value that would be quoted in a data-quality message cannot leak either. A
date cell is kept when the loader reads it, or when it is an all-numeric date
that is a day under some reading (the loader calls it ambiguous, DQ010); a
phone number or a spreadsheet number in the date column is not (an
all-numeric value with no reading as a day is DQ001 in the copy, DQ010 in
the original, whose message would quote it).

Rows, their order and the loader's verdict on each row are preserved: the
copy gives the same diagnostics and statistics as the original, with
pseudonyms for names (source line numbers shift only when the original had
cells spanning several lines).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import string
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from followup_stats import parse
from followup_stats.config import Config
from followup_stats.load import normalise_header, read_canonical
from followup_stats.vocab import CHANNEL_SYNONYMS, EVENT_SYNONYMS, REASON_SYNONYMS, squash

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

_KINDS = {
    "candidate": "Candidate",
    "company": "Company",
    "role": "Role",
    "contact": "Contact",
    "notes": "Note",
    "application_id": "Application",
    "stage": "Stage",
}


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
            number = len(table) + 1
            label = _KINDS.get(kind, kind.replace("_", " ").capitalize() or "Value")
            table[key] = f"{label} {_letters(number) if kind == 'candidate' else number}"
        return table[key]

    def known(self, kind: str) -> dict[str, str]:
        """Real value (matching key) -> pseudonym, for ``kind``; for the caller's eyes only."""
        return dict(self._maps.get(kind, {}))


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
        elif column == "stage":
            out[column] = values.map(
                lambda v: v if squash(v) in KNOWN_STAGES else names.name("stage", v)
            )
        else:
            out[column] = values.map(lambda v, c=column: names.name(c, v))
    out.insert(0, "candidate", candidate.map(lambda v: names.name("candidate", v)))
    return out


def _read_cells(path: Path) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """Raw cells with normalised headers, and the cells beyond the header by row position."""
    raw, _, _ = read_canonical(path)
    cells = raw.cells.copy()
    cells.columns = pd.Index(
        [normalise_header(h) or f"column_{i + 1}" for i, h in enumerate(raw.header)]
    )
    cells = cells.loc[:, ~cells.columns.duplicated()]
    positions = {line: i for i, line in enumerate(cells.index)}
    extra = {positions[line]: cells_ for line, cells_ in raw.extra.items() if line in positions}
    return cells.reset_index(drop=True), extra


def pseudonymize_logs(
    paths: str | Path | Sequence[str | Path],
    out_path: str | Path,
    names: Pseudonymizer | None = None,
    config: Config | None = None,
) -> Pseudonymizer:
    """Write one pseudonymised log from one or more log files.

    Parameters
    ----------
    paths
        The log file(s); a blank ``candidate`` cell means the file's stem,
        as for the loader.
    out_path
        The canonical CSV to write (with a ``candidate`` column on every row).
    names
        Pseudonyms to continue from (default: a new run).
    config
        Settings (time zone and date format decide which dates are readable).

    Returns
    -------
    Pseudonymizer
        The pseudonyms used, for mapping a requested candidate to its pseudonym.
    """
    names = names or Pseudonymizer()
    sources = [paths] if isinstance(paths, (str, Path)) else list(paths)
    frames: list[pd.DataFrame] = []
    surplus: list[list[str]] = []
    for source in sources:
        cells, extra = _read_cells(Path(source))
        frames.append(pseudonymize_frame(cells, Path(source).stem, names, config))
        # Cells beyond the header stay beyond it (the loader reports them), pseudonymised.
        surplus += [[names.name("extra", v) for v in extra.get(i, [])] for i in range(len(cells))]
    combined = pd.concat(frames, ignore_index=True).fillna("")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(combined.columns)
    for row, more in zip(combined.itertuples(index=False, name=None), surplus, strict=True):
        writer.writerow([*row, *more])
    Path(out_path).write_text(buffer.getvalue(), encoding="utf-8")
    return names
