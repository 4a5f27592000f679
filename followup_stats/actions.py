"""What each open application allows today, and reminders for a calendar.

:func:`next_actions` answers "what may I do today?" (DESIGN.md section 5,
``todo``): for the latest round of every open application, a thank-you while
one is due, then waiting until the first polite follow-up day, a final note
once that is polite, and finally the advice to move on. It never proposes
what an error rule would flag: the dates come from the same follow-up
numbering as the rules, by asking what the rules would make of one more
follow-up sent after the as-of date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from followup_stats.checker import as_loaded
from followup_stats.config import Config, ConfigSource
from followup_stats.load import LoadedLog, LogSource, sort_events
from followup_stats.rules.wording import (
    Voice,
    anchor_text,
    checked_voice,
    day_text,
    per_distinct,
    voiced,
    wait_text,
)
from followup_stats.tables import (
    APPLICATION_EVENT_SOURCE,
    application_events,
    application_numbers,
    as_text,
    assumed_landmarks,
    is_in,
    marked_on_the_day,
    rounds_from,
    string_column,
    with_first_allowed,
)

#: Columns of :func:`next_actions`.
ACTION_COLUMNS = (
    "candidate",
    "application_id",
    "company",
    "action",
    "not_before",
    "why",
    "then",
)
CLOSING_EVENTS = ("offer", "rejection", "withdrew", "accepted", "declined")
ONE_DAY = pd.Timedelta(days=1)


def _no_days(size: int) -> pd.arrays.IntegerArray:
    """``size`` missing whole days (nullable Int64)."""
    return pd.arrays.IntegerArray(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool))


def _probe_follow_ups(
    events: pd.DataFrame, as_of: pd.Timestamp, assumed: np.ndarray | None = None
) -> pd.DataFrame:
    """The open applications' events plus one hypothetical follow-up the day after ``as_of`` each.

    Applications that ended (a decision, a withdrawal, an answer to an offer)
    get no probe and their events are left out: no application's rounds
    depend on another's. ``assumed`` (per row of ``events``: its date is only
    assumed) comes along as the column ``_assumed`` (False on the probes).
    """
    # Only what the rounds read (and the sort needs): the free text stays behind.
    columns = list(dict.fromkeys([*APPLICATION_EVENT_SOURCE, "date", "has_time"]))
    kept = ((events["day"] <= as_of) & events["application_id"].notna()).to_numpy(dtype=bool)
    judged = events.loc[kept, columns]
    if assumed is not None:
        judged["_assumed"] = assumed[kept]
    app = application_numbers(judged["candidate"], judged["application_id"])
    closed = np.zeros(int(app.max(initial=-1)) + 1, dtype=bool)
    closed[app[judged["event"].isin(CLOSING_EVENTS).to_numpy(dtype=bool)]] = True
    still_open = ~closed[app]
    judged = judged[still_open]
    # Each open application's last row (``groupby(...).tail(1)``, from the numbers).
    is_last = ~pd.Series(app[still_open]).duplicated(keep="last").to_numpy()
    last = judged[is_last]
    event_dtype = cast(pd.CategoricalDtype, events["event"].dtype)
    follow_up = event_dtype.categories.get_loc("follow_up")
    probe = last.assign(
        event=pd.Categorical.from_codes(np.full(len(last), follow_up), dtype=event_dtype),
        date=as_of + ONE_DAY,
        day=as_of + ONE_DAY,
        has_time=False,
        reason=pd.Categorical.from_codes(
            np.full(len(last), -1), dtype=cast(pd.CategoricalDtype, events["reason"].dtype)
        ),
        timeline_days=_no_days(len(last)),
        contact_ok_after_days=_no_days(len(last)),
        line=-1,
        **({"_assumed": False} if assumed is not None else {}),
    )
    combined = pd.concat([judged, probe], ignore_index=True)
    open_app = app[still_open]
    if bool((open_app[1:] != open_app[:-1]).sum() == len(last) - 1):
        # Each application's rows are neighbours, as the loader sorted them: the probe,
        # dated after every judged event, goes right after its application's last row
        # (where sort_events puts it), and the judged rows keep their order.
        ends = np.flatnonzero(is_last)
        before = np.cumsum(np.append(0, is_last[:-1]))  # probes placed before each row
        order = np.empty(len(combined), dtype=np.int64)
        order[np.arange(len(judged)) + before] = np.arange(len(judged))
        order[ends + np.arange(len(ends)) + 1] = len(judged) + np.arange(len(ends))
        return combined.take(order).reset_index(drop=True)
    combined["_source_order"] = np.arange(len(combined))
    return sort_events(combined).drop(columns="_source_order").reset_index(drop=True)


def next_actions(
    log: LoadedLog | LogSource | Sequence[LogSource],
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    *,
    voice: Voice = "candidate",
) -> pd.DataFrame:
    """One row per open application: what it allows and from when.

    An application whose latest offer is not answered (no ``accepted``,
    ``declined``, ``withdrew`` or ``rejection`` after it) is not open, but
    the offer asks for an answer: ``answer_offer`` from the offer's day.

    ``voice`` says whom the ``why`` lines speak to: the job seeker
    (``candidate``, "no reply to your follow-up"), or a coach who reads them
    about a client (``coach``, "no reply to the follow-up").

    Returns
    -------
    DataFrame
        ``candidate``, ``application_id``, ``company``, ``action``
        (``thank_you``, ``wait``, ``follow_up``, ``final_note``,
        ``move_on``, ``date_unknown``, ``answer_offer``), ``not_before``
        (day the action is allowed; for ``wait``, the day the next step
        becomes allowed), ``why`` (one plain-English line) and ``then`` (the
        step that ``wait`` leads to; the action itself otherwise). Sorted by ``not_before``.
    """
    voice = checked_voice(voice)
    loaded = as_loaded(log, config, as_of)
    cfg, cutoff = loaded.config, loaded.as_of
    assumed = _assumed_rows(loaded.events)
    probed = _probe_follow_ups(loaded.events, cutoff, assumed)
    ev = with_first_allowed(application_events(probed, cutoff + ONE_DAY), cfg)
    rounds = rounds_from(ev, cutoff)
    is_probe = ev["line"].eq(-1).to_numpy()
    probe = ev[is_probe].copy()
    latest = rounds.loc[probe["round_key"].to_numpy()]
    unknown = {step: np.full(len(probe), "") for step in STEPS}
    if assumed is not None:
        on_ev = probed["_assumed"].to_numpy(dtype=bool)[ev["row"].to_numpy()]
        if on_ev.any():
            per_event, per_round = assumed_landmarks(ev, on_ev)
            unknown = _unknown_landmarks(
                per_event[is_probe], per_round.loc[probe["round_key"].to_numpy()], probe
            )
    for step, words in unknown.items():
        probe[f"_unknown_{step}"] = words
    probe["thank_you_day"] = latest["thank_you_day"].to_numpy()
    probe["interview_day"] = latest["start_day"].to_numpy()
    probe["round"] = latest["round"].to_numpy()
    # FU006 (a warning) would flag the probe: the round's first follow-up, after an
    # interview at which permission to get in touch was not asked.
    unasked = latest["asked_permission"].eq(False).fillna(False) & latest["follow_ups"].eq(1)
    probe["_unasked"] = unasked.to_numpy(dtype=bool) & _reported(probe, cfg, "FU006")
    planned = _decide(probe, cfg, cutoff, voice)
    offers = _offers_to_answer(loaded.events, cutoff, voice, assumed)
    if offers.empty:
        return planned
    both = pd.concat([planned, offers], ignore_index=True) if len(planned) else offers
    return both.sort_values(ACTION_ORDER, kind="stable", ignore_index=True)


def _offers_to_answer(
    events: pd.DataFrame, as_of: pd.Timestamp, voice: Voice, assumed: np.ndarray | None = None
) -> pd.DataFrame:
    """An ``answer_offer`` row per application whose latest offer is not answered yet.

    Among an application's events that end it (:data:`CLOSING_EVENTS`, up to
    ``as_of``), the last one is an ``offer``: no answer (``accepted``,
    ``declined``), withdrawal or rejection came after it, nor on its day (one
    whose time of day puts it first ends it all the same, as it does where the
    rows have no time and come in the log's order). An
    answer logged with no offer before it stands for the offer
    (``tables.implied_offers``) and is its own answer. Only the rows that end an
    application are looked at. ``assumed`` (per row of ``events``: its date is
    only assumed, :func:`_assumed_rows`) makes the ``why`` of an offer so dated
    say so.
    """
    ending = (
        (events["day"] <= as_of)
        & events["application_id"].notna()
        & pd.Series(is_in(events["event"], CLOSING_EVENTS), index=events.index)
    ).to_numpy(dtype=bool)
    closing = events.loc[ending, ["candidate", "application_id", "company", "event", "day"]]
    closing["_assumed"] = False if assumed is None else assumed[ending]
    # The loader sorted each application's rows by day and same-day order: its last row
    # here is what ended it last.
    app = application_numbers(closing["candidate"], closing["application_id"])
    is_last = ~pd.Series(app).duplicated(keep="last").to_numpy()
    if is_last.any():
        answered = marked_on_the_day(
            app, closing["day"].to_numpy(), ~is_in(closing["event"], ["offer"])
        )
        is_last &= ~answered
    last = closing[is_last]
    offers = last[is_in(last["event"], ["offer"])]
    offers = as_text(offers.reset_index(drop=True))
    day = offers["day"].astype("datetime64[ns]")
    company = offers["company"].astype("string")
    from followup_stats.vocab import ASSUMED_DATE_NOTE

    # An offer dated by a stand-in (notes beginning "date assumed") says so, as a step
    # planned from such a date does: the offer may be older than the day shown.
    dated = pd.Series("", index=offers.index, dtype="string").mask(
        offers["_assumed"].to_numpy(dtype=bool),
        f", a date only assumed (its notes begin '{ASSUMED_DATE_NOTE}')",
    )
    why = (
        company.fillna("The employer")
        + " made an offer on "
        + day_text(day)
        + dated
        + "; no answer (accepted or declined) is logged yet: "
        + voiced(
            voice,
            "give them your answer, or ask for the time you need to decide",
            "the candidate should give their answer, or ask for the time they need to decide",
        )
    )
    action = pd.Series(string_column(np.zeros(len(offers), dtype=np.int64), ["answer_offer"]))
    return pd.DataFrame(
        {
            "candidate": offers["candidate"].astype("string"),
            "application_id": offers["application_id"].astype("string"),
            "company": company,
            "action": action,
            "not_before": day,
            "why": why.astype("string"),
            "then": action,
        }
    )


def _assumed_rows(events: pd.DataFrame) -> np.ndarray | None:
    """Per row of ``events``, whether its date is only assumed (its notes begin
    ``date assumed``); ``None`` when no row's notes say so (one test of the column)."""
    from followup_stats.vocab import may_say_date_assumed, says_date_assumed

    if "notes" not in events.columns or not may_say_date_assumed(events["notes"]):
        return None
    says = says_date_assumed(events["notes"])
    return says if says.any() else None


#: The landmark of each step whose date is only assumed, as ``_unknown`` names it.
_UNKNOWN_WORDS = {
    "interview": "the interview",
    "reply": "their reply",
    "start": "the application's first row",
    "previous": "the last follow-up",
    "timetable": "the row giving their timetable",
}


def _unknown_landmarks(
    per_event: pd.DataFrame, per_round: pd.DataFrame, probe: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Per probe and step of :data:`STEPS`, which date the step would be planned from is
    only assumed, as a key of :data:`_UNKNOWN_WORDS` (``""``: none)."""
    interview = probe["round"].gt(0).to_numpy(dtype=bool)
    by_reply = probe["anchor_is_response"].fillna(False).to_numpy(dtype=bool)
    anchor_word = np.where(by_reply, "reply", np.where(interview, "interview", "start"))
    follow_up = np.where(per_event["anchor"].to_numpy(dtype=bool), anchor_word, "")
    previous = per_event["previous"].to_numpy(dtype=bool)
    timetable = per_event["timetable"].to_numpy(dtype=bool)
    return {
        "thank_you": np.where(per_round["start"].to_numpy(dtype=bool) & interview, "interview", ""),
        "follow_up": follow_up,
        "final_note": np.where(previous, "previous", np.where(timetable, "timetable", follow_up)),
        "move_on": np.where(previous, "previous", ""),
    }


def _reported(rows: pd.DataFrame, config: Config, code: str) -> np.ndarray:
    """Whether ``check`` would report ``code`` on each of ``rows`` (``file``, ``candidate``):
    selected, and not dropped for the row's log or candidate by a per-file or per-candidate
    ignore. The plan names a warning only where ``check`` would give it."""
    from followup_stats.suppression import dropped_per_candidate, dropped_per_file

    if not config.enabled(code):
        return np.zeros(len(rows), dtype=bool)
    found = pd.DataFrame(
        {"file": rows["file"], "candidate": rows["candidate"], "code": code}, index=rows.index
    )
    return ~(dropped_per_file(found, config) | dropped_per_candidate(found, config))


def _decide(
    probe: pd.DataFrame, config: Config, as_of: pd.Timestamp, voice: Voice = "candidate"
) -> pd.DataFrame:
    """Pick each application's action from its hypothetical next follow-up."""
    number = probe["number"].astype("int64")
    previous = probe["previous_follow_up_day"]
    # A wait of 0 days after a reply would allow a message on the reply's own day, but
    # one logged with only that date is ordered before the reply (DESIGN.md section 2)
    # and judged as if it never came: the day after is proposed instead.
    reply = probe["anchor_is_response"].fillna(False).to_numpy(dtype=bool)
    no_wait = probe["first_allowed_day"].eq(probe["anchor_day"]).fillna(False)
    after_reply = reply & no_wait.to_numpy(dtype=bool)
    first_allowed = probe["first_allowed_day"].mask(
        after_reply, probe["first_allowed_day"] + ONE_DAY
    )
    gap = previous + pd.Timedelta(days=config.final_note_gap_days)
    timetable = probe["timetable_end_day"] + pd.Timedelta(days=config.timeline_grace_days)
    final_allowed = pd.concat([gap, first_allowed, timetable], axis=1).max(axis=1)
    move_on_day = previous + pd.Timedelta(days=config.default_wait_days)
    # An interview whose date is only assumed may be yesterday's: its thank-you is not
    # given up for a window that date would say has passed.
    interview_unknown = probe["_unknown_thank_you"].ne("").to_numpy(dtype=bool)
    thank_you_open = (
        probe["round"].gt(0)
        & probe["thank_you_day"].isna()
        & (
            (as_of <= probe["interview_day"] + pd.Timedelta(days=config.thank_you_within_days + 2))
            | interview_unknown
        )
    )

    choices = [thank_you_open, number.eq(1), number.le(config.max_follow_ups)]
    step = np.select(choices, [0, 1, 2], default=3)
    not_before = pd.Series(
        np.select(
            choices,
            [probe["interview_day"], first_allowed, final_allowed],
            default=move_on_day,
        ),
        index=probe.index,
    ).astype("datetime64[ns]")
    # A step planned from a date only assumed is not planned: the row asks for the date.
    unknown = np.select(
        [step == code for code in range(len(STEPS))],
        [probe[f"_unknown_{name}"].to_numpy(dtype=object) for name in STEPS],
        default="",
    )
    unknown_date = unknown != ""
    not_before = not_before.mask(unknown_date, as_of)
    waits = (not_before > as_of).to_numpy(dtype=bool) & (step != 0)
    # The why line is built once per distinct step, dates, anchor and wait (few), taken by row.
    rows = probe.assign(
        _step=step,
        _allowed=not_before,
        _previous=previous.fillna(as_of),
        _after_reply=after_reply & not_before.eq(first_allowed).to_numpy(dtype=bool),
        # The last message sent was a final note (number 2 or more), not a first follow-up.
        _last_was_final=number.gt(2).to_numpy(dtype=bool),
        _unasked=probe["_unasked"].to_numpy(dtype=bool) & (step == 1),
    )
    why = per_distinct(rows, WHY_KEYS, lambda distinct: _why(distinct, voice))
    if unknown_date.any():
        why = why.mask(unknown_date, _unknown_why(unknown, step, why.index))
    action = np.where(waits, len(STEPS), np.where(unknown_date, len(STEPS) + 1, step))
    table = pd.DataFrame(
        {
            "candidate": probe["candidate"],
            "application_id": probe["application_id"],
            "company": probe["company"],
            "action": pd.Series(
                string_column(action, [*STEPS, "wait", "date_unknown"]),
                index=probe.index,
            ),
            "not_before": not_before,
            "why": why,
            "then": pd.Series(string_column(step, list(STEPS)), index=probe.index),
        }
    )
    ordered = table.sort_values(ACTION_ORDER)
    return as_text(ordered.reset_index(drop=True))


#: The order of :func:`next_actions`: soonest first, then by candidate and application.
ACTION_ORDER = ["not_before", "candidate", "application_id"]


def merged_actions(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Several :func:`next_actions` tables as one, in its order (logs judged apart)."""
    merged = pd.concat(tables, ignore_index=True)
    return merged.sort_values(ACTION_ORDER, kind="stable", ignore_index=True)


#: Steps whose moment passes, shown first in a plan: an offer waits for its answer, and a
#: thank-you is due within days of the interview.
PRESSING_ACTIONS = ("answer_offer", "thank_you")
#: The groups of a plan as ``todo`` and the report show it, in their order
#: (:func:`plan_groups`): pressing steps, other steps due recently, steps not allowed
#: yet, and steps allowed long ago with no reply since.
PLAN_GROUPS = ("pressing", "due", "coming_up", "long_overdue")


def _per_row(value: object, index: pd.Index) -> pd.Series:
    """``value`` (one value, or a series on ``index``) as a series on ``index``."""
    if isinstance(value, pd.Series):
        return value.reindex(index)
    return pd.Series(value, index=index)


def plan_groups(
    actions: pd.DataFrame,
    as_of: pd.Timestamp | dt.date | str | pd.Series,
    long_overdue_days: int | pd.Series,
) -> np.ndarray:
    """Each row's group in a shown plan, as its position in :data:`PLAN_GROUPS`.

    ``pressing``: :data:`PRESSING_ACTIONS`, however long ago they became due;
    ``long_overdue``: any other step allowed more than ``long_overdue_days``
    (the ``ghost_after_days`` setting) before ``as_of``, with no reply since;
    ``due``: the other steps allowed by ``as_of``; ``coming_up``: the rest.
    ``as_of`` and ``long_overdue_days`` may be a value per row (a series on
    ``actions``' index), as for clients judged by their own settings.
    """
    day = pd.to_datetime(actions["not_before"]).dt.normalize()
    today = pd.to_datetime(_per_row(as_of, actions.index)).dt.normalize()
    limit = pd.to_numeric(_per_row(long_overdue_days, actions.index))
    overdue = (today - day).dt.days
    due = day.le(today).to_numpy(dtype=bool)
    pressing = is_in(actions["action"], PRESSING_ACTIONS)
    stale = due & overdue.gt(limit).to_numpy(dtype=bool)
    return np.select([pressing, stale, due], [0, 3, 1], default=2)


def in_plan_order(
    actions: pd.DataFrame,
    as_of: pd.Timestamp | dt.date | str | pd.Series,
    long_overdue_days: int | pd.Series,
) -> pd.DataFrame:
    """``actions`` as ``todo``'s text and the report show them, with their group.

    By group (:func:`plan_groups`, in the order of :data:`PLAN_GROUPS`), then
    by day, candidate and company; the column ``group`` names each row's
    group. The index is kept, so a series on it still lines up.
    """
    group = plan_groups(actions, as_of, long_overdue_days)
    shown = actions.assign(
        group=pd.Categorical.from_codes(group, dtype=pd.CategoricalDtype(list(PLAN_GROUPS))),
        _day=pd.to_datetime(actions["not_before"]).dt.normalize(),
    )
    ordered = shown.sort_values(["group", "_day", "candidate", "company"], kind="stable")
    return ordered.drop(columns="_day")


def long_overdue_text(count: int, days: int | None) -> str:
    """The line over the long-overdue steps of a plan: how many applications have waited
    for a reply more than ``days`` days (``None``: each client's ``ghost_after_days``)."""
    from followup_stats.plural import counted, plural

    longer = (
        f"more than {counted(days, 'day')}"
        if days is not None
        else "longer than each client's ghost_after_days"
    )
    return (
        f"{counted(count, 'application')} {plural(count, 'has', 'have')} had no reply for "
        f"{longer} since {plural(count, 'its', 'their')} next step was allowed"
    )


#: The steps an application allows, in the order of :func:`_decide`'s step codes.
STEPS = ("thank_you", "follow_up", "final_note", "move_on")
#: The columns :func:`_why` reads.
WHY_KEYS = (
    "_step",
    "_allowed",
    "_previous",
    "interview_day",
    "round",
    "anchor_is_response",
    "anchor_day",
    "_after_reply",
    "wait_days",
    "wait_source",
    "_last_was_final",
    "_unasked",
)


#: What a step is planned for, as the ``why`` of a step that cannot be says it.
_PLANNED = {
    "thank_you": "the thank-you and the follow-up",
    "follow_up": "the follow-up",
    "final_note": "the final note",
    "move_on": "when to move on",
}


def _unknown_why(unknown: np.ndarray, step: np.ndarray, index: pd.Index) -> pd.Series:
    """The ``why`` of each row whose step would be planned from a date only assumed
    (``unknown``: a key of :data:`_UNKNOWN_WORDS`, ``""`` elsewhere)."""
    from followup_stats.vocab import ASSUMED_DATE_NOTE

    what = pd.Series(unknown, index=index, dtype="string").map(_UNKNOWN_WORDS).astype("string")
    planned = pd.Series(np.asarray(STEPS)[step], index=index, dtype="string")
    return (
        "the date of "
        + what
        + f" is only assumed (its notes begin '{ASSUMED_DATE_NOTE}'); write its real date in "
        "the log to plan " + planned.map(_PLANNED).astype("string")
    )


def _why(rows: pd.DataFrame, voice: Voice = "candidate") -> pd.Series:
    """The ``why`` line of each row from its step code ``_step``, ``_allowed``, ``_previous``,
    worded for ``voice`` (the job seeker's "your follow-up", or the coach's "the follow-up")."""
    allowed = day_text(rows["_allowed"])
    previous_text = day_text(rows["_previous"])
    after_reply = pd.Series("", index=rows.index, dtype="string").mask(
        rows["_after_reply"].to_numpy(dtype=bool),
        " (the day after their reply: one dated the same day would read as sent before it)",
    )
    # Allowed, but FU006 warns: no permission to get in touch was asked at the interview.
    unasked = pd.Series("", index=rows.index, dtype="string").mask(
        rows["_unasked"].to_numpy(dtype=bool),
        voiced(
            voice,
            "; you did not ask at the interview whether you may get in touch, so keep it brief"
            " and say why you are writing (FU006, a warning)",
            "; the candidate did not ask at the interview whether they may get in touch, so"
            " the follow-up should be brief and say why they are writing (FU006, a warning)",
        ),
    )
    # With max_follow_ups other than 2 the last message may be a first follow-up (1) or
    # one of several final notes (3 or more).
    last_final = rows["_last_was_final"].to_numpy(dtype=bool)
    last_sent = pd.Series("follow-up", index=rows.index, dtype="string").mask(
        last_final, "final note"
    )
    your = voiced(voice, "your ", "the ")
    why_by_step = {
        "thank_you": "interview on "
        + day_text(rows["interview_day"])
        + " and no thank-you yet: a short email to the interview team",
        "follow_up": "no reply since "
        + anchor_text(rows)
        + "; "
        + wait_text(rows, voice)
        + ", so a polite follow-up is allowed from "
        + allowed
        + after_reply
        + unasked,
        "final_note": "no reply to "
        + your
        + last_sent
        + " on "
        + previous_text
        + "; "
        + pd.Series("one", index=rows.index, dtype="string").mask(last_final, "another")
        + " final note asking whether "
        + voiced(voice, "you are", "the candidate is")
        + " still being considered is allowed from "
        + allowed
        + after_reply,
        "move_on": "no reply to "
        + your
        + last_sent
        + " on "
        + previous_text
        + "; from "
        + allowed
        + voiced(
            voice,
            " put your energy into other applications",
            " the candidate's energy is better put into other applications",
        )
        + " (a reply may still come)",
    }
    why = pd.Series(pd.NA, index=rows.index, dtype="string")
    for code, text in enumerate(why_by_step.values()):
        why = why.mask(rows["_step"].eq(code).to_numpy(), text)
    return why


REMINDER_TITLES = {
    "thank_you": "Send a thank-you",
    "follow_up": "Follow up",
    "final_note": "Send a final note",
    "move_on": "Move on",
    "date_unknown": "Write the real date",
    "answer_offer": "Answer the offer",
}
#: Each ``action`` in words, as text, the reports and calendar reminders say it (JSON keeps
#: the identifiers).
ACTION_WORDS = {**REMINDER_TITLES, "wait": "Wait"}


#: What keeps a calendar without reminders valid: one component (RFC 5545 section 3.6), a
#: time zone that no event refers to, which calendar apps accept and ignore.
EMPTY_CALENDAR_ZONE = (
    "BEGIN:VTIMEZONE\r\n"
    "TZID:UTC\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19700101T000000\r\n"
    "TZNAME:UTC\r\n"
    "TZOFFSETFROM:+0000\r\n"
    "TZOFFSETTO:+0000\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


#: RFC 5545 TEXT escapes (section 3.3.11), in the order icalendar applies them: a written
#: ``\N`` is taken for a line break, and CRLF, LF or a lone CR each become ``\n``.
_TEXT_ESCAPES = (
    ("\\N", "\n"),
    ("\\", "\\\\"),
    (";", "\\;"),
    (",", "\\,"),
    ("\r\n", "\\n"),
    ("\n", "\\n"),
    ("\r", "\\n"),
)
#: One fold of a content line (RFC 5545 section 3.1) written as its UTF-8 octets, one
#: character per octet (Latin-1), so lengths count octets and ``[\x80-\xbf]`` is the inside
#: of a character. Where the line has 75 octets or more left, it takes the most whole
#: characters that fit in 74; when that piece ends in ``\`` or ``^``, the next line begins
#: with it, so an escape is not split (as icalendar folds since its issue 1501).
_FOLD = re.compile(
    r"(?s)(?=.{75})"
    r"(?=(?>(.{0,73})(?:([\\^])|(.))(?=[^\x80-\xbf])))"  # the 74 octets or fewer that fit
    r"(?(2)\1|\1\3)"  # without a final backslash or caret
)
_CALENDAR_HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//followup_stats//todo//EN\r\n"
_CALENDAR_END = "END:VCALENDAR\r\n"


def _per_distinct(values: pd.Series, work: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``work`` done on each distinct value of ``values`` once, and taken for every row."""
    codes, distinct = pd.factorize(values)
    done = work(pd.Series(distinct, dtype="string"))
    return done.iloc[codes].set_axis(values.index)


def _shown(values: pd.Series) -> pd.Series:
    """Text from a log with its control characters replaced by U+FFFD (a calendar shows it).

    iCalendar text may hold no control character but tab (RFC 5545 section
    3.3.11); the bidirectional controls go too, as in terminal output.
    """
    from followup_stats.errors import CONTROL_CHARACTERS

    return _per_distinct(
        values, lambda text: text.str.replace(CONTROL_CHARACTERS, "\ufffd", regex=True)
    )


def _text_lines(name: str, values: pd.Series) -> pd.Series:
    """``NAME:value`` content lines of TEXT values (:func:`_shown`) as a calendar holds them.

    The TEXT escapes, then folding at 75 octets with CRLF and one space, so a
    line never splits a character. The result holds one character per octet
    of UTF-8 (Latin-1), to be encoded as Latin-1.
    """

    def lines(text: pd.Series) -> pd.Series:
        for old, new in _TEXT_ESCAPES:
            text = text.str.replace(old, new, regex=False)
        line = name + ":" + text
        wide = ~line.str.isascii().to_numpy(dtype=bool)  # an ASCII line is its octets already
        octets = line.mask(wide, line[wide].str.encode("utf-8").str.decode("latin-1"))
        long = octets.str.len().ge(75).to_numpy(dtype=bool)
        return octets.mask(long, octets[long].str.replace(_FOLD, "\\g<0>\r\n ", regex=True))

    return _per_distinct(values, lines)


def _basic_dates(days: pd.Series) -> pd.Series:
    """Dates as iCalendar writes them (``20261030``)."""
    number = days.dt.year * 10_000 + days.dt.month * 100 + days.dt.day
    return number.astype("string").str.zfill(8)


def write_ics(
    actions: pd.DataFrame,
    path: str | Path,
    as_of: pd.Timestamp | pd.Series | None = None,
    *,
    timezone: str = "UTC",
) -> int:
    """Write an iCalendar file with an all-day reminder per actionable date.

    Each application gets a reminder on the day its next step becomes
    allowed (``as_of``, default today in ``timezone``, for steps already
    allowed; a series on ``actions``' index gives each its own, as for
    clients in different timezones). Written to a temporary file and
    renamed. Returns the number of reminders.

    With nothing to remind the file is still written, as a calendar without
    events: a calendar subscribed to the file (or imported from it each day)
    then drops yesterday's reminders instead of keeping them, and a daily job
    always finds its file. RFC 5545 (section 3.6) wants at least one
    component in a calendar, so that calendar holds the definition of UTC
    (:data:`EMPTY_CALENDAR_ZONE`), which no event uses and calendar apps
    ignore.

    The text is built column by column, as icalendar wrote it (the tests hold
    it to icalendar byte for byte), with one DTSTAMP, the time of writing.
    """
    from followup_stats.load import today as today_in
    from followup_stats.output import atomic_write, role_of_made_up_ids

    if actions.empty:
        atomic_write(path, _CALENDAR_HEAD + EMPTY_CALENDAR_ZONE + _CALENDAR_END)
        return 0
    today = as_of if as_of is not None else today_in(timezone)
    todays = (
        pd.to_datetime(today).reindex(actions.index)
        if isinstance(today, pd.Series)
        else pd.Series(today, index=actions.index, dtype="datetime64[ns]")
    )

    def text(column: str) -> pd.Series:
        """A column as text, a missing value as Python writes it."""
        return actions[column].astype("string").fillna("<NA>")

    candidate, company, then = text("candidate"), text("company"), text("then")
    action = text("action")
    not_before = pd.to_datetime(actions["not_before"])
    # The step and the day it became allowed name a reminder: it keeps its UID while
    # overdue, so a calendar that imports the file again updates it in place. Each day
    # overdue moves it to today, a new revision (RFC 5545 section 3.8.7.4): its SEQUENCE
    # counts those days, so an app that keeps the higher revision takes it.
    day = todays.where(todays > not_before, not_before).dt.normalize()
    allowed_day = not_before.dt.normalize()
    sequence = (day - allowed_day).dt.days.astype("string")
    allowed = _basic_dates(allowed_day)
    allowed = allowed.str.slice(0, 4) + "-" + allowed.str.slice(4, 6) + "-" + allowed.str.slice(6)
    # Due each day until the date is written: one reminder, not one a day.
    unknown = action.eq("date_unknown").to_numpy(dtype=bool)
    allowed = allowed.mask(unknown, action)
    uid_text = candidate + "|" + text("application_id") + "|" + then + "|" + allowed
    uids = pd.Series(
        [hashlib.sha256(one.encode()).hexdigest()[:32] for one in uid_text.tolist()],
        index=actions.index,
        dtype="string",
    )
    step = then.mask(unknown, action)
    title = _shown(step.replace(REMINDER_TITLES))
    # A cohort's reminders say whose they are; one candidate's need not.
    whose = _shown(candidate) + ": " if actions["candidate"].nunique() > 1 else ""
    # As todo's text names an application: an id the loader made up from the company and
    # the role ("Acme / Analyst") adds only the role, and one of the company alone nothing.
    shown_ids = role_of_made_up_ids(
        actions["application_id"].astype("string").fillna(""),
        actions["company"].astype("string").fillna(""),
    )
    company = _shown(company)
    where = (company + " (" + _shown(shown_ids) + ")").mask(
        shown_ids.eq("").to_numpy(bool), company
    )
    stamp = pd.Timestamp.now(tz="UTC").strftime("%Y%m%dT%H%M%SZ")
    pieces: tuple[str | pd.Series, ...] = (
        "BEGIN:VEVENT\r\n",
        _text_lines("SUMMARY", whose + title + ": " + where),
        "\r\nDTSTART;VALUE=DATE:",
        _basic_dates(day),
        "\r\nDTEND;VALUE=DATE:",
        _basic_dates(day + ONE_DAY),
        f"\r\nDTSTAMP:{stamp}\r\nUID:",
        uids,
        "@followup-stats\r\nSEQUENCE:",
        sequence,
        "\r\n",
        _text_lines("DESCRIPTION", _shown(text("why"))),
        "\r\nEND:VEVENT\r\n",
    )
    # A row of pieces per reminder, all joined at once: adding text columns one to another
    # would copy the growing events at each piece.
    table = np.empty((len(actions), len(pieces)), dtype=object)
    for at, piece in enumerate(pieces):
        table[:, at] = piece if isinstance(piece, str) else piece.to_numpy(dtype=object)
    calendar = _CALENDAR_HEAD + "".join(table.ravel().tolist()) + _CALENDAR_END
    atomic_write(path, calendar.encode("latin-1"))  # the octets of UTF-8 text
    return len(actions)
