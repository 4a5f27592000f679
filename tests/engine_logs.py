"""Logs that both engines' tests split by candidate: a simulated cohort and a messy file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from followup_stats.engines import STATS_TABLES, StatsTables
from followup_stats.simulate import simulate

#: Rows that exercise the loader per candidate: a duplicate, bad values, a
#: surplus cell, an ambiguous blank role, a blank candidate (the file's stem);
#: and answers to offers logged without the offer (Globex, Hooli), which stand for it.
MESSY = """date,candidate,company,role,event,channel,timeline_days,source,notes
2026-08-03,Zed Moss,Acme,Analyst,applied,portal,,referral,
2026-08-03,Zed Moss,Acme,Analyst,applied,portal,,referral,
2026-08-04,Zed Moss,Acme,Engineer,applied,pigeon,,,
2026-08-10,Zed Moss,Acme,,follow_up,email,,,
not a date,Zed Moss,Acme,Analyst,response,email,,,
2026-08-12,Zed Moss,Acme,Analyst,interview,video,about a week,,"a note, with a comma"
2026-08-13,Zed Moss,Acme,Analyst,thank you note,phone,,,,surplus
2026-08-14,,Initech,Dev,applied,portal,,job_board,
2026-08-20,,Initech,Dev,interview,video,14,,
2026-09-30,,Initech,Dev,follow_up,email,,,
2026-08-05,Zed Moss,Globex,Analyst,applied,portal,,referral,
2026-08-15,Zed Moss,Globex,Analyst,interview,video,,,
2026-08-25,Zed Moss,Globex,Analyst,declined,email,,,
2026-08-16,,Hooli,Dev,applied,portal,,job_board,
2026-09-02,,Hooli,Dev,accepted,email,,,
"""


def write_logs(folder: Path) -> list[str]:
    """The cohort and the messy log written to ``folder``: their paths."""
    cohort = simulate(candidates=9, applications=12, seed=4).write_csv(folder / "cohort.csv")
    messy = folder / "messy.csv"
    messy.write_text(MESSY)
    return [str(cohort), str(messy)]


def assert_same_stats(found: StatsTables, expected: StatsTables, by: str | None) -> None:
    """The ``stats`` tables of a split log (``found``) are the pandas engine's in one process
    (``expected``), and the pooled tables hold what their parts add up to."""
    assert list(found) == list(expected) == list(STATS_TABLES)
    assert found.rows_not_loaded == expected.rows_not_loaded > 0  # as check counts them
    for name, table in expected.items():
        pd.testing.assert_frame_equal(found[name], table, obj=name)
    assert expected["times"]["n"].sum() > 0
    # assert_frame_equal takes a tuple for the list of the same items: the types, each engine.
    for table in (expected["times_compared"], found["times_compared"]):
        assert {type(g) for g in table["groups"]} <= {tuple}, table["groups"]
    assert len(expected["times_compared"]) == (0 if by is None else 3)
    # The incidence of each ending, pooled from every part's endings: one row per group and
    # ending, each group's counts those of its applications.
    ended = expected["incidence"]
    assert ended["events"].sum() > 0 and ended["incidence_30d"].notna().any()
    groups = expected["rates"]["group"].drop_duplicates().tolist()
    assert ended["group"].tolist() == [g for g in groups for _ in range(3)]
    assert ended.groupby("group", sort=False)["events"].sum().le(ended["n"][::3].to_numpy()).all()
    # The whole curves, pooled from every part's waits: each answer and wait counted once.
    curves = expected["curves"]
    assert curves["events"].sum() == expected["times"]["events"].sum() > 0
    assert (curves["events"] + curves["censored"]).sum() == expected["times"]["n"].sum()
