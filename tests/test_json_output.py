"""The column-wise JSON writer of ``check``/``todo --format json`` pinned to ``json.dumps``.

``output._json_text`` claims the bytes of
``json.dumps(_records(frame, keys, date_keys), indent=2, ensure_ascii=False) + "\\n"``
(what ``diagnostics_json`` and ``actions_json`` wrote before). Checked on
random frames of every column kind the tables hold or could hold: text with
quotes, backslashes, control characters and non-ASCII; categoricals;
nullable and plain integers; floats such as -0.0, 1e16 and NaN; booleans;
days and times; missing values everywhere; keys absent from the frame; one
row and no rows. Then on the real tables of generated logs.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from log_strategies import configs, event_logs, events_to_csv

from followup_stats.actions import next_actions
from followup_stats.config import Config
from followup_stats.engines import pandas_engine
from followup_stats.load import load_log
from followup_stats.output import (
    ACTION_JSON_KEYS,
    DIAGNOSTIC_JSON_KEYS,
    STATS_LIST_COLUMNS,
    STATS_LIST_SEPARATOR,
    _csv_rows,
    _json_text,
    _records,
    _stats_keys,
    actions_json,
    actions_records,
    diagnostics_csv,
    diagnostics_json,
    diagnostics_records,
    stats_csv,
    stats_json,
    stats_records,
    to_safe_csv,
)
from followup_stats.rules.engine import run_rules
from followup_stats.stats import RATE_COLUMNS

DATA = Path(__file__).resolve().parent.parent / "data"

#: Text that needs JSON escapes, text that does not, and non-ASCII.
TEXT = st.one_of(
    st.text(max_size=8),
    st.text(alphabet='ab"\\\x00\x01\n\t\x1f\x7f\u2028é€😀 ', max_size=8),
    st.sampled_from(["", "FU005", "Acme, Inc.", 'say "hi"', "back\\slash", "naïve"]),
)


def _none_or(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


@st.composite
def text_column(draw: st.DrawFn, size: int) -> pd.Series:
    """Text with missing cells, as ``str``, ``string`` (either storage), object or categorical."""
    pool = list(dict.fromkeys(draw(st.lists(TEXT, min_size=1, max_size=4))))
    cells = draw(st.lists(_none_or(st.sampled_from(pool)), min_size=size, max_size=size))
    kind = draw(st.sampled_from(["str", "string", "string[python]", "object", "category"]))
    if kind == "category":
        present = list(dict.fromkeys(c for c in cells if c is not None))
        extra = [p for p in pool if p not in present]
        return pd.Series(pd.Categorical(cells, categories=present + extra))
    return pd.Series(cells, dtype=kind)


@st.composite
def integer_column(draw: st.DrawFn, size: int) -> pd.Series:
    kind = draw(st.sampled_from(["int64", "int32", "uint8", "Int64", "category"]))
    low, high = (0, 255) if kind == "uint8" else (-(2**31), 2**31 - 1)
    pool = draw(st.lists(st.integers(low, high), min_size=1, max_size=4))
    if kind in ("Int64", "category"):
        cells = draw(st.lists(_none_or(st.sampled_from(pool)), min_size=size, max_size=size))
        if kind == "category":
            return pd.Series(pd.Categorical(cells))
        return pd.Series(cells, dtype="Int64")
    cells = draw(st.lists(st.sampled_from(pool), min_size=size, max_size=size))
    return pd.Series(cells, dtype=kind)


FLOATS = st.one_of(
    st.sampled_from(
        [0.0, -0.0, 1e16, 1e-7, 1.5, -2.0, float("nan"), 1e300, 123456789.0, float("-inf")]
    ),
    st.floats(allow_nan=True, allow_infinity=False),
)


@st.composite
def float_column(draw: st.DrawFn, size: int) -> pd.Series:
    cells = draw(st.lists(FLOATS, min_size=size, max_size=size))
    kind = draw(st.sampled_from(["float64", "Float64"]))
    return pd.Series(cells, dtype="float64").astype(pd.api.types.pandas_dtype(kind))


@st.composite
def bool_column(draw: st.DrawFn, size: int) -> pd.Series:
    if draw(st.booleans()):
        return pd.Series(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype=bool)
    cells = draw(st.lists(_none_or(st.booleans()), min_size=size, max_size=size))
    return pd.Series(cells, dtype="boolean")


@st.composite
def day_column(draw: st.DrawFn, size: int) -> pd.Series:
    """Days (sometimes with a time of day) with NaT, plain or categorical."""
    moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1))
    midnight = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)).map(
        lambda d: dt.datetime.combine(d, dt.time())
    )
    pool = draw(st.lists(st.one_of(midnight, moments), min_size=1, max_size=4))
    cells = draw(st.lists(_none_or(st.sampled_from(pool)), min_size=size, max_size=size))
    days = pd.Series(pd.to_datetime(pd.Series(cells, dtype=object))).astype("datetime64[ns]")
    return pd.Series(pd.Categorical(days)) if draw(st.booleans()) else days


@st.composite
def object_column(draw: st.DrawFn, size: int) -> pd.Series:
    """Mixed Python values in an object column (1 and True, 0.0 and -0.0 kept apart)."""
    scalar = st.one_of(
        st.none(), st.integers(-5, 5), st.booleans(), FLOATS, TEXT, st.just(np.int64(3))
    )
    return pd.Series(draw(st.lists(scalar, min_size=size, max_size=size)), dtype=object)


KINDS = {
    "text": text_column,
    "integer": integer_column,
    "float": float_column,
    "bool": bool_column,
    "day": day_column,
    "object": object_column,
}


@st.composite
def frames(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A frame, the keys to write (some absent from it) and the keys written as dates."""
    size = draw(st.integers(0, 6))
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=6))
    columns = {f"c{i}_{kind}": draw(KINDS[kind](size)) for i, kind in enumerate(kinds)}
    frame = pd.DataFrame(columns)
    if draw(st.booleans()):  # labels that are not positions
        frame.index = pd.Index(draw(st.permutations(range(10, 10 + size))))
    names = [*columns, "absent", 'odd "key"\\é']
    keys = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    # Dates are written from days, text or absent keys (what the real tables hold there).
    datable = [k for k in keys if k.endswith(("_day", "_text")) or k not in columns]
    date_keys = draw(st.lists(st.sampled_from(datable), unique=True)) if datable else []
    return frame, keys, date_keys


