"""Run the etiquette rules over a log and collect diagnostics.

Each rule is a small function registered with :func:`rule`; it receives a
:class:`RuleContext` (the judged events, the rounds and the numbered
follow-ups, already built) and returns its findings as a DataFrame. The
engine adds the code and severity from the catalogue, merges the loader's
data-quality findings and applies ``select``/``ignore``.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from functools import cached_property

import numpy as np
import pandas as pd

from followup_stats.config import Config
from followup_stats.rules.catalogue import load_catalogue
from followup_stats.rules.wording import Voice
from followup_stats.tables import (
    ASSUMED_EVENT_COLUMNS,
    IDENTITY_COLUMNS,
    application_events,
    as_text,
    assumed_landmarks,
    interview_rounds_from,
    rounds_from,
    string_column,
    with_first_allowed,
)
from followup_stats.vocab import may_say_date_assumed, says_date_assumed

#: Columns of every diagnostics table (DESIGN.md section 3, plus the file); the
#: JSON keys of ``check --format json`` are the same.
DIAGNOSTIC_COLUMNS = (
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "date",
    "code",
    "severity",
    "message",
)
#: What a rule function returns: these columns, one row per finding.
FINDING_COLUMNS = ("file", "line", "candidate", "application_id", "company", "date", "message")


@dataclasses.dataclass
class RuleContext:
    """What the rules read: judged events, rounds and follow-ups as of a date."""

    events: pd.DataFrame
    as_of: pd.Timestamp
    config: Config
    #: :func:`followup_stats.tables.application_events` of ``events``, when already built.
    base: pd.DataFrame | None = None
    #: Whom the messages speak to: the job seeker ("you did not ask ...") or a coach
    #: ("the candidate did not ask ..."), :data:`~followup_stats.rules.wording.VOICES`.
    voice: Voice = "candidate"
    #: Tables two or more rules read, built by the first (:meth:`memo`).
    _memo: dict[str, pd.DataFrame] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def memo(self, key: str, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``make()``, worked out once for this context and those :meth:`speaking_to`
        makes from it (it must not depend on the voice)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def speaking_to(self, voice: Voice) -> RuleContext:
        """This context with messages worded for ``voice``, sharing its tables.

        The tables the rules read are built first, once, so that neither context
        builds them again.
        """
        if voice == self.voice:
            return self
        for table in ("judged", "ev", "follow_ups", "interview_rounds", "assumed"):
            getattr(self, table)
        spoken = copy.copy(self)  # the built tables (cached in __dict__) come along
        spoken.voice = voice
        return spoken

    @cached_property
    def judged(self) -> pd.DataFrame:
        """Events on or before the as-of date."""
        return self.events[self.events["day"] <= self.as_of]

    @cached_property
    def ev(self) -> pd.DataFrame:
        """Application events with round, number, anchor and first allowed day."""
        base = self.base if self.base is not None else application_events(self.events, self.as_of)
        return with_first_allowed(base, self.config)

    @cached_property
    def follow_ups(self) -> pd.DataFrame:
        """The numbered follow-ups of :attr:`ev` (filtered once for the timing rules)."""
        return self.ev[self.ev["counted"].to_numpy()]

    @cached_property
    def rounds(self) -> pd.DataFrame:
        """One row per round (index ``round_key``)."""
        return rounds_from(self.ev, self.as_of)

    @cached_property
    def interview_rounds(self) -> pd.DataFrame:
        """Rounds opened by an interview (index ``round_key``): all the rounds the rules
        and the patience analysis judge, made from their own rows, not from :attr:`rounds`."""
        if "rounds" in self.__dict__:  # already built: a filter is cheaper
            return self.rounds[self.rounds["round"] > 0]
        return interview_rounds_from(self.ev, self.as_of)

    def rounds_of(self, keys: np.ndarray) -> pd.DataFrame:
        """The rows of :attr:`rounds` with these ``round_key`` values (in ``keys``' order,
        repeated as they repeat), made from their applications' events alone (a round's
        end reads its application's later rounds)."""
        if "rounds" in self.__dict__:
            return self.rounds.reindex(keys)
        ev = self.ev
        apps = ev["app"].to_numpy()[ev["round_key"].isin(keys).to_numpy(dtype=bool)]
        wanted = np.isin(ev["app"].to_numpy(), apps)
        return rounds_from(ev[wanted], self.as_of).reindex(keys)

    @cached_property
    def assumed(self) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """Which dates the timing of each event of :attr:`ev` and each round reads are
        only assumed (:func:`~followup_stats.tables.assumed_landmarks`), or ``None`` when
        no row's notes begin ``date assumed`` (one test of the notes column)."""
        events = self.events
        if "notes" not in events.columns or not may_say_date_assumed(events["notes"]):
            return None
        ev = self.ev
        says = says_date_assumed(events["notes"])
        index = events.index
        rows = ev["row"].to_numpy()
        if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
            rows = index.get_indexer(pd.Index(rows))
        on_ev = says[rows]
        if not on_ev.any():
            return None
        return assumed_landmarks(ev, on_ev)

    def known_timing(self, rows: pd.DataFrame, landmarks: tuple[str, ...]) -> np.ndarray:
        """Whether the timing of each of ``rows`` (of :attr:`ev`, or of :attr:`rounds`
        when ``landmarks`` name round columns) reads no date that is only assumed.

        ``landmarks``: columns of :data:`~followup_stats.tables.ASSUMED_EVENT_COLUMNS`
        or of :data:`~followup_stats.tables.ASSUMED_ROUND_COLUMNS`. All True when the
        log has no such date.
        """
        known = np.ones(len(rows), dtype=bool)
        if self.assumed is None or not len(rows):
            return known
        per_event, per_round = self.assumed
        table = per_event if set(landmarks) <= set(ASSUMED_EVENT_COLUMNS) else per_round
        taken = table.loc[rows.index, list(landmarks)].to_numpy(dtype=bool)
        return np.asarray(~taken.any(axis=1), dtype=bool)


