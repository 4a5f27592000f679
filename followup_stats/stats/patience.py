"""Did patience pay off? Round outcomes by follow-up behaviour (DESIGN.md section 4).

A naive comparison of rounds with and without follow-ups credits silence to
patience: a round the employer answers on day two never gets a follow-up, so
"no follow-up" would look like the way to a quick answer. The **landmark
design** avoids that. Each interview round is looked at on its first allowed
follow-up day (interview day + ``contact_ok_after_days``, else
``default_wait_days``); only rounds still undecided and unanswered then (no
employer event, withdrawal or next interview before that day) are compared,
so every round in the comparison had the same chance to be followed up.

Behaviour in the round (follow-ups up to the round's outcome):

``none``
    no counted follow-up;
``polite``
    follow-ups, none flagged FU005, FU007, FU008 or FU009 by :func:`check`;
``pushy``
    at least one follow-up flagged with one of those codes.

Outcome of the round: ``advanced`` (a next interview), ``offer``,
``rejection``, ``withdrew``, ``ghosted`` (no decision, no next interview, and
no employer event for ``ghost_after_days`` since the later of the round's
start and its last employer event, by the as-of date) or ``open`` (none of
these yet; left out of every rate). ``progressed`` = advanced or offer.

Companion comparisons: outcome with and without a thank-you sent within
``thank_you_within_days`` (rounds still undecided after that window), outcome
by applications and networking between the interview and the landmark day,
and the reply rate of follow-ups (those sent before the application ended)
by timing and by number.

A date only assumed (notes beginning ``date assumed``) judges nothing: a round
whose opening interview, first employer event, first thank-you or outcome is so
dated is left out of the comparisons that would read it, a follow-up so dated
(or whose answer, next follow-up or withdrawal is) of the reply comparisons, and
one whose first allowed day counts from such a row has no timing.

Rates have 95% Wilson intervals; differences between arms a Newcombe
(method 10) interval and a Fisher exact test (one candidate) or a
Cochran-Mantel-Haenszel test stratified by candidate (several). Every
comparison is an association between what the candidate did and what the
employer did; the notes say so, and say when an arm is too small.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.proportion import confint_proportions_2indep

from followup_stats.checker import application_events_of, as_loaded, rule_context
from followup_stats.config import ConfigSource
from followup_stats.load import LoadedLog, LogSource
from followup_stats.plural import counted, counted_phrase
from followup_stats.rules.timing import TEST_COLUMNS, flagged_follow_ups
from followup_stats.stats.applications import (
    ANSWER_EVENTS,
    assumed_dates,
    group_labels,
    is_one_of,
    loaded_applications,
    loaded_group_codes,
    next_events,
    opening_rows,
    sorted_groups,
)
from followup_stats.stats.rates import wilson
from followup_stats.tables import as_text

__all__ = [
    "BEHAVIOURS",
    "COMPARISONS",
    "FOLLOW_UP_COLUMNS",
    "MEASURES",
    "MIN_ARM_SIZE",
    "ON_TIME_DAYS",
    "OUTCOMES",
    "PATIENCE_COLUMNS",
    "PUSHY_CODES",
    "ROUND_COLUMNS",
    "Comparison",
    "patience",
    "patience_follow_ups",
    "patience_rounds",
]

#: Codes that make a follow-up pushy.
PUSHY_CODES: Final[tuple[str, ...]] = ("FU005", "FU007", "FU008", "FU009")
#: Behaviour arms, in report order.
BEHAVIOURS: Final[tuple[str, ...]] = ("none", "polite", "pushy")
#: Final outcomes of a round (``open`` rounds are left out).
OUTCOMES: Final[tuple[str, ...]] = ("advanced", "offer", "rejection", "ghosted", "withdrew")
#: What the round comparisons count: ``progressed`` (advanced or offer), then each outcome.
MEASURES: Final[tuple[str, ...]] = ("progressed", *OUTCOMES)
#: Arms with fewer units than this are said to be too small to conclude anything.
MIN_ARM_SIZE: Final[int] = 10
#: A follow-up up to this many days after its first allowed day is on time; later is late.
ON_TIME_DAYS: Final[int] = 7
#: Columns of :func:`patience` (DESIGN.md section 5).
PATIENCE_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "comparison",
    "arm",
    "k",
    "n",
    "rate",
    "ci_low",
    "ci_high",
    "p_value",
    "note",
)
#: Columns of :func:`patience_rounds`.
ROUND_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "candidate",
    "application_id",
    "company",
    "file",
    "start_line",
    "round",
    "start_day",
    "wait_days",
    "landmark_day",
    "landmark",
    "follow_ups",
    "pushy_follow_ups",
    "behaviour",
    "outcome",
    "outcome_day",
    "thank_you",
    "thank_you_judged",
    "activity",
)
#: Columns of :func:`patience_follow_ups`.
FOLLOW_UP_COLUMNS: Final[tuple[str, ...]] = (
    "group",
    "candidate",
    "application_id",
    "company",
    "file",
    "line",
    "round",
    "day",
    "number",
    "first_allowed_day",
    "timing",
    "number_arm",
    "reply_day",
    "answered",
    "judged",
)

EMPLOYER_EVENTS: Final[tuple[str, ...]] = ("response", "offer", "rejection")
#: What ends a round and fixes its outcome (a next interview ends it too).
ROUND_ENDS: Final[tuple[str, ...]] = ("offer", "rejection", "withdrew")
#: Events that answer a follow-up: any employer event, or a next interview.
REPLIES: Final[tuple[str, ...]] = ANSWER_EVENTS
NOT_RECORDED: Final[str] = "(not recorded)"

_MEASURE_WORDS: Final[dict[str, str]] = {
    "progressed": "progressed (a next interview or an offer)",
    "advanced": "advanced to a next interview",
    "offer": "ended in an offer",
    "rejection": "ended in a rejection",
    "ghosted": "went silent (ghosted)",
    "withdrew": "ended with the candidate withdrawing",
}
_ARM_WORDS: Final[dict[str, str]] = {
    "none": "rounds with no follow-up",
    "polite": "rounds with only polite follow-ups",
    "pushy": "rounds with a pushy follow-up (FU005, FU007, FU008 or FU009)",
    "thank_you": "rounds with a thank-you sent in time",
    "no_thank_you": "rounds without a thank-you in time",
    "some_activity": "rounds with applications or networking before the first allowed day",
    "no_activity": "rounds with no applications or networking before the first allowed day",
    "early": "follow-ups sent before the first allowed day",
    "on_time": f"follow-ups sent within {ON_TIME_DAYS} days after the first allowed day",
    "late": f"follow-ups sent more than {ON_TIME_DAYS} days after the first allowed day",
    "1st": "first follow-ups",
    "2nd": "second follow-ups (the final note)",
    "3rd+": "third and later follow-ups",
}
_ROUND_CAVEAT: Final[str] = (
    "association only; rounds differ in other ways (employer, role, stage, timetable)"
)
_FOLLOW_UP_CAVEAT: Final[str] = (
    "association only; follow-ups differ in other ways, and those of one round are not independent"
)


@dataclasses.dataclass(frozen=True)
class Comparison:
    """One question of the patience table: its arms, the pairs compared, and its words."""

    name: str
    arms: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    unit: str
    counts: str
    caveat: str


def _comparisons() -> tuple[Comparison, ...]:
    by_behaviour = [
        Comparison(
            f"{m}_by_behaviour",
            BEHAVIOURS,
            (("polite", "none"), ("pushy", "polite")),
            "rounds",
            _MEASURE_WORDS[m],
            _ROUND_CAVEAT,
        )
        for m in MEASURES
    ]
    by_thank_you = [
        Comparison(
            f"{m}_by_thank_you",
            ("thank_you", "no_thank_you"),
            (("thank_you", "no_thank_you"),),
            "rounds",
            _MEASURE_WORDS[m],
            _ROUND_CAVEAT,
        )
        for m in MEASURES
    ]
    by_activity = [
        Comparison(
            f"{m}_by_activity",
            ("no_activity", "some_activity"),
            (("some_activity", "no_activity"),),
            "rounds",
            _MEASURE_WORDS[m],
            _ROUND_CAVEAT,
        )
        for m in MEASURES
    ]
    replies = [
        Comparison(
            "reply_by_timing",
            ("early", "on_time", "late"),
            (("early", "on_time"), ("late", "on_time")),
            "follow-ups",
            "got a reply before the next follow-up and within {reply_days}",
            _FOLLOW_UP_CAVEAT,
        ),
        Comparison(
            "reply_by_number",
            ("1st", "2nd", "3rd+"),
            (("2nd", "1st"), ("3rd+", "2nd")),
            "follow-ups",
            "got a reply before the next follow-up and within {reply_days}",
            _FOLLOW_UP_CAVEAT,
        ),
    ]
    return (*by_behaviour, *by_thank_you, *by_activity, *replies)


#: Every comparison of :func:`patience`, in report order.
COMPARISONS: Final[tuple[Comparison, ...]] = _comparisons()

Log = LoadedLog | LogSource | Sequence[LogSource]

#: The application-events columns a follow-up row of :func:`_follow_up_table` starts from:
#: those of :data:`FOLLOW_UP_COLUMNS` after ``group``, up to ``first_allowed_day``.
_FOLLOW_UP_SOURCE: Final[tuple[str, ...]] = FOLLOW_UP_COLUMNS[
    1 : FOLLOW_UP_COLUMNS.index("first_allowed_day") + 1
]


# -- per-round and per-follow-up tables ------------------------------------------------------


def _days(values: pd.Series, days: int) -> pd.Series:
    return values + pd.Timedelta(days=days)


def _day_at(days: np.ndarray, position: pd.Series) -> pd.Series:
    """The day of the event at each (possibly missing) row position."""
    index = position.fillna(0).astype("int64").to_numpy()
    picked = pd.Series(days[index] if len(days) else [], index=position.index, dtype=days.dtype)
    return picked.where(position.notna())


def _pushy_follow_ups(loaded: LoadedLog) -> pd.DataFrame:
    """``file`` and ``line`` of the rows the checker flags FU005/FU007/FU008/FU009,
    whatever ``select`` says.

    The rules' own tests on the log's shared rule tables
    (:func:`followup_stats.rules.timing.flagged_follow_ups`), without the
    messages ``check`` words for them.
    """
    ev = rule_context(loaded).ev
    follow_ups = ev.loc[ev["counted"].to_numpy(), ["file", "line", *TEST_COLUMNS]]
    pushy = flagged_follow_ups(follow_ups, loaded.config, PUSHY_CODES)
    return follow_ups.loc[pushy, ["file", "line"]]


def _flagged(rows: pd.DataFrame, flagged: pd.DataFrame) -> np.ndarray:
    """Whether each row's ``file`` and ``line`` are among those of ``flagged``.

    A file and line name one event, so its candidate and application need
    no comparing; integer keys, not a merge over text.
    """
    files = rows["file"]
    if isinstance(files.dtype, pd.CategoricalDtype):
        codes, names = files.cat.codes.to_numpy(), files.cat.categories
    else:
        codes, names = pd.factorize(files)
    flagged_codes = _positions(list(names), flagged["file"])
    lines = rows["line"].to_numpy(dtype="int64")
    flagged_lines = flagged["line"].to_numpy(dtype="int64")
    stride = int(max(lines.max(initial=0), flagged_lines.max(initial=0))) + 1
    known = flagged_codes >= 0
    wanted = flagged_codes[known].astype("int64") * stride + flagged_lines[known]
    return np.isin(codes.astype("int64") * stride + lines, wanted)


def _group_of(loaded: LoadedLog, rows: pd.DataFrame, by: str | None) -> pd.Series:
    """The ``group`` label of each row: ``all``, or its application's ``by`` value.

    ``by`` is any column of the applications table, as for the other
    ``stats`` tables (a log's own column, or a computed one such as
    ``applied_channel`` or ``status``).
    """
    if by is None:
        return pd.Series("all", index=rows.index, dtype="string")
    codes, groups = loaded_group_codes(loaded, by)  # UnknownColumn for a column it lacks
    _, _, applications = loaded_applications(loaded, None, None)
    at = _application_rows(loaded, applications, rows)
    if at is not None:
        group = np.where(at >= 0, codes[np.maximum(at, 0)] if len(codes) else -1, -1)
        picked = pd.array(groups, dtype="string").take(group, allow_fill=True)
        return pd.Series(picked, index=rows.index).fillna(NOT_RECORDED).astype("string")
    labels = group_labels(applications, by)
    keys = ["candidate", "application_id"]
    per_app = applications[keys].astype("string").assign(_group=labels.to_numpy())
    merged = rows[keys].astype("string").merge(per_app, on=keys, how="left")
    return pd.Series(merged["_group"].fillna(NOT_RECORDED).to_numpy(), index=rows.index).astype(
        "string"
    )


def _application_groups(loaded: LoadedLog, by: str) -> list[str]:
    """The ``group`` labels of the applications of the judged events (a label may repeat)."""
    _, ev, _ = loaded_applications(loaded, None, None)
    app = ev["app"].to_numpy()
    if not len(app) or app.min() >= 0:  # every application a row of the table
        return loaded_group_codes(loaded, by)[1]  # the labels, once each
    judged = loaded.judged_events()
    rows = judged[judged["application_id"].notna().to_numpy()].drop_duplicates(
        ["candidate", "application_id"]
    )
    return _group_of(loaded, rows, by).tolist()


def _application_rows(
    loaded: LoadedLog, applications: pd.DataFrame, rows: pd.DataFrame
) -> np.ndarray | None:
    """Position in ``applications`` of each row's application (-1: none), or None if unsure.

    Rows cut from the judged application events share their categorical
    ``candidate`` and ``application_id``: their codes name the application,
    so no text is compared. None (compare the text) for other rows, or when
    events without a candidate make one application of several ids.
    """
    ev = application_events_of(loaded)
    for column in ("candidate", "application_id"):
        ours, theirs = ev[column].dtype, rows[column].dtype
        if not (isinstance(ours, pd.CategoricalDtype) and isinstance(theirs, pd.CategoricalDtype)):
            return None
        if ours.categories is not theirs.categories:
            return None
    app = ev["app"].to_numpy()
    table_apps = applications.index.to_numpy()
    if len(app) and app.min() < 0:
        return None
    stride = len(ev["application_id"].cat.categories) + 1

    def key(frame: pd.DataFrame) -> np.ndarray:
        candidate = frame["candidate"].cat.codes.to_numpy().astype("int64")
        application = frame["application_id"].cat.codes.to_numpy().astype("int64")
        return np.where((candidate >= 0) & (application >= 0), candidate * stride + application, -1)

    apps, first = opening_rows(loaded)
    row_of_app = pd.Index(table_apps).get_indexer(apps)
    if (row_of_app < 0).any():
        return None
    known = pd.Index(key(ev.iloc[first]))
    found = known.get_indexer(key(rows))
    return np.where(found >= 0, row_of_app[np.maximum(found, 0)], -1)


def _activity_counts(loaded: LoadedLog, rounds: pd.DataFrame) -> np.ndarray:
    """Applications and networking of the round's candidate in ``[start_day, landmark_day)``."""
    judged = loaded.judged_events()
    done = is_one_of(judged["event"], ("applied", "networking"))
    activity = judged.loc[done, ["candidate", "day"]]
    codes, _ = pd.factorize(
        pd.concat([activity["candidate"], rounds["candidate"]], ignore_index=True)
    )
    activity_code, round_code = codes[: len(activity)], codes[len(activity) :]

    def key(code: np.ndarray, day: pd.Series) -> np.ndarray:
        # One sortable number per (candidate, day): the candidate in the high bits.
        whole_days = day.to_numpy().astype("datetime64[D]").astype("int64")
        return code.astype("int64") * (1 << 32) + whole_days

    keys = np.sort(key(activity_code, activity["day"]))
    start = np.searchsorted(keys, key(round_code, rounds["start_day"]), side="left")
    stop = np.searchsorted(keys, key(round_code, rounds["landmark_day"]), side="left")
    return (stop - start).astype("int64")


