"""Load a job-search log: normalise, type and key every row, and lose none.

:func:`load_log` turns one or more files (or DataFrames) in the format of
DESIGN.md section 2 into a :class:`LoadedLog`: the typed events table and a
quality table in which every row that was rejected, and every value that was
blanked, is reported with its source line and a DQ code. Every data row of
the input ends up either in ``events`` or in ``rejects``.

The events table has these columns (sorted by candidate, application, date and
same-day order):

``file``, ``line``
    File name and 1-based physical line where the row starts (header = 1).
``candidate``, ``application_id``, ``company``, ``role``
    Strings; ``application_id`` is NA on ``networking`` rows.
``event``
    Categorical of :data:`followup_stats.vocab.EVENTS`.
``date``, ``day``, ``has_time``
    Naive local wall time in the configured time zone, the same at midnight,
    and whether the log gave a time of day.
``stage``, ``contact``, ``notes``
    Free text (NA when blank).
``channel``, ``reason``
    Categoricals (NA when not recorded).
``asked_next_steps``, ``asked_permission``
    Nullable booleans; a ``contact_ok_after_days`` value implies permission.
``contact_ok_after_days``, ``timeline_days``
    Nullable whole days.
``after_as_of``
    Dated after the as-of date (kept, ignored by rules and statistics).
any other column
    Kept as a string attribute of the application.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from followup_stats import parse
from followup_stats.config import Config, resolve_config
from followup_stats.errors import LogFormatError
from followup_stats.read import RawTable, read_raw
from followup_stats.vocab import (
    CHANNEL_DTYPE,
    CHANNEL_SYNONYMS,
    EVENT_DTYPE,
    EVENT_SYNONYMS,
    REASON_DTYPE,
    REASON_SYNONYMS,
    SAME_DAY_RANK,
)

REQUIRED_COLUMNS: tuple[str, ...] = ("date", "company", "event")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "application_id",
    "role",
    "candidate",
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
STANDARD_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
YES_NO_COLUMNS = ("asked_next_steps", "asked_permission")
DAY_COUNT_COLUMNS = ("contact_ok_after_days", "timeline_days")
TEXT_COLUMNS = ("stage", "contact", "notes")

QUALITY_COLUMNS: tuple[str, ...] = (
    "file",
    "line",
    "column",
    "value",
    "code",
    "severity",
    "message",
    "rejected",
    "candidate",
    "application_id",
    "company",
    "date",
)

LogSource = str | Path | pd.DataFrame


@dataclasses.dataclass(frozen=True)
class LoadedLog:
    """A loaded log: the events, what was wrong with the input, and how it was read.

    Attributes
    ----------
    events
        One row per kept event; columns in the module docstring.
    quality
        Every data-quality finding: ``file``, ``line``, ``column``,
        ``value``, ``code`` (DQ001..DQ010), ``severity``, ``message``,
        ``rejected`` (the row is not in ``events``), ``candidate``,
        ``application_id``, ``company``, ``date``.
    sources
        The files (or ``<dataframe>``) read, in order.
    as_of
        The as-of date (midnight) the log was loaded for.
    config
        The settings used.
    attributes
        Names of the extra columns kept as application attributes.
    """

    events: pd.DataFrame
    quality: pd.DataFrame
    sources: tuple[str, ...]
    as_of: pd.Timestamp
    config: Config
    attributes: tuple[str, ...]

    @property
    def rejects(self) -> pd.DataFrame:
        """Rows not loaded: ``file``, ``line``, ``column``, ``value``, ``code``, ``reason``."""
        rejected = self.quality[self.quality["rejected"]]
        return rejected[["file", "line", "column", "value", "code", "message"]].rename(
            columns={"message": "reason"}
        )

    def at(self, as_of: str | pd.Timestamp) -> LoadedLog:
        """The same log judged at another as-of date (``after_as_of`` and DQ008 redone)."""
        cutoff = to_as_of(as_of, self.config)
        if cutoff == self.as_of:
            return self
        events = self.events.assign(after_as_of=self.events["day"] > cutoff)
        quality = self.quality[self.quality["code"].ne("DQ008").to_numpy()]
        future = _severities(_order_findings(events, cutoff)[2])
        merged = pd.concat([quality, future.astype(quality.dtypes.to_dict())], ignore_index=True)
        merged = merged.sort_values(["file", "line", "code"]).reset_index(drop=True)
        return dataclasses.replace(self, events=events, quality=merged, as_of=cutoff)

    def judged_events(self, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
        """Events on or before ``as_of`` (default: the log's), the ones rules and statistics use."""
        cutoff = self.as_of if as_of is None else as_of
        return self.events[self.events["day"] <= cutoff]


def normalise_header(name: str) -> str:
    """``" Asked-Next Steps"`` -> ``"asked_next_steps"`` (case, spaces, ``-``/``_``, BOM)."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-_.]+", "_", cleaned).strip("_")


def today(timezone: str) -> pd.Timestamp:
    """Midnight of today in ``timezone``, as a naive timestamp."""
    return pd.Timestamp.now(tz=timezone).normalize().tz_localize(None)


def to_as_of(value: str | pd.Timestamp | None, config: Config) -> pd.Timestamp:
    """The as-of date as naive midnight; ``None`` means today in the configured zone."""
    if value is None:
        return today(config.timezone)
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(config.timezone).tz_localize(None)
    return stamp.normalize()


def load_log(
    source: LogSource | Sequence[LogSource],
    config: Config | str | Path | None = None,
    as_of: str | pd.Timestamp | None = None,
) -> LoadedLog:
    """Read one or more logs into typed events plus a full account of rejected rows.

    Parameters
    ----------
    source
        A path, a DataFrame of raw cells, or a list of them (combined into one
        log; a candidate's applications may span files).
    config
        Settings (time zone, date format); a file path or ``None`` to look for
        one next to the log.
    as_of
        Date the log is judged at; rows after it are kept but flagged DQ008.

    Raises
    ------
    LogFormatError
        For a file that cannot be a log at all (empty, binary, no ``date``,
        ``company`` or ``event`` column).
    """
    sources: list[LogSource] = (
        list(source) if isinstance(source, (list, tuple)) else [cast(LogSource, source)]
    )
    paths = [s for s in sources if isinstance(s, (str, Path))]
    cfg = resolve_config(config, log_paths=paths)
    cutoff = to_as_of(as_of, cfg)
    parsed = [_parse_source(s, cfg) for s in sources]
    frame = pd.concat([p.rows for p in parsed], ignore_index=True)
    offsets = np.cumsum([0] + [len(p.rows) for p in parsed[:-1]])
    blanked = pd.concat(
        [
            p.blanked.assign(row=p.blanked["row"] + offset)
            for p, offset in zip(parsed, offsets, strict=True)
        ],
        ignore_index=True,
    )
    attributes = tuple(dict.fromkeys(a for p in parsed for a in p.attributes))
    frame = _assign_applications(frame)
    events = _build_events(frame, attributes, cutoff)
    quality = _quality_table(frame, blanked, events, cutoff)
    names = tuple(str(s) if not isinstance(s, pd.DataFrame) else "<dataframe>" for s in sources)
    return LoadedLog(events, quality, names, cutoff, cfg, attributes)


# -- one source: raw cells -> parsed columns with problems -------------------------------


def _raw_table(source: LogSource) -> tuple[RawTable, str, str]:
    if isinstance(source, pd.DataFrame):
        cells = source.astype("string").fillna("")
        cells.index = pd.RangeIndex(2, len(cells) + 2, name="line")
        header = [str(c) for c in cells.columns]
        cells.columns = pd.Index(header)
        return RawTable(cells, header, 1, {}, "utf-8", ","), "<dataframe>", "log"
    raw = read_raw(source)
    return raw, str(source), Path(source).stem


def _normalised_cells(raw: RawTable, path: str) -> pd.DataFrame:
    names: list[str] = []
    keep: list[int] = []
    cells = raw.cells
    for position, name in enumerate(raw.header):
        normal = normalise_header(name)
        column = cells.iloc[:, position]
        if not normal:
            if not column.str.strip().ne("").any():
                continue
            normal = f"column_{position + 1}"
        if normal in names:
            first = names.index(normal)
            raise LogFormatError(
                path,
                f"column {normal!r} appears twice (columns {keep[first] + 1} and {position + 1})",
                line=raw.header_line,
            )
        names.append(normal)
        keep.append(position)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        found = ", ".join(names) if names else "none"
        raise LogFormatError(
            path,
            f"no {' or '.join(repr(m) for m in missing)} column; a log needs date, company and "
            f"event (columns found: {found})",
            line=raw.header_line,
        )
    normal_cells = cells.iloc[:, keep].copy()
    normal_cells.columns = pd.Index(names)
    return normal_cells


class _Problems:
    """The first rejection reason of each row, plus every blanked value."""

    def __init__(self, index: pd.Index) -> None:
        self.code = pd.Series(pd.NA, index=index, dtype="string")
        self.column = pd.Series(pd.NA, index=index, dtype="string")
        self.value = pd.Series(pd.NA, index=index, dtype="string")
        self.message = pd.Series(pd.NA, index=index, dtype="string")
        self.blanked: list[pd.DataFrame] = []

    def reject(
        self, mask: pd.Series, code: str, column: str, value: pd.Series, message: pd.Series | str
    ) -> None:
        new = mask & self.code.isna()
        if not new.any():
            return
        self.code[new] = code
        self.column[new] = column
        self.value[new] = value[new]
        self.message[new] = message[new] if isinstance(message, pd.Series) else message

    @property
    def rejected(self) -> pd.Series:
        return self.code.notna()

    def blank(self, column: str, value: pd.Series, problem: pd.Series) -> pd.Series:
        """Record DQ004 for kept rows with a bad ``column`` value; return the mask."""
        bad = problem.notna() & ~self.rejected
        if bad.any():
            self.blanked.append(
                pd.DataFrame(
                    {
                        "row": bad.index[bad],
                        "column": column,
                        "value": value[bad].to_numpy(),
                        "message": (
                            column + ": " + problem[bad] + "; the value is ignored"
                        ).to_numpy(),
                    }
                )
            )
        return bad


@dataclasses.dataclass(frozen=True)
class _ParsedSource:
    rows: pd.DataFrame  # parsed columns plus the first rejection reason per row
    blanked: pd.DataFrame  # DQ004 findings: row (position in rows), column, value, message
    attributes: list[str]


def _parse_source(source: LogSource, config: Config) -> _ParsedSource:
    raw, path, stem = _raw_table(source)
    cells = _normalised_cells(raw, path)
    lines = cells.index.to_numpy()
    cells = cells.reset_index(drop=True)
    for column in STANDARD_COLUMNS:
        if column not in cells:
            cells[column] = ""
    attributes = [c for c in cells.columns if c not in STANDARD_COLUMNS]
    text = cells.apply(lambda col: col.str.strip())
    out = pd.DataFrame(index=cells.index)
    out["file"] = pd.Series(path, index=cells.index, dtype="string")
    out["line"] = lines.astype("int64")
    problems = _Problems(cells.index)

    candidate = text["candidate"].mask(text["candidate"].eq(""), stem)
    out["candidate"] = candidate

    header_again = (
        text["date"].str.lower().eq("date")
        & text["event"].str.lower().eq("event")
        & text["company"].str.lower().eq("company")
    )
    problems.reject(
        header_again, "DQ002", "event", text["event"], "the header row appears again here"
    )

    dates = parse.parse_dates(text["date"], config.timezone, config.date_format)
    problems.reject(
        dates["code"].notna(),
        "DQ001",
        "date",
        text["date"],
        dates["problem"].fillna("") + "; row not loaded",
    )
    ambiguous = dates["code"].eq("DQ010").fillna(False).astype(bool)
    problems.code[ambiguous & problems.column.eq("date").fillna(False)] = "DQ010"

    events = parse.parse_label(text["event"], EVENT_SYNONYMS, "event")
    blank_event = text["event"].eq("")
    problems.reject(
        events["value"].isna(),
        "DQ002",
        "event",
        text["event"],
        events["problem"].fillna("").mask(blank_event, "the event is blank") + "; row not loaded",
    )
    networking = events["value"].eq("networking").fillna(False).astype(bool)
    problems.reject(
        text["company"].eq("") & ~networking,
        "DQ003",
        "company",
        text["company"],
        "the company is blank (only networking rows may leave it blank); row not loaded",
    )
    duplicate = cells.duplicated(keep="first")
    first_line = _first_duplicate_line(cells, lines, duplicate)
    problems.reject(
        duplicate,
        "DQ005",
        "",
        pd.Series("", index=cells.index, dtype="string"),
        "exact duplicate of line " + first_line.astype("string") + "; second copy not loaded",
    )

    out["event"] = events["value"]
    out["date"] = dates["date"]
    out["has_time"] = dates["has_time"]
    out["company"] = text["company"]
    out["role"] = text["role"]
    out["application_id"] = text["application_id"]

    for column in YES_NO_COLUMNS:
        answers = parse.parse_yes_no(text[column])
        bad = problems.blank(column, text[column], answers["problem"])
        out[column] = answers["value"].mask(bad)
    for column in DAY_COUNT_COLUMNS:
        counts = parse.parse_day_count(text[column])
        bad = problems.blank(column, text[column], counts["problem"])
        out[column] = counts["value"].mask(bad)
    for column, synonyms, what in (
        ("channel", CHANNEL_SYNONYMS, "channel"),
        ("reason", REASON_SYNONYMS, "update reason"),
    ):
        labels = parse.parse_label(text[column], synonyms, what)
        bad = problems.blank(column, text[column], labels["problem"])
        out[column] = labels["value"].mask(bad)
    permission = out["contact_ok_after_days"].notna()
    out["asked_permission"] = out["asked_permission"].mask(permission, True)
    for column in TEXT_COLUMNS:
        out[column] = text[column].mask(text[column].eq(""))
    for column in attributes:
        out[column] = text[column].mask(text[column].eq(""))
    for line, surplus in raw.extra.items():
        row = int(np.searchsorted(lines, line))
        problems.blanked.append(
            pd.DataFrame(
                {
                    "row": [row],
                    "column": ["(beyond the header)"],
                    "value": [", ".join(surplus)],
                    "message": [
                        f"{len(surplus)} cell(s) beyond the last header column; they are ignored"
                    ],
                }
            )
        )

    out["reject_code"] = problems.code
    out["reject_column"] = problems.column
    out["reject_value"] = problems.value
    out["reject_message"] = problems.message
    out["raw_date"] = text["date"]
    blanked = (
        pd.concat(problems.blanked, ignore_index=True)
        if problems.blanked
        else pd.DataFrame({"row": [], "column": [], "value": [], "message": []})
    )
    return _ParsedSource(out, blanked.astype({"row": "int64"}), attributes)


def _first_duplicate_line(
    cells: pd.DataFrame, lines: np.ndarray, duplicate: pd.Series
) -> pd.Series:
    """For each duplicate row, the line of the first row with identical cells."""
    first_line = pd.Series(pd.NA, index=cells.index, dtype="Int64")
    if not duplicate.any():
        return first_line
    involved = cells[cells.duplicated(keep=False)]
    group = involved.groupby(list(involved.columns), sort=False, dropna=False).ngroup()
    positions = pd.Series(
        np.arange(len(cells))[cells.index.isin(involved.index)], index=involved.index
    )
    first_row = positions.groupby(group).transform("min")
    first_line[first_row.index] = lines[first_row.to_numpy()]
    return first_line


# -- all sources: application keys ---------------------------------------------------------


def _key_text(values: pd.Series) -> pd.Series:
    """Lower case with runs of white space folded: how names are matched."""
    codes, uniques = pd.factorize(values)
    folded = pd.Series(uniques, dtype="string").str.lower().str.split().str.join(" ")
    return pd.Series(folded.to_numpy()[codes], index=values.index, dtype="string")


def _assign_applications(frame: pd.DataFrame) -> pd.DataFrame:
    """Give every kept row its application id (DESIGN.md section 2), rejecting DQ009 rows."""
    kept = frame["reject_code"].isna()
    networking = frame["event"].eq("networking").fillna(False).astype(bool)
    explicit = frame["application_id"].ne("")
    derive = kept & ~networking & ~explicit

    company_key = _key_text(frame["company"])
    role_key = _key_text(frame["role"])
    base = frame["candidate"] + "\x1f" + company_key
    with_role = derive & role_key.ne("")
    roles = (
        pd.DataFrame({"base": base[with_role], "role": role_key[with_role]})
        .drop_duplicates()
        .groupby("base")["role"]
        .agg(["nunique", "first"])
    )
    blank_role = derive & role_key.eq("")
    role_count = base.map(roles["nunique"]).fillna(0).astype("int64")
    only_role = base.map(roles["first"]).astype("string")
    ambiguous = blank_role & role_count.gt(1)
    resolved_role = role_key.mask(blank_role & role_count.eq(1), only_role)
    key = (base + "\x1f" + resolved_role).where(derive)

    display_role = frame["role"].where(frame["role"].ne(""))
    first_company = frame["company"].groupby(key).transform("first")
    first_role = display_role.groupby(key).transform("first")
    derived_id = first_company.mask(first_role.notna(), first_company + " / " + first_role)
    application = frame["application_id"].where(explicit, derived_id)
    application = application.where(kept & ~networking & ~ambiguous)

    frame = frame.copy()
    frame["application_id"] = application.astype("string")
    count = role_count.astype("string")
    new = ambiguous & frame["reject_code"].isna()
    frame.loc[new, "reject_code"] = "DQ009"
    frame.loc[new, "reject_column"] = "role"
    frame.loc[new, "reject_value"] = ""
    frame.loc[new, "reject_message"] = (
        "the role is blank and "
        + frame["candidate"][new]
        + " has "
        + count[new]
        + " applications at "
        + frame["company"][new]
        + "; say which one (role or application_id); row not loaded"
    )
    return frame


# -- typed events -------------------------------------------------------------------------


def _build_events(
    frame: pd.DataFrame, attributes: Iterable[str], as_of: pd.Timestamp
) -> pd.DataFrame:
    kept = frame[frame["reject_code"].isna()]
    events = pd.DataFrame(
        {
            "file": kept["file"].astype("string"),
            "line": kept["line"].astype("int64"),
            "candidate": kept["candidate"].astype("string"),
            "application_id": kept["application_id"].astype("string"),
            "company": kept["company"].mask(kept["company"].eq("")).astype("string"),
            "role": kept["role"].mask(kept["role"].eq("")).astype("string"),
            "event": kept["event"].astype(EVENT_DTYPE),
            "date": kept["date"].astype("datetime64[ns]"),
            "has_time": kept["has_time"].astype(bool),
        }
    )
    events["day"] = events["date"].dt.normalize()
    for column in TEXT_COLUMNS:
        events[column] = kept[column].astype("string")
    events["channel"] = kept["channel"].astype(CHANNEL_DTYPE)
    events["reason"] = kept["reason"].astype(REASON_DTYPE)
    for column in YES_NO_COLUMNS:
        events[column] = kept[column].astype("boolean")
    for column in DAY_COUNT_COLUMNS:
        events[column] = kept[column].astype("Int64")
    events["after_as_of"] = events["day"] > as_of
    for column in attributes:
        events[column] = kept[column].astype("string")
    events["_source_order"] = kept.index.to_numpy()
    return sort_events(events).drop(columns="_source_order").reset_index(drop=True)


def sort_events(events: pd.DataFrame) -> pd.DataFrame:
    """Sort by candidate, application, day and same-day order (DESIGN.md section 2).

    Within one application and day, rows go by time when every row there has
    one; otherwise by the rank of their event, then time, then source line.
    """
    keys = [events["candidate"], events["application_id"].fillna("\uffff"), events["day"]]
    all_timed = events["has_time"].groupby(keys, dropna=False).transform("all")
    rank = events["event"].map(SAME_DAY_RANK).astype("int64")
    order = pd.DataFrame(
        {
            "candidate": events["candidate"],
            "application": events["application_id"].isna(),
            "application_id": events["application_id"],
            "day": events["day"],
            "by_time": events["date"].where(all_timed, events["day"]),
            "rank": rank,
            "date": events["date"],
            "source_order": events["_source_order"]
            if "_source_order" in events
            else np.arange(len(events)),
        }
    )
    positions = order.sort_values(list(order.columns), kind="stable").index
    return events.loc[positions]


# -- quality findings ---------------------------------------------------------------------


def _severities(quality: pd.DataFrame) -> pd.DataFrame:
    from followup_stats.rules.catalogue import load_catalogue

    severities = {code: info.severity for code, info in load_catalogue().items()}
    return quality.assign(severity=quality["code"].map(severities))[list(QUALITY_COLUMNS)]


def _quality_table(
    frame: pd.DataFrame, blanked: pd.DataFrame, events: pd.DataFrame, as_of: pd.Timestamp
) -> pd.DataFrame:
    rejected = frame[frame["reject_code"].notna()]
    parts = [
        pd.DataFrame(
            {
                "file": rejected["file"],
                "line": rejected["line"],
                "column": rejected["reject_column"],
                "value": rejected["reject_value"],
                "code": rejected["reject_code"],
                "message": rejected["reject_message"],
                "rejected": True,
                "candidate": rejected["candidate"],
                "application_id": rejected["application_id"],
                "company": rejected["company"],
                "date": rejected["date"].dt.normalize(),
            }
        )
    ]
    details = blanked[frame["reject_code"].isna().to_numpy()[blanked["row"].to_numpy()]]
    if len(details):
        rows = frame.iloc[details["row"].to_numpy()]
        parts.append(
            pd.DataFrame(
                {
                    "file": rows["file"].to_numpy(),
                    "line": rows["line"].to_numpy(),
                    "column": details["column"].to_numpy(),
                    "value": details["value"].to_numpy(),
                    "code": "DQ004",
                    "message": details["message"].to_numpy(),
                    "rejected": False,
                    "candidate": rows["candidate"].to_numpy(),
                    "application_id": rows["application_id"].to_numpy(),
                    "company": rows["company"].to_numpy(),
                    "date": rows["date"].dt.normalize().to_numpy(),
                }
            )
        )
    parts.extend(_order_findings(events, as_of))
    found = [p for p in parts if len(p)]
    quality = pd.concat(found, ignore_index=True) if found else None
    if quality is None or quality.empty:
        quality = pd.DataFrame({c: pd.Series(dtype="object") for c in QUALITY_COLUMNS})
    quality = _severities(quality).astype(
        {
            "file": "string",
            "line": "int64",
            "column": "string",
            "value": "string",
            "code": "string",
            "severity": "string",
            "message": "string",
            "rejected": bool,
            "candidate": "string",
            "application_id": "string",
            "company": "string",
            "date": "datetime64[ns]",
        }
    )
    return (
        quality[list(QUALITY_COLUMNS)].sort_values(["file", "line", "code"]).reset_index(drop=True)
    )


def _finding(
    events: pd.DataFrame,
    mask: pd.Series,
    code: str,
    message: Callable[[pd.DataFrame, pd.Series], pd.Series],
) -> pd.DataFrame:
    """One finding per masked row; ``message`` is built for those rows only."""
    rows = events[mask.to_numpy()]
    day_text = rows["day"].dt.strftime("%d %b %Y").str.lstrip("0")
    return pd.DataFrame(
        {
            "file": rows["file"],
            "line": rows["line"],
            "column": "date" if code != "DQ007" else "event",
            "value": rows["date"].dt.strftime("%Y-%m-%d"),
            "code": code,
            "message": message(rows, day_text),
            "rejected": False,
            "candidate": rows["candidate"],
            "application_id": rows["application_id"],
            "company": rows["company"],
            "date": rows["day"],
        }
    )


def _order_findings(events: pd.DataFrame, as_of: pd.Timestamp) -> list[pd.DataFrame]:
    """DQ006 (before the applied row), DQ007 (thank-you before an interview), DQ008 (future)."""
    app = [events["candidate"], events["application_id"]]
    applied_day = events["day"].where(events["event"].eq("applied"))
    first_applied = applied_day.groupby(app).transform("min")
    before_applied = (events["day"] < first_applied).fillna(False).astype(bool)
    interviews_so_far = events["event"].eq("interview").astype("int64").groupby(app).cumsum()
    thank_you_early = (events["event"].eq("thank_you") & interviews_so_far.eq(0)).astype(bool)
    as_of_text = as_of.strftime("%d %b %Y").lstrip("0")

    def dq006(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        sent = first_applied[rows.index].dt.strftime("%d %b %Y").str.lstrip("0")
        return (
            rows["event"].astype("string")
            + " on "
            + day
            + " is dated before the application was sent on "
            + sent
        )

    def dq007(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        return "thank-you on " + day + " comes before any interview of this application"

    def dq008(rows: pd.DataFrame, day: pd.Series) -> pd.Series:
        return (
            rows["event"].astype("string")
            + " on "
            + day
            + " is after the as-of date "
            + as_of_text
            + "; kept but not judged"
        )

    return [
        _finding(events, before_applied, "DQ006", dq006),
        _finding(events, thank_you_early, "DQ007", dq007),
        _finding(events, events["after_as_of"], "DQ008", dq008),
    ]
