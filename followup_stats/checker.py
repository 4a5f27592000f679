"""The public checking API: diagnostics for a log and the etiquette score.

``check`` is what ``followup-stats check``, the notebooks and the tests call:
load (unless given a loaded log), run the enabled FU rules, add the loader's
data-quality findings, drop what ``per-file-ignores`` and ``noqa`` in the
notes set aside (:mod:`followup_stats.suppression`), and return one tidy table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from followup_stats.config import Config, ConfigSource, resolve_config
from followup_stats.errors import UsageError
from followup_stats.load import LoadedLog, LogSource, load_log
from followup_stats.rules.engine import (
    RuleContext,
    quality_diagnostics,
    run_rules,
    sort_diagnostics,
)
from followup_stats.rules.wording import Voice, checked_voice
from followup_stats.suppression import Acknowledged, acknowledged
from followup_stats.tables import application_events


def as_loaded(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> LoadedLog:
    """A :class:`LoadedLog` from a path, DataFrame or loaded log, at ``as_of``.

    A loaded log is not read again: ``config`` may change what the rules
    judge (thresholds, selection), but its loading settings (``date_format``,
    ``timezone``) must be those the log was loaded with, else a
    :class:`~followup_stats.errors.UsageError` says to load the log with them.
    """
    if isinstance(log, LoadedLog):
        loaded = log
        if config is not None:
            settings = resolve_config(config)
            _same_loading(loaded.config, settings)
            loaded = dataclasses_replace_config(loaded, settings)
        return loaded.at(as_of) if as_of is not None else loaded
    return load_log(log, config=config, as_of=as_of)


#: The settings that decide how a log is read; the rules cannot change them afterwards.
LOADING_SETTINGS: tuple[str, ...] = ("date_format", "timezone")


def _same_loading(used: Config, given: Config) -> None:
    """A :class:`UsageError` when ``given`` would have read the log otherwise than ``used``."""
    differ = [key for key in LOADING_SETTINGS if getattr(used, key) != getattr(given, key)]
    if differ:
        what = ", ".join(
            f"{key} {getattr(given, key)!r} (loaded with {getattr(used, key)!r})" for key in differ
        )
        raise UsageError(
            f"the log is already loaded, so the configuration's {what} cannot apply; "
            "load it again with this configuration (load_log(..., config=...)) or pass its path"
        )


def dataclasses_replace_config(log: LoadedLog, config: Config) -> LoadedLog:
    """The same loaded log with other settings for the rules."""
    import dataclasses

    return dataclasses.replace(log, config=config)


def application_events_of(loaded: LoadedLog) -> pd.DataFrame:
    """:func:`followup_stats.tables.application_events` of a loaded log, built once."""
    return loaded.memo(
        "application_events", lambda: application_events(loaded.events, loaded.as_of)
    )


def rule_context(loaded: LoadedLog) -> RuleContext:
    """The rules' view of a loaded log (rounds, follow-ups), built once and shared."""
    return loaded.memo(
        "rule_context",
        lambda: RuleContext(
            loaded.events, loaded.as_of, loaded.config, base=application_events_of(loaded)
        ),
    )


def check(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    *,
    voice: Voice = "candidate",
) -> pd.DataFrame:
    """Diagnostics of a log: FU rules and DQ data-quality findings.

    Parameters
    ----------
    log
        A path, DataFrame, list of them, or a :class:`LoadedLog`.
    config
        Settings or a settings file (``select``/``ignore`` apply to both FU
        and DQ codes); ``None`` looks for one next to the log. With a loaded
        log, its ``date_format`` and ``timezone`` must be those the log was
        loaded with (a :class:`~followup_stats.errors.UsageError` otherwise:
        the log is not read again).
    as_of
        Date to judge at; default today in the configured time zone.
    voice
        Whom the FU messages speak to: the job seeker (``candidate``, "you did
        not ask ...") or a coach who reads them about a client (``coach``, "the
        candidate did not ask ...").

    Returns
    -------
    DataFrame
        Columns ``file``, ``line``, ``candidate``, ``application_id``,
        ``company``, ``date``, ``code``, ``severity``, ``message``, sorted
        by file, line and code. ``application_id`` is the row's application
        (the id written, or the one made up from company and role); on a row
        not loaded, the id as written, NA when its cell is blank. Without
        what ``per-file-ignores`` drops and what ``noqa`` in a row's notes
        hides (unless ``ignore_noqa`` is set): :func:`check_counting_hidden`
        also says how many ``noqa`` hid.
    """
    return check_counting_hidden(log, config, as_of, voice=voice).diagnostics