def _round_table(loaded: LoadedLog) -> pd.DataFrame:
    """Every interview round with its landmark, behaviour, outcome, thank-you and activity."""
    config, as_of = loaded.config, loaded.as_of
    context = rule_context(loaded)
    ev = context.ev
    rounds = context.interview_rounds.copy()
    event = ev["event"]  # categorical: isin and eq compare codes
    position = pd.Series(np.arange(len(ev), dtype="float64"), index=ev.index)
    # The events of these rounds: those before an application's first interview (most of
    # a log) are in no interview round, so they are not grouped only to be dropped.
    in_rounds = ev["round"].to_numpy() > 0

    employer = ev.loc[in_rounds & is_one_of(event, EMPLOYER_EVENTS), ["round_key", "day"]]
    first_employer = employer.groupby("round_key")["day"].min().reindex(rounds.index)
    last_employer = employer.groupby("round_key")["day"].max().reindex(rounds.index)
    ends = in_rounds & is_one_of(event, ROUND_ENDS)
    end_position = position[ends].groupby(ev.loc[ends, "round_key"]).min().reindex(rounds.index)

    wait = rounds["contact_ok_after_days"].astype("float64").fillna(config.default_wait_days)
    rounds["wait_days"] = wait.astype("int64")
    rounds["landmark_day"] = rounds["start_day"] + pd.to_timedelta(rounds["wait_days"], unit="D")

    # Outcome: the round's end (decision, withdrawal, next interview), else ghosted or open.
    silence_from = last_employer.fillna(rounds["start_day"])
    ghost_day = _days(silence_from, config.ghost_after_days)
    is_open = rounds["status"].eq("open").to_numpy()
    ghosted = is_open & (ghost_day <= as_of).to_numpy()
    outcome = rounds["status"].replace({"next_round": "advanced"})
    rounds["outcome"] = outcome.mask(ghosted, "ghosted").astype("string")
    rounds["outcome_day"] = rounds["end_day"].where(~is_open).fillna(ghost_day.where(ghosted))

    # Behaviour: counted follow-ups of the round up to its outcome.
    counted = in_rounds & ev["counted"].to_numpy(dtype=bool)
    follow_ups = ev.loc[counted, ["file", "line", "round_key", "day"]]
    follow_ups = follow_ups.assign(_position=position)
    window = pd.DataFrame(
        {
            "_end_position": end_position.fillna(np.inf),
            "_limit_day": rounds["outcome_day"].fillna(as_of),
        }
    )
    follow_ups = follow_ups.join(window, on="round_key", how="inner")
    inside = (follow_ups["_position"] < follow_ups["_end_position"]) & (
        follow_ups["day"] <= follow_ups["_limit_day"]
    )
    follow_ups = follow_ups[inside.to_numpy()].reset_index(drop=True)
    follow_ups["pushy"] = _flagged(follow_ups, _pushy_follow_ups(loaded))
    per_round = follow_ups.groupby("round_key").agg(
        follow_ups=("pushy", "size"), pushy_follow_ups=("pushy", "sum")
    )
    per_round = per_round.reindex(rounds.index, fill_value=0).astype("int64")
    rounds["follow_ups"] = per_round["follow_ups"]
    rounds["pushy_follow_ups"] = per_round["pushy_follow_ups"]
    rounds["behaviour"] = pd.Series(
        np.select(
            [rounds["pushy_follow_ups"].gt(0), rounds["follow_ups"].gt(0)],
            ["pushy", "polite"],
            default="none",
        ),
        index=rounds.index,
        dtype="string",
    )

    # Landmark: reached by the as-of date, with nothing from the employer and no end before it.
    landmark_day = rounds["landmark_day"]
    quiet = first_employer.isna() | (first_employer >= landmark_day)
    rounds["landmark"] = (
        (landmark_day <= as_of) & quiet & (rounds["end_day"] >= landmark_day)
    ).to_numpy(dtype=bool)

    # Thank-you landmark: rounds still undecided after the thank-you window.
    deadline = _days(rounds["start_day"], config.thank_you_within_days)
    rounds["thank_you"] = (rounds["thank_you_day"] <= deadline).fillna(False).astype(bool)
    decided_after = (rounds["outcome_day"] > deadline).fillna(False).astype(bool)
    rounds["thank_you_judged"] = decided_after & rounds["outcome"].ne("open").astype(bool)

    # A date only assumed says nothing of when the round reached its landmark or its outcome:
    # the rounds that read one are in no comparison (their events still count in the rates).
    unknown = _assumed_round_dates(loaded, ev, rounds, employer.index, end_position)
    if unknown is not None:
        landmark_known = ~unknown[["start", "first_employer", "outcome"]].any(axis=1)
        thanks_known = ~unknown[["start", "thank_you", "outcome"]].any(axis=1)
        rounds["landmark"] = rounds["landmark"].to_numpy(dtype=bool) & landmark_known.to_numpy()
        rounds["thank_you_judged"] = (
            rounds["thank_you_judged"].to_numpy(dtype=bool) & thanks_known.to_numpy()
        )

    rounds["activity"] = _activity_counts(loaded, rounds)
    return rounds.reset_index(drop=True)


