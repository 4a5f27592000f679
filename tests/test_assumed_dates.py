"""Events dated only by assumption (notes beginning "date assumed") count, but no wait is
measured to them: a Huntr card that never moved has no day for its interview or decision."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from followup_stats import cli
from followup_stats.engines import pandas_engine
from followup_stats.stats import (
    incidence,
    outcome_rates,
    patience,
    patience_follow_ups,
    patience_rounds,
    response_times,
    waiting_times,
)

AS_OF = "2026-11-01"
#: Acme's card was made in the Interview list and never moved; Beta's moved there ten
#: days after it was made; Gamma's was made in the Rejected list and never moved.
HUNTR = (
    "id,createdAt,title,listName,companyName,lastMovedAt\n"
    "1,2026-09-01 10:00:00,Engineer,Interview,Acme,-\n"
    "2,2026-09-02 10:00:00,Analyst,Interview,Beta,2026-09-12 10:00:00\n"
    "3,2026-09-03 10:00:00,Developer,Rejected,Gamma,-\n"
    "4,2026-09-04 10:00:00,Tester,Applied,Delta,-\n"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # files named as the user would name them


@pytest.fixture
def huntr() -> Path:
    path = Path("huntr.csv")
    path.write_text(HUNTR, encoding="utf-8")
    return path


@pytest.fixture
def imported(huntr: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = Path("log.csv")
    assert cli.main(["import", str(huntr), "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def _stats(log: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict, str]:
    code = cli.main(["stats", str(log), "--as-of", AS_OF, "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out), captured.err


def test_the_import_notes_the_events_of_cards_that_never_moved(imported: Path) -> None:
    log = pd.read_csv(imported, dtype=str, keep_default_na=False)
    noted = log[log["notes"].str.startswith("date assumed")]
    assert list(zip(noted["company"], noted["event"], strict=True)) == [
        ("Acme", "interview"),
        ("Gamma", "rejection"),
    ]
    assert noted["notes"].iloc[0] == (
        "date assumed: the Huntr card never moved (its lastMovedAt is empty), so this is the "
        "day the card was made"
    )


@pytest.mark.parametrize("source", ["imported", "huntr"])
def test_no_zero_day_wait_for_a_huntr_card_that_never_moved(
    source: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Acme's interview and Gamma's rejection fell on the moment they applied: stats read
    waits of 0 days ("answered the same day"). Whether the export is imported first or
    read directly, they are left out of the times and said to be; the rates and the
    funnel still count them."""
    log: Path = request.getfixturevalue(source)
    tables, err = _stats(log, capsys)
    times = {row["measure"]: row for row in tables["times"]}
    first = times["to_first_response"]
    # Beta (10 days) and Delta (censored); never Acme's nor Gamma's 0 days.
    assert (first["n"], first["events"], first["median_days"]) == (2, 1, 10.0)
    assert times["interview_to_decision"]["n"] == 1  # Beta's; Acme's interview has no day
    curves = [c for c in tables["curves"] if c["measure"] == "to_first_response"]
    assert all(c["events"] == 0 for c in curves if c["day"] == 0)
    rejection = next(r for r in tables["incidence"] if r["outcome"] == "rejection")
    assert (rejection["n"], rejection["events"]) == (3, 0)  # Gamma's ending has no day
    rates = {row["metric"]: row for row in tables["rates"]}
    assert (rates["interview"]["k"], rates["interview"]["n"]) == (2, 4)
    assert (rates["response"]["k"], rates["rejection"]["k"]) == (3, 1)
    funnel = {row["step"]: row["count"] for row in tables["funnel"]}
    assert (funnel["answered"], funnel["interviewed"]) == (3, 2)
    lines = "huntr.csv:2, huntr.csv:4" if source == "huntr" else "log.csv:3, log.csv:7"
    assert err.splitlines() == [
        "followup-stats: 4 waits left out of the waiting times and the time to each ending "
        "(to_first_response: 2, interview_to_decision: 1, time to an ending: 1): each would "
        "start or end on a date the log only assumes (notes beginning 'date assumed': "
        f"{lines}), so their lengths are not known; those events still count in the rates "
        "and the funnel"
    ]


