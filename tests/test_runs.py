"""The run helpers of ``followup_stats.tables`` pinned to the pandas operations they replace.

Each helper works over runs of equal neighbouring keys (events sorted by
application). The references group by an explicit run number (or, where the
helper claims to handle any order, by the keys themselves) with plain pandas.
``application_events`` and ``rounds_from`` are also compared with the
group-by implementation they replaced (kept below as the reference), on logs
in the loader's order and with the rows shuffled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_strategies import event_logs

from followup_stats import tables
from followup_stats.tables import (
    IDENTITY_COLUMNS,
    _as_string,
    _coded,
    _first_appearance,
    _first_in_run,
    _last_in_run,
    _last_marked,
    _pick,
    _run_cumsum,
    _run_first,
    _run_starts,
    _shifted,
    _text_column,
    _tri_state,
    _whole_numbers,
    application_events,
    application_numbers,
    rounds_from,
    string_column,
)

FAST = settings(max_examples=150, deadline=None)

#: Keys from a few values: runs of equal neighbours, and values that come back later.
run_keys = st.lists(st.integers(0, 3), max_size=40)


def _run_ids(keys: np.ndarray) -> np.ndarray:
    """A number per run of equal neighbours: the group a run helper works over."""
    return np.cumsum(_run_starts(keys)) - 1


@FAST
@given(keys=run_keys)
def test_run_starts_and_first(keys: list[int]) -> None:
    """Run starts compare neighbours; each row's run first is ``transform("first")`` of position."""
    values = np.array(keys, dtype=np.int64)
    starts = _run_starts(values)
    expected = pd.Series(values).ne(pd.Series(values).shift()).to_numpy()
    assert np.array_equal(starts, expected)
    first = _run_first(starts)
    ids = np.cumsum(starts) - 1
    reference = pd.Series(np.arange(len(values))).groupby(ids).transform("first")
    assert np.array_equal(first, reference.to_numpy())
    assert first.dtype == np.int32  # the documented 32-bit positions
    assert len(first) == len(values)


@FAST
@given(keys=run_keys, data=st.data())
def test_last_marked_is_a_grouped_forward_fill(keys: list[int], data: st.DataObject) -> None:
    """``_last_marked`` = ``position.where(marked).groupby(run).ffill()``, -1 for none."""
    values = np.array(keys, dtype=np.int64)
    marked = np.array(data.draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys))))
    marked = marked.astype(bool)
    starts = _run_starts(values)
    got = _last_marked(marked, _run_first(starts))
    position = pd.Series(np.arange(len(values)), dtype="float64")
    expected = position.where(marked).groupby(_run_ids(values)).ffill().fillna(-1)
    assert np.array_equal(got, expected.to_numpy().astype(np.int64))


@FAST
@given(keys=run_keys, data=st.data())
def test_shifted_is_a_grouped_shift(keys: list[int], data: st.DataObject) -> None:
    """``_shifted`` = ``groupby(run).shift(1)``, -1 at each run's first row."""
    values = np.array(keys, dtype=np.int64)
    size = len(keys)
    positions = np.array(
        data.draw(st.lists(st.integers(-1, max(size - 1, 0)), min_size=size, max_size=size)),
        dtype=np.int64,
    )
    starts = _run_starts(values)
    got = _shifted(positions, starts)
    expected = pd.Series(positions).groupby(_run_ids(values)).shift(1).fillna(-1)
    assert np.array_equal(got, expected.to_numpy().astype(np.int64))
    assert got.dtype == positions.dtype


@FAST
@given(keys=run_keys, data=st.data(), as_bool=st.booleans())
def test_run_cumsum_is_a_grouped_cumsum(
    keys: list[int], data: st.DataObject, as_bool: bool
) -> None:
    """``_run_cumsum`` of booleans or integers (negative too) = ``groupby(run).cumsum()``."""
    values_key = np.array(keys, dtype=np.int64)
    size = len(keys)
    element = st.booleans() if as_bool else st.integers(-5, 5)
    drawn = data.draw(st.lists(element, min_size=size, max_size=size))
    values = np.array(drawn, dtype=bool if as_bool else np.int64)
    got = _run_cumsum(values, _run_first(_run_starts(values_key)))
    expected = pd.Series(values.astype(np.int64)).groupby(_run_ids(values_key)).cumsum()
    assert np.array_equal(got, expected.to_numpy())


