"""Each rule's failing and passing example from the catalogue, through the real checker."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from followup_stats.checker import check
from followup_stats.config import ALL_CODES
from followup_stats.load import load_log
from followup_stats.rules.catalogue import load_catalogue

CATALOGUE = load_catalogue()


def codes_of(example: str, as_of: str) -> list[str]:
    frame = pd.read_csv(io.StringIO(example), dtype=str, keep_default_na=False)
    return sorted(check(frame, as_of=as_of)["code"])


@pytest.mark.parametrize("code", ALL_CODES)
def test_failing_example_gives_the_code(code: str) -> None:
    info = CATALOGUE[code]
    expected = sorted([code, *info.example_fail_also])
    assert codes_of(info.example_fail, str(info.example_as_of)) == expected


@pytest.mark.parametrize("code", ALL_CODES)
def test_passing_example_is_clean(code: str) -> None:
    info = CATALOGUE[code]
    assert codes_of(info.example_pass, str(info.example_as_of)) == []


WITHDRAWN_THEN_DECIDED = """date,candidate,application_id,company,event,channel
2026-03-02,chloe,A4,Acme,applied,portal
2026-03-05T14:00,chloe,A4,Acme,interview,video
2026-03-05T15:00,chloe,A4,Acme,withdrew,email
{decision}
"""


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("2026-03-06T10:00,chloe,A4,Acme,offer,email", []),  # a decision in the window
        ("2026-03-06T10:00,chloe,A4,Acme,rejection,email", []),
        ("2026-03-20T10:00,chloe,A4,Acme,offer,email", ["FU001"]),  # after the window
        ("", ["FU001"]),  # a withdrawal is no decision
    ],
)
def test_fu001_looks_at_every_decision_of_the_round(decision: str, expected: list[str]) -> None:
    """FU001 is exempted by an offer or rejection inside the window, even after a withdrawal."""
    example = WITHDRAWN_THEN_DECIDED.format(decision=decision)
    found = [c for c in codes_of(example, "2026-04-01") if c == "FU001"]
    assert found == expected


def test_fu001_is_not_raised_when_a_later_round_decides_inside_the_window(tmp_path: Path) -> None:
    """The catalogue: no thank-you is due once the employer decided inside the window,
    also when a next interview opened another round first."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event\n"
        "2026-10-01,A,R,interview\n"
        "2026-10-02,A,R,interview\n"
        "2026-10-02,A,R,rejection\n"
        "2026-10-01,B,R,interview\n"
        "2026-10-02,B,R,interview\n"
        "2026-10-05,B,R,rejection\n"
    )
    found = check(load_log(str(path), as_of="2026-10-12"))
    fu001 = found[found["code"].eq("FU001").to_numpy(dtype=bool)]
    # B's first interview is owed a thank-you (the rejection came after its window); the
    # second too. A's rejection on 2 Oct falls inside both windows.
    assert fu001[["company", "line"]].values.tolist() == [["B", 5], ["B", 6]]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("2026-09-11,Acme,Analyst,rejection", []),  # decided inside the window
        ("2026-09-11,Acme,Analyst,offer", []),
        ("2026-09-13,Acme,Analyst,rejection", ["FU002"]),  # decided after the thank-you was due
        ("2026-09-11,Acme,Analyst,withdrew", ["FU002"]),  # a withdrawal is no decision
    ],
)
def test_fu002_is_not_raised_when_the_employer_decided_inside_the_window(
    decision: str, expected: list[str]
) -> None:
    """A thank-you sent after a decision that came inside the window is no late thank-you:
    FU001 owes none there, so a late note is not worse than no note."""
    example = (
        "date,company,role,event\n"
        "2026-09-01,Acme,Analyst,applied\n"
        "2026-09-10,Acme,Analyst,interview\n"
        f"{decision}\n"
        "2026-09-14,Acme,Analyst,thank_you\n"
    )
    found = [c for c in codes_of(example, "2026-10-30") if c in ("FU001", "FU002")]
    assert found == expected


