"""Findings a person chose not to see: ``noqa`` in a row's notes, per-file and
per-candidate ignores.

As in ruff, ``noqa`` acknowledges findings on one line and ``per-file-ignores``
drops codes for whole files; ``per-candidate-ignores`` drops codes for one
candidate of a cohort log. :func:`followup_stats.checker.check` applies
them all through :func:`acknowledged`, so ``followup-stats check``, the reports and
the library give the same findings.

A row's ``notes`` cell may hold, anywhere in its text:

- ``noqa``: every finding on that row's line is hidden;
- ``noqa: FU005`` or ``noqa: FU005, FU009``: only those codes. Case and
  spaces do not matter, and what joins ``noqa`` to its codes may be any
  short run of other characters (``noqa FU005``, ``NOQA-fu005``,
  ``noqa; FU005``, ``noqa (FU005)``): a code right after ``noqa`` is never
  read as a bare ``noqa``, which would hide more than it names.

Whole codes only, as in ruff: ``noqa: FU00`` and ``noqa: FU-005`` name no
rule and hide nothing. A colon (or ``=``) with no code after it (``noqa:``,
``noqa: ALL``) hides nothing rather than everything. Both are said on
standard error (:func:`noqa_problems`), so a typing slip is seen. A ``noqa``
followed by other words (``noqa - recruiter said fine``) is bare. Codes are
joined by punctuation or spaces; a code after a word (``noqa: FU005 and
FU009``) is not read, as in ruff, and that too is said on standard error.

Only loaded rows have notes: a row the loader rejected (DQ001, DQ002, DQ003,
DQ005, DQ009, DQ010) keeps its finding whatever its notes say, since hiding it
would lose the row without a word.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import numpy as np
import pandas as pd

from followup_stats.config import ALL_CODES, Config, closest_code
from followup_stats.suggest import closest, similarity
from followup_stats.vocab import may_hold_words

#: One code as written in a note: ASCII letters, then digits (a ``-`` or ``_`` between is
#: kept, and read as no rule code).
_CODE = r"[A-Za-z]+[-_]?[0-9]+\b"
#: ``noqa`` (any case), then what joins it to its codes (``sep``: up to six characters that
#: are neither letters nor digits: spaces, a colon, a dash, brackets...), then the codes
#: (``codes``: ``FU005, FU009``), if any; then a code after up to three short words
#: (``unread``: the ``FU009`` of ``FU005 and also FU009``), which is not read but said when
#: it is a rule code. Every repeat is bounded, so a note of any length is read in one pass.
NOQA_PATTERN = (
    r"\b(?i:noqa)\b(?P<sep>[^\w]{0,6})"
    rf"(?P<codes>{_CODE}(?:[^\w]{{1,6}}{_CODE})*)?"
    # The words before an unread code are never another noqa, which is read as its own.
    rf"(?:(?:[^\w]{{1,6}}(?!(?i:noqa)\b)[A-Za-z]{{1,5}}){{1,3}}[^\w]{{1,6}}(?P<unread>{_CODE}))?"
)
#: A code inside the ``codes`` group.
CODE_PATTERN = r"[A-Z]+[-_]?[0-9]+"
#: Characters of ``sep`` that promise codes (``noqa: ALL``): with none after them, the
#: directive is malformed and hides nothing. Any other ``noqa`` without codes is bare.
_PROMISE = r"[:\uff1a=]"

_DIRECTIVE_COLUMNS = {
    "file": "string",
    "line": "int64",
    "code": "string",
    "malformed": "bool",
    "unread": "string",
}


#: The columns of :func:`noqa_problems` and their dtypes.
_PROBLEM_COLUMNS = {
    "file": "string",
    "line": "int64",
    "code": "string",
    "suggestion": "string",
    "malformed": "bool",
    "unread": "string",
    "unused": "bool",
    "selected": "bool",
}


def _read_directives(notes: pd.Series) -> pd.DataFrame:
    """Every ``noqa`` in ``notes`` (by position): ``row``, ``code``, ``malformed``, ``unread``.

    One row per code named (``code`` upper case), one with a missing
    ``code`` for a bare ``noqa``, and one with ``malformed`` set for a
    directive that promises codes and names none. ``unread`` is a code
    written after a word that ends the codes (upper case), on each row of
    its directive. Each distinct note is read once: a log may repeat one
    note on many rows.
    """
    text = pd.Series(notes.astype("string").array, dtype="string")  # by position
    none = pd.DataFrame(
        {"row": pd.Series(dtype="int64"), "code": pd.Series(dtype="string")}
    ).assign(malformed=pd.Series(dtype="bool"), unread=pd.Series(dtype="string"))
    if not may_hold_words(text, "noqa"):  # the usual log: one quick look at the column
        return none
    mentioned = text.str.contains("noqa", case=False, regex=False).fillna(False)
    rows = np.flatnonzero(mentioned.to_numpy(dtype=bool))
    if not len(rows):
        return none
    which, distinct = pd.factorize(text.iloc[rows], sort=False)
    found = pd.Series(distinct, dtype="string").str.extractall(NOQA_PATTERN)
    if found.empty:
        return none
    codes = found["codes"]
    # A code after a word, when it is a rule code: RFC5545 in "noqa: FU005 (see RFC5545)" is not.
    unread = found["unread"].str.upper()
    promised = found["sep"].str.contains(_PROMISE, regex=True).fillna(False)
    per_note = pd.DataFrame(
        {
            "note": found.index.get_level_values(0).to_numpy(dtype=np.int64),
            # A bare noqa hides every code: an empty list explodes into one missing code.
            "code": codes.fillna("").str.upper().str.findall(CODE_PATTERN).to_numpy(),
            "malformed": (codes.isna() & promised).to_numpy(dtype=bool),
            # Only after codes: a bare noqa followed by words hides every code anyway.
            "unread": unread.where(codes.notna() & unread.isin(ALL_CODES)).to_numpy(),
        }
    ).explode("code", ignore_index=True)
    spread = pd.DataFrame({"row": rows, "note": which.astype(np.int64)}).merge(per_note, on="note")
    return spread.drop(columns="note").astype(
        {"code": "string", "malformed": "bool", "unread": "string"}
    )


def noqa_directives(events: pd.DataFrame) -> pd.DataFrame:
    """Each ``noqa`` in the notes of ``events``: ``file``, ``line``, ``code``, ``malformed``,
    ``unread``.

    The rows whose notes mention ``noqa`` are found over the whole column
    (few in a big log), each distinct note among them is read with
    :data:`NOQA_PATTERN`, and the codes are split out. ``code`` is missing
    (``<NA>``) for a bare ``noqa``, which hides every code, and for a
    ``malformed`` one, which hides nothing.

    Parameters
    ----------
    events
        The loaded events (``file``, ``line``, ``notes``).

    Returns
    -------
    DataFrame
        ``file`` (string), ``line`` (int64), ``code`` (string, upper case),
        ``malformed`` (bool), ``unread`` (string, upper case: a code after a
        word, not read; ``<NA>`` if none).
    """
    none = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _DIRECTIVE_COLUMNS.items()})
    if "notes" not in events or events.empty:
        return none
    read = _read_directives(events["notes"])
    if read.empty:  # the usual case: no note says noqa
        return none
    rows = read["row"].to_numpy(dtype=np.int64)
    table = pd.DataFrame(
        {
            # Only the rows with a noqa: a big log's file column is not converted whole.
            "file": events["file"].iloc[rows].astype("string").to_numpy(),
            "line": events["line"].to_numpy(dtype=np.int64)[rows],
            "code": read["code"].to_numpy(),
            "malformed": read["malformed"].to_numpy(dtype=bool),
            "unread": read["unread"].to_numpy(),
        }
    )
    return table.astype(_DIRECTIVE_COLUMNS).drop_duplicates(ignore_index=True)


def noqa_text(notes: pd.Series) -> pd.Series:
    """Each cell's ``noqa`` as :func:`noqa_directives` reads it, written anew; ``""`` if none.

    ``noqa`` when a bare one hides every code, else ``noqa: FU005, FU009``
    with the codes it names (a malformed one hides nothing, and is left
    out). A pseudonymised copy keeps this in place of the note, so its
    report hides what the original's does and quotes nothing else of the note.
    """
    which, distinct = pd.factorize(pd.Series(notes.astype("string").array), sort=False)
    per_note = np.full(len(distinct) + 1, "", dtype=object)  # the last: a missing note
    read = _read_directives(pd.Series(distinct, dtype="string"))  # once per distinct note
    read = read[~read["malformed"].to_numpy(dtype=bool)]
    if not read.empty:
        bare = read.loc[read["code"].isna().to_numpy(dtype=bool), "row"].unique()
        codes = read.dropna(subset=["code"])
        named = codes.groupby("row")["code"].agg(lambda cell: ", ".join(dict.fromkeys(cell)))
        per_note[named.index.to_numpy()] = ("noqa: " + named).to_numpy()
        per_note[bare] = "noqa"  # a bare noqa hides every code: nothing more to say
    return pd.Series(per_note[which], index=notes.index, dtype=object)


def hidden_by_noqa(
    diagnostics: pd.DataFrame, directives: pd.DataFrame, rejected: pd.DataFrame
) -> np.ndarray:
    """Which diagnostics a ``noqa`` hides: a boolean mask, one value per row.

    Parameters
    ----------
    diagnostics
        What the rules and the loader found (``file``, ``line``, ``code``).
    directives
        :func:`noqa_directives` of the loaded events.
    rejected
        ``file`` and ``line`` of the rows the loader rejected: no ``noqa`` applies there.
    """
    return _matched(diagnostics, directives, rejected)[0]


def _matched(
    diagnostics: pd.DataFrame, directives: pd.DataFrame, rejected: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`hidden_by_noqa`'s mask, and which ``directives`` hid something (by position).

    A bare ``noqa`` is used when any finding is on its line, a named code
    when that code's finding is; a malformed one, or one on a rejected row,
    never is.
    """
    hidden = np.zeros(len(diagnostics), dtype=bool)
    used = np.zeros(len(directives), dtype=bool)
    if directives.empty or diagnostics.empty:
        return hidden, used
    place = ["file", "line"]
    directives = directives.astype({"file": "string", "line": "int64"}).reset_index(drop=True)
    active = np.ones(len(directives), dtype=bool)
    if "malformed" in directives:
        active &= ~directives["malformed"].to_numpy(dtype=bool)
    if len(rejected):
        refused = pd.MultiIndex.from_frame(rejected[place].astype({"file": "string"}))
        active &= ~pd.MultiIndex.from_frame(directives[place]).isin(refused)
    near = diagnostics["line"].isin(directives.loc[active, "line"].unique()).to_numpy(dtype=bool)
    if not near.any():
        return hidden, used
    candidates = diagnostics.loc[near, ["file", "line", "code"]].astype(
        {"file": "string", "line": "int64", "code": "string"}
    )
    every = directives["code"].isna().to_numpy(dtype=bool)
    bare = directives[active & every]
    named = directives.loc[active & ~every, ["file", "line", "code"]]
    found_places = pd.MultiIndex.from_frame(candidates[place])
    found_codes = pd.MultiIndex.from_frame(candidates)
    on_line = found_places.isin(pd.MultiIndex.from_frame(bare[place]))
    on_code = found_codes.isin(pd.MultiIndex.from_frame(named))
    hidden[np.flatnonzero(near)] = on_line | on_code
    used[bare.index.to_numpy()] = pd.MultiIndex.from_frame(bare[place]).isin(found_places)
    used[named.index.to_numpy()] = pd.MultiIndex.from_frame(named).isin(found_codes)
    return hidden, used


