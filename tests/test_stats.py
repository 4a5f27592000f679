"""Statistics: rates, waiting times, funnel, checked against published values.

Logs are built here as small DataFrames of raw strings and passed through the
public functions, so every number below goes through the loader, the
applications table and the estimators, not only through the libraries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from followup_stats import stats
from followup_stats.load import load_log

AS_OF = "2026-06-30"
START = pd.Timestamp("2026-01-05")

# Freireich et al. (1963) 6-MP leukaemia remission data, as tabulated in
# Kleinbaum & Klein, "Survival Analysis: A Self-Learning Text" (ch. 2) and
# Collett, "Modelling Survival Data in Medical Research": weeks in remission.
SIX_MP_EVENTS = (6, 6, 6, 7, 10, 13, 16, 22, 23)
SIX_MP_CENSORED = (6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35)
PLACEBO_EVENTS = (1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23)
# The published Kaplan-Meier estimates of the 6-MP arm at its event times.
SIX_MP_SURVIVAL = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}


def day(offset: int, base: pd.Timestamp = START) -> str:
    return (base + pd.Timedelta(days=offset)).date().isoformat()


def log_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """A raw log (strings, blanks for missing) from a list of row dicts."""
    frame = pd.DataFrame(rows).fillna("")
    return frame.astype(str)


def counts(rates: pd.DataFrame, metric: str, group: str = "all") -> list[int]:
    """``[k, n, pending]`` of one row of an outcome-rates table."""
    row = rates[(rates["metric"] == metric) & (rates["group"] == group)].iloc[0]
    return [int(row["k"]), int(row["n"]), int(row["pending"])]


def waits_log(
    answered: tuple[int, ...],
    unanswered: tuple[int, ...],
    as_of: str = AS_OF,
    source: str = "6-MP",
    prefix: str = "T",
) -> list[dict[str, str]]:
    """Applications answered after the given days, and unanswered ones opened that long ago."""
    rows = []
    for i, wait in enumerate(answered):
        company = f"{prefix}{i}"
        rows.append({"date": day(0), "company": company, "event": "applied", "source": source})
        rows.append({"date": day(wait), "company": company, "event": "response", "source": ""})
    end = pd.Timestamp(as_of)
    for i, wait in enumerate(unanswered):
        company = f"{prefix}c{i}"
        rows.append(
            {"date": day(-wait, end), "company": company, "event": "applied", "source": source}
        )
    return rows


# -- Wilson intervals -----------------------------------------------------------------------


def test_wilson_interval_matches_newcombe() -> None:
    # Newcombe RG (1998), "Two-sided confidence intervals for the single
    # proportion: comparison of seven methods", Stat Med 17:857-872, Table II:
    # 81/263, Wilson score interval 0.2553 to 0.3662.
    rate, low, high = stats.wilson(np.array([81]), np.array([263]))
    assert rate[0] == pytest.approx(81 / 263)
    assert low[0] == pytest.approx(0.2553, abs=5e-5)
    assert high[0] == pytest.approx(0.3662, abs=5e-5)


def test_wilson_interval_through_outcome_rates() -> None:
    # 263 applications older than ghost_after_days, 81 of them answered.
    rows = waits_log(answered=(5,) * 81, unanswered=())
    end = pd.Timestamp(AS_OF)
    rows += [
        {"date": day(-60, end), "company": f"U{i}", "event": "applied"} for i in range(263 - 81)
    ]
    rates = stats.outcome_rates(log_frame(rows), as_of=AS_OF)
    response = rates.set_index("metric").loc["response"]
    assert (response["k"], response["n"], response["pending"]) == (81, 263, 0)
    assert response["ci_low"] == pytest.approx(0.2553, abs=5e-5)
    assert response["ci_high"] == pytest.approx(0.3662, abs=5e-5)
    assert list(rates.columns) == list(stats.RATE_COLUMNS)
    assert list(rates["metric"]) == list(stats.METRICS)


def test_rate_is_missing_without_a_denominator() -> None:
    rate, low, high = stats.wilson(np.array([0]), np.array([0]))
    assert np.isnan(rate[0]) and np.isnan(low[0]) and np.isnan(high[0])


# -- Kaplan-Meier ---------------------------------------------------------------------------


def test_kaplan_meier_matches_the_6mp_table() -> None:
    frame = log_frame(waits_log(SIX_MP_EVENTS, SIX_MP_CENSORED))
    times = stats.response_times(frame, as_of=AS_OF)
    assert list(times.columns) == list(stats.TIME_COLUMNS)
    row = times.set_index("measure").loc["to_first_response"]
    assert (row["n"], row["events"]) == (21, 9)
    assert row["median_days"] == 23
    assert row["survival_7d"] == pytest.approx(SIX_MP_SURVIVAL[7], abs=5e-4)
    assert row["survival_14d"] == pytest.approx(SIX_MP_SURVIVAL[13], abs=5e-4)
    assert row["survival_30d"] == pytest.approx(SIX_MP_SURVIVAL[23], abs=5e-4)
    # The median's interval comes from SurvfuncRight.quantile_ci (cloglog):
    # the upper limit is not reached.
    assert row["median_ci_low"] == 13
    assert pd.isna(row["median_ci_high"])

    curves = stats.survival_curves(frame, as_of=AS_OF)
    curve = curves[curves["measure"] == "to_first_response"].set_index("day")
    for t, expected in SIX_MP_SURVIVAL.items():
        assert curve.loc[float(t), "survival"] == pytest.approx(expected, abs=5e-4)
    assert curve.loc[0.0, "survival"] == 1
    assert curve.loc[6.0, ["at_risk", "events", "censored"]].tolist() == [21, 3, 1]
    assert (curve["ci_low"] <= curve["survival"]).all()
    assert (curve["survival"] <= curve["ci_high"]).all()


def test_curve_agrees_with_statsmodels() -> None:
    frame = log_frame(waits_log(SIX_MP_EVENTS, SIX_MP_CENSORED))
    curves = stats.survival_curves(frame, as_of=AS_OF)
    curve = curves[curves["measure"] == "to_first_response"].set_index("day")
    days = np.array(SIX_MP_EVENTS + SIX_MP_CENSORED, dtype=float)
    events = np.r_[np.ones(len(SIX_MP_EVENTS)), np.zeros(len(SIX_MP_CENSORED))]
    fit = SurvfuncRight(days, events)
    got = curve.loc[fit.surv_times, "survival"].to_numpy(dtype=float)
    np.testing.assert_allclose(got, fit.surv_prob)


def test_a_later_as_of_keeps_unanswered_applications_censored_for_longer() -> None:
    later = (pd.Timestamp(AS_OF) + pd.Timedelta(days=30)).date().isoformat()
    # The same log: its unanswered applications were opened on fixed dates.
    frame = log_frame(waits_log(SIX_MP_EVENTS, SIX_MP_CENSORED))
    before = stats.waiting_times(frame, as_of=AS_OF)
    after = stats.waiting_times(frame, as_of=later)
    censored_before = before[~before["event"]]["days"].sort_values().to_numpy()
    censored_after = after[~after["event"]]["days"].sort_values().to_numpy()
    assert len(censored_after) == len(SIX_MP_CENSORED)
    np.testing.assert_array_equal(censored_after, censored_before + 30)

    times = stats.response_times(frame, as_of=later).set_index("measure")
    row = times.loc["to_first_response"]
    assert (row["n"], row["events"]) == (21, 9)
    # Every unanswered wait now outlasts the last answer (35 + 30 > 23): no
    # censoring before it, so S(23) = 12/21 and the median is not reached.
    assert row["survival_30d"] == pytest.approx(12 / 21)
    assert pd.isna(row["median_days"])
    rates = stats.outcome_rates(frame, as_of=later).set_index("metric")
    assert rates.loc["response", "pending"] == 0


def test_applications_opened_by_the_employer_have_no_wait() -> None:
    rows = [
        {"date": "2026-03-01", "company": "Inbound", "event": "response"},
        {"date": "2026-03-02", "company": "Inbound", "event": "interview"},
        {"date": "2026-03-01", "company": "Outbound", "event": "applied"},
    ]
    waits = stats.waiting_times(log_frame(rows), as_of="2026-03-20")
    first = waits[waits["measure"] == "to_first_response"]
    assert first["application_id"].tolist() == ["Outbound"]
    assert first["days"].tolist() == [19.0]


# -- ghosts and pending ---------------------------------------------------------------------


def test_follow_ups_never_reset_the_ghost_clock() -> None:
    rows = [
        {"date": "2026-01-01", "company": "Quiet", "event": "applied"},
        {"date": "2026-01-20", "company": "Quiet", "event": "follow_up"},
        {"date": "2026-01-29", "company": "Quiet", "event": "follow_up"},
        {"date": "2026-01-02", "company": "Silent", "event": "applied"},
        {"date": "2026-01-05", "company": "Silent", "event": "response"},
        {"date": "2026-01-10", "company": "Silent", "event": "interview"},
        {"date": "2026-01-10", "company": "Silent", "event": "thank_you"},
        {"date": "2026-01-25", "company": "Silent", "event": "follow_up"},
        {"date": "2026-02-05", "company": "Silent", "event": "follow_up"},
    ]
    table = stats.applications_table(log_frame(rows), as_of="2026-02-10").set_index(
        "application_id"
    )
    # 40 days since applying, 31 since the interview; the follow-ups don't count.
    assert table.loc["Quiet", "never_answered"]
    assert table.loc["Quiet", "ghosted"]
    assert table.loc["Silent", "ghosted_after_interview"]
    assert table.loc["Silent", "silent_days"] == 31
    assert table.loc["Silent", "status"] == "ghosted"
    rates = stats.outcome_rates(log_frame(rows), as_of="2026-02-10")
    assert counts(rates, "never_answered") == [1, 2, 0]
    assert counts(rates, "ghosted_after_interview") == [1, 1, 0]


def test_an_employer_event_restarts_the_ghost_clock() -> None:
    rows = [
        {"date": "2026-01-02", "company": "Busy", "event": "applied"},
        {"date": "2026-01-10", "company": "Busy", "event": "interview"},
        {"date": "2026-01-25", "company": "Busy", "event": "response"},
    ]
    table = stats.applications_table(log_frame(rows), as_of="2026-02-10")
    assert table.loc[0, "silent_days"] == 16
    assert not table.loc[0, "ghosted"]
    assert table.loc[0, "ghosted_after_interview"] is pd.NA
    rates = stats.outcome_rates(log_frame(rows), as_of="2026-02-10")
    assert counts(rates, "ghosted_after_interview") == [0, 0, 1]
    assert counts(rates, "offer") == [0, 0, 1]


def test_pending_and_excluded_applications() -> None:
    rows = [
        # Old and answered, then 66 days of silence: judged for response; ghosted.
        {"date": "2026-01-01", "company": "Old", "event": "applied"},
        {"date": "2026-01-03", "company": "Old", "event": "response"},
        # Too recent: pending for the early outcomes, open for the final ones.
        {"date": "2026-03-01", "company": "New", "event": "applied"},
        {"date": "2026-03-02", "company": "New", "event": "response"},
        # Withdrawn unanswered after 3 days: never judged as unanswered.
        {"date": "2026-01-01", "company": "Left", "event": "applied"},
        {"date": "2026-01-04", "company": "Left", "event": "withdrew"},
        # Rejected: an ended application.
        {"date": "2026-01-01", "company": "No", "event": "applied"},
        {"date": "2026-01-10", "company": "No", "event": "rejection"},
    ]
    rates = stats.outcome_rates(log_frame(rows), as_of="2026-03-10")
    assert counts(rates, "response") == [2, 2, 1]
    assert counts(rates, "never_answered") == [0, 2, 1]
    assert counts(rates, "interview") == [0, 2, 1]
    # Ended: Old (ghosted), Left (withdrew) and No (rejection); New is open.
    assert counts(rates, "rejection") == [1, 3, 1]
    assert counts(rates, "offer") == [0, 3, 1]
    assert rates[rates["metric"] == "rejection"]["rate"].iloc[0] == pytest.approx(1 / 3)


# -- by group, funnel, sentences ------------------------------------------------------------


def test_rates_by_group() -> None:
    rows = waits_log((3, 4), (40,), source="linkedin", prefix="L")
    rows += waits_log((), (50, 60), source="referral", prefix="R")
    rows.append({"date": day(-45, pd.Timestamp(AS_OF)), "company": "X", "event": "applied"})
    frame = log_frame(rows)
    rates = stats.outcome_rates(frame, by="source", as_of=AS_OF)
    assert list(dict.fromkeys(rates["group"])) == ["linkedin", "referral", "(not recorded)"]
    assert counts(rates, "response", "linkedin") == [2, 3, 0]
    assert counts(rates, "response", "referral") == [0, 2, 0]
    assert counts(rates, "response", "(not recorded)") == [0, 1, 0]

    with_all = stats.outcome_rates(frame, by="source", as_of=AS_OF, include_all=True)
    assert with_all["group"].iloc[0] == "all"
    overall = with_all[(with_all["group"] == "all") & (with_all["metric"] == "response")]
    assert overall[["k", "n"]].iloc[0].tolist() == [2, 6]

    times = stats.response_times(frame, by="source", as_of=AS_OF).set_index(["group", "measure"])
    assert times.loc[("linkedin", "to_first_response"), "events"] == 2
    assert times.loc[("referral", "to_first_response"), "events"] == 0

    with pytest.raises(KeyError, match="not a column"):
        stats.outcome_rates(frame, by="no_such_column", as_of=AS_OF)


def test_log_rank_matches_the_6mp_comparison() -> None:
    # Freireich 6-MP against placebo: log-rank chi-square 16.79, p = 4.2e-5
    # (Kleinbaum & Klein, ch. 2; Collett, section 2.6).
    rows = waits_log(SIX_MP_EVENTS, SIX_MP_CENSORED, source="6-MP", prefix="T")
    rows += waits_log(PLACEBO_EVENTS, (), source="placebo", prefix="P")
    frame = log_frame(rows)
    compared = stats.compare_times(frame, by="source", measure="to_first_response", as_of=AS_OF)
    assert list(compared.columns) == list(stats.COMPARE_COLUMNS)
    row = compared.iloc[0]
    assert (row["group_a"], row["group_b"], row["df"]) == ("6-MP", "placebo", 1)
    assert row["statistic"] == pytest.approx(16.79, abs=0.01)
    assert row["p_value"] == pytest.approx(4.17e-5, rel=0.01)

    # More than two groups: one overall survdiff test, and the pairs if asked.
    rows += waits_log((2, 3), (30,), source="other", prefix="O")
    three = stats.compare_times(
        log_frame(rows), by="source", measure="to_first_response", as_of=AS_OF, pairwise=True
    )
    assert pd.isna(three.iloc[0]["group_a"]) and three.iloc[0]["df"] == 2
    pair = three[(three["group_a"] == "6-MP") & (three["group_b"] == "placebo")].iloc[0]
    assert pair["statistic"] == pytest.approx(16.79, abs=0.01)


def test_follow_up_reply_is_credited_once() -> None:
    rows = [
        {"date": "2026-01-01", "company": "A", "event": "applied"},
        {"date": "2026-01-10", "company": "A", "event": "follow_up"},
        {"date": "2026-01-14", "company": "A", "event": "follow_up"},
        {"date": "2026-01-16", "company": "A", "event": "response"},
        {"date": "2026-01-20", "company": "A", "event": "follow_up"},
    ]
    waits = stats.waiting_times(log_frame(rows), as_of="2026-01-31")
    replies = waits[waits["measure"] == "follow_up_to_reply"]
    assert replies[["days", "event"]].values.tolist() == [[4.0, False], [2.0, True], [11.0, False]]
    assert replies["line"].tolist() == [3, 4, 6]


def test_interview_to_decision_is_censored_at_a_withdrawal() -> None:
    rows = [
        {"date": "2026-01-01", "company": "A", "event": "applied"},
        {"date": "2026-01-10", "company": "A", "event": "interview"},
        {"date": "2026-01-17", "company": "A", "event": "interview"},
        {"date": "2026-01-30", "company": "A", "event": "offer"},
        {"date": "2026-01-01", "company": "B", "event": "applied"},
        {"date": "2026-01-12", "company": "B", "event": "interview"},
        {"date": "2026-01-20", "company": "B", "event": "withdrew"},
    ]
    waits = stats.waiting_times(log_frame(rows), as_of="2026-02-28")
    decided = waits[waits["measure"] == "interview_to_decision"].set_index("application_id")
    assert (decided.loc["A", "days"], decided.loc["A", "event"]) == (20.0, True)
    assert (decided.loc["B", "days"], decided.loc["B", "event"]) == (8.0, False)
    table = stats.applications_table(log_frame(rows), as_of="2026-02-28").set_index(
        "application_id"
    )
    assert table.loc["A", "interviews"] == 2
    assert table.loc["A", "status"] == "offer"
    assert table.loc["B", "status"] == "withdrew"


def test_cumulative_incidence_with_competing_endings() -> None:
    rows = [
        {"date": "2026-01-01", "company": "R", "event": "applied"},
        {"date": "2026-01-06", "company": "R", "event": "rejection"},
        {"date": "2026-01-01", "company": "W", "event": "applied"},
        {"date": "2026-01-09", "company": "W", "event": "withdrew"},
        {"date": "2026-01-01", "company": "O", "event": "applied"},
        {"date": "2026-01-11", "company": "O", "event": "offer"},
        {"date": "2026-01-01", "company": "C", "event": "applied"},
    ]
    table = stats.cumulative_incidence(log_frame(rows), as_of="2026-01-21")
    assert list(table.columns) == list(stats.INCIDENCE_COLUMNS)
    at = table.set_index(["outcome", "day"])["incidence"]
    # Aalen-Johansen by hand: rejection 1/4 at day 5; withdrawal 3/4 * 1/3 at
    # day 8; offer 1/2 * 1/2 at day 10; the last application is censored.
    assert at[("rejection", 5.0)] == pytest.approx(0.25)
    assert at[("withdrew", 8.0)] == pytest.approx(0.25)
    assert at[("offer", 10.0)] == pytest.approx(0.25)
    assert at[("offer", 5.0)] == 0
    assert at[("offer", 20.0)] == pytest.approx(0.25)


def four_endings(last: str | None) -> list[dict[str, str]]:
    """Four applications opened on START: an offer at day 10, a rejection at day 20, a
    withdrawal at day 40, and a fourth that ends with ``last`` at day 50 (None: still open)."""
    rows = []
    endings = [("O", 10, "offer"), ("R", 20, "rejection"), ("W", 40, "withdrew")]
    if last is not None:
        endings.append(("L", 50, last))
    else:
        rows.append({"date": day(0), "company": "L", "event": "applied"})
    for company, after, event in endings:
        rows.append({"date": day(0), "company": company, "event": "applied"})
        rows.append({"date": day(after), "company": company, "event": event})
    return rows


def incidence_rows(table: pd.DataFrame, group: str = "all") -> dict[str, list[object]]:
    """``{outcome: [n, events, by 30 d, by 60 d, by 90 d]}`` of one group, NA as None."""
    part = table[table["group"].eq(group).to_numpy(dtype=bool)]
    return {
        str(r["outcome"]): [
            None if pd.isna(r[c]) else r[c] for c in stats.INCIDENCE_SUMMARY_COLUMNS[2:]
        ]
        for _, r in part.iterrows()
    }


def test_incidence_by_hand() -> None:
    # Aalen-Johansen by hand, four at risk: the offer on day 10 takes 1/4; on day 20
    # three are at risk, all-cause survival is 3/4, the rejection takes 3/4 * 1/3 = 1/4;
    # on day 40 two are at risk, survival 1/2, the withdrawal takes 1/2 * 1/2 = 1/4.
    # The fourth is censored at day 50: no one was followed 60 days and one was still
    # open, so days 60 and 90 are unknown (as survival_30d is for waits under 30 days).
    table = stats.incidence(log_frame(four_endings(None)), as_of=day(50))
    assert list(table.columns) == list(stats.INCIDENCE_SUMMARY_COLUMNS)
    assert incidence_rows(table) == {  # exact: quarters of quarters
        "offer": [4, 1, 0.25, None, None],
        "rejection": [4, 1, 0.25, None, None],
        "withdrew": [4, 1, 0.0, None, None],
    }
    # Read 20 days later, the fourth is censored at day 70: day 60 is known, 90 is not.
    later = stats.incidence(log_frame(four_endings(None)), as_of=day(70))
    assert incidence_rows(later)["withdrew"] == pytest.approx([4, 1, 0.0, 0.25, None])
    # Rejected on day 50 instead, the last one at risk ends: the curves are final (the
    # rejection takes 1/4 * 1/1), so days 60 and 90 are known although nobody was followed
    # that long; the three endings then add up to 1.
    ended = stats.incidence(log_frame(four_endings("rejection")), as_of=day(50))
    found = incidence_rows(ended)
    assert found["offer"] == pytest.approx([4, 1, 0.25, 0.25, 0.25])
    assert found["rejection"] == pytest.approx([4, 2, 0.25, 0.5, 0.5])
    assert found["withdrew"] == pytest.approx([4, 1, 0.0, 0.25, 0.25])
    assert table["incidence_30d"].dtype == "Float64" and table["n"].dtype == "int64"


def curve_at(curve: pd.DataFrame, group: str, outcome: str, at: int) -> float | None:
    """The cumulative incidence curve of one group and outcome read at day ``at``: its last
    step on or before it, None beyond the longest follow-up unless nobody was left at risk."""
    part = curve[(curve["group"].eq(group) & curve["outcome"].eq(outcome)).to_numpy(dtype=bool)]
    whole = curve[curve["group"].eq(group).to_numpy(dtype=bool)]
    last = whole["day"].max()
    ended_last = whole.loc[whole["day"].eq(last).to_numpy(dtype=bool), "events"].sum()
    at_risk_last = part.loc[part["day"].eq(last).to_numpy(dtype=bool), "at_risk"].iloc[0]
    if at > last and ended_last < at_risk_last:
        return None
    return float(part.loc[part["day"].le(at).to_numpy(dtype=bool), "incidence"].iloc[-1])


@pytest.mark.parametrize(
    ("log", "by", "include_all"),
    [
        ("data/sample_log.csv", None, False),
        ("data/sample_log.csv", "source", True),
        ("data/sample_cohort.csv", None, False),
        ("data/sample_cohort.csv", "candidate", True),
    ],
)
def test_incidence_reads_the_curve(log: str, by: str | None, include_all: bool) -> None:
    as_of = "2026-10-30"
    table = stats.incidence(log, by=by, as_of=as_of, include_all=include_all)
    curve = stats.cumulative_incidence(log, by=by, as_of=as_of, include_all=include_all)
    applications = stats.applications_table(log, as_of=as_of)
    groups = stats.group_names(log, by=by, as_of=as_of, include_all=include_all)
    assert table["group"].drop_duplicates().tolist() == groups
    assert table["outcome"].tolist() == list(stats.times.OUTCOMES) * len(groups)
    unknown = 0
    for _, row in table.iterrows():
        group, outcome = str(row["group"]), str(row["outcome"])
        at_start = curve[
            (curve["group"].eq(group) & curve["day"].eq(0) & curve["outcome"].eq(outcome))
        ]
        assert row["n"] == at_start["at_risk"].iloc[0]
        ended = curve[(curve["group"].eq(group) & curve["outcome"].eq(outcome))]["events"].sum()
        assert row["events"] == ended
        for at in stats.INCIDENCE_DAYS:
            expected = curve_at(curve, group, outcome, at)
            found = row[f"incidence_{at}d"]
            if expected is None:
                assert pd.isna(found), (group, outcome, at)
                unknown += 1
            else:
                assert found == pytest.approx(expected, rel=1e-12, abs=1e-15), (group, outcome, at)
    # The whole log's numbers agree with the applications table.
    everyone = table[table["group"].eq("all").to_numpy(dtype=bool)].set_index("outcome")
    assert (everyone["n"] == len(applications)).all()
    decided = applications["decision"].value_counts().reindex(["offer", "rejection"], fill_value=0)
    assert everyone["events"].loc[["offer", "rejection"]].le(decided.to_numpy()).all()
    assert everyone["events"].sum() > 0
    if by is not None:
        assert unknown > 0  # some group was not followed 90 days: NA, not a guess


def test_funnel_counts_each_step_and_later_ones() -> None:
    rows = [
        {"date": "2026-01-01", "company": "A", "event": "applied"},
        {"date": "2026-01-05", "company": "A", "event": "response"},
        {"date": "2026-01-01", "company": "B", "event": "applied"},
        {"date": "2026-01-08", "company": "B", "event": "interview"},
        {"date": "2026-01-01", "company": "C", "event": "applied"},
        {"date": "2026-01-20", "company": "C", "event": "offer"},  # no interview logged
        {"date": "2026-01-21", "company": "C", "event": "accepted"},
        {"date": "2026-01-01", "company": "D", "event": "applied"},
    ]
    table = stats.funnel(log_frame(rows), as_of="2026-02-01")
    assert list(table.columns) == list(stats.FUNNEL_COLUMNS)
    assert table["step"].tolist() == list(stats.STEPS)
    assert table["count"].tolist() == [4, 3, 2, 1, 1]
    assert pd.isna(table["share_of_previous"].iloc[0])
    assert table["share_of_previous"].iloc[1] == pytest.approx(0.75)


def test_applications_table_columns_and_attributes() -> None:
    rows = [
        {"date": "2026-01-01", "company": "A", "role": "Analyst", "event": "applied",
         "channel": "portal", "source": "", "status": "hot"},
        {"date": "2026-01-03", "company": "A", "role": "Analyst", "event": "response",
         "channel": "email", "source": "linkedin", "status": ""},
    ]  # fmt: skip
    table = stats.applications_table(log_frame(rows), as_of="2026-01-10")
    row = table.iloc[0]
    assert row["applied_channel"] == "portal"
    assert row["source"] == "linkedin"  # the first row that has one
    assert row["log_status"] == "hot"  # renamed: `status` is a computed column
    assert row["status"] == "open"
    assert row["age_days"] == 9
    assert row["first_event"] == "applied"
    assert set(stats.APPLICATION_COLUMNS) <= set(table.columns)


def test_events_after_the_as_of_date_are_ignored() -> None:
    rows = [
        {"date": "2026-01-01", "company": "A", "event": "applied"},
        {"date": "2026-02-01", "company": "A", "event": "offer"},
    ]
    table = stats.applications_table(log_frame(rows), as_of="2026-01-15")
    assert table.loc[0, "decision"] is pd.NA and table.loc[0, "status"] == "open"
    loaded = load_log(log_frame(rows), as_of="2026-03-01")
    assert stats.applications_table(loaded).loc[0, "decision"] == "offer"
    assert stats.applications_table(loaded, as_of="2026-01-15").loc[0, "status"] == "open"


def test_an_empty_log_gives_empty_but_well_formed_tables() -> None:
    frame = log_frame([{"date": "2026-05-01", "company": "A", "event": "applied"}])
    rates = stats.outcome_rates(frame, as_of="2026-04-01")
    assert rates["n"].eq(0).all() and len(rates) == len(stats.METRICS)
    assert len(stats.response_times(frame, as_of="2026-04-01")) == len(stats.MEASURES)
    assert stats.survival_curves(frame, as_of="2026-04-01").empty
    assert stats.compare_times(frame, by="company", as_of="2026-04-01").empty
    assert stats.cumulative_incidence(frame, as_of="2026-04-01").empty
    nothing = stats.incidence(frame, as_of="2026-04-01")
    assert nothing["n"].eq(0).all() and len(nothing) == 3
    assert nothing[["incidence_30d", "incidence_60d", "incidence_90d"]].isna().all().all()


def test_summary_sentences_read_numbers_from_the_tables() -> None:
    frame = log_frame(waits_log(SIX_MP_EVENTS, SIX_MP_CENSORED))
    rates = stats.outcome_rates(frame, as_of=AS_OF)
    times = stats.response_times(frame, as_of=AS_OF)
    sentences = stats.summary_sentences(
        rates[rates["metric"] == "response"], times[times["measure"] == "to_first_response"]
    )
    response = rates.set_index("metric").loc["response"]
    assert sentences[0].startswith(
        f"{response['k']} of {response['n']} applications old enough to judge ("
    )
    assert "got an answer" in sentences[0]
    # 12 of the 21 are censored: the median and the share are estimates, and say so.
    assert sentences[1].startswith(
        "9 of 21 applications where the candidate wrote first got a first answer so far; "
        "allowing for the 12 without one yet (a Kaplan-Meier estimate), half get one within "
        "23 days (95% CI 13 days or more)"
    )
    assert sentences[1].endswith("; an estimated 45% wait more than 30 days.")


def test_a_median_is_read_as_a_count_only_when_every_wait_ended() -> None:
    # Two answered in 5 days, eight sent two days before the as-of date: "half of the 10 got an
    # answer within 5 days" would be false (2 of 10 did); the estimate is named as one.
    def row(date: str, app: str, company: str, event: str) -> dict[str, str]:
        return {"date": date, "application_id": app, "company": company, "event": event}

    answered = [
        row(date, f"A{i}", f"Co {i}", event)
        for i in range(2)
        for date, event in (("2026-01-01", "applied"), ("2026-01-06", "response"))
    ]
    waiting = [row("2026-02-27", f"B{i}", f"Other {i}", "applied") for i in range(8)]
    sentences = []
    for rows in (answered + waiting, answered):
        times = stats.response_times(log_frame(rows), as_of="2026-03-01")
        first = times[times["measure"] == "to_first_response"]
        sentences += stats.summary_sentences(times.iloc[:0], first)
    censored, complete = sentences
    assert censored.startswith(
        "2 of 10 applications where the candidate wrote first got a first answer so far; "
        "allowing for"
    )
    assert "half get one within 5 days" in censored
    assert "Half of the 10" not in censored
    sentence = complete
    assert sentence.startswith(
        "Half of the 2 applications where the candidate wrote first got a first answer within "
        "5 days"
    )
