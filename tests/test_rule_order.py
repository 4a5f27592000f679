"""Rule-engine ordering and per-distinct messages pinned to the plain operations they replace.

- ``engine.sort_diagnostics``: a stable sort on integer keys, equal to
  ``sort_values(SORT_COLUMNS, kind="stable")`` (missing values last), for the
  usual dtypes and for the fallback ones.
- ``run_rules(..., sort=False)`` then sorting equals ``run_rules(...)``, and
  both equal the concatenate-assign-sort ``run_rules`` did before.
- ``wording.distinct_codes`` numbers combinations in order of first
  appearance; ``wording.per_distinct(rows, keys, build)`` equals
  ``build(rows)`` for the row-wise message builders.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_strategies import configs, event_logs

from followup_stats.actions import WHY_KEYS, _why
from followup_stats.config import Config
from followup_stats.rules import engine
from followup_stats.rules.catalogue import load_catalogue
from followup_stats.rules.engine import (
    DIAGNOSTIC_COLUMNS,
    SORT_COLUMNS,
    RuleContext,
    run_rules,
    sort_diagnostics,
)
from followup_stats.rules.timing import TOO_EARLY_KEYS, _too_early_message, with_applied_day
from followup_stats.rules.wording import distinct_codes, per_distinct

LOGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TEXT = st.one_of(st.none(), st.sampled_from(["a.csv", "b.csv", "B.csv", "é.csv", "", "a"]))
CODES = st.one_of(st.none(), st.sampled_from(["FU001", "FU005", "FU010", "LOG001", "fu005"]))
DAYS = st.one_of(st.none(), st.integers(0, 5))


@st.composite
def diagnostics_frames(draw: st.DrawFn) -> pd.DataFrame:
    """A diagnostics table with many ties and missing keys; usual dtypes or other ones."""
    size = draw(st.integers(0, 25))

    def cells(strategy: st.SearchStrategy) -> list:
        return draw(st.lists(strategy, min_size=size, max_size=size))

    base = pd.Timestamp("2026-03-02")
    days = [pd.NaT if d is None else base + pd.Timedelta(days=d) for d in cells(DAYS)]
    frame = pd.DataFrame(
        {
            "file": pd.Series(cells(TEXT), dtype="string"),
            "line": pd.Series(cells(st.integers(-1, 4)), dtype="int64"),
            "candidate": pd.Series(cells(TEXT), dtype="string"),
            "application_id": pd.Series(cells(TEXT), dtype="string"),
            "company": pd.Series(cells(TEXT), dtype="string"),
            "date": pd.Series(days, dtype="datetime64[ns]"),
            "code": pd.Series(cells(CODES), dtype="string"),
            "severity": pd.Series(cells(st.sampled_from(["error", "warning"])), dtype="string"),
            "message": pd.Series(range(size)).astype("string"),  # tells rows apart
        }
    )
    other = draw(st.sampled_from(["none", "str", "category", "Int64", "us", "python"]))
    if other == "str":
        frame["file"] = frame["file"].astype("str")
    elif other == "category":
        frame["code"] = frame["code"].astype("category")
    elif other == "Int64":
        frame["line"] = frame["line"].astype("Int64")
    elif other == "us":
        frame["date"] = frame["date"].astype("datetime64[us]")
    elif other == "python":
        frame["file"] = frame["file"].astype("string[python]")
    if draw(st.booleans()):
        frame.index = pd.Index(draw(st.permutations(range(100, 100 + size))))
    return frame


@settings(max_examples=200, deadline=None)
@given(frame=diagnostics_frames())
def test_sort_diagnostics_is_a_stable_sort_values(frame: pd.DataFrame) -> None:
    """Same rows in the same order as ``sort_values(SORT_COLUMNS, kind="stable")``."""
    expected = frame.sort_values(list(SORT_COLUMNS), kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(sort_diagnostics(frame), expected)


def _reference_run_rules(events: pd.DataFrame, as_of: pd.Timestamp, config: Config) -> pd.DataFrame:
    """``run_rules`` as it was: each part assigned its code and severity, typed, sorted."""
    engine._load_rule_modules()
    catalogue = load_catalogue()
    context = RuleContext(events, as_of, config)
    parts = []
    for code in sorted(engine.REGISTRY):
        if not config.enabled(code):
            continue
        found = engine.REGISTRY[code](context)
        if len(found):
            parts.append(found.assign(code=code, severity=catalogue[code].severity))
    if not parts:
        return engine.empty_diagnostics()
    diagnostics = pd.concat(parts, ignore_index=True)[list(DIAGNOSTIC_COLUMNS)]
    typed = diagnostics.astype(
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
    return typed.sort_values(list(SORT_COLUMNS), kind="stable").reset_index(drop=True)


@LOGS
@given(log=event_logs(), config=configs(), shuffle=st.booleans(), data=st.data())
def test_run_rules_unsorted_then_sorted_is_run_rules(
    log: tuple[pd.DataFrame, pd.Timestamp], config: Config, shuffle: bool, data: st.DataObject
) -> None:
    """``sort=False`` is rule order; sorting it gives ``run_rules`` and the old group-by result."""
    events, as_of = log
    if shuffle:  # applications interleaved: the events are not in the loader's order
        events = events.iloc[list(data.draw(st.permutations(range(len(events)))))]
    unsorted = run_rules(events, as_of, config, sort=False)
    ordered = run_rules(events, as_of, config)
    codes = unsorted["code"].tolist()
    assert codes == sorted(codes)  # rule order: the parts in code order
    pd.testing.assert_frame_equal(sort_diagnostics(unsorted), ordered)
    pd.testing.assert_frame_equal(ordered, _reference_run_rules(events, as_of, config))
    catalogue = load_catalogue()
    assert unsorted["severity"].tolist() == [catalogue[c].severity for c in codes]


# -- wording -------------------------------------------------------------------------------

_MISSING = object()


def _first_appearance_numbers(columns: list[pd.Series]) -> list[int]:
    """A number per distinct combination in order of first appearance (all missing alike)."""
    seen: dict[tuple, int] = {}
    rows = zip(*[[_MISSING if pd.isna(v) else v for v in c.tolist()] for c in columns], strict=True)
    return [seen.setdefault(row, len(seen)) for row in rows]


@st.composite
def key_column(draw: st.DrawFn, size: int) -> pd.Series:
    kind = draw(st.sampled_from(["string", "str", "category", "Int64", "day", "bool", "float"]))
    if kind in ("string", "str", "category"):
        cells = draw(
            st.lists(
                st.one_of(st.none(), st.sampled_from(["x", "y", "é"])), min_size=size, max_size=size
            )
        )
        return pd.Series(cells, dtype=kind)
    if kind == "Int64":
        cells = draw(
            st.lists(st.one_of(st.none(), st.integers(-2, 2)), min_size=size, max_size=size)
        )
        return pd.Series(cells, dtype="Int64")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype=bool)
    if kind == "float":
        pool = st.sampled_from([0.5, 1.0, float("nan"), 1e16])
        return pd.Series(draw(st.lists(pool, min_size=size, max_size=size)), dtype="float64")
    offsets = draw(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=size, max_size=size))
    base = pd.Timestamp("2026-03-02")
    days = [pd.NaT if o is None else base + pd.Timedelta(days=o) for o in offsets]
    return pd.Series(days, dtype="datetime64[ns]")


@st.composite
def keyed_rows(draw: st.DrawFn) -> pd.DataFrame:
    size = draw(st.integers(0, 25))
    count = draw(st.integers(1, 4))
    frame = pd.DataFrame({f"k{i}": draw(key_column(size)) for i in range(count)})
    frame["other"] = np.arange(size)  # a column the builders must not read
    if draw(st.booleans()):
        frame.index = pd.Index(draw(st.permutations(range(50, 50 + size))))
    return frame


@settings(max_examples=200, deadline=None)
@given(rows=keyed_rows())
def test_distinct_codes_number_combinations_by_first_appearance(rows: pd.DataFrame) -> None:
    """``distinct_codes`` = first-appearance numbers of the key tuples, missing values included."""
    columns = [rows[c] for c in rows.columns if c.startswith("k")]
    assert distinct_codes(columns).tolist() == _first_appearance_numbers(columns)


def _row_text(rows: pd.DataFrame) -> pd.Series:
    """A row-wise builder over the ``k`` columns: each value as text, missing as ``<NA>``."""
    text = pd.Series("", index=rows.index, dtype="string", name="text")
    for column in [c for c in rows.columns if c.startswith("k")]:
        cells = [("<NA>" if pd.isna(v) else repr(v)) for v in rows[column].tolist()]
        text = text + "|" + pd.Series(cells, index=rows.index, dtype="string")
    return text


@settings(max_examples=200, deadline=None)
@given(rows=keyed_rows())
def test_per_distinct_is_build_of_every_row(rows: pd.DataFrame) -> None:
    """``per_distinct`` = the builder applied to every row (index and name kept), no rows too."""
    keys = [c for c in rows.columns if c.startswith("k")]
    pd.testing.assert_series_equal(per_distinct(rows, keys, _row_text), _row_text(rows))


@LOGS
@given(log=event_logs(), config=configs())
def test_too_early_messages_per_distinct(
    log: tuple[pd.DataFrame, pd.Timestamp], config: Config
) -> None:
    """FU005's message built per distinct combination = built for every follow-up of a real log."""
    events, as_of = log
    context = RuleContext(events, as_of, config)
    follow_ups = with_applied_day(context, context.follow_ups)
    got = per_distinct(follow_ups, TOO_EARLY_KEYS, _too_early_message)
    pd.testing.assert_series_equal(got, _too_early_message(follow_ups))