def dropped_per_file(diagnostics: pd.DataFrame, config: Config) -> np.ndarray:
    """Which diagnostics ``per-file-ignores`` drops: a boolean mask, one value per row.

    Matched once per file (:meth:`Config.ignored_in`), then by code over the table.
    """
    dropped = np.zeros(len(diagnostics), dtype=bool)
    if not (config.per_file_ignores or config.extend_per_file_ignores) or diagnostics.empty:
        return dropped
    files = diagnostics["file"].astype("string")
    codes = diagnostics["code"].astype("string")
    for file in files.dropna().unique():  # one pass per file, not per row
        ignored = config.ignored_in(str(file))
        if ignored:
            in_file = files.eq(file).fillna(False).to_numpy(dtype=bool)
            dropped |= in_file & codes.isin(ignored).to_numpy(dtype=bool)
    return dropped


def dropped_per_candidate(diagnostics: pd.DataFrame, config: Config) -> np.ndarray:
    """Which diagnostics ``per-candidate-ignores`` drops: a boolean mask, one value per row.

    Matched by a merge on (candidate, code) with every code each name drops.
    """
    if not config.per_candidate_ignores or diagnostics.empty:
        return np.zeros(len(diagnostics), dtype=bool)
    pairs = pd.DataFrame(
        [
            (name, code)
            for name, _ in config.per_candidate_ignores
            for code in sorted(config.ignored_for(name))
        ],
        columns=["candidate", "code"],
        dtype="string",
    )
    found = pd.DataFrame(
        {
            "candidate": diagnostics["candidate"].astype("string").str.strip().to_numpy(),
            "code": diagnostics["code"].astype("string").to_numpy(),
        }
    )
    return pd.MultiIndex.from_frame(found).isin(pd.MultiIndex.from_frame(pairs))


