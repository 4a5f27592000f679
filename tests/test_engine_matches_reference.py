"""The rule engine agrees with the reference checker on generated logs.

Compares the sets of (line, code, date) of FU diagnostics from
``followup_stats.rules.engine.check_events`` and from the slow
``reference_checker.reference_check`` on hypothesis-generated events tables,
and the messages of FU011 (the idle run and the interviews it names).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from log_strategies import configs, event_logs
from reference_checker import reference_check

from followup_stats.config import Config
from followup_stats.rules import engine

Key = tuple[int, str, dt.date]

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fu_keys(diagnostics: pd.DataFrame) -> set[Key]:
    """The (line, code, day) of every FU diagnostic."""
    fu = diagnostics[diagnostics["code"].astype(str).str.startswith("FU")]
    return {
        (int(line), str(code), pd.Timestamp(date).date())
        for line, code, date in zip(fu["line"], fu["code"], fu["date"], strict=True)
    }


def idle_keys(diagnostics: pd.DataFrame) -> set[tuple[int, dt.date, str]]:
    """The (line, day, message) of every FU011: the idle run and the interviews it names."""
    idle = diagnostics[diagnostics["code"].astype(str).eq("FU011")]
    return {
        (int(line), pd.Timestamp(date).date(), str(message))
        for line, date, message in zip(idle["line"], idle["date"], idle["message"], strict=True)
    }


def assert_same(events: pd.DataFrame, as_of: pd.Timestamp, config: Config) -> None:
    got = engine.check_events(events.copy(), as_of, config)
    want = reference_check(events, as_of, config)
    got_keys, want_keys = fu_keys(got), fu_keys(want)
    if got_keys == want_keys:  # then FU011's messages agree too
        got_keys, want_keys = idle_keys(got), idle_keys(want)  # type: ignore[assignment]
    if got_keys != want_keys:
        shown = events[["line", "candidate", "application_id", "event", "date"]]
        raise AssertionError(
            f"as_of={as_of.date()}\n"
            f"only engine:    {sorted(got_keys - want_keys)}\n"
            f"only reference: {sorted(want_keys - got_keys)}\n"
            f"{shown.to_string()}"
        )


def test_engine_has_check_events() -> None:
    assert callable(getattr(engine, "check_events", None)), (
        "followup_stats.rules.engine.check_events(events, as_of, config) is missing"
    )


@SETTINGS
@given(log=event_logs())
def test_engine_matches_reference_default_config(log: tuple[pd.DataFrame, pd.Timestamp]) -> None:
    events, as_of = log
    assert_same(events, as_of, Config())


@SETTINGS
@given(log=event_logs(), config=configs())
def test_engine_matches_reference_any_thresholds(
    log: tuple[pd.DataFrame, pd.Timestamp], config: Config
) -> None:
    events, as_of = log
    assert_same(events, as_of, config)