def _expected(frame: pd.DataFrame, keys: list[str], date_keys: list[str]) -> str:
    return json.dumps(_records(frame, keys, date_keys), indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=frames())
def test_json_text_is_json_dumps_of_the_records(
    drawn: tuple[pd.DataFrame, list[str], list[str]],
) -> None:
    """Same bytes as ``json.dumps`` of the records, for every column kind, missing cells too."""
    frame, keys, date_keys = drawn
    got = _json_text(frame, keys, date_keys)
    assert got == _expected(frame, keys, date_keys)
    assert json.loads(got) == json.loads(_expected(frame, keys, date_keys))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=frames())
def test_csv_rows_are_to_safe_csv_of_the_records(
    drawn: tuple[pd.DataFrame, list[str], list[str]],
) -> None:
    """The column-wise CSV writer gives the rows ``to_safe_csv`` writes from the records
    (quotes doubled, formulas defused, floats by ``repr``, days as dates), every kind."""
    frame, keys, date_keys = drawn
    columns = ["first", *keys]  # a column outside the keys is empty; a fixed one repeats
    expected = to_safe_csv(
        [{"first": '=x "y"', **row} for row in _records(frame, keys, date_keys)], columns
    )
    header = to_safe_csv([], columns)
    got = _csv_rows(frame, columns, keys, date_keys, fixed={"first": '=x "y"'})
    assert header + got == expected
    assert header + _csv_rows(frame, columns, keys, date_keys) == to_safe_csv(
        _records(frame, keys, date_keys), columns
    )


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(_none_or(st.text()), min_size=1, max_size=8),
    kind=st.sampled_from(["str", "string", "object", "category"]),
)
def test_json_text_escapes_any_text(cells: list[str | None], kind: str) -> None:
    """Any text (every code point hypothesis draws) is quoted and escaped as ``json.dumps`` does."""
    column = pd.Series(cells, dtype=kind)
    frame = pd.DataFrame({"message": column})
    assert _json_text(frame, ["message"], []) == _expected(frame, ["message"], [])


