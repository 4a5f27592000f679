"""The formats ``import`` and the loader know, recognised by their headers.

:data:`FORMATS` is the registry, in the order formats are tried: a file whose
header has ``date``, ``company`` and ``event`` is a canonical log; then
LinkedIn's export, Huntr's and Teal's, and last a wide tracker laid out as
the built-in layout expects. Adding a format means adding a :class:`Format`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd

from followup_stats import parse
from followup_stats.errors import LogFormatError
from followup_stats.importers.base import (
    EVERYTHING,
    Conversion,
    empty_frame,
    totals_placeholders,
)
from followup_stats.importers.linkedin import convert_linkedin
from followup_stats.importers.linkedin import recognises as recognises_linkedin
from followup_stats.importers.trackers import (
    convert_huntr,
    convert_teal,
    recognises_huntr,
    recognises_teal,
)
from followup_stats.importers.wide import Mapping, convert_wide
from followup_stats.importers.wide import recognises as recognises_wide
from followup_stats.read import RawTable

Converter = Callable[[RawTable, str, Mapping | None], Conversion]


@dataclasses.dataclass(frozen=True)
class Format:
    """One input format: its name, how its header is recognised, and its converter."""

    name: str
    title: str
    recognises: Callable[[list[str]], bool]
    convert: Converter
    takes_mapping: bool = True


def is_canonical(header: list[str]) -> bool:
    """Whether the header has the canonical log's required columns."""
    from followup_stats.load import REQUIRED_COLUMNS, normalise_header

    return set(REQUIRED_COLUMNS) <= {normalise_header(h) for h in header}


def convert_canonical(raw: RawTable, label: str, mapping: Mapping | None = None) -> Conversion:
    """A canonical log as it is: standard columns renamed to their canonical names."""
    from followup_stats.load import STANDARD_COLUMNS, normalise_header

    names = [
        normalise_header(h) if normalise_header(h) in STANDARD_COLUMNS else h for h in raw.header
    ]
    normal = [normalise_header(n) for n in names]
    repeated = sorted({n for n in normal if n and normal.count(n) > 1})
    if repeated:
        raise LogFormatError(label, f"column {repeated[0]!r} appears twice", line=raw.header_line)
    keep = [i for i, n in enumerate(names) if n.strip() or raw.cells.iloc[:, i].ne("").any()]
    events = raw.cells.iloc[:, keep].copy()
    events.columns = pd.Index([names[i] or f"column {i + 1}" for i in keep])
    events.index = pd.Index(raw.cells.index.to_numpy(), name="line", dtype="int64")
    return Conversion(
        format="canonical",
        title="canonical log",
        events=events.astype("string"),
        skipped=empty_frame(["reason"]),
        mapped=("every column as it is",),
        attributes=tuple(c for c in events.columns if c not in STANDARD_COLUMNS),
        records=EVERYTHING,
    )


def _linkedin(raw: RawTable, label: str, mapping: Mapping | None = None) -> Conversion:
    """LinkedIn's export; of a mapping file only ``date_format`` applies (its columns are
    fixed), and the report says so when the mapping names more."""
    if mapping is None:
        return convert_linkedin(raw, label)
    converted = convert_linkedin(raw, label, mapping.date_format)
    if not (mapping.columns or mapping.status):
        return converted
    unused = (
        f"{mapping.source}: only its date_format applies to a LinkedIn export, whose columns "
        "are fixed; its [columns] and [status] were not used",
    )
    return dataclasses.replace(converted, problems=(*converted.problems, *unused))


#: Every format, in the order they are tried on a header.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("canonical", "canonical log", is_canonical, convert_canonical, False),
        Format("linkedin", "LinkedIn job applications export", recognises_linkedin, _linkedin),
        Format("huntr", "Huntr board export", recognises_huntr, convert_huntr),
        Format("teal", "Teal job tracker export", recognises_teal, convert_teal),
        Format("wide", "wide tracker", recognises_wide, convert_wide),
    )
}


def recognise(header: list[str]) -> str | None:
    """The name of the first format whose header this is, or ``None``."""
    return next((f.name for f in FORMATS.values() if f.recognises(header)), None)


