"""Findings a person chose not to see: ``noqa`` in a row's notes, and per-file ignores.

As in ruff, ``noqa`` acknowledges findings on one line and ``per-file-ignores``
drops codes for whole files. :func:`followup_stats.checker.check` applies
both through :func:`acknowledged`, so ``followup-stats check``, the reports and
the library give the same findings.

A row's ``notes`` cell may hold, anywhere in its text:

- ``noqa``: every finding on that row's line is hidden;
- ``noqa: FU005`` or ``noqa: FU005, FU009`` (any case, spaces and the colon
  optional): only those codes. Whole codes only, as in ruff: ``noqa: FU00``
  names no code and hides nothing. ``noqa:`` with no code after it hides
  nothing either, rather than everything.

Only loaded rows have notes: a row the loader rejected (DQ001, DQ002, DQ003,
DQ005, DQ009, DQ010) keeps its finding whatever its notes say, since hiding it
would lose the row without a word.
"""

from __future__ import annotations

import dataclasses
import difflib

import numpy as np
import pandas as pd

from followup_stats.config import ALL_CODES, Config

#: ``noqa``, then an optional colon and codes. Group ``codes`` holds the codes
#: (``FU005, FU009``); ``colon`` is set when a colon followed.
NOQA_PATTERN = (
    r"(?i)\bnoqa\b(?P<colon>\s*:)?"
    r"(?:\s*(?P<codes>[a-z]+[0-9]+\b(?:\s*,?\s*[a-z]+[0-9]+\b)*))?"
)

#: A code inside the ``codes`` group.
CODE_PATTERN = r"[A-Z]+[0-9]+"


def noqa_directives(events: pd.DataFrame) -> pd.DataFrame:
    """Each ``noqa`` in the notes of ``events``: ``file``, ``line`` and ``code``.

    One pass over the notes column with pandas' string functions: the rows
    whose notes mention ``noqa`` are found first (few in a big log), their
    directives extracted with :data:`NOQA_PATTERN`, and the codes split out.
    ``code`` is missing (``<NA>``) for a bare ``noqa``, which hides every code.

    Parameters
    ----------
    events
        The loaded events (``file``, ``line``, ``notes``).

    Returns
    -------
    DataFrame
        ``file`` (string), ``line`` (int64), ``code`` (string, upper case).
    """
    empty = pd.DataFrame(
        {
            "file": pd.Series(dtype="string"),
            "line": pd.Series(dtype="int64"),
            "code": pd.Series(dtype="string"),
        }
    )
    if "notes" not in events or events.empty:
        return empty
    # By position: the events' index need not be unique.
    notes = pd.Series(events["notes"].astype("string").array, dtype="string")
    mentioned = notes.str.contains("noqa", case=False, regex=False).fillna(False)
    noted = notes[mentioned.to_numpy(dtype=bool)]
    if noted.empty:
        return empty
    found = noted.str.extractall(NOQA_PATTERN)
    rows = found.index.get_level_values(0).to_numpy(dtype=np.int64)
    table = pd.DataFrame(
        {
            "file": events["file"].astype("string").to_numpy()[rows],
            "line": events["line"].to_numpy(dtype=np.int64)[rows],
            # "noqa:" with nothing after it names no code: an empty list, so it hides nothing.
            "code": found["codes"].fillna("").str.upper().str.findall(CODE_PATTERN).to_numpy(),
            "bare": (found["codes"].isna() & found["colon"].isna()).to_numpy(dtype=bool),
        }
    )
    table = table.explode("code", ignore_index=True)  # an empty list: one missing code
    table = table[table["code"].notna().to_numpy(dtype=bool) | table["bare"].to_numpy(dtype=bool)]
    table = table.drop(columns="bare").astype({"file": "string", "line": "int64", "code": "string"})
    return table.drop_duplicates(ignore_index=True)


