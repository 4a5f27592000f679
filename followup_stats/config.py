"""Settings: thresholds, rule selection, time zone and date format.

Read from ``[tool.followup_stats]`` in a ``pyproject.toml`` or from a
``followup-stats.toml`` (top level or the same table, not both), in the manner
of ruff: the closest one in the log's folder or any folder above it (then the
working directory and the folders above it), a ``followup-stats.toml`` before
a ``pyproject.toml`` in the same folder, and a ``pyproject.toml`` only when it
has a ``[tool.followup_stats]`` table. ``--config KEY=VALUE`` replaces a key of
the file; ``select``/``ignore``/``extend-select``/``extend-ignore`` are kept
as written and resolved in layers as in ruff (:meth:`Config.enabled_codes`,
:func:`layer_selection`). Unknown keys and tables, a key given twice, unknown
rule codes, an unreadable candidate file and a selection of no rule at all
are errors naming the file, line and column, never silently ignored.
``per-file-ignores`` maps glob patterns, relative to the configuration
file's folder, to codes dropped for the logs they match (:meth:`Config.ignored_in`);
``per-candidate-ignores`` maps candidate names to codes dropped for their
findings (:meth:`Config.ignored_for`), for a cohort log that holds many.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import re
import tomllib
import warnings
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from followup_stats import globs
from followup_stats.errors import ConfigError
from followup_stats.suggest import closest, fold, similarity

#: Every rule and data-quality code; the catalogue in ``seeds/`` is tested to agree.
ALL_CODES: tuple[str, ...] = tuple(f"FU{i:03d}" for i in range(1, 13)) + tuple(
    f"DQ{i:03d}" for i in range(1, 11)
)

#: The selector for every code, as in ruff; less specific than any prefix.
ALL = "ALL"

#: Looked for in this order in each folder: the first that applies wins there.
CONFIG_FILE_NAMES = ("followup-stats.toml", "pyproject.toml")


@dataclasses.dataclass(frozen=True)
class Config:
    """All settings, with the defaults of DESIGN.md sections 3 and 4.

    Attributes
    ----------
    thank_you_within_days
        FU001/FU002: calendar days after an interview for the thank-you.
    default_wait_days
        FU005: wait before a follow-up when neither a timetable nor an
        approved timeframe is recorded ("a week or so").
    final_note_gap_days
        FU007: minimum days between a follow-up and the final note.
    timeline_grace_days
        FU008: days past the employer's timetable before a final note.
    max_follow_ups
        FU009: the approved follow-up plus one final note.
    idle_days
        FU011: days of waiting without applying elsewhere or networking.
    ghost_after_days
        Statistics: silence after which an application counts as ghosted.
        ``todo`` and the report list last the steps allowed longer ago than this.
    select, ignore
        Code prefixes to report or drop, like ruff (``FU``, ``FU00``, ``FU005``,
        or ``ALL`` for every code), kept as written. ``select = None`` (not
        given) keeps the default selection, every code (``FU`` and ``DQ``), and
        ``ignore`` then removes from it, as in ruff.
    extend_select, extend_ignore
        Prefixes selected or ignored on top of ``select`` and ``ignore`` (ruff's
        ``extend-select`` and ``extend-ignore``).
    layers
        Selections layered on top of these, in order (the command line's
        ``--select``, ``--ignore``, ...; :func:`layer_selection`). Not a setting
        of the file.
    timezone
        IANA zone that aware times are converted to; rules compare days there.
    date_format
        strftime format for all-numeric dates such as ``11/3/2026``.
    per_file_ignores, extend_per_file_ignores
        Glob pattern -> code prefixes dropped for the logs it matches, as
        ruff's ``per-file-ignores`` (pairs, in the order written; the two
        settings add up). A pattern is relative to :attr:`root`, is also
        tried on the file name alone, and with a leading ``!`` applies to
        the logs it does not match.
    per_candidate_ignores
        Candidate name -> code prefixes dropped for that candidate's findings
        (pairs, in the order written): the name as the log writes it, spaces
        around it aside (a log without a ``candidate`` column: its file name
        without the extension).
    ignore_noqa
        Report what ``noqa`` in a row's notes would hide (``--ignore-noqa``).
        Not a setting of the file.
    root
        The folder that ``per_file_ignores`` patterns are relative to: the
        configuration file's, ``None`` for the working folder. Not a setting
        of the file; not compared.
    settled_ignores
        What ``per_file_ignores`` drops for each log, worked out where the logs
        were named (:meth:`settled_for`), so a process running in another
        folder (a Dask worker) drops the same codes. Not a setting of the
        file; not compared.

    Every value is checked here (a :class:`ConfigError` otherwise): thresholds
    within :data:`LIMITS` (days from 0, or 1, to :data:`MAX_DAYS`), a time zone
    the IANA database knows, a ``date_format`` that reads a whole date.
    """

    thank_you_within_days: int = 1
    default_wait_days: int = 7
    final_note_gap_days: int = 2
    timeline_grace_days: int = 3
    max_follow_ups: int = 2
    idle_days: int = 7
    ghost_after_days: int = 30
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    timezone: str = "UTC"
    date_format: str | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extend_per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_candidate_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    layers: tuple[RuleSelection, ...] = ()
    ignore_noqa: bool = False
    root: str | None = dataclasses.field(default=None, compare=False)
    settled_ignores: tuple[tuple[str, frozenset[str]], ...] | None = dataclasses.field(
        default=None, compare=False
    )

    def __post_init__(self) -> None:
        for field in THRESHOLDS:
            _check_threshold(field, getattr(self, field))
        _check_timezone(self.timezone)
        check_date_format(self.date_format)
        for key in SELECTION_KEYS:
            if isinstance(getattr(self, key), str):  # Config(select="FU005, FU009"): one list
                object.__setattr__(self, key, parse_codes(getattr(self, key)))
            for code in getattr(self, key) or ():
                _check_code_prefix(key, code)
        for key in PER_FILE_KEYS:
            object.__setattr__(self, key, per_file_pairs(key, getattr(self, key)))
        for key in PER_CANDIDATE_KEYS:
            object.__setattr__(self, key, per_candidate_pairs(key, getattr(self, key)))
        for layer in self.layers:
            if not isinstance(layer, RuleSelection):
                raise ConfigError("layers", f"expected rule selections, got {layer!r}")
        if not isinstance(self.ignore_noqa, bool):
            raise ConfigError("ignore_noqa", f"expected true or false, got {self.ignore_noqa!r}")

    @property
    def selection(self) -> RuleSelection:
        """This configuration's own select and ignore (with their extensions) as one layer."""
        return RuleSelection(self.select, (*self.ignore, *self.extend_ignore), self.extend_select)

    def enabled(self, code: str) -> bool:
        """Whether ``code`` is reported (:meth:`enabled_codes`)."""
        return code in self.enabled_codes()

    def enabled_codes(self) -> list[str]:
        """All codes this configuration reports, in catalogue order.

        Resolved as ruff does: the default selection (every code), then this
        configuration's :attr:`selection`, then each of :attr:`layers`. Within
        a layer the longest matching prefix wins (``ignore = ["FU"]`` with
        ``select = ["FU005"]`` keeps FU005; ``ALL`` is the least specific,
        and on a tie the ignore wins); a layer with a ``select`` starts afresh,
        one without changes what the layers below report.
        """
        selected: frozenset[str] = frozenset()
        for layer in (RuleSelection(DEFAULT_SELECT), self.selection, *self.layers):
            selected = layer.applied_to(selected)
        return [code for code in ALL_CODES if code in selected]

    def flattened(self) -> Config:
        """The same settings without :attr:`layers`: their result as the ``select``, if any.

        What a file can hold (a file has no command-line layers).
        """
        return self.selecting(self.enabled_codes()) if self.layers else self

    def selecting(self, codes: Iterable[str]) -> Config:
        """A copy that reports exactly ``codes`` (other settings kept)."""
        return dataclasses.replace(
            self, select=tuple(codes), ignore=(), extend_select=(), extend_ignore=(), layers=()
        )

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied (validated like the file)."""
        return from_mapping(changes, source="command line", base=self)

    def ignored_in(self, log: str | os.PathLike[str]) -> frozenset[str]:
        """The codes ``per_file_ignores`` (and its extension) drop for the log at ``log``.

        As ruff matches them (:mod:`followup_stats.globs`): a pattern is
        joined to :attr:`root` (the working folder when ``None``) and matched
        against the log's absolute path, ``..`` worked out, and against its
        file name alone; ``*`` may cross folders. A pattern
        starting with ``!`` applies to every log it does not match. A
        workbook's sheet label (``log.xlsx[Sheet1]``) is the workbook's path.
        """
        pairs = (*self.per_file_ignores, *self.extend_per_file_ignores)
        if not pairs:
            return frozenset()
        settled = dict(self.settled_ignores or ())
        if os.fspath(log) in settled:
            return settled[os.fspath(log)]
        path = _log_path(log)
        root = Path(self.root) if self.root else Path.cwd()
        dropped: set[str] = set()
        for pattern, codes in pairs:
            negated = pattern.startswith("!")
            if _path_matches(pattern[1:] if negated else pattern, path, root) != negated:
                for code in codes:
                    dropped.update(_matching(code))
        return frozenset(dropped)

    def ignored_for(self, candidate: str) -> frozenset[str]:
        """The codes ``per_candidate_ignores`` drops for ``candidate`` (spaces around it aside)."""
        name = candidate.strip()
        dropped: set[str] = set()
        for named, codes in self.per_candidate_ignores:
            if named == name:
                for code in codes:
                    dropped.update(_matching(code))
        return frozenset(dropped)

    def settled_for(self, logs: Iterable[str | os.PathLike[str]]) -> Config:
        """A copy that knows what :meth:`ignored_in` gives for each of ``logs`` here.

        A log's label and the patterns are relative to this process's working
        folder; a worker elsewhere would match them against its own.
        """
        if not (self.per_file_ignores or self.extend_per_file_ignores):
            return self
        settled = tuple((os.fspath(log), self.ignored_in(log)) for log in logs)
        return dataclasses.replace(self, settled_ignores=settled)

    def per_file_ignores_anchored(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Both per-file settings as one, each pattern made absolute (its ``!`` kept).

        What a copy of these settings written in another folder must hold to
        match the same logs (the reports write one for the notebooks).
        """
        root = Path(self.root) if self.root else Path.cwd()
        anchored = []
        for pattern, codes in (*self.per_file_ignores, *self.extend_per_file_ignores):
            negated = pattern.startswith("!")
            bare = pattern[1:] if negated else pattern
            anchored.append((("!" if negated else "") + _anchored(bare, root), codes))
        return tuple(anchored)


