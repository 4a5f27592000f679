"""Statistics at their edges: a curve at exactly one half, counts of 0 and n, every ``--by``.

The numbers are worked out by hand in the comments, and checked against
statsmodels where it has the same rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from followup_stats import stats
from followup_stats.cli import main
from followup_stats.stats.patience import patience
from followup_stats.stats.rates import wilson

AS_OF = "2026-03-01"


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A raw log of date, application, company and event (one candidate)."""
    return pd.DataFrame(
        [
            {"date": d, "candidate": "Pat", "application_id": a, "company": c, "event": e}
            for d, a, c, e in rows
        ]
    )


def first_response(log: pd.DataFrame) -> pd.Series:
    times = stats.response_times(log, as_of=AS_OF)
    return times[times["measure"].eq("to_first_response").to_numpy(dtype=bool)].iloc[0]


def test_the_median_is_reached_when_the_curve_is_exactly_one_half() -> None:
    # Two applications: one answered after 10 days, one still waiting (censored
    # at 59 days). The curve is 1/2 from day 10 on: it does not stay above one half.
    log = frame(
        [
            ("2026-01-01", "A", "Acme", "applied"),
            ("2026-01-11", "A", "Acme", "response"),
            ("2026-01-01", "B", "Beta", "applied"),
        ]
    )
    row = first_response(log)
    assert row["median_days"] == 10
    fit = SurvfuncRight(np.array([10.0, 59.0]), np.array([1.0, 0.0]))
    assert np.isnan(fit.quantile(0.5))  # statsmodels waits for the curve to drop below
    low, _ = fit.quantile_ci(0.5, alpha=0.05, method="cloglog")
    assert row["median_ci_low"] == low


def test_the_median_of_two_answers_is_the_first_at_one_half() -> None:
    # Answers after 5 and 10 days: the curve is 1/2 from day 5, 0 from day 10.
    log = frame(
        [
            ("2026-01-01", "A", "Acme", "applied"),
            ("2026-01-06", "A", "Acme", "response"),
            ("2026-01-01", "B", "Beta", "applied"),
            ("2026-01-11", "B", "Beta", "response"),
        ]
    )
    assert first_response(log)["median_days"] == 5


def test_the_median_stays_not_reached_above_one_half() -> None:
    # One answer out of three (the others censored): the curve is 2/3, above one half.
    log = frame(
        [
            ("2026-01-01", "A", "Acme", "applied"),
            ("2026-01-06", "A", "Acme", "response"),
            ("2026-01-01", "B", "Beta", "applied"),
            ("2026-01-01", "C", "Gamma", "applied"),
        ]
    )
    assert pd.isna(first_response(log)["median_days"])


def test_wilson_limits_are_exactly_0_and_1_at_the_ends() -> None:
    k, n = np.array([0, 7, 0, 3]), np.array([7, 7, 0, 5])
    rate, low, high = wilson(k, n)
    assert low[0] == 0.0 and high[1] == 1.0  # not 2.8e-17 or 0.9999999999999999
    assert np.isnan(rate[2]) and np.isnan(low[2]) and np.isnan(high[2])
    assert 0 < low[3] < 0.6 < high[3] < 1


LOG = """date,candidate,application_id,company,role,event,channel,source
2026-01-01,Pat,B1,Acme,Analyst,applied,portal,x
2026-01-10,Pat,B1,Acme,Analyst,interview,video,
2026-01-10,Pat,B1,Acme,Analyst,thank_you,email,
2026-01-20,Pat,B1,Acme,Analyst,rejection,email,
2026-01-01,Pat,B2,Beta,Analyst,applied,email,x
2026-01-10,Pat,B2,Beta,Analyst,interview,video,
2026-02-10,Pat,B2,Beta,Analyst,offer,email,
2026-01-01,Pat,B3,Gamma,Analyst,applied,portal,y
2026-02-01,Pat,B3,Gamma,Analyst,interview,video,
2026-02-15,Pat,B3,Gamma,Analyst,follow_up,email,
2026-02-20,Pat,B3,Gamma,Analyst,response,email,
"""