@FAST
@given(
    values=st.lists(st.integers(-100, 100), min_size=1, max_size=30),
    data=st.data(),
    missing_array=st.booleans(),
)
def test_pick_takes_or_fills(values: list[int], data: st.DataObject, missing_array: bool) -> None:
    """``_pick`` = ``values[p]`` where ``p >= 0`` else the missing value (scalar or per row).

    ``values`` is never empty here: every caller picks from a column as long as
    the positions, which are then all -1 when the column is empty too.
    """
    array = np.array(values, dtype=np.int64)
    before = array.copy()
    positions = np.array(
        data.draw(st.lists(st.integers(-1, len(values) - 1), max_size=30)), dtype=np.int64
    )
    fallback = np.arange(len(positions), dtype=np.int64) + 1000
    missing = fallback if missing_array else 7777
    got = _pick(array, positions, missing)
    expected = [
        values[p] if p >= 0 else (fallback[i] if missing_array else 7777)
        for i, p in enumerate(positions)
    ]
    assert got.tolist() == expected
    assert np.array_equal(array, before)  # the source column is not written to


@FAST
@given(
    days=st.lists(st.one_of(st.none(), st.integers(0, 20)), min_size=1, max_size=20),
    data=st.data(),
)
def test_pick_days_with_nat(days: list[int | None], data: st.DataObject) -> None:
    """Picking days (NaT among them) with NaT for -1, as the round columns do."""
    base = np.datetime64("2026-03-02", "ns")
    array = np.array(
        [np.datetime64("NaT", "ns") if d is None else base + np.timedelta64(d, "D") for d in days]
    )
    positions = np.array(
        data.draw(st.lists(st.integers(-1, len(days) - 1), max_size=20)), dtype=np.int64
    )
    got = _pick(array, positions, np.datetime64("NaT", "ns"))
    expected = pd.Series(array).reindex(positions).to_numpy()  # -1 is not a label: NaT
    assert got.dtype == array.dtype
    assert np.array_equal(got, expected, equal_nan=True)


def _runs_and_marks(data: st.DataObject, keys: list[int]) -> tuple[np.ndarray, np.ndarray]:
    values = np.array(keys, dtype=np.int64)
    marked = data.draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)))
    return values, np.array(marked, dtype=bool)


@FAST
@given(keys=run_keys, data=st.data())
def test_first_and_last_in_run(keys: list[int], data: st.DataObject) -> None:
    """Per run: position of the first / last marked row (``groupby.first/last``), -1 for none."""
    values, marked = _runs_and_marks(data, keys)
    first = np.flatnonzero(_run_starts(values))
    ids = _run_ids(values)
    position = pd.Series(np.arange(len(values)), dtype="float64").where(marked)
    grouped = position.groupby(ids)
    runs = pd.RangeIndex(len(first))
    expected_first = grouped.first().reindex(runs).fillna(-1).to_numpy().astype(np.int64)
    expected_last = grouped.last().reindex(runs).fillna(-1).to_numpy().astype(np.int64)
    assert np.array_equal(_first_in_run(marked, first), expected_first)
    assert np.array_equal(_last_in_run(marked, first), expected_last)


