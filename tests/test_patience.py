"""Patience statistics: landmark rounds, arms, outcomes, and the tests behind the table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.contingency_tables import StratifiedTable

from followup_stats.checker import check
from followup_stats.config import Config
from followup_stats.errors import UnknownColumn
from followup_stats.simulate import SimulationEffects, simulate
from followup_stats.stats.patience import (
    COMPARISONS,
    PATIENCE_COLUMNS,
    patience,
    patience_follow_ups,
    patience_rounds,
)
from followup_stats.stats.times import waiting_times

COLUMNS = ("date", "candidate", "company", "role", "event", "contact_ok_after_days")


def raw_log(rows: Sequence[tuple[str, ...]]) -> pd.DataFrame:
    """A log as the loader sees a CSV: every cell a string, blank for not recorded."""
    return pd.DataFrame(
        [dict(zip(COLUMNS, row + ("",) * (len(COLUMNS) - len(row)), strict=True)) for row in rows]
    )


# One candidate, judged on 2026-12-31; wait = contact_ok_after_days or 7 days.
AS_OF = "2026-12-31"
ANA = raw_log(
    [
        # Acme round 1: polite follow-up on the first allowed day, then a next interview.
        ("2026-09-01", "Ana", "Acme", "Analyst", "applied"),
        ("2026-09-10", "Ana", "Acme", "Analyst", "interview", "7"),
        ("2026-09-10", "Ana", "Acme", "Analyst", "thank_you"),
        ("2026-09-17", "Ana", "Acme", "Analyst", "follow_up"),
        ("2026-09-20", "Ana", "Acme", "Analyst", "response"),
        # Acme round 2: no follow-up, offer.
        ("2026-09-24", "Ana", "Acme", "Analyst", "interview"),
        ("2026-09-24", "Ana", "Acme", "Analyst", "thank_you"),
        ("2026-10-10", "Ana", "Acme", "Analyst", "offer"),
        # Beta: a follow-up two days after the interview (FU005): pushy, then rejected.
        ("2026-09-01", "Ana", "Beta", "Analyst", "applied"),
        ("2026-09-05", "Ana", "Beta", "Analyst", "interview"),
        ("2026-09-05", "Ana", "Beta", "Analyst", "thank_you"),
        ("2026-09-07", "Ana", "Beta", "Analyst", "follow_up"),
        ("2026-09-20", "Ana", "Beta", "Analyst", "rejection"),
        # Gamma: rejected before the first allowed day: not a landmark round.
        ("2026-09-01", "Ana", "Gamma", "Analyst", "applied"),
        ("2026-09-02", "Ana", "Gamma", "Analyst", "interview"),
        ("2026-09-02", "Ana", "Gamma", "Analyst", "thank_you"),
        ("2026-09-04", "Ana", "Gamma", "Analyst", "rejection"),
        # Delta: unanswered at the landmark but still open on the as-of date.
        ("2026-12-20", "Ana", "Delta", "Analyst", "interview"),
        ("2026-12-20", "Ana", "Delta", "Analyst", "thank_you"),
        ("2026-12-28", "Ana", "Delta", "Analyst", "follow_up"),
        # Eps: follow-up and a final note, never answered: ghosted.
        ("2026-10-01", "Ana", "Eps", "Analyst", "interview"),
        ("2026-10-01", "Ana", "Eps", "Analyst", "thank_you"),
        ("2026-10-03", "Ana", "", "", "networking"),
        ("2026-10-08", "Ana", "Eps", "Analyst", "follow_up"),
        ("2026-10-11", "Ana", "Eps", "Analyst", "follow_up"),
        # Zeta: the employer answered before the first allowed day: not a landmark round.
        ("2026-10-01", "Ana", "Zeta", "Analyst", "interview"),
        ("2026-10-01", "Ana", "Zeta", "Analyst", "thank_you"),
        ("2026-10-03", "Ana", "Zeta", "Analyst", "response"),
        ("2026-10-20", "Ana", "Zeta", "Analyst", "rejection"),
        # Eta: the first allowed day comes after the as-of date.
        ("2026-12-28", "Ana", "Eta", "Analyst", "interview"),
        # Theta: no thank-you, a late follow-up, then the candidate withdrew.
        ("2026-11-01", "Ana", "Theta", "Analyst", "interview"),
        ("2026-11-17", "Ana", "Theta", "Analyst", "follow_up"),
        ("2026-11-20", "Ana", "Theta", "Analyst", "withdrew"),
    ]
)


def row(table: pd.DataFrame, comparison: str, arm: str) -> pd.Series:
    found = table[(table["comparison"] == comparison) & (table["arm"] == arm)]
    assert len(found) == 1, (comparison, arm)
    return found.iloc[0]


def k_n(table: pd.DataFrame, comparison: str, arm: str) -> tuple[int, int]:
    found = row(table, comparison, arm)
    return int(found["k"]), int(found["n"])


def test_landmark_rounds_have_behaviour_and_outcome() -> None:
    rounds = patience_rounds(ANA, as_of=AS_OF)
    got = set(
        zip(rounds["company"], rounds["round"], rounds["behaviour"], rounds["outcome"], strict=True)
    )
    assert got == {
        ("Acme", 1, "polite", "advanced"),
        ("Acme", 2, "none", "offer"),
        ("Beta", 1, "pushy", "rejection"),
        ("Delta", 1, "polite", "open"),
        ("Eps", 1, "polite", "ghosted"),
        ("Theta", 1, "polite", "withdrew"),
    }
    eps = rounds[rounds["company"] == "Eps"].iloc[0]
    assert eps["landmark_day"] == pd.Timestamp("2026-10-08")
    # Ghosted ghost_after_days (30) after the round began, since the employer never spoke.
    assert eps["outcome_day"] == pd.Timestamp("2026-10-31")
    assert eps["activity"] == 1  # the networking row of 3 October


def test_answered_before_landmark_and_too_recent_rounds_are_left_out() -> None:
    every = patience_rounds(ANA, as_of=AS_OF, landmark_only=False)
    left_out = set(every.loc[~every["landmark"], "company"])
    assert left_out == {"Gamma", "Zeta", "Eta"}


def test_arm_counts_exclude_open_rounds() -> None:
    table = patience(ANA, as_of=AS_OF)
    assert tuple(table.columns) == PATIENCE_COLUMNS
    assert set(table["group"]) == {"all"}
    # Delta (polite, open) is not counted anywhere.
    assert k_n(table, "progressed_by_behaviour", "none") == (1, 1)
    assert k_n(table, "progressed_by_behaviour", "polite") == (1, 3)
    assert k_n(table, "progressed_by_behaviour", "pushy") == (0, 1)
    assert k_n(table, "ghosted_by_behaviour", "polite") == (1, 3)
    assert k_n(table, "withdrew_by_behaviour", "polite") == (1, 3)
    assert k_n(table, "offer_by_behaviour", "none") == (1, 1)
    # Activity before the landmark: only Eps had some.
    assert k_n(table, "ghosted_by_activity", "some_activity") == (1, 1)
    assert k_n(table, "ghosted_by_activity", "no_activity") == (0, 4)


def test_thank_you_comparison_uses_rounds_undecided_after_the_window() -> None:
    table = patience(ANA, as_of=AS_OF)
    # Gamma and Zeta count here (decided after the one-day window); open rounds do not.
    assert k_n(table, "progressed_by_thank_you", "thank_you") == (2, 6)
    assert k_n(table, "withdrew_by_thank_you", "no_thank_you") == (1, 1)


def test_follow_up_replies_by_timing_and_number() -> None:
    follow_ups = patience_follow_ups(ANA, as_of=AS_OF).set_index("company")
    assert follow_ups.loc["Beta", "timing"] == "early"
    assert follow_ups.loc["Theta", "timing"] == "late"
    assert not follow_ups.loc["Theta", "judged"]  # withdrew inside the reply window
    assert not follow_ups.loc["Delta", "judged"]  # too recent to say
    table = patience(ANA, as_of=AS_OF)
    assert k_n(table, "reply_by_timing", "early") == (1, 1)
    assert k_n(table, "reply_by_timing", "on_time") == (1, 3)
    assert k_n(table, "reply_by_timing", "late") == (0, 0)
    assert k_n(table, "reply_by_number", "1st") == (2, 3)
    assert k_n(table, "reply_by_number", "2nd") == (0, 1)


def test_follow_ups_after_the_application_ended_are_in_no_reply_arm() -> None:
    # Asking after a rejection (Acme) or after withdrawing (Beta) awaits no answer on the job:
    # the reply arms leave those out, as the follow_up_to_reply waiting time does.
    log = raw_log(
        [
            ("2026-01-01", "Ana", "Acme", "Analyst", "applied"),
            ("2026-01-10", "Ana", "Acme", "Analyst", "interview"),
            ("2026-01-10", "Ana", "Acme", "Analyst", "thank_you"),
            ("2026-01-20", "Ana", "Acme", "Analyst", "rejection"),
            ("2026-01-25", "Ana", "Acme", "Analyst", "follow_up"),
            ("2026-01-01", "Ana", "Beta", "Analyst", "applied"),
            ("2026-01-10", "Ana", "Beta", "Analyst", "follow_up"),
            ("2026-01-12", "Ana", "Beta", "Analyst", "withdrew"),
            ("2026-01-14", "Ana", "Beta", "Analyst", "follow_up"),
        ]
    )
    follow_ups = patience_follow_ups(log, as_of="2026-03-30")
    assert follow_ups[["company", "day"]].astype(str).values.tolist() == [["Beta", "2026-01-10"]]
    waits = waiting_times(log, as_of="2026-03-30")
    replies = waits[waits["measure"] == "follow_up_to_reply"]
    assert replies["line"].tolist() == follow_ups["line"].tolist()
    table = patience(log, as_of="2026-03-30")
    assert k_n(table, "reply_by_timing", "late") == (0, 0)
    assert k_n(table, "reply_by_number", "2nd") == (0, 0)


def test_pushy_comes_from_the_checker_whatever_is_selected() -> None:
    codes = check(ANA, as_of=AS_OF)
    beta_lines = set(codes.loc[codes["code"] == "FU005", "line"])
    assert beta_lines == {13}  # Beta's follow-up, the 12th data row
    ignoring = Config(ignore=("FU005",))
    rounds = patience_rounds(ANA, config=ignoring, as_of=AS_OF).set_index("company")
    assert rounds.loc["Beta", "behaviour"] == "pushy"


def test_a_third_follow_up_is_pushy() -> None:
    log = raw_log(
        [
            ("2026-03-01", "Ana", "Acme", "Analyst", "interview"),
            ("2026-03-01", "Ana", "Acme", "Analyst", "thank_you"),
            ("2026-03-08", "Ana", "Acme", "Analyst", "follow_up"),
            ("2026-03-12", "Ana", "Acme", "Analyst", "follow_up"),
            ("2026-03-16", "Ana", "Acme", "Analyst", "follow_up"),
            ("2026-03-30", "Ana", "Acme", "Analyst", "rejection"),
        ]
    )
    assert set(check(log, as_of="2026-05-01")["code"]) >= {"FU009"}
    rounds = patience_rounds(log, as_of="2026-05-01")
    assert rounds["behaviour"].tolist() == ["pushy"]
    assert rounds["pushy_follow_ups"].tolist() == [1]


@pytest.mark.parametrize(("as_of", "outcome"), [("2026-11-18", "open"), ("2026-11-19", "ghosted")])
def test_an_employer_reply_restarts_the_ghost_clock(as_of: str, outcome: str) -> None:
    log = raw_log(
        [
            ("2026-10-01", "Ana", "Acme", "Analyst", "interview"),
            ("2026-10-01", "Ana", "Acme", "Analyst", "thank_you"),
            ("2026-10-09", "Ana", "Acme", "Analyst", "follow_up"),
            ("2026-10-20", "Ana", "Acme", "Analyst", "response"),
            ("2026-11-10", "Ana", "Acme", "Analyst", "follow_up"),
        ]
    )
    # Silence runs from the response (20 Oct), not the later follow-up: ghosted on 19 Nov.
    rounds = patience_rounds(log, as_of=as_of)
    assert rounds["outcome"].tolist() == [outcome]
    assert rounds["behaviour"].tolist() == ["polite"]


def test_notes_say_small_and_never_say_cause() -> None:
    table = patience(ANA, as_of=AS_OF)
    small = row(table, "progressed_by_behaviour", "polite")
    assert "too few to conclude anything" in small["note"]
    difference = row(table, "progressed_by_behaviour", "polite_vs_none")
    assert "association only" in difference["note"]
    assert pd.isna(difference["k"]) and pd.isna(difference["n"])
    assert (
        not table["note"].str.contains(r"\bcaus|\beffect|\bbecause|\bleads? to", case=False).any()
    )


def test_every_comparison_and_arm_is_present() -> None:
    table = patience(ANA, as_of=AS_OF)
    expected = sum(len(c.arms) + len(c.pairs) for c in COMPARISONS)
    assert len(table) == expected
    assert table["arm"].notna().all()


# -- built logs for the tests against published and library values ------------------------


def rounds_log(
    arms: dict[tuple[str, str], tuple[int, int]], start: str = "2025-01-06"
) -> pd.DataFrame:
    """One application per round; ``(candidate, behaviour) -> (offers, rounds)``.

    Each round: interview, thank-you, then a polite follow-up on the first
    allowed day (7 days), a pushy one two days after the interview, or none;
    an offer or a rejection 20 days after the interview.
    """
    rows = []
    base = pd.Timestamp(start)
    number = 0
    follow_up_after = {"polite": [7], "pushy": [2], "none": []}
    for (candidate, behaviour), (offers, total) in arms.items():
        for i in range(total):
            day = base + pd.Timedelta(days=number % 200)
            company = f"Company {number}"
            number += 1
            plan = [(0, "interview"), (0, "thank_you")]
            plan += [(after, "follow_up") for after in follow_up_after[behaviour]]
            plan.append((20, "offer" if i < offers else "rejection"))
            for after, event in plan:
                date = (day + pd.Timedelta(days=after)).strftime("%Y-%m-%d")
                rows.append((date, candidate, company, "Analyst", event))
    return raw_log(rows)


LATE_AS_OF = "2026-06-30"


def test_newcombe_interval_matches_the_published_example() -> None:
    # Newcombe RG (1998) "Interval estimation for the difference between independent
    # proportions: comparison of eleven methods", Statistics in Medicine 17:873-890,
    # Table II, example (a): 56/70 - 48/80 = 0.2, method 10 (score, no continuity
    # correction): 95% CI 0.0524 to 0.3339.
    log = rounds_log({("Ana", "polite"): (56, 70), ("Ana", "none"): (48, 80)})
    table = patience(log, as_of=LATE_AS_OF)
    assert k_n(table, "offer_by_behaviour", "polite") == (56, 70)
    assert k_n(table, "offer_by_behaviour", "none") == (48, 80)
    difference = row(table, "offer_by_behaviour", "polite_vs_none")
    assert difference["rate"] == pytest.approx(0.2)
    assert difference["ci_low"] == pytest.approx(0.0524, abs=5e-5)
    assert difference["ci_high"] == pytest.approx(0.3339, abs=5e-5)


def test_fisher_p_value_for_one_candidate_equals_scipy() -> None:
    log = rounds_log({("Ana", "polite"): (5, 7), ("Ana", "none"): (1, 6), ("Ana", "pushy"): (0, 4)})
    table = patience(log, as_of=LATE_AS_OF)
    k_polite, n_polite = k_n(table, "offer_by_behaviour", "polite")
    k_none, n_none = k_n(table, "offer_by_behaviour", "none")
    assert (k_polite, n_polite, k_none, n_none) == (5, 7, 1, 6)
    expected = fisher_exact([[5, 2], [1, 5]]).pvalue
    difference = row(table, "offer_by_behaviour", "polite_vs_none")
    assert difference["p_value"] == pytest.approx(expected, rel=1e-12)
    assert "Fisher exact test" in difference["note"]
    pushy = row(table, "offer_by_behaviour", "pushy_vs_polite")
    assert pushy["p_value"] == pytest.approx(fisher_exact([[0, 4], [5, 2]]).pvalue, rel=1e-12)
    # The Wilson interval of an arm is statsmodels' on the same counts.
    polite = row(table, "offer_by_behaviour", "polite")
    assert polite["rate"] == pytest.approx(5 / 7)
    assert polite["ci_low"] < polite["rate"] < polite["ci_high"]


def test_cohort_uses_cochran_mantel_haenszel_by_candidate() -> None:
    arms = {
        ("Ana", "polite"): (3, 4),
        ("Ana", "none"): (1, 4),
        ("Ben", "polite"): (2, 3),
        ("Ben", "none"): (2, 5),
    }
    log = rounds_log(arms)
    table = patience(log, as_of=LATE_AS_OF)
    assert k_n(table, "offer_by_behaviour", "polite") == (5, 7)
    assert k_n(table, "offer_by_behaviour", "none") == (3, 9)
    tables = np.dstack([[[3, 1], [1, 3]], [[2, 1], [2, 3]]]).astype(float)
    expected = StratifiedTable(tables).test_null_odds().pvalue
    difference = row(table, "offer_by_behaviour", "polite_vs_none")
    assert difference["p_value"] == pytest.approx(expected, rel=1e-12)
    assert "Cochran-Mantel-Haenszel" in difference["note"]

    by_candidate = patience(log, as_of=LATE_AS_OF, by="candidate")
    assert set(by_candidate["group"]) == {"Ana", "Ben"}
    ana = by_candidate[by_candidate["group"] == "Ana"]
    ana_difference = row(ana, "offer_by_behaviour", "polite_vs_none")
    assert ana_difference["p_value"] == pytest.approx(fisher_exact([[3, 1], [1, 3]]).pvalue)


def test_an_empty_log_gives_empty_arms() -> None:
    log = raw_log([("2026-01-05", "Ana", "Acme", "Analyst", "applied")])
    table = patience(log, as_of="2026-03-01")
    assert (table["n"].fillna(0) == 0).all()
    assert table["p_value"].isna().all()
    assert patience_rounds(log, as_of="2026-03-01").empty


def test_unknown_group_column_is_an_error() -> None:
    with pytest.raises(UnknownColumn, match="not a column of the applications table"):
        patience(ANA, as_of=AS_OF, by="nope")


def test_a_planted_penalty_for_pushiness_is_found_and_none_is_invented() -> None:
    # The simulator can make employers favour polite candidates; with no such
    # effect the cohort test finds nothing, with a strong one it does.
    penalty = SimulationEffects(pushy_offer_odds=0.2, pushy_ghost_boost=0.3)
    found = {}
    for name, effects in (("none", SimulationEffects()), ("penalty", penalty)):
        sim = simulate(candidates=60, applications=100, seed=1, effects=effects)
        table = patience(sim.log, as_of=str(sim.as_of))
        found[name] = row(table, "progressed_by_behaviour", "pushy_vs_polite")
    assert found["none"]["p_value"] > 0.05
    assert found["penalty"]["p_value"] < 0.01
    assert found["penalty"]["ci_high"] < 0


@pytest.mark.parametrize("by", ["source", "status", "company"])
def test_group_of_rows_by_text_agrees_with_the_category_codes(by: str) -> None:
    # Rows cut from the judged events are placed by their category codes; rows that do not
    # share those categories (here, the same rows as plain text) fall back to comparing the
    # candidate and application id. Both must give every row the same group.
    from pathlib import Path

    from followup_stats.checker import application_events_of
    from followup_stats.load import load_log
    from followup_stats.stats.patience import _group_of

    sample = Path(__file__).resolve().parents[1] / "data" / "sample_log.csv"
    loaded = load_log(sample, as_of="2026-10-30")
    rows = application_events_of(loaded)[["candidate", "application_id"]]
    assert isinstance(rows["candidate"].dtype, pd.CategoricalDtype)
    as_text = rows.astype("string")
    by_codes = _group_of(loaded, rows, by)
    by_text = _group_of(loaded, as_text, by)
    pd.testing.assert_series_equal(by_codes, by_text)
    assert by_codes.nunique() > 1 and by_codes.notna().all()


@pytest.mark.parametrize(
    "settings",
    [{}, {"max_follow_ups": 1, "final_note_gap_days": 6, "timeline_grace_days": 0}],
    ids=["defaults", "stricter"],
)
def test_pushy_tests_pick_the_rows_the_rules_flag(settings: dict[str, int]) -> None:
    # Patience asks the rules' own tests which follow-ups are pushy, without the messages:
    # for each code they must pick the very rows ``check`` flags with it.
    from pathlib import Path

    from followup_stats.checker import rule_context
    from followup_stats.load import load_log
    from followup_stats.rules.engine import run_rules
    from followup_stats.rules.timing import flagged_follow_ups
    from followup_stats.stats.patience import PUSHY_CODES

    sample = Path(__file__).resolve().parents[1] / "data" / "sample_cohort.csv"
    config = Config().replace(**settings)
    loaded = load_log(sample, config=config, as_of="2026-10-30")
    context = rule_context(loaded)
    follow_ups = context.follow_ups
    for code in PUSHY_CODES:
        found = run_rules(loaded.events, loaded.as_of, config.selecting([code]), context=context)
        picked = follow_ups[flagged_follow_ups(follow_ups, config, [code])]
        assert len(found), code  # the cohort breaks every rule
        expected = sorted(zip(found["file"], found["line"], strict=True))
        assert sorted(zip(picked["file"].astype(str), picked["line"], strict=True)) == expected
    every = flagged_follow_ups(follow_ups, config, PUSHY_CODES)
    found = run_rules(loaded.events, loaded.as_of, config.selecting(PUSHY_CODES), context=context)
    assert every.sum() == len(found[["file", "line"]].drop_duplicates())