def test_the_waits_left_out_are_listed(imported: Path) -> None:
    from followup_stats.stats import assumed_waits

    left_out = assumed_waits(imported, as_of=AS_OF)
    assert left_out[["application_id", "measure", "line", "event"]].values.tolist() == [
        ["Acme / Engineer", "to_first_response", 3, "interview"],
        ["Gamma / Developer", "to_first_response", 7, "rejection"],
        ["Acme / Engineer", "interview_to_decision", 3, "interview"],
        ["Gamma / Developer", "to_ending", 7, "rejection"],
    ]
    waits = waiting_times(imported, as_of=AS_OF)
    assert not waits["application_id"].isin(["Acme / Engineer", "Gamma / Developer"]).any()


def test_a_hand_written_note_is_honoured_in_any_case(tmp_path: Path) -> None:
    """Not only imports: a log whose interview day is not known says so in its notes."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,company,role,event,notes\n"
        "2026-09-01,Acme,Dev,applied,\n"
        "2026-09-01,Acme,Dev,interview,  Date assumed - some day in September\n"
        "2026-09-20,Acme,Dev,offer,\n"
        "2026-09-02,Beta,QA,applied,\n"
        "2026-09-05,Beta,QA,interview,date was assumed? no: a real note\n"
        "2026-09-15,Beta,QA,rejection,\n",
        encoding="utf-8",
    )
    times = response_times(path, as_of=AS_OF).set_index("measure")
    assert times.loc["to_first_response", "n"] == 1  # Beta's 3 days only
    assert times.loc["to_first_response", "median_days"] == 3
    assert times.loc["interview_to_decision", "n"] == 1  # Beta's 10 days only
    assert times.loc["interview_to_decision", "median_days"] == 10
    # Acme's offer is dated: its time to an ending (19 days) is measured.
    offer = incidence(path, as_of=AS_OF).set_index("outcome").loc["offer"]
    assert (offer["n"], offer["events"]) == (2, 1)
    rates = outcome_rates(path, as_of=AS_OF).set_index("metric")
    assert rates.loc["interview", "k"] == 2


def test_a_round_opened_on_an_assumed_day_is_in_no_patience_comparison(imported: Path) -> None:
    rounds = patience_rounds(imported, as_of=AS_OF, landmark_only=False).set_index("company")
    assert bool(rounds.loc["Beta", "landmark"])
    assert not bool(rounds.loc["Acme", "landmark"])
    assert not bool(rounds.loc["Acme", "thank_you_judged"])


def test_the_parts_of_a_split_log_pool_the_waits_left_out(imported: Path) -> None:
    """Two candidates (one a file), worked on in two processes and pooled."""
    other = Path("other.csv")
    other.write_bytes(imported.read_bytes())
    _, split, _ = pandas_engine._split([imported, other], None, 2, 1)
    assert len(split) == 2
    tables = pandas_engine.stats_log([imported, other], None, AS_OF, jobs=2, rows_per_process=1)
    assert tables.assumed_waits is not None
    assert tables.assumed_waits["file"].value_counts().to_dict() == {"log.csv": 4, "other.csv": 4}
    first = tables["times"].set_index("measure").loc["to_first_response"]
    assert (first["n"], first["events"]) == (4, 2)


def test_the_note_claims_no_same_day_answer_of_a_wait_that_is_not_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A hand-written note on an interview two weeks after applying: the waits to and from
    it are left out, and the line says their length is not known, not that they would
    read as answered the same day (14 and 35 days)."""
    log = Path("log.csv")
    log.write_text(
        "date,company,role,event,notes\n"
        "2026-09-01,Acme,Dev,applied,\n"
        "2026-09-15,Acme,Dev,interview,date assumed: some day mid-September\n"
        "2026-10-20,Acme,Dev,rejection,\n",
        encoding="utf-8",
    )
    _, err = _stats(log, capsys)
    assert err.splitlines() == [
        "followup-stats: 2 waits left out of the waiting times and the time to each ending "
        "(to_first_response: 1, interview_to_decision: 1): each would start or end on a date "
        "the log only assumes (notes beginning 'date assumed': log.csv:3), so their lengths "
        "are not known; those events still count in the rates and the funnel"
    ]


