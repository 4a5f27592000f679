"""An answer to an offer with no ``offer`` row before it stands for the offer too.

DESIGN.md section 2: ``accepted`` and ``declined`` are the candidate's answer
to an offer. Many logs hold only that answer ("Declined the offer",
"Accepted"): the first ``accepted`` or ``declined`` of an application with no
``offer`` before it is then read as the offer as well, on its day, by the
statistics, the rounds, the rules and ``todo`` alike
(``followup_stats.tables.implied_offers``). An application that has its
``offer`` row reads as written.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from reference_checker import reference_check

from followup_stats import check, next_actions, stats
from followup_stats.load import LoadedLog, load_log
from followup_stats.tables import application_events, rounds_table

#: Acme: declined, no offer row. Beta: an offer, then accepted. Gam: accepted, no offer row.
LOG = """date,application_id,company,event
2026-09-01,A1,Acme,applied
2026-09-05,A1,Acme,interview
2026-09-15,A1,Acme,declined
2026-09-01,A2,Beta,applied
2026-09-05,A2,Beta,interview
2026-09-15,A2,Beta,offer
2026-09-17,A2,Beta,accepted
2026-09-01,A3,Gam,applied
2026-09-06,A3,Gam,interview
2026-09-20,A3,Gam,accepted
"""
AS_OF = "2026-11-01"


def loaded(text: str = LOG, as_of: str = AS_OF) -> LoadedLog:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return load_log(frame, as_of=as_of)


def cell(table: pd.DataFrame, key: str, column: str) -> float:
    """The number in ``column`` of the row labelled ``key``."""
    values = table[column].to_dict()
    return float(values[key])


def by_company(table: pd.DataFrame, column: str) -> dict[str, object]:
    return {str(c): v for c, v in zip(table["company"], table[column], strict=True)}


def test_applications_read_the_answer_as_the_offer() -> None:
    table = stats.applications_table(loaded())
    day = pd.Timestamp
    assert by_company(table, "decision") == {"Acme": "offer", "Beta": "offer", "Gam": "offer"}
    # On the answer's day; Beta's offer is its offer row's day, not its answer's.
    assert by_company(table, "offer_day") == {
        "Acme": day("2026-09-15"),
        "Beta": day("2026-09-15"),
        "Gam": day("2026-09-20"),
    }
    assert by_company(table, "decision_day") == by_company(table, "offer_day")
    assert by_company(table, "status") == {"Acme": "offer", "Beta": "offer", "Gam": "offer"}
    assert by_company(table, "accepted") == {"Acme": False, "Beta": True, "Gam": True}
    assert by_company(table, "ghosted_after_interview") == {
        "Acme": False,
        "Beta": False,
        "Gam": False,
    }


def test_rates_count_the_offers() -> None:
    rates = stats.outcome_rates(loaded()).set_index("metric")
    k_n = {
        str(m): (int(cell(rates, str(m), "k")), int(cell(rates, str(m), "n"))) for m in rates.index
    }
    assert k_n["offer"] == (3, 3)  # was 1 of 3: only Beta's offer row
    assert k_n["offer_after_interview"] == (3, 3)
    assert k_n["ghosted_after_interview"] == (0, 3)  # Acme and Gam were called silent


def test_funnel_counts_a_declined_offer() -> None:
    steps = stats.funnel(loaded()).set_index("step")["count"].astype(int).to_dict()
    assert steps["offer"] == 3  # Acme's declined offer was left out
    assert steps["accepted"] == 2


def test_interview_to_decision_ends_at_the_answer() -> None:
    times = stats.response_times(loaded()).set_index("measure")
    assert int(cell(times, "interview_to_decision", "n")) == 3
    assert int(cell(times, "interview_to_decision", "events")) == 3  # was 1: Beta only
    waits = stats.waiting_times(loaded())
    decided = waits[waits["measure"].eq("interview_to_decision").to_numpy()]
    assert by_company_of_ids(decided) == {"A1": 10.0, "A2": 10.0, "A3": 14.0}


def by_company_of_ids(waits: pd.DataFrame) -> dict[str, float]:
    return {str(a): float(d) for a, d in zip(waits["application_id"], waits["days"], strict=True)}


def test_incidence_of_offers_counts_the_answers() -> None:
    ended = stats.incidence(loaded()).set_index("outcome")
    assert int(cell(ended, "offer", "events")) == 3  # was 1
    assert cell(ended, "offer", "incidence_30d") == 1.0
    curve = stats.cumulative_incidence(loaded())
    offers = curve[curve["outcome"].eq("offer").to_numpy()]
    # Days from applying: Acme and Beta on day 14, Gam on day 19.
    assert offers["day"].tolist() == [0.0, 14.0, 19.0]
    assert offers["events"].tolist() == [0, 2, 1]


def test_patience_rounds_end_in_the_offer() -> None:
    rounds = stats.patience_rounds(loaded())
    assert by_company(rounds, "outcome") == {"Acme": "offer", "Beta": "offer", "Gam": "offer"}
    assert by_company(rounds, "outcome_day") == {
        "Acme": pd.Timestamp("2026-09-15"),
        "Beta": pd.Timestamp("2026-09-15"),
        "Gam": pd.Timestamp("2026-09-20"),
    }
    table = stats.patience(loaded())
    row = table[table["comparison"].eq("offer_by_behaviour").to_numpy()].iloc[0]
    assert (int(row["k"]), int(row["n"])) == (3, 3)


def test_rounds_table_decides_at_the_answer() -> None:
    rounds = rounds_table(loaded())
    interviews = rounds[rounds["round"].eq(1).to_numpy()]
    assert by_company(interviews, "decision") == {
        "Acme": "offer",
        "Beta": "offer",
        "Gam": "offer",
    }
    assert by_company(interviews, "decision_day") == {
        "Acme": pd.Timestamp("2026-09-15"),
        "Beta": pd.Timestamp("2026-09-15"),
        "Gam": pd.Timestamp("2026-09-20"),
    }


def test_check_of_the_log_agrees_with_the_reference() -> None:
    """Every window here ends at the 15 Sep offer either way: the same findings as before
    (FU001 three times, FU011 at Gam), and those of the reference checker."""
    log = loaded()
    found = check(log)
    assert found[["line", "code"]].values.tolist() == [
        [3, "FU001"],
        [6, "FU001"],
        [10, "FU001"],
        [10, "FU011"],
    ]
    expected = reference_check(log.events, log.as_of)
    assert found[["line", "code"]].values.tolist() == expected[["line", "code"]].values.tolist()


#: Acme declined the day after its interview, with no offer row and no thank-you, and
#: followed up twice after declining.
ACME_DECLINED_EARLY = """date,application_id,company,event
2026-09-01,A1,Acme,applied
2026-09-05,A1,Acme,interview
2026-09-06,A1,Acme,declined
2026-09-07,A1,Acme,follow_up
2026-09-08,A1,Acme,follow_up
2026-09-01,A3,Gam,applied
2026-09-06,A3,Gam,interview
2026-09-06,A3,Gam,thank_you
"""


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # The answer ends the round inside the thank-you window (no FU001), the follow-ups
        # after it are in no round (no FU005, FU007), and the candidate's waiting stops at
        # the offer it stands for (no FU011 on Gam from 6 Sep on).
        ("declined", []),
        ("accepted", []),
        # An employer's reply is no decision: the old reading of an answer with no offer.
        ("response", [[3, "FU001"], [5, "FU005"], [6, "FU005"], [6, "FU007"], [8, "FU011"]]),
    ],
)
def test_check_ends_the_round_at_the_answer(event: str, expected: list[list[object]]) -> None:
    log = loaded(ACME_DECLINED_EARLY.replace("declined", event))
    found = check(log)
    assert found[["line", "code"]].values.tolist() == expected
    reference = reference_check(log.events, log.as_of)
    assert reference[["line", "code"]].values.tolist() == expected


def test_an_answer_after_an_offer_row_is_only_the_answer() -> None:
    """Beta: offer 15 Sep, declined 17 Sep, accepted 20 Sep. The offer decides; no answer is
    read as a second offer. Hooli: declined, then accepted: only the first stands for one."""
    text = (
        "date,application_id,company,event\n"
        "2026-09-01,B,Beta,applied\n"
        "2026-09-15,B,Beta,offer\n"
        "2026-09-17,B,Beta,declined\n"
        "2026-09-20,B,Beta,accepted\n"
        "2026-09-01,H,Hooli,applied\n"
        "2026-09-10,H,Hooli,declined\n"
        "2026-09-12,H,Hooli,accepted\n"
    )
    table = stats.applications_table(loaded(text))
    assert by_company(table, "offer_day") == {
        "Beta": pd.Timestamp("2026-09-15"),
        "Hooli": pd.Timestamp("2026-09-10"),
    }
    assert by_company(table, "accepted") == {"Beta": True, "Hooli": True}
    curve = stats.cumulative_incidence(loaded(text))
    assert int(curve[curve["outcome"].eq("offer").to_numpy()]["events"].sum()) == 2


def test_todo_plans_nothing_for_an_answered_offer() -> None:
    """``todo`` already closed an application at its answer; it still does, and the one
    still open beside it is planned as before."""
    assert next_actions(loaded()).empty
    text = LOG + "2026-10-20,A4,Dune,applied\n"
    plan = next_actions(loaded(text))
    assert plan[["company", "action"]].values.tolist() == [["Dune", "follow_up"]]


#: Beta's answer is logged on the day of its offer with an earlier time of day (the answer
#: typed first, the offer's time that of the letter), so it sorts before the offer; Gam's
#: is on the offer's day too, its row above the offer's. Dune is still waiting.
SAME_DAY = """date,application_id,company,event
2026-09-01,A2,Beta,applied
2026-09-05,A2,Beta,interview
2026-09-05,A2,Beta,thank_you
2026-09-15T14:00,A2,Beta,offer
2026-09-15T09:00,A2,Beta,{answer}
2026-09-01,A3,Gam,applied
2026-09-06,A3,Gam,interview
2026-09-06,A3,Gam,thank_you
2026-09-20,A3,Gam,{answer}
2026-09-20,A3,Gam,offer
2026-10-20,A4,Dune,applied
"""


@pytest.mark.parametrize("answer", ["accepted", "declined"])
def test_an_answer_on_the_day_of_the_offer_answers_it(answer: str) -> None:
    """Beta's answer, timed before its offer, was read as a first offer and the offer row as
    a second one, still to answer: ``todo`` asked Beta for an answer already logged."""
    log = loaded(SAME_DAY.format(answer=answer))
    ev = application_events(log.events, log.as_of)
    beta = ev[ev["company"].eq("Beta").to_numpy()]
    assert beta["event"].astype(str).tolist() == [
        "applied",
        "interview",
        "thank_you",
        answer,  # 09:00: the answer, not an offer of its own
        "offer",
    ]
    assert ev["event"].eq("offer").sum() == 2  # Beta's and Gam's, one each
    plan = next_actions(log)
    assert plan[["company", "action"]].values.tolist() == [["Dune", "follow_up"]]


@pytest.mark.parametrize("answer", ["accepted", "declined"])
def test_an_answer_on_the_day_of_the_offer_counts_one_offer(answer: str) -> None:
    log = loaded(SAME_DAY.format(answer=answer))
    table = stats.applications_table(log)
    assert by_company(table, "decision") == {"Beta": "offer", "Gam": "offer", "Dune": pd.NA}
    assert by_company(table, "offer_day") == {
        "Beta": pd.Timestamp("2026-09-15"),
        "Gam": pd.Timestamp("2026-09-20"),
        "Dune": pd.NaT,
    }
    accepted = answer == "accepted"
    assert by_company(table, "accepted") == {"Beta": accepted, "Gam": accepted, "Dune": False}
    rates = stats.outcome_rates(log).set_index("metric")
    assert (int(cell(rates, "offer", "k")), int(cell(rates, "offer", "n"))) == (2, 2)
    steps = stats.funnel(log).set_index("step")["count"].astype(int).to_dict()
    assert (steps["offer"], steps["accepted"]) == (2, 2 if accepted else 0)
    rounds = rounds_table(log)
    interviews = rounds[rounds["round"].eq(1).to_numpy()]
    assert by_company(interviews, "decision") == {"Beta": "offer", "Gam": "offer"}
    ended = stats.incidence(log).set_index("outcome")
    assert int(cell(ended, "offer", "events")) == 2
    # Thank-yous sent, the rounds ended at the offers: only the idle wait of FU011 (5 to 14
    # Sep, on Gam's interview line), as the reference finds.
    found = check(log)
    assert found[["line", "code"]].values.tolist() == [[8, "FU011"]]
    expected = reference_check(log.events, log.as_of)
    assert expected[["line", "code"]].values.tolist() == [[8, "FU011"]]
