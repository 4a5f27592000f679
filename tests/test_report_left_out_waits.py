"""The report says how many waits it left out for a date only assumed (notes beginning
"date assumed"), beside the waiting times, in one escaped sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup_stats import report_views
from followup_stats.stats import assumed_waits, response_times

HUNTR = (
    "id,createdAt,title,listName,companyName,lastMovedAt\n"
    "1,2026-09-01 10:00:00,Engineer,Interview,Acme,-\n"
    "2,2026-09-02 10:00:00,Analyst,Interview,Beta,2026-09-12 10:00:00\n"
)


def test_the_times_table_says_how_many_waits_were_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("huntr.csv").write_text(
        HUNTR + "3,2026-09-03 10:00:00,Developer,Rejected,Gamma,-\n", encoding="utf-8"
    )
    left_out = assumed_waits("huntr.csv", as_of="2026-11-01")
    assert report_views.left_out_waits_text(left_out) == (
        "4 waits are left out (application to first answer: 2, interview to decision: 1, "
        "time to an ending: 1): their dates are only assumed (notes beginning 'date assumed'); "
        "write the real dates in the log to time them."
    )
    times = response_times("huntr.csv", as_of="2026-11-01")
    html = report_views.times_table(times, left_out=left_out).data
    assert "<p>4 waits are left out (application to first answer: 2, " in html
    assert "&#x27;date assumed&#x27;" in html
    assert report_views.times_table(times, left_out=left_out[:0]).data == (
        report_views.times_table(times).data
    )
    one = report_views.left_out_waits_text(left_out[:1])
    assert one == (
        "1 wait is left out (application to first answer: 1): its date is only assumed (notes "
        "beginning 'date assumed'); write the real date in the log to time it."
    )
    assert report_views.left_out_waits_text(None) is None


@pytest.mark.parametrize(
    ("notebook", "call"),
    [
        ("candidate_report.ipynb", "left_out=stats.assumed_waits(log)"),
        ("coach_review.ipynb", "left_out=stats.assumed_waits(cohort)"),
    ],
)
def test_the_notebooks_pass_the_waits_left_out(notebook: str, call: str) -> None:
    path = Path(__file__).parent.parent / "notebooks" / notebook
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert any(call in "".join(cell["source"]) for cell in cells)