def noqa_text(notes: pd.Series) -> pd.Series:
    """Each cell's ``noqa`` as :func:`noqa_directives` reads it, written anew; ``""`` if none.

    ``noqa`` when a bare one hides every code, else ``noqa: FU005, FU009``
    with the codes it names. A pseudonymised copy keeps this in place of the
    note, so its report hides what the original's does and quotes nothing
    else of the note.
    """
    written = pd.Series("", index=notes.index, dtype=object)
    text = notes.astype("string")
    mentioned = text.str.contains("noqa", case=False, regex=False).fillna(False)
    if not mentioned.any():
        return written
    found = text[mentioned.to_numpy(dtype=bool)].str.extractall(NOQA_PATTERN)
    bare = (found["codes"].isna() & found["colon"].isna()).groupby(level=0).any()
    codes = found["codes"].fillna("").str.upper().str.findall(CODE_PATTERN).explode().dropna()
    named = codes.groupby(level=0).agg(lambda cell: ", ".join(dict.fromkeys(cell)))  # few cells
    written.loc[named.index] = "noqa: " + named
    written.loc[bare[bare].index] = "noqa"
    return written


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
    hidden = np.zeros(len(diagnostics), dtype=bool)
    if directives.empty or diagnostics.empty:
        return hidden
    place = ["file", "line"]
    directives = directives.astype({"file": "string", "line": "int64"})
    if len(rejected):
        refused = pd.MultiIndex.from_frame(rejected[place].astype({"file": "string"}))
        directives = directives[~pd.MultiIndex.from_frame(directives[place]).isin(refused)]
    near = diagnostics["line"].isin(directives["line"].unique()).to_numpy(dtype=bool)
    if not near.any():
        return hidden
    candidates = diagnostics.loc[near, ["file", "line", "code"]].astype(
        {"file": "string", "line": "int64", "code": "string"}
    )
    every = directives["code"].isna().to_numpy(dtype=bool)
    on_line = pd.MultiIndex.from_frame(candidates[place]).isin(
        pd.MultiIndex.from_frame(directives.loc[every, place])
    )
    on_code = pd.MultiIndex.from_frame(candidates).isin(
        pd.MultiIndex.from_frame(directives.loc[~every, ["file", "line", "code"]])
    )
    hidden[np.flatnonzero(near)] = on_line | on_code
    return hidden


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


def unknown_codes(directives: pd.DataFrame) -> pd.DataFrame:
    """The directives naming a code that is no rule code (``noqa: FU05``): they hide nothing.

    Returns
    -------
    DataFrame
        ``file``, ``line``, ``code`` (as written, upper case) and ``suggestion``
        (the closest rule code, or ``<NA>``), in file and line order.
    """
    named = directives[directives["code"].notna().to_numpy(dtype=bool)]
    unknown = named[~named["code"].isin(ALL_CODES).to_numpy(dtype=bool)]
    unknown = unknown.sort_values(["file", "line"], kind="stable", ignore_index=True)
    guesses = {
        code: next(iter(difflib.get_close_matches(code, ALL_CODES, n=1, cutoff=0.6)), None)
        for code in unknown["code"].unique()  # a few distinct misspellings, not a row each
    }
    return unknown.assign(suggestion=unknown["code"].map(guesses).astype("string"))


def unknown_code_text(unknown: pd.DataFrame) -> list[str]:
    """One line per :func:`unknown_codes` row, for standard error."""
    hints = ("(did you mean " + unknown["suggestion"] + "?)").fillna(
        "(the codes are FU001 to FU012 and DQ001 to DQ010)"
    )
    text = (
        unknown["file"]
        + ":"
        + unknown["line"].astype("string")
        + ": noqa names '"
        + unknown["code"]
        + "', which is no rule code, so it hides nothing "
        + hints
    )
    return text.tolist()


def _no_unknown_codes() -> pd.DataFrame:
    return unknown_codes(
        pd.DataFrame(
            {
                "file": pd.Series(dtype="string"),
                "line": pd.Series(dtype="int64"),
                "code": pd.Series(dtype="string"),
            }
        )
    )


@dataclasses.dataclass(frozen=True)
class Acknowledged:
    """Diagnostics left to report, how many a ``noqa`` hid, and the ``noqa`` codes that
    are no rule code (:func:`unknown_codes`)."""

    diagnostics: pd.DataFrame
    hidden_by_noqa: int
    unknown_noqa: pd.DataFrame = dataclasses.field(default_factory=_no_unknown_codes)


def acknowledged(
    diagnostics: pd.DataFrame, events: pd.DataFrame, quality: pd.DataFrame, config: Config
) -> Acknowledged:
    """``diagnostics`` without those ``per-file-ignores`` drops and a ``noqa`` hides.

    Per-file ignores are a choice of codes, as ``ignore`` is, and go first;
    then each ``noqa`` in the notes of ``events`` hides the findings on its
    row's line (in its file), unless ``config.ignore_noqa``. Rows the loader
    rejected (``quality['rejected']``) keep their findings.

    Returns
    -------
    Acknowledged
        The diagnostics kept (order and index as given, renumbered), the
        count hidden by ``noqa``, and the ``noqa`` codes that name no rule.
    """
    kept = diagnostics[~dropped_per_file(diagnostics, config)]
    if config.ignore_noqa:
        return Acknowledged(kept.reset_index(drop=True), 0)
    rejected = quality.loc[quality["rejected"].to_numpy(dtype=bool), ["file", "line"]]
    directives = noqa_directives(events)
    hidden = hidden_by_noqa(kept, directives, rejected)
    return Acknowledged(
        kept[~hidden].reset_index(drop=True), int(hidden.sum()), unknown_codes(directives)
    )