#: What the library's functions take as ``config``: settings, a table of them as a file
#: would hold (``{"default_wait_days": 3}``), a file, or ``None`` to find the file.
ConfigSource = Config | Mapping[str, Any] | str | Path | None

#: What is selected when no ``select`` is given: every code.
DEFAULT_SELECT: tuple[str, ...] = ("FU", "DQ")

#: The settings that are lists of code prefixes.
SELECTION_KEYS: tuple[str, ...] = ("select", "ignore", "extend_select", "extend_ignore")

#: The settings that map glob patterns to lists of code prefixes.
PER_FILE_KEYS: tuple[str, ...] = ("per_file_ignores", "extend_per_file_ignores")

#: The settings that map candidate names to lists of code prefixes.
PER_CANDIDATE_KEYS: tuple[str, ...] = ("per_candidate_ignores",)

#: The settings whose value is a table (key -> list of code prefixes).
TABLE_KEYS: tuple[str, ...] = (*PER_FILE_KEYS, *PER_CANDIDATE_KEYS)

#: Fields of :class:`Config` that no file or ``--config KEY=VALUE`` gives.
NOT_SETTINGS: frozenset[str] = frozenset({"layers", "ignore_noqa", "root", "settled_ignores"})


def _posix(path: Path) -> str:
    return path.as_posix()