def _assumed_round_dates(
    loaded: LoadedLog,
    ev: pd.DataFrame,
    rounds: pd.DataFrame,
    employer_rows: pd.Index,
    end_position: pd.Series,
) -> pd.DataFrame | None:
    """Which dates each interview round's landmark, thank-you and outcome read are only
    assumed (notes beginning ``date assumed``); None when no event's is.

    Columns, on ``rounds``' index: ``start`` (the interview that opens it),
    ``first_employer`` (its first employer event, which tells whether it was
    still unanswered on its landmark day), ``thank_you`` (its first thank-you),
    ``outcome`` (what fixes its outcome and that day: its offer, rejection or
    withdrawal, else the interview opening the next round, else, for a round
    gone silent, its last employer event).
    """
    on_ev = assumed_dates(loaded, ev["row"].to_numpy())
    if not on_ev.any():
        return None
    keys = ev["round_key"]
    position = pd.Series(np.arange(len(ev), dtype="int64"), index=ev.index)

    def assumed_at(rows: pd.Series) -> np.ndarray:
        """Whether the row at each (possibly missing) position is so dated."""
        at = rows.reindex(rounds.index)
        found = at.notna().to_numpy(dtype=bool)
        return found & on_ev[at.fillna(0).to_numpy(dtype="int64")]

    first = position.groupby(keys).min()
    employer = position[employer_rows].groupby(keys[employer_rows])
    thanks = ev["event"].eq("thank_you").to_numpy(dtype=bool)
    start = assumed_at(first)
    # The next round of the same application: the one numbered next.
    opener = pd.Series(
        on_ev[first.to_numpy()],
        index=pd.MultiIndex.from_arrays(
            [ev["app"].to_numpy()[first.to_numpy()], ev["round"].to_numpy()[first.to_numpy()]]
        ),
    )
    following = pd.MultiIndex.from_arrays(
        [
            ev["app"].to_numpy()[first.reindex(rounds.index).to_numpy(dtype="int64")],
            rounds["round"].to_numpy(dtype="int64") + 1,
        ]
    )
    at_next = opener.index.get_indexer(following)
    next_opener = (at_next >= 0) & opener.to_numpy(dtype=bool)[np.maximum(at_next, 0)]
    status = rounds["status"].astype("string")
    ended = end_position.notna().to_numpy(dtype=bool)
    outcome = np.where(
        ended,
        assumed_at(end_position.dropna().astype("int64")),
        np.where(
            status.eq("next_round").to_numpy(dtype=bool, na_value=False),
            next_opener,
            assumed_at(employer.max()),
        ),
    )
    return pd.DataFrame(
        {
            "start": start,
            "first_employer": assumed_at(employer.min()),
            "thank_you": assumed_at(position[thanks].groupby(keys[thanks]).min()),
            "outcome": outcome,
        },
        index=rounds.index,
    )