def convert(
    raw: RawTable, label: str, source_format: str = "auto", mapping: Mapping | None = None
) -> Conversion:
    """Convert one table from ``source_format`` (``auto``: recognise it by its header).

    With a mapping and ``auto``, a header that is canonical, LinkedIn's, Huntr's
    or Teal's is read as that format (a mapping applies to Huntr and Teal, and
    its ``date_format`` to LinkedIn);
    any other is read as the mapping's ``format`` (``wide`` unless it says).

    Raises
    ------
    LogFormatError
        When ``auto`` cannot tell the format, or the file lacks the columns
        of the format it was given as.
    """
    if source_format == "auto":
        found = recognise(list(raw.header))
        if mapping is not None and found in (None, "wide"):
            found = mapping.format
        if found is None:
            shown = ", ".join(repr(h) for h in raw.header if h.strip()) or "none"
            raise LogFormatError(
                label,
                "cannot tell the format from the header (columns: "
                f"{shown}); give --from (wide, linkedin, huntr, teal) and, for your own "
                "layout, a mapping file with --map",
                line=raw.header_line,
            )
        source_format = found
    chosen = FORMATS[source_format]
    canonical = source_format == "canonical"
    raw, again = _without_header_rows(raw, "an event" if canonical else "an application")
    if canonical:  # a tracker's converter says which of its rows are totals rows
        raw, totals = _without_totals(raw)
        again = pd.concat([again, totals]).sort_index(kind="stable")
    conversion = chosen.convert(raw, label, mapping if chosen.takes_mapping else None)
    if canonical and mapping is not None and mapping.date_format is not None:
        unused = (
            f"{mapping.source}: date_format is not used for a canonical log (it is copied "
            "as written); for `followup-stats check` to read its dates that way, put "
            f'date_format = "{mapping.date_format}" in the configuration (followup-stats.toml) '
            "instead",
        )
        conversion = dataclasses.replace(conversion, problems=(*conversion.problems, *unused))
    if not len(again):
        return conversion
    skipped = pd.concat([conversion.skipped, again]).sort_index(kind="stable")
    return dataclasses.replace(conversion, skipped=skipped.astype("string"))


def _without_header_rows(raw: RawTable, row: str) -> tuple[RawTable, pd.DataFrame]:
    """``raw`` without its header row again (:func:`followup_stats.parse.header_rows`), and
    a placeholder for each, as :attr:`Conversion.skipped` holds them.

    Two exports pasted one after the other repeat the header: its ``Date Applied`` is
    no date nor its ``Company`` a company. The placeholder is the log's own header
    (``date``, ``company``, ``event``), which the loader reports as one row not loaded.
    ``row``: what a row of the format is (``an application``), which such a row is not.
    """
    again = parse.header_rows(raw.cells, raw.header)
    index = pd.Index(raw.cells.index[again], name="line", dtype="int64")
    placeholders = pd.DataFrame(
        {
            "date": "date",
            "company": "company",
            "event": "event",
            "reason": f"a repeated header row, not {row}",
        },
        index=index,
    ).astype("string")
    return _without(raw, again), placeholders


def _without_totals(raw: RawTable) -> tuple[RawTable, pd.DataFrame]:
    """A canonical log's ``raw`` without its totals rows, as the loader tells them
    (:func:`followup_stats.load.totals_word`), and a placeholder for each, as
    :attr:`Conversion.skipped` holds them: ``Total,,3`` is no event, and written
    into the log imported it would be a row ``check`` does not load."""
    from followup_stats.load import totals_word

    lines = raw.cells.index.to_numpy(dtype=np.int64)
    word = totals_word(raw.cells, lines, raw.extra)
    placeholders = totals_placeholders(raw.cells.index, word, "an event")
    return _without(raw, word.notna().to_numpy(dtype=bool)), placeholders


def _without(raw: RawTable, drop: np.ndarray) -> RawTable:
    """``raw`` without the rows ``drop`` says (a bool array), lines kept."""
    if not drop.any():
        return raw
    kept = np.flatnonzero(~drop)
    spanning = raw.spanning[~drop[raw.spanning]]
    cells = raw.cells.iloc[kept]
    return dataclasses.replace(
        raw, cells=cells, spanning=np.searchsorted(kept, spanning).astype(np.intp)
    )


def as_canonical(raw: RawTable, label: str) -> RawTable:
    """The loader's hook: a recognised non-canonical table converted, anything else as it is.

    Line numbers stay the original file's, so rejects and diagnostics point at
    the rows the user wrote.
    """
    header = list(raw.header)
    if is_canonical(header):
        return raw
    found = recognise(header)
    if found is None:
        return raw
    return convert(raw, label, found).raw_table(raw)