@pytest.mark.parametrize("by", ["applied_channel", "status", "interviews", "source"])
def test_patience_groups_by_any_column_of_the_applications_table(tmp_path: Path, by: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    applications = stats.applications_table(str(path), as_of=AS_OF)
    expected = sorted(set(applications[by].astype("string").fillna("(not recorded)")))
    table = patience(str(path), as_of=AS_OF, by=by)
    assert sorted(set(table["group"])) == expected
    # The groups split the ungrouped counts: every round and follow-up is in one group.
    whole = patience(str(path), as_of=AS_OF)
    arms = table["n"].notna().to_numpy(dtype=bool)
    per_arm = table[arms].groupby(["comparison", "arm"])["n"].sum()
    assert (
        per_arm.to_dict()
        == whole[whole["n"].notna().to_numpy(dtype=bool)]
        .set_index(["comparison", "arm"])["n"]
        .to_dict()
    )


def test_stats_by_a_computed_column_runs_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    code = main(
        ["stats", str(path), "--as-of", AS_OF, "--by", "applied_channel", "--format", "json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert {row["group"] for row in data["patience"]} == {"email", "portal"}


def test_an_empty_follow_up_arm_is_a_small_sample_and_one_is_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG)
    assert main(["stats", str(path), "--as-of", AS_OF, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)["patience"]
    third = [r for r in records if r["comparison"] == "reply_by_number" and r["arm"] == "3rd+"]
    assert third and third[0]["n"] == 0 and "no follow-ups" in third[0]["note"]
    assert main(["stats", str(path), "--as-of", AS_OF]) == 0
    text = capsys.readouterr().out  # the text leaves the empty arm out, and says so
    assert not [
        line for line in text.splitlines() if "reply_by_number" in line and " 3rd+ " in line
    ]
    assert "empty rows (no rounds or no follow-ups), left out here)" in text
    table = patience(str(path), as_of=AS_OF)
    notes = " ".join(table["note"].fillna(""))
    assert "only 1 follow-up in" in notes and "only 1 follow-ups" not in notes


def test_groups_are_in_the_order_people_read_them(tmp_path: Path) -> None:
    from followup_stats.stats.applications import sorted_groups

    assert sorted_groups(["10", "2", "(not recorded)", "1", "2"]) == [
        "1",
        "2",
        "10",
        "(not recorded)",
    ]
    assert sorted_groups(["cv_v10", "cv_v2", "Cv", "cv"]) == ["Cv", "cv", "cv_v2", "cv_v10"]
    rows = [
        f"2026-01-0{n},Pat,R{n},Co{n},Analyst,applied,portal,{version}"
        for n, version in enumerate(["10", "2", "1", "2"], start=1)
    ]
    path = tmp_path / "log.csv"
    path.write_text(
        "date,candidate,application_id,company,role,event,channel,resume_version\n"
        + "\n".join(rows)
        + "\n"
    )
    rates = stats.outcome_rates(str(path), as_of=AS_OF, by="resume_version")
    assert list(dict.fromkeys(rates["group"])) == ["1", "2", "10"]
    table = patience(str(path), as_of=AS_OF, by="resume_version")
    assert list(dict.fromkeys(table["group"])) == ["1", "2", "10"]


def test_log_columns_named_like_computed_ones_are_kept_as_log_columns(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "date,candidate,company,role,event,channel,applied_channel,first_event,status\n"
        "2026-01-01,Ann,Hooli,Dev,applied,email,web,x,s1\n"
        "2026-01-05,Ann,Hooli,Dev,interview,,,,\n"
    )
    table = stats.applications_table(str(path), as_of=AS_OF)
    row = table.iloc[0]
    assert (row["applied_channel"], row["log_applied_channel"]) == ("email", "web")
    assert (row["first_event"], row["log_first_event"]) == ("applied", "x")
    assert row["log_status"] == "s1"
    for by in ("applied_channel", "log_applied_channel"):
        rates = stats.outcome_rates(str(path), as_of=AS_OF, by=by)
        assert set(rates["group"]) == {"email" if by == "applied_channel" else "web"}
