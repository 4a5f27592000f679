"""Wide trackers: one row per application, one column per milestone date, into events.

A job seeker's own spreadsheet usually has a row per application with date
columns (applied, interview(s), thank-you, follow-up 1..n, response,
decision) and a status word. Each dated cell becomes one event on the row's
line; the status says which decision the decision date (or, failing it, the
response date) records.

Columns are found by a :class:`Layout` (the built-in one covers Company,
Position, Date Applied, Interview Date, Thank You Sent, Follow Up 1, Follow Up
2, Response Date, Decision Date, Status, with case, spacing and punctuation
tolerated) and a :class:`Mapping` file for anything else::

    # tracker-map.toml
    date_format = "%d/%m/%Y"          # how text dates are written (optional)
    [columns]
    company = "Employer"
    role = "Job"
    applied = "Sent"
    interview = ["Phone screen", "Onsite"]
    thank_you = "Thanks sent"
    follow_up = ["Chased", "Chased again"]
    response = "Heard back"
    decision = "Decided on"
    status = "Where it stands"
    [status]
    offer = ["Offer!"]
    rejection = ["No", "Declined"]
    withdrawal = ["Pulled out"]

Roles not named in ``[columns]`` are still looked for by the built-in layout
(``auto = false`` turns that off); ``[status]`` words add to the built-in
ones. Every other column is kept as an attribute of the application.

What cannot be had from a row is said, never invented: a decision status
without any date for it, yes/no cells in a date column (a thank-you "sent: yes"
has no day to judge), status words that are not understood.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Collection
from collections.abc import Mapping as MappingABC
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from followup_stats import parse
from followup_stats.config import check_date_format
from followup_stats.errors import ConfigError, LogFormatError, standard_input_not_read
from followup_stats.importers.base import (
    CANONICAL_ORDER,
    Conversion,
    MappingError,
    canonical_hint,
    date_cells,
    header_key,
    lines_text,
    not_in_format,
    totals_placeholders,
    word_key,
)
from followup_stats.joined_rows import field, joined_rows
from followup_stats.plural import counted, plural
from followup_stats.read import NOT_IN_LOG, RawTable
from followup_stats.suggest import closest
from followup_stats.vocab import (
    NO_WORDS,
    YES_WORDS,
    bare_labels,
    doubted_by_marks,
    label_remarks,
    says_not_happened,
    two_steps,
    without_remark,
)

#: Date columns, in the order their events happen on one day.
DATE_ROLES: tuple[str, ...] = (
    "applied",
    "interview",
    "thank_you",
    "follow_up",
    "response",
    "decision",
)
#: A header the built-in layout reads for each date role, for messages.
STEP_EXAMPLES: dict[str, str] = {
    "applied": "Date Applied",
    "interview": "Interview Date",
    "thank_you": "Thank You Sent",
    "follow_up": "Follow Up 1",
    "response": "Response Date",
    "decision": "Decision Date",
}
#: Roles that may have several columns.
MULTI_ROLES = frozenset({"interview", "follow_up"})
#: Columns copied onto the row's events (``notes`` onto its first, ``channel`` onto ``applied``).
TEXT_ROLES: tuple[str, ...] = (
    "company",
    "role",
    "status",
    "candidate",
    "application_id",
    "contact",
    "channel",
    "notes",
)
ROLES: tuple[str, ...] = DATE_ROLES + TEXT_ROLES
#: What a status word can mean; the first five are decisions.
CATEGORIES: tuple[str, ...] = (
    "offer",
    "rejection",
    "withdrawal",
    "accepted",
    "declined",
    "interview",
    "applied",
    "open",
    "not_applied",
)
#: The events a decision status turns the decision date into.
DECISION_EVENTS: dict[str, tuple[str, ...]] = {
    "offer": ("offer",),
    "rejection": ("rejection",),
    "withdrawal": ("withdrew",),
    "accepted": ("offer", "accepted"),
    "declined": ("offer", "declined"),
}
#: Employer decisions, which a response date may date when no decision date is given.
EMPLOYER_DECISIONS = frozenset({"offer", "rejection", "accepted", "declined"})

#: Status words understood without a mapping file, by category.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "offer": (
        "offer",
        "offered",
        "offer received",
        "offer extended",
        "job offer",
        "verbal offer",
        "negotiating",
        "negotiation",
    ),
    "accepted": ("accepted", "offer accepted", "accepted offer", "hired"),
    "declined": ("offer declined", "declined offer", "i declined", "turned down offer"),
    "rejection": (
        "rejected",
        "rejection",
        "not selected",
        "not moving forward",
        "unsuccessful",
        "turned down",
        "declined by employer",
        "position filled",
        "no offer",
    ),
    "withdrawal": (
        "withdrew",
        "withdrawn",
        "i withdrew",
        "withdraw",
        "pulled out",
        "no longer interested",
    ),
    "interview": (
        "interview",
        "interviewing",
        "interviewed",
        "interview scheduled",
        "phone screen",
        "screening",
        "onsite",
        "final round",
    ),
    "applied": ("applied", "submitted", "application sent", "in review", "under review"),
    "open": (
        "pending",
        "waiting",
        "in progress",
        "on hold",
        "no response",
        "no reply",
        "ghosted",
        "archived",
        "closed",
    ),
    "not_applied": ("wishlist", "bookmarked", "saved", "to apply", "applying", "interested"),
}


@dataclasses.dataclass(frozen=True)
class Layout:
    """How a known wide format names its columns and status words.

    Attributes
    ----------
    format, title
        Name and description for messages.
    patterns
        Role -> regular expression matched against :func:`header_key` of each header.
    status
        Category -> status words.
    not_mapped
        Header key -> why no event is made from that column unless a mapping
        file names it (it is kept as an attribute).
    """

    format: str
    title: str
    patterns: dict[str, str]
    status: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=lambda: STATUS_WORDS)
    not_mapped: dict[str, str] = dataclasses.field(default_factory=dict)


#: The built-in layout of a job seeker's own tracker.
WIDE_LAYOUT = Layout(
    format="wide",
    title="wide tracker",
    patterns={
        "company": r"company|company_name|employer|organi[sz]ation|firm",
        "role": r"position|role|job_title|title|job|job_position|job_role|position_title",
        "applied": r"(date_)?applied(_date|_on)?|application_date|date_of_application"
        r"|submitted(_on|_date)?",
        "interview": r"((first|second|third|final|1st|2nd|3rd|\d+(st|nd|rd|th))_)?"
        r"(interview|phone_screen|screen|onsite|on_site)(_date)?(_\d+)?|interview(ed)?_on"
        r"|date_of_interview",
        "thank_you": r"thank_?you(_note|_email|_letter)?(_sent)?(_date|_on)?|thanks(_sent)?"
        r"|date_thank_you_sent",
        "follow_up": r"((first|second|third|1st|2nd|3rd)_)?follow_?ups?(_date)?(_\d+)?(_sent)?"
        r"(_date|_on)?|followed_up(_on)?",
        "response": r"(first_)?response(_date)?|date_of_response|responded(_on)?"
        r"|heard_back(_on)?|reply(_date)?",
        "decision": r"decision(_date)?|outcome_date|date_of_decision|decided(_on)?",
        "status": r"status|outcome|result|current_status|application_status",
        "candidate": r"candidate|client",
        "application_id": r"application_id",
        "contact": r"contact(_name|_person)?|recruiter|hiring_manager",
        "channel": r"channel|applied_via",
        "notes": r"notes?|comments?",
    },
)


@dataclasses.dataclass(frozen=True)
class Mapping:
    """A mapping file: which column is which, what status words mean, how dates are written.

    Attributes
    ----------
    columns
        Role -> column headers (as written in the file; matched like headers).
    status
        Category -> status words (added to the layout's).
    date_format
        ``strftime`` format of all-numeric text dates, e.g. ``%d/%m/%Y``.
    auto
        Also find roles not named in ``columns`` with the built-in layout.
    format
        ``wide``, ``huntr`` or ``teal``: which converter the file is for.
    source
        The mapping file, for messages.
    """

    columns: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    status: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    date_format: str | None = None
    auto: bool = True
    format: str = "wide"
    source: str = "<mapping>"
    #: The file's text, so an error can name the line and column of an entry.
    text: str = dataclasses.field(default="", repr=False, compare=False)

    def at(self, *path: str) -> str:
        """``source:line:column`` of the entry at ``path`` (``"columns", "role"``).

        The nearest enclosing entry or table header is named when the entry
        itself cannot be placed (an inline table), else the file alone.
        """
        return _entry_place(self.source, self.text, path)


def _entry_place(source: str, text: str, path: tuple[str, ...]) -> str:
    """``source:line:column`` of the TOML entry at ``path``, or of the nearest enclosing one."""
    from followup_stats.config import toml_place

    for end in range(len(path), 0, -1):
        place = toml_place(text, path[end - 1], path[: end - 1])
        if place is not None:
            return f"{source}:{place[0]}:{place[1]}"
    return source


def _strings(value: Any, where: tuple[str, str], source: str, text: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(v, str) and v.strip() for v in items)
    ):
        what = "a column name" if where[0] == "columns" else "a status word"
        raise MappingError(
            _entry_place(source, text, where),
            f"{'.'.join(where)}: expected {what} or a list of them, got {value!r}",
        )
    return tuple(items)


def _read_mapping_text(path: str | Path) -> str:
    """The text of a mapping file; a :class:`MappingError` when it cannot be read."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        if source == "-":  # a file named "-" is read; standard input is not
            instead = "give a mapping file (or /dev/stdin)"
            raise MappingError(source, standard_input_not_read(instead)) from None
        raise MappingError(source, "no such mapping file") from None
    except IsADirectoryError:
        raise MappingError(source, "this is a folder, not a mapping file") from None
    except OSError as exc:
        raise MappingError(source, f"cannot read the mapping file: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        before = data[bom : bom + exc.start]  # the error counts from after the BOM
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise MappingError(
            f"{source}:{line}:{column}", f"not valid TOML: not UTF-8 text ({exc.reason})"
        ) from None


def _slip(name: str, known: Collection[str]) -> str:
    """`` (did you mean applied?)`` when ``name`` is close to a known one (``applid``)."""
    close = closest(str(name), sorted(known))
    return f" (did you mean {close[0]}?)" if close else ""


def _words(text: object) -> frozenset[str]:
    """The words of ``text`` (runs of letters and digits), lower-cased."""
    return frozenset(re.findall(r"[0-9a-z]+", str(text).lower()))


def unknown_words_text(
    counts: pd.Series, layout_words: MappingABC[str, tuple[str, ...]], mapping: Mapping | None
) -> str:
    """The first eight words not understood with their counts, each close to a known
    status word saying which: ``'Aplied' (1; did you mean applied?), 'Weird' (2)``.

    ``counts``: word -> rows (most first); words are compared as they are matched
    (:func:`word_key`, so ``Phonescren`` is close to ``Phone screen``), and the known
    one is shown as the layout or mapping writes it. A known word is not suggested
    for some of its words alone: a word left out may say who acted (``Declined`` is
    ``I declined`` or ``declined by employer``), which no typing slip does.
    """
    written = [w for words in layout_words.values() for w in words]
    if mapping is not None:
        written += [w for words in mapping.status.values() for w in words]
    shown: dict[str, str] = {}
    for word in written:  # the built-in and mapped words: a few dozen
        shown.setdefault(word_key(word), word)
    listed = []
    first = counts.head(8)  # distinct words, at most eight
    labels = pd.Series(first.index, dtype="string")
    # A remark saying the step did not happen ('Offer (rescinded)') gets no guess: the
    # closest word is the step itself.
    negated = says_not_happened(labels).to_numpy(dtype=bool)
    # Nor does a status naming two steps ('Interview - rejected', 'Intervew - rejectd'):
    # a guess at either would drop the other, as in a log.
    table = status_table(layout_words, mapping)
    steps = two_steps(labels, _status_meaning(table, close=True))
    # "Offer (acepted)" is "Offer (accepted)" misspelt, a known word: one step, as in a log.
    # The label may be misspelt too ("Ofer (accepted)"): then its step as read, spelt right.
    second = " " + steps["second"].fillna("")
    one = pd.Series(False, index=labels.index)
    for label in (bare_labels(labels), steps["first"].fillna("")):
        spelt = (label + second).map(word_key)
        one |= spelt.map(table).astype("string").eq(steps["second"]).fillna(False)
    steps.loc[one.to_numpy(dtype=bool)] = pd.NA
    both = (steps["first"] + " and " + steps["second"]).tolist()
    bare, remarks = bare_labels(labels).tolist(), label_remarks(labels).tolist()
    for (unknown, count), says_not, two, bare_label, remark in zip(
        first.items(), negated, both, bare, remarks, strict=True
    ):
        words = _words(unknown)
        eligible = [key for key, word in shown.items() if not words < _words(word)]
        close = [] if says_not or two is not pd.NA else closest(word_key(unknown), eligible)
        if says_not and remark is not pd.NA and word_key(remark):  # not marks alone: (?)
            # "Ofer - declined": its remark reads as the step denied, yet the label spelt
            # right and the remark are a known word ("Offer - declined"): that is the guess.
            label_spelt = closest(word_key(bare_label), list(shown))
            denied = word_key(f"{shown[label_spelt[0]]} {remark}") if label_spelt else ""
            close = [denied] if denied in shown else []
        hint = f"; did you mean {shown[close[0]]}?" if close else ""
        if two is not pd.NA:
            hint = f"; two steps in one cell: {two}"
        listed.append(f"{str(unknown)!r} ({count}{hint})")
    return ", ".join(listed)


def load_mapping(path: str | Path) -> Mapping:
    """Read a mapping file (TOML; see the module docstring).

    Every error names the file, and the line and column of the entry to blame
    (``tracker-map.toml:4:1: [columns]: unknown role ...``).

    Raises
    ------
    MappingError
        For a file that cannot be read, unknown keys, roles or categories,
        values of the wrong kind, or a status word given two meanings.
    """
    from followup_stats.config import toml_error_place

    source = str(path)
    text = _read_mapping_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, place = toml_error_place(exc, text)
        where = f"{source}:{place[0]}:{place[1]}" if place else source
        raise MappingError(where, f"not valid TOML: {message}") from None

    def at(*entry: str) -> str:
        return _entry_place(source, text, entry)

    known = {"format", "columns", "status", "date_format", "auto"}
    unknown = [k for k in data if k not in known]
    if unknown:
        raise MappingError(
            at(unknown[0]),
            f"unknown {plural(len(unknown), 'key')} {', '.join(unknown)}"
            f"{_slip(unknown[0], known)}; "
            f"known: {', '.join(sorted(known))}",
        )
    columns = data.get("columns", {})
    status = data.get("status", {})
    for name, table in (("columns", columns), ("status", status)):
        if not isinstance(table, dict):
            raise MappingError(at(name), f"{name} must be a table ([{name}]), got {table!r}")
    bad_roles = [r for r in columns if r not in ROLES]
    if bad_roles:
        raise MappingError(
            at("columns", bad_roles[0]),
            f"[columns]: unknown {plural(len(bad_roles), 'role')} {', '.join(bad_roles)}"
            f"{_slip(bad_roles[0], ROLES)}; "
            f"known: {', '.join(ROLES)}",
        )
    bad = [c for c in status if c not in CATEGORIES]
    if bad:
        raise MappingError(
            at("status", bad[0]),
            f"[status]: unknown {plural(len(bad), 'meaning')} {', '.join(bad)}"
            f"{_slip(bad[0], CATEGORIES)}; "
            f"known: {', '.join(CATEGORIES)}",
        )
    fmt = data.get("format", "wide")
    if fmt not in ("wide", "huntr", "teal"):
        raise MappingError(at("format"), f"format = {fmt!r}: expected wide, huntr or teal")
    date_format = data.get("date_format")
    if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
        raise MappingError(
            at("date_format"),
            f"date_format = {date_format!r}: expected a strftime format such as '%d/%m/%Y'",
        )
    try:  # as the settings' date_format: no bad directive (%Q), and a whole date (not %H:%M)
        check_date_format(date_format)
    except ConfigError as exc:
        raise MappingError(at("date_format"), f"date_format {exc.message}") from None
    auto = data.get("auto", True)
    if not isinstance(auto, bool):
        raise MappingError(at("auto"), f"auto = {auto!r}: expected true or false")
    named = {r: _strings(v, ("columns", r), source, text) for r, v in columns.items()}
    for role, names in named.items():
        if role not in MULTI_ROLES and len(names) > 1:
            raise MappingError(
                at("columns", role),
                f"columns.{role}: give one column (only interview and follow_up may have several)",
            )
    words = {c: _strings(v, ("status", c), source, text) for c, v in status.items()}
    meaning: dict[str, str] = {}
    for category, given in words.items():
        for word in given:
            earlier = meaning.setdefault(word_key(word), category)
            if earlier != category:
                raise MappingError(
                    at("status", category),
                    f"status word {word!r} is given for both {earlier} and {category}; "
                    "a word has one meaning: keep it under one",
                )
    return Mapping(
        columns=named,
        status=words,
        date_format=date_format,
        auto=auto,
        format=fmt,
        source=source,
        text=text,
    )


def status_table(
    layout_words: MappingABC[str, tuple[str, ...]], mapping: Mapping | None
) -> dict[str, str]:
    """Word key -> category, the mapping's words overriding the layout's."""
    table = {word_key(w): c for c, words in layout_words.items() for w in words}
    if mapping is not None:
        table.update({word_key(w): c for c, words in mapping.status.items() for w in words})
    return table


def _status_meaning(
    words: MappingABC[str, str], close: bool = False
) -> Callable[[pd.Series], pd.Series]:
    """Each status's meaning by ``words`` (NA where none); with ``close``, a status not
    known as written means what the known word closest to it means (``rejectd``)."""

    def category(labels: pd.Series) -> pd.Series:
        keys = labels.map(word_key, na_action="ignore")
        found = keys.map(words).astype("string")
        unknown = found.isna() & keys.notna()
        if close and unknown.any():
            found[unknown] = parse.close_steps(keys[unknown], words)
        return found

    return category


def status_categories(statuses: pd.Series, words: MappingABC[str, str]) -> pd.Series:
    """Each status's meaning by :func:`status_table`'s ``words`` (NA where none).

    A trailing remark in parentheses is detail: a status not known as written
    (``Offer (verbal)``) is looked up without it
    (:func:`followup_stats.vocab.without_remark`), unless the remark says the
    step did not happen (``Interview (cancelled)``) or names another step, even
    misspelt (``Interview - rejected``, ``Interview - rejectd``: two steps in one
    cell); a rejection's reason (``Rejected (not a fit)``) does not. Read per
    distinct status.
    """
    codes, distinct = pd.factorize(statuses.fillna(""))
    text = pd.Series(distinct, dtype="string")
    category = _status_meaning(words)
    # A word's key drops a remark of marks: 'Offer (?)' is no offer, as in a log.
    meaning = category(text).mask(doubted_by_marks(text))
    bare = without_remark(text, category, _status_meaning(words, close=True))
    meaning = meaning.fillna(category(bare))
    return pd.Series(meaning.to_numpy()[codes], index=statuses.index, dtype="string")


def resolve_columns(
    header: list[str], layout: Layout, mapping: Mapping | None, label: str
) -> dict[str, list[int]]:
    """Role -> column positions: the mapping's names first, then the layout's patterns."""
    keys = [header_key(h) for h in header]
    used: dict[int, str] = {}  # position -> the role that took it
    found: dict[str, list[int]] = {}
    for role, names in (mapping.columns if mapping else {}).items():
        for name in names:
            named = [i for i, k in enumerate(keys) if k == header_key(name)]
            positions = [i for i in named if i not in used]
            where = mapping.at("columns", role) if mapping else label
            if named and not positions:  # the same column given twice: not a missing one
                twice = (
                    f"is given twice for {role}"
                    if used[named[0]] == role
                    else f"is mapped to both {used[named[0]]} and {role}"
                )
                raise MappingError(
                    where, f"column {name!r} {twice}; a column holds one thing: map it once"
                )
            if not positions:
                shown = ", ".join(repr(h) for h in header if h.strip())
                raise MappingError(
                    where,
                    f"column {name!r} (for {role}) is not in {label} (columns: {shown})",
                )
            found.setdefault(role, []).append(positions[0])
            used[positions[0]] = role
    if mapping is None or mapping.auto:
        for role, pattern in layout.patterns.items():
            if role in found:
                continue
            matches = [i for i, k in enumerate(keys) if i not in used and re.fullmatch(pattern, k)]
            if matches:
                chosen = matches if role in MULTI_ROLES else matches[:1]
                found[role] = chosen
                used.update(dict.fromkeys(chosen, role))
    return found


def recognises(header: list[str], layout: Layout = WIDE_LAYOUT) -> bool:
    """Whether ``layout`` finds a company column and at least one date column."""
    found = resolve_columns(header, layout, None, "")
    return "company" in found and any(role in found for role in DATE_ROLES)


def convert_wide(
    raw: RawTable,
    label: str,
    mapping: Mapping | None = None,
    layout: Layout = WIDE_LAYOUT,
) -> Conversion:
    """One event per dated cell of each application row; see the module docstring.

    Raises
    ------
    LogFormatError
        When no company column or no date column can be found.
    MappingError
        When the mapping names a column that is not there.
    """
    header = list(raw.header)
    found = resolve_columns(header, layout, mapping, label)
    if "company" not in found or not any(role in found for role in DATE_ROLES):
        shown = ", ".join(repr(h) for h in header if h.strip()) or "none"
        if "company" not in found:
            lacking = "no company column found"
        else:
            # A tracker has a date column per step; one plain "date" column is not one.
            steps = [r for r in DATE_ROLES if r in layout.patterns]
            examples = " or ".join(repr(STEP_EXAMPLES[r]) for r in steps[:2])
            lacking = f"no date column found for any step (such as {examples})"
        advice = canonical_hint(header) or (
            "name the columns in a mapping file and pass it with --map (see README, 'Bring "
            "your own spreadsheet')"
        )
        raise LogFormatError(
            label,
            f"cannot read this as a {layout.title}: {lacking} (columns: {shown}); {advice}",
            line=raw.header_line,
        )
    date_format = mapping.date_format if mapping else None
    raw, totals = _without_totals(raw)
    cells = raw.cells
    lines = cells.index.to_numpy()

    def column(position: int) -> pd.Series:
        return cells.iloc[:, position].fillna("").str.strip().reset_index(drop=True)

    text = {role: column(found[role][0]) for role in TEXT_ROLES if role in found}
    blank = pd.Series("", index=range(len(cells)), dtype="string")
    statuses = text.get("status", blank)
    words = status_table(layout.status, mapping)
    category = status_categories(statuses, words)

    long, undated, not_dates = _dated_cells(cells, found, header, date_format)
    problems: list[str] = []
    assumed: list[str] = []
    notes = _yes_notes(cells, found, header, date_format)
    for name, said_yes_no in undated.items():
        problems.append(
            f"{name!r}: {counted(len(said_yes_no), 'cell')} "
            + ("says" if len(said_yes_no) == 1 else "say")
            + " yes/no instead of a date "
            f"({lines_text(lines[said_yes_no])}); an event without its day cannot be "
            "judged, so none is imported from them: write the day instead"
        )
    long = _decisions(long, category, problems, assumed, lines, notes)
    long = long.sort_values(["row", "rank", "sub"], kind="stable")

    company = text["company"]
    no_company = company.eq("").to_numpy(dtype=bool, na_value=False)[long["row"].to_numpy()]
    events = long[~no_company]
    first_date = long.groupby("row")["value"].first()
    rows = np.arange(len(cells))
    has_events = np.isin(rows, events["row"].to_numpy())
    kept_whole = _channels_not_understood(text, found, header, problems)
    out = _event_frame(events, text, found, header, lines)
    out = _with_attributes(out, events, cells, header, found, layout, kept_whole)
    skipped = _skipped(rows[~has_events], text, first_date, found, header, statuses, lines)
    if len(totals):
        skipped = pd.concat([skipped, totals]).sort_index(kind="stable")

    _status_problems(statuses, category, events, problems, lines, layout, mapping, notes)
    found_cells = pd.concat([not_dates, _joined_rows(raw, found, date_format)], ignore_index=True)
    findings = pd.DataFrame(
        {"column": found_cells["column"].to_numpy(), "message": found_cells["message"].to_numpy()},
        index=pd.Index(lines[found_cells["row"].to_numpy(dtype=np.int64)], name="line"),
    ).sort_index(kind="stable")
    return Conversion(
        format=layout.format,
        title=layout.title + (f" with mapping {mapping.source}" if mapping else ""),
        events=out,
        skipped=skipped,
        mapped=tuple(_mapped_lines(found, header, statuses, category)),
        attributes=tuple(a for a in out.columns if a not in CANONICAL_ORDER),
        problems=tuple(problems),
        assumed=(*assumed, *_not_read_as_events(header, found, layout)),
        records=_records(found, long, undated, header),
        findings=findings.astype("string"),
        date_format=date_format,
        row_notes=tuple(sorted(((int(lines[r]), m) for r, m in notes), key=lambda n: n[0])),
    )


def _without_totals(raw: RawTable) -> tuple[RawTable, pd.DataFrame]:
    """``raw`` without its totals rows (:func:`followup_stats.parse.totals_rows`), and a
    placeholder for each, as :attr:`Conversion.skipped` holds them.

    A totals row (``Total,,5,2,1,2,2``) is no application: its counts are no
    dates and its ``1`` under Thank You Sent is no "yes". Its placeholder holds
    its word alone, which the loader reports as one totals row not loaded.
    """
    word = parse.totals_rows(raw.cells)
    totals = word.notna().to_numpy(dtype=bool)
    placeholders = totals_placeholders(raw.cells.index, word, "an application")
    if not totals.any():
        return raw, placeholders
    kept = np.flatnonzero(~totals)
    spanning = raw.spanning[~totals[raw.spanning]]
    return (
        dataclasses.replace(
            raw,
            cells=raw.cells.iloc[kept],
            spanning=np.searchsorted(kept, spanning).astype(np.intp),
        ),
        placeholders,
    )


#: How a note on a row names the event it lacks.
_EVENT_NAMES = {
    "applied": "application",
    "interview": "interview",
    "thank_you": "thank-you",
    "follow_up": "follow-up",
    "response": "response",
    "decision": "decision",
}


def _yes_notes(
    cells: pd.DataFrame, found: dict[str, list[int]], header: list[str], date_format: str | None
) -> list[tuple[int, str]]:
    """``(row, message)`` for each date cell that says yes: the step happened, on no day.

    No event is made of it (a day is what every rule counts from), so the
    loader is told, and ``check`` says it on the row rather than report a
    missing thank-you with no word of the "yes". A "no" records that the
    step did not happen, which the log says by having no row for it.
    """
    notes: list[tuple[int, str]] = []
    for role in DATE_ROLES:
        for position in found.get(role, []):
            values = date_cells(cells.iloc[:, position].reset_index(drop=True), date_format)
            said = np.flatnonzero(values.str.lower().isin(YES_WORDS).to_numpy(dtype=bool))
            what = _EVENT_NAMES.get(role, role.replace("_", " "))
            message = (
                f"column {header[position]!r} says yes instead of a date, so this {what} "
                f"{NOT_IN_LOG} and no rule counts it: write the day it happened"
            )
            notes += [(int(row), message) for row in said]
    return notes


def _not_read_as_events(
    header: list[str], found: dict[str, list[int]], layout: Layout
) -> list[str]:
    """Why each column of ``layout.not_mapped`` that no mapping claimed gives no event.

    Such a column is still kept as an attribute, so the report says so rather
    than calling it not imported; a column the mapping file names is read.
    """
    claimed = {position for positions in found.values() for position in positions}
    return [
        f"{header[i]!r} is kept as an attribute, and no event is made from it: "
        f"{layout.not_mapped[header_key(header[i])]}"
        for i in range(len(header))
        if i not in claimed and header_key(header[i]) in layout.not_mapped
    ]


def _dated_cells(
    cells: pd.DataFrame, found: dict[str, list[int]], header: list[str], date_format: str | None
) -> tuple[pd.DataFrame, dict[str, np.ndarray], pd.DataFrame]:
    """Every non-blank date cell as a row: row position, role, column, value, rank, sub.

    Also the rows of each column whose cells say yes/no instead of a date, and
    the cells that are no date (under ``date_format``, or that the loader
    cannot read without one; ``row``, ``column``, ``message``; kept as
    written, so the loader rejects their events with their line).
    """
    parts: list[pd.DataFrame] = []
    bad: list[pd.DataFrame] = []
    undated: dict[str, np.ndarray] = {}
    yes_no = YES_WORDS | NO_WORDS
    for rank, role in enumerate(DATE_ROLES):
        for sub, position in enumerate(found.get(role, [])):
            written = cells.iloc[:, position].reset_index(drop=True)
            values = date_cells(written, date_format)
            said = values.str.lower().isin(yes_no)
            if said.any():
                undated[header[position]] = np.flatnonzero(said.to_numpy(dtype=bool))
            keep = values.ne("") & ~said
            if date_format:
                why = not_in_format(written, date_format).where(keep.to_numpy(dtype=bool))
            else:  # what the loader cannot read; an all-numeric date gets the report's advice
                parsed = parse.parse_dates(values.where(keep, ""))
                why = parsed["problem"].where(parsed["code"].eq(parse.DQ001) & keep)
            wrong = why.notna().to_numpy(dtype=bool)
            if wrong.any():
                bad.append(
                    pd.DataFrame(
                        {
                            "row": np.flatnonzero(wrong),
                            "column": header[position],
                            "message": why[wrong].to_numpy(),
                        }
                    )
                )
            parts.append(
                pd.DataFrame(
                    {
                        "row": np.flatnonzero(keep.to_numpy()),
                        "rank": rank,
                        "sub": float(sub),
                        "role": role,
                        "event": role,
                        "column": header[position],
                        "value": values[keep].to_numpy(),
                    }
                )
            )
    long = pd.concat(parts, ignore_index=True)
    not_dates = (
        pd.concat(bad, ignore_index=True)
        if bad
        else pd.DataFrame({"row": np.zeros(0, dtype=np.int64), "column": [], "message": []})
    )
    return long.astype({"value": "string", "event": "string"}), undated, not_dates


def _joined_rows(
    raw: RawTable, found: dict[str, list[int]], date_format: str | None
) -> pd.DataFrame:
    """Cells a stray pair of quotes made hold tracker rows: ``row``, ``column``, ``message``.

    :mod:`followup_stats.joined_rows` with a tracker's row test: a line
    reads as a row when it has a company where the company column falls and
    a date (as the tracker's date cells are read) where a date column falls.
    Only the records of a text file that span lines are looked at.
    """
    none = pd.DataFrame({"row": np.zeros(0, dtype=np.int64), "column": [], "message": []})
    dates = sorted(p for role in DATE_ROLES for p in found.get(role, []))
    header = list(raw.header)
    if not len(raw.spanning) or not dates or raw.cells.shape[1] != len(header):
        return none
    company = found["company"][0]

    def reads_as_row(fields: pa.ListArray) -> np.ndarray:
        named = field(fields, company).ne("").to_numpy(dtype=bool)
        dated = np.zeros(len(named), dtype=bool)
        for position in dates:
            parsed = parse.parse_dates(date_cells(field(fields, position), date_format))
            is_date = parsed["date"].notna() | parsed["code"].eq(parse.DQ010)
            dated |= is_date.to_numpy(dtype=bool, na_value=False)
        return named & dated

    joined = joined_rows(
        raw.cells,
        raw.cells.index.to_numpy(dtype=np.int64),
        raw.spanning,
        raw.delimiter,
        max(company, dates[0]),
        [name.strip() or f"column {position + 1}" for position, name in enumerate(header)],
        reads_as_row,
        lost="imported",
    )
    return joined[["row", "column", "message"]] if len(joined) else none


def _decisions(
    long: pd.DataFrame,
    category: pd.Series,
    problems: list[str],
    assumed: list[str],
    lines: np.ndarray,
    notes: list[tuple[int, str]],
) -> pd.DataFrame:
    """Give decision and response cells their events from the row's status.

    A row whose status says a decision that no date gives gets a note in ``notes``.
    """
    row_category = category.to_numpy()[long["row"].to_numpy()]
    row_category = pd.Series(row_category, index=long.index, dtype="string")
    decisive = row_category.isin(list(DECISION_EVENTS)).fillna(False).astype(bool)
    is_decision = long["role"].eq("decision")
    decided_rows = set(long.loc[is_decision, "row"])

    # A response dates an employer decision when no decision date is given and it comes
    # after every interview of the row.
    days = parse.parse_dates(long["value"])["date"]
    last_interview = days.where(long["role"].eq("interview")).groupby(long["row"]).transform("max")
    after = last_interview.isna() | days.ge(last_interview).fillna(False)
    from_response = (
        long["role"].eq("response")
        & row_category.isin(list(EMPLOYER_DECISIONS)).fillna(False).astype(bool)
        & ~long["row"].isin(decided_rows)
        & after.astype(bool)
    )
    last = long[from_response].drop_duplicates("row", keep="last").index
    from_response = pd.Series(long.index.isin(last), index=long.index)
    if from_response.any():
        where = lines_text(lines[long.loc[from_response, "row"]])
        assumed.append(
            f"the response date is the day of the decision where the status says offer or "
            f"rejection and no decision date is given ({where})"
        )
    becomes = (is_decision & decisive) | from_response
    unknown = is_decision & ~decisive
    if unknown.any():
        problems.append(
            f"{counted(int(unknown.sum()), 'decision date')} with no status saying what was "
            "decided "
            f"({lines_text(lines[long.loc[unknown, 'row']])}): kept as a response"
        )
    long = long.copy()
    long.loc[unknown, "event"] = "response"
    decisions = long[becomes]
    first = decisions.assign(event=row_category[becomes].map(lambda c: DECISION_EVENTS[c][0]))
    second_category = row_category[becomes].map(
        lambda c: DECISION_EVENTS[c][1] if len(DECISION_EVENTS[c]) > 1 else ""
    )
    second = decisions.assign(event=second_category, sub=decisions["sub"] + 0.5)
    second = second[second["event"].ne("")]
    rest = long[~becomes]
    undated_rows = sorted(
        set(
            np.flatnonzero(
                category.isin(list(DECISION_EVENTS)).to_numpy(dtype=bool, na_value=False)
            )
        )
        - set(decisions["row"])
    )
    if undated_rows:
        problems.append(
            f"{counted(len(undated_rows), 'row')} "
            + ("has" if len(undated_rows) == 1 else "have")
            + " a decision status but no date for the decision "
            f"({lines_text(lines[undated_rows])}): the decision is not in the log, so those "
            "applications look open; add a decision date column"
        )
        notes += [
            (
                int(row),
                f"the status says {category.iloc[row]} but no column gives the day of the "
                f"decision, so the decision {NOT_IN_LOG} and the application looks open: "
                "add the day it was decided (a decision date column)",
            )
            for row in undated_rows
        ]
    return pd.concat([rest, first, second], ignore_index=True).astype({"event": "string"})


def _event_frame(
    events: pd.DataFrame,
    text: dict[str, pd.Series],
    found: dict[str, list[int]],
    header: list[str],
    lines: np.ndarray,
) -> pd.DataFrame:
    rows = events["row"].to_numpy()
    out = pd.DataFrame(index=pd.Index(lines[rows], name="line", dtype="int64"))
    out["date"] = events["value"].to_numpy()
    for role in ("company", "role", "candidate", "application_id", "contact"):
        if role in text:
            out[role] = text[role].to_numpy()[rows]
    out["event"] = events["event"].to_numpy()
    if len(found.get("interview", [])) > 1:
        stage = events["column"].where(events["role"].eq("interview"), "")
        out["stage"] = stage.to_numpy()
    if "channel" in text:
        applied = events["event"].eq("applied").to_numpy(dtype=bool, na_value=False)
        channel = text["channel"]
        named = _names_a_channel(channel).to_numpy(dtype=bool)  # the rest stays an attribute
        out["channel"] = np.where(applied & named[rows], channel.to_numpy()[rows], "")
    if "notes" in text:
        first = ~pd.Series(rows).duplicated().to_numpy()
        out["notes"] = np.where(first, text["notes"].to_numpy()[rows], "")
    ordered = [c for c in CANONICAL_ORDER if c in out.columns]
    return out[ordered].astype("string")


def attribute_name(name: str, taken: set[str]) -> str:
    """An attribute column's name, renamed when it would read as a canonical column."""
    from followup_stats.load import STANDARD_COLUMNS, normalise_header

    normal = normalise_header(name)
    while normal in STANDARD_COLUMNS or normal in taken:
        name, normal = f"{name} (original)", normalise_header(f"{name} (original)")
    taken.add(normal)
    return name


def _names_a_channel(values: pd.Series) -> pd.Series:
    """Whether each cell is blank or a channel the loader knows (``Email``, ``phone``, ...)."""
    from followup_stats.vocab import CHANNEL_SYNONYMS, squash

    codes, distinct = pd.factorize(values.fillna(""))
    known = [not value or squash(str(value)) in CHANNEL_SYNONYMS for value in distinct]
    return pd.Series(np.asarray(known, dtype=bool)[codes], index=values.index)


def _channels_not_understood(
    text: dict[str, pd.Series], found: dict[str, list[int]], header: list[str], problems: list[str]
) -> set[int]:
    """The channel column, when some of its cells name no channel (``Indeed``): kept whole.

    Those cells leave the event's channel blank (the loader would warn and
    ignore them) and the column is also kept as an attribute, so the words
    are not lost and can group ``stats --by``.
    """
    if "channel" not in text:
        return set()
    channel = text["channel"]
    unknown = ~_names_a_channel(channel).to_numpy(dtype=bool)
    if not unknown.any():
        return set()
    name = header[found["channel"][0]]
    counts = channel[unknown].value_counts()
    examples = ", ".join(repr(v) for v in counts.index[:3])
    problems.append(
        f"{name!r}: {counted(int(unknown.sum()), 'cell')} "
        + ("names" if int(unknown.sum()) == 1 else "name")
        + " no channel the checker knows "
        f"(e.g. {examples}): the channel is left blank there, and the column is kept "
        "as an attribute"
    )
    return {found["channel"][0]}


def _with_attributes(
    out: pd.DataFrame,
    events: pd.DataFrame,
    cells: pd.DataFrame,
    header: list[str],
    found: dict[str, list[int]],
    layout: Layout,
    kept_whole: Collection[int] = (),
) -> pd.DataFrame:
    used = {p for positions in found.values() for p in positions}
    used -= set(found.get("status", [])) | set(kept_whole)
    rows = events["row"].to_numpy()
    taken: set[str] = set()
    for position, name in enumerate(header):
        if position in used:
            continue
        values = cells.iloc[:, position].fillna("").str.strip()
        if not name.strip() and not values.ne("").any():
            continue
        label = attribute_name(name.strip() or f"column {position + 1}", taken)
        out[label] = values.to_numpy()[rows]
    return out.astype("string")


def _skipped(
    rows: np.ndarray,
    text: dict[str, pd.Series],
    first_date: pd.Series,
    found: dict[str, list[int]],
    header: list[str],
    statuses: pd.Series,
    lines: np.ndarray,
) -> pd.DataFrame:
    """Rows with no event: a placeholder each (no date -> DQ001, no company -> DQ003)."""
    date_columns = [header[p] for role in DATE_ROLES for p in found.get(role, [])]
    index = pd.Index(lines[rows], name="line", dtype="int64")
    company = pd.Series(text["company"].to_numpy()[rows], index=index, dtype="string")
    status = pd.Series(statuses.to_numpy()[rows], index=index, dtype="string")
    reason = pd.Series("no date in " + ", ".join(date_columns), index=index, dtype="string")
    reason = reason.mask(company.eq(""), "no company")
    reason = reason.mask(status.ne(""), reason + " (status '" + status + "')")
    frame = pd.DataFrame(
        {
            "date": first_date.reindex(rows).fillna("").to_numpy(),
            "company": company,
            "event": "applied",
            "reason": reason,
        },
        index=index,
    )
    if "role" in text:
        frame.insert(2, "role", text["role"].to_numpy()[rows])
    return frame.astype("string")


def _status_problems(
    statuses: pd.Series,
    category: pd.Series,
    events: pd.DataFrame,
    problems: list[str],
    lines: np.ndarray,
    layout: Layout,
    mapping: Mapping | None,
    notes: list[tuple[int, str]],
) -> None:
    unknown = statuses.ne("") & category.isna()
    if unknown.any():
        counts = statuses[unknown].value_counts()
        listed = unknown_words_text(counts, layout.status, mapping)
        problems.append(
            f"{plural(len(counts), 'status word')} not understood: {listed}; say what "
            f"{plural(len(counts), 'it means', 'they mean')} in a mapping file, "
            'e.g. [status] rejection = ["Declined"]'
        )
    interviewed = set(events.loc[events["event"].eq("interview"), "row"])
    said = np.flatnonzero(category.eq("interview").to_numpy(dtype=bool, na_value=False))
    missing = [r for r in said if r not in interviewed]
    if missing:
        problems.append(
            f"{counted(len(missing), 'row')} "
            + ("says" if len(missing) == 1 else "say")
            + " the application is at interview but "
            + ("records" if len(missing) == 1 else "record")
            + f" no interview date ({lines_text(lines[missing])}): those interviews are not "
            "in the log"
        )
        notes += [
            (
                int(row),
                f"the status says interview but no interview date is given, so the interview "
                f"{NOT_IN_LOG}: add its day",
            )
            for row in missing
        ]


def _mapped_lines(
    found: dict[str, list[int]], header: list[str], statuses: pd.Series, category: pd.Series
) -> list[str]:
    lines = []
    for role in TEXT_ROLES + DATE_ROLES:
        if role not in found:
            continue
        names = ", ".join(repr(header[p]) for p in found[role])
        if role == "status":
            seen = (
                pd.DataFrame({"word": statuses, "category": category})
                .dropna()
                .drop_duplicates()
                .groupby("category")["word"]
                .agg(lambda w: ", ".join(repr(x) for x in w))
            )
            means = "; ".join(f"{c}: {w}" for c, w in seen.items())
            lines.append(f"{names} -> status (kept as an attribute){': ' + means if means else ''}")
        else:
            lines.append(f"{names} -> {role}")
    return lines


def _records(
    found: dict[str, list[int]],
    long: pd.DataFrame,
    undated: dict[str, np.ndarray],
    header: list[str],
) -> frozenset[str]:
    """Events the tracker can record: a role counts when its columns hold dates (or nothing)."""
    records: set[str] = set()
    for role in DATE_ROLES:
        columns = [header[p] for p in found.get(role, [])]
        if not columns:
            continue
        dated = long["column"].isin(columns).any()
        only_yes_no = not dated and any(len(undated.get(c, ())) for c in columns)
        if not only_yes_no:
            records.add(role)
    if "status" in found or "decision" in found:
        records.update({"offer", "rejection", "withdrew"})
    return frozenset(records)
