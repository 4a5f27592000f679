"""Logs that both engines' tests split by candidate: a simulated cohort and a messy file."""

from __future__ import annotations

from pathlib import Path

from followup_stats.simulate import simulate

#: Rows that exercise the loader per candidate: a duplicate, bad values, a
#: surplus cell, an ambiguous blank role, a blank candidate (the file's stem).
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
"""


def write_logs(folder: Path) -> list[str]:
    """The cohort and the messy log written to ``folder``: their paths."""
    cohort = simulate(candidates=9, applications=12, seed=4).write_csv(folder / "cohort.csv")
    messy = folder / "messy.csv"
    messy.write_text(MESSY)
    return [str(cohort), str(messy)]