RuleFunction = Callable[[RuleContext], pd.DataFrame]
REGISTRY: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``code`` (one function per code)."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        REGISTRY[code] = function
        return function

    return register


def findings(rows: pd.DataFrame, message: pd.Series, date: pd.Series | None = None) -> pd.DataFrame:
    """Shape rule output from event or round rows (which carry file, line, ...).

    Columns keep their dtypes (categorical names stay categorical until
    :func:`run_rules` writes them as text once, for all rules together).
    """
    line = rows["line"] if "line" in rows else rows["start_line"]
    day = date if date is not None else (rows["day"] if "day" in rows else rows["start_day"])
    return pd.DataFrame(
        {
            "file": rows["file"].array,
            "line": line.to_numpy(),
            "candidate": rows["candidate"].array,
            "application_id": rows["application_id"].array,
            "company": rows["company"].array,
            "date": pd.Series(day).to_numpy(),
            "message": pd.Series(message).array,
        }
    )


def no_findings() -> pd.DataFrame:
    """What a rule returns when it finds nothing."""
    return pd.DataFrame({c: [] for c in FINDING_COLUMNS})


def _load_rule_modules() -> None:
    # Importing the modules registers their rules.
    from followup_stats.rules import asking, thank_you, timing, waiting  # noqa: F401