def _follow_up_table(loaded: LoadedLog) -> pd.DataFrame:
    """Every counted follow-up sent before its application ended, with its timing, number,
    and whether it was answered."""
    config, as_of = loaded.config, loaded.as_of
    ev = rule_context(loaded).ev
    days = ev["day"].to_numpy()
    # The next reply (:data:`REPLIES` are the answers), follow-up and withdrawal.
    following = next_events(loaded)
    counted = following["sent"]  # the follow-ups of the waiting times, too
    fu = ev.loc[counted, list(_FOLLOW_UP_SOURCE)]
    reply, follow, withdraw = (
        pd.Series(following[name], index=fu.index) for name in ("answer", "follow_up", "withdrawal")
    )
    window_end = _days(fu["day"], config.ghost_after_days)
    stop = np.fmin(follow.to_numpy(), withdraw.to_numpy())
    reply_day = _day_at(days, reply)
    answered = (reply.to_numpy() < np.nan_to_num(stop, nan=np.inf)) & (
        reply_day <= window_end
    ).to_numpy(dtype=bool)
    follow_first = follow.notna() & (follow < withdraw.fillna(np.inf))
    withdraw_first = withdraw.notna() & (withdraw < follow.fillna(np.inf))
    stopped = follow_first & (_day_at(days, follow) <= window_end)
    censored = withdraw_first & (_day_at(days, withdraw) <= window_end)
    waited_out = (window_end <= as_of) & ~censored
    fu["answered"] = answered
    fu["judged"] = answered | (stopped | waited_out).to_numpy(dtype=bool)
    fu["reply_day"] = reply_day.where(answered)

    # A follow-up dated only by assumption, or whose next answer, follow-up or withdrawal
    # (what tells whether it was answered in time) is, is not judged: the same follow-ups
    # as the ``follow_up_to_reply`` waits left out. One whose first allowed day reads such a
    # date (its anchor) has no timing.
    timing_known = np.ones(len(fu), dtype=bool)
    assumed = assumed_dates(loaded)
    if assumed.any():
        first_next = np.fmin(reply.to_numpy(), stop)
        decided_by = (~np.isnan(first_next)) & assumed[np.nan_to_num(first_next).astype("int64")]
        sent_on = assumed[np.flatnonzero(counted)]
        fu["judged"] = fu["judged"].to_numpy(dtype=bool) & ~(sent_on | decided_by)
        timing_known = rule_context(loaded).known_timing(fu, ("anchor",))

    # Arms as codes (kept in ``_timing`` and ``_number`` for the strata) and as text.
    late_by = (fu["day"] - fu["first_allowed_day"]).dt.days
    timing = np.select([late_by.lt(0), late_by.le(ON_TIME_DAYS)], [0, 1], 2)
    timing = np.where(timing_known, timing, -1)  # -1: not known, in no arm
    number = fu["number"].astype("int64")
    number_arm = np.select([number.eq(1), number.eq(2)], [0, 1], 2)
    fu["_timing"], fu["_number"] = timing, number_arm
    fu["timing"] = _text_of(COMPARISONS[_BY_TIMING].arms, timing)
    fu["number_arm"] = _text_of(COMPARISONS[_BY_NUMBER].arms, number_arm)
    return fu.reset_index(drop=True)