@FAST
@given(keys=run_keys, data=st.data())
def test_tri_state_over_marked_rows(keys: list[int], data: st.DataObject) -> None:
    """Per run, over the marked rows: any True -> True, else any False -> False, else NA.

    The reference is the group-by it replaced, over the marked rows, reindexed
    to every run.
    """
    values, marked = _runs_and_marks(data, keys)
    size = len(keys)
    answers = data.draw(
        st.lists(st.sampled_from([True, False, None]), min_size=size, max_size=size)
    )
    column = pd.Series(answers, dtype="boolean")
    first = np.flatnonzero(_run_starts(values))
    got = _tri_state(column, marked, first)
    picked = column[marked]
    is_true = picked.eq(True).fillna(False).to_numpy(dtype=bool)
    is_false = picked.eq(False).fillna(False).to_numpy(dtype=bool)
    coded = pd.Series(np.where(is_true, 2, np.where(is_false, 1, 0)))
    best = coded.groupby(_run_ids(values)[marked]).max()
    expected = best.map({2: True, 1: False, 0: pd.NA}).astype("boolean")
    expected = expected.reindex(pd.RangeIndex(len(first)))
    pd.testing.assert_extension_array_equal(got, expected.array)


@FAST
@given(
    values=st.lists(st.integers(0, 10**6), min_size=1, max_size=20),
    data=st.data(),
)
def test_whole_numbers(values: list[int], data: st.DataObject) -> None:
    """``_whole_numbers`` = the values at the positions as ``Int64``, NA at -1."""
    positions = np.array(
        data.draw(st.lists(st.integers(-1, len(values) - 1), max_size=20)), dtype=np.int64
    )
    got = _whole_numbers(np.array(values, dtype=np.int64), positions)
    expected = pd.array([values[p] if p >= 0 else None for p in positions], dtype="Int64")
    pd.testing.assert_extension_array_equal(got, expected)


@FAST
@given(
    codes=st.lists(st.integers(-1, 3), max_size=30),
    words=st.lists(st.text(max_size=4), min_size=4, max_size=4),
)
def test_string_column(codes: list[int], words: list[str]) -> None:
    """``string_column`` = ``words[code]`` as ``string``, missing at -1."""
    got = string_column(np.array(codes, dtype=np.int64), words)
    expected = pd.array([words[c] if c >= 0 else None for c in codes], dtype="string")
    pd.testing.assert_extension_array_equal(got, expected)


def test_string_column_of_no_words() -> None:
    """Only missing codes, and no words at all: every cell missing."""
    got = string_column(np.array([-1, -1], dtype=np.int64), [])
    pd.testing.assert_extension_array_equal(got, pd.array([None, None], dtype="string"))
    empty = string_column(np.array([], dtype=np.int64), ["a"])
    pd.testing.assert_extension_array_equal(empty, pd.array([], dtype="string"))


@FAST
@given(codes=st.lists(st.integers(0, 2), max_size=20))
def test_text_column(codes: list[int]) -> None:
    """``_text_column`` = the words by code, in the dtype pandas gives a column of strings."""
    words = ["timetable", "approved", "default"]
    got = _text_column(np.array(codes, dtype=np.int64), words)
    pd.testing.assert_series_equal(
        pd.Series(got), pd.Series([words[c] for c in codes], dtype=pd.Series(["x"]).dtype)
    )


NAMES = st.one_of(st.none(), st.sampled_from(["a", "b", "Ähm", "c d", ""]))


@FAST
@given(
    cells=st.lists(NAMES, max_size=30),
    extra=st.lists(st.sampled_from(["zz", "unused", "é"]), unique=True, max_size=2),
    data=st.data(),
)
def test_as_string_is_astype_string(
    cells: list[str | None], extra: list[str], data: st.DataObject
) -> None:
    """``_as_string`` of a categorical (unused, unordered categories) = ``astype("string")``."""
    present = sorted({c for c in cells if c is not None})
    categories = data.draw(st.permutations(present + [e for e in extra if e not in present]))
    values = pd.Series(
        pd.Categorical(cells, categories=categories), index=pd.RangeIndex(len(cells)) * 3, name="x"
    )
    pd.testing.assert_series_equal(_as_string(values), values.astype("string"))