AFTER_THE_DECISION = """date,company,role,event,asked_permission,reason
2026-10-01,Acme,Analyst,applied,,
2026-10-03,Acme,Analyst,rejection,,
2026-10-04,Acme,Analyst,follow_up,,
2026-10-05,Acme,Analyst,follow_up,,
2026-10-06,Acme,Analyst,follow_up,,
2026-10-01,Hooli,Analyst,interview,no,
2026-10-01,Hooli,Analyst,thank_you,,
2026-10-02,Hooli,Analyst,withdrew,,
2026-10-03,Hooli,Analyst,follow_up,,
2026-10-04,Hooli,Analyst,update,,
2026-10-01,Initech,Analyst,interview,,
2026-10-01,Initech,Analyst,thank_you,,
2026-10-02,Initech,Analyst,rejection,,
2026-10-02,Initech,Analyst,follow_up,,
"""


def test_follow_ups_after_the_round_ended_are_not_judged() -> None:
    """DESIGN.md section 3: a round runs to its decision or a withdrawal, and follow-ups
    are numbered within a round. One asking for feedback after a no is in no round: it
    is not too early, too soon, too many or sent without permission. A follow-up logged
    the same day as the decision without a time is ordered before it, so it is judged."""
    frame = pd.read_csv(io.StringIO(AFTER_THE_DECISION), dtype=str, keep_default_na=False)
    found = check(frame, as_of="2026-11-30", config={"ignore": ["FU011"]})
    assert found[["line", "code"]].values.tolist() == [
        [7, "FU004"],
        [11, "FU010"],  # an update without a reason is still said to be one
        [15, "FU005"],
    ]


def test_an_update_after_the_round_ended_is_not_said_to_count_as_a_follow_up() -> None:
    """FU010 on an update in no round names the ending it followed instead of saying it
    counts as a follow-up, which no rule then does; one before the ending still says so."""
    frame = pd.read_csv(io.StringIO(AFTER_THE_DECISION), dtype=str, keep_default_na=False)
    frame.loc[2, ["event"]] = "update"  # Acme: an update after the rejection
    found = check(frame, as_of="2026-11-30", config={"select": ["FU010"]})
    assert found[["line", "message"]].values.tolist() == [
        [
            4,
            "update on 4 Oct 2026 gives no reason (other_offer, portfolio or other); sent "
            "after the rejection on 3 Oct 2026, it is not counted as a follow-up",
        ],
        [
            11,
            "update on 4 Oct 2026 gives no reason (other_offer, portfolio or other); sent "
            "after the withdrawal on 2 Oct 2026, it is not counted as a follow-up",
        ],
    ]


#: Acme declined with no offer row; Beta's offer row came before its answer.
UPDATES_AFTER_AN_OFFER = """date,company,role,event,reason
2026-09-01,Acme,Analyst,applied,
2026-09-15,Acme,Analyst,declined,
2026-09-20,Acme,Analyst,update,
2026-09-01,Beta,Analyst,applied,
2026-09-15,Beta,Analyst,offer,
2026-09-17,Beta,Analyst,accepted,
2026-09-20,Beta,Analyst,update,
2026-09-01,Cove,Analyst,applied,
2026-09-15,Cove,Analyst,accepted,
2026-09-20,Cove,Analyst,update,
"""


def test_fu010_after_an_offer_known_only_by_its_answer_names_the_answer() -> None:
    """Acme's and Cove's offers are only implied by their answers (read as the offers), so
    FU010 said "after the offer" of an offer the log never wrote; it names what was logged.
    Beta logged its offer, and the round ended there."""
    frame = pd.read_csv(io.StringIO(UPDATES_AFTER_AN_OFFER), dtype=str, keep_default_na=False)
    found = check(frame, as_of="2026-11-30", config={"select": ["FU010"]})
    said = "update on 20 Sep 2026 gives no reason (other_offer, portfolio or other); sent after "
    assert found[["line", "message"]].values.tolist() == [
        [4, said + "the offer declined on 15 Sep 2026, it is not counted as a follow-up"],
        [8, said + "the offer on 15 Sep 2026, it is not counted as a follow-up"],
        [11, said + "the offer accepted on 15 Sep 2026, it is not counted as a follow-up"],
    ]
