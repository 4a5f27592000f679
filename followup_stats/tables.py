"""Derived tables: interview rounds and numbered follow-ups (DESIGN.md section 3).

Built from the events table with whole-column group operations (group-wise
shifts, forward fills and cumulative counts); the rules and the statistics
both read these tables, so a round or a follow-up means the same everywhere.
See ``seeds/RULES.md`` for the exact reading.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from followup_stats.config import Config

#: Columns of :func:`rounds_table`.
ROUND_COLUMNS = (
    "candidate",
    "application_id",
    "company",
    "file",
    "round",
    "start_day",
    "start_line",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "has_timetable",
    "thank_you_day",
    "thank_you_line",
    "decision",
    "decision_day",
    "end_day",
    "status",
    "application_end_day",
    "follow_ups",
    "first_follow_up_line",
    "first_follow_up_day",
)


#: The dtype pandas gives a column of Python or NumPy strings.
_TEXT_DTYPE = pd.Series(["text"]).dtype


def _text_column(codes: np.ndarray, words: list[str]) -> pd.api.extensions.ExtensionArray:
    """``words[code]`` per row, in the dtype pandas gives a NumPy string column."""
    if isinstance(_TEXT_DTYPE, pd.StringDtype) and _TEXT_DTYPE.storage == "pyarrow":
        picked = pa.array(words, pa.large_string()).take(pa.array(codes.astype(np.int32)))
        return pd.array(picked, dtype=_TEXT_DTYPE)
    return pd.array(np.array(words)[codes], dtype=_TEXT_DTYPE)


#: The events columns :func:`application_events` carries: what rounds, rules and statistics read.
APPLICATION_EVENT_SOURCE = (
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "event",
    "day",
    "channel",
    "reason",
    "asked_next_steps",
    "asked_permission",
    "contact_ok_after_days",
    "timeline_days",
)
#: Text columns :func:`application_events` holds as categories: a filter or a group-by
#: of a million events then moves integer codes, not strings.
IDENTITY_COLUMNS = ("file", "candidate", "application_id", "company")


def _coded(values: pd.Series) -> pd.Series:
    """``values`` as a categorical whose categories sort as the text does."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values  # the loader's events hold these columns so already
    codes, uniques = pd.factorize(values, sort=True)
    categories = pd.Index(uniques, dtype=values.dtype)
    coded = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories))
    return pd.Series(coded, index=values.index, name=values.name)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the categorical :data:`IDENTITY_COLUMNS` back as plain text.

    Public tables built from :func:`application_events` (rounds, follow-ups,
    applications, next actions) go through this: their names are plain
    ``string`` columns, as in the diagnostics.
    """
    coded = [c for c in IDENTITY_COLUMNS if isinstance(frame.get(c), pd.Series)]
    coded = [c for c in coded if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not coded:
        return frame
    return frame.assign(**{c: frame[c].astype("string") for c in coded})


def application_numbers(candidate: pd.Series, application_id: pd.Series) -> np.ndarray:
    """A number per candidate and application, in order of first appearance; -1 for none.

    What ``groupby([candidate, application_id], sort=False).ngroup()`` gives, from
    integer codes instead of a group-by over two text columns.
    """
    person = pd.factorize(candidate)[0].astype(np.int64)
    application, distinct = pd.factorize(application_id)
    has = (application >= 0) & (person >= 0)
    numbers = np.full(len(application), -1, dtype=np.int64)
    numbers[has] = pd.factorize(person[has] * (len(distinct) + 1) + application[has])[0]
    return numbers


def application_events(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Judged events that belong to an application, with round and count columns added.

    Carries the events columns in :data:`APPLICATION_EVENT_SOURCE` (the text
    ones in :data:`IDENTITY_COLUMNS` as categories) and adds ``app``
    (application number), ``round``, ``round_key`` (a number per application
    round), ``counted`` (a numbered follow-up), ``number`` (its number n),
    ``anchor_day``, ``anchor_is_response``, ``wait_days``, ``wait_source``,
    ``first_allowed_day``, ``previous_follow_up_day`` and
    ``timetable_end_day``; the original row label is kept in ``row``.

    Every step is a whole-column group operation on integer keys (the
    application, the round, the stretch since the last response), so the
    cost grows with the number of events, however they spread over
    applications.
    """
    keep = ((events["day"] <= as_of) & events["application_id"].notna()).to_numpy(dtype=bool)
    judged = events[list(APPLICATION_EVENT_SOURCE)]
    if not keep.all():
        judged = judged[keep]
    ev = judged.reset_index(names="row")
    for column in IDENTITY_COLUMNS:
        ev[column] = _coded(ev[column])
    app = application_numbers(ev["candidate"], ev["application_id"])
    ev["app"] = app
    event = ev["event"]
    day = ev["day"]
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    by_app = pd.Series(app)

    # A new round at each interview on a day other than the previous interview's.
    interview_day = day.where(is_interview)
    latest_interview = interview_day.groupby(app).ffill()
    previous_interview = latest_interview.groupby(app).shift(1)
    opens = is_interview & ~(day == previous_interview).to_numpy()
    rounds = pd.Series(opens.astype("int64")).groupby(by_app).cumsum().to_numpy()
    ev["round"] = rounds
    round_key = pd.factorize(app.astype(np.int64) * (int(rounds.max(initial=0)) + 1) + rounds)[0]
    ev["round_key"] = round_key

    is_response = event.eq("response").to_numpy(dtype=bool)
    counted = (event.eq("follow_up") | (event.eq("update") & ev["reason"].isna())).to_numpy(
        dtype=bool
    )
    ev["counted"] = counted
    segment = pd.Series(is_response.astype("int64")).groupby(round_key).cumsum().to_numpy()
    # One key per stretch of a round since its start or its last response.
    segments = int(segment.max(initial=0)) + 1
    stretch = pd.factorize(round_key.astype(np.int64) * segments + segment)[0]
    number = pd.Series(counted.astype("int64")).groupby(stretch).cumsum()
    ev["number"] = number.where(counted).astype("Int64").to_numpy()

    round_start = day.groupby(round_key).transform("first")
    first_interview_day = interview_day.groupby(round_key).transform("first")
    round_start = first_interview_day.fillna(round_start)
    ev["round_start_day"] = round_start

    position = pd.Series(np.arange(len(ev)), dtype="float64")
    last_response = position.where(is_response).groupby(round_key).ffill()
    has_response = last_response.notna().to_numpy()
    response_at = last_response.fillna(0).astype("int64").to_numpy()
    response_day = day.to_numpy()[response_at]
    response_timeline = ev["timeline_days"].to_numpy()[response_at]
    ev["anchor_is_response"] = has_response
    ev["anchor_day"] = np.where(has_response, response_day, round_start.to_numpy())

    contact_ok = (
        ev["contact_ok_after_days"].where(is_interview).groupby(round_key).transform("last")
    )
    response_wait = pd.array(response_timeline, dtype="Int64")
    use_response = has_response & ~pd.isna(response_wait)
    use_contact = ~use_response & contact_ok.notna().to_numpy()
    wait = np.where(
        use_response,
        response_wait.fillna(0),
        np.where(use_contact, contact_ok.fillna(0).to_numpy(), 0),
    )
    source = np.where(use_response, 0, np.where(use_contact, 1, 2))
    ev["wait_source"] = _text_column(source, ["timetable", "approved", "default"])
    ev["wait_days"] = wait.astype("int64")
    ev["_default_wait"] = ~(use_response | use_contact)

    follow_up_day = day.where(counted)
    ev["previous_follow_up_day"] = follow_up_day.groupby(stretch).ffill().groupby(stretch).shift(1)

    gives_timetable = (is_interview | is_response) & ev["timeline_days"].notna().to_numpy()
    timetable_end = day + pd.to_timedelta(ev["timeline_days"].astype("float64"), unit="D")
    ev["timetable_end_day"] = timetable_end.where(gives_timetable).groupby(round_key).ffill()
    return ev


