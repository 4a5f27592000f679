"""Statistics checked value by value against independent computations.

Each test builds a small log of raw strings, runs it through the public
functions (so the loader, the applications table and the rounds are part of
what is checked), and compares the numbers with counts worked out by hand in
the comments and with what statsmodels, scipy or a formula written out here
with numpy give on those counts -- never with another call into the library.

The contract is DESIGN.md: section 4 (95% Wilson intervals for rates and
patience arms, Kaplan-Meier from scipy ``ecdf`` or statsmodels, funnel
conversion between steps, cumulative incidence with competing risks) and
section 3 (the etiquette score).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight
from statsmodels.stats.proportion import proportion_confint

from followup_stats import check, etiquette_score, stats
from followup_stats.stats.patience import patience

#: DESIGN.md section 4: every interval is a 95% one.
ALPHA = 0.05
Z95 = float(sps.norm.ppf(1 - ALPHA / 2))


def log_frame(rows: Sequence[dict[str, str]]) -> pd.DataFrame:
    """A raw log as the loader sees a CSV: every cell a string, blank for not recorded."""
    return pd.DataFrame(list(rows)).fillna("").astype(str)


def records(frame: pd.DataFrame, *keys: str) -> dict[Hashable, dict[Hashable, Any]]:
    """Rows of ``frame`` by the value (or tuple of values) of ``keys``."""
    found = frame.set_index(list(keys)).to_dict("index")
    assert len(found) == len(frame), keys
    return found


def column(rows: dict[Hashable, dict[Hashable, Any]], keys: Iterable[Any], name: str) -> np.ndarray:
    """One column of :func:`records` rows at ``keys``, as floats."""
    return np.array([rows[key][name] for key in keys], dtype="float64")


def day(base: str, offset: int) -> str:
    return (pd.Timestamp(base) + pd.Timedelta(days=offset)).date().isoformat()


def wilson(k: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(k, n, alpha=ALPHA, method="wilson")
    return float(low), float(high)


# -- 1. patience arms: Wilson intervals --------------------------------------------------------

PATIENCE_AS_OF = "2025-06-30"
#: behaviour -> (offers, rounds); the other rounds end in a rejection.
PATIENCE_ARMS: dict[str, tuple[int, int]] = {"polite": (3, 5), "none": (1, 4), "pushy": (0, 3)}


def patience_log() -> pd.DataFrame:
    """One candidate, one application (opened by its interview) per round.

    Every round: interview and thank-you on day 0; a polite follow-up on day 7
    (the first allowed day, default_wait_days = 7), a pushy one on day 2
    (FU005), or none; the decision on day 20. So every round is undecided and
    unanswered on its landmark day (day 7) and every round is decided by the
    as-of date: no open rounds, no advanced ones.
    """
    follow_up_after = {"polite": [7], "pushy": [2], "none": []}
    rows: list[dict[str, str]] = []
    number = 0
    for behaviour, (offers, total) in PATIENCE_ARMS.items():
        for i in range(total):
            start = day("2025-01-06", 3 * number)
            company = f"{behaviour.title()} {i}"
            number += 1
            plan = [(0, "interview"), (0, "thank_you")]
            plan += [(after, "follow_up") for after in follow_up_after[behaviour]]
            plan.append((20, "offer" if i < offers else "rejection"))
            rows += [
                {"date": day(start, after), "candidate": "Ana", "company": company, "event": event}
                for after, event in plan
            ]
    return log_frame(rows)


def patience_row(table: pd.DataFrame, comparison: str, arm: str) -> pd.Series:
    found = table[(table["comparison"] == comparison) & (table["arm"] == arm)]
    assert len(found) == 1, (comparison, arm)
    return found.iloc[0]


@pytest.mark.parametrize(
    ("comparison", "arm", "k", "n"),
    [
        # Hand counts from PATIENCE_ARMS: offers among decided rounds of each arm.
        ("offer_by_behaviour", "polite", 3, 5),
        ("offer_by_behaviour", "none", 1, 4),
        ("offer_by_behaviour", "pushy", 0, 3),  # k = 0: Wilson's upper limit is above 0
        # Rejections are the rest; pushy is 3 of 3 (Wilson's lower limit is below 1).
        ("rejection_by_behaviour", "polite", 2, 5),
        ("rejection_by_behaviour", "none", 3, 4),
        ("rejection_by_behaviour", "pushy", 3, 3),
        # No next interviews: progressed = offer.
        ("progressed_by_behaviour", "polite", 3, 5),
        # Every round had a thank-you on the interview day: 4 offers of 12 rounds.
        ("offer_by_thank_you", "thank_you", 4, 12),
    ],
)
def test_patience_arm_interval_is_wilson(comparison: str, arm: str, k: int, n: int) -> None:
    table = patience(patience_log(), as_of=PATIENCE_AS_OF)
    found = patience_row(table, comparison, arm)
    assert (int(found["k"]), int(found["n"])) == (k, n)
    low, high = wilson(k, n)
    assert found["rate"] == pytest.approx(k / n, rel=1e-12)
    assert found["ci_low"] == pytest.approx(low, rel=1e-9, abs=1e-12)
    assert found["ci_high"] == pytest.approx(high, rel=1e-9, abs=1e-12)


def test_every_patience_arm_interval_is_wilson_on_its_counts() -> None:
    table = patience(patience_log(), as_of=PATIENCE_AS_OF)
    arms = table[table["k"].notna()]
    assert len(arms) > 0
    for _, found in arms.iterrows():
        k, n = int(found["k"]), int(found["n"])
        if n == 0:
            # No rounds in the arm (here: no_thank_you): no rate, no interval.
            assert pd.isna(found["rate"]) and pd.isna(found["ci_low"]) and pd.isna(found["ci_high"])
            continue
        low, high = wilson(k, n)
        where = (found["comparison"], found["arm"])
        assert found["ci_low"] == pytest.approx(low, rel=1e-9, abs=1e-12), where
        assert found["ci_high"] == pytest.approx(high, rel=1e-9, abs=1e-12), where


# -- 2. Kaplan-Meier curve and its pointwise interval ----------------------------------------

TIMES_AS_OF = "2026-06-30"
#: Days to the first response of answered applications, and days waited so far by
#: unanswered ones (opened that many days before the as-of date: censored).
ANSWERED = (2, 3, 3, 6, 9, 9, 14)
UNANSWERED = (3, 5, 9, 11, 20)
# Kaplan-Meier by hand (at risk, answers that day):
#   day 2: 12 at risk, 1 answer          S = 11/12
#   day 3: 11 at risk, 2 answers (+1 c)  S = 11/12 * 9/11 = 3/4
#   day 5: censored only                 S = 3/4
#   day 6:  7 at risk, 1 answer          S = 3/4 * 6/7 = 9/14
#   day 9:  6 at risk, 2 answers (+1 c)  S = 9/14 * 4/6 = 3/7
#   day 11: censored only                S = 3/7
#   day 14: 2 at risk, 1 answer          S = 3/7 * 1/2 = 3/14
#   day 20: censored only                S = 3/14
HAND_SURVIVAL = {
    2.0: 11 / 12,
    3.0: 3 / 4,
    5.0: 3 / 4,
    6.0: 9 / 14,
    9.0: 3 / 7,
    11.0: 3 / 7,
    14.0: 3 / 14,
    20.0: 3 / 14,
}


def times_log() -> pd.DataFrame:
    rows: list[dict[str, str]] = []
    for i, wait in enumerate(ANSWERED):
        rows.append({"date": "2026-01-05", "company": f"A{i}", "event": "applied"})
        rows.append({"date": day("2026-01-05", wait), "company": f"A{i}", "event": "response"})
    for i, wait in enumerate(UNANSWERED):
        rows.append({"date": day(TIMES_AS_OF, -wait), "company": f"C{i}", "event": "applied"})
    return log_frame(rows)


def response_curve() -> dict[Hashable, dict[Hashable, Any]]:
    """The to_first_response curve of :func:`times_log`, rows by day."""
    curves = stats.survival_curves(times_log(), as_of=TIMES_AS_OF)
    curve = curves[curves["measure"] == "to_first_response"]
    assert curve["day"].tolist() == [0.0, *HAND_SURVIVAL]
    return records(curve, "day")


def test_survival_curve_matches_hand_kaplan_meier() -> None:
    curve = response_curve()
    assert curve[0.0]["survival"] == 1
    for t, expected in HAND_SURVIVAL.items():
        assert curve[t]["survival"] == pytest.approx(expected, rel=1e-12), t
    counted = ("at_risk", "events", "censored")
    assert [curve[3.0][name] for name in counted] == [11, 2, 1]
    assert [curve[9.0][name] for name in counted] == [6, 2, 1]


def test_survival_interval_equals_scipy_ecdf_log_log() -> None:
    # The library documents its pointwise interval as exponential Greenwood
    # (log-log); DESIGN.md asks for scipy ecdf or statsmodels SurvfuncRight.
    curve = response_curve()
    days = np.array(ANSWERED + UNANSWERED, dtype="float64")
    censored = np.r_[np.zeros(len(ANSWERED), bool), np.ones(len(UNANSWERED), bool)]
    sf = sps.ecdf(sps.CensoredData.right_censored(days, censored)).sf
    interval = sf.confidence_interval(1 - ALPHA, method="log-log")
    grid = np.array(list(HAND_SURVIVAL), dtype="float64")
    np.testing.assert_allclose(column(curve, grid, "survival"), sf.evaluate(grid), rtol=1e-12)
    np.testing.assert_allclose(
        column(curve, grid, "ci_low"), interval.low.evaluate(grid), rtol=1e-10
    )
    np.testing.assert_allclose(
        column(curve, grid, "ci_high"), interval.high.evaluate(grid), rtol=1e-10
    )


def test_survival_interval_equals_log_log_greenwood_from_statsmodels() -> None:
    # Second reference: statsmodels' Greenwood standard error, transformed by
    # hand: g = log(-log S), se(g) = se(S) / (S |log S|), S in exp(-exp(g +- z se(g))).
    curve = response_curve()
    days = np.array(ANSWERED + UNANSWERED, dtype="float64")
    events = np.r_[np.ones(len(ANSWERED)), np.zeros(len(UNANSWERED))]
    fit = SurvfuncRight(days, events)
    assert fit.surv_times.tolist() == [2.0, 3.0, 6.0, 9.0, 14.0]  # the event times
    s, se = fit.surv_prob, fit.surv_prob_se
    g = np.log(-np.log(s))
    spread = Z95 * se / (s * np.abs(np.log(s)))
    low, high = np.exp(-np.exp(g + spread)), np.exp(-np.exp(g - spread))
    times = fit.surv_times.tolist()
    np.testing.assert_allclose(column(curve, times, "survival"), s, rtol=1e-12)
    np.testing.assert_allclose(column(curve, times, "ci_low"), low, rtol=1e-10)
    np.testing.assert_allclose(column(curve, times, "ci_high"), high, rtol=1e-10)


# -- 3. funnel: share of the previous step at every step -------------------------------------


def test_funnel_share_of_previous_at_every_step() -> None:
    def app(company: str, *events: str) -> list[dict[str, str]]:
        return [
            {"date": day("2026-01-05", 5 * i), "company": company, "event": event}
            for i, event in enumerate(("applied", *events))
        ]

    rows = [
        *app("P"),  # applied only
        *app("Q"),
        *app("R", "response"),  # answered, no interview
        *app("S", "response"),
        *app("T", "rejection"),
        *app("U", "interview"),  # interviewed, no offer
        *app("V", "interview", "offer", "declined"),  # offer, not accepted
        *app("W", "response", "interview", "offer", "accepted"),
    ]
    table = stats.funnel(log_frame(rows), as_of="2026-03-31")
    assert table["step"].tolist() == list(stats.STEPS)
    # Hand counts: applied 8; answered R S T U V W = 6; interviewed U V W = 3;
    # offer V W = 2; accepted W = 1.
    assert table["count"].tolist() == [8, 6, 3, 2, 1]
    share = table["share_of_previous"]
    assert pd.isna(share.iloc[0])
    # Of the previous step, not of applied (6/8, 3/8, 2/8, 1/8).
    expected = [6 / 8, 3 / 6, 2 / 3, 1 / 2]
    np.testing.assert_allclose(share.iloc[1:].to_numpy(float), expected, rtol=1e-12)


# -- 4. offer_after_interview: its own denominator -------------------------------------------


def test_offer_after_interview_counts_ended_interviewed_applications() -> None:
    def app(company: str, *dated: tuple[str, str]) -> list[dict[str, str]]:
        return [{"date": date, "company": company, "event": event} for date, event in dated]

    rows = [
        # A: interview, offer.                    ended, interviewed, offer
        *app("A", ("2026-03-01", "applied"), ("2026-03-10", "interview"), ("2026-03-25", "offer")),
        # B: interview, rejection.                ended, interviewed
        *app("B", ("2026-03-01", "applied"), ("2026-03-10", "interview"),
             ("2026-03-25", "rejection")),
        # C: two interviews, offer.               ended, interviewed, offer
        *app("C", ("2026-03-01", "applied"), ("2026-03-12", "interview"),
             ("2026-04-02", "interview"), ("2026-04-20", "offer")),
        # D: interview 15 days before the as-of date, no news: open (pending)
        *app("D", ("2026-06-01", "applied"), ("2026-06-15", "interview")),
        # E: interview on 1 April, then only a follow-up (which does not reset
        #    the ghost clock): 90 days of silence, ghosted. ended, interviewed
        *app("E", ("2026-03-01", "applied"), ("2026-04-01", "interview"),
             ("2026-06-20", "follow_up")),
        # F: rejected without an interview.      ended
        *app("F", ("2026-03-01", "applied"), ("2026-03-20", "rejection")),
        # G: never answered, 121 days old: ghosted. ended
        *app("G", ("2026-03-01", "applied")),
        # H: withdrew.                            ended
        *app("H", ("2026-03-01", "applied"), ("2026-03-05", "withdrew")),
        # I: an offer without an interview.       ended, offer
        *app("I", ("2026-03-01", "applied"), ("2026-03-03", "response"), ("2026-03-15", "offer")),
        # J: applied 10 days ago: open (pending)
        *app("J", ("2026-06-20", "applied")),
    ]  # fmt: skip
    rates = records(stats.outcome_rates(log_frame(rows), as_of="2026-06-30"), "metric")

    def k_n_pending(metric: str) -> tuple[int, int, int]:
        found = rates[metric]
        return int(found["k"]), int(found["n"]), int(found["pending"])

    # Ended: A B C E F G H I = 8; open: D J. Offers among them: A C I = 3.
    assert k_n_pending("offer") == (3, 8, 2)
    # Ended and interviewed: A B C E = 4 (not 8); offers among them: A C = 2 (not 3);
    # interviewed and open: D = 1.
    assert k_n_pending("offer_after_interview") == (2, 4, 1)
    found = rates["offer_after_interview"]
    low, high = wilson(2, 4)
    assert found["rate"] == pytest.approx(0.5)
    assert found["ci_low"] == pytest.approx(low, rel=1e-9)
    assert found["ci_high"] == pytest.approx(high, rel=1e-9)


# -- 5. cumulative incidence: the interval -----------------------------------------------------


def log_log_interval(f: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95% interval of a probability through g = log(-log F) (delta method), by hand.

    se(g) = se(F) / (F |log F|); g is decreasing in F, so F's lower limit is
    exp(-exp(g + z se(g))) and its upper limit exp(-exp(g - z se(g))).
    """
    g = np.log(-np.log(f))
    spread = Z95 * se / (f * np.abs(np.log(f)))
    return np.exp(-np.exp(g + spread)), np.exp(-np.exp(g - spread))