def unknown_candidates(events: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The names ``per-candidate-ignores`` gives that no loaded event has.

    Returns
    -------
    DataFrame
        ``name`` (as configured), ``suggestion`` (the closest candidate of
        ``events``, or ``<NA>``) and ``closeness`` (its
        :func:`~followup_stats.suggest.similarity` to the name, by which parts
        of a split log pool their suggestions), one row per
        name not found, in the order written.
    """
    names = [name for name, _ in config.per_candidate_ignores]
    present: set[str] = set()
    if names and len(events):  # the usual case, no such setting: no column converted
        present = set(events["candidate"].astype("string").dropna().unique())
    missing = [name for name in names if name not in present]
    guesses = [next(iter(closest(name, present)), None) for name in missing]
    closeness = [
        similarity(guess, name) if guess is not None else 0.0
        for name, guess in zip(missing, guesses, strict=True)
    ]
    return pd.DataFrame(
        {
            "name": pd.Series(missing, dtype="string"),
            "suggestion": pd.Series(guesses, dtype="string"),
            "closeness": pd.Series(closeness, dtype="float64"),
        }
    )


def unknown_candidate_text(unknown: pd.DataFrame, judged_apart: bool = False) -> list[str]:
    """Lines for standard error naming each ``per-candidate-ignores`` name no log has.

    With ``judged_apart`` (logs judged by different configuration files), the
    name may be in the run under another client's settings: the line says
    whose logs it is missing from.
    """
    from followup_stats.output import printable_column

    where = (
        "the logs checked with the settings that give it" if judged_apart else "the logs checked"
    )

    hints = ("(did you mean " + printable_column(unknown["suggestion"]) + "?)").where(
        unknown["suggestion"].notna(), "(names are matched exactly, as the log writes them)"
    )
    return (
        "per-candidate-ignores names '"
        + printable_column(unknown["name"])
        + f"', who is not in {where}, so nothing is dropped for them "
        + hints
    ).tolist()


def noqa_problems(
    directives: pd.DataFrame,
    used: np.ndarray | None = None,
    enabled: Collection[str] = ALL_CODES,
) -> pd.DataFrame:
    """The ``noqa`` directives that hide nothing, or less than they seem to.

    A code that is no rule code (``noqa: FU05``), a colon with no code after
    it (``noqa: ALL``), or a code after a word, which is not read (the
    ``FU009`` of ``noqa: FU005 and FU009``). Given ``used`` (which
    directives hid a finding, by position), also each well-formed ``noqa``
    that hid nothing in this run: ``--warn-unused-noqa`` says those, as
    mypy's ``warn_unused_ignores`` and ruff's RUF100 do.

    Parameters
    ----------
    directives
        :func:`noqa_directives`.
    used
        Whether each directive hid a finding; ``None`` to leave unused ones out.
    enabled
        The codes reported in this run: an unused ``noqa`` naming another is
        marked as not ``selected``.

    Returns
    -------
    DataFrame
        ``file``, ``line``, ``code`` (as written, upper case; ``<NA>`` when
        ``malformed``, for an ``unread`` code, or for an unused bare
        ``noqa``), ``suggestion`` (the closest rule code, or ``<NA>``),
        ``malformed``, ``unread`` (the code not read, or ``<NA>``),
        ``unused`` (a well-formed directive that hid nothing) and
        ``selected`` (its code is reported in this run; true for the
        others), in file and line order.
    """
    if directives.empty:  # the usual log: no noqa, so no problem with one
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _PROBLEM_COLUMNS.items()})
    unknown = directives["code"].notna() & ~directives["code"].isin(ALL_CODES)
    wrong = directives[(unknown | directives["malformed"]).to_numpy(dtype=bool)]
    wrong = wrong.assign(unread=pd.Series(pd.NA, index=wrong.index, dtype="string"))
    after_word = directives[directives["unread"].notna().to_numpy(dtype=bool)]
    unread = (
        after_word[["file", "line", "unread"]]
        .assign(
            code=pd.Series(pd.NA, index=after_word.index, dtype="string"),
            malformed=False,
        )
        .drop_duplicates()
    )
    parts = [wrong.assign(unused=False), unread[wrong.columns].assign(unused=False)]
    if used is not None:
        idle = ~used & ~directives["malformed"].to_numpy(dtype=bool) & ~unknown.to_numpy(bool)
        unused = directives[idle]
        unused = unused.assign(unread=pd.Series(pd.NA, index=unused.index, dtype="string"))
        parts.append(unused[wrong.columns].assign(unused=True))
    kinds = {**_DIRECTIVE_COLUMNS, "unused": "bool"}
    wrong = pd.concat([part.astype(kinds) for part in parts if len(part)] or [parts[0]])
    wrong = wrong.astype(kinds).sort_values(["file", "line"], kind="stable", ignore_index=True)
    known = ~wrong["unused"].to_numpy(dtype=bool)
    guesses = {
        code: closest_code(code)
        for code in wrong.loc[known, "code"].dropna().unique()  # a few misspellings
    }
    suggestion = wrong["code"].where(known).map(guesses).astype("string")
    selected = wrong["code"].isna() | wrong["code"].isin(list(enabled)) | known
    columns = ["file", "line", "code", "suggestion", "malformed", "unread", "unused", "selected"]
    return wrong.assign(suggestion=suggestion, selected=selected.astype(bool))[columns]


#: Lines of :func:`noqa_problem_text` shown before the rest are counted.
SHOWN_PROBLEMS = 10


def noqa_problem_text(problems: pd.DataFrame) -> list[str]:
    """Lines for standard error saying why each of ``problems`` hides nothing, or less.

    At most :data:`SHOWN_PROBLEMS`, then one line counting the rest (a
    mistake copied down a big log would otherwise fill the screen). Unused
    directives are left to :func:`unused_noqa_text`.
    """
    if "unused" in problems:
        problems = problems[~problems["unused"].to_numpy(dtype=bool)]
    shown = problems.head(SHOWN_PROBLEMS)
    place = shown["file"] + ":" + shown["line"].astype("string") + ": "
    hints = ("(did you mean " + shown["suggestion"] + "?)").fillna(
        "(the codes are FU001 to FU012 and DQ001 to DQ010)"
    )
    unknown = "noqa names '" + shown["code"] + "', which is no rule code, so it hides nothing "
    malformed = (
        "noqa is followed by no rule code, so it hides nothing (write noqa alone to hide every "
        "finding on the line, or noqa: FU005 for one code)"
    )
    unread = (
        "noqa stops at the word before "
        + shown["unread"]
        + ", so "
        + shown["unread"]
        + " is not hidden (join codes with commas or spaces: noqa: FU005, FU009)"
    )
    text = place + unknown.fillna("") + hints
    text = text.mask(shown["malformed"].to_numpy(dtype=bool), place + malformed)
    text = text.mask(shown["unread"].notna().to_numpy(dtype=bool), place + unread)
    lines = text.tolist()
    rest = len(problems) - len(shown)
    if rest > 0:
        lines.append(
            f"... and {rest} more noqa that hide nothing or less than they name, "
            "for the same reasons or others"
        )
    return lines


def unused_noqa_text(problems: pd.DataFrame) -> list[str]:
    """Lines for standard error naming each ``noqa`` that hid nothing (``--warn-unused-noqa``).

    One per code (a bare ``noqa``: one per line), saying whether no such
    finding was on the line or the code was not reported in this run; at
    most :data:`SHOWN_PROBLEMS`, then one line counting the rest.
    """
    unused = problems[problems["unused"].to_numpy(dtype=bool)] if "unused" in problems else problems
    if "unused" not in problems or unused.empty:
        return []
    shown = unused.head(SHOWN_PROBLEMS)
    place = shown["file"] + ":" + shown["line"].astype("string") + ": "
    code = shown["code"]
    named = place + "noqa: " + code + " hides nothing: "
    why = ("no " + code + " finding is on this line").mask(
        ~shown["selected"].to_numpy(dtype=bool),
        code + " is not reported for this row in this run "
        "(select, ignore, per-file-ignores or per-candidate-ignores)",
    )
    bare = pd.Series(
        "noqa hides nothing: no finding is on this line", index=shown.index, dtype="string"
    ).mask(
        ~shown["selected"].to_numpy(dtype=bool),
        "noqa hides nothing: the findings on this line are not reported in this run "
        "(per-file-ignores or per-candidate-ignores)",
    )
    text = (named + why).fillna(place + bare)
    lines = text.tolist()
    rest = len(unused) - len(shown)
    if rest > 0:
        lines.append(f"... and {rest} more noqa that hide nothing")
    return lines


def _no_problems() -> pd.DataFrame:
    return noqa_problems(
        pd.DataFrame({c: pd.Series(dtype=t) for c, t in _DIRECTIVE_COLUMNS.items()})
    )


@dataclasses.dataclass(frozen=True)
class Acknowledged:
    """Diagnostics left to report, how many a ``noqa`` hid, and the ``noqa`` that hide
    nothing (:func:`noqa_problems`)."""

    diagnostics: pd.DataFrame
    hidden_by_noqa: int
    noqa_problems: pd.DataFrame = dataclasses.field(default_factory=_no_problems)
    #: Names ``per-candidate-ignores`` gives that no loaded event has (:func:`unknown_candidates`).
    unknown_candidates: pd.DataFrame = dataclasses.field(
        default_factory=lambda: unknown_candidates(pd.DataFrame(), Config())
    )


def acknowledged(
    diagnostics: pd.DataFrame, events: pd.DataFrame, quality: pd.DataFrame, config: Config
) -> Acknowledged:
    """``diagnostics`` without those ``per-file-ignores`` or ``per-candidate-ignores``
    drops and a ``noqa`` hides.

    Per-file and per-candidate ignores are a choice of codes, as ``ignore`` is, and go first;
    then each ``noqa`` in the notes of ``events`` hides the findings on its
    row's line (in its file), unless ``config.ignore_noqa``. Rows the loader
    rejected (``quality['rejected']``) keep their findings.

    Returns
    -------
    Acknowledged
        The diagnostics kept (order and index as given, renumbered), the
        count hidden by ``noqa``, and the ``noqa`` that hide nothing.
    """
    dropped = dropped_per_file(diagnostics, config) | dropped_per_candidate(diagnostics, config)
    kept = diagnostics[~dropped]
    not_reported = diagnostics[dropped]
    unknown = unknown_candidates(events, config)
    if config.ignore_noqa:
        return Acknowledged(kept.reset_index(drop=True), 0, unknown_candidates=unknown)
    rejected = quality.loc[quality["rejected"].to_numpy(dtype=bool), ["file", "line"]]
    directives = noqa_directives(events)
    hidden, used = _matched(kept, directives, rejected)
    problems = noqa_problems(directives, used, config.enabled_codes())
    return Acknowledged(
        kept[~hidden].reset_index(drop=True),
        int(hidden.sum()),
        _unreported(problems, not_reported),
        unknown,
    )


def _unreported(problems: pd.DataFrame, not_reported: pd.DataFrame) -> pd.DataFrame:
    """``problems`` with each unused ``noqa`` that would have hidden a finding
    ``per-file-ignores`` or ``per-candidate-ignores`` dropped (``not_reported``) marked as
    not ``selected``: a bare one by the finding's line, one naming codes by line and code."""
    unused = problems["unused"].to_numpy(dtype=bool)
    if not_reported.empty or not unused.any():
        return problems
    found = not_reported[["file", "line", "code"]].astype(
        {"file": "string", "line": "int64", "code": "string"}
    )
    place, every = ["file", "line"], ["file", "line", "code"]
    bare = problems["code"].isna().to_numpy(dtype=bool)
    on_line = pd.MultiIndex.from_frame(problems[place]).isin(pd.MultiIndex.from_frame(found[place]))
    on_code = pd.MultiIndex.from_frame(problems[every].fillna({"code": ""})).isin(
        pd.MultiIndex.from_frame(found)
    )
    dropped = unused & np.where(bare, on_line, on_code)
    return problems.assign(selected=problems["selected"].to_numpy(dtype=bool) & ~dropped)