def test_json_text_of_no_rows_and_of_one_row() -> None:
    """No rows: ``[]``; one row: one object, dates as ``YYYY-MM-DD``, absent keys ``null``."""
    empty = pd.DataFrame({"line": pd.Series([], dtype="int64")})
    assert _json_text(empty, ["line", "date"], ["date"]) == "[]\n"
    one = pd.DataFrame(
        {
            "line": [7],
            "date": pd.to_datetime(["2026-03-02 10:30"]),
            "message": pd.Series(['a "quoted" \\ \x1b[31m é'], dtype="string"),
        }
    )
    keys = ["line", "date", "message", "code"]
    assert _json_text(one, keys, ["date"]) == _expected(one, keys, ["date"])
    assert '"date": "2026-03-02"' in _json_text(one, keys, ["date"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(log=event_logs(), config=configs())
def test_check_and_todo_json_on_generated_logs(
    log: tuple[pd.DataFrame, pd.Timestamp], config: Config
) -> None:
    """``diagnostics_json`` and ``actions_json`` of real tables = ``json.dumps`` of the records
    (``diagnostics_csv``: ``to_safe_csv`` of them)."""
    events, as_of = log
    diagnostics = run_rules(events, as_of, config)
    expected = json.dumps(diagnostics_records(diagnostics), indent=2, ensure_ascii=False) + "\n"
    assert diagnostics_json(diagnostics) == expected
    written = to_safe_csv(diagnostics_records(diagnostics), DIAGNOSTIC_JSON_KEYS)
    assert diagnostics_csv(diagnostics) == written
    if len(diagnostics):
        assert list(json.loads(diagnostics_json(diagnostics))[0]) == list(DIAGNOSTIC_JSON_KEYS)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_text(events_to_csv(events), encoding="utf-8")
        actions = next_actions(load_log(path, config=config, as_of=as_of))
    expected = json.dumps(actions_records(actions), indent=2, ensure_ascii=False) + "\n"
    assert actions_json(actions) == expected
    if len(actions):
        assert list(json.loads(actions_json(actions))[0]) == list(ACTION_JSON_KEYS)


def _stats_expected(tables: dict[str, pd.DataFrame]) -> str:
    return json.dumps(stats_records(tables), indent=2, ensure_ascii=False) + "\n"


def _stats_csv_expected(tables: dict[str, pd.DataFrame]) -> str:
    """``stats --format csv`` as it was written before, record by record."""
    columns = ["table"]
    for keys in _stats_keys().values():
        columns += [key for key in keys if key not in columns]
    rows = []
    for name, records in stats_records(tables).items():
        for row in records:
            joined = {
                key: None if row[key] is None else STATS_LIST_SEPARATOR.join(row[key])
                for key in STATS_LIST_COLUMNS.get(name, ())
            }
            rows.append({"table": name, **row, **joined})
    return to_safe_csv(rows, columns)


@pytest.mark.parametrize("by", [None, "candidate", "source"])
def test_stats_json_and_csv_are_those_of_the_stats_records(by: str | None) -> None:
    """``stats --format json`` and ``csv`` write their big tables column by column: the
    bytes of ``json.dumps`` of :func:`stats_records` (nested in one object) and of the
    records through :func:`to_safe_csv`, every table there."""
    tables = pandas_engine.stats_log(
        [str(DATA / "sample_cohort.csv")], Config(), "2026-10-30", by=by
    )
    assert len(tables["curves"]) > 100  # the table written column by column
    assert stats_json(tables) == _stats_expected(tables)
    assert stats_csv(tables) == _stats_csv_expected(tables)


def test_stats_json_and_csv_write_counts_and_floats_as_the_records_do() -> None:
    """Float counts that are whole are ``17``, missing ``null``; a count that is not whole
    (or not a number) keeps the records' way; floats keep ``-0.0``, ``NaN`` and infinities."""
    rates = pd.DataFrame(
        {
            "group": ["all", 'a "b"', None],
            "metric": ["response", "offer", "interview"],
            "k": [3.0, np.nan, -0.0],
            "n": pd.array([10.0, None, 2.0], dtype="Float64"),
            "pending": [17, 0, 2**40],
            "rate": [0.3, np.nan, -0.0],
            "ci_low": [float("inf"), float("-inf"), 1e-7],
            "ci_high": pd.array([0.6, None, 1e16], dtype="Float64"),
        }
    )
    assert list(rates.columns) == list(RATE_COLUMNS)
    for changed in (
        {},
        {"k": [3.5, np.nan, 1.0]},  # not whole: through the records
        {"k": [2.0**60, np.nan, 1.0]},  # beyond exact integers in a float
        {"n": pd.Series([1, "x", None], dtype=object)},
        {"pending": [True, False, True]},
    ):
        tables = {"rates": rates.assign(**changed)}
        assert stats_json(tables) == _stats_expected(tables)
        assert stats_csv(tables) == _stats_csv_expected(tables)
    assert stats_json({}) == _stats_expected({})
    assert stats_csv({}) == _stats_csv_expected({})
    assert json.loads(stats_json({"rates": rates}))["rates"][0]["k"] == 3