def test_cumulative_incidence_interval_without_censoring_by_hand() -> None:
    # Eight applications opened on 1 March; no censoring before day 20, so the
    # Aalen-Johansen estimate is the plain share and its standard error the
    # binomial one: F = k/8, se = sqrt(F (1 - F) / 8).
    endings = [
        ("R1", 5, "rejection"),
        ("W1", 8, "withdrew"),
        ("O1", 10, "offer"),
        ("R2", 12, "rejection"),
        ("O2", 14, "offer"),
        ("O3", 16, "offer"),
    ]
    rows = [{"date": "2026-03-01", "company": c, "event": "applied"} for c in ("C1", "C2")]
    for company, after, event in endings:
        rows.append({"date": "2026-03-01", "company": company, "event": "applied"})
        rows.append({"date": day("2026-03-01", after), "company": company, "event": event})
    table = stats.cumulative_incidence(log_frame(rows), as_of="2026-03-21")
    at = records(table, "outcome", "day")
    # By day 14: offers O1, O2 = 2 of 8; by day 16: 3 of 8; rejections by day 12: 2 of 8.
    for outcome, t, k in [("offer", 14.0, 2), ("offer", 16.0, 3), ("rejection", 12.0, 2)]:
        f = k / 8
        se = np.sqrt(f * (1 - f) / 8)
        low, high = log_log_interval(np.array([f]), np.array([se]))
        found = at[(outcome, t)]
        assert found["incidence"] == pytest.approx(f, rel=1e-12)
        assert found["ci_low"] == pytest.approx(low[0], rel=1e-9), (outcome, t)
        assert found["ci_high"] == pytest.approx(high[0], rel=1e-9), (outcome, t)
    # Worked through for 2 of 8 offers: F = 0.25, se = sqrt(0.25 * 0.75 / 8) = 0.153093,
    # log(-log F) = 0.326634, spread = 1.959964 * 0.153093 / (0.25 * 1.386294) = 0.865781:
    # interval exp(-exp(1.192416)) to exp(-exp(-0.539147)) = 0.037067 to 0.558084.
    assert at[("offer", 14.0)]["ci_low"] == pytest.approx(0.037067, abs=5e-7)
    assert at[("offer", 14.0)]["ci_high"] == pytest.approx(0.558084, abs=5e-7)