def _absolute(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute with ``..`` and ``.`` worked out (symbolic links kept, as ruff)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def _log_path(log: str | os.PathLike[str]) -> Path:
    """The absolute path of the file a log's label names (a sheet's label: its workbook)."""
    text = os.fspath(log)
    sheet = re.fullmatch(r"(.+)\[[^\[\]]*\]", text)
    if sheet and not Path(text).exists():
        text = sheet.group(1)
    return _absolute(text)


def _anchored(pattern: str, root: Path) -> str:
    """``pattern`` made absolute: joined to ``root``, whose own ``[``, ``*``... are literal,
    with ``.``, ``..`` and doubled ``/`` worked out as in the log's path (as ruff does)."""
    absolute = pattern if os.path.isabs(pattern) else globs.escape(_posix(_absolute(root)))
    if absolute is not pattern:
        absolute += "/" + pattern
    return posixpath.normpath(absolute)


def _path_matches(pattern: str, path: Path, root: Path) -> bool:
    """Whether the glob ``pattern`` (relative to ``root``) names the log at ``path``.

    As in ruff, the pattern is tried on the file name too (``"log.csv"``,
    ``"**/log.csv"``, ``"{a,b}.csv"`` match such a file anywhere).
    """
    if globs.matches(pattern, path.name):
        return True
    return globs.matches(_anchored(pattern, root), _posix(path))


def per_file_pairs(key: str, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A ``per-file-ignores`` value as (pattern, codes) pairs; a :class:`ConfigError` if bad.

    Takes a table (``{"old/*.csv" = ["FU005"]}``) or the pairs themselves.
    Each pattern must be non-blank text and each list name known codes or
    prefixes (the message of an unknown one is the one ``ignore`` gives).
    """
    expected = "expected a table of glob patterns to lists of rule codes, such as "
    expected += '{"old/*.csv" = ["FU005"]}'
    items = _table_items(key, value, expected)
    pairs = []
    for pattern, codes in items:
        if not isinstance(pattern, str) or not pattern.strip().lstrip("!").strip():
            raise ConfigError(key, f"{expected}; got the pattern {pattern!r}")
        entry = pattern
        try:
            globs.glob_regex(pattern.strip().removeprefix("!"))
        except ValueError as problem:
            raise ConfigError(key, f"not a glob pattern: {problem}", entry=entry) from None
        if isinstance(codes, Mapping):  # log.csv = [...] unquoted: TOML reads a dotted key
            raise ConfigError(
                key,
                f"{pattern!r}: expected a list of rule codes, got a table; "
                'quote a pattern that holds a dot ("log.csv" = ["FU005"])',
                entry=entry,
            )
        pairs.append((pattern.strip(), _code_list(key, pattern, codes)))
    return tuple(pairs)


def _table_items(key: str, value: object, expected: str) -> list[tuple[Any, Any]]:
    """The (key, codes) entries of a table setting, given as a table or as pairs."""
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, tuple | list) and all(
        isinstance(pair, tuple | list) and len(pair) == 2 for pair in value
    ):
        return [(pair[0], pair[1]) for pair in value]
    raise ConfigError(key, f"{expected}, got {value!r}")


def _code_list(key: str, entry: str, codes: object) -> tuple[str, ...]:
    """The codes of one entry of a table setting; a :class:`ConfigError` naming it if bad."""
    if not isinstance(codes, str | list | tuple) or not all(isinstance(c, str) for c in codes):
        raise ConfigError(
            key,
            f"{entry!r}: expected a list of rule codes such as ['FU005'], got {codes!r}",
            entry=entry,
        )
    parsed = parse_codes(codes)
    for code in parsed:
        if not is_code_prefix(code):
            raise ConfigError(
                key, f"{entry!r}: unknown rule code {code!r} {unknown_code_hint(code)}", entry=entry
            )
    return parsed


def per_candidate_pairs(key: str, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A ``per-candidate-ignores`` value as (name, codes) pairs; a :class:`ConfigError` if bad.

    Takes a table (``{"Alex Rivera" = ["FU011"]}``) or the pairs themselves.
    Each name must be non-blank text, given once, and each list name known
    codes or prefixes.
    """
    expected = "expected a table of candidate names to lists of rule codes, such as "
    expected += '{"Alex Rivera" = ["FU011"]}'
    items = _table_items(key, value, expected)
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for name, codes in items:
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(key, f"{expected}; got the name {name!r}")
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # bytes of another encoding from a command line
            raise ConfigError(
                key, f"{name!r} is not UTF-8 text (a log's names are read as UTF-8)", entry=name
            ) from None
        if isinstance(codes, Mapping):  # Alex.Rivera = [...] unquoted: a dotted key
            raise ConfigError(
                key,
                f"{name!r}: expected a list of rule codes, got a table; "
                'quote a name that holds a dot ("A. Rivera" = ["FU011"])',
                entry=name,
            )
        if name.strip() in (named for named, _ in pairs):
            raise ConfigError(key, f"{name.strip()!r} is given twice; keep one", entry=name)
        pairs.append((name.strip(), _code_list(key, name, codes)))
    return tuple(pairs)


@dataclasses.dataclass(frozen=True)
class RuleSelection:
    """One layer of rule selection, as ruff layers a file's and the command line's.

    Attributes
    ----------
    select
        Prefixes that start the selection afresh; ``None``: not given, the
        layers below decide what else is reported.
    ignore
        Prefixes dropped (``ignore`` and ``extend-ignore`` together).
    extend_select
        Prefixes added.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def applied_to(self, selected: frozenset[str]) -> frozenset[str]:
        """The codes reported after this layer, given those ``selected`` below it.

        Selectors are applied from the least specific (``ALL``) to the most
        (a whole code), an ignore after a select of the same length, so the
        most specific decides.
        """
        given = [(s, True) for s in (*(self.select or ()), *self.extend_select)]
        given += [(s, False) for s in self.ignore]
        decided: dict[str, bool] = {}
        for selector, on in sorted(given, key=lambda item: (_rank(item[0]), not item[1])):
            decided.update(dict.fromkeys(_matching(selector), on))
        on_codes = {code for code, on in decided.items() if on}
        if self.select is not None:
            return frozenset(on_codes)
        return frozenset((selected | on_codes) - {c for c, on in decided.items() if not on})


THRESHOLDS: tuple[str, ...] = (
    "thank_you_within_days",
    "default_wait_days",
    "final_note_gap_days",
    "timeline_grace_days",
    "max_follow_ups",
    "idle_days",
    "ghost_after_days",
)

#: The longest a day threshold may be: ten years, the bound of the log's own day
#: counts (``contact_ok_after_days``, ``timeline_days``; ``parse.MAX_DAYS``).
#: Dates a threshold away from any as-of date then stay within what pandas holds.
MAX_DAYS = 3650
#: The most follow-ups ``max_follow_ups`` may allow (ignore FU009 to allow any number).
MAX_FOLLOW_UPS = 100

#: Each threshold's smallest and largest value. 0 days is meaningful for most
#: (thank the team the same day, no wait, no gap, no grace, flag any idle day);
#: a silence of 0 days is no silence (``ghost_after_days``), and the approved
#: follow-up is always allowed (``max_follow_ups``).
LIMITS: dict[str, tuple[int, int]] = {
    "thank_you_within_days": (0, MAX_DAYS),
    "default_wait_days": (0, MAX_DAYS),
    "final_note_gap_days": (0, MAX_DAYS),
    "timeline_grace_days": (0, MAX_DAYS),
    "max_follow_ups": (1, MAX_FOLLOW_UPS),
    "idle_days": (0, MAX_DAYS),
    "ghost_after_days": (1, MAX_DAYS),
}

#: The day ``date_format`` must write and read back (day > 12: day and month differ).
_FORMAT_PROBE = dt.datetime(2026, 11, 23)


def _check_threshold(field: str, value: object) -> None:
    """A :class:`ConfigError` unless ``value`` is a whole number within ``LIMITS[field]``."""
    low, high = LIMITS[field]
    what = "a whole number" if field == "max_follow_ups" else "a whole number of days"
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigError(field, f"must be {what} from {low} to {high}, got {value!r}")


def _check_timezone(value: object) -> None:
    """A :class:`ConfigError` unless ``value`` names a time zone of the IANA database."""
    expected = "expected an IANA time zone name such as 'UTC' or 'Europe/London'"
    if not isinstance(value, str):
        raise ConfigError("timezone", f"{expected}, got {value!r}")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of the database such as 'Europe', or a name too long.
        close = closest(value.strip(), sorted(zoneinfo.available_timezones()))
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError("timezone", f"unknown time zone {value!r}{hint}; {expected}") from None


def check_date_format(value: object) -> None:
    """A :class:`ConfigError` unless ``value`` is a strptime format that reads a whole date.

    It is tried as the loader uses it (:func:`pandas.to_datetime`): a day
    written with it must read back as that day, so a bad directive (``%Q``),
    a format without directives and one without a day, month or year fail here,
    not while reading the log.
    """
    if value is None:
        return
    example = "a strptime format such as '%d/%m/%Y' or '%m/%d/%Y'"
    if not isinstance(value, str) or "%" not in value:
        raise ConfigError("date_format", f"expected {example}, got {value!r}")
    import pandas as pd

    try:
        written = _FORMAT_PROBE.replace(tzinfo=dt.UTC).strftime(value)  # %z, %Z too
        with warnings.catch_warnings():  # Python 3.13 warns of a day with no year: refused below
            warnings.simplefilter("ignore", DeprecationWarning)
            read = pd.to_datetime(pd.Series([written]), format=value, errors="coerce").iloc[0]
    except (ValueError, TypeError) as exc:
        raise ConfigError("date_format", f"{value!r}: {exc}; expected {example}") from None
    day = None if pd.isna(read) else pd.Timestamp(read).tz_localize(None).normalize()
    if day != _FORMAT_PROBE:
        back = "cannot read it back" if day is None else f"reads it back as {day:%Y-%m-%d}"
        raise ConfigError(
            "date_format",
            f"{value!r} does not read a whole date (day, month and year): it writes "
            f"2026-11-23 as {written!r} and {back}; expected {example}",
        )


def _rank(selector: str) -> int:
    """How specific ``selector`` is: 0 for ``ALL``, else its length."""
    return 0 if selector == ALL else len(selector)


def _matching(selector: str) -> list[str]:
    """The codes ``selector`` names."""
    return [code for code in ALL_CODES if selector == ALL or code.startswith(selector)]


def is_code_prefix(code: object) -> bool:
    """Whether ``code`` selects some rule: ``ALL``, a code or a prefix such as ``FU``."""
    return code == ALL or (
        isinstance(code, str) and bool(code) and any(c.startswith(code) for c in ALL_CODES)
    )


def known_codes_text() -> str:
    """``known codes: ALL, FU001, ...``, as a message about an unknown code ends."""
    return f"known codes: ALL, {', '.join(ALL_CODES)}"


def _shared_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` start with alike."""
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


def closest_code(code: str) -> str | None:
    """The rule code ``code`` is most likely a slip for (``FU0013``: ``FU001``), else ``None``.

    The closest by :func:`followup_stats.suggest.closest`; of equally close
    codes, the one sharing the longest start with ``code``. ``None`` when none
    is close or the closest still tie (``fu050``: FU005, FU009 and FU010
    alike), rather than a guess picked by alphabetical order.
    """
    close = closest(code, ALL_CODES, n=len(ALL_CODES))
    scores = {
        known: (similarity(code, known), _shared_start(fold(code), fold(known))) for known in close
    }
    best = max(scores.values(), default=None)
    tied = [known for known, score in scores.items() if score == best]
    return tied[0] if len(tied) == 1 else None


def unknown_code_hint(code: str) -> str:
    """What follows ``unknown rule code CODE`` wherever a code is given (an option, a
    settings file): ``(did you mean FU001? known codes: ALL, FU001, ...)``."""
    close = closest_code(code)
    return f"({f'did you mean {close}? ' if close else ''}{known_codes_text()})"


def _check_code_prefix(key: str, code: object) -> None:
    if not is_code_prefix(code):
        raise ConfigError(key, f"unknown rule code {code!r} {unknown_code_hint(str(code))}")


def layer_selection(
    base: Config,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    source: str = "command line",
    extend_select: Iterable[str] | None = None,
) -> Config:
    """``select``/``ignore``/``extend_select`` layered on top of ``base``, as ruff layers them.

    A ``select`` starts the selection afresh: it, ``extend_select`` and this
    layer's ``ignore`` decide alone (longest prefix wins), and ``base``'s
    selection no longer counts. Without a ``select``, the ``extend_select``
    adds to and the ``ignore`` removes from what ``base`` reports, whatever
    ``base``'s own prefixes say. ``None`` means "not given"; an empty
    ``select`` is a selection of nothing. ``base``'s own settings are kept as
    written: the layer is added to :attr:`Config.layers`.
    """
    layer = RuleSelection(
        None if select is None else parse_codes(select),
        parse_codes(ignore),
        parse_codes(extend_select),
    )
    if layer == RuleSelection():
        return base
    try:
        for key in ("select", "ignore", "extend_select"):
            for code in getattr(layer, key) or ():
                _check_code_prefix(key, code)
    except ConfigError as exc:
        raise ConfigError(source, f"{exc.source}: {exc.message}") from None
    return dataclasses.replace(base, layers=(*base.layers, layer))


def require_selection(config: Config, source: str) -> Config:
    """``config``, or a :class:`ConfigError` when it reports no code at all."""
    if not config.enabled_codes():
        raise ConfigError(
            source,
            "no rule is selected: select and ignore leave no code to report; "
            "select at least one code or prefix, or ALL",
        )
    return config


def parse_codes(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Split ``"FU005, FU007"`` (or a list) into upper-case code prefixes."""
    if text is None:
        return ()
    parts = text.split(",") if isinstance(text, str) else list(text)
    return tuple(p.strip().upper() for p in parts if p.strip())


#: The settings a file or ``--config KEY=VALUE`` may give (not :data:`NOT_SETTINGS`).
SETTINGS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Config) if f.name not in NOT_SETTINGS
)


def from_mapping(values: Mapping[str, Any], source: str, base: Config | None = None) -> Config:
    """Build a configuration from a table of settings, rejecting unknown keys.

    Each key replaces that setting of ``base`` (as ruff's ``--config``), as
    written: ``ignore`` without ``select`` keeps the default selection and
    ignores from it. A key may be written with hyphens (``default-wait-days``),
    but a setting given twice is an error. Errors carry the key as written
    (:attr:`ConfigError.key`), so a file's reader can say on which line it is.
    """
    known = set(SETTINGS)
    changes: dict[str, Any] = {}
    written: dict[str, str] = {}  # setting -> the key as written (``default-wait-days``)
    for raw_key, value in values.items():
        key = str(raw_key).replace("-", "_")
        if key not in known:
            close = closest(key, sorted(known))
            hint = f"did you mean {close[0]}? " if close else ""
            raise ConfigError(
                source,
                f"unknown setting {raw_key!r} ({hint}known: {', '.join(sorted(known))})",
                key=str(raw_key),
            )
        if key in written:
            raise ConfigError(
                source,
                f"setting {key!r} given twice (as {written[key]!r} and {raw_key!r}); keep one",
                key=str(raw_key),
            )
        written[key] = str(raw_key)
        if key in SELECTION_KEYS:
            if not isinstance(value, str | list | tuple) or not all(
                isinstance(v, str) for v in value
            ):
                raise ConfigError(
                    source,
                    f"{raw_key}: expected a list of rule codes such as ['FU005'], got {value!r}",
                    key=str(raw_key),
                )
            value = parse_codes(value)
        changes[key] = value
    try:
        return dataclasses.replace(base or Config(), **changes)
    except ConfigError as exc:
        raw = written.get(exc.source, exc.source)
        raise ConfigError(source, f"{raw}: {exc.message}", key=raw, entry=exc.entry) from None


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def _read_toml_text(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and TOML document at ``path``; a :class:`ConfigError` naming line and column."""
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # as Notepad saves it
    except FileNotFoundError:
        raise ConfigError(str(path), "configuration file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, place = toml_error_place(exc, text)
        source = f"{path}:{place[0]}:{place[1]}" if place else str(path)
        raise ConfigError(source, f"not valid TOML: {message}") from None


def toml_error_place(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, tuple[int, int] | None]:
    """tomllib's message without its ``(at line L, column C)`` or ``(at end of
    document)``, and that line and column of ``text``."""
    message = str(exc)
    place = _TOML_PLACE.search(message)
    if place is not None:
        return message[: place.start()], (int(place.group(1)), int(place.group(2)))
    end = _TOML_END.search(message)
    if end is not None:
        return message[: end.start()], (text.count("\n") + 1, len(text) - text.rfind("\n"))
    return message, None


def _read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``; a :class:`ConfigError` naming line and column if broken."""
    return _read_toml_text(path)[1]


def _our_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """``[tool.followup_stats]`` of a parsed file, ``None`` if absent; an error if not a table."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(str(path), "'tool' must be a table")
    table = tool.get("followup_stats")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(str(path), "[tool.followup_stats] must be a table")
    return table


#: Our table, as its header names it.
OUR_TABLE = ("tool", "followup_stats")

_KEY_PART = r'(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_HEADER = re.compile(rf"\s*\[(?!\[)\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]")
_KEY_LINE = re.compile(rf"\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _dotted(text: str) -> tuple[str, ...]:
    """``tool . "followup_stats"`` -> ``("tool", "followup_stats")``."""
    return tuple(part.strip().strip("\"'") for part in re.findall(_KEY_PART, text))


def toml_place(text: str, key: str | None, table: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """Line and column (1-based) of ``key`` in ``table`` of a TOML text, or of that table's header.

    tomllib gives no positions, so the text is scanned line by line: a key
    is found at the start of a line, in the table it belongs to (the top
    level for ``()``), or as a dotted key (``tool.followup_stats.KEY``)
    above any table. ``None`` when it cannot be found.
    """
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = _dotted(header.group(1))
            if key is None and current[: len(table)] == table:
                return number, line.index("[") + 1
            if current == (*table, key):  # a key written as a table: [tool.followup_stats.KEY]
                return number, line.index("[") + 1
            continue
        found = _KEY_LINE.match(line)
        if not found:
            continue
        path = (*current, *_dotted(found.group(1)))
        inside = len(path) > len(table) and path[: len(table)] == table
        if path == (*table, key) or (key is None and inside):
            return number, found.start(1) + 1
    return None


def _at(path: Path, text: str, key: str | None, table: tuple[str, ...] = ()) -> str:
    """``path:line:column`` of ``key`` (or of ``table``'s header), or ``path`` when not found."""
    place = toml_place(text, key, table)
    return f"{path}:{place[0]}:{place[1]}" if place else str(path)


#: How close (:func:`~followup_stats.suggest.similarity`) a ``pyproject.toml`` table's name
#: must be to ``followup_stats`` to be refused as a slip for it: a letter left out, doubled
#: or swapped (``folowup_stats``, ``followup_stas``: 0.96), not another tool's name that
#: shares a word (``followup``: 0.76).
MISSPELT_TABLE = 0.9


def _refuse_misspelt_table(data: dict[str, Any], path: Path, text: str) -> None:
    """A :class:`ConfigError` for a ``pyproject.toml`` table named like ours but not ours
    (``[tool.followup-stats]``, as the command is spelt, or ``[tool.folowup_stats]``):
    its settings would be skipped without a word, as another tool's table is."""
    tool = data.get("tool")
    for name in tool if isinstance(tool, dict) else {}:  # a misshapen one: _our_table says
        if name != "followup_stats" and similarity(str(name), "followup_stats") >= MISSPELT_TABLE:
            raise ConfigError(
                _at(path, text, None, ("tool", name)),
                f"[tool.{name}] is not read (did you mean [tool.followup_stats]?); "
                "followup-stats takes its settings from [tool.followup_stats] only",
            )


def _settings_table(
    data: dict[str, Any], path: Path, text: str
) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """The settings of a parsed file and where they are (the table's header path).

    A ``pyproject.toml`` holds them in ``[tool.followup_stats]`` (``None``
    without one). Any other file holds them at the top level or in that
    table, not both, and no other ``[tool.*]`` table: those are errors.
    """
    table = _our_table(data, path)
    if path.name == "pyproject.toml":
        _refuse_misspelt_table(data, path, text)
        return None if table is None else (table, OUR_TABLE)
    for name in data.get("tool") or {}:
        if name == "followup_stats":
            continue
        hint = " (did you mean [tool.followup_stats]?)" if closest(name, [OUR_TABLE[1]]) else ""
        raise ConfigError(
            _at(path, text, None, ("tool", name)),
            f"unknown table [tool.{name}]{hint}; this file holds followup-stats settings "
            "only, at the top level or in [tool.followup_stats]",
        )
    top = {k: v for k, v in data.items() if k != "tool"}
    if table is None:
        return top, ()
    if top:
        raise ConfigError(
            _at(path, text, None, OUR_TABLE),
            f"settings in two places: top-level keys ({', '.join(map(str, top))}) and a "
            "[tool.followup_stats] table; keep them in one",
        )
    return table, OUR_TABLE


def read_config_file(path: str | Path) -> Config:
    """Read settings from ``path`` (a ``pyproject.toml`` or ``followup-stats.toml``).

    An error in a setting names the file, line and column of its key.
    """
    path = Path(path)
    text, data = _read_toml_text(path)
    found = _settings_table(data, path, text)
    if found is None:
        return Config()
    table, where = found
    try:
        config = from_mapping(table, source=str(path))
    except ConfigError as exc:
        if exc.key is None:
            raise
        place = toml_place(text, exc.entry, (*where, exc.key)) if exc.entry is not None else None
        at = f"{path}:{place[0]}:{place[1]}" if place else _at(path, text, exc.key, where)
        raise ConfigError(at, exc.message, key=exc.key) from None
    return dataclasses.replace(config, root=str(path.parent.absolute()))


def _config_in(folder: Path) -> Path | None:
    """The configuration file that applies in ``folder`` itself, if any.

    A ``followup-stats.toml`` wins over a ``pyproject.toml`` beside it (which is
    then not read at all); a ``pyproject.toml`` counts only with our table, and
    one that is not valid TOML is an error, since it might have held it. So is
    either name on something that is no file (a folder, a pipe, a broken link).
    """
    for name in CONFIG_FILE_NAMES:
        candidate = folder / name
        named = Path(shown_path(candidate))  # the same file, as messages name it
        if not candidate.is_file():
            if os.path.lexists(candidate):  # it would be read if it could: never skipped silently
                raise ConfigError(
                    str(named),
                    "cannot be read as a settings file (a folder, a pipe, or a link to "
                    "nothing); fix or remove it, or name the settings with --config",
                )
            continue
        if name == "pyproject.toml":
            text, data = _read_toml_text(named)
            ours = _our_table(data, named)
            _refuse_misspelt_table(data, named, text)
            if ours is None:
                continue
        return candidate
    return None


def _closest_config(start: Path, seen: dict[Path, Path | None]) -> Path | None:
    """The closest configuration file in ``start`` or a folder above it."""
    for folder in (start, *start.parents):
        if folder not in seen:
            seen[folder] = _config_in(folder)
        if seen[folder] is not None:
            return seen[folder]
    return None


def config_groups(
    log_paths: Iterable[str | Path] = (), cwd: Path | None = None
) -> list[tuple[Path | None, list[str]]]:
    """The logs grouped by the configuration file that judges each, as ruff finds it.

    Each log's folder and the folders above it are searched, nearest first; a
    ``pyproject.toml`` counts only when it has a ``[tool.followup_stats]``
    table. Logs with no file above them share the one found from the working
    directory up (``None`` when there is none either), and join the group of
    that file when another log has it. Groups come in the order of their
    first log; each keeps its logs in the order given.
    """
    logs = [str(log) for log in log_paths]
    seen: dict[Path, Path | None] = {}
    found: dict[Path | None, list[str]] = {}
    for log in logs:
        try:
            folder = Path(log).resolve().parent
        except (OSError, RuntimeError):  # a symbolic link loop: reported when the log is read
            folder = Path(log).absolute().parent
        found.setdefault(_closest_config(folder, seen), []).append(log)
    if None in found or not found:
        orphans = set(found.pop(None, []))
        fallback = _closest_config((cwd or Path.cwd()).resolve(), seen)
        joined = orphans | set(found.get(fallback, []))
        found[fallback] = [log for log in logs if log in joined]
    first = {log: index for index, log in reversed(list(enumerate(logs)))}
    return sorted(found.items(), key=lambda item: first[item[1][0]] if item[1] else -1)


def shown_path(path: Path | None) -> str:
    """A configuration file as messages name it, as ruff and mypy name files.

    Relative to the working folder when inside it (``sub/followup-stats.toml``),
    else absolute; a symbolic link is named as itself, not as what it points to.
    """
    if path is None:
        return "none"
    try:
        return str(_absolute(path).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):  # outside the working folder, or that folder is gone
        return str(path)


def find_config_file(log_paths: Iterable[str | Path] = (), cwd: Path | None = None) -> Path | None:
    """The one configuration file of the logs (:func:`config_groups`), else the error.

    Logs whose closest files differ are an error here (a run of ``stats`` or a
    report pools the logs under one configuration), a log with none beside
    one with a file included: name one with ``--config``. ``check`` and
    ``todo`` judge such logs group by group instead.
    """
    groups = config_groups(list(log_paths), cwd)
    if len(groups) > 1:
        raise ConfigError(
            "configuration",
            f"the logs use different configuration files ({differing_files(groups)}); "
            "this command pools them under one: choose it with --config",
        )
    return groups[0][0] if groups else None


def differing_files(groups: Sequence[tuple[Path | None, Sequence[str]]]) -> str:
    """Two logs of :func:`config_groups` with their files, as errors name them
    (``a.csv: a/followup-stats.toml; b.csv: none``); a log with none second."""
    (first, (first_log, *_)), (second, (second_log, *_)) = sorted(
        groups, key=lambda item: item[0] is None
    )[:2]
    return f"{first_log}: {shown_path(first)}; {second_log}: {shown_path(second)}"


def config_file_in_use(
    config: Config | str | Path | None, log_paths: Iterable[str | Path] = ()
) -> Path | None:
    """The file :func:`resolve_config` reads for ``config`` and these logs, if any."""
    if isinstance(config, Config):
        return None
    if config is not None:
        return Path(config)
    return find_config_file(log_paths)


def resolve_config(
    config: ConfigSource = None,
    log_paths: Iterable[str | Path] = (),
    overrides: Mapping[str, Any] | None = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    require: bool = True,
) -> Config:
    """The configuration to use: explicit object, settings table or file, else discovered,
    plus overrides.

    ``overrides`` replace the file's settings key by key (as ruff's ``--config
    KEY=VALUE``); ``select``, ``ignore`` and ``extend_select`` (the
    ``--select``, ``--ignore`` and ``--extend-select`` options) are then
    layered on top as ruff does (:func:`layer_selection`). A result that
    selects no code is a :class:`ConfigError` unless ``require`` is false.
    """
    if isinstance(config, Config):
        base, source = config, "configuration"
    elif isinstance(config, Mapping):  # {"default_wait_days": 3}, as a file's settings
        base, source = from_mapping(config, source="configuration"), "configuration"
    elif config is not None and not isinstance(config, str | os.PathLike):
        raise TypeError(
            "config must be a Config, a table of settings or a settings file, "
            f"not {type(config).__name__} (give as_of by name: as_of=...)"
        )
    else:
        found = config_file_in_use(config, log_paths)
        if found is not None and config is None:  # found by searching: named as ruff names it
            found = Path(shown_path(found))
        base = read_config_file(found) if found else Config()
        source = str(found) if found else "configuration"
    cleaned = {k: v for k, v in (overrides or {}).items() if v is not None}
    if cleaned:
        base = base.replace(**cleaned)
        if set(SELECTION_KEYS) & {key.replace("-", "_") for key in cleaned}:
            source = "command line"  # else an empty selection is still the file's
    extend = parse_codes(extend_select)
    if select is not None or ignore or extend:
        if require and select is None and not extend:
            # An --ignore cannot be to blame when nothing was selected before it.
            require_selection(base, source)
        base = layer_selection(base, select, ignore, extend_select=extend)
        source = "command line"
    return require_selection(base, source) if require else base


def file_setting_lines(path: str | Path) -> dict[str, int | None]:
    """The settings a configuration file gives, each with the line its key is on.

    Keys are setting names (``default_wait_days``, however the file writes
    them); the line is ``None`` when it cannot be placed (:func:`_place`).
    A file without our settings gives ``{}``. Read as :func:`read_config_file`
    reads it, so a file it refuses is refused here too.
    """
    path = Path(path)
    text, data = _read_toml_text(path)
    found = _settings_table(data, path, text)
    if found is None:
        return {}
    table, where = found
    lines: dict[str, int | None] = {}
    for raw_key in table:
        place = toml_place(text, str(raw_key), where)
        lines[str(raw_key).replace("-", "_")] = place[0] if place else None
    return lines


@dataclasses.dataclass(frozen=True)
class SettingSource:
    """One setting as ``check --show-settings`` shows it: value and where it came from.

    ``source`` is ``default``, ``file`` or ``command line`` (``--config KEY=VALUE``);
    ``line`` is the file's line for ``file``.
    """

    name: str
    value: Any
    source: str
    line: int | None = None


def setting_sources(
    config: Config, config_file: Path | None, overrides: Mapping[str, Any] | None = None
) -> list[SettingSource]:
    """Each setting of ``config`` (as :data:`SETTINGS` orders them) and where it came from.

    ``config_file`` is the file that was read (:func:`config_file_in_use`),
    ``overrides`` the ``--config KEY=VALUE`` settings, which win over it.
    """
    in_file = file_setting_lines(config_file) if config_file else {}
    given = {str(key).replace("-", "_") for key, v in (overrides or {}).items() if v is not None}
    sources = []
    for name in SETTINGS:
        value = getattr(config, name)
        if name in given:
            sources.append(SettingSource(name, value, "command line"))
        elif name in in_file:
            sources.append(SettingSource(name, value, "file", in_file[name]))
        else:
            sources.append(SettingSource(name, value, "default"))
    return sources