def _as_dtype(cells: list[str | None], kind: str, data: st.DataObject) -> pd.Series:
    if kind == "category":
        present = sorted({c for c in cells if c is not None})
        extra = data.draw(st.lists(st.sampled_from(["q", "r"]), unique=True, max_size=2))
        categories = data.draw(st.permutations(present + [e for e in extra if e not in present]))
        return pd.Series(pd.Categorical(cells, categories=categories))
    if kind == "object":
        return pd.Series(cells, dtype=object)
    return pd.Series(cells, dtype=kind)


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(NAMES, NAMES), max_size=30),
    kinds=st.tuples(*[st.sampled_from(["str", "string", "category", "object"])] * 2),
    grouped=st.booleans(),
    data=st.data(),
)
def test_application_numbers_is_ngroup(
    pairs: list[tuple[str | None, str | None]],
    kinds: tuple[str, str],
    grouped: bool,
    data: st.DataObject,
) -> None:
    """``application_numbers`` = ``groupby([candidate, application_id], sort=False).ngroup()``.

    Strings, nullable strings, objects and categoricals (unused categories, any
    category order); missing values get -1; rows either grouped by application
    (the loader's order) or in any order (applications that come back later).
    """
    if grouped:
        pairs = sorted(pairs, key=lambda p: (p[0] is None, p[0] or "", p[1] is None, p[1] or ""))
    candidate = _as_dtype([p[0] for p in pairs], kinds[0], data)
    application = _as_dtype([p[1] for p in pairs], kinds[1], data)
    got = application_numbers(candidate, application)
    frame = pd.DataFrame({"candidate": candidate, "application_id": application})
    ngroup = frame.groupby(["candidate", "application_id"], sort=False, observed=True).ngroup()
    expected = ngroup.fillna(-1).to_numpy().astype(np.int64)
    assert np.array_equal(got, expected), (got, expected)


@FAST
@given(keys=st.lists(st.integers(-3, 3), max_size=40), grouped=st.booleans())
def test_first_appearance_is_factorize(keys: list[int], grouped: bool) -> None:
    """``_first_appearance`` = ``pd.factorize(keys)[0]``, runs or repeats alike."""
    values = np.array(sorted(keys) if grouped else keys, dtype=np.int64)
    assert np.array_equal(_first_appearance(values), pd.factorize(values)[0])


# -- application_events and rounds_from against the group-by implementation they replaced ----