def test_cumulative_incidence_interval_with_censoring_matches_statsmodels() -> None:
    # Days from opening to the first ending (cause 1 offer, 2 rejection,
    # 3 withdrew), 0 = censored at the as-of date (opened that many days before).
    ended = [(5, 2), (8, 3), (10, 1), (12, 1), (12, 2), (15, 1)]
    open_for = [3, 9, 20]
    rows: list[dict[str, str]] = []
    words = {1: "offer", 2: "rejection", 3: "withdrew"}
    as_of = "2026-03-21"
    for i, (after, cause) in enumerate(ended):
        rows.append({"date": "2026-03-01", "company": f"E{i}", "event": "applied"})
        rows.append({"date": day("2026-03-01", after), "company": f"E{i}", "event": words[cause]})
    for i, waited in enumerate(open_for):
        rows.append({"date": day(as_of, -waited), "company": f"C{i}", "event": "applied"})
    table = stats.cumulative_incidence(log_frame(rows), as_of=as_of)
    at = records(table, "outcome", "day")

    days = np.array([d for d, _ in ended] + open_for, dtype="float64")
    causes = np.array([c for _, c in ended] + [0] * len(open_for))
    fit = CumIncidenceRight(days, causes)
    for cause, outcome in words.items():
        f, se = fit.cinc[cause - 1], fit.cinc_se[cause - 1]
        inside = (f > 0) & (f < 1)
        assert inside.any()
        low, high = log_log_interval(f[inside], se[inside])
        keys = [(outcome, t) for t in fit.times[inside].tolist()]
        np.testing.assert_allclose(column(at, keys, "incidence"), f[inside], rtol=1e-12)
        np.testing.assert_allclose(column(at, keys, "ci_low"), low, rtol=1e-9)
        np.testing.assert_allclose(column(at, keys, "ci_high"), high, rtol=1e-9)
    # A hand check of the estimate under censoring: censored at day 3 leaves 8
    # at risk; rejection at day 5 gives 1/8 = 0.125.
    assert at[("rejection", 5.0)]["incidence"] == pytest.approx(1 / 8)