def check_counting_hidden(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    *,
    voice: Voice = "candidate",
) -> Acknowledged:
    """:func:`check`'s diagnostics and the number of findings ``noqa`` hid (for the summary).

    Parameters are those of :func:`check`.
    """
    voice = checked_voice(voice)
    loaded = as_loaded(log, config, as_of)
    context = rule_context(loaded).speaking_to(voice)
    # The rules' findings come sorted (cheaply, by integer codes); a stable sort with the
    # data-quality findings first gives the order sorting them all together gave.
    rules = run_rules(loaded.events, loaded.as_of, loaded.config, context=context)
    quality = quality_diagnostics(loaded.quality, loaded.config)
    if not len(quality):
        found = rules
    elif not len(rules):
        found = sort_diagnostics(quality)
    else:
        found = sort_diagnostics(pd.concat([quality, rules], ignore_index=True))
    return acknowledged(found, loaded.events, loaded.quality, loaded.config)


def statistics(diagnostics: pd.DataFrame) -> pd.DataFrame:
    """Diagnostics counted per code, most frequent first, as ``ruff check --statistics``.

    Parameters
    ----------
    diagnostics
        What :func:`check` returned.

    Returns
    -------
    DataFrame
        ``code``, ``severity``, ``title`` (the rule's name in the catalogue),
        ``count``; by count, largest first, then in catalogue order. Codes
        with no diagnostic are left out.
    """
    from followup_stats.config import ALL_CODES
    from followup_stats.rules.catalogue import catalogue_frame

    found = pd.DataFrame(
        {
            "code": diagnostics["code"].astype("string"),
            "severity": diagnostics["severity"].astype("string"),
        }
    )
    table = (
        found.groupby("code", sort=False)
        .agg(severity=("severity", "first"), count=("severity", "size"))
        .reset_index()
    )
    catalogue = catalogue_frame()
    titles = pd.Series(catalogue["title"].to_numpy(), index=catalogue["code"].to_numpy())
    table["title"] = table["code"].map(titles).astype("string")
    table["count"] = table["count"].astype("int64")
    order = table["code"].map({code: i for i, code in enumerate(ALL_CODES)}).fillna(len(ALL_CODES))
    table = table.assign(_order=order).sort_values(
        ["count", "_order", "code"], ascending=[False, True, True], kind="stable"
    )
    return table[["code", "severity", "title", "count"]].reset_index(drop=True)


def etiquette_score(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    diagnostics: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of judged interview rounds with no error-severity FU diagnostic, per candidate.

    Returns
    -------
    DataFrame
        One row per candidate with a loaded event, in name order: ``candidate``
        (string), ``rounds`` (interview rounds judged), ``clean_rounds`` (with
        no FU error), ``score`` (their share; NA with no rounds, so a client
        with no interview yet is listed, not lost in a merge).
    """
    loaded = as_loaded(log, config, as_of)
    found = diagnostics if diagnostics is not None else check(loaded)
    context = rule_context(loaded)
    ev = context.ev
    errors = found[(found["severity"].eq("error") & found["code"].str.startswith("FU")).to_numpy()]
    located = errors.merge(ev[["file", "line", "round_key"]], on=["file", "line"])
    rounds = context.interview_rounds
    bad = rounds.index.isin(located["round_key"].unique())
    everyone = pd.Index(
        loaded.events["candidate"].astype("string").dropna().unique(), name="candidate"
    ).sort_values()
    table = (
        pd.DataFrame({"candidate": rounds["candidate"].astype("string"), "clean": ~bad})
        .groupby("candidate")["clean"]
        .agg(rounds="size", clean_rounds="sum")
        .reindex(everyone, fill_value=0)
        .astype("int64")
        .reset_index()
    )
    table["score"] = (table["clean_rounds"] / table["rounds"].where(table["rounds"].gt(0))).astype(
        "Float64"
    )
    return table