def patience_rounds(
    log: Log,
    by: str | None = None,
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
    *,
    landmark_only: bool = True,
) -> pd.DataFrame:
    """One row per landmark round, with its behaviour and outcome, for plots and audits.

    Parameters
    ----------
    log, config, as_of
        As for :func:`followup_stats.checker.check`.
    by
        Column whose value per application names the ``group`` (default ``all``).
    landmark_only
        ``False`` returns every interview round, with ``landmark`` saying which
        ones the behaviour and activity comparisons use (the thank-you
        comparison uses ``thank_you_judged``).

    Returns
    -------
    DataFrame
        Columns :data:`ROUND_COLUMNS`. ``landmark_day`` is the first allowed
        follow-up day; ``behaviour`` is none/polite/pushy; ``outcome`` is
        advanced/offer/rejection/ghosted/withdrew/open and ``outcome_day`` its
        day (NaT while open); ``thank_you`` a thank-you within
        ``thank_you_within_days``; ``activity`` the applications and
        networking events between the interview and the landmark day.
    """
    loaded = as_loaded(log, config, as_of)
    rounds = _round_table(loaded)
    rounds["group"] = _group_of(loaded, rounds, by)
    if landmark_only:
        rounds = rounds[rounds["landmark"].to_numpy()]
    return as_text(rounds[list(ROUND_COLUMNS)].reset_index(drop=True))