@st.composite
def why_rows(draw: st.DrawFn) -> pd.DataFrame:
    """Rows as ``actions._decide`` hands them to ``_why``: a step code, days, anchor and wait."""
    size = draw(st.integers(0, 20))
    base = pd.Timestamp("2026-03-02")

    def days() -> pd.Series:
        offsets = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
        return pd.Series([base + pd.Timedelta(days=o) for o in offsets], dtype="datetime64[ns]")

    def pick(values: list) -> list:
        return draw(st.lists(st.sampled_from(values), min_size=size, max_size=size))

    return pd.DataFrame(
        {
            "_step": np.array(pick([0, 1, 2, 3]), dtype=np.int64),
            "_allowed": days(),
            "_previous": days(),
            "interview_day": days(),
            "round": np.array(pick([0, 1]), dtype=np.int64),
            "anchor_is_response": np.array(pick([True, False]), dtype=bool),
            "anchor_day": days(),
            "_after_reply": np.array(pick([True, False]), dtype=bool),
            "wait_days": np.array(pick([0, 1, 7, 10]), dtype=np.int64),
            "wait_source": pd.Series(pick(["timetable", "approved", "default"]), dtype="string"),
            "_last_was_final": np.array(pick([True, False]), dtype=bool),
            "_unasked": np.array(pick([True, False]), dtype=bool),
        },
        index=pd.Index(draw(st.permutations(range(size)))),
    )