def with_first_allowed(ev: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Add ``first_allowed_day`` = anchor + wait (the default wait where none is recorded)."""
    wait = np.where(ev["_default_wait"], config.default_wait_days, ev["wait_days"])
    ev = ev.assign(wait_days=wait.astype("int64"))
    ev["first_allowed_day"] = ev["anchor_day"] + pd.to_timedelta(ev["wait_days"], unit="D")
    return ev


def _tri_state(values: pd.Series, keys: np.ndarray) -> pd.Series:
    """Any True -> True, else any False -> False, else NA, per group."""
    is_true = values.eq(True).fillna(False).to_numpy(dtype=bool)
    is_false = values.eq(False).fillna(False).to_numpy(dtype=bool)
    coded = pd.Series(np.where(is_true, 2, np.where(is_false, 1, 0)), index=values.index)
    best = coded.groupby(keys).max()
    return best.map({2: True, 1: False, 0: pd.NA}).astype("boolean")


def rounds_from(ev: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per round of every application (see :data:`ROUND_COLUMNS`)."""
    keys = ev["round_key"].to_numpy()
    event = ev["event"]
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    identity = ["candidate", "application_id", "company", "file", "round", "round_start_day"]
    grouped = ev[[*identity, "line", "app"]].groupby(keys, sort=True)
    first = grouped.first()
    rounds = pd.DataFrame(
        {
            "candidate": first["candidate"],
            "application_id": first["application_id"],
            "company": first["company"],
            "file": first["file"],
            "round": first["round"],
            "start_day": first["round_start_day"],
            "start_line": first["line"],
        }
    )
    interview_columns = ["round_key", "line", "asked_next_steps", "asked_permission"]
    interview_rows = ev[[*interview_columns, "contact_ok_after_days"]][is_interview]
    ikeys = interview_rows["round_key"].to_numpy()
    rounds["start_line"] = (
        interview_rows.groupby(ikeys)["line"]
        .first()
        .reindex(rounds.index)
        .fillna(rounds["start_line"])
    ).astype("int64")
    for column in ("asked_next_steps", "asked_permission"):
        rounds[column] = _tri_state(interview_rows[column], ikeys).reindex(rounds.index)
    rounds["contact_ok_after_days"] = (
        interview_rows.groupby(ikeys)["contact_ok_after_days"].last().reindex(rounds.index)
    ).astype("Int64")
    gives_timetable = (is_interview | event.eq("response").to_numpy(dtype=bool)) & ev[
        "timeline_days"
    ].notna().to_numpy(dtype=bool)
    rounds["has_timetable"] = rounds.index.isin(pd.unique(keys[gives_timetable]))

    days = ev[["round_key", "day", "line", "event"]]
    thanks = days[event.eq("thank_you").to_numpy(dtype=bool)]
    thanks = thanks.groupby("round_key")[["day", "line"]].first()
    rounds["thank_you_day"] = thanks["day"].reindex(rounds.index)
    rounds["thank_you_line"] = thanks["line"].reindex(rounds.index).astype("Int64")

    ends = days[event.isin(["offer", "rejection", "withdrew"]).to_numpy(dtype=bool)]
    first_end = ends.groupby("round_key")[["event", "day"]].first()
    rounds["decision"] = first_end["event"].astype("string").reindex(rounds.index)
    rounds["decision_day"] = first_end["day"].reindex(rounds.index)

    app_of_round = grouped["app"].first()
    next_start = rounds["start_day"].groupby(app_of_round).shift(-1)
    rounds["end_day"] = rounds["decision_day"].fillna(next_start).fillna(as_of)
    rounds["status"] = (
        rounds["decision"]
        .fillna(pd.Series("next_round", index=rounds.index).where(next_start.notna()))
        .fillna("open")
        .astype("string")
    )
    # The application's first decision or withdrawal in this round or a later one.
    rounds["application_end_day"] = rounds["decision_day"].groupby(app_of_round).bfill()
    fus = days[ev["counted"].to_numpy(dtype=bool)]
    rounds["follow_ups"] = (
        fus.groupby("round_key").size().reindex(rounds.index).fillna(0).astype("int64")
    )
    first_follow_up = fus.groupby("round_key")[["line", "day"]].first().reindex(rounds.index)
    rounds["first_follow_up_line"] = first_follow_up["line"].astype("Int64")
    rounds["first_follow_up_day"] = first_follow_up["day"]
    rounds.index.name = "round_key"
    return rounds


def rounds_table(
    events: pd.DataFrame, as_of: pd.Timestamp, config: Config | None = None
) -> pd.DataFrame:
    """Rounds of every application as of a date; columns :data:`ROUND_COLUMNS`."""
    ev = application_events(events, as_of)
    return as_text(rounds_from(ev, as_of).reset_index(drop=True)[list(ROUND_COLUMNS)])


#: Columns of :func:`follow_ups_table`.
FOLLOW_UP_COLUMNS = (
    "file",
    "line",
    "candidate",
    "application_id",
    "company",
    "round",
    "event",
    "day",
    "number",
    "anchor_day",
    "anchor_is_response",
    "wait_days",
    "wait_source",
    "first_allowed_day",
    "previous_follow_up_day",
    "timetable_end_day",
)


def follow_ups_table(
    events: pd.DataFrame, as_of: pd.Timestamp, config: Config | None = None
) -> pd.DataFrame:
    """Every numbered follow-up with its anchor, first allowed day and timetable."""
    ev = with_first_allowed(application_events(events, as_of), config or Config())
    return as_text(ev[ev["counted"]].reset_index(drop=True)[list(FOLLOW_UP_COLUMNS)])
