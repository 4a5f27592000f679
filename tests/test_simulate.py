"""The simulator: reproducible, well-formed logs whose planted breaches are what the rules find."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from reference_checker import reference_check

from followup_stats import check, cli, load_log
from followup_stats.output import OutputError
from followup_stats.rules.engine import check_events
from followup_stats.simulate import (
    BEHAVIOURS,
    COLUMNS,
    PLANTED_COLUMNS,
    SAMPLES,
    SOURCES,
    STAGES,
    Simulation,
    SimulationEffects,
    add_arguments,
    main,
    run,
    simulate,
    write_samples,
)
from followup_stats.tables import rounds_table
from followup_stats.vocab import CHANNELS, EVENTS, UPDATE_REASONS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

#: Small simulations that together reach every rule and the edge cases of the generator
#: (short periods without idle stretches, one application, one behaviour only).
CASES: list[dict[str, object]] = [
    {"candidates": 6, "applications": 40, "seed": 11},
    {"candidates": 3, "applications": 25, "seed": 12, "behaviours": ("pushy", "forgetful")},
    {"candidates": 4, "applications": 30, "seed": 13, "days": 120, "start": "2026-12-15"},
    {"candidates": 2, "applications": 3, "seed": 14, "days": 30},
    {"candidates": 1, "applications": 1, "seed": 15, "days": 5},
]

#: Which events each code may sit on.
CODE_EVENTS = {
    "FU001": {"interview"},
    "FU002": {"thank_you"},
    "FU003": {"interview"},
    "FU004": {"interview"},
    "FU005": {"follow_up", "update"},
    "FU006": {"follow_up", "update"},
    "FU007": {"follow_up", "update"},
    "FU008": {"follow_up", "update"},
    "FU009": {"follow_up", "update"},
    "FU010": {"update"},
    "FU011": {"interview"},
    "FU012": {"thank_you"},
}


@pytest.fixture(scope="module")
def cohort() -> Simulation:
    return simulate(candidates=8, applications=60, seed=5)


def keys(frame: pd.DataFrame) -> set[tuple[int, str]]:
    """The (line, code) of every FU row of a diagnostics or planted table."""
    fu = frame[frame["code"].astype(str).str.startswith("FU")]
    return {(int(line), str(code)) for line, code in zip(fu["line"], fu["code"], strict=True)}


def simulations(tmp_path: Path) -> list[tuple[Simulation, Path]]:
    """The sample logs and the small cases, each written to a CSV file."""
    out = []
    for name, kwargs in SAMPLES.items():
        sim = simulate(**kwargs)
        out.append((sim, sim.write_csv(tmp_path / name)))
    for i, kwargs in enumerate(CASES):
        sim = simulate(**kwargs)  # type: ignore[arg-type]
        out.append((sim, sim.write_csv(tmp_path / f"case{i}.csv")))
    return out


# -- (a) determinism ----------------------------------------------------------------------


def test_same_seed_same_log() -> None:
    one, two = simulate(seed=3), simulate(seed=3)
    pd.testing.assert_frame_equal(one.log, two.log)
    pd.testing.assert_frame_equal(one.planted, two.planted)
    pd.testing.assert_frame_equal(one.candidates, two.candidates)
    assert not simulate(seed=4).log.equals(one.log)


# -- (b) the log is well formed -----------------------------------------------------------


def test_columns_and_vocabulary(cohort: Simulation) -> None:
    log = cohort.log
    assert tuple(log.columns) == COLUMNS
    assert len(log) > 1000
    assert all(pd.api.types.is_string_dtype(log[c]) for c in COLUMNS)

    def within(column: str, allowed: object) -> None:
        values = set(log[column].dropna().unique())
        assert values <= set(allowed), (column, values - set(allowed))  # type: ignore[call-overload]

    within("event", EVENTS)
    within("channel", CHANNELS)
    within("reason", UPDATE_REASONS)
    within("stage", STAGES)
    within("source", SOURCES)
    within("asked_next_steps", {"yes", "no"})
    within("asked_permission", {"yes", "no"})
    assert set(log["event"]) == set(EVENTS)  # every event occurs in a cohort
    for column in ("contact_ok_after_days", "timeline_days"):
        days = log[column].dropna()
        assert days.str.fullmatch(r"\d+").all()
    assert log[["date", "candidate", "event"]].notna().all().all()


def test_dates_are_iso_and_not_after_as_of(cohort: Simulation) -> None:
    log = cohort.log
    assert log["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    days = pd.to_datetime(log["date"], format="%Y-%m-%d")
    assert days.max() <= pd.Timestamp(cohort.as_of)
    assert days.min() == pd.Timestamp("2026-08-01")
    assert cohort.as_of == dt.date(2026, 10, 30)


def test_rows_belong_where_they_should(cohort: Simulation) -> None:
    log = cohort.log
    networking = log["event"] == "networking"
    assert log.loc[networking, ["application_id", "role", "source"]].isna().all().all()
    assert log.loc[~networking, ["application_id", "company", "role", "source"]].notna().all().all()
    # contact_ok_after_days implies permission; interview facts only on interview rows
    ok = log["contact_ok_after_days"].notna()
    assert (log.loc[ok, "asked_permission"] == "yes").all()
    facts = log[["asked_next_steps", "asked_permission", "stage"]].notna().any(axis=1)
    assert (log.loc[facts, "event"] == "interview").all()
    # one company and role per application
    per_app = log[~networking].groupby("application_id")[["company", "role", "candidate"]]
    assert (per_app.nunique() == 1).all().all()
    # rows are grouped by candidate (in the order of the candidates table), then by date
    order = {name: i for i, name in enumerate(cohort.candidates["candidate"])}
    position = log["candidate"].map(order)
    assert position.is_monotonic_increasing
    assert all(group.is_monotonic_increasing for _, group in log.groupby(position)["date"])


def test_planted_table(cohort: Simulation) -> None:
    planted, log = cohort.planted, cohort.log
    assert tuple(planted.columns) == PLANTED_COLUMNS
    assert planted["line"].between(2, len(log) + 1).all()
    assert not planted.duplicated(["line", "code"]).any()
    assert planted.equals(planted.sort_values(["line", "code"], ignore_index=True))
    rows = log.iloc[planted["line"] - 2]
    assert (rows["candidate"].to_numpy() == planted["candidate"].to_numpy()).all()
    assert (rows["application_id"].to_numpy() == planted["application_id"].to_numpy()).all()
    for code, event in zip(planted["code"], rows["event"], strict=True):
        assert event in CODE_EVENTS[code], (code, event)
    assert len(set(planted["code"])) >= 10  # a cohort breaks nearly every rule


def test_candidates_table(cohort: Simulation) -> None:
    table = cohort.candidates
    assert list(table.columns) == ["candidate", "behaviour", "idle_stretches", "applications"]
    assert len(table) == 8
    assert set(table["behaviour"]) <= set(BEHAVIOURS)
    assert table["candidate"].is_unique
    assert set(cohort.log["candidate"]) == set(table["candidate"])


def test_names_and_behaviours_are_used() -> None:
    names = ["Ana Lopez", "Bo Chen"]
    sim = simulate(candidates=2, applications=5, names=names, behaviours=["pushy"])
    assert set(sim.log["candidate"]) == {"Ana Lopez", "Bo Chen"}
    assert list(sim.candidates["behaviour"]) == ["pushy", "pushy"]
    assert sim.log["application_id"].dropna().str.fullmatch(r"(AL|BC)-\d{3}").all()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"candidates": 0},
        {"applications": 0},
        {"days": 0},
        {"names": ["Only One"]},
        {"behaviours": ["rude"]},
    ],
)
def test_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        simulate(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--start", "9999-12-30"], "a log from 9999-12-30 for 90 days: a log's dates lie from"),
        (["--start", "0001-01-01"], "a log from 0001-01-01 for 90 days"),
        (["--days", "100000000"], "a log from 2026-08-01 for 100,000,000 days"),
        (["--start", "2100-12-01", "--days", "31"], "to 2100-12-31, as check reads them"),
        (["--candidates", "100000000"], "more than 5,000,000 applications"),
        (["--seed", "-1"], "error: --seed -1: give a whole number from 0"),
        # Which one: it said "candidates, applications and days must be at least 1"; then
        # it named the value without the option's "--".
        (["--candidates", "0"], "error: --candidates 0: give a whole number from 1"),
        (["--applications", "-3"], "error: --applications -3: give a whole number from 1"),
        (["--days", "0"], "error: --days 0: give a whole number from 1"),
    ],
)
def test_out_of_range_options_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    """They overflowed a date, ran out of memory or reached numpy's own words (exit 3)."""
    out = tmp_path / "sim.csv"
    assert cli.main(["simulate", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("followup-stats: error: ") and said in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_write_csv_lines_match_rows(cohort: Simulation, tmp_path: Path) -> None:
    path = cohort.write_csv(tmp_path / "log.csv")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == ",".join(COLUMNS)
    assert lines[-1] == ""  # ends with a newline, no blank rows
    assert len(lines) == len(cohort.log) + 2
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = cohort.log.fillna("")
    assert (back.to_numpy() == expected.to_numpy()).all()
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_write_csv_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "log.csv"
    target.write_text("old\n")
    simulate(candidates=1, applications=3).write_csv(target)
    assert target.read_text().startswith("date,candidate,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]
    with pytest.raises(OutputError, match="cannot write here"):
        simulate(candidates=1, applications=3).write_csv(tmp_path / "missing" / "log.csv")


# -- (c) the samples ----------------------------------------------------------------------


def test_samples_are_reproduced_byte_for_byte(tmp_path: Path) -> None:
    written = write_samples(tmp_path)
    assert sorted(p.name for p in written) == sorted(SAMPLES)
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name


def test_samples_have_something_to_say() -> None:
    log_sim = simulate(**SAMPLES["sample_log.csv"])
    assert set(log_sim.log["candidate"]) == {"Alex Rivera"}
    assert 50 <= log_sim.log["application_id"].nunique() <= 80
    assert {"FU001", "FU005", "FU011"} <= set(log_sim.planted["code"])
    log = log_sim.log.dropna(subset=["application_id"])
    ended = set(log.loc[log["event"].isin(["offer", "rejection", "withdrew"]), "application_id"])
    interviewed = set(log.loc[log["event"] == "interview", "application_id"])
    assert len(interviewed - ended) >= 2  # open processes at the as-of date
    cohort = simulate(**SAMPLES["sample_cohort.csv"])
    assert cohort.log["candidate"].nunique() == 8
    assert set(cohort.planted["code"]) == set(CODE_EVENTS)


# -- (d) the ground truth is what the rules say -----------------------------------------


def test_planted_violations_match_checker(tmp_path: Path) -> None:
    for sim, path in simulations(tmp_path):
        found = check(path, as_of=pd.Timestamp(sim.as_of))
        got, want = keys(found), keys(sim.planted)
        assert got == want, (
            f"{path.name}: only found {sorted(got - want)[:10]}, "
            f"only planted {sorted(want - got)[:10]}"
        )


def test_planted_violations_match_reference_checker(tmp_path: Path) -> None:
    """The same comparison against the slow reference reading of RULES.md."""
    for sim, path in simulations(tmp_path):
        loaded = load_log(path, as_of=pd.Timestamp(sim.as_of))
        assert loaded.quality.empty, loaded.quality[["line", "code", "message"]].head()
        found = reference_check(loaded.events, pd.Timestamp(sim.as_of))
        got, want = keys(found), keys(sim.planted)
        assert got == want, (
            f"{path.name}: only found {sorted(got - want)[:10]}, "
            f"only planted {sorted(want - got)[:10]}"
        )


def test_engine_agrees_with_reference_on_ten_thousand_rounds(tmp_path: Path) -> None:
    """Issue 3: the vectorised checker and the reference agree on >= 10,000 simulated rounds."""
    sim = simulate(candidates=450, applications=60, seed=7)
    path = tmp_path / "big.csv"
    sim.write_csv(path)
    loaded = load_log(path, as_of=pd.Timestamp(sim.as_of))
    rounds = rounds_table(loaded)
    assert len(rounds) >= 10_000
    fast = check_events(loaded.events, loaded.as_of)
    slow = reference_check(loaded.events, loaded.as_of)
    assert keys(fast) == keys(slow) == keys(sim.planted)


# -- (e) employers' reactions -------------------------------------------------------------


def offer_rates(sim: Simulation) -> pd.Series:
    """Offers per interviewed application, by the candidate's behaviour."""
    log = sim.log.dropna(subset=["application_id"])
    apps = log.drop_duplicates("application_id").set_index("application_id")["candidate"]
    interviewed = apps[apps.index.isin(log.loc[log["event"] == "interview", "application_id"])]
    offer = interviewed.index.isin(log.loc[log["event"] == "offer", "application_id"])
    behaviour = interviewed.map(sim.candidates.set_index("candidate")["behaviour"])
    return pd.Series(offer, index=interviewed.index).groupby(behaviour.to_numpy()).mean()


def test_pushy_effect_is_found_when_planted() -> None:
    effects = SimulationEffects(pushy_offer_odds=0.3)
    rates = offer_rates(simulate(candidates=2000, applications=60, seed=0, effects=effects))
    assert rates["pushy"] < 0.8 * rates["polite"]


def test_no_effect_by_default() -> None:
    rates = offer_rates(simulate(candidates=2000, applications=60, seed=0))
    assert 0.8 < rates["pushy"] / rates["polite"] < 1.25


def test_ghost_boost_means_more_silence() -> None:
    def never_answered(sim: Simulation) -> float:
        log = sim.log.dropna(subset=["application_id"])
        employer = log["event"].isin(["response", "offer", "rejection"])
        answered = set(log.loc[employer, "application_id"])
        beh = sim.candidates.set_index("candidate")["behaviour"]
        apps = log.drop_duplicates("application_id")
        pushy = apps[apps["candidate"].map(beh) == "pushy"]
        return float(np.mean([a not in answered for a in pushy["application_id"]]))

    base = simulate(candidates=600, applications=40, seed=1)
    boosted = simulate(
        candidates=600, applications=40, seed=1, effects=SimulationEffects(pushy_ghost_boost=0.5)
    )
    assert never_answered(boosted) > never_answered(base) + 0.05


def test_effects_are_validated() -> None:
    with pytest.raises(ValueError):
        SimulationEffects(pushy_offer_odds=0)
    with pytest.raises(ValueError):
        SimulationEffects(pushy_ghost_boost=1.5)


# -- command line ---------------------------------------------------------------------------


def test_main_writes_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sim.csv"
    assert main(["--candidates", "2", "--applications", "5", "--seed", "4", "--out", str(out)]) == 0
    expected = simulate(candidates=2, applications=5, seed=4)
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert (back.to_numpy() == expected.log.fillna("").to_numpy()).all()
    assert "planted" in capsys.readouterr().err


def test_main_to_stdout_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--candidates", "1", "--applications", "2"]) == 0
    assert capsys.readouterr().out.startswith("date,candidate,application_id,")
    assert main(["--candidates", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_add_arguments_and_run(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--candidates", "3", "--out", str(tmp_path / "x.csv")])
    assert args.applications == 60 and args.seed == 0
    assert run(args) == 0
    assert (tmp_path / "x.csv").exists()


def test_write_samples_option(tmp_path: Path) -> None:
    assert main(["--write-samples", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SAMPLES)


def test_a_call_names_its_arguments_as_python_does() -> None:
    """The command line says ``--candidates 0``; a call of simulate() says its argument."""
    with pytest.raises(ValueError, match=r"^candidates 0: give a whole number from 1$"):
        simulate(candidates=0)
    with pytest.raises(ValueError, match=r"^seed -1: give a whole number from 0$"):
        simulate(seed=-1)