def test_a_pseudonymised_copy_keeps_the_dates_assumed(imported: Path) -> None:
    """report --anonymize reads a copy whose notes are pseudonyms: 'date assumed' became
    'Note 1', and the anonymised report measured the 0-day waits the other leaves out."""
    from followup_stats.anonymize import pseudonymize_logs
    from followup_stats.stats import assumed_waits

    out = Path("copies")
    out.mkdir()
    copy = pseudonymize_logs(imported, out).paths[0]
    left_out = assumed_waits(copy, as_of=AS_OF)
    assert left_out[["measure", "line", "event"]].values.tolist() == [
        ["to_first_response", 3, "interview"],
        ["to_first_response", 7, "rejection"],
        ["interview_to_decision", 3, "interview"],
        ["to_ending", 7, "rejection"],
    ]
    assert "never moved" not in copy.read_text(encoding="utf-8")  # the note is still hidden


def _assumed_decision_log(notes: str) -> pd.DataFrame:
    """Interview on 2026-09-05, thank-you the next day, a rejection dated 2026-09-30."""
    return pd.DataFrame(
        {
            "date": ["2026-09-01", "2026-09-05", "2026-09-06", "2026-09-30"],
            "company": ["Acme"] * 4,
            "role": ["Engineer"] * 4,
            "event": ["applied", "interview", "thank_you", "rejection"],
            "notes": ["", "", "", notes],
        }
    )


def test_a_round_decided_on_an_assumed_day_is_in_no_patience_comparison() -> None:
    """Whether the round was still undecided on its first allowed day (09-12) or when the
    thank-you was due (09-06) depends on the rejection's real date: not judged."""
    assumed = _assumed_decision_log("date assumed: card never moved")
    rounds = patience_rounds(assumed, as_of=AS_OF, landmark_only=False)
    assert rounds["outcome"].tolist() == ["rejection"]  # still its outcome
    assert not bool(rounds.loc[0, "landmark"])
    assert not bool(rounds.loc[0, "thank_you_judged"])
    # The same log with the date known: the round is in both comparisons.
    known = patience_rounds(_assumed_decision_log(""), as_of=AS_OF, landmark_only=False)
    assert bool(known.loc[0, "landmark"]) and bool(known.loc[0, "thank_you_judged"])


def test_a_round_that_advanced_to_an_assumed_interview_is_in_no_patience_comparison() -> None:
    log = pd.DataFrame(
        {
            "date": ["2026-09-01", "2026-09-05", "2026-09-06", "2026-09-30"],
            "company": ["Acme"] * 4,
            "role": ["Engineer"] * 4,
            "event": ["applied", "interview", "thank_you", "interview"],
            "notes": ["", "", "", "date assumed: card never moved"],
        }
    )
    rounds = patience_rounds(log, as_of=AS_OF, landmark_only=False)
    first = rounds[rounds["round"].eq(1)].iloc[0]
    assert first["outcome"] == "advanced"
    assert not bool(first["landmark"]) and not bool(first["thank_you_judged"])


def test_a_follow_up_answered_on_an_assumed_day_is_not_judged() -> None:
    """The first follow-up's answer is a response only assumed: whether it came within
    the reply window is not known. The second follow-up is answered by a dated rejection,
    but its first allowed day counts from that response: it has no timing."""
    log = pd.DataFrame(
        {
            "date": [
                "2026-09-01",
                "2026-09-05",
                "2026-09-06",
                "2026-09-14",
                "2026-09-20",
                "2026-09-28",
                "2026-09-30",
            ],
            "company": ["Acme"] * 7,
            "role": ["Engineer"] * 7,
            "event": [
                "applied",
                "interview",
                "thank_you",
                "follow_up",
                "response",
                "follow_up",
                "rejection",
            ],
            "notes": ["", "", "", "", "date assumed: card never moved", "", ""],
        }
    )
    follow_ups = patience_follow_ups(log, as_of=AS_OF)
    assert follow_ups["judged"].tolist() == [False, True]
    assert follow_ups["timing"].isna().tolist() == [False, True]
    table = patience(log, as_of=AS_OF).set_index(["comparison", "arm"])
    # Both are first follow-ups (the count restarts at the response): one is judged.
    assert table.loc[("reply_by_number", "1st"), "n"] == 1
    timing_units = table.loc["reply_by_timing"]["n"].dropna()
    assert int(timing_units.sum()) == 0
