"""Per-application helpers of the statistics pinned to the pandas group-bys they replace.

``next_position`` (and ``next_position_after``), ``first_position``, ``first_rows``
and ``_PerApplication`` (``followup_stats.stats.applications``) and the lookups of
``followup_stats.stats.times``: events in application order (the loader's)
and in any order, with applications that come back later, empty input and
the ``-1`` application of events without a candidate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_stats.stats.applications import (
    _day_at,
    _PerApplication,
    _text_at,
    first_position,
    first_rows,
    next_position,
    next_position_after,
)
from followup_stats.stats.times import _first_day, _rows_of_apps

FAST = settings(max_examples=150, deadline=None)


@st.composite
def apps_and_mask(draw: st.DrawFn, low: int = -1) -> tuple[np.ndarray, np.ndarray]:
    """Application numbers (sorted or not, as the draw picks) and a mask of rows."""
    apps = draw(st.lists(st.integers(low, 4), max_size=40))
    if draw(st.booleans()):
        apps = sorted(apps)
    mask = draw(st.lists(st.booleans(), min_size=len(apps), max_size=len(apps)))
    return np.array(apps, dtype=np.int64), np.array(mask, dtype=bool)


def _as_float(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="float64", na_value=np.nan)


@FAST
@given(drawn=apps_and_mask())
def test_next_position_is_shift_then_bfill(drawn: tuple[np.ndarray, np.ndarray]) -> None:
    """``next_position`` = ``position.where(mask).groupby(app).shift(-1)``, then ``.bfill()``."""
    app, mask = drawn
    position = pd.Series(np.arange(len(app)), dtype="float64")
    later = position.where(mask).groupby(app).shift(-1)
    expected = later.groupby(app).bfill()
    got = next_position(mask, app)
    assert got.dtype == np.float64
    assert np.array_equal(got, _as_float(expected), equal_nan=True)


@FAST
@given(drawn=apps_and_mask(), picked=st.lists(st.booleans(), max_size=40))
def test_next_position_after_is_next_position_at_those_rows(
    drawn: tuple[np.ndarray, np.ndarray], picked: list[bool]
) -> None:
    """``next_position_after(mask, app, rows)`` = ``next_position(mask, app)[rows]``."""
    app, mask = drawn
    rows = np.flatnonzero(np.resize(np.array([*picked, True], dtype=bool), len(app)))
    got = next_position_after(mask, app, rows)
    assert got.dtype == np.float64
    assert np.array_equal(got, next_position(mask, app)[rows], equal_nan=True)


@FAST
@given(drawn=apps_and_mask())
def test_first_position_is_transform_min(drawn: tuple[np.ndarray, np.ndarray]) -> None:
    """``first_position`` = ``position.where(mask).groupby(app).transform("min")``."""
    app, mask = drawn
    position = pd.Series(np.arange(len(app)), dtype="float64")
    expected = position.where(mask).groupby(app).transform("min")
    got = first_position(mask, app)
    assert len(got) == len(app)
    assert np.array_equal(got, _as_float(expected), equal_nan=True)


@FAST
@given(drawn=apps_and_mask())
def test_first_rows_is_groupby_first(drawn: tuple[np.ndarray, np.ndarray]) -> None:
    """``first_rows`` = the applications with a row in the mask (ascending) and their first row."""
    app, mask = drawn
    positions = np.flatnonzero(mask)
    expected = pd.Series(positions).groupby(app[mask]).first()
    apps, first = first_rows(mask, app)
    assert apps.tolist() == expected.index.tolist()
    assert first.tolist() == expected.tolist()


@st.composite
def days_of(draw: st.DrawFn, size: int, unit: str) -> np.ndarray:
    offsets = draw(st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=size, max_size=size))
    base = np.datetime64("2026-03-02").astype(f"datetime64[{unit}]")
    nat = np.array(["NaT"], dtype=f"datetime64[{unit}]")[0]  # NaT in the unit, not generic
    return np.array(
        [nat if o is None else base + np.timedelta64(o, "D") for o in offsets],
        dtype=f"datetime64[{unit}]",
    )


@FAST
@given(drawn=apps_and_mask(low=0), unit=st.sampled_from(["ns", "us", "s"]), data=st.data())
def test_per_application_reductions(
    drawn: tuple[np.ndarray, np.ndarray], unit: str, data: st.DataObject
) -> None:
    """``_PerApplication`` = ``groupby(app, sort=True)`` min, max, any and nunique of the days.

    Over all applications in ascending order (the rows of the result), days
    with NaT among them (skipped, as the group-by skips them), any row order.
    """
    app, mask = drawn
    day = data.draw(days_of(len(app), unit))
    per_app = _PerApplication(day, app)
    masked = pd.Series(day).where(mask)
    grouped = masked.groupby(app, sort=True)
    assert per_app.apps.tolist() == sorted(set(app.tolist()))

    first = per_app.first_day(mask)
    last = per_app.last_day(mask)
    assert first.dtype == day.dtype and last.dtype == day.dtype
    assert np.array_equal(first, grouped.min().to_numpy(dtype=day.dtype), equal_nan=True)
    assert np.array_equal(last, grouped.max().to_numpy(dtype=day.dtype), equal_nan=True)
    marked = pd.Series(mask).groupby(app, sort=True).any()
    assert per_app.any(mask).tolist() == marked.tolist()
    assert per_app.distinct_days(mask).tolist() == grouped.nunique().tolist()


def test_per_application_of_no_events() -> None:
    """No events: no applications, and every reduction is empty."""
    per_app = _PerApplication(np.array([], dtype="datetime64[ns]"), np.array([], dtype=np.int64))
    nothing = np.array([], dtype=bool)
    assert len(per_app.apps) == 0
    assert len(per_app.first_day(nothing)) == 0
    assert len(per_app.last_day(nothing)) == 0
    assert len(per_app.distinct_days(nothing)) == 0
    assert len(per_app.any(nothing)) == 0


NAMES = st.one_of(st.none(), st.sampled_from(["a", "b", "Ähm", ""]))


@FAST
@given(
    cells=st.lists(NAMES, max_size=20),
    kind=st.sampled_from(["category", "string", "str", "object"]),
    data=st.data(),
)
def test_text_at(cells: list[str | None], kind: str, data: st.DataObject) -> None:
    """``_text_at`` = the values at the positions as ``string``; missing at -1 and where missing."""
    if kind == "category":
        present = sorted({c for c in cells if c is not None})
        extra = data.draw(st.lists(st.sampled_from(["q", "r"]), unique=True, max_size=2))
        values = pd.Series(
            pd.Categorical(cells, categories=data.draw(st.permutations(present + extra)))
        )
    else:
        values = pd.Series(cells, dtype=kind)
    positions = np.array(
        data.draw(st.lists(st.integers(-1, len(cells) - 1), max_size=20)), dtype=np.int64
    )
    got = _text_at(values, positions)
    text = values.astype("string")
    expected = pd.array([text.iloc[p] if p >= 0 else None for p in positions], dtype="string")
    pd.testing.assert_extension_array_equal(pd.array(got.to_numpy(), dtype="string"), expected)
    assert isinstance(got.dtype, pd.StringDtype)


@FAST
@given(data=st.data(), size=st.integers(0, 15))
def test_day_at(data: st.DataObject, size: int) -> None:
    """``_day_at`` = the days at the positions, NaT at -1 (also from no days at all)."""
    days = data.draw(days_of(size, "ns"))
    positions = np.array(
        data.draw(st.lists(st.integers(-1, size - 1), max_size=15)), dtype=np.int64
    )
    got = _day_at(pd.Series(days), positions)
    expected = pd.Series(days).reindex(positions).to_numpy()
    assert got.dtype == np.dtype("datetime64[ns]")
    assert np.array_equal(got, expected, equal_nan=True)


@FAST
@given(drawn=apps_and_mask(low=0), data=st.data())
def test_first_day_is_groupby_min_reindexed(
    drawn: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """``times._first_day`` = earliest masked day per application, for the keys asked, NaT else."""
    app, mask = drawn
    days = data.draw(days_of(len(app), "ns"))
    keys = np.array(data.draw(st.lists(st.integers(0, 6), unique=True, max_size=7)), dtype=np.int64)
    got = _first_day(days, mask, app, keys)
    expected = pd.Series(days).where(mask).groupby(app).min().reindex(keys).to_numpy()
    assert np.array_equal(got, expected.astype("datetime64[ns]"), equal_nan=True)


@FAST
@given(
    numbers=st.lists(st.integers(-1, 12), unique=True, max_size=10),
    consecutive=st.booleans(),
    data=st.data(),
)
def test_rows_of_apps_is_get_indexer(
    numbers: list[int], consecutive: bool, data: st.DataObject
) -> None:
    """``_rows_of_apps`` = ``index.get_indexer(apps)`` for the index's own applications.

    Consecutively numbered tables (the usual case, taken by arithmetic) and
    any other unique index (gaps, out of order).
    """
    if consecutive:
        start = data.draw(st.integers(-1, 3))
        numbers = list(range(start, start + len(numbers)))
    index = pd.Index(numbers, dtype=np.int64)
    apps = np.array(
        data.draw(st.lists(st.sampled_from(numbers), max_size=20)) if numbers else [],
        dtype=np.int64,
    )
    got = _rows_of_apps(index, apps)
    assert np.array_equal(got, index.get_indexer(pd.Index(apps)))