def patience_follow_ups(
    log: Log,
    by: str | None = None,
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """One row per counted follow-up: its timing, number and whether it was answered.

    Only follow-ups sent before their application ended (its first offer,
    rejection or withdrawal) are rows, as for the ``follow_up_to_reply``
    waiting time: one sent after a rejection awaits no answer on the job.
    A follow-up is ``answered`` when an employer event or a next interview
    of its application comes after it, before the next counted follow-up and
    within ``ghost_after_days``. It is ``judged`` when answered, when the next
    follow-up came within that window unanswered, or when the window has
    passed by the as-of date (a withdrawal inside the window leaves it
    unjudged; so does a date only assumed, of the follow-up or of what
    answers or stops it). ``timing`` is ``early`` (before the first allowed
    day), ``on_time`` (up to :data:`ON_TIME_DAYS` days after it) or ``late``;
    missing when that day counts from a row whose date is only assumed.

    Returns
    -------
    DataFrame
        Columns :data:`FOLLOW_UP_COLUMNS`.
    """
    loaded = as_loaded(log, config, as_of)
    follow_ups = _follow_up_table(loaded)
    follow_ups["group"] = _group_of(loaded, follow_ups, by)
    return as_text(follow_ups[list(FOLLOW_UP_COLUMNS)].astype({"number": "int64"}))


# -- the summary table -------------------------------------------------------------------------

#: Arms of the comparison with the most: every comparison's arm codes are below this.
_MOST_ARMS: Final[int] = max(len(c.arms) for c in COMPARISONS)
#: ``_SUCCESS[m, o]``: a round with outcome ``OUTCOMES[o]`` is a success for ``MEASURES[m]``.
_SUCCESS: Final[np.ndarray] = np.array(
    [
        [o == m or (m == "progressed" and o in ("advanced", "offer")) for o in OUTCOMES]
        for m in MEASURES
    ]
)
#: Code of the first comparison of each block (:func:`_comparisons` order).
_BY_BEHAVIOUR: Final[int] = 0
_BY_THANK_YOU: Final[int] = len(MEASURES)
_BY_ACTIVITY: Final[int] = 2 * len(MEASURES)
_BY_TIMING: Final[int] = 3 * len(MEASURES)
_BY_NUMBER: Final[int] = 3 * len(MEASURES) + 1
#: Where each comparison's arms start in the list of every comparison's arms.
_ARM_START: Final[np.ndarray] = np.cumsum([0, *(len(c.arms) for c in COMPARISONS)])[:-1]


def _positions(names: Sequence[str], values: pd.Series) -> np.ndarray:
    """Position of each value among ``names``; -1 for another value or a missing one.

    The distinct values are looked up, then spread by their codes: no text
    object per row.
    """
    codes, distinct = pd.factorize(values)
    found = np.append(pd.Index(list(names)).get_indexer(pd.Index(distinct)), -1)  # -1: missing
    return found[codes]


def _text_of(
    names: Sequence[str] | pd.Index, codes: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """``names[code]`` per code as a ``string`` array (missing for -1): a take, not a
    conversion per row."""
    return pd.Index(list(names), dtype="string").take(codes, allow_fill=True).array


@dataclasses.dataclass(frozen=True)
class _Strata:
    """Per-candidate strata as integer codes: what the patience table is computed from.

    One entry per group, comparison, arm and candidate with units: ``group``
    indexes ``groups``, ``comparison`` :data:`COMPARISONS`, ``arm`` that
    comparison's arms, and ``candidate`` ``candidates`` (sorted, so that codes
    sort as names do); ``k`` successes of ``n`` units. Codes, not text: a
    million events make hundreds of thousands of strata.
    """

    group: np.ndarray
    comparison: np.ndarray
    arm: np.ndarray
    candidate: np.ndarray
    k: np.ndarray
    n: np.ndarray
    groups: pd.Index
    candidates: pd.Index

    def frame(self) -> pd.DataFrame:
        """As :func:`patience_strata` gives them: names as text, sorted by name."""
        comparison_names = [c.name for c in COMPARISONS]
        comparison_rank = np.argsort(np.argsort(comparison_names))
        arm_names = [a for c in COMPARISONS for a in c.arms]
        arm_rank = np.concatenate([np.argsort(np.argsort(c.arms)) for c in COMPARISONS])
        arm_at = _ARM_START[self.comparison] + self.arm
        group_rank = np.argsort(np.argsort(self.groups.to_numpy(dtype=object)))
        order = np.lexsort(
            (
                self.candidate,
                arm_rank[arm_at],
                comparison_rank[self.comparison],
                group_rank[self.group],
            )
        )
        return pd.DataFrame(
            {
                "group": _text_of(self.groups, self.group[order]),
                "comparison": _text_of(comparison_names, self.comparison[order]),
                "arm": _text_of(arm_names, arm_at[order]),
                "candidate": _text_of(self.candidates, self.candidate[order]),
                "k": self.k[order].astype("int64"),
                "n": self.n[order].astype("int64"),
            }
        )


def _tally_rounds(
    cell: np.ndarray, arm: np.ndarray, outcome: np.ndarray, first: int
) -> list[tuple[np.ndarray, ...]]:
    """Strata of one block of round comparisons (one per measure, from ``first``).

    ``cell`` numbers each round's group and candidate, ``arm`` and ``outcome``
    (a code of :data:`OUTCOMES`) are per round; a round counts once per
    measure, a success when :data:`_SUCCESS` says so.
    """
    keys, counts = np.unique(
        (cell * _MOST_ARMS + arm) * len(OUTCOMES) + outcome, return_counts=True
    )
    cells, at = np.unique(keys // len(OUTCOMES), return_inverse=True)
    n = np.bincount(at, weights=counts, minlength=len(cells))
    hit = _SUCCESS[:, keys % len(OUTCOMES)]
    return [
        (cells // _MOST_ARMS, np.full(len(cells), first + m), cells % _MOST_ARMS, k, n)
        for m, k in enumerate(
            np.bincount(at, weights=counts * hit[m], minlength=len(cells)) for m in range(len(hit))
        )
    ]


def _tally_follow_ups(
    cell: np.ndarray, arm: np.ndarray, success: np.ndarray, comparison: int
) -> list[tuple[np.ndarray, ...]]:
    """Strata of one follow-up comparison: ``success`` of each follow-up, by cell and arm."""
    cells, at = np.unique(cell * _MOST_ARMS + arm, return_inverse=True)
    n = np.bincount(at, minlength=len(cells))
    k = np.bincount(at, weights=success, minlength=len(cells))
    return [(cells // _MOST_ARMS, np.full(len(cells), comparison), cells % _MOST_ARMS, k, n)]


#: The columns of the round and follow-up tables :func:`_coded_strata` reads.
_STRATA_ROUNDS: Final[tuple[str, ...]] = (
    "group",
    "candidate",
    "outcome",
    "behaviour",
    "landmark",
    "thank_you",
    "thank_you_judged",
    "activity",
)
_STRATA_FOLLOW_UPS: Final[tuple[str, ...]] = (
    "group",
    "candidate",
    "answered",
    "_timing",
    "_number",
)


def _coded_strata(rounds: pd.DataFrame, follow_ups: pd.DataFrame) -> _Strata:
    """Strata of the units of every comparison (module docstring), from the round and
    follow-up tables with their ``group``."""
    # Only the columns read here are cut: the tables have some thirty.
    decided = rounds.loc[rounds["outcome"].ne("open").to_numpy(dtype=bool), list(_STRATA_ROUNDS)]
    landmark = decided["landmark"].to_numpy(dtype=bool)
    thanks = decided["thank_you_judged"].to_numpy(dtype=bool)
    judged = follow_ups.loc[follow_ups["judged"].to_numpy(dtype=bool), list(_STRATA_FOLLOW_UPS)]

    # Group and candidate of every unit, as codes shared by rounds and follow-ups.
    group_codes, groups = _sorted_codes(
        pd.concat([decided["group"], judged["group"]], ignore_index=True)
    )
    candidate_codes, candidates = _sorted_codes(
        pd.concat([decided["candidate"], judged["candidate"]], ignore_index=True)
    )
    cell = group_codes.astype("int64") * (len(candidates) + 1) + candidate_codes
    known = (group_codes >= 0) & (candidate_codes >= 0)  # a unit without a candidate is no stratum
    round_cell, fu_cell = cell[: len(decided)], cell[len(decided) :]
    round_known, fu_known = known[: len(decided)], known[len(decided) :]

    outcome = _positions(OUTCOMES, decided["outcome"])
    behaviour = _positions(BEHAVIOURS, decided["behaviour"])
    some_activity = decided["activity"].gt(0).to_numpy(dtype="int64")
    no_thank_you = (~decided["thank_you"].to_numpy(dtype=bool)).astype("int64")
    on = landmark & round_known
    thanked = thanks & round_known
    parts = [
        *_tally_rounds(round_cell[on], behaviour[on], outcome[on], _BY_BEHAVIOUR),
        *_tally_rounds(round_cell[thanked], no_thank_you[thanked], outcome[thanked], _BY_THANK_YOU),
        *_tally_rounds(round_cell[on], some_activity[on], outcome[on], _BY_ACTIVITY),
    ]
    answered = judged["answered"].to_numpy(dtype="float64")
    for code, column in ((_BY_TIMING, "_timing"), (_BY_NUMBER, "_number")):
        arm = judged[column].to_numpy(dtype="int64")
        armed = fu_known & (arm >= 0)  # -1: a timing not known (a date only assumed)
        parts += _tally_follow_ups(fu_cell[armed], arm[armed], answered[armed], code)
    cells, comparison, arm, k, n = (
        np.concatenate(p).astype("int64") for p in zip(*parts, strict=True)
    )
    return _Strata(
        group=cells // (len(candidates) + 1),
        comparison=comparison,
        arm=arm,
        candidate=cells % (len(candidates) + 1),
        k=k,
        n=n,
        groups=groups,
        candidates=candidates,
    )


def _strata_of_frame(strata: pd.DataFrame) -> _Strata:
    """:class:`_Strata` of a :func:`patience_strata` frame, or of several concatenated."""
    comparison = _positions([c.name for c in COMPARISONS], strata["comparison"])
    # Arm code within the comparison; -1 (ignored, as names no comparison has) elsewhere.
    names = sorted({a for c in COMPARISONS for a in c.arms})
    code = np.full((len(COMPARISONS) + 1, len(names) + 1), -1, dtype="int64")
    for i, c in enumerate(COMPARISONS):
        code[i, [names.index(a) for a in c.arms]] = np.arange(len(c.arms))
    arm = code[comparison, _positions(names, strata["arm"])]
    group_codes, groups = _sorted_codes(strata["group"])
    candidate_codes, candidates = _sorted_codes(strata["candidate"])
    keep = (comparison >= 0) & (arm >= 0) & (group_codes >= 0) & (candidate_codes >= 0)
    # One entry per stratum, even if a frame repeats one.
    key = ((group_codes[keep] * len(COMPARISONS) + comparison[keep]) * _MOST_ARMS + arm[keep]) * (
        len(candidates) + 1
    ) + candidate_codes[keep]
    keys, at = np.unique(key, return_inverse=True)
    k = np.bincount(at, weights=strata["k"].to_numpy(dtype="float64")[keep], minlength=len(keys))
    n = np.bincount(at, weights=strata["n"].to_numpy(dtype="float64")[keep], minlength=len(keys))
    cell, candidate = np.divmod(keys, len(candidates) + 1)
    cell, arm_code = np.divmod(cell, _MOST_ARMS)
    group, comparison_code = np.divmod(cell, len(COMPARISONS))
    return _Strata(
        group=group,
        comparison=comparison_code,
        arm=arm_code,
        candidate=candidate,
        k=k.astype("int64"),
        n=n.astype("int64"),
        groups=groups,
        candidates=candidates,
    )


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes of ``values`` (-1 for missing) numbering the distinct values in text order."""
    codes, uniques = pd.factorize(values, sort=True)
    names = pd.Index(np.asarray(uniques, dtype=object), dtype="string")
    if not names.is_monotonic_increasing:  # a categorical sorts by its categories' order
        rank = np.argsort(np.argsort(names.to_numpy(dtype=object)))
        codes = np.where(codes >= 0, rank[codes], -1)
        names = names.sort_values()
    return codes.astype("int64"), names


def _size_warning(n: int, words: str) -> str:
    """A warning for an arm of ``n`` (``words``, plural: "rounds with no follow-up") if small."""
    if n == 0:
        return f"no {words}"
    if n < MIN_ARM_SIZE:
        return f"only {n} {counted_phrase(words, n)}: too few to conclude anything"
    return ""


def _counts_text(spec: Comparison, reply_days: int | None) -> str:
    """What an arm of ``spec`` counts, the reply window in days ("within 30 days")."""
    days = (
        "the days after which silence counts" if reply_days is None else counted(reply_days, "day")
    )
    return spec.counts.format(reply_days=days)


def _arm_rows(groups: Sequence[str], strata: _Strata, reply_days: int | None) -> pd.DataFrame:
    """Each arm's rate with a 95% Wilson interval."""
    skeleton = pd.DataFrame(
        [(g, c.name, a) for g in groups for c in COMPARISONS for a in c.arms],
        columns=["group", "comparison", "arm"],
    ).astype("string")
    codes = np.array(
        [
            (g, i, j)
            for g in range(len(groups))
            for i, c in enumerate(COMPARISONS)
            for j in range(len(c.arms))
        ],
        dtype="int64",
    ).reshape(-1, 3)
    where = strata.groups.get_indexer(pd.Index(list(groups), dtype="string"))[codes[:, 0]]
    cells = (strata.group * len(COMPARISONS) + strata.comparison) * _MOST_ARMS + strata.arm
    cell_count = len(strata.groups) * len(COMPARISONS) * _MOST_ARMS + 1
    cell = np.where(
        where >= 0, (where * len(COMPARISONS) + codes[:, 1]) * _MOST_ARMS, cell_count - 1
    )
    cell = cell + np.where(where >= 0, codes[:, 2], 0)
    k = np.bincount(cells, weights=strata.k, minlength=cell_count)[cell].astype("int64")
    n = np.bincount(cells, weights=strata.n, minlength=cell_count)[cell].astype("int64")
    rows = skeleton
    rows["k"], rows["n"] = k, n
    rows["rate"], rows["ci_low"], rows["ci_high"] = wilson(k, n)
    rows["p_value"] = np.nan
    spec = {c.name: c for c in COMPARISONS}
    rows["note"] = [
        "; ".join(
            part
            for part in (
                f"share of {_ARM_WORDS[arm]} that {_counts_text(spec[name], reply_days)}",
                _size_warning(int(size), f"{spec[name].unit} in this arm"),
            )
            if part
        )
        for name, arm, size in zip(rows["comparison"], rows["arm"], n, strict=True)
    ]
    return rows


@functools.lru_cache(maxsize=4096)
def _fisher_p_value(k_a: int, n_a: int, k_b: int, n_b: int) -> float:
    """Fisher's exact p-value of ``k_a`` of ``n_a`` against ``k_b`` of ``n_b``, worked out
    once per table: ``--by candidate`` over a cohort tests the same small tables again and
    again."""
    return float(fisher_exact([[k_a, n_a - k_a], [k_b, n_b - k_b]]).pvalue)


def _pair_test(counts: np.ndarray) -> tuple[float, str]:
    """p-value and test name from per-candidate rows ``k_a, n_a, k_b, n_b`` (shape ``(m, 4)``)."""
    k_a, n_a, k_b, n_b = counts.T
    if int(((n_a > 0) | (n_b > 0)).sum()) <= 1:
        ka, na, kb, nb = (int(v) for v in counts.sum(axis=0))
        if na == 0 or nb == 0:
            return np.nan, "no test: an arm is empty"
        return _fisher_p_value(ka, na, kb, nb), "Fisher exact test"
    successes, total = k_a + k_b, n_a + n_b
    informative = (n_a > 0) & (n_b > 0) & (successes > 0) & (successes < total)
    if not informative.any():
        return np.nan, "no test: no candidate has both arms and both results"
    rows = counts[informative].astype("float64")
    stacked = np.array(
        [
            [rows[:, 0], rows[:, 1] - rows[:, 0]],
            [rows[:, 2], rows[:, 3] - rows[:, 2]],
        ]
    )
    result = StratifiedTable(stacked).test_null_odds()
    return (
        float(result.pvalue),
        "Cochran-Mantel-Haenszel test stratified by candidate "
        f"({int(informative.sum())} with both arms and both results; the interval pools "
        "candidates, the test compares within each)",
    )


def _pair_tests(groups: Sequence[str], strata: _Strata) -> dict[tuple[str, ...], tuple[float, str]]:
    """Test of each pair of arms from per-candidate counts, keyed by group, comparison, arms.

    A pair neither arm of which has units has no test. The candidates of a
    test are in name order.
    """
    order = np.lexsort((strata.candidate, strata.arm, strata.comparison, strata.group))
    cells = ((strata.group * len(COMPARISONS) + strata.comparison) * _MOST_ARMS + strata.arm)[order]
    candidate, k, n = strata.candidate[order], strata.k[order], strata.n[order]
    where = strata.groups.get_indexer(pd.Index(list(groups), dtype="string"))
    tests: dict[tuple[str, ...], tuple[float, str]] = {}
    for group, g in zip(groups, where, strict=True):
        if g < 0:
            continue
        for i, c in enumerate(COMPARISONS):
            first = (g * len(COMPARISONS) + i) * _MOST_ARMS
            for arm_a, arm_b in c.pairs:
                a, b = (first + c.arms.index(arm) for arm in (arm_a, arm_b))
                side_a = slice(*np.searchsorted(cells, [a, a + 1]))
                side_b = slice(*np.searchsorted(cells, [b, b + 1]))
                names = _merged_distinct(candidate[side_a], candidate[side_b])
                if not len(names):
                    continue
                counts = np.zeros((len(names), 4), dtype="int64")
                at_a = np.searchsorted(names, candidate[side_a])
                at_b = np.searchsorted(names, candidate[side_b])
                counts[at_a, 0], counts[at_a, 1] = k[side_a], n[side_a]
                counts[at_b, 2], counts[at_b, 3] = k[side_b], n[side_b]
                tests[(str(group), c.name, arm_a, arm_b)] = _pair_test(counts)
    return tests


def _merged_distinct(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d`` of two ascending arrays: a stable sort merges their two runs in one
    pass instead of sorting afresh."""
    both = np.concatenate([a, b])
    both.sort(kind="stable")
    return both[np.r_[True, both[1:] != both[:-1]]] if len(both) else both


def _pair_rows(groups: Sequence[str], strata: _Strata, arms: pd.DataFrame) -> pd.DataFrame:
    """Differences between two arms: Newcombe interval and Fisher or CMH p-value."""
    specs = [(g, c, a, b) for g in groups for c in COMPARISONS for a, b in c.pairs]
    if not specs:
        return pd.DataFrame(columns=list(PATIENCE_COLUMNS))
    pairs = pd.DataFrame(
        [(g, c.name, a, b) for g, c, a, b in specs],
        columns=["group", "comparison", "arm_a", "arm_b"],
    )
    totals = arms.set_index(["group", "comparison", "arm"])[["k", "n"]]
    side_a = totals.reindex(pd.MultiIndex.from_frame(pairs[["group", "comparison", "arm_a"]]))
    side_b = totals.reindex(pd.MultiIndex.from_frame(pairs[["group", "comparison", "arm_b"]]))
    k_a, n_a = side_a["k"].to_numpy("int64"), side_a["n"].to_numpy("int64")
    k_b, n_b = side_b["k"].to_numpy("int64"), side_b["n"].to_numpy("int64")
    both = (n_a > 0) & (n_b > 0)
    low, high = np.full(len(pairs), np.nan), np.full(len(pairs), np.nan)
    if both.any():
        low[both], high[both] = confint_proportions_2indep(
            k_a[both], n_a[both], k_b[both], n_b[both], method="newcomb", compare="diff"
        )
    rate = np.where(both, k_a / np.maximum(n_a, 1) - k_b / np.maximum(n_b, 1), np.nan)

    # Per-candidate 2x2 tables side by side; one Fisher or CMH test per pair row.
    tests = _pair_tests(groups, strata)
    no_test = (np.nan, "no test: an arm is empty")
    p_values, notes = [], []
    for (group, spec, arm_a, arm_b), size_a, size_b in zip(specs, n_a, n_b, strict=True):
        p_value, test = tests.get((group, spec.name, arm_a, arm_b), no_test)
        p_values.append(p_value)
        parts = (
            f"share of {_ARM_WORDS[arm_a]} minus share of {_ARM_WORDS[arm_b]}, with a "
            f"Newcombe 95% interval; {test}",
            _size_warning(int(size_a), _ARM_WORDS[arm_a]),
            _size_warning(int(size_b), _ARM_WORDS[arm_b]),
            spec.caveat,
        )
        notes.append("; ".join(part for part in parts if part))
    return pd.DataFrame(
        {
            "group": pairs["group"],
            "comparison": pairs["comparison"],
            "arm": pairs["arm_a"] + "_vs_" + pairs["arm_b"],
            "k": pd.NA,
            "n": pd.NA,
            "rate": rate,
            "ci_low": low,
            "ci_high": high,
            "p_value": p_values,
            "note": notes,
        }
    )


def summary_from_strata(
    strata: pd.DataFrame, groups: Sequence[str], reply_days: int | None = None
) -> pd.DataFrame:
    """The patience table (untyped) from per-candidate strata of :func:`patience_strata`.

    Strata of disjoint sets of candidates concatenate: rates, Newcombe
    intervals and Fisher or Cochran-Mantel-Haenszel tests are then those of
    the whole log. ``reply_days`` (``ghost_after_days``) is the reply window
    the notes name.
    """
    return _summary(_strata_of_frame(strata), groups, reply_days)


def _summary(strata: _Strata, groups: Sequence[str], reply_days: int | None) -> pd.DataFrame:
    arms = _arm_rows(groups, strata, reply_days)
    pairs = _pair_rows(groups, strata, arms)
    table = pd.concat([arms, pairs], ignore_index=True)
    order = {c.name: i for i, c in enumerate(COMPARISONS)}
    arm_order = {
        arm: i
        for i, arm in enumerate(
            [a for c in COMPARISONS for a in c.arms]
            + [f"{a}_vs_{b}" for c in COMPARISONS for a, b in c.pairs]
        )
    }
    group_order = {g: i for i, g in enumerate(groups)}
    table = table.assign(
        _g=table["group"].map(group_order),
        _c=table["comparison"].map(order),
        _a=table["arm"].map(arm_order),
    ).sort_values(["_g", "_c", "_a"], kind="stable")
    return table[list(PATIENCE_COLUMNS)].reset_index(drop=True)


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(
        {
            "group": "string",
            "comparison": "string",
            "arm": "string",
            "k": "Int64",
            "n": "Int64",
            "rate": "Float64",
            "ci_low": "Float64",
            "ci_high": "Float64",
            "p_value": "Float64",
            "note": "string",
        }
    )


def patience(
    log: Log,
    by: str | None = None,
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> pd.DataFrame:
    """Outcomes of landmark rounds by follow-up behaviour, and the companion comparisons.

    Parameters
    ----------
    log, config, as_of
        As for :func:`followup_stats.checker.check`.
    by
        Column whose value per application names the ``group`` (``candidate``,
        ``source``, ...): one group per value among the applications; default
        one group, ``all``. Within a group, arms are
        compared with a Fisher exact test when one candidate has data, else a
        Cochran-Mantel-Haenszel test stratified by candidate.

    Returns
    -------
    DataFrame
        Columns :data:`PATIENCE_COLUMNS`, one row per group, comparison
        (:data:`COMPARISONS`: ``<measure>_by_behaviour``,
        ``<measure>_by_thank_you``, ``<measure>_by_activity`` for each of
        :data:`MEASURES`, then ``reply_by_timing`` and ``reply_by_number``)
        and arm. Arm rows have ``k`` of ``n`` with the rate and its 95%
        Wilson interval; difference rows (arm ``<a>_vs_<b>``) have ``k`` and
        ``n`` empty, the difference of rates a minus b with its Newcombe 95%
        interval, and the p-value. ``note`` says in words what the row
        counts, when an arm is too small (fewer than :data:`MIN_ARM_SIZE`),
        and that a difference is an association, not a cause.
    """
    loaded = as_loaded(log, config, as_of)
    strata, groups = _patience_strata(loaded, None, None, by)
    return _typed(_summary(strata, groups, loaded.config.ghost_after_days))


def patience_strata(
    log: Log,
    by: str | None = None,
    config: ConfigSource = None,
    as_of: str | dt.date | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """What :func:`patience` is computed from: per-candidate counts, and the groups.

    Returns
    -------
    tuple
        ``strata`` (``group``, ``comparison``, ``arm``, ``candidate``, ``k``,
        ``n``) and the sorted group labels of the log's applications
        (``["all"]`` without ``by``). Those of logs of different candidates
        combine by concatenation (strata) and union (groups).
    """
    strata, groups = _patience_strata(log, config, as_of, by)
    return strata.frame(), groups


def _patience_strata(
    log: Log, config: ConfigSource, as_of: str | dt.date | None, by: str | None
) -> tuple[_Strata, list[str]]:
    """:func:`patience_strata` as codes."""
    loaded = as_loaded(log, config, as_of)
    rounds = _round_table(loaded)
    rounds["group"] = _group_of(loaded, rounds, by)
    follow_ups = _follow_up_table(loaded)
    follow_ups["group"] = _group_of(loaded, follow_ups, by)
    strata = _coded_strata(rounds, follow_ups)
    if by is None:
        groups: list[str] = ["all"]
    else:
        groups = sorted_groups(_application_groups(loaded, by))
    return strata, groups


def patience_from_strata(
    strata: pd.DataFrame, groups: Sequence[str], reply_days: int | None = None
) -> pd.DataFrame:
    """The :func:`patience` table from (concatenated) :func:`patience_strata`.

    ``reply_days``: the configuration's ``ghost_after_days``, the reply window
    the notes name.
    """
    return _typed(summary_from_strata(strata, groups, reply_days))