@settings(max_examples=150, deadline=None)
@given(rows=why_rows())
def test_why_lines_per_distinct(rows: pd.DataFrame) -> None:
    """``todo``'s why line built per distinct combination = built for every row."""
    assert set(WHY_KEYS) <= set(rows.columns)
    pd.testing.assert_series_equal(per_distinct(rows, WHY_KEYS, _why), _why(rows))


def test_per_distinct_of_one_row() -> None:
    rows = pd.DataFrame({"k0": pd.Series([dt.date(2026, 3, 2)], dtype="object")}, index=[9])
    pd.testing.assert_series_equal(per_distinct(rows, ["k0"], _row_text), _row_text(rows))


def test_findings_stack_as_concat_does_with_shared_or_different_categories() -> None:
    """The rules' findings are stacked by category codes only when the categories are one."""
    from followup_stats.rules.engine import _stacked

    names = pd.CategoricalDtype(pd.Index(["Ada", "Bo", "Cy"], dtype="string"))
    other = pd.CategoricalDtype(pd.Index(["Bo", "Dee"], dtype="string"))
    first = pd.DataFrame(
        {"candidate": pd.Categorical.from_codes([2, 0], dtype=names), "line": [3, 4]}
    )
    second = pd.DataFrame(
        {"candidate": pd.Categorical.from_codes([1, -1], dtype=names), "line": [5, 6]}
    )
    third = pd.DataFrame({"candidate": pd.Categorical.from_codes([1], dtype=other), "line": [7]})
    shared = _stacked([first, second])
    assert shared["candidate"].dtype is names
    assert shared["candidate"].tolist()[:3] == ["Cy", "Ada", "Bo"]
    assert pd.isna(shared["candidate"].iloc[3])
    pd.testing.assert_frame_equal(shared, pd.concat([first, second], ignore_index=True))
    mixed = _stacked([first, third])
    assert mixed["candidate"].astype("string").tolist() == ["Cy", "Ada", "Dee"]
    assert mixed["line"].tolist() == [3, 4, 7]