def _reference_application_events(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The group-by ``application_events`` (before the run arithmetic), as it was."""
    keep = ((events["day"] <= as_of) & events["application_id"].notna()).to_numpy(dtype=bool)
    judged = events[list(tables.APPLICATION_EVENT_SOURCE)]
    if not keep.all():
        judged = judged[keep]
    ev = judged.reset_index(names="row")
    for column in IDENTITY_COLUMNS:
        ev[column] = _coded(ev[column])
    candidate, application = ev["candidate"], ev["application_id"]
    person = pd.factorize(candidate)[0].astype(np.int64)
    app_codes, distinct = pd.factorize(application)
    has = (app_codes >= 0) & (person >= 0)
    app = np.full(len(app_codes), -1, dtype=np.int64)
    app[has] = pd.factorize(person[has] * (len(distinct) + 1) + app_codes[has])[0]
    ev["app"] = app
    # An application's first accepted/declined with no offer before it, nor on its day, is
    # its offer too.
    is_answer = ev["event"].isin(["accepted", "declined"]).to_numpy(dtype=bool)
    is_offer = pd.Series(ev["event"].eq("offer").to_numpy(dtype=bool))
    offer_or_answer = pd.Series(is_answer) | is_offer
    earlier = offer_or_answer.astype("int64").groupby(app).cumsum() - offer_or_answer
    offer_that_day = is_offer.groupby([app, ev["day"].to_numpy()]).transform("any")
    implied = is_answer & earlier.eq(0).to_numpy(dtype=bool) & ~offer_that_day.to_numpy(bool)
    if implied.any():
        ev["event"] = ev["event"].astype(object).where(~implied, "offer").astype(ev["event"].dtype)
    event = ev["event"]
    day = ev["day"]
    is_interview = event.eq("interview").to_numpy(dtype=bool)
    by_app = pd.Series(app)

    interview_day = day.where(is_interview)
    latest_interview = interview_day.groupby(app).ffill()
    previous_interview = latest_interview.groupby(app).shift(1)
    opens = is_interview & ~(day == previous_interview).to_numpy()
    rounds = pd.Series(opens.astype("int64")).groupby(by_app).cumsum().to_numpy()
    ev["round"] = rounds
    round_key = pd.factorize(app.astype(np.int64) * (int(rounds.max(initial=0)) + 1) + rounds)[0]
    ev["round_key"] = round_key

    is_response = event.eq("response").to_numpy(dtype=bool)
    # A round ends at its first decision or withdrawal: no follow-up after it is numbered.
    ending = pd.Series(event.isin(tables.ROUND_ENDINGS).to_numpy(dtype="int64"))
    ended = (ending.groupby(round_key).cumsum() > 0).to_numpy()
    counted = (event.eq("follow_up") | (event.eq("update") & ev["reason"].isna())).to_numpy(
        dtype=bool
    ) & ~ended
    ev["counted"] = counted
    segment = pd.Series(is_response.astype("int64")).groupby(round_key).cumsum().to_numpy()
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


def _reference_tri_state(values: pd.Series, keys: np.ndarray) -> pd.Series:
    is_true = values.eq(True).fillna(False).to_numpy(dtype=bool)
    is_false = values.eq(False).fillna(False).to_numpy(dtype=bool)
    coded = pd.Series(np.where(is_true, 2, np.where(is_false, 1, 0)), index=values.index)
    best = coded.groupby(keys).max()
    return best.map({2: True, 1: False, 0: pd.NA}).astype("boolean")


def _reference_rounds_from(ev: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The group-by ``rounds_from`` (before the run reductions), as it was."""
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
        rounds[column] = _reference_tri_state(interview_rows[column], ikeys).reindex(rounds.index)
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


#: Columns ``application_events`` adds (the rest are carried from the events).
DERIVED = (
    "app",
    "round",
    "round_key",
    "counted",
    "number",
    "round_start_day",
    "anchor_is_response",
    "anchor_day",
    "wait_source",
    "wait_days",
    "_default_wait",
    "previous_follow_up_day",
    "timetable_end_day",
)


def _values(frame: pd.DataFrame, column: str) -> list:
    """A column as plain values (NA, NaT and NaN all as None) for dtype-blind comparison."""
    values = frame[column].astype(object)
    return [None if pd.isna(v) else v for v in values.tolist()]


def _shuffled(events: pd.DataFrame, data: st.DataObject) -> pd.DataFrame:
    """The events with rows in an order the draw picks (applications interleaved), labels kept.

    Both implementations read each application's rows in table order, so any
    permutation is a fair input: the group-by follows row order within a group,
    the runs are worked out in application order and put back.
    """
    order = data.draw(st.permutations(range(len(events))))
    return events.iloc[list(order)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=event_logs(), shuffle=st.booleans(), data=st.data())
def test_application_events_match_the_group_by(
    log: tuple[pd.DataFrame, pd.Timestamp], shuffle: bool, data: st.DataObject
) -> None:
    """The run arithmetic of ``application_events`` gives the group-by's columns.

    On logs in the loader's order, and with applications interleaved (rows of
    other applications between an application's rows, labels not in order).
    """
    events, as_of = log
    if shuffle:
        events = _shuffled(events, data)
    got = application_events(events, as_of)
    expected = _reference_application_events(events, as_of)
    assert list(got.columns) == list(expected.columns)
    assert got["row"].tolist() == expected["row"].tolist()
    for column in DERIVED:
        assert _values(got, column) == _values(expected, column), column
    for column in ("round", "round_key", "app", "wait_days"):
        assert got[column].dtype == np.int64 or got[column].dtype == np.intp, column
    assert got["number"].dtype == expected["number"].dtype

    rounds = rounds_from(got, as_of)
    reference = _reference_rounds_from(expected, as_of)
    assert rounds.index.tolist() == reference.index.tolist()
    assert list(rounds.columns) == list(reference.columns)
    for column in reference.columns:
        assert _values(rounds, column) == _values(reference, column), column