def empty_diagnostics() -> pd.DataFrame:
    """A diagnostics table with no rows and the right dtypes."""
    return _typed(pd.DataFrame({c: [] for c in DIAGNOSTIC_COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = as_text(frame)  # categorical names: each category written once
    return frame.astype(
        {
            "file": "string",
            "line": "int64",
            "candidate": "string",
            "application_id": "string",
            "company": "string",
            "date": "datetime64[ns]",
            "code": "string",
            "severity": "string",
            "message": "string",
        }
    )


def run_rules(
    events: pd.DataFrame,
    as_of: pd.Timestamp,
    config: Config,
    context: RuleContext | None = None,
    *,
    sort: bool = True,
) -> pd.DataFrame:
    """Every enabled FU rule over ``events``; columns :data:`DIAGNOSTIC_COLUMNS`.

    ``context`` is a :class:`RuleContext` of the same events, date and
    thresholds whose tables are already built (``config`` still chooses the
    rules that run). ``sort=False`` leaves the findings in rule order, for a
    caller that sorts them together with others (a stable sort gives the
    same order either way).
    """
    _load_rule_modules()
    catalogue = load_catalogue()
    if context is None:
        context = RuleContext(events, as_of, config)
    parts, codes = [], []
    for code in sorted(REGISTRY):
        if not config.enabled(code):
            continue
        found = REGISTRY[code](context)
        if len(found):
            parts.append(found)
            codes.append(code)
    if not parts:
        return empty_diagnostics()
    diagnostics = _stacked(parts)
    part = np.repeat(np.arange(len(parts)), [len(found) for found in parts])
    order = _coded_order(diagnostics, part) if sort else None
    if order is not None:  # sorted while the names are still integer codes
        diagnostics = diagnostics.take(order).reset_index(drop=True)
        part = part[order]
    # Code and severity of every row from its part's number: one string per code, taken.
    severities = [catalogue[code].severity for code in codes]
    diagnostics["code"] = string_column(part, codes)
    diagnostics["severity"] = string_column(part, severities)
    diagnostics = _typed(diagnostics[list(DIAGNOSTIC_COLUMNS)])
    return sort_diagnostics(diagnostics) if sort and order is None else diagnostics


def _stacked(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The rules' findings one under another, as ``pd.concat`` stacks them.

    A categorical column whose parts share one set of categories (the rules
    take names from the same judged events) is stacked by its codes:
    ``pd.concat`` would hash the categories of every part to compare them.
    """
    columns = list(parts[0].columns)
    shared = {column: _shared_categories(parts, column) for column in columns}
    by_codes = {column: dtype for column, dtype in shared.items() if dtype is not None}
    rest = [part.drop(columns=list(by_codes)) for part in parts] if by_codes else parts
    stacked = pd.concat(rest, ignore_index=True)
    for column, dtype in by_codes.items():
        codes = np.concatenate([part[column].cat.codes.to_numpy() for part in parts])
        stacked[column] = pd.Categorical.from_codes(codes, dtype=dtype)
    return stacked[columns]


def _shared_categories(parts: list[pd.DataFrame], column: str) -> pd.CategoricalDtype | None:
    """The dtype of ``column`` if it is categorical in every part with the very same
    categories (one Index, not equal ones: comparing would hash them); else None."""
    dtypes = [part[column].dtype for part in parts]
    first = dtypes[0]
    if not isinstance(first, pd.CategoricalDtype):
        return None
    for dtype in dtypes[1:]:
        if not isinstance(dtype, pd.CategoricalDtype):
            return None
        if dtype.categories is not first.categories or dtype.ordered != first.ordered:
            return None
    return first


#: What diagnostics are sorted by.
SORT_COLUMNS = ("file", "line", "code", "date")


def _sort_key(values: pd.Series) -> np.ndarray | None:
    """Integers that sort as ``values`` do in ``sort_values`` (missing last); None if unsure."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        codes, _ = pd.factorize(values, sort=True)
        return np.where(codes < 0, np.iinfo(np.int64).max, codes)
    if dtype == np.dtype("datetime64[ns]"):
        stamps = values.to_numpy()
        return np.where(np.isnat(stamps), np.iinfo(np.int64).max, stamps.view(np.int64))
    if dtype == np.dtype("int64"):
        return values.to_numpy()
    return None


def _text_sort_key(values: pd.Series) -> np.ndarray | None:
    """:func:`_sort_key` of a categorical column as :func:`_typed` will write it as text
    (each category once, as :func:`~followup_stats.tables.as_text` does); None if it is
    not categorical."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return None
    text = pd.Series(values.cat.categories).astype("string")
    ranks = _sort_key(text)
    if ranks is None:
        return None
    codes = values.cat.codes.to_numpy()
    return np.where(codes < 0, np.iinfo(np.int64).max, ranks[codes])


def _coded_order(stacked: pd.DataFrame, part: np.ndarray) -> np.ndarray | None:
    """The order :func:`sort_diagnostics` will give the rules' findings once typed, worked
    out before: names still categorical (their codes are taken, not a million strings),
    and the code by the number of its part (the parts come in code order). None when a
    column's dtype is not the usual one; the typed table is then sorted instead."""
    keys = []
    for column in SORT_COLUMNS:
        if column == "code":
            keys.append(part)
            continue
        values = stacked[column]
        key = _text_sort_key(values) if column in IDENTITY_COLUMNS else None
        if key is None:
            key = _sort_key(values)
        if key is None:
            return None
        keys.append(key)
    return np.lexsort(keys[::-1])


def sort_diagnostics(diagnostics: pd.DataFrame) -> pd.DataFrame:
    """File, line, then code: the order a linter prints in.

    A stable sort on integer keys (text by its sorted codes) when the columns
    have the usual dtypes, else ``sort_values``; the order is the same.
    """
    keys = [_sort_key(diagnostics[column]) for column in SORT_COLUMNS]
    if any(key is None for key in keys):
        ordered = diagnostics.sort_values(list(SORT_COLUMNS), kind="stable")
        return ordered.reset_index(drop=True)
    order = np.lexsort([key for key in reversed(keys) if key is not None])
    return diagnostics.take(order).reset_index(drop=True)


def check_events(
    events: pd.DataFrame, as_of: pd.Timestamp, config: Config | None = None
) -> pd.DataFrame:
    """Diagnostics of the FU rules for an events table (no data-quality codes)."""
    return run_rules(events, pd.Timestamp(as_of).normalize(), config or Config())


def quality_diagnostics(quality: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The loader's data-quality findings as diagnostics, filtered by select/ignore."""
    codes = quality["code"]
    kept = [code for code in codes.dropna().unique() if config.enabled(code)]  # a few codes
    rows = quality[codes.isin(kept).to_numpy(dtype=bool)]
    frame = pd.DataFrame({c: rows[c] for c in DIAGNOSTIC_COLUMNS if c in rows})
    return _typed(frame[list(DIAGNOSTIC_COLUMNS)])