# -- 6. etiquette score ------------------------------------------------------------------------


def test_etiquette_score_counts_clean_interview_rounds() -> None:
    def rows_of(candidate: str, company: str, *dated: tuple[str, str]) -> list[dict[str, str]]:
        return [
            {"date": date, "candidate": candidate, "company": company, "event": event}
            for date, event in dated
        ]

    rows = [
        # Ana / Acme: two clean interview rounds (thank-you the same day, a
        # follow-up on the first allowed day 10 + 7 = 17 March, then an offer).
        *rows_of("Ana", "Acme", ("2026-03-01", "applied"), ("2026-03-10", "interview"),
                 ("2026-03-10", "thank_you"), ("2026-03-17", "follow_up"),
                 ("2026-03-20", "response"), ("2026-03-25", "interview"),
                 ("2026-03-25", "thank_you"), ("2026-04-05", "offer")),
        # Ana / Beta: follow-up two days after the interview: FU005 (error).
        *rows_of("Ana", "Beta", ("2026-03-01", "applied"), ("2026-03-05", "interview"),
                 ("2026-03-05", "thank_you"), ("2026-03-07", "follow_up"),
                 ("2026-03-20", "rejection")),
        # Ana / Gamma: no thank-you, no decision within a day: FU001 (error).
        *rows_of("Ana", "Gamma", ("2026-03-01", "applied"), ("2026-03-05", "interview"),
                 ("2026-04-01", "rejection")),
        # Ana / Delta: an early follow-up in round 0 (FU005, error, but round 0
        # is not an interview round) and a late thank-you in round 1 (FU002, a
        # warning only): the interview round is clean.
        *rows_of("Ana", "Delta", ("2026-03-01", "applied"), ("2026-03-03", "follow_up"),
                 ("2026-03-20", "interview"), ("2026-03-22", "thank_you"),
                 ("2026-04-10", "rejection")),
        # Ana / Eps: an interview after the as-of date is not judged (DQ008).
        *rows_of("Ana", "Eps", ("2026-06-01", "applied"), ("2026-07-10", "interview")),
        # Ben / Zeta: final note one day after the first follow-up: FU007 (error).
        *rows_of("Ben", "Zeta", ("2026-05-01", "interview"), ("2026-05-01", "thank_you"),
                 ("2026-05-08", "follow_up"), ("2026-05-09", "follow_up")),
        # Ben / Eta: thank-you, then waiting: clean.
        *rows_of("Ben", "Eta", ("2026-05-01", "interview"), ("2026-05-01", "thank_you")),
    ]  # fmt: skip
    log = log_frame(rows)
    as_of = "2026-06-30"

    # The findings the hand counts rely on (error codes by company).
    found = check(log, as_of=as_of)
    errors = found[found["severity"] == "error"]
    assert sorted(zip(errors["company"], errors["code"], strict=True)) == [
        ("Beta", "FU005"),
        ("Delta", "FU005"),
        ("Gamma", "FU001"),
        ("Zeta", "FU007"),
    ]
    assert ("Delta", "FU002", "warning") in set(
        zip(found["company"], found["code"], found["severity"], strict=True)
    )

    table = etiquette_score(log, as_of=as_of)
    score = records(table, "candidate")
    # Ana: interview rounds Acme 1, Acme 2, Beta 1, Gamma 1, Delta 1 = 5 (Eps is
    # after the as-of date); clean: Acme 1, Acme 2, Delta 1 = 3; score 3/5.
    # Ben: Zeta 1, Eta 1 = 2; clean: Eta 1; score 1/2.
    assert sorted(table["candidate"]) == ["Ana", "Ben"]
    assert (score["Ana"]["rounds"], score["Ana"]["clean_rounds"]) == (5, 3)
    assert score["Ana"]["score"] == pytest.approx(3 / 5)
    assert (score["Ben"]["rounds"], score["Ben"]["clean_rounds"]) == (2, 1)
    assert score["Ben"]["score"] == pytest.approx(1 / 2)


def test_etiquette_score_lists_a_candidate_with_no_interview_yet() -> None:
    """Cleo has applied only: listed with no rounds and no score, never dropped."""
    log = log_frame(
        [
            {"date": "2026-10-01", "candidate": "Ben", "company": "Acme", "event": "applied"},
            {"date": "2026-10-05", "candidate": "Ben", "company": "Acme", "event": "interview"},
            {"date": "2026-10-01", "candidate": "Cleo", "company": "Beta", "event": "applied"},
        ]
    )
    table = etiquette_score(log, as_of="2026-10-30")
    assert table["candidate"].tolist() == ["Ben", "Cleo"]
    assert table["rounds"].tolist() == [1, 0] and table["clean_rounds"].tolist() == [0, 0]
    assert table["score"].tolist()[0] == 0 and table["score"].isna().tolist() == [False, True]
    assert str(table["candidate"].dtype) == "string"
